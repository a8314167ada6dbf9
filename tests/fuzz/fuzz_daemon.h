/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A struct xvrrp_daemon without a daemon, for the harnesses that drive
 * user/rx.c and user/control.c (fuzz_rx.c, fuzz_control.c): the one that
 * xvrrp_daemon_open() would build for one interface "fz0" and the
 * instances of a fixed configuration, run offline as the election
 * simulator runs it (daemon.h, struct xvrrp_env): a clock of its own,
 * frames to a sink that checks them, the vrid_state array in anonymous
 * memory instead of the mmap()ed map, and a zeroed skeleton whose map fds
 * are invalid (the owned-VIP map updates fail with EBADF and are only
 * logged). Address changes go through a real netlink socket to an
 * interface index nobody has; as root, fuzz_daemon_init() first moves the
 * process into a network namespace of its own, so nothing of the host can
 * be touched either way.
 */
#ifndef XVRRP_FUZZ_DAEMON_H
#define XVRRP_FUZZ_DAEMON_H

#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "advert.h"
#include "ah.h"
#include "config.h"
#include "daemon.h"
#include "log.h"
#include "netlink.h"
#include "timerheap.h"
#include "tx.h"
#include "xvrrp_maps.h"
#include "xvrrp.skel.h"
#include "fuzz_util.h"

#define IFINDEX         1000    /* no interface has it (and in our namespace none at all) */
#define PRIMARY_ADDR    0xC0000214      /* 192.0.2.20 */
#define CLOCK_START     1000000000000ULL
#define NSEC_PER_USEC   1000ULL
#define NSEC_PER_S      1000000000ULL

static const char config_text[] =
	"global_defs {\n"
	"    router_id fz\n"
	"    vrrp_garp_master_repeat 1\n"
	"    vrrp_garp_master_delay 1\n"
	"}\n"
	"vrrp_sync_group G {\n"
	"    group {\n"
	"        VI_3\n"
	"        VI_2\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_3 {\n"
	"    interface fz0\n"
	"    version 3\n"
	"    virtual_router_id 1\n"
	"    priority 100\n"
	"    advert_int 1\n"
	"    garp_lower_prio_repeat 1\n"
	"    garp_lower_prio_delay 0\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.100\n"
	"        192.0.2.101\n"
	"    }\n"
	"    virtual_ipaddress_excluded {\n"
	"        2001:db8::100\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_2 {\n"
	"    interface fz0\n"
	"    virtual_router_id 2\n"
	"    priority 150\n"
	"    advert_int 1\n"
	"    authentication {\n"
	"        auth_type PASS\n"
	"        auth_pass secret\n"
	"    }\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.102\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_AH {\n"
	"    interface fz0\n"
	"    virtual_router_id 7\n"
	"    priority 90\n"
	"    advert_int 1\n"
	"    authentication {\n"
	"        auth_type AH\n"
	"        auth_pass s3cret\n"
	"    }\n"
	"    unicast_peer {\n"
	"        192.0.2.1\n"
	"    }\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.107\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_OWN {\n"
	"    interface fz0\n"
	"    state MASTER\n"
	"    version 3\n"
	"    virtual_router_id 9\n"
	"    priority 255\n"
	"    advert_int 0.5\n"
	"    garp_lower_prio_repeat 2\n"
	"    garp_lower_prio_delay 1\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.109\n"
	"    }\n"
	"}\n"
	"vrrp_instance VI_MANY {\n"
	"    interface fz0\n"
	"    version 3\n"
	"    virtual_router_id 10\n"
	"    nopreempt\n"
	"    virtual_ipaddress {\n"
	"        198.51.100.1\n198.51.100.2\n198.51.100.3\n198.51.100.4\n198.51.100.5\n"
	"        198.51.100.6\n198.51.100.7\n198.51.100.8\n198.51.100.9\n198.51.100.10\n"
	"        198.51.100.11\n198.51.100.12\n198.51.100.13\n198.51.100.14\n198.51.100.15\n"
	"        198.51.100.16\n198.51.100.17\n198.51.100.18\n198.51.100.19\n198.51.100.20\n"
	"        198.51.100.21\n198.51.100.22\n198.51.100.23\n198.51.100.24\n198.51.100.25\n"
	"        198.51.100.26\n198.51.100.27\n198.51.100.28\n198.51.100.29\n198.51.100.30\n"
	"        198.51.100.31\n198.51.100.32\n198.51.100.33\n198.51.100.34\n198.51.100.35\n"
	"    }\n"
	"}\n";

static struct xvrrp_config cfg;
static struct xvrrp_nl *nl;
static uint64_t clock_ns;
static size_t vrid_state_len;

static uint64_t fuzz_clock(void *ctx)
{
	return clock_ns;
}

static const struct xvrrp_instance_cfg *cfg_by_vrid(uint8_t vrid)
{
	for (size_t i = 0; i < cfg.n_instances; i++)
		if (cfg.instances[i].vrid == vrid)
			return &cfg.instances[i];
	return NULL;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* An IPv4 packet with an advert, plain or behind AH. */
static void check_ip_advert(const uint8_t *ip, size_t len)
{
	const struct xvrrp_instance_cfg *c;
	struct vrrp_advert adv;
	enum vrrp_decode_err err;
	uint32_t saddr, daddr;
	size_t hlen, off;

	FUZZ_CHECK(len >= 20 && ip[0] == 0x45, "sent: not an IPv4 header");
	hlen = 20;
	FUZZ_CHECK(be16(ip + 2) == len, "sent: IPv4 total length %u, packet %zu", be16(ip + 2), len);
	FUZZ_CHECK(xvrrp_csum_fold(xvrrp_csum_add(0, ip, hlen)) == 0xffff,
		   "sent: bad IPv4 header checksum");
	memcpy(&saddr, ip + 12, 4);
	memcpy(&daddr, ip + 16, 4);
	off = hlen;
	if (ip[9] == XVRRP_IPPROTO_AH) {
		struct xvrrp_ah_state st = { 0 };
		enum xvrrp_ah_verdict v;

		FUZZ_CHECK(len > hlen + XVRRP_AH_LEN + 1, "sent: AH packet too short");
		c = cfg_by_vrid(ip[hlen + XVRRP_AH_LEN + 1]);
		FUZZ_CHECK(c && c->auth_type == VRRP_AUTH_AH, "sent: AH advert for a non-AH VRID");
		v = xvrrp_ah_check(ip, len, c->auth_pass, c->n_unicast_peers > 0, false, &st);
		FUZZ_CHECK(v == XVRRP_AH_OK, "sent: our own AH advert refused: %s",
			   xvrrp_ah_verdict_str(v));
		off += XVRRP_AH_LEN;
	} else {
		FUZZ_CHECK(ip[9] == XVRRP_IPPROTO_VRRP, "sent: IPv4 protocol %u", ip[9]);
	}
	err = vrrp_advert_decode(ip + off, len - off, saddr, daddr, &adv);
	FUZZ_CHECK(err == VRRP_DECODE_OK, "sent: advert does not decode: %s",
		   vrrp_decode_err_str(err));
	c = cfg_by_vrid(adv.vrid);
	FUZZ_CHECK(c && c->version == adv.version, "sent: advert for VRID %u, version %u",
		   adv.vrid, adv.version);
	FUZZ_CHECK(saddr == htonl(PRIMARY_ADDR), "sent: advert from another address");
}

static void sink(void *ctx, const struct xvrrp_tx_frame *f)
{
	uint16_t type;

	FUZZ_CHECK(f->len <= sizeof(f->data), "sent: frame of %zu bytes", f->len);
	if (!f->ifindex) {
		check_ip_advert(f->data, f->len);
		return;
	}
	FUZZ_CHECK(f->ifindex == IFINDEX, "sent: frame on ifindex %d", f->ifindex);
	FUZZ_CHECK(f->len >= XVRRP_ETH_HLEN, "sent: frame of %zu bytes", f->len);
	type = be16(f->data + 12);
	if (type == XVRRP_ETH_P_IP)
		check_ip_advert(f->data + XVRRP_ETH_HLEN, f->len - XVRRP_ETH_HLEN);
	else if (type == XVRRP_ETH_P_ARP)
		FUZZ_CHECK(f->len == 42, "sent: ARP frame of %zu bytes", f->len);
	else if (type == XVRRP_ETH_P_IPV6)
		FUZZ_CHECK(f->len == 86, "sent: NA frame of %zu bytes", f->len);
	else
		fuzz_fail("sent: EtherType 0x%04x", type);
}

/* iface_detach() (a "detach" request) hands the skeleton back. */
static void skel_put(void *ctx, struct xvrrp_bpf *skel)
{
	free(skel);
}

/* Once, from LLVMFuzzerInitialize(): name names the temporary directory. */
static void fuzz_daemon_init(const char *name)
{
	const char *dir = fuzz_tmpdir(name);
	char path[4200];
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	/* As root, a network namespace of our own: the address changes land there. */
	if (geteuid() == 0 && unshare(CLONE_NEWNET))
		perror("unshare(CLONE_NEWNET)");
	fuzz_write_file(dir, "daemon.conf", config_text, sizeof(config_text) - 1);
	snprintf(path, sizeof(path), "%s/daemon.conf", dir);
	if (xvrrp_config_load(path, &cfg, stderr)) {
		fprintf(stderr, "the built-in configuration does not load\n");
		abort();
	}
	nl = xvrrp_nl_open();
	if (!nl) {
		perror("xvrrp_nl_open");
		abort();
	}
	vrid_state_len = (sizeof(struct xvrrp_vrid_state) * XVRRP_VRID_SLOTS + page - 1) / page * page;
	xvrrp_log_set_level(XVRRP_LOG_ERR);
}

/*
 * The daemon with its instances started. switches: bit 0 vrrp_strict, bit 1
 * vrrp_skip_check_adv_addr, bit 2 the interface's link down.
 */
static struct xvrrp_daemon *fuzz_daemon_new(uint8_t switches)
{
	struct xvrrp_daemon *d = calloc(1, sizeof(*d));
	struct xvrrp_iface *iface = calloc(1, sizeof(*iface));
	struct xvrrp_netns *ns = calloc(1, sizeof(*ns));

	if (!d || !iface || !ns)
		abort();
	clock_ns = CLOCK_START;
	d->env.offline = true;
	d->env.clock_ns = fuzz_clock;
	d->env.send = sink;
	d->env.xdp_put = skel_put;
	d->cfg = cfg;
	d->cfg.strict = switches & 1;
	d->cfg.skip_check_adv_addr = switches & 2;
	d->epfd = d->timerfd = d->sigfd = d->ctl_fd = d->ready_fd = -1;
	/* The daemon's own namespace, never entered (fd -1): its netlink and frame sink. */
	ns->fd = ns->lock_fd = -1;
	ns->nl = nl;
	ns->owner = d;
	xvrrp_tx_open_sink(&ns->tx, sink, NULL);
	d->netns = calloc(1, sizeof(*d->netns));
	if (!d->netns)
		abort();
	d->netns[0] = d->home = d->cur_ns = ns;
	d->n_netns = 1;

	snprintf(iface->name, sizeof(iface->name), "fz0");
	iface->ns = ns;
	iface->d = d;
	iface->link.ifindex = IFINDEX;
	iface->link.up = !(switches & 4);
	iface->link.mtu = 1500;
	memcpy(iface->link.mac, (uint8_t[6]){ 0x02, 0, 0, 0, 0, 0x14 }, 6);
	iface->primary_addr = htonl(PRIMARY_ADDR);
	iface->xdp.link_fd = -1;
	iface->xdp.ifindex = IFINDEX;
	iface->xdp.skel = calloc(1, sizeof(struct xvrrp_bpf));
	iface->xdp.vrid_state = mmap(NULL, vrid_state_len, PROT_READ | PROT_WRITE,
				     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	iface->xdp.vrid_state_len = vrid_state_len;
	if (!iface->xdp.skel || iface->xdp.vrid_state == MAP_FAILED)
		abort();
	iface->attached = true;
	iface->mcast_fd = iface->raw_fd = iface->mcast6_fd = iface->raw6_fd = -1;
	iface->instances = calloc(cfg.n_instances, sizeof(*iface->instances));
	d->instances = calloc(cfg.n_instances, sizeof(*d->instances));
	d->ifaces = calloc(1, sizeof(*d->ifaces));
	if (!iface->instances || !d->instances || !d->ifaces)
		abort();
	d->ifaces[0] = iface;
	d->n_ifaces = 1;

	for (size_t i = 0; i < cfg.n_instances; i++) {
		struct xvrrp_instance *inst = xvrrp_instance_new(d, &d->cfg.instances[i], iface);

		if (!inst)
			abort();
		inst->src_addr = iface->primary_addr;
		if (xvrrp_instance_resolve(d, inst))
			fuzz_fail("instance %s does not resolve", inst->cfg->name);
		iface->instances[iface->n_instances++] = inst;
		iface->by_slot[XVRRP_VRID_SLOT(inst->cfg->vrid, xvrrp_instance_af(inst))] = inst;
		d->instances[d->n_instances++] = inst;
		xvrrp_instance_program_xdp(d, inst);
	}
	if (xvrrp_groups_build(d))
		abort();
	for (size_t i = 0; i < d->n_instances; i++)
		xvrrp_instance_start(d, d->instances[i], 0);
	return d;
}

/* What xvrrp_daemon_close() would do, for what fuzz_daemon_new() made. */
static void fuzz_daemon_free(struct xvrrp_daemon *d)
{
	struct xvrrp_iface *iface = d->ifaces[0];

	for (size_t i = 0; i < d->n_instances; i++)
		xvrrp_instance_stop(d, d->instances[i]);
	xvrrp_daemon_commit(d);
	xvrrp_groups_free(d);
	for (size_t i = 0; i < d->n_instances; i++)
		xvrrp_instance_free(d, d->instances[i]);
	xvrrp_timerheap_free(&d->timers);
	xvrrp_tx_close(&d->home->tx);
	free(d->home);
	free(d->netns);
	/* A detached interface's array is unmapped and its skeleton given back already. */
	if (iface->xdp.vrid_state)
		munmap(iface->xdp.vrid_state, vrid_state_len);
	free(iface->xdp.skel);
	free(iface->instances);
	free(iface);
	free(d->ifaces);
	free(d->instances);
	free(d->pending);
	free(d);
}

/* The daemon's loop for XVRRP_TIMER_FSM (daemon.c), for every instance that is due. */
static inline void fuzz_daemon_timers(struct xvrrp_daemon *d)
{
	for (size_t i = 0; i < d->n_instances; i++) {
		struct xvrrp_instance *inst = d->instances[i];
		struct vrrp_actions acts = { 0 };
		uint64_t due = vrrp_fsm_next_deadline(&inst->fsm);

		if (!inst->started || !due || due > clock_ns)
			continue;
		if (inst->fsm.state == VRRP_STATE_BACKUP && inst->fsm.master_down_timer &&
		    inst->fsm.master_down_timer <= clock_ns) {
			xvrrp_rx_replay(d, inst);
			if (inst->fsm.master_down_timer && inst->fsm.master_down_timer <= clock_ns &&
			    !xvrrp_sync_may_become_master(d, inst))
				vrrp_fsm_hold_master(&inst->fsm, clock_ns);
		}
		vrrp_fsm_timers(&inst->fsm, clock_ns, &acts);
		xvrrp_instance_apply(d, inst, &acts);
	}
}

#endif
