// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a state transition does to the host. The order is the point
 * (DESIGN.md, "VIP flip order"): becoming master claims the VIPs in the
 * owned-VIP map first, so XDP answers ARP at once, then adds the addresses
 * (netlink, idempotent), then announces them with gratuitous ARP. Leaving
 * master does the reverse.
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>

#include <bpf/bpf.h>

#include "advert.h"
#include "daemon.h"
#include "log.h"
#include "xvrrp_maps.h"

uint64_t xvrrp_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static uint64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

void xvrrp_instance_send_advert(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
				uint8_t priority)
{
	static const uint8_t mcast_mac[6] = XVRRP_MCAST_MAC4;
	struct xvrrp_instance_cfg *cfg = inst->cfg;
	struct vrrp_advert adv = {
		.version = cfg->version,
		.type = VRRP_TYPE_ADVERTISEMENT,
		.vrid = cfg->vrid,
		.priority = priority,
		.max_adver_int_cs = cfg->adver_int_cs,
		.auth_type = cfg->auth_type,
	};
	struct xvrrp_tx_frame *f;
	size_t n = 0;

	memcpy(adv.auth_data, cfg->auth_pass, sizeof(adv.auth_data));
	for (size_t i = 0; i < inst->n_vips && n < VRRP_MAX_ADDRS; i++)
		if (inst->vips[i].cfg->family == AF_INET)
			adv.addrs[n++] = inst->vips[i].cfg->addr.v4.s_addr;
	adv.count_addr = n;
	f = xvrrp_tx_queue(&d->tx, inst->iface->link.ifindex);
	if (!f)
		return;
	f->len = xvrrp_build_advert_frame(inst->iface->link.mac, mcast_mac, inst->iface->primary_addr,
					  htonl(XVRRP_MCAST_GROUP4), &adv, f->data, sizeof(f->data));
	if (!f->len) {
		d->tx.n--;
		return;
	}
	inst->counters.advert_sent++;
	if (priority == VRRP_PRIO_STOP)
		inst->counters.pri_zero_sent++;
}

void xvrrp_instance_send_garps(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	for (uint32_t r = 0; r < inst->cfg->garp_master_repeat; r++) {
		for (size_t i = 0; i < inst->n_vips; i++) {
			struct xvrrp_vip *v = &inst->vips[i];
			struct xvrrp_tx_frame *f;

			if (v->cfg->family != AF_INET)
				continue;
			f = xvrrp_tx_queue(&d->tx, v->ifindex);
			if (!f)
				return;
			f->len = xvrrp_build_garp_frame(v->mac, v->cfg->addr.v4.s_addr, f->data,
							sizeof(f->data));
			if (!f->len)
				d->tx.n--;
		}
	}
}

static void owned_vips_update(struct xvrrp_instance *inst, bool add)
{
	int fd = xvrrp_xdp_fd_owned_vips(&inst->iface->xdp);

	for (size_t i = 0; i < inst->n_vips; i++) {
		struct xvrrp_vip *v = &inst->vips[i];
		struct xvrrp_vip_key key = { .addr4 = v->cfg->addr.v4.s_addr };
		struct xvrrp_vip_value val = { .vrid = inst->cfg->vrid };

		if (v->cfg->family != AF_INET || !v->on_vrrp_iface)
			continue;
		memcpy(val.mac, v->mac, 6);
		if (add ? bpf_map_update_elem(fd, &key, &val, BPF_ANY) : bpf_map_delete_elem(fd, &key))
			if (add || errno != ENOENT)
				pr_warn("%s: owned-VIP map %s failed: %s", inst->cfg->name,
					add ? "update" : "delete", strerror(errno));
	}
}

static void addresses_update(struct xvrrp_daemon *d, struct xvrrp_instance *inst, bool add)
{
	char buf[INET_ADDRSTRLEN];

	for (size_t i = 0; i < inst->n_vips; i++) {
		const struct xvrrp_vip *v = &inst->vips[i];
		const struct xvrrp_vip_cfg *c = v->cfg;
		int err;

		if (c->family != AF_INET)
			continue;
		if (add) {
			struct xvrrp_addr4 spec = {
				.addr = c->addr.v4.s_addr, .prefixlen = c->prefixlen, .scope = c->scope,
				.brd = c->brd.s_addr, .label = c->label,
			};

			err = xvrrp_nl_addr_add4(d->nl, v->ifindex, &spec);
		} else {
			err = xvrrp_nl_addr_del4(d->nl, v->ifindex, c->addr.v4.s_addr, c->prefixlen);
		}
		if (err < 0)
			pr_err("%s: cannot %s %s/%u: %s", inst->cfg->name, add ? "add" : "remove",
			       inet_ntop(AF_INET, &c->addr.v4, buf, sizeof(buf)), c->prefixlen,
			       strerror(-err));
	}
}

/*
 * The XDP program wakes a backup only when the master's advert changes; as
 * master (or initialising) we want every advert. A transition also forgets
 * the last advert, so the first one in the new state is always an event.
 */
static void vrid_state_follow(struct xvrrp_instance *inst)
{
	int fd = xvrrp_xdp_fd_vrid_state(&inst->iface->xdp);
	struct xvrrp_vrid_key key = { .vrid = inst->cfg->vrid, .family = XVRRP_AF_INET };
	struct xvrrp_vrid_state st;

	if (bpf_map_lookup_elem(fd, &key, &st))
		memset(&st, 0, sizeof(st));
	st.flags &= ~(XVRRP_VRID_SEEN | XVRRP_VRID_WAKE_ALL);
	/*
	 * The map keeps no authentication data, so an instance with a password
	 * must see every advert to check it (v2 only: at most one per second).
	 */
	if (inst->fsm.state != VRRP_STATE_BACKUP || inst->cfg->auth_type != VRRP_AUTH_NONE)
		st.flags |= XVRRP_VRID_WAKE_ALL;
	if (bpf_map_update_elem(fd, &key, &st, BPF_ANY))
		pr_warn("%s: vrid_state update failed: %s", inst->cfg->name, strerror(errno));
}

void xvrrp_instance_release_vips(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	xvrrp_timerheap_del(&d->timers, &inst->garp_timer);
	addresses_update(d, inst, false);
	owned_vips_update(inst, false);
	inst->vips_held = false;
}

static void become_master(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	owned_vips_update(inst, true);
	addresses_update(d, inst, true);
	inst->vips_held = true;
	xvrrp_instance_send_garps(d, inst);
	/* keepalived's garp_master_delay: a second set after the delay (0 = none). */
	if (inst->cfg->garp_master_delay_s)
		xvrrp_timerheap_set(&d->timers, &inst->garp_timer,
				    xvrrp_now_ns() + inst->cfg->garp_master_delay_s * 1000000000ULL);
	inst->counters.become_master++;
}

static void state_change(struct xvrrp_instance *inst, enum vrrp_state from, enum vrrp_state to)
{
	char buf[INET_ADDRSTRLEN] = "";

	inst->last_transition_realtime_ns = realtime_ns();
	if (from == VRRP_STATE_MASTER && to != VRRP_STATE_MASTER)
		inst->counters.release_master++;
	if (inst->fsm.master_addr)
		inet_ntop(AF_INET, &inst->fsm.master_addr, buf, sizeof(buf));
	pr_info("%s: %s -> %s (vrid %u, priority %u%s%s)", inst->cfg->name, vrrp_state_name(from),
		vrrp_state_name(to), inst->cfg->vrid, inst->fsm.priority,
		to == VRRP_STATE_BACKUP && buf[0] ? ", master " : "",
		to == VRRP_STATE_BACKUP ? buf : "");
}

void xvrrp_instance_apply(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			  const struct vrrp_actions *acts)
{
	bool changed = false;

	for (unsigned int i = 0; i < acts->n; i++) {
		const struct vrrp_action *a = &acts->a[i];

		switch (a->type) {
		case VRRP_ACT_SEND_ADVERT:
			xvrrp_instance_send_advert(d, inst, a->priority);
			break;
		case VRRP_ACT_BECOME_MASTER:
			become_master(d, inst);
			break;
		case VRRP_ACT_LEAVE_MASTER:
			xvrrp_instance_release_vips(d, inst);
			break;
		case VRRP_ACT_STATE_CHANGE:
			state_change(inst, a->from, a->to);
			changed = true;
			break;
		}
	}
	if (changed && inst->iface->attached)
		vrid_state_follow(inst);
	xvrrp_instance_rearm(d, inst);
}

void xvrrp_instance_rearm(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	if (xvrrp_timerheap_set(&d->timers, &inst->fsm_timer, vrrp_fsm_next_deadline(&inst->fsm)))
		pr_err("%s: out of memory arming a timer", inst->cfg->name);
}
