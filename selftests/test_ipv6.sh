# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# IPv6 VIPs carried by an IPv4 instance (virtual_ipaddress_excluded, as
# keepalived allows and OpenStack Neutron's dual-stack routers use): the
# address and an IPv6 virtual route follow the master, neighbour
# solicitations for it are answered by the XDP program, and a takeover is
# announced with an unsolicited neighbour advertisement that a client
# follows at once.

ALL_TESTS+=(test_ipv6_excluded test_ipv6_excluded_keepalived)

VIP6=2001:db8::100
VIP6_HOST=2001:db8::101         # a /128: added deprecated, as keepalived does
CLIENT6=2001:db8::10
ROUTE6=2001:db8:aaaa::/48
GW6=2001:db8::fe

# ipv6_topo: the usual two routers and client, with IPv6 on their eth0.
ipv6_topo()
{
	local ns

	require_root
	require_xvrrp
	topo_create 2
	for ns in "$NS_R1" "$NS_R2" "$NS_C"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0
	done
	ip -n "$NS_C" addr add "$CLIENT6/64" dev eth0 nodad
	write_conf "$T_DIR/r1.conf" 150 0.1 "virtual_ipaddress_excluded {" "	$VIP6/64" \
		"	$VIP6_HOST" "}" "virtual_routes {" "	$ROUTE6 via $GW6" "}"
	write_conf "$T_DIR/r2.conf" 100 0.1 "virtual_ipaddress_excluded {" "	$VIP6/64" \
		"	$VIP6_HOST" "}" "virtual_routes {" "	$ROUTE6 via $GW6" "}"
}

# has_route6 NS: the IPv6 virtual route is in NS's main table, via $GW6.
has_route6()
{
	ip -n "$1" -6 route show "$ROUTE6" 2>/dev/null | grep -qF "via $GW6"
}

has_vip6()
{
	ip -n "$1" -o -6 addr show dev eth0 2>/dev/null | grep -qF " inet6 $VIP6/64"
}

client_ping6()
{
	ip netns exec "$NS_C" ping -6 -n -q -c 3 -i 0.1 -w 2 "$VIP6" >/dev/null 2>&1
}

# capture_na FILE: tshark on the bridge, 4 s in the background, writes each
# neighbour advertisement to FILE as src,dst,hlim,target,S,O,lladdr,checksum.
capture_na()
{
	timeout 10 ip netns exec "$NS_SW" tshark -i br0 -n -l -a duration:4 \
		-f 'icmp6 and ip6[40] == 136' -T fields -E separator=, \
		-e eth.src -e ipv6.dst -e ipv6.hlim -e icmpv6.nd.na.target_address \
		-e icmpv6.nd.na.flag.s -e icmpv6.nd.na.flag.o -e icmpv6.opt.linkaddr \
		-e icmpv6.checksum.status >"$1" 2>/dev/null &
	track_pid $! tshark
}

# na_from_r2_valid FILE MAC2: FILE (capture_na) holds r2's unsolicited NA
# for $VIP6 to all nodes, hop limit 255, Override set, its MAC, checksum good.
na_from_r2_valid()
{
	grep -qx "$2,ff02::1,255,$VIP6,False,True,$2,1" "$1" ||
		grep -qx "$2,ff02::1,255,$VIP6,0,1,$2,1" "$1" ||
		fail "no unsolicited NA from r2 decoded as src,dst,hlim,target,S,O,lladdr,checksum = $2,ff02::1,255,$VIP6,0,1,$2,good: $(head -n 3 "$1" | tr '\n' ' ')"
}

# client_neigh6_is MAC: the client's neighbour entry for the VIP says MAC.
client_neigh6_is()
{
	[ "$(ip -n "$NS_C" -6 neigh show "$VIP6" dev eth0 | sed -n 's/.*lladdr \([0-9a-f:]*\).*/\1/p')" = "$1" ]
}

# ipv6_takeover KIND2: xvrrp on r1 (priority 150), KIND2 (xvrrp or
# keepalived) on r2 (100); the IPv6 VIP must follow the master both ways.
ipv6_takeover()
{
	local mac1 mac2 out

	mac1=$(mac_of "$NS_R1")
	mac2=$(mac_of "$NS_R2")
	if [ "$1" = keepalived ]; then
		start_keepalived "$NS_R2" "$T_DIR/r2.conf"
	else
		start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	fi
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "has_vip6 $NS_R1 && ! has_vip6 $NS_R2" 5 ||
		fail "r1 (150) does not hold $VIP6 alone (r1: $(has_vip6 "$NS_R1" && echo yes), r2: $(has_vip6 "$NS_R2" && echo yes))"
	wait_for "has_route6 $NS_R1 && ! has_route6 $NS_R2" 3 ||
		fail "the IPv6 virtual route $ROUTE6 via $GW6 is not on r1 alone"
	ip -n "$NS_R1" -6 addr show dev eth0 | grep -A1 -F "inet6 $VIP6_HOST/128" |
		grep -q 'preferred_lft 0sec' ||
		fail "the /128 VIP $VIP6_HOST is not deprecated on r1: $(ip -n "$NS_R1" -6 addr show dev eth0 | grep -A1 -F "$VIP6_HOST" | tr '\n' ' ')"
	ip -n "$NS_R1" -6 addr show dev eth0 | grep -A1 -F "inet6 $VIP6/64" | grep -q 'preferred_lft forever' ||
		fail "the /64 VIP $VIP6 should be preferred on r1"
	wait_for client_ping6 5 || fail "client cannot ping6 $VIP6 on r1"
	client_neigh6_is "$mac1" || fail "client's neighbour entry for $VIP6 is not r1's MAC $mac1"
	[ "$(xv_xdp_counter "$NS_R1" ns_replied)" -ge 1 ] ||
		fail "r1's XDP program answered no neighbour solicitation (ns_rcvd $(xv_xdp_counter "$NS_R1" ns_rcvd))"
	note "r1 holds $VIP6; its XDP program answered $(xv_xdp_counter "$NS_R1" ns_replied) solicitation(s)"

	# The takeover's unsolicited NA, as tshark decodes it on the bridge.
	out=$T_DIR/na.txt
	capture_na "$out"
	sleep 1.5
	cut_link "$NS_R1"
	wait_for "has_vip6 $NS_R2" 3 || fail "r2 did not take $VIP6 over within 3 s of the cut"
	note "r2 holds $VIP6 $WAITED_MS ms after r1's link was cut"
	wait_for "has_route6 $NS_R2" 2 || fail "r2 took $VIP6 but not the IPv6 virtual route $ROUTE6"
	wait_for "client_neigh6_is $mac2" 2 ||
		fail "the client still sends $VIP6 to $(ip -n "$NS_C" -6 neigh show "$VIP6" dev eth0): no usable unsolicited NA from r2"
	wait_for client_ping6 5 || fail "client cannot ping6 $VIP6 on r2"
	wait_for "grep -q . $out" 4 || fail "tshark saw no neighbour advertisement on the bridge"
	sleep 2.5
	na_from_r2_valid "$out" "$mac2"

	restore_link "$NS_R1"
	wait_for "has_vip6 $NS_R1 && ! has_vip6 $NS_R2" 5 || fail "r1 did not take $VIP6 back"
	wait_for "has_route6 $NS_R1 && ! has_route6 $NS_R2" 3 ||
		fail "the IPv6 virtual route did not follow r1 back (and leave r2)"
	wait_for "client_neigh6_is $mac1" 2 || fail "the client did not follow $VIP6 back to r1's MAC"
	wait_for client_ping6 5 || fail "client cannot ping6 $VIP6 on r1 again"
}

test_ipv6_excluded()
{
	require_cmd tshark
	ipv6_topo
	ipv6_takeover xvrrp
	note "client followed $VIP6 to r2 and back by unsolicited NA; tshark: S=0, O=1, checksum good"
}

# The same against keepalived as r2: it moves its copy of the address the
# same way, so the two agree on who holds it.
test_ipv6_excluded_keepalived()
{
	require_cmd keepalived tshark
	ipv6_topo
	ipv6_takeover keepalived
}
