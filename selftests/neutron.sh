#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# shellcheck disable=SC2034  # NT_* results are read by test_neutron.sh
#
# OpenStack Neutron L3 HA with Linux bridge, in network namespaces: the
# topology and steps shared by `make neutron-demo` (run this file) and
# selftests/test_neutron.sh (which sources it).
#
#   network node A                       network node B
#   ${PFX}A-qrouter-<id> (one per router)  ${PFX}B-qrouter-<id>
#     ha-a0000001-01 169.254.192.1x/18      ha-b0000001-01 169.254.192.2x/18
#     qr-a1000001-01 (tenant network)       qr-b1000001-01
#     qg-a2000001-01 (external network)     qg-b2000001-01
#               \        |        /            \       |       /
#   ${PFX}fab: brq-ha (the HA network, standing in for its VXLAN segment),
#              brq-t<i> (tenant network of router i), brq-ex (external)
#               /                     \
#   ${PFX}vm<i> eth0 (a VM per tenant network)   ${PFX}ext eth0 203.0.113.1
#
# Each router is a pair of qrouter namespaces, one per node, each running
# one xvrrp (`xvrrp -n NETNS attach`, as the L3 agent runs one keepalived
# per router) on the keepalived.conf Neutron writes for it: VRID i, the
# primary VIP 169.254.0.<i>/24 on ha-, the gateway addresses in
# virtual_ipaddress_excluded and the default route in virtual_routes.
# nftables SNAT on qg- in every qrouter namespace; conntrackd replicates
# the connection table of each router's pair over the HA network, driven by
# xvrrp's notify scripts (conntrackd-notify.sh).
#
# NT_MODE=router is that one-process-per-router mode. NT_MODE=node runs one
# xvrrp per network node instead, in a namespace of its own (${PFX}nodeA,
# ${PFX}nodeB): `xvrrp attach --config DIR --netns-prefix ${PFX}A-qrouter-`
# on the node's ha_confs directory, DIR/<router_id>/keepalived.conf being
# the same file as in router mode; a router added to a running node is a
# file written and `xvrrp reload`. Run as a program, this file shows both
# modes, one after the other.
#
# Addresses: HA 169.254.0.0/16 only; tenant networks 192.0.2.0/24 (a /26 per
# router, routers 1-4) and 198.51.100.0/24 (routers 5-8); external
# 203.0.113.0/24.

SELFTEST_DIR=${SELFTEST_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
# shellcheck source=selftests/lib.sh
declare -F lib_init >/dev/null || . "$SELFTEST_DIR/lib.sh"

NT_ROUTERS=${NT_ROUTERS:-3}
NT_ADVERT=${NT_ADVERT:-2}		# Neutron's ha_vrrp_advert_int
NT_MODE=${NT_MODE:-router}
NT_NODES=(A B)
NT_EXT_ADDR=203.0.113.1
NT_TCP_PORT=5001
NT_TCP=$SELFTEST_DIR/neutron_tcp.py
NT_NOTIFY=$SELFTEST_DIR/conntrackd-notify.sh
# Routers whose pair runs conntrackd; the others are the control: their
# connections cannot survive a failover (nf_conntrack_tcp_loose=0).
NT_CT_ROUTERS=${NT_CT_ROUTERS:-$(seq -s ' ' 1 $((NT_ROUTERS - 1)))}
NT_GRACE=${NT_GRACE:-6}		# seconds a TCP stream waits for its last echoes
NT_CT=1					# 0: conntrackd unusable here (NT_CT_WHY)
NT_CT_WHY=
NT_FAB=
NT_EXT=

# ---------------------------------------------------------------- names, addresses

nt_rid()	{ printf 'd0c5%04x' "$1"; }
nt_ns()		{ echo "${PFX}$1-qrouter-$(nt_rid "$2")"; }
nt_vm()		{ echo "${PFX}vm$1"; }
nt_other()	{ [ "$1" = A ] && echo B || echo A; }

# nt_if KIND NODE I: Neutron's port names, KIND-XXXXXXXX-XX (14 characters).
nt_if()
{
	local k

	case $1 in ha) k=0 ;; qr) k=1 ;; *) k=2 ;; esac
	printf '%s-%s%d%06x-%02x' "$1" "${2,,}" "$k" "$3" "$3"
}

# nt_tap KIND NODE I: the port's other end, in a bridge (tap + 11 characters).
nt_tap()
{
	local p

	p=$(nt_if "$@")
	echo "tap${p#*-}"
}

# nt_ha_addr NODE I: the ha- port's address; past router 9 (the scale
# measurement's many routers) 169.254.193.I on node A, 169.254.194.I on B.
nt_ha_addr()
{
	if [ "$2" -le 9 ]; then
		[ "$1" = A ] && echo "169.254.192.$((10 + $2))" || echo "169.254.192.$((20 + $2))"
	else
		[ "$1" = A ] && echo "169.254.193.$2" || echo "169.254.194.$2"
	fi
}

nt_vip()	{ echo "169.254.0.$1"; }
nt_gw_addr()	{ echo "203.0.113.$((10 + $1))"; }

# nt_tnet I: "NET BASE": router I's tenant /26. Past router 8 the tenant
# networks repeat (router 9 has router 1's): tenants' networks overlap, each
# router is a namespace of its own.
nt_tnet()
{
	if [ "$1" -gt 8 ]; then
		nt_tnet $(( ($1 - 1) % 8 + 1 ))
	elif [ "$1" -le 4 ]; then
		echo "192.0.2 $((64 * ($1 - 1)))"
	else
		echo "198.51.100 $((64 * ($1 - 5)))"
	fi
}

nt_qr_addr()	{ local n b; read -r n b <<<"$(nt_tnet "$1")"; echo "$n.$((b + 1))"; }
nt_vm_addr()	{ local n b; read -r n b <<<"$(nt_tnet "$1")"; echo "$n.$((b + 10))"; }
nt_net()	{ local n b; read -r n b <<<"$(nt_tnet "$1")"; echo "$n.$b/26"; }

# Master_Down_Interval of VRRPv2 (Neutron's configuration has no
# vrrp_version): 3 * Advertisement_Interval + (256 - Priority) / 256 s
# (RFC 3768 section 6.1), priority 50.
nt_mdi_ms()
{
	awk -v a="$NT_ADVERT" 'BEGIN { printf "%d\n", (3 * a + (256 - 50) / 256) * 1000 + 0.5 }'
}

# Skew_Time: how long a backup waits after a priority-0 advert.
nt_skew_ms()	{ echo $(( (256 - 50) * 1000 / 256 )); }

nt_routers()	{ seq 1 "$NT_ROUTERS"; }
nt_has_ct()	{ [ "$NT_CT" = 1 ] && [[ " $NT_CT_ROUTERS " == *" $1 "* ]]; }

# ---------------------------------------------------------------- topology

nt_netns_add()
{
	netns_add "$1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# nt_port NS DEV BRIDGE TAP [MAC]: DEV in NS, a veth whose end TAP is a port
# of BRIDGE in the fabric namespace.
nt_port()
{
	ip -n "$NT_FAB" link add name "$4" type veth peer name "$2" netns "$1" ||
		fail "cannot create $2 in $1"
	[ -n "${5:-}" ] && ip -n "$1" link set "$2" address "$5"
	ip -n "$NT_FAB" link set "$4" master "$3" up || fail "cannot bridge $4"
	ip -n "$1" link set "$2" up
}

nt_bridge()
{
	ip -n "$NT_FAB" link add name "$1" type bridge stp_state 0 forward_delay 0 mcast_snooping 0 ||
		fail "cannot create bridge $1"
	ip -n "$NT_FAB" link set "$1" up
}

# nt_qrouter_build NODE I: router I's namespace on NODE, its three ports,
# forwarding, SNAT, strict TCP tracking.
nt_qrouter_build()
{
	local node=$1 i=$2 ns k n kind

	ns=$(nt_ns "$node" "$i")
	nt_netns_add "$ns"
	n=$([ "$node" = A ] && echo 0a || echo 0b)
	k=0
	for kind in ha qr qg; do
		k=$((k + 1))
		nt_port "$ns" "$(nt_if $kind "$node" "$i")" \
			"$(case $kind in ha) echo brq-ha ;; qr) echo "brq-t$i" ;; *) echo brq-ex ;; esac)" \
			"$(nt_tap $kind "$node" "$i")" "$(printf 'fa:16:3e:%s:%02x:%02x' "$n" "$k" "$i")"
	done
	ip -n "$ns" addr add "$(nt_ha_addr "$node" "$i")/18" dev "$(nt_if ha "$node" "$i")"
	# SNAT to the router's external address (Neutron's -j SNAT --to-source
	# on qg-); packets of connections the router does not know (INVALID:
	# with nf_conntrack_tcp_loose=0, any mid-stream TCP segment) are dropped,
	# not answered with a reset.
	ip netns exec "$ns" nft -f - <<EOF || fail "nft rules in $ns"
table ip neutron {
	chain postrouting {
		type nat hook postrouting priority srcnat; policy accept;
		oifname "$(nt_if qg "$node" "$i")" snat to $(nt_gw_addr "$i")
	}
	chain forward {
		type filter hook forward priority filter; policy accept;
		ct state invalid drop
	}
	chain input {
		type filter hook input priority filter; policy accept;
		ct state invalid drop
	}
}
EOF
	ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 net.netfilter.nf_conntrack_tcp_loose=0 ||
		fail "sysctls in $ns"
}

# nt_build: the fabric, the external host, a VM per router and both
# nodes' qrouter namespaces.
nt_build()
{
	local i node vm

	NT_FAB=${PFX}fab
	NT_EXT=${PFX}ext
	nt_netns_add "$NT_FAB"
	nt_bridge brq-ha
	nt_bridge brq-ex
	nt_netns_add "$NT_EXT"
	nt_port "$NT_EXT" eth0 brq-ex tapext
	ip -n "$NT_EXT" addr add "$NT_EXT_ADDR/24" dev eth0
	for i in $(nt_routers); do
		nt_bridge "brq-t$i"
		vm=$(nt_vm "$i")
		nt_netns_add "$vm"
		nt_port "$vm" eth0 "brq-t$i" "tapvm$i"
		ip -n "$vm" addr add "$(nt_vm_addr "$i")/26" dev eth0
		ip -n "$vm" route add default via "$(nt_qr_addr "$i")"
	done
	for node in "${NT_NODES[@]}"; do
		for i in $(nt_routers); do
			nt_qrouter_build "$node" "$i"
		done
	done
}

# ---------------------------------------------------------------- configuration

# nt_conf NODE I: the keepalived.conf the L3 agent writes for router I on
# NODE (neutron/agent/linux/keepalived.py, with keepalived_use_no_track),
# plus the notify lines of conntrackd when the router has it.
nt_conf()
{
	local node=$1 i=$2 ha qr qg ctc

	ha=$(nt_if ha "$node" "$i")
	qr=$(nt_if qr "$node" "$i")
	qg=$(nt_if qg "$node" "$i")
	cat <<EOF
global_defs {
    notification_email_from neutron@openstack.local
    router_id neutron
}
vrrp_instance VR_$i {
    state BACKUP
    interface $ha
    virtual_router_id $i
    priority 50
    garp_master_delay 60
    nopreempt
    advert_int $NT_ADVERT
    track_interface {
        $ha
    }
    virtual_ipaddress {
        $(nt_vip "$i")/24 dev $ha
    }
    virtual_ipaddress_excluded {
        $(nt_qr_addr "$i")/26 dev $qr no_track
        $(nt_gw_addr "$i")/24 dev $qg no_track
    }
    virtual_routes {
        0.0.0.0/0 via $NT_EXT_ADDR dev $qg protocol static no_track
    }
EOF
	if nt_has_ct "$i"; then
		ctc=$(nt_dir "$node" "$i")/conntrackd.conf
		cat <<EOF
    notify_master "$NT_NOTIFY $ctc primary $(nt_dir "$node" "$i")/notify.log"
    notify_backup "$NT_NOTIFY $ctc backup $(nt_dir "$node" "$i")/notify.log"
    notify_fault "$NT_NOTIFY $ctc fault $(nt_dir "$node" "$i")/notify.log"
EOF
	fi
	echo "}"
}

# nt_dir NODE I: the router's state directory (Neutron's ha_confs/<id>).
nt_dir()
{
	echo "$T_DIR/ha_confs-$1/$(nt_rid "$2")"
}

# nt_ctd_conf NODE I: conntrackd in FTFW mode over UDP between the pair's
# ha- addresses; TCP only.
nt_ctd_conf()
{
	local node=$1 i=$2 dir

	dir=$(nt_dir "$node" "$i")
	cat <<EOF
Sync {
	Mode FTFW {
		DisableExternalCache Off
	}
	UDP {
		IPv4_address $(nt_ha_addr "$node" "$i")
		IPv4_Destination_Address $(nt_ha_addr "$(nt_other "$node")" "$i")
		Port 3780
		Interface $(nt_if ha "$node" "$i")
		SndSocketBuffer 1249280
		RcvSocketBuffer 1249280
		Checksum on
	}
}
General {
	HashSize 8192
	HashLimit 65536
	LogFile $dir/conntrackd.log
	Syslog off
	LockFile $dir/conntrackd.lock
	UNIX {
		Path $dir/conntrackd.ctl
	}
	NetlinkBufferSize 2097152
	NetlinkBufferSizeMaxGrowth 8388608
	Filter From Userspace {
		Protocol Accept {
			TCP
		}
		Address Ignore {
			IPv4_address 127.0.0.1
			IPv4_address $(nt_ha_addr "$node" "$i")
		}
	}
}
EOF
}

# ---------------------------------------------------------------- processes

nt_xv()
{
	local ns=$1

	shift
	timeout 5 "$XVRRP" -n "$ns" "$@"
}

# nt_node_ns NODE: the namespace of NODE's one xvrrp in node mode.
nt_node_ns()	{ echo "${PFX}node$1"; }

# nt_node_dir NODE: NODE's ha_confs directory, DIR/<router_id>/keepalived.conf.
nt_node_dir()	{ echo "$T_DIR/ha_confs-$1"; }

# nt_netns_prefix NODE: what precedes <router_id> in NODE's qrouter names.
nt_netns_prefix() { echo "${PFX}$1-qrouter-"; }

# nt_status NODE I: `xvrrp status --json` of the daemon serving router I on
# NODE: the router's own (router mode) or the node's (node mode).
nt_status()
{
	if [ "$NT_MODE" = node ]; then
		timeout 5 ip netns exec "$(nt_node_ns "$1")" "$XVRRP" status --json
	else
		nt_xv "$(nt_ns "$1" "$2")" status --json
	fi
}

# nt_instance NODE I: router I's instance on NODE, a JSON object. In node
# mode one daemon holds every router's VR_<vrid> (Neutron's names, which
# repeat across routers): the "netns" field tells them apart.
nt_instance()
{
	local ns=""

	# A daemon per router names its own namespace "" (or not at all).
	[ "$NT_MODE" = node ] && ns=$(nt_ns "$1" "$2")
	nt_status "$1" "$2" 2>/dev/null |
		jq -ec --arg n "VR_$2" --arg ns "$ns" \
			'[.instances[] | select(.name == $n and ($ns == "" or (.netns // $ns) == $ns))] | .[0] // empty' 2>/dev/null
}

# nt_state NODE I: the state of VR_I on NODE, from `xvrrp status --json`.
nt_state()
{
	nt_instance "$1" "$2" | jq -er '.state' 2>/dev/null || echo "?"
}

# nt_has_vip NODE I: the primary VIP 169.254.0.I is on NODE's ha- port, the
# way neutron-keepalived-state-change sees a master.
nt_has_vip()
{
	has_addr "$(nt_ns "$1" "$2")" "$(nt_if ha "$1" "$2")" "$(nt_vip "$2")"
}

# nt_master_of I: the nodes holding router I's primary VIP.
nt_master_of()
{
	local node out=()

	for node in "${NT_NODES[@]}"; do
		nt_has_vip "$node" "$1" && out+=("$node")
	done
	echo "${out[*]}"
}

# nt_one_master_each: every router has its VIP on exactly one node, and
# that node's xvrrp says MASTER, the other's does not.
nt_one_master_each()
{
	local i m

	for i in $(nt_routers); do
		m=$(nt_master_of "$i")
		[ "${#m}" = 1 ] || return 1
		[ "$(nt_state "$m" "$i")" = MASTER ] || return 1
		[ "$(nt_state "$(nt_other "$m")" "$i")" != MASTER ] || return 1
	done
}

# nt_monitor_start NODE I: `ip -o monitor address` on the ha- port, what
# neutron-keepalived-state-change runs in the qrouter namespace.
nt_monitor_start()
{
	local node=$1 i=$2

	timeout 900 ip -n "$(nt_ns "$node" "$i")" -o -ts monitor address dev "$(nt_if ha "$node" "$i")" \
		>>"$(nt_dir "$node" "$i")/monitor.log" 2>&1 &
	track_pid $! ip-monitor
	NT_MON_PID[$(nt_ns "$node" "$i")]=$!
}

# nt_monitor_events NODE I: the VIP's comings and goings seen by that
# monitor, one "+ TIME" or "- TIME" per line.
nt_monitor_events()
{
	# This ip stamps every message, also those its dev filter then leaves
	# out: the stamp of a line is the last one before the text.
	awk -v vip=" inet $(nt_vip "$2")/" 'index($0, vip) {
		t = ""
		while (match($0, /^\[[^]]*\] */)) {
			t = substr($0, RSTART + 12, 12)
			$0 = substr($0, RSTART + RLENGTH)
		}
		print (($1 == "Deleted") ? "-" : "+") " " t
	}' "$(nt_dir "$1" "$2")/monitor.log"
}

nt_ctd_start()
{
	local node=$1 i=$2 dir ns

	dir=$(nt_dir "$node" "$i")
	ns=$(nt_ns "$node" "$i")
	nt_ctd_conf "$node" "$i" >"$dir/conntrackd.conf"
	ip netns exec "$ns" conntrackd -C "$dir/conntrackd.conf" >>"$dir/conntrackd.out" 2>&1 &
	track_pid $! conntrackd
	NT_CTD_PID[$ns]=$!
	if ! wait_for "conntrackd -C $dir/conntrackd.conf -s" 5; then
		NT_CT=0
		NT_CT_WHY="conntrackd does not run here: $(tail -n 2 "$dir/conntrackd.out" "$dir/conntrackd.log" 2>/dev/null | grep -v '^==>' | tr '\n' ' ')"
		return 1
	fi
}

# nt_alive PID: PID is set and runs (kill -0 of an empty or 0 pid is not that).
nt_alive()	{ [ "${1:-0}" != 0 ] && pid_alive "$1"; }

# nt_router_prepare NODE I: what a router needs before its VRRP instance
# runs: its directory, conntrackd (if the router has it), the monitor, and
# the keepalived.conf (checked). Started once: a node back after its daemon
# stopped finds them running.
# -g: this file is also sourced inside a function (the runner's load_tests).
declare -gA NT_CTD_PID=() NT_MON_PID=()
nt_router_prepare()
{
	local node=$1 i=$2 dir ns conf

	dir=$(nt_dir "$node" "$i")
	ns=$(nt_ns "$node" "$i")
	mkdir -p "$dir"
	if nt_has_ct "$i" && ! nt_alive "${NT_CTD_PID[$ns]:-}"; then
		nt_ctd_start "$node" "$i"
	fi
	conf=$dir/keepalived.conf
	nt_conf "$node" "$i" >"$conf.tmp"
	"$XVRRP" check-config "$conf.tmp" >"$dir/check-config.out" 2>&1 ||
		fail "xvrrp check-config refuses router $i's configuration: $(head -n 3 "$dir/check-config.out" | tr '\n' ' ')"
	mv "$conf.tmp" "$conf"
	if ! nt_alive "${NT_MON_PID[$ns]:-}"; then
		nt_monitor_start "$node" "$i"
	fi
}

# nt_wait_up NODE I PID LOG: router I's instance on NODE answers status.
nt_wait_up()
{
	local node=$1 i=$2 pid=$3 log=$4

	wait_for "! pid_alive $pid || [ \"\$(nt_state $node $i)\" != '?' ]" 15
	pid_alive "$pid" || fail "xvrrp for router $i on node $node exited: $(log_tail "$log")"
	[ "$(nt_state "$node" "$i")" != "?" ] ||
		fail "xvrrp for router $i on node $node does not answer status within 15 s: $(log_tail "$log")"
}

# nt_start_router NODE I: `xvrrp -n qrouter-… attach` on the router's
# keepalived.conf.
nt_start_router()
{
	local node=$1 i=$2 ns log pid

	ns=$(nt_ns "$node" "$i")
	nt_router_prepare "$node" "$i"
	log=$T_DIR/xvrrp-$node-$i.log
	"$XVRRP" -n "$ns" attach --config "$(nt_dir "$node" "$i")/keepalived.conf" --foreground >>"$log" 2>&1 &
	pid=$!
	track_pid "$pid" xvrrp
	XV_PID[$ns]=$pid
	nt_wait_up "$node" "$i" "$pid" "$log"
}

# nt_node_attach NS DIR PREFIX LOG: `xvrrp attach --config DIR` in NS, in
# the background (ip netns exec, so each node's daemon has its namespace and
# its control socket); NT_ATTACH_PID is its pid.
nt_node_attach()
{
	ip netns exec "$1" "$XVRRP" attach --config "$2" --netns-prefix "$3" --foreground >>"$4" 2>&1 &
	NT_ATTACH_PID=$!
}

# nt_start_node_daemon NODE I...: routers I... on NODE's one xvrrp. The
# first start runs `xvrrp attach --config DIR` in the node's namespace; a
# router added later is its directory written and `xvrrp reload`.
nt_start_node_daemon()
{
	local node=$1 i nns log pid

	shift
	nns=$(nt_node_ns "$node")
	log=$T_DIR/xvrrp-node$node.log
	mkdir -p "$(nt_node_dir "$node")"
	for i in "$@"; do
		nt_router_prepare "$node" "$i"
	done
	pid=${XV_PID[$nns]:-}
	if nt_alive "$pid"; then
		timeout 5 ip netns exec "$nns" "$XVRRP" reload >>"$log" 2>&1 ||
			fail "xvrrp reload on node $node (routers $* added) failed: $(log_tail "$log")"
	else
		[ -e "/run/netns/$nns" ] || nt_netns_add "$nns"
		nt_node_attach "$nns" "$(nt_node_dir "$node")" "$(nt_netns_prefix "$node")" "$log"
		pid=$NT_ATTACH_PID
		track_pid "$pid" xvrrp
		XV_PID[$nns]=$pid
	fi
	for i in "$@"; do
		nt_wait_up "$node" "$i" "$pid" "$log"
	done
}

# nt_start_node NODE I...: start NODE's part of routers I... in NT_MODE.
nt_start_node()
{
	local node=$1 i

	shift
	case $NT_MODE in
	router)
		for i in "$@"; do
			nt_start_router "$node" "$i"
		done
		;;
	node)
		nt_start_node_daemon "$node" "$@"
		;;
	*)
		fail "NT_MODE=$NT_MODE: 'router' (one xvrrp per qrouter namespace) or 'node' (one per network node)"
		;;
	esac
}

# nt_daemons_of NODE: the pids of NODE's xvrrp daemons (one per router, or
# the node's one).
nt_daemons_of()
{
	local i

	if [ "$NT_MODE" = node ]; then
		echo "${XV_PID[$(nt_node_ns "$1")]:-}"
	else
		for i in $(nt_routers); do
			echo "${XV_PID[$(nt_ns "$1" "$i")]:-}"
		done
	fi
}

# nt_stop_daemons NODE: SIGTERM to NODE's xvrrp (priority-0 adverts, VIPs
# removed), waited for.
nt_stop_daemons()
{
	local pid pids=()

	for pid in $(nt_daemons_of "$1"); do
		nt_alive "$pid" || continue
		kill -TERM "$pid" 2>/dev/null
		pids+=("$pid")
	done
	for pid in "${pids[@]}"; do
		wait_for "! pid_alive $pid" 10 || fail "xvrrp (pid $pid) on node $1 did not stop on SIGTERM"
		wait "$pid" 2>/dev/null
	done
	NT_STOPPED=${#pids[@]}
}

# nt_start: both nodes. Both sides of every router start as BACKUP with
# nopreempt, so the first to run out its Master_Down_Timer is the master:
# node A's side of the odd routers and node B's of the even ones start
# first, so that each node masters some routers.
nt_start()
{
	local i a_first=() b_first=()

	NT_CT=1
	if ! command -v conntrackd >/dev/null 2>&1; then
		NT_CT=0
		NT_CT_WHY="conntrackd is not installed (.ci/install-deps installs it)"
	fi
	for i in $(nt_routers); do
		if [ $((i % 2)) = 1 ]; then a_first+=("$i"); else b_first+=("$i"); fi
	done
	nt_start_node A "${a_first[@]}"
	nt_start_node B "${b_first[@]}"
	sleep 1
	nt_start_node A "${b_first[@]}"
	nt_start_node B "${a_first[@]}"
	if [ "$NT_CT" = 0 ]; then
		say "connection survival will be skipped: $NT_CT_WHY"
	fi
}

# nt_table: router, VRID, the state on each node (xvrrp status --json) and
# who holds the primary VIP.
nt_table()
{
	local i

	printf '    %-16s %4s  %-8s %-8s  %s\n' router VRID "node A" "node B" "169.254.0.<vrid> on"
	for i in $(nt_routers); do
		printf '    %-16s %4s  %-8s %-8s  %s\n' "qrouter-$(nt_rid "$i")" "$i" \
			"$(nt_state A "$i")" "$(nt_state B "$i")" "$(nt_master_of "$i")"
	done
}

# ---------------------------------------------------------------- traffic

nt_server_start()
{
	ip netns exec "$NT_EXT" python3 "$NT_TCP" server "$NT_TCP_PORT" 900 >>"$T_DIR/server.log" 2>&1 &
	track_pid $! tcp-server
	wait_for "ip netns exec $NT_EXT ss -Hltn 'sport = :$NT_TCP_PORT' | grep -q LISTEN" 5 ||
		fail "the TCP echo server did not start: $(tail -n 3 "$T_DIR/server.log")"
}

# nt_reach I: VM I pings the external host (3 replies, 3 s at most) and the
# external host sees VM I's TCP connection come from router I's external
# address. NT_PEER holds the address it saw.
nt_reach()
{
	local vm

	vm=$(nt_vm "$1")
	NT_PEER=-
	ip netns exec "$vm" ping -n -q -c 3 -i 0.2 -W 1 -w 3 "$NT_EXT_ADDR" >/dev/null 2>&1 || return 1
	NT_PEER=$(timeout 5 ip netns exec "$vm" python3 "$NT_TCP" probe "$NT_EXT_ADDR" "$NT_TCP_PORT" 2>/dev/null |
		sed -n 's/^peer \([0-9.]*\):.*/\1/p')
	[ "$NT_PEER" = "$(nt_gw_addr "$1")" ]
}

# nt_gap_ms FILE: the longest time between two consecutive ping replies.
nt_gap_ms()
{
	awk '/ bytes from / {
		t = substr($1, 2, length($1) - 2) + 0
		if (n++ && t - prev > gap) gap = t - prev
		prev = t
	} END { printf "%d\n", gap * 1000 + 0.5 }' "$1"
}

# ---------------------------------------------------------------- a node vanishes

nt_taps_of()
{
	local i kind

	for i in $(nt_routers); do
		for kind in ha qr qg; do
			nt_tap $kind "$1" "$i"
		done
	done
}

# nt_cut_links NODE: NODE's ports go down in every bridge (a dead node, a
# pulled cable): its qrouter ports lose carrier.
nt_cut_links()
{
	local t

	for t in $(nt_taps_of "$1"); do
		ip -n "$NT_FAB" link set "$t" down || fail "cannot cut $t"
	done
}

nt_restore_links()
{
	local t

	for t in $(nt_taps_of "$1"); do
		ip -n "$NT_FAB" link set "$t" up || fail "cannot restore $t"
	done
}

# nt_silence NODE: every frame from or to NODE's ports is dropped in the
# bridges (nftables, bridge family) while every carrier stays up: a node cut
# off behind its switch, whose routers go on believing they are masters.
nt_silence()
{
	local set

	set=$(nt_taps_of "$1" | sed 's/.*/"&"/' | paste -sd, -)
	ip netns exec "$NT_FAB" nft -f - <<EOF || fail "cannot silence node $1"
table bridge cut$1 {
	chain forward {
		type filter hook forward priority filter; policy accept;
		iifname { $set } drop
		oifname { $set } drop
	}
}
EOF
}

nt_unsilence()
{
	ip netns exec "$NT_FAB" nft delete table bridge "cut$1" || fail "cannot unsilence node $1"
}

# nt_vanish NODE HOW SECS: NODE vanishes (HOW: links, silent, or stop: its
# xvrrp stopped, one process per router or the node's one) 1.5 s into a
# SECS-second window during which every VM pings the external host every
# 50 ms and keeps a TCP connection to it busy (a line every 100 ms).
# Results: NT_MOVED (the routers NODE mastered), NT_TOOK[i] (ms from the cut
# to the VIP on the other node, -1: never), NT_GAP[i] (VM i's longest ping
# gap, ms), NT_STREAM[i] (the stream's summary line).
declare -A NT_TOOK=() NT_GAP=() NT_STREAM=()
NT_MOVED=()

nt_vanish()
{
	local node=$1 how=$2 secs=$3 other i t0 left now vm count pids=() grace what

	other=$(nt_other "$node")
	NT_HOW=$how
	NT_MOVED=()
	NT_TOOK=()
	NT_GAP=()
	NT_STREAM=()
	for i in $(nt_routers); do
		[ "$(nt_master_of "$i")" = "$node" ] && NT_MOVED+=("$i")
	done
	count=$(awk -v s="$secs" 'BEGIN { printf "%d\n", s / 0.05 }')
	grace=$NT_GRACE
	for i in $(nt_routers); do
		vm=$(nt_vm "$i")
		ip netns exec "$vm" ping -n -D -i 0.05 -c "$count" -W 0.2 -w "$((${secs%.*} + 2))" \
			"$NT_EXT_ADDR" >"$T_DIR/ping-$i.out" 2>&1 &
		track_pid $! ping
		pids+=($!)
		timeout $((${secs%.*} + grace + 5)) ip netns exec "$vm" python3 "$NT_TCP" stream \
			"$NT_EXT_ADDR" "$NT_TCP_PORT" "$secs" "$grace" >"$T_DIR/stream-$i.out" 2>&1 &
		track_pid $! tcp-stream
		pids+=($!)
	done
	# The cut comes once every stream is up (on a loaded machine, starting
	# them can take a while).
	wait_for nt_streams_connected 10 ||
		fail "the TCP streams did not connect: $(cat "$T_DIR"/stream-*.out | tr '\n' ' ')"
	sleep 1.5
	t0=$(now_ms)
	case $how in
	links) nt_cut_links "$node"; what=$how ;;
	stop) nt_stop_daemons "$node"; what="xvrrp stopped, $NT_STOPPED process(es)" ;;
	*) nt_silence "$node"; what=$how ;;
	esac
	say "node $node vanished ($what); routers it mastered: ${NT_MOVED[*]:-none}"
	left=("${NT_MOVED[@]}")
	while [ ${#left[@]} -gt 0 ] && [ $(( $(now_ms) - t0 )) -lt $(( $(nt_mdi_ms) + 5000 )) ]; do
		local rest=()

		now=$(now_ms)
		for i in "${left[@]}"; do
			if nt_has_vip "$other" "$i"; then
				NT_TOOK[$i]=$((now - t0))
			else
				rest+=("$i")
			fi
		done
		left=("${rest[@]}")
		sleep 0.02
	done
	for i in "${left[@]}"; do
		NT_TOOK[$i]=-1
	done
	for i in "${pids[@]}"; do
		wait_for "! pid_alive $i" $((${secs%.*} + grace + 8)) || kill -TERM "$i" 2>/dev/null
		wait "$i" 2>/dev/null
	done
	for i in $(nt_routers); do
		NT_GAP[$i]=$(nt_gap_ms "$T_DIR/ping-$i.out")
		NT_STREAM[$i]=$(tail -n 1 "$T_DIR/stream-$i.out")
	done
}

nt_streams_connected()
{
	local i

	for i in $(nt_routers); do
		grep -q '^connected ' "$T_DIR/stream-$i.out" || return 1
	done
}

# nt_field LINE KEY: KEY's value in a "key=value ..." line.
nt_field()
{
	tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}

# nt_report: what nt_vanish measured, against the protocol's bound.
nt_report()
{
	local i took moved mdi

	mdi=$(nt_mdi_ms)
	printf '    %-16s %-6s %-24s %-18s %s\n' router moved "takeover after the cut" "VM's longest gap" "TCP stream through SNAT"
	for i in $(nt_routers); do
		moved=no
		took=-
		if [[ " ${NT_MOVED[*]} " == *" $i "* ]]; then
			moved=yes
			took=$([ "${NT_TOOK[$i]}" = -1 ] && echo "NONE" || echo "${NT_TOOK[$i]} ms")
		fi
		printf '    %-16s %-6s %-24s %-18s %s\n' "qrouter-$(nt_rid "$i")" "$moved" "$took" \
			"${NT_GAP[$i]} ms" "$(nt_stream_text "$i")"
	done
	if [ "${NT_HOW:-}" = stop ]; then
		printf '    bound: the stopping master sends priority 0, the backup takes over after Skew_Time = (256 - priority)/256 s = %d ms;\n' \
			"$(nt_skew_ms)"
		echo "    the VMs then wait for the gratuitous ARP on qr-."
		return
	fi
	printf '    bound: Master_Down_Interval = 3 x advert_int + (256 - priority)/256 s = %d ms (advert_int %s, priority 50),\n' \
		"$mdi" "$NT_ADVERT"
	echo "    counted from the master's last advert before the cut; the VMs then wait for the gratuitous ARP on qr-."
}

nt_stream_text()
{
	local s=${NT_STREAM[$1]} ctl

	ctl=$(nt_has_ct "$1" && echo "conntrackd" || echo "no conntrackd")
	if [ -z "$s" ]; then
		echo "(no result)"
	elif [ "$(nt_field "$s" survived)" = 1 ]; then
		echo "survived ($ctl): $(nt_field "$s" echoed) lines, longest wait $(nt_field "$s" gap_ms) ms"
	else
		echo "BROKEN ($ctl): $(nt_field "$s" echoed)/$(nt_field "$s" sent) echoed, $(nt_field "$s" error)"
	fi
}

# ---------------------------------------------------------------- the demo

nt_step()
{
	printf '\n'
	say "==> $*"
}

nt_show_monitor()
{
	local node i ev

	for i in $(nt_routers); do
		for node in "${NT_NODES[@]}"; do
			ev=$(nt_monitor_events "$node" "$i" | tr '\n' ' ')
			printf '    %-28s %s\n' "node $node router $i ($(nt_if ha "$node" "$i")):" "${ev:-(nothing)}"
		done
	done
}

nt_demo()
{
	local i mdi stream_secs all

	require_root
	require_cmd jq ping nft python3
	require_xvrrp
	lib_init
	mdi=$(nt_mdi_ms)
	stream_secs=$(( (mdi + 999) / 1000 + 7 ))

	nt_step "Building two network nodes (A, B), $NT_ROUTERS HA routers, a VM per tenant network and an external host"
	nt_build
	nt_server_start
	for i in $(nt_routers); do
		printf '    router %d: %s and %s, VM %s on %s (gateway %s), external address %s\n' "$i" \
			"$(nt_ns A "$i")" "$(nt_ns B "$i")" "$(nt_vm_addr "$i")" "$(nt_net "$i")" \
			"$(nt_qr_addr "$i")" "$(nt_gw_addr "$i")"
	done
	echo "    HA network 169.254.192.0/18 (bridge brq-ha in $NT_FAB), external host $NT_EXT_ADDR"

	nt_step "The keepalived.conf Neutron writes for router 1 on node A (xvrrp check-config --dump, abridged)"
	mkdir -p "$(nt_dir A 1)"
	nt_conf A 1 >"$T_DIR/router1.conf"
	"$XVRRP" check-config --dump "$T_DIR/router1.conf" 2>&1 | sed -n '/^vrrp_instance/,$p' |
		grep -Ev 'garp_(lower|master_re)|preempt_delay|strict_mode|kernel_takeover|^\s*accept$' | sed 's/^/    /'

	if [ "$NT_MODE" = node ]; then
		nt_step "Starting one xvrrp per network node, in $(nt_node_ns A) and $(nt_node_ns B): xvrrp attach --config ha_confs-<node> --netns-prefix $(nt_netns_prefix A)|$(nt_netns_prefix B); routers added later: file written, xvrrp reload; conntrackd for routers ${NT_CT_ROUTERS:-none}"
	else
		nt_step "Starting one xvrrp per qrouter namespace (xvrrp -n NETNS attach), conntrackd for routers ${NT_CT_ROUTERS:-none}"
	fi
	nt_start
	say "every router starts as BACKUP (nopreempt): the first Master_Down_Timer to run out (~$mdi ms) elects it"
	wait_for nt_one_master_each $(( mdi / 1000 + 8 )) || fail "not exactly one master per router: $(nt_table)"
	say "one master per router after $WAITED_MS ms more"
	nt_table

	nt_step "Each VM reaches the external host through its router (ping; the TCP peer the external host sees)"
	for i in $(nt_routers); do
		if nt_reach "$i"; then
			printf '    VM %s: ping ok, the external host sees %s (router %d'"'"'s SNAT address)\n' \
				"$(nt_vm_addr "$i")" "$NT_PEER" "$i"
		else
			fail "VM $i does not reach $NT_EXT_ADDR through router $i (peer seen: $NT_PEER)"
		fi
	done

	nt_step "Node A vanishes: its ports go down in every bridge (VMs ping every 50 ms and keep a TCP stream for $stream_secs s)"
	nt_vanish A links "$stream_secs"
	nt_report
	nt_table
	nt_step "Node A comes back: its routers return as BACKUP (nopreempt), node B keeps them"
	nt_restore_links A
	wait_for nt_one_master_each 15 || fail "not exactly one master per router after node A returned"
	nt_table

	nt_step "Node B's xvrrp stops (SIGTERM: $([ "$NT_MODE" = node ] && echo "the node's one process" || echo "one process per router")): priority-0 adverts, node A takes its routers over"
	nt_vanish B stop 5
	nt_report
	nt_table
	nt_step "Node B's xvrrp starts again (the same command): its routers return as BACKUP (nopreempt), node A keeps them"
	mapfile -t all < <(nt_routers)
	nt_start_node B "${all[@]}"
	wait_for nt_one_master_each 15 || fail "not exactly one master per router after node B's xvrrp started again"
	nt_table

	nt_step "Node A vanishes silently: its frames are dropped in the bridges, every carrier stays up"
	nt_vanish A silent "$stream_secs"
	nt_report
	echo "    node A cannot hear node B and stays MASTER of what it had (an isolated node does):"
	nt_table
	nt_step "Node A's frames pass again: equal priority, the higher HA address (node B's) keeps each router"
	nt_unsilence A
	wait_for nt_one_master_each 15 || fail "not exactly one master per router after node A's frames passed again"
	say "one master per router again after $WAITED_MS ms"
	nt_table

	nt_step "What neutron-keepalived-state-change sees: ip -o monitor address on each ha- port (+ added, - deleted)"
	nt_show_monitor
	if [ "$NT_MODE" = node ]; then
		echo "    and ip netns exec $(nt_node_ns B) xvrrp status --json (node B's one daemon, every router):"
	else
		echo "    and xvrrp -n $(nt_ns B 1) status --json:"
	fi
	nt_status B 1 | jq -c '.instances[] | {netns, name, interface, vrid, state, priority, master}' |
		sed 's/^/    /'
	if [ "$NT_CT" = 0 ]; then
		echo "    connection survival skipped: $NT_CT_WHY"
	fi

	nt_step "Cleaning up: stopping every daemon and deleting the namespaces"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	# The demo's failures are plain messages, not test verdicts.
	fail()
	{
		local f

		printf '\nneutron demo failed: %s\n' "$*" >&2
		for f in "$T_DIR"/xvrrp-*.log; do
			[ -s "$f" ] && { echo "--- ${f##*/}:"; grep -v '^libbpf' "$f" | tail -n 5; } >&2
		done
		exit 1
	}
	skip()
	{
		printf 'neutron demo not run: %s\n' "$*" >&2
		exit 1
	}
	case ${1:-both} in
	router|node)
		NT_MODE=$1
		nt_demo
		;;
	both)
		# Each mode in a process of its own: its own prefix, directory and
		# clean-up.
		for m in router node; do
			printf '\n======== NT_MODE=%s: %s ========\n' "$m" \
				"$([ $m = node ] && echo "one xvrrp per network node" || echo "one xvrrp per qrouter namespace")"
			bash "$0" "$m" || exit 1
		done
		;;
	*)
		echo "usage: $0 [router|node|both]" >&2
		exit 2
		;;
	esac
fi
