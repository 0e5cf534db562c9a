// SPDX-License-Identifier: MIT
/*
 * dissect_icmpv6.c - ICMPv6 messages (RFC 4443): the checksum over the
 * IPv6 pseudo-header, the quoted packet of an error, echo data, and the
 * options of Neighbor Discovery messages (RFC 4861 4.6), a Redirected
 * Header's quote among them
 * (the files of the dissector share wire/dissect_impl.h)
 */
#include <stdio.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv6.h"
#include "wire/dissect_impl.h"

/**
 * is_nd() - whether @type is a Neighbor Discovery message (133-137)
 * @type: ICMPv6 type
 *
 * Return: true if so.
 */
static bool is_nd(uint8_t type)
{
	return type >= IK_ICMP6_ROUTER_SOL && type <= IK_ICMP6_REDIRECT;
}

/**
 * ik_dx_ndp_opts() - one layer per Neighbor Discovery option
 * @d:      dissection
 * @off:    offset of the options area in the packet
 * @len:    its octets
 * @record: a malformed option is the packet's error (not when the capture
 *          was cut short: the last option is then merely incomplete)
 *
 * A Redirected Header option's IP header and data are the quote of a
 * packet (depth 1). A malformed option is the packet's error (RFC 4861
 * 4.6: the message is discarded), and the octets from it on are data.
 */
void ik_dx_ndp_opts(struct ik_dissection *d, size_t off, size_t len, bool record)
{
	struct ik_ndp_iter it;
	struct ik_ndp_opt o;
	struct ik_wire_err e;
	size_t next = 0;
	int rc;

	ik_ndp_iter_init(&it, d->pkt + off, len);
	while ((rc = ik_ndp_next(&it, &o, &e)) > 0) {
		const struct ik_field_table *ft = ik_ft_ndp_opt(o.type);

		next = o.off + o.len;
		if (o.type == IK_NDP_OPT_REDIRECTED) {
			if (!ik_dx_add_layer(d, IK_LK_NDP_OPT, 0, ft, off + o.off,
					     o.len < 8 ? o.len : 8, "NDP Option: %s",
					     ik_ndp_opt_name(o.type)))
				return;
			if (o.len > 8)
				ik_dx_ipv6_quote(d, off + o.off + 8, o.len - 8, QUOTE6_REDIRECT);
			continue;
		}
		if (!ik_dx_add_layer(d, IK_LK_NDP_OPT, 0, ft, off + o.off, o.len, "NDP Option: %s",
				     ik_ndp_opt_name(o.type)))
			return;
	}
	if (rc < 0) {
		char title[80];

		if (record)
			ik_dx_set_err(d, &e, off);
		snprintf(title, sizeof(title), "Malformed option octets (%s)", ik_strerror(e.code));
		ik_dx_add_data(d, 0, off + next, len - next, title, true);
	}
}

/**
 * csum_verdict() - the ICMPv6 checksum, over the pseudo-header and the
 * whole message (mandatory: a field of 0 is judged like any other)
 * @l: the ICMPv6 layer
 * @c: transport context (over IPv6)
 * @p: the message
 */
static void csum_verdict(struct ik_dlayer *l, const struct l4_ctx *c, const uint8_t *p)
{
	const char *what = c->depth ? "quoted ICMPv6 checksum" : "ICMPv6 checksum";
	uint16_t field = ik_get16(p + 2), want;

	if (c->why_not) {
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_UNVERIFIABLE, F_ICMPV6_CSUM, what, field,
				  0, "%s", c->why_not);
		return;
	}
	want = ik_ipv6_l4_checksum(p, c->cap, 2, c->src6, c->dst6, IK_IPV6_NH_ICMPV6);
	ik_dx_add_verdict(l, IK_VK_CHECKSUM, field == want ? IK_VS_OK : IK_VS_BAD, F_ICMPV6_CSUM,
			  what, field, want, "over the IPv6 pseudo-header and %zu octets", c->cap);
}

/**
 * body_title() - the heading of what follows the fixed part of @type
 * @type: ICMPv6 type
 *
 * Return: static string.
 */
static const char *body_title(uint8_t type)
{
	if (type == IK_ICMP6_ECHO || type == IK_ICMP6_ECHO_REPLY)
		return "Echo Data";
	return ik_icmpv6_is_error(type) ? "ICMPv6 Data" : "Message Body";
}

/**
 * ik_dx_icmpv6() - ICMPv6 header, its checksum, and what follows it
 * @d: dissection
 * @c: transport context (over IPv6)
 *
 * Only the outer message is taken apart further: an error's quote is a
 * packet at depth 1, a Neighbor Discovery message's options are layers of
 * their own. A quoted message shows its fixed part and its data.
 */
void ik_dx_icmpv6(struct ik_dissection *d, const struct l4_ctx *c)
{
	const uint8_t *p = d->pkt + c->off;
	struct ik_icmpv6_repr r;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	size_t hlen, pos, end = c->off + c->cap;
	uint8_t type;

	if (c->cap < 1) {
		ik_dx_add_layer(d, IK_LK_ICMPV6, c->depth, ik_ft_icmpv6(0), c->off, 4,
				"%sICMPv6 Header", c->prefix);
		if (c->depth == 0 && !c->why_not)
			ik_dx_set_err(d, &(struct ik_wire_err){ IK_ETRUNC, 0, "no ICMPv6 header" },
				      c->off);
		return;
	}
	type = p[0];
	hlen = ik_icmpv6_hdr_len(type);
	l = ik_dx_add_layer(d, IK_LK_ICMPV6, c->depth, ik_ft_icmpv6(type), c->off, hlen,
			    "%sICMPv6 %s", c->prefix, ik_icmpv6_type_name(type));
	if (!l)
		return;
	if (c->depth == 0 &&
	    ik_icmpv6_parse(p, c->cap, c->src6, c->dst6, c->why_not ? IK_ICMPV6_NO_CSUM : 0, &r,
			    &e) < 0 &&
	    !c->frag && !(c->why_not && e.code == IK_ETRUNC))
		ik_dx_set_err(d, &e, c->off);
	if (c->cap >= 4)
		csum_verdict(l, c, p);
	if (c->cap < hlen)
		return;
	pos = c->off + hlen;
	if (c->depth == 0 && !c->frag) {
		if (ik_icmpv6_is_error(type) && type >= IK_ICMP6_UNREACH &&
		    type <= IK_ICMP6_PARAM_PROB) {
			ik_dx_ipv6_quote(d, pos, end - pos, QUOTE6_ERROR);
			return;
		}
		if (is_nd(type)) {
			ik_dx_ndp_opts(d, pos, end - pos, !c->why_not);
			return;
		}
	}
	ik_dx_add_data(d, c->depth, pos, end - pos,
		       c->depth ? "Quoted ICMPv6 Data" : body_title(type), true);
}
