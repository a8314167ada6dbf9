// SPDX-License-Identifier: GPL-2.0-only
/*
 * use_vmac (user/vmac.c) against a real kernel: each test runs in a child
 * that unshares a fresh network namespace (gone when the child exits) with a
 * veth pair, creates / adopts / deletes VMACs, and checks `ip -j -d link`
 * and /proc/sys/net/ipv4/conf. The child reports by exit status; cmocka's
 * assertions stay in the parent. Needs root; skipped otherwise.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <net/if.h>
#include <sys/wait.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "netns.h"

#include "log.h"
#include "netlink.h"
#include "vmac.h"

#define IF_A	"xv0"   /* the VRRP interface */
#define IF_B	"xv1"   /* its veth peer */
#define SETUP_CMDS							\
	"ip link set lo up && "						\
	"ip link add " IF_A " type veth peer name " IF_B " && "	\
	"ip link set " IF_A " up && ip link set " IF_B " up && "	\
	"ip addr add 192.0.2.1/24 dev " IF_A

/* Run fn(arg) in a child in a fresh network namespace with the test network. */
static int in_netns(int (*fn)(const void *), const void *arg)
{
	return netns_run(SETUP_CMDS, fn, arg);
}

static json_object *link_json(const char *name)
{
	char cmd[128], buf[16384];
	size_t len = 0, n;
	json_object *all, *one = NULL;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "ip -j -d link show dev %s 2>/dev/null", name);
	p = popen(cmd, "r");
	if (!p)
		return NULL;
	while (len < sizeof(buf) - 1 && (n = fread(buf + len, 1, sizeof(buf) - 1 - len, p)) > 0)
		len += n;
	pclose(p);
	buf[len] = '\0';
	all = json_tokener_parse(buf);
	if (all && json_object_array_length(all) == 1)
		one = json_object_get(json_object_array_get_idx(all, 0));
	json_object_put(all);
	return one;
}

/* A string at a path of keys, or "" when absent. */
static const char *jpath(json_object *o, const char *k1, const char *k2, const char *k3)
{
	const char *keys[] = { k1, k2, k3 };

	for (int i = 0; i < 3 && keys[i] && o; i++)
		if (!json_object_object_get_ex(o, keys[i], &o))
			return "";
	return o ? json_object_get_string(o) : "";
}

static bool has_flag(json_object *link, const char *flag)
{
	json_object *flags;

	if (!json_object_object_get_ex(link, "flags", &flags))
		return false;
	for (size_t i = 0; i < json_object_array_length(flags); i++)
		if (!strcmp(json_object_get_string(json_object_array_get_idx(flags, i)), flag))
			return true;
	return false;
}

static int sysctl4(const char *ifname, const char *key)
{
	char path[256];
	int v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", ifname, key);
	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

static void set_sysctl4(const char *ifname, const char *key, int value)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/%s", ifname, key);
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%d\n", value);
		fclose(f);
	}
}

/* The sysctls keepalived sets for a VMAC (vrrp_if_config.c), with what they must read. */
static const struct {
	const char *key;
	int value;
	const char *why;
} vmac_sysctls[] = {
	{ "arp_ignore", 1, "answer ARP only for the VMAC's own addresses" },
	{ "accept_local", 1, "accept adverts/ARP sourced from addresses we hold too" },
	{ "rp_filter", 0, "the return route goes out of the parent" },
	{ "promote_secondaries", 1, "removing one VIP keeps the others of its subnet" },
}, base_sysctls[] = {
	{ "arp_ignore", 1, "the parent must not answer ARP for the VIPs" },
	{ "arp_filter", 1, "the parent must not answer ARP for the VIPs" },
	{ "arp_announce", 2, "the parent must not ask with a VIP as sender" },
};

/* name is a running private macvlan on parent with MAC 00:00:5e:00:01:vrid, set up as keepalived does. */
static int check_vmac(const char *name, const char *parent, uint8_t vrid, int family, int ifindex)
{
	json_object *l = link_json(name);
	char mac[18];

	/* RFC 5798 §7.3: 00-00-5E-00-01-{VRID} for IPv4, 00-00-5E-00-02-{VRID} for IPv6 */
	snprintf(mac, sizeof(mac), "00:00:5e:00:%02x:%02x", family == AF_INET6 ? 2 : 1, vrid);
	CHECK(l, "%s does not exist", name);
	CHECK(!strcmp(jpath(l, "address", NULL, NULL), mac), "%s MAC %s, want %s", name,
	      jpath(l, "address", NULL, NULL), mac);
	CHECK(!strcmp(jpath(l, "linkinfo", "info_kind", NULL), "macvlan"), "kind %s",
	      jpath(l, "linkinfo", "info_kind", NULL));
	CHECK(!strcmp(jpath(l, "linkinfo", "info_data", "mode"), "private"), "mode %s",
	      jpath(l, "linkinfo", "info_data", "mode"));
	CHECK(!strcmp(jpath(l, "link", NULL, NULL), parent), "parent %s",
	      jpath(l, "link", NULL, NULL));
	CHECK(has_flag(l, "UP"), "%s is not up", name);
	CHECK(!strcmp(jpath(l, "inet6_addr_gen_mode", NULL, NULL), "none"),
	      "inet6_addr_gen_mode %s", jpath(l, "inet6_addr_gen_mode", NULL, NULL));
	CHECK(atoi(jpath(l, "ifindex", NULL, NULL)) == ifindex, "ifindex %s, returned %d",
	      jpath(l, "ifindex", NULL, NULL), ifindex);
	json_object_put(l);
	for (size_t i = 0; i < sizeof(vmac_sysctls) / sizeof(vmac_sysctls[0]); i++)
		CHECK(sysctl4(name, vmac_sysctls[i].key) == vmac_sysctls[i].value,
		      "%s.%s=%d (%s)", name, vmac_sysctls[i].key,
		      sysctl4(name, vmac_sysctls[i].key), vmac_sysctls[i].why);
	for (size_t i = 0; i < sizeof(base_sysctls) / sizeof(base_sysctls[0]); i++)
		CHECK(sysctl4(parent, base_sysctls[i].key) == base_sysctls[i].value,
		      "%s.%s=%d (%s)", parent, base_sysctls[i].key,
		      sysctl4(parent, base_sysctls[i].key), base_sysctls[i].why);
	return 0;
}

static bool link_exists(const char *name)
{
	return if_nametoindex(name) != 0;
}

static void test_vmac_addr(void **state)
{
	static const struct {
		uint8_t vrid;
		int family;
		uint8_t mac[6];
	} rows[] = {
		{ 1, AF_INET, { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x01 } },
		{ 51, AF_INET, { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x33 } },
		{ 255, AF_INET, { 0x00, 0x00, 0x5e, 0x00, 0x01, 0xff } },
		{ 1, AF_INET6, { 0x00, 0x00, 0x5e, 0x00, 0x02, 0x01 } },
		{ 51, AF_INET6, { 0x00, 0x00, 0x5e, 0x00, 0x02, 0x33 } },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint8_t mac[6];

		memset(mac, 0xaa, sizeof(mac));
		xvrrp_vmac_addr(rows[i].vrid, rows[i].family, mac);
		assert_memory_equal(mac, rows[i].mac, 6);
	}
}

struct create_row {
	const char *name;
	uint8_t vrid;
	int family;
};

static const struct create_row create_rows[] = {
	{ "vrrp.1", 1, AF_INET },
	{ "vrrp.51", 51, AF_INET },
	{ "vrrp.255", 255, AF_INET },
	{ "ha-vmac", 7, AF_INET },
	{ "vrrp6.51", 51, AF_INET6 },
};

/*
 * create, create again (adopts its own), delete, delete again; the parent's
 * arp_ignore/arp_filter come back to what they were (2/0 here, neither the
 * kernel's default nor ours).
 */
static int create_child(const void *arg)
{
	const struct create_row *row = arg;
	struct xvrrp_nl *nl = xvrrp_nl_open();
	int parent = if_nametoindex(IF_A), ifindex, again;

	CHECK(nl, "xvrrp_nl_open");
	set_sysctl4(IF_A, "arp_ignore", 2);
	set_sysctl4(IF_A, "arp_filter", 0);
	set_sysctl4(IF_A, "arp_announce", 1);
	ifindex = xvrrp_vmac_create(nl, row->name, parent, row->vrid, row->family);
	CHECK(ifindex > 0, "create %s: %s", row->name, strerror(-ifindex));
	if (check_vmac(row->name, IF_A, row->vrid, row->family, ifindex))
		return 1;
	again = xvrrp_vmac_create(nl, row->name, parent, row->vrid, row->family);
	CHECK(again == ifindex, "create again: %d, first %d", again, ifindex);
	if (check_vmac(row->name, IF_A, row->vrid, row->family, ifindex))
		return 1;
	CHECK(xvrrp_vmac_delete(nl, row->name) == 0, "delete");
	CHECK(!link_exists(row->name), "%s still there", row->name);
	CHECK(sysctl4(IF_A, "arp_ignore") == 2, "parent arp_ignore %d, was 2",
	      sysctl4(IF_A, "arp_ignore"));
	CHECK(sysctl4(IF_A, "arp_filter") == 0, "parent arp_filter %d, was 0",
	      sysctl4(IF_A, "arp_filter"));
	CHECK(sysctl4(IF_A, "arp_announce") == 1, "parent arp_announce %d, was 1",
	      sysctl4(IF_A, "arp_announce"));
	CHECK(xvrrp_vmac_delete(nl, row->name) == 0, "delete again");
	xvrrp_nl_close(nl);
	return 0;
}

static void test_vmac_create_delete(void **state)
{
	skip_unless_root();
	assert_int_equal(netns_run_rows(SETUP_CMDS, create_child, create_rows,
					 sizeof(create_rows) / sizeof(create_rows[0]), sizeof(create_rows[0]),
					 offsetof(struct create_row, name)), 0);
}

/* What already exists under the VMAC's name, and whether we may take it. */
struct existing_row {
	const char *what;
	const char *setup;      /* shell, in the namespace */
	bool adopt;             /* true: adopted (same ifindex); false: -EEXIST, left as it was */
	const char *mac_after;  /* the MAC it must still have */
	int family;             /* of the instance that wants it */
};

static const struct existing_row existing_rows[] = {
	{ "a VMAC left behind (bridge mode, down, no alias): adopted and set right",
	  "ip link add link " IF_A " name vrrp.7 address 00:00:5e:00:01:07 type macvlan mode bridge",
	  true, "00:00:5e:00:01:07", AF_INET },
	{ "a macvlan with another MAC: not ours",
	  "ip link add link " IF_A " name vrrp.7 address 02:00:00:00:00:07 type macvlan mode private",
	  false, "02:00:00:00:00:07", AF_INET },
	{ "the right MAC on another parent: not ours",
	  "ip link add link " IF_B " name vrrp.7 address 00:00:5e:00:01:07 type macvlan mode private",
	  false, "00:00:5e:00:01:07", AF_INET },
	{ "a veth of that name: not ours",
	  "ip link add vrrp.7 address 02:00:00:00:00:08 type veth peer name xv9",
	  false, "02:00:00:00:00:08", AF_INET },
	{ "an IPv6 VMAC left behind, wanted by an IPv6 instance: adopted",
	  "ip link add link " IF_A " name vrrp.7 address 00:00:5e:00:02:07 type macvlan mode private",
	  true, "00:00:5e:00:02:07", AF_INET6 },
	{ "an IPv4 VMAC, wanted by an IPv6 instance: not its MAC",
	  "ip link add link " IF_A " name vrrp.7 address 00:00:5e:00:01:07 type macvlan mode private",
	  false, "00:00:5e:00:01:07", AF_INET6 },
};

static int existing_child(const void *arg)
{
	const struct existing_row *row = arg;
	struct xvrrp_nl *nl = xvrrp_nl_open();
	int before, got;
	json_object *l;

	CHECK(nl, "xvrrp_nl_open");
	SH(row->setup);
	before = if_nametoindex("vrrp.7");
	got = xvrrp_vmac_create(nl, "vrrp.7", if_nametoindex(IF_A), 7, row->family);
	if (row->adopt) {
		CHECK(got == before, "[%s] returned %d, existing ifindex %d", row->what, got, before);
		if (check_vmac("vrrp.7", IF_A, 7, row->family, got))
			return 1;
		/* Adopted with the parent's settings recorded: delete puts them back. */
		CHECK(xvrrp_vmac_delete(nl, "vrrp.7") == 0, "delete");
		CHECK(sysctl4(IF_A, "arp_ignore") == 0 && sysctl4(IF_A, "arp_filter") == 0,
		      "parent not restored: %d/%d", sysctl4(IF_A, "arp_ignore"),
		      sysctl4(IF_A, "arp_filter"));
	} else {
		CHECK(got == -EEXIST, "[%s] returned %d", row->what, got);
		CHECK((int)if_nametoindex("vrrp.7") == before, "[%s] replaced", row->what);
		l = link_json("vrrp.7");
		CHECK(l && !strcmp(jpath(l, "address", NULL, NULL), row->mac_after),
		      "[%s] MAC changed to %s", row->what, l ? jpath(l, "address", NULL, NULL) : "?");
		CHECK(!has_flag(l, "UP"), "[%s] brought up", row->what);
		json_object_put(l);
		CHECK(sysctl4(IF_A, "arp_ignore") == 0, "[%s] parent touched", row->what);
	}
	xvrrp_nl_close(nl);
	return 0;
}

static void test_vmac_existing(void **state)
{
	skip_unless_root();
	assert_int_equal(netns_run_rows(SETUP_CMDS, existing_child, existing_rows,
					 sizeof(existing_rows) / sizeof(existing_rows[0]), sizeof(existing_rows[0]),
					 offsetof(struct existing_row, what)), 0);
}

/* Two VMACs on one parent: the parent's settings come back only with the last one. */
static int two_vmacs_child(const void *arg)
{
	struct xvrrp_nl *nl = xvrrp_nl_open();
	int parent = if_nametoindex(IF_A);

	CHECK(nl, "xvrrp_nl_open");
	set_sysctl4(IF_A, "arp_ignore", 2);
	CHECK(xvrrp_vmac_create(nl, "vrrp.1", parent, 1, AF_INET) > 0, "create vrrp.1");
	CHECK(xvrrp_vmac_create(nl, "vrrp.2", parent, 2, AF_INET) > 0, "create vrrp.2");
	CHECK(xvrrp_vmac_delete(nl, "vrrp.1") == 0, "delete vrrp.1");
	CHECK(sysctl4(IF_A, "arp_ignore") == 1 && sysctl4(IF_A, "arp_filter") == 1,
	      "vrrp.2 still there but parent at %d/%d", sysctl4(IF_A, "arp_ignore"),
	      sysctl4(IF_A, "arp_filter"));
	if (check_vmac("vrrp.2", IF_A, 2, AF_INET, if_nametoindex("vrrp.2")))
		return 1;
	CHECK(xvrrp_vmac_delete(nl, "vrrp.2") == 0, "delete vrrp.2");
	CHECK(sysctl4(IF_A, "arp_ignore") == 2 && sysctl4(IF_A, "arp_filter") == 0,
	      "parent at %d/%d, was 2/0", sysctl4(IF_A, "arp_ignore"),
	      sysctl4(IF_A, "arp_filter"));
	xvrrp_nl_close(nl);
	return 0;
}

static void test_vmac_two_on_one_parent(void **state)
{
	skip_unless_root();
	assert_int_equal(in_netns(two_vmacs_child, NULL), 0);
}

/* Delete never removes what is not a VMAC, whatever its name. */
static int delete_foreign_child(const void *arg)
{
	struct xvrrp_nl *nl = xvrrp_nl_open();

	CHECK(nl, "xvrrp_nl_open");
	SH("ip link add link " IF_A " name vrrp.9 address 02:00:00:00:00:09 type macvlan");
	CHECK(xvrrp_vmac_delete(nl, "vrrp.9") == -EINVAL, "delete of a plain macvlan");
	CHECK(link_exists("vrrp.9"), "plain macvlan deleted");
	CHECK(xvrrp_vmac_delete(nl, IF_B) == -EINVAL, "delete of a veth");
	CHECK(link_exists(IF_B), "veth deleted");
	xvrrp_nl_close(nl);
	return 0;
}

static void test_vmac_delete_foreign(void **state)
{
	skip_unless_root();
	assert_int_equal(in_netns(delete_foreign_child, NULL), 0);
}

/*
 * all.rp_filter=1 would override the VMAC's 0 (effective = max(all, if)):
 * it moves onto every interface, so only the VMAC's filtering changes.
 */
static int rp_filter_child(const void *arg)
{
	struct xvrrp_nl *nl = xvrrp_nl_open();

	CHECK(nl, "xvrrp_nl_open");
	set_sysctl4(IF_B, "rp_filter", 2);
	set_sysctl4("all", "rp_filter", 1);
	CHECK(xvrrp_vmac_create(nl, "vrrp.3", if_nametoindex(IF_A), 3, AF_INET) > 0, "create");
	CHECK(sysctl4("all", "rp_filter") == 0, "all %d", sysctl4("all", "rp_filter"));
	CHECK(sysctl4("default", "rp_filter") == 1, "default %d",
	      sysctl4("default", "rp_filter"));
	CHECK(sysctl4(IF_A, "rp_filter") == 1, IF_A " %d", sysctl4(IF_A, "rp_filter"));
	CHECK(sysctl4("lo", "rp_filter") == 1, "lo %d", sysctl4("lo", "rp_filter"));
	CHECK(sysctl4(IF_B, "rp_filter") == 2, IF_B " (was 2) %d", sysctl4(IF_B, "rp_filter"));
	CHECK(sysctl4("vrrp.3", "rp_filter") == 0, "vmac %d", sysctl4("vrrp.3", "rp_filter"));
	xvrrp_nl_close(nl);
	return 0;
}

static void test_vmac_all_rp_filter(void **state)
{
	skip_unless_root();
	assert_int_equal(in_netns(rp_filter_child, NULL), 0);
}

static int bad_parent_child(const void *arg)
{
	struct xvrrp_nl *nl = xvrrp_nl_open();
	int err;

	CHECK(nl, "xvrrp_nl_open");
	err = xvrrp_vmac_create(nl, "vrrp.4", 9999, 4, AF_INET);
	CHECK(err < 0, "create on ifindex 9999 returned %d", err);
	CHECK(!link_exists("vrrp.4"), "created anyway");
	xvrrp_nl_close(nl);
	return 0;
}

static void test_vmac_bad_parent(void **state)
{
	skip_unless_root();
	assert_int_equal(in_netns(bad_parent_child, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmac_addr),
		cmocka_unit_test(test_vmac_create_delete),
		cmocka_unit_test(test_vmac_existing),
		cmocka_unit_test(test_vmac_two_on_one_parent),
		cmocka_unit_test(test_vmac_delete_foreign),
		cmocka_unit_test(test_vmac_all_rp_filter),
		cmocka_unit_test(test_vmac_bad_parent),
	};

	xvrrp_log_set_level(XVRRP_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
