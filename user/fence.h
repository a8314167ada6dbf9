/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fence: a small child process that outlives a daemon killed without
 * stopping (SIGKILL, a crash) and at once removes what the daemon's record
 * (record.h) says it may have added: its VIPs, routes and rules. Without
 * it a killed master keeps its VIPs on the interface, and its kernel keeps
 * answering ARP for them, while the backup takes over (keepalived has the
 * same flaw, its issues #2361 and #672): two hosts claim one address.
 *
 * The daemon holds the write end of a pipe; the fence blocks reading the
 * other. A clean stop writes one byte first (nothing to do); end of file
 * without it means the daemon died. The fence then takes the namespace's
 * lock (a new daemon that already took it has swept the record itself) and
 * sweeps. It ignores SIGTERM, SIGINT and SIGHUP (a terminal's Ctrl-C or a
 * service manager's SIGTERM to the whole group reaches the daemon, which
 * stops cleanly) and holds none of the daemon's descriptors (no XDP link,
 * no socket). What kills both at once (SIGKILL to the group, a container's
 * end) leaves the record to the next start's sweep.
 */
#ifndef XVRRP_FENCE_H
#define XVRRP_FENCE_H

#include "record.h"

/*
 * An xvrrp_sweep_ns_fn: no daemon holds the lock of that namespace (its
 * net<inode>.lock), so nobody else serves it.
 */
bool xvrrp_fence_ns_unclaimed(void *ctx, const struct stat *ns);

/* Start the fence for the record at rec. Returns the fd the daemon keeps, or -1. */
int xvrrp_fence_start(const struct xvrrp_record_paths *rec);

/* A clean stop: the fence has nothing to do. Closes fd. */
void xvrrp_fence_release(int fd);

#endif
