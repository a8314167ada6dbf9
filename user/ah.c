// SPDX-License-Identifier: GPL-2.0-only
/* IPsec AH for VRRPv2 adverts (see ah.h). HMAC-MD5 comes from nettle. */
#include <endian.h>
#include <string.h>

#include <nettle/hmac.h>
#include <nettle/memops.h>

#include "ah.h"

#define IPV4_OFF_TOS    1
#define IPV4_OFF_FRAG   6
#define IPV4_OFF_TTL    8
#define IPV4_OFF_CSUM   10
#define IPV4_OFF_SADDR  12
#define IPV4_MAX_HLEN   60
#define AH_SEQ_LAST     0xFFFFFFFEU     /* keepalived stops counting here */

/* IPv4 header length, or 0 if ip[0..len) cannot hold it and an AH header. */
static size_t ah_offset(const uint8_t *ip, size_t len)
{
	size_t hlen;

	if (len < 20 || (ip[0] >> 4) != 4)
		return 0;
	hlen = (size_t)(ip[0] & 0x0f) * 4;
	if (hlen < 20 || len < hlen + XVRRP_AH_LEN)
		return 0;
	return hlen;
}

uint32_t xvrrp_ah_next_seq(struct xvrrp_ah_state *st)
{
	if (st->seq >= AH_SEQ_LAST)
		st->cycled = true;
	else
		st->seq++;
	return st->seq;
}

uint16_t xvrrp_ah_next_ip_id(struct xvrrp_ah_state *st)
{
	if (++st->ip_id == 0)
		st->ip_id = 1;
	return st->ip_id;
}

void xvrrp_ah_become_master(struct xvrrp_ah_state *st)
{
	if (st->cycled) {
		st->cycled = false;
		st->seq = 0;
	}
}

bool xvrrp_ah_icv(const uint8_t key[VRRP_AUTH_DATA_LEN], const uint8_t *ip, size_t len,
		  bool unicast, uint8_t icv[XVRRP_AH_ICV_LEN])
{
	uint8_t head[IPV4_MAX_HLEN + XVRRP_AH_LEN];
	size_t hlen = ah_offset(ip, len);
	struct hmac_md5_ctx ctx;

	if (!hlen)
		return false;
	/* RFC 2402 §3.3.3.1.1.1: the mutable fields count as zero, and so does the ICV. */
	memcpy(head, ip, hlen + XVRRP_AH_LEN);
	head[IPV4_OFF_TOS] = 0;
	memset(head + IPV4_OFF_FRAG, 0, 2);
	memset(head + IPV4_OFF_CSUM, 0, 2);
	/* keepalived: a unicast advert may be routed, so its TTL is mutable too. */
	if (unicast)
		head[IPV4_OFF_TTL] = 0;
	memset(head + hlen + offsetof(struct xvrrp_ipsec_ah, icv), 0, XVRRP_AH_ICV_LEN);

	hmac_md5_set_key(&ctx, VRRP_AUTH_DATA_LEN, key);
	hmac_md5_update(&ctx, hlen + XVRRP_AH_LEN, head);
	hmac_md5_update(&ctx, len - hlen - XVRRP_AH_LEN, ip + hlen + XVRRP_AH_LEN);
	hmac_md5_digest(&ctx, XVRRP_AH_ICV_LEN, icv);
	return true;
}

bool xvrrp_ah_seal(uint8_t *ip, size_t len, const struct xvrrp_ah_tx *ah)
{
	size_t hlen = ah_offset(ip, len);
	struct xvrrp_ipsec_ah hdr = {
		.next_header = XVRRP_IPPROTO_VRRP,
		.payload_len = XVRRP_AH_PAYLOAD_LEN,
		.seq_number = htobe32(ah->seq),
	};
	uint8_t icv[XVRRP_AH_ICV_LEN];

	if (!hlen)
		return false;
	/* The SPI is the source address, byte for byte (keepalived). */
	memcpy(&hdr.spi, ip + IPV4_OFF_SADDR, sizeof(hdr.spi));
	memcpy(ip + hlen, &hdr, sizeof(hdr));
	if (!xvrrp_ah_icv(ah->key, ip, len, ah->unicast, icv))
		return false;
	memcpy(ip + hlen + offsetof(struct xvrrp_ipsec_ah, icv), icv, sizeof(icv));
	return true;
}

enum xvrrp_ah_verdict xvrrp_ah_check(const uint8_t *ip, size_t len,
				     const uint8_t key[VRRP_AUTH_DATA_LEN], bool unicast,
				     bool backup, struct xvrrp_ah_state *st)
{
	size_t hlen = ah_offset(ip, len);
	struct xvrrp_ipsec_ah hdr;
	uint8_t icv[XVRRP_AH_ICV_LEN];
	uint32_t seq;

	if (!hlen)
		return XVRRP_AH_MALFORMED;
	memcpy(&hdr, ip + hlen, sizeof(hdr));
	if (hdr.next_header != XVRRP_IPPROTO_VRRP || hdr.payload_len != XVRRP_AH_PAYLOAD_LEN)
		return XVRRP_AH_MALFORMED;
	/* Nothing in the packet means anything until the ICV is right. */
	xvrrp_ah_icv(key, ip, len, unicast, icv);
	if (!memeql_sec(icv, hdr.icv, sizeof(icv)))
		return XVRRP_AH_BAD_ICV;
	if (memcmp(&hdr.spi, ip + IPV4_OFF_SADDR, sizeof(hdr.spi)))
		return XVRRP_AH_BAD_SPI;
	seq = be32toh(hdr.seq_number);
	if (seq <= st->seq)
		return XVRRP_AH_REPLAY;
	st->seq = seq;
	if (backup)
		st->cycled = false;
	return XVRRP_AH_OK;
}

const char *xvrrp_ah_verdict_str(enum xvrrp_ah_verdict v)
{
	switch (v) {
	case XVRRP_AH_OK:
		return "ok";
	case XVRRP_AH_MALFORMED:
		return "malformed AH header";
	case XVRRP_AH_BAD_ICV:
		return "ICV does not match (auth_pass differs, or the packet was changed)";
	case XVRRP_AH_BAD_SPI:
		return "SPI is not the source address";
	case XVRRP_AH_REPLAY:
		return "sequence number already seen (replay)";
	}
	return "unknown AH verdict";
}
