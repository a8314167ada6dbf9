/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * For cmocka tests that need a network of their own: run a check in a child
 * that unshares a fresh network namespace (nothing on the host is touched),
 * and the CHECK() macros such a child reports with.
 * Include after <cmocka.h>.
 */
#ifndef XVRRP_TESTS_NETNS_H
#define XVRRP_TESTS_NETNS_H

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/wait.h>

/* In the child: say why and fail. */
#define CHECK(cond, ...)							\
	do {									\
		if (!(cond)) {							\
			fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__,	\
				__LINE__, #cond);				\
			fprintf(stderr, __VA_ARGS__);				\
			fputc('\n', stderr);					\
			return 1;						\
		}								\
	} while (0)

#define SH(cmd) CHECK(system(cmd) == 0, "%s", cmd)

static inline void skip_unless_root(void)
{
	if (geteuid() != 0) {
		print_message("not root: network namespace tests skipped\n");
		skip();
	}
}

/*
 * Run `setup` (shell commands) then fn(arg) in a child in a fresh network
 * namespace; returns the child's exit status (0 = every check passed).
 */
static inline int netns_run(const char *setup, int (*fn)(const void *), const void *arg)
{
	int status;
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (unshare(CLONE_NEWNET)) {
			perror("unshare(CLONE_NEWNET)");
			_exit(90);
		}
		if (system(setup) != 0) {
			fprintf(stderr, "test network setup failed\n");
			_exit(91);
		}
		status = fn(arg);
		/* A failed check returns early: leak reports would only hide its message. */
		if (status)
			_exit(status);
		exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/*
 * Table-driven netns tests: fn(row) in a fresh namespace (netns_run with
 * `setup`) for each of the n rows of `size` bytes at `rows`; a failing row
 * is named from the const char * at name_off in it. Returns how many failed.
 */
static inline int netns_run_rows(const char *setup, int (*fn)(const void *), const void *rows,
				 size_t n, size_t size, size_t name_off)
{
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		const char *row = (const char *)rows + i * size;
		int rc = netns_run(setup, fn, row);

		if (rc) {
			print_error("row \"%s\" failed (child status %d)\n",
				    *(const char *const *)(row + name_off), rc);
			failed++;
		}
	}
	return failed;
}

#endif
