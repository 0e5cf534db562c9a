/* SPDX-License-Identifier: MIT */
/**
 * DOC: the ICMP error for a fast-path datagram, inline (the icmp module's
 * offer to the protocols' fast handlers)
 *
 * A protocol's fast handler (udp.c's ik_udp_fast()) that finds no one to
 * take its datagram answers with an ICMP error in two halves: prepare (may
 * it go whole? build the message in the transmit buffer, nothing counted
 * yet), then, once the handler has checked what the prepared quote lets it
 * check, send (rate limit, header, the one way out, counters, trace). Both
 * halves use the same builder (ik_icmp_err_build()), the same header writer
 * and the same rate limit as ik_icmp_send_error(); they are inline so the
 * fast handler pays no call for them. Only fast handlers include this.
 */
#ifndef ICMPKIT_STACK_ICMP_FAST_H
#define ICMPKIT_STACK_ICMP_FAST_H

#include "stack/icmp/icmp_priv.h"

/**
 * struct ik_icmp_fast_err - an ICMP error the fast path prepared (built in
 * the transmit buffer, nothing counted yet)
 * @rt:   route back to the source
 * @len:  the error datagram's length
 * @q:    octets quoted
 * @qsum: the quote's partial sum
 */
struct ik_icmp_fast_err {
	struct ik_route_res rt;
	size_t len, q;
	uint32_t qsum;
};

/**
 * ik_icmp_fast_err_prep() - an error about a fast-path datagram, first half
 * @s: stack; @f: the offending datagram; @type/@code: the error; @e: out
 *
 * The fast path's datagram is unicast to us (G2), unfragmented (G4) and
 * not ICMP here (G1: only UDP asks); G3 and G5 are left to the general
 * path, which says so in its trace. The message is built at s->txbuf + 20,
 * where a 20-octet header will precede it.
 *
 * Return: 0, or IK_FAST_MISS.
 */
static inline int ik_icmp_fast_err_prep(struct ik_stack *s, const struct ik_fast *f, uint8_t type,
					uint8_t code, struct ik_icmp_fast_err *e)
{
	e->q = ik_icmp_quote_len(s, f->tot, IK_IPV4_HDR_MIN);
	e->len = IK_ICMP_ERR_OVERHEAD + e->q;
	if ((f->flags & (IK_RX_LINK_BCAST | IK_RX_LINK_MCAST)) ||
	    ik_icmp_src_not_host(s, f->src, f->ifindex) ||
	    ik_ip_route_mtu(s, f->src, e->len, &e->rt) < e->len)
		return IK_FAST_MISS;
	/* the classifier verified the header's checksum: it sums to all ones */
	e->qsum = ik_icmp_err_build(s->txbuf + IK_IPV4_HDR_MIN, type, code, 0, f->b, e->q,
				    IK_IPV4_HDR_MIN);
	return 0;
}

/**
 * ik_icmp_fast_err_send() - second half: rate limit, header, out
 * @s: stack; @f: the offending datagram; @e: what the first half prepared
 */
static inline void ik_icmp_fast_err_send(struct ik_stack *s, const struct ik_fast *f,
					 const struct ik_icmp_fast_err *e)
{
	const uint8_t *m = s->txbuf + IK_IPV4_HDR_MIN;
	struct ik_ipv4_repr h;
	enum ik_icmp_rl rl;
	int rc;

	rl = ik_icmp_rate_check(s, f->src, m[0], m[1], s->now);
	if (rl != IK_ICMP_RL_OK) {
		if (s->trace_fn)
			ik_icmp_trace_limited(s, f->ifindex, f->b, f->tot, m[0], m[1], rl);
		return;
	}
	IK_MIB_INC(s, IP, OutRequests);
	h = (struct ik_ipv4_repr){
		.tos = ik_icmp_err_tos(s, false, f->b[1]),
		.ident = ik_ip_ident(s, f->src, f->dst, IK_IPPROTO_ICMP, s->now),
		.ttl = ik_icmp_err_ttl(s),
		.proto = IK_IPPROTO_ICMP,
		.src = f->dst,
		.dst = f->src,
		.payload_len = e->len - IK_IPV4_HDR_MIN,
	};
	ik_ipv4_put_fixed(&h, s->txbuf, IK_IPV4_HDR_MIN, 0);
	rc = ik_ip_xmit(s, &e->rt, s->txbuf, e->len, s->now);
	if (rc < 0) {
		IK_MIB_INC(s, ICMP, OutErrors);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.error_not_sent", f->ifindex, f->b, f->tot,
			 -1, "ICMP %u/%u could not be sent: IP output failed (%d)", m[0], m[1], rc);
		return;
	}
	ik_icmp_out_count(s, m[0]);
	if (s->trace_fn)
		ik_icmp_trace_sent(s, f->ifindex, f->b, f->tot, m[0], m[1], e->q);
}

#endif
