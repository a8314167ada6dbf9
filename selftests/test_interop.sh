# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# keepalived on the same segment: the harness itself checked with two
# keepalived nodes, then xvrrp and keepalived in both roles (RFC 5798 VRRPv3,
# vrrp_version 3 in both configurations).

ALL_TESTS+=(test_keepalived_baseline test_interop_keepalived_master test_interop_xvrrp_master)

# The harness on its own: two keepalived nodes elect a master, the backup
# takes over when the master's link is cut, and the client probe sees a gap
# of about Master_Down_Interval. If this fails, the failure is in the test
# network, not in xvrrp.
test_keepalived_baseline()
{
	local gap mdi

	require_root
	require_cmd keepalived jq
	topo_create 2
	write_conf "$T_DIR/r1.conf" 150 0.1
	write_conf "$T_DIR/r2.conf" 100 0.1
	start_keepalived "$NS_R2" "$T_DIR/r2.conf"
	start_keepalived "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 10 ||
		fail "keepalived r1 (priority 150) is not the only VIP holder after 10 s (holders: $(vip_holders))"
	hold_for "only_holder $NS_R1" 1 ||
		fail "VIP holders changed while stable: $(vip_holders)"
	client_ping || fail "client cannot ping $VIP on the keepalived master"

	probe_start 4
	sleep 1
	cut_link "$NS_R1"
	wait_for "has_vip $NS_R2" 5 || fail "keepalived r2 did not take over within 5 s"
	note "keepalived backup holds the VIP $WAITED_MS ms after the cut"
	probe_wait
	gap=$(probe_gap_ms)
	mdi=$(master_down_interval_ms 100 0.1)
	note "client: longest gap $gap ms ($(probe_replies) replies); Master_Down_Interval $mdi ms"
	[ "$(probe_replies)" -gt 100 ] || fail "the probe got almost no replies"
	[ "$gap" -ge 150 ] || fail "longest gap $gap ms: the cut did not interrupt the master"
	[ "$gap" -le 5000 ] || fail "longest gap $gap ms is longer than 5 s"
}

# interop_takeover MASTER_KIND: MASTER_KIND (keepalived or xvrrp) runs on r1
# with priority 150, the other one on r2 with priority 100.
interop_takeover()
{
	local master_kind=$1 xv_ns

	require_root
	require_cmd keepalived jq
	require_xvrrp
	topo_create 2
	write_conf "$T_DIR/r1.conf" 150 0.1
	write_conf "$T_DIR/r2.conf" 100 0.1
	if [ "$master_kind" = keepalived ]; then
		xv_ns=$NS_R2
		start_keepalived "$NS_R1" "$T_DIR/r1.conf"
		wait_for "only_holder $NS_R1" 10 || fail "keepalived r1 did not become master"
		start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	else
		xv_ns=$NS_R1
		start_keepalived "$NS_R2" "$T_DIR/r2.conf"
		wait_for "only_holder $NS_R2" 10 || fail "keepalived r2 did not become master while alone"
		start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	fi

	# Exactly one master: r1 (priority 150), whichever implementation.
	wait_for "only_holder $NS_R1" 5 ||
		fail "r1 ($master_kind, priority 150) is not the only VIP holder (holders: $(vip_holders))"
	hold_for "only_holder $NS_R1" 1 || fail "VIP holders changed: $(vip_holders)"
	if [ "$master_kind" = keepalived ]; then
		xv_state_is "$xv_ns" BACKUP ||
			fail "xvrrp r2 says $(xv_state "$xv_ns"), expected BACKUP under a keepalived master"
		[ "$(xv_field "$xv_ns" master)" = 192.0.2.1 ] ||
			fail "xvrrp r2 reports master '$(xv_field "$xv_ns" master)', expected 192.0.2.1"
	else
		xv_state_is "$xv_ns" MASTER ||
			fail "xvrrp r1 says $(xv_state "$xv_ns"), expected MASTER"
	fi
	client_ping || fail "client cannot ping $VIP"

	# r1's link cut: r2 takes over.
	cut_link "$NS_R1"
	wait_for "has_vip $NS_R2" 3 || fail "r2 did not take the VIP within 3 s of cutting r1"
	note "r2 holds the VIP $WAITED_MS ms after r1's link was cut"
	[ "$master_kind" = keepalived ] && { xv_state_is "$xv_ns" MASTER ||
		fail "xvrrp r2 holds the VIP but says $(xv_state "$xv_ns")"; }
	wait_for client_ping 5 || fail "client cannot ping $VIP after the takeover"

	# Link back: r1 (higher priority, preempting) takes the VIP back.
	restore_link "$NS_R1"
	wait_for "only_holder $NS_R1" 10 ||
		fail "r1 did not take the VIP back after its link returned (holders: $(vip_holders))"
	hold_for "only_holder $NS_R1" 1 || fail "VIP holders changed after r1 returned: $(vip_holders)"
	[ "$master_kind" = keepalived ] && { wait_for "xv_state_is $xv_ns BACKUP" 3 ||
		fail "xvrrp r2 says $(xv_state "$xv_ns") after keepalived r1 returned"; }
	wait_for client_ping 5 || fail "client cannot ping $VIP after r1 returned"
}

test_interop_keepalived_master()
{
	interop_takeover keepalived
}

test_interop_xvrrp_master()
{
	interop_takeover xvrrp
}
