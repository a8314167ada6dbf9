# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=bash
#
# The two-gateway lab of `make lab` (selftests/lab_lib.sh), each step
# asserted: the client reaches the server through gw1; gw1's WAN interface
# down moves the VIPs and the default route to gw2 with a bounded
# interruption; back up, gw1 preempts.

# shellcheck source=selftests/lab_lib.sh
. "$SELFTEST_DIR/lab_lib.sh"

ALL_TESTS+=(test_lab)

test_lab()
{
	require_root
	require_cmd ip jq ping
	require_xvrrp
	lab_topo_create
	lab_start 0.1
	lab_step_through_gw1
	lab_step_wan_down
	note "gw1's wan0 down: gw2 master after $LAB_TOOK_MS ms, client lost the server for $LAB_GAP_MS ms"
	lab_step_wan_up
	note "gw1's wan0 up: gw1 master again after $LAB_TOOK_MS ms, client lost the server for $LAB_GAP_MS ms"
}
