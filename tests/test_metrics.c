// SPDX-License-Identifier: GPL-2.0-only
/*
 * The Prometheus exposition from status and stats JSON (as the daemon
 * builds them): names, types, labels and their escaping, keepalived's
 * exporter names and state numbering; and the --metrics address parser.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "metrics.h"
#include "metrics_http.h"

static const char status_json[] =
	"{\"instances\":[{\"name\":\"VI_1\",\"interface\":\"eth0\",\"vrid\":51,\"state\":\"MASTER\","
	"\"priority\":150,\"configured_priority\":200,\"last_transition\":1700000000.5,"
	"\"vips\":[\"192.0.2.100/24\",\"198.51.100.1/32\"],\"vips_advertised\":[\"192.0.2.100/24\"],"
	"\"vips_excluded\":[\"198.51.100.1/32\"]},"
	"{\"name\":\"odd \\\"name\\\\\",\"interface\":\"eth1\",\"vrid\":7,\"state\":\"FAULT\","
	"\"priority\":0,\"configured_priority\":100,\"last_transition\":0,"
	"\"vips\":[],\"vips_advertised\":[],\"vips_excluded\":[]},"
	"{\"name\":\"VI_6\",\"interface\":\"eth0\",\"vrid\":51,\"family\":\"inet6\","
	"\"state\":\"BACKUP\",\"priority\":100,\"configured_priority\":100,"
	"\"last_transition\":0,\"vips\":[\"2001:db8::1/64\"],"
	"\"vips_advertised\":[\"2001:db8::1/64\"],\"vips_excluded\":[]}]}";

static const char stats_json[] =
	"{\"interfaces\":[{\"name\":\"eth0\",\"xdp_mode\":\"native\",\"prog_id\":12,"
	"\"xdp\":{\"rx_frames\":10,\"ip_ttl_err\":3}}],"
	"\"instances\":[{\"name\":\"VI_1\",\"interface\":\"eth0\",\"vrid\":51,"
	"\"counters\":{\"advert_rcvd\":5,\"advert_sent\":9,\"ip_ttl_err\":3},"
	"\"xdp\":{\"advert_rcvd\":5,\"checksum_err\":1}},"
	"{\"name\":\"odd \\\"name\\\\\",\"interface\":\"eth1\",\"vrid\":7,"
	"\"counters\":{\"advert_rcvd\":0,\"advert_sent\":0,\"ip_ttl_err\":0}},"
	"{\"name\":\"VI_6\",\"interface\":\"eth0\",\"vrid\":51,\"family\":\"inet6\","
	"\"counters\":{\"advert_rcvd\":4,\"advert_sent\":0,\"ip_ttl_err\":0},"
	"\"xdp\":{\"advert_rcvd\":4,\"checksum_err\":0}}]}";

static char *render(unsigned int flags)
{
	struct json_object *st = json_tokener_parse(status_json);
	struct json_object *ss = json_tokener_parse(stats_json);
	char *text;

	assert_non_null(st);
	assert_non_null(ss);
	text = xvrrp_metrics_render(st, ss, flags);
	json_object_put(st);
	json_object_put(ss);
	assert_non_null(text);
	return text;
}

static void has(const char *text, const char *line)
{
	if (!strstr(text, line)) {
		fputs("missing: ", stderr);
		fputs(line, stderr);
		fputs("\n--- in ---\n", stderr);
		fputs(text, stderr);
		fail();
	}
}

/* Every family's HELP and TYPE once, and its samples right after them. */
static void check_grouping(const char *text)
{
	char seen[64][96];
	int n = 0;
	char cur[96] = "";

	for (const char *l = text; *l; l = strchr(l, '\n') + 1) {
		char name[96];

		if (!strncmp(l, "# TYPE ", 7)) {
			sscanf(l + 7, "%95s", cur);
			for (int i = 0; i < n; i++)
				assert_string_not_equal(seen[i], cur);
			assert_true(n < 64);
			strcpy(seen[n++], cur);
		} else if (l[0] != '#') {
			size_t k = strcspn(l, "{ ");

			assert_true(k < sizeof(name));
			memcpy(name, l, k);
			name[k] = '\0';
			assert_string_equal(name, cur);
		}
		if (!strchr(l, '\n'))
			break;
	}
}

static void test_native(void **state)
{
	char *t = render(0);

	(void)state;
	has(t, "# TYPE xvrrp_up gauge\nxvrrp_up 1\n");
	has(t, "xvrrp_interface_info{interface=\"eth0\",xdp_mode=\"native\",prog_id=\"12\"} 1\n");
	has(t, "# TYPE xvrrp_xdp_ip_ttl_err_total counter\n");
	has(t, "xvrrp_xdp_ip_ttl_err_total{interface=\"eth0\"} 3\n");
	has(t, "xvrrp_vrid_xdp_checksum_err_total{instance=\"VI_1\",interface=\"eth0\",vrid=\"51\","
	       "family=\"ipv4\"} 1\n");
	has(t, "xvrrp_instance_advert_sent_total{instance=\"VI_1\",interface=\"eth0\",vrid=\"51\","
	       "family=\"ipv4\"} 9\n");
	has(t, "xvrrp_instance_state{instance=\"VI_1\",interface=\"eth0\",vrid=\"51\",family=\"ipv4\"} 2\n");
	has(t, "xvrrp_instance_state{instance=\"odd \\\"name\\\\\",interface=\"eth1\",vrid=\"7\","
	       "family=\"ipv4\"} 3\n");
	has(t, "xvrrp_instance_priority{instance=\"VI_1\",interface=\"eth0\",vrid=\"51\",family=\"ipv4\"} 150\n");
	has(t, "xvrrp_instance_configured_priority{instance=\"VI_1\",interface=\"eth0\",vrid=\"51\","
	       "family=\"ipv4\"} 200\n");
	has(t, "xvrrp_instance_last_transition_timestamp_seconds{instance=\"VI_1\",interface=\"eth0\","
	       "vrid=\"51\",family=\"ipv4\"} 1700000000.5");
	/* Dual stack: VRID 51 over IPv6 is another router, told apart by family. */
	has(t, "xvrrp_instance_state{instance=\"VI_6\",interface=\"eth0\",vrid=\"51\","
	       "family=\"ipv6\"} 1\n");
	has(t, "xvrrp_vrid_xdp_advert_rcvd_total{instance=\"VI_6\",interface=\"eth0\",vrid=\"51\","
	       "family=\"ipv6\"} 4\n");
	assert_null(strstr(t, "keepalived_"));
	check_grouping(t);
	free(t);
}

static void test_keepalived_names(void **state)
{
	char *t = render(XVRRP_METRICS_KEEPALIVED);

	(void)state;
	has(t, "keepalived_up 1\n");
	has(t, "keepalived_vrrp_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\",ip_address=\"192.0.2.100/24\"} 2\n");
	has(t, "keepalived_vrrp_excluded_state{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\","
	       "ip_address=\"198.51.100.1/32\"} 2\n");
	/* An instance without VIPs still has its state, with an empty address. */
	has(t, "keepalived_vrrp_state{iname=\"odd \\\"name\\\\\",intf=\"eth1\",vrid=\"7\",ip_address=\"\"} 3\n");
	has(t, "# TYPE keepalived_advertisements_received_total counter\n");
	has(t, "keepalived_advertisements_received_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 5\n");
	has(t, "keepalived_advertisements_sent_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 9\n");
	has(t, "keepalived_ip_ttl_errors_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 3\n");
	/* Counters the stats do not carry are 0, not missing. */
	has(t, "keepalived_priority_zero_sent_total{iname=\"VI_1\",intf=\"eth0\",vrid=\"51\"} 0\n");
	check_grouping(t);
	free(t);
}

static void test_parse_addr(void **state)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	unsigned int len;

	(void)state;
	assert_int_equal(xvrrp_metrics_parse_addr("192.0.2.1:9650", &ss, &len), 0);
	assert_int_equal(a4->sin_family, AF_INET);
	assert_int_equal(ntohs(a4->sin_port), 9650);
	assert_int_equal(a4->sin_addr.s_addr, htonl(0xC0000201));
	assert_int_equal(xvrrp_metrics_parse_addr(":9650", &ss, &len), 0);
	assert_int_equal(a4->sin_addr.s_addr, 0);
	assert_int_equal(xvrrp_metrics_parse_addr("[2001:db8::1]:80", &ss, &len), 0);
	assert_int_equal(a6->sin6_family, AF_INET6);
	assert_int_equal(ntohs(a6->sin6_port), 80);
	assert_int_equal(len, sizeof(*a6));
	assert_int_equal(xvrrp_metrics_parse_addr("192.0.2.1", &ss, &len), -EINVAL);
	assert_int_equal(xvrrp_metrics_parse_addr("192.0.2.1:", &ss, &len), -EINVAL);
	assert_int_equal(xvrrp_metrics_parse_addr("192.0.2.1:0", &ss, &len), -EINVAL);
	assert_int_equal(xvrrp_metrics_parse_addr("192.0.2.1:65536", &ss, &len), -EINVAL);
	assert_int_equal(xvrrp_metrics_parse_addr("192.0.2.1:96x", &ss, &len), -EINVAL);
	assert_int_equal(xvrrp_metrics_parse_addr("host.example:9650", &ss, &len), -EINVAL);
	assert_int_equal(xvrrp_metrics_parse_addr("2001:db8::1:9650", &ss, &len), -EINVAL);
	assert_int_equal(xvrrp_metrics_parse_addr("[2001:db8::1:9650", &ss, &len), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_native),
		cmocka_unit_test(test_keepalived_names),
		cmocka_unit_test(test_parse_addr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
