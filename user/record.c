// SPDX-License-Identifier: GPL-2.0-only
/*
 * The lock that makes a daemon the only one of its network namespace, and
 * the record of what it may add to the host, swept at the next start after
 * a daemon that did not stop cleanly (record.h).
 */
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if.h>
#include <sys/file.h>
#include <sys/stat.h>

#include "log.h"
#include "namespaces.h"
#include "record.h"
#include "routes.h"
#include "xvrrp_wire.h"

int xvrrp_record_paths(const char *ctl_path, struct xvrrp_record_paths *p)
{
	size_t n = strlen(ctl_path);

	/* The control socket's name without ".sock", when it has one. */
	if (n > 5 && !strcmp(ctl_path + n - 5, ".sock"))
		n -= 5;
	if ((size_t)snprintf(p->lock, sizeof(p->lock), "%.*s.lock", (int)n, ctl_path) >=
		    sizeof(p->lock) ||
	    (size_t)snprintf(p->owned, sizeof(p->owned), "%.*s.owned", (int)n, ctl_path) >=
		    sizeof(p->owned) ||
	    (size_t)snprintf(p->next, sizeof(p->next), "%.*s.owned.next", (int)n, ctl_path) >=
		    sizeof(p->next))
		return -ENAMETOOLONG;
	return 0;
}

int xvrrp_lock_take(const char *path)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0)
		return -errno;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int err = errno == EWOULDBLOCK ? -EWOULDBLOCK : -errno;

		close(fd);
		return err;
	}
	return fd;
}

int xvrrp_record_write(const char *path, const struct xvrrp_config *cfg)
{
	char tmp[300];
	FILE *f;
	int fd, err = 0;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
		return -ENAMETOOLONG;
	unlink(tmp);
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	fputs("# Written by xvrrp: what this daemon may add to the host. If the daemon\n"
	      "# dies without stopping, the next start removes all of it. Do not edit.\n", f);
	xvrrp_config_dump(cfg, f);
	if (fflush(f) || fsync(fd))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path) < 0)
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

static int ifindex_of(const char *name)
{
	return name[0] ? (int)if_nametoindex(name) : 0;
}

/* Remove an address if it is there; 1 if it was. */
static int sweep_addr(struct xvrrp_nl *nl, int ifindex, const struct xvrrp_vip_cfg *a)
{
	char buf[INET6_ADDRSTRLEN];
	int ret;

	if (ifindex <= 0)
		return 0;
	if (a->family == AF_INET6)
		ret = xvrrp_nl_addr_del6(nl, ifindex, &a->addr.v6, a->prefixlen);
	else
		ret = xvrrp_nl_addr_del4(nl, ifindex, a->addr.v4.s_addr, a->prefixlen);
	if (ret != 1)
		return 0;
	pr_info("removed %s/%u left behind by a daemon that did not stop",
		inet_ntop(a->family, &a->addr, buf, sizeof(buf)), a->prefixlen);
	return 1;
}

static int sweep_instance(struct xvrrp_nl *nl, const struct xvrrp_instance_cfg *c)
{
	int vrrp_if = ifindex_of(c->interface), vmac_if = 0, n = 0;
	const char *routes_dev = c->interface;

	/* An address owner's VIPs are the interface's own addresses: never ours to remove. */
	if (c->priority == VRRP_PRIO_OWNER)
		return 0;
	if (c->use_vmac) {
		vmac_if = ifindex_of(c->vmac_name);
		if (vmac_if > 0)
			routes_dev = c->vmac_name;
	}
	for (size_t i = 0; i < c->n_vips + c->n_vips_excluded; i++) {
		const struct xvrrp_vip_cfg *v = i < c->n_vips ? &c->vips[i]
							      : &c->vips_excluded[i - c->n_vips];
		int ifindex = vrrp_if;

		if (v->dev[0] && strcmp(v->dev, c->interface))
			ifindex = ifindex_of(v->dev);
		else if (vmac_if > 0)
			ifindex = vmac_if;
		n += sweep_addr(nl, ifindex, v);
	}
	xvrrp_rules_apply(nl, c->rules, c->n_rules, false);
	xvrrp_routes_apply(nl, c->routes, c->n_routes, routes_dev, false);
	return n;
}

/*
 * An instance in another namespace (one daemon for many): swept inside it,
 * through a netlink socket of its own, if the namespace is still there.
 */
static int sweep_in_netns(const struct xvrrp_instance_cfg *c, xvrrp_sweep_ns_fn may, void *ctx)
{
	struct stat st;
	char path[sizeof(XVRRP_NETNS_DIR "/") + NAME_MAX];
	int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC), there, n = 0;
	struct xvrrp_nl *nl;

	snprintf(path, sizeof(path), XVRRP_NETNS_DIR "/%s", c->net_namespace);
	there = open(path, O_RDONLY | O_CLOEXEC);
	if (self < 0 || there < 0 || fstat(there, &st) < 0 || !may(ctx, &st) ||
	    setns(there, CLONE_NEWNET) < 0) {
		if (self >= 0)
			close(self);
		if (there >= 0)
			close(there);
		return 0;       /* gone with everything in it, or another daemon's now */
	}
	nl = xvrrp_nl_open();
	if (nl) {
		n = sweep_instance(nl, c);
		xvrrp_nl_close(nl);
	}
	if (setns(self, CLONE_NEWNET) < 0)
		pr_err("cannot return to the daemon's network namespace: %s", strerror(errno));
	close(self);
	close(there);
	return n;
}

int xvrrp_record_sweep(struct xvrrp_nl *nl, const char *path, xvrrp_sweep_ns_fn may, void *ctx)
{
	struct xvrrp_config rec;
	struct stat st;
	FILE *devnull;
	int n = 0;

	if (lstat(path, &st) < 0)
		return 0;
	if (!S_ISREG(st.st_mode) || st.st_uid != geteuid()) {
		pr_warn("%s is not a record of ours (not a regular file of this user): left alone",
			path);
		return 0;
	}
	devnull = fopen("/dev/null", "we");
	if (xvrrp_config_load(path, &rec, devnull ? devnull : stderr)) {
		pr_warn("%s: the record of the last run cannot be read: nothing swept", path);
		if (devnull)
			fclose(devnull);
		unlink(path);
		return 0;
	}
	if (devnull)
		fclose(devnull);
	pr_info("the last daemon in this network namespace did not stop: removing what its "
		"configuration added (%s)", path);
	for (size_t i = 0; i < rec.n_instances; i++)
		n += rec.instances[i].net_namespace[0] &&
		     strcmp(rec.instances[i].net_namespace, rec.net_namespace)
		     ? sweep_in_netns(&rec.instances[i], may, ctx) : sweep_instance(nl, &rec.instances[i]);
	xvrrp_rules_apply(nl, rec.static_rules, rec.n_static_rules, false);
	xvrrp_routes_apply(nl, rec.static_routes, rec.n_static_routes, NULL, false);
	for (size_t i = 0; i < rec.n_static_addrs; i++)
		n += sweep_addr(nl, ifindex_of(rec.static_addrs[i].dev), &rec.static_addrs[i]);
	xvrrp_config_free(&rec);
	unlink(path);
	return n;
}
