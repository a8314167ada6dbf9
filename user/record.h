/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One daemon per network namespace, and what it may have left on the host.
 *
 * The lock: an exclusive flock() on a file next to the control socket, taken
 * before the daemon touches the host and held for its life. A second daemon
 * finds it held and stops, whatever stage the first is at.
 *
 * The record: the effective configuration in keepalived syntax (the text of
 * `check-config --dump`, which loads again into an equal configuration),
 * written before anything is added to the host and removed after a clean
 * stop. A daemon killed with SIGKILL leaves it behind; the next start loads
 * it and removes everything it names (every VIP, excluded ones too, virtual
 * and static routes and rules, static addresses) before it adds anything,
 * whatever the new configuration says. A reload writes the new
 * configuration's record first (the ".next" file), applies it, then makes
 * it the record: a daemon killed in between leaves both, and both are swept.
 */
#ifndef XVRRP_RECORD_H
#define XVRRP_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "config.h"
#include "netlink.h"

/* "<base>.lock", "<base>.owned", "<base>.owned.next" for the control socket path base. */
struct xvrrp_record_paths {
	char lock[256];
	char owned[256];
	char next[256];
};

int xvrrp_record_paths(const char *ctl_path, struct xvrrp_record_paths *p);

/*
 * Take the lock (created 0600 if absent). Returns its fd (close-on-exec,
 * kept open for the daemon's life), -EWOULDBLOCK if another process holds
 * it, or another negative errno.
 */
int xvrrp_lock_take(const char *path);

/* Write cfg's record to path (through a temporary file and rename). */
int xvrrp_record_write(const char *path, const struct xvrrp_config *cfg);

/*
 * May the sweep act in this other namespace (an instance's net_namespace)?
 * Not when another daemon serves it now.
 */
typedef bool (*xvrrp_sweep_ns_fn)(void *ctx, const struct stat *ns);

/*
 * Load the record at path, if there is one, and remove from the host what
 * it names (an instance of another namespace inside it, if it still exists
 * and may(ctx, its nsfs stat) says so); then delete the file. Returns how
 * many objects were removed.
 */
int xvrrp_record_sweep(struct xvrrp_nl *nl, const char *path, xvrrp_sweep_ns_fn may, void *ctx);

#endif
