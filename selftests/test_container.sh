# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# xvrrp in a container (the image the Dockerfile builds, run with podman),
# on the same segment as xvrrp and keepalived running on the host: election,
# failover both ways, `podman exec ... xvrrp status|stats`, and `podman stop`
# as a graceful handover (xvrrp is the container's PID 1 and handles SIGTERM
# itself). Three ways to run it: --privileged; --cap-drop ALL with
# NET_ADMIN, NET_RAW and SYS_ADMIN under podman's default seccomp profile;
# and, without SYS_ADMIN, NET_ADMIN, NET_RAW, BPF and PERFMON with a seccomp
# profile that lets bpf() through for CAP_BPF.
#
# Skipped unless podman is installed and the image exists:
# .ci/container-test installs podman, builds the image and runs these
# (.ci/run sets XVRRP_SKIP_CONTAINER_TESTS=1 for `make test` before it, so
# they do not run on an image left from an earlier build).
# Containers are named ${XVRRP_CTR_PREFIX}${PFX}rN and removed by name when
# the test ends, whatever way it ends.

ALL_TESTS+=(test_container_privileged test_container_caps test_container_least_privilege)

CTR_IMAGE=${XVRRP_IMAGE:-localhost/xvrrp:test}
CTR_ADV=0.5
declare -gA CTR=()        # namespace -> name of the container running there
declare -gA CTR_WAIT=()   # namespace -> file where `podman wait` writes the exit code

# ---------------------------------------------------------------- helpers

# require_container: root, podman, the image, and what the host side of the
# tests needs. Then the test's exit removes its containers before
# lib_cleanup removes its processes and namespaces.
require_container()
{
	[ "${XVRRP_SKIP_CONTAINER_TESTS:-0}" = 1 ] &&
		skip "XVRRP_SKIP_CONTAINER_TESTS=1 (.ci/run runs them in .ci/container-test, after building the image)"
	require_root
	command -v podman >/dev/null 2>&1 ||
		skip "podman is not installed (.ci/container-test installs it and builds $CTR_IMAGE)"
	podman image exists "$CTR_IMAGE" 2>/dev/null ||
		skip "image $CTR_IMAGE does not exist (.ci/container-test builds it)"
	require_cmd jq keepalived
	require_xvrrp
	: >>"$T_DIR/containers"
	trap ctr_cleanup EXIT
}

ctr_cleanup()
{
	local rc=$? name

	while read -r name; do
		[ -n "$name" ] || continue
		podman container exists "$name" 2>/dev/null || continue
		if [ "$rc" -ne 0 ] && [ "$rc" -ne "$SKIP_RC" ]; then
			echo "--- podman logs $name (last 20 lines):"
			podman logs --tail 20 "$name" 2>&1 | sed 's/^/    /'
		fi
		podman stop -t 5 "$name" >/dev/null 2>&1
		podman rm -f "$name" >/dev/null 2>&1
	done <"$T_DIR/containers"
	(exit "$rc")
	lib_cleanup
}

# ctr_run NS CONFDIR [PODMAN_OPTION...] [-- ARG...]: run the image in the
# network namespace NS with CONFDIR as /etc/xvrrp, the options before "--"
# given to `podman run`, the arguments after it to the image (default: its
# CMD). Waits until `podman exec NAME xvrrp status --json` lists instances.
ctr_run()
{
	local ns=$1 confdir=$2 name log out pid opts=() args=()

	shift 2
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	[ $# -gt 0 ] && shift
	args=("$@")
	name=${XVRRP_CTR_PREFIX:-xvrrp-}${PFX}$(port_of "$ns")
	log=$T_DIR/xvrrp-ctr-$(port_of "$ns").log
	echo "$name" >>"$T_DIR/containers"
	CTR[$ns]=$name
	CTR_WAIT[$ns]=$T_DIR/ctr-$(port_of "$ns").exit
	CTR_RUN=(podman run -d --rm --name "$name" --runtime runc "${opts[@]}"
		--network "ns:/run/netns/$ns" -v /sys/fs/bpf:/sys/fs/bpf -v "$confdir:/etc/xvrrp:ro"
		"$CTR_IMAGE" "${args[@]}")
	say "start: ${CTR_RUN[*]}"
	out=$("${CTR_RUN[@]}" 2>&1) || fail "podman run failed: $(echo "$out" | tail -n 3 | tr '\n' ' ')"
	# The container is removed when it exits (--rm): follow its log into a
	# file now (the runner prints xvrrp-*.log on failure), and have
	# `podman wait` keep its exit code.
	podman logs -f "$name" >>"$log" 2>&1 &
	track_pid $! podman-logs
	podman wait "$name" >"${CTR_WAIT[$ns]}" 2>&1 &
	track_pid $! podman-wait
	# xvrrp itself, as the host sees it: stopped with SIGTERM by the
	# runner's safety net if this test is killed before its cleanup.
	pid=$(podman inspect -f '{{.State.Pid}}' "$name" 2>/dev/null)
	[ -n "$pid" ] && [ "$pid" != 0 ] && track_pid "$pid" xvrrp-in-container
	wait_for "ctr_ready $ns" 20
	ctr_running "$ns" || fail "container $name exited at start (code $(ctr_exit_code "$ns")): $(log_tail "$log")"
	ctr_ready "$ns" ||
		fail "xvrrp in container $name did not answer 'xvrrp status --json' within 20 s: $(log_tail "$log")"
	say "container $name is up (xvrrp pid $pid on the host, state $(ctr_state "$ns"))"
}

ctr_running()
{
	[ "$(podman inspect -f '{{.State.Running}}' "${CTR[$1]}" 2>/dev/null)" = true ]
}

ctr_ready()
{
	ctr_running "$1" || return 0	# reported by ctr_run
	[ "$(ctr_xv "$1" status --json 2>/dev/null | jq '.instances | length > 0' 2>/dev/null)" = true ]
}

# ctr_exit_code NS: what `podman wait` said when the container exited.
ctr_exit_code()
{
	local c

	c=$(cat "${CTR_WAIT[$1]}" 2>/dev/null)
	echo "${c:-unknown}"
}

# ctr_xv NS ARGS...: `podman exec NAME xvrrp ARGS`, never for more than 10 s.
ctr_xv()
{
	local name=${CTR[$1]}

	shift
	timeout 10 podman exec "$name" xvrrp "$@"
}

ctr_state()
{
	ctr_xv "$1" status --json 2>/dev/null |
		jq -er '.instances[] | select(.name == "VI_1") | .state'
}

ctr_state_is()
{
	[ "$(ctr_state "$1")" = "$2" ]
}

# ctr_check_cli NS MASTER_ADDR: `xvrrp status` and `xvrrp stats`, text and
# JSON, from inside the container.
ctr_check_cli()
{
	local ns=$1 text json n

	text=$(ctr_xv "$ns" status 2>&1) || fail "podman exec ... xvrrp status failed: $text"
	[[ "$text" =~ (^|$'\n')VI_1\ +eth0\ +inet\ +$VRID\  ]] ||
		fail "podman exec ... xvrrp status has no line for VI_1 on eth0: $(echo "$text" | tr '\n' ' ')"
	json=$(ctr_xv "$ns" status --json 2>&1) || fail "podman exec ... xvrrp status --json failed: $json"
	n=$(jq -r '.instances[] | select(.name == "VI_1") | .master' <<<"$json" 2>/dev/null)
	[ "$n" = "$2" ] || fail "xvrrp in the container reports master '$n', expected $2"
	text=$(ctr_xv "$ns" stats 2>&1) || fail "podman exec ... xvrrp stats failed: $text"
	[[ "$text" =~ (^|$'\n')"VI_1 (eth0, vrid $VRID):" ]] ||
		fail "podman exec ... xvrrp stats has no heading for VI_1: $(echo "$text" | head -n 3 | tr '\n' ' ')"
	json=$(ctr_xv "$ns" stats --json 2>&1) || fail "podman exec ... xvrrp stats --json failed: $json"
	n=$(jq -er '.interfaces[] | select(.name == "eth0") | .xdp.vrrp_valid' <<<"$json" 2>/dev/null) ||
		fail "podman exec ... xvrrp stats --json has no xdp.vrrp_valid for eth0"
	[ "$n" -gt 0 ] || fail "the XDP program in the container counted no valid advert (vrrp_valid $n)"
	say "podman exec: xvrrp status and stats work (XDP vrrp_valid $n, $(xdp_mode_of "$ns") mode)"
}

# ctr_stop NS BACKUP_NS BACKUP_PRIO: `podman stop` on the master's container;
# BACKUP_NS must take over within about Skew_Time (the priority-0 advert),
# well before Master_Down_Interval; the container must exit 0, promptly (as
# PID 1 xvrrp handles SIGTERM itself), its VIP and XDP program gone.
ctr_stop()
{
	local ns=$1 bns=$2 bprio=$3 name=${CTR[$1]} start stop_pid t now gone=-1 taken=-1
	local skew mdi stop_ms

	has_vip "$ns" || fail "ctr_stop: $ns does not hold the VIP"
	skew=$(awk -v p="$bprio" -v a="$CTR_ADV" 'BEGIN { printf "%d\n", (256 - p) * a / 256 * 1000 + 0.5 }')
	mdi=$(master_down_interval_ms "$bprio" "$CTR_ADV")
	say "podman stop $name"
	start=$(now_ms)
	podman stop -t 10 "$name" >"$T_DIR/stop.out" 2>&1 &
	stop_pid=$!
	track_pid "$stop_pid" podman-stop
	# Every 10 ms for at most 5 s: when the VIP left the container's node,
	# when the backup had it.
	for _ in $(seq 500); do
		now=$(( $(now_ms) - start ))
		[ "$gone" -lt 0 ] && ! has_vip "$ns" && gone=$now
		[ "$taken" -lt 0 ] && has_vip "$bns" && taken=$now
		[ "$gone" -ge 0 ] && [ "$taken" -ge 0 ] && break
		[ "$now" -ge 5000 ] && break
		sleep 0.01
	done
	wait_for "! pid_alive $stop_pid" 15
	stop_ms=$(( $(now_ms) - start ))
	wait "$stop_pid"
	t=$?
	[ "$t" -eq 0 ] || fail "podman stop exited with $t: $(tail -n 3 "$T_DIR/stop.out" | tr '\n' ' ')"
	[ "$gone" -ge 0 ] || fail "the VIP is still on $ns 5 s after podman stop"
	[ "$taken" -ge 0 ] || fail "$bns did not take the VIP within 5 s of podman stop"
	note "podman stop: the VIP left the container's node after $gone ms, $bns held it $((taken - gone)) ms later (Skew_Time $skew ms, Master_Down_Interval $mdi ms); podman stop returned after $stop_ms ms"
	# Without the priority-0 advert the backup would wait for
	# Master_Down_Interval after the last advert, at least
	# Master_Down_Interval - Advertisement_Interval after the VIP left.
	[ $((taken - gone)) -le 1000 ] ||
		fail "$bns took over $((taken - gone)) ms after the VIP left the container's node: no priority-0 handover (Master_Down_Interval is $mdi ms)"
	wait_for "[ -s ${CTR_WAIT[$ns]} ]" 5
	[ "$(ctr_exit_code "$ns")" = 0 ] || fail "the container exited with $(ctr_exit_code "$ns"), expected 0"
	[ "$stop_ms" -lt 5000 ] || fail "podman stop took $stop_ms ms: SIGTERM was not handled by xvrrp as PID 1"
	wait_for "! podman container exists $name" 5 || fail "container $name still exists after it stopped (--rm)"
	[ "$(xdp_mode_of "$ns")" = none ] || fail "XDP is still attached on $ns's eth0 after the container stopped"
	has_vip "$ns" && fail "the VIP came back on $ns"
	only_holder "$bns" || fail "after the handover the VIP holders are: $(vip_holders)"
}

# ctr_write_shared_conf FILE: one file for every node, keepalived's "@ID"
# lines choosing the priority (--config-id r1: 200, the others 100), as the
# Kubernetes example does with the node name.
ctr_write_shared_conf()
{
	write_conf "$1" 100 "$CTR_ADV"
	sed -i "s/^\tpriority 100\$/@r1\tpriority 200\n@^r1\tpriority 100/" "$1"
	grep -q '^@r1' "$1" || fail "cannot write the shared configuration"
}

# ---------------------------------------------------------------- tests

# --privileged, the image's default command (its CMD reads
# /etc/xvrrp/keepalived.conf), /run/xvrrp shared with the host; xvrrp on r2 (priority 200) and keepalived on
# r3 (100) on the host, the container on r1 (150) between them.
test_container_privileged()
{
	local inode pins

	require_container
	topo_create 3
	mkdir -p "$T_DIR/ctr-r1"
	write_conf "$T_DIR/ctr-r1/keepalived.conf" 150 "$CTR_ADV"
	write_conf "$T_DIR/r2.conf" 200 "$CTR_ADV"
	write_conf "$T_DIR/r3.conf" 100 "$CTR_ADV"
	start_keepalived "$NS_R3" "$T_DIR/r3.conf"
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	# /run/xvrrp shared: `xvrrp status` on the host reaches the container.
	[ -d /run/xvrrp ] || mkdir -m 0700 /run/xvrrp
	ctr_run "$NS_R1" "$T_DIR/ctr-r1" --privileged -v /run/xvrrp:/run/xvrrp

	# Election: r2 (200) is the one master; the container is a backup
	# that knows it.
	wait_for "only_holder $NS_R2" 10 ||
		fail "r2 (priority 200) is not the only VIP holder (holders: $(vip_holders))"
	hold_for "only_holder $NS_R2" 1 || fail "VIP holders changed while stable: $(vip_holders)"
	wait_for "ctr_state_is $NS_R1 BACKUP" 5 || fail "xvrrp in the container says $(ctr_state "$NS_R1"), expected BACKUP"
	ctr_check_cli "$NS_R1" 192.0.2.2
	xv_state_is "$NS_R1" BACKUP ||
		fail "'xvrrp status' on the host, in r1's namespace, says '$(xv_state "$NS_R1")' (/run/xvrrp shared)"
	# A reload, as documented: SIGHUP through podman.
	podman kill --signal HUP "${CTR[$NS_R1]}" >/dev/null || fail "podman kill --signal HUP failed"
	wait_for "grep -q 'reload: 1 instance(s) kept' $T_DIR/xvrrp-ctr-r1.log" 5 ||
		fail "no reload logged after podman kill --signal HUP: $(log_tail "$T_DIR/xvrrp-ctr-r1.log")"
	ctr_state_is "$NS_R1" BACKUP || fail "the container says $(ctr_state "$NS_R1") after the reload"
	inode=$(stat -Lc %i "/run/netns/$NS_R1")
	pins=/sys/fs/bpf/xvrrp/net$inode-eth0
	[ -e "$pins/stats" ] || fail "no pinned maps in $pins on the host (-v /sys/fs/bpf:/sys/fs/bpf)"
	client_ping || fail "client cannot ping $VIP"

	# r2 fails: the container takes over; r2 returns and preempts it.
	cut_link "$NS_R2"
	wait_for "has_vip $NS_R1" 5 || fail "the container on r1 did not take the VIP within 5 s of cutting r2"
	note "container r1 holds the VIP $WAITED_MS ms after r2's link was cut (Master_Down_Interval $(master_down_interval_ms 150 "$CTR_ADV") ms)"
	has_vip "$NS_R3" && fail "keepalived r3 (priority 100) took the VIP too"
	ctr_state_is "$NS_R1" MASTER || fail "the container holds the VIP but says $(ctr_state "$NS_R1")"
	wait_for client_ping 5 || fail "client cannot ping $VIP on the container"
	restore_link "$NS_R2"
	wait_for "only_holder $NS_R2" 5 || fail "r2 did not take the VIP back (holders: $(vip_holders))"
	wait_for "ctr_state_is $NS_R1 BACKUP" 3 || fail "the container says $(ctr_state "$NS_R1") after r2 returned"

	# The container is master and fails: keepalived r3 takes over; the
	# container returns and preempts it.
	cut_link "$NS_R2"
	wait_for "has_vip $NS_R1" 5 || fail "the container did not take the VIP when r2 was cut again"
	cut_link "$NS_R1"
	wait_for "has_vip $NS_R3" 5 || fail "keepalived r3 did not take the VIP within 5 s of cutting the container's link"
	note "keepalived r3 holds the VIP $WAITED_MS ms after the container's link was cut"
	restore_link "$NS_R1"
	wait_for "has_vip $NS_R1 && ! has_vip $NS_R3" 5 ||
		fail "the container did not take the VIP back from r3 (holders: $(vip_holders))"
	wait_for "ctr_state_is $NS_R1 MASTER" 3 || fail "the container says $(ctr_state "$NS_R1") after preempting r3"
	wait_for client_ping 5 || fail "client cannot ping $VIP after the container returned"

	# podman stop: the master's graceful handover to r3.
	ctr_stop "$NS_R1" "$NS_R3" 100
	[ -e "$pins" ] && fail "the pinned maps $pins are still there after the container stopped"
	wait_for client_ping 5 || fail "client cannot ping $VIP after podman stop"
	restore_link "$NS_R2"
	wait_for "only_holder $NS_R2" 5 || fail "r2 did not take the VIP back at the end (holders: $(vip_holders))"
}

# ctr_least_privilege NAME PODMAN_OPTION...: the container on r1 with
# --config-id r1 (priority 200), xvrrp on r2 with --config-id r2 (100), one
# file for both; election, the CLI from inside, podman stop.
ctr_least_privilege()
{
	local what=$1 n

	shift
	require_container
	[ "$(stat -f -c %T /sys/fs/bpf 2>/dev/null)" = bpf_fs ] ||
		skip "no bpffs on /sys/fs/bpf on the host to give the container"
	topo_create 2
	mkdir -p "$T_DIR/ctr-r1"
	ctr_write_shared_conf "$T_DIR/ctr-r1/vrrp.conf"
	start_xvrrp "$NS_R2" "$T_DIR/ctr-r1/vrrp.conf" --config-id r2
	ctr_run "$NS_R1" "$T_DIR/ctr-r1" "$@" -- eth0 --config /etc/xvrrp/vrrp.conf --config-id r1
	n=$(podman inspect -f '{{.EffectiveCaps}}' "${CTR[$NS_R1]}" 2>/dev/null)
	say "$what: effective capabilities $n"

	wait_for "only_holder $NS_R1" 10 ||
		fail "the container (priority 200) is not the only VIP holder (holders: $(vip_holders))"
	hold_for "only_holder $NS_R1" 1 || fail "VIP holders changed while stable: $(vip_holders)"
	ctr_state_is "$NS_R1" MASTER || fail "the container holds the VIP but says $(ctr_state "$NS_R1")"
	xv_state_is "$NS_R2" BACKUP || fail "r2 says $(xv_state "$NS_R2"), expected BACKUP"
	ctr_check_cli "$NS_R1" 192.0.2.1
	client_ping || fail "client cannot ping $VIP on the container"

	ctr_stop "$NS_R1" "$NS_R2" 100
	n=$(xv "$NS_R2" stats --json 2>/dev/null |
		jq -er '.instances[] | select(.name == "VI_1") | .counters.pri_zero_rcvd') ||
		fail "r2: no pri_zero_rcvd in 'xvrrp stats --json'"
	[ "$n" -ge 1 ] || fail "r2 received no priority-0 advert from the stopping container"
	xv_state_is "$NS_R2" MASTER || fail "r2 holds the VIP but says $(xv_state "$NS_R2")"
	wait_for client_ping 5 || fail "client cannot ping $VIP after podman stop"
}

# Podman's default seccomp profile allows bpf() only with CAP_SYS_ADMIN, so
# SYS_ADMIN it is (it also covers what CAP_BPF and CAP_PERFMON allow):
# NET_ADMIN for addresses, routes and sysctls, NET_RAW for the advert and
# ARP sockets.
test_container_caps()
{
	ctr_least_privilege "NET_ADMIN,NET_RAW,SYS_ADMIN" \
		--cap-drop ALL --cap-add NET_ADMIN,NET_RAW,SYS_ADMIN
}

# Without SYS_ADMIN: CAP_BPF loads the program and creates the maps,
# CAP_PERFMON lets the verifier accept its pointer arithmetic, and a seccomp
# profile (podman's default with bpf() allowed for CAP_BPF) lets the bpf()
# call through. The host's /sys/fs/bpf must be mounted in: xvrrp cannot
# mount a bpffs without SYS_ADMIN.
test_container_least_privilege()
{
	local profile=/usr/share/containers/seccomp.json

	require_container
	[ -f "$profile" ] || skip "no $profile (podman's default seccomp profile) to start from"
	jq '.syscalls |= map(.names -= ["bpf"] | select(.names | length > 0))
	    | .syscalls += [{"names": ["bpf"], "action": "SCMP_ACT_ALLOW", "args": [], "includes": {"caps": ["CAP_BPF"]}, "excludes": {}}]' \
		"$profile" >"$T_DIR/seccomp-bpf.json" || fail "cannot write the seccomp profile"
	ctr_least_privilege "NET_ADMIN,NET_RAW,BPF,PERFMON" \
		--cap-drop ALL --cap-add NET_ADMIN,NET_RAW,BPF,PERFMON \
		--security-opt "seccomp=$T_DIR/seccomp-bpf.json"
}
