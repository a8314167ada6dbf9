// SPDX-License-Identifier: GPL-2.0-only
/*
 * keepalived.conf reader against hostile files, generated here: no config,
 * however large or odd, may crash the reader, make it run long, or be read
 * differently from what it says. Each one is an error with file:line.
 */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "tmpdir.h"

#include "config.h"

static char dir[128];

static const char instance[] =
	"vrrp_instance VI_1 {\n"
	"    interface eth0\n"
	"    virtual_router_id 51\n"
	"    priority 100\n"
	"    virtual_ipaddress {\n"
	"        192.0.2.100/24\n"
	"    }\n"
	"}\n";

static int setup(void **state)
{
	(void)state;
	if (test_tmpdir_make(dir, sizeof(dir), "config-limits") || chdir(dir))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return test_tmpdir_remove(dir);
}

static void put(const char *name, const char *text, size_t len)
{
	FILE *f = fopen(name, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
}

static void puts_file(const char *name, const char *text)
{
	put(name, text, strlen(text));
}

struct result {
	int rc;
	char *text;
	size_t len;
	double seconds;
};

static void load(const char *file, struct result *r)
{
	struct xvrrp_config cfg;
	struct timespec a, b;
	FILE *err = open_memstream(&r->text, &r->len);

	assert_non_null(err);
	clock_gettime(CLOCK_MONOTONIC, &a);
	r->rc = xvrrp_config_load(file, &cfg, err);
	clock_gettime(CLOCK_MONOTONIC, &b);
	fclose(err);
	r->seconds = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	if (r->rc == 0)
		xvrrp_config_free(&cfg);
}

static size_t count(const char *text, const char *needle)
{
	size_t n = 0;

	for (const char *p = text; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* 200 000 '{' in an ignored block used to overflow the stack (SIGSEGV). */
static void test_deep_nesting(void **state)
{
	size_t depth = 200000, len = 0;
	char *text = malloc(depth * 2 + 64);
	struct result r;

	(void)state;
	assert_non_null(text);
	len += (size_t)sprintf(text, "vrrp_instance VI_1 {\n    unknown_block ");
	for (size_t i = 0; i < depth; i++)
		text[len++] = '{';
	text[len++] = '\n';
	put("deep.conf", text, len);
	free(text);
	load("deep.conf", &r);
	assert_int_equal(r.rc, -1);
	assert_true(count(r.text, "deep.conf:2: unknown keyword 'unknown_block' in vrrp_instance") == 1);
	assert_true(count(r.text, "never closed") >= 1);
	assert_true(r.seconds < 2.0);
	free(r.text);
}

/* "priority 100\0junk" used to be read as priority 100, silently. */
static void test_nul_byte(void **state)
{
	static const char text[] =
		"vrrp_instance VI_1 {\n"
		"    interface eth0\n"
		"    virtual_router_id 51\n"
		"    priority 100\0 9\n"
		"    virtual_ipaddress {\n"
		"        192.0.2.100/24\n"
		"    }\n"
		"}\n";
	struct result r;

	(void)state;
	put("nul.conf", text, sizeof(text) - 1);
	load("nul.conf", &r);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.text, "nul.conf:4: the line holds a NUL byte (is this a text file?)\n");
	free(r.text);
}

/* A file that includes itself: one error, where it does so. */
static void test_include_self(void **state)
{
	struct result r;
	char text[1024];

	(void)state;
	snprintf(text, sizeof(text), "include self.conf\n%s", instance);
	puts_file("self.conf", text);
	load("self.conf", &r);
	assert_int_equal(r.rc, -1);
	assert_string_equal(r.text, "self.conf:1: 'self.conf' is already being read (an include cycle); "
				    "not read again\n");
	free(r.text);
}

/*
 * Sibling files that each include all of them ("include *.conf"): every
 * order of them was read, 1.9 s for four and over a minute for six.
 */
static void test_include_fan_out(void **state)
{
	struct result r;
	char name[64];

	(void)state;
	assert_int_equal(system("mkdir -p fan"), 0);
	for (int i = 0; i < 8; i++) {
		snprintf(name, sizeof(name), "fan/%d.conf", i);
		puts_file(name, "include *.conf\n");
	}
	puts_file("fan.conf", "include fan/*.conf\n");
	load("fan.conf", &r);
	assert_int_equal(r.rc, -1);
	assert_true(r.seconds < 2.0);
	assert_int_equal(count(r.text, "files read through includes"), 1);
	/* Each cycle once, where it closes, not once per way of getting there. */
	assert_int_equal(count(r.text, "fan/0.conf:1: 'fan/0.conf' is already being read"), 1);
	free(r.text);
}

/* A huge file is refused by size, not read to the end. */
static void test_too_large(void **state)
{
	size_t len = 40u << 20;
	char *text = malloc(len);
	struct result r;

	(void)state;
	assert_non_null(text);
	memset(text, '#', len);
	for (size_t i = 80; i < len; i += 81)
		text[i] = '\n';
	put("huge.conf", text, len);
	free(text);
	load("huge.conf", &r);
	assert_int_equal(r.rc, -1);
	assert_int_equal(count(r.text, "more than 32 MiB read"), 1);
	free(r.text);
}

/*
 * N VIPs of one family in one instance: an IPv6 advert has room for 64
 * (XVRRP_ADVERT_MAX_ADDRS6), an IPv4 one for 255 (the count field); one
 * more is an error at its line, never an address silently left out.
 */
static void vips_file(const char *name, bool v6, unsigned int n)
{
	FILE *f = fopen(name, "w");

	assert_non_null(f);
	fprintf(f, "vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 1\n"
		   "    virtual_ipaddress {\n");
	for (unsigned int i = 0; i < n; i++)
		if (v6)
			fprintf(f, "        %s%x\n", i ? "2001:db8::" : "fe80::", i + 1);
		else
			fprintf(f, "        %s.%u/32\n", i < 250 ? "198.51.100" : "203.0.113",
				i < 250 ? i + 1 : i - 249);
	fprintf(f, "    }\n}\n");
	fclose(f);
}

static void test_vips_per_advert(void **state)
{
	static const struct {
		bool v6;
		unsigned int n;
		const char *error;      /* NULL: loads */
	} rows[] = {
		{ true, 64, NULL },
		{ true, 65, "vips.conf:69: more than 64 IPv6 virtual_ipaddress entries in one "
			    "instance (an advert has room for 64): put the rest in "
			    "virtual_ipaddress_excluded\n" },
		{ false, 255, NULL },
		{ false, 256, "vips.conf:260: more than 255 virtual_ipaddress entries in one "
			      "instance\n" },
	};
	struct result r;

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		vips_file("vips.conf", rows[i].v6, rows[i].n);
		load("vips.conf", &r);
		if (!rows[i].error) {
			assert_int_equal(r.rc, 0);
			assert_string_equal(r.text, "");
		} else {
			assert_int_equal(r.rc, -1);
			assert_string_equal(r.text, rows[i].error);
		}
		free(r.text);
	}
}

/* net_namespace (instance or top level): NAME_MAX characters, as ip netns allows. */
static void test_netns_name_length(void **state)
{
	char name[NAME_MAX + 2], text[2 * NAME_MAX + 512], want[2 * NAME_MAX + 256];
	struct result r;

	(void)state;
	for (size_t len = NAME_MAX; len <= NAME_MAX + 1; len++) {
		memset(name, 'n', len);
		name[len] = '\0';
		snprintf(text, sizeof(text), "net_namespace %s\n"
			 "vrrp_instance VI_1 {\n"
			 "    interface eth0\n"
			 "    net_namespace %s\n"
			 "    virtual_router_id 51\n"
			 "    virtual_ipaddress {\n"
			 "        192.0.2.100/24\n"
			 "    }\n"
			 "}\n", name, name);
		puts_file("netns.conf", text);
		load("netns.conf", &r);
		if (len == NAME_MAX) {
			assert_string_equal(r.text, "");
			assert_int_equal(r.rc, 0);
		} else {
			snprintf(want, sizeof(want),
				 "netns.conf:1: net_namespace '%s' is too long (at most %d characters)\n"
				 "netns.conf:4: net_namespace '%s' is too long (at most %d characters)\n",
				 name, NAME_MAX, name, NAME_MAX);
			assert_string_equal(r.text, want);
			assert_int_equal(r.rc, -1);
		}
		free(r.text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_include_self),
		cmocka_unit_test(test_include_fan_out),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_vips_per_advert),
		cmocka_unit_test(test_netns_name_length),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
