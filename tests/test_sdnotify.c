// SPDX-License-Identifier: GPL-2.0-only
/*
 * The service manager's notify protocol against a real unix datagram
 * socket standing in for systemd: path and abstract addresses, the
 * watchdog period and whose it is, the environment cleared for children.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <cmocka.h>

#include "sdnotify.h"

struct listener {
	int fd;
	char name[108];
};

/* A datagram socket bound at NAME ("@..." for the abstract namespace). */
static void listen_at(struct listener *l, const char *name)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	socklen_t len;

	memset(l, 0, sizeof(*l));
	snprintf(l->name, sizeof(l->name), "%s", name);
	memcpy(a.sun_path, name, strlen(name));
	if (name[0] == '@') {
		a.sun_path[0] = '\0';
		len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(name));
	} else {
		unlink(name);
		len = sizeof(a);
	}
	l->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(l->fd >= 0);
	assert_int_equal(bind(l->fd, (struct sockaddr *)&a, len), 0);
}

static void listener_close(struct listener *l)
{
	close(l->fd);
	if (l->name[0] == '/')
		unlink(l->name);
}

static void expect_msg(struct listener *l, const char *want)
{
	char buf[600];
	ssize_t n = recv(l->fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);

	assert_true(n >= 0);
	buf[n] = '\0';
	assert_string_equal(buf, want);
}

static void tmp_path(char *buf, size_t len)
{
	const char *dir = getenv("TMPDIR");

	snprintf(buf, len, "%s/xvrrp-sdnotify-%d.sock", dir && *dir ? dir : "/tmp", (int)getpid());
}

/* What systemd gives a Type=notify service with WatchdogSec=3 whose main pid is 4242. */
static void manager_with_watchdog(struct listener *l, char *path, size_t len)
{
	tmp_path(path, len);
	listen_at(l, path);
	setenv("NOTIFY_SOCKET", path, 1);
	setenv("WATCHDOG_USEC", "3000000", 1);
	setenv("WATCHDOG_PID", "4242", 1);
}

static void test_path_socket(void **state)
{
	struct xvrrp_sdnotify n;
	struct listener l;
	char path[108];

	(void)state;
	manager_with_watchdog(&l, path, sizeof(path));
	assert_int_equal(xvrrp_sdnotify_open(&n, 4242), 0);
	assert_true(xvrrp_sdnotify_enabled(&n));
	/* Half of the manager's timeout, so one late turn does not trip it. */
	assert_int_equal(xvrrp_sdnotify_watchdog_period_ns(&n), 1500000000ULL);
	/* Scripts started later must not talk to the manager in our name. */
	assert_null(getenv("NOTIFY_SOCKET"));
	assert_null(getenv("WATCHDOG_USEC"));
	assert_null(getenv("WATCHDOG_PID"));
	assert_int_equal(xvrrp_sdnotify_send(&n, "READY=1\nSTATUS=%d up", 3), 0);
	expect_msg(&l, "READY=1\nSTATUS=3 up");
	assert_int_equal(xvrrp_sdnotify_send(&n, "WATCHDOG=1"), 0);
	expect_msg(&l, "WATCHDOG=1");
	xvrrp_sdnotify_close(&n);
	assert_false(xvrrp_sdnotify_enabled(&n));
	assert_int_equal(xvrrp_sdnotify_send(&n, "WATCHDOG=1"), 0);
	listener_close(&l);
}

static void test_abstract_socket(void **state)
{
	struct xvrrp_sdnotify n;
	struct listener l;
	char name[64];

	(void)state;
	snprintf(name, sizeof(name), "@xvrrp-sdnotify-test-%d", (int)getpid());
	listen_at(&l, name);
	setenv("NOTIFY_SOCKET", name, 1);
	assert_int_equal(xvrrp_sdnotify_open(&n, 1), 0);
	assert_int_equal(xvrrp_sdnotify_watchdog_period_ns(&n), 0);
	assert_int_equal(xvrrp_sdnotify_send(&n, "STOPPING=1"), 0);
	expect_msg(&l, "STOPPING=1");
	xvrrp_sdnotify_close(&n);
	listener_close(&l);
}

/* A watchdog meant for another process (a parent that forked us) is not ours. */
static void test_watchdog_of_another_pid(void **state)
{
	struct xvrrp_sdnotify n;
	struct listener l;
	char path[108];

	(void)state;
	manager_with_watchdog(&l, path, sizeof(path));
	assert_int_equal(xvrrp_sdnotify_open(&n, 4243), 0);
	assert_true(xvrrp_sdnotify_enabled(&n));
	assert_int_equal(xvrrp_sdnotify_watchdog_period_ns(&n), 0);
	xvrrp_sdnotify_close(&n);
	/* Garbage in WATCHDOG_USEC: no watchdog rather than a wrong one. */
	setenv("NOTIFY_SOCKET", path, 1);
	setenv("WATCHDOG_USEC", "3s", 1);
	assert_int_equal(xvrrp_sdnotify_open(&n, 1), 0);
	assert_int_equal(xvrrp_sdnotify_watchdog_period_ns(&n), 0);
	xvrrp_sdnotify_close(&n);
	listener_close(&l);
}

static void test_no_or_bad_socket(void **state)
{
	struct xvrrp_sdnotify n;
	char longname[200];

	(void)state;
	unsetenv("NOTIFY_SOCKET");
	assert_int_equal(xvrrp_sdnotify_open(&n, 1), 0);
	assert_false(xvrrp_sdnotify_enabled(&n));
	assert_int_equal(xvrrp_sdnotify_send(&n, "READY=1"), 0);
	setenv("NOTIFY_SOCKET", "relative/path", 1);
	assert_int_equal(xvrrp_sdnotify_open(&n, 1), -EINVAL);
	assert_false(xvrrp_sdnotify_enabled(&n));
	assert_null(getenv("NOTIFY_SOCKET"));
	memset(longname, 'a', sizeof(longname) - 1);
	longname[0] = '/';
	longname[sizeof(longname) - 1] = '\0';
	setenv("NOTIFY_SOCKET", longname, 1);
	assert_int_equal(xvrrp_sdnotify_open(&n, 1), -EINVAL);
	/* A socket nobody listens on: the send fails, the caller runs on. */
	setenv("NOTIFY_SOCKET", "/nonexistent-xvrrp-notify.sock", 1);
	assert_int_equal(xvrrp_sdnotify_open(&n, 1), 0);
	assert_true(xvrrp_sdnotify_send(&n, "READY=1") < 0);
	xvrrp_sdnotify_close(&n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_socket),
		cmocka_unit_test(test_abstract_socket),
		cmocka_unit_test(test_watchdog_of_another_pid),
		cmocka_unit_test(test_no_or_bad_socket),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
