/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One request, one reply, on a stream socket, served from the event loop
 * without ever waiting: the control socket and GET /metrics both. Every
 * socket is non-blocking and in the loop's epoll set under the owner's tag;
 * a request is at most req_max bytes; at most max_clients are open (a new
 * one takes the place of the oldest still sending its request, so silent
 * clients cannot lock others out; with every slot busy answering, it is
 * accepted and closed at once, so the listener cannot spin); a client that
 * has not been answered within idle_ns is closed, unless its answer was
 * deferred (a reload that is being read). A slow or silent client costs a
 * few system calls per loop turn.
 */
#ifndef XVRRP_REQSRV_H
#define XVRRP_REQSRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xvrrp_reqsrv;

struct xvrrp_reqsrv_ops {
	/* The request is complete in buf[0..len) (eof: the peer closed its side). */
	bool (*complete)(const char *buf, size_t len, bool eof);
	/*
	 * The reply to req (NUL-terminated, may be modified): malloc'd, its
	 * length in *len; or NULL to answer later with xvrrp_reqsrv_reply(id).
	 */
	char *(*handle)(void *ctx, uint64_t id, char *req, size_t *len);
	/* The reply to a request longer than req_max (static text). */
	const char *too_large;
	/* May this peer talk to us at all? NULL: everyone. */
	bool (*admit)(void *ctx, int fd);
};

struct xvrrp_reqsrv_limits {
	size_t max_clients;
	size_t req_max;
	uint64_t idle_ns;
};

/* Serve listen_fd (non-blocking, owned by the caller) on epfd under tag. */
struct xvrrp_reqsrv *xvrrp_reqsrv_new(int listen_fd, int epfd, uint32_t tag,
				      const struct xvrrp_reqsrv_limits *lim,
				      const struct xvrrp_reqsrv_ops *ops, void *ctx);
/* Something happened on one of its sockets: accept, read, answer, write what fits. */
void xvrrp_reqsrv_serve(struct xvrrp_reqsrv *s, uint64_t now_ns);
/* The deferred answer for id (taken over; freed if the client is gone). */
void xvrrp_reqsrv_reply(struct xvrrp_reqsrv *s, uint64_t id, char *reply, size_t len);
/* Closes every client, not the listening socket. */
void xvrrp_reqsrv_free(struct xvrrp_reqsrv *s);

#endif
