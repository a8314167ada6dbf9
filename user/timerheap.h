/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One binary min-heap of deadlines for every instance: O(log n) re-arm, so
 * thousands of instances share one timerfd (DESIGN.md, "Scale").
 * A struct xvrrp_timer is embedded in its owner; container_of gets back.
 */
#ifndef XVRRP_TIMERHEAP_H
#define XVRRP_TIMERHEAP_H

#include <stddef.h>
#include <stdint.h>

#define XVRRP_TIMER_IDLE SIZE_MAX

struct xvrrp_timer {
	uint64_t deadline;      /* CLOCK_MONOTONIC ns */
	size_t heap_idx;        /* XVRRP_TIMER_IDLE when not queued */
	void *owner;            /* what the timer belongs to, for the caller */
	int kind;               /* which of the owner's timers, for the caller */
};

struct xvrrp_timerheap {
	struct xvrrp_timer **v;
	size_t n, cap;
};

void xvrrp_timer_init(struct xvrrp_timer *t, void *owner, int kind);
void xvrrp_timerheap_free(struct xvrrp_timerheap *h);
/* Queue t at deadline, or move it there if queued. deadline 0 removes it. Returns -1 on ENOMEM. */
int xvrrp_timerheap_set(struct xvrrp_timerheap *h, struct xvrrp_timer *t, uint64_t deadline);
void xvrrp_timerheap_del(struct xvrrp_timerheap *h, struct xvrrp_timer *t);
/* Earliest timer, or NULL. */
struct xvrrp_timer *xvrrp_timerheap_peek(const struct xvrrp_timerheap *h);

#endif
