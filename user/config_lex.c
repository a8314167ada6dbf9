// SPDX-License-Identifier: GPL-2.0-only
/*
 * keepalived.conf reader: the lexer (files, includes, quotes, comments, conditional lines).
 */
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config_priv.h"

/* ------------------------------------------------------------------ */
/* Lexer                                                               */

static int add_file(struct parser *p, const char *path, unsigned int *idx)
{
	struct xvrrp_config *cfg = p->cfg;
	unsigned int *scopes;
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
	/* A directory's files (and what they include) each have their scope. */
	if (p->lex_scope) {
		scopes = realloc(p->file_scope, (cfg->n_files + 1) * sizeof(*scopes));
		if (!scopes) {
			free(copy);
			return -1;
		}
		p->file_scope = scopes;
		scopes[cfg->n_files] = p->lex_scope;
	}
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

void pop_tokens(struct parser *p, size_t keep)
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

int lex_file(struct parser *p, const char *path, int depth,
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
 * keepalived's conditional lines (keepalived.conf(5), "Conditional
 * configuration"): "@ID rest" keeps "rest" only when the config id is ID,
 * "@^ID rest" only when it is not. Returns the rest, or NULL to drop the line.
 */
static const char *conditional_line(const struct parser *p, const char *s)
{
	const char *id = s + 1, *end;
	bool negate = false, match;
	size_t len;

	if (*id == '^') {
		negate = true;
		id++;
	}
	end = id + strcspn(id, " \t\r\n");
	len = end - id;
	match = p->opts->config_id && strlen(p->opts->config_id) == len &&
		!strncmp(p->opts->config_id, id, len);
	if (match == negate)
		return NULL;
	while (isspace((unsigned char)*end))
		end++;
	return end;
}

/*
 * Line-level features of keepalived's parser that xvrrp does not have yet.
 * Silently dropping such a line could change a priority, so they are errors.
 */
static bool unsupported_line(struct parser *p, const char *s, unsigned int file,
			     int line)
{
	const char *e;

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
	if (!strncmp(s, "~SEQ", 4) || !strncmp(s, "~LST", 4)) {
		error_line(p, file, line, "sequence blocks ('%.4s') are not supported yet", s);
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
	if (*s == '@' && !(s = conditional_line(p, s)))
		return 0;
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

	while (ret == 0 && !p->lex_stop && (n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		p->bytes_read += (size_t)n;
		if (p->bytes_read > CONFIG_BYTES_READ_MAX) {
			error_line(p, file, lineno, "more than %u MiB read for this configuration "
				   "(includes included many times?); stopped here",
				   CONFIG_BYTES_READ_MAX >> 20);
			p->lex_stop = true;
			break;
		}
		/* C strings end at a NUL: the rest of the line would vanish unseen. */
		if (memchr(line, '\0', (size_t)n)) {
			error_line(p, file, lineno, "the line holds a NUL byte (is this a text file?)");
			continue;
		}
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

/* An include cycle is said once for each (file, line) that closes it. */
static bool cycle_said(struct parser *p, const struct file_id *at)
{
	struct file_id *v;

	for (size_t i = 0; i < p->n_cycles_said; i++)
		if (p->cycles_said[i].dev == at->dev && p->cycles_said[i].ino == at->ino &&
		    p->cycles_said[i].line == at->line)
			return true;
	v = realloc(p->cycles_said, (p->n_cycles_said + 1) * sizeof(*v));
	if (v) {
		p->cycles_said = v;
		v[p->n_cycles_said++] = *at;
	}
	return false;
}

/* Is the file (st) being read already, further up the include chain? */
static bool include_cycle(struct parser *p, const struct stat *st, const char *path,
			  unsigned int from_file, int from_line)
{
	for (int i = 0; i < p->n_reading; i++) {
		struct file_id at;

		if (p->reading[i].dev != st->st_dev || p->reading[i].ino != st->st_ino)
			continue;
		at = p->reading[p->n_reading - 1];
		at.line = from_line;
		if (!cycle_said(p, &at))
			error_line(p, from_file, from_line, "'%s' is already being read (an include "
				   "cycle); not read again", path);
		return true;
	}
	return false;
}

/* Returns -1 only when out of memory; problems with the file are reported. */
int lex_file(struct parser *p, const char *path, int depth,
		    unsigned int from_file, int from_line)
{
	unsigned int file;
	struct stat st;
	FILE *f;
	int ret;

	if (p->lex_stop)
		return 0;
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
	if (depth > 0 && include_cycle(p, &st, path, from_file, from_line)) {
		fclose(f);
		return 0;
	}
	if (++p->files_read > CONFIG_FILES_READ_MAX) {
		error_line(p, from_file, from_line, "more than %d files read through includes "
			   "(files that include each other?); stopped here", CONFIG_FILES_READ_MAX);
		p->lex_stop = true;
		fclose(f);
		return 0;
	}
	if (add_file(p, path, &file)) {
		fclose(f);
		return -1;
	}
	p->reading[p->n_reading].dev = st.st_dev;
	p->reading[p->n_reading].ino = st.st_ino;
	p->reading[p->n_reading].line = 0;
	p->n_reading++;
	ret = lex_stream(p, f, depth, file);
	p->n_reading--;
	fclose(f);
	return ret;
}
