/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The RFC 5798 §6 state machine, pure: no I/O, no clock of its own. Every
 * entry point takes the current CLOCK_MONOTONIC time in nanoseconds and
 * appends what must be done to a list of actions; the caller performs them.
 * Timers are absolute deadlines kept in the struct; the caller asks for the
 * earliest one (vrrp_fsm_next_deadline) and calls vrrp_fsm_timers() then.
 */
#ifndef XVRRP_FSM_H
#define XVRRP_FSM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum vrrp_state {
	VRRP_STATE_INIT = 0,    /* RFC "Initialize" */
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,       /* keepalived's FAULT: interface down */
};

enum vrrp_action_type {
	VRRP_ACT_SEND_ADVERT = 1,  /* send one advert with .priority */
	VRRP_ACT_BECOME_MASTER,    /* claim the VIPs: owned-VIP map, addresses, gratuitous ARP */
	VRRP_ACT_LEAVE_MASTER,     /* release the VIPs (reverse order) */
	VRRP_ACT_STATE_CHANGE,     /* informational: .from -> .to (logs, counters, notify) */
	/*
	 * An input of the §6.4.2/§6.4.3 receive rules other than the state
	 * changed (the effective priority): an advert judged before may be
	 * judged differently now. Whatever filters adverts on the way in (the
	 * XDP program's "wake only on change") must let the next advert of
	 * every router through. A transition implies it (STATE_CHANGE).
	 */
	VRRP_ACT_RECHECK_ADVERTS,
};

struct vrrp_action {
	enum vrrp_action_type type;
	uint8_t priority;          /* SEND_ADVERT */
	enum vrrp_state from, to;  /* STATE_CHANGE */
};

#define VRRP_FSM_MAX_ACTIONS 8

struct vrrp_actions {
	unsigned int n;
	struct vrrp_action a[VRRP_FSM_MAX_ACTIONS];
};

/*
 * A router's primary address as it is on the wire (network byte order), of
 * the instance's one family: an IPv4 address fills the first 4 bytes, the
 * rest is zero. For two addresses of one family, memcmp() order is the
 * RFC 9568 §6.4.3 order "as unsigned integers" (128 bits for IPv6).
 */
struct vrrp_addr {
	uint8_t b[16];
};

static inline struct vrrp_addr vrrp_addr4(uint32_t addr4)
{
	struct vrrp_addr a = { { 0 } };

	memcpy(a.b, &addr4, sizeof(addr4));
	return a;
}

static inline struct vrrp_addr vrrp_addr6(const void *addr6)
{
	struct vrrp_addr a;

	memcpy(a.b, addr6, sizeof(a.b));
	return a;
}

/* The IPv4 address in a (network byte order); 0 for an IPv6 one's first bytes. */
static inline uint32_t vrrp_addr_v4(const struct vrrp_addr *a)
{
	uint32_t v;

	memcpy(&v, a->b, sizeof(v));
	return v;
}

static inline int vrrp_addr_cmp(const struct vrrp_addr *x, const struct vrrp_addr *y)
{
	return memcmp(x->b, y->b, sizeof(x->b));
}

static inline bool vrrp_addr_is_set(const struct vrrp_addr *a)
{
	static const struct vrrp_addr none;

	return vrrp_addr_cmp(a, &none) != 0;
}

struct vrrp_fsm_params {
	uint8_t  vrid;
	uint8_t  version;          /* 2 or 3 */
	uint8_t  priority;         /* 1..255; 255 = address owner */
	uint16_t adver_int_cs;     /* Advertisement_Interval, centiseconds */
	bool     preempt;          /* Preempt_Mode (false = keepalived nopreempt) */
	uint64_t preempt_delay_ns; /* keepalived preempt_delay; 0 = none */
	struct vrrp_addr primary_addr; /* our primary address (IPv6: the link-local one) */
};

/* The fields of a received advert the state machine looks at. */
struct vrrp_advert_in {
	struct vrrp_addr saddr;    /* its IP source address */
	uint8_t  priority;
	uint16_t max_adver_int_cs; /* v3 Max Adver Int (v2: adver_int * 100) */
};

struct vrrp_fsm {
	struct vrrp_fsm_params p;
	enum vrrp_state state;
	uint8_t  priority;             /* effective priority (tracking may change it) */
	uint16_t master_adver_int_cs;  /* Master_Adver_Interval (learned in Backup) */
	uint64_t skew_time_ns;         /* Skew_Time */
	uint64_t master_down_interval_ns; /* Master_Down_Interval */
	uint64_t master_down_timer;    /* absolute deadline, 0 = not running */
	uint64_t master_down_set_ns;   /* when it was last set */
	uint64_t adver_timer;          /* absolute deadline, 0 = not running */
	uint64_t preempt_holdoff_until;/* preempt_delay: no preemption before this (0: not started) */
	struct vrrp_addr master_addr;  /* last master seen (all zero: none) */
	uint8_t  master_priority;      /* its priority */
	uint64_t last_advert_ns;       /* arrival time of the last advert accepted from the master */
	uint64_t last_transition_ns;
	uint64_t lower_prio_answered_ns;  /* last immediate answer to a lower-priority master */
	bool master_down_expired;      /* Backup: the timer ran out, held by a sync group */
};

/* Fill *fsm from *params. State Initialize; no timers run. */
void vrrp_fsm_init(struct vrrp_fsm *fsm, const struct vrrp_fsm_params *params);

/* §6.4.1: Startup event. */
void vrrp_fsm_startup(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out);

/* §6.4.2 / §6.4.3: Shutdown event (master sends priority 0 and releases). */
void vrrp_fsm_shutdown(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out);

/*
 * An advertisement that passed validation (XDP + daemon) arrived at `now`
 * (the kernel's arrival stamp). Handles §6.4.2 and §6.4.3 receive rules.
 */
void vrrp_fsm_recv_advert(struct vrrp_fsm *fsm, const struct vrrp_advert_in *adv,
			  uint64_t now, struct vrrp_actions *out);

/* Fire every timer whose deadline is <= now (Master_Down_Timer, Adver_Timer). */
void vrrp_fsm_timers(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out);

/* Earliest armed deadline, or 0 if none runs. */
uint64_t vrrp_fsm_next_deadline(const struct vrrp_fsm *fsm);

/* Effective priority changed (tracking). A master advertises the change at once. */
void vrrp_fsm_set_priority(struct vrrp_fsm *fsm, uint8_t priority, uint64_t now,
			   struct vrrp_actions *out);

/* Interface went down / up (keepalived FAULT semantics). */
void vrrp_fsm_link_down(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out);
void vrrp_fsm_link_up(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out);
/*
 * FAULT from a tracker (track_interface, track_script, track_file) while the
 * VRRP link works: as link_down, but a master first sends priority 0, so a
 * backup takes over after Skew_Time. Leave with vrrp_fsm_link_up.
 */
void vrrp_fsm_tracker_fault(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out);

/*
 * vrrp_sync_group (keepalived): members follow each other. force_master acts
 * as a Master_Down_Timer expiry (Backup only); force_backup makes a master
 * step down as if a better master had spoken, keeping Master_Adver_Interval.
 * Both do nothing in any other state.
 */
void vrrp_fsm_force_master(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out);
void vrrp_fsm_force_backup(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out);
/*
 * Backup: the advert `adv`, arrived at `at`, was heard by a Master_Down_Timer
 * kept outside (the kernel's, which every advert reaches; this machine hears
 * only the changes) and set it. Judge it by this machine's §6.4.2 timer
 * rules, with the priority it had then (priority_then), if it is newer
 * than what set its own timer: priority 0 sets
 * Skew_Time, an advert it may not preempt learns the interval and sets
 * Master_Down_Interval, a lower one it may preempt changes nothing. The
 * master it knows (address, priority, last advert) is left as it was: `adv`
 * may be older than what it heard since. Then vrrp_fsm_timers() decides.
 */
void vrrp_fsm_timer_set_by(struct vrrp_fsm *fsm, const struct vrrp_advert_in *adv, uint64_t at,
			   uint8_t priority_then);

/*
 * vrrp_sync_group: the Master_Down_Timer ran out, but the group may not go
 * master yet (another member still hears a better master). Stay Backup,
 * remember that this member is ready (master_down_expired) and restart the
 * timer. An advert that resets the timer (a live master) clears it again.
 */
void vrrp_fsm_hold_master(struct vrrp_fsm *fsm, uint64_t now);

const char *vrrp_state_name(enum vrrp_state state);

#endif /* XVRRP_FSM_H */
