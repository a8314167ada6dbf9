// SPDX-License-Identifier: GPL-2.0-only
/*
 * keepalived.conf reader: a directory of files as one configuration
 * (OpenStack Neutron's ha_confs/<router>/keepalived.conf). Samples in
 * tests/configs/dir_* and bad_dir_*; the odd cases are made here in a
 * temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "config_load.h"
#include "tmpdir.h"

#include "config.h"

static void load_prefix(const char *path, const char *prefix, struct xvrrp_config *cfg,
			struct load_result *r)
{
	struct xvrrp_config_opts opts = { .netns_prefix = prefix };

	load_opts(path, &opts, cfg, r);
}

static void load(const char *path, struct xvrrp_config *cfg, struct load_result *r)
{
	load_opts(path, NULL, cfg, r);
}

/* The instance of that name in that scope. */
static const struct xvrrp_instance_cfg *find(const struct xvrrp_config *cfg, const char *name,
					     unsigned int scope)
{
	for (size_t i = 0; i < cfg->n_instances; i++)
		if (cfg->instances[i].scope == scope && !strcmp(cfg->instances[i].name, name))
			return &cfg->instances[i];
	fail_msg("no vrrp_instance %s in scope %u", name, scope);
	return NULL;
}

static const struct xvrrp_script_cfg *script(const struct xvrrp_config *cfg, const char *name,
					     unsigned int scope)
{
	for (size_t i = 0; i < cfg->n_scripts; i++)
		if (cfg->scripts[i].scope == scope && !strcmp(cfg->scripts[i].name, name))
			return &cfg->scripts[i];
	fail_msg("no vrrp_script %s in scope %u", name, scope);
	return NULL;
}

static void assert_bad(const char *path, const char *expect)
{
	struct xvrrp_config cfg;
	struct load_result r;

	load(path, &cfg, &r);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.text, expect);
	assert_int_equal(cfg.n_instances, 0);
	assert_null(cfg.files);
	free(r.text);
}

/* ---- Neutron's layout ---- */

static void check_router(const struct xvrrp_config *cfg, const char *name, unsigned int scope,
			 unsigned int vrid, const char *netns, const char *script_path)
{
	const struct xvrrp_instance_cfg *inst = find(cfg, name, scope);
	const struct xvrrp_script_cfg *sc;

	assert_int_equal(inst->vrid, vrid);
	assert_string_equal(inst->net_namespace, netns);
	/* Said by no net_namespace line: messages point at the instance. */
	assert_int_equal(inst->netns_line, 0);
	assert_int_equal(inst->n_track_scripts, 1);
	sc = script(cfg, inst->track_scripts[0].name, scope);
	assert_string_equal(sc->script, script_path);
	assert_string_equal(sc->file, inst->file);
	assert_int_equal(inst->n_vips, 1);
	assert_int_equal(inst->n_vips_excluded, 2);
	assert_int_equal(inst->n_routes, 1);
	assert_int_equal(inst->priority, 50);
	assert_true(inst->nopreempt);
}

static void test_neutron(void **state)
{
	struct xvrrp_config cfg;
	struct load_result r;

	(void)state;
	load("dir_neutron", &cfg, &r);
	assert_int_equal(r.rc, 0);
	/* router_id differs (bbb says neutron-b): allowed; the first file's is kept. */
	assert_string_equal(r.text, "ignored: notification_email_from at "
			    "dir_neutron/aaa/keepalived.conf:2\n");
	assert_string_equal(cfg.router_id, "neutron");
	assert_string_equal(cfg.net_namespace, "");
	assert_int_equal(cfg.n_files, 3);
	assert_string_equal(cfg.files[0], "dir_neutron/aaa/keepalived.conf");
	assert_string_equal(cfg.files[1], "dir_neutron/bbb/keepalived.conf");
	assert_string_equal(cfg.files[2], "dir_neutron/ccc/keepalived.conf");
	assert_int_equal(cfg.n_instances, 3);
	assert_int_equal(cfg.n_scripts, 3);
	/* VR_1 and ha_health_check_1 twice, VRID 1 twice: one per router. */
	check_router(&cfg, "VR_1", 1, 1, "qrouter-aaa",
		     "/var/lib/neutron/ha_confs/aaa/ha_check_script_1.sh");
	check_router(&cfg, "VR_1", 2, 1, "qrouter-bbb",
		     "/var/lib/neutron/ha_confs/bbb/ha_check_script_1.sh");
	check_router(&cfg, "VR_5", 3, 5, "qrouter-ccc",
		     "/var/lib/neutron/ha_confs/ccc/ha_check_script_5.sh");
	assert_string_equal(find(&cfg, "VR_1", 2)->file, "dir_neutron/bbb/keepalived.conf");
	xvrrp_config_free(&cfg);
	free(r.text);
}

static void test_netns_prefix(void **state)
{
	struct xvrrp_config cfg;
	struct load_result r;

	(void)state;
	load_prefix("dir_neutron", "ns-", &cfg, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(find(&cfg, "VR_1", 1)->net_namespace, "ns-aaa");
	assert_string_equal(find(&cfg, "VR_5", 3)->net_namespace, "ns-ccc");
	xvrrp_config_free(&cfg);
	free(r.text);

	/* An empty prefix: the directory's name is the namespace's. */
	load_prefix("dir_neutron", "", &cfg, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(find(&cfg, "VR_1", 2)->net_namespace, "bbb");
	xvrrp_config_free(&cfg);
	free(r.text);

	/* A name ip netns could not make: said once per file, at its first instance. */
	load_prefix("dir_neutron", "a/", &cfg, &r);
	assert_int_equal(r.rc, -1);
	assert_non_null(strstr(r.text, "dir_neutron/aaa/keepalived.conf:11: vrrp_instance VR_1: "
			       "its router's net_namespace 'a/aaa' (the prefix and the directory "
			       "name) is not a name ip netns could make"));
	assert_non_null(strstr(r.text, "dir_neutron/ccc/keepalived.conf:11: "));
	assert_int_equal(cfg.n_instances, 0);
	free(r.text);
}

/* A file's top-level net_namespace, an instance's own, files directly in the directory. */
static void test_explicit_netns(void **state)
{
	struct xvrrp_config cfg;
	struct load_result r;

	(void)state;
	load("dir_ns", &cfg, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.text, "");
	assert_string_equal(cfg.net_namespace, "");
	assert_int_equal(cfg.n_instances, 6);
	/* a.conf, b.conf, r1/, r2/: in name order. */
	assert_string_equal(find(&cfg, "A1", 1)->net_namespace, "");
	assert_string_equal(find(&cfg, "B1", 2)->net_namespace, "blue");
	assert_int_equal(find(&cfg, "B1", 2)->netns_line, 2);
	assert_string_equal(find(&cfg, "B2", 2)->net_namespace, "green");
	assert_int_equal(find(&cfg, "B2", 2)->netns_line, 13);
	assert_string_equal(find(&cfg, "R1", 3)->net_namespace, "red");
	assert_int_equal(find(&cfg, "R1", 3)->netns_line, 8);
	assert_string_equal(find(&cfg, "R2", 4)->net_namespace, "qrouter-r2");
	assert_string_equal(find(&cfg, "R2_OWN", 4)->net_namespace, "qrouter-elsewhere");
	/* VRID 10 on eth0 four times: four namespaces, four links. */
	assert_int_equal(find(&cfg, "R2", 4)->vrid, 10);
	xvrrp_config_free(&cfg);
	free(r.text);
}

/* ---- names per file ---- */

static void test_duplicate_in_file(void **state)
{
	(void)state;
	assert_bad("bad_dir_dup",
		   "bad_dir_dup/r1/keepalived.conf:8: duplicate vrrp_instance name (vrrp_instance "
		   "VR_1 at bad_dir_dup/r1/keepalived.conf:1)\n");
}

static void test_reference_other_file(void **state)
{
	(void)state;
	assert_bad("bad_dir_ref",
		   "bad_dir_ref/r2/keepalived.conf:5: vrrp_instance VR_1: track_script "
		   "chk_only_here is defined only in another file (bad_dir_ref/r1/keepalived.conf): "
		   "a file of a configuration directory refers to its own\n"
		   "bad_dir_ref/r2/keepalived.conf:14: vrrp_sync_group SG: vrrp_instance VR_9 is "
		   "defined only in another file (bad_dir_ref/r1/keepalived.conf): a file of a "
		   "configuration directory refers to its own\n"
		   "bad_dir_ref/r2/keepalived.conf:11: warning: vrrp_sync_group SG has only one "
		   "member\n");
}

static void test_sync_groups(void **state)
{
	const struct xvrrp_instance_cfg *x1, *x2, *y1, *y2;
	struct xvrrp_config cfg;
	struct load_result r;

	(void)state;
	load("dir_sync", &cfg, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.text, "");
	assert_int_equal(cfg.n_sync_groups, 2);
	assert_int_equal(cfg.sync_groups[0].scope, 1);
	assert_int_equal(cfg.sync_groups[1].scope, 2);
	assert_int_equal(cfg.sync_groups[0].n_members, 2);
	assert_int_equal(cfg.sync_groups[1].n_members, 2);
	x1 = find(&cfg, "VR_1", 1);
	x2 = find(&cfg, "VR_2", 1);
	y1 = find(&cfg, "VR_1", 2);
	y2 = find(&cfg, "VR_2", 2);
	/* Each group holds its own file's instances. */
	assert_ptr_equal(x1->sync_group, cfg.sync_groups[0].name);
	assert_ptr_equal(x2->sync_group, cfg.sync_groups[0].name);
	assert_ptr_equal(y1->sync_group, cfg.sync_groups[1].name);
	assert_ptr_equal(y2->sync_group, cfg.sync_groups[1].name);
	/* And their scripts: chk of x is /bin/check-x. */
	assert_string_equal(script(&cfg, x1->track_scripts[0].name, 1)->script, "/bin/check-x");
	assert_string_equal(script(&cfg, y1->track_scripts[0].name, 2)->script, "/bin/check-y");
	assert_int_equal(cfg.scripts[0].scope, 1);
	assert_int_equal(cfg.scripts[1].scope, 2);
	xvrrp_config_free(&cfg);
	free(r.text);
}

/* ---- global settings ---- */

static void test_globals_differ(void **state)
{
	(void)state;
	assert_bad("bad_dir_globals",
		   "bad_dir_globals/r2/keepalived.conf:3: vrrp_garp_master_delay differs from "
		   "bad_dir_globals/r1/keepalived.conf:3: the files of a configuration directory "
		   "share their global settings (router_id excepted)\n"
		   "bad_dir_globals/r3/keepalived.conf:2: vrrp_garp_master_delay (the default here) "
		   "differs from bad_dir_globals/r1/keepalived.conf:3: the files of a configuration "
		   "directory share their global settings (router_id excepted)\n"
		   "bad_dir_globals/r3/keepalived.conf:2: vrrp_strict (the default here) differs "
		   "from bad_dir_globals/r1/keepalived.conf:4: the files of a configuration "
		   "directory share their global settings (router_id excepted)\n");
}

/* ---- the record: the dump loads again as one file ---- */

/* The same instance but for its name (qualified) and its group's name. */
static void assert_same_instance(const struct xvrrp_instance_cfg *a,
				 const struct xvrrp_instance_cfg *b)
{
	struct xvrrp_instance_cfg c = *b;

	assert_string_equal(a->net_namespace, b->net_namespace);
	assert_int_equal(a->n_vips, b->n_vips);
	assert_int_equal(a->n_vips_excluded, b->n_vips_excluded);
	assert_int_equal(a->n_routes, b->n_routes);
	assert_int_equal(a->n_rules, b->n_rules);
	for (size_t i = 0; i < a->n_vips_excluded; i++)
		assert_true(xvrrp_vip_cfg_equal(&a->vips_excluded[i], &b->vips_excluded[i]));
	for (size_t i = 0; i < a->n_routes; i++)
		assert_true(xvrrp_route_cfg_equal(&a->routes[i], &b->routes[i]));
	strcpy(c.name, a->name);
	c.sync_group = a->sync_group;
	/* Track references name the (qualified) definitions: compared apart. */
	c.n_track_scripts = a->n_track_scripts;
	c.track_scripts = a->track_scripts;
	assert_int_equal(b->n_track_scripts, a->n_track_scripts);
	assert_true(xvrrp_instance_cfg_equal(a, &c));
}

static void round_trip(const char *dir, const char *const *names)
{
	struct xvrrp_config a, b;
	struct load_result r1, r2;
	char *text_a;

	load(dir, &a, &r1);
	assert_int_equal(r1.rc, 0);
	/* As the record is read back: xvrrp_config_load, one file. */
	text_a = dump_and_load(&a, dir, &b, &r2);
	assert_int_equal(b.n_instances, a.n_instances);
	assert_int_equal(b.n_scripts, a.n_scripts);
	assert_int_equal(b.n_sync_groups, a.n_sync_groups);
	for (size_t i = 0; i < a.n_instances; i++) {
		assert_string_equal(b.instances[i].name, names[i]);
		assert_int_equal(b.instances[i].scope, 0);
		assert_same_instance(&a.instances[i], &b.instances[i]);
		/* A reference still finds its own file's script. */
		for (size_t k = 0; k < b.instances[i].n_track_scripts; k++) {
			const char *ref = b.instances[i].track_scripts[k].name;
			size_t s;

			for (s = 0; s < b.n_scripts && strcmp(b.scripts[s].name, ref); s++)
				;
			assert_true(s < b.n_scripts);
			assert_int_equal(a.scripts[s].scope, a.instances[i].scope);
			assert_string_equal(b.scripts[s].script, a.scripts[s].script);
		}
	}
	/* And a fixed point from there. */
	assert_fixed_point(&a, &b, text_a, &r1, &r2);
}

static void test_dump_round_trip(void **state)
{
	static const char *const neutron[] = { "VR_1@1", "VR_1@2", "VR_5" };
	static const char *const sync[] = { "VR_1@1", "VR_2@1", "VR_1@2", "VR_2@2" };
	static const char *const ns[] = { "A1", "B1", "B2", "R1", "R2", "R2_OWN" };

	(void)state;
	round_trip("dir_neutron", neutron);
	round_trip("dir_sync", sync);
	round_trip("dir_ns", ns);
}

/* ---- made here: empty, unreadable, unclosed ---- */

static char tmp[128];

static void put(const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void sub(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	assert_int_equal(mkdir(path, 0700), 0);
}

static void test_empty(void **state)
{
	struct xvrrp_config cfg;
	struct load_result r;

	(void)state;
	assert_int_equal(test_tmpdir_make(tmp, sizeof(tmp), "config-dir"), 0);
	load(tmp, &cfg, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.text, "");
	assert_int_equal(cfg.n_instances, 0);
	free(r.text);
	xvrrp_config_free(&cfg);

	/* Nothing of ours: a router's directory without its file yet, other files. */
	sub("pending");
	put("notes.txt", "vrrp_instance not read\n");
	put(".hidden.conf", "not read either\n");
	load(tmp, &cfg, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.text, "");
	assert_int_equal(cfg.n_files, 0);
	free(r.text);
	xvrrp_config_free(&cfg);
	assert_int_equal(test_tmpdir_remove(tmp), 0);
}

static const char instance_a[] =
	"vrrp_instance A {\n"
	"    interface eth0\n"
	"    virtual_router_id 1\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.1/24\n"
	"    }\n";

static void test_unreadable_and_unclosed(void **state)
{
	struct xvrrp_config cfg;
	struct load_result r;
	char expect[1024];

	(void)state;
	assert_int_equal(test_tmpdir_make(tmp, sizeof(tmp), "config-dir"), 0);
	/* r1 leaves its instance open: r2's is not swallowed, and still read. */
	sub("r1");
	sub("r2");
	put("r1/keepalived.conf", instance_a);
	put("r2/keepalived.conf", "global_defs {\n    vrrp_version 3\n}\n");
	load(tmp, &cfg, &r);
	snprintf(expect, sizeof(expect),
		 "%s/r1/keepalived.conf:1: block of 'vrrp_instance' opened here is never closed\n"
		 "%s/r2/keepalived.conf:2: vrrp_version differs from %s/r1/keepalived.conf (the "
		 "default there): the files of a configuration directory share their global "
		 "settings (router_id excepted)\n", tmp, tmp, tmp);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.text, expect);
	free(r.text);

	/* A NAME.conf that cannot be read is named. */
	put("r1/keepalived.conf", "");
	put("r2/keepalived.conf", "");
	snprintf(expect, sizeof(expect), "%s/gone.conf", tmp);
	assert_int_equal(symlink("nowhere", expect), 0);
	load(tmp, &cfg, &r);
	snprintf(expect, sizeof(expect), "%s/gone.conf: cannot read: No such file or directory\n",
		 tmp);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.text, expect);
	free(r.text);
	assert_int_equal(test_tmpdir_remove(tmp), 0);
}

/* What a file includes is in its scope: its script serves its instance. */
static void test_include_scope(void **state)
{
	static const char router[] =
		"include scripts.inc\n"
		"vrrp_instance VR_1 {\n"
		"    interface eth0\n"
		"    virtual_router_id 1\n"
		"    track_script {\n"
		"        chk\n"
		"    }\n"
		"    virtual_ipaddress {\n"
		"        192.0.2.1/24\n"
		"    }\n"
		"}\n";
	struct xvrrp_config cfg;
	struct load_result r;

	(void)state;
	assert_int_equal(test_tmpdir_make(tmp, sizeof(tmp), "config-dir"), 0);
	sub("r1");
	sub("r2");
	put("r1/keepalived.conf", router);
	put("r2/keepalived.conf", router);
	put("r1/scripts.inc", "vrrp_script chk {\n    script /bin/r1\n}\n");
	put("r2/scripts.inc", "vrrp_script chk {\n    script /bin/r2\n}\n");
	load(tmp, &cfg, &r);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.text, "");
	assert_int_equal(cfg.n_files, 4);
	assert_string_equal(script(&cfg, "chk", 1)->script, "/bin/r1");
	assert_string_equal(script(&cfg, "chk", 2)->script, "/bin/r2");
	assert_int_equal(find(&cfg, "VR_1", 2)->n_track_scripts, 1);
	assert_string_equal(find(&cfg, "VR_1", 2)->net_namespace, "qrouter-r2");
	xvrrp_config_free(&cfg);
	free(r.text);
	assert_int_equal(test_tmpdir_remove(tmp), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_neutron),
		cmocka_unit_test(test_netns_prefix),
		cmocka_unit_test(test_explicit_netns),
		cmocka_unit_test(test_duplicate_in_file),
		cmocka_unit_test(test_reference_other_file),
		cmocka_unit_test(test_sync_groups),
		cmocka_unit_test(test_globals_differ),
		cmocka_unit_test(test_dump_round_trip),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_unreadable_and_unclosed),
		cmocka_unit_test(test_include_scope),
	};

	return cmocka_run_group_tests_name("config_dir", tests, enter_config_dir, NULL);
}
