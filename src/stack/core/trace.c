// SPDX-License-Identifier: MIT
/* trace.c - trace events: formatting and names */
#include <stdarg.h>
#include <stdio.h>

#include "stack/internal.h"

static const char *const layer_names[IK_L_NLAYERS] = {
	[IK_L_DEV] = "dev",   [IK_L_IP] = "ip",     [IK_L_FRAG] = "frag",
	[IK_L_ICMP] = "icmp", [IK_L_UDP] = "udp",   [IK_L_PING] = "ping",
	[IK_L_RAW] = "raw",   [IK_L_SOCK] = "sock",  [IK_L_TCP] = "tcp",
	[IK_L_FWD] = "fwd",
};

static const char *const kind_names[] = {
	[IK_EV_RX] = "rx",         [IK_EV_TX] = "tx",         [IK_EV_DELIVER] = "deliver",
	[IK_EV_DROP] = "drop",     [IK_EV_DECIDE] = "decide", [IK_EV_ERROR] = "error",
};

/**
 * ik_layer_name() - short name of a layer
 * @layer: enum ik_trace_layer
 *
 * Return: "ip", "icmp", … or "?" for an unknown value; never NULL.
 */
const char *ik_layer_name(unsigned layer)
{
	return layer < IK_L_NLAYERS ? layer_names[layer] : "?";
}

/**
 * ik_ev_kind_name() - short name of an event kind
 * @kind: enum ik_ev_kind
 *
 * Return: "rx", "drop", … or "?" for an unknown value; never NULL.
 */
const char *ik_ev_kind_name(unsigned kind)
{
	return kind < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[kind] : "?";
}

/**
 * ik_trace_emit() - format one event and hand it to the sink
 * @s:       stack
 * @layer:   enum ik_trace_layer
 * @kind:    enum ik_ev_kind
 * @what:    short fixed tag ("ip.demux")
 * @ifindex: interface involved, or 0
 * @pkt:     datagram concerned, or NULL
 * @len:     its length
 * @sock:    socket descriptor, or -1
 * @fmt:     printf format of the "why" sentence
 *
 * Called through IK_TRACE(), which tests for a sink first, so formatting
 * costs nothing when nobody listens. The sentence lives in a buffer on the
 * C stack, valid only during the callback; longer ones are truncated.
 */
void ik_trace_emit(struct ik_stack *s, unsigned layer, unsigned kind, const char *what,
		   unsigned ifindex, const uint8_t *pkt, size_t len, int sock, const char *fmt, ...)
{
	char why[256];
	struct ik_event ev;
	va_list ap;

	if (!s->trace_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	ev.now = s->now;
	ev.layer = (uint8_t)layer;
	ev.kind = (uint8_t)kind;
	ev.what = what;
	ev.why = why;
	ev.ifindex = ifindex;
	ev.pkt = pkt;
	ev.len = len;
	ev.sock = sock;
	s->trace_fn(s->trace_ctx, &ev);
}
