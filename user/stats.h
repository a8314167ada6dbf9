/* SPDX-License-Identifier: GPL-2.0-only */
/* Counters as JSON: the XDP program's (per-CPU maps, summed) and the per-instance ones. */
#ifndef XVRRP_STATS_H
#define XVRRP_STATS_H

#include <json-c/json.h>

struct xvrrp_daemon;

/* {"interfaces":[...],"instances":[...]} for every attached interface, or only ifname. */
struct json_object *xvrrp_stats_json(struct xvrrp_daemon *d, const char *ifname);
/* {"instances":[...]}: state, priority, master, VIPs, last transition. */
struct json_object *xvrrp_status_json(struct xvrrp_daemon *d);

#endif
