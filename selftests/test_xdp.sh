# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# XDP attach modes. ARP for the VIP must be answered by xvrrp's XDP program
# (DESIGN.md: "ARP request for a VIP in the owned-VIP map -> ARP reply in
# place, XDP_TX"): the routers' kernels are told never to answer ARP
# (arp_ignore 8), so only the XDP program can.
#
# Native XDP_TX on a veth reaches the peer only if the peer has a native XDP
# program (TESTING.md): the native case runs with XDP_PASS on the bridge
# ports, the auto and generic cases with bare peers, as users have them.

ALL_TESTS+=(test_xdp_generic test_xdp_auto test_xdp_native)

# xdp_arp_case MODE PEERS: MODE is xvrrp's --xdp-mode, PEERS "bare" or
# "xdp_pass"; EXPECT_MODE is what `ip -d link` must show on the master.
xdp_arp_case()
{
	local mode=$1 peers=$2 expect=$3 ns got mac macs

	require_root
	require_cmd jq arping
	require_xvrrp
	topo_create 2
	for ns in "${ROUTERS[@]}"; do
		ip netns exec "$ns" sysctl -qw net.ipv4.conf.all.arp_ignore=8 net.ipv4.conf.eth0.arp_ignore=8
		[ "$peers" = xdp_pass ] && attach_xdp_pass "$(port_of "$ns")" "$NS_SW"
	done
	write_conf "$T_DIR/r1.conf" 150 0.1
	write_conf "$T_DIR/r2.conf" 100 0.1
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf" --xdp-mode "$mode"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf" --xdp-mode "$mode"
	wait_for "only_holder $NS_R1" 5 || fail "r1 is not the only VIP holder; holders: '$(vip_holders)'"
	for ns in "${ROUTERS[@]}"; do
		got=$(xdp_mode_of "$ns")
		case $expect in
		any) [ "$got" != none ] || fail "no XDP program on eth0 of $ns with --xdp-mode $mode" ;;
		*) [ "$got" = "$expect" ] ||
			fail "--xdp-mode $mode: $ns's eth0 has XDP mode '$got', expected $expect" ;;
		esac
	done
	note "--xdp-mode $mode, peers $peers: XDP attached in $(xdp_mode_of "$NS_R1") mode"

	mac=$(mac_of "$NS_R1")
	macs=$(client_arp_macs)
	[ -n "$macs" ] ||
		fail "no ARP reply for $VIP (--xdp-mode $mode, $(xdp_mode_of "$NS_R1") on r1, peers $peers)"
	[ "$macs" = "$mac" ] || fail "ARP for $VIP answered by '$(echo "$macs" | tr '\n' ' ')', expected only r1's $mac"
	# ARP for r1's own address is not a VIP: nobody may answer it.
	[ -z "$(client_arp_macs 192.0.2.1)" ] ||
		fail "ARP for 192.0.2.1 (not a VIP, arp_ignore 8) was answered: the check above proves nothing"
	ip -n "$NS_C" neigh flush dev eth0
	client_ping || fail "client cannot ping $VIP (its own ARP resolution goes through XDP)"
	note "ARP for $VIP answered by r1's XDP program ($mac)"
	xv "$NS_R1" stats >"$T_DIR/stats.txt" 2>&1 || say "xvrrp stats failed: $(head -n 2 "$T_DIR/stats.txt")"
}

test_xdp_generic()
{
	xdp_arp_case generic bare generic
}

test_xdp_auto()
{
	# DESIGN.md: auto picks generic on veth, where native XDP_TX is unsafe.
	xdp_arp_case auto bare generic
}

test_xdp_native()
{
	xdp_arp_case native xdp_pass native
}
