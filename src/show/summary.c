// SPDX-License-Identifier: MIT
/* summary.c - one line: addresses, protocol, type and code, ports, TCP
 * control bits and numbers */
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/icmp.h"
#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/ipv6.h"
#include "icmpkit/names.h"
#include "icmpkit/tcp.h"
#include "sbuf.h"
#include "show_impl.h"

/**
 * arrow() - "A -> B"
 * @s: line
 * @a: first address
 * @b: second address
 */
static void arrow(struct sbuf *s, const char *a, const char *b)
{
	sb_puts(s, a);
	sb_puts(s, " -> ");
	sb_puts(s, b);
}

/**
 * octets_of_data() - ", N octet(s) of data"
 * @s: line
 * @n: octets
 */
static void octets_of_data(struct sbuf *s, size_t n)
{
	sb_puts(s, ", ");
	sb_dec(s, n);
	sb_puts(s, n == 1 ? " octet of data" : " octets of data");
}

/**
 * find() - the next layer of @kind at @depth after @from, before any layer
 *          at a lower depth
 * @d:     dissection
 * @from:  start after this index
 * @kind:  enum ik_layer_kind
 * @depth: depth
 *
 * Return: the layer, or NULL.
 */
static const struct ik_dlayer *find(const struct ik_dissection *d, size_t from, unsigned kind,
				   unsigned depth)
{
	for (size_t i = from + 1; i < d->nlayers; i++) {
		const struct ik_dlayer *l = &d->layers[i];

		if (l->depth < depth)
			return NULL;
		if (l->depth == depth && l->kind == kind)
			return l;
	}
	return NULL;
}

/**
 * type_code_words() - "ICMP Destination Unreachable (Port Unreachable)": the
 * protocol, the type's name and the code's, or its number when it has none
 * @s:      line
 * @proto:  "ICMP" or "ICMPv6"
 * @tname:  the type names
 * @cname:  the code names
 * @noname: a code name that is no name (besides "No Code"), or NULL
 * @p:      the header
 * @n:      octets present
 *
 * Return: true when type and code were there (the caller may go on).
 */
static bool type_code_words(struct sbuf *s, const char *proto, const char *(*tname)(uint8_t),
			    const char *(*cname)(uint8_t, uint8_t), const char *noname,
			    const uint8_t *p, size_t n)
{
	const char *code;

	sb_puts(s, proto);
	if (n < 1) {
		sb_puts(s, " (no header)");
		return false;
	}
	sb_puts(s, " ");
	sb_puts(s, tname(p[0]));
	if (n < 2)
		return false;
	code = cname(p[0], p[1]);
	if (strcmp(code, "No Code") && !(noname && !strcmp(code, noname))) {
		sb_puts(s, " (");
		sb_puts(s, code);
		sb_puts(s, ")");
	} else if (p[1]) {
		sb_puts(s, " (code ");
		sb_dec(s, p[1]);
		sb_puts(s, ")");
	}
	return true;
}

/**
 * icmp_words() - "ICMP Echo Request id 1 seq 2" or "ICMP Destination
 *                Unreachable (Port Unreachable)"
 * @s: line
 * @p: ICMP header
 * @n: octets present
 */
static void icmp_words(struct sbuf *s, const uint8_t *p, size_t n)
{
	const struct ik_icmp_type_desc *t;

	if (!type_code_words(s, "ICMP", ik_icmp_type_name, ik_icmp_code_name, NULL, p, n))
		return;
	t = ik_icmp_desc(p[0]);
	if (((t->flags & IK_ICMPT_IDSEQ) && n >= 8) || ((t->flags & IK_ICMPT_IDSEQ8) && n >= 7)) {
		sb_puts(s, " id ");
		sb_dec(s, ik_get16(p + 4));
		sb_puts(s, " seq ");
		sb_dec(s, (t->flags & IK_ICMPT_IDSEQ) && n >= 8 ? ik_get16(p + 6) : p[6]);
	} else if (t->layout == IK_ICMPL_UNREACH && p[1] == IK_UNREACH_NEEDFRAG && n >= 8) {
		sb_puts(s, " next-hop MTU ");
		sb_dec(s, ik_get16(p + 6));
	} else if (t->layout == IK_ICMPL_PARAM && n >= 5) {
		sb_puts(s, " pointer ");
		sb_dec(s, p[4]);
	}
}

/**
 * icmpv6_words() - "ICMPv6 Echo Request id 1 seq 2", "ICMPv6 Destination
 *                  Unreachable (port unreachable)", "ICMPv6 Neighbor
 *                  Solicitation target 2001:db8::2"
 * @s: line
 * @p: ICMPv6 header
 * @n: octets present
 */
static void icmpv6_words(struct sbuf *s, const uint8_t *p, size_t n)
{
	char a[IK_IPV6_ADDR_STRLEN];

	if (!type_code_words(s, "ICMPv6", ik_icmpv6_type_name, ik_icmpv6_code_name, "Unassigned",
			     p, n))
		return;
	if ((p[0] == IK_ICMP6_ECHO || p[0] == IK_ICMP6_ECHO_REPLY) && n >= 8) {
		sb_puts(s, " id ");
		sb_dec(s, ik_get16(p + 4));
		sb_puts(s, " seq ");
		sb_dec(s, ik_get16(p + 6));
	} else if ((p[0] == IK_ICMP6_PACKET_TOO_BIG || p[0] == IK_ICMP6_PARAM_PROB) && n >= 8) {
		sb_puts(s, p[0] == IK_ICMP6_PACKET_TOO_BIG ? " MTU " : " pointer ");
		sb_dec(s, ik_get32(p + 4));
	} else if ((p[0] == IK_ICMP6_NEIGHBOR_SOL || p[0] == IK_ICMP6_NEIGHBOR_ADV ||
		    p[0] == IK_ICMP6_REDIRECT) && n >= 24) {
		sb_puts(s, " target ");
		sb_puts(s, ik_ipv6_addr_str(p + 8, a));
	}
}

/**
 * tcp_words() - " [SYN] seq 1000 win 64240" (as far as the header is
 * there), and ", 5 octets of data" for a segment not quoted
 * @s:     line
 * @d:     dissection
 * @l:     the TCP layer
 * @inner: the segment is quoted: control bits and sequence number only
 */
static void tcp_words(struct sbuf *s, const struct ik_dissection *d, const struct ik_dlayer *l,
		      bool inner)
{
	const uint8_t *p = d->pkt + l->off;
	char flags[32];
	size_t doff;

	if (l->len >= 14) {
		sb_puts(s, " [");
		sb_puts(s, ik_tcp_flags_str(p[13], flags, sizeof(flags)));
		sb_puts(s, "]");
	}
	if (l->len >= 8) {
		sb_puts(s, " seq ");
		sb_dec(s, ik_get32(p + 4));
	}
	if (inner)
		return;
	if (l->len >= 14 && (p[13] & IK_TCP_ACK)) {
		sb_puts(s, " ack ");
		sb_dec(s, ik_get32(p + 8));
	}
	if (l->len >= 16) {
		sb_puts(s, " win ");
		sb_dec(s, ik_get16(p + 14));
	}
	if (l->len < 13)
		return;
	doff = (size_t)(p[12] >> 4) * 4;
	for (size_t i = (size_t)(l - d->layers) + 1; i < d->nlayers && d->layers[i].depth == 0; i++) {
		const struct ik_dlayer *data = &d->layers[i];

		if (data->kind == IK_LK_DATA && data->attached && data->off == l->off + doff &&
		    doff >= IK_TCP_HDR_MIN) {
			octets_of_data(s, data->len);
			break;
		}
	}
}

/**
 * upper6() - the Next Header that ends an IPv6 header's chain: the fixed
 * header's, or that of the last extension header dissected after it
 * @d:  dissection
 * @ip: index of the IPv6 layer
 *
 * Return: the protocol number.
 */
static uint8_t upper6(const struct ik_dissection *d, size_t ip)
{
	const struct ik_dlayer *h = &d->layers[ip];
	uint8_t nh = d->pkt[h->off + 6];

	for (size_t i = ip + 1; i < d->nlayers; i++) {
		const struct ik_dlayer *l = &d->layers[i];

		if (l->depth < h->depth || (l->depth == h->depth && l->kind == IK_LK_IPV6))
			break;
		if (l->depth == h->depth && l->kind == IK_LK_IPV6_EXT && l->len >= 1)
			nh = d->pkt[l->off];
	}
	return nh;
}

/**
 * frag6_words() - ", fragment at offset N" or ", first fragment" for an
 * outer IPv6 packet with a Fragment header
 * @s: line
 * @d: dissection
 */
static void frag6_words(struct sbuf *s, const struct ik_dissection *d)
{
	for (size_t i = 1; i < d->nlayers && d->layers[i].depth == 0; i++) {
		const struct ik_dlayer *l = &d->layers[i];
		const uint8_t *f = d->pkt + l->off;

		if (l->kind != IK_LK_IPV6_EXT || l->ft != &ik_ft_ipv6_frag || l->len < 4)
			continue;
		if (ik_get16(f + 2) & 0xfff8u) {
			sb_puts(s, ", fragment at offset ");
			sb_dec(s, ik_get16(f + 2) & 0xfff8u);
		} else if (f[3] & 1) {
			sb_puts(s, ", first fragment");
		}
		return;
	}
}

/**
 * l4_words() - the transport part after an IPv4 header at @ip
 * @s:     line
 * @d:     dissection
 * @ip:    index of the IPv4 layer
 * @inner: the datagram is quoted: print addresses with ports
 *
 * The transport header is the layer the dissector linked to the IPv4 layer
 * (&struct ik_dlayer.payload), at the offset the header's IHL gives: the
 * layers in between (options, padding after End of Option List, malformed
 * option octets) are not guessed at here.
 */
static void l4_words(struct sbuf *s, const struct ik_dissection *d, size_t ip, bool inner)
{
	const struct ik_dlayer *h = &d->layers[ip];
	const uint8_t *p = d->pkt + h->off;
	const struct ik_dlayer *l = h->payload ? &d->layers[h->payload] : NULL;
	char a[IK_IPV6_ADDR_STRLEN], b[IK_IPV6_ADDR_STRLEN];
	bool v6 = h->kind == IK_LK_IPV6;
	uint8_t proto = v6 ? upper6(d, ip) : p[9];

	if (v6) {
		ik_ipv6_addr_str(p + 8, a);
		ik_ipv6_addr_str(p + 24, b);
	} else {
		ik_ipv4_addr_str(ik_get32(p + 12), a);
		ik_ipv4_addr_str(ik_get32(p + 16), b);
	}
	if (!l || (l->kind != IK_LK_UDP && l->kind != IK_LK_TCP && l->kind != IK_LK_ICMP &&
		   l->kind != IK_LK_ICMPV6)) {
		if (inner) {
			sb_puts(s, ik_ip_proto_name(proto));
			sb_puts(s, " ");
			arrow(s, a, b);
		} else {
			arrow(s, a, b);
			sb_puts(s, " ");
			sb_puts(s, ik_ip_proto_name(proto));
			sb_puts(s, v6 ? " (next header " : " (protocol ");
			sb_dec(s, proto);
			sb_puts(s, ")");
		}
		return;
	}
	if (l->kind == IK_LK_ICMP || l->kind == IK_LK_ICMPV6) {
		void (*words)(struct sbuf *, const uint8_t *, size_t) =
			l->kind == IK_LK_ICMP ? icmp_words : icmpv6_words;

		if (inner) {
			words(s, d->pkt + l->off, l->len);
			sb_puts(s, " ");
			arrow(s, a, b);
		} else {
			arrow(s, a, b);
			sb_puts(s, " ");
			words(s, d->pkt + l->off, l->len);
		}
		return;
	}
	if (l->len < 4) {
		if (!inner)
			arrow(s, a, b);
		sb_puts(s, l->kind == IK_LK_UDP ? " UDP" : " TCP");
		return;
	}
	if (inner) {
		/* an IPv6 address with a port in brackets (RFC 5952 6) */
		sb_puts(s, l->kind == IK_LK_UDP ? "UDP " : "TCP ");
		sb_puts(s, v6 ? "[" : "");
		sb_puts(s, a);
		sb_puts(s, v6 ? "]:" : ":");
		sb_dec(s, ik_get16(d->pkt + l->off));
		sb_puts(s, v6 ? " -> [" : " -> ");
		sb_puts(s, b);
		sb_puts(s, v6 ? "]:" : ":");
		sb_dec(s, ik_get16(d->pkt + l->off + 2));
	} else {
		arrow(s, a, b);
		sb_puts(s, l->kind == IK_LK_UDP ? " UDP " : " TCP ");
		sb_dec(s, ik_get16(d->pkt + l->off));
		sb_puts(s, " -> ");
		sb_dec(s, ik_get16(d->pkt + l->off + 2));
	}
	if (l->kind == IK_LK_TCP)
		tcp_words(s, d, l, inner);
	if (!inner && l->kind == IK_LK_UDP) {
		const struct ik_dlayer *data = find(d, (size_t)(l - d->layers), IK_LK_DATA, 0);

		if (data && data->attached)
			octets_of_data(s, data->len);
	}
}

/**
 * quote_words() - ", about <the quoted datagram>" when there is one
 * @s: line
 * @d: dissection
 */
static void quote_words(struct sbuf *s, const struct ik_dissection *d)
{
	for (size_t i = 0; i < d->nlayers; i++) {
		const struct ik_dlayer *l = &d->layers[i];

		if (l->depth == 1 && ((l->kind == IK_LK_IPV4 && l->len >= IK_IPV4_HDR_MIN) ||
				      (l->kind == IK_LK_IPV6 && l->len >= IK_IPV6_HDR_LEN))) {
			sb_puts(s, ", about ");
			l4_words(s, d, i, true);
			return;
		}
	}
}

/**
 * ik_show_summary() - one line naming addresses, protocols, types and ports
 * @d:   dissection
 * @buf: output
 * @cap: its size
 *
 * Return: the length the full summary has (as snprintf).
 */
size_t ik_show_summary(const struct ik_dissection *d, char *buf, size_t cap)
{
	const uint8_t *p = d->pkt;
	struct sbuf s;

	sb_init(&s, buf, cap);
	if (ik_dissect_is_ipv6(d)) {
		if (d->len < IK_IPV6_HDR_LEN || p[0] >> 4 != 6) {
			sb_dec(&s, d->len);
			sb_puts(&s, d->len == 1 ? " octet" : " octets");
			sb_puts(&s, d->len < IK_IPV6_HDR_LEN ? ": too short for an IPv6 header"
							     : ": not an IPv6 packet");
			return s.n;
		}
		l4_words(&s, d, 0, false);
		frag6_words(&s, d);
		quote_words(&s, d);
		return s.n;
	}
	if (d->len < IK_IPV4_HDR_MIN) {
		sb_dec(&s, d->len);
		sb_puts(&s, d->len == 1 ? " octet" : " octets");
		sb_puts(&s, ": too short for an IPv4 header");
		return s.n;
	}
	if (p[0] >> 4 != 4 || (p[0] & 15) < 5) {
		sb_puts(&s, "not an IPv4 datagram (version ");
		sb_dec(&s, p[0] >> 4);
		sb_puts(&s, ", IHL ");
		sb_dec(&s, p[0] & 15);
		sb_puts(&s, ")");
		return s.n;
	}
	l4_words(&s, d, 0, false);
	if ((ik_get16(p + 6) & IK_IPV4_OFFMASK) != 0) {
		sb_puts(&s, ", fragment at offset ");
		sb_dec(&s, (ik_get16(p + 6) & IK_IPV4_OFFMASK) * 8u);
	} else if (ik_get16(p + 6) & IK_IPV4_MF) {
		sb_puts(&s, ", first fragment");
	}
	quote_words(&s, d);
	return s.n;
}
