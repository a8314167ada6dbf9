# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2153  # NS_R1, VIP, VRID... come from lib.sh
#
# keepalived.conf compatibility, node by node: the keywords operators rely on
# (track_interface, vrrp_script, notify, vrrp_sync_group, unicast_peer,
# use_vmac, virtual_routes/virtual_rules, SIGHUP, net_namespace) do what they
# do under keepalived, checked from outside the daemon. Where the expected
# behaviour is keepalived's (notify order and arguments), the expectations
# were taken from keepalived 2.2.7 running the same scenario.

ALL_TESTS+=(test_compat_track_interface test_compat_vrrp_script test_compat_notify
	test_compat_sync_group test_compat_unicast test_compat_vmac test_compat_routes
	test_compat_reload test_compat_side_by_side test_compat_samples test_compat_net_namespace)

VIP2=192.0.2.101
VMAC_51=00:00:5e:00:01:33	# RFC 5798 7.3: 00-00-5E-00-01-{VRID}, VRID 51

# ---------------------------------------------------------------- helpers

compat_setup()
{
	require_root
	require_cmd jq
	require_xvrrp
	topo_create "$1"
}

# compat_instance NAME VRID PRIORITY ADDR [LINE...]: a VRRPv3 vrrp_instance
# block on eth0, advert_int 0.1, with the extra keyword LINEs.
compat_instance()
{
	local name=$1 vrid=$2 prio=$3 addr=$4 line

	shift 4
	echo "vrrp_instance $name {"
	echo "	state BACKUP"
	echo "	interface eth0"
	echo "	virtual_router_id $vrid"
	echo "	priority $prio"
	echo "	advert_int 0.1"
	for line in "$@"; do
		echo "	$line"
	done
	echo "	virtual_ipaddress {"
	echo "		$addr/24"
	echo "	}"
	echo "}"
}

compat_globals()
{
	printf 'global_defs {\n\tvrrp_version 3\n}\n\n'
}

# runs_count LOG RESULT FROM_MS TO_MS: the check-script runs logged with
# RESULT (ok or fail) in the time interval (FROM_MS, TO_MS].
runs_count()
{
	awk -v r="$2" -v from="$3" -v to="$4" '
		{ t = $1 * 1000 } $2 == r && t > from && t <= to { n++ } END { print n + 0 }' "$1"
}

# check_script DIR: DIR/chk NAME FLAG passes while the file FLAG exists and
# appends "STAMP ok|fail" to DIR/NAME.runs on every run, so the test can
# count the runs keepalived's rise and fall are about.
check_script()
{
	cat >"$1/chk" <<EOS
#!/bin/sh
if [ -e "\$2" ]; then r=ok; else r=fail; fi
echo "\$(date +%s.%N) \$r" >>"$1/\$1.runs"
[ \$r = ok ]
EOS
	chmod 0755 "$1/chk"
}

# notify_dir NS: DIR/notify.sh logging to DIR/notify.log, and the links
# master, backup, fault and stop to it (notify_* scripts get no arguments,
# so the name they were called by tells them apart). Prints DIR.
notify_dir()
{
	local dir k

	dir=$T_DIR/notify-$(port_of "$1")
	mkdir -p "$dir"
	notify_logger "$dir" "$dir/notify.log" >/dev/null
	for k in master backup fault stop; do
		ln -sf notify.sh "$dir/$k"
	done
	: >"$dir/notify.log"
	echo "$dir"
}

# notify_seq LOG CALLED_AS: what the script called as CALLED_AS logged, in
# time order, one call a line, without the stamp.
notify_seq()
{
	sort -n "$1" | awk -v k="$2" '$2 == k { $1 = ""; $2 = ""; sub(/^  /, ""); print }'
}

# ns_picture NS: what a command that must touch nothing could change.
ns_picture()
{
	ip -n "$1" -d addr show
	ip -n "$1" -d link show
	ip -n "$1" route show table all
	ip -n "$1" rule show
}

# ---------------------------------------------------------------- 1. track_interface

test_compat_track_interface()
{
	local took

	compat_setup 2
	add_leg "$NS_R1" eth1 r1t
	# No weight: keepalived's default weight 0, the tracked link down is a FAULT.
	write_conf "$T_DIR/r1.conf" 150 0.1 "track_interface {" "	eth1" "}"
	write_conf "$T_DIR/r2.conf" 100 0.1
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 5 || fail "r1 (150) is not the only VIP holder; holders: '$(vip_holders)'"

	leg_down r1t
	wait_for "xv_state_is $NS_R1 FAULT" 2 ||
		fail "r1 says $(xv_state "$NS_R1") 2 s after its tracked eth1 lost carrier (weight 0), expected FAULT"
	took=$WAITED_MS
	wait_for "only_holder $NS_R2" 3 || fail "r2 is not the only VIP holder after r1 went FAULT; holders: '$(vip_holders)'"
	note "track_interface eth1 (weight 0) down: r1 FAULT after $took ms, r2 the only holder $WAITED_MS ms later"
	xv_state_is "$NS_R2" MASTER || fail "r2 holds the VIP but says $(xv_state "$NS_R2")"
	leg_up r1t
	wait_for "only_holder $NS_R1" 5 || fail "r1 did not take the VIP back after eth1 returned; holders: '$(vip_holders)'"
	note "eth1 up: r1 the only holder again after $WAITED_MS ms"
	[ "$(xv_field "$NS_R1" priority)" = 150 ] || fail "r1's priority is $(xv_field "$NS_R1" priority) after eth1 returned, expected 150"

	# weight -60: the link down lowers r1 to 90, below r2's 100; r2 preempts.
	stop_pid "${XV_PID[$NS_R1]}"
	[ "$STOP_RC" = 0 ] || fail "r1's xvrrp exited '$STOP_RC' after SIGTERM"
	wait_for "only_holder $NS_R2" 3 || fail "r2 did not take over when r1 stopped; holders: '$(vip_holders)'"
	write_conf "$T_DIR/r1.conf" 150 0.1 "track_interface {" "	eth1 weight -60" "}"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 5 || fail "r1 (150, weight -60) did not preempt r2; holders: '$(vip_holders)'"
	leg_down r1t
	wait_for "[ \"\$(xv_field $NS_R1 priority)\" = 90 ]" 2 ||
		fail "r1's priority is $(xv_field "$NS_R1" priority) 2 s after eth1 (weight -60) went down, expected 90"
	took=$WAITED_MS
	wait_for "only_holder $NS_R2" 3 || fail "r2 (100) did not preempt r1 (90); holders: '$(vip_holders)'"
	note "track_interface eth1 weight -60 down: r1 priority 90 after $took ms, r2 the only holder $WAITED_MS ms later"
	wait_for "xv_state_is $NS_R1 BACKUP" 2 || fail "r1 (priority 90) says $(xv_state "$NS_R1"), expected BACKUP (not FAULT: the weight is not 0)"
	xv_state_is "$NS_R2" MASTER || fail "r2 holds the VIP but says $(xv_state "$NS_R2")"
	[ "$(xv_field "$NS_R2" master_priority)" = 100 ] || fail "r2 reports master_priority $(xv_field "$NS_R2" master_priority)"
	leg_up r1t
	wait_for "only_holder $NS_R1" 5 || fail "r1 did not take the VIP back after eth1 returned; holders: '$(vip_holders)'"
	[ "$(xv_field "$NS_R1" priority)" = 150 ] || fail "r1's priority is $(xv_field "$NS_R1" priority) after eth1 returned, expected 150"
	note "eth1 up: r1 priority 150 and the only holder after $WAITED_MS ms"

	# weight 0 reverse (keepalived.conf(5)): FAULT while the tracked link is UP.
	stop_pid "${XV_PID[$NS_R1]}"
	[ "$STOP_RC" = 0 ] || fail "r1's xvrrp exited '$STOP_RC' after SIGTERM"
	write_conf "$T_DIR/r1.conf" 150 0.1 "track_interface {" "	eth1 weight 0 reverse" "}"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "xv_state_is $NS_R1 FAULT" 2 ||
		fail "r1 says $(xv_state "$NS_R1") with eth1 up and 'weight 0 reverse', expected FAULT"
	leg_down r1t
	wait_for "only_holder $NS_R1" 5 ||
		fail "r1 did not take the VIP when eth1 (weight 0 reverse) went down; holders: '$(vip_holders)'"
	note "track_interface eth1 weight 0 reverse: FAULT while eth1 is up, master when it goes down"
}

# ---------------------------------------------------------------- 2. vrrp_script

# script_conf FILE PRIORITY TRACK: VI_1 tracks chk_fault (no weight: FAULT
# when failing), VI_2 tracks chk_prio (weight -60); both test $T_DIR/ok.
script_conf()
{
	{
		compat_globals
		if [ "$3" = track ]; then
			cat <<EOF
vrrp_script chk_fault {
	script "$T_DIR/chk fault $T_DIR/ok"
	interval 1
	fall 2
	rise 2
}

vrrp_script chk_prio {
	script "$T_DIR/chk prio $T_DIR/ok"
	interval 1
	fall 2
	rise 2
	weight -60
}

EOF
			compat_instance VI_1 51 "$2" "$VIP" "track_script {" "	chk_fault" "}"
			compat_instance VI_2 52 "$2" "$VIP2" "track_script {" "	chk_prio" "}"
		else
			compat_instance VI_1 51 "$2" "$VIP"
			compat_instance VI_2 52 "$2" "$VIP2"
		fi
	} >"$1"
}

both_vips_on()
{
	[ "$(holders_of "$VIP")" = "$1" ] && [ "$(holders_of "$VIP2")" = "$1" ]
}

test_compat_vrrp_script()
{
	local t0 t_fault t_prio n_fault n_prio t_up t_150

	compat_setup 2
	check_script "$T_DIR"
	touch "$T_DIR/ok"
	script_conf "$T_DIR/r1.conf" 150 track
	script_conf "$T_DIR/r2.conf" 100 plain
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "both_vips_on $NS_R1" 8 ||
		fail "r1 (150, checks passing) does not hold both VIPs; $VIP on '$(holders_of "$VIP")', $VIP2 on '$(holders_of "$VIP2")'"
	sleep 1.2
	[ "$(runs_count "$T_DIR/fault.runs" ok 0 "$(now_ms)")" -ge 1 ] || fail "chk_fault never ran (no $T_DIR/fault.runs)"

	# interval 1, fall 2: the second failed run in a row takes effect.
	rm -f "$T_DIR/ok"
	t0=$(now_ms)
	say "$T_DIR/ok removed"
	wait_for "xv_istate_is $NS_R1 VI_1 FAULT" 5 ||
		fail "VI_1 on r1 says $(xv_ifield "$NS_R1" VI_1 state) 5 s after its check began to fail, expected FAULT"
	t_fault=$(now_ms)
	wait_for "[ \"\$(xv_ifield $NS_R1 VI_2 priority)\" = 90 ]" 3 ||
		fail "VI_2 on r1 has priority $(xv_ifield "$NS_R1" VI_2 priority), expected 90 (150 - 60)"
	t_prio=$(now_ms)
	n_fault=$(runs_count "$T_DIR/fault.runs" fail "$t0" "$t_fault")
	n_prio=$(runs_count "$T_DIR/prio.runs" fail "$t0" "$t_prio")
	note "check failing: VI_1 FAULT after $((t_fault - t0)) ms ($n_fault failed runs), VI_2 priority 90 after $((t_prio - t0)) ms ($n_prio failed runs); fall 2"
	[ "$n_fault" = 2 ] || fail "VI_1 went FAULT after $n_fault failed runs of chk_fault, expected fall 2"
	[ "$n_prio" = 2 ] || fail "VI_2 lost 60 after $n_prio failed runs of chk_prio, expected fall 2"
	wait_for "both_vips_on $NS_R2" 3 ||
		fail "r2 does not hold both VIPs; $VIP on '$(holders_of "$VIP")', $VIP2 on '$(holders_of "$VIP2")'"
	xv_istate_is "$NS_R1" VI_2 BACKUP || fail "VI_2 on r1 (priority 90) says $(xv_ifield "$NS_R1" VI_2 state), expected BACKUP"
	{ xv_istate_is "$NS_R2" VI_1 MASTER && xv_istate_is "$NS_R2" VI_2 MASTER; } ||
		fail "r2 holds both VIPs but says VI_1 $(xv_ifield "$NS_R2" VI_1 state), VI_2 $(xv_ifield "$NS_R2" VI_2 state)"

	# rise 2: the second passing run in a row.
	touch "$T_DIR/ok"
	t0=$(now_ms)
	say "$T_DIR/ok restored"
	wait_for "! xv_istate_is $NS_R1 VI_1 FAULT" 5 || fail "VI_1 on r1 is still FAULT 5 s after its check passes again"
	t_up=$(now_ms)
	wait_for "[ \"\$(xv_ifield $NS_R1 VI_2 priority)\" = 150 ]" 3 ||
		fail "VI_2 on r1 has priority $(xv_ifield "$NS_R1" VI_2 priority) after its check passes again, expected 150"
	t_150=$(now_ms)
	n_fault=$(runs_count "$T_DIR/fault.runs" ok "$t0" "$t_up")
	n_prio=$(runs_count "$T_DIR/prio.runs" ok "$t0" "$t_150")
	note "check passing: VI_1 out of FAULT after $((t_up - t0)) ms ($n_fault passed runs), VI_2 back to 150 after $((t_150 - t0)) ms ($n_prio passed runs); rise 2"
	[ "$n_fault" = 2 ] || fail "VI_1 left FAULT after $n_fault passed runs of chk_fault, expected rise 2"
	[ "$n_prio" = 2 ] || fail "VI_2 got its 60 back after $n_prio passed runs of chk_prio, expected rise 2"
	wait_for "both_vips_on $NS_R1" 3 ||
		fail "r1 did not take both VIPs back; $VIP on '$(holders_of "$VIP")', $VIP2 on '$(holders_of "$VIP2")'"
}

# ---------------------------------------------------------------- 3. notify

# check_notify_seq LOG WHO EXPECTED...: the calls logged in LOG, in time
# order, are EXPECTED (states), for `notify` (with keepalived's arguments
# INSTANCE VI_1 STATE PRIORITY) and for notify_<state> (no arguments).
check_notify_seq()
{
	local log=$1 who=$2 prio=$3 s got want="" specific="" k

	shift 3
	for s in "$@"; do
		want+="INSTANCE VI_1 $s $prio;"
		k=$(echo "$s" | tr '[:upper:]' '[:lower:]')
		specific+="$k;"
	done
	got=$(notify_seq "$log" notify.sh | tr '\n' ';')
	[ "$got" = "$want" ] || fail "$who: notify calls were '$got', expected '$want'"
	# notify_master & co. are linked names of the logger: they log their
	# own name, and no arguments.
	got=$(sort -n "$log" | awk '$2 != "notify.sh" { $1 = ""; sub(/^ /, ""); print }' | tr '\n' ';')
	[ "$got" = "$specific" ] || fail "$who: notify_<state> calls were '$got', expected '$specific'"
}

test_compat_notify()
{
	local d1 d2 line

	compat_setup 2
	d1=$(notify_dir "$NS_R1")
	d2=$(notify_dir "$NS_R2")
	for line in 1:150 2:100; do
		local n=${line%%:*} p=${line#*:} d

		d=$T_DIR/notify-r$n
		write_conf "$T_DIR/r$n.conf" "$p" 0.1 \
			"notify_master $d/master" "notify_backup $d/backup" \
			"notify_fault $d/fault" "notify_stop $d/stop" "notify $d/notify.sh"
	done
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	wait_for "only_holder $NS_R2" 5 || fail "r2 alone did not become master"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 5 || fail "r1 (150) did not take over; holders: '$(vip_holders)'"
	sleep 0.5
	cut_link "$NS_R1"
	wait_for "xv_state_is $NS_R1 FAULT" 2 || fail "r1 says $(xv_state "$NS_R1") with its link cut, expected FAULT"
	wait_for "only_holder $NS_R2" 2 || fail "r2 did not take over; holders: '$(vip_holders)'"
	sleep 0.5
	restore_link "$NS_R1"
	wait_for "only_holder $NS_R1" 5 || fail "r1 did not take the VIP back; holders: '$(vip_holders)'"
	sleep 0.5
	stop_pid "${XV_PID[$NS_R1]}"
	[ "$STOP_RC" = 0 ] || fail "r1's xvrrp exited '$STOP_RC' after SIGTERM"
	wait_for "only_holder $NS_R2" 3 || fail "r2 did not take over after r1 stopped"
	# Notify scripts run detached: let the last ones write.
	wait_for "grep -qw stop $d1/notify.log && grep -qw STOP $d1/notify.log" 2
	sleep 0.3
	say "r1's notify log:"
	sed 's/^/    /' "$d1/notify.log"
	# keepalived 2.2.7, same scenario: BACKUP at start, MASTER, FAULT when
	# the link goes, BACKUP then MASTER when it returns, STOP on SIGTERM.
	check_notify_seq "$d1/notify.log" r1 150 BACKUP MASTER FAULT BACKUP MASTER STOP
	check_notify_seq "$d2/notify.log" r2 100 BACKUP MASTER BACKUP MASTER BACKUP MASTER
	note "notify: r1 BACKUP MASTER FAULT BACKUP MASTER STOP, r2 BACKUP MASTER BACKUP MASTER BACKUP MASTER, as keepalived 2.2.7"
}

# ---------------------------------------------------------------- 4. vrrp_sync_group

# sync_conf FILE PRIORITY NOTIFY_SCRIPT [TRACK_LINE...]: VI_1 (VRID 51, $VIP)
# and VI_2 (VRID 52, $VIP2) in group G1; the extra lines go to VI_2 only.
sync_conf()
{
	local file=$1 prio=$2 script=$3

	shift 3
	{
		compat_globals
		cat <<EOF
vrrp_sync_group G1 {
	group {
		VI_1
		VI_2
	}
	notify $script
}

EOF
		compat_instance VI_1 51 "$prio" "$VIP"
		compat_instance VI_2 52 "$prio" "$VIP2" "$@"
	} >"$file"
}

# group_seq LOG: the GROUP calls of `notify` in time order, ';'-separated.
group_seq()
{
	notify_seq "$1" notify.sh | grep '^GROUP ' | tr '\n' ';'
}

test_compat_sync_group()
{
	local d1 d2 t0 got want

	compat_setup 2
	add_leg "$NS_R1" eth1 r1t
	d1=$(notify_dir "$NS_R1")
	d2=$(notify_dir "$NS_R2")
	# Only VI_2 tracks eth1 (weight 0): its FAULT must take VI_1 along.
	sync_conf "$T_DIR/r1.conf" 150 "$d1/notify.sh" "track_interface {" "	eth1" "}"
	sync_conf "$T_DIR/r2.conf" 100 "$d2/notify.sh"
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	wait_for "both_vips_on $NS_R2" 5 || fail "r2 alone does not hold both VIPs"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "both_vips_on $NS_R1" 5 ||
		fail "r1 (150) does not hold both VIPs; $VIP on '$(holders_of "$VIP")', $VIP2 on '$(holders_of "$VIP2")'"
	sleep 0.5

	leg_down r1t
	t0=$(now_ms)
	wait_for "both_vips_on $NS_R2" 3 ||
		fail "after VI_2's tracked eth1 went down on r1: $VIP on '$(holders_of "$VIP")', $VIP2 on '$(holders_of "$VIP2")', expected both on r2 (sync group)"
	note "sync group: VI_2's eth1 down on r1, both VIPs on r2 only after $WAITED_MS ms"
	xv_istate_is "$NS_R1" VI_2 FAULT || fail "VI_2 on r1 says $(xv_ifield "$NS_R1" VI_2 state), expected FAULT"
	xv_istate_is "$NS_R1" VI_1 FAULT ||
		fail "VI_1 on r1 says $(xv_ifield "$NS_R1" VI_1 state): a sync group member follows the group into FAULT (keepalived)"
	{ xv_istate_is "$NS_R2" VI_1 MASTER && xv_istate_is "$NS_R2" VI_2 MASTER; } ||
		fail "r2 says VI_1 $(xv_ifield "$NS_R2" VI_1 state), VI_2 $(xv_ifield "$NS_R2" VI_2 state), expected MASTER both"
	# Both move: hold the picture a while (three Master_Down_Intervals).
	hold_for "both_vips_on $NS_R2" 1 ||
		fail "VIPs moved while eth1 is down: $VIP on '$(holders_of "$VIP")', $VIP2 on '$(holders_of "$VIP2")'"

	leg_up r1t
	wait_for "both_vips_on $NS_R1" 5 ||
		fail "after eth1 returned: $VIP on '$(holders_of "$VIP")', $VIP2 on '$(holders_of "$VIP2")', expected both on r1"
	note "eth1 up: both VIPs on r1 only after $WAITED_MS ms"
	sleep 0.3

	# keepalived 2.2.7, same scenario: r1 BACKUP MASTER FAULT BACKUP MASTER,
	# r2 BACKUP MASTER BACKUP MASTER BACKUP ("GROUP G1 STATE"; keepalived
	# itself appends a priority 0, which keepalived.conf(5) does not list).
	for want in "$d1|BACKUP MASTER FAULT BACKUP MASTER|r1" "$d2|BACKUP MASTER BACKUP MASTER BACKUP|r2"; do
		local dir=${want%%|*} states who s exp=""

		states=${want#*|}
		who=${states#*|}
		states=${states%|*}
		for s in $states; do
			exp+="GROUP G1 $s;"
		done
		got=$(group_seq "$dir/notify.log" | sed 's/ 0;/;/g')
		[ "$got" = "$exp" ] || fail "$who: group notify calls '$got', expected '$exp'"
	done
	note "group notify (GROUP G1 STATE): r1 BACKUP MASTER FAULT BACKUP MASTER, r2 BACKUP MASTER BACKUP MASTER BACKUP"
}

# ---------------------------------------------------------------- 5. unicast

# block_vrrp_multicast: stop IPv4 multicast to 224.0.0.18 from reaching the
# routers through the bridge. tc flower on the ports' ingress if the kernel
# has it, else an nftables bridge rule, else the ports' bridge flag
# mcast_flood off (with snooping off, the bridge floods every multicast
# frame, and this flag takes the port out of that flood; ARP is broadcast
# and unaffected). BLOCK_HOW says which. Returns 1 if none works.
block_vrrp_multicast()
{
	local port ok=1

	for port in r1 r2; do
		if ! ip netns exec "$NS_SW" tc qdisc add dev "$port" clsact 2>/dev/null ||
			! ip netns exec "$NS_SW" tc filter add dev "$port" ingress protocol ip \
				flower dst_ip 224.0.0.18 action drop 2>/dev/null; then
			ok=0
			break
		fi
	done
	if [ $ok = 1 ]; then
		BLOCK_HOW="tc flower dst_ip 224.0.0.18 drop on bridge ports r1, r2"
		return 0
	fi
	if command -v nft >/dev/null 2>&1 &&
		ip netns exec "$NS_SW" nft add table bridge xvblock 2>/dev/null &&
		ip netns exec "$NS_SW" nft add chain bridge xvblock fwd \
			'{ type filter hook forward priority 0; }' 2>/dev/null &&
		ip netns exec "$NS_SW" nft add rule bridge xvblock fwd ip daddr 224.0.0.18 drop 2>/dev/null; then
		BLOCK_HOW="nftables bridge forward rule: ip daddr 224.0.0.18 drop"
		return 0
	fi
	for port in r1 r2; do
		ip -n "$NS_SW" link set dev "$port" type bridge_slave mcast_flood off 2>/dev/null || return 1
		bridge -n "$NS_SW" -d link show dev "$port" | grep -q 'mcast_flood off' || return 1
	done
	BLOCK_HOW="bridge ports r1, r2 with mcast_flood off (tc flower and nft unavailable)"
}

# sniff_vrrp PORT FILTER [6]: VRRP packets (over IPv6 with 6) matching the
# pcap FILTER seen on bridge port PORT during one second; SNIFF_OUT holds
# tcpdump's lines.
sniff_vrrp()
{
	local ip=ip tag=' IP '

	if [ "${3:-}" = 6 ]; then
		ip=ip6 tag=' IP6 '
	fi
	SNIFF_OUT=$T_DIR/sniff.out
	timeout 1 ip netns exec "$NS_SW" tcpdump -i "$1" -n -l -p "$ip proto 112 and ($2)" \
		>"$SNIFF_OUT" 2>/dev/null
	grep -c "$tag" "$SNIFF_OUT"
}

test_compat_unicast()
{
	local n1 n2

	require_cmd tcpdump
	compat_setup 2
	block_vrrp_multicast || skip "cannot block multicast on the bridge: no tc flower, no nft, no bridge mcast_flood flag"
	say "multicast VRRP blocked: $BLOCK_HOW"

	# Control: with multicast adverts nobody hears the other: two masters.
	write_conf "$T_DIR/m1.conf" 150 0.1
	write_conf "$T_DIR/m2.conf" 100 0.1
	start_xvrrp "$NS_R1" "$T_DIR/m1.conf"
	start_xvrrp "$NS_R2" "$T_DIR/m2.conf"
	wait_for "[ \"\$(vip_holders)\" = \"$NS_R1 $NS_R2\" ]" 3 ||
		fail "control: with multicast blocked, VIP holders are '$(vip_holders)', expected both (no adverts heard)"
	hold_for "[ \"\$(vip_holders)\" = \"$NS_R1 $NS_R2\" ]" 1 || fail "control: VIP holders changed to '$(vip_holders)'"
	n1=$(sniff_vrrp r1 "src 192.0.2.1 and dst 224.0.0.18")
	[ "$n1" -gt 3 ] || fail "control: only $n1 multicast adverts from r1 seen on its bridge port in 1 s: the sniffer does not work"
	note "control: multicast config with $BLOCK_HOW: two masters"
	stop_pid "${XV_PID[$NS_R1]}"
	stop_pid "${XV_PID[$NS_R2]}"
	[ -z "$(vip_holders)" ] || fail "VIPs left after the control daemons stopped: '$(vip_holders)'"

	write_conf "$T_DIR/r1.conf" 150 0.1 "unicast_src_ip 192.0.2.1" "unicast_peer {" "	192.0.2.2" "}"
	write_conf "$T_DIR/r2.conf" 100 0.1 "unicast_src_ip 192.0.2.2" "unicast_peer {" "	192.0.2.1" "}"
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	wait_for "only_holder $NS_R2" 5 || fail "r2 alone did not become master with unicast_peer"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 5 || fail "unicast: r1 (150) is not the only VIP holder; holders: '$(vip_holders)'"
	note "unicast: r1 the only holder $WAITED_MS ms after start"
	hold_for "only_holder $NS_R1" 1 || fail "unicast: VIP holders changed: '$(vip_holders)'"
	xv_state_is "$NS_R2" BACKUP || fail "unicast: r2 says $(xv_state "$NS_R2"), expected BACKUP"
	[ "$(xv_field "$NS_R2" master)" = 192.0.2.1 ] || fail "unicast: r2 reports master '$(xv_field "$NS_R2" master)'"
	n1=$(sniff_vrrp r1 "src 192.0.2.1 and dst 192.0.2.2")
	n2=$(sniff_vrrp r1 "dst 224.0.0.18")
	say "unicast: on r1's bridge port in 1 s: $n1 adverts to 192.0.2.2, $n2 to 224.0.0.18"
	[ "$n1" -gt 3 ] || fail "unicast: only $n1 adverts from r1 to 192.0.2.2 in 1 s"
	[ "$n2" = 0 ] || fail "unicast: adverts to 224.0.0.18 on r1's port: $(head -n 3 "$SNIFF_OUT" | tr '\n' ' ')"

	cut_link "$NS_R1"
	wait_for "only_holder $NS_R2" 3 || fail "unicast: r2 did not take over after r1's link was cut; holders: '$(vip_holders)'"
	note "unicast failover: r2 the only holder $WAITED_MS ms after the cut"
	restore_link "$NS_R1"
	wait_for "only_holder $NS_R1" 5 || fail "unicast: r1 did not take the VIP back; holders: '$(vip_holders)'"
	wait_for client_ping 3 || fail "client cannot ping $VIP on r1"

	# vrrp_check_unicast_src, switched on by a reload: the client, in no
	# unicast_peer list, sends r2 unicast adverts (priority 50, so that they
	# change nothing when taken). Before, they pass; after, they are refused.
	unicast_stranger_to_r2
	[ "$UC_REFUSED" = 0 ] && [ "$UC_TAKEN" -ge 3 ] ||
		fail "without vrrp_check_unicast_src: $UC_REFUSED of 3 stranger adverts refused, $UC_TAKEN taken"
	sed -i 's/^\tvrrp_version 3$/\tvrrp_version 3\n\tvrrp_check_unicast_src/' "$T_DIR/r2.conf"
	grep -q vrrp_check_unicast_src "$T_DIR/r2.conf" || fail "test bug: r2.conf has no vrrp_check_unicast_src"
	xv "$NS_R2" reload >/dev/null 2>&1 || fail "'xvrrp reload' with vrrp_check_unicast_src failed"
	unicast_stranger_to_r2
	[ "$UC_REFUSED" -ge 3 ] && [ "$UC_TAKEN" = 0 ] ||
		fail "after the reload with vrrp_check_unicast_src: $UC_REFUSED of 3 stranger adverts refused, $UC_TAKEN taken"
	xv_state_is "$NS_R2" BACKUP || fail "r2 says $(xv_state "$NS_R2") after the reload, expected BACKUP"
	note "reload turning vrrp_check_unicast_src on: a stranger's unicast adverts taken before, refused after"
}

# unicast_stranger_to_r2: three unicast adverts from the client to r2;
# UC_REFUSED and UC_TAKEN are how r2's XDP counters unicast_peer_err and
# lower_prio_ignored moved (a valid advert below the master's priority is
# filed there; r1's own adverts are not).
unicast_stranger_to_r2()
{
	local p0 l0

	p0=$(xv_xdp_counter "$NS_R2" unicast_peer_err)
	l0=$(xv_xdp_counter "$NS_R2" lower_prio_ignored)
	SEND_PRIO=50 client_send_vrrp 255 GOOD 3 192.0.2.2 "$(mac_of "$NS_R2")"
	sleep 0.3
	UC_REFUSED=$(($(xv_xdp_counter "$NS_R2" unicast_peer_err) - p0))
	UC_TAKEN=$(($(xv_xdp_counter "$NS_R2" lower_prio_ignored) - l0))
}

# ---------------------------------------------------------------- 6. use_vmac

# vmac_mac NS: the MAC of vrrp.51 in NS (empty if absent).
vmac_mac()
{
	mac_of "$1" vrrp.51 2>/dev/null
}

test_compat_vmac()
{
	local macs neigh

	require_cmd arping
	compat_setup 2
	write_conf "$T_DIR/r1.conf" 150 0.1 use_vmac
	write_conf "$T_DIR/r2.conf" 100 0.1 use_vmac
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "has_addr $NS_R1 vrrp.51 $VIP" 5 ||
		fail "r1 has no $VIP on vrrp.51: $(ip -n "$NS_R1" -br addr | tr '\n' ' ')"
	[ "$(vmac_mac "$NS_R1")" = "$VMAC_51" ] || fail "r1's vrrp.51 has MAC '$(vmac_mac "$NS_R1")', expected $VMAC_51"
	ip -n "$NS_R1" -d link show vrrp.51 | grep -q macvlan || fail "r1's vrrp.51 is not a macvlan"
	has_addr "$NS_R2" vrrp.51 "$VIP" && fail "backup r2 also has $VIP on vrrp.51"
	has_vip "$NS_R1" && fail "$VIP is on r1's eth0 as well as on vrrp.51"
	wait_for client_ping 3 || fail "client cannot ping $VIP on r1"
	neigh=$(client_neigh_mac)
	[ "$neigh" = "$VMAC_51" ] || fail "client's ARP entry for $VIP is '$neigh', expected the virtual MAC $VMAC_51"
	macs=$(client_arp_macs)
	[ "$macs" = "$VMAC_51" ] || fail "ARP for $VIP answered by '$(echo "$macs" | tr '\n' ' ')', expected only $VMAC_51"
	note "use_vmac: $VIP on r1's vrrp.51 ($VMAC_51), the client's ARP entry is the virtual MAC"

	cut_link "$NS_R1"
	wait_for "has_addr $NS_R2 vrrp.51 $VIP" 3 || fail "r2 did not put $VIP on its vrrp.51 after r1's link was cut"
	note "failover: $VIP on r2's vrrp.51 $WAITED_MS ms after the cut"
	[ "$(vmac_mac "$NS_R2")" = "$VMAC_51" ] || fail "r2's vrrp.51 has MAC '$(vmac_mac "$NS_R2")'"
	wait_for client_ping 3 || fail "client cannot ping $VIP after the failover"
	neigh=$(client_neigh_mac)
	[ "$neigh" = "$VMAC_51" ] || fail "after the failover the client's ARP entry for $VIP is '$neigh', expected still $VMAC_51"
	macs=$(client_arp_macs)
	[ "$macs" = "$VMAC_51" ] || fail "after the failover ARP for $VIP is answered by '$(echo "$macs" | tr '\n' ' ')'"

	# On exit the daemon removes the macvlan it made.
	stop_pid "${XV_PID[$NS_R2]}"
	[ "$STOP_RC" = 0 ] || fail "r2's xvrrp exited '$STOP_RC' after SIGTERM"
	ip -n "$NS_R2" link show vrrp.51 >/dev/null 2>&1 && fail "r2's vrrp.51 is still there after its daemon stopped"
	stop_pid "${XV_PID[$NS_R1]}"
	[ "$STOP_RC" = 0 ] || fail "r1's xvrrp exited '$STOP_RC' after SIGTERM"
	ip -n "$NS_R1" link show vrrp.51 >/dev/null 2>&1 && fail "r1's vrrp.51 is still there after its daemon stopped"
	note "client's ARP entry unchanged ($VMAC_51) across the failover; vrrp.51 removed on exit"
}

# ---------------------------------------------------------------- 7. virtual_routes, virtual_rules

ROUTE_LINES=("virtual_routes {"
	"	198.51.100.0/24 via 192.0.2.254 dev eth0"
	"	blackhole 203.0.113.0/24 table 100"
	"}"
	"virtual_rules {"
	"	from $VIP table 100"
	"}")

# has_routes NS: all of the route, the blackhole in table 100 and the rule.
# has_no_routes NS: none of them.
route_count()
{
	local n=0

	ip -n "$1" -4 route show 198.51.100.0/24 | grep -q 'via 192.0.2.254 dev eth0' && n=$((n + 1))
	ip -n "$1" -4 route show table 100 | grep -q '^blackhole 203.0.113.0/24' && n=$((n + 1))
	ip -n "$1" -4 rule show | grep -q "from $VIP lookup 100" && n=$((n + 1))
	echo $n
}

has_routes()
{
	[ "$(route_count "$1")" = 3 ]
}

has_no_routes()
{
	[ "$(route_count "$1")" = 0 ]
}

routes_on()
{
	has_routes "$1" && has_no_routes "$2"
}

route_picture()
{
	local ns

	for ns in "$@"; do
		echo "$(port_of "$ns"): $(ip -n "$ns" -4 route show table all | grep -E '198\.51\.100|203\.0\.113' | tr '\n' ';') rules: $(ip -n "$ns" -4 rule show | grep -F "$VIP" | tr '\n' ';')"
	done | tr '\n' ' '
}

test_compat_routes()
{
	compat_setup 2
	write_conf "$T_DIR/r1.conf" 150 0.1 "${ROUTE_LINES[@]}"
	write_conf "$T_DIR/r2.conf" 100 0.1 "${ROUTE_LINES[@]}"
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	wait_for "routes_on $NS_R2 $NS_R1" 5 || fail "r2 alone: routes not (only) on r2: $(route_picture "$NS_R1" "$NS_R2")"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 5 || fail "r1 is not the only VIP holder; holders: '$(vip_holders)'"
	wait_for "routes_on $NS_R1 $NS_R2" 2 || fail "routes not moved to master r1: $(route_picture "$NS_R1" "$NS_R2")"
	note "virtual_routes/virtual_rules on master r1 only: $(route_picture "$NS_R1")"

	cut_link "$NS_R1"
	wait_for "routes_on $NS_R2 $NS_R1" 3 || fail "after r1's link was cut: $(route_picture "$NS_R1" "$NS_R2"), expected on r2 only"
	note "failover: routes and rule on r2 only $WAITED_MS ms after the cut"
	restore_link "$NS_R1"
	wait_for "routes_on $NS_R1 $NS_R2" 5 || fail "after r1 returned: $(route_picture "$NS_R1" "$NS_R2"), expected on r1 only"

	stop_pid "${XV_PID[$NS_R1]}"
	[ "$STOP_RC" = 0 ] || fail "r1's xvrrp exited '$STOP_RC' after SIGTERM"
	has_no_routes "$NS_R1" || fail "r1 still has routes/rules after its daemon stopped: $(route_picture "$NS_R1")"
	wait_for "has_routes $NS_R2" 3 || fail "r2 did not install the routes when r1 stopped: $(route_picture "$NS_R2")"
	stop_pid "${XV_PID[$NS_R2]}"
	has_no_routes "$NS_R2" || fail "r2 still has routes/rules after its daemon stopped: $(route_picture "$NS_R2")"
	note "stop: routes and rule removed from both"
}

# ---------------------------------------------------------------- 8. SIGHUP, xvrrp reload

# advert_gaps CAPTURE: "COUNT MAX_GAP_MS" of the adverts in a tcpdump -tt text.
advert_gaps()
{
	awk '/ IP / { t = $1 + 0; if (n++ && t - prev > gap) gap = t - prev; prev = t }
		END { printf "%d %d\n", n, gap * 1000 + 0.5 }' "$1"
}

# log_has_after LOG LINE_NO TEXT: TEXT in LOG after its first LINE_NO lines.
log_has_after()
{
	tail -n +"$(($2 + 1))" "$1" | grep -qF -- "$3"
}

test_compat_reload()
{
	local lt1 lt2 cap cap_pid n gap log1 log2 mark i out rc bad_rc

	require_cmd tcpdump
	compat_setup 2
	write_conf "$T_DIR/r1.conf" 150 0.1
	write_conf "$T_DIR/r2.conf" 100 0.1
	log1=$T_DIR/xvrrp-r1.log
	log2=$T_DIR/xvrrp-r2.log
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 5 || fail "r1 is not the only VIP holder; holders: '$(vip_holders)'"
	wait_for "xv_state_is $NS_R2 BACKUP" 2 || fail "r2 says $(xv_state "$NS_R2"), expected BACKUP"
	sleep 0.3
	lt1=$(xv_field "$NS_R1" last_transition)
	lt2=$(xv_field "$NS_R2" last_transition)

	# r1's adverts as the bridge sees them, around three SIGHUPs to each
	# daemon with the configuration unchanged.
	cap=$T_DIR/adverts.txt
	timeout 10 ip netns exec "$NS_SW" tcpdump -i r1 -n -tt -l -p 'ip proto 112 and src 192.0.2.1' \
		>"$cap" 2>/dev/null &
	cap_pid=$!
	track_pid "$cap_pid" tcpdump
	wait_for "[ -s $cap ]" 3 || fail "tcpdump on the bridge saw no advert from r1 in 3 s"
	sleep 0.5
	mark=$(wc -l <"$log1")
	for i in 1 2 3; do
		kill -HUP "${XV_PID[$NS_R1]}" "${XV_PID[$NS_R2]}"
		say "SIGHUP $i to both daemons"
		sleep 0.4
	done
	sleep 0.4
	kill -INT "$cap_pid" 2>/dev/null
	wait "$cap_pid" 2>/dev/null
	read -r n gap < <(advert_gaps "$cap")
	note "3 x SIGHUP, config unchanged: $n adverts from r1 in the capture, longest gap $gap ms (advert_int 100 ms)"
	[ "$(grep -c 'reload: 1 instance(s) kept (0 of them updated in place), 0 started, 0 stopped' "$log1")" -ge 3 ] ||
		fail "r1's log does not show three reloads keeping the instance: $(log_tail "$log1")"
	[ "$n" -ge 10 ] || fail "only $n adverts from r1 captured in about 2 s"
	[ "$gap" -le 200 ] || fail "r1's adverts stopped for $gap ms around SIGHUP, more than 2 x advert_int"
	[ "$(xv_field "$NS_R1" last_transition)" = "$lt1" ] ||
		fail "r1's last_transition changed over the SIGHUPs ($lt1 -> $(xv_field "$NS_R1" last_transition))"
	[ "$(xv_field "$NS_R2" last_transition)" = "$lt2" ] ||
		fail "r2's last_transition changed over the SIGHUPs ($lt2 -> $(xv_field "$NS_R2" last_transition))"
	{ xv_state_is "$NS_R1" MASTER && xv_state_is "$NS_R2" BACKUP; } ||
		fail "after SIGHUP r1 says $(xv_state "$NS_R1"), r2 $(xv_state "$NS_R2")"
	only_holder "$NS_R1" || fail "VIP holders after SIGHUP: '$(vip_holders)'"

	# A changed priority on the backup takes effect: 200 preempts r1.
	sed -i 's/priority 100/priority 200/' "$T_DIR/r2.conf"
	kill -HUP "${XV_PID[$NS_R2]}"
	wait_for "[ \"\$(xv_field $NS_R2 priority)\" = 200 ]" 3 ||
		fail "r2's priority is $(xv_field "$NS_R2" priority) 3 s after SIGHUP with priority 200"
	wait_for "only_holder $NS_R2" 3 || fail "r2 (now 200) did not preempt r1 (150); holders: '$(vip_holders)'"
	note "SIGHUP with priority 100 -> 200 on the backup: r2 priority 200, the only holder $WAITED_MS ms later"
	sleep 0.3
	lt2=$(xv_field "$NS_R2" last_transition)

	# A VIP added to the master's file is added in place, without a transition,
	# and a VIP taken out is removed while the others stay.
	sed -i "s|\t\t$VIP/24|\t\t$VIP/24\n\t\t192.0.2.101/24|" "$T_DIR/r2.conf"
	kill -HUP "${XV_PID[$NS_R2]}"
	wait_for "has_addr $NS_R2 eth0 192.0.2.101" 3 || fail "r2 (master) did not add 192.0.2.101 after SIGHUP"
	has_vip "$NS_R2" || fail "r2 lost $VIP when 192.0.2.101 was added"
	[ "$(xv_field "$NS_R2" last_transition)" = "$lt2" ] ||
		fail "r2 changed state when a VIP was added by reload"
	sed -i "\|\t\t$VIP/24|d" "$T_DIR/r2.conf"
	kill -HUP "${XV_PID[$NS_R2]}"
	wait_for "! has_vip $NS_R2" 3 || fail "r2 kept $VIP after a reload that removed it"
	has_addr "$NS_R2" eth0 192.0.2.101 || fail "r2 lost 192.0.2.101 when only $VIP was removed"
	[ "$(xv_field "$NS_R2" last_transition)" = "$lt2" ] ||
		fail "r2 changed state when a VIP was removed by reload"
	note "SIGHUP on the master adding then removing a VIP: applied in place, no transition"
	sed -i "s|\t\t192.0.2.101/24|\t\t$VIP/24|" "$T_DIR/r2.conf"
	kill -HUP "${XV_PID[$NS_R2]}"
	wait_for "has_vip $NS_R2" 3 || fail "r2 did not take $VIP back"
	sleep 0.2

	# A broken configuration changes nothing, and the daemon keeps running.
	sed -i 's/priority 200/priority 300/' "$T_DIR/r2.conf"
	mark=$(wc -l <"$log2")
	kill -HUP "${XV_PID[$NS_R2]}"
	wait_for "log_has_after $log2 $mark 'r2.conf:9:'" 3 ||
		fail "r2's log names no r2.conf:9: after SIGHUP with priority 300: $(log_tail "$log2")"
	say "SIGHUP, priority 300: $(tail -n +"$((mark + 1))" "$log2" | grep -F 'r2.conf' | head -n 2 | tr '\n' ' ')"
	sleep 0.3
	pid_alive "${XV_PID[$NS_R2]}" || fail "r2's xvrrp died on a SIGHUP with a broken configuration"
	[ "$(xv_field "$NS_R2" priority)" = 200 ] || fail "r2's priority is $(xv_field "$NS_R2" priority) after a refused reload, expected 200"
	[ "$(xv_field "$NS_R2" last_transition)" = "$lt2" ] || fail "r2 changed state on a refused reload"
	only_holder "$NS_R2" || fail "VIP holders changed on a refused reload: '$(vip_holders)'"

	# The same through `xvrrp reload`: non-zero on the broken file ...
	out=$(xv "$NS_R2" reload 2>&1)
	rc=$?
	say "xvrrp reload (priority 300): exit $rc: $(echo "$out" | tr '\n' ' ')"
	bad_rc=$rc
	[ "$rc" -ne 0 ] || fail "'xvrrp reload' exited 0 on a configuration with priority 300: $out"
	echo "$out" | grep -q 'r2\.conf:9:' || fail "'xvrrp reload' does not name r2.conf:9: '$out'"
	pid_alive "${XV_PID[$NS_R2]}" || fail "r2's xvrrp died on 'xvrrp reload' with a broken configuration"
	[ "$(xv_field "$NS_R2" last_transition)" = "$lt2" ] || fail "r2 changed state on a refused 'xvrrp reload'"
	# ... zero on a good one, which then takes effect: 120 lets r1 preempt.
	sed -i 's/priority 300/priority 120/' "$T_DIR/r2.conf"
	out=$(xv "$NS_R2" reload 2>&1)
	rc=$?
	say "xvrrp reload (priority 120): exit $rc: $(echo "$out" | tr '\n' ' ')"
	[ "$rc" -eq 0 ] || fail "'xvrrp reload' exited $rc on a good configuration: $out"
	wait_for "[ \"\$(xv_field $NS_R2 priority)\" = 120 ]" 2 || fail "r2's priority is $(xv_field "$NS_R2" priority) after 'xvrrp reload' with 120"
	wait_for "only_holder $NS_R1" 3 || fail "r1 (150) did not preempt r2 (120) after 'xvrrp reload'; holders: '$(vip_holders)'"
	note "priority 300: SIGHUP and 'xvrrp reload' (exit $bad_rc, names r2.conf:9:) change nothing; after the fix 'xvrrp reload' exits 0 and 120 applies"

	# Another VRRP group is built into the loaded program: refused, with the reason.
	sed -i 's/^\tvrrp_version 3$/\tvrrp_version 3\n\tvrrp_mcast_group4 224.0.0.19/' "$T_DIR/r2.conf"
	lt2=$(xv_field "$NS_R2" last_transition)
	out=$(xv "$NS_R2" reload 2>&1)
	rc=$?
	[ "$rc" -ne 0 ] || fail "'xvrrp reload' exited 0 with vrrp_mcast_group4 changed: $out"
	echo "$out" | grep -q 'vrrp_mcast_group4 changed' ||
		fail "'xvrrp reload' does not say that vrrp_mcast_group4 cannot change: '$out'"
	[ "$(xv_field "$NS_R2" last_transition)" = "$lt2" ] && xv_state_is "$NS_R2" BACKUP ||
		fail "r2 changed state on a refused reload (vrrp_mcast_group4)"
	hold_for "only_holder $NS_R1" 1 || fail "VIP holders changed after the refused reload: '$(vip_holders)'"
	note "vrrp_mcast_group4 changed: 'xvrrp reload' exits $rc and says why; nothing changes"
}

# ---------------------------------------------------------------- 9. keepalived and xvrrp, one file

# pair_conf FILE: the HAProxy-pair style, one file for both nodes: "@r1" and
# "@r2" lines (keepalived -i, xvrrp --config-id) give each node its router
# id, state, priority, check and notify script.
pair_conf()
{
	cat >"$1" <<EOF
! HAProxy pair: the VIP follows a healthy load balancer.
global_defs {
	@r1 router_id lb1
	@r2 router_id lb2
	vrrp_version 3
}

vrrp_script chk_haproxy {
	@r1 script "$T_DIR/chk haproxy-r1 $T_DIR/r1.up"
	@r2 script "$T_DIR/chk haproxy-r2 $T_DIR/r2.up"
	interval 1
	fall 2
	rise 2
	weight -60
}

vrrp_instance VI_1 {
	@r1 state MASTER
	@r2 state BACKUP
	interface eth0
	virtual_router_id $VRID
	@r1 priority 150
	@r2 priority 100
	advert_int 0.1
	virtual_ipaddress {
		$VIP/24
	}
	track_script {
		chk_haproxy
	}
	@r1 notify $T_DIR/notify-r1/notify.sh
	@r2 notify $T_DIR/notify-r2/notify.sh
}
EOF
}

# instance_states LOG: the states `notify` was called with, in order.
instance_states()
{
	notify_seq "$1" notify.sh | awk '$1 == "INSTANCE" { printf "%s ", $3 }'
}

test_compat_side_by_side()
{
	local conf=$T_DIR/pair.conf t0 s1 s2

	require_cmd keepalived
	compat_setup 2
	check_script "$T_DIR"
	notify_dir "$NS_R1" >/dev/null
	notify_dir "$NS_R2" >/dev/null
	touch "$T_DIR/r1.up" "$T_DIR/r2.up"
	pair_conf "$conf"
	"$XVRRP" check-config --config-id r1 "$conf" >/dev/null 2>&1 ||
		fail "xvrrp check-config --config-id r1 rejects the pair config: $("$XVRRP" check-config --config-id r1 "$conf" 2>&1 | head -n 3 | tr '\n' ' ')"

	start_keepalived_with "$NS_R2" "$conf" -i r2
	wait_for "only_holder $NS_R2" 10 || fail "keepalived r2 alone did not become master"
	start_xvrrp "$NS_R1" "$conf" --config-id r1
	wait_for "only_holder $NS_R1" 5 || fail "xvrrp r1 (150) is not the only VIP holder; holders: '$(vip_holders)'"
	hold_for "only_holder $NS_R1" 1 || fail "VIP holders changed: '$(vip_holders)'"
	xv_state_is "$NS_R1" MASTER || fail "xvrrp r1 says $(xv_state "$NS_R1")"
	note "one file, xvrrp --config-id r1 and keepalived -i r2: xvrrp r1 the only master"

	# xvrrp -> keepalived: r1's check fails, 150 - 60 = 90 < 100.
	rm -f "$T_DIR/r1.up"
	t0=$(now_ms)
	wait_for "only_holder $NS_R2" 6 || fail "keepalived r2 did not take over when r1's check failed; holders: '$(vip_holders)', r1 priority $(xv_field "$NS_R1" priority)"
	note "r1's check failing: keepalived r2 the only holder after $(( $(now_ms) - t0 )) ms (fall 2 x interval 1 s)"
	[ "$(xv_field "$NS_R1" priority)" = 90 ] || fail "xvrrp r1's priority is $(xv_field "$NS_R1" priority), expected 90"
	xv_state_is "$NS_R1" BACKUP || fail "xvrrp r1 says $(xv_state "$NS_R1"), expected BACKUP"
	[ "$(xv_field "$NS_R1" master)" = 192.0.2.2 ] || fail "xvrrp r1 reports master '$(xv_field "$NS_R1" master)'"

	# keepalived -> xvrrp: r2's check fails too, 100 - 60 = 40 < 90.
	rm -f "$T_DIR/r2.up"
	t0=$(now_ms)
	wait_for "only_holder $NS_R1" 6 || fail "xvrrp r1 (90) did not take over from keepalived r2 (40); holders: '$(vip_holders)'"
	note "r2's check failing too: xvrrp r1 (90) the only holder after $(( $(now_ms) - t0 )) ms"
	[ "$(xv_field "$NS_R1" priority)" = 90 ] || fail "xvrrp r1's priority is $(xv_field "$NS_R1" priority), expected 90"

	# Both healthy again: r1 150, r2 100; r1 stays master. r1's check first:
	# were r2's to pass first, r2 (100) would rightly preempt r1 (still 90)
	# for a moment, and the checks' phases decide which passes first.
	touch "$T_DIR/r1.up"
	wait_for "[ \"\$(xv_field $NS_R1 priority)\" = 150 ]" 6 || fail "xvrrp r1's priority is $(xv_field "$NS_R1" priority) with its check passing"
	touch "$T_DIR/r2.up"
	hold_for "only_holder $NS_R1" 3 || fail "VIP holders changed when both checks passed again: '$(vip_holders)'"

	s1=$(instance_states "$T_DIR/notify-r1/notify.log")
	s2=$(instance_states "$T_DIR/notify-r2/notify.log")
	say "notify: xvrrp r1: $s1; keepalived r2: $s2"
	# keepalived 2.2.7 in r1's place (-i r1, state MASTER) gives the same
	# list: it, too, enters BACKUP first.
	[ "$s1" = "BACKUP MASTER BACKUP MASTER " ] || fail "xvrrp r1's notify states '$s1', expected 'BACKUP MASTER BACKUP MASTER'"
	[ "$s2" = "BACKUP MASTER BACKUP MASTER BACKUP " ] || fail "keepalived r2's notify states '$s2', expected 'BACKUP MASTER BACKUP MASTER BACKUP'"
}

# ---------------------------------------------------------------- 10. Debian's samples

SAMPLES_DIR=/usr/share/doc/keepalived/samples

# One row per sample that gives more than "ignored:" notes, as in
# tests/test_config.c (test_samples), with the reason there:
# NAME|CONFIG_ID|EXIT|MESSAGE...  (each MESSAGE follows "PATH").
SAMPLE_ROWS=(
	# "Run keepalived with either '-i high' or '-i low'".
	"keepalived.conf.conditional_conf|high|0"
	# 192.168.200.18 is listed twice.
	"keepalived.conf.vrrp||0|:32: warning: duplicate virtual_ipaddress 192.168.200.18; ignored"
	# Members outside "group { }": keepalived says "Unknown keyword" too.
	"keepalived.conf.vrrp.lvs_syncd||0|:4: warning: 'VI_2' is not a vrrp_sync_group keyword (members go in 'group { }'); ignored, as keepalived does|:5: warning: 'VI_3' is not a vrrp_sync_group keyword (members go in 'group { }'); ignored, as keepalived does|:3: warning: vrrp_sync_group VG1 has no members; removed, as keepalived does"
	# "192.168.100./24": keepalived skips the rule.
	"keepalived.conf.vrrp.rules||0|:11: warning: bad address '192.168.100./24' in static_rules; rule skipped, as keepalived does|:26: warning: bad address '192.168.200./24' in virtual_rules; rule skipped, as keepalived does"
)

sample_row()
{
	local row

	for row in "${SAMPLE_ROWS[@]}"; do
		[ "${row%%|*}" = "$1" ] && { echo "$row"; return 0; }
	done
	echo "$1||0"
}

# check_sample PATH: exit code and messages of check-config as the row says;
# SAMPLE_PROBLEM says what is wrong.
check_sample()
{
	local path=$1 name row id rc want out got line msgs=() m vs_line

	name=$(basename "$path")
	row=$(sample_row "$name")
	IFS='|' read -r -a msgs <<<"$row"
	id=${msgs[1]}
	want=${msgs[2]}
	msgs=("${msgs[@]:3}")
	out=$(cd "$(dirname "$path")" && timeout 10 ip netns exec "$NS_R1" "$XVRRP" check-config ${id:+--config-id "$id"} "$name" 2>&1)
	got=$?
	SAMPLE_PROBLEM=
	[ "$got" = "$want" ] || { SAMPLE_PROBLEM="exit $got, expected $want: $(echo "$out" | grep -v '^ignored: ' | head -n 2 | tr '\n' ' ')"; return 1; }
	while IFS= read -r line; do
		case $line in
		"ignored: "*) continue ;;
		"$name: "*" vrrp_instance(s), configuration valid") [ "$want" = 0 ] && continue ;;
		*": warning: "*"is not implemented yet; ignored") continue ;;
		esac
		for m in "${msgs[@]}"; do
			[ "$line" = "$name$m" ] && continue 2
		done
		SAMPLE_PROBLEM="unexpected message: $line"
		return 1
	done <<<"$out"
	for m in "${msgs[@]}"; do
		grep -qxF -- "$name$m" <<<"$out" || { SAMPLE_PROBLEM="missing message: $name$m"; return 1; }
	done
	# A virtual_server (LVS) section is noted as ignored, with its line.
	vs_line=$(grep -n '^virtual_server ' "$path" | head -n 1 | cut -d: -f1)
	if [ -n "$vs_line" ] && ! grep -qxF "ignored: virtual_server at $name:$vs_line" <<<"$out"; then
		SAMPLE_PROBLEM="no 'ignored: virtual_server at $name:$vs_line'"
		return 1
	fi
	[ -n "$vs_line" ] && SAMPLE_LVS=$((SAMPLE_LVS + 1))
	return 0
}

test_compat_samples()
{
	local f n=0 bad=0 before compat_ls

	require_root
	require_xvrrp
	compat_ls=$(ls "$SAMPLES_DIR"/keepalived.conf.* 2>/dev/null)
	[ -n "$compat_ls" ] || skip "no keepalived samples in $SAMPLES_DIR (Debian package keepalived)"
	# check-config touches nothing: run it in a namespace and compare.
	netns_add "${PFX}r1"
	NS_R1=${PFX}r1
	before=$(ns_picture "$NS_R1")
	SAMPLE_LVS=0
	for f in $compat_ls; do
		n=$((n + 1))
		if check_sample "$f"; then
			say "ok   $(basename "$f")"
		else
			say "FAIL $(basename "$f"): $SAMPLE_PROBLEM"
			bad=$((bad + 1))
		fi
	done
	[ "$(ns_picture "$NS_R1")" = "$before" ] || fail "xvrrp check-config changed the namespace it ran in"
	[ "$n" -ge "${#SAMPLE_ROWS[@]}" ] || fail "only $n samples in $SAMPLES_DIR"
	[ "$bad" -eq 0 ] || fail "$bad of $n keepalived samples not as expected (see above)"
	[ "$SAMPLE_LVS" -ge 1 ] || fail "no sample with a virtual_server section: the 'ignored:' check proved nothing"
	note "check-config on $n Debian keepalived samples: as expected ($SAMPLE_LVS with virtual_server noted as ignored; SSL_GET refused for auth_type AH)"
}

# ---------------------------------------------------------------- 11. net_namespace

# xv_in NS ARGS...: the CLI run from here with -n NS.
xv_in()
{
	local ns=$1

	shift
	timeout 5 "$XVRRP" -n "$ns" "$@"
}

xv_in_state()
{
	xv_in "$1" status --json 2>/dev/null | jq -r '.instances[] | select(.name == "VI_NS") | .state'
}

test_compat_net_namespace()
{
	local ns ifn conf log pid out

	compat_setup 0
	ns=${PFX}n
	# The daemon starts in this (the host's) namespace. Its interface has a
	# name no host link has, so a daemon that ignored net_namespace would
	# fail on a missing interface instead of touching the host.
	ifn=${PFX%-}
	ifn=${ifn:0:15}
	ip link show "$ifn" >/dev/null 2>&1 && skip "the host has a link named $ifn"
	ip -4 addr show | grep -qF " $VIP/" && skip "the host already has $VIP"
	netns_add "$ns"
	ip -n "$NS_SW" link add name rn type veth peer name "$ifn" netns "$ns" || fail "cannot create $ifn in $ns"
	ip -n "$NS_SW" link set rn master br0 up || fail "cannot bridge port rn"
	ip -n "$ns" addr add 192.0.2.1/24 dev "$ifn"
	ip -n "$ns" link set "$ifn" up
	ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$ifn.disable_ipv6=1"
	conf=$T_DIR/ns.conf
	cat >"$conf" <<EOF
net_namespace $ns

global_defs {
	vrrp_version 3
}

vrrp_instance VI_NS {
	state BACKUP
	interface $ifn
	virtual_router_id $VRID
	priority 150
	advert_int 0.1
	virtual_ipaddress {
		$VIP/24
	}
}
EOF
	log=$T_DIR/xvrrp-n.log
	say "start (host namespace): xvrrp attach --config ns.conf --foreground"
	"$XVRRP" attach --config "$conf" --foreground >>"$log" 2>&1 &
	pid=$!
	track_pid "$pid" xvrrp
	wait_for "! pid_alive $pid || [ -n \"\$(xv_in_state $ns)\" ]" 15
	pid_alive "$pid" || { wait "$pid"; fail "xvrrp with net_namespace $ns exited with $? at start: $(log_tail "$log")"; }
	wait_for "[ \"\$(xv_in_state $ns)\" = MASTER ]" 5 ||
		fail "'xvrrp -n $ns status' says '$(xv_in_state "$ns")' for VI_NS, expected MASTER: $(log_tail "$log")"
	has_addr "$ns" "$ifn" "$VIP" || fail "$VIP is not on $ifn in $ns"
	[ "$(xdp_mode_of "$ns" "$ifn")" != none ] || fail "no XDP program on $ifn in $ns"
	wait_for client_ping 3 || fail "client cannot ping $VIP served from $ns"
	note "net_namespace $ns: started in the host namespace, serves $ifn in $ns ('xvrrp -n $ns status': MASTER)"
	# The same daemon through ip netns exec; none in the host's namespace.
	[ "$(xv_json "$ns" | jq -r '.instances[0].name')" = VI_NS ] || fail "'ip netns exec $ns xvrrp status' does not show VI_NS"
	out=$(timeout 5 "$XVRRP" status --json 2>/dev/null)
	echo "$out" | grep -q VI_NS && fail "'xvrrp status' in the host namespace shows VI_NS"
	ip -4 addr show | grep -qF " $VIP/" && fail "$VIP appeared in the host namespace"

	stop_pid "$pid"
	[ "$STOP_RC" = 0 ] || fail "xvrrp exited '$STOP_RC' after SIGTERM"
	has_addr "$ns" "$ifn" "$VIP" && fail "$VIP still on $ifn in $ns after SIGTERM"
	[ "$(xdp_mode_of "$ns" "$ifn")" = none ] || fail "XDP still on $ifn in $ns after SIGTERM"
	return 0
}
