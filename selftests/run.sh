#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# xvrrp selftest runner (in the manner of xdp-tools' test runner).
#
#   selftests/run.sh [TEST...]     run every test_* function (or the named ones)
#
# Each test_* function from selftests/test_*.sh runs in its own bash process
# with its own namespace prefix and topology, bounded by TEST_TIMEOUT seconds.
# Whatever happens, its processes and namespaces are removed afterwards.
# Exit code 249 from a test means skipped. The last line is
# "selftests: N passed, M failed, K skipped"; the exit code is non-zero if
# any test failed.
#
# A sanitizer report in any log of a test (a daemon built by make
# selftest-asan) fails it.
#
# Environment: XVRRP (binary, default build/xvrrp), TEST_TIMEOUT (seconds
# per test, default 90), SUITE_BUDGET (seconds, default 900), VERBOSE=1
# (print every test's log), KEEP_LOGS=1 (keep each test's directory),
# SELFTEST_SKIP (tests left out of this pass, reported as skipped).

SELFTEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SELFTEST_DIR/.." && pwd)
export SELFTEST_DIR REPO_DIR

ALL_TESTS=()

load_tests()
{
	local f

	for f in "$SELFTEST_DIR"/test_*.sh; do
		# shellcheck disable=SC1090
		. "$f"
	done
}

# Internal: run one test in this process (the runner calls itself).
if [ "${1:-}" = "--one" ]; then
	PFX=$3
	T_DIR=$4
	# shellcheck source=selftests/lib.sh
	. "$SELFTEST_DIR/lib.sh"
	load_tests
	cd "$REPO_DIR" || exit 1
	lib_init
	"$2"
	exit $?
fi

# shellcheck source=selftests/lib.sh
. "$SELFTEST_DIR/lib.sh"
load_tests

TEST_TIMEOUT=${TEST_TIMEOUT:-90}
# The whole suite stays well under 13 minutes: tests that would start after
# SUITE_BUDGET seconds are reported as failed, not run.
SUITE_BUDGET=${SUITE_BUDGET:-900}
if [ $# -gt 0 ]; then
	selected=("$@")
else
	selected=("${ALL_TESTS[@]}")
fi

passed=0
failed=0
skipped=0
suite_start=$(now_ms)
n=0

# sanitizer_report DIR: the first sanitizer error any log of the test holds.
sanitizer_report()
{
	local f hit

	for f in "$1"/*.log "$1"/*/log "$1"/out; do
		[ -f "$f" ] || continue
		hit=$(grep -m1 -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$f") || continue
		echo "${f#"$1"/}: $hit"
		return 0
	done
	return 1
}

indent()
{
	sed 's/^/    | /'
}

for t in "${selected[@]}"; do
	n=$((n + 1))
	if ! declare -F "$t" >/dev/null; then
		echo "FAIL $t: no such test"
		failed=$((failed + 1))
		continue
	fi
	case " ${SELFTEST_SKIP:-} " in
	*" $t "*)
		echo "SKIP $t: left out of this pass (SELFTEST_SKIP)"
		skipped=$((skipped + 1))
		continue
		;;
	esac
	if [ $(( $(now_ms) - suite_start )) -gt $((SUITE_BUDGET * 1000)) ]; then
		echo "FAIL $t: not run, the suite's time budget of ${SUITE_BUDGET}s is spent"
		failed=$((failed + 1))
		continue
	fi
	dir=$(mktemp -d "${TMPDIR:-/tmp}/xvrrp-selftest.XXXXXX")
	start=$(now_ms)
	timeout -k 10 "$TEST_TIMEOUT" bash "$SELFTEST_DIR/run.sh" --one "$t" "xv$$t$n-" "$dir" \
		</dev/null >"$dir/out" 2>&1
	rc=$?
	# Safety net: a test killed by the timeout could not clean up itself.
	lib_kill_tracked "$dir"
	lib_del_tracked_netns "$dir"
	secs=$(awk -v ms=$(( $(now_ms) - start )) 'BEGIN { printf "%.1f", ms / 1000 }')
	reason=$(cat "$dir/reason" 2>/dev/null)
	# A daemon built with sanitizers (make selftest-asan) reports into its log.
	if [ "$rc" = 0 ] && san=$(sanitizer_report "$dir"); then
		rc=1
		reason="sanitizer report: $san"
	fi
	case $rc in
	0)
		echo "PASS $t (${secs}s)"
		[ -f "$dir/notes" ] && sed 's/^/     /' "$dir/notes"
		passed=$((passed + 1))
		;;
	"$SKIP_RC")
		echo "SKIP $t: ${reason:-no reason given}"
		skipped=$((skipped + 1))
		;;
	*)
		if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
			reason="timed out after ${TEST_TIMEOUT}s${reason:+ ($reason)}"
		fi
		echo "FAIL $t: ${reason:-exit code $rc} (${secs}s)"
		failed=$((failed + 1))
		;;
	esac
	if [ "$rc" -ne 0 ] && [ "$rc" -ne "$SKIP_RC" ] || [ "${VERBOSE:-0}" = 1 ]; then
		indent <"$dir/out"
		for f in "$dir"/xvrrp-*.log "$dir"/keepalived-*/log; do
			[ -s "$f" ] || continue
			echo "    --- last lines of ${f#"$dir"/}:"
			tail -n 15 "$f" | indent
		done
	fi
	if [ "${KEEP_LOGS:-0}" = 1 ]; then
		echo "     logs kept in $dir"
	else
		rm -rf "$dir"
	fi
done

secs=$(awk -v ms=$(( $(now_ms) - suite_start )) 'BEGIN { printf "%.1f", ms / 1000 }')
echo "selftests took ${secs}s"
echo "selftests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
