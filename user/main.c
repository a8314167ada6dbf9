// SPDX-License-Identifier: GPL-2.0-only
/* xvrrp: the command line. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <unistd.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>

#include <json-c/json.h>

#include "config.h"
#include "control.h"
#include "daemon.h"
#include "log.h"
#include "metrics.h"
#include "metrics_http.h"
#include "namespaces.h"

#define XVRRP_VERSION "0.1.0"

static const char usage_main[] =
	"Usage: xvrrp [-v] [-n NETNS] COMMAND [ARGS]\n"
	"\n"
	"An XDP-accelerated VRRP (RFC 5798 / RFC 3768) agent that reads keepalived.conf.\n"
	"\n"
	"Commands:\n"
	"  attach [IFACE...] --config FILE   run the VRRP instances of FILE (all, or those on IFACE...)\n"
	"  detach IFACE                      stop the instances on IFACE gracefully and detach XDP\n"
	"  status [--json]                   instances: state, priority, master, VIPs\n"
	"  stats [IFACE] [--json]            XDP counters and per-instance counters\n"
	"  reload                            re-read the configuration (as SIGHUP does)\n"
	"  check-config [--dump] [-i ID] FILE  parse FILE, print every problem, exit 0 or 1\n"
	"  version                           print the version\n"
	"\n"
	"Options:\n"
	"  -v, --verbose                     debug logs (libbpf's too)\n"
	"  -n, --netns NAME                  act in network namespace NAME (/run/netns/NAME)\n"
	"  -h, --help                        this help; 'xvrrp COMMAND --help' for a command\n"
	"\n"
	"One daemon serves one network namespace; status, stats, detach and reload talk to it\n"
	"through a root-only unix socket under " XVRRP_RUN_DIR ".\n";

static const char usage_attach[] =
	"Usage: xvrrp attach [IFACE...] --config FILE [--config-id ID] [--xdp-mode auto|native|generic]\n"
	"                    [--foreground] [--check] [--metrics ADDR:PORT [--metrics-compat keepalived]]\n"
	"\n"
	"Load the XDP program on each interface and run the VRRP instances of FILE\n"
	"(keepalived.conf syntax). With no IFACE, every interface the config uses is\n"
	"served; an instance on an interface not named is reported and not served.\n"
	"\n"
	"  -c, --config FILE      keepalived-syntax configuration (required)\n"
	"  -i, --config-id ID     use the config's \"@ID\" lines (keepalived -i)\n"
	"      --check            only check the configuration (as check-config), touch nothing\n"
	"  -m, --xdp-mode MODE    auto (default: native on NICs, generic on veth and other\n"
	"                         virtual devices), native, or generic\n"
	"  -f, --foreground       stay in the foreground and log to stderr\n"
	"      --metrics ADDR:PORT  serve Prometheus metrics (GET /metrics) on ADDR:PORT\n"
	"                         (\":9650\" every IPv4 address, \"[::1]:9650\"); off by default\n"
	"      --metrics-compat keepalived  also the keepalived exporter's names\n"
	"  -v, --verbose          debug logs\n"
	"\n"
	"Without --foreground xvrrp returns once attached and logs to syslog.\n"
	"Exit status: 0 stopped cleanly, 1 runtime error, 2 configuration error\n"
	"(with --check: 0 valid, 1 invalid, as check-config).\n"
	"SIGTERM/SIGINT: priority-0 adverts, VIPs removed, XDP detached, exit 0.\n"
	"SIGHUP: reload; unchanged instances keep their state.\n";

static const char usage_reload[] =
	"Usage: xvrrp reload\n"
	"\n"
	"Re-read the configuration the daemon was started with, as SIGHUP does.\n"
	"Instances whose settings did not change keep their state and keep\n"
	"advertising; a change of priority, preemption, VIPs, routes, rules,\n"
	"trackers or scripts is applied in place, without a transition; other\n"
	"changed instances restart; removed ones release their VIPs with a\n"
	"priority-0 advert. A configuration with errors changes nothing (exit 1).\n";

static const char usage_detach[] =
	"Usage: xvrrp detach IFACE\n"
	"\n"
	"Stop the instances on IFACE gracefully (a master sends priority 0 so a backup\n"
	"takes over at once, then releases its VIPs) and detach the XDP program. The\n"
	"daemon exits when no interface is left.\n";

static const char usage_status[] =
	"Usage: xvrrp status [--json]\n"
	"\n"
	"Every instance of the daemon in this network namespace: interface, VRID,\n"
	"state, priority, current master, VIPs and the time of the last transition.\n";

static const char usage_stats[] =
	"Usage: xvrrp stats [IFACE] [--json | --format text|json|prometheus]\n"
	"                   [--metrics-compat keepalived]\n"
	"\n"
	"XDP counters per interface (summed over CPUs; the maps are pinned under\n"
	"/sys/fs/bpf/xvrrp/ for bpftool) and per-instance counters with keepalived's\n"
	"names (advert_rcvd, advert_sent, become_master, release_master, ...).\n"
	"--format prometheus prints what `attach --metrics` serves (every interface).\n";

static const char usage_check[] =
	"Usage: xvrrp check-config [--dump] [--config-id ID] FILE\n"
	"\n"
	"Parse and validate FILE without touching the host. Every problem is printed\n"
	"as file:line: message. Exit 0 when valid, 1 otherwise (2: bad usage).\n"
	"  --dump            print the effective configuration (defaults applied)\n"
	"  -i, --config-id   use the config's \"@ID\" lines (keepalived -i)\n";

static bool want_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

static int check_config(const char *path, const char *config_id, bool dump)
{
	struct xvrrp_config_opts opts = { .config_id = config_id };
	struct xvrrp_config cfg = { 0 };

	if (xvrrp_config_load_opts(path, &opts, &cfg, stderr))
		return 1;
	xvrrp_netns_note(&cfg, stderr);
	if (dump)
		xvrrp_config_dump(&cfg, stdout);
	else
		printf("%s: %zu vrrp_instance(s), configuration valid\n", path, cfg.n_instances);
	xvrrp_config_free(&cfg);
	return 0;
}

/* --metrics-compat NAME: the only other naming served is keepalived's exporter's. */
static int parse_compat(const char *name, unsigned int *flags)
{
	if (strcmp(name, "keepalived")) {
		fprintf(stderr, "xvrrp: --metrics-compat knows only 'keepalived', not '%s'\n", name);
		return -1;
	}
	*flags |= XVRRP_METRICS_KEEPALIVED;
	return 0;
}

static int cmd_attach(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "config-id", required_argument, NULL, 'i' },
		{ "check", no_argument, NULL, 'C' },
		{ "xdp-mode", required_argument, NULL, 'm' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "metrics", required_argument, NULL, 'M' },
		{ "metrics-compat", required_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct xvrrp_attach_opts o = { .xdp_mode = XVRRP_XDP_AUTO };
	bool check = false;
	int c;

	while ((c = getopt_long(argc, argv, "c:i:m:fvh", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o.config_path = optarg;
			break;
		case 'i':
			o.config_id = optarg;
			break;
		case 'C':
			check = true;
			break;
		case 'm':
			if (xvrrp_xdp_mode_parse(optarg, &o.xdp_mode)) {
				fprintf(stderr, "xvrrp attach: --xdp-mode must be auto, native or generic\n");
				return 2;
			}
			break;
		case 'f':
			o.foreground = true;
			break;
		case 'v':
			xvrrp_log_set_level(XVRRP_LOG_DEBUG);
			break;
		case 'M': {
			struct sockaddr_storage ss;
			unsigned int len;

			if (xvrrp_metrics_parse_addr(optarg, &ss, &len)) {
				fprintf(stderr, "xvrrp attach: --metrics wants ADDR:PORT (192.0.2.1:9650, "
					"[2001:db8::1]:9650 or :9650), not '%s'\n", optarg);
				return 2;
			}
			o.metrics_addr = optarg;
			break;
		}
		case 'K':
			if (parse_compat(optarg, &o.metrics_flags))
				return 2;
			break;
		case 'h':
			fputs(usage_attach, stdout);
			return 0;
		default:
			fputs(usage_attach, stderr);
			return 2;
		}
	}
	if (o.metrics_flags && !o.metrics_addr) {
		fprintf(stderr, "xvrrp attach: --metrics-compat needs --metrics ADDR:PORT\n");
		return 2;
	}
	if (!o.config_path) {
		fprintf(stderr, "xvrrp attach: --config FILE is required\n");
		fputs(usage_attach, stderr);
		return 2;
	}
	o.ifnames = argv + optind;
	o.n_ifnames = argc - optind;
	if (check)
		return check_config(o.config_path, o.config_id, false);
	return xvrrp_daemon_run(&o);
}

static int request(const char *req, struct json_object **out)
{
	char *reply = NULL;
	int err = xvrrp_ctl_request(req, &reply);

	if (err == -ENOENT || err == -ECONNREFUSED) {
		fprintf(stderr, "xvrrp: no daemon runs in this network namespace "
			"(start one with: xvrrp attach --config FILE)\n");
		return 1;
	}
	if (err == -EACCES || err == -EPERM) {
		fprintf(stderr, "xvrrp: the control socket is root-only: run this command with sudo\n");
		return 1;
	}
	if (err) {
		fprintf(stderr, "xvrrp: cannot talk to the daemon: %s\n", strerror(-err));
		return 1;
	}
	*out = json_tokener_parse(reply);
	free(reply);
	if (!*out) {
		fprintf(stderr, "xvrrp: the daemon sent an unreadable reply\n");
		return 1;
	}
	{
		struct json_object *e;

		if (json_object_object_get_ex(*out, "error", &e)) {
			fprintf(stderr, "xvrrp: %s\n", json_object_get_string(e));
			json_object_put(*out);
			return 1;
		}
	}
	return 0;
}

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) || json_object_is_type(v, json_type_null))
		return "-";
	return json_object_get_string(v);
}

static void print_status(struct json_object *root)
{
	struct json_object *insts;
	bool netns = false;

	json_object_object_get_ex(root, "instances", &insts);
	/* A NETNS column when one daemon serves instances in other namespaces. */
	for (size_t i = 0; i < json_object_array_length(insts); i++)
		if (strcmp(jstr(json_object_array_get_idx(insts, i), "netns"), "-") &&
		    jstr(json_object_array_get_idx(insts, i), "netns")[0])
			netns = true;
	if (netns)
		printf("%-24s ", "NETNS");
	printf("%-16s %-10s %-5s %4s %-7s %4s %-25s %-8s %s\n", "INSTANCE", "INTERFACE", "AF", "VRID",
	       "STATE", "PRIO", "MASTER", "SINCE", "VIPS");
	for (size_t i = 0; i < json_object_array_length(insts); i++) {
		struct json_object *o = json_object_array_get_idx(insts, i), *vips, *lt;
		char since[16] = "-";
		char vipbuf[512] = "";

		if (json_object_object_get_ex(o, "last_transition", &lt) && json_object_get_double(lt) > 0) {
			time_t t = (time_t)json_object_get_double(lt);
			struct tm tm;

			localtime_r(&t, &tm);
			strftime(since, sizeof(since), "%H:%M:%S", &tm);
		}
		json_object_object_get_ex(o, "vips", &vips);
		for (size_t k = 0; k < json_object_array_length(vips); k++) {
			size_t l = strlen(vipbuf);

			snprintf(vipbuf + l, sizeof(vipbuf) - l, "%s%s", k ? "," : "",
				 json_object_get_string(json_object_array_get_idx(vips, k)));
		}
		if (netns)
			printf("%-24s ", jstr(o, "netns")[0] ? jstr(o, "netns") : "-");
		printf("%-16s %-10s %-5s %4s %-7s %4s %-25s %-8s %s\n", jstr(o, "name"),
		       jstr(o, "interface"), jstr(o, "family"), jstr(o, "vrid"), jstr(o, "state"),
		       jstr(o, "priority"), jstr(o, "master"), since, vipbuf);
	}
}

static void print_counters(struct json_object *counters)
{
	struct json_object_iterator it = json_object_iter_begin(counters);
	struct json_object_iterator end = json_object_iter_end(counters);

	for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it))
		printf("  %-22s %s\n", json_object_iter_peek_name(&it),
		       json_object_get_string(json_object_iter_peek_value(&it)));
}

static void print_stats(struct json_object *root)
{
	struct json_object *ifs, *insts, *x;

	json_object_object_get_ex(root, "interfaces", &ifs);
	json_object_object_get_ex(root, "instances", &insts);
	for (size_t i = 0; i < json_object_array_length(ifs); i++) {
		struct json_object *o = json_object_array_get_idx(ifs, i);

		if (jstr(o, "netns")[0] && strcmp(jstr(o, "netns"), "-"))
			printf("net_namespace %s: ", jstr(o, "netns"));
		printf("%s: %s XDP, prog id %s, maps pinned in %s\n", jstr(o, "name"), jstr(o, "xdp_mode"),
		       jstr(o, "prog_id"), jstr(o, "pin_dir"));
		if (json_object_object_get_ex(o, "xdp", &x))
			print_counters(x);
	}
	for (size_t i = 0; i < json_object_array_length(insts); i++) {
		struct json_object *o = json_object_array_get_idx(insts, i);

		if (jstr(o, "netns")[0] && strcmp(jstr(o, "netns"), "-"))
			printf("%s (net_namespace %s, %s, vrid %s):\n", jstr(o, "name"), jstr(o, "netns"),
			       jstr(o, "interface"), jstr(o, "vrid"));
		else
			printf("%s (%s, vrid %s):\n", jstr(o, "name"), jstr(o, "interface"),
			       jstr(o, "vrid"));
		if (json_object_object_get_ex(o, "counters", &x))
			print_counters(x);
	}
}

/* stats --format prometheus: status and stats from the daemon, rendered here. */
static int print_prometheus(unsigned int flags)
{
	struct json_object *status = NULL, *stats = NULL;
	char *text;
	int ret;

	ret = request("status\n", &status);
	if (!ret)
		ret = request("stats\n", &stats);
	if (!ret) {
		text = xvrrp_metrics_render(status, stats, flags);
		if (text)
			fputs(text, stdout);
		else
			ret = 1;
		free(text);
	}
	json_object_put(status);
	json_object_put(stats);
	return ret;
}

/* status / stats: [IFACE] [--json] (stats: [--format F] [--metrics-compat keepalived]) */
static int cmd_query(int argc, char **argv, const char *what, const char *usage,
		     void (*print)(struct json_object *))
{
	bool is_stats = print == print_stats;
	const char *ifname = NULL, *format = "text";
	unsigned int flags = 0;
	struct json_object *root;
	char req[64];
	int ret;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j")) {
			format = "json";
		} else if (is_stats && !strcmp(argv[i], "--format") && i + 1 < argc) {
			format = argv[++i];
		} else if (is_stats && !strcmp(argv[i], "--metrics-compat") && i + 1 < argc) {
			if (parse_compat(argv[++i], &flags))
				return 2;
		} else if (argv[i][0] != '-' && !ifname && is_stats) {
			ifname = argv[i];
		} else {
			fprintf(stderr, "xvrrp %s: unexpected argument '%s'\n", what, argv[i]);
			fputs(usage, stderr);
			return 2;
		}
	}
	if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "prometheus")) {
		fprintf(stderr, "xvrrp %s: --format must be text, json or prometheus\n", what);
		return 2;
	}
	if (!strcmp(format, "prometheus")) {
		if (ifname) {
			fprintf(stderr, "xvrrp stats: --format prometheus covers every interface; "
				"drop '%s'\n", ifname);
			return 2;
		}
		return print_prometheus(flags);
	}
	if (flags) {
		fprintf(stderr, "xvrrp stats: --metrics-compat goes with --format prometheus\n");
		return 2;
	}
	snprintf(req, sizeof(req), "%s%s%s\n", what, ifname ? " " : "", ifname ? ifname : "");
	ret = request(req, &root);
	if (ret)
		return ret;
	if (!strcmp(format, "json"))
		printf("%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY));
	else
		print(root);
	json_object_put(root);
	return 0;
}

static int cmd_detach(int argc, char **argv)
{
	struct json_object *root;
	char req[64];
	int ret;

	if (argc != 2) {
		fputs(usage_detach, stderr);
		return 2;
	}
	snprintf(req, sizeof(req), "detach %s\n", argv[1]);
	ret = request(req, &root);
	if (ret)
		return ret;
	printf("xvrrp: detached from %s%s\n", argv[1],
	       strcmp(jstr(root, "daemon_exits"), "true") ? "" : "; the daemon exits");
	json_object_put(root);
	return 0;
}

static int cmd_check_config(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dump", no_argument, NULL, 'd' },
		{ "config-id", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *config_id = NULL;
	bool dump = false;
	int c;

	while ((c = getopt_long(argc, argv, "di:h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dump = true;
			break;
		case 'i':
			config_id = optarg;
			break;
		case 'h':
			fputs(usage_check, stdout);
			return 0;
		default:
			fputs(usage_check, stderr);
			return 2;
		}
	}
	if (argc - optind != 1) {
		fputs(usage_check, stderr);
		return 2;
	}
	return check_config(argv[optind], config_id, dump);
}

static int cmd_reload(int argc, char **argv)
{
	struct json_object *root, *v;
	int ok;

	if (argc != 1) {
		fputs(usage_reload, stderr);
		return 2;
	}
	if (request("reload\n", &root))
		return 1;
	if (json_object_object_get_ex(root, "messages", &v))
		fputs(json_object_get_string(v), stderr);
	ok = json_object_object_get_ex(root, "reloaded", &v) && json_object_get_boolean(v);
	printf("xvrrp: %s\n", ok ? "configuration reloaded" : "reload refused; nothing changed");
	json_object_put(root);
	return ok ? 0 : 1;
}

/* -n NAME: like ip netns exec, for talking to the daemon of that namespace. */
static int enter_netns(const char *name)
{
	char path[sizeof(XVRRP_NETNS_DIR "/") + NAME_MAX];
	int fd;

	if (strlen(name) > NAME_MAX) {
		fprintf(stderr, "xvrrp: network namespace name %.32s... is too long\n", name);
		return -1;
	}
	snprintf(path, sizeof(path), XVRRP_NETNS_DIR "/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, CLONE_NEWNET) < 0) {
		fprintf(stderr, "xvrrp: cannot enter network namespace %s (%s): %s\n", name, path,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		const char *usage;
	} helps[] = {
		{ "attach", usage_attach }, { "detach", usage_detach }, { "status", usage_status },
		{ "stats", usage_stats }, { "reload", usage_reload },
	};
	const char *cmd;

	while (argc > 1 && argv[1][0] == '-') {
		if (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--verbose")) {
			xvrrp_log_set_level(XVRRP_LOG_DEBUG);
		} else if ((!strcmp(argv[1], "-n") || !strcmp(argv[1], "--netns")) && argc > 2) {
			if (enter_netns(argv[2]))
				return 1;
			argv++;
			argc--;
		} else {
			break;
		}
		argv++;
		argc--;
	}
	if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		fputs(usage_main, argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	cmd = argv[1];
	argv++;
	argc--;
	for (size_t i = 0; i < sizeof(helps) / sizeof(helps[0]); i++)
		if (!strcmp(cmd, helps[i].name) && want_help(argc, argv)) {
			fputs(helps[i].usage, stdout);
			return 0;
		}
	if (!strcmp(cmd, "attach"))
		return cmd_attach(argc, argv);
	if (!strcmp(cmd, "detach"))
		return cmd_detach(argc, argv);
	if (!strcmp(cmd, "status"))
		return cmd_query(argc, argv, "status", usage_status, print_status);
	if (!strcmp(cmd, "stats"))
		return cmd_query(argc, argv, "stats", usage_stats, print_stats);
	if (!strcmp(cmd, "check-config"))
		return cmd_check_config(argc, argv);
	if (!strcmp(cmd, "reload"))
		return cmd_reload(argc, argv);
	if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
		printf("xvrrp %s\n", XVRRP_VERSION);
		return 0;
	}
	fprintf(stderr, "xvrrp: unknown command '%s'\n\n", cmd);
	fputs(usage_main, stderr);
	return 2;
}
