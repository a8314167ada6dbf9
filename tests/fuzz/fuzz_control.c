// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the control socket's request handling (user/control.c)
 * on the daemon's non-blocking request server (user/reqsrv.c).
 *
 * The request parser, dispatch(), and the server's handler are static; the
 * nearest public entry points are xvrrp_ctl_server(), which puts the
 * control socket's handler on a request server, and xvrrp_reqsrv_serve(),
 * which the event loop calls when one of its sockets is ready (accept,
 * read, answer, write). So the harness listens on a unix socket in its own
 * temporary directory (xvrrp_ctl_listen() insists on /run/xvrrp), builds
 * the daemon of fuzz_daemon.h for each input (one interface "fz0",
 * instances started; no reload thread, so "reload" is read at once, from a
 * file that does not exist: refused, saying why), and plays the input as
 * what clients do. Every request is reachable: "status", "stats [IFACE]",
 * "detach IFACE" (which stops the instances and detaches fz0 the offline
 * way) and "reload".
 *
 * Input: records of one byte `op`, one byte length and that many bytes:
 *   op % 4 == 0  a new client connects (at most 20 at once) and sends them
 *   op % 4 == 1  client (op / 4) % clients sends them
 *   op % 4 == 2  client (op / 4) % clients closes its sending side
 *   op % 4 == 3  the server runs, the clock moved on by the first byte in
 *                tenths of a second (idle clients are closed after 5 s)
 * then every client closes its sending side and the server runs.
 *
 * The properties: whatever a client reads is one JSON object (a reply, or
 * "request too long"), or nothing; and when no client can have been
 * evicted or closed as idle (at most 16 clients, the clock never moved),
 * every client that sent something gets a reply.
 *
 * Run it with -close_fd_mask=2: the daemon logs.
 */
#include <stdint.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <json-c/json.h>

#include "control.h"
#include "reqsrv.h"
#include "fuzz_daemon.h"

#define MAX_CLIENTS     20
#define TAG             7

static int listen_fd = -1, epfd = -1;
static struct sockaddr_un addr = { .sun_family = AF_UNIX };
static char config_path[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir;

	fuzz_daemon_init("control");
	dir = fuzz_tmpdir("control");
	snprintf(config_path, sizeof(config_path), "%s/absent.conf", dir);
	if ((size_t)snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/ctl.sock", dir) >=
	    sizeof(addr.sun_path)) {
		fprintf(stderr, "fuzz_control: socket path too long: %s/ctl.sock\n", dir);
		abort();
	}
	listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	epfd = epoll_create1(EPOLL_CLOEXEC);
	if (listen_fd < 0 || epfd < 0 || bind(listen_fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(listen_fd, 64)) {
		perror("control socket");
		abort();
	}
	return 0;
}

#define SERVER_CLIENTS  16      /* CTL_CLIENTS: more at once, and the oldest is evicted */

struct client {
	int fd;
	size_t sent;
	size_t len;
	char reply[1 << 16];
};

static struct client clients[MAX_CLIENTS];
static size_t n_clients;
static bool clock_moved;

/* Take what the server wrote, without waiting. */
static void drain(struct client *c)
{
	ssize_t n;

	while (c->fd >= 0 && c->len < sizeof(c->reply) - 1 &&
	       (n = recv(c->fd, c->reply + c->len, sizeof(c->reply) - 1 - c->len,
			 MSG_DONTWAIT)) > 0)
		c->len += (size_t)n;
}

static void check_reply(const struct client *c)
{
	struct json_object *o;
	char text[sizeof(c->reply)];

	if (!c->len) {
		FUZZ_CHECK(!c->sent || clock_moved || n_clients > SERVER_CLIENTS,
			   "a client sent %zu bytes, but no reply came", c->sent);
		return;
	}
	memcpy(text, c->reply, c->len);
	text[c->len] = '\0';
	o = json_tokener_parse(text);
	FUZZ_CHECK(o && json_object_is_type(o, json_type_object),
		   "a client read something that is not one JSON object: '%s'", text);
	json_object_put(o);
}

static void client_send(struct client *c, const uint8_t *p, size_t len)
{
	ssize_t n;

	if (c->fd < 0 || !len)
		return;
	/* The socket buffer takes a few hundred bytes at once: it never blocks here. */
	n = send(c->fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n > 0)
		c->sent += (size_t)n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xvrrp_daemon *d = fuzz_daemon_new(0);
	struct xvrrp_reqsrv *srv;
	uint64_t now = 1000000000ULL;
	size_t off = 0;

	d->config_path = config_path;
	d->ctl_fd = listen_fd;
	srv = xvrrp_ctl_server(d, epfd, TAG);
	if (!srv)
		abort();
	n_clients = 0;
	clock_moved = false;
	while (off + 2 <= size) {
		uint8_t op = data[off];
		size_t len = data[off + 1];
		const uint8_t *p = data + off + 2;
		struct client *c = n_clients ? &clients[(op / 4) % n_clients] : NULL;

		if (len > size - off - 2)
			len = size - off - 2;
		off += 2 + len;
		switch (op % 4) {
		case 0:
			if (n_clients == MAX_CLIENTS)
				break;
			c = &clients[n_clients++];
			c->len = 0;
			c->sent = 0;
			c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
			if (c->fd < 0 || connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)))
				abort();
			client_send(c, p, len);
			break;
		case 1:
			if (c)
				client_send(c, p, len);
			break;
		case 2:
			if (c)
				shutdown(c->fd, SHUT_WR);
			break;
		case 3:
			now += (len ? p[0] : 0) * 100000000ULL;
			clock_moved |= len && p[0];
			xvrrp_reqsrv_serve(srv, now);
			for (size_t i = 0; i < n_clients; i++)
				drain(&clients[i]);
			break;
		}
	}
	for (size_t i = 0; i < n_clients; i++)
		shutdown(clients[i].fd, SHUT_WR);
	/* One turn per client at most is what a busy loop gives each; give them all one. */
	for (size_t k = 0; k <= n_clients; k++)
		xvrrp_reqsrv_serve(srv, now);
	for (size_t i = 0; i < n_clients; i++) {
		drain(&clients[i]);
		check_reply(&clients[i]);
		close(clients[i].fd);
	}
	xvrrp_reqsrv_free(srv);
	d->ctl_fd = -1;
	fuzz_daemon_free(d);
	return 0;
}
