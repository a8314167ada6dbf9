// SPDX-License-Identifier: GPL-2.0-only
/*
 * vrrp_sync_group: the members of a group move together (keepalived.conf(5),
 * keepalived's vrrp_sync.c): the group goes master once every member can
 * (each one's Master_Down_Timer ran out with no live master heard), a member
 * stepping down for a better master (or leaving FAULT) takes the others to
 * backup, one in FAULT holds them all in FAULT. And the notify
 * scripts, with keepalived's argument convention:
 *   notify_<state>                         (no arguments)
 *   notify TYPE NAME STATE PRIORITY        (TYPE INSTANCE, or GROUP with PRIORITY 0)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "log.h"
#include "scripts.h"

static const char *notify_state(enum vrrp_state s)
{
	switch (s) {
	case VRRP_STATE_MASTER: return "MASTER";
	case VRRP_STATE_BACKUP: return "BACKUP";
	case VRRP_STATE_FAULT:  return "FAULT";
	default:                return "STOP";
	}
}

static const char *specific_script(const struct xvrrp_notify_cfg *n, enum vrrp_state s)
{
	switch (s) {
	case VRRP_STATE_MASTER: return n->notify_master;
	case VRRP_STATE_BACKUP: return n->notify_backup;
	case VRRP_STATE_FAULT:  return n->notify_fault;
	default:                return n->notify_stop;
	}
}

/*
 * Run in the instance's network namespace (the child inherits the daemon's
 * current one), which XVRRP_NETNS names for a namespace of its own.
 */
static void run_notify(struct xvrrp_daemon *d, struct xvrrp_netns *ns,
		       const struct xvrrp_notify_cfg *n, const char *type, const char *name,
		       enum vrrp_state s, int priority)
{
	const char *specific = specific_script(n, s);
	char prio[8];
	const char *args[4] = { type, name, notify_state(s), prio };

	if (!d->scripts)
		return;
	if (!specific && !n->notify)
		return;
	snprintf(prio, sizeof(prio), "%d", priority);
	/* Not in the instance's namespace: better no script than one in another's. */
	if (xvrrp_daemon_enter(d, ns))
		return;
	if (ns && ns->name[0])
		setenv("XVRRP_NETNS", ns->name, 1);
	if (specific)
		xvrrp_scripts_notify(d->scripts, specific, NULL, 0);
	if (n->notify)
		xvrrp_scripts_notify(d->scripts, n->notify, args, 4);
	unsetenv("XVRRP_NETNS");
}

int xvrrp_groups_build(struct xvrrp_daemon *d)
{
	d->n_groups = 0;
	d->groups = calloc(d->cfg.n_sync_groups + 1, sizeof(*d->groups));
	if (!d->groups)
		return -1;
	for (size_t g = 0; g < d->cfg.n_sync_groups; g++) {
		const struct xvrrp_sync_group_cfg *gc = &d->cfg.sync_groups[g];
		struct xvrrp_group *grp = &d->groups[d->n_groups];

		grp->cfg = gc;
		grp->state = VRRP_STATE_INIT;
		grp->members = calloc(gc->n_members + 1, sizeof(*grp->members));
		if (!grp->members)
			return -1;
		for (size_t m = 0; m < gc->n_members; m++)
			for (size_t j = 0; j < d->n_instances; j++)
				if (d->instances[j]->cfg->scope == gc->scope &&
				    !strcmp(d->instances[j]->cfg->name, gc->members[m])) {
					grp->members[grp->n_members++] = d->instances[j];
					d->instances[j]->group = grp;
				}
		if (grp->n_members < gc->n_members)
			pr_warn("%s:%d: vrrp_sync_group %s: %zu of its instances are not served here",
				gc->file, gc->line, gc->name, gc->n_members - grp->n_members);
		d->n_groups++;
	}
	return 0;
}

void xvrrp_groups_free(struct xvrrp_daemon *d)
{
	for (size_t j = 0; j < d->n_instances; j++)
		d->instances[j]->group = NULL;
	for (size_t g = 0; g < d->n_groups; g++)
		free(d->groups[g].members);
	free(d->groups);
	d->groups = NULL;
	d->n_groups = 0;
}

bool xvrrp_group_faulted(const struct xvrrp_instance *inst)
{
	const struct xvrrp_group *grp = inst->group;

	if (!grp)
		return false;
	for (size_t m = 0; m < grp->n_members; m++)
		if (grp->members[m] != inst && grp->members[m]->faults)
			return true;
	return false;
}

/* The group's state is the one all its members share; notify when it changes. */
static void group_notify(struct xvrrp_daemon *d, struct xvrrp_group *grp)
{
	enum vrrp_state s = grp->members[0]->fsm.state;

	for (size_t m = 1; m < grp->n_members; m++)
		if (grp->members[m]->fsm.state != s)
			return;
	if (s == grp->state)
		return;
	grp->state = s;
	pr_info("vrrp_sync_group %s: %s", grp->cfg->name, notify_state(s));
	/* keepalived 2.2.7 passes priority 0 for a group (seen in the notify selftest). */
	run_notify(d, grp->members[0]->iface->ns, &grp->cfg->notify, "GROUP", grp->cfg->name, s, 0);
}

/* A member that can be master now: it is, or its timer ran out with no live master heard. */
static bool member_ready(struct xvrrp_daemon *d, struct xvrrp_instance *m)
{
	if (m->fsm.state == VRRP_STATE_MASTER)
		return true;
	if (m->fsm.state != VRRP_STATE_BACKUP || !m->fsm.master_down_expired)
		return false;
	/* The XDP program wakes us only for changes: a live master's repeats are stamped there. */
	xvrrp_rx_replay(d, m);
	return m->fsm.master_down_expired;
}

bool xvrrp_sync_may_become_master(struct xvrrp_daemon *d, struct xvrrp_instance *inst)
{
	struct xvrrp_group *grp = inst->group;

	if (!grp)
		return true;
	for (size_t m = 0; m < grp->n_members; m++) {
		struct xvrrp_instance *other = grp->members[m];

		if (other != inst && other->started && !member_ready(d, other))
			return false;
	}
	return true;
}

/*
 * keepalived's vrrp_sync.c: the group goes master together once every
 * member can (xvrrp_sync_may_become_master), and goes back to backup when
 * a member steps down for a better master; a member starting (or
 * restarting on reload) moves nobody.
 */
static void move_members(struct xvrrp_daemon *d, struct xvrrp_instance *inst, enum vrrp_state from,
			 enum vrrp_state to)
{
	struct xvrrp_group *grp = inst->group;
	uint64_t now = xvrrp_daemon_now(d);

	grp->syncing = true;
	for (size_t m = 0; m < grp->n_members; m++) {
		struct xvrrp_instance *other = grp->members[m];
		struct vrrp_actions acts = { 0 };

		if (other == inst || !other->started)
			continue;
		if (to == VRRP_STATE_MASTER) {
			if (other->fsm.state == VRRP_STATE_BACKUP && other->fsm.master_down_expired)
				vrrp_fsm_force_master(&other->fsm, now, &acts);
		} else if (to == VRRP_STATE_BACKUP &&
			   (from == VRRP_STATE_MASTER || from == VRRP_STATE_FAULT) &&
			   other->fsm.state == VRRP_STATE_MASTER) {
			vrrp_fsm_force_backup(&other->fsm, now, &acts);
		} else if (to == VRRP_STATE_FAULT || other->fsm.state == VRRP_STATE_FAULT) {
			/* Entering or leaving a group FAULT: let the trackers decide with the group. */
			xvrrp_track_update(d, other);
			continue;
		}
		xvrrp_instance_apply(d, other, &acts);
	}
	grp->syncing = false;
}

void xvrrp_notify_instance(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			   enum vrrp_state state)
{
	run_notify(d, inst->iface->ns, &inst->cfg->notify, "INSTANCE", inst->cfg->name, state,
		   inst->fsm.priority);
}

void xvrrp_sync_state_changed(struct xvrrp_daemon *d, struct xvrrp_instance *inst,
			      enum vrrp_state from, enum vrrp_state to)
{
	if (!inst->group)
		return;
	if (!inst->group->syncing && to != VRRP_STATE_INIT)
		move_members(d, inst, from, to);
	group_notify(d, inst->group);
}
