# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# What a local user, a config author or a host on the segment can send must
# not hang, crash or subvert the daemon (docs/security.md): the holes found
# by review, each shown with the real daemon in a namespace.

ALL_TESTS+=(test_hardening_track_file_fifo)

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
