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

#define XVRRP_MAX_VRIDS         1024    /* vrid_state entries: 255 VRIDs x 2 families, with room */
#define XVRRP_MAX_VIPS          8192    /* owned_vips entries */
#define XVRRP_MAX_UNICAST_DSTS  256     /* unicast_dsts entries: our unicast_src_ip addresses */
#define XVRRP_MAX_UNICAST_PEERS 4096    /* unicast_peers entries: (VRID, peer) pairs */
#define XVRRP_RINGBUF_BYTES     (256 * 1024)
#define XVRRP_EVENT_MAX_ADDRS   32      /* addresses copied into one event */

#define XVRRP_AF_INET           2       /* AF_INET, for keys (vmlinux.h has no macros) */
#define XVRRP_AF_INET6          10

/* Key of vrid_state and vrid_stats. */
struct xvrrp_vrid_key {
	__u8  vrid;
	__u8  family;           /* XVRRP_AF_INET / XVRRP_AF_INET6 */
	__u16 pad;              /* must be zero */
};

/* vrid_state.flags: written by user space. */
#define XVRRP_VRID_WAKE_ALL     0x01    /* deliver every valid advert (we are master / initialising) */
/* vrid_state.flags: written by the XDP program. */
#define XVRRP_VRID_SEEN         0x02    /* the fields below describe a received advert */
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
 * One entry per configured VRID; its presence is what makes a VRID "known on
 * this interface". The XDP program keeps the last valid advert here and wakes
 * user space (ring-buffer event) only when something that matters changed:
 * sender, priority, interval, address list, version, priority 0, or when
 * WAKE_ALL is set. An unchanged advert only refreshes last_seen_ns, which the
 * daemon reads when a Master_Down_Interval expires. User space clears
 * XVRRP_VRID_SEEN to make the next advert an event.
 */
struct xvrrp_vrid_state {
	__u64 last_seen_ns;     /* bpf_ktime_get_ns() of the last valid advert */
	__u64 adverts;          /* valid adverts seen (advert_rcvd) */
	__u32 saddr4;           /* sender, network byte order */
	__u32 addr_hash;        /* hash of the advertised address list */
	__u16 max_adver_int_cs; /* v3 Max Adver Int, or v2 adver_int * 100 */
	__u8  priority;
	__u8  version;
	__u8  flags;
	__u8  pad[3];
};

/* Key of owned_vips: a VIP this node answers ARP for (it is master). */
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
 * vrrp_strict): IPv4 packets addressed to this VIP are dropped in XDP,
 * whatever their protocol (ARP for it is still answered, §6.4.3). Set it
 * only when this node is not the address owner (priority != 255).
 */
#define XVRRP_VIP_NO_ACCEPT     0x01

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
	__u32 addrs[XVRRP_EVENT_MAX_ADDRS];
};

/*
 * Interface-wide XDP counters: a per-CPU array with one entry (key 0), pinned,
 * so `bpftool map dump pinned .../stats` shows these names.
 */
struct xvrrp_xdp_stats {
	__u64 rx_frames;          /* every frame the program saw */
	__u64 vrrp_rcvd;          /* IPv4 protocol 112 frames */
	__u64 vrrp_valid;         /* passed every check */
	__u64 vrrp_events;        /* valid adverts that woke user space */
	__u64 ringbuf_full;       /* events lost: ring buffer full */
	__u64 packet_len_err;     /* truncated, or length disagrees with count_addr */
	__u64 ip_hdr_err;         /* bad IHL, IP checksum or a fragment */
	__u64 ip_ttl_err;         /* TTL != 255 */
	__u64 version_err;        /* VRRP version not 2 or 3 */
	__u64 invalid_type_rcvd;  /* VRRP type not ADVERTISEMENT */
	__u64 checksum_err;       /* VRRP checksum wrong */
	__u64 vrid_unknown;       /* VRID not configured on this interface */
	__u64 advert_interval_err;/* v3 Max Adver Int of zero */
	__u64 dst_err;            /* neither to the VRRP group nor to one of unicast_dsts */
	__u64 arp_rcvd;           /* ARP frames */
	__u64 arp_replied;        /* requests for an owned VIP answered with XDP_TX */
	__u64 arp_passed;         /* ARP left to the kernel */
	__u64 unicast_peer_err;   /* unicast advert to us from a sender not in unicast_peers */
	__u64 unicast_mode_err;   /* multicast advert for a unicast VRID, or the reverse */
	__u64 no_accept_drop;     /* IPv4 to a VIP with XVRRP_VIP_NO_ACCEPT, dropped */
	__u64 vip_passed;         /* IPv4 to an owned VIP in accept mode, left to the kernel */
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
};

#endif /* XVRRP_MAPS_H */
