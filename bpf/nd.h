/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPv6 neighbour discovery (RFC 4861) for the IPv6 VIPs this node owns:
 * solicitations answered in place.
 */
#ifndef XVRRP_BPF_ND_H
#define XVRRP_BPF_ND_H

/*
 * The ICMPv6 checksum (RFC 4443 §2.3) covers the pseudo-header of RFC 8200
 * §8.1 (source, destination, upper-layer length, next header) and the
 * message. In an IPv6 header the two addresses come last, right in front
 * of an ICMPv6 message that follows it directly, so one walk in 32-bit
 * words from the source address to msg_end sums both; the caller adds the
 * length and next header. A checksum loop as in advert.h: a constant trip count
 * and a pointer bound. The caller has proven msg_end <= data_end, so the
 * data_end test never stops the walk early; it is there for the verifier.
 */
#define ND_MAX_LEN	(sizeof(struct xvrrp_nd_msg) + sizeof(struct xvrrp_nd_opt_ll))
#define ND_SUM_WORDS	((2 * sizeof(struct in6_addr) + ND_MAX_LEN) / 4)

static __always_inline __u64 nd_sum(struct ipv6hdr *ip6h, void *msg_end, void *data_end,
				    __u16 plen)
{
	__u64 sum = bpf_htonl((__u32)plen + XVRRP_IPPROTO_ICMPV6);
	__u32 *word;
	__u32 i;

	for (i = 0; i < ND_SUM_WORDS; i++) {
		word = (__u32 *)&ip6h->saddr + i;
		barrier_var(word);
		if ((void *)(word + 1) > msg_end || (void *)(word + 1) > data_end)
			break;
		sum += *word;
	}
	return sum;
}

/* ff02::1:ffXX:XXXX, the solicited-node group of target (RFC 4291 §2.7.1). */
static __always_inline bool solicited_node_of(const struct in6_addr *dst, const __u8 *target)
{
	const __u32 *t = (const __u32 *)target;

	return dst->in6_u.u6_addr32[0] == bpf_htonl(0xff020000) &&
	       dst->in6_u.u6_addr32[1] == 0 &&
	       dst->in6_u.u6_addr32[2] == bpf_htonl(1) &&
	       dst->in6_u.u6_addr32[3] == (bpf_htonl(0xff000000) | (t[3] & bpf_htonl(0x00ffffff)));
}

/*
 * A neighbour solicitation for an IPv6 VIP we own is answered in place
 * with a solicited advertisement (RFC 4861 §7.2.4; RFC 5798 §6.4.3 "MUST
 * respond to ND Neighbor Solicitation message for the IPv6 address(es)"),
 * as handle_arp() does for IPv4. Only the plain shape is answered, the
 * kernel gets the rest:
 *  - valid by §7.1.1: hop limit 255 (anything else was routed), code 0 and
 *    a correct checksum; ICMPv6 right after the IPv6 header;
 *  - ICMPv6 length (the payload length) 24, no option, or 32 with one
 *    Source Link-Layer Address option of length 1. Other options (SEND,
 *    RFC 3971; the DAD nonce, RFC 7527) are the kernel's business;
 *  - source neither :: nor multicast. :: is duplicate address detection:
 *    §7.2.4 answers it to all-nodes, and a DAD probe for an address we
 *    hold is a conflict the kernel must see;
 *  - destination the target itself (a unicast probe, §7.3.3) or its
 *    solicited-node group (address resolution, §7.2.2), the only two uses
 *    §7 has, and a multicast solicitation must carry the option: §7.2.4
 *    then requires a Target Link-Layer Address option in the answer, and
 *    the frame cannot grow (no bpf_xdp_adjust_tail()).
 * The advertisement goes to the solicitor, from the target, with Solicited
 * and Override set (and Router when the VIP says the node forwards,
 * §4.4); the option, if any, becomes a Target Link-Layer Address option
 * with the VIP's MAC. The frame keeps its length and its VLAN tag; the
 * checksum is summed afresh over the new pseudo-header and message.
 */
static __always_inline int handle_ns(struct xvrrp_xdp_stats *st, struct ethhdr *eth,
				     struct ipv6hdr *ip6h, struct xvrrp_nd_msg *nd, void *data_end)
{
	struct xvrrp_nd_opt_ll *opt = (void *)(nd + 1);
	__u8 requester[XVRRP_ETH_ALEN], na_flags;
	struct xvrrp_vip_value *vip;
	struct xvrrp_vip6_key key;
	struct in6_addr solicitor;
	bool to_group;
	void *msg_end;
	__u16 plen;

	st->ns_rcvd += 1;
	if ((void *)(nd + 1) > data_end)
		return verdict(&st->ns_passed, XDP_PASS);
	plen = bpf_ntohs(ip6h->payload_len);
	if (ip6h->hop_limit != XVRRP_ND_HOP_LIMIT || nd->code != 0)
		return verdict(&st->ns_passed, XDP_PASS);
	if (plen == sizeof(*nd) + sizeof(*opt)) {
		if ((void *)(opt + 1) > data_end || opt->type != XVRRP_ND_OPT_SOURCE_LL ||
		    opt->len != 1)
			return verdict(&st->ns_passed, XDP_PASS);
		msg_end = opt + 1;
	} else if (plen == sizeof(*nd)) {
		msg_end = opt;
	} else {
		return verdict(&st->ns_passed, XDP_PASS);
	}

	/* :: (DAD) or a multicast source: not ours to answer. */
	if ((ip6h->saddr.in6_u.u6_addr32[0] | ip6h->saddr.in6_u.u6_addr32[1] |
	     ip6h->saddr.in6_u.u6_addr32[2] | ip6h->saddr.in6_u.u6_addr32[3]) == 0 ||
	    ip6h->saddr.in6_u.u6_addr8[0] == 0xff)
		return verdict(&st->ns_passed, XDP_PASS);
	to_group = solicited_node_of(&ip6h->daddr, nd->target);
	if (!to_group && !addr6_eq(&ip6h->daddr, nd->target))
		return verdict(&st->ns_passed, XDP_PASS);
	if (to_group && plen != sizeof(*nd) + sizeof(*opt))
		return verdict(&st->ns_passed, XDP_PASS);

	__builtin_memcpy(key.addr6, nd->target, sizeof(key.addr6));
	vip = bpf_map_lookup_elem(&owned_vips6, &key);
	if (!vip || !vip_owned(vip))
		return verdict(&st->ns_passed, XDP_PASS);
	/* Last, as it is the costliest check. */
	if (csum_fold64(nd_sum(ip6h, msg_end, data_end, plen)) != 0xffff)
		return verdict(&st->ns_passed, XDP_PASS);

	/*
	 * §7.2.4: Override SHOULD be clear when the Target Link-Layer Address
	 * option is left out (a unicast NS without option gets none back).
	 */
	na_flags = XVRRP_ND_NA_SOLICITED;
	if (msg_end != opt)
		na_flags |= XVRRP_ND_NA_OVERRIDE;
	if (vip->flags & XVRRP_VIP_ND_ROUTER)
		na_flags |= XVRRP_ND_NA_ROUTER;
	__builtin_memcpy(requester, eth->h_source, XVRRP_ETH_ALEN);
	__builtin_memcpy(&solicitor, &ip6h->saddr, sizeof(solicitor));

	__builtin_memcpy(eth->h_dest, requester, XVRRP_ETH_ALEN);
	__builtin_memcpy(eth->h_source, vip->mac, XVRRP_ETH_ALEN);
	/* Version 6; traffic class and flow label 0; length and next header kept. */
	*(__be32 *)ip6h = bpf_htonl(0x60000000);
	ip6h->hop_limit = XVRRP_ND_HOP_LIMIT;
	__builtin_memcpy(&ip6h->saddr, nd->target, sizeof(ip6h->saddr));
	__builtin_memcpy(&ip6h->daddr, &solicitor, sizeof(ip6h->daddr));
	nd->type = XVRRP_ND_NEIGH_ADVERT;
	nd->code = 0;
	nd->checksum = 0;
	nd->flags = na_flags;
	__builtin_memset(nd->reserved, 0, sizeof(nd->reserved));
	if (msg_end != opt) {
		opt->type = XVRRP_ND_OPT_TARGET_LL;
		opt->len = 1;
		__builtin_memcpy(opt->addr, vip->mac, XVRRP_ETH_ALEN);
	}
	/* Summed in native words, the folded sum is stored as it comes (RFC 1071 §2(B)). */
	nd->checksum = (__u16)~csum_fold64(nd_sum(ip6h, msg_end, data_end, plen));
	return verdict(&st->ns_replied, XDP_TX);
}

#endif /* XVRRP_BPF_ND_H */
