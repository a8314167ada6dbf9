// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <linux/if_addr.h>

#include <netlink/netlink.h>
#include <netlink/cache.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>

#include "log.h"
#include "netlink.h"

struct xvrrp_nl {
	struct nl_sock *sk;
};

/* libnl's error codes are its own; map the ones callers act on to errno. */
int xvrrp_nl_errno(int nlerr)
{
	switch (-nlerr) {
	case 0:                  return 0;
	case NLE_NOMEM:          return -ENOMEM;
	case NLE_EXIST:          return -EEXIST;
	case NLE_NOADDR:         return -EADDRNOTAVAIL;
	case NLE_OBJ_NOTFOUND:   return -ENOENT;
	case NLE_NODEV:          return -ENODEV;
	case NLE_PERM:           return -EPERM;
	case NLE_NOACCESS:       return -EACCES;
	case NLE_INVAL:          return -EINVAL;
	case NLE_RANGE:          return -ERANGE;
	case NLE_BUSY:           return -EBUSY;
	case NLE_AGAIN:          return -EAGAIN;
	case NLE_AF_NOSUPPORT:   return -EAFNOSUPPORT;
	case NLE_OPNOTSUPP:      return -EOPNOTSUPP;
	default:                 return -EIO;
	}
}

struct nl_sock *xvrrp_nl_sock(struct xvrrp_nl *nl)
{
	return nl->sk;
}

struct xvrrp_nl *xvrrp_nl_open(void)
{
	struct xvrrp_nl *nl = calloc(1, sizeof(*nl));
	int err;

	if (!nl)
		return NULL;
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		goto fail;
	err = nl_connect(nl->sk, NETLINK_ROUTE);
	if (err < 0) {
		errno = -xvrrp_nl_errno(err);
		goto fail;
	}
	return nl;
fail:
	if (nl->sk)
		nl_socket_free(nl->sk);
	free(nl);
	return NULL;
}

void xvrrp_nl_close(struct xvrrp_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

int xvrrp_nl_link_info(struct xvrrp_nl *nl, const char *name, struct xvrrp_link_info *info)
{
	struct rtnl_link *link = NULL;
	struct nl_addr *lladdr;
	unsigned int flags;
	int err;

	err = rtnl_link_get_kernel(nl->sk, 0, name, &link);
	if (err < 0)
		return err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV ? -ENODEV : xvrrp_nl_errno(err);
	memset(info, 0, sizeof(*info));
	info->ifindex = rtnl_link_get_ifindex(link);
	flags = rtnl_link_get_flags(link);
	info->up = (flags & IFF_UP) && (flags & IFF_RUNNING);
	info->mtu = rtnl_link_get_mtu(link);
	lladdr = rtnl_link_get_addr(link);
	if (lladdr && nl_addr_get_len(lladdr) == 6)
		memcpy(info->mac, nl_addr_get_binary_addr(lladdr), 6);
	rtnl_link_put(link);
	return 0;
}

static bool in_list(uint32_t addr, const uint32_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (list[i] == addr)
			return true;
	return false;
}

/*
 * The interface's addresses of one family, in the kernel's order, to pick():
 * it returns 0 for the one it takes (the scan ends), 1 to go on, or a
 * negative errno to remember (returned if nothing is taken). -ENOENT: none.
 */
static int addr_scan(struct xvrrp_nl *nl, int ifindex, int family,
		     int (*pick)(struct rtnl_addr *a, const void *local, void *ctx), void *ctx)
{
	size_t len = family == AF_INET6 ? 16 : 4;
	struct nl_cache *cache = NULL;
	struct nl_object *obj;
	int err, ret = -ENOENT;

	err = rtnl_addr_alloc_cache(nl->sk, &cache);
	if (err < 0)
		return xvrrp_nl_errno(err);
	for (obj = nl_cache_get_first(cache); obj; obj = nl_cache_get_next(obj)) {
		struct rtnl_addr *a = (struct rtnl_addr *)obj;
		struct nl_addr *local = rtnl_addr_get_local(a);

		if (rtnl_addr_get_ifindex(a) != ifindex || rtnl_addr_get_family(a) != family ||
		    !local || nl_addr_get_len(local) != len)
			continue;
		err = pick(a, nl_addr_get_binary_addr(local), ctx);
		if (err < 0)
			ret = err;
		if (!err) {
			ret = 0;
			break;
		}
	}
	nl_cache_free(cache);
	return ret;
}

struct primary4 {
	const uint32_t *exclude;
	size_t n_exclude;
	uint32_t addr;
};

static int pick_primary4(struct rtnl_addr *a, const void *local, void *ctx)
{
	struct primary4 *p = ctx;

	if (rtnl_addr_get_flags(a) & IFA_F_SECONDARY)
		return 1;
	memcpy(&p->addr, local, 4);
	return in_list(p->addr, p->exclude, p->n_exclude) ? 1 : 0;
}

int xvrrp_nl_primary_addr4(struct xvrrp_nl *nl, int ifindex, const uint32_t *exclude,
			   size_t n_exclude, uint32_t *addr)
{
	struct primary4 p = { .exclude = exclude, .n_exclude = n_exclude };
	int err = addr_scan(nl, ifindex, AF_INET, pick_primary4, &p);

	if (!err)
		*addr = p.addr;
	return err;
}

struct link_local6 {
	struct in6_addr addr;
	const struct in6_addr *exclude;
	size_t n_exclude;
};

static int pick_link_local6(struct rtnl_addr *a, const void *local, void *ctx)
{
	struct link_local6 *p = ctx;

	memcpy(&p->addr, local, 16);
	if (!IN6_IS_ADDR_LINKLOCAL(&p->addr))
		return 1;
	/* A link-local VIP (the kernel lists the newest first): it moves between routers. */
	for (size_t i = 0; i < p->n_exclude; i++)
		if (IN6_ARE_ADDR_EQUAL(&p->addr, &p->exclude[i]))
			return 1;
	/* Still in DAD, or DAD failed: the address cannot be sent from. */
	if (rtnl_addr_get_flags(a) & (IFA_F_TENTATIVE | IFA_F_DADFAILED))
		return -EAGAIN;
	return 0;
}

int xvrrp_nl_link_local6(struct xvrrp_nl *nl, int ifindex, const struct in6_addr *exclude,
			 size_t n_exclude, struct in6_addr *addr)
{
	struct link_local6 p = { .exclude = exclude, .n_exclude = n_exclude };
	int err = addr_scan(nl, ifindex, AF_INET6, pick_link_local6, &p);

	if (!err)
		*addr = p.addr;
	return err;
}

static struct rtnl_addr *make_addr(int family, int ifindex, const void *addr,
				   uint8_t prefixlen)
{
	struct rtnl_addr *a = rtnl_addr_alloc();
	struct nl_addr *local;

	if (!a)
		return NULL;
	local = nl_addr_build(family, addr, family == AF_INET6 ? 16 : 4);
	if (!local) {
		rtnl_addr_put(a);
		return NULL;
	}
	nl_addr_set_prefixlen(local, prefixlen);
	rtnl_addr_set_ifindex(a, ifindex);
	rtnl_addr_set_family(a, family);
	rtnl_addr_set_local(a, local);
	rtnl_addr_set_prefixlen(a, prefixlen);
	nl_addr_put(local);
	return a;
}

static struct rtnl_addr *make_addr4(int ifindex, uint32_t addr, uint8_t prefixlen)
{
	return make_addr(AF_INET, ifindex, &addr, prefixlen);
}

/* Gone already (or its interface is) counts as done. */
static int addr_delete(struct xvrrp_nl *nl, struct rtnl_addr *a)
{
	int err;

	if (!a)
		return -ENOMEM;
	err = xvrrp_nl_errno(rtnl_addr_delete(nl->sk, a, 0));
	rtnl_addr_put(a);
	if (err == -EADDRNOTAVAIL || err == -ENOENT || err == -ENODEV)
		return 0;
	return err ? err : 1;
}

int xvrrp_nl_addr_add6(struct xvrrp_nl *nl, int ifindex, const struct in6_addr *addr,
		       uint8_t prefixlen, uint8_t scope)
{
	struct rtnl_addr *a = make_addr(AF_INET6, ifindex, addr, prefixlen);
	int err;

	if (!a)
		return -ENOMEM;
	rtnl_addr_set_scope(a, scope);
	/*
	 * No duplicate address detection, as keepalived adds IPv6 VIPs: the
	 * address moves between routers on purpose, and DAD would keep it
	 * tentative (unusable) for a second after every takeover.
	 */
	rtnl_addr_set_flags(a, IFA_F_NODAD);
	/*
	 * A /128 VIP is deprecated at once (preferred lifetime 0, valid for
	 * ever), as keepalived adds it: the kernel then never picks it as the
	 * source of the node's own connections, which would break when the
	 * address moves to the other router.
	 */
	if (prefixlen == 128) {
		rtnl_addr_set_preferred_lifetime(a, 0);
		rtnl_addr_set_valid_lifetime(a, 0xFFFFFFFFU);
	}
	err = xvrrp_nl_errno(rtnl_addr_add(nl->sk, a, 0));
	rtnl_addr_put(a);
	return err == -EEXIST ? 0 : err;
}

int xvrrp_nl_addr_del6(struct xvrrp_nl *nl, int ifindex, const struct in6_addr *addr,
		       uint8_t prefixlen)
{
	return addr_delete(nl, make_addr(AF_INET6, ifindex, addr, prefixlen));
}

int xvrrp_nl_addr_add4(struct xvrrp_nl *nl, int ifindex, const struct xvrrp_addr4 *spec)
{
	struct rtnl_addr *a = make_addr4(ifindex, spec->addr, spec->prefixlen);
	int err;

	if (!a)
		return -ENOMEM;
	if (spec->label && *spec->label)
		rtnl_addr_set_label(a, spec->label);
	rtnl_addr_set_scope(a, spec->scope);
	if (spec->brd) {
		struct nl_addr *brd = nl_addr_build(AF_INET, &spec->brd, 4);

		if (brd) {
			rtnl_addr_set_broadcast(a, brd);
			nl_addr_put(brd);
		}
	}
	err = xvrrp_nl_errno(rtnl_addr_add(nl->sk, a, 0));
	rtnl_addr_put(a);
	return err == -EEXIST ? 0 : err;
}

int xvrrp_nl_addr_del4(struct xvrrp_nl *nl, int ifindex, uint32_t addr, uint8_t prefixlen)
{
	return addr_delete(nl, make_addr4(ifindex, addr, prefixlen));
}

struct xvrrp_nl_monitor {
	struct nl_sock *sk;
	xvrrp_link_cb cb;
	void *ctx;
};

static void monitor_obj(struct nl_object *obj, void *arg)
{
	struct xvrrp_nl_monitor *m = arg;
	struct rtnl_link *link = (struct rtnl_link *)obj;
	unsigned int flags;

	if (strcmp(nl_object_get_type(obj), "route/link"))
		return;
	flags = rtnl_link_get_flags(link);
	m->cb(m->ctx, rtnl_link_get_ifindex(link), (flags & IFF_UP) && (flags & IFF_RUNNING));
}

static int monitor_msg(struct nl_msg *msg, void *arg)
{
	nl_msg_parse(msg, monitor_obj, arg);
	return NL_OK;
}

struct xvrrp_nl_monitor *xvrrp_nl_monitor_open(xvrrp_link_cb cb, void *ctx)
{
	struct xvrrp_nl_monitor *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->cb = cb;
	m->ctx = ctx;
	m->sk = nl_socket_alloc();
	if (!m->sk)
		goto fail;
	/* Multicast notifications carry no sequence numbers of ours. */
	nl_socket_disable_seq_check(m->sk);
	nl_socket_modify_cb(m->sk, NL_CB_VALID, NL_CB_CUSTOM, monitor_msg, m);
	if (nl_connect(m->sk, NETLINK_ROUTE) < 0 ||
	    nl_socket_add_membership(m->sk, RTNLGRP_LINK) < 0 ||
	    nl_socket_set_nonblocking(m->sk) < 0)
		goto fail;
	return m;
fail:
	if (m->sk)
		nl_socket_free(m->sk);
	free(m);
	return NULL;
}

int xvrrp_nl_monitor_fd(const struct xvrrp_nl_monitor *m)
{
	return nl_socket_get_fd(m->sk);
}

void xvrrp_nl_monitor_recv(struct xvrrp_nl_monitor *m)
{
	int err;

	do {
		err = nl_recvmsgs_default(m->sk);
	} while (err >= 0);
}

void xvrrp_nl_monitor_close(struct xvrrp_nl_monitor *m)
{
	if (!m)
		return;
	nl_socket_free(m->sk);
	free(m);
}
