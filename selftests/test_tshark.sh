# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# xvrrp's adverts as an independent decoder sees them: tshark on the bridge.

ALL_TESTS+=(test_tshark test_tshark_ah)

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

# auth_type AH: IP protocol 51, an AH header (next header 112, SPI = our
# address, sequence numbers counting up by one) and a VRRPv2 advert of
# auth type 2 with a good checksum.
test_tshark_ah()
{
	local out n bad seqs

	require_root
	require_cmd jq tshark
	require_xvrrp
	topo_create 1
	ah_conf "$T_DIR/r1.conf" 150 s3cret     # selftests/test_ah.sh
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf"
	wait_for "has_vip $NS_R1" 8 || fail "r1 alone did not become master within 8 s"

	out=$T_DIR/tshark-ah.txt
	timeout 20 ip netns exec "$NS_SW" tshark -i br0 -n -l -a duration:6 -c 3 \
		-f 'ip proto 51' -T fields -E separator=, \
		-e ip.src -e ip.dst -e ip.ttl -e ip.proto -e ah.next_header -e ah.spi \
		-e vrrp.version -e vrrp.virt_rtr_id -e vrrp.prio -e vrrp.auth_type \
		-e vrrp.checksum.status -e vrrp.ip_addr -e ah.sequence \
		>"$out" 2>"$T_DIR/tshark.err"
	n=$(grep -c . "$out")
	say "tshark decoded $n AH adverts; first: $(head -n 1 "$out")"
	[ "$n" -ge 2 ] || fail "tshark saw $n AH packets in 6 s, expected 3 (advert_int 1)"
	bad=$(cut -d, -f1-12 "$out" | grep -v -x "192.0.2.1,224.0.0.18,255,51,112,0xc0000201,2,$VRID,150,2,1,$VIP" | head -n 1)
	[ -z "$bad" ] ||
		fail "AH advert decoded as '$bad', expected src,dst,ttl,proto,next_header,spi,version,vrid,prio,auth_type,checksum_status,vip = 192.0.2.1,224.0.0.18,255,51,112,0xc0000201,2,$VRID,150,2,1,$VIP"
	seqs=$(cut -d, -f13 "$out" | tr '\n' ' ')
	cut -d, -f13 "$out" | awk 'NR > 1 && $1 != prev + 1 { exit 1 } { prev = $1 }' ||
		fail "AH sequence numbers do not count up by one: $seqs"
	note "tshark: $n AH adverts, SPI 192.0.2.1, VRRPv2 auth type 2, checksum good, sequence $seqs"
}
