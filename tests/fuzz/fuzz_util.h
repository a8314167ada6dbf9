/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Small helpers shared by the libFuzzer harnesses in tests/fuzz/: a private
 * temporary directory, a FILE that swallows what it is given, exact-size
 * copies of the input (so that ASan sees one byte too far), and a failed
 * property that aborts with a message (libFuzzer keeps the input).
 */
#ifndef XVRRP_FUZZ_UTIL_H
#define XVRRP_FUZZ_UTIL_H

#include <ftw.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A property of the code under test does not hold: say which, then abort. */
__attribute__((noreturn, format(printf, 1, 2)))
static inline void fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	fputs("fuzz property failed: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

#define FUZZ_CHECK(cond, ...) do { if (!(cond)) fuzz_fail(__VA_ARGS__); } while (0)

/* A directory of our own under $TMPDIR, removed (with what is in it) at exit. */
static char fuzz_tmpdir_path[4096];

static inline int fuzz_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static inline void fuzz_tmpdir_cleanup(void)
{
	/* Depth first, links not followed: only what is in the directory goes. */
	if (fuzz_tmpdir_path[0] &&
	    nftw(fuzz_tmpdir_path, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT))
		fprintf(stderr, "cannot remove %s\n", fuzz_tmpdir_path);
}

static inline const char *fuzz_tmpdir(const char *name)
{
	const char *base = getenv("TMPDIR");

	if (fuzz_tmpdir_path[0])
		return fuzz_tmpdir_path;
	snprintf(fuzz_tmpdir_path, sizeof(fuzz_tmpdir_path), "%s/xvrrp-fuzz-%s.XXXXXX",
		 base && base[0] == '/' ? base : "/tmp", name);
	if (!mkdtemp(fuzz_tmpdir_path)) {
		perror("mkdtemp");
		exit(1);
	}
	atexit(fuzz_tmpdir_cleanup);
	return fuzz_tmpdir_path;
}

/* Write len bytes to dir/name (created or truncated). */
static inline void fuzz_write_file(const char *dir, const char *name, const void *buf, size_t len)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "we");
	if (!f || (len && fwrite(buf, 1, len, f) != len) || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* /dev/null as a FILE, opened once: where messages of the code under test go. */
static inline FILE *fuzz_devnull(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "we");
	if (!f) {
		perror("/dev/null");
		exit(1);
	}
	return f;
}

/* A heap copy of exactly len bytes (at least 1 allocated): reads past it are caught. */
static inline uint8_t *fuzz_dup(const uint8_t *data, size_t len)
{
	uint8_t *p = malloc(len ? len : 1);

	if (!p)
		abort();
	if (len)
		memcpy(p, data, len);
	return p;
}

/* The input as a NUL-terminated string, cut at its first NUL byte. */
static inline char *fuzz_strdup(const uint8_t *data, size_t len)
{
	const uint8_t *nul = memchr(data, 0, len);
	size_t n = nul ? (size_t)(nul - data) : len;
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

#endif
