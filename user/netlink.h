/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Links and addresses through libnl-route-3. Address changes are idempotent:
 * adding an address that is there, or deleting one that is not, succeeds
 * (DESIGN.md: "VIP flip order").
 */
#ifndef XVRRP_NETLINK_H
#define XVRRP_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

struct xvrrp_nl;

struct xvrrp_link_info {
	int ifindex;
	uint8_t mac[6];
	bool up;                /* IFF_UP and IFF_RUNNING (carrier) */
	unsigned int mtu;
};

struct nl_sock;

/* A libnl error (negative NLE_*) as a negative errno, for every libnl caller. */
int xvrrp_nl_errno(int nlerr);

/* The libnl socket, for modules doing their own libnl-route calls (routes.c, vmac.c). */
struct nl_sock *xvrrp_nl_sock(struct xvrrp_nl *nl);

/* Open a libnl route socket. NULL with errno set on failure. */
struct xvrrp_nl *xvrrp_nl_open(void);
void xvrrp_nl_close(struct xvrrp_nl *nl);

/* Facts about interface `name`. Returns 0, or a negative errno (-ENODEV: no such interface). */
int xvrrp_nl_link_info(struct xvrrp_nl *nl, const char *name, struct xvrrp_link_info *info);

/*
 * The interface's primary IPv4 address (the first non-secondary one), skipping
 * any address listed in `exclude` (our VIPs). Network byte order. Returns 0,
 * -ENOENT when the interface has none, or another negative errno.
 */
int xvrrp_nl_primary_addr4(struct xvrrp_nl *nl, int ifindex, const uint32_t *exclude,
			   size_t n_exclude, uint32_t *addr);

/*
 * The interface's IPv6 link-local address, what an IPv6 instance sends from
 * (RFC 5798 §5.1.2.1), skipping those in exclude (link-local VIPs).
 * Returns 0, -EAGAIN while it is still tentative (DAD), -ENOENT when it has
 * none, or another negative errno.
 */
int xvrrp_nl_link_local6(struct xvrrp_nl *nl, int ifindex, const struct in6_addr *exclude,
			 size_t n_exclude, struct in6_addr *addr);

struct xvrrp_addr4 {
	uint32_t addr;          /* network byte order */
	uint8_t prefixlen;
	uint8_t scope;          /* RT_SCOPE_* */
	uint32_t brd;           /* broadcast, network byte order; 0 = none */
	const char *label;      /* NULL or "" = none */
};

/* Add a->addr/prefixlen on ifindex. Already present counts as success. */
int xvrrp_nl_addr_add4(struct xvrrp_nl *nl, int ifindex, const struct xvrrp_addr4 *a);
/* Delete addr/prefixlen. Returns 1 if removed, 0 if it was not there, or a negative errno. */
int xvrrp_nl_addr_del4(struct xvrrp_nl *nl, int ifindex, uint32_t addr, uint8_t prefixlen);
/* The same for IPv6 (added without DAD: IFA_F_NODAD). */
int xvrrp_nl_addr_add6(struct xvrrp_nl *nl, int ifindex, const struct in6_addr *addr,
		       uint8_t prefixlen, uint8_t scope);
int xvrrp_nl_addr_del6(struct xvrrp_nl *nl, int ifindex, const struct in6_addr *addr,
		       uint8_t prefixlen);


/* Link-state monitor: calls cb for every RTM_NEWLINK the kernel multicasts. */
struct xvrrp_nl_monitor;
typedef void (*xvrrp_link_cb)(void *ctx, int ifindex, bool up);

struct xvrrp_nl_monitor *xvrrp_nl_monitor_open(xvrrp_link_cb cb, void *ctx);
int xvrrp_nl_monitor_fd(const struct xvrrp_nl_monitor *m);
/* Read what is pending (non-blocking) and call cb for each link message. */
void xvrrp_nl_monitor_recv(struct xvrrp_nl_monitor *m);
void xvrrp_nl_monitor_close(struct xvrrp_nl_monitor *m);

#endif
