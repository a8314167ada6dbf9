/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Prometheus text exposition (format 0.0.4) of what `xvrrp status --json`
 * and `xvrrp stats --json` say: pure, JSON in, text out. Served by
 * `attach --metrics` and printed by `stats --format prometheus`.
 *
 * Native names (xvrrp_ prefix, _total counters, labels instance, interface,
 * vrid, family); with XVRRP_METRICS_KEEPALIVED, also the names and labels
 * of the widely used keepalived exporter (keepalived_vrrp_state{iname,intf,
 * vrid,ip_address}, keepalived_advertisements_received_total{iname,intf,
 * vrid}, ...), so that existing dashboards keep working.
 */
#ifndef XVRRP_METRICS_H
#define XVRRP_METRICS_H

#include <json-c/json.h>

#define XVRRP_METRICS_KEEPALIVED 0x1u

/* A malloc'd NUL-terminated exposition, or NULL (ENOMEM). */
char *xvrrp_metrics_render(struct json_object *status, struct json_object *stats, unsigned int flags);

#endif
