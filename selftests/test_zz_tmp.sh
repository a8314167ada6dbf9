ALL_TESTS+=(test_zz_mass)
test_zz_mass()
{
	local n=250
	require_root; require_xvrrp
	topo_create 2
	for r in 1 2; do
		{
		printf 'global_defs {\n\tvrrp_version 3\n}\n'
		for i in $(seq 1 $n); do
			printf 'vrrp_instance VI_%d {\n\tstate BACKUP\n\tinterface eth0\n\tvirtual_router_id %d\n\tpriority %d\n\tadvert_int 0.1\n\tvirtual_ipaddress {\n\t\t198.51.100.%d/32\n\t}\n}\n' $i $i $((r == 1 ? 150 : 100)) $i
		done
		} > "$T_DIR/r$r.conf"
	done
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	sleep 4
	pid=${XV_PID[$NS_R2]}
	timeout 3 strace -c -p $pid 2>&1 | grep -E "calls|timerfd|epoll" >&2
	dir=$(xv "$NS_R2" stats --json | jq -r '.interfaces[0].pin_dir')
	nsenter -t $pid -m bpftool -j map dump pinned $dir/vrid_state | jq -c '[.[] | .formatted | select(.value.flags >= 16) | {k: .key, f: .value.flags, d: (.value.down_at_ns > 0), fl: .value.flipped_ns}] | group_by([.f, .d]) | map({f: .[0].f, d: .[0].d, n: length})' >&2
	fail "show"
}
