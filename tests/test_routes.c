// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtual_routes / virtual_rules through libnl (user/routes.c), against a
 * real kernel: each test runs in a child that unshares a fresh network
 * namespace (gone when the child exits), builds a veth pair, applies the
 * config structs and compares `ip -j route show table all` / `ip -j rule`
 * with the row's expectation. The child reports by exit status; cmocka's
 * assertions stay in the parent. Needs root; skipped otherwise.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "netns.h"

#include "log.h"
#include "netlink.h"
#include "routes.h"

/* Test network, inside the child's namespace only. */
#define IF_A		"xr0"
#define IF_B		"xr1"
#define ADDR_A		"192.0.2.1"
#define GATEWAY		"192.0.2.254"
#define ADDR6_A		"2001:db8::1"
#define GATEWAY6	"2001:db8::fe"
#define GATEWAY6_LL	"fe80::1"
#define SETUP_CMDS							\
	"ip link set lo up && "						\
	"ip link add " IF_A " type veth peer name " IF_B " && "	\
	"ip link set " IF_A " up && ip link set " IF_B " up && "	\
	"ip addr add " ADDR_A "/24 dev " IF_A " && "			\
	"ip -6 addr add " ADDR6_A "/64 dev " IF_A " nodad"

/* Run fn(arg) in a child in a fresh network namespace with the test network. */
static int in_netns(int (*fn)(const void *), const void *arg)
{
	return netns_run(SETUP_CMDS, fn, arg);
}

static json_object *run_json(const char *cmd)
{
	char buf[65536];
	size_t len = 0, n;
	FILE *p = popen(cmd, "r");

	if (!p)
		return NULL;
	while (len < sizeof(buf) - 1 && (n = fread(buf + len, 1, sizeof(buf) - 1 - len, p)) > 0)
		len += n;
	pclose(p);
	buf[len] = '\0';
	return json_tokener_parse(buf);
}

/* A JSON string field, or NULL when absent. */
static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

static int64_t jint(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

/* `ip` leaves out fields at their default; NULL here means that default. */
static bool field_is(const char *have, const char *want, const char *dflt)
{
	if (!have)
		have = dflt;
	if (!want)
		want = dflt;
	if (!have || !want)
		return have == want;
	return !strcmp(have, want);
}

/* One route as `ip -j route show table all` prints it. */
struct want_route {
	const char *dst;        /* "198.51.100.0/24", "default" */
	const char *type;       /* NULL: unicast */
	const char *gateway;    /* NULL: none */
	const char *dev;        /* NULL: none */
	const char *prefsrc;    /* NULL: none */
	const char *table;      /* NULL: main */
	const char *protocol;   /* NULL: boot */
	const char *scope;      /* NULL: global */
	int metric;             /* 0: none (IPv6: the kernel's 1024 must be given) */
	bool v6;                /* look in the IPv6 table */
};

static bool route_is(json_object *r, const struct want_route *w)
{
	return field_is(jstr(r, "dst"), w->dst, NULL) &&
	       field_is(jstr(r, "type"), w->type, "unicast") &&
	       field_is(jstr(r, "gateway"), w->gateway, NULL) &&
	       field_is(jstr(r, "dev"), w->dev, NULL) &&
	       field_is(jstr(r, "prefsrc"), w->prefsrc, NULL) &&
	       field_is(jstr(r, "table"), w->table, "main") &&
	       field_is(jstr(r, "protocol"), w->protocol, "boot") &&
	       field_is(jstr(r, "scope"), w->scope, "global") &&
	       jint(r, "metric") == w->metric;
}

/* How many routes are exactly w, and how many have w's destination at all. */
static void count_routes(const struct want_route *w, int *exact, int *same_dst)
{
	json_object *all = run_json(w->v6 ? "ip -6 -j route show table all"
					  : "ip -4 -j route show table all");

	*exact = *same_dst = 0;
	for (size_t i = 0; all && i < json_object_array_length(all); i++) {
		json_object *r = json_object_array_get_idx(all, i);

		if (!field_is(jstr(r, "dst"), w->dst, NULL) ||
		    !field_is(jstr(r, "table"), w->table, "main"))
			continue;
		(*same_dst)++;
		*exact += route_is(r, w);
	}
	json_object_put(all);
}

/* Log lines (stderr) of one call, captured in a memfd. */
struct capture {
	int saved_fd;
	int fd;
	char text[4096];
};

static void capture_start(struct capture *c)
{
	fflush(stderr);
	c->fd = memfd_create("log", 0);
	c->saved_fd = dup(STDERR_FILENO);
	dup2(c->fd, STDERR_FILENO);
}

static void capture_end(struct capture *c)
{
	ssize_t n;

	fflush(stderr);
	dup2(c->saved_fd, STDERR_FILENO);
	close(c->saved_fd);
	n = pread(c->fd, c->text, sizeof(c->text) - 1, 0);
	c->text[n > 0 ? n : 0] = '\0';
	close(c->fd);
}

/* Routes */

struct route_row {
	const char *name;
	/* the config, in keepalived's words */
	const char *dst;
	uint8_t dst_len;
	const char *via;
	const char *dev;
	const char *src;
	int scope;              /* RT_SCOPE_* + 1; 0: not given */
	uint32_t table;
	int64_t metric;         /* 0: not given */
	int protocol;           /* RTPROT_*; 0: not given */
	uint8_t type;           /* 0: unicast */
	const char *default_dev;
	/* what the kernel must then hold */
	struct want_route want;
};

static const struct route_row route_rows[] = {
	{ "unicast via gateway", "198.51.100.0", 24, .via = GATEWAY,
	  .want = { "198.51.100.0/24", .gateway = GATEWAY, .dev = IF_A } },
	{ "dev only: on-link, scope link", "198.51.100.0", 24, .dev = IF_A,
	  .want = { "198.51.100.0/24", .dev = IF_A, .scope = "link" } },
	{ "neither dev nor via: default_dev", "198.51.100.0", 24, .default_dev = IF_A,
	  .want = { "198.51.100.0/24", .dev = IF_A, .scope = "link" } },
	{ "via wins over default_dev", "198.51.100.0", 24, .via = GATEWAY, .default_dev = IF_B,
	  .want = { "198.51.100.0/24", .gateway = GATEWAY, .dev = IF_A } },
	{ "src", "198.51.100.0", 24, .via = GATEWAY, .src = ADDR_A,
	  .want = { "198.51.100.0/24", .gateway = GATEWAY, .dev = IF_A, .prefsrc = ADDR_A } },
	{ "metric", "198.51.100.0", 24, .via = GATEWAY, .metric = 50,
	  .want = { "198.51.100.0/24", .gateway = GATEWAY, .dev = IF_A, .metric = 50 } },
	{ "table 100", "198.51.100.0", 24, .via = GATEWAY, .table = 100,
	  .want = { "198.51.100.0/24", .gateway = GATEWAY, .dev = IF_A, .table = "100" } },
	{ "protocol static", "198.51.100.0", 24, .via = GATEWAY, .protocol = RTPROT_STATIC,
	  .want = { "198.51.100.0/24", .gateway = GATEWAY, .dev = IF_A, .protocol = "static" } },
	{ "scope link given", "198.51.100.0", 24, .dev = IF_A, .scope = RT_SCOPE_LINK + 1,
	  .want = { "198.51.100.0/24", .dev = IF_A, .scope = "link" } },
	{ "scope host given", "198.51.100.7", 32, .dev = IF_A, .scope = RT_SCOPE_HOST + 1,
	  .want = { "198.51.100.7", .dev = IF_A, .scope = "host" } },
	{ "default route", "0.0.0.0", 0, .via = GATEWAY,
	  .want = { "default", .gateway = GATEWAY, .dev = IF_A } },
	{ "host route /32", "203.0.113.9", 32, .via = GATEWAY,
	  .want = { "203.0.113.9", .gateway = GATEWAY, .dev = IF_A } },
	{ "blackhole: no nexthop even with default_dev", "203.0.113.0", 24,
	  .type = RTN_BLACKHOLE, .default_dev = IF_A,
	  .want = { "203.0.113.0/24", .type = "blackhole" } },
	{ "unreachable", "203.0.113.0", 24, .type = RTN_UNREACHABLE,
	  .want = { "203.0.113.0/24", .type = "unreachable" } },
	{ "prohibit in table 100", "203.0.113.0", 24, .type = RTN_PROHIBIT, .table = 100,
	  .want = { "203.0.113.0/24", .type = "prohibit", .table = "100" } },
	{ "Neutron style: table, metric, protocol static, dev", "0.0.0.0", 0, .via = GATEWAY,
	  .dev = IF_A, .table = 200, .metric = 7, .protocol = RTPROT_STATIC,
	  .want = { "default", .gateway = GATEWAY, .dev = IF_A, .table = "200",
		    .protocol = "static", .metric = 7 } },
	/* IPv6, as Neutron writes a dual-stack router's external gateway route. */
	{ "IPv6 default via a link-local gateway, protocol static", "::", 0, .via = GATEWAY6_LL,
	  .dev = IF_A, .protocol = RTPROT_STATIC,
	  .want = { "default", .gateway = GATEWAY6_LL, .dev = IF_A, .protocol = "static",
		    .metric = 1024, .v6 = true } },
	{ "IPv6 prefix via a global gateway, metric", "2001:db8:aaaa::", 48, .via = GATEWAY6,
	  .metric = 10,
	  .want = { "2001:db8:aaaa::/48", .gateway = GATEWAY6, .dev = IF_A, .metric = 10,
		    .v6 = true } },
	{ "IPv6 dev only, src", "2001:db8:bbbb::", 64, .dev = IF_A, .src = ADDR6_A,
	  .want = { "2001:db8:bbbb::/64", .dev = IF_A, .prefsrc = ADDR6_A, .metric = 1024,
		    .v6 = true } },
	{ "IPv6 link-local gateway without dev: default_dev", "2001:db8:dddd::", 64,
	  .via = GATEWAY6_LL, .default_dev = IF_A,
	  .want = { "2001:db8:dddd::/64", .gateway = GATEWAY6_LL, .dev = IF_A, .metric = 1024,
		    .v6 = true } },
	{ "IPv6 neither dev nor via: default_dev", "2001:db8:cccc::", 64, .default_dev = IF_A,
	  .want = { "2001:db8:cccc::/64", .dev = IF_A, .metric = 1024, .v6 = true } },
};

static struct in_addr ip4(const char *s)
{
	struct in_addr a = { 0 };

	if (s)
		inet_pton(AF_INET, s, &a);
	return a;
}

static struct in6_addr ip6(const char *s)
{
	struct in6_addr a = IN6ADDR_ANY_INIT;

	if (s)
		inet_pton(AF_INET6, s, &a);
	return a;
}

static struct xvrrp_route_cfg route_cfg(const struct route_row *row, int line)
{
	struct xvrrp_route_cfg r = {
		.line = line,
		.family = AF_INET,
		.dst = ip4(row->dst),
		.dst_len = row->dst_len,
		.src = ip4(row->src),
		.via = ip4(row->via),
		.scope = row->scope - 1,
		.table = row->table,
		.metric = row->metric ? row->metric : -1,
		.protocol = row->protocol ? row->protocol : -1,
		.type = row->type ? row->type : RTN_UNICAST,
	};

	if (row->dev)
		snprintf(r.dev, sizeof(r.dev), "%s", row->dev);
	if (strchr(row->dst, ':')) {
		r.family = AF_INET6;
		r.dst6 = ip6(row->dst);
		r.src6 = ip6(row->src);
		r.via6 = ip6(row->via);
		r.dst.s_addr = r.src.s_addr = r.via.s_addr = 0;
	}
	return r;
}

/* add, add again, delete, delete again: the kernel holds exactly the row's route, then none. */
static int route_row_child(const void *arg)
{
	const struct route_row *row = arg;
	struct xvrrp_route_cfg r = route_cfg(row, 10);
	struct xvrrp_nl *nl = xvrrp_nl_open();
	int err, exact, same;

	CHECK(nl, "xvrrp_nl_open: %s", strerror(errno));
	for (int pass = 1; pass <= 2; pass++) {
		err = xvrrp_routes_apply(nl, &r, 1, row->default_dev, true);
		CHECK(err == 0, "[%s] add #%d: %s", row->name, pass, strerror(-err));
		count_routes(&row->want, &exact, &same);
		CHECK(exact == 1 && same == 1, "[%s] after add #%d: %d exact, %d same dst",
		      row->name, pass, exact, same);
	}
	for (int pass = 1; pass <= 2; pass++) {
		err = xvrrp_routes_apply(nl, &r, 1, row->default_dev, false);
		CHECK(err == 0, "[%s] delete #%d: %s", row->name, pass, strerror(-err));
		count_routes(&row->want, &exact, &same);
		CHECK(same == 0, "[%s] after delete #%d: %d routes left", row->name, pass, same);
	}
	xvrrp_nl_close(nl);
	return 0;
}

static void test_route_rows(void **state)
{
	skip_unless_root();
	assert_int_equal(netns_run_rows(SETUP_CMDS, route_row_child, route_rows,
					 sizeof(route_rows) / sizeof(route_rows[0]), sizeof(route_rows[0]),
					 offsetof(struct route_row, name)), 0);
}

/* keepalived replaces: an existing route with the same key becomes ours. */
static int replace_child(const void *arg)
{
	static const struct route_row row = { "replace", "198.51.100.0", 24, .via = GATEWAY };
	static const struct want_route ours = { "198.51.100.0/24", .gateway = GATEWAY, .dev = IF_A };
	struct xvrrp_route_cfg r = route_cfg(&row, 3);
	struct xvrrp_nl *nl = xvrrp_nl_open();
	int err, exact, same;

	CHECK(nl, "xvrrp_nl_open");
	SH("ip route add 198.51.100.0/24 via 192.0.2.253 proto static");
	err = xvrrp_routes_apply(nl, &r, 1, NULL, true);
	CHECK(err == 0, "add: %s", strerror(-err));
	count_routes(&ours, &exact, &same);
	CHECK(exact == 1 && same == 1, "%d exact, %d with that dst", exact, same);
	xvrrp_nl_close(nl);
	return 0;
}

static void test_route_replaces_existing(void **state)
{
	skip_unless_root();
	assert_int_equal(in_netns(replace_child, NULL), 0);
}

/*
 * Errors: a missing device names the config line and the device; the other
 * routes are still tried; the first error is returned. Removing a route
 * whose device is gone succeeds (the kernel dropped it with the device).
 */
static int missing_dev_child(const void *arg)
{
	static const struct route_row bad = { "bad", "198.51.100.0", 24, .dev = "nosuch0" };
	static const struct route_row good = { "good", "203.0.113.0", 24, .via = GATEWAY };
	static const struct want_route good_route = { "203.0.113.0/24", .gateway = GATEWAY,
						      .dev = IF_A };
	struct xvrrp_route_cfg r[2] = { route_cfg(&bad, 42), route_cfg(&good, 43) };
	struct xvrrp_nl *nl = xvrrp_nl_open();
	struct capture log;
	int err, exact, same;

	CHECK(nl, "xvrrp_nl_open");
	capture_start(&log);
	err = xvrrp_routes_apply(nl, r, 2, NULL, true);
	capture_end(&log);
	CHECK(err == -ENODEV, "add returned %d (%s)", err, strerror(-err));
	CHECK(strstr(log.text, "line 42: cannot add route 198.51.100.0/24 dev nosuch0: "
			       "no such device nosuch0"), "log was: %s", log.text);
	CHECK(!strstr(log.text, "line 43"), "log was: %s", log.text);
	count_routes(&good_route, &exact, &same);
	CHECK(exact == 1, "the good route after the bad one: %d", exact);
	err = xvrrp_routes_apply(nl, r, 1, NULL, false);
	CHECK(err == 0, "delete with device gone: %s", strerror(-err));
	xvrrp_nl_close(nl);
	return 0;
}

static void test_route_missing_dev(void **state)
{
	skip_unless_root();
	assert_int_equal(in_netns(missing_dev_child, NULL), 0);
}

/* The kernel's own reason reaches the log, not libnl's "unspecific failure". */
static int unreachable_gw_child(const void *arg)
{
	static const struct route_row row = { "gw", "198.51.100.0", 24, .via = "203.0.113.254" };
	struct xvrrp_route_cfg r = route_cfg(&row, 7);
	struct xvrrp_nl *nl = xvrrp_nl_open();
	struct capture log;
	int err;

	CHECK(nl, "xvrrp_nl_open");
	capture_start(&log);
	err = xvrrp_routes_apply(nl, &r, 1, NULL, true);
	capture_end(&log);
	CHECK(err == -ENETUNREACH, "add returned %d (%s)", err, strerror(-err));
	CHECK(strstr(log.text, "line 7: cannot add route 198.51.100.0/24 via 203.0.113.254: "
			       "Network is unreachable"), "log was: %s", log.text);
	xvrrp_nl_close(nl);
	return 0;
}

static void test_route_gateway_unreachable(void **state)
{
	skip_unless_root();
	assert_int_equal(in_netns(unreachable_gw_child, NULL), 0);
}

/* Rules */

struct want_rule {
	const char *src;        /* NULL: all */
	int srclen;
	const char *dst;        /* NULL: none */
	int dstlen;
	const char *iif, *oif;
	const char *table;
	int priority;           /* -1: any */
};

struct rule_row {
	const char *name;
	const char *from;
	uint8_t from_len;
	const char *to;
	uint8_t to_len;
	uint32_t table;
	int64_t priority;       /* 0: not given */
	const char *iif, *oif;
	struct want_rule want;
	bool v6;                /* an IPv6 rule (from / to are IPv6), in `ip -6 rule` */
};

static const struct rule_row rule_rows[] = {
	{ "from", "192.0.2.0", 24, .table = 100,
	  .want = { "192.0.2.0", 24, .table = "100", .priority = -1 } },
	{ "to", .to = "198.51.100.0", .to_len = 25, .table = 101,
	  .want = { .dst = "198.51.100.0", .dstlen = 25, .table = "101", .priority = -1 } },
	{ "from, to, priority", "192.0.2.0", 24, "203.0.113.0", 24, 102, 1000,
	  .want = { "192.0.2.0", 24, "203.0.113.0", 24, .table = "102", .priority = 1000 } },
	{ "host from /32", "192.0.2.10", 32, .table = 103, .priority = 200,
	  .want = { "192.0.2.10", 32, .table = "103", .priority = 200 } },
	{ "iif and oif", .table = 104, .iif = IF_A, .oif = IF_B,
	  .want = { .iif = IF_A, .oif = IF_B, .table = "104", .priority = -1 } },
	/* IPv6 rules are the kernel's AF_INET6 rules (virtual_rules of IPv6 instances). */
	{ "IPv6 from", "2001:db8::", 64, .table = 110, .v6 = true,
	  .want = { "2001:db8::", 64, .table = "110", .priority = -1 } },
	{ "IPv6 to, priority", .to = "2001:db8:1::", .to_len = 48, .table = 111, .priority = 1100,
	  .v6 = true, .want = { .dst = "2001:db8:1::", .dstlen = 48, .table = "111", .priority = 1100 } },
	{ "IPv6 host from /128", "2001:db8::10", 128, .table = 112, .v6 = true,
	  .want = { "2001:db8::10", 128, .table = "112", .priority = -1 } },
	{ "IPv6 (inet6) iif only", .table = 113, .iif = IF_A, .v6 = true,
	  .want = { .iif = IF_A, .table = "113", .priority = -1 } },
};

/* `ip` prints no length for a host prefix, and no prefix at all for "all". */
static int64_t prefix_len(json_object *r, const char *addr_key, const char *len_key, bool v6)
{
	const char *addr = jstr(r, addr_key);
	json_object *v;

	if (json_object_object_get_ex(r, len_key, &v))
		return json_object_get_int64(v);
	return addr && strcmp(addr, "all") ? (v6 ? 128 : 32) : 0;
}

static bool rule_is(json_object *r, const struct want_rule *w, bool v6)
{
	return field_is(jstr(r, "src"), w->src, "all") &&
	       prefix_len(r, "src", "srclen", v6) == w->srclen &&
	       field_is(jstr(r, "dst"), w->dst, NULL) &&
	       prefix_len(r, "dst", "dstlen", v6) == w->dstlen &&
	       field_is(jstr(r, "iif"), w->iif, NULL) &&
	       field_is(jstr(r, "oif"), w->oif, NULL) &&
	       field_is(jstr(r, "table"), w->table, NULL) &&
	       (w->priority < 0 || jint(r, "priority") == w->priority);
}

/* How many rules of the family are w, and how many point at w's table at all. */
static void count_rules(const struct want_rule *w, bool v6, int *exact, int *same_table)
{
	json_object *all = run_json(v6 ? "ip -6 -j rule" : "ip -4 -j rule");

	*exact = *same_table = 0;
	for (size_t i = 0; all && i < json_object_array_length(all); i++) {
		json_object *r = json_object_array_get_idx(all, i);

		if (!field_is(jstr(r, "table"), w->table, NULL))
			continue;
		(*same_table)++;
		*exact += rule_is(r, w, v6);
	}
	json_object_put(all);
}

static struct xvrrp_rule_cfg rule_cfg(const struct rule_row *row, int line)
{
	struct xvrrp_rule_cfg r = {
		.line = line,
		.family = row->v6 ? AF_INET6 : AF_INET,
		.from_len = row->from_len,
		.to_len = row->to_len,
		.table = row->table,
		.priority = row->priority ? row->priority : -1,
	};

	if (row->v6) {
		r.from6 = ip6(row->from);
		r.to6 = ip6(row->to);
	} else {
		r.from = ip4(row->from);
		r.to = ip4(row->to);
	}

	if (row->iif)
		snprintf(r.iif, sizeof(r.iif), "%s", row->iif);
	if (row->oif)
		snprintf(r.oif, sizeof(r.oif), "%s", row->oif);
	return r;
}

static int rule_row_child(const void *arg)
{
	const struct rule_row *row = arg;
	struct xvrrp_rule_cfg r = rule_cfg(row, 20);
	struct xvrrp_nl *nl = xvrrp_nl_open();
	int err, exact, same;

	CHECK(nl, "xvrrp_nl_open");
	for (int pass = 1; pass <= 2; pass++) {
		err = xvrrp_rules_apply(nl, &r, 1, true);
		CHECK(err == 0, "[%s] add #%d: %s", row->name, pass, strerror(-err));
		count_rules(&row->want, row->v6, &exact, &same);
		CHECK(exact == 1 && same == 1, "[%s] after add #%d: %d exact, %d to that table",
		      row->name, pass, exact, same);
	}
	for (int pass = 1; pass <= 2; pass++) {
		err = xvrrp_rules_apply(nl, &r, 1, false);
		CHECK(err == 0, "[%s] delete #%d: %s", row->name, pass, strerror(-err));
		count_rules(&row->want, row->v6, &exact, &same);
		CHECK(same == 0, "[%s] after delete #%d: %d rules left", row->name, pass, same);
	}
	xvrrp_nl_close(nl);
	return 0;
}

static void test_rule_rows(void **state)
{
	skip_unless_root();
	assert_int_equal(netns_run_rows(SETUP_CMDS, rule_row_child, rule_rows,
					 sizeof(rule_rows) / sizeof(rule_rows[0]), sizeof(rule_rows[0]),
					 offsetof(struct rule_row, name)), 0);
}

/*
 * A rule that differs in one selector is another rule: adding ours next to
 * it adds one, removing ours (even when ours is already gone) leaves it.
 */
static int rule_distinct_child(const void *arg)
{
	static const struct rule_row row = { "from", "192.0.2.0", 24, .table = 100 };
	static const struct want_rule theirs = { "192.0.2.0", 25, .table = "100", .priority = -1 };
	static const struct want_rule ours = { "192.0.2.0", 24, .table = "100", .priority = -1 };
	static const struct want_rule theirs_iif = { "192.0.2.0", 24, .iif = IF_A, .table = "100",
						     .priority = -1 };
	struct xvrrp_rule_cfg r = rule_cfg(&row, 5);
	struct xvrrp_nl *nl = xvrrp_nl_open();
	int exact, same;

	CHECK(nl, "xvrrp_nl_open");
	SH("ip rule add from 192.0.2.0/25 table 100");
	CHECK(xvrrp_rules_apply(nl, &r, 1, true) == 0, "add");
	count_rules(&ours, false, &exact, &same);
	CHECK(exact == 1 && same == 2, "after add: %d ours, %d to table 100", exact, same);
	CHECK(xvrrp_rules_apply(nl, &r, 1, false) == 0, "delete");
	count_rules(&theirs, false, &exact, &same);
	CHECK(exact == 1 && same == 1, "after delete: %d theirs, %d to table 100", exact, same);
	/* Ours is gone; deleting it again must not take theirs with one more selector. */
	SH("ip rule add from 192.0.2.0/24 iif " IF_A " table 100");
	CHECK(xvrrp_rules_apply(nl, &r, 1, false) == 0, "delete again");
	count_rules(&theirs_iif, false, &exact, &same);
	CHECK(exact == 1 && same == 2, "after delete again: %d theirs with iif, %d to table 100",
	      exact, same);
	xvrrp_nl_close(nl);
	return 0;
}

static void test_rule_distinct(void **state)
{
	skip_unless_root();
	assert_int_equal(in_netns(rule_distinct_child, NULL), 0);
}

static void test_vectors_empty(void **state)
{
	/* Nothing to do is success, and touches no socket. */
	assert_int_equal(xvrrp_routes_apply(NULL, NULL, 0, NULL, true), 0);
	assert_int_equal(xvrrp_rules_apply(NULL, NULL, 0, false), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors_empty),
		cmocka_unit_test(test_route_rows),
		cmocka_unit_test(test_route_replaces_existing),
		cmocka_unit_test(test_route_missing_dev),
		cmocka_unit_test(test_route_gateway_unreachable),
		cmocka_unit_test(test_rule_rows),
		cmocka_unit_test(test_rule_distinct),
	};

	xvrrp_log_set_level(XVRRP_LOG_WARN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
