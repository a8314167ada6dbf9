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
#include <net/if.h>
#include <netinet/in.h>

#define XVRRP_NAME_MAX 64

enum xvrrp_initial_state {
	XVRRP_INITIAL_BACKUP = 0,
	XVRRP_INITIAL_MASTER,
};

struct xvrrp_vip_cfg {
	int family;                     /* AF_INET (AF_INET6 parsed, not yet served) */
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

struct xvrrp_instance_cfg {
	char name[XVRRP_NAME_MAX];
	const char *file;               /* points into xvrrp_config.files */
	int line;                       /* line of "vrrp_instance NAME {" */
	enum xvrrp_initial_state state;
	char interface[IF_NAMESIZE];
	int interface_line;
	uint8_t vrid;                   /* 1..255 */
	uint8_t priority;               /* 1..255, default 100 */
	uint8_t version;                /* 2 or 3: instance "version", else global vrrp_version, else 2 */
	uint16_t adver_int_cs;          /* default 100 (1 s) */
	bool nopreempt;
	uint32_t preempt_delay_ms;      /* 0..1000000 */
	uint32_t garp_master_delay_s;   /* default: global, else 5 */
	uint32_t garp_master_repeat;    /* default: global, else 5 */
	uint8_t auth_type;              /* VRRPv2 only: VRRP_AUTH_NONE (0) or VRRP_AUTH_PASS (1) */
	uint8_t auth_pass[8];           /* auth_pass, zero-padded (RFC 3768 §5.3.10) */
	struct xvrrp_vip_cfg *vips;
	size_t n_vips;
};

struct xvrrp_config {
	char router_id[XVRRP_NAME_MAX];
	uint8_t vrrp_version;           /* global default, 2 (keepalived) */
	uint32_t garp_master_delay_s;   /* vrrp_garp_master_delay, default 5 */
	uint32_t garp_master_repeat;    /* vrrp_garp_master_repeat, default 5 */
	struct xvrrp_instance_cfg *instances;
	size_t n_instances;
	char **files;                   /* every file read, for instance->file */
	size_t n_files;
};

/*
 * Parse `path`. On success return 0 and fill *cfg (free with
 * xvrrp_config_free). On error return -1, having written every problem found
 * as "file:line: message" lines to `err` (stderr when NULL); *cfg is left
 * empty. Keywords of keepalived that xvrrp does not implement yet are
 * reported once each on `err` as "file:line: warning: ..." and skipped.
 */
int xvrrp_config_load(const char *path, struct xvrrp_config *cfg, FILE *err);

void xvrrp_config_free(struct xvrrp_config *cfg);

#endif /* XVRRP_CONFIG_H */
