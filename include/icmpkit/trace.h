/* SPDX-License-Identifier: MIT */
/**
 * DOC: trace events
 * Layer: stack (include/icmpkit/README.md)
 *
 * Every decision and every drop in the stack emits one event: which layer,
 * what happened, why, and the packet it concerns. The caller chooses the sink
 * (ik_stack_set_trace()); with none set, events cost one branch.
 */
#ifndef ICMPKIT_TRACE_H
#define ICMPKIT_TRACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ik_trace_layer {
	IK_L_DEV,   /* device in/out */
	IK_L_IP,    /* IPv4 input/output, options, routing */
	IK_L_FRAG,  /* fragmentation and reassembly */
	IK_L_ICMP,  /* ICMP input and generation */
	IK_L_UDP,   /* UDP demultiplexing and sockets */
	IK_L_PING,  /* ping sockets */
	IK_L_RAW,   /* raw sockets */
	IK_L_SOCK,  /* socket calls and errors seen by applications */
	IK_L_TCP,   /* TCP: segments to closed ports and their resets */
	IK_L_FWD,   /* forwarding: a router's decisions about others' datagrams */
	IK_L_NLAYERS
};

enum ik_ev_kind {
	IK_EV_RX,       /* a packet arrived at this layer */
	IK_EV_TX,       /* a packet left through this layer */
	IK_EV_DELIVER,  /* handed to a socket or handler */
	IK_EV_DROP,     /* discarded (counted) */
	IK_EV_DECIDE,   /* a policy decision (demux result, suppression, …) */
	IK_EV_ERROR,    /* an ICMP error generated or reported to a socket */
};

/**
 * struct ik_event - one trace event
 * @now:     stack time (ns)
 * @layer:   enum ik_trace_layer
 * @kind:    enum ik_ev_kind
 * @what:    short fixed tag, e.g. "udp.no_socket", "icmp.rate_limited"
 * @why:     one human sentence with the facts ("port 8080 has no socket")
 * @ifindex: interface involved, or 0
 * @pkt:     the IPv4 datagram concerned (may be NULL); valid only during the
 *           callback
 * @len:     its length
 * @sock:    socket descriptor involved, or -1
 */
struct ik_event {
	uint64_t now;
	uint8_t layer;
	uint8_t kind;
	const char *what;
	const char *why;
	unsigned ifindex;
	const uint8_t *pkt;
	size_t len;
	int sock;
};

/** Trace sink: called synchronously for every event. */
typedef void (*ik_trace_fn)(void *ctx, const struct ik_event *ev);

/**
 * ik_layer_name() - short name of a layer ("ip", "icmp", …)
 * @layer: enum ik_trace_layer
 *
 * Return: static string, never NULL.
 */
const char *ik_layer_name(unsigned layer);

/**
 * ik_ev_kind_name() - short name of an event kind ("drop", …)
 * @kind: enum ik_ev_kind
 *
 * Return: static string, never NULL.
 */
const char *ik_ev_kind_name(unsigned kind);

#ifdef __cplusplus
}
#endif
#endif
