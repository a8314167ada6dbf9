// SPDX-License-Identifier: GPL-2.0-only
/*
 * Trackers (keepalived.conf(5) track_interface, track_script, track_file):
 * each either shifts the effective priority by its weight or, with weight 0,
 * puts the instance in FAULT while it fails. The VRRP interface itself losing
 * its link is a FAULT too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "daemon.h"
#include "log.h"
#include "scripts.h"
#include "track_file.h"
#include "xvrrp_wire.h"

/* keepalived: a tracked file whose weighted value reaches this puts the instance in FAULT. */
#define TRACK_FILE_FAULT_VALUE  (-254)
#define TRACK_FILES_POLL_NS     (1000000000ULL)

struct track_result {
	int delta;
	unsigned int faults;
};

static void account(struct track_result *r, bool failing, int weight, bool reverse)
{
	/* keepalived.conf(5): "reverse" turns the tracked state upside down, weight 0 included. */
	if (reverse)
		failing = !failing;
	if (weight == 0) {
		r->faults += failing;
		return;
	}
	/* A positive weight rewards success; a negative one punishes failure. */
	if (weight > 0 && !failing)
		r->delta += weight;
	else if (weight < 0 && failing)
		r->delta += weight;
}

static struct track_result evaluate(const struct xvrrp_daemon *d, const struct xvrrp_instance *inst)
{
	const struct xvrrp_instance_cfg *c = inst->cfg;
	struct track_result r = { 0, 0 };

	if (!inst->iface->link.up)
		r.faults++;
	for (size_t i = 0; i < c->n_track_ifs; i++)
		account(&r, !inst->track_ifs[i].up, inst->track_ifs[i].cfg->weight,
			inst->track_ifs[i].cfg->weight_reverse);
	for (size_t i = 0; i < c->n_track_scripts; i++) {
		const struct xvrrp_track_ref *t = &inst->track_scripts[i];

		if (!d->scripts || xvrrp_script_disabled(d->scripts, t->idx))
			continue;
		account(&r, !xvrrp_script_up(d->scripts, t->idx), t->weight, t->reverse);
	}
	for (size_t i = 0; i < c->n_track_files; i++) {
		const struct xvrrp_track_ref *t = &inst->track_files[i];
		/* Both bounded (track_file.h, the config's weight range): no overflow. */
		long value = d->track_file_values ? d->track_file_values[t->idx] : 0;
		long weighted = value * (t->reverse ? -t->weight : t->weight);

		if (t->weight == 0)
			r.faults += value != 0;
		else if (weighted <= TRACK_FILE_FAULT_VALUE)
			r.faults++;
		else
			r.delta += (int)(weighted > 254 ? 254 : weighted);
	}
	return r;
}

static uint8_t effective_priority(const struct xvrrp_instance *inst, int delta)
{
	int prio = inst->cfg->priority + delta;

	/* The address owner stays 255 (RFC 5798 §5.2.4); others live in 1..254. */
	if (inst->cfg->priority == VRRP_PRIO_OWNER)
		return VRRP_PRIO_OWNER;
	if (prio < 1)
		prio = 1;
	if (prio > 254)
		prio = 254;
	return prio;
}

void xvrrp_track_update(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	struct track_result r = evaluate(d, inst);
	uint8_t prio = effective_priority(inst, r.delta);
	struct vrrp_actions acts = { 0 };
	uint64_t now = xvrrp_daemon_now(d);
	unsigned int faults = r.faults;

	inst->faults = r.faults;
	if (!inst->started)
		return;
	/* A sync group stays in FAULT while any member is failing. */
	if (xvrrp_group_faulted(inst))
		faults++;
	if (prio != inst->fsm.priority) {
		pr_info("%s: effective priority %u -> %u", inst->cfg->name, inst->fsm.priority, prio);
		vrrp_fsm_set_priority(&inst->fsm, prio, now, &acts);
	}
	if (faults && inst->fsm.state != VRRP_STATE_FAULT) {
		if (inst->iface->link.up)
			vrrp_fsm_tracker_fault(&inst->fsm, now, &acts);
		else
			vrrp_fsm_link_down(&inst->fsm, now, &acts);
	}
	else if (!faults && inst->fsm.state == VRRP_STATE_FAULT)
		vrrp_fsm_link_up(&inst->fsm, now, &acts);
	xvrrp_instance_apply(d, inst, &acts);
}

void xvrrp_track_link_changed(struct xvrrp_daemon *d, struct xvrrp_netns *ns, int ifindex,
			      bool up)
{
	char name[IF_NAMESIZE] = "";

	for (size_t i = 0; i < d->n_ifaces; i++) {
		struct xvrrp_iface *iface = d->ifaces[i];

		if (iface->ns == ns && iface->link.ifindex == ifindex && iface->link.up != up) {
			iface->link.up = up;
			pr_info("%s: link %s", iface->name, up ? "up" : "down");
		}
	}
	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = d->instances[j];
		bool touched = inst->iface->link.ifindex == ifindex;

		/* The event's ifindex is of ns: other namespaces' instances are not concerned. */
		if (inst->iface->ns != ns)
			continue;

		for (size_t k = 0; k < inst->cfg->n_track_ifs; k++) {
			struct xvrrp_track_if *t = &inst->track_ifs[k];

			/* A tracked interface created after start-up is matched by name. */
			if (!t->ifindex) {
				if (!name[0] && (xvrrp_daemon_enter(d, ns) ||
						 !if_indextoname(ifindex, name)))
					continue;
				if (strcmp(name, t->cfg->name))
					continue;
				t->ifindex = ifindex;
			}
			if (t->ifindex != ifindex || t->up == up)
				continue;
			t->up = up;
			touched = true;
			pr_info("%s: tracked interface %s %s", inst->cfg->name, t->cfg->name,
				up ? "up" : "down");
		}
		if (touched)
			xvrrp_track_update(d, inst);
	}
}

/* Re-evaluate every instance that tracks vrrp_script (or vrrp_track_file) idx. */
static void update_trackers_of(struct xvrrp_daemon *d, bool files, size_t idx)
{
	for (size_t j = 0; j < d->n_instances; j++) {
		struct xvrrp_instance *inst = d->instances[j];
		const struct xvrrp_track_ref *refs = files ? inst->track_files : inst->track_scripts;
		size_t n = files ? inst->cfg->n_track_files : inst->cfg->n_track_scripts;

		for (size_t k = 0; k < n; k++)
			if (refs[k].idx == idx) {
				xvrrp_track_update(d, inst);
				break;
			}
	}
}

void xvrrp_track_script_changed(void *ctx, size_t script_idx, bool up)
{
	struct xvrrp_daemon *d = ctx;

	(void)up;       /* scripts.c logs the change; the trackers read the state */
	update_trackers_of(d, false, script_idx);
}

/* The first integer in the file; a missing or unreadable file counts as 0. */
static long read_track_file(struct xvrrp_daemon *d, size_t i)
{
	const struct xvrrp_track_file_cfg *tf = &d->cfg.track_files[i];
	long value;
	int err = xvrrp_track_file_read(tf->path, &value);

	/* Said once per kind of problem, not once a second. */
	if (err && err != -ENOENT && err != d->track_file_errors[i])
		pr_warn("vrrp_track_file %s: %s %s; its value counts as 0", tf->name, tf->path,
			err == -ELOOP ? "is a symbolic link, which is not followed" :
			err == -EINVAL ? "is not a regular file" : strerror(-err));
	d->track_file_errors[i] = err;
	return value;
}

/* init_file: create the file with its initial value (keepalived, vrrp_track_file). */
static void init_track_file(const struct xvrrp_track_file_cfg *tf)
{
	int err;

	if (!tf->init_file)
		return;
	err = xvrrp_track_file_init(tf->path, tf->init_value, tf->overwrite);
	if (err && err != -EEXIST)
		pr_warn("vrrp_track_file %s: init_file %s: %s; not written", tf->name, tf->path,
			err == -ELOOP ? "a symbolic link, which is never written through" :
			err == -EINVAL ? "not a regular file" : strerror(-err));
}

/*
 * vrrp_track_file is polled once a second (keepalived reacts through
 * inotify; a second is well inside any Master_Down_Interval with advert_int 1).
 */
void xvrrp_track_files_poll(struct xvrrp_daemon *d)
{
	bool first = !d->track_file_values;

	if (!d->cfg.n_track_files)
		return;
	if (first) {
		d->track_file_values = calloc(d->cfg.n_track_files, sizeof(long));
		d->track_file_errors = calloc(d->cfg.n_track_files, sizeof(int));
		if (!d->track_file_values || !d->track_file_errors) {
			free(d->track_file_values);
			free(d->track_file_errors);
			d->track_file_values = NULL;
			d->track_file_errors = NULL;
			return;
		}
		for (size_t i = 0; i < d->cfg.n_track_files; i++)
			init_track_file(&d->cfg.track_files[i]);
	}
	for (size_t i = 0; i < d->cfg.n_track_files; i++) {
		long value = read_track_file(d, i);

		if (!first && value == d->track_file_values[i])
			continue;
		d->track_file_values[i] = value;
		if (!first)
			pr_info("vrrp_track_file %s: value %ld", d->cfg.track_files[i].name, value);
		update_trackers_of(d, true, i);
	}
	xvrrp_timerheap_set(&d->timers, &d->track_files_timer, xvrrp_daemon_now(d) + TRACK_FILES_POLL_NS);
}
