// SPDX-License-Identifier: GPL-2.0-only
/*
 * The namespaces one daemon serves (daemon.h, namespaces.h): found or opened
 * by name, their sockets opened inside them, their lock taken and their
 * control path linked to the daemon's socket, and all of it let go when no
 * instance names the namespace any more or the namespace is deleted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/inotify.h>
#include <sys/stat.h>

#include "control.h"
#include "daemon.h"
#include "log.h"
#include "record.h"

static void on_link_change(void *ctx, int ifindex, bool up)
{
	struct xvrrp_netns *ns = ctx;

	xvrrp_track_link_changed(ns->owner, ns, ifindex, up);
}

struct xvrrp_netns *xvrrp_daemon_netns_find(const struct xvrrp_daemon *d, const char *name)
{
	for (size_t i = 0; i < d->n_netns; i++)
		if (!strcmp(d->netns[i]->name, name))
			return d->netns[i];
	return NULL;
}

struct xvrrp_netns *xvrrp_daemon_netns_get(struct xvrrp_daemon *d, const char *name)
{
	struct xvrrp_netns *ns = xvrrp_daemon_netns_find(d, name), **v;

	if (ns)
		return ns;
	if (!name[0] && d->home)
		return d->home;
	ns = xvrrp_netns_new(name, d->next_ns_id++);
	if (!ns)
		return NULL;
	ns->owner = d;
	/* Another name of a namespace served already (the daemon's own, or a second name). */
	for (size_t i = 0; i < d->n_netns; i++) {
		if (d->netns[i]->dev == ns->dev && d->netns[i]->ino == ns->ino) {
			struct xvrrp_netns *same = d->netns[i];

			xvrrp_netns_free(ns);
			return same;
		}
	}
	v = realloc(d->netns, (d->n_netns + 1) * sizeof(*v));
	if (!v) {
		xvrrp_netns_free(ns);
		return NULL;
	}
	d->netns = v;
	d->netns[d->n_netns++] = ns;
	if (!d->home)
		d->home = d->cur_ns = ns;
	return ns;
}

/*
 * Another namespace's lock: no per-router xvrrp (or a second one-per-node
 * daemon) may serve it while we do. Its control path is a link to the
 * daemon's socket, so `xvrrp -n NAME status` inside it reaches this daemon.
 */
static int claim(struct xvrrp_daemon *d, struct xvrrp_netns *ns)
{
	struct xvrrp_record_paths rec = { 0 };
	char ctl[sizeof(ns->ctl_link)];
	int err = xvrrp_ctl_path(ctl, sizeof(ctl));

	if (!err)
		err = xvrrp_record_paths(ctl, &rec);
	if (err || !strcmp(ctl, d->ctl_path))
		return err;     /* XVRRP_SOCKET names one socket for every namespace */
	ns->lock_fd = xvrrp_lock_take(rec.lock);
	if (ns->lock_fd == -EWOULDBLOCK) {
		ns->lock_fd = -1;
		pr_err("net_namespace %s: an xvrrp daemon already serves it (%s is locked): stop "
		       "that one first", ns->name, rec.lock);
		return -EBUSY;
	}
	if (ns->lock_fd < 0) {
		err = ns->lock_fd;
		ns->lock_fd = -1;
		pr_err("cannot lock %s: %s", rec.lock, strerror(-err));
		return err;
	}
	unlink(ctl);
	if (d->ctl_path[0] && symlink(d->ctl_path, ctl) == 0)
		snprintf(ns->ctl_link, sizeof(ns->ctl_link), "%s", ctl);
	else if (d->ctl_path[0])
		pr_warn("net_namespace %s: cannot link %s to the control socket: %s", ns->name, ctl,
			strerror(errno));
	return 0;
}

int xvrrp_daemon_netns_up(struct xvrrp_daemon *d, struct xvrrp_netns *ns)
{
	int err;

	if (ns->nl)
		return 0;
	err = xvrrp_daemon_enter(d, ns);
	if (err)
		return err;
	if (ns != d->home && !d->env.offline)
		err = claim(d, ns);
	if (!err) {
		ns->nl = xvrrp_nl_open();
		ns->links = xvrrp_nl_monitor_open(on_link_change, ns);
		if (!ns->nl || !ns->links) {
			err = -errno ?: -ENOMEM;
			pr_err("net_namespace %s: cannot open a netlink socket: %s",
			       ns->name[0] ? ns->name : "(own)", strerror(-err));
		}
	}
	if (!err) {
		if (d->env.offline) {
			xvrrp_tx_open_sink(&ns->tx, d->env.send, d->env.ctx);
		} else {
			err = xvrrp_tx_open(&ns->tx);
			if (err)
				pr_err("cannot open a packet socket: %s", strerror(-err));
		}
	}
	if (!err && d->epfd >= 0)
		err = xvrrp_daemon_watch_links(d, ns);
	xvrrp_daemon_enter(d, d->home);
	/* All or nothing: a namespace half set up would run instances that cannot send. */
	if (err)
		xvrrp_daemon_netns_down(d, ns);
	return err;
}

int xvrrp_daemon_watch_links(struct xvrrp_daemon *d, struct xvrrp_netns *ns)
{
	struct epoll_event ev = {
		.events = EPOLLIN,
		.data.u64 = ((uint64_t)ns->id << 32) | XVRRP_EV_LINK,
	};

	if (epoll_ctl(d->epfd, EPOLL_CTL_ADD, xvrrp_nl_monitor_fd(ns->links), &ev))
		return -errno;
	return 0;
}

void xvrrp_daemon_netns_down(struct xvrrp_daemon *d, struct xvrrp_netns *ns)
{
	if (ns->links && d->epfd >= 0)
		epoll_ctl(d->epfd, EPOLL_CTL_DEL, xvrrp_nl_monitor_fd(ns->links), NULL);
	xvrrp_tx_flush(&ns->tx);
	xvrrp_tx_close(&ns->tx);
	xvrrp_nl_close(ns->nl);
	xvrrp_nl_monitor_close(ns->links);
	ns->nl = NULL;
	ns->links = NULL;
	if (ns->ctl_link[0])
		unlink(ns->ctl_link);
	ns->ctl_link[0] = '\0';
	/* The lock file stays (as the daemon's own): unlinked, a waiter could lock a stale one. */
	if (ns->lock_fd >= 0)
		close(ns->lock_fd);
	ns->lock_fd = -1;
}

void xvrrp_daemon_netns_remove(struct xvrrp_daemon *d, struct xvrrp_netns *ns)
{
	size_t k = 0;

	if (ns == d->home)
		return;
	if (d->cur_ns == ns && xvrrp_daemon_enter(d, d->home))
		d->cur_ns = NULL;       /* unknown: the next switch enters for sure */
	xvrrp_daemon_netns_down(d, ns);
	for (size_t i = 0; i < d->n_ifaces; i++)
		if (d->ifaces[i]->ns == ns)
			d->ifaces[i]->ns = NULL;
	for (size_t i = 0; i < d->n_netns; i++)
		if (d->netns[i] != ns)
			d->netns[k++] = d->netns[i];
	d->n_netns = k;
	if (ns->name[0])
		pr_info("net_namespace %s: no longer served", ns->name);
	xvrrp_netns_free(ns);
}

struct xvrrp_netns *xvrrp_daemon_netns_by_id(const struct xvrrp_daemon *d, uint32_t id)
{
	for (size_t i = 0; i < d->n_netns; i++)
		if (d->netns[i]->id == id)
			return d->netns[i];
	return NULL;
}

void xvrrp_daemon_flush(struct xvrrp_daemon *d)
{
	for (size_t i = 0; i < d->n_netns; i++)
		xvrrp_tx_flush(&d->netns[i]->tx);
}

int xvrrp_daemon_netns_watch(struct xvrrp_daemon *d)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = XVRRP_EV_NETNS };

	d->netns_watch_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (d->netns_watch_fd < 0)
		return -errno;
	/* ip netns creates the directory with its first namespace. */
	mkdir(XVRRP_NETNS_DIR, 0755);
	if (inotify_add_watch(d->netns_watch_fd, XVRRP_NETNS_DIR,
			      IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM) < 0 ||
	    epoll_ctl(d->epfd, EPOLL_CTL_ADD, d->netns_watch_fd, &ev)) {
		int err = -errno;

		close(d->netns_watch_fd);
		d->netns_watch_fd = -1;
		return err;
	}
	return 0;
}

bool xvrrp_daemon_netns_changed(struct xvrrp_daemon *d)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	bool ours = false;
	ssize_t n;

	while ((n = read(d->netns_watch_fd, buf, sizeof(buf))) > 0) {
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *e = (const struct inotify_event *)p;

			/* A namespace we serve, or one an instance waits for (or events lost). */
			if ((e->mask & IN_Q_OVERFLOW) ||
			    (e->len && xvrrp_daemon_netns_wanted(d, e->name)))
				ours = true;
			p += sizeof(*e) + e->len;
		}
	}
	return ours;
}

bool xvrrp_daemon_netns_wanted(const struct xvrrp_daemon *d, const char *name)
{
	if (xvrrp_daemon_netns_find(d, name))
		return true;
	for (size_t i = 0; i < d->cfg.n_instances; i++)
		if (!strcmp(d->cfg.instances[i].net_namespace, name))
			return true;
	return false;
}
