# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The election with real processes: the sequences that once left two masters
# or moved a VIP for nothing (docs/design.md, "Testing the election"), run in
# namespaces with xvrrp on both routers and with keepalived as either one.
# tests/test_sim.c runs the same defects, and thousands of random schedules,
# on a simulated segment; these prove the real wiring: two daemons, their XDP
# programs, a bridge, a check script, signals.

ALL_TESTS+=(test_election_heal_then_tracker_keepalived_both test_election_heal_then_tracker
	test_election_heal_then_tracker_keepalived_r1
	test_election_heal_then_tracker_keepalived_r2 test_election_forged_adverts
	test_election_sync_reload test_election_sync_split test_election_stalled_backup
	test_election_stalled_master)

# elect_conf FILE PRIORITY [CHECK_FLAG]: VI_1 (VRID 51, $VIP), advert_int
# 0.1; with CHECK_FLAG, a vrrp_script (weight -150) that passes while the
# file CHECK_FLAG exists.
elect_conf()
{
	local file=$1 prio=$2 flag=${3:-}

	{
		printf 'global_defs {\n\tvrrp_version 3\n}\n\n'
		if [ -n "$flag" ]; then
			cat <<EOF
vrrp_script chk_up {
	script "/bin/test -e $flag"
	interval 1
	fall 1
	rise 1
	weight -150
}

EOF
			compat_instance VI_1 "$VRID" "$prio" "$VIP" "track_script {" "	chk_up" "}"
		else
			compat_instance VI_1 "$VRID" "$prio" "$VIP"
		fi
	} >"$file"
}

# start_router KIND NS CONF: xvrrp or keepalived.
start_router()
{
	if [ "$1" = keepalived ]; then
		start_keepalived "$2" "$3"
	else
		start_xvrrp "$2" "$3"
	fi
}

# ---------------------------------------------------------------- defect 1

# heal_then_tracker KIND_R1 KIND_R2: the sequence that left two masters
# forever. r1 (200, a check with weight -150) and r2 (100, preempt), advert
# 0.1 s. r1 is silenced on the bridge for 1.5 s (both become master), the
# partition heals (r1 alone again), then r1's check fails: r1 advertises 50,
# r2 preempts, and r1 must step down (RFC 5798 section 6.4.3: a master that
# receives a higher priority than its own goes Backup). keepalived 2.2.7 ends
# this with r2 alone.
heal_then_tracker()
{
	local k1=$1 k2=$2 t0

	require_root
	require_cmd jq
	if [ "$k1" = keepalived ] || [ "$k2" = keepalived ]; then
		require_cmd keepalived
	fi
	require_xvrrp
	topo_create 2
	touch "$T_DIR/r1.up"
	elect_conf "$T_DIR/r1.conf" 200 "$T_DIR/r1.up"
	elect_conf "$T_DIR/r2.conf" 100
	start_router "$k2" "$NS_R2" "$T_DIR/r2.conf"
	start_router "$k1" "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 10 || fail "r1 (200) is not the only VIP holder after 10 s (holders: '$(vip_holders)')"
	sleep 1

	silence_node "$NS_R1"
	wait_for "has_vip $NS_R2" 3 || fail "r2 did not take over while r1 was silenced (holders: '$(vip_holders)')"
	[ "$(vip_holders)" = "$NS_R1 $NS_R2" ] ||
		fail "during the partition the holders are '$(vip_holders)', expected both (neither hears the other as master)"
	note "partition: both routers hold the VIP after $WAITED_MS ms"
	sleep 1
	unsilence_node "$NS_R1"
	wait_for "only_holder $NS_R1" 3 || fail "after the heal the holders are '$(vip_holders)', expected r1 alone"
	note "heal: r1 alone after $WAITED_MS ms"
	sleep 0.5

	rm -f "$T_DIR/r1.up"
	t0=$(now_ms)
	say "r1's check fails from now on: r1 advertises 50"
	wait_for "only_holder $NS_R2" 6 ||
		fail "$((($(now_ms) - t0))) ms after r1's priority fell to 50 the holders are '$(vip_holders)', expected r2 alone"
	note "priority drop: r2 alone $WAITED_MS ms after the check began to fail (check interval 1 s)"
	hold_for "only_holder $NS_R2" 2 || fail "the VIP moved again: holders '$(vip_holders)', expected r2 alone"
	if [ "$k1" = xvrrp ]; then
		xv_state_is "$NS_R1" BACKUP || fail "r1 says $(xv_state "$NS_R1"), expected BACKUP"
		[ "$(xv_field "$NS_R1" priority)" = 50 ] || fail "r1's priority is $(xv_field "$NS_R1" priority), expected 50"
	fi
	[ "$k2" = xvrrp ] && { xv_state_is "$NS_R2" MASTER || fail "r2 says $(xv_state "$NS_R2"), expected MASTER"; }
	return 0
}

# The harness on its own: keepalived on both routers ends the sequence with
# r2 alone. If this fails, the failure is in the test network, not in xvrrp.
test_election_heal_then_tracker_keepalived_both()
{
	heal_then_tracker keepalived keepalived
}

test_election_heal_then_tracker()
{
	heal_then_tracker xvrrp xvrrp
}

test_election_heal_then_tracker_keepalived_r1()
{
	heal_then_tracker keepalived xvrrp
}

test_election_heal_then_tracker_keepalived_r2()
{
	heal_then_tracker xvrrp keepalived
}

# ---------------------------------------------------------------- defect 2

# pair_setup: r1 200, r2 100, both xvrrp, advert 0.1 s; r1 master.
pair_setup()
{
	require_root
	require_cmd jq
	require_xvrrp
	topo_create 2
	elect_conf "$T_DIR/r1.conf" 200
	elect_conf "$T_DIR/r2.conf" 100
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 10 || fail "r1 (200) is not the only VIP holder (holders: '$(vip_holders)')"
	sleep 0.5
}


# forge COUNT KIND ARGS...: COUNT forged adverts from the client, one every
# 50 ms.
forge()
{
	local n=$1 kind=$2

	shift 2
	VRRP_SEND_GAP=0.05 timeout 10 ip netns exec "$NS_C" python3 "$SELFTEST_DIR/vrrp_send.py" \
		"$kind" eth0 "$@" "$n" "$VIP" || fail "vrrp_send.py $kind failed"
}

# A higher priority from a stranger in a form RFC 5798 section 7.1 says to
# discard (the other version; TTL 64; a bad checksum) must neither move the
# VIP nor hide the real master's adverts from the backup.
test_election_forged_adverts()
{
	local before after kind fpid

	require_cmd python3
	pair_setup
	for kind in version ttl checksum; do
		before=$(xv "$NS_R2" stats --json | jq -c '.interfaces[0].xdp | [.version_err, .ip_ttl_err, .checksum_err]')
		say "forging 40 adverts (priority 254, $kind) from $CLIENT_ADDR"
		case $kind in
		version) forge 40 v2 "$CLIENT_ADDR" "$VRID" 254 1 & ;;
		ttl) forge 40 v3 "$CLIENT_ADDR" "$VRID" 254 64 GOOD & ;;
		checksum) forge 40 v3 "$CLIENT_ADDR" "$VRID" 254 255 BADSUM & ;;
		esac
		fpid=$!
		track_pid "$fpid" forge
		# Longer than the stream and than one Master_Down_Interval after it.
		hold_for "only_holder $NS_R1 && xv_state_is $NS_R2 BACKUP" 3.5 ||
			fail "forged adverts ($kind): holders '$(vip_holders)', r2 says $(xv_state "$NS_R2"), expected r1 alone and r2 BACKUP"
		wait "$fpid"
		after=$(xv "$NS_R2" stats --json | jq -c '.interfaces[0].xdp | [.version_err, .ip_ttl_err, .checksum_err]')
		[ "$before" != "$after" ] || fail "r2's XDP counters [version_err, ip_ttl_err, checksum_err] did not move ($after)"
		[ "$(xv_field "$NS_R2" master)" = 192.0.2.1 ] ||
			fail "after the forged adverts ($kind) r2's master is $(xv_field "$NS_R2" master), expected 192.0.2.1"
		note "forged $kind: no takeover; r2's [version_err, ip_ttl_err, checksum_err] $before -> $after"
	done
	# The real master still counts: r2 takes over when r1 goes.
	cut_link "$NS_R1"
	wait_for "has_vip $NS_R2" 3 || fail "r2 did not take over 3 s after r1's link was cut"
	note "r1 cut: r2 takes over after $WAITED_MS ms"
}

# ---------------------------------------------------------------- defect 3

# group_conf FILE PRIO_1 PRIO_2 [ADVERT_INT_2]: VI_1 (VRID 51, $VIP) and
# VI_2 (VRID 52, $VIP2) in vrrp_sync_group G1.
group_conf()
{
	local file=$1 p1=$2 p2=$3 adv2=${4:-0.1}

	{
		printf 'global_defs {\n\tvrrp_version 3\n}\n\n'
		printf 'vrrp_sync_group G1 {\n\tgroup {\n\t\tVI_1\n\t\tVI_2\n\t}\n}\n\n'
		compat_instance VI_1 51 "$p1" "$VIP"
		compat_instance VI_2 52 "$p2" "$VIP2" | sed "s/advert_int 0.1/advert_int $adv2/"
	} >"$file"
}

# picture: who holds each VIP, and every router's states.
picture()
{
	local ns

	printf '%s|%s' "$(holders_of "$VIP")" "$(holders_of "$VIP2")"
	for ns in "${ROUTERS[@]}"; do
		printf '|%s,%s' "$(xv_ifield "$ns" VI_1 state)" "$(xv_ifield "$ns" VI_2 state)"
	done
}

# A reload that restarts one member of a MASTER group (its advert_int
# changes) must not move the other member's VIP: twice the VIP moved before.
test_election_sync_reload()
{
	require_root
	require_cmd jq
	require_xvrrp
	topo_create 2
	group_conf "$T_DIR/r1.conf" 150 150
	group_conf "$T_DIR/r2.conf" 100 100
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "both_vips_on $NS_R1" 10 ||
		fail "r1 (150) does not hold both VIPs; $VIP on '$(holders_of "$VIP")', $VIP2 on '$(holders_of "$VIP2")'"
	sleep 0.5
	group_conf "$T_DIR/r1.conf" 150 150 0.2
	kill -HUP "${XV_PID[$NS_R1]}"
	say "r1 reloads: VI_2's advert_int 0.1 -> 0.2 restarts VI_2"
	hold_for "[ \"\$(holders_of $VIP)\" = $NS_R1 ] && ! has_vip $NS_R2 $VIP2" 3 ||
		fail "after r1's reload $VIP is on '$(holders_of "$VIP")' and $VIP2 on '$(holders_of "$VIP2")': VI_1 must stay on r1, nothing may move to r2"
	wait_for "both_vips_on $NS_R1" 3 ||
		fail "3 s after the reload $VIP is on '$(holders_of "$VIP")', $VIP2 on '$(holders_of "$VIP2")', expected both on r1"
	[ "$(xv_ifield "$NS_R1" VI_2 advert_int)" = 0.2 ] || fail "r1's VI_2 advert_int is $(xv_ifield "$NS_R1" VI_2 advert_int) after the reload"
	note "reload restarting VI_2: VI_1 stayed MASTER on r1, nothing moved to r2"
}

# Members that disagree on who should win (r1 200/100, r2 100/200) settle:
# one router takes the group and keeps it, each VRID has one master, nothing
# moves afterwards (it used to thrash every Master_Down_Interval).
test_election_sync_split()
{
	local pic

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 2
	group_conf "$T_DIR/r1.conf" 200 100
	group_conf "$T_DIR/r2.conf" 100 200
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	sleep 3
	pic=$(picture)
	say "settled: $pic"
	case $pic in
	"$NS_R1|$NS_R1|"* | "$NS_R2|$NS_R2|"*) ;;
	*) fail "the group is split or moving: '$pic' (holders of $VIP, of $VIP2, states of r1 and r2), expected one router with both" ;;
	esac
	hold_for "[ \"\$(picture)\" = '$pic' ]" 4 || fail "the group moved after it settled: '$pic' became '$(picture)'"
	note "split priorities: settled as '$pic', unchanged for 4 s"
}

# ---------------------------------------------------------------- a stalled daemon

# The backup's daemon stops for 2 s while the master keeps advertising: its
# timers are long past when it runs again, but XDP kept stamping the master's
# adverts, so it must not take over, and it must still follow the master.
test_election_stalled_backup()
{
	local pid

	pair_setup
	pid=${XV_PID[$NS_R2]}
	kill -STOP "$pid"
	say "r2's daemon stopped (SIGSTOP)"
	hold_for "only_holder $NS_R1" 2 || fail "while r2 was stopped the holders became '$(vip_holders)'"
	kill -CONT "$pid"
	say "r2's daemon continues (SIGCONT)"
	hold_for "only_holder $NS_R1" 2 || fail "after r2 continued the holders became '$(vip_holders)', expected r1 alone"
	xv_state_is "$NS_R2" BACKUP || fail "r2 says $(xv_state "$NS_R2") after the stall, expected BACKUP"
	[ "$(xv_field "$NS_R2" master)" = 192.0.2.1 ] || fail "r2's master is $(xv_field "$NS_R2" master), expected 192.0.2.1"
	cut_link "$NS_R1"
	wait_for "has_vip $NS_R2" 3 || fail "r2 did not take over 3 s after r1's link was cut (after its stall)"
	note "stalled backup: no takeover during 2 s stopped nor after; takes over $WAITED_MS ms after r1's cut"
}

# The master's daemon stops for 2 s: the backup takes over (it hears no
# adverts); when the master runs again, one master remains: r1 (preempt).
test_election_stalled_master()
{
	local pid

	pair_setup
	pid=${XV_PID[$NS_R1]}
	kill -STOP "$pid"
	say "r1's daemon stopped (SIGSTOP)"
	wait_for "has_vip $NS_R2" 2 || fail "r2 did not take over while r1's daemon was stopped"
	note "stalled master: r2 took over after $WAITED_MS ms"
	sleep 1.5
	kill -CONT "$pid"
	say "r1's daemon continues (SIGCONT)"
	wait_for "only_holder $NS_R1" 3 || fail "3 s after r1 continued the holders are '$(vip_holders)', expected r1 alone"
	note "r1 alone again $WAITED_MS ms after SIGCONT"
	hold_for "only_holder $NS_R1" 1.5 || fail "the VIP moved again: '$(vip_holders)'"
	xv_state_is "$NS_R1" MASTER || fail "r1 says $(xv_state "$NS_R1"), expected MASTER"
	xv_state_is "$NS_R2" BACKUP || fail "r2 says $(xv_state "$NS_R2"), expected BACKUP"
}
