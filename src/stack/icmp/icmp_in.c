// SPDX-License-Identifier: MIT
/*
 * icmp_in.c - ICMP input: one table indexed by type (Linux icmp_pointers)
 *
 * ik_icmp_input() parses the message once (length, checksum: never past
 * rx->l4_len), counts it (InMsgs, the per-type In* counter, IcmpMsg InType),
 * applies the broadcast policy of the type's table entry, and calls the
 * entry's handler:
 *   - Echo Request: the Echo Reply reuses the request's header and data in
 *     place (the checksum updated for the one changed word, RFC 1624) and
 *     leaves through ik_ip_output(), which fragments it when it is large.
 *   - Echo Reply: handed to the ping socket that owns its Identifier.
 *   - Timestamp Request: answered with ms since midnight UT.
 *   - Errors (3, 4, 5, 11, 12): the quote is decoded, must name one of our
 *     addresses as source; Frag Needed lowers the path MTU, Redirect may add
 *     a host route, Source Quench is ignored; then the error goes to the
 *     transport the quote names, through a table by protocol.
 *   - Address Mask, Information, Router Advertisement/Solicitation,
 *     Timestamp Reply: counted, never answered.
 *   - Every other type: dropped, InUnknownTypes.
 */
#include <string.h>

#include "stack/icmp/icmp_priv.h"

#include "icmpkit/checksum.h"


/* table flags */
#define F_BCAST 0x2u /* accepted when sent to a broadcast/multicast address */
#define F_SMURF 0x4u /* ... but only when icmp_echo_ignore_broadcasts is 0 */

struct icmp_ctl;

/**
 * typedef icmp_handler - what ICMP input does with a message of one type
 * (@s stack, @rx datagram, @m parsed message, @c the type's table entry)
 */
typedef void (*icmp_handler)(struct ik_stack *s, const struct ik_rx *rx,
			     const struct ik_icmp_repr *m, const struct icmp_ctl *c);

/**
 * typedef icmp_err_act - what an error type does before its transport hears
 * of it (path MTU, redirect, ...); fills @e's type-specific info
 * Return: true to go on and tell the transport.
 */
typedef bool (*icmp_err_act)(struct ik_stack *s, const struct ik_rx *rx,
			     const struct ik_icmp_repr *m, const struct ik_quote *q,
			     struct ik_icmp_err *e);

/**
 * struct icmp_ctl - what ICMP input does with one type
 * @handler: the handler (NULL: unknown type)
 * @flags:   F_*
 * @act:     error types: the type's own action (NULL: none)
 * @note:    for the trace of handlers that only count (why not answered)
 */
struct icmp_ctl {
	icmp_handler handler;
	uint8_t flags;
	icmp_err_act act;
	const char *note;
};


/**
 * reply_done() - count and trace a reply's fate
 * @s: stack; @ifindex/@pkt/@len: the request's datagram; @rc: what output
 * said; @type: the reply's type; @n: its ICMP octets
 */
static inline void reply_done(struct ik_stack *s, unsigned ifindex, const uint8_t *pkt, size_t len,
		       int rc, uint8_t type, size_t n)
{
	struct ik_ipv4_view v = { pkt, len };
	uint8_t req = pkt[ik_ipv4_ihl(&v)]; /* the request's type */

	if (rc < 0) {
		IK_MIB_INC(s, ICMP, OutErrors);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.reply_not_sent", ifindex, pkt, len, -1,
			 "ICMP type %u reply could not be sent: IP output failed (%d)", type, rc);
		return;
	}
	ik_icmp_out_count(s, type);
	IK_TRACE(s, IK_L_ICMP, IK_EV_TX, "icmp.reply", ifindex, pkt, len, -1,
		 "ICMP type %u answered with type %u, %zu octets", req, type, n);
}

/**
 * icmp_reply() - send an Echo or Timestamp Reply to the requester
 * @s:    stack
 * @rx:   the request
 * @h:    the reply's ICMP header (and fixed fields), checksum filled
 * @hlen: its length
 * @data: what follows (may be NULL)
 * @dlen: its length
 *
 * The source is the address the request was sent to (E2; for a broadcast
 * the arrival interface's address), the TOS the request's DSCP, the options
 * Record Route / Timestamp updated (E4). Replies are not rate limited.
 */
static void icmp_reply(struct ik_stack *s, const struct ik_rx *rx, const uint8_t *h, size_t hlen,
		       const uint8_t *data, size_t dlen)
{
	uint8_t opts[IK_IPV4_HDR_MAX - IK_IPV4_HDR_MIN];
	const char *bad = ik_icmp_src_not_host(s, rx->ip.src, rx->ifindex);
	uint8_t type = h[0]; /* @h may be in the transmit buffer, which output reuses */
	struct ik_tx tx;
	int rc;

	if (bad) {
		IK_MIB_INC(s, ICMP, InErrors);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.reply_no_host", rx->ifindex, rx->pkt,
			 rx->len, -1, "no reply to ICMP type %u: %s", rx->l4[0], bad);
		return;
	}
	tx = (struct ik_tx){
		.src = rx->local,
		.dst = rx->ip.src,
		.proto = IK_IPPROTO_ICMP,
		.tos = (uint8_t)(rx->ip.tos & 0xfcu), /* DSCP kept, ECN not echoed */
		.niov = 2,
	};
	if (rx->ip.opts_len) {
		tx.opts_len = ik_ipopt_echo(s, rx, opts);
		tx.opts = tx.opts_len ? opts : NULL;
	}
	tx.iov[0].p = h;
	tx.iov[0].len = hlen;
	tx.iov[1].p = data;
	tx.iov[1].len = dlen;
	rc = ik_ip_output(s, &tx, rx->now);
	reply_done(s, rx->ifindex, rx->pkt, rx->len, rc, type, hlen + dlen);
}

/**
 * icmp_echo() - Echo Request (E1-E3, E6)
 * @s: stack; @rx: datagram; @m: parsed message; @c: its table entry
 */
static void icmp_echo(struct ik_stack *s, const struct ik_rx *rx, const struct ik_icmp_repr *m,
		      const struct icmp_ctl *c)
{
	uint8_t *r = s->txbuf + IK_TX_HEADROOM;

	(void)c;
	(void)m;
	if (s->set.icmp_echo_ignore_all) {
		IK_TRACE(s, IK_L_ICMP, IK_EV_DECIDE, "icmp.echo_ignored", rx->ifindex, rx->pkt,
			 rx->len, -1, "echo request ignored: icmp_echo_ignore_all is set");
		return;
	}
	/* the reply is built where ik_ip_output() sends it from */
	memmove(r, rx->l4, rx->l4_len);
	ik_icmp_echo_to_reply(r, rx->l4_len);
	icmp_reply(s, rx, r, rx->l4_len, NULL, 0);
}

/**
 * ik_icmp_fast() - protocol 1's fast handler: an Echo Request answered in
 * one pass (E1, E2, E6)
 * @s: stack; @f: the datagram
 *
 * Takes an Echo Request when nothing stands in the way of its reply: not
 * ignored (icmp_echo_ignore_all), no raw ICMP socket to copy it to, a
 * source that names one host (G5), a route, and a reply that fits the path
 * unfragmented. The request is copied into the transmit buffer while its
 * checksum is verified (a wrong one: the copy is forgotten, the general
 * path counts it), turned into the reply there (ik_icmp_echo_to_reply()),
 * and sent behind a fresh 20-octet header; counted and traced as
 * ik_icmp_input() and icmp_reply() do.
 *
 * Return: 0, or IK_FAST_MISS.
 */
int ik_icmp_fast(struct ik_stack *s, const struct ik_fast *f)
{
	const uint8_t *m = f->b + IK_IPV4_HDR_MIN;
	size_t mlen = f->tot - IK_IPV4_HDR_MIN;
	uint8_t *r = s->txbuf + IK_IPV4_HDR_MIN;
	struct ik_ipv4_repr h;
	struct ik_route_res rt;

	if (m[0] != IK_ICMP_ECHO || s->set.icmp_echo_ignore_all || ik_raw_wants(s, IK_IPPROTO_ICMP) ||
	    ik_icmp_src_not_host(s, f->src, f->ifindex) ||
	    ik_ip_route_mtu(s, f->src, f->tot, &rt) < f->tot ||
	    ik_csum_finish(ik_csum_copy(r, m, mlen, 0)) != 0)
		return IK_FAST_MISS;

	ik_fast_taken(s, f);
	IK_MIB_INC(s, ICMP, InMsgs);
	s->mib.in_type[IK_ICMP_ECHO]++;
	IK_MIB_INC(s, ICMP, InEchos);
	IK_MIB_INC(s, IP, OutRequests);
	ik_icmp_echo_to_reply(r, mlen);
	h = (struct ik_ipv4_repr){
		/* DSCP kept, ECN not echoed */
		.tos = (uint8_t)(ik_ipv4_tos(&(struct ik_ipv4_view){ f->b, f->tot }) & 0xfcu),
		.ident = ik_ip_ident(s, f->src, f->dst, IK_IPPROTO_ICMP, s->now),
		.ttl = (uint8_t)s->set.ip_default_ttl,
		.proto = IK_IPPROTO_ICMP,
		.src = f->dst,
		.dst = f->src,
		.payload_len = mlen,
	};
	ik_ipv4_put_fixed(&h, s->txbuf, IK_IPV4_HDR_MIN, 0);
	reply_done(s, f->ifindex, f->b, f->tot, ik_ip_xmit(s, &rt, s->txbuf, f->tot, s->now),
		   IK_ICMP_ECHOREPLY, mlen);
	return 0;
}

/**
 * icmp_echo_reply() - Echo Reply: to the ping socket owning its Identifier
 * @s: stack; @rx: datagram; @m: parsed message; @c: its table entry
 */
static void icmp_echo_reply(struct ik_stack *s, const struct ik_rx *rx,
			    const struct ik_icmp_repr *m, const struct icmp_ctl *c)
{
	(void)c;
	if (!ik_ping_input(s, rx, m))
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.echo_reply_unclaimed", rx->ifindex,
			 rx->pkt, rx->len, -1, "echo reply with identifier %u: no ping socket",
			 m->u.echo.ident);
}

/**
 * icmp_timestamp() - Timestamp Request (E7): receive and transmit times are
 * both now, in ms since midnight UT
 * @s: stack; @rx: datagram; @m: parsed message; @c: its table entry
 */
static void icmp_timestamp(struct ik_stack *s, const struct ik_rx *rx,
			   const struct ik_icmp_repr *m, const struct icmp_ctl *c)
{
	uint8_t b[20] = { IK_ICMP_TSTAMPREPLY, 0 };
	uint32_t t = ik_ms_since_midnight(s, rx->now);

	(void)c;
	ik_put16(b + 4, m->u.ts.ident);
	ik_put16(b + 6, m->u.ts.seq);
	ik_put32(b + 8, m->u.ts.orig);
	ik_put32(b + 12, t);
	ik_put32(b + 16, t);
	ik_put16(b + 2, ik_csum(b, sizeof(b)));
	icmp_reply(s, rx, b, sizeof(b), NULL, 0);
}

/**
 * icmp_discard() - a type a host counts but never answers
 * @s: stack; @rx: datagram; @m: parsed message; @c: its table entry (@c->note: why)
 */
static void icmp_discard(struct ik_stack *s, const struct ik_rx *rx, const struct ik_icmp_repr *m,
			 const struct icmp_ctl *c)
{
	IK_TRACE(s, IK_L_ICMP, IK_EV_DECIDE, "icmp.not_answered", rx->ifindex, rx->pkt, rx->len,
		 -1, "ICMP type %u code %u not answered: %s", m->type, m->code, c->note);
}

/* ---- errors ---- */

/**
 * ik_icmp_err_to_sock() - an error quoting ICMP: Echo Requests to the ping socket
 * (P3), anything else (or no ping socket) to raw ICMP sockets
 * @s: stack; @e: the error
 *
 * Return: true if a socket took it.
 */
bool ik_icmp_err_to_sock(struct ik_stack *s, const struct ik_icmp_err *e)
{
	if (e->q->has_icmp && e->q->icmp_type == IK_ICMP_ECHO && ik_ping_err(s, e))
		return true;
	return ik_raw_err(s, e);
}


/**
 * act_unreach() - Destination Unreachable: unknown codes are dropped (as
 * Linux); for Frag Needed the next-hop MTU goes to the transport, which
 * lowers the path MTU when one of its sockets sent the datagram (R5)
 * @s: stack; @rx: datagram; @m: message; @q: quote; @e: error to fill
 *
 * Return: true to tell the transport.
 */
static bool act_unreach(struct ik_stack *s, const struct ik_rx *rx, const struct ik_icmp_repr *m,
			const struct ik_quote *q, struct ik_icmp_err *e)
{
	char ab[16];

	if (m->code > IK_UNREACH_PRECEDENCE_CUTOFF) {
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.unknown_code", rx->ifindex, rx->pkt,
			 rx->len, -1, "destination unreachable code %u unknown: ignored", m->code);
		return false;
	}
	if (m->code != IK_UNREACH_NEEDFRAG)
		return true;
	/*
	 * The path MTU is lowered only by the transport whose socket sent the
	 * quoted datagram (ik_sock_err_policy(), which honours ip_no_pmtu_disc):
	 * a Frag Needed that matches no socket changes nothing (R2), so an
	 * off-path sender cannot shrink the path MTU to arbitrary hosts.
	 */
	e->info = m->u.unreach.mtu;
	IK_TRACE(s, IK_L_ICMP, IK_EV_DECIDE, "icmp.frag_needed", rx->ifindex, rx->pkt, rx->len,
		 -1, "R5: fragmentation needed towards %s, next-hop MTU %u: handed to the "
		 "sending socket's transport", ik_ipv4_addr_str(q->ip.dst, ab), m->u.unreach.mtu);
	return true;
}

/**
 * act_quench() - Source Quench is ignored (R6, RFC 6633)
 * @s: stack; @rx: datagram; @m: message; @q: quote; @e: error
 *
 * Return: false.
 */
static bool act_quench(struct ik_stack *s, const struct ik_rx *rx, const struct ik_icmp_repr *m,
		       const struct ik_quote *q, struct ik_icmp_err *e)
{
	(void)m;
	(void)q;
	(void)e;
	IK_TRACE(s, IK_L_ICMP, IK_EV_DECIDE, "icmp.source_quench_ignored", rx->ifindex, rx->pkt,
		 rx->len, -1, "R6: source quench ignored (RFC 6633 deprecates it)");
	return false;
}

/**
 * act_redirect() - RFC 1122 §3.2.2.2 (R6): a host accepts a Redirect only
 * from its current first hop towards the quoted destination, and only to a
 * new gateway on the link it arrived on; a router ignores them
 * @s: stack; @rx: datagram; @m: the Redirect; @q: its quote; @e: error
 *
 * Return: false (no socket hears of redirects).
 */
static bool act_redirect(struct ik_stack *s, const struct ik_rx *rx, const struct ik_icmp_repr *m,
			 const struct ik_quote *q, struct ik_icmp_err *e)
{
	uint32_t gw = m->u.redirect.gateway;
	struct ik_route_res cur, via;
	const char *why = NULL;

	(void)e;
	if (s->set.ip_forward)
		why = "a router ignores redirects (ip_forward=1)";
	else if (!s->set.accept_redirects)
		why = "accept_redirects is 0";
	else if (m->code > 3)
		why = "unknown redirect code";
	else if (ik_icmp_src_not_host(s, q->ip.dst, rx->ifindex) || ik_addr_is_local(s, q->ip.dst))
		why = "the quoted destination is not a single other host";
	else if (ik_route_lookup(s, q->ip.dst, &cur) < 0)
		why = "no route to the quoted destination";
	else if (!cur.gw || cur.gw != rx->ip.src)
		why = "it does not come from the current first hop to that destination";
	else if (gw == cur.gw)
		why = "the new gateway is the current one";
	else if (ik_icmp_src_not_host(s, gw, rx->ifindex) || ik_addr_is_local(s, gw))
		why = "the new gateway is not a single other host";
	else if (ik_route_lookup(s, gw, &via) < 0 || via.gw || via.ifindex != rx->ifindex)
		why = "the new gateway is not on the link the redirect came from";
	else if (ik_route_add_host(s, q->ip.dst, gw, rx->ifindex) < 0)
		why = "the route table is full";
	if (why) {
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.redirect_rejected", rx->ifindex, rx->pkt,
			 rx->len, -1, "R6: redirect rejected: %s", why);
		return false;
	}
	IK_TRACE(s, IK_L_ICMP, IK_EV_DECIDE, "icmp.redirect_accepted", rx->ifindex, rx->pkt,
		 rx->len, -1, "R6: redirect accepted: host route via the new gateway");
	return false;
}

/**
 * act_param() - Parameter Problem: the pointer goes to the socket
 * @s: stack; @rx: datagram; @m: message; @q: quote; @e: error to fill
 *
 * Return: true.
 */
static bool act_param(struct ik_stack *s, const struct ik_rx *rx, const struct ik_icmp_repr *m,
		      const struct ik_quote *q, struct ik_icmp_err *e)
{
	(void)s;
	(void)rx;
	(void)q;
	e->info = m->u.param.pointer;
	return true;
}

/**
 * unmatched() - count an error whose quote names none of our sockets:
 * InErrorsUnmatched, and Icmp.InErrors too when it quotes UDP or TCP, as
 * Linux's __udp4_lib_err() and tcp_v4_err() count a socket not found
 * (ping_err() and raw sockets count nothing)
 * @s: stack; @proto: the quoted protocol
 */
static void unmatched(struct ik_stack *s, uint8_t proto)
{
	IK_MIB_INC(s, ICMP, InErrorsUnmatched);
	if (proto == IK_IPPROTO_UDP || proto == IK_IPPROTO_TCP)
		IK_MIB_INC(s, ICMP, InErrors);
}

/**
 * icmp_error() - Destination Unreachable, Source Quench, Redirect, Time
 * Exceeded, Parameter Problem: decode the quote, act, tell the transport
 * @s: stack; @rx: datagram; @m: parsed message; @c: its table entry
 */
static void icmp_error(struct ik_stack *s, const struct ik_rx *rx, const struct ik_icmp_repr *m,
		       const struct icmp_ctl *c)
{
	bool (*to)(struct ik_stack *s, const struct ik_icmp_err *e);
	struct ik_wire_err we;
	struct ik_icmp_err e;
	struct ik_quote q;
	bool hard;
	int err;

	if (!m->quote || ik_icmp_quote_parse(m->quote, m->quote_len, &q, &we) < 0) {
		IK_MIB_INC(s, ICMP, InErrors);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.bad_quote", rx->ifindex, rx->pkt, rx->len,
			 -1, "ICMP %u/%u: quoted header unusable: %s", m->type, m->code,
			 m->quote ? we.msg : "nothing quoted");
		return;
	}
	if (q.l4_len < 8) {
		IK_MIB_INC(s, ICMP, InErrors);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.short_quote", rx->ifindex, rx->pkt,
			 rx->len, -1, "ICMP %u/%u quotes %zu octets after the header, < 8",
			 m->type, m->code, q.l4_len);
		return;
	}
	if (!ik_addr_is_local(s, q.ip.src)) {
		unmatched(s, q.ip.proto);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.quote_not_ours", rx->ifindex, rx->pkt,
			 rx->len, -1, "ICMP %u/%u quotes a datagram we did not send", m->type,
			 m->code);
		return;
	}

	e = (struct ik_icmp_err){
		.type = m->type,
		.code = m->code,
		.offender = rx->ip.src,
		.q = &q,
		.now = rx->now,
	};
	if (c->act && !c->act(s, rx, m, &q, &e))
		return;
	err = ik_icmp_errmap(m->type, m->code, &hard);
	if (!err)
		return;
	e.err = err;
	e.hard = hard;
	to = ik_protos[q.ip.proto].err ? ik_protos[q.ip.proto].err : ik_raw_err;
	if (!to(s, &e)) {
		unmatched(s, q.ip.proto);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.error_unmatched", rx->ifindex, rx->pkt,
			 rx->len, -1, "R2: ICMP %u/%u about protocol %u matches no socket",
			 m->type, m->code, q.ip.proto);
		return;
	}
	IK_TRACE(s, IK_L_ICMP, IK_EV_DELIVER, "icmp.error_delivered", rx->ifindex, rx->pkt,
		 rx->len, -1, "ICMP %u/%u handed to protocol %u's socket (R1)", m->type, m->code,
		 q.ip.proto);
}

static const struct icmp_ctl icmp_tab[256] = {
	[IK_ICMP_ECHOREPLY] = { icmp_echo_reply, 0, NULL, NULL },
	[IK_ICMP_UNREACH] = { icmp_error, 0, act_unreach, NULL },
	[IK_ICMP_SOURCEQUENCH] = { icmp_error, 0, act_quench, NULL },
	[IK_ICMP_REDIRECT] = { icmp_error, 0, act_redirect, NULL },
	[IK_ICMP_ECHO] = { icmp_echo, F_BCAST | F_SMURF, NULL, NULL },
	[IK_ICMP_ROUTERADV] = { icmp_discard, 0, NULL,
				"router discovery is not run by this host" },
	[IK_ICMP_ROUTERSOL] = { icmp_discard, 0, NULL,
				"a host does not answer router solicitations" },
	[IK_ICMP_TIMXCEED] = { icmp_error, 0, NULL, NULL },
	[IK_ICMP_PARAMPROB] = { icmp_error, 0, act_param, NULL },
	[IK_ICMP_TSTAMP] = { icmp_timestamp, F_BCAST | F_SMURF, NULL, NULL },
	[IK_ICMP_TSTAMPREPLY] = { icmp_discard, 0, NULL,
				  "this host sends no timestamp requests" },
	[IK_ICMP_IREQ] = { icmp_discard, 0, NULL,
			   "Information Request is obsolete (RFC 6918)" },
	[IK_ICMP_IREQREPLY] = { icmp_discard, 0, NULL,
				"Information Reply is obsolete (RFC 6918)" },
	[IK_ICMP_MASKREQ] = { icmp_discard, F_BCAST, NULL,
			      "not an authoritative address mask agent (RFC 1122 3.2.2.9)" },
	[IK_ICMP_MASKREPLY] = { icmp_discard, F_BCAST, NULL,
				"this host sends no address mask requests" },
};

/**
 * parse_error_fallback() - an error message whose RFC 4884 length or
 * extension is malformed (the message checksum verified): keep it, quoting
 * all of its data, as a host that ignores extensions would
 * @rx: datagram; @m: repr to fill
 */
static void parse_error_fallback(const struct ik_rx *rx, struct ik_icmp_repr *m)
{
	struct ik_icmp_view v = { rx->l4, rx->l4_len }; /* 8 octets there: checked */

	memset(m, 0, sizeof(*m));
	m->type = ik_icmp_type(&v);
	m->code = ik_icmp_code(&v);
	m->csum = ik_icmp_csum(&v);
	if (m->type == IK_ICMP_UNREACH)
		m->u.unreach.mtu = ik_icmp_mtu(&v);
	else if (m->type == IK_ICMP_PARAMPROB)
		m->u.param.pointer = ik_icmp_pointer(&v);
	else if (m->type == IK_ICMP_REDIRECT)
		m->u.redirect.gateway = ik_icmp_rest(&v);
	m->data = rx->l4 + IK_ICMP_HDR_LEN;
	m->data_len = rx->l4_len - IK_ICMP_HDR_LEN;
	m->quote = m->data;
	m->quote_len = m->data_len;
}

/**
 * ik_icmp_input() - protocol 1 handler
 * @s:  stack
 * @rx: the datagram
 */
void ik_icmp_input(struct ik_stack *s, const struct ik_rx *rx)
{
	const struct icmp_ctl *c;
	struct ik_icmp_repr m;
	struct ik_wire_err we;
	int rc;

	IK_MIB_INC(s, ICMP, InMsgs);
	if (rx->l4_len < IK_ICMP_HDR_LEN) {
		IK_MIB_INC(s, ICMP, InErrors);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.short", rx->ifindex, rx->pkt, rx->len, -1,
			 "E5: ICMP message of %zu octets, shorter than its 8-octet header",
			 rx->l4_len);
		return;
	}
	rc = ik_icmp_parse(rx->l4, rx->l4_len, 0, &m, &we);
	if (rc < 0) {
		if (rc == -IK_ECHECKSUM && we.off == 2) { /* the message's own checksum */
			IK_MIB_INC(s, ICMP, InCsumErrors);
			IK_MIB_INC(s, ICMP, InErrors);
			IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.bad_checksum", rx->ifindex,
				 rx->pkt, rx->len, -1, "E5: ICMP checksum wrong: %s", we.msg);
			return;
		}
		if ((rc != -IK_EEXT && rc != -IK_ELEN && rc != -IK_ECHECKSUM) ||
		    !(ik_icmp_desc(rx->l4[0])->flags & IK_ICMPT_QUOTE) ||
		    icmp_tab[rx->l4[0]].handler != icmp_error) {
			IK_MIB_INC(s, ICMP, InErrors);
			IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.malformed", rx->ifindex, rx->pkt,
				 rx->len, -1, "ICMP type %u malformed at octet %zu: %s", rx->l4[0],
				 we.off, we.msg);
			return;
		}
		IK_TRACE(s, IK_L_ICMP, IK_EV_DECIDE, "icmp.ext_ignored", rx->ifindex, rx->pkt,
			 rx->len, -1, "ICMP %u/%u: RFC 4884 part ignored: %s", rx->l4[0],
			 rx->l4[1], we.msg);
		parse_error_fallback(rx, &m);
	}

	s->mib.in_type[m.type]++;
	c = &icmp_tab[m.type];
	if (!c->handler) {
		IK_MIB_INC(s, ICMP, InUnknownTypes);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.unknown_type", rx->ifindex, rx->pkt,
			 rx->len, -1, "E8: ICMP type %u unknown: dropped", m.type);
		return;
	}
	if (ik_icmp_mibmap(s)->in[m.type])
		s->mib.c[ik_icmp_mibmap(s)->in[m.type] - 1]++;
	if (rx->dst_kind != IK_DST_UNICAST) {
		if (!(c->flags & F_BCAST)) {
			IK_MIB_INC(s, ICMP, InErrors);
			IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.group_dst", rx->ifindex, rx->pkt,
				 rx->len, -1, "ICMP type %u sent to a broadcast/multicast address",
				 m.type);
			return;
		}
		if ((c->flags & F_SMURF) && s->set.icmp_echo_ignore_broadcasts) {
			IK_MIB_INC(s, ICMP, InErrors);
			IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.smurf", rx->ifindex, rx->pkt,
				 rx->len, -1,
				 "E3: ICMP type %u to a broadcast/multicast address ignored "
				 "(icmp_echo_ignore_broadcasts)",
				 m.type);
			return;
		}
	}
	c->handler(s, rx, &m, c);
}
