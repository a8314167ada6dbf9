// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <json-c/json.h>

#include "control.h"
#include "daemon.h"
#include "log.h"
#include "stats.h"

#define CTL_REQUEST_MAX 256
#define CTL_TIMEOUT_MS  2000

int xvrrp_ctl_path(char *buf, size_t len)
{
	const char *env = getenv("XVRRP_SOCKET");
	struct stat st;

	if (env && *env) {
		if ((size_t)snprintf(buf, len, "%s", env) >= len)
			return -ENAMETOOLONG;
		return 0;
	}
	/* One daemon per network namespace; /run is shared between namespaces. */
	if (stat("/proc/self/ns/net", &st) < 0)
		return -errno;
	if ((size_t)snprintf(buf, len, XVRRP_RUN_DIR "/net%lu.sock", (unsigned long)st.st_ino) >= len)
		return -ENAMETOOLONG;
	return 0;
}

static int ctl_connect(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = CTL_TIMEOUT_MS / 1000,
			      .tv_usec = (CTL_TIMEOUT_MS % 1000) * 1000 };
	int fd;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

bool xvrrp_ctl_daemon_running(const char *path)
{
	int fd = ctl_connect(path);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

int xvrrp_ctl_listen(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	mode_t old;
	int fd;

	if (strlen(path) >= sizeof(sun.sun_path)) {
		pr_err("control socket path too long: %s", path);
		return -1;
	}
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if (mkdir(XVRRP_RUN_DIR, 0700) < 0 && errno != EEXIST) {
		pr_err("cannot create " XVRRP_RUN_DIR ": %s", strerror(errno));
		return -1;
	}
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0) {
		pr_err("control socket: %s", strerror(errno));
		return -1;
	}
	unlink(path); /* stale: xvrrp_ctl_daemon_running() said nobody answers there */
	old = umask(0177);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 || listen(fd, 16) < 0) {
		pr_err("cannot listen on %s: %s", path, strerror(errno));
		umask(old);
		close(fd);
		return -1;
	}
	umask(old);
	return fd;
}

static struct json_object *error_json(const char *msg, const char *arg)
{
	struct json_object *o = json_object_new_object();
	char buf[256];

	snprintf(buf, sizeof(buf), "%s%s%s", msg, arg ? " " : "", arg ? arg : "");
	json_object_object_add(o, "error", json_object_new_string(buf));
	return o;
}

static struct json_object *do_detach(struct xvrrp_daemon *d, const char *ifname)
{
	struct json_object *o;

	for (size_t i = 0; i < d->n_ifaces; i++) {
		if (strcmp(d->ifaces[i]->name, ifname) || !d->ifaces[i]->attached)
			continue;
		xvrrp_daemon_stop_iface(d, d->ifaces[i]);
		o = json_object_new_object();
		json_object_object_add(o, "detached", json_object_new_string(ifname));
		json_object_object_add(o, "daemon_exits",
				       json_object_new_boolean(!xvrrp_daemon_any_attached(d)));
		return o;
	}
	return error_json("xvrrp is not attached to", ifname);
}

/* Reload now; the reply carries the config's messages so the CLI can print them. */
static struct json_object *do_reload(struct xvrrp_daemon *d)
{
	struct json_object *o = json_object_new_object();
	char *text = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&text, &len);
	int ret;

	if (!err)
		return error_json("out of memory", NULL);
	ret = xvrrp_daemon_reload(d, err);
	fclose(err);
	json_object_object_add(o, "reloaded", json_object_new_boolean(ret == 0));
	json_object_object_add(o, "messages", json_object_new_string(text ? text : ""));
	free(text);
	return o;
}

static struct json_object *dispatch(struct xvrrp_daemon *d, char *req)
{
	char *cmd = strtok(req, " \t\r\n");
	char *arg = strtok(NULL, " \t\r\n");

	if (!cmd)
		return error_json("empty request", NULL);
	if (!strcmp(cmd, "status"))
		return xvrrp_status_json(d);
	if (!strcmp(cmd, "stats")) {
		bool known = !arg;

		for (size_t i = 0; arg && i < d->n_ifaces; i++)
			known |= d->ifaces[i]->attached && !strcmp(d->ifaces[i]->name, arg);
		if (!known)
			return error_json("xvrrp is not attached to", arg);
		return xvrrp_stats_json(d, arg);
	}
	if (!strcmp(cmd, "detach") && arg)
		return do_detach(d, arg);
	if (!strcmp(cmd, "reload"))
		return do_reload(d);
	return error_json("unknown request:", cmd);
}

void xvrrp_ctl_serve(struct xvrrp_daemon *d)
{
	struct timeval tv = { .tv_sec = 0, .tv_usec = 200000 };
	char req[CTL_REQUEST_MAX];
	struct json_object *reply;
	const char *text;
	size_t len, off = 0;
	ssize_t n;
	int fd;

	fd = accept4(d->ctl_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	/* A client that connects and says nothing must not stall the protocol. */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	n = recv(fd, req, sizeof(req) - 1, 0);
	if (n <= 0) {
		close(fd);
		return;
	}
	req[n] = '\0';
	reply = dispatch(d, req);
	text = json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PLAIN);
	len = strlen(text);
	while (off < len) {
		n = send(fd, text + off, len - off, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		off += n;
	}
	json_object_put(reply);
	close(fd);
}

int xvrrp_ctl_request(const char *request, char **reply)
{
	char path[108];
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fd, err;

	err = xvrrp_ctl_path(path, sizeof(path));
	if (err)
		return err;
	fd = ctl_connect(path);
	if (fd < 0)
		return fd;
	if (send(fd, request, strlen(request), MSG_NOSIGNAL) < 0) {
		err = -errno;
		goto out;
	}
	shutdown(fd, SHUT_WR);
	for (;;) {
		ssize_t n;

		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap + 65536);

			if (!nb) {
				err = -ENOMEM;
				goto out;
			}
			buf = nb;
			cap += 65536;
		}
		n = recv(fd, buf + len, cap - len - 1, 0);
		if (n < 0) {
			err = -errno;
			goto out;
		}
		if (n == 0)
			break;
		len += n;
	}
	buf[len] = '\0';
	*reply = buf;
	buf = NULL;
out:
	free(buf);
	close(fd);
	return err;
}
