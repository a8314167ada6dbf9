/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The Master_Down_Timer of a Backup, in the kernel (XVRRP_VRID_KTIMER,
 * xvrrp_maps.h): re-armed by the adverts RFC 5798 §6.4.2 says reset it, by
 * the same rules as the daemon's state machine (user/fsm.c), and run as a
 * bpf_timer (Linux 5.15). When it runs out, one event wakes the daemon; with
 * kernel_takeover the VIPs of the VRID are owned from that instant
 * (XVRRP_VRID_OWNED). A flip the daemon does not take up within one
 * Master_Down_Interval is reverted here, so a stopped daemon cannot leave
 * the kernel answering for an address it never claimed.
 */
#ifndef XVRRP_BPF_MASTER_DOWN_H
#define XVRRP_BPF_MASTER_DOWN_H

#define CLOCK_MONOTONIC		1
#define NSEC_PER_SEC		1000000000ULL
/* A full ring buffer: the expiry is posted again this much later. */
#define MASTER_DOWN_RETRY_NS	1000000ULL

/*
 * One bpf_timer for every slot of the interface (this object), started for
 * the earliest deadline any slot holds: when it runs, one pass over
 * vrid_state handles every slot that is due and starts it again for the
 * next one. A timer per slot would be simpler, but bpf_timer_init()
 * allocates, and at thousands of slots that allocation fails (measured:
 * 226 of 4000 slots got a timer on Linux 6.18, tests/test_xdp.c "at
 * scale"); one per interface is allocated once, when the daemon programs
 * the first slot. In a map of its own: a map that holds a bpf_timer cannot
 * be mmap()ed (vrid_state is, for the daemon).
 *
 * armed_ns is the deadline the timer is started for (0: none). An advert
 * that sets an earlier deadline lowers it (compare-and-swap, so of two CPUs
 * the earlier deadline wins) and starts the timer; a later one leaves it:
 * that slot is seen by the pass the earlier expiry runs. ifindex is the
 * interface the adverts come in on, for the events.
 */
struct down_timer {
	struct bpf_timer t;
	__u64 armed_ns;
	__u32 ifindex;
	__u32 ready;            /* initialised, callback set */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct down_timer);
} down_timer SEC(".maps");

/*
 * Not 0 in the election simulator (tests/sim.c), whose clock is not the
 * kernel's: deadlines are recorded in vrid_state but no bpf_timer is armed;
 * the simulator runs xvrrp_timer_fire at the recorded instants instead.
 */
volatile __u32 timers_manual;

/* Clear flag bits without losing a concurrent write by user space (see vrid_flags_or()). */
static __always_inline void vrid_flags_and_not(struct xvrrp_vrid_state *vs, __u32 bits)
{
	__u64 *word = (__u64 *)&vs->addr_hash;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	__sync_fetch_and_and(word, ~((__u64)bits << 32));
#else
	__sync_fetch_and_and(word, ~(__u64)bits);
#endif
}

/*
 * RFC 5798 §6.1 with the instance's effective priority P (as user/fsm.c):
 * v3 Skew_Time = (256 - P) * Master_Adver_Interval / 256, v2 (RFC 3768)
 * (256 - P) / 256 s; Master_Down_Interval = 3 * Master_Adver_Interval +
 * Skew_Time. The interval is in centiseconds, scaled to ns before the
 * division so nothing is lost.
 */
static __always_inline __u64 skew_ns(__u8 version, __u8 prio, __u16 mai_cs)
{
	__u64 weight = 256 - (__u64)prio;

	if (version == VRRP_VERSION_2)
		return weight * NSEC_PER_SEC / 256;
	return weight * mai_cs * NSEC_PER_CS / 256;
}

static int master_down_timer_cb(void *map, __u32 *key, struct down_timer *t);

/*
 * Initialise the interface's timer (bpf_timer_init allocates: the daemon
 * does it from process context when it programs a slot, through
 * xvrrp_timer_prepare; the XDP path tries again if that failed). Returns 0
 * or the helper's error.
 */
static __always_inline long timer_prepare(struct down_timer *t)
{
	long err;

	if (t->ready)
		return 0;
	/* -EBUSY once it is initialised: nothing to do then. */
	err = bpf_timer_init(&t->t, &down_timer, CLOCK_MONOTONIC);
	if (err && err != -16 /* EBUSY */)
		return err;
	err = bpf_timer_set_callback(&t->t, master_down_timer_cb);
	if (!err)
		t->ready = 1;
	return err;
}

#define TIMER_ARM_TRIES	4

/*
 * Have the timer run no later than `at` (CLOCK_MONOTONIC ns); false if it
 * cannot (then the daemon keeps the deadline). Relative starts: absolute
 * ones need Linux 6.7.
 */
static __always_inline bool timer_arm_at(struct down_timer *t, __u64 at, __u64 now)
{
	__u64 cur;
	int i;

	for (i = 0; i < TIMER_ARM_TRIES; i++) {
		cur = *(volatile __u64 *)&t->armed_ns;
		if (cur && cur <= at)
			return true;    /* its pass comes first and starts it again for us */
		if (__sync_val_compare_and_swap(&t->armed_ns, cur, at) == cur)
			break;
	}
	if (i == TIMER_ARM_TRIES)
		return false;
	if (bpf_timer_start(&t->t, at > now ? at - now : 1, 0))
		return false;
	/* Another CPU lowered it between our swap and our start: its deadline, not ours. */
	cur = *(volatile __u64 *)&t->armed_ns;
	if (cur && cur < at)
		bpf_timer_start(&t->t, cur > now ? cur - now : 1, 0);
	return true;
}

static __always_inline bool timer_arm(__u32 ifindex, __u64 at, __u64 now)
{
	struct down_timer *t;
	__u32 zero = 0;

	if (timers_manual)
		return true;
	t = bpf_map_lookup_elem(&down_timer, &zero);
	if (!t || timer_prepare(t))
		return false;
	if (t->ifindex != ifindex)
		t->ifindex = ifindex;
	return timer_arm_at(t, at, now);
}

/*
 * §6.4.2, a Backup receiving an advert the stored-master rule took in (or a
 * stranger's priority 0): priority 0 sets the timer to Skew_Time; an advert
 * of priority >= ours, or any when we may not preempt, learns the interval
 * (v3; v2 keeps its own) and resets it to Master_Down_Interval; a lower one
 * that we may preempt is discarded and the timer runs on. A slot the kernel
 * has flipped is left alone: the daemon decides now (its fence runs on).
 */
static __always_inline void master_down_advert(struct xdp_md *ctx, struct xvrrp_vrid_state *vs,
					       __u32 flags, __u32 slot,
					       const struct vrrp_advert *adv, __u64 now)
{
	__u8 version = vs->cfg_version, local = vs->cfg_priority, priority = adv->priority;
	union xvrrp_vrid_master by;
	__u64 skew, mdi, delay;
	__u16 mai;

	if (!(flags & XVRRP_VRID_KTIMER) || !local || vs->flipped_ns)
		return;
	/* v2 keeps its own interval; v3 learns the master's, or has learned it. */
	if (version == VRRP_VERSION_2)
		mai = vs->cfg_adver_int_cs;
	else if (priority == VRRP_PRIO_STOP)
		mai = vs->down_mai_cs ? vs->down_mai_cs : vs->cfg_adver_int_cs;
	else
		mai = adv->max_adver_int_cs;
	if (priority != VRRP_PRIO_STOP && !(flags & XVRRP_VRID_NOPREEMPT) && priority < local)
		return;
	if (priority != VRRP_PRIO_STOP)
		vs->down_mai_cs = mai;
	skew = skew_ns(version, local, mai);
	mdi = 3 * NSEC_PER_CS * mai + skew;
	delay = priority == VRRP_PRIO_STOP ? skew : mdi;
	/* What set it, for the daemon to judge the same advert at the same instant. */
	if (adv->family == XVRRP_AF_INET6) {
		__builtin_memcpy(vs->down_by_saddr6, adv->saddr6, sizeof(vs->down_by_saddr6));
		barrier();
	}
	by.adv.saddr4 = adv->saddr4;
	by.adv.max_adver_int_cs = adv->max_adver_int_cs;
	by.adv.priority = adv->priority;
	by.adv.version = adv->version;
	vs->down_by.word = by.word;
	vs->down_by_ns = now;
	vs->down_prio = local;
	vs->down_mdi_ns = mdi;
	vs->down_at_ns = now + delay;
	/* No timer, no deadline: the daemon then keeps its own (xvrrp_ktimer_holds_deadline()). */
	if (!timer_arm(ctx->ingress_ifindex, now + delay, now))
		vs->down_at_ns = 0;
}

/* One XVRRP_EV_MASTER_DOWN or XVRRP_EV_UNFLIPPED event; false if the ring is full. */
static __always_inline bool post_timer_event(struct xvrrp_vrid_state *vs, __u32 slot, __u32 ifindex,
					     __u64 now, __u16 kind, __u64 down_at, bool flipped)
{
	struct xvrrp_timer_event *te;
	union xvrrp_vrid_master m;

	te = bpf_ringbuf_reserve(&events, sizeof(*te), 0);
	if (!te)
		return false;
	__builtin_memset(te, 0, sizeof(*te));
	m.word = vs->down_by.word;
	te->ev.ktime_ns = now;
	te->ev.ifindex = ifindex;
	te->ev.kind = kind;
	te->ev.vrid = slot & 0xff;
	te->ev.saddr4 = m.adv.saddr4;
	if (slot >= XVRRP_VRID_SLOT(0, XVRRP_AF_INET6)) {
		te->ev.family = XVRRP_AF_INET6;
		__builtin_memcpy(te->ev.saddr6, vs->down_by_saddr6, sizeof(te->ev.saddr6));
	} else {
		te->ev.family = XVRRP_AF_INET;
	}
	te->ev.priority = m.adv.priority;
	te->ev.version = m.adv.version;
	te->ev.max_adver_int_cs = m.adv.max_adver_int_cs;
	te->last_seen_ns = vs->down_by_ns;
	te->down_at_ns = down_at;
	te->mdi_ns = vs->down_mdi_ns;
	te->slot = slot;
	te->flipped = flipped;
	te->local_priority = vs->down_prio;
	bpf_ringbuf_submit(te, 0);
	return true;
}

/*
 * What the timer does for one slot at `now`; returns when to look again
 * (ns from now), 0 for never. Run by the pass over every slot (down_pass()),
 * from the bpf_timer callback and, in the simulator, from xvrrp_timer_fire.
 */
static __always_inline __u64 master_down_check(struct xvrrp_vrid_state *vs, __u32 slot,
					       __u32 ifindex, __u64 now)
{
	__u32 flags = *(volatile __u32 *)&vs->flags;
	__u64 down = vs->down_at_ns, flipped = vs->flipped_ns, mdi;

	/* Not a Backup (any more): the daemon keeps no timer here. */
	if (!(flags & XVRRP_VRID_CONFIGURED) || !(flags & XVRRP_VRID_KTIMER))
		return 0;
	if (!flipped) {
		if (!down)
			return 0;
		if (now < down)		/* an advert moved it while we slept */
			return down - now;
		/* §6.4.2 "If the Master_Down_Timer fires": ours to claim, if the daemon lets us. */
		if (flags & XVRRP_VRID_KTAKEOVER) {
			vs->flipped_ns = now;
			flipped = now;
			vrid_flags_or(vs, XVRRP_VRID_OWNED);
		}
	}
	if (down) {
		if (!post_timer_event(vs, slot, ifindex, now, XVRRP_EV_MASTER_DOWN, down, flipped))
			return MASTER_DOWN_RETRY_NS;
		vs->down_at_ns = 0;
	}
	if (!flipped)
		return 0;
	/* The fence: the daemon takes the flip up (clearing KTIMER) within one interval, or it goes. */
	mdi = vs->down_mdi_ns;
	if (now - flipped < mdi)
		return flipped + mdi - now;
	vrid_flags_and_not(vs, XVRRP_VRID_OWNED);
	vs->flipped_ns = 0;
	post_timer_event(vs, slot, ifindex, now, XVRRP_EV_UNFLIPPED, 0, true);
	return 0;
}

/* One pass over the slots at `now`: next is the earliest instant one needs looking at again. */
struct down_pass {
	__u64 now;
	__u64 next;
	__u32 ifindex;
	__u32 pad;
};

static long down_pass_slot(struct bpf_map *map, __u32 *key, struct xvrrp_vrid_state *vs,
			   struct down_pass *p)
{
	__u64 again;

	if (!(*(volatile __u32 *)&vs->flags & XVRRP_VRID_KTIMER))
		return 0;
	again = master_down_check(vs, *key, p->ifindex, p->now);
	if (again && p->now + again < p->next)
		p->next = p->now + again;
	return 0;
}

/* Every due slot handled; returns when to run again (absolute ns), 0 for never. */
static __always_inline __u64 down_pass(__u32 ifindex, __u64 now)
{
	struct down_pass p = { .now = now, .next = ~0ULL, .ifindex = ifindex };

	bpf_for_each_map_elem(&vrid_state, down_pass_slot, &p, 0);
	return p.next == ~0ULL ? 0 : p.next;
}

static int master_down_timer_cb(void *map, __u32 *key, struct down_timer *t)
{
	__u64 now = clock_now(), next;

	/* Not started any more: an advert during the pass starts it for its own deadline. */
	__sync_lock_test_and_set(&t->armed_ns, 0);
	next = down_pass(t->ifindex, now);
	if (next)
		timer_arm_at(t, next, now);
	return 0;
}

#endif /* XVRRP_BPF_MASTER_DOWN_H */
