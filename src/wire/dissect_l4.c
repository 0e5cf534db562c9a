// SPDX-License-Identifier: MIT
/*
 * dissect_l4.c - UDP headers (TCP: dissect_tcp.c)
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

/* ---- UDP ---- */

/**
 * udp6_err() - keep a checksum error of UDP over IPv6 as the packet's
 * @d:   dissection
 * @c:   transport context
 * @msg: what is wrong
 */
static void udp6_err(struct ik_dissection *d, const struct l4_ctx *c, const char *msg)
{
	struct ik_wire_err e;

	ik_wire_err_set(&e, IK_ECHECKSUM, 6, "%s", msg);
	ik_dx_set_err(d, &e, c->off);
}

/**
 * udp6_csum() - the checksum verdict of UDP over IPv6, where it is
 * mandatory: a field of 0 is wrong (RFC 8200 8.1)
 * @d:    dissection
 * @l:    the UDP layer
 * @c:    transport context (over IPv6)
 * @p:    the UDP header
 * @ulen: the UDP Length
 * @what: name of the check
 */
static void udp6_csum(struct ik_dissection *d, struct ik_dlayer *l, const struct l4_ctx *c,
		      const uint8_t *p, size_t ulen, const char *what)
{
	uint16_t field = ik_get16(p + 6), want;

	if (c->why_not || ulen < IK_UDP_HDR_LEN || ulen > c->cap) {
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_UNVERIFIABLE, F_UDP_CSUM, what, field, 0,
				  "%s", c->why_not ? c->why_not
				  : c->depth ? "datagram truncated in quote" : "the UDP Length is wrong");
		if (field == 0 && c->depth == 0)
			udp6_err(d, c, "UDP checksum 0 over IPv6 (RFC 8200 8.1)");
		return;
	}
	want = ik_dx_l4_csum(c, p, ulen, 6, IK_IPPROTO_UDP);
	if (field == want) {
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_OK, F_UDP_CSUM, what, field, field,
				  "over the IPv6 pseudo-header and %zu octets", ulen);
		return;
	}
	ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_BAD, F_UDP_CSUM, what, field, want,
			  field ? "over the IPv6 pseudo-header and %zu octets"
				: "0 is not allowed over IPv6 (RFC 8200 8.1); %zu octets", ulen);
	if (c->depth == 0)
		udp6_err(d, c, field ? "UDP checksum is wrong" : "UDP checksum 0 over IPv6 (RFC 8200 8.1)");
}

/**
 * ik_dx_udp() - UDP header, its verdicts and its data
 * @d: dissection
 * @c: transport context
 */
void ik_dx_udp(struct ik_dissection *d, const struct l4_ctx *c)
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

	l = ik_dx_add_layer(d, IK_LK_UDP, c->depth, &ik_ft_udp, c->off, IK_UDP_HDR_LEN, "%sUDP Header",
		      c->prefix);
	if (!l)
		return;
	if (c->depth == 0 && !c->frag &&
	    ik_udp_parse(p, c->cap, c->src, c->dst, c->why_not || c->src6 ? IK_UDP_NO_CSUM : 0, &r,
			 &e) < 0) {
		/* a truncated capture is reported by the IPv4 Total Length */
		if (!c->why_not || e.code != IK_ETRUNC)
			ik_dx_set_err(d, &e, c->off);
	}
	if (c->cap < IK_UDP_HDR_LEN)
		return;
	ulen = ik_get16(p + 4);
	field = ik_get16(p + 6);
	if (ulen < IK_UDP_HDR_LEN)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_UDP_LEN, nm[0], (uint32_t)ulen, 8,
			    "smaller than the 8-octet UDP header");
	else if (c->frag)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_UNVERIFIABLE, F_UDP_LEN, nm[0], (uint32_t)ulen,
			    (uint32_t)c->ip_plen,
			    "it counts the whole datagram; this first fragment carries %zu octets",
			    c->ip_plen);
	else if (ulen == c->ip_plen)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_UDP_LEN, nm[0], (uint32_t)ulen,
			    (uint32_t)c->ip_plen, "equals the IP payload length, %zu octets",
			    c->ip_plen);
	else if (ulen > c->ip_plen)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_UDP_LEN, nm[0], (uint32_t)ulen,
			    (uint32_t)c->ip_plen, "the IP payload is only %zu octets", c->ip_plen);
	else
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_UDP_LEN, nm[0], (uint32_t)ulen,
			    (uint32_t)c->ip_plen,
			    "the IP payload is %zu octets: %zu octets follow the datagram",
			    c->ip_plen, c->ip_plen - ulen);

	if (field == 0 && !c->src6)
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_ABSENT, F_UDP_CSUM, nm[1], 0, 0,
			    "the sender computed none (allowed for UDP over IPv4)");
	else if (c->src6)
		udp6_csum(d, l, c, p, ulen, nm[1]);
	else if (c->why_not)
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_UNVERIFIABLE, F_UDP_CSUM, nm[1], field, 0,
			    "%s", c->why_not);
	else if (ulen < IK_UDP_HDR_LEN || ulen > c->cap)
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_UNVERIFIABLE, F_UDP_CSUM, nm[1], field, 0,
			    "%s", c->depth ? "datagram truncated in quote"
					   : "the UDP Length is wrong");
	else if (ik_csum_finish(ik_csum_partial(p, ulen, ik_csum_pseudo(c->src, c->dst,
									  IK_IPPROTO_UDP,
									  (uint16_t)ulen))) == 0)
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_OK, F_UDP_CSUM, nm[1], field, field,
			    "over the pseudo-header and %zu octets", ulen);
	else
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_BAD, F_UDP_CSUM, nm[1], field,
			    ik_udp_checksum(p, ulen, c->src, c->dst),
			    "over the pseudo-header and %zu octets", ulen);

	body = c->cap;
	if (ulen >= IK_UDP_HDR_LEN && ulen < body)
		body = ulen;
	ik_dx_add_data(d, c->depth, c->off + IK_UDP_HDR_LEN, body - IK_UDP_HDR_LEN,
		 c->depth ? "Quoted UDP Data" : "UDP Data", true);
	ik_dx_add_data(d, c->depth, c->off + body, c->cap - body, "Octets after the UDP Length", false);
}
