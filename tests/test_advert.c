// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of user/advert.c: VRRP v2/v3 encode/decode over IPv4, VRRPv3
 * over IPv6, checksums and the Ethernet frames carrying adverts, gratuitous
 * ARPs and neighbour advertisements.
 *
 * Every table row becomes its own cmocka test, named after the row, so a
 * failure names the rule that broke.
 *
 * The reference vectors are real frames sent by keepalived 2.2.7. They were
 * captured in a throwaway pair of network namespaces joined by a veth pair
 * (sender 192.0.2.1, MAC 02:00:00:00:00:01; peer 192.0.2.2, MAC
 * 02:00:00:00:00:02), keepalived run in the sender namespace as
 *   keepalived -n -l -D -G -f CONF -p DIR/k.pid -r DIR/v.pid -c DIR/c.pid
 * with one MASTER vrrp_instance per CONF (settings in each comment below),
 * stopped with SIGTERM by its PID (which also yields the priority-0 advert),
 * and read off the peer with `tcpdump -i PEER -nn -xx -e`.
 *
 * Our own frames were also checked by hand with Wireshark's dissector:
 * frame bytes -> `od -Ax -tx1 -v` -> `text2pcap` -> `tshark -r X -V`, which
 * reports "Version 3", the fields, and "Checksum: 0x.... [correct]".
 * test_tshark_dissects_our_frames repeats that here when tshark is
 * installed (it writes the pcap itself) and skips otherwise.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "advert.h"

#define ETH_HLEN        14
#define IP_HLEN         20
#define L2L3_HLEN       (ETH_HLEN + IP_HLEN)
#define ARRAY_SIZE(a)   (sizeof(a) / sizeof((a)[0]))
#define MAX_FRAME       (L2L3_HLEN + 8 + 4 * VRRP_MAX_ADDRS + VRRP_AUTH_DATA_LEN)

static uint32_t ip4(const char *s)
{
	struct in_addr a;

	assert_int_equal(inet_pton(AF_INET, s, &a), 1);
	return a.s_addr;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * Reference Internet checksum, written independently of the code under
 * test: big-endian words, modulo-65535 arithmetic, odd byte padded.
 */
static uint32_t ref_sum(uint32_t sum, const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += 2)
		sum += (uint32_t)p[i] << 8 | (i + 1 < len ? p[i + 1] : 0);
	return sum;
}

static uint16_t ref_fold_invert(uint32_t sum)
{
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* The sum of a VRRP message of up to 8 + 16 * 255 bytes, continuing sum. */
static uint32_t ref_sum_vrrp(uint32_t sum, const uint8_t *vrrp, size_t len)
{
	uint8_t tmp[8 + 16 * VRRP_MAX_ADDRS + 16];

	assert_true(len <= sizeof(tmp));
	memcpy(tmp, vrrp, len);
	/* Bytes 6-7 are the checksum field: summed as zero, even if cut short. */
	if (len > 6)
		tmp[6] = 0;
	if (len > 7)
		tmp[7] = 0;
	return ref_sum(sum, tmp, len);
}

/* The checksum of a VRRP message with its checksum field taken as zero. */
static uint16_t ref_vrrp_csum(const uint8_t *vrrp, size_t len, uint8_t version,
			      uint32_t saddr, uint32_t daddr)
{
	uint8_t ph[12];
	uint32_t sum = 0;

	if (version == 3) {
		memcpy(ph, &saddr, 4);
		memcpy(ph + 4, &daddr, 4);
		ph[8] = 0;
		ph[9] = 112;
		ph[10] = (uint8_t)(len >> 8);
		ph[11] = (uint8_t)len;
		sum = ref_sum(sum, ph, sizeof(ph));
	}
	return ref_fold_invert(ref_sum_vrrp(sum, vrrp, len));
}

static bool ipv4_hdr_csum_ok(const uint8_t *ip)
{
	return ref_fold_invert(ref_sum(0, ip, IP_HLEN)) == 0;
}

static void hexdump_diff(const char *what, const uint8_t *got, const uint8_t *want, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (got[i] != want[i])
			print_error("%s: byte %zu is 0x%02x, want 0x%02x\n", what, i, got[i], want[i]);
}

/* ---- keepalived 2.2.7 reference frames ---------------------------------- */

/* vrrp_version 3; vrid 51, priority 150, advert_int 1, VIPs 192.0.2.100-101. */
static const uint8_t ka_v3_prio150[] = {
	0x01, 0x00, 0x5e, 0x00, 0x00, 0x12, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0xc0,
	0x00, 0x24, 0x00, 0x01, 0x00, 0x00, 0xff, 0x70,
	0x18, 0x95, 0xc0, 0x00, 0x02, 0x01, 0xe0, 0x00,
	0x00, 0x12, 0x31, 0x33, 0x96, 0x02, 0x00, 0x64,
	0x11, 0x07, 0xc0, 0x00, 0x02, 0x64, 0xc0, 0x00,
	0x02, 0x65,
};

/* The same instance on SIGTERM: priority 0 (RFC 5798 §6.4.3 Shutdown). */
static const uint8_t ka_v3_prio0[] = {
	0x01, 0x00, 0x5e, 0x00, 0x00, 0x12, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0xc0,
	0x00, 0x24, 0x00, 0x04, 0x00, 0x00, 0xff, 0x70,
	0x18, 0x92, 0xc0, 0x00, 0x02, 0x01, 0xe0, 0x00,
	0x00, 0x12, 0x31, 0x33, 0x00, 0x02, 0x00, 0x64,
	0xa7, 0x07, 0xc0, 0x00, 0x02, 0x64, 0xc0, 0x00,
	0x02, 0x65,
};

/*
 * vrrp_version 3; vrid 7, priority 255, advert_int 0.35 (35 cs), VIPs
 * 192.0.2.201, 203.0.113.9, 198.51.100.77.
 */
static const uint8_t ka_v3_prio255_35cs[] = {
	0x01, 0x00, 0x5e, 0x00, 0x00, 0x12, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0xc0,
	0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0xff, 0x70,
	0x18, 0x91, 0xc0, 0x00, 0x02, 0x01, 0xe0, 0x00,
	0x00, 0x12, 0x31, 0x07, 0xff, 0x03, 0x00, 0x23,
	0x03, 0xe4, 0xc0, 0x00, 0x02, 0xc9, 0xcb, 0x00,
	0x71, 0x09, 0xc6, 0x33, 0x64, 0x4d,
};

/*
 * vrrp_version 3; vrid 99, priority 120, advert_int 1, VIP 192.0.2.150,
 * unicast_src_ip 192.0.2.1, unicast_peer 192.0.2.2: the pseudo-header
 * carries a unicast destination.
 */
static const uint8_t ka_v3_unicast[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0xc0,
	0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0xff, 0x70,
	0x36, 0xa9, 0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00,
	0x02, 0x02, 0x31, 0x63, 0x78, 0x01, 0x00, 0x64,
	0x0f, 0x20, 0xc0, 0x00, 0x02, 0x96,
};

/*
 * vrrp_version 2; vrid 42, priority 200, advert_int 1, authentication
 * { auth_type PASS auth_pass secret1 }, VIP 192.0.2.50.
 */
static const uint8_t ka_v2_pass[] = {
	0x01, 0x00, 0x5e, 0x00, 0x00, 0x12, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0xc0,
	0x00, 0x28, 0x00, 0x01, 0x00, 0x00, 0xff, 0x70,
	0x18, 0x91, 0xc0, 0x00, 0x02, 0x01, 0xe0, 0x00,
	0x00, 0x12, 0x21, 0x2a, 0xc8, 0x01, 0x01, 0x01,
	0xe6, 0x53, 0xc0, 0x00, 0x02, 0x32, 0x73, 0x65,
	0x63, 0x72, 0x65, 0x74, 0x31, 0x00,
};

/* The same v2 instance on SIGTERM: priority 0. */
static const uint8_t ka_v2_pass_prio0[] = {
	0x01, 0x00, 0x5e, 0x00, 0x00, 0x12, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0xc0,
	0x00, 0x28, 0x00, 0x02, 0x00, 0x00, 0xff, 0x70,
	0x18, 0x90, 0xc0, 0x00, 0x02, 0x01, 0xe0, 0x00,
	0x00, 0x12, 0x21, 0x2a, 0x00, 0x01, 0x01, 0x01,
	0xae, 0x54, 0xc0, 0x00, 0x02, 0x32, 0x73, 0x65,
	0x63, 0x72, 0x65, 0x74, 0x31, 0x00,
};

/*
 * vrrp_version 2; vrid 200, priority 100, advert_int 3, no authentication
 * block, VIPs 192.0.2.60-61.
 */
static const uint8_t ka_v2_noauth[] = {
	0x01, 0x00, 0x5e, 0x00, 0x00, 0x12, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x45, 0xc0,
	0x00, 0x2c, 0x00, 0x01, 0x00, 0x00, 0xff, 0x70,
	0x18, 0x8d, 0xc0, 0x00, 0x02, 0x01, 0xe0, 0x00,
	0x00, 0x12, 0x21, 0xc8, 0x64, 0x02, 0x00, 0x03,
	0xf5, 0xb7, 0xc0, 0x00, 0x02, 0x3c, 0xc0, 0x00,
	0x02, 0x3d, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00,
};

/*
 * The gratuitous ARP keepalived sends for VIP 192.0.2.100 on becoming
 * master (first instance above). Note tha = ff:ff:ff:ff:ff:ff, not zeros.
 */
static const uint8_t ka_garp_192_0_2_100[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x01,
	0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00,
	0x00, 0x00, 0x00, 0x01, 0xc0, 0x00, 0x02, 0x64,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc0, 0x00,
	0x02, 0x64,
};

static const uint8_t sender_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 };
static const uint8_t peer_mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x02 };

struct ka_row {
	const char *name;
	const uint8_t *frame;
	size_t frame_len;
	const uint8_t *dst_mac;         /* NULL: multicast */
	const char *saddr, *daddr;
	/* expected fields */
	uint8_t version, vrid, priority, count_addr;
	uint16_t max_adver_int_cs;
	uint8_t auth_type;
	const char *auth_data;          /* 8 bytes, NUL-padded */
	const char *addrs[4];
};

#define KA(f) .frame = f, .frame_len = sizeof(f)

static const struct ka_row ka_rows[] = {
	{ "ka v3 prio 150, 2 VIPs, 100cs", KA(ka_v3_prio150), NULL,
	  "192.0.2.1", "224.0.0.18", 3, 51, 150, 2, 100, 0, "",
	  { "192.0.2.100", "192.0.2.101" } },
	{ "ka v3 shutdown prio 0", KA(ka_v3_prio0), NULL,
	  "192.0.2.1", "224.0.0.18", 3, 51, 0, 2, 100, 0, "",
	  { "192.0.2.100", "192.0.2.101" } },
	{ "ka v3 prio 255, 3 VIPs, 35cs", KA(ka_v3_prio255_35cs), NULL,
	  "192.0.2.1", "224.0.0.18", 3, 7, 255, 3, 35, 0, "",
	  { "192.0.2.201", "203.0.113.9", "198.51.100.77" } },
	{ "ka v3 unicast peer", KA(ka_v3_unicast), peer_mac,
	  "192.0.2.1", "192.0.2.2", 3, 99, 120, 1, 100, 0, "",
	  { "192.0.2.150" } },
	{ "ka v2 auth PASS", KA(ka_v2_pass), NULL,
	  "192.0.2.1", "224.0.0.18", 2, 42, 200, 1, 100, VRRP_AUTH_PASS, "secret1",
	  { "192.0.2.50" } },
	{ "ka v2 auth PASS shutdown prio 0", KA(ka_v2_pass_prio0), NULL,
	  "192.0.2.1", "224.0.0.18", 2, 42, 0, 1, 100, VRRP_AUTH_PASS, "secret1",
	  { "192.0.2.50" } },
	{ "ka v2 no auth, 3s", KA(ka_v2_noauth), NULL,
	  "192.0.2.1", "224.0.0.18", 2, 200, 100, 2, 300, VRRP_AUTH_NONE, "",
	  { "192.0.2.60", "192.0.2.61" } },
};

static void ka_fields(const struct ka_row *r, struct vrrp_advert *adv)
{
	unsigned int i;

	memset(adv, 0, sizeof(*adv));
	adv->version = r->version;
	adv->type = VRRP_TYPE_ADVERTISEMENT;
	adv->vrid = r->vrid;
	adv->priority = r->priority;
	adv->count_addr = r->count_addr;
	adv->max_adver_int_cs = r->max_adver_int_cs;
	adv->auth_type = r->auth_type;
	assert_true(strlen(r->auth_data) <= VRRP_AUTH_DATA_LEN);
	memcpy(adv->auth_data, r->auth_data, strlen(r->auth_data));
	for (i = 0; i < r->count_addr; i++)
		adv->addrs[i] = ip4(r->addrs[i]);
}

static const uint8_t *ka_vrrp(const struct ka_row *r, size_t *len)
{
	/* The VRRP part is the IPv4 payload: total length minus the header. */
	*len = rd16(r->frame + ETH_HLEN + 2) - IP_HLEN;
	assert_int_equal(r->frame_len, L2L3_HLEN + *len);
	return r->frame + L2L3_HLEN;
}

static void test_ka_decode(void **state)
{
	const struct ka_row *r = *state;
	struct vrrp_advert got, want;
	const uint8_t *vrrp;
	size_t len;

	vrrp = ka_vrrp(r, &len);
	ka_fields(r, &want);
	memset(&got, 0xa5, sizeof(got));
	assert_int_equal(vrrp_advert_decode(vrrp, len, ip4(r->saddr), ip4(r->daddr), &got),
			 VRRP_DECODE_OK);
	assert_int_equal(got.version, want.version);
	assert_int_equal(got.type, VRRP_TYPE_ADVERTISEMENT);
	assert_int_equal(got.vrid, want.vrid);
	assert_int_equal(got.priority, want.priority);
	assert_int_equal(got.count_addr, want.count_addr);
	assert_int_equal(got.max_adver_int_cs, want.max_adver_int_cs);
	assert_int_equal(got.auth_type, want.auth_type);
	assert_memory_equal(got.auth_data, want.auth_data, VRRP_AUTH_DATA_LEN);
	/* Unused address slots come back zeroed, not left as they were. */
	assert_memory_equal(got.addrs, want.addrs, sizeof(want.addrs));
}

static void test_ka_reencode(void **state)
{
	const struct ka_row *r = *state;
	uint8_t buf[MAX_FRAME];
	struct vrrp_advert adv;
	const uint8_t *vrrp;
	size_t len, n;

	vrrp = ka_vrrp(r, &len);
	ka_fields(r, &adv);
	assert_int_equal(vrrp_advert_len(r->version, r->count_addr), len);
	n = vrrp_advert_encode(&adv, ip4(r->saddr), ip4(r->daddr), buf, sizeof(buf));
	assert_int_equal(n, len);
	hexdump_diff(r->name, buf, vrrp, len);
	assert_memory_equal(buf, vrrp, len);
}

static void test_ka_checksum(void **state)
{
	const struct ka_row *r = *state;
	const uint8_t *vrrp;
	uint16_t ours;
	size_t len;

	vrrp = ka_vrrp(r, &len);
	ours = vrrp_checksum4(vrrp, len, r->version, ip4(r->saddr), ip4(r->daddr));
	/* The function returns the value in stored byte order. */
	assert_memory_equal(&ours, vrrp + 6, 2);
	assert_int_equal(ref_vrrp_csum(vrrp, len, r->version, ip4(r->saddr), ip4(r->daddr)),
			 rd16(vrrp + 6));
	assert_true(ipv4_hdr_csum_ok(r->frame + ETH_HLEN));
}

/*
 * Our whole frame against keepalived's: every byte equal except the IPv4
 * identification (keepalived counts up, we send 0: DF is clear but the
 * datagram is never fragmented) and so the IPv4 header checksum.
 */
static void test_ka_frame(void **state)
{
	const struct ka_row *r = *state;
	uint8_t buf[MAX_FRAME];
	struct vrrp_advert adv;
	uint8_t want[MAX_FRAME];
	size_t n;

	ka_fields(r, &adv);
	n = xvrrp_build_advert_frame(sender_mac, r->dst_mac, ip4(r->saddr), ip4(r->daddr),
				     &adv, NULL, buf, sizeof(buf));
	assert_int_equal(n, r->frame_len);
	assert_int_equal(rd16(buf + ETH_HLEN + 4), 0);
	assert_true(ipv4_hdr_csum_ok(buf + ETH_HLEN));

	memcpy(want, r->frame, r->frame_len);
	memset(want + ETH_HLEN + 4, 0, 2);      /* id */
	memcpy(want + ETH_HLEN + 10, buf + ETH_HLEN + 10, 2);  /* header checksum */
	hexdump_diff(r->name, buf, want, n);
	assert_memory_equal(buf, want, n);
}

/* ---- decode errors -------------------------------------------------------- */

struct decode_row {
	const char *name;
	uint8_t version;
	uint8_t count_addr;
	int len_delta;          /* decode this many bytes more (zeros) or fewer */
	int set_off;            /* -1: no byte change */
	uint8_t set_val;
	bool refix_csum;        /* recompute the checksum after the change */
	const char *decode_saddr;       /* NULL: the sender's */
	const char *decode_daddr;       /* NULL: 224.0.0.18 */
	enum vrrp_decode_err expect;
};

#define NOSET -1, 0

static const struct decode_row decode_rows[] = {
	{ "v3 valid", 3, 2, 0, NOSET, false, NULL, NULL, VRRP_DECODE_OK },
	{ "v2 valid", 2, 2, 0, NOSET, false, NULL, NULL, VRRP_DECODE_OK },
	{ "v3 count 0, 8 bytes, valid", 3, 0, 0, NOSET, false, NULL, NULL, VRRP_DECODE_OK },
	{ "empty packet too short", 3, 0, -8, NOSET, false, NULL, NULL, VRRP_DECODE_TOO_SHORT },
	{ "7 bytes too short", 3, 0, -1, NOSET, false, NULL, NULL, VRRP_DECODE_TOO_SHORT },
	{ "too short wins over bad version", 3, 0, -1, 0, 0x41, false, NULL, NULL,
	  VRRP_DECODE_TOO_SHORT },
	{ "version 0", 3, 1, 0, 0, 0x01, true, NULL, NULL, VRRP_DECODE_BAD_VERSION },
	{ "version 1", 3, 1, 0, 0, 0x11, true, NULL, NULL, VRRP_DECODE_BAD_VERSION },
	{ "version 4", 3, 1, 0, 0, 0x41, true, NULL, NULL, VRRP_DECODE_BAD_VERSION },
	{ "version 15", 3, 1, 0, 0, 0xf1, true, NULL, NULL, VRRP_DECODE_BAD_VERSION },
	{ "bad version wins over bad type", 3, 1, 0, 0, 0x42, true, NULL, NULL,
	  VRRP_DECODE_BAD_VERSION },
	{ "v3 type 0", 3, 1, 0, 0, 0x30, true, NULL, NULL, VRRP_DECODE_BAD_TYPE },
	{ "v3 type 2", 3, 1, 0, 0, 0x32, true, NULL, NULL, VRRP_DECODE_BAD_TYPE },
	{ "v3 type 15", 3, 1, 0, 0, 0x3f, true, NULL, NULL, VRRP_DECODE_BAD_TYPE },
	{ "v2 type 2", 2, 1, 0, 0, 0x22, true, NULL, NULL, VRRP_DECODE_BAD_TYPE },
	{ "bad type wins over length", 3, 2, -4, 0, 0x32, false, NULL, NULL,
	  VRRP_DECODE_BAD_TYPE },
	{ "v3 one address missing", 3, 2, -4, NOSET, false, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "v3 one trailing byte", 3, 2, 1, NOSET, false, NULL, NULL, VRRP_DECODE_LEN_MISMATCH },
	{ "v3 one address too many", 3, 2, 4, NOSET, false, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "v3 count_addr above addresses", 3, 2, 0, 3, 3, true, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "v3 count_addr below addresses", 3, 2, 0, 3, 1, true, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "v3 count_addr 255 on 8 bytes", 3, 0, 0, 3, 255, true, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "v2 without auth data", 2, 2, -8, NOSET, false, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "v2 one trailing byte", 2, 2, 1, NOSET, false, NULL, NULL, VRRP_DECODE_LEN_MISMATCH },
	{ "v3 with v2 auth bytes appended", 3, 1, 8, NOSET, false, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "length wins over checksum", 3, 2, 0, 3, 1, false, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "v3 priority changed", 3, 2, 0, 2, 0x99, false, NULL, NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "v3 last address byte changed", 3, 2, 0, 15, 0x77, false, NULL, NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "v3 checksum byte changed", 3, 2, 0, 7, 0x00, false, NULL, NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "v3 pseudo-header: other source", 3, 2, 0, NOSET, false, "192.0.2.9", NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "v3 pseudo-header: unicast dest", 3, 2, 0, NOSET, false, NULL, "192.0.2.2",
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "v2 no pseudo-header: other source", 2, 2, 0, NOSET, false, "192.0.2.9", NULL,
	  VRRP_DECODE_OK },
	{ "v2 no pseudo-header: unicast dest", 2, 2, 0, NOSET, false, NULL, "192.0.2.2",
	  VRRP_DECODE_OK },
	{ "v2 auth data is covered", 2, 2, 0, 23, 0x01, false, NULL, NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "v2 adver_int byte covered", 2, 1, 0, 5, 0x09, false, NULL, NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "checksum wins over interval 0", 3, 1, 0, 5, 0x00, false, NULL, NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "v3 interval 0", 3, 1, 0, 5, 0x00, true, NULL, NULL, VRRP_DECODE_BAD_INTERVAL },
	{ "v3 reserved bits set are ignored", 3, 1, 0, 4, 0xf0, true, NULL, NULL,
	  VRRP_DECODE_OK },
	{ "v2 adver_int 0 is not a decode error", 2, 1, 0, 5, 0x00, true, NULL, NULL,
	  VRRP_DECODE_OK },
};

/*
 * Base packets: vrid 17, priority 100, interval 100 cs (v3 bytes 4-5 are
 * 0x00 0x64; v2 byte 4 is auth_type 0 and byte 5 is 1 s), 192.0.2.i.
 */
static size_t make_base(uint8_t version, uint8_t count_addr, uint8_t *buf, size_t len)
{
	struct vrrp_advert adv;
	unsigned int i;

	memset(&adv, 0, sizeof(adv));
	adv.version = version;
	adv.type = VRRP_TYPE_ADVERTISEMENT;
	adv.vrid = 17;
	adv.priority = 100;
	adv.count_addr = count_addr;
	adv.max_adver_int_cs = 100;
	adv.auth_type = VRRP_AUTH_NONE;
	for (i = 0; i < count_addr; i++)
		adv.addrs[i] = htonl(0xc0000200u | (i & 0xff));  /* 192.0.2.i */
	return vrrp_advert_encode(&adv, ip4("192.0.2.1"), ip4("224.0.0.18"), buf, len);
}

/*
 * A decode row's verdict must be the expected one, and the header fields of
 * the base packet (vrid 17) must be there for per-VRID counters even on
 * errors. Returns true if the advert decoded.
 */
static bool decode_verdict(const char *name, enum vrrp_decode_err got,
			   enum vrrp_decode_err expect, const struct vrrp_advert *out,
			   uint8_t priority)
{
	if (got != expect)
		print_error("%s: got %s, want %s\n", name, vrrp_decode_err_str(got),
			    vrrp_decode_err_str(expect));
	assert_int_equal(got, expect);
	if (got != VRRP_DECODE_TOO_SHORT) {
		assert_int_equal(out->vrid, 17);
		assert_int_equal(out->priority, priority);
	}
	return got == VRRP_DECODE_OK;
}

static void test_decode_row(void **state)
{
	const struct decode_row *r = *state;
	uint32_t saddr = ip4("192.0.2.1"), daddr = ip4("224.0.0.18");
	uint8_t buf[MAX_FRAME];
	struct vrrp_advert out;
	enum vrrp_decode_err got;
	size_t len;

	memset(buf, 0, sizeof(buf));
	len = make_base(r->version, r->count_addr, buf, sizeof(buf));
	assert_int_not_equal(len, 0);
	len = (size_t)((long)len + r->len_delta);
	if (r->set_off >= 0)
		buf[r->set_off] = r->set_val;
	if (r->refix_csum) {
		uint16_t c = ref_vrrp_csum(buf, len, buf[0] >> 4, saddr, daddr);

		/* Where the version byte is mangled, use the base version's rule. */
		if ((buf[0] >> 4) != 2 && (buf[0] >> 4) != 3)
			c = ref_vrrp_csum(buf, len, r->version, saddr, daddr);
		buf[6] = (uint8_t)(c >> 8);
		buf[7] = (uint8_t)c;
	}
	if (r->decode_saddr)
		saddr = ip4(r->decode_saddr);
	if (r->decode_daddr)
		daddr = ip4(r->decode_daddr);

	got = vrrp_advert_decode(buf, len, saddr, daddr, &out);
	if (decode_verdict(r->name, got, r->expect, &out, r->set_off == 2 ? r->set_val : 100)) {
		assert_int_equal(out.version, r->version);
		assert_int_equal(out.count_addr, r->count_addr);
		if (r->count_addr)
			assert_int_equal(out.addrs[r->count_addr - 1],
					 htonl(0xc0000200u | (r->count_addr - 1)));
	}
	/* NULL out is allowed: validation only. */
	assert_int_equal(vrrp_advert_decode(buf, len, saddr, daddr, NULL), r->expect);
}

/*
 * One's-complement has two zeros. Pick auth data so the computed checksum
 * is 0x0000; the sender stores 0x0000, and a receiver must accept the
 * other zero, 0xffff, too (the whole-message sum is all ones either way),
 * while 0x0001 stays wrong.
 */
static void test_checksum_both_zeros(void **state)
{
	uint32_t saddr = ip4("192.0.2.1"), daddr = ip4("224.0.0.18");
	struct vrrp_advert adv;
	uint8_t buf[64];
	uint16_t c;
	size_t len;

	memset(&adv, 0, sizeof(adv));
	adv.version = 2;
	adv.type = VRRP_TYPE_ADVERTISEMENT;
	adv.vrid = 5;
	adv.priority = 100;
	adv.count_addr = 1;
	adv.max_adver_int_cs = 100;
	adv.addrs[0] = ip4("192.0.2.5");
	len = vrrp_advert_encode(&adv, saddr, daddr, buf, sizeof(buf));
	assert_int_equal(len, 20);
	c = rd16(buf + 6);
	/* Adding the checksum as a data word makes the sum all ones. */
	adv.auth_data[6] = (uint8_t)(c >> 8);
	adv.auth_data[7] = (uint8_t)c;
	assert_int_equal(vrrp_advert_encode(&adv, saddr, daddr, buf, sizeof(buf)), 20);
	assert_int_equal(rd16(buf + 6), 0x0000);
	assert_int_equal(vrrp_advert_decode(buf, len, saddr, daddr, NULL), VRRP_DECODE_OK);
	buf[6] = buf[7] = 0xff;
	assert_int_equal(vrrp_advert_decode(buf, len, saddr, daddr, NULL), VRRP_DECODE_OK);
	buf[6] = 0x00;
	buf[7] = 0x01;
	assert_int_equal(vrrp_advert_decode(buf, len, saddr, daddr, NULL),
			 VRRP_DECODE_BAD_CHECKSUM);
}

/* ---- encode rules --------------------------------------------------------- */

struct encode_row {
	const char *name;
	uint8_t version, type, count_addr;
	uint16_t max_adver_int_cs;
	int buf_delta;          /* buffer size relative to the needed length */
	size_t expect_len;      /* 0: rejected */
	uint8_t b4, b5;         /* expected bytes 4 and 5 when accepted */
};

static const struct encode_row encode_rows[] = {
	{ "v3 100cs", 3, 1, 1, 100, 0, 12, 0x00, 0x64 },
	{ "v3 1cs minimum", 3, 1, 1, 1, 0, 12, 0x00, 0x01 },
	{ "v3 4095cs maximum", 3, 1, 1, 4095, 0, 12, 0x0f, 0xff },
	{ "v3 0cs rejected", 3, 1, 1, 0, 0, 0, 0, 0 },
	{ "v3 4096cs rejected (12 bits)", 3, 1, 1, 4096, 0, 0, 0, 0 },
	{ "v3 65535cs rejected", 3, 1, 1, 65535, 0, 0, 0, 0 },
	{ "v3 count 0", 3, 1, 0, 100, 0, 8, 0x00, 0x64 },
	{ "v3 count 255", 3, 1, 255, 100, 0, 1028, 0x00, 0x64 },
	{ "v2 100cs is 1s", 2, 1, 1, 100, 0, 20, 0, 1 },
	{ "v2 101cs rounds up to 2s", 2, 1, 1, 101, 0, 20, 0, 2 },
	{ "v2 150cs rounds up to 2s", 2, 1, 1, 150, 0, 20, 0, 2 },
	{ "v2 200cs is 2s", 2, 1, 1, 200, 0, 20, 0, 2 },
	{ "v2 1cs rounds up to 1s", 2, 1, 1, 1, 0, 20, 0, 1 },
	{ "v2 0cs is the minimum 1s", 2, 1, 1, 0, 0, 20, 0, 1 },
	{ "v2 25401cs rounds up to 255s", 2, 1, 1, 25401, 0, 20, 0, 255 },
	{ "v2 25500cs is 255s", 2, 1, 1, 25500, 0, 20, 0, 255 },
	{ "v2 25501cs rejected (needs 256s)", 2, 1, 1, 25501, 0, 0, 0, 0 },
	{ "v2 count 0", 2, 1, 0, 100, 0, 16, 0, 1 },
	{ "v2 count 255", 2, 1, 255, 100, 0, 1036, 0, 1 },
	{ "version 1 rejected", 1, 1, 1, 100, 0, 0, 0, 0 },
	{ "version 4 rejected", 4, 1, 1, 100, 0, 0, 0, 0 },
	{ "type 2 rejected", 3, 2, 1, 100, 0, 0, 0, 0 },
	{ "type 0 rejected", 2, 0, 1, 100, 0, 0, 0, 0 },
	{ "v3 buffer one byte short", 3, 1, 2, 100, -1, 0, 0, 0 },
	{ "v3 buffer of zero bytes", 3, 1, 0, 100, -8, 0, 0, 0 },
	{ "v2 buffer one byte short", 2, 1, 2, 100, -1, 0, 0, 0 },
	{ "v2 buffer larger than needed", 2, 1, 2, 100, 7, 24, 0, 1 },
};

static void test_encode_row(void **state)
{
	const struct encode_row *r = *state;
	uint32_t saddr = ip4("198.51.100.1"), daddr = ip4("224.0.0.18");
	uint8_t buf[MAX_FRAME + 16];
	struct vrrp_advert adv;
	size_t need, n;
	unsigned int i;

	memset(&adv, 0, sizeof(adv));
	adv.version = r->version;
	adv.type = r->type;
	adv.vrid = 1;
	adv.priority = 100;
	adv.count_addr = r->count_addr;
	adv.max_adver_int_cs = r->max_adver_int_cs;
	adv.auth_type = 0x5a;
	memcpy(adv.auth_data, "ABCDEFGH", 8);
	for (i = 0; i < r->count_addr; i++)
		adv.addrs[i] = htonl(0xcb007100u | i);
	need = 8 + 4 * (size_t)r->count_addr + (r->version == 2 ? 8 : 0);
	memset(buf, 0xee, sizeof(buf));
	n = vrrp_advert_encode(&adv, saddr, daddr, buf, (size_t)((long)need + r->buf_delta));
	assert_int_equal(n, r->expect_len);
	if (!n)
		return;
	assert_int_equal(buf[0], r->version << 4 | 1);
	if (r->version == 2)
		assert_int_equal(buf[4], 0x5a);
	else
		assert_int_equal(buf[4], r->b4);
	assert_int_equal(buf[5], r->b5);
	assert_int_equal(ref_vrrp_csum(buf, n, r->version, saddr, daddr), rd16(buf + 6));
	if (r->version == 2)
		assert_memory_equal(buf + n - 8, "ABCDEFGH", 8);
	assert_int_equal(buf[n], 0xee);         /* nothing written past the end */
	assert_int_equal(vrrp_advert_decode(buf, n, saddr, daddr, NULL), VRRP_DECODE_OK);
}

/* ---- checksum arithmetic ------------------------------------------------ */

struct csum_row {
	const char *name;
	uint8_t data[10];
	size_t len;
	uint8_t want[2];        /* the folded sum, as it would sit on the wire */
};

static const struct csum_row csum_rows[] = {
	/* RFC 1071 §3 numerical example. */
	{ "rfc1071 example, even", { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 }, 8,
	  { 0xdd, 0xf2 } },
	{ "odd length pads a zero low byte", { 0x00, 0x01, 0xf2 }, 3, { 0xf2, 0x01 } },
	{ "single byte", { 0xab }, 1, { 0xab, 0x00 } },
	{ "empty", { 0 }, 0, { 0x00, 0x00 } },
	{ "end-around carry", { 0xff, 0xff, 0xff, 0xff }, 4, { 0xff, 0xff } },
	{ "carry into low word", { 0x80, 0x00, 0x80, 0x01 }, 4, { 0x00, 0x02 } },
	{ "odd, nine bytes", { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09 }, 9,
	  { 0x19, 0x14 } },
};

static void test_csum_row(void **state)
{
	const struct csum_row *r = *state;
	uint16_t folded = xvrrp_csum_fold(xvrrp_csum_add(0, r->data, r->len));

	assert_memory_equal(&folded, r->want, 2);
	/* Splitting at an even offset gives the same sum. */
	if (r->len >= 2) {
		uint32_t s = xvrrp_csum_add(0, r->data, 2);

		s = xvrrp_csum_add(s, r->data + 2, r->len - 2);
		assert_int_equal(xvrrp_csum_fold(s), folded);
	}
}

/* vrrp_checksum4 against the reference on odd and even lengths, both versions. */
static void test_vrrp_checksum_lengths(void **state)
{
	static const size_t lens[] = { 0, 1, 5, 6, 7, 8, 9, 12, 13, 1028, 1029, 1036 };
	uint32_t saddr = ip4("203.0.113.200"), daddr = ip4("224.0.0.18");
	uint8_t data[1040];
	unsigned int i, v;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 37 + 11);
	for (v = 2; v <= 3; v++) {
		for (i = 0; i < ARRAY_SIZE(lens); i++) {
			uint16_t got = vrrp_checksum4(data, lens[i], (uint8_t)v, saddr, daddr);
			uint16_t want = ref_vrrp_csum(data, lens[i], (uint8_t)v, saddr, daddr);

			if (ntohs(got) != want)
				print_error("v%u len %zu: got 0x%04x want 0x%04x\n", v, lens[i],
					    ntohs(got), want);
			assert_int_equal(ntohs(got), want);
		}
	}
}

/* Address-count edge cases end to end: encode, reference checksum, decode, frame. */
struct count_row {
	const char *name;
	uint8_t version, count_addr;
	size_t vrrp_len;
};

static const struct count_row count_rows[] = {
	{ "v3 count 0", 3, 0, 8 },
	{ "v3 count 1", 3, 1, 12 },
	{ "v3 count 255 (max frame)", 3, 255, 1028 },
	{ "v2 count 0", 2, 0, 16 },
	{ "v2 count 1", 2, 1, 20 },
	{ "v2 count 255 (max frame)", 2, 255, 1036 },
};

static void test_count_row(void **state)
{
	const struct count_row *r = *state;
	uint32_t saddr = ip4("192.0.2.254"), daddr = ip4("224.0.0.18");
	uint8_t buf[MAX_FRAME], frame[MAX_FRAME];
	struct vrrp_advert adv, out;
	unsigned int i;
	size_t n;

	memset(&adv, 0, sizeof(adv));
	adv.version = r->version;
	adv.type = VRRP_TYPE_ADVERTISEMENT;
	adv.vrid = 255;
	adv.priority = 254;
	adv.count_addr = r->count_addr;
	adv.max_adver_int_cs = 4095;
	memcpy(adv.auth_data, "\xff\x00\xff\x00\x01\x02\x03\x04", 8);
	for (i = 0; i < r->count_addr; i++)
		adv.addrs[i] = htonl(0xc6336400u + i);   /* 198.51.100.i */

	assert_int_equal(vrrp_advert_len(r->version, r->count_addr), r->vrrp_len);
	n = vrrp_advert_encode(&adv, saddr, daddr, buf, sizeof(buf));
	assert_int_equal(n, r->vrrp_len);
	assert_int_equal(ref_vrrp_csum(buf, n, r->version, saddr, daddr), rd16(buf + 6));
	assert_int_equal(vrrp_advert_decode(buf, n, saddr, daddr, &out), VRRP_DECODE_OK);
	assert_int_equal(out.count_addr, r->count_addr);
	assert_memory_equal(out.addrs, adv.addrs, sizeof(adv.addrs));
	assert_int_equal(out.max_adver_int_cs, r->version == 3 ? 4095 : 4100);

	n = xvrrp_build_advert_frame(sender_mac, NULL, saddr, daddr, &adv, NULL, frame,
				     L2L3_HLEN + r->vrrp_len);
	assert_int_equal(n, L2L3_HLEN + r->vrrp_len);
	assert_int_equal(rd16(frame + ETH_HLEN + 2), IP_HLEN + r->vrrp_len);
	assert_true(ipv4_hdr_csum_ok(frame + ETH_HLEN));
	assert_memory_equal(frame + L2L3_HLEN, buf, r->vrrp_len);
	assert_int_equal(xvrrp_build_advert_frame(sender_mac, NULL, saddr, daddr, &adv, NULL, frame,
						  L2L3_HLEN + r->vrrp_len - 1), 0);
}

/* ---- frames --------------------------------------------------------------- */

struct frame_row {
	const char *name;
	const uint8_t *dst_mac;
	const char *saddr, *daddr;
	uint8_t version, count_addr;
	size_t buf_len;         /* 0: large enough */
	size_t expect_len;
};

static const struct frame_row frame_rows[] = {
	{ "v3 multicast", NULL, "192.0.2.1", "224.0.0.18", 3, 2, 0, 14 + 20 + 16 },
	{ "v3 unicast dst MAC", peer_mac, "192.0.2.1", "192.0.2.2", 3, 1, 0, 14 + 20 + 12 },
	{ "v2 multicast", NULL, "203.0.113.5", "224.0.0.18", 2, 3, 0, 14 + 20 + 28 },
	{ "buffer of 33 bytes", NULL, "192.0.2.1", "224.0.0.18", 3, 1, 33, 0 },
	{ "buffer fits headers only", NULL, "192.0.2.1", "224.0.0.18", 3, 1, 34, 0 },
	{ "buffer exact", NULL, "192.0.2.1", "224.0.0.18", 3, 1, 46, 46 },
};

static void test_frame_row(void **state)
{
	static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x12 };
	const struct frame_row *r = *state;
	uint32_t saddr = ip4(r->saddr), daddr = ip4(r->daddr);
	uint8_t buf[MAX_FRAME], vrrp[MAX_FRAME];
	struct vrrp_advert adv;
	const uint8_t *ip = buf + ETH_HLEN;
	unsigned int i;
	size_t n, vlen;

	memset(&adv, 0, sizeof(adv));
	adv.version = r->version;
	adv.type = VRRP_TYPE_ADVERTISEMENT;
	adv.vrid = 9;
	adv.priority = 110;
	adv.count_addr = r->count_addr;
	adv.max_adver_int_cs = 200;
	for (i = 0; i < r->count_addr; i++)
		adv.addrs[i] = htonl(0xc0000280u + i);
	n = xvrrp_build_advert_frame(sender_mac, r->dst_mac, saddr, daddr, &adv, NULL, buf,
				     r->buf_len ? r->buf_len : sizeof(buf));
	assert_int_equal(n, r->expect_len);
	if (!n)
		return;
	vlen = vrrp_advert_encode(&adv, saddr, daddr, vrrp, sizeof(vrrp));

	assert_memory_equal(buf, r->dst_mac ? r->dst_mac : mcast, 6);
	assert_memory_equal(buf + 6, sender_mac, 6);
	assert_int_equal(rd16(buf + 12), 0x0800);
	assert_int_equal(ip[0], 0x45);                  /* version 4, IHL 5 */
	assert_int_equal(ip[1], 0xc0);                  /* internetwork control */
	assert_int_equal(rd16(ip + 2), IP_HLEN + vlen); /* total length */
	assert_int_equal(rd16(ip + 4), 0);              /* identification */
	assert_int_equal(rd16(ip + 6), 0);              /* DF clear, offset 0 */
	assert_int_equal(ip[8], 255);                   /* RFC 5798 §5.1.1.3 */
	assert_int_equal(ip[9], 112);
	assert_true(ipv4_hdr_csum_ok(ip));
	assert_memory_equal(ip + 12, &saddr, 4);
	assert_memory_equal(ip + 16, &daddr, 4);
	assert_int_equal(n, L2L3_HLEN + vlen);
	assert_memory_equal(buf + L2L3_HLEN, vrrp, vlen);
}

static void test_frame_rejects_invalid_advert(void **state)
{
	struct vrrp_advert adv;
	uint8_t buf[128];

	memset(&adv, 0, sizeof(adv));
	adv.version = 3;
	adv.type = VRRP_TYPE_ADVERTISEMENT;
	adv.count_addr = 1;
	adv.max_adver_int_cs = 0;
	assert_int_equal(xvrrp_build_advert_frame(sender_mac, NULL, ip4("192.0.2.1"),
						  ip4("224.0.0.18"), &adv, NULL, buf, sizeof(buf)), 0);
}

struct garp_row {
	const char *name;
	const uint8_t *mac;
	const char *vip;
	size_t buf_len;
	size_t expect_len;
	const uint8_t *want;    /* whole frame, or NULL to check fields */
};

static const uint8_t other_mac[6] = { 0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f };

static const struct garp_row garp_rows[] = {
	{ "matches keepalived byte for byte", sender_mac, "192.0.2.100", 42, 42,
	  ka_garp_192_0_2_100 },
	{ "other MAC and VIP", other_mac, "203.0.113.77", 60, 42, NULL },
	{ "buffer of 41 bytes", sender_mac, "192.0.2.100", 41, 0, NULL },
	{ "buffer of 0 bytes", sender_mac, "192.0.2.100", 0, 0, NULL },
};

static void test_garp_row(void **state)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const struct garp_row *r = *state;
	uint32_t vip = ip4(r->vip);
	uint8_t buf[64];
	const uint8_t *arp = buf + ETH_HLEN;
	size_t n;

	memset(buf, 0xee, sizeof(buf));
	n = xvrrp_build_garp_frame(r->mac, vip, buf, r->buf_len);
	assert_int_equal(n, r->expect_len);
	if (!n)
		return;
	if (r->want) {
		hexdump_diff(r->name, buf, r->want, n);
		assert_memory_equal(buf, r->want, n);
	}
	assert_memory_equal(buf, bcast, 6);
	assert_memory_equal(buf + 6, r->mac, 6);
	assert_int_equal(rd16(buf + 12), 0x0806);
	assert_int_equal(rd16(arp), 1);                 /* hrd Ethernet */
	assert_int_equal(rd16(arp + 2), 0x0800);        /* pro IPv4 */
	assert_int_equal(arp[4], 6);
	assert_int_equal(arp[5], 4);
	assert_int_equal(rd16(arp + 6), 1);             /* request */
	assert_memory_equal(arp + 8, r->mac, 6);        /* sha */
	assert_memory_equal(arp + 14, &vip, 4);         /* spa */
	assert_memory_equal(arp + 18, bcast, 6);        /* tha, as keepalived */
	assert_memory_equal(arp + 24, &vip, 4);         /* tpa */
	assert_int_equal(buf[42], 0xee);
}

static void test_decode_err_str(void **state)
{
	enum vrrp_decode_err e, f;

	for (e = VRRP_DECODE_OK; e <= VRRP_DECODE_NO_ADDRS; e++) {
		assert_non_null(vrrp_decode_err_str(e));
		assert_string_not_equal(vrrp_decode_err_str(e),
					vrrp_decode_err_str((enum vrrp_decode_err)99));
		for (f = VRRP_DECODE_OK; f < e; f++)
			assert_string_not_equal(vrrp_decode_err_str(e), vrrp_decode_err_str(f));
	}
}

/* ---- Wireshark's opinion -------------------------------------------------- */

static bool have_tshark(void)
{
	return system("command -v tshark >/dev/null 2>&1") == 0;
}

static void write_pcap(FILE *f, const uint8_t (*frames)[128], const size_t *lens, size_t n)
{
	/* pcap file header: magic, v2.4, zone 0, sigfigs 0, snaplen, Ethernet. */
	const uint32_t ghdr[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 1 };
	size_t i;

	assert_int_equal(fwrite(ghdr, sizeof(ghdr), 1, f), 1);
	for (i = 0; i < n; i++) {
		const uint32_t rec[4] = { (uint32_t)i + 1, 0, (uint32_t)lens[i],
					  (uint32_t)lens[i] };

		assert_int_equal(fwrite(rec, sizeof(rec), 1, f), 1);
		assert_int_equal(fwrite(frames[i], lens[i], 1, f), 1);
	}
}

static unsigned int count_occurrences(const char *text, const char *needle)
{
	unsigned int n = 0;
	const char *p = text;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/*
 * `tshark -n -V` of the n frames (written to a pcap under TMPDIR): its
 * whole text, NUL-terminated, to free().
 */
static char *tshark_dissect(const uint8_t (*frames)[128], const size_t *lens, size_t n)
{
	const char *tmpdir = getenv("TMPDIR");
	char path[256], cmd[512], *out;
	size_t used = 0, cap = 1 << 16;
	FILE *f, *p;
	int fd;

	snprintf(path, sizeof(path), "%s/xvrrp-test-advert-XXXXXX",
		 tmpdir && *tmpdir ? tmpdir : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "wb");
	assert_non_null(f);
	write_pcap(f, frames, lens, n);
	assert_int_equal(fclose(f), 0);

	snprintf(cmd, sizeof(cmd), "tshark -n -r %s -V 2>/dev/null", path);
	p = popen(cmd, "r");
	assert_non_null(p);
	out = calloc(1, cap);
	assert_non_null(out);
	while (used + 1 < cap) {
		size_t got = fread(out + used, 1, cap - 1 - used, p);

		if (!got)
			break;
		used += got;
	}
	pclose(p);
	unlink(path);
	if (!strstr(out, "Virtual Router Redundancy Protocol"))
		print_error("tshark output:\n%s\n", out);
	return out;
}

/* A text tshark must print, and how many times. */
struct tshark_line {
	const char *text;
	unsigned int count;
};

static void tshark_expect(const char *out, const struct tshark_line *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned int got = count_occurrences(out, want[i].text);

		if (got != want[i].count)
			print_error("tshark printed \"%s\" %u times, want %u\n", want[i].text, got,
				    want[i].count);
		assert_int_equal(got, want[i].count);
	}
}

/* ---- VRRPv3 over IPv6 (RFC 5798 §5.1.2, RFC 9568) ------------------------- */

#define IP6_HLEN        40
#define L2L3_HLEN6      (ETH_HLEN + IP6_HLEN)
#define MAX_VRRP6       (8 + 16 * VRRP_MAX_ADDRS)
#define MAX_FRAME6      (L2L3_HLEN6 + MAX_VRRP6)

static struct in6_addr ip6(const char *s)
{
	struct in6_addr a;

	assert_int_equal(inet_pton(AF_INET6, s, &a), 1);
	return a;
}

/* An advertisement, zeroed but for these fields. */
static void advert_init(struct vrrp_advert *adv, uint8_t version, uint8_t family, uint8_t vrid,
			uint8_t priority, uint8_t count_addr, uint16_t max_adver_int_cs)
{
	memset(adv, 0, sizeof(*adv));
	adv->version = version;
	adv->type = VRRP_TYPE_ADVERTISEMENT;
	adv->family = family;
	adv->vrid = vrid;
	adv->priority = priority;
	adv->count_addr = count_addr;
	adv->max_adver_int_cs = max_adver_int_cs;
}

/*
 * How a test lays out the IPv6 pseudo-header. REF6_GOOD is RFC 8200 §8.1:
 * source, destination, upper-layer packet length as 32 bits big-endian, 3
 * zero bytes, next header 112. The others are mistakes an implementation
 * could make; a row checks that each gives another sum on its data. A
 * 16-bit length is not among them: the one's-complement sum of a length
 * under 65536 is the same in a 16- as in a 32-bit field, so nothing can
 * tell the two apart.
 */
enum ref6_pseudo {
	REF6_KEEP,              /* leave the checksum the packet has */
	REF6_GOOD,
	REF6_OFF_BY_ONE,        /* the good checksum plus one */
	REF6_NONE,              /* no pseudo-header (the VRRPv2 rule) */
	REF6_IPV4,              /* the IPv4 layout (§5.2.8) of each address's low 32 bits */
	REF6_NO_LEN,
	REF6_LEN_LE,            /* the length in little-endian byte order */
	REF6_NO_PAD,            /* next header right after the length, no zero bytes */
	REF6_NO_NEXT_HDR,
};

/* The checksum of an IPv6 VRRP message with its checksum field taken as zero. */
static uint16_t ref_vrrp_csum6(const uint8_t *vrrp, size_t len, const struct in6_addr *saddr,
			       const struct in6_addr *daddr, enum ref6_pseudo how)
{
	uint8_t ph[40];
	size_t ph_len = sizeof(ph);

	memset(ph, 0, sizeof(ph));
	memcpy(ph, saddr->s6_addr, 16);
	memcpy(ph + 16, daddr->s6_addr, 16);
	ph[32] = (uint8_t)(len >> 24);
	ph[33] = (uint8_t)(len >> 16);
	ph[34] = (uint8_t)(len >> 8);
	ph[35] = (uint8_t)len;
	ph[39] = 112;
	switch (how) {
	case REF6_NONE:
		ph_len = 0;
		break;
	case REF6_IPV4:
		memcpy(ph, saddr->s6_addr + 12, 4);
		memcpy(ph + 4, daddr->s6_addr + 12, 4);
		ph[8] = 0;
		ph[9] = 112;
		ph[10] = (uint8_t)(len >> 8);
		ph[11] = (uint8_t)len;
		ph_len = 12;
		break;
	case REF6_NO_LEN:
		memset(ph + 32, 0, 4);
		break;
	case REF6_LEN_LE:
		ph[32] = (uint8_t)len;
		ph[33] = (uint8_t)(len >> 8);
		ph[34] = (uint8_t)(len >> 16);
		ph[35] = (uint8_t)(len >> 24);
		break;
	case REF6_NO_PAD:
		ph[36] = 112;
		ph_len = 37;
		break;
	case REF6_NO_NEXT_HDR:
		ph[39] = 0;
		break;
	default:
		break;
	}
	return ref_fold_invert(ref_sum_vrrp(ref_sum(0, ph, ph_len), vrrp, len));
}

/* ---- keepalived 2.2.7 IPv6 reference frames ------------------------------ */

/*
 * Captured as the IPv4 frames above (same namespaces, MACs and command),
 * with the veth ends at 2001:db8::1/64 and 2001:db8::2/64 (nodad), so the
 * sender's link-local address is fe80::ff:fe00:1, and kept as tcpdump -xx
 * printed them: the whole frame in 16-bit words of hex. keepalived sends
 * IPv6 adverts on a raw IPPROTO_VRRP socket with IPV6_CHECKSUM at offset 6:
 * the kernel wrote these checksums, and Wireshark 4.0 calls them correct.
 *
 * vrrp_instance V6: interface va, virtual_router_id 51, priority 150,
 * advert_int 1, virtual_ipaddress 2001:db8::100/64 and 2001:db8::101/64 (one
 * a line). Note the traffic class 0xc0 (keepalived's IPV6_TCLASS) and the
 * flow label 0x011fc the kernel chose (net.ipv6.auto_flowlabels).
 */
static const char ka6_v3_prio150[] =
	"3333 0000 0012 0200 0000 0001 86dd 6c00 11fc 0028 70ff fe80 0000 0000 0000 0000 "
	"00ff fe00 0001 ff02 0000 0000 0000 0000 0000 0000 0012 3133 9602 0064 ddc3 2001 "
	"0db8 0000 0000 0000 0000 0000 0100 2001 0db8 0000 0000 0000 0000 0000 0101";

/* The same instance on SIGTERM: priority 0. */
static const char ka6_v3_prio0[] =
	"3333 0000 0012 0200 0000 0001 86dd 6c00 11fc 0028 70ff fe80 0000 0000 0000 0000 "
	"00ff fe00 0001 ff02 0000 0000 0000 0000 0000 0000 0012 3133 0002 0064 73c4 2001 "
	"0db8 0000 0000 0000 0000 0000 0100 2001 0db8 0000 0000 0000 0000 0000 0101";

/*
 * vrrp_instance V6U: virtual_router_id 99, priority 120, advert_int 0.35,
 * unicast_src_ip 2001:db8::1, unicast_peer 2001:db8::2, VIP
 * 2001:db8::150/64: global addresses in the pseudo-header. keepalived sets
 * the hop limit only for multicast (IPV6_MULTICAST_HOPS), so this one has
 * the kernel's default, 64.
 */
static const char ka6_v3_unicast[] =
	"0200 0000 0002 0200 0000 0001 86dd 6c0d aacb 0018 7040 2001 0db8 0000 0000 0000 "
	"0000 0000 0001 2001 0db8 0000 0000 0000 0000 0000 0002 3163 7801 0023 cb71 2001 "
	"0db8 0000 0000 0000 0000 0000 0150";

struct ka6_row {
	const char *name;
	const char *frame_hex;
	const uint8_t *dst_mac;         /* NULL: multicast */
	const char *saddr, *daddr;
	uint8_t hop_limit;              /* keepalived's, which we do not copy */
	/* expected fields */
	uint8_t vrid, priority, count_addr;
	uint16_t max_adver_int_cs;
	const char *addrs[2];
};

static const struct ka6_row ka6_rows[] = {
	{ "ka v3 prio 150, 2 VIPs, 100cs", ka6_v3_prio150, NULL,
	  "fe80::ff:fe00:1", "ff02::12", 255, 51, 150, 2, 100,
	  { "2001:db8::100", "2001:db8::101" } },
	{ "ka v3 shutdown prio 0", ka6_v3_prio0, NULL,
	  "fe80::ff:fe00:1", "ff02::12", 255, 51, 0, 2, 100,
	  { "2001:db8::100", "2001:db8::101" } },
	{ "ka v3 unicast peer, 35cs", ka6_v3_unicast, peer_mac,
	  "2001:db8::1", "2001:db8::2", 64, 99, 120, 1, 35, { "2001:db8::150" } },
};

static void ka6_fields(const struct ka6_row *r, struct vrrp_advert *adv)
{
	unsigned int i;

	advert_init(adv, 3, AF_INET6, r->vrid, r->priority, r->count_addr, r->max_adver_int_cs);
	for (i = 0; i < r->count_addr; i++)
		adv->addrs6[i] = ip6(r->addrs[i]);
}

/* The bytes of a hex dump; spaces between them are skipped. */
static size_t unhex(const char *hex, uint8_t *out, size_t cap)
{
	size_t n = 0;
	unsigned int byte;

	while (*hex) {
		if (*hex == ' ') {
			hex++;
			continue;
		}
		assert_true(n < cap);
		assert_int_equal(sscanf(hex, "%2x", &byte), 1);
		out[n++] = (uint8_t)byte;
		hex += 2;
	}
	return n;
}

/* The frame of row r into frame (128 bytes); its length; *len the VRRP part's. */
static size_t ka6_frame(const struct ka6_row *r, uint8_t *frame, size_t *len)
{
	size_t frame_len = unhex(r->frame_hex, frame, 128);

	/* The VRRP part is the IPv6 payload: no extension headers here. */
	*len = rd16(frame + ETH_HLEN + 4);
	assert_int_equal(frame[ETH_HLEN + 6], 112);
	assert_int_equal(frame_len, L2L3_HLEN6 + *len);
	return frame_len;
}

static void test_ka6_decode(void **state)
{
	const struct ka6_row *r = *state;
	struct in6_addr saddr = ip6(r->saddr), daddr = ip6(r->daddr);
	struct vrrp_advert got, want;
	uint8_t frame[128];
	const uint8_t *vrrp = frame + L2L3_HLEN6;
	size_t len;

	ka6_frame(r, frame, &len);
	ka6_fields(r, &want);
	memset(&got, 0xa5, sizeof(got));
	assert_int_equal(vrrp_advert_decode6(vrrp, len, &saddr, &daddr, &got), VRRP_DECODE_OK);
	assert_int_equal(got.version, 3);
	assert_int_equal(got.type, VRRP_TYPE_ADVERTISEMENT);
	assert_int_equal(got.family, AF_INET6);
	assert_int_equal(got.vrid, want.vrid);
	assert_int_equal(got.priority, want.priority);
	assert_int_equal(got.count_addr, want.count_addr);
	assert_int_equal(got.max_adver_int_cs, want.max_adver_int_cs);
	/* Unused address slots come back zeroed, not left as they were. */
	assert_memory_equal(got.addrs6, want.addrs6, sizeof(want.addrs6));
}

static void test_ka6_reencode(void **state)
{
	const struct ka6_row *r = *state;
	struct in6_addr saddr = ip6(r->saddr), daddr = ip6(r->daddr);
	uint8_t buf[MAX_VRRP6], frame[128];
	const uint8_t *vrrp = frame + L2L3_HLEN6;
	struct vrrp_advert adv;
	size_t len;

	ka6_frame(r, frame, &len);
	ka6_fields(r, &adv);
	assert_int_equal(vrrp_advert_len6(r->count_addr), len);
	assert_int_equal(vrrp_advert_encode6(&adv, &saddr, &daddr, buf, sizeof(buf)), len);
	hexdump_diff(r->name, buf, vrrp, len);
	assert_memory_equal(buf, vrrp, len);
}

static void test_ka6_checksum(void **state)
{
	const struct ka6_row *r = *state;
	struct in6_addr saddr = ip6(r->saddr), daddr = ip6(r->daddr);
	uint8_t frame[128];
	const uint8_t *vrrp = frame + L2L3_HLEN6;
	uint16_t ours;
	size_t len;

	ka6_frame(r, frame, &len);
	ours = vrrp_checksum6(vrrp, len, &saddr, &daddr);
	/* The function returns the value in stored byte order. */
	assert_memory_equal(&ours, vrrp + 6, 2);
	assert_int_equal(ref_vrrp_csum6(vrrp, len, &saddr, &daddr, REF6_GOOD), rd16(vrrp + 6));
}

/*
 * Our whole frame against keepalived's: every byte equal but the flow
 * label (the kernel's automatic one there, 0 here: RFC 6437 §2 "unlabeled")
 * and, for unicast, the hop limit (keepalived leaves the default; RFC 5798
 * §5.1.2.3 asks 255, which we send always).
 */
static void test_ka6_frame(void **state)
{
	const struct ka6_row *r = *state;
	struct in6_addr saddr = ip6(r->saddr), daddr = ip6(r->daddr);
	uint8_t buf[MAX_FRAME6], want[128];
	struct vrrp_advert adv;
	uint8_t *ip6h = want + ETH_HLEN;
	size_t n, len;

	ka6_fields(r, &adv);
	n = xvrrp_build_advert_frame6(sender_mac, r->dst_mac, &saddr, &daddr, &adv, buf,
				      sizeof(buf));
	assert_int_equal(n, ka6_frame(r, want, &len));
	assert_int_equal(ip6h[7], r->hop_limit);
	ip6h[1] &= 0xf0;
	ip6h[2] = ip6h[3] = 0;
	ip6h[7] = 255;
	hexdump_diff(r->name, buf, want, n);
	assert_memory_equal(buf, want, n);
}

/* vrrp_checksum6 against the reference on odd and even lengths. */
static void test_vrrp_checksum6_lengths(void **state)
{
	static const size_t lens[] = { 0, 1, 5, 6, 7, 8, 9, 23, 24, 25, 40, 4088, 4089 };
	struct in6_addr saddr = ip6("fe80::200:5eff:fe00:1"), daddr = ip6("ff02::12");
	uint8_t data[MAX_VRRP6 + 2];
	unsigned int i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 37 + 11);
	for (i = 0; i < ARRAY_SIZE(lens); i++) {
		uint16_t got = vrrp_checksum6(data, lens[i], &saddr, &daddr);
		uint16_t want = ref_vrrp_csum6(data, lens[i], &saddr, &daddr, REF6_GOOD);

		if (ntohs(got) != want)
			print_error("len %zu: got 0x%04x want 0x%04x\n", lens[i], ntohs(got), want);
		assert_int_equal(ntohs(got), want);
	}
}

/* ---- IPv6 decode errors ---------------------------------------------------- */

#define SENDER6         "fe80::200:5eff:fe00:1"
#define GROUP6          "ff02::12"

struct decode6_row {
	const char *name;
	uint8_t count_addr;
	int len_delta;          /* decode this many bytes more (zeros) or fewer */
	int set_off;            /* -1: no byte change */
	uint8_t set_val;
	enum ref6_pseudo csum;  /* the checksum written after the change */
	const char *decode_saddr;       /* NULL: SENDER6 */
	const char *decode_daddr;       /* NULL: GROUP6 */
	enum vrrp_decode_err expect;
};

static const struct decode6_row decode6_rows[] = {
	{ "valid, 1 address", 1, 0, NOSET, REF6_KEEP, NULL, NULL, VRRP_DECODE_OK },
	{ "valid, 2 addresses", 2, 0, NOSET, REF6_KEEP, NULL, NULL, VRRP_DECODE_OK },
	{ "valid to a unicast peer", 1, 0, NOSET, REF6_GOOD, "2001:db8::1", "2001:db8::2",
	  VRRP_DECODE_OK },
	{ "empty packet too short", 0, -8, NOSET, REF6_KEEP, NULL, NULL, VRRP_DECODE_TOO_SHORT },
	{ "7 bytes too short", 0, -1, NOSET, REF6_KEEP, NULL, NULL, VRRP_DECODE_TOO_SHORT },
	{ "too short wins over version 2", 0, -1, 0, 0x21, REF6_GOOD, NULL, NULL,
	  VRRP_DECODE_TOO_SHORT },
	{ "version 2 (IPv4 only)", 1, 0, 0, 0x21, REF6_GOOD, NULL, NULL, VRRP_DECODE_BAD_VERSION },
	{ "version 2 with a v2 length (auth data)", 1, 8, 0, 0x21, REF6_GOOD, NULL, NULL,
	  VRRP_DECODE_BAD_VERSION },
	{ "version 2, checksum without pseudo-header", 1, 0, 0, 0x21, REF6_NONE, NULL, NULL,
	  VRRP_DECODE_BAD_VERSION },
	{ "version 0", 1, 0, 0, 0x01, REF6_GOOD, NULL, NULL, VRRP_DECODE_BAD_VERSION },
	{ "version 4", 1, 0, 0, 0x41, REF6_GOOD, NULL, NULL, VRRP_DECODE_BAD_VERSION },
	{ "version 15", 1, 0, 0, 0xf1, REF6_GOOD, NULL, NULL, VRRP_DECODE_BAD_VERSION },
	{ "bad version wins over bad type", 1, 0, 0, 0x22, REF6_GOOD, NULL, NULL,
	  VRRP_DECODE_BAD_VERSION },
	{ "type 0", 1, 0, 0, 0x30, REF6_GOOD, NULL, NULL, VRRP_DECODE_BAD_TYPE },
	{ "type 2", 1, 0, 0, 0x32, REF6_GOOD, NULL, NULL, VRRP_DECODE_BAD_TYPE },
	{ "type 15", 1, 0, 0, 0x3f, REF6_GOOD, NULL, NULL, VRRP_DECODE_BAD_TYPE },
	{ "bad type wins over length", 2, -1, 0, 0x32, REF6_GOOD, NULL, NULL,
	  VRRP_DECODE_BAD_TYPE },
	{ "one byte short of the count", 2, -1, NOSET, REF6_GOOD, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "one byte past the count", 2, 1, NOSET, REF6_GOOD, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "one address more than the count", 2, 16, NOSET, REF6_GOOD, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "IPv4 length for the count (8 + 4 * 2)", 2, -24, NOSET, REF6_GOOD, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "v2 length (auth data after the addresses)", 1, 8, NOSET, REF6_GOOD, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "count 3, 2 addresses", 2, 0, 3, 3, REF6_GOOD, NULL, NULL, VRRP_DECODE_LEN_MISMATCH },
	{ "count 1, 2 addresses", 2, 0, 3, 1, REF6_GOOD, NULL, NULL, VRRP_DECODE_LEN_MISMATCH },
	{ "length wins over checksum", 2, -1, NOSET, REF6_KEEP, NULL, NULL,
	  VRRP_DECODE_LEN_MISMATCH },
	{ "csum off by one", 2, 0, NOSET, REF6_OFF_BY_ONE, NULL, NULL, VRRP_DECODE_BAD_CHECKSUM },
	{ "csum, no pseudo-header", 2, 0, NOSET, REF6_NONE, NULL, NULL, VRRP_DECODE_BAD_CHECKSUM },
	{ "csum, IPv4 pseudo-hdr", 2, 0, NOSET, REF6_IPV4, NULL, NULL, VRRP_DECODE_BAD_CHECKSUM },
	{ "csum without length", 2, 0, NOSET, REF6_NO_LEN, NULL, NULL, VRRP_DECODE_BAD_CHECKSUM },
	{ "csum, little-endian length", 2, 0, NOSET, REF6_LEN_LE, NULL, NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "csum, no 3 zero bytes", 2, 0, NOSET, REF6_NO_PAD, NULL, NULL, VRRP_DECODE_BAD_CHECKSUM },
	{ "csum without next header", 2, 0, NOSET, REF6_NO_NEXT_HDR, NULL, NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	/* Other addresses that differ only inside bytes 4-11: not in a 32-bit prefix or suffix. */
	{ "other source, bytes 6-7", 2, 0, NOSET, REF6_KEEP, "fe80:0:0:1:200:5eff:fe00:1", NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "other source, byte 8", 2, 0, NOSET, REF6_KEEP, "fe80::300:5eff:fe00:1", NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "other destination, bytes 8-9", 2, 0, NOSET, REF6_KEEP, NULL, "ff02::1:0:0:12",
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "unicast destination, multicast checksum", 2, 0, NOSET, REF6_KEEP, NULL, "2001:db8::2",
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "address byte changed", 2, 0, 31, 0xaa, REF6_KEEP, NULL, NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "priority changed", 2, 0, 2, 200, REF6_KEEP, NULL, NULL, VRRP_DECODE_BAD_CHECKSUM },
	{ "checksum wins over interval 0", 1, 0, 5, 0x00, REF6_KEEP, NULL, NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "checksum wins over count 0", 0, 0, NOSET, REF6_OFF_BY_ONE, NULL, NULL,
	  VRRP_DECODE_BAD_CHECKSUM },
	{ "count 0 (8 bytes)", 0, 0, NOSET, REF6_KEEP, NULL, NULL, VRRP_DECODE_NO_ADDRS },
	{ "count 0 wins over interval 0", 0, 0, 5, 0x00, REF6_GOOD, NULL, NULL,
	  VRRP_DECODE_NO_ADDRS },
	{ "interval 0", 1, 0, 5, 0x00, REF6_GOOD, NULL, NULL, VRRP_DECODE_BAD_INTERVAL },
	{ "reserved bits set are ignored", 1, 0, 4, 0xf0, REF6_GOOD, NULL, NULL, VRRP_DECODE_OK },
};

/*
 * Base packets, written byte by byte (not by the encoder under test): vrid
 * 17, priority 100, interval 100 cs (bytes 4-5 0x00 0x64), the addresses
 * 2001:db8::i, and the checksum from SENDER6 to GROUP6.
 */
static size_t make_base6(uint8_t count_addr, uint8_t *buf, size_t len)
{
	struct in6_addr saddr = ip6(SENDER6), daddr = ip6(GROUP6);
	size_t need = 8 + 16 * (size_t)count_addr;
	uint16_t c;
	unsigned int i;

	assert_true(len >= need);
	memset(buf, 0, need);
	buf[0] = 0x31;
	buf[1] = 17;
	buf[2] = 100;
	buf[3] = count_addr;
	buf[5] = 100;
	for (i = 0; i < count_addr; i++) {
		uint8_t *a = buf + 8 + 16 * i;

		a[0] = 0x20;
		a[1] = 0x01;
		a[2] = 0x0d;
		a[3] = 0xb8;
		a[15] = (uint8_t)i;
	}
	c = ref_vrrp_csum6(buf, need, &saddr, &daddr, REF6_GOOD);
	buf[6] = (uint8_t)(c >> 8);
	buf[7] = (uint8_t)c;
	return need;
}

static void test_decode6_row(void **state)
{
	const struct decode6_row *r = *state;
	struct in6_addr saddr = ip6(r->decode_saddr ? r->decode_saddr : SENDER6);
	struct in6_addr daddr = ip6(r->decode_daddr ? r->decode_daddr : GROUP6);
	uint8_t buf[MAX_VRRP6 + 32];
	struct vrrp_advert out;
	enum vrrp_decode_err got;
	uint16_t c, good;
	size_t len;

	memset(buf, 0, sizeof(buf));
	len = make_base6(r->count_addr, buf, sizeof(buf));
	len = (size_t)((long)len + r->len_delta);
	if (r->set_off >= 0)
		buf[r->set_off] = r->set_val;
	if (r->csum != REF6_KEEP) {
		good = ref_vrrp_csum6(buf, len, &saddr, &daddr, REF6_GOOD);
		if (r->csum == REF6_OFF_BY_ONE)
			c = (uint16_t)(good + 1);
		else
			c = ref_vrrp_csum6(buf, len, &saddr, &daddr, r->csum);
		/* A wrong layout must give another sum here, or the row tests nothing. */
		if (r->csum != REF6_GOOD)
			assert_int_not_equal(c, good);
		buf[6] = (uint8_t)(c >> 8);
		buf[7] = (uint8_t)c;
	}

	memset(&out, 0xa5, sizeof(out));
	got = vrrp_advert_decode6(buf, len, &saddr, &daddr, &out);
	if (decode_verdict(r->name, got, r->expect, &out, r->set_off == 2 ? r->set_val : 100)) {
		assert_int_equal(out.version, 3);
		assert_int_equal(out.family, AF_INET6);
		assert_int_equal(out.count_addr, r->count_addr);
		assert_int_equal(out.max_adver_int_cs, 100);
		assert_memory_equal(out.addrs6[r->count_addr - 1].s6_addr, buf + len - 16, 16);
		assert_int_equal(out.addrs6[r->count_addr - 1].s6_addr[15], r->count_addr - 1);
		assert_true(IN6_IS_ADDR_UNSPECIFIED(&out.addrs6[r->count_addr]));
	}
	/* NULL out is allowed: validation only. */
	assert_int_equal(vrrp_advert_decode6(buf, len, &saddr, &daddr, NULL), r->expect);
}

/*
 * Reserved bits of v3 bytes 4-5 are ignored on receipt (RFC 5798 §5.2.6),
 * over IPv4 and IPv6: they neither change the interval nor hide an
 * interval of 0.
 */
static void test_decode_v3_reserved_bits(void **state)
{
	static const struct {
		uint8_t b4, b5;
		enum vrrp_decode_err expect;
		uint16_t cs;
	} cases[] = {
		{ 0xa0, 0x64, VRRP_DECODE_OK, 100 },
		{ 0xff, 0xff, VRRP_DECODE_OK, 4095 },
		{ 0xf0, 0x00, VRRP_DECODE_BAD_INTERVAL, 0 },
	};
	uint32_t saddr = ip4("192.0.2.1"), daddr = ip4("224.0.0.18");
	struct in6_addr saddr6 = ip6(SENDER6), daddr6 = ip6(GROUP6);
	struct vrrp_advert out, out6;
	uint8_t buf[64], buf6[64];
	unsigned int i;
	size_t len, len6;
	uint16_t c;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		len = make_base(3, 1, buf, sizeof(buf));
		len6 = make_base6(1, buf6, sizeof(buf6));
		buf[4] = buf6[4] = cases[i].b4;
		buf[5] = buf6[5] = cases[i].b5;
		c = ref_vrrp_csum(buf, len, 3, saddr, daddr);
		buf[6] = (uint8_t)(c >> 8);
		buf[7] = (uint8_t)c;
		c = ref_vrrp_csum6(buf6, len6, &saddr6, &daddr6, REF6_GOOD);
		buf6[6] = (uint8_t)(c >> 8);
		buf6[7] = (uint8_t)c;
		assert_int_equal(vrrp_advert_decode(buf, len, saddr, daddr, &out), cases[i].expect);
		assert_int_equal(vrrp_advert_decode6(buf6, len6, &saddr6, &daddr6, &out6),
				 cases[i].expect);
		assert_int_equal(out.max_adver_int_cs, cases[i].cs);
		assert_int_equal(out6.max_adver_int_cs, cases[i].cs);
	}
}

/*
 * One's-complement has two zeros. Change the last address's last word so
 * that the checksum comes out 0x0000: the encoder stores 0x0000, and the
 * decoder takes 0xffff as well, but not 0x0001.
 */
static void test_checksum6_both_zeros(void **state)
{
	struct in6_addr saddr = ip6(SENDER6), daddr = ip6(GROUP6);
	struct vrrp_advert adv;
	uint8_t buf[64], enc[64];
	uint32_t word;
	uint16_t c;
	size_t len;

	len = make_base6(2, buf, sizeof(buf));
	c = rd16(buf + 6);
	word = (uint32_t)rd16(buf + len - 2) + c;
	word = (word & 0xffff) + (word >> 16);
	buf[len - 2] = (uint8_t)(word >> 8);
	buf[len - 1] = (uint8_t)word;
	c = ref_vrrp_csum6(buf, len, &saddr, &daddr, REF6_GOOD);
	assert_int_equal(c, 0x0000);
	buf[6] = buf[7] = 0;
	assert_int_equal(vrrp_advert_decode6(buf, len, &saddr, &daddr, &adv), VRRP_DECODE_OK);
	assert_int_equal(vrrp_advert_encode6(&adv, &saddr, &daddr, enc, sizeof(enc)), len);
	assert_memory_equal(enc, buf, len);
	buf[6] = buf[7] = 0xff;
	assert_int_equal(vrrp_advert_decode6(buf, len, &saddr, &daddr, NULL), VRRP_DECODE_OK);
	buf[6] = 0x00;
	buf[7] = 0x01;
	assert_int_equal(vrrp_advert_decode6(buf, len, &saddr, &daddr, NULL),
			 VRRP_DECODE_BAD_CHECKSUM);
}

/* ---- IPv6 encode rules --------------------------------------------------- */

struct encode6_row {
	const char *name;
	uint8_t version, family, type, count_addr;
	uint16_t max_adver_int_cs;
	int buf_delta;          /* buffer size relative to the needed length */
	size_t expect_len;      /* 0: rejected */
	uint8_t b4, b5;         /* expected bytes 4 and 5 when accepted */
};

static const struct encode6_row encode6_rows[] = {
	{ "100cs", 3, AF_INET6, 1, 1, 100, 0, 24, 0x00, 0x64 },
	{ "1cs minimum", 3, AF_INET6, 1, 1, 1, 0, 24, 0x00, 0x01 },
	{ "4095cs maximum", 3, AF_INET6, 1, 1, 4095, 0, 24, 0x0f, 0xff },
	{ "0cs rejected", 3, AF_INET6, 1, 1, 0, 0, 0, 0, 0 },
	{ "4096cs rejected (12 bits)", 3, AF_INET6, 1, 1, 4096, 0, 0, 0, 0 },
	{ "count 2", 3, AF_INET6, 1, 2, 100, 0, 40, 0x00, 0x64 },
	{ "count 255", 3, AF_INET6, 1, 255, 100, 0, 4088, 0x00, 0x64 },
	/* RFC 5798 §5.2.5 wants one, but no_virtual_ipaddress has none (keepalived sends 0). */
	{ "count 0 (no_virtual_ipaddress)", 3, AF_INET6, 1, 0, 100, 0, 8, 0x00, 0x64 },
	{ "version 2 rejected (IPv4 only)", 2, AF_INET6, 1, 1, 100, 0, 0, 0, 0 },
	{ "version 4 rejected", 4, AF_INET6, 1, 1, 100, 0, 0, 0, 0 },
	{ "family AF_INET rejected", 3, AF_INET, 1, 1, 100, 0, 0, 0, 0 },
	{ "family unset rejected", 3, 0, 1, 1, 100, 0, 0, 0, 0 },
	{ "type 2 rejected", 3, AF_INET6, 2, 1, 100, 0, 0, 0, 0 },
	{ "buffer one byte short", 3, AF_INET6, 1, 2, 100, -1, 0, 0, 0 },
	{ "buffer of 8 bytes", 3, AF_INET6, 1, 1, 100, -16, 0, 0, 0 },
	{ "buffer larger than needed", 3, AF_INET6, 1, 2, 100, 7, 40, 0x00, 0x64 },
};

static void test_encode6_row(void **state)
{
	const struct encode6_row *r = *state;
	struct in6_addr saddr = ip6("2001:db8:0:1::1"), daddr = ip6(GROUP6);
	uint8_t buf[MAX_VRRP6 + 16];
	struct vrrp_advert adv, out;
	size_t need, n;
	unsigned int i;

	advert_init(&adv, 3, AF_INET6, 1, 100, r->count_addr, r->max_adver_int_cs);
	adv.version = r->version;
	adv.family = r->family;
	adv.type = r->type;
	for (i = 0; i < r->count_addr; i++) {
		adv.addrs6[i] = ip6("2001:db8:ffff:eeee:dddd:cccc:bbbb:0");
		adv.addrs6[i].s6_addr[15] = (uint8_t)i;
	}
	need = 8 + 16 * (size_t)r->count_addr;
	memset(buf, 0xee, sizeof(buf));
	n = vrrp_advert_encode6(&adv, &saddr, &daddr, buf, (size_t)((long)need + r->buf_delta));
	assert_int_equal(n, r->expect_len);
	if (!n) {
		assert_int_equal(buf[0], 0xee);         /* nothing written */
		return;
	}
	assert_int_equal(vrrp_advert_len6(r->count_addr), n);
	assert_int_equal(buf[0], 0x31);
	assert_int_equal(buf[1], 1);
	assert_int_equal(buf[2], 100);
	assert_int_equal(buf[3], r->count_addr);
	assert_int_equal(buf[4], r->b4);
	assert_int_equal(buf[5], r->b5);
	assert_int_equal(ref_vrrp_csum6(buf, n, &saddr, &daddr, REF6_GOOD), rd16(buf + 6));
	for (i = 0; i < r->count_addr; i++)
		assert_memory_equal(buf + 8 + 16 * i, adv.addrs6[i].s6_addr, 16);
	assert_int_equal(buf[n], 0xee);         /* nothing written past the end */
	/* The decoder tells a count of 0 apart; the receiver decides (XVRRP_VRID_NO_VIPS). */
	assert_int_equal(vrrp_advert_decode6(buf, n, &saddr, &daddr, &out),
			 r->count_addr ? VRRP_DECODE_OK : VRRP_DECODE_NO_ADDRS);
	assert_int_equal(out.max_adver_int_cs, r->max_adver_int_cs);
}

/* The IPv4 encoder takes no IPv6 advert, and the IPv4 decoder says AF_INET. */
static void test_family_ipv4(void **state)
{
	uint32_t saddr = ip4("192.0.2.1"), daddr = ip4("224.0.0.18");
	struct vrrp_advert adv, out;
	uint8_t buf[64];
	size_t n;

	advert_init(&adv, 3, AF_INET6, 7, 100, 1, 100);
	adv.addrs[0] = ip4("192.0.2.100");
	assert_int_equal(vrrp_advert_encode(&adv, saddr, daddr, buf, sizeof(buf)), 0);
	assert_int_equal(xvrrp_build_advert_frame(sender_mac, NULL, saddr, daddr, &adv, NULL, buf,
						  sizeof(buf)), 0);
	adv.family = AF_INET;
	assert_int_equal(vrrp_advert_encode(&adv, saddr, daddr, buf, sizeof(buf)), 12);
	adv.family = 0;
	n = vrrp_advert_encode(&adv, saddr, daddr, buf, sizeof(buf));
	assert_int_equal(n, 12);
	memset(&out, 0, sizeof(out));
	assert_int_equal(vrrp_advert_decode(buf, n, saddr, daddr, &out), VRRP_DECODE_OK);
	assert_int_equal(out.family, AF_INET);
}

/* ---- IPv6 round trips and frames ------------------------------------------ */

struct count6_row {
	const char *name;
	uint8_t count_addr;
	const char *saddr, *daddr;
	size_t vrrp_len;
};

static const struct count6_row count6_rows[] = {
	{ "1 address", 1, SENDER6, GROUP6, 24 },
	{ "2 addresses", 2, SENDER6, GROUP6, 40 },
	{ "2 addresses, unicast", 2, "2001:db8::1", "2001:db8::2", 40 },
	/* 40 + 8 + 16 * 90 = 1488: the most that fits an MTU of 1500. */
	{ "90 addresses (MTU 1500)", 90, SENDER6, GROUP6, 1448 },
	{ "255 addresses (max)", 255, SENDER6, GROUP6, 4088 },
};

static void test_count6_row(void **state)
{
	const struct count6_row *r = *state;
	struct in6_addr saddr = ip6(r->saddr), daddr = ip6(r->daddr);
	uint8_t buf[MAX_VRRP6], frame[MAX_FRAME6];
	struct vrrp_advert adv, out;
	unsigned int i;
	size_t n;

	advert_init(&adv, 3, AF_INET6, 255, 254, r->count_addr, 4095);
	for (i = 0; i < r->count_addr; i++) {
		adv.addrs6[i] = ip6("2001:db8:a:b:c:d:e:0");
		adv.addrs6[i].s6_addr[7] = (uint8_t)(i * 7);
		adv.addrs6[i].s6_addr[15] = (uint8_t)i;
	}

	assert_int_equal(vrrp_advert_len6(r->count_addr), r->vrrp_len);
	n = vrrp_advert_encode6(&adv, &saddr, &daddr, buf, sizeof(buf));
	assert_int_equal(n, r->vrrp_len);
	assert_int_equal(ref_vrrp_csum6(buf, n, &saddr, &daddr, REF6_GOOD), rd16(buf + 6));
	memset(&out, 0xa5, sizeof(out));
	assert_int_equal(vrrp_advert_decode6(buf, n, &saddr, &daddr, &out), VRRP_DECODE_OK);
	assert_int_equal(out.version, 3);
	assert_int_equal(out.family, AF_INET6);
	assert_int_equal(out.vrid, 255);
	assert_int_equal(out.priority, 254);
	assert_int_equal(out.count_addr, r->count_addr);
	assert_int_equal(out.max_adver_int_cs, 4095);
	assert_memory_equal(out.addrs6, adv.addrs6, sizeof(adv.addrs6));

	n = xvrrp_build_advert_frame6(sender_mac, NULL, &saddr, &daddr, &adv, frame,
				      L2L3_HLEN6 + r->vrrp_len);
	assert_int_equal(n, L2L3_HLEN6 + r->vrrp_len);
	assert_int_equal(rd16(frame + ETH_HLEN + 4), r->vrrp_len);
	assert_memory_equal(frame + L2L3_HLEN6, buf, r->vrrp_len);
	assert_int_equal(xvrrp_build_advert_frame6(sender_mac, NULL, &saddr, &daddr, &adv, frame,
						   L2L3_HLEN6 + r->vrrp_len - 1), 0);
}

struct frame6_row {
	const char *name;
	const uint8_t *dst_mac;
	const char *saddr, *daddr;
	uint8_t count_addr;
	size_t buf_len;         /* 0: large enough */
	size_t expect_len;
};

static const struct frame6_row frame6_rows[] = {
	{ "multicast from link-local", NULL, SENDER6, GROUP6, 2, 0, 14 + 40 + 40 },
	{ "unicast dst MAC", peer_mac, "2001:db8::1", "2001:db8::2", 1, 0, 14 + 40 + 24 },
	{ "buffer of 53 bytes", NULL, SENDER6, GROUP6, 1, 53, 0 },
	{ "buffer fits headers only", NULL, SENDER6, GROUP6, 1, 54, 0 },
	{ "buffer one byte short", NULL, SENDER6, GROUP6, 1, 77, 0 },
	{ "buffer exact", NULL, SENDER6, GROUP6, 1, 78, 78 },
};

static void test_frame6_row(void **state)
{
	static const uint8_t mcast6[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x12 };
	const struct frame6_row *r = *state;
	struct in6_addr saddr = ip6(r->saddr), daddr = ip6(r->daddr);
	uint8_t buf[MAX_FRAME6 + 1], vrrp[MAX_VRRP6];
	const uint8_t *ip6h = buf + ETH_HLEN;
	struct vrrp_advert adv;
	unsigned int i;
	size_t n, vlen;

	advert_init(&adv, 3, AF_INET6, 9, 110, r->count_addr, 200);
	for (i = 0; i < r->count_addr; i++) {
		adv.addrs6[i] = ip6("2001:db8::80");
		adv.addrs6[i].s6_addr[15] += (uint8_t)i;
	}
	memset(buf, 0xee, sizeof(buf));
	n = xvrrp_build_advert_frame6(sender_mac, r->dst_mac, &saddr, &daddr, &adv, buf,
				      r->buf_len ? r->buf_len : MAX_FRAME6);
	assert_int_equal(n, r->expect_len);
	if (!n)
		return;
	vlen = vrrp_advert_encode6(&adv, &saddr, &daddr, vrrp, sizeof(vrrp));

	assert_memory_equal(buf, r->dst_mac ? r->dst_mac : mcast6, 6);
	assert_memory_equal(buf + 6, sender_mac, 6);
	assert_int_equal(rd16(buf + 12), 0x86dd);
	assert_int_equal(ip6h[0], 0x6c);                /* version 6, traffic class 0xc_ */
	assert_int_equal(ip6h[1], 0x00);                /* traffic class 0x_0, flow label 0 */
	assert_int_equal(rd16(ip6h + 2), 0);            /* flow label 0 */
	assert_int_equal(rd16(ip6h + 4), vlen);         /* payload length */
	assert_int_equal(ip6h[6], 112);                 /* next header: VRRP */
	assert_int_equal(ip6h[7], 255);                 /* RFC 5798 §5.1.2.3 */
	assert_memory_equal(ip6h + 8, saddr.s6_addr, 16);
	assert_memory_equal(ip6h + 24, daddr.s6_addr, 16);
	assert_int_equal(n, L2L3_HLEN6 + vlen);
	assert_memory_equal(buf + L2L3_HLEN6, vrrp, vlen);
	assert_int_equal(ref_vrrp_csum6(buf + L2L3_HLEN6, vlen, &saddr, &daddr, REF6_GOOD),
			 rd16(buf + L2L3_HLEN6 + 6));
	assert_int_equal(buf[n], 0xee);                 /* nothing written past the end */
}

static void test_frame6_rejects_invalid_advert(void **state)
{
	struct in6_addr saddr = ip6(SENDER6), daddr = ip6(GROUP6);
	struct vrrp_advert adv;
	uint8_t buf[256];

	advert_init(&adv, 3, AF_INET6, 0, 0, 1, 100);
	assert_int_equal(xvrrp_build_advert_frame6(sender_mac, NULL, &saddr, &daddr, &adv, buf,
						   sizeof(buf)), 78);
	adv.max_adver_int_cs = 0;
	assert_int_equal(xvrrp_build_advert_frame6(sender_mac, NULL, &saddr, &daddr, &adv, buf,
						   sizeof(buf)), 0);
	adv.max_adver_int_cs = 100;
	adv.version = 2;
	assert_int_equal(xvrrp_build_advert_frame6(sender_mac, NULL, &saddr, &daddr, &adv, buf,
						   sizeof(buf)), 0);
	adv.version = 3;
	adv.family = AF_INET;
	assert_int_equal(xvrrp_build_advert_frame6(sender_mac, NULL, &saddr, &daddr, &adv, buf,
						   sizeof(buf)), 0);
}

/* ---- Wireshark's opinion of all our adverts ----------------------------- */

/* The IPv4 frames for tshark: v3 multicast, v3 unicast, v2 multicast. */
static void tshark_frames4(uint8_t (*frames)[128], size_t *lens)
{
	struct vrrp_advert adv;

	advert_init(&adv, 3, AF_INET, 51, 150, 2, 100);
	adv.addrs[0] = ip4("192.0.2.100");
	adv.addrs[1] = ip4("192.0.2.101");
	lens[0] = xvrrp_build_advert_frame(sender_mac, NULL, ip4("192.0.2.1"),
					   ip4("224.0.0.18"), &adv, NULL, frames[0], 128);
	adv.count_addr = 1;
	adv.max_adver_int_cs = 35;
	lens[1] = xvrrp_build_advert_frame(sender_mac, peer_mac, ip4("192.0.2.1"),
					   ip4("192.0.2.2"), &adv, NULL, frames[1], 128);
	adv.version = 2;
	adv.max_adver_int_cs = 300;
	lens[2] = xvrrp_build_advert_frame(sender_mac, NULL, ip4("192.0.2.1"),
					   ip4("224.0.0.18"), &adv, NULL, frames[2], 128);
}

/*
 * The IPv6 frames for tshark: multicast from a link-local address, unicast
 * between global ones, and a copy of the first with its checksum off by
 * one, which tshark must call bad (so that "Good" means it checked).
 */
static void tshark_frames6(uint8_t (*frames)[128], size_t *lens)
{
	struct in6_addr ll = ip6(SENDER6), group = ip6(GROUP6);
	struct in6_addr src = ip6("2001:db8::1"), peer = ip6("2001:db8::2");
	struct vrrp_advert adv;

	advert_init(&adv, 3, AF_INET6, 51, 150, 2, 100);
	adv.addrs6[0] = ip6("2001:db8::100");
	adv.addrs6[1] = ip6("2001:db8::101");
	lens[0] = xvrrp_build_advert_frame6(sender_mac, NULL, &ll, &group, &adv, frames[0], 128);
	adv.count_addr = 1;
	adv.max_adver_int_cs = 35;
	lens[1] = xvrrp_build_advert_frame6(sender_mac, peer_mac, &src, &peer, &adv, frames[1],
					    128);
	memcpy(frames[2], frames[0], lens[0]);
	lens[2] = lens[0];
	frames[2][L2L3_HLEN6 + 7] ^= 0x01;
}

static void test_tshark_dissects_our_frames(void **state)
{
	static const struct tshark_line want[] = {
		{ "Virtual Router Redundancy Protocol\n", 6 },
		{ "Version 3, Packet type 1 (Advertisement)", 5 },
		{ "Version 2, Packet type 1 (Advertisement)", 1 },
		{ "[Checksum Status: Good]", 5 },
		{ " [correct]\n", 5 },
		{ "[Checksum Status: Bad]", 1 },
		/* The bad frame's status and its expert info, and nothing else. */
		{ "Bad", 3 },
		{ "incorrect, should be", 1 },
		{ "Adver Int: 35", 2 },
		{ "Time to Live: 255", 3 },
		{ "Differentiated Services Field: 0xc0 (DSCP: CS6", 3 },
		/* IPv6 */
		{ "Next Header: VRRP (112)", 3 },
		{ "Hop Limit: 255", 3 },
		{ "Traffic Class: 0xc0 (DSCP: CS6", 3 },
		{ "Flow Label: 0x00000", 3 },
		{ "IPv6 Address: 2001:db8::100\n", 3 },
		{ "IPv6 Address: 2001:db8::101\n", 2 },
	};
	uint8_t frames[6][128];
	size_t i, lens[6];
	char *out;

	if (!have_tshark())
		skip();
	tshark_frames4(frames, lens);
	tshark_frames6(frames + 3, lens + 3);
	for (i = 0; i < ARRAY_SIZE(lens); i++)
		assert_int_not_equal(lens[i], 0);
	out = tshark_dissect((const uint8_t (*)[128])frames, lens, ARRAY_SIZE(lens));
	tshark_expect(out, want, ARRAY_SIZE(want));
	free(out);
}

/* ---- one cmocka test per table row --------------------------------------- */

#define MAX_TESTS 256

static struct CMUnitTest tests[MAX_TESTS];
static char names[MAX_TESTS][96];
static size_t n_tests;

static void add(const char *prefix, const char *row, CMUnitTestFunction fn, const void *state)
{
	if (n_tests >= MAX_TESTS)
		abort();
	if (row)
		snprintf(names[n_tests], sizeof(names[n_tests]), "%s: %s", prefix, row);
	else
		snprintf(names[n_tests], sizeof(names[n_tests]), "%s", prefix);
	tests[n_tests].name = names[n_tests];
	tests[n_tests].test_func = fn;
	tests[n_tests].initial_state = (void *)state;
	n_tests++;
}

#define ADD_ROWS(prefix, table, fn) do {                                  \
		size_t i_;                                                 \
		for (i_ = 0; i_ < ARRAY_SIZE(table); i_++)                 \
			add(prefix, table[i_].name, fn, &table[i_]);       \
	} while (0)

/*
 * Unsolicited NA for 2001:db8::100 (RFC 4861 §4.4, §7.2.6): every byte, and
 * the ICMPv6 checksum against the reference sum over the RFC 8200 §8.1
 * pseudo-header.
 */
static void test_unsolicited_na(void **state)
{
	static const uint8_t vip6[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 0x01, [15] = 0x00 };
	static const uint8_t expect_hdr[] = {
		0x33, 0x33, 0x00, 0x00, 0x00, 0x01,     /* to all nodes */
		0x02, 0x00, 0x00, 0x00, 0x00, 0x01,     /* from the VIP's MAC */
		0x86, 0xdd,
		0x60, 0x00, 0x00, 0x00, 0x00, 0x20, 58, 255,
	};
	static const uint8_t all_nodes[16] = { 0xff, 0x02, [15] = 0x01 };
	struct in6_addr vip;
	uint8_t f[128], ph[40];
	const uint8_t *icmp = f + ETH_HLEN + 40;
	uint32_t sum;

	memcpy(&vip, vip6, sizeof(vip));
	assert_int_equal(xvrrp_build_unsolicited_na_frame(sender_mac, &vip, false, f, sizeof(f)), 86);
	assert_memory_equal(f, expect_hdr, sizeof(expect_hdr));
	assert_memory_equal(f + ETH_HLEN + 8, vip6, 16);          /* source: the VIP */
	assert_memory_equal(f + ETH_HLEN + 24, all_nodes, 16);    /* destination: ff02::1 */
	assert_int_equal(icmp[0], 136);                           /* neighbour advertisement */
	assert_int_equal(icmp[1], 0);
	assert_int_equal(icmp[4], 0x20);                          /* Override only */
	assert_int_equal(icmp[5] | icmp[6] | icmp[7], 0);
	assert_memory_equal(icmp + 8, vip6, 16);                  /* target */
	assert_int_equal(icmp[24], 2);                            /* target link-layer address */
	assert_int_equal(icmp[25], 1);
	assert_memory_equal(icmp + 26, sender_mac, 6);
	memcpy(ph, f + ETH_HLEN + 8, 32);
	memcpy(ph + 32, "\0\0\0\x20\0\0\0\x3a", 8);
	sum = ref_sum(ref_sum(0, ph, sizeof(ph)), icmp, 32);
	assert_int_equal(ref_fold_invert(sum), 0);               /* checksum field included */

	/* A router's NA says so (R), and a short buffer gets nothing. */
	assert_int_equal(xvrrp_build_unsolicited_na_frame(sender_mac, &vip, true, f, sizeof(f)), 86);
	assert_int_equal(icmp[4], 0xa0);
	memcpy(ph, f + ETH_HLEN + 8, 32);
	assert_int_equal(ref_fold_invert(ref_sum(ref_sum(0, ph, sizeof(ph)), icmp, 32)), 0);
	assert_int_equal(xvrrp_build_unsolicited_na_frame(sender_mac, &vip, false, f, 85), 0);
}

int main(void)
{
	ADD_ROWS("keepalived decode", ka_rows, test_ka_decode);
	ADD_ROWS("keepalived re-encode", ka_rows, test_ka_reencode);
	ADD_ROWS("keepalived checksum", ka_rows, test_ka_checksum);
	ADD_ROWS("keepalived frame", ka_rows, test_ka_frame);
	ADD_ROWS("decode", decode_rows, test_decode_row);
	add("checksum: both one's-complement zeros", NULL, test_checksum_both_zeros, NULL);
	add("unsolicited neighbour advertisement", NULL, test_unsolicited_na, NULL);
	ADD_ROWS("encode", encode_rows, test_encode_row);
	ADD_ROWS("csum", csum_rows, test_csum_row);
	add("vrrp_checksum4 odd/even lengths", NULL, test_vrrp_checksum_lengths, NULL);
	ADD_ROWS("count_addr", count_rows, test_count_row);
	ADD_ROWS("frame", frame_rows, test_frame_row);
	add("frame rejects an invalid advert", NULL, test_frame_rejects_invalid_advert, NULL);
	ADD_ROWS("garp", garp_rows, test_garp_row);
	add("decode error strings", NULL, test_decode_err_str, NULL);
	ADD_ROWS("ipv6 keepalived decode", ka6_rows, test_ka6_decode);
	ADD_ROWS("ipv6 keepalived re-encode", ka6_rows, test_ka6_reencode);
	ADD_ROWS("ipv6 keepalived checksum", ka6_rows, test_ka6_checksum);
	ADD_ROWS("ipv6 keepalived frame", ka6_rows, test_ka6_frame);
	add("vrrp_checksum6 odd/even lengths", NULL, test_vrrp_checksum6_lengths, NULL);
	ADD_ROWS("ipv6 decode", decode6_rows, test_decode6_row);
	add("decode v3 reserved bits, IPv4 and IPv6", NULL, test_decode_v3_reserved_bits, NULL);
	add("ipv6 checksum: both one's-complement zeros", NULL, test_checksum6_both_zeros, NULL);
	ADD_ROWS("ipv6 encode", encode6_rows, test_encode6_row);
	add("family: the IPv4 codec and AF_INET6", NULL, test_family_ipv4, NULL);
	ADD_ROWS("ipv6 count_addr", count6_rows, test_count6_row);
	ADD_ROWS("ipv6 frame", frame6_rows, test_frame6_row);
	add("ipv6 frame rejects an invalid advert", NULL, test_frame6_rejects_invalid_advert, NULL);
	add("tshark dissects our IPv4 and IPv6 frames", NULL, test_tshark_dissects_our_frames, NULL);
	return _cmocka_run_group_tests("advert", tests, n_tests, NULL, NULL);
}
