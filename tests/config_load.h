/* SPDX-License-Identifier: GPL-2.0-only */
/* The configuration tests' helpers: load with what was said captured, dump, the samples. */
#ifndef XVRRP_TESTS_CONFIG_LOAD_H
#define XVRRP_TESTS_CONFIG_LOAD_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

struct load_result {
	int rc;
	char *text;             /* everything written to err */
	size_t len;
};

/* xvrrp_config_load_opts, or xvrrp_config_load when opts is NULL. */
static inline void load_opts(const char *path, const struct xvrrp_config_opts *opts,
			     struct xvrrp_config *cfg, struct load_result *r)
{
	FILE *err = open_memstream(&r->text, &r->len);

	assert_non_null(err);
	r->rc = opts ? xvrrp_config_load_opts(path, opts, cfg, err)
		     : xvrrp_config_load(path, cfg, err);
	fclose(err);
}

static inline char *dump_text(const struct xvrrp_config *cfg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	xvrrp_config_dump(cfg, out);
	fclose(out);
	return text;
}

/*
 * The dump of a, written to a file and loaded from there into b (as the
 * daemon's record is read back); the text is returned (free it).
 */
static inline char *dump_and_load(const struct xvrrp_config *a, const char *what,
				  struct xvrrp_config *b, struct load_result *r)
{
	char path[] = "/tmp/xvrrp-dump-XXXXXX";
	char *text = dump_text(a);
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	load_opts(path, NULL, b, r);
	unlink(path);
	if (r->rc)
		fail_msg("dump of %s does not load:\n%s\n%s", what, r->text, text);
	return text;
}

/* The dump of b (loaded from text_a) is text_a again: a fixed point. Frees it all. */
static inline void assert_fixed_point(struct xvrrp_config *a, struct xvrrp_config *b,
				      char *text_a, struct load_result *r1,
				      struct load_result *r2)
{
	char *text_b = dump_text(b);

	assert_string_equal(text_b, text_a);
	xvrrp_config_free(a);
	xvrrp_config_free(b);
	free(text_a);
	free(text_b);
	free(r1->text);
	free(r2->text);
}

/* Messages are "file:line:" with the path as given: run next to the files. */
static inline int enter_config_dir(void **state)
{
	const char *dir = getenv("XVRRP_TEST_DIR");
	char path[4096];

	(void)state;
	snprintf(path, sizeof(path), "%s/configs", dir && *dir ? dir : "tests");
	if (chdir(path)) {
		fprintf(stderr, "cannot enter %s (set XVRRP_TEST_DIR)\n", path);
		return -1;
	}
	return 0;
}

#endif
