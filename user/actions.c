// SPDX-License-Identifier: GPL-2.0-only
/*
 * What a state transition does to the host. The order is the point
 * (DESIGN.md, "VIP flip order"): becoming master claims the VIPs in the
 * owned-VIP map first, so XDP answers ARP at once, then adds the addresses
 * (netlink, idempotent), then routes and rules, then announces the VIPs with
 * gratuitous ARP, then runs the notify scripts. Leaving master does the
 * reverse.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <stdio.h>
#include <arpa/inet.h>
#include <net/if.h>

#include <bpf/bpf.h>

#include "advert.h"
#include "ah.h"
#include "daemon.h"
#include "log.h"
#include "routes.h"
#include "sysctl.h"
#include "xvrrp_maps.h"

#define NSEC_PER_SEC 1000000000ULL

uint64_t xvrrp_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

uint64_t xvrrp_daemon_now(const struct xvrrp_daemon *d)
{
	return d->env.clock_ns ? d->env.clock_ns(d->env.ctx) : xvrrp_now_ns();
}

static uint64_t realtime_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

/*
 * Does the host route IPv6 on this interface? Then its neighbour
 * advertisements carry the Router flag (RFC 4861 §4.4), as keepalived's do.
 */
static bool ipv6_forwarding(int ifindex)
{
	char name[IF_NAMESIZE];
	int v;

	return if_indextoname(ifindex, name) &&
	       !xvrrp_sysctl_read(XVRRP_SYSCTL_IPV6, name, "forwarding", &v) && v == 1;
}

/* One sysctl read per interface and call, not per VIP and repeat (the takeover path). */
struct fwd_cache {
	int ifindex;
	bool forwarding;
};

static bool ipv6_forwarding_cached(struct fwd_cache *c, int ifindex)
{
	if (!c)
		return ipv6_forwarding(ifindex);
	if (c->ifindex != ifindex) {
		c->ifindex = ifindex;
		c->forwarding = ipv6_forwarding(ifindex);
	}
	return c->forwarding;
}

/* The source MAC of our frames: the VMAC unless vmac_xmit_base says the base interface's. */
static const uint8_t *tx_mac(const struct xvrrp_instance *inst)
{
	if (inst->vmac_ifindex && !inst->cfg->vmac_xmit_base)
		return inst->vmac;
	return inst->iface->link.mac;
}

static void queue_multicast(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			    const struct vrrp_advert *adv, const struct xvrrp_ah_tx *ah)
{
	static const uint8_t mcast_mac4[6] = XVRRP_MCAST_MAC4;
	uint32_t group = d->cfg.mcast_group4.s_addr ? d->cfg.mcast_group4.s_addr
						    : htonl(XVRRP_MCAST_GROUP4);
	uint8_t dst_mac[6];
	struct xvrrp_tx_frame *f;

	/* RFC 1112 §6.4: the group's low 23 bits under 01:00:5e. */
	memcpy(dst_mac, mcast_mac4, 6);
	memcpy(&dst_mac[3], (const uint8_t *)&group + 1, 3);
	dst_mac[3] &= 0x7f;
	f = xvrrp_tx_queue(xvrrp_instance_tx(inst), inst->iface->link.ifindex);
	if (!f)
		return;
	f->len = xvrrp_build_advert_frame(tx_mac(inst), dst_mac, inst->src_addr, group, adv, ah,
					  f->data, sizeof(f->data));
	if (!f->len)
		xvrrp_instance_tx(inst)->n--;
}

/*
 * unicast_peer: one advert per peer, as an IP packet the kernel routes (and
 * resolves the peer's MAC for) on a raw socket bound to the interface.
 */
static void queue_unicast(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			  const struct vrrp_advert *adv, const struct xvrrp_ah_tx *ah)
{
	for (size_t i = 0; i < inst->cfg->n_unicast_peers; i++) {
		uint32_t peer = inst->cfg->unicast_peers[i].s_addr;
		struct xvrrp_tx_frame *f = xvrrp_tx_queue_ip(xvrrp_instance_tx(inst), inst->iface->raw_fd, peer);
		size_t len;

		if (!f)
			return;
		/* Build with a dummy Ethernet header and keep only the IP packet. */
		len = xvrrp_build_advert_frame(tx_mac(inst), tx_mac(inst), inst->src_addr, peer, adv,
					       ah, f->data, sizeof(f->data));
		if (len <= XVRRP_ETH_HLEN) {
			xvrrp_instance_tx(inst)->n--;
			continue;
		}
		memmove(f->data, f->data + XVRRP_ETH_HLEN, len - XVRRP_ETH_HLEN);
		f->len = len - XVRRP_ETH_HLEN;
	}
}

/*
 * RFC 5798 §5.1.2: an IPv6 advert goes to ff02::12 (vrrp_mcast_group6),
 * 33:33 and the group's last four bytes (RFC 2464 §7), from the link-local
 * address; with unicast_peer, one to each peer through the raw IPv6 socket.
 */
static void queue_v6(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
		     const struct vrrp_advert *adv)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;
	const struct in6_addr *group = &d->cfg.mcast_group6;
	uint8_t dst_mac[6] = { 0x33, 0x33 };
	struct xvrrp_tx_frame *f;

	if (!c->n_unicast_peers6) {
		memcpy(&dst_mac[2], &group->s6_addr[12], 4);
		f = xvrrp_tx_queue(xvrrp_instance_tx(inst), inst->iface->link.ifindex);
		if (!f)
			return;
		f->len = xvrrp_build_advert_frame6(tx_mac(inst), dst_mac, &inst->src_addr6, group,
						   adv, f->data, sizeof(f->data));
		if (!f->len)
			xvrrp_instance_tx(inst)->n--;
		return;
	}
	for (size_t i = 0; i < c->n_unicast_peers6; i++) {
		const struct in6_addr *peer = &c->unicast_peers6[i];
		size_t len;

		f = xvrrp_tx_queue_ip6(xvrrp_instance_tx(inst), inst->iface->raw6_fd, peer, inst->iface->link.ifindex);
		if (!f)
			return;
		/* Built with a dummy Ethernet header, of which only the IPv6 packet is kept. */
		len = xvrrp_build_advert_frame6(tx_mac(inst), tx_mac(inst), &inst->src_addr6, peer,
						adv, f->data, sizeof(f->data));
		if (len <= XVRRP_ETH_HLEN) {
			xvrrp_instance_tx(inst)->n--;
			continue;
		}
		memmove(f->data, f->data + XVRRP_ETH_HLEN, len - XVRRP_ETH_HLEN);
		f->len = len - XVRRP_ETH_HLEN;
	}
}

/* virtual_ipaddress of the instance's family (the excluded ones are not advertised). */
static uint8_t advert_addrs(const struct xvrrp_instance *inst, struct vrrp_advert *adv)
{
	size_t n = 0, max = xvrrp_instance_v6(inst) ? XVRRP_ADVERT_MAX_ADDRS6 : VRRP_MAX_ADDRS;

	for (size_t i = 0; i < inst->n_vips && n < max; i++) {
		const struct xvrrp_vip_cfg *c = inst->vips[i].cfg;

		if (!xvrrp_vip_advertised(inst, &inst->vips[i]))
			continue;
		if (c->family == AF_INET6)
			adv->addrs6[n++] = c->addr.v6;
		else
			adv->addrs[n++] = c->addr.v4.s_addr;
	}
	return (uint8_t)n;
}

void xvrrp_instance_send_advert(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
				uint8_t priority)
{
	struct xvrrp_instance_cfg *cfg = inst->cfg;
	/* Not zeroed whole: 4 KB of address room, of which advert_addrs() writes what is sent. */
	struct vrrp_advert adv;
	struct xvrrp_ah_tx ah = { 0 };
	size_t queued = xvrrp_instance_tx(inst)->n;

	adv.version = cfg->version;
	adv.type = VRRP_TYPE_ADVERTISEMENT;
	adv.vrid = cfg->vrid;
	adv.priority = priority;
	adv.max_adver_int_cs = cfg->adver_int_cs;
	adv.auth_type = cfg->auth_type;
	adv.family = xvrrp_instance_v6(inst) ? AF_INET6 : AF_INET;
	memcpy(adv.auth_data, cfg->auth_pass, sizeof(adv.auth_data));
	adv.count_addr = advert_addrs(inst, &adv);
	/* auth_type AH: one sequence number per advert, whatever the number of peers. */
	if (cfg->auth_type == VRRP_AUTH_AH) {
		ah.key = cfg->auth_pass;
		ah.seq = xvrrp_ah_next_seq(&inst->ah);
		ah.ip_id = xvrrp_ah_next_ip_id(&inst->ah);
		ah.unicast = cfg->n_unicast_peers > 0;
		memset(adv.auth_data, 0, sizeof(adv.auth_data));
	}
	if (xvrrp_instance_v6(inst))
		queue_v6(d, inst, &adv);        /* VRRPv3: no authentication (RFC 5798 §5.2.5) */
	else if (cfg->n_unicast_peers)
		queue_unicast(d, inst, &adv, cfg->auth_type == VRRP_AUTH_AH ? &ah : NULL);
	else
		queue_multicast(d, inst, &adv, cfg->auth_type == VRRP_AUTH_AH ? &ah : NULL);
	/* Counted when it leaves for the queue: an advert that could not be built is not "sent". */
	if (xvrrp_instance_tx(inst)->n == queued)
		return;
	inst->counters.advert_sent++;
	if (priority == VRRP_PRIO_STOP)
		inst->counters.pri_zero_sent++;
}

void xvrrp_instance_send_garps(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			       uint32_t repeat)
{
	struct fwd_cache fwd = { 0 };

	xvrrp_daemon_enter(d, inst->iface->ns);   /* sysctls of its namespace */
	for (uint32_t r = 0; r < repeat; r++) {
		for (size_t i = 0; i < inst->n_vips; i++) {
			struct xvrrp_vip *v = &inst->vips[i];
			struct xvrrp_tx_frame *f;

			/* VIPs on the VMAC leave through the base interface with the VMAC as source. */
			f = xvrrp_tx_queue(xvrrp_instance_tx(inst), v->on_vrrp_iface ? inst->iface->link.ifindex
								     : v->ifindex);
			if (!f)
				return;
			/* IPv6 VIPs: an unsolicited neighbour advertisement does what GARP does. */
			if (v->cfg->family == AF_INET6)
				f->len = xvrrp_build_unsolicited_na_frame(v->mac, &v->cfg->addr.v6,
									  ipv6_forwarding_cached(&fwd, v->ifindex),
									  f->data, sizeof(f->data));
			else
				f->len = xvrrp_build_garp_frame(v->mac, v->cfg->addr.v4.s_addr, f->data,
								sizeof(f->data));
			if (!f->len)
				xvrrp_instance_tx(inst)->n--;
		}
	}
}

/* Add or delete a VIP in the owned-VIP map of its family (the VRRP interface's only). */
static int owned_vip_set(const struct xvrrp_instance *inst, const struct xvrrp_vip *v, bool add,
			 struct fwd_cache *fwd)
{
	const struct xvrrp_xdp *x = &inst->iface->xdp;
	/* RFC 5798 §6.1 Accept_Mode: only the address owner accepts traffic to the VIP by default. */
	bool no_accept = !inst->cfg->accept && inst->cfg->priority != VRRP_PRIO_OWNER;
	struct xvrrp_vip_value val = { .vrid = inst->cfg->vrid };
	struct xvrrp_vip6_key key6;
	struct xvrrp_vip_key key4 = { .addr4 = v->cfg->addr.v4.s_addr };
	const void *key = &key4;
	int fd = xvrrp_xdp_fd_owned_vips(x);

	memcpy(val.mac, v->mac, 6);
	val.flags = no_accept ? XVRRP_VIP_NO_ACCEPT : 0;
	/* Owned while the slot of the instance's own family says so (an IPv4 one may hold IPv6). */
	if (xvrrp_instance_v6(inst))
		val.flags |= XVRRP_VIP_INST6;
	if (v->cfg->family == AF_INET6) {
		memcpy(key6.addr6, &v->cfg->addr.v6, sizeof(key6.addr6));
		key = &key6;
		fd = xvrrp_xdp_fd_owned_vips6(x);
		if (add && ipv6_forwarding_cached(fwd, v->ifindex))
			val.flags |= XVRRP_VIP_ND_ROUTER;
	}
	if (add)
		return bpf_map_update_elem(fd, key, &val, BPF_ANY) ? -errno : 0;
	return bpf_map_delete_elem(fd, key) && errno != ENOENT ? -errno : 0;
}

/*
 * Install (add) or remove the instance's owned-VIP entries. With only_v6,
 * the IPv6 ones only: their Router flag follows the interface's forwarding
 * setting, read again when the instance becomes master.
 */
static void owned_vips_update(struct xvrrp_instance *inst, bool add, bool only_v6)
{
	struct fwd_cache fwd = { 0 };

	xvrrp_daemon_enter(inst->iface->d, inst->iface->ns);
	for (size_t i = 0; i < inst->n_vips; i++) {
		int err;

		if (!inst->vips[i].on_vrrp_iface ||
		    (only_v6 && inst->vips[i].cfg->family != AF_INET6))
			continue;
		err = owned_vip_set(inst, &inst->vips[i], add, &fwd);
		if (err)
			pr_warn("%s: owned-VIP map %s failed: %s", inst->cfg->name,
				add ? "update" : "delete", strerror(-err));
	}
}

void xvrrp_instance_program_vips(struct xvrrp_instance *inst, bool add)
{
	owned_vips_update(inst, add, false);
}

/*
 * Ownership is one bit of the instance's slot (XVRRP_VRID_OWNED): every VIP
 * of the VRID is answered for, or none, from one atomic operation on.
 */
static void slot_owned_set(struct xvrrp_instance *inst, bool owned)
{
	struct xvrrp_vrid_state *vs;

	if (!inst->iface->attached)
		return;
	vs = xvrrp_instance_slot(inst);
	if (owned)
		__atomic_fetch_or(&vs->flags, XVRRP_VRID_OWNED, __ATOMIC_SEQ_CST);
	else
		__atomic_fetch_and(&vs->flags, ~(uint32_t)XVRRP_VRID_OWNED, __ATOMIC_SEQ_CST);
}

const char *xvrrp_vip_str(const struct xvrrp_vip_cfg *c, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	snprintf(buf, len, "%s/%u", inet_ntop(c->family, &c->addr, a, sizeof(a)), c->prefixlen);
	return buf;
}

int xvrrp_vip_addr_apply(struct xvrrp_nl *nl, int ifindex, const struct xvrrp_vip_cfg *c,
			 bool add)
{
	if (c->family == AF_INET6)
		return add ? xvrrp_nl_addr_add6(nl, ifindex, &c->addr.v6, c->prefixlen, c->scope)
			   : xvrrp_nl_addr_del6(nl, ifindex, &c->addr.v6, c->prefixlen);
	if (add) {
		struct xvrrp_addr4 spec = {
			.addr = c->addr.v4.s_addr, .prefixlen = c->prefixlen, .scope = c->scope,
			.brd = c->brd.s_addr, .label = c->label,
		};

		return xvrrp_nl_addr_add4(nl, ifindex, &spec);
	}
	return xvrrp_nl_addr_del4(nl, ifindex, c->addr.v4.s_addr, c->prefixlen);
}

static void addresses_update(struct xvrrp_daemon *d, struct xvrrp_instance *inst, bool add)
{
	char buf[INET6_ADDRSTRLEN + 4];

	for (size_t i = 0; i < inst->n_vips; i++) {
		const struct xvrrp_vip *v = &inst->vips[i];
		int err = xvrrp_vip_addr_apply(xvrrp_instance_nl(inst), v->ifindex, v->cfg, add);

		if (err < 0)
			pr_err("%s: cannot %s %s: %s", inst->cfg->name, add ? "add" : "remove",
			       xvrrp_vip_str(v->cfg, buf, sizeof(buf)), strerror(-err));
	}
}

static const char *routes_dev(const struct xvrrp_instance *inst)
{
	return inst->vmac_ifindex ? inst->cfg->vmac_name : inst->iface->name;
}

static void routes_update(struct xvrrp_daemon *d, struct xvrrp_instance *inst, bool add)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;

	if (!c->n_routes && !c->n_rules)
		return;
	if (add) {
		xvrrp_routes_apply(xvrrp_instance_nl(inst), c->routes, c->n_routes, routes_dev(inst), true);
		xvrrp_rules_apply(xvrrp_instance_nl(inst), c->rules, c->n_rules, true);
	} else {
		xvrrp_rules_apply(xvrrp_instance_nl(inst), c->rules, c->n_rules, false);
		xvrrp_routes_apply(xvrrp_instance_nl(inst), c->routes, c->n_routes, routes_dev(inst), false);
	}
	inst->routes_held = add;
}

/*
 * The XDP program wakes us only when the advert of the master it follows
 * changes. That is safe only while we would judge that advert as we did
 * before: a transition or a new effective priority (VRRP_ACT_RECHECK_ADVERTS)
 * forgets the stored advert, so the next one from any router is an event.
 */
void xvrrp_instance_recheck_adverts(struct xvrrp_instance *inst)
{
	struct xvrrp_vrid_state *vs = xvrrp_instance_slot(inst);

	__atomic_fetch_and(&vs->flags, ~(uint32_t)XVRRP_VRID_SEEN, __ATOMIC_SEQ_CST);
}

static bool vip_in(const struct xvrrp_vip_cfg *v, const struct xvrrp_vip_cfg *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (xvrrp_vip_cfg_equal(v, &list[i]))
			return true;
	return false;
}

/*
 * Reload of a master whose VIPs, routes or rules changed: take away only what
 * the next configuration no longer has; the rest stays up without a blip.
 */
void xvrrp_instance_release_removed(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
				    const struct xvrrp_instance_cfg *next)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;

	if (!inst->vips_held)
		return;
	for (size_t i = 0; i < c->n_rules; i++) {
		bool kept = false;

		for (size_t j = 0; j < next->n_rules && !kept; j++)
			kept = xvrrp_rule_cfg_equal(&c->rules[i], &next->rules[j]);
		if (!kept)
			xvrrp_rules_apply(xvrrp_instance_nl(inst), &c->rules[i], 1, false);
	}
	for (size_t i = 0; i < c->n_routes; i++) {
		bool kept = false;

		for (size_t j = 0; j < next->n_routes && !kept; j++)
			kept = xvrrp_route_cfg_equal(&c->routes[i], &next->routes[j]);
		if (!kept)
			xvrrp_routes_apply(xvrrp_instance_nl(inst), &c->routes[i], 1, routes_dev(inst), false);
	}
	for (size_t i = 0; i < inst->n_vips; i++) {
		const struct xvrrp_vip *v = &inst->vips[i];

		if (vip_in(v->cfg, next->vips, next->n_vips) ||
		    vip_in(v->cfg, next->vips_excluded, next->n_vips_excluded))
			continue;
		xvrrp_vip_addr_apply(xvrrp_instance_nl(inst), v->ifindex, v->cfg, false);
		if (v->on_vrrp_iface)
			owned_vip_set(inst, v, false, NULL);
	}
}

/* ... then claim what the new configuration has (idempotent for what stayed) and announce it. */
void xvrrp_instance_reassert_master(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	if (inst->fsm.state != VRRP_STATE_MASTER)
		return;
	owned_vips_update(inst, true, false);
	slot_owned_set(inst, true);
	addresses_update(d, inst, true);
	routes_update(d, inst, true);
	inst->vips_held = true;
	xvrrp_instance_send_garps(d, inst, 1);
	/* A new advert at once: the address list or priority it carries may have changed. */
	xvrrp_instance_send_advert(d, inst, inst->fsm.priority);
}

void xvrrp_instance_release_vips(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	inst->host_pending = false;
	xvrrp_timerheap_del(&d->timers, &inst->garp_timer);
	xvrrp_timerheap_del(&d->timers, &inst->refresh_timer);
	slot_owned_set(inst, false);
	routes_update(d, inst, false);
	addresses_update(d, inst, false);
	inst->vips_held = false;
}

/*
 * Becoming master claims the VIPs in the owned-VIP map at once (XDP answers
 * ARP for them from now on) and queues the gratuitous ARPs, which leave at
 * the end of the timer pass; the netlink work and notify follow in
 * xvrrp_daemon_commit_some(), a chunk at a time. When a dead master's
 * thousand instances time out together, every VIP is answered and announced
 * before the first address add starts, instead of one after another (the
 * kernel takes the address a few milliseconds later; until then XDP answers
 * its ARP and the IP stack does not yet own it).
 */
static void become_master(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	owned_vips_update(inst, true, true);
	slot_owned_set(inst, true);
	inst->vips_held = true;
	inst->counters.become_master++;
	xvrrp_instance_send_garps(d, inst, inst->cfg->garp_master_repeat);
	if (inst->host_pending)
		return;
	if (d->n_pending == d->cap_pending) {
		size_t cap = d->cap_pending ? 2 * d->cap_pending : 64;
		struct xvrrp_instance **v = realloc(d->pending, cap * sizeof(*v));

		if (!v) {
			pr_err("%s: out of memory queueing the VIP work", inst->cfg->name);
			return;
		}
		d->pending = v;
		d->cap_pending = cap;
	}
	d->pending[d->n_pending++] = inst;
	inst->host_pending = true;
}

static void become_master_host(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;
	uint64_t now = xvrrp_daemon_now(d);

	addresses_update(d, inst, true);
	routes_update(d, inst, true);
	/* keepalived's garp_master_delay: a second set after the delay (0 = none). */
	if (c->garp_master_delay_s) {
		inst->garp_timer_repeat = c->garp_master_repeat;
		xvrrp_timerheap_set(&d->timers, &inst->garp_timer,
				    now + c->garp_master_delay_s * NSEC_PER_SEC);
	}
	if (c->garp_master_refresh_s)
		xvrrp_timerheap_set(&d->timers, &inst->refresh_timer,
				    now + c->garp_master_refresh_s * NSEC_PER_SEC);
	xvrrp_notify_instance(d, inst, VRRP_STATE_MASTER);
}

bool xvrrp_daemon_commit_some(struct xvrrp_daemon *d, size_t max)
{
	size_t done = 0, i = 0;

	/* Indexing, not a pointer: notify or sync may queue more (and realloc). */
	for (; i < d->n_pending && done < max; i++) {
		struct xvrrp_instance *inst = d->pending[i];

		if (!inst || !inst->host_pending)
			continue;
		inst->host_pending = false;
		if (inst->fsm.state == VRRP_STATE_MASTER)
			become_master_host(d, inst);
		done++;
	}
	if (i) {
		memmove(d->pending, d->pending + i, (d->n_pending - i) * sizeof(*d->pending));
		d->n_pending -= i;
	}
	xvrrp_daemon_flush(d);
	return d->n_pending > 0;
}

void xvrrp_daemon_commit(struct xvrrp_daemon *d)
{
	while (xvrrp_daemon_commit_some(d, SIZE_MAX))
		;
}

static void state_change(struct xvrrp_instance *inst, enum vrrp_state from, enum vrrp_state to)
{
	char buf[INET6_ADDRSTRLEN] = "";

	inst->last_transition_realtime_ns = realtime_ns();
	if (from == VRRP_STATE_MASTER && to != VRRP_STATE_MASTER)
		inst->counters.release_master++;
	if (to == VRRP_STATE_BACKUP)
		xvrrp_instance_ntop(inst, &inst->fsm.master_addr, buf, sizeof(buf));
	pr_info("%s: %s -> %s (vrid %u, priority %u%s%s)", inst->cfg->name, vrrp_state_name(from),
		vrrp_state_name(to), inst->cfg->vrid, inst->fsm.priority, buf[0] ? ", master " : "",
		buf);
}

void xvrrp_instance_apply(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			  const struct vrrp_actions *acts)
{
	enum vrrp_state from = inst->fsm.state, to = inst->fsm.state;
	bool changed = false, recheck = false;

	xvrrp_daemon_enter(d, inst->iface->ns);   /* notify scripts run there */
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
		case VRRP_ACT_RECHECK_ADVERTS:
			recheck = true;
			break;
		case VRRP_ACT_STATE_CHANGE:
			/* keepalived: a spent AH sequence counter starts again on a takeover. */
			if (a->to == VRRP_STATE_MASTER)
				xvrrp_ah_become_master(&inst->ah);
			if (!changed)
				from = a->from;
			to = a->to;
			state_change(inst, a->from, a->to);
			changed = true;
			break;
		}
	}
	if ((changed || recheck) && inst->iface->attached)
		xvrrp_instance_recheck_adverts(inst);
	xvrrp_ktimer_sync(inst);
	xvrrp_instance_rearm(d, inst);
	/*
	 * Scripts and the sync group last: the host is already in the new state
	 * (for MASTER, notify waits for the addresses in xvrrp_daemon_commit).
	 */
	if (changed) {
		if (to != VRRP_STATE_MASTER)
			xvrrp_notify_instance(d, inst, to);
		xvrrp_sync_state_changed(d, inst, from, to);
	}
}

void xvrrp_instance_rearm(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	uint64_t deadline = vrrp_fsm_next_deadline(&inst->fsm);

	/*
	 * A Backup whose deadline the kernel keeps (ktimer.c) needs no wake-up of
	 * its own: the kernel's expiry is the event. Its Adver_Timer is not running.
	 */
	inst->kernel_holds = xvrrp_ktimer_holds_deadline(inst);
	if (inst->kernel_holds)
		deadline = inst->fsm.adver_timer;
	if (xvrrp_timerheap_set(&d->timers, &inst->fsm_timer, deadline))
		pr_err("%s: out of memory arming a timer", inst->cfg->name);
}
