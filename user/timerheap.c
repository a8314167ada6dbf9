// SPDX-License-Identifier: GPL-2.0-only
#include <stdlib.h>

#include "timerheap.h"

void xvrrp_timer_init(struct xvrrp_timer *t, void *owner, int kind)
{
	t->deadline = 0;
	t->heap_idx = XVRRP_TIMER_IDLE;
	t->owner = owner;
	t->kind = kind;
}

void xvrrp_timerheap_free(struct xvrrp_timerheap *h)
{
	for (size_t i = 0; i < h->n; i++)
		h->v[i]->heap_idx = XVRRP_TIMER_IDLE;
	free(h->v);
	h->v = NULL;
	h->n = h->cap = 0;
}

static void heap_place(struct xvrrp_timerheap *h, size_t i, struct xvrrp_timer *t)
{
	h->v[i] = t;
	t->heap_idx = i;
}

static void sift_up(struct xvrrp_timerheap *h, size_t i)
{
	struct xvrrp_timer *t = h->v[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (h->v[parent]->deadline <= t->deadline)
			break;
		heap_place(h, i, h->v[parent]);
		i = parent;
	}
	heap_place(h, i, t);
}

static void sift_down(struct xvrrp_timerheap *h, size_t i)
{
	struct xvrrp_timer *t = h->v[i];

	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= h->n)
			break;
		if (child + 1 < h->n && h->v[child + 1]->deadline < h->v[child]->deadline)
			child++;
		if (t->deadline <= h->v[child]->deadline)
			break;
		heap_place(h, i, h->v[child]);
		i = child;
	}
	heap_place(h, i, t);
}

void xvrrp_timerheap_del(struct xvrrp_timerheap *h, struct xvrrp_timer *t)
{
	size_t i = t->heap_idx;

	if (i == XVRRP_TIMER_IDLE)
		return;
	t->heap_idx = XVRRP_TIMER_IDLE;
	h->n--;
	if (i == h->n)
		return;
	heap_place(h, i, h->v[h->n]);
	sift_down(h, i);
	sift_up(h, h->v[i]->heap_idx);
}

int xvrrp_timerheap_set(struct xvrrp_timerheap *h, struct xvrrp_timer *t, uint64_t deadline)
{
	if (deadline == 0) {
		xvrrp_timerheap_del(h, t);
		t->deadline = 0;
		return 0;
	}
	if (t->heap_idx != XVRRP_TIMER_IDLE) {
		uint64_t old = t->deadline;

		t->deadline = deadline;
		if (deadline < old)
			sift_up(h, t->heap_idx);
		else
			sift_down(h, t->heap_idx);
		return 0;
	}
	if (h->n == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 64;
		struct xvrrp_timer **v = realloc(h->v, cap * sizeof(*v));

		if (!v)
			return -1;
		h->v = v;
		h->cap = cap;
	}
	t->deadline = deadline;
	heap_place(h, h->n, t);
	h->n++;
	sift_up(h, t->heap_idx);
	return 0;
}

struct xvrrp_timer *xvrrp_timerheap_peek(const struct xvrrp_timerheap *h)
{
	return h->n ? h->v[0] : NULL;
}
