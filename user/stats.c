// SPDX-License-Identifier: GPL-2.0-only
#include <stddef.h>
#include <string.h>
#include <arpa/inet.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "daemon.h"
#include "stats.h"
#include "xvrrp_maps.h"

struct field {
	const char *name;
	size_t off;
};

#define F(type, name) { #name, offsetof(type, name) }

static const struct field xdp_fields[] = {
	F(struct xvrrp_xdp_stats, rx_frames),
	F(struct xvrrp_xdp_stats, vrrp_rcvd),
	F(struct xvrrp_xdp_stats, vrrp_valid),
	F(struct xvrrp_xdp_stats, vrrp_events),
	F(struct xvrrp_xdp_stats, ringbuf_full),
	F(struct xvrrp_xdp_stats, packet_len_err),
	F(struct xvrrp_xdp_stats, ip_hdr_err),
	F(struct xvrrp_xdp_stats, ip_ttl_err),
	F(struct xvrrp_xdp_stats, version_err),
	F(struct xvrrp_xdp_stats, invalid_type_rcvd),
	F(struct xvrrp_xdp_stats, checksum_err),
	F(struct xvrrp_xdp_stats, vrid_unknown),
	F(struct xvrrp_xdp_stats, advert_interval_err),
	F(struct xvrrp_xdp_stats, dst_err),
	F(struct xvrrp_xdp_stats, arp_rcvd),
	F(struct xvrrp_xdp_stats, arp_replied),
	F(struct xvrrp_xdp_stats, arp_passed),
	F(struct xvrrp_xdp_stats, unicast_peer_err),
	F(struct xvrrp_xdp_stats, unicast_mode_err),
	F(struct xvrrp_xdp_stats, no_accept_drop),
	F(struct xvrrp_xdp_stats, vip_passed),
	F(struct xvrrp_xdp_stats, lower_prio_ignored),
	F(struct xvrrp_xdp_stats, newcomer_limited),
	F(struct xvrrp_xdp_stats, authtype_mismatch),
	F(struct xvrrp_xdp_stats, ns_rcvd),
	F(struct xvrrp_xdp_stats, ns_replied),
	F(struct xvrrp_xdp_stats, ns_passed),
	F(struct xvrrp_xdp_stats, addr_list_err),
	F(struct xvrrp_xdp_stats, vlan_passed),
};

static const struct field vrid_fields[] = {
	F(struct xvrrp_vrid_stats, advert_rcvd),
	F(struct xvrrp_vrid_stats, packet_len_err),
	F(struct xvrrp_vrid_stats, ip_ttl_err),
	F(struct xvrrp_vrid_stats, invalid_type_rcvd),
	F(struct xvrrp_vrid_stats, checksum_err),
	F(struct xvrrp_vrid_stats, version_err),
	F(struct xvrrp_vrid_stats, advert_interval_err),
	F(struct xvrrp_vrid_stats, unicast_peer_err),
	F(struct xvrrp_vrid_stats, unicast_mode_err),
	F(struct xvrrp_vrid_stats, no_accept_drop),
	F(struct xvrrp_vrid_stats, lower_prio_ignored),
	F(struct xvrrp_vrid_stats, newcomer_limited),
	F(struct xvrrp_vrid_stats, authtype_mismatch),
	F(struct xvrrp_vrid_stats, addr_list_err),
};

static const struct field instance_fields[] = {
	F(struct xvrrp_instance_counters, advert_rcvd),
	F(struct xvrrp_instance_counters, advert_sent),
	F(struct xvrrp_instance_counters, become_master),
	F(struct xvrrp_instance_counters, release_master),
	F(struct xvrrp_instance_counters, packet_len_err),
	F(struct xvrrp_instance_counters, ip_ttl_err),
	F(struct xvrrp_instance_counters, invalid_type_rcvd),
	F(struct xvrrp_instance_counters, advert_interval_err),
	F(struct xvrrp_instance_counters, addr_list_err),
	F(struct xvrrp_instance_counters, invalid_authtype),
	F(struct xvrrp_instance_counters, authtype_mismatch),
	F(struct xvrrp_instance_counters, auth_failure),
	F(struct xvrrp_instance_counters, pri_zero_rcvd),
	F(struct xvrrp_instance_counters, pri_zero_sent),
	F(struct xvrrp_instance_counters, kernel_master_down),
	F(struct xvrrp_instance_counters, kernel_takeover_reverted),
	F(struct xvrrp_instance_counters, kernel_unflipped),
	F(struct xvrrp_instance_counters, kernel_deadline_mismatch),
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static uint64_t *field_ptr(void *base, const struct field *f)
{
	return (uint64_t *)((char *)base + f->off);
}

/* Sum a per-CPU value made only of __u64 counters. */
static int percpu_sum(int fd, const void *key, void *sum, size_t size)
{
	int ncpu = libbpf_num_possible_cpus();
	size_t words = size / sizeof(uint64_t);
	uint64_t *vals;
	int err = 0;

	memset(sum, 0, size);
	if (ncpu <= 0)
		return -1;
	vals = calloc(ncpu, size);
	if (!vals)
		return -1;
	if (bpf_map_lookup_elem(fd, key, vals)) {
		err = -1;
		goto out;
	}
	for (int c = 0; c < ncpu; c++)
		for (size_t w = 0; w < words; w++)
			((uint64_t *)sum)[w] += vals[c * words + w];
out:
	free(vals);
	return err;
}

static struct json_object *fields_json(void *base, const struct field *fields, size_t n)
{
	struct json_object *o = json_object_new_object();

	for (size_t i = 0; i < n; i++)
		json_object_object_add(o, fields[i].name,
				       json_object_new_uint64(*field_ptr(base, &fields[i])));
	return o;
}

/* What the XDP program counted for the instance's VRID; false if nothing (not attached). */
static bool vrid_counters(const struct xvrrp_instance *inst, struct xvrrp_vrid_stats *vs)
{
	struct xvrrp_vrid_key key = { .vrid = inst->cfg->vrid, .family = xvrrp_instance_af(inst) };

	return inst->iface->attached &&
	       !percpu_sum(xvrrp_xdp_fd_vrid_stats(&inst->iface->xdp), &key, vs, sizeof(*vs));
}

/* User-space counters plus what only the XDP program saw for this VRID. */
static void instance_counters(const struct xvrrp_instance *inst, struct xvrrp_instance_counters *c,
			      const struct xvrrp_vrid_stats *xdp)
{
	const struct xvrrp_vrid_stats vs = *xdp;

	*c = inst->counters;
	c->advert_rcvd = vs.advert_rcvd;
	c->packet_len_err += vs.packet_len_err;
	c->ip_ttl_err += vs.ip_ttl_err;
	c->invalid_type_rcvd += vs.invalid_type_rcvd + vs.version_err;
	c->advert_interval_err += vs.advert_interval_err;
	c->addr_list_err += vs.unicast_mode_err + vs.addr_list_err;  /* keepalived files both there */
	c->authtype_mismatch += vs.authtype_mismatch;
}

/* The network namespace an interface is in, as configured ("" = the daemon's own). */
static const char *netns_name(const struct xvrrp_iface *iface)
{
	return iface->ns ? iface->ns->name : "";
}

struct json_object *xvrrp_stats_json(struct xvrrp_daemon *d, const char *ifname)
{
	struct json_object *root = json_object_new_object();
	struct json_object *ifs = json_object_new_array();
	struct json_object *insts = json_object_new_array();

	for (size_t i = 0; i < d->n_ifaces; i++) {
		struct xvrrp_iface *iface = d->ifaces[i];
		struct xvrrp_xdp_stats st;
		struct json_object *o;
		uint32_t key = 0;

		if (!iface->attached || (ifname && strcmp(ifname, iface->name)))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(iface->name));
		json_object_object_add(o, "netns", json_object_new_string(netns_name(iface)));
		json_object_object_add(o, "ifindex", json_object_new_int(iface->link.ifindex));
		json_object_object_add(o, "xdp_mode",
				       json_object_new_string(xvrrp_xdp_mode_name(iface->xdp.mode)));
		json_object_object_add(o, "prog_id", json_object_new_int64(iface->xdp.prog_id));
		json_object_object_add(o, "pin_dir", json_object_new_string(iface->xdp.pin_dir));
		percpu_sum(xvrrp_xdp_fd_stats(&iface->xdp), &key, &st, sizeof(st));
		json_object_object_add(o, "xdp", fields_json(&st, xdp_fields, ARRAY_SIZE(xdp_fields)));
		json_object_array_add(ifs, o);
	}
	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = d->instances[j];
		struct xvrrp_instance_counters c;
		struct xvrrp_vrid_stats vs;
		struct json_object *o;
		bool have_xdp;

		if (ifname && strcmp(ifname, inst->iface->name))
			continue;
		have_xdp = vrid_counters(inst, &vs);
		if (have_xdp)
			instance_counters(inst, &c, &vs);
		else
			c = inst->counters;
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(inst->cfg->name));
		json_object_object_add(o, "netns", json_object_new_string(netns_name(inst->iface)));
		json_object_object_add(o, "interface", json_object_new_string(inst->iface->name));
		json_object_object_add(o, "vrid", json_object_new_int(inst->cfg->vrid));
		json_object_object_add(o, "family", json_object_new_string(xvrrp_instance_v6(inst)
									   ? "inet6" : "inet"));
		json_object_object_add(o, "counters",
				       fields_json(&c, instance_fields, ARRAY_SIZE(instance_fields)));
		if (have_xdp)
			json_object_object_add(o, "xdp", fields_json(&vs, vrid_fields, ARRAY_SIZE(vrid_fields)));
		json_object_array_add(insts, o);
	}
	json_object_object_add(root, "interfaces", ifs);
	json_object_object_add(root, "instances", insts);
	return root;
}

static struct json_object *vip_list(const struct xvrrp_instance *inst, size_t from, size_t to)
{
	struct json_object *arr = json_object_new_array();

	for (size_t k = from; k < to && k < inst->n_vips; k++) {
		const struct xvrrp_vip_cfg *v = inst->vips[k].cfg;
		char a[INET6_ADDRSTRLEN + 8], s[INET6_ADDRSTRLEN];

		inet_ntop(v->family, &v->addr, s, sizeof(s));
		snprintf(a, sizeof(a), "%s/%u", s, v->prefixlen);
		json_object_array_add(arr, json_object_new_string(a));
	}
	return arr;
}

struct json_object *xvrrp_status_json(struct xvrrp_daemon *d)
{
	struct json_object *root = json_object_new_object();
	struct json_object *insts = json_object_new_array();
	char buf[INET6_ADDRSTRLEN];

	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = d->instances[j];
		const struct vrrp_fsm *f = &inst->fsm;
		struct json_object *o = json_object_new_object();
		struct vrrp_addr src = xvrrp_instance_src(inst);
		struct vrrp_addr master = f->state == VRRP_STATE_MASTER ? src : f->master_addr;
		struct vrrp_addr primary = xvrrp_instance_v6(inst)
					   ? vrrp_addr6(&inst->iface->primary_addr6)
					   : vrrp_addr4(inst->iface->primary_addr);

		json_object_object_add(o, "name", json_object_new_string(inst->cfg->name));
		json_object_object_add(o, "netns", json_object_new_string(netns_name(inst->iface)));
		json_object_object_add(o, "interface", json_object_new_string(inst->iface->name));
		json_object_object_add(o, "attached", json_object_new_boolean(inst->iface->attached));
		json_object_object_add(o, "vrid", json_object_new_int(inst->cfg->vrid));
		json_object_object_add(o, "version", json_object_new_int(inst->cfg->version));
		json_object_object_add(o, "family", json_object_new_string(xvrrp_instance_v6(inst)
									   ? "inet6" : "inet"));
		json_object_object_add(o, "state", json_object_new_string(vrrp_state_name(f->state)));
		json_object_object_add(o, "priority", json_object_new_int(f->priority));
		json_object_object_add(o, "configured_priority", json_object_new_int(inst->cfg->priority));
		json_object_object_add(o, "advert_int", json_object_new_double(inst->cfg->adver_int_cs / 100.0));
		json_object_object_add(o, "master_adver_int",
				       json_object_new_double(f->master_adver_int_cs / 100.0));
		json_object_object_add(o, "preempt", json_object_new_boolean(!inst->cfg->nopreempt));
		json_object_object_add(o, "primary_addr", json_object_new_string(
				       xvrrp_instance_ntop(inst, &primary, buf, sizeof(buf))));
		json_object_object_add(o, "src_addr", json_object_new_string(
				       xvrrp_instance_ntop(inst, &src, buf, sizeof(buf))));
		json_object_object_add(o, "master", vrrp_addr_is_set(&master)
				       ? json_object_new_string(xvrrp_instance_ntop(inst, &master, buf,
										    sizeof(buf)))
				       : NULL);
		json_object_object_add(o, "master_priority",
				       json_object_new_int(f->state == VRRP_STATE_MASTER ? f->priority
											 : f->master_priority));
		json_object_object_add(o, "vips", vip_list(inst, 0, inst->n_vips));
		/* virtual_ipaddress, then virtual_ipaddress_excluded (keepalived's two lists). */
		json_object_object_add(o, "vips_advertised", vip_list(inst, 0, inst->n_advertised));
		json_object_object_add(o, "vips_excluded", vip_list(inst, inst->n_advertised, inst->n_vips));
		json_object_object_add(o, "last_transition",
				       json_object_new_double(inst->last_transition_realtime_ns / 1e9));
		json_object_array_add(insts, o);
	}
	json_object_object_add(root, "instances", insts);
	return root;
}
