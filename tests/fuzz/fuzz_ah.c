// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the IPsec AH check of auth_type AH adverts (user/ah.h).
 *
 * Input: one flags byte (bit 0 unicast, bit 1 backup, bit 2 seal a copy
 * first), the 8-byte key (auth_pass), the receiver's sequence counter (4
 * bytes, big-endian), then the IPv4 packet, which xvrrp_ah_check() reads
 * from a heap buffer of exactly its length. These must hold:
 *  - a refused packet leaves the counter as it was; an accepted one moves
 *    it to the packet's sequence number, above the old one (and a backup
 *    clears `cycled`);
 *  - xvrrp_ah_icv() computes an ICV exactly when the packet can hold an
 *    IPv4 header and an AH header;
 *  - with bit 2: the packet sealed by xvrrp_ah_seal() (next sequence
 *    number) is accepted, still after the mutable fields (TOS, fragment
 *    field, header checksum, and for unicast the TTL) are changed, and
 *    refused as BAD_ICV once a byte of the ICV or of the VRRP part is
 *    changed, or with another key.
 */
#include <endian.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ah.h"
#include "fuzz_util.h"

#define HDR 13  /* flags, key, counter */

static size_t ah_hlen(const uint8_t *ip, size_t len)
{
	size_t hlen;

	if (len < 20 || (ip[0] >> 4) != 4)
		return 0;
	hlen = (size_t)(ip[0] & 0x0f) * 4;
	return hlen >= 20 && len >= hlen + XVRRP_AH_LEN ? hlen : 0;
}

static enum xvrrp_ah_verdict check_fresh(const uint8_t *ip, size_t len, const uint8_t *key,
					 bool unicast, uint32_t seq)
{
	struct xvrrp_ah_state st = { .seq = seq };

	return xvrrp_ah_check(ip, len, key, unicast, false, &st);
}

static void check_sealed(const uint8_t *pkt, size_t len, const uint8_t *key, bool unicast,
			 uint32_t counter, uint8_t salt)
{
	struct xvrrp_ah_tx tx = {
		.key = key, .seq = counter + 1, .ip_id = (uint16_t)(salt | 1), .unicast = unicast,
	};
	uint8_t *ip = fuzz_dup(pkt, len);
	uint8_t other_key[VRRP_AUTH_DATA_LEN];
	enum xvrrp_ah_verdict v;
	size_t hlen = ah_hlen(ip, len), pos;
	bool sealed = xvrrp_ah_seal(ip, len, &tx);

	FUZZ_CHECK(sealed == (hlen != 0), "xvrrp_ah_seal() %s a packet it %s hold",
		   sealed ? "sealed" : "refused", hlen ? "can" : "cannot");
	if (!sealed || counter == UINT32_MAX) {
		free(ip);
		return;
	}
	v = check_fresh(ip, len, key, unicast, counter);
	FUZZ_CHECK(v == XVRRP_AH_OK, "a sealed packet is refused: %s", xvrrp_ah_verdict_str(v));

	/* RFC 2402 §3.3.3.1.1.1: the mutable fields are not covered. */
	ip[1] ^= salt;
	ip[6] ^= salt;
	ip[7] ^= (uint8_t)(salt >> 1);
	ip[10] ^= 0x5a;
	ip[11] ^= salt;
	if (unicast)
		ip[8] ^= (uint8_t)~salt;
	v = check_fresh(ip, len, key, unicast, counter);
	FUZZ_CHECK(v == XVRRP_AH_OK, "mutable fields changed: refused (%s)",
		   xvrrp_ah_verdict_str(v));

	memcpy(other_key, key, sizeof(other_key));
	other_key[salt % VRRP_AUTH_DATA_LEN] ^= (uint8_t)(1u << (salt % 8));
	v = check_fresh(ip, len, other_key, unicast, counter);
	FUZZ_CHECK(v == XVRRP_AH_BAD_ICV, "another key: %s", xvrrp_ah_verdict_str(v));

	/* A byte of the ICV or after it (the VRRP part) changed. */
	pos = hlen + 12 + salt % (len - hlen - 12);
	ip[pos] ^= 0x80;
	v = check_fresh(ip, len, key, unicast, counter);
	FUZZ_CHECK(v == XVRRP_AH_BAD_ICV, "byte %zu changed: %s", pos, xvrrp_ah_verdict_str(v));
	free(ip);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t key[VRRP_AUTH_DATA_LEN], icv[XVRRP_AH_ICV_LEN];
	struct xvrrp_ah_state st, before;
	enum xvrrp_ah_verdict v;
	bool unicast, backup;
	uint32_t counter;
	uint8_t *ip;
	size_t len;

	if (size < HDR)
		return 0;
	unicast = data[0] & 1;
	backup = data[0] & 2;
	memcpy(key, data + 1, sizeof(key));
	memcpy(&counter, data + 9, sizeof(counter));
	counter = be32toh(counter);
	len = size - HDR;
	ip = fuzz_dup(data + HDR, len);

	FUZZ_CHECK(xvrrp_ah_icv(key, ip, len, unicast, icv) == (ah_hlen(ip, len) != 0),
		   "xvrrp_ah_icv() and the packet's length disagree");

	st = (struct xvrrp_ah_state){ .seq = counter, .cycled = true, .ip_id = 7 };
	before = st;
	v = xvrrp_ah_check(ip, len, key, unicast, backup, &st);
	FUZZ_CHECK(xvrrp_ah_verdict_str(v) != NULL, "no text for verdict %d", (int)v);
	if (v != XVRRP_AH_OK) {
		FUZZ_CHECK(!memcmp(&st, &before, sizeof(st)), "a refused packet moved the counter");
	} else {
		uint32_t seq;

		memcpy(&seq, ip + ah_hlen(ip, len) + 8, sizeof(seq));
		FUZZ_CHECK(st.seq == be32toh(seq) && st.seq > counter,
			   "accepted: counter %u, packet %u, before %u", st.seq, be32toh(seq),
			   counter);
		FUZZ_CHECK(st.cycled == !backup, "accepted: cycled is %d", st.cycled);
	}
	if (data[0] & 4)
		check_sealed(data + HDR, len, key, unicast, counter, data[0] >> 3 | 1);
	free(ip);
	return 0;
}
