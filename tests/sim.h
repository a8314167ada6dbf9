/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The election simulator: N routers on one simulated segment, each the real
 * daemon (config reader, rx and replay, the RFC 5798 state machine,
 * actions, trackers, sync groups, reload; netlink into a network namespace
 * of the test's own) run offline (daemon.h, struct xvrrp_env) with the real
 * XDP program, loaded once per router and run through BPF_PROG_TEST_RUN.
 * One fake clock drives the daemons and the program's stamps. A router's
 * frames are handed, as bytes, to every other router's XDP program unless
 * a fault says otherwise. Deterministic: the same calls give the same run.
 *
 * Used by tests/test_sim.c; the functions here do no cmocka asserts, they
 * return what they saw so that a failing schedule can print its seed.
 */
#ifndef XVRRP_TESTS_SIM_H
#define XVRRP_TESTS_SIM_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>

#include "daemon.h"

#define SIM_ROUTERS_MAX	4
#define SIM_VRIDS_MAX	2
#define SIM_FRAMES_MAX	4096
#define SIM_TRACE_LINES	256
#define NSEC_PER_MS	1000000ULL
#define NSEC_PER_S	1000000000ULL

/* What a router is configured with (written to its keepalived.conf). */
struct sim_router_cfg {
	int priority;                   /* base priority, 1..255 */
	int vrid_priority[SIM_VRIDS_MAX + 1];   /* per VRID, instead of priority when set */
	unsigned int vrid_adver_int_cs[SIM_VRIDS_MAX + 1];  /* per VRID, instead of the segment's */
	bool nopreempt;
	unsigned int preempt_delay_ms;
};

/* One schedule's segment: the same for every router but priority and preemption. */
struct sim_cfg {
	int n_routers;
	int n_vrids;                    /* VRIDs 1..n_vrids, VIP 192.0.2.(100 + vrid) */
	int version;                    /* 2 or 3 */
	unsigned int adver_int_cs;      /* v2: a multiple of 100 */
	bool sync_group;                /* the VRIDs of a router form one vrrp_sync_group */
	bool strict;                    /* vrrp_strict */
	int n_vips;                     /* per VRID, sim_vip(); 0 means 1 */
	struct sim_router_cfg r[SIM_ROUTERS_MAX];
};

struct sim;

struct sim_router {
	struct sim *sim;
	int idx;                        /* r1 is idx 0 */
	char ifname[IF_NAMESIZE];
	int ifindex;
	uint32_t addr;                  /* 192.0.2.(idx + 1), network byte order */
	char conf[PATH_MAX];
	char track[PATH_MAX];           /* its vrrp_track_file (weight 1) */
	struct xvrrp_bpf *skel;         /* loaded once, lent to the daemon */
	struct xvrrp_env env;
	struct xvrrp_daemon d;
	bool running;
	bool mute;                      /* a crash: what it sends now is lost */
	uint64_t stalled_until;         /* SIGSTOP: XDP runs, the daemon does not */
	uint64_t kernel_retry[SIM_VRIDS_MAX + 1];  /* a kernel expiry found the ring full: again then */
	struct sim_router_cfg cfg;
	long track_value;               /* what its track file holds */
	enum vrrp_state last_state[SIM_VRIDS_MAX + 1];
	uint64_t transitions;           /* state changes seen, all VRIDs */
	uint64_t vrid_transitions[SIM_VRIDS_MAX + 1];
};

struct sim_frame {
	uint64_t at, seq;
	int from, to;
	size_t len;
	uint8_t data[XVRRP_TX_FRAME_MAX + 14];
};

struct sim {
	uint64_t now;                   /* the fake CLOCK_MONOTONIC, ns */
	uint64_t seq;
	uint64_t rng;
	struct sim_cfg cfg;
	struct sim_router r[SIM_ROUTERS_MAX];
	char dir[64];
	/* the segment */
	bool cut[SIM_ROUTERS_MAX][SIM_ROUTERS_MAX];     /* frames from i to j are lost */
	unsigned int loss_pct;
	uint64_t delay_max_ns;
	struct sim_frame *frames;       /* in flight */
	size_t n_frames;
	uint64_t frames_sent, frames_lost, xdp_runs;
	/* what happened, for a failure report */
	char trace[SIM_TRACE_LINES][160];
	size_t n_trace;
	bool verbose;
};

/* Once per process: a network namespace of its own, veths, programs. 0 or -errno. */
int sim_init(struct sim *s);
void sim_fini(struct sim *s);

/* A new schedule: every router stopped, the segment healed, cfg in force. */
void sim_reset(struct sim *s, const struct sim_cfg *cfg, uint64_t seed);
uint64_t sim_rand(struct sim *s);
/* Uniform in [lo, hi]. */
uint64_t sim_between(struct sim *s, uint64_t lo, uint64_t hi);

/* Start (config written) or stop a router; a crash stops it without a word. */
int sim_start(struct sim *s, int i);
void sim_stop(struct sim *s, int i, bool crash);
/* Rewrite router i's config with its cfg (a new priority) and reload, as SIGHUP. */
int sim_reload(struct sim *s, int i);
/* Write router i's track file; its daemon reads it within a second. */
void sim_set_track(struct sim *s, int i, long value);
/* Run the segment until now + ns. */
int sim_run(struct sim *s, uint64_t ns);
/* A frame from outside the routers (a stranger), to every running router's XDP. */
void sim_inject(struct sim *s, const void *frame, size_t len);

/* Observations. */
struct xvrrp_instance *sim_instance(struct sim *s, int i, int vrid);
enum vrrp_state sim_state(struct sim *s, int i, int vrid);
/* Does router i's XDP program answer an ARP request for vip (network order)? */
bool sim_answers_arp(struct sim *s, int i, uint32_t vip);
/* VIP k (0-based) of vrid, network byte order: 192.0.2.(100 + vrid), then 198.51.100.x. */
uint32_t sim_vip(int vrid);
uint32_t sim_vip_k(int vrid, int k);
int sim_n_vips(const struct sim *s);
/* Events router i's XDP program could not deliver: its ring was full. */
uint64_t sim_ringbuf_full(struct sim *s, int i);
/* Master_Down_Interval of the slowest router of the schedule, ns. */
uint64_t sim_master_down_max(const struct sim *s);
/* Router i's configured priority for vrid (its file's). */
int sim_base_priority(const struct sim *s, int i, int vrid);
/* State changes of every router so far. */
uint64_t sim_transitions(const struct sim *s);

/*
 * The invariants after a quiet period: per VRID exactly one master among
 * the running routers, the one RFC 5798 elects when every router preempts
 * (the highest priority); backups in BACKUP with their timer running; the
 * effective priority what base and tracker make it; the XDP programs answer
 * ARP for a VIP on the master only; the members of a sync group in one
 * state. Returns 0, or -1 with the reason in why.
 */
int sim_check(struct sim *s, char *why, size_t len);

void sim_trace(struct sim *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sim_dump_trace(const struct sim *s);

#endif
