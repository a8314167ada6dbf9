// SPDX-License-Identifier: GPL-2.0-only
/*
 * keepalived.conf reader: diagnostics, token walking and value helpers
 * shared by the config_*.c files.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include "config_priv.h"

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

void __attribute__((format(printf, 3, 4)))
error_at(struct parser *p, size_t tok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, true, p->toks[tok].file, p->toks[tok].line, fmt, ap);
	va_end(ap);
}

void __attribute__((format(printf, 3, 4)))
warn_at(struct parser *p, size_t tok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, false, p->toks[tok].file, p->toks[tok].line, fmt, ap);
	va_end(ap);
}

void __attribute__((format(printf, 4, 5)))
error_line(struct parser *p, unsigned int file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, true, file, line, fmt, ap);
	va_end(ap);
}

void __attribute__((format(printf, 4, 5)))
warn_line(struct parser *p, unsigned int file, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(p, false, file, line, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------ */
/* Token walking                                                       */

/* A directory's files are parsed one at a time: p->end is the end of the current one. */
bool at_end(const struct parser *p)
{
	return p->pos >= p->end;
}

bool is_brace(const struct parser *p, size_t i, char c)
{
	return i < p->end && !p->toks[i].quoted &&
	       p->toks[i].text[0] == c && !p->toks[i].text[1];
}

bool same_line(const struct parser *p, size_t a, size_t b)
{
	return p->toks[a].file == p->toks[b].file &&
	       p->toks[a].line == p->toks[b].line;
}

const char *tok_text(const struct parser *p, size_t i)
{
	return p->toks[i].text;
}

unsigned int tok_scope(const struct parser *p, size_t tok)
{
	return p->file_scope ? p->file_scope[p->toks[tok].file] : 0;
}

/* The values of a statement are the other words on its line. */
void read_stmt(struct parser *p, struct stmt *s)
{
	size_t i;

	s->kw = p->pos;
	s->argc = 0;
	for (i = s->kw + 1; i < p->end && same_line(p, i, s->kw) &&
	     !is_brace(p, i, '{') && !is_brace(p, i, '}'); i++)
		s->argc++;
	p->pos = i;
	s->block = is_brace(p, p->pos, '{');
	s->open = p->pos;
	if (s->block)
		p->pos++;
}

const char *arg(const struct parser *p, const struct stmt *s, size_t n)
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
bool block_more(struct parser *p, const struct stmt *s)
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

/*
 * Skip a block we do not interpret (its '{' already consumed), nesting
 * included: with a stack of the open blocks, not recursion, so that no
 * nesting depth can exhaust ours.
 */
void skip_block(struct parser *p, const struct stmt *s)
{
	struct stmt *open = NULL, inner;
	size_t n = 0, cap = 0;
	const struct stmt *top = s;

	for (;;) {
		/* Lost '}'s: one report, for the block that was skipped, not one per level. */
		if (n && (at_end(p) || is_section_start(p, p->pos))) {
			n = 0;
			top = s;
		}
		if (!block_more(p, top)) {
			if (!n)
				break;
			top = --n ? &open[n - 1] : s;
			continue;
		}
		if (is_brace(p, p->pos, '{')) {
			inner.kw = p->pos;
			inner.open = p->pos;
			inner.block = true;
			inner.argc = 0;
			p->pos++;
		} else {
			read_stmt(p, &inner);
			if (!inner.block)
				continue;
		}
		if (n == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			struct stmt *v = realloc(open, ncap * sizeof(*v));

			if (!v) {
				/* Out of memory: give up on this block's structure, not the process. */
				while (!at_end(p))
					p->pos++;
				break;
			}
			open = v;
			cap = ncap;
		}
		open[n++] = inner;
		top = &open[n - 1];
	}
	free(open);
}

/* A missing '{' is reported once and assumed, so the block still parses. */
bool need_block(struct parser *p, struct stmt *s)
{
	if (s->block)
		return true;
	error_at(p, s->kw, "'%s' needs a '{' block", tok_text(p, s->kw));
	s->block = true;
	s->open = s->kw;
	return true;
}

void no_block(struct parser *p, const struct stmt *s)
{
	if (!s->block)
		return;
	error_at(p, s->open, "'%s' does not take a '{' block", tok_text(p, s->kw));
	skip_block(p, s);
}

bool in_list(const char *word, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(word, *list))
			return true;
	return false;
}

void ignore_unimplemented(struct parser *p, const struct stmt *s)
{
	warn_at(p, s->kw, "'%s' is not implemented yet; ignored", tok_text(p, s->kw));
	if (s->block)
		skip_block(p, s);
}

void reject_unknown(struct parser *p, const struct stmt *s, const char *where)
{
	error_at(p, s->kw, "unknown keyword '%s'%s", tok_text(p, s->kw), where);
	if (s->block)
		skip_block(p, s);
}

/* ------------------------------------------------------------------ */
/* Values                                                              */

/* Exactly one value; otherwise say what was expected. */
bool one_value(struct parser *p, const struct stmt *s, const char *expect)
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

bool no_value(struct parser *p, const struct stmt *s)
{
	if (s->argc == 0)
		return true;
	error_at(p, s->kw + 1, "'%s' takes no value; unexpected '%s'",
		 tok_text(p, s->kw), arg(p, s, 0));
	return false;
}

bool parse_u32(const char *text, uint32_t *out)
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
bool uint_value(struct parser *p, const struct stmt *s, uint32_t min,
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
bool parse_seconds_us(const char *text, uint64_t *us)
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

bool seconds_value(struct parser *p, const struct stmt *s,
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

bool string_value(struct parser *p, const struct stmt *s, char *dst,
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

/*
 * net_namespace NAME: a name `ip netns` could have made, /run/netns/NAME
 * (iproute2's rule: not empty, no '/', not '.' or '..', at most NAME_MAX).
 */
bool netns_name_ok(const char *name)
{
	return name[0] && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..") &&
	       strlen(name) <= NAME_MAX;
}

bool netns_value(struct parser *p, const struct stmt *s, char *dst, size_t size)
{
	const char *name;

	if (!one_value(p, s, "a network namespace name"))
		return false;
	name = arg(p, s, 0);
	if (!name[0] || strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..")) {
		error_at(p, s->kw + 1, "net_namespace '%s' is not a namespace name (as ip netns "
			 "names them: no '/', not '.' or '..')", name);
		return false;
	}
	return string_value(p, s, dst, size, "a network namespace name");
}

bool parse_name_or_u8(const char *text, const struct named_u8 *names, size_t n,
		      uint8_t *value)
{
	uint32_t v;

	for (size_t i = 0; i < n; i++) {
		if (!strcmp(text, names[i].name)) {
			*value = names[i].value;
			return true;
		}
	}
	if (!parse_u32(text, &v) || v > 255)
		return false;
	*value = v;
	return true;
}

bool parse_scope(const char *text, uint8_t *scope)
{
	static const struct named_u8 names[] = {
		{ "global", RT_SCOPE_UNIVERSE }, { "site", RT_SCOPE_SITE },
		{ "link", RT_SCOPE_LINK }, { "host", RT_SCOPE_HOST },
		{ "nowhere", RT_SCOPE_NOWHERE },
	};

	return parse_name_or_u8(text, names, sizeof(names) / sizeof(names[0]), scope);
}

uint32_t prefix_mask(uint8_t prefixlen)
{
	return prefixlen ? htonl(~0U << (32 - prefixlen)) : 0;
}

/* "brd X": an address, or '+' / '-' for the host bits set / cleared (ip-address(8)). */
bool parse_brd(const char *text, const struct xvrrp_vip_cfg *vip,
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


/* ------------------------------------------------------------------ */
/* Parts of keepalived that xvrrp does not do at all                   */

/*
 * LVS, SMTP alerts, SNMP, DBus and BFD: accepted so that a keepalived.conf
 * runs unchanged, and noted once per keyword (a big config repeats
 * smtp_alert in every instance; one note says it all).
 */
static const char *const ignored_keywords[] = {
	/* LVS */
	"virtual_server", "virtual_server_group", "real_server",
	"lvs_sync_daemon", "lvs_sync_daemon_interface", "lvs_flush",
	"lvs_flush_on_stop", "lvs_id", "lvs_timeouts", "lvs_notify_fifo",
	"lvs_notify_fifo_script", "lvs_netlink_cmd_rcv_bufs",
	"lvs_netlink_cmd_rcv_bufs_force", "lvs_netlink_monitor_rcv_bufs",
	"lvs_netlink_monitor_rcv_bufs_force", "net_namespace_ipvs",
	"nftables_ipvs", "nftables_ipvs_priority", "nftables_ipvs_start_fwmark",
	"checker_cpu_affinity", "checker_log_all_failures", "checker_no_swap",
	"checker_priority", "checker_process_name", "checker_rlimit_rttime",
	"checker_rt_priority", "no_checker_emails", "rs_init_notifies",
	/* SMTP */
	"notification_email", "notification_email_from", "smtp_server",
	"smtp_helo_name", "smtp_connect_timeout", "smtp_alert",
	"smtp_alert_vrrp", "smtp_alert_checker", "no_email_faults",
	/* SNMP */
	"snmp_socket", "enable_snmp_vrrp", "enable_snmp_checker",
	"enable_snmp_rfc", "enable_snmp_rfcv2", "enable_snmp_rfcv3",
	"enable_snmp_keepalived", "enable_traps",
	/* DBus */
	"enable_dbus", "enable_dbus_create_instance", "dbus_service_name",
	/* BFD */
	"bfd_instance", "track_bfd", "bfd_cpu_affinity", "bfd_no_swap",
	"bfd_priority", "bfd_process_name", "bfd_rlimit_rttime",
	"bfd_rt_priority",
	NULL
};

bool is_ignored_keyword(const char *kw)
{
	return in_list(kw, ignored_keywords);
}

/* "ignored: KEYWORD at file:line", the first time KEYWORD is met. */
int note_ignored(struct parser *p, const struct stmt *s)
{
	const char *kw = tok_text(p, s->kw);
	const struct token *t = &p->toks[s->kw];
	char **seen;
	size_t i;

	if (s->block)
		skip_block(p, s);
	for (i = 0; i < p->n_ignored_seen; i++)
		if (!strcmp(p->ignored_seen[i], kw))
			return 0;
	seen = realloc(p->ignored_seen, (p->n_ignored_seen + 1) * sizeof(*seen));
	if (!seen)
		return -1;
	p->ignored_seen = seen;
	seen[p->n_ignored_seen] = strdup(kw);
	if (!seen[p->n_ignored_seen])
		return -1;
	p->n_ignored_seen++;
	fprintf(p->err, "ignored: %s at %s:%d\n", kw, p->cfg->files[t->file], t->line);
	return 0;
}

/* ------------------------------------------------------------------ */
/* More values                                                         */

bool parse_int(const char *text, long min, long max, long *out)
{
	const char *digits = text[0] == '-' || text[0] == '+' ? text + 1 : text;
	long v;
	char *end;

	if (!isdigit((unsigned char)digits[0]))
		return false;
	errno = 0;
	v = strtol(text, &end, 10);
	if (*end || errno || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* keepalived's <BOOL>: on|off|true|false|yes|no; no value means on. */
bool bool_value(struct parser *p, const struct stmt *s, bool *out)
{
	static const char *const yes[] = { "on", "true", "yes", NULL };
	static const char *const no[] = { "off", "false", "no", NULL };

	if (s->argc == 0) {
		*out = true;
		return true;
	}
	if (!one_value(p, s, "on|off|true|false|yes|no"))
		return false;
	if (in_list(arg(p, s, 0), yes)) {
		*out = true;
	} else if (in_list(arg(p, s, 0), no)) {
		*out = false;
	} else {
		error_at(p, s->kw + 1, "%s '%s' is not a boolean (on|off|true|false|yes|no)",
			 tok_text(p, s->kw), arg(p, s, 0));
		return false;
	}
	return true;
}

/* An IPv4 address in token `tok`; IPv6 is recognised and refused for now. */
/* A unicast IPv6 address a VRRP instance can use (as VIP, source or peer). */
bool ipv6_unicast(const struct in6_addr *a)
{
	return !IN6_IS_ADDR_UNSPECIFIED(a) && !IN6_IS_ADDR_LOOPBACK(a) &&
	       !IN6_IS_ADDR_MULTICAST(a) && !IN6_IS_ADDR_V4MAPPED(a);
}

/*
 * An IPv4 address into *v4 or a unicast IPv6 one into *v6: AF_INET or
 * AF_INET6, 0 after an error.
 */
int addr_value(struct parser *p, size_t tok, const char *what, struct in_addr *v4,
	       struct in6_addr *v6)
{
	const char *text = tok_text(p, tok);

	if (inet_pton(AF_INET, text, v4) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, text, v6) != 1) {
		error_at(p, tok, "bad address '%s' in %s", text, what);
		return 0;
	}
	if (!ipv6_unicast(v6)) {
		error_at(p, tok, "'%s' is not a unicast address", text);
		return 0;
	}
	return AF_INET6;
}

/*
 * Values from..to-1 of a statement as one command line. keepalived splits a
 * command on unquoted spaces; a word that held spaces inside quotes is
 * single-quoted again so that it stays one argument.
 */
char *join_args(const struct parser *p, const struct stmt *s, size_t from, size_t to)
{
	size_t i, len = 1;
	char *out, *o;

	for (i = from; i < to; i++)
		len += strlen(arg(p, s, i)) + 3;
	out = malloc(len);
	if (!out)
		return NULL;
	o = out;
	for (i = from; i < to; i++) {
		const char *a = arg(p, s, i);
		bool quote = to - from > 1 && strpbrk(a, " \t") && !strchr(a, '\'');

		if (i > from)
			*o++ = ' ';
		if (quote)
			*o++ = '\'';
		strcpy(o, a);
		o += strlen(a);
		if (quote)
			*o++ = '\'';
	}
	*o = '\0';
	return out;
}
