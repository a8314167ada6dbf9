/* SPDX-License-Identifier: GPL-2.0-only */
/* Levelled logging to stderr, printf-checked; libbpf's chatter goes one level down. */
#ifndef XVRRP_LOG_H
#define XVRRP_LOG_H

enum xvrrp_log_level {
	XVRRP_LOG_ERR = 0,
	XVRRP_LOG_WARN,
	XVRRP_LOG_INFO,
	XVRRP_LOG_DEBUG,
};

void xvrrp_log_set_level(enum xvrrp_log_level level);
enum xvrrp_log_level xvrrp_log_get_level(void);
/* From now on log to syslog (a daemon that left its terminal). */
void xvrrp_log_use_syslog(void);
void xvrrp_log(enum xvrrp_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define pr_err(...)   xvrrp_log(XVRRP_LOG_ERR, __VA_ARGS__)
#define pr_warn(...)  xvrrp_log(XVRRP_LOG_WARN, __VA_ARGS__)
#define pr_info(...)  xvrrp_log(XVRRP_LOG_INFO, __VA_ARGS__)
#define pr_debug(...) xvrrp_log(XVRRP_LOG_DEBUG, __VA_ARGS__)

#endif
