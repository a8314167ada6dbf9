/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * VRRP wire format (RFC 5798 §5.1, RFC 3768 §5.1) and the few Ethernet / IPv4 /
 * ARP constants the XDP program and user space both need. vmlinux.h carries
 * no macros, so every constant used on the wire is defined here, once.
 *
 * Shared by bpf/ (compiled against vmlinux.h) and user/ (against UAPI headers).
 */
#ifndef XVRRP_WIRE_H
#define XVRRP_WIRE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define XVRRP_ETH_ALEN          6
#define XVRRP_ETH_HLEN          14
#define XVRRP_ETH_P_IP          0x0800
#define XVRRP_ETH_P_ARP         0x0806
#define XVRRP_ETH_P_8021Q       0x8100
#define XVRRP_ETH_P_8021AD      0x88A8
#define XVRRP_ETH_P_IPV6        0x86DD
#define XVRRP_IPPROTO_ICMPV6    58
/* RFC 4861 §4.3, §4.4: neighbour solicitation and advertisement. */
#define XVRRP_ND_NEIGH_SOLICIT  135
#define XVRRP_ND_NEIGH_ADVERT   136
#define XVRRP_ND_OPT_SOURCE_LL  1
#define XVRRP_ND_OPT_TARGET_LL  2
#define XVRRP_ND_NA_ROUTER      0x80    /* first byte of the NA flags word */
#define XVRRP_ND_NA_SOLICITED   0x40
#define XVRRP_ND_NA_OVERRIDE    0x20
#define XVRRP_ND_HOP_LIMIT      255     /* RFC 4861 §7.1: anything else was routed */
/* 33:33:00:00:00:01, the Ethernet group of ff02::1 (RFC 2464 §7). */
#define XVRRP_ALL_NODES_MAC6    { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 }
#define XVRRP_VLAN_HLEN         4

#define XVRRP_IPPROTO_VRRP      112
#define XVRRP_IPPROTO_AH        51
#define XVRRP_IP_MF             0x2000
#define XVRRP_IP_OFFSET         0x1FFF

/* 224.0.0.18, host byte order; the IPv4 VRRP multicast group (RFC 5798 §5.1.1.2). */
#define XVRRP_MCAST_GROUP4      0xE0000012U
/* 01:00:5e:00:00:12, the Ethernet group address of 224.0.0.18. */
#define XVRRP_MCAST_MAC4        { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x12 }

/* ff02::12, the IPv6 VRRP multicast group (RFC 5798 §5.1.2.2), as 16 bytes. */
#define XVRRP_MCAST_GROUP6      { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x12 }
/* 33:33:00:00:00:12, its Ethernet group address (RFC 2464 §7). */
#define XVRRP_MCAST_MAC6        { 0x33, 0x33, 0x00, 0x00, 0x00, 0x12 }
#define XVRRP_IPV6_HLEN         40
/* IPv6 extension headers (RFC 8200 §4) an advert may come behind, and the fragment header. */
#define XVRRP_IPPROTO_HOPOPTS   0
#define XVRRP_IPPROTO_ROUTING   43
#define XVRRP_IPPROTO_FRAGMENT  44
#define XVRRP_IPPROTO_DSTOPTS   60

#define XVRRP_ARPHRD_ETHER      1
#define XVRRP_ARPOP_REQUEST     1
#define XVRRP_ARPOP_REPLY       2

/* RFC 5798 §5.1.1.3, §5.1.2.3: TTL (IPv6 Hop Limit) must be 255; anything else was routed. */
#define VRRP_TTL                255
#define VRRP_VERSION_2          2
#define VRRP_VERSION_3          3
#define VRRP_TYPE_ADVERTISEMENT 1
#define VRRP_PRIO_STOP          0     /* §5.2.4: master is leaving */
#define VRRP_PRIO_DEFAULT       100
#define VRRP_PRIO_OWNER         255   /* §5.2.4: IPvX address owner */
#define VRRP_MAX_ADDRS          255
/* What xvrrp puts in one IPv6 advert: 14 + 40 + 8 + 16 * 64 = 1086 bytes, one send buffer. */
#define XVRRP_ADVERT_MAX_ADDRS6 64
#define VRRP_ADDR6_LEN          16    /* an IPv6 address in the list (RFC 5798 §5.2.9) */
#define VRRP_AUTH_DATA_LEN      8     /* RFC 3768 §5.3.10, VRRPv2 only */
#define VRRP_AUTH_NONE          0
#define VRRP_AUTH_PASS          1
#define VRRP_AUTH_AH            2     /* RFC 2338 only; RFC 3768 removed it */

/* VRRPv3 Max Adver Int: 12 bits of centiseconds (RFC 5798 §5.2.7). */
#define VRRP_V3_ADVER_INT_MASK  0x0FFF
#define VRRP_V3_ADVER_INT_MIN   1
#define VRRP_V3_ADVER_INT_MAX   4095

/*
 * The 8 fixed bytes of every advertisement. Byte 6 differs by version:
 * v3 carries rsvd(4) | max_adver_int(12) in bytes 4-5; v2 carries auth_type in
 * byte 4 and adver_int (seconds) in byte 5.
 */
struct vrrp_hdr {
	__u8  vers_type;        /* version << 4 | type */
	__u8  vrid;
	__u8  priority;
	__u8  count_addr;
	union {
		__be16 rsvd_max_adver_int;     /* v3 */
		struct {
			__u8 auth_type;        /* v2 */
			__u8 adver_int;        /* v2, seconds */
		} v2;
	};
	__u16 checksum;
} __attribute__((packed));

#define VRRP_HDR_LEN            8

/* Ethernet ARP payload for IPv4 (RFC 826). */
struct xvrrp_arp4 {
	__be16 ar_hrd;
	__be16 ar_pro;
	__u8   ar_hln;
	__u8   ar_pln;
	__be16 ar_op;
	__u8   ar_sha[XVRRP_ETH_ALEN];
	__u8   ar_sip[4];
	__u8   ar_tha[XVRRP_ETH_ALEN];
	__u8   ar_tip[4];
} __attribute__((packed));

#define XVRRP_ARP4_LEN          28

/*
 * IPsec Authentication Header (RFC 2402 §2) in front of a VRRPv2 advert,
 * RFC 2338 §5.3.6.2 "IP Authentication Header", keepalived's auth_type AH.
 * VRRP fixes its shape: next header 112, 96-bit ICV (HMAC-MD5-96, RFC 2403),
 * so 24 bytes in all and Payload Len (in 32-bit words, minus 2) is 4. The
 * SPI is the sender's IPv4 address, as keepalived sets it.
 */
struct xvrrp_ipsec_ah {
	__u8   next_header;     /* XVRRP_IPPROTO_VRRP */
	__u8   payload_len;     /* XVRRP_AH_PAYLOAD_LEN */
	__u16  reserved;
	__be32 spi;
	__be32 seq_number;
	__u8   icv[12];
} __attribute__((packed));

#define XVRRP_AH_LEN            24
#define XVRRP_AH_PAYLOAD_LEN    (XVRRP_AH_LEN / 4 - 2)
#define XVRRP_AH_ICV_LEN        12

#endif /* XVRRP_WIRE_H */
