// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "sysctl.h"

static int sysctl_path(char *buf, size_t len, const char *base, const char *ifname,
		       const char *key)
{
	int n = snprintf(buf, len, "%s/%s/%s", base, ifname, key);

	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int xvrrp_sysctl_read(const char *base, const char *ifname, const char *key, int *value)
{
	char path[256], buf[32];
	ssize_t n;
	int fd, err;

	err = sysctl_path(path, sizeof(path), base, ifname, key);
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	err = n < 0 ? -errno : 0;
	close(fd);
	if (err)
		return err;
	buf[n] = '\0';
	*value = atoi(buf);
	return 0;
}

int xvrrp_sysctl_write(const char *base, const char *ifname, const char *key, int value)
{
	char path[256], buf[16];
	int fd, len, err = 0;

	err = sysctl_path(path, sizeof(path), base, ifname, key);
	if (err)
		return err;
	len = snprintf(buf, sizeof(buf), "%d\n", value);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, buf, len) != len)
		err = -errno;
	close(fd);
	return err;
}
