/* SPDX-License-Identifier: GPL-2.0-only */
/* ARP (RFC 826) for the IPv4 VIPs this node owns, answered in place. */
#ifndef XVRRP_BPF_ARP_H
#define XVRRP_BPF_ARP_H

/*
 * An ARP request for a VIP we own is answered in place (RFC 826 reply,
 * RFC 5798 §6.4.3 "MUST respond to ARP requests for the IPv4 address(es)"),
 * which keeps answering at once even while user space is busy.
 */
static __always_inline int handle_arp(struct xdp_md *ctx, struct xvrrp_xdp_stats *st,
				      struct hdr_cursor *nh, struct ethhdr *eth, void *data_end)
{
	struct xvrrp_vip_value *vip;
	struct xvrrp_vip_key key;
	struct xvrrp_arp4 *arp;
	__u8 requester[XVRRP_ETH_ALEN];
	__u32 sip;

	st->arp_rcvd += 1;
	if (parse_arp4(nh, data_end, &arp) != XVRRP_ARPOP_REQUEST ||
	    arp->ar_hrd != bpf_htons(XVRRP_ARPHRD_ETHER) ||
	    arp->ar_pro != bpf_htons(XVRRP_ETH_P_IP) ||
	    arp->ar_hln != XVRRP_ETH_ALEN || arp->ar_pln != 4)
		return verdict(&st->arp_passed, XDP_PASS);

	__builtin_memcpy(&key.addr4, arp->ar_tip, 4);
	__builtin_memcpy(&sip, arp->ar_sip, 4);
	vip = bpf_map_lookup_elem(&owned_vips, &key);
	/* A gratuitous ARP announces, it asks nothing: leave it to the kernel. */
	if (!vip || sip == key.addr4 || !vip_owned(vip))
		return verdict(&st->arp_passed, XDP_PASS);

	__builtin_memcpy(requester, arp->ar_sha, XVRRP_ETH_ALEN);
	__builtin_memcpy(eth->h_dest, requester, XVRRP_ETH_ALEN);
	__builtin_memcpy(eth->h_source, vip->mac, XVRRP_ETH_ALEN);
	arp->ar_op = bpf_htons(XVRRP_ARPOP_REPLY);
	__builtin_memcpy(arp->ar_sha, vip->mac, XVRRP_ETH_ALEN);
	__builtin_memcpy(arp->ar_sip, &key.addr4, 4);
	__builtin_memcpy(arp->ar_tha, requester, XVRRP_ETH_ALEN);
	__builtin_memcpy(arp->ar_tip, &sip, 4);
	return verdict(&st->arp_replied, XDP_TX);
}

#endif /* XVRRP_BPF_ARP_H */
