// SPDX-License-Identifier: MIT
/*
 * dissect_tcp.c - TCP header (RFC 9293 §3.1), each of its options (§3.2)
 * as a layer, its data; a quoted segment as far as the quote goes
 * (the files of the dissector share wire/dissect_impl.h)
 */
#include <stdio.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/names.h"
#include "icmpkit/tcp.h"
#include "wire/dissect_impl.h"

/**
 * opt_table() - the field table of a well-formed option of @kind
 * @kind: option kind
 *
 * Return: the kind's table, the generic kind/length/data one for others.
 */
static const struct ik_field_table *opt_table(uint8_t kind)
{
	switch (kind) {
	case IK_TCPOPT_EOL:
	case IK_TCPOPT_NOP:
		return &ik_ft_tcpopt_1;
	case IK_TCPOPT_MSS:
		return &ik_ft_tcpopt_mss;
	case IK_TCPOPT_WSCALE:
		return &ik_ft_tcpopt_wscale;
	case IK_TCPOPT_SACK_PERM:
		return &ik_ft_tcpopt_sackperm;
	case IK_TCPOPT_SACK:
		return &ik_ft_tcpopt_sack;
	case IK_TCPOPT_TIMESTAMP:
		return &ik_ft_tcpopt_ts;
	default:
		return &ik_ft_tcpopt_raw;
	}
}

/**
 * bad_option() - the option the walker rejected, and the octets after it
 * @d:    dissection
 * @c:    transport context
 * @base: packet offset of the options area
 * @alen: octets of the area present
 * @i:    offset of the rejected option in the area
 * @e:    the walker's report (offsets from the area)
 */
static void bad_option(struct ik_dissection *d, const struct l4_ctx *c, size_t base, size_t alen,
		       size_t i, const struct ik_wire_err *e)
{
	const uint8_t *a = d->pkt + base;
	bool has_len = i + 1 < alen;
	unsigned olen = has_len ? a[i + 1] : 0;
	size_t want = has_len && olen >= 2 ? olen : 2, after;
	struct ik_dlayer *l;

	l = ik_dx_add_layer(d, IK_LK_TCPOPT, c->depth, &ik_ft_tcpopt_raw, base + i, want,
			    "%sTCP Option: %s (malformed)", c->prefix, ik_tcpopt_name(a[i]));
	ik_dx_clip(l, base + alen);
	ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, has_len ? 1 : -1,
			  c->depth ? "quoted TCP option length" : "TCP option length", olen,
			  ik_tcp_opt_want(a[i]) ? ik_tcp_opt_want(a[i]) : 2, "%s", e->msg);
	if (c->depth == 0)
		ik_dx_set_err(d, e, base);
	after = l ? l->off + l->len - base : alen;
	ik_dx_add_data(d, c->depth, base + after, alen - after,
		       "Options after the malformed one (not decoded)", true);
}

/**
 * opt_layers() - one layer per option of the options area
 * @d:    dissection
 * @c:    transport context
 * @base: packet offset of the options area (the header's octet 20)
 * @alen: octets of it present
 * @cut:  the area is cut short (by the capture or the quote), so an option
 *        running past @alen is truncated, not malformed
 *
 * ik_tcp_opts_parse() judges the area, and each option on its own (for its
 * length); the layers follow the walk it makes.
 */
static void opt_layers(struct ik_dissection *d, const struct l4_ctx *c, size_t base, size_t alen,
		       bool cut)
{
	const uint8_t *a = d->pkt + base;
	struct ik_tcp_opts o;
	struct ik_wire_err e;
	size_t i = 0;
	int rc = ik_tcp_opts_parse(a, alen, &o, &e);

	while (i < alen) {
		uint8_t kind = a[i];
		struct ik_dlayer *l;
		unsigned olen;

		if (kind == IK_TCPOPT_EOL || kind == IK_TCPOPT_NOP) {
			if (!ik_dx_add_layer(d, IK_LK_TCPOPT, c->depth, &ik_ft_tcpopt_1, base + i, 1,
					     "%sTCP Option: %s", c->prefix, ik_tcpopt_name(kind)))
				return;
			i++;
			if (kind == IK_TCPOPT_EOL) {
				ik_dx_add_data(d, c->depth, base + i, alen - i,
					       "Padding after End of Option List", true);
				return;
			}
			continue;
		}
		olen = i + 1 < alen ? a[i + 1] : 0;
		if (cut && (i + 1 >= alen || (olen >= 2 && i + olen > alen))) {
			/* the rest of the option is not in the octets we have */
			l = ik_dx_add_layer(d, IK_LK_TCPOPT, c->depth, opt_table(kind), base + i,
					    olen >= 2 ? olen : 2, "%sTCP Option: %s", c->prefix,
					    ik_tcpopt_name(kind));
			ik_dx_clip(l, base + alen);
			return;
		}
		if (rc < 0 && (e.off == i || e.off == i + 1)) {
			bad_option(d, c, base, alen, i, &e);
			return;
		}
		if (i + 1 >= alen || olen < 2 || i + olen > alen ||
		    ik_tcp_opts_parse(a + i, olen, &o, NULL) < 0) {
			/* cannot happen after the walk above; never trusted blindly */
			return;
		}
		if (!ik_dx_add_layer(d, IK_LK_TCPOPT, c->depth, opt_table(kind), base + i, olen,
				     "%sTCP Option: %s", c->prefix, ik_tcpopt_name(kind)))
			return;
		i += olen;
	}
}

/**
 * offset_verdict() - Data Offset against the header minimum and the segment
 * @l:    the TCP layer
 * @c:    transport context
 * @doff: Data Offset in octets
 * @what: name of the check
 */
static void offset_verdict(struct ik_dlayer *l, const struct l4_ctx *c, size_t doff,
			   const char *what)
{
	if (doff < IK_TCP_HDR_MIN)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_TCP_DOFF, what, (uint32_t)doff,
				  IK_TCP_HDR_MIN, "smaller than the 20-octet TCP header");
	else if (doff <= c->ip_plen)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_TCP_DOFF, what, (uint32_t)doff,
				  (uint32_t)c->ip_plen, "a %zu-octet header in a %zu-octet segment",
				  doff, c->ip_plen);
	else
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_TCP_DOFF, what, (uint32_t)doff,
				  (uint32_t)c->ip_plen, "past the end: the segment is %zu octets",
				  c->ip_plen);
}

/**
 * csum_verdict() - the checksum over the pseudo-header and the segment
 * (mandatory in TCP: a field of 0 is judged like any other)
 * @l:    the TCP layer
 * @c:    transport context
 * @p:    the segment
 * @what: name of the check
 */
static void csum_verdict(struct ik_dlayer *l, const struct l4_ctx *c, const uint8_t *p,
			 const char *what)
{
	uint16_t field = ik_get16(p + 16);
	uint32_t acc;

	if (c->why_not) {
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_UNVERIFIABLE, F_TCP_CSUM, what, field, 0,
				  "%s", c->why_not);
		return;
	}
	if (c->src6) {
		uint16_t want = ik_dx_l4_csum(c, p, c->cap, 16, IK_IPPROTO_TCP);

		ik_dx_add_verdict(l, IK_VK_CHECKSUM, field == want ? IK_VS_OK : IK_VS_BAD, F_TCP_CSUM,
				  what, field, want, "over the IPv6 pseudo-header and %zu octets",
				  c->cap);
		return;
	}
	acc = ik_csum_pseudo(c->src, c->dst, IK_IPPROTO_TCP, (uint16_t)c->cap);
	if (ik_csum_finish(ik_csum_partial(p, c->cap, acc)) == 0)
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_OK, F_TCP_CSUM, what, field, field,
				  "over the pseudo-header and %zu octets", c->cap);
	else
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_BAD, F_TCP_CSUM, what, field,
				  ik_tcp_checksum(p, c->cap, c->src, c->dst),
				  "over the pseudo-header and %zu octets", c->cap);
}

/**
 * ik_dx_tcp() - TCP header, its verdicts, its options and its data
 * @d: dissection
 * @c: transport context
 *
 * In a quote (depth 1) the header is shown as far as the quote goes: the 8
 * octets RFC 792 asks for give the ports and the Sequence Number, and the
 * fields past the quote are left out rather than called truncated.
 */
void ik_dx_tcp(struct ik_dissection *d, const struct l4_ctx *c)
{
	const uint8_t *p = d->pkt + c->off;
	size_t end = c->off + c->cap, doff, hend;
	struct ik_tcp_repr r;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	static const char *const names[2][2] = {
		{ "TCP Data Offset", "TCP checksum" },
		{ "quoted TCP Data Offset", "quoted TCP checksum" },
	};
	const char *const *nm = names[c->depth ? 1 : 0];

	if (c->depth && c->cap < IK_TCP_HDR_MIN)
		l = ik_dx_add_layer(d, IK_LK_TCP, c->depth, &ik_ft_tcp, c->off, c->cap,
				    "%sTCP Header (first %zu octets)", c->prefix, c->cap);
	else
		l = ik_dx_add_layer(d, IK_LK_TCP, c->depth, &ik_ft_tcp, c->off, IK_TCP_HDR_MIN,
				    "%sTCP Header", c->prefix);
	if (!l)
		return;
	ik_dx_clip(l, end);
	if (c->depth == 0 &&
	    ik_tcp_parse(p, c->cap, c->src, c->dst, c->why_not || c->src6 ? IK_TCP_NO_CSUM : 0, &r,
			 &e) < 0) {
		/* a truncated capture is reported by the IPv4 Total Length */
		if (!c->why_not || e.code != IK_ETRUNC)
			ik_dx_set_err(d, &e, c->off);
	}
	if (c->cap <= 12)
		return;
	doff = (size_t)(p[12] >> 4) * 4;
	offset_verdict(l, c, doff, nm[0]);
	if (c->cap >= 18) {
		csum_verdict(l, c, p, nm[1]);
		/* over IPv4 the parser reported a wrong checksum; over IPv6
		 * the verdict did the sum */
		if (c->src6 && c->depth == 0 && l->nv && l->v[l->nv - 1].status == IK_VS_BAD) {
			ik_wire_err_set(&e, IK_ECHECKSUM, 16, "TCP checksum is wrong");
			ik_dx_set_err(d, &e, c->off);
		}
	}
	if (c->cap <= IK_TCP_HDR_MIN)
		return;
	if (doff < IK_TCP_HDR_MIN) {
		ik_dx_add_data(d, c->depth, c->off + IK_TCP_HDR_MIN, c->cap - IK_TCP_HDR_MIN,
			       "Rest of the segment (the Data Offset is too small)", true);
		return;
	}
	hend = ik_dx_min(doff, c->cap);
	if (hend > IK_TCP_HDR_MIN)
		opt_layers(d, c, c->off + IK_TCP_HDR_MIN, hend - IK_TCP_HDR_MIN, doff > c->cap);
	ik_dx_add_data(d, c->depth, c->off + hend, c->cap - hend,
		       c->depth ? "Quoted TCP Data" : "TCP Data", true);
}
