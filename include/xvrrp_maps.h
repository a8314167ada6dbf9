/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Map keys and values, the ring-buffer event and the counter structs shared by
 * the XDP program (bpf/xvrrp.bpf.c) and the daemon (user/). One definition of
 * each; both sides include this file.
 *
 * One program object (and so one set of these maps) is loaded per interface,
 * so no key carries an ifindex.
 */
#ifndef XVRRP_MAPS_H
#define XVRRP_MAPS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define XVRRP_MAX_VRIDS         1024    /* vrid_stats entries: 255 VRIDs x 2 families, with room */
#define XVRRP_MAX_VIPS          8192    /* owned_vips entries */
#define XVRRP_MAX_VIPS6         4096    /* owned_vips6 entries */
#define XVRRP_MAX_UNICAST_DSTS  256     /* unicast_dsts entries: our unicast_src_ip addresses */
#define XVRRP_MAX_UNICAST_PEERS 4096    /* unicast_peers entries: (VRID, peer) pairs */
#define XVRRP_RINGBUF_BYTES     (256 * 1024)
#define XVRRP_EVENT_MAX_ADDRS   32      /* addresses copied into one event */
#define XVRRP_EVENT_MAX_ADDRS6  (XVRRP_EVENT_MAX_ADDRS / 4)     /* IPv6 ones: four words each */

#define XVRRP_AF_INET           2       /* AF_INET, for keys (vmlinux.h has no macros) */
#define XVRRP_AF_INET6          10

/* Key of vrid_stats (vrid_state is an array indexed by XVRRP_VRID_SLOT()). */
struct xvrrp_vrid_key {
	__u8  vrid;
	__u8  family;           /* XVRRP_AF_INET / XVRRP_AF_INET6 */
	__u16 pad;              /* must be zero */
};

/*
 * vrid_state is an array with one slot per (VRID, family): VRIDs 0-255 for
 * IPv4, 256-511 for IPv6. Its key is the __u32 slot number. An array (not a
 * hash) so that user space can mmap() it (BPF_F_MMAPABLE) and read
 * last_seen_ns on every Master_Down_Interval expiry without a bpf() syscall.
 */
#define XVRRP_VRID_SLOTS        512
#define XVRRP_VRID_SLOT(vrid, family) \
	((__u32)(__u8)(vrid) | ((family) == XVRRP_AF_INET6 ? 256U : 0U))

/* vrid_state.flags: written by user space. */
#define XVRRP_VRID_WAKE_ALL     0x01    /* deliver every valid advert (we are master / initialising) */
/* vrid_state.flags: written by the XDP program. */
#define XVRRP_VRID_SEEN         0x02    /* the advert fields describe the stored master */
/*
 * vrid_state.flags: written by user space (keepalived unicast_peer). An
 * instance is either multicast or unicast, never both (keepalived rejects
 * the other kind: "Expected unicast packet but received multicast packet"):
 * set XVRRP_VRID_UNICAST when the instance has unicast peers. Adverts to
 * one of this node's unicast addresses (unicast_dsts) are then accepted for
 * it, multicast ones are not, and the TTL is not checked (keepalived does
 * not either: unicast peers may be routed).
 */
#define XVRRP_VRID_UNICAST      0x04
/* vrrp_check_unicast_src / check_unicast_src: the sender must be in unicast_peers. */
#define XVRRP_VRID_UNICAST_CHECK_SRC 0x08
/*
 * vrid_state.flags: written by user space. The VRID is configured on this
 * interface; a slot without it is "VRID not configured" (vrid_unknown,
 * dropped, RFC 5798 §7.1), whatever else it holds.
 */
#define XVRRP_VRID_CONFIGURED   0x10
/*
 * vrid_state.flags: written by user space (vrrp_strict). Adverts whose
 * address list is not the instance's (cfg_addr_hash) are discarded
 * (addr_list_err), as keepalived discards them in strict mode.
 */
#define XVRRP_VRID_CHECK_ADDRS  0x40
/*
 * vrid_state.flags: written by user space. The instance uses auth_type AH:
 * its adverts come inside an IPsec Authentication Header (IP protocol 51).
 * An advert with AH for a VRID without this flag, or without AH for a VRID
 * with it, is dropped (authtype_mismatch). The ICV is checked in user space,
 * so such a VRID also has XVRRP_VRID_WAKE_ALL and its events carry the packet.
 */
#define XVRRP_VRID_AUTH_AH      0x20
/*
 * vrid_state.flags: the VIPs of this slot are owned by this node: the XDP
 * program answers ARP and neighbour solicitations for them and applies
 * no_accept. The owned_vips/owned_vips6 entries of an instance's VIPs exist
 * for as long as the instance runs; this one bit, set and cleared with an
 * atomic operation, flips all of them at once (set by user space when the
 * instance becomes master, cleared when it leaves).
 */
#define XVRRP_VRID_OWNED        0x80
/*
 * The Master_Down_Timer in the kernel (vrid_state.flags, written by user
 * space). XVRRP_VRID_KTIMER: the instance is Backup and the XDP program
 * keeps its Master_Down_Timer: every advert that RFC 5798 §6.4.2 says resets
 * the timer of a Backup moves down_at_ns (and the interface's bpf_timer) to
 * arrival + Master_Down_Interval (priority 0: + Skew_Time), from cfg_priority,
 * the version's rule for the interval and XVRRP_VRID_NOPREEMPT. When the
 * timer runs out the kernel posts one XVRRP_EV_MASTER_DOWN event; with
 * XVRRP_VRID_KTAKEOVER (keepalived.conf "kernel_takeover") it also sets
 * XVRRP_VRID_OWNED at that instant, so ARP/ND answers start at the deadline,
 * and stamps flipped_ns. The daemon stays the authority: it takes the
 * transition (and clears KTIMER and flipped_ns) or reverts the flip. A flip
 * the daemon has not taken up within one Master_Down_Interval (a stopped
 * daemon) is reverted by the kernel itself (XVRRP_EV_UNFLIPPED).
 */
#define XVRRP_VRID_KTIMER       0x100
#define XVRRP_VRID_KTAKEOVER    0x200
#define XVRRP_VRID_NOPREEMPT    0x400
/*
 * vrid_state.flags: written by user space. The instance has no
 * virtual_ipaddress (keepalived 2.2.8's no_virtual_ipaddress): a VRRPv3
 * advert with Count IPvX Addr 0, which RFC 5798 §5.2.5 does not allow and
 * is otherwise addr_list_err, is what its peers send, and is accepted.
 */
#define XVRRP_VRID_NO_VIPS      0x800

/*
 * One slot per (VRID, family), XVRRP_VRID_SLOT(). The XDP program keeps
 * here the last valid advert of the *stored master* of the VRID, and wakes
 * user space (ring-buffer event) only when something that matters changed.
 *
 * "Valid" includes the instance's own rules, which user space writes in the
 * cfg_* fields before it sets XVRRP_VRID_CONFIGURED: an advert of another
 * version than the instance's, with another interval (v2), another
 * authentication type (v2), or (XVRRP_VRID_CHECK_ADDRS) another address
 * list is discarded and counted (RFC 5798 §7.1, RFC 3768 §7.1), so it can
 * never become the stored master.
 *
 * For a valid advert of a configured slot (XVRRP_VRID_CONFIGURED):
 *  - from the stored sender (or the slot is not SEEN): store it, stamp
 *    last_seen_ns, count adverts; wake when sender, priority, interval,
 *    address list or version changed, on priority 0, on the first advert
 *    after SEEN was cleared, or with WAKE_ALL.
 *  - from another sender, it replaces the stored master (stored, stamped,
 *    wakes with XVRRP_WAKE_SENDER) only if it is better or the stored one
 *    is gone: higher priority; equal priority and a higher source address
 *    in host byte order (the RFC 5798 §6.4.3 tie-break); the stored master
 *    is stale (no advert for more than 3 x its max_adver_int_cs: it missed
 *    three adverts, the Master_Down_Interval without skew, §6.1); or
 *    WAKE_ALL is set.
 *  - from another sender with priority 0 (§6.4.2: "the master is leaving"):
 *    wakes (XVRRP_WAKE_PRIO_ZERO) but does not replace the stored master;
 *    the daemon decides.
 *  - any other advert from another sender (lower priority, or equal
 *    priority from a lower address) is counted in lower_prio_ignored and
 *    touches nothing here: a third host sending lower-priority adverts can
 *    neither wake user space nor keep a dead master "alive".
 *  - wake-ups for adverts from another sender (the two cases above that
 *    wake) are rate-limited per slot: XVRRP_NEWCOMER_BURST at once, then
 *    one per XVRRP_NEWCOMER_INTERVAL_NS (newcomer_tat_ns, a GCRA); beyond
 *    that the advert is counted in newcomer_limited and touches nothing.
 *    A host flooding a VRID with priority-0 or ever-better adverts cannot
 *    flood the daemon; the stored master's own adverts are never limited.
 * An unchanged advert of the stored master only refreshes last_seen_ns and
 * adverts, which the daemon reads (through mmap) when a
 * Master_Down_Interval expires.
 *
 * A stored advert is a judgement the daemon made once. Whenever it may
 * judge the same advert differently (a transition, a new effective
 * priority) or rejects an advert for a reason of its own, it clears
 * XVRRP_VRID_SEEN, so the next advert of any router is an event again.
 *
 * If the ring buffer is full, nothing is stored and the advert is stamped
 * only if it repeats the stored master's advert unchanged: a change the
 * daemon has not seen (a priority-0 goodbye, a new sender) never counts as
 * "the master is alive".
 *
 * Concurrency: user space reads and writes slots in place through mmap().
 * It writes flags (with atomic operations: the XDP program sets
 * XVRRP_VRID_SEEN with an atomic OR) and the cfg_* fields; the XDP program
 * writes the rest and never the whole struct, so neither loses the other's
 * writes. The stored master is one aligned 64-bit word (master.word),
 * written and read at once, so a reader never sees one sender's address
 * with another's priority; last_seen_ns is written after it.
 */
/* The stored master's advert, as the XDP program compares it. */
struct xvrrp_master_advert {
	__u32 saddr4;           /* sender, network byte order */
	__u16 max_adver_int_cs; /* v3 Max Adver Int, or v2 adver_int * 100 */
	__u8  priority;
	__u8  version;
};

union xvrrp_vrid_master {
	struct xvrrp_master_advert adv;
	__u64 word;             /* adv as one word, written and read at once */
};

struct xvrrp_vrid_state {
	__u64 last_seen_ns;     /* bpf_ktime_get_ns() of the last advert of the stored master */
	__u64 adverts;          /* adverts of the stored master(s) taken in (not the ignored ones) */
	union xvrrp_vrid_master master;
	__u32 addr_hash;        /* xvrrp_addr_hash() of the advertised address list */
	__u32 flags;            /* XVRRP_VRID_*; a __u32 so that it can be updated atomically */
	/* The instance's rules, written by user space before XVRRP_VRID_CONFIGURED. */
	__u32 cfg_addr_hash;    /* with XVRRP_VRID_CHECK_ADDRS: its advertised IPv4 addresses */
	__u16 cfg_adver_int_cs; /* v2: its advert interval (v3 learns the master's, §6.4.2) */
	__u8  cfg_version;      /* 2 or 3 */
	__u8  cfg_auth_type;    /* v2: 0 none, 1 PASS, 2 AH (RFC 2338 §5.3.6) */
	__u64 newcomer_tat_ns;  /* written by the XDP program: the rate limit of newcomers' wake-ups */
	/* The Master_Down_Timer in the kernel (XVRRP_VRID_KTIMER); written by the XDP program. */
	__u64 down_at_ns;       /* the deadline; 0: none pending (not armed, or already posted) */
	__u64 down_mdi_ns;      /* the Master_Down_Interval it was computed with */
	__u64 flipped_ns;       /* XVRRP_VRID_KTAKEOVER: when the kernel set OWNED; 0: it did not */
	__u64 down_by_ns;       /* arrival of the advert that last set it ... */
	union xvrrp_vrid_master down_by;        /* ... and that advert (it may not be the stored one) */
	__u16 down_mai_cs;      /* Master_Adver_Interval learned from the last advert that reset it */
	__u8  cfg_priority;     /* written by user space: the instance's effective priority */
	__u8  down_prio;        /* cfg_priority when down_by set it (Skew_Time depends on it) */
	__u8  pad[4];
	/*
	 * IPv6 slots: the full sender addresses (network byte order words).
	 * There master.adv.saddr4 and down_by.adv.saddr4 hold
	 * xvrrp_addr6_fold() of them, so that the one-word compare and the
	 * one-word store keep working; these are written just before the
	 * word, and a reader that finds the fold of the address it read
	 * differing from the word's has caught a write in between and reads
	 * again.
	 */
	__u32 master_saddr6[4];
	__u32 down_by_saddr6[4];
};

/* Wake-ups for adverts from senders other than the stored master, per slot. */
#define XVRRP_NEWCOMER_BURST       32
#define XVRRP_NEWCOMER_INTERVAL_NS 10000000ULL  /* 100 a second after the burst */

_Static_assert(sizeof(struct xvrrp_vrid_state) == 128, "vrid_state value is 128 bytes");
_Static_assert(__builtin_offsetof(struct xvrrp_vrid_state, master) == 16,
	       "the stored master is one aligned 8-byte word");
_Static_assert(__builtin_offsetof(struct xvrrp_vrid_state, flags) == 28,
	       "flags is the upper half of the 8-byte word at addr_hash (see vrid_flags_or())");

/*
 * The hash of an advertised address list: the sum of a mix of each address
 * (network byte order words), seeded with the count. A sum, so the order of
 * the list does not matter (keepalived compares the lists as sets); the
 * mix is murmur3's finaliser.
 */
#define XVRRP_ADDR_HASH_SEED    2166136261U

static inline __u32 xvrrp_addr_mix(__u32 a)
{
	a ^= a >> 16;
	a *= 0x85ebca6bU;
	a ^= a >> 13;
	a *= 0xc2b2ae35U;
	a ^= a >> 16;
	return a;
}

static inline __u32 xvrrp_addr_hash_seed(__u32 count)
{
	return XVRRP_ADDR_HASH_SEED ^ count;
}

/*
 * An IPv6 address (four network byte order words) mixed into one word: the
 * term of the address-list hash for an IPv6 advert (seed + the sum of this
 * over the addresses), and the 32-bit stand-in of an IPv6 sender in the
 * stored master's word (xvrrp_vrid_state). The words are weighted by odd
 * constants, so that moving a value from one word to another changes the
 * result, then mixed once: the XDP program runs this up to 255 times per
 * advert, and four mixes a turn cost the verifier 20 000 instructions.
 */
static inline __u32 xvrrp_addr6_mix(__u32 w0, __u32 w1, __u32 w2, __u32 w3)
{
	return xvrrp_addr_mix(w0 * 0x9e3779b1U + w1 * 0x85ebca77U + w2 * 0xc2b2ae3dU +
			      w3 * 0x27d4eb2fU);
}

static inline __u32 xvrrp_addr6_fold(const __u32 w[4])
{
	return xvrrp_addr6_mix(w[0], w[1], w[2], w[3]);
}

/*
 * Key of owned_vips: a VIP of an instance running here. ARP is answered for
 * it while its slot has XVRRP_VRID_OWNED (the instance is master).
 */
struct xvrrp_vip_key {
	__u32 addr4;            /* network byte order */
};

struct xvrrp_vip_value {
	__u8  mac[6];           /* source MAC of the ARP reply (the VMAC with use_vmac) */
	__u8  vrid;
	__u8  flags;            /* XVRRP_VIP_* */
};

/*
 * RFC 5798 §6.1 Accept_Mode False (keepalived no_accept, also implied by
 * vrrp_strict): packets addressed to this VIP are dropped in XDP, whatever
 * their protocol (ARP, and for an IPv6 VIP neighbour discovery, still work,
 * §6.4.3). Set it only when this node is not the address owner (priority
 * != 255).
 */
#define XVRRP_VIP_NO_ACCEPT     0x01
/*
 * IPv6 VIPs only: the interface forwards IPv6 (the node is a router), so
 * neighbour advertisements for the VIP carry the Router flag (RFC 4861
 * §4.4; a host that sees R=0 for a router's address drops it from its
 * default router list, §7.2.5).
 */
#define XVRRP_VIP_ND_ROUTER     0x02
/* The VIP's instance is of family IPv6: its slot is XVRRP_VRID_SLOT(vrid, XVRRP_AF_INET6). */
#define XVRRP_VIP_INST6         0x04

/*
 * owned_vips6: the IPv6 VIPs this node owns now (keepalived allows IPv6
 * addresses in an IPv4 instance's virtual_ipaddress_excluded, as OpenStack
 * Neutron's dual-stack routers have them). The XDP program answers neighbour
 * solicitations for them (RFC 4861 §7.2.4) and applies no_accept to them.
 * Value: struct xvrrp_vip_value, as owned_vips.
 */
struct xvrrp_vip6_key {
	__u8  addr6[16];
};

/*
 * unicast_dsts: this node's unicast addresses on the interface (every
 * unicast instance's unicast_src_ip, or the primary address it defaults to).
 * Key: the address, network byte order; value unused (0).
 */
struct xvrrp_unicast_dst_key {
	__u32 addr4;
};

/*
 * unicast_peers: the unicast_peer list of each VRID, for
 * XVRRP_VRID_UNICAST_CHECK_SRC. Value unused (a __u8, 0).
 */
struct xvrrp_unicast_peer_key {
	__u8  vrid;
	__u8  pad[3];           /* must be zero */
	__u32 saddr4;           /* network byte order */
};

/* unicast_dsts6 and unicast_peers6: the same two for IPv6 instances. */
struct xvrrp_unicast_dst6_key {
	__u8  addr6[16];
};

struct xvrrp_unicast_peer6_key {
	__u8  vrid;
	__u8  pad[3];           /* must be zero */
	__u8  saddr6[16];
};

/* Why an event was delivered (bitmask in xvrrp_advert_event.reason). */
#define XVRRP_WAKE_NEW          0x01    /* first advert since user space cleared SEEN */
#define XVRRP_WAKE_SENDER       0x02
#define XVRRP_WAKE_PRIORITY     0x04
#define XVRRP_WAKE_INTERVAL     0x08
#define XVRRP_WAKE_ADDRS        0x10
#define XVRRP_WAKE_PRIO_ZERO    0x20
#define XVRRP_WAKE_ALL          0x40
#define XVRRP_WAKE_VERSION      0x80

/* A valid advertisement, stamped in XDP and sent through the ring buffer. */
struct xvrrp_advert_event {
	__u64 ktime_ns;         /* bpf_ktime_get_ns() at arrival (CLOCK_MONOTONIC) */
	__u32 ifindex;
	__u32 saddr4;           /* network byte order */
	__u32 daddr4;
	__u8  version;
	__u8  vrid;
	__u8  priority;
	__u8  count_addr;       /* as on the wire; addrs[] holds the first XVRRP_EVENT_MAX_ADDRS */
	__u16 max_adver_int_cs; /* v3 Max Adver Int, or v2 adver_int * 100 */
	__u8  auth_type;        /* v2 only */
	__u8  reason;           /* XVRRP_WAKE_* */
	__u8  auth_data[8];     /* v2 only */
	__u16 ip_len;           /* bytes of the IPv4 packet after this struct (AH only), else 0 */
	__u16 kind;             /* XVRRP_EV_*: an advert (0), or the kernel timer's news */
	__u32 addr_hash;        /* of all count_addr addresses (xvrrp_addr_mix / xvrrp_addr6_mix) */
	__u8  family;           /* XVRRP_AF_INET, or XVRRP_AF_INET6: then saddr4 is */
	__u8  pad6[3];          /* xvrrp_addr6_fold(saddr6), daddr4 is 0 */
	__u8  saddr6[16];       /* IPv6: the sender (its link-local address) */
	__u8  daddr6[16];       /* IPv6: ff02::12, or ours (unicast) */
	/* IPv4: the first XVRRP_EVENT_MAX_ADDRS addresses; IPv6: the first 8, 4 words each. */
	__u32 addrs[XVRRP_EVENT_MAX_ADDRS];
};

/* xvrrp_advert_event.kind */
#define XVRRP_EV_ADVERT         0
/*
 * The kernel's Master_Down_Timer ran out (struct xvrrp_timer_event): the
 * advert fields are the stored master's, ktime_ns is the instant of expiry.
 */
#define XVRRP_EV_MASTER_DOWN    1
/* The kernel reverted a flip the daemon did not take up in time (struct xvrrp_timer_event). */
#define XVRRP_EV_UNFLIPPED      2

struct xvrrp_timer_event {
	struct xvrrp_advert_event ev;   /* kind, vrid, ifindex; the advert that last set the timer */
	__u64 last_seen_ns;             /* that advert's arrival */
	__u64 down_at_ns;               /* the deadline that ran out */
	__u64 mdi_ns;                   /* the Master_Down_Interval it was computed with */
	__u32 slot;                     /* XVRRP_VRID_SLOT() */
	__u8  flipped;                  /* the kernel set XVRRP_VRID_OWNED (kernel_takeover) */
	__u8  local_priority;           /* the instance's priority it judged that advert with */
	__u16 pad;
};

/*
 * The longest IPv4 packet carrying an advert with AH: a 60-byte header, the
 * AH header, 8 fixed bytes, 255 addresses and 8 bytes of v2 auth data.
 */
#define XVRRP_AH_IP_MAX         (60 + 24 + 8 + 4 * 255 + 8)

/*
 * The event of an advert inside an IPsec AH header (XVRRP_VRID_AUTH_AH):
 * the ICV covers the whole IP packet, so the packet comes along, from its
 * IPv4 header on, ev.ip_len bytes of it. The ring record is only as long
 * as that: sizeof(struct xvrrp_advert_event) + ev.ip_len.
 */
struct xvrrp_ah_event {
	struct xvrrp_advert_event ev;
	__u8  ip[XVRRP_AH_IP_MAX];
};

/*
 * Interface-wide XDP counters: a per-CPU array with one entry (key 0), pinned,
 * so `bpftool map dump pinned .../stats` shows these names.
 */
struct xvrrp_xdp_stats {
	__u64 rx_frames;          /* every frame the program saw */
	__u64 vrrp_rcvd;          /* IPv4 protocol 112 (or AH carrying it) and IPv6 next header 112 frames */
	__u64 vrrp_valid;         /* passed every check */
	__u64 vrrp_events;        /* valid adverts that woke user space */
	__u64 ringbuf_full;       /* events lost: ring buffer full */
	__u64 packet_len_err;     /* truncated, or length disagrees with count_addr */
	__u64 ip_hdr_err;         /* bad IHL, IP checksum or a fragment; IPv6: a fragment, extension headers past the payload */
	__u64 ip_ttl_err;         /* TTL (IPv6 Hop Limit) != 255 */
	__u64 version_err;        /* VRRP version not 2 or 3, or not the instance's */
	__u64 invalid_type_rcvd;  /* VRRP type not ADVERTISEMENT */
	__u64 checksum_err;       /* VRRP checksum wrong */
	__u64 vrid_unknown;       /* VRID not configured on this interface: passed */
	__u64 advert_interval_err;/* v3 Max Adver Int of zero, or a v2 interval not the instance's */
	__u64 dst_err;            /* neither to the VRRP group nor to one of unicast_dsts: passed */
	__u64 arp_rcvd;           /* ARP frames */
	__u64 arp_replied;        /* requests for an owned VIP answered with XDP_TX */
	__u64 arp_passed;         /* ARP left to the kernel */
	__u64 unicast_peer_err;   /* unicast advert to us from a sender not in unicast_peers */
	__u64 unicast_mode_err;   /* multicast advert for a unicast VRID, or the reverse */
	__u64 no_accept_drop;     /* IPv4/IPv6 to a VIP with XVRRP_VIP_NO_ACCEPT, dropped */
	__u64 vip_passed;         /* IPv4/IPv6 to an owned VIP in accept mode, left to the kernel */
	__u64 lower_prio_ignored; /* valid advert from a sender no better than the stored master */
	__u64 newcomer_limited;   /* valid advert from another sender over the wake-up rate limit */
	__u64 authtype_mismatch;  /* AH for a VRID without auth_type AH or the reverse; v2 Auth Type not ours */
	__u64 ns_rcvd;            /* ICMPv6 neighbour solicitations */
	__u64 ns_replied;         /* solicitations for an owned IPv6 VIP answered with XDP_TX */
	__u64 ns_passed;          /* solicitations left to the kernel */
	__u64 addr_list_err;      /* v3 without addresses; XVRRP_VRID_CHECK_ADDRS: another list */
	__u64 vlan_passed;        /* 802.1Q/802.1ad-tagged: another segment's, left to the kernel */
};

/* Per-VRID counters kept by XDP (per-CPU hash, key xvrrp_vrid_key). */
struct xvrrp_vrid_stats {
	__u64 advert_rcvd;
	__u64 packet_len_err;
	__u64 ip_ttl_err;
	__u64 invalid_type_rcvd;
	__u64 checksum_err;
	__u64 version_err;
	__u64 advert_interval_err;
	__u64 unicast_peer_err;
	__u64 unicast_mode_err;   /* keepalived files this under addr_list_err */
	__u64 no_accept_drop;     /* packets to this VRID's no_accept VIPs */
	__u64 lower_prio_ignored; /* valid adverts that lost to the stored master (not in vrid_state) */
	__u64 newcomer_limited;   /* valid adverts from another sender over the wake-up rate limit */
	__u64 authtype_mismatch;  /* with AH for a VRID without auth_type AH, or the reverse */
	__u64 addr_list_err;      /* v3 without addresses; XVRRP_VRID_CHECK_ADDRS: another list */
};

#endif /* XVRRP_MAPS_H */
