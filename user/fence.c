// SPDX-License-Identifier: GPL-2.0-only
/*
 * The fence (fence.h): a child that sweeps a killed daemon's record.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>

#include "control.h"
#include "fence.h"
#include "log.h"
#include "netlink.h"

#define FENCE_CLEAN 'c'
#define LOCK_TRIES 100
#define LOCK_WAIT_US 10000

/* Everything but stdin/out/err and the pipe: no XDP link, socket or lock stays open here. */
static void close_inherited(int keep)
{
	if (keep > 3)
		close_range(3, (unsigned int)keep - 1, 0);
	close_range((unsigned int)keep + 1, ~0U, 0);
}

static void __attribute__((noreturn)) fence_main(int rfd, const struct xvrrp_record_paths *rec)
{
	struct xvrrp_nl *nl;
	sigset_t none;
	ssize_t n;
	int lock, removed;
	char c;

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	prctl(PR_SET_NAME, "xvrrp-fence", 0, 0, 0);
	close_inherited(rfd);
	do
		n = read(rfd, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n == 1 && c == FENCE_CLEAN)
		_exit(0);
	/*
	 * The daemon is gone without stopping. Its lock goes with its last
	 * descriptor, a moment after the pipe's: wait for it that long. A new
	 * daemon that holds it has swept already.
	 */
	for (int i = 0; (lock = xvrrp_lock_take(rec->lock)) == -EWOULDBLOCK && i < LOCK_TRIES; i++)
		usleep(LOCK_WAIT_US);
	if (lock < 0)
		_exit(0);
	nl = xvrrp_nl_open();
	if (!nl) {
		pr_err("fence: the daemon died and its VIPs cannot be removed: no netlink socket "
		       "(%s); the next start removes them", strerror(errno));
		_exit(1);
	}
	removed = xvrrp_record_sweep(nl, rec->next, xvrrp_fence_ns_unclaimed, NULL);
	removed += xvrrp_record_sweep(nl, rec->owned, xvrrp_fence_ns_unclaimed, NULL);
	pr_warn("fence: the daemon died without stopping: %d address(es) it held removed, with "
		"its routes and rules", removed);
	xvrrp_nl_close(nl);
	close(lock);
	_exit(0);
}

bool xvrrp_fence_ns_unclaimed(void *ctx, const struct stat *ns)
{
	char path[sizeof(XVRRP_RUN_DIR) + 48];
	int fd;

	(void)ctx;
	/* One socket (and lock) named for every namespace: the caller's, held already. */
	if (getenv("XVRRP_SOCKET") && *getenv("XVRRP_SOCKET"))
		return true;
	snprintf(path, sizeof(path), XVRRP_RUN_DIR "/net%lu.lock", (unsigned long)ns->st_ino);
	fd = xvrrp_lock_take(path);
	if (fd == -EWOULDBLOCK)
		return false;
	if (fd >= 0)
		close(fd);
	return true;
}

int xvrrp_fence_start(const struct xvrrp_record_paths *rec)
{
	int pfd[2];
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		close(pfd[1]);
		fence_main(pfd[0], rec);
	}
	close(pfd[0]);
	return pfd[1];
}

void xvrrp_fence_release(int fd)
{
	char c = FENCE_CLEAN;

	if (fd < 0)
		return;
	if (write(fd, &c, 1) != 1)
		pr_debug("fence: %s", strerror(errno));
	close(fd);
}
