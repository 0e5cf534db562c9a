// SPDX-License-Identifier: MIT
/*
 * traceroute_match.c - `icmpkit traceroute`: each answer, through the wire
 * parsers, matched to its probe by what it quotes (or, for an Echo Reply
 * or a SYN-ACK, by its own fields), never by timing
 */
#include <stdarg.h>
#include <string.h>

#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/names.h"
#include "icmpkit/tcp.h"

#include "traceroute.h"

/**
 * trace() - one --trace line on stderr
 * @c: context; @fmt: printf format
 */
static void __attribute__((format(printf, 2, 3))) trace(const struct tr_ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (!c->a->run.trace)
		return;
	fputs("trace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/**
 * find() - the sent probe of flow @flow whose key is @key
 * @c: context; @key: UDP checksum, ICMP sequence or TCP sequence; @flow: its flow
 *
 * Return: its index, or -1.
 */
static int find(const struct tr_ctx *c, uint32_t key, unsigned flow)
{
	if (c->a->method == TR_ICMP) /* the sequence is the probe's number */
		return key >= 1 && key <= c->nprobes && c->probes[key - 1].sent &&
		       tr_flow_of(c->a, key - 1) == flow ? (int)key - 1 : -1;
	for (unsigned i = 0; i < c->nprobes; i++)
		if (c->probes[i].sent && c->probes[i].key == key && tr_flow_of(c->a, i) == flow)
			return (int)i;
	return -1;
}

/**
 * claim() - record an answer on probe @i, unless it was answered or timed out
 * @c: context; @i: probe (-1: none); @from: answer's source; @now: time;
 * @final: ends the trace; @ann: annotation; @what: for --trace
 *
 * Return: @i, or -1.
 */
static int claim(struct tr_ctx *c, int i, uint32_t from, uint64_t now, bool final,
		 const char *ann, const char *what)
{
	char b[16];
	struct tr_probe *p;

	if (i < 0) {
		trace(c, "%s from %s: no probe of ours has that key: ignored", what,
		      ik_ipv4_addr_str(from, b));
		return -1;
	}
	p = &c->probes[i];
	if (p->answered || p->done) {
		trace(c, "%s from %s: probe %d (ttl %u) %s: ignored", what, ik_ipv4_addr_str(from, b),
		      i + 1, p->ttl, p->answered ? "already answered" : "timed out already");
		return -1;
	}
	p->answered = p->done = true;
	p->t_recv = now;
	p->from = from;
	p->final = final;
	snprintf(p->ann, sizeof(p->ann), "%s", ann);
	trace(c, "%s from %s: probe %d (ttl %u) %.3f ms%s%s%s", what, ik_ipv4_addr_str(from, b),
	      i + 1, p->ttl, (double)(now - p->t_sent) / 1e6, final ? ", final" : "", *ann ? " " : "",
	      ann);
	return i;
}

/**
 * quote_key() - the key and flow of the probe an ICMP error quotes
 * @c: context; @q: the decoded quote; @key / @flow: result; @why / @wlen:
 * reason when none
 *
 * Return: 0, or -1 with @why.
 */
static int quote_key(const struct tr_ctx *c, const struct ik_quote *q, uint32_t *key,
		     unsigned *flow, char *why, size_t wlen)
{
	static const uint8_t proto[] = { [TR_UDP] = IK_IPPROTO_UDP, [TR_ICMP] = IK_IPPROTO_ICMP,
					 [TR_TCP] = IK_IPPROTO_TCP };
	char b1[16], b2[16];

	if (q->ip.src != c->src || q->ip.dst != c->a->dst || q->ip.proto != proto[c->a->method]) {
		snprintf(why, wlen, "quotes %s -> %s protocol %u, not our probe",
			 ik_ipv4_addr_str(q->ip.src, b1), ik_ipv4_addr_str(q->ip.dst, b2), q->ip.proto);
		return -1;
	}
	switch (c->a->method) {
	case TR_UDP:
	case TR_TCP:
		if (!q->has_ports || q->l4_len < 8) {
			snprintf(why, wlen, "quotes %zu transport octets, too few", q->l4_len);
			return -1;
		}
		if (q->sport != c->sport || q->dport < c->a->port ||
		    q->dport >= c->a->port + c->a->flows) {
			snprintf(why, wlen, "quotes ports %u -> %u, not ours (%u -> %u)", q->sport,
				 q->dport, c->sport, c->a->port);
			return -1;
		}
		*flow = q->dport - c->a->port;
		*key = c->a->method == TR_UDP ? ik_get16(q->l4 + 6) : q->tcp_seq;
		return 0;
	case TR_ICMP:
		if (!q->has_icmp || q->l4_len < 8 || q->icmp_type != IK_ICMP_ECHO ||
		    (uint16_t)(q->icmp_ident - c->ident) >= c->a->flows) {
			snprintf(why, wlen, "quotes no Echo Request with our Identifier %u", c->ident);
			return -1;
		}
		*flow = (uint16_t)(q->icmp_ident - c->ident);
		*key = q->icmp_seq;
		return 0;
	}
	return -1;
}

/**
 * match_icmp() - an ICMP message: Echo Reply, Time Exceeded or Destination Unreachable
 * @c: context; @ip: outer header; @buf / @len: the ICMP message; @now: time
 *
 * Return: the probe index, or -1.
 */
static int match_icmp(struct tr_ctx *c, const struct ik_ipv4_repr *ip, const uint8_t *buf,
		      size_t len, uint64_t now)
{
	struct ik_wire_err e = { 0 };
	struct ik_icmp_repr r;
	struct ik_quote q;
	char b[16], why[128], ann[16] = "", what[64];
	uint32_t key;
	unsigned flow = 0;
	int i;

	if (ik_icmp_parse(buf, len, 0, &r, &e) < 0) {
		trace(c, "ICMP from %s: %s: ignored", ik_ipv4_addr_str(ip->src, b), e.msg[0] ? e.msg : "malformed");
		return -1;
	}
	snprintf(what, sizeof(what), "%s (%u/%u)", ik_icmp_type_name(r.type), r.type, r.code);
	if (r.type == IK_ICMP_ECHOREPLY) {
		if (c->a->method != TR_ICMP || (uint16_t)(r.u.echo.ident - c->ident) >= c->a->flows ||
		    ip->src != c->a->dst) {
			trace(c, "%s from %s id %u: not ours: ignored", what, ik_ipv4_addr_str(ip->src, b),
			      r.u.echo.ident);
			return -1;
		}
		return claim(c, find(c, r.u.echo.seq, (uint16_t)(r.u.echo.ident - c->ident)), ip->src,
			     now, true, "", what);
	}
	if (r.type != IK_ICMP_TIMXCEED && r.type != IK_ICMP_UNREACH) {
		trace(c, "%s from %s: not an answer to a probe: ignored", what,
		      ik_ipv4_addr_str(ip->src, b));
		return -1;
	}
	if (ik_icmp_quote_parse(r.quote, r.quote_len, &q, &e) < 0) {
		trace(c, "%s from %s: quoted header unusable (%s): ignored", what,
		      ik_ipv4_addr_str(ip->src, b), e.msg[0] ? e.msg : "malformed");
		return -1;
	}
	if (quote_key(c, &q, &key, &flow, why, sizeof(why)) < 0) {
		trace(c, "%s from %s: %s: ignored", what, ik_ipv4_addr_str(ip->src, b), why);
		return -1;
	}
	if (c->a->mtu && r.type == IK_ICMP_UNREACH && r.code == IK_UNREACH_NEEDFRAG &&
	    r.u.unreach.mtu >= 68 && r.u.unreach.mtu < c->size && (i = find(c, key, flow)) >= 0 &&
	    !c->probes[i].done) {
		/* --mtu: the probe did not get through at this size; again, smaller */
		trace(c, "%s from %s: probe %d (ttl %u): Next-Hop MTU %u: sent again at that size",
		      what, ik_ipv4_addr_str(ip->src, b), i + 1, c->probes[i].ttl, r.u.unreach.mtu);
		c->size = r.u.unreach.mtu;
		c->probes[i].sent = false;
		c->resend = i;
		return -1;
	}
	if (r.type == IK_ICMP_UNREACH)
		tr_unreach_ann(r.code, r.u.unreach.mtu, ann, sizeof(ann));
	i = claim(c, find(c, key, flow), ip->src, now, r.type == IK_ICMP_UNREACH, ann, what);
	if (i >= 0 && c->a->ext && r.ext)
		tr_ext_format(r.ext, r.ext_len, c->probes[i].ext, sizeof(c->probes[i].ext));
	return i;
}

/**
 * match_tcp() - a TCP segment from the destination: SYN-ACK or RST to our SYN
 * @c: context; @ip: outer header; @buf / @len: the segment; @now: time
 *
 * Return: the probe index, or -1.
 */
static int match_tcp(struct tr_ctx *c, const struct ik_ipv4_repr *ip, const uint8_t *buf,
		     size_t len, uint64_t now)
{
	struct ik_wire_err e = { 0 };
	struct ik_tcp_repr t;
	char b[16];

	if (ip->src != c->a->dst || ip->dst != c->src)
		return -1; /* another conversation's segment: not even traced */
	if (ik_tcp_parse(buf, len, ip->src, ip->dst, 0, &t, &e) < 0) {
		trace(c, "TCP from %s: %s: ignored", ik_ipv4_addr_str(ip->src, b), e.msg[0] ? e.msg : "malformed");
		return -1;
	}
	if (t.sport != c->a->port || t.dport != c->sport)
		return -1;
	if (!(t.flags & IK_TCP_ACK) || !(t.flags & (IK_TCP_SYN | IK_TCP_RST))) {
		trace(c, "TCP flags 0x%02x from %s: not SYN-ACK or RST-ACK: ignored", t.flags,
		      ik_ipv4_addr_str(ip->src, b));
		return -1;
	}
	return claim(c, find(c, t.ack - 1, 0), ip->src, now, true, "",
		     t.flags & IK_TCP_SYN ? "TCP SYN-ACK" : "TCP RST");
}

/**
 * tr_match() - parse a received datagram through the wire layer and match
 * it to its probe
 * @c: context; @pkt / @len: the IPv4 datagram; @now: receive time
 *
 * The outer header goes through ik_ipv4_parse() (version, IHL, lengths,
 * checksum); only its Total Length's octets are read further.
 *
 * Return: the probe index, or -1 when it answers none of ours.
 */
int tr_match(struct tr_ctx *c, const uint8_t *pkt, size_t len, uint64_t now)
{
	struct ik_wire_err e = { 0 };
	struct ik_ipv4_repr ip;
	int hl = ik_ipv4_parse(pkt, len, 0, &ip, &e), i;

	if (hl < 0) {
		trace(c, "datagram of %zu octets: outer IPv4 header: %s: ignored", len,
		      e.msg[0] ? e.msg : "malformed");
		return -1;
	}
	if (ip.frag_off || ip.mf)
		return -1; /* the kernel reassembles; a fragment here is not ours */
	if (ip.proto == IK_IPPROTO_ICMP)
		i = match_icmp(c, &ip, pkt + hl, ip.total_len - (size_t)hl, now);
	else if (ip.proto == IK_IPPROTO_TCP && c->a->method == TR_TCP)
		i = match_tcp(c, &ip, pkt + hl, ip.total_len - (size_t)hl, now);
	else
		i = -1;
	if (i >= 0)
		tr_pcap_put(c, pkt, ip.total_len);
	return i;
}
