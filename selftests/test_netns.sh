# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# One xvrrp for instances in many network namespaces (the vrrp_instance
# net_namespace extension; docs/design.md, "One process for many
# namespaces"): routers X1, X2 (later X3) whose eth0, addresses and VRID are
# the same, each wired to a peer Y1, Y2, Y3; one daemon in a namespace of
# its own serves the X side. Y1 runs its own xvrrp at a higher priority.

ALL_TESTS+=(test_netns_one_process test_netns_dir)

# nsx_pair I: router X<I> and its peer Y<I>, eth0 to eth0, 192.0.2.1 / .2.
nsx_pair()
{
	local x=${PFX}x$1 y=${PFX}y$1

	netns_add "$x"
	netns_add "$y"
	ip -n "$x" link add eth0 type veth peer name eth0 netns "$y" || fail "cannot wire $x to $y"
	ip -n "$x" addr add 192.0.2.1/24 dev eth0
	ip -n "$y" addr add 192.0.2.2/24 dev eth0
	ip -n "$x" link set eth0 up
	ip -n "$y" link set eth0 up
	ip netns exec "$x" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
	ip netns exec "$y" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
}

# nsx_instance NAME NS: an instance of the one-process configuration.
nsx_instance()
{
	cat <<EOF

vrrp_instance $1 {
	state BACKUP
	interface eth0
	net_namespace $2
	virtual_router_id $VRID
	priority 100
	advert_int 0.1
	notify_master "$T_DIR/where.sh $1"
	virtual_ipaddress {
		$VIP/24
	}
}
EOF
}

# nsx_stat NS INSTANCE FIELD: a field of INSTANCE in `xvrrp status --json`
# asked from NS (any namespace the daemon serves answers).
nsx_stat()
{
	xv_json "$1" | jq -er --arg i "$2" --arg f "$3" \
		'.instances[] | select(.name == $i) | .[$f] | tostring'
}

nsx_has()
{
	ip -n "$1" -o -4 addr show dev eth0 2>/dev/null | grep -qF " inet $2/"
}

test_netns_one_process()
{
	local node=${PFX}node conf=$T_DIR/node.conf yconf=$T_DIR/y1.conf out pid t_a t_b i

	require_root
	require_cmd jq
	require_xvrrp
	netns_add "$node"
	for i in 1 2 3; do
		nsx_pair "$i"
	done
	# Notify scripts run in the instance's namespace, which XVRRP_NETNS names.
	cat >"$T_DIR/where.sh" <<EOF
#!/bin/sh
echo "\$1 \$XVRRP_NETNS \$(readlink /proc/self/ns/net)" >>"$T_DIR/where.log"
EOF
	chmod 755 "$T_DIR/where.sh"
	{
		echo "global_defs {"
		echo "	vrrp_version 3"
		echo "}"
		nsx_instance VR_A "${PFX}x1"
		nsx_instance VR_B "${PFX}x2"
	} >"$conf"
	write_conf "$yconf" 200 0.1
	start_xvrrp "${PFX}y1" "$yconf"
	wait_for "xv_state_is ${PFX}y1 MASTER" 3 || fail "Y1 is $(xv_state "${PFX}y1"), expected MASTER"

	start_xvrrp "$node" "$conf"
	pid=${XV_PID[$node]}
	wait_for "[ \"\$(nsx_stat $node VR_B state)\" = MASTER ]" 3 ||
		fail "VR_B (X2, no peer) is $(nsx_stat "$node" VR_B state), expected MASTER"
	wait_for "[ \"\$(nsx_stat $node VR_A state)\" = BACKUP ]" 3 ||
		fail "VR_A (X1, Y1 at priority 200) is $(nsx_stat "$node" VR_A state), expected BACKUP"
	nsx_has "${PFX}x2" "$VIP" || fail "the VIP is not on X2's eth0"
	nsx_has "${PFX}x1" "$VIP" && fail "the VIP is on X1's eth0 while Y1 is master"
	nsx_has "$node" "$VIP" && fail "the VIP is in the daemon's own namespace"
	[ "$(nsx_stat "$node" VR_A netns)" = "${PFX}x1" ] ||
		fail "status says VR_A is in '$(nsx_stat "$node" VR_A netns)'"
	note "one daemon, two namespaces with the same eth0, address and VRID: X2 MASTER, X1 BACKUP to Y1"

	# Each served namespace reaches the daemon (its control path links to it).
	[ "$(nsx_stat "${PFX}x1" VR_B state)" = MASTER ] ||
		fail "'xvrrp status' in X1 does not reach the daemon: $(xv "${PFX}x1" status 2>&1)"
	out=$(xv "$node" status)
	say "$out"
	echo "$out" | grep -q "^${PFX}x2 \+VR_B \+eth0 \+inet" || fail "status text has no NETNS column: $out"
	out=$(timeout 10 ip netns exec "${PFX}x2" "$XVRRP" attach --config "$yconf" --foreground 2>&1)
	echo "$out" | grep -q "already runs in this network namespace" ||
		fail "a second xvrrp in X2 was not refused: $out"
	note "'xvrrp status' in a served namespace reaches the daemon; a second daemon there is refused"

	# Y1 stops: X1 takes over, X2 is not touched.
	t_b=$(nsx_stat "$node" VR_B last_transition)
	stop_pid "${XV_PID[${PFX}y1]}"
	wait_for "nsx_has ${PFX}x1 $VIP" 3 || fail "X1 did not take the VIP over when Y1 stopped"
	[ "$(nsx_stat "$node" VR_A state)" = MASTER ] || fail "VR_A is $(nsx_stat "$node" VR_A state)"
	[ "$(nsx_stat "$node" VR_B last_transition)" = "$t_b" ] || fail "VR_B moved when Y1 stopped"
	wait_for "grep -q '^VR_A ${PFX}x1 ' $T_DIR/where.log" 3 || fail "no notify_master for VR_A"
	out=$(grep "^VR_A " "$T_DIR/where.log" | tail -1)
	[ "${out##* }" = "$(ip netns exec "${PFX}x1" readlink /proc/self/ns/net)" ] ||
		fail "VR_A's notify script ran in $out, not in X1"
	note "Y1 stopped: X1 took over (its notify script ran inside X1, XVRRP_NETNS set); X2 untouched"

	# A router added is a reload, not a restart.
	t_a=$(nsx_stat "$node" VR_A last_transition)
	nsx_instance VR_C "${PFX}x3" >>"$conf"
	out=$(xv "$node" reload 2>&1) || fail "reload adding X3 failed: $out"
	wait_for "nsx_has ${PFX}x3 $VIP" 3 || fail "X3 did not become master after the reload"
	[ "$(nsx_stat "$node" VR_A last_transition)" = "$t_a" ] || fail "VR_A moved at the reload"
	[ "$(nsx_stat "$node" VR_B last_transition)" = "$t_b" ] || fail "VR_B moved at the reload"
	pid_alive "$pid" || fail "the daemon is gone after the reload"
	note "reload added router X3 (MASTER); X1 and X2 kept their state"

	# A router's namespace deleted: its instance goes, the others stay.
	ip netns del "${PFX}x2"
	wait_for "! nsx_stat $node VR_B state >/dev/null" 5 ||
		fail "VR_B is still served after its namespace was deleted"
	{ [ "$(nsx_stat "$node" VR_A state)" = MASTER ] && [ "$(nsx_stat "$node" VR_C state)" = MASTER ]; } ||
		fail "deleting X2 disturbed the others: VR_A $(nsx_stat "$node" VR_A state), VR_C $(nsx_stat "$node" VR_C state)"
	[ "$(nsx_stat "$node" VR_A last_transition)" = "$t_a" ] || fail "VR_A moved when X2 was deleted"
	note "X2's namespace deleted: VR_B stopped, the daemon runs on, X1 and X3 untouched"

	stop_pid "$pid"
	[ "$STOP_RC" = 0 ] || fail "the daemon did not stop cleanly (exit $STOP_RC)"
	nsx_has "${PFX}x1" "$VIP" && fail "the VIP stayed on X1 after the daemon stopped"
	nsx_has "${PFX}x3" "$VIP" && fail "the VIP stayed on X3 after the daemon stopped"
	note "stopped: the VIPs left X1 and X3"

	# Killed: the fence removes what the daemon held in every namespace.
	{
		echo "global_defs {"
		echo "	vrrp_version 3"
		echo "}"
		nsx_instance VR_A "${PFX}x1"
		nsx_instance VR_C "${PFX}x3"
	} >"$conf"
	start_xvrrp "$node" "$conf"
	wait_for "nsx_has ${PFX}x1 $VIP && nsx_has ${PFX}x3 $VIP" 3 ||
		fail "after a restart X1 and X3 did not become master"
	# X4 is served by a daemon of its own: a reload naming it leaves it alone.
	nsx_pair 4
	write_conf "$T_DIR/x4.conf" 100 0.1
	start_xvrrp "${PFX}x4" "$T_DIR/x4.conf"
	wait_for "nsx_has ${PFX}x4 $VIP" 3 || fail "X4's own xvrrp did not become master"
	nsx_instance VR_D "${PFX}x4" >>"$conf"
	out=$(xv "$node" reload 2>&1) || fail "reload naming X4 (served by another daemon) failed: $out"
	sleep 0.5
	pid_alive "${XV_PID[$node]}" || fail "the daemon died at a reload naming a namespace it cannot claim"
	nsx_stat "$node" VR_D state >/dev/null && fail "VR_D runs although X4 has a daemon of its own"
	note "a reload naming a namespace another xvrrp serves: that instance waits, the daemon runs on"
	kill -KILL "${XV_PID[$node]}"
	wait_for "! nsx_has ${PFX}x1 $VIP && ! nsx_has ${PFX}x3 $VIP" 3 ||
		fail "the fence left the VIP in X1 or X3 after the daemon was killed"
	sleep 0.5
	nsx_has "${PFX}x4" "$VIP" || fail "the fence removed the VIP of X4, which another daemon serves"
	note "SIGKILL: the fence swept the VIPs from X1 and X3, not from X4 (another daemon's)"
	# The killed daemon's link at X1's control path does not keep X1's own daemon out.
	write_conf "$T_DIR/x1.conf" 100 0.1
	start_xvrrp "${PFX}x1" "$T_DIR/x1.conf"
	wait_for "nsx_has ${PFX}x1 $VIP" 3 || fail "X1's own xvrrp did not become master"
	note "after the kill, a daemon of X1's own starts there (the stale control link is replaced)"
}

# nsd_router DIR ID SCRIPT: Neutron's layout, DIR/ID/keepalived.conf, whose
# instance and check names (VR_1, chk) every router repeats.
nsd_router()
{
	mkdir -p "$1/$2"
	cat >"$1/$2/keepalived.conf" <<EOF
global_defs {
	router_id neutron
	vrrp_version 3
}

vrrp_script chk {
	script "$3"
	interval 1
	fall 1
	rise 1
}

vrrp_instance VR_1 {
	state BACKUP
	interface eth0
	virtual_router_id 1
	priority 50
	nopreempt
	advert_int 0.1
	track_script {
		chk
	}
	virtual_ipaddress {
		$VIP/24
	}
}
EOF
}

# nsd_state NS NETNS: the state of VR_1 in NETNS.
nsd_state()
{
	xv_json "$1" | jq -er --arg n "$2" '.instances[] | select(.netns == $n) | .state'
}

# A directory of router files (--config DIR): the daemon starts with none and
# waits; a router added or removed is a reload; names repeat across files and
# each file's check is its own.
test_netns_dir()
{
	local node=${PFX}node dir=$T_DIR/ha_confs log=$T_DIR/xvrrp-node.log pid fds maps i

	require_root
	require_cmd jq
	require_xvrrp
	netns_add "$node"
	nsx_pair 1
	nsx_pair 2
	mkdir -p "$dir"
	ip netns exec "$node" "$XVRRP" attach --config "$dir" --netns-prefix "${PFX}x" \
		--foreground >>"$log" 2>&1 &
	pid=$!
	track_pid "$pid" xvrrp
	wait_for "[ \"\$(xv_json $node | jq '.instances | length')\" = 0 ]" 10 ||
		fail "xvrrp with an empty directory does not answer: $(log_tail "$log")"
	note "an empty directory: the daemon runs and waits for routers"

	nsd_router "$dir" 1 /bin/true
	nsd_router "$dir" 2 /bin/false
	xv "$node" reload >/dev/null 2>&1 || fail "reload adding two routers failed: $(log_tail "$log")"
	wait_for "[ \"\$(nsd_state $node ${PFX}x1)\" = MASTER ]" 5 ||
		fail "router 1's VR_1 is $(nsd_state "$node" "${PFX}x1"), expected MASTER: $(log_tail "$log")"
	wait_for "[ \"\$(nsd_state $node ${PFX}x2)\" = FAULT ]" 5 ||
		fail "router 2's VR_1 (its own chk fails) is $(nsd_state "$node" "${PFX}x2"), expected FAULT"
	nsx_has "${PFX}x1" "$VIP" || fail "no VIP in router 1's namespace"
	nsx_has "${PFX}x2" "$VIP" && fail "a VIP in router 2's namespace while it is in FAULT"
	note "two routers' files both naming VR_1 and chk: each in its own namespace, each with its own check (MASTER, FAULT)"

	# Routers come and go (Neutron): what the daemon holds does not grow.
	fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l)
	maps=$(grep -c bpf-map "/proc/$pid/maps")
	for i in 1 2 3; do
		rm -r "${dir:?}/2"
		xv "$node" reload >/dev/null 2>&1 || fail "reload removing router 2 failed"
		wait_for "! nsd_state $node ${PFX}x2 >/dev/null" 3 || fail "router 2 is still served"
		nsd_router "$dir" 2 /bin/false
		xv "$node" reload >/dev/null 2>&1 || fail "reload adding router 2 again failed"
		wait_for "[ \"\$(nsd_state $node ${PFX}x2)\" = FAULT ]" 5 ||
			fail "router 2 is $(nsd_state "$node" "${PFX}x2") after coming back, expected FAULT"
	done
	[ "$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l)" -eq "$fds" ] ||
		fail "the daemon holds $(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 | wc -l) fds after router 2 came and went 3 times, $fds before"
	[ "$(grep -c bpf-map "/proc/$pid/maps")" -eq "$maps" ] ||
		fail "the daemon maps $(grep -c bpf-map "/proc/$pid/maps") BPF map areas after router 2 came and went 3 times, $maps before"
	note "router 2 removed and added 3 times: the daemon holds $fds fds and $maps BPF map mappings before and after"

	rm -r "${dir:?}/2"
	xv "$node" reload >/dev/null 2>&1 || fail "reload removing router 2 failed"
	wait_for "! nsd_state $node ${PFX}x2 >/dev/null" 3 || fail "router 2 is still served"
	[ "$(nsd_state "$node" "${PFX}x1")" = MASTER ] || fail "router 1 moved when router 2 went"
	rm -r "${dir:?}/1"
	xv "$node" reload >/dev/null 2>&1 || fail "reload removing the last router failed"
	wait_for "! nsx_has ${PFX}x1 $VIP" 3 || fail "router 1's VIP stayed after it was removed"
	pid_alive "$pid" || fail "the daemon exited when its last router was removed"
	stop_pid "$pid"
	[ "$STOP_RC" = 0 ] || fail "the daemon did not stop cleanly (exit $STOP_RC)"
	note "routers removed by reload, the last one too: the daemon waits on; stops cleanly"
}
