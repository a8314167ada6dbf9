/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vrrp_track_file on the host: reading the value and init_file. The files
 * live where other users may write (keepalived puts them anywhere), so
 * nothing here may block the event loop or be aimed elsewhere: opened
 * non-blocking without following a final symlink, regular files only, a
 * bounded read, the value clamped.
 */
#ifndef XVRRP_TRACK_FILE_H
#define XVRRP_TRACK_FILE_H

#include <stdbool.h>

/* |value| is clamped to this: value * weight cannot overflow, and 254 * 254 fits. */
#define XVRRP_TRACK_FILE_VALUE_MAX 1000000L

/*
 * The first integer of the file at path (keepalived: leading blanks, then
 * an optional sign and digits; anything else reads as 0). Returns 0 with
 * *value set, or -errno: -ENOENT (missing), -ELOOP (a symlink), -EINVAL
 * (not a regular file), other open/read errors. *value is 0 on error.
 */
int xvrrp_track_file_read(const char *path, long *value);

/*
 * init_file: write "value\n" to path. Without overwrite only a new file is
 * created; with it an existing regular file is truncated. A symlink or a
 * non-regular file is never written through. Returns 0, -EEXIST (exists,
 * no overwrite), or another -errno.
 */
int xvrrp_track_file_init(const char *path, long value, bool overwrite);

#endif
