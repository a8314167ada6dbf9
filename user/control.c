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
#include "reqsrv.h"
#include "stats.h"

#define CTL_REQUEST_MAX 256
#define CTL_TIMEOUT_MS  2000
#define CTL_RELOAD_TIMEOUT_MS 60000
#define CTL_CLIENTS     16
#define CTL_IDLE_NS     (5ULL * 1000000000ULL)

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

static int ctl_connect(const char *path, int timeout_ms)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct timeval tv = { .tv_sec = timeout_ms / 1000, .tv_usec = (timeout_ms % 1000) * 1000 };
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

/* A link to another daemon's control socket (XVRRP_RUN_DIR/net<inode>.sock)? */
static bool ctl_link_of_ours(const char *path, const struct stat *st)
{
	char target[sizeof(XVRRP_RUN_DIR) + 32];
	ssize_t n;

	if (!S_ISLNK(st->st_mode))
		return false;
	n = readlink(path, target, sizeof(target) - 1);
	if (n <= 0 || (size_t)n >= sizeof(target) - 1)
		return false;
	target[n] = '\0';
	return !strncmp(target, XVRRP_RUN_DIR "/net", strlen(XVRRP_RUN_DIR "/net")) &&
	       n > 5 && !strcmp(target + n - 5, ".sock") && !strchr(target + strlen(XVRRP_RUN_DIR) + 1, '/');
}

int xvrrp_ctl_listen(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct stat st;
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
	/*
	 * Stale: we hold the namespace's lock, so no daemon listens there. Only
	 * a socket is ever removed, or the link a daemon serving many
	 * namespaces makes to its own socket (it was killed): anything else at
	 * that path is not ours.
	 */
	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode) && !ctl_link_of_ours(path, &st)) {
			pr_err("%s exists and is not a socket: it is not ours, so it is left alone; "
			       "remove or rename it, then start again", path);
			close(fd);
			return -1;
		}
		unlink(path);
	}
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
	size_t n = 0;

	/* One daemon for many namespaces: the name may be there in several. */
	for (size_t i = 0; i < d->n_ifaces; i++)
		n += d->ifaces[i]->attached && !strcmp(d->ifaces[i]->name, ifname);
	if (n > 1)
		return error_json("several served namespaces have an interface named", ifname);
	for (size_t i = 0; i < d->n_ifaces; i++) {
		if (strcmp(d->ifaces[i]->name, ifname) || !d->ifaces[i]->attached)
			continue;
		xvrrp_daemon_stop_iface(d, d->ifaces[i]);
		o = json_object_new_object();
		json_object_object_add(o, "detached", json_object_new_string(ifname));
		json_object_object_add(o, "daemon_exits",
				       json_object_new_boolean(!xvrrp_daemon_any_attached(d) &&
							       !d->dir_config && !d->n_waiting));
		return o;
	}
	return error_json("xvrrp is not attached to", ifname);
}

/* The reply to `reload`: whether it runs, and what the reader said (the CLI prints it). */
static struct json_object *reload_json(bool ok, const char *messages)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "reloaded", json_object_new_boolean(ok));
	json_object_object_add(o, "messages", json_object_new_string(messages ? messages : ""));
	return o;
}

/* Without a reload thread (a daemon run offline): read and apply now. */
static struct json_object *do_reload_now(struct xvrrp_daemon *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *err = open_memstream(&text, &len);
	struct json_object *o;
	int ret;

	if (!err)
		return error_json("out of memory", NULL);
	ret = xvrrp_daemon_reload(d, err);
	fclose(err);
	o = reload_json(ret == 0, text);
	free(text);
	return o;
}

static char *reply_text(struct json_object *reply, size_t *len)
{
	char *out = strdup(json_object_to_json_string_ext(reply, JSON_C_TO_STRING_PLAIN));

	json_object_put(reply);
	*len = out ? strlen(out) : 0;
	return out;
}

static struct json_object *dispatch(struct xvrrp_daemon *d, char *req)
{
	char *save = NULL;
	char *cmd = strtok_r(req, " \t\r\n", &save);
	char *arg = strtok_r(NULL, " \t\r\n", &save);

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
		return do_reload_now(d);
	return error_json("unknown request:", cmd);
}

static bool request_complete(const char *buf, size_t len, bool eof)
{
	(void)len;
	return eof || strchr(buf, '\n');
}

static char *handle(void *ctx, uint64_t id, char *req, size_t *len)
{
	struct xvrrp_daemon *d = ctx;
	char *save = NULL, copy[CTL_REQUEST_MAX + 1];
	const char *cmd;

	snprintf(copy, sizeof(copy), "%s", req);
	cmd = strtok_r(copy, " \t\r\n", &save);
	/* Answered when the file has been read and applied: xvrrp_ctl_reload_done(). */
	if (cmd && !strcmp(cmd, "reload") && xvrrp_daemon_reload_async(d, id) == 0)
		return NULL;
	return reply_text(dispatch(d, req), len);
}

/* The socket is root's (0600 in a 0700 directory); the peer's uid is a second wall. */
static bool admit(void *ctx, int fd)
{
	struct ucred cred;
	socklen_t len = sizeof(cred);

	(void)ctx;
	return !getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) &&
	       (cred.uid == 0 || cred.uid == geteuid());
}

static const struct xvrrp_reqsrv_ops ctl_ops = {
	.complete = request_complete,
	.handle = handle,
	.too_large = "{\"error\":\"request too long\"}",
	.admit = admit,
};

struct xvrrp_reqsrv *xvrrp_ctl_server(struct xvrrp_daemon *d, int epfd, uint32_t tag)
{
	static const struct xvrrp_reqsrv_limits limits = {
		.max_clients = CTL_CLIENTS,
		.req_max = CTL_REQUEST_MAX,
		.idle_ns = CTL_IDLE_NS,
	};

	return xvrrp_reqsrv_new(d->ctl_fd, epfd, tag, &limits, &ctl_ops, d);
}

void xvrrp_ctl_reload_done(struct xvrrp_reqsrv *srv, uint64_t id, bool ok, const char *messages)
{
	size_t len;
	char *text = reply_text(reload_json(ok, messages), &len);

	xvrrp_reqsrv_reply(srv, id, text, len);
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
	/* A reload answers once the file is read: as long as the reader's bounds allow. */
	fd = ctl_connect(path, strncmp(request, "reload", 6) ? CTL_TIMEOUT_MS : CTL_RELOAD_TIMEOUT_MS);
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
