// SPDX-License-Identifier: GPL-2.0-only
/*
 * junk: floods a segment with bogus VRRP (IPv4 protocol 112) frames, the
 * traffic an agent must shrug off without missing a real advert.
 *
 *   junk IF SRC_IP VRID RATE_PPS COUNT DURATION_S [invalid-only]
 *
 * Frames go to 224.0.0.18 (01:00:5e:00:00:12) from AF_PACKET with
 * sendmmsg, in rotation:
 *   - a VRID nobody configured (otherwise valid),
 *   - TTL 64 (RFC 5798 section 7.1: must be 255),
 *   - a wrong VRRP checksum,
 *   - truncated: count_addr says 1 but the address is missing,
 *   - a valid-looking advert for VRID at priority 50 (lower than any
 *     configured router), left out with "invalid-only".
 * RATE_PPS 0 means as fast as possible. The run stops after COUNT frames or
 * DURATION_S, whichever comes first; it prints one JSON object.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NSEC		1000000000LL
#define BATCH		64
#define FRAME_MAX	64
#define VRRP_PROTO	112
#define VRRP_GROUP	0xe0000012	/* 224.0.0.18 */

enum junk_kind { JUNK_VRID, JUNK_TTL, JUNK_CSUM, JUNK_TRUNC, JUNK_LOWPRIO, JUNK_KINDS };

struct frame {
	uint8_t data[FRAME_MAX];
	size_t len;
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * NSEC + ts.tv_nsec;
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* build: one frame of KIND from SRC (network order) for VRID. */
static void build(struct frame *f, enum junk_kind kind, const uint8_t *mac, uint32_t src,
		  uint8_t vrid)
{
	static const uint8_t group_mac[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x12 };
	uint8_t *eth = f->data, *ip = eth + 14, *vr = ip + 20;
	uint32_t dst = htonl(VRRP_GROUP), sum;
	size_t vlen = kind == JUNK_TRUNC ? 8 : 12;
	uint8_t pseudo[12];

	memset(f->data, 0, sizeof(f->data));
	memcpy(eth, group_mac, 6);
	memcpy(eth + 6, mac, 6);
	put16(eth + 12, ETH_P_IP);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)(20 + vlen));
	ip[8] = kind == JUNK_TTL ? 64 : 255;
	ip[9] = VRRP_PROTO;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	put16(ip + 10, csum_fold(csum_add(0, ip, 20)));

	vr[0] = 0x31;				/* version 3, ADVERTISEMENT */
	vr[1] = kind == JUNK_VRID ? (uint8_t)(vrid + 100) : vrid;
	vr[2] = 50;				/* priority */
	vr[3] = 1;				/* count_addr */
	put16(vr + 4, 10);			/* Max Adver Int 10 cs */
	if (kind != JUNK_TRUNC) {
		uint32_t vip = htonl(0xc6336400u | vrid);	/* 198.51.100.VRID */

		memcpy(vr + 8, &vip, 4);
	}
	/* RFC 5798 section 5.2.8: the checksum covers an IPv4 pseudo-header. */
	memcpy(pseudo, &src, 4);
	memcpy(pseudo + 4, &dst, 4);
	pseudo[8] = 0;
	pseudo[9] = VRRP_PROTO;
	put16(pseudo + 10, (uint16_t)vlen);
	sum = csum_add(csum_add(0, pseudo, sizeof(pseudo)), vr, vlen);
	put16(vr + 6, (uint16_t)(csum_fold(sum) ^ (kind == JUNK_CSUM ? 0x5a5a : 0)));
	f->len = 14 + 20 + vlen;
	if (f->len < 60)
		f->len = 60;			/* Ethernet minimum, zero padded */
}

int main(int argc, char **argv)
{
	struct frame frames[JUNK_KINDS];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_halen = 6 };
	struct ifreq ifr = { 0 };
	struct in_addr src;
	int64_t t0, end, next;
	long count, sent = 0, errors = 0;
	double rate;
	int fd, kinds, one = 1, k = 0;

	if (argc < 7 || inet_pton(AF_INET, argv[2], &src) != 1) {
		fprintf(stderr, "usage: junk IF SRC_IP VRID RATE_PPS COUNT DURATION_S [invalid-only]\n");
		return 2;
	}
	rate = atof(argv[4]);
	count = atol(argv[5]);
	kinds = argc > 7 && !strcmp(argv[7], "invalid-only") ? JUNK_LOWPRIO : JUNK_KINDS;
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0) {
		perror("junk: AF_PACKET socket");
		return 1;
	}
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr)) {
		perror(argv[1]);
		return 1;
	}
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	sll.sll_protocol = htons(ETH_P_IP);
	for (int i = 0; i < JUNK_KINDS; i++)
		build(&frames[i], (enum junk_kind)i, (uint8_t *)ifr.ifr_hwaddr.sa_data,
		      src.s_addr, (uint8_t)atoi(argv[3]));
	memset(msgs, 0, sizeof(msgs));
	t0 = now_ns();
	end = t0 + (int64_t)(atof(argv[6]) * NSEC);
	next = t0;
	while (sent < count) {
		int64_t now = now_ns();
		int batch = BATCH, n;

		if (now >= end)
			break;
		if (rate > 0) {
			/* Paced: one frame per 1/rate, in small batches when behind. */
			if (now < next) {
				struct timespec ts = { 0, (long)(next - now) };

				nanosleep(&ts, NULL);
				continue;
			}
			batch = (int)((now - next) * rate / NSEC) + 1;
			if (batch > BATCH)
				batch = BATCH;
		}
		if (batch > count - sent)
			batch = (int)(count - sent);
		for (int i = 0; i < batch; i++) {
			struct frame *f = &frames[k++ % kinds];

			iov[i] = (struct iovec){ f->data, f->len };
			msgs[i].msg_hdr = (struct msghdr){
				.msg_name = &sll, .msg_namelen = sizeof(sll),
				.msg_iov = &iov[i], .msg_iovlen = 1,
			};
		}
		n = sendmmsg(fd, msgs, (unsigned int)batch, 0);
		if (n > 0)
			sent += n;
		else
			errors++;
		if (rate > 0)
			next += (int64_t)((n > 0 ? n : 1) * NSEC / rate);
		if (errors > 1000000) {
			fprintf(stderr, "junk: sendmmsg keeps failing: %s\n", strerror(errno));
			break;
		}
	}
	end = now_ns();
	printf("{\"sent\": %ld, \"seconds\": %.3f, \"pps\": %.0f, \"kinds\": %d}\n", sent,
	       (double)(end - t0) / NSEC, (double)sent * NSEC / (double)(end - t0), kinds);
	close(fd);
	return 0;
}
