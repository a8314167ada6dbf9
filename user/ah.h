/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * IPsec Authentication Header around VRRPv2 adverts: RFC 2338 §5.3.6.2
 * ("IP Authentication Header"), keepalived's `auth_type AH`. RFC 3768
 * dropped it from VRRP; it is here so that pairs configured with it keep
 * working, next to keepalived peers.
 *
 * The ICV is HMAC-MD5-96 (RFC 2403) keyed with auth_pass (8 bytes,
 * zero-padded) over the whole IP packet, with the mutable IPv4 fields
 * (TOS, fragment field, header checksum, and for unicast instances the TTL)
 * and the ICV itself set to zero (RFC 2402 §3.3.3.1). The SPI is the
 * sender's address. Pure byte work: no sockets here.
 */
#ifndef XVRRP_AH_H
#define XVRRP_AH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "xvrrp_wire.h"

/*
 * The anti-replay counter of an instance, with keepalived's meaning, so
 * that a pair of mixed daemons agrees: one counter per instance, for what
 * it sends and what it receives. A sender counts up from it; a receiver
 * accepts only a sequence number above it and moves it there. So a router
 * that restarts (and starts again from 0) first learns the current number
 * as a backup, and then continues from it as master.
 */
struct xvrrp_ah_state {
	uint32_t seq;
	bool cycled;            /* seq reached 0xFFFFFFFE: start again on the next takeover */
	uint16_t ip_id;         /* IPv4 Identification of our adverts (covered by the ICV) */
};

/* What xvrrp_build_advert_frame() needs to wrap an advert in AH. */
struct xvrrp_ah_tx {
	const uint8_t *key;     /* auth_pass, VRRP_AUTH_DATA_LEN bytes */
	uint32_t seq;
	uint16_t ip_id;         /* must not be 0: the kernel fills a zero ID in (IP_HDRINCL) */
	bool unicast;           /* the TTL is left out of the ICV */
};

enum xvrrp_ah_verdict {
	XVRRP_AH_OK = 0,
	XVRRP_AH_MALFORMED,     /* not IPv4 + AH (next header 112, 24 bytes) + something */
	XVRRP_AH_BAD_ICV,       /* wrong auth_pass, or changed on the way */
	XVRRP_AH_BAD_SPI,       /* SPI is not the source address */
	XVRRP_AH_REPLAY,        /* sequence number not above the counter */
};

/* The next sequence number to send (keepalived stops at 0xFFFFFFFE). */
uint32_t xvrrp_ah_next_seq(struct xvrrp_ah_state *st);
/* The next IPv4 Identification to send, never 0. */
uint16_t xvrrp_ah_next_ip_id(struct xvrrp_ah_state *st);
/* Becoming master: a counter that ran out starts again. */
void xvrrp_ah_become_master(struct xvrrp_ah_state *st);

/*
 * The 96-bit ICV of the IPv4 packet ip[0..len) (header, AH header, VRRP).
 * Returns false if the packet is too short to hold the headers.
 */
bool xvrrp_ah_icv(const uint8_t key[VRRP_AUTH_DATA_LEN], const uint8_t *ip, size_t len,
		  bool unicast, uint8_t icv[XVRRP_AH_ICV_LEN]);

/*
 * Fill in the AH header that follows the IPv4 header of ip[0..len) (next
 * header 112, length, SPI = source address, sequence number) and its ICV.
 * The IPv4 header must be final. Returns false if the packet is too short.
 */
bool xvrrp_ah_seal(uint8_t *ip, size_t len, const struct xvrrp_ah_tx *ah);

/*
 * Check a received IPv4 packet with AH: ICV (in constant time), SPI, then
 * the sequence number against st (moved on when the packet is good). In a
 * backup, a good packet also clears st->cycled, as keepalived does.
 */
enum xvrrp_ah_verdict xvrrp_ah_check(const uint8_t *ip, size_t len,
				     const uint8_t key[VRRP_AUTH_DATA_LEN], bool unicast,
				     bool backup, struct xvrrp_ah_state *st);

const char *xvrrp_ah_verdict_str(enum xvrrp_ah_verdict v);

#endif
