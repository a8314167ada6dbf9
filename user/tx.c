// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>

#include "log.h"
#include "tx.h"
#include "xvrrp_wire.h"

int xvrrp_tx_open(struct xvrrp_tx *tx)
{
	int prio = 6; /* TC_PRIO_INTERACTIVE_BULK..CONTROL: adverts are control traffic */

	memset(tx, 0, sizeof(*tx));
	/* Protocol 0: this socket sends only, so it never receives a copy of anything. */
	tx->fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (tx->fd < 0)
		return -errno;
	setsockopt(tx->fd, SOL_SOCKET, SO_PRIORITY, &prio, sizeof(prio));
	return 0;
}

void xvrrp_tx_open_sink(struct xvrrp_tx *tx, void (*sink)(void *ctx, const struct xvrrp_tx_frame *f),
			void *ctx)
{
	memset(tx, 0, sizeof(*tx));
	tx->fd = -1;
	tx->sink = sink;
	tx->sink_ctx = ctx;
}

void xvrrp_tx_close(struct xvrrp_tx *tx)
{
	if (tx->fd >= 0)
		close(tx->fd);
	free(tx->q);
	memset(tx, 0, sizeof(*tx));
	tx->fd = -1;
}

struct xvrrp_tx_frame *xvrrp_tx_queue(struct xvrrp_tx *tx, int ifindex)
{
	struct xvrrp_tx_frame *f;

	if (tx->n == tx->cap) {
		size_t cap = tx->cap ? tx->cap * 2 : XVRRP_TX_BATCH;
		struct xvrrp_tx_frame *q = realloc(tx->q, cap * sizeof(*q));

		if (!q)
			return NULL;
		tx->q = q;
		tx->cap = cap;
	}
	f = &tx->q[tx->n++];
	f->ifindex = ifindex;
	f->ip_fd = -1;
	f->dst4 = 0;
	f->ip6_ifindex = 0;
	f->len = 0;
	return f;
}

struct xvrrp_tx_frame *xvrrp_tx_queue_ip(struct xvrrp_tx *tx, int fd, uint32_t dst4)
{
	struct xvrrp_tx_frame *f = xvrrp_tx_queue(tx, 0);

	if (f) {
		f->ip_fd = fd;
		f->dst4 = dst4;
	}
	return f;
}

struct xvrrp_tx_frame *xvrrp_tx_queue_ip6(struct xvrrp_tx *tx, int fd, const struct in6_addr *dst6,
					  int ifindex)
{
	struct xvrrp_tx_frame *f = xvrrp_tx_queue(tx, 0);

	if (f) {
		f->ip_fd = fd;
		f->dst6 = *dst6;
		f->ip6_ifindex = ifindex;
	}
	return f;
}

static int open_raw(int family, const char *ifname)
{
	int fd = socket(family, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_RAW);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, ifname, strlen(ifname) + 1) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int xvrrp_tx_open_raw4(const char *ifname)
{
	return open_raw(AF_INET, ifname);
}

int xvrrp_tx_open_raw6(const char *ifname)
{
	return open_raw(AF_INET6, ifname);
}

/* Unicast adverts are few (one per peer per interval): plain sendto. */
static size_t send_ip(struct xvrrp_tx *tx, const struct xvrrp_tx_frame *f)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = f->dst4 };
	struct sockaddr_in6 sin6 = {
		.sin6_family = AF_INET6, .sin6_addr = f->dst6,
		.sin6_scope_id = (uint32_t)f->ip6_ifindex,
	};
	bool v6 = f->ip6_ifindex != 0;

	if (f->ip_fd < 0 ||
	    sendto(f->ip_fd, f->data, f->len, 0, v6 ? (struct sockaddr *)&sin6 : (struct sockaddr *)&sin,
		   v6 ? sizeof(sin6) : sizeof(sin)) < 0) {
		tx->errors++;
		return 1;
	}
	tx->sent++;
	return 0;
}

size_t xvrrp_tx_flush(struct xvrrp_tx *tx)
{
	struct mmsghdr msgs[XVRRP_TX_BATCH];
	struct sockaddr_ll sll[XVRRP_TX_BATCH];
	struct iovec iov[XVRRP_TX_BATCH];
	size_t done = 0, failed = 0;

	if (tx->sink) {
		for (size_t i = 0; i < tx->n; i++)
			tx->sink(tx->sink_ctx, &tx->q[i]);
		tx->sent += tx->n;
		tx->n = 0;
		return 0;
	}
	while (done < tx->n) {
		size_t batch = 0;
		int ret;

		if (!tx->q[done].ifindex) {
			failed += send_ip(tx, &tx->q[done]);
			done++;
			continue;
		}
		/* The run of Ethernet frames from here leaves in one sendmmsg. */
		while (done + batch < tx->n && batch < XVRRP_TX_BATCH && tx->q[done + batch].ifindex)
			batch++;
		for (size_t i = 0; i < batch; i++) {
			struct xvrrp_tx_frame *f = &tx->q[done + i];

			memset(&sll[i], 0, sizeof(sll[i]));
			sll[i].sll_family = AF_PACKET;
			sll[i].sll_ifindex = f->ifindex;
			sll[i].sll_halen = 6;
			memcpy(sll[i].sll_addr, f->data, 6);
			iov[i].iov_base = f->data;
			iov[i].iov_len = f->len;
			memset(&msgs[i], 0, sizeof(msgs[i]));
			msgs[i].msg_hdr.msg_name = &sll[i];
			msgs[i].msg_hdr.msg_namelen = sizeof(sll[i]);
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		ret = sendmmsg(tx->fd, msgs, batch, 0);
		if (ret <= 0) {
			/* Skip the frame that failed (link down, ENOBUFS) and go on with the rest. */
			if (errno != ENETDOWN && errno != ENXIO)
				pr_debug("sendmmsg: %s", strerror(errno));
			failed++;
			tx->errors++;
			done++;
			continue;
		}
		tx->sent += ret;
		done += ret;
	}
	tx->n = 0;
	return failed;
}

int xvrrp_mcast_join6(int ifindex, const struct in6_addr *group)
{
	struct ipv6_mreq mreq = { .ipv6mr_multiaddr = *group, .ipv6mr_interface = ifindex };
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_JOIN_GROUP, &mreq, sizeof(mreq)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}

int xvrrp_mcast_join4(int ifindex, uint32_t group)
{
	struct ip_mreqn mreq = {
		.imr_multiaddr.s_addr = group,
		.imr_ifindex = ifindex,
	};
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &mreq, sizeof(mreq)) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return fd;
}
