// SPDX-License-Identifier: GPL-2.0-only
/*
 * keepalived.conf reader: one row per sample file in tests/configs/. Good
 * files check the values read and the exact warnings; broken files check the
 * exact "file:line: message" text, the -1 and that nothing is left in cfg
 * (ASan's leak check covers "nothing allocated left behind").
 */
#include <glob.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/rtnetlink.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "config.h"
#include "daemon.h"
#include "namespaces.h"
#include "xvrrp_wire.h"

struct load_result {
	int rc;
	char *text;             /* everything written to err */
	size_t len;
};

static void load_id(const char *file, const char *config_id, struct xvrrp_config *cfg,
		    struct load_result *r)
{
	struct xvrrp_config_opts opts = { .config_id = config_id };
	FILE *err = open_memstream(&r->text, &r->len);

	assert_non_null(err);
	r->rc = config_id ? xvrrp_config_load_opts(file, &opts, cfg, err)
			  : xvrrp_config_load(file, cfg, err);
	fclose(err);
}

static void load(const char *file, struct xvrrp_config *cfg, struct load_result *r)
{
	load_id(file, NULL, cfg, r);
}

static void assert_ip(struct in_addr a, const char *expect)
{
	char text[INET_ADDRSTRLEN];

	assert_non_null(inet_ntop(AF_INET, &a, text, sizeof(text)));
	assert_string_equal(text, expect);
}

static const struct xvrrp_instance_cfg *find(const struct xvrrp_config *cfg,
					     const char *name)
{
	size_t i;

	for (i = 0; i < cfg->n_instances; i++)
		if (!strcmp(cfg->instances[i].name, name))
			return &cfg->instances[i];
	fail_msg("no vrrp_instance %s", name);
	return NULL;
}

static void assert_vip(const struct xvrrp_vip_cfg *vip, const char *addr,
		       unsigned int prefixlen, const char *dev, const char *label)
{
	char text[INET_ADDRSTRLEN];

	assert_int_equal(vip->family, AF_INET);
	assert_non_null(inet_ntop(AF_INET, &vip->addr.v4, text, sizeof(text)));
	assert_string_equal(text, addr);
	assert_int_equal(vip->prefixlen, prefixlen);
	assert_string_equal(vip->dev, dev);
	assert_string_equal(vip->label, label);
}

static void assert_brd(const struct xvrrp_vip_cfg *vip, const char *brd)
{
	char text[INET_ADDRSTRLEN];

	assert_non_null(inet_ntop(AF_INET, &vip->brd, text, sizeof(text)));
	assert_string_equal(text, brd);
}

/* ---- good files: what each must yield ---- */

static void check_two(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a, *b;

	assert_string_equal(cfg->router_id, "edge1");
	assert_int_equal(cfg->n_instances, 2);
	a = find(cfg, "VI_1");
	assert_string_equal(a->file, "good_two.conf");
	assert_int_equal(a->line, 6);
	assert_int_equal(a->state, XVRRP_INITIAL_MASTER);
	assert_string_equal(a->interface, "eth0");
	assert_int_equal(a->interface_line, 8);
	assert_int_equal(a->vrid, 51);
	assert_int_equal(a->priority, 150);
	assert_int_equal(a->adver_int_cs, 100);
	assert_int_equal(a->n_vips, 2);
	assert_vip(&a->vips[0], "192.0.2.10", 24, "", "");
	assert_int_equal(a->vips[0].line, 13);
	assert_vip(&a->vips[1], "192.0.2.11", 32, "", "");

	/* keepalived's defaults: BACKUP, priority 100, 1 s, v2, garp 5/5, preempt. */
	b = find(cfg, "VI_2");
	assert_int_equal(b->state, XVRRP_INITIAL_BACKUP);
	assert_int_equal(b->priority, 100);
	assert_int_equal(b->version, 2);
	assert_int_equal(b->adver_int_cs, 100);
	assert_int_equal(b->garp_master_delay_s, 5);
	assert_int_equal(b->garp_master_repeat, 5);
	assert_false(b->nopreempt);
	assert_int_equal(b->preempt_delay_ms, 0);
	assert_int_equal(b->n_vips, 1);
	assert_vip(&b->vips[0], "198.51.100.10", 24, "eth1", "");
}

static void check_include(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a, *b, *c;

	/* Main file, the two globbed files (sorted), single.conf, nested.conf. */
	assert_int_equal(cfg->n_files, 5);
	assert_string_equal(cfg->files[1], "include.d/a.conf");
	assert_string_equal(cfg->files[2], "include.d/b.conf");
	assert_string_equal(cfg->files[3], "extra/single.conf");
	assert_string_equal(cfg->files[4], "extra/nested.conf");
	assert_int_equal(cfg->n_instances, 3);
	a = find(cfg, "VI_A");
	b = find(cfg, "VI_B");
	c = find(cfg, "VI_C");
	assert_string_equal(a->file, "include.d/a.conf");
	assert_int_equal(a->line, 1);
	assert_string_equal(b->file, "include.d/b.conf");
	assert_int_equal(b->line, 2);
	/* Relative to the including file's directory, not to the main file's. */
	assert_string_equal(c->file, "extra/nested.conf");
	/* The global garp repeat applies to included instances, unless overridden. */
	assert_int_equal(a->garp_master_repeat, 2);
	assert_int_equal(c->garp_master_repeat, 7);
	/* Same VRID on different interfaces is allowed. */
	assert_int_equal(a->vrid, c->vrid);
}

static void check_all(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *v3, *v2, *pr;

	assert_string_equal(cfg->router_id, "all-keywords");
	assert_int_equal(cfg->vrrp_version, 3);
	assert_int_equal(cfg->garp_master_delay_s, 2);
	assert_int_equal(cfg->garp_master_repeat, 3);

	v3 = find(cfg, "V3");
	assert_int_equal(v3->version, 3);                /* from global vrrp_version */
	assert_int_equal(v3->priority, 255);
	assert_int_equal(v3->adver_int_cs, 13);          /* 0.125 s rounds to 13 cs */
	assert_int_equal(v3->preempt_delay_ms, 2500);
	assert_int_equal(v3->garp_master_delay_s, 0);    /* instance overrides global */
	assert_int_equal(v3->garp_master_repeat, 1);
	assert_int_equal(v3->n_vips, 4);
	assert_vip(&v3->vips[0], "192.0.2.1", 24, "eth0", "eth0:vip");
	assert_brd(&v3->vips[0], "192.0.2.255");
	assert_int_equal(v3->vips[0].scope, RT_SCOPE_UNIVERSE);
	assert_false(v3->vips[0].no_track);
	assert_vip(&v3->vips[1], "192.0.2.2", 25, "", "");
	assert_brd(&v3->vips[1], "192.0.2.127");         /* brd +: host bits set */
	assert_int_equal(v3->vips[1].scope, RT_SCOPE_LINK);
	assert_true(v3->vips[1].no_track);
	assert_int_equal(v3->vips[2].scope, RT_SCOPE_HOST);
	assert_brd(&v3->vips[2], "0.0.0.0");             /* none given */
	assert_vip(&v3->vips[3], "192.0.2.4", 24, "eth2", "");
	assert_brd(&v3->vips[3], "192.0.2.0");           /* brd -: host bits cleared */
	assert_int_equal(v3->vips[3].scope, RT_SCOPE_SITE);

	v2 = find(cfg, "V2");
	assert_int_equal(v2->state, XVRRP_INITIAL_BACKUP);
	assert_int_equal(v2->version, 2);                /* instance overrides global */
	assert_int_equal(v2->priority, 1);
	assert_int_equal(v2->adver_int_cs, 25500);       /* v2 maximum, 255 s */
	assert_true(v2->nopreempt);
	assert_int_equal(v2->garp_master_delay_s, 2);    /* global */
	assert_int_equal(v2->garp_master_repeat, 3);

	pr = find(cfg, "PREEMPT");
	assert_false(pr->nopreempt);                     /* the later "preempt" wins */
	assert_int_equal(pr->adver_int_cs, 4095);        /* v3 maximum, 40.95 s */
	assert_int_equal(pr->preempt_delay_ms, 1000000);
}

static void check_syntax(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a, *b, *c;

	assert_string_equal(cfg->router_id, "router one");
	assert_int_equal(cfg->n_instances, 3);
	a = find(cfg, "VI 1");
	assert_int_equal(a->line, 2);
	assert_int_equal(a->state, XVRRP_INITIAL_MASTER);
	assert_string_equal(a->interface, "eth0");
	assert_int_equal(a->vrid, 7);
	assert_int_equal(a->n_vips, 2);
	assert_vip(&a->vips[0], "192.0.2.7", 24, "", "eth0:a b");
	assert_int_equal(a->vips[0].line, 6);
	assert_vip(&a->vips[1], "192.0.2.8", 32, "", "");
	b = find(cfg, "VI_2");
	assert_int_equal(b->vrid, 8);
	assert_int_equal(b->n_vips, 1);
	assert_vip(&b->vips[0], "192.0.2.9", 32, "eth0", "");
	c = find(cfg, "VI_3");
	assert_string_equal(c->interface, "eth1");
	assert_int_equal(c->vrid, 9);
	assert_int_equal(c->n_vips, 0);
}

static void check_unimplemented(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a;

	assert_string_equal(cfg->router_id, "unimpl");
	assert_int_equal(cfg->n_instances, 2);
	a = find(cfg, "VI_1");
	assert_int_equal(a->n_vips, 1);
	assert_vip(&a->vips[0], "192.0.2.1", 24, "eth0", "");
	/* keepalived: a MASTER without a priority is the owner; nopreempt is then cleared. */
	assert_int_equal(a->priority, 255);
	assert_false(a->nopreempt);
	assert_true(cfg->enable_script_security);
	assert_int_equal(cfg->n_scripts, 1);
	assert_string_equal(cfg->scripts[0].script, "/usr/bin/curl -sf http://127.0.0.1/ { }");
	assert_int_equal(cfg->scripts[0].interval_ms, 2000);
	assert_int_equal(cfg->scripts[0].timeout_ms, 2000);        /* default: interval */
	assert_int_equal(a->n_track_ifs, 1);
	assert_string_equal(a->track_ifs[0].name, "eth1");
	assert_int_equal(a->track_ifs[0].weight, -20);
	assert_string_equal(a->notify.notify_master, "/etc/keepalived/master.sh a b");
	/* VRRPv2 (the default) PASS authentication, zero-padded to 8 octets. */
	assert_int_equal(a->version, 2);
	assert_int_equal(a->auth_type, 1);
	assert_memory_equal(a->auth_pass, "1111\0\0\0\0", 8);
}

/* ---- the corpus: configurations in the styles people run ---- */

static void check_gateway(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *out = find(cfg, "VI_OUTSIDE");
	const struct xvrrp_instance_cfg *in = find(cfg, "VI_INSIDE");
	const struct xvrrp_sync_group_cfg *g;

	assert_int_equal(cfg->garp_master_refresh_s, 60);
	assert_int_equal(out->garp_master_refresh_s, 60);           /* global default flows in */
	assert_int_equal(out->garp_master_refresh_repeat, 1);
	assert_int_equal(out->garp_lower_prio_delay_s, 5);          /* = garp_master_delay */
	assert_int_equal(out->garp_lower_prio_repeat, 5);
	assert_true(out->accept);                                   /* keepalived default */
	assert_int_equal(cfg->n_sync_groups, 1);
	g = &cfg->sync_groups[0];
	assert_int_equal(g->n_members, 2);
	assert_string_equal(g->notify.notify_master, "/etc/keepalived/gateway.sh master");
	assert_string_equal(out->sync_group, "VG_GATEWAY");
	assert_ptr_equal(in->sync_group, g->name);
	/* Sync group members track with weight 0 (keepalived.conf(5)). */
	assert_int_equal(out->n_track_ifs, 2);
	assert_string_equal(out->track_ifs[1].name, "eth1");
	assert_int_equal(out->track_ifs[1].weight, 0);
	assert_int_equal(out->n_routes, 3);
	assert_ip(out->routes[0].dst, "0.0.0.0");
	assert_int_equal(out->routes[0].dst_len, 0);
	assert_ip(out->routes[0].via, "203.0.113.254");
	assert_string_equal(out->routes[0].dev, "eth0");
	assert_int_equal(out->routes[0].table, 0);
	assert_int_equal(out->routes[0].metric, -1);
	assert_int_equal(out->routes[0].protocol, -1);
	assert_int_equal(out->routes[0].scope, -1);
	assert_int_equal(out->routes[0].type, RTN_UNICAST);
	assert_ip(out->routes[1].src, "192.0.2.1");
	assert_ip(out->routes[1].dst, "198.51.100.0");
	assert_int_equal(out->routes[1].dst_len, 24);
	assert_int_equal(out->routes[1].metric, 100);
	assert_int_equal(out->routes[2].type, RTN_BLACKHOLE);
	assert_int_equal(out->routes[2].dst_len, 25);
	assert_int_equal(in->n_rules, 1);
	assert_ip(in->rules[0].from, "192.0.2.0");
	assert_int_equal(in->rules[0].from_len, 24);
	assert_int_equal(in->rules[0].to_len, 0);
	assert_int_equal(in->rules[0].table, 100);
	assert_int_equal(in->rules[0].priority, 1000);
	assert_int_equal(in->routes[0].table, 100);
	assert_memory_equal(in->auth_pass, "gw-lab\0\0", 8);
}

static void check_haproxy(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a = find(cfg, "VI_WEB");
	const struct xvrrp_script_cfg *h = &cfg->scripts[0], *b = &cfg->scripts[1];

	assert_true(cfg->enable_script_security);
	assert_string_equal(cfg->script_user, "keepalived_script");
	assert_string_equal(cfg->script_group, "");
	assert_int_equal(cfg->n_scripts, 2);
	assert_string_equal(h->name, "chk_haproxy");
	assert_string_equal(h->script, "/etc/keepalived/check_haproxy.sh");
	assert_int_equal(h->interval_ms, 2000);
	assert_int_equal(h->timeout_ms, 1000);
	assert_int_equal(h->weight, 2);
	assert_int_equal(h->fall, 2);
	assert_int_equal(h->rise, 2);
	assert_false(h->init_fail);
	/* Unquoted words are the arguments; one that held a space stays one. */
	assert_string_equal(b->script, "/usr/local/bin/check-backend --port 8080 'a b'");
	assert_int_equal(b->weight, -30);
	assert_true(b->weight_reverse);
	assert_int_equal(b->rise, 1);
	assert_string_equal(b->user, "nobody");
	assert_string_equal(b->group, "nogroup");
	assert_true(b->init_fail);
	assert_int_equal(a->n_track_scripts, 2);
	assert_false(a->track_scripts[0].weight_set);
	assert_true(a->track_scripts[1].weight_set);
	assert_int_equal(a->track_scripts[1].weight, -40);
	assert_string_equal(a->notify.notify, "/etc/keepalived/notify.sh");
	assert_string_equal(a->notify.notify_fault, "/etc/keepalived/notify.sh FAULT");
	assert_string_equal(a->notify.notify_stop, "/etc/keepalived/stop.sh");
	assert_int_equal(a->garp_master_delay_s, 1);
	assert_int_equal(a->garp_master_repeat, 3);
	assert_int_equal(a->garp_lower_prio_repeat, 3);
}

static void check_unicast_node1(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a = find(cfg, "VI_CLOUD");

	assert_string_equal(cfg->router_id, "node1");
	assert_true(cfg->check_unicast_src);
	assert_int_equal(a->priority, 200);
	assert_int_equal(a->version, 3);
	assert_int_equal(a->adver_int_cs, 50);
	assert_ip(a->unicast_src_ip, "192.0.2.11");
	assert_int_equal(a->n_unicast_peers, 1);
	assert_ip(a->unicast_peers[0], "192.0.2.12");
}

static void check_unicast_node2(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a = find(cfg, "VI_CLOUD");

	assert_string_equal(cfg->router_id, "node2");
	assert_int_equal(a->priority, 100);
	assert_ip(a->unicast_src_ip, "192.0.2.12");
	assert_int_equal(a->n_unicast_peers, 1);
	assert_ip(a->unicast_peers[0], "192.0.2.11");
}

static void check_unicast_check_src(const struct xvrrp_config *cfg)
{
	assert_false(cfg->check_unicast_src);
	assert_true(find(cfg, "VI_CHECKED")->check_unicast_src);
	assert_false(find(cfg, "VI_OPEN")->check_unicast_src);
}

/* No config id: every "@ID" line is dropped, every "@^ID" line kept. */
static void check_unicast_no_id(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a = find(cfg, "VI_CLOUD");

	assert_string_equal(cfg->router_id, "");
	assert_int_equal(a->priority, 100);
	assert_int_equal(a->unicast_src_ip.s_addr, 0);
	assert_int_equal(a->n_unicast_peers, 2);
}

static void check_neutron(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a = find(cfg, "VR_1");

	assert_string_equal(a->interface, "ha-8f3e1c2a-7b");
	assert_true(a->nopreempt);
	assert_int_equal(a->garp_master_delay_s, 60);
	assert_int_equal(a->garp_lower_prio_delay_s, 5);    /* global, not the instance's */
	assert_int_equal(a->adver_int_cs, 200);
	assert_int_equal(a->n_track_ifs, 1);
	assert_int_equal(a->track_ifs[0].weight, 0);
	assert_int_equal(a->n_vips, 1);
	assert_vip(&a->vips[0], "169.254.0.1", 24, "ha-8f3e1c2a-7b", "");
	assert_int_equal(a->n_vips_excluded, 3);
	assert_vip(&a->vips_excluded[0], "192.0.2.1", 24, "qr-4d2c9b1e-0a", "");
	assert_vip(&a->vips_excluded[2], "203.0.113.11", 32, "qg-6a7b8c9d-e1", "");
	assert_int_equal(a->n_routes, 2);
	assert_int_equal(a->routes[0].dst_len, 0);
	assert_ip(a->routes[0].via, "203.0.113.1");
	assert_string_equal(a->routes[0].dev, "qg-6a7b8c9d-e1");
	assert_int_equal(a->routes[0].protocol, RTPROT_STATIC);
	assert_true(a->routes[0].no_track);
}

static void check_strict(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *v2 = find(cfg, "V2");
	const struct xvrrp_instance_cfg *owner = find(cfg, "OWNER");
	const struct xvrrp_instance_cfg *loose = find(cfg, "LOOSE");

	assert_true(cfg->strict);
	assert_int_equal(v2->state, XVRRP_INITIAL_BACKUP);
	assert_int_equal(v2->auth_type, 0);
	assert_int_equal(v2->preempt_delay_ms, 0);
	assert_false(v2->accept);
	assert_int_equal(v2->garp_lower_prio_repeat, 0);
	assert_false(v2->vmac_xmit_base);
	assert_true(v2->use_vmac);
	assert_string_equal(v2->vmac_name, "vrrp.1");
	/* keepalived: priority 255 without a state starts MASTER and accepts. */
	assert_int_equal(owner->state, XVRRP_INITIAL_MASTER);
	assert_true(owner->accept);
	assert_int_equal(owner->garp_lower_prio_repeat, 0);  /* strict default */
	/* strict_mode off: the global vrrp_strict does not apply. */
	assert_true(loose->accept);
	assert_int_equal(loose->preempt_delay_ms, 5000);
	assert_int_equal(loose->garp_lower_prio_repeat, 4);
	assert_string_equal(loose->vmac_name, "vrrp-loose");
}

static void check_sync(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a = find(cfg, "A");
	const struct xvrrp_instance_cfg *b = find(cfg, "B");
	const struct xvrrp_instance_cfg *c = find(cfg, "C");

	assert_int_equal(cfg->n_sync_groups, 2);             /* G2 removed */
	assert_string_equal(cfg->sync_groups[0].name, "G1");
	assert_int_equal(cfg->sync_groups[0].n_members, 2);  /* GHOST dropped */
	assert_string_equal(cfg->sync_groups[0].notify.notify, "/usr/local/bin/group-notify");
	assert_string_equal(cfg->sync_groups[1].name, "G3");
	assert_string_equal(a->sync_group, "G1");
	assert_string_equal(b->sync_group, "G1");
	assert_string_equal(c->sync_group, "G3");
	assert_true(a->track_scripts[0].weight_set);
	assert_int_equal(a->track_scripts[0].weight, 0);
	assert_int_equal(a->track_files[0].weight, 0);
	assert_int_equal(a->track_ifs[0].weight, 0);
	/* sync_group_tracking_weight keeps the weights. */
	assert_int_equal(c->track_scripts[0].weight, -7);
	assert_true(c->track_scripts[0].weight_reverse);
	assert_int_equal(cfg->n_track_files, 1);
	assert_string_equal(cfg->track_files[0].path, "/run/xvrrp-test/state");
	assert_int_equal(cfg->track_files[0].weight, -5);
	assert_true(cfg->track_files[0].weight_reverse);
	assert_true(cfg->track_files[0].init_file);
	assert_int_equal(cfg->track_files[0].init_value, 3);
	assert_true(cfg->track_files[0].overwrite);
}

static void check_static(const struct xvrrp_config *cfg)
{
	char text[INET6_ADDRSTRLEN];
	const struct xvrrp_instance_cfg *a = find(cfg, "VI_1");

	assert_string_equal(cfg->net_namespace, "blue");
	assert_ip(cfg->mcast_group4, "224.0.0.19");
	assert_non_null(inet_ntop(AF_INET6, &cfg->mcast_group6, text, sizeof(text)));
	assert_string_equal(text, "ff02::13");
	assert_int_equal(cfg->startup_delay_ms, 5500);
	assert_true(cfg->skip_check_adv_addr);
	assert_int_equal(cfg->n_static_addrs, 1);
	assert_vip(&cfg->static_addrs[0], "198.51.100.5", 24, "eth1", "");
	assert_int_equal(cfg->static_addrs[0].scope, RT_SCOPE_LINK);
	assert_int_equal(cfg->n_static_routes, 3);
	assert_int_equal(cfg->static_routes[0].table, RT_TABLE_MAIN);
	assert_int_equal(cfg->static_routes[0].protocol, 12);  /* bird */
	assert_int_equal(cfg->static_routes[1].type, RTN_BLACKHOLE);
	assert_int_equal(cfg->static_routes[1].table, 200);
	assert_int_equal(cfg->static_routes[2].type, RTN_UNREACHABLE);
	assert_int_equal(cfg->static_routes[2].metric, 7);
	assert_int_equal(cfg->n_static_rules, 2);
	assert_int_equal(cfg->static_rules[0].table, 200);
	assert_int_equal(cfg->static_rules[0].priority, 100);
	assert_int_equal(cfg->static_rules[0].to_len, 0);
	assert_int_equal(cfg->static_rules[1].table, RT_TABLE_LOCAL);
	assert_string_equal(cfg->static_rules[1].iif, "eth1");
	assert_true(cfg->static_rules[1].no_track);
	assert_int_equal(cfg->static_rules[1].priority, -1);
	assert_ip(a->mcast_src_ip, "198.51.100.5");
	/* Defaults of a plain instance. */
	assert_ip(cfg->mcast_group4, "224.0.0.19");
	assert_int_equal(a->garp_master_refresh_s, 0);
	assert_int_equal(a->garp_master_refresh_repeat, 1);
	assert_false(a->use_vmac);
	assert_null(a->sync_group);
	assert_null(a->notify.notify);
}

/* An IPv6 instance is its first VIP's family, speaks v3 whatever vrrp_version says, and may share its VRID with an IPv4 one. */
static void check_shared_vip(const struct xvrrp_config *cfg)
{
	assert_int_equal(cfg->n_instances, 4);
	assert_int_equal(find(cfg, "B")->n_vips_excluded, 2);
}

static void check_vrrp6(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *v6 = find(cfg, "GW6"), *v4 = find(cfg, "GW4");

	assert_int_equal(v6->family, AF_INET6);
	assert_int_equal(v6->version, 3);
	assert_int_equal(v6->adver_int_cs, 10);
	assert_int_equal(v6->n_vips, 2);
	assert_int_equal(v6->vips[1].prefixlen, 128);
	assert_int_equal(v6->n_vips_excluded, 1);
	assert_int_equal(v4->family, AF_INET);
	assert_int_equal(v4->version, 2);
	assert_int_equal(v4->vrid, v6->vrid);
}

static void check_dualstack(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a = find(cfg, "VR_2");
	char buf[INET6_ADDRSTRLEN];

	assert_int_equal(a->n_vips, 1);
	assert_int_equal(a->n_vips_excluded, 6);
	assert_int_equal(a->vips_excluded[1].family, AF_INET6);
	inet_ntop(AF_INET6, &a->vips_excluded[1].addr.v6, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8:0:1::1");
	assert_int_equal(a->vips_excluded[1].prefixlen, 64);
	assert_string_equal(a->vips_excluded[1].dev, "qr-7e5d4c3b-2a");
	assert_int_equal(a->vips_excluded[2].scope, RT_SCOPE_LINK);
	assert_int_equal(a->vips_excluded[5].prefixlen, 128);  /* keepalived's default for IPv6 */
	assert_true(a->vips_excluded[5].no_track);
	assert_int_equal(cfg->n_static_addrs, 1);
	assert_int_equal(cfg->static_addrs[0].family, AF_INET6);
	/* A static IPv6 route through a global gateway needs no dev. */
	assert_int_equal(cfg->n_static_routes, 2);
	assert_int_equal(cfg->static_routes[0].family, AF_INET6);

	/* IPv6 routes, as Neutron writes the external gateway's. */
	assert_int_equal(a->n_routes, 3);
	assert_int_equal(a->routes[0].family, AF_INET);
	assert_int_equal(a->routes[1].family, AF_INET6);
	assert_int_equal(a->routes[1].dst_len, 0);
	inet_ntop(AF_INET6, &a->routes[1].via6, buf, sizeof(buf));
	assert_string_equal(buf, "fe80::f816:3eff:fe00:9");
	assert_int_equal(a->routes[1].protocol, 4);
	inet_ntop(AF_INET6, &a->routes[2].dst6, buf, sizeof(buf));
	assert_string_equal(buf, "2001:db8:aaaa::");
	assert_int_equal(a->routes[2].dst_len, 48);
	assert_int_equal(a->routes[2].metric, 10);
}

static void check_ah(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a = find(cfg, "VI_1"), *b = find(cfg, "VI_2");

	assert_int_equal(a->auth_type, VRRP_AUTH_AH);
	assert_memory_equal(a->auth_pass, "1111\0\0\0\0", 8);
	assert_int_equal(a->version, 2);
	/* Order inside the block does not matter; the key is cut to 8 bytes. */
	assert_int_equal(b->auth_type, VRRP_AUTH_AH);
	assert_memory_equal(b->auth_pass, "long pas", 8);
	assert_int_equal(b->n_unicast_peers, 1);
}

static void assert_ip6(const struct in6_addr *a, const char *expect)
{
	char text[INET6_ADDRSTRLEN];

	assert_non_null(inet_ntop(AF_INET6, a, text, sizeof(text)));
	assert_string_equal(text, expect);
}

static void assert_vip6(const struct xvrrp_vip_cfg *vip, const char *addr, unsigned int prefixlen)
{
	assert_int_equal(vip->family, AF_INET6);
	assert_ip6(&vip->addr.v6, addr);
	assert_int_equal(vip->prefixlen, prefixlen);
}

static void assert_rule6(const struct xvrrp_rule_cfg *r, const char *from, unsigned int from_len,
			 const char *to, unsigned int to_len, uint32_t table)
{
	assert_int_equal(r->family, AF_INET6);
	assert_ip6(&r->from6, from);
	assert_int_equal(r->from_len, from_len);
	assert_ip6(&r->to6, to);
	assert_int_equal(r->to_len, to_len);
	assert_int_equal(r->table, table);
}

/* IPv6 instances (keepalived's family rules) beside an IPv4 one of the same VRID. */
static void check_ipv6(const struct xvrrp_config *cfg)
{
	const struct xvrrp_instance_cfg *a, *b, *c, *d, *e;

	assert_int_equal(cfg->n_instances, 8);
	a = find(cfg, "V6");
	assert_int_equal(a->family, AF_INET6);
	assert_int_equal(a->version, 3);                /* global vrrp_version 2 */
	assert_int_equal(a->adver_int_cs, 50);
	assert_int_equal(a->vrid, 10);
	assert_int_equal(a->n_vips, 2);
	assert_vip6(&a->vips[0], "fe80::10", 64);
	assert_vip6(&a->vips[1], "2001:db8::10", 64);
	assert_string_equal(a->vips[1].dev, "eth0");
	assert_ip6(&a->mcast_src_ip6, "fe80::1");
	assert_ip(a->mcast_src_ip, "0.0.0.0");
	assert_ip6(&a->unicast_src_ip6, "::");
	assert_int_equal(a->n_unicast_peers6, 0);
	assert_int_equal(a->n_unicast_peers, 0);
	/* virtual_ipaddress_excluded may hold either family. */
	assert_int_equal(a->n_vips_excluded, 2);
	assert_vip(&a->vips_excluded[0], "192.0.2.10", 24, "", "");
	assert_vip6(&a->vips_excluded[1], "2001:db8:1::10", 64);
	/* Each rule is of its own addresses' family; inet6 says it without any. */
	assert_int_equal(a->n_rules, 4);
	assert_rule6(&a->rules[0], "2001:db8::", 64, "::", 0, 100);
	assert_rule6(&a->rules[1], "::", 0, "2001:db8:1::", 64, 101);
	assert_int_equal(a->rules[1].priority, 1000);
	assert_rule6(&a->rules[2], "::", 0, "::", 0, 102);
	assert_string_equal(a->rules[2].iif, "eth0");
	assert_int_equal(a->rules[3].family, AF_INET);
	assert_ip(a->rules[3].from, "192.0.2.0");
	assert_int_equal(a->rules[3].from_len, 24);

	b = find(cfg, "V4");
	assert_int_equal(b->family, AF_INET);
	assert_int_equal(b->version, 2);
	assert_int_equal(b->vrid, 10);
	assert_string_equal(b->interface, a->interface);

	c = find(cfg, "V6_UNICAST");
	assert_int_equal(c->family, AF_INET6);
	assert_int_equal(c->version, 3);
	assert_ip6(&c->unicast_src_ip6, "2001:db8::1");
	assert_int_equal(c->n_unicast_peers6, 2);
	assert_ip6(&c->unicast_peers6[0], "2001:db8::2");
	assert_ip6(&c->unicast_peers6[1], "fe80::3");
	assert_int_equal(c->n_unicast_peers, 0);
	assert_int_equal(c->auth_type, VRRP_AUTH_NONE);   /* VRRPv3: ignored, with a warning */

	/* native_ipv6 makes an instance IPv6 without any address to say so. */
	d = find(cfg, "V6_NATIVE");
	assert_int_equal(d->family, AF_INET6);
	assert_int_equal(d->version, 3);
	assert_int_equal(d->n_vips, 0);

	e = find(cfg, "V6_GLOBAL_FIRST");
	assert_int_equal(e->family, AF_INET6);
	assert_vip6(&e->vips[0], "2001:db8::13", 64);

	/* keepalived's create_vmac_name(): one VMAC name per instance. */
	assert_string_equal(find(cfg, "V4_VMAC")->vmac_name, "vrrp.20");
	assert_string_equal(find(cfg, "V6_VMAC")->vmac_name, "vrrp6.20");
	assert_string_equal(find(cfg, "V4_VMAC_2")->vmac_name, "vrrp1.20");

	assert_int_equal(cfg->n_static_rules, 2);
	assert_rule6(&cfg->static_rules[0], "2001:db8:5::", 48, "::", 0, 200);
	assert_rule6(&cfg->static_rules[1], "::", 0, "::", 0, 201);
}

static void check_mcast6(const struct xvrrp_config *cfg)
{
	assert_ip6(&cfg->mcast_group6, "ff05::12");
	assert_int_equal(cfg->instances[0].family, AF_INET6);
}

/* vrrp_instance net_namespace (xvrrp extension): per instance, VRIDs per namespace. */
static void check_netns(const struct xvrrp_config *cfg)
{
	assert_string_equal(cfg->net_namespace, "base");
	assert_string_equal(find(cfg, "R1")->net_namespace, "qrouter-1");
	assert_int_equal(find(cfg, "R1")->netns_line, 8);
	assert_string_equal(find(cfg, "R2")->net_namespace, "qrouter-2");
	assert_int_equal(find(cfg, "R2")->netns_line, 19);
	assert_string_equal(find(cfg, "R3")->net_namespace, "");
	assert_int_equal(find(cfg, "R3")->netns_line, 0);
	/* Naming the top-level namespace is being in it. */
	assert_string_equal(find(cfg, "R4")->net_namespace, "");
	assert_int_equal(find(cfg, "R4")->netns_line, 0);
	assert_string_equal(find(cfg, "R1_V6")->net_namespace, "qrouter-1");
	assert_int_equal(find(cfg, "R1_V6")->family, AF_INET6);
}

struct good_case {
	const char *file;
	void (*check)(const struct xvrrp_config *cfg);
	const char *warnings;   /* exact text on err */
	const char *config_id;  /* keepalived -i; NULL = none */
};

static const struct good_case good_cases[] = {
	{ "good_two.conf", check_two, "", NULL },
	{ "good_include.conf", check_include, "", NULL },
	{ "good_all.conf", check_all, "", NULL },
	{ "good_dualstack.conf", check_dualstack, "", NULL },
	{ "good_vrrp6.conf", check_vrrp6, "", NULL },
	{ "good_unicast_check_src.conf", check_unicast_check_src, "", NULL },
	{ "good_ah.conf", check_ah,
	  "good_ah.conf:27: warning: auth_pass is longer than 8 characters; only the first 8 are used\n",
	  NULL },
	{ "good_syntax.conf", check_syntax,
	  "good_syntax.conf:17: warning: vrrp_instance VI_3 has no virtual_ipaddress\n", NULL },
	/* Changed with issue 3: vrrp_script, track_interface, notify_master and
	 * enable_script_security are implemented now; SMTP and LVS are "ignored:". */
	{ "good_unimplemented.conf", check_unimplemented,
	  "ignored: notification_email at good_unimplemented.conf:3\n"
	  "good_unimplemented.conf:27: warning: virtual_ipaddress option 'peer' is not implemented yet; ignored\n"
	  "good_unimplemented.conf:27: warning: virtual_ipaddress option 'noprefixroute' is not implemented yet; ignored\n"
	  "ignored: virtual_server at good_unimplemented.conf:30\n"
	  "good_unimplemented.conf:17: warning: 'nopreempt' has no effect with priority 255\n"
	  "good_unimplemented.conf:37: warning: vrrp_instance VI_2 has no virtual_ipaddress\n", NULL },
	{ "real_gateway_pair.conf", check_gateway, "", NULL },
	{ "real_haproxy_pair.conf", check_haproxy,
	  "ignored: smtp_alert at real_haproxy_pair.conf:43\n", NULL },
	{ "real_unicast_pair.conf", check_unicast_node1, "", "node1" },
	{ "real_unicast_pair.conf", check_unicast_node2, "", "node2" },
	{ "real_unicast_pair.conf", check_unicast_no_id, "", NULL },
	{ "real_neutron_l3ha.conf", check_neutron,
	  "ignored: notification_email_from at real_neutron_l3ha.conf:2\n", NULL },
	{ "good_strict.conf", check_strict,
	  "good_strict.conf:7: warning: vrrp_instance V2: vrrp_strict: state MASTER must match being the address owner (priority 255); state set to BACKUP\n"
	  "good_strict.conf:6: warning: vrrp_instance V2: vrrp_strict does not allow authentication; ignored\n"
	  "good_strict.conf:11: warning: vrrp_instance V2: vrrp_strict does not allow preempt_delay; set to 0\n"
	  "good_strict.conf:12: warning: vrrp_instance V2: vrrp_strict: accept mode with VRRP version 2 does not comply with RFC 3768; set to no_accept\n"
	  "good_strict.conf:13: warning: vrrp_instance V2: vrrp_strict does not allow garp_lower_prio_repeat; set to 0\n"
	  "good_strict.conf:15: warning: vrrp_instance V2: vrrp_strict does not allow vmac_xmit_base; ignored\n", NULL },
	{ "good_sync.conf", check_sync,
	  "good_sync.conf:39: warning: weight for eth1 cannot be +/-254; set to +/-253\n"
	  "good_sync.conf:14: warning: vrrp_sync_group G1: GHOST is not a vrrp_instance; ignored, as keepalived does\n"
	  "good_sync.conf:20: warning: vrrp_instance B is already in vrrp_sync_group G1; ignored here, as keepalived does\n"
	  "good_sync.conf:23: warning: vrrp_sync_group G3 has only one member\n"
	  "good_sync.conf:18: warning: vrrp_sync_group G2 has no members; removed, as keepalived does\n", NULL },
	{ "good_static.conf", check_static, "", NULL },
	/* keepalived: "VRRP version 3 does not support authentication",
	 * "the first IPv6 VIP address should be link local" (not strict). */
	{ "good_ipv6.conf", check_ipv6,
	  "good_ipv6.conf:40: warning: vrrp_instance V6_UNICAST: authentication is ignored with VRRP version 3\n"
	  "good_ipv6.conf:69: warning: vrrp_instance V6_GLOBAL_FIRST: the first IPv6 virtual_ipaddress should be link-local (RFC 5798 section 5.2.9)\n",
	  NULL },
	{ "good_shared_vip.conf", check_shared_vip,
	  "good_shared_vip.conf:22: warning: 192.0.2.50 is also a VIP of vrrp_instance A (good_shared_vip.conf:8) on eth0: the two share it, so whichever is master last answers for it and either one leaving withdraws it\n"
	  "good_shared_vip.conf:23: warning: 2001:db8::50 is also a VIP of vrrp_instance A (good_shared_vip.conf:11) on eth0: the two share it, so whichever is master last answers for it and either one leaving withdraws it\n",
	  NULL },
	{ "good_netns.conf", check_netns, "", NULL },
	{ "good_mcast6.conf", check_mcast6,
	  "good_mcast6.conf:3: warning: vrrp_mcast_group6 'ff05::12' should be a link-local multicast address (ff02::/16)\n",
	  NULL },
};

static void test_good(void **state)
{
	const struct good_case *row = *state;
	struct xvrrp_config cfg;
	struct load_result r;

	load_id(row->file, row->config_id, &cfg, &r);
	assert_string_equal(r.text, row->warnings);
	assert_int_equal(r.rc, 0);
	row->check(&cfg);
	xvrrp_config_free(&cfg);
	assert_int_equal(cfg.n_instances, 0);
	assert_null(cfg.instances);
	assert_null(cfg.files);
	free(r.text);
}

/* ---- broken files: exactly these messages, -1, and an empty cfg ---- */

struct bad_case {
	const char *file;
	const char *errors;
};

static const struct bad_case bad_cases[] = {
	{ "nonexistent.conf",
	  "nonexistent.conf: cannot read: No such file or directory\n" },
	{ "bad_unknown.conf",
	  "bad_unknown.conf:1: unknown keyword 'vrrp_instanse'\n"
	  "bad_unknown.conf:7: unknown keyword 'priorty' in vrrp_instance\n"
	  "bad_unknown.conf:13: unknown keyword 'router_idd' in global_defs\n" },
	{ "bad_unclosed_eof.conf",
	  "bad_unclosed_eof.conf:1: block of 'vrrp_instance' opened here is never closed\n" },
	/* The lost '}' is the inner one, but only the outer block is left open. */
	{ "bad_unclosed_next.conf",
	  "bad_unclosed_next.conf:1: block of 'vrrp_instance' opened here is not closed before 'vrrp_instance' on line 8\n" },
	/* A missing '{' is assumed, so the rest of the instance still parses. */
	{ "bad_missing_open.conf",
	  "bad_missing_open.conf:1: 'vrrp_instance' needs a '{' block\n" },
	{ "bad_stray_close.conf",
	  "bad_stray_close.conf:8: unexpected '}' (no block is open)\n"
	  "bad_stray_close.conf:9: unexpected '{' (a block needs a keyword before it)\n" },
	{ "bad_values.conf",
	  "bad_values.conf:2: vrrp_version 4 is out of range (2-3)\n"
	  "bad_values.conf:3: 'router_id' needs a value (a name)\n"
	  "bad_values.conf:6: unknown state 'master' (MASTER or BACKUP)\n"
	  "bad_values.conf:8: virtual_router_id 256 is out of range (1-255)\n"
	  "bad_values.conf:9: priority 0 is out of range (1-255)\n"
	  "bad_values.conf:10: preempt_delay 1000.5 is out of range (0-1000)\n"
	  "bad_values.conf:11: garp_master_repeat 'many' is not a whole number (0-1000)\n"
	  "bad_values.conf:12: advert_int '-1' is not a number of seconds (e.g. 1 or 0.5)\n"
	  "bad_values.conf:13: 'nopreempt' takes no value; unexpected 'now'\n"
	  "bad_values.conf:14: interface 'eth0123456789abcdef' is too long (at most 15 characters)\n" },
	{ "bad_advert_v2.conf",
	  "bad_advert_v2.conf:4: advert_int 0.5: VRRPv2 advertises whole seconds (1-255); fractions need 'version 3'\n"
	  "bad_advert_v2.conf:12: advert_int 256 is out of range for VRRPv2 (1-255)\n" },
	{ "bad_advert_v3.conf",
	  "bad_advert_v3.conf:7: advert_int 40.96 is out of range for VRRPv3 (0.01-40.95)\n"
	  "bad_advert_v3.conf:15: advert_int 0.004 is out of range for VRRPv3 (0.01-40.95)\n" },
	{ "bad_address.conf",
	  "bad_address.conf:5: bad address '192.0.2.300' in virtual_ipaddress\n"
	  "bad_address.conf:6: bad prefix length in '192.0.2.1/33' (0-32)\n"
	  "bad_address.conf:7: bad prefix length in '2001:db8::1/129' (0-128)\n"
	  "bad_address.conf:8: '224.0.0.18' is not a unicast address\n"
	  "bad_address.conf:9: address ranges ('192.0.2.3-10') are not supported yet\n"
	  "bad_address.conf:10: virtual_ipaddress option 'dev' needs a value\n"
	  "bad_address.conf:11: unknown virtual_ipaddress option 'flavour'\n"
	  "bad_address.conf:12: bad broadcast address '192.0.2.999'\n"
	  "bad_address.conf:12: bad scope 'galaxy' (global, site, link, host, nowhere or 0-255)\n"
	  "bad_address.conf:13: warning: virtual_ipaddress option 'home' is not implemented yet; ignored\n" },
	{ "bad_missing_vrid_if.conf",
	  "bad_missing_vrid_if.conf:1: vrrp_instance VI_1 has no virtual_router_id\n"
	  "bad_missing_vrid_if.conf:1: vrrp_instance VI_1 has no interface\n" },
	{ "bad_duplicates.conf",
	  "bad_duplicates.conf:8: duplicate vrrp_instance name (vrrp_instance VI_1 at bad_duplicates.conf:1)\n"
	  "bad_duplicates.conf:23: virtual_router_id 1 is already used on eth0 (vrrp_instance VI_1 at bad_duplicates.conf:1)\n" },
	{ "bad_include_missing.conf",
	  "bad_include_missing.conf:1: included file 'include.d/no-such-file.conf' does not exist\n"
	  "bad_include_missing.conf:2: 'include' needs exactly one file name\n" },
	/* Changed with the hardening issue: the cycle is found where it closes, once. */
	{ "bad_include_loop.conf",
	  "bad_include_loop.conf:1: 'bad_include_loop.conf' is already being read (an include cycle); not read again\n" },
	{ "bad_auth.conf",
	/* Changed with issue 3: unicast_peer is implemented now (line 8 is no error). */
	  "bad_auth.conf:5: unknown auth_type MD5 (PASS or AH)\n"
	  "bad_auth.conf:20: unknown keyword 'auth_secret' in authentication\n"
	  "bad_auth.conf:18: authentication needs an auth_pass\n" },
	/* Changed with issue 3: "@node1" lines are conditional configuration now,
	 * dropped when the config id is not node1 (none here). */
	{ "bad_lexical.conf",
	  "bad_lexical.conf:2: unterminated quoted string\n"
	  "bad_lexical.conf:5: parameter definition ('$PRIO=') is not supported yet\n" },
	{ "bad_gateway_pair.conf",
	  "bad_gateway_pair.conf:5: weight -300 is out of range (-253..253)\n"
	  "bad_gateway_pair.conf:6: unexpected 'sideways' after the weight\n"
	  "bad_gateway_pair.conf:12: bad address '203.0.113.300' in virtual_routes\n"
	  "bad_gateway_pair.conf:13: destination 198.51.100.1/24 has host bits set\n"
	  "bad_gateway_pair.conf:14: unknown virtual_routes option 'colour'\n"
	  "bad_gateway_pair.conf:15: unknown routing table 'nosuchtable'\n"
	  "bad_gateway_pair.conf:16: virtual_routes entry has no destination\n"
	  "bad_gateway_pair.conf:19: virtual_rules entry needs a 'table'\n"
	  "bad_gateway_pair.conf:23: static route 198.51.100.0/24 needs 'dev' or 'via'\n" },
	/* Unknown track_script names and script-less vrrp_scripts are warnings in
	 * keepalived (it runs on untracked); they are reported, the errors fail. */
	{ "bad_haproxy_pair.conf",
	  "bad_haproxy_pair.conf:4: weight 254 is out of range (-253..253)\n"
	  "bad_haproxy_pair.conf:5: warning: rise 0 is invalid; using 1, as keepalived does\n"
	  "bad_haproxy_pair.conf:6: unknown keyword 'flail' in vrrp_script\n"
	  "bad_haproxy_pair.conf:8: warning: vrrp_script chk_empty has no script; removed, as keepalived does\n"
	  "bad_haproxy_pair.conf:15: weight 300 is out of range (-253..253)\n"
	  "bad_haproxy_pair.conf:19: 'notify_master' needs a value (a script)\n"
	  "bad_haproxy_pair.conf:16: warning: vrrp_instance VI_WEB: track_script chk_haproxi is not defined; ignored, as keepalived does\n"
	  "bad_haproxy_pair.conf:17: warning: vrrp_instance VI_WEB: track_script chk_empty is not defined; ignored, as keepalived does\n" },
	{ "bad_unicast_pair.conf",
	  "bad_unicast_pair.conf:3: vrrp_mcast_group4 '192.0.2.1' is not an IPv4 multicast address\n"
	  "bad_unicast_pair.conf:8: bad address '192.0.2.999' in unicast_src_ip\n"
	  "bad_unicast_pair.conf:11: unicast_peer 2001:db8::12 is IPv6 but vrrp_instance VI_CLOUD is IPv4 (line 10)\n"
	  "bad_unicast_pair.conf:12: bad address '192.0.2.' in unicast_peer\n"
	  "bad_unicast_pair.conf:9: vrrp_instance VI_CLOUD: vrrp_strict does not allow unicast_peer\n" },
	{ "bad_ipv6.conf",
	  "bad_ipv6.conf:6: virtual_ipaddress 2001:db8::10/64 is IPv6 but vrrp_instance VI_1 is IPv4 (line 5): one family per instance (the other can go in virtual_ipaddress_excluded)\n"
	  "bad_ipv6.conf:9: bad prefix length in '2001:db8::11/129' (0-128)\n"
	  "bad_ipv6.conf:10: 'ff02::12' is not a unicast address\n"
	  "bad_ipv6.conf:11: '::1' is not a unicast address\n"
	  "bad_ipv6.conf:12: 'brd' is for IPv4 addresses only\n"
	  "bad_ipv6.conf:13: 'label' is for IPv4 addresses only\n"
	  "bad_ipv6.conf:15: warning: duplicate virtual_ipaddress_excluded 2001:db8::14/64; ignored\n"
	  "bad_ipv6.conf:26: '192.0.2.1' mixes IPv4 and IPv6 in one route\n"
	  "bad_ipv6.conf:27: '192.0.2.20' mixes IPv4 and IPv6 in one route\n"
	  "bad_ipv6.conf:28: destination 2001:db8::1/64 has host bits set\n"
	  "bad_ipv6.conf:29: bad destination '2001:db8::/129' in virtual_routes\n"
	  "bad_ipv6.conf:35: static route 2001:db8:bbbb::/48: a link-local gateway needs 'dev'\n" },
	/* The link-local IPv6 gateway address (line 13) is served now (IPv6 in _excluded). */
	{ "bad_neutron_l3ha.conf",
	  "bad_neutron_l3ha.conf:3: interface 'ha-8f3e1c2a-7b9c' is too long (at most 15 characters)\n"
	  "bad_neutron_l3ha.conf:14: unknown virtual_ipaddress_excluded option 'flavour'\n"
	  "bad_neutron_l3ha.conf:17: unknown route protocol 'statik'\n" },
	/* keepalived: "No VIP specified; at least one is required" (strict or v3),
	 * "Unicast peers are not supported in strict mode" (instance refused). */
	{ "bad_strict.conf",
	  "bad_strict.conf:4: vrrp_instance EMPTY has no virtual_ipaddress (VRRPv3 and vrrp_strict need one)\n"
	  "bad_strict.conf:11: vrrp_instance UNICAST: vrrp_strict does not allow unicast_peer\n"
	  "bad_strict.conf:18: vrrp_instance V3_EMPTY has no virtual_ipaddress (VRRPv3 and vrrp_strict need one)\n" },
	/* keepalived skips an address of the other family ("MUST be of the same
	 * family"), ignores "version 2" on IPv6 and refuses IPv6 with version 2
	 * in strict mode: errors here. */
	{ "bad_family.conf",
	  "bad_family.conf:2: vrrp_mcast_group6 '2001:db8::12' is not an IPv6 multicast address\n"
	  "bad_family.conf:10: virtual_ipaddress 192.0.2.1/24 is IPv4 but vrrp_instance MIXED is IPv6 (line 9): one family per instance (the other can go in virtual_ipaddress_excluded)\n"
	  "bad_family.conf:12: mcast_src_ip 192.0.2.2 is IPv4 but vrrp_instance MIXED is IPv6 (line 9)\n"
	  "bad_family.conf:13: unicast_src_ip 192.0.2.3 is IPv4 but vrrp_instance MIXED is IPv6 (line 9)\n"
	  "bad_family.conf:15: unicast_peer 192.0.2.4 is IPv4 but vrrp_instance MIXED is IPv6 (line 9)\n"
	  "bad_family.conf:17: 'ff02::1' is not a unicast address\n"
	  "bad_family.conf:26: mcast_src_ip fe80::5 is IPv6 but vrrp_instance V4 is IPv4 (line 24)\n"
	  "bad_family.conf:27: native_ipv6 but vrrp_instance V4 is IPv4 (line 24)\n"
	  "bad_family.conf:68: '192.0.2.0/24' mixes IPv4 and IPv6 in one rule\n"
	  "bad_family.conf:69: '192.0.2.0/24' mixes IPv4 and IPv6 in one rule\n"
	  "bad_family.conf:70: '2001:db8::/64' mixes IPv4 and IPv6 in one rule\n"
	  "bad_family.conf:71: warning: bad address '2001:db8::/129' in virtual_rules; rule skipped, as keepalived does\n"
	  "bad_family.conf:33: version 2: vrrp_instance V6_V2 is IPv6 (line 35), which needs VRRP version 3 (RFC 5798)\n"
	  "bad_family.conf:38: vrrp_instance NATIVE_NO_VIP has no virtual_ipaddress (VRRPv3 and vrrp_strict need one)\n"
	  "bad_family.conf:49: vrrp_instance STRICT: vrrp_strict: the first IPv6 virtual_ipaddress must be link-local (RFC 5798 section 5.2.9)\n"
	  "bad_family.conf:54: virtual_router_id 3 is already used on eth0 for IPv6 (vrrp_instance V6_V2 at bad_family.conf:30)\n" },
	/* A name ip netns could make (the length bound: test_config_limits.c). */
	{ "bad_netns.conf",
	  "bad_netns.conf:1: net_namespace 'a/b' is not a namespace name (as ip netns names them: no '/', not '.' or '..')\n"
	  "bad_netns.conf:24: net_namespace '..' is not a namespace name (as ip netns names them: no '/', not '.' or '..')\n"
	  "bad_netns.conf:25: net_namespace '.' is not a namespace name (as ip netns names them: no '/', not '.' or '..')\n"
	  "bad_netns.conf:26: net_namespace 'qrouter/3' is not a namespace name (as ip netns names them: no '/', not '.' or '..')\n"
	  "bad_netns.conf:27: net_namespace '' is not a namespace name (as ip netns names them: no '/', not '.' or '..')\n"
	  "bad_netns.conf:28: 'net_namespace' takes one value (a network namespace name); unexpected 'qrouter-4'\n"
	  "bad_netns.conf:12: virtual_router_id 1 is already used on ha-1 in net_namespace qrouter-1 (vrrp_instance A at bad_netns.conf:3)\n" },
};

static void test_bad(void **state)
{
	const struct bad_case *row = *state;
	struct xvrrp_config cfg;
	struct load_result r;

	memset(&cfg, 0xa5, sizeof(cfg));
	load(row->file, &cfg, &r);
	assert_string_equal(r.text, row->errors);
	assert_int_equal(r.rc, -1);
	assert_int_equal(cfg.n_instances, 0);
	assert_null(cfg.instances);
	assert_int_equal(cfg.n_files, 0);
	assert_null(cfg.files);
	free(r.text);
}

/* ---- check-config --dump: the output loads again into an equal config ---- */

static char *dump_text(const struct xvrrp_config *cfg)
{
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	xvrrp_config_dump(cfg, out);
	fclose(out);
	return text;
}

static void test_dump_round_trip(void **state)
{
	const struct good_case *row = *state;
	struct xvrrp_config a, b;
	struct load_result r1, r2;
	char path[] = "/tmp/xvrrp-dump-XXXXXX";
	char *text_a, *text_b;
	size_t i;
	int fd;

	load_id(row->file, row->config_id, &a, &r1);
	assert_int_equal(r1.rc, 0);
	text_a = dump_text(&a);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text_a, strlen(text_a)), (ssize_t)strlen(text_a));
	close(fd);
	load(path, &b, &r2);
	unlink(path);
	if (r2.rc)
		fail_msg("dump of %s does not load:\n%s\n%s", row->file, r2.text, text_a);
	assert_int_equal(b.n_instances, a.n_instances);
	for (i = 0; i < a.n_instances; i++)
		if (!xvrrp_instance_cfg_equal(&a.instances[i], &b.instances[i]))
			fail_msg("%s: instance %s differs after the round trip", row->file,
				 a.instances[i].name);
	/* Globals, scripts, groups and static parts: the dump is a fixed point. */
	text_b = dump_text(&b);
	assert_string_equal(text_b, text_a);
	xvrrp_config_free(&a);
	xvrrp_config_free(&b);
	free(text_a);
	free(text_b);
	free(r1.text);
	free(r2.text);
}

/* ---- xvrrp_instance_cfg_equal: one changed setting makes a difference ---- */

static void mut_priority(struct xvrrp_instance_cfg *i) { i->priority--; }
static void mut_adver(struct xvrrp_instance_cfg *i) { i->adver_int_cs++; }
static void mut_vip(struct xvrrp_instance_cfg *i) { i->vips[0].prefixlen--; }
static void mut_vip_count(struct xvrrp_instance_cfg *i) { i->n_vips--; }
static void mut_route(struct xvrrp_instance_cfg *i) { i->routes[0].metric = 5; }
static void mut_rule(struct xvrrp_instance_cfg *i) { i->rules[0].table++; }
static void mut_track(struct xvrrp_instance_cfg *i) { i->track_ifs[0].weight_reverse ^= 1; }
static void mut_accept(struct xvrrp_instance_cfg *i) { i->accept ^= 1; }
static void mut_group(struct xvrrp_instance_cfg *i) { i->sync_group = NULL; }
static void mut_auth(struct xvrrp_instance_cfg *i) { i->auth_pass[0]++; }
static void mut_notify(struct xvrrp_instance_cfg *i)
{
	free(i->notify.notify_fault);
	i->notify.notify_fault = strdup("/bin/other");
}
static void mut_line(struct xvrrp_instance_cfg *i) { i->line++; i->file = "elsewhere"; }
static void mut_family(struct xvrrp_instance_cfg *i) { i->family = AF_INET6; }
static void mut_src6(struct xvrrp_instance_cfg *i) { i->mcast_src_ip6.s6_addr[15] = 1; }
static void mut_netns(struct xvrrp_instance_cfg *i) { strcpy(i->net_namespace, "qrouter-9"); }
static void mut_netns_line(struct xvrrp_instance_cfg *i) { i->netns_line = 7; }

static const struct equal_case {
	const char *what;
	void (*mutate)(struct xvrrp_instance_cfg *inst);
	bool equal;
} equal_cases[] = {
	{ "priority", mut_priority, false },
	{ "advert_int", mut_adver, false },
	{ "a VIP's prefix", mut_vip, false },
	{ "the VIP count", mut_vip_count, false },
	{ "a route's metric", mut_route, false },
	{ "a rule's table", mut_rule, false },
	{ "track_interface reverse", mut_track, false },
	{ "accept mode", mut_accept, false },
	{ "sync group", mut_group, false },
	{ "auth_pass", mut_auth, false },
	{ "notify_fault", mut_notify, false },
	{ "file and line only", mut_line, true },
	{ "the family", mut_family, false },
	{ "an IPv6 mcast_src_ip", mut_src6, false },
	{ "the net_namespace", mut_netns, false },
	{ "the net_namespace's line only", mut_netns_line, true },
};

static void test_equal(void **state)
{
	struct xvrrp_config a, b;
	struct load_result r1, r2;
	size_t i;

	(void)state;
	load("real_gateway_pair.conf", &a, &r1);
	assert_int_equal(r1.rc, 0);
	for (i = 0; i < sizeof(equal_cases) / sizeof(equal_cases[0]); i++) {
		/* VI_INSIDE (index 1) has routes, rules, tracking, a group. */
		load("real_gateway_pair.conf", &b, &r2);
		assert_int_equal(r2.rc, 0);
		assert_true(xvrrp_instance_cfg_equal(&a.instances[1], &b.instances[1]));
		assert_false(xvrrp_instance_cfg_equal(&a.instances[0], &b.instances[1]));
		equal_cases[i].mutate(&b.instances[1]);
		if (xvrrp_instance_cfg_equal(&a.instances[1], &b.instances[1]) !=
		    equal_cases[i].equal)
			fail_msg("changing %s: expected %s", equal_cases[i].what,
				 equal_cases[i].equal ? "equal" : "different");
		xvrrp_config_free(&b);
		free(r2.text);
	}
	xvrrp_config_free(&a);
	free(r1.text);
}

/*
 * A reload keeps an instance only on the same protocol: not across a change
 * of family, nor of its IPv6 source or peers.
 */
static void test_same_protocol_ipv6(void **state)
{
	struct xvrrp_config a, b;
	struct load_result r1, r2;
	struct xvrrp_instance_cfg *v6, *uni;

	(void)state;
	load("good_ipv6.conf", &a, &r1);
	load("good_ipv6.conf", &b, &r2);
	assert_int_equal(r1.rc, 0);
	assert_int_equal(r2.rc, 0);
	v6 = (struct xvrrp_instance_cfg *)find(&b, "V6");
	uni = (struct xvrrp_instance_cfg *)find(&b, "V6_UNICAST");
	assert_true(xvrrp_instance_cfg_same_protocol(find(&a, "V6"), v6));
	assert_true(xvrrp_instance_cfg_equal(find(&a, "V6_UNICAST"), uni));
	/* V4 has V6's name-independent settings but is the other family. */
	v6->family = AF_INET;
	assert_false(xvrrp_instance_cfg_same_protocol(find(&a, "V6"), v6));
	v6->family = AF_INET6;
	v6->mcast_src_ip6.s6_addr[15] = 2;
	assert_false(xvrrp_instance_cfg_same_protocol(find(&a, "V6"), v6));
	uni->unicast_src_ip6.s6_addr[15] = 9;
	assert_false(xvrrp_instance_cfg_same_protocol(find(&a, "V6_UNICAST"), uni));
	uni->unicast_src_ip6 = find(&a, "V6_UNICAST")->unicast_src_ip6;
	uni->unicast_peers6[1].s6_addr[15] = 4;
	assert_false(xvrrp_instance_cfg_same_protocol(find(&a, "V6_UNICAST"), uni));
	assert_false(xvrrp_instance_cfg_equal(find(&a, "V6_UNICAST"), uni));
	xvrrp_config_free(&a);
	xvrrp_config_free(&b);
	free(r1.text);
	free(r2.text);
}

/* ---- keepalived's own samples: only notes for what xvrrp does not do ---- */

#define SAMPLES_DIR "/usr/share/doc/keepalived/samples"

/*
 * Lines other than "ignored: ..." and "... is not implemented yet; ignored"
 * that a sample must produce, each for a stated reason.
 */
static const struct sample_case {
	const char *name;
	const char *config_id;          /* its comments say to run it with -i */
	int rc;
	const char *extra[4];           /* expected after "PATH" */
} sample_cases[] = {
	/* "Run keepalived with either '-i high' or '-i low'". */
	{ "keepalived.conf.conditional_conf", "high", 0, { NULL } },
	/* 192.168.200.18 is listed twice (once with a label). */
	{ "keepalived.conf.vrrp", NULL, 0,
	  { ":32: warning: duplicate virtual_ipaddress 192.168.200.18; ignored" } },
	/* Members without "group { }": keepalived itself says "Unknown keyword". */
	{ "keepalived.conf.vrrp.lvs_syncd", NULL, 0,
	  { ":4: warning: 'VI_2' is not a vrrp_sync_group keyword (members go in 'group { }'); ignored, as keepalived does",
	    ":5: warning: 'VI_3' is not a vrrp_sync_group keyword (members go in 'group { }'); ignored, as keepalived does",
	    ":3: warning: vrrp_sync_group VG1 has no members; removed, as keepalived does" } },
	/* "192.168.100./24": keepalived logs "Invalid rule" and skips it. */
	{ "keepalived.conf.vrrp.rules", NULL, 0,
	  { ":11: warning: bad address '192.168.100./24' in static_rules; rule skipped, as keepalived does",
	    ":26: warning: bad address '192.168.200./24' in virtual_rules; rule skipped, as keepalived does" } },
};

static const struct sample_case *sample_row(const char *name)
{
	static const struct sample_case plain = { NULL, NULL, 0, { NULL } };
	size_t i;

	for (i = 0; i < sizeof(sample_cases) / sizeof(sample_cases[0]); i++)
		if (!strcmp(sample_cases[i].name, name))
			return &sample_cases[i];
	return &plain;
}

static bool expected_line(const char *path, const char *line,
			  const struct sample_case *row, bool *seen)
{
	size_t k, plen = strlen(path);

	if (!strncmp(line, "ignored: ", 9) ||
	    (strstr(line, ": warning: ") && strstr(line, "is not implemented yet; ignored")))
		return true;
	for (k = 0; k < 4 && row->extra[k]; k++) {
		if (!strncmp(line, path, plen) && !strcmp(line + plen, row->extra[k])) {
			seen[k] = true;
			return true;
		}
	}
	return false;
}

static void check_sample(const char *path)
{
	const struct sample_case *row = sample_row(strrchr(path, '/') + 1);
	struct xvrrp_config cfg;
	struct load_result r;
	bool seen[4] = { false };
	char *line, *save = NULL;
	size_t k;

	load_id(path, row->config_id, &cfg, &r);
	if (r.rc != row->rc)
		fail_msg("%s: rc %d, expected %d:\n%s", path, r.rc, row->rc, r.text);
	for (line = strtok_r(r.text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (!expected_line(path, line, row, seen))
			fail_msg("%s: unexpected message: %s", path, line);
	for (k = 0; k < 4 && row->extra[k]; k++)
		if (!seen[k])
			fail_msg("%s: missing message: %s", path, row->extra[k]);
	xvrrp_config_free(&cfg);
	free(r.text);
}

static void test_samples(void **state)
{
	glob_t g;
	size_t i;

	(void)state;
	if (glob(SAMPLES_DIR "/keepalived.conf.*", 0, NULL, &g)) {
		print_message("no keepalived samples in " SAMPLES_DIR "; skipped\n");
		skip();
	}
	assert_true(g.gl_pathc >= sizeof(sample_cases) / sizeof(sample_cases[0]));
	for (i = 0; i < g.gl_pathc; i++)
		check_sample(g.gl_pathv[i]);
	globfree(&g);
}

/* ---- instances in other namespaces ---- */

/* check-config's note: one line per instance that names a namespace. */
static void test_netns_note(void **state)
{
	struct xvrrp_config cfg;
	struct load_result r;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	(void)state;
	load("good_netns.conf", &cfg, &r);
	assert_int_equal(r.rc, 0);
	out = open_memstream(&text, &len);
	assert_non_null(out);
	xvrrp_netns_note(&cfg, out);
	fclose(out);
	assert_string_equal(text,
		"good_netns.conf:8: note: vrrp_instance R1 runs in net_namespace qrouter-1, which "
		"must exist when xvrrp attaches (with --config DIR it waits for it)\n"
		"good_netns.conf:19: note: vrrp_instance R2 runs in net_namespace qrouter-2, which "
		"must exist when xvrrp attaches (with --config DIR it waits for it)\n"
		"good_netns.conf:46: note: vrrp_instance R1_V6 runs in net_namespace qrouter-1, which "
		"must exist when xvrrp attaches (with --config DIR it waits for it)\n");
	free(text);
	xvrrp_config_free(&cfg);
	free(r.text);
}

/* What fn writes on stderr (the daemon's log in the foreground). */
static char *capture_stderr(int (*fn)(void *), void *arg, int *ret)
{
	char *text;
	FILE *tmp = tmpfile();
	int saved = dup(STDERR_FILENO);
	long len;

	assert_non_null(tmp);
	assert_true(saved >= 0);
	fflush(stderr);
	assert_true(dup2(fileno(tmp), STDERR_FILENO) >= 0);
	*ret = fn(arg);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	len = ftell(tmp);
	assert_true(len >= 0);
	text = calloc(1, (size_t)len + 1);
	assert_non_null(text);
	rewind(tmp);
	assert_int_equal(fread(text, 1, (size_t)len, tmp), (size_t)len);
	fclose(tmp);
	return text;
}

static int open_netns_config(void *arg)
{
	struct xvrrp_env env = { .offline = true };
	struct xvrrp_attach_opts o = { .config_path = arg, .env = &env };
	struct xvrrp_daemon *d = calloc(1, sizeof(*d));
	int ret;

	assert_non_null(d);
	ret = xvrrp_daemon_open(d, &o);
	if (!ret)
		xvrrp_daemon_close(d);
	free(d);
	return ret;
}

/*
 * An instance in a namespace that does not exist: attach says so at its
 * line, in one sentence, and touches nothing (exit 2, as a config error).
 */
static void test_netns_attach_absent(void **state)
{
	char *text;
	int ret;

	(void)state;
	if (geteuid() != 0)
		skip();         /* the root check comes first */
	text = capture_stderr(open_netns_config, "netns_absent.conf", &ret);
	assert_int_equal(ret, 2);
	if (!strstr(text, "netns_absent.conf:6: net_namespace xvrrp-test-no-such-ns does not "
		    "exist: create it first (ip netns add xvrrp-test-no-such-ns)\n"))
		fail_msg("attach said:\n%s", text);
	assert_int_equal(strchr(text, '\n') - text + 1, (long)strlen(text));
	free(text);
}

/* Messages are "file:line:" with the path as given: run next to the files. */
static int enter_config_dir(void **state)
{
	const char *dir = getenv("XVRRP_TEST_DIR");
	char path[4096];

	snprintf(path, sizeof(path), "%s/configs", dir && *dir ? dir : "tests");
	if (chdir(path)) {
		fprintf(stderr, "cannot enter %s (set XVRRP_TEST_DIR)\n", path);
		return -1;
	}
	return 0;
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

int main(void)
{
	struct CMUnitTest tests[2 * N(good_cases) + N(bad_cases) + 7];
	size_t i, n = 0;

	for (i = 0; i < N(good_cases); i++) {
		struct CMUnitTest t = {
			.name = good_cases[i].file,
			.test_func = test_good,
			.initial_state = (void *)&good_cases[i],
		};
		tests[n++] = t;
	}
	for (i = 0; i < N(bad_cases); i++) {
		struct CMUnitTest t = {
			.name = bad_cases[i].file,
			.test_func = test_bad,
			.initial_state = (void *)&bad_cases[i],
		};
		tests[n++] = t;
	}
	for (i = 0; i < N(good_cases); i++) {
		struct CMUnitTest t = {
			.name = good_cases[i].file,
			.test_func = test_dump_round_trip,
			.initial_state = (void *)&good_cases[i],
		};
		tests[n++] = t;
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_equal);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_same_protocol_ipv6);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_samples);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_netns_note);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_netns_attach_absent);
	return _cmocka_run_group_tests("config", tests, n, enter_config_dir, NULL);
}
