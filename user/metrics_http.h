/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * `attach --metrics ADDR:PORT`: GET /metrics served from the event loop on
 * the request server of reqsrv.h (non-blocking sockets, at most
 * XVRRP_METRICS_CLIENTS clients and XVRRP_METRICS_REQUEST_MAX bytes of
 * request, XVRRP_METRICS_IDLE_NS to be done): a slow or silent client
 * never delays an advert.
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
