// SPDX-License-Identifier: MIT
/*
 * tcp6.c - TCP over IPv6 with no listener: the same CLOSED state as
 * tcp.c's (RFC 9293 3.10.7.1), a segment answered by a reset over IPv6,
 * as Linux's tcp_v6_send_reset(); never to a multicast address
 */
#include "icmpkit/names.h"
#include "icmpkit/tcp.h"
#include "stack/ip6/ip6.h"

/**
 * send_rst6() - the reset, from the address the segment was sent to
 * @s: stack; @rx: the segment's datagram; @in: the segment
 */
static void send_rst6(struct ik_stack *s, const struct ik_rx6 *rx, const struct ik_tcp_repr *in)
{
	uint8_t *o = s->txbuf + IK_IPV6_HDR_LEN;
	struct ik_route6_res rt;
	struct ik_tcp_repr r;
	char fl[32];
	int n, rc;

	ik_tcp_rst_for(in, &r);
	n = ik_tcp_emit(&r, 0, 0, o, IK_TCP_HDR_MAX);
	rc = n < 0 ? n : ik_ip6_route_back(s, rx, &rt);
	if (rc >= 0) {
		ik_put16(o + 16, 0);
		ik_put16(o + 16, ik_ipv6_l4_checksum(o, (size_t)n, 16, rx->local, rx->ip.src,
						     IK_IPV6_NH_TCP));
		rc = ik_ip6_send(s, &rt,
				 &(struct ik_tx6){ .src = rx->local, .dst = rx->ip.src,
						   .nh = IK_IPV6_NH_TCP,
						   .tclass = (uint8_t)(rx->ip.tclass & 0xfcu),
						   .iov = { { o, (size_t)n } }, .niov = 1 },
				 rx->now);
	}
	if (rc < 0) {
		IK_TRACE(s, IK_L_TCP, IK_EV_DROP, "tcp6.rst_not_sent", rx->ifindex, rx->pkt, rx->len,
			 -1, "reset to port %u could not be sent (%d)", in->sport, rc);
		return;
	}
	IK_MIB_INC(s, TCP, OutSegs);
	IK_MIB_INC(s, TCP, OutRsts);
	IK_TRACE(s, IK_L_TCP, IK_EV_TX, "tcp6.rst", rx->ifindex, rx->pkt, rx->len, -1,
		 "port %u has no listener: reset sent (seq %u ack %u [%s])", in->dport, r.seq, r.ack,
		 ik_tcp_flags_str(r.flags, fl, sizeof(fl)));
}

/**
 * ik_tcp6_input() - Next Header 6: a segment meets CLOSED
 * @s: stack; @rx: the datagram
 *
 * A wrong checksum or an unusable header is counted and dropped; a reset
 * is never answered; nothing goes back to a multicast destination.
 */
void ik_tcp6_input(struct ik_stack *s, const struct ik_rx6 *rx)
{
	struct ik_tcp_repr in;
	struct ik_wire_err werr = { 0 };
	int rc;

	IK_MIB_INC(s, TCP, InSegs);
	rc = ik_tcp_parse(rx->l4, rx->l4_len, 0, 0, IK_TCP_NO_CSUM, &in, &werr);
	if (rc >= 0 && ik_ipv6_l4_checksum(rx->l4, rx->l4_len, 16, rx->ip.src, rx->ip.dst,
					   IK_IPV6_NH_TCP) != ik_get16(rx->l4 + 16)) {
		IK_MIB_INC(s, TCP, InCsumErrors);
		IK_MIB_INC(s, TCP, InErrs);
		IK_TRACE(s, IK_L_TCP, IK_EV_DROP, "tcp6.bad_checksum", rx->ifindex, rx->pkt,
			 rx->len, -1, "TCP checksum wrong; no reset");
		return;
	}
	if (rc < 0) {
		IK_TRACE(s, IK_L_TCP, IK_EV_DROP, "tcp6.bad_header", rx->ifindex, rx->pkt, rx->len,
			 -1, "TCP header unusable: %s; no reset", werr.msg);
		return;
	}
	if (in.flags & IK_TCP_RST) {
		IK_TRACE(s, IK_L_TCP, IK_EV_DROP, "tcp6.rst_ignored", rx->ifindex, rx->pkt, rx->len,
			 -1, "a reset is never answered (RFC 9293 3.10.7.1)");
		return;
	}
	if (rx->mcast || (rx->link_flags & (IK_RX_LINK_BCAST | IK_RX_LINK_MCAST))) {
		IK_TRACE(s, IK_L_TCP, IK_EV_DROP, "tcp6.no_rst_mcast", rx->ifindex, rx->pkt,
			 rx->len, -1, "sent to a multicast address: no reset");
		return;
	}
	send_rst6(s, rx, &in);
}
