// SPDX-License-Identifier: GPL-2.0-only
/*
 * `xvrrp attach`: set the host up for a config, run the event loop, reload on
 * SIGHUP, and take everything down again on SIGTERM or `xvrrp detach`.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "control.h"
#include "daemon.h"
#include "fence.h"
#include "log.h"
#include "metrics.h"
#include "metrics_http.h"
#include "namespaces.h"
#include "reload.h"
#include "reqsrv.h"
#include "routes.h"
#include "scripts.h"
#include "stats.h"
#include "xvrrp_maps.h"
#include "xvrrp_wire.h"

#define NSEC_PER_SEC 1000000000ULL

/*
 * Host work (netlink, GARP) of instances that became master is done this many
 * at a time, with timers and adverts handled in between: when a thousand
 * instances time out a few milliseconds apart, the later ones must not wait
 * for the netlink work of the earlier ones to flip their owned-VIP entries.
 */
#define COMMIT_CHUNK 32

/*
 * Ring-buffer events handled per turn of the loop: a flood of events (an
 * authenticated VRID wakes us for every advert) must not starve the timers
 * and the adverts we send. The rest wait for the next turn, at once.
 */
#define RX_BUDGET 512

/* epoll tags: which fd woke us. */

/* ---- timers ---- */

static void fire_instance_timer(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
				struct xvrrp_timer *t, uint64_t now)
{
	struct vrrp_actions acts = { 0 };

	switch (t->kind) {
	case XVRRP_TIMER_FSM:
		if (inst->fsm.state == VRRP_STATE_BACKUP && inst->fsm.master_down_timer &&
		    inst->fsm.master_down_timer <= now) {
			xvrrp_rx_replay(d, inst);
			/* Still due: a sync group goes master only when every member can. */
			if (inst->fsm.master_down_timer && inst->fsm.master_down_timer <= now &&
			    !xvrrp_sync_may_become_master(d, inst))
				vrrp_fsm_hold_master(&inst->fsm, now);
		}
		vrrp_fsm_timers(&inst->fsm, now, &acts);
		xvrrp_instance_apply(d, inst, &acts);
		/* An FSM whose deadline did not move would spin: cannot happen, be safe. */
		if (t->heap_idx != XVRRP_TIMER_IDLE && t->deadline <= now)
			xvrrp_timerheap_del(&d->timers, t);
		break;
	case XVRRP_TIMER_GARP:
		xvrrp_timerheap_del(&d->timers, t);
		if (inst->fsm.state == VRRP_STATE_MASTER)
			xvrrp_instance_send_garps(d, inst, inst->garp_timer_repeat);
		break;
	case XVRRP_TIMER_GARP_REFRESH:
		/* keepalived's garp_master_refresh: keep switches' and hosts' caches fresh. */
		if (inst->fsm.state == VRRP_STATE_MASTER && inst->cfg->garp_master_refresh_s) {
			xvrrp_instance_send_garps(d, inst, inst->cfg->garp_master_refresh_repeat);
			xvrrp_timerheap_set(&d->timers, t,
					    now + inst->cfg->garp_master_refresh_s * NSEC_PER_SEC);
		} else {
			xvrrp_timerheap_del(&d->timers, t);
		}
		break;
	case XVRRP_TIMER_STARTUP:
		xvrrp_timerheap_del(&d->timers, t);
		xvrrp_instance_start(d, inst, 0);
		break;
	default:
		xvrrp_timerheap_del(&d->timers, t);
	}
}

static void run_scripts(struct xvrrp_daemon *d, uint64_t now)
{
	uint64_t next;

	if (!d->scripts)
		return;
	xvrrp_scripts_run(d->scripts, now);
	next = xvrrp_scripts_next_deadline(d->scripts);
	xvrrp_timerheap_set(&d->timers, &d->scripts_timer, next);
}

/* Drain the ring buffers, RX_BUDGET events at most (xvrrp_rx_event counts them down). */
static void rx_consume(struct xvrrp_daemon *d)
{
	d->rx_budget = RX_BUDGET;
	d->rx_more = false;
	/* Each interface has its ring; a turn starts where the last one ran out. */
	for (size_t k = 0; k < d->n_ifaces; k++) {
		struct xvrrp_iface *iface = d->ifaces[(d->rx_next + k) % d->n_ifaces];

		if (iface->rb && ring_buffer__consume(iface->rb) == -EAGAIN) {
			d->rx_more = true;
			d->rx_next = (d->rx_next + k) % d->n_ifaces;
			return;
		}
	}
}

static void run_timers(struct xvrrp_daemon *d)
{
	uint64_t now = xvrrp_daemon_now(d);
	struct xvrrp_timer *t;

	/* Adverts that already arrived count before any timer decides anything. */
	rx_consume(d);
	while ((t = xvrrp_timerheap_peek(&d->timers)) && t->deadline <= now) {
		switch (t->kind) {
		case XVRRP_TIMER_SCRIPTS:
			xvrrp_timerheap_del(&d->timers, t);
			run_scripts(d, now);
			break;
		case XVRRP_TIMER_TRACK_FILES:
			xvrrp_timerheap_del(&d->timers, t);
			xvrrp_track_files_poll(d);
			break;
		case XVRRP_TIMER_NETNS_RETRY:
			xvrrp_timerheap_del(&d->timers, t);
			d->reload_requested = true;
			break;
		case XVRRP_TIMER_WATCHDOG:
			/* Fed only from here: a loop that stops turning stops feeding it. */
			xvrrp_sdnotify_send(&d->sd, "WATCHDOG=1");
			xvrrp_timerheap_set(&d->timers, t,
					    now + xvrrp_sdnotify_watchdog_period_ns(&d->sd));
			break;
		default:
			fire_instance_timer(d, t->owner, t, now);
		}
	}
}

static void arm_timerfd(struct xvrrp_daemon *d)
{
	struct xvrrp_timer *t = xvrrp_timerheap_peek(&d->timers);
	struct itimerspec its = { 0 };

	uint64_t deadline = t ? t->deadline : 0;

	/* A syscall only when the earliest deadline moved (it was 38% of a busy backup). */
	if (deadline == d->timerfd_deadline)
		return;
	d->timerfd_deadline = deadline;
	its.it_value.tv_sec = deadline / NSEC_PER_SEC;
	its.it_value.tv_nsec = deadline % NSEC_PER_SEC;
	timerfd_settime(d->timerfd, TFD_TIMER_ABSTIME, &its, NULL);
}

/* ---- interfaces ---- */

static struct xvrrp_iface *iface_get(struct xvrrp_daemon *d, struct xvrrp_netns *ns,
				     const char *name)
{
	for (size_t i = 0; i < d->n_ifaces; i++)
		if (d->ifaces[i]->ns == ns && !strcmp(d->ifaces[i]->name, name))
			return d->ifaces[i];
	return NULL;
}

static struct xvrrp_iface *iface_add(struct xvrrp_daemon *d, struct xvrrp_netns *ns,
				     const char *name)
{
	struct xvrrp_iface **v = realloc(d->ifaces, (d->n_ifaces + 1) * sizeof(*v));
	struct xvrrp_iface *iface;

	if (!v)
		return NULL;
	d->ifaces = v;
	iface = calloc(1, sizeof(*iface));
	if (!iface)
		return NULL;
	snprintf(iface->name, sizeof(iface->name), "%s", name);
	iface->ns = ns;
	iface->d = d;
	iface->xdp.link_fd = -1;
	iface->mcast_fd = -1;
	iface->raw_fd = -1;
	iface->mcast6_fd = -1;
	iface->raw6_fd = -1;
	d->ifaces[d->n_ifaces++] = iface;
	return iface;
}

static void iface_detach(struct xvrrp_daemon *d, struct xvrrp_iface *iface)
{
	iface->attached = false;
	if (iface->rb) {
		if (d->epfd >= 0)
			epoll_ctl(d->epfd, EPOLL_CTL_DEL, ring_buffer__epoll_fd(iface->rb), NULL);
		ring_buffer__free(iface->rb);
		iface->rb = NULL;
	}
	/* Offline, the program goes back where it came from. */
	if (d->env.offline && iface->xdp.skel) {
		d->env.xdp_put(d->env.ctx, iface->xdp.skel);
		iface->xdp.skel = NULL;
	}
	xvrrp_xdp_destroy(&iface->xdp);
	if (iface->mcast_fd >= 0)
		close(iface->mcast_fd);
	if (iface->raw_fd >= 0)
		close(iface->raw_fd);
	if (iface->mcast6_fd >= 0)
		close(iface->mcast6_fd);
	if (iface->raw6_fd >= 0)
		close(iface->raw6_fd);
	iface->mcast_fd = iface->raw_fd = iface->mcast6_fd = iface->raw6_fd = -1;
}

static int iface_read_host(struct xvrrp_daemon *d, struct xvrrp_iface *iface)
{
	const struct xvrrp_instance_cfg *c = iface->instances[0]->cfg;
	int err = xvrrp_nl_link_info(iface->ns->nl, iface->name, &iface->link);

	if (err == -ENODEV && iface->ns->name[0])
		pr_err("%s:%d: interface %s does not exist in net_namespace %s: create it or fix "
		       "the interface name", c->file, c->interface_line ? c->interface_line : c->line,
		       iface->name, iface->ns->name);
	else if (err == -ENODEV)
		pr_err("%s:%d: interface %s does not exist: create it or fix the interface name",
		       c->file, c->interface_line ? c->interface_line : c->line, iface->name);
	else if (err)
		pr_err("cannot read interface %s: %s", iface->name, strerror(-err));
	return err;
}

/*
 * The addresses (4 or 16 bytes each, malloc'd) of every VIP of `family` the
 * configuration gives the interface's instances, excluded ones too: never
 * the address to send from, even before a new instance has resolved its VIPs
 * (a reload) or removed those an earlier run left (an address owner).
 */
static int iface_vip_addrs(const struct xvrrp_iface *iface, int family, void **out, size_t *n)
{
	size_t len = family == AF_INET6 ? 16 : 4, total = 0;
	uint8_t *buf;

	for (size_t j = 0; j < iface->n_instances; j++)
		total += iface->instances[j]->cfg->n_vips + iface->instances[j]->cfg->n_vips_excluded;
	buf = malloc(total ? total * len : 1);
	if (!buf)
		return -ENOMEM;
	*n = 0;
	for (size_t j = 0; j < iface->n_instances; j++) {
		const struct xvrrp_instance_cfg *c = iface->instances[j]->cfg;

		for (size_t k = 0; k < c->n_vips + c->n_vips_excluded; k++) {
			const struct xvrrp_vip_cfg *v =
				k < c->n_vips ? &c->vips[k] : &c->vips_excluded[k - c->n_vips];

			if (v->family == family)
				memcpy(buf + len * (*n)++, &v->addr, len);
		}
	}
	*out = buf;
	return 0;
}

/*
 * RFC 5798 §5.1.2.1: an IPv6 instance sends from the interface's link-local
 * address. Right after the link came up it may still be tentative (DAD,
 * about a second): wait for it a little, as the kernel would.
 */
static int iface_link_local(struct xvrrp_daemon *d, struct xvrrp_iface *iface)
{
	struct in6_addr *excl;
	size_t n;
	int err = iface_vip_addrs(iface, AF_INET6, (void **)&excl, &n);

	if (err)
		return err;
	for (int tries = 0; tries < 30; tries++) {
		err = xvrrp_nl_link_local6(iface->ns->nl, iface->link.ifindex, excl, n,
					   &iface->primary_addr6);
		if (err != -EAGAIN || d->env.offline)
			break;
		usleep(100 * 1000);
	}
	free(excl);
	if (err == -EAGAIN)
		pr_err("the IPv6 link-local address of %s is still tentative (duplicate address "
		       "detection) after 3 s: check for a duplicate, or disable DAD on it", iface->name);
	else if (err == -ENOENT)
		pr_err("interface %s has no IPv6 link-local address: enable IPv6 on it "
		       "(sysctl net.ipv6.conf.%s.disable_ipv6=0, addr_gen_mode); IPv6 VRRP adverts "
		       "are sent from it", iface->name, iface->name);
	else if (err)
		pr_err("cannot read the IPv6 addresses of %s: %s", iface->name, strerror(-err));
	return err;
}

static int iface_primary_addr(struct xvrrp_daemon *d, struct xvrrp_iface *iface)
{
	uint32_t *excl;
	size_t n;
	int err;

	if (iface->has_v6) {
		err = iface_link_local(d, iface);
		if (err)
			return err;
	}
	if (!iface->has_v4)
		return 0;

	err = iface_vip_addrs(iface, AF_INET, (void **)&excl, &n);
	if (err)
		return err;
	err = xvrrp_nl_primary_addr4(iface->ns->nl, iface->link.ifindex, excl, n, &iface->primary_addr);
	free(excl);
	if (err == -ENOENT)
		pr_err("interface %s has no IPv4 address: give it one (ip addr add ... dev %s); "
		       "VRRP adverts are sent from it", iface->name, iface->name);
	else if (err)
		pr_err("cannot read the addresses of %s: %s", iface->name, strerror(-err));
	return err;
}

/*
 * What an interface with IPv6 instances needs: the IPv6 VRRP group joined,
 * and a raw IPv6 socket for unicast_peer. Again after a reload (a first
 * IPv6 instance on an interface already attached); what is open stays.
 */
static void iface_open_v6(struct xvrrp_daemon *d, struct xvrrp_iface *iface)
{
	bool unicast6 = false;

	if (!iface->has_v6 || d->env.offline || xvrrp_daemon_enter(d, iface->ns))
		return;
	if (iface->mcast6_fd < 0) {
		iface->mcast6_fd = xvrrp_mcast_join6(iface->link.ifindex, &d->cfg.mcast_group6);
		if (iface->mcast6_fd < 0)
			pr_warn("%s: cannot join the IPv6 VRRP multicast group (%s): adverts may be "
				"filtered by the NIC", iface->name, strerror(-iface->mcast6_fd));
	}
	for (size_t i = 0; i < iface->n_instances; i++)
		unicast6 |= iface->instances[i]->cfg->n_unicast_peers6 > 0;
	if (unicast6 && iface->raw6_fd < 0) {
		iface->raw6_fd = xvrrp_tx_open_raw6(iface->name);
		if (iface->raw6_fd < 0)
			pr_warn("%s: no raw IPv6 socket for unicast adverts: %s", iface->name,
				strerror(-iface->raw6_fd));
	}
}

static int epoll_add(int epfd, int fd, uint32_t tag);

static int iface_attach(struct xvrrp_daemon *d, struct xvrrp_iface *iface)
{
	struct in_addr group = d->cfg.mcast_group4;
	int err, fd;

	if (d->env.offline) {
		err = xvrrp_xdp_adopt(&iface->xdp, d->env.xdp_get(d->env.ctx, iface->link.ifindex),
				      iface->link.ifindex);
		if (err)
			return err;
		iface->attached = true;
		goto ring;
	}
	/* The ifindex, the pins' name, the sockets: all of the interface's namespace. */
	err = xvrrp_daemon_enter(d, iface->ns);
	if (err)
		return err;
	err = xvrrp_xdp_attach(&iface->xdp, iface->name, iface->link.ifindex, d->xdp_mode,
			       group.s_addr ? group.s_addr : htonl(XVRRP_MCAST_GROUP4),
			       &d->cfg.mcast_group6);
	if (err)
		return err;
	iface->attached = true;
	err = xvrrp_xdp_pin(&iface->xdp, iface->name);
	if (err)
		return err;
	if (iface->has_v4) {
		iface->mcast_fd = xvrrp_mcast_join4(iface->link.ifindex,
						    group.s_addr ? group.s_addr
								 : htonl(XVRRP_MCAST_GROUP4));
		if (iface->mcast_fd < 0)
			pr_warn("%s: cannot join the VRRP multicast group (%s): adverts may be "
				"filtered by the NIC", iface->name, strerror(-iface->mcast_fd));
		iface->raw_fd = xvrrp_tx_open_raw4(iface->name);
		if (iface->raw_fd < 0)
			pr_warn("%s: no raw socket for unicast adverts: %s", iface->name,
				strerror(-iface->raw_fd));
	}
	iface_open_v6(d, iface);
ring:
	fd = xvrrp_xdp_fd_events(&iface->xdp);
	/* A ring manager of its own, freed when it goes (a router removed). */
	iface->rb = ring_buffer__new(fd, xvrrp_rx_event, iface, NULL);
	if (!iface->rb)
		return -errno;
	if (d->epfd >= 0 && epoll_add(d->epfd, ring_buffer__epoll_fd(iface->rb), XVRRP_EV_RING))
		return -errno;
	return 0;
}

void xvrrp_daemon_stop_iface(struct xvrrp_daemon *d, struct xvrrp_iface *iface)
{
	if (!iface->attached)
		return;
	for (size_t i = 0; i < iface->n_instances; i++)
		xvrrp_instance_stop(d, iface->instances[i]);
	xvrrp_daemon_commit(d);
	iface_detach(d, iface);
	pr_info("%s: detached", iface->name);
}

bool xvrrp_daemon_any_attached(const struct xvrrp_daemon *d)
{
	for (size_t i = 0; i < d->n_ifaces; i++)
		if (d->ifaces[i]->attached)
			return true;
	return false;
}

/* ---- instances: which ones we serve ---- */

/*
 * The namespace an instance's configuration names: the daemon's own for ""
 * or the top-level net_namespace; NULL when it does not exist (now), or
 * it was deleted while we served it and the name is free or names another.
 */
static struct xvrrp_netns *netns_of(struct xvrrp_daemon *d, const struct xvrrp_instance_cfg *c)
{
	struct xvrrp_netns *ns;

	if (!c->net_namespace[0] || !strcmp(c->net_namespace, d->cfg.net_namespace))
		return d->home;
	ns = xvrrp_daemon_netns_find(d, c->net_namespace);
	if (ns && (ns->gone || !xvrrp_netns_alive(ns))) {
		ns->gone = true;
		d->n_waiting_named += xvrrp_netns_named(c->net_namespace);
		return NULL;
	}
	if (!ns) {
		if (!xvrrp_netns_named(c->net_namespace))
			return NULL;
		ns = xvrrp_daemon_netns_get(d, c->net_namespace);
		if (!ns) {
			d->n_waiting_named++;   /* there, but not a namespace yet (ip netns add) */
			return NULL;
		}
	}
	/* Running (a reload): a namespace named for the first time gets its sockets now. */
	if (!ns->nl && d->home->nl && xvrrp_daemon_netns_up(d, ns)) {
		pr_err("net_namespace %s cannot be served now; its instances wait", ns->name);
		xvrrp_daemon_netns_remove(d, ns);
		return NULL;
	}
	return ns;
}


static bool named(const struct xvrrp_daemon *d, const char *ifname)
{
	if (d->n_only_ifnames == 0)
		return true;
	for (int i = 0; i < d->n_only_ifnames; i++)
		if (!strcmp(d->only_ifnames[i], ifname))
			return true;
	return false;
}

static int check_named_ifaces(const struct xvrrp_daemon *d, const struct xvrrp_config *cfg)
{
	for (int i = 0; i < d->n_only_ifnames; i++) {
		bool used = false;

		for (size_t j = 0; j < cfg->n_instances; j++)
			used |= !strcmp(cfg->instances[j].interface, d->only_ifnames[i]);
		if (!used) {
			pr_err("no vrrp_instance in %s uses interface %s: name an interface the config uses",
			       d->config_path, d->only_ifnames[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* Index instances per interface (by_slot, instances[]) from d->instances. */
static int index_instances(struct xvrrp_daemon *d)
{
	for (size_t i = 0; i < d->n_ifaces; i++) {
		struct xvrrp_iface *iface = d->ifaces[i];

		free(iface->instances);
		iface->instances = calloc(d->n_instances + 1, sizeof(*iface->instances));
		if (!iface->instances)
			return -ENOMEM;
		iface->n_instances = 0;
		memset(iface->by_slot, 0, sizeof(iface->by_slot));
		iface->has_v4 = iface->has_v6 = false;
	}
	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = d->instances[j];

		inst->iface->instances[inst->iface->n_instances++] = inst;
		inst->iface->by_slot[XVRRP_VRID_SLOT(inst->cfg->vrid, xvrrp_instance_af(inst))] = inst;
		if (xvrrp_instance_v6(inst))
			inst->iface->has_v6 = true;
		else
			inst->iface->has_v4 = true;
	}
	return 0;
}

/*
 * Create the instance objects for cfg (reusing `keep` ones by name when
 * given), and the interfaces they need. Instances on interfaces not named on
 * the command line are reported, not silently dropped.
 */
static int plan(struct xvrrp_daemon *d, struct xvrrp_config *cfg, bool at_start)
{
	size_t n = cfg->n_instances;

	d->instances = calloc(n + 1, sizeof(*d->instances));
	if (!d->instances)
		return -ENOMEM;
	d->n_instances = 0;
	for (size_t i = 0; i < d->n_netns; i++)
		d->netns[i]->used = d->netns[i] == d->home;
	d->n_waiting = d->n_waiting_named = 0;
	for (size_t j = 0; j < n; j++) {
		struct xvrrp_instance_cfg *c = &cfg->instances[j];
		struct xvrrp_iface *iface;
		struct xvrrp_instance *inst;
		struct xvrrp_netns *ns;

		if (!named(d, c->interface)) {
			pr_warn("%s:%d: vrrp_instance %s on %s is not served: %s was not named on the "
				"command line", c->file, c->line, c->name, c->interface, c->interface);
			continue;
		}
		ns = netns_of(d, c);
		if (!ns) {
			/* Not there yet (or deleted): the /run/netns watch starts it when it is. */
			if (at_start && !d->dir_config) {
				pr_err("%s:%d: net_namespace %s does not exist: create it first (ip netns "
				       "add %s)", c->file, c->netns_line ? c->netns_line : c->line,
				       c->net_namespace, c->net_namespace);
				return -ENOENT;
			}
			pr_warn("%s:%d: vrrp_instance %s waits for net_namespace %s to exist",
				c->file, c->netns_line ? c->netns_line : c->line, c->name,
				c->net_namespace);
			d->n_waiting++;
			continue;
		}
		ns->used = true;
		iface = iface_get(d, ns, c->interface);
		if (!iface)
			iface = iface_add(d, ns, c->interface);
		inst = iface ? xvrrp_instance_new(d, c, iface) : NULL;
		if (!inst)
			return -ENOMEM;
		d->instances[d->n_instances++] = inst;
	}
	if (!d->n_instances && d->dir_config) {
		pr_info("%s: no vrrp_instance yet: waiting for routers (xvrrp reload)", d->config_path);
	} else if (!d->n_instances && !d->n_waiting) {
		pr_err("%s: no vrrp_instance to serve", d->config_path);
		return -EINVAL;
	}
	return index_instances(d);
}

/* The advert source: unicast_src_ip, else mcast_src_ip, else the primary address. */
static void choose_src_addr(struct xvrrp_instance *inst)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;

	if (xvrrp_instance_v6(inst)) {
		if (c->n_unicast_peers6 && !IN6_IS_ADDR_UNSPECIFIED(&c->unicast_src_ip6))
			inst->src_addr6 = c->unicast_src_ip6;
		else if (!IN6_IS_ADDR_UNSPECIFIED(&c->mcast_src_ip6))
			inst->src_addr6 = c->mcast_src_ip6;
		else
			inst->src_addr6 = inst->iface->primary_addr6;
		return;
	}
	if (c->n_unicast_peers && c->unicast_src_ip.s_addr)
		inst->src_addr = c->unicast_src_ip.s_addr;
	else if (c->mcast_src_ip.s_addr)
		inst->src_addr = c->mcast_src_ip.s_addr;
	else
		inst->src_addr = inst->iface->primary_addr;
}

/*
 * A namespace whose name is in /run/netns but that could not be served yet
 * (`ip netns add` between creating the file and mounting the namespace on
 * it, no event follows the mount; or one deleted and made again): read the
 * configuration again in a second. Absent names wait for the watch.
 */
static void netns_retry(struct xvrrp_daemon *d)
{
	if (d->n_waiting_named)
		xvrrp_timerheap_set(&d->timers, &d->netns_retry_timer,
				    xvrrp_daemon_now(d) + NSEC_PER_SEC);
}

/* ---- static_ipaddress / static_routes / static_rules ---- */

static void static_addr_apply(struct xvrrp_daemon *d, const struct xvrrp_vip_cfg *a, bool add)
{
	struct xvrrp_link_info li;
	int err;

	if (xvrrp_nl_link_info(d->home->nl, a->dev, &li)) {
		pr_warn("line %d: static_ipaddress: no interface %s", a->line, a->dev);
		return;
	}
	err = xvrrp_vip_addr_apply(d->home->nl, li.ifindex, a, add);
	if (err < 0)
		pr_warn("line %d: static_ipaddress: %s", a->line, strerror(-err));
}

/*
 * static_ipaddress / static_routes / static_rules of config c: installed at
 * start-up whatever the state, removed on exit. With `keep` (a reload), the
 * entries `keep` also has are left alone.
 */
static void statics_apply(struct xvrrp_daemon *d, const struct xvrrp_config *c, bool add,
			  const struct xvrrp_config *keep)
{
	if (!add) {
		for (size_t i = 0; i < c->n_static_rules; i++) {
			bool kept = false;

			for (size_t j = 0; keep && j < keep->n_static_rules && !kept; j++)
				kept = xvrrp_rule_cfg_equal(&c->static_rules[i], &keep->static_rules[j]);
			if (!kept)
				xvrrp_rules_apply(d->home->nl, &c->static_rules[i], 1, false);
		}
		for (size_t i = 0; i < c->n_static_routes; i++) {
			bool kept = false;

			for (size_t j = 0; keep && j < keep->n_static_routes && !kept; j++)
				kept = xvrrp_route_cfg_equal(&c->static_routes[i], &keep->static_routes[j]);
			if (!kept)
				xvrrp_routes_apply(d->home->nl, &c->static_routes[i], 1, NULL, false);
		}
	}
	for (size_t i = 0; i < c->n_static_addrs; i++) {
		bool kept = false;

		for (size_t j = 0; !add && keep && j < keep->n_static_addrs && !kept; j++)
			kept = xvrrp_vip_cfg_equal(&c->static_addrs[i], &keep->static_addrs[j]);
		if (!kept)
			static_addr_apply(d, &c->static_addrs[i], add);
	}
	if (add) {
		xvrrp_routes_apply(d->home->nl, c->static_routes, c->n_static_routes, NULL, true);
		xvrrp_rules_apply(d->home->nl, c->static_rules, c->n_static_rules, true);
	}
}

/* ---- signals, control, links ---- */

static void handle_signal(struct xvrrp_daemon *d)
{
	struct signalfd_siginfo si;

	while (read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {
		case SIGTERM:
		case SIGINT:
			pr_info("signal %u: stopping", si.ssi_signo);
			d->stopping = true;
			break;
		case SIGHUP:
			d->reload_requested = true;
			break;
		case SIGCHLD:
			if (d->scripts)
				xvrrp_scripts_reap(d->scripts, xvrrp_daemon_now(d));
			else
				while (waitpid(-1, NULL, WNOHANG) > 0)
					;
			break;
		default:
			break;
		}
	}
}

/* STATUS= for the service manager: what `systemctl status` shows. */
static void notify_ready(struct xvrrp_daemon *d)
{
	size_t masters = 0, backups = 0, other = 0;

	for (size_t j = 0; j < d->n_instances; j++) {
		enum vrrp_state st = d->instances[j]->fsm.state;

		if (st == VRRP_STATE_MASTER)
			masters++;
		else if (st == VRRP_STATE_BACKUP)
			backups++;
		else
			other++;
	}
	xvrrp_sdnotify_send(&d->sd, "READY=1\nMAINPID=%d\nSTATUS=%zu instance(s) on %zu "
			    "interface(s) at start or last reload: %zu master, %zu backup, %zu other",
			    (int)getpid(), d->n_instances, d->n_ifaces, masters, backups, other);
}

int xvrrp_daemon_reload_async(struct xvrrp_daemon *d, uint64_t waiter)
{
	int err;

	if (!d->reload)
		return -ENOTSUP;
	err = xvrrp_reload_request(d->reload, waiter);
	if (err) {
		pr_err("reload: cannot start reading %s: %s", d->config_path, strerror(-err));
		return err;
	}
	xvrrp_sdnotify_send(&d->sd, "RELOADING=1\nMONOTONIC_USEC=%llu",
			    (unsigned long long)(xvrrp_now_ns() / 1000));
	return 0;
}

/* Each line the reader said, in the log (a signal's reload has no one else to tell). */
static void log_messages(const char *text)
{
	while (text && *text) {
		size_t n = strcspn(text, "\n");

		pr_warn("reload: %.*s", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

/* The reload thread has read the file: apply it, answer who asked. */
static void reload_done(struct xvrrp_daemon *d)
{
	struct xvrrp_reload_result res;
	char *applied = NULL;
	size_t len = 0;
	FILE *err;
	int ret = -1;

	if (!xvrrp_reload_collect(d->reload, &res))
		return;
	err = open_memstream(&applied, &len);
	if (err)
		fputs(res.messages, err);
	log_messages(res.messages);
	if (res.rc == 0)
		ret = xvrrp_daemon_reload_apply(d, &res.cfg, err ? err : stderr);
	else
		pr_err("reload: %s has errors; the running configuration is unchanged", d->config_path);
	if (err)
		fclose(err);
	for (size_t i = 0; i < res.n_waiters; i++)
		if (res.waiters[i])
			xvrrp_ctl_reload_done(d->ctl_srv, res.waiters[i], ret == 0,
					      applied ? applied : res.messages);
	free(applied);
	xvrrp_reload_result_free(&res);
	if (xvrrp_sdnotify_enabled(&d->sd))
		notify_ready(d);
}

bool xvrrp_daemon_turn(struct xvrrp_daemon *d)
{
	if (d->reload_requested) {
		d->reload_requested = false;
		pr_info("SIGHUP: reloading %s", d->config_path);
		if (xvrrp_daemon_reload_async(d, 0) == -ENOTSUP)
			xvrrp_daemon_reload(d, stderr);
	}
	run_timers(d);
	xvrrp_daemon_flush(d);      /* adverts and GARPs before any netlink work */
	return xvrrp_daemon_commit_some(d, COMMIT_CHUNK) || d->rx_more;
}

static int event_loop(struct xvrrp_daemon *d)
{
	struct epoll_event evs[16];
	bool more = false;

	/* With --config DIR, or instances waiting for their namespace, it waits too. */
	while (!d->stopping && (xvrrp_daemon_any_attached(d) || d->dir_config || d->n_waiting)) {
		int n;

		arm_timerfd(d);
		n = epoll_wait(d->epfd, evs, 16, more ? 0 : -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			pr_err("epoll_wait: %s", strerror(errno));
			return -errno;
		}
		for (int i = 0; i < n; i++) {
			switch ((uint32_t)evs[i].data.u64) {
			case XVRRP_EV_RING:
				rx_consume(d);
				break;
			case XVRRP_EV_TIMER: {
				uint64_t expirations;

				if (read(d->timerfd, &expirations, sizeof(expirations)) < 0 && errno != EAGAIN)
					pr_debug("timerfd read: %s", strerror(errno));
				d->timerfd_deadline = 0;    /* fired: it is disarmed now */
				break;
			}
			case XVRRP_EV_SIGNAL:
				handle_signal(d);
				break;
			case XVRRP_EV_CTL:
				xvrrp_reqsrv_serve(d->ctl_srv, xvrrp_daemon_now(d));
				break;
			case XVRRP_EV_RELOAD:
				reload_done(d);
				break;
			case XVRRP_EV_LINK: {
				struct xvrrp_netns *ns =
					xvrrp_daemon_netns_by_id(d, (uint32_t)(evs[i].data.u64 >> 32));

				if (ns && ns->links)
					xvrrp_nl_monitor_recv(ns->links);
				break;
			}
			case XVRRP_EV_NETNS:
				/* A router's namespace came or went: read the configuration again. */
				if (xvrrp_daemon_netns_changed(d))
					d->reload_requested = true;
				break;
			case XVRRP_EV_METRICS:
				xvrrp_metrics_http_serve(d->metrics, xvrrp_daemon_now(d));
				break;
			}
		}
		more = xvrrp_daemon_turn(d);
	}
	return 0;
}

static int epoll_add(int epfd, int fd, uint32_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = tag };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

static int setup_loop(struct xvrrp_daemon *d)
{
	sigset_t mask;
	int err = 0;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	d->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->sigfd < 0 || d->timerfd < 0 || d->epfd < 0)
		return -errno;
	for (size_t i = 0; !err && i < d->n_ifaces; i++)
		if (d->ifaces[i]->rb)
			err = epoll_add(d->epfd, ring_buffer__epoll_fd(d->ifaces[i]->rb),
					XVRRP_EV_RING);
	if (!err)
		err = epoll_add(d->epfd, d->timerfd, XVRRP_EV_TIMER);
	if (!err)
		err = epoll_add(d->epfd, d->sigfd, XVRRP_EV_SIGNAL);
	if (!err)
		err = epoll_add(d->epfd, d->ctl_fd, XVRRP_EV_CTL);
	for (size_t i = 0; !err && i < d->n_netns; i++)
		err = xvrrp_daemon_watch_links(d, d->netns[i]);
	if (!err && xvrrp_daemon_netns_watch(d))
		pr_warn("cannot watch " XVRRP_NETNS_DIR " (%s): a deleted router namespace is "
			"noticed at the next reload only", strerror(errno));
	return err;
}

/* ---- daemon life ---- */

/*
 * Without --foreground: fork, and let the parent return once the child is
 * attached (or report the child's failure through its exit code). Until then
 * the child's errors still reach the terminal.
 */
static int daemonise(struct xvrrp_daemon *d)
{
	int pfd[2];
	pid_t pid;

	if (pipe2(pfd, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0) {
		char c;

		close(pfd[1]);
		if (read(pfd[0], &c, 1) == 1) {
			printf("xvrrp: running as pid %d\n", pid);
			fflush(stdout);     /* _exit() would drop a buffered line on a pipe */
			_exit(0);
		}
		_exit(1);
	}
	close(pfd[0]);
	setsid();
	/* Hold no directory busy; files we create get the modes we name. */
	if (chdir("/") < 0)
		pr_warn("chdir /: %s", strerror(errno));
	umask(022);
	d->ready_fd = pfd[1];
	return 0;
}

static void announce_ready(struct xvrrp_daemon *d)
{
	int null;

	if (d->ready_fd < 0)
		return;
	if (write(d->ready_fd, "1", 1) < 0)
		pr_debug("ready pipe: %s", strerror(errno));
	close(d->ready_fd);
	d->ready_fd = -1;
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		dup2(null, STDERR_FILENO);
		close(null);
	}
	xvrrp_log_use_syslog();
}

/* keepalived's net_namespace: run the instances inside that network namespace. */
static int enter_netns(const char *name)
{
	char path[sizeof(XVRRP_NETNS_DIR "/") + NAME_MAX];
	int fd, err = 0;

	if (!name[0])
		return 0;
	snprintf(path, sizeof(path), XVRRP_NETNS_DIR "/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		pr_err("net_namespace %s: %s does not exist: create it first (ip netns add %s)",
		       name, path, name);
		return -ENOENT;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		err = -errno;
		pr_err("net_namespace %s: cannot enter it: %s", name, strerror(errno));
	}
	close(fd);
	return err;
}

static int start_scripts(struct xvrrp_daemon *d)
{
	d->scripts = xvrrp_scripts_new(&d->cfg, xvrrp_track_script_changed, d);
	if (!d->scripts)
		return -ENOMEM;
	/*
	 * A check runs in the namespace of the instances that track it (a
	 * router's), wherever the daemon's thread is when it starts; the
	 * daemon's own otherwise.
	 */
	for (size_t k = 0; k < d->cfg.n_scripts; k++)
		xvrrp_scripts_netns(d->scripts, k, d->home->fd);
	for (size_t j = 0; j < d->n_instances; j++) {
		const struct xvrrp_instance *inst = d->instances[j];

		for (size_t k = 0; inst->track_scripts && k < inst->cfg->n_track_scripts; k++)
			xvrrp_scripts_netns(d->scripts, inst->track_scripts[k].idx,
					    inst->iface->ns->fd);
	}
	xvrrp_track_files_poll(d);
	return 0;
}

/* Stop the checks; returns the old runner when `keep` (its notify children live on). */
static struct xvrrp_scripts *stop_scripts(struct xvrrp_daemon *d, bool keep)
{
	struct xvrrp_scripts *old = d->scripts;

	xvrrp_timerheap_del(&d->timers, &d->scripts_timer);
	xvrrp_timerheap_del(&d->timers, &d->track_files_timer);
	d->scripts = NULL;
	if (!keep) {
		xvrrp_scripts_free(old);
		old = NULL;
	}
	free(d->track_file_values);
	free(d->track_file_errors);
	d->track_file_values = NULL;
	d->track_file_errors = NULL;
	return old;
}

static int setup_instances(struct xvrrp_daemon *d)
{
	for (size_t j = 0; j < d->n_instances; j++) {
		int err = xvrrp_instance_resolve(d, d->instances[j]);

		if (err)
			return err;
	}
	return 0;
}

static void start_all(struct xvrrp_daemon *d)
{
	uint64_t delay = (uint64_t)d->cfg.startup_delay_ms * 1000000ULL;

	run_scripts(d, xvrrp_daemon_now(d));
	for (size_t j = 0; j < d->n_instances; j++)
		xvrrp_instance_start(d, d->instances[j], delay);
}

static void teardown(struct xvrrp_daemon *d)
{
	for (size_t i = 0; i < d->n_ifaces; i++)
		xvrrp_daemon_stop_iface(d, d->ifaces[i]);
	xvrrp_daemon_commit(d);
	free(d->pending);
	if (d->home && d->home->nl)
		statics_apply(d, &d->cfg, false, NULL);
	stop_scripts(d, false);
	xvrrp_groups_free(d);
	for (size_t j = 0; j < d->n_instances; j++)
		xvrrp_instance_free(d, d->instances[j]);
	for (size_t i = 0; i < d->n_ifaces; i++) {
		iface_detach(d, d->ifaces[i]);
		free(d->ifaces[i]->instances);
		free(d->ifaces[i]);
	}
	d->n_ifaces = 0;        /* the namespaces let go below look for theirs */
	if (d->ctl_fd >= 0) {
		close(d->ctl_fd);
		unlink(d->ctl_path);
	}
	if (d->lock_fd >= 0) {
		/* Everything the record names is gone: a clean stop leaves none. */
		unlink(d->rec.next);
		unlink(d->rec.owned);
		close(d->lock_fd);
		d->lock_fd = -1;
	}
	xvrrp_metrics_http_close(d->metrics);
	d->metrics = NULL;
	xvrrp_reqsrv_free(d->ctl_srv);
	d->ctl_srv = NULL;
	xvrrp_reload_free(d->reload);
	d->reload = NULL;
	xvrrp_timerheap_free(&d->timers);
	xvrrp_daemon_enter(d, d->home);
	while (d->n_netns > 1)
		xvrrp_daemon_netns_remove(d, d->netns[d->n_netns - 1]);
	if (d->home) {
		xvrrp_daemon_netns_down(d, d->home);
		xvrrp_netns_free(d->home);
	}
	free(d->netns);
	d->netns = NULL;
	d->n_netns = 0;
	d->home = d->cur_ns = NULL;
	if (d->netns_watch_fd >= 0)
		close(d->netns_watch_fd);
	if (d->epfd >= 0)
		close(d->epfd);
	if (d->timerfd >= 0)
		close(d->timerfd);
	if (d->sigfd >= 0)
		close(d->sigfd);
	free(d->ifaces);
	free(d->instances);
	xvrrp_config_free(&d->cfg);
	xvrrp_sdnotify_close(&d->sd);
	/* Everything is removed: the fence has nothing to do. */
	xvrrp_fence_release(d->fence_fd);
	d->fence_fd = -1;
}

/* GET /metrics: what `xvrrp status` and `xvrrp stats` say, as an exposition. */
static char *render_metrics(void *ctx)
{
	struct xvrrp_daemon *d = ctx;
	struct json_object *status = xvrrp_status_json(d);
	struct json_object *stats = xvrrp_stats_json(d, NULL);
	char *text = xvrrp_metrics_render(status, stats, d->metrics_flags);

	json_object_put(status);
	json_object_put(stats);
	return text;
}

/* The loop's own fds, the control socket, the metrics listener: not for a daemon run offline. */
static int open_channels(struct xvrrp_daemon *d)
{
	int err;

	d->ctl_fd = xvrrp_ctl_listen(d->ctl_path);
	if (d->ctl_fd < 0)
		return -1;
	if (setup_loop(d)) {
		pr_err("cannot set up the event loop: %s", strerror(errno));
		return -1;
	}
	d->ctl_srv = xvrrp_ctl_server(d, d->epfd, XVRRP_EV_CTL);
	d->reload = xvrrp_reload_new(d->config_path, &d->config_opts);
	if (!d->ctl_srv || !d->reload ||
	    epoll_add(d->epfd, xvrrp_reload_fd(d->reload), XVRRP_EV_RELOAD)) {
		pr_err("cannot set up the control socket's server: %s", strerror(errno));
		return -1;
	}
	if (d->metrics_addr) {
		d->metrics = xvrrp_metrics_http_open(d->metrics_addr, d->epfd, XVRRP_EV_METRICS,
						     render_metrics, d, &err);
		if (!d->metrics) {
			pr_err("--metrics %s: cannot listen there (%s): choose a free port and an "
			       "address of this network namespace", d->metrics_addr, strerror(-err));
			return -1;
		}
		pr_info("metrics: GET http://%s/metrics", d->metrics_addr);
	}
	return 0;
}

/*
 * Root in a container may still lack what the work needs: say so at once,
 * in one sentence, rather than run as a master that cannot add its VIPs.
 * (CAP_BPF/CAP_SYS_ADMIN show when the program loads: the loader says.)
 */
static bool missing_capabilities(void)
{
	static const struct { int bit; const char *name, *why; } need[] = {
		{ 12, "CAP_NET_ADMIN", "addresses, routes and the XDP program" },
		{ 13, "CAP_NET_RAW", "the sockets that send adverts and gratuitous ARP" },
	};
	unsigned long long eff = 0;
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");
	bool missing = false;

	if (!f)
		return false;   /* cannot tell: let the work itself fail */
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "CapEff: %llx", &eff) == 1)
			break;
	fclose(f);
	for (size_t i = 0; i < sizeof(need) / sizeof(need[0]); i++) {
		if (eff & (1ULL << need[i].bit))
			continue;
		pr_err("xvrrp attach needs %s (%s): give it to the process or container "
		       "(e.g. --cap-add %s)", need[i].name, need[i].why, need[i].name + 4);
		missing = true;
	}
	return missing;
}

/*
 * One daemon per network namespace: the lock is taken before anything on
 * the host is touched, so a second daemon stops here whatever stage the
 * first one is at (record.h).
 */
static int take_lock(struct xvrrp_daemon *d)
{
	int err = xvrrp_ctl_path(d->ctl_path, sizeof(d->ctl_path));

	if (!err)
		err = xvrrp_record_paths(d->ctl_path, &d->rec);
	if (err) {
		pr_err("cannot name the control socket: %s", strerror(-err));
		return -1;
	}
	if (mkdir(XVRRP_RUN_DIR, 0700) < 0 && errno != EEXIST) {
		pr_err("cannot create " XVRRP_RUN_DIR ": %s", strerror(errno));
		return -1;
	}
	d->lock_fd = xvrrp_lock_take(d->rec.lock);
	if (d->lock_fd == -EWOULDBLOCK) {
		d->lock_fd = -1;
		pr_err("an xvrrp daemon already runs in this network namespace (%s is locked): "
		       "stop it first (xvrrp detach IFACE, or SIGTERM)", d->rec.lock);
		return -1;
	}
	if (d->lock_fd < 0) {
		pr_err("cannot lock %s: %s", d->rec.lock, strerror(-d->lock_fd));
		d->lock_fd = -1;
		return -1;
	}
	return 0;
}

/* A namespace the record names: one we serve (claimed), or one nobody does. */
static bool may_sweep(void *ctx, const struct stat *st)
{
	struct xvrrp_daemon *d = ctx;

	for (size_t i = 0; i < d->n_netns; i++)
		if (d->netns[i]->dev == st->st_dev && d->netns[i]->ino == st->st_ino)
			return true;
	return xvrrp_fence_ns_unclaimed(NULL, st);
}

/*
 * What a daemon killed without stopping left behind goes first (its record,
 * and the next one of a reload it died in), then this configuration becomes
 * the record, before anything is added.
 */
static int sweep_and_record(struct xvrrp_daemon *d)
{
	int err;

	xvrrp_record_sweep(d->home->nl, d->rec.next, may_sweep, d);
	xvrrp_record_sweep(d->home->nl, d->rec.owned, may_sweep, d);
	err = xvrrp_record_write(d->rec.owned, &d->cfg);
	if (err) {
		pr_err("cannot write %s: %s", d->rec.owned, strerror(-err));
		return -1;
	}
	return 0;
}

int xvrrp_daemon_open(struct xvrrp_daemon *d, const struct xvrrp_attach_opts *opts)
{
	struct stat st;

	memset(d, 0, sizeof(*d));
	if (opts->env)
		d->env = *opts->env;
	d->config_path = opts->config_path;
	d->dir_config = opts->config_path && stat(opts->config_path, &st) == 0 &&
			S_ISDIR(st.st_mode);
	/* A daemon works in "/": a reload must still find a relative path. */
	if (opts->config_path && opts->config_path[0] != '/' &&
	    realpath(opts->config_path, d->config_abs))
		d->config_path = d->config_abs;
	d->xdp_mode = opts->xdp_mode;
	d->config_opts.config_id = opts->config_id;
	d->config_opts.netns_prefix = opts->netns_prefix;
	d->only_ifnames = opts->ifnames;
	d->metrics_addr = opts->metrics_addr;
	d->metrics_flags = opts->metrics_flags;
	d->n_only_ifnames = opts->n_ifnames;
	d->epfd = d->timerfd = d->sigfd = d->ctl_fd = d->ready_fd = d->lock_fd = d->fence_fd = -1;
	d->netns_watch_fd = -1;
	d->sd.fd = -1;
	xvrrp_timer_init(&d->watchdog_timer, d, XVRRP_TIMER_WATCHDOG);
	xvrrp_timer_init(&d->netns_retry_timer, d, XVRRP_TIMER_NETNS_RETRY);
	xvrrp_timer_init(&d->scripts_timer, d, XVRRP_TIMER_SCRIPTS);
	xvrrp_timer_init(&d->track_files_timer, d, XVRRP_TIMER_TRACK_FILES);
	/* Config errors: exit 2, nothing on the host touched yet. */
	if (xvrrp_config_load_opts(opts->config_path, &d->config_opts, &d->cfg, stderr))
		return 2;
	if (check_named_ifaces(d, &d->cfg)) {
		teardown(d);
		return 2;
	}
	if (geteuid() != 0) {
		pr_err("xvrrp attach needs root (CAP_BPF, CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN): "
		       "run it with sudo");
		goto fail;
	}
	if (!d->env.offline && missing_capabilities())
		goto fail;
	if (enter_netns(d->cfg.net_namespace))
		goto fail;
	/* Where it runs now is its own namespace; instances may name others. */
	if (!xvrrp_daemon_netns_get(d, ""))
		goto fail;
	if (plan(d, &d->cfg, true)) {
		teardown(d);
		return 2;
	}
	if (!d->env.offline && take_lock(d))
		goto fail;
	for (size_t i = 0; i < d->n_netns; i++)
		if (xvrrp_daemon_netns_up(d, d->netns[i]))
			goto fail;
	if (!d->env.offline && sweep_and_record(d))
		goto fail;
	for (size_t i = 0; i < d->n_ifaces; i++)
		if (iface_read_host(d, d->ifaces[i]))
			goto fail;
	if (!opts->foreground && !d->env.offline && daemonise(d))
		goto fail;

	if (setup_instances(d))
		goto fail;
	for (size_t j = 0; j < d->n_instances; j++)
		xvrrp_instance_remove_stale(d, d->instances[j]);
	for (size_t i = 0; i < d->n_ifaces; i++)
		if (iface_primary_addr(d, d->ifaces[i]))
			goto fail;
	for (size_t j = 0; j < d->n_instances; j++)
		choose_src_addr(d->instances[j]);
	for (size_t i = 0; i < d->n_ifaces; i++)
		if (iface_attach(d, d->ifaces[i]))
			goto fail;
	if (xvrrp_daemon_enter(d, d->home))
		goto fail;
	for (size_t j = 0; j < d->n_instances; j++)
		if (xvrrp_instance_program_xdp(d, d->instances[j]))
			goto fail;
	if (!d->env.offline && open_channels(d))
		goto fail;
	if (xvrrp_groups_build(d) || start_scripts(d))
		goto fail;
	statics_apply(d, &d->cfg, true, NULL);
	start_all(d);
	xvrrp_daemon_commit(d);
	netns_retry(d);
	return 0;
fail:
	teardown(d);
	return 1;
}

void xvrrp_daemon_close(struct xvrrp_daemon *d)
{
	teardown(d);
}

/*
 * Type=notify: READY=1 once every interface is attached and the instances
 * run (the daemon, not a parent it forked from, is the main process), then
 * WATCHDOG=1 from the loop's own timer heap.
 */
static void start_service_notify(struct xvrrp_daemon *d)
{
	int err = xvrrp_sdnotify_open(&d->sd, (int)getpid());
	uint64_t period;

	if (err) {
		pr_warn("NOTIFY_SOCKET is set but cannot be used (%s): no readiness or watchdog "
			"notifications", strerror(-err));
		return;
	}
	if (!xvrrp_sdnotify_enabled(&d->sd))
		return;
	notify_ready(d);
	period = xvrrp_sdnotify_watchdog_period_ns(&d->sd);
	if (period) {
		pr_info("service manager watchdog: WATCHDOG=1 every %llu ms",
			(unsigned long long)(period / 1000000));
		xvrrp_timerheap_set(&d->timers, &d->watchdog_timer, xvrrp_daemon_now(d) + period);
	}
}

int xvrrp_daemon_run(const struct xvrrp_attach_opts *opts)
{
	struct xvrrp_daemon d;
	int ret = xvrrp_daemon_open(&d, opts);

	if (ret)
		return ret;
	announce_ready(&d);
	/*
	 * After the daemonised parent has gone and stdio is settled: the fence
	 * must not hold a terminal or a caller's pipe open. (A kill before this
	 * instant is swept by the next start.)
	 */
	xvrrp_daemon_enter(&d, d.home);        /* the fence sweeps from the daemon's own */
	d.fence_fd = xvrrp_fence_start(&d.rec);
	if (d.fence_fd < 0)
		pr_warn("cannot start the fence (%s): if this daemon is killed, its VIPs stay until "
			"the next start", strerror(errno));
	start_service_notify(&d);
	ret = event_loop(&d) ? 1 : 0;
	xvrrp_sdnotify_send(&d.sd, "STOPPING=1\nSTATUS=stopping: priority 0, VIPs released");
	xvrrp_daemon_close(&d);
	return ret;
}

/* ---- reload ---- */

/*
 * SIGHUP: read the config again. Instances whose settings did not change keep
 * their state machine (no flap, no gap in adverts); those whose identity on
 * the wire is the same but whose priority, VIPs, routes, trackers... changed
 * keep it too and get the change applied in place; others (new VRID,
 * interface, interval, ...) and removed ones are stopped gracefully
 * (priority 0 as master) and new ones start. A config with errors changes
 * nothing.
 */
/*
 * A changed instance starts again, but its peers still hold the AH sequence
 * number it reached: it goes on from there (keepalived keeps the counter of
 * every instance over a reload too), or its adverts would be replays.
 */
static void carry_ah_counter(struct xvrrp_daemon *d, const struct xvrrp_instance *old)
{
	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = d->instances[j];

		if (inst != old && inst->cfg->vrid == old->cfg->vrid &&
		    !strcmp(inst->cfg->name, old->cfg->name) && inst->iface == old->iface)
			inst->ah = old->ah;
	}
}

/* The log says why; so does `xvrrp reload`, whose err is not the log's stderr. */
static void reload_refused(FILE *err, const char *why)
{
	pr_err("reload: %s", why);
	if (err && err != stderr)
		fprintf(err, "reload: %s\n", why);
}

int xvrrp_daemon_reload(struct xvrrp_daemon *d, FILE *err)
{
	struct xvrrp_config nc;

	if (xvrrp_config_load_opts(d->config_path, &d->config_opts, &nc, err)) {
		pr_err("reload: %s has errors; the running configuration is unchanged", d->config_path);
		return -1;
	}
	return xvrrp_daemon_reload_apply(d, &nc, err);
}

int xvrrp_daemon_reload_apply(struct xvrrp_daemon *d, struct xvrrp_config *ncp, FILE *err)
{
	struct xvrrp_config nc = *ncp;
	struct xvrrp_instance **old = d->instances;
	size_t n_old = d->n_instances;
	struct xvrrp_config oc;
	struct xvrrp_scripts *old_scripts;
	size_t kept = 0, updated = 0, started = 0, stopped = 0;

	memset(ncp, 0, sizeof(*ncp));
	if (strcmp(nc.net_namespace, d->cfg.net_namespace) || check_named_ifaces(d, &nc)) {
		reload_refused(err, "net_namespace or interfaces changed in a way a reload cannot "
			       "apply; restart xvrrp");
		xvrrp_config_free(&nc);
		return -1;
	}
	/* The group is built into the loaded XDP programs and joined on every interface. */
	if (nc.mcast_group4.s_addr != d->cfg.mcast_group4.s_addr ||
	    memcmp(&nc.mcast_group6, &d->cfg.mcast_group6, sizeof(nc.mcast_group6))) {
		reload_refused(err, nc.mcast_group4.s_addr != d->cfg.mcast_group4.s_addr
			       ? "vrrp_mcast_group4 changed, which a reload cannot apply; the running "
				 "configuration is unchanged: restart xvrrp (detach, then attach)"
			       : "vrrp_mcast_group6 changed, which a reload cannot apply; the running "
				 "configuration is unchanged: restart xvrrp (detach, then attach)");
		xvrrp_config_free(&nc);
		return -1;
	}
	/* Recorded before anything of it is added; the record until it is applied. */
	if (d->lock_fd >= 0) {
		int werr = xvrrp_record_write(d->rec.next, &nc);

		if (werr) {
			reload_refused(err, "cannot record the new configuration; the running "
				       "configuration is unchanged");
			pr_err("cannot write %s: %s", d->rec.next, strerror(-werr));
			xvrrp_config_free(&nc);
			return -1;
		}
	}
	old_scripts = stop_scripts(d, true);
	xvrrp_groups_free(d);
	d->instances = NULL;
	d->n_instances = 0;
	if (plan(d, &nc, false)) {
		/* Cannot happen after a successful load except ENOMEM: keep running the old set. */
		free(d->instances);
		d->instances = old;
		d->n_instances = n_old;
		index_instances(d);
		d->scripts = old_scripts;
		xvrrp_groups_build(d);
		xvrrp_config_free(&nc);
		return -1;
	}
	/* Swap fresh instance objects for the old ones whose settings did not change. */
	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *fresh = d->instances[j];

		for (size_t k = 0; k < n_old; k++) {
			struct xvrrp_instance *o = old[k];

			if (!o || o->iface != fresh->iface ||
			    !xvrrp_instance_cfg_same_protocol(o->cfg, fresh->cfg))
				continue;
			/*
			 * Same instance on the wire: keep its state and apply the rest in
			 * place (keepalived does too). A master drops only the VIPs, routes
			 * and rules that are gone, and claims the new ones further down.
			 */
			if (!xvrrp_instance_cfg_equal(o->cfg, fresh->cfg)) {
				xvrrp_instance_release_removed(d, o, fresh->cfg);
				o->reasserting = true;
				updated++;
			}
			o->fsm.p.priority = fresh->cfg->priority;
			o->fsm.p.preempt = !fresh->cfg->nopreempt;
			o->fsm.p.preempt_delay_ns = (uint64_t)fresh->cfg->preempt_delay_ms * 1000000ULL;
			o->cfg = fresh->cfg;
			o->iface = fresh->iface;
			d->instances[j] = o;
			old[k] = NULL;
			xvrrp_instance_free(d, fresh);
			kept++;
			break;
		}
	}
	/*
	 * Removed or changed: stop gracefully on the old configuration, with
	 * the old runner, whose notify commands (notify_stop, notify) are the
	 * ones these instances name; its children are adopted further down.
	 */
	d->scripts = old_scripts;
	for (size_t k = 0; k < n_old; k++) {
		if (!old[k])
			continue;
		xvrrp_instance_stop(d, old[k]);
		carry_ah_counter(d, old[k]);
		xvrrp_instance_unprogram_xdp(d, old[k]);
		xvrrp_instance_free(d, old[k]);
		stopped++;
	}
	free(old);
	xvrrp_daemon_commit(d);
	d->scripts = NULL;
	oc = d->cfg;
	d->cfg = nc;
	index_instances(d);
	/* Statics the new file dropped go; the new ones are added (idempotent). */
	statics_apply(d, &oc, false, &d->cfg);
	statics_apply(d, &d->cfg, true, NULL);
	/* vrrp_check_unicast_src may have changed: kept instances follow it. */
	for (size_t j = 0; j < d->n_instances; j++)
		if (d->instances[j]->iface->attached && d->instances[j]->started)
			xvrrp_instance_follow_check_src(d, d->instances[j]);
	/* Kept instances re-resolve against the new config storage (same settings). */
	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = d->instances[j];

		if (!inst->started && !inst->vips)
			continue;
		free(inst->vips);
		free(inst->track_ifs);
		free(inst->track_scripts);
		free(inst->track_files);
		inst->vips = NULL;
		inst->track_ifs = NULL;
		inst->track_scripts = inst->track_files = NULL;
		inst->vmac_created = false;     /* adopted again below, not recreated */
		if (xvrrp_instance_resolve(d, inst))
			pr_err("reload: %s: cannot resolve against the host", inst->cfg->name);
		else if (inst->started && inst->iface->attached) {
			/* Its VIPs or vrrp_strict may have changed: so has what it accepts. */
			xvrrp_instance_program_rules(d, inst);
			xvrrp_instance_program_vips(inst, true);
		}
	}
	for (size_t i = 0; i < d->n_ifaces; i++) {
		struct xvrrp_iface *iface = d->ifaces[i];

		if (iface->attached && iface->has_v6) {
			/* A first IPv6 instance on an interface in use: its link-local address, the group. */
			if (IN6_IS_ADDR_UNSPECIFIED(&iface->primary_addr6) && iface_link_local(d, iface))
				pr_err("reload: %s: no IPv6 link-local address to send from", iface->name);
			iface_open_v6(d, iface);
		}
		if (iface->attached || !iface->n_instances || !iface->ns || !iface->ns->nl)
			continue;
		/* Its ring buffer's epoll fd joins the loop's. */
		if (iface_read_host(d, iface) || iface_primary_addr(d, iface) || iface_attach(d, iface))
			pr_err("reload: cannot attach to %s", iface->name);
	}
	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = d->instances[j];

		if (inst->started || inst->startup_timer.heap_idx != XVRRP_TIMER_IDLE)
			continue;
		if (!inst->vips) {
			if (xvrrp_instance_resolve(d, inst)) {
				pr_err("reload: %s: cannot resolve against the host; not started",
				       inst->cfg->name);
				continue;
			}
			xvrrp_instance_remove_stale(d, inst);
		}
		choose_src_addr(inst);
		if (inst->iface->attached && !xvrrp_instance_program_xdp(d, inst)) {
			started++;
		}
	}
	xvrrp_groups_build(d);
	start_scripts(d);
	/* The old runner's checks die with it; its notify children are reaped by the new one. */
	xvrrp_scripts_adopt(d->scripts, old_scripts);
	xvrrp_scripts_free(old_scripts);
	run_scripts(d, xvrrp_daemon_now(d));
	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = d->instances[j];

		if (!inst->started && inst->iface->attached &&
		    inst->startup_timer.heap_idx == XVRRP_TIMER_IDLE)
			xvrrp_instance_start(d, inst, 0);
		else if (inst->started)
			xvrrp_track_update(d, inst);
		if (inst->reasserting) {
			inst->reasserting = false;
			xvrrp_instance_reassert_master(d, inst);
		}
	}
	/* Interfaces no instance uses any more are detached. */
	for (size_t i = 0; i < d->n_ifaces; i++)
		if (d->ifaces[i]->attached && !d->ifaces[i]->n_instances)
			xvrrp_daemon_stop_iface(d, d->ifaces[i]);
	/* Interfaces of no instance (a router removed) are freed, with their ring. */
	for (size_t i = 0, k = 0, n = d->n_ifaces; i < n; i++) {
		struct xvrrp_iface *iface = d->ifaces[i];

		if (!iface->attached && !iface->n_instances) {
			free(iface->instances);
			free(iface);
			d->n_ifaces--;
		} else {
			d->ifaces[k++] = iface;
		}
	}
	d->rx_next = 0;
	/* Namespaces no instance names any more (a router removed or deleted) are let go. */
	for (size_t i = d->n_netns; i-- > 0;)
		if (!d->netns[i]->used)
			xvrrp_daemon_netns_remove(d, d->netns[i]);
	xvrrp_daemon_enter(d, d->home);
	netns_retry(d);
	xvrrp_config_free(&oc);
	if (d->lock_fd >= 0 && rename(d->rec.next, d->rec.owned) < 0)
		pr_warn("cannot rename %s: %s", d->rec.next, strerror(errno));
	pr_info("reload: %zu instance(s) kept (%zu of them updated in place), %zu started, "
		"%zu stopped", kept, updated, started, stopped);
	return 0;
}
