// SPDX-License-Identifier: MIT
/*
 * dissect_ipv6.c - IPv6 headers (RFC 8200), their extension chain and the
 * options of Hop-by-Hop and Destination Options headers, the packet an
 * ICMPv6 error quotes, and the upper-layer dispatch by Next Header
 * (the files of the dissector share wire/dissect_impl.h)
 */
#include <stdio.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/ipv6.h"
#include "icmpkit/names.h"
#include "wire/dissect_impl.h"

/**
 * is_ext() - whether @nh is an extension header the chain walk knows
 * @nh: Next Header value
 *
 * Return: true for Hop-by-Hop, Routing, Fragment, Destination Options.
 */
static bool is_ext(uint8_t nh)
{
	return nh == IK_IPV6_NH_HOPOPTS || nh == IK_IPV6_NH_ROUTING || nh == IK_IPV6_NH_FRAGMENT ||
	       nh == IK_IPV6_NH_DSTOPTS;
}

/**
 * ext_table() - the field table and title of an extension header
 * @type:  Next Header value naming it
 * @title: set to its heading
 *
 * Return: the table.
 */
static const struct ik_field_table *ext_table(uint8_t type, const char **title)
{
	switch (type) {
	case IK_IPV6_NH_HOPOPTS:
		*title = "Hop-by-Hop Options Header";
		return &ik_ft_ipv6_hopopts;
	case IK_IPV6_NH_DSTOPTS:
		*title = "Destination Options Header";
		return &ik_ft_ipv6_dstopts;
	case IK_IPV6_NH_ROUTING:
		*title = "Routing Header";
		return &ik_ft_ipv6_routing;
	default:
		*title = "Fragment Header";
		return &ik_ft_ipv6_frag;
	}
}

/**
 * opt_layers() - one layer per option of a Hop-by-Hop or Destination
 * Options header (RFC 8200 4.2: type, length, data; Pad1 is one octet)
 * @d:      dissection
 * @base:   offset of the options (past Next Header and Hdr Ext Len)
 * @len:    their octets
 * @depth:  nesting depth
 * @prefix: title prefix
 */
static void opt_layers(struct ik_dissection *d, size_t base, size_t len, unsigned depth,
		       const char *prefix)
{
	const uint8_t *a = d->pkt + base;
	size_t i = 0;

	while (i < len) {
		struct ik_dlayer *l;
		size_t olen;

		if (a[i] == 0) {
			if (!ik_dx_add_layer(d, IK_LK_IPV6_OPT, depth, &ik_ft_ipv6_opt_1, base + i, 1,
					     "%sIPv6 Option: %s", prefix, ik_ipv6_opt_name(0)))
				return;
			i++;
			continue;
		}
		olen = i + 1 < len ? (size_t)a[i + 1] + 2 : 2;
		l = ik_dx_add_layer(d, IK_LK_IPV6_OPT, depth, &ik_ft_ipv6_opt, base + i, olen,
				    "%sIPv6 Option: %s", prefix, ik_ipv6_opt_name(a[i]));
		if (!l)
			return;
		if (i + olen > len) {
			ik_dx_clip(l, base + len);
			ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, 1, "IPv6 option length",
					  (uint32_t)(olen - 2), (uint32_t)(len - i),
					  "%zu octets of option, %zu left in the header", olen,
					  len - i);
			return;
		}
		i += olen;
	}
}

/**
 * ext_layers() - one layer per extension header the walk accepted
 * @d:     dissection
 * @off:   offset of the IPv6 header in the packet
 * @r:     the parser's result (its chain, even when it stopped on an error)
 * @depth: nesting depth
 *
 * Return: offset, from the IPv6 header, past the last header shown.
 */
static size_t ext_layers(struct ik_dissection *d, size_t off, const struct ik_ipv6_repr *r,
			 unsigned depth)
{
	const char *prefix = depth ? "Quoted " : "";
	const uint8_t *p6 = d->pkt + off;
	size_t pos = IK_IPV6_HDR_LEN;

	for (unsigned i = 0; i < r->next_ext; i++) {
		const struct ik_ipv6_ext *x = &r->ext[i];
		const struct ik_field_table *ft;
		const char *title;

		bool opts = x->type == IK_IPV6_NH_HOPOPTS || x->type == IK_IPV6_NH_DSTOPTS;

		/* an options header is its first two octets; the options are
		 * layers attached to it, as an IPv4 header's are */
		ft = ext_table(x->type, &title);
		if (x->type == IK_IPV6_NH_ROUTING && (p6[x->off + 2] == 0 || p6[x->off + 2] == 2))
			ft = &ik_ft_ipv6_routing_addr;
		if (!ik_dx_add_layer(d, IK_LK_IPV6_EXT, depth, ft, off + x->off, opts ? 2 : x->len,
				     "%s%s", prefix, title))
			return pos;
		if (opts)
			opt_layers(d, off + x->off + 2, (size_t)x->len - 2, depth, prefix);
		pos = (size_t)x->off + x->len;
	}
	return pos;
}

/**
 * cut_ext() - an extension header the packet ends inside
 * @d:     dissection
 * @at:    its offset in the packet
 * @end:   packet offset where the IPv6 payload ends
 * @type:  its type
 * @depth: nesting depth
 * @bad:   a length verdict (the outer packet, its Payload Length within the
 *         capture; a quote, or a capture, may be cut anywhere)
 *
 * Return: true when it was shown.
 */
static bool cut_ext(struct ik_dissection *d, size_t at, size_t end, uint8_t type, unsigned depth,
		    bool bad)
{
	const struct ik_field_table *ft;
	const char *title;
	struct ik_dlayer *l;
	size_t want;

	if (at >= end || !is_ext(type))
		return false;
	ft = ext_table(type, &title);
	want = type == IK_IPV6_NH_FRAGMENT || at + 2 > end ? 8 : ((size_t)d->pkt[at + 1] + 1) * 8;
	if (at + want <= end)
		return false; /* whole: the walk refused it for another reason */
	l = ik_dx_add_layer(d, IK_LK_IPV6_EXT, depth, ft, at, want, "%s%s (cut short)",
			    depth ? "Quoted " : "", title);
	ik_dx_clip(l, end);
	if (bad && l)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, at + 2 <= end ? F_EXT_LEN : -1,
				  "IPv6 extension header length", (uint32_t)want,
				  (uint32_t)(end - at), "%zu octets, only %zu left in the payload",
				  want, end - at);
	return true;
}

/**
 * final_dst() - the destination the upper-layer checksum is computed with:
 * with a Routing header that has segments left, the final one (RFC 8200
 * 8.1)
 * @p: the IPv6 header
 * @r: the parser's result
 *
 * Types 0 and 2 list the addresses to visit, the final one last; type 4
 * (Segment Routing, RFC 8754) keeps it first in the Segment List. Other
 * types (RPL's compressed one, 3) are not followed.
 *
 * Return: 16 octets within @p.
 */
static const uint8_t *final_dst(const uint8_t *p, const struct ik_ipv6_repr *r)
{
	const uint8_t *dst = p + 24;

	for (unsigned i = 0; i < r->next_ext; i++) {
		const uint8_t *h = p + r->ext[i].off;
		size_t n = r->ext[i].len >= 24 ? (r->ext[i].len - 8) / 16 : 0;

		if (r->ext[i].type != IK_IPV6_NH_ROUTING || h[3] == 0 || n == 0)
			continue;
		if (h[2] == 0 || h[2] == 2)
			dst = h + 8 + 16 * (n - 1);
		else if (h[2] == 4)
			dst = h + 8;
	}
	return dst;
}

/**
 * ik_dx_l6() - the upper layer after an IPv6 header and its chain, by Next
 * Header (the one table of what is decoded over IPv6)
 * @d:     dissection
 * @c:     where the layer starts and what is known of it
 * @proto: Next Header
 *
 * Return: false for a protocol not decoded (the caller shows data).
 */
static bool ik_dx_l6(struct ik_dissection *d, const struct l4_ctx *c, uint8_t proto)
{
	static void (*const by_nh[256])(struct ik_dissection *, const struct l4_ctx *) = {
		[IK_IPV6_NH_ICMPV6] = ik_dx_icmpv6,
		[IK_IPV6_NH_TCP] = ik_dx_tcp,
		[IK_IPV6_NH_UDP] = ik_dx_udp,
	};

	if (!by_nh[proto])
		return false;
	by_nh[proto](d, c);
	return true;
}

/**
 * plen_verdict() - the Payload Length against what is there
 * @l:     the IPv6 layer
 * @plen:  Payload Length
 * @avail: octets after the fixed header
 * @depth: 0: captured; 1: quoted
 */
static void plen_verdict(struct ik_dlayer *l, size_t plen, size_t avail, unsigned depth)
{
	if (depth) {
		if (plen > avail)
			ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV6_PLEN,
					  "quoted IPv6 Payload Length", (uint32_t)plen,
					  (uint32_t)avail,
					  "the first %zu of the payload's %zu octets are quoted",
					  avail, plen);
		else
			ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV6_PLEN,
					  "quoted IPv6 Payload Length", (uint32_t)plen,
					  (uint32_t)avail, "the whole packet is quoted");
	} else if (plen > avail) {
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_IPV6_PLEN, "IPv6 Payload Length",
				  (uint32_t)plen, (uint32_t)avail,
				  "only %zu octets were captured after the header", avail);
	} else if (plen == avail) {
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV6_PLEN, "IPv6 Payload Length",
				  (uint32_t)plen, (uint32_t)avail,
				  "%zu octets captured after the header", avail);
	} else {
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV6_PLEN, "IPv6 Payload Length",
				  (uint32_t)plen, (uint32_t)avail,
				  "%zu octets captured after the header: the last %zu are link-layer "
				  "padding", avail, avail - plen);
	}
}

/**
 * ipv6_at() - an IPv6 header, its chain and its upper layer
 * @d:     dissection
 * @off:   offset of the header in the packet
 * @len:   octets from @off that belong to it (the rest of the packet, or
 *         the quote)
 * @depth: 0 for the outer packet, 1 for a quote (problems in a quote are
 *         shown but are not the packet's error)
 */
static void ipv6_at(struct ik_dissection *d, size_t off, size_t len, unsigned depth)
{
	const uint8_t *p = d->pkt + off;
	const char *prefix = depth ? "Quoted " : "";
	struct ik_ipv6_repr r;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	size_t plen, end, pos, first;
	struct l4_ctx c;
	int rc;

	rc = ik_ipv6_parse(p, len, depth ? IK_IPV6_QUOTED : 0, &r, &e);
	if (rc < 0 && depth == 0)
		ik_dx_set_err(d, &e, off);
	if (rc == -IK_ETOTLEN) /* cut short in the capture: the chain as far as it goes */
		rc = ik_ipv6_parse(p, len, IK_IPV6_QUOTED, &r, &e);
	l = ik_dx_add_layer(d, IK_LK_IPV6, depth, &ik_ft_ipv6, off, IK_IPV6_HDR_LEN, "%sIPv6 Header",
			    prefix);
	if (!l || len < IK_IPV6_HDR_LEN)
		return;
	if (p[0] >> 4 != 6) {
		ik_dx_add_data(d, depth, off + IK_IPV6_HDR_LEN, len - IK_IPV6_HDR_LEN,
			       depth ? "Rest of the quote (the header is not IPv6)"
				     : "Rest of the packet (the header is not IPv6)", false);
		return;
	}
	plen = ik_get16(p + 4);
	plen_verdict(l, plen, len - IK_IPV6_HDR_LEN, depth);
	end = ik_dx_min(IK_IPV6_HDR_LEN + plen, len);
	pos = ext_layers(d, off, &r, depth);
	if (rc < 0 || (is_ext(r.proto) && !(r.frag && r.frag_off))) {
		/* the walk stopped inside the chain: a header cut short, or one
		 * it refused (too many, Hop-by-Hop not first, a bad fragment) */
		uint8_t nh = r.next_ext ? p[r.ext[r.next_ext - 1].off] : p[6];

		if (rc < 0 && e.code == IK_EOPTION && r.next_ext == IK_IPV6_EXT_MAX)
			ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_IPV6_NH,
					  depth ? "quoted IPv6 extension chain" : "IPv6 extension chain",
					  IK_IPV6_EXT_MAX + 1, IK_IPV6_EXT_MAX,
					  "more than %u extension headers", IK_IPV6_EXT_MAX);
		if (pos < end && !(rc < 0 && e.code == IK_EFRAG) &&
		    cut_ext(d, off + pos, off + end, nh, depth,
			    depth == 0 && IK_IPV6_HDR_LEN + plen <= len))
			pos = end;
		if (pos < end) {
			char title[96];

			snprintf(title, sizeof(title), "%s (%s)",
				 depth ? "Rest of the quote" : "Rest of the payload",
				 rc < 0 ? ik_strerror(e.code) : "not decoded");
			ik_dx_add_data(d, depth, off + pos, end - pos, title, false);
		}
		goto trailer;
	}

	memset(&c, 0, sizeof(c));
	c.off = off + r.l4_off;
	c.cap = end > r.l4_off ? end - r.l4_off : 0;
	c.ip_plen = IK_IPV6_HDR_LEN + plen > r.l4_off ? IK_IPV6_HDR_LEN + plen - r.l4_off : 0;
	c.src6 = p + 8;
	c.dst6 = final_dst(p, &r);
	c.depth = depth;
	c.prefix = prefix;
	if (c.cap < c.ip_plen)
		c.why_not = depth ? "packet truncated in quote" : "the packet was cut short in the capture";
	if (r.frag && r.frag_more) {
		c.frag = true;
		if (!c.why_not)
			c.why_not = depth ? "only the first fragment was quoted"
					  : "only the first fragment is here";
	}
	if (depth && r.proto == IK_IPV6_NH_ICMPV6 && c.why_not)
		c.why_not = "message truncated in quote";
	first = d->nlayers;
	if (r.frag && r.frag_off) {
		char title[72];

		snprintf(title, sizeof(title), "%sFragment data (at offset %u of the packet)", prefix,
			 (unsigned)r.frag_off);
		ik_dx_add_data(d, depth, c.off, c.cap, title, false);
	} else if (r.proto == IK_IPV6_NH_NONE) {
		ik_dx_add_data(d, depth, c.off, c.cap, "Octets after No Next Header (ignored)", false);
	} else if (c.cap && !ik_dx_l6(d, &c, r.proto)) {
		char title[72];

		snprintf(title, sizeof(title), "%sPayload (Next Header %u, %s)", prefix, r.proto,
			 ik_ip_proto_name(r.proto));
		ik_dx_add_data(d, depth, c.off, c.cap, title, false);
	} else if (!c.cap && depth == 0 && r.proto != IK_IPV6_NH_NONE && !c.why_not) {
		/* a Next Header with no octets for it */
		ik_dx_l6(d, &c, r.proto);
	}
	ik_dx_link_payload(d, l, first, c.off);
trailer:
	ik_dx_add_data(d, depth, off + end, len - end,
		       depth ? "Octets after the quoted packet (padding)"
			     : "Trailer (after the Payload Length: link-layer padding)", false);
}

/**
 * ik_dx_ipv6_quote() - the packet an ICMPv6 error (or a Redirected Header
 * option) quotes, at depth 1
 * @d:     dissection
 * @off:   offset of the quote in the packet
 * @len:   its length
 * @title: the quote's heading (QUOTE6_ERROR, QUOTE6_REDIRECT)
 */
void ik_dx_ipv6_quote(struct ik_dissection *d, size_t off, size_t len, const char *title)
{
	if (!ik_dx_add_layer(d, IK_LK_QUOTE, 0, NULL, off, len, "%s", title) || len == 0)
		return;
	if (len < IK_IPV6_HDR_LEN || d->pkt[off] >> 4 != 6) {
		ik_dx_add_data(d, 1, off, len,
			       len < IK_IPV6_HDR_LEN
				       ? "Quoted octets (no usable IPv6 header: fewer than 40 octets)"
				       : "Quoted octets (no usable IPv6 header: version is not 6)",
			       false);
		return;
	}
	ipv6_at(d, off, len, 1);
}

/**
 * ik_dx_ipv6() - the outer IPv6 header, its chain and payload
 * @d: dissection
 */
void ik_dx_ipv6(struct ik_dissection *d)
{
	ipv6_at(d, 0, d->len, 0);
}
