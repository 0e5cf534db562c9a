// SPDX-License-Identifier: MIT
/*
 * dissect_ipv4.c - IPv4 headers, their options, the datagram an ICMP error quotes,
 * and the transport dispatch by protocol number
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
		if (!ik_dx_add_layer(d, IK_LK_IPOPT, depth, opt_table(o.type), base + o.off, o.len,
			       "%sIP Option: %s", prefix, ik_ipopt_name(o.type)))
			return;
		next = o.off + o.len;
		if (o.type == IK_IPOPT_EOL) {
			ik_dx_add_data(d, depth, base + next, len - next,
				 "Padding after End of Option List", true);
			return;
		}
	}
	if (rc < 0) {
		char title[80];

		if (record)
			ik_dx_set_err(d, &e, base);
		snprintf(title, sizeof(title), "%sMalformed option octets (%s)", prefix,
			 ik_strerror(e.code));
		ik_dx_add_data(d, depth, base + next, len - next, title, true);
	}
}

/**
 * ik_dx_l4() - the layer after an IPv4 header, by protocol number: the
 * one table of what the dissector knows (outer datagram and quote alike)
 * @d:     dissection
 * @c:     where the layer starts and what is known of it
 * @proto: IP protocol number
 *
 * Return: false for a protocol it does not decode (the caller shows the
 * octets as data).
 */
bool ik_dx_l4(struct ik_dissection *d, const struct l4_ctx *c, uint8_t proto)
{
	static void (*const by_proto[256])(struct ik_dissection *, const struct l4_ctx *) = {
		[IK_IPPROTO_ICMP] = ik_dx_icmp,
		[IK_IPPROTO_TCP] = ik_dx_tcp,
		[IK_IPPROTO_UDP] = ik_dx_udp,
	};

	if (!by_proto[proto])
		return false;
	by_proto[proto](d, c);
	return true;
}

/* ---- IPv4 ---- */

/**
 * ik_dx_ipv4_quote() - the datagram an ICMP error quotes, at depth 1
 * @d:   dissection
 * @off: offset of the quote in the packet
 * @len: its length
 *
 * Problems inside the quote are shown but are not the packet's error: an
 * error message may well quote a broken datagram (that is often why it was
 * sent).
 */
void ik_dx_ipv4_quote(struct ik_dissection *d, size_t off, size_t len)
{
	const uint8_t *p = d->pkt + off;
	struct ik_quote q;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	size_t hl, tot, l4len, first;
	struct l4_ctx c;

	if (!ik_dx_add_layer(d, IK_LK_QUOTE, 0, NULL, off, len, QUOTE_TITLE))
		return;
	if (len == 0)
		return;
	if (ik_icmp_quote_parse(p, len, &q, &e) < 0) {
		char title[80];

		snprintf(title, sizeof(title), "Quoted octets (no usable IPv4 header: %s)",
			 ik_strerror(e.code));
		ik_dx_add_data(d, 1, off, len, title, false);
		return;
	}
	hl = q.hdr_len;
	l = ik_dx_add_layer(d, IK_LK_IPV4, 1, &ik_ft_ipv4, off, IK_IPV4_HDR_MIN, "Quoted IPv4 Header");
	if (!l)
		return;
	ik_dx_csum_verdict(l, F_IPV4_CSUM, "quoted IPv4 header checksum", p, hl, 10);
	tot = ik_get16(p + 2);
	if (tot < hl)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_IPV4_TOTLEN, "quoted IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)hl, "smaller than its %zu-octet header", hl);
	else if (tot > len)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV4_TOTLEN, "quoted IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)len,
			    "the first %zu of the datagram's %zu octets are quoted", len, tot);
	else
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV4_TOTLEN, "quoted IPv4 Total Length",
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
		ik_dx_add_data(d, 1, c.off, l4len, "Quoted fragment data", false);
	} else if (l4len) {
		if (q.ip.mf) {
			c.why_not = "only the first fragment was quoted";
			c.frag = true;
		}
		if (q.ip.proto == IK_IPPROTO_ICMP && c.why_not)
			c.why_not = "message truncated in quote";
		if (!ik_dx_l4(d, &c, q.ip.proto))
			ik_dx_add_data(d, 1, c.off, l4len, "Quoted payload", false);
	}
	ik_dx_link_payload(d, l, first, c.off);
	ik_dx_add_data(d, 1, c.off + l4len, len - hl - l4len,
		 "Octets after the quoted datagram (padding)", false);
}

/**
 * ik_dx_ipv4() - the outer IPv4 header, options and payload
 * @d: dissection
 */
void ik_dx_ipv4(struct ik_dissection *d)
{
	const uint8_t *p = d->pkt;
	size_t len = d->len, hl, tot, end, first;
	struct ik_ipv4_repr r;
	struct ik_wire_err e;
	struct ik_dlayer *l;
	struct l4_ctx c;
	unsigned fo;

	if (ik_ipv4_parse(p, len, 0, &r, &e) < 0)
		ik_dx_set_err(d, &e, 0);
	l = ik_dx_add_layer(d, IK_LK_IPV4, 0, &ik_ft_ipv4, 0, IK_IPV4_HDR_MIN, "IPv4 Header");
	if (len < IK_IPV4_HDR_MIN)
		return;
	hl = (size_t)(p[0] & 0x0f) * 4;
	if (p[0] >> 4 != 4 || hl < IK_IPV4_HDR_MIN) {
		ik_dx_add_data(d, 0, IK_IPV4_HDR_MIN, len - IK_IPV4_HDR_MIN,
			 "Rest of the packet (the header is not IPv4)", false);
		return;
	}
	if (hl <= len)
		ik_dx_csum_verdict(l, F_IPV4_CSUM, "IPv4 header checksum", p, hl, 10);
	else
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_UNVERIFIABLE, F_IPV4_CSUM,
			    "IPv4 header checksum", ik_get16(p + 10), 0,
			    "the header (%zu octets) is cut short at %zu", hl, len);
	tot = ik_get16(p + 2);
	if (tot < hl)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_IPV4_TOTLEN, "IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)len, "smaller than the %zu-octet header", hl);
	else if (tot > len)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_BAD, F_IPV4_TOTLEN, "IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)len, "only %zu octets were captured", len);
	else if (tot == len)
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV4_TOTLEN, "IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)len, "%zu octets captured", len);
	else
		ik_dx_add_verdict(l, IK_VK_LENGTH, IK_VS_OK, F_IPV4_TOTLEN, "IPv4 Total Length",
			    (uint32_t)tot, (uint32_t)len,
			    "%zu octets captured: the last %zu are link-layer padding", len,
			    len - tot);
	opt_layers(d, IK_IPV4_HDR_MIN, ik_dx_min(hl, len) - IK_IPV4_HDR_MIN, 0, true, "");
	if (hl > len)
		return;
	if (tot < hl) {
		ik_dx_add_data(d, 0, hl, len - hl, "Rest of the packet (Total Length too small)", false);
		return;
	}
	end = ik_dx_min(tot, len);
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
		ik_dx_add_data(d, 0, c.off, c.cap, title, false);
	} else {
		if (!ik_dx_l4(d, &c, p[9])) {
			char title[64];

			snprintf(title, sizeof(title), "Payload (protocol %u, %s)", p[9],
				 ik_ip_proto_name(p[9]));
			ik_dx_add_data(d, 0, c.off, c.cap, title, false);
		}
	}
	ik_dx_link_payload(d, l, first, c.off);
	ik_dx_add_data(d, 0, end, len - end, "Trailer (after the Total Length: link-layer padding)", false);
}
