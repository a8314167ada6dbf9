// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the VRRP advert decoder and the frame builders
 * (user/advert.h).
 *
 * Input: 4 bytes IPv4 source, 4 bytes IPv4 destination (both as they are
 * on the wire), then the VRRP part, which vrrp_advert_decode() reads from a
 * heap buffer of exactly its length. When it decodes, these must hold:
 *  - its length is vrrp_advert_len(version, count_addr);
 *  - vrrp_advert_encode() writes it back (into exactly that many bytes,
 *    and refuses one byte less), and that decodes to the same advert (a v2
 *    Adver Int of 0 comes back as 1 s: the encoder never sends 0);
 *  - xvrrp_build_advert_frame() puts it in a frame with a correct IPv4
 *    header checksum whose VRRP part decodes the same; for v2 also behind
 *    an IPsec AH header that xvrrp_ah_check() accepts with the same key.
 * Whatever the input, the gratuitous ARP and unsolicited NA builders fill
 * exactly the buffer they need and refuse a shorter one.
 */
#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "advert.h"
#include "ah.h"
#include "fuzz_util.h"

#define ETH_HLEN 14
#define IP_HLEN  20
#define FRAME_MAX 1200

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void same_advert(const struct vrrp_advert *a, const struct vrrp_advert *b, const char *what)
{
	FUZZ_CHECK(a->version == b->version && a->type == b->type && a->vrid == b->vrid &&
		   a->priority == b->priority && a->count_addr == b->count_addr &&
		   a->max_adver_int_cs == b->max_adver_int_cs,
		   "%s: header fields differ", what);
	FUZZ_CHECK(!memcmp(a->addrs, b->addrs, (size_t)a->count_addr * 4), "%s: addresses differ",
		   what);
	if (a->version == VRRP_VERSION_2)
		FUZZ_CHECK(a->auth_type == b->auth_type &&
			   !memcmp(a->auth_data, b->auth_data, sizeof(a->auth_data)),
			   "%s: v2 authentication differs", what);
}

/* adv built into frames; want is what their VRRP part must decode to. */
static void check_frames(const struct vrrp_advert *adv, const struct vrrp_advert *want,
			 uint32_t saddr, uint32_t daddr, size_t vrrp_len)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 1 };
	uint8_t *frame = malloc(FRAME_MAX);
	struct vrrp_advert back;
	size_t len;

	if (!frame)
		abort();
	len = xvrrp_build_advert_frame(mac, NULL, saddr, daddr, adv, NULL, frame, FRAME_MAX);
	FUZZ_CHECK(len == ETH_HLEN + IP_HLEN + vrrp_len, "advert frame of %zu bytes, want %zu",
		   len, ETH_HLEN + IP_HLEN + vrrp_len);
	FUZZ_CHECK(xvrrp_csum_fold(xvrrp_csum_add(0, frame + ETH_HLEN, IP_HLEN)) == 0xffff,
		   "advert frame: bad IPv4 header checksum");
	FUZZ_CHECK(vrrp_advert_decode(frame + ETH_HLEN + IP_HLEN, vrrp_len, saddr, daddr, &back) ==
		   VRRP_DECODE_OK, "advert frame: its VRRP part does not decode");
	same_advert(want, &back, "advert frame");

	if (adv->version == VRRP_VERSION_2) {
		struct xvrrp_ah_tx ah = {
			.key = adv->auth_data,
			.seq = 1u + adv->priority,
			.ip_id = (uint16_t)(1u + adv->vrid),
			.unicast = adv->priority & 1,
		};
		struct xvrrp_ah_state st = { 0 };
		enum xvrrp_ah_verdict v;

		len = xvrrp_build_advert_frame(mac, mac, saddr, daddr, adv, &ah, frame, FRAME_MAX);
		FUZZ_CHECK(len == ETH_HLEN + IP_HLEN + XVRRP_AH_LEN + vrrp_len,
			   "AH advert frame of %zu bytes", len);
		v = xvrrp_ah_check(frame + ETH_HLEN, len - ETH_HLEN, ah.key, ah.unicast, true, &st);
		FUZZ_CHECK(v == XVRRP_AH_OK, "AH advert frame refused: %s", xvrrp_ah_verdict_str(v));
		FUZZ_CHECK(st.seq == ah.seq, "AH check did not move the sequence number on");
		FUZZ_CHECK(vrrp_advert_decode(frame + ETH_HLEN + IP_HLEN + XVRRP_AH_LEN, vrrp_len,
					      saddr, daddr, &back) == VRRP_DECODE_OK,
			   "AH advert frame: its VRRP part does not decode");
		same_advert(want, &back, "AH advert frame");
	}
	free(frame);
}

static void check_roundtrip(const struct vrrp_advert *adv, uint32_t saddr, uint32_t daddr,
			    size_t len)
{
	struct vrrp_advert want = *adv, back;
	uint8_t *enc = malloc(len);
	size_t n;

	if (!enc)
		abort();
	FUZZ_CHECK(len == vrrp_advert_len(adv->version, adv->count_addr),
		   "decoded %zu bytes, but vrrp_advert_len() says %zu", len,
		   vrrp_advert_len(adv->version, adv->count_addr));
	FUZZ_CHECK(vrrp_advert_encode(adv, saddr, daddr, enc, len - 1) == 0,
		   "vrrp_advert_encode() wrote into a buffer one byte short");
	n = vrrp_advert_encode(adv, saddr, daddr, enc, len);
	FUZZ_CHECK(n == len, "vrrp_advert_encode() of a decoded advert gave %zu bytes, want %zu",
		   n, len);
	FUZZ_CHECK(vrrp_advert_decode(enc, n, saddr, daddr, &back) == VRRP_DECODE_OK,
		   "an encoded advert does not decode");
	if (want.version == VRRP_VERSION_2 && want.max_adver_int_cs == 0)
		want.max_adver_int_cs = 100;
	same_advert(&want, &back, "encode/decode");
	free(enc);
	check_frames(adv, &want, saddr, daddr, len);
}

static void check_builders(const uint8_t *data, size_t size)
{
	uint8_t mac[6] = { 0 }, buf[128];
	struct in6_addr vip6;
	uint32_t vip4 = 0;

	memcpy(mac, data, size < 6 ? size : 6);
	memcpy(&vip4, data, size < 4 ? size : 4);
	memset(&vip6, 0, sizeof(vip6));
	memcpy(&vip6, data, size < 16 ? size : 16);
	FUZZ_CHECK(xvrrp_build_garp_frame(mac, vip4, buf, ETH_HLEN + XVRRP_ARP4_LEN - 1) == 0,
		   "GARP into a short buffer");
	FUZZ_CHECK(xvrrp_build_garp_frame(mac, vip4, buf, ETH_HLEN + XVRRP_ARP4_LEN) ==
		   ETH_HLEN + XVRRP_ARP4_LEN, "GARP frame length");
	FUZZ_CHECK(xvrrp_build_unsolicited_na_frame(mac, &vip6, size & 1, buf, 85) == 0,
		   "NA into a short buffer");
	FUZZ_CHECK(xvrrp_build_unsolicited_na_frame(mac, &vip6, size & 1, buf, 86) == 86,
		   "NA frame length");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vrrp_advert adv;
	enum vrrp_decode_err err;
	uint32_t saddr, daddr;
	uint8_t *vrrp;
	size_t len;

	check_builders(data, size);
	if (size < 8)
		return 0;
	saddr = get32(data);
	daddr = get32(data + 4);
	len = size - 8;
	vrrp = fuzz_dup(data + 8, len);

	(void)vrrp_checksum4(vrrp, len, len ? vrrp[0] >> 4 : 0, saddr, daddr);
	err = vrrp_advert_decode(vrrp, len, saddr, daddr, NULL);
	FUZZ_CHECK(vrrp_advert_decode(vrrp, len, saddr, daddr, &adv) == err,
		   "vrrp_advert_decode() answers differently with and without *out");
	FUZZ_CHECK(vrrp_decode_err_str(err) != NULL, "no text for decode error %d", (int)err);
	if (err == VRRP_DECODE_OK)
		check_roundtrip(&adv, saddr, daddr, len);
	free(vrrp);
	return 0;
}
