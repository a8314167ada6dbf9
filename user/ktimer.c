// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Master_Down_Timer in the kernel, the daemon's side (bpf/master_down.h,
 * xvrrp_maps.h XVRRP_VRID_KTIMER): what the slot must know while the
 * instance is Backup, and what the daemon does with the kernel's news. The
 * state machine stays the authority: a kernel expiry is checked against it
 * (the stored master's last advert replayed as of the expiry) before the
 * instance becomes master, and a kernel flip it would not make is reverted.
 */
#include <string.h>
#include <arpa/inet.h>

#include "daemon.h"
#include "log.h"
#include "xvrrp_maps.h"
#include "xvrrp_wire.h"

#define KTIMER_BITS (XVRRP_VRID_KTIMER | XVRRP_VRID_KTAKEOVER | XVRRP_VRID_NOPREEMPT)

/*
 * Instances whose timer stays in the daemon: authenticated ones (the kernel
 * cannot check authentication, every advert is an event: WAKE_ALL),
 * preempt_delay (a hold-off the kernel does not keep) and sync-group members
 * (the group decides together, from the replayed stamps).
 */
bool xvrrp_ktimer_eligible(const struct xvrrp_instance *inst)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;

	return c->auth_type == VRRP_AUTH_NONE && !c->preempt_delay_ms && !inst->group;
}

void xvrrp_ktimer_sync(struct xvrrp_instance *inst)
{
	struct xvrrp_vrid_state *vs;
	uint32_t want = 0, have;

	if (!inst->iface->attached || !inst->started)
		return;
	vs = xvrrp_instance_slot(inst);
	if (inst->fsm.state == VRRP_STATE_BACKUP && xvrrp_ktimer_eligible(inst)) {
		want = XVRRP_VRID_KTIMER;
		if (inst->cfg->nopreempt)
			want |= XVRRP_VRID_NOPREEMPT;
		if (inst->cfg->kernel_takeover)
			want |= XVRRP_VRID_KTAKEOVER;
	}
	__atomic_store_n(&vs->cfg_priority, inst->fsm.priority, __ATOMIC_RELAXED);
	have = __atomic_load_n(&vs->flags, __ATOMIC_ACQUIRE) & KTIMER_BITS;
	if (want && !(have & XVRRP_VRID_KTIMER)) {
		/* A new Backup period: the interval the state machine starts it with, no deadline yet. */
		__atomic_store_n(&vs->down_mai_cs, inst->fsm.master_adver_int_cs, __ATOMIC_RELAXED);
		__atomic_store_n(&vs->down_at_ns, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&vs->flipped_ns, 0, __ATOMIC_RELAXED);
	}
	if (have & ~want)
		__atomic_fetch_and(&vs->flags, ~(have & ~want), __ATOMIC_SEQ_CST);
	if (want & ~have)
		__atomic_fetch_or(&vs->flags, want & ~have, __ATOMIC_SEQ_CST);
	if (!want) {
		/* Not Backup: the kernel's flip, if any, is the daemon's now (or gone). */
		__atomic_store_n(&vs->flipped_ns, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&vs->down_at_ns, 0, __ATOMIC_RELAXED);
	}
}

bool xvrrp_ktimer_holds_deadline(const struct xvrrp_instance *inst)
{
	const struct xvrrp_vrid_state *vs;

	if (inst->fsm.state != VRRP_STATE_BACKUP || !inst->iface->attached ||
	    !xvrrp_ktimer_eligible(inst))
		return false;
	vs = xvrrp_instance_slot(inst);
	if (!(__atomic_load_n(&vs->flags, __ATOMIC_ACQUIRE) & XVRRP_VRID_KTIMER))
		return false;
	return __atomic_load_n(&vs->down_at_ns, __ATOMIC_ACQUIRE) ||
	       __atomic_load_n(&vs->flipped_ns, __ATOMIC_ACQUIRE);
}

/* The kernel flipped, the state machine says no: the VIPs are not ours (yet). */
static void unflip(struct xvrrp_instance *inst)
{
	struct xvrrp_vrid_state *vs = xvrrp_instance_slot(inst);

	__atomic_store_n(&vs->flipped_ns, 0, __ATOMIC_RELAXED);
	if (inst->fsm.state != VRRP_STATE_MASTER)
		__atomic_fetch_and(&vs->flags, ~(uint32_t)XVRRP_VRID_OWNED, __ATOMIC_SEQ_CST);
}

static void master_down(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			const struct xvrrp_timer_event *te)
{
	uint64_t expiry = te->ev.ktime_ns, now = xvrrp_daemon_now(d);
	struct vrrp_actions acts = { 0 };
	struct vrrp_advert_in adv;

	inst->counters.kernel_master_down++;
	if (inst->fsm.state != VRRP_STATE_BACKUP) {
		/* Already decided (master, or out of the protocol): a late flip is not ours. */
		if (te->flipped)
			unflip(inst);
		return;
	}
	/*
	 * The advert that last set the kernel's timer, judged by the state
	 * machine's own rules: then both judge the same moment.
	 */
	if (te->ev.saddr4 && te->ev.version == inst->cfg->version &&
	    (te->ev.version != VRRP_VERSION_2 ||
	     te->ev.max_adver_int_cs == inst->cfg->adver_int_cs)) {
		adv.saddr = xvrrp_event_saddr(&te->ev);
		adv.priority = te->ev.priority;
		adv.max_adver_int_cs = te->ev.max_adver_int_cs;
		vrrp_fsm_timer_set_by(&inst->fsm, &adv, te->last_seen_ns, te->local_priority);
	}
	if (inst->fsm.master_down_timer != te->down_at_ns) {
		inst->counters.kernel_deadline_mismatch++;
		pr_debug("%s: kernel deadline %llu, state machine's %llu", inst->cfg->name,
			 (unsigned long long)te->down_at_ns,
			 (unsigned long long)inst->fsm.master_down_timer);
	}
	if (!inst->fsm.master_down_timer || inst->fsm.master_down_timer > expiry) {
		/* The state machine would not take over at that instant: it decides. */
		if (te->flipped) {
			inst->counters.kernel_takeover_reverted++;
			unflip(inst);
			pr_warn("%s: the kernel's takeover at its deadline is reverted: the state "
				"machine's Master_Down_Timer runs until %llu ns, past the expiry at "
				"%llu ns", inst->cfg->name,
				(unsigned long long)inst->fsm.master_down_timer,
				(unsigned long long)expiry);
		}
		xvrrp_instance_apply(d, inst, &acts);
		return;
	}
	vrrp_fsm_timers(&inst->fsm, now < expiry ? expiry : now, &acts);
	xvrrp_instance_apply(d, inst, &acts);
}

void xvrrp_ktimer_event(struct xvrrp_daemon *d, struct xvrrp_iface *iface, const void *data,
			size_t size)
{
	const struct xvrrp_timer_event *te = data;
	struct xvrrp_instance *inst;

	if (size < sizeof(*te))
		return;
	if (te->slot >= XVRRP_VRID_SLOTS)
		return;
	inst = iface->by_slot[te->slot];
	if (!inst || !inst->started)
		return;
	switch (te->ev.kind) {
	case XVRRP_EV_MASTER_DOWN:
		master_down(d, inst, te);
		break;
	case XVRRP_EV_UNFLIPPED:
		inst->counters.kernel_unflipped++;
		pr_warn("%s: the kernel took back the VIPs it answered for at the Master_Down "
			"deadline: the daemon did not follow within %llu ms", inst->cfg->name,
			(unsigned long long)(te->mdi_ns / 1000000));
		break;
	}
}
