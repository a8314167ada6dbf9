/* SPDX-License-Identifier: GPL-2.0-only */
/* A private temporary directory for one test program (under $TMPDIR or /tmp). */
#ifndef XVRRP_TESTS_TMPDIR_H
#define XVRRP_TESTS_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>

/* dir gets "$TMPDIR/xvrrp-<tag>-XXXXXX", created 0700; 0 or -1. */
static inline int test_tmpdir_make(char *dir, size_t len, const char *tag)
{
	const char *t = getenv("TMPDIR");

	snprintf(dir, len, "%s/xvrrp-%s-XXXXXX", t && *t ? t : "/tmp", tag);
	return mkdtemp(dir) ? 0 : -1;
}

static inline int test_tmpdir_remove(const char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
