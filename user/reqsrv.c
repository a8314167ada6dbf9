// SPDX-License-Identifier: GPL-2.0-only
/* Non-blocking one-request servers: see reqsrv.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "reqsrv.h"

struct client {
	int fd;                         /* -1: free slot */
	uint64_t id;                    /* never reused: a late deferred answer finds no one */
	uint64_t since_ns;
	char *req;
	size_t req_len;
	bool deferred;                  /* waiting for xvrrp_reqsrv_reply */
	char *out;
	size_t out_len, out_off;
};

struct xvrrp_reqsrv {
	int fd, epfd;
	uint32_t tag;
	struct xvrrp_reqsrv_limits lim;
	const struct xvrrp_reqsrv_ops *ops;
	void *ctx;
	uint64_t next_id;
	struct client *c;
};

static void client_close(struct xvrrp_reqsrv *s, struct client *c)
{
	epoll_ctl(s->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->out);
	free(c->req);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static void set_reply(struct client *c, char *out, size_t len)
{
	c->out = out;
	c->out_len = out ? len : 0;
	c->out_off = 0;
	c->deferred = false;
}

static void client_read(struct xvrrp_reqsrv *s, struct client *c)
{
	while (!c->out && !c->deferred) {
		ssize_t n = recv(c->fd, c->req + c->req_len, s->lim.req_max - c->req_len, 0);
		bool eof = n == 0;
		char *reply;
		size_t len = 0;

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n < 0 || (eof && !c->req_len)) {
			client_close(s, c);
			return;
		}
		c->req_len += (size_t)n;
		c->req[c->req_len] = '\0';
		if (!s->ops->complete(c->req, c->req_len, eof)) {
			if (eof) {
				client_close(s, c);
				return;
			}
			if (c->req_len < s->lim.req_max)
				continue;
			set_reply(c, strdup(s->ops->too_large), strlen(s->ops->too_large));
			if (!c->out)
				client_close(s, c);
			return;
		}
		reply = s->ops->handle(s->ctx, c->id, c->req, &len);
		if (reply)
			set_reply(c, reply, len);
		else
			c->deferred = true;
	}
}

/* Write what the peer takes; the rest when it is writable again. */
static void client_write(struct xvrrp_reqsrv *s, struct client *c)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.u64 = s->tag };

	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			epoll_ctl(s->epfd, EPOLL_CTL_MOD, c->fd, &ev);
			return;
		}
		if (n <= 0)
			break;
		c->out_off += (size_t)n;
	}
	client_close(s, c);
}

static struct client *free_slot(struct xvrrp_reqsrv *s)
{
	struct client *oldest = NULL;

	for (size_t i = 0; i < s->lim.max_clients; i++) {
		struct client *c = &s->c[i];

		if (c->fd < 0)
			return c;
		if (!c->out && !c->deferred && (!oldest || c->since_ns < oldest->since_ns))
			oldest = c;
	}
	if (oldest)
		client_close(s, oldest);
	return oldest;
}

static void accept_all(struct xvrrp_reqsrv *s, uint64_t now_ns)
{
	/* Bounded: one round of slots per turn; the rest wait in the backlog. */
	for (size_t k = 0; k <= s->lim.max_clients; k++) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u64 = s->tag };
		int fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct client *c;

		if (fd < 0)
			return;
		if (s->ops->admit && !s->ops->admit(s->ctx, fd)) {
			close(fd);
			continue;
		}
		c = free_slot(s);
		if (c)
			c->req = malloc(s->lim.req_max + 1);
		if (!c || !c->req || epoll_ctl(s->epfd, EPOLL_CTL_ADD, fd, &ev)) {
			if (c) {
				free(c->req);
				c->req = NULL;
			}
			close(fd);
			continue;
		}
		c->fd = fd;
		c->id = ++s->next_id;
		c->since_ns = now_ns;
		c->req_len = 0;
	}
}

void xvrrp_reqsrv_serve(struct xvrrp_reqsrv *s, uint64_t now_ns)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->lim.max_clients; i++)
		if (s->c[i].fd >= 0 && !s->c[i].deferred && now_ns - s->c[i].since_ns >= s->lim.idle_ns)
			client_close(s, &s->c[i]);
	accept_all(s, now_ns);
	for (size_t i = 0; i < s->lim.max_clients; i++) {
		struct client *c = &s->c[i];

		if (c->fd >= 0 && !c->out && !c->deferred)
			client_read(s, c);
		if (c->fd >= 0 && c->out)
			client_write(s, c);
	}
}

void xvrrp_reqsrv_reply(struct xvrrp_reqsrv *s, uint64_t id, char *reply, size_t len)
{
	for (size_t i = 0; s && i < s->lim.max_clients; i++) {
		struct client *c = &s->c[i];

		if (c->fd < 0 || c->id != id || !c->deferred)
			continue;
		set_reply(c, reply, len);
		if (c->out)
			client_write(s, c);
		else
			client_close(s, c);
		return;
	}
	free(reply);
}

struct xvrrp_reqsrv *xvrrp_reqsrv_new(int listen_fd, int epfd, uint32_t tag,
				      const struct xvrrp_reqsrv_limits *lim,
				      const struct xvrrp_reqsrv_ops *ops, void *ctx)
{
	struct xvrrp_reqsrv *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->c = calloc(lim->max_clients, sizeof(*s->c));
	if (!s->c) {
		free(s);
		return NULL;
	}
	for (size_t i = 0; i < lim->max_clients; i++)
		s->c[i].fd = -1;
	s->fd = listen_fd;
	s->epfd = epfd;
	s->tag = tag;
	s->lim = *lim;
	s->ops = ops;
	s->ctx = ctx;
	return s;
}

void xvrrp_reqsrv_free(struct xvrrp_reqsrv *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->lim.max_clients; i++)
		if (s->c[i].fd >= 0)
			client_close(s, &s->c[i]);
	free(s->c);
	free(s);
}
