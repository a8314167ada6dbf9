/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `attach --metrics ADDR:PORT`: GET /metrics served from the event loop.
 * Every socket is non-blocking and in the loop's epoll set under one tag;
 * a request is at most XVRRP_METRICS_REQUEST_MAX bytes, at most
 * XVRRP_METRICS_CLIENTS clients are open at once (a new one takes the slot
 * of the oldest client still sending its request, so silent clients cannot
 * lock a scraper out; with every slot answering, it is accepted and closed,
 * so the listener cannot spin), and a client that has not finished after
 * XVRRP_METRICS_IDLE_NS is closed the next time the server runs. A slow or
 * silent client costs a few syscalls per loop turn, never a wait.
 */
#ifndef XVRRP_METRICS_HTTP_H
#define XVRRP_METRICS_HTTP_H

#include <stdint.h>

#define XVRRP_METRICS_CLIENTS       16
#define XVRRP_METRICS_REQUEST_MAX   4096
#define XVRRP_METRICS_IDLE_NS       (5ULL * 1000000000ULL)

struct xvrrp_metrics_http;

/* The exposition to send, malloc'd (NULL: 500). */
typedef char *(*xvrrp_metrics_render_fn)(void *ctx);

/*
 * Listen on ADDR:PORT ("192.0.2.1:9650", "[2001:db8::1]:9650", ":9650" for
 * every address), sockets added to epfd with data.u32 = tag. Returns NULL
 * with *err = -errno (EINVAL: not ADDR:PORT).
 */
struct xvrrp_metrics_http *xvrrp_metrics_http_open(const char *addr_port, int epfd, uint32_t tag,
						   xvrrp_metrics_render_fn render, void *ctx,
						   int *err);
/* Something happened on one of its sockets: accept, read, answer, write what fits. */
void xvrrp_metrics_http_serve(struct xvrrp_metrics_http *h, uint64_t now_ns);
void xvrrp_metrics_http_close(struct xvrrp_metrics_http *h);

/* Parse ADDR:PORT into a socket address (pure; for the loader and the tests). */
struct sockaddr_storage;
int xvrrp_metrics_parse_addr(const char *addr_port, struct sockaddr_storage *ss, unsigned int *len);

#endif
