// SPDX-License-Identifier: MIT
/* ipv4.c - IPv4 header (RFC 791): view, parse, emit */
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/ipv4.h"
#include "wire/checksum_impl.h"

#define IPV4_MAX_OPTS (IK_IPV4_HDR_MAX - IK_IPV4_HDR_MIN)


/**
 * check_opts() - walk the options area and stop at the first bad option
 * @opts: options area (just after the fixed header)
 * @len:  its length
 * @err:  where and why, offset from the start of the IP header (may be NULL)
 *
 * Return: 0, or -IK_EOPTION.
 */
static int check_opts(const uint8_t *opts, size_t len, struct ik_wire_err *err)
{
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;
	struct ik_wire_err oe;
	int rc;

	ik_ipv4_opt_iter_init(&it, opts, len);
	while ((rc = ik_ipv4_opt_next(&it, &o, &oe)) > 0)
		;
	if (rc < 0)
		return ik_wire_err_set(err, IK_EOPTION, IK_IPV4_HDR_MIN + oe.off, "%s", oe.msg);
	return 0;
}

/**
 * ik_ipv4_parse_all() - ik_ipv4_parse() for every header (its inline front
 * in ipv4.h takes the commonest one itself)
 * @buf:   bytes
 * @len:   octets at @buf
 * @flags: IK_IPV4_NO_CSUM, IK_IPV4_QUOTED
 * @r:     repr to fill
 * @err:   where and why, on failure (may be NULL)
 *
 * The repr is zeroed first and filled as the checks pass: opts/opts_len once
 * the IHL is good; total_len/payload_len once the total length is good; tos,
 * ident, ttl, proto, csum, src and dst once the checksum is good (the fields
 * it covers); df/mf (and rf, always false) once the reserved flag is clear;
 * frag_off once offset + payload fit. So on failure @r holds every field read
 * before the bad one, and never the bad one itself.
 *
 * Return: header length in octets, or a negative IK_E* code.
 */
int ik_ipv4_parse_all(const uint8_t *buf, size_t len, unsigned flags, struct ik_ipv4_repr *r,
		      struct ik_wire_err *err)
{
	unsigned ihl, hlen, tot, word, fo;

	memset(r, 0, sizeof(*r));
	if (!buf)
		len = 0;
	if (len < IK_IPV4_HDR_MIN)
		return ik_wire_err_set(err, IK_ETRUNC, len,
				       "%zu octets captured, an IPv4 header needs at least 20", len);
	if (buf[0] >> 4 != 4)
		return ik_wire_err_set(err, IK_EVERSION, 0, "version %u, expected 4",
				       (unsigned)(buf[0] >> 4));
	ihl = buf[0] & 0x0fu;
	hlen = ihl * 4u;
	if (ihl < 5)
		return ik_wire_err_set(err, IK_EIHL, 0,
				       "IHL %u < 5 (header must be at least 20 octets)", ihl);
	if (hlen > len)
		return ik_wire_err_set(err, IK_EIHL, 0, "IHL %u (%u octets) > %zu octets captured",
				       ihl, hlen, len);
	if (hlen > IK_IPV4_HDR_MIN) {
		r->opts = buf + IK_IPV4_HDR_MIN;
		r->opts_len = hlen - IK_IPV4_HDR_MIN;
	}

	tot = ik_get16(buf + 2);
	if (tot < hlen)
		return ik_wire_err_set(err, IK_ETOTLEN, 2, "total length %u < header length %u",
				       tot, hlen);
	if (!(flags & IK_IPV4_QUOTED) && tot > len)
		return ik_wire_err_set(err, IK_ETOTLEN, 2, "total length %u > %zu octets captured",
				       tot, len);
	r->total_len = (uint16_t)tot;
	r->payload_len = tot - hlen;

	if (!(flags & IK_IPV4_NO_CSUM) && !ik_ipv4_hdr_sum_ok(buf, hlen)) {
		uint32_t acc;

		if (!err)
			return -IK_ECHECKSUM;
		acc = ik_csum_partial(buf, 10, 0);
		acc = ik_csum_partial(buf + 12, hlen - 12, acc);
		return ik_wire_err_set(err, IK_ECHECKSUM, 10, "header checksum 0x%04x, correct 0x%04x",
				       ik_get16(buf + 10), ik_csum_finish(acc));
	}
	r->tos = buf[1];
	r->ident = ik_get16(buf + 4);
	r->ttl = buf[8];
	r->proto = buf[9];
	r->csum = ik_get16(buf + 10);
	r->src = ik_get32(buf + 12);
	r->dst = ik_get32(buf + 16);

	word = ik_get16(buf + 6);
	if (word & IK_IPV4_RF)
		return ik_wire_err_set(err, IK_EFRAG, 6, "reserved flag set");
	r->df = (word & IK_IPV4_DF) != 0;
	r->mf = (word & IK_IPV4_MF) != 0;
	fo = (word & IK_IPV4_OFFMASK) * 8u;
	if (fo + r->payload_len > IK_IPV4_MAX_LEN)
		return ik_wire_err_set(err, IK_EFRAG, 6, "fragment offset %u + payload %zu > 65535",
				       fo, r->payload_len);
	r->frag_off = fo;

	if (r->opts_len && check_opts(r->opts, r->opts_len, err) < 0)
		return -IK_EOPTION;
	return (int)hlen;
}

/**
 * ik_ipv4_hdr_len() - header length @r will emit
 * @r: repr
 *
 * Return: 20 + options rounded up to a multiple of 4.
 */
size_t ik_ipv4_hdr_len(const struct ik_ipv4_repr *r)
{
	return IK_IPV4_HDR_MIN + ((r->opts_len + 3) & ~(size_t)3);
}

/**
 * ik_ipv4_emit_all() - ik_ipv4_emit() for any header
 * @r:   repr (total_len and csum are computed)
 * @buf: output
 * @cap: octets available
 *
 * Options are copied (they may already sit at @buf + 20) and padded with
 * EOL octets to a multiple of 4; the fixed octets are ik_ipv4_put_fixed()'s.
 *
 * Return: as ik_ipv4_emit().
 */
int ik_ipv4_emit_all(const struct ik_ipv4_repr *r, uint8_t *buf, size_t cap)
{
	size_t hlen, olen = r->opts_len;
	uint32_t osum = 0;

	if (olen > IPV4_MAX_OPTS || (olen && !r->opts))
		return -IK_EINVAL;
	hlen = ik_ipv4_hdr_len(r);
	if (r->payload_len > IK_IPV4_MAX_LEN - hlen)
		return -IK_EINVAL;
	if (r->frag_off % 8u != 0 || r->frag_off / 8u > IK_IPV4_OFFMASK)
		return -IK_EINVAL;
	if (!buf || cap < hlen)
		return -IK_ENOSPC;
	if (hlen > IK_IPV4_HDR_MIN) {
		memmove(buf + IK_IPV4_HDR_MIN, r->opts, olen);
		memset(buf + IK_IPV4_HDR_MIN + olen, IK_IPOPT_EOL, hlen - IK_IPV4_HDR_MIN - olen);
		osum = ik_csum_partial(buf + IK_IPV4_HDR_MIN, hlen - IK_IPV4_HDR_MIN, 0);
	}
	ik_ipv4_put_fixed(r, buf, hlen, osum);
	return (int)hlen;
}
