// SPDX-License-Identifier: MIT
/*
 * dissect_icmp.c - ICMP messages and RFC 4884 extension structures
 * (the files of the dissector share wire/dissect_impl.h)
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/names.h"
#include "icmpkit/udp.h"
#include "wire/dissect_impl.h"

/* ---- ICMP ---- */




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
 * ik_dx_icmp() - ICMP header, verdicts, quote, extensions and data
 * @d: dissection
 * @c: transport context (src/dst unused)
 */
void ik_dx_icmp(struct ik_dissection *d, const struct l4_ctx *c)
{
	const uint8_t *p = d->pkt + c->off;
	struct ik_icmp_repr r;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	size_t hlen, pos, end = c->off + c->cap;
	int rc = -IK_ETRUNC;
	uint8_t type;

	if (c->cap < 1) {
		ik_dx_add_layer(d, IK_LK_ICMP, c->depth, ik_ft_icmp(0), c->off, IK_ICMP_HDR_LEN,
			  "%sICMP Header", c->prefix);
		if (c->depth == 0 && !c->why_not)
			ik_dx_set_err(d, &(struct ik_wire_err){ IK_ETRUNC, 0, "no ICMP header" }, c->off);
		return;
	}
	type = p[0];
	hlen = ik_icmp_hdr_len(type);
	l = ik_dx_add_layer(d, IK_LK_ICMP, c->depth,
		      c->cap >= 2 ? ik_ft_icmp_code(type, p[1]) : ik_ft_icmp(type), c->off, hlen,
		      "%sICMP %s", c->prefix, ik_icmp_type_name(type));
	if (!l)
		return;

	if (c->depth == 0) {
		rc = ik_icmp_parse(p, c->cap, c->why_not ? IK_ICMP_NO_CSUM : 0, &r, &e);
		/* a first fragment is judged after reassembly, not here */
		if (rc < 0 && !c->frag && !(c->why_not && e.code == IK_ETRUNC))
			ik_dx_set_err(d, &e, c->off);
		if (rc == -IK_ECHECKSUM && e.off == 2)
			rc = ik_icmp_parse(p, c->cap, IK_ICMP_NO_CSUM, &r, &e);
	}

	if (c->cap >= 4) {
		if (c->why_not)
			ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_UNVERIFIABLE, F_ICMP_CSUM,
				    c->depth ? "quoted ICMP checksum" : "ICMP checksum",
				    ik_get16(p + 2), 0, "%s", c->why_not);
		else
			ik_dx_csum_verdict(l, F_ICMP_CSUM, c->depth ? "quoted ICMP checksum"
							      : "ICMP checksum", p, c->cap, 2);
	}
	if (c->cap < hlen)
		return;

	if (c->depth == 0 && (ik_icmp_desc(type)->flags & IK_ICMPT_RFC4884) && (p[5] || (rc >= 0 && r.ext_compat))) {
		size_t qlen = (size_t)p[5] * 4, dlen = c->cap - hlen;

		if (c->frag)
			ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_UNVERIFIABLE, F_ICMP_LENGTH,
				    "RFC 4884 length", p[5], (uint32_t)dlen,
				    "only the first fragment is here");
		else if (rc >= 0 && r.ext_compat)
			ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_ICMP_LENGTH, "RFC 4884 length", 0,
				    128, "0 (pre-RFC 4884 sender): the extension was found after "
				    "a 128-octet quote by the RFC 4884 section 5 rule");
		else if (qlen > dlen)
			ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_ICMP_LENGTH, "RFC 4884 length",
				    p[5], (uint32_t)dlen, "%zu octets of quote > %zu data octets",
				    qlen, dlen);
		else if (qlen == dlen)
			ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_ICMP_LENGTH, "RFC 4884 length",
				    p[5], (uint32_t)dlen,
				    "%zu octets of quote = all the data, no extension", qlen);
		else if (qlen < IK_ICMP_EXT_MIN_QUOTE)
			ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_ICMP_LENGTH, "RFC 4884 length",
				    p[5], IK_ICMP_EXT_MIN_QUOTE,
				    "%zu octets of quote < the 128 required before an extension",
				    qlen);
		else
			ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_ICMP_LENGTH, "RFC 4884 length",
				    p[5], (uint32_t)dlen,
				    "%zu octets of quote, then a %zu-octet extension structure",
				    qlen, dlen - qlen);
	}

	pos = c->off + hlen;
	if (c->depth == 0) {
		struct icmp_layout lay;

		icmp_layout(p, c->cap, hlen, rc >= 0 ? &r : NULL, &lay);
		if (lay.qlen) {
			ik_dx_ipv4_quote(d, c->off + lay.qoff, lay.qlen);
			pos = c->off + lay.qoff + lay.qlen;
		}
		if (lay.elen) {
			ik_dx_add_data(d, 0, pos, c->off + lay.eoff - pos, "ICMP Data", false);
			ik_dx_ext(d, c->off + lay.eoff, lay.elen, 0);
			pos = c->off + lay.eoff + lay.elen;
		}
	}
	ik_dx_add_data(d, c->depth, pos, end - pos, c->depth ? "Quoted ICMP Data" : ik_icmp_desc(type)->data_title, true);
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
 * ik_dx_ext() - extension header, its objects and MPLS entries
 * @d:     dissection
 * @off:   offset of the structure in the packet
 * @len:   its length (within the packet)
 * @depth: nesting depth
 */
void ik_dx_ext(struct ik_dissection *d, size_t off, size_t len, unsigned depth)
{
	const uint8_t *p = d->pkt + off;
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	size_t pos = IK_ICMP_EXT_HDR_LEN;
	int rc;

	l = ik_dx_add_layer(d, IK_LK_EXT, depth, &ik_ft_icmp_ext_hdr, off, IK_ICMP_EXT_HDR_LEN,
		      "ICMP Extension Structure (RFC 4884)");
	if (!l)
		return;
	if (len < IK_ICMP_EXT_HDR_LEN) {
		ik_dx_add_data(d, depth, off, len, "Extension octets", true);
		return;
	}
	if (ik_get16(p + 2) == 0)
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_ABSENT, F_EXT_CSUM, "extension checksum", 0, 0,
			    "none was computed");
	else
		ik_dx_csum_verdict(l, F_EXT_CSUM, "extension checksum", p, len, 2);
	rc = ik_icmp_ext_iter_init(&it, p, len, &e);
	if (rc < 0 && rc != -IK_ECHECKSUM) {
		ik_dx_set_err(d, &e, off);
		ik_dx_add_data(d, depth, off + pos, len - pos, "Extension octets (not decoded)", true);
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

		if (!ik_dx_add_layer(d, IK_LK_EXT_OBJ, depth, &ik_ft_icmp_ext_obj, off + o.off, 4,
			       "Extension Object: %s", obj_title(o.class_num)))
			return;
		pos = o.off + o.len;
		if (o.class_num == IK_ICMP_EXT_CLASS_MPLS && o.c_type == 1) {
			size_t n = o.payload_len / 4;

			for (size_t i = 0; i < n; i++)
				if (!ik_dx_add_layer(d, IK_LK_MPLS, depth, &ik_ft_mpls_entry, poff + 4 * i,
					       4, "MPLS Label Stack Entry %zu", i + 1))
					return;
			ik_dx_add_data(d, depth, poff + 4 * n, o.payload_len - 4 * n,
				 "Object octets after the last entry", true);
		} else {
			ik_dx_add_data(d, depth, poff, o.payload_len, "Object Payload", true);
		}
	}
	if (rc < 0) {
		ik_dx_set_err(d, &e, off);
		ik_dx_add_data(d, depth, off + pos, len - pos, "Extension octets (malformed object)", true);
	}
}
