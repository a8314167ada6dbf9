// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: the ring-buffer event handler xvrrp_rx_event() and the
 * Master_Down replay xvrrp_rx_replay() (user/rx.c), with what they drive:
 * the checks of advert_acceptable(), the AH check, the state machine and
 * the actions of a transition (actions.c, sync.c).
 *
 * No daemon runs: fuzz_daemon.h builds the struct xvrrp_daemon that
 * xvrrp_daemon_open() would, offline, for one interface and the instances
 * of a fixed configuration (VRRPv3, v2 with PASS, v2 with AH and a unicast
 * peer, an address owner, 35 VIPs; two of them in a sync group).
 *
 * Input: one byte of switches (bit 0 vrrp_strict, bit 1
 * vrrp_skip_check_adv_addr, bit 2 link down), then records of one byte
 * `op`, two bytes length (little-endian) and that many bytes:
 *   op % 4 == 0  a ring-buffer record, given to xvrrp_rx_event() in a heap
 *                buffer of exactly that length; its ktime_ns (if the
 *                record is that long) is replaced by the clock minus up to
 *                1 s, as the XDP program stamps it
 *   op % 4 == 1  the clock moves on by the first 4 bytes (little-endian)
 *                microseconds, then every due FSM timer fires as in the
 *                daemon's loop (replay first for a backup whose
 *                Master_Down_Timer ran out)
 *   op % 4 == 2  a vrid_state slot is written (the XDP program's side):
 *                VRID, then up to a slot's size (struct xvrrp_vrid_state) of
 *                bytes; then
 *                xvrrp_rx_replay() for that VRID's instance
 *   op % 4 == 3  the end of a turn: xvrrp_daemon_commit() (host work of
 *                new masters, then the queued frames)
 * Every frame the daemon sends must be well-formed: an advert that
 * decodes (behind AH: one xvrrp_ah_check() accepts with the instance's
 * key), a 42-byte gratuitous ARP or an 86-byte neighbour advertisement.
 * After every record, for every started instance (fsm.c's conventions and
 * actions.c's): only the timer of its state runs (Master_Down_Timer in
 * Backup, Adver_Timer in Master, none in FAULT), its heap timer is armed
 * for the FSM's next deadline, and it holds its VIPs exactly while Master.
 *
 * Run it with -close_fd_mask=2: transitions are logged.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_daemon.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_daemon_init("rx");
	return 0;
}

static void check_instances(const struct xvrrp_daemon *d)
{
	for (size_t i = 0; i < d->n_instances; i++) {
		const struct xvrrp_instance *inst = d->instances[i];
		const struct vrrp_fsm *f = &inst->fsm;
		const char *name = inst->cfg->name;
		/* A Backup whose deadline the kernel held at the last rearm keeps no timer (ktimer.c). */
		uint64_t next = inst->kernel_holds ? f->adver_timer : vrrp_fsm_next_deadline(f);

		if (!inst->started)
			continue;
		switch (f->state) {
		case VRRP_STATE_MASTER:
			FUZZ_CHECK(f->adver_timer && !f->master_down_timer,
				   "%s: Master with Adver_Timer %llu, Master_Down_Timer %llu", name,
				   (unsigned long long)f->adver_timer,
				   (unsigned long long)f->master_down_timer);
			break;
		case VRRP_STATE_BACKUP:
			FUZZ_CHECK(f->master_down_timer && !f->adver_timer,
				   "%s: Backup with Master_Down_Timer %llu, Adver_Timer %llu", name,
				   (unsigned long long)f->master_down_timer,
				   (unsigned long long)f->adver_timer);
			break;
		case VRRP_STATE_FAULT:
			FUZZ_CHECK(!next, "%s: a timer runs in FAULT", name);
			break;
		default:
			fuzz_fail("%s: started, but in state %s", name, vrrp_state_name(f->state));
		}
		if (next)
			FUZZ_CHECK(inst->fsm_timer.heap_idx != XVRRP_TIMER_IDLE &&
				   inst->fsm_timer.deadline == next,
				   "%s: the FSM's next deadline is %llu, its heap timer %s %llu", name,
				   (unsigned long long)next,
				   inst->fsm_timer.heap_idx == XVRRP_TIMER_IDLE ? "idle, was" : "at",
				   (unsigned long long)inst->fsm_timer.deadline);
		else
			FUZZ_CHECK(inst->fsm_timer.heap_idx == XVRRP_TIMER_IDLE,
				   "%s: no FSM deadline, but its heap timer is armed", name);
		FUZZ_CHECK(inst->vips_held == (f->state == VRRP_STATE_MASTER),
			   "%s: %s %s its VIPs", name, vrrp_state_name(f->state),
			   inst->vips_held ? "holds" : "does not hold");
	}
}

static void ring_record(struct xvrrp_daemon *d, const uint8_t *p, size_t len)
{
	uint8_t *rec = fuzz_dup(p, len);

	if (len >= sizeof(uint64_t)) {
		uint64_t stamp, back;

		memcpy(&back, rec, sizeof(back));
		stamp = clock_ns - back % NSEC_PER_S;
		memcpy(rec, &stamp, sizeof(stamp));
	}
	FUZZ_CHECK(xvrrp_rx_event(d->ifaces[0], rec, len) == 0, "xvrrp_rx_event() did not return 0");
	free(rec);
}

static void write_slot(struct xvrrp_daemon *d, const uint8_t *p, size_t len)
{
	struct xvrrp_iface *iface = d->ifaces[0];
	struct xvrrp_vrid_state *vs;
	struct xvrrp_instance *inst;

	if (len < 1)
		return;
	vs = xvrrp_xdp_vrid(&iface->xdp, p[0], XVRRP_AF_INET);
	len--;
	memcpy(vs, p + 1, len < sizeof(*vs) ? len : sizeof(*vs));
	inst = iface->by_slot[XVRRP_VRID_SLOT(p[0], XVRRP_AF_INET)];
	if (inst && inst->started)
		xvrrp_rx_replay(d, inst);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xvrrp_daemon *d;
	size_t off = 1;

	if (size < 1)
		return 0;
	d = fuzz_daemon_new(data[0]);
	while (off + 3 <= size) {
		uint8_t op = data[off];
		size_t len = (size_t)data[off + 1] | (size_t)data[off + 2] << 8;
		const uint8_t *p = data + off + 3;

		if (len > size - off - 3)
			len = size - off - 3;
		off += 3 + len;
		switch (op % 4) {
		case 0:
			ring_record(d, p, len);
			break;
		case 1: {
			uint32_t us = 0;

			memcpy(&us, p, len < 4 ? len : 4);
			clock_ns += (uint64_t)us * NSEC_PER_USEC;
			fuzz_daemon_timers(d);
			break;
		}
		case 2:
			write_slot(d, p, len);
			break;
		case 3:
			xvrrp_daemon_commit(d);
			break;
		}
		/* At most one turn's worth of frames waits: as the loop flushes every turn. */
		xvrrp_daemon_flush(d);
		check_instances(d);
	}
	fuzz_daemon_free(d);
	return 0;
}
