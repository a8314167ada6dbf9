# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Two xvrrp routers on one segment: election, failover, preemption,
# graceful stop (RFC 5798 sections 6.4 and 6.6).

ALL_TESTS+=(test_election test_failover test_preempt test_nopreempt test_sigterm)

# two_routers ADVERT_INT [EXTRA_R1...]: r1 priority 150, r2 priority 100,
# both xvrrp; r2 starts first so that r1 has to win the election.
two_routers()
{
	local adv=$1

	shift
	require_root
	require_cmd jq
	require_xvrrp
	topo_create 2
	write_conf "$T_DIR/r1.conf" 150 "$adv" "$@"
	write_conf "$T_DIR/r2.conf" 100 "$adv"
}

# check_one_master MASTER_NS BACKUP_NS: the VIP on MASTER_NS only, and
# both daemons agree on who is master.
check_one_master()
{
	local m=$1 b=$2 master_ip

	only_holder "$m" || fail "expected only $m to hold $VIP; holders: '$(vip_holders)'"
	xv_state_is "$m" MASTER || fail "xvrrp in $m says $(xv_state "$m"), expected MASTER"
	xv_state_is "$b" BACKUP || fail "xvrrp in $b says $(xv_state "$b"), expected BACKUP"
	master_ip=$(ip -n "$m" -o -4 addr show dev eth0 | awk '{ print $4 }' | head -n 1)
	master_ip=${master_ip%/*}
	[ "$(xv_field "$b" master)" = "$master_ip" ] ||
		fail "backup $b reports master '$(xv_field "$b" master)', expected $master_ip"
}

test_election()
{
	local mac neigh macs

	two_routers 0.1
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 5 ||
		fail "r1 (priority 150) is not the only VIP holder after 5 s; holders: '$(vip_holders)', states r1 $(xv_state "$NS_R1") r2 $(xv_state "$NS_R2")"
	note "r1 elected: VIP on r1 only after $WAITED_MS ms"
	hold_for "only_holder $NS_R1" 1 || fail "VIP holders changed while stable: '$(vip_holders)'"
	check_one_master "$NS_R1" "$NS_R2"
	[ "$(xv_field "$NS_R1" priority)" = 150 ] ||
		fail "r1 status priority '$(xv_field "$NS_R1" priority)', expected 150"
	[ "$(xv_field "$NS_R1" vrid)" = "$VRID" ] ||
		fail "r1 status vrid '$(xv_field "$NS_R1" vrid)', expected $VRID"
	xv_field "$NS_R1" vips | grep -qF "$VIP/" ||
		fail "r1 status vips '$(xv_field "$NS_R1" vips)' lack $VIP"

	client_ping || fail "client cannot ping $VIP"
	mac=$(mac_of "$NS_R1")
	neigh=$(client_neigh_mac)
	[ "$neigh" = "$mac" ] || fail "client's ARP entry for $VIP is '$neigh', master r1's MAC is $mac"
	macs=$(client_arp_macs)
	[ "$macs" = "$mac" ] || fail "ARP for $VIP answered by '$(echo "$macs" | tr '\n' ' ')', expected only $mac"
}

test_failover()
{
	local gap mdi

	two_routers 0.1
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 5 || fail "r1 is not the only VIP holder; holders: '$(vip_holders)'"
	hold_for "only_holder $NS_R1" 0.5 || fail "VIP holders changed: '$(vip_holders)'"
	client_ping || fail "client cannot ping $VIP before the failover"

	mdi=$(master_down_interval_ms 100 0.1)
	probe_start 4
	sleep 1
	cut_link "$NS_R1"
	# Master_Down_Interval plus a generous margin for a noisy machine.
	wait_for "has_vip $NS_R2" 2 ||
		fail "r2 did not take the VIP within 2 s (Master_Down_Interval $mdi ms); r2 says $(xv_state "$NS_R2")"
	note "r2 holds the VIP $WAITED_MS ms after r1's link was cut (Master_Down_Interval $mdi ms)"
	xv_state_is "$NS_R2" MASTER || fail "r2 holds the VIP but says $(xv_state "$NS_R2")"
	probe_wait
	gap=$(probe_gap_ms)
	note "client: longest gap in replies $gap ms ($(probe_replies) replies)"
	[ "$(probe_replies)" -gt 100 ] || fail "the probe got almost no replies"
	[ "$gap" -ge 150 ] || fail "longest gap $gap ms: the cut did not interrupt the master"
	[ "$gap" -le 3000 ] || fail "client lost $VIP for $gap ms, more than 3 s"
	client_ping || fail "client cannot ping $VIP after the failover"
	[ "$(client_neigh_mac)" = "$(mac_of "$NS_R2")" ] ||
		fail "client's ARP entry for $VIP is $(client_neigh_mac), not r2's $(mac_of "$NS_R2") (no gratuitous ARP?)"

	# r1 comes back with the higher priority and preempts (default).
	restore_link "$NS_R1"
	wait_for "only_holder $NS_R1" 5 ||
		fail "r1 did not take the VIP back after its link returned; holders: '$(vip_holders)'"
	hold_for "only_holder $NS_R1" 0.5 || fail "VIP holders changed after r1 returned: '$(vip_holders)'"
	wait_for "xv_state_is $NS_R2 BACKUP" 2 || fail "r2 says $(xv_state "$NS_R2") after r1 returned"
}

test_preempt()
{
	two_routers 0.1 "preempt_delay 0"
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	wait_for "only_holder $NS_R2" 5 || fail "r2 alone did not become master within 5 s"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 3 ||
		fail "r1 (priority 150, preempt) did not take over from r2 within 3 s; holders: '$(vip_holders)'"
	note "r1 preempted r2 $WAITED_MS ms after answering status"
	hold_for "only_holder $NS_R1" 0.5 || fail "VIP holders changed: '$(vip_holders)'"
	check_one_master "$NS_R1" "$NS_R2"
	wait_for client_ping 3 || fail "client cannot ping $VIP after the preemption"
	[ "$(client_neigh_mac)" = "$(mac_of "$NS_R1")" ] ||
		fail "client's ARP entry for $VIP is $(client_neigh_mac), not r1's $(mac_of "$NS_R1")"
}

test_nopreempt()
{
	two_routers 0.1 nopreempt
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	wait_for "only_holder $NS_R2" 5 || fail "r2 alone did not become master within 5 s"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	# 2 s is about six Master_Down_Intervals: a preempting r1 would have
	# taken over long before.
	hold_for "only_holder $NS_R2" 2 ||
		fail "r1 (nopreempt) took the VIP from r2; holders: '$(vip_holders)'"
	check_one_master "$NS_R2" "$NS_R1"
	client_ping || fail "client cannot ping $VIP"
}

test_sigterm()
{
	local t0 took rc

	# advert_int 1: Master_Down_Interval is 3.6 s for r2, Skew_Time 0.61 s.
	two_routers 1
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 10 || fail "r1 is not the only VIP holder; holders: '$(vip_holders)'"
	wait_for "xv_state_is $NS_R2 BACKUP" 3 || fail "r2 says $(xv_state "$NS_R2"), expected BACKUP"
	sleep 1.5
	only_holder "$NS_R1" || fail "VIP holders changed: '$(vip_holders)'"

	t0=$(now_ms)
	kill -TERM "${XV_PID[$NS_R1]}"
	say "SIGTERM sent to r1's xvrrp (pid ${XV_PID[$NS_R1]})"
	wait_for "has_vip $NS_R2" 5 || fail "r2 did not take the VIP within 5 s of r1's SIGTERM"
	took=$(( $(now_ms) - t0 ))
	note "r2 holds the VIP $took ms after SIGTERM to r1 (Skew_Time 609 ms, Master_Down_Interval 3609 ms)"
	# Priority 0 lets the backup wait Skew_Time only (RFC 5798 6.4.2);
	# without it, takeover would need at least 2.6 s.
	[ "$took" -lt 1500 ] ||
		fail "takeover took $took ms: no priority-0 advert on SIGTERM? (RFC 5798 6.4.3)"

	wait_for "! pid_alive ${XV_PID[$NS_R1]}" 5 || fail "r1's xvrrp still runs 5 s after SIGTERM"
	wait "${XV_PID[$NS_R1]}"
	rc=$?
	[ "$rc" -eq 0 ] || fail "r1's xvrrp exited $rc after SIGTERM, expected 0"
	has_vip "$NS_R1" && fail "r1 still has $VIP after its daemon stopped"
	[ "$(xdp_mode_of "$NS_R1")" = none ] ||
		fail "an XDP program ($(xdp_mode_of "$NS_R1") mode) is still on r1's eth0: $(ip -n "$NS_R1" -d link show eth0 | head -n 1)"
	ip -n "$NS_R1" -d link show eth0 | grep -q 'prog/xdp' && fail "ip -d link still shows prog/xdp on r1's eth0"
	wait_for client_ping 3 || fail "client cannot ping $VIP on r2"
	return 0
}
