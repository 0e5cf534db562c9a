// SPDX-License-Identifier: MIT
/*
 * icmp_quote.c - decode the datagram an ICMP error quotes
 *
 * The quote is untrusted twice over: it came from the network and it is a
 * copy of a header someone else judged bad. Only what lies in the quote is
 * read; a quoted Total Length larger than the quote is normal (RFC 792 asks
 * for the header plus 8 octets), a smaller one marks padding (RFC 4884 pads
 * the quote to 128 octets) which is not taken for transport header.
 */
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/icmp.h"

/**
 * repr_from_view() - fill @r from the fixed fields of a checked header
 * @v: view (version and IHL already checked)
 * @r: repr to fill
 *
 * Used when ik_ipv4_parse() rejects a quoted header for a reason past the
 * basic framing (a malformed option, say — the very thing a Parameter
 * Problem quotes), so that its addresses and ports still reach the sender.
 */
static void repr_from_view(const struct ik_ipv4_view *v, struct ik_ipv4_repr *r)
{
	unsigned hl = ik_ipv4_ihl(v);
	uint16_t fw = ik_ipv4_frag_word(v);

	memset(r, 0, sizeof(*r));
	r->tos = ik_ipv4_tos(v);
	r->total_len = ik_ipv4_total_len(v);
	r->ident = ik_ipv4_ident(v);
	r->rf = fw & IK_IPV4_RF;
	r->df = fw & IK_IPV4_DF;
	r->mf = fw & IK_IPV4_MF;
	r->frag_off = ik_ipv4_frag_off(v);
	r->ttl = ik_ipv4_ttl(v);
	r->proto = ik_ipv4_proto(v);
	r->csum = ik_ipv4_csum(v);
	r->src = ik_ipv4_src(v);
	r->dst = ik_ipv4_dst(v);
	if (hl > IK_IPV4_HDR_MIN) {
		r->opts = v->buf + IK_IPV4_HDR_MIN;
		r->opts_len = hl - IK_IPV4_HDR_MIN;
	}
	r->payload_len = r->total_len > hl ? r->total_len - hl : 0;
}


/**
 * l4_decode() - read the first transport octets of the quote
 * @q: result with ip, l4 and l4_len filled
 */
static void l4_decode(struct ik_quote *q)
{
	const uint8_t *p = q->l4;
	size_t n = q->l4_len;

	if (q->ip.frag_off != 0)
		return; /* not the first fragment: no transport header here */
	switch (q->ip.proto) {
	case IK_IPPROTO_UDP:
	case IK_IPPROTO_TCP:
		if (n < 4)
			return;
		q->has_ports = true;
		q->sport = ik_get16(p);
		q->dport = ik_get16(p + 2);
		if (q->ip.proto == IK_IPPROTO_UDP && n >= 6)
			q->udp_len = ik_get16(p + 4);
		if (q->ip.proto == IK_IPPROTO_TCP && n >= 8)
			q->tcp_seq = ik_get32(p + 4);
		break;
	case IK_IPPROTO_ICMP:
		if (n < 4)
			return;
		q->has_icmp = true;
		q->icmp_type = p[0];
		q->icmp_code = p[1];
		if (n < 8 || !(ik_icmp_desc(p[0])->flags & (IK_ICMPT_IDSEQ | IK_ICMPT_IDSEQ8)))
			return;
		q->icmp_ident = ik_get16(p + 4);
		if (ik_icmp_desc(p[0])->flags & IK_ICMPT_IDSEQ8)
			q->icmp_seq = p[6];
		else
			q->icmp_seq = ik_get16(p + 6);
		break;
	default:
		break;
	}
}

/**
 * ik_icmp_quote_parse() - decode the datagram an error quotes
 * @quote: the quote (ik_icmp_repr.quote)
 * @len:   its length
 * @q:     result (zeroed first)
 * @err:   where and why, if the inner header cannot be read (may be NULL)
 *
 * The inner header goes through ik_ipv4_parse() with IK_IPV4_QUOTED and
 * IK_IPV4_NO_CSUM; its checksum is checked here into @q->ip_csum_ok. A header
 * whose framing is sound (version 4, IHL >= 5 and within the quote) but that
 * ik_ipv4_parse() rejects for a later reason is still decoded from its fixed
 * fields. The transport octets are those after the header, up to the inner
 * Total Length when it ends inside the quote; none for a non-initial
 * fragment.
 *
 * Return: 0, or -IK_ETRUNC / -IK_EVERSION / -IK_EIHL when the inner header
 * is unusable.
 */
int ik_icmp_quote_parse(const uint8_t *quote, size_t len, struct ik_quote *q,
			struct ik_wire_err *err)
{
	struct ik_wire_err e;
	struct ik_ipv4_view v;
	size_t end;
	int hl;

	memset(q, 0, sizeof(*q));
	hl = ik_ipv4_parse(quote, len, IK_IPV4_QUOTED | IK_IPV4_NO_CSUM, &q->ip, &e);
	if (hl < 0) {
		int vl = ik_ipv4_view_init(&v, quote, len);

		if (vl < 0) {
			if (err)
				*err = e;
			memset(&q->ip, 0, sizeof(q->ip));
			return hl;
		}
		/* framing sound, something later rejected: use the fixed fields */
		repr_from_view(&v, &q->ip);
		hl = vl;
	}
	q->ip_ok = true;
	q->hdr_len = (size_t)hl;
	q->ip_csum_ok = ik_csum(quote, (size_t)hl) == 0;
	end = len;
	if (q->ip.total_len >= hl && q->ip.total_len < end)
		end = q->ip.total_len;
	q->l4 = quote + hl;
	q->l4_len = end - (size_t)hl;
	l4_decode(q);
	return 0;
}
