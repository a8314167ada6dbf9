// SPDX-License-Identifier: GPL-2.0-only
/*
 * The timer heap against a brute-force model: after every random set/move/
 * delete, the heap's earliest timer must be the model's earliest, and every
 * queued timer must know its own slot.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "timerheap.h"

#define N_TIMERS 200
#define N_STEPS  20000

static uint64_t model_min(const struct xvrrp_timer *t, size_t n)
{
	uint64_t min = 0;

	for (size_t i = 0; i < n; i++)
		if (t[i].heap_idx != XVRRP_TIMER_IDLE && (!min || t[i].deadline < min))
			min = t[i].deadline;
	return min;
}

static void check_invariants(const struct xvrrp_timerheap *h)
{
	for (size_t i = 0; i < h->n; i++) {
		assert_int_equal(h->v[i]->heap_idx, i);
		if (i)
			assert_true(h->v[(i - 1) / 2]->deadline <= h->v[i]->deadline);
	}
}

static void test_random_against_model(void **state)
{
	struct xvrrp_timer timers[N_TIMERS];
	struct xvrrp_timerheap h = { 0 };
	unsigned int seed = 12345;

	(void)state;
	for (size_t i = 0; i < N_TIMERS; i++)
		xvrrp_timer_init(&timers[i], NULL, 0);
	for (int step = 0; step < N_STEPS; step++) {
		struct xvrrp_timer *t = &timers[rand_r(&seed) % N_TIMERS];
		int op = rand_r(&seed) % 4;
		struct xvrrp_timer *top;

		if (op == 0)
			xvrrp_timerheap_del(&h, t);
		else if (op == 1)
			assert_int_equal(xvrrp_timerheap_set(&h, t, 0), 0);
		else
			assert_int_equal(xvrrp_timerheap_set(&h, t, 1 + rand_r(&seed) % 1000), 0);
		check_invariants(&h);
		top = xvrrp_timerheap_peek(&h);
		assert_int_equal(top ? top->deadline : 0, model_min(timers, N_TIMERS));
	}
	xvrrp_timerheap_free(&h);
	for (size_t i = 0; i < N_TIMERS; i++)
		assert_int_equal(timers[i].heap_idx, XVRRP_TIMER_IDLE);
}

/* Popping in order yields sorted deadlines: what the event loop relies on. */
static void test_pops_in_order(void **state)
{
	static const uint64_t deadlines[] = { 50, 10, 40, 10, 30, 20, 60, 5 };
	struct xvrrp_timer timers[8];
	struct xvrrp_timerheap h = { 0 };
	uint64_t last = 0;
	size_t popped = 0;
	struct xvrrp_timer *t;

	(void)state;
	for (size_t i = 0; i < 8; i++) {
		xvrrp_timer_init(&timers[i], NULL, 0);
		xvrrp_timerheap_set(&h, &timers[i], deadlines[i]);
	}
	/* Moving a timer later must move it behind the others. */
	xvrrp_timerheap_set(&h, &timers[7], 100);
	while ((t = xvrrp_timerheap_peek(&h))) {
		assert_true(t->deadline >= last);
		last = t->deadline;
		xvrrp_timerheap_del(&h, t);
		popped++;
	}
	assert_int_equal(popped, 8);
	assert_int_equal(last, 100);
	xvrrp_timerheap_free(&h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_against_model),
		cmocka_unit_test(test_pops_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
