/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Child processes, never waited for in the event loop: vrrp_script checks
 * (interval, timeout, rise/fall) and notify scripts. Children are reaped on
 * SIGCHLD (the daemon's signalfd); timeouts are deadlines the daemon's timer
 * asks for (xvrrp_scripts_next_deadline). keepalived's script security
 * checks apply (enable_script_security, script_user).
 */
#ifndef XVRRP_SCRIPTS_H
#define XVRRP_SCRIPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "config.h"

struct xvrrp_scripts;

/* A vrrp_script's state changed (after rise/fall): up = passing. */
typedef void (*xvrrp_script_cb)(void *ctx, size_t script_idx, bool up);

/*
 * Prepare the checks of cfg->scripts (indices as in cfg->scripts). Performs
 * the script security checks; a script that fails them is reported with its
 * file:line and stays failed (as keepalived does). Returns NULL on ENOMEM.
 */
struct xvrrp_scripts *xvrrp_scripts_new(const struct xvrrp_config *cfg, xvrrp_script_cb cb,
					void *ctx);
void xvrrp_scripts_free(struct xvrrp_scripts *s);  /* kills running checks, waits for none */
/*
 * Reload: `to` takes over the notify children of `from` that are still
 * running, so they are reaped (free() leaves notify scripts to finish),
 * and `from`'s running checks are killed and reaped by `to` too: neither
 * function ever waits for a child.
 */
void xvrrp_scripts_adopt(struct xvrrp_scripts *to, struct xvrrp_scripts *from);

/*
 * The network namespace (an fd of it, kept open by the caller) the check
 * runs in: that of the instances tracking it; -1 = wherever the daemon is.
 */
void xvrrp_scripts_netns(struct xvrrp_scripts *s, size_t script_idx, int fd);

/* State of a check now (init_fail decides it before the first result). */
bool xvrrp_script_up(const struct xvrrp_scripts *s, size_t script_idx);

/*
 * A check that cannot run (unsafe under enable_script_security, missing,
 * unknown user). keepalived drops such a script from every track_script, so
 * it neither fails nor weighs on anything.
 */
bool xvrrp_script_disabled(const struct xvrrp_scripts *s, size_t script_idx);

/* Start the checks whose interval is due and kill those past their timeout. */
void xvrrp_scripts_run(struct xvrrp_scripts *s, uint64_t now);
/* Earliest deadline (next start or a timeout), 0 = none. */
uint64_t xvrrp_scripts_next_deadline(const struct xvrrp_scripts *s);
/* SIGCHLD: reap every exited child, account results, call cb on state changes. */
void xvrrp_scripts_reap(struct xvrrp_scripts *s, uint64_t now);

/*
 * Run a notify script without waiting for it, keepalived's way: `cmd` is
 * split into words (quotes honoured) and args appended. For "notify" the
 * caller passes TYPE NAME STATE PRIORITY ("INSTANCE" or "GROUP"); for
 * notify_master & co. no arguments. Returns the child's pid or -errno.
 */
pid_t xvrrp_scripts_notify(struct xvrrp_scripts *s, const char *cmd, const char *const *args,
			   size_t n_args);

#endif
