// SPDX-License-Identifier: GPL-2.0-only
/*
 * Network namespaces: one the daemon serves (opened, entered, checked for
 * deletion) and check-config's note about instances in them (namespaces.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include "log.h"
#include "namespaces.h"

/* The namespace file at `path` (nsfs: its inode names the namespace). */
static bool ns_stat(const char *path, struct stat *st)
{
	return stat(path, st) == 0;
}

static bool ns_named(const char *dir, const char *name, struct stat *st)
{
	char path[PATH_MAX];

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return false;
	return ns_stat(path, st);
}

void xvrrp_netns_note(const struct xvrrp_config *cfg, FILE *out)
{
	for (size_t i = 0; i < cfg->n_instances; i++) {
		const struct xvrrp_instance_cfg *c = &cfg->instances[i];

		if (c->net_namespace[0])
			fprintf(out, "%s:%d: note: vrrp_instance %s runs in net_namespace %s, "
				"which must exist when xvrrp attaches (with --config DIR it waits "
				"for it)\n", c->file, c->netns_line ? c->netns_line : c->line,
				c->name, c->net_namespace);
	}
}

struct xvrrp_netns *xvrrp_netns_new(const char *name, uint32_t id)
{
	struct xvrrp_netns *ns = calloc(1, sizeof(*ns));
	char path[sizeof(XVRRP_NETNS_DIR "/") + NAME_MAX];
	struct statfs sfs;
	struct stat st;

	if (!ns)
		return NULL;
	snprintf(ns->name, sizeof(ns->name), "%s", name);
	snprintf(path, sizeof(path), name[0] ? XVRRP_NETNS_DIR "/%s" : "/proc/self/ns/net", name);
	ns->id = id;
	ns->lock_fd = -1;
	ns->tx.fd = -1;
	ns->fd = open(path, O_RDONLY | O_CLOEXEC);
	/*
	 * `ip netns add` creates the file, then mounts the namespace on it: until
	 * then it is a plain file (not nsfs), not a namespace yet.
	 */
	if (ns->fd >= 0 && (fstatfs(ns->fd, &sfs) < 0 || sfs.f_type != NSFS_MAGIC)) {
		xvrrp_netns_free(ns);
		return NULL;
	}
	if (ns->fd < 0 || fstat(ns->fd, &st) < 0) {
		if (name[0])
			pr_err("net_namespace %s: %s does not exist: create it first (ip netns add %s)",
			       name, path, name);
		else
			pr_err("cannot open %s: %s", path, strerror(errno));
		xvrrp_netns_free(ns);
		return NULL;
	}
	ns->dev = st.st_dev;
	ns->ino = st.st_ino;
	return ns;
}

int xvrrp_netns_switch(struct xvrrp_netns **cur, struct xvrrp_netns *to)
{
	if (!to || *cur == to || to->fd < 0)
		return 0;
	if (setns(to->fd, CLONE_NEWNET) < 0) {
		int err = -errno;

		pr_err("net_namespace %s: cannot enter it: %s", to->name[0] ? to->name : "(own)",
		       strerror(errno));
		return err;
	}
	*cur = to;
	return 0;
}

bool xvrrp_netns_named(const char *name)
{
	struct stat st;

	return ns_named(XVRRP_NETNS_DIR, name, &st);
}

bool xvrrp_netns_alive(const struct xvrrp_netns *ns)
{
	struct stat st;

	if (!ns->name[0])
		return true;
	return ns_named(XVRRP_NETNS_DIR, ns->name, &st) && st.st_dev == ns->dev &&
	       st.st_ino == ns->ino;
}

void xvrrp_netns_free(struct xvrrp_netns *ns)
{
	if (!ns)
		return;
	if (ns->fd >= 0)
		close(ns->fd);
	free(ns);
}
