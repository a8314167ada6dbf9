/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The XDP program's lifecycle on one interface: open the skeleton, load,
 * attach through a bpf_link (it dies with the process: a dead agent never
 * keeps answering ARP), pin the maps under bpffs, and undo all of it.
 */
#ifndef XVRRP_LOADER_H
#define XVRRP_LOADER_H

#include <limits.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

enum xvrrp_xdp_mode {
	XVRRP_XDP_AUTO = 0,     /* native on real NICs, generic on veth & co (DESIGN.md) */
	XVRRP_XDP_NATIVE,
	XVRRP_XDP_GENERIC,
};

struct xvrrp_bpf;
struct xvrrp_vrid_state;

struct xvrrp_xdp {
	struct xvrrp_bpf *skel;
	int link_fd;                    /* bpf_link; -1 when not attached */
	int ifindex;
	enum xvrrp_xdp_mode mode;       /* the mode in use (never AUTO once attached) */
	uint32_t prog_id;
	struct xvrrp_vrid_state *vrid_state;    /* the vrid_state array, mmap()ed */
	size_t vrid_state_len;
	char pin_dir[PATH_MAX];         /* "" when not pinned */
};

const char *xvrrp_xdp_mode_name(enum xvrrp_xdp_mode mode);
/* Is a kernel of this release (uname -r) older than the XDP program needs (5.15)? */
bool xvrrp_kernel_too_old(const char *release);
int xvrrp_xdp_mode_parse(const char *s, enum xvrrp_xdp_mode *mode);

/*
 * Load the program for ifname/ifindex (VRRP multicast groups mcast_group4,
 * network byte order, and mcast_group6) and attach it in `mode`. On failure
 * return a negative errno after printing one sentence saying what to do.
 */
int xvrrp_xdp_attach(struct xvrrp_xdp *x, const char *ifname, int ifindex,
		     enum xvrrp_xdp_mode mode, uint32_t mcast_group4,
		     const struct in6_addr *mcast_group6);

/*
 * Take a program loaded elsewhere (a daemon run offline, daemon.h): map its
 * vrid_state; nothing is attached. Give the skeleton back before
 * xvrrp_xdp_destroy(), which would free it: set x->skel to NULL.
 */
int xvrrp_xdp_adopt(struct xvrrp_xdp *x, struct xvrrp_bpf *skel, int ifindex);

/* Pin maps under /sys/fs/bpf/xvrrp/<netns>-<ifname>/ (mounting bpffs if needed). */
int xvrrp_xdp_pin(struct xvrrp_xdp *x, const char *ifname);

/* Detach, unpin and free. Safe on a partly set-up struct. */
void xvrrp_xdp_destroy(struct xvrrp_xdp *x);

/* The directory where maps of ifname in this network namespace are pinned. */
int xvrrp_pin_dir(const char *ifname, char *buf, size_t len);

/*
 * The vrid_state slot of (vrid, family), read and written in place: the map
 * is mmap()ed, so the daemon reads last_seen_ns without a syscall.
 */
struct xvrrp_vrid_state *xvrrp_xdp_vrid(const struct xvrrp_xdp *x, uint8_t vrid, uint8_t family);
/* Initialise the interface's Master_Down bpf_timer from process context; 0 or -errno. */
int xvrrp_xdp_timer_prepare(const struct xvrrp_xdp *x);

/* Map fds, for the daemon. */
int xvrrp_xdp_fd_vrid_stats(const struct xvrrp_xdp *x);
int xvrrp_xdp_fd_owned_vips(const struct xvrrp_xdp *x);
int xvrrp_xdp_fd_owned_vips6(const struct xvrrp_xdp *x);
int xvrrp_xdp_fd_stats(const struct xvrrp_xdp *x);
int xvrrp_xdp_fd_events(const struct xvrrp_xdp *x);
int xvrrp_xdp_fd_unicast_dsts(const struct xvrrp_xdp *x);
int xvrrp_xdp_fd_unicast_peers(const struct xvrrp_xdp *x);
int xvrrp_xdp_fd_unicast_dsts6(const struct xvrrp_xdp *x);
int xvrrp_xdp_fd_unicast_peers6(const struct xvrrp_xdp *x);

#endif
