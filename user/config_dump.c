// SPDX-License-Identifier: GPL-2.0-only
/*
 * The effective configuration, back in keepalived syntax
 * (`xvrrp check-config --dump`), and the instance comparison a reload uses.
 *
 * Every value is printed, defaults included, so that what runs can be
 * diffed against what was meant; and the output loads again into an equal
 * configuration (tests/test_config.c checks the round trip), a directory's
 * too (one file, names qualified where files repeat them; test_config_dir.c).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include "config.h"
#include "xvrrp_wire.h"

/* ------------------------------------------------------------------ */
/* Dump                                                                */

/* A string as one keepalived word: quoted, with '"' and '\' escaped. */
static void put_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

/* " KW VALUE" for an optional name (device, label), nothing when it is empty. */
static void put_opt_name(FILE *out, const char *kw, const char *value)
{
	if (!value[0])
		return;
	fprintf(out, " %s ", kw);
	put_quoted(out, value);
}

/*
 * A directory's files each have their own names (the scope of
 * xvrrp_instance_cfg): VR_1 and its ha_health_check_1 in every router's
 * file. One file must name them apart to load again, so a name that
 * another file has too is dumped as NAME@SCOPE; as (NAME, SCOPE) is unique,
 * so is that (the scope is what follows the last '@').
 */
enum name_kind { NAME_INSTANCE, NAME_SCRIPT, NAME_TRACK_FILE, NAME_GROUP };

static bool name_in_other_scope(const struct xvrrp_config *cfg, enum name_kind kind,
				const char *name, unsigned int scope)
{
	size_t i, n = kind == NAME_INSTANCE ? cfg->n_instances : kind == NAME_SCRIPT ?
		      cfg->n_scripts : kind == NAME_TRACK_FILE ? cfg->n_track_files :
		      cfg->n_sync_groups;

	for (i = 0; i < n; i++) {
		const char *other;
		unsigned int in;

		switch (kind) {
		case NAME_INSTANCE:
			other = cfg->instances[i].name;
			in = cfg->instances[i].scope;
			break;
		case NAME_SCRIPT:
			other = cfg->scripts[i].name;
			in = cfg->scripts[i].scope;
			break;
		case NAME_TRACK_FILE:
			other = cfg->track_files[i].name;
			in = cfg->track_files[i].scope;
			break;
		default:
			other = cfg->sync_groups[i].name;
			in = cfg->sync_groups[i].scope;
			break;
		}
		if (in != scope && !strcmp(other, name))
			return true;
	}
	return false;
}

static void put_name(FILE *out, const struct xvrrp_config *cfg, enum name_kind kind,
		     const char *name, unsigned int scope)
{
	char suffix[16], q[XVRRP_NAME_MAX];
	int keep;

	if (!scope || !name_in_other_scope(cfg, kind, name, scope)) {
		put_quoted(out, name);
		return;
	}
	/* Within XVRRP_NAME_MAX: a name that long loses its end, not its scope. */
	keep = snprintf(suffix, sizeof(suffix), "@%u", scope);
	keep = (int)sizeof(q) - 1 - keep;
	snprintf(q, sizeof(q), "%.*s%s", keep, name, suffix);
	put_quoted(out, q);
}

static const char *ip4(struct in_addr a, char *buf)
{
	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* Milliseconds as keepalived's <TIMER> seconds. */
static void put_ms(FILE *out, const char *kw, uint32_t ms, const char *indent)
{
	fprintf(out, "%s%s %u.%03u\n", indent, kw, ms / 1000, ms % 1000);
}

/* "KW {", one line per entry (one()), "}"; nothing for an empty list. */
#define dump_block(out, kw, list, n, one, indent)				\
	do {									\
		if (!(n))							\
			break;							\
		fprintf(out, "%s%s {\n", indent, kw);				\
		for (size_t i_ = 0; i_ < (n); i_++)				\
			one(out, &(list)[i_]);					\
		fprintf(out, "%s}\n", indent);					\
	} while (0)

static void dump_vip(FILE *out, const struct xvrrp_vip_cfg *v)
{
	char a[INET6_ADDRSTRLEN];

	fprintf(out, "        %s/%u", inet_ntop(v->family, &v->addr, a, sizeof(a)), v->prefixlen);
	if (v->brd.s_addr)
		fprintf(out, " brd %s", ip4(v->brd, a));
	put_opt_name(out, "dev", v->dev);
	fprintf(out, " scope %u", v->scope);
	put_opt_name(out, "label", v->label);
	if (v->no_track)
		fputs(" no_track", out);
	fputc('\n', out);
}

const char *xvrrp_route_type_name(uint8_t type)
{
	switch (type) {
	case RTN_BLACKHOLE: return "blackhole ";
	case RTN_UNREACHABLE: return "unreachable ";
	case RTN_PROHIBIT: return "prohibit ";
	default: return "";
	}
}

static void dump_route(FILE *out, const struct xvrrp_route_cfg *r)
{
	char a[INET6_ADDRSTRLEN];
	bool v6 = r->family == AF_INET6;

	fprintf(out, "        %s", xvrrp_route_type_name(r->type));
	if (xvrrp_route_has_src(r))
		fprintf(out, "src %s ", inet_ntop(r->family, v6 ? (void *)&r->src6 : (void *)&r->src,
						  a, sizeof(a)));
	fprintf(out, "%s/%u", inet_ntop(r->family, v6 ? (void *)&r->dst6 : (void *)&r->dst, a,
					sizeof(a)), r->dst_len);
	if (xvrrp_route_has_via(r))
		fprintf(out, " via %s", inet_ntop(r->family, v6 ? (void *)&r->via6 : (void *)&r->via,
						  a, sizeof(a)));
	put_opt_name(out, "dev", r->dev);
	if (r->scope >= 0)
		fprintf(out, " scope %d", r->scope);
	if (r->table)
		fprintf(out, " table %u", r->table);
	if (r->metric >= 0)
		fprintf(out, " metric %lld", (long long)r->metric);
	if (r->protocol >= 0)
		fprintf(out, " protocol %d", r->protocol);
	if (r->no_track)
		fputs(" no_track", out);
	fputc('\n', out);
}

/* A rule's from or to, unless "all" (no text). */
static bool rule_addr_text(int family, const struct in_addr *v4, const struct in6_addr *v6,
			   uint8_t len, char *buf, size_t size)
{
	size_t n;

	if (!len && (family == AF_INET6 ? IN6_IS_ADDR_UNSPECIFIED(v6) : !v4->s_addr))
		return false;
	inet_ntop(family, family == AF_INET6 ? (const void *)v6 : (const void *)v4, buf, size);
	n = strlen(buf);
	snprintf(buf + n, size - n, "/%u", len);
	return true;
}

static void dump_rule(FILE *out, const struct xvrrp_rule_cfg *r)
{
	char from[INET6_ADDRSTRLEN + 4], to[INET6_ADDRSTRLEN + 4];
	bool has_from = rule_addr_text(r->family, &r->from, &r->from6, r->from_len, from,
				       sizeof(from));
	bool has_to = rule_addr_text(r->family, &r->to, &r->to6, r->to_len, to, sizeof(to));

	fputs("       ", out);
	/* keepalived's own dump says inet6 when no address says it. */
	if (r->family == AF_INET6 && !has_from && !has_to)
		fputs(" inet6", out);
	if (has_from)
		fprintf(out, " from %s", from);
	if (has_to)
		fprintf(out, " to %s", to);
	fprintf(out, " table %u", r->table);
	if (r->priority >= 0)
		fprintf(out, " priority %lld", (long long)r->priority);
	put_opt_name(out, "iif", r->iif);
	put_opt_name(out, "oif", r->oif);
	if (r->no_track)
		fputs(" no_track", out);
	fputc('\n', out);
}

static void dump_notify(FILE *out, const struct xvrrp_notify_cfg *n)
{
	static const struct { const char *kw; size_t off; } slots[] = {
		{ "notify_master", offsetof(struct xvrrp_notify_cfg, notify_master) },
		{ "notify_backup", offsetof(struct xvrrp_notify_cfg, notify_backup) },
		{ "notify_fault", offsetof(struct xvrrp_notify_cfg, notify_fault) },
		{ "notify_stop", offsetof(struct xvrrp_notify_cfg, notify_stop) },
		{ "notify", offsetof(struct xvrrp_notify_cfg, notify) },
	};
	size_t i;

	for (i = 0; i < sizeof(slots) / sizeof(slots[0]); i++) {
		const char *cmd = *(char *const *)((const char *)n + slots[i].off);

		if (!cmd)
			continue;
		fprintf(out, "    %s ", slots[i].kw);
		put_quoted(out, cmd);
		fputc('\n', out);
	}
}

static void dump_weight(FILE *out, int weight, bool reverse)
{
	fprintf(out, " weight %d%s", weight, reverse ? " reverse" : "");
}

static void dump_tracking(FILE *out, const struct xvrrp_config *cfg,
			  const struct xvrrp_instance_cfg *inst)
{
	size_t i;

	if (inst->n_track_ifs) {
		fputs("    track_interface {\n", out);
		for (i = 0; i < inst->n_track_ifs; i++) {
			fputs("        ", out);
			put_quoted(out, inst->track_ifs[i].name);
			dump_weight(out, inst->track_ifs[i].weight,
				    inst->track_ifs[i].weight_reverse);
			fputc('\n', out);
		}
		fputs("    }\n", out);
	}
	for (i = 0; i < inst->n_track_scripts + inst->n_track_files; i++) {
		bool file = i >= inst->n_track_scripts;
		const struct xvrrp_track_ref_cfg *t = file ?
			&inst->track_files[i - inst->n_track_scripts] : &inst->track_scripts[i];

		if (i == 0 || i == inst->n_track_scripts)
			fprintf(out, "    %s {\n", file ? "track_file" : "track_script");
		fputs("        ", out);
		put_name(out, cfg, file ? NAME_TRACK_FILE : NAME_SCRIPT, t->name, inst->scope);
		if (t->weight_set)
			dump_weight(out, t->weight, t->weight_reverse);
		fputc('\n', out);
		if (i + 1 == inst->n_track_scripts || i + 1 == inst->n_track_scripts +
		    inst->n_track_files)
			fputs("    }\n", out);
	}
}

/* "    KW ADDR" for a source address of either family, nothing when unset. */
static void put_src(FILE *out, const char *kw, const struct in_addr *v4, const struct in6_addr *v6)
{
	char a[INET6_ADDRSTRLEN];

	if (v4->s_addr)
		fprintf(out, "    %s %s\n", kw, inet_ntop(AF_INET, v4, a, sizeof(a)));
	else if (!IN6_IS_ADDR_UNSPECIFIED(v6))
		fprintf(out, "    %s %s\n", kw, inet_ntop(AF_INET6, v6, a, sizeof(a)));
}

/*
 * The family keywords: the first address says it, so native_ipv6 only when
 * there is no VIP (keepalived 2.2.8's no_virtual_ipaddress then), before any
 * source or peer address.
 */
static void dump_unicast(FILE *out, const struct xvrrp_instance_cfg *inst)
{
	char a[INET6_ADDRSTRLEN];
	size_t i;

	if (!inst->n_vips)
		fputs(inst->family == AF_INET6 ? "    native_ipv6\n    no_virtual_ipaddress\n"
					       : "    no_virtual_ipaddress\n", out);
	put_src(out, "mcast_src_ip", &inst->mcast_src_ip, &inst->mcast_src_ip6);
	put_src(out, "unicast_src_ip", &inst->unicast_src_ip, &inst->unicast_src_ip6);
	if (!inst->n_unicast_peers && !inst->n_unicast_peers6)
		return;
	fputs("    unicast_peer {\n", out);
	for (i = 0; i < inst->n_unicast_peers; i++)
		fprintf(out, "        %s\n", ip4(inst->unicast_peers[i], a));
	for (i = 0; i < inst->n_unicast_peers6; i++)
		fprintf(out, "        %s\n", inet_ntop(AF_INET6, &inst->unicast_peers6[i], a,
						       sizeof(a)));
	fputs("    }\n", out);
}

static void dump_instance(FILE *out, const struct xvrrp_config *cfg,
			  const struct xvrrp_instance_cfg *inst)
{
	fputs("vrrp_instance ", out);
	put_name(out, cfg, NAME_INSTANCE, inst->name, inst->scope);
	fputs(" {\n    state ", out);
	fputs(inst->state == XVRRP_INITIAL_MASTER ? "MASTER\n" : "BACKUP\n", out);
	fputs("    interface ", out);
	put_quoted(out, inst->interface);
	if (inst->net_namespace[0]) {
		fputs("\n    net_namespace ", out);
		put_quoted(out, inst->net_namespace);
	}
	fprintf(out, "\n    virtual_router_id %u\n    priority %u\n    version %u\n",
		inst->vrid, inst->priority, inst->version);
	fprintf(out, "    advert_int %u.%02u\n", (unsigned int)inst->adver_int_cs / 100,
		(unsigned int)inst->adver_int_cs % 100);
	fputs(inst->nopreempt ? "    nopreempt\n" : "    preempt\n", out);
	if (inst->check_unicast_src)
		fputs("    check_unicast_src\n", out);
	put_ms(out, "preempt_delay", inst->preempt_delay_ms, "    ");
	fprintf(out, "    garp_master_delay %u\n    garp_master_repeat %u\n"
		"    garp_master_refresh %u\n    garp_master_refresh_repeat %u\n"
		"    garp_lower_prio_delay %u\n    garp_lower_prio_repeat %u\n",
		inst->garp_master_delay_s, inst->garp_master_repeat,
		inst->garp_master_refresh_s, inst->garp_master_refresh_repeat,
		inst->garp_lower_prio_delay_s, inst->garp_lower_prio_repeat);
	fputs(inst->accept ? "    accept\n" : "    no_accept\n", out);
	fputs(inst->strict ? "    strict_mode on\n" : "    strict_mode off\n", out);
	fputs(inst->kernel_takeover ? "    kernel_takeover on\n" : "    kernel_takeover off\n", out);
	if (inst->use_vmac) {
		fputs("    use_vmac ", out);
		put_quoted(out, inst->vmac_name);
		fputc('\n', out);
	}
	if (inst->vmac_xmit_base)
		fputs("    vmac_xmit_base\n", out);
	if (inst->auth_type != VRRP_AUTH_NONE) {
		char pass[sizeof(inst->auth_pass) + 1] = { 0 };

		memcpy(pass, inst->auth_pass, sizeof(inst->auth_pass));
		fprintf(out, "    authentication {\n        auth_type %s\n        auth_pass ",
			inst->auth_type == VRRP_AUTH_AH ? "AH" : "PASS");
		put_quoted(out, pass);
		fputs("\n    }\n", out);
	}
	dump_unicast(out, inst);
	dump_tracking(out, cfg, inst);
	dump_notify(out, &inst->notify);
	dump_block(out, "virtual_ipaddress", inst->vips, inst->n_vips, dump_vip, "    ");
	dump_block(out, "virtual_ipaddress_excluded", inst->vips_excluded,
		   inst->n_vips_excluded, dump_vip, "    ");
	dump_block(out, "virtual_routes", inst->routes, inst->n_routes, dump_route, "    ");
	dump_block(out, "virtual_rules", inst->rules, inst->n_rules, dump_rule, "    ");
	fputs("}\n", out);
}

static void dump_globals(FILE *out, const struct xvrrp_config *cfg)
{
	char a6[INET6_ADDRSTRLEN], a4[INET_ADDRSTRLEN];

	fputs("global_defs {\n", out);
	if (cfg->router_id[0]) {
		fputs("    router_id ", out);
		put_quoted(out, cfg->router_id);
		fputc('\n', out);
	}
	fprintf(out, "    vrrp_version %u\n", cfg->vrrp_version);
	fprintf(out, "    vrrp_mcast_group4 %s\n", ip4(cfg->mcast_group4, a4));
	fprintf(out, "    vrrp_mcast_group6 %s\n",
		inet_ntop(AF_INET6, &cfg->mcast_group6, a6, sizeof(a6)));
	fprintf(out, "    vrrp_garp_master_delay %u\n    vrrp_garp_master_repeat %u\n"
		"    vrrp_garp_master_refresh %u\n    vrrp_garp_master_refresh_repeat %u\n"
		"    vrrp_garp_lower_prio_delay %u\n    vrrp_garp_lower_prio_repeat %u\n",
		cfg->garp_master_delay_s, cfg->garp_master_repeat,
		cfg->garp_master_refresh_s, cfg->garp_master_refresh_repeat,
		cfg->garp_lower_prio_delay_s, cfg->garp_lower_prio_repeat);
	if (cfg->check_unicast_src)
		fputs("    vrrp_check_unicast_src\n", out);
	if (cfg->skip_check_adv_addr)
		fputs("    vrrp_skip_check_adv_addr\n", out);
	if (cfg->strict)
		fputs("    vrrp_strict\n", out);
	fputs(cfg->kernel_takeover ? "    kernel_takeover on\n" : "    kernel_takeover off\n", out);
	if (cfg->enable_script_security)
		fputs("    enable_script_security\n", out);
	if (cfg->script_user[0]) {
		fputs("    script_user ", out);
		put_quoted(out, cfg->script_user);
		if (cfg->script_group[0]) {
			fputc(' ', out);
			put_quoted(out, cfg->script_group);
		}
		fputc('\n', out);
	}
	put_ms(out, "vrrp_startup_delay", cfg->startup_delay_ms, "    ");
	fputs("}\n", out);
}

static void dump_script(FILE *out, const struct xvrrp_config *cfg,
			const struct xvrrp_script_cfg *s)
{
	fputs("vrrp_script ", out);
	put_name(out, cfg, NAME_SCRIPT, s->name, s->scope);
	fputs(" {\n    script ", out);
	put_quoted(out, s->script);
	fputc('\n', out);
	put_ms(out, "interval", s->interval_ms, "    ");
	put_ms(out, "timeout", s->timeout_ms, "    ");
	fputs("   ", out);
	dump_weight(out, s->weight, s->weight_reverse);
	fprintf(out, "\n    rise %u\n    fall %u\n", s->rise, s->fall);
	if (s->user[0]) {
		fputs("    user ", out);
		put_quoted(out, s->user);
		if (s->group[0]) {
			fputc(' ', out);
			put_quoted(out, s->group);
		}
		fputc('\n', out);
	}
	if (s->init_fail)
		fputs("    init_fail\n", out);
	fputs("}\n", out);
}

static void dump_track_file(FILE *out, const struct xvrrp_config *cfg,
			    const struct xvrrp_track_file_cfg *t)
{
	fputs("vrrp_track_file ", out);
	put_name(out, cfg, NAME_TRACK_FILE, t->name, t->scope);
	fputs(" {\n    file ", out);
	put_quoted(out, t->path);
	fputs("\n   ", out);
	dump_weight(out, t->weight, t->weight_reverse);
	fputc('\n', out);
	if (t->init_file)
		fprintf(out, "    init_file %ld%s\n", t->init_value,
			t->overwrite ? " overwrite" : "");
	fputs("}\n", out);
}

static void dump_sync_group(FILE *out, const struct xvrrp_config *cfg,
			    const struct xvrrp_sync_group_cfg *g)
{
	size_t i;

	fputs("vrrp_sync_group ", out);
	put_name(out, cfg, NAME_GROUP, g->name, g->scope);
	fputs(" {\n    group {\n", out);
	for (i = 0; i < g->n_members; i++) {
		fputs("        ", out);
		put_name(out, cfg, NAME_INSTANCE, g->members[i], g->scope);
		fputc('\n', out);
	}
	fputs("    }\n", out);
	if (g->tracking_weight)
		fputs("    sync_group_tracking_weight\n", out);
	dump_notify(out, &g->notify);
	fputs("}\n", out);
}

void xvrrp_config_dump(const struct xvrrp_config *cfg, FILE *out)
{
	size_t i;

	if (cfg->net_namespace[0]) {
		fputs("net_namespace ", out);
		put_quoted(out, cfg->net_namespace);
		fputc('\n', out);
	}
	dump_globals(out, cfg);
	dump_block(out, "static_ipaddress", cfg->static_addrs, cfg->n_static_addrs, dump_vip, "");
	dump_block(out, "static_routes", cfg->static_routes, cfg->n_static_routes, dump_route,
		   "");
	dump_block(out, "static_rules", cfg->static_rules, cfg->n_static_rules, dump_rule, "");
	for (i = 0; i < cfg->n_scripts; i++)
		dump_script(out, cfg, &cfg->scripts[i]);
	for (i = 0; i < cfg->n_track_files; i++)
		dump_track_file(out, cfg, &cfg->track_files[i]);
	for (i = 0; i < cfg->n_sync_groups; i++)
		dump_sync_group(out, cfg, &cfg->sync_groups[i]);
	for (i = 0; i < cfg->n_instances; i++)
		dump_instance(out, cfg, &cfg->instances[i]);
}

/* ------------------------------------------------------------------ */
/* Equality for reload                                                 */

static bool str_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static bool vip_equal(const struct xvrrp_vip_cfg *a, const struct xvrrp_vip_cfg *b)
{
	return a->family == b->family && a->prefixlen == b->prefixlen &&
	       (a->family == AF_INET6 ? !memcmp(&a->addr.v6, &b->addr.v6, sizeof(a->addr.v6))
				      : a->addr.v4.s_addr == b->addr.v4.s_addr) &&
	       !strcmp(a->dev, b->dev) && !strcmp(a->label, b->label) &&
	       a->brd.s_addr == b->brd.s_addr && a->scope == b->scope &&
	       a->no_track == b->no_track;
}

static bool vips_equal(const struct xvrrp_vip_cfg *a, size_t na,
		       const struct xvrrp_vip_cfg *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (!vip_equal(&a[i], &b[i]))
			return false;
	return true;
}

bool xvrrp_route_has_via(const struct xvrrp_route_cfg *r)
{
	return r->family == AF_INET6 ? !IN6_IS_ADDR_UNSPECIFIED(&r->via6) : r->via.s_addr != 0;
}

bool xvrrp_route_via_link_local(const struct xvrrp_route_cfg *r)
{
	return r->family == AF_INET6 && IN6_IS_ADDR_LINKLOCAL(&r->via6);
}

bool xvrrp_route_has_src(const struct xvrrp_route_cfg *r)
{
	return r->family == AF_INET6 ? !IN6_IS_ADDR_UNSPECIFIED(&r->src6) : r->src.s_addr != 0;
}

static bool route_equal(const struct xvrrp_route_cfg *a, const struct xvrrp_route_cfg *b)
{
	return a->family == b->family && a->dst.s_addr == b->dst.s_addr &&
	       a->dst_len == b->dst_len && a->src.s_addr == b->src.s_addr &&
	       a->via.s_addr == b->via.s_addr &&
	       !memcmp(&a->dst6, &b->dst6, sizeof(a->dst6)) &&
	       !memcmp(&a->src6, &b->src6, sizeof(a->src6)) &&
	       !memcmp(&a->via6, &b->via6, sizeof(a->via6)) && !strcmp(a->dev, b->dev) &&
	       a->scope == b->scope && a->table == b->table && a->metric == b->metric &&
	       a->protocol == b->protocol && a->type == b->type &&
	       a->no_track == b->no_track;
}

static bool in6_equal(const struct in6_addr *a, const struct in6_addr *b)
{
	return !memcmp(a, b, sizeof(*a));
}

static bool rule_equal(const struct xvrrp_rule_cfg *a, const struct xvrrp_rule_cfg *b)
{
	return a->family == b->family && a->from.s_addr == b->from.s_addr &&
	       a->from_len == b->from_len && a->to.s_addr == b->to.s_addr &&
	       in6_equal(&a->from6, &b->from6) && in6_equal(&a->to6, &b->to6) &&
	       a->to_len == b->to_len && a->table == b->table &&
	       a->priority == b->priority && !strcmp(a->iif, b->iif) &&
	       !strcmp(a->oif, b->oif) && a->no_track == b->no_track;
}

static bool track_if_equal(const struct xvrrp_track_if_cfg *a,
			   const struct xvrrp_track_if_cfg *b)
{
	return !strcmp(a->name, b->name) && a->weight == b->weight &&
	       a->weight_reverse == b->weight_reverse;
}

static bool track_ref_equal(const struct xvrrp_track_ref_cfg *a,
			    const struct xvrrp_track_ref_cfg *b)
{
	return !strcmp(a->name, b->name) && a->weight_set == b->weight_set &&
	       (!a->weight_set || (a->weight == b->weight &&
				   a->weight_reverse == b->weight_reverse));
}

static bool notify_equal(const struct xvrrp_notify_cfg *a, const struct xvrrp_notify_cfg *b)
{
	return str_equal(a->notify, b->notify) &&
	       str_equal(a->notify_master, b->notify_master) &&
	       str_equal(a->notify_backup, b->notify_backup) &&
	       str_equal(a->notify_fault, b->notify_fault) &&
	       str_equal(a->notify_stop, b->notify_stop);
}

/* Arrays of n elements compared one by one with eq. */
#define LISTS_EQUAL(a, na, b, nb, eq) ({				\
	bool _same = (na) == (nb);					\
	size_t _i;							\
	for (_i = 0; _same && _i < (na); _i++)				\
		_same = eq(&(a)[_i], &(b)[_i]);				\
	_same;								\
})

static bool addr_equal(const struct in_addr *a, const struct in_addr *b)
{
	return a->s_addr == b->s_addr;
}

/* The instance's family and the addresses it speaks from and to. */
static bool addrs_equal(const struct xvrrp_instance_cfg *a, const struct xvrrp_instance_cfg *b)
{
	return a->family == b->family &&
	       a->mcast_src_ip.s_addr == b->mcast_src_ip.s_addr &&
	       a->unicast_src_ip.s_addr == b->unicast_src_ip.s_addr &&
	       in6_equal(&a->mcast_src_ip6, &b->mcast_src_ip6) &&
	       in6_equal(&a->unicast_src_ip6, &b->unicast_src_ip6) &&
	       LISTS_EQUAL(a->unicast_peers, a->n_unicast_peers, b->unicast_peers,
			   b->n_unicast_peers, addr_equal) &&
	       LISTS_EQUAL(a->unicast_peers6, a->n_unicast_peers6, b->unicast_peers6,
			   b->n_unicast_peers6, in6_equal);
}

static bool protocol_equal(const struct xvrrp_instance_cfg *a,
			   const struct xvrrp_instance_cfg *b)
{
	return !strcmp(a->name, b->name) && a->state == b->state &&
	       !strcmp(a->interface, b->interface) &&
	       !strcmp(a->net_namespace, b->net_namespace) && a->vrid == b->vrid &&
	       a->priority == b->priority && a->version == b->version &&
	       a->adver_int_cs == b->adver_int_cs && a->nopreempt == b->nopreempt &&
	       a->check_unicast_src == b->check_unicast_src &&
	       a->preempt_delay_ms == b->preempt_delay_ms &&
	       a->garp_master_delay_s == b->garp_master_delay_s &&
	       a->garp_master_repeat == b->garp_master_repeat &&
	       a->garp_master_refresh_s == b->garp_master_refresh_s &&
	       a->garp_master_refresh_repeat == b->garp_master_refresh_repeat &&
	       a->garp_lower_prio_delay_s == b->garp_lower_prio_delay_s &&
	       a->garp_lower_prio_repeat == b->garp_lower_prio_repeat &&
	       a->auth_type == b->auth_type &&
	       !memcmp(a->auth_pass, b->auth_pass, sizeof(a->auth_pass)) &&
	       a->accept == b->accept && a->use_vmac == b->use_vmac &&
	       !strcmp(a->vmac_name, b->vmac_name) &&
	       a->vmac_xmit_base == b->vmac_xmit_base && a->strict == b->strict &&
	       addrs_equal(a, b) && str_equal(a->sync_group, b->sync_group);
}

bool xvrrp_vip_cfg_equal(const struct xvrrp_vip_cfg *a, const struct xvrrp_vip_cfg *b)
{
	return vip_equal(a, b);
}

bool xvrrp_route_cfg_equal(const struct xvrrp_route_cfg *a, const struct xvrrp_route_cfg *b)
{
	return route_equal(a, b);
}

bool xvrrp_rule_cfg_equal(const struct xvrrp_rule_cfg *a, const struct xvrrp_rule_cfg *b)
{
	return rule_equal(a, b);
}

/*
 * What a running instance cannot change without leaving the protocol: its
 * identity on the wire (VRID, interface and its namespace, version, interval, addresses it
 * speaks from or to, authentication, VMAC) and its sync group. Priority
 * (below 255), preemption, VIPs, routes, rules, trackers, notify and GARP
 * settings can be applied in place.
 */
bool xvrrp_instance_cfg_same_protocol(const struct xvrrp_instance_cfg *a,
				      const struct xvrrp_instance_cfg *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->interface, b->interface) &&
	       !strcmp(a->net_namespace, b->net_namespace) &&
	       a->vrid == b->vrid && a->version == b->version &&
	       a->adver_int_cs == b->adver_int_cs &&
	       (a->priority == b->priority ||
		(a->priority != VRRP_PRIO_OWNER && b->priority != VRRP_PRIO_OWNER)) &&
	       a->auth_type == b->auth_type &&
	       !memcmp(a->auth_pass, b->auth_pass, sizeof(a->auth_pass)) &&
	       a->accept == b->accept && a->use_vmac == b->use_vmac &&
	       !strcmp(a->vmac_name, b->vmac_name) &&
	       a->vmac_xmit_base == b->vmac_xmit_base && a->strict == b->strict &&
	       addrs_equal(a, b) && str_equal(a->sync_group, b->sync_group);
}

bool xvrrp_instance_cfg_equal(const struct xvrrp_instance_cfg *a,
			      const struct xvrrp_instance_cfg *b)
{
	return protocol_equal(a, b) && a->kernel_takeover == b->kernel_takeover &&
	       vips_equal(a->vips, a->n_vips, b->vips, b->n_vips) &&
	       vips_equal(a->vips_excluded, a->n_vips_excluded, b->vips_excluded,
			  b->n_vips_excluded) &&
	       LISTS_EQUAL(a->routes, a->n_routes, b->routes, b->n_routes, route_equal) &&
	       LISTS_EQUAL(a->rules, a->n_rules, b->rules, b->n_rules, rule_equal) &&
	       LISTS_EQUAL(a->track_ifs, a->n_track_ifs, b->track_ifs, b->n_track_ifs,
			   track_if_equal) &&
	       LISTS_EQUAL(a->track_scripts, a->n_track_scripts, b->track_scripts,
			   b->n_track_scripts, track_ref_equal) &&
	       LISTS_EQUAL(a->track_files, a->n_track_files, b->track_files,
			   b->n_track_files, track_ref_equal) &&
	       notify_equal(&a->notify, &b->notify);
}
