/* SPDX-License-Identifier: MIT */
/**
 * DOC: the fast path: a classifier in front of the protocol table
 *
 * ik_stack_input() first offers every datagram to ik_fast_input(), traced
 * or not. It is inline here, in ip_input.c's unit, so the classifier costs
 * no call of its own. It takes only datagrams whose whole fate a few header fields can
 * tell: an unfragmented IPv4 datagram without options (IHL 5), its header
 * checksum right, its Total Length within what arrived, sent to the address
 * of the interface it arrived on, from a source that is not martian. Such a
 * datagram is described once (struct ik_fast) and handed to its protocol's
 * fast handler in the protocol table (proto.c): today ICMP answers an Echo
 * Request there (icmp_in.c) and UDP delivers to a socket or answers Port
 * Unreachable (udp.c, icmp_err.c). Each fast handler sits beside its
 * protocol's general handler and shares its builders (the header writer,
 * the copy-and-sum, the ICMP error builder, the route and path MTU lookup,
 * the one way out, the counters and the trace events), and decides before
 * anything changes: whatever it does not take (a bad checksum, no route, a
 * reply that needs fragments, a suppression rule to apply) goes to the
 * general path untouched.
 *
 * What the fast path does is, to the octet, the counter and the trace
 * event, what the general path does: tests/test_stack_fastpath.c runs every
 * shape on a stack with the fast path and on one without it
 * (ik_stack_config.no_fast_path), both traced, and compares the datagrams
 * sent, the counters, the socket queues and every trace event.
 *
 * A router (ip_forward=1) also takes here the datagrams of the same shape
 * that are for someone else (not an address, broadcast or multicast of
 * ours, no link-layer group flag): they skip the general path's full parse
 * and classification and go straight to ik_ip_forward(), the one place
 * every forwarding decision is made, with the same ip.rx event and
 * InReceives first.
 */
#ifndef ICMPKIT_STACK_IP_FASTPATH_H
#define ICMPKIT_STACK_IP_FASTPATH_H

#include "stack/core.h"

/**
 * fast_forward() - a router's datagram for someone else, described as IP
 * input would describe it, to ik_ip_forward()
 * @s: stack; @f: the datagram (its shape checked); @v: its view
 *
 * Return: IK_FAST_MISS when it may be ours after all (the general path
 * decides), else ik_ip_forward()'s result.
 */
static inline int fast_forward(struct ik_stack *s, const struct ik_fast *f,
			       const struct ik_ipv4_view *v)
{
	struct ik_rx rx;

	if (f->flags || ik_addr_is_local(s, f->dst) || ik_addr_is_bcast(s, f->dst) ||
	    (f->dst >> 28) == 0xe)
		return IK_FAST_MISS;
	IK_MIB_INC(s, IP, InReceives);
	if (s->trace_fn)
		ik_ip_trace_rx(s, f->ifindex, f->b, f->len);
	/* field by field: zeroing the whole struct first costs a rep stos */
	rx.ifindex = f->ifindex;
	rx.link_flags = 0;
	rx.now = s->now;
	rx.pkt = f->b;
	rx.len = f->tot;
	rx.ip.tos = f->b[1];
	rx.ip.total_len = (uint16_t)f->tot;
	rx.ip.ident = ik_ipv4_ident(v);
	rx.ip.rf = rx.ip.mf = false;
	rx.ip.df = (ik_ipv4_frag_word(v) & IK_IPV4_DF) != 0;
	rx.ip.frag_off = 0;
	rx.ip.ttl = ik_ipv4_ttl(v);
	rx.ip.proto = ik_ipv4_proto(v);
	rx.ip.csum = ik_ipv4_csum(v);
	rx.ip.src = f->src;
	rx.ip.dst = f->dst;
	rx.ip.opts = NULL;
	rx.ip.opts_len = 0;
	rx.ip.payload_len = f->tot - IK_IPV4_HDR_MIN;
	rx.hlen = IK_IPV4_HDR_MIN;
	rx.l4 = f->b + IK_IPV4_HDR_MIN;
	rx.l4_len = f->tot - IK_IPV4_HDR_MIN;
	rx.dst_kind = IK_DST_UNICAST;
	rx.local = 0;
	rx.fwd = true;
	rx.ssrr = false;
	rx.srr = rx.srr_hit = 0;
	return ik_ip_forward(s, &rx);
}

/**
 * ik_fast_input() - classify, then the protocol's fast handler
 * @s:       stack
 * @ifindex: arrival interface
 * @bytes:   the datagram
 * @len:     octets
 * @flags:   IK_RX_LINK_*
 * @now:     time
 *
 * Return: IK_FAST_MISS when the general path must take the datagram, else
 * what ik_stack_input() returns for it (0).
 */
static inline int ik_fast_input(struct ik_stack *s, unsigned ifindex, const uint8_t *bytes,
				size_t len, unsigned flags, uint64_t now)
{
	struct ik_ipv4_view v;
	const struct ik_proto *p;
	struct ik_fast f;

	/* a datagram that sits in the transmit buffer (a device looping
	 * back synchronously) would be overwritten by its own answer */
	if (s->cfg.no_fast_path || ifindex - 1u >= s->nifaces || len < IK_IPV4_HDR_MIN + 8 ||
	    ik_ipv4_view_init(&v, bytes, len) != IK_IPV4_HDR_MIN ||
	    (uintptr_t)bytes - (uintptr_t)s->txbuf < IK_IPV4_MAX_LEN + IK_IPV4_HDR_MAX)
		return IK_FAST_MISS;
	p = &ik_protos[ik_ipv4_proto(&v)];
	f.tot = ik_ipv4_total_len(&v);
	f.dst = ik_ipv4_dst(&v);
	f.src = ik_ipv4_src(&v);
	/* RF, MF or an offset: not for us; DF is fine; a reserved (240/4)
	 * source is traced on the general path */
	if ((!p->fast && !s->set.ip_forward) || f.tot > len || f.tot < IK_IPV4_HDR_MIN + 8 ||
	    (ik_ipv4_frag_word(&v) & ~IK_IPV4_DF) ||
	    (f.dst != s->ifaces[ifindex - 1].addr && !s->set.ip_forward) ||
	    !ik_ipv4_hdr_sum_ok(bytes, IK_IPV4_HDR_MIN) || (f.src >> 28) == 0xf ||
	    ik_martian_src(s, f.src, f.dst, ifindex))
		return IK_FAST_MISS;
	f.ifindex = ifindex;
	f.flags = flags;
	f.b = bytes;
	f.len = len;
	/* the general path sets the clock first too: route and path MTU
	 * lookups read it */
	s->now = now;
	if (f.dst != s->ifaces[ifindex - 1].addr)
		return fast_forward(s, &f, &v);
	if (!p->fast)
		return IK_FAST_MISS;
	/* the table decides; naming today's two handlers lets the compiler
	 * call (and, with LTO, inline) them directly, as Linux's
	 * INDIRECT_CALL_2() does in ip_protocol_deliver_rcu() */
	if (p->fast == ik_icmp_fast)
		return ik_icmp_fast(s, &f);
	if (p->fast == ik_udp_fast)
		return ik_udp_fast(s, &f);
	return p->fast(s, &f);
}

#endif
