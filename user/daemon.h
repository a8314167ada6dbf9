/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The daemon: one epoll loop over the ring buffers of every attached
 * interface, one timerfd driven by a timer heap, a signalfd (signals and
 * SIGCHLD), netlink link events and the control socket. Everything it owns
 * hangs off struct xvrrp_daemon (no other global mutable state).
 *
 *   daemon.c    set-up, the loop, reload, tear-down
 *   instance.c  one VRRP instance against the host: VIPs, VMAC, XDP entries
 *   actions.c   what a transition does to the host (VIPs, routes, GARP, adverts)
 *   track.c     tracked interfaces, scripts and files -> priority / FAULT
 *   sync.c      sync groups and notify scripts
 */
#ifndef XVRRP_DAEMON_H
#define XVRRP_DAEMON_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>
#include <arpa/inet.h>

#include "ah.h"
#include "config.h"
#include "fsm.h"
#include "loader.h"
#include "namespaces.h"
#include "netlink.h"
#include "record.h"
#include "sdnotify.h"
#include "timerheap.h"
#include "tx.h"
#include "xvrrp_maps.h"

struct ring_buffer;
struct xvrrp_scripts;
struct xvrrp_metrics_http;
struct xvrrp_reqsrv;
struct xvrrp_reload;

/*
 * What the daemon takes from the world, for a caller that runs it without
 * one (the election simulator). With `offline` the XDP program comes from
 * xdp_get() and is attached to nothing (frames reach it through
 * BPF_PROG_TEST_RUN, stamped with the same clock), frames the daemon sends
 * go to send(), and it opens no socket, signal or control channel of its
 * own; netlink, the config files and everything else are real.
 */
struct xvrrp_bpf;
struct xvrrp_env {
	void *ctx;
	bool offline;
	uint64_t (*clock_ns)(void *ctx);                        /* NULL: CLOCK_MONOTONIC */
	void (*send)(void *ctx, const struct xvrrp_tx_frame *f);        /* offline only */
	struct xvrrp_bpf *(*xdp_get)(void *ctx, int ifindex);   /* a loaded, reset program */
	void (*xdp_put)(void *ctx, struct xvrrp_bpf *skel);
};

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
	/* The Master_Down_Timer in the kernel (ktimer.c). */
	uint64_t kernel_master_down;            /* expiries the kernel posted */
	uint64_t kernel_takeover_reverted;      /* kernel flips the state machine undid */
	uint64_t kernel_unflipped;              /* kernel flips the kernel undid (daemon too late) */
	uint64_t kernel_deadline_mismatch;      /* kernel and state machine deadlines differed */
};

struct xvrrp_iface;
struct xvrrp_group;

/*
 * What woke the loop: the low 32 bits of an epoll event's data (for
 * XVRRP_EV_LINK the high 32 bits are the namespace's id).
 */
enum xvrrp_loop_event {
	XVRRP_EV_RING = 1,
	XVRRP_EV_TIMER,
	XVRRP_EV_SIGNAL,
	XVRRP_EV_CTL,
	XVRRP_EV_LINK,
	XVRRP_EV_METRICS,
	XVRRP_EV_RELOAD,
	XVRRP_EV_NETNS,
};

/* What a heap timer is for (struct xvrrp_timer.kind). */
enum xvrrp_timer_kind {
	XVRRP_TIMER_FSM = 1,            /* owner: instance; the FSM's earliest deadline */
	XVRRP_TIMER_GARP,               /* owner: instance; the delayed second set of GARPs */
	XVRRP_TIMER_GARP_REFRESH,       /* owner: instance; garp_master_refresh */
	XVRRP_TIMER_STARTUP,            /* owner: instance; vrrp_startup_delay */
	XVRRP_TIMER_SCRIPTS,            /* owner: daemon; vrrp_script checks */
	XVRRP_TIMER_TRACK_FILES,        /* owner: daemon; vrrp_track_file polling */
	XVRRP_TIMER_WATCHDOG,           /* owner: daemon; WATCHDOG=1 to the service manager */
	XVRRP_TIMER_NETNS_RETRY,        /* owner: daemon; read the configuration again */
};

/* A VIP resolved against the host: which interface carries it. */
struct xvrrp_vip {
	const struct xvrrp_vip_cfg *cfg;
	int ifindex;
	uint8_t mac[6];                 /* MAC of that interface (or the VMAC), for GARP and XDP */
	bool on_vrrp_iface;             /* answered by our XDP program */
	bool advertised;                /* false for virtual_ipaddress_excluded */
};

struct xvrrp_track_if {
	const struct xvrrp_track_if_cfg *cfg;
	int ifindex;                    /* 0 while the interface does not exist */
	bool up;
};

/* A tracked vrrp_script or vrrp_track_file: its index in the config, and the weight in force. */
struct xvrrp_track_ref {
	size_t idx;
	int weight;
	bool reverse;
};

struct xvrrp_instance {
	struct xvrrp_instance_cfg *cfg;
	struct xvrrp_iface *iface;
	struct xvrrp_group *group;
	struct vrrp_fsm fsm;
	struct xvrrp_timer fsm_timer;
	struct xvrrp_timer garp_timer;
	struct xvrrp_timer refresh_timer;
	struct xvrrp_timer startup_timer;
	struct xvrrp_vip *vips;         /* virtual_ipaddress, then virtual_ipaddress_excluded */
	size_t n_vips;
	size_t n_advertised;
	struct xvrrp_track_if *track_ifs;
	struct xvrrp_track_ref *track_scripts;
	struct xvrrp_track_ref *track_files;
	uint32_t src_addr;              /* advert source, network byte order (IPv4 instance) */
	struct in6_addr src_addr6;      /* advert source of an IPv6 instance: link-local */
	int vmac_ifindex;               /* use_vmac: the macvlan; 0 = none */
	uint8_t vmac[6];
	bool vmac_created;
	uint32_t garp_timer_repeat;     /* GARPs per VIP when garp_timer fires */
	bool started;                   /* false during vrrp_startup_delay */
	bool vips_held;                 /* we added the VIPs (for cleanup) */
	bool host_pending;              /* became master: addresses, routes, GARP, notify to do */
	bool reasserting;               /* reload changed it in place: claim the new host state */
	bool routes_held;
	bool kernel_holds;              /* at the last rearm the kernel held the Backup's deadline */
	unsigned int faults;            /* reasons for FAULT right now (link, trackers) */
	struct xvrrp_instance_counters counters;
	struct xvrrp_ah_state ah;       /* auth_type AH: sequence numbers */
	uint64_t last_transition_realtime_ns;
};

struct xvrrp_iface {
	char name[IF_NAMESIZE];
	struct xvrrp_netns *ns;         /* the namespace it is in (names repeat across them) */
	struct xvrrp_daemon *d;         /* its daemon (the ring buffer's context is the interface) */
	struct xvrrp_link_info link;
	uint32_t primary_addr;          /* network byte order */
	struct in6_addr primary_addr6;  /* its link-local address, when an IPv6 instance uses it */
	bool has_v4, has_v6;            /* instances of either family on it */
	struct xvrrp_xdp xdp;
	bool attached;
	int mcast_fd;                   /* holds the multicast group membership */
	int raw_fd;                     /* unicast adverts (IP_HDRINCL, routed by the kernel) */
	int mcast6_fd;                  /* the same two for IPv6 */
	int raw6_fd;
	struct ring_buffer *rb;         /* its XDP program's events (context: the interface) */
	struct xvrrp_instance **instances;
	size_t n_instances;
	/* Its instances by XVRRP_VRID_SLOT(): an IPv4 and an IPv6 one may share a VRID. */
	struct xvrrp_instance *by_slot[XVRRP_VRID_SLOTS];
};

struct xvrrp_group {
	const struct xvrrp_sync_group_cfg *cfg;
	struct xvrrp_instance **members;
	size_t n_members;
	enum vrrp_state state;          /* last state notified for the group */
	bool syncing;                   /* moving the members: do not recurse */
};

struct xvrrp_daemon {
	struct xvrrp_env env;
	const char *config_path;
	struct xvrrp_config_opts config_opts;
	struct xvrrp_config cfg;
	char **only_ifnames;            /* interfaces named on the command line (none = all) */
	int n_only_ifnames;
	enum xvrrp_xdp_mode xdp_mode;
	struct xvrrp_iface **ifaces;
	size_t n_ifaces;
	struct xvrrp_instance **instances;
	size_t n_instances;
	struct xvrrp_group *groups;
	size_t n_groups;
	struct xvrrp_scripts *scripts;
	struct xvrrp_timer scripts_timer;
	struct xvrrp_timer track_files_timer;
	long *track_file_values;        /* last value read from each vrrp_track_file */
	int *track_file_errors;         /* last error reading each (said once) */
	struct xvrrp_timerheap timers;
	uint64_t timerfd_deadline;      /* what the timerfd is armed for (0 = disarmed) */
	struct xvrrp_instance **pending; /* became master this turn (host_pending) */
	size_t n_pending, cap_pending;
	/*
	 * The namespaces served: home (netns[0]) is the one of the top-level
	 * net_namespace or the one it started in; others are named by
	 * instances (namespaces.h). cur: the one the thread is in now.
	 */
	struct xvrrp_netns **netns;
	size_t n_netns;
	struct xvrrp_netns *home, *cur_ns;
	uint32_t next_ns_id;
	int netns_watch_fd;             /* inotify on /run/netns: a router deleted or created */
	bool dir_config;                /* --config DIR: keeps running with no instance */
	size_t n_waiting;               /* instances whose namespace does not exist (yet) */
	size_t n_waiting_named;         /* ... of which /run/netns has the name: try again soon */
	struct xvrrp_timer netns_retry_timer;
	size_t rx_next;                 /* the interface whose ring the next turn drains first */
	unsigned int rx_budget;         /* events this turn may still handle */
	bool rx_more;                   /* the budget ran out: events are waiting */
	int epfd, timerfd, sigfd, ctl_fd;
	char ctl_path[108];
	struct xvrrp_record_paths rec;  /* the lock and the record of what we add (record.h) */
	int lock_fd;                    /* held for the daemon's life; -1 offline */
	int fence_fd;                   /* the fence's pipe (fence.h); -1 offline */
	char config_abs[4096];          /* config_path made absolute (a daemon runs in "/") */
	bool stopping;
	bool reload_requested;
	int ready_fd;                   /* write one byte here when attached (daemonised parent waits) */
	struct xvrrp_sdnotify sd;       /* the service manager (Type=notify), if any */
	const char *metrics_addr;
	unsigned int metrics_flags;
	struct xvrrp_metrics_http *metrics;     /* --metrics: GET /metrics */
	struct xvrrp_reqsrv *ctl_srv;           /* clients of the control socket */
	struct xvrrp_reload *reload;            /* the file read off the loop */
	struct xvrrp_timer watchdog_timer;
};

struct xvrrp_attach_opts {
	const char *config_path;
	const char *config_id;
	const char *netns_prefix;       /* --netns-prefix: a directory's router namespaces */
	char **ifnames;                 /* interfaces named on the command line */
	int n_ifnames;
	enum xvrrp_xdp_mode xdp_mode;
	bool foreground;
	const char *metrics_addr;       /* --metrics ADDR:PORT, or NULL */
	unsigned int metrics_flags;     /* XVRRP_METRICS_* */
	const struct xvrrp_env *env;    /* NULL: the real world */
};

/* `xvrrp attach`: set up, run until stopped, tear down. Returns the exit code. */
int xvrrp_daemon_run(const struct xvrrp_attach_opts *opts);

/*
 * The same in steps, for a caller that drives the loop itself (the election
 * simulator, tests/test_sim.c): open sets the host up and starts the
 * instances (returns the exit code `attach` would give, 0 when running);
 * turn does one pass of the loop's work without waiting (adverts in,
 * reload, due timers, frames out, a chunk of host work) and says whether
 * work is left for another pass at once; close tears everything down.
 */
int xvrrp_daemon_open(struct xvrrp_daemon *d, const struct xvrrp_attach_opts *opts);
bool xvrrp_daemon_turn(struct xvrrp_daemon *d);
void xvrrp_daemon_close(struct xvrrp_daemon *d);

/* Run in ns's network namespace from now on (a no-op when already there). */
static inline int xvrrp_daemon_enter(struct xvrrp_daemon *d, struct xvrrp_netns *ns)
{
	return d ? xvrrp_netns_switch(&d->cur_ns, ns) : 0;
}

/* The rtnetlink handle and frame batch of an instance's namespace. */
static inline struct xvrrp_nl *xvrrp_instance_nl(const struct xvrrp_instance *inst)
{
	return inst->iface->ns->nl;
}

static inline struct xvrrp_tx *xvrrp_instance_tx(const struct xvrrp_instance *inst)
{
	return &inst->iface->ns->tx;
}

/* Send every frame queued in every namespace. */
void xvrrp_daemon_flush(struct xvrrp_daemon *d);

/* CLOCK_MONOTONIC in ns. */
uint64_t xvrrp_now_ns(void);
/* The daemon's clock: its environment's, or CLOCK_MONOTONIC. */
uint64_t xvrrp_daemon_now(const struct xvrrp_daemon *d);

/* netns_serve.c: the namespaces served */
/* The served namespace of that name ("" = the daemon's own), or NULL. */
struct xvrrp_netns *xvrrp_daemon_netns_find(const struct xvrrp_daemon *d, const char *name);
struct xvrrp_netns *xvrrp_daemon_netns_by_id(const struct xvrrp_daemon *d, uint32_t id);
/*
 * The namespace `name` serves, added to d->netns if new (without sockets
 * yet); another name of one served already gives that one. NULL (said): it
 * does not exist.
 */
struct xvrrp_netns *xvrrp_daemon_netns_get(struct xvrrp_daemon *d, const char *name);
/* Open its sockets inside it, take its lock, link its control path. 0 or -errno (said). */
int xvrrp_daemon_netns_up(struct xvrrp_daemon *d, struct xvrrp_netns *ns);
int xvrrp_daemon_watch_links(struct xvrrp_daemon *d, struct xvrrp_netns *ns);
/* Close what up opened. */
void xvrrp_daemon_netns_down(struct xvrrp_daemon *d, struct xvrrp_netns *ns);
/* Down, forget it (its interfaces keep no pointer to it), free it. Never the home one. */
void xvrrp_daemon_netns_remove(struct xvrrp_daemon *d, struct xvrrp_netns *ns);
/* Watch /run/netns (inotify in the loop). */
int xvrrp_daemon_netns_watch(struct xvrrp_daemon *d);
/* Read the watch: did a namespace served or waited for appear or go? */
bool xvrrp_daemon_netns_changed(struct xvrrp_daemon *d);
bool xvrrp_daemon_netns_wanted(const struct xvrrp_daemon *d, const char *name);

/* daemon.c */
/* Graceful stop of every instance on iface (priority 0, VIPs released), then detach. */
void xvrrp_daemon_stop_iface(struct xvrrp_daemon *d, struct xvrrp_iface *iface);
bool xvrrp_daemon_any_attached(const struct xvrrp_daemon *d);
/* Read the file and apply it at once (the simulator's reload): 0, or -1 (errors printed to err, nothing changed). */
int xvrrp_daemon_reload(struct xvrrp_daemon *d, FILE *err);
/*
 * `xvrrp reload` (waiter: the control client to answer) or SIGHUP (0): read
 * the file on the reload thread; applied when it is read. -ENOTSUP without
 * one (offline: reload synchronously).
 */
int xvrrp_daemon_reload_async(struct xvrrp_daemon *d, uint64_t waiter);
/* Apply a configuration read already (taken over, *cfg emptied): 0, or -1 (refused, nothing changed). */
int xvrrp_daemon_reload_apply(struct xvrrp_daemon *d, struct xvrrp_config *cfg, FILE *err);

/* actions.c */
void xvrrp_instance_apply(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			  const struct vrrp_actions *acts);
void xvrrp_instance_send_advert(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
				uint8_t priority);
/* Queue `repeat` gratuitous ARPs for every VIP of inst. */
void xvrrp_instance_send_garps(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			       uint32_t repeat);
void xvrrp_instance_release_vips(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
/* Reload of a running master: drop what `next` no longer has, then claim what it has. */
void xvrrp_instance_release_removed(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
				    const struct xvrrp_instance_cfg *next);
void xvrrp_instance_reassert_master(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
void xvrrp_instance_rearm(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
/* Make the XDP program forget the master it follows: the next advert of any router wakes us. */
void xvrrp_instance_recheck_adverts(struct xvrrp_instance *inst);
/*
 * End of a turn of the loop: the host work of every instance that became
 * master (addresses, routes, GARP, notify), then every queued frame.
 */
void xvrrp_daemon_commit(struct xvrrp_daemon *d);
/* The same for at most `max` instances; true while more wait. */
bool xvrrp_daemon_commit_some(struct xvrrp_daemon *d, size_t max);

/* instance.c */
struct xvrrp_instance *xvrrp_instance_new(struct xvrrp_daemon *d, struct xvrrp_instance_cfg *cfg,
					  struct xvrrp_iface *iface);
/* Resolve VIP devices, VMAC, trackers against the host. Logs and returns -errno on failure. */
int xvrrp_instance_resolve(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
/* Remove VIPs this config left on the host (crash), before the first election. */
void xvrrp_instance_remove_stale(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
/* Program the XDP maps of its interface for this instance. */
int xvrrp_instance_program_xdp(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
void xvrrp_instance_unprogram_xdp(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
/*
 * The instance's rules in its vrid_state slot (version, v2 interval and
 * authentication, the address list for vrrp_strict): the XDP program
 * discards adverts that break them. Again after a reload changed them.
 */
void xvrrp_instance_program_rules(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
/* The address-list hash (xvrrp_maps.h) of what the instance advertises, as XDP computes it. */
uint32_t xvrrp_instance_addr_hash(const struct xvrrp_instance *inst);

/* An IPv6 instance (RFC 5798 §5.1.2): its adverts go over IPv6, its VIPs are IPv6. */
static inline bool xvrrp_instance_v6(const struct xvrrp_instance *inst)
{
	return inst->cfg->family == AF_INET6;
}

/* Its family as the XDP maps key it (XVRRP_AF_INET or XVRRP_AF_INET6). */
static inline uint8_t xvrrp_instance_af(const struct xvrrp_instance *inst)
{
	return xvrrp_instance_v6(inst) ? XVRRP_AF_INET6 : XVRRP_AF_INET;
}

/* Its vrid_state slot on its interface (mmap()ed). */
static inline struct xvrrp_vrid_state *xvrrp_instance_slot(const struct xvrrp_instance *inst)
{
	return xvrrp_xdp_vrid(&inst->iface->xdp, inst->cfg->vrid, xvrrp_instance_af(inst));
}

/* Its advert source (and primary address, RFC 5798 §6.4.3), either family. */
static inline struct vrrp_addr xvrrp_instance_src(const struct xvrrp_instance *inst)
{
	return xvrrp_instance_v6(inst) ? vrrp_addr6(&inst->src_addr6) : vrrp_addr4(inst->src_addr);
}

/* An address of the instance's family (a sender, its source) as text; "" if unset. */
static inline const char *xvrrp_instance_ntop(const struct xvrrp_instance *inst,
					      const struct vrrp_addr *a, char *buf, size_t len)
{
	if (!vrrp_addr_is_set(a))
		return buf[0] = '\0', buf;
	return inet_ntop(xvrrp_instance_v6(inst) ? AF_INET6 : AF_INET, a->b, buf,
			 (socklen_t)len) ?: "";
}

/* Does the instance advertise this VIP (virtual_ipaddress of its own family)? */
static inline bool xvrrp_vip_advertised(const struct xvrrp_instance *inst,
					const struct xvrrp_vip *v)
{
	return v->advertised && v->cfg->family == (xvrrp_instance_v6(inst) ? AF_INET6 : AF_INET);
}
/* Add or delete the address of a VIP (either family); as the xvrrp_nl_addr_* calls. */
int xvrrp_vip_addr_apply(struct xvrrp_nl *nl, int ifindex, const struct xvrrp_vip_cfg *c,
			 bool add);
/*
 * The instance's owned-VIP entries (owned_vips/owned_vips6), present while
 * it runs: add them when it is programmed (or its VIPs changed), remove
 * them when it stops. Which are answered for is XVRRP_VRID_OWNED.
 */
void xvrrp_instance_program_vips(struct xvrrp_instance *inst, bool add);
/* "ADDR/LEN" of a VIP, either family. */
const char *xvrrp_vip_str(const struct xvrrp_vip_cfg *c, char *buf, size_t len);
/* Reload: set or clear XVRRP_VRID_UNICAST_CHECK_SRC as vrrp_check_unicast_src now says. */
void xvrrp_instance_follow_check_src(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
/* Start the state machine (or the startup delay). */
void xvrrp_instance_start(struct xvrrp_daemon *d, struct xvrrp_instance *inst, uint64_t delay_ns);
/* Graceful stop (priority 0 as master), release everything, leave Initialize. */
void xvrrp_instance_stop(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
/* Free (after stop); deletes a VMAC we created. */
void xvrrp_instance_free(struct xvrrp_daemon *d, struct xvrrp_instance *inst);

/* rx.c */
int xvrrp_rx_event(void *ctx, void *data, size_t size);     /* ring_buffer_sample_fn */
/* The sender of an event's advert, either family. */
struct vrrp_addr xvrrp_event_saddr(const struct xvrrp_advert_event *ev);
void xvrrp_rx_replay(struct xvrrp_daemon *d, struct xvrrp_instance *inst);

/* track.c */
/* Recompute effective priority and FAULT from every tracker, apply changes. */
void xvrrp_track_update(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
void xvrrp_track_link_changed(struct xvrrp_daemon *d, struct xvrrp_netns *ns, int ifindex,
			      bool up);
void xvrrp_track_script_changed(void *ctx, size_t script_idx, bool up);
void xvrrp_track_files_poll(struct xvrrp_daemon *d);

/* sync.c */
int xvrrp_groups_build(struct xvrrp_daemon *d);
void xvrrp_groups_free(struct xvrrp_daemon *d);
/*
 * The Master_Down_Timer in the kernel (ktimer.c). eligible: the instance may
 * leave its timer to the kernel (no authentication, no preempt_delay, no
 * sync group). sync: tell its slot its state, priority and preemption
 * (after every transition or priority change). holds_deadline: the kernel
 * has the Backup's deadline now, so the daemon keeps no timer for it.
 * event: an XVRRP_EV_MASTER_DOWN or XVRRP_EV_UNFLIPPED record.
 */
bool xvrrp_ktimer_eligible(const struct xvrrp_instance *inst);
void xvrrp_ktimer_sync(struct xvrrp_instance *inst);
bool xvrrp_ktimer_holds_deadline(const struct xvrrp_instance *inst);
void xvrrp_ktimer_event(struct xvrrp_daemon *d, struct xvrrp_iface *iface, const void *data,
			size_t size);
/* Is another member of inst's sync group failing (so inst must stay in FAULT)? */
bool xvrrp_group_faulted(const struct xvrrp_instance *inst);
/*
 * A member's Master_Down_Timer ran out: may it become master? Only when
 * every other member can too: it is master, or its own timer ran out and
 * no advert from a live master came since (keepalived: "prefer backup state
 * to avoid thrashing").
 */
bool xvrrp_sync_may_become_master(struct xvrrp_daemon *d, struct xvrrp_instance *inst);
/* An instance changed state: move its sync group along, notify the group. */
void xvrrp_sync_state_changed(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			      enum vrrp_state from, enum vrrp_state to);
/* The instance's notify scripts for entering `state`. */
void xvrrp_notify_instance(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			   enum vrrp_state state);

#endif
