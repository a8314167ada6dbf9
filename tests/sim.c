// SPDX-License-Identifier: GPL-2.0-only
/* The election simulator (sim.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "log.h"
#include "sim.h"
#include "xvrrp.skel.h"
#include "xvrrp_maps.h"
#include "xvrrp_wire.h"
#include "pkt.h"

/* A small ring, so that a stalled daemon under a flood can overflow it. */
#define SIM_RINGBUF_BYTES	8192
/* A turn that keeps asking for more, or a segment that never goes quiet: a bug. */
#define SIM_TURNS_MAX		10000
#define SIM_STEPS_MAX		2000000

static const uint8_t client_mac[6] = { 0x02, 0, 0, 0, 0, 0xc1 };
#define CLIENT_IP	0xC00002FE	/* 192.0.2.254 */

void sim_trace(struct sim *s, const char *fmt, ...)
{
	char *line = s->trace[s->n_trace % SIM_TRACE_LINES];
	int n = snprintf(line, sizeof(s->trace[0]), "%10.3f ", (double)s->now / NSEC_PER_S);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(s->trace[0]) - (size_t)n, fmt, ap);
	va_end(ap);
	s->n_trace++;
	if (s->verbose)
		fprintf(stderr, "sim: %s\n", line);
}

void sim_dump_trace(const struct sim *s)
{
	size_t first = s->n_trace > SIM_TRACE_LINES ? s->n_trace - SIM_TRACE_LINES : 0;

	for (size_t k = first; k < s->n_trace; k++)
		fprintf(stderr, "  %s\n", s->trace[k % SIM_TRACE_LINES]);
}

/* splitmix64: small, fast, and the same everywhere. */
uint64_t sim_rand(struct sim *s)
{
	uint64_t z = (s->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t sim_between(struct sim *s, uint64_t lo, uint64_t hi)
{
	return hi <= lo ? lo : lo + sim_rand(s) % (hi - lo + 1);
}

uint32_t sim_vip_k(int vrid, int k)
{
	if (k == 0)
		return htonl(0xC0000264 + (uint32_t)vrid);     /* 192.0.2.(100 + vrid) */
	return htonl(0xC6336400 + (uint32_t)(vrid * 100 + k) % 250);   /* 198.51.100.x */
}

uint32_t sim_vip(int vrid)
{
	return sim_vip_k(vrid, 0);
}

/*
 * VIP k of an IPv6 VRID: the first one link-local (fe80::5e:0:VRID:0), as
 * RFC 5798 §5.2.9 wants and vrrp_strict requires, the others 2001:db8::.
 */
void sim_vip6_k(int vrid, int k, struct in6_addr *a)
{
	static const uint8_t ll[4] = { 0xfe, 0x80, 0, 0 }, doc[4] = { 0x20, 0x01, 0x0d, 0xb8 };

	memset(a, 0, sizeof(*a));
	memcpy(a->s6_addr, k ? doc : ll, 4);
	a->s6_addr[9] = k ? 0 : 0x5e;
	a->s6_addr[13] = (uint8_t)vrid;
	a->s6_addr[15] = (uint8_t)k;
}

bool sim_v6(const struct sim *s)
{
	return s->cfg.family == AF_INET6;
}

int sim_n_vips(const struct sim *s)
{
	return s->cfg.n_vips > 0 ? s->cfg.n_vips : 1;
}

/* ---- the environment each daemon runs in ---- */

static uint64_t env_clock(void *ctx)
{
	struct sim_router *r = ctx;

	return r->sim->now;
}

static void enqueue(struct sim *s, int from, int to, const void *data, size_t len, uint64_t at)
{
	struct sim_frame *f;

	if (s->n_frames == SIM_FRAMES_MAX || len > sizeof(f->data)) {
		s->frames_lost++;
		return;
	}
	f = &s->frames[s->n_frames++];
	f->at = at;
	f->seq = s->seq++;
	f->from = from;
	f->to = to;
	f->len = len;
	memcpy(f->data, data, len);
}

/* What router `from` sends reaches every other router, unless cut or lost. */
static void env_send(void *ctx, const struct xvrrp_tx_frame *tf)
{
	struct sim_router *r = ctx;
	struct sim *s = r->sim;

	s->frames_sent++;
	/* Unicast IP packets (ifindex 0) are not simulated: every schedule is multicast. */
	if (r->mute || !tf->ifindex)
		return;
	for (int j = 0; j < s->cfg.n_routers; j++) {
		uint64_t delay = s->delay_max_ns ? sim_between(s, 0, s->delay_max_ns) : 0;

		if (j == r->idx)
			continue;
		if (s->cut[r->idx][j] || (s->loss_pct && sim_between(s, 1, 100) <= s->loss_pct)) {
			s->frames_lost++;
			continue;
		}
		enqueue(s, r->idx, j, tf->data, tf->len, s->now + delay);
	}
}

static int drop_event(void *ctx, void *data, size_t size)
{
	return 0;
}

static void empty_hash(int fd, size_t key_size)
{
	uint8_t key[64];

	if (key_size > sizeof(key))
		return;
	while (bpf_map_get_next_key(fd, NULL, key) == 0)
		if (bpf_map_delete_elem(fd, key))
			break;
}

/* A program as a freshly loaded one would be: every map empty, no event waiting. */
static struct xvrrp_bpf *env_xdp_get(void *ctx, int ifindex)
{
	struct sim_router *r = ctx;
	struct xvrrp_bpf *skel = r->skel;
	struct xvrrp_vrid_state zero_state = { 0 };
	int ncpus = libbpf_num_possible_cpus();
	struct ring_buffer *rb;
	uint64_t *zero;
	uint32_t k = 0;

	zero = calloc((size_t)ncpus, sizeof(struct xvrrp_xdp_stats));
	if (zero) {
		bpf_map_update_elem(bpf_map__fd(skel->maps.stats), &k, zero, BPF_ANY);
		free(zero);
	}
	for (k = 0; k < XVRRP_VRID_SLOTS; k++)
		bpf_map_update_elem(bpf_map__fd(skel->maps.vrid_state), &k, &zero_state, BPF_ANY);
	empty_hash(bpf_map__fd(skel->maps.vrid_stats), sizeof(struct xvrrp_vrid_key));
	empty_hash(bpf_map__fd(skel->maps.owned_vips), sizeof(struct xvrrp_vip_key));
	empty_hash(bpf_map__fd(skel->maps.owned_vips6), sizeof(struct xvrrp_vip6_key));
	empty_hash(bpf_map__fd(skel->maps.unicast_dsts), sizeof(struct xvrrp_unicast_dst_key));
	empty_hash(bpf_map__fd(skel->maps.unicast_peers), sizeof(struct xvrrp_unicast_peer_key));
	rb = ring_buffer__new(bpf_map__fd(skel->maps.events), drop_event, NULL, NULL);
	if (rb) {
		ring_buffer__consume(rb);
		ring_buffer__free(rb);
	}
	(void)ifindex;
	return skel;
}

static void env_xdp_put(void *ctx, struct xvrrp_bpf *skel)
{
	(void)ctx;
	(void)skel;
}

/* ---- set-up, once ---- */

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN ? vfprintf(stderr, fmt, ap) : 0;
}

static int load_program(struct sim_router *r)
{
	r->skel = xvrrp_bpf__open();
	if (!r->skel)
		return -errno;
	bpf_map__set_max_entries(r->skel->maps.events, SIM_RINGBUF_BYTES);
	/* The kernel's Master_Down_Timer runs on our clock: we fire it (kernel_timer_due()). */
	r->skel->bss->timers_manual = 1;
	return xvrrp_bpf__load(r->skel);
}

int sim_init(struct sim *s)
{
	char cmd[512];
	int err;

	memset(s, 0, sizeof(*s));
	s->verbose = getenv("XVRRP_SIM_VERBOSE") != NULL;
	xvrrp_log_set_level(s->verbose ? XVRRP_LOG_INFO : XVRRP_LOG_ERR);
	libbpf_set_print(libbpf_quiet);
	s->frames = calloc(SIM_FRAMES_MAX, sizeof(*s->frames));
	if (!s->frames)
		return -ENOMEM;
	/* The routers' interfaces live in a network namespace of this process alone. */
	if (unshare(CLONE_NEWNET))
		return -errno;
	/* IPv6 schedules send from the link-local addresses: usable at once, without DAD. */
	if (system("sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0"))
		return -EIO;
	snprintf(s->dir, sizeof(s->dir), "/tmp/xvrrp-sim-XXXXXX");
	if (!mkdtemp(s->dir))
		return -errno;
	for (int i = 0; i < SIM_ROUTERS_MAX; i++) {
		struct sim_router *r = &s->r[i];

		r->sim = s;
		r->idx = i;
		snprintf(r->ifname, sizeof(r->ifname), "sim%d", i + 1);
		r->addr = htonl(0xC0000201 + (uint32_t)i);
		snprintf(r->conf, sizeof(r->conf), "%s/r%d.conf", s->dir, i + 1);
		snprintf(r->track, sizeof(r->track), "%s/r%d.track", s->dir, i + 1);
		snprintf(cmd, sizeof(cmd),
			 "ip link add %s type veth peer name %sp && ip link set %s up && "
			 "ip link set %sp up && ip addr add 192.0.2.%d/24 dev %s",
			 r->ifname, r->ifname, r->ifname, r->ifname, i + 1, r->ifname);
		if (system(cmd) != 0)
			return -EIO;
		r->ifindex = (int)if_nametoindex(r->ifname);
		err = load_program(r);
		if (err)
			return err;
		r->env = (struct xvrrp_env){
			.ctx = r, .offline = true, .clock_ns = env_clock, .send = env_send,
			.xdp_get = env_xdp_get, .xdp_put = env_xdp_put,
		};
	}
	/* Not 0: a zero clock_override_ns means "the real clock" to the program. */
	s->now = 1000 * NSEC_PER_S;
	return 0;
}

void sim_fini(struct sim *s)
{
	char cmd[PATH_MAX + 16];

	for (int i = 0; i < SIM_ROUTERS_MAX; i++) {
		if (s->r[i].running)
			sim_stop(s, i, true);
		xvrrp_bpf__destroy(s->r[i].skel);
	}
	if (s->dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", s->dir);
		if (system(cmd) != 0)
			fprintf(stderr, "sim: could not remove %s\n", s->dir);
	}
	free(s->frames);
}

/* ---- schedules ---- */

void sim_reset(struct sim *s, const struct sim_cfg *cfg, uint64_t seed)
{
	for (int i = 0; i < SIM_ROUTERS_MAX; i++)
		if (s->r[i].running)
			sim_stop(s, i, true);
	s->cfg = *cfg;
	s->rng = seed;
	s->n_frames = 0;
	s->n_trace = 0;
	memset(s->cut, 0, sizeof(s->cut));
	s->loss_pct = 0;
	s->delay_max_ns = 0;
	/* Far from the last schedule: nothing of it can still be "recent". */
	s->now += 3600 * NSEC_PER_S;
	for (int i = 0; i < SIM_ROUTERS_MAX; i++) {
		struct sim_router *r = &s->r[i];

		r->cfg = cfg->r[i];
		r->track_value = 0;
		r->stalled_until = 0;
		r->transitions = 0;
		memset(r->vrid_transitions, 0, sizeof(r->vrid_transitions));
		sim_set_track(s, i, 0);
	}
}

static unsigned int adver_int_cs(const struct sim *s, int i, int vrid)
{
	unsigned int own = s->r[i].cfg.vrid_adver_int_cs[vrid];

	return own ? own : s->cfg.adver_int_cs;
}

static int write_config(struct sim *s, int i)
{
	const struct sim_cfg *c = &s->cfg;
	struct sim_router *r = &s->r[i];
	FILE *f = fopen(r->conf, "w");

	if (!f)
		return -errno;
	fprintf(f, "global_defs {\n    vrrp_version %d\n%s}\n", c->version,
		c->strict ? "    vrrp_strict\n" : "");
	fprintf(f, "vrrp_track_file tf {\n    file \"%s\"\n    weight 1\n}\n", r->track);
	if (c->sync_group) {
		fprintf(f, "vrrp_sync_group G {\n    group {\n");
		for (int v = 1; v <= c->n_vrids; v++)
			fprintf(f, "        VI_%d\n", v);
		fprintf(f, "    }\n    sync_group_tracking_weight\n}\n");
	}
	for (int v = 1; v <= c->n_vrids; v++) {
		fprintf(f, "vrrp_instance VI_%d {\n    state BACKUP\n    interface %s\n"
			"    virtual_router_id %d\n    priority %d\n    advert_int %u.%02u\n",
			v, r->ifname, v, sim_base_priority(s, i, v), adver_int_cs(s, i, v) / 100,
			adver_int_cs(s, i, v) % 100);
		if (r->cfg.nopreempt)
			fprintf(f, "    nopreempt\n");
		if (r->cfg.preempt_delay_ms)
			fprintf(f, "    preempt_delay %u.%03u\n", r->cfg.preempt_delay_ms / 1000,
				r->cfg.preempt_delay_ms % 1000);
		fprintf(f, "    virtual_ipaddress {\n");
		for (int k = 0; k < sim_n_vips(s); k++) {
			char a[INET6_ADDRSTRLEN];
			uint32_t vip = sim_vip_k(v, k);
			struct in6_addr vip6;

			sim_vip6_k(v, k, &vip6);
			if (sim_v6(s))
				fprintf(f, "        %s/64\n", inet_ntop(AF_INET6, &vip6, a, sizeof(a)));
			else
				fprintf(f, "        %s/24\n", inet_ntop(AF_INET, &vip, a, sizeof(a)));
		}
		fprintf(f, "    }\n");
		fprintf(f, "    track_file {\n        tf\n    }\n}\n");
	}
	return fclose(f) ? -errno : 0;
}

static void note_states(struct sim *s, int i)
{
	struct sim_router *r = &s->r[i];

	for (int v = 1; v <= s->cfg.n_vrids; v++) {
		enum vrrp_state st = sim_state(s, i, v);

		if (st == r->last_state[v])
			continue;
		r->transitions++;
		r->vrid_transitions[v]++;
		sim_trace(s, "r%d vrid %d: %s -> %s (priority %u)", i + 1, v,
			  vrrp_state_name(r->last_state[v]), vrrp_state_name(st),
			  sim_instance(s, i, v) ? sim_instance(s, i, v)->fsm.priority : 0);
		r->last_state[v] = st;
	}
}

static void turn(struct sim *s, int i)
{
	struct sim_router *r = &s->r[i];
	int n = 0;

	while (xvrrp_daemon_turn(&r->d) && ++n < SIM_TURNS_MAX)
		;
	note_states(s, i);
}

int sim_start(struct sim *s, int i)
{
	struct sim_router *r = &s->r[i];
	struct xvrrp_attach_opts o = {
		.config_path = r->conf, .foreground = true, .env = &r->env,
	};
	int err = write_config(s, i);

	if (err)
		return err;
	err = xvrrp_daemon_open(&r->d, &o);
	if (err)
		return -EINVAL;
	r->running = true;
	r->mute = false;
	r->stalled_until = 0;
	sim_trace(s, "r%d starts (priority %d%s)", i + 1, r->cfg.priority,
		  r->cfg.nopreempt ? ", nopreempt" : "");
	note_states(s, i);
	return 0;
}

void sim_stop(struct sim *s, int i, bool crash)
{
	struct sim_router *r = &s->r[i];

	if (!r->running)
		return;
	sim_trace(s, "r%d %s", i + 1, crash ? "crashes" : "stops");
	r->mute = crash;
	xvrrp_daemon_close(&r->d);
	r->running = false;
	r->mute = false;
	/* Frames on their way to it are lost with it. */
	for (size_t k = 0; k < s->n_frames; k++)
		if (s->frames[k].to == i)
			s->frames[k].to = -1;
	note_states(s, i);
}

int sim_reload(struct sim *s, int i)
{
	struct sim_router *r = &s->r[i];
	int err = write_config(s, i);

	if (err)
		return err;
	sim_trace(s, "r%d reloads (priority %d)", i + 1, r->cfg.priority);
	if (r->running)
		r->d.reload_requested = true;
	return 0;
}

void sim_set_track(struct sim *s, int i, long value)
{
	struct sim_router *r = &s->r[i];
	FILE *f = fopen(r->track, "w");

	r->track_value = value;
	if (f) {
		fprintf(f, "%ld\n", value);
		fclose(f);
	}
	if (value || r->running)
		sim_trace(s, "r%d track file %ld", i + 1, value);
}

/* ---- the segment ---- */

/* Run one of router i's XDP entries on a frame at s->now; its verdict, or -1. */
static int run_prog(struct sim *s, int i, struct bpf_program *prog, const void *data, size_t len,
		    void *out, size_t *out_len)
{
	struct sim_router *r = &s->r[i];
	struct xdp_md ctx = { .data_end = (__u32)len, .ingress_ifindex = (__u32)r->ifindex };
	uint8_t scratch[PKT_MAX];
	struct bpf_test_run_opts opts = {
		.sz = sizeof(opts),
		.data_in = data, .data_size_in = (__u32)len,
		.data_out = out ? out : scratch, .data_size_out = sizeof(scratch),
		.ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		.repeat = 1,
	};

	r->skel->bss->clock_override_ns = s->now;
	if (bpf_prog_test_run_opts(bpf_program__fd(prog), &opts))
		return -1;
	if (out_len)
		*out_len = opts.data_size_out;
	return (int)opts.retval;
}

static int run_xdp(struct sim *s, int i, const void *data, size_t len, void *out, size_t *out_len)
{
	s->xdp_runs++;
	return run_prog(s, i, s->r[i].skel->progs.xvrrp_xdp, data, len, out, out_len);
}

void sim_inject(struct sim *s, const void *frame, size_t len)
{
	for (int i = 0; i < s->cfg.n_routers; i++)
		if (s->r[i].running)
			enqueue(s, -1, i, frame, len, s->now);
}

/* Router i's vrid_state slot of VRID v (the schedule's family); false if it is not running. */
static bool read_slot(struct sim *s, int i, int v, struct xvrrp_vrid_state *vs)
{
	__u32 slot = XVRRP_VRID_SLOT(v, sim_v6(s) ? XVRRP_AF_INET6 : XVRRP_AF_INET);

	return s->r[i].running &&
	       !bpf_map_lookup_elem(bpf_map__fd(s->r[i].skel->maps.vrid_state), &slot, vs);
}

/*
 * When router i's kernel timer of VRID v would fire next (bpf/master_down.h:
 * the deadline, or with a flip the end of its fence), UINT64_MAX if none.
 */
static uint64_t kernel_timer_due(struct sim *s, int i, int v)
{
	struct sim_router *r = &s->r[i];
	struct xvrrp_vrid_state vs;

	if (!read_slot(s, i, v, &vs) ||
	    !(vs.flags & XVRRP_VRID_CONFIGURED) || !(vs.flags & XVRRP_VRID_KTIMER))
		return UINT64_MAX;
	if (vs.down_at_ns && vs.down_at_ns <= r->kernel_retry[v])
		return r->kernel_retry[v];     /* the ring was full: MASTER_DOWN_RETRY_NS later */
	if (vs.flipped_ns && !vs.down_at_ns)
		return vs.flipped_ns + vs.down_mdi_ns;
	return vs.down_at_ns ? vs.down_at_ns : UINT64_MAX;
}

/*
 * Run router i's kernel timer through xvrrp_timer_fire at s->now: one pass
 * over its slots, as the interface's bpf_timer does (v: the slot that was
 * due, for the trace).
 */
static void kernel_timer_fire(struct sim *s, int i, int v)
{
	struct sim_router *r = &s->r[i];
	uint8_t frame[64] = { 0 };

	if (run_prog(s, i, r->skel->progs.xvrrp_timer_fire, frame, sizeof(frame), NULL, NULL) < 0)
		sim_trace(s, "r%d vrid %d: xvrrp_timer_fire failed", i + 1, v);
	else
		sim_trace(s, "r%d vrid %d: kernel timer fires", i + 1, v);
	/* Still due after the pass: the event did not fit in the ring; the kernel retries 1 ms on. */
	for (int w = 1; w <= SIM_VRIDS_MAX; w++) {
		r->kernel_retry[w] = 0;
		if (kernel_timer_due(s, i, w) <= s->now)
			r->kernel_retry[w] = s->now + NSEC_PER_MS;
	}
}

/* The earliest kernel timer of any router: its time, *who and *vrid. */
static uint64_t next_kernel_timer(struct sim *s, int *who, int *vrid)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < s->cfg.n_routers; i++)
		for (int v = 1; v <= s->cfg.n_vrids; v++) {
			uint64_t at = kernel_timer_due(s, i, v);

			if (at < best) {
				best = at;
				*who = i;
				*vrid = v;
			}
		}
	return best;
}

static uint64_t next_timer(struct sim *s, int *who)
{
	uint64_t best = UINT64_MAX;

	for (int i = 0; i < s->cfg.n_routers; i++) {
		struct sim_router *r = &s->r[i];
		struct xvrrp_timer *t;
		uint64_t at;

		if (!r->running)
			continue;
		if (r->stalled_until) {
			at = r->stalled_until;
		} else {
			t = xvrrp_timerheap_peek(&r->d.timers);
			if (!t)
				continue;
			at = t->deadline;
		}
		if (at < best) {
			best = at;
			*who = i;
		}
	}
	return best;
}

static size_t next_frame(const struct sim *s)
{
	size_t best = SIZE_MAX;

	for (size_t k = 0; k < s->n_frames; k++)
		if (best == SIZE_MAX || s->frames[k].at < s->frames[best].at ||
		    (s->frames[k].at == s->frames[best].at && s->frames[k].seq < s->frames[best].seq))
			best = k;
	return best;
}

static void deliver(struct sim *s, size_t k)
{
	struct sim_frame f = s->frames[k];

	s->frames[k] = s->frames[--s->n_frames];
	if (f.to < 0 || !s->r[f.to].running)
		return;
	run_xdp(s, f.to, f.data, f.len, NULL, NULL);
	if (!s->r[f.to].stalled_until)
		turn(s, f.to);
}

int sim_run(struct sim *s, uint64_t ns)
{
	uint64_t until = s->now + ns;

	for (long step = 0; step < SIM_STEPS_MAX; step++) {
		size_t k = next_frame(s);
		int who = -1, kwho = -1, kvrid = 0;
		uint64_t t_timer = next_timer(s, &who);
		uint64_t t_kernel = next_kernel_timer(s, &kwho, &kvrid);
		uint64_t t_frame = k == SIZE_MAX ? UINT64_MAX : s->frames[k].at;
		uint64_t t = t_frame <= t_timer ? t_frame : t_timer;

		if (t_kernel < t)
			t = t_kernel;
		if (t > until) {
			s->now = until;
			return 0;
		}
		if (t > s->now)
			s->now = t;
		if (t_kernel == t && t_kernel < t_frame && t_kernel < t_timer) {
			/* The kernel runs whether the daemon does or not. */
			kernel_timer_fire(s, kwho, kvrid);
			if (!s->r[kwho].stalled_until)
				turn(s, kwho);
		} else if (t_frame <= t_timer) {
			deliver(s, k);
		} else if (s->r[who].stalled_until) {
			s->r[who].stalled_until = 0;
			sim_trace(s, "r%d resumes", who + 1);
			turn(s, who);
		} else {
			turn(s, who);
		}
	}
	sim_trace(s, "the segment never went quiet (%d steps)", SIM_STEPS_MAX);
	return -1;
}

/* ---- observations ---- */

struct xvrrp_instance *sim_instance(struct sim *s, int i, int vrid)
{
	struct sim_router *r = &s->r[i];

	if (!r->running)
		return NULL;
	for (size_t j = 0; j < r->d.n_instances; j++)
		if (r->d.instances[j]->cfg->vrid == vrid)
			return r->d.instances[j];
	return NULL;
}

enum vrrp_state sim_state(struct sim *s, int i, int vrid)
{
	struct xvrrp_instance *inst = sim_instance(s, i, vrid);

	return inst && inst->started ? inst->fsm.state : VRRP_STATE_INIT;
}

bool sim_answers_arp(struct sim *s, int i, uint32_t vip)
{
	struct arp_spec a = {
		.eth_dst = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		.op = XVRRP_ARPOP_REQUEST, .sip = CLIENT_IP, .tip = ntohl(vip),
	};
	struct pkt p;

	memcpy(a.eth_src, client_mac, 6);
	memcpy(a.sha, client_mac, 6);
	build_arp(&p, &a);
	return s->r[i].running && run_xdp(s, i, p.b, p.len, NULL, NULL) == XDP_TX;
}

bool sim_answers(struct sim *s, int i, int vrid)
{
	struct ip6_spec ns = {
		.src_mac = { 0x02, 0, 0, 0, 0, 0xc1 }, .hop_limit = XVRRP_ND_HOP_LIMIT,
		.saddr = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0xfe }, .kind = PKT6_NS,
		.lla = 1, .lla_type = XVRRP_ND_OPT_SOURCE_LL, .lla_mac = { 0x02, 0, 0, 0, 0, 0xc1 },
	};
	struct in6_addr vip6;
	struct pkt p;

	if (!sim_v6(s))
		return sim_answers_arp(s, i, sim_vip(vrid));
	/* Address resolution (RFC 4861 §7.2.2): to the VIP's solicited-node group. */
	sim_vip6_k(vrid, 0, &vip6);
	memcpy(ns.target, &vip6, 16);
	ip6_to_solicited_group(&ns);
	build_ip6(&p, &ns);
	return s->r[i].running && run_xdp(s, i, p.b, p.len, NULL, NULL) == XDP_TX;
}

uint64_t sim_ringbuf_full(struct sim *s, int i)
{
	int ncpus = libbpf_num_possible_cpus();
	struct xvrrp_xdp_stats *v = calloc((size_t)ncpus, sizeof(*v));
	uint64_t n = 0;
	uint32_t k = 0;

	if (v && !bpf_map_lookup_elem(bpf_map__fd(s->r[i].skel->maps.stats), &k, v))
		for (int c = 0; c < ncpus; c++)
			n += v[c].ringbuf_full;
	free(v);
	return n;
}

uint64_t sim_master_down_max(const struct sim *s)
{
	unsigned int cs = s->cfg.adver_int_cs;
	uint64_t adver;

	for (int i = 0; i < s->cfg.n_routers; i++)
		for (int v = 1; v <= s->cfg.n_vrids; v++)
			if (adver_int_cs(s, i, v) > cs)
				cs = adver_int_cs(s, i, v);
	adver = (uint64_t)cs * 10 * NSEC_PER_MS;

	/* Skew_Time is below one interval (v3) or one second (v2): 3 intervals + 1 s bound it. */
	return 3 * adver + (s->cfg.version == 2 ? NSEC_PER_S : adver);
}

int sim_base_priority(const struct sim *s, int i, int vrid)
{
	const struct sim_router_cfg *c = &s->r[i].cfg;

	return c->vrid_priority[vrid] ? c->vrid_priority[vrid] : c->priority;
}

uint64_t sim_transitions(const struct sim *s)
{
	uint64_t n = 0;

	for (int i = 0; i < s->cfg.n_routers; i++)
		n += s->r[i].transitions;
	return n;
}

static int expected_priority(const struct sim *s, int i, int vrid)
{
	int base = sim_base_priority(s, i, vrid);
	long p = base + s->r[i].track_value;

	if (base == VRRP_PRIO_OWNER)
		return VRRP_PRIO_OWNER;
	return p < 1 ? 1 : p > 254 ? 254 : (int)p;
}

/* Do the members of router i's sync group disagree on who should win? Then any winner goes. */
static bool group_split(const struct sim *s)
{
	if (!s->cfg.sync_group)
		return false;
	for (int i = 0; i < s->cfg.n_routers; i++)
		for (int v = 2; v <= s->cfg.n_vrids; v++)
			if (sim_base_priority(s, i, v) != sim_base_priority(s, i, 1))
				return true;
	return false;
}

/* A kernel flip older than its Master_Down_Interval that still answers (the fence failed). */
static bool kernel_flip_overdue(struct sim *s, int i, int v)
{
	struct xvrrp_vrid_state vs;

	if (!read_slot(s, i, v, &vs))
		return false;
	return vs.flipped_ns && (vs.flags & XVRRP_VRID_OWNED) &&
	       s->now > vs.flipped_ns + vs.down_mdi_ns;
}

#define FAIL(...) do { snprintf(why, len, __VA_ARGS__); return -1; } while (0)

int sim_check(struct sim *s, char *why, size_t len)
{
	bool all_preempt = !group_split(s);

	for (int i = 0; i < s->cfg.n_routers; i++)
		all_preempt &= !s->r[i].cfg.nopreempt;
	for (int v = 1; v <= s->cfg.n_vrids; v++) {
		int masters = 0, master = -1, best = 0;

		for (int i = 0; i < s->cfg.n_routers; i++) {
			struct xvrrp_instance *inst = sim_instance(s, i, v);
			int want;

			if (!inst)
				continue;
			/* The kernel and the state machine never disagree (bpf/master_down.h). */
			if (inst->counters.kernel_takeover_reverted)
				FAIL("r%d vrid %d: the kernel took over where the state machine "
				     "would not (%llu times)", i + 1, v,
				     (unsigned long long)inst->counters.kernel_takeover_reverted);
			if (inst->counters.kernel_deadline_mismatch)
				FAIL("r%d vrid %d: the kernel's Master_Down deadline differed from the "
				     "state machine's (%llu times)", i + 1, v,
				     (unsigned long long)inst->counters.kernel_deadline_mismatch);
			if (kernel_flip_overdue(s, i, v))
				FAIL("r%d vrid %d: the kernel's flip answers longer than one "
				     "Master_Down_Interval without the daemon", i + 1, v);
			want = expected_priority(s, i, v);
			if (inst->fsm.priority != want)
				FAIL("r%d vrid %d: effective priority %u, expected %d", i + 1, v,
				     inst->fsm.priority, want);
			if (want > best)
				best = want;
			switch (sim_state(s, i, v)) {
			case VRRP_STATE_MASTER:
				masters++;
				master = i;
				if (!inst->fsm.adver_timer)
					FAIL("r%d vrid %d: master without a running Adver_Timer", i + 1, v);
				break;
			case VRRP_STATE_BACKUP:
				/* In the daemon's heap, or (XVRRP_VRID_KTIMER) in the kernel. */
				if (!inst->kernel_holds &&
				    (!inst->fsm.master_down_timer ||
				     inst->fsm_timer.heap_idx == XVRRP_TIMER_IDLE))
					FAIL("r%d vrid %d: backup without a running Master_Down_Timer",
					     i + 1, v);
				if (inst->kernel_holds && kernel_timer_due(s, i, v) == UINT64_MAX)
					FAIL("r%d vrid %d: backup whose kernel timer is not running",
					     i + 1, v);
				break;
			default:
				FAIL("r%d vrid %d: in %s", i + 1, v, vrrp_state_name(sim_state(s, i, v)));
			}
		}
		if (masters != 1)
			FAIL("vrid %d: %d masters", v, masters);
		if (all_preempt && expected_priority(s, master, v) != best)
			FAIL("vrid %d: r%d is master with priority %d, a router has %d", v, master + 1,
			     expected_priority(s, master, v), best);
		for (int i = 0; i < s->cfg.n_routers; i++) {
			bool answers = sim_answers(s, i, v);

			if (answers != (i == master))
				FAIL("vrid %d: r%d's XDP program %s %s for the VIP", v, i + 1,
				     answers ? "answers" : "does not answer", sim_v6(s) ? "ND" : "ARP");
		}
	}
	for (int i = 0; s->cfg.sync_group && i < s->cfg.n_routers; i++)
		for (int v = 2; v <= s->cfg.n_vrids; v++)
			if (sim_state(s, i, v) != sim_state(s, i, 1))
				FAIL("r%d: its sync group is split (vrid 1 %s, vrid %d %s)", i + 1,
				     vrrp_state_name(sim_state(s, i, 1)), v,
				     vrrp_state_name(sim_state(s, i, v)));
	return 0;
}
