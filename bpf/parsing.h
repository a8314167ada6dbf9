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
 * The Ethernet header. Returns the EtherType in host byte order (an
 * 802.1Q/802.1ad tag's, for a tagged frame); *eth points at the header.
 */
static __always_inline int parse_ethhdr(struct hdr_cursor *nh, void *data_end,
					struct ethhdr **eth)
{
	struct ethhdr *e = nh->pos;

	if ((void *)(e + 1) > data_end)
		return -1;
	nh->pos = e + 1;
	*eth = e;
	return bpf_ntohs(e->h_proto);
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

/*
 * The fixed 40 bytes of an IPv6 header (RFC 8200 §3). Returns the Next
 * Header field; extension headers, if any, are the caller's business.
 */
static __always_inline int parse_ip6hdr(struct hdr_cursor *nh, void *data_end,
					struct ipv6hdr **ip6h)
{
	struct ipv6hdr *h = nh->pos;

	if ((void *)(h + 1) > data_end)
		return -1;
	nh->pos = h + 1;
	*ip6h = h;
	return h->nexthdr;
}

/* At most this many IPv6 extension headers are walked past (ip6_upper()). */
#define IP6_EXT_MAX		4

/*
 * Past the IPv6 extension headers (RFC 8200 §4): at most IP6_EXT_MAX
 * hop-by-hop, routing and destination options headers, and IPsec AH
 * headers (RFC 4302 §2.2) when skip_ah. Returns the first next header that
 * is none of these (a fragment header ends the walk too) and sets *off to
 * its offset from the start of the IPv6 header; -1 if the frame ends
 * inside the chain. After IP6_EXT_MAX headers the returned next header
 * may still be an extension header: the caller's match then fails.
 */
static __always_inline int ip6_upper(struct ipv6hdr *ip6h, void *data_end, bool skip_ah,
				     __u32 *off)
{
	struct ipv6_opt_hdr *ext;
	__u8 nexthdr = ip6h->nexthdr;
	__u32 pos = sizeof(*ip6h);
	__u32 i;

	for (i = 0; i < IP6_EXT_MAX; i++) {
		if (nexthdr != XVRRP_IPPROTO_HOPOPTS && nexthdr != XVRRP_IPPROTO_ROUTING &&
		    nexthdr != XVRRP_IPPROTO_DSTOPTS && !(skip_ah && nexthdr == XVRRP_IPPROTO_AH))
			break;
		ext = (void *)ip6h + pos;
		if ((void *)(ext + 1) > data_end)
			return -1;
		/* AH counts 4-byte words less 2, the others 8-byte units less 1. */
		if (nexthdr == XVRRP_IPPROTO_AH)
			pos += ((__u32)ext->hdrlen + 2) * 4;
		else
			pos += ((__u32)ext->hdrlen + 1) * 8;
		nexthdr = ext->nexthdr;
	}
	*off = pos;
	return nexthdr;
}

/*
 * A neighbour solicitation or advertisement without its options (RFC 4861
 * §4.3, §4.4): 24 bytes. vmlinux.h's icmp6hdr spells the NA flags as
 * bitfields whose order depends on the host, so the flags are a byte here.
 */
struct xvrrp_nd_msg {
	__u8  type;
	__u8  code;
	__u16 checksum;
	__u8  flags;		/* XVRRP_ND_NA_*; reserved (zero) in an NS */
	__u8  reserved[3];
	__u8  target[16];
} __attribute__((packed));

/* A link-layer address option for Ethernet (RFC 4861 §4.6.1, RFC 2464 §6). */
struct xvrrp_nd_opt_ll {
	__u8  type;		/* XVRRP_ND_OPT_SOURCE_LL or XVRRP_ND_OPT_TARGET_LL */
	__u8  len;		/* in units of 8 bytes: 1 */
	__u8  addr[XVRRP_ETH_ALEN];
} __attribute__((packed));

_Static_assert(sizeof(struct xvrrp_nd_msg) == 24, "NS/NA without options is 24 bytes");
_Static_assert(sizeof(struct xvrrp_nd_opt_ll) == 8, "Ethernet link-layer option is 8 bytes");

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
