// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrrp_track_file against what a local user can plant where the file is
 * expected: a FIFO (must not block: SIGALRM fails the test if it does), a
 * symlink (not followed, for reading or for init_file), a device, huge or
 * garbage values.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "track_file.h"

static char dir[128];

static int setup(void **state)
{
	(void)state;
	if (test_tmpdir_make(dir, sizeof(dir), "track-file"))
		return -1;
	/* A blocking open or read would hang here: end the test instead. */
	signal(SIGALRM, SIG_DFL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(dir);
}

static void path_of(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/%s", dir, name);
}

static void put(const char *name, const char *text)
{
	char p[256];
	FILE *f;

	path_of(p, sizeof(p), name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static long read_value(const char *name, int expect_err)
{
	char p[256];
	long v = 42;

	path_of(p, sizeof(p), name);
	alarm(5);
	assert_int_equal(xvrrp_track_file_read(p, &v), expect_err);
	alarm(0);
	return v;
}

static void test_values(void **state)
{
	(void)state;
	put("plain", "17\n");
	assert_int_equal(read_value("plain", 0), 17);
	put("blanks", "  -3 and more words");
	assert_int_equal(read_value("blanks", 0), -3);
	put("garbage", "up\n");
	assert_int_equal(read_value("garbage", 0), 0);
	put("empty", "");
	assert_int_equal(read_value("empty", 0), 0);
	/* value * weight must not overflow: clamped far below it. */
	put("huge", "99999999999999999999999999\n");
	assert_int_equal(read_value("huge", 0), XVRRP_TRACK_FILE_VALUE_MAX);
	put("tiny", "-9223372036854775808\n");
	assert_int_equal(read_value("tiny", 0), -XVRRP_TRACK_FILE_VALUE_MAX);
	assert_int_equal(read_value("missing", -ENOENT), 0);
}

static void test_fifo_does_not_block(void **state)
{
	char p[256];

	(void)state;
	path_of(p, sizeof(p), "fifo");
	assert_int_equal(mkfifo(p, 0666), 0);
	assert_int_equal(read_value("fifo", -EINVAL), 0);
	/* init_file over a FIFO: neither blocks nor writes into it. */
	alarm(5);
	assert_true(xvrrp_track_file_init(p, 5, true) < 0);
	alarm(0);
}

static void test_symlinks_not_followed(void **state)
{
	char target[256], link[256], buf[64] = "";
	FILE *f;

	(void)state;
	put("precious", "root's data\n");
	path_of(target, sizeof(target), "precious");
	path_of(link, sizeof(link), "link");
	assert_int_equal(symlink(target, link), 0);
	assert_int_equal(read_value("link", -ELOOP), 0);
	/* init_file overwrite through a planted link must not touch the target. */
	assert_int_equal(xvrrp_track_file_init(link, 7, true), -ELOOP);
	assert_int_equal(xvrrp_track_file_init(link, 7, false), -EEXIST);
	f = fopen(target, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "root's data\n");
}

static void test_init_file(void **state)
{
	char p[256];

	(void)state;
	path_of(p, sizeof(p), "state");
	assert_int_equal(xvrrp_track_file_init(p, 3, false), 0);
	assert_int_equal(read_value("state", 0), 3);
	assert_int_equal(xvrrp_track_file_init(p, 9, false), -EEXIST);
	assert_int_equal(read_value("state", 0), 3);
	put("state", "123456789\n");
	assert_int_equal(xvrrp_track_file_init(p, -4, true), 0);
	assert_int_equal(read_value("state", 0), -4);
	/* A device is not a track file: not truncated, not written. */
	assert_int_equal(xvrrp_track_file_init("/dev/null", 1, true), -EINVAL);
	assert_int_equal(xvrrp_track_file_read("/dev/zero", &(long){ 0 }), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_fifo_does_not_block),
		cmocka_unit_test(test_symlinks_not_followed),
		cmocka_unit_test(test_init_file),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
