/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every part of the XDP program shares: the configuration globals, the
 * clock, the maps, the verdict helpers and the advert as the parts hand it
 * on. Part of the one object built from xvrrp.bpf.c, which includes it once
 * (the maps and globals are defined here); the skeleton sees them by name.
 */
#ifndef XVRRP_BPF_COMMON_H
#define XVRRP_BPF_COMMON_H

/* Verdict for a valid advertisement; user space may set XDP_DROP. */
const volatile __u32 cfg_valid_verdict = XDP_PASS;
/* keepalived vrrp_mcast_group4, network byte order; default 224.0.0.18. */
const volatile __u32 cfg_mcast_group4 = bpf_htonl(XVRRP_MCAST_GROUP4);
/* keepalived vrrp_mcast_group6, four network byte order words; default ff02::12. */
const volatile __u32 cfg_mcast_group6[4] = { bpf_htonl(0xff020000), 0, 0, bpf_htonl(0x12) };

/*
 * 0 in service: stamps come from bpf_ktime_get_ns() (CLOCK_MONOTONIC). The
 * election simulator (tests/test_sim.c) runs this program through
 * BPF_PROG_TEST_RUN on a clock of its own and sets this before each run.
 */
volatile __u64 clock_override_ns;

static __always_inline __u64 clock_now(void)
{
	__u64 t = clock_override_ns;

	return t ? t : bpf_ktime_get_ns();
}

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xvrrp_xdp_stats);
} stats SEC(".maps");

/* Indexed by XVRRP_VRID_SLOT(); mmap()ed by the daemon (see xvrrp_maps.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XVRRP_VRID_SLOTS);
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct xvrrp_vrid_state);
} vrid_state SEC(".maps");

/*
 * The hash maps allocate per entry (BPF_F_NO_PREALLOC): an interface with one
 * VIP and one VRID does not pay for thousands of entries (times the
 * CPUs for vrid_stats); a network node has an interface per router. Only
 * vrid_stats is written here (a VRID's first advert), and a failed insert
 * only leaves that VRID uncounted.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XVRRP_MAX_VRIDS);
	__type(key, struct xvrrp_vrid_key);
	__type(value, struct xvrrp_vrid_stats);
} vrid_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XVRRP_MAX_VIPS);
	__type(key, struct xvrrp_vip_key);
	__type(value, struct xvrrp_vip_value);
} owned_vips SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XVRRP_MAX_VIPS6);
	__type(key, struct xvrrp_vip6_key);
	__type(value, struct xvrrp_vip_value);
} owned_vips6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XVRRP_MAX_UNICAST_DSTS);
	__type(key, struct xvrrp_unicast_dst_key);
	__type(value, __u8);
} unicast_dsts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XVRRP_MAX_UNICAST_PEERS);
	__type(key, struct xvrrp_unicast_peer_key);
	__type(value, __u8);
} unicast_peers SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XVRRP_MAX_UNICAST_DSTS);
	__type(key, struct xvrrp_unicast_dst6_key);
	__type(value, __u8);
} unicast_dsts6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, XVRRP_MAX_UNICAST_PEERS);
	__type(key, struct xvrrp_unicast_peer6_key);
	__type(value, __u8);
} unicast_peers6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, XVRRP_RINGBUF_BYTES);
} events SEC(".maps");

/* Where an AH event is put together before it goes into the ring (send_ah_event()). */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xvrrp_ah_event);
} ah_scratch SEC(".maps");

/* The longest VRRP part: 8 fixed bytes, 255 addresses, 8 bytes of v2 auth data. */
#define VRRP_MAX_LEN	(VRRP_HDR_LEN + 4 * VRRP_MAX_ADDRS + VRRP_AUTH_DATA_LEN)
#define VRRP_MAX_WORDS	(VRRP_MAX_LEN / 4)
#define IPV4_MAX_WORDS	15
/* Ethernet + the longest IPv4 header + AH: the VRRP part; then its fixed part. */
#define XVRRP_MAX_VRRP_OFF	(XVRRP_ETH_HLEN + 60 + XVRRP_AH_LEN)
#define XVRRP_MAX_ADDRS_OFF	(XVRRP_MAX_VRRP_OFF + VRRP_HDR_LEN)
/* IPv6: at most this many bytes of extension headers in front of an advert (advert6.h). */
#define IP6_EXT_MAX_LEN		256
#define VRRP6_MAX_LEN		(VRRP_HDR_LEN + VRRP_ADDR6_LEN * VRRP_MAX_ADDRS)
#define XVRRP_MAX_ADDRS6_OFF	(XVRRP_ETH_HLEN + XVRRP_IPV6_HLEN + IP6_EXT_MAX_LEN + VRRP_HDR_LEN)

/*
 * Every verdict goes through here with the counter it is filed under, so a
 * verdict and its count cannot drift apart (xdp-tools' record pattern).
 */
static __always_inline int verdict(__u64 *counter, int action)
{
	*counter += 1;
	return action;
}

#define drop_if(st, field)	verdict(&(st)->field, XDP_DROP)

/*
 * A drop that is also filed under the instance once the VRID is known to be
 * configured (vst != NULL). The NULL test is on vst itself: clang would fold
 * a test on &vst->field into arithmetic the verifier refuses.
 */
#define drop_vrid(st, vst, field) ({			\
	if (vst)					\
		(vst)->field += 1;			\
	verdict(&(st)->field, XDP_DROP);		\
})

/* What the checksum walk over the VRRP part learns in one pass. */
struct vrrp_walk {
	__u64 sum;
	__u32 auth[2];		/* the last two words: v2 auth data */
};

/* A valid advert as compared with vrid_state and put in the event. */
struct vrrp_advert {
	__u32 addrs_off;	/* frame offset of the address list */
	__u32 l3_off;		/* frame offset of the IPv4 header */
	__u16 ip_len;		/* IPv4 total length */
	__u8 ah;		/* inside an IPsec AH header */
	__u8 family;		/* XVRRP_AF_INET or XVRRP_AF_INET6 */
	__u32 saddr4;		/* IPv6: xvrrp_addr6_fold(saddr6) */
	__u32 daddr4;		/* IPv6: 0 */
	__u32 saddr6[4];	/* IPv6 only, network byte order words */
	__u32 daddr6[4];
	__u16 max_adver_int_cs;
	__u8 version;
	__u8 vrid;
	__u8 priority;
	__u8 count_addr;
	__u8 auth_type;
	__u32 addr_hash;	/* addr_list_hash() */
	struct vrrp_walk walk;	/* the checksum walk's findings */
};

/*
 * Set flag bits without losing a concurrent write of flags by user space
 * (through mmap). 32-bit atomic OR needs -mcpu=v3, 64-bit does not, so OR
 * into the 8-byte word whose upper half is flags (xvrrp_maps.h asserts the
 * offset); the lower half (addr_hash) gets zeros, which an OR leaves as
 * they are.
 */
static __always_inline void vrid_flags_or(struct xvrrp_vrid_state *vs, __u32 bits)
{
	__u64 *word = (__u64 *)&vs->addr_hash;

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	__sync_fetch_and_or(word, (__u64)bits << 32);
#else
	__sync_fetch_and_or(word, (__u64)bits);
#endif
}

/* Two IPv6 addresses (16 bytes each), compared as four words (BPF has no memcmp). */
static __always_inline bool addr6_eq(const void *a, const void *b)
{
	const __u32 *x = a, *y = b;

	return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3])) == 0;
}

#define NSEC_PER_CS	10000000ULL

/*
 * A VIP's entry says which instance it belongs to; it is ours now only while
 * that instance's slot says XVRRP_VRID_OWNED (one word flips every VIP of
 * a VRID at once).
 */
static __always_inline bool vip_owned(const struct xvrrp_vip_value *vip)
{
	__u32 slot = XVRRP_VRID_SLOT(vip->vrid, (vip->flags & XVRRP_VIP_INST6) ? XVRRP_AF_INET6
									 : XVRRP_AF_INET);
	struct xvrrp_vrid_state *vs = bpf_map_lookup_elem(&vrid_state, &slot);

	return vs && (*(volatile __u32 *)&vs->flags & XVRRP_VRID_OWNED);
}

/*
 * Check 3 of both families: the slot of (vrid, family) if this interface
 * runs that virtual router, else NULL; *flags gets its flags, read once
 * (user space may write them at any time, through mmap).
 */
static __always_inline struct xvrrp_vrid_state *vrid_configured(__u8 vrid, __u8 family,
								__u32 *flags)
{
	__u32 slot = XVRRP_VRID_SLOT(vrid, family);
	struct xvrrp_vrid_state *vs = bpf_map_lookup_elem(&vrid_state, &slot);

	*flags = vs ? *(volatile __u32 *)&vs->flags : 0;
	if (!(*flags & XVRRP_VRID_CONFIGURED))
		return NULL;
	return vs;
}

/*
 * A VRID's first counters, from .rodata rather than the stack: 112 bytes
 * in each frame that creates them would take the handlers' stacks and the
 * main program's past the 512 bytes BPF allows a chain of calls.
 */
static const struct xvrrp_vrid_stats vrid_stats_zero;

static __always_inline struct xvrrp_vrid_stats *vrid_stats_get(struct xvrrp_vrid_key *key)
{
	struct xvrrp_vrid_stats *vst;

	vst = bpf_map_lookup_elem(&vrid_stats, key);
	if (vst)
		return vst;
	/* Only configured VRIDs get here, so junk cannot fill the map. */
	bpf_map_update_elem(&vrid_stats, key, &vrid_stats_zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&vrid_stats, key);
}

#endif /* XVRRP_BPF_COMMON_H */
