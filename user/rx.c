// SPDX-License-Identifier: GPL-2.0-only
/*
 * Adverts in: ring-buffer events from the XDP program, the checks that need
 * an instance's configuration, and the replay of the last stamped advert
 * when a Master_Down_Timer runs out.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "daemon.h"
#include "log.h"
#include "xvrrp_maps.h"
#include "xvrrp_wire.h"

#define NSEC_PER_SEC 1000000000ULL

/*
 * v2 authentication (RFC 3768 §5.3.6, §7.1): type and data must match ours.
 * With auth_type AH (RFC 2338 §5.3.6.2) the event carries the IP packet and
 * its ICV, SPI and sequence number are checked (ah.c).
 */
static bool auth_acceptable(struct xvrrp_instance *inst, const struct xvrrp_advert_event *ev)
{
	const struct xvrrp_instance_cfg *cfg = inst->cfg;
	enum xvrrp_ah_verdict v;

	if (ev->auth_type > VRRP_AUTH_AH) {
		inst->counters.invalid_authtype++;
		return false;
	}
	if (ev->auth_type != cfg->auth_type) {
		inst->counters.authtype_mismatch++;
		return false;
	}
	if (cfg->auth_type == VRRP_AUTH_PASS &&
	    memcmp(ev->auth_data, cfg->auth_pass, sizeof(cfg->auth_pass))) {
		inst->counters.auth_failure++;
		return false;
	}
	if (cfg->auth_type != VRRP_AUTH_AH)
		return true;
	if (!ev->ip_len) {
		/* The XDP program sends no AH-less advert for an AH VRID; count it if one comes. */
		inst->counters.authtype_mismatch++;
		return false;
	}
	v = xvrrp_ah_check(((const struct xvrrp_ah_event *)ev)->ip, ev->ip_len, cfg->auth_pass,
			   cfg->n_unicast_peers > 0, inst->fsm.state == VRRP_STATE_BACKUP, &inst->ah);
	if (v == XVRRP_AH_OK)
		return true;
	inst->counters.auth_failure++;
	/* The first failure says why; the counter says how often. */
	if (inst->counters.auth_failure == 1) {
		char buf[INET_ADDRSTRLEN];

		pr_warn("%s: IPsec AH advert from %s refused: %s", cfg->name,
			inet_ntop(AF_INET, &ev->saddr4, buf, sizeof(buf)), xvrrp_ah_verdict_str(v));
	}
	return false;
}

struct vrrp_addr xvrrp_event_saddr(const struct xvrrp_advert_event *ev)
{
	return ev->family == XVRRP_AF_INET6 ? vrrp_addr6(ev->saddr6) : vrrp_addr4(ev->saddr4);
}

/* Is the instance's advertised VIP v among the addresses the event carries? */
static bool event_has_addr(const struct xvrrp_advert_event *ev, const struct xvrrp_vip *v)
{
	/* IPv4: one word an address; IPv6: four (the first XVRRP_EVENT_MAX_ADDRS / 4). */
	size_t words = v->cfg->family == AF_INET6 ? 4 : 1;
	size_t n = ev->count_addr * words;

	if (n > XVRRP_EVENT_MAX_ADDRS)
		n = XVRRP_EVENT_MAX_ADDRS;
	for (size_t j = 0; j + words <= n; j += words)
		if (!memcmp(&ev->addrs[j], &v->cfg->addr, words * 4))
			return true;
	return false;
}

/* Does the advertised address list match ours (virtual_ipaddress, not the excluded ones)? */
static bool addr_list_matches(const struct xvrrp_instance *inst, const struct xvrrp_advert_event *ev)
{
	size_t words = xvrrp_instance_v6(inst) ? 4 : 1, n = 0, matched = 0;

	/* The event carries the first addresses; the hash covers them all. */
	if (ev->count_addr * words > XVRRP_EVENT_MAX_ADDRS)
		return ev->addr_hash == xvrrp_instance_addr_hash(inst);

	for (size_t i = 0; i < inst->n_vips; i++) {
		if (!xvrrp_vip_advertised(inst, &inst->vips[i]))
			continue;
		n++;
		matched += event_has_addr(ev, &inst->vips[i]);
	}
	return ev->count_addr == n && matched == n;
}

/*
 * Checks of a valid advert that need the instance's configuration (the XDP
 * program already checked everything that needs only the packet). Returns
 * false when the advert must be discarded.
 */
static bool advert_acceptable(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			      const struct xvrrp_advert_event *ev)
{
	const struct xvrrp_instance_cfg *cfg = inst->cfg;

	if (ev->version != cfg->version) {
		/* A v2 and a v3 speaker on one VRID do not understand each other's timers. */
		inst->counters.invalid_type_rcvd++;
		return false;
	}
	if (cfg->version == VRRP_VERSION_2) {
		if (!auth_acceptable(inst, ev))
			return false;
		/* RFC 3768 §7.1: the interval must be ours. */
		if (ev->max_adver_int_cs != cfg->adver_int_cs) {
			inst->counters.advert_interval_err++;
			return false;
		}
	} else if (ev->max_adver_int_cs != cfg->adver_int_cs) {
		/* RFC 5798 §6.4.2: a v3 backup learns the master's interval; count, do not drop. */
		inst->counters.advert_interval_err++;
	}
	/*
	 * RFC 5798 §7.1 lets the address list differ (log it); keepalived counts
	 * it, discards it under vrrp_strict, and with vrrp_skip_check_adv_addr
	 * does not look again at adverts from the master it already knows.
	 */
	if (d->cfg.skip_check_adv_addr) {
		struct vrrp_addr from = xvrrp_event_saddr(ev);

		if (!vrrp_addr_cmp(&from, &inst->fsm.master_addr))
			return true;
	}
	if (!addr_list_matches(inst, ev)) {
		inst->counters.addr_list_err++;
		if (d->cfg.strict)
			return false;
	}
	return true;
}

/*
 * keepalived's garp_lower_prio_delay/repeat: a master that hears a lower
 * priority announces its VIPs again, so a confused peer's clients come back.
 */
static void lower_prio_seen(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			    const struct xvrrp_advert_event *ev)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;

	if (inst->fsm.state != VRRP_STATE_MASTER || ev->priority == VRRP_PRIO_STOP ||
	    ev->priority > inst->fsm.priority || !c->garp_lower_prio_repeat)
		return;
	if (!c->garp_lower_prio_delay_s) {
		xvrrp_instance_send_garps(d, inst, c->garp_lower_prio_repeat);
		return;
	}
	if (inst->garp_timer.heap_idx == XVRRP_TIMER_IDLE) {
		inst->garp_timer_repeat = c->garp_lower_prio_repeat;
		xvrrp_timerheap_set(&d->timers, &inst->garp_timer,
				    xvrrp_daemon_now(d) + c->garp_lower_prio_delay_s * NSEC_PER_SEC);
	}
}

static void deliver(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
		    const struct vrrp_advert_in *adv, uint64_t stamp)
{
	struct vrrp_actions acts = { 0 };

	vrrp_fsm_recv_advert(&inst->fsm, adv, stamp, &acts);
	xvrrp_instance_apply(d, inst, &acts);
}

/* An event from iface's ring (each interface has its own: names and ifindexes repeat across namespaces). */
static void rx_one(struct xvrrp_daemon *d, struct xvrrp_iface *iface, const void *data, size_t size)
{
	const struct xvrrp_advert_event *ev = data;
	struct xvrrp_instance *inst;
	struct vrrp_advert_in adv;

	if (size < sizeof(*ev) || ev->ip_len > XVRRP_AH_IP_MAX || size < sizeof(*ev) + ev->ip_len)
		return;
	if (!iface->attached)
		return;
	if (ev->kind != XVRRP_EV_ADVERT) {
		xvrrp_ktimer_event(d, iface, data, size);
		return;
	}
	inst = iface->by_slot[XVRRP_VRID_SLOT(ev->vrid, ev->family)];
	if (!inst || !inst->started)
		return;
	if (!advert_acceptable(d, inst, ev)) {
		/*
		 * RFC 5798 §7.1: discarded. The XDP program may have made it the
		 * master it follows (it checks what it can, not authentication):
		 * forget that, so the next advert of any router is judged afresh.
		 */
		xvrrp_instance_recheck_adverts(inst);
		return;
	}
	/* Counted once it passed every check (and authentication), as keepalived does. */
	if (ev->priority == VRRP_PRIO_STOP)
		inst->counters.pri_zero_rcvd++;
	lower_prio_seen(d, inst, ev);
	adv.saddr = xvrrp_event_saddr(ev);
	adv.priority = ev->priority;
	adv.max_adver_int_cs = ev->max_adver_int_cs;
	deliver(d, inst, &adv, ev->ktime_ns);
}

/* One event, then -EAGAIN once the turn's budget is spent (libbpf stops after it). */
int xvrrp_rx_event(void *ctx, void *data, size_t size)
{
	struct xvrrp_iface *iface = ctx;
	struct xvrrp_daemon *d = iface->d;

	rx_one(d, iface, data, size);
	if (d->rx_budget && --d->rx_budget == 0)
		return -EAGAIN;
	return 0;
}
/*
 * A backup's Master_Down_Timer ran out. The XDP program does not wake us for
 * an advert that repeats the last one; it only stamps last_seen_ns. So before
 * acting, replay the latest stamped advert: a late user space must never
 * cause a false takeover (DESIGN.md, "Timestamps").
 */
void xvrrp_rx_replay(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	const struct xvrrp_vrid_state *vs = xvrrp_instance_slot(inst);
	union xvrrp_vrid_master master;
	struct vrrp_advert_in adv;
	uint64_t last_seen;

	/* A read of the mmap()ed slot: no syscall (it was a quarter of a busy backup's CPU). */
	if (!(__atomic_load_n(&vs->flags, __ATOMIC_ACQUIRE) & XVRRP_VRID_SEEN))
		return;
	/*
	 * The stamp first, then the master as one word: the XDP program writes
	 * them the other way round, so a stamp is never paired with a master
	 * older than the one it belongs to (xvrrp_maps.h).
	 */
	last_seen = __atomic_load_n(&vs->last_seen_ns, __ATOMIC_ACQUIRE);
	master.word = __atomic_load_n(&vs->master.word, __ATOMIC_ACQUIRE);
	if (last_seen <= inst->fsm.last_advert_ns)
		return;
	/*
	 * Replay only what advert_acceptable() would have let through: the map
	 * keeps no authentication data (such instances get every advert as an
	 * event instead), and v2 discards a foreign interval.
	 */
	if (master.adv.version != inst->cfg->version || inst->cfg->auth_type != VRRP_AUTH_NONE ||
	    (master.adv.version == VRRP_VERSION_2 &&
	     master.adv.max_adver_int_cs != inst->cfg->adver_int_cs))
		return;
	if (xvrrp_instance_v6(inst)) {
		/*
		 * The 128-bit sender is written just before the word; if its fold
		 * is not the word's, a newer master was being stored: its advert
		 * wakes us anyway, so this replay is skipped, not guessed.
		 */
		uint32_t w[4];

		for (int i = 0; i < 4; i++)
			w[i] = __atomic_load_n(&vs->master_saddr6[i], __ATOMIC_ACQUIRE);
		if (xvrrp_addr6_fold(w) != master.adv.saddr4)
			return;
		adv.saddr = vrrp_addr6(w);
	} else {
		adv.saddr = vrrp_addr4(master.adv.saddr4);
	}
	adv.priority = master.adv.priority;
	adv.max_adver_int_cs = master.adv.max_adver_int_cs;
	deliver(d, inst, &adv, last_seen);
}
