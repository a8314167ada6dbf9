// SPDX-License-Identifier: GPL-2.0-only
/*
 * Instances in other network namespaces: which ones the daemon cannot serve
 * yet, and check-config's note about them (namespaces.h).
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

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

size_t xvrrp_netns_foreign(const struct xvrrp_config *cfg, const char *netns_dir,
			   const char *self, char *why, size_t len)
{
	const struct xvrrp_instance_cfg *first = NULL;
	struct stat own, st;
	bool own_known;
	size_t n = 0;

	own_known = cfg->net_namespace[0] ? ns_named(netns_dir, cfg->net_namespace, &own)
					  : ns_stat(self, &own);
	for (size_t i = 0; i < cfg->n_instances; i++) {
		const struct xvrrp_instance_cfg *c = &cfg->instances[i];

		/* "" is the daemon's namespace (the loader clears the top-level name too). */
		if (!c->net_namespace[0])
			continue;
		if (own_known && ns_named(netns_dir, c->net_namespace, &st) &&
		    st.st_dev == own.st_dev && st.st_ino == own.st_ino)
			continue;
		if (!first)
			first = c;
		n++;
	}
	if (len)
		why[0] = '\0';
	if (!first)
		return 0;
	snprintf(why, len, "%s:%d: vrrp_instance %s is in net_namespace %s, not in this daemon's "
		 "network namespace: one process per namespace is needed for now, so run one xvrrp "
		 "per namespace with 'xvrrp -n %s attach --config FILE'%s",
		 first->file, first->netns_line ? first->netns_line : first->line, first->name,
		 first->net_namespace, first->net_namespace,
		 n > 1 ? " (other instances are in other namespaces too)" : "");
	return n;
}

void xvrrp_netns_note(const struct xvrrp_config *cfg, FILE *out)
{
	for (size_t i = 0; i < cfg->n_instances; i++) {
		const struct xvrrp_instance_cfg *c = &cfg->instances[i];

		if (c->net_namespace[0])
			fprintf(out, "%s:%d: note: vrrp_instance %s is in net_namespace %s; "
				"'xvrrp attach' serves one namespace per process for now and "
				"refuses it unless it runs there ('xvrrp -n %s attach')\n",
				c->file, c->netns_line ? c->netns_line : c->line, c->name,
				c->net_namespace, c->net_namespace);
	}
}
