# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The Master_Down_Timer in the kernel (bpf/master_down.h): a Backup's
# deadline kept by the XDP program, kernel_takeover answering ARP at the
# deadline before the daemon runs, the fence that takes a flip back from a
# daemon that does not follow, and a Backup that does not wake up while its
# master lives.

ALL_TESTS+=(test_ktimer_stopped_backup test_ktimer_takeover_off test_ktimer_backup_sleeps)

# ktimer_conf FILE PRIORITY ADVERT_INT [GLOBAL_LINE]: VI_1.
ktimer_conf()
{
	{
		printf 'global_defs {\n\tvrrp_version 3\n\t%s\n}\n\n' "${4:-}"
		echo "vrrp_instance VI_1 {"
		echo "	state BACKUP"
		echo "	interface eth0"
		echo "	virtual_router_id $VRID"
		echo "	priority $2"
		echo "	advert_int $3"
		echo "	virtual_ipaddress {"
		echo "		$VIP/24"
		echo "	}"
		echo "}"
	} >"$1"
}

# arp_from MAC: one ARP request for the VIP from the client; true if MAC answered.
arp_from()
{
	timeout 2 ip netns exec "$NS_C" arping -i eth0 -c 1 -w 0.15 -r "$VIP" 2>/dev/null | grep -qi "$1"
}

ktimer_pair()
{
	require_root
	require_cmd jq arping
	require_xvrrp
	topo_create 2
	ktimer_conf "$T_DIR/r1.conf" 200 0.1 "$1"
	ktimer_conf "$T_DIR/r2.conf" 100 0.1 "$1"
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 10 || fail "r1 (200) is not the only VIP holder: '$(vip_holders)'"
	sleep 0.5
}

# r2's daemon is stopped (SIGSTOP) when r1 dies: at the deadline the kernel
# answers ARP for the VIP (kernel_takeover) although no daemon ran; no
# advert of r2's follows, so one Master_Down_Interval later the kernel takes
# it back. When the daemon runs again it takes over for real.
test_ktimer_stopped_backup()
{
	local pid mac mdi t0 first=0 last=0 now

	ktimer_pair
	pid=${XV_PID[$NS_R2]}
	mac=$(mac_of "$NS_R2")
	mdi=$(master_down_interval_ms 100 0.1)
	kill -STOP "$pid"
	say "r2's daemon stopped (SIGSTOP); r1's link cut"
	t0=$(now_ms)
	cut_link "$NS_R1"
	# At most 3 s: every request either answered by r2's XDP program or not.
	while now=$(now_ms) && [ $((now - t0)) -lt 3000 ]; do
		if arp_from "$mac"; then
			[ "$first" = 0 ] && first=$((now - t0))
			last=$((now - t0))
		elif [ "$first" != 0 ]; then
			break
		fi
	done
	if has_vip "$NS_R2"; then
		kill -CONT "$pid"
		fail "the VIP is on r2's interface although its daemon was stopped"
	fi
	kill -CONT "$pid"
	[ "$first" != 0 ] || fail "r2's kernel never answered ARP for $VIP while its daemon was stopped (kernel_takeover)"
	say "r2's kernel answered from $first ms to $last ms after the cut (Master_Down_Interval $mdi ms)"
	[ "$first" -le $((mdi + 400)) ] ||
		fail "r2's kernel first answered $first ms after the cut, Master_Down_Interval is $mdi ms"
	[ $((last - first)) -le $((mdi + 400)) ] ||
		fail "the stopped daemon's flip answered for $((last - first)) ms, longer than one Master_Down_Interval ($mdi ms)"
	# The daemon runs again: the state machine takes over for real.
	wait_for "has_vip $NS_R2 && xv_state_is $NS_R2 MASTER" 5 ||
		fail "r2 did not become master after SIGCONT: $(xv_state "$NS_R2"), holders '$(vip_holders)'"
	[ "$(xv_counter "$NS_R2" kernel_unflipped)" = 1 ] ||
		fail "kernel_unflipped is $(xv_counter "$NS_R2" kernel_unflipped), expected 1"
	[ "$(xv_counter "$NS_R2" kernel_takeover_reverted)" = 0 ] ||
		fail "the state machine reverted a kernel takeover: $(xv_counter "$NS_R2" kernel_takeover_reverted)"
	arp_from "$mac" || fail "r2 as master does not answer ARP for $VIP"
	note "daemon stopped: the kernel answered ARP $first ms after the cut (MDI $mdi ms) for $((last - first)) ms, then took it back; after SIGCONT r2 is master"
}

# kernel_takeover off: the kernel only tells the daemon; a stopped daemon answers nothing.
test_ktimer_takeover_off()
{
	local pid mac

	ktimer_pair "kernel_takeover off"
	pid=${XV_PID[$NS_R2]}
	mac=$(mac_of "$NS_R2")
	kill -STOP "$pid"
	cut_link "$NS_R1"
	sleep 1
	if arp_from "$mac"; then
		kill -CONT "$pid"
		fail "with kernel_takeover off, r2's kernel answered ARP while its daemon was stopped"
	fi
	kill -CONT "$pid"
	wait_for "has_vip $NS_R2" 3 || fail "r2 did not take over after SIGCONT (kernel_takeover off)"
	[ "$(xv_counter "$NS_R2" kernel_master_down)" -ge 1 ] ||
		fail "kernel_master_down is $(xv_counter "$NS_R2" kernel_master_down): the kernel timer did not run"
	note "kernel_takeover off: no answer from the kernel; the daemon took over after SIGCONT"
}

# voluntary_switches PID: how often the process went to sleep of its own accord.
voluntary_switches()
{
	awk '/^voluntary_ctxt_switches:/ { print $2 }' "/proc/$1/status"
}

# A Backup whose master lives does not wake up: no Master_Down replay, no
# timer of its own (advert_int 0.02 s: the replay woke it every 72 ms).
test_ktimer_backup_sleeps()
{
	local pid a b

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 2
	ktimer_conf "$T_DIR/r1.conf" 200 0.02
	ktimer_conf "$T_DIR/r2.conf" 100 0.02
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 10 || fail "r1 (200) is not the only VIP holder: '$(vip_holders)'"
	sleep 0.5
	pid=${XV_PID[$NS_R2]}
	a=$(voluntary_switches "$pid")
	sleep 2
	b=$(voluntary_switches "$pid")
	say "r2 (backup) went to sleep $((b - a)) times in 2 s while r1 sent 100 adverts"
	[ $((b - a)) -le 5 ] ||
		fail "the backup woke $((b - a)) times in 2 s with a live master (the replay would be ~28)"
	only_holder "$NS_R1" || fail "the VIP moved: '$(vip_holders)'"
	cut_link "$NS_R1"
	wait_for "has_vip $NS_R2" 2 || fail "r2 did not take over after r1's link was cut"
	note "backup: $((b - a)) wake-ups in 2 s of a live master at 20 ms; took over $WAITED_MS ms after the cut"
}

ALL_TESTS+=(test_fence_killed_master)

# kill -9 of the master's daemon: its fence removes the VIP at once (the
# kernel stopped answering for it), the backup takes over within the
# Master_Down_Interval, one host holds the VIP; the killed node, started
# again (nopreempt), joins as backup without a flap.
test_fence_killed_master()
{
	local pid mdi t0 gone took fence

	require_root
	require_cmd jq arping
	require_xvrrp
	topo_create 2
	ktimer_conf "$T_DIR/r1.conf" 200 0.1
	sed -i 's/^\tstate BACKUP$/\tstate BACKUP\n\tnopreempt/' "$T_DIR/r1.conf"
	ktimer_conf "$T_DIR/r2.conf" 100 0.1
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "has_vip $NS_R1" 5 || fail "r1 alone did not become master"
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	sleep 0.5
	only_holder "$NS_R1" || fail "r1 is not the only holder: '$(vip_holders)'"
	pid=${XV_PID[$NS_R1]}
	fence=$(fence_of "$NS_R1")
	[ -n "$fence" ] || fail "r1's daemon has no fence process"
	mdi=$(master_down_interval_ms 100 0.1)
	t0=$(now_ms)
	kill -KILL "$pid"
	wait_for "! has_vip $NS_R1" 2 || fail "the killed master still holds $VIP 2 s later (no fence)"
	gone=$WAITED_MS
	wait_for "has_vip $NS_R2" 3 || fail "r2 did not take over after r1's daemon was killed"
	took=$(( $(now_ms) - t0 ))
	[ "$took" -le $((mdi + 500)) ] || fail "r2 took over $took ms after the kill (MDI $mdi ms)"
	only_holder "$NS_R2" || fail "after the kill the holders are '$(vip_holders)'"
	[ "$(client_arp_macs | tr '\n' ' ')" = "$(mac_of "$NS_R2") " ] ||
		fail "ARP for $VIP answered by '$(client_arp_macs | tr '\n' ' ')', expected r2 alone"
	wait_for "! pid_alive $fence" 2 || fail "the fence (pid $fence) did not exit after its work"
	grep -q "fence: the daemon died" "$T_DIR/xvrrp-r1.log" || fail "the fence did not say what it did"
	# Started again: backup, no flap (nopreempt), r2 stays the only holder.
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	hold_for "only_holder $NS_R2" 2 || fail "the restarted r1 made the VIP move: '$(vip_holders)'"
	xv_state_is "$NS_R1" BACKUP || fail "the restarted r1 says $(xv_state "$NS_R1")"
	note "kill -9 of the master: its VIP gone after $gone ms (fence), r2 master after $took ms (MDI $mdi ms); restarted r1 joined as backup"
}
