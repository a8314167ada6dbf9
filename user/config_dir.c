// SPDX-License-Identifier: GPL-2.0-only
/*
 * keepalived.conf reader: a directory of files as one configuration
 * (OpenStack Neutron's ha_confs, docs/design.md "Neutron's layout").
 *
 * DIR/SUB/keepalived.conf is a router file: its instances are in network
 * namespace PREFIX SUB ("qrouter-" SUB by default); DIR/NAME.conf is a file
 * whose instances are in the daemon's namespace. Either kind says otherwise
 * with a top-level net_namespace, and an instance with its own. Entries are
 * read in byte order of their names; hidden ones (".x") are not read, as a
 * glob would not.
 *
 * Each file, with what it includes, is a scope: its names of instances,
 * scripts, track files and sync groups are its own, and its references
 * resolve in it (config.c, config_track.c). It is parsed on its own, so a
 * block left open at its end does not swallow the next file. Global
 * settings are one for the daemon: every file must say the same (router_id
 * excepted), which is checked here.
 */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config_priv.h"

#define ROUTER_FILE "keepalived.conf"

bool is_config_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* The entries of dir but hidden ones, sorted; -1 out of memory, -2 unreadable (said). */
static int list_dir(struct parser *p, const char *dir, char ***out, size_t *n_out)
{
	char **names = NULL, **grown;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *d;

	*out = NULL;
	*n_out = 0;
	d = opendir(dir);
	if (!d) {
		fprintf(p->err, "%s: cannot read: %s\n", dir, strerror(errno));
		p->n_errors++;
		return -2;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			grown = realloc(names, cap * sizeof(*names));
			if (!grown)
				goto oom;
			names = grown;
		}
		names[n] = strdup(e->d_name);
		if (!names[n])
			goto oom;
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	*out = names;
	*n_out = n;
	return 0;
oom:
	closedir(d);
	free_names(names, n);
	return -1;
}

static bool ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n > t && !strcmp(s + n - t, tail);
}

/*
 * The namespace a router file's instances are in by default: PREFIX SUB.
 * A name ip netns could not make is kept (cut to fit) and marked bad, and
 * said when an instance would be in it (scopes_netns).
 */
static void router_netns(struct parser *p, const char *sub, struct scope *sc)
{
	const char *prefix = p->opts->netns_prefix ? p->opts->netns_prefix
						   : XVRRP_NETNS_PREFIX_DEFAULT;
	char name[2 * NAME_MAX + 2];
	size_t len;

	snprintf(name, sizeof(name), "%s%s", prefix, sub);
	sc->netns_bad = !netns_name_ok(name);
	len = strnlen(name, sizeof(sc->netns) - 1);
	memcpy(sc->netns, name, len);
	sc->netns[len] = '\0';
}

/* Read one file of the directory as scope n_scopes + 1; a file not read adds none. */
static int lex_scope_file(struct parser *p, const char *path, const char *sub)
{
	struct scope *scopes, sc = { .file = p->cfg->n_files, .first_tok = p->n_toks };
	int ret;

	p->lex_scope = p->n_scopes + 1;
	/* The bound on files read through includes is per file of the directory. */
	p->files_read = 0;
	ret = lex_file(p, path, 0, 0, 0);
	p->lex_scope = 0;
	if (ret || p->cfg->n_files == sc.file)
		return ret;
	sc.end_tok = p->n_toks;
	if (sub)
		router_netns(p, sub, &sc);
	scopes = realloc(p->scopes, (p->n_scopes + 1) * sizeof(*scopes));
	if (!scopes)
		return -1;
	p->scopes = scopes;
	scopes[p->n_scopes++] = sc;
	return 0;
}

/* One entry of the directory: a router's directory, a NAME.conf file, or nothing of ours. */
static int lex_entry(struct parser *p, const char *dir, const char *name)
{
	char *path, *router;
	struct stat st;
	int ret = 0;

	if (asprintf(&path, "%s%s%s", dir, ends_with(dir, "/") ? "" : "/", name) < 0)
		return -1;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (asprintf(&router, "%s/%s", path, ROUTER_FILE) < 0) {
			free(path);
			return -1;
		}
		/* A router's directory without its file yet: nothing to read. */
		if (lstat(router, &st) == 0 || errno != ENOENT)
			ret = lex_scope_file(p, router, name);
		free(router);
	} else if (ends_with(name, ".conf")) {
		/* Not a regular file, or a dangling link: lex_file says so. */
		ret = lex_scope_file(p, path, NULL);
	}
	free(path);
	return ret;
}

int lex_dir(struct parser *p, const char *path)
{
	char **names;
	size_t n;
	int ret;

	ret = list_dir(p, path, &names, &n);
	if (ret)
		return ret == -2 ? 0 : -1;
	for (size_t i = 0; i < n && ret == 0 && !p->lex_stop; i++)
		ret = lex_entry(p, path, names[i]);
	free_names(names, n);
	return ret;
}

void free_scopes(struct parser *p)
{
	free(p->scopes);
	p->scopes = NULL;
	p->n_scopes = 0;
}

/* ------------------------------------------------------------------ */
/* Global settings: one for all files                                  */

struct global_setting {
	const char *kw;                 /* the global_defs keyword that sets it */
	size_t off, size;
	bool string;
	bool derived;                   /* defaults to another setting when not given */
};

#define SETTING(kw, field, string, derived)					\
	{ kw, offsetof(struct xvrrp_config, field),				\
	  sizeof(((struct xvrrp_config *)0)->field), string, derived }

/* Everything global_defs sets, but router_id (struct xvrrp_config). */
static const struct global_setting settings[] = {
	SETTING("vrrp_version", vrrp_version, false, false),
	SETTING("vrrp_garp_master_delay", garp_master_delay_s, false, false),
	SETTING("vrrp_garp_master_repeat", garp_master_repeat, false, false),
	SETTING("vrrp_garp_master_refresh", garp_master_refresh_s, false, false),
	SETTING("vrrp_garp_master_refresh_repeat", garp_master_refresh_repeat, false, false),
	SETTING("vrrp_garp_lower_prio_delay", garp_lower_prio_delay_s, false, true),
	SETTING("vrrp_garp_lower_prio_repeat", garp_lower_prio_repeat, false, true),
	SETTING("vrrp_mcast_group4", mcast_group4, false, false),
	SETTING("vrrp_mcast_group6", mcast_group6, false, false),
	SETTING("vrrp_check_unicast_src", check_unicast_src, false, false),
	SETTING("vrrp_skip_check_adv_addr", skip_check_adv_addr, false, false),
	SETTING("vrrp_strict", strict, false, false),
	SETTING("kernel_takeover", kernel_takeover, false, false),
	SETTING("enable_script_security", enable_script_security, false, false),
	SETTING("script_user", script_user, true, false),
	SETTING("script_user", script_group, true, false),
	SETTING("vrrp_startup_delay", startup_delay_ms, false, false),
};

static const void *field(const struct xvrrp_config *cfg, const struct global_setting *g)
{
	return (const char *)cfg + g->off;
}

static bool setting_equal(const struct xvrrp_config *a, const struct xvrrp_config *b,
			  const struct global_setting *g)
{
	if (g->string)
		return !strcmp(field(a, g), field(b, g));
	return !memcmp(field(a, g), field(b, g), g->size);
}

/* The global settings of one file, and where its global_defs said what. */
struct file_globals {
	struct xvrrp_config values;     /* only the global settings are meaningful */
	size_t *kws;                    /* token of each global_defs statement */
	size_t n_kws;
	size_t start;                   /* its first global_defs statement, else its first token */
	bool empty;                     /* no token at all */
	unsigned int file;
};

static void copy_globals(struct xvrrp_config *to, const struct xvrrp_config *from)
{
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		memcpy((char *)to + settings[i].off, field(from, &settings[i]), settings[i].size);
	memcpy(to->router_id, from->router_id, sizeof(to->router_id));
}

/* The last statement of kw in the file's global_defs, or (size_t)-1. */
static size_t said_at(const struct parser *p, const struct file_globals *f, const char *kw)
{
	for (size_t i = f->n_kws; i-- > 0;)
		if (!strcmp(tok_text(p, f->kws[i]), kw))
			return f->kws[i];
	return (size_t)-1;
}

static int snapshot(struct parser *p, const struct scope *sc, struct file_globals *f)
{
	size_t n = p->n_global_kws;

	copy_globals(&f->values, p->cfg);
	f->file = sc->file;
	f->start = n ? p->global_kws[0] : sc->first_tok;
	f->empty = sc->first_tok == sc->end_tok;
	f->n_kws = 0;
	free(f->kws);
	f->kws = NULL;
	if (!n)
		return 0;
	f->kws = malloc(n * sizeof(*f->kws));
	if (!f->kws)
		return -1;
	memcpy(f->kws, p->global_kws, n * sizeof(*f->kws));
	f->n_kws = n;
	return 0;
}

/*
 * Every setting of `second` that is not the first file's: an error at the
 * line where the second file says it (or its global_defs, or its start).
 */
static void compare_globals(struct parser *p, const struct file_globals *first,
			    const struct file_globals *second)
{
	static const char why[] = "the files of a configuration directory share their "
				  "global settings (router_id excepted)";
	const char *first_file = p->cfg->files[first->file];

	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++) {
		const struct global_setting *g = &settings[i];
		size_t here = said_at(p, second, g->kw), there = said_at(p, first, g->kw);
		const char *what = g->off == offsetof(struct xvrrp_config, script_group) ?
				   "script_user (its group)" : g->kw;
		char where[PATH_MAX + 32];

		if (setting_equal(&first->values, &second->values, g))
			continue;
		/* A derived default differs because what it follows does: said there. */
		if (g->derived && here == (size_t)-1 && there == (size_t)-1)
			continue;
		if (there == (size_t)-1)
			snprintf(where, sizeof(where), "%s (the default there)", first_file);
		else
			snprintf(where, sizeof(where), "%s:%d", p->cfg->files[p->toks[there].file],
				 p->toks[there].line);
		if (here != (size_t)-1)
			error_at(p, here, "%s differs from %s: %s", what, where, why);
		else if (second->empty)
			error_line(p, second->file, 1, "%s (the default here) differs from %s: %s",
				   what, where, why);
		else
			error_at(p, second->start, "%s (the default here) differs from %s: %s", what,
				 where, why);
	}
}

/*
 * Each file on its own tokens, from the default global settings; the first
 * file's global settings are the configuration's, and every later file's
 * must be the same.
 */
int parse_scopes(struct parser *p)
{
	struct file_globals first = { 0 }, other = { 0 };
	int ret = 0;

	for (size_t k = 0; k < p->n_scopes && ret == 0; k++) {
		const struct scope *sc = &p->scopes[k];

		global_defaults(p->cfg);
		p->lower_prio_set[0] = p->lower_prio_set[1] = false;
		p->n_global_kws = 0;
		p->scope = k + 1;
		p->pos = sc->first_tok;
		p->end = sc->end_tok;
		ret = parse_top(p);
		if (ret)
			break;
		global_finish(p);
		ret = snapshot(p, sc, k ? &other : &first);
		if (ret == 0 && k)
			compare_globals(p, &first, &other);
	}
	if (p->n_scopes)
		copy_globals(p->cfg, &first.values);
	else
		global_defaults(p->cfg);
	p->scope = 0;
	free(first.kws);
	free(other.kws);
	return ret;
}

/*
 * Each instance that names no namespace is in its file's: the file's
 * top-level net_namespace, else the router's (PREFIX SUB), else the
 * daemon's ("").
 */
void scopes_netns(struct parser *p)
{
	struct xvrrp_config *cfg = p->cfg;

	for (size_t i = 0; i < cfg->n_instances; i++) {
		struct xvrrp_instance_cfg *inst = &cfg->instances[i];
		struct scope *sc;

		if (!inst->scope || inst->scope > p->n_scopes || inst->net_namespace[0])
			continue;
		sc = &p->scopes[inst->scope - 1];
		if (!sc->netns_given && sc->netns_bad) {
			if (sc->netns_said)
				continue;
			sc->netns_said = true;
			error_line(p, p->scratch[i].file, inst->line,
				   "vrrp_instance %s: its router's net_namespace '%s' (the prefix and "
				   "the directory name) is not a name ip netns could make (no '/', "
				   "not '.' or '..', at most %d characters); say net_namespace NAME "
				   "in the file", inst->name, sc->netns, NAME_MAX);
			continue;
		}
		strcpy(inst->net_namespace, sc->netns);
		/* Where the file said it, when the instance is in that very file. */
		inst->netns_line = sc->netns_given && p->scratch[i].file == sc->netns_file ?
				   sc->netns_line : 0;
	}
}
