// SPDX-License-Identifier: MIT
/*
 * demo_quote.c - an ICMP error as the host that receives it reads it: who
 * sent it, its type and code, and the datagram it quotes (the header and
 * the first 8 octets, whose UDP ports name the socket and the probe)
 */
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"

#include "demo.h"

/**
 * demo_parse_err() - read a datagram as an ICMP error and its quote
 * @pkt: the datagram, IP header first
 * @len: its octets
 * @e:   filled in
 *
 * Return: 0, or -1 when it is not an ICMP error quoting an IPv4 header
 * (checksums are checked on the outer datagram only: a quote may be cut).
 */
int demo_parse_err(const uint8_t *pkt, size_t len, struct demo_err *e)
{
	struct ik_ipv4_repr ip, q;
	struct ik_icmp_repr m;
	int h, qh;

	memset(e, 0, sizeof(*e));
	h = ik_ipv4_parse(pkt, len, 0, &ip, NULL);
	if (h < 0 || ip.proto != IK_IPPROTO_ICMP ||
	    ik_icmp_parse(pkt + h, len - (size_t)h, 0, &m, NULL) < 0 ||
	    !ik_icmp_is_error(m.type) || !m.quote)
		return -1;
	e->src = ip.src;
	e->dst = ip.dst;
	e->ttl = ip.ttl;
	e->type = m.type;
	e->code = m.code;
	e->mtu = m.type == IK_ICMP_UNREACH && m.code == IK_UNREACH_NEEDFRAG ? m.u.unreach.mtu : 0;
	e->quote_len = m.quote_len;
	qh = ik_ipv4_parse(m.quote, m.quote_len, IK_IPV4_QUOTED | IK_IPV4_NO_CSUM, &q, NULL);
	if (qh < 0)
		return -1;
	e->q_src = q.src;
	e->q_dst = q.dst;
	e->q_ttl = q.ttl;
	e->q_len = q.total_len;
	e->q_df = q.df;
	e->q_proto = q.proto;
	if (q.proto == IK_IPPROTO_UDP && m.quote_len >= (size_t)qh + 4) {
		e->q_sport = ik_get16(m.quote + qh);
		e->q_dport = ik_get16(m.quote + qh + 2);
	}
	return 0;
}
