/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Routes and policy rules (virtual_routes / virtual_rules, static_routes /
 * static_rules) through libnl-route-3. Idempotent: adding what exists and
 * removing what is gone succeed.
 */
#ifndef XVRRP_ROUTES_H
#define XVRRP_ROUTES_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "netlink.h"

/*
 * Add (add=true) or remove every route. default_dev names the device for a
 * route without dev and without via (the instance's interface); NULL = none.
 * Returns 0, or the first negative errno after trying every route; each
 * failure is logged with the route's config line.
 */
int xvrrp_routes_apply(struct xvrrp_nl *nl, const struct xvrrp_route_cfg *routes, size_t n,
		       const char *default_dev, bool add);

int xvrrp_rules_apply(struct xvrrp_nl *nl, const struct xvrrp_rule_cfg *rules, size_t n,
		      bool add);

#endif
