// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: how vrrp_script and notify command lines are split
 * into words and vetted (user/scripts.c).
 *
 * The splitter, split_words(), is static; the nearest public entry point is
 * xvrrp_scripts_new(), which splits, resolves (PATH search) and vets
 * (script security) every command of a configuration without running
 * anything. The harness builds that configuration by hand: the input, cut
 * at NUL bytes, gives the command line of a tracked vrrp_script, then the
 * instance's notify and notify_master commands; the last byte's low bit
 * turns enable_script_security on. Nothing is ever started: only
 * xvrrp_scripts_new(), the read-only queries and xvrrp_scripts_free() are
 * called.
 *
 * PATH is a private directory holding an executable "ok", a non-executable
 * "noexec", a link "link" to ok and a directory "dir", so bare names and
 * paths into it resolve. These must hold for the vrrp_script:
 *  - a command line with an unterminated quote or no word is disabled;
 *  - one whose first word is "ok" or "link" (bare, found in PATH, or the
 *    full path) is not, unless enable_script_security is on (the
 *    directory may then be unsafe: it is $TMPDIR's);
 *  - one whose first word is "noexec" or "dir" (the same ways) is.
 * These need the words, so the harness splits the line itself with
 * keepalived's rules (keepalived.conf(5), "Quoted strings").
 *
 * Run it with -close_fd_mask=2: every problem with a command is logged.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "scripts.h"
#include "fuzz_util.h"

static const char *dir;
static char ok_path[4200], link_path[4200], noexec_path[4200], dir_path[4200];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	dir = fuzz_tmpdir("scripts");
	fuzz_write_file(dir, "ok", "#!/bin/sh\nexit 0\n", 17);
	fuzz_write_file(dir, "noexec", "#!/bin/sh\nexit 0\n", 17);
	snprintf(ok_path, sizeof(ok_path), "%s/ok", dir);
	snprintf(link_path, sizeof(link_path), "%s/link", dir);
	snprintf(noexec_path, sizeof(noexec_path), "%s/noexec", dir);
	snprintf(dir_path, sizeof(dir_path), "%s/dir", dir);
	if (chmod(ok_path, 0755) || chmod(noexec_path, 0644) || symlink(ok_path, link_path) ||
	    mkdir(dir_path, 0755))
		abort();
	if (setenv("PATH", dir, 1))
		abort();
	xvrrp_log_set_level(XVRRP_LOG_ERR);
	return 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/*
 * keepalived's splitting, written again: 1 and the first word in first
 * (malloc'd), 0 for an unterminated quote or no word at all.
 */
static int ref_split(const char *s, char **first)
{
	char *word = malloc(strlen(s) + 1);
	size_t words = 0;

	if (!word)
		abort();
	*first = NULL;
	for (;;) {
		size_t len = 0;

		while (blank(*s))
			s++;
		if (!*s)
			break;
		while (*s && !blank(*s)) {
			char q = *s;

			if (q != '\'' && q != '"') {
				word[len++] = *s++;
				continue;
			}
			for (s++; *s && *s != q; s++)
				word[len++] = *s;
			if (!*s) {
				free(word);
				free(*first);
				*first = NULL;
				return 0;
			}
			s++;
		}
		if (!words++) {
			word[len] = '\0';
			*first = strdup(word);
		}
	}
	free(word);
	return words > 0;
}

/* The first word names name in the directory: bare (PATH) or in full. */
static bool names(const char *first, const char *name, const char *full)
{
	return !strcmp(first, name) || !strcmp(first, full);
}

static void script_changed(void *ctx, size_t idx, bool up)
{
	fuzz_fail("a state callback without any check having run");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xvrrp_track_ref_cfg track = { .name = "chk", .line = 3 };
	struct xvrrp_script_cfg script = { .name = "chk", .file = "fuzz.conf", .line = 1 };
	struct xvrrp_instance_cfg inst = { .name = "VI_F", .file = "fuzz.conf", .line = 2 };
	struct xvrrp_config cfg = { 0 };
	char *parts[3] = { NULL, NULL, NULL };
	struct xvrrp_scripts *s;
	char *first = NULL;
	size_t off = 0;
	int splits;

	/* Up to three NUL-separated strings; a missing one stays NULL. */
	for (int i = 0; i < 3; i++) {
		const uint8_t *nul;

		parts[i] = fuzz_strdup(data + off, size - off);
		nul = memchr(data + off, 0, size - off);
		if (!nul)
			break;
		off = (size_t)(nul - data) + 1;
	}
	script.script = parts[0];
	inst.track_scripts = &track;
	inst.n_track_scripts = 1;
	inst.notify.notify = parts[1] && parts[1][0] ? parts[1] : NULL;
	inst.notify.notify_master = parts[2] && parts[2][0] ? parts[2] : NULL;
	cfg.scripts = &script;
	cfg.n_scripts = 1;
	cfg.instances = &inst;
	cfg.n_instances = 1;
	cfg.enable_script_security = size && (data[size - 1] & 1);

	s = xvrrp_scripts_new(&cfg, script_changed, NULL);
	if (!s)
		abort();        /* only on ENOMEM */
	splits = ref_split(parts[0], &first);
	if (!splits)
		FUZZ_CHECK(xvrrp_script_disabled(s, 0),
			   "command line '%s' cannot be split, but the check is not disabled",
			   parts[0]);
	else if (!cfg.enable_script_security &&
		 (names(first, "ok", ok_path) || names(first, "link", link_path)))
		FUZZ_CHECK(!xvrrp_script_disabled(s, 0),
			   "command line '%s' runs an executable, but the check is disabled",
			   parts[0]);
	else if (names(first, "noexec", noexec_path) || names(first, "dir", dir_path))
		FUZZ_CHECK(xvrrp_script_disabled(s, 0),
			   "command line '%s' names no executable, but the check is not disabled",
			   parts[0]);
	if (xvrrp_script_disabled(s, 0))
		FUZZ_CHECK(!xvrrp_script_up(s, 0), "a disabled check is up");
	(void)xvrrp_scripts_next_deadline(s);
	xvrrp_scripts_free(s);
	free(first);
	for (int i = 0; i < 3; i++)
		free(parts[i]);
	return 0;
}
