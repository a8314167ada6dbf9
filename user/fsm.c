// SPDX-License-Identifier: GPL-2.0-only
/*
 * The VRRP state machine of RFC 5798 §6 (as clarified by RFC 9568 §6) and,
 * for version 2, RFC 3768 §6. Pure: the caller passes the CLOCK_MONOTONIC
 * time in ns and performs the actions appended to *out, in order.
 *
 * Conventions:
 *  - Every transition appends STATE_CHANGE{from,to} first, so a logger sees
 *    it before the work it causes, then the RFC's actions in RFC order.
 *  - Timers are absolute deadlines; 0 means "not running". Only one of them
 *    runs in any state: Master_Down_Timer in Backup, Adver_Timer in Master.
 *  - Inputs that make no sense in the current state are ignored; nothing
 *    here aborts, and no call appends more than VRRP_FSM_MAX_ACTIONS.
 */
#include <stddef.h>
#include <string.h>

#include "fsm.h"
#include "xvrrp_wire.h"

#define NSEC_PER_CS	10000000ULL	/* one centisecond */
#define NSEC_PER_SEC	1000000000ULL

/* ---- actions ---------------------------------------------------------- */

static void push(struct vrrp_actions *out, const struct vrrp_action *act)
{
	if (!out || out->n >= VRRP_FSM_MAX_ACTIONS)
		return;
	out->a[out->n++] = *act;
}

static void push_state_change(struct vrrp_actions *out, enum vrrp_state from,
			      enum vrrp_state to)
{
	struct vrrp_action act = {
		.type = VRRP_ACT_STATE_CHANGE, .from = from, .to = to,
	};

	push(out, &act);
}

static void push_send_advert(struct vrrp_actions *out, uint8_t priority)
{
	struct vrrp_action act = {
		.type = VRRP_ACT_SEND_ADVERT, .priority = priority,
	};

	push(out, &act);
}

static void push_simple(struct vrrp_actions *out, enum vrrp_action_type type)
{
	struct vrrp_action act = { .type = type };

	push(out, &act);
}

/* Record the transition and tell the caller first (see conventions above). */
static void transition(struct vrrp_fsm *fsm, enum vrrp_state to, uint64_t now,
		       struct vrrp_actions *out)
{
	push_state_change(out, fsm->state, to);
	fsm->state = to;
	fsm->last_transition_ns = now;
	fsm->master_down_expired = false;
	fsm->preempt_holdoff_until = 0;
	/* Out of the protocol (Initialize, FAULT) we know of no master. */
	if (to == VRRP_STATE_INIT || to == VRRP_STATE_FAULT) {
		memset(&fsm->master_addr, 0, sizeof(fsm->master_addr));
		fsm->master_priority = 0;
	}
}

/* ---- timers and intervals ---------------------------------------------- */

/* A deadline of 0 means "stopped", so an armed timer never lands on 0. */
static uint64_t deadline(uint64_t now, uint64_t interval)
{
	uint64_t d = now + interval;

	return d ? d : 1;
}

/* Master_Down_Timer := now + interval, remembering when it was set. */
static void set_master_down(struct vrrp_fsm *fsm, uint64_t now, uint64_t interval)
{
	fsm->master_down_timer = deadline(now, interval);
	fsm->master_down_set_ns = now;
}

static uint64_t adver_interval_ns(const struct vrrp_fsm *fsm)
{
	return (uint64_t)fsm->p.adver_int_cs * NSEC_PER_CS;
}

/*
 * RFC 5798 §6.1 (RFC 9568 §6.1):
 *   Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256
 *   Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time
 * Master_Adver_Interval is in centiseconds; the product is scaled to ns
 * before the division so that nothing is lost (priority 100 at 1 cs gives
 * 6.09375 ms exactly).
 *
 * RFC 3768 §6.1 (version 2):
 *   Skew_Time = (256 - Priority) / 256 seconds
 *   Master_Down_Interval = 3 * Advertisement_Interval + Skew_Time
 *
 * Priority is the effective one (tracking may have moved it).
 */
static void compute_intervals(struct vrrp_fsm *fsm)
{
	uint64_t weight = 256 - (uint64_t)fsm->priority;
	uint64_t adver_ns = (uint64_t)fsm->master_adver_int_cs * NSEC_PER_CS;

	if (fsm->p.version == 2)
		fsm->skew_time_ns = weight * NSEC_PER_SEC / 256;
	else
		fsm->skew_time_ns = weight * fsm->master_adver_int_cs * NSEC_PER_CS / 256;
	fsm->master_down_interval_ns = 3 * adver_ns + fsm->skew_time_ns;
}

/*
 * §6.4.2 / §6.4.3: "Set Master_Adver_Interval to Adver Interval contained in
 * the ADVERTISEMENT". Version 2 has no such step: RFC 3768 §7.1 discards an
 * advert whose interval differs from ours, and its Master_Down_Interval is
 * built from our own Advertisement_Interval, so v2 keeps ours.
 */
static void learn_master_adver_int(struct vrrp_fsm *fsm,
				   const struct vrrp_advert_in *adv)
{
	if (fsm->p.version == 2)
		fsm->master_adver_int_cs = fsm->p.adver_int_cs;
	else
		fsm->master_adver_int_cs = adv->max_adver_int_cs;
	compute_intervals(fsm);
}

static void cancel_timers(struct vrrp_fsm *fsm)
{
	fsm->master_down_timer = 0;
	fsm->adver_timer = 0;
}

static void remember_master(struct vrrp_fsm *fsm, const struct vrrp_advert_in *adv,
			    uint64_t now)
{
	fsm->master_addr = adv->saddr;
	fsm->master_priority = adv->priority;
	fsm->last_advert_ns = now;
}

/* Our own advert, looped back: not another router speaking. */
static bool is_own(const struct vrrp_fsm *fsm, const struct vrrp_advert_in *adv)
{
	return vrrp_addr_is_set(&fsm->p.primary_addr) &&
	       !vrrp_addr_cmp(&adv->saddr, &fsm->p.primary_addr);
}

/* ---- the transitions ---------------------------------------------------- */

/* Shared by §6.4.1 Startup and by §6.4.2 Master_Down_Timer expiry. */
static void become_master(struct vrrp_fsm *fsm, uint64_t now,
			  struct vrrp_actions *out)
{
	transition(fsm, VRRP_STATE_MASTER, now, out);
	push_send_advert(out, fsm->priority);
	/* BECOME_MASTER includes the gratuitous ARP / unsolicited NA. */
	push_simple(out, VRRP_ACT_BECOME_MASTER);
	fsm->master_down_timer = 0;
	fsm->adver_timer = deadline(now, adver_interval_ns(fsm));
	fsm->master_addr = fsm->p.primary_addr;
	fsm->master_priority = fsm->priority;
}

/*
 * §6.4.1, also used when the link comes back (keepalived leaves FAULT the
 * way it starts). The state we come from may be Initialize or FAULT.
 */
static void startup(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out)
{
	fsm->master_adver_int_cs = fsm->p.adver_int_cs;
	compute_intervals(fsm);

	if (fsm->priority == VRRP_PRIO_OWNER) {
		become_master(fsm, now, out);
		return;
	}
	transition(fsm, VRRP_STATE_BACKUP, now, out);
	fsm->adver_timer = 0;
	set_master_down(fsm, now, fsm->master_down_interval_ns);
}

/* §6.4.3: leave Master for Backup because a better master speaks. */
static void master_step_down(struct vrrp_fsm *fsm, const struct vrrp_advert_in *adv,
			     uint64_t now, struct vrrp_actions *out)
{
	fsm->adver_timer = 0;
	learn_master_adver_int(fsm, adv);
	set_master_down(fsm, now, fsm->master_down_interval_ns);
	transition(fsm, VRRP_STATE_BACKUP, now, out);
	push_simple(out, VRRP_ACT_LEAVE_MASTER);
	remember_master(fsm, adv, now);
}

/* §6.4.2 "If the Master_Down_Timer fires". */
static void master_down_timer_expire(struct vrrp_fsm *fsm, uint64_t now,
				     struct vrrp_actions *out)
{
	become_master(fsm, now, out);
}

/* §6.4.3 "If the Adver_Timer fires". */
static void adver_timer_expire(struct vrrp_fsm *fsm, uint64_t now,
			       struct vrrp_actions *out)
{
	push_send_advert(out, fsm->priority);
	/* From now, not from the old deadline: a late wake-up sends one advert, not a burst. */
	fsm->adver_timer = deadline(now, adver_interval_ns(fsm));
}

/* Is the sender's primary address greater than ours (§6.4.3 tie-break)? */
static bool sender_addr_greater(const struct vrrp_fsm *fsm,
				const struct vrrp_advert_in *adv)
{
	/* RFC 9568 §6.4.3: unsigned comparison of the addresses as integers. */
	return vrrp_addr_cmp(&adv->saddr, &fsm->p.primary_addr) > 0;
}

/*
 * preempt_delay (keepalived.conf(5): "seconds after startup or seeing a
 * lower priority master until preemption"; keepalived's vrrp.c): the first
 * lower-priority advert a backup hears starts the hold-off
 * (preempt_holdoff_until = then + preempt_delay). Until it ends such
 * adverts are taken as if Preempt_Mode were false (they reset the
 * Master_Down_Timer); from then on they are discarded and the timer runs
 * out as §6.4.2 intends: the takeover comes about preempt_delay +
 * Master_Down_Interval after the first lower advert. An advert of equal or
 * higher priority, or a transition, ends the hold-off. It never delays a
 * takeover from a master that went silent.
 */
static bool preempt_allowed(struct vrrp_fsm *fsm, const struct vrrp_advert_in *adv, uint64_t now)
{
	if (!fsm->p.preempt)
		return false;
	if (!fsm->p.preempt_delay_ns)
		return true;
	if (adv->priority >= fsm->priority) {
		fsm->preempt_holdoff_until = 0;
		return true;
	}
	if (!fsm->preempt_holdoff_until)
		fsm->preempt_holdoff_until = deadline(now, fsm->p.preempt_delay_ns);
	return now >= fsm->preempt_holdoff_until;
}

/* §6.4.2 "If an ADVERTISEMENT is received". */
static void backup_recv_advert(struct vrrp_fsm *fsm, const struct vrrp_advert_in *adv,
			       uint64_t now)
{
	if (adv->priority == 0) {
		/*
		 * Someone is leaving: take over after Skew_Time only, unless the
		 * master speaks again (it answers a goodbye not its own at once,
		 * §6.4.3). Only the master's own goodbye makes it the last advert
		 * heard from the master: another router's must not hide the
		 * master's answer, stamped at the same time, from the replay.
		 */
		if (!vrrp_addr_cmp(&adv->saddr, &fsm->master_addr))
			remember_master(fsm, adv, now);
		set_master_down(fsm, now, fsm->skew_time_ns);
		return;
	}
	remember_master(fsm, adv, now);
	if (!preempt_allowed(fsm, adv, now) || adv->priority >= fsm->priority) {
		learn_master_adver_int(fsm, adv);
		/* `now` is the kernel's arrival stamp (DESIGN.md, Timestamps). */
		set_master_down(fsm, now, fsm->master_down_interval_ns);
		fsm->master_down_expired = false;
		return;
	}
	/*
	 * Lower priority and we may preempt: discard, so the timer runs out
	 * and this router takes over (§6.4.2, "Discard the ADVERTISEMENT").
	 */
}

/* §6.4.3 "If an ADVERTISEMENT is received". */
static void master_recv_advert(struct vrrp_fsm *fsm, const struct vrrp_advert_in *adv,
			       uint64_t now, struct vrrp_actions *out)
{
	if (adv->priority != 0 &&
	    (adv->priority > fsm->priority ||
	     (adv->priority == fsm->priority && sender_addr_greater(fsm, adv)))) {
		master_step_down(fsm, adv, now, out);
		return;
	}
	/*
	 * Priority 0: someone else gave up mastership; §6.4.3 says "Send an
	 * ADVERTISEMENT" at once, every time: the backups that heard it set
	 * their Master_Down_Timer to Skew_Time and take over unless they hear
	 * us first. It costs one advert per such packet, never more.
	 */
	if (adv->priority == 0) {
		push_send_advert(out, fsm->priority);
		fsm->adver_timer = deadline(now, adver_interval_ns(fsm));
		return;
	}
	/*
	 * A lower-priority master (or an equal one with a smaller
	 * address): RFC 5798 says "Discard the ADVERTISEMENT"; keepalived (unless
	 * lower_prio_no_advert is set) answers at once so the other side steps
	 * down now instead of after up to one Advertisement_Interval. We do the
	 * same, at most once per Advertisement_Interval: answering every such
	 * advert lets a flood of them make us flood the segment in return
	 * (measured: 189827 adverts in 10 s instead of 100).
	 */
	if (fsm->lower_prio_answered_ns &&
	    now < fsm->lower_prio_answered_ns + adver_interval_ns(fsm))
		return;
	fsm->lower_prio_answered_ns = now;
	push_send_advert(out, fsm->priority);
	fsm->adver_timer = deadline(now, adver_interval_ns(fsm));
}

/* ---- the interface -------------------------------------------------------- */

void vrrp_fsm_init(struct vrrp_fsm *fsm, const struct vrrp_fsm_params *params)
{
	memset(fsm, 0, sizeof(*fsm));
	fsm->p = *params;
	/* Sanitise instead of asserting: config validation is the real gate. */
	if (fsm->p.version != 2)
		fsm->p.version = 3;
	if (fsm->p.priority == 0)
		fsm->p.priority = 1;
	if (fsm->p.adver_int_cs == 0)
		fsm->p.adver_int_cs = 1;
	fsm->state = VRRP_STATE_INIT;
	fsm->priority = fsm->p.priority;
	fsm->master_adver_int_cs = fsm->p.adver_int_cs;
	compute_intervals(fsm);
}

void vrrp_fsm_startup(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out)
{
	if (fsm->state != VRRP_STATE_INIT)
		return;
	startup(fsm, now, out);
}

/*
 * Out of the protocol, to Initialize (Shutdown) or FAULT. A master that can
 * still be heard sends priority 0 first (§6.4.3), so backups take over after
 * Skew_Time, then releases its addresses.
 */
static void leave_protocol(struct vrrp_fsm *fsm, enum vrrp_state to, uint64_t now,
			   bool say_goodbye, struct vrrp_actions *out)
{
	enum vrrp_state from = fsm->state;

	if (from == to)
		return;
	cancel_timers(fsm);
	transition(fsm, to, now, out);
	if (from != VRRP_STATE_MASTER)
		return;
	if (say_goodbye)
		push_send_advert(out, VRRP_PRIO_STOP);
	push_simple(out, VRRP_ACT_LEAVE_MASTER);
}

void vrrp_fsm_shutdown(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out)
{
	leave_protocol(fsm, VRRP_STATE_INIT, now, true, out);
}

void vrrp_fsm_recv_advert(struct vrrp_fsm *fsm, const struct vrrp_advert_in *adv,
			  uint64_t now, struct vrrp_actions *out)
{
	if (!adv)
		return;
	/* A v3 Max Adver Int of 0 would make Master_Down_Interval 0: malformed. */
	if (fsm->p.version != 2 && adv->max_adver_int_cs == 0)
		return;
	/*
	 * Our own advert looped back is not another router speaking. But a
	 * master answers a priority 0 "from itself" like any other (§6.4.3,
	 * no exception): we never receive what we send (XDP sees ingress), so
	 * it is a spoof or a reflection, and the backups that heard it are
	 * about to take over after Skew_Time unless we speak at once.
	 */
	if (is_own(fsm, adv) && !(adv->priority == 0 && fsm->state == VRRP_STATE_MASTER))
		return;

	switch (fsm->state) {
	case VRRP_STATE_BACKUP:
		backup_recv_advert(fsm, adv, now);
		break;
	case VRRP_STATE_MASTER:
		master_recv_advert(fsm, adv, now, out);
		break;
	default:
		/* Initialize and FAULT do not listen (§6.4.1). */
		break;
	}
}

void vrrp_fsm_timers(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out)
{
	/*
	 * Master_Down_Timer first: if it fires, the Adver_Timer it arms lies
	 * one Advertisement_Interval after `now` and cannot fire in this call.
	 * A timer found armed in a state that does not use it is just stopped.
	 */
	if (fsm->master_down_timer && fsm->master_down_timer <= now) {
		fsm->master_down_timer = 0;
		if (fsm->state == VRRP_STATE_BACKUP)
			master_down_timer_expire(fsm, now, out);
	}
	if (fsm->adver_timer && fsm->adver_timer <= now) {
		fsm->adver_timer = 0;
		if (fsm->state == VRRP_STATE_MASTER)
			adver_timer_expire(fsm, now, out);
	}
}

uint64_t vrrp_fsm_next_deadline(const struct vrrp_fsm *fsm)
{
	uint64_t a = fsm->master_down_timer, b = fsm->adver_timer;

	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

/*
 * Tracking moved the effective priority. It stays within 1..254 unless this
 * router is the configured address owner (255 means "owner", RFC 5798 §5.2.4,
 * and priority 0 means "leaving"; neither may be reached by tracking).
 */
void vrrp_fsm_set_priority(struct vrrp_fsm *fsm, uint8_t priority, uint64_t now,
			   struct vrrp_actions *out)
{
	if (priority == 0)
		priority = 1;
	if (priority == VRRP_PRIO_OWNER && fsm->p.priority != VRRP_PRIO_OWNER)
		priority = VRRP_PRIO_OWNER - 1;
	if (priority == fsm->priority)
		return;
	fsm->priority = priority;
	/* Skew_Time depends on priority; a running Master_Down_Timer is kept. */
	compute_intervals(fsm);

	/*
	 * §6.4.3: a master steps down for an advert of higher priority than its
	 * own, so the same advert from the same router can mean something else
	 * now; likewise a backup's preemption test (§6.4.2).
	 */
	if (fsm->state == VRRP_STATE_MASTER || fsm->state == VRRP_STATE_BACKUP)
		push_simple(out, VRRP_ACT_RECHECK_ADVERTS);
	if (fsm->state == VRRP_STATE_MASTER) {
		/* Let backups judge the new priority now, not one interval later. */
		push_send_advert(out, fsm->priority);
		fsm->adver_timer = deadline(now, adver_interval_ns(fsm));
	}
}

void vrrp_fsm_force_master(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out)
{
	if (fsm->state == VRRP_STATE_BACKUP)
		become_master(fsm, now, out);
}

void vrrp_fsm_force_backup(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out)
{
	if (fsm->state != VRRP_STATE_MASTER)
		return;
	fsm->adver_timer = 0;
	set_master_down(fsm, now, fsm->master_down_interval_ns);
	transition(fsm, VRRP_STATE_BACKUP, now, out);
	push_simple(out, VRRP_ACT_LEAVE_MASTER);
}

void vrrp_fsm_timer_set_by(struct vrrp_fsm *fsm, const struct vrrp_advert_in *adv, uint64_t at,
			   uint8_t priority_then)
{
	uint8_t now_priority = fsm->priority;

	if (fsm->state != VRRP_STATE_BACKUP || !priority_then)
		return;
	/*
	 * §6.4.2 for that advert, if it is newer than what set our timer and
	 * not our own: priority 0 sets Skew_Time; one we may not preempt learns
	 * the interval and sets Master_Down_Interval; a lower one we may
	 * preempt would have been discarded (the timer runs on).
	 */
	if (!adv || at <= fsm->master_down_set_ns ||
	    is_own(fsm, adv) ||
	    (fsm->p.version != 2 && !adv->max_adver_int_cs))
		return;
	/* Judged with the priority this router had then; Skew_Time depends on it. */
	fsm->priority = priority_then;
	compute_intervals(fsm);
	if (adv->priority == 0) {
		set_master_down(fsm, at, fsm->skew_time_ns);
	} else if (!fsm->p.preempt || adv->priority >= fsm->priority) {
		learn_master_adver_int(fsm, adv);
		set_master_down(fsm, at, fsm->master_down_interval_ns);
		fsm->master_down_expired = false;
	}
	fsm->priority = now_priority;
	compute_intervals(fsm);
}

void vrrp_fsm_hold_master(struct vrrp_fsm *fsm, uint64_t now)
{
	if (fsm->state != VRRP_STATE_BACKUP)
		return;
	fsm->master_down_expired = true;
	set_master_down(fsm, now, fsm->master_down_interval_ns);
}

void vrrp_fsm_link_down(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out)
{
	/* No priority-0 advert: it could not leave through a dead link. */
	leave_protocol(fsm, VRRP_STATE_FAULT, now, false, out);
}

void vrrp_fsm_tracker_fault(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out)
{
	/* The link works: a master says goodbye before it goes. */
	leave_protocol(fsm, VRRP_STATE_FAULT, now, true, out);
}

void vrrp_fsm_link_up(struct vrrp_fsm *fsm, uint64_t now, struct vrrp_actions *out)
{
	if (fsm->state != VRRP_STATE_FAULT)
		return;
	startup(fsm, now, out);
}

const char *vrrp_state_name(enum vrrp_state state)
{
	switch (state) {
	case VRRP_STATE_INIT:
		return "INIT";
	case VRRP_STATE_BACKUP:
		return "BACKUP";
	case VRRP_STATE_MASTER:
		return "MASTER";
	case VRRP_STATE_FAULT:
		return "FAULT";
	}
	return "UNKNOWN";
}
