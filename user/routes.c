// SPDX-License-Identifier: GPL-2.0-only
/*
 * virtual_routes / virtual_rules (installed on becoming master, removed on
 * leaving) and static_routes / static_rules (installed at start-up), with
 * keepalived's meaning, through libnl-route-3.
 *
 * Both directions are idempotent so that a restart after a crash, or a
 * master -> master re-entry, never fails on what is already there:
 *   - a route is added with NLM_F_CREATE|NLM_F_REPLACE, as keepalived does
 *     for its routes: the route with the same key (table, dst, tos, metric)
 *     becomes ours, whatever it was;
 *   - removing a route or rule that is gone (ESRCH/ENOENT) succeeds;
 *   - a rule is looked up first, selector for selector: the kernel adds a
 *     duplicate rule when no priority is given, even with NLM_F_EXCL, and
 *     deletes the first rule whose selectors include the request's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include <netlink/netlink.h>
#include <netlink/msg.h>
#include <netlink/route/route.h>
#include <netlink/route/rule.h>
#include <netlink/route/nexthop.h>

#include "log.h"
#include "routes.h"

/* Longest text of one route or rule in a log line. */
#define DESCR_MAX 256

static int on_kernel_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	*(int *)arg = e->error;
	return NL_STOP;
}

static int on_kernel_ack(struct nl_msg *msg, void *arg)
{
	return NL_STOP;
}

/*
 * Send one request and wait for the kernel's answer. libnl folds several
 * kernel errors into "unspecific failure" (ENETUNREACH for a gateway that
 * is not on a connected network, ENETDOWN, ...); the operator needs the
 * real reason in the log, so catch the nlmsgerr ourselves.
 */
static int nl_request(struct nl_sock *sk, struct nl_msg *msg)
{
	struct nl_cb *base, *cb;
	int kernel_err = 0, err;

	err = nl_send_auto(sk, msg);
	if (err < 0)
		return xvrrp_nl_errno(err);
	base = nl_socket_get_cb(sk);
	cb = nl_cb_clone(base);
	nl_cb_put(base);
	if (!cb)
		return -ENOMEM;
	nl_cb_err(cb, NL_CB_CUSTOM, on_kernel_error, &kernel_err);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, on_kernel_ack, NULL);
	err = nl_recvmsgs(sk, cb);
	nl_cb_put(cb);
	if (kernel_err)
		return kernel_err;
	return xvrrp_nl_errno(err);
}

/* An address of `family`: the IPv4 one or its IPv6 twin. */
static struct nl_addr *addr_of(int family, const struct in_addr *v4, const struct in6_addr *v6,
			       uint8_t prefixlen)
{
	struct nl_addr *addr = family == AF_INET6 ? nl_addr_build(AF_INET6, v6, sizeof(*v6))
						  : nl_addr_build(AF_INET, v4, sizeof(*v4));

	if (addr)
		nl_addr_set_prefixlen(addr, prefixlen);
	return addr;
}

static const char *ntop_of(int family, const struct in_addr *v4, const struct in6_addr *v6,
			   char *buf, size_t len)
{
	return family == AF_INET6 ? inet_ntop(AF_INET6, v6, buf, len)
				  : inet_ntop(AF_INET, v4, buf, len);
}

/* A route's address of its family: which = the IPv4 field, its IPv6 twin. */
static struct nl_addr *route_addr(const struct xvrrp_route_cfg *r, const struct in_addr *v4,
				  const struct in6_addr *v6, uint8_t prefixlen)
{
	return addr_of(r->family, v4, v6, prefixlen);
}

static const char *route_ntop(const struct xvrrp_route_cfg *r, const struct in_addr *v4,
			      const struct in6_addr *v6, char *buf, size_t len)
{
	return ntop_of(r->family, v4, v6, buf, len);
}

static bool route_has_nexthop(const struct xvrrp_route_cfg *r)
{
	return r->type == RTN_UNICAST;
}

/* The route in keepalived's words, for log lines. */
static void route_describe(const struct xvrrp_route_cfg *r, const char *dev, char *buf, size_t len)
{
	char dst[INET6_ADDRSTRLEN], tmp[INET6_ADDRSTRLEN];
	int n;

	route_ntop(r, &r->dst, &r->dst6, dst, sizeof(dst));
	if (r->dst_len == 0)
		n = snprintf(buf, len, "%sdefault%s", xvrrp_route_type_name(r->type),
			     r->family == AF_INET6 ? " (IPv6)" : "");
	else
		n = snprintf(buf, len, "%s%s/%u", xvrrp_route_type_name(r->type), dst, r->dst_len);
	if (xvrrp_route_has_via(r) && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, " via %s",
			      route_ntop(r, &r->via, &r->via6, tmp, sizeof(tmp)));
	if (dev && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, " dev %s", dev);
	if (xvrrp_route_has_src(r) && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, " src %s",
			      route_ntop(r, &r->src, &r->src6, tmp, sizeof(tmp)));
	if (r->table && r->table != RT_TABLE_MAIN && n >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, " table %u", r->table);
	if (r->metric >= 0 && n >= 0 && (size_t)n < len)
		snprintf(buf + n, len - n, " metric %lld", (long long)r->metric);
}

/*
 * The scope iproute2 would choose, so that a route added here looks like
 * the one keepalived or "ip route add" makes: link for a unicast route
 * without a gateway (the destination is on the wire), global otherwise.
 * Chosen here rather than by libnl so that add and delete use the same one.
 */
static uint8_t route_scope(const struct xvrrp_route_cfg *r)
{
	if (r->scope >= 0)
		return (uint8_t)r->scope;
	/* IPv6 routes have no scope of their own: the kernel keeps them universe. */
	if (r->family == AF_INET6)
		return RT_SCOPE_UNIVERSE;
	if (r->type == RTN_UNICAST && !r->via.s_addr)
		return RT_SCOPE_LINK;
	return RT_SCOPE_UNIVERSE;
}

/* The device a route goes out of, or NULL: blackhole & co. have none. */
static const char *route_dev(const struct xvrrp_route_cfg *r, const char *default_dev)
{
	if (!route_has_nexthop(r))
		return NULL;
	if (r->dev[0])
		return r->dev;
	/* No gateway, or a link-local one (reachable only on a named link): the instance's. */
	if ((!xvrrp_route_has_via(r) || xvrrp_route_via_link_local(r)) && default_dev &&
	    *default_dev)
		return default_dev;
	return NULL;
}

static int route_set_nexthop(struct rtnl_route *route, const struct xvrrp_route_cfg *r,
			     int ifindex)
{
	struct rtnl_nexthop *nh = rtnl_route_nh_alloc();

	if (!nh)
		return -ENOMEM;
	if (ifindex > 0)
		rtnl_route_nh_set_ifindex(nh, ifindex);
	if (xvrrp_route_has_via(r)) {
		struct nl_addr *gw = route_addr(r, &r->via, &r->via6, r->family == AF_INET6 ? 128 : 32);

		if (!gw) {
			rtnl_route_nh_free(nh);
			return -ENOMEM;
		}
		rtnl_route_nh_set_gateway(nh, gw);
		nl_addr_put(gw);
	}
	rtnl_route_add_nexthop(route, nh);
	return 0;
}

static int route_set_addrs(struct rtnl_route *route, const struct xvrrp_route_cfg *r)
{
	struct nl_addr *dst = route_addr(r, &r->dst, &r->dst6, r->dst_len);
	int err = 0;

	if (!dst)
		return -ENOMEM;
	if (rtnl_route_set_dst(route, dst) < 0)
		err = -EINVAL;
	nl_addr_put(dst);
	if (!err && xvrrp_route_has_src(r)) {
		struct nl_addr *src = route_addr(r, &r->src, &r->src6,
						 r->family == AF_INET6 ? 128 : 32);

		if (!src)
			return -ENOMEM;
		if (rtnl_route_set_pref_src(route, src) < 0)
			err = -EINVAL;
		nl_addr_put(src);
	}
	return err;
}

static struct rtnl_route *route_build(const struct xvrrp_route_cfg *r, int ifindex, int *err)
{
	struct rtnl_route *route = rtnl_route_alloc();

	if (!route) {
		*err = -ENOMEM;
		return NULL;
	}
	rtnl_route_set_family(route, r->family == AF_INET6 ? AF_INET6 : AF_INET);
	rtnl_route_set_table(route, r->table ? r->table : RT_TABLE_MAIN);
	rtnl_route_set_type(route, r->type);
	rtnl_route_set_scope(route, route_scope(r));
	/* iproute2's default protocol is "boot"; libnl's would be "static". */
	rtnl_route_set_protocol(route, r->protocol >= 0 ? (uint8_t)r->protocol : RTPROT_BOOT);
	if (r->metric >= 0)
		rtnl_route_set_priority(route, (uint32_t)r->metric);
	*err = route_set_addrs(route, r);
	if (!*err && route_has_nexthop(r) && (ifindex > 0 || xvrrp_route_has_via(r)))
		*err = route_set_nexthop(route, r, ifindex);
	if (*err) {
		rtnl_route_put(route);
		return NULL;
	}
	return route;
}

static int route_send(struct nl_sock *sk, struct rtnl_route *route, bool add)
{
	struct nl_msg *msg = NULL;
	int err;

	if (add)
		err = rtnl_route_build_add_request(route, NLM_F_REPLACE, &msg);
	else
		err = rtnl_route_build_del_request(route, 0, &msg);
	if (err < 0)
		return xvrrp_nl_errno(err);
	err = nl_request(sk, msg);
	nlmsg_free(msg);
	/* The kernel says ESRCH for a route that is not there. */
	if (!add && (err == -ESRCH || err == -ENOENT))
		return 0;
	return err;
}

static int route_apply_one(struct xvrrp_nl *nl, const struct xvrrp_route_cfg *r,
			   const char *default_dev, bool add)
{
	const char *dev = route_dev(r, default_dev);
	char what[DESCR_MAX];
	struct rtnl_route *route;
	int ifindex = 0, err;

	route_describe(r, dev, what, sizeof(what));
	if (dev) {
		struct xvrrp_link_info info;

		err = xvrrp_nl_link_info(nl, dev, &info);
		/* The kernel drops a device's routes with it: nothing left to remove. */
		if (err == -ENODEV && !add)
			return 0;
		if (err == -ENODEV)
			pr_err("line %d: cannot add route %s: no such device %s", r->line, what, dev);
		else if (err)
			pr_err("line %d: cannot add route %s: %s", r->line, what, strerror(-err));
		if (err)
			return err;
		ifindex = info.ifindex;
	}
	route = route_build(r, ifindex, &err);
	if (route) {
		err = route_send(xvrrp_nl_sock(nl), route, add);
		rtnl_route_put(route);
	}
	if (err)
		pr_err("line %d: cannot %s route %s: %s", r->line, add ? "add" : "remove",
		       what, strerror(-err));
	else
		pr_debug("line %d: route %s %s", r->line, what, add ? "added" : "removed");
	return err;
}

int xvrrp_routes_apply(struct xvrrp_nl *nl, const struct xvrrp_route_cfg *routes, size_t n,
		       const char *default_dev, bool add)
{
	int first_err = 0;

	for (size_t i = 0; i < n; i++) {
		int err = route_apply_one(nl, &routes[i], default_dev, add);

		if (err && !first_err)
			first_err = err;
	}
	return first_err;
}

/* Rules */

static bool rule_has_from(const struct xvrrp_rule_cfg *r)
{
	return r->from_len ||
	       (r->family == AF_INET6 ? !IN6_IS_ADDR_UNSPECIFIED(&r->from6) : r->from.s_addr != 0);
}

static bool rule_has_to(const struct xvrrp_rule_cfg *r)
{
	return r->to_len ||
	       (r->family == AF_INET6 ? !IN6_IS_ADDR_UNSPECIFIED(&r->to6) : r->to.s_addr != 0);
}

static void rule_describe(const struct xvrrp_rule_cfg *r, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];
	int n = 0;

	buf[0] = '\0';
	if (r->family == AF_INET6 && !rule_has_from(r) && !rule_has_to(r))
		n += snprintf(buf + n, len - n, "inet6 ");
	if (rule_has_from(r) && (size_t)n < len)
		n += snprintf(buf + n, len - n, "from %s/%u ",
			      ntop_of(r->family, &r->from, &r->from6, a, sizeof(a)), r->from_len);
	if (rule_has_to(r) && (size_t)n < len)
		n += snprintf(buf + n, len - n, "to %s/%u ",
			      ntop_of(r->family, &r->to, &r->to6, a, sizeof(a)), r->to_len);
	if (r->iif[0] && (size_t)n < len)
		n += snprintf(buf + n, len - n, "iif %s ", r->iif);
	if (r->oif[0] && (size_t)n < len)
		n += snprintf(buf + n, len - n, "oif %s ", r->oif);
	if (r->priority >= 0 && (size_t)n < len)
		n += snprintf(buf + n, len - n, "priority %lld ", (long long)r->priority);
	if ((size_t)n < len)
		snprintf(buf + n, len - n, "table %u", r->table);
}

/* The rule's family (an IPv6 rule is one of the kernel's AF_INET6 rules). */
static struct rtnl_rule *rule_build(const struct xvrrp_rule_cfg *r)
{
	struct rtnl_rule *rule = rtnl_rule_alloc();
	struct nl_addr *a;
	int err = 0;

	if (!rule)
		return NULL;
	rtnl_rule_set_family(rule, r->family);
	rtnl_rule_set_action(rule, FR_ACT_TO_TBL);
	rtnl_rule_set_table(rule, r->table);
	if (r->priority >= 0)
		rtnl_rule_set_prio(rule, (uint32_t)r->priority);
	if (rule_has_from(r)) {
		a = addr_of(r->family, &r->from, &r->from6, r->from_len);
		err |= !a || rtnl_rule_set_src(rule, a) < 0;
		nl_addr_put(a);
	}
	if (rule_has_to(r)) {
		a = addr_of(r->family, &r->to, &r->to6, r->to_len);
		err |= !a || rtnl_rule_set_dst(rule, a) < 0;
		nl_addr_put(a);
	}
	if (r->iif[0])
		err |= rtnl_rule_set_iif(rule, r->iif) < 0;
	if (r->oif[0])
		err |= rtnl_rule_set_oif(rule, r->oif) < 0;
	if (err) {
		rtnl_rule_put(rule);
		return NULL;
	}
	return rule;
}

/* want: the rule's address of its family (4 or 16 bytes), len its prefix. */
static bool addr_matches(struct nl_addr *have, bool want_set, const void *want, size_t size,
			 uint8_t len)
{
	if (!have || nl_addr_get_prefixlen(have) == 0)
		return !want_set || len == 0;
	if (!want_set || nl_addr_get_len(have) != size || nl_addr_get_prefixlen(have) != len)
		return false;
	return !memcmp(nl_addr_get_binary_addr(have), want, size);
}

static bool name_matches(const char *have, const char *want)
{
	return (!have || !*have) ? !*want : !strcmp(have, want);
}

/* Is `rule` (from the kernel) the rule r describes, selector for selector? */
static bool rule_matches(struct rtnl_rule *rule, const struct xvrrp_rule_cfg *r)
{
	bool v6 = r->family == AF_INET6;
	size_t size = v6 ? sizeof(struct in6_addr) : sizeof(struct in_addr);

	return rtnl_rule_get_family(rule) == r->family &&
	       rtnl_rule_get_action(rule) == FR_ACT_TO_TBL &&
	       rtnl_rule_get_table(rule) == r->table &&
	       (r->priority < 0 || rtnl_rule_get_prio(rule) == (uint32_t)r->priority) &&
	       addr_matches(rtnl_rule_get_src(rule), rule_has_from(r),
			    v6 ? (const void *)&r->from6 : (const void *)&r->from, size,
			    r->from_len) &&
	       addr_matches(rtnl_rule_get_dst(rule), rule_has_to(r),
			    v6 ? (const void *)&r->to6 : (const void *)&r->to, size, r->to_len) &&
	       name_matches(rtnl_rule_get_iif(rule), r->iif) &&
	       name_matches(rtnl_rule_get_oif(rule), r->oif) &&
	       rtnl_rule_get_mark(rule) == 0 && rtnl_rule_get_dsfield(rule) == 0;
}

/*
 * 1 if the kernel has the rule (*prio: its priority), 0 if not, or a
 * negative errno.
 */
static int rule_find(struct nl_sock *sk, const struct xvrrp_rule_cfg *r, uint32_t *prio)
{
	struct nl_cache *cache = NULL;
	struct nl_object *obj;
	int err, found = 0;

	err = rtnl_rule_alloc_cache(sk, r->family, &cache);
	if (err < 0)
		return xvrrp_nl_errno(err);
	for (obj = nl_cache_get_first(cache); obj && !found; obj = nl_cache_get_next(obj)) {
		found = rule_matches((struct rtnl_rule *)obj, r);
		if (found)
			*prio = rtnl_rule_get_prio((struct rtnl_rule *)obj);
	}
	nl_cache_free(cache);
	return found;
}

/*
 * prio: the priority of the kernel's copy when deleting. The kernel deletes
 * the first rule whose selectors include the request's, so without it a
 * rule of someone else's with one more selector (iif, fwmark) could go.
 */
static int rule_send(struct nl_sock *sk, const struct xvrrp_rule_cfg *r, bool add, uint32_t prio)
{
	struct rtnl_rule *rule = rule_build(r);
	struct nl_msg *msg = NULL;
	int err;

	if (!rule)
		return -ENOMEM;
	if (add) {
		err = rtnl_rule_build_add_request(rule, NLM_F_EXCL, &msg);
	} else {
		rtnl_rule_set_prio(rule, prio);
		err = rtnl_rule_build_delete_request(rule, 0, &msg);
	}
	rtnl_rule_put(rule);
	if (err < 0)
		return xvrrp_nl_errno(err);
	err = nl_request(sk, msg);
	nlmsg_free(msg);
	if (add && err == -EEXIST)
		return 0;
	if (!add && (err == -ENOENT || err == -ESRCH))
		return 0;
	return err;
}

static int rule_apply_one(struct xvrrp_nl *nl, const struct xvrrp_rule_cfg *r, bool add)
{
	struct nl_sock *sk = xvrrp_nl_sock(nl);
	char what[DESCR_MAX];
	uint32_t prio = 0;
	int err, found;

	rule_describe(r, what, sizeof(what));
	found = rule_find(sk, r, &prio);
	err = found < 0 ? found : 0;
	/* Add what is missing, delete what is there: both idempotent. */
	if (found == (add ? 0 : 1))
		err = rule_send(sk, r, add, prio);
	if (err)
		pr_err("line %d: cannot %s rule %s: %s", r->line, add ? "add" : "remove",
		       what, strerror(-err));
	else
		pr_debug("line %d: rule %s %s", r->line, what, add ? "added" : "removed");
	return err;
}

int xvrrp_rules_apply(struct xvrrp_nl *nl, const struct xvrrp_rule_cfg *rules, size_t n,
		      bool add)
{
	int first_err = 0;

	for (size_t i = 0; i < n; i++) {
		int err = rule_apply_one(nl, &rules[i], add);

		if (err && !first_err)
			first_err = err;
	}
	return first_err;
}
