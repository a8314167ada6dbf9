// SPDX-License-Identifier: GPL-2.0-only
/*
 * keepalived.conf reader: addresses, routes and rules: virtual_ipaddress,
 * virtual_ipaddress_excluded, virtual_routes, virtual_rules and their
 * static_ipaddress / static_routes / static_rules twins (keepalived.conf(5),
 * "Static routes/addresses/rules": the syntax of ip-address(8), ip-route(8)
 * and ip-rule(8)).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include "config_priv.h"
#include "xvrrp_wire.h"

/* ------------------------------------------------------------------ */
/* virtual_ipaddress                                                   */

static const char *const vip_options_unimplemented_arg[] = {
	"peer", "preferred_lft", "track_group", NULL
};

static const char *const vip_options_unimplemented_flag[] = {
	"home", "-nodad", "nodad", "mngtmpaddr", "noprefixroute", "autojoin",
	"use_vmac", NULL
};

/*
 * An IPv6 VIP: in virtual_ipaddress it makes (or must match) an IPv6
 * instance; virtual_ipaddress_excluded and static_ipaddress take either
 * family (keepalived: an IPv4 instance may carry IPv6 addresses there).
 */
static bool vip_addr6(struct parser *p, size_t tok, const char *slash, struct xvrrp_vip_cfg *vip)
{
	const char *text = tok_text(p, tok);
	uint32_t plen;

	vip->family = AF_INET6;
	vip->prefixlen = 128;
	if (slash) {
		if (!parse_u32(slash + 1, &plen) || plen > 128) {
			error_at(p, tok, "bad prefix length in '%s' (0-128)", text);
			return false;
		}
		vip->prefixlen = plen;
	}
	if (!ipv6_unicast(&vip->addr.v6)) {
		error_at(p, tok, "'%s' is not a unicast address", text);
		return false;
	}
	return true;
}

static bool vip_addr(struct parser *p, size_t tok, const char *where, struct xvrrp_vip_cfg *vip)
{
	const char *text = tok_text(p, tok);
	const char *slash = strchr(text, '/');
	char addr[INET6_ADDRSTRLEN + 1];
	size_t len = slash ? (size_t)(slash - text) : strlen(text);
	uint32_t plen, host;

	if (len >= sizeof(addr))
		goto bad;
	memcpy(addr, text, len);
	addr[len] = '\0';
	if (strchr(addr, ':') && inet_pton(AF_INET6, addr, &vip->addr.v6) == 1)
		return vip_addr6(p, tok, slash, vip);
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
	error_at(p, tok, "bad address '%s' in %s", text, where);
	return false;
}

static bool vip_option_known(const char *opt)
{
	return !strcmp(opt, "dev") || !strcmp(opt, "label") ||
	       !strcmp(opt, "scope") || !strcmp(opt, "brd") ||
	       in_list(opt, vip_options_unimplemented_arg);
}

/* One "OPTION VALUE" pair; the value is known to be there. */
static bool vip_option_value(struct parser *p, size_t tok, const char *where,
			     struct xvrrp_vip_cfg *vip)
{
	const char *opt = tok_text(p, tok);
	const char *value = tok_text(p, tok + 1);
	char *dst;

	if (in_list(opt, vip_options_unimplemented_arg)) {
		warn_at(p, tok, "%s option '%s' is not implemented yet; ignored", where, opt);
	} else if (vip->family == AF_INET6 && (!strcmp(opt, "label") || !strcmp(opt, "brd"))) {
		error_at(p, tok, "'%s' is for IPv4 addresses only", opt);
		return false;
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
static bool vip_options(struct parser *p, const struct stmt *s, const char *where,
			struct xvrrp_vip_cfg *vip)
{
	size_t i, end = s->kw + 1 + s->argc;
	bool ok = true;

	for (i = s->kw + 1; i < end; i++) {
		const char *opt = tok_text(p, i);

		if (!strcmp(opt, "no_track")) {
			vip->no_track = true;
		} else if (in_list(opt, vip_options_unimplemented_flag)) {
			warn_at(p, i, "%s option '%s' is not implemented yet; ignored", where, opt);
		} else if (!vip_option_known(opt)) {
			error_at(p, i, "unknown %s option '%s'", where, opt);
			return false;
		} else if (i + 1 == end) {
			error_at(p, i, "%s option '%s' needs a value", where, opt);
			return false;
		} else {
			ok = vip_option_value(p, i, where, vip) && ok;
			i++;
		}
	}
	return ok;
}

static bool vip_is_duplicate(const struct xvrrp_vip_cfg *list, size_t n,
			     const struct xvrrp_vip_cfg *vip)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i].family == vip->family &&
		    (vip->family == AF_INET6
		     ? !memcmp(&list[i].addr.v6, &vip->addr.v6, sizeof(vip->addr.v6))
		     : list[i].addr.v4.s_addr == vip->addr.v4.s_addr))
			return true;
	return false;
}

static int add_vip(struct parser *p, const struct stmt *s, const char *where,
		   enum vip_list_kind kind, struct xvrrp_vip_cfg **list, size_t *n)
{
	struct xvrrp_vip_cfg vip = { .line = p->toks[s->kw].line };
	struct xvrrp_vip_cfg *vips;

	if (!vip_addr(p, s->kw, where, &vip) || !vip_options(p, s, where, &vip))
		return 0;
	if (kind == VIPS_ADVERTISED && !instance_family(p, s->kw, vip.family, where))
		return 0;
	if (vip_is_duplicate(*list, *n, &vip)) {
		warn_at(p, s->kw, "duplicate %s %s; ignored", where, tok_text(p, s->kw));
		return 0;
	}
	if (kind == VIPS_ADVERTISED && *n == VIPS_PER_INSTANCE_MAX) {
		error_at(p, s->kw, "more than %d virtual_ipaddress entries in one instance",
			 VIPS_PER_INSTANCE_MAX);
		return 0;
	}
	/* keepalived moves what does not fit an advert to the excluded list, with an error message. */
	if (kind == VIPS_ADVERTISED && vip.family == AF_INET6 && *n == XVRRP_ADVERT_MAX_ADDRS6) {
		error_at(p, s->kw, "more than %d IPv6 virtual_ipaddress entries in one instance "
			 "(an advert has room for %d): put the rest in virtual_ipaddress_excluded",
			 XVRRP_ADVERT_MAX_ADDRS6, XVRRP_ADVERT_MAX_ADDRS6);
		return 0;
	}
	/* keepalived would use default_interface (eth0): say which device instead. */
	if (kind == VIPS_STATIC && !vip.dev[0]) {
		error_at(p, s->kw, "static_ipaddress %s needs 'dev'", tok_text(p, s->kw));
		return 0;
	}
	vips = realloc(*list, (*n + 1) * sizeof(*vips));
	if (!vips)
		return -1;
	*list = vips;
	vips[(*n)++] = vip;
	return 0;
}

int parse_vip_block(struct parser *p, struct stmt *s, enum vip_list_kind kind,
		    struct xvrrp_vip_cfg **list, size_t *n)
{
	const char *where = tok_text(p, s->kw);
	struct stmt sub;

	no_value(p, s);
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		if (add_vip(p, &sub, where, kind, list, n))
			return -1;
		no_block(p, &sub);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Shared by routes and rules                                          */

/* "A.B.C.D[/LEN]", "default" or "all" (any address, length 0). */
static bool parse_prefix(const char *text, struct in_addr *addr, uint8_t *len)
{
	const char *slash = strchr(text, '/');
	char buf[INET_ADDRSTRLEN];
	size_t alen = slash ? (size_t)(slash - text) : strlen(text);
	uint32_t plen = 32;

	if (!strcmp(text, "default") || !strcmp(text, "all")) {
		addr->s_addr = 0;
		*len = 0;
		return true;
	}
	if (alen >= sizeof(buf))
		return false;
	memcpy(buf, text, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET, buf, addr) != 1)
		return false;
	if (slash && (!parse_u32(slash + 1, &plen) || plen > 32))
		return false;
	*len = plen;
	return true;
}

static bool looks_ipv6(const char *text)
{
	return strchr(text, ':') != NULL;
}

/*
 * Names of routing tables: iproute2's built-in ones, then its rt_tables
 * file (where iproute2 keeps it: /etc first, the packaged default after).
 */
static bool table_from_file(const char *path, const char *name, uint32_t *id)
{
	char line[256], word[128];
	unsigned int num;
	bool found = false;
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%u %127s", &num, word) == 2 && word[0] != '#' &&
		    !strcmp(word, name)) {
			*id = num;
			found = true;
		}
	fclose(f);
	return found;
}

static bool parse_table(const char *text, uint32_t *id)
{
	static const struct { const char *name; uint32_t id; } builtin[] = {
		{ "unspec", RT_TABLE_UNSPEC }, { "default", RT_TABLE_DEFAULT },
		{ "main", RT_TABLE_MAIN }, { "local", RT_TABLE_LOCAL },
	};
	size_t i;

	if (parse_u32(text, id))
		return true;
	for (i = 0; i < sizeof(builtin) / sizeof(builtin[0]); i++) {
		if (!strcmp(text, builtin[i].name)) {
			*id = builtin[i].id;
			return true;
		}
	}
	return table_from_file("/etc/iproute2/rt_tables", text, id) ||
	       table_from_file("/usr/share/iproute2/rt_tables", text, id);
}

/* Route protocols by number or by iproute2's name (rt_protos). */
static bool parse_protocol(const char *text, int *proto)
{
	static const struct named_u8 names[] = {
		{ "unspec", 0 }, { "redirect", 1 }, { "kernel", 2 }, { "boot", 3 },
		{ "static", 4 }, { "gated", 8 }, { "ra", 9 }, { "mrt", 10 },
		{ "zebra", 11 }, { "bird", 12 }, { "dnrouted", 13 }, { "xorp", 14 },
		{ "ntk", 15 }, { "dhcp", 16 }, { "keepalived", 18 }, { "babel", 42 },
		{ "bgp", 186 }, { "isis", 187 }, { "ospf", 188 }, { "rip", 189 },
		{ "eigrp", 192 },
	};
	uint8_t v;

	if (!parse_name_or_u8(text, names, sizeof(names) / sizeof(names[0]), &v))
		return false;
	*proto = v;
	return true;
}

static bool ifname_ok(struct parser *p, size_t tok, const char *opt)
{
	if (strlen(tok_text(p, tok)) < IF_NAMESIZE)
		return true;
	error_at(p, tok, "%s '%s' is too long (at most %d characters)", opt,
		 tok_text(p, tok), IF_NAMESIZE - 1);
	return false;
}

/* ------------------------------------------------------------------ */
/* virtual_routes / static_routes                                      */

/* ip-route(8) options xvrrp does not install (yet): each takes one value. */
static const char *const route_unimplemented_arg[] = {
	"or", "nexthop", "tos", "dsfield", "mtu", "advmss", "rtt", "rttvar",
	"reordering", "window", "cwnd", "ssthresh", "realms", "rto_min",
	"initcwnd", "initrwnd", "features", "quickack", "congctl", "hoplimit",
	"fastopen_no_cookie", "pref", "expires", "vrf", "track_group", "weight",
	"lock", NULL
};

static const char *const route_unimplemented_flag[] = {
	"onlink", "append", "inet6", "inet", NULL
};

static const struct { const char *name; uint8_t type; } route_types[] = {
	{ "blackhole", RTN_BLACKHOLE }, { "unreachable", RTN_UNREACHABLE },
	{ "prohibit", RTN_PROHIBIT },
};

static bool route_type(const char *text, uint8_t *type)
{
	size_t i;

	for (i = 0; i < sizeof(route_types) / sizeof(route_types[0]); i++) {
		if (!strcmp(text, route_types[i].name)) {
			*type = route_types[i].type;
			return true;
		}
	}
	return false;
}

/* A route's or a rule's addresses are of one family: the first one decides it. */
static bool one_family(struct parser *p, size_t tok, int *have, int family, const char *what)
{
	if (*have && *have != family) {
		error_at(p, tok, "'%s' mixes IPv4 and IPv6 in one %s", tok_text(p, tok), what);
		return false;
	}
	*have = family;
	return true;
}

static bool route_family(struct parser *p, size_t tok, struct xvrrp_route_cfg *r, int family)
{
	return one_family(p, tok, &r->family, family, "route");
}

/* src / via: an IPv4 or an IPv6 address. */
static bool route_addr(struct parser *p, size_t tok, const char *where,
		       struct xvrrp_route_cfg *r, struct in_addr *v4, struct in6_addr *v6)
{
	const char *text = tok_text(p, tok);

	if (inet_pton(AF_INET, text, v4) == 1)
		return route_family(p, tok, r, AF_INET);
	if (inet_pton(AF_INET6, text, v6) == 1)
		return route_family(p, tok, r, AF_INET6);
	error_at(p, tok, "bad address '%s' in %s", text, where);
	return false;
}

/* "ADDR6[/LEN]" into *addr / *len (default length 128). */
static bool parse_prefix6(const char *text, struct in6_addr *addr, uint8_t *len)
{
	const char *slash = strchr(text, '/');
	char buf[INET6_ADDRSTRLEN];
	size_t alen = slash ? (size_t)(slash - text) : strlen(text);
	uint32_t plen = 128;

	if (alen >= sizeof(buf))
		return false;
	memcpy(buf, text, alen);
	buf[alen] = '\0';
	if (inet_pton(AF_INET6, buf, addr) != 1)
		return false;
	if (slash && (!parse_u32(slash + 1, &plen) || plen > 128))
		return false;
	*len = plen;
	return true;
}

static bool host_bits6(const struct in6_addr *a, unsigned int len)
{
	for (unsigned int bit = len; bit < 128; bit++)
		if (a->s6_addr[bit / 8] & (0x80 >> (bit % 8)))
			return true;
	return false;
}

/* "OPTION VALUE" at token i (the value is there); false after an error. */
static bool route_option(struct parser *p, size_t i, const char *where,
			 struct xvrrp_route_cfg *r)
{
	const char *opt = tok_text(p, i), *value = tok_text(p, i + 1);
	uint32_t v;
	uint8_t scope;

	if (!strcmp(opt, "src")) {
		return route_addr(p, i + 1, where, r, &r->src, &r->src6);
	} else if (!strcmp(opt, "via") || !strcmp(opt, "gw")) {
		return route_addr(p, i + 1, where, r, &r->via, &r->via6);
	} else if (!strcmp(opt, "dev") || !strcmp(opt, "oif")) {
		if (!ifname_ok(p, i + 1, opt))
			return false;
		strcpy(r->dev, value);
	} else if (!strcmp(opt, "scope")) {
		if (!parse_scope(value, &scope)) {
			error_at(p, i + 1, "bad scope '%s' (global, site, link, host, nowhere or 0-255)",
				 value);
			return false;
		}
		r->scope = scope;
	} else if (!strcmp(opt, "table")) {
		if (!parse_table(value, &r->table)) {
			error_at(p, i + 1, "unknown routing table '%s'", value);
			return false;
		}
	} else if (!strcmp(opt, "metric") || !strcmp(opt, "priority") ||
		   !strcmp(opt, "preference")) {
		if (!parse_u32(value, &v)) {
			error_at(p, i + 1, "%s '%s' is not a whole number (0-4294967295)",
				 opt, value);
			return false;
		}
		r->metric = v;
	} else if (!strcmp(opt, "protocol") || !strcmp(opt, "proto")) {
		if (!parse_protocol(value, &r->protocol)) {
			error_at(p, i + 1, "unknown route protocol '%s'", value);
			return false;
		}
	} else {
		warn_at(p, i, "%s option '%s' is not implemented yet; ignored", where, opt);
	}
	return true;
}

static bool route_takes_value(const char *opt)
{
	static const char *const with_value[] = {
		"src", "via", "gw", "dev", "oif", "scope", "table", "metric",
		"priority", "preference", "protocol", "proto", NULL
	};

	return in_list(opt, with_value) || in_list(opt, route_unimplemented_arg);
}

/* The destination: "[to] PREFIX" or "default", with the host bits clear. */
static bool route_dst(struct parser *p, size_t tok, const char *where,
		      struct xvrrp_route_cfg *r)
{
	const char *text = tok_text(p, tok);

	if (looks_ipv6(text)) {
		if (!parse_prefix6(text, &r->dst6, &r->dst_len)) {
			error_at(p, tok, "bad destination '%s' in %s", text, where);
			return false;
		}
		if (host_bits6(&r->dst6, r->dst_len)) {
			error_at(p, tok, "destination %s has host bits set", text);
			return false;
		}
		return route_family(p, tok, r, AF_INET6);
	}
	/* "default" fits either family: the gateway or source says which. */
	if (strcmp(text, "default") && !route_family(p, tok, r, AF_INET))
		return false;
	if (!parse_prefix(text, &r->dst, &r->dst_len) || !strcmp(text, "all")) {
		error_at(p, tok, "bad destination '%s' in %s", text, where);
		return false;
	}
	/* The kernel refuses a prefix with host bits set; say so here, with the line. */
	if (r->dst.s_addr & ~prefix_mask(r->dst_len)) {
		error_at(p, tok, "destination %s has host bits set", text);
		return false;
	}
	return true;
}

static bool parse_route(struct parser *p, const struct stmt *s, const char *where,
			struct xvrrp_route_cfg *r)
{
	size_t i, end = s->kw + 1 + s->argc;
	bool have_dst = false, ok = true;

	r->line = p->toks[s->kw].line;
	r->scope = -1;
	r->metric = -1;
	r->protocol = -1;
	r->type = RTN_UNICAST;
	for (i = s->kw; i < end && ok; i++) {
		const char *word = tok_text(p, i);

		if (i == s->kw && route_type(word, &r->type))
			continue;
		if (!strcmp(word, "no_track")) {
			r->no_track = true;
		} else if (in_list(word, route_unimplemented_flag)) {
			warn_at(p, i, "%s option '%s' is not implemented yet; ignored", where, word);
		} else if (route_takes_value(word)) {
			if (i + 1 == end) {
				error_at(p, i, "%s option '%s' needs a value", where, word);
				return false;
			}
			ok = route_option(p, i, where, r);
			i++;
		} else if (!have_dst) {
			if (!strcmp(word, "to")) {
				if (i + 1 == end) {
					error_at(p, i, "%s option 'to' needs a value", where);
					return false;
				}
				i++;
			}
			ok = route_dst(p, i, where, r);
			have_dst = true;
		} else {
			error_at(p, i, "unknown %s option '%s'", where, word);
			return false;
		}
	}
	if (ok && !have_dst) {
		error_at(p, s->kw, "%s entry has no destination", where);
		return false;
	}
	if (!r->family)
		r->family = AF_INET;
	return ok;
}

int parse_route_block(struct parser *p, struct stmt *s, bool is_static,
		      struct xvrrp_route_cfg **list, size_t *n)
{
	const char *where = tok_text(p, s->kw);
	struct xvrrp_route_cfg r, *routes;
	struct stmt sub;

	no_value(p, s);
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		memset(&r, 0, sizeof(r));
		if (parse_route(p, &sub, where, &r)) {
			/*
			 * A static route is installed whatever the state, with no
			 * instance interface to fall back on: without a device or a
			 * gateway the kernel cannot place it.
			 */
			if (is_static && r.type == RTN_UNICAST && !r.dev[0] &&
			    !xvrrp_route_has_via(&r)) {
				error_at(p, sub.kw, "static route %s needs 'dev' or 'via'",
					 tok_text(p, sub.kw));
			} else if (is_static && r.type == RTN_UNICAST && !r.dev[0] &&
				   xvrrp_route_via_link_local(&r)) {
				/* The kernel cannot tell which link a link-local gateway is on. */
				error_at(p, sub.kw, "static route %s: a link-local gateway needs 'dev'",
					 tok_text(p, sub.kw));
			} else {
				routes = realloc(*list, (*n + 1) * sizeof(*routes));
				if (!routes)
					return -1;
				*list = routes;
				routes[(*n)++] = r;
			}
		}
		no_block(p, &sub);
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* virtual_rules / static_rules                                        */

static const char *const rule_unimplemented_arg[] = {
	"tos", "dsfield", "fwmark", "realms", "goto", "suppress_prefixlength",
	"suppress_ifgroup", "uidrange", "sport", "dport", "ip_proto",
	"protocol", "track_group", "nat", "type", NULL
};

static const char *const rule_unimplemented_flag[] = {
	"l3mdev", "not", NULL
};

/*
 * "from" / "to": an IPv4 or IPv6 prefix, or "all" (either family). keepalived
 * skips a rule whose address it cannot parse and runs on with a message (its
 * own sample keepalived.conf.vrrp.rules has "192.168.100./24"); xvrrp does
 * the same, as a warning with the line.
 */
static bool rule_prefix(struct parser *p, size_t tok, const char *where, struct xvrrp_rule_cfg *r,
			bool to, bool *skip)
{
	const char *text = tok_text(p, tok);
	bool v6 = looks_ipv6(text);
	bool ok;

	if (v6)
		ok = parse_prefix6(text, to ? &r->to6 : &r->from6, to ? &r->to_len : &r->from_len);
	else
		ok = parse_prefix(text, to ? &r->to : &r->from, to ? &r->to_len : &r->from_len) &&
		     strcmp(text, "default");
	if (!ok) {
		warn_at(p, tok, "bad address '%s' in %s; rule skipped, as keepalived does",
			text, where);
		*skip = true;
		return true;
	}
	if (!v6 && !strcmp(text, "all"))
		return true;
	return one_family(p, tok, &r->family, v6 ? AF_INET6 : AF_INET, "rule");
}

static bool rule_option(struct parser *p, size_t i, const char *where,
			struct xvrrp_rule_cfg *r, bool *skip)
{
	const char *opt = tok_text(p, i), *value = tok_text(p, i + 1);
	uint32_t v;

	if (!strcmp(opt, "from") || !strcmp(opt, "to")) {
		return rule_prefix(p, i + 1, where, r, opt[0] == 't', skip);
	} else if (!strcmp(opt, "table") || !strcmp(opt, "lookup")) {
		if (!parse_table(value, &r->table)) {
			error_at(p, i + 1, "unknown routing table '%s'", value);
			return false;
		}
	} else if (!strcmp(opt, "priority") || !strcmp(opt, "preference") ||
		   !strcmp(opt, "pref")) {
		if (!parse_u32(value, &v)) {
			error_at(p, i + 1, "%s '%s' is not a whole number (0-4294967295)",
				 opt, value);
			return false;
		}
		r->priority = v;
	} else if (!strcmp(opt, "iif") || !strcmp(opt, "dev") || !strcmp(opt, "oif")) {
		if (!ifname_ok(p, i + 1, opt))
			return false;
		strcpy(opt[0] == 'o' ? r->oif : r->iif, value);
	} else {
		warn_at(p, i, "%s option '%s' is not implemented yet; ignored", where, opt);
	}
	return true;
}

static bool rule_takes_value(const char *opt)
{
	static const char *const with_value[] = {
		"from", "to", "table", "lookup", "priority", "preference", "pref",
		"iif", "dev", "oif", NULL
	};

	return in_list(opt, with_value) || in_list(opt, rule_unimplemented_arg);
}

static bool parse_rule(struct parser *p, const struct stmt *s, const char *where,
		       struct xvrrp_rule_cfg *r, bool *skip)
{
	size_t i, end = s->kw + 1 + s->argc;
	bool ok = true, have_table = false;

	r->line = p->toks[s->kw].line;
	r->priority = -1;
	for (i = s->kw; i < end && ok; i++) {
		const char *word = tok_text(p, i);

		if (!strcmp(word, "no_track")) {
			r->no_track = true;
		} else if (!strcmp(word, "inet") || !strcmp(word, "inet6")) {
			/* keepalived: the family of a rule with no address to say it. */
			ok = one_family(p, i, &r->family, word[4] ? AF_INET6 : AF_INET, "rule");
		} else if (in_list(word, rule_unimplemented_flag)) {
			warn_at(p, i, "%s option '%s' is not implemented yet; ignored", where, word);
		} else if (rule_takes_value(word)) {
			if (i + 1 == end) {
				error_at(p, i, "%s option '%s' needs a value", where, word);
				return false;
			}
			have_table |= !strcmp(word, "table") || !strcmp(word, "lookup");
			ok = rule_option(p, i, where, r, skip);
			i++;
		} else {
			error_at(p, i, "unknown %s option '%s'", where, word);
			return false;
		}
	}
	/* xvrrp's rules only look up a table; goto / nat / l3mdev are not done. */
	if (ok && !have_table && !*skip) {
		error_at(p, s->kw, "%s entry needs a 'table'", where);
		return false;
	}
	if (!r->family)
		r->family = AF_INET;
	return ok;
}

int parse_rule_block(struct parser *p, struct stmt *s, bool is_static,
		     struct xvrrp_rule_cfg **list, size_t *n)
{
	const char *where = tok_text(p, s->kw);
	struct xvrrp_rule_cfg r, *rules;
	struct stmt sub;
	bool skip;

	(void)is_static;
	no_value(p, s);
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		memset(&r, 0, sizeof(r));
		skip = false;
		if (parse_rule(p, &sub, where, &r, &skip) && !skip) {
			rules = realloc(*list, (*n + 1) * sizeof(*rules));
			if (!rules)
				return -1;
			*list = rules;
			rules[(*n)++] = r;
		}
		no_block(p, &sub);
	}
	return 0;
}
