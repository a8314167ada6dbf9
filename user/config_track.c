// SPDX-License-Identifier: GPL-2.0-only
/*
 * keepalived.conf reader: what instances track and whom they tell —
 * vrrp_script, vrrp_track_file, vrrp_sync_group, track_interface /
 * track_script / track_file references and notify scripts, and the
 * cross-checks between them (keepalived.conf(5), "VRRPD CONFIGURATION").
 *
 * Where keepalived only logs a problem and runs on (an unknown track_script,
 * a sync group member that does not exist), xvrrp warns and does the same,
 * so a configuration behaves as it did under keepalived.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_priv.h"

/* keepalived.conf(5): "weight <INTEGER:-253..253>" for scripts and interfaces. */
#define SCRIPT_WEIGHT_MAX 253
/* track_file weights may be 254, to allow for a negative value in the file. */
#define FILE_WEIGHT_MAX 254

/* ------------------------------------------------------------------ */
/* notify, notify_master, ...                                          */

static char **notify_slot(struct xvrrp_notify_cfg *n, const char *kw)
{
	if (!strcmp(kw, "notify"))
		return &n->notify;
	if (!strcmp(kw, "notify_master"))
		return &n->notify_master;
	if (!strcmp(kw, "notify_backup"))
		return &n->notify_backup;
	if (!strcmp(kw, "notify_fault"))
		return &n->notify_fault;
	if (!strcmp(kw, "notify_stop"))
		return &n->notify_stop;
	return NULL;
}

/*
 * "notify_X SCRIPT [username [groupname]]": SCRIPT is one word, quoted when
 * it has arguments. Returns 1 when kw is not a notify keyword.
 */
int parse_notify(struct parser *p, const struct stmt *s, struct xvrrp_notify_cfg *n)
{
	char **slot = notify_slot(n, tok_text(p, s->kw));

	if (!slot)
		return 1;
	no_block(p, s);
	if (s->argc == 0) {
		error_at(p, s->kw, "'%s' needs a value (a script)", tok_text(p, s->kw));
		return 0;
	}
	if (s->argc > 3) {
		error_at(p, s->kw + 4, "'%s' takes a script, a user and a group; unexpected '%s'",
			 tok_text(p, s->kw), arg(p, s, 3));
		return 0;
	}
	if (s->argc > 1)
		warn_at(p, s->kw + 2, "a user for '%s' is not implemented yet; ignored",
			tok_text(p, s->kw));
	free(*slot);
	*slot = strdup(arg(p, s, 0));
	return *slot ? 0 : -1;
}

void free_notify(struct xvrrp_notify_cfg *n)
{
	free(n->notify);
	free(n->notify_master);
	free(n->notify_backup);
	free(n->notify_fault);
	free(n->notify_stop);
	memset(n, 0, sizeof(*n));
}

/* ------------------------------------------------------------------ */
/* "weight N [reverse|noreverse|no_reverse]"                            */

/* Values from..argc-1 hold "weight N [reverse]"; false after an error. */
static bool weight_words(struct parser *p, const struct stmt *s, size_t from,
			 int max, int *weight, bool *reverse)
{
	long v;

	if (from == s->argc)
		return true;
	if (strcmp(arg(p, s, from), "weight")) {
		error_at(p, s->kw + 1 + from, "unexpected '%s' (weight N [reverse])",
			 arg(p, s, from));
		return false;
	}
	if (from + 1 == s->argc) {
		error_at(p, s->kw + 1 + from, "'weight' needs a value (-%d..%d)", max, max);
		return false;
	}
	if (!parse_int(arg(p, s, from + 1), -max, max, &v)) {
		/* track_interface takes 254 only to clamp it: show the real range. */
		int shown = max == SCRIPT_WEIGHT_MAX + 1 ? SCRIPT_WEIGHT_MAX : max;

		error_at(p, s->kw + 2 + from, "weight %s is out of range (-%d..%d)",
			 arg(p, s, from + 1), shown, shown);
		return false;
	}
	*weight = v;
	*reverse = false;
	if (from + 2 == s->argc)
		return true;
	if (from + 3 == s->argc && (!strcmp(arg(p, s, from + 2), "reverse") ||
				    !strcmp(arg(p, s, from + 2), "noreverse") ||
				    !strcmp(arg(p, s, from + 2), "no_reverse"))) {
		*reverse = arg(p, s, from + 2)[0] == 'r';
		return true;
	}
	error_at(p, s->kw + 3 + from, "unexpected '%s' after the weight", arg(p, s, from + 2));
	return false;
}

/* ------------------------------------------------------------------ */
/* track_interface / track_script / track_file inside an instance      */

int parse_track_interfaces(struct parser *p, struct stmt *s,
			   struct xvrrp_track_if_cfg **list, size_t *n)
{
	struct xvrrp_track_if_cfg t, *ifs;
	struct stmt sub;

	no_value(p, s);
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		no_block(p, &sub);
		memset(&t, 0, sizeof(t));
		t.line = p->toks[sub.kw].line;
		if (strlen(tok_text(p, sub.kw)) >= IF_NAMESIZE) {
			error_at(p, sub.kw, "interface '%s' is too long (at most %d characters)",
				 tok_text(p, sub.kw), IF_NAMESIZE - 1);
			continue;
		}
		strcpy(t.name, tok_text(p, sub.kw));
		/* keepalived accepts 254 and clamps it, with a warning: so do we. */
		if (!weight_words(p, &sub, 0, SCRIPT_WEIGHT_MAX + 1, &t.weight,
				  &t.weight_reverse))
			continue;
		if (t.weight == SCRIPT_WEIGHT_MAX + 1 || t.weight == -SCRIPT_WEIGHT_MAX - 1) {
			warn_at(p, sub.kw + 2, "weight for %s cannot be +/-254; set to +/-253",
				t.name);
			t.weight = t.weight > 0 ? SCRIPT_WEIGHT_MAX : -SCRIPT_WEIGHT_MAX;
		}
		ifs = realloc(*list, (*n + 1) * sizeof(*ifs));
		if (!ifs)
			return -1;
		*list = ifs;
		ifs[(*n)++] = t;
	}
	return 0;
}

int parse_track_refs(struct parser *p, struct stmt *s, bool files,
		     struct xvrrp_track_ref_cfg **list, size_t *n)
{
	struct xvrrp_track_ref_cfg t, *refs;
	struct stmt sub;

	no_value(p, s);
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		no_block(p, &sub);
		memset(&t, 0, sizeof(t));
		t.line = p->toks[sub.kw].line;
		if (strlen(tok_text(p, sub.kw)) >= sizeof(t.name)) {
			error_at(p, sub.kw, "name '%s' is too long (at most %zu characters)",
				 tok_text(p, sub.kw), sizeof(t.name) - 1);
			continue;
		}
		strcpy(t.name, tok_text(p, sub.kw));
		if (!weight_words(p, &sub, 0, files ? FILE_WEIGHT_MAX : SCRIPT_WEIGHT_MAX,
				  &t.weight, &t.weight_reverse))
			continue;
		t.weight_set = sub.argc > 0;
		refs = realloc(*list, (*n + 1) * sizeof(*refs));
		if (!refs)
			return -1;
		*list = refs;
		refs[(*n)++] = t;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* vrrp_script NAME { ... }                                            */

static bool name_value(struct parser *p, const struct stmt *s, char *dst, size_t size)
{
	return string_value(p, s, dst, size, "a name");
}

static void script_count(struct parser *p, const struct stmt *s, const char *what,
			 uint32_t *out)
{
	uint32_t v;

	if (!one_value(p, s, "1-2147483647"))
		return;
	if (!parse_u32(arg(p, s, 0), &v) || v > INT32_MAX) {
		error_at(p, s->kw + 1, "%s '%s' is not a whole number (1-2147483647)",
			 what, arg(p, s, 0));
		return;
	}
	/* keepalived: "vrrp script rise value '0' invalid, defaulting to 1". */
	if (v == 0) {
		warn_at(p, s->kw + 1, "%s 0 is invalid; using 1, as keepalived does", what);
		v = 1;
	}
	*out = v;
}

/* interval / timeout: keepalived turns 0 into 1 s with a warning. */
static void script_seconds(struct parser *p, const struct stmt *s, uint32_t *ms)
{
	uint64_t us;

	if (!seconds_value(p, s, "e.g. 2 or 0.5", &us))
		return;
	if (us > 3600 * US_PER_S) {
		error_at(p, s->kw + 1, "%s %s is out of range (at most 3600 s)",
			 tok_text(p, s->kw), arg(p, s, 0));
		return;
	}
	*ms = (us + 500) / 1000;
	if (*ms == 0) {
		warn_at(p, s->kw + 1, "%s must be greater than 0; using 1, as keepalived does",
			tok_text(p, s->kw));
		*ms = 1000;
	}
}

static bool user_group(struct parser *p, const struct stmt *s, char *user, char *group)
{
	size_t i;

	if (s->argc < 1 || s->argc > 2) {
		error_at(p, s->kw, "'%s' takes a user and an optional group", tok_text(p, s->kw));
		return false;
	}
	for (i = 0; i < s->argc; i++) {
		if (strlen(arg(p, s, i)) >= XVRRP_NAME_MAX) {
			error_at(p, s->kw + 1 + i, "name '%s' is too long", arg(p, s, i));
			return false;
		}
	}
	strcpy(user, arg(p, s, 0));
	strcpy(group, s->argc > 1 ? arg(p, s, 1) : "");
	return true;
}

static int script_stmt(struct parser *p, struct xvrrp_script_cfg *sc, struct stmt *s)
{
	const char *kw = tok_text(p, s->kw);

	no_block(p, s);
	if (!strcmp(kw, "script")) {
		if (!s->argc) {
			error_at(p, s->kw, "'script' needs a value (a command)");
			return 0;
		}
		free(sc->script);
		sc->script = join_args(p, s, 0, s->argc);
		return sc->script ? 0 : -1;
	}
	if (!strcmp(kw, "interval")) {
		script_seconds(p, s, &sc->interval_ms);
	} else if (!strcmp(kw, "rise")) {
		script_count(p, s, "rise", &sc->rise);
	} else if (!strcmp(kw, "fall")) {
		script_count(p, s, "fall", &sc->fall);
	} else if (!strcmp(kw, "user")) {
		user_group(p, s, sc->user, sc->group);
	} else if (!strcmp(kw, "init_fail")) {
		if (no_value(p, s))
			sc->init_fail = true;
	} else {
		reject_unknown(p, s, " in vrrp_script");
	}
	return 0;
}

int parse_vrrp_script(struct parser *p, struct stmt *s)
{
	struct xvrrp_config *cfg = p->cfg;
	struct xvrrp_script_cfg sc = { 0 }, *scripts;
	unsigned int *files;
	struct stmt sub;
	uint32_t timeout_ms = 0;
	int ret = 0;

	sc.line = p->toks[s->kw].line;
	sc.scope = tok_scope(p, s->kw);
	sc.interval_ms = 1000;
	sc.rise = 1;
	sc.fall = 1;
	name_value(p, s, sc.name, sizeof(sc.name));
	need_block(p, s);
	while (block_more(p, s) && ret == 0) {
		read_stmt(p, &sub);
		if (!strcmp(tok_text(p, sub.kw), "weight")) {
			/* "weight N [reverse]": the keyword itself is the first word. */
			struct stmt w = sub;

			w.kw--;
			w.argc++;
			no_block(p, &sub);
			weight_words(p, &w, 0, SCRIPT_WEIGHT_MAX, &sc.weight, &sc.weight_reverse);
			continue;
		}
		if (!strcmp(tok_text(p, sub.kw), "timeout")) {
			no_block(p, &sub);
			script_seconds(p, &sub, &timeout_ms);
			continue;
		}
		ret = script_stmt(p, &sc, &sub);
	}
	sc.timeout_ms = timeout_ms ? timeout_ms : sc.interval_ms;
	/* keepalived: "No script set for vrrp_script X - removing"; it runs on. */
	if (ret == 0 && !sc.script) {
		warn_at(p, s->kw, "vrrp_script %s has no script; removed, as keepalived does",
			sc.name);
		return 0;
	}
	if (ret)
		goto fail;
	scripts = realloc(cfg->scripts, (cfg->n_scripts + 1) * sizeof(*scripts));
	if (!scripts)
		goto fail;
	cfg->scripts = scripts;
	files = realloc(p->script_files, (cfg->n_scripts + 1) * sizeof(*files));
	if (!files)
		goto fail;
	p->script_files = files;
	files[cfg->n_scripts] = p->toks[s->kw].file;
	sc.file = cfg->files[p->toks[s->kw].file];
	scripts[cfg->n_scripts++] = sc;
	return 0;
fail:
	free(sc.script);
	return -1;
}

/* ------------------------------------------------------------------ */
/* vrrp_track_file NAME { file PATH weight N [reverse] init_file [V] [overwrite] } */

static void init_file_words(struct parser *p, const struct stmt *s,
			    struct xvrrp_track_file_cfg *tf)
{
	size_t i = 0;
	long v;

	tf->init_file = true;
	if (i < s->argc && strcmp(arg(p, s, i), "overwrite")) {
		if (!parse_int(arg(p, s, i), -2147483647L, 2147483647L, &v)) {
			error_at(p, s->kw + 1, "init_file value '%s' is not a number", arg(p, s, i));
			return;
		}
		tf->init_value = v;
		i++;
	}
	if (i < s->argc && !strcmp(arg(p, s, i), "overwrite")) {
		tf->overwrite = true;
		i++;
	}
	if (i < s->argc)
		error_at(p, s->kw + 1 + i, "unexpected '%s' (init_file [VALUE] [overwrite])",
			 arg(p, s, i));
}

static int track_file_stmt(struct parser *p, struct xvrrp_track_file_cfg *tf,
			   struct stmt *s)
{
	const char *kw = tok_text(p, s->kw);

	no_block(p, s);
	if (!strcmp(kw, "file")) {
		if (!one_value(p, s, "a path"))
			return 0;
		free(tf->path);
		tf->path = strdup(arg(p, s, 0));
		return tf->path ? 0 : -1;
	}
	if (!strcmp(kw, "weight")) {
		struct stmt w = *s;

		w.kw--;
		w.argc++;
		weight_words(p, &w, 0, FILE_WEIGHT_MAX, &tf->weight, &tf->weight_reverse);
	} else if (!strcmp(kw, "init_file")) {
		init_file_words(p, s, tf);
	} else {
		reject_unknown(p, s, " in vrrp_track_file");
	}
	return 0;
}

int parse_track_file_def(struct parser *p, struct stmt *s)
{
	struct xvrrp_config *cfg = p->cfg;
	struct xvrrp_track_file_cfg tf = { 0 }, *list;
	struct stmt sub;
	int ret = 0;

	tf.line = p->toks[s->kw].line;
	tf.scope = tok_scope(p, s->kw);
	tf.weight = 1;
	name_value(p, s, tf.name, sizeof(tf.name));
	need_block(p, s);
	while (block_more(p, s) && ret == 0) {
		read_stmt(p, &sub);
		ret = track_file_stmt(p, &tf, &sub);
	}
	if (ret == 0 && !tf.path) {
		warn_at(p, s->kw, "%s %s has no file; removed, as keepalived does",
			tok_text(p, s->kw), tf.name);
		return 0;
	}
	if (ret)
		goto fail;
	list = realloc(cfg->track_files, (cfg->n_track_files + 1) * sizeof(*list));
	if (!list)
		goto fail;
	cfg->track_files = list;
	list[cfg->n_track_files++] = tf;
	return 0;
fail:
	free(tf.path);
	return -1;
}

/* ------------------------------------------------------------------ */
/* vrrp_sync_group NAME { group { ... } notify... }                     */

static const char *const group_unimplemented[] = {
	"track_interface", "track_script", "track_file", "track_process",
	"notify_deleted", "notify_priority_changes", "global_tracking", NULL
};

static int add_member(struct parser *p, struct xvrrp_sync_group_cfg *g,
		      struct group_scratch *gs, size_t tok)
{
	char (*members)[XVRRP_NAME_MAX];
	int *lines;
	size_t i;

	if (strlen(tok_text(p, tok)) >= XVRRP_NAME_MAX) {
		error_at(p, tok, "name '%s' is too long", tok_text(p, tok));
		return 0;
	}
	for (i = 0; i < g->n_members; i++) {
		if (!strcmp(g->members[i], tok_text(p, tok))) {
			warn_at(p, tok, "%s is listed twice in vrrp_sync_group %s; ignored",
				tok_text(p, tok), g->name);
			return 0;
		}
	}
	members = realloc(g->members, (g->n_members + 1) * sizeof(*members));
	if (!members)
		return -1;
	g->members = members;
	lines = realloc(gs->member_lines, (g->n_members + 1) * sizeof(*lines));
	if (!lines)
		return -1;
	gs->member_lines = lines;
	strcpy(members[g->n_members], tok_text(p, tok));
	lines[g->n_members++] = p->toks[tok].line;
	return 0;
}

static int parse_group_members(struct parser *p, struct xvrrp_sync_group_cfg *g,
			       struct group_scratch *gs, struct stmt *s)
{
	struct stmt sub;
	size_t i;

	no_value(p, s);
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		no_block(p, &sub);
		/* keepalived reads every word of the block as a name. */
		for (i = 0; i <= sub.argc; i++)
			if (add_member(p, g, gs, sub.kw + i))
				return -1;
	}
	return 0;
}

static int group_stmt(struct parser *p, struct xvrrp_sync_group_cfg *g,
		      struct group_scratch *gs, struct stmt *s)
{
	const char *kw = tok_text(p, s->kw);
	int rc;

	if (!strcmp(kw, "group"))
		return parse_group_members(p, g, gs, s);
	rc = parse_notify(p, s, &g->notify);
	if (rc <= 0)
		return rc;
	if (is_ignored_keyword(kw))
		return note_ignored(p, s);
	if (!strcmp(kw, "sync_group_tracking_weight")) {
		if (no_value(p, s))
			g->tracking_weight = true;
		no_block(p, s);
	} else if (in_list(kw, group_unimplemented)) {
		ignore_unimplemented(p, s);
	} else if (!s->argc && !s->block) {
		/*
		 * keepalived's own sample keepalived.conf.vrrp.lvs_syncd lists
		 * instances without "group { }"; keepalived logs "Unknown keyword"
		 * and runs on with an empty group. So do we, with a clearer word.
		 */
		warn_at(p, s->kw, "'%s' is not a vrrp_sync_group keyword (members go in "
			"'group { }'); ignored, as keepalived does", kw);
	} else {
		reject_unknown(p, s, " in vrrp_sync_group");
	}
	return 0;
}

int parse_sync_group(struct parser *p, struct stmt *s)
{
	struct xvrrp_config *cfg = p->cfg;
	struct xvrrp_sync_group_cfg *groups, *g;
	struct group_scratch *gss;
	struct stmt sub;
	size_t n = cfg->n_sync_groups;

	groups = realloc(cfg->sync_groups, (n + 1) * sizeof(*groups));
	if (!groups)
		return -1;
	cfg->sync_groups = groups;
	gss = realloc(p->groups, (n + 1) * sizeof(*gss));
	if (!gss)
		return -1;
	p->groups = gss;
	g = &groups[n];
	memset(g, 0, sizeof(*g));
	memset(&gss[n], 0, sizeof(gss[n]));
	cfg->n_sync_groups++;
	g->line = p->toks[s->kw].line;
	g->scope = tok_scope(p, s->kw);
	g->file = cfg->files[p->toks[s->kw].file];
	gss[n].file = p->toks[s->kw].file;
	name_value(p, s, g->name, sizeof(g->name));
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		if (group_stmt(p, g, &gss[n], &sub))
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Cross-checks, once everything is read                               */

/*
 * The scope (a directory's file) where a vrrp_script (or vrrp_track_file)
 * of that name is defined: `scope` itself if it is there, else another one,
 * else -1.
 */
static long defined_in(const struct xvrrp_config *cfg, const char *name, unsigned int scope,
		       bool files)
{
	size_t i, n = files ? cfg->n_track_files : cfg->n_scripts;
	long other = -1;

	for (i = 0; i < n; i++) {
		const char *def = files ? cfg->track_files[i].name : cfg->scripts[i].name;
		unsigned int in = files ? cfg->track_files[i].scope : cfg->scripts[i].scope;

		if (strcmp(def, name))
			continue;
		if (in == scope)
			return in;
		if (other < 0)
			other = in;
	}
	return other;
}

/* The file that opens a directory's scope, for messages. */
static const char *scope_file(const struct parser *p, unsigned int scope)
{
	return scope && scope <= p->n_scopes ? p->cfg->files[p->scopes[scope - 1].file] : "?";
}

/*
 * keepalived: "(VI_1) track script nosuch not found, ignoring..." — a
 * warning, and the reference is dropped (the instance runs untracked). In
 * a directory a reference resolves in its own file: one to a name only
 * another file defines is an error (that file's router is not this one's).
 */
static void drop_unknown_refs(struct parser *p, const struct xvrrp_instance_cfg *inst,
			      unsigned int file, struct xvrrp_track_ref_cfg *refs,
			      size_t *n, bool files)
{
	const char *what = files ? "track_file" : "track_script";
	size_t i, kept = 0;

	for (i = 0; i < *n; i++) {
		long in = defined_in(p->cfg, refs[i].name, inst->scope, files);

		if (in == (long)inst->scope) {
			refs[kept++] = refs[i];
			continue;
		}
		if (in >= 0)
			error_line(p, file, refs[i].line,
				   "vrrp_instance %s: %s %s is defined only in another file (%s): "
				   "a file of a configuration directory refers to its own",
				   inst->name, what, refs[i].name, scope_file(p, (unsigned int)in));
		else
			warn_line(p, file, refs[i].line,
				  "vrrp_instance %s: %s %s is not defined; ignored, as keepalived does",
				  inst->name, what, refs[i].name);
	}
	*n = kept;
}

void check_tracking(struct parser *p)
{
	struct xvrrp_config *cfg = p->cfg;
	size_t i;
	int a, b;

	for (i = 0; i < cfg->n_instances; i++) {
		struct xvrrp_instance_cfg *inst = &cfg->instances[i];

		drop_unknown_refs(p, inst, p->scratch[i].file, inst->track_scripts,
				  &inst->n_track_scripts, false);
		drop_unknown_refs(p, inst, p->scratch[i].file, inst->track_files,
				  &inst->n_track_files, true);
	}
	/* Duplicate definitions: the later one would silently replace the first. */
	for (a = 0; a < (int)cfg->n_scripts; a++)
		for (b = 0; b < a; b++)
			if (cfg->scripts[a].scope == cfg->scripts[b].scope &&
			    !strcmp(cfg->scripts[a].name, cfg->scripts[b].name))
				error_line(p, p->script_files[a], cfg->scripts[a].line,
					   "duplicate vrrp_script %s (first at %s:%d)",
					   cfg->scripts[a].name, cfg->scripts[b].file,
					   cfg->scripts[b].line);
}

/* The instance of that name in the scope (a directory's file), NULL if none. */
static struct xvrrp_instance_cfg *instance_by_name(struct xvrrp_config *cfg,
						   const char *name, unsigned int scope)
{
	size_t i;

	for (i = 0; i < cfg->n_instances; i++)
		if (cfg->instances[i].scope == scope && !strcmp(cfg->instances[i].name, name))
			return &cfg->instances[i];
	return NULL;
}

/* The scope of some other file's instance of that name, 0 if none. */
static unsigned int instance_elsewhere(const struct xvrrp_config *cfg, const char *name)
{
	for (size_t i = 0; i < cfg->n_instances; i++)
		if (!strcmp(cfg->instances[i].name, name))
			return cfg->instances[i].scope;
	return 0;
}

/*
 * keepalived.conf(5): members of a sync group have their tracking weights
 * set to 0 (a failure moves the whole group to FAULT), unless the group
 * says sync_group_tracking_weight.
 */
static void zero_tracking_weights(struct xvrrp_instance_cfg *inst)
{
	size_t i;

	for (i = 0; i < inst->n_track_ifs; i++)
		inst->track_ifs[i].weight = 0;
	for (i = 0; i < inst->n_track_scripts; i++) {
		inst->track_scripts[i].weight = 0;
		inst->track_scripts[i].weight_set = true;
	}
	for (i = 0; i < inst->n_track_files; i++) {
		inst->track_files[i].weight = 0;
		inst->track_files[i].weight_set = true;
	}
}

/* Keep the members that exist and are in no earlier group; keepalived warns for the others. */
static void check_group_members(struct parser *p, size_t gi)
{
	struct xvrrp_sync_group_cfg *g = &p->cfg->sync_groups[gi];
	struct group_scratch *gs = &p->groups[gi];
	size_t i, kept = 0;

	for (i = 0; i < g->n_members; i++) {
		struct xvrrp_instance_cfg *inst = instance_by_name(p->cfg, g->members[i], g->scope);
		unsigned int other;

		if (!inst && p->n_scopes && (other = instance_elsewhere(p->cfg, g->members[i]))) {
			error_line(p, gs->file, gs->member_lines[i],
				   "vrrp_sync_group %s: vrrp_instance %s is defined only in another "
				   "file (%s): a file of a configuration directory refers to its own",
				   g->name, g->members[i], scope_file(p, other));
			continue;
		}
		if (!inst) {
			warn_line(p, gs->file, gs->member_lines[i],
				  "vrrp_sync_group %s: %s is not a vrrp_instance; ignored, as keepalived does",
				  g->name, g->members[i]);
			continue;
		}
		if (inst->sync_group) {
			warn_line(p, gs->file, gs->member_lines[i],
				  "vrrp_instance %s is already in vrrp_sync_group %s; ignored here, as keepalived does",
				  inst->name, inst->sync_group);
			continue;
		}
		inst->sync_group = g->name;
		if (!g->tracking_weight)
			zero_tracking_weights(inst);
		memmove(g->members[kept], g->members[i], sizeof(g->members[i]));
		gs->member_lines[kept++] = gs->member_lines[i];
	}
	g->n_members = kept;
}

static void remove_group(struct parser *p, size_t gi)
{
	struct xvrrp_config *cfg = p->cfg;

	free(cfg->sync_groups[gi].members);
	free_notify(&cfg->sync_groups[gi].notify);
	free(p->groups[gi].member_lines);
	memmove(&cfg->sync_groups[gi], &cfg->sync_groups[gi + 1],
		(cfg->n_sync_groups - gi - 1) * sizeof(cfg->sync_groups[0]));
	memmove(&p->groups[gi], &p->groups[gi + 1],
		(cfg->n_sync_groups - gi - 1) * sizeof(p->groups[0]));
	cfg->n_sync_groups--;
}

void check_sync_groups(struct parser *p)
{
	struct xvrrp_config *cfg = p->cfg;
	size_t gi, i;

	for (gi = 0; gi < cfg->n_sync_groups; gi++)
		check_group_members(p, gi);
	for (gi = cfg->n_sync_groups; gi-- > 0;) {
		const struct xvrrp_sync_group_cfg *g = &cfg->sync_groups[gi];

		if (g->n_members == 0) {
			warn_line(p, p->groups[gi].file, g->line,
				  "vrrp_sync_group %s has no members; removed, as keepalived does",
				  g->name);
			remove_group(p, gi);
		} else if (g->n_members == 1) {
			warn_line(p, p->groups[gi].file, g->line,
				  "vrrp_sync_group %s has only one member", g->name);
		}
	}
	/* Removing groups moved the names: point the instances at them again. */
	for (i = 0; i < cfg->n_instances; i++)
		cfg->instances[i].sync_group = NULL;
	for (gi = 0; gi < cfg->n_sync_groups; gi++)
		for (i = 0; i < cfg->sync_groups[gi].n_members; i++)
			instance_by_name(cfg, cfg->sync_groups[gi].members[i],
					 cfg->sync_groups[gi].scope)->sync_group =
				cfg->sync_groups[gi].name;
}
