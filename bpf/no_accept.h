/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * no_accept (RFC 5798 §6.1 Accept_Mode False): packets to the VIPs of a
 * no_accept instance are dropped, IPv4 and IPv6 alike, except what keeps the
 * VIP reachable (ARP, neighbour discovery).
 */
#ifndef XVRRP_BPF_NO_ACCEPT_H
#define XVRRP_BPF_NO_ACCEPT_H

/*
 * Any other IPv4 packet. RFC 5798 §6.4.3: a Master that is not the address
 * owner "MUST NOT accept packets addressed to the IPvX address(es)
 * associated with the virtual router" unless Accept_Mode is True (§6.1).
 * The RFC makes no exception (§6.1 names pinging the VIP as the reason to
 * turn Accept_Mode on), and with no_accept (or vrrp_strict) keepalived's
 * firewall rules mean "the system will not receive packets addressed to the
 * VIPs" (keepalived.conf(5)); so every protocol is dropped here, before the
 * stack sees it. ARP for the VIP is not IPv4 and is still answered.
 */
static __always_inline int handle_ip4_other(struct xvrrp_xdp_stats *st, struct iphdr *iph)
{
	struct xvrrp_vrid_key vkey = { .family = XVRRP_AF_INET };
	struct xvrrp_vip_key key = { .addr4 = iph->daddr };
	struct xvrrp_vrid_stats *vst;
	struct xvrrp_vip_value *vip;

	vip = bpf_map_lookup_elem(&owned_vips, &key);
	if (!vip || !vip_owned(vip))
		return XDP_PASS;
	if (!(vip->flags & XVRRP_VIP_NO_ACCEPT))
		return verdict(&st->vip_passed, XDP_PASS);
	vkey.vrid = vip->vrid;
	vst = vrid_stats_get(&vkey);
	if (vst)
		vst->no_accept_drop += 1;
	return drop_if(st, no_accept_drop);
}

/*
 * The neighbour discovery messages a no_accept VIP must still receive:
 * solicitation and advertisement (RFC 4861 §4.3, §4.4), the two keepalived's
 * no_accept rules accept. Router solicitations, advertisements and
 * redirects are not addressed to a host's address.
 */
#define ND_TYPE_FIRST		XVRRP_ND_NEIGH_SOLICIT
#define ND_TYPE_LAST		XVRRP_ND_NEIGH_ADVERT

/*
 * Neighbour discovery, for the no_accept exception: ICMPv6 NS or NA
 * after at most IP6_EXT_MAX hop-by-hop, routing, destination
 * options or AH headers (keepalived's rules match the ICMPv6 type behind
 * them too). A fragment ends the walk: RFC 6980 §5 has fragmented ND
 * silently ignored, so nothing is lost by dropping it. So does a frame that
 * ends early, or more headers than that: whatever is not shown to be ND is
 * not let through to a no_accept VIP.
 */
static __always_inline bool ip6_is_nd(struct ipv6hdr *ip6h, void *data_end)
{
	__u32 off;
	__u8 *type;

	if (ip6_upper(ip6h, data_end, true, &off) != XVRRP_IPPROTO_ICMPV6)
		return false;
	type = (void *)ip6h + off;
	if ((void *)(type + 1) > data_end)
		return false;
	return *type >= ND_TYPE_FIRST && *type <= ND_TYPE_LAST;
}

/*
 * Any other IPv6 packet: no_accept for owned IPv6 VIPs, as
 * handle_ip4_other() for IPv4 (RFC 5798 §6.4.3), and filed under the
 * instance (an IPv4 one, whose virtual_ipaddress_excluded holds the VIP).
 * Neighbour discovery is the exception: without it nobody could resolve
 * the VIP, and keepalived's no_accept rules accept it as well. It passes
 * uncounted, as ARP for a no_accept VIP is not counted as accepted.
 */
static __always_inline int handle_ip6_other(struct xvrrp_xdp_stats *st, struct ipv6hdr *ip6h,
					    void *data_end)
{
	struct xvrrp_vrid_key vkey = { .family = XVRRP_AF_INET };
	struct xvrrp_vrid_stats *vst;
	struct xvrrp_vip_value *vip;
	struct xvrrp_vip6_key key;

	__builtin_memcpy(key.addr6, &ip6h->daddr, sizeof(key.addr6));
	vip = bpf_map_lookup_elem(&owned_vips6, &key);
	if (!vip || !vip_owned(vip))
		return XDP_PASS;
	if (!(vip->flags & XVRRP_VIP_NO_ACCEPT))
		return verdict(&st->vip_passed, XDP_PASS);
	if (ip6_is_nd(ip6h, data_end))
		return XDP_PASS;
	vkey.vrid = vip->vrid;
	if (vip->flags & XVRRP_VIP_INST6)
		vkey.family = XVRRP_AF_INET6;
	vst = vrid_stats_get(&vkey);
	if (vst)
		vst->no_accept_drop += 1;
	return drop_if(st, no_accept_drop);
}

#endif /* XVRRP_BPF_NO_ACCEPT_H */
