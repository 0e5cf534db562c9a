// SPDX-License-Identifier: MIT
/* icmpv6.c - ICMPv6 (RFC 4443) and Neighbor Discovery (RFC 4861) messages:
 * parse, emit, the option walk */
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv6.h"

/**
 * known() - whether ik_icmpv6_parse() reads the fields of @type (the
 * others keep everything after the first four octets as their body)
 * @type: the type
 *
 * Return: true if so.
 */
static bool known(uint8_t type)
{
	return type <= IK_ICMP6_PARAM_PROB || (type >= IK_ICMP6_ECHO && type <= IK_ICMP6_REDIRECT &&
					       type != 130 && type != 131 && type != 132);
}

size_t ik_icmpv6_hdr_len(uint8_t type)
{
	if (!known(type))
		return 4;
	switch (type) {
	case IK_ICMP6_ROUTER_ADV:
		return 16;
	case IK_ICMP6_NEIGHBOR_SOL:
	case IK_ICMP6_NEIGHBOR_ADV:
		return 24;
	case IK_ICMP6_REDIRECT:
		return 40;
	default:
		return 8;
	}
}

int ik_icmpv6_parse(const uint8_t *buf, size_t len, const uint8_t src[16], const uint8_t dst[16],
		    unsigned flags, struct ik_icmpv6_repr *r, struct ik_wire_err *err)
{
	size_t hl;
	uint16_t want;

	memset(r, 0, sizeof(*r));
	if (!buf || len < 4)
		return ik_wire_err_set(err, IK_ETRUNC, buf ? len : 0,
				       "%zu octets: an ICMPv6 message needs 4", buf ? len : 0);
	r->type = buf[0];
	r->code = buf[1];
	r->csum = ik_get16(buf + 2);
	if (!(flags & IK_ICMPV6_NO_CSUM)) {
		want = ik_ipv6_l4_checksum(buf, len, 2, src, dst, IK_IPV6_NH_ICMPV6);
		if (want != r->csum)
			return ik_wire_err_set(err, IK_ECHECKSUM, 2,
					       "ICMPv6 checksum 0x%04x is wrong (0x%04x expected)",
					       r->csum, want);
	}
	hl = ik_icmpv6_hdr_len(r->type);
	if (len < hl)
		return ik_wire_err_set(err, IK_ETRUNC, len, "type %u needs %zu octets, %zu there",
				       r->type, hl, len);
	switch (r->type) {
	case IK_ICMP6_ECHO:
	case IK_ICMP6_ECHO_REPLY:
		r->u.echo.ident = ik_get16(buf + 4);
		r->u.echo.seq = ik_get16(buf + 6);
		break;
	case IK_ICMP6_PACKET_TOO_BIG:
		r->u.mtu = ik_get32(buf + 4);
		break;
	case IK_ICMP6_PARAM_PROB:
		r->u.pointer = ik_get32(buf + 4);
		break;
	case IK_ICMP6_ROUTER_ADV:
		r->u.ra.hop_limit = buf[4];
		r->u.ra.flags = buf[5];
		r->u.ra.lifetime = ik_get16(buf + 6);
		r->u.ra.reachable = ik_get32(buf + 8);
		r->u.ra.retrans = ik_get32(buf + 12);
		break;
	case IK_ICMP6_NEIGHBOR_SOL:
	case IK_ICMP6_NEIGHBOR_ADV:
		r->u.nd.flags = buf[4];
		memcpy(r->u.nd.target, buf + 8, 16);
		break;
	case IK_ICMP6_REDIRECT:
		memcpy(r->u.redirect.target, buf + 8, 16);
		memcpy(r->u.redirect.dest, buf + 24, 16);
		break;
	default: /* the other errors and Router Solicitation: 4 unused octets */
		break;
	}
	r->body = buf + hl;
	r->body_len = len - hl;
	return (int)hl;
}

/**
 * put_fields() - write @r's fixed part after its first four octets
 * @r: repr; @buf: the message (at least ik_icmpv6_hdr_len() octets)
 * @hl: that length
 */
static void put_fields(const struct ik_icmpv6_repr *r, uint8_t *buf, size_t hl)
{
	memset(buf + 4, 0, hl - 4);
	switch (r->type) {
	case IK_ICMP6_ECHO:
	case IK_ICMP6_ECHO_REPLY:
		ik_put16(buf + 4, r->u.echo.ident);
		ik_put16(buf + 6, r->u.echo.seq);
		break;
	case IK_ICMP6_PACKET_TOO_BIG:
		ik_put32(buf + 4, r->u.mtu);
		break;
	case IK_ICMP6_PARAM_PROB:
		ik_put32(buf + 4, r->u.pointer);
		break;
	case IK_ICMP6_ROUTER_ADV:
		buf[4] = r->u.ra.hop_limit;
		buf[5] = r->u.ra.flags;
		ik_put16(buf + 6, r->u.ra.lifetime);
		ik_put32(buf + 8, r->u.ra.reachable);
		ik_put32(buf + 12, r->u.ra.retrans);
		break;
	case IK_ICMP6_NEIGHBOR_SOL:
	case IK_ICMP6_NEIGHBOR_ADV:
		buf[4] = r->u.nd.flags;
		memcpy(buf + 8, r->u.nd.target, 16);
		break;
	case IK_ICMP6_REDIRECT:
		memcpy(buf + 8, r->u.redirect.target, 16);
		memcpy(buf + 24, r->u.redirect.dest, 16);
		break;
	default:
		break;
	}
}

int ik_icmpv6_emit(const struct ik_icmpv6_repr *r, const uint8_t src[16], const uint8_t dst[16],
		   uint8_t *buf, size_t cap)
{
	size_t hl, n;

	if (!r || !buf || (r->body_len && !r->body))
		return -IK_EINVAL;
	hl = ik_icmpv6_hdr_len(r->type);
	n = hl + r->body_len;
	if (n > 0xffffu)
		return -IK_EINVAL;
	if (n > cap)
		return -IK_ENOSPC;
	if (r->body_len && r->body != buf + hl)
		memmove(buf + hl, r->body, r->body_len);
	buf[0] = r->type;
	buf[1] = r->code;
	put_fields(r, buf, hl);
	ik_put16(buf + 2, 0);
	ik_put16(buf + 2, ik_ipv6_l4_checksum(buf, n, 2, src, dst, IK_IPV6_NH_ICMPV6));
	return (int)n;
}

void ik_ndp_iter_init(struct ik_ndp_iter *it, const uint8_t *p, size_t len)
{
	it->p = p;
	it->len = p ? len : 0;
	it->off = 0;
}

int ik_ndp_next(struct ik_ndp_iter *it, struct ik_ndp_opt *o, struct ik_wire_err *err)
{
	const uint8_t *q = it->p + it->off;
	size_t left = it->len - it->off, n;

	if (!left)
		return 0;
	if (left < 2)
		return ik_wire_err_set(err, IK_EOPTION, it->off, "%zu octet left: an option needs 8",
				       left);
	n = (size_t)q[1] * 8;
	if (!n)
		return ik_wire_err_set(err, IK_EOPTION, it->off + 1,
				       "option %u with length 0 (RFC 4861 4.6: invalid)", q[0]);
	if (n > left)
		return ik_wire_err_set(err, IK_EOPTION, it->off + 1,
				       "option %u of %zu octets, %zu left", q[0], n, left);
	if ((q[0] == IK_NDP_OPT_PREFIX && n != 32) || (q[0] == IK_NDP_OPT_MTU && n != 8))
		return ik_wire_err_set(err, IK_EOPTION, it->off + 1,
				       "option %u of %zu octets (it has %u)", q[0], n,
				       q[0] == IK_NDP_OPT_PREFIX ? 32u : 8u);
	*o = (struct ik_ndp_opt){ .type = q[0], .len = n, .data = q + 2, .off = it->off };
	it->off += n;
	return 1;
}
