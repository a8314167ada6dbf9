// SPDX-License-Identifier: GPL-2.0-only
/*
 * The RFC 5798 §6 state machine (user/fsm.c), one table row per rule.
 *
 * A row builds a fresh instance from its params, feeds it the setup inputs
 * (their actions are dropped), then feeds the one input under test and
 * checks: the state after, the exact list of actions (type, priority,
 * from/to, in order), both timer deadlines to the nanosecond, and where the
 * row says so the effective priority, Skew_Time and Master_Down_Interval.
 *
 * After the table: timer ordering, next_deadline, and a scenario with two
 * instances wired together through a fake clock and a fake wire.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fsm.h"

#define MS(x)	((uint64_t)(x) * 1000000ULL)
#define SEC(x)	((uint64_t)(x) * 1000000000ULL)
#define IP4(a, b, c, d) \
	(((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (uint32_t)(d))

/* Addresses are written in host order in the tables and converted when used. */
#define LOCAL	IP4(192, 0, 2, 10)
/* A host-order IPv4 address as struct vrrp_addr (network byte order), constant. */
#define ADDR4(a) { { (uint8_t)((a) >> 24), (uint8_t)((a) >> 16), (uint8_t)((a) >> 8), (uint8_t)(a) } }
#define LOWER	IP4(192, 0, 2, 5)
#define HIGHER	IP4(192, 0, 2, 20)

/* Reference values, worked out by hand from RFC 5798 §6.1 (and RFC 3768 §6.1). */
#define T0		SEC(1)
#define SKEW_100	609375000ULL	/* (256-100)*100cs/256 */
#define MDI_100		3609375000ULL	/* 3*1 s + Skew_Time */
#define TM		(T0 + MDI_100)	/* when a lone priority-100 router becomes master */

enum fsm_event {
	EV_END = 0,	/* ends a setup list */
	EV_STARTUP,
	EV_SHUTDOWN,
	EV_ADVERT,
	EV_TIMERS,
	EV_SET_PRIO,
	EV_LINK_DOWN,
	EV_LINK_UP,
};

struct fsm_input {
	enum fsm_event ev;
	uint64_t t;
	uint8_t prio;		/* advert priority, or the new priority for EV_SET_PRIO */
	uint16_t int_cs;	/* advert Max Adver Int */
	uint32_t saddr;		/* advert sender, host order */
};

#define STARTUP(t)		{ EV_STARTUP, (t), 0, 0, 0 }
#define SHUTDOWN(t)		{ EV_SHUTDOWN, (t), 0, 0, 0 }
#define TIMERS(t)		{ EV_TIMERS, (t), 0, 0, 0 }
#define SETPRIO(t, p)		{ EV_SET_PRIO, (t), (p), 0, 0 }
#define LINKDOWN(t)		{ EV_LINK_DOWN, (t), 0, 0, 0 }
#define LINKUP(t)		{ EV_LINK_UP, (t), 0, 0, 0 }
#define ADVERT(t, p, cs, a)	{ EV_ADVERT, (t), (p), (cs), (a) }

struct exp_action {
	enum vrrp_action_type type;	/* 0 ends the list */
	uint8_t priority;
	enum vrrp_state from, to;
};

#define SC(f, t)	{ VRRP_ACT_STATE_CHANGE, 0, VRRP_STATE_##f, VRRP_STATE_##t }
#define ADV(p)		{ VRRP_ACT_SEND_ADVERT, (p), 0, 0 }
#define BECOME		{ VRRP_ACT_BECOME_MASTER, 0, 0, 0 }
#define LEAVE		{ VRRP_ACT_LEAVE_MASTER, 0, 0, 0 }
#define RECHECK		{ VRRP_ACT_RECHECK_ADVERTS, 0, 0, 0 }

#define MAX_SETUP 14

struct fsm_row {
	const char *name;
	const char *rfc;
	struct vrrp_fsm_params params;
	struct fsm_input setup[MAX_SETUP];
	struct fsm_input in;
	enum vrrp_state state;
	struct exp_action act[VRRP_FSM_MAX_ACTIONS];
	uint64_t master_down_timer;		/* exact, 0 = must not run */
	uint64_t adver_timer;			/* exact, 0 = must not run */
	uint64_t skew_time;			/* 0 = not checked */
	uint64_t master_down_interval;		/* 0 = not checked */
	uint8_t priority;			/* effective; 0 = not checked */
};

#define PARAMS(ver, prio, cs, pre, delay, addr) \
	{ .vrid = 1, .version = (ver), .priority = (prio), .adver_int_cs = (cs), \
	  .preempt = (pre), .preempt_delay_ns = (delay), .primary_addr = ADDR4(addr) }
#define V3(prio)	PARAMS(3, prio, 100, true, 0, LOCAL)
#define V3_NOPREEMPT(prio) PARAMS(3, prio, 100, false, 0, LOCAL)
#define V3_DELAY(prio, d) PARAMS(3, prio, 100, true, d, LOCAL)

static const struct fsm_row rows[] = {
	/* ---- §6.4.1 Initialize ---- */
	{ "startup: non-owner becomes backup, Master_Down_Timer = MDI", "5798 6.4.1",
	  V3(100), { { 0 } }, STARTUP(T0),
	  .state = VRRP_STATE_BACKUP, .act = { SC(INIT, BACKUP) },
	  .master_down_timer = T0 + MDI_100, .adver_timer = 0,
	  .skew_time = SKEW_100, .master_down_interval = MDI_100, .priority = 100 },
	{ "startup: owner (255) advertises and becomes master", "5798 6.4.1",
	  V3(255), { { 0 } }, STARTUP(T0),
	  .state = VRRP_STATE_MASTER, .act = { SC(INIT, MASTER), ADV(255), BECOME },
	  .master_down_timer = 0, .adver_timer = T0 + SEC(1),
	  .priority = 255 },
	{ "startup: owner becomes master even with nopreempt", "5798 6.4.1",
	  V3_NOPREEMPT(255), { { 0 } }, STARTUP(T0),
	  .state = VRRP_STATE_MASTER, .act = { SC(INIT, MASTER), ADV(255), BECOME },
	  .master_down_timer = 0, .adver_timer = T0 + SEC(1) },
	{ "startup: ignored outside Initialize", "5798 6.4.1",
	  V3(100), { STARTUP(T0) }, STARTUP(T0 + SEC(1)),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + MDI_100, .adver_timer = 0 },

	/* ---- §6.1 Skew_Time / Master_Down_Interval arithmetic (v3, centiseconds) ---- */
	{ "v3 arithmetic: prio 100, 1 cs -> MDI 36.09375 ms", "5798 6.1",
	  PARAMS(3, 100, 1, true, 0, LOCAL), { { 0 } }, STARTUP(T0),
	  .state = VRRP_STATE_BACKUP, .act = { SC(INIT, BACKUP) },
	  .master_down_timer = T0 + 36093750, .adver_timer = 0,
	  .skew_time = 6093750, .master_down_interval = 36093750 },
	{ "v3 arithmetic: prio 254, 1 s", "5798 6.1",
	  V3(254), { { 0 } }, STARTUP(T0),
	  .state = VRRP_STATE_BACKUP, .act = { SC(INIT, BACKUP) },
	  .master_down_timer = T0 + 3007812500ULL, .adver_timer = 0,
	  .skew_time = 7812500, .master_down_interval = 3007812500ULL },
	{ "v3 arithmetic: prio 1, 1 s", "5798 6.1",
	  V3(1), { { 0 } }, STARTUP(T0),
	  .state = VRRP_STATE_BACKUP, .act = { SC(INIT, BACKUP) },
	  .master_down_timer = T0 + 3996093750ULL, .adver_timer = 0,
	  .skew_time = 996093750, .master_down_interval = 3996093750ULL },
	{ "v3 arithmetic: prio 200, 3 cs", "5798 6.1",
	  PARAMS(3, 200, 3, true, 0, LOCAL), { { 0 } }, STARTUP(T0),
	  .state = VRRP_STATE_BACKUP, .act = { SC(INIT, BACKUP) },
	  .master_down_timer = T0 + 96562500, .adver_timer = 0,
	  .skew_time = 6562500, .master_down_interval = 96562500 },
	{ "v3 arithmetic: prio 3, 7 cs (truncates 0.5 ns)", "5798 6.1",
	  PARAMS(3, 3, 7, true, 0, LOCAL), { { 0 } }, STARTUP(T0),
	  .state = VRRP_STATE_BACKUP, .act = { SC(INIT, BACKUP) },
	  .master_down_timer = T0 + 279179687, .adver_timer = 0,
	  .skew_time = 69179687, .master_down_interval = 279179687 },
	{ "v3 arithmetic: prio 100, 4095 cs (largest Max Adver Int)", "5798 6.1",
	  PARAMS(3, 100, 4095, true, 0, LOCAL), { { 0 } }, STARTUP(T0),
	  .state = VRRP_STATE_BACKUP, .act = { SC(INIT, BACKUP) },
	  .master_down_timer = T0 + 147803906250ULL, .adver_timer = 0,
	  .skew_time = 24953906250ULL, .master_down_interval = 147803906250ULL },
	/* ---- RFC 3768 arithmetic: Skew_Time does not scale with the interval ---- */
	{ "v2 arithmetic: prio 100, 3 s -> skew 609.375 ms, MDI 9.609375 s", "3768 6.1",
	  PARAMS(2, 100, 300, true, 0, LOCAL), { { 0 } }, STARTUP(T0),
	  .state = VRRP_STATE_BACKUP, .act = { SC(INIT, BACKUP) },
	  .master_down_timer = T0 + 9609375000ULL, .adver_timer = 0,
	  .skew_time = 609375000, .master_down_interval = 9609375000ULL },
	{ "v2 arithmetic: prio 200, 1 s", "3768 6.1",
	  PARAMS(2, 200, 100, true, 0, LOCAL), { { 0 } }, STARTUP(T0),
	  .state = VRRP_STATE_BACKUP, .act = { SC(INIT, BACKUP) },
	  .master_down_timer = T0 + 3218750000ULL, .adver_timer = 0,
	  .skew_time = 218750000, .master_down_interval = 3218750000ULL },
	{ "v2: advert interval is not learned (own Advertisement_Interval)", "3768 6.4.2",
	  PARAMS(2, 100, 100, true, 0, LOCAL), { STARTUP(T0) },
	  ADVERT(T0 + SEC(1), 150, 300, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(1) + MDI_100, .adver_timer = 0,
	  .skew_time = SKEW_100, .master_down_interval = MDI_100 },

	/* ---- §6.4.2 Backup ---- */
	{ "backup: shutdown cancels the timer, back to Initialize", "5798 6.4.2",
	  V3(100), { STARTUP(T0) }, SHUTDOWN(T0 + SEC(1)),
	  .state = VRRP_STATE_INIT, .act = { SC(BACKUP, INIT) },
	  .master_down_timer = 0, .adver_timer = 0 },
	{ "backup: Master_Down_Timer fires -> advert, become master", "5798 6.4.2",
	  V3(100), { STARTUP(T0) }, TIMERS(TM),
	  .state = VRRP_STATE_MASTER, .act = { SC(BACKUP, MASTER), ADV(100), BECOME },
	  .master_down_timer = 0, .adver_timer = TM + SEC(1) },
	{ "backup: 1 ns before Master_Down_Timer nothing happens", "5798 6.4.2",
	  V3(100), { STARTUP(T0) }, TIMERS(TM - 1),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = TM, .adver_timer = 0 },
	{ "backup: priority 0 -> Master_Down_Timer = Skew_Time", "5798 6.4.2",
	  V3(100), { STARTUP(T0) }, ADVERT(T0 + SEC(2), 0, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(2) + SKEW_100, .adver_timer = 0 },
	{ "backup: priority 0 uses the learned Master_Adver_Interval's Skew_Time", "5798 6.4.2",
	  V3(100), { STARTUP(T0), ADVERT(T0 + SEC(1), 150, 200, HIGHER) },
	  ADVERT(T0 + SEC(2), 0, 200, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(2) + 1218750000ULL, .adver_timer = 0,
	  .skew_time = 1218750000ULL },
	{ "backup: higher priority resets Master_Down_Timer from arrival stamp", "5798 6.4.2",
	  V3(100), { STARTUP(T0) }, ADVERT(T0 + SEC(2), 150, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(2) + MDI_100, .adver_timer = 0 },
	{ "backup: equal priority resets Master_Down_Timer", "5798 6.4.2",
	  V3(100), { STARTUP(T0) }, ADVERT(T0 + SEC(2), 100, 100, LOWER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(2) + MDI_100, .adver_timer = 0 },
	{ "backup: learns Max Adver Int 2 s, recomputes skew and MDI", "5798 6.4.2",
	  V3(100), { STARTUP(T0) }, ADVERT(T0 + SEC(2), 150, 200, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(2) + 7218750000ULL, .adver_timer = 0,
	  .skew_time = 1218750000ULL, .master_down_interval = 7218750000ULL },
	{ "backup: learns Max Adver Int 1 cs -> MDI 36.09375 ms", "5798 6.4.2",
	  V3(100), { STARTUP(T0) }, ADVERT(T0 + SEC(2), 200, 1, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(2) + 36093750, .adver_timer = 0,
	  .skew_time = 6093750, .master_down_interval = 36093750 },
	{ "backup: preempt, lower priority is discarded (timer keeps running)", "5798 6.4.2",
	  V3(100), { STARTUP(T0) }, ADVERT(T0 + SEC(2), 50, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + MDI_100, .adver_timer = 0 },
	{ "backup: preempt, timer runs out past a lower master -> takeover", "5798 6.4.2",
	  V3(100), { STARTUP(T0), ADVERT(T0 + SEC(1), 50, 100, HIGHER),
		     ADVERT(T0 + SEC(2), 50, 100, HIGHER), ADVERT(T0 + SEC(3), 50, 100, HIGHER) },
	  TIMERS(TM),
	  .state = VRRP_STATE_MASTER, .act = { SC(BACKUP, MASTER), ADV(100), BECOME },
	  .master_down_timer = 0, .adver_timer = TM + SEC(1) },
	{ "backup: nopreempt, lower priority resets Master_Down_Timer", "5798 6.4.2",
	  V3_NOPREEMPT(100), { STARTUP(T0) }, ADVERT(T0 + SEC(2), 50, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(2) + MDI_100, .adver_timer = 0 },
	{ "backup: Max Adver Int 0 (malformed) is ignored", "5798 5.2.7",
	  V3(100), { STARTUP(T0) }, ADVERT(T0 + SEC(2), 150, 0, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + MDI_100, .adver_timer = 0,
	  .skew_time = SKEW_100, .master_down_interval = MDI_100 },

	/*
	 * ---- preempt_delay (keepalived): the first lower-priority advert
	 * starts a hold-off of preempt_delay; during it lower adverts reset the
	 * timer, after it they are discarded; equal/higher or a transition ends it.
	 */
	{ "preempt_delay: the first lower advert, long after startup, starts the hold-off", "keepalived",
	  V3_DELAY(100, SEC(10)), { STARTUP(T0) }, ADVERT(T0 + SEC(30), 50, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(30) + MDI_100, .adver_timer = 0 },
	{ "preempt_delay: lower adverts during the hold-off reset the timer", "keepalived",
	  V3_DELAY(100, SEC(10)), { STARTUP(T0), ADVERT(T0 + SEC(1), 50, 100, HIGHER) },
	  ADVERT(T0 + SEC(11) - 1, 50, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(11) - 1 + MDI_100, .adver_timer = 0 },
	{ "preempt_delay: after the hold-off lower adverts are discarded", "keepalived",
	  V3_DELAY(100, SEC(10)),
	  { STARTUP(T0), ADVERT(T0 + SEC(1), 50, 100, HIGHER), ADVERT(T0 + SEC(4), 50, 100, HIGHER),
	    ADVERT(T0 + SEC(7), 50, 100, HIGHER), ADVERT(T0 + SEC(10), 50, 100, HIGHER) },
	  ADVERT(T0 + SEC(11), 50, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(10) + MDI_100, .adver_timer = 0 },
	{ "preempt_delay: takeover one MDI after the last advert of the hold-off", "keepalived",
	  V3_DELAY(100, SEC(10)),
	  { STARTUP(T0), ADVERT(T0 + SEC(1), 50, 100, HIGHER), ADVERT(T0 + SEC(4), 50, 100, HIGHER),
	    ADVERT(T0 + SEC(7), 50, 100, HIGHER), ADVERT(T0 + SEC(10), 50, 100, HIGHER),
	    ADVERT(T0 + SEC(11), 50, 100, HIGHER), ADVERT(T0 + SEC(12), 50, 100, HIGHER) },
	  TIMERS(T0 + SEC(10) + MDI_100),
	  .state = VRRP_STATE_MASTER, .act = { SC(BACKUP, MASTER), ADV(100), BECOME },
	  .master_down_timer = 0, .adver_timer = T0 + SEC(10) + MDI_100 + SEC(1) },
	{ "preempt_delay: an equal or higher advert ends the hold-off", "keepalived",
	  V3_DELAY(100, SEC(10)),
	  { STARTUP(T0), ADVERT(T0 + SEC(1), 50, 100, HIGHER), ADVERT(T0 + SEC(5), 150, 100, HIGHER) },
	  ADVERT(T0 + SEC(20), 50, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(20) + MDI_100, .adver_timer = 0 },
	{ "preempt_delay: a silent master is replaced at once, no hold-off", "keepalived",
	  V3_DELAY(100, SEC(10)), { STARTUP(T0) }, TIMERS(TM),
	  .state = VRRP_STATE_MASTER, .act = { SC(BACKUP, MASTER), ADV(100), BECOME },
	  .master_down_timer = 0, .adver_timer = TM + SEC(1) },
	{ "preempt_delay: a transition ends the hold-off (link down and up)", "keepalived",
	  V3_DELAY(100, SEC(10)),
	  { STARTUP(T0), ADVERT(T0 + SEC(1), 50, 100, HIGHER), LINKDOWN(T0 + SEC(20)),
	    LINKUP(T0 + SEC(21)) },
	  ADVERT(T0 + SEC(22), 50, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(22) + MDI_100, .adver_timer = 0 },
	{ "preempt_delay: with nopreempt lower adverts always reset", "keepalived",
	  PARAMS(3, 100, 100, false, SEC(10), LOCAL), { STARTUP(T0) },
	  ADVERT(T0 + SEC(30), 50, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(30) + MDI_100, .adver_timer = 0 },

	/* ---- §6.4.3 Master ---- */
	{ "master: Adver_Timer fires -> advert, timer re-armed", "5798 6.4.3",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, TIMERS(TM + SEC(1)),
	  .state = VRRP_STATE_MASTER, .act = { ADV(100) },
	  .master_down_timer = 0, .adver_timer = TM + SEC(2) },
	{ "master: late wake-up sends one advert, no catch-up burst", "5798 6.4.3",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, TIMERS(TM + SEC(6)),
	  .state = VRRP_STATE_MASTER, .act = { ADV(100) },
	  .master_down_timer = 0, .adver_timer = TM + SEC(7) },
	{ "master: shutdown -> priority 0 advert, then release", "5798 6.4.3",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, SHUTDOWN(TM + MS(500)),
	  .state = VRRP_STATE_INIT, .act = { SC(MASTER, INIT), ADV(0), LEAVE },
	  .master_down_timer = 0, .adver_timer = 0 },
	{ "master: priority 0 from another -> advert at once, Adver_Timer reset", "9568 6.4.3",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, ADVERT(TM + MS(300), 0, 100, HIGHER),
	  .state = VRRP_STATE_MASTER, .act = { ADV(100) },
	  .master_down_timer = 0, .adver_timer = TM + MS(300) + SEC(1) },
	{ "master: higher priority -> backup, Master_Down_Timer = MDI", "5798 6.4.3",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, ADVERT(TM + MS(300), 150, 100, LOWER),
	  .state = VRRP_STATE_BACKUP, .act = { SC(MASTER, BACKUP), LEAVE },
	  .master_down_timer = TM + MS(300) + MDI_100, .adver_timer = 0 },
	{ "master: higher priority, learns its Max Adver Int 0.5 s", "5798 6.4.3",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, ADVERT(TM + MS(300), 150, 50, LOWER),
	  .state = VRRP_STATE_BACKUP, .act = { SC(MASTER, BACKUP), LEAVE },
	  .master_down_timer = TM + MS(300) + 1804687500ULL, .adver_timer = 0,
	  .skew_time = 304687500, .master_down_interval = 1804687500ULL },
	{ "master: equal priority, sender address greater -> backup", "5798 6.4.3",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, ADVERT(TM + MS(300), 100, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { SC(MASTER, BACKUP), LEAVE },
	  .master_down_timer = TM + MS(300) + MDI_100, .adver_timer = 0 },
	{ "master: equal priority, sender address smaller -> stay, answer", "5798 6.4.3",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, ADVERT(TM + MS(300), 100, 100, LOWER),
	  .state = VRRP_STATE_MASTER, .act = { ADV(100) },
	  .master_down_timer = 0, .adver_timer = TM + MS(300) + SEC(1) },
	{ "master: tie-break is numeric: 198.51.100.1 > 192.0.2.200 -> backup", "9568 6.4.3",
	  PARAMS(3, 100, 100, true, 0, IP4(192, 0, 2, 200)), { STARTUP(T0), TIMERS(TM) },
	  ADVERT(TM + MS(300), 100, 100, IP4(198, 51, 100, 1)),
	  .state = VRRP_STATE_BACKUP, .act = { SC(MASTER, BACKUP), LEAVE },
	  .master_down_timer = TM + MS(300) + MDI_100, .adver_timer = 0 },
	{ "master: tie-break is numeric: 192.0.2.200 < 198.51.100.1 -> stay", "9568 6.4.3",
	  PARAMS(3, 100, 100, true, 0, IP4(198, 51, 100, 1)), { STARTUP(T0), TIMERS(TM) },
	  ADVERT(TM + MS(300), 100, 100, IP4(192, 0, 2, 200)),
	  .state = VRRP_STATE_MASTER, .act = { ADV(100) },
	  .master_down_timer = 0, .adver_timer = TM + MS(300) + SEC(1) },
	{ "master: lower priority -> answer at once (keepalived), stay", "keepalived",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, ADVERT(TM + MS(300), 50, 100, HIGHER),
	  .state = VRRP_STATE_MASTER, .act = { ADV(100) },
	  .master_down_timer = 0, .adver_timer = TM + MS(300) + SEC(1) },
	{ "master: nopreempt does not stop a master stepping down", "5798 6.4.3",
	  V3_NOPREEMPT(100), { STARTUP(T0), TIMERS(TM) }, ADVERT(TM + MS(300), 150, 100, LOWER),
	  .state = VRRP_STATE_BACKUP, .act = { SC(MASTER, BACKUP), LEAVE },
	  .master_down_timer = TM + MS(300) + MDI_100, .adver_timer = 0 },
	{ "master: own advert looped back is ignored", "5798 6.4.3",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, ADVERT(TM + MS(300), 100, 100, LOCAL),
	  .state = VRRP_STATE_MASTER, .act = { { 0 } },
	  .master_down_timer = 0, .adver_timer = TM + SEC(1) },
	/* A spoofed goodbye in our name: the backups go to Skew_Time; answer now. */
	{ "master: priority 0 from its own address -> answer at once", "5798 6.4.3",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, ADVERT(TM + MS(300), 0, 100, LOCAL),
	  .state = VRRP_STATE_MASTER, .act = { ADV(100) },
	  .master_down_timer = 0, .adver_timer = TM + MS(300) + SEC(1) },
	{ "backup: priority 0 from its own address is ignored", "5798 6.4.2",
	  V3(100), { STARTUP(T0) }, ADVERT(T0 + MS(300), 0, 100, LOCAL),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + MDI_100, .adver_timer = 0 },
	{ "v2 master: higher priority -> backup with own MDI", "3768 6.4.3",
	  PARAMS(2, 100, 100, true, 0, LOCAL), { STARTUP(T0), TIMERS(TM) },
	  ADVERT(TM + MS(300), 150, 100, LOWER),
	  .state = VRRP_STATE_BACKUP, .act = { SC(MASTER, BACKUP), LEAVE },
	  .master_down_timer = TM + MS(300) + MDI_100, .adver_timer = 0 },

	/* ---- the address owner ---- */
	{ "owner: priority 254 advert -> stays master, answers", "5798 6.4.3",
	  V3(255), { STARTUP(T0) }, ADVERT(T0 + MS(300), 254, 100, HIGHER),
	  .state = VRRP_STATE_MASTER, .act = { ADV(255) },
	  .master_down_timer = 0, .adver_timer = T0 + MS(300) + SEC(1) },
	{ "owner: 255 from a greater address -> backup", "5798 6.4.3",
	  V3(255), { STARTUP(T0) }, ADVERT(T0 + MS(300), 255, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { SC(MASTER, BACKUP), LEAVE },
	  .master_down_timer = T0 + MS(300) + 3003906250ULL, .adver_timer = 0,
	  .skew_time = 3906250, .master_down_interval = 3003906250ULL },
	{ "owner: 255 from a smaller address -> stays master", "5798 6.4.3",
	  V3(255), { STARTUP(T0) }, ADVERT(T0 + MS(300), 255, 100, LOWER),
	  .state = VRRP_STATE_MASTER, .act = { ADV(255) },
	  .master_down_timer = 0, .adver_timer = T0 + MS(300) + SEC(1) },

	/* ---- effective priority changes (tracking) ---- */
	{ "set_priority: master advertises the new priority at once", "keepalived",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, SETPRIO(TM + MS(300), 50),
	  .state = VRRP_STATE_MASTER, .act = { RECHECK, ADV(50) },
	  .master_down_timer = 0, .adver_timer = TM + MS(300) + SEC(1),
	  .priority = 50 },
	{ "set_priority: master, unchanged priority does nothing", "keepalived",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, SETPRIO(TM + MS(300), 100),
	  .state = VRRP_STATE_MASTER, .act = { { 0 } },
	  .master_down_timer = 0, .adver_timer = TM + SEC(1),
	  .priority = 100 },
	{ "set_priority: backup recomputes skew/MDI, running timer kept", "5798 6.1",
	  V3(100), { STARTUP(T0) }, SETPRIO(T0 + SEC(1), 200),
	  .state = VRRP_STATE_BACKUP, .act = { RECHECK },
	  .master_down_timer = T0 + MDI_100, .adver_timer = 0,
	  .skew_time = 218750000, .master_down_interval = 3218750000ULL, .priority = 200 },
	{ "set_priority: backup uses the new MDI on the next advert", "5798 6.4.2",
	  V3(100), { STARTUP(T0), SETPRIO(T0 + SEC(1), 200) }, ADVERT(T0 + SEC(2), 250, 100, HIGHER),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + SEC(2) + 3218750000ULL, .adver_timer = 0 },
	{ "set_priority: raised above a lower master -> preemption", "5798 6.4.2",
	  V3(100), { STARTUP(T0), ADVERT(T0 + SEC(1), 150, 100, HIGHER),
		     SETPRIO(T0 + MS(1500), 200), ADVERT(T0 + SEC(2), 150, 100, HIGHER) },
	  TIMERS(T0 + SEC(1) + MDI_100),
	  .state = VRRP_STATE_MASTER, .act = { SC(BACKUP, MASTER), ADV(200), BECOME },
	  .master_down_timer = 0, .adver_timer = T0 + SEC(1) + MDI_100 + SEC(1) },
	{ "set_priority: 255 on a non-owner is clamped to 254", "5798 5.2.4",
	  V3(100), { STARTUP(T0) }, SETPRIO(T0 + SEC(1), 255),
	  .state = VRRP_STATE_BACKUP, .act = { RECHECK },
	  .master_down_timer = T0 + MDI_100, .adver_timer = 0,
	  .skew_time = 7812500, .master_down_interval = 3007812500ULL, .priority = 254 },
	{ "set_priority: 0 is clamped to 1", "5798 5.2.4",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, SETPRIO(TM + MS(300), 0),
	  .state = VRRP_STATE_MASTER, .act = { RECHECK, ADV(1) },
	  .master_down_timer = 0, .adver_timer = TM + MS(300) + SEC(1),
	  .priority = 1 },
	{ "set_priority: owner may return to 255", "5798 5.2.4",
	  V3(255), { STARTUP(T0), SETPRIO(T0 + MS(100), 200) }, SETPRIO(T0 + MS(300), 255),
	  .state = VRRP_STATE_MASTER, .act = { RECHECK, ADV(255) },
	  .master_down_timer = 0, .adver_timer = T0 + MS(300) + SEC(1),
	  .priority = 255 },
	{ "set_priority: in Initialize only stored", "keepalived",
	  V3(100), { { 0 } }, SETPRIO(T0, 200),
	  .state = VRRP_STATE_INIT, .act = { { 0 } },
	  .master_down_timer = 0, .adver_timer = 0,
	  .skew_time = 218750000, .master_down_interval = 3218750000ULL, .priority = 200 },

	/* ---- link (keepalived FAULT) ---- */
	{ "link down: master releases without an advert -> FAULT", "keepalived",
	  V3(100), { STARTUP(T0), TIMERS(TM) }, LINKDOWN(TM + MS(300)),
	  .state = VRRP_STATE_FAULT, .act = { SC(MASTER, FAULT), LEAVE },
	  .master_down_timer = 0, .adver_timer = 0 },
	{ "link down: backup -> FAULT, timer cancelled", "keepalived",
	  V3(100), { STARTUP(T0) }, LINKDOWN(T0 + SEC(1)),
	  .state = VRRP_STATE_FAULT, .act = { SC(BACKUP, FAULT) },
	  .master_down_timer = 0, .adver_timer = 0 },
	{ "link down: Initialize -> FAULT", "keepalived",
	  V3(100), { { 0 } }, LINKDOWN(T0),
	  .state = VRRP_STATE_FAULT, .act = { SC(INIT, FAULT) },
	  .master_down_timer = 0, .adver_timer = 0 },
	{ "link down: twice is a no-op", "keepalived",
	  V3(100), { STARTUP(T0), LINKDOWN(T0 + SEC(1)) }, LINKDOWN(T0 + SEC(2)),
	  .state = VRRP_STATE_FAULT, .act = { { 0 } },
	  .master_down_timer = 0, .adver_timer = 0 },
	{ "link up: FAULT -> backup as at startup", "keepalived",
	  V3(100), { STARTUP(T0), LINKDOWN(T0 + SEC(1)) }, LINKUP(T0 + SEC(5)),
	  .state = VRRP_STATE_BACKUP, .act = { SC(FAULT, BACKUP) },
	  .master_down_timer = T0 + SEC(5) + MDI_100, .adver_timer = 0 },
	{ "link up: owner FAULT -> master as at startup", "keepalived",
	  V3(255), { STARTUP(T0), LINKDOWN(T0 + SEC(1)) }, LINKUP(T0 + SEC(5)),
	  .state = VRRP_STATE_MASTER, .act = { SC(FAULT, MASTER), ADV(255), BECOME },
	  .master_down_timer = 0, .adver_timer = T0 + SEC(6) },
	{ "link up: ignored when not in FAULT", "keepalived",
	  V3(100), { STARTUP(T0) }, LINKUP(T0 + SEC(1)),
	  .state = VRRP_STATE_BACKUP, .act = { { 0 } },
	  .master_down_timer = T0 + MDI_100, .adver_timer = 0 },
	{ "FAULT: adverts are ignored", "keepalived",
	  V3(100), { STARTUP(T0), LINKDOWN(T0 + SEC(1)) }, ADVERT(T0 + SEC(2), 150, 100, HIGHER),
	  .state = VRRP_STATE_FAULT, .act = { { 0 } },
	  .master_down_timer = 0, .adver_timer = 0 },
	{ "FAULT: shutdown -> Initialize", "keepalived",
	  V3(100), { STARTUP(T0), LINKDOWN(T0 + SEC(1)) }, SHUTDOWN(T0 + SEC(2)),
	  .state = VRRP_STATE_INIT, .act = { SC(FAULT, INIT) },
	  .master_down_timer = 0, .adver_timer = 0 },

	/* ---- Initialize ignores what it cannot act on ---- */
	{ "Initialize: adverts are ignored", "5798 6.4.1",
	  V3(100), { { 0 } }, ADVERT(T0, 150, 100, HIGHER),
	  .state = VRRP_STATE_INIT, .act = { { 0 } },
	  .master_down_timer = 0, .adver_timer = 0 },
	{ "Initialize: shutdown is a no-op", "5798 6.4.1",
	  V3(100), { { 0 } }, SHUTDOWN(T0),
	  .state = VRRP_STATE_INIT, .act = { { 0 } },
	  .master_down_timer = 0, .adver_timer = 0 },
	{ "Initialize: timers do nothing", "5798 6.4.1",
	  V3(100), { STARTUP(T0), SHUTDOWN(T0 + SEC(1)) }, TIMERS(T0 + SEC(100)),
	  .state = VRRP_STATE_INIT, .act = { { 0 } },
	  .master_down_timer = 0, .adver_timer = 0 },
};

static void apply(struct vrrp_fsm *fsm, const struct fsm_input *in, struct vrrp_actions *out)
{
	struct vrrp_advert_in adv = {
		.saddr = vrrp_addr4(htonl(in->saddr)), .priority = in->prio,
		.max_adver_int_cs = in->int_cs,
	};

	switch (in->ev) {
	case EV_STARTUP:
		vrrp_fsm_startup(fsm, in->t, out);
		break;
	case EV_SHUTDOWN:
		vrrp_fsm_shutdown(fsm, in->t, out);
		break;
	case EV_ADVERT:
		vrrp_fsm_recv_advert(fsm, &adv, in->t, out);
		break;
	case EV_TIMERS:
		vrrp_fsm_timers(fsm, in->t, out);
		break;
	case EV_SET_PRIO:
		vrrp_fsm_set_priority(fsm, in->prio, in->t, out);
		break;
	case EV_LINK_DOWN:
		vrrp_fsm_link_down(fsm, in->t, out);
		break;
	case EV_LINK_UP:
		vrrp_fsm_link_up(fsm, in->t, out);
		break;
	case EV_END:
		break;
	}
}

static const char *action_name(enum vrrp_action_type t)
{
	switch (t) {
	case VRRP_ACT_SEND_ADVERT:
		return "SEND_ADVERT";
	case VRRP_ACT_BECOME_MASTER:
		return "BECOME_MASTER";
	case VRRP_ACT_LEAVE_MASTER:
		return "LEAVE_MASTER";
	case VRRP_ACT_STATE_CHANGE:
		return "STATE_CHANGE";
	case VRRP_ACT_RECHECK_ADVERTS:
		return "RECHECK_ADVERTS";
	}
	return "?";
}

static void format_action(char *buf, size_t len, enum vrrp_action_type type, uint8_t prio,
			  enum vrrp_state from, enum vrrp_state to)
{
	if (type == VRRP_ACT_SEND_ADVERT)
		snprintf(buf, len, "%s(%u)", action_name(type), prio);
	else if (type == VRRP_ACT_STATE_CHANGE)
		snprintf(buf, len, "%s(%s->%s)", action_name(type),
			 vrrp_state_name(from), vrrp_state_name(to));
	else
		snprintf(buf, len, "%s", action_name(type));
}

static bool action_matches(const struct exp_action *e, const struct vrrp_action *a)
{
	if (e->type != a->type)
		return false;
	if (a->type == VRRP_ACT_SEND_ADVERT)
		return e->priority == a->priority;
	if (a->type == VRRP_ACT_STATE_CHANGE)
		return e->from == a->from && e->to == a->to;
	return true;
}

/* Compare the actions; print both lists on a mismatch. Returns failures. */
static int check_actions(const struct fsm_row *r, const struct vrrp_actions *got)
{
	unsigned int n_exp = 0, i;
	bool ok;
	char buf[64];

	while (n_exp < VRRP_FSM_MAX_ACTIONS && r->act[n_exp].type)
		n_exp++;
	ok = n_exp == got->n;
	for (i = 0; ok && i < n_exp; i++)
		ok = action_matches(&r->act[i], &got->a[i]);
	if (ok)
		return 0;
	print_error("[%s] actions differ\n  expected:", r->name);
	for (i = 0; i < n_exp; i++) {
		format_action(buf, sizeof(buf), r->act[i].type, r->act[i].priority,
			      r->act[i].from, r->act[i].to);
		print_error(" %s", buf);
	}
	print_error("\n  got:     ");
	for (i = 0; i < got->n && i < VRRP_FSM_MAX_ACTIONS; i++) {
		format_action(buf, sizeof(buf), got->a[i].type, got->a[i].priority,
			      got->a[i].from, got->a[i].to);
		print_error(" %s", buf);
	}
	print_error("\n");
	return 1;
}

static int check_u64(const struct fsm_row *r, const char *what, uint64_t exp, uint64_t got)
{
	if (exp == got)
		return 0;
	print_error("[%s] %s: expected %llu, got %llu\n", r->name, what,
		    (unsigned long long)exp, (unsigned long long)got);
	return 1;
}

static void test_row(void **state)
{
	const struct fsm_row *r = *state;
	struct vrrp_fsm_params params = r->params;
	struct vrrp_actions out;
	struct vrrp_fsm fsm;
	uint64_t transition_before;
	bool changes_state = false;
	int bad = 0;
	unsigned int i;

	vrrp_fsm_init(&fsm, &params);
	for (i = 0; i < MAX_SETUP && r->setup[i].ev != EV_END; i++) {
		memset(&out, 0, sizeof(out));
		apply(&fsm, &r->setup[i], &out);
	}
	transition_before = fsm.last_transition_ns;

	memset(&out, 0, sizeof(out));
	apply(&fsm, &r->in, &out);

	bad += check_actions(r, &out);
	if (fsm.state != r->state) {
		print_error("[%s] state: expected %s, got %s\n", r->name,
			    vrrp_state_name(r->state), vrrp_state_name(fsm.state));
		bad++;
	}
	bad += check_u64(r, "Master_Down_Timer", r->master_down_timer, fsm.master_down_timer);
	bad += check_u64(r, "Adver_Timer", r->adver_timer, fsm.adver_timer);
	if (r->skew_time)
		bad += check_u64(r, "Skew_Time", r->skew_time, fsm.skew_time_ns);
	if (r->master_down_interval)
		bad += check_u64(r, "Master_Down_Interval", r->master_down_interval,
				 fsm.master_down_interval_ns);
	if (r->priority)
		bad += check_u64(r, "effective priority", r->priority, fsm.priority);
	/* A transition stamps last_transition_ns; anything else leaves it. */
	for (i = 0; i < out.n; i++)
		changes_state |= out.a[i].type == VRRP_ACT_STATE_CHANGE;
	bad += check_u64(r, "last_transition_ns",
			 changes_state ? r->in.t : transition_before, fsm.last_transition_ns);
	if (bad)
		fail_msg("[%s] (RFC %s): %d mismatches", r->name, r->rfc, bad);
}

/* ---- beyond the table ------------------------------------------------------ */

static struct vrrp_fsm_params v3_params(uint8_t prio, uint32_t addr_host)
{
	struct vrrp_fsm_params p = {
		.vrid = 1, .version = 3, .priority = prio, .adver_int_cs = 100,
		.preempt = true, .primary_addr = vrrp_addr4(htonl(addr_host)),
	};

	return p;
}

/*
 * Both deadlines due in one call. The API never arms both at once, so the
 * struct is set by hand: Master_Down_Timer is handled first, and the
 * Adver_Timer that becoming master arms must not fire in the same call.
 */
static void test_timers_both_due(void **state)
{
	struct vrrp_fsm_params p = v3_params(100, LOCAL);
	struct vrrp_actions out = { 0 };
	struct vrrp_fsm fsm;

	vrrp_fsm_init(&fsm, &p);
	vrrp_fsm_startup(&fsm, T0, &out);
	fsm.adver_timer = T0 + SEC(1);		/* stray, already due */
	memset(&out, 0, sizeof(out));
	vrrp_fsm_timers(&fsm, TM, &out);
	assert_int_equal(fsm.state, VRRP_STATE_MASTER);
	assert_int_equal(out.n, 3);
	assert_int_equal(out.a[0].type, VRRP_ACT_STATE_CHANGE);
	assert_int_equal(out.a[1].type, VRRP_ACT_SEND_ADVERT);
	assert_int_equal(out.a[2].type, VRRP_ACT_BECOME_MASTER);
	assert_int_equal(fsm.adver_timer, TM + SEC(1));
	assert_int_equal(fsm.master_down_timer, 0);

	/* A master with a stray Master_Down_Timer: it is dropped, Adver_Timer fires. */
	fsm.master_down_timer = TM + SEC(1);
	memset(&out, 0, sizeof(out));
	vrrp_fsm_timers(&fsm, TM + SEC(1), &out);
	assert_int_equal(fsm.state, VRRP_STATE_MASTER);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.a[0].type, VRRP_ACT_SEND_ADVERT);
	assert_int_equal(fsm.master_down_timer, 0);
	assert_int_equal(fsm.adver_timer, TM + SEC(2));
}

/*
 * vrrp_sync_group: force_master acts like a Master_Down_Timer expiry in
 * Backup only; force_backup makes a master step down keeping its learned
 * interval; both leave every other state alone.
 */
static void test_sync_group_forcing(void **state)
{
	struct vrrp_fsm_params p = v3_params(100, LOCAL);
	struct vrrp_actions out = { 0 };
	struct vrrp_fsm fsm;

	vrrp_fsm_init(&fsm, &p);
	vrrp_fsm_force_master(&fsm, T0, &out);		/* Initialize: ignored */
	vrrp_fsm_force_backup(&fsm, T0, &out);
	assert_int_equal(out.n, 0);
	assert_int_equal(fsm.state, VRRP_STATE_INIT);

	vrrp_fsm_startup(&fsm, T0, &out);
	memset(&out, 0, sizeof(out));
	vrrp_fsm_force_backup(&fsm, TM, &out);		/* already Backup: ignored */
	assert_int_equal(out.n, 0);
	vrrp_fsm_force_master(&fsm, TM, &out);
	assert_int_equal(fsm.state, VRRP_STATE_MASTER);
	assert_int_equal(out.n, 3);
	assert_int_equal(out.a[0].type, VRRP_ACT_STATE_CHANGE);
	assert_int_equal(out.a[1].type, VRRP_ACT_SEND_ADVERT);
	assert_int_equal(out.a[1].priority, 100);
	assert_int_equal(out.a[2].type, VRRP_ACT_BECOME_MASTER);
	assert_int_equal(fsm.adver_timer, TM + SEC(1));

	memset(&out, 0, sizeof(out));
	vrrp_fsm_force_master(&fsm, TM, &out);		/* already Master: ignored */
	assert_int_equal(out.n, 0);
	vrrp_fsm_force_backup(&fsm, TM + SEC(1), &out);
	assert_int_equal(fsm.state, VRRP_STATE_BACKUP);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.a[0].type, VRRP_ACT_STATE_CHANGE);
	assert_int_equal(out.a[0].from, VRRP_STATE_MASTER);
	assert_int_equal(out.a[0].to, VRRP_STATE_BACKUP);
	assert_int_equal(out.a[1].type, VRRP_ACT_LEAVE_MASTER);
	assert_int_equal(fsm.adver_timer, 0);
	assert_int_equal(fsm.master_down_timer, TM + SEC(1) + fsm.master_down_interval_ns);
}

/*
 * The immediate answer to a lower-priority master is rate limited to one per
 * Advertisement_Interval, so a flood of them cannot make us flood back.
 */
static void test_lower_prio_answer_rate_limited(void **state)
{
	struct vrrp_fsm_params p = v3_params(200, LOCAL);
	struct vrrp_advert_in low = { .saddr = ADDR4(IP4(192, 0, 2, 9)), .priority = 50,
				      .max_adver_int_cs = 100 };
	struct vrrp_actions out = { 0 };
	struct vrrp_fsm fsm;
	unsigned int answers = 0;

	vrrp_fsm_init(&fsm, &p);
	vrrp_fsm_startup(&fsm, T0, &out);
	vrrp_fsm_force_master(&fsm, T0, &out);
	assert_int_equal(fsm.state, VRRP_STATE_MASTER);
	/* 100 lower-priority adverts over 1.98 s: answers at 0 and at 1 s only. */
	for (int i = 0; i < 100; i++) {
		memset(&out, 0, sizeof(out));
		vrrp_fsm_recv_advert(&fsm, &low, TM + (uint64_t)i * 20000000ULL, &out);
		assert_int_equal(fsm.state, VRRP_STATE_MASTER);
		if (out.n) {
			assert_int_equal(out.n, 1);
			assert_int_equal(out.a[0].type, VRRP_ACT_SEND_ADVERT);
			answers++;
		}
	}
	assert_int_equal(answers, 2);

	/* §6.4.3: priority 0 is answered at once, every time, limiter or not. */
	low.priority = 0;
	for (int i = 0; i < 3; i++) {
		memset(&out, 0, sizeof(out));
		vrrp_fsm_recv_advert(&fsm, &low, TM + SEC(2) + (uint64_t)i * 1000000ULL, &out);
		assert_int_equal(out.n, 1);
		assert_int_equal(out.a[0].type, VRRP_ACT_SEND_ADVERT);
		assert_int_equal(out.a[0].priority, 200);
		assert_int_equal(fsm.adver_timer, TM + SEC(2) + (uint64_t)i * 1000000ULL + SEC(1));
	}
}

/*
 * §6.4.2: a priority-0 advert sets the Master_Down_Timer to Skew_Time
 * whoever sends it, but only the master's own goodbye counts as the last
 * advert heard from the master: another router's must not hide the
 * master's answer, stamped at that very instant, from the replay of the
 * XDP program's stamp (rx.c), or the backup takes over a live master.
 */
static void test_stranger_goodbye(void **state)
{
	struct vrrp_fsm_params p = v3_params(100, LOCAL);
	struct vrrp_advert_in master = { .saddr = ADDR4(HIGHER), .priority = 200,
					 .max_adver_int_cs = 100 };
	struct vrrp_advert_in stranger = { .saddr = ADDR4(IP4(192, 0, 2, 9)), .priority = 0,
					   .max_adver_int_cs = 100 };
	struct vrrp_actions out = { 0 };
	struct vrrp_fsm fsm;

	vrrp_fsm_init(&fsm, &p);
	vrrp_fsm_startup(&fsm, T0, &out);
	vrrp_fsm_recv_advert(&fsm, &master, T0 + SEC(1), &out);
	vrrp_fsm_recv_advert(&fsm, &stranger, T0 + SEC(2), &out);
	assert_int_equal(fsm.master_down_timer, T0 + SEC(2) + SKEW_100);
	assert_int_equal(vrrp_addr_v4(&fsm.master_addr), htonl(HIGHER));
	assert_int_equal(fsm.last_advert_ns, T0 + SEC(1));
	/* The master's answer at the same instant resets the timer. */
	vrrp_fsm_recv_advert(&fsm, &master, T0 + SEC(2), &out);
	assert_int_equal(fsm.master_down_timer, T0 + SEC(2) + MDI_100);
	/* Its own goodbye is its last advert. */
	master.priority = 0;
	vrrp_fsm_recv_advert(&fsm, &master, T0 + SEC(3), &out);
	assert_int_equal(fsm.last_advert_ns, T0 + SEC(3));
	assert_int_equal(fsm.master_down_timer, T0 + SEC(3) + SKEW_100);
	assert_int_equal(fsm.state, VRRP_STATE_BACKUP);
}

/*
 * RFC 5798 §6.4.3 (and RFC 9568 §6.4.3): with equal priorities the master
 * whose primary address, an IPv6 link-local one, is lower as a 128-bit
 * unsigned number becomes Backup. Each pair differs where a narrower or
 * byte-swapped compare would answer wrong: past the first 32 bits (equal
 * fe80:: prefixes), in a high byte of the interface identifier that a
 * compare of the last word only would miss, across a byte boundary that a
 * little-endian 64-bit load inverts, and in a byte with the high bit set
 * that a signed-char compare inverts.
 */
static const struct {
	const char *ours, *theirs;
	bool we_stay_master;
} tie6[] = {
	{ "fe80::a", "fe80::b", false },
	{ "fe80::b", "fe80::a", true },
	{ "fe80::1:0:0:2", "fe80::ff", true },
	{ "fe80::ff", "fe80::1:0:0:2", false },
	{ "fe80::100", "fe80::ff", true },
	{ "fe80::ff", "fe80::100", false },
	{ "fe80::7f", "fe80::80", false },
	{ "fe80::80", "fe80::7f", true },
	{ "fe80::200:5eff:fe00:201", "fe80::200:5eff:fe00:1ff", true },
	{ "fe80::1", "fe81::", false },
};

static struct vrrp_addr addr6(const char *text)
{
	unsigned char b[16];

	assert_int_equal(inet_pton(AF_INET6, text, b), 1);
	return vrrp_addr6(b);
}

static void test_tie_break_ipv6(void **state)
{
	for (size_t i = 0; i < sizeof(tie6) / sizeof(tie6[0]); i++) {
		struct vrrp_fsm_params p = v3_params(100, 0);
		struct vrrp_advert_in adv = { .priority = 100, .max_adver_int_cs = 100 };
		struct vrrp_actions out = { 0 };
		struct vrrp_fsm fsm;

		p.primary_addr = addr6(tie6[i].ours);
		adv.saddr = addr6(tie6[i].theirs);
		vrrp_fsm_init(&fsm, &p);
		vrrp_fsm_startup(&fsm, T0, &out);
		vrrp_fsm_force_master(&fsm, T0, &out);
		assert_int_equal(fsm.state, VRRP_STATE_MASTER);
		memset(&out, 0, sizeof(out));
		vrrp_fsm_recv_advert(&fsm, &adv, T0 + SEC(1), &out);
		if (fsm.state != (tie6[i].we_stay_master ? VRRP_STATE_MASTER : VRRP_STATE_BACKUP))
			fail_msg("ours %s, theirs %s: state %d", tie6[i].ours, tie6[i].theirs,
				 (int)fsm.state);
		if (!tie6[i].we_stay_master)
			assert_int_equal(vrrp_addr_cmp(&fsm.master_addr, &adv.saddr), 0);
	}
	/* Our own advert looped back (same 128 bits) is not another router. */
	{
		struct vrrp_fsm_params p = v3_params(100, 0);
		struct vrrp_advert_in adv = { .priority = 100, .max_adver_int_cs = 100 };
		struct vrrp_actions out = { 0 };
		struct vrrp_fsm fsm;

		p.primary_addr = addr6("fe80::1");
		adv.saddr = p.primary_addr;
		vrrp_fsm_init(&fsm, &p);
		vrrp_fsm_startup(&fsm, T0, &out);
		vrrp_fsm_recv_advert(&fsm, &adv, T0 + SEC(1), &out);
		assert_int_equal(fsm.master_down_timer, T0 + MDI_100);
		assert_false(vrrp_addr_is_set(&fsm.master_addr));
	}
}

/*
 * A tracker's FAULT leaves like link_down, but a master says goodbye with
 * priority 0 first; a backup just goes to FAULT.
 */
static void test_tracker_fault(void **state)
{
	struct vrrp_fsm_params p = v3_params(150, LOCAL);
	struct vrrp_actions out = { 0 };
	struct vrrp_fsm fsm;

	vrrp_fsm_init(&fsm, &p);
	vrrp_fsm_startup(&fsm, T0, &out);
	memset(&out, 0, sizeof(out));
	vrrp_fsm_tracker_fault(&fsm, TM, &out);
	assert_int_equal(fsm.state, VRRP_STATE_FAULT);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.a[0].type, VRRP_ACT_STATE_CHANGE);
	assert_int_equal(vrrp_fsm_next_deadline(&fsm), 0);

	memset(&out, 0, sizeof(out));
	vrrp_fsm_link_up(&fsm, TM, &out);
	vrrp_fsm_force_master(&fsm, TM, &out);
	assert_int_equal(fsm.state, VRRP_STATE_MASTER);
	memset(&out, 0, sizeof(out));
	vrrp_fsm_tracker_fault(&fsm, TM + SEC(1), &out);
	assert_int_equal(fsm.state, VRRP_STATE_FAULT);
	assert_int_equal(out.n, 3);
	assert_int_equal(out.a[0].type, VRRP_ACT_STATE_CHANGE);
	assert_int_equal(out.a[1].type, VRRP_ACT_SEND_ADVERT);
	assert_int_equal(out.a[1].priority, 0);
	assert_int_equal(out.a[2].type, VRRP_ACT_LEAVE_MASTER);
	assert_int_equal(vrrp_fsm_next_deadline(&fsm), 0);

	memset(&out, 0, sizeof(out));
	vrrp_fsm_tracker_fault(&fsm, TM + SEC(2), &out);	/* already FAULT: nothing */
	assert_int_equal(out.n, 0);
}

static void test_next_deadline(void **state)
{
	static const struct {
		uint64_t master_down, adver, expect;
	} cases[] = {
		{ 0, 0, 0 }, { 5, 0, 5 }, { 0, 7, 7 }, { 5, 7, 5 }, { 9, 7, 7 },
		{ UINT64_MAX, 3, 3 },
	};
	struct vrrp_fsm_params p = v3_params(100, LOCAL);
	struct vrrp_actions out = { 0 };
	struct vrrp_fsm fsm;
	size_t i;

	vrrp_fsm_init(&fsm, &p);
	assert_int_equal(vrrp_fsm_next_deadline(&fsm), 0);
	vrrp_fsm_startup(&fsm, T0, &out);
	assert_int_equal(vrrp_fsm_next_deadline(&fsm), T0 + MDI_100);
	vrrp_fsm_timers(&fsm, TM, &out);
	assert_int_equal(vrrp_fsm_next_deadline(&fsm), TM + SEC(1));
	vrrp_fsm_shutdown(&fsm, TM + 1, &out);
	assert_int_equal(vrrp_fsm_next_deadline(&fsm), 0);

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fsm.master_down_timer = cases[i].master_down;
		fsm.adver_timer = cases[i].adver;
		assert_int_equal(vrrp_fsm_next_deadline(&fsm), cases[i].expect);
	}
}

/* Actions are appended; a full list is never overrun. */
static void test_actions_bounded(void **state)
{
	struct vrrp_fsm_params p = v3_params(255, LOCAL);
	struct vrrp_actions out = { 0 };
	struct vrrp_fsm fsm;
	int i;

	vrrp_fsm_init(&fsm, &p);
	vrrp_fsm_startup(&fsm, T0, &out);
	assert_int_equal(out.n, 3);
	/* Each priority change of a master is rechecked and advertised at once: two actions each. */
	for (i = 0; i < 20; i++)
		vrrp_fsm_set_priority(&fsm, 100 + i, T0 + i, &out);
	assert_int_equal(out.n, VRRP_FSM_MAX_ACTIONS);
	assert_int_equal(out.a[0].type, VRRP_ACT_STATE_CHANGE);
	assert_int_equal(out.a[3].type, VRRP_ACT_RECHECK_ADVERTS);
	assert_int_equal(out.a[4].type, VRRP_ACT_SEND_ADVERT);
}

static void test_state_names(void **state)
{
	assert_string_equal(vrrp_state_name(VRRP_STATE_INIT), "INIT");
	assert_string_equal(vrrp_state_name(VRRP_STATE_BACKUP), "BACKUP");
	assert_string_equal(vrrp_state_name(VRRP_STATE_MASTER), "MASTER");
	assert_string_equal(vrrp_state_name(VRRP_STATE_FAULT), "FAULT");
	assert_string_equal(vrrp_state_name((enum vrrp_state)42), "UNKNOWN");
}

/* ---- two routers, a fake clock and a fake wire ------------------------------- */

#define WIRE_DELAY	100000ULL	/* 100 us from send to the peer's arrival stamp */
#define WIRE_SLOTS	64

struct node {
	struct vrrp_fsm fsm;
	uint32_t addr;			/* host order */
	bool holds_vips;		/* BECOME_MASTER seen, LEAVE_MASTER not since */
	uint64_t became_master_at;	/* last BECOME_MASTER */
	unsigned int become_count;
	unsigned int adverts_sent;
};

struct packet {
	uint64_t arrive;
	int to;
	struct vrrp_advert_in adv;
};

struct world {
	uint64_t now;
	struct node n[2];
	bool wire_up;
	struct packet q[WIRE_SLOTS];
	unsigned int nq;
};

static void world_init(struct world *w, const struct vrrp_fsm_params *a, uint32_t addr_a,
		       const struct vrrp_fsm_params *b, uint32_t addr_b)
{
	memset(w, 0, sizeof(*w));
	w->wire_up = true;
	vrrp_fsm_init(&w->n[0].fsm, a);
	vrrp_fsm_init(&w->n[1].fsm, b);
	w->n[0].addr = addr_a;
	w->n[1].addr = addr_b;
}

static void perform(struct world *w, int id, const struct vrrp_actions *out)
{
	struct node *nd = &w->n[id];
	unsigned int i;

	for (i = 0; i < out->n; i++) {
		const struct vrrp_action *a = &out->a[i];

		switch (a->type) {
		case VRRP_ACT_SEND_ADVERT:
			nd->adverts_sent++;
			if (!w->wire_up)
				break;
			assert_true(w->nq < WIRE_SLOTS);
			w->q[w->nq].arrive = w->now + WIRE_DELAY;
			w->q[w->nq].to = !id;
			w->q[w->nq].adv.saddr = vrrp_addr4(htonl(nd->addr));
			w->q[w->nq].adv.priority = a->priority;
			w->q[w->nq].adv.max_adver_int_cs = nd->fsm.p.adver_int_cs;
			w->nq++;
			break;
		case VRRP_ACT_BECOME_MASTER:
			assert_false(nd->holds_vips);
			nd->holds_vips = true;
			nd->became_master_at = w->now;
			nd->become_count++;
			break;
		case VRRP_ACT_LEAVE_MASTER:
			assert_true(nd->holds_vips);
			nd->holds_vips = false;
			break;
		case VRRP_ACT_STATE_CHANGE:
			assert_int_equal(a->to, nd->fsm.state);
			break;
		case VRRP_ACT_RECHECK_ADVERTS:
			/* This wire delivers every advert: nothing filters them. */
			break;
		}
	}
}

static void world_call(struct world *w, int id,
		       void (*fn)(struct vrrp_fsm *, uint64_t, struct vrrp_actions *))
{
	struct vrrp_actions out = { 0 };

	fn(&w->n[id].fsm, w->now, &out);
	perform(w, id, &out);
}

/* Earliest pending event (packet arrival or timer), 0 if none. */
static uint64_t world_next(const struct world *w)
{
	uint64_t t = 0, d;
	unsigned int i;
	int id;

	for (i = 0; i < w->nq; i++)
		if (!t || w->q[i].arrive < t)
			t = w->q[i].arrive;
	for (id = 0; id < 2; id++) {
		d = vrrp_fsm_next_deadline(&w->n[id].fsm);
		if (d && (!t || d < t))
			t = d;
	}
	return t;
}

/* Deliver every packet due at w->now, in queue order, then fire timers. */
static void world_step(struct world *w)
{
	struct vrrp_actions out;
	struct packet p;
	unsigned int i = 0;
	int id;

	while (i < w->nq) {
		if (w->q[i].arrive > w->now) {
			i++;
			continue;
		}
		p = w->q[i];
		memmove(&w->q[i], &w->q[i + 1], (w->nq - i - 1) * sizeof(w->q[0]));
		w->nq--;
		memset(&out, 0, sizeof(out));
		/* The arrival stamp is the clock at delivery (the kernel's stamp). */
		vrrp_fsm_recv_advert(&w->n[p.to].fsm, &p.adv, p.arrive, &out);
		perform(w, p.to, &out);
	}
	for (id = 0; id < 2; id++) {
		memset(&out, 0, sizeof(out));
		vrrp_fsm_timers(&w->n[id].fsm, w->now, &out);
		perform(w, id, &out);
	}
}

/* Run events up to and including `until`; the clock ends at `until`. */
static void world_run(struct world *w, uint64_t until)
{
	unsigned int guard = 0;
	uint64_t t;

	while ((t = world_next(w)) && t <= until) {
		assert_true(++guard < 100000);
		w->now = t;
		world_step(w);
	}
	w->now = until;
}

static int masters(const struct world *w)
{
	return (w->n[0].fsm.state == VRRP_STATE_MASTER) + (w->n[1].fsm.state == VRRP_STATE_MASTER);
}

static void test_scenario_failover(void **state)
{
	struct vrrp_fsm_params pa = v3_params(200, IP4(192, 0, 2, 1));
	struct vrrp_fsm_params pb = v3_params(100, IP4(192, 0, 2, 2));
	struct world w;
	uint64_t last_heard, t_shut;

	world_init(&w, &pa, IP4(192, 0, 2, 1), &pb, IP4(192, 0, 2, 2));
	w.now = T0;
	world_call(&w, 0, vrrp_fsm_startup);
	world_call(&w, 1, vrrp_fsm_startup);

	/* Election: A (200) times out first (shorter skew) and B hears it. */
	world_run(&w, T0 + SEC(20));
	assert_int_equal(masters(&w), 1);
	assert_int_equal(w.n[0].fsm.state, VRRP_STATE_MASTER);
	assert_int_equal(w.n[0].became_master_at, T0 + 3218750000ULL);
	assert_true(w.n[0].holds_vips);
	assert_false(w.n[1].holds_vips);
	assert_int_equal(w.n[1].become_count, 0);
	assert_int_equal(vrrp_addr_v4(&w.n[1].fsm.master_addr), htonl(IP4(192, 0, 2, 1)));
	assert_int_equal(w.n[1].fsm.master_priority, 200);

	/* Cut the wire: B takes over exactly Master_Down_Interval after A's last advert. */
	w.wire_up = false;
	w.nq = 0;
	last_heard = w.n[1].fsm.last_advert_ns;
	assert_true(last_heard > T0 + SEC(18));
	world_run(&w, T0 + SEC(30));
	assert_int_equal(w.n[1].fsm.state, VRRP_STATE_MASTER);
	assert_int_equal(w.n[1].became_master_at, last_heard + MDI_100);
	assert_int_equal(w.n[1].become_count, 1);
	assert_int_equal(masters(&w), 2);	/* split brain is what a cut wire means */

	/* Mend it: A (200) answers B's first advert, B steps down; one master again. */
	w.wire_up = true;
	world_run(&w, T0 + SEC(33));
	assert_int_equal(masters(&w), 1);
	assert_int_equal(w.n[0].fsm.state, VRRP_STATE_MASTER);
	assert_false(w.n[1].holds_vips);
	assert_int_equal(w.n[0].become_count, 1);	/* A never lost mastership */

	/* Shut A down: B takes over Skew_Time after the priority-0 advert lands. */
	t_shut = w.now;
	world_call(&w, 0, vrrp_fsm_shutdown);
	assert_false(w.n[0].holds_vips);
	world_run(&w, T0 + SEC(40));
	assert_int_equal(w.n[1].fsm.state, VRRP_STATE_MASTER);
	assert_int_equal(w.n[1].became_master_at, t_shut + WIRE_DELAY + SKEW_100);
	assert_int_equal(w.n[0].fsm.state, VRRP_STATE_INIT);
	assert_int_equal(masters(&w), 1);
}

/* Equal priorities, same start: both time out together; the greater address wins. */
static void test_scenario_tie_break(void **state)
{
	struct vrrp_fsm_params pa = v3_params(100, IP4(192, 0, 2, 1));
	struct vrrp_fsm_params pb = v3_params(100, IP4(192, 0, 2, 2));
	struct world w;

	world_init(&w, &pa, IP4(192, 0, 2, 1), &pb, IP4(192, 0, 2, 2));
	w.now = T0;
	world_call(&w, 0, vrrp_fsm_startup);
	world_call(&w, 1, vrrp_fsm_startup);
	world_run(&w, TM);
	assert_int_equal(masters(&w), 2);	/* simultaneous timeout */
	world_run(&w, T0 + SEC(15));
	assert_int_equal(masters(&w), 1);
	assert_int_equal(w.n[1].fsm.state, VRRP_STATE_MASTER);
	assert_int_equal(w.n[0].fsm.state, VRRP_STATE_BACKUP);
	assert_int_equal(w.n[1].become_count, 1);
	assert_int_equal(w.n[0].become_count, 1);
	assert_false(w.n[0].holds_vips);
}

/*
 * B (100) is master when A (200) starts. With nopreempt A stays backup;
 * with preempt it takes over exactly one Master_Down_Interval after it
 * started; with preempt_delay 10 s it waits for the first timer expiry
 * after the first of B's adverts it heard + 10 s.
 */
static void run_late_starter(bool preempt, uint64_t delay, uint64_t *a_master_at,
			     uint64_t *a_started)
{
	struct vrrp_fsm_params pa = v3_params(200, IP4(192, 0, 2, 1));
	struct vrrp_fsm_params pb = v3_params(100, IP4(192, 0, 2, 2));
	struct world w;

	pa.preempt = preempt;
	pa.preempt_delay_ns = delay;
	world_init(&w, &pa, IP4(192, 0, 2, 1), &pb, IP4(192, 0, 2, 2));
	w.now = T0;
	world_call(&w, 1, vrrp_fsm_startup);
	world_run(&w, T0 + SEC(5) + MS(500));
	assert_int_equal(w.n[1].fsm.state, VRRP_STATE_MASTER);
	*a_started = w.now;
	world_call(&w, 0, vrrp_fsm_startup);
	world_run(&w, T0 + SEC(40));
	assert_int_equal(masters(&w), 1);
	*a_master_at = w.n[0].become_count ? w.n[0].became_master_at : 0;
	if (*a_master_at)
		assert_int_equal(w.n[1].fsm.state, VRRP_STATE_BACKUP);
}

static void test_scenario_preempt(void **state)
{
	uint64_t at, started;

	run_late_starter(false, 0, &at, &started);
	assert_int_equal(at, 0);

	run_late_starter(true, 0, &at, &started);
	assert_int_equal(at, started + 3218750000ULL);

	/*
	 * B advertises at TB + k s (TB = T0 + MDI_100), A hears each 100 us
	 * later. The first one A hears starts the 10 s hold-off; the last one
	 * heard before it ends resets A's timer; A becomes master one MDI
	 * (prio 200) after that arrival.
	 */
	run_late_starter(true, SEC(10), &at, &started);
	{
		uint64_t tb = T0 + MDI_100, first = 0, holdoff, last = 0, k;

		for (k = 0; !first; k++)
			if (tb + SEC(k) + WIRE_DELAY >= started)
				first = tb + SEC(k) + WIRE_DELAY;
		holdoff = first + SEC(10);
		for (k = 0; tb + SEC(k) + WIRE_DELAY < holdoff; k++)
			last = tb + SEC(k) + WIRE_DELAY;
		assert_int_equal(at, last + 3218750000ULL);
		assert_true(at > holdoff);
	}
}

int main(void)
{
	const size_t n_rows = sizeof(rows) / sizeof(rows[0]);
	struct CMUnitTest *table = calloc(n_rows, sizeof(*table));
	const struct CMUnitTest others[] = {
		cmocka_unit_test(test_timers_both_due),
		cmocka_unit_test(test_next_deadline),
		cmocka_unit_test(test_sync_group_forcing),
		cmocka_unit_test(test_lower_prio_answer_rate_limited),
		cmocka_unit_test(test_tracker_fault),
		cmocka_unit_test(test_stranger_goodbye),
		cmocka_unit_test(test_tie_break_ipv6),
		cmocka_unit_test(test_actions_bounded),
		cmocka_unit_test(test_state_names),
		cmocka_unit_test(test_scenario_failover),
		cmocka_unit_test(test_scenario_tie_break),
		cmocka_unit_test(test_scenario_preempt),
	};
	size_t i;
	int failed;

	if (!table)
		return 1;
	for (i = 0; i < n_rows; i++) {
		table[i].name = rows[i].name;
		table[i].test_func = test_row;
		table[i].initial_state = (void *)&rows[i];
	}
	failed = _cmocka_run_group_tests("fsm_rules", table, n_rows, NULL, NULL);
	failed += cmocka_run_group_tests_name("fsm_timers_and_scenarios", others, NULL, NULL);
	free(table);
	return failed ? 1 : 0;
}
