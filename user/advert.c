// SPDX-License-Identifier: GPL-2.0-only
/*
 * VRRP advertisement encode/decode (RFC 5798 §5 for v3, RFC 3768 §5 for v2;
 * VRRPv3 over IPv6, RFC 5798 §5.1.2 and RFC 9568) and the Ethernet frames
 * that carry adverts, gratuitous ARPs and unsolicited neighbour adverts.
 *
 * Every multi-byte field goes through memcpy: packet buffers have no
 * alignment guarantee (UBSan flags unaligned loads), and byte order stays
 * explicit at the one place a field is read or written.
 */
#include <arpa/inet.h>
#include <netinet/ip6.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>

#include "advert.h"
#include "ah.h"

#define IPV4_HLEN               20
#define IPV4_VERSION_IHL        0x45    /* version 4, 5 words: no options */
/*
 * Precedence 6, Internetwork Control (RFC 791), i.e. DSCP CS6 (RFC 2474
 * §4.2.2): what keepalived 2.2.7 puts in its adverts, so that QoS treats
 * ours the same.
 */
#define IPV4_TOS_INETCONTROL    0xc0
#define IPV4_PSEUDO_HLEN        12

/* RFC 8200 §3: the fixed IPv6 header, at glibc's struct ip6_hdr offsets. */
#define IPV6_VERSION            6
#define IPV6_OFF_PLEN           offsetof(struct ip6_hdr, ip6_plen)
#define IPV6_OFF_NXT            offsetof(struct ip6_hdr, ip6_nxt)
#define IPV6_OFF_HLIM           offsetof(struct ip6_hdr, ip6_hlim)
#define IPV6_OFF_SRC            offsetof(struct ip6_hdr, ip6_src)
#define IPV6_OFF_DST            offsetof(struct ip6_hdr, ip6_dst)
_Static_assert(sizeof(struct ip6_hdr) == XVRRP_IPV6_HLEN, "IPv6 header is 40 bytes");
/*
 * Traffic class 0xc0, DSCP CS6, the twin of IPV4_TOS_INETCONTROL: what
 * keepalived sets on its IPv6 VRRP send socket (IPV6_TCLASS in
 * if_setsockopt_priority(), vrrp_if.c) and what keepalived 2.2.7's adverts
 * carry on the wire.
 */
#define IPV6_TCLASS_INETCONTROL 0xc0
/* RFC 8200 §8.1: source, destination, 32-bit length, 3 zero bytes, next header. */
#define IPV6_PSEUDO_HLEN        40

/* Field offsets come from the one wire definition in xvrrp_wire.h. */
#define VRRP_OFF_VERS_TYPE      offsetof(struct vrrp_hdr, vers_type)
#define VRRP_OFF_VRID           offsetof(struct vrrp_hdr, vrid)
#define VRRP_OFF_PRIORITY       offsetof(struct vrrp_hdr, priority)
#define VRRP_OFF_COUNT_ADDR     offsetof(struct vrrp_hdr, count_addr)
#define VRRP_OFF_V3_ADVER_INT   offsetof(struct vrrp_hdr, rsvd_max_adver_int)
#define VRRP_OFF_V2_AUTH_TYPE   offsetof(struct vrrp_hdr, v2.auth_type)
#define VRRP_OFF_V2_ADVER_INT   offsetof(struct vrrp_hdr, v2.adver_int)
#define VRRP_OFF_CHECKSUM       offsetof(struct vrrp_hdr, checksum)
#define VRRP_OFF_ADDRS          VRRP_HDR_LEN

/* RFC 3768 §5.3.7: v2 Adver Int is one byte of whole seconds. */
#define VRRP_V2_ADVER_INT_MAX_S 255
#define CS_PER_SECOND           100

static const uint8_t mcast_mac4[XVRRP_ETH_ALEN] = XVRRP_MCAST_MAC4;
static const uint8_t mcast_mac6[XVRRP_ETH_ALEN] = XVRRP_MCAST_MAC6;
static const uint8_t bcast_mac[XVRRP_ETH_ALEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

/*
 * Target hardware address of a gratuitous ARP. RFC 5227 §2.1.1 says the
 * field is ignored and suggests zeros; keepalived 2.2.7 sends all-ones
 * (captured on the wire), and we match keepalived so that switches and
 * hosts that already cope with keepalived's GARPs see the same frame.
 */
static const uint8_t garp_tha[XVRRP_ETH_ALEN] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff
};

static void put_be16(uint8_t *p, uint16_t v)
{
	uint16_t be = htons(v);

	memcpy(p, &be, sizeof(be));
}

static void put_be32(uint8_t *p, uint32_t v)
{
	uint32_t be = htonl(v);

	memcpy(p, &be, sizeof(be));
}

static uint16_t get_be16(const uint8_t *p)
{
	uint16_t be;

	memcpy(&be, p, sizeof(be));
	return ntohs(be);
}

/*
 * RFC 1071 one's-complement sum. Words are summed in host order: the sum is
 * byte-order independent (RFC 1071 §2(B)), so the folded, inverted result
 * can be memcpy'd into the packet as is. A trailing odd byte is the high
 * byte of a zero-padded word on the wire, i.e. the first byte in memory.
 */
uint32_t xvrrp_csum_add(uint32_t sum, const uint8_t *data, size_t len)
{
	uint64_t acc = sum;
	uint16_t word;
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		memcpy(&word, data + i, sizeof(word));
		acc += word;
	}
	if (len & 1) {
		uint8_t last[2] = { data[len - 1], 0 };

		memcpy(&word, last, sizeof(word));
		acc += word;
	}
	/* End-around carries keep the one's-complement value in 32 bits. */
	while (acc >> 32)
		acc = (acc & 0xffffffffu) + (acc >> 32);
	return (uint32_t)acc;
}

uint16_t xvrrp_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* RFC 5798 §5.2.8: the IPv4 pseudo-header, laid out as for UDP (RFC 768). */
static uint32_t pseudo_hdr4_sum(uint32_t saddr, uint32_t daddr, size_t vrrp_len)
{
	uint8_t ph[IPV4_PSEUDO_HLEN];

	memcpy(ph, &saddr, 4);
	memcpy(ph + 4, &daddr, 4);
	ph[8] = 0;
	ph[9] = XVRRP_IPPROTO_VRRP;
	put_be16(ph + 10, (uint16_t)vrrp_len);
	return xvrrp_csum_add(0, ph, sizeof(ph));
}

/*
 * RFC 8200 §8.1: the IPv6 pseudo-header of an upper-layer packet of
 * upper_len bytes (RFC 5798 §5.2.8 for VRRP, RFC 4443 §2.3 for ICMPv6).
 */
static uint32_t pseudo_hdr6_sum(const struct in6_addr *saddr, const struct in6_addr *daddr,
				size_t upper_len, uint8_t next_header)
{
	uint8_t ph[IPV6_PSEUDO_HLEN];

	memcpy(ph, saddr, sizeof(*saddr));
	memcpy(ph + 16, daddr, sizeof(*daddr));
	put_be32(ph + 32, (uint32_t)upper_len);
	memset(ph + 36, 0, 3);
	ph[39] = next_header;
	return xvrrp_csum_add(0, ph, sizeof(ph));
}

size_t vrrp_advert_len(uint8_t version, uint8_t count_addr)
{
	size_t len = VRRP_HDR_LEN + (size_t)count_addr * 4;

	switch (version) {
	case VRRP_VERSION_3:
		return len;
	case VRRP_VERSION_2:
		return len + VRRP_AUTH_DATA_LEN;
	default:
		return 0;
	}
}

size_t vrrp_advert_len6(uint8_t count_addr)
{
	return VRRP_HDR_LEN + (size_t)count_addr * VRRP_ADDR6_LEN;
}

/*
 * The checksum to store for a VRRP message, given the sum of its
 * pseudo-header. The checksum field itself is summed as zero, so the result
 * is what to store whether or not the caller cleared the field first, and
 * equals the stored value of a packet that is intact.
 */
static uint16_t vrrp_checksum(uint32_t pseudo_sum, const uint8_t *vrrp, size_t len)
{
	size_t head = len < VRRP_OFF_CHECKSUM ? len : VRRP_OFF_CHECKSUM;
	uint32_t sum = xvrrp_csum_add(pseudo_sum, vrrp, head);

	if (len > VRRP_OFF_ADDRS)
		sum = xvrrp_csum_add(sum, vrrp + VRRP_OFF_ADDRS, len - VRRP_OFF_ADDRS);
	return (uint16_t)~xvrrp_csum_fold(sum);
}

uint16_t vrrp_checksum4(const uint8_t *vrrp, size_t len, uint8_t version,
			uint32_t saddr, uint32_t daddr)
{
	/* v2 (RFC 3768 §5.3.8) covers the VRRP message alone. */
	return vrrp_checksum(version == VRRP_VERSION_3 ? pseudo_hdr4_sum(saddr, daddr, len) : 0,
			     vrrp, len);
}

uint16_t vrrp_checksum6(const uint8_t *vrrp, size_t len, const struct in6_addr *saddr,
			const struct in6_addr *daddr)
{
	return vrrp_checksum(pseudo_hdr6_sum(saddr, daddr, len, XVRRP_IPPROTO_VRRP), vrrp, len);
}

/* v2 carries whole seconds; round up so we never advertise faster than asked. */
static unsigned int v2_adver_int_s(uint16_t max_adver_int_cs)
{
	unsigned int s = (max_adver_int_cs + CS_PER_SECOND - 1) / CS_PER_SECOND;

	return s ? s : 1;
}

static int v3_adver_int_ok(uint16_t max_adver_int_cs)
{
	return max_adver_int_cs >= VRRP_V3_ADVER_INT_MIN &&
	       max_adver_int_cs <= VRRP_V3_ADVER_INT_MAX;
}

static int advert_valid_for_encode(const struct vrrp_advert *adv)
{
	if (adv->type != VRRP_TYPE_ADVERTISEMENT || adv->family == AF_INET6)
		return 0;
	if (adv->version == VRRP_VERSION_3)
		return v3_adver_int_ok(adv->max_adver_int_cs);
	if (adv->version == VRRP_VERSION_2)
		return v2_adver_int_s(adv->max_adver_int_cs) <= VRRP_V2_ADVER_INT_MAX_S;
	return 0;
}

/*
 * Over IPv6 only VRRPv3 (RFC 5798 §5.1.2). §5.2.5 wants at least one
 * address, but an instance with no_virtual_ipaddress has none: it sends a
 * count of 0, as keepalived does (and as the IPv4 encoder lets it).
 */
static int advert6_valid_for_encode(const struct vrrp_advert *adv)
{
	return adv->type == VRRP_TYPE_ADVERTISEMENT && adv->family == AF_INET6 &&
	       adv->version == VRRP_VERSION_3 && v3_adver_int_ok(adv->max_adver_int_cs);
}

/* Bytes 0-3, and for v3 bytes 4-5: all but the checksum and what follows it. */
static void put_fixed_hdr(uint8_t *buf, const struct vrrp_advert *adv)
{
	buf[VRRP_OFF_VERS_TYPE] = (uint8_t)(adv->version << 4 | adv->type);
	buf[VRRP_OFF_VRID] = adv->vrid;
	buf[VRRP_OFF_PRIORITY] = adv->priority;
	buf[VRRP_OFF_COUNT_ADDR] = adv->count_addr;
	/* RFC 5798 §5.2.6: the 4 reserved bits are sent as zero. */
	if (adv->version == VRRP_VERSION_3)
		put_be16(buf + VRRP_OFF_V3_ADVER_INT,
			 adv->max_adver_int_cs & VRRP_V3_ADVER_INT_MASK);
}

size_t vrrp_advert_encode(const struct vrrp_advert *adv, uint32_t saddr, uint32_t daddr,
			  uint8_t *buf, size_t len)
{
	size_t need, addrs_len = (size_t)adv->count_addr * 4;
	uint16_t csum;

	if (!advert_valid_for_encode(adv))
		return 0;
	need = vrrp_advert_len(adv->version, adv->count_addr);
	if (len < need)
		return 0;

	put_fixed_hdr(buf, adv);
	if (adv->version == VRRP_VERSION_2) {
		buf[VRRP_OFF_V2_AUTH_TYPE] = adv->auth_type;
		buf[VRRP_OFF_V2_ADVER_INT] = (uint8_t)v2_adver_int_s(adv->max_adver_int_cs);
	}
	memcpy(buf + VRRP_OFF_ADDRS, adv->addrs, addrs_len);
	/* RFC 3768 §5.3.10: Authentication Data follows the addresses. */
	if (adv->version == VRRP_VERSION_2)
		memcpy(buf + VRRP_OFF_ADDRS + addrs_len, adv->auth_data, VRRP_AUTH_DATA_LEN);

	csum = vrrp_checksum4(buf, need, adv->version, saddr, daddr);
	memcpy(buf + VRRP_OFF_CHECKSUM, &csum, sizeof(csum));
	return need;
}

size_t vrrp_advert_encode6(const struct vrrp_advert *adv, const struct in6_addr *saddr,
			   const struct in6_addr *daddr, uint8_t *buf, size_t len)
{
	size_t need = vrrp_advert_len6(adv->count_addr);
	uint16_t csum;

	if (!advert6_valid_for_encode(adv) || len < need)
		return 0;
	put_fixed_hdr(buf, adv);
	memcpy(buf + VRRP_OFF_ADDRS, adv->addrs6, need - VRRP_OFF_ADDRS);
	csum = vrrp_checksum6(buf, need, saddr, daddr);
	memcpy(buf + VRRP_OFF_CHECKSUM, &csum, sizeof(csum));
	return need;
}

/*
 * Whole-message sum including the stored checksum: an intact message sums
 * to all ones. This accepts both one's-complement zeros (0x0000 and
 * 0xffff) in the field, as the kernel's own IP checksum checks do.
 */
static int checksum_ok(uint32_t pseudo_sum, const uint8_t *buf, size_t len)
{
	return xvrrp_csum_fold(xvrrp_csum_add(pseudo_sum, buf, len)) == 0xffff;
}

/*
 * The fixed header fields are filled in as soon as the 8 bytes are there,
 * even when a later check fails: the caller can then charge the error to
 * the instance of that VRID (keepalived's per-instance counters). Returns
 * false if the 8 bytes are not there.
 */
static bool decode_fixed_hdr(const uint8_t *buf, size_t len, uint8_t family,
			     struct vrrp_advert *adv, struct vrrp_advert *out)
{
	memset(adv, 0, sizeof(*adv));
	adv->family = family;
	if (len >= VRRP_HDR_LEN) {
		adv->version = buf[VRRP_OFF_VERS_TYPE] >> 4;
		adv->type = buf[VRRP_OFF_VERS_TYPE] & 0x0f;
		adv->vrid = buf[VRRP_OFF_VRID];
		adv->priority = buf[VRRP_OFF_PRIORITY];
		adv->count_addr = buf[VRRP_OFF_COUNT_ADDR];
	}
	if (out)
		*out = *adv;
	return len >= VRRP_HDR_LEN;
}

/* RFC 5798 §5.2.6: reserved bits are ignored on reception. */
static uint16_t get_v3_adver_int(const uint8_t *buf)
{
	return get_be16(buf + VRRP_OFF_V3_ADVER_INT) & VRRP_V3_ADVER_INT_MASK;
}

enum vrrp_decode_err vrrp_advert_decode(const uint8_t *buf, size_t len, uint32_t saddr,
					uint32_t daddr, struct vrrp_advert *out)
{
	struct vrrp_advert adv;
	size_t addrs_len;

	if (!decode_fixed_hdr(buf, len, AF_INET, &adv, out))
		return VRRP_DECODE_TOO_SHORT;

	if (adv.version != VRRP_VERSION_2 && adv.version != VRRP_VERSION_3)
		return VRRP_DECODE_BAD_VERSION;
	if (adv.type != VRRP_TYPE_ADVERTISEMENT)
		return VRRP_DECODE_BAD_TYPE;
	if (len != vrrp_advert_len(adv.version, adv.count_addr))
		return VRRP_DECODE_LEN_MISMATCH;
	/* v2 (RFC 3768 §5.3.8) covers the VRRP message alone. */
	if (!checksum_ok(adv.version == VRRP_VERSION_3 ? pseudo_hdr4_sum(saddr, daddr, len) : 0,
			 buf, len))
		return VRRP_DECODE_BAD_CHECKSUM;

	addrs_len = (size_t)adv.count_addr * 4;
	memcpy(adv.addrs, buf + VRRP_OFF_ADDRS, addrs_len);
	if (adv.version == VRRP_VERSION_3) {
		adv.max_adver_int_cs = get_v3_adver_int(buf);
	} else {
		adv.auth_type = buf[VRRP_OFF_V2_AUTH_TYPE];
		adv.max_adver_int_cs = (uint16_t)(buf[VRRP_OFF_V2_ADVER_INT] * CS_PER_SECOND);
		memcpy(adv.auth_data, buf + VRRP_OFF_ADDRS + addrs_len, VRRP_AUTH_DATA_LEN);
	}
	if (out)
		*out = adv;

	/* RFC 5798 §5.2.7: a v3 interval of 0 cannot drive any timer. */
	if (adv.version == VRRP_VERSION_3 && adv.max_adver_int_cs == 0)
		return VRRP_DECODE_BAD_INTERVAL;
	return VRRP_DECODE_OK;
}

/*
 * The checks of vrrp_advert_decode() in its order, which is also the XDP
 * program's (bpf/advert6.h), so that both charge a bad advert to the same
 * counter. Unlike the IPv4 decoder, a count of 0 is an error here
 * (addr_list_err): RFC 5798 §5.2.5 sets the minimum to 1, and every IPv6
 * instance is VRRPv3, for which the configuration requires an address.
 */
enum vrrp_decode_err vrrp_advert_decode6(const uint8_t *buf, size_t len,
					 const struct in6_addr *saddr,
					 const struct in6_addr *daddr, struct vrrp_advert *out)
{
	struct vrrp_advert adv;

	if (!decode_fixed_hdr(buf, len, AF_INET6, &adv, out))
		return VRRP_DECODE_TOO_SHORT;
	/* §5.1.2: VRRPv2 (RFC 3768) is defined for IPv4 only. */
	if (adv.version != VRRP_VERSION_3)
		return VRRP_DECODE_BAD_VERSION;
	if (adv.type != VRRP_TYPE_ADVERTISEMENT)
		return VRRP_DECODE_BAD_TYPE;
	if (len != vrrp_advert_len6(adv.count_addr))
		return VRRP_DECODE_LEN_MISMATCH;
	if (!checksum_ok(pseudo_hdr6_sum(saddr, daddr, len, XVRRP_IPPROTO_VRRP), buf, len))
		return VRRP_DECODE_BAD_CHECKSUM;

	memcpy(adv.addrs6, buf + VRRP_OFF_ADDRS, len - VRRP_OFF_ADDRS);
	adv.max_adver_int_cs = get_v3_adver_int(buf);
	if (out)
		*out = adv;

	if (adv.count_addr == 0)
		return VRRP_DECODE_NO_ADDRS;
	/* §5.2.7: an interval of 0 cannot drive any timer. */
	if (adv.max_adver_int_cs == 0)
		return VRRP_DECODE_BAD_INTERVAL;
	return VRRP_DECODE_OK;
}

const char *vrrp_decode_err_str(enum vrrp_decode_err err)
{
	switch (err) {
	case VRRP_DECODE_OK:
		return "ok";
	case VRRP_DECODE_TOO_SHORT:
		return "packet shorter than the VRRP header";
	case VRRP_DECODE_LEN_MISMATCH:
		return "packet length does not match the address count";
	case VRRP_DECODE_BAD_VERSION:
		return "unsupported VRRP version";
	case VRRP_DECODE_BAD_TYPE:
		return "not an advertisement";
	case VRRP_DECODE_BAD_CHECKSUM:
		return "bad checksum";
	case VRRP_DECODE_BAD_INTERVAL:
		return "advertisement interval is zero";
	case VRRP_DECODE_NO_ADDRS:
		return "no address in the advertisement";
	}
	return "unknown decode error";
}

/*
 * RFC 5798 §5.1.1: TTL 255, protocol 112 (51 with AH); DF clear, ID 0 (never
 * fragmented; with AH the ID is covered by the ICV and must not be 0).
 */
static void build_ipv4_hdr(uint8_t *ip, uint32_t saddr, uint32_t daddr, uint8_t protocol,
			   uint16_t id, size_t payload_len)
{
	uint16_t csum;

	ip[0] = IPV4_VERSION_IHL;
	ip[1] = IPV4_TOS_INETCONTROL;
	put_be16(ip + 2, (uint16_t)(IPV4_HLEN + payload_len));
	put_be16(ip + 4, id);           /* identification */
	put_be16(ip + 6, 0);            /* flags and fragment offset */
	ip[8] = VRRP_TTL;
	ip[9] = protocol;
	memset(ip + 10, 0, 2);
	memcpy(ip + 12, &saddr, 4);
	memcpy(ip + 16, &daddr, 4);
	csum = (uint16_t)~xvrrp_csum_fold(xvrrp_csum_add(0, ip, IPV4_HLEN));
	memcpy(ip + 10, &csum, sizeof(csum));
}

static void build_eth_hdr(uint8_t *eth, const uint8_t *dst, const uint8_t *src,
			  uint16_t ethertype)
{
	memcpy(eth, dst, XVRRP_ETH_ALEN);
	memcpy(eth + XVRRP_ETH_ALEN, src, XVRRP_ETH_ALEN);
	put_be16(eth + 2 * XVRRP_ETH_ALEN, ethertype);
}

/*
 * RFC 8200 §3, no extension headers. Flow label 0, "unlabeled" (RFC 6437
 * §2): the label keepalived's adverts carry is one its kernel picked
 * (net.ipv6.auto_flowlabels), not keepalived's choice, and nothing in VRRP
 * reads it.
 */
static void build_ipv6_hdr(uint8_t *ip6, const struct in6_addr *saddr,
			   const struct in6_addr *daddr, uint8_t next_header,
			   uint8_t traffic_class, uint8_t hop_limit, size_t payload_len)
{
	put_be32(ip6, (uint32_t)IPV6_VERSION << 28 | (uint32_t)traffic_class << 20);
	put_be16(ip6 + IPV6_OFF_PLEN, (uint16_t)payload_len);
	ip6[IPV6_OFF_NXT] = next_header;
	ip6[IPV6_OFF_HLIM] = hop_limit;
	memcpy(ip6 + IPV6_OFF_SRC, saddr, sizeof(*saddr));
	memcpy(ip6 + IPV6_OFF_DST, daddr, sizeof(*daddr));
}

size_t xvrrp_build_advert_frame(const uint8_t src_mac[6], const uint8_t *dst_mac,
				uint32_t saddr, uint32_t daddr, const struct vrrp_advert *adv,
				const struct xvrrp_ah_tx *ah, uint8_t *buf, size_t len)
{
	const size_t ah_len = ah ? XVRRP_AH_LEN : 0;
	const size_t hdrs = XVRRP_ETH_HLEN + IPV4_HLEN + ah_len;
	uint8_t *ip = buf + XVRRP_ETH_HLEN;
	size_t vrrp_len;

	/* RFC 2338 §5.3.6.2: AH is a VRRPv2 thing. */
	if (len < hdrs || (ah && adv->version != VRRP_VERSION_2))
		return 0;
	vrrp_len = vrrp_advert_encode(adv, saddr, daddr, buf + hdrs, len - hdrs);
	if (!vrrp_len)
		return 0;
	build_eth_hdr(buf, dst_mac ? dst_mac : mcast_mac4, src_mac, XVRRP_ETH_P_IP);
	build_ipv4_hdr(ip, saddr, daddr, ah ? XVRRP_IPPROTO_AH : XVRRP_IPPROTO_VRRP,
		       ah ? ah->ip_id : 0, ah_len + vrrp_len);
	if (ah && !xvrrp_ah_seal(ip, IPV4_HLEN + ah_len + vrrp_len, ah))
		return 0;
	return hdrs + vrrp_len;
}

/* RFC 5798 §5.1.2: next header 112, Hop Limit 255 (§5.1.2.3), to ff02::12 or a peer. */
size_t xvrrp_build_advert_frame6(const uint8_t src_mac[6], const uint8_t *dst_mac,
				 const struct in6_addr *saddr, const struct in6_addr *daddr,
				 const struct vrrp_advert *adv, uint8_t *buf, size_t len)
{
	const size_t hdrs = XVRRP_ETH_HLEN + XVRRP_IPV6_HLEN;
	size_t vrrp_len;

	if (len < hdrs)
		return 0;
	vrrp_len = vrrp_advert_encode6(adv, saddr, daddr, buf + hdrs, len - hdrs);
	if (!vrrp_len)
		return 0;
	build_eth_hdr(buf, dst_mac ? dst_mac : mcast_mac6, src_mac, XVRRP_ETH_P_IPV6);
	build_ipv6_hdr(buf + XVRRP_ETH_HLEN, saddr, daddr, XVRRP_IPPROTO_VRRP,
		       IPV6_TCLASS_INETCONTROL, VRRP_TTL, vrrp_len);
	return hdrs + vrrp_len;
}

size_t xvrrp_build_garp_frame(const uint8_t mac[6], uint32_t vip, uint8_t *buf, size_t len)
{
	uint8_t *arp = buf + XVRRP_ETH_HLEN;

	if (len < XVRRP_ETH_HLEN + XVRRP_ARP4_LEN)
		return 0;
	build_eth_hdr(buf, bcast_mac, mac, XVRRP_ETH_P_ARP);
	put_be16(arp + offsetof(struct xvrrp_arp4, ar_hrd), XVRRP_ARPHRD_ETHER);
	put_be16(arp + offsetof(struct xvrrp_arp4, ar_pro), XVRRP_ETH_P_IP);
	arp[offsetof(struct xvrrp_arp4, ar_hln)] = XVRRP_ETH_ALEN;
	arp[offsetof(struct xvrrp_arp4, ar_pln)] = sizeof(vip);
	put_be16(arp + offsetof(struct xvrrp_arp4, ar_op), XVRRP_ARPOP_REQUEST);
	memcpy(arp + offsetof(struct xvrrp_arp4, ar_sha), mac, XVRRP_ETH_ALEN);
	memcpy(arp + offsetof(struct xvrrp_arp4, ar_sip), &vip, sizeof(vip));
	memcpy(arp + offsetof(struct xvrrp_arp4, ar_tha), garp_tha, XVRRP_ETH_ALEN);
	memcpy(arp + offsetof(struct xvrrp_arp4, ar_tip), &vip, sizeof(vip));
	return XVRRP_ETH_HLEN + XVRRP_ARP4_LEN;
}

/*
 * Unsolicited neighbour advertisement (RFC 4861 §7.2.6), as keepalived sends
 * for an IPv6 VIP: to all nodes (ff02::1), from the VIP, hop limit 255,
 * Override set (and Router for a router), Solicited clear, the target and
 * a Target Link-Layer Address option with mac.
 */
size_t xvrrp_build_unsolicited_na_frame(const uint8_t mac[6], const struct in6_addr *vip,
					bool router, uint8_t *buf, size_t len)
{
	static const uint8_t all_nodes_mac[6] = XVRRP_ALL_NODES_MAC6;
	static const struct in6_addr all_nodes = { { { 0xff, 0x02, [15] = 0x01 } } };
	const size_t icmp_len = 32;     /* 24 + the 8-byte option */
	uint8_t *icmp = buf + XVRRP_ETH_HLEN + XVRRP_IPV6_HLEN;
	uint32_t sum;
	uint16_t csum;

	if (len < XVRRP_ETH_HLEN + XVRRP_IPV6_HLEN + icmp_len)
		return 0;
	build_eth_hdr(buf, all_nodes_mac, mac, XVRRP_ETH_P_IPV6);
	build_ipv6_hdr(buf + XVRRP_ETH_HLEN, vip, &all_nodes, XVRRP_IPPROTO_ICMPV6, 0,
		       XVRRP_ND_HOP_LIMIT, icmp_len);
	memset(icmp, 0, icmp_len);
	icmp[0] = XVRRP_ND_NEIGH_ADVERT;
	icmp[4] = XVRRP_ND_NA_OVERRIDE | (router ? XVRRP_ND_NA_ROUTER : 0);
	memcpy(icmp + 8, vip, 16);
	icmp[24] = XVRRP_ND_OPT_TARGET_LL;
	icmp[25] = 1;                   /* in units of 8 bytes */
	memcpy(icmp + 26, mac, 6);
	sum = pseudo_hdr6_sum(vip, &all_nodes, icmp_len, XVRRP_IPPROTO_ICMPV6);
	csum = (uint16_t)~xvrrp_csum_fold(xvrrp_csum_add(sum, icmp, icmp_len));
	memcpy(icmp + 2, &csum, sizeof(csum));
	return XVRRP_ETH_HLEN + XVRRP_IPV6_HLEN + icmp_len;
}
