// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of user/ah.c (auth_type AH: IPsec AH with HMAC-MD5-96 around
 * VRRPv2 adverts, RFC 2338 §5.3.6.2) and of the AH frames advert.c builds.
 *
 * The reference packets were sent by keepalived 2.2.7 (Debian 12), captured
 * in a throwaway pair of network namespaces joined by a veth pair (sender
 * 192.0.2.1, peer 192.0.2.2), keepalived run in the sender namespace as
 *   keepalived -n -l -D -f CONF -p DIR/k.pid -r DIR/v.pid -c DIR/c.pid
 * with one MASTER instance: version 2, advert_int 1, priority 150,
 * auth_type AH, auth_pass s3cret, virtual_ipaddress 192.0.2.100/24 and
 * 192.0.2.101/24; VRID 51 multicast, VRID 52 with unicast_src_ip 192.0.2.1
 * and unicast_peer 192.0.2.2. Read off the peer with
 * `tcpdump -i eth0 -nn -x 'ip proto 51'`, which decodes them as
 * "AH(spi=0xc0000201,seq=0x1,icv=...): VRRPv2, Advertisement ...".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "advert.h"
#include "ah.h"

#define ETH_HLEN 14
#define PKT_LEN  68     /* 20 IPv4 + 24 AH + 8 VRRP + 2 * 4 addresses + 8 auth data */

static const uint8_t key[VRRP_AUTH_DATA_LEN] = "s3cret";

/* VRID 51, multicast to 224.0.0.18, AH sequence number 1, IP ID 1. */
static const uint8_t ka_mcast[PKT_LEN] = {
	0x45, 0xc0, 0x00, 0x44, 0x00, 0x01, 0x00, 0x00, 0xff, 0x33, 0x18, 0xb2, 0xc0, 0x00, 0x02, 0x01,
	0xe0, 0x00, 0x00, 0x12, 0x70, 0x04, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00, 0x01,
	0x7a, 0x90, 0xb8, 0x69, 0x9a, 0x39, 0x3e, 0x8e, 0x85, 0x27, 0x33, 0x0b, 0x21, 0x33, 0x96, 0x02,
	0x02, 0x01, 0xc1, 0xfe, 0xc0, 0x00, 0x02, 0x64, 0xc0, 0x00, 0x02, 0x65, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

/* VRID 52, unicast to 192.0.2.2: sequence numbers 1 and 2 (IP IDs 1 and 2). */
static const uint8_t ka_ucast1[PKT_LEN] = {
	0x45, 0xc0, 0x00, 0x44, 0x00, 0x01, 0x00, 0x00, 0xff, 0x33, 0x36, 0xc2, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x70, 0x04, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00, 0x01,
	0x81, 0xaa, 0x35, 0x14, 0x24, 0xe8, 0x41, 0xde, 0x3a, 0x9a, 0x4b, 0x6d, 0x21, 0x34, 0x96, 0x02,
	0x02, 0x01, 0xc1, 0xfd, 0xc0, 0x00, 0x02, 0x64, 0xc0, 0x00, 0x02, 0x65, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

static const uint8_t ka_ucast2[PKT_LEN] = {
	0x45, 0xc0, 0x00, 0x44, 0x00, 0x02, 0x00, 0x00, 0xff, 0x33, 0x36, 0xc1, 0xc0, 0x00, 0x02, 0x01,
	0xc0, 0x00, 0x02, 0x02, 0x70, 0x04, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x00, 0x00, 0x02,
	0x2a, 0xab, 0x62, 0x98, 0x9f, 0x4a, 0xe0, 0xbe, 0x93, 0x2a, 0x59, 0xb2, 0x21, 0x34, 0x96, 0x02,
	0x02, 0x01, 0xc1, 0xfd, 0xc0, 0x00, 0x02, 0x64, 0xc0, 0x00, 0x02, 0x65, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
};

static uint32_t ip4(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static enum xvrrp_ah_verdict check_fresh(const uint8_t *pkt, bool unicast)
{
	struct xvrrp_ah_state st = { 0 };

	return xvrrp_ah_check(pkt, PKT_LEN, key, unicast, true, &st);
}

/* keepalived's adverts pass, and the counter follows their sequence numbers. */
static void test_keepalived_packets_pass(void **state)
{
	struct xvrrp_ah_state st = { 0 };

	assert_int_equal(xvrrp_ah_check(ka_mcast, PKT_LEN, key, false, true, &st), XVRRP_AH_OK);
	assert_int_equal(st.seq, 1);

	memset(&st, 0, sizeof(st));
	assert_int_equal(xvrrp_ah_check(ka_ucast1, PKT_LEN, key, true, true, &st), XVRRP_AH_OK);
	assert_int_equal(xvrrp_ah_check(ka_ucast2, PKT_LEN, key, true, true, &st), XVRRP_AH_OK);
	assert_int_equal(st.seq, 2);
}

/* The TTL is in the ICV of a multicast advert and not in that of a unicast one. */
static void test_ttl_rule_follows_the_mode(void **state)
{
	uint8_t pkt[PKT_LEN];

	assert_int_equal(check_fresh(ka_mcast, true), XVRRP_AH_BAD_ICV);
	assert_int_equal(check_fresh(ka_ucast1, false), XVRRP_AH_BAD_ICV);

	memcpy(pkt, ka_ucast1, PKT_LEN);
	pkt[8] = 62;    /* routed: TTL 255 -> 62 */
	assert_int_equal(check_fresh(pkt, true), XVRRP_AH_OK);
	memcpy(pkt, ka_mcast, PKT_LEN);
	pkt[8] = 254;
	assert_int_equal(check_fresh(pkt, false), XVRRP_AH_BAD_ICV);
}

/* RFC 2402 §3.3.3.1.1.1: TOS, fragment field and header checksum may change on the way. */
static void test_mutable_fields_ignored(void **state)
{
	uint8_t pkt[PKT_LEN];

	memcpy(pkt, ka_mcast, PKT_LEN);
	pkt[1] = 0x00;                  /* TOS */
	pkt[6] = 0x40;                  /* DF */
	pkt[10] = pkt[11] = 0xee;       /* header checksum */
	assert_int_equal(check_fresh(pkt, false), XVRRP_AH_OK);
}

/* Everything else is covered: one changed byte anywhere and the ICV fails. */
static void test_every_immutable_byte_covered(void **state)
{
	static const size_t mutable_off[] = { 1, 6, 7, 8, 10, 11 };
	uint8_t pkt[PKT_LEN];

	for (size_t off = 0; off < PKT_LEN; off++) {
		bool is_mutable = false;

		for (size_t i = 0; i < sizeof(mutable_off) / sizeof(mutable_off[0]); i++)
			is_mutable |= mutable_off[i] == off;
		/* Byte 8 (TTL) is immutable for multicast; the ICV bytes are the answer. */
		if ((is_mutable && off != 8) || (off >= 32 && off < 44))
			continue;
		memcpy(pkt, ka_mcast, PKT_LEN);
		pkt[off] ^= 0x01;
		if (off == 0 || off == 20 || off == 21) {
			/* Version/IHL, next header, length: not even shaped like AH any more. */
			assert_int_not_equal(check_fresh(pkt, false), XVRRP_AH_OK);
			continue;
		}
		if (check_fresh(pkt, false) != XVRRP_AH_BAD_ICV)
			fail_msg("byte %zu changed, verdict %s", off,
				 xvrrp_ah_verdict_str(check_fresh(pkt, false)));
	}
	memcpy(pkt, ka_mcast, PKT_LEN);
	pkt[40] ^= 0x80;                /* the ICV itself */
	assert_int_equal(check_fresh(pkt, false), XVRRP_AH_BAD_ICV);
}

static void test_wrong_key(void **state)
{
	static const uint8_t other[VRRP_AUTH_DATA_LEN] = "s3creT";
	struct xvrrp_ah_state st = { 0 };

	assert_int_equal(xvrrp_ah_check(ka_mcast, PKT_LEN, other, false, true, &st),
			 XVRRP_AH_BAD_ICV);
	assert_int_equal(st.seq, 0);
}

/* Anti-replay: only a sequence number above the counter passes. */
static void test_replay_refused(void **state)
{
	struct xvrrp_ah_state st = { 0 };

	assert_int_equal(xvrrp_ah_check(ka_ucast2, PKT_LEN, key, true, true, &st), XVRRP_AH_OK);
	assert_int_equal(xvrrp_ah_check(ka_ucast1, PKT_LEN, key, true, true, &st), XVRRP_AH_REPLAY);
	assert_int_equal(xvrrp_ah_check(ka_ucast2, PKT_LEN, key, true, true, &st), XVRRP_AH_REPLAY);
	assert_int_equal(st.seq, 2);
	/* Our own counter ran ahead (we were master): the peer's lower numbers are replays. */
	st.seq = 100;
	assert_int_equal(xvrrp_ah_check(ka_mcast, PKT_LEN, key, false, true, &st), XVRRP_AH_REPLAY);
}

/* The SPI must be the source address, even under a good ICV. */
static void test_spi_must_be_source(void **state)
{
	uint8_t pkt[PKT_LEN], icv[XVRRP_AH_ICV_LEN];

	memcpy(pkt, ka_mcast, PKT_LEN);
	pkt[27] = 0x09;                 /* SPI 192.0.2.9 */
	assert_true(xvrrp_ah_icv(key, pkt, PKT_LEN, false, icv));
	memcpy(pkt + 32, icv, sizeof(icv));
	assert_int_equal(check_fresh(pkt, false), XVRRP_AH_BAD_SPI);
}

static void test_malformed(void **state)
{
	uint8_t pkt[PKT_LEN];

	memcpy(pkt, ka_mcast, PKT_LEN);
	pkt[20] = 6;                    /* next header TCP */
	assert_int_equal(check_fresh(pkt, false), XVRRP_AH_MALFORMED);
	memcpy(pkt, ka_mcast, PKT_LEN);
	pkt[21] = 5;                    /* a 28-byte AH header */
	assert_int_equal(check_fresh(pkt, false), XVRRP_AH_MALFORMED);
	memcpy(pkt, ka_mcast, PKT_LEN);
	pkt[0] = 0x4f;                  /* IHL 60 bytes, beyond what AH leaves */
	assert_int_equal(check_fresh(pkt, false), XVRRP_AH_MALFORMED);
	{
		struct xvrrp_ah_state st = { 0 };

		assert_int_equal(xvrrp_ah_check(ka_mcast, 43, key, false, true, &st),
				 XVRRP_AH_MALFORMED);
	}
}

static struct vrrp_advert ka_advert(uint8_t vrid)
{
	struct vrrp_advert adv = {
		.version = VRRP_VERSION_2, .type = VRRP_TYPE_ADVERTISEMENT, .vrid = vrid,
		.priority = 150, .count_addr = 2, .max_adver_int_cs = 100,
		.auth_type = VRRP_AUTH_AH,
	};

	adv.addrs[0] = ip4("192.0.2.100");
	adv.addrs[1] = ip4("192.0.2.101");
	return adv;
}

/* Our frames carry keepalived's packet byte for byte (same seq, IP ID, key). */
static void test_we_build_keepalived_bytes(void **state)
{
	static const uint8_t mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	struct xvrrp_ah_tx ah = { .key = key, .seq = 1, .ip_id = 1 };
	struct vrrp_advert adv = ka_advert(51);
	uint8_t frame[256];
	size_t n;

	n = xvrrp_build_advert_frame(mac, NULL, ip4("192.0.2.1"), ip4("224.0.0.18"), &adv, &ah,
				     frame, sizeof(frame));
	assert_int_equal(n, ETH_HLEN + PKT_LEN);
	assert_memory_equal(frame + ETH_HLEN, ka_mcast, PKT_LEN);

	adv = ka_advert(52);
	ah.unicast = true;
	n = xvrrp_build_advert_frame(mac, mac, ip4("192.0.2.1"), ip4("192.0.2.2"), &adv, &ah,
				     frame, sizeof(frame));
	assert_int_equal(n, ETH_HLEN + PKT_LEN);
	assert_memory_equal(frame + ETH_HLEN, ka_ucast1, PKT_LEN);

	/* AH is VRRPv2 only; and the buffer must hold the AH header too. */
	adv.version = VRRP_VERSION_3;
	assert_int_equal(xvrrp_build_advert_frame(mac, NULL, ip4("192.0.2.1"), ip4("224.0.0.18"),
						  &adv, &ah, frame, sizeof(frame)), 0);
	adv.version = VRRP_VERSION_2;
	assert_int_equal(xvrrp_build_advert_frame(mac, NULL, ip4("192.0.2.1"), ip4("224.0.0.18"),
						  &adv, &ah, frame, ETH_HLEN + PKT_LEN - 1), 0);
}

/* The counter: +1 per advert, stuck at 0xFFFFFFFE, reset by the next takeover. */
static void test_sequence_counter(void **state)
{
	struct xvrrp_ah_state st = { 0 };

	assert_int_equal(xvrrp_ah_next_seq(&st), 1);
	assert_int_equal(xvrrp_ah_next_seq(&st), 2);
	xvrrp_ah_become_master(&st);    /* not spent: goes on */
	assert_int_equal(xvrrp_ah_next_seq(&st), 3);

	st.seq = 0xFFFFFFFDU;
	assert_int_equal(xvrrp_ah_next_seq(&st), 0xFFFFFFFEU);
	assert_false(st.cycled);
	assert_int_equal(xvrrp_ah_next_seq(&st), 0xFFFFFFFEU);
	assert_true(st.cycled);
	xvrrp_ah_become_master(&st);
	assert_false(st.cycled);
	assert_int_equal(xvrrp_ah_next_seq(&st), 1);

	/* A good advert heard as backup clears the spent mark; heard as master it does not. */
	st.seq = 0;
	st.cycled = true;
	assert_int_equal(xvrrp_ah_check(ka_mcast, PKT_LEN, key, false, false, &st), XVRRP_AH_OK);
	assert_true(st.cycled);
	st.seq = 0;
	assert_int_equal(xvrrp_ah_check(ka_mcast, PKT_LEN, key, false, true, &st), XVRRP_AH_OK);
	assert_false(st.cycled);

	/* The IP ID never is 0 (the kernel would fill it in and break the ICV). */
	st.ip_id = 0xFFFF;
	assert_int_equal(xvrrp_ah_next_ip_id(&st), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keepalived_packets_pass),
		cmocka_unit_test(test_ttl_rule_follows_the_mode),
		cmocka_unit_test(test_mutable_fields_ignored),
		cmocka_unit_test(test_every_immutable_byte_covered),
		cmocka_unit_test(test_wrong_key),
		cmocka_unit_test(test_replay_refused),
		cmocka_unit_test(test_spi_must_be_source),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_we_build_keepalived_bytes),
		cmocka_unit_test(test_sequence_counter),
	};

	return cmocka_run_group_tests_name("ah", tests, NULL, NULL);
}
