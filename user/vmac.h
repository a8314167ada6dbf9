/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * use_vmac: a macvlan on the VRRP interface with the virtual router MAC
 * 00:00:5e:00:01:VRID, or 00:00:5e:00:02:VRID for an IPv6 virtual router
 * (RFC 5798 §7.3), holds the VIPs, with the sysctls
 * keepalived sets for it.
 */
#ifndef XVRRP_VMAC_H
#define XVRRP_VMAC_H

#include <stdint.h>

#include "netlink.h"

/* 00:00:5e:00:01:vrid for an IPv4 virtual router, 00:00:5e:00:02:vrid for IPv6 */
void xvrrp_vmac_addr(uint8_t vrid, int family, uint8_t mac[6]);

/*
 * Create (or adopt, if it exists with the right MAC on the right parent) the
 * macvlan `name` on parent ifindex, with the MAC of virtual router `vrid`
 * of `family` (AF_INET or AF_INET6), bring it up and set the sysctls.
 * Returns its ifindex, or a negative errno after logging why.
 */
int xvrrp_vmac_create(struct xvrrp_nl *nl, const char *name, int parent_ifindex, uint8_t vrid,
		      int family);

/* Delete the macvlan we created. */
int xvrrp_vmac_delete(struct xvrrp_nl *nl, const char *name);

#endif
