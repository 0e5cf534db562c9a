// SPDX-License-Identifier: MIT
/*
 * dissect.c - split an IPv4 datagram into layers with verdicts
 *
 * The wire parsers decide; this file only records what they decided, where
 * each header lies and how the octets that follow are to be read. Every
 * length is clipped to what was captured before it is used.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/dissect.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/names.h"
#include "icmpkit/udp.h"

static const struct ik_field data_fields[] = {
	{ "Data", "data", 0, 0, IK_FMT_BYTES, NULL },
};
static const struct ik_field_table data_table = { "Data", "data", data_fields, 1 };

/* field indexes used by verdicts (positions in the tables of fields.c) */
#define F_IPV4_TOTLEN 4
#define F_IPV4_CSUM 10
#define F_UDP_LEN 2
#define F_UDP_CSUM 3
#define F_ICMP_CSUM 2
#define F_ICMP_LENGTH 4 /* Destination Unreachable, Time Exceeded, Param Problem */
#define F_EXT_CSUM 2

#define QUOTE_TITLE "Quoted datagram (Internet Header + 64 bits of Original Data Datagram)"

static const uint8_t empty[1];

/**
 * min_sz() - smaller of two sizes
 * @a: one
 * @b: other
 *
 * Return: the smaller.
 */
static size_t min_sz(size_t a, size_t b)
{
	return a < b ? a : b;
}

/**
 * set_err() - keep @e as the packet's error unless one is already kept
 * @d:    dissection
 * @e:    parser error, offset relative to @base
 * @base: offset in the packet of the buffer the parser was given
 */
static void set_err(struct ik_dissection *d, const struct ik_wire_err *e, size_t base)
{
	if (d->has_err)
		return;
	d->has_err = true;
	d->err = *e;
	d->err.off += base;
}

/**
 * add_layer() - append a layer
 * @d:     dissection
 * @kind:  enum ik_layer_kind
 * @depth: nesting depth
 * @ft:    field table (NULL for a quote frame)
 * @off:   offset in the packet
 * @want:  octets the layer should have
 * @fmt:   printf format of the title
 *
 * The layer gets min(@want, octets left in the packet) octets. When only one
 * slot is left, a data layer holding the rest of the packet takes it
 * instead and every later layer is dropped.
 *
 * Return: the layer, or NULL when the table is full.
 */
static struct ik_dlayer *add_layer(struct ik_dissection *d, unsigned kind, unsigned depth,
				  const struct ik_field_table *ft, size_t off, size_t want,
				  const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static struct ik_dlayer *add_layer(struct ik_dissection *d, unsigned kind, unsigned depth,
				  const struct ik_field_table *ft, size_t off, size_t want,
				  const char *fmt, ...)
{
	struct ik_dlayer *l;
	va_list ap;

	if (d->nlayers >= IK_DISSECT_MAX_LAYERS)
		return NULL;
	if (off > d->len)
		off = d->len;
	l = &d->layers[d->nlayers++];
	memset(l, 0, sizeof(*l));
	if (d->nlayers == IK_DISSECT_MAX_LAYERS) {
		l->kind = IK_LK_DATA;
		l->depth = (uint8_t)depth;
		l->ft = &data_table;
		l->off = off;
		l->len = l->want = d->len - off;
		snprintf(l->title, sizeof(l->title), "Rest of the packet (too many layers to show)");
		return NULL;
	}
	l->kind = (uint8_t)kind;
	l->depth = (uint8_t)depth;
	l->ft = ft;
	l->off = off;
	l->want = want;
	l->len = min_sz(want, d->len - off);
	l->attached = kind == IK_LK_IPOPT || kind == IK_LK_EXT_OBJ || kind == IK_LK_MPLS;
	va_start(ap, fmt);
	vsnprintf(l->title, sizeof(l->title), fmt, ap);
	va_end(ap);
	return l;
}

/**
 * add_data() - append a data layer of @len octets at @off (if any)
 * @d:     dissection
 * @depth: nesting depth
 * @off:   offset in the packet
 * @len:   octets (nothing is added for 0)
 * @title: heading
 * @att:   the data belongs to the header before it (struct ik_dlayer.attached)
 */
static void add_data(struct ik_dissection *d, unsigned depth, size_t off, size_t len,
		     const char *title, bool att)
{
	struct ik_dlayer *l;

	if (len == 0)
		return;
	l = add_layer(d, IK_LK_DATA, depth, &data_table, off, len, "%s", title);
	if (l)
		l->attached = att;
}

/**
 * add_verdict() - append a verdict to @l
 * @l:      layer (NULL is ignored)
 * @kind:   enum ik_verdict_kind
 * @status: enum ik_verdict_status
 * @field:  field index in @l's table, or -1
 * @what:   static description
 * @value:  field as read
 * @expect: correct value or compared length
 * @fmt:    printf format of the note
 */
static void add_verdict(struct ik_dlayer *l, unsigned kind, unsigned status, int field,
			const char *what, uint32_t value, uint32_t expect, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

static void add_verdict(struct ik_dlayer *l, unsigned kind, unsigned status, int field,
			const char *what, uint32_t value, uint32_t expect, const char *fmt, ...)
{
	struct ik_verdict *v;
	va_list ap;

	if (!l || l->nv >= IK_LAYER_MAX_VERDICTS)
		return;
	v = &l->v[l->nv++];
	v->kind = (uint8_t)kind;
	v->status = (uint8_t)status;
	v->field = (int8_t)field;
	v->what = what;
	v->value = value;
	v->expect = expect;
	va_start(ap, fmt);
	vsnprintf(v->note, sizeof(v->note), fmt, ap);
	va_end(ap);
}

/**
 * csum_should() - the value a checksum field at @foff should hold
 * @buf:  data covered by the checksum (field included)
 * @len:  octets
 * @foff: even offset of the field
 *
 * Return: the checksum computed with the field taken as zero.
 */
static uint16_t csum_should(const uint8_t *buf, size_t len, size_t foff)
{
	uint32_t acc = ik_csum_partial(buf, foff, 0);

	acc = ik_csum_partial(buf + foff + 2, len - foff - 2, acc);
	return ik_csum_finish(acc);
}

/**
 * csum_verdict() - checksum verdict for a field at @foff over @len octets
 * @l:     layer
 * @field: field index
 * @what:  description
 * @buf:   data covered (field included)
 * @len:   octets
 * @foff:  field offset in @buf
 */
static void csum_verdict(struct ik_dlayer *l, int field, const char *what, const uint8_t *buf,
			 size_t len, size_t foff)
{
	uint16_t have = ik_get16(buf + foff);
	uint16_t want = csum_should(buf, len, foff);

	if (ik_csum(buf, len) == 0)
		add_verdict(l, IK_VK_CHECKSUM, IK_VS_OK, field, what, have, have,
			    "over %zu octets", len);
	else
		add_verdict(l, IK_VK_CHECKSUM, IK_VS_BAD, field, what, have, want,
			    "over %zu octets", len);
}

/* ---- IPv4 options ---- */

/**
 * opt_table() - field table for an option type
 * @type: option type octet
 *
 * Return: the table.
 */
static const struct ik_field_table *opt_table(uint8_t type)
{
	switch (type) {
	case IK_IPOPT_EOL:
	case IK_IPOPT_NOP:
		return &ik_ft_ipopt_1;
	case IK_IPOPT_RR:
	case IK_IPOPT_LSRR:
	case IK_IPOPT_SSRR:
		return &ik_ft_ipopt_route;
	case IK_IPOPT_TS:
		return &ik_ft_ipopt_ts;
	case IK_IPOPT_RA:
		return &ik_ft_ipopt_ra;
	default:
		return &ik_ft_ipopt_raw;
	}
}

/**
 * opt_layers() - one layer per option of an options area
 * @d:      dissection
 * @base:   offset of the options area in the packet
 * @len:    octets of the area present
 * @depth:  nesting depth
 * @record: keep a malformed option as the packet's error
 * @prefix: title prefix ("" or "Quoted ")
 */
static void opt_layers(struct ik_dissection *d, size_t base, size_t len, unsigned depth,
		       bool record, const char *prefix)
{
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;
	struct ik_wire_err e;
	size_t next = 0;
	int rc;

	ik_ipv4_opt_iter_init(&it, d->pkt + base, len);
	while ((rc = ik_ipv4_opt_next(&it, &o, &e)) > 0) {
		if (!add_layer(d, IK_LK_IPOPT, depth, opt_table(o.type), base + o.off, o.len,
			       "%sIP Option: %s", prefix, ik_ipopt_name(o.type)))
			return;
		next = o.off + o.len;
		if (o.type == IK_IPOPT_EOL) {
			add_data(d, depth, base + next, len - next,
				 "Padding after End of Option List", true);
			return;
		}
	}
	if (rc < 0) {
		char title[80];

		if (record)
			set_err(d, &e, base);
		snprintf(title, sizeof(title), "%sMalformed option octets (%s)", prefix,
			 ik_strerror(e.code));
		add_data(d, depth, base + next, len - next, title, true);
	}
}

/* ---- UDP and TCP ---- */

/**
 * struct l4_ctx - what the transport dissectors need from the IP header
 * @off:     offset of the transport header in the packet
 * @cap:     octets of it present (clipped to the IP Total Length)
 * @ip_plen: IP payload length by the Total Length field
 * @src:     IP source
 * @dst:     IP destination
 * @depth:   nesting depth
 * @why_not: why the checksum cannot be verified, or NULL when it can
 * @prefix:  title prefix ("" or "Quoted ")
 * @frag:    the datagram is a first fragment: the transport header speaks
 *           of more octets than this IP packet carries
 */
struct l4_ctx {
	size_t off, cap, ip_plen;
	uint32_t src, dst;
	unsigned depth;
	const char *why_not;
	const char *prefix;
	bool frag;
};

/**
 * dissect_udp() - UDP header, its verdicts and its data
 * @d: dissection
 * @c: transport context
 */
static void dissect_udp(struct ik_dissection *d, const struct l4_ctx *c)
{
	const uint8_t *p = d->pkt + c->off;
	struct ik_udp_repr r;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	size_t ulen, body;
	uint16_t field;
	static const char *const names[2][2] = {
		{ "UDP Length", "UDP checksum" },
		{ "quoted UDP Length", "quoted UDP checksum" },
	};
	const char *const *nm = names[c->depth ? 1 : 0];

	l = add_layer(d, IK_LK_UDP, c->depth, &ik_ft_udp, c->off, IK_UDP_HDR_LEN, "%sUDP Header",
		      c->prefix);
	if (!l)
		return;
	if (c->depth == 0 && !c->frag &&
	    ik_udp_parse(p, c->cap, c->src, c->dst, c->why_not ? IK_UDP_NO_CSUM : 0, &r, &e) < 0) {
		/* a truncated capture is reported by the IPv4 Total Length */
		if (!c->why_not || e.code != IK_ETRUNC)
			set_err(d, &e, c->off);
	}
	if (c->cap < IK_UDP_HDR_LEN)
		return;
	ulen = ik_get16(p + 4);
	field = ik_get16(p + 6);
	if (ulen < IK_UDP_HDR_LEN)
		add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_UDP_LEN, nm[0], (uint32_t)ulen, 8,
			    "smaller than the 8-octet UDP header");
	else if (c->frag)
		add_verdict(l, IK_VK_LENGTH, IK_VS_UNVERIFIABLE, F_UDP_LEN, nm[0], (uint32_t)ulen,
			    (uint32_t)c->ip_plen,
			    "it counts the whole datagram; this first fragment carries %zu octets",
			    c->ip_plen);
	else if (ulen == c->ip_plen)
		add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_UDP_LEN, nm[0], (uint32_t)ulen,
			    (uint32_t)c->ip_plen, "equals the IP payload length, %zu octets",
			    c->ip_plen);
	else if (ulen > c->ip_plen)
		add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_UDP_LEN, nm[0], (uint32_t)ulen,
			    (uint32_t)c->ip_plen, "the IP payload is only %zu octets", c->ip_plen);
	else
		add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_UDP_LEN, nm[0], (uint32_t)ulen,
			    (uint32_t)c->ip_plen,
			    "the IP payload is %zu octets: %zu octets follow the datagram",
			    c->ip_plen, c->ip_plen - ulen);

	if (field == 0)
		add_verdict(l, IK_VK_CHECKSUM, IK_VS_ABSENT, F_UDP_CSUM, nm[1], 0, 0,
			    "the sender computed none (allowed for UDP over IPv4)");
	else if (c->why_not)
		add_verdict(l, IK_VK_CHECKSUM, IK_VS_UNVERIFIABLE, F_UDP_CSUM, nm[1], field, 0,
			    "%s", c->why_not);
	else if (ulen < IK_UDP_HDR_LEN || ulen > c->cap)
		add_verdict(l, IK_VK_CHECKSUM, IK_VS_UNVERIFIABLE, F_UDP_CSUM, nm[1], field, 0,
			    "%s", c->depth ? "datagram truncated in quote"
					   : "the UDP Length is wrong");
	else if (ik_csum_finish(ik_csum_partial(p, ulen, ik_csum_pseudo(c->src, c->dst,
									  IK_IPPROTO_UDP,
									  (uint16_t)ulen))) == 0)
		add_verdict(l, IK_VK_CHECKSUM, IK_VS_OK, F_UDP_CSUM, nm[1], field, field,
			    "over the pseudo-header and %zu octets", ulen);
	else
		add_verdict(l, IK_VK_CHECKSUM, IK_VS_BAD, F_UDP_CSUM, nm[1], field,
			    ik_udp_checksum(p, ulen, c->src, c->dst),
			    "over the pseudo-header and %zu octets", ulen);

	body = c->cap;
	if (ulen >= IK_UDP_HDR_LEN && ulen < body)
		body = ulen;
	add_data(d, c->depth, c->off + IK_UDP_HDR_LEN, body - IK_UDP_HDR_LEN,
		 c->depth ? "Quoted UDP Data" : "UDP Data", true);
	add_data(d, c->depth, c->off + body, c->cap - body, "Octets after the UDP Length", false);
}

/**
 * dissect_tcp() - the first 8 octets of a TCP header, then the rest as data
 * @d: dissection
 * @c: transport context
 */
static void dissect_tcp(struct ik_dissection *d, const struct l4_ctx *c)
{
	if (!add_layer(d, IK_LK_TCP, c->depth, &ik_ft_tcp8, c->off, 8, "%sTCP Header (first 8 octets)",
		       c->prefix))
		return;
	if (c->cap > 8)
		add_data(d, c->depth, c->off + 8, c->cap - 8,
			 c->depth ? "Quoted rest of the TCP segment (not decoded)"
				  : "Rest of the TCP segment (not decoded)", true);
}

/* ---- ICMP ---- */

static void dissect_ipv4_quote(struct ik_dissection *d, size_t off, size_t len);
static void dissect_ext(struct ik_dissection *d, size_t off, size_t len, unsigned depth);



/**
 * struct icmp_layout - where the quote and the extension of a message lie
 * @has_quote: the type quotes a datagram
 * @qoff:      quote offset from the ICMP header
 * @qlen:      quote length
 * @eoff:      extension structure offset from the ICMP header
 * @elen:      its length (0: none)
 */
struct icmp_layout {
	bool has_quote;
	size_t qoff, qlen, eoff, elen;
};

/**
 * icmp_layout() - the quote and extension of an ICMP message
 * @p:    ICMP header
 * @len:  octets present
 * @hlen: fixed header length of the type (<= @len)
 * @r:    the parser's result, or NULL when it rejected the message
 * @lay:  result
 *
 * With a parsed message the parser's answer is used as is. Otherwise the
 * layout is what the RFC 4884 length field says when it can hold, or else all
 * the data is the quote, so a broken message is still shown as its sender
 * most likely meant it.
 */
static void icmp_layout(const uint8_t *p, size_t len, size_t hlen, const struct ik_icmp_repr *r,
			struct icmp_layout *lay)
{
	size_t dlen = len - hlen, q;

	memset(lay, 0, sizeof(*lay));
	if (r) {
		if (r->quote) {
			lay->has_quote = true;
			lay->qoff = (size_t)(r->quote - p);
			lay->qlen = r->quote_len;
		}
		if (r->ext) {
			lay->eoff = (size_t)(r->ext - p);
			lay->elen = r->ext_len;
		}
		return;
	}
	if (!(ik_icmp_desc(p[0])->flags & IK_ICMPT_QUOTE))
		return;
	lay->has_quote = true;
	lay->qoff = hlen;
	lay->qlen = dlen;
	q = (size_t)p[5] * 4;
	if ((ik_icmp_desc(p[0])->flags & IK_ICMPT_RFC4884) && q && q < dlen &&
	    q >= IK_ICMP_EXT_MIN_QUOTE) {
		lay->qlen = q;
		lay->eoff = hlen + q;
		lay->elen = dlen - q;
	}
}

/**
 * dissect_icmp() - ICMP header, verdicts, quote, extensions and data
 * @d: dissection
 * @c: transport context (src/dst unused)
 */
static void dissect_icmp(struct ik_dissection *d, const struct l4_ctx *c)
{
	const uint8_t *p = d->pkt + c->off;
	struct ik_icmp_repr r;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	size_t hlen, pos, end = c->off + c->cap;
	int rc = -IK_ETRUNC;
	uint8_t type;

	if (c->cap < 1) {
		add_layer(d, IK_LK_ICMP, c->depth, ik_ft_icmp(0), c->off, IK_ICMP_HDR_LEN,
			  "%sICMP Header", c->prefix);
		if (c->depth == 0 && !c->why_not)
			set_err(d, &(struct ik_wire_err){ IK_ETRUNC, 0, "no ICMP header" }, c->off);
		return;
	}
	type = p[0];
	hlen = ik_icmp_hdr_len(type);
	l = add_layer(d, IK_LK_ICMP, c->depth,
		      c->cap >= 2 ? ik_ft_icmp_code(type, p[1]) : ik_ft_icmp(type), c->off, hlen,
		      "%sICMP %s", c->prefix, ik_icmp_type_name(type));
	if (!l)
		return;

	if (c->depth == 0) {
		rc = ik_icmp_parse(p, c->cap, c->why_not ? IK_ICMP_NO_CSUM : 0, &r, &e);
		/* a first fragment is judged after reassembly, not here */
		if (rc < 0 && !c->frag && !(c->why_not && e.code == IK_ETRUNC))
			set_err(d, &e, c->off);
		if (rc == -IK_ECHECKSUM && e.off == 2)
			rc = ik_icmp_parse(p, c->cap, IK_ICMP_NO_CSUM, &r, &e);
	}

	if (c->cap >= 4) {
		if (c->why_not)
			add_verdict(l, IK_VK_CHECKSUM, IK_VS_UNVERIFIABLE, F_ICMP_CSUM,
				    c->depth ? "quoted ICMP checksum" : "ICMP checksum",
				    ik_get16(p + 2), 0, "%s", c->why_not);
		else
			csum_verdict(l, F_ICMP_CSUM, c->depth ? "quoted ICMP checksum"
							      : "ICMP checksum", p, c->cap, 2);
	}
	if (c->cap < hlen)
		return;

	if (c->depth == 0 && (ik_icmp_desc(type)->flags & IK_ICMPT_RFC4884) && (p[5] || (rc >= 0 && r.ext_compat))) {
		size_t qlen = (size_t)p[5] * 4, dlen = c->cap - hlen;

		if (c->frag)
			add_verdict(l, IK_VK_LENGTH, IK_VS_UNVERIFIABLE, F_ICMP_LENGTH,
				    "RFC 4884 length", p[5], (uint32_t)dlen,
				    "only the first fragment is here");
		else if (rc >= 0 && r.ext_compat)
			add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_ICMP_LENGTH, "RFC 4884 length", 0,
				    128, "0 (pre-RFC 4884 sender): the extension was found after "
				    "a 128-octet quote by the RFC 4884 section 5 rule");
		else if (qlen > dlen)
			add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_ICMP_LENGTH, "RFC 4884 length",
				    p[5], (uint32_t)dlen, "%zu octets of quote > %zu data octets",
				    qlen, dlen);
		else if (qlen == dlen)
			add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_ICMP_LENGTH, "RFC 4884 length",
				    p[5], (uint32_t)dlen,
				    "%zu octets of quote = all the data, no extension", qlen);
		else if (qlen < IK_ICMP_EXT_MIN_QUOTE)
			add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_ICMP_LENGTH, "RFC 4884 length",
				    p[5], IK_ICMP_EXT_MIN_QUOTE,
				    "%zu octets of quote < the 128 required before an extension",
				    qlen);
		else
			add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_ICMP_LENGTH, "RFC 4884 length",
				    p[5], (uint32_t)dlen,
				    "%zu octets of quote, then a %zu-octet extension structure",
				    qlen, dlen - qlen);
	}

	pos = c->off + hlen;
	if (c->depth == 0) {
		struct icmp_layout lay;

		icmp_layout(p, c->cap, hlen, rc >= 0 ? &r : NULL, &lay);
		if (lay.qlen) {
			dissect_ipv4_quote(d, c->off + lay.qoff, lay.qlen);
			pos = c->off + lay.qoff + lay.qlen;
		}
		if (lay.elen) {
			add_data(d, 0, pos, c->off + lay.eoff - pos, "ICMP Data", false);
			dissect_ext(d, c->off + lay.eoff, lay.elen, 0);
			pos = c->off + lay.eoff + lay.elen;
		}
	}
	add_data(d, c->depth, pos, end - pos, c->depth ? "Quoted ICMP Data" : ik_icmp_desc(type)->data_title, true);
}

/**
 * dissect_l4() - the layer after an IPv4 header, by protocol number: the
 * one table of what the dissector knows (outer datagram and quote alike)
 * @d:     dissection
 * @c:     where the layer starts and what is known of it
 * @proto: IP protocol number
 *
 * Return: false for a protocol it does not decode (the caller shows the
 * octets as data).
 */
static bool dissect_l4(struct ik_dissection *d, const struct l4_ctx *c, uint8_t proto)
{
	static void (*const by_proto[256])(struct ik_dissection *, const struct l4_ctx *) = {
		[IK_IPPROTO_ICMP] = dissect_icmp,
		[IK_IPPROTO_TCP] = dissect_tcp,
		[IK_IPPROTO_UDP] = dissect_udp,
	};

	if (!by_proto[proto])
		return false;
	by_proto[proto](d, c);
	return true;
}

/**
 * link_payload() - point an IPv4 layer at the first layer of its payload
 * @d:     dissection
 * @ip:    the IPv4 layer
 * @first: d->nlayers before the payload's layers were added
 * @off:   offset of the payload in the packet (the header's IHL past it)
 *
 * Leaves &struct ik_dlayer.payload at 0 when nothing was added there.
 */
static void link_payload(struct ik_dissection *d, struct ik_dlayer *ip, size_t first, size_t off)
{
	_Static_assert(IK_DISSECT_MAX_LAYERS <= 256, "a layer index fits struct ik_dlayer.payload");

	if (first < d->nlayers && d->layers[first].off == off)
		ip->payload = (uint8_t)first;
}

/* ---- RFC 4884 extensions ---- */

/**
 * obj_title() - heading for an extension object of @class_num
 * @class_num: Class-Num
 *
 * Return: static string.
 */
static const char *obj_title(uint8_t class_num)
{
	switch (class_num) {
	case IK_ICMP_EXT_CLASS_MPLS:
		return "MPLS Label Stack (RFC 4950)";
	case IK_ICMP_EXT_CLASS_IFINFO:
		return "Interface Information (RFC 5837)";
	case 3:
		return "Interface Identification (RFC 8335)";
	default:
		return "unknown class";
	}
}

/**
 * dissect_ext() - extension header, its objects and MPLS entries
 * @d:     dissection
 * @off:   offset of the structure in the packet
 * @len:   its length (within the packet)
 * @depth: nesting depth
 */
static void dissect_ext(struct ik_dissection *d, size_t off, size_t len, unsigned depth)
{
	const uint8_t *p = d->pkt + off;
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	size_t pos = IK_ICMP_EXT_HDR_LEN;
	int rc;

	l = add_layer(d, IK_LK_EXT, depth, &ik_ft_icmp_ext_hdr, off, IK_ICMP_EXT_HDR_LEN,
		      "ICMP Extension Structure (RFC 4884)");
	if (!l)
		return;
	if (len < IK_ICMP_EXT_HDR_LEN) {
		add_data(d, depth, off, len, "Extension octets", true);
		return;
	}
	if (ik_get16(p + 2) == 0)
		add_verdict(l, IK_VK_CHECKSUM, IK_VS_ABSENT, F_EXT_CSUM, "extension checksum", 0, 0,
			    "none was computed");
	else
		csum_verdict(l, F_EXT_CSUM, "extension checksum", p, len, 2);
	rc = ik_icmp_ext_iter_init(&it, p, len, &e);
	if (rc < 0 && rc != -IK_ECHECKSUM) {
		set_err(d, &e, off);
		add_data(d, depth, off + pos, len - pos, "Extension octets (not decoded)", true);
		return;
	}
	if (rc == -IK_ECHECKSUM) {
		/* the checksum verdict says it; walk the objects anyway */
		it.p = p;
		it.len = len;
		it.off = IK_ICMP_EXT_HDR_LEN;
	}
	while ((rc = ik_icmp_ext_next(&it, &o, &e)) > 0) {
		size_t poff = off + o.off + 4;

		if (!add_layer(d, IK_LK_EXT_OBJ, depth, &ik_ft_icmp_ext_obj, off + o.off, 4,
			       "Extension Object: %s", obj_title(o.class_num)))
			return;
		pos = o.off + o.len;
		if (o.class_num == IK_ICMP_EXT_CLASS_MPLS && o.c_type == 1) {
			size_t n = o.payload_len / 4;

			for (size_t i = 0; i < n; i++)
				if (!add_layer(d, IK_LK_MPLS, depth, &ik_ft_mpls_entry, poff + 4 * i,
					       4, "MPLS Label Stack Entry %zu", i + 1))
					return;
			add_data(d, depth, poff + 4 * n, o.payload_len - 4 * n,
				 "Object octets after the last entry", true);
		} else {
			add_data(d, depth, poff, o.payload_len, "Object Payload", true);
		}
	}
	if (rc < 0) {
		set_err(d, &e, off);
		add_data(d, depth, off + pos, len - pos, "Extension octets (malformed object)", true);
	}
}

/* ---- IPv4 ---- */

/**
 * dissect_ipv4_quote() - the datagram an ICMP error quotes, at depth 1
 * @d:   dissection
 * @off: offset of the quote in the packet
 * @len: its length
 *
 * Problems inside the quote are shown but are not the packet's error: an
 * error message may well quote a broken datagram (that is often why it was
 * sent).
 */
static void dissect_ipv4_quote(struct ik_dissection *d, size_t off, size_t len)
{
	const uint8_t *p = d->pkt + off;
	struct ik_quote q;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	size_t hl, tot, l4len, first;
	struct l4_ctx c;

	if (!add_layer(d, IK_LK_QUOTE, 0, NULL, off, len, QUOTE_TITLE))
		return;
	if (len == 0)
		return;
	if (ik_icmp_quote_parse(p, len, &q, &e) < 0) {
		char title[80];

		snprintf(title, sizeof(title), "Quoted octets (no usable IPv4 header: %s)",
			 ik_strerror(e.code));
		add_data(d, 1, off, len, title, false);
		return;
	}
	hl = q.hdr_len;
	l = add_layer(d, IK_LK_IPV4, 1, &ik_ft_ipv4, off, IK_IPV4_HDR_MIN, "Quoted IPv4 Header");
	if (!l)
		return;
	csum_verdict(l, F_IPV4_CSUM, "quoted IPv4 header checksum", p, hl, 10);
	tot = ik_get16(p + 2);
	if (tot < hl)
		add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_IPV4_TOTLEN, "quoted IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)hl, "smaller than its %zu-octet header", hl);
	else if (tot > len)
		add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV4_TOTLEN, "quoted IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)len,
			    "the first %zu of the datagram's %zu octets are quoted", len, tot);
	else
		add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV4_TOTLEN, "quoted IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)len, "the whole datagram is quoted");
	opt_layers(d, off + IK_IPV4_HDR_MIN, hl - IK_IPV4_HDR_MIN, 1, false, "Quoted ");

	l4len = q.l4_len;
	memset(&c, 0, sizeof(c));
	c.off = off + hl;
	c.cap = l4len;
	c.ip_plen = tot > hl ? tot - hl : 0;
	c.src = q.ip.src;
	c.dst = q.ip.dst;
	c.depth = 1;
	c.prefix = "Quoted ";
	c.why_not = l4len < c.ip_plen ? "datagram truncated in quote" : NULL;
	first = d->nlayers;
	if (q.ip.frag_off != 0) {
		add_data(d, 1, c.off, l4len, "Quoted fragment data", false);
	} else if (l4len) {
		if (q.ip.mf) {
			c.why_not = "only the first fragment was quoted";
			c.frag = true;
		}
		if (q.ip.proto == IK_IPPROTO_ICMP && c.why_not)
			c.why_not = "message truncated in quote";
		if (!dissect_l4(d, &c, q.ip.proto))
			add_data(d, 1, c.off, l4len, "Quoted payload", false);
	}
	link_payload(d, l, first, c.off);
	add_data(d, 1, c.off + l4len, len - hl - l4len,
		 "Octets after the quoted datagram (padding)", false);
}

/**
 * dissect_ipv4() - the outer IPv4 header, options and payload
 * @d: dissection
 */
static void dissect_ipv4(struct ik_dissection *d)
{
	const uint8_t *p = d->pkt;
	size_t len = d->len, hl, tot, end, first;
	struct ik_ipv4_repr r;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	struct l4_ctx c;
	unsigned fo;

	if (ik_ipv4_parse(p, len, 0, &r, &e) < 0)
		set_err(d, &e, 0);
	l = add_layer(d, IK_LK_IPV4, 0, &ik_ft_ipv4, 0, IK_IPV4_HDR_MIN, "IPv4 Header");
	if (len < IK_IPV4_HDR_MIN)
		return;
	hl = (size_t)(p[0] & 0x0f) * 4;
	if (p[0] >> 4 != 4 || hl < IK_IPV4_HDR_MIN) {
		add_data(d, 0, IK_IPV4_HDR_MIN, len - IK_IPV4_HDR_MIN,
			 "Rest of the packet (the header is not IPv4)", false);
		return;
	}
	if (hl <= len)
		csum_verdict(l, F_IPV4_CSUM, "IPv4 header checksum", p, hl, 10);
	else
		add_verdict(l, IK_VK_CHECKSUM, IK_VS_UNVERIFIABLE, F_IPV4_CSUM,
			    "IPv4 header checksum", ik_get16(p + 10), 0,
			    "the header (%zu octets) is cut short at %zu", hl, len);
	tot = ik_get16(p + 2);
	if (tot < hl)
		add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_IPV4_TOTLEN, "IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)len, "smaller than the %zu-octet header", hl);
	else if (tot > len)
		add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_IPV4_TOTLEN, "IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)len, "only %zu octets were captured", len);
	else if (tot == len)
		add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV4_TOTLEN, "IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)len, "%zu octets captured", len);
	else
		add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV4_TOTLEN, "IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)len,
			    "%zu octets captured: the last %zu are link-layer padding", len,
			    len - tot);
	opt_layers(d, IK_IPV4_HDR_MIN, min_sz(hl, len) - IK_IPV4_HDR_MIN, 0, true, "");
	if (hl > len)
		return;
	if (tot < hl) {
		add_data(d, 0, hl, len - hl, "Rest of the packet (Total Length too small)", false);
		return;
	}
	end = min_sz(tot, len);
	fo = (ik_get16(p + 6) & IK_IPV4_OFFMASK) * 8u;

	memset(&c, 0, sizeof(c));
	c.off = hl;
	c.cap = end - hl;
	c.ip_plen = tot - hl;
	c.src = ik_get32(p + 12);
	c.dst = ik_get32(p + 16);
	c.prefix = "";
	if (end < tot)
		c.why_not = "the packet was cut short in the capture";
	if (ik_get16(p + 6) & IK_IPV4_MF) {
		c.frag = true;
		if (!c.why_not)
			c.why_not = "only the first fragment is here";
	}
	first = d->nlayers;
	if (fo) {
		char title[64];

		snprintf(title, sizeof(title), "Fragment data (at offset %u of the datagram)", fo);
		add_data(d, 0, c.off, c.cap, title, false);
	} else {
		if (!dissect_l4(d, &c, p[9])) {
			char title[64];

			snprintf(title, sizeof(title), "Payload (protocol %u, %s)", p[9],
				 ik_ip_proto_name(p[9]));
			add_data(d, 0, c.off, c.cap, title, false);
		}
	}
	link_payload(d, l, first, c.off);
	add_data(d, 0, end, len - end, "Trailer (after the Total Length: link-layer padding)", false);
}

/**
 * ik_dissect() - split an IPv4 datagram into layers and check it
 * @d:   result (fully overwritten)
 * @pkt: the datagram, starting with the IPv4 header
 * @len: octets at @pkt
 *
 * Return: 0 when the packet is fully valid, 1 when it has an error or a bad
 * verdict, -IK_EINVAL for bad arguments.
 */
int ik_dissect(struct ik_dissection *d, const uint8_t *pkt, size_t len)
{
	if (!d || (!pkt && len))
		return -IK_EINVAL;
	memset(d, 0, sizeof(*d));
	d->pkt = pkt ? pkt : empty;
	d->len = len;
	dissect_ipv4(d);
	for (size_t i = 0; i < d->nlayers; i++)
		for (size_t j = 0; j < d->layers[i].nv; j++)
			if (d->layers[i].v[j].status == IK_VS_BAD)
				d->nbad++;
	d->valid = !d->has_err && d->nbad == 0;
	return d->valid ? 0 : 1;
}

/**
 * ik_layer_kind_name() - short name of a layer kind
 * @kind: enum ik_layer_kind
 *
 * Return: static string, "unknown" when out of range; never NULL.
 */
const char *ik_layer_kind_name(unsigned kind)
{
	static const char *const names[] = {
		[IK_LK_IPV4] = "ipv4",
		[IK_LK_IPOPT] = "ipv4_option",
		[IK_LK_UDP] = "udp",
		[IK_LK_TCP] = "tcp",
		[IK_LK_ICMP] = "icmp",
		[IK_LK_QUOTE] = "quote",
		[IK_LK_EXT] = "icmp_extension",
		[IK_LK_EXT_OBJ] = "icmp_extension_object",
		[IK_LK_MPLS] = "mpls",
		[IK_LK_DATA] = "data",
	};

	if (kind >= sizeof(names) / sizeof(names[0]) || !names[kind])
		return "unknown";
	return names[kind];
}
