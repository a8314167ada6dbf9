// SPDX-License-Identifier: GPL-2.0-only
/*
 * keepalived.conf reader: one row per sample file in tests/configs/. Good
 * files check the values read and the exact warnings; broken files check the
 * exact "file:line: message" text, the -1 and that nothing is left in cfg
 * (ASan's leak check covers "nothing allocated left behind").
 */
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

#include "config.h"

struct load_result {
	int rc;
	char *text;             /* everything written to err */
	size_t len;
};

static void load(const char *file, struct xvrrp_config *cfg, struct load_result *r)
{
	FILE *err = open_memstream(&r->text, &r->len);

	assert_non_null(err);
	r->rc = xvrrp_config_load(file, cfg, err);
	fclose(err);
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
	/* keepalived clears nopreempt when the initial state is MASTER. */
	assert_false(a->nopreempt);
	/* VRRPv2 (the default) PASS authentication, zero-padded to 8 octets. */
	assert_int_equal(a->version, 2);
	assert_int_equal(a->auth_type, 1);
	assert_memory_equal(a->auth_pass, "1111\0\0\0\0", 8);
}

struct good_case {
	const char *file;
	void (*check)(const struct xvrrp_config *cfg);
	const char *warnings;   /* exact text on err */
};

static const struct good_case good_cases[] = {
	{ "good_two.conf", check_two, "" },
	{ "good_include.conf", check_include, "" },
	{ "good_all.conf", check_all, "" },
	{ "good_syntax.conf", check_syntax,
	  "good_syntax.conf:17: warning: vrrp_instance VI_3 has no virtual_ipaddress\n" },
	{ "good_unimplemented.conf", check_unimplemented,
	  "good_unimplemented.conf:3: warning: 'notification_email' is not implemented yet; ignored\n"
	  "good_unimplemented.conf:6: warning: 'enable_script_security' is not implemented yet; ignored\n"
	  "good_unimplemented.conf:9: warning: 'vrrp_script' is not implemented yet; ignored\n"
	  "good_unimplemented.conf:22: warning: 'track_interface' is not implemented yet; ignored\n"
	  "good_unimplemented.conf:25: warning: 'notify_master' is not implemented yet; ignored\n"
	  "good_unimplemented.conf:27: warning: virtual_ipaddress option 'peer' is not implemented yet; ignored\n"
	  "good_unimplemented.conf:27: warning: virtual_ipaddress option 'noprefixroute' is not implemented yet; ignored\n"
	  "good_unimplemented.conf:30: warning: 'virtual_server' is not implemented yet; ignored\n"
	  "good_unimplemented.conf:17: warning: 'nopreempt' has no effect with 'state MASTER'\n"
	  "good_unimplemented.conf:37: warning: vrrp_instance VI_2 has no virtual_ipaddress\n" },
};

static void test_good(void **state)
{
	const struct good_case *row = *state;
	struct xvrrp_config cfg;
	struct load_result r;

	load(row->file, &cfg, &r);
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
	  "bad_address.conf:7: IPv6 virtual_ipaddress is not supported yet\n"
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
	{ "bad_include_loop.conf",
	  "bad_include_loop.conf:1: includes nested more than 8 deep (does a file include itself?)\n" },
	{ "bad_auth.conf",
	  "bad_auth.conf:5: auth_type AH is not supported (PASS only)\n"
	  "bad_auth.conf:8: 'unicast_peer' is not supported yet: xvrrp advertises by multicast only, so its unicast peers would not hear it\n"
	  "bad_auth.conf:20: unknown keyword 'auth_secret' in authentication\n"
	  "bad_auth.conf:18: authentication needs an auth_pass\n" },
	{ "bad_lexical.conf",
	  "bad_lexical.conf:2: unterminated quoted string\n"
	  "bad_lexical.conf:4: conditional configuration ('@node1') is not supported yet\n"
	  "bad_lexical.conf:5: parameter definition ('$PRIO=') is not supported yet\n" },
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
	struct CMUnitTest tests[N(good_cases) + N(bad_cases)];
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
	return _cmocka_run_group_tests("config", tests, n, enter_config_dir, NULL);
}
