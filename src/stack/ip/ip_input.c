// SPDX-License-Identifier: MIT
/* ip_input.c - IPv4 input: validate, classify, reassemble, demultiplex */
#include <stdio.h>

#include "icmpkit/names.h"
#include "stack/core.h"
#include "stack/ip6/fast6.h"
#include "stack/ip6/ip6.h"
#include "stack/ip/fastpath.h"

/*
 * The path of a datagram, each step counted and traced:
 *
 *   ik_stack_input()
 *     the fast path (fastpath.h) classifies the commonest datagrams and
 *     hands them to their protocol's fast handler, which does exactly what
 *     the steps below and the protocol's handler would do
 *     InReceives
 *     header validation (ik_ipv4_parse)  -- bad: dropped silently (G6)
 *     destination: ours / broadcast / multicast, else not ours: dropped
 *       by a host, forwarded by a router (ip_forward=1, below)
 *     martian source                     -- dropped
 *     options                            -- malformed: Parameter Problem (G18)
 *       a source route: refused, or with accept_source_route=1 followed
 *     a router's datagram for someone else -> ik_ip_forward() (forward.c)
 *     fragment? -> reasm.c, which calls ik_ip_deliver() when whole
 *   ik_ip_deliver()
 *     raw sockets get a copy (ik_raw_deliver)
 *     ik_protos[protocol]: the protocol table (proto.c)
 *     no handler, no raw socket -> Protocol Unreachable (G10)
 */

/**
 * ik_ip_trace_rx() - the ip.rx event (a sink is set)
 * @s: stack; @ifindex: arrival interface (valid); @b/@len: what arrived
 */
void ik_ip_trace_rx(struct ik_stack *s, unsigned ifindex, const uint8_t *b, size_t len)
{
	ik_trace_emit(s, IK_L_IP, IK_EV_RX, "ip.rx", ifindex, b, len, -1, "%zu octets on %s", len,
		      s->ifaces[ifindex - 1].name);
}

/**
 * ik_ip_trace_demux() - the ip.demux event of a datagram its protocol's
 * handler takes (a sink is set)
 * @s: stack; @ifindex: arrival interface; @b/@len: the datagram;
 * @proto: its protocol; @nraw: raw sockets that got a copy
 */
void ik_ip_trace_demux(struct ik_stack *s, unsigned ifindex, const uint8_t *b, size_t len,
		       uint8_t proto, unsigned nraw)
{
	ik_trace_emit(s, IK_L_IP, IK_EV_DECIDE, "ip.demux", ifindex, b, len, -1,
		      "proto %u (%s) -> %s handler (%u raw socket%s got a copy)", proto,
		      ik_ip_proto_name(proto), ik_protos[proto].name, nraw, nraw == 1 ? "" : "s");
}

/**
 * ik_ip_deliver() - raw sockets, then the protocol demultiplexing table
 * @s:  stack
 * @rx: a whole datagram addressed to us
 *
 * As Linux ip_protocol_deliver_rcu(): every raw socket of the protocol gets
 * a copy first; then the handler of the protocol number takes it. With no
 * handler, a datagram some raw socket took is delivered; one nobody took
 * is counted in InUnknownProtos and answered with Protocol Unreachable
 * (G10; ik_icmp_send_error() applies the suppression rules).
 *
 * Return: 0 when a handler or a raw socket took it, -IK_ETYPE when the
 * protocol is unreachable.
 */
int ik_ip_deliver(struct ik_stack *s, const struct ik_rx *rx)
{
	uint8_t proto = rx->ip.proto;
	const struct ik_proto *h = &ik_protos[proto];
	unsigned nraw = ik_raw_deliver(s, rx);

	if (h->input) {
		if (s->trace_fn)
			ik_ip_trace_demux(s, rx->ifindex, rx->pkt, rx->len, proto, nraw);
		IK_MIB_INC(s, IP, InDelivers);
		h->input(s, rx);
		return 0;
	}
	if (nraw) {
		IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "ip.demux", rx->ifindex, rx->pkt, rx->len, -1,
			 "proto %u (%s) -> no handler, %u raw socket%s", proto,
			 ik_ip_proto_name(proto), nraw, nraw == 1 ? "" : "s");
		IK_MIB_INC(s, IP, InDelivers);
		return 0;
	}
	IK_MIB_INC(s, IP, InUnknownProtos);
	IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip.proto_unreachable", rx->ifindex, rx->pkt, rx->len,
		 -1, "proto %u (%s): no handler and no raw socket -> Protocol Unreachable", proto,
		 ik_ip_proto_name(proto));
	ik_icmp_send_error(s, rx, IK_ICMP_UNREACH, IK_UNREACH_PROTO, 0);
	return -IK_ETYPE;
}

/**
 * bad_header() - a datagram that failed header validation: count, trace, drop
 * @s:     stack
 * @rx:    what is known of it (ifindex, pkt, len)
 * @rc:    ik_ipv4_parse()'s code
 * @werr:  its explanation
 *
 * G6 (RFC 1812 §4.3.2.7): never answered with an ICMP error. Counted as
 * Linux ip_rcv_core() does: a Total Length beyond the octets received is
 * InTruncatedPkts; a bad checksum is InCsumErrors and InHdrErrors; every
 * other fault (short, version, IHL, Total Length < IHL, reserved flag) is
 * InHdrErrors.
 *
 * Return: @rc.
 */
static int bad_header(struct ik_stack *s, const struct ik_rx *rx, int rc,
		      const struct ik_wire_err *werr)
{
	struct ik_ipv4_view v;

	/* a Total Length fault comes after the checks the view makes */
	if (rc == -IK_ETOTLEN && ik_ipv4_view_init(&v, rx->pkt, rx->len) > 0 &&
	    ik_ipv4_total_len(&v) > rx->len) {
		IK_MIB_INC(s, IP, InTruncatedPkts);
	} else {
		if (rc == -IK_ECHECKSUM)
			IK_MIB_INC(s, IP, InCsumErrors);
		IK_MIB_INC(s, IP, InHdrErrors);
	}
	IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip.bad_header", rx->ifindex, rx->pkt, rx->len, -1,
		 "%s at octet %zu: %s (dropped silently, G6)", ik_strerror(rc), werr->off,
		 werr->msg);
	return rc;
}

/**
 * classify() - is the datagram ours, and how was it addressed
 * @s:   stack
 * @rx:  the datagram (ip.dst read); dst_kind and local are set
 * @ifc: arrival interface
 *
 * Return: true if we are a destination of it.
 */
static bool classify(const struct ik_stack *s, struct ik_rx *rx, const struct ik_iface *ifc)
{
	uint32_t dst = rx->ip.dst;

	if ((dst == ifc->addr && dst) || ik_addr_is_local(s, dst)) {
		rx->dst_kind = IK_DST_UNICAST;
		rx->local = dst;
	} else if (ik_addr_is_bcast(s, dst)) {
		rx->dst_kind = IK_DST_BCAST;
		rx->local = ifc->addr;
	} else if ((dst & 0xf0000000u) == 0xe0000000u) {
		rx->dst_kind = IK_DST_MCAST;
		rx->local = ifc->addr;
	} else {
		return false;
	}
	return true;
}

/**
 * not_ours() - a datagram for someone else
 * @s: stack; @rx: the datagram
 *
 * A host (ip_forward 0) drops it and counts InAddrErrors, as Linux's
 * ip_error() does, without an ICMP error. (A router forwards it:
 * ik_ip_forward().)
 *
 * Return: -IK_ENOENT.
 */
static int not_ours(struct ik_stack *s, const struct ik_rx *rx)
{
	char d[16];

	IK_MIB_INC(s, IP, InAddrErrors);
	IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip.not_ours", rx->ifindex, rx->pkt, rx->len, -1,
		 "destination %s is not an address of this host and ip_forward=0",
		 ik_ipv4_addr_str(rx->ip.dst, d));
	return -IK_ENOENT;
}

/**
 * bcast_forward() - bc_forwarding=1: a directed broadcast of a subnet
 * behind another interface is forwarded onto it (RFC 2644 lets a router
 * be configured so; Linux's bc_forwarding) instead of taken as ours
 * @s: stack; @rx: a datagram classified as a broadcast to us
 *
 * Return: true when it is to be forwarded.
 */
static bool bcast_forward(const struct ik_stack *s, const struct ik_rx *rx)
{
	if (!s->set.bc_forwarding || !s->set.ip_forward || rx->ip.dst == 0xffffffffu)
		return false;
	for (unsigned i = 0; i < s->nifaces; i++)
		if (s->ifaces[i].bcast == rx->ip.dst)
			return i + 1 != rx->ifindex;
	return false;
}

/**
 * find_srr() - the datagram's source route option, if any
 * @rx: the datagram (options valid); @off: its offset in the header
 *
 * Return: the option's type (LSRR or SSRR), or 0.
 */
static uint8_t find_srr(const struct ik_rx *rx, size_t *off)
{
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;

	ik_ipv4_opt_iter_init(&it, rx->ip.opts, rx->ip.opts_len);
	while (ik_ipv4_opt_next(&it, &o, NULL) > 0)
		if (o.type == IK_IPOPT_LSRR || o.type == IK_IPOPT_SSRR) {
			*off = IK_IPV4_HDR_MIN + o.off;
			return o.type;
		}
	return 0;
}

/**
 * source_route() - accept_source_route=1 and ip_forward=1: a source-routed
 * datagram addressed to us goes on to the next address of its route (RFC
 * 791), or is ours when the route is used up
 * @s: stack; @rx: the datagram (ours; rx->srr set)
 *
 * Return: 1 to deliver it here, else ik_ip_forward()'s result.
 */
static int source_route(struct ik_stack *s, struct ik_rx *rx)
{
	const uint8_t *o = rx->pkt + rx->srr;
	char a[16];

	if (o[2] > o[1]) {
		IK_TRACE(s, IK_L_FWD, IK_EV_DECIDE, "fwd.srr_done", rx->ifindex, rx->pkt, rx->len,
			 -1, "source route used up: the datagram is ours");
		return 1;
	}
	rx->ip.dst = ik_get32(o + o[2] - 1);
	rx->srr_hit = rx->srr;
	rx->fwd = true;
	rx->dst_kind = IK_DST_UNICAST;
	IK_TRACE(s, IK_L_FWD, IK_EV_DECIDE, "fwd.srr_next", rx->ifindex, rx->pkt, rx->len, -1,
		 "%s source route: next address %s (accept_source_route=1)",
		 rx->ssrr ? "strict" : "loose", ik_ipv4_addr_str(rx->ip.dst, a));
	return ik_ip_forward(s, rx);
}


/**
 * martian() - drop a datagram whose source names no host (RFC 1122
 * §3.2.1.3); 240/4 sources go on (traced), and G5 keeps errors from them
 * @s: stack; @rx: the datagram
 *
 * Return: true when dropped.
 */
static bool martian(struct ik_stack *s, const struct ik_rx *rx)
{
	const char *why = ik_martian_src(s, rx->ip.src, rx->ip.dst, rx->ifindex);
	char a[16];

	if (!why) {
		if ((rx->ip.src >> 28) == 0xf)
			IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "ip.reserved_src", rx->ifindex, rx->pkt,
				 rx->len, -1, "source %s is reserved (240/4): passed on, never "
				 "answered with an error (G5)", ik_ipv4_addr_str(rx->ip.src, a));
		return false;
	}
	IK_MIB_INC(s, IP, InAddrErrors);
	IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip.martian_src", rx->ifindex, rx->pkt, rx->len, -1,
		 "source %s is %s: no host sends from it (RFC 1122 3.2.1.3), dropped",
		 ik_ipv4_addr_str(rx->ip.src, a), why);
	return true;
}

/**
 * options() - option checks beyond the parser's
 * @s: stack; @rx: the datagram (srr, ssrr set here)
 *
 * Return: 0 to go on, 1 for a source-routed datagram to go on
 * (accept_source_route=1), or the drop's negative code.
 */
static int options(struct ik_stack *s, struct ik_rx *rx)
{
	size_t bad = 0, off = 0;
	int rc = ik_ipopt_input(s, rx, &bad);

	if (rc == 0)
		return 0;
	if (rc > 0) {
		rx->ssrr = find_srr(rx, &off) == IK_IPOPT_SSRR;
		rx->srr = (uint8_t)off;
		if (s->set.accept_source_route && s->set.ip_forward)
			return 1;
		IK_MIB_INC(s, IP, InDiscards);
		IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip.source_routed", rx->ifindex, rx->pkt, rx->len,
			 -1, "source-routed datagram refused (as Linux accept_source_route=0)");
		return -IK_EOPTION;
	}
	IK_MIB_INC(s, IP, InHdrErrors);
	IK_MIB_INC(s, IP, InOptErrors);
	IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip.bad_option", rx->ifindex, rx->pkt, rx->len, -1,
		 "option at octet %zu cannot be processed (repeated, or Timestamp overflow "
		 "counter full) -> Parameter Problem pointer %zu (G18)", bad, bad);
	ik_icmp_send_error(s, rx, IK_ICMP_PARAMPROB, 0, (uint32_t)bad);
	return -IK_EOPTION;
}

/**
 * general_input() - ik_stack_input()'s general path: every step, traced
 * @s: stack; @ifindex: arrival interface; @bytes/@len: the datagram;
 * @flags: IK_RX_LINK_*; @now: time
 *
 * Kept out of line, so the fast path's caller needs no frame for its
 * locals.
 *
 * Return: as ik_stack_input().
 */
static __attribute__((noinline)) int general_input(struct ik_stack *s, unsigned ifindex,
						   const uint8_t *bytes, size_t len,
						   unsigned flags, uint64_t now)
{
	const struct ik_iface *ifc = ik_iface_get(s, ifindex);
	struct ik_wire_err werr;
	struct ik_ipv4_view v;
	struct ik_rx rx;
	int hl;

	if (len && bytes && bytes[0] >> 4 == 6)
		return ik_ip6_input(s, ifindex, bytes, len, flags, now);
	s->now = now;
	IK_MIB_INC(s, IP, InReceives);
	rx.ifindex = ifindex;
	rx.link_flags = flags;
	rx.now = now;
	rx.pkt = bytes;
	rx.len = len;
	rx.dst_kind = IK_DST_UNICAST;
	rx.local = 0;
	rx.fwd = rx.ssrr = false;
	rx.srr = rx.srr_hit = 0;
	if (!ifc) {
		IK_MIB_INC(s, IP, InDiscards);
		IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip.bad_iface", ifindex, bytes, len, -1,
			 "no interface %u", ifindex);
		return -IK_EINVAL;
	}
	if (s->trace_fn)
		ik_ip_trace_rx(s, ifindex, bytes, len);

	/* the parser formats its message only when asked for one: ask only when
	 * a trace will show it (G18's pointer comes from a second parse) */
	hl = ik_ipv4_parse(bytes, len, 0, &rx.ip, s->trace_fn ? &werr : NULL);
	if (hl == -IK_EOPTION && !s->trace_fn)
		ik_ipv4_parse(bytes, len, 0, &rx.ip, &werr);
	if (hl < 0 && hl != -IK_EOPTION) {
		/* a fragment fault comes after the checks the view makes */
		if (hl != -IK_EFRAG || ik_ipv4_view_init(&v, bytes, len) < 0 ||
		    (ik_ipv4_frag_word(&v) & IK_IPV4_RF))
			return bad_header(s, &rx, hl, &werr);
		/* offset + length beyond 65535: the ping of death, a reassembly
		 * failure for Linux (ip_frag_reasm() "Oversized IP packet") */
		rx.ip.frag_off = ik_ipv4_frag_off(&v);
		hl = (int)ik_ipv4_ihl(&v);
	}
	rx.len = rx.ip.total_len;
	/* an option fault comes after the checks the view makes too */
	rx.hlen = hl < 0 ? (size_t)ik_ipv4_view_init(&v, bytes, len) : (size_t)hl;
	rx.l4 = bytes + rx.hlen;
	rx.l4_len = rx.len - rx.hlen;

	if (!classify(s, &rx, ifc)) {
		if (!s->set.ip_forward)
			return not_ours(s, &rx);
		rx.fwd = true;
	} else if (rx.dst_kind == IK_DST_BCAST && bcast_forward(s, &rx)) {
		rx.fwd = true;
		IK_TRACE(s, IK_L_FWD, IK_EV_DECIDE, "fwd.directed_bcast", ifindex, bytes, rx.len,
			 -1, "directed broadcast of a subnet behind another interface: forwarded "
			 "(bc_forwarding=1)");
	}
	if (martian(s, &rx))
		return -IK_EINVAL;

	if (hl == -IK_EOPTION) {
		size_t ptr = werr.off;

		IK_MIB_INC(s, IP, InHdrErrors);
		IK_MIB_INC(s, IP, InOptErrors);
		IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip.bad_option", ifindex, bytes, rx.len, -1,
			 "%s -> Parameter Problem pointer %zu (G18)", werr.msg, ptr);
		ik_icmp_send_error(s, &rx, IK_ICMP_PARAMPROB, 0, (uint32_t)ptr);
		return -IK_EOPTION;
	}
	if (rx.ip.opts_len) {
		int rc = options(s, &rx);

		if (rc < 0)
			return rc;
		if (rc > 0 && !rx.fwd && (rc = source_route(s, &rx)) <= 0)
			return rc;
	}
	if (rx.fwd)
		return ik_ip_forward(s, &rx);
	if (rx.ip.mf || rx.ip.frag_off)
		return ik_reasm_input(s, &rx);
	return ik_ip_deliver(s, &rx);
}

/**
 * ik_stack_input() - one IPv4 datagram arrives
 * @s:       stack
 * @ifindex: interface it arrived on
 * @bytes:   the datagram (IPv4 header first); not kept after the call
 * @len:     octets (link padding after Total Length is ignored)
 * @flags:   IK_RX_LINK_*
 * @now:     current time (ns)
 *
 * Return: 0 if accepted (delivered or queued for reassembly), or a negative
 * IK_E* code saying why it was dropped: the parser's code for a bad header,
 * -IK_EOPTION for a bad or refused option, -IK_ENOENT when it is not ours,
 * -IK_ETYPE for an unreachable protocol, -IK_EFRAG / -IK_ENOMEM for a
 * fragment reassembly refused, -IK_EINVAL for an unknown interface.
 */
int ik_stack_input(struct ik_stack *s, unsigned ifindex, const uint8_t *bytes, size_t len,
		   unsigned flags, uint64_t now)
{
	/* echo requests and UDP in one pass (fastpath.h), traced alike */
	int rc = ik_fast_input(s, ifindex, bytes, len, flags, now);

	if (rc != IK_FAST_MISS)
		return rc;
	/* IPv6: plain echo and closed-port UDP in one pass too (ip6/fast6.h),
	 * tried here, ahead of the general path's frame */
	if (len >= IK_IPV6_HDR_LEN + 8 && bytes && bytes[0] >> 4 == 6 &&
	    (rc = ik_fast6_input(s, ifindex, bytes, len, flags, now)) != IK_FAST_MISS)
		return rc;
	return general_input(s, ifindex, bytes, len, flags, now);
}
