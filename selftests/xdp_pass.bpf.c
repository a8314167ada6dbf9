// SPDX-License-Identifier: GPL-2.0-only
/*
 * A do-nothing XDP program for selftest topologies.
 *
 * A frame sent with XDP_TX from a native program on a veth reaches the peer
 * only when the peer veth has a native XDP program of its own (the peer then
 * takes the frame on its NAPI path). The selftests attach this one to the
 * bridge ports that face xvrrp nodes running in native mode, so that the ARP
 * replies xvrrp builds in place can reach the client.
 *
 * Built with -DXDP_VERDICT=XDP_DROP and put on the bridge port of a node, it
 * silences that node while its carrier stays up: every frame the node sends
 * is lost on the way into the bridge (a partition track_interface cannot see).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifndef XDP_VERDICT
#define XDP_VERDICT XDP_PASS
#endif

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_VERDICT;
}

char LICENSE[] SEC("license") = "GPL";
