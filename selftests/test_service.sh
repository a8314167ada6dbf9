# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# xvrrp as a systemd service: `make install` (PREFIX, DESTDIR), the unit it
# installs (systemd-analyze verify), and the unit's own command lines run
# under selftests/sd_supervisor.py, which plays the service manager
# (Type=notify, WatchdogSec, Restart=on-failure, ExecReload, KillSignal).

ALL_TESTS+=(test_service_install test_service_unit)

# unit_key UNIT KEY: the value of KEY= in UNIT (the last one).
unit_key()
{
	sed -n "s/^$2=//p" "$1" | tail -n 1
}

test_service_install()
{
	local stage=$T_DIR/stage unit f

	require_xvrrp
	make -s -C "$REPO_DIR" install DESTDIR="$stage" PREFIX=/usr >"$T_DIR/install.log" 2>&1 ||
		fail "make install DESTDIR=... PREFIX=/usr failed: $(tail -n 3 "$T_DIR/install.log")"
	for f in usr/sbin/xvrrp usr/share/man/man8/xvrrp.8 usr/share/man/man5/xvrrp.conf.5 \
		usr/lib/systemd/system/xvrrp.service; do
		[ -f "$stage/$f" ] || fail "make install DESTDIR=stage PREFIX=/usr did not install /$f"
	done
	unit=$stage/usr/lib/systemd/system/xvrrp.service
	[ "$(unit_key "$unit" ExecStart | cut -d' ' -f1)" = /usr/sbin/xvrrp ] ||
		fail "the installed unit runs '$(unit_key "$unit" ExecStart)', expected /usr/sbin/xvrrp (PREFIX, without DESTDIR)"
	[ "$(find "$stage" -type f | wc -l)" = 4 ] || fail "make install wrote more than its 4 files: $(find "$stage" -type f)"
	note "make install DESTDIR=stage PREFIX=/usr: binary, 2 man pages, unit with ExecStart=/usr/sbin/xvrrp"
}

# A daemon that is ready, reloads, stops turning (SIGSTOP), is killed by the
# watchdog and restarted, and stops gracefully — started as the unit says.
test_service_unit()
{
	local prefix=$T_DIR/prefix unit out cmd wd_s wd_usec restart_s sup log t_stop t_to pid pid2

	require_root
	require_cmd jq python3
	require_xvrrp
	make -s -C "$REPO_DIR" install PREFIX="$prefix" >"$T_DIR/install.log" 2>&1 ||
		fail "make install PREFIX=... failed: $(tail -n 3 "$T_DIR/install.log")"
	unit=$prefix/lib/systemd/system/xvrrp.service
	[ "$(unit_key "$unit" Type)" = notify ] || fail "the unit is Type=$(unit_key "$unit" Type), expected notify"
	if command -v systemd-analyze >/dev/null 2>&1; then
		out=$(systemd-analyze verify --man=no "$unit" 2>&1) ||
			fail "systemd-analyze verify: $out"
		[ -z "$out" ] || fail "systemd-analyze verify complains: $out"
		note "systemd-analyze verify: the unit is clean"
	fi
	wd_s=$(unit_key "$unit" WatchdogSec)
	restart_s=$(unit_key "$unit" RestartSec)
	wd_usec=$((wd_s * 1000000))

	topo_create 2
	write_conf "$T_DIR/r1.conf" 200 0.1
	write_conf "$T_DIR/r2.conf" 100 0.1
	start_xvrrp "$NS_R2" "$T_DIR/r2.conf"
	# The unit's command lines, with its variables as EnvironmentFile would set them.
	cmd=$(unit_key "$unit" ExecStartPre | sed -e "s|\${XVRRP_CONFIG}|$T_DIR/r1.conf|g")
	# shellcheck disable=SC2086
	ip netns exec "$NS_R1" $cmd >"$T_DIR/pre.log" 2>&1 || fail "ExecStartPre ($cmd) failed: $(cat "$T_DIR/pre.log")"
	cmd=$(unit_key "$unit" ExecStart | sed -e "s|\${XVRRP_CONFIG}|$T_DIR/r1.conf|g" -e 's|\$XVRRP_ARGS||g')
	say "ExecStart: $cmd (WatchdogSec=$wd_s, RestartSec=$restart_s)"
	log=$T_DIR/sd.log
	: >"$log"
	# shellcheck disable=SC2086
	ip netns exec "$NS_R1" python3 "$SELFTEST_DIR/sd_supervisor.py" "$log" "$T_DIR/notify.sock" \
		"$wd_usec" "$restart_s" 1 60 -- $cmd >>"$T_DIR/xvrrp-r1.log" 2>&1 &
	sup=$!
	track_pid "$sup" sd_supervisor
	wait_for "grep -q ' READY=1$' $log" 10 || fail "no READY=1 within 10 s: $(tr '\n' ' ' <"$log")"
	xv_json "$NS_R1" >/dev/null || fail "READY=1 came but xvrrp status does not answer"
	pid=$(awk '$2 == "MAINPID" || $2 ~ /^MAINPID=/ { sub(/MAINPID=/, "", $2); print $2; exit }' "$log")
	[ "$pid" = "$(awk '$2 == "START" { print $3; exit }' "$log")" ] ||
		fail "MAINPID=$pid is not the started process"
	note "READY=1 after $WAITED_MS ms: $(grep -m1 ' STATUS=' "$log" | cut -d' ' -f2-)"
	wait_for "only_holder $NS_R1" 5 || fail "r1 (200) is not the only VIP holder: '$(vip_holders)'"
	wait_for "[ \$(grep -c ' WATCHDOG=1$' $log) -ge 2 ]" "$wd_s" ||
		fail "fewer than 2 WATCHDOG=1 in WatchdogSec=$wd_s"

	kill -HUP "$pid"    # ExecReload
	wait_for "grep -A3 ' RELOADING=1$' $log | grep -q ' READY=1$'" 5 || fail "no RELOADING=1 then READY=1 after SIGHUP"
	note "ExecReload (SIGHUP): RELOADING=1, then READY=1 after $WAITED_MS ms"

	kill -STOP "$pid"
	t_stop=$(now_ms)
	say "the daemon's loop is stopped (SIGSTOP)"
	wait_for "grep -q WATCHDOG-TIMEOUT $log" $((wd_s + 3)) || fail "the watchdog did not fire $((wd_s + 3)) s after SIGSTOP"
	t_to=$(( $(now_ms) - t_stop ))
	has_vip "$NS_R2" || fail "r2 did not take over while r1's daemon was stopped"
	wait_for "grep -q 'EXIT signal 6' $log" 5 || fail "the stopped daemon did not die of the watchdog's SIGABRT: $(tail -n 3 "$log" | tr '\n' ' ')"
	note "watchdog fired $t_to ms after SIGSTOP (WatchdogSec=$wd_s): SIGABRT, r2 took over meanwhile"
	[ "$t_to" -ge $(( (wd_s * 1000) / 2 )) ] || fail "the watchdog fired after $t_to ms: WATCHDOG=1 was not fed every half of WatchdogSec"
	wait_for "[ \$(grep -c ' READY=1$' $log) -ge 3 ]" $((restart_s + 10)) ||
		fail "Restart=on-failure: the restarted daemon sent no READY=1: $(tail -n 4 "$log" | tr '\n' ' ')"
	pid2=$(awk '$2 == "START" { p = $3 } END { print p }' "$log")
	[ "$pid2" != "$pid" ] || fail "no new process after the restart"
	wait_for "only_holder $NS_R1" 5 || fail "after the restart the VIP holders are '$(vip_holders)', expected r1 alone"
	note "restarted (pid $pid2): READY=1, the VIP it left behind removed, r1 alone again after $WAITED_MS ms"

	kill -TERM "$sup"
	wait_for "grep -q 'EXIT 0' $log" 10 || fail "SIGTERM: no clean exit: $(tail -n 3 "$log" | tr '\n' ' ')"
	grep -q ' STOPPING=1$' "$log" || fail "no STOPPING=1 before the exit"
	wait_for "only_holder $NS_R2" 2 || fail "after the stop the VIP holders are '$(vip_holders)', expected r2 alone"
	note "stop (SIGTERM): STOPPING=1, exit 0, r2 alone after $WAITED_MS ms"
}
