/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * keepalived.conf reader: the VRRP part of the keepalived configuration
 * language (keepalived.conf(5)). Errors are reported as "file:line: message".
 */
#ifndef XVRRP_CONFIG_H
#define XVRRP_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>

#define XVRRP_NAME_MAX 64

enum xvrrp_initial_state {
	XVRRP_INITIAL_BACKUP = 0,
	XVRRP_INITIAL_MASTER,
};

struct xvrrp_vip_cfg {
	int family;                     /* AF_INET or AF_INET6 (virtual_ipaddress: the instance's) */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	} addr;
	uint8_t prefixlen;              /* default 32 / 128 as keepalived */
	char dev[IF_NAMESIZE];          /* "" = the instance's interface */
	char label[IF_NAMESIZE];        /* "" = none */
	int line;
	struct in_addr brd;             /* "brd X"; 0.0.0.0 = none */
	uint8_t scope;                  /* "scope S" as RT_SCOPE_*; default 0 (global) */
	bool no_track;                  /* keepalived "no_track" */
};

/*
 * A route of virtual_routes / static_routes, with keepalived's words:
 * [src ADDR] [to] DST[/LEN]|default [via|gw ADDR] [dev IF] [scope S]
 * [table N] [metric N] [protocol P] [no_track], or "blackhole DST"
 * (also unreachable / prohibit).
 */
struct xvrrp_route_cfg {
	int line;
	int family;                     /* AF_INET, or AF_INET6 (then dst6/src6/via6) */
	struct in_addr dst;
	uint8_t dst_len;                /* 0 with an all-zero dst = default */
	struct in_addr src;             /* 0 = none */
	struct in_addr via;             /* 0 = none */
	struct in6_addr dst6;           /* the same three for IPv6 (:: = none) */
	struct in6_addr src6;
	struct in6_addr via6;
	char dev[IF_NAMESIZE];          /* "" = none (virtual_routes: instance interface if no via) */
	int scope;                      /* RT_SCOPE_*, -1 = kernel's choice */
	uint32_t table;                 /* 0 = main (RT_TABLE_MAIN) */
	int64_t metric;                 /* -1 = none */
	int protocol;                   /* RTPROT_*, -1 = default (RTPROT_BOOT as iproute2) */
	uint8_t type;                   /* RTN_UNICAST, RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT */
	bool no_track;
};

/*
 * A rule of virtual_rules / static_rules: from/to/table/priority (+ iif/oif).
 * One family: that of its addresses, or "inet6", else AF_INET (keepalived).
 */
struct xvrrp_rule_cfg {
	int line;
	int family;                     /* AF_INET, or AF_INET6 (then from6/to6) */
	struct in_addr from;
	uint8_t from_len;               /* 0 with an all-zero from = any (either family) */
	struct in_addr to;
	uint8_t to_len;
	struct in6_addr from6, to6;     /* the IPv6 from / to (:: = none) */
	uint32_t table;                 /* required */
	int64_t priority;               /* -1 = kernel's choice */
	char iif[IF_NAMESIZE];
	char oif[IF_NAMESIZE];
	bool no_track;
};

/* track_interface { IF [weight N] } */
struct xvrrp_track_if_cfg {
	char name[IF_NAMESIZE];
	int weight;                     /* -253..253; 0 = a failure means FAULT */
	bool weight_reverse;            /* "weight N reverse": adjust the other way */
	int line;
};

/* track_script { NAME [weight N] } and track_file { NAME [weight N] } references. */
struct xvrrp_track_ref_cfg {
	char name[XVRRP_NAME_MAX];
	int weight;                     /* overrides the script's own weight when weight_set */
	bool weight_set;
	bool weight_reverse;            /* "weight N reverse" */
	int line;
};

/* notify scripts (keepalived's argument convention is applied by the caller). */
struct xvrrp_notify_cfg {
	char *notify;                   /* "notify": called as CMD TYPE NAME STATE PRIORITY */
	char *notify_master;
	char *notify_backup;
	char *notify_fault;
	char *notify_stop;
};

/* vrrp_script NAME { script interval timeout weight rise fall user init_fail } */
struct xvrrp_script_cfg {
	char name[XVRRP_NAME_MAX];
	const char *file;
	int line;
	unsigned int scope;             /* its file's scope (xvrrp_instance_cfg) */
	char *script;                   /* command line, split like keepalived (quotes honoured) */
	uint32_t interval_ms;           /* default 1000 */
	uint32_t timeout_ms;            /* default: interval */
	int weight;                     /* default 0; -253..253 */
	bool weight_reverse;            /* "weight N reverse" */
	uint32_t rise, fall;            /* default 1 */
	char user[XVRRP_NAME_MAX];      /* "" = global script_user */
	char group[XVRRP_NAME_MAX];
	bool init_fail;                 /* start in the failed state */
};

/* vrrp_track_file NAME { file PATH weight N init_file [VALUE] [overwrite] } */
struct xvrrp_track_file_cfg {
	char name[XVRRP_NAME_MAX];
	int line;
	unsigned int scope;             /* its file's scope (xvrrp_instance_cfg) */
	char *path;
	int weight;                     /* default 1: value in file * weight */
	bool weight_reverse;
	bool init_file;
	long init_value;
	bool overwrite;
};

/* vrrp_sync_group NAME { group { INSTANCE... } notify* } */
struct xvrrp_sync_group_cfg {
	char name[XVRRP_NAME_MAX];
	const char *file;
	int line;
	unsigned int scope;             /* its file's scope (xvrrp_instance_cfg) */
	char (*members)[XVRRP_NAME_MAX];
	size_t n_members;
	struct xvrrp_notify_cfg notify;
	bool tracking_weight;           /* sync_group_tracking_weight: members keep their weights */
};

struct xvrrp_instance_cfg {
	char name[XVRRP_NAME_MAX];
	const char *file;               /* points into xvrrp_config.files */
	int line;                       /* line of "vrrp_instance NAME {" */
	/*
	 * The file it was written in, for a configuration directory: 1..n,
	 * one per file (with its includes) in the order read; 0 for a
	 * configuration of one file. Names are unique, and references
	 * resolve, within one scope.
	 */
	unsigned int scope;
	enum xvrrp_initial_state state;
	char interface[IF_NAMESIZE];
	int interface_line;
	uint8_t vrid;                   /* 1..255 */
	uint8_t priority;               /* 1..255, default 100 */
	/*
	 * keepalived: the family of the instance's first address
	 * (virtual_ipaddress, mcast_src_ip, unicast_src_ip, unicast_peer), or
	 * AF_INET6 with native_ipv6; AF_INET when there is none. Every one of
	 * those addresses is of this family (virtual_ipaddress_excluded may mix).
	 */
	int family;
	/* 2 or 3: instance "version", else 3 for IPv6, else global vrrp_version, else 2 */
	uint8_t version;
	uint16_t adver_int_cs;          /* default 100 (1 s) */
	bool nopreempt;
	bool check_unicast_src;         /* only unicast_peer senders (also vrrp_check_unicast_src) */
	uint32_t preempt_delay_ms;      /* 0..1000000 */
	uint32_t garp_master_delay_s;   /* default: global, else 5 */
	uint32_t garp_master_repeat;    /* default: global, else 5 */
	uint8_t auth_type;              /* VRRPv2 only: VRRP_AUTH_NONE, _PASS or _AH */
	uint8_t auth_pass[8];           /* auth_pass, zero-padded (RFC 3768 §5.3.10); the AH key */
	struct xvrrp_vip_cfg *vips;
	size_t n_vips;

	/* keepalived.conf compatibility (issue: run the configurations users have) */
	struct in_addr mcast_src_ip;    /* 0 = interface primary address */
	struct in_addr unicast_src_ip;  /* 0 = mcast_src_ip, else primary address */
	struct in_addr *unicast_peers;  /* adverts go unicast to each; multicast when none */
	size_t n_unicast_peers;
	/* The same for an IPv6 instance (all-zero = unset); the IPv4 ones stay empty. */
	struct in6_addr mcast_src_ip6;
	struct in6_addr unicast_src_ip6;
	struct in6_addr *unicast_peers6;
	size_t n_unicast_peers6;
	struct xvrrp_vip_cfg *vips_excluded;   /* virtual_ipaddress_excluded: not in adverts */
	size_t n_vips_excluded;
	struct xvrrp_route_cfg *routes;        /* virtual_routes */
	size_t n_routes;
	struct xvrrp_rule_cfg *rules;          /* virtual_rules */
	size_t n_rules;
	struct xvrrp_track_if_cfg *track_ifs;
	size_t n_track_ifs;
	struct xvrrp_track_ref_cfg *track_scripts;
	size_t n_track_scripts;
	struct xvrrp_track_ref_cfg *track_files;
	size_t n_track_files;
	struct xvrrp_notify_cfg notify;
	uint32_t garp_master_refresh_s;        /* 0 = off */
	uint32_t garp_master_refresh_repeat;   /* default 1 */
	uint32_t garp_lower_prio_delay_s;      /* default: garp_master_delay */
	uint32_t garp_lower_prio_repeat;       /* default: garp_master_repeat */
	bool accept;                    /* Accept_Mode (RFC 5798 §6.1); keepalived default: true unless vrrp_strict */
	bool use_vmac;
	char vmac_name[IF_NAMESIZE];    /* default "vrrp.VRID" */
	bool vmac_xmit_base;            /* send adverts on the base interface, not the VMAC */
	const char *sync_group;         /* name of its vrrp_sync_group, NULL if none */
	bool strict;                    /* vrrp_strict, or the instance's strict_mode */
	/*
	 * xvrrp extension: at the Master_Down deadline the kernel answers ARP/ND
	 * for the VIPs before the daemon has run (default on); the instance's
	 * kernel_takeover, or the global one.
	 */
	bool kernel_takeover;
	/*
	 * xvrrp extension: the network namespace the instance lives in
	 * (/run/netns/NAME); "" = the daemon's own (the top-level
	 * net_namespace, else the one it was started in). netns_line: where
	 * it was said. The daemon serves one namespace for now and refuses
	 * an instance of another (namespaces.h).
	 */
	char net_namespace[NAME_MAX + 1];
	int netns_line;
};

struct xvrrp_config {
	char router_id[XVRRP_NAME_MAX];
	uint8_t vrrp_version;           /* global default, 2 (keepalived) */
	uint32_t garp_master_delay_s;   /* vrrp_garp_master_delay, default 5 */
	uint32_t garp_master_repeat;    /* vrrp_garp_master_repeat, default 5 */
	uint32_t garp_master_refresh_s;        /* vrrp_garp_master_refresh, default 0 */
	uint32_t garp_master_refresh_repeat;   /* vrrp_garp_master_refresh_repeat, default 1 */
	uint32_t garp_lower_prio_delay_s;      /* vrrp_garp_lower_prio_delay */
	uint32_t garp_lower_prio_repeat;       /* vrrp_garp_lower_prio_repeat */
	struct in_addr mcast_group4;    /* vrrp_mcast_group4, default 224.0.0.18 */
	struct in6_addr mcast_group6;   /* vrrp_mcast_group6, default ff02::12 */
	bool check_unicast_src;         /* vrrp_check_unicast_src */
	bool skip_check_adv_addr;       /* vrrp_skip_check_adv_addr */
	bool strict;                    /* vrrp_strict */
	bool kernel_takeover;           /* global_defs kernel_takeover (xvrrp extension), default on */
	bool enable_script_security;
	char script_user[XVRRP_NAME_MAX];  /* "" = keepalived_script if it exists, else root */
	char script_group[XVRRP_NAME_MAX];
	uint32_t startup_delay_ms;      /* vrrp_startup_delay */
	/*
	 * "" = the namespace we run in. Always "" for a directory: there a
	 * top-level net_namespace names its file's namespace (instances).
	 */
	char net_namespace[NAME_MAX + 1];
	struct xvrrp_script_cfg *scripts;
	size_t n_scripts;
	struct xvrrp_track_file_cfg *track_files;
	size_t n_track_files;
	struct xvrrp_sync_group_cfg *sync_groups;
	size_t n_sync_groups;
	struct xvrrp_vip_cfg *static_addrs;     /* static_ipaddress (dev required) */
	size_t n_static_addrs;
	struct xvrrp_route_cfg *static_routes;
	size_t n_static_routes;
	struct xvrrp_rule_cfg *static_rules;
	size_t n_static_rules;
	struct xvrrp_instance_cfg *instances;
	size_t n_instances;
	char **files;                   /* every file read, for instance->file */
	size_t n_files;
};

/*
 * Parse `path`, a file or a directory. On success return 0 and fill *cfg
 * (free with xvrrp_config_free). On error return -1, having written every
 * problem found as "file:line: message" lines to `err` (stderr when NULL);
 * *cfg is left empty. Keywords of keepalived that xvrrp does not implement yet are
 * reported once each on `err` as "file:line: warning: ..." and skipped.
 *
 * A directory (OpenStack Neutron's ha_confs) is read as one configuration:
 * every DIR/<SUB>/keepalived.conf, whose instances are in network
 * namespace <netns_prefix><SUB>, and every regular file DIR/NAME.conf, in the
 * daemon's namespace, all in byte order of their names (config_dir.c).
 * Each file is a scope of its own (see xvrrp_instance_cfg.scope); global
 * settings must agree between them (router_id excepted). A directory with
 * no such file is a valid configuration without instances.
 */
int xvrrp_config_load(const char *path, struct xvrrp_config *cfg, FILE *err);

struct xvrrp_config_opts {
	const char *config_id;          /* keepalived -i: selects "@ID" lines; NULL = none */
	/*
	 * A directory: the instances of DIR/SUB/keepalived.conf are in
	 * namespace NETNS_PREFIX SUB; NULL = "qrouter-" (OpenStack Neutron).
	 */
	const char *netns_prefix;
};

#define XVRRP_NETNS_PREFIX_DEFAULT "qrouter-"

/* The same, with options (xvrrp_config_load uses all-default options). */
int xvrrp_config_load_opts(const char *path, const struct xvrrp_config_opts *opts,
			   struct xvrrp_config *cfg, FILE *err);

void xvrrp_config_free(struct xvrrp_config *cfg);

/*
 * Do a and b describe the same instance, such that a reload may keep its
 * state (everything but the name's storage and file/line positions)?
 */
bool xvrrp_instance_cfg_equal(const struct xvrrp_instance_cfg *a,
			      const struct xvrrp_instance_cfg *b);

/* Can a reload apply b to a running instance configured as a (see config_dump.c)? */
bool xvrrp_instance_cfg_same_protocol(const struct xvrrp_instance_cfg *a,
				      const struct xvrrp_instance_cfg *b);
bool xvrrp_vip_cfg_equal(const struct xvrrp_vip_cfg *a, const struct xvrrp_vip_cfg *b);
bool xvrrp_route_cfg_equal(const struct xvrrp_route_cfg *a, const struct xvrrp_route_cfg *b);
/* Does the route name a gateway / a preferred source (either family)? */
bool xvrrp_route_has_via(const struct xvrrp_route_cfg *r);
bool xvrrp_route_has_src(const struct xvrrp_route_cfg *r);
/* An IPv6 gateway in fe80::/10: it needs an interface to be reached through. */
bool xvrrp_route_via_link_local(const struct xvrrp_route_cfg *r);
bool xvrrp_rule_cfg_equal(const struct xvrrp_rule_cfg *a, const struct xvrrp_rule_cfg *b);

/* "blackhole ", "unreachable ", "prohibit " or "" for a route's type (RTN_*). */
const char *xvrrp_route_type_name(uint8_t type);

/* The effective configuration (defaults applied), in keepalived syntax. */
void xvrrp_config_dump(const struct xvrrp_config *cfg, FILE *out);

#endif /* XVRRP_CONFIG_H */
