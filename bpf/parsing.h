/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Bounds-checked header parsing for the XDP program, in the shape of
 * xdp-tools' parsing_helpers.h: a cursor that only moves forward after the
 * verifier has seen that the header it steps over lies inside the frame.
 * Every helper returns what comes next, or -1 when the frame is too short.
 *
 * Include after vmlinux.h and bpf_endian.h.
 */
#ifndef XVRRP_PARSING_H
#define XVRRP_PARSING_H

#include "xvrrp_wire.h"

struct hdr_cursor {
	void *pos;
};

/*
 * Ethernet plus at most one 802.1Q / 802.1ad tag. Returns the EtherType of
 * the payload in host byte order; *eth points at the Ethernet header and
 * *l3_off is the frame offset of the payload (14 or 18).
 */
static __always_inline int parse_ethhdr_vlan(struct hdr_cursor *nh, void *data_end,
					     struct ethhdr **eth, __u32 *l3_off)
{
	struct ethhdr *e = nh->pos;
	struct vlan_hdr *vlh;
	__u16 proto;

	if ((void *)(e + 1) > data_end)
		return -1;
	nh->pos = e + 1;
	*eth = e;
	*l3_off = sizeof(*e);
	proto = bpf_ntohs(e->h_proto);

	if (proto == XVRRP_ETH_P_8021Q || proto == XVRRP_ETH_P_8021AD) {
		vlh = nh->pos;
		if ((void *)(vlh + 1) > data_end)
			return -1;
		nh->pos = vlh + 1;
		*l3_off += sizeof(*vlh);
		proto = bpf_ntohs(vlh->h_vlan_encapsulated_proto);
	}
	return proto;
}

/*
 * The fixed 20 bytes of an IPv4 header. The caller validates IHL and moves
 * the cursor past the options itself (IHL is not trusted here). Returns the
 * IP protocol.
 */
static __always_inline int parse_iphdr_fixed(struct hdr_cursor *nh, void *data_end,
					     struct iphdr **iph)
{
	struct iphdr *h = nh->pos;

	if ((void *)(h + 1) > data_end)
		return -1;
	*iph = h;
	return h->protocol;
}

/* An Ethernet/IPv4 ARP payload (RFC 826). Returns the opcode, host order. */
static __always_inline int parse_arp4(struct hdr_cursor *nh, void *data_end,
				      struct xvrrp_arp4 **arp)
{
	struct xvrrp_arp4 *a = nh->pos;

	if ((void *)(a + 1) > data_end)
		return -1;
	nh->pos = a + 1;
	*arp = a;
	return bpf_ntohs(a->ar_op);
}

/* The 8 fixed bytes of a VRRP packet. Returns the version nibble. */
static __always_inline int parse_vrrp_hdr(struct hdr_cursor *nh, void *data_end,
					  struct vrrp_hdr **vrrp)
{
	struct vrrp_hdr *v = nh->pos;

	if ((void *)(v + 1) > data_end)
		return -1;
	*vrrp = v;
	return v->vers_type >> 4;
}

/* Fold a 64-bit one's-complement accumulator to 16 bits (RFC 1071 §4.1). */
static __always_inline __u16 csum_fold64(__u64 sum)
{
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

#endif /* XVRRP_PARSING_H */
