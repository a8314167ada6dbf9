// SPDX-License-Identifier: GPL-2.0-only
/*
 * keepalived.conf reader: global_defs, vrrp_instance, the top level and
 * loading (lexer in config_lex.c, helpers in config_util.c, addresses /
 * routes / rules in config_net.c, tracking and sync groups in
 * config_track.c, dump and reload comparison in config_dump.c).
 *
 * Two passes: the lexer turns every file (the main one and whatever "include"
 * pulls in) into one array of tokens that remember file and line; the parser
 * walks that array statement by statement. keepalived's language is line
 * oriented: a keyword takes the rest of its line as values, and '{' opens a
 * block of further statements. Every problem is reported as
 * "file:line: message" and parsing goes on, so one run shows them all.
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include "config_priv.h"
#include "xvrrp_wire.h"

/* ------------------------------------------------------------------ */
/* global_defs                                                         */

static const char *const global_defs_unimplemented[] = {
	"child_wait_time", "config_save_dir", "data_use_instance",
	"default_interface", "disable_local_igmp", "dynamic_interfaces",
	"fifo_write_vrrp_states_on_reload", "include_check", "instance",
	"linkbeat_use_polling", "log_unknown_vrids", "max_auto_priority",
	"min_auto_priority_delay", "namespace_with_ipsets", "nftables",
	"nftables_counters", "nftables_ifindex", "nftables_priority",
	"notify_fifo", "notify_fifo_script", "process_monitor_rcv_bufs",
	"process_monitor_rcv_bufs_force", "process_name", "process_names",
	"random_seed", "reload_check_config", "reload_file", "reload_repeat",
	"reload_time_file", "shutdown_script", "shutdown_script_timeout",
	"startup_script", "startup_script_timeout", "tmp_config_directory",
	"umask", "use_pid_dir", "vmac_addr_prefix", "vmac_prefix",
	"vrrp_cpu_affinity", "vrrp_down_timer_adverts", "vrrp_garp_extra_if",
	"vrrp_garp_interval", "vrrp_gna_interval", "vrrp_higher_prio_send_advert",
	"vrrp_ipsets", "vrrp_iptables", "vrrp_lower_prio_no_advert",
	"vrrp_min_garp", "vrrp_netlink_cmd_rcv_bufs",
	"vrrp_netlink_cmd_rcv_bufs_force", "vrrp_netlink_monitor_rcv_bufs",
	"vrrp_netlink_monitor_rcv_bufs_force", "vrrp_no_swap",
	"vrrp_notify_fifo", "vrrp_notify_fifo_script",
	"vrrp_notify_priority_changes", "vrrp_priority", "vrrp_process_name",
	"vrrp_rlimit_rttime", "vrrp_rt_priority", "vrrp_rx_bufs_multiplier",
	"vrrp_rx_bufs_policy",
	NULL
};

static bool flag_value(struct parser *p, const struct stmt *s, bool *flag)
{
	if (!no_value(p, s))
		return false;
	*flag = true;
	return true;
}

/* vrrp_mcast_group4/6: RFC 5798 §5.1.1.2 / §5.1.2.2 send to a multicast group. */
static void mcast_group(struct parser *p, const struct stmt *s, bool v6)
{
	struct xvrrp_config *cfg = p->cfg;
	struct in6_addr a6;
	struct in_addr a4;

	if (!one_value(p, s, v6 ? "an IPv6 multicast address" : "an IPv4 multicast address"))
		return;
	if (!v6 && inet_pton(AF_INET, arg(p, s, 0), &a4) == 1 &&
	    IN_MULTICAST(ntohl(a4.s_addr))) {
		cfg->mcast_group4 = a4;
	} else if (v6 && inet_pton(AF_INET6, arg(p, s, 0), &a6) == 1 &&
		   IN6_IS_ADDR_MULTICAST(&a6)) {
		cfg->mcast_group6 = a6;
		/* keepalived warns too: adverts stay on the link (RFC 5798 §5.1.2.2). */
		if (!IN6_IS_ADDR_MC_LINKLOCAL(&a6))
			warn_at(p, s->kw + 1, "vrrp_mcast_group6 '%s' should be a link-local "
				"multicast address (ff02::/16)", arg(p, s, 0));
	} else {
		error_at(p, s->kw + 1, "%s '%s' is not an IPv%c multicast address",
			 tok_text(p, s->kw), arg(p, s, 0), v6 ? '6' : '4');
	}
}

/* The GARP settings and their global_defs names. */
static bool global_garp(struct parser *p, const struct stmt *s)
{
	static const struct {
		const char *kw;
		size_t offset;
		uint32_t min, max;
	} garp[] = {
		{ "vrrp_garp_master_delay",
		  offsetof(struct xvrrp_config, garp_master_delay_s), 0, GARP_DELAY_MAX_S },
		{ "vrrp_garp_master_repeat",
		  offsetof(struct xvrrp_config, garp_master_repeat), 0, GARP_REPEAT_MAX },
		{ "vrrp_garp_master_refresh",
		  offsetof(struct xvrrp_config, garp_master_refresh_s), 0, GARP_DELAY_MAX_S },
		{ "vrrp_garp_master_refresh_repeat",
		  offsetof(struct xvrrp_config, garp_master_refresh_repeat), 1, GARP_REPEAT_MAX },
		{ "vrrp_garp_lower_prio_delay",
		  offsetof(struct xvrrp_config, garp_lower_prio_delay_s), 0, GARP_DELAY_MAX_S },
		{ "vrrp_garp_lower_prio_repeat",
		  offsetof(struct xvrrp_config, garp_lower_prio_repeat), 0, GARP_REPEAT_MAX },
	};
	size_t i;
	uint32_t v;

	for (i = 0; i < sizeof(garp) / sizeof(garp[0]); i++) {
		if (strcmp(tok_text(p, s->kw), garp[i].kw))
			continue;
		if (uint_value(p, s, garp[i].min, garp[i].max, &v))
			*(uint32_t *)((char *)p->cfg + garp[i].offset) = v;
		if (i >= 4)
			p->lower_prio_set[i - 4] = true;
		return true;
	}
	return false;
}

/* Where a directory's file set its global settings, to compare them (config_dir.c). */
static int note_global_kw(struct parser *p, size_t kw)
{
	if (!p->n_scopes)
		return 0;
	if (p->n_global_kws == p->cap_global_kws) {
		size_t cap = p->cap_global_kws ? 2 * p->cap_global_kws : 16;
		size_t *v = realloc(p->global_kws, cap * sizeof(*v));

		if (!v)
			return -1;
		p->global_kws = v;
		p->cap_global_kws = cap;
	}
	p->global_kws[p->n_global_kws++] = kw;
	return 0;
}

static int global_stmt(struct parser *p, struct stmt *s)
{
	struct xvrrp_config *cfg = p->cfg;
	const char *kw = tok_text(p, s->kw);
	uint64_t us;
	uint32_t v;

	if (note_global_kw(p, s->kw))
		return -1;
	if (!strcmp(kw, "router_id")) {
		string_value(p, s, cfg->router_id, sizeof(cfg->router_id), "a name");
	} else if (!strcmp(kw, "vrrp_version")) {
		if (uint_value(p, s, 2, 3, &v))
			cfg->vrrp_version = v;
	} else if (global_garp(p, s)) {
		/* done */
	} else if (!strcmp(kw, "vrrp_mcast_group4") || !strcmp(kw, "vrrp_mcast_group6")) {
		mcast_group(p, s, kw[16] == '6');
	} else if (!strcmp(kw, "vrrp_check_unicast_src")) {
		flag_value(p, s, &cfg->check_unicast_src);
	} else if (!strcmp(kw, "vrrp_skip_check_adv_addr")) {
		bool_value(p, s, &cfg->skip_check_adv_addr);
	} else if (!strcmp(kw, "vrrp_strict")) {
		flag_value(p, s, &cfg->strict);
	} else if (!strcmp(kw, "kernel_takeover")) {
		bool_value(p, s, &cfg->kernel_takeover);
	} else if (!strcmp(kw, "enable_script_security")) {
		flag_value(p, s, &cfg->enable_script_security);
	} else if (!strcmp(kw, "script_user")) {
		if (s->argc < 1 || s->argc > 2)
			error_at(p, s->kw, "'script_user' takes a user and an optional group");
		else if (strlen(arg(p, s, 0)) >= XVRRP_NAME_MAX ||
			 (s->argc == 2 && strlen(arg(p, s, 1)) >= XVRRP_NAME_MAX))
			error_at(p, s->kw + 1, "script_user name is too long");
		else {
			strcpy(cfg->script_user, arg(p, s, 0));
			strcpy(cfg->script_group, s->argc == 2 ? arg(p, s, 1) : "");
		}
	} else if (!strcmp(kw, "vrrp_startup_delay")) {
		if (seconds_value(p, s, "e.g. 5.5", &us)) {
			if (us > GARP_DELAY_MAX_S * US_PER_S)
				error_at(p, s->kw + 1, "vrrp_startup_delay %s is out of range (0-%d)",
					 arg(p, s, 0), GARP_DELAY_MAX_S);
			else
				cfg->startup_delay_ms = (us + 500) / 1000;
		}
	} else if (!strcmp(kw, "net_namespace")) {
		/* keepalived reads it only at the top level ("Unknown keyword" here). */
		warn_at(p, s->kw, "'net_namespace' belongs at the top level, not in global_defs; "
			"ignored, as keepalived does");
	} else if (is_ignored_keyword(kw)) {
		return note_ignored(p, s);
	} else if (in_list(kw, global_defs_unimplemented)) {
		ignore_unimplemented(p, s);
		return 0;
	} else {
		reject_unknown(p, s, " in global_defs");
		return 0;
	}
	no_block(p, s);
	return 0;
}

static int parse_global_defs(struct parser *p, struct stmt *s)
{
	struct stmt sub;

	no_value(p, s);
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		if (global_stmt(p, &sub))
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* vrrp_instance                                                       */

static const char *const instance_unimplemented[] = {
	"debug", "dont_track_primary", "down_timer_adverts",
	"garp_extra_if", "garp_extra_if_vmac", "higher_prio_send_advert",
	"kernel_rx_buf_size", "linkbeat_use_polling", "lower_prio_no_advert",
	"mcast_dst_ip", "notify_deleted",
	"notify_master_rx_lower_pri", "notify_priority_changes",
	"old_unicast_checksum", "promote_secondaries", "skip_check_adv_addr",
	"track_process", "track_src_ip", "unicast_fault_no_peer", "unicast_ttl",
	"use_ipvlan", "use_vmac_addr", "vrf",
	NULL
};

static void instance_state(struct parser *p, struct xvrrp_instance_cfg *inst,
			   const struct stmt *s)
{
	if (!one_value(p, s, "MASTER or BACKUP"))
		return;
	if (!strcmp(arg(p, s, 0), "MASTER"))
		inst->state = XVRRP_INITIAL_MASTER;
	else if (!strcmp(arg(p, s, 0), "BACKUP"))
		inst->state = XVRRP_INITIAL_BACKUP;
	else
		error_at(p, s->kw + 1, "unknown state '%s' (MASTER or BACKUP)",
			 arg(p, s, 0));
}

/* A settings keyword whose value is a count or a number of seconds. */
static bool instance_garp(struct parser *p, struct xvrrp_instance_cfg *inst,
			  struct instance_scratch *sc, const struct stmt *s)
{
	const char *kw = tok_text(p, s->kw);
	uint32_t v;

	if (!strcmp(kw, "garp_master_refresh")) {
		if (uint_value(p, s, 0, GARP_DELAY_MAX_S, &v)) {
			inst->garp_master_refresh_s = v;
			sc->garp_refresh_set = true;
		}
	} else if (!strcmp(kw, "garp_master_refresh_repeat")) {
		if (uint_value(p, s, 1, GARP_REPEAT_MAX, &v)) {
			inst->garp_master_refresh_repeat = v;
			sc->garp_refresh_repeat_set = true;
		}
	} else if (!strcmp(kw, "garp_lower_prio_delay")) {
		sc->lower_prio_delay_line = p->toks[s->kw].line;
		if (uint_value(p, s, 0, GARP_DELAY_MAX_S, &v)) {
			inst->garp_lower_prio_delay_s = v;
			sc->lower_prio_delay_set = true;
		}
	} else if (!strcmp(kw, "garp_lower_prio_repeat")) {
		sc->lower_prio_repeat_line = p->toks[s->kw].line;
		if (uint_value(p, s, 0, GARP_REPEAT_MAX, &v)) {
			inst->garp_lower_prio_repeat = v;
			sc->lower_prio_repeat_set = true;
		}
	} else {
		return false;
	}
	return true;
}

/* "use_vmac [NAME] [MAC]": the name defaults to vrrp.VRID (finish_instance). */
static void instance_use_vmac(struct parser *p, struct xvrrp_instance_cfg *inst,
			      const struct stmt *s)
{
	inst->use_vmac = true;
	if (s->argc > 2) {
		error_at(p, s->kw + 3, "'use_vmac' takes a name and a MAC address; unexpected '%s'",
			 arg(p, s, 2));
		return;
	}
	if (s->argc == 0)
		return;
	if (strchr(arg(p, s, 0), ':') && s->argc == 1) {
		warn_at(p, s->kw + 1, "a MAC address for use_vmac is not implemented yet; ignored");
		return;
	}
	if (strlen(arg(p, s, 0)) >= IF_NAMESIZE) {
		error_at(p, s->kw + 1, "use_vmac '%s' is too long (at most %d characters)",
			 arg(p, s, 0), IF_NAMESIZE - 1);
		return;
	}
	strcpy(inst->vmac_name, arg(p, s, 0));
	if (s->argc == 2)
		warn_at(p, s->kw + 2, "a MAC address for use_vmac is not implemented yet; ignored");
}

static char ip_version(int family)
{
	return family == AF_INET6 ? '6' : '4';
}

/*
 * keepalived (vrrp_parser.c, vrrp_data.c): the instance's first address
 * (virtual_ipaddress, mcast_src_ip, unicast_src_ip, unicast_peer) or
 * native_ipv6 sets its family, and every later one must be of it; keepalived
 * skips one that is not, here it is an error. `what` names the address's
 * keyword (NULL: native_ipv6), for the instance being read.
 */
bool instance_family(struct parser *p, size_t tok, int family, const char *what)
{
	size_t idx = p->cfg->n_instances - 1;
	struct instance_scratch *sc = &p->scratch[idx];
	const char *name = p->cfg->instances[idx].name;

	if (!sc->family) {
		sc->family = family;
		sc->family_line = p->toks[tok].line;
		return true;
	}
	if (sc->family == family)
		return true;
	if (!what)
		error_at(p, tok, "native_ipv6 but vrrp_instance %s is IPv4 (line %d)", name,
			 sc->family_line);
	else
		error_at(p, tok, "%s %s is IPv%c but vrrp_instance %s is IPv%c (line %d)%s", what,
			 tok_text(p, tok), ip_version(family), name, ip_version(sc->family),
			 sc->family_line, strcmp(what, "virtual_ipaddress") ? "" :
			 ": one family per instance (the other can go in virtual_ipaddress_excluded)");
	return false;
}

/* mcast_src_ip / unicast_src_ip: the IPv4 field or its IPv6 twin, by the address. */
static void instance_src(struct parser *p, const struct stmt *s, struct in_addr *v4,
			 struct in6_addr *v6)
{
	const char *kw = tok_text(p, s->kw);
	struct in6_addr a6;
	struct in_addr a4;
	int family;

	if (!one_value(p, s, "an address"))
		return;
	family = addr_value(p, s->kw + 1, kw, &a4, &a6);
	if (!family || !instance_family(p, s->kw + 1, family, kw))
		return;
	if (family == AF_INET)
		*v4 = a4;
	else
		*v6 = a6;
}

/* The keywords that came with keepalived.conf compatibility. */
static bool instance_value2(struct parser *p, struct xvrrp_instance_cfg *inst,
			    struct instance_scratch *sc, const struct stmt *s)
{
	const char *kw = tok_text(p, s->kw);
	bool on;

	if (instance_garp(p, inst, sc, s)) {
		/* done */
	} else if (!strcmp(kw, "mcast_src_ip")) {
		instance_src(p, s, &inst->mcast_src_ip, &inst->mcast_src_ip6);
	} else if (!strcmp(kw, "unicast_src_ip")) {
		instance_src(p, s, &inst->unicast_src_ip, &inst->unicast_src_ip6);
	} else if (!strcmp(kw, "native_ipv6")) {
		/* keepalived.conf(5): deprecated, the VIPs say it; also sets version 3. */
		if (no_value(p, s))
			instance_family(p, s->kw, AF_INET6, NULL);
	} else if (!strcmp(kw, "no_virtual_ipaddress")) {
		if (no_value(p, s))
			sc->no_vips_line = p->toks[s->kw].line;
	} else if (!strcmp(kw, "accept") || !strcmp(kw, "no_accept")) {
		if (no_value(p, s)) {
			inst->accept = kw[0] == 'a';
			sc->accept_set = true;
			sc->accept_line = p->toks[s->kw].line;
		}
	} else if (!strcmp(kw, "use_vmac")) {
		instance_use_vmac(p, inst, s);
	} else if (!strcmp(kw, "vmac_xmit_base")) {
		if (no_value(p, s)) {
			inst->vmac_xmit_base = true;
			sc->xmit_base_line = p->toks[s->kw].line;
		}
	} else if (!strcmp(kw, "strict_mode")) {
		if (bool_value(p, s, &on))
			sc->strict_mode = on;
	} else if (!strcmp(kw, "kernel_takeover")) {
		if (bool_value(p, s, &on))
			sc->kernel_takeover = on;
	} else if (!strcmp(kw, "net_namespace")) {
		/* xvrrp extension: keepalived reads it only at the top level. */
		if (netns_value(p, s, inst->net_namespace, sizeof(inst->net_namespace)))
			inst->netns_line = p->toks[s->kw].line;
	} else {
		return false;
	}
	return true;
}

/* Returns true when the keyword was one of the simple value keywords. */
static bool instance_value(struct parser *p, struct xvrrp_instance_cfg *inst,
			   struct instance_scratch *sc, const struct stmt *s)
{
	const char *kw = tok_text(p, s->kw);
	uint64_t us;
	uint32_t v;

	if (!strcmp(kw, "state")) {
		sc->state_line = p->toks[s->kw].line;
		sc->state_set = true;
		instance_state(p, inst, s);
	} else if (!strcmp(kw, "interface")) {
		sc->interface_given = true;
		if (string_value(p, s, inst->interface, sizeof(inst->interface),
				 "an interface name"))
			inst->interface_line = p->toks[s->kw].line;
	} else if (!strcmp(kw, "virtual_router_id")) {
		sc->vrid_given = true;
		if (uint_value(p, s, 1, 255, &v))
			inst->vrid = v;
	} else if (!strcmp(kw, "priority")) {
		if (uint_value(p, s, 1, 255, &v)) {
			inst->priority = v;
			sc->priority_set = true;
		}
	} else if (!strcmp(kw, "version")) {
		sc->version_line = p->toks[s->kw].line;
		if (uint_value(p, s, 2, 3, &v)) {
			inst->version = v;
			sc->version_set = true;
		}
	} else if (!strcmp(kw, "advert_int")) {
		/* Checked once the version is known (finish_instance). */
		if (seconds_value(p, s, "e.g. 1 or 0.5", &us)) {
			sc->adver_int_us = us;
			sc->adver_int_tok = s->kw + 1;
		}
	} else if (!strcmp(kw, "nopreempt")) {
		if (no_value(p, s)) {
			inst->nopreempt = true;
			sc->nopreempt_line = p->toks[s->kw].line;
		}
	} else if (!strcmp(kw, "preempt")) {
		if (no_value(p, s))
			inst->nopreempt = false;
	} else if (!strcmp(kw, "check_unicast_src")) {
		if (no_value(p, s))
			inst->check_unicast_src = true;
	} else if (!strcmp(kw, "preempt_delay")) {
		sc->preempt_delay_line = p->toks[s->kw].line;
		if (!seconds_value(p, s, "0-1000", &us))
			return true;
		if (us > PREEMPT_DELAY_MAX_S * US_PER_S)
			error_at(p, s->kw + 1, "preempt_delay %s is out of range (0-%d)",
				 arg(p, s, 0), PREEMPT_DELAY_MAX_S);
		else
			inst->preempt_delay_ms = (us + 500) / 1000;
	} else if (!strcmp(kw, "garp_master_delay")) {
		if (uint_value(p, s, 0, GARP_DELAY_MAX_S, &v)) {
			inst->garp_master_delay_s = v;
			sc->garp_delay_set = true;
		}
	} else if (!strcmp(kw, "garp_master_repeat")) {
		if (uint_value(p, s, 0, GARP_REPEAT_MAX, &v)) {
			inst->garp_master_repeat = v;
			sc->garp_repeat_set = true;
		}
	} else {
		return instance_value2(p, inst, sc, s);
	}
	return true;
}

/*
 * RFC 3768 §5.3.6: simple text password, up to 8 octets, zero-padded.
 * keepalived truncates a longer auth_pass the same way. auth_type AH
 * (RFC 2338 §5.3.6.2) uses the same 8 bytes as the HMAC-MD5 key.
 */
static void parse_authentication(struct parser *p, struct xvrrp_instance_cfg *inst,
				 struct stmt *s)
{
	struct stmt sub;
	bool have_pass = false;

	no_value(p, s);
	if (!need_block(p, s))
		return;
	inst->auth_type = VRRP_AUTH_PASS;
	while (block_more(p, s)) {
		const char *kw;

		read_stmt(p, &sub);
		kw = tok_text(p, sub.kw);
		if (!strcmp(kw, "auth_type")) {
			if (!one_value(p, &sub, "PASS or AH"))
				continue;
			if (!strcmp(arg(p, &sub, 0), "AH"))
				inst->auth_type = VRRP_AUTH_AH;
			else if (!strcmp(arg(p, &sub, 0), "PASS"))
				inst->auth_type = VRRP_AUTH_PASS;
			else
				error_at(p, sub.kw + 1, "unknown auth_type %s (PASS or AH)",
					 arg(p, &sub, 0));
		} else if (!strcmp(kw, "auth_pass")) {
			const char *pass;

			if (!one_value(p, &sub, "a password"))
				continue;
			pass = arg(p, &sub, 0);
			if (strlen(pass) > sizeof(inst->auth_pass))
				warn_at(p, sub.kw + 1, "auth_pass is longer than 8 characters; "
					"only the first 8 are used");
			memset(inst->auth_pass, 0, sizeof(inst->auth_pass));
			memcpy(inst->auth_pass, pass, strnlen(pass, sizeof(inst->auth_pass)));
			have_pass = true;
		} else {
			reject_unknown(p, &sub, " in authentication");
			continue;
		}
		no_block(p, &sub);
	}
	if (!have_pass)
		error_at(p, s->kw, "authentication needs an auth_pass");
}

/* Append *a (of `size` bytes) to the array *list of *n, unless it is there (1). */
static int add_unique(void **list, size_t *n, const void *a, size_t size)
{
	char *grown;
	size_t i;

	for (i = 0; i < *n; i++)
		if (!memcmp((char *)*list + i * size, a, size))
			return 1;
	grown = realloc(*list, (*n + 1) * size);
	if (!grown)
		return -1;
	memcpy(grown + *n * size, a, size);
	*list = grown;
	(*n)++;
	return 0;
}

/* unicast_peer { ADDR [min_ttl N] [max_ttl N] ... }: the instance's family. */
static int parse_unicast_peers(struct parser *p, struct xvrrp_instance_cfg *inst,
			       struct instance_scratch *sc, struct stmt *s)
{
	struct in6_addr peer6;
	struct in_addr peer;
	struct stmt sub;
	int family, rc;

	sc->unicast_given = true;
	sc->unicast_line = p->toks[s->kw].line;
	no_value(p, s);
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		no_block(p, &sub);
		family = addr_value(p, sub.kw, "unicast_peer", &peer, &peer6);
		if (!family || !instance_family(p, sub.kw, family, "unicast_peer"))
			continue;
		if (sub.argc)
			warn_at(p, sub.kw + 1, "unicast_peer option '%s' is not implemented yet; ignored",
				arg(p, &sub, 0));
		if (family == AF_INET)
			rc = add_unique((void **)&inst->unicast_peers, &inst->n_unicast_peers,
					&peer, sizeof(peer));
		else
			rc = add_unique((void **)&inst->unicast_peers6, &inst->n_unicast_peers6,
					&peer6, sizeof(peer6));
		if (rc < 0)
			return -1;
		if (rc)
			warn_at(p, sub.kw, "duplicate unicast_peer %s; ignored", tok_text(p, sub.kw));
	}
	return 0;
}

static int instance_block(struct parser *p, size_t idx, struct stmt *s)
{
	struct xvrrp_instance_cfg *inst = &p->cfg->instances[idx];
	const char *kw = tok_text(p, s->kw);

	if (!strcmp(kw, "virtual_ipaddress"))
		return parse_vip_block(p, s, VIPS_ADVERTISED, &inst->vips, &inst->n_vips);
	if (!strcmp(kw, "virtual_ipaddress_excluded"))
		return parse_vip_block(p, s, VIPS_EXCLUDED, &inst->vips_excluded,
				       &inst->n_vips_excluded);
	if (!strcmp(kw, "virtual_routes"))
		return parse_route_block(p, s, false, &inst->routes, &inst->n_routes);
	if (!strcmp(kw, "virtual_rules"))
		return parse_rule_block(p, s, false, &inst->rules, &inst->n_rules);
	if (!strcmp(kw, "unicast_peer"))
		return parse_unicast_peers(p, inst, &p->scratch[idx], s);
	if (!strcmp(kw, "track_interface"))
		return parse_track_interfaces(p, s, &inst->track_ifs, &inst->n_track_ifs);
	if (!strcmp(kw, "track_script"))
		return parse_track_refs(p, s, false, &inst->track_scripts,
					&inst->n_track_scripts);
	if (!strcmp(kw, "track_file"))
		return parse_track_refs(p, s, true, &inst->track_files, &inst->n_track_files);
	if (!strcmp(kw, "authentication")) {
		parse_authentication(p, inst, s);
		return 0;
	}
	return 1;
}

static int instance_stmt(struct parser *p, size_t idx, struct stmt *s)
{
	struct xvrrp_instance_cfg *inst = &p->cfg->instances[idx];
	const char *kw = tok_text(p, s->kw);
	int rc;

	if (instance_value(p, inst, &p->scratch[idx], s)) {
		no_block(p, s);
		return 0;
	}
	rc = instance_block(p, idx, s);
	if (rc <= 0)
		return rc;
	rc = parse_notify(p, s, &inst->notify);
	if (rc <= 0)
		return rc;
	if (is_ignored_keyword(kw))
		return note_ignored(p, s);
	if (in_list(kw, instance_unimplemented))
		ignore_unimplemented(p, s);
	else
		reject_unknown(p, s, " in vrrp_instance");
	return 0;
}

static int new_instance(struct parser *p, size_t *idx)
{
	struct xvrrp_config *cfg = p->cfg;

	if (cfg->n_instances == p->cap_instances) {
		size_t cap = p->cap_instances ? 2 * p->cap_instances : 8;
		struct xvrrp_instance_cfg *insts;
		struct instance_scratch *sc;

		insts = realloc(cfg->instances, cap * sizeof(*insts));
		if (!insts)
			return -1;
		cfg->instances = insts;
		sc = realloc(p->scratch, cap * sizeof(*sc));
		if (!sc)
			return -1;
		p->scratch = sc;
		p->cap_instances = cap;
	}
	*idx = cfg->n_instances++;
	memset(&cfg->instances[*idx], 0, sizeof(cfg->instances[*idx]));
	memset(&p->scratch[*idx], 0, sizeof(p->scratch[*idx]));
	p->scratch[*idx].strict_mode = -1;
	p->scratch[*idx].kernel_takeover = -1;
	return 0;
}

static int parse_vrrp_instance(struct parser *p, struct stmt *s)
{
	struct xvrrp_instance_cfg *inst;
	struct stmt sub;
	size_t idx;

	if (new_instance(p, &idx))
		return -1;
	inst = &p->cfg->instances[idx];
	inst->scope = tok_scope(p, s->kw);
	p->scratch[idx].file = p->toks[s->kw].file;
	inst->file = p->cfg->files[p->scratch[idx].file];
	inst->line = p->toks[s->kw].line;
	inst->state = XVRRP_INITIAL_BACKUP;
	inst->priority = 100;
	string_value(p, s, inst->name, sizeof(inst->name), "a name");
	need_block(p, s);
	while (block_more(p, s)) {
		read_stmt(p, &sub);
		if (instance_stmt(p, idx, &sub))
			return -1;
	}
	return 0;
}

/*
 * The advertisement interval field: RFC 3768 §5.3.7 (v2) is 8 bits of whole
 * seconds; RFC 5798 §5.2.7 (v3) is 12 bits of centiseconds.
 */
static void finish_adver_int(struct parser *p, struct xvrrp_instance_cfg *inst,
			     const struct instance_scratch *sc)
{
	size_t tok = sc->adver_int_tok;
	uint64_t us = sc->adver_int_us;
	uint64_t cs;

	inst->adver_int_cs = 100;
	if (!tok)
		return;
	if (inst->version == 3) {
		cs = (us + 5000) / 10000;
		if (cs < 1 || cs > 4095)
			error_at(p, tok, "advert_int %s is out of range for VRRPv3 (0.01-40.95)",
				 tok_text(p, tok));
		else
			inst->adver_int_cs = cs;
		return;
	}
	if (us % US_PER_S) {
		error_at(p, tok,
			 "advert_int %s: VRRPv2 advertises whole seconds (1-255); fractions need 'version 3'",
			 tok_text(p, tok));
		return;
	}
	if (us < US_PER_S || us > 255 * US_PER_S)
		error_at(p, tok, "advert_int %s is out of range for VRRPv2 (1-255)",
			 tok_text(p, tok));
	else
		inst->adver_int_cs = us / US_PER_S * 100;
}

/* An interface name is taken in one namespace: the instance's. */
static bool vmac_name_used(const struct xvrrp_config *cfg, const struct xvrrp_instance_cfg *inst,
			   const char *name)
{
	for (size_t i = 0; i < cfg->n_instances; i++)
		if (!strcmp(cfg->instances[i].vmac_name, name) &&
		    !strcmp(cfg->instances[i].net_namespace, inst->net_namespace))
			return true;
	return false;
}

/*
 * keepalived (vrrp.c, create_vmac_name()): vrrp.VRID, else the first name
 * no other instance has of vrrpN.VRID, N = 1, 2, ... for IPv4 and 6, 1, 2,
 * ... (6 skipped) for IPv6; so a dual-stack pair gets vrrp.VRID and
 * vrrp6.VRID. Explicit names count, and the defaults in instance order.
 */
static void default_vmac_name(const struct xvrrp_config *cfg, struct xvrrp_instance_cfg *inst)
{
	char name[IF_NAMESIZE];
	unsigned int num = 0;

	snprintf(name, sizeof(name), "vrrp.%u", inst->vrid);
	while (vmac_name_used(cfg, inst, name)) {
		if (inst->family != AF_INET6)
			num++;
		else
			num = num == 0 ? 6 : num == 6 ? 1 : num + 1 + (num == 5);
		snprintf(name, sizeof(name), "vrrp%u.%u", num, inst->vrid);
	}
	strcpy(inst->vmac_name, name);
}

/* Defaults that depend on global_defs, which may come after the instance. */
static void instance_defaults(struct parser *p, struct xvrrp_instance_cfg *inst,
			      const struct instance_scratch *sc, bool strict)
{
	const struct xvrrp_config *cfg = p->cfg;

	/*
	 * keepalived derives the one it was not given from the other: a
	 * MASTER without a priority is the address owner (255), and an
	 * instance with priority 255 starts as MASTER.
	 */
	if (!sc->priority_set && sc->state_set && inst->state == XVRRP_INITIAL_MASTER)
		inst->priority = PRIORITY_OWNER;
	if (!sc->state_set && inst->priority == PRIORITY_OWNER)
		inst->state = XVRRP_INITIAL_MASTER;
	/* keepalived (vrrp_complete_instance): IPv6 is VRRPv3 whatever vrrp_version says. */
	if (!sc->version_set)
		inst->version = inst->family == AF_INET6 ? 3 : cfg->vrrp_version;
	if (!sc->garp_delay_set)
		inst->garp_master_delay_s = cfg->garp_master_delay_s;
	if (!sc->garp_repeat_set)
		inst->garp_master_repeat = cfg->garp_master_repeat;
	if (!sc->garp_refresh_set)
		inst->garp_master_refresh_s = cfg->garp_master_refresh_s;
	if (!sc->garp_refresh_repeat_set)
		inst->garp_master_refresh_repeat = cfg->garp_master_refresh_repeat;
	/* keepalived: lower-priority GARPs default to the global value, 0 in strict mode. */
	if (!sc->lower_prio_delay_set)
		inst->garp_lower_prio_delay_s = strict ? 0 : cfg->garp_lower_prio_delay_s;
	if (!sc->lower_prio_repeat_set)
		inst->garp_lower_prio_repeat = strict ? 0 : cfg->garp_lower_prio_repeat;
	/* keepalived: accept unless strict, and always for the address owner. */
	if (!sc->accept_set)
		inst->accept = inst->priority == PRIORITY_OWNER || !strict;
	if (inst->use_vmac && !inst->vmac_name[0])
		default_vmac_name(cfg, inst);
}

/*
 * vrrp_strict (keepalived.conf(5)): what keepalived refuses it refuses here
 * too (unicast peers, no VIP); what it resets with a message, xvrrp resets
 * with a warning, in keepalived's order.
 */
static void apply_strict(struct parser *p, struct xvrrp_instance_cfg *inst,
			 const struct instance_scratch *sc)
{
	unsigned int file = sc->file;
	bool owner = inst->priority == PRIORITY_OWNER;

	/* RFC 5798 §6.4.1: only the address owner starts as master at once. */
	if ((inst->state == XVRRP_INITIAL_MASTER) != owner) {
		warn_line(p, file, sc->state_line ? sc->state_line : inst->line,
			  "vrrp_instance %s: vrrp_strict: state MASTER must match being the address owner "
			  "(priority 255); state set to %s", inst->name, owner ? "MASTER" : "BACKUP");
		inst->state = owner ? XVRRP_INITIAL_MASTER : XVRRP_INITIAL_BACKUP;
	}
	if (inst->auth_type) {
		warn_line(p, file, inst->line,
			  "vrrp_instance %s: vrrp_strict does not allow authentication; ignored",
			  inst->name);
		inst->auth_type = VRRP_AUTH_NONE;
		memset(inst->auth_pass, 0, sizeof(inst->auth_pass));
	}
	if (inst->n_unicast_peers || inst->n_unicast_peers6)
		error_line(p, file, sc->unicast_line,
			   "vrrp_instance %s: vrrp_strict does not allow unicast_peer", inst->name);
	if (inst->preempt_delay_ms) {
		warn_line(p, file, sc->preempt_delay_line,
			  "vrrp_instance %s: vrrp_strict does not allow preempt_delay; set to 0",
			  inst->name);
		inst->preempt_delay_ms = 0;
	}
	/* RFC 3768 has no Accept_Mode: a VRRPv2 non-owner may not accept. */
	if (inst->accept && !owner && inst->version == 2) {
		warn_line(p, file, sc->accept_line ? sc->accept_line : inst->line,
			  "vrrp_instance %s: vrrp_strict: accept mode with VRRP version 2 does not "
			  "comply with RFC 3768; set to no_accept", inst->name);
		inst->accept = false;
	}
	if (sc->lower_prio_repeat_set && inst->garp_lower_prio_repeat) {
		warn_line(p, file, sc->lower_prio_repeat_line,
			  "vrrp_instance %s: vrrp_strict does not allow garp_lower_prio_repeat; set to 0",
			  inst->name);
		inst->garp_lower_prio_repeat = 0;
	}
	if (sc->lower_prio_delay_set && inst->garp_lower_prio_delay_s) {
		warn_line(p, file, sc->lower_prio_delay_line,
			  "vrrp_instance %s: vrrp_strict does not allow garp_lower_prio_delay; set to 0",
			  inst->name);
		inst->garp_lower_prio_delay_s = 0;
	}
	if (inst->vmac_xmit_base) {
		warn_line(p, file, sc->xmit_base_line,
			  "vrrp_instance %s: vrrp_strict does not allow vmac_xmit_base; ignored",
			  inst->name);
		inst->vmac_xmit_base = false;
	}
}

/* keepalived's consistency fixes that apply with or without vrrp_strict. */
static void fix_preempt(struct parser *p, struct xvrrp_instance_cfg *inst,
			const struct instance_scratch *sc)
{
	unsigned int file = sc->file;

	if (inst->nopreempt && inst->priority == PRIORITY_OWNER) {
		warn_line(p, file, sc->nopreempt_line,
			  "'nopreempt' has no effect with priority 255");
		inst->nopreempt = false;
	}
	/* keepalived.conf(5): nopreempt only works when the initial state is not MASTER. */
	if (inst->nopreempt && inst->state == XVRRP_INITIAL_MASTER) {
		warn_line(p, file, sc->nopreempt_line,
			  "'nopreempt' has no effect with 'state MASTER'");
		inst->nopreempt = false;
	}
	if (inst->preempt_delay_ms && inst->state == XVRRP_INITIAL_MASTER) {
		warn_line(p, file, sc->preempt_delay_line,
			  "'preempt_delay' has no effect with 'state MASTER'");
		inst->preempt_delay_ms = 0;
	}
	if (inst->preempt_delay_ms && inst->nopreempt) {
		warn_line(p, file, sc->preempt_delay_line,
			  "'preempt_delay' has no effect with 'nopreempt'");
		inst->preempt_delay_ms = 0;
	}
}

static void check_unicast_vmac(struct parser *p, struct xvrrp_instance_cfg *inst,
			       const struct instance_scratch *sc)
{
	unsigned int file = sc->file;
	bool unicast = inst->n_unicast_peers || inst->n_unicast_peers6;

	/* keepalived 2.2: an empty unicast_peer block means multicast, with a warning. */
	if (sc->unicast_given && !unicast)
		warn_line(p, file, sc->unicast_line,
			  "vrrp_instance %s: unicast_peer lists no address; advertising by multicast, "
			  "as keepalived does", inst->name);
	if (inst->vmac_xmit_base && !inst->use_vmac) {
		warn_line(p, file, sc->xmit_base_line,
			  "vrrp_instance %s: vmac_xmit_base is only valid with use_vmac; ignored",
			  inst->name);
		inst->vmac_xmit_base = false;
	}
	/* keepalived.conf(5): "If using use_vmac with unicast peers, vmac_xmit_base must be set." */
	if (inst->use_vmac && unicast && !inst->vmac_xmit_base) {
		warn_line(p, file, inst->line,
			  "vrrp_instance %s: use_vmac with unicast_peer needs vmac_xmit_base; set",
			  inst->name);
		inst->vmac_xmit_base = true;
	}
}

/*
 * An IPv6 instance (keepalived's vrrp_complete_instance): version 3 (an
 * explicit "version 2" is refused; keepalived ignores it, or in strict mode
 * sets 3 with an error), and RFC 5798 §5.2.9's link-local first address when
 * advertising by multicast: required with vrrp_strict, else a warning
 * (keepalived: "must be" with an error / "should be" in its log).
 */
static void check_ipv6(struct parser *p, const struct xvrrp_instance_cfg *inst,
		       const struct instance_scratch *sc)
{
	unsigned int file = sc->file;

	if (inst->family != AF_INET6)
		return;
	if (sc->version_set && inst->version == 2)
		error_line(p, file, sc->version_line,
			   "version 2: vrrp_instance %s is IPv6 (line %d), which needs VRRP version 3 "
			   "(RFC 5798)", inst->name, sc->family_line);
	if (!inst->n_vips || inst->n_unicast_peers6 ||
	    IN6_IS_ADDR_LINKLOCAL(&inst->vips[0].addr.v6))
		return;
	if (inst->strict)
		error_line(p, file, inst->vips[0].line, "vrrp_instance %s: vrrp_strict: the first IPv6 "
			   "virtual_ipaddress must be link-local (RFC 5798 section 5.2.9)", inst->name);
	else
		warn_line(p, file, inst->vips[0].line, "vrrp_instance %s: the first IPv6 "
			  "virtual_ipaddress should be link-local (RFC 5798 section 5.2.9)", inst->name);
}

/*
 * keepalived: "No VIP specified; at least one is required" for v3 and
 * strict, unless no_virtual_ipaddress (keepalived 2.2.8), which strict mode
 * clears.
 */
static void check_no_vips(struct parser *p, const struct xvrrp_instance_cfg *inst,
			  const struct instance_scratch *sc)
{
	unsigned int file = sc->file;
	bool allowed = sc->no_vips_line;

	if (allowed && inst->strict) {
		warn_line(p, file, sc->no_vips_line, "vrrp_instance %s: vrrp_strict does not allow "
			  "no_virtual_ipaddress; ignored", inst->name);
		allowed = false;
	}
	if (inst->n_vips || allowed)
		return;
	if (inst->strict || inst->version == 3)
		error_line(p, file, inst->line,
			   "vrrp_instance %s has no virtual_ipaddress (VRRPv3 and vrrp_strict need one)",
			   inst->name);
	else
		warn_line(p, file, inst->line, "vrrp_instance %s has no virtual_ipaddress",
			  inst->name);
}

static void finish_instance(struct parser *p, size_t idx)
{
	struct xvrrp_config *cfg = p->cfg;
	struct xvrrp_instance_cfg *inst = &cfg->instances[idx];
	const struct instance_scratch *sc = &p->scratch[idx];
	unsigned int file = sc->file;
	bool strict = sc->strict_mode < 0 ? cfg->strict : sc->strict_mode;

	inst->strict = strict;
	/* Naming the top-level namespace is being in it, as an instance that names none. */
	if (!strcmp(inst->net_namespace, cfg->net_namespace)) {
		inst->net_namespace[0] = '\0';
		inst->netns_line = 0;
	}
	inst->kernel_takeover = sc->kernel_takeover < 0 ? cfg->kernel_takeover : sc->kernel_takeover;
	/* keepalived: IPv4 when nothing said otherwise (no address at all). */
	inst->family = sc->family ? sc->family : AF_INET;
	instance_defaults(p, inst, sc, strict);
	finish_adver_int(p, inst, sc);
	if (!sc->vrid_given)
		error_line(p, file, inst->line, "vrrp_instance %s has no virtual_router_id",
			   inst->name);
	if (!sc->interface_given)
		error_line(p, file, inst->line, "vrrp_instance %s has no interface",
			   inst->name);
	check_ipv6(p, inst, sc);
	check_no_vips(p, inst, sc);
	if (strict)
		apply_strict(p, inst, sc);
	fix_preempt(p, inst, sc);
	check_unicast_vmac(p, inst, sc);
	/* RFC 5798 §9 removed authentication from VRRPv3; keepalived ignores it there too. */
	if (inst->auth_type && inst->version == 3) {
		warn_line(p, file, inst->line,
			  "vrrp_instance %s: authentication is ignored with VRRP version 3",
			  inst->name);
		inst->auth_type = VRRP_AUTH_NONE;
		memset(inst->auth_pass, 0, sizeof(inst->auth_pass));
	}
}

/* By scope (a directory's file), then name: names are unique in a scope. */
static int cmp_by_name(const void *a, const void *b)
{
	const struct xvrrp_instance_cfg *x = *(const struct xvrrp_instance_cfg *const *)a;
	const struct xvrrp_instance_cfg *y = *(const struct xvrrp_instance_cfg *const *)b;
	int c = (x->scope > y->scope) - (x->scope < y->scope);

	if (!c)
		c = strcmp(x->name, y->name);
	return c ? c : (x > y) - (x < y);
}

/*
 * By namespace, interface, family, VRID: one virtual router each (RFC 5798
 * §1.3 and §7.3); an interface name means one link per namespace.
 */
static int cmp_by_vrid(const void *a, const void *b)
{
	const struct xvrrp_instance_cfg *x = *(const struct xvrrp_instance_cfg *const *)a;
	const struct xvrrp_instance_cfg *y = *(const struct xvrrp_instance_cfg *const *)b;
	int c = strcmp(x->net_namespace, y->net_namespace);

	if (!c)
		c = strcmp(x->interface, y->interface);
	if (!c)
		c = x->family - y->family;
	if (!c)
		c = (int)x->vrid - (int)y->vrid;
	return c ? c : (x > y) - (x < y);
}

static void instance_error(struct parser *p, const struct xvrrp_instance_cfg *inst,
			   const char *what, const struct xvrrp_instance_cfg *first)
{
	fprintf(p->err, "%s:%d: %s (vrrp_instance %s at %s:%d)\n", inst->file,
		inst->line, what, first->name, first->file, first->line);
	p->n_errors++;
}

/*
 * Names must be unique (in a directory: in each file); and a VRID identifies one virtual router on a LAN
 * (RFC 5798 §1.3), so two instances may not share it on one interface,
 * unless one is IPv4 and the other IPv6 (two virtual routers, RFC 5798
 * §7.3; keepalived's check_vrid_conflicts). Sorting keeps this O(n log n)
 * for thousands of instances.
 */
static int check_instances(struct parser *p)
{
	struct xvrrp_config *cfg = p->cfg;
	struct xvrrp_instance_cfg **v;
	char what[NAME_MAX + 128];
	size_t i;

	if (cfg->n_instances < 2)
		return 0;
	v = calloc(cfg->n_instances, sizeof(*v));
	if (!v)
		return -1;
	for (i = 0; i < cfg->n_instances; i++)
		v[i] = &cfg->instances[i];
	qsort(v, cfg->n_instances, sizeof(*v), cmp_by_name);
	for (i = 1; i < cfg->n_instances; i++)
		if (v[i]->name[0] && v[i]->scope == v[i - 1]->scope &&
		    !strcmp(v[i]->name, v[i - 1]->name))
			instance_error(p, v[i], "duplicate vrrp_instance name", v[i - 1]);
	qsort(v, cfg->n_instances, sizeof(*v), cmp_by_vrid);
	for (i = 1; i < cfg->n_instances; i++) {
		if (!v[i]->vrid || !v[i]->interface[0] ||
		    v[i]->vrid != v[i - 1]->vrid || v[i]->family != v[i - 1]->family ||
		    strcmp(v[i]->interface, v[i - 1]->interface) ||
		    strcmp(v[i]->net_namespace, v[i - 1]->net_namespace))
			continue;
		snprintf(what, sizeof(what), "virtual_router_id %u is already used on %s%s%s%s",
			 v[i]->vrid, v[i]->interface,
			 v[i]->net_namespace[0] ? " in net_namespace " : "", v[i]->net_namespace,
			 v[i]->family == AF_INET6 ? " for IPv6" : "");
		instance_error(p, v[i], what, v[i - 1]);
	}
	free(v);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Top level                                                           */

static const char *const top_unimplemented[] = {
	"child_wait_time", "garp_group", "instance", "interface_up_down_delays",
	"linkbeat_interfaces", "linkbeat_use_polling", "namespace_with_ipsets",
	"track_group", "use_pid_dir", "vrrp_track_process",
	NULL
};

static int top_keyword(struct parser *p, struct stmt *s)
{
	struct xvrrp_config *cfg = p->cfg;
	const char *kw = tok_text(p, s->kw);

	if (!strcmp(kw, "global_defs"))
		return parse_global_defs(p, s);
	if (!strcmp(kw, "vrrp_instance"))
		return parse_vrrp_instance(p, s);
	if (!strcmp(kw, "vrrp_script"))
		return parse_vrrp_script(p, s);
	if (!strcmp(kw, "vrrp_track_file") || !strcmp(kw, "track_file"))
		return parse_track_file_def(p, s);
	if (!strcmp(kw, "vrrp_sync_group"))
		return parse_sync_group(p, s);
	if (!strcmp(kw, "static_ipaddress"))
		return parse_vip_block(p, s, VIPS_STATIC, &cfg->static_addrs,
				       &cfg->n_static_addrs);
	if (!strcmp(kw, "static_routes"))
		return parse_route_block(p, s, true, &cfg->static_routes,
					 &cfg->n_static_routes);
	if (!strcmp(kw, "static_rules"))
		return parse_rule_block(p, s, true, &cfg->static_rules, &cfg->n_static_rules);
	if (!strcmp(kw, "net_namespace")) {
		/* In a directory, the namespace of this file's instances (config_dir.c). */
		struct scope *sc = p->scope ? &p->scopes[p->scope - 1] : NULL;

		if (!sc) {
			netns_value(p, s, cfg->net_namespace, sizeof(cfg->net_namespace));
		} else if (netns_value(p, s, sc->netns, sizeof(sc->netns))) {
			sc->netns_given = true;
			sc->netns_file = p->toks[s->kw].file;
			sc->netns_line = p->toks[s->kw].line;
		}
		no_block(p, s);
		return 0;
	}
	if (is_ignored_keyword(kw))
		return note_ignored(p, s);
	if (in_list(kw, top_unimplemented))
		ignore_unimplemented(p, s);
	else
		reject_unknown(p, s, "");
	return 0;
}

static int top_stmt(struct parser *p)
{
	struct stmt s;

	if (is_brace(p, p->pos, '}')) {
		error_at(p, p->pos, "unexpected '}' (no block is open)");
		p->pos++;
		return 0;
	}
	if (is_brace(p, p->pos, '{')) {
		s.kw = s.open = p->pos++;
		s.argc = 0;
		s.block = true;
		error_at(p, s.open, "unexpected '{' (a block needs a keyword before it)");
		skip_block(p, &s);
		return 0;
	}
	read_stmt(p, &s);
	return top_keyword(p, &s);
}

int parse_top(struct parser *p)
{
	while (!at_end(p))
		if (top_stmt(p))
			return -1;
	return 0;
}

/* The lower-priority GARP settings default to the master ones (keepalived.conf(5)). */
void global_finish(struct parser *p)
{
	if (!p->lower_prio_set[0])
		p->cfg->garp_lower_prio_delay_s = p->cfg->garp_master_delay_s;
	if (!p->lower_prio_set[1])
		p->cfg->garp_lower_prio_repeat = p->cfg->garp_master_repeat;
}

/* A VIP and the interface whose XDP program answers for it: its instance's. */
struct vip_use {
	const struct xvrrp_instance_cfg *inst;
	const struct xvrrp_vip_cfg *vip;
};

static int cmp_vip_use(const void *a, const void *b)
{
	const struct vip_use *x = a, *y = b;
	int c = strcmp(x->inst->net_namespace, y->inst->net_namespace);

	if (!c)
		c = strcmp(x->inst->interface, y->inst->interface);
	if (!c)
		c = x->vip->family - y->vip->family;
	if (!c)
		c = memcmp(&x->vip->addr, &y->vip->addr,
			   x->vip->family == AF_INET6 ? sizeof(struct in6_addr) : sizeof(struct in_addr));
	if (!c)
		c = (x->inst > y->inst) - (x->inst < y->inst);
	return c ? c : (x->vip > y->vip) - (x->vip < y->vip);
}

/*
 * One address in two instances on one interface (virtual_ipaddress or
 * _excluded): keepalived lets it be, but the two virtual routers then share
 * one entry of the interface's owned-VIP map and one address on the host:
 * whichever became master last answers for it, and either one leaving
 * withdraws it. Said once per pair; sorting keeps it O(n log n).
 */
static int check_shared_vips(struct parser *p)
{
	const struct xvrrp_config *cfg = p->cfg;
	struct vip_use *u;
	size_t n = 0, i;
	char a[INET6_ADDRSTRLEN];

	for (i = 0; i < cfg->n_instances; i++)
		n += cfg->instances[i].n_vips + cfg->instances[i].n_vips_excluded;
	if (n < 2)
		return 0;
	u = calloc(n, sizeof(*u));
	if (!u)
		return -1;
	n = 0;
	for (i = 0; i < cfg->n_instances; i++) {
		const struct xvrrp_instance_cfg *c = &cfg->instances[i];

		for (size_t k = 0; k < c->n_vips + c->n_vips_excluded; k++)
			u[n++] = (struct vip_use){ c, k < c->n_vips ? &c->vips[k] :
							     &c->vips_excluded[k - c->n_vips] };
	}
	qsort(u, n, sizeof(*u), cmp_vip_use);
	for (i = 1; i < n; i++) {
		const struct vip_use *x = &u[i - 1], *y = &u[i];

		if (x->inst == y->inst || strcmp(x->inst->net_namespace, y->inst->net_namespace) ||
		    strcmp(x->inst->interface, y->inst->interface) ||
		    x->vip->family != y->vip->family ||
		    memcmp(&x->vip->addr, &y->vip->addr, x->vip->family == AF_INET6 ? 16 : 4))
			continue;
		fprintf(p->err, "%s:%d: warning: %s is also a VIP of vrrp_instance %s (%s:%d) on %s: "
			"the two share it, so whichever is master last answers for it and either "
			"one leaving withdraws it\n", y->inst->file, y->vip->line,
			inet_ntop(y->vip->family, &y->vip->addr, a, sizeof(a)), x->inst->name,
			x->inst->file, x->vip->line, y->inst->interface);
	}
	free(u);
	return 0;
}

static int parse(struct parser *p)
{
	size_t i;

	if (p->n_scopes) {
		/* A directory: file by file, and each file's namespace to its instances. */
		if (parse_scopes(p))
			return -1;
		scopes_netns(p);
	} else {
		p->end = p->n_toks;
		if (parse_top(p))
			return -1;
		global_finish(p);
	}
	for (i = 0; i < p->cfg->n_instances; i++)
		finish_instance(p, i);
	check_tracking(p);
	check_sync_groups(p);
	return check_instances(p) || check_shared_vips(p) ? -1 : 0;
}

static void free_instance(struct xvrrp_instance_cfg *inst)
{
	free(inst->vips);
	free(inst->unicast_peers);
	free(inst->unicast_peers6);
	free(inst->vips_excluded);
	free(inst->routes);
	free(inst->rules);
	free(inst->track_ifs);
	free(inst->track_scripts);
	free(inst->track_files);
	free_notify(&inst->notify);
}

void xvrrp_config_free(struct xvrrp_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->n_instances; i++)
		free_instance(&cfg->instances[i]);
	free(cfg->instances);
	for (i = 0; i < cfg->n_scripts; i++)
		free(cfg->scripts[i].script);
	free(cfg->scripts);
	for (i = 0; i < cfg->n_track_files; i++)
		free(cfg->track_files[i].path);
	free(cfg->track_files);
	for (i = 0; i < cfg->n_sync_groups; i++) {
		free(cfg->sync_groups[i].members);
		free_notify(&cfg->sync_groups[i].notify);
	}
	free(cfg->sync_groups);
	free(cfg->static_addrs);
	free(cfg->static_routes);
	free(cfg->static_rules);
	for (i = 0; i < cfg->n_files; i++)
		free(cfg->files[i]);
	free(cfg->files);
	memset(cfg, 0, sizeof(*cfg));
}

/* keepalived's global defaults (keepalived.conf(5), global_defs). */
void global_defaults(struct xvrrp_config *cfg)
{
	memset(cfg->router_id, 0, sizeof(cfg->router_id));
	cfg->vrrp_version = 2;
	cfg->garp_master_refresh_s = 0;
	cfg->garp_lower_prio_delay_s = cfg->garp_lower_prio_repeat = 0;
	cfg->check_unicast_src = cfg->skip_check_adv_addr = cfg->strict = false;
	cfg->enable_script_security = false;
	memset(cfg->script_user, 0, sizeof(cfg->script_user));
	memset(cfg->script_group, 0, sizeof(cfg->script_group));
	cfg->startup_delay_ms = 0;
	cfg->garp_master_delay_s = 5;
	cfg->garp_master_repeat = 5;
	cfg->garp_master_refresh_repeat = 1;
	cfg->kernel_takeover = true;
	inet_pton(AF_INET, "224.0.0.18", &cfg->mcast_group4);
	inet_pton(AF_INET6, "ff02::12", &cfg->mcast_group6);
}

static void config_defaults(struct xvrrp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	global_defaults(cfg);
}

static void parser_free(struct parser *p)
{
	size_t i;

	pop_tokens(p, 0);
	free(p->toks);
	free(p->scratch);
	for (i = 0; i < p->cfg->n_sync_groups; i++)
		free(p->groups[i].member_lines);
	free(p->groups);
	free(p->script_files);
	for (i = 0; i < p->n_ignored_seen; i++)
		free(p->ignored_seen[i]);
	free(p->ignored_seen);
	free(p->cycles_said);
	free(p->file_scope);
	free(p->global_kws);
	free_scopes(p);
}

int xvrrp_config_load_opts(const char *path, const struct xvrrp_config_opts *opts,
			   struct xvrrp_config *cfg, FILE *err)
{
	static const struct xvrrp_config_opts no_opts;
	struct parser p = {
		.cfg = cfg, .opts = opts ? opts : &no_opts, .err = err ? err : stderr,
	};
	int ret;

	config_defaults(cfg);
	ret = is_config_dir(path) ? lex_dir(&p, path) : lex_file(&p, path, 0, 0, 0);
	if (ret == 0)
		ret = parse(&p);
	if (ret)
		fprintf(p.err, "%s: out of memory\n", path);
	parser_free(&p);
	if (ret || p.n_errors) {
		xvrrp_config_free(cfg);
		return -1;
	}
	return 0;
}

int xvrrp_config_load(const char *path, struct xvrrp_config *cfg, FILE *err)
{
	return xvrrp_config_load_opts(path, NULL, cfg, err);
}
