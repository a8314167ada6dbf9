// SPDX-License-Identifier: GPL-2.0-only
/*
 * keepalived.conf reader.
 *
 * Two passes: the lexer turns every file (the main one and whatever "include"
 * pulls in) into one array of tokens that remember file and line; the parser
 * walks that array statement by statement. keepalived's language is line
 * oriented: a keyword takes the rest of its line as values, and '{' opens a
 * block of further statements. Every problem is reported as
 * "file:line: message" and parsing goes on, so one run shows them all.
 */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include "config.h"
#include "xvrrp_wire.h"

/* Deeper than this is almost certainly a file including itself. */
#define INCLUDE_DEPTH_MAX 8

/* RFC 5798 §5.2.5 / RFC 3768 §5.3.5: "Count IPvX Addr" is 8 bits. */
#define VIPS_PER_INSTANCE_MAX 255

/* xvrrp's own bounds (keepalived takes any unsigned): a typo must not flood the LAN. */
#define GARP_DELAY_MAX_S  3600
#define GARP_REPEAT_MAX   1000
#define PREEMPT_DELAY_MAX_S 1000

#define US_PER_S 1000000ULL

struct token {
	char *text;
	unsigned int file;              /* index into cfg->files */
	int line;
	bool quoted;                    /* a quoted '{' is text, not a brace */
};

/* Facts about an instance that only matter while reading it. */
struct instance_scratch {
	size_t adver_int_tok;           /* 0 = not given (token 0 is never a value) */
	uint64_t adver_int_us;
	bool version_set;
	bool vrid_given;                /* the keyword was there, valid or not */
	bool interface_given;
	bool garp_delay_set;
	bool garp_repeat_set;
	int nopreempt_line;
	unsigned int file;              /* index of inst->file in cfg->files */
};

struct parser {
	struct xvrrp_config *cfg;
	FILE *err;
	int n_errors;
	struct token *toks;
	size_t n_toks, cap_toks;
	size_t pos;
	struct instance_scratch *scratch;       /* parallel to cfg->instances */
	size_t cap_instances;
};

/* One keyword with its values (the rest of its line) and maybe a block. */
struct stmt {
	size_t kw;                      /* token index of the keyword */
	size_t argc;                    /* values follow the keyword: kw+1 .. kw+argc */
	bool block;                     /* a '{' follows (or was assumed, see need_block) */
	size_t open;                    /* token index of that '{' (kw when it was missing) */
};

/* ------------------------------------------------------------------ */
/* Diagnostics                                                         */

static void report(struct parser *p, bool error, unsigned int file, int line,
		   const char *fmt, va_list ap)
{
	fprintf(p->err, "%s:%d: %s", p->cfg->files[file], line,
		error ? "" : "warning: ");
	vfprintf(p->err, fmt, ap);
	fputc('\n', p->err);
	if (error)
		p->n_errors++;
}

static void __attribute__((format(printf, 3, 4)))
error_at(struct parser *p, size_t tok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, true, p->toks[tok].file, p->toks[tok].line, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 3, 4)))
warn_at(struct parser *p, size_t tok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, false, p->toks[tok].file, p->toks[tok].line, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 4, 5)))
error_line(struct parser *p, unsigned int file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, true, file, line, fmt, ap);
	va_end(ap);
}

static void __attribute__((format(printf, 4, 5)))
warn_line(struct parser *p, unsigned int file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, false, file, line, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Lexer                                                               */

static int add_file(struct parser *p, const char *path, unsigned int *idx)
{
	struct xvrrp_config *cfg = p->cfg;
	char **files;
	char *copy;

	copy = strdup(path);
	if (!copy)
		return -1;
	files = realloc(cfg->files, (cfg->n_files + 1) * sizeof(*files));
	if (!files) {
		free(copy);
		return -1;
	}
	cfg->files = files;
	*idx = cfg->n_files;
	cfg->files[cfg->n_files++] = copy;
	return 0;
}

static int push_token(struct parser *p, const char *text, size_t len,
		      unsigned int file, int line, bool quoted)
{
	struct token *t;

	if (p->n_toks == p->cap_toks) {
		size_t cap = p->cap_toks ? 2 * p->cap_toks : 256;

		t = realloc(p->toks, cap * sizeof(*t));
		if (!t)
			return -1;
		p->toks = t;
		p->cap_toks = cap;
	}
	t = &p->toks[p->n_toks];
	t->text = strndup(text, len);
	if (!t->text)
		return -1;
	t->file = file;
	t->line = line;
	t->quoted = quoted;
	p->n_toks++;
	return 0;
}

static void pop_tokens(struct parser *p, size_t keep)
{
	while (p->n_toks > keep)
		free(p->toks[--p->n_toks].text);
}

static char unescape(char c)
{
	switch (c) {
	case 'n': return '\n';
	case 't': return '\t';
	case 'r': return '\r';
	case 'a': return '\a';
	case 'b': return '\b';
	case 'f': return '\f';
	case 'v': return '\v';
	default: return c;      /* \\ \" \' and any other \C is C */
	}
}

static bool is_comment(char c)
{
	return c == '#' || c == '!';
}

/*
 * One word: characters up to whitespace, a brace or a comment, where a
 * quoted part ("..." or '...') may hold any of those; the quotes go away
 * (keepalived.conf(5), "Quoted strings"). Returns the position after it.
 */
static const char *lex_word(struct parser *p, const char *s, char *buf,
			    size_t *len, bool *quoted, unsigned int file, int line)
{
	size_t n = 0;

	*quoted = false;
	while (*s && !isspace((unsigned char)*s) && *s != '{' && *s != '}' &&
	       !is_comment(*s)) {
		char q = *s;

		if (q != '"' && q != '\'') {
			buf[n++] = *s++;
			continue;
		}
		*quoted = true;
		s++;
		while (*s && *s != q && *s != '\n') {
			if (*s == '\\' && s[1] && s[1] != '\n') {
				buf[n++] = unescape(s[1]);
				s += 2;
			} else {
				buf[n++] = *s++;
			}
		}
		if (*s != q) {
			error_line(p, file, line, "unterminated quoted string");
			break;
		}
		s++;
	}
	*len = n;
	return s;
}

static int lex_file(struct parser *p, const char *path, int depth,
		    unsigned int from_file, int from_line);

static bool has_glob_chars(const char *s)
{
	return strpbrk(s, "*?[{") != NULL;
}

/* keepalived: the pattern is relative to the directory of the including file. */
static char *include_path(const char *including, const char *pattern)
{
	const char *slash = strrchr(including, '/');
	char *path;

	if (pattern[0] == '/' || !slash)
		return strdup(pattern);
	if (asprintf(&path, "%.*s/%s", (int)(slash - including), including,
		     pattern) < 0)
		return NULL;
	return path;
}

/*
 * "include PATTERN": a glob that matches nothing is ignored as keepalived
 * does (optional conf.d directories); a plain file name that does not exist
 * is an error, since that is a typo, not an empty directory.
 */
static int lex_include(struct parser *p, const char *pattern, int depth,
		       unsigned int file, int line)
{
	glob_t g;
	char *path;
	size_t i;
	int rc, ret = 0;

	if (depth >= INCLUDE_DEPTH_MAX) {
		error_line(p, file, line,
			   "includes nested more than %d deep (does a file include itself?)",
			   INCLUDE_DEPTH_MAX);
		return 0;
	}
	path = include_path(p->cfg->files[file], pattern);
	if (!path)
		return -1;
	rc = glob(path, GLOB_BRACE, NULL, &g);
	if (rc == GLOB_NOMATCH) {
		if (!has_glob_chars(pattern))
			error_line(p, file, line, "included file '%s' does not exist", path);
		free(path);
		return 0;
	}
	if (rc != 0) {
		error_line(p, file, line, "cannot expand include pattern '%s'", path);
		free(path);
		return rc == GLOB_NOSPACE ? -1 : 0;
	}
	for (i = 0; i < g.gl_pathc && ret == 0; i++)
		ret = lex_file(p, g.gl_pathv[i], depth + 1, file, line);
	globfree(&g);
	free(path);
	return ret;
}

static bool is_include_keyword(const char *s)
{
	static const char *const variants[] = {
		"include", "includer", "includem", "includew", "includeb", "includea",
	};
	size_t i;

	for (i = 0; i < sizeof(variants) / sizeof(variants[0]); i++)
		if (!strcmp(s, variants[i]))
			return true;
	return false;
}

/*
 * Line-level features of keepalived's parser that xvrrp does not have yet.
 * Silently dropping such a line could change a priority, so they are errors.
 */
static bool unsupported_line(struct parser *p, const char *s, unsigned int file,
			     int line)
{
	const char *e;

	if (s[0] == '@') {
		e = s + strcspn(s, " \t\r\n");
		error_line(p, file, line,
			   "conditional configuration ('%.*s') is not supported yet",
			   (int)(e - s), s);
		return true;
	}
	if (s[0] == '$' && (isalpha((unsigned char)s[1]) || s[1] == '_')) {
		e = s + 1;
		while (isalnum((unsigned char)*e) || *e == '_')
			e++;
		if (*e == '=') {
			error_line(p, file, line,
				   "parameter definition ('%.*s') is not supported yet",
				   (int)(e - s + 1), s);
			return true;
		}
	}
	if (!strncmp(s, "~SEQ", 4)) {
		error_line(p, file, line, "sequence blocks ('~SEQ') are not supported yet");
		return true;
	}
	return false;
}

static int lex_line(struct parser *p, const char *s, char *buf, int depth,
		    unsigned int file, int line)
{
	size_t first = p->n_toks;
	bool quoted;
	size_t len;
	char *pattern;
	int ret;

	while (isspace((unsigned char)*s))
		s++;
	if (unsupported_line(p, s, file, line))
		return 0;
	while (*s && !is_comment(*s)) {
		if (isspace((unsigned char)*s)) {
			s++;
		} else if (*s == '{' || *s == '}') {
			if (push_token(p, s, 1, file, line, false))
				return -1;
			s++;
		} else {
			s = lex_word(p, s, buf, &len, &quoted, file, line);
			if (push_token(p, buf, len, file, line, quoted))
				return -1;
		}
	}
	if (p->n_toks == first || p->toks[first].quoted ||
	    !is_include_keyword(p->toks[first].text))
		return 0;

	/* An include line is replaced by the tokens of the files it names. */
	if (p->n_toks - first != 2) {
		error_line(p, file, line, "'%s' needs exactly one file name",
			   p->toks[first].text);
		pop_tokens(p, first);
		return 0;
	}
	pattern = strdup(p->toks[first + 1].text);
	pop_tokens(p, first);
	if (!pattern)
		return -1;
	ret = lex_include(p, pattern, depth, file, line);
	free(pattern);
	return ret;
}

static int lex_stream(struct parser *p, FILE *f, int depth, unsigned int file)
{
	char *line = NULL, *buf = NULL;
	size_t cap = 0, buf_cap = 0;
	ssize_t n;
	int lineno = 0, ret = 0;

	while (ret == 0 && (n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if ((size_t)n + 1 > buf_cap) {
			char *b = realloc(buf, n + 1);

			if (!b) {
				ret = -1;
				break;
			}
			buf = b;
			buf_cap = n + 1;
		}
		ret = lex_line(p, line, buf, depth, file, lineno);
	}
	free(line);
	free(buf);
	return ret;
}

/* Returns -1 only when out of memory; problems with the file are reported. */
static int lex_file(struct parser *p, const char *path, int depth,
		    unsigned int from_file, int from_line)
{
	unsigned int file;
	struct stat st;
	FILE *f;
	int ret;

	f = fopen(path, "re");
	if (!f || fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		const char *why = f ? "not a regular file" : strerror(errno);

		if (depth == 0)
			fprintf(p->err, "%s: cannot read: %s\n", path, why);
		else
			error_line(p, from_file, from_line,
				   "cannot read included file '%s': %s", path, why);
		if (depth == 0)
			p->n_errors++;
		if (f)
			fclose(f);
		return 0;
	}
	if (add_file(p, path, &file)) {
		fclose(f);
		return -1;
	}
	ret = lex_stream(p, f, depth, file);
	fclose(f);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Token walking                                                       */

static bool at_end(const struct parser *p)
{
	return p->pos >= p->n_toks;
}

static bool is_brace(const struct parser *p, size_t i, char c)
{
	return i < p->n_toks && !p->toks[i].quoted &&
	       p->toks[i].text[0] == c && !p->toks[i].text[1];
}

static bool same_line(const struct parser *p, size_t a, size_t b)
{
	return p->toks[a].file == p->toks[b].file &&
	       p->toks[a].line == p->toks[b].line;
}

static const char *tok_text(const struct parser *p, size_t i)
{
	return p->toks[i].text;
}

/* The values of a statement are the other words on its line. */
static void read_stmt(struct parser *p, struct stmt *s)
{
	size_t i;

	s->kw = p->pos;
	s->argc = 0;
	for (i = s->kw + 1; i < p->n_toks && same_line(p, i, s->kw) &&
	     !is_brace(p, i, '{') && !is_brace(p, i, '}'); i++)
		s->argc++;
	p->pos = i;
	s->block = is_brace(p, p->pos, '{');
	s->open = p->pos;
	if (s->block)
		p->pos++;
}

static const char *arg(const struct parser *p, const struct stmt *s, size_t n)
{
	return p->toks[s->kw + 1 + n].text;
}

/*
 * Keywords that only begin a top-level section. Met inside a block, they
 * mean that block lost its '}': say so there instead of reporting every
 * later line as nonsense.
 */
static bool is_section_start(const struct parser *p, size_t i)
{
	static const char *const starts[] = {
		"global_defs", "vrrp_instance", "vrrp_script", "vrrp_sync_group",
		"virtual_server", "virtual_server_group", "static_ipaddress",
		"static_routes", "static_rules", "vrrp_track_process",
		"bfd_instance", "linkbeat_interfaces", "garp_group",
	};
	size_t k;

	if (p->toks[i].quoted || (i > 0 && same_line(p, i - 1, i)))
		return false;
	for (k = 0; k < sizeof(starts) / sizeof(starts[0]); k++)
		if (!strcmp(p->toks[i].text, starts[k]))
			return true;
	return false;
}

static void report_unclosed(struct parser *p, const struct stmt *s)
{
	size_t next = p->pos;

	if (at_end(p))
		error_at(p, s->open, "block of '%s' opened here is never closed",
			 tok_text(p, s->kw));
	else if (p->toks[next].file == p->toks[s->open].file)
		error_at(p, s->open,
			 "block of '%s' opened here is not closed before '%s' on line %d",
			 tok_text(p, s->kw), tok_text(p, next), p->toks[next].line);
	else
		error_at(p, s->open,
			 "block of '%s' opened here is not closed before '%s' at %s:%d",
			 tok_text(p, s->kw), tok_text(p, next),
			 p->cfg->files[p->toks[next].file], p->toks[next].line);
}

/*
 * Inside the block of `s`: true while another statement follows. Consumes
 * the closing '}'.
 */
static bool block_more(struct parser *p, const struct stmt *s)
{
	if (is_brace(p, p->pos, '}')) {
		p->pos++;
		return false;
	}
	if (at_end(p) || is_section_start(p, p->pos)) {
		report_unclosed(p, s);
		return false;
	}
	return true;
}

/* Skip a block we do not interpret (its '{' already consumed), nesting included. */
static void skip_block(struct parser *p, const struct stmt *s)
{
	struct stmt inner;

	while (block_more(p, s)) {
		if (is_brace(p, p->pos, '{')) {
			inner.kw = p->pos;
			inner.open = p->pos;
			inner.block = true;
			inner.argc = 0;
			p->pos++;
			skip_block(p, &inner);
			continue;
		}
		read_stmt(p, &inner);
		if (inner.block)
			skip_block(p, &inner);
	}
}

/* A missing '{' is reported once and assumed, so the block still parses. */
static bool need_block(struct parser *p, struct stmt *s)
{
	if (s->block)
		return true;
	error_at(p, s->kw, "'%s' needs a '{' block", tok_text(p, s->kw));
	s->block = true;
	s->open = s->kw;
	return true;
}

static void no_block(struct parser *p, const struct stmt *s)
{
	if (!s->block)
		return;
	error_at(p, s->open, "'%s' does not take a '{' block", tok_text(p, s->kw));
	skip_block(p, s);
}

static bool in_list(const char *word, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(word, *list))
			return true;
	return false;
}

static void ignore_unimplemented(struct parser *p, const struct stmt *s)
{
	warn_at(p, s->kw, "'%s' is not implemented yet; ignored", tok_text(p, s->kw));
	if (s->block)
		skip_block(p, s);
}

static void reject_unknown(struct parser *p, const struct stmt *s, const char *where)
{
	error_at(p, s->kw, "unknown keyword '%s'%s", tok_text(p, s->kw), where);
	if (s->block)
		skip_block(p, s);
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

/* Exactly one value; otherwise say what was expected. */
static bool one_value(struct parser *p, const struct stmt *s, const char *expect)
{
	if (s->argc == 1)
		return true;
	if (s->argc == 0)
		error_at(p, s->kw, "'%s' needs a value (%s)", tok_text(p, s->kw), expect);
	else
		error_at(p, s->kw + 2, "'%s' takes one value (%s); unexpected '%s'",
			 tok_text(p, s->kw), expect, arg(p, s, 1));
	return false;
}

static bool no_value(struct parser *p, const struct stmt *s)
{
	if (s->argc == 0)
		return true;
	error_at(p, s->kw + 1, "'%s' takes no value; unexpected '%s'",
		 tok_text(p, s->kw), arg(p, s, 0));
	return false;
}

static bool parse_u32(const char *text, uint32_t *out)
{
	unsigned long v;
	char *end;

	if (!isdigit((unsigned char)text[0]))
		return false;
	errno = 0;
	v = strtoul(text, &end, 10);
	if (*end || errno || v > UINT32_MAX)
		return false;
	*out = v;
	return true;
}

/* "KEYWORD N" with min <= N <= max. */
static bool uint_value(struct parser *p, const struct stmt *s, uint32_t min,
		       uint32_t max, uint32_t *out)
{
	char range[32];
	uint32_t v;

	snprintf(range, sizeof(range), "%u-%u", min, max);
	if (!one_value(p, s, range))
		return false;
	if (!parse_u32(arg(p, s, 0), &v)) {
		error_at(p, s->kw + 1, "%s '%s' is not a whole number (%s)",
			 tok_text(p, s->kw), arg(p, s, 0), range);
		return false;
	}
	if (v < min || v > max) {
		error_at(p, s->kw + 1, "%s %s is out of range (%s)",
			 tok_text(p, s->kw), arg(p, s, 0), range);
		return false;
	}
	*out = v;
	return true;
}

/*
 * A keepalived <TIMER>: seconds with an optional fraction, microsecond
 * resolution. Parsed by hand so "0.07" is exactly 70000 us (no binary float).
 */
static bool parse_seconds_us(const char *text, uint64_t *us)
{
	uint64_t whole = 0, frac = 0, scale = US_PER_S;
	const char *s = text;

	if (!isdigit((unsigned char)*s) && !(*s == '.' && isdigit((unsigned char)s[1])))
		return false;
	for (; isdigit((unsigned char)*s); s++) {
		whole = whole * 10 + (*s - '0');
		if (whole > 1000000)
			return false;
	}
	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++) {
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(*s - '0') * scale;
			}
		}
	}
	if (*s)
		return false;
	*us = whole * US_PER_S + frac;
	return true;
}

static bool seconds_value(struct parser *p, const struct stmt *s,
			  const char *range, uint64_t *us)
{
	if (!one_value(p, s, range))
		return false;
	if (!parse_seconds_us(arg(p, s, 0), us)) {
		error_at(p, s->kw + 1, "%s '%s' is not a number of seconds (%s)",
			 tok_text(p, s->kw), arg(p, s, 0), range);
		return false;
	}
	return true;
}

static bool string_value(struct parser *p, const struct stmt *s, char *dst,
			 size_t size, const char *what)
{
	if (!one_value(p, s, what))
		return false;
	if (strlen(arg(p, s, 0)) >= size) {
		error_at(p, s->kw + 1, "%s '%s' is too long (at most %zu characters)",
			 tok_text(p, s->kw), arg(p, s, 0), size - 1);
		return false;
	}
	strcpy(dst, arg(p, s, 0));
	return true;
}

/* ------------------------------------------------------------------ */
/* global_defs                                                         */

static const char *const global_defs_unimplemented[] = {
	"bfd_cpu_affinity", "bfd_no_swap", "bfd_priority", "bfd_process_name",
	"bfd_rlimit_rttime", "bfd_rt_priority", "checker_cpu_affinity",
	"checker_log_all_failures", "checker_no_swap", "checker_priority",
	"checker_process_name", "checker_rlimit_rttime", "checker_rt_priority",
	"child_wait_time", "config_save_dir", "data_use_instance",
	"dbus_service_name", "default_interface", "disable_local_igmp",
	"dynamic_interfaces", "enable_dbus", "enable_script_security",
	"enable_snmp_checker", "enable_snmp_keepalived", "enable_snmp_rfc",
	"enable_snmp_rfcv2", "enable_snmp_rfcv3", "enable_snmp_vrrp",
	"enable_traps", "fifo_write_vrrp_states_on_reload", "include_check",
	"instance", "linkbeat_use_polling", "log_unknown_vrids", "lvs_flush",
	"lvs_flush_on_stop", "lvs_id", "lvs_netlink_cmd_rcv_bufs",
	"lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
	"lvs_netlink_monitor_rcv_bufs_force", "lvs_notify_fifo",
	"lvs_notify_fifo_script", "lvs_sync_daemon", "lvs_timeouts",
	"max_auto_priority", "min_auto_priority_delay", "namespace_with_ipsets",
	"net_namespace", "net_namespace_ipvs", "nftables", "nftables_counters",
	"nftables_ifindex", "nftables_ipvs", "nftables_ipvs_priority",
	"nftables_ipvs_start_fwmark", "nftables_priority", "no_checker_emails",
	"no_email_faults", "notification_email", "notification_email_from",
	"notify_fifo", "notify_fifo_script", "process_monitor_rcv_bufs",
	"process_monitor_rcv_bufs_force", "process_name", "process_names",
	"random_seed", "reload_check_config", "reload_file", "reload_repeat",
	"reload_time_file", "rs_init_notifies", "script_user", "shutdown_script",
	"shutdown_script_timeout", "smtp_alert", "smtp_alert_checker",
	"smtp_alert_vrrp", "smtp_connect_timeout", "smtp_helo_name",
	"smtp_server", "snmp_socket", "startup_script", "startup_script_timeout",
	"tmp_config_directory", "umask", "use_pid_dir", "vmac_addr_prefix",
	"vmac_prefix", "vrrp_check_unicast_src", "vrrp_cpu_affinity",
	"vrrp_down_timer_adverts", "vrrp_garp_extra_if", "vrrp_garp_interval",
	"vrrp_garp_lower_prio_delay", "vrrp_garp_lower_prio_repeat",
	"vrrp_garp_master_refresh", "vrrp_garp_master_refresh_repeat",
	"vrrp_gna_interval", "vrrp_higher_prio_send_advert", "vrrp_ipsets",
	"vrrp_iptables", "vrrp_lower_prio_no_advert", "vrrp_mcast_group4",
	"vrrp_mcast_group6", "vrrp_min_garp", "vrrp_netlink_cmd_rcv_bufs",
	"vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
	"vrrp_netlink_monitor_rcv_bufs_force", "vrrp_no_swap",
	"vrrp_notify_fifo", "vrrp_notify_fifo_script",
	"vrrp_notify_priority_changes", "vrrp_priority", "vrrp_process_name",
	"vrrp_rlimit_rttime", "vrrp_rt_priority", "vrrp_rx_bufs_multiplier",
	"vrrp_rx_bufs_policy", "vrrp_skip_check_adv_addr", "vrrp_startup_delay",
	"vrrp_strict",
	NULL
};

static void global_stmt(struct parser *p, struct stmt *s)
{
	struct xvrrp_config *cfg = p->cfg;
	const char *kw = tok_text(p, s->kw);
	uint32_t v;

	if (!strcmp(kw, "router_id")) {
		string_value(p, s, cfg->router_id, sizeof(cfg->router_id), "a name");
	} else if (!strcmp(kw, "vrrp_version")) {
		if (uint_value(p, s, 2, 3, &v))
			cfg->vrrp_version = v;
	} else if (!strcmp(kw, "vrrp_garp_master_delay")) {
		if (uint_value(p, s, 0, GARP_DELAY_MAX_S, &v))
			cfg->garp_master_delay_s = v;
	} else if (!strcmp(kw, "vrrp_garp_master_repeat")) {
		if (uint_value(p, s, 0, GARP_REPEAT_MAX, &v))
			cfg->garp_master_repeat = v;
	} else if (in_list(kw, global_defs_unimplemented)) {
		ignore_unimplemented(p, s);
		return;
	} else {
		reject_unknown(p, s, " in global_defs");
		return;
	}
	no_block(p, s);
}

static void parse_global_defs(struct parser *p, struct stmt *s)
{
	struct stmt sub;

	no_value(p, s);
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		global_stmt(p, &sub);
	}
}

/* ------------------------------------------------------------------ */
/* virtual_ipaddress                                                   */

static const char *const vip_options_unimplemented_arg[] = {
	"peer", "preferred_lft", "track_group", NULL
};

static const char *const vip_options_unimplemented_flag[] = {
	"home", "-nodad", "nodad", "mngtmpaddr", "noprefixroute", "autojoin",
	"use_vmac", NULL
};

static bool parse_scope(const char *text, uint8_t *scope)
{
	static const struct { const char *name; uint8_t scope; } names[] = {
		{ "global", RT_SCOPE_UNIVERSE }, { "site", RT_SCOPE_SITE },
		{ "link", RT_SCOPE_LINK }, { "host", RT_SCOPE_HOST },
		{ "nowhere", RT_SCOPE_NOWHERE },
	};
	uint32_t v;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(text, names[i].name)) {
			*scope = names[i].scope;
			return true;
		}
	}
	if (!parse_u32(text, &v) || v > 255)
		return false;
	*scope = v;
	return true;
}

static uint32_t prefix_mask(uint8_t prefixlen)
{
	return prefixlen ? htonl(~0U << (32 - prefixlen)) : 0;
}

/* "brd X": an address, or '+' / '-' for the host bits set / cleared (ip-address(8)). */
static bool parse_brd(const char *text, const struct xvrrp_vip_cfg *vip,
		      struct in_addr *brd)
{
	uint32_t mask = prefix_mask(vip->prefixlen);

	if (!strcmp(text, "+")) {
		brd->s_addr = vip->addr.v4.s_addr | ~mask;
		return true;
	}
	if (!strcmp(text, "-")) {
		brd->s_addr = vip->addr.v4.s_addr & mask;
		return true;
	}
	return inet_pton(AF_INET, text, brd) == 1;
}

static bool vip_addr(struct parser *p, size_t tok, struct xvrrp_vip_cfg *vip)
{
	const char *text = tok_text(p, tok);
	const char *slash = strchr(text, '/');
	char addr[INET6_ADDRSTRLEN + 1];
	size_t len = slash ? (size_t)(slash - text) : strlen(text);
	struct in6_addr v6;
	uint32_t plen, host;

	if (len >= sizeof(addr))
		goto bad;
	memcpy(addr, text, len);
	addr[len] = '\0';
	if (strchr(addr, ':') && inet_pton(AF_INET6, addr, &v6) == 1) {
		error_at(p, tok, "IPv6 virtual_ipaddress is not supported yet");
		return false;
	}
	if (inet_pton(AF_INET, addr, &vip->addr.v4) != 1) {
		if (strchr(addr, '-'))
			error_at(p, tok, "address ranges ('%s') are not supported yet", text);
		else
			goto bad;
		return false;
	}
	vip->family = AF_INET;
	vip->prefixlen = 32;
	if (slash) {
		if (!parse_u32(slash + 1, &plen) || plen > 32) {
			error_at(p, tok, "bad prefix length in '%s' (0-32)", text);
			return false;
		}
		vip->prefixlen = plen;
	}
	host = ntohl(vip->addr.v4.s_addr);
	if (host == INADDR_ANY || host == INADDR_BROADCAST || IN_MULTICAST(host)) {
		error_at(p, tok, "'%s' is not a unicast address", text);
		return false;
	}
	return true;
bad:
	error_at(p, tok, "bad address '%s' in virtual_ipaddress", text);
	return false;
}

static bool vip_option_known(const char *opt)
{
	return !strcmp(opt, "dev") || !strcmp(opt, "label") ||
	       !strcmp(opt, "scope") || !strcmp(opt, "brd") ||
	       in_list(opt, vip_options_unimplemented_arg);
}

/* One "OPTION VALUE" pair; the value is known to be there. */
static bool vip_option_value(struct parser *p, size_t tok, struct xvrrp_vip_cfg *vip)
{
	const char *opt = tok_text(p, tok);
	const char *value = tok_text(p, tok + 1);
	char *dst;

	if (in_list(opt, vip_options_unimplemented_arg)) {
		warn_at(p, tok, "virtual_ipaddress option '%s' is not implemented yet; ignored", opt);
	} else if (!strcmp(opt, "dev") || !strcmp(opt, "label")) {
		dst = opt[0] == 'd' ? vip->dev : vip->label;
		if (strlen(value) >= IF_NAMESIZE) {
			error_at(p, tok, "%s '%s' is too long (at most %d characters)",
				 opt, value, IF_NAMESIZE - 1);
			return false;
		}
		strcpy(dst, value);
	} else if (!strcmp(opt, "scope")) {
		if (!parse_scope(value, &vip->scope)) {
			error_at(p, tok, "bad scope '%s' (global, site, link, host, nowhere or 0-255)",
				 value);
			return false;
		}
	} else if (!parse_brd(value, vip, &vip->brd)) {
		error_at(p, tok, "bad broadcast address '%s'", value);
		return false;
	}
	return true;
}

/*
 * The words after the address. An unknown word ends the line: what follows
 * it cannot be told apart from its value.
 */
static bool vip_options(struct parser *p, const struct stmt *s,
			struct xvrrp_vip_cfg *vip)
{
	size_t i, end = s->kw + 1 + s->argc;
	bool ok = true;

	for (i = s->kw + 1; i < end; i++) {
		const char *opt = tok_text(p, i);

		if (!strcmp(opt, "no_track")) {
			vip->no_track = true;
		} else if (in_list(opt, vip_options_unimplemented_flag)) {
			warn_at(p, i, "virtual_ipaddress option '%s' is not implemented yet; ignored", opt);
		} else if (!vip_option_known(opt)) {
			error_at(p, i, "unknown virtual_ipaddress option '%s'", opt);
			return false;
		} else if (i + 1 == end) {
			error_at(p, i, "virtual_ipaddress option '%s' needs a value", opt);
			return false;
		} else {
			ok = vip_option_value(p, i, vip) && ok;
			i++;
		}
	}
	return ok;
}

static bool vip_is_duplicate(const struct xvrrp_instance_cfg *inst,
			     const struct xvrrp_vip_cfg *vip)
{
	size_t i;

	for (i = 0; i < inst->n_vips; i++)
		if (inst->vips[i].family == vip->family &&
		    inst->vips[i].addr.v4.s_addr == vip->addr.v4.s_addr)
			return true;
	return false;
}

static int add_vip(struct parser *p, struct xvrrp_instance_cfg *inst,
		   const struct stmt *s)
{
	struct xvrrp_vip_cfg vip = { .line = p->toks[s->kw].line };
	struct xvrrp_vip_cfg *vips;

	if (!vip_addr(p, s->kw, &vip) || !vip_options(p, s, &vip))
		return 0;
	if (vip_is_duplicate(inst, &vip)) {
		warn_at(p, s->kw, "duplicate virtual_ipaddress %s; ignored",
			tok_text(p, s->kw));
		return 0;
	}
	if (inst->n_vips == VIPS_PER_INSTANCE_MAX) {
		error_at(p, s->kw, "more than %d virtual_ipaddress entries in one instance",
			 VIPS_PER_INSTANCE_MAX);
		return 0;
	}
	vips = realloc(inst->vips, (inst->n_vips + 1) * sizeof(*vips));
	if (!vips)
		return -1;
	inst->vips = vips;
	inst->vips[inst->n_vips++] = vip;
	return 0;
}

static int parse_virtual_ipaddress(struct parser *p, struct xvrrp_instance_cfg *inst,
				   struct stmt *s)
{
	struct stmt sub;

	no_value(p, s);
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		if (add_vip(p, inst, &sub))
			return -1;
		no_block(p, &sub);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* vrrp_instance                                                       */

static const char *const instance_unimplemented[] = {
	"accept", "check_unicast_src", "debug",
	"dont_track_primary", "down_timer_adverts", "garp_extra_if",
	"garp_extra_if_vmac", "garp_lower_prio_delay", "garp_lower_prio_repeat",
	"garp_master_refresh", "garp_master_refresh_repeat",
	"higher_prio_send_advert", "kernel_rx_buf_size", "linkbeat_use_polling",
	"lower_prio_no_advert", "lvs_sync_daemon_interface", "mcast_dst_ip",
	"mcast_src_ip", "native_ipv6", "no_accept", "notify", "notify_backup",
	"notify_deleted", "notify_fault", "notify_master",
	"notify_master_rx_lower_pri", "notify_priority_changes", "notify_stop",
	"old_unicast_checksum", "promote_secondaries", "skip_check_adv_addr",
	"smtp_alert", "strict_mode", "track_bfd", "track_file",
	"track_interface", "track_process", "track_script", "track_src_ip",
	"unicast_fault_no_peer", "unicast_src_ip",
	"unicast_ttl", "use_ipvlan", "use_vmac", "use_vmac_addr",
	"virtual_ipaddress_excluded", "virtual_routes", "virtual_rules",
	"vmac_xmit_base", "vrf",
	NULL
};

static void instance_state(struct parser *p, struct xvrrp_instance_cfg *inst,
			   const struct stmt *s)
{
	if (!one_value(p, s, "MASTER or BACKUP"))
		return;
	if (!strcmp(arg(p, s, 0), "MASTER"))
		inst->state = XVRRP_INITIAL_MASTER;
	else if (!strcmp(arg(p, s, 0), "BACKUP"))
		inst->state = XVRRP_INITIAL_BACKUP;
	else
		error_at(p, s->kw + 1, "unknown state '%s' (MASTER or BACKUP)",
			 arg(p, s, 0));
}

/* Returns true when the keyword was one of the simple value keywords. */
static bool instance_value(struct parser *p, struct xvrrp_instance_cfg *inst,
			   struct instance_scratch *sc, const struct stmt *s)
{
	const char *kw = tok_text(p, s->kw);
	uint64_t us;
	uint32_t v;

	if (!strcmp(kw, "state")) {
		instance_state(p, inst, s);
	} else if (!strcmp(kw, "interface")) {
		sc->interface_given = true;
		if (string_value(p, s, inst->interface, sizeof(inst->interface),
				 "an interface name"))
			inst->interface_line = p->toks[s->kw].line;
	} else if (!strcmp(kw, "virtual_router_id")) {
		sc->vrid_given = true;
		if (uint_value(p, s, 1, 255, &v))
			inst->vrid = v;
	} else if (!strcmp(kw, "priority")) {
		if (uint_value(p, s, 1, 255, &v))
			inst->priority = v;
	} else if (!strcmp(kw, "version")) {
		if (uint_value(p, s, 2, 3, &v)) {
			inst->version = v;
			sc->version_set = true;
		}
	} else if (!strcmp(kw, "advert_int")) {
		/* Checked once the version is known (finish_instance). */
		if (seconds_value(p, s, "e.g. 1 or 0.5", &us)) {
			sc->adver_int_us = us;
			sc->adver_int_tok = s->kw + 1;
		}
	} else if (!strcmp(kw, "nopreempt")) {
		if (no_value(p, s)) {
			inst->nopreempt = true;
			sc->nopreempt_line = p->toks[s->kw].line;
		}
	} else if (!strcmp(kw, "preempt")) {
		if (no_value(p, s))
			inst->nopreempt = false;
	} else if (!strcmp(kw, "preempt_delay")) {
		if (!seconds_value(p, s, "0-1000", &us))
			return true;
		if (us > PREEMPT_DELAY_MAX_S * US_PER_S)
			error_at(p, s->kw + 1, "preempt_delay %s is out of range (0-%d)",
				 arg(p, s, 0), PREEMPT_DELAY_MAX_S);
		else
			inst->preempt_delay_ms = (us + 500) / 1000;
	} else if (!strcmp(kw, "garp_master_delay")) {
		if (uint_value(p, s, 0, GARP_DELAY_MAX_S, &v)) {
			inst->garp_master_delay_s = v;
			sc->garp_delay_set = true;
		}
	} else if (!strcmp(kw, "garp_master_repeat")) {
		if (uint_value(p, s, 0, GARP_REPEAT_MAX, &v)) {
			inst->garp_master_repeat = v;
			sc->garp_repeat_set = true;
		}
	} else {
		return false;
	}
	return true;
}

/*
 * RFC 3768 §5.3.6: simple text password, up to 8 octets, zero-padded.
 * keepalived truncates a longer auth_pass the same way.
 */
static void parse_authentication(struct parser *p, struct xvrrp_instance_cfg *inst,
				 struct stmt *s)
{
	struct stmt sub;
	bool have_pass = false;

	no_value(p, s);
	if (!need_block(p, s))
		return;
	inst->auth_type = VRRP_AUTH_PASS;
	while (block_more(p, s)) {
		const char *kw;

		read_stmt(p, &sub);
		kw = tok_text(p, sub.kw);
		if (!strcmp(kw, "auth_type")) {
			if (!one_value(p, &sub, "PASS"))
				continue;
			if (strcmp(arg(p, &sub, 0), "PASS"))
				error_at(p, sub.kw + 1, "auth_type %s is not supported (PASS only)",
					 arg(p, &sub, 0));
		} else if (!strcmp(kw, "auth_pass")) {
			const char *pass;

			if (!one_value(p, &sub, "a password"))
				continue;
			pass = arg(p, &sub, 0);
			if (strlen(pass) > sizeof(inst->auth_pass))
				warn_at(p, sub.kw + 1, "auth_pass is longer than 8 characters; "
					"only the first 8 are used");
			memset(inst->auth_pass, 0, sizeof(inst->auth_pass));
			memcpy(inst->auth_pass, pass, strnlen(pass, sizeof(inst->auth_pass)));
			have_pass = true;
		} else {
			reject_unknown(p, &sub, " in authentication");
			continue;
		}
		no_block(p, &sub);
	}
	if (!have_pass)
		error_at(p, s->kw, "authentication needs an auth_pass");
}

static int instance_stmt(struct parser *p, size_t idx, struct stmt *s)
{
	struct xvrrp_instance_cfg *inst = &p->cfg->instances[idx];
	const char *kw = tok_text(p, s->kw);

	if (instance_value(p, inst, &p->scratch[idx], s)) {
		no_block(p, s);
	} else if (!strcmp(kw, "virtual_ipaddress")) {
		return parse_virtual_ipaddress(p, inst, s);
	} else if (!strcmp(kw, "authentication")) {
		parse_authentication(p, inst, s);
	} else if (!strcmp(kw, "unicast_peer")) {
		/* Ignoring it would be a split brain: the peers talk unicast, we multicast. */
		error_at(p, s->kw, "'unicast_peer' is not supported yet: xvrrp advertises by "
			 "multicast only, so its unicast peers would not hear it");
		if (s->block)
			skip_block(p, s);
	} else if (in_list(kw, instance_unimplemented)) {
		ignore_unimplemented(p, s);
	} else {
		reject_unknown(p, s, " in vrrp_instance");
	}
	return 0;
}

static int new_instance(struct parser *p, size_t *idx)
{
	struct xvrrp_config *cfg = p->cfg;

	if (cfg->n_instances == p->cap_instances) {
		size_t cap = p->cap_instances ? 2 * p->cap_instances : 8;
		struct xvrrp_instance_cfg *insts;
		struct instance_scratch *sc;

		insts = realloc(cfg->instances, cap * sizeof(*insts));
		if (!insts)
			return -1;
		cfg->instances = insts;
		sc = realloc(p->scratch, cap * sizeof(*sc));
		if (!sc)
			return -1;
		p->scratch = sc;
		p->cap_instances = cap;
	}
	*idx = cfg->n_instances++;
	memset(&cfg->instances[*idx], 0, sizeof(cfg->instances[*idx]));
	memset(&p->scratch[*idx], 0, sizeof(p->scratch[*idx]));
	return 0;
}

static int parse_vrrp_instance(struct parser *p, struct stmt *s)
{
	struct xvrrp_instance_cfg *inst;
	struct stmt sub;
	size_t idx;

	if (new_instance(p, &idx))
		return -1;
	inst = &p->cfg->instances[idx];
	p->scratch[idx].file = p->toks[s->kw].file;
	inst->file = p->cfg->files[p->scratch[idx].file];
	inst->line = p->toks[s->kw].line;
	inst->state = XVRRP_INITIAL_BACKUP;
	inst->priority = 100;
	string_value(p, s, inst->name, sizeof(inst->name), "a name");
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		if (instance_stmt(p, idx, &sub))
			return -1;
	}
	return 0;
}

/*
 * The advertisement interval field: RFC 3768 §5.3.7 (v2) is 8 bits of whole
 * seconds; RFC 5798 §5.2.7 (v3) is 12 bits of centiseconds.
 */
static void finish_adver_int(struct parser *p, struct xvrrp_instance_cfg *inst,
			     const struct instance_scratch *sc)
{
	size_t tok = sc->adver_int_tok;
	uint64_t us = sc->adver_int_us;
	uint64_t cs;

	inst->adver_int_cs = 100;
	if (!tok)
		return;
	if (inst->version == 3) {
		cs = (us + 5000) / 10000;
		if (cs < 1 || cs > 4095)
			error_at(p, tok, "advert_int %s is out of range for VRRPv3 (0.01-40.95)",
				 tok_text(p, tok));
		else
			inst->adver_int_cs = cs;
		return;
	}
	if (us % US_PER_S) {
		error_at(p, tok,
			 "advert_int %s: VRRPv2 advertises whole seconds (1-255); fractions need 'version 3'",
			 tok_text(p, tok));
		return;
	}
	if (us < US_PER_S || us > 255 * US_PER_S)
		error_at(p, tok, "advert_int %s is out of range for VRRPv2 (1-255)",
			 tok_text(p, tok));
	else
		inst->adver_int_cs = us / US_PER_S * 100;
}

/* Defaults that depend on global_defs, which may come after the instance. */
static void finish_instance(struct parser *p, size_t idx)
{
	struct xvrrp_config *cfg = p->cfg;
	struct xvrrp_instance_cfg *inst = &cfg->instances[idx];
	const struct instance_scratch *sc = &p->scratch[idx];
	unsigned int file = sc->file;

	if (!sc->version_set)
		inst->version = cfg->vrrp_version;
	if (!sc->garp_delay_set)
		inst->garp_master_delay_s = cfg->garp_master_delay_s;
	if (!sc->garp_repeat_set)
		inst->garp_master_repeat = cfg->garp_master_repeat;
	finish_adver_int(p, inst, sc);
	if (!sc->vrid_given)
		error_line(p, file, inst->line, "vrrp_instance %s has no virtual_router_id",
			   inst->name);
	if (!sc->interface_given)
		error_line(p, file, inst->line, "vrrp_instance %s has no interface",
			   inst->name);
	if (!inst->n_vips)
		warn_line(p, file, inst->line, "vrrp_instance %s has no virtual_ipaddress",
			  inst->name);
	/* keepalived.conf(5): nopreempt only works when the initial state is not MASTER. */
	if (inst->nopreempt && inst->state == XVRRP_INITIAL_MASTER) {
		warn_line(p, file, sc->nopreempt_line,
			  "'nopreempt' has no effect with 'state MASTER'");
		inst->nopreempt = false;
	}
	/* RFC 5798 §9 removed authentication from VRRPv3; keepalived ignores it there too. */
	if (inst->auth_type && inst->version == 3) {
		warn_line(p, file, inst->line,
			  "vrrp_instance %s: authentication is ignored with VRRP version 3",
			  inst->name);
		inst->auth_type = VRRP_AUTH_NONE;
		memset(inst->auth_pass, 0, sizeof(inst->auth_pass));
	}
}

static int cmp_by_name(const void *a, const void *b)
{
	const struct xvrrp_instance_cfg *x = *(const struct xvrrp_instance_cfg *const *)a;
	const struct xvrrp_instance_cfg *y = *(const struct xvrrp_instance_cfg *const *)b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x > y) - (x < y);
}

/* All VIPs are IPv4 for now, so every instance shares one address family. */
static int cmp_by_vrid(const void *a, const void *b)
{
	const struct xvrrp_instance_cfg *x = *(const struct xvrrp_instance_cfg *const *)a;
	const struct xvrrp_instance_cfg *y = *(const struct xvrrp_instance_cfg *const *)b;
	int c = strcmp(x->interface, y->interface);

	if (!c)
		c = (int)x->vrid - (int)y->vrid;
	return c ? c : (x > y) - (x < y);
}

static void instance_error(struct parser *p, const struct xvrrp_instance_cfg *inst,
			   const char *what, const struct xvrrp_instance_cfg *first)
{
	fprintf(p->err, "%s:%d: %s (vrrp_instance %s at %s:%d)\n", inst->file,
		inst->line, what, first->name, first->file, first->line);
	p->n_errors++;
}

/*
 * Names must be unique; and a VRID identifies one virtual router on a LAN
 * (RFC 5798 §1.3), so two instances may not share it on one interface.
 * Sorting keeps this O(n log n) for thousands of instances.
 */
static int check_instances(struct parser *p)
{
	struct xvrrp_config *cfg = p->cfg;
	struct xvrrp_instance_cfg **v;
	char what[128];
	size_t i;

	if (cfg->n_instances < 2)
		return 0;
	v = calloc(cfg->n_instances, sizeof(*v));
	if (!v)
		return -1;
	for (i = 0; i < cfg->n_instances; i++)
		v[i] = &cfg->instances[i];
	qsort(v, cfg->n_instances, sizeof(*v), cmp_by_name);
	for (i = 1; i < cfg->n_instances; i++)
		if (v[i]->name[0] && !strcmp(v[i]->name, v[i - 1]->name))
			instance_error(p, v[i], "duplicate vrrp_instance name", v[i - 1]);
	qsort(v, cfg->n_instances, sizeof(*v), cmp_by_vrid);
	for (i = 1; i < cfg->n_instances; i++) {
		if (!v[i]->vrid || !v[i]->interface[0] ||
		    v[i]->vrid != v[i - 1]->vrid ||
		    strcmp(v[i]->interface, v[i - 1]->interface))
			continue;
		snprintf(what, sizeof(what), "virtual_router_id %u is already used on %s",
			 v[i]->vrid, v[i]->interface);
		instance_error(p, v[i], what, v[i - 1]);
	}
	free(v);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Top level                                                           */

static const char *const top_unimplemented[] = {
	"bfd_instance", "child_wait_time", "garp_group", "instance",
	"interface_up_down_delays", "linkbeat_interfaces", "linkbeat_use_polling",
	"namespace_with_ipsets", "net_namespace", "net_namespace_ipvs",
	"static_ipaddress", "static_routes", "static_rules", "track_file",
	"track_group", "use_pid_dir", "virtual_server", "virtual_server_group",
	"vrrp_script", "vrrp_sync_group", "vrrp_track_file",
	"vrrp_track_process",
	NULL
};

static int top_stmt(struct parser *p)
{
	struct stmt s;
	const char *kw;

	if (is_brace(p, p->pos, '}')) {
		error_at(p, p->pos, "unexpected '}' (no block is open)");
		p->pos++;
		return 0;
	}
	if (is_brace(p, p->pos, '{')) {
		s.kw = s.open = p->pos++;
		s.argc = 0;
		s.block = true;
		error_at(p, s.open, "unexpected '{' (a block needs a keyword before it)");
		skip_block(p, &s);
		return 0;
	}
	read_stmt(p, &s);
	kw = tok_text(p, s.kw);
	if (!strcmp(kw, "global_defs"))
		parse_global_defs(p, &s);
	else if (!strcmp(kw, "vrrp_instance"))
		return parse_vrrp_instance(p, &s);
	else if (in_list(kw, top_unimplemented))
		ignore_unimplemented(p, &s);
	else
		reject_unknown(p, &s, "");
	return 0;
}

static int parse(struct parser *p)
{
	size_t i;

	while (!at_end(p))
		if (top_stmt(p))
			return -1;
	for (i = 0; i < p->cfg->n_instances; i++)
		finish_instance(p, i);
	return check_instances(p);
}

void xvrrp_config_free(struct xvrrp_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->n_instances; i++)
		free(cfg->instances[i].vips);
	free(cfg->instances);
	for (i = 0; i < cfg->n_files; i++)
		free(cfg->files[i]);
	free(cfg->files);
	memset(cfg, 0, sizeof(*cfg));
}

static void config_defaults(struct xvrrp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->vrrp_version = 2;
	cfg->garp_master_delay_s = 5;
	cfg->garp_master_repeat = 5;
}

int xvrrp_config_load(const char *path, struct xvrrp_config *cfg, FILE *err)
{
	struct parser p = { .cfg = cfg, .err = err ? err : stderr };
	int ret;

	config_defaults(cfg);
	ret = lex_file(&p, path, 0, 0, 0);
	if (ret == 0)
		ret = parse(&p);
	if (ret)
		fprintf(p.err, "%s: out of memory\n", path);
	pop_tokens(&p, 0);
	free(p.toks);
	free(p.scratch);
	if (ret || p.n_errors) {
		xvrrp_config_free(cfg);
		return -1;
	}
	return 0;
}
