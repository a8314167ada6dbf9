// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the keepalived.conf lexer and parser (user/config*.c).
 *
 * The input is a keepalived.conf. Everything after the first line
 * "#--- inc.conf" becomes a second file, inc.conf, beside it, which the
 * first may include ("include inc.conf", "include *.conf", ...). Both are
 * written into one private temporary directory (made once), and
 * xvrrp_config_load_opts() reads main.conf with the config id "fuzz" (so
 * "@fuzz" and "@^fuzz" lines do something), its messages going to
 * /dev/null. Then:
 *  - on success: the configuration is printed (xvrrp_config_dump); every
 *    instance, VIP, route and rule equals itself, and instance equality is
 *    symmetric (xvrrp_instance_cfg_equal, _same_protocol, xvrrp_*_equal);
 *    its scripts are vetted as the daemon would (xvrrp_scripts_new(),
 *    which runs nothing); and the printed configuration must read back (no
 *    error) and print the same (XVRRP_FUZZ_ROUNDTRIP=0 in the environment
 *    leaves this out);
 *  - on failure: *cfg is left empty (all zero), as config.h promises;
 * and xvrrp_config_free() in both cases (LeakSanitizer checks the rest).
 *
 * Includes stay inside the directory: the harness is linked with
 * -Wl,--wrap=glob, and __wrap_glob() below answers GLOB_NOMATCH for a
 * pattern outside it, with "..", or with enough braces to make GLOB_BRACE
 * explode, so an input cannot make the parser read the host's files.
 */
#include <glob.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "log.h"
#include "scripts.h"
#include "fuzz_util.h"

#define SPLIT_MARK "\n#--- inc.conf\n"
#define PATTERN_MAX 512
#define BRACES_MAX 6

static const char *dir;
static size_t dir_len;
static char main_path[4200], dump_path[4200];
static bool roundtrip;

int __real_glob(const char *pattern, int flags, int (*errfunc)(const char *, int), glob_t *g);
int __wrap_glob(const char *pattern, int flags, int (*errfunc)(const char *, int), glob_t *g);

int __wrap_glob(const char *pattern, int flags, int (*errfunc)(const char *, int), glob_t *g)
{
	size_t braces = 0;

	if (!dir || strncmp(pattern, dir, dir_len) || pattern[dir_len] != '/' ||
	    strstr(pattern + dir_len, "..") || strlen(pattern) > PATTERN_MAX)
		return GLOB_NOMATCH;
	for (const char *s = pattern; *s; s++)
		braces += *s == '{';
	if (braces > BRACES_MAX)
		return GLOB_NOMATCH;
	return __real_glob(pattern, flags, errfunc, g);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *rt = getenv("XVRRP_FUZZ_ROUNDTRIP");

	dir = fuzz_tmpdir("config");
	dir_len = strlen(dir);
	snprintf(main_path, sizeof(main_path), "%s/main.conf", dir);
	snprintf(dump_path, sizeof(dump_path), "%s/dump.conf", dir);
	roundtrip = !rt || rt[0] != '0';
	xvrrp_log_set_level(XVRRP_LOG_ERR);
	return 0;
}

static void no_callback(void *ctx, size_t idx, bool up)
{
	fuzz_fail("a script state callback, but no check ran");
}

static void check_instance(const struct xvrrp_instance_cfg *c)
{
	FUZZ_CHECK(xvrrp_instance_cfg_equal(c, c), "instance %s is not equal to itself", c->name);
	FUZZ_CHECK(xvrrp_instance_cfg_same_protocol(c, c),
		   "instance %s is not the same protocol as itself", c->name);
	for (size_t k = 0; k < c->n_vips; k++)
		FUZZ_CHECK(xvrrp_vip_cfg_equal(&c->vips[k], &c->vips[k]), "%s: a VIP differs from itself",
			   c->name);
	for (size_t k = 0; k < c->n_routes; k++) {
		FUZZ_CHECK(xvrrp_route_cfg_equal(&c->routes[k], &c->routes[k]),
			   "%s: a route differs from itself", c->name);
		FUZZ_CHECK(xvrrp_route_type_name(c->routes[k].type) != NULL, "route type name");
	}
	for (size_t k = 0; k < c->n_rules; k++)
		FUZZ_CHECK(xvrrp_rule_cfg_equal(&c->rules[k], &c->rules[k]),
			   "%s: a rule differs from itself", c->name);
}

static void check_loaded(const struct xvrrp_config *cfg)
{
	size_t n = cfg->n_instances < 8 ? cfg->n_instances : 8;
	struct xvrrp_scripts *s;

	for (size_t i = 0; i < cfg->n_instances; i++)
		check_instance(&cfg->instances[i]);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			FUZZ_CHECK(xvrrp_instance_cfg_equal(&cfg->instances[i], &cfg->instances[j]) ==
				   xvrrp_instance_cfg_equal(&cfg->instances[j], &cfg->instances[i]),
				   "instance equality is not symmetric (%s, %s)",
				   cfg->instances[i].name, cfg->instances[j].name);
	s = xvrrp_scripts_new(cfg, no_callback, NULL);
	if (!s)
		abort();        /* ENOMEM only */
	for (size_t i = 0; i < cfg->n_scripts; i++)
		if (xvrrp_script_disabled(s, i))
			FUZZ_CHECK(!xvrrp_script_up(s, i), "a disabled check is up");
	xvrrp_scripts_free(s);
}

static void check_empty(const struct xvrrp_config *cfg)
{
	static const struct xvrrp_config zero;

	FUZZ_CHECK(!memcmp(cfg, &zero, sizeof(zero)),
		   "xvrrp_config_load_opts() failed but left something in *cfg");
}

static char *dump_to_string(const struct xvrrp_config *cfg, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f)
		abort();
	xvrrp_config_dump(cfg, f);
	fclose(f);
	return text;
}

/* The printed configuration reads back and prints the same. */
static void check_roundtrip(const struct xvrrp_config *cfg, const struct xvrrp_config_opts *opts)
{
	struct xvrrp_config again;
	char *first, *second;
	size_t len1, len2;

	first = dump_to_string(cfg, &len1);
	fuzz_write_file(dir, "dump.conf", first, len1);
	if (xvrrp_config_load_opts(dump_path, opts, &again, fuzz_devnull())) {
		fprintf(stderr, "---- printed configuration ----\n%s----\n", first);
		fuzz_fail("the printed configuration does not read back");
	}
	second = dump_to_string(&again, &len2);
	if (len1 != len2 || memcmp(first, second, len1)) {
		fprintf(stderr, "---- first ----\n%s---- read back and printed ----\n%s----\n",
			first, second);
		fuzz_fail("the printed configuration reads back as another one");
	}
	xvrrp_config_free(&again);
	free(first);
	free(second);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct xvrrp_config_opts opts = { .config_id = "fuzz" };
	const uint8_t *mark = memmem(data, size, SPLIT_MARK, strlen(SPLIT_MARK));
	size_t main_len = mark ? (size_t)(mark - data) + 1 : size;
	struct xvrrp_config cfg;

	fuzz_write_file(dir, "main.conf", data, main_len);
	if (mark) {
		const uint8_t *inc = mark + strlen(SPLIT_MARK);

		fuzz_write_file(dir, "inc.conf", inc, size - (size_t)(inc - data));
	} else {
		fuzz_write_file(dir, "inc.conf", "", 0);
	}

	if (xvrrp_config_load_opts(main_path, &opts, &cfg, fuzz_devnull())) {
		check_empty(&cfg);
		return 0;
	}
	xvrrp_config_dump(&cfg, fuzz_devnull());
	check_loaded(&cfg);
	if (roundtrip)
		check_roundtrip(&cfg, &opts);
	xvrrp_config_free(&cfg);
	return 0;
}
