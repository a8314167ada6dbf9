// SPDX-License-Identifier: GPL-2.0-only
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

/* The only process-wide state: how chatty to be, and where to. */
static enum xvrrp_log_level log_level = XVRRP_LOG_INFO;
static bool log_syslog;

void xvrrp_log_use_syslog(void)
{
	openlog("xvrrp", LOG_PID, LOG_DAEMON);
	log_syslog = true;
}

void xvrrp_log_set_level(enum xvrrp_log_level level)
{
	log_level = level;
}

enum xvrrp_log_level xvrrp_log_get_level(void)
{
	return log_level;
}

void xvrrp_log(enum xvrrp_log_level level, const char *fmt, ...)
{
	static const char *const prefix[] = { "error: ", "warning: ", "", "debug: " };
	struct timespec ts;
	struct tm tm;
	char stamp[16];
	va_list ap;

	if (level > log_level)
		return;
	if (log_syslog) {
		static const int prio[] = { LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG };

		va_start(ap, fmt);
		vsyslog(prio[level], fmt, ap);
		va_end(ap);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%H:%M:%S", &tm);
	fprintf(stderr, "%s.%03ld xvrrp: %s", stamp, ts.tv_nsec / 1000000, prefix[level]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
