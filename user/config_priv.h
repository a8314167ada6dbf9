/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * keepalived.conf reader internals, shared by user/config*.c only.
 *
 * Two passes: the lexer (config_lex.c) turns every file into one array of
 * tokens that remember file and line; the parser (config.c, config_net.c,
 * config_track.c) walks that array statement by statement.
 */
#ifndef XVRRP_CONFIG_PRIV_H
#define XVRRP_CONFIG_PRIV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "config.h"

/* Deeper than this is almost certainly a file including itself. */
#define INCLUDE_DEPTH_MAX 8
/*
 * Everything read for one configuration, includes counted each time they
 * are read: bounds on what files that include each other can make us do
 * (every order of N siblings that include "*.conf" is N! reads).
 */
#define CONFIG_FILES_READ_MAX 1000
#define CONFIG_BYTES_READ_MAX (32u << 20)

/* RFC 5798 §5.2.5 / RFC 3768 §5.3.5: "Count IPvX Addr" is 8 bits. */
#define VIPS_PER_INSTANCE_MAX 255

/* xvrrp's own bounds (keepalived takes any unsigned): a typo must not flood the LAN. */
#define GARP_DELAY_MAX_S  3600
#define GARP_REPEAT_MAX   1000
#define PREEMPT_DELAY_MAX_S 1000

#define US_PER_S 1000000ULL

/* RFC 5798 §5.2.4: priority 255 is the address owner. */
#define PRIORITY_OWNER 255

struct token {
	char *text;
	unsigned int file;              /* index into cfg->files */
	int line;
	bool quoted;                    /* a quoted '{' is text, not a brace */
};

/* Facts about an instance that only matter while reading it. */
struct instance_scratch {
	size_t adver_int_tok;           /* 0 = not given (token 0 is never a value) */
	uint64_t adver_int_us;
	bool version_set;
	int version_line;
	int family;                     /* AF_UNSPEC until the first address or native_ipv6 */
	int family_line;                /* where that was */
	int no_vips_line;               /* no_virtual_ipaddress (keepalived 2.2.8) */
	bool priority_set;
	bool state_set;
	bool vrid_given;                /* the keyword was there, valid or not */
	bool interface_given;
	bool garp_delay_set;
	bool garp_repeat_set;
	bool garp_refresh_set;
	bool garp_refresh_repeat_set;
	bool lower_prio_delay_set;
	bool lower_prio_repeat_set;
	bool accept_set;
	int strict_mode;                /* -1 = global vrrp_strict, else 0/1 */
	int kernel_takeover;            /* -1 = global kernel_takeover, else 0/1 */
	bool unicast_given;             /* a unicast_peer block was there */
	int nopreempt_line;
	int preempt_delay_line;
	int accept_line;
	int xmit_base_line;
	int lower_prio_repeat_line;
	int lower_prio_delay_line;
	int unicast_line;
	int state_line;
	unsigned int file;              /* index of inst->file in cfg->files */
};

/* Facts about a vrrp_sync_group that only matter while reading it. */
struct group_scratch {
	unsigned int file;
	int *member_lines;              /* parallel to members */
};

/*
 * One file of a configuration directory, with its includes (config_dir.c):
 * a scope of names, and the namespace of its instances.
 */
struct scope {
	unsigned int file;              /* its file, in cfg->files */
	size_t first_tok, end_tok;      /* its tokens: first_tok .. end_tok - 1 */
	char netns[NAME_MAX + 1];       /* its instances' namespace unless they name one */
	bool netns_given;               /* a top-level net_namespace said it, there: */
	unsigned int netns_file;
	int netns_line;
	bool netns_bad;                 /* the name made from the directory is not one */
	bool netns_said;                /* and that was reported */
};

struct parser {
	struct xvrrp_config *cfg;
	const struct xvrrp_config_opts *opts;
	FILE *err;
	int n_errors;
	struct token *toks;
	size_t n_toks, cap_toks;
	size_t pos;
	size_t end;                             /* tokens from pos up to end are read */
	unsigned int *file_scope;               /* parallel to cfg->files (NULL: all 0) */
	unsigned int lex_scope;                 /* the scope of the files being read */
	struct scope *scopes;                   /* a directory's files, scope k at [k - 1] */
	size_t n_scopes;
	unsigned int scope;                     /* the scope being parsed (0: one file) */
	size_t *global_kws;                     /* global_defs keywords of the scope being parsed */
	size_t n_global_kws, cap_global_kws;
	struct instance_scratch *scratch;       /* parallel to cfg->instances */
	size_t cap_instances;
	struct group_scratch *groups;           /* parallel to cfg->sync_groups */
	unsigned int *script_files;             /* parallel to cfg->scripts */
	bool lower_prio_set[2];                 /* vrrp_garp_lower_prio_delay/repeat given */
	char **ignored_seen;                    /* keywords already noted as ignored */
	size_t n_ignored_seen;
	/* The lexer: files being read (include cycles), what was read in all. */
	struct file_id { dev_t dev; ino_t ino; int line; } reading[INCLUDE_DEPTH_MAX + 1];
	int n_reading;
	struct file_id *cycles_said;            /* (including file, line) of cycles reported */
	size_t n_cycles_said;
	size_t files_read;
	size_t bytes_read;
	bool lex_stop;                          /* a bound was hit: read nothing more */
};

/* One keyword with its values (the rest of its line) and maybe a block. */
struct stmt {
	size_t kw;                      /* token index of the keyword */
	size_t argc;                    /* values follow the keyword: kw+1 .. kw+argc */
	bool block;                     /* a '{' follows (or was assumed, see need_block) */
	size_t open;                    /* token index of that '{' (kw when it was missing) */
};

/* config_util.c: diagnostics */
__attribute__((format(printf, 3, 4))) void
error_at(struct parser *p, size_t tok, const char *fmt, ...);
__attribute__((format(printf, 3, 4))) void
warn_at(struct parser *p, size_t tok, const char *fmt, ...);
__attribute__((format(printf, 4, 5))) void
error_line(struct parser *p, unsigned int file, int line, const char *fmt, ...);
__attribute__((format(printf, 4, 5))) void
warn_line(struct parser *p, unsigned int file, int line, const char *fmt, ...);

/* config_util.c: the scope of a token's file (0 for a configuration of one file) */
unsigned int tok_scope(const struct parser *p, size_t tok);

/* config_util.c: token walking */
bool at_end(const struct parser *p);
bool is_brace(const struct parser *p, size_t i, char c);
bool same_line(const struct parser *p, size_t a, size_t b);
const char *tok_text(const struct parser *p, size_t i);
void read_stmt(struct parser *p, struct stmt *s);
const char *arg(const struct parser *p, const struct stmt *s, size_t n);
bool block_more(struct parser *p, const struct stmt *s);
void skip_block(struct parser *p, const struct stmt *s);
bool need_block(struct parser *p, struct stmt *s);
void no_block(struct parser *p, const struct stmt *s);
bool in_list(const char *word, const char *const *list);
void ignore_unimplemented(struct parser *p, const struct stmt *s);
void reject_unknown(struct parser *p, const struct stmt *s, const char *where);
bool is_ignored_keyword(const char *kw);
int note_ignored(struct parser *p, const struct stmt *s);

/* config_util.c: values */
bool one_value(struct parser *p, const struct stmt *s, const char *expect);
bool no_value(struct parser *p, const struct stmt *s);
bool parse_u32(const char *text, uint32_t *out);
bool parse_int(const char *text, long min, long max, long *out);
bool uint_value(struct parser *p, const struct stmt *s, uint32_t min,
		uint32_t max, uint32_t *out);
bool parse_seconds_us(const char *text, uint64_t *us);
bool seconds_value(struct parser *p, const struct stmt *s,
		   const char *range, uint64_t *us);
bool string_value(struct parser *p, const struct stmt *s, char *dst,
		  size_t size, const char *what);
bool netns_value(struct parser *p, const struct stmt *s, char *dst, size_t size);
/* A name `ip netns` could make: not empty, no '/', not '.' or '..', at most NAME_MAX. */
bool netns_name_ok(const char *name);
bool bool_value(struct parser *p, const struct stmt *s, bool *out);
bool ipv6_unicast(const struct in6_addr *a);
int addr_value(struct parser *p, size_t tok, const char *what, struct in_addr *v4,
	       struct in6_addr *v6);
char *join_args(const struct parser *p, const struct stmt *s, size_t from, size_t to);
/* A name from `names`, or a number 0-255 (iproute2's rt_scopes / rt_protos style). */
struct named_u8 {
	const char *name;
	uint8_t value;
};
bool parse_name_or_u8(const char *text, const struct named_u8 *names, size_t n,
		      uint8_t *value);
bool parse_scope(const char *text, uint8_t *scope);
uint32_t prefix_mask(uint8_t prefixlen);
bool parse_brd(const char *text, const struct xvrrp_vip_cfg *vip,
	       struct in_addr *brd);

/* config.c: the family of the instance being read (keepalived's rule) */
bool instance_family(struct parser *p, size_t tok, int family, const char *what);

/* config.c: the global settings' defaults; the top-level statements up to p->end */
void global_defaults(struct xvrrp_config *cfg);
int parse_top(struct parser *p);
void global_finish(struct parser *p);

/* config_dir.c: a directory of files, each a scope */
bool is_config_dir(const char *path);
int lex_dir(struct parser *p, const char *path);
int parse_scopes(struct parser *p);
void scopes_netns(struct parser *p);
void free_scopes(struct parser *p);

/* config_lex.c */
int lex_file(struct parser *p, const char *path, int depth,
	     unsigned int from_file, int from_line);
void pop_tokens(struct parser *p, size_t keep);

/* config_net.c */
enum vip_list_kind { VIPS_ADVERTISED, VIPS_EXCLUDED, VIPS_STATIC };
int parse_vip_block(struct parser *p, struct stmt *s, enum vip_list_kind kind,
		    struct xvrrp_vip_cfg **list, size_t *n);
int parse_route_block(struct parser *p, struct stmt *s, bool is_static,
		      struct xvrrp_route_cfg **list, size_t *n);
int parse_rule_block(struct parser *p, struct stmt *s, bool is_static,
		     struct xvrrp_rule_cfg **list, size_t *n);

/* config_track.c */
int parse_vrrp_script(struct parser *p, struct stmt *s);
int parse_track_file_def(struct parser *p, struct stmt *s);
int parse_sync_group(struct parser *p, struct stmt *s);
int parse_track_refs(struct parser *p, struct stmt *s, bool files,
		     struct xvrrp_track_ref_cfg **list, size_t *n);
int parse_track_interfaces(struct parser *p, struct stmt *s,
			   struct xvrrp_track_if_cfg **list, size_t *n);
int parse_notify(struct parser *p, const struct stmt *s, struct xvrrp_notify_cfg *n);
void check_tracking(struct parser *p);
void check_sync_groups(struct parser *p);
void free_notify(struct xvrrp_notify_cfg *n);

#endif /* XVRRP_CONFIG_PRIV_H */
