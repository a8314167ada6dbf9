# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034  # variables here are used by the test files
#
# Helpers for the xvrrp network-namespace selftests (sourced, not run).
#
# Every test runs in its own bash process with its own namespace prefix
# ($PFX) and its own directory ($T_DIR). Each process or namespace we create
# is written down there ($T_DIR/pids, $T_DIR/netns), and lib_cleanup removes
# exactly those, whatever way the test ends. Nothing else on the host is
# touched: no pkill, no wildcard namespace deletion.
#
# Topology built by topo_create N:
#
#   ${PFX}r1 eth0 192.0.2.1/24 --veth-- r1 \
#   ${PFX}r2 eth0 192.0.2.2/24 --veth-- r2  br0  (in ${PFX}sw, the "switch")
#   ${PFX}c  eth0 192.0.2.200/24 -veth-- c  /
#
# The virtual address used by every test is $VIP (192.0.2.100).

SELFTEST_DIR=${SELFTEST_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
REPO_DIR=${REPO_DIR:-$(cd "$SELFTEST_DIR/.." && pwd)}
XVRRP=${XVRRP:-$REPO_DIR/build/xvrrp}
KEEPALIVED=${KEEPALIVED:-keepalived}

VIP=192.0.2.100
VRID=51
CLIENT_ADDR=192.0.2.200

# Exit code meaning "skipped" (as in xdp-tools' test runner).
SKIP_RC=249

PFX=${PFX:-xv$$-}
T_DIR=${T_DIR:-}
T_START_MS=0

declare -A XV_PID=()   # namespace -> pid of the xvrrp daemon we started there
declare -A KA_PID=()   # namespace -> pid of the keepalived we started there

# ---------------------------------------------------------------- basics

now_ms()
{
	local t=$EPOCHREALTIME

	t=${t/[.,]/}
	echo $((10#$t / 1000))
}

say()
{
	local ms=$(( $(now_ms) - T_START_MS ))

	printf '[%3d.%03d] %s\n' $((ms / 1000)) $((ms % 1000)) "$*"
}

# fail REASON: end the test as failed; REASON is what the runner prints.
fail()
{
	[ -n "$T_DIR" ] && printf '%s\n' "$*" >"$T_DIR/reason"
	say "FAIL: $*"
	exit 1
}

# note TEXT: a result worth showing next to PASS (a measured time, a mode).
note()
{
	[ -n "$T_DIR" ] && printf '%s\n' "$*" >>"$T_DIR/notes"
	say "$*"
}

# skip REASON: end the test as skipped.
skip()
{
	[ -n "$T_DIR" ] && printf '%s\n' "$*" >"$T_DIR/reason"
	say "SKIP: $*"
	exit $SKIP_RC
}

require_root()
{
	[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces, XDP)"
}

require_cmd()
{
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "$c is not installed (.ci/install-deps installs it)"
	done
}

require_xvrrp()
{
	[ -x "$XVRRP" ] || fail "$XVRRP not found or not executable: run make first"
}

# ms_of SECONDS: "0.35" -> 350
ms_of()
{
	awk -v s="$1" 'BEGIN { printf "%d\n", s * 1000 + 0.5 }'
}

# wait_for CONDITION TIMEOUT_S: evaluate CONDITION (a shell command line)
# every 20 ms until it succeeds (return 0) or TIMEOUT_S passes (return 1).
# WAITED_MS holds how long it took either way.
wait_for()
{
	local cond=$1 limit start

	limit=$(ms_of "$2")
	start=$(now_ms)
	while :; do
		if eval "$cond" >/dev/null 2>&1; then
			WAITED_MS=$(( $(now_ms) - start ))
			return 0
		fi
		WAITED_MS=$(( $(now_ms) - start ))
		[ "$WAITED_MS" -ge "$limit" ] && return 1
		sleep 0.02
	done
}

# hold_for CONDITION SECONDS: CONDITION must stay true for SECONDS (checked
# every 50 ms). Return 1 at the first moment it is false.
hold_for()
{
	local cond=$1 limit start

	limit=$(ms_of "$2")
	start=$(now_ms)
	while [ $(( $(now_ms) - start )) -lt "$limit" ]; do
		eval "$cond" >/dev/null 2>&1 || return 1
		sleep 0.05
	done
	eval "$cond" >/dev/null 2>&1
}

# ---------------------------------------------------------------- lifecycle

# lib_init: called once by the runner in the test's process.
lib_init()
{
	if [ -z "$T_DIR" ]; then
		T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/xvrrp-selftest.XXXXXX")
		T_DIR_OWNED=1
	fi
	: >>"$T_DIR/pids"
	: >>"$T_DIR/netns"
	T_START_MS=$(now_ms)
	trap lib_cleanup EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
}

track_pid()
{
	echo "$1 $2" >>"$T_DIR/pids"
}

track_netns()
{
	echo "$1" >>"$T_DIR/netns"
}

pid_alive()
{
	kill -0 "$1" 2>/dev/null
}

# lib_kill_tracked DIR: stop every process listed in DIR/pids that still
# runs: SIGTERM (so daemons remove what they added), then SIGKILL after 5 s.
# Children of a listed process (keepalived's VRRP child) go the same way.
lib_kill_tracked()
{
	local dir=$1 pid kids=() all=() i

	[ -f "$dir/pids" ] || return 0
	while read -r pid _; do
		[ -n "$pid" ] || continue
		pid_alive "$pid" || continue
		all+=("$pid")
		# shellcheck disable=SC2207
		kids+=($(pgrep -P "$pid" 2>/dev/null))
		kill -TERM "$pid" 2>/dev/null
	done <"$dir/pids"
	for i in $(seq 50); do
		local left=0 p

		for p in "${all[@]}" "${kids[@]}"; do
			pid_alive "$p" && left=1
		done
		[ $left -eq 0 ] && break
		sleep 0.1
	done
	for pid in "${all[@]}" "${kids[@]}"; do
		pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null
	done
	return 0
}

# lib_del_tracked_netns DIR: delete exactly the namespaces listed in DIR/netns.
lib_del_tracked_netns()
{
	local dir=$1 ns

	[ -f "$dir/netns" ] || return 0
	while read -r ns; do
		[ -n "$ns" ] || continue
		[ -e "/run/netns/$ns" ] && ip netns del "$ns" 2>/dev/null
	done <"$dir/netns"
	return 0
}

lib_cleanup()
{
	local rc=$?

	trap - EXIT TERM INT
	lib_kill_tracked "$T_DIR"
	# Reap our own children so bash does not report them.
	wait 2>/dev/null
	lib_del_tracked_netns "$T_DIR"
	[ "${T_DIR_OWNED:-0}" = 1 ] && rm -rf "$T_DIR"
	exit $rc
}

# ---------------------------------------------------------------- topology

netns_add()
{
	ip netns add "$1" || fail "cannot create network namespace $1"
	track_netns "$1"
	ip -n "$1" link set lo up
}

# topo_create N: switch, N routers (NS_R1..NS_RN), a client (NS_C).
topo_create()
{
	local n=$1 i ns

	NS_SW=${PFX}sw
	NS_C=${PFX}c
	netns_add "$NS_SW"
	ip -n "$NS_SW" link add name br0 type bridge stp_state 0 forward_delay 0 \
		mcast_snooping 0 || fail "cannot create bridge"
	ip -n "$NS_SW" link set br0 up
	ROUTERS=()
	for i in $(seq 1 "$n"); do
		ns=${PFX}r$i
		eval "NS_R$i=\$ns"
		ROUTERS+=("$ns")
		topo_add_node "$ns" "r$i" "192.0.2.$i/24"
	done
	topo_add_node "$NS_C" c "$CLIENT_ADDR/24"
	say "topology: switch $NS_SW, routers ${ROUTERS[*]}, client $NS_C"
}

# topo_add_node NS PORT ADDR: namespace NS whose eth0 is a veth to bridge
# port PORT in the switch namespace.
topo_add_node()
{
	local ns=$1 port=$2 addr=$3

	netns_add "$ns"
	ip -n "$NS_SW" link add name "$port" type veth peer name eth0 netns "$ns" ||
		fail "cannot create veth for $ns"
	ip -n "$NS_SW" link set "$port" master br0 up
	ip -n "$ns" addr add "$addr" dev eth0
	ip -n "$ns" link set eth0 up
	# No IPv6 chatter (DAD, MLD, RS) on a test segment that carries IPv4 VRRP.
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
}

port_of()
{
	echo "${1#"$PFX"}"
}

# cut_link NS: the node's bridge port goes down, as if its cable were pulled
# (TESTING.md: a dead node is simulated this way, never by SIGKILL).
cut_link()
{
	ip -n "$NS_SW" link set "$(port_of "$1")" down || fail "cannot cut link of $1"
	say "link of $1 cut"
}

restore_link()
{
	ip -n "$NS_SW" link set "$(port_of "$1")" up || fail "cannot restore link of $1"
	say "link of $1 restored"
}

mac_of()
{
	ip -n "$1" -o link show dev "${2:-eth0}" |
		sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p'
}

# has_vip NS [ADDR]: the address is on NS's eth0.
has_vip()
{
	ip -n "$1" -o -4 addr show dev eth0 2>/dev/null | grep -qF " inet ${2:-$VIP}/"
}

# vip_holders: the namespaces (among ROUTERS) that hold $VIP right now.
vip_holders()
{
	local ns out=()

	for ns in "${ROUTERS[@]}"; do
		has_vip "$ns" && out+=("$ns")
	done
	echo "${out[*]}"
}

# only_holder NS: NS is the one router holding the VIP.
only_holder()
{
	[ "$(vip_holders)" = "$1" ]
}

# xdp_mode_of NS [DEV]: none, native, generic, offload or multi.
xdp_mode_of()
{
	local m

	m=$(ip -n "$1" -j -d link show dev "${2:-eth0}" | jq -r '.[0].xdp.mode // 0')
	case $m in
	1) echo native ;;
	2) echo generic ;;
	3) echo offload ;;
	4) echo multi ;;
	*) echo none ;;
	esac
}

# xdp_pass_obj [VERDICT]: build selftests/xdp_pass.bpf.c once per test
# directory; with VERDICT (XDP_DROP), the variant that returns it.
xdp_pass_obj()
{
	local v=${1:-XDP_PASS} obj

	obj=$T_DIR/xdp_pass-$v.bpf.o
	if [ ! -f "$obj" ]; then
		clang -O2 -g -target bpf -idirafter "/usr/include/$(gcc -print-multiarch)" \
			-DXDP_VERDICT="$v" -c "$SELFTEST_DIR/xdp_pass.bpf.c" -o "$obj" >"$T_DIR/xdp_pass.log" 2>&1 ||
			fail "cannot build xdp_pass.bpf.c: $(head -3 "$T_DIR/xdp_pass.log")"
	fi
	echo "$obj"
}

# attach_xdp_pass PEERDEV NS: a native XDP_PASS program on PEERDEV (in NS),
# which lets frames that a native XDP program on the other end sends with
# XDP_TX reach it (TESTING.md, "XDP_TX on veth"). A netlink attach: it goes
# away with the namespace.
attach_xdp_pass()
{
	local obj

	obj=$(xdp_pass_obj) || exit 1
	ip -n "$2" link set dev "$1" xdpdrv obj "$obj" sec xdp ||
		fail "cannot attach XDP_PASS to $1 in $2"
}

# silence_node NS: every frame NS sends is dropped as it enters the bridge
# (XDP_DROP on its bridge port); its carrier stays up and it still hears the
# others. unsilence_node NS ends it (the port keeps a native XDP_PASS, so
# frames NS's XDP program sends with XDP_TX still arrive).
silence_node()
{
	local obj

	obj=$(xdp_pass_obj XDP_DROP) || exit 1
	ip -force -n "$NS_SW" link set dev "$(port_of "$1")" xdpdrv obj "$obj" sec xdp ||
		fail "cannot silence $1"
	say "every frame of $1 is dropped on the bridge (carrier up)"
}

unsilence_node()
{
	local obj

	obj=$(xdp_pass_obj) || exit 1
	ip -force -n "$NS_SW" link set dev "$(port_of "$1")" xdpdrv obj "$obj" sec xdp ||
		fail "cannot unsilence $1"
	say "frames of $1 pass the bridge again"
}

# ---------------------------------------------------------------- configs

# write_conf FILE PRIORITY ADVERT_INT [EXTRA_KEYWORD_LINE...]
# A keepalived.conf with one VRRPv3 instance VI_1 on eth0 for $VIP (or
# $CONF_VIP, address/prefix); both xvrrp and keepalived read it.
write_conf()
{
	local file=$1 prio=$2 adv=$3 line

	shift 3
	{
		echo "global_defs {"
		echo "	vrrp_version 3"
		echo "}"
		echo ""
		echo "vrrp_instance VI_1 {"
		echo "	state BACKUP"
		echo "	interface eth0"
		echo "	virtual_router_id $VRID"
		echo "	priority $prio"
		echo "	advert_int $adv"
		for line in "$@"; do
			echo "	$line"
		done
		echo "	virtual_ipaddress {"
		echo "		${CONF_VIP:-$VIP/24}"
		echo "	}"
		echo "}"
	} >"$file"
}

# master_down_interval_ms PRIORITY ADVERT_INT: RFC 5798 section 6.1:
# 3 * Master_Adver_Interval + Skew_Time, Skew_Time = (256 - Priority) *
# Master_Adver_Interval / 256.
master_down_interval_ms()
{
	awk -v p="$1" -v a="$2" 'BEGIN { printf "%d\n", (3 * a + (256 - p) * a / 256) * 1000 + 0.5 }'
}

# ---------------------------------------------------------------- xvrrp

# xv NS ARGS...: run the xvrrp CLI in NS, never for more than 5 s.
xv()
{
	local ns=$1

	shift
	timeout 5 ip netns exec "$ns" "$XVRRP" "$@"
}

xv_json()
{
	xv "$1" status --json 2>/dev/null
}

# xv_field NS FIELD: FIELD of instance VI_1 in `xvrrp status --json`.
xv_field()
{
	xv_json "$1" | jq -er --arg f "$2" \
		'.instances[] | select(.name == "VI_1") | .[$f] | if type == "array" then join(",") else tostring end'
}

xv_state()
{
	xv_field "$1" state
}

xv_state_is()
{
	[ "$(xv_state "$1")" = "$2" ]
}

# start_xvrrp NS CONF [ARGS...]: run `xvrrp attach --config CONF
# --foreground ARGS` in NS in the background and wait until it answers
# `xvrrp status`. Fails the test (with the daemon's last log lines) if it
# exits or does not answer within 10 s.
start_xvrrp()
{
	local ns=$1 conf=$2 log pid

	shift 2
	log=$T_DIR/xvrrp-$(port_of "$ns").log
	say "start: xvrrp attach --config $(basename "$conf") --foreground $* (in $ns)"
	ip netns exec "$ns" "$XVRRP" attach --config "$conf" --foreground "$@" >>"$log" 2>&1 &
	pid=$!
	track_pid "$pid" xvrrp
	XV_PID[$ns]=$pid
	wait_for "xvrrp_ready $ns $pid" 15
	if ! pid_alive "$pid"; then
		wait "$pid"
		fail "xvrrp attach in $ns exited with $? at start: $(log_tail "$log")"
	fi
	xvrrp_ready "$ns" "$pid" ||
		fail "xvrrp in $ns did not answer 'xvrrp status --json' within 15 s (daemon $(proc_where "$pid")): $(log_tail "$log")"
	say "xvrrp in $ns is up (pid $pid, state $(xv_state "$ns"))"
}

# log_tail LOG: the daemon's last own messages (libbpf's chatter left out).
log_tail()
{
	local t

	t=$(grep -v '^libbpf: ' "$1" | tail -n 3 | tr '\n' ' ')
	echo "${t:-(nothing logged)}"
}

# proc_where PID: the process state and, when it sleeps in the kernel, the
# innermost functions (e.g. bpf_check while the verifier runs): a readable
# hint when a daemon hangs at start.
proc_where()
{
	local st f

	st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null)
	f=$(sed -n '1,3s/^\[<[0-9a-f]*>\] \([a-z_0-9]*\).*/\1/p' "/proc/$1/stack" 2>/dev/null | tr '\n' ' ')
	echo "state ${st:-?}${f:+, kernel stack $f}"
}

xvrrp_ready()
{
	pid_alive "$2" || return 0	# reported by start_xvrrp
	[ "$(xv_json "$1" | jq '.instances | length > 0' 2>/dev/null)" = true ]
}

# fence_of NS: the pid of the xvrrp-fence process in NS (the daemon's fence).
fence_of()
{
	local p

	for p in $(ip netns pids "$1" 2>/dev/null); do
		[ "$(cat "/proc/$p/comm" 2>/dev/null)" = xvrrp-fence ] && echo "$p"
	done
}

# kill_all_of NS PID: SIGKILL to the daemon PID and its fence at once, as a
# kill of the whole process group (or a container's end) does: nothing of
# the daemon's runs any more to clean up.
kill_all_of()
{
	local fence

	fence=$(fence_of "$1")
	[ -n "$fence" ] && kill -KILL "$fence"
	kill -KILL "$2"
}

# stop_pid PID [TIMEOUT_S]: SIGTERM, wait for the exit; STOP_RC is its exit
# code (or "timeout").
stop_pid()
{
	local pid=$1

	kill -TERM "$pid" 2>/dev/null
	if wait_for "! pid_alive $pid" "${2:-5}"; then
		wait "$pid" 2>/dev/null
		STOP_RC=$?
	else
		STOP_RC=timeout
	fi
}

# ---------------------------------------------------------------- keepalived

# start_keepalived NS CONF: keepalived in the foreground, without syslog,
# with its own pid files (TESTING.md, "keepalived as a test peer").
start_keepalived()
{
	start_keepalived_with "$1" "$2"
}

# ---------------------------------------------------------------- client

# client_ping [ADDR]: three echo requests from the client, 2 s at most.
client_ping()
{
	ip netns exec "$NS_C" ping -n -q -c 3 -i 0.1 -w 2 "${1:-$VIP}" >/dev/null 2>&1
}

# client_arp_macs [ADDR]: the MAC addresses that answer the client's ARP
# requests for ADDR (5 requests, 3 s at most), one per line, sorted.
client_arp_macs()
{
	timeout 6 ip netns exec "$NS_C" arping -i eth0 -c 5 -W 0.2 -w 3 -r "${1:-$VIP}" 2>/dev/null |
		sort -u
}

# client_neigh_mac [ADDR]: the client's ARP cache entry for ADDR.
client_neigh_mac()
{
	ip -n "$NS_C" neigh show "${1:-$VIP}" dev eth0 |
		sed -n 's/.*lladdr \([0-9a-f:]*\).*/\1/p'
}

# probe_start SECONDS [ADDR [INTERVAL]]: the client pings ADDR every
# INTERVAL seconds (default 0.002) for SECONDS, each reply stamped (ping -D);
# probe_gap_ms reads the stamps afterwards. Bounded by timeout, not by
# ping -w: with a deadline, ping exits at the first ICMP error (a router
# without a route answering Net Unreachable), which ends the probe in the
# middle of the outage it is there to measure.
probe_start()
{
	local secs=$1 interval=${3:-0.002} count

	count=$(awk -v s="$secs" -v i="$interval" 'BEGIN { printf "%d\n", s / i }')
	PROBE_OUT=$T_DIR/probe.out
	timeout -s INT "$(awk -v s="$secs" 'BEGIN { print s + 2 }')" \
		ip netns exec "$NS_C" ping -n -D -i "$interval" -c "$count" -W 0.05 \
		"${2:-$VIP}" >"$PROBE_OUT" 2>&1 &
	PROBE_PID=$!
	track_pid "$PROBE_PID" ping
	say "probe: client pings ${2:-$VIP} every $(ms_of "$interval") ms for $secs s"
}

probe_wait()
{
	wait_for "! pid_alive $PROBE_PID" "${1:-20}" || kill -INT "$PROBE_PID" 2>/dev/null
	wait "$PROBE_PID" 2>/dev/null
	return 0
}

probe_replies()
{
	grep -c ' bytes from ' "$PROBE_OUT"
}

# probe_gap_ms: the longest time between two consecutive replies, in ms.
probe_gap_ms()
{
	awk '/ bytes from / {
		t = substr($1, 2, length($1) - 2) + 0
		if (n++ && t - prev > gap) gap = t - prev
		prev = t
	} END { printf "%d\n", gap * 1000 + 0.5 }' "$PROBE_OUT"
}

# ---------------------------------------------------------------- more instances, more legs

# xv_ifield NS INSTANCE FIELD: FIELD of INSTANCE in `xvrrp status --json`
# (xv_field for a config with more than VI_1).
xv_ifield()
{
	xv_json "$1" | jq -er --arg i "$2" --arg f "$3" \
		'.instances[] | select(.name == $i) | .[$f] | if type == "array" then join(",") else tostring end'
}

# xv_istate_is NS INSTANCE STATE
xv_istate_is()
{
	[ "$(xv_ifield "$1" "$2" state)" = "$3" ]
}

# has_addr NS DEV ADDR: the IPv4 address ADDR is on DEV in NS.
has_addr()
{
	ip -n "$1" -o -4 addr show dev "$2" 2>/dev/null | grep -qF " inet $3/"
}

# holders_of ADDR: the namespaces (among ROUTERS) with ADDR on eth0.
holders_of()
{
	local ns out=()

	for ns in "${ROUTERS[@]}"; do
		has_vip "$ns" "$1" && out+=("$ns")
	done
	echo "${out[*]}"
}

# add_leg NS DEV PEER: a second interface DEV in NS, a veth whose end PEER
# stays in the switch namespace outside the bridge. `leg_down PEER` takes
# DEV's carrier away, as a pulled cable would (what track_interface sees).
add_leg()
{
	ip -n "$NS_SW" link add name "$3" type veth peer name "$2" netns "$1" ||
		fail "cannot create $2 in $1"
	ip -n "$NS_SW" link set "$3" up
	ip -n "$1" link set "$2" up
	ip netns exec "$1" sysctl -qw "net.ipv6.conf.$2.disable_ipv6=1"
}

leg_down()
{
	ip -n "$NS_SW" link set "$1" down || fail "cannot set $1 down"
	say "leg $1 down"
}

leg_up()
{
	ip -n "$NS_SW" link set "$1" up || fail "cannot set $1 up"
	say "leg $1 up"
}

# notify_logger DIR LOG: an executable DIR/notify.sh that appends one line
# per call to LOG: the realtime stamp, the name it was called by (link it
# as master, backup, ...) and its arguments. Prints the script's path.
notify_logger()
{
	local sh=$1/notify.sh

	cat >"$sh" <<EOS
#!/bin/sh
echo "\$(date +%s.%N) \$(basename "\$0") \$*" >>"$2"
EOS
	chmod 0755 "$sh"
	echo "$sh"
}

# start_keepalived_with NS CONF ARGS...: start_keepalived with more
# command-line options (e.g. -i ID for the config's "@ID" lines).
start_keepalived_with()
{
	local ns=$1 conf=$2 dir pid

	shift 2
	dir=$T_DIR/keepalived-$(port_of "$ns")
	mkdir -p "$dir"
	say "start: keepalived -f $(basename "$conf")${*:+ $*} (in $ns)"
	ip netns exec "$ns" "$KEEPALIVED" -n -l -D -G -f "$conf" "$@" \
		-p "$dir/k.pid" -r "$dir/v.pid" -c "$dir/c.pid" >>"$dir/log" 2>&1 &
	pid=$!
	track_pid "$pid" keepalived
	KA_PID[$ns]=$pid
	sleep 0.2
	pid_alive "$pid" || fail "keepalived in $ns exited at start: $(tail -n 5 "$dir/log" | tr '\n' ' ')"
}
