// SPDX-License-Identifier: GPL-2.0-only
/*
 * `xvrrp attach`: set the host up for a config, run the event loop, and take
 * everything down again on SIGTERM or `xvrrp detach`.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "control.h"
#include "daemon.h"
#include "log.h"
#include "xvrrp_maps.h"
#include "xvrrp_wire.h"

/* epoll tags: which fd woke us. */
enum { EV_RING = 1, EV_TIMER, EV_SIGNAL, EV_CTL, EV_LINK };

static struct xvrrp_iface *iface_by_ifindex(struct xvrrp_daemon *d, int ifindex)
{
	for (size_t i = 0; i < d->n_ifaces; i++)
		if (d->ifaces[i].link.ifindex == ifindex && d->ifaces[i].attached)
			return &d->ifaces[i];
	return NULL;
}

/*
 * Checks of a valid advert that need the instance's configuration (the XDP
 * program already checked everything that needs only the packet). Returns
 * false when the advert must be discarded.
 */
static bool advert_acceptable(struct xvrrp_instance *inst, const struct xvrrp_advert_event *ev)
{
	const struct xvrrp_instance_cfg *cfg = inst->cfg;
	size_t n_v4 = 0, matched = 0;

	if (ev->version != cfg->version) {
		/* A v2 and a v3 speaker on one VRID do not understand each other's timers. */
		inst->counters.invalid_type_rcvd++;
		return false;
	}
	if (cfg->version == VRRP_VERSION_2) {
		/* RFC 3768 §7.1: authentication type and data must match ours, and so the interval. */
		if (ev->auth_type > VRRP_AUTH_AH) {
			inst->counters.invalid_authtype++;
			return false;
		}
		if (ev->auth_type != cfg->auth_type) {
			inst->counters.authtype_mismatch++;
			return false;
		}
		if (cfg->auth_type == VRRP_AUTH_PASS &&
		    memcmp(ev->auth_data, cfg->auth_pass, sizeof(cfg->auth_pass))) {
			inst->counters.auth_failure++;
			return false;
		}
		if (ev->max_adver_int_cs != cfg->adver_int_cs) {
			inst->counters.advert_interval_err++;
			return false;
		}
	} else if (ev->max_adver_int_cs != cfg->adver_int_cs) {
		/* RFC 5798 §6.4.2: a v3 backup learns the master's interval; count, do not drop. */
		inst->counters.advert_interval_err++;
	}
	/* RFC 5798 §6.4.2 allows the address list to differ; keepalived counts it, so do we. */
	for (size_t i = 0; i < inst->n_vips; i++) {
		if (inst->vips[i].cfg->family != AF_INET)
			continue;
		n_v4++;
		for (unsigned int j = 0; j < ev->count_addr && j < XVRRP_EVENT_MAX_ADDRS; j++)
			if (ev->addrs[j] == inst->vips[i].cfg->addr.v4.s_addr) {
				matched++;
				break;
			}
	}
	if (ev->count_addr != n_v4 || matched != n_v4)
		inst->counters.addr_list_err++;
	return true;
}

static void deliver_advert(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			   const struct vrrp_advert_in *adv, uint64_t stamp)
{
	struct vrrp_actions acts = { 0 };

	vrrp_fsm_recv_advert(&inst->fsm, adv, stamp, &acts);
	xvrrp_instance_apply(d, inst, &acts);
}

static int on_ring_event(void *ctx, void *data, size_t size)
{
	struct xvrrp_daemon *d = ctx;
	const struct xvrrp_advert_event *ev = data;
	struct xvrrp_iface *iface;
	struct xvrrp_instance *inst;
	struct vrrp_advert_in adv;

	if (size < sizeof(*ev))
		return 0;
	iface = iface_by_ifindex(d, ev->ifindex);
	if (!iface)
		return 0;
	inst = iface->by_vrid[ev->vrid];
	if (!inst)
		return 0;
	if (ev->priority == VRRP_PRIO_STOP)
		inst->counters.pri_zero_rcvd++;
	if (!advert_acceptable(inst, ev))
		return 0;
	adv.saddr = ev->saddr4;
	adv.priority = ev->priority;
	adv.max_adver_int_cs = ev->max_adver_int_cs;
	deliver_advert(d, inst, &adv, ev->ktime_ns);
	return 0;
}

/*
 * A backup's Master_Down_Timer ran out. The XDP program does not wake us for
 * an advert that repeats the last one; it only stamps last_seen_ns. So before
 * acting, replay the latest stamped advert: a late user space must never
 * cause a false takeover (DESIGN.md, "Timestamps").
 */
static void replay_last_seen(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	struct xvrrp_vrid_key key = { .vrid = inst->cfg->vrid, .family = XVRRP_AF_INET };
	struct xvrrp_vrid_state st;
	struct vrrp_advert_in adv;

	if (bpf_map_lookup_elem(xvrrp_xdp_fd_vrid_state(&inst->iface->xdp), &key, &st))
		return;
	if (!(st.flags & XVRRP_VRID_SEEN) || st.last_seen_ns <= inst->fsm.last_advert_ns)
		return;
	/*
	 * Replay only what advert_acceptable() would have let through: the map
	 * keeps no authentication data (such instances get every advert as an
	 * event instead), and v2 discards a foreign interval.
	 */
	if (st.version != inst->cfg->version || inst->cfg->auth_type != VRRP_AUTH_NONE ||
	    (st.version == VRRP_VERSION_2 && st.max_adver_int_cs != inst->cfg->adver_int_cs))
		return;
	adv.saddr = st.saddr4;
	adv.priority = st.priority;
	adv.max_adver_int_cs = st.max_adver_int_cs;
	deliver_advert(d, inst, &adv, st.last_seen_ns);
}

static void instance_timer_fire(struct xvrrp_daemon *d, struct xvrrp_instance *inst, uint64_t now)
{
	struct vrrp_actions acts = { 0 };

	if (inst->fsm.state == VRRP_STATE_BACKUP && inst->fsm.master_down_timer &&
	    inst->fsm.master_down_timer <= now)
		replay_last_seen(d, inst);
	vrrp_fsm_timers(&inst->fsm, now, &acts);
	xvrrp_instance_apply(d, inst, &acts);
}

static void garp_timer_fire(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	xvrrp_timerheap_del(&d->timers, &inst->garp_timer);
	if (inst->fsm.state == VRRP_STATE_MASTER)
		xvrrp_instance_send_garps(d, inst);
}

static void arm_timerfd(struct xvrrp_daemon *d)
{
	struct xvrrp_timer *t = xvrrp_timerheap_peek(&d->timers);
	struct itimerspec its = { 0 };

	if (t) {
		its.it_value.tv_sec = t->deadline / 1000000000ULL;
		its.it_value.tv_nsec = t->deadline % 1000000000ULL;
	}
	timerfd_settime(d->timerfd, TFD_TIMER_ABSTIME, &its, NULL);
}

static void run_timers(struct xvrrp_daemon *d)
{
	uint64_t now = xvrrp_now_ns();
	struct xvrrp_timer *t;

	/* Adverts that already arrived count before any timer decides anything. */
	ring_buffer__consume(d->rb);
	while ((t = xvrrp_timerheap_peek(&d->timers)) && t->deadline <= now) {
		struct xvrrp_instance *inst;

		if (t->deadline == 0)
			break;
		/* Both timers are embedded in an element of d->instances: find which. */
		inst = &d->instances[((const char *)t - (const char *)d->instances) /
				     sizeof(*d->instances)];
		if (t == &inst->garp_timer)
			garp_timer_fire(d, inst);
		else
			instance_timer_fire(d, inst, now);
		/* An FSM whose deadline did not move would spin: drop it (cannot happen, be safe). */
		if (t->heap_idx != XVRRP_TIMER_IDLE && t->deadline <= now && t == &inst->fsm_timer &&
		    vrrp_fsm_next_deadline(&inst->fsm) <= now)
			xvrrp_timerheap_del(&d->timers, t);
	}
}

void xvrrp_daemon_stop_iface(struct xvrrp_daemon *d, struct xvrrp_iface *iface)
{
	uint64_t now = xvrrp_now_ns();

	if (!iface->attached)
		return;
	for (size_t i = 0; i < iface->n_instances; i++) {
		struct xvrrp_instance *inst = iface->instances[i];
		struct vrrp_actions acts = { 0 };

		/* §6.4.3 Shutdown: a master sends priority 0 so a backup takes over after Skew_Time. */
		vrrp_fsm_shutdown(&inst->fsm, now, &acts);
		xvrrp_instance_apply(d, inst, &acts);
		if (inst->vips_held)
			xvrrp_instance_release_vips(d, inst);
		xvrrp_timerheap_del(&d->timers, &inst->fsm_timer);
		xvrrp_timerheap_del(&d->timers, &inst->garp_timer);
	}
	xvrrp_tx_flush(&d->tx);
	iface->attached = false;
	xvrrp_xdp_destroy(&iface->xdp);
	if (iface->mcast_fd >= 0) {
		close(iface->mcast_fd);
		iface->mcast_fd = -1;
	}
	pr_info("%s: detached", iface->name);
}

bool xvrrp_daemon_any_attached(const struct xvrrp_daemon *d)
{
	for (size_t i = 0; i < d->n_ifaces; i++)
		if (d->ifaces[i].attached)
			return true;
	return false;
}

/* keepalived semantics: the VRRP interface losing its link puts its instances in FAULT. */
static void on_link_change(void *ctx, int ifindex, bool up)
{
	struct xvrrp_daemon *d = ctx;
	struct xvrrp_iface *iface = iface_by_ifindex(d, ifindex);
	uint64_t now = xvrrp_now_ns();

	if (!iface || iface->link.up == up)
		return;
	iface->link.up = up;
	pr_info("%s: link %s", iface->name, up ? "up" : "down");
	for (size_t i = 0; i < iface->n_instances; i++) {
		struct xvrrp_instance *inst = iface->instances[i];
		struct vrrp_actions acts = { 0 };

		if (up)
			vrrp_fsm_link_up(&inst->fsm, now, &acts);
		else
			vrrp_fsm_link_down(&inst->fsm, now, &acts);
		xvrrp_instance_apply(d, inst, &acts);
	}
}

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
			pr_warn("SIGHUP: reloading the configuration is not supported yet; ignored");
			break;
		default:
			break;
		}
	}
}

static int event_loop(struct xvrrp_daemon *d)
{
	struct epoll_event evs[16];

	while (!d->stopping && xvrrp_daemon_any_attached(d)) {
		int n;

		arm_timerfd(d);
		n = epoll_wait(d->epfd, evs, 16, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			pr_err("epoll_wait: %s", strerror(errno));
			return -errno;
		}
		for (int i = 0; i < n; i++) {
			switch (evs[i].data.u32) {
			case EV_RING:
				ring_buffer__consume(d->rb);
				break;
			case EV_TIMER: {
				uint64_t expirations;

				if (read(d->timerfd, &expirations, sizeof(expirations)) < 0 && errno != EAGAIN)
					pr_debug("timerfd read: %s", strerror(errno));
				break;
			}
			case EV_SIGNAL:
				handle_signal(d);
				break;
			case EV_CTL:
				xvrrp_ctl_serve(d);
				break;
			case EV_LINK:
				xvrrp_nl_monitor_recv(d->links);
				break;
			}
		}
		run_timers(d);
		xvrrp_tx_flush(&d->tx);
	}
	return 0;
}

/* ---- set-up ---- */

static bool named(const struct xvrrp_attach_opts *o, const char *ifname)
{
	if (o->n_ifnames == 0)
		return true;
	for (int i = 0; i < o->n_ifnames; i++)
		if (!strcmp(o->ifnames[i], ifname))
			return true;
	return false;
}

static struct xvrrp_iface *iface_get(struct xvrrp_daemon *d, const char *name)
{
	for (size_t i = 0; i < d->n_ifaces; i++)
		if (!strcmp(d->ifaces[i].name, name))
			return &d->ifaces[i];
	return NULL;
}

/* Pick the instances we serve and the interfaces they need. */
static int plan(struct xvrrp_daemon *d, const struct xvrrp_attach_opts *o)
{
	size_t n = d->cfg.n_instances;

	d->ifaces = calloc(n ? n : 1, sizeof(*d->ifaces));
	d->instances = calloc(n ? n : 1, sizeof(*d->instances));
	if (!d->ifaces || !d->instances)
		return -ENOMEM;
	for (int i = 0; i < o->n_ifnames; i++) {
		bool used = false;

		for (size_t j = 0; j < n; j++)
			used |= !strcmp(d->cfg.instances[j].interface, o->ifnames[i]);
		if (!used) {
			pr_err("no vrrp_instance in %s uses interface %s: name an interface the config uses",
			       o->config_path, o->ifnames[i]);
			return -EINVAL;
		}
	}
	for (size_t j = 0; j < n; j++) {
		struct xvrrp_instance_cfg *c = &d->cfg.instances[j];
		struct xvrrp_instance *inst;
		struct xvrrp_iface *iface;

		if (!named(o, c->interface)) {
			pr_warn("%s:%d: vrrp_instance %s on %s is not served: %s was not named on the "
				"command line", c->file, c->line, c->name, c->interface, c->interface);
			continue;
		}
		iface = iface_get(d, c->interface);
		if (!iface) {
			iface = &d->ifaces[d->n_ifaces++];
			snprintf(iface->name, sizeof(iface->name), "%s", c->interface);
			iface->xdp.link_fd = -1;
			iface->mcast_fd = -1;
		}
		inst = &d->instances[d->n_instances++];
		inst->cfg = c;
		inst->iface = iface;
		xvrrp_timer_init(&inst->fsm_timer);
		xvrrp_timer_init(&inst->garp_timer);
	}
	if (!d->n_instances) {
		pr_err("%s: no vrrp_instance to serve", o->config_path);
		return -EINVAL;
	}
	for (size_t i = 0; i < d->n_ifaces; i++) {
		struct xvrrp_iface *iface = &d->ifaces[i];

		iface->instances = calloc(d->n_instances, sizeof(*iface->instances));
		if (!iface->instances)
			return -ENOMEM;
	}
	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = &d->instances[j];

		inst->iface->instances[inst->iface->n_instances++] = inst;
		inst->iface->by_vrid[inst->cfg->vrid] = inst;
	}
	return 0;
}

/* Interfaces must exist; VIPs are resolved to the interface that carries them. */
static int resolve_host(struct xvrrp_daemon *d)
{
	for (size_t i = 0; i < d->n_ifaces; i++) {
		struct xvrrp_iface *iface = &d->ifaces[i];
		int err = xvrrp_nl_link_info(d->nl, iface->name, &iface->link);

		if (err) {
			const struct xvrrp_instance_cfg *c = iface->instances[0]->cfg;

			if (err == -ENODEV)
				pr_err("%s:%d: interface %s does not exist: create it or fix the "
				       "interface name", c->file, c->interface_line ? c->interface_line : c->line,
				       iface->name);
			else
				pr_err("cannot read interface %s: %s", iface->name, strerror(-err));
			return err;
		}
	}
	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = &d->instances[j];

		inst->n_vips = inst->cfg->n_vips;
		inst->vips = calloc(inst->n_vips ? inst->n_vips : 1, sizeof(*inst->vips));
		if (!inst->vips)
			return -ENOMEM;
		for (size_t k = 0; k < inst->n_vips; k++) {
			struct xvrrp_vip *v = &inst->vips[k];
			struct xvrrp_link_info li;

			v->cfg = &inst->cfg->vips[k];
			if (!v->cfg->dev[0] || !strcmp(v->cfg->dev, inst->iface->name)) {
				v->ifindex = inst->iface->link.ifindex;
				memcpy(v->mac, inst->iface->link.mac, 6);
				v->on_vrrp_iface = true;
				continue;
			}
			if (xvrrp_nl_link_info(d->nl, v->cfg->dev, &li)) {
				pr_err("%s:%d: interface %s (dev of a virtual_ipaddress) does not exist",
				       inst->cfg->file, v->cfg->line, v->cfg->dev);
				return -ENODEV;
			}
			v->ifindex = li.ifindex;
			memcpy(v->mac, li.mac, 6);
		}
	}
	return 0;
}

/*
 * Startup removes this config's VIPs left over from a crash (DESIGN.md). An
 * address owner (priority 255) is skipped: its VIP is the interface's own
 * address, which is not ours to remove.
 */
static void remove_stale_vips(struct xvrrp_daemon *d)
{
	char buf[INET_ADDRSTRLEN];

	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = &d->instances[j];

		if (inst->cfg->priority == VRRP_PRIO_OWNER)
			continue;
		for (size_t k = 0; k < inst->n_vips; k++) {
			const struct xvrrp_vip *v = &inst->vips[k];

			if (v->cfg->family == AF_INET &&
			    xvrrp_nl_addr_del4(d->nl, v->ifindex, v->cfg->addr.v4.s_addr,
					       v->cfg->prefixlen) == 1)
				pr_info("%s: removed VIP %s left over from an earlier run", inst->cfg->name,
					inet_ntop(AF_INET, &v->cfg->addr.v4, buf, sizeof(buf)));
		}
	}
}

static int find_primary_addrs(struct xvrrp_daemon *d)
{
	for (size_t i = 0; i < d->n_ifaces; i++) {
		struct xvrrp_iface *iface = &d->ifaces[i];
		uint32_t excl[VRRP_MAX_ADDRS];
		size_t n = 0;
		int err;

		for (size_t j = 0; j < iface->n_instances; j++)
			for (size_t k = 0; k < iface->instances[j]->n_vips && n < VRRP_MAX_ADDRS; k++)
				if (iface->instances[j]->vips[k].cfg->family == AF_INET)
					excl[n++] = iface->instances[j]->vips[k].cfg->addr.v4.s_addr;
		err = xvrrp_nl_primary_addr4(d->nl, iface->link.ifindex, excl, n, &iface->primary_addr);
		if (err == -ENOENT) {
			pr_err("interface %s has no IPv4 address: give it one (ip addr add ... dev %s); "
			       "VRRP adverts are sent from it", iface->name, iface->name);
			return err;
		}
		if (err) {
			pr_err("cannot read the addresses of %s: %s", iface->name, strerror(-err));
			return err;
		}
	}
	return 0;
}

static int attach_ifaces(struct xvrrp_daemon *d)
{
	for (size_t i = 0; i < d->n_ifaces; i++) {
		struct xvrrp_iface *iface = &d->ifaces[i];
		int err, fd;

		err = xvrrp_xdp_attach(&iface->xdp, iface->name, iface->link.ifindex, d->xdp_mode);
		if (err)
			return err;
		iface->attached = true;
		err = xvrrp_xdp_pin(&iface->xdp, iface->name);
		if (err)
			return err;
		iface->mcast_fd = xvrrp_mcast_join4(iface->link.ifindex);
		if (iface->mcast_fd < 0)
			pr_warn("%s: cannot join 224.0.0.18 (%s): adverts may be filtered by the NIC",
				iface->name, strerror(-iface->mcast_fd));
		fd = xvrrp_xdp_fd_vrid_state(&iface->xdp);
		for (size_t j = 0; j < iface->n_instances; j++) {
			struct xvrrp_vrid_key key = { .vrid = iface->instances[j]->cfg->vrid,
						      .family = XVRRP_AF_INET };
			struct xvrrp_vrid_state st = { .flags = XVRRP_VRID_WAKE_ALL };

			if (bpf_map_update_elem(fd, &key, &st, BPF_ANY)) {
				err = -errno;
				pr_err("%s: cannot configure VRID %u in the XDP program: %s", iface->name,
				       key.vrid, strerror(-err));
				return err;
			}
		}
		fd = xvrrp_xdp_fd_events(&iface->xdp);
		if (!d->rb) {
			d->rb = ring_buffer__new(fd, on_ring_event, d, NULL);
			if (!d->rb)
				return -errno;
		} else if (ring_buffer__add(d->rb, fd, on_ring_event, d)) {
			return -errno;
		}
	}
	return 0;
}

static int epoll_add(int epfd, int fd, uint32_t tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = tag };

	return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) ? -errno : 0;
}

static int setup_loop(struct xvrrp_daemon *d)
{
	sigset_t mask;
	int err;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	signal(SIGPIPE, SIG_IGN);
	d->sigfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
	d->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	d->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (d->sigfd < 0 || d->timerfd < 0 || d->epfd < 0)
		return -errno;
	err = epoll_add(d->epfd, ring_buffer__epoll_fd(d->rb), EV_RING);
	if (!err)
		err = epoll_add(d->epfd, d->timerfd, EV_TIMER);
	if (!err)
		err = epoll_add(d->epfd, d->sigfd, EV_SIGNAL);
	if (!err)
		err = epoll_add(d->epfd, d->ctl_fd, EV_CTL);
	if (!err)
		err = epoll_add(d->epfd, xvrrp_nl_monitor_fd(d->links), EV_LINK);
	return err;
}

static void start_instances(struct xvrrp_daemon *d)
{
	uint64_t now = xvrrp_now_ns();

	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = &d->instances[j];
		const struct xvrrp_instance_cfg *c = inst->cfg;
		struct vrrp_fsm_params p = {
			.vrid = c->vrid,
			.version = c->version,
			.priority = c->priority,
			.adver_int_cs = c->adver_int_cs,
			.preempt = !c->nopreempt,
			.preempt_delay_ns = (uint64_t)c->preempt_delay_ms * 1000000ULL,
			.primary_addr = inst->iface->primary_addr,
		};
		struct vrrp_actions acts = { 0 };

		vrrp_fsm_init(&inst->fsm, &p);
		if (inst->iface->link.up)
			vrrp_fsm_startup(&inst->fsm, now, &acts);
		else
			vrrp_fsm_link_down(&inst->fsm, now, &acts);
		xvrrp_instance_apply(d, inst, &acts);
	}
}

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
		ssize_t n;

		close(pfd[1]);
		n = read(pfd[0], &c, 1);
		if (n == 1) {
			printf("xvrrp: running as pid %d\n", pid);
			_exit(0);
		}
		_exit(1);
	}
	close(pfd[0]);
	setsid();
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

static void teardown(struct xvrrp_daemon *d)
{
	for (size_t i = 0; i < d->n_ifaces; i++)
		xvrrp_daemon_stop_iface(d, &d->ifaces[i]);
	for (size_t i = 0; i < d->n_ifaces; i++) {
		xvrrp_xdp_destroy(&d->ifaces[i].xdp);
		free(d->ifaces[i].instances);
	}
	for (size_t j = 0; j < d->n_instances; j++)
		free(d->instances[j].vips);
	if (d->ctl_fd >= 0) {
		close(d->ctl_fd);
		unlink(d->ctl_path);
	}
	ring_buffer__free(d->rb);
	xvrrp_tx_close(&d->tx);
	xvrrp_timerheap_free(&d->timers);
	xvrrp_nl_close(d->nl);
	xvrrp_nl_monitor_close(d->links);
	if (d->epfd >= 0)
		close(d->epfd);
	if (d->timerfd >= 0)
		close(d->timerfd);
	if (d->sigfd >= 0)
		close(d->sigfd);
	free(d->ifaces);
	free(d->instances);
	xvrrp_config_free(&d->cfg);
}

int xvrrp_daemon_run(const struct xvrrp_attach_opts *opts)
{
	struct xvrrp_daemon d = {
		.config_path = opts->config_path, .xdp_mode = opts->xdp_mode,
		.epfd = -1, .timerfd = -1, .sigfd = -1, .ctl_fd = -1, .ready_fd = -1,
	};
	int err, ret = 1;

	d.tx.fd = -1;
	/* Config errors: exit 2, nothing on the host touched yet. */
	if (xvrrp_config_load(opts->config_path, &d.cfg, stderr))
		return 2;
	if (plan(&d, opts)) {
		ret = 2;
		goto out;
	}
	if (geteuid() != 0) {
		pr_err("xvrrp attach needs root (CAP_BPF, CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN): run it with sudo");
		goto out;
	}
	err = xvrrp_ctl_path(d.ctl_path, sizeof(d.ctl_path));
	if (!err && xvrrp_ctl_daemon_running(d.ctl_path)) {
		pr_err("an xvrrp daemon already runs in this network namespace (%s): "
		       "stop it first (xvrrp detach IFACE, or SIGTERM)", d.ctl_path);
		goto out;
	}
	d.nl = xvrrp_nl_open();
	d.links = xvrrp_nl_monitor_open(on_link_change, &d);
	if (!d.nl || !d.links) {
		pr_err("cannot open a netlink socket: %s", strerror(errno));
		goto out;
	}
	if (resolve_host(&d))
		goto out;
	if (!opts->foreground && daemonise(&d))
		goto out;
	remove_stale_vips(&d);
	if (find_primary_addrs(&d))
		goto out;
	err = xvrrp_tx_open(&d.tx);
	if (err) {
		pr_err("cannot open a packet socket: %s", strerror(-err));
		goto out;
	}
	if (attach_ifaces(&d))
		goto out;
	d.ctl_fd = xvrrp_ctl_listen(d.ctl_path);
	if (d.ctl_fd < 0)
		goto out;
	if (setup_loop(&d)) {
		pr_err("cannot set up the event loop: %s", strerror(errno));
		goto out;
	}
	start_instances(&d);
	xvrrp_tx_flush(&d.tx);
	announce_ready(&d);
	ret = event_loop(&d) ? 1 : 0;
out:
	teardown(&d);
	return ret;
}
