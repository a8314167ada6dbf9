/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The service manager's notify protocol (sd_notify(3)), without libsystemd:
 * one datagram of "KEY=VALUE" lines on the unix socket named by
 * $NOTIFY_SOCKET ("@name" for the abstract namespace). READY=1 once every
 * interface is attached, RELOADING=1 / READY=1 around a reload, STOPPING=1
 * on the way out, and WATCHDOG=1 from the event loop every half of
 * $WATCHDOG_USEC, so that a loop that stops turning is noticed and restarted
 * (systemd.service(5): Type=notify, WatchdogSec=).
 */
#ifndef XVRRP_SDNOTIFY_H
#define XVRRP_SDNOTIFY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/un.h>

struct xvrrp_sdnotify {
	int fd;                         /* -1: no service manager listens */
	struct sockaddr_un addr;
	socklen_t addr_len;
	uint64_t watchdog_ns;           /* 0: no watchdog */
};

/*
 * Read $NOTIFY_SOCKET, $WATCHDOG_USEC and $WATCHDOG_PID for process `pid`
 * and remove them from the environment (scripts must not inherit them).
 * Without a socket, or with one that cannot be used, n->fd is -1 and every
 * call below does nothing. Returns 0, or -errno for a socket given but
 * unusable (the caller logs it; the daemon runs on).
 */
int xvrrp_sdnotify_open(struct xvrrp_sdnotify *n, int pid);
void xvrrp_sdnotify_close(struct xvrrp_sdnotify *n);
bool xvrrp_sdnotify_enabled(const struct xvrrp_sdnotify *n);
/* One datagram; returns 0 or -errno (never blocks). */
int xvrrp_sdnotify_send(const struct xvrrp_sdnotify *n, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* How often to send WATCHDOG=1: half the manager's timeout; 0 = never. */
uint64_t xvrrp_sdnotify_watchdog_period_ns(const struct xvrrp_sdnotify *n);

#endif
