# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# What a local user, a config author or a host on the segment can send must
# not hang, crash or subvert the daemon (docs/security.md): the holes found
# by review, each shown with the real daemon in a namespace.

ALL_TESTS+=(test_hardening_track_file_fifo test_hardening_silent_control_clients
	test_hardening_reload_large_config test_hardening_reload_notify
	test_hardening_check_unicast_src test_hardening_control_peer_uid
	test_hardening_missing_capability)

# track_conf FILE PRIORITY TRACK_PATH: VI_1 with a vrrp_track_file (weight -50).
track_conf()
{
	{
		printf 'global_defs {\n\tvrrp_version 3\n}\n\n'
		printf 'vrrp_track_file tf {\n\tfile "%s"\n\tweight -50\n}\n\n' "$3"
		compat_instance VI_1 "$VRID" "$2" "$VIP" "track_file {" "	tf" "}"
	} >"$1"
}

# A FIFO planted where the track file is expected: the poll must not wait
# for a writer (it used to stop the loop: no adverts, no SIGTERM).
test_hardening_track_file_fifo()
{
	local tf=$T_DIR/track/state

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 2
	mkdir -p "$T_DIR/track"
	echo 0 >"$tf"
	track_conf "$T_DIR/r1.conf" 200 "$tf"
	write_conf "$T_DIR/r2.conf" 100 0.1
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 5 || fail "r1 (200) is not the only VIP holder: '$(vip_holders)'"
	rm -f "$tf"
	mkfifo "$tf"
	say "the track file is now a FIFO nobody writes to"
	hold_for "only_holder $NS_R1 && xv_state_is $NS_R1 MASTER" 3 ||
		fail "with a FIFO as track file: holders '$(vip_holders)', r1 says '$(xv_state "$NS_R1")' (the loop stopped?)"
	grep -q 'vrrp_track_file tf: .* is not a regular file' "$T_DIR/xvrrp-r1.log" ||
		fail "no warning about the FIFO in r1's log"
	stop_pid "${XV_PID[$NS_R1]}" 5
	[ "$STOP_RC" = 0 ] || fail "SIGTERM with a FIFO as track file: exit '$STOP_RC'"
	note "a FIFO as vrrp_track_file: r1 stayed master 3 s, warned once, stopped cleanly on SIGTERM"
}

# adverts_pcap_start NS: capture protocol 112 on NS's eth0 for 8 s at most.
adverts_pcap_start()
{
	ADV_PCAP=$T_DIR/adv-$(port_of "$1").pcap
	ip netns exec "$1" timeout 8 tcpdump -i eth0 -n -w "$ADV_PCAP" "ip proto 112" >/dev/null 2>&1 &
	ADV_CAP=$!
	track_pid "$ADV_CAP" tcpdump
	sleep 0.5
}

# adverts_gap_ms SRC: stop the capture; the longest time between two adverts from SRC.
adverts_gap_ms()
{
	kill -INT "$ADV_CAP" 2>/dev/null
	wait_for "! pid_alive $ADV_CAP" 3
	tcpdump -tt -n -r "$ADV_PCAP" "ip proto 112 and src $1" 2>/dev/null |
		awk '{ t = $1 + 0; if (n++ && t - p > g) g = t - p; p = t } END { printf "%d\n", g * 1000 + 0.5 }'
}

hardening_pair()
{
	require_root
	require_cmd jq tcpdump
	require_xvrrp
	topo_create 2
	write_conf "$T_DIR/r1.conf" 200 0.1
	write_conf "$T_DIR/r2.conf" 100 0.1
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 5 || fail "r1 (200) is not the only VIP holder: '$(vip_holders)'"
}

# Local clients that connect to the control socket and say nothing used to
# hold the loop 200 ms each: two of them made a 0.1 s instance flap.
test_hardening_silent_control_clients()
{
	local sock gap

	hardening_pair
	sock=/run/xvrrp/net$(ip netns exec "$NS_R1" stat -Lc %i /proc/self/ns/net).sock
	adverts_pcap_start "$NS_C"
	timeout 10 ip netns exec "$NS_R1" /usr/bin/python3 "$SELFTEST_DIR/scrape.py" hold unix "$sock" 8 3 &
	track_pid $! silent
	sleep 0.5
	xv_state_is "$NS_R1" MASTER || fail "xvrrp status does not answer while silent clients are connected"
	hold_for "only_holder $NS_R1" 2.5 || fail "the VIP moved while silent clients held the control socket: '$(vip_holders)'"
	gap=$(adverts_gap_ms 192.0.2.1)
	note "8 silent control clients for 3 s: status answered, longest gap between r1's adverts $gap ms (advert_int 100 ms)"
	[ "$gap" -le 250 ] || fail "r1's adverts paused $gap ms while silent clients held the control socket"
}

# A reload reads the file off the loop: a large configuration (an LVS
# virtual_server of 28 MiB, ignored by xvrrp but read, next to the instance)
# must not pause the adverts while it is read.
test_hardening_reload_large_config()
{
	local gap t0

	hardening_pair
	awk 'BEGIN { print "virtual_server 192.0.2.1 80 {"
		for (i = 0; i < 700000; i++) printf "  real_server 192.0.2.%d 80 { weight 1 }\n", i % 250
		print "}" }' >"$T_DIR/big.conf"
	echo "include $T_DIR/big.conf" >>"$T_DIR/r1.conf"
	adverts_pcap_start "$NS_C"
	t0=$(now_ms)
	# Not xv (5 s at most): reading 27 MiB takes longer under a sanitizer.
	timeout 60 ip netns exec "$NS_R1" "$XVRRP" reload >"$T_DIR/reload.out" 2>&1 ||
		fail "xvrrp reload failed: $(cat "$T_DIR/reload.out")"
	note "xvrrp reload of $(($(stat -c %s "$T_DIR/big.conf") >> 20)) MiB answered after $(( $(now_ms) - t0 )) ms"
	sleep 0.5
	gap=$(adverts_gap_ms 192.0.2.1)
	only_holder "$NS_R1" || fail "the VIP moved during the reload: '$(vip_holders)'"
	note "longest gap between r1's adverts around the reload: $gap ms (advert_int 100 ms)"
	[ "$gap" -le 250 ] || fail "r1's adverts paused $gap ms while the reload read the file"
}

# two_conf FILE WITH_VI_2 NOTIFY_DIR: VI_1 and (when WITH_VI_2 is 1) VI_2,
# both priority 150, each with notify_stop and notify logging to NOTIFY_DIR.
two_conf()
{
	local d=$3

	{
		printf 'global_defs {\n\tvrrp_version 3\n}\n\n'
		compat_instance VI_1 51 150 "$VIP" "notify_stop $d/stop" "notify $d/notify.sh"
		[ "$2" = 1 ] && compat_instance VI_2 52 150 "$VIP2" "notify_stop $d/stop" "notify $d/notify.sh"
	} >"$1"
}

# A reload that removes a master instance hands over with priority 0 and
# drops its VIPs: its notify_stop and notify ("INSTANCE VI_2 STOP") must run
# too, or a BGP or conntrackd script goes on announcing.
test_hardening_reload_notify()
{
	local d

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 1
	d=$(notify_dir "$NS_R1")
	two_conf "$T_DIR/r1.conf" 1 "$d"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "has_vip $NS_R1 $VIP2 && xv_istate_is $NS_R1 VI_2 MASTER" 5 || fail "r1 is not master of VI_2"
	sleep 0.3
	two_conf "$T_DIR/r1.conf" 0 "$d"
	xv "$NS_R1" reload >"$T_DIR/reload.out" 2>&1 || fail "xvrrp reload failed: $(cat "$T_DIR/reload.out")"
	wait_for "! has_vip $NS_R1 $VIP2" 3 || fail "VI_2's VIP is still there after the reload removed VI_2"
	wait_for "grep -q 'notify.sh INSTANCE VI_2 STOP' $d/notify.log" 3 ||
		fail "no 'notify INSTANCE VI_2 STOP' after the reload removed VI_2: $(tr '\n' ';' <"$d/notify.log")"
	wait_for "grep -q ' stop *$' $d/notify.log" 3 || fail "notify_stop did not run for VI_2"
	grep -q 'VI_1 STOP' "$d/notify.log" && fail "VI_1 (kept) was notified STOP"
	note "reload removing master VI_2: notify_stop and 'notify INSTANCE VI_2 STOP' ran, VI_1 untouched"
}

# unicast_conf FILE PRIORITY SRC PEER [LINE...]: VI_1 by unicast.
unicast_conf()
{
	local file=$1 prio=$2 src=$3 peer=$4

	shift 4
	{
		printf 'global_defs {\n\tvrrp_version 3\n}\n\n'
		compat_instance VI_1 "$VRID" "$prio" "$VIP" "unicast_src_ip $src" \
			"unicast_peer {" "	$peer" "}" "$@"
	} >"$file"
}

# The instance's check_unicast_src: a host that is not a unicast peer sends
# a higher priority straight to the master (unicast adverts are not
# TTL-checked: they may be routed). It was accepted: anyone who could route
# protocol 112 to us could take over.
test_hardening_check_unicast_src()
{
	local before after fpid

	require_root
	require_cmd jq python3
	require_xvrrp
	topo_create 2
	unicast_conf "$T_DIR/r1.conf" 200 192.0.2.1 192.0.2.2 check_unicast_src
	unicast_conf "$T_DIR/r2.conf" 100 192.0.2.2 192.0.2.1 check_unicast_src
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "only_holder $NS_R1" 5 || fail "r1 (200) is not the only VIP holder: '$(vip_holders)'"
	before=$(xv "$NS_R1" stats --json | jq '.interfaces[0].xdp.unicast_peer_err')
	VRRP_SEND_GAP=0.05 timeout 10 ip netns exec "$NS_C" python3 "$SELFTEST_DIR/vrrp_send.py" v3 eth0 \
		"$CLIENT_ADDR" "$VRID" 254 64 GOOD 40 "$VIP" 192.0.2.1 "$(mac_of "$NS_R1")" &
	fpid=$!
	track_pid "$fpid" forge
	hold_for "only_holder $NS_R1 && xv_state_is $NS_R1 MASTER" 3 ||
		fail "a stranger's unicast advert (254) moved r1: holders '$(vip_holders)', r1 says $(xv_state "$NS_R1")"
	wait "$fpid"
	after=$(xv "$NS_R1" stats --json | jq '.interfaces[0].xdp.unicast_peer_err')
	[ $((after - before)) -ge 40 ] || fail "unicast_peer_err went from $before to $after, expected +40"
	note "40 unicast adverts (254) from a non-peer: r1 stayed master, unicast_peer_err +$((after - before))"
}

# The control socket is root's (0600 in a 0700 directory). If its mode is
# ever loosened, the peer's uid (SO_PEERCRED) is a second wall: another
# user's request is not answered.
test_hardening_control_peer_uid()
{
	local sock=$T_DIR/ctl/xvrrp.sock out

	require_root
	require_cmd jq python3 setpriv
	require_xvrrp
	topo_create 1
	mkdir -p "$T_DIR/ctl"
	chmod 0755 "$T_DIR" "$T_DIR/ctl"
	write_conf "$T_DIR/r1.conf" 150 0.1
	XVRRP_SOCKET=$sock start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	chmod 0666 "$sock"
	out=$(ip netns exec "$NS_R1" setpriv --reuid=nobody --regid=nogroup --clear-groups \
		/usr/bin/python3 -c 'import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(3)
s.connect(sys.argv[1])
try:
    s.sendall(b"status\n")
    s.shutdown(socket.SHUT_WR)
    print("answered" if s.recv(4096) else "closed")
except (ConnectionResetError, BrokenPipeError):
    print("closed")' "$sock" 2>&1)
	case $out in
	closed) ;;
	*) fail "a request from uid nobody got '$out', expected the connection closed unanswered" ;;
	esac
	XVRRP_SOCKET=$sock xv "$NS_R1" status --json >/dev/null || fail "root's request is not answered"
	note "socket made 0666: uid nobody's request closed unanswered, root's answered"
}

# Root without CAP_NET_ADMIN (a container given too little): one sentence
# naming the capability, exit 1, nothing attached — not a master that
# cannot add its VIPs.
test_hardening_missing_capability()
{
	local out rc

	require_root
	require_cmd setpriv
	require_xvrrp
	topo_create 1
	write_conf "$T_DIR/r1.conf" 150 0.1
	out=$(timeout 20 ip netns exec "$NS_R1" setpriv --inh-caps=-net_admin --bounding-set=-net_admin \
		"$XVRRP" attach --config "$T_DIR/r1.conf" --foreground 2>&1)
	rc=$?
	[ "$rc" = 1 ] || fail "attach without CAP_NET_ADMIN exited $rc: $out"
	case $out in
	*"needs CAP_NET_ADMIN"*"--cap-add NET_ADMIN"*) ;;
	*) fail "attach without CAP_NET_ADMIN said: $out" ;;
	esac
	[ "$(xdp_mode_of "$NS_R1")" = none ] || fail "an XDP program is attached after the refusal"
	note "without CAP_NET_ADMIN: exit 1, '$(echo "$out" | grep -o 'needs CAP_NET_ADMIN.*' | head -1)'"
}

ALL_TESTS+=(test_hardening_one_daemon test_hardening_killed_leftovers test_hardening_daemonised)

# ctl_base NS: the control socket's path in NS without ".sock".
ctl_base()
{
	echo "/run/xvrrp/net$(ip netns exec "$1" stat -Lc %i /proc/self/ns/net)"
}

# One daemon per namespace. The lock is taken before anything on the host
# is touched (the old "already running" check came long before the socket
# was bound, and a second daemon unlinked the first's socket); a path that
# is not a socket is never removed.
test_hardening_one_daemon()
{
	local base before out rc holder try a b alive n f

	require_root
	require_cmd jq flock
	require_xvrrp
	topo_create 1
	write_conf "$T_DIR/r1.conf" 200 0.1
	base=$(ctl_base "$NS_R1")

	# Whoever holds the lock, a daemon does not start and changes nothing.
	exec {holder}>"$base.lock"
	flock -n "$holder" || fail "cannot take $base.lock for the test"
	before=$(host_state "$NS_R1")
	out=$(timeout 10 ip netns exec "$NS_R1" "$XVRRP" attach --config "$T_DIR/r1.conf" --foreground 2>&1)
	rc=$?
	[ "$rc" -ne 0 ] || fail "xvrrp attach started although $base.lock is held"
	echo "$out" | grep -q 'already runs in this network namespace' ||
		fail "with the lock held, attach said: $(echo "$out" | grep -v '^libbpf' | tail -n 2 | tr '\n' ' ')"
	[ "$(host_state "$NS_R1")" = "$before" ] || fail "a refused attach changed the namespace"
	exec {holder}>&-

	# Two started at the same instant, three times: one runs, the other says why.
	for try in 1 2 3; do
		ip netns exec "$NS_R1" "$XVRRP" attach --config "$T_DIR/r1.conf" --foreground >"$T_DIR/a$try.log" 2>&1 &
		a=$!
		ip netns exec "$NS_R1" "$XVRRP" attach --config "$T_DIR/r1.conf" --foreground >"$T_DIR/b$try.log" 2>&1 &
		b=$!
		track_pid "$a" xvrrp
		track_pid "$b" xvrrp
		wait_for "xv_state_is $NS_R1 MASTER" 10 || fail "try $try: no daemon answers as master: $(log_tail "$T_DIR/a$try.log") / $(log_tail "$T_DIR/b$try.log")"
		sleep 0.5
		alive=
		n=0
		for f in "$a" "$b"; do
			pid_alive "$f" && { alive=$f; n=$((n + 1)); }
		done
		[ "$n" = 1 ] || fail "try $try: $n of two daemons started at once still run"
		grep -q 'already runs in this network namespace' "$T_DIR/a$try.log" "$T_DIR/b$try.log" ||
			fail "try $try: the daemon that stopped did not say another one runs"
		xv_state_is "$NS_R1" MASTER || fail "try $try: the survivor does not answer on the control socket"
		stop_pid "$alive" 5
		[ "$STOP_RC" = 0 ] || fail "try $try: the survivor stopped with '$STOP_RC'"
		wait "$a" "$b" 2>/dev/null
	done

	# A regular file where the control socket goes: not ours, left alone.
	echo "not a socket" >"$T_DIR/ctl.sock"
	before=$(host_state "$NS_R1")
	out=$(XVRRP_SOCKET=$T_DIR/ctl.sock timeout 10 ip netns exec "$NS_R1" "$XVRRP" attach \
		--config "$T_DIR/r1.conf" --foreground 2>&1)
	rc=$?
	[ "$rc" -ne 0 ] || fail "attach ran with a regular file at its socket's path"
	[ "$(cat "$T_DIR/ctl.sock" 2>/dev/null)" = "not a socket" ] ||
		fail "a regular file at the control socket's path was removed or changed"
	echo "$out" | grep -q 'is not a socket' ||
		fail "with a regular file at the socket's path, attach said: $(echo "$out" | grep -v '^libbpf' | tail -n 2 | tr '\n' ' ')"
	[ "$(host_state "$NS_R1")" = "$before" ] || fail "the refused attach left something behind"
	note "lock held: refused, nothing touched; two at once x3: one runs; a regular file at the socket path: kept"
}

# leftovers NS: the objects of leftover_conf still on the host, one a line.
leftovers()
{
	ip -n "$1" -o addr show dev eth0 | grep -oE '192\.0\.2\.100/24|203\.0\.113\.50/32|203\.0\.113\.60/32'
	ip -n "$1" route show | grep -oE '^(198\.51\.100\.0/24|203\.0\.113\.128/25)'
	ip -n "$1" rule show | grep -oE 'from 203\.0\.113\.50 lookup 100'
}

# A daemon killed with SIGKILL leaves its VIPs, routes, rules and static
# entries; the next start removes them even when its configuration no
# longer names them (it used to remove only the VIPs of instances still in
# the file).
test_hardening_killed_leftovers()
{
	local pid left base

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 1
	cat >"$T_DIR/old.conf" <<-EOC
	global_defs {
		vrrp_version 3
	}
	static_ipaddress {
		203.0.113.60/32 dev eth0
	}
	static_routes {
		203.0.113.128/25 via 192.0.2.254 dev eth0
	}
	vrrp_instance OLD {
		state MASTER
		interface eth0
		virtual_router_id 61
		priority 200
		advert_int 0.1
		virtual_ipaddress {
			$VIP/24
		}
		virtual_ipaddress_excluded {
			203.0.113.50/32
		}
		virtual_routes {
			198.51.100.0/24 via 192.0.2.254
		}
		virtual_rules {
			from 203.0.113.50 table 100
		}
	}
	EOC
	VRID=62 VIP=192.0.2.101 write_conf "$T_DIR/new.conf" 100 0.1
	start_xvrrp "$NS_R1" "$T_DIR/old.conf"
	wait_for "[ \$(leftovers $NS_R1 | wc -l) = 6 ]" 5 ||
		fail "the first daemon did not add all six objects: $(leftovers "$NS_R1" | tr '\n' ',')"
	pid=${XV_PID[$NS_R1]}
	# Daemon and fence at once: what the fence does not clean, the next start must.
	kill_all_of "$NS_R1" "$pid"
	wait "$pid" 2>/dev/null
	left=$(leftovers "$NS_R1" | wc -l)
	say "after SIGKILL, $left of 6 objects are still on the host"
	[ "$left" = 6 ] || fail "after SIGKILL only $left of the six objects remain: the test shows nothing"
	base=$(ctl_base "$NS_R1")

	start_xvrrp "$NS_R1" "$T_DIR/new.conf"
	left=$(leftovers "$NS_R1" | tr '\n' ',')
	[ -z "$left" ] || fail "a new daemon with another configuration left behind: $left"
	grep -q 'did not stop' "$T_DIR/xvrrp-r1.log" || fail "the sweep was not logged"
	wait_for "has_vip $NS_R1 192.0.2.101" 5 || fail "the new configuration's VIP did not come up"
	stop_pid "${XV_PID[$NS_R1]}" 5
	[ "$STOP_RC" = 0 ] || fail "clean stop: exit '$STOP_RC'"
	[ ! -e "$base.owned" ] || fail "a clean stop left its record ($base.owned)"
	note "SIGKILL left 6 objects; the next start with another configuration removed them all"
}

# A daemon in the background keeps no directory busy and creates files with
# a known umask; a relative --config still reloads.
test_hardening_daemonised()
{
	local pid cwd um

	require_root
	require_cmd jq
	require_xvrrp
	topo_create 1
	write_conf "$T_DIR/r1.conf" 200 0.1
	BG_OUT=$(cd "$T_DIR" && umask 077 && timeout 15 ip netns exec "$NS_R1" "$XVRRP" attach --config r1.conf 2>&1 </dev/null)
	track_netns_pids "$NS_R1"
	pid=$(echo "$BG_OUT" | sed -n 's/^xvrrp: running as pid \([0-9][0-9]*\)$/\1/p' | head -n 1)
	[ -n "$pid" ] || fail "attach in the background printed no pid: $BG_OUT"
	cwd=$(readlink "/proc/$pid/cwd")
	um=$(awk '/^Umask:/ { print $2 }' "/proc/$pid/status")
	[ "$cwd" = / ] || fail "the daemon's working directory is $cwd, not /"
	[ "$um" = 0022 ] || fail "the daemon's umask is $um, not 0022"
	xv "$NS_R1" reload >/dev/null 2>&1 || fail "reload with a relative --config path failed after the daemon left its directory"
	kill -TERM "$pid"
	wait_for "proc_gone $pid" 5 || fail "the daemon did not stop on SIGTERM"
	note "background daemon: cwd /, umask 0022, a relative --config reloads"
}
