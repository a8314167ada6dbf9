/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VRRPv3 advertisement validation over IPv6 (RFC 5798 §5.1.2, §7.1; RFC
 * 9568): the IPv4 checks of advert.h, in the same order and under the same
 * counters, for an IPv6 packet whose next header is 112, directly or behind
 * hop-by-hop, routing or destination options headers (ip6_upper()):
 *   1. ip_hdr_err          the advert is in a fragment (any fragment
 *                          header whose next header is 112), or more than
 *                          IP6_EXT_MAX_LEN bytes of extension headers, or
 *                          extension headers longer than the payload
 *   2. dst_err             to neither cfg_mcast_group6 (ff02::12,
 *                          keepalived vrrp_mcast_group6) nor one of
 *                          unicast_dsts6: counted and PASSED
 *   3. vrid_unknown        the slot of (VRID, AF_INET6) is not configured:
 *                          counted and PASSED
 *   4. unicast_mode_err, 5. unicast_peer_err (unicast_peers6)
 *   6. authtype_mismatch   the slot says auth_type AH: VRRPv3 has no
 *                          authentication (RFC 5798 §5.2.5), so no IPv6
 *                          advert can be right for it
 *   7. ip_ttl_err          multicast only: Hop Limit != 255 (§5.1.2.3)
 *   8. packet_len_err      VRRP part (payload length less the extension
 *                          headers) shorter than 8 bytes, longer than 8 +
 *                          16 * 255, or beyond the frame
 *   9. version_err         not version 3 (VRRPv2 is IPv4 only)
 *  10. invalid_type_rcvd
 *  11. packet_len_err      length != 8 + 16 * Count IPvX Addr
 *  12. checksum_err        over the IPv6 pseudo-header (RFC 8200 §8.1) and
 *                          the VRRP part (§5.2.8)
 *  13. addr_list_err       Count IPvX Addr of zero
 *      advert_interval_err Max Adver Int of zero
 *  14. version_err         not the instance's version (cfg_version)
 *      addr_list_err       XVRRP_VRID_CHECK_ADDRS: another address list
 * A valid advert meets the stored master of its (VRID, AF_INET6) slot in
 * vrrp_accept(), as an IPv4 one does its own: an IPv4 and an IPv6 instance
 * with one VRID on one interface (RFC 5798 §7.1: "the VRID ... and the
 * address family") share nothing.
 */
#ifndef XVRRP_BPF_ADVERT6_H
#define XVRRP_BPF_ADVERT6_H

/* What the walk over an IPv6 advert's address list learns. */
struct vrrp6_addrs_walk {
	__u64 sum;		/* the one's-complement sum of the addresses' words */
	__u32 hash;		/* xvrrp_addr_hash_seed(count) + the xvrrp_addr6_mix() of each */
	__u32 pad;
};

/* The address walk goes in chunks of this many addresses (vrrp6_addrs()). */
#define ADDRS6_CHUNK	16
/* The frame offset of the last chunk, at most. */
#define XVRRP_MAX_CHUNK6_OFF	(XVRRP_MAX_ADDRS6_OFF + \
				 VRRP_ADDR6_LEN * (VRRP_MAX_ADDRS / ADDRS6_CHUNK) * ADDRS6_CHUNK)

/*
 * Up to ADDRS6_CHUNK addresses (fewer if n says so) of an IPv6 advert's
 * list, from frame offset chunk_off, one 16-byte address a turn: their
 * checksum words and hash terms added to *out. A global function, verified
 * once for any chunk; it derives the packet pointers from ctx. Returns 0 if
 * the frame ends early.
 */
__noinline int vrrp6_addrs_chunk(struct xdp_md *ctx, __u32 chunk_off, __u32 n,
				 struct vrrp6_addrs_walk *out)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u64 sum = 0, off;
	__u32 hash = 0;
	void *list;
	__u32 *w;
	__u32 i;

	if (!out)
		return 0;
	/* One register, checked and used: clang would check one copy and add another. */
	off = chunk_off;
	barrier_var(off);
	if (off > XVRRP_MAX_CHUNK6_OFF)	/* cannot happen; bounds it for the verifier */
		return 0;
	list = data + off;
	for (i = 0; i < ADDRS6_CHUNK; i++) {
		if (i >= n)
			break;
		w = list + i * VRRP_ADDR6_LEN;
		barrier_var(w);
		if ((void *)(w + 4) > data_end)
			return 0;
		sum += (__u64)w[0] + w[1] + w[2] + w[3];
		hash += xvrrp_addr6_mix(w[0], w[1], w[2], w[3]);
	}
	out->sum += sum;
	out->hash += hash;
	return 1;
}

/*
 * The address list of an IPv6 advert: its checksum words and its hash in
 * one pass, ADDRS6_CHUNK addresses a turn. Two loops, each a global
 * function verified once: the verifier walks 16 turns here and 16 in the
 * chunk, where one loop of 255 turns cost it 255 times its body (12 530
 * instructions). It takes the list's frame offset. Returns 0 if the frame
 * ends early.
 */
__noinline int vrrp6_addrs(struct xdp_md *ctx, __u32 addrs_off, __u32 count,
			   struct vrrp6_addrs_walk *out)
{
	__u32 i;

	if (!out)
		return 0;
	out->sum = 0;
	out->hash = xvrrp_addr_hash_seed(count);
	if (addrs_off > XVRRP_MAX_ADDRS6_OFF)	/* cannot happen; bounds it for the verifier */
		return 0;
	for (i = 0; i < VRRP_MAX_ADDRS; i += ADDRS6_CHUNK) {
		if (i >= count)
			break;
		if (!vrrp6_addrs_chunk(ctx, addrs_off + i * VRRP_ADDR6_LEN, count - i, out))
			return 0;
	}
	return 1;
}

/* Check 2 for IPv6: the VRRP group, or (unicast_peer) one of our addresses; -1: neither. */
static __always_inline int advert6_dst_unicast(const __u32 daddr6[4])
{
	__u32 group[4] = { cfg_mcast_group6[0], cfg_mcast_group6[1], cfg_mcast_group6[2],
			   cfg_mcast_group6[3] };
	struct xvrrp_unicast_dst6_key key;

	if (addr6_eq(daddr6, group))
		return 0;
	__builtin_memcpy(key.addr6, daddr6, sizeof(key.addr6));
	if (bpf_map_lookup_elem(&unicast_dsts6, &key))
		return 1;
	return -1;
}

/* Check 5 for IPv6: the sender is in the VRID's unicast_peer list. */
static __always_inline bool unicast_peer6_listed(__u8 vrid, const __u32 saddr6[4])
{
	struct xvrrp_unicast_peer6_key key = { .vrid = vrid };

	__builtin_memcpy(key.saddr6, saddr6, sizeof(key.saddr6));
	return bpf_map_lookup_elem(&unicast_peers6, &key) != NULL;
}

/*
 * An IPv6 packet that carries VRRP: vrrp_off is the offset of the VRRP part
 * from the IPv6 header (past its extension headers), 0 for an advert in a
 * fragment. A global function, verified once: inlined, the checks were
 * walked again for each way the extension header walk (ip6_upper()) ends,
 * each with its own range of vrrp_off. The packet pointers are derived
 * again from ctx.
 */
__noinline int handle_vrrp6(struct xdp_md *ctx, __u32 vrrp_off)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct xvrrp_vrid_key key = { .family = XVRRP_AF_INET6 };
	struct xvrrp_vrid_stats *vst = NULL;
	struct xvrrp_vrid_state *vs = NULL;
	struct vrrp_advert adv = {};
	struct vrrp6_addrs_walk walk;
	struct xvrrp_xdp_stats *st;
	struct ipv6hdr *ip6h;
	struct vrrp_hdr *vrrp;
	struct vrrp_hdr hdr;
	__u32 zero = 0, flags = 0, payload_len, vrrp_len;
	__u8 hop_limit, type;
	int unicast;

	st = bpf_map_lookup_elem(&stats, &zero);
	if (!st)
		return XDP_PASS;
	ip6h = data + XVRRP_ETH_HLEN;
	if ((void *)(ip6h + 1) > data_end)	/* cannot happen: the caller parsed it */
		return XDP_PASS;
	st->vrrp_rcvd += 1;

	/* 1. Whole, and not too deep behind extension headers. */
	payload_len = bpf_ntohs(ip6h->payload_len);
	if (vrrp_off < sizeof(*ip6h) || vrrp_off > sizeof(*ip6h) + IP6_EXT_MAX_LEN ||
	    payload_len + sizeof(*ip6h) < vrrp_off)
		return drop_if(st, ip_hdr_err);
	__builtin_memcpy(adv.saddr6, &ip6h->saddr, sizeof(adv.saddr6));
	__builtin_memcpy(adv.daddr6, &ip6h->daddr, sizeof(adv.daddr6));
	hop_limit = ip6h->hop_limit;
	/* From a router's own address (§5.1.2.1): never :: or multicast (RFC 4291 §2.7). */
	if (!(adv.saddr6[0] | adv.saddr6[1] | adv.saddr6[2] | adv.saddr6[3]) ||
	    (adv.saddr6[0] & bpf_htonl(0xff000000)) == bpf_htonl(0xff000000))
		return drop_if(st, ip_hdr_err);

	/* 2. To the VRRP group (or to us, unicast). */
	unicast = advert6_dst_unicast(adv.daddr6);
	if (unicast < 0)
		return verdict(&st->dst_err, XDP_PASS);

	vrrp = (void *)ip6h + vrrp_off;
	if ((void *)(vrrp + 1) <= data_end) {
		key.vrid = vrrp->vrid;
		/* 3. Another virtual router's advert: not ours to judge. */
		vs = vrid_configured(key.vrid, XVRRP_AF_INET6, &flags);
		if (!vs)
			return verdict(&st->vrid_unknown, XDP_PASS);
		vst = vrid_stats_get(&key);
		barrier_var(vs);
	}

	if (vs) {
		/* 4, 5, 6: unicast or multicast as configured; listed peers; no AH in v3. */
		if (unicast != !!(flags & XVRRP_VRID_UNICAST))
			return drop_vrid(st, vst, unicast_mode_err);
		if (unicast && (flags & XVRRP_VRID_UNICAST_CHECK_SRC) &&
		    !unicast_peer6_listed(key.vrid, adv.saddr6))
			return drop_vrid(st, vst, unicast_peer_err);
		if (flags & XVRRP_VRID_AUTH_AH)
			return drop_vrid(st, vst, authtype_mismatch);
	}

	/* 7. §5.1.2.3: a multicast advert with a Hop Limit other than 255 was routed. */
	if (!unicast && hop_limit != VRRP_TTL)
		return drop_vrid(st, vst, ip_ttl_err);

	/* 8. The fixed part is there and the payload fits the frame. */
	vrrp_len = payload_len + sizeof(*ip6h) - vrrp_off;
	if ((void *)(vrrp + 1) > data_end || vrrp_len < VRRP_HDR_LEN || vrrp_len > VRRP6_MAX_LEN ||
	    (void *)vrrp + vrrp_len > data_end)
		return drop_vrid(st, vst, packet_len_err);
	__builtin_memcpy(&hdr, vrrp, sizeof(hdr));

	/* 9, 10. VRRPv3 only over IPv6; an advertisement. */
	adv.version = hdr.vers_type >> 4;
	type = hdr.vers_type & 0x0f;
	if (adv.version != VRRP_VERSION_3)
		return drop_vrid(st, vst, version_err);
	if (type != VRRP_TYPE_ADVERTISEMENT)
		return drop_vrid(st, vst, invalid_type_rcvd);

	/* 11. Length and Count IPvX Addr agree. */
	adv.count_addr = hdr.count_addr;
	if (vrrp_len != VRRP_HDR_LEN + VRRP_ADDR6_LEN * (__u32)adv.count_addr)
		return drop_vrid(st, vst, packet_len_err);

	/*
	 * 12. §5.2.8: the pseudo-header of RFC 8200 §8.1 (addresses, the
	 * 32-bit upper-layer length, next header 112), the fixed part, the
	 * addresses. Native 32-bit words sum as big-endian 16-bit ones.
	 */
	adv.addrs_off = XVRRP_ETH_HLEN + vrrp_off + VRRP_HDR_LEN;
	if (!vrrp6_addrs(ctx, adv.addrs_off, adv.count_addr, &walk))
		return drop_vrid(st, vst, checksum_err);
	adv.walk.sum = walk.sum + (__u64)adv.saddr6[0] + adv.saddr6[1] + adv.saddr6[2] +
		       adv.saddr6[3] + adv.daddr6[0] + adv.daddr6[1] + adv.daddr6[2] +
		       adv.daddr6[3] + bpf_htonl(vrrp_len) + bpf_htonl(XVRRP_IPPROTO_VRRP) +
		       ((__u32 *)&hdr)[0] + ((__u32 *)&hdr)[1];
	if (csum_fold64(adv.walk.sum) != 0xffff)
		return drop_vrid(st, vst, checksum_err);

	/* 13. §5.2.5: at least one address (unless we have none either); §5.2.7: an interval. */
	if (adv.count_addr == 0 && !(flags & XVRRP_VRID_NO_VIPS))
		return drop_vrid(st, vst, addr_list_err);
	adv.max_adver_int_cs = bpf_ntohs(hdr.rsvd_max_adver_int) & VRRP_V3_ADVER_INT_MASK;
	if (adv.max_adver_int_cs == 0)
		return drop_vrid(st, vst, advert_interval_err);

	/* Cannot happen: check 8 needs the fixed bytes, check 3 the VRID. */
	if (!vs)
		return drop_if(st, packet_len_err);

	/* 14. The instance's own rules. */
	if (adv.version != vs->cfg_version)
		return drop_vrid(st, vst, version_err);
	adv.addr_hash = walk.hash;
	if ((flags & XVRRP_VRID_CHECK_ADDRS) && adv.addr_hash != vs->cfg_addr_hash)
		return drop_vrid(st, vst, addr_list_err);

	adv.family = XVRRP_AF_INET6;
	adv.saddr4 = xvrrp_addr6_fold(adv.saddr6);
	adv.vrid = hdr.vrid;
	adv.priority = hdr.priority;
	adv.l3_off = XVRRP_ETH_HLEN;
	adv.ip_len = sizeof(*ip6h) + payload_len;
	return vrrp_accept(ctx, vst, vs, flags, &adv);
}

/*
 * Does this IPv6 packet carry VRRP? Returns the VRRP part's offset from the
 * IPv6 header, 0 for VRRP in a fragment (check 1 drops it), or -1 if it is
 * not VRRP.
 */
static __always_inline int vrrp6_offset(struct ipv6hdr *ip6h, void *data_end)
{
	struct frag_hdr *frag;
	__u32 off;
	int next;

	next = ip6_upper(ip6h, data_end, false, &off);
	if (next == XVRRP_IPPROTO_VRRP)
		return off;
	if (next != XVRRP_IPPROTO_FRAGMENT)
		return -1;
	frag = (void *)ip6h + off;
	if ((void *)(frag + 1) > data_end)
		return -1;
	return frag->nexthdr == XVRRP_IPPROTO_VRRP ? 0 : -1;
}

#endif /* XVRRP_BPF_ADVERT6_H */
