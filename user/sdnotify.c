// SPDX-License-Identifier: GPL-2.0-only
/* sd_notify(3)'s protocol: see sdnotify.h. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sdnotify.h"

/* $WATCHDOG_USEC, if it is meant for us ($WATCHDOG_PID absent or ours). */
static uint64_t watchdog_usec(int pid)
{
	const char *usec = getenv("WATCHDOG_USEC");
	const char *wpid = getenv("WATCHDOG_PID");
	unsigned long long v;
	char *end;

	if (!usec || !*usec)
		return 0;
	if (wpid && *wpid && strtol(wpid, NULL, 10) != pid)
		return 0;
	errno = 0;
	v = strtoull(usec, &end, 10);
	if (errno || *end || v == 0 || v > UINT64_MAX / 1000)
		return 0;
	return v;
}

int xvrrp_sdnotify_open(struct xvrrp_sdnotify *n, int pid)
{
	const char *path = getenv("NOTIFY_SOCKET");
	size_t len;
	int err = 0;

	memset(n, 0, sizeof(*n));
	n->fd = -1;
	if (path && *path) {
		len = strlen(path);
		if ((path[0] != '/' && path[0] != '@') || len >= sizeof(n->addr.sun_path)) {
			err = -EINVAL;
			goto out;
		}
		n->addr.sun_family = AF_UNIX;
		memcpy(n->addr.sun_path, path, len);
		if (path[0] == '@')
			n->addr.sun_path[0] = '\0';     /* abstract: no terminating NUL counted */
		n->addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len +
					  (path[0] == '/'));
		n->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (n->fd < 0) {
			err = -errno;
			goto out;
		}
		n->watchdog_ns = watchdog_usec(pid) * 1000ULL;
	}
out:
	unsetenv("NOTIFY_SOCKET");
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	return err;
}

void xvrrp_sdnotify_close(struct xvrrp_sdnotify *n)
{
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
	n->watchdog_ns = 0;
}

bool xvrrp_sdnotify_enabled(const struct xvrrp_sdnotify *n)
{
	return n->fd >= 0;
}

int xvrrp_sdnotify_send(const struct xvrrp_sdnotify *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int len;

	if (n->fd < 0)
		return 0;
	va_start(ap, fmt);
	len = vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (len < 0 || (size_t)len >= sizeof(msg))
		return -EMSGSIZE;
	if (sendto(n->fd, msg, (size_t)len, MSG_NOSIGNAL, (const struct sockaddr *)&n->addr,
		   n->addr_len) < 0)
		return -errno;
	return 0;
}

uint64_t xvrrp_sdnotify_watchdog_period_ns(const struct xvrrp_sdnotify *n)
{
	return n->fd >= 0 ? n->watchdog_ns / 2 : 0;
}
