// SPDX-License-Identifier: GPL-2.0-only
/* vrrp_track_file I/O: see track_file.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "track_file.h"

/* A value is a short number: what follows it does not matter. */
#define TRACK_FILE_READ_MAX 64

static long clamp(long v)
{
	if (v > XVRRP_TRACK_FILE_VALUE_MAX)
		return XVRRP_TRACK_FILE_VALUE_MAX;
	if (v < -XVRRP_TRACK_FILE_VALUE_MAX)
		return -XVRRP_TRACK_FILE_VALUE_MAX;
	return v;
}

/* open(2) without following a final link, and only if what opened is a regular file. */
static int open_regular(const char *path, int flags, mode_t mode)
{
	struct stat st;
	int fd = open(path, flags | O_NONBLOCK | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, mode);
	int err;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st))
		err = -errno;
	else if (!S_ISREG(st.st_mode))
		err = -EINVAL;
	else
		return fd;
	close(fd);
	return err;
}

int xvrrp_track_file_read(const char *path, long *value)
{
	char buf[TRACK_FILE_READ_MAX + 1];
	ssize_t n;
	char *end;
	long v;
	int fd, err = 0;

	*value = 0;
	/* O_NONBLOCK: a FIFO planted here opens at once instead of waiting for a writer. */
	fd = open_regular(path, O_RDONLY, 0);
	if (fd < 0)
		return fd;
	n = read(fd, buf, TRACK_FILE_READ_MAX);
	if (n < 0) {
		err = -errno;
		goto out;
	}
	buf[n] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (end == buf)
		v = 0;
	else if (errno == ERANGE)
		v = v < 0 ? -XVRRP_TRACK_FILE_VALUE_MAX : XVRRP_TRACK_FILE_VALUE_MAX;
	*value = clamp(v);
out:
	close(fd);
	return err;
}

int xvrrp_track_file_init(const char *path, long value, bool overwrite)
{
	char text[32];
	int fd, len, err = 0;

	/* Truncated only once it is known to be a regular file (never a device). */
	fd = open_regular(path, O_WRONLY | O_CREAT | (overwrite ? 0 : O_EXCL), 0644);
	if (fd < 0)
		return fd;
	if (ftruncate(fd, 0)) {
		err = -errno;
		goto out;
	}
	len = snprintf(text, sizeof(text), "%ld\n", clamp(value));
	if (write(fd, text, (size_t)len) != len)
		err = errno ? -errno : -EIO;
out:
	close(fd);
	return err;
}
