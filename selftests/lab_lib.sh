# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash disable=SC2034  # NS_* are read by lib.sh's helpers
#
# The classic two-gateway VRRP lab (sourced after lib.sh): the topology and
# the steps that `make lab` (selftests/lab.sh) shows and
# selftests/test_lab.sh asserts. Each step prints what it sees, with times,
# and calls fail() when it is not what the step expects.
#
#                 LAN 192.0.2.0/24               WAN 198.51.100.0/24
#                 (br-lan in ${PFX}sw)           (br-wan in ${PFX}sw)
#
#   client .10 ------+--- lan0 .1  gw1  wan0 .1 ---+--- wan0 .254  router
#                    +--- lan0 .2  gw2  wan0 .2 ---+                srv0 203.0.113.1
#                                                                     |
#   VIP 192.0.2.254 and WAN VIP 198.51.100.3                    server 203.0.113.10
#   on the master only
#
# gw1 and gw2 run one VRRP instance on lan0 (the textbook keepalived.conf,
# lab_write_conf): gw1 MASTER priority 100, gw2 BACKUP priority 99, both
# tracking lan0 and wan0, the default route via the router as a virtual
# route (on the master only). The client's default route is the VIP.
#
# The way back: the server's replies reach the router, which must hand them
# to whichever gateway is master. Its route to the LAN goes via a second
# virtual address on the WAN side, 198.51.100.3, in virtual_ipaddress_excluded
# with "dev wan0": the same instance adds it, removes it and announces it
# with gratuitous ARP together with the LAN VIP, so the config keeps the
# textbook shape (one instance, both interfaces tracked). A route via the
# gateways' own WAN addresses would send replies to a backup or into gw1's
# dead interface; masquerading on the gateways would hide the client's
# address from the server and need a firewall.

LAB_VIP=192.0.2.254
LAB_WAN_VIP=198.51.100.3
LAB_CLIENT=192.0.2.10
LAB_ROUTER=198.51.100.254
LAB_SERVER=203.0.113.10
# Probe pings every 10 ms.
LAB_PROBE_INTERVAL=0.01

# lab_node NS: a namespace without IPv6 (no DAD, MLD or RS chatter).
lab_node()
{
	netns_add "$1"
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 >/dev/null
}

# lab_port NS DEV ADDR BRIDGE PORT: DEV in NS, a veth whose end PORT is a
# port of BRIDGE in the switch namespace.
lab_port()
{
	ip -n "$NS_SW" link add name "$5" type veth peer name "$2" netns "$1" ||
		fail "cannot create $2 in $1"
	ip -n "$NS_SW" link set "$5" master "$4" up
	ip -n "$1" addr add "$3" dev "$2"
	ip -n "$1" link set "$2" up
}

# lab_topo_create: the namespaces and links of the picture above.
lab_topo_create()
{
	local ns br i

	NS_SW=${PFX}sw
	NS_C=${PFX}client
	NS_GW1=${PFX}gw1
	NS_GW2=${PFX}gw2
	NS_RT=${PFX}router
	NS_SRV=${PFX}server
	ROUTERS=("$NS_GW1" "$NS_GW2")
	for ns in "$NS_SW" "$NS_C" "$NS_GW1" "$NS_GW2" "$NS_RT" "$NS_SRV"; do
		lab_node "$ns"
	done
	for br in br-lan br-wan; do
		ip -n "$NS_SW" link add name "$br" type bridge stp_state 0 forward_delay 0 \
			mcast_snooping 0 || fail "cannot create bridge $br"
		ip -n "$NS_SW" link set "$br" up
	done
	lab_port "$NS_C" eth0 "$LAB_CLIENT/24" br-lan client
	for i in 1 2; do
		ns=${PFX}gw$i
		lab_port "$ns" lan0 "192.0.2.$i/24" br-lan "gw$i-lan"
		lab_port "$ns" wan0 "198.51.100.$i/24" br-wan "gw$i-wan"
		ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 >/dev/null
	done
	lab_port "$NS_RT" wan0 "$LAB_ROUTER/24" br-wan router
	ip -n "$NS_RT" link add name srv0 type veth peer name eth0 netns "$NS_SRV" ||
		fail "cannot link the router to the server"
	ip -n "$NS_RT" addr add 203.0.113.1/24 dev srv0
	ip -n "$NS_RT" link set srv0 up
	ip -n "$NS_SRV" addr add "$LAB_SERVER/24" dev eth0
	ip -n "$NS_SRV" link set eth0 up
	ip netns exec "$NS_RT" sysctl -qw net.ipv4.ip_forward=1 >/dev/null
	ip -n "$NS_C" route add default via "$LAB_VIP"
	ip -n "$NS_SRV" route add default via 203.0.113.1
	ip -n "$NS_RT" route add 192.0.2.0/24 via "$LAB_WAN_VIP"
	say "topology: switch $NS_SW (br-lan, br-wan), client $NS_C, gateways $NS_GW1 $NS_GW2, router $NS_RT, server $NS_SRV"
}

# lab_write_conf FILE STATE PRIORITY ADVERT_INT: the textbook gateway config.
lab_write_conf()
{
	cat >"$1" <<EOF
global_defs {
    vrrp_version 3
}

vrrp_instance VI_1 {
    state $2
    interface lan0
    track_interface {
        lan0
        wan0
    }
    virtual_router_id 51
    priority $3
    advert_int $4
    virtual_ipaddress {
        $LAB_VIP/24
    }
    virtual_ipaddress_excluded {
        $LAB_WAN_VIP/24 dev wan0
    }
    virtual_routes {
        default via $LAB_ROUTER
    }
}
EOF
}

# lab_has_default NS: NS has a default route.
lab_has_default()
{
	[ -n "$(ip -n "$1" -4 route show default)" ]
}

# lab_holds NS: both VIPs and the default route are on NS.
# lab_holds_none NS: none of them is.
lab_holds()
{
	has_addr "$1" lan0 "$LAB_VIP" && has_addr "$1" wan0 "$LAB_WAN_VIP" && lab_has_default "$1"
}

lab_holds_none()
{
	! has_addr "$1" lan0 "$LAB_VIP" && ! has_addr "$1" wan0 "$LAB_WAN_VIP" && ! lab_has_default "$1"
}

# lab_master_is NS OTHER: NS holds the VIPs and the default route, OTHER none.
lab_master_is()
{
	lab_holds "$1" && lab_holds_none "$2"
}

# lab_picture: one line per gateway: state, VIPs, default route.
lab_picture()
{
	local ns vips

	for ns in "${ROUTERS[@]}"; do
		vips=$(ip -n "$ns" -o -4 addr show | awk -v a="$LAB_VIP" -v b="$LAB_WAN_VIP" \
			'{ split($4, p, "/") } p[1] == a || p[1] == b { printf " %s", $4 }')
		printf '    %s: %-6s VIPs:%s; default route: %s\n' "$(port_of "$ns")" \
			"$(xv_state "$ns")" "${vips:- none}" \
			"$(ip -n "$ns" -4 route show default | head -n 1 | grep . || echo none)"
	done
}

# lab_show_gateways: `xvrrp status` and `ip route` of both gateways.
lab_show_gateways()
{
	local ns

	for ns in "${ROUTERS[@]}"; do
		echo "--- $(port_of "$ns"): xvrrp status"
		xv "$ns" status 2>&1 | sed 's/^/    /'
		echo "--- $(port_of "$ns"): ip route"
		ip -n "$ns" -4 route show | sed 's/^/    /'
	done
}

# lab_name_of ADDR: which node has ADDR.
lab_name_of()
{
	case $1 in
	192.0.2.1 | 198.51.100.1) echo gw1 ;;
	192.0.2.2 | 198.51.100.2) echo gw2 ;;
	"$LAB_ROUTER" | 203.0.113.1) echo router ;;
	"$LAB_SERVER") echo server ;;
	*) echo "?" ;;
	esac
}

# lab_hop TTL: the address that answers the client's ping to the server
# sent with TTL (Time Exceeded from a hop, or the server's reply), as
# traceroute finds it; empty when nothing answers within 1 s.
lab_hop()
{
	timeout 3 ip netns exec "$NS_C" ping -n -c 1 -t "$1" -W 1 "$LAB_SERVER" 2>/dev/null |
		sed -n -e 's/^From \([0-9.]*\).*Time to live exceeded.*/\1/p' \
			-e 's/^[0-9]* bytes from \([0-9.]*\):.*/\1/p' | head -n 1
}

# lab_path: LAB_PATH, the hops from the client to the server,
# "ADDR (name) > ...", and LAB_FIRST_HOP, the first one.
lab_path()
{
	local ttl hop

	LAB_PATH=""
	LAB_FIRST_HOP=""
	for ttl in 1 2 3 4; do
		hop=$(lab_hop "$ttl")
		[ -n "$LAB_FIRST_HOP" ] || LAB_FIRST_HOP=${hop:-none}
		LAB_PATH+="${LAB_PATH:+ > }${hop:-*} ($(lab_name_of "${hop:-none}"))"
		[ "$hop" = "$LAB_SERVER" ] && break
	done
}

# lab_check_path GW: the client reaches the server, and through GW.
lab_check_path()
{
	local gw=$1 want

	client_ping "$LAB_SERVER" || fail "the client cannot ping the server $LAB_SERVER"
	say "client pings server $LAB_SERVER: replies"
	lab_path
	say "path client > server: $LAB_PATH"
	want=$(ip -n "$gw" -o -4 addr show dev lan0 | awk '{ split($4, p, "/"); print p[1]; exit }')
	[ "$LAB_FIRST_HOP" = "$want" ] ||
		fail "the first hop from the client is $LAB_FIRST_HOP, expected $(port_of "$gw") ($want); path: $LAB_PATH"
}

# lab_start ADVERT_INT: the two gateways with the textbook config; gw1 is
# master. LAB_ADVERT_INT, LAB_CONF1 and LAB_CONF2 are set.
lab_start()
{
	LAB_ADVERT_INT=$1
	LAB_CONF1=$T_DIR/gw1.conf
	LAB_CONF2=$T_DIR/gw2.conf
	lab_write_conf "$LAB_CONF1" MASTER 100 "$LAB_ADVERT_INT"
	lab_write_conf "$LAB_CONF2" BACKUP 99 "$LAB_ADVERT_INT"
	start_xvrrp "$NS_GW1" "$LAB_CONF1"
	start_xvrrp "$NS_GW2" "$LAB_CONF2"
}

# lab_step_through_gw1: step 1. gw1 is master with the VIPs and the default
# route, gw2 backup without them, and the client reaches the server via gw1.
lab_step_through_gw1()
{
	local bound

	bound=$(( $(master_down_interval_ms 100 "$LAB_ADVERT_INT") + 3000 ))
	wait_for "lab_master_is $NS_GW1 $NS_GW2" "$(awk -v ms="$bound" 'BEGIN { print ms / 1000 }')" ||
		fail "gw1 is not the one master within $bound ms: $(lab_picture | tr -s ' \n' ' ')"
	say "gw1 holds $LAB_VIP, $LAB_WAN_VIP and the default route ($WAITED_MS ms after both daemons answered)"
	xv_state_is "$NS_GW1" MASTER || fail "xvrrp on gw1 says $(xv_state "$NS_GW1"), expected MASTER"
	xv_state_is "$NS_GW2" BACKUP || fail "xvrrp on gw2 says $(xv_state "$NS_GW2"), expected BACKUP"
	lab_picture
	lab_check_path "$NS_GW1"
}

# lab_switch NEW_MASTER OLD_STATE WHAT COMMAND...: while the client pings
# the server every 10 ms, run COMMAND; NEW_MASTER must then hold the VIPs
# and the default route, the other gateway none and be in OLD_STATE, the
# longest gap between two replies must stay below Master_Down_Interval
# plus 1.5 s, and the client must reach the server through NEW_MASTER.
# LAB_TOOK_MS is how long the move took after COMMAND, LAB_GAP_MS the gap.
lab_switch()
{
	local new=$1 old_state=$2 what=$3 old t0 moved last mdi bound limit lost

	shift 3
	old=$NS_GW1
	[ "$new" = "$NS_GW1" ] && old=$NS_GW2
	mdi=$(master_down_interval_ms 99 "$LAB_ADVERT_INT")
	bound=$((mdi + 1500))
	limit=$(awk -v ms="$mdi" 'BEGIN { print ms / 1000 + 4 }')
	probe_start "$(awk -v l="$limit" 'BEGIN { print l + 3 }')" "$LAB_SERVER" "$LAB_PROBE_INTERVAL"
	sleep 1
	say "$what"
	t0=$(now_ms)
	"$@" || fail "cannot run: $*"
	wait_for "lab_master_is $new $old" "$limit" ||
		fail "$(port_of "$new") does not hold the VIPs and the default route alone $limit s after: $(lab_picture | tr -s ' \n' ' ')"
	moved=$(now_ms)
	LAB_TOOK_MS=$((moved - t0))
	say "$(port_of "$new") holds $LAB_VIP, $LAB_WAN_VIP and the default route, $LAB_TOOK_MS ms later"
	# One more second of probing, so that replies after the move are counted.
	sleep 1
	probe_wait 0
	LAB_GAP_MS=$(probe_gap_ms)
	lost=$(sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\1 - \2/p' "$PROBE_OUT")
	say "client > server every $(ms_of "$LAB_PROBE_INTERVAL") ms: $(probe_replies) replies, $((${lost:-0})) lost, longest gap $LAB_GAP_MS ms (bound $bound ms: Master_Down_Interval $mdi ms + 1.5 s)"
	[ "$LAB_GAP_MS" -le "$bound" ] || fail "the client lost the server for $LAB_GAP_MS ms (bound $bound ms)"
	# The gap is between replies: the last one must come after the move.
	last=$(awk '/ bytes from / { t = substr($1, 2, length($1) - 2) } END { printf "%.0f\n", t * 1000 }' "$PROBE_OUT")
	[ "$last" -gt "$moved" ] ||
		fail "the client had no reply from the server in the second after the move to $(port_of "$new")"
	xv_state_is "$new" MASTER || fail "xvrrp on $(port_of "$new") says $(xv_state "$new"), expected MASTER"
	xv_state_is "$old" "$old_state" ||
		fail "xvrrp on $(port_of "$old") says $(xv_state "$old"), expected $old_state"
	lab_picture
	lab_check_path "$new"
}

# lab_step_wan_down: step 2. gw1's WAN interface (tracked, not the VRRP
# interface) goes down: gw1 enters FAULT and gw2 takes over.
lab_step_wan_down()
{
	lab_switch "$NS_GW2" FAULT "gw1: ip link set wan0 down" ip -n "$NS_GW1" link set wan0 down
}

# lab_step_wan_up: step 3. gw1's WAN interface comes back: gw1, priority
# 100, preempts gw2 (priority 99).
lab_step_wan_up()
{
	lab_switch "$NS_GW1" BACKUP "gw1: ip link set wan0 up" ip -n "$NS_GW1" link set wan0 up
}
