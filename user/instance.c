// SPDX-License-Identifier: GPL-2.0-only
/* One VRRP instance against the host: VIP devices, VMAC, the XDP maps, start and stop. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include <bpf/bpf.h>

#include "daemon.h"
#include "log.h"
#include "vmac.h"
#include "xvrrp_maps.h"
#include "xvrrp_wire.h"

struct xvrrp_instance *xvrrp_instance_new(struct xvrrp_daemon *d, struct xvrrp_instance_cfg *cfg,
					  struct xvrrp_iface *iface)
{
	struct xvrrp_instance *inst = calloc(1, sizeof(*inst));

	if (!inst)
		return NULL;
	inst->cfg = cfg;
	inst->iface = iface;
	xvrrp_timer_init(&inst->fsm_timer, inst, XVRRP_TIMER_FSM);
	xvrrp_timer_init(&inst->garp_timer, inst, XVRRP_TIMER_GARP);
	xvrrp_timer_init(&inst->refresh_timer, inst, XVRRP_TIMER_GARP_REFRESH);
	xvrrp_timer_init(&inst->startup_timer, inst, XVRRP_TIMER_STARTUP);
	return inst;
}

static int resolve_vip(struct xvrrp_daemon *d, struct xvrrp_instance *inst, struct xvrrp_vip *v)
{
	struct xvrrp_link_info li;

	if (!v->cfg->dev[0] || !strcmp(v->cfg->dev, inst->iface->name)) {
		/* use_vmac: the VIPs of the VRRP interface live on the VMAC. */
		if (inst->vmac_ifindex) {
			v->ifindex = inst->vmac_ifindex;
			memcpy(v->mac, inst->vmac, 6);
		} else {
			v->ifindex = inst->iface->link.ifindex;
			memcpy(v->mac, inst->iface->link.mac, 6);
		}
		v->on_vrrp_iface = true;
		return 0;
	}
	if (xvrrp_nl_link_info(xvrrp_instance_nl(inst), v->cfg->dev, &li)) {
		pr_err("%s:%d: interface %s (dev of a virtual_ipaddress) does not exist",
		       inst->cfg->file, v->cfg->line, v->cfg->dev);
		return -ENODEV;
	}
	v->ifindex = li.ifindex;
	memcpy(v->mac, li.mac, 6);
	return 0;
}

static int resolve_vmac(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;
	int ifindex;

	if (!c->use_vmac)
		return 0;
	ifindex = xvrrp_vmac_create(xvrrp_instance_nl(inst), c->vmac_name, inst->iface->link.ifindex, c->vrid,
				    c->family);
	if (ifindex < 0)
		return ifindex;
	inst->vmac_ifindex = ifindex;
	inst->vmac_created = true;
	xvrrp_vmac_addr(c->vrid, c->family, inst->vmac);
	return 0;
}

/* A weight given at the reference overrides the tracked object's own, reverse included. */
static void set_ref(struct xvrrp_track_ref *t, const struct xvrrp_track_ref_cfg *r, size_t idx,
		    int weight, bool reverse)
{
	t->idx = idx;
	t->weight = r->weight_set ? r->weight : weight;
	t->reverse = r->weight_set ? r->weight_reverse : reverse;
}

static int resolve_trackers(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;

	inst->track_ifs = calloc(c->n_track_ifs + 1, sizeof(*inst->track_ifs));
	inst->track_scripts = calloc(c->n_track_scripts + 1, sizeof(*inst->track_scripts));
	inst->track_files = calloc(c->n_track_files + 1, sizeof(*inst->track_files));
	if (!inst->track_ifs || !inst->track_scripts || !inst->track_files)
		return -ENOMEM;
	for (size_t i = 0; i < c->n_track_ifs; i++) {
		struct xvrrp_track_if *t = &inst->track_ifs[i];
		struct xvrrp_link_info li;

		t->cfg = &c->track_ifs[i];
		if (xvrrp_nl_link_info(xvrrp_instance_nl(inst), t->cfg->name, &li) == 0) {
			t->ifindex = li.ifindex;
			t->up = li.up;
		} else {
			/* keepalived treats a tracked interface that does not exist as down. */
			pr_warn("%s:%d: tracked interface %s does not exist; counted as down",
				c->file, t->cfg->line, t->cfg->name);
		}
	}
	for (size_t i = 0; i < c->n_track_scripts; i++) {
		const struct xvrrp_track_ref_cfg *r = &c->track_scripts[i];
		size_t idx;

		for (idx = 0; idx < d->cfg.n_scripts; idx++)
			if (!strcmp(d->cfg.scripts[idx].name, r->name))
				break;
		if (idx == d->cfg.n_scripts)
			return -ENOENT; /* the parser rejects this; be safe */
		set_ref(&inst->track_scripts[i], r, idx, d->cfg.scripts[idx].weight,
			d->cfg.scripts[idx].weight_reverse);
	}
	for (size_t i = 0; i < c->n_track_files; i++) {
		const struct xvrrp_track_ref_cfg *r = &c->track_files[i];
		size_t idx;

		for (idx = 0; idx < d->cfg.n_track_files; idx++)
			if (!strcmp(d->cfg.track_files[idx].name, r->name))
				break;
		if (idx == d->cfg.n_track_files)
			return -ENOENT;
		set_ref(&inst->track_files[i], r, idx, d->cfg.track_files[idx].weight,
			d->cfg.track_files[idx].weight_reverse);
	}
	return 0;
}

int xvrrp_instance_resolve(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;
	size_t n = c->n_vips + c->n_vips_excluded;
	int err;

	if (xvrrp_daemon_enter(d, inst->iface->ns))
		return -EIO;
	err = resolve_vmac(d, inst);
	if (err)
		return err;
	inst->vips = calloc(n ? n : 1, sizeof(*inst->vips));
	if (!inst->vips)
		return -ENOMEM;
	inst->n_vips = n;
	inst->n_advertised = c->n_vips;
	for (size_t k = 0; k < n; k++) {
		struct xvrrp_vip *v = &inst->vips[k];

		v->advertised = k < c->n_vips;
		v->cfg = v->advertised ? &c->vips[k] : &c->vips_excluded[k - c->n_vips];
		err = resolve_vip(d, inst, v);
		if (err)
			return err;
	}
	return resolve_trackers(d, inst);
}

void xvrrp_instance_remove_stale(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	char buf[INET6_ADDRSTRLEN + 4];

	/* An address owner's VIP is the interface's own address: not ours to remove. */
	if (inst->cfg->priority == VRRP_PRIO_OWNER)
		return;
	for (size_t k = 0; k < inst->n_vips; k++) {
		const struct xvrrp_vip *v = &inst->vips[k];

		if (xvrrp_vip_addr_apply(xvrrp_instance_nl(inst), v->ifindex, v->cfg, false) == 1)
			pr_info("%s: removed VIP %s left over from an earlier run", inst->cfg->name,
				xvrrp_vip_str(v->cfg, buf, sizeof(buf)));
	}
}

uint32_t xvrrp_instance_addr_hash(const struct xvrrp_instance *inst)
{
	uint32_t n = 0, sum = 0, max = xvrrp_instance_v6(inst) ? XVRRP_ADVERT_MAX_ADDRS6 : VRRP_MAX_ADDRS;

	/* Over what xvrrp_instance_send_advert() sends. */
	for (size_t i = 0; i < inst->n_vips && n < max; i++) {
		const struct xvrrp_vip_cfg *c = inst->vips[i].cfg;

		if (!xvrrp_vip_advertised(inst, &inst->vips[i]))
			continue;
		if (c->family == AF_INET6) {
			uint32_t w[4];

			memcpy(w, &c->addr.v6, sizeof(w));
			sum += xvrrp_addr6_mix(w[0], w[1], w[2], w[3]);
		} else {
			sum += xvrrp_addr_mix(c->addr.v4.s_addr);
		}
		n++;
	}
	return xvrrp_addr_hash_seed(n) + sum;
}

/* The flags of the advert rules a reload may change. */
#define RULE_FLAGS (XVRRP_VRID_CHECK_ADDRS | XVRRP_VRID_NO_VIPS)

static uint32_t rule_flags(const struct xvrrp_daemon *d, const struct xvrrp_instance *inst)
{
	return (d->cfg.strict ? XVRRP_VRID_CHECK_ADDRS : 0) |
	       (inst->cfg->n_vips ? 0 : XVRRP_VRID_NO_VIPS);
}

void xvrrp_instance_program_rules(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	struct xvrrp_vrid_state *vs = xvrrp_instance_slot(inst);
	const struct xvrrp_instance_cfg *c = inst->cfg;
	uint32_t rules = rule_flags(d, inst);

	/* Each an aligned store the XDP program reads whole. */
	__atomic_store_n(&vs->cfg_addr_hash, xvrrp_instance_addr_hash(inst), __ATOMIC_RELAXED);
	__atomic_store_n(&vs->cfg_adver_int_cs, c->adver_int_cs, __ATOMIC_RELAXED);
	__atomic_store_n(&vs->cfg_version, c->version, __ATOMIC_RELAXED);
	__atomic_store_n(&vs->cfg_auth_type, c->auth_type, __ATOMIC_RELAXED);
	__atomic_fetch_or(&vs->flags, rules, __ATOMIC_SEQ_CST);
	__atomic_fetch_and(&vs->flags, ~(uint32_t)(RULE_FLAGS & ~rules), __ATOMIC_SEQ_CST);
}

/* keepalived: vrrp_check_unicast_src (global) or check_unicast_src (instance). */
static bool checks_unicast_src(const struct xvrrp_daemon *d, const struct xvrrp_instance_cfg *c)
{
	return (c->n_unicast_peers || c->n_unicast_peers6) &&
	       (d->cfg.check_unicast_src || c->check_unicast_src);
}

/*
 * An IPv6 instance's unicast_peer: adverts reach us at our source address
 * (unicast_dsts6, shared by the interface's instances: left until detach),
 * from the listed peers (unicast_peers6). add false: the peers go.
 */
static void unicast6_program(struct xvrrp_instance *inst, bool add)
{
	struct xvrrp_xdp *x = &inst->iface->xdp;
	const struct xvrrp_instance_cfg *c = inst->cfg;
	struct xvrrp_unicast_dst6_key dk;
	__u8 one = 1;

	memcpy(dk.addr6, &inst->src_addr6, sizeof(dk.addr6));
	if (add && bpf_map_update_elem(xvrrp_xdp_fd_unicast_dsts6(x), &dk, &one, BPF_ANY))
		pr_warn("%s: unicast_dsts6 update: %s", c->name, strerror(errno));
	for (size_t i = 0; i < c->n_unicast_peers6; i++) {
		struct xvrrp_unicast_peer6_key pk = { .vrid = c->vrid };

		memcpy(pk.saddr6, &c->unicast_peers6[i], sizeof(pk.saddr6));
		if (!add)
			bpf_map_delete_elem(xvrrp_xdp_fd_unicast_peers6(x), &pk);
		else if (bpf_map_update_elem(xvrrp_xdp_fd_unicast_peers6(x), &pk, &one, BPF_ANY))
			pr_warn("%s: unicast_peers6 update: %s", c->name, strerror(errno));
	}
}

int xvrrp_instance_program_xdp(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	struct xvrrp_xdp *x = &inst->iface->xdp;
	const struct xvrrp_instance_cfg *c = inst->cfg;
	struct xvrrp_vrid_state *vs = xvrrp_instance_slot(inst);
	uint32_t flags = XVRRP_VRID_CONFIGURED;

	if (c->n_unicast_peers || c->n_unicast_peers6)
		flags |= XVRRP_VRID_UNICAST;
	if (checks_unicast_src(d, c))
		flags |= XVRRP_VRID_UNICAST_CHECK_SRC;
	/* The map keeps no authentication data: such an instance checks every advert. */
	if (c->auth_type != VRRP_AUTH_NONE)
		flags |= XVRRP_VRID_WAKE_ALL;
	if (c->auth_type == VRRP_AUTH_AH)
		flags |= XVRRP_VRID_AUTH_AH;
	if (c->n_unicast_peers6)
		unicast6_program(inst, true);
	if (c->n_unicast_peers) {
		/* Unicast adverts reach us at our source address, from the listed peers. */
		struct xvrrp_unicast_dst_key dk = { .addr4 = inst->src_addr };
		__u8 one = 1;

		if (bpf_map_update_elem(xvrrp_xdp_fd_unicast_dsts(x), &dk, &one, BPF_ANY))
			pr_warn("%s: unicast_dsts update: %s", c->name, strerror(errno));
		for (size_t i = 0; i < c->n_unicast_peers; i++) {
			struct xvrrp_unicast_peer_key pk = {
				.vrid = c->vrid, .saddr4 = c->unicast_peers[i].s_addr,
			};

			if (bpf_map_update_elem(xvrrp_xdp_fd_unicast_peers(x), &pk, &one, BPF_ANY))
				pr_warn("%s: unicast_peers update: %s", c->name, strerror(errno));
		}
	}
	flags |= rule_flags(d, inst);
	/* The slot is not configured yet, so XDP leaves it alone: fill it, flags last. */
	memset(vs, 0, sizeof(*vs));
	xvrrp_instance_program_rules(d, inst);
	__atomic_store_n(&vs->flags, flags, __ATOMIC_RELEASE);
	/* Not answered for until the slot says XVRRP_VRID_OWNED. */
	xvrrp_instance_program_vips(inst, true);
	/* The interface's kernel timer, ready before the first advert (the XDP path retries). */
	if (!d->env.offline && xvrrp_ktimer_eligible(inst) && xvrrp_xdp_timer_prepare(x))
		pr_debug("%s: the kernel timer of %s is not ready yet; the XDP program tries again",
			 c->name, inst->iface->name);
	return 0;
}

void xvrrp_instance_follow_check_src(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	struct xvrrp_vrid_state *vs = xvrrp_instance_slot(inst);

	/* One bit, atomically: the XDP program sets SEEN in the same word at any time. */
	if (checks_unicast_src(d, inst->cfg))
		__atomic_fetch_or(&vs->flags, XVRRP_VRID_UNICAST_CHECK_SRC, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&vs->flags, ~(uint32_t)XVRRP_VRID_UNICAST_CHECK_SRC,
				   __ATOMIC_SEQ_CST);
}

void xvrrp_instance_unprogram_xdp(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	struct xvrrp_xdp *x = &inst->iface->xdp;
	const struct xvrrp_instance_cfg *c = inst->cfg;

	if (!inst->iface->attached)
		return;
	__atomic_store_n(&xvrrp_instance_slot(inst)->flags, 0, __ATOMIC_RELEASE);
	xvrrp_instance_program_vips(inst, false);
	for (size_t i = 0; i < c->n_unicast_peers; i++) {
		struct xvrrp_unicast_peer_key pk = {
			.vrid = c->vrid, .saddr4 = c->unicast_peers[i].s_addr,
		};

		bpf_map_delete_elem(xvrrp_xdp_fd_unicast_peers(x), &pk);
	}
	unicast6_program(inst, false);
	/* unicast_dsts is shared by the instances of the interface: left until detach. */
}

static void fsm_start(struct xvrrp_daemon *d, struct xvrrp_instance *inst, uint64_t now)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;
	struct vrrp_fsm_params p = {
		.vrid = c->vrid,
		.version = c->version,
		.priority = c->priority,
		.adver_int_cs = c->adver_int_cs,
		.preempt = !c->nopreempt,
		.preempt_delay_ns = (uint64_t)c->preempt_delay_ms * 1000000ULL,
		.primary_addr = xvrrp_instance_v6(inst) ? vrrp_addr6(&inst->src_addr6)
							 : vrrp_addr4(inst->src_addr),
	};

	vrrp_fsm_init(&inst->fsm, &p);
	inst->started = true;
	/* Trackers decide the effective priority and FAULT before the first election. */
	xvrrp_track_update(d, inst);
	if (inst->fsm.state == VRRP_STATE_INIT) {
		struct vrrp_actions acts = { 0 };

		vrrp_fsm_startup(&inst->fsm, now, &acts);
		xvrrp_instance_apply(d, inst, &acts);
	}
}

void xvrrp_instance_start(struct xvrrp_daemon *d, struct xvrrp_instance *inst, uint64_t delay_ns)
{
	uint64_t now = xvrrp_daemon_now(d);

	if (delay_ns) {
		/* vrrp_startup_delay: stay out of the protocol until the delay passes. */
		xvrrp_timerheap_set(&d->timers, &inst->startup_timer, now + delay_ns);
		return;
	}
	fsm_start(d, inst, now);
}

void xvrrp_instance_stop(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	struct vrrp_actions acts = { 0 };

	xvrrp_daemon_enter(d, inst->iface->ns);
	xvrrp_timerheap_del(&d->timers, &inst->startup_timer);
	if (inst->started) {
		/* §6.4.3 Shutdown: a master sends priority 0 so a backup takes over after Skew_Time. */
		vrrp_fsm_shutdown(&inst->fsm, xvrrp_daemon_now(d), &acts);
		xvrrp_instance_apply(d, inst, &acts);
	}
	if (inst->vips_held || inst->routes_held)
		xvrrp_instance_release_vips(d, inst);
	xvrrp_timerheap_del(&d->timers, &inst->fsm_timer);
	xvrrp_timerheap_del(&d->timers, &inst->garp_timer);
	xvrrp_timerheap_del(&d->timers, &inst->refresh_timer);
	inst->started = false;
}

void xvrrp_instance_free(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	if (!inst)
		return;
	if (inst->vmac_created)
		xvrrp_daemon_enter(d, inst->iface->ns);
	for (size_t i = 0; i < d->n_pending; i++)
		if (d->pending[i] == inst)
			d->pending[i] = NULL;
	if (inst->vmac_created)
		xvrrp_vmac_delete(xvrrp_instance_nl(inst), inst->cfg->vmac_name);
	free(inst->vips);
	free(inst->track_ifs);
	free(inst->track_scripts);
	free(inst->track_files);
	free(inst);
}
