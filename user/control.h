/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control socket: a unix stream socket, mode 0600 in a 0700 directory
 * (root only), one per network namespace. A client sends one request line
 * ("status", "stats [IFACE]", "detach IFACE") and reads one JSON document.
 */
#ifndef XVRRP_CONTROL_H
#define XVRRP_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

struct xvrrp_daemon;

#define XVRRP_RUN_DIR "/run/xvrrp"

/* The socket path of this network namespace. XVRRP_SOCKET in the environment overrides it. */
int xvrrp_ctl_path(char *buf, size_t len);
bool xvrrp_ctl_daemon_running(const char *path);
/* Listen on path; returns the fd or -1 after printing why. */
int xvrrp_ctl_listen(const char *path);
/* Accept and answer one client. */
void xvrrp_ctl_serve(struct xvrrp_daemon *d);

/*
 * Client side: send `request`, return the reply (malloc'd, NUL-terminated)
 * in *reply. Returns 0, -ENOENT/-ECONNREFUSED when no daemon runs here, or
 * another negative errno.
 */
int xvrrp_ctl_request(const char *request, char **reply);

#endif
