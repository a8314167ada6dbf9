// SPDX-License-Identifier: GPL-2.0-only
/*
 * record.c without the host: the paths next to the control socket, the
 * lock held once per namespace, and a record that loads back into the
 * configuration it was written from (what the sweep removes).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "config.h"
#include "record.h"
#include "tmpdir.h"

static void paths_next_to_the_socket(void **state)
{
	struct xvrrp_record_paths p = { 0 };
	char longname[300];

	(void)state;
	assert_int_equal(xvrrp_record_paths("/run/xvrrp/net4026531840.sock", &p), 0);
	assert_string_equal(p.lock, "/run/xvrrp/net4026531840.lock");
	assert_string_equal(p.owned, "/run/xvrrp/net4026531840.owned");
	assert_string_equal(p.next, "/run/xvrrp/net4026531840.owned.next");
	/* XVRRP_SOCKET may name anything: the suffixes go after it. */
	assert_int_equal(xvrrp_record_paths("/tmp/ctl", &p), 0);
	assert_string_equal(p.lock, "/tmp/ctl.lock");
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(xvrrp_record_paths(longname, &p), -ENAMETOOLONG);
}

static void lock_held_once(void **state)
{
	char dir[256], path[300];
	int a, b, c;

	(void)state;
	assert_int_equal(test_tmpdir_make(dir, sizeof(dir), "record"), 0);
	snprintf(path, sizeof(path), "%s/x.lock", dir);
	a = xvrrp_lock_take(path);
	assert_true(a >= 0);
	/* A second open of the same file is a second holder: refused while a holds it. */
	b = xvrrp_lock_take(path);
	assert_int_equal(b, -EWOULDBLOCK);
	close(a);
	c = xvrrp_lock_take(path);
	assert_true(c >= 0);
	close(c);
	/* A link planted at the lock's path is not followed. */
	unlink(path);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	assert_true(xvrrp_lock_take(path) < 0);
	test_tmpdir_remove(dir);
}

static const char conf_text[] =
	"static_ipaddress {\n\t203.0.113.60/32 dev lo\n}\n"
	"static_routes {\n\t203.0.113.128/25 via 192.0.2.254 dev lo\n}\n"
	"vrrp_instance A {\n\tinterface lo\n\tvirtual_router_id 61\n\tpriority 100\n"
	"\tadvert_int 1\n\tvirtual_ipaddress {\n\t\t192.0.2.100/24\n\t}\n"
	"\tvirtual_ipaddress_excluded {\n\t\t203.0.113.50/32\n\t\t2001:db8::50/64\n\t}\n"
	"\tvirtual_routes {\n\t\t198.51.100.0/24 via 192.0.2.254\n\t}\n"
	"\tvirtual_rules {\n\t\tfrom 203.0.113.50 table 100\n\t}\n}\n";

static void record_loads_back(void **state)
{
	struct xvrrp_config cfg, back;
	char dir[256], conf[300], rec[300];
	struct stat st;
	FILE *f;

	(void)state;
	assert_int_equal(test_tmpdir_make(dir, sizeof(dir), "record"), 0);
	snprintf(conf, sizeof(conf), "%s/k.conf", dir);
	snprintf(rec, sizeof(rec), "%s/r.owned", dir);
	f = fopen(conf, "w");
	assert_non_null(f);
	fputs(conf_text, f);
	fclose(f);
	assert_int_equal(xvrrp_config_load(conf, &cfg, stderr), 0);
	assert_int_equal(xvrrp_record_write(rec, &cfg), 0);
	assert_int_equal(stat(rec, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(xvrrp_config_load(rec, &back, stderr), 0);
	assert_int_equal(back.n_instances, 1);
	assert_true(xvrrp_instance_cfg_equal(&cfg.instances[0], &back.instances[0]));
	assert_int_equal(back.n_static_addrs, 1);
	assert_true(xvrrp_vip_cfg_equal(&cfg.static_addrs[0], &back.static_addrs[0]));
	assert_int_equal(back.n_static_routes, 1);
	assert_true(xvrrp_route_cfg_equal(&cfg.static_routes[0], &back.static_routes[0]));
	xvrrp_config_free(&back);
	xvrrp_config_free(&cfg);
	test_tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paths_next_to_the_socket),
		cmocka_unit_test(lock_held_once),
		cmocka_unit_test(record_loads_back),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
