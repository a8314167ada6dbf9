#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# make demo: two xvrrp routers and a client in network namespaces. The
# master's link is cut while the client pings the virtual address every
# 2 ms; the demo prints how long the client lost it, next to the
# Master_Down_Interval of RFC 5798 (section 6.1). Needs root; under a minute.

SELFTEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=selftests/lib.sh
. "$SELFTEST_DIR/lib.sh"

ADVERT_INT=${ADVERT_INT:-0.01}

step()
{
	printf '\n==> %s\n' "$*"
}

show_status()
{
	local ns

	for ns in "$NS_R1" "$NS_R2"; do
		printf -- '--- xvrrp status on %s (%s)\n' "$(port_of "$ns")" \
			"$(ip -n "$ns" -o -4 addr show dev eth0 | awk '{ print $4 }' | head -n 1)"
		xv "$ns" status 2>&1 | sed 's/^/    /'
	done
}

# The demo's failures are plain messages, not test verdicts.
fail()
{
	printf '\ndemo failed: %s\n' "$*" >&2
	[ -n "$T_DIR" ] && for f in "$T_DIR"/xvrrp-*.log; do
		[ -s "$f" ] && { echo "--- ${f##*/}:"; grep -v '^libbpf' "$f" | tail -n 10; } >&2
	done
	exit 1
}
skip()
{
	printf 'demo skipped: %s\n' "$*" >&2
	exit 1
}

main()
{
	local mdi gap took t0

	require_root
	require_cmd jq ping
	require_xvrrp
	lib_init
	mdi=$(master_down_interval_ms 100 "$ADVERT_INT")

	step "Building the network: a switch, two routers and a client, each in its own namespace"
	topo_create 2 >/dev/null
	cat <<EOT
    r1 192.0.2.1 --+
    r2 192.0.2.2 --+-- bridge (namespace $NS_SW)
    client $CLIENT_ADDR --+
    virtual address (VIP): $VIP, VRRP version 3, VRID $VRID, advert_int $ADVERT_INT s
EOT

	step "Starting xvrrp on r1 (priority 150) and r2 (priority 100)"
	write_conf "$T_DIR/r1.conf" 150 "$ADVERT_INT"
	write_conf "$T_DIR/r2.conf" 100 "$ADVERT_INT"
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf" >/dev/null
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf" >/dev/null
	wait_for "only_holder $NS_R1" 5 || fail "r1 did not become the only master (VIP holders: '$(vip_holders)')"
	echo "r1 won the election: it has the higher priority and now holds $VIP."
	show_status

	step "The client pings $VIP every 2 ms; in 1.5 s we cut r1's link (its bridge port goes down)"
	probe_start 4 >/dev/null
	sleep 1.5
	t0=$(now_ms)
	cut_link "$NS_R1" >/dev/null
	if wait_for "has_vip $NS_R2" 3; then
		took=$(( $(now_ms) - t0 ))
		echo "r2 stopped hearing r1's adverts and took over $VIP $took ms after the cut."
	else
		echo "r2 did NOT take over within 3 s."
	fi
	probe_wait 20
	gap=$(probe_gap_ms)
	show_status

	step "Result"
	printf '    %-34s %5d ms  (longest gap between two ping replies)\n' "client lost $VIP for:" "$gap"
	printf '    %-34s %5d ms  (3 x advert_int + Skew_Time for priority 100)\n' "RFC 5798 Master_Down_Interval:" "$mdi"
	echo "    r2 declares r1 dead after hearing no advert for Master_Down_Interval,"
	echo "    counted from r1's last advert (a few ms before the cut); then the client"
	echo "    needs r2's gratuitous ARP. No VRRP backup can notice a dead master sooner."

	step "Restoring r1's link: r1 has the higher priority and takes the VIP back (preemption)"
	restore_link "$NS_R1" >/dev/null
	if wait_for "only_holder $NS_R1" 5; then
		echo "r1 is master again after $WAITED_MS ms."
	else
		echo "r1 did not take the VIP back within 5 s (holders: '$(vip_holders)')."
	fi
	show_status

	step "Cleaning up: stopping both daemons and deleting the namespaces"
}

main "$@"
