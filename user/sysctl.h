/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Per-interface sysctls (net.ipv4.conf.IF.KEY, net.ipv6.conf.IF.KEY) read
 * and written through /proc/sys, as integers.
 */
#ifndef XVRRP_SYSCTL_H
#define XVRRP_SYSCTL_H

#define XVRRP_SYSCTL_IPV4 "/proc/sys/net/ipv4/conf"
#define XVRRP_SYSCTL_IPV6 "/proc/sys/net/ipv6/conf"

/* base is XVRRP_SYSCTL_IPV4 or _IPV6; ifname may be "all" or "default". 0 or -errno. */
int xvrrp_sysctl_read(const char *base, const char *ifname, const char *key, int *value);
int xvrrp_sysctl_write(const char *base, const char *ifname, const char *key, int value);

#endif
