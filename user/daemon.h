/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon: one epoll loop over the ring buffers of every attached
 * interface, one timerfd driven by a timer heap, a signalfd and the control
 * socket. Everything it owns hangs off struct xvrrp_daemon (no other global
 * mutable state).
 */
#ifndef XVRRP_DAEMON_H
#define XVRRP_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>

#include "config.h"
#include "fsm.h"
#include "loader.h"
#include "netlink.h"
#include "timerheap.h"
#include "tx.h"

struct ring_buffer;

/* Per-instance counters, keepalived's names (DESIGN.md "Counters"). */
struct xvrrp_instance_counters {
	uint64_t advert_rcvd;
	uint64_t advert_sent;
	uint64_t become_master;
	uint64_t release_master;
	uint64_t packet_len_err;
	uint64_t ip_ttl_err;
	uint64_t invalid_type_rcvd;
	uint64_t advert_interval_err;
	uint64_t addr_list_err;
	uint64_t invalid_authtype;
	uint64_t authtype_mismatch;
	uint64_t auth_failure;
	uint64_t pri_zero_rcvd;
	uint64_t pri_zero_sent;
};

struct xvrrp_iface;

/* A VIP resolved against the host: which interface carries it. */
struct xvrrp_vip {
	const struct xvrrp_vip_cfg *cfg;
	int ifindex;
	uint8_t mac[6];                 /* MAC of that interface, for GARP and XDP replies */
	bool on_vrrp_iface;             /* answered by our XDP program */
};

struct xvrrp_instance {
	struct xvrrp_instance_cfg *cfg;
	struct xvrrp_iface *iface;
	struct vrrp_fsm fsm;
	struct xvrrp_timer fsm_timer;   /* earliest FSM deadline */
	struct xvrrp_timer garp_timer;  /* the delayed second set of gratuitous ARPs */
	struct xvrrp_vip *vips;
	size_t n_vips;
	struct xvrrp_instance_counters counters;
	uint64_t last_transition_realtime_ns;
	bool vips_held;                 /* we added the VIPs (for cleanup) */
};

struct xvrrp_iface {
	char name[IF_NAMESIZE];
	struct xvrrp_link_info link;
	uint32_t primary_addr;          /* advert source, network byte order */
	struct xvrrp_xdp xdp;
	bool attached;
	int mcast_fd;                   /* holds the 224.0.0.18 membership */
	struct xvrrp_instance **instances;
	size_t n_instances;
	struct xvrrp_instance *by_vrid[256];    /* IPv4 instances of this interface */
};

struct xvrrp_daemon {
	const char *config_path;
	struct xvrrp_config cfg;
	enum xvrrp_xdp_mode xdp_mode;
	struct xvrrp_iface *ifaces;
	size_t n_ifaces;
	struct xvrrp_instance *instances;
	size_t n_instances;
	struct xvrrp_timerheap timers;
	struct xvrrp_nl *nl;
	struct xvrrp_nl_monitor *links;
	struct xvrrp_tx tx;
	struct ring_buffer *rb;
	int epfd, timerfd, sigfd, ctl_fd;
	char ctl_path[108];
	bool stopping;
	int ready_fd;                   /* write one byte here when attached (daemonised parent waits) */
};

struct xvrrp_attach_opts {
	const char *config_path;
	char **ifnames;                 /* interfaces named on the command line */
	int n_ifnames;
	enum xvrrp_xdp_mode xdp_mode;
	bool foreground;
};

/* `xvrrp attach`: set up, run until stopped, tear down. Returns the exit code. */
int xvrrp_daemon_run(const struct xvrrp_attach_opts *opts);

/* Actions of the state machine, applied to the host (actions.c). */
void xvrrp_instance_apply(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			  const struct vrrp_actions *acts);
/* Queue one advert of inst with the given priority. */
void xvrrp_instance_send_advert(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
				uint8_t priority);
/* Queue garp_master_repeat gratuitous ARPs for every VIP of inst. */
void xvrrp_instance_send_garps(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
/* Remove every VIP of inst from the host and from the owned-VIP map. */
void xvrrp_instance_release_vips(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
/* Re-arm the instance's heap timers from its FSM. */
void xvrrp_instance_rearm(struct xvrrp_daemon *d, struct xvrrp_instance *inst);

uint64_t xvrrp_now_ns(void);

/* Graceful stop of every instance on iface (priority 0, VIPs released), then detach. */
void xvrrp_daemon_stop_iface(struct xvrrp_daemon *d, struct xvrrp_iface *iface);
bool xvrrp_daemon_any_attached(const struct xvrrp_daemon *d);

#endif
