# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# xvrrp's adverts as an independent decoder sees them: tshark on the bridge.

ALL_TESTS+=(test_tshark)

# Every captured advert must decode as (RFC 5798 section 5): version 3,
# type 1, our VRID and priority, Max Adver Int 10 centiseconds, the VIP,
# TTL 255 (5.1.1.3) and a checksum tshark computes as good.
test_tshark()
{
	local out n bad

	require_root
	require_cmd jq tshark
	require_xvrrp
	topo_create 1
	write_conf "$T_DIR/r1.conf" 150 0.1
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "has_vip $NS_R1" 5 || fail "r1 alone did not become master within 5 s"

	out=$T_DIR/tshark.txt
	timeout 20 ip netns exec "$NS_SW" tshark -i br0 -n -l -a duration:5 -c 10 \
		-f 'ip proto 112' -T fields -E separator=, \
		-e ip.src -e ip.dst -e ip.ttl -e vrrp.version -e vrrp.type \
		-e vrrp.virt_rtr_id -e vrrp.prio -e vrrp.short_adver_int \
		-e vrrp.checksum.status -e vrrp.ip_addr \
		>"$out" 2>"$T_DIR/tshark.err"
	n=$(grep -c . "$out")
	say "tshark decoded $n adverts; first: $(head -n 1 "$out")"
	[ "$n" -ge 5 ] ||
		fail "tshark saw $n VRRP packets on the bridge in 5 s, expected 10 (advert_int 0.1): $(tail -n 2 "$T_DIR/tshark.err" | tr '\n' ' ')"
	bad=$(grep -v -x "192.0.2.1,224.0.0.18,255,3,1,$VRID,150,10,1,$VIP" "$out" | head -n 1)
	[ -z "$bad" ] ||
		fail "advert decoded as '$bad', expected src,dst,ttl,version,type,vrid,prio,adver_int,checksum_status(1=good),vip = 192.0.2.1,224.0.0.18,255,3,1,$VRID,150,10,1,$VIP"
	note "tshark: $n adverts, all VRRPv3, checksum good, TTL 255"

	# The same through the full dissector text, as a person would read it.
	timeout 20 ip netns exec "$NS_SW" tshark -i br0 -n -a duration:5 -c 1 \
		-f 'ip proto 112' -V >"$T_DIR/tshark-V.txt" 2>/dev/null
	grep -q 'Version 3, Packet type 1 (Advertisement)' "$T_DIR/tshark-V.txt" ||
		fail "tshark -V does not show 'Version 3, Packet type 1 (Advertisement)'"
	grep -q 'Checksum Status: Good' "$T_DIR/tshark-V.txt" ||
		fail "tshark -V does not show a good checksum: $(grep -i checksum "$T_DIR/tshark-V.txt" | tr '\n' ' ')"
}
