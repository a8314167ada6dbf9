// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: the client side of `make bench`. It measures what a user of a VIP
 * would see, independently of the agent under test (xvrrp or keepalived).
 *
 *   probe ping   IF DST_IP INTERVAL_US DURATION_S
 *	ICMP echo (ICMPv6 echo if DST_IP is an IPv6 address) to DST_IP every
 *	INTERVAL_US; prints the longest time between two replies (the outage a
 *	client saw during a failover).
 *   probe mass   DURATION_S CUT_AFTER_S MDI_MS RATE_PPS CUT_CMD SEG...
 *	SEG = IF,OLD_MASTER_IP,VIP_FIRST,COUNT (VRIDs 1..COUNT, VIP_FIRST+i).
 *	Records the last advert of the old master per VRID, runs CUT_CMD at
 *	CUT_AFTER_S, then sends ARP requests (at most RATE_PPS) for the VIPs
 *	whose deadline (last advert + Master_Down_Interval) is near; per VIP it
 *	records the first ARP reply or gratuitous ARP after the cut (the old
 *	master's port is down by then, and both may use the virtual MAC, so the
 *	sender is not told apart by MAC), and prints live time - deadline.
 *	IPv6 VIPs (then OLD_MASTER_IP is the link-local address the old master
 *	advertises from): neighbour solicitations to the VIP's solicited-node
 *	group instead of ARP requests, and the first neighbour advertisement
 *	(solicited, or unsolicited in place of the gratuitous ARP) instead of
 *	the first ARP answer.
 *   probe arpflood IF SRC_IP VIP_FIRST COUNT DURATION_S
 *	ARP requests for COUNT VIPs round robin at the highest rate; replies/s.
 *   probe sniff  DURATION_S SRC_IP|any IF...
 *	Counts the adverts (TTL 255) from SRC_IP on the interfaces: adverts/s, VRIDs
 *	seen, interval p50/p99/max between two adverts of one VRID, and with
 *	PROBE_EXPECT_MS=ADVERT_INT_MS the adverts missing from that cadence.
 *
 * Every receive timestamp is the kernel's (SO_TIMESTAMPNS, CLOCK_REALTIME),
 * so a busy prober does not distort the figures. Output: one JSON object on
 * stdout. Every loop is bounded by DURATION_S. With PROBE_DUMP=FILE, `mass`
 * also writes one line per VIP there: segment, VRID, last advert and live
 * time in ms relative to the cut, and 1 when a gratuitous ARP came first.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/icmp6.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_SEGS	16
#define MAX_VRID	256
#define NSEC		1000000000LL
#define IPPROTO_VRRP_	112

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

static void die(const char *what)
{
	fprintf(stderr, "probe: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void enable_stamps(int fd)
{
	int one = 1, big = 16 << 20;

	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one)))
		die("SO_TIMESTAMPNS");
	/* A deep buffer: the stamps stay right even when we read late. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
}

/* recv_stamped: one datagram and its kernel arrival stamp; -1 when none. */
static ssize_t recv_stamped(int fd, void *buf, size_t len, int64_t *stamp,
			    struct sockaddr_storage *from)
{
	char ctrl[CMSG_SPACE(sizeof(struct timespec))];
	struct iovec iov = { buf, len };
	struct msghdr mh = {
		.msg_name = from, .msg_namelen = from ? sizeof(*from) : 0,
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = ctrl, .msg_controllen = sizeof(ctrl),
	};
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(fd, &mh, MSG_DONTWAIT);
	if (n < 0)
		return -1;
	*stamp = now_ns();
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(c), sizeof(ts));
			*stamp = ts.tv_sec * NSEC + ts.tv_nsec;
		}
	}
	return n;
}

static void sleep_until(int64_t t)
{
	struct timespec ts = { t / NSEC, t % NSEC };

	clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL);
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* pct: the P-th percentile of sorted V[0..N) (nearest rank). */
static int64_t pct(const int64_t *v, size_t n, double p)
{
	size_t i;

	if (!n)
		return 0;
	i = (size_t)(p / 100.0 * (double)n + 0.999999);
	if (i < 1)
		i = 1;
	if (i > n)
		i = n;
	return v[i - 1];
}

static double ms(int64_t ns)
{
	return (double)ns / 1e6;
}

/* ------------------------------------------------------------------ ping */

static uint16_t inet_csum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

/*
 * is_echo_reply: our echo reply from DST? A raw IPv4 socket hands over the
 * IP header, a raw ICMPv6 one only the message (the sender is in FROM).
 */
static int is_echo_reply(const uint8_t *buf, ssize_t n, uint16_t id,
			 const struct sockaddr_storage *dst, const struct sockaddr_storage *from)
{
	const struct sockaddr_in6 *d6 = (const struct sockaddr_in6 *)dst;
	const struct sockaddr_in6 *f6 = (const struct sockaddr_in6 *)from;
	const struct sockaddr_in *d4 = (const struct sockaddr_in *)dst;
	const struct iphdr *ip = (const struct iphdr *)buf;
	struct icmphdr r;	/* an ICMPv6 echo has the same layout */

	if (dst->ss_family == AF_INET6) {
		if (n < (ssize_t)sizeof(r))
			return 0;
		memcpy(&r, buf, sizeof(r));
		return r.type == ICMP6_ECHO_REPLY && r.un.echo.id == id &&
		       !memcmp(&f6->sin6_addr, &d6->sin6_addr, sizeof(d6->sin6_addr));
	}
	if (n < (ssize_t)(ip->ihl * 4 + sizeof(r)))
		return 0;
	memcpy(&r, buf + ip->ihl * 4, sizeof(r));
	return r.type == ICMP_ECHOREPLY && r.un.echo.id == id && ip->saddr == d4->sin_addr.s_addr;
}

/* ping_socket: a raw ICMP or ICMPv6 socket on IF for DST (family by its form). */
static int ping_socket(const char *ifn, const char *addr, struct sockaddr_storage *dst,
		       socklen_t *dlen)
{
	struct sockaddr_in6 *d6 = (struct sockaddr_in6 *)dst;
	struct sockaddr_in *d4 = (struct sockaddr_in *)dst;
	struct icmp6_filter only_replies;
	int fd;

	memset(dst, 0, sizeof(*dst));
	if (inet_pton(AF_INET6, addr, &d6->sin6_addr) == 1) {
		d6->sin6_family = AF_INET6;
		*dlen = sizeof(*d6);
		fd = socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
		if (fd < 0)
			die("raw ICMPv6 socket");
		/* Not the neighbour discovery and MLD traffic of the segment. */
		ICMP6_FILTER_SETBLOCKALL(&only_replies);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &only_replies);
		if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &only_replies, sizeof(only_replies)))
			die("ICMP6_FILTER");
	} else if (inet_pton(AF_INET, addr, &d4->sin_addr) == 1) {
		d4->sin_family = AF_INET;
		*dlen = sizeof(*d4);
		fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
		if (fd < 0)
			die("raw ICMP socket");
	} else {
		return -1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifn, strlen(ifn)))
		die("SO_BINDTODEVICE");
	return fd;
}

static int cmd_ping(int argc, char **argv)
{
	int64_t interval, end, next, last_reply = 0, max_gap = 0, gap_at = 0, t0;
	long sent = 0, replies = 0;
	struct sockaddr_storage dst, from;
	socklen_t dlen;
	uint16_t id = (uint16_t)getpid();
	int fd;

	if (argc != 4)
		return 2;
	fd = ping_socket(argv[0], argv[1], &dst, &dlen);
	if (fd < 0)
		return 2;
	interval = atoll(argv[2]) * 1000LL;
	enable_stamps(fd);
	t0 = now_ns();
	end = t0 + (int64_t)(atof(argv[3]) * NSEC);
	next = t0;
	while (now_ns() < end) {
		uint8_t pkt[64] = { 0 }, buf[256];
		struct icmphdr *ic = (struct icmphdr *)pkt;
		int64_t stamp;
		ssize_t n;

		if (now_ns() >= next) {
			ic->un.echo.id = id;
			ic->un.echo.sequence = htons((uint16_t)sent);
			if (dst.ss_family == AF_INET6) {
				/* The kernel sums ICMPv6 with its pseudo-header. */
				ic->type = ICMP6_ECHO_REQUEST;
			} else {
				ic->type = ICMP_ECHO;
				ic->checksum = inet_csum(pkt, sizeof(pkt));
			}
			sendto(fd, pkt, sizeof(pkt), MSG_DONTWAIT, (struct sockaddr *)&dst, dlen);
			sent++;
			next += interval;
		}
		while ((n = recv_stamped(fd, buf, sizeof(buf), &stamp, &from)) > 0) {
			if (!is_echo_reply(buf, n, id, &dst, &from))
				continue;
			if (last_reply && stamp - last_reply > max_gap) {
				max_gap = stamp - last_reply;
				gap_at = last_reply - t0;
			}
			last_reply = stamp;
			replies++;
		}
		sleep_until(next < end ? next : end);
	}
	printf("{\"sent\": %ld, \"replies\": %ld, \"max_gap_ms\": %.3f, \"gap_start_s\": %.3f}\n",
	       sent, replies, ms(max_gap), (double)gap_at / NSEC);
	return 0;
}

/* ------------------------------------------------------------ AF_PACKET */

struct arp_frame {
	uint8_t  dst[6], src[6];
	uint16_t proto;
	uint16_t htype, ptype;
	uint8_t  hlen, plen;
	uint16_t op;
	uint8_t  sha[6];
	uint8_t  spa[4];
	uint8_t  tha[6];
	uint8_t  tpa[4];
} __attribute__((packed));

struct iface {
	int fd;
	int ifindex;
	uint8_t mac[6];
};

static void open_iface(struct iface *f, const char *name, uint16_t proto)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	struct ifreq ifr = { 0 };

	f->fd = socket(AF_PACKET, SOCK_RAW, htons(proto));
	if (f->fd < 0)
		die("AF_PACKET socket");
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(f->fd, SIOCGIFHWADDR, &ifr))
		die(name);
	memcpy(f->mac, ifr.ifr_hwaddr.sa_data, 6);
	f->ifindex = (int)if_nametoindex(name);
	sll.sll_protocol = htons(proto);
	sll.sll_ifindex = f->ifindex;
	if (bind(f->fd, (struct sockaddr *)&sll, sizeof(sll)))
		die("bind AF_PACKET");
	enable_stamps(f->fd);
}

/* attach: a classic BPF filter, so the kernel drops what we do not count. */
static void attach(int fd, struct sock_filter *code, unsigned short len)
{
	struct sock_fprog prog = { len, code };

	if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)))
		die("SO_ATTACH_FILTER");
}

/*
 * Incoming ARP, VRRP (IPv4 protocol or IPv6 next header 112) and ICMPv6
 * neighbour advertisements (right after the IPv6 header) only, not our own
 * transmissions.
 */
static struct sock_filter arp_nd_or_vrrp[] = {
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 11, 0),
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_ARP, 10, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IP, 0, 2),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 23),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_VRRP_, 7, 6),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_IPV6, 0, 5),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 20),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_VRRP_, 4, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_ICMPV6, 0, 2),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 54),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ND_NEIGHBOR_ADVERT, 1, 0),
	BPF_STMT(BPF_RET | BPF_K, 0),
	BPF_STMT(BPF_RET | BPF_K, 0xffff),
};

/* ARP replies only. */
static struct sock_filter arp_replies[] = {
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ETH_P_ARP, 0, 3),
	BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 20),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 2, 0, 1),
	BPF_STMT(BPF_RET | BPF_K, 0xffff),
	BPF_STMT(BPF_RET | BPF_K, 0),
};

static void build_arp_request(struct arp_frame *a, const uint8_t *mac, uint32_t spa,
			      uint32_t tpa)
{
	memset(a, 0, sizeof(*a));
	memset(a->dst, 0xff, 6);
	memcpy(a->src, mac, 6);
	a->proto = htons(ETH_P_ARP);
	a->htype = htons(1);
	a->ptype = htons(ETH_P_IP);
	a->hlen = 6;
	a->plen = 4;
	a->op = htons(1);
	memcpy(a->sha, mac, 6);
	memcpy(a->spa, &spa, 4);
	memcpy(a->tpa, &tpa, 4);
}

/* An IPv6 neighbour solicitation with the source link-layer address option. */
struct ns_frame {
	uint8_t  dst[6], src[6];
	uint16_t proto;
	uint32_t vtc_flow;
	uint16_t plen;
	uint8_t  next, hlim;
	uint8_t  saddr[16], daddr[16];
	uint8_t  type, code;
	uint16_t csum;
	uint32_t reserved;
	uint8_t  target[16];
	uint8_t  opt_type, opt_len, opt_mac[6];
} __attribute__((packed));

#define NS_LEN (sizeof(struct ns_frame) - offsetof(struct ns_frame, type))

/*
 * build_ns: who has TARGET, asked from SRC to TARGET's solicited-node group
 * ff02::1:ffXX:XXXX (MAC 33:33:ff:XX:XX:XX), hop limit 255 (RFC 4861 §7.1.1).
 */
static void build_ns(struct ns_frame *f, const uint8_t *mac, const uint8_t *src,
		     const uint8_t *target)
{
	uint8_t pseudo[40 + NS_LEN] = { 0 };

	memset(f, 0, sizeof(*f));
	f->dst[0] = f->dst[1] = 0x33;
	f->dst[2] = 0xff;
	memcpy(f->dst + 3, target + 13, 3);
	memcpy(f->src, mac, 6);
	f->proto = htons(ETH_P_IPV6);
	f->vtc_flow = htonl(6U << 28);
	f->plen = htons(NS_LEN);
	f->next = IPPROTO_ICMPV6;
	f->hlim = 255;
	memcpy(f->saddr, src, 16);
	f->daddr[0] = 0xff;
	f->daddr[1] = 0x02;
	f->daddr[11] = 0x01;
	f->daddr[12] = 0xff;
	memcpy(f->daddr + 13, target + 13, 3);
	f->type = ND_NEIGHBOR_SOLICIT;
	memcpy(f->target, target, 16);
	f->opt_type = ND_OPT_SOURCE_LINKADDR;
	f->opt_len = 1;			/* in units of 8 bytes */
	memcpy(f->opt_mac, mac, 6);
	/* The checksum covers the pseudo-header: addresses, length, next header. */
	memcpy(pseudo, f->saddr, 16);
	memcpy(pseudo + 16, f->daddr, 16);
	pseudo[35] = NS_LEN;
	pseudo[39] = IPPROTO_ICMPV6;
	memcpy(pseudo + 40, &f->type, NS_LEN);
	f->csum = inet_csum(pseudo, sizeof(pseudo));
}

/*
 * iface_addr: NAME's address of FAMILY into OUT (network order), the first
 * one; for IPv6 a global one if there is one, else the link-local one.
 */
static void iface_addr(const char *name, int family, uint8_t *out)
{
	struct ifaddrs *all, *a;
	int best = 0;

	if (getifaddrs(&all))
		return;
	for (a = all; a; a = a->ifa_next) {
		const void *addr;
		int rank = 2, len = 4;

		if (!a->ifa_addr || a->ifa_addr->sa_family != family || strcmp(a->ifa_name, name))
			continue;
		if (family == AF_INET6) {
			const struct in6_addr *a6 = &((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr;

			addr = a6;
			len = 16;
			rank = IN6_IS_ADDR_LINKLOCAL(a6) ? 1 : 2;
		} else {
			addr = &((struct sockaddr_in *)a->ifa_addr)->sin_addr;
		}
		if (rank > best) {
			memcpy(out, addr, (size_t)len);
			best = rank;
		}
	}
	freeifaddrs(all);
}

/* ------------------------------------------------------------------ mass */

struct seg {
	struct iface f;
	int      family;		/* the VIPs': AF_INET or AF_INET6 */
	size_t   alen;			/* 4 or 16 */
	uint8_t  my_addr[16];		/* network order, as the next two */
	uint8_t  old_master[16];
	uint8_t  vip[16];		/* VIP_FIRST */
	uint32_t vip_first;		/* its last 32 bits, host order */
	int      count;
	int64_t  last_adv[MAX_VRID];	/* last advert from the old master */
	int64_t  live[MAX_VRID];	/* first ARP (ND) answer from the new master */
	int      by_garp[MAX_VRID];
	int      sampled[MAX_VRID];	/* asked right at its deadline (every SAMPLE_EVERY-th) */
	int64_t  asked[MAX_VRID];	/* when this client first asked for it */
};

/*
 * One VIP in SAMPLE_EVERY is asked right at its deadline. A client cannot
 * ask a thousand VIPs within the millisecond their deadlines share; the
 * sample shows when the new master answers (for every VIP, the first
 * answer seen is also often the new master's gratuitous ARP).
 */
#define SAMPLE_EVERY 20

/* vip_of: the address of VRID I's VIP (VIP_FIRST + I - 1) into OUT. */
static void vip_of(const struct seg *s, int i, uint8_t *out)
{
	uint32_t low = htonl(s->vip_first + (uint32_t)(i - 1));

	memcpy(out, s->vip, s->alen);
	memcpy(out + s->alen - 4, &low, 4);
}

/*
 * seen_live: ADDR answered at STAMP (UNSOLICITED: a gratuitous ARP or an
 * unsolicited neighbour advertisement); the first answer after the cut of a
 * VIP of S is the one kept.
 */
static void seen_live(struct seg *s, const uint8_t *addr, int64_t stamp, int64_t t_cut,
		      int unsolicited)
{
	uint32_t low;
	long i;

	if (memcmp(addr, s->vip, s->alen - 4) || !t_cut || stamp <= t_cut)
		return;
	memcpy(&low, addr + s->alen - 4, 4);
	i = (long)ntohl(low) - (long)s->vip_first + 1;
	if (i < 1 || i > s->count || s->live[i])
		return;
	__atomic_store_n(&s->live[i], stamp, __ATOMIC_RELAXED);
	s->by_garp[i] = unsolicited;
}

static void seg_rx(struct seg *s, int64_t t_cut)
{
	uint8_t buf[2048];
	int64_t stamp;
	ssize_t n;
	int budget = 4096;

	while (budget-- > 0 && (n = recv_stamped(s->f.fd, buf, sizeof(buf), &stamp, NULL)) > 0) {
		const uint8_t *src = NULL, *vrrp = NULL, *l4 = buf + 14 + 40;
		int v6 = s->family == AF_INET6;
		uint16_t proto;

		if (n < 14)
			continue;
		memcpy(&proto, buf + 12, 2);
		proto = ntohs(proto);
		if (!v6 && proto == ETH_P_IP && n >= 14 + 20 + 8) {
			src = buf + 26;
			vrrp = buf + 14 + (buf[14] & 0xf) * 4;
		} else if (v6 && proto == ETH_P_IPV6 && n >= 14 + 40 + 8 && buf[20] == IPPROTO_VRRP_) {
			src = buf + 22;
			vrrp = l4;
		} else if (v6 && proto == ETH_P_IPV6 && n >= 14 + 40 + 24 &&
			   buf[20] == IPPROTO_ICMPV6 && l4[0] == ND_NEIGHBOR_ADVERT) {
			/* The target at offset 8; the S flag is 0x40 of the first flags byte. */
			seen_live(s, l4 + 8, stamp, t_cut, !(l4[4] & 0x40));
		} else if (!v6 && proto == ETH_P_ARP && n >= (ssize_t)sizeof(struct arp_frame)) {
			struct arp_frame a;

			memcpy(&a, buf, sizeof(a));
			seen_live(s, a.spa, stamp, t_cut, ntohs(a.op) == 1);
		}
		/* Stamped after t_cut too: the cut of many ports takes a while. */
		if (vrrp && !memcmp(src, s->old_master, s->alen))
			s->last_adv[vrrp[1]] = stamp;
	}
}

/* ask: a question for VRID I's VIP: an ARP request, or an IPv6 neighbour solicitation. */
static void ask(struct seg *s, int i)
{
	union {
		struct arp_frame arp;
		struct ns_frame ns;
	} f;
	uint8_t vip[16];
	uint32_t spa, tpa;
	size_t len;

	vip_of(s, i, vip);
	if (s->family == AF_INET6) {
		build_ns(&f.ns, s->f.mac, s->my_addr, vip);
		len = sizeof(f.ns);
	} else {
		memcpy(&spa, s->my_addr, 4);
		memcpy(&tpa, vip, 4);
		build_arp_request(&f.arp, s->f.mac, spa, tpa);
		len = sizeof(f.arp);
	}
	/* Before send(): on veth the answer can arrive before send() returns. */
	if (!__atomic_load_n(&s->asked[i], __ATOMIC_RELAXED))
		__atomic_store_n(&s->asked[i], now_ns(), __ATOMIC_RELAXED);
	send(s->f.fd, &f, len, MSG_DONTWAIT);
}

static int parse_seg(struct seg *s, char *arg)
{
	char *ifn = strtok(arg, ","), *old = strtok(NULL, ","), *vip = strtok(NULL, ","),
	     *cnt = strtok(NULL, ",");
	uint32_t low;

	if (!cnt)
		return -1;
	memset(s, 0, sizeof(*s));
	/* The family of the VIPs: IPv6 if VIP_FIRST is an IPv6 address. */
	s->family = strchr(vip, ':') ? AF_INET6 : AF_INET;
	s->alen = s->family == AF_INET6 ? 16 : 4;
	open_iface(&s->f, ifn, ETH_P_ALL);
	attach(s->f.fd, arp_nd_or_vrrp, sizeof(arp_nd_or_vrrp) / sizeof(arp_nd_or_vrrp[0]));
	iface_addr(ifn, s->family, s->my_addr);
	if (inet_pton(s->family, old, s->old_master) != 1 || inet_pton(s->family, vip, s->vip) != 1)
		return -1;
	memcpy(&low, s->vip + s->alen - 4, 4);
	s->vip_first = ntohl(low);
	s->count = atoi(cnt);
	return s->count > 0 && s->count < MAX_VRID ? 0 : -1;
}

/* A VIP and its deadline as this client sees it (last advert + MDI). */
struct due {
	int si, i;
	int64_t due;
};

static int by_due(const void *a, const void *b)
{
	const struct due *x = a, *y = b;

	return (x->due > y->due) - (x->due < y->due);
}

/*
 * The sampled VIPs are asked by a thread of their own, at real-time
 * priority, each right at its deadline: the main loop, busy with the
 * new master's adverts and gratuitous ARPs, would ask late (measured:
 * a median 3 ms late at 1000 VIPs), and the figure would be the client's
 * delay, not the router's.
 */
struct asker {
	struct seg *segs;
	const struct due *order;
	int total;
	pthread_t th;
	int started;
};

static void *ask_sampled(void *arg)
{
	struct asker *a = arg;
	struct sched_param sp = { .sched_priority = 50 };

	pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp);
	for (int k = 0; k < a->total; k++) {
		struct seg *s = &a->segs[a->order[k].si];
		int i = a->order[k].i;
		int64_t at = a->order[k].due + 200000;
		struct timespec ts = { at / NSEC, at % NSEC };

		if (!s->sampled[i])
			continue;
		while (clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
		if (__atomic_load_n(&s->live[i], __ATOMIC_RELAXED))
			continue;
		ask(s, i);
	}
	return NULL;
}

static int cmd_mass(int argc, char **argv)
{
	static struct asker asker;
	static struct seg segs[MAX_SEGS];
	int64_t t0, end, t_cut = 0, t_cut_done = 0, cut_at, mdi, gap, next_tx, *late;
	double rate;
	int nseg = argc - 5, total = 0, nlate = 0, missing = 0, no_adv = 0, garps = 0, rr = 0;
	int nslate = 0, nsans = 0, nslag = 0;
	int64_t *slate, *sans, *slag;
	struct due *order = NULL;
	long sent = 0;
	FILE *dump;

	if (argc < 6 || nseg > MAX_SEGS)
		return 2;
	t0 = now_ns();
	end = t0 + (int64_t)(atof(argv[0]) * NSEC);
	cut_at = t0 + (int64_t)(atof(argv[1]) * NSEC);
	mdi = (int64_t)(atof(argv[2]) * 1e6);
	rate = atof(argv[3]);
	gap = (int64_t)(NSEC / (rate > 0 ? rate : 1));
	for (int i = 0; i < nseg; i++) {
		if (parse_seg(&segs[i], argv[5 + i]))
			return 2;
		total += segs[i].count;
	}
	next_tx = 0;
	while (now_ns() < end) {
		struct pollfd pf[MAX_SEGS];
		int pending = 0;

		for (int i = 0; i < nseg; i++)
			seg_rx(&segs[i], t_cut);
		if (!t_cut && now_ns() >= cut_at) {
			/* Drain first: the last pre-cut adverts keep their stamps. */
			t_cut = now_ns();
			if (system(argv[4]) != 0)
				fprintf(stderr, "probe: cut command failed\n");
			t_cut_done = now_ns();
			/* What r1 sent while the cut ran: its last adverts, before any deadline is set. */
			for (int i = 0; i < nseg; i++)
				seg_rx(&segs[i], t_cut);
		}
		if (t_cut) {
			int64_t now = now_ns();

			/*
			 * One request per call, paced, round robin over the VIPs past
			 * their deadline and still silent; the sampled ones are first
			 * asked by the asker thread, right at their deadline.
			 */
			if (!order) {
				order = calloc((size_t)total, sizeof(*order));
				if (!order)
					die("calloc");
				for (int si = 0, k = 0; si < nseg; si++)
					for (int i = 1; i <= segs[si].count; i++, k++) {
						order[k].si = si;
						order[k].i = i;
						order[k].due = (segs[si].last_adv[i] ? segs[si].last_adv[i]
										      : t_cut) + mdi;
					}
				qsort(order, (size_t)total, sizeof(*order), by_due);
				for (int k = 0; k < total; k += SAMPLE_EVERY)
					segs[order[k].si].sampled[order[k].i] = 1;
				asker = (struct asker){ .segs = segs, .order = order, .total = total };
				asker.started = pthread_create(&asker.th, NULL, ask_sampled, &asker) == 0;
			}
			for (int k = 0; k < total; k++)
				pending += !segs[order[k].si].live[order[k].i];
			if (now >= next_tx) {
				struct seg *s = NULL;
				int i = 0;

				for (int k = 0; !s && k < total; k++) {
					int g = (rr + k) % total;

					if (segs[order[g].si].live[order[g].i] || now < order[g].due)
						continue;
					/* The asker's, until it has asked. */
					if (segs[order[g].si].sampled[order[g].i] &&
					    !__atomic_load_n(&segs[order[g].si].asked[order[g].i],
							     __ATOMIC_RELAXED))
						continue;
					s = &segs[order[g].si];
					i = order[g].i;
					rr = (g + 1) % total;
				}
				if (s) {
					ask(s, i);
					sent++;
					next_tx = now + gap;
				}
			}
			if (!pending)
				break;
		}
		for (int i = 0; i < nseg; i++)
			pf[i] = (struct pollfd){ .fd = segs[i].f.fd, .events = POLLIN };
		poll(pf, (nfds_t)nseg, t_cut ? 0 : 1);
		if (t_cut) {
			/* Busy pacing would steal the CPU the routers need: yield. */
			struct timespec ts = { 0, 20000 };

			nanosleep(&ts, NULL);
		}
	}
	if (asker.started)
		pthread_join(asker.th, NULL);
	for (int i = 0; i < nseg; i++)
		seg_rx(&segs[i], t_cut);
	late = calloc((size_t)total + 1, sizeof(*late));
	slate = calloc((size_t)total + 1, sizeof(*slate));
	sans = calloc((size_t)total + 1, sizeof(*sans));
	slag = calloc((size_t)total + 1, sizeof(*slag));
	if (!late || !slate || !sans || !slag)
		die("calloc");
	dump = getenv("PROBE_DUMP") ? fopen(getenv("PROBE_DUMP"), "w") : NULL;
	if (dump)
		fprintf(dump, "# the cut took %.3f ms\n", ms(t_cut_done - t_cut));
	for (int si = 0; si < nseg; si++) {
		struct seg *s = &segs[si];

		for (int i = 1; i <= s->count; i++) {
			if (dump)
				fprintf(dump, "%d %d %.3f %.3f %d %d %.3f\n", si, i,
					ms(s->last_adv[i] - t_cut), ms(s->live[i] - t_cut), s->by_garp[i],
					s->sampled[i], s->asked[i] ? ms(s->asked[i] - t_cut) : 0.0);
			if (!s->last_adv[i])
				no_adv++;
			if (!s->live[i]) {
				missing++;
				continue;
			}
			garps += s->by_garp[i];
			late[nlate++] = s->live[i] - ((s->last_adv[i] ? s->last_adv[i] : t_cut) + mdi);
			if (s->sampled[i]) {
				int64_t due = (s->last_adv[i] ? s->last_adv[i] : t_cut) + mdi;
				int64_t from = due;

				slate[nslate++] = late[nlate - 1];
				/*
				 * The router's part: from the deadline or, if this client
				 * asked later (it was busy), from the question.
				 */
				if (s->asked[i]) {
					slag[nslag++] = s->asked[i] - due;
					if (s->asked[i] > due && s->live[i] >= s->asked[i])
						from = s->asked[i];
				}
				sans[nsans++] = s->live[i] - from;
			}
		}
	}
	if (dump)
		fclose(dump);
	qsort(late, (size_t)nlate, sizeof(*late), cmp_i64);
	qsort(slate, (size_t)nslate, sizeof(*slate), cmp_i64);
	qsort(sans, (size_t)nsans, sizeof(*sans), cmp_i64);
	qsort(slag, (size_t)nslag, sizeof(*slag), cmp_i64);
	printf("{\"vips\": %d, \"live\": %d, \"missing\": %d, \"no_advert_seen\": %d, "
	       "\"first_by_garp\": %d, \"arp_sent\": %ld, \"mdi_ms\": %.1f, "
	       "\"late_first_ms\": %.3f, \"late_median_ms\": %.3f, \"late_last_ms\": %.3f, "
	       "\"sampled\": %d, \"sampled_median_ms\": %.3f, \"sampled_last_ms\": %.3f, "
	       "\"answer_median_ms\": %.3f, \"answer_last_ms\": %.3f, "
	       "\"ask_lag_median_ms\": %.3f, \"ask_lag_last_ms\": %.3f}\n",
	       total, nlate, missing, no_adv, garps, sent, ms(mdi),
	       nlate ? ms(late[0]) : 0.0, nlate ? ms(pct(late, (size_t)nlate, 50)) : 0.0,
	       nlate ? ms(late[nlate - 1]) : 0.0, nslate,
	       nslate ? ms(pct(slate, (size_t)nslate, 50)) : 0.0,
	       nslate ? ms(slate[nslate - 1]) : 0.0,
	       nsans ? ms(pct(sans, (size_t)nsans, 50)) : 0.0, nsans ? ms(sans[nsans - 1]) : 0.0,
	       nslag ? ms(pct(slag, (size_t)nslag, 50)) : 0.0, nslag ? ms(slag[nslag - 1]) : 0.0);
	free(late);
	free(slate);
	free(sans);
	free(slag);
	free(order);
	return 0;
}

/* -------------------------------------------------------------- arpflood */

#define BATCH 64

static int cmd_arpflood(int argc, char **argv)
{
	struct arp_frame frames[BATCH];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct iface f;
	struct in_addr src, vip;
	int64_t t0, end, sec_end;
	long sent = 0, replies = 0, per_sec[64] = { 0 }, best = 0;
	int count, secs = 0, rr = 0, one = 1, rx;

	if (argc != 5 || inet_pton(AF_INET, argv[1], &src) != 1 ||
	    inet_pton(AF_INET, argv[2], &vip) != 1)
		return 2;
	count = atoi(argv[3]);
	open_iface(&f, argv[0], ETH_P_ARP);
	attach(f.fd, arp_replies, sizeof(arp_replies) / sizeof(arp_replies[0]));
	setsockopt(f.fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));
	/* Replies are counted on a second socket, so sends never wait on reads. */
	rx = f.fd;
	memset(msgs, 0, sizeof(msgs));
	t0 = now_ns();
	end = t0 + (int64_t)(atof(argv[4]) * NSEC);
	sec_end = t0 + NSEC;
	while (1) {
		int64_t now = now_ns();
		uint8_t buf[128];
		int64_t stamp;
		int n;

		if (now >= sec_end) {
			if (secs < 64)
				per_sec[secs] = replies;
			secs++;
			sec_end += NSEC;
		}
		if (now >= end)
			break;
		for (int i = 0; i < BATCH; i++) {
			build_arp_request(&frames[i], f.mac, src.s_addr,
					  htonl(ntohl(vip.s_addr) + (uint32_t)(rr++ % count)));
			iov[i] = (struct iovec){ &frames[i], sizeof(frames[i]) };
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		n = sendmmsg(f.fd, msgs, BATCH, MSG_DONTWAIT);
		if (n > 0)
			sent += n;
		for (int k = 0; k < 4 * BATCH && recv_stamped(rx, buf, sizeof(buf), &stamp, NULL) > 0; k++)
			replies++;
	}
	for (int i = 0; i < secs && i < 64; i++) {
		long d = per_sec[i] - (i ? per_sec[i - 1] : 0);

		if (d > best)
			best = d;
	}
	printf("{\"sent\": %ld, \"replies\": %ld, \"seconds\": %.3f, \"sent_pps\": %.0f, "
	       "\"replies_per_s\": %.0f, \"best_second\": %ld}\n",
	       sent, replies, (double)(end - t0) / NSEC, (double)sent * NSEC / (double)(end - t0),
	       (double)replies * NSEC / (double)(end - t0), best);
	return 0;
}

/* ----------------------------------------------------------------- sniff */

static int cmd_sniff(int argc, char **argv)
{
	static int64_t last[MAX_SEGS][MAX_VRID];
	struct iface f[MAX_SEGS];
	struct in_addr src;
	int64_t t0, end, *iv = NULL;
	size_t niv = 0, cap = 0;
	long count = 0, missed = 0;
	int64_t expect = getenv("PROBE_EXPECT_MS") ? (int64_t)(atof(getenv("PROBE_EXPECT_MS")) * 1e6) : 0;
	int nif = argc - 2, vrids = 0, any = 0;

	if (argc < 3 || nif > MAX_SEGS)
		return 2;
	any = !strcmp(argv[1], "any");
	if (!any && inet_pton(AF_INET, argv[1], &src) != 1)
		return 2;
	for (int i = 0; i < nif; i++) {
		open_iface(&f[i], argv[2 + i], ETH_P_ALL);
		attach(f[i].fd, arp_nd_or_vrrp, sizeof(arp_nd_or_vrrp) / sizeof(arp_nd_or_vrrp[0]));
	}
	t0 = now_ns();
	end = t0 + (int64_t)(atof(argv[0]) * NSEC);
	while (now_ns() < end) {
		struct pollfd pf[MAX_SEGS];

		for (int i = 0; i < nif; i++) {
			uint8_t buf[2048];
			int64_t stamp;
			ssize_t n;

			while ((n = recv_stamped(f[i].fd, buf, sizeof(buf), &stamp, NULL)) > 0) {
				uint32_t saddr;
				uint8_t vrid;
				uint16_t proto;

				memcpy(&proto, buf + 12, 2);
				if (n < 14 + 20 + 8 || ntohs(proto) != ETH_P_IP)
					continue;
				memcpy(&saddr, buf + 26, 4);
				if ((!any && saddr != src.s_addr) || buf[22] != 255)
					continue;
				vrid = buf[14 + (buf[14] & 0xf) * 4 + 1];
				count++;
				if (last[i][vrid]) {
					if (niv == cap) {
						cap = cap ? cap * 2 : 65536;
						iv = realloc(iv, cap * sizeof(*iv));
						if (!iv)
							die("realloc");
					}
					iv[niv++] = stamp - last[i][vrid];
				} else {
					vrids++;
				}
				last[i][vrid] = stamp;
			}
			pf[i] = (struct pollfd){ .fd = f[i].fd, .events = POLLIN };
		}
		poll(pf, (nfds_t)nif, 20);
	}
	/* An interval of about k expected intervals means k - 1 adverts missing. */
	for (size_t i = 0; expect > 0 && i < niv; i++) {
		long k = (long)((double)iv[i] / (double)expect + 0.5);

		if (k > 1)
			missed += k - 1;
	}
	if (niv)
		qsort(iv, niv, sizeof(*iv), cmp_i64);
	printf("{\"adverts\": %ld, \"vrids\": %d, \"missed\": %ld, \"per_s\": %.1f, \"interval_p50_ms\": %.3f, "
	       "\"interval_p99_ms\": %.3f, \"interval_max_ms\": %.3f}\n",
	       count, vrids, missed, (double)count * NSEC / (double)(end - t0),
	       ms(pct(iv, niv, 50)), ms(pct(iv, niv, 99)), niv ? ms(iv[niv - 1]) : 0.0);
	free(iv);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 2;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && !strcmp(argv[1], "ping"))
		rc = cmd_ping(argc - 2, argv + 2);
	else if (argc >= 2 && !strcmp(argv[1], "mass"))
		rc = cmd_mass(argc - 2, argv + 2);
	else if (argc >= 2 && !strcmp(argv[1], "arpflood"))
		rc = cmd_arpflood(argc - 2, argv + 2);
	else if (argc >= 2 && !strcmp(argv[1], "sniff"))
		rc = cmd_sniff(argc - 2, argv + 2);
	if (rc == 2)
		fprintf(stderr, "usage: probe ping|mass|arpflood|sniff ARGS (see bench/probe.c)\n");
	return rc;
}
