/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Following the stored master of each VRID in vrid_state (the rule is
 * spelled out above struct xvrrp_vrid_state in xvrrp_maps.h): a valid
 * advert is stored, stamped, counted or ignored here, and user space is
 * woken (events.h) only when something that matters changed.
 */
#ifndef XVRRP_BPF_MASTER_H
#define XVRRP_BPF_MASTER_H

/*
 * Is adv from the stored master? The word holds an IPv4 sender itself and
 * an IPv6 one's fold; the IPv6 address is then compared whole.
 */
static __always_inline bool from_stored_master(const struct xvrrp_vrid_state *vs,
					       const struct vrrp_advert *adv)
{
	if (vs->master.adv.saddr4 != adv->saddr4)
		return false;
	return adv->family != XVRRP_AF_INET6 || addr6_eq(vs->master_saddr6, adv->saddr6);
}

/*
 * RFC 5798 §6.4.3 (RFC 9568): is the sender's address higher than the
 * stored master's, compared as unsigned integers (32 or 128 bits)?
 */
static __always_inline bool sender_addr_higher(const struct xvrrp_vrid_state *vs,
					       const struct vrrp_advert *adv)
{
	__u32 a, m, i;

	if (adv->family != XVRRP_AF_INET6)
		return bpf_ntohl(adv->saddr4) > bpf_ntohl(vs->master.adv.saddr4);
	for (i = 0; i < 4; i++) {
		a = bpf_ntohl(adv->saddr6[i]);
		m = bpf_ntohl(vs->master_saddr6[i]);
		if (a != m)
			return a > m;
	}
	return false;
}

/*
 * Which of the fields that matter (DESIGN.md "Scale") changed since the
 * last advert. A global function: its result is one unknown value to the
 * verifier, where inlined each of the up to 64 exact reason values it can
 * make walked the rest of vrrp_accept() (and the advert_event() call) as
 * a state of its own.
 */
__noinline __u32 wake_reason(const struct xvrrp_vrid_state *vs, __u32 flags,
			     const struct vrrp_advert *adv)
{
	__u32 reason = 0;

	if (!vs || !adv)	/* cannot happen: the caller's */
		return 0;
	if (!(flags & XVRRP_VRID_SEEN)) {
		reason |= XVRRP_WAKE_NEW;
	} else {
		if (!from_stored_master(vs, adv))
			reason |= XVRRP_WAKE_SENDER;
		if (vs->master.adv.priority != adv->priority)
			reason |= XVRRP_WAKE_PRIORITY;
		if (vs->master.adv.max_adver_int_cs != adv->max_adver_int_cs)
			reason |= XVRRP_WAKE_INTERVAL;
		if (vs->addr_hash != adv->addr_hash)
			reason |= XVRRP_WAKE_ADDRS;
		if (vs->master.adv.version != adv->version)
			reason |= XVRRP_WAKE_VERSION;
	}
	/* §6.4.2/§6.4.3: priority 0 means the master is leaving; act at once. */
	if (adv->priority == VRRP_PRIO_STOP)
		reason |= XVRRP_WAKE_PRIO_ZERO;
	if (flags & XVRRP_VRID_WAKE_ALL)
		reason |= XVRRP_WAKE_ALL;
	return reason;
}

/*
 * The stored master went quiet: no advert for more than three of its
 * advert intervals (the Master_Down_Interval of RFC 5798 §6.1 without
 * Skew_Time). At most 3 * 25500 cs * 10^7 ns, far from overflowing 64 bits.
 * A stamp in the future (user space wrote it) is not stale.
 */
#define STALE_ADVERTS	3

static __always_inline bool stored_master_stale(const struct xvrrp_vrid_state *vs, __u64 now)
{
	__u64 last = vs->last_seen_ns;
	__u64 limit = STALE_ADVERTS * NSEC_PER_CS * vs->master.adv.max_adver_int_cs;

	return now > last && now - last > limit;
}

/*
 * An advert (priority > 0) from a sender other than the stored master
 * takes its place only if it is better or the stored one is gone: higher
 * priority, or equal priority from the higher address (RFC 5798 §6.4.3,
 * sender_addr_higher()), or a stale stored
 * master, or user space wants every advert (WAKE_ALL).
 */
static __always_inline bool newcomer_replaces(const struct xvrrp_vrid_state *vs, __u32 flags,
					      const struct vrrp_advert *adv, __u64 now)
{
	if (flags & XVRRP_VRID_WAKE_ALL)
		return true;
	if (adv->priority > vs->master.adv.priority)
		return true;
	if (adv->priority == vs->master.adv.priority && sender_addr_higher(vs, adv))
		return true;
	return stored_master_stale(vs, now);
}

/*
 * The rate limit of wake-ups for other senders' adverts (xvrrp_maps.h): a
 * GCRA over newcomer_tat_ns, the time at which the slot is "full" again.
 * Racing CPUs may let one or two more through; nothing worse.
 */
static __always_inline bool newcomer_admitted(struct xvrrp_vrid_state *vs, __u64 now)
{
	__u64 tat = vs->newcomer_tat_ns;

	if (tat < now)
		tat = now;
	tat += XVRRP_NEWCOMER_INTERVAL_NS;
	if (tat - now > XVRRP_NEWCOMER_BURST * XVRRP_NEWCOMER_INTERVAL_NS)
		return false;
	vs->newcomer_tat_ns = tat;
	return true;
}

/* The reasons that change what vrid_state holds (all but WAKE_ALL). */
#define WAKE_CHANGES	(XVRRP_WAKE_NEW | XVRRP_WAKE_SENDER | XVRRP_WAKE_PRIORITY | \
			 XVRRP_WAKE_INTERVAL | XVRRP_WAKE_ADDRS | XVRRP_WAKE_VERSION | \
			 XVRRP_WAKE_PRIO_ZERO)

/* The stored master is alive: the daemon reads this when Master_Down expires. */
static __always_inline void stamp(struct xvrrp_vrid_state *vs, __u64 now)
{
	/* The atomic add orders the master word before the stamp. */
	__sync_fetch_and_add(&vs->adverts, 1);
	vs->last_seen_ns = now;
}

/*
 * A valid advert meets the stored master (rule above struct
 * xvrrp_vrid_state). Only the fields that change are written, one by one:
 * user space writes flags concurrently through mmap. If the ring buffer is
 * full the stored fields are left as they were, so the next advert retries
 * the wake-up instead of losing the change.
 *
 * A global (not inlined) function: the verifier checks it once, on its
 * own, instead of once for every way the checks of advert.h can reach it
 * (each exit of the checksum walk is a state of its own). Its pointer arguments
 * are then plain memory that may be NULL, hence the tests; and since BPF
 * allows five arguments, it looks the interface counters up again.
 */
__noinline int vrrp_accept(struct xdp_md *ctx, struct xvrrp_vrid_stats *vst,
			   struct xvrrp_vrid_state *vs, __u32 flags, const struct vrrp_advert *adv)
{
	struct xvrrp_xdp_stats *st;
	bool newcomer, store = true;
	__u32 zero = 0, slot;
	__u64 now;
	__u8 reason;

	st = bpf_map_lookup_elem(&stats, &zero);
	if (!st || !vs || !adv)	/* cannot happen: the caller checked */
		return XDP_DROP;
	now = clock_now();
	slot = XVRRP_VRID_SLOT(adv->vrid, adv->family);
	if (vst)
		vst->advert_rcvd += 1;

	newcomer = (flags & XVRRP_VRID_SEEN) && !from_stored_master(vs, adv);
	if (newcomer && (adv->priority == VRRP_PRIO_STOP || newcomer_replaces(vs, flags, adv, now)) &&
	    !newcomer_admitted(vs, now)) {
		/* A flood of goodbyes or ever-better adverts: over the rate, nothing happens. */
		if (vst)
			vst->newcomer_limited += 1;
		st->newcomer_limited += 1;
		return verdict(&st->vrrp_valid, cfg_valid_verdict);
	}
	if (newcomer && adv->priority == VRRP_PRIO_STOP) {
		/* §6.4.2: someone is leaving; the daemon decides, the master stays. */
		reason = XVRRP_WAKE_PRIO_ZERO | (flags & XVRRP_VRID_WAKE_ALL ? XVRRP_WAKE_ALL : 0);
		store = false;
	} else if (newcomer && !newcomer_replaces(vs, flags, adv, now)) {
		/* Not a master worth following: counted, nobody woken, nothing stored. */
		if (vst)
			vst->lower_prio_ignored += 1;
		st->lower_prio_ignored += 1;
		return verdict(&st->vrrp_valid, cfg_valid_verdict);
	} else {
		reason = wake_reason(vs, flags, adv);
	}

	if (reason) {
		if (!advert_event(ctx, adv, now, reason)) {
			st->ringbuf_full += 1;
			/*
			 * Stored and stamped only what the daemon has seen: an
			 * unchanged advert of the stored master still says it lives;
			 * a change (a goodbye, a new sender) the daemon never heard of
			 * says nothing, and the next such advert tries again.
			 */
			if (store && !(reason & WAKE_CHANGES)) {
				stamp(vs, now);
				master_down_advert(ctx, vs, flags, slot, adv, now);
			}
			return verdict(&st->vrrp_valid, cfg_valid_verdict);
		}
		st->vrrp_events += 1;
	}
	if (!store) {
		/* A stranger's priority 0 the daemon heard of: Skew_Time (§6.4.2). */
		master_down_advert(ctx, vs, flags, slot, adv, now);
		return verdict(&st->vrrp_valid, cfg_valid_verdict);
	}

	if (reason & WAKE_CHANGES) {
		union xvrrp_vrid_master next;

		/*
		 * One 64-bit store: a reader never sees half of it (xvrrp_maps.h).
		 * An IPv6 sender's address goes first; the word holds its fold.
		 */
		if (adv->family == XVRRP_AF_INET6) {
			__builtin_memcpy(vs->master_saddr6, adv->saddr6, sizeof(vs->master_saddr6));
			barrier();
		}
		next.adv.saddr4 = adv->saddr4;
		next.adv.max_adver_int_cs = adv->max_adver_int_cs;
		next.adv.priority = adv->priority;
		next.adv.version = adv->version;
		vs->master.word = next.word;
		vs->addr_hash = adv->addr_hash;
	}
	stamp(vs, now);
	master_down_advert(ctx, vs, flags, slot, adv, now);
	if (!(flags & XVRRP_VRID_SEEN))
		vrid_flags_or(vs, XVRRP_VRID_SEEN);
	return verdict(&st->vrrp_valid, cfg_valid_verdict);
}

#endif /* XVRRP_BPF_MASTER_H */
