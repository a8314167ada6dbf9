// SPDX-License-Identifier: GPL-2.0-only
/*
 * xvrrp XDP fast path: validate VRRP advertisements (RFC 5798 §7.1,
 * RFC 3768 §7.1) on the wire, stamp them and wake user space only when
 * something that matters changed; answer ARP and IPv6 neighbour
 * solicitations for the VIPs this node owns; drop traffic to the VIPs of
 * no_accept instances (RFC 5798 §6.1).
 *
 * Only the interface's own frames are looked at: an 802.1Q/802.1ad-tagged
 * frame belongs to a VLAN interface on top of this one and is left to the
 * kernel untouched (vlan_passed), adverts, ARP and neighbour discovery
 * alike. (A NIC that strips tags in hardware hides them from XDP: run
 * xvrrp on the VLAN interface, or turn rx VLAN offload off.)
 *
 * Order of the VRRP checks. A packet with several faults is counted once,
 * under the first check it fails, in this order:
 *   1. ip_hdr_err          IHL < 5, header beyond the frame, total length
 *                          shorter than the header, bad IPv4 header checksum,
 *                          a fragment (MF or offset)
 *   2. dst_err             destination is neither the VRRP group
 *                          (cfg_mcast_group4, RFC 5798 §5.1.1.2; keepalived
 *                          vrrp_mcast_group4) nor one of this node's
 *                          unicast addresses (unicast_dsts; keepalived
 *                          unicast_peer / unicast_src_ip): not ours (VRRP
 *                          routed through this host), counted and PASSED
 *   3. vrid_unknown        the vrid_state slot of (VRID, AF_INET) lacks
 *                          XVRRP_VRID_CONFIGURED: another virtual router's
 *                          (another VRRP speaker on this host may run it),
 *                          counted and PASSED (RFC 5798 §7.1 discards it
 *                          for the routers that do not run it: we do not)
 *   4. unicast_mode_err    the destination kind disagrees with the VRID's
 *                          mode (XVRRP_VRID_UNICAST): keepalived refuses a
 *                          multicast advert for a unicast instance and the
 *                          reverse
 *   5. unicast_peer_err    unicast advert for a VRID with
 *                          XVRRP_VRID_UNICAST_CHECK_SRC whose sender is not
 *                          in its unicast_peers (vrrp_check_unicast_src)
 *   6. authtype_mismatch   the advert comes inside an IPsec AH header (IP
 *                          protocol 51) while the VRID lacks
 *                          XVRRP_VRID_AUTH_AH, or the reverse (keepalived:
 *                          "Received AH header but auth type not AH", "No
 *                          AH header but auth type is AH")
 *   7. ip_ttl_err          multicast only: TTL != 255 (§7.1 "MUST verify
 *                          that the IPvX TTL..."). Like keepalived, unicast
 *                          adverts are not TTL-checked: peers may be routed.
 *   8. packet_len_err      VRRP part (IP total length - IHL*4, less the
 *                          24-byte AH header if any) shorter than the 8 fixed
 *                          bytes, longer than any advert can be (8 + 4 * 255
 *                          + 8), or beyond the end of the frame; an AH header
 *                          cut short or whose Payload Len is not 4
 *   9. version_err         version is neither 2 nor 3
 *  10. invalid_type_rcvd   type is not ADVERTISEMENT (§5.2.2)
 *  11. packet_len_err      VRRP length != 8 + 4 * count_addr (+ 8 auth bytes in v2)
 *  12. checksum_err        v3: over the IPv4 pseudo-header, with the real
 *                          destination (also for unicast, as keepalived
 *                          since 1.3.6), and the VRRP part (§5.2.8); v2:
 *                          over the VRRP part (RFC 3768 §5.3.8)
 *  13. advert_interval_err Max Adver Int (v3, §5.2.7) or Adver Int (v2) of zero
 *      addr_list_err       v3 Count IPvX Addr of zero (§5.2.5: at least 1)
 *  14. the instance's rules, from its vrid_state slot (cfg_*):
 *      version_err         not the instance's version
 *      advert_interval_err v2: not the instance's Adver Int
 *      authtype_mismatch   v2: not the instance's Auth Type
 *      addr_list_err       XVRRP_VRID_CHECK_ADDRS (vrrp_strict): another
 *                          address list
 * Checks 3 to 6 come before the costly checksum walk so that a flood from
 * strangers is refused cheaply; they need only the VRID byte. Checks 4 and
 * later are also counted in vrid_stats (the VRID is configured here), so
 * per-instance counters match keepalived's. An advert too short to show its
 * VRID fails check 8.
 *
 * A valid advert then meets the stored master of its VRID (vrrp_accept(),
 * the rule is spelled out above struct xvrrp_vrid_state): it is taken in
 * if it comes from the stored master, or from a better one, or the stored
 * master went quiet; otherwise it is only counted (lower_prio_ignored), so
 * a host flooding lower-priority adverts wakes nobody.
 *
 * IPsec AH (RFC 2338 §5.3.6.2, keepalived's auth_type AH): an IPv4 packet
 * of protocol 51 whose AH header says next header 112 is an advert behind a
 * 24-byte AH header and goes through the same checks. Its ICV (HMAC-MD5-96
 * over the whole IP packet) is checked by the daemon: an AH VRID has
 * XVRRP_VRID_WAKE_ALL, so every such advert is an event, and the event
 * carries the IP packet (struct xvrrp_ah_event). AH for anything else is
 * not VRRP and is left to the kernel like any other IPv4 packet.
 *
 * IPv6 VIPs (owned_vips6: keepalived allows them in an IPv4 instance's
 * virtual_ipaddress_excluded, as OpenStack Neutron's dual-stack routers
 * have them) get the same two services as IPv4 ones. A neighbour
 * solicitation for one is answered in place with a solicited neighbour
 * advertisement (RFC 4861 §7.2.4, RFC 5798 §6.4.3), when it is of the
 * plain shape spelled out above handle_ns(); anything else goes to the
 * kernel (ns_passed). Other IPv6 packets to a no_accept VIP are dropped
 * (no_accept_drop), except neighbour solicitations and advertisements (also
 * behind extension headers), which must keep working, as keepalived's
 * no_accept firewall rules let it through. Only VRRPv2/v3 over IPv4 is
 * validated here: IPv6 adverts go to the kernel untouched.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xvrrp_wire.h"
#include "xvrrp_maps.h"
#include "parsing.h"

char LICENSE[] SEC("license") = "GPL";

/* Verdict for a valid advertisement; user space may set XDP_DROP. */
const volatile __u32 cfg_valid_verdict = XDP_PASS;
/* keepalived vrrp_mcast_group4, network byte order; default 224.0.0.18. */
const volatile __u32 cfg_mcast_group4 = bpf_htonl(XVRRP_MCAST_GROUP4);

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

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, XVRRP_MAX_VRIDS);
	__type(key, struct xvrrp_vrid_key);
	__type(value, struct xvrrp_vrid_stats);
} vrid_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XVRRP_MAX_VIPS);
	__type(key, struct xvrrp_vip_key);
	__type(value, struct xvrrp_vip_value);
} owned_vips SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XVRRP_MAX_VIPS6);
	__type(key, struct xvrrp_vip6_key);
	__type(value, struct xvrrp_vip_value);
} owned_vips6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XVRRP_MAX_UNICAST_DSTS);
	__type(key, struct xvrrp_unicast_dst_key);
	__type(value, __u8);
} unicast_dsts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XVRRP_MAX_UNICAST_PEERS);
	__type(key, struct xvrrp_unicast_peer_key);
	__type(value, __u8);
} unicast_peers SEC(".maps");

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
/* Ethernet + the longest IPv4 header + AH + the VRRP fixed part. */
#define XVRRP_MAX_ADDRS_OFF	(XVRRP_ETH_HLEN + 60 + XVRRP_AH_LEN + VRRP_HDR_LEN)

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

/* The IPv4 header fields the checks need, read once (see "Checksum loops"). */
struct ip4_facts {
	__u32 saddr4;
	__u32 daddr4;
	__u16 tot_len;
	__u16 frag_off;
	__u8 ttl;
};

/* A valid advert as compared with vrid_state and put in the event. */
struct vrrp_advert {
	__u32 addrs_off;	/* frame offset of the address list */
	__u32 l3_off;		/* frame offset of the IPv4 header */
	__u16 ip_len;		/* IPv4 total length */
	__u8 ah;		/* inside an IPsec AH header */
	__u32 saddr4;
	__u32 daddr4;
	__u16 max_adver_int_cs;
	__u8 version;
	__u8 vrid;
	__u8 priority;
	__u8 count_addr;
	__u8 auth_type;
	__u32 addr_hash;	/* addr_list_hash() */
	struct vrrp_walk walk;	/* the checksum walk's findings */
};

static __always_inline struct xvrrp_vrid_stats *vrid_stats_get(struct xvrrp_vrid_key *key)
{
	struct xvrrp_vrid_stats zero = {};
	struct xvrrp_vrid_stats *vst;

	vst = bpf_map_lookup_elem(&vrid_stats, key);
	if (vst)
		return vst;
	/* Only configured VRIDs get here, so junk cannot fill the map. */
	bpf_map_update_elem(&vrid_stats, key, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&vrid_stats, key);
}

/*
 * Checksum loops. Both run a constant number of times and stop at an end
 * *pointer*, never at a scalar bound (IHL, VRRP length, Count IPvX Addr).
 * A scalar bound would be narrowed by the verifier on every exit, making
 * each iteration's way out a state of its own that multiplies with the rest
 * of the program; comparing two packet pointers teaches it nothing, so the
 * exits stay alike and are pruned. For the same reason header fields are
 * read into locals before each loop and the loop's packet pointer is dead
 * after it: the frame range proven so far differs on every exit. The
 * separate data_end test makes each load safe; barrier_var() keeps clang
 * from turning it into a trip count the verifier cannot follow.
 */

/* RFC 791 header checksum over the IHL 32-bit words up to hdr_end. */
static __always_inline bool ipv4_csum_ok(struct iphdr *iph, void *hdr_end, void *data_end)
{
	__u32 *word;
	__u64 sum = 0;
	__u32 i;

	for (i = 0; i < IPV4_MAX_WORDS; i++) {
		word = (__u32 *)iph + i;
		barrier_var(word);
		if ((void *)(word + 1) > hdr_end)
			break;
		if ((void *)(word + 1) > data_end)
			return false;
		sum += *word;
	}
	return csum_fold64(sum) == 0xffff;
}

/*
 * One pass over the VRRP part in 32-bit words (its length is a multiple of
 * 4 once check 9 passed): the one's-complement sum and the last two words
 * (v2 auth data). Summing native 32-bit loads
 * gives the same folded result as big-endian 16-bit words (RFC 1071 §2(B)).
 * Only scalars come out, so every exit looks the same to the verifier.
 * Returns false if the frame ends early.
 */
static __always_inline bool vrrp_walk(struct vrrp_hdr *vrrp, void *vrrp_end, void *data_end,
				      struct vrrp_walk *walk)
{
	__u32 *word;
	__u32 i, val;

	for (i = 0; i < VRRP_MAX_WORDS; i++) {
		word = (__u32 *)vrrp + i;
		barrier_var(word);
		if ((void *)(word + 1) > vrrp_end)
			break;
		if ((void *)(word + 1) > data_end)
			return false;
		val = *word;
		walk->sum += val;
		/* After the 8 fixed bytes: Count IPvX Addr addresses, then (v2) auth data. */
		if (i < VRRP_HDR_LEN / 4)
			continue;
		walk->auth[0] = walk->auth[1];
		walk->auth[1] = val;
	}
	return true;
}

/*
 * The hash of the address list (xvrrp_maps.h), in a global function: the
 * verifier checks its loop once, on its own, instead of once for every way
 * the checks above can reach it. A global function cannot take packet
 * pointers, so it takes the list's offset and derives them from ctx.
 */
__noinline __u32 addr_list_hash(struct xdp_md *ctx, __u32 addrs_off, __u32 count)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u32 hash = xvrrp_addr_hash_seed(count);
	__u32 *word;
	__u32 i;

	if (addrs_off > XVRRP_MAX_ADDRS_OFF)	/* cannot happen; bounds it for the verifier */
		return hash;
	for (i = 0; i < VRRP_MAX_ADDRS; i++) {
		if (i >= count)
			break;
		word = data + addrs_off + i * 4;
		barrier_var(word);
		if ((void *)(word + 1) > data_end)
			break;
		hash += xvrrp_addr_mix(*word);
	}
	return hash;
}

/*
 * The first XVRRP_EVENT_MAX_ADDRS addresses, read again for the event only:
 * a fresh packet pointer keeps this short loop apart from the walk above.
 */
static __always_inline void copy_addrs(struct xdp_md *ctx, __u32 addrs_off, __u32 count,
				       __u32 *dst)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u32 *word;
	__u32 i;

	if (addrs_off > XVRRP_MAX_ADDRS_OFF)
		return;
	for (i = 0; i < XVRRP_EVENT_MAX_ADDRS; i++) {
		if (i >= count)
			break;
		word = data + addrs_off + i * 4;
		barrier_var(word);
		if ((void *)(word + 1) > data_end)
			break;
		dst[i] = *word;
	}
}

static __always_inline void fill_event(struct xvrrp_advert_event *ev, struct xdp_md *ctx,
				       const struct vrrp_advert *adv, __u64 now, __u8 reason)
{
	ev->ktime_ns = now;
	ev->ifindex = ctx->ingress_ifindex;
	ev->saddr4 = adv->saddr4;
	ev->daddr4 = adv->daddr4;
	ev->version = adv->version;
	ev->vrid = adv->vrid;
	ev->priority = adv->priority;
	ev->count_addr = adv->count_addr;
	ev->max_adver_int_cs = adv->max_adver_int_cs;
	ev->reason = reason;
	ev->ip_len = 0;
	ev->pad = 0;
	ev->addr_hash = adv->addr_hash;
	/* RFC 3768 §5.3.6, §5.3.10: v2 only; v3 has neither (RFC 5798 §5.2.5). */
	if (adv->version == VRRP_VERSION_2) {
		ev->auth_type = adv->auth_type;
		__builtin_memcpy(ev->auth_data, adv->walk.auth, sizeof(ev->auth_data));
	} else {
		ev->auth_type = 0;
		__builtin_memset(ev->auth_data, 0, sizeof(ev->auth_data));
	}
	__builtin_memset(ev->addrs, 0, sizeof(ev->addrs));
	copy_addrs(ctx, adv->addrs_off, adv->count_addr, ev->addrs);
}

static __always_inline bool send_event(struct xdp_md *ctx, const struct vrrp_advert *adv,
				       __u64 now, __u8 reason)
{
	struct xvrrp_advert_event *ev;

	ev = bpf_ringbuf_reserve(&events, sizeof(*ev), 0);
	if (!ev)
		return false;
	fill_event(ev, ctx, adv, now, reason);
	bpf_ringbuf_submit(ev, 0);
	return true;
}

/*
 * An advert behind AH: the event carries the IP packet for the ICV check.
 * It is put together in a per-CPU scratch buffer and copied into the ring
 * with its real length (bpf_ringbuf_output), so a typical AH event takes
 * ~240 bytes of the ring (two VIPs) rather than room for the longest packet. The
 * packet is copied word by word (an IPv4 header, the AH header and a
 * VRRPv2 packet are all multiples of 4 bytes): bpf_xdp_load_bytes() would
 * need Linux 5.18.
 */
static __always_inline bool send_ah_event(struct xdp_md *ctx, const struct vrrp_advert *adv,
					  __u64 now, __u8 reason)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	__u32 len = adv->ip_len, l3_off = adv->l3_off, zero = 0, i;
	struct xvrrp_ah_event *aev;
	__u32 *word;

	/* Cannot happen (checks 1 and 8, no VLAN tag); tells the verifier the bounds. */
	if (len == 0 || len > XVRRP_AH_IP_MAX || (len & 3) ||
	    l3_off > XVRRP_ETH_HLEN)
		return false;
	aev = bpf_map_lookup_elem(&ah_scratch, &zero);
	if (!aev)
		return false;
	fill_event(&aev->ev, ctx, adv, now, reason);
	aev->ev.ip_len = len;
	for (i = 0; i < XVRRP_AH_IP_MAX / 4; i++) {
		if (i * 4 >= len)
			break;
		word = data + l3_off + i * 4;
		barrier_var(word);
		if ((void *)(word + 1) > data_end)
			return false;
		((__u32 *)aev->ip)[i] = *word;
	}
	return bpf_ringbuf_output(&events, aev, sizeof(aev->ev) + len, 0) == 0;
}

/* Which of the fields that matter (DESIGN.md "Scale") changed since the last advert. */
static __always_inline __u8 wake_reason(const struct xvrrp_vrid_state *vs, __u32 flags,
					const struct vrrp_advert *adv, __u32 addr_hash)
{
	__u8 reason = 0;

	if (!(flags & XVRRP_VRID_SEEN)) {
		reason |= XVRRP_WAKE_NEW;
	} else {
		if (vs->master.adv.saddr4 != adv->saddr4)
			reason |= XVRRP_WAKE_SENDER;
		if (vs->master.adv.priority != adv->priority)
			reason |= XVRRP_WAKE_PRIORITY;
		if (vs->master.adv.max_adver_int_cs != adv->max_adver_int_cs)
			reason |= XVRRP_WAKE_INTERVAL;
		if (vs->addr_hash != addr_hash)
			reason |= XVRRP_WAKE_ADDRS;
		if (vs->master.adv.version != adv->version)
			reason |= XVRRP_WAKE_VERSION;
	}
	/* §6.4.2/§6.4.3: priority 0 means the master is leaving; act at once. */
	if (adv->priority == VRRP_PRIO_STOP)
		reason |= XVRRP_WAKE_PRIO_ZERO;
	if (flags & XVRRP_VRID_WAKE_ALL)
		reason |= XVRRP_WAKE_ALL;
	return reason;
}

/*
 * The stored master went quiet: no advert for more than three of its
 * advert intervals (the Master_Down_Interval of RFC 5798 §6.1 without
 * Skew_Time). At most 3 * 25500 cs * 10^7 ns, far from overflowing 64 bits.
 * A stamp in the future (user space wrote it) is not stale.
 */
#define STALE_ADVERTS	3
#define NSEC_PER_CS	10000000ULL

static __always_inline bool stored_master_stale(const struct xvrrp_vrid_state *vs, __u64 now)
{
	__u64 last = vs->last_seen_ns;
	__u64 limit = STALE_ADVERTS * NSEC_PER_CS * vs->master.adv.max_adver_int_cs;

	return now > last && now - last > limit;
}

/*
 * An advert (priority > 0) from a sender other than the stored master
 * takes its place only if it is better or the stored one is gone: higher
 * priority, or equal priority from the higher IPv4 address (RFC 5798
 * §6.4.3, compared as unsigned integers in host order), or a stale stored
 * master, or user space wants every advert (WAKE_ALL).
 */
static __always_inline bool newcomer_replaces(const struct xvrrp_vrid_state *vs, __u32 flags,
					      const struct vrrp_advert *adv, __u64 now)
{
	if (flags & XVRRP_VRID_WAKE_ALL)
		return true;
	if (adv->priority > vs->master.adv.priority)
		return true;
	if (adv->priority == vs->master.adv.priority && bpf_ntohl(adv->saddr4) > bpf_ntohl(vs->master.adv.saddr4))
		return true;
	return stored_master_stale(vs, now);
}

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

/*
 * The rate limit of wake-ups for other senders' adverts (xvrrp_maps.h): a
 * GCRA over newcomer_tat_ns, the time at which the slot is "full" again.
 * Racing CPUs may let one or two more through; nothing worse.
 */
static __always_inline bool newcomer_admitted(struct xvrrp_vrid_state *vs, __u64 now)
{
	__u64 tat = vs->newcomer_tat_ns;

	if (tat < now)
		tat = now;
	tat += XVRRP_NEWCOMER_INTERVAL_NS;
	if (tat - now > XVRRP_NEWCOMER_BURST * XVRRP_NEWCOMER_INTERVAL_NS)
		return false;
	vs->newcomer_tat_ns = tat;
	return true;
}

/* The reasons that change what vrid_state holds (all but WAKE_ALL). */
#define WAKE_CHANGES	(XVRRP_WAKE_NEW | XVRRP_WAKE_SENDER | XVRRP_WAKE_PRIORITY | \
			 XVRRP_WAKE_INTERVAL | XVRRP_WAKE_ADDRS | XVRRP_WAKE_VERSION | \
			 XVRRP_WAKE_PRIO_ZERO)

/* The stored master is alive: the daemon reads this when Master_Down expires. */
static __always_inline void stamp(struct xvrrp_vrid_state *vs, __u64 now)
{
	/* The atomic add orders the master word before the stamp. */
	__sync_fetch_and_add(&vs->adverts, 1);
	vs->last_seen_ns = now;
}

/*
 * A valid advert meets the stored master (rule above struct
 * xvrrp_vrid_state). Only the fields that change are written, one by one:
 * user space writes flags concurrently through mmap. If the ring buffer is
 * full the stored fields are left as they were, so the next advert retries
 * the wake-up instead of losing the change.
 *
 * A global (not inlined) function: the verifier checks it once, on its
 * own, instead of once for every way the checks above can reach it (each
 * exit of the checksum walk is a state of its own). Its pointer arguments
 * are then plain memory that may be NULL, hence the tests; and since BPF
 * allows five arguments, it looks the interface counters up again.
 */
__noinline int vrrp_accept(struct xdp_md *ctx, struct xvrrp_vrid_stats *vst,
			   struct xvrrp_vrid_state *vs, __u32 flags, const struct vrrp_advert *adv)
{
	struct xvrrp_xdp_stats *st;
	bool newcomer, sent, store = true;
	__u32 zero = 0;
	__u64 now;
	__u8 reason;

	st = bpf_map_lookup_elem(&stats, &zero);
	if (!st || !vs || !adv)	/* cannot happen: the caller checked */
		return XDP_DROP;
	now = clock_now();
	if (vst)
		vst->advert_rcvd += 1;

	newcomer = (flags & XVRRP_VRID_SEEN) && vs->master.adv.saddr4 != adv->saddr4;
	if (newcomer && (adv->priority == VRRP_PRIO_STOP || newcomer_replaces(vs, flags, adv, now)) &&
	    !newcomer_admitted(vs, now)) {
		/* A flood of goodbyes or ever-better adverts: over the rate, nothing happens. */
		if (vst)
			vst->newcomer_limited += 1;
		st->newcomer_limited += 1;
		return verdict(&st->vrrp_valid, cfg_valid_verdict);
	}
	if (newcomer && adv->priority == VRRP_PRIO_STOP) {
		/* §6.4.2: someone is leaving; the daemon decides, the master stays. */
		reason = XVRRP_WAKE_PRIO_ZERO | (flags & XVRRP_VRID_WAKE_ALL ? XVRRP_WAKE_ALL : 0);
		store = false;
	} else if (newcomer && !newcomer_replaces(vs, flags, adv, now)) {
		/* Not a master worth following: counted, nobody woken, nothing stored. */
		if (vst)
			vst->lower_prio_ignored += 1;
		st->lower_prio_ignored += 1;
		return verdict(&st->vrrp_valid, cfg_valid_verdict);
	} else {
		reason = wake_reason(vs, flags, adv, adv->addr_hash);
	}

	if (reason) {
		if (adv->ah)
			sent = send_ah_event(ctx, adv, now, reason);
		else
			sent = send_event(ctx, adv, now, reason);
		if (!sent) {
			st->ringbuf_full += 1;
			/*
			 * Stored and stamped only what the daemon has seen: an
			 * unchanged advert of the stored master still says it lives;
			 * a change (a goodbye, a new sender) the daemon never heard of
			 * says nothing, and the next such advert tries again.
			 */
			if (store && !(reason & WAKE_CHANGES))
				stamp(vs, now);
			return verdict(&st->vrrp_valid, cfg_valid_verdict);
		}
		st->vrrp_events += 1;
	}
	if (!store)
		return verdict(&st->vrrp_valid, cfg_valid_verdict);

	if (reason & WAKE_CHANGES) {
		union xvrrp_vrid_master next;

		/* One 64-bit store: a reader never sees half of it (xvrrp_maps.h). */
		next.adv.saddr4 = adv->saddr4;
		next.adv.max_adver_int_cs = adv->max_adver_int_cs;
		next.adv.priority = adv->priority;
		next.adv.version = adv->version;
		vs->master.word = next.word;
		vs->addr_hash = adv->addr_hash;
	}
	stamp(vs, now);
	if (!(flags & XVRRP_VRID_SEEN))
		vrid_flags_or(vs, XVRRP_VRID_SEEN);
	return verdict(&st->vrrp_valid, cfg_valid_verdict);
}

static __always_inline void read_ip4_facts(struct iphdr *iph, struct ip4_facts *ip)
{
	ip->saddr4 = iph->saddr;
	ip->daddr4 = iph->daddr;
	ip->tot_len = bpf_ntohs(iph->tot_len);
	ip->frag_off = bpf_ntohs(iph->frag_off);
	ip->ttl = iph->ttl;
}

/*
 * Check 2: an advert goes to the VRRP group or, for keepalived's
 * unicast_peer, to one of our unicast addresses. Returns whether it is
 * unicast, or -1 when it is neither.
 */
static __always_inline int advert_dst_unicast(__u32 daddr4)
{
	struct xvrrp_unicast_dst_key key = { .addr4 = daddr4 };

	if (daddr4 == cfg_mcast_group4)
		return 0;
	if (bpf_map_lookup_elem(&unicast_dsts, &key))
		return 1;
	return -1;
}

/* Check 4: the sender is in the VRID's unicast_peer list. */
static __always_inline bool unicast_peer_listed(__u8 vrid, __u32 saddr4)
{
	struct xvrrp_unicast_peer_key key = { .vrid = vrid, .saddr4 = saddr4 };

	return bpf_map_lookup_elem(&unicast_peers, &key) != NULL;
}

static __always_inline int handle_vrrp4(struct xdp_md *ctx, struct xvrrp_xdp_stats *st,
					struct iphdr *iph, __u32 l3_off, void *data_end, bool ah)
{
	struct xvrrp_vrid_key key = { .family = XVRRP_AF_INET };
	struct xvrrp_vrid_stats *vst = NULL;
	struct xvrrp_vrid_state *vs = NULL;
	__u32 slot, flags = 0;
	struct vrrp_advert adv = {};
	struct ip4_facts ip;
	struct vrrp_hdr hdr;
	struct hdr_cursor vrrp_nh;
	struct vrrp_hdr *vrrp;
	struct xvrrp_ipsec_ah *ahdr;
	__u32 hdr_len, ah_len, vrrp_len, expect_len;
	int unicast;
	__u8 type;

	st->vrrp_rcvd += 1;

	/* 1. A sane, whole, unfragmented IPv4 header. */
	read_ip4_facts(iph, &ip);
	hdr_len = iph->ihl * 4;
	if (hdr_len < sizeof(*iph) || ip.tot_len < hdr_len)
		return drop_if(st, ip_hdr_err);
	ahdr = (void *)iph + hdr_len;
	if ((void *)ahdr > data_end)
		return drop_if(st, ip_hdr_err);
	if (!ipv4_csum_ok(iph, ahdr, data_end))
		return drop_if(st, ip_hdr_err);
	ah_len = ah ? XVRRP_AH_LEN : 0;
	vrrp = (void *)ahdr + ah_len;
	vrrp_nh.pos = vrrp;
	if (ip.frag_off & (XVRRP_IP_MF | XVRRP_IP_OFFSET))
		return drop_if(st, ip_hdr_err);

	/* 2. RFC 5798 §5.1.1.2: adverts go to the VRRP group (or to us, unicast). */
	unicast = advert_dst_unicast(ip.daddr4);
	if (unicast < 0)
		return verdict(&st->dst_err, XDP_PASS);

	/* From here on, errors are per-instance too: the VRID is ours. */
	if (parse_vrrp_hdr(&vrrp_nh, data_end, &vrrp) >= 0) {
		key.vrid = vrrp->vrid;
		slot = XVRRP_VRID_SLOT(key.vrid, XVRRP_AF_INET);
		vs = bpf_map_lookup_elem(&vrid_state, &slot);
		/* One read: user space may write flags at any time (mmap). */
		if (vs)
			flags = *(volatile __u32 *)&vs->flags;
		/* 3. Another virtual router's advert: not ours to judge. */
		if (!(flags & XVRRP_VRID_CONFIGURED))
			return verdict(&st->vrid_unknown, XDP_PASS);
		vst = vrid_stats_get(&key);
		/* Keep clang from masking the pointer, which the verifier refuses. */
		barrier_var(vs);
	}

	if (vs) {
		/* 4. An instance is multicast or unicast, as keepalived has it. */
		if (unicast != !!(flags & XVRRP_VRID_UNICAST))
			return drop_vrid(st, vst, unicast_mode_err);
		/* 5. vrrp_check_unicast_src: only listed peers may advertise. */
		if (unicast && (flags & XVRRP_VRID_UNICAST_CHECK_SRC) &&
		    !unicast_peer_listed(key.vrid, ip.saddr4))
			return drop_vrid(st, vst, unicast_peer_err);
		/* 6. auth_type AH and IPsec AH go together. */
		if (ah != !!(flags & XVRRP_VRID_AUTH_AH))
			return drop_vrid(st, vst, authtype_mismatch);
	}

	/* 7. §7.1: a multicast advert with a TTL other than 255 was routed. */
	if (!unicast && ip.ttl != VRRP_TTL)
		return drop_vrid(st, vst, ip_ttl_err);

	/* 8. The AH header and the fixed part are there and the IP length fits the frame. */
	if (ah && ((void *)(ahdr + 1) > data_end || ahdr->payload_len != XVRRP_AH_PAYLOAD_LEN ||
		   ip.tot_len < hdr_len + XVRRP_AH_LEN))
		return drop_vrid(st, vst, packet_len_err);
	vrrp_len = ip.tot_len - hdr_len - ah_len;
	if ((void *)(vrrp + 1) > data_end ||
	    vrrp_len < VRRP_HDR_LEN || vrrp_len > VRRP_MAX_LEN ||
	    (void *)vrrp + vrrp_len > data_end)
		return drop_vrid(st, vst, packet_len_err);
	__builtin_memcpy(&hdr, vrrp, sizeof(hdr));

	/* 9, 10. §7.1: version and type. */
	adv.version = hdr.vers_type >> 4;
	type = hdr.vers_type & 0x0f;
	if (adv.version != VRRP_VERSION_2 && adv.version != VRRP_VERSION_3)
		return drop_vrid(st, vst, version_err);
	if (type != VRRP_TYPE_ADVERTISEMENT)
		return drop_vrid(st, vst, invalid_type_rcvd);

	/* 11. The length must match Count IPvX Addr (v2 adds 8 auth bytes). */
	adv.count_addr = hdr.count_addr;
	expect_len = VRRP_HDR_LEN + 4 * (__u32)adv.count_addr;
	if (adv.version == VRRP_VERSION_2)
		expect_len += VRRP_AUTH_DATA_LEN;
	if (vrrp_len != expect_len)
		return drop_vrid(st, vst, packet_len_err);

	/* 12. Checksum: v3 covers the pseudo-header (§5.2.8), v2 does not. */
	adv.saddr4 = ip.saddr4;
	adv.daddr4 = ip.daddr4;
	if (adv.version == VRRP_VERSION_3)
		adv.walk.sum = (__u64)ip.saddr4 + ip.daddr4 +
			   bpf_htonl((XVRRP_IPPROTO_VRRP << 16) | vrrp_len);
	if (!vrrp_walk(vrrp, (void *)vrrp + vrrp_len, data_end, &adv.walk) ||
	    csum_fold64(adv.walk.sum) != 0xffff)
		return drop_vrid(st, vst, checksum_err);

	/*
	 * 13. §5.2.7: v3 Max Adver Int in centiseconds (v2: seconds), zero is
	 * meaningless; §5.2.5: a v3 advert names at least one address.
	 */
	if (adv.version == VRRP_VERSION_3) {
		adv.max_adver_int_cs = bpf_ntohs(hdr.rsvd_max_adver_int) &
				       VRRP_V3_ADVER_INT_MASK;
		if (adv.count_addr == 0)
			return drop_vrid(st, vst, addr_list_err);
	} else {
		adv.max_adver_int_cs = (__u16)hdr.v2.adver_int * 100;
		adv.auth_type = hdr.v2.auth_type;
	}
	if (adv.max_adver_int_cs == 0)
		return drop_vrid(st, vst, advert_interval_err);

	/* Cannot happen: check 8 needs the fixed bytes, check 3 the VRID. */
	if (!vs)
		return drop_if(st, packet_len_err);

	/*
	 * 14. The instance's own rules (xvrrp_maps.h): what the daemon would
	 * discard never becomes the stored master. RFC 5798 §7.1 has a version
	 * per virtual router; RFC 3768 §7.1 discards another Adver Int or Auth
	 * Type; keepalived's vrrp_strict another address list.
	 */
	if (adv.version != vs->cfg_version)
		return drop_vrid(st, vst, version_err);
	if (adv.version == VRRP_VERSION_2) {
		if (adv.max_adver_int_cs != vs->cfg_adver_int_cs)
			return drop_vrid(st, vst, advert_interval_err);
		if (adv.auth_type != vs->cfg_auth_type)
			return drop_vrid(st, vst, authtype_mismatch);
	}
	adv.addrs_off = l3_off + hdr_len + ah_len + VRRP_HDR_LEN;
	adv.addr_hash = addr_list_hash(ctx, adv.addrs_off, adv.count_addr);
	if ((flags & XVRRP_VRID_CHECK_ADDRS) && adv.addr_hash != vs->cfg_addr_hash)
		return drop_vrid(st, vst, addr_list_err);

	adv.vrid = hdr.vrid;
	adv.priority = hdr.priority;
	adv.l3_off = l3_off;
	adv.ip_len = ip.tot_len;
	adv.ah = ah;
	return vrrp_accept(ctx, vst, vs, flags, &adv);
}

/*
 * An ARP request for a VIP we own is answered in place (RFC 826 reply,
 * RFC 5798 §6.4.3 "MUST respond to ARP requests for the IPv4 address(es)"),
 * which keeps answering at once even while user space is busy.
 */
static __always_inline int handle_arp(struct xdp_md *ctx, struct xvrrp_xdp_stats *st,
				      struct hdr_cursor *nh, struct ethhdr *eth, void *data_end)
{
	struct xvrrp_vip_value *vip;
	struct xvrrp_vip_key key;
	struct xvrrp_arp4 *arp;
	__u8 requester[XVRRP_ETH_ALEN];
	__u32 sip;

	st->arp_rcvd += 1;
	if (parse_arp4(nh, data_end, &arp) != XVRRP_ARPOP_REQUEST ||
	    arp->ar_hrd != bpf_htons(XVRRP_ARPHRD_ETHER) ||
	    arp->ar_pro != bpf_htons(XVRRP_ETH_P_IP) ||
	    arp->ar_hln != XVRRP_ETH_ALEN || arp->ar_pln != 4)
		return verdict(&st->arp_passed, XDP_PASS);

	__builtin_memcpy(&key.addr4, arp->ar_tip, 4);
	__builtin_memcpy(&sip, arp->ar_sip, 4);
	vip = bpf_map_lookup_elem(&owned_vips, &key);
	/* A gratuitous ARP announces, it asks nothing: leave it to the kernel. */
	if (!vip || sip == key.addr4)
		return verdict(&st->arp_passed, XDP_PASS);

	__builtin_memcpy(requester, arp->ar_sha, XVRRP_ETH_ALEN);
	__builtin_memcpy(eth->h_dest, requester, XVRRP_ETH_ALEN);
	__builtin_memcpy(eth->h_source, vip->mac, XVRRP_ETH_ALEN);
	arp->ar_op = bpf_htons(XVRRP_ARPOP_REPLY);
	__builtin_memcpy(arp->ar_sha, vip->mac, XVRRP_ETH_ALEN);
	__builtin_memcpy(arp->ar_sip, &key.addr4, 4);
	__builtin_memcpy(arp->ar_tha, requester, XVRRP_ETH_ALEN);
	__builtin_memcpy(arp->ar_tip, &sip, 4);
	return verdict(&st->arp_replied, XDP_TX);
}

/*
 * Any other IPv4 packet. RFC 5798 §6.4.3: a Master that is not the address
 * owner "MUST NOT accept packets addressed to the IPvX address(es)
 * associated with the virtual router" unless Accept_Mode is True (§6.1).
 * The RFC makes no exception (§6.1 names pinging the VIP as the reason to
 * turn Accept_Mode on), and with no_accept (or vrrp_strict) keepalived's
 * firewall rules mean "the system will not receive packets addressed to the
 * VIPs" (keepalived.conf(5)); so every protocol is dropped here, before the
 * stack sees it. ARP for the VIP is not IPv4 and is still answered.
 */
static __always_inline int handle_ip4_other(struct xvrrp_xdp_stats *st, struct iphdr *iph)
{
	struct xvrrp_vrid_key vkey = { .family = XVRRP_AF_INET };
	struct xvrrp_vip_key key = { .addr4 = iph->daddr };
	struct xvrrp_vrid_stats *vst;
	struct xvrrp_vip_value *vip;

	vip = bpf_map_lookup_elem(&owned_vips, &key);
	if (!vip)
		return XDP_PASS;
	if (!(vip->flags & XVRRP_VIP_NO_ACCEPT))
		return verdict(&st->vip_passed, XDP_PASS);
	vkey.vrid = vip->vrid;
	vst = vrid_stats_get(&vkey);
	if (vst)
		vst->no_accept_drop += 1;
	return drop_if(st, no_accept_drop);
}

/*
 * The ICMPv6 checksum (RFC 4443 §2.3) covers the pseudo-header of RFC 8200
 * §8.1 (source, destination, upper-layer length, next header) and the
 * message. In an IPv6 header the two addresses come last, right in front
 * of an ICMPv6 message that follows it directly, so one walk in 32-bit
 * words from the source address to msg_end sums both; the caller adds the
 * length and next header. A checksum loop as above: a constant trip count
 * and a pointer bound. The caller has proven msg_end <= data_end, so the
 * data_end test never stops the walk early; it is there for the verifier.
 */
#define ND_MAX_LEN	(sizeof(struct xvrrp_nd_msg) + sizeof(struct xvrrp_nd_opt_ll))
#define ND_SUM_WORDS	((2 * sizeof(struct in6_addr) + ND_MAX_LEN) / 4)

static __always_inline __u64 nd_sum(struct ipv6hdr *ip6h, void *msg_end, void *data_end,
				    __u16 plen)
{
	__u64 sum = bpf_htonl((__u32)plen + XVRRP_IPPROTO_ICMPV6);
	__u32 *word;
	__u32 i;

	for (i = 0; i < ND_SUM_WORDS; i++) {
		word = (__u32 *)&ip6h->saddr + i;
		barrier_var(word);
		if ((void *)(word + 1) > msg_end || (void *)(word + 1) > data_end)
			break;
		sum += *word;
	}
	return sum;
}

/* 16 bytes in the frame, compared as four words (BPF has no memcmp). */
static __always_inline bool addr6_eq(const void *a, const void *b)
{
	const __u32 *x = a, *y = b;

	return ((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3])) == 0;
}

/* ff02::1:ffXX:XXXX, the solicited-node group of target (RFC 4291 §2.7.1). */
static __always_inline bool solicited_node_of(const struct in6_addr *dst, const __u8 *target)
{
	const __u32 *t = (const __u32 *)target;

	return dst->in6_u.u6_addr32[0] == bpf_htonl(0xff020000) &&
	       dst->in6_u.u6_addr32[1] == 0 &&
	       dst->in6_u.u6_addr32[2] == bpf_htonl(1) &&
	       dst->in6_u.u6_addr32[3] == (bpf_htonl(0xff000000) | (t[3] & bpf_htonl(0x00ffffff)));
}

/*
 * A neighbour solicitation for an IPv6 VIP we own is answered in place
 * with a solicited advertisement (RFC 4861 §7.2.4; RFC 5798 §6.4.3 "MUST
 * respond to ND Neighbor Solicitation message for the IPv6 address(es)"),
 * as handle_arp() does for IPv4. Only the plain shape is answered, the
 * kernel gets the rest:
 *  - valid by §7.1.1: hop limit 255 (anything else was routed), code 0 and
 *    a correct checksum; ICMPv6 right after the IPv6 header;
 *  - ICMPv6 length (the payload length) 24, no option, or 32 with one
 *    Source Link-Layer Address option of length 1. Other options (SEND,
 *    RFC 3971; the DAD nonce, RFC 7527) are the kernel's business;
 *  - source neither :: nor multicast. :: is duplicate address detection:
 *    §7.2.4 answers it to all-nodes, and a DAD probe for an address we
 *    hold is a conflict the kernel must see;
 *  - destination the target itself (a unicast probe, §7.3.3) or its
 *    solicited-node group (address resolution, §7.2.2), the only two uses
 *    §7 has, and a multicast solicitation must carry the option: §7.2.4
 *    then requires a Target Link-Layer Address option in the answer, and
 *    the frame cannot grow (no bpf_xdp_adjust_tail()).
 * The advertisement goes to the solicitor, from the target, with Solicited
 * and Override set (and Router when the VIP says the node forwards,
 * §4.4); the option, if any, becomes a Target Link-Layer Address option
 * with the VIP's MAC. The frame keeps its length and its VLAN tag; the
 * checksum is summed afresh over the new pseudo-header and message.
 */
static __always_inline int handle_ns(struct xvrrp_xdp_stats *st, struct ethhdr *eth,
				     struct ipv6hdr *ip6h, struct xvrrp_nd_msg *nd, void *data_end)
{
	struct xvrrp_nd_opt_ll *opt = (void *)(nd + 1);
	__u8 requester[XVRRP_ETH_ALEN], na_flags;
	struct xvrrp_vip_value *vip;
	struct xvrrp_vip6_key key;
	struct in6_addr solicitor;
	bool to_group;
	void *msg_end;
	__u16 plen;

	st->ns_rcvd += 1;
	if ((void *)(nd + 1) > data_end)
		return verdict(&st->ns_passed, XDP_PASS);
	plen = bpf_ntohs(ip6h->payload_len);
	if (ip6h->hop_limit != XVRRP_ND_HOP_LIMIT || nd->code != 0)
		return verdict(&st->ns_passed, XDP_PASS);
	if (plen == sizeof(*nd) + sizeof(*opt)) {
		if ((void *)(opt + 1) > data_end || opt->type != XVRRP_ND_OPT_SOURCE_LL ||
		    opt->len != 1)
			return verdict(&st->ns_passed, XDP_PASS);
		msg_end = opt + 1;
	} else if (plen == sizeof(*nd)) {
		msg_end = opt;
	} else {
		return verdict(&st->ns_passed, XDP_PASS);
	}

	/* :: (DAD) or a multicast source: not ours to answer. */
	if ((ip6h->saddr.in6_u.u6_addr32[0] | ip6h->saddr.in6_u.u6_addr32[1] |
	     ip6h->saddr.in6_u.u6_addr32[2] | ip6h->saddr.in6_u.u6_addr32[3]) == 0 ||
	    ip6h->saddr.in6_u.u6_addr8[0] == 0xff)
		return verdict(&st->ns_passed, XDP_PASS);
	to_group = solicited_node_of(&ip6h->daddr, nd->target);
	if (!to_group && !addr6_eq(&ip6h->daddr, nd->target))
		return verdict(&st->ns_passed, XDP_PASS);
	if (to_group && plen != sizeof(*nd) + sizeof(*opt))
		return verdict(&st->ns_passed, XDP_PASS);

	__builtin_memcpy(key.addr6, nd->target, sizeof(key.addr6));
	vip = bpf_map_lookup_elem(&owned_vips6, &key);
	if (!vip)
		return verdict(&st->ns_passed, XDP_PASS);
	/* Last, as it is the costliest check. */
	if (csum_fold64(nd_sum(ip6h, msg_end, data_end, plen)) != 0xffff)
		return verdict(&st->ns_passed, XDP_PASS);

	/*
	 * §7.2.4: Override SHOULD be clear when the Target Link-Layer Address
	 * option is left out (a unicast NS without option gets none back).
	 */
	na_flags = XVRRP_ND_NA_SOLICITED;
	if (msg_end != opt)
		na_flags |= XVRRP_ND_NA_OVERRIDE;
	if (vip->flags & XVRRP_VIP_ND_ROUTER)
		na_flags |= XVRRP_ND_NA_ROUTER;
	__builtin_memcpy(requester, eth->h_source, XVRRP_ETH_ALEN);
	__builtin_memcpy(&solicitor, &ip6h->saddr, sizeof(solicitor));

	__builtin_memcpy(eth->h_dest, requester, XVRRP_ETH_ALEN);
	__builtin_memcpy(eth->h_source, vip->mac, XVRRP_ETH_ALEN);
	/* Version 6; traffic class and flow label 0; length and next header kept. */
	*(__be32 *)ip6h = bpf_htonl(0x60000000);
	ip6h->hop_limit = XVRRP_ND_HOP_LIMIT;
	__builtin_memcpy(&ip6h->saddr, nd->target, sizeof(ip6h->saddr));
	__builtin_memcpy(&ip6h->daddr, &solicitor, sizeof(ip6h->daddr));
	nd->type = XVRRP_ND_NEIGH_ADVERT;
	nd->code = 0;
	nd->checksum = 0;
	nd->flags = na_flags;
	__builtin_memset(nd->reserved, 0, sizeof(nd->reserved));
	if (msg_end != opt) {
		opt->type = XVRRP_ND_OPT_TARGET_LL;
		opt->len = 1;
		__builtin_memcpy(opt->addr, vip->mac, XVRRP_ETH_ALEN);
	}
	/* Summed in native words, the folded sum is stored as it comes (RFC 1071 §2(B)). */
	nd->checksum = (__u16)~csum_fold64(nd_sum(ip6h, msg_end, data_end, plen));
	return verdict(&st->ns_replied, XDP_TX);
}

/* RFC 8200 §4: the extension headers walked past to find neighbour discovery. */
#define NEXTHDR_HOP		0
#define NEXTHDR_ROUTING		43
#define NEXTHDR_DEST		60
#define IP6_EXT_MAX		4
/*
 * The neighbour discovery messages a no_accept VIP must still receive:
 * solicitation and advertisement (RFC 4861 §4.3, §4.4), the two keepalived's
 * no_accept rules accept. Router solicitations, advertisements and
 * redirects are not addressed to a host's address.
 */
#define ND_TYPE_FIRST		XVRRP_ND_NEIGH_SOLICIT
#define ND_TYPE_LAST		XVRRP_ND_NEIGH_ADVERT

/*
 * Neighbour discovery, for the no_accept exception: ICMPv6 NS or NA
 * after at most IP6_EXT_MAX hop-by-hop, routing, destination
 * options or AH headers (keepalived's rules match the ICMPv6 type behind
 * them too). A fragment ends the walk: RFC 6980 §5 has fragmented ND
 * silently ignored, so nothing is lost by dropping it. So does a frame that
 * ends early, or more headers than that: whatever is not shown to be ND is
 * not let through to a no_accept VIP.
 */
static __always_inline bool ip6_is_nd(struct ipv6hdr *ip6h, void *data_end)
{
	struct ipv6_opt_hdr *ext;
	void *pos = ip6h + 1;
	__u8 nexthdr = ip6h->nexthdr;
	__u8 *type;
	__u32 i;

	for (i = 0; i < IP6_EXT_MAX; i++) {
		if (nexthdr != NEXTHDR_HOP && nexthdr != NEXTHDR_ROUTING &&
		    nexthdr != NEXTHDR_DEST && nexthdr != XVRRP_IPPROTO_AH)
			break;
		ext = pos;
		if ((void *)(ext + 1) > data_end)
			return false;
		/* AH counts 4-byte words less 2 (RFC 4302 §2.2), the others 8-byte units less 1. */
		if (nexthdr == XVRRP_IPPROTO_AH)
			pos += ((__u32)ext->hdrlen + 2) * 4;
		else
			pos += ((__u32)ext->hdrlen + 1) * 8;
		nexthdr = ext->nexthdr;
	}
	if (nexthdr != XVRRP_IPPROTO_ICMPV6)
		return false;
	type = pos;
	if ((void *)(type + 1) > data_end)
		return false;
	return *type >= ND_TYPE_FIRST && *type <= ND_TYPE_LAST;
}

/*
 * Any other IPv6 packet: no_accept for owned IPv6 VIPs, as
 * handle_ip4_other() for IPv4 (RFC 5798 §6.4.3), and filed under the
 * instance (an IPv4 one, whose virtual_ipaddress_excluded holds the VIP).
 * Neighbour discovery is the exception: without it nobody could resolve
 * the VIP, and keepalived's no_accept rules accept it as well. It passes
 * uncounted, as ARP for a no_accept VIP is not counted as accepted.
 */
static __always_inline int handle_ip6_other(struct xvrrp_xdp_stats *st, struct ipv6hdr *ip6h,
					    void *data_end)
{
	struct xvrrp_vrid_key vkey = { .family = XVRRP_AF_INET };
	struct xvrrp_vrid_stats *vst;
	struct xvrrp_vip_value *vip;
	struct xvrrp_vip6_key key;

	__builtin_memcpy(key.addr6, &ip6h->daddr, sizeof(key.addr6));
	vip = bpf_map_lookup_elem(&owned_vips6, &key);
	if (!vip)
		return XDP_PASS;
	if (!(vip->flags & XVRRP_VIP_NO_ACCEPT))
		return verdict(&st->vip_passed, XDP_PASS);
	if (ip6_is_nd(ip6h, data_end))
		return XDP_PASS;
	vkey.vrid = vip->vrid;
	vst = vrid_stats_get(&vkey);
	if (vst)
		vst->no_accept_drop += 1;
	return drop_if(st, no_accept_drop);
}

/*
 * IPv6: a neighbour solicitation right after the fixed header goes to
 * handle_ns(), everything else to handle_ip6_other(). A version other than
 * 6 is the kernel's to drop.
 */
static __always_inline int handle_ip6(struct xvrrp_xdp_stats *st, struct hdr_cursor *nh,
				      struct ethhdr *eth, void *data_end)
{
	struct ipv6hdr *ip6h;
	__u8 *type;
	int nexthdr;

	nexthdr = parse_ip6hdr(nh, data_end, &ip6h);
	if (nexthdr < 0 || *(__u8 *)ip6h >> 4 != 6)
		return XDP_PASS;
	if (nexthdr == XVRRP_IPPROTO_ICMPV6) {
		type = nh->pos;
		if ((void *)(type + 1) <= data_end && *type == XVRRP_ND_NEIGH_SOLICIT)
			return handle_ns(st, eth, ip6h, nh->pos, data_end);
	}
	return handle_ip6_other(st, ip6h, data_end);
}

/* IP protocol 51 whose AH header announces a VRRP packet next (RFC 2402 §2.1). */
static __always_inline bool ah_carries_vrrp(struct iphdr *iph, void *data_end)
{
	struct xvrrp_ipsec_ah *ah = (void *)iph + iph->ihl * 4;

	if ((void *)&ah->payload_len > data_end)
		return false;
	return ah->next_header == XVRRP_IPPROTO_VRRP;
}

SEC("xdp")
int xvrrp_xdp(struct xdp_md *ctx)
{
	void *data_end = (void *)(long)ctx->data_end;
	void *data = (void *)(long)ctx->data;
	struct hdr_cursor nh = { .pos = data };
	struct xvrrp_xdp_stats *st;
	struct ethhdr *eth;
	struct iphdr *iph;
	__u32 zero = 0, l3_off = XVRRP_ETH_HLEN;
	int proto;

	st = bpf_map_lookup_elem(&stats, &zero);
	if (!st)	/* cannot happen: a one-entry array always has key 0 */
		return XDP_PASS;
	st->rx_frames += 1;

	proto = parse_ethhdr(&nh, data_end, &eth);
	/* Another segment's frame (a VLAN interface on top of ours): not ours. */
	if (proto == XVRRP_ETH_P_8021Q || proto == XVRRP_ETH_P_8021AD)
		return verdict(&st->vlan_passed, XDP_PASS);
	if (proto == XVRRP_ETH_P_ARP)
		return handle_arp(ctx, st, &nh, eth, data_end);
	if (proto == XVRRP_ETH_P_IPV6)
		return handle_ip6(st, &nh, eth, data_end);
	if (proto != XVRRP_ETH_P_IP)
		return XDP_PASS;
	proto = parse_iphdr_fixed(&nh, data_end, &iph);
	if (proto < 0)
		return XDP_PASS;
	/* Not IPv4 whatever the EtherType says (RFC 791): the kernel drops it, we leave it be. */
	if (iph->version != 4)
		return XDP_PASS;
	if (proto == XVRRP_IPPROTO_VRRP)
		return handle_vrrp4(ctx, st, iph, l3_off, data_end, false);
	if (proto == XVRRP_IPPROTO_AH && ah_carries_vrrp(iph, data_end))
		return handle_vrrp4(ctx, st, iph, l3_off, data_end, true);
	return handle_ip4_other(st, iph);
}
