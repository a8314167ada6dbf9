/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Instances in other network namespaces (the vrrp_instance net_namespace
 * extension): one daemon serves instances in many namespaces
 * (docs/design.md, "One process for many namespaces").
 */
#ifndef XVRRP_NAMESPACES_H
#define XVRRP_NAMESPACES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "config.h"
#include "netlink.h"
#include "tx.h"

#define XVRRP_NETNS_DIR "/run/netns"

/*
 * One network namespace the daemon serves (docs/design.md, "One process for
 * many namespaces"). A socket keeps the namespace it was opened in, so its
 * netlink handles and packet socket are opened once, inside it; what
 * resolves a name or opens a file there (attaching XDP, raw and multicast
 * sockets, sysctls, if_nametoindex, a script's child) runs after
 * xvrrp_netns_switch() into it.
 */
struct xvrrp_netns {
	char name[NAME_MAX + 1];        /* "" = the daemon's own namespace */
	uint32_t id;                    /* unique for the daemon's life (epoll tags) */
	int fd;                         /* an fd of the namespace, for setns(); -1 offline */
	dev_t dev;                      /* nsfs identity of the namespace */
	ino_t ino;
	struct xvrrp_nl *nl;            /* rtnetlink in the namespace */
	struct xvrrp_nl_monitor *links; /* its link events */
	struct xvrrp_tx tx;             /* its AF_PACKET socket and frame batch */
	int lock_fd;                    /* another namespace's lock (one daemon per namespace), -1 */
	char ctl_link[108];             /* its control path: a link to the daemon's socket; "" none */
	bool gone;                      /* its /run/netns name is gone or names another namespace */
	bool used;                      /* reload: an instance still names it */
	void *owner;                    /* the daemon serving it */
};

/*
 * Open the namespace `name` ("" = the one the process is in now): an fd of
 * it and its identity only. Returns NULL after printing one sentence (it
 * does not exist: create it first).
 */
struct xvrrp_netns *xvrrp_netns_new(const char *name, uint32_t id);
/*
 * Make the calling thread's network namespace `to` if *cur is not it
 * (*cur updated). Returns 0 or -errno (said once in the log).
 */
int xvrrp_netns_switch(struct xvrrp_netns **cur, struct xvrrp_netns *to);
/* Does /run/netns have NAME (a namespace, or one being made)? */
bool xvrrp_netns_named(const char *name);
/* Is /run/netns/NAME still this namespace? (false: deleted, or another one by that name) */
bool xvrrp_netns_alive(const struct xvrrp_netns *ns);
/* Close its fd (the caller has closed its sockets) and free it. */
void xvrrp_netns_free(struct xvrrp_netns *ns);

/* check-config: a note for each instance that names a namespace of its own. */
void xvrrp_netns_note(const struct xvrrp_config *cfg, FILE *out);

#endif
