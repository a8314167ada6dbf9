#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make bench: xvrrp and keepalived side by side, in the same run, on the same
# network-namespace topology (see docs/benchmarks.md for what each figure
# means). Needs root. `--quick` (make bench-quick) runs a short subset.
#
# Topology, K segments (K = ceil(N / 250): at most 250 VRIDs per segment):
#
#   ${PFX}r1 ethK 192.0.2.(16K+1)/28 --veth-- r1pK \
#   ${PFX}r2 ethK 192.0.2.(16K+2)/28 --veth-- r2pK  brK  (bridge K in ${PFX}sw)
#   ${PFX}c  ethK 192.0.2.(16K+3)/28 --veth-- cpK  /
#
# Segment K carries VRIDs 1..250 with one VIP each, VIP i = 198.51.100.i
# (even K) or 203.0.113.i (odd K). 1000 distinct VIPs do not fit in the
# documentation ranges, so segments 0 and 2 (1 and 3) reuse the same
# addresses; each segment is its own broadcast domain and the client probes
# each one through its own interface, so the answers never mix.
#
# With FAMILY=6 (the failover6 rows) the instances are IPv6 (VRRPv3 over
# IPv6): VIP i = 2001:db8::i/64, IPv6 on the routers' and the client's
# segment interfaces (no DAD), the client 2001:db8::3/64 on eth0.
#
# Only processes and namespaces this script created are stopped/deleted,
# by PID and by name (listed in $W/pids and $W/netns). Every loop is bounded.

set -u

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
XVRRP=${XVRRP:-$REPO_DIR/build/xvrrp}
KEEPALIVED=${KEEPALIVED:-keepalived}
OUT=${BENCH_OUT:-$REPO_DIR/build/bench}
PFX=xb$$-
QUICK=0
[ "${1:-}" = --quick ] && QUICK=1

AGENTS=(xvrrp keepalived)
PRIO_MASTER=150
PRIO_BACKUP=100
VIPS_PER_SEG=250
HZ=$(getconf CLK_TCK)
# The instances' family: 4, or 6 within the failover6 rows (failover_rows).
FAMILY=4
VIP6=2001:db8::1
CLIENT6=2001:db8::3

if [ $QUICK = 1 ]; then
	FAILOVER_RUNS=2; FAILOVER_ADVS="0.01"
	SCALE_NS="250"; SCALE_ADVS="0.1"; STEADY_S=5; SCALE_BIG=
	JUNK_S=3; ARP_S=3
else
	FAILOVER_RUNS=5; FAILOVER_ADVS="0.01 1"
	SCALE_NS=${BENCH_NS:-"1 250 1000"}; SCALE_ADVS=${BENCH_ADVS:-"0.1 1"}
	# 4000 instances on 16 segments, at advert_int 0.1 only (time).
	SCALE_BIG=${BENCH_BIG:-4000}
	STEADY_S=${BENCH_STEADY_S:-30}
	JUNK_S=10; ARP_S=8
fi

# ---------------------------------------------------------------- basics

now_ms()
{
	local t=$EPOCHREALTIME

	t=${t/[.,]/}
	echo $((10#$t / 1000))
}

say()
{
	printf '  %s\n' "$*" >&2
}

die()
{
	printf 'bench: %s\n' "$*" >&2
	exit 1
}

# wait_for CONDITION TIMEOUT_S: poll every 50 ms; WAITED_MS is the time taken.
wait_for()
{
	local cond=$1 limit start

	limit=$(awk -v s="$2" 'BEGIN { printf "%d", s * 1000 }')
	start=$(now_ms)
	while :; do
		eval "$cond" >/dev/null 2>&1 && { WAITED_MS=$(( $(now_ms) - start )); return 0; }
		WAITED_MS=$(( $(now_ms) - start ))
		[ "$WAITED_MS" -ge "$limit" ] && return 1
		sleep 0.05
	done
}

loadavg()
{
	cut -d' ' -f1 /proc/loadavg
}

# mdi_ms PRIORITY ADVERT_INT: RFC 5798 section 6.1, Master_Down_Interval =
# 3 * Master_Adver_Interval + Skew_Time, Skew_Time = (256 - Priority) *
# Master_Adver_Interval / 256.
mdi_ms()
{
	awk -v p="$1" -v a="$2" 'BEGIN { printf "%.1f", (3 * a + (256 - p) * a / 256) * 1000 }'
}

median()
{
	sort -g | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; else print "null" }'
}

# ---------------------------------------------------------------- cleanup

pid_alive()
{
	kill -0 "$1" 2>/dev/null
}

track_pid()
{
	echo "$1" >>"$W/pids"
}

# stop_tracked: SIGTERM to our processes (agents remove their VIPs), SIGKILL
# after 10 s; keepalived's children are found by parent PID.
stop_tracked()
{
	local pid all=() i p left

	[ -s "$W/pids" ] || return 0
	while read -r pid; do
		pid_alive "$pid" || continue
		all+=("$pid")
		# shellcheck disable=SC2207
		all+=($(pgrep -P "$pid" 2>/dev/null))
		kill -TERM "$pid" 2>/dev/null
	done <"$W/pids"
	for i in $(seq 100); do
		left=0
		for p in "${all[@]}"; do
			pid_alive "$p" && left=1
		done
		[ $left = 0 ] && break
		sleep 0.1
	done
	for p in "${all[@]}"; do
		pid_alive "$p" && kill -KILL "$p" 2>/dev/null
	done
	wait 2>/dev/null
	: >"$W/pids"
}

del_netns()
{
	local ns

	[ -s "$W/netns" ] || return 0
	while read -r ns; do
		[ -e "/run/netns/$ns" ] && ip netns del "$ns" 2>/dev/null
	done <"$W/netns"
	: >"$W/netns"
}

teardown()
{
	stop_tracked
	del_netns
}

cleanup()
{
	trap - EXIT INT TERM
	teardown
	[ -n "${W:-}" ] && rm -rf "$W"
}

# ---------------------------------------------------------------- topology

netns_add()
{
	ip netns add "$1" || die "cannot create namespace $1"
	echo "$1" >>"$W/netns"
	ip -n "$1" link set lo up
	# IPv4 VRRP: no DAD, MLD or RS chatter on the segments (FAMILY=6: see topo).
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

seg_addr()	# seg_addr K NODE(1 r1, 2 r2, 3 client)
{
	echo "192.0.2.$(( 16 * $1 + $2 ))"
}

vip_net()	# vip_net K: the /24 the VIPs of segment K come from
{
	if [ $(( $1 % 2 )) = 0 ]; then echo 198.51.100; else echo 203.0.113; fi
}

nsegs()		# nsegs N
{
	echo $(( ($1 + VIPS_PER_SEG - 1) / VIPS_PER_SEG ))
}

# topo K: switch with K bridges; r1, r2 and the client with one veth each per bridge.
topo()
{
	local k=$1 s node i

	NS_SW=${PFX}sw NS_R1=${PFX}r1 NS_R2=${PFX}r2 NS_C=${PFX}c
	for node in "$NS_SW" "$NS_R1" "$NS_R2" "$NS_C"; do
		netns_add "$node"
	done
	for s in $(seq 0 $((k - 1))); do
		ip -n "$NS_SW" link add "br$s" type bridge stp_state 0 forward_delay 0 \
			mcast_snooping 0 || die "cannot create bridge"
		ip -n "$NS_SW" link set "br$s" up
		i=1
		for node in r1 r2 c; do
			ip -n "$NS_SW" link add "${node}p$s" type veth peer name "eth$s" \
				netns "${PFX}$node" || die "cannot create veth"
			ip -n "$NS_SW" link set "${node}p$s" master "br$s" up
			ip -n "${PFX}$node" addr add "$(seg_addr "$s" $i)/28" dev "eth$s"
			ip -n "${PFX}$node" link set "eth$s" up
			# IPv6 instances: a link-local address at once (no DAD).
			[ "$FAMILY" = 6 ] && ip netns exec "${PFX}$node" sysctl -qw \
				"net.ipv6.conf.eth$s.accept_dad=0" "net.ipv6.conf.eth$s.disable_ipv6=0"
			i=$((i + 1))
		done
	done
	ip -n "$NS_C" route add "$(vip_net 0).0/24" dev eth0
	[ "$FAMILY" = 6 ] && ip -n "$NS_C" addr add "$CLIENT6/64" dev eth0 nodad
	return 0
}

link_local()	# link_local NS: the IPv6 link-local address of NS's eth0
{
	ip -n "$1" -o -6 addr show dev eth0 scope link | awk '{ sub(/\/.*/, "", $4); print $4; exit }'
}

cut_cmd()	# cut_cmd K: shell command setting r1's K bridge ports down, in one ip -batch
{
	local s

	: >"$W/cut.batch"
	for s in $(seq 0 $(($1 - 1))); do
		echo "link set r1p$s down" >>"$W/cut.batch"
	done
	# One process for every port: 16 `ip` runs took 120 ms, while r1 still advertised.
	echo "ip -n $NS_SW -batch $W/cut.batch"
}

# ---------------------------------------------------------------- configs

# gen_conf FILE PRIORITY ADVERT_INT N: the keepalived.conf both agents read
# (FAMILY=6: an IPv6 VIP makes each instance IPv6, VRRPv3).
gen_conf()
{
	local file=$1 prio=$2 adv=$3 n=$4

	awk -v prio="$prio" -v adv="$adv" -v n="$n" -v per="$VIPS_PER_SEG" -v fam="$FAMILY" 'BEGIN {
		print "global_defs {\n\tvrrp_version 3\n}"
		for (j = 0; j < n; j++) {
			s = int(j / per); i = j % per + 1
			net = (s % 2) ? "203.0.113" : "198.51.100"
			printf "\nvrrp_instance VI_%d_%d {\n", s, i
			printf "\tstate BACKUP\n\tinterface eth%d\n\tvirtual_router_id %d\n", s, i
			printf "\tpriority %d\n\tadvert_int %s\n", prio, adv
			if (fam == 6)
				printf "\tvirtual_ipaddress {\n\t\t2001:db8::%x/64\n\t}\n}\n", i
			else
				printf "\tvirtual_ipaddress {\n\t\t%s.%d/32\n\t}\n}\n", net, i
		}
	}' >"$file"
}

# ---------------------------------------------------------------- agents

# start_agent AGENT NS CONF [XVRRP_ARGS...]: AGENT_PID[NS] is the agent's main PID.
declare -A AGENT_PID=() AGENT_LOG=()
start_agent()
{
	local agent=$1 ns=$2 conf=$3 dir

	shift 3
	dir=$W/$agent-${ns#"$PFX"}
	mkdir -p "$dir"
	AGENT_LOG[$ns]=$dir/log
	if [ "$agent" = keepalived ]; then
		ip netns exec "$ns" "$KEEPALIVED" -n -l -D -G -f "$conf" -p "$dir/k.pid" \
			-r "$dir/v.pid" -c "$dir/c.pid" >"$dir/log" 2>&1 &
	else
		ip netns exec "$ns" "$XVRRP" attach --config "$conf" --foreground "$@" \
			>"$dir/log" 2>&1 &
	fi
	AGENT_PID[$ns]=$!
	track_pid "$!"
}

# agent_pids NS: the agent's processes (keepalived: parent and VRRP child).
agent_pids()
{
	local p=${AGENT_PID[$1]}

	echo "$p" $(pgrep -P "$p" 2>/dev/null)
}

cpu_ticks()	# cpu_ticks PID...: utime + stime, in clock ticks
{
	local p t=0 v

	for p in "$@"; do
		v=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$p/stat" 2>/dev/null)
		t=$((t + ${v:-0}))
	done
	echo $t
}

rss_kb()	# rss_kb PID...
{
	local p t=0 v

	for p in "$@"; do
		v=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null)
		t=$((t + ${v:-0}))
	done
	echo $t
}

softirq_ticks()	# machine-wide softirq time (XDP and the kernel's ARP run there)
{
	awk '/^cpu / { print $8 }' /proc/stat
}

cpu_pct()	# cpu_pct TICKS MS
{
	awk -v t="$1" -v ms="$2" -v hz="$HZ" 'BEGIN { printf "%.2f", ms ? t / hz * 100000 / ms : 0 }'
}

# transitions NS: state changes the agent logged so far.
transitions()
{
	grep -cE ' -> (MASTER|BACKUP|FAULT|INIT)|Entering (MASTER|BACKUP|FAULT) STATE' \
		"${AGENT_LOG[$1]}" 2>/dev/null
}

vip_count()	# vip_count NS: VIPs (from our /24s, as /32; FAMILY=6: 2001:db8::i/64) configured on NS
{
	if [ "$FAMILY" = 6 ]; then
		ip -n "$1" -o -6 addr show 2>/dev/null | grep -cE ' inet6 2001:db8::[0-9a-f]+/64'
	else
		ip -n "$1" -o -4 addr show 2>/dev/null | grep -cE ' inet (198\.51\.100|203\.0\.113)\.[0-9]+/32'
	fi
}

# converge N TIMEOUT_S: r1 holds all N VIPs, r2 none.
converge()
{
	wait_for "[ \$(vip_count $NS_R1) -eq $1 ] && [ \$(vip_count $NS_R2) -eq 0 ]" "$2"
}

# pair AGENT N ADVERT_INT [XVRRP_ARGS...]: topology, configs, r2 then r1, converged.
pair()
{
	local agent=$1 n=$2 adv=$3 k mdi

	shift 3
	k=$(nsegs "$n")
	topo "$k"
	gen_conf "$W/r1.conf" $PRIO_MASTER "$adv" "$n"
	gen_conf "$W/r2.conf" $PRIO_BACKUP "$adv" "$n"
	start_agent "$agent" "$NS_R2" "$W/r2.conf" "$@"
	start_agent "$agent" "$NS_R1" "$W/r1.conf" "$@"
	mdi=$(mdi_ms $PRIO_BACKUP "$adv")
	if ! converge "$n" "$(awk -v m="$mdi" 'BEGIN { print m / 1000 * 2 + 20 }')"; then
		say "$agent: no convergence (r1 $(vip_count "$NS_R1")/$n VIPs, r2 $(vip_count "$NS_R2")); log tail:"
		grep -v '^libbpf' "${AGENT_LOG[$NS_R1]}" | tail -n 3 >&2
		return 1
	fi
	# The election's gratuitous ARPs and keepalived's delayed second set
	# (garp_master_delay) are not part of what we measure.
	sleep 1
	return 0
}

# ---------------------------------------------------------------- results

RESULTS=
# emit SCENARIO PARAMS AGENT JSON_OBJECT: one row of the table.
emit()
{
	local row

	row=$(jq -cn --arg s "$1" --arg p "$2" --arg a "$3" --argjson m "$4" --arg l "$(loadavg)" \
		'{scenario: $s, params: $p, agent: $a, loadavg: ($l | tonumber)} + $m') || return
	echo "$row" >>"$RESULTS"
	printf '%-10s %-18s %-12s %s\n' "$1" "$2" "$3" \
		"$(jq -r '[to_entries[] | select(.key | IN("scenario","params","agent","loadavg") | not) | "\(.key)=\(.value)"] + ["load=\(.loadavg)"] | join(" ")' <<<"$row")"
}

# ---------------------------------------------------------------- scenarios

# 1. Failover gap: one VIP. The client pings it every 1 ms (the outage a user
# sees) while `probe mass` cuts r1's link and times, from the client, when the
# VIP answers again relative to its deadline: r1's last advert + MDI.
bench_failover()
{
	failover_rows failover 4
}

# 1b. The same with one IPv6 instance (VRRPv3 over IPv6): ICMPv6 echo, and
# neighbour solicitations and advertisements where the IPv4 rows use ARP.
bench_failover6()
{
	failover_rows failover6 6
}

# failover_rows SCENARIO FAMILY: the failover rows of one address family.
failover_rows()
{
	local scenario=$1 FAMILY=$2 adv agent mdi gaps lates g r m secs cut_after vip old

	for adv in $FAILOVER_ADVS; do
		mdi=$(mdi_ms $PRIO_BACKUP "$adv")
		cut_after=$(awk -v a="$adv" 'BEGIN { print 2 * a + 0.5 }')
		secs=$(awk -v c="$cut_after" -v m="$mdi" 'BEGIN { print c + m / 1000 + 1.5 }')
		for agent in "${AGENTS[@]}"; do
			say "$scenario: $agent, advert_int $adv, $FAILOVER_RUNS runs"
			pair "$agent" 1 "$adv" || { teardown; continue; }
			# The VIP, and the address r1 advertises from (IPv6: its link-local one).
			if [ "$FAMILY" = 6 ]; then
				vip=$VIP6 old=$(link_local "$NS_R1")
			else
				vip=$(vip_net 0).1 old=$(seg_addr 0 1)
			fi
			gaps=() lates=()
			for _ in $(seq "$FAILOVER_RUNS"); do
				ip netns exec "$NS_C" "$PROBE" ping eth0 "$vip" 1000 "$secs" \
					>"$W/ping.json" 2>>"$W/probe.err" &
				r=$!
				track_pid $r
				ip netns exec "$NS_C" "$PROBE" mass "$secs" "$cut_after" "$mdi" 2000 \
					"$(cut_cmd 1)" "eth0,$old,$vip,1" \
					>"$W/mass.json" 2>>"$W/probe.err" &
				m=$!
				track_pid $m
				wait_for "! pid_alive $r && ! pid_alive $m" "$(awk -v s="$secs" 'BEGIN { print s + 5 }')" ||
					kill $r $m 2>/dev/null
				wait $r $m 2>/dev/null
				g=$(jq -r .max_gap_ms "$W/ping.json" 2>/dev/null)
				gaps+=("${g:-null}")
				g=$(jq -r 'if .live == 1 then .late_first_ms else null end' "$W/mass.json" 2>/dev/null)
				lates+=("${g:-null}")
				ip -n "$NS_SW" link set r1p0 up
				# r1 preempts back (its own Master_Down_Interval after the link returns).
				converge 1 "$(awk -v m="$mdi" 'BEGIN { print m / 1000 * 3 + 5 }')" ||
					say "$agent: r1 did not take the VIP back"
				sleep "$(awk -v a="$adv" 'BEGIN { print (a < 0.2) ? 0.3 : 1.5 }')"
			done
			emit "$scenario" "adv=$adv" "$agent" "$(jq -cn --argjson mdi "$mdi" \
				--argjson med "$(printf '%s\n' "${gaps[@]}" | grep -v null | median)" \
				--argjson late "$(printf '%s\n' "${lates[@]}" | grep -v null | median)" \
				--arg runs "${gaps[*]}" --arg lruns "${lates[*]}" \
				'{mdi_ms: $mdi, gap_median_ms: $med, late_median_ms: $late,
				  gaps_ms: $runs, late_ms: $lruns}')"
			teardown
		done
	done
}

# 2 + 3. Steady state for STEADY_S, then a mass failover, on the same pair.
bench_scale()
{
	local n adv agent k mdi t0 t1 c1 c2 b1 b2 tr1 tr2 segs s sniff probe_secs cut_after

	for adv in $SCALE_ADVS; do
		mdi=$(mdi_ms $PRIO_BACKUP "$adv")
		for n in $SCALE_NS $([ "$adv" = 0.1 ] && [ -z "${BENCH_NS:-}" ] && echo "${SCALE_BIG:-}"); do
			k=$(nsegs "$n")
			for agent in "${AGENTS[@]}"; do
				say "steady + mass failover: $agent, N=$n, advert_int $adv"
				pair "$agent" "$n" "$adv" || { teardown; continue; }
				# Steady state: CPU of each router's agent, adverts on the wire.
				tr1=$(transitions "$NS_R1") tr2=$(transitions "$NS_R2")
				# shellcheck disable=SC2046
				PROBE_EXPECT_MS=$(awk -v a="$adv" 'BEGIN { print a * 1000 }') \
				ip netns exec "$NS_C" "$PROBE" sniff "$STEADY_S" any $(seq -f 'eth%g' 0 $((k - 1))) \
					>"$W/sniff.json" 2>>"$W/probe.err" &
				sniff=$!
				track_pid $sniff
				t0=$(now_ms)
				# shellcheck disable=SC2046
				c1=$(cpu_ticks $(agent_pids "$NS_R1")) b1=$(cpu_ticks $(agent_pids "$NS_R2"))
				wait_for "! pid_alive $sniff" $((STEADY_S + 5)) || kill $sniff 2>/dev/null
				wait $sniff 2>/dev/null
				t1=$(now_ms)
				# shellcheck disable=SC2046
				c2=$(cpu_ticks $(agent_pids "$NS_R1")) b2=$(cpu_ticks $(agent_pids "$NS_R2"))
				# shellcheck disable=SC2046
				emit steady "N=$n adv=$adv" "$agent" "$(jq -c \
					--argjson mc "$(cpu_pct $((c2 - c1)) $((t1 - t0)))" \
					--argjson bc "$(cpu_pct $((b2 - b1)) $((t1 - t0)))" \
					--argjson mr "$(rss_kb $(agent_pids "$NS_R1"))" \
					--argjson br "$(rss_kb $(agent_pids "$NS_R2"))" \
					--argjson exp "$(awk -v n="$n" -v a="$adv" 'BEGIN { print n / a }')" \
					--argjson sp "$(( $(transitions "$NS_R1") - tr1 + $(transitions "$NS_R2") - tr2 ))" \
					'{master_cpu_pct: $mc, backup_cpu_pct: $bc, master_rss_kb: $mr, backup_rss_kb: $br,
					  adverts_per_s: .per_s, expected_per_s: $exp, vrids_seen: .vrids, missed: .missed,
					  interval_p99_ms: .interval_p99_ms, interval_max_ms: .interval_max_ms,
					  spurious_transitions: $sp}' "$W/sniff.json" 2>/dev/null || echo '{}')"

				# BENCH_HOLD_S: time to look at the steady pair (bpftool, strace) by hand.
				[ -n "${BENCH_HOLD_S:-}" ] && { say "holding $BENCH_HOLD_S s: $NS_R1 $NS_R2"; sleep "$BENCH_HOLD_S"; }
				# Mass failover: cut every port of r1; per VIP, when it answers ARP
				# again, relative to (last advert of r1 for its VRID) + MDI.
				segs=()
				for s in $(seq 0 $((k - 1))); do
					local cnt=$(( n - s * VIPS_PER_SEG ))

					[ $cnt -gt $VIPS_PER_SEG ] && cnt=$VIPS_PER_SEG
					segs+=("eth$s,$(seg_addr "$s" 1),$(vip_net "$s").1,$cnt")
				done
				cut_after=$(awk -v a="$adv" 'BEGIN { print 2 * a + 0.5 }')
				probe_secs=$(awk -v c="$cut_after" -v m="$mdi" 'BEGIN { print c + m / 1000 + 4 }')
				PROBE_DUMP=${PROBE_DUMP:+$PROBE_DUMP.$agent.$n} \
				ip netns exec "$NS_C" "$PROBE" mass "$probe_secs" "$cut_after" "$mdi" 20000 \
					"$(cut_cmd "$k")" "${segs[@]}" >"$W/mass.json" 2>>"$W/probe.err" &
				sniff=$!
				track_pid $sniff
				wait_for "! pid_alive $sniff" "$(awk -v s="$probe_secs" 'BEGIN { print s + 10 }')" ||
					kill $sniff 2>/dev/null
				wait $sniff 2>/dev/null
				emit mass "N=$n adv=$adv" "$agent" "$(jq -c '{mdi_ms, vips, live, missing,
					late_first_ms, late_median_ms, late_last_ms, first_by_garp, no_advert_seen,
					sampled, sampled_median_ms, sampled_last_ms, answer_median_ms, answer_last_ms,
					ask_lag_median_ms, ask_lag_last_ms}' \
					"$W/mass.json" 2>/dev/null || echo '{}')"
				teardown
			done
		done
	done
}

# 4. Junk: max-rate bogus protocol-112 frames from the client while r1/r2 run
# one instance at advert_int 0.1; then 50 pkt/s of invalid frames only.
bench_junk()
{
	local agent mode rate args c1 c2 b1 b2 t0 t1 tr1 tr2 sniff junk rcv1 rcv2 extra

	for agent in "${AGENTS[@]}"; do
		say "junk: $agent"
		pair "$agent" 1 0.1 || { teardown; continue; }
		for mode in 50pps-invalid max; do
			if [ $mode = max ]; then rate=0 args=(); else rate=50 args=(invalid-only); fi
			tr1=$(transitions "$NS_R1") tr2=$(transitions "$NS_R2")
			rcv1=$(xvrrp_advert_rcvd "$agent")
			# The backup's view: adverts from r1 that reach r2's interface.
			PROBE_EXPECT_MS=100 ip netns exec "$NS_R2" "$PROBE" sniff "$JUNK_S" "$(seg_addr 0 1)" eth0 \
				>"$W/sniff.json" 2>>"$W/probe.err" &
			sniff=$!
			track_pid $sniff
			t0=$(now_ms)
			# shellcheck disable=SC2046
			c1=$(cpu_ticks $(agent_pids "$NS_R1")) b1=$(cpu_ticks $(agent_pids "$NS_R2"))
			ip netns exec "$NS_C" "$PROBE_JUNK" eth0 "$(seg_addr 0 3)" 1 "$rate" 100000000 \
				"$JUNK_S" "${args[@]}" >"$W/junk.json" 2>>"$W/probe.err" &
			junk=$!
			track_pid $junk
			wait_for "! pid_alive $sniff && ! pid_alive $junk" $((JUNK_S + 5)) ||
				kill $sniff $junk 2>/dev/null
			wait $sniff $junk 2>/dev/null
			t1=$(now_ms)
			# shellcheck disable=SC2046
			c2=$(cpu_ticks $(agent_pids "$NS_R1")) b2=$(cpu_ticks $(agent_pids "$NS_R2"))
			rcv2=$(xvrrp_advert_rcvd "$agent")
			extra='{}'
			[ -n "$rcv1" ] && [ -n "$rcv2" ] &&
				extra="{\"backup_advert_rcvd\": $((rcv2 - rcv1))}"
			emit junk "$mode" "$agent" "$(jq -cs \
				--argjson mc "$(cpu_pct $((c2 - c1)) $((t1 - t0)))" \
				--argjson bc "$(cpu_pct $((b2 - b1)) $((t1 - t0)))" \
				--argjson sp "$(( $(transitions "$NS_R1") - tr1 + $(transitions "$NS_R2") - tr2 ))" \
				--argjson exp "$(awk -v s="$JUNK_S" 'BEGIN { print s / 0.1 }')" \
				--argjson x "$extra" \
				'{junk_pps: .[1].pps, master_cpu_pct: $mc, backup_cpu_pct: $bc,
				  adverts_at_backup: .[0].adverts, expected: $exp,
				  missed: .[0].missed, interval_max_ms: .[0].interval_max_ms,
				  spurious_transitions: $sp} + $x' "$W/sniff.json" "$W/junk.json" 2>/dev/null || echo '{}')"
		done
		teardown
	done
}

# xvrrp_advert_rcvd AGENT: the backup's advert_rcvd counter (xvrrp only).
xvrrp_advert_rcvd()
{
	[ "$1" = xvrrp ] || return 0
	timeout 5 ip netns exec "$NS_R2" "$XVRRP" stats --json 2>/dev/null |
		jq -r '[.instances[].counters.advert_rcvd] | add // empty' 2>/dev/null
}

# 5. ARP answering: the client asks for 250 VIPs of r1 as fast as it can.
bench_arp()
{
	local agent label c1 c2 s1 s2 t0 t1 fl xargs

	for label in xvrrp keepalived xvrrp-native; do
		agent=${label%-native}
		xargs=()
		[ "$label" = xvrrp-native ] && xargs=(--xdp-mode native)
		say "arp: $label"
		pair "$agent" 250 1 "${xargs[@]}" || { teardown; continue; }
		if [ "$label" = xvrrp-native ]; then
			# XDP_TX on veth reaches the peer only if the peer runs native XDP.
			ip -n "$NS_SW" link set dev r1p0 xdpdrv obj "$XDP_PASS" sec xdp 2>>"$W/probe.err" ||
				{ say "cannot attach XDP_PASS to r1p0"; teardown; continue; }
		fi
		t0=$(now_ms)
		# shellcheck disable=SC2046
		c1=$(cpu_ticks $(agent_pids "$NS_R1")) s1=$(softirq_ticks)
		ip netns exec "$NS_C" "$PROBE" arpflood eth0 "$(seg_addr 0 3)" "$(vip_net 0).1" 250 "$ARP_S" \
			>"$W/arp.json" 2>>"$W/probe.err" &
		fl=$!
		track_pid $fl
		wait_for "! pid_alive $fl" $((ARP_S + 5)) || kill $fl 2>/dev/null
		wait $fl 2>/dev/null
		t1=$(now_ms)
		# shellcheck disable=SC2046
		c2=$(cpu_ticks $(agent_pids "$NS_R1")) s2=$(softirq_ticks)
		emit arp "250 VIPs" "$label" "$(jq -c \
			--argjson ac "$(cpu_pct $((c2 - c1)) $((t1 - t0)))" \
			--argjson si "$(cpu_pct $((s2 - s1)) $((t1 - t0)))" \
			'{requests_per_s: .sent_pps, replies_per_s, best_second, agent_cpu_pct: $ac,
			  machine_softirq_pct: $si,
			  softirq_us_per_reply: (if .replies_per_s > 0 then ($si * 10000 / .replies_per_s * 100 | round / 100) else null end)}' "$W/arp.json" 2>/dev/null || echo '{}')"
		teardown
	done
}

# ---------------------------------------------------------------- main

print_table()
{
	echo
	echo "== xvrrp vs keepalived ($(date -u +%F), $(nproc) CPUs, kernel $(uname -r)$([ $QUICK = 1 ] && echo ', quick'))"
	jq -r '[.scenario, .params, .agent,
		([to_entries[] | select(.key | IN("scenario","params","agent","loadavg") | not)
		  | "\(.key)=\(.value)"] | join(" ")), "load=\(.loadavg)"] | @tsv' "$RESULTS" |
		awk -F'\t' '{ printf "%-9s %-17s %-12s %s %s\n", $1, $2, $3, $4, $5 }'
}

main()
{
	local start stamp

	[ "$(id -u)" -eq 0 ] || die "needs root (network namespaces, XDP)"
	[ -x "$XVRRP" ] || die "$XVRRP not found: run make first"
	for c in "$KEEPALIVED" jq gcc clang ip awk; do
		command -v "$c" >/dev/null 2>&1 || die "$c is not installed (.ci/install-deps installs it)"
	done
	W=$(mktemp -d "${TMPDIR:-/tmp}/xvrrp-bench.XXXXXX")
	: >"$W/pids"
	: >"$W/netns"
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	mkdir -p "$OUT"
	PROBE=$OUT/probe PROBE_JUNK=$OUT/junk XDP_PASS=$OUT/xdp_pass.bpf.o
	gcc -O2 -Wall -Wextra -Werror -pthread -o "$PROBE" "$BENCH_DIR/probe.c" || die "cannot build probe"
	gcc -O2 -Wall -Wextra -Werror -o "$PROBE_JUNK" "$BENCH_DIR/junk.c" || die "cannot build junk"
	clang -O2 -g -target bpf -idirafter "/usr/include/$(gcc -print-multiarch)" \
		-c "$REPO_DIR/selftests/xdp_pass.bpf.c" -o "$XDP_PASS" || die "cannot build xdp_pass"
	stamp=$(date -u +%Y%m%dT%H%M%SZ)
	RESULTS=$OUT/bench-$stamp.jsonl
	: >"$RESULTS"
	start=$(now_ms)
	echo "xvrrp bench$([ $QUICK = 1 ] && echo ' (quick)'): results in $RESULTS"
	printf '%-10s %-18s %-12s %s\n' scenario params agent figures
	for s in ${BENCH_ONLY:-failover failover6 scale junk arp}; do
		"bench_$s"
	done
	print_table
	jq -s --arg date "$stamp" --arg kernel "$(uname -r)" --arg cpus "$(nproc)" \
		--arg model "$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)" \
		--argjson quick "$QUICK" \
		'{date: $date, kernel: $kernel, cpus: ($cpus | tonumber), cpu_model: $model, quick: ($quick == 1), results: .}' \
		"$RESULTS" >"$OUT/bench-$stamp.json" && ln -sf "bench-$stamp.json" "$OUT/latest.json"
	echo "total $(( ($(now_ms) - start) / 1000 )) s; JSON: $OUT/bench-$stamp.json"
}

[ "${BENCH_SOURCE_ONLY:-0}" = 1 ] || main "$@"
