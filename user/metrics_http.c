// SPDX-License-Identifier: GPL-2.0-only
/* GET /metrics over HTTP/1.x, on the loop's request server (reqsrv.h): see metrics_http.h. */
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
#include "reqsrv.h"

struct xvrrp_metrics_http {
	int fd;
	xvrrp_metrics_render_fn render;
	void *ctx;
	struct xvrrp_reqsrv *srv;
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

/* The end of the request's headers (HTTP/1.0 clients may close early). */
static bool request_complete(const char *buf, size_t len, bool eof)
{
	(void)len;
	return strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n") || (eof && strchr(buf, '\n'));
}

static char *respond(const char *status, const char *type, const char *body, bool head,
		     size_t *len)
{
	size_t blen = strlen(body);
	char *out;
	int hl;

	hl = asprintf(&out, "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		      "Connection: close\r\n\r\n%s", status, type, blen, head ? "" : body);
	if (hl < 0)
		return NULL;
	*len = (size_t)hl;
	return out;
}

static char *handle(void *ctx, uint64_t id, char *req, size_t *len)
{
	struct xvrrp_metrics_http *h = ctx;
	char method[8] = "", target[64] = "";
	char *body, *out;

	(void)id;
	if (sscanf(req, "%7s %63s", method, target) != 2)
		return respond("400 Bad Request", "text/plain", "bad request\n", false, len);
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return respond("405 Method Not Allowed", "text/plain", "only GET\n", false, len);
	if (strcmp(target, "/metrics") && strncmp(target, "/metrics?", 9))
		return respond("404 Not Found", "text/plain", "xvrrp serves /metrics\n", false, len);
	body = h->render(h->ctx);
	if (!body)
		return respond("500 Internal Server Error", "text/plain",
			       "cannot render the metrics\n", false, len);
	out = respond("200 OK", "text/plain; version=0.0.4; charset=utf-8", body,
		      !strcmp(method, "HEAD"), len);
	free(body);
	return out;
}

static const struct xvrrp_reqsrv_ops http_ops = {
	.complete = request_complete,
	.handle = handle,
	.too_large = "HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\n"
		     "Connection: close\r\n\r\n",
};

void xvrrp_metrics_http_serve(struct xvrrp_metrics_http *h, uint64_t now_ns)
{
	if (h)
		xvrrp_reqsrv_serve(h->srv, now_ns);
}

struct xvrrp_metrics_http *xvrrp_metrics_http_open(const char *addr_port, int epfd, uint32_t tag,
						   xvrrp_metrics_render_fn render, void *ctx,
						   int *err)
{
	static const struct xvrrp_reqsrv_limits limits = {
		.max_clients = XVRRP_METRICS_CLIENTS,
		.req_max = XVRRP_METRICS_REQUEST_MAX,
		.idle_ns = XVRRP_METRICS_IDLE_NS,
	};
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = tag };
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
	h->render = render;
	h->ctx = ctx;
	h->fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (h->fd < 0 || setsockopt(h->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(h->fd, (struct sockaddr *)&ss, len) || listen(h->fd, 64) ||
	    epoll_ctl(epfd, EPOLL_CTL_ADD, h->fd, &ev)) {
		*err = -errno;
		goto fail;
	}
	h->srv = xvrrp_reqsrv_new(h->fd, epfd, tag, &limits, &http_ops, h);
	if (!h->srv) {
		*err = -ENOMEM;
		goto fail;
	}
	return h;
fail:
	if (h->fd >= 0)
		close(h->fd);
	free(h);
	return NULL;
}

void xvrrp_metrics_http_close(struct xvrrp_metrics_http *h)
{
	if (!h)
		return;
	xvrrp_reqsrv_free(h->srv);
	close(h->fd);     /* leaves the epoll set with it */
	free(h);
}
