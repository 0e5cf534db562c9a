// SPDX-License-Identifier: MIT
/* ipv6.c - IPv6 header (RFC 8200): parse with the extension chain, emit,
 * the pseudo-header checksum */
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/ipv6.h"

/**
 * is_ext() - whether Next Header value @nh names an extension header the
 * walk steps over
 * @nh: the value
 *
 * Return: true for Hop-by-Hop Options, Routing, Fragment and Destination
 * Options.
 */
static bool is_ext(uint8_t nh)
{
	return nh == IK_IPV6_NH_HOPOPTS || nh == IK_IPV6_NH_ROUTING || nh == IK_IPV6_NH_FRAGMENT ||
	       nh == IK_IPV6_NH_DSTOPTS;
}

/**
 * stop() - end the walk at @off with @nh as the protocol found there
 * @r: repr; @nh: the Next Header value; @off: where it starts
 *
 * Return: @off.
 */
static int stop(struct ik_ipv6_repr *r, uint8_t nh, size_t off)
{
	r->proto = nh;
	r->l4_off = off;
	return (int)off;
}

/**
 * fragment() - read a Fragment header (8 octets at @p, @off from the start)
 * @r: repr; @p: the header; @off: its offset; @end: where the payload ends;
 * @err: where and why (may be NULL)
 *
 * Its two reserved fields are ignored on receipt (RFC 8200 §4.5).
 *
 * Return: 0, or -IK_EFRAG when offset and data pass 65,535 octets.
 */
static int fragment(struct ik_ipv6_repr *r, const uint8_t *p, size_t off, size_t end,
		    struct ik_wire_err *err)
{
	uint16_t w = ik_get16(p + 2);

	r->frag = true;
	r->frag_off = w & 0xfff8u;
	r->frag_more = w & 1u;
	r->frag_id = ik_get32(p + 4);
	r->atomic = !r->frag_off && !r->frag_more;
	if (r->frag_off + (end - off - 8) > 65535)
		return ik_wire_err_set(err, IK_EFRAG, off + 2,
				       "fragment offset %u and %zu octets pass 65,535", r->frag_off,
				       end - off - 8);
	return 0;
}

int ik_ipv6_parse(const uint8_t *buf, size_t len, unsigned flags, struct ik_ipv6_repr *r,
		  struct ik_wire_err *err)
{
	bool quoted = flags & IK_IPV6_QUOTED;
	size_t end, off = IK_IPV6_HDR_LEN, nh_at = 6;
	uint8_t nh;
	int rc;

	memset(r, 0, sizeof(*r));
	if (!buf || len < IK_IPV6_HDR_LEN)
		return ik_wire_err_set(err, IK_ETRUNC, buf ? len : 0,
				       "%zu octets: an IPv6 header needs 40", buf ? len : 0);
	if (buf[0] >> 4 != 6)
		return ik_wire_err_set(err, IK_EVERSION, 0, "version %u, not 6", buf[0] >> 4);
	r->tclass = (uint8_t)(ik_get16(buf) >> 4);
	r->flow = ik_get32(buf) & 0xfffffu;
	r->payload_len = ik_get16(buf + 4);
	r->next = buf[6];
	r->hop_limit = buf[7];
	memcpy(r->src, buf + 8, 16);
	memcpy(r->dst, buf + 24, 16);
	end = IK_IPV6_HDR_LEN + (size_t)r->payload_len;
	if (end > len) {
		if (!quoted)
			return ik_wire_err_set(err, IK_ETOTLEN, 4,
					       "payload length %u: %zu octets past the %zu there",
					       r->payload_len, end - len, len - IK_IPV6_HDR_LEN);
		end = len;
	}
	nh = r->next;
	while (is_ext(nh)) {
		const uint8_t *p = buf + off;
		size_t hl;

		if (r->next_ext == IK_IPV6_EXT_MAX)
			return ik_wire_err_set(err, IK_EOPTION, nh_at,
					       "more than %d extension headers", IK_IPV6_EXT_MAX);
		if (nh == IK_IPV6_NH_HOPOPTS && r->next_ext)
			return ik_wire_err_set(err, IK_EOPTION, nh_at,
					       "Hop-by-Hop Options after another header (only first, "
					       "RFC 8200 4.3)");
		if (off + 8 > end) {
			if (quoted)
				return stop(r, nh, off);
			return ik_wire_err_set(err, IK_EOPTION, off,
					       "extension header %u at %zu: 8 octets needed, %zu left",
					       nh, off, end - off);
		}
		hl = nh == IK_IPV6_NH_FRAGMENT ? 8 : ((size_t)p[1] + 1) * 8;
		if (off + hl > end) {
			if (quoted)
				return stop(r, nh, off);
			return ik_wire_err_set(err, IK_EOPTION, off + 1,
					       "extension header %u at %zu: %zu octets, %zu left", nh,
					       off, hl, end - off);
		}
		r->ext[r->next_ext++] = (struct ik_ipv6_ext){ .type = nh, .off = (uint16_t)off,
							      .len = (uint16_t)hl };
		if (nh == IK_IPV6_NH_FRAGMENT) {
			rc = fragment(r, p, off, end, err);
			if (rc < 0)
				return rc;
			if (r->frag_off) /* what follows is data, not headers */
				return stop(r, p[0], off + hl);
		}
		nh_at = off;
		nh = p[0];
		off += hl;
	}
	return stop(r, nh, off);
}

int ik_ipv6_emit(const struct ik_ipv6_repr *r, uint8_t *buf, size_t cap)
{
	if (!r || !buf)
		return -IK_EINVAL;
	if (r->flow > 0xfffffu)
		return -IK_EINVAL;
	if (cap < IK_IPV6_HDR_LEN)
		return -IK_ENOSPC;
	ik_put32(buf, 6u << 28 | (uint32_t)r->tclass << 20 | r->flow);
	ik_put16(buf + 4, r->payload_len);
	buf[6] = r->next;
	buf[7] = r->hop_limit;
	memcpy(buf + 8, r->src, 16);
	memcpy(buf + 24, r->dst, 16);
	return IK_IPV6_HDR_LEN;
}

uint32_t ik_ipv6_pseudo(const uint8_t src[16], const uint8_t dst[16], uint32_t len, uint8_t nh)
{
	uint8_t tail[8];
	uint32_t acc;

	ik_put32(tail, len);
	ik_put32(tail + 4, nh);
	acc = ik_csum_partial(src, 16, 0);
	acc = ik_csum_partial(dst, 16, acc);
	return ik_csum_partial(tail, sizeof(tail), acc);
}

uint16_t ik_ipv6_l4_checksum(const uint8_t *buf, size_t len, size_t csum_off,
			     const uint8_t src[16], const uint8_t dst[16], uint8_t nh)
{
	uint32_t acc = ik_ipv6_pseudo(src, dst, (uint32_t)len, nh);
	uint16_t c;

	/* the checksum field counts as zero: the octets either side of it */
	acc = ik_csum_partial(buf, len < csum_off ? len : csum_off, acc);
	if (len > csum_off + 2)
		acc = ik_csum_partial(buf + csum_off + 2, len - csum_off - 2, acc);
	c = ik_csum_finish(acc);
	return nh == IK_IPV6_NH_UDP && c == 0 ? 0xffff : c;
}
