// SPDX-License-Identifier: MIT
/*
 * icmp.c - ICMPv4 messages: parse and emit every type of the IANA registry
 *
 * The type descriptors (icmp_types.c, ik_icmp_desc()) say, per type, which
 * layout the 4 "rest of header" octets have, how long the fixed header is,
 * and what the type is (error, informational, carries a quote, may carry an
 * RFC 4884 extension). parse and emit each switch once on the layout.
 *
 * Error or not (ik_icmp_is_error()), decided from RFC 1122 §3.2.2:
 *  - errors: 3, 4, 5, 11, 12 (RFC 792), and every type this stack does not
 *    decode as a query or a reply — including the deprecated 6 and 31-36,
 *    39, 41, Photuris (40, itself an error report quoting a datagram), the
 *    experiments 253/254 and every unassigned value. Wrongly calling an
 *    informational message an error only withholds an error about it;
 *    wrongly calling an error informational could start an error storm.
 *  - informational: 0/8 echo, 9/10 router discovery (RFC 1256), 13/14
 *    timestamp, 15/16 information, 17/18 address mask, 30 traceroute
 *    (RFC 1393), 37/38 domain name (RFC 1788), 42/43 extended echo
 *    (RFC 8335).
 *
 * RFC 4884 (types 3, 11, 12): octet 5 is the length of the "original
 * datagram" field in 32-bit words. When it is nonzero the quote is that many
 * words and anything after it is an extension structure, which RFC 4884 §4
 * only allows after a quote of at least 128 octets (else -IK_ELEN). When it
 * is zero and the message is at least 144 octets (8 + 128 + 4 + 4), the §5
 * heuristic for pre-RFC MPLS senders looks for a version-2 extension header
 * with a nonzero, correct checksum at data offset 128 (ext_compat).
 */
#include <limits.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/icmp.h"

/* RFC 8335 octet 7 */
#define EXTECHO_L       0x01u
#define EXTECHOREPLY_6  0x01u
#define EXTECHOREPLY_4  0x02u
#define EXTECHOREPLY_A  0x04u
#define EXTECHOREPLY_STATE_SHIFT 5

/**
 * ik_icmp_is_error() - whether @type is an error message (RFC 1122 §3.2.2)
 * @type: ICMP type
 *
 * Return: false for the informational types listed at the top of this file,
 * true for every other type.
 */
bool ik_icmp_is_error(uint8_t type)
{
	return !(ik_icmp_desc(type)->flags & IK_ICMPT_INFO);
}

/**
 * ik_icmp_hdr_len() - fixed header octets of @type before the data
 * @type: ICMP type
 *
 * Return: 20 for Timestamp/Reply, 12 for Address Mask Request/Reply, else 8.
 */
size_t ik_icmp_hdr_len(uint8_t type)
{
	return ik_icmp_desc(type)->hdr_len;
}

/**
 * rfc4884_length() - the length attribute of @r, in words
 * @r: repr of a type with IK_ICMPT_RFC4884
 *
 * Return: the length field of the layout.
 */
static uint8_t rfc4884_length(const struct ik_icmp_repr *r)
{
	switch (ik_icmp_desc(r->type)->layout) {
	case IK_ICMPL_UNREACH:
		return r->u.unreach.length;
	case IK_ICMPL_TIMXCEED:
		return r->u.time_exceeded.length;
	case IK_ICMPL_PARAM:
		return r->u.param.length;
	default:
		return 0;
	}
}

/**
 * set_rfc4884_length() - store the length attribute in @r
 * @r:     repr of a type with IK_ICMPT_RFC4884
 * @words: length in 32-bit words
 */
static void set_rfc4884_length(struct ik_icmp_repr *r, uint8_t words)
{
	switch (ik_icmp_desc(r->type)->layout) {
	case IK_ICMPL_UNREACH:
		r->u.unreach.length = words;
		break;
	case IK_ICMPL_TIMXCEED:
		r->u.time_exceeded.length = words;
		break;
	case IK_ICMPL_PARAM:
		r->u.param.length = words;
		break;
	default:
		break;
	}
}

/**
 * get_fields() - read octets 4.. of @buf into @r->u by layout
 * @buf: message (at least ik_icmp_hdr_len() octets)
 * @r:   repr with @type and @code set
 */
static void get_fields(const uint8_t *buf, struct ik_icmp_repr *r)
{
	const uint8_t *p = buf + 4;

	switch (ik_icmp_desc(r->type)->layout) {
	case IK_ICMPL_ECHO:
		r->u.echo.ident = ik_get16(p);
		r->u.echo.seq = ik_get16(p + 2);
		break;
	case IK_ICMPL_UNREACH:
		r->u.unreach.length = p[1];
		r->u.unreach.mtu = r->code == IK_UNREACH_NEEDFRAG ? ik_get16(p + 2) : 0;
		break;
	case IK_ICMPL_REDIRECT:
		r->u.redirect.gateway = ik_get32(p);
		break;
	case IK_ICMPL_TIMXCEED:
		r->u.time_exceeded.length = p[1];
		break;
	case IK_ICMPL_PARAM:
		r->u.param.pointer = p[0];
		r->u.param.length = p[1];
		break;
	case IK_ICMPL_TS:
		r->u.ts.ident = ik_get16(p);
		r->u.ts.seq = ik_get16(p + 2);
		r->u.ts.orig = ik_get32(p + 4);
		r->u.ts.recv = ik_get32(p + 8);
		r->u.ts.xmit = ik_get32(p + 12);
		break;
	case IK_ICMPL_MASK:
		r->u.mask.ident = ik_get16(p);
		r->u.mask.seq = ik_get16(p + 2);
		r->u.mask.mask = ik_get32(p + 4);
		break;
	case IK_ICMPL_RADV:
		r->u.radv.num_addrs = p[0];
		r->u.radv.entry_size = p[1];
		r->u.radv.lifetime = ik_get16(p + 2);
		break;
	case IK_ICMPL_EXTECHO:
		r->u.ext_echo.ident = ik_get16(p);
		r->u.ext_echo.seq = p[2];
		r->u.ext_echo.local = p[3] & EXTECHO_L;
		break;
	case IK_ICMPL_EXTECHOREPLY:
		r->u.ext_echo_reply.ident = ik_get16(p);
		r->u.ext_echo_reply.seq = p[2];
		r->u.ext_echo_reply.state = (uint8_t)(p[3] >> EXTECHOREPLY_STATE_SHIFT);
		r->u.ext_echo_reply.active = p[3] & EXTECHOREPLY_A;
		r->u.ext_echo_reply.ipv4 = p[3] & EXTECHOREPLY_4;
		r->u.ext_echo_reply.ipv6 = p[3] & EXTECHOREPLY_6;
		break;
	default:
		r->u.rest = ik_get32(p);
		break;
	}
}

/**
 * put_fields() - write @r->u as octets 4.. of @buf by layout
 * @r:   repr
 * @buf: output with ik_icmp_hdr_len() octets; octets 4.. are zero on entry
 */
static void put_fields(const struct ik_icmp_repr *r, uint8_t *buf)
{
	uint8_t *p = buf + 4;

	switch (ik_icmp_desc(r->type)->layout) {
	case IK_ICMPL_ECHO:
		ik_put16(p, r->u.echo.ident);
		ik_put16(p + 2, r->u.echo.seq);
		break;
	case IK_ICMPL_UNREACH:
		p[1] = r->u.unreach.length;
		if (r->code == IK_UNREACH_NEEDFRAG)
			ik_put16(p + 2, r->u.unreach.mtu);
		break;
	case IK_ICMPL_REDIRECT:
		ik_put32(p, r->u.redirect.gateway);
		break;
	case IK_ICMPL_TIMXCEED:
		p[1] = r->u.time_exceeded.length;
		break;
	case IK_ICMPL_PARAM:
		p[0] = r->u.param.pointer;
		p[1] = r->u.param.length;
		break;
	case IK_ICMPL_TS:
		ik_put16(p, r->u.ts.ident);
		ik_put16(p + 2, r->u.ts.seq);
		ik_put32(p + 4, r->u.ts.orig);
		ik_put32(p + 8, r->u.ts.recv);
		ik_put32(p + 12, r->u.ts.xmit);
		break;
	case IK_ICMPL_MASK:
		ik_put16(p, r->u.mask.ident);
		ik_put16(p + 2, r->u.mask.seq);
		ik_put32(p + 4, r->u.mask.mask);
		break;
	case IK_ICMPL_RADV:
		p[0] = r->u.radv.num_addrs;
		p[1] = r->u.radv.entry_size;
		ik_put16(p + 2, r->u.radv.lifetime);
		break;
	case IK_ICMPL_EXTECHO:
		ik_put16(p, r->u.ext_echo.ident);
		p[2] = r->u.ext_echo.seq;
		p[3] = r->u.ext_echo.local ? EXTECHO_L : 0;
		break;
	case IK_ICMPL_EXTECHOREPLY:
		ik_put16(p, r->u.ext_echo_reply.ident);
		p[2] = r->u.ext_echo_reply.seq;
		p[3] = (uint8_t)((r->u.ext_echo_reply.state & 7u) << EXTECHOREPLY_STATE_SHIFT);
		if (r->u.ext_echo_reply.active)
			p[3] |= EXTECHOREPLY_A;
		if (r->u.ext_echo_reply.ipv4)
			p[3] |= EXTECHOREPLY_4;
		if (r->u.ext_echo_reply.ipv6)
			p[3] |= EXTECHOREPLY_6;
		break;
	default:
		ik_put32(p, r->u.rest);
		break;
	}
}

/**
 * ext_check() - validate an extension structure found inside a message
 * @ext: the structure
 * @len: its length
 * @off: its offset in the ICMP message (for @err)
 * @err: where and why (may be NULL)
 *
 * Return: 0, or the ik_icmp_ext_iter_init() error with @err->off relative to
 * the ICMP message.
 */
static int ext_check(const uint8_t *ext, size_t len, size_t off, struct ik_wire_err *err)
{
	struct ik_icmp_ext_iter it;
	struct ik_wire_err e;
	int rc = ik_icmp_ext_iter_init(&it, ext, len, &e);

	if (rc < 0) {
		/* a structure too short for its header is malformed, not a
		 * truncated message: the length field put it there */
		int code = e.code == IK_ETRUNC ? IK_EEXT : e.code;

		return ik_wire_err_set(err, code, off + e.off, "RFC 4884 extension: %s", e.msg);
	}
	return 0;
}

/**
 * compat_ext() - RFC 4884 §5 heuristic for a length attribute of zero
 * @data: data after the 8-octet header
 * @len:  its length
 *
 * Return: true if a version-2 extension header with a nonzero checksum that
 * verifies sits at offset 128 and the message holds at least 144 octets.
 */
static bool compat_ext(const uint8_t *data, size_t len)
{
	const uint8_t *ext = data + IK_ICMP_EXT_MIN_QUOTE;

	if (len < IK_ICMP_EXT_MIN_QUOTE + IK_ICMP_EXT_HDR_LEN + 4)
		return false;
	if (ext[0] >> 4 != IK_ICMP_EXT_VERSION || ik_get16(ext + 2) == 0)
		return false;
	return ik_csum(ext, len - IK_ICMP_EXT_MIN_QUOTE) == 0;
}

/**
 * parse_rfc4884() - split the data of a type 3/11/12 message
 * @r:   repr with data filled; quote/ext set here
 * @err: where and why (may be NULL)
 *
 * Return: 0, or -IK_ELEN / -IK_EEXT / -IK_ECHECKSUM.
 */
static int parse_rfc4884(struct ik_icmp_repr *r, struct ik_wire_err *err)
{
	size_t words = rfc4884_length(r);
	size_t qlen = words * 4;

	r->quote = r->data;
	r->quote_len = r->data_len;
	if (words == 0) {
		if (compat_ext(r->data, r->data_len)) {
			r->quote_len = IK_ICMP_EXT_MIN_QUOTE;
			r->ext = r->data + IK_ICMP_EXT_MIN_QUOTE;
			r->ext_len = r->data_len - IK_ICMP_EXT_MIN_QUOTE;
			r->ext_compat = true;
		}
		return 0;
	}
	if (qlen > r->data_len)
		return ik_wire_err_set(err, IK_ELEN, 5,
				       "RFC 4884 length %zu words (%zu octets) > %zu data octets",
				       words, qlen, r->data_len);
	r->quote_len = qlen;
	if (qlen == r->data_len)
		return 0;
	if (qlen < IK_ICMP_EXT_MIN_QUOTE)
		return ik_wire_err_set(err, IK_ELEN, 5,
				       "RFC 4884 length %zu octets < 128 before an extension", qlen);
	r->ext = r->data + qlen;
	r->ext_len = r->data_len - qlen;
	return ext_check(r->ext, r->ext_len, IK_ICMP_HDR_LEN + qlen, err);
}

/**
 * extecho_ext_len() - extent of the RFC 8335 extension structure
 * @data: data after the header of an Extended Echo Request/Reply
 * @len:  its length
 *
 * The structure holds one header and exactly one object (RFC 8335 §2); what
 * follows is optional data. It is not validated here: a malformed one must
 * reach the stack, which answers "Malformed Query".
 *
 * Return: 4 + the first object's length when that fits, else @len.
 */
static size_t extecho_ext_len(const uint8_t *data, size_t len)
{
	size_t olen;

	if (len < IK_ICMP_EXT_HDR_LEN + 4)
		return len;
	olen = ik_get16(data + IK_ICMP_EXT_HDR_LEN);
	if (olen < 4 || olen > len - IK_ICMP_EXT_HDR_LEN)
		return len;
	return IK_ICMP_EXT_HDR_LEN + olen;
}

/**
 * ik_icmp_parse() - validate an ICMP message and fill a repr
 * @buf:   first octet of the ICMP header (the IP payload)
 * @len:   octets
 * @flags: IK_ICMP_NO_CSUM
 * @r:     repr to fill (zeroed first)
 * @err:   where and why (may be NULL)
 *
 * Checks, in order: 8 octets and the fixed fields of the type present,
 * checksum over all @len octets, Router Advertisement entries within the
 * data, RFC 4884 length within the data and the extension header (version 2,
 * checksum when nonzero). On success @r->data is everything after the fixed
 * header; for errors @r->quote/@r->ext split it; for Extended Echo @r->ext
 * is the extension structure that opens the data.
 *
 * Return: octets consumed (@len), or -IK_ETRUNC / -IK_ECHECKSUM / -IK_ELEN /
 * -IK_EEXT (-IK_EINVAL if @len does not fit an int).
 */
int ik_icmp_parse(const uint8_t *buf, size_t len, unsigned flags, struct ik_icmp_repr *r,
		  struct ik_wire_err *err)
{
	const struct ik_icmp_type_desc *ti;
	size_t hlen;

	memset(r, 0, sizeof(*r));
	if (len > INT_MAX)
		return ik_wire_err_set(err, IK_EINVAL, 0, "length %zu too large", len);
	if (len < IK_ICMP_HDR_LEN)
		return ik_wire_err_set(err, IK_ETRUNC, len, "ICMP header needs 8 octets, have %zu",
				       len);
	r->type = buf[0];
	r->code = buf[1];
	r->csum = ik_get16(buf + 2);
	ti = ik_icmp_desc(r->type);
	hlen = ik_icmp_hdr_len(r->type);
	if (len < hlen)
		return ik_wire_err_set(err, IK_ETRUNC, len, "ICMP type %u needs %zu octets, have %zu",
				       r->type, hlen, len);
	if (!(flags & IK_ICMP_NO_CSUM) && ik_csum(buf, len) != 0)
		return ik_wire_err_set(err, IK_ECHECKSUM, 2, "ICMP checksum 0x%04x is wrong",
				       r->csum);
	get_fields(buf, r);
	r->data = buf + hlen;
	r->data_len = len - hlen;

	if (ti->layout == IK_ICMPL_RADV) {
		size_t need = (size_t)r->u.radv.num_addrs * r->u.radv.entry_size * 4;

		if (need > r->data_len)
			return ik_wire_err_set(err, IK_ETRUNC, len,
					       "%u entries of %u words need %zu octets, have %zu",
					       r->u.radv.num_addrs, r->u.radv.entry_size, need,
					       r->data_len);
	}
	if (ti->flags & IK_ICMPT_RFC4884) {
		int rc = parse_rfc4884(r, err);

		if (rc < 0)
			return rc;
	} else if (ti->flags & IK_ICMPT_QUOTE) {
		r->quote = r->data;
		r->quote_len = r->data_len;
	} else if ((ti->flags & IK_ICMPT_EXTECHO) && r->data_len >= IK_ICMP_EXT_HDR_LEN) {
		r->ext = r->data;
		r->ext_len = extecho_ext_len(r->data, r->data_len);
	}
	return (int)len;
}

/**
 * quote_field_len() - octets the quote field takes on emit
 * @r: repr of a type with IK_ICMPT_RFC4884 and @ext set
 *
 * Return: @r->data_len rounded up to 4, at least 128 (RFC 4884 §4).
 */
static size_t quote_field_len(const struct ik_icmp_repr *r)
{
	size_t q = (r->data_len + 3) & ~(size_t)3;

	return q < IK_ICMP_EXT_MIN_QUOTE ? IK_ICMP_EXT_MIN_QUOTE : q;
}

/**
 * ik_icmp_emit_len() - octets ik_icmp_emit() will write for @r
 * @r: repr
 *
 * Return: fixed header + data, plus for an error with @r->ext the padding of
 * the quote to 128 octets (or to a word boundary) and the extension; for an
 * Extended Echo with @r->ext, the extension before the data.
 */
size_t ik_icmp_emit_len(const struct ik_icmp_repr *r)
{
	const struct ik_icmp_type_desc *ti = ik_icmp_desc(r->type);
	size_t n = ik_icmp_hdr_len(r->type);

	if (r->ext && (ti->flags & IK_ICMPT_RFC4884))
		return n + quote_field_len(r) + r->ext_len;
	if (r->ext && (ti->flags & IK_ICMPT_EXTECHO))
		return n + r->ext_len + r->data_len;
	return n + r->data_len;
}

/**
 * emit_check() - reject reprs that cannot be written
 * @r: repr
 *
 * Return: 0, -IK_ETYPE (decode-only type) or -IK_EINVAL.
 */
static int emit_check(const struct ik_icmp_repr *r)
{
	const struct ik_icmp_type_desc *ti = ik_icmp_desc(r->type);

	if (ti->flags & IK_ICMPT_NOEMIT)
		return -IK_ETYPE;
	if ((r->data_len && !r->data) || (r->ext_len && !r->ext))
		return -IK_EINVAL;
	if (r->ext && !(ti->flags & (IK_ICMPT_RFC4884 | IK_ICMPT_EXTECHO)))
		return -IK_EINVAL;
	if (ti->flags & IK_ICMPT_RFC4884) {
		if (r->ext && quote_field_len(r) / 4 > UINT8_MAX)
			return -IK_EINVAL;
		if (!r->ext && (size_t)rfc4884_length(r) * 4 > r->data_len)
			return -IK_EINVAL;
	}
	if (ti->layout == IK_ICMPL_RADV &&
	    (size_t)r->u.radv.num_addrs * r->u.radv.entry_size * 4 > r->data_len)
		return -IK_EINVAL;
	return 0;
}

/**
 * place() - copy @len octets from @src to @dst unless already there
 * @dst: destination
 * @src: source (may overlap @dst)
 * @len: octets
 */
static void place(uint8_t *dst, const uint8_t *src, size_t len)
{
	if (len && dst != src)
		memmove(dst, src, len);
}

/**
 * ik_icmp_emit() - write @r at @buf with its checksum
 * @r:   repr (@csum ignored)
 * @buf: output; @r->data and @r->ext may already sit at their final places
 *       in @buf, other overlaps are not supported
 * @cap: octets available
 *
 * For types 3, 11, 12 with @r->ext set, @r->data is the quote: it is padded
 * with zeros to a word boundary and to at least 128 octets, the length
 * attribute is set from that, and the extension follows. Without @r->ext the
 * length attribute is written as given and must lie within @r->data.
 *
 * Return: octets written, or -IK_ENOSPC / -IK_EINVAL / -IK_ETYPE (type 6,
 * decode only).
 */
int ik_icmp_emit(const struct ik_icmp_repr *r, uint8_t *buf, size_t cap)
{
	const struct ik_icmp_type_desc *ti = ik_icmp_desc(r->type);
	size_t hlen = ik_icmp_hdr_len(r->type);
	size_t total = ik_icmp_emit_len(r);
	struct ik_icmp_repr w = *r;
	int rc = emit_check(r);

	if (rc < 0)
		return rc;
	if (total > INT_MAX)
		return -IK_EINVAL;
	if (total > cap)
		return -IK_ENOSPC;

	if (r->ext && (ti->flags & IK_ICMPT_RFC4884)) {
		size_t qf = quote_field_len(r);

		place(buf + hlen + qf, r->ext, r->ext_len);
		place(buf + hlen, r->data, r->data_len);
		memset(buf + hlen + r->data_len, 0, qf - r->data_len);
		set_rfc4884_length(&w, (uint8_t)(qf / 4));
	} else if (r->ext && (ti->flags & IK_ICMPT_EXTECHO)) {
		place(buf + hlen + r->ext_len, r->data, r->data_len);
		place(buf + hlen, r->ext, r->ext_len);
	} else {
		place(buf + hlen, r->data, r->data_len);
	}

	buf[0] = r->type;
	buf[1] = r->code;
	memset(buf + 2, 0, hlen - 2);
	put_fields(&w, buf);
	ik_put16(buf + 2, ik_csum(buf, total));
	return (int)total;
}
