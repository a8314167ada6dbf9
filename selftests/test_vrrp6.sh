# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# VRRPv3 over IPv6 (RFC 5798 §5.1.2): instances whose virtual_ipaddress is
# IPv6. Their adverts go to ff02::12 from the link-local address, the
# backup's XDP program judges them, a takeover adds the VIP without DAD and
# announces it with an unsolicited neighbour advertisement, and an IPv4 and
# an IPv6 instance with the same VRID on one interface are two routers.
# (test_ipv6.sh covers IPv6 VIPs carried by an IPv4 instance.)

ALL_TESTS+=(test_vrrp6_pair test_vrrp6_dual_stack test_vrrp6_tshark
	test_vrrp6_keepalived_master test_vrrp6_xvrrp_master
	test_vrrp6_unicast test_vrrp6_unicast_keepalived test_vrrp6_native
	test_vrrp6_ll_vip_not_source)

# VIP6, CLIENT6, has_vip6, client_ping6 and client_neigh6_is: test_ipv6.sh.

# vrrp6_topo: two routers and a client on one segment, IPv6 on their eth0
# (no DAD on the test segment, so the link-local addresses are usable at once).
vrrp6_topo()
{
	local ns

	require_root
	require_xvrrp
	topo_create 2
	for ns in "$NS_R1" "$NS_R2" "$NS_C"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.accept_dad=0
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=0
	done
	ip -n "$NS_C" addr add "$CLIENT6/64" dev eth0 nodad
}

# write_conf6 FILE PRIORITY ADVERT_INT [LINE...]: write_conf's instance
# for the VIP $VIP6/64, which makes it IPv6.
write_conf6()
{
	CONF_VIP="$VIP6/64" write_conf "$@"
}

# link_local NS: the link-local address of NS's eth0.
link_local()
{
	ip -n "$1" -o -6 addr show dev eth0 scope link | awk '{ sub(/\/.*/, "", $4); print $4; exit }'
}

# xv_inst NS INSTANCE FIELD: FIELD of INSTANCE in `xvrrp status --json`.
xv_inst()
{
	xv_json "$1" | jq -er --arg n "$2" --arg f "$3" \
		'.instances[] | select(.name == $n) | .[$f] | tostring'
}

# vrrp6_failover: r1 (150) is master, r2 (100) backup; the client follows
# the VIP to r2 when r1's link is cut, and back when it returns.
vrrp6_failover()
{
	local mac1 mac2 mdi

	mac1=$(mac_of "$NS_R1")
	mac2=$(mac_of "$NS_R2")
	wait_for "has_vip6 $NS_R1 && ! has_vip6 $NS_R2" 5 ||
		fail "r1 (150) does not hold $VIP6 alone (r1: $(has_vip6 "$NS_R1" && echo yes), r2: $(has_vip6 "$NS_R2" && echo yes))"
	ip -n "$NS_R1" -6 addr show dev eth0 | grep -F "inet6 $VIP6/64" | grep -q nodad ||
		fail "$VIP6 was added with duplicate address detection on r1"
	wait_for client_ping6 5 || fail "client cannot ping6 $VIP6 on r1"
	client_neigh6_is "$mac1" || fail "client's neighbour entry for $VIP6 is not r1's MAC $mac1"

	mdi=$(master_down_interval_ms 100 0.1)
	probe_start 4 "$VIP6"
	sleep 1
	cut_link "$NS_R1"
	wait_for "has_vip6 $NS_R2" 2 ||
		fail "r2 did not take $VIP6 within 2 s of the cut (Master_Down_Interval $mdi ms)"
	note "r2 holds $VIP6 $WAITED_MS ms after r1's link was cut (Master_Down_Interval $mdi ms)"
	wait_for "client_neigh6_is $mac2" 2 ||
		fail "the client still sends $VIP6 to $(ip -n "$NS_C" -6 neigh show "$VIP6" dev eth0): no usable unsolicited NA from r2"
	probe_wait
	note "client: longest gap in replies $(probe_gap_ms) ms ($(probe_replies) replies)"
	[ "$(probe_replies)" -gt 100 ] || fail "the probe got almost no replies"
	[ "$(probe_gap_ms)" -le 3000 ] || fail "client lost $VIP6 for $(probe_gap_ms) ms, more than 3 s"

	restore_link "$NS_R1"
	wait_for "has_vip6 $NS_R1 && ! has_vip6 $NS_R2" 5 || fail "r1 did not take $VIP6 back"
	wait_for "client_neigh6_is $mac1" 2 || fail "the client did not follow $VIP6 back to r1's MAC"
	wait_for client_ping6 5 || fail "client cannot ping6 $VIP6 on r1 again"
}

test_vrrp6_pair()
{
	local ll1

	vrrp6_topo
	write_conf6 "$T_DIR/r1.conf" 150 0.1
	write_conf6 "$T_DIR/r2.conf" 100 0.1
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "xv_state_is $NS_R2 BACKUP" 5 || fail "r2 says $(xv_state "$NS_R2"), expected BACKUP"
	ll1=$(link_local "$NS_R1")
	[ "$(xv_field "$NS_R1" family)" = inet6 ] || fail "r1's status says family $(xv_field "$NS_R1" family)"
	[ "$(xv_field "$NS_R1" src_addr)" = "$ll1" ] ||
		fail "r1 sends from $(xv_field "$NS_R1" src_addr), not its link-local address $ll1"
	wait_for "[ \"\$(xv_field $NS_R2 master)\" = $ll1 ]" 3 ||
		fail "r2's status names master $(xv_field "$NS_R2" master), not r1's $ll1"
	wait_for "[ \"\$(xv_xdp_counter $NS_R2 vrrp_valid)\" -ge 10 ]" 3 ||
		fail "r2's XDP program judged only $(xv_xdp_counter "$NS_R2" vrrp_valid) IPv6 adverts valid in 3 s"
	vrrp6_failover
	[ "$(xv_xdp_counter "$NS_R1" ns_replied)" -ge 1 ] ||
		fail "r1's XDP program answered no neighbour solicitation for $VIP6"
	note "r1's XDP program answered $(xv_xdp_counter "$NS_R1" ns_replied) solicitation(s) for $VIP6"
}

# Two routers in one: VRID $VRID over IPv4 with r1 master, over IPv6 with r2
# master. Cutting r1 moves only what r1 mastered.
test_vrrp6_dual_stack()
{
	local ns

	vrrp6_topo
	for ns in 1 2; do
		{
			echo "vrrp_instance VI_4 {"
			echo "	state BACKUP"
			echo "	interface eth0"
			echo "	virtual_router_id $VRID"
			echo "	priority $([ $ns = 1 ] && echo 150 || echo 100)"
			echo "	advert_int 0.1"
			echo "	version 3"
			echo "	virtual_ipaddress {"
			echo "		$VIP/24"
			echo "	}"
			echo "}"
			echo "vrrp_instance VI_6 {"
			echo "	state BACKUP"
			echo "	interface eth0"
			echo "	virtual_router_id $VRID"
			echo "	priority $([ $ns = 1 ] && echo 100 || echo 150)"
			echo "	advert_int 0.1"
			echo "	virtual_ipaddress {"
			echo "		$VIP6/64"
			echo "	}"
			echo "}"
		} >"$T_DIR/r$ns.conf"
	done
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	wait_for "only_holder $NS_R1 && has_vip6 $NS_R2 && ! has_vip6 $NS_R1" 5 ||
		fail "not split as configured: IPv4 holders '$(vip_holders)', IPv6 on r1: $(has_vip6 "$NS_R1" && echo yes), r2: $(has_vip6 "$NS_R2" && echo yes)"
	hold_for "only_holder $NS_R1 && has_vip6 $NS_R2 && ! has_vip6 $NS_R1" 1 ||
		fail "the split did not hold for 1 s"
	[ "$(xv_inst "$NS_R1" VI_4 state)" = MASTER ] && [ "$(xv_inst "$NS_R1" VI_6 state)" = BACKUP ] ||
		fail "r1 says VI_4 $(xv_inst "$NS_R1" VI_4 state), VI_6 $(xv_inst "$NS_R1" VI_6 state)"
	# The text form tells the two routers of one VRID apart by family.
	xv "$NS_R1" status | awk -v v="$VRID" '$1 == "VI_4" && $3 == "inet" && $4 == v && $5 == "MASTER" { a = 1 }
		$1 == "VI_6" && $3 == "inet6" && $4 == v && $5 == "BACKUP" { b = 1 } END { exit !(a && b) }' ||
		fail "'xvrrp status' on r1 does not show VI_4 inet MASTER and VI_6 inet6 BACKUP: $(xv "$NS_R1" status | tr '\n' '|')"
	client_ping || fail "client cannot ping $VIP on r1"
	wait_for client_ping6 5 || fail "client cannot ping6 $VIP6 on r2"
	note "VRID $VRID: IPv4 master r1, IPv6 master r2, each with its own state and counters"

	cut_link "$NS_R1"
	wait_for "has_vip $NS_R2" 2 || fail "r2 did not take $VIP over when r1 was cut"
	has_vip6 "$NS_R2" || fail "r2 lost $VIP6 when r1 (its IPv6 backup) was cut"
	restore_link "$NS_R1"
	wait_for "only_holder $NS_R1" 5 || fail "r1 did not take $VIP back"
	hold_for "has_vip6 $NS_R2 && ! has_vip6 $NS_R1" 1 ||
		fail "the IPv6 instance moved when only the IPv4 one should have"
	[ "$(xv_inst "$NS_R2" VI_6 state)" = MASTER ] ||
		fail "r2's IPv6 instance says $(xv_inst "$NS_R2" VI_6 state) after r1 returned"
}

# Our IPv6 adverts and takeover NA, as tshark decodes them on the segment.
test_vrrp6_tshark()
{
	local out=$T_DIR/vrrp6.txt ll1 mac2 na=$T_DIR/na6.txt

	require_cmd tshark
	vrrp6_topo
	write_conf6 "$T_DIR/r1.conf" 150 0.1
	write_conf6 "$T_DIR/r2.conf" 100 0.1
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	wait_for "has_vip6 $NS_R1" 5 || fail "r1 does not hold $VIP6"
	ll1=$(link_local "$NS_R1")
	mac2=$(mac_of "$NS_R2")
	timeout 10 ip netns exec "$NS_SW" tshark -i br0 -n -c 5 -a duration:3 -f 'ip6 proto 112' \
		-T fields -E separator=, -e eth.dst -e ipv6.src -e ipv6.dst -e ipv6.hlim \
		-e vrrp.version -e vrrp.type -e vrrp.virt_rtr_id -e vrrp.prio -e vrrp.addr_count \
		-e vrrp.ipv6_addr -e vrrp.checksum.status >"$out" 2>"$T_DIR/tshark.err" ||
		fail "tshark captured no IPv6 VRRP advert: $(tail -n 2 "$T_DIR/tshark.err" | tr '\n' ' ')"
	grep -qx "33:33:00:00:00:12,$ll1,ff02::12,255,3,1,$VRID,150,1,$VIP6,1" "$out" ||
		fail "no advert decoded as dst MAC,src,dst,hlim,version,type,vrid,prio,count,address,checksum = 33:33:00:00:00:12,$ll1,ff02::12,255,3,1,$VRID,150,1,$VIP6,good: $(head -n 2 "$out" | tr '\n' ' ')"
	note "tshark: $(wc -l <"$out") IPv6 adverts from $ll1, VRRPv3, checksum good"

	capture_na "$na"
	sleep 1.5
	cut_link "$NS_R1"
	wait_for "has_vip6 $NS_R2" 3 || fail "r2 did not take $VIP6 over"
	wait_for "grep -q . $na" 4 || fail "tshark saw no neighbour advertisement"
	sleep 2.5
	na_from_r2_valid "$na" "$mac2"
	note "tshark: r2's unsolicited NA for $VIP6 decoded valid"
}

# vrrp6_interop KIND_R1 KIND_R2: r1 (150) and r2 (100), each xvrrp or
# keepalived 2.2.7, over IPv6: one master, the failover and the way back.
vrrp6_interop()
{
	local i kind

	require_cmd keepalived jq
	vrrp6_topo
	write_conf6 "$T_DIR/r1.conf" 150 0.1
	write_conf6 "$T_DIR/r2.conf" 100 0.1
	for i in 2 1; do
		kind=$([ $i = 1 ] && echo "$1" || echo "$2")
		if [ "$kind" = keepalived ]; then
			start_keepalived "${PFX}r$i" "$T_DIR/r$i.conf"
		else
			start_xvrrp "${PFX}r$i" "$T_DIR/r$i.conf"
		fi
	done
	vrrp6_failover
	note "r1 ($1) and r2 ($2) agree over IPv6 both ways"
}

test_vrrp6_keepalived_master()
{
	vrrp6_interop keepalived xvrrp
}

test_vrrp6_xvrrp_master()
{
	vrrp6_interop xvrrp keepalived
}

# ------------------------------------------------------------ IPv6 unicast

R1_6=2001:db8:0:6::1
R2_6=2001:db8:0:6::2

# vrrp6_unicast_conf NS_INDEX SRC PEER PRIORITY: r<i>.conf with
# unicast_src_ip SRC and unicast_peer PEER (an IPv6 instance).
vrrp6_unicast_conf()
{
	write_conf6 "$T_DIR/r$1.conf" "$4" 0.1 "unicast_src_ip $2" "unicast_peer {" "	$3" "}"
}

# sniff_unicast6 PORT SRC PEER: adverts from SRC to PEER, and none to
# ff02::12, on bridge port PORT in one second each.
sniff_unicast6()
{
	local n1 n2

	n1=$(sniff_vrrp "$1" "src $2 and dst $3" 6)
	n2=$(sniff_vrrp "$1" "dst ff02::12" 6)
	say "unicast: on $1's bridge port in 1 s: $n1 adverts to $3, $n2 to ff02::12"
	[ "$n1" -gt 3 ] || fail "unicast: only $n1 adverts from $2 to $3 in 1 s"
	[ "$n2" = 0 ] || fail "unicast: adverts to ff02::12 on $1's port: $(head -n 3 "$SNIFF_OUT" | tr '\n' ' ')"
}

# vrrp6_unicast_pair KIND_R2: r1 (xvrrp, 150) and r2 (KIND_R2: xvrrp or
# keepalived 2.2.7, 100) advertise to each other's global address. r2
# starts alone and is master; r1 takes over, which it can only learn from
# unicast adverts, as neither sends to ff02::12 (sniffed on the bridge:
# multicast is not blocked there, IPv6 neighbour discovery needs it). Then
# the failover and the way back.
vrrp6_unicast_pair()
{
	require_cmd tcpdump
	vrrp6_topo
	ip -n "$NS_R1" addr add "$R1_6/64" dev eth0 nodad
	ip -n "$NS_R2" addr add "$R2_6/64" dev eth0 nodad
	vrrp6_unicast_conf 1 "$R1_6" "$R2_6" 150
	vrrp6_unicast_conf 2 "$R2_6" "$R1_6" 100
	if [ "$1" = keepalived ]; then
		start_keepalived "$NS_R2" "$T_DIR/r2.conf"
	else
		start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	fi
	wait_for "has_vip6 $NS_R2" 5 || fail "r2 ($1) alone did not take $VIP6 with unicast_peer"
	sniff_unicast6 r2 "$R2_6" "$R1_6"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "has_vip6 $NS_R1 && ! has_vip6 $NS_R2" 5 ||
		fail "unicast: r1 (150) does not hold $VIP6 alone (r2 $(has_vip6 "$NS_R2" && echo holds it || echo does not))"
	note "unicast: r1 the only holder $WAITED_MS ms after its start"
	[ "$(xv_field "$NS_R1" src_addr)" = "$R1_6" ] ||
		fail "r1 sends from $(xv_field "$NS_R1" src_addr), not its unicast_src_ip $R1_6"
	sniff_unicast6 r1 "$R1_6" "$R2_6"
	vrrp6_failover
}

test_vrrp6_unicast()
{
	vrrp6_unicast_pair xvrrp
	wait_for "[ \"\$(xv_field $NS_R2 master)\" = $R1_6 ]" 3 ||
		fail "r2's status names master $(xv_field "$NS_R2" master), not r1's $R1_6"
	[ "$(xv_xdp_counter "$NS_R2" vrrp_valid)" -ge 10 ] ||
		fail "r2's XDP program judged only $(xv_xdp_counter "$NS_R2" vrrp_valid) unicast IPv6 adverts valid"
}

# keepalived checks our checksum over the pseudo-header with the unicast
# destination, and we check its.
test_vrrp6_unicast_keepalived()
{
	require_cmd keepalived
	vrrp6_unicast_pair keepalived
	note "unicast over IPv6: xvrrp and keepalived agree both ways"
}

# native_ipv6 and no_virtual_ipaddress (keepalived 2.2.8): an IPv6 virtual
# router with no address of its own to move, only an election (as a sync
# group member or for its notify scripts).
test_vrrp6_native()
{
	local i ll1

	vrrp6_topo
	for i in 1 2; do
		cat >"$T_DIR/r$i.conf" <<-CONF
		vrrp_instance VI_1 {
			state BACKUP
			interface eth0
			virtual_router_id $VRID
			priority $((200 - 50 * i))
			advert_int 0.1
			native_ipv6
			no_virtual_ipaddress
		}
		CONF
	done
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	ll1=$(link_local "$NS_R1")
	wait_for "xv_state_is $NS_R1 MASTER && xv_state_is $NS_R2 BACKUP" 5 ||
		fail "r1 says $(xv_state "$NS_R1"), r2 $(xv_state "$NS_R2"): expected MASTER and BACKUP"
	[ "$(xv_field "$NS_R2" family)" = inet6 ] || fail "r2's status says family $(xv_field "$NS_R2" family)"
	wait_for "[ \"\$(xv_field $NS_R2 master)\" = $ll1 ]" 3 ||
		fail "r2's status names master $(xv_field "$NS_R2" master), not r1's $ll1"
	cut_link "$NS_R1"
	wait_for "xv_state_is $NS_R2 MASTER" 2 || fail "r2 did not take over when r1's link was cut"
	note "native_ipv6 without VIPs: r2 master $WAITED_MS ms after the cut"
	restore_link "$NS_R1"
	wait_for "xv_state_is $NS_R1 MASTER && xv_state_is $NS_R2 BACKUP" 5 ||
		fail "r1 did not take over again (r1 $(xv_state "$NS_R1"), r2 $(xv_state "$NS_R2"))"
}

# A link-local VIP already on the interface (left by an earlier run, or an
# address owner's, which is not swept at start) is not the address to send
# from: the kernel lists the newest address first, and a source that moves
# between routers breaks the tie-break and RFC 5798 §5.1.2.1.
test_vrrp6_ll_vip_not_source()
{
	local ll1

	vrrp6_topo
	ll1=$(link_local "$NS_R1")
	ip -n "$NS_R1" addr add fe80::51/64 dev eth0 nodad
	[ "$(link_local "$NS_R1")" = fe80::51 ] || skip "the kernel does not list the newest link-local address first here"
	write_conf6 "$T_DIR/r1.conf" 255 0.1 "virtual_ipaddress_excluded {" "	fe80::51/64" "}"
	write_conf6 "$T_DIR/r2.conf" 100 0.1
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	[ "$(xv_field "$NS_R1" src_addr)" = "$ll1" ] ||
		fail "r1 sends from $(xv_field "$NS_R1" src_addr), not its own link-local address $ll1 (fe80::51 is a VIP)"
	wait_for "[ \"\$(xv_field $NS_R2 master)\" = $ll1 ]" 3 ||
		fail "r2's status names master $(xv_field "$NS_R2" master), not r1's $ll1"
}
