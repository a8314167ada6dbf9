// SPDX-License-Identifier: GPL-2.0-only
/* A small non-blocking HTTP/1.x server for GET /metrics: see metrics_http.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include "metrics_http.h"

struct client {
	int fd;                         /* -1: free slot */
	uint64_t since_ns;
	char req[XVRRP_METRICS_REQUEST_MAX];
	size_t req_len;
	char *out;                      /* the whole response, once the request is read */
	size_t out_len, out_off;
};

struct xvrrp_metrics_http {
	int fd, epfd;
	uint32_t tag;
	xvrrp_metrics_render_fn render;
	void *ctx;
	struct client c[XVRRP_METRICS_CLIENTS];
};

int xvrrp_metrics_parse_addr(const char *addr_port, struct sockaddr_storage *ss, unsigned int *len)
{
	const char *colon = strrchr(addr_port, ':');
	char host[INET6_ADDRSTRLEN + 2];
	unsigned long port;
	size_t hl;
	char *end;

	memset(ss, 0, sizeof(*ss));
	if (!colon || !colon[1])
		return -EINVAL;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno || *end || port == 0 || port > 65535)
		return -EINVAL;
	hl = (size_t)(colon - addr_port);
	if (hl >= sizeof(host))
		return -EINVAL;
	memcpy(host, addr_port, hl);
	host[hl] = '\0';
	if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

		host[hl - 1] = '\0';
		if (inet_pton(AF_INET6, host + 1, &a6->sin6_addr) != 1)
			return -EINVAL;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*len = sizeof(*a6);
		return 0;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)ss;

		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*len = sizeof(*a4);
		if (!hl)
			return 0;       /* ":PORT": every IPv4 address */
		return inet_pton(AF_INET, host, &a4->sin_addr) == 1 ? 0 : -EINVAL;
	}
}

static void client_close(struct xvrrp_metrics_http *h, struct client *c)
{
	epoll_ctl(h->epfd, EPOLL_CTL_DEL, c->fd, NULL);
	close(c->fd);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static void respond(struct client *c, const char *status, const char *type, const char *body)
{
	size_t blen = strlen(body);
	int hl;
	char hdr[256];

	hl = snprintf(hdr, sizeof(hdr),
		      "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		      "Connection: close\r\n\r\n", status, type, blen);
	c->out = malloc((size_t)hl + blen);
	if (!c->out) {
		c->out_len = 0;
		return;
	}
	memcpy(c->out, hdr, (size_t)hl);
	memcpy(c->out + hl, body, blen);
	c->out_len = (size_t)hl + blen;
	c->out_off = 0;
}

/* The request line is complete: build the answer. */
static void answer(struct xvrrp_metrics_http *h, struct client *c)
{
	char method[8] = "", target[64] = "";
	char *body;

	c->req[c->req_len] = '\0';
	if (sscanf(c->req, "%7s %63s", method, target) != 2) {
		respond(c, "400 Bad Request", "text/plain", "bad request\n");
		return;
	}
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		respond(c, "405 Method Not Allowed", "text/plain", "only GET\n");
		return;
	}
	if (strcmp(target, "/metrics") && strncmp(target, "/metrics?", 9)) {
		respond(c, "404 Not Found", "text/plain", "xvrrp serves /metrics\n");
		return;
	}
	body = h->render(h->ctx);
	if (!body) {
		respond(c, "500 Internal Server Error", "text/plain", "cannot render the metrics\n");
		return;
	}
	respond(c, "200 OK", "text/plain; version=0.0.4; charset=utf-8", body);
	if (!strcmp(method, "HEAD") && c->out)
		c->out_len -= strlen(body);
	free(body);
}

/* Read what is there; answer once the headers are complete. */
static void client_read(struct xvrrp_metrics_http *h, struct client *c)
{
	while (!c->out && c->req_len < sizeof(c->req) - 1) {
		ssize_t n = recv(c->fd, c->req + c->req_len, sizeof(c->req) - 1 - c->req_len, 0);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (n <= 0) {
			client_close(h, c);
			return;
		}
		c->req_len += (size_t)n;
		c->req[c->req_len] = '\0';
		if (strstr(c->req, "\r\n\r\n") || strstr(c->req, "\n\n"))
			answer(h, c);
	}
	if (!c->out)
		respond(c, "431 Request Header Fields Too Large", "text/plain", "request too large\n");
}

static void client_write(struct xvrrp_metrics_http *h, struct client *c)
{
	struct epoll_event ev = { .events = EPOLLOUT, .data.u32 = h->tag };

	while (c->out_off < c->out_len) {
		ssize_t n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			/* The rest when the peer reads: wake on EPOLLOUT only from now on. */
			epoll_ctl(h->epfd, EPOLL_CTL_MOD, c->fd, &ev);
			return;
		}
		if (n <= 0)
			break;
		c->out_off += (size_t)n;
	}
	client_close(h, c);
}

/*
 * A slot for a new client: a free one, else the oldest client still sending
 * its request (silent and slow clients make room for a scraper), else none
 * (every slot is receiving an answer).
 */
static struct client *free_slot(struct xvrrp_metrics_http *h)
{
	struct client *oldest = NULL;

	for (int i = 0; i < XVRRP_METRICS_CLIENTS; i++) {
		if (h->c[i].fd < 0)
			return &h->c[i];
		if (!h->c[i].out && (!oldest || h->c[i].since_ns < oldest->since_ns))
			oldest = &h->c[i];
	}
	if (oldest)
		client_close(h, oldest);
	return oldest;
}

/* Clients that have not finished within XVRRP_METRICS_IDLE_NS go. */
static void expire(struct xvrrp_metrics_http *h, uint64_t now_ns)
{
	for (int i = 0; i < XVRRP_METRICS_CLIENTS; i++)
		if (h->c[i].fd >= 0 && now_ns - h->c[i].since_ns >= XVRRP_METRICS_IDLE_NS)
			client_close(h, &h->c[i]);
}

static void accept_all(struct xvrrp_metrics_http *h, uint64_t now_ns)
{
	/* Bounded: at most one round of slots per turn. */
	for (int k = 0; k <= XVRRP_METRICS_CLIENTS; k++) {
		int fd = accept4(h->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		struct epoll_event ev = { .events = EPOLLIN | EPOLLRDHUP, .data.u32 = h->tag };
		struct client *c;

		if (fd < 0)
			return;
		c = free_slot(h);
		if (!c || epoll_ctl(h->epfd, EPOLL_CTL_ADD, fd, &ev)) {
			close(fd);      /* full: refused rather than left to make the listener spin */
			continue;
		}
		c->fd = fd;
		c->since_ns = now_ns;
	}
}

void xvrrp_metrics_http_serve(struct xvrrp_metrics_http *h, uint64_t now_ns)
{
	if (!h)
		return;
	expire(h, now_ns);
	accept_all(h, now_ns);
	for (int i = 0; i < XVRRP_METRICS_CLIENTS; i++) {
		struct client *c = &h->c[i];

		if (c->fd < 0)
			continue;
		if (!c->out)
			client_read(h, c);
		if (c->fd >= 0 && c->out)
			client_write(h, c);
	}
}

struct xvrrp_metrics_http *xvrrp_metrics_http_open(const char *addr_port, int epfd, uint32_t tag,
						   xvrrp_metrics_render_fn render, void *ctx,
						   int *err)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = tag };
	struct xvrrp_metrics_http *h;
	struct sockaddr_storage ss;
	unsigned int len;
	int one = 1;

	*err = xvrrp_metrics_parse_addr(addr_port, &ss, &len);
	if (*err)
		return NULL;
	h = calloc(1, sizeof(*h));
	if (!h) {
		*err = -ENOMEM;
		return NULL;
	}
	for (int i = 0; i < XVRRP_METRICS_CLIENTS; i++)
		h->c[i].fd = -1;
	h->epfd = epfd;
	h->tag = tag;
	h->render = render;
	h->ctx = ctx;
	h->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (h->fd < 0 || setsockopt(h->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(h->fd, (struct sockaddr *)&ss, len) || listen(h->fd, 64) ||
	    epoll_ctl(epfd, EPOLL_CTL_ADD, h->fd, &ev)) {
		*err = -errno;
		if (h->fd >= 0)
			close(h->fd);
		free(h);
		return NULL;
	}
	return h;
}

void xvrrp_metrics_http_close(struct xvrrp_metrics_http *h)
{
	if (!h)
		return;
	for (int i = 0; i < XVRRP_METRICS_CLIENTS; i++)
		if (h->c[i].fd >= 0)
			client_close(h, &h->c[i]);
	epoll_ctl(h->epfd, EPOLL_CTL_DEL, h->fd, NULL);
	close(h->fd);
	free(h);
}
