// SPDX-License-Identifier: GPL-2.0-only
/*
 * The XDP program (bpf/xvrrp.bpf.c) fuzzed through BPF_PROG_TEST_RUN. Not a
 * libFuzzer harness (the code under test runs in the kernel): a bounded
 * loop of random and mutated frames against the program loaded from its
 * skeleton and configured as tests/test_xdp.c configures it, each frame
 * checked against a reference model written from the program's own
 * specification (the check order at the top of xvrrp.bpf.c and of
 * advert6.h, handle_arp(), handle_ns(), ip6_is_nd() and xvrrp_maps.h).
 *
 *   fuzz_xdp                run for XVRRP_FUZZ_SECONDS (default 30) or
 *                           XVRRP_FUZZ_ITERATIONS frames, whichever ends first
 *   fuzz_xdp FILE...        run each file as one frame on freshly set maps
 *                           (the reproducers in tests/fuzz/crashes/)
 *
 * XVRRP_FUZZ_SEED picks the sequence (printed at the start: the same seed
 * gives the same frames); XVRRP_FUZZ_CRASH_DIR is where a failing frame is
 * written. Needs root (CAP_BPF and CAP_NET_ADMIN): otherwise it says so
 * and exits 77 (skipped).
 *
 * Frames: VRRPv2/v3 adverts (multicast and unicast, with IPv4 options,
 * behind IPsec AH, 0 to 255 addresses), VRRPv3 adverts over IPv6 (to
 * ff02::12 or unicast, behind an extension header or in a fragment, for
 * IPv6 instances, one of them sharing its VRID with an IPv4 instance; the
 * model follows bpf/advert6.h), ARP requests and replies for owned
 * and other addresses, IPv6 neighbour solicitations (to the target or its
 * solicited-node group, with and without options, behind extension
 * headers), other IPv4/IPv6 to owned no_accept and accept VIPs,
 * 802.1Q/802.1ad-tagged frames and random bytes; then, often, mutations:
 * bytes changed, cut short or lengthened, spliced, tagged, and sometimes
 * the IPv4, VRRP and ICMPv6 checksums repaired afterwards so that the
 * checks behind them are reached. Each round (a few thousand frames) starts
 * from freshly set maps with some VRIDs in XVRRP_VRID_WAKE_ALL, and ends
 * with a storm of priority-0 adverts from a stranger (past the newcomer
 * rate limit's burst) and a flood that fills the ring buffer.
 *
 * Checked for every frame:
 *  - the verdict is the one the model gives for the frame's kind: XDP_TX
 *    exactly for an ARP request or neighbour solicitation the program
 *    must answer, then the output is that reply byte for byte (ARP reply
 *    or NA to the asker, from the VIP's MAC, ICMPv6 checksum right);
 *    otherwise XDP_PASS or XDP_DROP as the model says, never XDP_ABORTED;
 *  - a frame is changed only when it became one of our replies, and its
 *    length never;
 *  - the interface counters move as the model says: rx_frames by one and
 *    exactly the counters of the frame's path (one outcome per VRRP
 *    frame: an error counter, dst_err, vrid_unknown or vrrp_valid; only a
 *    valid advert may move one of vrrp_events, ringbuf_full,
 *    lower_prio_ignored and newcomer_limited, and ringbuf_full never while
 *    the ring is empty); the VRID's vrid_stats likewise;
 *  - a ring-buffer event comes with vrrp_events and carries the frame's
 *    fields (and for AH the IP packet, byte for byte);
 *  - vrid_state: nothing changes but the slot of the valid advert's VRID;
 *    the cfg_* fields and the flags user space wrote are kept; a stored
 *    master always obeys the instance's rules;
 * and at the end of every round, over all frames: rx_frames equals the
 * frames run, vrrp_rcvd >= vrrp_valid >= vrrp_events, arp_rcvd =
 * arp_replied + arp_passed, ns_rcvd = ns_replied + ns_passed, the VRIDs'
 * advert_rcvd, lower_prio_ignored and no_accept_drop sum to the
 * interface's (newcomer_limited too), and vrid_stats has entries for
 * configured VRIDs and VIPs only.
 *
 * On a failure: the seed, the iteration, the frame and the output in hex,
 * the frame written to XVRRP_FUZZ_CRASH_DIR; exit 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "xvrrp_maps.h"
#include "xvrrp_wire.h"
#include "xvrrp.skel.h"
#include "pkt.h"

#define EXIT_SKIP       77
#define ROUND_FRAMES    4000

/* The test network of tests/test_xdp.c. */
#define VIP_OWNED       0xC0000264      /* 192.0.2.100, VRID 1 */
#define VIP_OTHER       0xC0000299
#define VIP_NOACCEPT    0xC000026E      /* VRID 1, XVRRP_VIP_NO_ACCEPT */
#define VIP_VMAC        0xC0000233      /* VRID 51, its VMAC */
#define REQUESTER_IP    0xC000020A
#define UCAST_OURS      0xC0000214
#define UCAST_NOT_OURS  0xC0000215
#define PEER_A          0xC0000201
#define PEER_B          0xC0000203
#define STRANGER        0xC0000209
#define VIP_MAC         { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x01 }
#define VMAC_51         { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x33 }
#define REQUESTER_MAC   { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a }
#define BCAST_MAC       { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }
#define OUR_MAC         { 0x02, 0x00, 0x00, 0x00, 0x00, 0x01 }
#define A6_DB8          0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0

#define CONF            XVRRP_VRID_CONFIGURED
#define MAX_VRRP_LEN    (VRRP_HDR_LEN + 4 * VRRP_MAX_ADDRS + VRRP_AUTH_DATA_LEN)

/* ---- the configuration ---------------------------------------------------- */

static const struct slot_cfg {
	uint8_t vrid, family;
	uint32_t flags;
	uint8_t version, auth_type;
	uint16_t adver_int_cs;
} slots_cfg[] = {
	/* VRIDs 1 and 51 own the VIPs below (XVRRP_VRID_OWNED: their instances are masters). */
	{ 1, XVRRP_AF_INET, CONF | XVRRP_VRID_OWNED, 3, 0, 0 },
	{ 2, XVRRP_AF_INET, CONF, 2, VRRP_AUTH_PASS, 100 },
	{ 3, XVRRP_AF_INET6, CONF | XVRRP_VRID_NO_VIPS, 3, 0, 0 },
	/* IPv6 instances: VRID 1 dual-stack (its IPv4 twin above owns the VIPs), and the checks. */
	{ 1, XVRRP_AF_INET6, CONF, 3, 0, 0 },
	{ 4, XVRRP_AF_INET6, CONF | XVRRP_VRID_UNICAST | XVRRP_VRID_UNICAST_CHECK_SRC, 3, 0, 0 },
	{ 7, XVRRP_AF_INET6, CONF | XVRRP_VRID_AUTH_AH, 3, 0, 0 },
	{ 11, XVRRP_AF_INET6, CONF | XVRRP_VRID_CHECK_ADDRS, 3, 0, 0 },
	{ 12, XVRRP_AF_INET6, XVRRP_VRID_SEEN, 3, 0, 0 },       /* written, not configured */
	{ 4, XVRRP_AF_INET, CONF | XVRRP_VRID_UNICAST | XVRRP_VRID_UNICAST_CHECK_SRC, 3, 0, 0 },
	{ 5, XVRRP_AF_INET, CONF | XVRRP_VRID_UNICAST, 3, 0, 0 },
	{ 6, XVRRP_AF_INET, XVRRP_VRID_SEEN, 3, 0, 0 },         /* written, not configured */
	{ 7, XVRRP_AF_INET, CONF | XVRRP_VRID_AUTH_AH | XVRRP_VRID_WAKE_ALL, 2, VRRP_AUTH_AH, 100 },
	{ 8, XVRRP_AF_INET, CONF | XVRRP_VRID_UNICAST | XVRRP_VRID_AUTH_AH | XVRRP_VRID_WAKE_ALL,
	  2, VRRP_AUTH_AH, 100 },
	{ 9, XVRRP_AF_INET, CONF | XVRRP_VRID_NO_VIPS, 3, 0, 0 },       /* no_virtual_ipaddress */
	{ 10, XVRRP_AF_INET, CONF, 2, VRRP_AUTH_NONE, 300 },
	{ 11, XVRRP_AF_INET, CONF | XVRRP_VRID_CHECK_ADDRS, 3, 0, 0 },
	{ 51, XVRRP_AF_INET, XVRRP_VRID_OWNED, 3, 0, 0 },
};
#define NSLOTS_CFG (sizeof(slots_cfg) / sizeof(slots_cfg[0]))

static const struct { uint8_t vrid; uint32_t saddr; } peers[] = {
	{ 4, PEER_A }, { 5, PEER_A }, { 5, PEER_B },
};

static const struct { uint32_t addr; struct xvrrp_vip_value val; } vips[] = {
	{ VIP_OWNED, { .mac = VIP_MAC, .vrid = 1 } },
	{ VIP_NOACCEPT, { .mac = VIP_MAC, .vrid = 1, .flags = XVRRP_VIP_NO_ACCEPT } },
	{ VIP_VMAC, { .mac = VMAC_51, .vrid = 51 } },
};
#define NVIPS (sizeof(vips) / sizeof(vips[0]))

static const struct { uint8_t addr[16]; struct xvrrp_vip_value val; } vips6[] = {
	{ { A6_DB8, 0x01, 0x00 }, { .mac = VIP_MAC, .vrid = 1 } },
	{ { A6_DB8, 0x01, 0x01 }, { .mac = VMAC_51, .vrid = 51, .flags = XVRRP_VIP_ND_ROUTER } },
	{ { A6_DB8, 0x01, 0x10 }, { .mac = VIP_MAC, .vrid = 1, .flags = XVRRP_VIP_NO_ACCEPT } },
};
#define NVIPS6 (sizeof(vips6) / sizeof(vips6[0]))

static const uint8_t requester6[16] = { A6_DB8, 0x00, 0x10 };
static const uint8_t other6[16] = { A6_DB8, 0x01, 0x53 };

/* IPv6 VRRP: senders are link-local (RFC 5798 §5.1.2.1), one address of ours for unicast. */
#define LL6(hi, lo)     { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, hi, lo }
static const uint8_t peer6_a[16] = LL6(0, 1);
static const uint8_t peer6_b[16] = LL6(1, 0);
static const uint8_t stranger6[16] = LL6(0, 9);
static const uint8_t ucast6_ours[16] = { A6_DB8, 0x00, 0x14 };
static const uint8_t ucast6_not_ours[16] = { A6_DB8, 0x00, 0x15 };
static const uint8_t group6[16] = XVRRP_MCAST_GROUP6;
static const struct { uint8_t vrid; const uint8_t *saddr; } peers6[] = {
	{ 4, peer6_a },
};
/* The address list that VRID 11's IPv6 instance expects (XVRRP_VRID_CHECK_ADDRS). */
static const uint8_t list6[2][16] = { LL6(0, 1), { A6_DB8, 0x01, 0x00 } };

/* ---- state ----------------------------------------------------------------- */

#define NSTATS  (sizeof(struct xvrrp_xdp_stats) / sizeof(__u64))
#define NVSTATS (sizeof(struct xvrrp_vrid_stats) / sizeof(__u64))
#define ST(f)   (offsetof(struct xvrrp_xdp_stats, f) / sizeof(__u64))
#define VS(f)   (offsetof(struct xvrrp_vrid_stats, f) / sizeof(__u64))

struct event_rec {
	size_t size;
	uint8_t data[sizeof(struct xvrrp_ah_event)];
};

static struct {
	struct xvrrp_bpf *skel;
	struct ring_buffer *rb;
	int ncpus, ifindex;
	struct xvrrp_vrid_state *vs;    /* the vrid_state map, mmap()ed */
	size_t vs_len;
	struct xvrrp_vrid_state shadow[XVRRP_VRID_SLOTS];      /* as last seen */
	uint32_t user_flags[XVRRP_VRID_SLOTS];  /* what "user space" (we) wrote */
	__u64 stats[NSTATS];            /* interface counters, as last read */
	__u64 total[NSTATS];            /* over every round, for the summary */
	__u64 flood_frames, flood_events;
	__u64 vrrp6, valid6;            /* IPv6 adverts the model judged, and found valid */
	__u64 frames;                   /* frames run since the maps were set */
	int nevents;
	struct event_rec ev[64];
	/* for the report */
	uint64_t seed, iter;
	const uint8_t *in;
	size_t in_len;
	const uint8_t *out;
	size_t out_len;
	const char *crash_dir;
	const char *replaying;          /* the file being replayed, if any */
} g;

/* ---- failure --------------------------------------------------------------- */

static void hex(const char *what, const uint8_t *b, size_t n)
{
	fprintf(stderr, "%s (%zu bytes):", what, n);
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "%s%02x", i % 16 ? " " : "\n  ", b[i]);
	fputc('\n', stderr);
}

__attribute__((noreturn, format(printf, 1, 2)))
static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "fuzz_xdp: FAILED: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (g.replaying)
		fprintf(stderr, "\nfuzz_xdp: replaying %s\n", g.replaying);
	else
		fprintf(stderr, "\nfuzz_xdp: seed %llu, iteration %llu (XVRRP_FUZZ_SEED=%llu "
			"reproduces it)\n", (unsigned long long)g.seed, (unsigned long long)g.iter,
			(unsigned long long)g.seed);
	if (g.in)
		hex("frame in", g.in, g.in_len);
	if (g.out)
		hex("frame out", g.out, g.out_len);
	if (g.in && g.crash_dir && !g.replaying) {
		char path[4096];
		FILE *f;

		snprintf(path, sizeof(path), "%s/xdp-seed%llu-iter%llu", g.crash_dir,
			 (unsigned long long)g.seed, (unsigned long long)g.iter);
		f = fopen(path, "we");
		if (f && fwrite(g.in, 1, g.in_len, f) == g.in_len && !fclose(f))
			fprintf(stderr, "fuzz_xdp: frame written to %s\n", path);
	}
	exit(1);
}

#define CHECK(cond, ...) do { if (!(cond)) fail(__VA_ARGS__); } while (0)

/* ---- random numbers (splitmix64: the same seed, the same frames) --------- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

static bool one_in(uint32_t n)
{
	return below(n) == 0;
}

#define PICK(arr) ((arr)[below(sizeof(arr) / sizeof((arr)[0]))])

/* ---- maps ------------------------------------------------------------------ */

static int map_fd(struct bpf_map *m)
{
	return bpf_map__fd(m);
}

static void empty_map(int fd, void *key)
{
	while (bpf_map_get_next_key(fd, NULL, key) == 0)
		if (bpf_map_delete_elem(fd, key))
			fail("cannot empty a map: %s", strerror(errno));
}

static uint32_t default_list_hash(void)
{
	return xvrrp_addr_hash_seed(2) + xvrrp_addr_mix(htonl(0xC0000264)) +
	       xvrrp_addr_mix(htonl(0xC0000265));
}

static uint32_t addr6_mix(const uint8_t *a)
{
	uint32_t w[4];

	memcpy(w, a, 16);
	return xvrrp_addr6_mix(w[0], w[1], w[2], w[3]);
}

static uint32_t default_list_hash6(void)
{
	return xvrrp_addr_hash_seed(2) + addr6_mix(list6[0]) + addr6_mix(list6[1]);
}

/* Every map as test_xdp.c's reset_maps() leaves it; wake_all: VRIDs given WAKE_ALL too. */
static void reset_maps(uint32_t wake_all_mask)
{
	struct xvrrp_unicast_peer_key upk;
	struct xvrrp_unicast_dst_key udk = { .addr4 = htonl(UCAST_OURS) };
	struct xvrrp_unicast_dst6_key udk6;
	struct xvrrp_unicast_peer6_key upk6;
	struct xvrrp_vrid_key vk;
	struct xvrrp_vip_key k4;
	struct xvrrp_vip6_key k6;
	__u64 *zero = calloc((size_t)g.ncpus, sizeof(struct xvrrp_xdp_stats));
	__u32 k0 = 0;
	__u8 unused = 0;

	if (!zero || bpf_map_update_elem(map_fd(g.skel->maps.stats), &k0, zero, BPF_ANY))
		fail("cannot reset the stats map");
	free(zero);
	empty_map(map_fd(g.skel->maps.vrid_stats), &vk);
	empty_map(map_fd(g.skel->maps.owned_vips), &k4);
	empty_map(map_fd(g.skel->maps.owned_vips6), &k6);
	empty_map(map_fd(g.skel->maps.unicast_dsts), &udk);
	empty_map(map_fd(g.skel->maps.unicast_peers), &upk);
	empty_map(map_fd(g.skel->maps.unicast_dsts6), &udk6);
	empty_map(map_fd(g.skel->maps.unicast_peers6), &upk6);
	memset(g.vs, 0, sizeof(struct xvrrp_vrid_state) * XVRRP_VRID_SLOTS);
	memset(g.user_flags, 0, sizeof(g.user_flags));
	for (size_t i = 0; i < NSLOTS_CFG; i++) {
		const struct slot_cfg *c = &slots_cfg[i];
		__u32 slot = XVRRP_VRID_SLOT(c->vrid, c->family);
		struct xvrrp_vrid_state *s = &g.vs[slot];

		s->cfg_version = c->version;
		s->cfg_auth_type = c->auth_type;
		s->cfg_adver_int_cs = c->adver_int_cs;
		s->cfg_addr_hash = c->family == XVRRP_AF_INET6 ? default_list_hash6() :
								 default_list_hash();
		g.user_flags[slot] = c->flags;
		if ((c->flags & CONF) && (wake_all_mask >> (i % 32) & 1))
			g.user_flags[slot] |= XVRRP_VRID_WAKE_ALL;
		__atomic_store_n(&s->flags, g.user_flags[slot], __ATOMIC_RELEASE);
	}
	udk.addr4 = htonl(UCAST_OURS);
	if (bpf_map_update_elem(map_fd(g.skel->maps.unicast_dsts), &udk, &unused, BPF_NOEXIST))
		fail("unicast_dsts: %s", strerror(errno));
	for (size_t i = 0; i < sizeof(peers) / sizeof(peers[0]); i++) {
		struct xvrrp_unicast_peer_key pk = { .vrid = peers[i].vrid,
						     .saddr4 = htonl(peers[i].saddr) };

		if (bpf_map_update_elem(map_fd(g.skel->maps.unicast_peers), &pk, &unused, BPF_NOEXIST))
			fail("unicast_peers: %s", strerror(errno));
	}
	memcpy(udk6.addr6, ucast6_ours, 16);
	if (bpf_map_update_elem(map_fd(g.skel->maps.unicast_dsts6), &udk6, &unused, BPF_NOEXIST))
		fail("unicast_dsts6: %s", strerror(errno));
	for (size_t i = 0; i < sizeof(peers6) / sizeof(peers6[0]); i++) {
		memset(&upk6, 0, sizeof(upk6));
		upk6.vrid = peers6[i].vrid;
		memcpy(upk6.saddr6, peers6[i].saddr, 16);
		if (bpf_map_update_elem(map_fd(g.skel->maps.unicast_peers6), &upk6, &unused,
					BPF_NOEXIST))
			fail("unicast_peers6: %s", strerror(errno));
	}
	for (size_t i = 0; i < NVIPS; i++) {
		k4.addr4 = htonl(vips[i].addr);
		if (bpf_map_update_elem(map_fd(g.skel->maps.owned_vips), &k4, &vips[i].val, BPF_NOEXIST))
			fail("owned_vips: %s", strerror(errno));
	}
	for (size_t i = 0; i < NVIPS6; i++) {
		memcpy(k6.addr6, vips6[i].addr, 16);
		if (bpf_map_update_elem(map_fd(g.skel->maps.owned_vips6), &k6, &vips6[i].val,
					BPF_NOEXIST))
			fail("owned_vips6: %s", strerror(errno));
	}
	ring_buffer__consume(g.rb);
	memcpy(g.shadow, g.vs, sizeof(g.shadow));
	for (size_t f = 0; f < NSTATS; f++)
		g.total[f] += g.stats[f];
	memset(g.stats, 0, sizeof(g.stats));
	g.frames = 0;
	g.nevents = 0;
}

static void read_percpu(int fd, const void *key, __u64 *sum, size_t nfields, bool *found)
{
	static __u64 *vals;
	static size_t cap;
	size_t need = (size_t)g.ncpus * nfields;

	if (cap < need) {
		free(vals);
		vals = calloc(need, sizeof(__u64));
		cap = need;
		if (!vals)
			fail("out of memory");
	}
	memset(sum, 0, nfields * sizeof(__u64));
	*found = bpf_map_lookup_elem(fd, key, vals) == 0;
	for (int c = 0; *found && c < g.ncpus; c++)
		for (size_t f = 0; f < nfields; f++)
			sum[f] += vals[(size_t)c * nfields + f];
}

static void read_stats(__u64 out[NSTATS])
{
	__u32 k0 = 0;
	bool found;

	read_percpu(map_fd(g.skel->maps.stats), &k0, out, NSTATS, &found);
	CHECK(found, "the stats map has no entry 0");
}

static void read_vrid_stats(uint8_t vrid, uint8_t family, __u64 out[NVSTATS], bool *found)
{
	struct xvrrp_vrid_key key = { .vrid = vrid, .family = family };

	read_percpu(map_fd(g.skel->maps.vrid_stats), &key, out, NVSTATS, found);
}

static int on_event(void *ctx, void *data, size_t size)
{
	if (g.nevents < (int)(sizeof(g.ev) / sizeof(g.ev[0]))) {
		struct event_rec *e = &g.ev[g.nevents];

		e->size = size;
		memcpy(e->data, data, size < sizeof(e->data) ? size : sizeof(e->data));
	}
	g.nevents++;
	return 0;
}

/* ---- the reference model ----------------------------------------------- */

static const struct slot_cfg *slot_cfg(uint8_t vrid, uint8_t family)
{
	for (size_t i = 0; i < NSLOTS_CFG; i++)
		if (slots_cfg[i].vrid == vrid && slots_cfg[i].family == family)
			return &slots_cfg[i];
	return NULL;
}

static const struct slot_cfg *slot_cfg4(uint8_t vrid)
{
	return slot_cfg(vrid, XVRRP_AF_INET);
}

static const struct xvrrp_vip_value *owned4(uint32_t addr_be)
{
	for (size_t i = 0; i < NVIPS; i++)
		if (htonl(vips[i].addr) == addr_be)
			return &vips[i].val;
	return NULL;
}

static const struct xvrrp_vip_value *owned6(const uint8_t *addr)
{
	for (size_t i = 0; i < NVIPS6; i++)
		if (!memcmp(vips6[i].addr, addr, 16))
			return &vips6[i].val;
	return NULL;
}

static bool peer_listed(uint8_t vrid, uint32_t saddr_be)
{
	for (size_t i = 0; i < sizeof(peers) / sizeof(peers[0]); i++)
		if (peers[i].vrid == vrid && htonl(peers[i].saddr) == saddr_be)
			return true;
	return false;
}

static bool peer6_listed(uint8_t vrid, const uint8_t *saddr)
{
	for (size_t i = 0; i < sizeof(peers6) / sizeof(peers6[0]); i++)
		if (peers6[i].vrid == vrid && !memcmp(peers6[i].saddr, saddr, 16))
			return true;
	return false;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* The one's-complement sum of buf, big-endian 16-bit words, folded, not inverted. */
static uint32_t sum16(const uint8_t *buf, size_t len, uint32_t sum)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)buf[i] << 8 | buf[i + 1];
	if (len & 1)
		sum += (uint32_t)buf[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/*
 * The IPv4 version nibble: a frame of EtherType 0x0800 whose header says
 * another version is not IPv4 (RFC 791) and is passed untouched, uncounted
 * (the kernel drops it). This harness found the program judging such a
 * frame as an advert (crashes/xdp-ipv4-version).
 */
#define MODEL_IPV4_VERSION_CHECKED 1

enum kind { K_NONE, K_VLAN, K_ARP, K_IP6, K_NS, K_VRRP, K_IP4 };

/* What the model says of a frame. */
struct expect {
	enum kind kind;
	int verdict;
	__u64 stats[NSTATS];            /* deltas */
	bool valid;                     /* a valid advert: vrrp_valid; events etc. free */
	int vrid;                       /* vrid_stats entry that moves, -1: none */
	uint8_t family;                 /* of that entry, and of a valid advert */
	__u64 vstats[NVSTATS];
	const struct xvrrp_vip_value *reply_vip;        /* XDP_TX with this VIP's MAC */
	/* a valid advert's fields, for its event */
	uint32_t saddr, daddr, addr_hash;
	const uint8_t *saddr6, *daddr6; /* IPv6: in the frame */
	uint8_t version, vrid8, priority, count_addr, auth_type;
	uint16_t max_int;
	size_t vrrp_off, ip_len;
	bool ah;
};

static void outcome(struct expect *e, size_t field, int verdict)
{
	e->stats[field]++;
	e->verdict = verdict;
}

/* drop_vrid(): the interface counter, and the VRID's when it is configured. */
static void vrid_outcome(struct expect *e, bool configured, uint8_t vrid, size_t st_field,
			 size_t vs_field)
{
	outcome(e, st_field, XDP_DROP);
	if (configured) {
		e->vrid = vrid;
		e->vstats[vs_field]++;
	}
}

static uint32_t model_addr_hash(const uint8_t *addrs, unsigned int count)
{
	uint32_t h = xvrrp_addr_hash_seed(count);

	for (unsigned int i = 0; i < count; i++)
		h += xvrrp_addr_mix(get32(addrs + 4 * i));
	return h;
}

/* handle_vrrp4(): the numbered checks at the top of xvrrp.bpf.c. */
static void model_vrrp(const uint8_t *f, size_t len, bool ah, struct expect *e)
{
	const size_t l3 = XVRRP_ETH_HLEN;
	const uint8_t *ip = f + l3;
	size_t hdr_len = (size_t)(ip[0] & 0x0f) * 4, ah_len = ah ? XVRRP_AH_LEN : 0, vrrp_off;
	uint16_t tot_len = be16(ip + 2), frag = be16(ip + 6);
	uint32_t saddr = get32(ip + 12), daddr = get32(ip + 16), flags = 0, vrrp_len, expect_len;
	const struct slot_cfg *sc = NULL;
	bool configured = false, unicast;
	uint8_t vrid = 0, version, type, count;
	const uint8_t *v;
	uint16_t max_int;
	uint32_t sum;

	e->kind = K_VRRP;
	e->stats[ST(vrrp_rcvd)]++;
	/* 1 */
	if (hdr_len < 20 || tot_len < hdr_len || l3 + hdr_len > len)
		return outcome(e, ST(ip_hdr_err), XDP_DROP);
	if (sum16(ip, hdr_len, 0) != 0xffff)
		return outcome(e, ST(ip_hdr_err), XDP_DROP);
	if (frag & (XVRRP_IP_MF | XVRRP_IP_OFFSET))
		return outcome(e, ST(ip_hdr_err), XDP_DROP);
	if (saddr == 0 || saddr == 0xffffffff || (ntohl(saddr) >> 28) == 0xe)
		return outcome(e, ST(ip_hdr_err), XDP_DROP);
	/* 2 */
	if (daddr == htonl(XVRRP_MCAST_GROUP4))
		unicast = false;
	else if (daddr == htonl(UCAST_OURS))
		unicast = true;
	else
		return outcome(e, ST(dst_err), XDP_PASS);
	/* 3 */
	vrrp_off = l3 + hdr_len + ah_len;
	if (vrrp_off + VRRP_HDR_LEN <= len) {
		uint32_t slot;

		vrid = f[vrrp_off + 1];
		slot = XVRRP_VRID_SLOT(vrid, XVRRP_AF_INET);
		flags = g.user_flags[slot] | (g.vs[slot].flags & XVRRP_VRID_SEEN);
		if (!(flags & CONF))
			return outcome(e, ST(vrid_unknown), XDP_PASS);
		configured = true;
		sc = slot_cfg4(vrid);
		if (!sc)
			fail("model: VRID %u configured but not in the table", vrid);
		/* vrid_stats_get() creates the entry as soon as the VRID is known. */
		e->vrid = vrid;
		/* 4, 5, 6 */
		if (unicast != !!(flags & XVRRP_VRID_UNICAST))
			return vrid_outcome(e, true, vrid, ST(unicast_mode_err), VS(unicast_mode_err));
		if (unicast && (flags & XVRRP_VRID_UNICAST_CHECK_SRC) && !peer_listed(vrid, saddr))
			return vrid_outcome(e, true, vrid, ST(unicast_peer_err), VS(unicast_peer_err));
		if (ah != !!(flags & XVRRP_VRID_AUTH_AH))
			return vrid_outcome(e, true, vrid, ST(authtype_mismatch), VS(authtype_mismatch));
	}
	/* 7 */
	if (!unicast && ip[8] != VRRP_TTL)
		return vrid_outcome(e, configured, vrid, ST(ip_ttl_err), VS(ip_ttl_err));
	/* 8 */
	if (ah && (l3 + hdr_len + XVRRP_AH_LEN > len || ip[hdr_len + 1] != XVRRP_AH_PAYLOAD_LEN ||
		   tot_len < hdr_len + XVRRP_AH_LEN))
		return vrid_outcome(e, configured, vrid, ST(packet_len_err), VS(packet_len_err));
	vrrp_len = (uint32_t)tot_len - (uint32_t)hdr_len - (uint32_t)ah_len;
	if (vrrp_off + VRRP_HDR_LEN > len || vrrp_len < VRRP_HDR_LEN || vrrp_len > MAX_VRRP_LEN ||
	    vrrp_off + vrrp_len > len)
		return vrid_outcome(e, configured, vrid, ST(packet_len_err), VS(packet_len_err));
	v = f + vrrp_off;
	/* 9, 10 */
	version = v[0] >> 4;
	type = v[0] & 0x0f;
	if (version != VRRP_VERSION_2 && version != VRRP_VERSION_3)
		return vrid_outcome(e, configured, vrid, ST(version_err), VS(version_err));
	if (type != VRRP_TYPE_ADVERTISEMENT)
		return vrid_outcome(e, configured, vrid, ST(invalid_type_rcvd), VS(invalid_type_rcvd));
	/* 11 */
	count = v[3];
	expect_len = VRRP_HDR_LEN + 4u * count + (version == VRRP_VERSION_2 ? VRRP_AUTH_DATA_LEN : 0);
	if (vrrp_len != expect_len)
		return vrid_outcome(e, configured, vrid, ST(packet_len_err), VS(packet_len_err));
	/* 12 */
	sum = 0;
	if (version == VRRP_VERSION_3) {
		sum = sum16(ip + 12, 8, 0);
		sum = sum16((const uint8_t[]){ 0, XVRRP_IPPROTO_VRRP, (uint8_t)(vrrp_len >> 8),
					       (uint8_t)vrrp_len }, 4, sum);
	}
	if (sum16(v, vrrp_len, sum) != 0xffff)
		return vrid_outcome(e, configured, vrid, ST(checksum_err), VS(checksum_err));
	/* 13 */
	if (version == VRRP_VERSION_3) {
		max_int = be16(v + 4) & VRRP_V3_ADVER_INT_MASK;
		if (count == 0 && !(flags & XVRRP_VRID_NO_VIPS))
			return vrid_outcome(e, configured, vrid, ST(addr_list_err), VS(addr_list_err));
	} else {
		max_int = (uint16_t)(v[5] * 100);
	}
	if (max_int == 0)
		return vrid_outcome(e, configured, vrid, ST(advert_interval_err),
				    VS(advert_interval_err));
	if (!configured)
		return outcome(e, ST(packet_len_err), XDP_DROP);
	/* 14 */
	if (version != sc->version)
		return vrid_outcome(e, true, vrid, ST(version_err), VS(version_err));
	if (version == VRRP_VERSION_2) {
		if (max_int != sc->adver_int_cs)
			return vrid_outcome(e, true, vrid, ST(advert_interval_err),
					    VS(advert_interval_err));
		if (v[4] != sc->auth_type)
			return vrid_outcome(e, true, vrid, ST(authtype_mismatch), VS(authtype_mismatch));
	}
	e->addr_hash = model_addr_hash(v + VRRP_HDR_LEN, count);
	if ((flags & XVRRP_VRID_CHECK_ADDRS) && e->addr_hash != default_list_hash())
		return vrid_outcome(e, true, vrid, ST(addr_list_err), VS(addr_list_err));
	/* Valid: vrrp_accept() decides the rest (stored master, wake-up). */
	e->valid = true;
	e->verdict = XDP_PASS;          /* cfg_valid_verdict */
	e->stats[ST(vrrp_valid)]++;
	e->vstats[VS(advert_rcvd)]++;
	e->saddr = saddr;
	e->daddr = daddr;
	e->version = version;
	e->vrid8 = vrid;
	e->priority = v[2];
	e->count_addr = count;
	e->max_int = max_int;
	e->auth_type = version == VRRP_VERSION_2 ? v[4] : 0;
	e->vrrp_off = vrrp_off;
	e->ip_len = tot_len;
	e->ah = ah;
}

static uint32_t model_addr6_hash(const uint8_t *addrs, unsigned int count)
{
	uint32_t h = xvrrp_addr_hash_seed(count);

	for (unsigned int i = 0; i < count; i++)
		h += addr6_mix(addrs + 16 * i);
	return h;
}

/*
 * handle_vrrp6(): the checks of bpf/advert6.h. vrrp_off is the VRRP part's
 * offset from the IPv6 header, 0 for VRRP in a fragment.
 */
static void model_vrrp6(const uint8_t *f, size_t len, size_t vrrp_off, struct expect *e)
{
	const uint8_t *ip6 = f + XVRRP_ETH_HLEN, *saddr = ip6 + 8, *daddr = ip6 + 24, *v;
	size_t plen = be16(ip6 + 4), at = XVRRP_ETH_HLEN + vrrp_off;
	const struct slot_cfg *sc = NULL;
	bool configured = false, unicast;
	uint32_t flags = 0, vrrp_len, sum;
	uint8_t vrid = 0, count;
	uint16_t max_int;

	e->kind = K_VRRP;
	e->family = XVRRP_AF_INET6;
	e->stats[ST(vrrp_rcvd)]++;
	/* 1 */
	if (vrrp_off < 40 || vrrp_off > 40 + 256 || plen + 40 < vrrp_off)
		return outcome(e, ST(ip_hdr_err), XDP_DROP);
	if (saddr[0] == 0xff || !memcmp(saddr, (const uint8_t[16]){ 0 }, 16))
		return outcome(e, ST(ip_hdr_err), XDP_DROP);
	/* 2 */
	if (!memcmp(daddr, group6, 16))
		unicast = false;
	else if (!memcmp(daddr, ucast6_ours, 16))
		unicast = true;
	else
		return outcome(e, ST(dst_err), XDP_PASS);
	/* 3 */
	if (at + VRRP_HDR_LEN <= len) {
		uint32_t slot;

		vrid = f[at + 1];
		slot = XVRRP_VRID_SLOT(vrid, XVRRP_AF_INET6);
		flags = g.user_flags[slot] | (g.vs[slot].flags & XVRRP_VRID_SEEN);
		if (!(flags & CONF))
			return outcome(e, ST(vrid_unknown), XDP_PASS);
		configured = true;
		sc = slot_cfg(vrid, XVRRP_AF_INET6);
		if (!sc)
			fail("model: IPv6 VRID %u configured but not in the table", vrid);
		e->vrid = vrid;
		/* 4, 5, 6 */
		if (unicast != !!(flags & XVRRP_VRID_UNICAST))
			return vrid_outcome(e, true, vrid, ST(unicast_mode_err), VS(unicast_mode_err));
		if (unicast && (flags & XVRRP_VRID_UNICAST_CHECK_SRC) && !peer6_listed(vrid, saddr))
			return vrid_outcome(e, true, vrid, ST(unicast_peer_err), VS(unicast_peer_err));
		if (flags & XVRRP_VRID_AUTH_AH)
			return vrid_outcome(e, true, vrid, ST(authtype_mismatch), VS(authtype_mismatch));
	}
	/* 7 */
	if (!unicast && ip6[7] != VRRP_TTL)
		return vrid_outcome(e, configured, vrid, ST(ip_ttl_err), VS(ip_ttl_err));
	/* 8 */
	vrrp_len = (uint32_t)(plen + 40 - vrrp_off);
	if (at + VRRP_HDR_LEN > len || vrrp_len < VRRP_HDR_LEN ||
	    vrrp_len > VRRP_HDR_LEN + VRRP_ADDR6_LEN * VRRP_MAX_ADDRS || at + vrrp_len > len)
		return vrid_outcome(e, configured, vrid, ST(packet_len_err), VS(packet_len_err));
	v = f + at;
	/* 9, 10 */
	if (v[0] >> 4 != VRRP_VERSION_3)
		return vrid_outcome(e, configured, vrid, ST(version_err), VS(version_err));
	if ((v[0] & 0x0f) != VRRP_TYPE_ADVERTISEMENT)
		return vrid_outcome(e, configured, vrid, ST(invalid_type_rcvd), VS(invalid_type_rcvd));
	/* 11 */
	count = v[3];
	if (vrrp_len != VRRP_HDR_LEN + VRRP_ADDR6_LEN * (uint32_t)count)
		return vrid_outcome(e, configured, vrid, ST(packet_len_err), VS(packet_len_err));
	/* 12: RFC 8200 §8.1 */
	sum = sum16(ip6 + 8, 32, 0);
	sum = sum16((const uint8_t[]){ (uint8_t)(vrrp_len >> 24), (uint8_t)(vrrp_len >> 16),
				       (uint8_t)(vrrp_len >> 8), (uint8_t)vrrp_len, 0, 0, 0,
				       XVRRP_IPPROTO_VRRP }, 8, sum);
	if (sum16(v, vrrp_len, sum) != 0xffff)
		return vrid_outcome(e, configured, vrid, ST(checksum_err), VS(checksum_err));
	/* 13 */
	max_int = be16(v + 4) & VRRP_V3_ADVER_INT_MASK;
	if (count == 0 && !(flags & XVRRP_VRID_NO_VIPS))
		return vrid_outcome(e, configured, vrid, ST(addr_list_err), VS(addr_list_err));
	if (max_int == 0)
		return vrid_outcome(e, configured, vrid, ST(advert_interval_err),
				    VS(advert_interval_err));
	if (!configured)
		return outcome(e, ST(packet_len_err), XDP_DROP);
	/* 14 */
	if (VRRP_VERSION_3 != sc->version)
		return vrid_outcome(e, true, vrid, ST(version_err), VS(version_err));
	e->addr_hash = model_addr6_hash(v + VRRP_HDR_LEN, count);
	if ((flags & XVRRP_VRID_CHECK_ADDRS) && e->addr_hash != default_list_hash6())
		return vrid_outcome(e, true, vrid, ST(addr_list_err), VS(addr_list_err));
	e->valid = true;
	e->verdict = XDP_PASS;          /* cfg_valid_verdict */
	e->stats[ST(vrrp_valid)]++;
	e->vstats[VS(advert_rcvd)]++;
	e->saddr6 = saddr;
	e->daddr6 = daddr;
	e->saddr = addr6_mix(saddr);    /* xvrrp_addr6_fold() */
	e->daddr = 0;
	e->version = VRRP_VERSION_3;
	e->vrid8 = vrid;
	e->priority = v[2];
	e->count_addr = count;
	e->max_int = max_int;
	e->vrrp_off = at;
}

/*
 * vrrp6_offset(): ip6_upper() past at most four hop-by-hop, routing and
 * destination options headers (not AH); VRRP there, or a fragment header
 * carrying VRRP (offset 0). -1: not VRRP.
 */
static long model_vrrp6_offset(const uint8_t *f, size_t len)
{
	size_t pos = 40, base = XVRRP_ETH_HLEN;
	uint8_t nexthdr = f[base + 6];

	for (int i = 0; i < 4; i++) {
		if (nexthdr != 0 && nexthdr != 43 && nexthdr != 60)
			break;
		if (base + pos + 2 > len)
			return -1;
		nexthdr = f[base + pos];
		pos += ((size_t)f[base + pos + 1] + 1) * 8;
	}
	if (nexthdr == XVRRP_IPPROTO_VRRP)
		return (long)pos;
	if (nexthdr != XVRRP_IPPROTO_FRAGMENT || base + pos + 8 > len)
		return -1;
	return f[base + pos] == XVRRP_IPPROTO_VRRP ? 0 : -1;
}

/* handle_ip4_other() and handle_ip6_other(): no_accept. */
static void model_no_accept(const struct xvrrp_vip_value *vip, bool nd, struct expect *e)
{
	if (!vip)
		return;
	if (!(vip->flags & XVRRP_VIP_NO_ACCEPT))
		return outcome(e, ST(vip_passed), XDP_PASS);
	if (nd)
		return;
	outcome(e, ST(no_accept_drop), XDP_DROP);
	e->vrid = vip->vrid;
	e->family = vip->flags & XVRRP_VIP_INST6 ? XVRRP_AF_INET6 : XVRRP_AF_INET;
	e->vstats[VS(no_accept_drop)]++;
}

/* ip6_is_nd(): NS or NA behind at most four hop-by-hop/routing/destination/AH headers. */
static bool model_ip6_is_nd(const uint8_t *f, size_t len)
{
	size_t pos = XVRRP_ETH_HLEN + 40;
	uint8_t nexthdr = f[XVRRP_ETH_HLEN + 6];

	for (int i = 0; i < 4; i++) {
		uint8_t hdrlen, next;

		if (nexthdr != 0 && nexthdr != 43 && nexthdr != 60 && nexthdr != XVRRP_IPPROTO_AH)
			break;
		if (pos + 2 > len)
			return false;
		next = f[pos];
		hdrlen = f[pos + 1];
		/* AH counts 4-byte words less 2 (RFC 4302 §2.2), the others 8-byte units less 1. */
		if (nexthdr == XVRRP_IPPROTO_AH)
			pos += ((size_t)hdrlen + 2) * 4;
		else
			pos += ((size_t)hdrlen + 1) * 8;
		nexthdr = next;
	}
	if (nexthdr != XVRRP_IPPROTO_ICMPV6)
		return false;
	if (pos + 1 > len)
		return false;
	return f[pos] >= XVRRP_ND_NEIGH_SOLICIT && f[pos] <= XVRRP_ND_NEIGH_ADVERT;
}

static bool solicited_node_of(const uint8_t *dst, const uint8_t *target)
{
	static const uint8_t prefix[13] = { 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xff };

	return !memcmp(dst, prefix, 13) && !memcmp(dst + 13, target + 13, 3);
}

/* handle_ns(), from the shape spelled out above it. */
static void model_ns(const uint8_t *f, size_t len, struct expect *e)
{
	const uint8_t *ip6 = f + XVRRP_ETH_HLEN, *nd = ip6 + 40, *saddr = ip6 + 8, *daddr = ip6 + 24;
	static const uint8_t zero16[16];
	const struct xvrrp_vip_value *vip;
	uint16_t plen;
	bool to_group;
	uint32_t sum;

	e->kind = K_NS;
	e->stats[ST(ns_rcvd)]++;
	e->verdict = XDP_PASS;
	if (len < XVRRP_ETH_HLEN + 40 + 24)
		return outcome(e, ST(ns_passed), XDP_PASS);
	plen = be16(ip6 + 4);
	if (ip6[7] != XVRRP_ND_HOP_LIMIT || nd[1] != 0)
		return outcome(e, ST(ns_passed), XDP_PASS);
	if (plen == 32) {
		if (len < XVRRP_ETH_HLEN + 40 + 32 || nd[24] != XVRRP_ND_OPT_SOURCE_LL || nd[25] != 1)
			return outcome(e, ST(ns_passed), XDP_PASS);
	} else if (plen != 24) {
		return outcome(e, ST(ns_passed), XDP_PASS);
	}
	if (!memcmp(saddr, zero16, 16) || saddr[0] == 0xff)
		return outcome(e, ST(ns_passed), XDP_PASS);
	to_group = solicited_node_of(daddr, nd + 8);
	if (!to_group && memcmp(daddr, nd + 8, 16))
		return outcome(e, ST(ns_passed), XDP_PASS);
	if (to_group && plen != 32)
		return outcome(e, ST(ns_passed), XDP_PASS);
	vip = owned6(nd + 8);
	if (!vip)
		return outcome(e, ST(ns_passed), XDP_PASS);
	sum = sum16(ip6 + 8, 32, 0);
	sum = sum16((const uint8_t[]){ 0, 0, (uint8_t)(plen >> 8), (uint8_t)plen, 0, 0, 0,
				       XVRRP_IPPROTO_ICMPV6 }, 8, sum);
	if (sum16(nd, plen, sum) != 0xffff)
		return outcome(e, ST(ns_passed), XDP_PASS);
	e->reply_vip = vip;
	outcome(e, ST(ns_replied), XDP_TX);
}

static void model(const uint8_t *f, size_t len, struct expect *e)
{
	uint16_t proto;

	memset(e, 0, sizeof(*e));
	e->vrid = -1;
	e->family = XVRRP_AF_INET;
	e->verdict = XDP_PASS;
	e->kind = K_NONE;
	e->stats[ST(rx_frames)] = 1;
	proto = be16(f + 12);
	if (proto == XVRRP_ETH_P_8021Q || proto == XVRRP_ETH_P_8021AD) {
		e->kind = K_VLAN;
		return outcome(e, ST(vlan_passed), XDP_PASS);
	}
	if (proto == XVRRP_ETH_P_ARP) {
		const uint8_t *a = f + XVRRP_ETH_HLEN;
		const struct xvrrp_vip_value *vip;

		e->kind = K_ARP;
		e->stats[ST(arp_rcvd)]++;
		if (len < XVRRP_ETH_HLEN + XVRRP_ARP4_LEN || be16(a + 6) != XVRRP_ARPOP_REQUEST ||
		    be16(a) != XVRRP_ARPHRD_ETHER || be16(a + 2) != XVRRP_ETH_P_IP || a[4] != 6 ||
		    a[5] != 4)
			return outcome(e, ST(arp_passed), XDP_PASS);
		vip = owned4(get32(a + 24));
		if (!vip || get32(a + 14) == get32(a + 24))
			return outcome(e, ST(arp_passed), XDP_PASS);
		e->reply_vip = vip;
		return outcome(e, ST(arp_replied), XDP_TX);
	}
	if (proto == XVRRP_ETH_P_IPV6) {
		const uint8_t *ip6 = f + XVRRP_ETH_HLEN;

		long vrrp_off;

		if (len < XVRRP_ETH_HLEN + 40 || ip6[0] >> 4 != 6)
			return;
		e->kind = K_IP6;
		if (ip6[6] == XVRRP_IPPROTO_ICMPV6) {
			if (len >= XVRRP_ETH_HLEN + 41 && ip6[40] == XVRRP_ND_NEIGH_SOLICIT)
				return model_ns(f, len, e);
		} else {
			vrrp_off = model_vrrp6_offset(f, len);
			if (vrrp_off >= 0)
				return model_vrrp6(f, len, (size_t)vrrp_off, e);
		}
		return model_no_accept(owned6(ip6 + 24), model_ip6_is_nd(f, len), e);
	}
	if (proto != XVRRP_ETH_P_IP || len < XVRRP_ETH_HLEN + 20)
		return;
	if (MODEL_IPV4_VERSION_CHECKED && f[XVRRP_ETH_HLEN] >> 4 != 4)
		return;
	{
		const uint8_t *ip = f + XVRRP_ETH_HLEN;
		size_t ah_at = XVRRP_ETH_HLEN + (size_t)(ip[0] & 0x0f) * 4;

		if (ip[9] == XVRRP_IPPROTO_VRRP)
			return model_vrrp(f, len, false, e);
		if (ip[9] == XVRRP_IPPROTO_AH && ah_at + 1 <= len && f[ah_at] == XVRRP_IPPROTO_VRRP)
			return model_vrrp(f, len, true, e);
		e->kind = K_IP4;
		model_no_accept(owned4(get32(ip + 16)), false, e);
	}
}

/* ---- checks against the model ------------------------------------------ */

static void check_arp_reply(const uint8_t *in, const uint8_t *out, size_t len,
			    const struct xvrrp_vip_value *vip)
{
	uint8_t want[PKT_MAX];
	const uint8_t *a = in + XVRRP_ETH_HLEN;
	uint8_t *w = want + XVRRP_ETH_HLEN;

	memcpy(want, in, len);
	memcpy(want, a + 8, 6);                 /* eth dst: the asker (sha) */
	memcpy(want + 6, vip->mac, 6);          /* eth src: the VIP's MAC */
	w[6] = 0;
	w[7] = XVRRP_ARPOP_REPLY;
	memcpy(w + 8, vip->mac, 6);             /* sha */
	memcpy(w + 14, a + 24, 4);              /* sip: the VIP asked for */
	memcpy(w + 18, a + 8, 6);               /* tha: the asker */
	memcpy(w + 24, a + 14, 4);              /* tip: the asker's address */
	for (size_t i = 0; i < len; i++)
		CHECK(out[i] == want[i], "ARP reply: byte %zu is %02x, want %02x", i, out[i], want[i]);
}

static void check_na(const uint8_t *in, const uint8_t *out, size_t len,
		     const struct xvrrp_vip_value *vip)
{
	const uint8_t *ip6 = in + XVRRP_ETH_HLEN, *nd = ip6 + 40;
	const uint8_t *o6 = out + XVRRP_ETH_HLEN, *ond = o6 + 40;
	uint16_t plen = be16(ip6 + 4);
	uint8_t flags = XVRRP_ND_NA_SOLICITED;
	size_t end = XVRRP_ETH_HLEN + 40 + plen;
	uint32_t sum;

	if (plen == 32)
		flags |= XVRRP_ND_NA_OVERRIDE;
	if (vip->flags & XVRRP_VIP_ND_ROUTER)
		flags |= XVRRP_ND_NA_ROUTER;
	CHECK(!memcmp(out, in + 6, 6), "NA: not to the asker's MAC");
	CHECK(!memcmp(out + 6, vip->mac, 6), "NA: not from the VIP's MAC");
	CHECK(be16(out + 12) == XVRRP_ETH_P_IPV6, "NA: EtherType changed");
	CHECK(o6[0] == 0x60 && o6[1] == 0 && o6[2] == 0 && o6[3] == 0, "NA: first IPv6 word");
	CHECK(be16(o6 + 4) == plen && o6[6] == XVRRP_IPPROTO_ICMPV6 && o6[7] == 255,
	      "NA: payload length, next header or hop limit");
	CHECK(!memcmp(o6 + 8, nd + 8, 16), "NA: not from the target");
	CHECK(!memcmp(o6 + 24, ip6 + 8, 16), "NA: not to the solicitor");
	CHECK(ond[0] == XVRRP_ND_NEIGH_ADVERT && ond[1] == 0, "NA: type or code");
	CHECK(ond[4] == flags && !ond[5] && !ond[6] && !ond[7], "NA: flags %02x, want %02x",
	      ond[4], flags);
	CHECK(!memcmp(ond + 8, nd + 8, 16), "NA: target changed");
	if (plen == 32)
		CHECK(ond[24] == XVRRP_ND_OPT_TARGET_LL && ond[25] == 1 &&
		      !memcmp(ond + 26, vip->mac, 6), "NA: Target Link-Layer Address option");
	sum = sum16(o6 + 8, 32, 0);
	sum = sum16((const uint8_t[]){ 0, 0, 0, (uint8_t)plen, 0, 0, 0, XVRRP_IPPROTO_ICMPV6 },
		    8, sum);
	CHECK(sum16(ond, plen, sum) == 0xffff, "NA: ICMPv6 checksum wrong");
	CHECK(!memcmp(out + end, in + end, len - end), "NA: bytes after the message changed");
}

static void check_event(const struct expect *e, const uint8_t *in)
{
	const struct event_rec *r = &g.ev[0];
	struct xvrrp_advert_event ev;
	unsigned int ncopy;

	CHECK(r->size >= sizeof(ev), "event of %zu bytes", r->size);
	memcpy(&ev, r->data, sizeof(ev));
	CHECK(r->size == sizeof(ev) + ev.ip_len, "event of %zu bytes with ip_len %u", r->size,
	      ev.ip_len);
	CHECK(ev.reason != 0, "event without a reason");
	CHECK(ev.ifindex == (__u32)g.ifindex && ev.saddr4 == e->saddr && ev.daddr4 == e->daddr &&
	      ev.version == e->version && ev.vrid == e->vrid8 && ev.priority == e->priority &&
	      ev.count_addr == e->count_addr && ev.max_adver_int_cs == e->max_int &&
	      ev.addr_hash == e->addr_hash,
	      "event fields differ from the frame's");
	CHECK(ev.family == e->family, "event family %u, want %u", ev.family, e->family);
	if (e->family == XVRRP_AF_INET6) {
		CHECK(!memcmp(ev.saddr6, e->saddr6, 16) && !memcmp(ev.daddr6, e->daddr6, 16),
		      "IPv6 event: sender or destination differs from the frame's");
		ncopy = 4u * e->count_addr;     /* words: four an address */
	} else {
		static const uint8_t zero16[16];

		CHECK(!memcmp(ev.saddr6, zero16, 16) && !memcmp(ev.daddr6, zero16, 16),
		      "IPv4 event with IPv6 addresses");
		ncopy = e->count_addr;
	}
	if (ncopy > XVRRP_EVENT_MAX_ADDRS)
		ncopy = XVRRP_EVENT_MAX_ADDRS;
	for (unsigned int i = 0; i < XVRRP_EVENT_MAX_ADDRS; i++)
		CHECK(ev.addrs[i] == (i < ncopy ? get32(in + e->vrrp_off + 8 + 4 * i) : 0),
		      "event address %u", i);
	if (e->version == VRRP_VERSION_2) {
		CHECK(ev.auth_type == e->auth_type, "event auth_type");
		CHECK(!memcmp(ev.auth_data, in + e->vrrp_off + 8 + 4 * e->count_addr, 8),
		      "event auth_data");
	} else {
		static const uint8_t none[8];

		CHECK(ev.auth_type == 0 && !memcmp(ev.auth_data, none, 8), "v3 event with auth data");
	}
	if (e->ah) {
		CHECK(ev.ip_len == e->ip_len, "AH event: ip_len %u, want %zu", ev.ip_len, e->ip_len);
		CHECK(!memcmp(r->data + sizeof(ev), in + XVRRP_ETH_HLEN, e->ip_len),
		      "AH event: the IP packet differs");
	} else {
		CHECK(ev.ip_len == 0, "event of a plain advert with ip_len %u", ev.ip_len);
	}
}

/* vrid_state after a frame: only a valid advert's own slot may change, within the rules. */
static void check_vrid_state(const struct expect *e)
{
	for (uint32_t s = 0; s < XVRRP_VRID_SLOTS; s++) {
		struct xvrrp_vrid_state now = g.vs[s];
		const struct xvrrp_vrid_state *was = &g.shadow[s];
		uint32_t flags = __atomic_load_n(&g.vs[s].flags, __ATOMIC_ACQUIRE);
		bool mine = e->valid && s == XVRRP_VRID_SLOT(e->vrid8, e->family);

		if (!memcmp(&now, was, sizeof(now)))
			continue;
		CHECK(mine, "vrid_state slot %u changed, though the frame was %s", s,
		      e->valid ? "another VRID's advert" : "no valid advert");
		CHECK(now.cfg_addr_hash == was->cfg_addr_hash &&
		      now.cfg_adver_int_cs == was->cfg_adver_int_cs &&
		      now.cfg_version == was->cfg_version && now.cfg_auth_type == was->cfg_auth_type,
		      "vrid_state slot %u: the cfg_* fields changed", s);
		CHECK((flags & ~(uint32_t)XVRRP_VRID_SEEN) == g.user_flags[s],
		      "vrid_state slot %u: flags %#x, user space wrote %#x", s, flags, g.user_flags[s]);
		CHECK(now.adverts >= was->adverts, "vrid_state slot %u: adverts went back", s);
		if (flags & XVRRP_VRID_SEEN) {
			CHECK(now.master.adv.version == now.cfg_version,
			      "slot %u: stored master of version %u, instance %u", s,
			      now.master.adv.version, now.cfg_version);
			if (now.cfg_version == VRRP_VERSION_2)
				CHECK(now.master.adv.max_adver_int_cs == now.cfg_adver_int_cs,
				      "slot %u: stored v2 master with interval %u", s,
				      now.master.adv.max_adver_int_cs);
			if (g.user_flags[s] & XVRRP_VRID_CHECK_ADDRS)
				CHECK(now.addr_hash == now.cfg_addr_hash,
				      "slot %u: stored master with another address list", s);
		}
		g.shadow[s] = now;
	}
}

static void run_one(const uint8_t *in, size_t len, bool drain);

/* Over everything since the maps were set. */
static void check_totals(void)
{
	__u64 sums[NVSTATS] = { 0 };
	struct xvrrp_vrid_key key, next;
	int fd = map_fd(g.skel->maps.vrid_stats);
	__u64 *s = g.stats;
	bool found, first = true;

	CHECK(s[ST(rx_frames)] == g.frames, "rx_frames %llu after %llu frames",
	      (unsigned long long)s[ST(rx_frames)], (unsigned long long)g.frames);
	CHECK(s[ST(vrrp_rcvd)] >= s[ST(vrrp_valid)] && s[ST(vrrp_valid)] >= s[ST(vrrp_events)],
	      "vrrp_rcvd >= vrrp_valid >= vrrp_events does not hold");
	CHECK(s[ST(vrrp_valid)] >= s[ST(vrrp_events)] + s[ST(ringbuf_full)] +
	      s[ST(lower_prio_ignored)] + s[ST(newcomer_limited)],
	      "vrrp_valid < vrrp_events + ringbuf_full + lower_prio_ignored + newcomer_limited");
	CHECK(s[ST(arp_rcvd)] == s[ST(arp_replied)] + s[ST(arp_passed)], "ARP counters");
	CHECK(s[ST(ns_rcvd)] == s[ST(ns_replied)] + s[ST(ns_passed)], "NS counters");
	while (bpf_map_get_next_key(fd, first ? NULL : &key, &next) == 0) {
		__u64 v[NVSTATS];

		first = false;
		key = next;
		CHECK(key.pad == 0 &&
		      ((slot_cfg(key.vrid, key.family) &&
			(slot_cfg(key.vrid, key.family)->flags & CONF)) ||
		       (key.family == XVRRP_AF_INET && (key.vrid == 1 || key.vrid == 51))),
		      "vrid_stats entry for VRID %u family %u: neither configured nor a VIP's",
		      key.vrid, key.family);
		read_vrid_stats(key.vrid, key.family, v, &found);
		for (size_t f = 0; found && f < NVSTATS; f++)
			sums[f] += v[f];
	}
	CHECK(sums[VS(advert_rcvd)] == s[ST(vrrp_valid)], "VRIDs' advert_rcvd %llu, vrrp_valid %llu",
	      (unsigned long long)sums[VS(advert_rcvd)], (unsigned long long)s[ST(vrrp_valid)]);
	CHECK(sums[VS(lower_prio_ignored)] == s[ST(lower_prio_ignored)], "lower_prio_ignored sums");
	CHECK(sums[VS(newcomer_limited)] == s[ST(newcomer_limited)], "newcomer_limited sums");
	CHECK(sums[VS(no_accept_drop)] == s[ST(no_accept_drop)], "no_accept_drop sums");
	CHECK(sums[VS(checksum_err)] <= s[ST(checksum_err)] &&
	      sums[VS(packet_len_err)] <= s[ST(packet_len_err)] &&
	      sums[VS(version_err)] <= s[ST(version_err)] &&
	      sums[VS(ip_ttl_err)] <= s[ST(ip_ttl_err)],
	      "a VRID counts more errors than the interface");
}

static int test_run(const uint8_t *in, size_t len, uint8_t *out, size_t *out_len, int repeat,
		    int *retval)
{
	struct xdp_md ctx_in = { .data_end = (__u32)len, .ingress_ifindex = (__u32)g.ifindex };
	struct bpf_test_run_opts opts = {
		.sz = sizeof(opts),
		.data_in = in,
		.data_size_in = (__u32)len,
		.data_out = out,
		.data_size_out = PKT_MAX,
		.ctx_in = &ctx_in,
		.ctx_size_in = sizeof(ctx_in),
		.repeat = repeat,
	};
	int err = bpf_prog_test_run_opts(bpf_program__fd(g.skel->progs.xvrrp_xdp), &opts);

	*out_len = opts.data_size_out;
	*retval = (int)opts.retval;
	return err;
}

static void run_one(const uint8_t *in, size_t len, bool drain)
{
	static uint8_t out[PKT_MAX];
	__u64 now[NSTATS], vbefore[NVSTATS], vafter[NVSTATS];
	struct expect e;
	bool vfound = false, vfound_after;
	size_t out_len = 0;
	int verdict, err;

	g.in = in;
	g.in_len = len;
	g.out = NULL;
	if (len >= XVRRP_ETH_HLEN)
		model(in, len, &e);
	else
		memset(&e, 0, sizeof(e));
	if (len >= XVRRP_ETH_HLEN && e.vrid >= 0)
		read_vrid_stats((uint8_t)e.vrid, e.family, vbefore, &vfound);
	g.nevents = 0;
	err = test_run(in, len, out, &out_len, 1, &verdict);
	read_stats(now);
	if (len < XVRRP_ETH_HLEN) {
		/* The kernel refuses a frame shorter than an Ethernet header. */
		CHECK(err, "a %zu-byte frame was run", len);
		CHECK(!memcmp(now, g.stats, sizeof(now)), "a frame that was not run moved counters");
		return;
	}
	CHECK(!err, "BPF_PROG_TEST_RUN failed: %s", strerror(errno));
	g.frames++;
	g.out = out;
	g.out_len = out_len;

	CHECK(verdict != XDP_ABORTED, "XDP_ABORTED");
	CHECK(verdict == XDP_PASS || verdict == XDP_DROP || verdict == XDP_TX,
	      "verdict %d is none of PASS, DROP, TX", verdict);
	if (e.kind == K_VRRP && e.family == XVRRP_AF_INET6) {
		g.vrrp6++;
		g.valid6 += e.valid;
	}
	CHECK(verdict == e.verdict, "verdict %d, the model says %d (frame kind %d)", verdict,
	      e.verdict, e.kind);
	CHECK(out_len == len, "the frame's length changed: %zu -> %zu", len, out_len);
	if (verdict == XDP_TX) {
		if (e.kind == K_ARP)
			check_arp_reply(in, out, len, e.reply_vip);
		else
			check_na(in, out, len, e.reply_vip);
	} else {
		CHECK(!memcmp(in, out, len), "the frame was changed but not sent back");
	}

	for (size_t f = 0; f < NSTATS; f++) {
		__u64 d = now[f] - g.stats[f];

		if (f == ST(vrrp_events) || f == ST(ringbuf_full) || f == ST(lower_prio_ignored) ||
		    f == ST(newcomer_limited)) {
			CHECK(d <= 1 && (!d || e.valid), "counter #%zu moved by %llu (frame kind %d)",
			      f, (unsigned long long)d, e.kind);
			continue;
		}
		CHECK(d == e.stats[f], "interface counter #%zu moved by %llu, the model says %llu",
		      f, (unsigned long long)d, (unsigned long long)e.stats[f]);
	}
	CHECK(now[ST(vrrp_events)] - g.stats[ST(vrrp_events)] +
	      now[ST(ringbuf_full)] - g.stats[ST(ringbuf_full)] +
	      now[ST(lower_prio_ignored)] - g.stats[ST(lower_prio_ignored)] +
	      now[ST(newcomer_limited)] - g.stats[ST(newcomer_limited)] <= 1,
	      "a valid advert counted twice among woke, lost, ignored and rate-limited");
	if (e.vrid >= 0) {
		read_vrid_stats((uint8_t)e.vrid, e.family, vafter, &vfound_after);
		CHECK(vfound_after, "no vrid_stats entry for VRID %d", e.vrid);
		if (!vfound)
			memset(vbefore, 0, sizeof(vbefore));
		for (size_t f = 0; f < NVSTATS; f++) {
			__u64 d = vafter[f] - vbefore[f];

			if (f == VS(lower_prio_ignored)) {
				CHECK(d == now[ST(lower_prio_ignored)] - g.stats[ST(lower_prio_ignored)],
				      "VRID %d lower_prio_ignored moved by %llu", e.vrid,
				      (unsigned long long)d);
				continue;
			}
			if (f == VS(newcomer_limited)) {
				CHECK(d == now[ST(newcomer_limited)] - g.stats[ST(newcomer_limited)],
				      "VRID %d newcomer_limited moved by %llu", e.vrid,
				      (unsigned long long)d);
				continue;
			}
			CHECK(d == e.vstats[f], "VRID %d counter #%zu moved by %llu, the model says %llu",
			      e.vrid, f, (unsigned long long)d, (unsigned long long)e.vstats[f]);
		}
	}

	if (drain) {
		/* The ring is drained after every frame: it cannot be full. */
		CHECK(now[ST(ringbuf_full)] == g.stats[ST(ringbuf_full)],
		      "ringbuf_full moved with an empty ring buffer");
		ring_buffer__consume(g.rb);
		CHECK(g.nevents == (int)(now[ST(vrrp_events)] - g.stats[ST(vrrp_events)]),
		      "%d ring-buffer events, vrrp_events moved by %llu", g.nevents,
		      (unsigned long long)(now[ST(vrrp_events)] - g.stats[ST(vrrp_events)]));
		if (g.nevents == 1)
			check_event(&e, in);
	}
	check_vrid_state(&e);
	memcpy(g.stats, now, sizeof(now));
}

/* A valid advert repeated until the ring buffer is full: counted, nothing lost unsaid. */
static void flood(void)
{
	struct vrrp_spec s = vrrp_spec_v3();
	__u32 slot = XVRRP_VRID_SLOT(1, XVRRP_AF_INET);
	const int n = 2 * XVRRP_RINGBUF_BYTES / (int)sizeof(struct xvrrp_advert_event);
	uint8_t out[PKT_MAX];
	__u64 now[NSTATS];
	struct pkt p;
	size_t out_len;
	int verdict;

	build_vrrp(&p, &s);
	/* As the daemon does to hear the next advert: the first is no newcomer, nor rate-limited. */
	__atomic_fetch_and(&g.vs[slot].flags, ~(uint32_t)XVRRP_VRID_SEEN, __ATOMIC_SEQ_CST);
	g.user_flags[slot] |= XVRRP_VRID_WAKE_ALL;
	__atomic_fetch_or(&g.vs[slot].flags, XVRRP_VRID_WAKE_ALL, __ATOMIC_SEQ_CST);
	g.in = p.b;
	g.in_len = p.len;
	g.out = NULL;
	g.nevents = 0;
	CHECK(!test_run(p.b, p.len, out, &out_len, n, &verdict), "flood: BPF_PROG_TEST_RUN failed");
	CHECK(verdict == XDP_PASS, "flood: verdict %d", verdict);
	g.frames += (__u64)n;
	read_stats(now);
	CHECK(now[ST(vrrp_valid)] - g.stats[ST(vrrp_valid)] == (__u64)n, "flood: vrrp_valid");
	CHECK(now[ST(ringbuf_full)] > g.stats[ST(ringbuf_full)], "flood: the ring never filled");
	CHECK(now[ST(vrrp_events)] - g.stats[ST(vrrp_events)] +
	      now[ST(ringbuf_full)] - g.stats[ST(ringbuf_full)] == (__u64)n,
	      "flood: events + ringbuf_full != frames");
	ring_buffer__consume(g.rb);
	CHECK(g.nevents == (int)(now[ST(vrrp_events)] - g.stats[ST(vrrp_events)]),
	      "flood: %d events read, vrrp_events moved by %llu", g.nevents,
	      (unsigned long long)(now[ST(vrrp_events)] - g.stats[ST(vrrp_events)]));
	g.flood_frames += (__u64)n;
	g.flood_events += (__u64)g.nevents;
	memcpy(g.stats, now, sizeof(now));
	memcpy(g.shadow, g.vs, sizeof(g.shadow));
	g.user_flags[slot] &= ~(uint32_t)XVRRP_VRID_WAKE_ALL;
	__atomic_fetch_and(&g.vs[slot].flags, ~(uint32_t)XVRRP_VRID_WAKE_ALL, __ATOMIC_SEQ_CST);
	memcpy(g.shadow, g.vs, sizeof(g.shadow));
}

/*
 * A stored master, then a storm of priority-0 adverts from a stranger: each
 * one checked as any frame; past the burst the limiter must bite.
 */
static void newcomer_storm(void)
{
	const int n = 2 * XVRRP_NEWCOMER_BURST;
	__u64 before = g.stats[ST(newcomer_limited)];
	struct vrrp_spec s = vrrp_spec_v3();
	double t0 = 0;
	struct timespec ts;
	struct pkt p;

	build_vrrp(&p, &s);
	/* PEER_A becomes the stored master: SEEN cleared first, as the daemon does. */
	__atomic_fetch_and(&g.vs[XVRRP_VRID_SLOT(1, XVRRP_AF_INET)].flags,
			   ~(uint32_t)XVRRP_VRID_SEEN, __ATOMIC_SEQ_CST);
	memcpy(g.shadow, g.vs, sizeof(g.shadow));
	run_one(p.b, p.len, true);
	CHECK(g.vs[XVRRP_VRID_SLOT(1, XVRRP_AF_INET)].master.adv.saddr4 == htonl(PEER_A),
	      "storm: the first advert after SEEN was cleared was not stored");
	s.saddr = STRANGER;
	s.priority = VRRP_PRIO_STOP;
	build_vrrp(&p, &s);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	t0 = (double)ts.tv_sec + ts.tv_nsec / 1e9;
	for (int i = 0; i < n; i++)
		run_one(p.b, p.len, true);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	/* The burst refills one per 10 ms: n frames well within 10 ms * burst must hit the limit. */
	if ((double)ts.tv_sec + ts.tv_nsec / 1e9 - t0 < 0.1)
		CHECK(g.stats[ST(newcomer_limited)] > before,
		      "%d goodbyes from a stranger in a row, none rate-limited", n);
}

/* ---- frames ------------------------------------------------------------- */

static void random_addrs(struct vrrp_spec *s, unsigned int n)
{
	static const uint32_t pool[] = { 0xC0000264, 0xC0000265, 0xC0000266, 0xC6336401 };

	for (unsigned int i = 0; i < n; i++)
		s->addrs[i] = one_in(2) ? PICK(pool) : (uint32_t)rnd();
	s->naddr = s->count_addr = (uint8_t)n;
}

static void gen_vrrp(struct pkt *p)
{
	static const uint8_t vrids[] = { 1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 51 };
	static const uint32_t saddrs[] = { PEER_A, PEER_B, STRANGER, 0xC0000202, 0xC0000200,
					   PEER_A, PEER_B, 0, 0xE0000012, 0xFFFFFFFF };
	static const uint8_t prios[] = { 0, 1, 50, 100, 100, 101, 200, 254, 255 };
	struct vrrp_spec s = vrrp_spec_v3();
	const struct slot_cfg *sc;

	s.vrid = one_in(8) ? (uint8_t)rnd() : PICK(vrids);
	sc = slot_cfg4(s.vrid);
	s.saddr = one_in(6) ? (uint32_t)rnd() : PICK(saddrs);
	s.priority = one_in(6) ? (uint8_t)rnd() : PICK(prios);
	if (sc && (sc->flags & XVRRP_VRID_UNICAST) ? !one_in(5) : one_in(8))
		s.daddr = one_in(6) ? UCAST_NOT_OURS : UCAST_OURS;
	if (one_in(20))
		s.daddr = (uint32_t)rnd();
	if (one_in(2))
		random_addrs(&s, one_in(10) ? (one_in(2) ? 255 : below(256)) : below(5));
	else if (s.vrid == 11 && one_in(2))
		s.addrs[0] = 0xC0000265, s.addrs[1] = 0xC0000264;
	if ((sc && sc->version == 2) ? !one_in(5) : one_in(5)) {
		s.version = 2;
		s.adver_int = sc && sc->adver_int_cs ? sc->adver_int_cs / 100 : 1;
		s.auth_type = sc ? sc->auth_type : (uint8_t)below(3);
		memcpy(s.auth_data, "secret1", 8);
		if (sc && sc->auth_type == VRRP_AUTH_AH && !one_in(6)) {
			s.ah = 1;
			memset(s.auth_data, 0, 8);
		}
	}
	if (one_in(8))
		s.adver_int = (uint16_t)(one_in(3) ? 0 : rnd());
	if (one_in(6))
		s.ihl = (uint8_t)(5 + below(11));
	if (one_in(10))
		s.ttl = (uint8_t)rnd();
	else if (s.daddr != XVRRP_MCAST_GROUP4 && one_in(2))
		s.ttl = 64;
	if (one_in(15))
		s.frag = (uint16_t)rnd();
	if (one_in(20))
		s.version = (uint8_t)below(16);
	if (one_in(20))
		s.type = (uint8_t)below(16);
	if (one_in(15))
		s.count_addr = (uint8_t)rnd();
	if (s.version == 2 && one_in(15))
		s.v2_no_auth = 1;
	s.bad_ip_csum = one_in(25);
	s.bad_vrrp_csum = one_in(20);
	if (one_in(25))
		s.csum_daddr = XVRRP_MCAST_GROUP4;
	if (s.ah && one_in(10))
		s.ah_payload_len = (uint8_t)rnd();
	if (s.ah && one_in(15))
		s.ah_next_header = (uint8_t)rnd();
	if (one_in(12))
		s.vlan_tci = (uint16_t)(1 + below(4094));
	s.no_pad = one_in(3);
	build_vrrp(p, &s);
	if (one_in(12))
		p->len -= below((uint32_t)p->len + 1);
}

static void gen_vrrp6(struct pkt *p)
{
	static const uint8_t vrids[] = { 1, 1, 3, 3, 4, 7, 11, 12, 2 };
	static const uint8_t unspecified6[16] = { 0 }, multicast6[16] = { 0xff, 0x02, [15] = 1 };
	static const uint8_t *const saddrs[] = { peer6_a, peer6_b, stranger6, requester6,
						 peer6_a, peer6_b, unspecified6, multicast6 };
	static const uint8_t prios[] = { 0, 1, 100, 100, 101, 255 };
	static const uint8_t exts[] = { PKT_NEXTHDR_HOP, PKT_NEXTHDR_DEST, 43,
					PKT_NEXTHDR_FRAGMENT };
	struct vrrp6_spec s = vrrp6_spec_v3();

	s.vrid = one_in(8) ? (uint8_t)rnd() : PICK(vrids);
	memcpy(s.saddr, PICK(saddrs), 16);
	if (one_in(8))
		s.saddr[below(16)] = (uint8_t)rnd();
	s.priority = one_in(6) ? (uint8_t)rnd() : PICK(prios);
	if (s.vrid == 4 ? !one_in(5) : one_in(8)) {
		memcpy(s.daddr, one_in(6) ? ucast6_not_ours : ucast6_ours, 16);
		if (one_in(2))
			s.hop_limit = 64;
	}
	if (one_in(20))
		s.daddr[below(16)] = (uint8_t)rnd();
	if (s.vrid == 11 && one_in(2)) {
		memcpy(s.addrs[0], list6[1], 16);       /* the list, out of order */
		memcpy(s.addrs[1], list6[0], 16);
	} else if (one_in(3)) {
		s.naddr = s.count_addr = (uint8_t)(one_in(10) ? below(256) : below(5));
		if (s.naddr > (PKT_MAX - 160) / 16)     /* the frame holds 90 */
			s.naddr = s.count_addr = (PKT_MAX - 160) / 16;
		for (unsigned int i = 0; i < s.naddr; i++)
			for (unsigned int k = 0; k < 16; k++)
				s.addrs[i][k] = (uint8_t)rnd();
	}
	if (one_in(6)) {
		s.ext = 1;
		s.ext_type = PICK(exts);
		s.frag_off = one_in(2) ? 0 : (uint16_t)rnd();
	}
	if (one_in(8))
		s.adver_int = (uint16_t)(one_in(3) ? 0 : rnd());
	if (one_in(10))
		s.hop_limit = (uint8_t)rnd();
	if (one_in(15))
		s.version = (uint8_t)(one_in(2) ? 2 : below(16));
	if (one_in(20))
		s.type = (uint8_t)below(16);
	if (one_in(15))
		s.count_addr = (uint8_t)rnd();
	if (one_in(12))
		s.plen_delta = (int16_t)((int)below(64) - 32);
	s.bad_csum = one_in(20);
	if (one_in(12))
		s.vlan_tci = (uint16_t)(1 + below(4094));
	s.no_pad = one_in(3);
	build_vrrp6(p, &s);
	if (one_in(12))
		p->len -= below((uint32_t)p->len + 1);
}

static void gen_arp(struct pkt *p)
{
	static const uint32_t tips[] = { VIP_OWNED, VIP_NOACCEPT, VIP_VMAC, VIP_OTHER, REQUESTER_IP };
	struct arp_spec a = {
		.eth_dst = BCAST_MAC, .eth_src = REQUESTER_MAC, .op = XVRRP_ARPOP_REQUEST,
		.sha = REQUESTER_MAC, .sip = REQUESTER_IP, .tip = VIP_OWNED,
	};

	a.tip = one_in(8) ? (uint32_t)rnd() : PICK(tips);
	if (one_in(6))
		a.sip = one_in(2) ? a.tip : (uint32_t)rnd();
	if (one_in(6))
		a.op = (uint16_t)(one_in(2) ? XVRRP_ARPOP_REPLY : rnd());
	if (one_in(4))
		for (int i = 0; i < 6; i++)
			a.sha[i] = (uint8_t)rnd();
	if (one_in(12))
		a.vlan_tci = (uint16_t)(1 + below(4094));
	build_arp(p, &a);
	if (one_in(12))
		p->b[XVRRP_ETH_HLEN + below(6)] ^= (uint8_t)(1 + below(255));
	if (one_in(4))
		p->len = XVRRP_ETH_HLEN + XVRRP_ARP4_LEN + below(3);
	if (one_in(12))
		p->len -= below((uint32_t)p->len + 1);
}

static void gen_ip6(struct pkt *p)
{
	static const uint8_t our_mac[6] = OUR_MAC;
	struct ip6_spec i = {
		.src_mac = REQUESTER_MAC, .hop_limit = XVRRP_ND_HOP_LIMIT, .kind = PKT6_NS,
		.lla = 1, .lla_type = XVRRP_ND_OPT_SOURCE_LL, .lla_mac = REQUESTER_MAC,
	};

	memcpy(i.saddr, requester6, 16);
	memcpy(i.target, one_in(5) ? other6 : vips6[below(NVIPS6)].addr, 16);
	if (one_in(3)) {
		memcpy(i.daddr, i.target, 16);
		memcpy(i.dst_mac, our_mac, 6);
		i.lla = !one_in(2);
	} else {
		ip6_to_solicited_group(&i);
	}
	if (one_in(4)) {
		static const enum pkt6_kind kinds[] = { PKT6_NA, PKT6_ECHO, PKT6_TCP };

		i.kind = PICK(kinds);
		i.hop_limit = i.kind == PKT6_NA ? 255 : 64;
		memcpy(i.daddr, vips6[below(NVIPS6)].addr, 16);
	}
	if (one_in(8)) {
		static const uint8_t ext[] = { PKT_NEXTHDR_HOP, PKT_NEXTHDR_DEST, PKT_NEXTHDR_FRAGMENT };

		i.ext = 1;
		i.ext_type = PICK(ext);
	}
	if (one_in(10))
		memset(i.saddr, 0, 16);
	if (one_in(15))
		i.saddr[0] = 0xff;
	if (one_in(10))
		i.hop_limit = (uint8_t)rnd();
	if (one_in(12))
		i.code = (uint8_t)rnd();
	if (one_in(10))
		i.lla_type = XVRRP_ND_OPT_TARGET_LL;
	i.nonce = one_in(12);
	i.bad_csum = one_in(15);
	if (one_in(12))
		i.vlan_tci = (uint16_t)(1 + below(4094));
	if (one_in(10))
		i.tc_flow = (uint32_t)rnd();
	build_ip6(p, &i);
	if (one_in(10))
		p->len -= below((uint32_t)p->len + 1);
}

static void gen_ip4(struct pkt *p)
{
	static const uint32_t dsts[] = { VIP_OWNED, VIP_NOACCEPT, VIP_VMAC, VIP_OTHER };
	struct ip4_spec i = { .dst_mac = OUR_MAC, .src_mac = REQUESTER_MAC, .saddr = REQUESTER_IP };

	i.daddr = PICK(dsts);
	i.proto = one_in(2) ? PKT_IPPROTO_TCP : PKT_IPPROTO_ICMP;
	if (one_in(10))
		i.vlan_tci = (uint16_t)(1 + below(4094));
	build_ip4(p, &i);
	if (one_in(8))
		p->b[XVRRP_ETH_HLEN + 9] = XVRRP_IPPROTO_AH;
	if (one_in(10))
		p->len -= below((uint32_t)p->len + 1);
}

static void gen_random(struct pkt *p)
{
	static const uint16_t types[] = { XVRRP_ETH_P_IP, XVRRP_ETH_P_ARP, XVRRP_ETH_P_IPV6,
					  XVRRP_ETH_P_8021Q, XVRRP_ETH_P_8021AD, 0x88cc };

	p->len = below(one_in(4) ? PKT_MAX : 160);
	for (size_t k = 0; k < p->len; k++)
		p->b[k] = (uint8_t)rnd();
	if (p->len >= 14 && !one_in(4))
		set16(p, 12, PICK(types));
	if (p->len >= 34 && be16(p->b + 12) == XVRRP_ETH_P_IP && one_in(2)) {
		p->b[14] = (uint8_t)(0x40 | (5 + below(3)));
		p->b[23] = one_in(2) ? XVRRP_IPPROTO_VRRP : XVRRP_IPPROTO_AH;
	}
}

/* IPv4 header checksum, VRRP checksum and ICMPv6 checksum made right again, where whole. */
static void repair(struct pkt *p)
{
	uint8_t *ip = p->b + XVRRP_ETH_HLEN;
	size_t hlen;

	if (p->len < XVRRP_ETH_HLEN + 20)
		return;
	if (be16(p->b + 12) == XVRRP_ETH_P_IP) {
		uint16_t tot;
		size_t off, vlen;
		uint32_t sum = 0;

		hlen = (size_t)(ip[0] & 0x0f) * 4;
		if (hlen < 20 || XVRRP_ETH_HLEN + hlen > p->len)
			return;
		ip[10] = ip[11] = 0;
		set16(p, XVRRP_ETH_HLEN + 10, (uint16_t)~sum16(ip, hlen, 0));
		tot = be16(ip + 2);
		off = XVRRP_ETH_HLEN + hlen + (ip[9] == XVRRP_IPPROTO_AH ? XVRRP_AH_LEN : 0);
		if (tot < off - XVRRP_ETH_HLEN + 8 || XVRRP_ETH_HLEN + tot > p->len)
			return;
		vlen = tot - (off - XVRRP_ETH_HLEN);
		if ((p->b[off] >> 4) == 3) {
			sum = sum16(ip + 12, 8, 0);
			sum = sum16((const uint8_t[]){ 0, XVRRP_IPPROTO_VRRP, (uint8_t)(vlen >> 8),
						       (uint8_t)vlen }, 4, sum);
		}
		p->b[off + 6] = p->b[off + 7] = 0;
		set16(p, off + 6, (uint16_t)~sum16(p->b + off, vlen, sum));
	} else if (be16(p->b + 12) == XVRRP_ETH_P_IPV6 && p->len >= XVRRP_ETH_HLEN + 40 + 24) {
		uint16_t plen = be16(ip + 4);
		uint32_t sum;

		if (ip[6] == XVRRP_IPPROTO_VRRP && XVRRP_ETH_HLEN + 40 + (size_t)plen <= p->len &&
		    plen >= VRRP_HDR_LEN) {
			/* RFC 5798 §5.2.8 over the pseudo-header of RFC 8200 §8.1. */
			sum = sum16(ip + 8, 32, 0);
			sum = sum16((const uint8_t[]){ 0, 0, (uint8_t)(plen >> 8), (uint8_t)plen,
						       0, 0, 0, XVRRP_IPPROTO_VRRP }, 8, sum);
			ip[46] = ip[47] = 0;
			set16(p, XVRRP_ETH_HLEN + 46, (uint16_t)~sum16(ip + 40, plen, sum));
			return;
		}
		if (ip[6] != XVRRP_IPPROTO_ICMPV6 || XVRRP_ETH_HLEN + 40 + (size_t)plen > p->len ||
		    plen < 4)
			return;
		sum = sum16(ip + 8, 32, 0);
		sum = sum16((const uint8_t[]){ 0, 0, (uint8_t)(plen >> 8), (uint8_t)plen, 0, 0, 0,
					       XVRRP_IPPROTO_ICMPV6 }, 8, sum);
		ip[42] = ip[43] = 0;
		set16(p, XVRRP_ETH_HLEN + 42, (uint16_t)~sum16(ip + 40, plen, sum));
	}
}

static void generate(struct pkt *p);

static void mutate(struct pkt *p)
{
	unsigned int n = 1 + below(4);

	while (n--) {
		switch (below(8)) {
		case 0: case 1: case 2:         /* a byte */
			if (p->len)
				p->b[below((uint32_t)p->len)] = (uint8_t)rnd();
			break;
		case 3:                         /* a bit, in the headers */
			if (p->len)
				p->b[below((uint32_t)(p->len < 80 ? p->len : 80))] ^=
					(uint8_t)(1u << below(8));
			break;
		case 4:                         /* cut */
			p->len = below((uint32_t)p->len + 1);
			break;
		case 5: {                       /* lengthen */
			size_t add = below(64);

			if (p->len + add > PKT_MAX)
				add = PKT_MAX - p->len;
			for (size_t k = 0; k < add; k++)
				p->b[p->len + k] = (uint8_t)rnd();
			p->len += add;
			break;
		}
		case 6: {                       /* splice the tail of another frame */
			struct pkt q;
			size_t at = below((uint32_t)p->len + 1), from;

			generate(&q);
			from = below((uint32_t)q.len + 1);
			if (at + (q.len - from) > PKT_MAX)
				break;
			memcpy(p->b + at, q.b + from, q.len - from);
			p->len = at + (q.len - from);
			break;
		}
		case 7:                         /* an 802.1Q/802.1ad tag in front */
			if (p->len >= 12 && p->len + 4 <= PKT_MAX) {
				memmove(p->b + 16, p->b + 12, p->len - 12);
				set16(p, 12, one_in(2) ? XVRRP_ETH_P_8021Q : XVRRP_ETH_P_8021AD);
				set16(p, 14, (uint16_t)below(4096));
				p->len += 4;
			}
			break;
		}
	}
}

static void generate(struct pkt *p)
{
	switch (below(12)) {
	case 0: case 1: case 2: case 3:
		gen_vrrp(p);
		break;
	case 4: case 5:
		gen_vrrp6(p);
		break;
	case 6: case 7:
		gen_arp(p);
		break;
	case 8: case 9:
		gen_ip6(p);
		break;
	case 10:
		gen_ip4(p);
		break;
	default:
		gen_random(p);
	}
}

/* ---- main ----------------------------------------------------------------- */

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

static void setup(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	libbpf_set_print(libbpf_quiet);
	g.ncpus = libbpf_num_possible_cpus();
	g.ifindex = (int)if_nametoindex("lo");
	g.skel = xvrrp_bpf__open_and_load();
	if (!g.skel || g.ncpus <= 0 || g.ifindex <= 0) {
		fprintf(stderr, "fuzz_xdp: cannot load the XDP program\n");
		exit(1);
	}
	g.rb = ring_buffer__new(bpf_map__fd(g.skel->maps.events), on_event, NULL, NULL);
	g.vs_len = (sizeof(struct xvrrp_vrid_state) * XVRRP_VRID_SLOTS + page - 1) / page * page;
	g.vs = mmap(NULL, g.vs_len, PROT_READ | PROT_WRITE, MAP_SHARED,
		    bpf_map__fd(g.skel->maps.vrid_state), 0);
	if (!g.rb || g.vs == MAP_FAILED) {
		fprintf(stderr, "fuzz_xdp: ring buffer or vrid_state mapping: %s\n", strerror(errno));
		exit(1);
	}
}

static uint64_t env_u64(const char *name, uint64_t dflt)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : dflt;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Replay files: one frame each, on freshly set maps. */
static int replay(int argc, char **argv)
{
	for (int a = 1; a < argc; a++) {
		static uint8_t buf[PKT_MAX];
		FILE *f = fopen(argv[a], "re");
		size_t n;

		if (!f) {
			perror(argv[a]);
			return 1;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		reset_maps(0);
		g.replaying = argv[a];
		run_one(buf, n, true);
		check_totals();
		printf("fuzz_xdp: %s: ok\n", argv[a]);
	}
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t seconds, max_iter;
	double start, elapsed;
	struct pkt p;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (geteuid() != 0) {
		printf("fuzz_xdp: not root: BPF_PROG_TEST_RUN needs CAP_BPF and CAP_NET_ADMIN; skipped\n");
		return EXIT_SKIP;
	}
	g.crash_dir = getenv("XVRRP_FUZZ_CRASH_DIR");
	setup();
	if (argc > 1)
		return replay(argc, argv);

	{
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		g.seed = env_u64("XVRRP_FUZZ_SEED", (uint64_t)ts.tv_sec * 1000003u ^ (uint64_t)ts.tv_nsec);
	}
	seconds = env_u64("XVRRP_FUZZ_SECONDS", 30);
	max_iter = env_u64("XVRRP_FUZZ_ITERATIONS", 0);
	rng_state = g.seed;
	printf("fuzz_xdp: seed %llu, %llu s%s\n", (unsigned long long)g.seed,
	       (unsigned long long)seconds, max_iter ? " or the iteration limit" : "");

	start = now_s();
	reset_maps((uint32_t)rnd());
	for (g.iter = 0; !max_iter || g.iter < max_iter; g.iter++) {
		if (g.iter % 256 == 0 && now_s() - start >= (double)seconds)
			break;
		generate(&p);
		if (one_in(2)) {
			mutate(&p);
			if (!one_in(4))
				repair(&p);
		}
		run_one(p.b, p.len, true);
		if (g.iter % ROUND_FRAMES == ROUND_FRAMES - 1) {
			check_totals();
			newcomer_storm();
			flood();
			check_totals();
			reset_maps((uint32_t)rnd());
		}
	}
	check_totals();
	elapsed = now_s() - start;
	for (size_t f = 0; f < NSTATS; f++)
		g.total[f] += g.stats[f];
	printf("fuzz_xdp: frames without the ring-buffer floods: %llu VRRP (%llu over IPv6, %llu "
	       "of them valid; %llu valid, %llu events, "
	       "%llu lower priority ignored, %llu rate-limited, %llu dst_err, %llu vrid_unknown), "
	       "%llu ARP (%llu answered), %llu NS (%llu answered), %llu no_accept drops, "
	       "%llu tagged; floods: %llu frames, %llu events, %llu lost to a full ring\n",
	       (unsigned long long)(g.total[ST(vrrp_rcvd)] - g.flood_frames),
	       (unsigned long long)g.vrrp6, (unsigned long long)g.valid6,
	       (unsigned long long)(g.total[ST(vrrp_valid)] - g.flood_frames),
	       (unsigned long long)(g.total[ST(vrrp_events)] - g.flood_events),
	       (unsigned long long)g.total[ST(lower_prio_ignored)],
	       (unsigned long long)g.total[ST(newcomer_limited)],
	       (unsigned long long)g.total[ST(dst_err)], (unsigned long long)g.total[ST(vrid_unknown)],
	       (unsigned long long)g.total[ST(arp_rcvd)], (unsigned long long)g.total[ST(arp_replied)],
	       (unsigned long long)g.total[ST(ns_rcvd)], (unsigned long long)g.total[ST(ns_replied)],
	       (unsigned long long)g.total[ST(no_accept_drop)],
	       (unsigned long long)g.total[ST(vlan_passed)], (unsigned long long)g.flood_frames,
	       (unsigned long long)g.flood_events, (unsigned long long)g.total[ST(ringbuf_full)]);
	printf("fuzz_xdp: %llu frames in %.1f s (%.0f/s), seed %llu: no failure\n",
	       (unsigned long long)g.iter, elapsed, elapsed > 0 ? (double)g.iter / elapsed : 0.0,
	       (unsigned long long)g.seed);
	return 0;
}
