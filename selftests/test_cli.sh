# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The command-line surface of the daemon, checked from outside: `xvrrp stats`
# (and the same counters through the real bpftool on the pinned maps),
# `xvrrp detach`, the background mode, interfaces not named on the command
# line, and what a crashed daemon leaves behind (DESIGN.md, "Counters",
# "Errors", "Reliability principles").

ALL_TESTS+=(test_stats test_bpftool test_detach test_daemonize test_unnamed_iface test_crash_leftover)

# Every per-instance counter, with keepalived's names (DESIGN.md, "Counters").
CLI_INSTANCE_COUNTERS=(advert_rcvd advert_sent become_master release_master packet_len_err
	ip_ttl_err invalid_type_rcvd advert_interval_err addr_list_err invalid_authtype
	authtype_mismatch auth_failure pri_zero_rcvd pri_zero_sent)

# ---------------------------------------------------------------- helpers

# xv_counter NS NAME: counter NAME of instance VI_1 in `xvrrp stats --json`.
xv_counter()
{
	xv "$1" stats --json 2>/dev/null |
		jq -er --arg f "$2" '.instances[] | select(.name == "VI_1") | .counters[$f]'
}

# xv_xdp_counter NS NAME: XDP counter NAME of eth0 in `xvrrp stats --json`.
xv_xdp_counter()
{
	xv "$1" stats --json 2>/dev/null |
		jq -er --arg f "$2" '.interfaces[] | select(.name == "eth0") | .xdp[$f]'
}

# xv_pin_dir NS: where the daemon in NS pinned the maps of eth0.
xv_pin_dir()
{
	xv "$1" stats --json 2>/dev/null | jq -er '.interfaces[] | select(.name == "eth0") | .pin_dir'
}

# host_state NS: what a refused command must leave alone: addresses,
# links (with the XDP program id) and routes.
host_state()
{
	ip -n "$1" -d addr show
	ip -n "$1" -d link show
	ip -n "$1" route show table all
}

# client_send_vrrp TTL GOOD|BADSUM COUNT [DST DST_MAC]: the client sends
# COUNT adverts for VRID $VRID with priority $SEND_PRIO (default 254, above
# both routers) and $VIP, to the VRRP group or, unicast, to DST at DST_MAC.
client_send_vrrp()
{
	timeout 10 ip netns exec "$NS_C" python3 "$SELFTEST_DIR/vrrp_send.py" v3 eth0 "$CLIENT_ADDR" \
		"$VRID" "${SEND_PRIO:-254}" "$1" "$2" "$3" "$VIP" "${@:4}" ||
		fail "the raw-socket sender in $NS_C failed (TTL $1, $2, $3 packets)"
}

# stats_snapshot NS: the counters a junk packet must or must not touch,
# one "name value" a line.
stats_snapshot()
{
	xv "$1" stats --json 2>/dev/null | jq -r '
		(.interfaces[] | select(.name == "eth0") | .xdp | to_entries[] | "xdp." + .key + " " + (.value | tostring)),
		(.instances[] | select(.name == "VI_1") | .counters | to_entries[] | "VI_1." + .key + " " + (.value | tostring))'
}

# snap_get SNAPSHOT NAME
snap_get()
{
	awk -v k="$2" '$1 == k { print $2 }' <<<"$1"
}

# stable_election ADVERT_INT: r1 (priority 150) alone first, so it is master
# before r2 (priority 100) starts; r2 then never leaves BACKUP.
stable_election()
{
	local adv=$1

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 2
	write_conf "$T_DIR/r1.conf" 150 "$adv"
	write_conf "$T_DIR/r2.conf" 100 "$adv"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "has_vip $NS_R1" 10 || fail "r1 alone did not become master within 10 s"
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	wait_for "xv_state_is $NS_R2 BACKUP" 3 || fail "r2 says $(xv_state "$NS_R2"), expected BACKUP"
	only_holder "$NS_R1" || fail "expected only r1 to hold $VIP; holders: '$(vip_holders)'"
}

# ---------------------------------------------------------------- tests

test_stats()
{
	local sent1 sent2 n text name before after row ttl kind field f expect got b a

	require_cmd python3
	stable_election 0.1
	# Half a second of adverts at 0.1 s.
	sleep 0.5

	# The backup counts what it received and sends nothing.
	n=$(xv_xdp_counter "$NS_R2" vrrp_valid) || fail "r2: no xdp.vrrp_valid in 'xvrrp stats --json'"
	[ "$n" -gt 0 ] || fail "r2 (backup): vrrp_valid is $n after 0.5 s of adverts at 0.1 s"
	n=$(xv_counter "$NS_R2" advert_rcvd) || fail "r2: no advert_rcvd for VI_1 in 'xvrrp stats --json'"
	[ "$n" -gt 0 ] || fail "r2 (backup): advert_rcvd is $n after 0.5 s of adverts at 0.1 s"
	n=$(xv_counter "$NS_R2" advert_sent)
	[ "$n" = 0 ] || fail "r2 was never master but advert_sent is '$n'"
	n=$(xv_counter "$NS_R2" become_master)
	[ "$n" = 0 ] || fail "r2 was never master but become_master is '$n'"

	# The master's advert_sent grows: about 5 in 0.5 s.
	sent1=$(xv_counter "$NS_R1" advert_sent) || fail "r1: no advert_sent in 'xvrrp stats --json'"
	sleep 0.5
	sent2=$(xv_counter "$NS_R1" advert_sent)
	[ $((sent2 - sent1)) -ge 2 ] ||
		fail "r1 (master, advert_int 0.1): advert_sent went from $sent1 to $sent2 in 0.5 s"
	[ "$(xv_counter "$NS_R1" become_master)" = 1 ] ||
		fail "r1 became master once, but become_master is '$(xv_counter "$NS_R1" become_master)'"
	note "stats: master advert_sent $sent1 -> $sent2 in 0.5 s; backup advert_rcvd $(xv_counter "$NS_R2" advert_rcvd), advert_sent 0"

	# The text output names every counter, under the instance's heading.
	text=$(xv "$NS_R2" stats 2>&1) || fail "'xvrrp stats' in r2 failed: $(echo "$text" | head -n 2)"
	echo "$text" | grep -qx "VI_1 (eth0, vrid $VRID):" ||
		fail "'xvrrp stats' has no heading 'VI_1 (eth0, vrid $VRID):': $(echo "$text" | head -n 3 | tr '\n' ' ')"
	echo "$text" | grep -q '^eth0: .* XDP, prog id [0-9]*, maps pinned in /sys/fs/bpf/xvrrp/' ||
		fail "'xvrrp stats' has no 'eth0: ... XDP, prog id N, maps pinned in ...' line"
	for name in "${CLI_INSTANCE_COUNTERS[@]}" vrrp_valid ip_ttl_err checksum_err; do
		echo "$text" | grep -Eq "^  $name +[0-9]+$" ||
			fail "'xvrrp stats' (text) has no line '  $name N'"
	done
	echo "$text" | grep -Eq '^  advert_sent +0$' || fail "'xvrrp stats' (text) on the backup: advert_sent is not 0"

	# Junk from the client: each fault counted once under its reason,
	# dropped, and no state change. The junk carries priority 254: had it
	# been accepted, r1 (150) would have given up MASTER (RFC 5798 6.4.3).
	for row in "64|GOOD|xdp.ip_ttl_err VI_1.ip_ttl_err" "255|BADSUM|xdp.checksum_err"; do
		IFS='|' read -r ttl kind field <<<"$row"
		before=$(stats_snapshot "$NS_R1")
		b=$(stats_snapshot "$NS_R2")
		if [ -z "$before" ] || [ -z "$b" ]; then
			fail "cannot read 'xvrrp stats --json' of the routers"
		fi
		client_send_vrrp "$ttl" "$kind" 5
		expect=$(( $(snap_get "$before" "${field%% *}") + 5 ))
		wait_for "[ \"\$(snap_get \"\$(stats_snapshot $NS_R1)\" ${field%% *})\" -ge $expect ]" 2 ||
			say "r1's ${field%% *} did not reach $expect within 2 s"
		sleep 0.3
		after=$(stats_snapshot "$NS_R1")
		a=$(stats_snapshot "$NS_R2")
		for f in $field; do
			got=$(snap_get "$after" "$f")
			expect=$(( $(snap_get "$before" "$f") + 5 ))
			[ "$got" = "$expect" ] ||
				fail "5 adverts with TTL $ttl ($kind checksum): r1's $f is $got, expected $expect"
			got=$(snap_get "$a" "$f")
			expect=$(( $(snap_get "$b" "$f") + 5 ))
			[ "$got" = "$expect" ] ||
				fail "5 adverts with TTL $ttl ($kind checksum): r2's $f is $got, expected $expect"
		done
		# Nothing else may move: r1, the master, hears no valid adverts.
		for f in xdp.vrrp_events xdp.packet_len_err xdp.ip_hdr_err xdp.version_err xdp.invalid_type_rcvd \
			xdp.vrid_unknown xdp.dst_err VI_1.become_master VI_1.release_master VI_1.pri_zero_rcvd; do
			[ "$(snap_get "$after" "$f")" = "$(snap_get "$before" "$f")" ] ||
				fail "junk with TTL $ttl ($kind): r1's $f went $(snap_get "$before" "$f") -> $(snap_get "$after" "$f")"
		done
		for f in xdp.ip_ttl_err xdp.checksum_err; do
			[[ " $field " == *" $f "* ]] && continue
			[ "$(snap_get "$after" "$f")" = "$(snap_get "$before" "$f")" ] ||
				fail "junk with TTL $ttl ($kind) was counted under $f too"
		done
		check_master_unchanged
		say "5 adverts with TTL $ttl, $kind checksum: counted under $field on both routers, no state change"
	done
	note "junk: 5 with TTL 64 -> ip_ttl_err +5, 5 with a bad checksum -> checksum_err +5; no transition"

	# The same packet, made valid, is accepted: the junk above differed from
	# a real advert only in its fault. r1 hears priority 254 and steps down.
	before=$(stats_snapshot "$NS_R1")
	client_send_vrrp 255 GOOD 1
	wait_for "[ \"\$(xv_counter $NS_R1 release_master)\" = $(( $(snap_get "$before" VI_1.release_master) + 1 )) ]" 2 ||
		fail "control: one valid advert with priority 254 did not make r1 leave MASTER (release_master $(xv_counter "$NS_R1" release_master)): the junk checks above prove nothing"
	after=$(stats_snapshot "$NS_R1")
	[ "$(snap_get "$after" xdp.vrrp_valid)" -gt "$(snap_get "$before" xdp.vrrp_valid)" ] ||
		fail "control: the valid advert was not counted in vrrp_valid"
	say "control: one valid advert with priority 254 made r1 leave MASTER"
}

# check_master_unchanged: r1 still master with the VIP, r2 still backup
# following r1, and neither counted a transition since stable_election.
check_master_unchanged()
{
	only_holder "$NS_R1" || fail "VIP holders changed: '$(vip_holders)'"
	xv_state_is "$NS_R1" MASTER || fail "r1 says $(xv_state "$NS_R1"), expected MASTER"
	xv_state_is "$NS_R2" BACKUP || fail "r2 says $(xv_state "$NS_R2"), expected BACKUP"
	[ "$(xv_field "$NS_R2" master)" = 192.0.2.1 ] ||
		fail "r2 follows master '$(xv_field "$NS_R2" master)', expected 192.0.2.1"
	[ "$(xv_counter "$NS_R1" release_master)" = 0 ] ||
		fail "r1 released MASTER $(xv_counter "$NS_R1" release_master) time(s)"
	[ "$(xv_counter "$NS_R2" become_master)" = 0 ] ||
		fail "r2 became master $(xv_counter "$NS_R2" become_master) time(s)"
}

# bpftool_dump NS PIN_DIR MAP: `bpftool -j map dump pinned`, run inside the
# daemon's own mount namespace (where it mounted bpffs) and NS's network
# namespace.
bpftool_dump()
{
	nsenter -t "${XV_PID[$1]}" -m -n bpftool -j map dump pinned "$2/$3"
}

# bpftool_sum JSON FIELD: FIELD summed over the CPUs of a per-CPU dump.
bpftool_sum()
{
	jq -er --arg f "$2" '[.[0].formatted.values[].value[$f]] | add' <<<"$1"
}

test_bpftool()
{
	local ns dir inode v1 v2 dump text macs m name got before after holder r1_dir

	require_cmd bpftool nsenter arping
	stable_election 0.1
	# One ARP request answered by r1's XDP program, so arp_replied is not 0.
	macs=$(client_arp_macs)
	[ "$macs" = "$(mac_of "$NS_R1")" ] || fail "ARP for $VIP answered by '$macs', expected r1's $(mac_of "$NS_R1")"

	for ns in "$NS_R1" "$NS_R2"; do
		inode=$(ip netns exec "$ns" stat -Lc %i /proc/self/ns/net)
		dir=$(xv_pin_dir "$ns") || fail "no pin_dir in 'xvrrp stats --json' of $ns"
		[ "$dir" = "/sys/fs/bpf/xvrrp/net$inode-eth0" ] ||
			fail "$ns: pin_dir is $dir, expected /sys/fs/bpf/xvrrp/net$inode-eth0"
		for m in stats vrid_state vrid_stats owned_vips; do
			nsenter -t "${XV_PID[$ns]}" -m test -e "$dir/$m" ||
				fail "$ns: $dir/$m is not pinned in the daemon's mount namespace"
		done

		# The text dump shows the field names (BTF), as DESIGN.md promises.
		text=$(nsenter -t "${XV_PID[$ns]}" -m -n bpftool map dump pinned "$dir/stats" 2>&1) ||
			fail "$ns: bpftool map dump pinned $dir/stats failed: $(echo "$text" | head -n 2)"
		for name in vrrp_valid arp_replied ip_ttl_err checksum_err; do
			echo "$text" | grep -q "\"$name\": [0-9]" ||
				fail "$ns: 'bpftool map dump pinned .../stats' shows no \"$name\": N (no BTF?)"
		done

		# Counters move while we look (adverts every 0.1 s): bpftool's sum
		# must lie between two reads of xvrrp stats, before and after it.
		before=$(stats_snapshot "$ns")
		dump=$(bpftool_dump "$ns" "$dir" stats) || fail "$ns: bpftool -j map dump of stats failed"
		after=$(stats_snapshot "$ns")
		for name in vrrp_valid arp_replied rx_frames; do
			v1=$(snap_get "$before" "xdp.$name")
			v2=$(snap_get "$after" "xdp.$name")
			got=$(bpftool_sum "$dump" "$name") || fail "$ns: no $name in bpftool's JSON"
			if [ -z "$v1" ] || [ "$got" -lt "$v1" ] || [ "$got" -gt "$v2" ]; then
				fail "$ns: bpftool says $name $got, xvrrp stats said '$v1' before and '$v2' after"
			fi
			say "$ns: bpftool $dir/stats: $name $got (xvrrp stats: $v1 before, $v2 after)"
		done

		# vrid_state is an array: slot = VRID for IPv4; configured slots carry flag 0x10.
		dump=$(bpftool_dump "$ns" "$dir" vrid_state) || fail "$ns: bpftool dump of vrid_state failed"
		jq -e --argjson v "$VRID" 'any(.[].formatted; .key == $v and (.value.flags / 16 | floor) % 2 == 1)' \
			<<<"$dump" >/dev/null ||
			fail "$ns: VRID $VRID not configured in vrid_state: $(echo "$dump" | head -c 300)"
	done
	# The comparisons above mean something only if the values are not 0.
	[ "$(bpftool_sum "$(bpftool_dump "$NS_R1" "$(xv_pin_dir "$NS_R1")" stats)" arp_replied)" -ge 1 ] ||
		fail "r1 answered ARP for $VIP but bpftool shows arp_replied 0"
	[ "$(bpftool_sum "$(bpftool_dump "$NS_R2" "$(xv_pin_dir "$NS_R2")" stats)" vrrp_valid)" -ge 1 ] ||
		fail "r2 (backup) hears r1's adverts but bpftool shows vrrp_valid 0"
	# The backup's vrid_state holds what it last heard: r1, priority 150.
	dump=$(bpftool_dump "$NS_R2" "$(xv_pin_dir "$NS_R2")" vrid_state)
	jq -e --argjson v "$VRID" '.[].formatted | select(.key == $v) | .value.master.adv.priority == 150' \
		<<<"$dump" >/dev/null || fail "r2's vrid_state does not show r1's priority 150 for VRID $VRID"
	note "bpftool reads the pinned stats and vrid_state of both daemons, values as 'xvrrp stats'"

	# After SIGTERM the pins are gone. The daemon's mount namespace would
	# vanish with it, so a sleeper we start there keeps it (and its bpffs)
	# for the look afterwards.
	r1_dir=$(xv_pin_dir "$NS_R1")
	nsenter -t "${XV_PID[$NS_R1]}" -m sleep 30 &
	holder=$!
	track_pid "$holder" sleep
	wait_for "nsenter -t $holder -m test -e $r1_dir/stats" 2 ||
		fail "the sleeper in r1's mount namespace does not see $r1_dir"
	stop_pid "${XV_PID[$NS_R1]}"
	[ "$STOP_RC" = 0 ] || fail "r1's xvrrp exited '$STOP_RC' after SIGTERM, expected 0"
	[ "$(nsenter -t "$holder" -m stat -f -c %T /sys/fs/bpf)" = bpf_fs ] ||
		fail "bpffs is no longer mounted in r1's mount namespace: the pin check would prove nothing"
	nsenter -t "$holder" -m test -e "$r1_dir" &&
		fail "$r1_dir is still there after SIGTERM: $(nsenter -t "$holder" -m ls "$r1_dir" | tr '\n' ' ')"
	say "after SIGTERM, $r1_dir is gone (bpffs still mounted there)"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	return 0
}

test_detach()
{
	local out rc t0 took

	# advert_int 1: r2's Master_Down_Interval is 3609 ms, its Skew_Time 609 ms.
	stable_election 1
	sleep 1.5
	only_holder "$NS_R1" || fail "VIP holders changed: '$(vip_holders)'"

	t0=$(now_ms)
	out=$(xv "$NS_R1" detach eth0 2>&1)
	rc=$?
	say "xvrrp detach eth0 (r1): exit $rc: $out"
	[ "$rc" -eq 0 ] || fail "'xvrrp detach eth0' on r1 exited $rc: $out"
	echo "$out" | grep -q 'detached from eth0; the daemon exits' ||
		fail "'xvrrp detach eth0' said '$out', expected 'detached from eth0; the daemon exits'"
	wait_for "has_vip $NS_R2" 5 || fail "r2 did not take the VIP within 5 s of 'xvrrp detach eth0' on r1"
	took=$(( $(now_ms) - t0 ))
	note "r2 holds the VIP $took ms after 'xvrrp detach eth0' on r1 (Skew_Time 609 ms, Master_Down_Interval 3609 ms)"
	# Priority 0 (RFC 5798 6.4.3) lets r2 wait Skew_Time only.
	[ "$took" -lt 1500 ] || fail "takeover took $took ms: no priority-0 advert on detach?"

	wait_for "! pid_alive ${XV_PID[$NS_R1]}" 5 || fail "r1's xvrrp still runs 5 s after detaching its only interface"
	wait "${XV_PID[$NS_R1]}"
	rc=$?
	[ "$rc" -eq 0 ] || fail "r1's xvrrp exited $rc after detaching its only interface, expected 0"
	has_vip "$NS_R1" && fail "r1 still has $VIP after detach"
	[ "$(xdp_mode_of "$NS_R1")" = none ] || fail "XDP ($(xdp_mode_of "$NS_R1") mode) still on r1's eth0 after detach"
	wait_for "xv_state_is $NS_R2 MASTER" 2 || fail "r2 holds the VIP but says $(xv_state "$NS_R2")"
	[ "$(xv_counter "$NS_R2" pri_zero_rcvd)" -ge 1 ] ||
		fail "r2 counted no priority-0 advert (pri_zero_rcvd $(xv_counter "$NS_R2" pri_zero_rcvd))"

	# An interface the daemon does not serve: refused, nothing changes.
	out=$(xv "$NS_R2" detach eth9 2>&1)
	rc=$?
	say "xvrrp detach eth9 (r2): exit $rc: $out"
	[ "$rc" -ne 0 ] || fail "'xvrrp detach eth9' succeeded on a daemon that serves only eth0"
	echo "$out" | grep -q 'not attached to eth9' ||
		fail "'xvrrp detach eth9' said '$out': no 'not attached to eth9'"
	pid_alive "${XV_PID[$NS_R2]}" || fail "r2's xvrrp exited after 'xvrrp detach eth9'"
	xv_state_is "$NS_R2" MASTER || fail "r2 says $(xv_state "$NS_R2") after 'xvrrp detach eth9'"
	[ "$(xdp_mode_of "$NS_R2")" != none ] || fail "r2's eth0 lost its XDP program on 'xvrrp detach eth9'"

	# No daemon in r1's namespace any more.
	out=$(xv "$NS_R1" status 2>&1)
	rc=$?
	say "xvrrp status (r1, no daemon): exit $rc: $out"
	[ "$rc" -eq 1 ] || fail "'xvrrp status' with no daemon exited $rc, expected 1"
	echo "$out" | grep -q 'no daemon runs in this network namespace' ||
		fail "'xvrrp status' with no daemon said '$out'"
	echo "$out" | grep -q 'start one with: xvrrp attach' ||
		fail "'xvrrp status' with no daemon does not say how to start one: '$out'"
}

# track_netns_pids NS: track every process in our namespace NS, so that a
# daemon that went to the background is stopped by lib_cleanup even when we
# could not learn its pid from its output.
track_netns_pids()
{
	local p

	for p in $(ip netns pids "$1" 2>/dev/null); do
		grep -q "^$p " "$T_DIR/pids" || track_pid "$p" "in-$1"
	done
}

# attach_background NS CONF [ARGS...]: `xvrrp attach --config CONF ARGS`
# without --foreground; BG_OUT its output, BG_RC its exit code, BG_MS how
# long it took, BG_PID the pid it printed.
attach_background()
{
	local ns=$1 conf=$2 t0

	shift 2
	t0=$(now_ms)
	BG_OUT=$(timeout 15 ip netns exec "$ns" "$XVRRP" attach --config "$conf" "$@" 2>&1 </dev/null)
	BG_RC=$?
	BG_MS=$(( $(now_ms) - t0 ))
	track_netns_pids "$ns"
	BG_PID=$(echo "$BG_OUT" | sed -n 's/^xvrrp: running as pid \([0-9][0-9]*\)$/\1/p' | head -n 1)
	say "xvrrp attach --config $(basename "$conf") $* (in $ns): exit $BG_RC after $BG_MS ms: $(echo "$BG_OUT" | grep -v '^libbpf' | tr '\n' ' ')"
}

# proc_gone PID: PID has exited. A daemon in the background is not our
# child: until init reaps it, it is a zombie that kill -0 still finds.
proc_gone()
{
	local st

	st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
	[ -z "$st" ] || [ "$st" = Z ]
}

# netns_xvrrp_pids NS: the xvrrp processes running in NS.
netns_xvrrp_pids()
{
	local p

	for p in $(ip netns pids "$1" 2>/dev/null); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = xvrrp ] && echo "$p"
	done
}

test_daemonize()
{
	local pid running no_pid="" before out

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 1
	write_conf "$T_DIR/r1.conf" 150 0.1

	attach_background "$NS_R1" "$T_DIR/r1.conf"
	[ "$BG_RC" -eq 0 ] || fail "'xvrrp attach --config FILE' exited $BG_RC: $BG_OUT"
	[ "$BG_MS" -lt 10000 ] || fail "'xvrrp attach' took $BG_MS ms to return"
	running=$(netns_xvrrp_pids "$NS_R1" | tr '\n' ' ')
	if [ -z "$running" ] || [ "${running% }" != "${running%% *}" ]; then
		fail "after 'xvrrp attach' returned, xvrrp processes in $NS_R1: '$running', expected one"
	fi
	pid=${running%% *}
	# The printed pid is the one to signal; a missing line is reported at
	# the end, after the checks that do not need it.
	if [ -z "$BG_PID" ]; then
		no_pid="'xvrrp attach' did not print 'xvrrp: running as pid N' (output: $(echo "$BG_OUT" | tr '\n' ' '))"
		say "$no_pid; the daemon in $NS_R1 is pid $pid"
	elif [ "$BG_PID" != "$pid" ]; then
		fail "'xvrrp attach' printed pid $BG_PID, but the daemon in $NS_R1 is pid $pid"
	fi
	xv "$NS_R1" status >/dev/null 2>&1 || fail "'xvrrp status' fails right after 'xvrrp attach' returned"
	wait_for "has_vip $NS_R1" 5 || fail "the background daemon did not become master within 5 s"
	xv_state_is "$NS_R1" MASTER || fail "r1 says $(xv_state "$NS_R1"), expected MASTER"
	note "'xvrrp attach' returned after $BG_MS ms, daemon pid $pid is master"

	# A second daemon in the same namespace: refused, nothing changes.
	sleep 0.3
	before=$(host_state "$NS_R1")
	attach_background "$NS_R1" "$T_DIR/r1.conf"
	[ -z "$BG_PID" ] || fail "a second 'xvrrp attach' started another daemon (pid $BG_PID)"
	[ "$(netns_xvrrp_pids "$NS_R1")" = "$pid" ] ||
		fail "after a second 'xvrrp attach', xvrrp processes in $NS_R1: $(netns_xvrrp_pids "$NS_R1" | tr '\n' ' ')"
	[ "$BG_RC" -ne 0 ] || fail "a second 'xvrrp attach' in the same namespace exited 0: $BG_OUT"
	echo "$BG_OUT" | grep -q 'already runs in this network namespace' ||
		fail "a second 'xvrrp attach' said '$BG_OUT': nothing about a daemon already running"
	[ "$(host_state "$NS_R1")" = "$before" ] || {
		diff <(echo "$before") <(host_state "$NS_R1") | head -n 10
		fail "a refused second 'xvrrp attach' changed the namespace"
	}
	pid_alive "$pid" || fail "the first daemon died when a second 'xvrrp attach' was refused"
	xv_state_is "$NS_R1" MASTER || fail "after the refused attach, status says '$(xv_state "$NS_R1")' (control socket lost?)"

	# SIGTERM to the printed pid stops it cleanly.
	kill -TERM "$pid"
	wait_for "proc_gone $pid" 5 || fail "the daemon (pid $pid) still runs 5 s after SIGTERM"
	has_vip "$NS_R1" && fail "$VIP is still on r1 after SIGTERM to the background daemon"
	[ "$(xdp_mode_of "$NS_R1")" = none ] || fail "XDP ($(xdp_mode_of "$NS_R1") mode) still on r1's eth0 after SIGTERM"
	out=$(xv "$NS_R1" status 2>&1) && fail "'xvrrp status' still answers after the daemon stopped: $out"
	[ -z "$no_pid" ] || fail "$no_pid"
	return 0
}

test_unnamed_iface()
{
	local conf line before out rc log pid

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 1
	# r1's second leg: eth1, on the same bridge, in 198.51.100.0/24.
	ip -n "$NS_SW" link add name r1b type veth peer name eth1 netns "$NS_R1" || fail "cannot create eth1"
	ip -n "$NS_SW" link set r1b master br0 up
	ip -n "$NS_R1" addr add 198.51.100.1/24 dev eth1
	ip -n "$NS_R1" link set eth1 up
	ip netns exec "$NS_R1" sysctl -qw net.ipv6.conf.eth1.disable_ipv6=1
	conf=$T_DIR/two.conf
	write_conf "$conf" 150 0.1
	cat >>"$conf" <<EOF

vrrp_instance VI_2 {
	state BACKUP
	interface eth1
	virtual_router_id 52
	priority 150
	advert_int 0.1
	virtual_ipaddress {
		198.51.100.100/24
	}
}
EOF
	# The line of VI_2's vrrp_instance, which the warning names.
	line=$(grep -n '^vrrp_instance VI_2' "$conf" | cut -d: -f1)

	# An interface the config does not use: exit 2 before anything changes.
	before=$(host_state "$NS_R1")
	out=$(timeout 10 ip netns exec "$NS_R1" "$XVRRP" attach eth7 --config "$conf" 2>&1 </dev/null)
	rc=$?
	say "xvrrp attach eth7 --config two.conf: exit $rc: $(echo "$out" | tr '\n' ' ')"
	pid=$(echo "$out" | sed -n 's/^xvrrp: running as pid \([0-9][0-9]*\)$/\1/p')
	[ -n "$pid" ] && track_pid "$pid" xvrrp
	[ "$rc" -eq 2 ] || fail "'xvrrp attach eth7' (not in the config) exited $rc, expected 2: $out"
	echo "$out" | grep -q 'no vrrp_instance in .*two\.conf uses interface eth7' ||
		fail "'xvrrp attach eth7' said '$out': not 'no vrrp_instance in ... uses interface eth7'"
	[ "$(host_state "$NS_R1")" = "$before" ] || fail "'xvrrp attach eth7' changed the namespace"

	# Control: with no interface named, both instances are served, so the
	# interface and VI_2 are fine and the check below proves something.
	start_xvrrp "$NS_R1" "$conf"
	[ "$(xv_json "$NS_R1" | jq -r '[.instances[].name] | sort | join(",")')" = VI_1,VI_2 ] ||
		fail "control: 'xvrrp attach --config two.conf' does not serve VI_1 and VI_2: $(xv_json "$NS_R1" | jq -c '[.instances[].name]')"
	wait_for "ip -n $NS_R1 -o -4 addr show dev eth1 | grep -qF ' 198.51.100.100/'" 5 ||
		fail "control: VI_2 did not become master on eth1"
	[ "$(xdp_mode_of "$NS_R1" eth1)" != none ] || fail "control: no XDP on eth1"
	stop_pid "${XV_PID[$NS_R1]}"
	[ "$STOP_RC" = 0 ] || fail "control daemon exited '$STOP_RC' after SIGTERM"
	say "control: both instances served when no interface is named"

	# Naming eth0 only: VI_2 is reported and left alone.
	log=$T_DIR/xvrrp-$(port_of "$NS_R1").log
	: >"$log"
	start_xvrrp "$NS_R1" "$conf" eth0
	grep -q "two\.conf:$line: vrrp_instance VI_2 on eth1 is not served" "$log" ||
		fail "no warning 'two.conf:$line: vrrp_instance VI_2 on eth1 is not served': $(log_tail "$log")"
	[ "$(xv_json "$NS_R1" | jq -r '[.instances[].name] | join(",")')" = VI_1 ] ||
		fail "'xvrrp attach eth0' serves $(xv_json "$NS_R1" | jq -c '[.instances[].name]'), expected VI_1 only"
	wait_for "has_vip $NS_R1" 5 || fail "VI_1 did not become master on eth0"
	# 1 s is about three Master_Down_Intervals of VI_2.
	hold_for "! ip -n $NS_R1 -o -4 addr show dev eth1 | grep -qF ' 198.51.100.100/'" 1 ||
		fail "198.51.100.100 (VI_2, not served) appeared on eth1"
	[ "$(xdp_mode_of "$NS_R1" eth1)" = none ] || fail "XDP attached to eth1, which was not named"
	[ "$(xdp_mode_of "$NS_R1" eth0)" != none ] || fail "no XDP on eth0"
	out=$(xv "$NS_R1" stats eth1 2>&1) && fail "'xvrrp stats eth1' succeeded on a daemon not attached to eth1: $out"
	note "attach eth0: VI_2 on eth1 reported at two.conf:$line and not served; eth7: exit 2"
}

test_crash_leftover()
{
	local pid rc log

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 2
	write_conf "$T_DIR/r1.conf" 150 0.1
	write_conf "$T_DIR/r2.conf" 100 0.1

	# r2 alone is master, then crashes.
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	wait_for "has_vip $NS_R2" 5 || fail "r2 alone did not become master within 5 s"
	pid=${XV_PID[$NS_R2]}
	# Daemon and fence at once (its fence alone would remove the VIP at once).
	kill_all_of "$NS_R2" "$pid"
	wait "$pid" 2>/dev/null
	rc=$?
	say "r2's xvrrp (pid $pid) killed with SIGKILL: exit $rc"
	# DESIGN.md: the bpf_link goes with the process.
	wait_for "[ \$(xdp_mode_of $NS_R2) = none ]" 3 ||
		fail "XDP ($(xdp_mode_of "$NS_R2") mode) still on r2's eth0 3 s after SIGKILL: not a bpf_link?"
	has_vip "$NS_R2" || fail "SIGKILL did not leave $VIP on r2: the leftover check below would prove nothing"
	say "after SIGKILL: no XDP on r2's eth0, $VIP left on it"

	# r1 takes over; r2 comes back as backup and must drop the leftover.
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "has_vip $NS_R1" 5 || fail "r1 did not become master within 5 s"
	wait_for "xv_state_is $NS_R1 MASTER" 2 || fail "r1 says $(xv_state "$NS_R1")"
	has_vip "$NS_R2" || fail "the leftover $VIP left r2 before its daemon restarted"
	log=$T_DIR/xvrrp-$(port_of "$NS_R2").log
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	has_vip "$NS_R2" && fail "restarted r2 still has the leftover $VIP once it answers status"
	grep -qE "removed (VIP $VIP/24 left over from an earlier run|$VIP/24 left behind by a daemon that did not stop)" "$log" ||
		fail "r2's log does not say it removed the leftover VIP: $(log_tail "$log")"
	wait_for "xv_state_is $NS_R2 BACKUP" 2 || fail "restarted r2 says $(xv_state "$NS_R2"), expected BACKUP"
	hold_for "only_holder $NS_R1" 1 || fail "VIP holders after r2's restart: '$(vip_holders)', expected r1 only"
	[ "$(xdp_mode_of "$NS_R2")" != none ] || fail "restarted r2 has no XDP on eth0"
	note "restart after SIGKILL: leftover $VIP removed at startup, r2 backup, r1 the only holder"
}
