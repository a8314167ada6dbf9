/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VRRP advertisement validation over IPv4, plain or behind IPsec AH: the
 * numbered checks listed at the top of xvrrp.bpf.c, in that order, each
 * failure filed under its counter. A valid advert goes on to vrrp_accept()
 * (master.h).
 */
#ifndef XVRRP_BPF_ADVERT_H
#define XVRRP_BPF_ADVERT_H

/* The IPv4 header fields the checks need, read once (see "Checksum loops"). */
struct ip4_facts {
	__u32 saddr4;
	__u32 daddr4;
	__u16 tot_len;
	__u16 frag_off;
	__u8 ttl;
};

/*
 * Checksum loops. Both run a constant number of times and stop at an end
 * *pointer*, never at a scalar bound (IHL, VRRP length, Count IPvX Addr).
 * A scalar bound would be narrowed by the verifier on every exit, making
 * each iteration's way out a state of its own that multiplies with the rest
 * of the program; comparing two packet pointers teaches it nothing, so the
 * exits stay alike and are pruned. For the same reason header fields are
 * read into locals before each loop and the loop's packet pointer is dead
 * after it: the frame range proven so far differs on every exit. The
 * separate data_end test makes each load safe; barrier_var() keeps clang
 * from turning it into a trip count the verifier cannot follow.
 */

/* RFC 791 header checksum over the IHL 32-bit words up to hdr_end. */
static __always_inline bool ipv4_csum_ok(struct iphdr *iph, void *hdr_end, void *data_end)
{
	__u32 *word;
	__u64 sum = 0;
	__u32 i;

	for (i = 0; i < IPV4_MAX_WORDS; i++) {
		word = (__u32 *)iph + i;
		barrier_var(word);
		if ((void *)(word + 1) > hdr_end)
			break;
		if ((void *)(word + 1) > data_end)
			return false;
		sum += *word;
	}
	return csum_fold64(sum) == 0xffff;
}

/*
 * One pass over the VRRP part in 32-bit words (its length is a multiple of
 * 4 once check 11 passed): the one's-complement sum, added to walk->sum as
 * the caller seeded it (the v3 pseudo-header), and the last two words (v2
 * auth data). Summing native 32-bit loads gives the same folded result as
 * big-endian 16-bit words (RFC 1071 §2(B)). A global function, verified
 * once on its own: inlined, its 259 turns were walked again for each way
 * the checks before it reach it (plain or AH, v2 or v3: five times, 23 000
 * instructions). It takes the VRRP part's frame offset and length and
 * derives the packet pointers from ctx. Returns 0 if the frame ends early.
 */
__noinline int vrrp_walk(struct xdp_md *ctx, __u32 vrrp_off, __u32 vrrp_len,
			 struct vrrp_walk *walk)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	void *vrrp, *vrrp_end;
	__u32 *word;
	__u32 i, val;
	__u64 off;

	if (!walk)
		return 0;
	/* One register, checked and used: clang would check one copy and add another. */
	off = vrrp_off;
	barrier_var(off);
	/* Cannot happen (checks 1 and 8); bounds them for the verifier. */
	if (off > XVRRP_MAX_VRRP_OFF || vrrp_len > VRRP_MAX_LEN)
		return 0;
	vrrp = data + off;
	vrrp_end = vrrp + vrrp_len;
	for (i = 0; i < VRRP_MAX_WORDS; i++) {
		word = (__u32 *)vrrp + i;
		barrier_var(word);
		if ((void *)(word + 1) > vrrp_end)
			break;
		if ((void *)(word + 1) > data_end)
			return 0;
		val = *word;
		walk->sum += val;
		/* After the 8 fixed bytes: Count IPvX Addr addresses, then (v2) auth data. */
		if (i < VRRP_HDR_LEN / 4)
			continue;
		walk->auth[0] = walk->auth[1];
		walk->auth[1] = val;
	}
	return 1;
}

/*
 * The hash of the address list (xvrrp_maps.h), in a global function: the
 * verifier checks its loop once, on its own, instead of once for every way
 * the checks above can reach it. A global function cannot take packet
 * pointers, so it takes the list's offset and derives them from ctx.
 */
__noinline __u32 addr_list_hash(struct xdp_md *ctx, __u32 addrs_off, __u32 count)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u32 hash = xvrrp_addr_hash_seed(count);
	__u32 *word;
	__u32 i;

	if (addrs_off > XVRRP_MAX_ADDRS_OFF)	/* cannot happen; bounds it for the verifier */
		return hash;
	for (i = 0; i < VRRP_MAX_ADDRS; i++) {
		if (i >= count)
			break;
		word = data + addrs_off + i * 4;
		barrier_var(word);
		if ((void *)(word + 1) > data_end)
			break;
		hash += xvrrp_addr_mix(*word);
	}
	return hash;
}

static __always_inline void read_ip4_facts(struct iphdr *iph, struct ip4_facts *ip)
{
	ip->saddr4 = iph->saddr;
	ip->daddr4 = iph->daddr;
	ip->tot_len = bpf_ntohs(iph->tot_len);
	ip->frag_off = bpf_ntohs(iph->frag_off);
	ip->ttl = iph->ttl;
}

/*
 * Check 2: an advert goes to the VRRP group or, for keepalived's
 * unicast_peer, to one of our unicast addresses. Returns whether it is
 * unicast, or -1 when it is neither.
 */
static __always_inline int advert_dst_unicast(__u32 daddr4)
{
	struct xvrrp_unicast_dst_key key = { .addr4 = daddr4 };

	if (daddr4 == cfg_mcast_group4)
		return 0;
	if (bpf_map_lookup_elem(&unicast_dsts, &key))
		return 1;
	return -1;
}

/* Check 4: the sender is in the VRID's unicast_peer list. */
static __always_inline bool unicast_peer_listed(__u8 vrid, __u32 saddr4)
{
	struct xvrrp_unicast_peer_key key = { .vrid = vrid, .saddr4 = saddr4 };

	return bpf_map_lookup_elem(&unicast_peers, &key) != NULL;
}

/*
 * An IPv4 packet that carries VRRP, plain or (ah) behind an AH header: the
 * checks, then vrrp_accept(). A global function, verified once and called
 * from one place for both kinds; the packet pointers are derived again from
 * ctx (the IPv4 header follows the Ethernet header: no VLAN tag here).
 */
__noinline int handle_vrrp4(struct xdp_md *ctx, __u32 ah)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u32 zero = 0, l3_off = XVRRP_ETH_HLEN;
	struct xvrrp_xdp_stats *st;
	struct iphdr *iph;
	struct xvrrp_vrid_key key = { .family = XVRRP_AF_INET };
	struct xvrrp_vrid_stats *vst = NULL;
	struct xvrrp_vrid_state *vs = NULL;
	__u32 flags = 0;
	struct vrrp_advert adv = {};
	struct ip4_facts ip;
	struct vrrp_hdr hdr;
	struct hdr_cursor vrrp_nh;
	struct vrrp_hdr *vrrp;
	struct xvrrp_ipsec_ah *ahdr;
	__u32 hdr_len, ah_len, vrrp_len, expect_len;
	int unicast;
	__u8 type;

	st = bpf_map_lookup_elem(&stats, &zero);
	if (!st)
		return XDP_PASS;
	iph = data + l3_off;
	if ((void *)(iph + 1) > data_end)	/* cannot happen: the caller parsed it */
		return XDP_PASS;
	st->vrrp_rcvd += 1;

	/* 1. A sane, whole, unfragmented IPv4 header. */
	read_ip4_facts(iph, &ip);
	hdr_len = iph->ihl * 4;
	if (hdr_len < sizeof(*iph) || ip.tot_len < hdr_len)
		return drop_if(st, ip_hdr_err);
	ahdr = (void *)iph + hdr_len;
	if ((void *)ahdr > data_end)
		return drop_if(st, ip_hdr_err);
	if (!ipv4_csum_ok(iph, ahdr, data_end))
		return drop_if(st, ip_hdr_err);
	ah_len = ah ? XVRRP_AH_LEN : 0;
	vrrp = (void *)ahdr + ah_len;
	vrrp_nh.pos = vrrp;
	if (ip.frag_off & (XVRRP_IP_MF | XVRRP_IP_OFFSET))
		return drop_if(st, ip_hdr_err);
	/* From a router's own address: never 0.0.0.0, multicast or broadcast (§5.1.1.1). */
	if (ip.saddr4 == 0 || ip.saddr4 == 0xffffffff ||
	    (ip.saddr4 & bpf_htonl(0xf0000000)) == bpf_htonl(0xe0000000))
		return drop_if(st, ip_hdr_err);

	/* 2. RFC 5798 §5.1.1.2: adverts go to the VRRP group (or to us, unicast). */
	unicast = advert_dst_unicast(ip.daddr4);
	if (unicast < 0)
		return verdict(&st->dst_err, XDP_PASS);

	/* From here on, errors are per-instance too: the VRID is ours. */
	if (parse_vrrp_hdr(&vrrp_nh, data_end, &vrrp) >= 0) {
		key.vrid = vrrp->vrid;
		/* 3. Another virtual router's advert: not ours to judge. */
		vs = vrid_configured(key.vrid, XVRRP_AF_INET, &flags);
		if (!vs)
			return verdict(&st->vrid_unknown, XDP_PASS);
		vst = vrid_stats_get(&key);
		/* Keep clang from masking the pointer, which the verifier refuses. */
		barrier_var(vs);
	}

	if (vs) {
		/* 4. An instance is multicast or unicast, as keepalived has it. */
		if (unicast != !!(flags & XVRRP_VRID_UNICAST))
			return drop_vrid(st, vst, unicast_mode_err);
		/* 5. vrrp_check_unicast_src: only listed peers may advertise. */
		if (unicast && (flags & XVRRP_VRID_UNICAST_CHECK_SRC) &&
		    !unicast_peer_listed(key.vrid, ip.saddr4))
			return drop_vrid(st, vst, unicast_peer_err);
		/* 6. auth_type AH and IPsec AH go together. */
		if (ah != !!(flags & XVRRP_VRID_AUTH_AH))
			return drop_vrid(st, vst, authtype_mismatch);
	}

	/* 7. §7.1: a multicast advert with a TTL other than 255 was routed. */
	if (!unicast && ip.ttl != VRRP_TTL)
		return drop_vrid(st, vst, ip_ttl_err);

	/* 8. The AH header and the fixed part are there and the IP length fits the frame. */
	if (ah && ((void *)(ahdr + 1) > data_end || ahdr->payload_len != XVRRP_AH_PAYLOAD_LEN ||
		   ip.tot_len < hdr_len + XVRRP_AH_LEN))
		return drop_vrid(st, vst, packet_len_err);
	vrrp_len = ip.tot_len - hdr_len - ah_len;
	if ((void *)(vrrp + 1) > data_end ||
	    vrrp_len < VRRP_HDR_LEN || vrrp_len > VRRP_MAX_LEN ||
	    (void *)vrrp + vrrp_len > data_end)
		return drop_vrid(st, vst, packet_len_err);
	__builtin_memcpy(&hdr, vrrp, sizeof(hdr));

	/* 9, 10. §7.1: version and type. */
	adv.version = hdr.vers_type >> 4;
	type = hdr.vers_type & 0x0f;
	if (adv.version != VRRP_VERSION_2 && adv.version != VRRP_VERSION_3)
		return drop_vrid(st, vst, version_err);
	if (type != VRRP_TYPE_ADVERTISEMENT)
		return drop_vrid(st, vst, invalid_type_rcvd);

	/* 11. The length must match Count IPvX Addr (v2 adds 8 auth bytes). */
	adv.count_addr = hdr.count_addr;
	expect_len = VRRP_HDR_LEN + 4 * (__u32)adv.count_addr;
	if (adv.version == VRRP_VERSION_2)
		expect_len += VRRP_AUTH_DATA_LEN;
	if (vrrp_len != expect_len)
		return drop_vrid(st, vst, packet_len_err);

	/* 12. Checksum: v3 covers the pseudo-header (§5.2.8), v2 does not. */
	adv.saddr4 = ip.saddr4;
	adv.daddr4 = ip.daddr4;
	if (adv.version == VRRP_VERSION_3)
		adv.walk.sum = (__u64)ip.saddr4 + ip.daddr4 +
			   bpf_htonl((XVRRP_IPPROTO_VRRP << 16) | vrrp_len);
	if (!vrrp_walk(ctx, l3_off + hdr_len + ah_len, vrrp_len, &adv.walk) ||
	    csum_fold64(adv.walk.sum) != 0xffff)
		return drop_vrid(st, vst, checksum_err);

	/*
	 * 13. §5.2.7: v3 Max Adver Int in centiseconds (v2: seconds), zero is
	 * meaningless; §5.2.5: a v3 advert names at least one address (unless
	 * the instance has none either: XVRRP_VRID_NO_VIPS).
	 */
	if (adv.version == VRRP_VERSION_3) {
		adv.max_adver_int_cs = bpf_ntohs(hdr.rsvd_max_adver_int) &
				       VRRP_V3_ADVER_INT_MASK;
		if (adv.count_addr == 0 && !(flags & XVRRP_VRID_NO_VIPS))
			return drop_vrid(st, vst, addr_list_err);
	} else {
		adv.max_adver_int_cs = (__u16)hdr.v2.adver_int * 100;
		adv.auth_type = hdr.v2.auth_type;
	}
	if (adv.max_adver_int_cs == 0)
		return drop_vrid(st, vst, advert_interval_err);

	/* Cannot happen: check 8 needs the fixed bytes, check 3 the VRID. */
	if (!vs)
		return drop_if(st, packet_len_err);

	/*
	 * 14. The instance's own rules (xvrrp_maps.h): what the daemon would
	 * discard never becomes the stored master. RFC 5798 §7.1 has a version
	 * per virtual router; RFC 3768 §7.1 discards another Adver Int or Auth
	 * Type; keepalived's vrrp_strict another address list.
	 */
	if (adv.version != vs->cfg_version)
		return drop_vrid(st, vst, version_err);
	if (adv.version == VRRP_VERSION_2) {
		if (adv.max_adver_int_cs != vs->cfg_adver_int_cs)
			return drop_vrid(st, vst, advert_interval_err);
		if (adv.auth_type != vs->cfg_auth_type)
			return drop_vrid(st, vst, authtype_mismatch);
	}
	adv.addrs_off = l3_off + hdr_len + ah_len + VRRP_HDR_LEN;
	adv.addr_hash = addr_list_hash(ctx, adv.addrs_off, adv.count_addr);
	if ((flags & XVRRP_VRID_CHECK_ADDRS) && adv.addr_hash != vs->cfg_addr_hash)
		return drop_vrid(st, vst, addr_list_err);

	adv.family = XVRRP_AF_INET;
	adv.vrid = hdr.vrid;
	adv.priority = hdr.priority;
	adv.l3_off = l3_off;
	adv.ip_len = ip.tot_len;
	adv.ah = ah;
	return vrrp_accept(ctx, vst, vs, flags, &adv);
}

/* IP protocol 51 whose AH header announces a VRRP packet next (RFC 2402 §2.1). */
static __always_inline bool ah_carries_vrrp(struct iphdr *iph, void *data_end)
{
	struct xvrrp_ipsec_ah *ah = (void *)iph + iph->ihl * 4;

	if ((void *)&ah->payload_len > data_end)
		return false;
	return ah->next_header == XVRRP_IPPROTO_VRRP;
}

#endif /* XVRRP_BPF_ADVERT_H */
