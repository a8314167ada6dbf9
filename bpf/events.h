/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Ring-buffer events: what user space is woken with when a valid advert
 * matters (master.h decides when). A plain advert event carries the
 * advert's fields and its first addresses; an advert behind IPsec AH also
 * carries the IP packet, for the daemon's ICV check.
 */
#ifndef XVRRP_BPF_EVENTS_H
#define XVRRP_BPF_EVENTS_H

/*
 * The first XVRRP_EVENT_MAX_ADDRS addresses, read again for the event only:
 * a fresh packet pointer keeps this short loop apart from the address-list
 * walk (advert.h).
 */
static __always_inline void copy_addrs(struct xdp_md *ctx, __u32 addrs_off, __u32 count,
				       __u32 *dst)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u32 *word;
	__u32 i;

	/* count is in words: an IPv6 address is four. */
	if (addrs_off > XVRRP_MAX_ADDRS6_OFF)
		return;
	for (i = 0; i < XVRRP_EVENT_MAX_ADDRS; i++) {
		if (i >= count)
			break;
		word = data + addrs_off + i * 4;
		barrier_var(word);
		if ((void *)(word + 1) > data_end)
			break;
		dst[i] = *word;
	}
}

static __always_inline void fill_event(struct xvrrp_advert_event *ev, struct xdp_md *ctx,
				       const struct vrrp_advert *adv, __u64 now, __u8 reason)
{
	ev->ktime_ns = now;
	ev->ifindex = ctx->ingress_ifindex;
	ev->saddr4 = adv->saddr4;
	ev->daddr4 = adv->daddr4;
	ev->version = adv->version;
	ev->vrid = adv->vrid;
	ev->priority = adv->priority;
	ev->count_addr = adv->count_addr;
	ev->max_adver_int_cs = adv->max_adver_int_cs;
	ev->reason = reason;
	ev->ip_len = 0;
	ev->kind = XVRRP_EV_ADVERT;
	ev->addr_hash = adv->addr_hash;
	ev->family = adv->family;
	__builtin_memcpy(ev->saddr6, adv->saddr6, sizeof(ev->saddr6));
	__builtin_memcpy(ev->daddr6, adv->daddr6, sizeof(ev->daddr6));
	/* RFC 3768 §5.3.6, §5.3.10: v2 only; v3 has neither (RFC 5798 §5.2.5). */
	if (adv->version == VRRP_VERSION_2) {
		ev->auth_type = adv->auth_type;
		__builtin_memcpy(ev->auth_data, adv->walk.auth, sizeof(ev->auth_data));
	} else {
		ev->auth_type = 0;
		__builtin_memset(ev->auth_data, 0, sizeof(ev->auth_data));
	}
	__builtin_memset(ev->addrs, 0, sizeof(ev->addrs));
	copy_addrs(ctx, adv->addrs_off,
		   adv->family == XVRRP_AF_INET6 ? 4 * (__u32)adv->count_addr : adv->count_addr,
		   ev->addrs);
}

static __always_inline bool send_event(struct xdp_md *ctx, const struct vrrp_advert *adv,
				       __u64 now, __u8 reason)
{
	struct xvrrp_advert_event *ev;

	ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
	if (!ev)
		return false;
	fill_event(ev, ctx, adv, now, reason);
	bpf_ringbuf_submit(ev, 0);
	return true;
}

/*
 * The IP packet of an advert behind AH, into the per-CPU scratch buffer
 * after its event (l3_off: the frame offset of the IPv4 header, len: its
 * total length). The packet is copied word by word (an IPv4 header, the
 * AH header and a VRRPv2 packet are all multiples of 4 bytes):
 * bpf_xdp_load_bytes() would need Linux 5.18. A global function, verified
 * once on its own: inlined in send_ah_event(), its 280 turns were walked
 * again for each way fill_event() leaves it. Returns 1 if the packet is
 * in the buffer.
 */
__noinline int ah_copy_ip(struct xdp_md *ctx, __u32 l3_off, __u32 len)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct xvrrp_ah_event *aev;
	__u32 zero = 0, i;
	__u32 *word;
	__u64 off;

	/* One register, checked and used: clang would check one copy and add another. */
	off = l3_off;
	barrier_var(off);
	/* Cannot happen (checks 1 and 8, no VLAN tag); tells the verifier the bounds. */
	if (len > XVRRP_AH_IP_MAX || off > XVRRP_ETH_HLEN)
		return 0;
	aev = bpf_map_lookup_elem(&ah_scratch, &zero);
	if (!aev)
		return 0;
	for (i = 0; i < XVRRP_AH_IP_MAX / 4; i++) {
		if (i * 4 >= len)
			break;
		word = data + off + i * 4;
		barrier_var(word);
		if ((void *)(word + 1) > data_end)
			return 0;
		((__u32 *)aev->ip)[i] = *word;
	}
	return 1;
}

/*
 * An advert behind AH: the event carries the IP packet for the ICV check.
 * It is put together in a per-CPU scratch buffer and copied into the ring
 * with its real length (bpf_ringbuf_output), so a typical AH event takes
 * ~240 bytes of the ring (two VIPs) rather than room for the longest packet.
 */
static __always_inline bool send_ah_event(struct xdp_md *ctx, const struct vrrp_advert *adv,
					  __u64 now, __u8 reason)
{
	__u32 len = adv->ip_len, l3_off = adv->l3_off, zero = 0;
	struct xvrrp_ah_event *aev;

	/* Cannot happen (checks 1 and 8, no VLAN tag); tells the verifier the bounds. */
	if (len == 0 || len > XVRRP_AH_IP_MAX || (len & 3) ||
	    l3_off > XVRRP_ETH_HLEN)
		return false;
	aev = bpf_map_lookup_elem(&ah_scratch, &zero);
	if (!aev)
		return false;
	fill_event(&aev->ev, ctx, adv, now, reason);
	aev->ev.ip_len = len;
	if (!ah_copy_ip(ctx, l3_off, len))
		return false;
	return bpf_ringbuf_output(&events, aev, sizeof(aev->ev) + len, 0) == 0;
}

/*
 * The one way an advert becomes an event: a global function, so the
 * verifier checks both senders (and the AH copy loop) once, on their own,
 * instead of once for every reason value vrrp_accept() can reach it with.
 * Returns 1 if the event is in the ring.
 */
__noinline int advert_event(struct xdp_md *ctx, const struct vrrp_advert *adv, __u64 now,
			    __u32 reason)
{
	if (!ctx || !adv)	/* cannot happen: the caller's locals */
		return 0;
	if (adv->ah)
		return send_ah_event(ctx, adv, now, reason);
	return send_event(ctx, adv, now, reason);
}

#endif /* XVRRP_BPF_EVENTS_H */
