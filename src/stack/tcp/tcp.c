// SPDX-License-Identifier: MIT
/**
 * DOC: TCP with no listener: every segment meets the CLOSED state
 *
 * A host answers a segment to a port nobody listens on in TCP itself, with
 * a reset (RFC 9293 §3.10.7.1), not with ICMP: TCP has a way to say "no
 * one here", UDP has none, which is why UDP needs Port Unreachable. The
 * application on the other side sees the same "Connection refused" either
 * way. This module is that CLOSED state, as Linux's tcp_v4_rcv() reaches
 * it with no socket (no_tcp_socket, tcp_v4_send_reset()):
 *
 *   1. arrived as a link-layer broadcast or multicast: discarded, not even
 *      counted (Linux: pkt_type != PACKET_HOST);
 *   2. counted in Tcp.InSegs; a header shorter than 20 octets or than its
 *      Data Offset says: discarded; Data Offset below 5: Tcp.InErrs;
 *   3. a wrong checksum (TCP's is never optional): Tcp.InCsumErrors and
 *      Tcp.InErrs, no reset;
 *   4. a reset is never answered; a segment sent to a broadcast or
 *      multicast address (RFC 1122 §4.2.3.10; Linux: rt_type != RTN_LOCAL)
 *      or from a source that names no host (0.0.0.0, multicast, broadcast,
 *      loopback from outside) gets none;
 *   5. otherwise the reset: with ACK, <SEQ=SEG.ACK><CTL=RST>; without,
 *      <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>, SYN and FIN counted in
 *      SEG.LEN; window 0, no options, from the address the segment was
 *      sent to, DF set as Linux's TCP control socket sends it, counted in
 *      Tcp.OutSegs and Tcp.OutRsts. Resets are not rate limited (Linux does
 *      not limit them either).
 *
 * Raw sockets for protocol 6 got their copy before this (ik_ip_deliver()).
 * ICMP errors quoting a TCP segment come to ik_tcp_err(): with no
 * connection they match nothing (raw sockets still get them) and are never
 * answered (G1). Tcp.ActiveOpens, PassiveOpens, AttemptFails, EstabResets,
 * CurrEstab and RetransSegs are named as Linux's and stay 0: no connection
 * is ever opened here.
 */
#include <stdio.h>

#include "icmpkit/names.h"
#include "icmpkit/tcp.h"
#include "stack/internal.h"

/**
 * tcp_drop() - count nothing more, trace why a segment gets no answer
 * @s: stack; @rx: the datagram; @tag: event tag; @why: reason
 */
static void tcp_drop(struct ik_stack *s, const struct ik_rx *rx, const char *tag, const char *why)
{
	IK_TRACE(s, IK_L_TCP, IK_EV_DROP, tag, rx->ifindex, rx->pkt, rx->len, -1, "%s", why);
}

/**
 * ik_tcp_rst_for() - the reset RFC 9293 §3.10.7.1 gives a segment in CLOSED
 * @in: the segment (not a reset)
 * @r:  the reset to send
 */
void ik_tcp_rst_for(const struct ik_tcp_repr *in, struct ik_tcp_repr *r)
{
	*r = (struct ik_tcp_repr){ .sport = in->dport, .dport = in->sport };
	if (in->flags & IK_TCP_ACK) {
		r->seq = in->ack;
		r->flags = IK_TCP_RST;
	} else {
		r->ack = in->seq + ik_tcp_seg_len(in);
		r->flags = IK_TCP_RST | IK_TCP_ACK;
	}
}

/**
 * send_rst() - build the reset in the transmit buffer and send it
 * @s: stack; @rx: the segment's datagram; @in: the segment
 */
static void send_rst(struct ik_stack *s, const struct ik_rx *rx, const struct ik_tcp_repr *in)
{
	uint8_t *o = s->txbuf + IK_TX_HEADROOM;
	struct ik_tcp_repr r;
	struct ik_tx tx;
	char fl[32];
	int n, rc;

	ik_tcp_rst_for(in, &r);
	n = ik_tcp_emit(&r, rx->local, rx->ip.src, o, IK_TCP_HDR_MAX);
	if (n < 0)
		return; /* 20 octets always fit */
	tx = (struct ik_tx){
		.src = rx->local,
		.dst = rx->ip.src,
		.proto = IK_IPPROTO_TCP,
		.tos = (uint8_t)(rx->ip.tos & 0xfcu), /* DSCP reflected, ECN not */
		.df = true,
		.niov = 1,
	};
	tx.iov[0].p = o;
	tx.iov[0].len = (size_t)n;
	rc = ik_ip_output(s, &tx, rx->now);
	if (rc < 0) {
		IK_TRACE(s, IK_L_TCP, IK_EV_DROP, "tcp.rst_not_sent", rx->ifindex, rx->pkt, rx->len,
			 -1, "reset to port %u could not be sent: IP output failed (%d)", in->sport,
			 rc);
		return;
	}
	IK_MIB_INC(s, TCP, OutSegs);
	IK_MIB_INC(s, TCP, OutRsts);
	if (s->trace_fn)
		IK_TRACE(s, IK_L_TCP, IK_EV_TX, "tcp.rst", rx->ifindex, rx->pkt, rx->len, -1,
			 "port %u has no listener: reset sent (seq %u ack %u [%s]), in TCP itself: "
			 "TCP can say \"no one here\", so no ICMP is needed",
			 in->dport, r.seq, r.ack, ik_tcp_flags_str(r.flags, fl, sizeof(fl)));
}

/**
 * ik_tcp_input() - protocol 6: every segment meets CLOSED (the DOC above)
 * @s:  stack
 * @rx: the datagram
 */
void ik_tcp_input(struct ik_stack *s, const struct ik_rx *rx)
{
	struct ik_tcp_repr in;
	struct ik_wire_err werr;
	const char *bad;
	char fl[32];
	int rc;

	if (rx->link_flags & (IK_RX_LINK_BCAST | IK_RX_LINK_MCAST)) {
		tcp_drop(s, rx, "tcp.not_for_host",
			 "segment arrived as a link-layer broadcast or multicast: discarded");
		return;
	}
	IK_MIB_INC(s, TCP, InSegs);
	rc = ik_tcp_parse(rx->l4, rx->l4_len, rx->ip.src, rx->ip.dst, 0, &in, &werr);
	if (rc == -IK_ECHECKSUM) {
		IK_MIB_INC(s, TCP, InCsumErrors);
		IK_MIB_INC(s, TCP, InErrs);
		IK_TRACE(s, IK_L_TCP, IK_EV_DROP, "tcp.bad_checksum", rx->ifindex, rx->pkt, rx->len,
			 -1, "TCP checksum wrong: %s; no reset", werr.msg);
		return;
	}
	if (rc < 0) {
		/* Linux: Data Offset < 5 is bad_packet (InErrs); a segment
		 * shorter than its header is only discarded */
		if (rx->l4_len >= IK_TCP_HDR_MIN && (rx->l4[12] >> 4) < 5)
			IK_MIB_INC(s, TCP, InErrs);
		IK_TRACE(s, IK_L_TCP, IK_EV_DROP, "tcp.bad_header", rx->ifindex, rx->pkt, rx->len,
			 -1, "TCP header unusable: %s; no reset", werr.msg);
		return;
	}
	if (s->trace_fn)
		IK_TRACE(s, IK_L_TCP, IK_EV_DECIDE, "tcp.no_listener", rx->ifindex, rx->pkt,
			 rx->len, -1, "[%s] to port %u: no socket listens (state CLOSED)",
			 ik_tcp_flags_str(in.flags, fl, sizeof(fl)), in.dport);
	if (in.flags & IK_TCP_RST) {
		tcp_drop(s, rx, "tcp.rst_ignored",
			 "a reset is never answered (RFC 9293 3.10.7.1: discarded)");
		return;
	}
	if (rx->dst_kind != IK_DST_UNICAST) {
		tcp_drop(s, rx, "tcp.no_rst_bcast",
			 rx->dst_kind == IK_DST_BCAST
				 ? "sent to a broadcast address: no reset (RFC 1122 4.2.3.10)"
				 : "sent to a multicast address: no reset (RFC 1122 4.2.3.10)");
		return;
	}
	bad = ik_icmp_src_not_host(s, rx->ip.src, rx->ifindex);
	if (bad) {
		IK_TRACE(s, IK_L_TCP, IK_EV_DROP, "tcp.no_rst_source", rx->ifindex, rx->pkt,
			 rx->len, -1, "no reset: %s", bad);
		return;
	}
	send_rst(s, rx, &in);
}

/**
 * ik_tcp_err() - an ICMP error quoting a TCP segment we sent
 * @s: stack
 * @e: the error
 *
 * No connection exists, so none can match; raw sockets for protocol 6
 * still get it (ik_raw_err()). Never answered.
 *
 * Return: true if a raw socket took it (false: the caller counts it as
 * unmatched).
 */
bool ik_tcp_err(struct ik_stack *s, const struct ik_icmp_err *e)
{
	const struct ik_quote *q = e->q;
	char a[16], b[16];

	if (q && q->has_ports)
		IK_TRACE(s, IK_L_TCP, IK_EV_DROP, "tcp.err_no_connection", 0, NULL, 0, -1,
			 "ICMP %u/%u quotes TCP %s:%u -> %s:%u seq %u: no connection to match",
			 e->type, e->code, ik_ipv4_addr_str(q->ip.src, a), q->sport,
			 ik_ipv4_addr_str(q->ip.dst, b), q->dport, q->tcp_seq);
	return ik_raw_err(s, e);
}
