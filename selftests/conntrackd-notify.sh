#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# conntrackd-notify.sh CONF primary|backup|fault [LOG]
#
# The notify script of an HA router whose connection table conntrackd
# replicates (CONF: that conntrackd's configuration), in the steps of
# primary-backup.sh from the conntrack-tools documentation:
#
#   notify_master "conntrackd-notify.sh CONF primary"
#   notify_backup "conntrackd-notify.sh CONF backup"
#   notify_fault  "conntrackd-notify.sh CONF fault"
#
# It does not start conntrackd (its supervisor does); each command and its
# exit code are appended to LOG when given, with the network namespace the
# script runs in: XVRRP_NETNS (set by an xvrrp serving many namespaces, which
# runs the script inside the instance's namespace; "-" otherwise) and the
# inode of /proc/self/ns/net. conntrackd -C talks to the daemon through the
# UNIX socket of CONF, a file path: it does not depend on the namespace the
# script runs in.

PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
conf=$1
state=$2
log=${3:-/dev/null}

ctd()
{
	conntrackd -C "$conf" "$@" >/dev/null 2>&1
	rc=$?
	echo "$(date +%s.%N) $state conntrackd $* rc=$rc netns=${XVRRP_NETNS:--} netns_inode=$(stat -L -c %i /proc/self/ns/net 2>/dev/null)" >>"$log"
}

case $state in
primary)
	ctd -c	# commit the external cache (the peer's connections) into the kernel table
	ctd -f	# flush the internal and external caches
	ctd -R	# resynchronize the internal cache with the kernel table
	ctd -B	# send a bulk update to the backup
	;;
backup)
	ctd -t	# shorten the kernel's timers: entries of a former master age out
	ctd -n	# ask the master for a resynchronization
	;;
fault)
	ctd -t
	;;
*)
	echo "usage: $0 CONF primary|backup|fault [LOG]" >&2
	exit 1
	;;
esac
exit 0
