// SPDX-License-Identifier: MIT
/*
 * icmp6_in.c - ICMPv6 input by a per-type table (Linux icmpv6_rcv()): the
 * echo server, Echo Replies to their ping socket by Identifier, errors to
 * the transport their quote names; and the per-type counters
 */
#include <errno.h>
#include <string.h>

#include "stack/ip6/ip6.h"

/**
 * struct icmp6_type - one row of the type table
 * @in:     the Icmp6In* counter (0: none)
 * @out:    the Icmp6Out* counter (0: none)
 * @handle: what receiving it does (NULL: counted only)
 */
struct icmp6_type {
	uint16_t in, out;
	void (*handle)(struct ik_stack *s, const struct ik_rx6 *rx, const struct ik_icmpv6_repr *m);
};

static void echo_request(struct ik_stack *s, const struct ik_rx6 *rx,
			 const struct ik_icmpv6_repr *m);
static void echo_reply(struct ik_stack *s, const struct ik_rx6 *rx, const struct ik_icmpv6_repr *m);
static void error_in(struct ik_stack *s, const struct ik_rx6 *rx, const struct ik_icmpv6_repr *m);
static void nd_in(struct ik_stack *s, const struct ik_rx6 *rx, const struct ik_icmpv6_repr *m);

#define C(n) (uint16_t)(IK_MIB_ICMP6_##n + 1)
static const struct icmp6_type types6[256] = {
	[IK_ICMP6_UNREACH] = { C(InDestUnreachs), C(OutDestUnreachs), error_in },
	[IK_ICMP6_PACKET_TOO_BIG] = { C(InPktTooBigs), C(OutPktTooBigs), error_in },
	[IK_ICMP6_TIME_EXCEEDED] = { C(InTimeExcds), C(OutTimeExcds), error_in },
	[IK_ICMP6_PARAM_PROB] = { C(InParmProblems), C(OutParmProblems), error_in },
	[IK_ICMP6_ECHO] = { C(InEchos), C(OutEchos), echo_request },
	[IK_ICMP6_ECHO_REPLY] = { C(InEchoReplies), C(OutEchoReplies), echo_reply },
	[IK_ICMP6_ROUTER_SOL] = { C(InRouterSolicits), C(OutRouterSolicits), nd_in },
	[IK_ICMP6_ROUTER_ADV] = { C(InRouterAdvertisements), C(OutRouterAdvertisements), nd_in },
	[IK_ICMP6_NEIGHBOR_SOL] = { C(InNeighborSolicits), C(OutNeighborSolicits), nd_in },
	[IK_ICMP6_NEIGHBOR_ADV] = { C(InNeighborAdvertisements), C(OutNeighborAdvertisements),
				    nd_in },
	[IK_ICMP6_REDIRECT] = { C(InRedirects), C(OutRedirects), nd_in },
};
#undef C

void ik_icmp6_out_count(struct ik_stack *s, uint8_t type)
{
	IK_MIB_INC(s, ICMP6, OutMsgs);
	if (types6[type].out)
		s->mib.c[types6[type].out - 1]++;
	s->mib.out_type6[type]++;
}

void ik_icmp6_input(struct ik_stack *s, const struct ik_rx6 *rx)
{
	struct ik_wire_err werr = { 0 };
	struct ik_icmpv6_repr m;
	const struct icmp6_type *t;
	int rc;

	IK_MIB_INC(s, ICMP6, InMsgs);
	rc = ik_icmpv6_parse(rx->l4, rx->l4_len, rx->ip.src, rx->ip.dst, 0, &m, &werr);
	if (rc < 0) {
		if (rc == -IK_ECHECKSUM)
			IK_MIB_INC(s, ICMP6, InCsumErrors);
		IK_MIB_INC(s, ICMP6, InErrors);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp6.bad", rx->ifindex, rx->pkt, rx->len, -1,
			 "%s", werr.msg);
		return;
	}
	s->mib.in_type6[m.type]++;
	t = &types6[m.type];
	if (t->in)
		s->mib.c[t->in - 1]++;
	IK_TRACE(s, IK_L_ICMP, IK_EV_RX, "icmp6.rx", rx->ifindex, rx->pkt, rx->len, -1,
		 "%s (%u/%u)", ik_icmpv6_type_name(m.type), m.type, m.code);
	if (t->handle)
		t->handle(s, rx, &m);
	else if (ik_icmpv6_is_error(m.type))
		error_in(s, rx, &m); /* an unknown error goes up all the same (RFC 4443 2.4(b)) */
	else
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp6.unknown_type", rx->ifindex, rx->pkt,
			 rx->len, -1, "informational type %u unknown: discarded (RFC 4443 2.4(b))",
			 m.type);
}

/**
 * echo_request() - answer an Echo Request (RFC 4443 §4.2): the same
 * Identifier, Sequence and data, from the address it was sent to (for a
 * multicast one, an address of the arrival interface)
 * @s: stack; @rx: the request; @m: parsed
 */
static void echo_request(struct ik_stack *s, const struct ik_rx6 *rx,
			 const struct ik_icmpv6_repr *m)
{
	struct ik_route6_res rt;
	uint8_t *o = s->txbuf + IK_IPV6_HDR_LEN;
	int rc;

	if (s->set.icmpv6_echo_ignore_all ||
	    (rx->mcast && s->set.icmpv6_echo_ignore_multicast)) {
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp6.echo_ignored", rx->ifindex, rx->pkt,
			 rx->len, -1, "%s is set: no reply",
			 s->set.icmpv6_echo_ignore_all ? "icmpv6_echo_ignore_all"
						       : "icmpv6_echo_ignore_multicast");
		return;
	}
	(void)m;
	rc = ik_ip6_route_back(s, rx, &rt);
	if (rc < 0) {
		IK_MIB_INC(s, IP6, OutNoRoutes);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp6.no_route", rx->ifindex, rx->pkt, rx->len,
			 -1, "no route back to the requester");
		return;
	}
	if (!rx->mcast)
		memcpy(rt.src, rx->local, 16);
	memcpy(o, rx->l4, rx->l4_len);
	o[0] = IK_ICMP6_ECHO_REPLY;
	ik_put16(o + 2, 0);
	ik_put16(o + 2, ik_ipv6_l4_checksum(o, rx->l4_len, 2, rt.src, rx->ip.src,
					    IK_IPV6_NH_ICMPV6));
	rc = ik_ip6_send(s, &rt,
			 &(struct ik_tx6){ .src = rt.src, .dst = rx->ip.src, .nh = IK_IPV6_NH_ICMPV6,
					   .tclass = rx->ip.tclass,
					   .iov = { { o, rx->l4_len } }, .niov = 1 },
			 rx->now);
	if (rc < 0) {
		IK_MIB_INC(s, ICMP6, OutErrors);
		return;
	}
	ik_icmp6_out_count(s, IK_ICMP6_ECHO_REPLY);
	IK_TRACE(s, IK_L_ICMP, IK_EV_TX, "icmp6.echo_reply", rx->ifindex, s->txbuf,
		 IK_IPV6_HDR_LEN + rx->l4_len, -1, "Echo Reply id %u seq %u, %zu octets of data",
		 m->u.echo.ident, m->u.echo.seq, m->body_len);
}

/**
 * echo_reply() - an Echo Reply: to the ping socket its Identifier names
 * @s: stack; @rx: the reply; @m: parsed
 */
static void echo_reply(struct ik_stack *s, const struct ik_rx6 *rx, const struct ik_icmpv6_repr *m)
{
	if (!ik_ping6_input(s, rx, m))
		IK_TRACE(s, IK_L_PING, IK_EV_DROP, "ping6.no_socket", rx->ifindex, rx->pkt, rx->len,
			 -1, "Echo Reply id %u: no ping socket holds that identifier",
			 m->u.echo.ident);
}

/**
 * error_in() - an error: its quote names the datagram we sent and so its
 * transport (UDP: by ports, ICMPv6 Echo: by Identifier)
 * @s: stack; @rx: the error; @m: parsed
 */
static void error_in(struct ik_stack *s, const struct ik_rx6 *rx, const struct ik_icmpv6_repr *m)
{
	struct ik_ipv6_repr q;
	struct ik_icmp6_err e = { .type = m->type, .code = m->code, .offender = rx->ip.src,
				  .now = rx->now, .q = &q };
	bool took = false;
	int rc = ik_ipv6_parse(m->body, m->body_len, IK_IPV6_QUOTED, &q, NULL);

	if (rc < 0 || !ik_ip6_is_local(s, q.src, 0)) {
		IK_MIB_INC(s, ICMP6, InErrors);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp6.bad_quote", rx->ifindex, rx->pkt, rx->len,
			 -1, "%s", rc < 0 ? "the quoted datagram cannot be read"
					  : "the quoted datagram is not from us");
		return;
	}
	e.info = m->type == IK_ICMP6_PACKET_TOO_BIG ? m->u.mtu
		 : m->type == IK_ICMP6_PARAM_PROB   ? m->u.pointer
						     : 0;
	e.err = ik_icmp6_errmap(m->type, m->code, &e.hard);
	if (m->type == IK_ICMP6_PACKET_TOO_BIG && ik_pmtu6_update(s, q.dst, m->u.mtu, rx->now))
		e.info = ik_pmtu6_lookup(s, q.dst, 65535);
	e.ql4 = m->body + q.l4_off;
	e.ql4_len = m->body_len - q.l4_off;
	if (q.frag_off) /* a later fragment: its upper-layer header is elsewhere */
		e.ql4_len = 0;
	if (q.proto == IK_IPV6_NH_UDP)
		took = ik_udp6_err(s, &e);
	else if (q.proto == IK_IPV6_NH_ICMPV6 && e.ql4_len >= 1 && e.ql4[0] == IK_ICMP6_ECHO)
		took = ik_ping6_err(s, &e);
	took |= ik_raw6_err(s, &e);
	if (!took) {
		IK_MIB_INC(s, ICMP6, InErrorsUnmatched);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp6.unmatched", rx->ifindex, rx->pkt, rx->len,
			 -1, "%s (%u/%u): no socket sent the quoted datagram",
			 ik_icmpv6_type_name(m->type), m->type, m->code);
	}
}

/**
 * nd_in() - Neighbor Discovery on a link without a link layer (a TUN):
 * there is nothing to resolve, so it is counted and traced only
 * @s: stack; @rx: the message; @m: parsed
 */
static void nd_in(struct ik_stack *s, const struct ik_rx6 *rx, const struct ik_icmpv6_repr *m)
{
	IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp6.nd_ignored", rx->ifindex, rx->pkt, rx->len, -1,
		 "%s on a link without a link layer: nothing to resolve",
		 ik_icmpv6_type_name(m->type));
}
