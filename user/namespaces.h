/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Instances in other network namespaces (the vrrp_instance net_namespace
 * extension). The configuration reads them; the daemon serves one namespace
 * per process for now, so it refuses an instance that is not in its own
 * (docs/design.md, "One process for many namespaces").
 */
#ifndef XVRRP_NAMESPACES_H
#define XVRRP_NAMESPACES_H

#include <stddef.h>
#include <stdio.h>

#include "config.h"

#define XVRRP_NETNS_DIR "/run/netns"

/*
 * How many instances of cfg are not in the namespace the daemon serves:
 * that of the top-level net_namespace (netns_dir/NAME), else `self` (the
 * namespace the process is in, "/proc/self/ns/net"). A namespace is told by
 * its inode, so two names of one namespace are one; a name that does not
 * exist is another namespace. `why` gets one sentence about the first such
 * instance (file:line, what to do instead), "" when there is none.
 */
size_t xvrrp_netns_foreign(const struct xvrrp_config *cfg, const char *netns_dir,
			   const char *self, char *why, size_t len);

/* check-config: a note for each instance that names a namespace of its own. */
void xvrrp_netns_note(const struct xvrrp_config *cfg, FILE *out);

#endif
