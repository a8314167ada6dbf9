# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# Metrics: `attach --metrics` scraped from another host and parsed by
# prometheus_client's own parser, checked against `xvrrp stats --json` and
# against adverts we forged; `stats --format prometheus`; clients that
# connect and say nothing (or say it slowly) must not delay an advert.

ALL_TESTS+=(test_metrics_scrape test_metrics_silent_clients)

# Debian's python3, whatever python3 comes first in PATH: it has the parser.
PY3=/usr/bin/python3
METRICS_PORT=9650

require_prom_parser()
{
	"$PY3" -c 'import prometheus_client.parser' 2>/dev/null ||
		skip "python3-prometheus-client is not installed (.ci/install-deps installs it)"
}

# scrape OUT: GET /metrics of r1 from the client, parsed, as JSON in OUT.
scrape()
{
	timeout 10 ip netns exec "$NS_C" "$PY3" "$SELFTEST_DIR/scrape.py" get \
		"http://192.0.2.1:$METRICS_PORT/metrics" >"$1" 2>"$T_DIR/scrape.err" ||
		fail "scrape of http://192.0.2.1:$METRICS_PORT/metrics failed: $(tail -n 2 "$T_DIR/scrape.err" | tr '\n' ' ')"
}

# sample JSON KEY: one sample's value ("null" if absent).
sample()
{
	jq -r --arg k "$2" '.samples[$k]' "$1"
}

metrics_pair()
{
	require_root
	require_cmd jq
	require_xvrrp
	require_prom_parser
	topo_create 2
	write_conf "$T_DIR/r1.conf" 200 0.1
	write_conf "$T_DIR/r2.conf" 100 0.1
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	start_xvrrp "$NS_R1" "$T_DIR/r1.conf" --metrics "192.0.2.1:$METRICS_PORT" --metrics-compat keepalived
	wait_for "only_holder $NS_R1" 5 || fail "r1 (200) is not the only VIP holder: '$(vip_holders)'"
}

test_metrics_scrape()
{
	local m=$T_DIR/m.json m2=$T_DIR/m2.json lbl ka before after v sent1 sent2 k

	metrics_pair
	lbl='family="ipv4",instance="VI_1",interface="eth0",vrid="51"'
	ka='iname="VI_1",intf="eth0",vrid="51"'
	sent1=$(xv "$NS_R1" stats --json | jq '.instances[0].counters.advert_sent')
	scrape "$m"
	sent2=$(xv "$NS_R1" stats --json | jq '.instances[0].counters.advert_sent')
	jq -e '.content_type | startswith("text/plain; version=0.0.4")' "$m" >/dev/null ||
		fail "Content-Type is $(jq -r .content_type "$m")"
	[ "$(sample "$m" 'xvrrp_up{}')" = 1 ] || fail "xvrrp_up is $(sample "$m" 'xvrrp_up{}')"
	[ "$(sample "$m" "xvrrp_instance_state{$lbl}")" = 2 ] ||
		fail "xvrrp_instance_state{$lbl} is $(sample "$m" "xvrrp_instance_state{$lbl}"), expected 2 (MASTER)"
	[ "$(sample "$m" "xvrrp_instance_priority{$lbl}")" = 200 ] || fail "xvrrp_instance_priority is not 200"
	v=$(sample "$m" "xvrrp_instance_advert_sent_total{$lbl}")
	awk -v v="$v" -v a="$sent1" -v b="$sent2" 'BEGIN { exit !(v >= a && v <= b) }' ||
		fail "xvrrp_instance_advert_sent_total is $v, outside [$sent1, $sent2] read by xvrrp stats --json around the scrape"
	[ "$(jq -r '.types.xvrrp_instance_advert_sent' "$m")" = counter ] || fail "advert_sent is not typed counter"
	v="keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",ip_address=\"$VIP/24\",vrid=\"51\"}"
	[ "$(sample "$m" "$v")" = 2 ] || fail "$v is $(sample "$m" "$v"), expected 2"
	[ "$(sample "$m" 'keepalived_up{}')" = 1 ] || fail "keepalived_up missing"
	for k in advertisements_received advertisements_sent become_master release_master packet_length_errors \
		advertisements_interval_errors ip_ttl_errors invalid_type_received address_list_errors \
		authentication_invalid authentication_mismatch authentication_failure priority_zero_received \
		priority_zero_sent; do
		[ "$(sample "$m" "keepalived_${k}_total{$ka}")" != null ] || fail "keepalived_${k}_total{$ka} missing"
	done
	# Every XDP counter is there per interface and per VRID.
	for k in $(xv "$NS_R1" stats --json | jq -r '.interfaces[0].xdp | keys[]'); do
		[ "$(sample "$m" "xvrrp_xdp_${k}_total{interface=\"eth0\"}")" != null ] ||
			fail "xvrrp_xdp_${k}_total{interface=\"eth0\"} missing"
	done
	for k in $(xv "$NS_R1" stats --json | jq -r '.instances[0].xdp | keys[]'); do
		[ "$(sample "$m" "xvrrp_vrid_xdp_${k}_total{$lbl}")" != null ] || fail "xvrrp_vrid_xdp_${k}_total{$lbl} missing"
	done
	note "scrape: $(jq '.samples | length' "$m") samples parsed by prometheus_client; state, priority, advert_sent agree with xvrrp stats"

	# Traffic we made: 25 adverts with TTL 64, each counted once in XDP.
	before=$(sample "$m" "xvrrp_xdp_ip_ttl_err_total{interface=\"eth0\"}")
	timeout 10 ip netns exec "$NS_C" python3 "$SELFTEST_DIR/vrrp_send.py" v3 eth0 "$CLIENT_ADDR" \
		"$VRID" 254 64 GOOD 25 "$VIP" || fail "vrrp_send.py failed"
	sleep 0.3
	scrape "$m2"
	after=$(sample "$m2" "xvrrp_xdp_ip_ttl_err_total{interface=\"eth0\"}")
	[ "$(awk -v a="$after" -v b="$before" 'BEGIN { print a - b }')" = 25 ] ||
		fail "xvrrp_xdp_ip_ttl_err_total went from $before to $after after 25 adverts with TTL 64"
	[ "$(awk -v a="$(sample "$m2" "keepalived_ip_ttl_errors_total{$ka}")" -v b="$(sample "$m" "keepalived_ip_ttl_errors_total{$ka}")" 'BEGIN { print a - b }')" = 25 ] ||
		fail "keepalived_ip_ttl_errors_total did not grow by 25"
	note "25 forged adverts with TTL 64: xvrrp_xdp_ip_ttl_err_total and keepalived_ip_ttl_errors_total +25"

	# The same text from the CLI, without a listener.
	xv "$NS_R1" stats --format prometheus --metrics-compat keepalived >"$T_DIR/cli.prom" ||
		fail "xvrrp stats --format prometheus failed"
	"$PY3" -c 'import sys; from prometheus_client.parser import text_string_to_metric_families as p
print(sum(1 for f in p(open(sys.argv[1]).read()) for s in f.samples))' "$T_DIR/cli.prom" >"$T_DIR/cli.n" ||
		fail "stats --format prometheus does not parse"
	[ "$(cat "$T_DIR/cli.n")" = "$(jq '.samples | length' "$m2")" ] ||
		fail "stats --format prometheus has $(cat "$T_DIR/cli.n") samples, the endpoint $(jq '.samples | length' "$m2")"
	# Other paths and methods are answered, not hung.
	ip netns exec "$NS_C" "$PY3" -c 'import urllib.request, urllib.error, sys
try:
    urllib.request.urlopen(sys.argv[1], timeout=3)
except urllib.error.HTTPError as e:
    sys.exit(0 if e.code == 404 else 1)
sys.exit(1)' "http://192.0.2.1:$METRICS_PORT/other" || fail "GET /other is not a 404"
}

# max_gap_ms PCAP SRC: the longest time between two adverts from SRC.
max_gap_ms()
{
	tcpdump -tt -n -r "$1" "ip proto 112 and src $2" 2>/dev/null |
		awk '{ t = $1 + 0; if (n++ && t - p > g) g = t - p; p = t } END { printf "%d\n", g * 1000 + 0.5 }'
}

# 20 silent and 16 slow clients hold the endpoint for 3 s: the master's
# adverts keep their interval, the backup does not move, a scrape works.
test_metrics_silent_clients()
{
	local pcap=$T_DIR/adv.pcap cap gap hold1 hold2

	require_cmd tcpdump
	metrics_pair
	ip netns exec "$NS_C" timeout 5 tcpdump -i eth0 -n -w "$pcap" "ip proto 112" >/dev/null 2>&1 &
	cap=$!
	track_pid "$cap" tcpdump
	sleep 0.5
	ip netns exec "$NS_C" "$PY3" "$SELFTEST_DIR/scrape.py" hold 192.0.2.1 "$METRICS_PORT" 20 3 &
	hold1=$!
	track_pid "$hold1" silent
	ip netns exec "$NS_C" "$PY3" "$SELFTEST_DIR/scrape.py" hold 192.0.2.1 "$METRICS_PORT" 16 3 slow &
	hold2=$!
	track_pid "$hold2" slow
	sleep 1
	scrape "$T_DIR/m.json"
	[ "$(sample "$T_DIR/m.json" 'xvrrp_up{}')" = 1 ] || fail "no xvrrp_up while clients hold the endpoint"
	hold_for "only_holder $NS_R1" 1.5 || fail "the VIP moved while clients held the metrics endpoint: '$(vip_holders)'"
	wait "$hold1" "$hold2"
	wait_for "! pid_alive $cap" 5
	gap=$(max_gap_ms "$pcap" 192.0.2.1)
	[ "$(tcpdump -n -r "$pcap" 'ip proto 112 and src 192.0.2.1' 2>/dev/null | wc -l)" -gt 20 ] ||
		fail "too few adverts captured from r1"
	note "36 silent or slow clients for 3 s: a scrape answered, longest gap between r1's adverts $gap ms (advert_int 100 ms)"
	[ "$gap" -le 250 ] || fail "r1's adverts paused $gap ms while clients held the metrics endpoint"
}
