/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The control socket: a unix stream socket, mode 0600 in a 0700 directory
 * (root only), one per network namespace. A client sends one request line
 * ("status", "stats [IFACE]", "detach IFACE", "reload") and reads one JSON
 * document.
 */
#ifndef XVRRP_CONTROL_H
#define XVRRP_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct xvrrp_daemon;

#define XVRRP_RUN_DIR "/run/xvrrp"

/* The socket path of this network namespace. XVRRP_SOCKET in the environment overrides it. */
int xvrrp_ctl_path(char *buf, size_t len);
/* Listen on path; returns the fd or -1 after printing why. */
int xvrrp_ctl_listen(const char *path);
/*
 * The daemon's side, on the loop's request server (reqsrv.h): non-blocking,
 * clients checked by SO_PEERCRED (root, or the daemon's own uid). A
 * `reload` is answered once the file has been read (off the loop) and
 * applied: the daemon calls xvrrp_ctl_reload_done() for it.
 */
struct xvrrp_reqsrv;
struct xvrrp_reqsrv *xvrrp_ctl_server(struct xvrrp_daemon *d, int epfd, uint32_t tag);
void xvrrp_ctl_reload_done(struct xvrrp_reqsrv *srv, uint64_t id, bool ok, const char *messages);

/*
 * Client side: send `request`, return the reply (malloc'd, NUL-terminated)
 * in *reply. Returns 0, -ENOENT/-ECONNREFUSED when no daemon runs here, or
 * another negative errno.
 */
int xvrrp_ctl_request(const char *request, char **reply);

#endif
