/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sending: whole Ethernet frames (adverts, gratuitous ARP) on one AF_PACKET
 * socket that never receives (protocol 0). Frames are queued during one turn
 * of the event loop and leave together with sendmmsg (DESIGN.md, "Scale").
 */
#ifndef XVRRP_TX_H
#define XVRRP_TX_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

#include "xvrrp_wire.h"

/*
 * 14 + 20 + 24 (AH) + 8 + 4*255 + 8, rounded up: an IPv4 advert with every
 * address. An IPv6 advert (14 + 40 + 8 + 16 per address) fits 64 addresses
 * in it: an IPv6 instance has at most that many (XVRRP_ADVERT_MAX_ADDRS6,
 * which the configuration enforces).
 */
#define XVRRP_TX_FRAME_MAX 1100
#define XVRRP_TX_MAX_ADDRS6 ((XVRRP_TX_FRAME_MAX - 14 - 40 - 8) / 16)
_Static_assert(XVRRP_TX_MAX_ADDRS6 >= XVRRP_ADVERT_MAX_ADDRS6, "an IPv6 advert must fit a frame");
#define XVRRP_TX_BATCH     64

struct xvrrp_tx_frame {
	int ifindex;                    /* Ethernet frame on the packet socket, or 0 ... */
	int ip_fd;                      /* ... an IPv4 packet on this raw socket, to dst4, */
	uint32_t dst4;
	int ip6_ifindex;                /* ... or an IPv6 one (header included) to dst6 on it */
	struct in6_addr dst6;
	size_t len;
	uint8_t data[XVRRP_TX_FRAME_MAX];
};

struct xvrrp_tx {
	int fd;
	struct xvrrp_tx_frame *q;
	size_t n, cap;
	uint64_t sent, errors;
	/* Set: frames go here instead of the socket (a daemon run offline). */
	void (*sink)(void *ctx, const struct xvrrp_tx_frame *f);
	void *sink_ctx;
};

int xvrrp_tx_open(struct xvrrp_tx *tx);
/* A queue whose frames go to sink(ctx, frame) when flushed; no socket. */
void xvrrp_tx_open_sink(struct xvrrp_tx *tx, void (*sink)(void *ctx, const struct xvrrp_tx_frame *f),
			void *ctx);
void xvrrp_tx_close(struct xvrrp_tx *tx);
/* Reserve the next frame slot for ifindex; NULL on ENOMEM. Fill data/len. */
struct xvrrp_tx_frame *xvrrp_tx_queue(struct xvrrp_tx *tx, int ifindex);
/* Reserve a slot for an IPv4 packet (header included) to dst4 on raw socket fd. */
struct xvrrp_tx_frame *xvrrp_tx_queue_ip(struct xvrrp_tx *tx, int fd, uint32_t dst4);
/* The same for an IPv6 packet to dst6 (a link-local one reached through ifindex). */
struct xvrrp_tx_frame *xvrrp_tx_queue_ip6(struct xvrrp_tx *tx, int fd, const struct in6_addr *dst6,
					  int ifindex);
/*
 * A raw IPv4 socket (IP_HDRINCL; it never receives) bound to ifname, for
 * unicast adverts the kernel routes. Returns the fd or a negative errno.
 */
int xvrrp_tx_open_raw4(const char *ifname);
/* The IPv6 twin (IPPROTO_RAW: the header is ours), for an IPv6 instance's unicast_peer. */
int xvrrp_tx_open_raw6(const char *ifname);
/* Send everything queued. Returns the number of frames that failed. */
size_t xvrrp_tx_flush(struct xvrrp_tx *tx);

/*
 * Join the VRRP group (network byte order, 224.0.0.18 by default) on ifindex so the NIC's multicast filter lets adverts in
 * (XDP sees only what the NIC accepts). Returns the fd holding the
 * membership, or a negative errno.
 */
int xvrrp_mcast_join4(int ifindex, uint32_t group);
/* The same for IPv6 (ff02::12 by default, RFC 5798 §5.1.2.2). */
int xvrrp_mcast_join6(int ifindex, const struct in6_addr *group);

#endif
