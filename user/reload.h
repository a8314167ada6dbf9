/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A reload reads its configuration on a thread of its own, so that no
 * file, however large (the reader's bounds: config_priv.h), delays an
 * advert: the loop goes on, and applies the result when the thread says it
 * is done (an eventfd in the loop's epoll set). The reader is pure (no
 * global state, no logging): its messages are collected as text.
 */
#ifndef XVRRP_RELOAD_H
#define XVRRP_RELOAD_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct xvrrp_reload;

struct xvrrp_reload_result {
	int rc;                         /* 0: cfg holds the new configuration */
	struct xvrrp_config cfg;
	char *messages;                 /* what the reader said, "" if nothing */
	uint64_t *waiters;              /* who asked (0: a signal), in order */
	size_t n_waiters;
};

/* path and opts must outlive it. NULL: out of memory or no eventfd (errno). */
struct xvrrp_reload *xvrrp_reload_new(const char *path, const struct xvrrp_config_opts *opts);
/* Readable when a read has finished. */
int xvrrp_reload_fd(const struct xvrrp_reload *r);
/*
 * Ask for a read; waiter 0 for a signal, else who to answer. Asked during a
 * read, one more read follows it (the file may have changed after the first
 * one began), for every waiter that asked meanwhile. 0 or -errno.
 */
int xvrrp_reload_request(struct xvrrp_reload *r, uint64_t waiter);
/*
 * After the fd was readable: 1 with the finished read in *res (free it with
 * xvrrp_reload_result_free), 0 if none is finished. Starts the next read if
 * one was asked for meanwhile.
 */
int xvrrp_reload_collect(struct xvrrp_reload *r, struct xvrrp_reload_result *res);
void xvrrp_reload_result_free(struct xvrrp_reload_result *res);
/* Waits for a read in progress (bounded by the reader's limits). */
void xvrrp_reload_free(struct xvrrp_reload *r);

#endif
