/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Frame builders for tests: Ethernet (optionally 802.1Q-tagged), IPv4 and
 * VRRP v2/v3 adverts, other IPv4 (ICMP echo, TCP SYN), ARP, and IPv6
 * (neighbour solicitations and advertisements, ICMPv6 echo, TCP SYN).
 * Everything is written with memcpy into a byte buffer in network order,
 * and checksums come from rfc1071_csum(), a straightforward byte-wise
 * RFC 1071 sum that shares nothing with the XDP program's 32-bit word loop.
 */
#ifndef XVRRP_TEST_PKT_H
#define XVRRP_TEST_PKT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "xvrrp_wire.h"

#define PKT_MAX		1600
#define PKT_MIN_FRAME	60	/* Ethernet minimum without FCS: short frames are padded */

struct pkt {
	uint8_t b[PKT_MAX];
	size_t len;
};

/* RFC 1071: one's complement of the one's-complement sum of 16-bit words. */
static inline uint16_t rfc1071_csum(const uint8_t *buf, size_t len, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)buf[i] << 8 | buf[i + 1];
	if (len & 1)
		sum += (uint32_t)buf[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static inline void put8(struct pkt *p, uint8_t v)
{
	p->b[p->len++] = v;
}

static inline void put16(struct pkt *p, uint16_t v)
{
	put8(p, v >> 8);
	put8(p, v & 0xff);
}

static inline void put32(struct pkt *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p, v & 0xffff);
}

static inline void putmem(struct pkt *p, const void *src, size_t n)
{
	memcpy(p->b + p->len, src, n);
	p->len += n;
}

static inline void set16(struct pkt *p, size_t off, uint16_t v)
{
	p->b[off] = v >> 8;
	p->b[off + 1] = v & 0xff;
}

/* Ethernet header, plus an 802.1Q tag when vlan_tci != 0. */
static inline void put_eth(struct pkt *p, const uint8_t dst[6], const uint8_t src[6],
			   uint16_t vlan_tci, uint16_t proto)
{
	putmem(p, dst, 6);
	putmem(p, src, 6);
	if (vlan_tci) {
		put16(p, XVRRP_ETH_P_8021Q);
		put16(p, vlan_tci);
	}
	put16(p, proto);
}

static inline void pad_frame(struct pkt *p)
{
	while (p->len < PKT_MIN_FRAME)
		put8(p, 0);
}

/* Everything a test may want to vary in an IPv4 VRRP advert. */
struct vrrp_spec {
	uint16_t vlan_tci;	/* 0: untagged */
	uint8_t src_mac[6];
	uint32_t saddr, daddr;	/* host order */
	uint8_t ihl;		/* 5..15; options are NOPs */
	uint8_t ttl;
	uint16_t frag;		/* flags and offset, host order */
	uint8_t version, type, vrid, priority;
	uint8_t count_addr;	/* as written in the header */
	uint8_t naddr;		/* addresses actually present */
	uint32_t addrs[VRRP_MAX_ADDRS];	/* host order */
	uint16_t adver_int;	/* v3: centiseconds (12 bits); v2: seconds */
	uint8_t auth_type;	/* v2 */
	uint8_t auth_data[8];	/* v2 */
	int v2_no_auth;		/* v2 without the 8 auth bytes */
	int bad_ip_csum;
	int bad_vrrp_csum;
	uint32_t csum_daddr;	/* v3: pseudo-header destination instead of daddr (0: daddr) */
	int no_pad;		/* do not pad to 60 bytes */
	size_t cut;		/* bytes removed from the end of the frame */
	int ah;			/* behind an IPsec AH header (auth_type AH, IP protocol 51) */
	uint8_t ah_next_header;	/* 0: 112 (VRRP) */
	uint8_t ah_payload_len;	/* 0: XVRRP_AH_PAYLOAD_LEN */
};

/* The advert every test starts from: VRRPv3, VRID 1, priority 100, 1 s, two VIPs. */
static inline struct vrrp_spec vrrp_spec_v3(void)
{
	struct vrrp_spec s = {
		.src_mac = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x01 },
		.saddr = 0xC0000201,		/* 192.0.2.1 */
		.daddr = XVRRP_MCAST_GROUP4,
		.ihl = 5,
		.ttl = VRRP_TTL,
		.version = 3,
		.type = VRRP_TYPE_ADVERTISEMENT,
		.vrid = 1,
		.priority = 100,
		.count_addr = 2,
		.naddr = 2,
		.addrs = { 0xC0000264, 0xC0000265 },	/* 192.0.2.100, .101 */
		.adver_int = 100,
	};
	return s;
}

static inline void build_vrrp(struct pkt *p, const struct vrrp_spec *s)
{
	static const uint8_t mcast_mac[6] = XVRRP_MCAST_MAC4;
	size_t ip_off, vrrp_off, vrrp_len, i;
	uint32_t pseudo;
	uint16_t csum;

	p->len = 0;
	put_eth(p, mcast_mac, s->src_mac, s->vlan_tci, XVRRP_ETH_P_IP);

	ip_off = p->len;
	vrrp_len = VRRP_HDR_LEN + 4 * (size_t)s->naddr;
	if (s->version == 2 && !s->v2_no_auth)
		vrrp_len += VRRP_AUTH_DATA_LEN;
	put8(p, 0x40 | s->ihl);
	put8(p, 0);				/* DSCP */
	put16(p, (uint16_t)(4 * (s->ihl > 5 ? s->ihl : 5) + (s->ah ? XVRRP_AH_LEN : 0) + vrrp_len));
	put16(p, s->ah ? 1 : 0);		/* identification */
	put16(p, s->frag);
	put8(p, s->ttl);
	put8(p, s->ah ? XVRRP_IPPROTO_AH : XVRRP_IPPROTO_VRRP);
	put16(p, 0);				/* checksum, below */
	put32(p, s->saddr);
	put32(p, s->daddr);
	for (i = 5; i < s->ihl; i++)
		put32(p, 0x01010101);		/* NOP options */
	csum = rfc1071_csum(p->b + ip_off, p->len - ip_off, 0);
	set16(p, ip_off + 10, s->bad_ip_csum ? csum ^ 0x00ff : csum);

	/* RFC 2402 §2: the ICV is not checked in XDP, so any 12 bytes do here. */
	if (s->ah) {
		put8(p, s->ah_next_header ? s->ah_next_header : XVRRP_IPPROTO_VRRP);
		put8(p, s->ah_payload_len ? s->ah_payload_len : XVRRP_AH_PAYLOAD_LEN);
		put16(p, 0);
		put32(p, s->saddr);		/* SPI: the source address, as keepalived */
		put32(p, 1);			/* sequence number */
		for (i = 0; i < XVRRP_AH_ICV_LEN; i++)
			put8(p, (uint8_t)(0xa0 + i));
	}

	vrrp_off = p->len;
	put8(p, (uint8_t)(s->version << 4 | s->type));
	put8(p, s->vrid);
	put8(p, s->priority);
	put8(p, s->count_addr);
	if (s->version == 2) {
		put8(p, s->auth_type);
		put8(p, (uint8_t)s->adver_int);
	} else {
		put16(p, s->adver_int & VRRP_V3_ADVER_INT_MASK);
	}
	put16(p, 0);				/* checksum, below */
	for (i = 0; i < s->naddr; i++)
		put32(p, s->addrs[i]);
	if (s->version == 2 && !s->v2_no_auth)
		putmem(p, s->auth_data, VRRP_AUTH_DATA_LEN);

	/* RFC 5798 §5.2.8: v3 sums the pseudo-header; RFC 3768 §5.3.8: v2 does not. */
	pseudo = 0;
	if (s->version != 2) {
		uint32_t dst = s->csum_daddr ? s->csum_daddr : s->daddr;

		pseudo = (s->saddr >> 16) + (s->saddr & 0xffff) +
			 (dst >> 16) + (dst & 0xffff) +
			 XVRRP_IPPROTO_VRRP + (uint32_t)vrrp_len;
	}
	csum = rfc1071_csum(p->b + vrrp_off, vrrp_len, pseudo);
	set16(p, vrrp_off + 6, s->bad_vrrp_csum ? csum ^ 0x0100 : csum);

	if (!s->no_pad)
		pad_frame(p);
	p->len -= s->cut;
}

/* An IPv4 packet that is not VRRP: ICMP echo request or TCP SYN. */
#define PKT_IPPROTO_ICMP	1
#define PKT_IPPROTO_TCP		6

struct ip4_spec {
	uint16_t vlan_tci;
	uint8_t dst_mac[6];
	uint8_t src_mac[6];
	uint32_t saddr, daddr;	/* host order */
	uint8_t proto;		/* PKT_IPPROTO_ICMP or PKT_IPPROTO_TCP */
};

/* The 20 bytes of a TCP SYN (RFC 9293 §3.1); the checksum (offset 16) is left 0. */
#define PKT_TCP_CSUM_OFF	16

static inline void put_tcp_syn_hdr(struct pkt *p)
{
	put16(p, 40000);			/* source port */
	put16(p, 80);				/* destination port */
	put32(p, 1);				/* sequence */
	put32(p, 0);				/* acknowledgement */
	put16(p, 0x5002);			/* data offset 5, SYN */
	put16(p, 65535);			/* window */
	put16(p, 0);				/* checksum, by the caller */
	put16(p, 0);				/* urgent */
}

/* A TCP SYN with its checksum over the IPv4 pseudo-header. */
static inline void put_tcp_syn(struct pkt *p, const struct ip4_spec *s)
{
	size_t off = p->len;
	uint32_t pseudo = (s->saddr >> 16) + (s->saddr & 0xffff) +
			  (s->daddr >> 16) + (s->daddr & 0xffff) + PKT_IPPROTO_TCP + 20;

	put_tcp_syn_hdr(p);
	set16(p, off + PKT_TCP_CSUM_OFF, rfc1071_csum(p->b + off, 20, pseudo));
}

/* An ICMP echo request (RFC 792) without data. */
static inline void put_icmp_echo(struct pkt *p)
{
	size_t off = p->len;

	put8(p, 8);				/* echo request */
	put8(p, 0);
	put16(p, 0);				/* checksum, below */
	put16(p, 0x0001);			/* identifier */
	put16(p, 0x0001);			/* sequence */
	set16(p, off + 2, rfc1071_csum(p->b + off, 8, 0));
}

static inline void build_ip4(struct pkt *p, const struct ip4_spec *s)
{
	size_t ip_off;

	p->len = 0;
	put_eth(p, s->dst_mac, s->src_mac, s->vlan_tci, XVRRP_ETH_P_IP);
	ip_off = p->len;
	put8(p, 0x45);
	put8(p, 0);
	put16(p, s->proto == PKT_IPPROTO_TCP ? 20 + 20 : 20 + 8);
	put16(p, 0x1234);			/* identification */
	put16(p, 0x4000);			/* DF */
	put8(p, 64);
	put8(p, s->proto);
	put16(p, 0);				/* checksum, below */
	put32(p, s->saddr);
	put32(p, s->daddr);
	set16(p, ip_off + 10, rfc1071_csum(p->b + ip_off, 20, 0));
	if (s->proto == PKT_IPPROTO_TCP)
		put_tcp_syn(p, s);
	else
		put_icmp_echo(p);
	pad_frame(p);
}

/* An Ethernet/IPv4 ARP packet (RFC 826). Addresses in host order. */
struct arp_spec {
	uint16_t vlan_tci;
	uint8_t eth_dst[6];
	uint8_t eth_src[6];
	uint16_t op;
	uint8_t sha[6];
	uint32_t sip;
	uint8_t tha[6];
	uint32_t tip;
};

static inline void build_arp(struct pkt *p, const struct arp_spec *s)
{
	p->len = 0;
	put_eth(p, s->eth_dst, s->eth_src, s->vlan_tci, XVRRP_ETH_P_ARP);
	put16(p, XVRRP_ARPHRD_ETHER);
	put16(p, XVRRP_ETH_P_IP);
	put8(p, 6);
	put8(p, 4);
	put16(p, s->op);
	putmem(p, s->sha, 6);
	put32(p, s->sip);
	putmem(p, s->tha, 6);
	put32(p, s->tip);
	pad_frame(p);
}

/* ---- IPv6 ---------------------------------------------------------------- */

#define PKT_IP6_HLEN		40
#define PKT_NEXTHDR_HOP		0	/* RFC 8200 §4.3 */
#define PKT_NEXTHDR_ROUTING	43	/* RFC 8200 §4.4 */
#define PKT_NEXTHDR_FRAGMENT	44	/* RFC 8200 §4.5 */
#define PKT_NEXTHDR_DEST	60	/* RFC 8200 §4.6 */
#define PKT_ROUTING_TYPE_EXP	253	/* RFC 4727 §3: for experiments */
#define PKT_ICMP6_ECHO_REQUEST	128	/* RFC 4443 §4.1 */
#define PKT_ND_OPT_NONCE	14	/* RFC 3971 §5.3.2 */

/*
 * The upper-layer checksum of IPv6 (RFC 8200 §8.1), done the way the RFC
 * draws it: the pseudo-header (source, destination, upper-layer length as
 * 32 bits, three zero bytes and the next header) is laid out in a buffer in
 * front of the upper-layer packet, and rfc1071_csum() runs over the lot.
 */
static inline uint16_t ip6_upper_csum(const uint8_t saddr[16], const uint8_t daddr[16],
				      uint8_t nexthdr, const uint8_t *msg, size_t len)
{
	uint8_t buf[PKT_IP6_HLEN + PKT_MAX];
	size_t n = 0;

	memcpy(buf + n, saddr, 16);
	n += 16;
	memcpy(buf + n, daddr, 16);
	n += 16;
	buf[n++] = (uint8_t)(len >> 24);
	buf[n++] = (uint8_t)(len >> 16);
	buf[n++] = (uint8_t)(len >> 8);
	buf[n++] = (uint8_t)len;
	buf[n++] = 0;
	buf[n++] = 0;
	buf[n++] = 0;
	buf[n++] = nexthdr;
	memcpy(buf + n, msg, len);
	return rfc1071_csum(buf, n + len, 0);
}

/* What follows the IPv6 header (and the extension header, if any). */
enum pkt6_kind {
	PKT6_NS,		/* neighbour solicitation, RFC 4861 §4.3 */
	PKT6_NA,		/* neighbour advertisement, RFC 4861 §4.4 */
	PKT6_ECHO,		/* ICMPv6 echo request */
	PKT6_TCP,		/* TCP SYN */
};

struct ip6_spec {
	uint16_t vlan_tci;	/* 0: untagged */
	uint8_t dst_mac[6];
	uint8_t src_mac[6];
	uint32_t tc_flow;	/* traffic class (8 bits) and flow label (20 bits) */
	uint8_t hop_limit;
	uint8_t saddr[16];
	uint8_t daddr[16];
	int ext;		/* an 8-byte extension header of type ext_type first */
	uint8_t ext_type;	/* PKT_NEXTHDR_HOP, _DEST, _ROUTING or _FRAGMENT (put_ext6()) */
	enum pkt6_kind kind;
	/* PKT6_NS and PKT6_NA */
	uint8_t code;
	uint8_t na_flags;	/* XVRRP_ND_NA_* (PKT6_NA) */
	uint8_t target[16];
	int lla;		/* a link-layer address option of type lla_type */
	uint8_t lla_type;	/* XVRRP_ND_OPT_SOURCE_LL or XVRRP_ND_OPT_TARGET_LL */
	uint8_t lla_mac[6];
	int nonce;		/* and a Nonce option after it (8 bytes) */
	int bad_csum;		/* upper-layer checksum off by one bit */
	size_t cut;		/* bytes removed from the end of the frame */
};

/* Address resolution (RFC 4861 §7.2.2): to the target's solicited-node group. */
static inline void ip6_to_solicited_group(struct ip6_spec *i)
{
	static const uint8_t prefix[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff };

	memcpy(i->daddr, prefix, sizeof(prefix));
	memcpy(i->daddr + 13, i->target + 13, 3);
	/* RFC 2464 §7: 33:33 and the last four bytes of the group. */
	i->dst_mac[0] = 0x33;
	i->dst_mac[1] = 0x33;
	memcpy(i->dst_mac + 2, i->daddr + 12, 4);
}

/* An NS or NA: 24 bytes and the options the spec asks for. */
static inline void put_nd(struct pkt *p, const struct ip6_spec *s)
{
	int na = s->kind == PKT6_NA;

	put8(p, na ? XVRRP_ND_NEIGH_ADVERT : XVRRP_ND_NEIGH_SOLICIT);
	put8(p, s->code);
	put16(p, 0);				/* checksum, by build_ip6() */
	put8(p, na ? s->na_flags : 0);
	put8(p, 0);
	put16(p, 0);				/* reserved */
	putmem(p, s->target, 16);
	if (s->lla) {
		put8(p, s->lla_type);
		put8(p, 1);			/* 8 bytes */
		putmem(p, s->lla_mac, 6);
	}
	if (s->nonce) {
		put8(p, PKT_ND_OPT_NONCE);
		put8(p, 1);
		put32(p, 0x5a5a0102);		/* 6-byte nonce */
		put16(p, 0x0304);
	}
}

/*
 * One extension header in front of nexthdr (RFC 8200 §4): a fragment header
 * with frag_off (0: an atomic fragment, RFC 6946), or one of 8 * (1 +
 * hdrlen) bytes: an options header filled with a PadN option and Pad1
 * options (§4.2), or a routing header of a type nobody knows with Segments
 * Left 0, which a receiver ignores (§4.4).
 */
static inline void put_ext6(struct pkt *p, uint8_t type, uint8_t hdrlen, uint16_t frag_off,
			    uint8_t nexthdr)
{
	size_t i;

	put8(p, nexthdr);
	if (type == PKT_NEXTHDR_FRAGMENT) {
		put8(p, 0);
		put16(p, frag_off);
		put32(p, 0x12345678);		/* identification */
		return;
	}
	put8(p, hdrlen);
	if (type == PKT_NEXTHDR_ROUTING) {
		put8(p, PKT_ROUTING_TYPE_EXP);
		put8(p, 0);			/* Segments Left */
	} else {
		put8(p, 1);			/* PadN */
		put8(p, 4);
	}
	put32(p, 0);
	for (i = 0; i < 8 * (size_t)hdrlen; i++)
		put8(p, 0);
}

/*
 * The IPv6 header (payload length left 0 for the caller) and, in front of
 * nexthdr, ext extension headers of type ext_type, each as put_ext6()
 * writes it.
 */
static inline void put_ip6_hdr(struct pkt *p, uint32_t first_word, uint8_t hop_limit,
			       const uint8_t saddr[16], const uint8_t daddr[16], int ext,
			       uint8_t ext_type, uint8_t ext_hdrlen, uint16_t frag_off,
			       uint8_t nexthdr)
{
	int i;

	put32(p, first_word);
	put16(p, 0);				/* payload length, by the caller */
	put8(p, ext ? ext_type : nexthdr);
	put8(p, hop_limit);
	putmem(p, saddr, 16);
	putmem(p, daddr, 16);
	for (i = 0; i < ext; i++)
		put_ext6(p, ext_type, ext_hdrlen, frag_off, i + 1 < ext ? ext_type : nexthdr);
}

static inline void build_ip6(struct pkt *p, const struct ip6_spec *s)
{
	uint8_t nexthdr = s->kind == PKT6_TCP ? PKT_IPPROTO_TCP : XVRRP_IPPROTO_ICMPV6;
	size_t ip_off, l4_off, csum_off;
	uint16_t csum;

	p->len = 0;
	put_eth(p, s->dst_mac, s->src_mac, s->vlan_tci, XVRRP_ETH_P_IPV6);
	ip_off = p->len;
	put_ip6_hdr(p, 0x60000000 | (s->tc_flow & 0x0fffffff), s->hop_limit, s->saddr, s->daddr,
		    s->ext, s->ext_type, 0, 0, nexthdr);

	l4_off = p->len;
	switch (s->kind) {
	case PKT6_NS:
	case PKT6_NA:
		put_nd(p, s);
		csum_off = l4_off + 2;
		break;
	case PKT6_ECHO:
		put8(p, PKT_ICMP6_ECHO_REQUEST);
		put8(p, 0);
		put16(p, 0);			/* checksum, below */
		put16(p, 0x0001);		/* identifier */
		put16(p, 0x0001);		/* sequence */
		csum_off = l4_off + 2;
		break;
	case PKT6_TCP:
	default:
		put_tcp_syn_hdr(p);
		csum_off = l4_off + PKT_TCP_CSUM_OFF;
		break;
	}
	set16(p, ip_off + 4, (uint16_t)(p->len - ip_off - PKT_IP6_HLEN));
	csum = ip6_upper_csum(s->saddr, s->daddr, nexthdr, p->b + l4_off, p->len - l4_off);
	set16(p, csum_off, s->bad_csum ? csum ^ 0x0001 : csum);
	pad_frame(p);
	p->len -= s->cut;
}

/* ---- VRRPv3 over IPv6 (RFC 5798 §5.1.2) ---------------------------------- */

/* Everything a test may want to vary in an IPv6 VRRP advert. */
struct vrrp6_spec {
	uint16_t vlan_tci;	/* 0: untagged */
	uint8_t src_mac[6];
	uint8_t dst_mac[6];	/* all zero: 33:33:00:00:00:12 */
	uint8_t saddr[16];	/* the sender's link-local address */
	uint8_t daddr[16];	/* ff02::12, or a unicast peer */
	uint8_t hop_limit;
	int ext;		/* that many extension headers of type ext_type first */
	uint8_t ext_type;	/* PKT_NEXTHDR_HOP, _DEST, _ROUTING or _FRAGMENT (put_ext6()) */
	uint8_t ext_hdrlen;	/* their Hdr Ext Len: 8 * (1 + this) bytes each (not fragments) */
	uint16_t frag_off;	/* the fragment header's offset and M bit, host order */
	uint8_t version, type, vrid, priority;
	uint8_t count_addr;	/* as written in the header */
	uint8_t naddr;		/* addresses actually present */
	uint8_t addrs[VRRP_MAX_ADDRS][16];
	uint16_t adver_int;	/* centiseconds (12 bits) */
	int bad_csum;		/* VRRP checksum off by one bit */
	uint8_t csum_daddr[16];	/* pseudo-header destination instead of daddr (all zero: daddr) */
	int csum_ipv4;		/* checksum by the IPv4 rule, over the addresses' low 32 bits */
	int16_t plen_delta;	/* added to the payload length written */
	int no_pad;		/* do not pad to 60 bytes */
	size_t cut;		/* bytes removed from the end of the frame */
};

/* fe80::xx (the sender's link-local address, as RFC 5798 §5.1.2.1 asks). */
static inline void pkt_ll6(uint8_t a[16], uint8_t last)
{
	memset(a, 0, 16);
	a[0] = 0xfe;
	a[1] = 0x80;
	a[15] = last;
}

/* 2001:db8::1:xx */
static inline void pkt_db8(uint8_t a[16], uint8_t last)
{
	memset(a, 0, 16);
	a[0] = 0x20;
	a[1] = 0x01;
	a[2] = 0x0d;
	a[3] = 0xb8;
	a[13] = 0x01;
	a[15] = last;
}

/* The IPv6 advert every test starts from: VRID 1, priority 100, 1 s, fe80::1 and 2001:db8::1:0. */
static inline struct vrrp6_spec vrrp6_spec_v3(void)
{
	static const uint8_t group[16] = XVRRP_MCAST_GROUP6;
	struct vrrp6_spec s = {
		.src_mac = { 0x00, 0x00, 0x5e, 0x00, 0x02, 0x01 },
		.hop_limit = VRRP_TTL,
		.version = 3,
		.type = VRRP_TYPE_ADVERTISEMENT,
		.vrid = 1,
		.priority = 100,
		.count_addr = 2,
		.naddr = 2,
		.adver_int = 100,
	};

	pkt_ll6(s.saddr, 0x01);
	memcpy(s.daddr, group, 16);
	pkt_ll6(s.addrs[0], 0x01);
	pkt_db8(s.addrs[1], 0x00);
	return s;
}

/* The two 16-bit words of an IPv6 address's last 32 bits, summed. */
static inline uint32_t low32_sum(const uint8_t a[16])
{
	return (uint32_t)(a[12] << 8 | a[13]) + (uint32_t)(a[14] << 8 | a[15]);
}

/*
 * RFC 5798 §5.2.8: over the IPv6 pseudo-header of RFC 8200 §8.1, or, as
 * mistakes a sender could make, over another destination or by the IPv4
 * rule (each address's low 32 bits, a zero byte, the protocol, a 16-bit
 * length).
 */
static inline uint16_t vrrp6_csum(const struct vrrp6_spec *s, const uint8_t *msg, size_t len)
{
	static const uint8_t none[16];
	const uint8_t *dst = memcmp(s->csum_daddr, none, 16) ? s->csum_daddr : s->daddr;
	uint32_t pseudo;

	if (!s->csum_ipv4)
		return ip6_upper_csum(s->saddr, dst, XVRRP_IPPROTO_VRRP, msg, len);
	pseudo = low32_sum(s->saddr) + low32_sum(dst) + XVRRP_IPPROTO_VRRP + (uint32_t)len;
	return rfc1071_csum(msg, len, pseudo);
}

static inline void build_vrrp6(struct pkt *p, const struct vrrp6_spec *s)
{
	static const uint8_t zero_mac[6], group_mac[6] = XVRRP_MCAST_MAC6;
	size_t ip_off, vrrp_off, vrrp_len, i;
	uint16_t csum;

	p->len = 0;
	put_eth(p, memcmp(s->dst_mac, zero_mac, 6) ? s->dst_mac : group_mac, s->src_mac,
		s->vlan_tci, XVRRP_ETH_P_IPV6);
	ip_off = p->len;
	/* Traffic class 0xc0, as keepalived. */
	put_ip6_hdr(p, 0x6c000000, s->hop_limit, s->saddr, s->daddr, s->ext, s->ext_type,
		    s->ext_hdrlen, s->frag_off, XVRRP_IPPROTO_VRRP);

	vrrp_off = p->len;
	put8(p, (uint8_t)(s->version << 4 | s->type));
	put8(p, s->vrid);
	put8(p, s->priority);
	put8(p, s->count_addr);
	put16(p, s->adver_int & VRRP_V3_ADVER_INT_MASK);
	put16(p, 0);				/* checksum, below */
	for (i = 0; i < s->naddr; i++)
		putmem(p, s->addrs[i], 16);
	vrrp_len = p->len - vrrp_off;
	set16(p, ip_off + 4, (uint16_t)(p->len - ip_off - PKT_IP6_HLEN + s->plen_delta));
	csum = vrrp6_csum(s, p->b + vrrp_off, vrrp_len);
	set16(p, vrrp_off + 6, s->bad_csum ? csum ^ 0x0100 : csum);
	if (!s->no_pad)
		pad_frame(p);
	p->len -= s->cut;
}

#endif /* XVRRP_TEST_PKT_H */
