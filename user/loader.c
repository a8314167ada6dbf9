// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/vfs.h>
#include <linux/ethtool.h>
#include <linux/if_link.h>
#include <linux/sockios.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "loader.h"
#include "log.h"
#include "xvrrp.skel.h"
#include "xvrrp_maps.h"

#define BPFFS_ROOT      "/sys/fs/bpf"
#define BPF_FS_MAGIC_   0xcafe4a11

/*
 * The oldest kernel the program loads on: bpf_timer (the Master_Down_Timer
 * in the kernel, master_down.h) came in Linux 5.15; BPF atomic OR on map
 * values (vrid_flags_or()) and global functions with pointer arguments
 * (vrrp_accept()) in 5.12; ring buffers (5.8), mmap()able arrays (5.5) and
 * XDP through bpf_link (5.9) before that.
 */
#define KERNEL_MIN_MAJOR	5
#define KERNEL_MIN_MINOR	15

static const char *const pinned_maps[] = {
	"stats", "vrid_state", "vrid_stats", "owned_vips", "owned_vips6", "unicast_dsts",
	"unicast_peers",
};

const char *xvrrp_xdp_mode_name(enum xvrrp_xdp_mode mode)
{
	switch (mode) {
	case XVRRP_XDP_NATIVE:  return "native";
	case XVRRP_XDP_GENERIC: return "generic";
	default:                return "auto";
	}
}

int xvrrp_xdp_mode_parse(const char *s, enum xvrrp_xdp_mode *mode)
{
	if (!strcmp(s, "auto"))
		*mode = XVRRP_XDP_AUTO;
	else if (!strcmp(s, "native") || !strcmp(s, "drv"))
		*mode = XVRRP_XDP_NATIVE;
	else if (!strcmp(s, "generic") || !strcmp(s, "skb"))
		*mode = XVRRP_XDP_GENERIC;
	else
		return -EINVAL;
	return 0;
}

static int driver_name(const char *ifname, char *buf, size_t len)
{
	struct ethtool_drvinfo info = { .cmd = ETHTOOL_GDRVINFO };
	struct ifreq ifr = { 0 };
	int fd, ret = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	ifr.ifr_data = (void *)&info;
	if (ioctl(fd, SIOCETHTOOL, &ifr) < 0)
		ret = -errno;
	else
		snprintf(buf, len, "%s", info.driver);
	close(fd);
	return ret;
}

/*
 * Drivers whose native XDP_TX is not safe to rely on: on veth a frame sent
 * with XDP_TX is dropped unless the *peer* runs a native XDP program too
 * (TESTING.md), and the peer is usually not ours. Virtual devices without a
 * native XDP path at all go here too.
 */
static bool driver_needs_generic(const char *driver)
{
	static const char *const generic_only[] = {
		"veth", "macvlan", "ipvlan", "bridge", "tun", "dummy", "bonding", "vxlan",
		"802.1Q VLAN Support", "team",
	};

	for (size_t i = 0; i < sizeof(generic_only) / sizeof(generic_only[0]); i++)
		if (!strcmp(driver, generic_only[i]))
			return true;
	return false;
}

static int attach_link(struct xvrrp_xdp *x, enum xvrrp_xdp_mode mode)
{
	LIBBPF_OPTS(bpf_link_create_opts, opts);
	int fd;

	opts.flags = mode == XVRRP_XDP_NATIVE ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
	fd = bpf_link_create(bpf_program__fd(x->skel->progs.xvrrp_xdp), x->ifindex, BPF_XDP, &opts);
	if (fd < 0)
		return -errno;
	x->link_fd = fd;
	x->mode = mode;
	return 0;
}

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	/* libbpf's chatter sits one level below ours. */
	if (level == LIBBPF_DEBUG && xvrrp_log_get_level() < XVRRP_LOG_DEBUG)
		return 0;
	if (level == LIBBPF_INFO && xvrrp_log_get_level() < XVRRP_LOG_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static void xdp_reset(struct xvrrp_xdp *x, int ifindex)
{
	memset(x, 0, sizeof(*x));
	x->link_fd = -1;
	x->ifindex = ifindex;
}

/* vrid_state is read and written in place by the daemon (xvrrp_maps.h). */
static int map_vrid_state(struct xvrrp_xdp *x)
{
	int err;

	x->vrid_state_len = sizeof(struct xvrrp_vrid_state) * XVRRP_VRID_SLOTS;
	x->vrid_state = mmap(NULL, x->vrid_state_len, PROT_READ | PROT_WRITE, MAP_SHARED,
			     bpf_map__fd(x->skel->maps.vrid_state), 0);
	if (x->vrid_state != MAP_FAILED)
		return 0;
	err = -errno;
	x->vrid_state = NULL;
	pr_err("cannot map the XDP program's vrid_state (%s): xvrrp needs Linux %d.%d or later",
	       strerror(-err), KERNEL_MIN_MAJOR, KERNEL_MIN_MINOR);
	return err;
}

bool xvrrp_kernel_too_old(const char *release)
{
	int major = 0, minor = 0;

	if (sscanf(release, "%d.%d", &major, &minor) != 2)
		return false;
	return major < KERNEL_MIN_MAJOR || (major == KERNEL_MIN_MAJOR && minor < KERNEL_MIN_MINOR);
}

/*
 * -v: the kernel verifier's statistics for each program (BPF_LOG_STATS):
 * how many instructions it processed of its 1 000 000, and how many states.
 */
#define VERIFIER_STATS_BUF 4096
static char verifier_stats[4][VERIFIER_STATS_BUF];

static void ask_verifier_stats(struct bpf_object *obj)
{
	struct bpf_program *prog;
	size_t i = 0;

	bpf_object__for_each_program(prog, obj) {
		if (i == sizeof(verifier_stats) / sizeof(verifier_stats[0]))
			break;
		verifier_stats[i][0] = '\0';
		bpf_program__set_log_buf(prog, verifier_stats[i], VERIFIER_STATS_BUF);
		bpf_program__set_log_level(prog, 4 /* BPF_LOG_STATS */);
		i++;
	}
}

static void print_verifier_stats(struct bpf_object *obj)
{
	struct bpf_program *prog;
	size_t i = 0;

	bpf_object__for_each_program(prog, obj) {
		const char *p;

		if (i == sizeof(verifier_stats) / sizeof(verifier_stats[0]))
			break;
		p = strstr(verifier_stats[i], "processed ");
		if (p)
			pr_debug("verifier: %s: %.*s", bpf_program__name(prog), (int)strcspn(p, "\n"), p);
		bpf_program__set_log_buf(prog, NULL, 0);
		i++;
	}
}

static int load(struct xvrrp_xdp *x, uint32_t mcast_group4, const struct in6_addr *mcast_group6)
{
	struct utsname u;
	int err;

	libbpf_set_print(libbpf_print);
	x->skel = xvrrp_bpf__open();
	if (!x->skel) {
		err = -errno;
		pr_err("cannot open the XDP program: %s", strerror(-err));
		return err;
	}
	/* Load-time settings live in rodata, writable only between open and load. */
	x->skel->rodata->cfg_mcast_group4 = mcast_group4;
	memcpy((void *)x->skel->rodata->cfg_mcast_group6, mcast_group6, 16);
	/* The simulator's hand on the kernel timer: not for a running daemon. */
	bpf_program__set_autoload(x->skel->progs.xvrrp_timer_fire, false);
	if (xvrrp_log_get_level() >= XVRRP_LOG_DEBUG)
		ask_verifier_stats(x->skel->obj);
	err = xvrrp_bpf__load(x->skel);
	if (xvrrp_log_get_level() >= XVRRP_LOG_DEBUG)
		print_verifier_stats(x->skel->obj);
	if (!err)
		return 0;
	if (!uname(&u) && xvrrp_kernel_too_old(u.release))
		pr_err("this kernel (Linux %s) cannot run xvrrp's XDP program: xvrrp needs Linux "
		       "%d.%d or later; upgrade the kernel", u.release, KERNEL_MIN_MAJOR,
		       KERNEL_MIN_MINOR);
	else if (err == -EPERM)
		pr_err("loading the XDP program was refused (EPERM): run xvrrp as root "
		       "(CAP_BPF, CAP_NET_ADMIN and CAP_SYS_ADMIN are needed)");
	else if (err == -EINVAL || err == -E2BIG || err == -EACCES)
		pr_err("the kernel's verifier rejected the XDP program (%s): run with -v to see "
		       "the verifier log, and report it with your kernel version", strerror(-err));
	else
		pr_err("the kernel cannot load the XDP program (%s): xvrrp needs Linux %d.%d or later "
		       "with BTF (/sys/kernel/btf/vmlinux)", strerror(-err), KERNEL_MIN_MAJOR,
		       KERNEL_MIN_MINOR);
	return err;
}

int xvrrp_xdp_attach(struct xvrrp_xdp *x, const char *ifname, int ifindex,
		     enum xvrrp_xdp_mode mode, uint32_t mcast_group4,
		     const struct in6_addr *mcast_group6)
{
	struct bpf_prog_info info = { 0 };
	__u32 info_len = sizeof(info);
	char driver[64] = "";
	int err;

	xdp_reset(x, ifindex);
	err = load(x, mcast_group4, mcast_group6);
	if (err)
		goto fail;

	driver_name(ifname, driver, sizeof(driver));
	if (mode == XVRRP_XDP_AUTO) {
		mode = driver_needs_generic(driver) ? XVRRP_XDP_GENERIC : XVRRP_XDP_NATIVE;
		err = attach_link(x, mode);
		if (err && mode == XVRRP_XDP_NATIVE) {
			pr_warn("%s: native XDP attach failed (%s, driver %s); using generic XDP",
				ifname, strerror(-err), driver[0] ? driver : "unknown");
			err = attach_link(x, XVRRP_XDP_GENERIC);
		}
	} else {
		if (mode == XVRRP_XDP_NATIVE && driver_needs_generic(driver))
			pr_warn("%s: native XDP on a %s device: ARP replies sent with XDP_TX are "
				"dropped unless the peer device runs a native XDP program too",
				ifname, driver);
		err = attach_link(x, mode);
	}
	if (err) {
		if (err == -EBUSY || err == -EEXIST)
			pr_err("%s already has an XDP program attached: remove it (ip link set dev %s xdp off) "
			       "or stop the agent that owns it", ifname, ifname);
		else if (err == -EOPNOTSUPP)
			pr_err("%s: the driver does not support %s XDP; try --xdp-mode generic", ifname,
			       xvrrp_xdp_mode_name(mode));
		else if (err == -EPERM)
			pr_err("attaching XDP to %s was refused (EPERM): run xvrrp as root", ifname);
		else
			pr_err("cannot attach XDP to %s: %s", ifname, strerror(-err));
		goto fail;
	}
	err = map_vrid_state(x);
	if (err)
		goto fail;
	if (!bpf_obj_get_info_by_fd(bpf_program__fd(x->skel->progs.xvrrp_xdp), &info, &info_len))
		x->prog_id = info.id;
	pr_info("%s: XDP program attached in %s mode (driver %s, prog id %u)", ifname,
		xvrrp_xdp_mode_name(x->mode), driver[0] ? driver : "unknown", x->prog_id);
	return 0;
fail:
	xvrrp_xdp_destroy(x);
	return err;
}

int xvrrp_xdp_adopt(struct xvrrp_xdp *x, struct xvrrp_bpf *skel, int ifindex)
{
	int err;

	xdp_reset(x, ifindex);
	x->skel = skel;
	err = map_vrid_state(x);
	if (err)
		x->skel = NULL;
	return err;
}

int xvrrp_pin_dir(const char *ifname, char *buf, size_t len)
{
	struct stat st;

	/* The netns inode tells daemons of different namespaces apart (each may have an eth0). */
	if (stat("/proc/self/ns/net", &st) < 0)
		return -errno;
	if ((size_t)snprintf(buf, len, BPFFS_ROOT "/xvrrp/net%lu-%s", (unsigned long)st.st_ino,
			     ifname) >= len)
		return -ENAMETOOLONG;
	return 0;
}

static int ensure_bpffs(void)
{
	struct statfs sfs;

	if (statfs(BPFFS_ROOT, &sfs) == 0 && (unsigned long)sfs.f_type == BPF_FS_MAGIC_)
		return 0;
	mkdir(BPFFS_ROOT, 0700);
	if (mount("bpf", BPFFS_ROOT, "bpf", 0, "mode=0700") < 0)
		return -errno;
	return 0;
}

int xvrrp_xdp_pin(struct xvrrp_xdp *x, const char *ifname)
{
	char dir[PATH_MAX], path[PATH_MAX + 32];
	int err;

	err = ensure_bpffs();
	if (err) {
		pr_err("cannot mount bpffs on " BPFFS_ROOT " (%s): mount it (mount -t bpf bpf "
		       BPFFS_ROOT ") or run as root", strerror(-err));
		return err;
	}
	err = xvrrp_pin_dir(ifname, dir, sizeof(dir));
	if (err)
		return err;
	mkdir(BPFFS_ROOT "/xvrrp", 0700);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST) {
		err = -errno;
		pr_err("cannot create %s: %s", dir, strerror(-err));
		return err;
	}
	for (size_t i = 0; i < sizeof(pinned_maps) / sizeof(pinned_maps[0]); i++) {
		struct bpf_map *map = bpf_object__find_map_by_name(x->skel->obj, pinned_maps[i]);

		snprintf(path, sizeof(path), "%s/%s", dir, pinned_maps[i]);
		unlink(path); /* left over from a crashed run of ours */
		err = bpf_map__pin(map, path);
		if (err) {
			pr_err("cannot pin %s: %s", path, strerror(-err));
			return err;
		}
	}
	snprintf(x->pin_dir, sizeof(x->pin_dir), "%s", dir);
	return 0;
}

void xvrrp_xdp_destroy(struct xvrrp_xdp *x)
{
	if (x->pin_dir[0]) {
		char path[PATH_MAX + 32];

		for (size_t i = 0; i < sizeof(pinned_maps) / sizeof(pinned_maps[0]); i++) {
			snprintf(path, sizeof(path), "%s/%s", x->pin_dir, pinned_maps[i]);
			unlink(path);
		}
		rmdir(x->pin_dir);
		rmdir(BPFFS_ROOT "/xvrrp");     /* fails while other daemons pin there: fine */
		x->pin_dir[0] = '\0';
	}
	if (x->link_fd >= 0) {
		close(x->link_fd);
		x->link_fd = -1;
	}
	if (x->vrid_state) {
		munmap(x->vrid_state, x->vrid_state_len);
		x->vrid_state = NULL;
	}
	if (x->skel) {
		xvrrp_bpf__destroy(x->skel);
		x->skel = NULL;
	}
}

struct xvrrp_vrid_state *xvrrp_xdp_vrid(const struct xvrrp_xdp *x, uint8_t vrid, uint8_t family)
{
	return &x->vrid_state[XVRRP_VRID_SLOT(vrid, family)];
}

int xvrrp_xdp_timer_prepare(const struct xvrrp_xdp *x)
{
	uint8_t frame[64] = { 0 };
	struct bpf_test_run_opts opts = {
		.sz = sizeof(opts), .data_in = frame, .data_size_in = sizeof(frame), .repeat = 1,
	};

	if (bpf_prog_test_run_opts(bpf_program__fd(x->skel->progs.xvrrp_timer_prepare), &opts))
		return -errno;
	return opts.retval == XDP_PASS ? 0 : -ENOMEM;
}

int xvrrp_xdp_fd_vrid_stats(const struct xvrrp_xdp *x) { return bpf_map__fd(x->skel->maps.vrid_stats); }
int xvrrp_xdp_fd_owned_vips(const struct xvrrp_xdp *x) { return bpf_map__fd(x->skel->maps.owned_vips); }
int xvrrp_xdp_fd_owned_vips6(const struct xvrrp_xdp *x) { return bpf_map__fd(x->skel->maps.owned_vips6); }
int xvrrp_xdp_fd_stats(const struct xvrrp_xdp *x) { return bpf_map__fd(x->skel->maps.stats); }
int xvrrp_xdp_fd_events(const struct xvrrp_xdp *x) { return bpf_map__fd(x->skel->maps.events); }
int xvrrp_xdp_fd_unicast_dsts(const struct xvrrp_xdp *x) { return bpf_map__fd(x->skel->maps.unicast_dsts); }
int xvrrp_xdp_fd_unicast_peers(const struct xvrrp_xdp *x) { return bpf_map__fd(x->skel->maps.unicast_peers); }
int xvrrp_xdp_fd_unicast_dsts6(const struct xvrrp_xdp *x) { return bpf_map__fd(x->skel->maps.unicast_dsts6); }
int xvrrp_xdp_fd_unicast_peers6(const struct xvrrp_xdp *x) { return bpf_map__fd(x->skel->maps.unicast_peers6); }
