#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make lab: the classic two-gateway VRRP lab on one machine (the topology and
# the steps are in selftests/lab_lib.sh, which selftests/test_lab.sh asserts
# the same way). A client reaches a server behind a WAN router through gw1;
# gw1's WAN interface goes down and comes back while the client pings the
# server every 10 ms. Needs root; about half a minute. ADVERT_INT (default 1,
# the textbook value) sets advert_int.

SELFTEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=selftests/lib.sh
. "$SELFTEST_DIR/lib.sh"
# shellcheck source=selftests/lab_lib.sh
. "$SELFTEST_DIR/lab_lib.sh"

ADVERT_INT=${ADVERT_INT:-1}

step()
{
	printf '\n==> %s\n' "$*"
}

# The lab's failures are plain messages, with each gateway's last log lines.
fail()
{
	local f

	printf '\nlab failed: %s\n' "$*" >&2
	for f in "$T_DIR"/xvrrp-*.log; do
		[ -s "$f" ] && printf -- '--- %s: %s\n' "${f##*/}" "$(log_tail "$f")" >&2
	done
	exit 1
}

skip()
{
	printf 'lab not run: %s\n' "$*" >&2
	exit 1
}

main()
{
	local down_took down_gap up_took up_gap

	if [ "$(id -u)" -ne 0 ]; then
		echo "make lab needs root (it creates network namespaces and attaches XDP programs): run sudo make lab" >&2
		exit 1
	fi
	require_cmd ip jq ping
	require_xvrrp
	lib_init

	step "The network: a client, two gateways, a WAN router and a server, each in its own namespace"
	lab_topo_create >/dev/null
	cat <<EOT
    client 192.0.2.10 --[br-lan]-- lan0 gw1 wan0 --[br-wan]-- 198.51.100.254 router -- server
      default via VIP              lan0 gw2 wan0                203.0.113.1      203.0.113.10
    gw1: lan0 192.0.2.1, wan0 198.51.100.1     gw2: lan0 192.0.2.2, wan0 198.51.100.2
    LAN VIP $LAB_VIP (the client's default route), WAN VIP $LAB_WAN_VIP
    (the router's route back to 192.0.2.0/24): both on the VRRP master only.
EOT

	step "The gateways' keepalived.conf, read by xvrrp (gw2: state BACKUP, priority 99)"
	lab_start "$ADVERT_INT" >/dev/null
	sed 's/^/    /' "$LAB_CONF1"

	step "1. The client reaches the server through gw1, the master"
	lab_step_through_gw1
	lab_show_gateways

	step "2. gw1's WAN interface goes down (tracked, not the VRRP interface): gw1 enters FAULT, gw2 takes over"
	lab_step_wan_down
	down_took=$LAB_TOOK_MS
	down_gap=$LAB_GAP_MS
	lab_show_gateways

	step "3. gw1's WAN interface comes back: gw1 (priority 100) preempts gw2 (99)"
	lab_step_wan_up
	up_took=$LAB_TOOK_MS
	up_gap=$LAB_GAP_MS
	lab_show_gateways

	step "Result (advert_int $LAB_ADVERT_INT s, client pinging the server every $(ms_of "$LAB_PROBE_INTERVAL") ms)"
	printf '    %-28s %-30s %s\n' "event" "VIPs and default route moved" "client lost the server for"
	printf '    %-28s %-30s %s\n' "gw1 wan0 down" "to gw2 after $down_took ms" "$down_gap ms"
	printf '    %-28s %-30s %s\n' "gw1 wan0 up" "back to gw1 after $up_took ms" "$up_gap ms"
	cat <<EOT
    Down: gw1's LAN still works, so it leaves with a priority-0 advert and gw2
    takes over after its Skew_Time, $(awk -v a="$LAB_ADVERT_INT" 'BEGIN { printf "%d", (256 - 99) * a / 256 * 1000 + 0.5 }') ms (a silent master would be noticed only
    after Master_Down_Interval, $(master_down_interval_ms 99 "$LAB_ADVERT_INT") ms). Up: gw1 starts over as a backup,
    ignores gw2's lower-priority adverts and takes over when its own
    Master_Down_Interval runs out; the client loses only the moment of the switch.
EOT

	step "Cleaning up: stopping both daemons and deleting the namespaces"
}

main "$@"
