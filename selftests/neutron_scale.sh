#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# neutron_scale.sh: what Neutron L3 HA routers cost a network node, idle,
# three ways, at NT_SCALE_COUNTS routers per node (default "3 100") on two
# nodes (`make neutron-scale`; `make neutron-demo` runs it at its end):
#
#   keepalived    one keepalived per router (keepalived -P, a parent and a
#                 VRRP child each), as the L3 agent runs it
#   xvrrp/router  one `xvrrp -n qrouter-<id> attach` per router
#   xvrrp/node    one `xvrrp attach --config DIR --netns-prefix P` per node
#
# all three on the same keepalived.conf per router (neutron.sh's nt_conf:
# advert_int 2, nopreempt, the VIP on ha-, excluded addresses and the
# default route on qr-/qg-). Each router is a qrouter namespace per node
# with its ha- port on one HA bridge (one tenant's HA network, VRIDs
# 1..N) and qr-/qg- ports that lead nowhere (a veth pair inside the
# namespace, as the dummy driver may be missing): no VM, no SNAT, no
# conntrackd.
#
# Per way and count, in a process of its own that builds and tears down
# everything: processes; total PSS (smaps_rollup); BPF memory (memlock of
# the map and program fds, each id once, programs held only by an XDP link
# through bpftool); CPU (utime + stime, with the reaped children's) over an
# idle window of NT_SCALE_IDLE s as % of one core; set-up: launch until
# every daemon serves its routers ("started") and until every router has
# one master ("elected", Master_Down_Interval included); and at the end of
# the window, from the VIP on the ha- ports, how many routers have exactly
# one master.

SELFTEST_DIR=${SELFTEST_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
# shellcheck source=selftests/neutron.sh
. "$SELFTEST_DIR/neutron.sh"

NT_SCALE_COUNTS=${NT_SCALE_COUNTS:-3 100}
NT_SCALE_WAYS=${NT_SCALE_WAYS:-keepalived router node}
NT_SCALE_IDLE=${NT_SCALE_IDLE:-20}
NT_SCALE_TIMEOUT=${NT_SCALE_TIMEOUT:-300}	# seconds per way and count, all included
NT_SCALE_START_S=${NT_SCALE_START_S:-120}	# bound of "started"
NT_CT_ROUTERS=

sc_way_name()
{
	case $1 in
	keepalived) echo "keepalived/router" ;;
	router) echo "xvrrp/router" ;;
	*) echo "xvrrp/node" ;;
	esac
}

# sc_build: the HA bridge and, per node and router, the qrouter namespace
# with its ha- port on the bridge and qr-/qg- ports leading nowhere. Batched: one `ip`
# for the bridge's side, one per namespace.
sc_build()
{
	local node i ns

	NT_FAB=${PFX}fab
	nt_netns_add "$NT_FAB"
	nt_bridge brq-ha
	for node in "${NT_NODES[@]}"; do
		for i in $(nt_routers); do
			nt_netns_add "$(nt_ns "$node" "$i")"
		done
	done
	for node in "${NT_NODES[@]}"; do
		for i in $(nt_routers); do
			echo "link add $(nt_tap ha "$node" "$i") type veth peer name $(nt_if ha "$node" "$i") netns $(nt_ns "$node" "$i")"
			echo "link set $(nt_tap ha "$node" "$i") master brq-ha up"
		done
	done | ip -n "$NT_FAB" -b - || fail "cannot create the ha- ports"
	for node in "${NT_NODES[@]}"; do
		for i in $(nt_routers); do
			ns=$(nt_ns "$node" "$i")
			ip -n "$ns" -b - <<EOF || fail "cannot set up $ns"
link set $(nt_if ha "$node" "$i") up
address add $(nt_ha_addr "$node" "$i")/18 dev $(nt_if ha "$node" "$i")
link add $(nt_if qr "$node" "$i") type veth peer name qr-peer
link set $(nt_if qr "$node" "$i") up
link set qr-peer up
link add $(nt_if qg "$node" "$i") type veth peer name qg-peer
link set $(nt_if qg "$node" "$i") up
link set qg-peer up
EOF
			mkdir -p "$(nt_dir "$node" "$i")"
			nt_conf "$node" "$i" >"$(nt_dir "$node" "$i")/keepalived.conf"
		done
	done
}

# sc_launch WAY: every daemon of WAY, all at once; SC_PIDS their pids.
sc_launch()
{
	local node i ns dir

	SC_PIDS=()
	for node in "${NT_NODES[@]}"; do
		if [ "$1" = node ]; then
			nt_netns_add "$(nt_node_ns "$node")"
			nt_node_attach "$(nt_node_ns "$node")" "$(nt_node_dir "$node")" \
				"$(nt_netns_prefix "$node")" "$T_DIR/xvrrp-node$node.log"
			track_pid "$NT_ATTACH_PID" xvrrp
			XV_PID[$(nt_node_ns "$node")]=$NT_ATTACH_PID
			SC_PIDS+=("$NT_ATTACH_PID")
			continue
		fi
		for i in $(nt_routers); do
			ns=$(nt_ns "$node" "$i")
			dir=$(nt_dir "$node" "$i")
			if [ "$1" = keepalived ]; then
				ip netns exec "$ns" "$KEEPALIVED" -P -n -l -G -f "$dir/keepalived.conf" \
					-p "$dir/k.pid" -r "$dir/v.pid" -c "$dir/c.pid" >>"$dir/keepalived.log" 2>&1 &
				track_pid $! keepalived
			else
				"$XVRRP" -n "$ns" attach --config "$dir/keepalived.conf" --foreground >>"$dir/xvrrp.log" 2>&1 &
				track_pid $! xvrrp
			fi
			SC_PIDS+=("$!")
		done
	done
}

# sc_started WAY: every daemon runs and serves its routers (keepalived:
# its VRRP child is there; xvrrp: status shows the instance(s)).
sc_started()
{
	local node i n pid

	for pid in "${SC_PIDS[@]}"; do
		pid_alive "$pid" || return 2
	done
	case $1 in
	keepalived)
		for pid in "${SC_PIDS[@]}"; do
			[ -n "$(pgrep -P "$pid")" ] || return 1
		done
		;;
	router)
		# Only the ones not seen up yet are asked again.
		for i in "${!SC_PENDING[@]}"; do
			[ "$(nt_state "${SC_PENDING[$i]% *}" "${SC_PENDING[$i]#* }")" != "?" ] || return 1
			unset "SC_PENDING[$i]"
		done
		;;
	node)
		for node in "${NT_NODES[@]}"; do
			n=$(nt_status "$node" 1 2>/dev/null | jq -r '.instances | length' 2>/dev/null)
			[ "${n:-0}" -ge "$NT_ROUTERS" ] || return 1
		done
		;;
	esac
}

# sc_masters: "OK A B": how many routers have their VIP on exactly one
# node, and how many of them on A and on B.
sc_masters()
{
	local i m ok=0 a=0 b=0

	for i in $(nt_routers); do
		m=$(nt_master_of "$i")
		case $m in
		A) ok=$((ok + 1)); a=$((a + 1)) ;;
		B) ok=$((ok + 1)); b=$((b + 1)) ;;
		esac
	done
	echo "$ok $a $b"
}

sc_all_elected()
{
	local ok

	read -r ok _ <<<"$(sc_masters)"
	[ "$ok" = "$NT_ROUTERS" ]
}

# sc_procs: the daemons and their children (keepalived's VRRP child).
sc_procs()
{
	local pid

	for pid in "${SC_PIDS[@]}"; do
		echo "$pid"
		pgrep -P "$pid"
	done
}

# sc_sample PID...: "PSS_KB BPF_BYTES TICKS" over PID...: PSS from
# smaps_rollup; BPF memory from the fdinfo of map and program fds, each id
# once (a program only an XDP link holds: bpftool's bytes_memlock); ticks:
# utime + stime + cutime + cstime.
sc_sample()
{
	python3 - "$@" <<'EOF'
import json, os, subprocess, sys

pss = ticks = 0
maps, progs, linked = {}, {}, set()
for pid in sys.argv[1:]:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Pss:"):
                    pss += int(line.split()[1])
        with open(f"/proc/{pid}/stat") as f:
            st = f.read().rsplit(")", 1)[1].split()
        ticks += sum(int(x) for x in st[11:15])  # utime stime cutime cstime
        fds = os.listdir(f"/proc/{pid}/fdinfo")
    except OSError:
        continue
    for fd in fds:
        try:
            with open(f"/proc/{pid}/fdinfo/{fd}") as f:
                kv = dict(l.split(":", 1) for l in f.read().splitlines() if ":" in l)
        except OSError:
            continue
        kv = {k.strip(): v.strip() for k, v in kv.items()}
        if "link_id" in kv and "prog_id" in kv:
            linked.add(kv["prog_id"])
        elif "map_id" in kv and "memlock" in kv:
            maps[kv["map_id"]] = int(kv["memlock"])
        elif "prog_id" in kv and "memlock" in kv:
            progs[kv["prog_id"]] = int(kv["memlock"])
for pid in linked - set(progs):
    try:
        out = subprocess.run(["bpftool", "-j", "prog", "show", "id", pid],
                             capture_output=True, timeout=5).stdout
        progs[pid] = int(json.loads(out).get("bytes_memlock", 0))
    except (OSError, ValueError, subprocess.SubprocessError):
        pass
print(pss, sum(maps.values()) + sum(progs.values()), ticks)
EOF
}

# sc_one WAY N OUT: one measurement, appended to OUT as
# "WAY N PROCS PSS_KB BPF_BYTES CPU_PCT STARTED_MS ELECTED_MS OK A B".
sc_one()
{
	local way=$1 ofile=$3 node i t0 started elected pss bpf tk0 tk1 w0 w1 cpu masters hz rc
	local -a procs

	NT_ROUTERS=$2
	NT_MODE=$([ "$way" = node ] && echo node || echo router)
	require_root
	require_cmd jq python3
	require_xvrrp
	[ "$way" = keepalived ] && require_cmd "$KEEPALIVED"
	lib_init
	say "$(sc_way_name "$way"), $NT_ROUTERS routers per node: building $((2 * NT_ROUTERS)) qrouter namespaces"
	sc_build
	SC_PENDING=()
	for node in "${NT_NODES[@]}"; do
		for i in $(nt_routers); do
			SC_PENDING+=("$node $i")
		done
	done
	t0=$(now_ms)
	sc_launch "$way"
	wait_for "sc_started $way; [ \$? != 1 ]" "$NT_SCALE_START_S"
	sc_started "$way"
	rc=$?
	[ $rc = 2 ] && fail "$(sc_way_name "$way"): a daemon exited at start: $(tail -qn 2 "$T_DIR"/xvrrp-*.log "$T_DIR"/ha_confs-*/*/*.log 2>/dev/null | grep -v '^libbpf' | tail -n 3 | tr '\n' ' ')"
	[ $rc = 0 ] || fail "$(sc_way_name "$way"): not every daemon serves its routers after $NT_SCALE_START_S s"
	started=$(( $(now_ms) - t0 ))
	wait_for sc_all_elected 60 || fail "$(sc_way_name "$way"): not one master per router 60 s after the start ($(sc_masters))"
	elected=$(( $(now_ms) - t0 ))
	say "started in $started ms, one master per router $elected ms after the launch; idle for $NT_SCALE_IDLE s"
	sleep 2
	mapfile -t procs < <(sc_procs)
	hz=$(getconf CLK_TCK)
	w0=$(now_ms)
	read -r _ _ tk0 <<<"$(sc_sample "${procs[@]}")"
	sleep "$NT_SCALE_IDLE"
	read -r pss bpf tk1 <<<"$(sc_sample "${procs[@]}")"
	w1=$(now_ms)
	cpu=$(awk -v t=$((tk1 - tk0)) -v hz="$hz" -v ms=$((w1 - w0)) 'BEGIN { printf "%.2f\n", t / hz / (ms / 1000) * 100 }')
	for i in "${SC_PIDS[@]}"; do
		pid_alive "$i" || fail "$(sc_way_name "$way"): daemon $i exited during the window"
	done
	masters=$(sc_masters)
	echo "$way $NT_ROUTERS ${#procs[@]} $pss $bpf $cpu $started $elected $masters" >>"$ofile"
	say "$(sc_way_name "$way"): ${#procs[@]} processes, PSS $pss kB, BPF $bpf B, CPU $cpu %, one master: $masters (routers, on A, on B)"
}

# sc_table OUT: the table of every line of OUT.
sc_table()
{
	local way n procs pss bpf cpu started elected ok a b

	printf '\n%-18s %12s %9s %11s %10s %9s %9s %9s  %s\n' way routers/node processes "PSS total" "BPF mem" "CPU idle" started elected "one master (A/B)"
	while read -r way n procs pss bpf cpu started elected ok a b; do
		printf '%-18s %12s %9s %8.1f MB %7.2f MB %8s%% %7.1f s %7.1f s  %s/%s (%s/%s)\n' "$(sc_way_name "$way")" "$n" "$procs" \
			"$(awk -v k="$pss" 'BEGIN { print k / 1024 }')" "$(awk -v b="$bpf" 'BEGIN { print b / 1048576 }')" \
			"$cpu" "$(awk -v m="$started" 'BEGIN { print m / 1000 }')" \
			"$(awk -v m="$elected" 'BEGIN { print m / 1000 }')" "$ok" "$n" "$a" "$b"
	done <"$1"
	printf '(two nodes; per way and count: every process of both nodes; CPU over %s s idle, %% of one core; started/elected: s from the launch)\n' \
		"$NT_SCALE_IDLE"
}

sc_main()
{
	local out n way k=0 dir rc

	[ "$(id -u)" -eq 0 ] || { echo "neutron-scale: needs root" >&2; exit 1; }
	[ -x "$XVRRP" ] || { echo "neutron-scale: $XVRRP not found: run make first" >&2; exit 1; }
	out=$(mktemp "${TMPDIR:-/tmp}/xvrrp-scale.XXXXXX")
	for n in $NT_SCALE_COUNTS; do
		for way in $NT_SCALE_WAYS; do
			k=$((k + 1))
			dir=$(mktemp -d "${TMPDIR:-/tmp}/xvrrp-scale.XXXXXX")
			PFX="xv$$s$k-" T_DIR=$dir timeout -k 10 "$NT_SCALE_TIMEOUT" bash "$0" --one "$way" "$n" "$out"
			rc=$?
			# Whatever happened, nothing of this way outlives it.
			lib_kill_tracked "$dir"
			lib_del_tracked_netns "$dir"
			if [ $rc != 0 ]; then
				echo "neutron-scale: $(sc_way_name "$way") at $n routers failed (exit $rc): $(cat "$dir/reason" 2>/dev/null)" >&2
				rm -rf "$dir"
				sc_table "$out"
				rm -f "$out"
				exit 1
			fi
			rm -rf "$dir"
		done
	done
	sc_table "$out"
	rm -f "$out"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	if [ "${1:-}" = --one ]; then
		sc_one "$2" "$3" "$4"
	else
		sc_main
	fi
fi
