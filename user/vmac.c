// SPDX-License-Identifier: GPL-2.0-only
/*
 * use_vmac: the VIPs live on a macvlan of the VRRP interface whose MAC is the
 * virtual router MAC 00:00:5e:00:01:VRID (00:00:5e:00:02:VRID for IPv6,
 * RFC 5798 §7.3), so a failover moves the MAC with the addresses and
 * clients' ARP and neighbour caches stay right.
 *
 * As keepalived (keepalived.conf(5) use_vmac; its vrrp_vmac.c and
 * vrrp_if_config.c):
 *   - macvlan mode private: the VMAC must not talk to the parent's other
 *     macvlans (two instances' VMACs on one parent would otherwise see each
 *     other's adverts and ARP without going through the wire);
 *   - sysctls on the VMAC:
 *       arp_ignore=1          answer ARP only for addresses on the VMAC, not for
 *                             the parent's addresses (else the VMAC would claim
 *                             the parent's own IP with the virtual MAC);
 *       accept_local=1        accept packets whose source is one of our own
 *                             addresses: the other router's adverts and ARP come
 *                             from the VIP / virtual MAC we also hold;
 *       rp_filter=0           the return route to a source usually goes out of the
 *                             parent, so reverse-path filtering would drop traffic
 *                             arriving on the VMAC;
 *       promote_secondaries=1 deleting one VIP must not delete the others of the
 *                             same subnet;
 *   - sysctls on the parent:
 *       arp_ignore=1, arp_filter=1  the parent must not answer ARP for the VIPs
 *                             (which are local addresses of the host) with its
 *                             own MAC;
 *       arp_announce=2        nor *ask* with a VIP as sender address: a reply
 *                             sourced from the VIP that leaves through the
 *                             parent (its connected route comes first) makes
 *                             the host ARP for the client with sender = VIP and
 *                             the parent's MAC, and every neighbour that hears
 *                             it re-learns the VIP at the real MAC, undoing the
 *                             VMAC (seen in the use_vmac selftest);
 *     the parent's previous values are restored when its last VMAC goes;
 *   - net.ipv4.conf.all.rp_filter: the effective value is max(all, interface),
 *     so a non-zero "all" would defeat rp_filter=0 above. Like keepalived, move
 *     it onto every interface (and "default") and set "all" to 0: every other
 *     interface keeps exactly the filtering it had.
 * And, so both routers' VMACs (which share one MAC) do not make the same
 * EUI-64 link-local address and fail IPv6 DAD against each other,
 * addr_gen_mode=1 (none) on the VMAC before it goes up.
 *
 * The parent's previous arp_ignore/arp_filter/arp_announce are kept in the VMAC's alias
 * (IFLA_IFALIAS), not in memory: a restarted daemon, or a daemon that crashed
 * and left the VMAC behind, can still put them back.
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/socket.h>
#include <linux/if_link.h>

#include <netlink/netlink.h>
#include <netlink/cache.h>
#include <netlink/route/link.h>
#include <netlink/route/link/macvlan.h>

#include "log.h"
#include "sysctl.h"
#include "vmac.h"

/* Marks a VMAC as ours and holds the parent's previous settings. */
#define ALIAS_PREFIX "xvrrp-vmac"
#define ALIAS_FMT ALIAS_PREFIX " base arp_ignore=%d arp_filter=%d arp_announce=%d"
#define IN6_ADDR_GEN_MODE_NONE_VALUE 1

struct base_arp {
	int arp_ignore;
	int arp_filter;
	int arp_announce;
};

void xvrrp_vmac_addr(uint8_t vrid, int family, uint8_t mac[6])
{
	/* RFC 5798 §7.3: IANA OUI 00-00-5E, then 00-01-{VRID} (IPv4) or 00-02-{VRID} (IPv6). */
	mac[0] = 0x00;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = 0x00;
	mac[4] = family == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vrid;
}

static void mac_text(const uint8_t mac[6], char text[18])
{
	snprintf(text, 18, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
		 mac[4], mac[5]);
}

/* Write one IPv4 sysctl; log and return the error. */
static int set4(const char *ifname, const char *key, int value)
{
	int err = xvrrp_sysctl_write(XVRRP_SYSCTL_IPV4, ifname, key, value);

	if (err)
		pr_err("cannot set net.ipv4.conf.%s.%s=%d: %s", ifname, key, value, strerror(-err));
	return err;
}

/*
 * rp_filter's effective value is max(all, interface): move a non-zero "all"
 * onto each interface and "default" so only the VMAC's 0 changes anything.
 */
static int neutralise_all_rp_filter(void)
{
	struct dirent *de;
	int all, v, err;
	DIR *d;

	if (xvrrp_sysctl_read(XVRRP_SYSCTL_IPV4, "all", "rp_filter", &all) || all == 0)
		return 0;
	d = opendir(XVRRP_SYSCTL_IPV4);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !strcmp(de->d_name, "all"))
			continue;
		if (!xvrrp_sysctl_read(XVRRP_SYSCTL_IPV4, de->d_name, "rp_filter", &v) && v < all)
			set4(de->d_name, "rp_filter", all);
	}
	closedir(d);
	err = set4("all", "rp_filter", 0);
	if (!err)
		pr_info("net.ipv4.conf.all.rp_filter=%d moved onto each interface so VMACs can have "
			"rp_filter 0 (as keepalived)", all);
	return err;
}

static int set_vmac_sysctls(const char *vmac)
{
	int err;

	err = neutralise_all_rp_filter();
	if (!err)
		err = set4(vmac, "arp_ignore", 1);
	if (!err)
		err = set4(vmac, "accept_local", 1);
	if (!err)
		err = set4(vmac, "rp_filter", 0);
	if (!err)
		err = set4(vmac, "promote_secondaries", 1);
	if (!err) {
		int err6 = xvrrp_sysctl_write(XVRRP_SYSCTL_IPV6, vmac, "addr_gen_mode",
					IN6_ADDR_GEN_MODE_NONE_VALUE);

		/* ENOENT: IPv6 is off, so there is no link-local address to collide. */
		if (err6 && err6 != -ENOENT)
			pr_warn("cannot set net.ipv6.conf.%s.addr_gen_mode=1: %s", vmac,
				strerror(-err6));
	}
	return err;
}

static int set_base_sysctls(const char *base)
{
	int err = set4(base, "arp_ignore", 1);

	if (!err)
		err = set4(base, "arp_filter", 1);
	return err ? err : set4(base, "arp_announce", 2);
}

static bool is_our_alias(const char *alias)
{
	return alias && !strncmp(alias, ALIAS_PREFIX, strlen(ALIAS_PREFIX));
}

static bool parse_alias(const char *alias, struct base_arp *saved)
{
	return is_our_alias(alias) &&
	       sscanf(alias, ALIAS_FMT, &saved->arp_ignore, &saved->arp_filter,
		      &saved->arp_announce) == 3;
}

static bool is_vmac_mac(struct rtnl_link *link)
{
	static const uint8_t prefix[4] = { 0x00, 0x00, 0x5e, 0x00 };
	struct nl_addr *a = rtnl_link_get_addr(link);
	const uint8_t *mac = a ? nl_addr_get_binary_addr(a) : NULL;

	/* 00:00:5e:00:01:xx (IPv4) or 00:00:5e:00:02:xx (IPv6) */
	return a && nl_addr_get_len(a) == 6 && !memcmp(mac, prefix, 4) &&
	       (mac[4] == 0x01 || mac[4] == 0x02);
}

/*
 * Another of our VMACs on `parent`, other than `self`: its alias already
 * holds the parent's original settings (the parent's current ones are ours).
 * Returns 1 and fills *saved when there is one, 0 when not, or a negative errno.
 */
static int sibling_vmac(struct nl_sock *sk, int parent, int self, struct base_arp *saved)
{
	struct nl_cache *cache = NULL;
	struct nl_object *obj;
	int err, found = 0;

	err = rtnl_link_alloc_cache(sk, AF_UNSPEC, &cache);
	if (err < 0)
		return xvrrp_nl_errno(err);
	for (obj = nl_cache_get_first(cache); obj && !found; obj = nl_cache_get_next(obj)) {
		struct rtnl_link *l = (struct rtnl_link *)obj;

		if (rtnl_link_get_ifindex(l) == self || rtnl_link_get_link(l) != parent ||
		    !rtnl_link_is_macvlan(l))
			continue;
		found = parse_alias(rtnl_link_get_ifalias(l), saved);
	}
	nl_cache_free(cache);
	return found;
}

/* The parent's arp settings before any VMAC of ours touched them. */
static int original_base_arp(struct nl_sock *sk, int parent, const char *base_name,
			     struct base_arp *saved)
{
	int err = sibling_vmac(sk, parent, 0, saved);

	if (err)
		return err < 0 ? err : 0;
	err = xvrrp_sysctl_read(XVRRP_SYSCTL_IPV4, base_name, "arp_ignore", &saved->arp_ignore);
	if (!err)
		err = xvrrp_sysctl_read(XVRRP_SYSCTL_IPV4, base_name, "arp_filter", &saved->arp_filter);
	if (!err)
		err = xvrrp_sysctl_read(XVRRP_SYSCTL_IPV4, base_name, "arp_announce", &saved->arp_announce);
	return err;
}

static int link_by_name(struct nl_sock *sk, const char *name, struct rtnl_link **link)
{
	int err = rtnl_link_get_kernel(sk, 0, name, link);

	if (err == -NLE_OBJ_NOTFOUND || err == -NLE_NODEV)
		return -ENODEV;
	return xvrrp_nl_errno(err);
}

static int vmac_add(struct nl_sock *sk, const char *name, int parent, const uint8_t mac[6])
{
	struct rtnl_link *link = rtnl_link_macvlan_alloc();
	struct nl_addr *mac_addr;
	int err;

	if (!link)
		return -ENOMEM;
	mac_addr = nl_addr_build(AF_LLC, mac, 6);
	if (!mac_addr) {
		rtnl_link_put(link);
		return -ENOMEM;
	}
	rtnl_link_set_name(link, name);
	rtnl_link_set_link(link, parent);
	rtnl_link_set_addr(link, mac_addr);
	rtnl_link_macvlan_set_mode(link, MACVLAN_MODE_PRIVATE);
	/* Created down: the sysctls are set before it carries a packet. */
	err = xvrrp_nl_errno(rtnl_link_add(sk, link, NLM_F_CREATE | NLM_F_EXCL));
	nl_addr_put(mac_addr);
	rtnl_link_put(link);
	return err;
}

/*
 * May we take over the existing `link` named like our VMAC? Only if it is
 * what we would have made: a macvlan on the same parent with the VRID's MAC.
 */
static bool vmac_adoptable(struct rtnl_link *link, const char *name, int parent,
			   const uint8_t mac[6])
{
	struct nl_addr *a = rtnl_link_get_addr(link);
	char want[18];

	mac_text(mac, want);
	if (!rtnl_link_is_macvlan(link)) {
		pr_err("use_vmac: interface %s exists and is not a macvlan: remove it or name "
		       "another VMAC", name);
		return false;
	}
	if (rtnl_link_get_link(link) != parent ||
	    !a || nl_addr_get_len(a) != 6 || memcmp(nl_addr_get_binary_addr(a), mac, 6)) {
		pr_err("use_vmac: macvlan %s exists but not on the VRRP interface with MAC %s: "
		       "remove it or name another VMAC", name, want);
		return false;
	}
	return true;
}

/*
 * Put an adopted or new VMAC in private mode and record the parent's
 * settings if nobody did (the kernel ignores an alias given at creation).
 */
static int vmac_adopt(struct nl_sock *sk, struct rtnl_link *link, const char *base_name,
		      int parent)
{
	const char *alias = rtnl_link_get_ifalias(link);
	struct rtnl_link *change = rtnl_link_macvlan_alloc();
	bool changed = false;
	struct base_arp saved;
	char buf[128];
	int err = 0;

	if (!change)
		return -ENOMEM;
	if (rtnl_link_macvlan_get_mode(link) != MACVLAN_MODE_PRIVATE) {
		rtnl_link_macvlan_set_mode(change, MACVLAN_MODE_PRIVATE);
		changed = true;
	}
	/* Someone else's alias is theirs to keep; then we restore nothing. */
	if (!alias || !*alias) {
		err = original_base_arp(sk, parent, base_name, &saved);
		if (!err) {
			snprintf(buf, sizeof(buf), ALIAS_FMT, saved.arp_ignore, saved.arp_filter,
				 saved.arp_announce);
			rtnl_link_set_ifalias(change, buf);
			changed = true;
		}
	}
	if (!err && changed)
		err = xvrrp_nl_errno(rtnl_link_change(sk, link, change, 0));
	rtnl_link_put(change);
	return err;
}

static int link_set_up(struct nl_sock *sk, struct rtnl_link *link)
{
	struct rtnl_link *change = rtnl_link_alloc();
	int err;

	if (!change)
		return -ENOMEM;
	rtnl_link_set_flags(change, IFF_UP);
	err = xvrrp_nl_errno(rtnl_link_change(sk, link, change, 0));
	rtnl_link_put(change);
	return err;
}

/* Create or adopt, then fetch it back: the kernel's view is what we configure. */
static int vmac_obtain(struct nl_sock *sk, const char *name, int parent, const char *base_name,
		       const uint8_t mac[6], struct rtnl_link **link)
{
	int err = link_by_name(sk, name, link);

	if (!err) {
		if (!vmac_adoptable(*link, name, parent, mac))
			return -EEXIST;
		pr_info("use_vmac: adopting existing %s", name);
	} else if (err == -ENODEV) {
		err = vmac_add(sk, name, parent, mac);
		if (!err)
			err = link_by_name(sk, name, link);
	}
	return err ? err : vmac_adopt(sk, *link, base_name, parent);
}

int xvrrp_vmac_create(struct xvrrp_nl *nl, const char *name, int parent_ifindex, uint8_t vrid,
		      int family)
{
	struct nl_sock *sk = xvrrp_nl_sock(nl);
	struct rtnl_link *link = NULL;
	char base_name[IF_NAMESIZE];
	uint8_t mac[6];
	int err;

	xvrrp_vmac_addr(vrid, family, mac);
	if (!if_indextoname(parent_ifindex, base_name)) {
		err = -errno;
		pr_err("use_vmac %s: no interface with index %d", name, parent_ifindex);
		return err;
	}
	err = vmac_obtain(sk, name, parent_ifindex, base_name, mac, &link);
	if (!err)
		err = set_vmac_sysctls(name);
	if (!err)
		err = set_base_sysctls(base_name);
	if (!err)
		err = link_set_up(sk, link);
	if (err && err != -EEXIST)
		pr_err("use_vmac: cannot set up macvlan %s on %s: %s", name, base_name,
		       strerror(-err));
	if (!err)
		err = rtnl_link_get_ifindex(link);
	if (link)
		rtnl_link_put(link);
	return err;
}

/* The parent's settings back, once its last VMAC of ours is gone. */
static void restore_base(struct nl_sock *sk, int parent, const struct base_arp *saved)
{
	struct base_arp other;
	char base_name[IF_NAMESIZE];

	if (sibling_vmac(sk, parent, 0, &other) != 0 || !if_indextoname(parent, base_name))
		return;
	xvrrp_sysctl_write(XVRRP_SYSCTL_IPV4, base_name, "arp_ignore", saved->arp_ignore);
	xvrrp_sysctl_write(XVRRP_SYSCTL_IPV4, base_name, "arp_filter", saved->arp_filter);
	xvrrp_sysctl_write(XVRRP_SYSCTL_IPV4, base_name, "arp_announce", saved->arp_announce);
}

int xvrrp_vmac_delete(struct xvrrp_nl *nl, const char *name)
{
	struct nl_sock *sk = xvrrp_nl_sock(nl);
	struct rtnl_link *link = NULL;
	struct base_arp saved;
	bool restore;
	int parent, err;

	err = link_by_name(sk, name, &link);
	if (err == -ENODEV)
		return 0;
	if (err) {
		pr_err("use_vmac: cannot look up %s: %s", name, strerror(-err));
		return err;
	}
	/* Never delete what is not a VMAC, whatever its name. */
	if (!rtnl_link_is_macvlan(link) || !is_vmac_mac(link)) {
		pr_err("use_vmac: %s is not a VMAC (macvlan with MAC 00:00:5e:00:01:xx or 00:00:5e:00:02:xx): left alone",
		       name);
		rtnl_link_put(link);
		return -EINVAL;
	}
	parent = rtnl_link_get_link(link);
	restore = parse_alias(rtnl_link_get_ifalias(link), &saved);
	err = xvrrp_nl_errno(rtnl_link_delete(sk, link));
	rtnl_link_put(link);
	if (err == -ENODEV)
		err = 0;
	if (err) {
		pr_err("use_vmac: cannot delete %s: %s", name, strerror(-err));
		return err;
	}
	/* After the VMAC (and its VIPs) is gone, so the parent never answers for them. */
	if (restore)
		restore_base(sk, parent, &saved);
	return 0;
}
