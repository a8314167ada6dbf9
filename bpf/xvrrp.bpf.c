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
 * no_accept firewall rules let it through. VRRPv3 adverts over IPv6 are
 * validated by advert6.h, in the order above.
 *
 * One object, one program; its parts by concern (as FRR's vrrpd keeps
 * vrrp, arp and ndisc apart), included below in this order:
 *   common.h     the maps, the configuration globals, the clock, the
 *                verdict helpers, the advert as the parts hand it on
 *   events.h     ring-buffer events (plain and AH)
 *   master_down.h the Master_Down_Timer of a Backup in the kernel (one bpf_timer),
 *                kernel_takeover and its fence
 *   master.h     following the stored master in vrid_state: vrrp_accept()
 *   advert.h     advert validation, the numbered checks above
 *   advert6.h    the same checks for VRRPv3 over IPv6 (listed there)
 *   arp.h        ARP replies for owned IPv4 VIPs
 *   nd.h         neighbour advertisements for owned IPv6 VIPs
 *   no_accept.h  dropping traffic to no_accept VIPs, IPv4 and IPv6
 * This file dispatches by EtherType and protocol.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "xvrrp_wire.h"
#include "xvrrp_maps.h"
#include "parsing.h"

char LICENSE[] SEC("license") = "GPL";

#include "common.h"
#include "events.h"
#include "master_down.h"
#include "master.h"
#include "advert.h"
#include "advert6.h"
#include "arp.h"
#include "nd.h"
#include "no_accept.h"

/*
 * IPv6: a neighbour solicitation right after the fixed header goes to
 * handle_ns(), VRRP (also behind extension headers, or in a fragment) to
 * handle_vrrp6(), everything else to handle_ip6_other(). A version other
 * than 6 is the kernel's to drop.
 */
static __always_inline int handle_ip6(struct xdp_md *ctx, struct xvrrp_xdp_stats *st,
				      struct hdr_cursor *nh, struct ethhdr *eth, void *data_end)
{
	struct ipv6hdr *ip6h;
	__u8 *type;
	int nexthdr, vrrp_off;

	nexthdr = parse_ip6hdr(nh, data_end, &ip6h);
	if (nexthdr < 0 || *(__u8 *)ip6h >> 4 != 6)
		return XDP_PASS;
	if (nexthdr == XVRRP_IPPROTO_ICMPV6) {
		type = nh->pos;
		if ((void *)(type + 1) <= data_end && *type == XVRRP_ND_NEIGH_SOLICIT)
			return handle_ns(st, eth, ip6h, nh->pos, data_end);
		return handle_ip6_other(st, ip6h, data_end);
	}
	vrrp_off = vrrp6_offset(ip6h, data_end);
	if (vrrp_off >= 0)
		return handle_vrrp6(ctx, vrrp_off);
	return handle_ip6_other(st, ip6h, data_end);
}

/*
 * The election simulator's hand on the kernel timer (tests/sim.c): with
 * timers_manual set, it runs this at the instant the interface's timer
 * would run: one pass over the slots. Not loaded by the daemon.
 */
SEC("xdp")
int xvrrp_timer_fire(struct xdp_md *ctx)
{
	down_pass(ctx->ingress_ifindex, clock_now());
	return XDP_PASS;
}

/*
 * The daemon's hand on the timer: initialise the interface's timer from
 * process context (BPF_PROG_TEST_RUN), where its allocation does not
 * compete with softirq work. XDP_PASS if ready.
 */
SEC("xdp")
int xvrrp_timer_prepare(struct xdp_md *ctx)
{
	struct down_timer *t;
	__u32 zero = 0;

	t = bpf_map_lookup_elem(&down_timer, &zero);
	if (!t)
		return XDP_ABORTED;
	return timer_prepare(t) ? XDP_DROP : XDP_PASS;
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
	__u32 zero = 0;
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
		return handle_ip6(ctx, st, &nh, eth, data_end);
	if (proto != XVRRP_ETH_P_IP)
		return XDP_PASS;
	proto = parse_iphdr_fixed(&nh, data_end, &iph);
	if (proto < 0)
		return XDP_PASS;
	/* Not IPv4 whatever the EtherType says (RFC 791): the kernel drops it, we leave it be. */
	if (iph->version != 4)
		return XDP_PASS;
	if (proto == XVRRP_IPPROTO_AH && !ah_carries_vrrp(iph, data_end))
		return handle_ip4_other(st, iph);
	if (proto != XVRRP_IPPROTO_VRRP && proto != XVRRP_IPPROTO_AH)
		return handle_ip4_other(st, iph);
	/* One call site: the checks are verified once, for plain and AH adverts alike. */
	return handle_vrrp4(ctx, proto == XVRRP_IPPROTO_AH);
}
