/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Build and parse VRRP advertisements (RFC 5798 §5, RFC 3768 §5; over IPv6,
 * RFC 5798 §5.1.2 and RFC 9568) and the Ethernet frames that carry them,
 * plus gratuitous ARP and unsolicited neighbour advertisement frames. Pure
 * byte work: no sockets here (see tx.c).
 */
#ifndef XVRRP_ADVERT_H
#define XVRRP_ADVERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "xvrrp_wire.h"

struct vrrp_advert {
	uint8_t  version;               /* 2 or 3 */
	uint8_t  type;                  /* VRRP_TYPE_ADVERTISEMENT */
	uint8_t  vrid;
	uint8_t  priority;
	uint8_t  count_addr;
	uint16_t max_adver_int_cs;      /* v3: centiseconds; v2: adver_int seconds * 100 */
	uint8_t  auth_type;             /* v2 */
	uint8_t  auth_data[VRRP_AUTH_DATA_LEN]; /* v2 */
	/*
	 * Which address list is in use: AF_INET6 for addrs6 (set it before
	 * the *6 encoders; the *6 decoder sets it), else AF_INET (the IPv4
	 * decoder sets it; the IPv4 encoder also takes 0, so callers that
	 * predate IPv6 need not set it).
	 */
	uint8_t  family;
	union {
		uint32_t        addrs[VRRP_MAX_ADDRS];  /* IPv4, network byte order */
		struct in6_addr addrs6[VRRP_MAX_ADDRS]; /* IPv6, network byte order */
	};
};

enum vrrp_decode_err {
	VRRP_DECODE_OK = 0,
	VRRP_DECODE_TOO_SHORT,          /* packet_len_err */
	VRRP_DECODE_LEN_MISMATCH,       /* packet_len_err: length vs count_addr */
	VRRP_DECODE_BAD_VERSION,
	VRRP_DECODE_BAD_TYPE,           /* invalid_type_rcvd */
	VRRP_DECODE_BAD_CHECKSUM,
	VRRP_DECODE_BAD_INTERVAL,       /* advert_interval_err: v3 interval 0 */
	VRRP_DECODE_NO_ADDRS,           /* addr_list_err: IPv6 advert of Count IPvX Addr 0 */
};

/* Length of the VRRP part for this version and address count. */
size_t vrrp_advert_len(uint8_t version, uint8_t count_addr);

/*
 * Internet checksum of the VRRP part. v3 covers the IPv4 pseudo-header
 * (RFC 5798 §5.2.8); v2 covers the VRRP message only (RFC 3768 §5.3.8).
 * saddr/daddr are network byte order. Returns the value to store, in the
 * byte order it is stored in (memcpy it into the packet).
 */
uint16_t vrrp_checksum4(const uint8_t *vrrp, size_t len, uint8_t version,
			uint32_t saddr, uint32_t daddr);

/*
 * Write the VRRP part of `adv` (checksum filled in) into buf. Returns the
 * number of bytes written, or 0 if len is too small or adv is invalid.
 */
size_t vrrp_advert_encode(const struct vrrp_advert *adv, uint32_t saddr, uint32_t daddr,
			  uint8_t *buf, size_t len);

/* Parse and validate the VRRP part of a packet from saddr to daddr. */
enum vrrp_decode_err vrrp_advert_decode(const uint8_t *buf, size_t len, uint32_t saddr,
					uint32_t daddr, struct vrrp_advert *out);

const char *vrrp_decode_err_str(enum vrrp_decode_err err);

/*
 * VRRPv3 over IPv6 (RFC 5798 §5.1.2, §5.2; RFC 9568). Only version 3 exists
 * over IPv6 (VRRPv2 is IPv4 only), the address list holds 16-byte IPv6
 * addresses (§5.2.9), and the checksum covers the IPv6 pseudo-header of
 * RFC 8200 §8.1 (§5.2.8). Addresses are as on the wire.
 */

/* Length of the VRRP part of an IPv6 advert: 8 + 16 * count_addr. */
size_t vrrp_advert_len6(uint8_t count_addr);

/*
 * Internet checksum of the VRRP part of an IPv6 advert of len bytes, over
 * the RFC 8200 §8.1 pseudo-header (source, destination, upper-layer packet
 * length as 32 bits, 3 zero bytes, next header 112) and the VRRP part with
 * its checksum field taken as zero. Returns the value to store, in the byte
 * order it is stored in (memcpy it into the packet).
 */
uint16_t vrrp_checksum6(const uint8_t *vrrp, size_t len, const struct in6_addr *saddr,
			const struct in6_addr *daddr);

/*
 * Write the VRRP part of an IPv6 advert (checksum filled in) into buf.
 * adv must say version 3, family AF_INET6, type advertisement, Max Adver
 * Int 1..4095 centiseconds and at least one address (§5.2.5). Returns the
 * number of bytes written, or 0 if len is too small or adv is invalid.
 */
size_t vrrp_advert_encode6(const struct vrrp_advert *adv, const struct in6_addr *saddr,
			   const struct in6_addr *daddr, uint8_t *buf, size_t len);

/*
 * Parse and validate the VRRP part of an IPv6 packet from saddr to daddr
 * (len is the upper-layer length: the payload after any extension headers).
 * Checks in the order of the IPv4 decoder and of the XDP program
 * (bpf/advert6.h): length at least 8, version 3 (a version 2 advert is
 * BAD_VERSION), type, length 8 + 16 * count, checksum, count not 0 (§5.2.5),
 * interval not 0. On success out->family is AF_INET6 and out->addrs6 holds
 * the addresses; the header fields are filled in as soon as they are there.
 */
enum vrrp_decode_err vrrp_advert_decode6(const uint8_t *buf, size_t len,
					 const struct in6_addr *saddr,
					 const struct in6_addr *daddr, struct vrrp_advert *out);

/*
 * Whole Ethernet frame of an IPv6 advert: dst 33:33:00:00:00:12 (the group
 * of ff02::12; dst_mac if not NULL), src src_mac, type 0x86DD, then IPv6
 * (traffic class 0xc0 as keepalived, flow label 0, next header 112, hop
 * limit 255) from saddr to daddr, no extension headers, then the advert as
 * vrrp_advert_encode6() writes it. Returns the frame length, or 0 if len is
 * too small or adv is invalid.
 */
size_t xvrrp_build_advert_frame6(const uint8_t src_mac[6], const uint8_t *dst_mac,
				 const struct in6_addr *saddr, const struct in6_addr *daddr,
				 const struct vrrp_advert *adv, uint8_t *buf, size_t len);

struct xvrrp_ah_tx;

/*
 * Whole Ethernet frame: dst 01:00:5e:00:00:12 (or dst_mac if not NULL, for
 * unicast), src src_mac, IPv4 (TTL 255, protocol 112, DF clear, a correct
 * header checksum) from saddr to daddr, then the advert. With ah (VRRPv2
 * only), an IPsec AH header goes between IPv4 (protocol 51) and the advert
 * (ah.h). Returns the frame length or 0.
 */
size_t xvrrp_build_advert_frame(const uint8_t src_mac[6], const uint8_t *dst_mac,
				uint32_t saddr, uint32_t daddr, const struct vrrp_advert *adv,
				const struct xvrrp_ah_tx *ah, uint8_t *buf, size_t len);

/*
 * Gratuitous ARP for vip (RFC 5227 §3 announcement, as keepalived sends):
 * broadcast, ARP request, sender = target = vip, sha = mac. Returns 42 or 0.
 */
size_t xvrrp_build_garp_frame(const uint8_t mac[6], uint32_t vip, uint8_t *buf, size_t len);

/*
 * Unsolicited neighbour advertisement for an IPv6 VIP (RFC 4861 §7.2.6, as
 * keepalived sends): to ff02::1 from the VIP, Override (+ Router), with a
 * Target Link-Layer Address option. Returns 86 or 0.
 */
size_t xvrrp_build_unsolicited_na_frame(const uint8_t mac[6], const struct in6_addr *vip,
					bool router, uint8_t *buf, size_t len);

/* Internet checksum (RFC 1071) over len bytes, folded, not inverted. */
uint32_t xvrrp_csum_add(uint32_t sum, const uint8_t *data, size_t len);
uint16_t xvrrp_csum_fold(uint32_t sum);

#endif /* XVRRP_ADVERT_H */
