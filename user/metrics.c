// SPDX-License-Identifier: GPL-2.0-only
/* Prometheus text exposition of status and stats JSON: see metrics.h. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"

/* keepalived's numbering, which its exporter's keepalived_vrrp_state uses. */
static int state_value(const char *state)
{
	static const char *const names[] = { "INIT", "BACKUP", "MASTER", "FAULT" };

	for (int i = 0; i < 4; i++)
		if (state && !strcmp(state, names[i]))
			return i;
	return 0;
}

static struct json_object *get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (o)
		json_object_object_get_ex(o, key, &v);
	return v;
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);

	return v ? json_object_get_string(v) : "";
}

static size_t len(struct json_object *arr)
{
	return arr && json_object_is_type(arr, json_type_array) ? json_object_array_length(arr) : 0;
}

/* A label value: backslash, double quote and line feed escaped. */
static void label(FILE *f, const char *name, const char *value, bool first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", name);
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == '"')
			fprintf(f, "\\%c", *p);
		else if (*p == '\n')
			fputs("\\n", f);
		else
			fputc(*p, f);
	}
	fputc('"', f);
}

static void family(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* The status entry of the instance a stats entry is about (same name and interface). */
static struct json_object *status_of(struct json_object *status, struct json_object *inst)
{
	struct json_object *all = get(status, "instances");

	for (size_t i = 0; i < len(all); i++) {
		struct json_object *s = json_object_array_get_idx(all, i);

		if (!strcmp(str(s, "name"), str(inst, "name")) &&
		    !strcmp(str(s, "interface"), str(inst, "interface")) &&
		    !strcmp(str(s, "netns"), str(inst, "netns")))
			return s;
	}
	return NULL;
}

static void instance_labels(FILE *f, struct json_object *inst)
{
	label(f, "instance", str(inst, "name"), true);
	/* One daemon for many namespaces: which one (absent for the daemon's own). */
	if (str(inst, "netns")[0])
		label(f, "netns", str(inst, "netns"), false);
	label(f, "interface", str(inst, "interface"), false);
	label(f, "vrid", str(inst, "vrid"), false);
	/* "inet6" for an IPv6 instance (xvrrp stats --json), written ipv4/ipv6 here. */
	label(f, "family", strcmp(str(inst, "family"), "inet6") ? "ipv4" : "ipv6", false);
}

/* One family per key of OBJ_KEY in each element of ARR: NAME_PREFIX<key>_total. */
static void counter_families(FILE *f, struct json_object *arr, const char *obj_key,
			     const char *prefix, const char *help, bool per_instance)
{
	struct json_object *first = NULL;

	for (size_t i = 0; i < len(arr) && !first; i++)
		first = get(json_object_array_get_idx(arr, i), obj_key);
	if (!first)
		return;
	json_object_object_foreach(first, key, unused) {
		char name[128];

		(void)unused;
		snprintf(name, sizeof(name), "%s%s_total", prefix, key);
		family(f, name, "counter", help);
		for (size_t i = 0; i < len(arr); i++) {
			struct json_object *e = json_object_array_get_idx(arr, i);
			struct json_object *v = get(get(e, obj_key), key);

			if (!v)
				continue;
			fprintf(f, "%s{", name);
			if (per_instance)
				instance_labels(f, e);
			else
				label(f, "interface", str(e, "name"), true);
			fprintf(f, "} %s\n", json_object_get_string(v));
		}
	}
}

static void gauge_family(FILE *f, struct json_object *insts, struct json_object *status,
			 const char *name, const char *key, const char *help)
{
	family(f, name, "gauge", help);
	for (size_t i = 0; i < len(insts); i++) {
		struct json_object *e = json_object_array_get_idx(insts, i);
		struct json_object *s = status_of(status, e);

		if (!s)
			continue;
		fprintf(f, "%s{", name);
		instance_labels(f, e);
		if (!strcmp(key, "state"))
			fprintf(f, "} %d\n", state_value(str(s, "state")));
		else
			fprintf(f, "} %s\n", str(s, key));
	}
}

static void native(FILE *f, struct json_object *status, struct json_object *stats)
{
	struct json_object *ifs = get(stats, "interfaces");
	struct json_object *insts = get(stats, "instances");

	family(f, "xvrrp_up", "gauge", "1: the daemon answered.");
	fputs("xvrrp_up 1\n", f);
	family(f, "xvrrp_interface_info", "gauge", "The XDP program of each attached interface.");
	for (size_t i = 0; i < len(ifs); i++) {
		struct json_object *e = json_object_array_get_idx(ifs, i);

		fputs("xvrrp_interface_info{", f);
		label(f, "interface", str(e, "name"), true);
		label(f, "xdp_mode", str(e, "xdp_mode"), false);
		label(f, "prog_id", str(e, "prog_id"), false);
		fputs("} 1\n", f);
	}
	counter_families(f, ifs, "xdp", "xvrrp_xdp_",
			 "XDP program counter of the interface (summed over CPUs).", false);
	counter_families(f, insts, "xdp", "xvrrp_vrid_xdp_",
			 "XDP program counter of the instance's VRID (summed over CPUs).", true);
	counter_families(f, insts, "counters", "xvrrp_instance_",
			 "Per-instance counter, keepalived's meaning.", true);
	gauge_family(f, insts, status, "xvrrp_instance_state", "state",
		     "State: 0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT.");
	gauge_family(f, insts, status, "xvrrp_instance_priority", "priority",
		     "Effective priority (configured, moved by trackers).");
	gauge_family(f, insts, status, "xvrrp_instance_configured_priority", "configured_priority",
		     "Configured priority.");
	gauge_family(f, insts, status, "xvrrp_instance_last_transition_timestamp_seconds",
		     "last_transition", "Time of the last state transition (Unix time).");
}

/* keepalived exporter: counters renamed, labels iname, intf, vrid. */
static const char *const ka_counters[][3] = {
	{ "keepalived_advertisements_received_total", "advert_rcvd", "Advertisements received" },
	{ "keepalived_advertisements_sent_total", "advert_sent", "Advertisements sent" },
	{ "keepalived_become_master_total", "become_master", "Became master" },
	{ "keepalived_release_master_total", "release_master", "Released master" },
	{ "keepalived_packet_length_errors_total", "packet_len_err", "Packet length errors" },
	{ "keepalived_advertisements_interval_errors_total", "advert_interval_err",
	  "Advertisement interval errors" },
	{ "keepalived_ip_ttl_errors_total", "ip_ttl_err", "TTL errors" },
	{ "keepalived_invalid_type_received_total", "invalid_type_rcvd", "Invalid type errors" },
	{ "keepalived_address_list_errors_total", "addr_list_err", "Address list errors" },
	{ "keepalived_authentication_invalid_total", "invalid_authtype", "Authentication invalid" },
	{ "keepalived_authentication_mismatch_total", "authtype_mismatch", "Authentication mismatch" },
	{ "keepalived_authentication_failure_total", "auth_failure", "Authentication failure" },
	{ "keepalived_priority_zero_received_total", "pri_zero_rcvd", "Priority zero received" },
	{ "keepalived_priority_zero_sent_total", "pri_zero_sent", "Priority zero sent" },
};

static void ka_labels(FILE *f, struct json_object *inst)
{
	label(f, "iname", str(inst, "name"), true);
	label(f, "intf", str(inst, "interface"), false);
	label(f, "vrid", str(inst, "vrid"), false);
}

/* keepalived_vrrp_state: one sample per VIP of the list (the exporter's shape). */
static void ka_state(FILE *f, struct json_object *status, const char *name, bool excluded)
{
	struct json_object *all = get(status, "instances");

	family(f, name, "gauge", excluded ? "State of vrrp with excluded VIP" : "State of vrrp");
	for (size_t i = 0; i < len(all); i++) {
		struct json_object *s = json_object_array_get_idx(all, i);
		struct json_object *vips = get(s, excluded ? "vips_excluded" : "vips_advertised");
		size_t n = len(vips);

		if (excluded && !n)
			continue;
		for (size_t k = 0; k < (n ? n : 1); k++) {
			fprintf(f, "%s{", name);
			ka_labels(f, s);
			label(f, "ip_address", n ? json_object_get_string(json_object_array_get_idx(vips, k)) : "",
			      false);
			fprintf(f, "} %d\n", state_value(str(s, "state")));
		}
	}
}

static void keepalived(FILE *f, struct json_object *status, struct json_object *stats)
{
	struct json_object *insts = get(stats, "instances");

	family(f, "keepalived_up", "gauge", "Status");
	fputs("keepalived_up 1\n", f);
	ka_state(f, status, "keepalived_vrrp_state", false);
	ka_state(f, status, "keepalived_vrrp_excluded_state", true);
	for (size_t c = 0; c < sizeof(ka_counters) / sizeof(ka_counters[0]); c++) {
		family(f, ka_counters[c][0], "counter", ka_counters[c][2]);
		for (size_t i = 0; i < len(insts); i++) {
			struct json_object *e = json_object_array_get_idx(insts, i);
			struct json_object *v = get(get(e, "counters"), ka_counters[c][1]);

			fprintf(f, "%s{", ka_counters[c][0]);
			ka_labels(f, e);
			fprintf(f, "} %s\n", v ? json_object_get_string(v) : "0");
		}
	}
}

char *xvrrp_metrics_render(struct json_object *status, struct json_object *stats, unsigned int flags)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	if (!f)
		return NULL;
	native(f, status, stats);
	if (flags & XVRRP_METRICS_KEEPALIVED)
		keepalived(f, status, stats);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}
