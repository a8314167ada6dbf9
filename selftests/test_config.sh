# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# A broken configuration: exit code 2, "file:line: what is wrong", and the
# host left as it was (DESIGN.md, "Errors").

ALL_TESTS+=(test_bad_config test_netns_absent)

# One row per broken configuration: the line number the error must name, a
# short description, and a sed expression applied to a good configuration
# (see write_conf: line 9 is priority, 8 virtual_router_id, 10 advert_int,
# 12 the address, 6 state).
BAD_CONFIG_ROWS=(
	"9|priority above 255|s/priority 150/priority 256/"
	"9|priority not a number|s/priority 150/priority high/"
	"8|virtual_router_id 0|s/virtual_router_id $VRID/virtual_router_id 0/"
	"8|virtual_router_id above 255|s/virtual_router_id $VRID/virtual_router_id 256/"
	"10|advert_int not a number|s/advert_int 0.1/advert_int fast/"
	"12|address out of range|s#$VIP/24#192.0.2.300/24#"
	"6|unknown state|s/state BACKUP/state PRIMARY/"
)

# host_snapshot NS: what xvrrp must not change when it refuses a config.
host_snapshot()
{
	ip -n "$1" -d addr show
	ip -n "$1" -d link show
	ip -n "$1" route show table all
}

test_bad_config()
{
	local row line what expr conf before rc out errs=0

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 1
	write_conf "$T_DIR/good.conf" 150 0.1
	before=$(host_snapshot "$NS_R1")
	for row in "${BAD_CONFIG_ROWS[@]}"; do
		IFS='|' read -r line what expr <<<"$row"
		conf=$T_DIR/broken.conf
		sed "$expr" "$T_DIR/good.conf" >"$conf"
		cmp -s "$conf" "$T_DIR/good.conf" && fail "row '$what': sed '$expr' changed nothing"
		# --foreground: a config wrongly accepted keeps running here and
		# is stopped by the timeout instead of going to the background.
		out=$(timeout 10 ip netns exec "$NS_R1" "$XVRRP" attach --config "$conf" --foreground 2>&1)
		rc=$?
		say "row '$what' (line $line): exit $rc: $(echo "$out" | grep -v '^libbpf' | head -n 2 | tr '\n' ' ')"
		if [ "$rc" -ne 2 ]; then
			say "  expected exit code 2, got $rc"
			errs=$((errs + 1))
		elif ! echo "$out" | grep -q "broken\.conf:$line:"; then
			say "  the message does not name broken.conf:$line:"
			errs=$((errs + 1))
		fi
		if [ "$(host_snapshot "$NS_R1")" != "$before" ]; then
			say "  the namespace changed:"
			diff <(echo "$before") <(host_snapshot "$NS_R1") | head -n 10
			fail "row '$what': xvrrp changed the namespace although it refused the config"
		fi
	done
	[ "$errs" -eq 0 ] || fail "$errs of ${#BAD_CONFIG_ROWS[@]} broken configurations not reported as file:line: with exit 2"
	note "${#BAD_CONFIG_ROWS[@]} broken configurations: exit 2, file:line:, namespace unchanged"

	# The row table is only meaningful if the good configuration passes.
	ip netns exec "$NS_R1" "$XVRRP" check-config "$T_DIR/good.conf" >/dev/null 2>&1 ||
		fail "xvrrp check-config rejects the good configuration: $(ip netns exec "$NS_R1" "$XVRRP" check-config "$T_DIR/good.conf" 2>&1 | head -n 3 | tr '\n' ' ')"
}

# An instance in a namespace that does not exist: attach says so at its line
# and changes nothing; another name of the daemon's own namespace is that
# namespace; a reload that moves the instance to a namespace that does not
# exist yet stops it there and leaves it waiting.
test_netns_absent()
{
	local conf=$T_DIR/netns.conf other=xvrrp-other-$$ before out rc

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 1
	write_conf "$conf" 150 0.1 "net_namespace $other"
	before=$(host_snapshot "$NS_R1")
	out=$(timeout 10 ip netns exec "$NS_R1" "$XVRRP" attach --config "$conf" --foreground 2>&1)
	rc=$?
	say "attach: exit $rc: $out"
	[ "$rc" -eq 2 ] || fail "attach with an instance in net_namespace $other (absent): exit $rc, expected 2"
	echo "$out" | grep -q "netns\.conf:11: net_namespace $other does not exist: create it first (ip netns add $other)" ||
		fail "attach did not say which namespace, where and what to do: $out"
	[ "$(echo "$out" | grep -vc '^libbpf')" -eq 1 ] || fail "attach said more than one sentence: $out"
	[ "$(host_snapshot "$NS_R1")" = "$before" ] ||
		fail "attach changed the namespace although it refused the config"
	out=$(ip netns exec "$NS_R1" "$XVRRP" check-config "$conf" 2>&1) ||
		fail "check-config refuses an instance in another namespace: $out"
	echo "$out" | grep -q "netns\.conf:11: note: vrrp_instance VI_1 runs in net_namespace $other" ||
		fail "check-config gives no note about the namespace: $out"
	note "attach with an instance in an absent namespace: exit 2, one sentence with file:line, namespace unchanged; check-config notes it"

	# Another name of the daemon's own namespace is that namespace.
	touch "/run/netns/$other"
	track_netns "$other"
	mount --bind "/run/netns/$NS_R1" "/run/netns/$other" ||
		fail "cannot give $NS_R1 a second name ($other)"
	start_xvrrp "$NS_R1" "$conf"
	wait_for "xv_state_is $NS_R1 MASTER" 3 || fail "VI_1 is $(xv_state "$NS_R1"), expected MASTER"
	note "an instance naming another name of the daemon's namespace runs (MASTER)"

	# Moved to a namespace that does not exist yet: stopped here, waiting there.
	write_conf "$conf" 150 0.1 "net_namespace $other-later"
	out=$(xv "$NS_R1" reload 2>&1)
	rc=$?
	say "reload: exit $rc: $out"
	[ "$rc" -eq 0 ] || fail "reload moving the instance to an absent namespace: exit $rc: $out"
	wait_for "! has_vip $NS_R1 $VIP" 3 || fail "the VIP stayed in $NS_R1 after the instance moved away"
	pid_alive "${XV_PID[$NS_R1]}" || fail "the daemon exited when its only instance moved away"
	stop_pid "${XV_PID[$NS_R1]}"
	[ "$STOP_RC" = 0 ] || fail "xvrrp did not stop cleanly (exit $STOP_RC)"
	note "a reload moving the instance to an absent namespace stops it (VIP released) and the daemon waits"
}
