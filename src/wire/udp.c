// SPDX-License-Identifier: MIT
/* udp.c - UDP header (RFC 768) and its pseudo-header checksum */
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/udp.h"

/**
 * ik_udp_checksum() - the checksum a UDP datagram should carry
 * @buf: UDP header + data, with the checksum field as it is
 * @len: octets (the UDP Length; at most 65535)
 * @src: IP source, host order
 * @dst: IP destination, host order
 *
 * Return: the correct field value (computed with the field taken as zero,
 * and 0 sent as 0xffff).
 */
uint16_t ik_udp_checksum(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst)
{
	uint32_t acc = ik_csum_pseudo(src, dst, IK_IPPROTO_UDP, (uint16_t)len);
	uint16_t c;

	/* octets 6-7 (the checksum field) count as zero */
	acc = ik_csum_partial(buf, len < 6 ? len : 6, acc);
	if (len > IK_UDP_HDR_LEN)
		acc = ik_csum_partial(buf + IK_UDP_HDR_LEN, len - IK_UDP_HDR_LEN, acc);
	c = ik_csum_finish(acc);
	return c ? c : 0xffff;
}

/**
 * ik_udp_parse() - validate a UDP datagram and fill a repr
 * @buf:   first octet of the UDP header
 * @len:   octets at @buf (the IP payload length)
 * @src:   IP source (host order), for the pseudo-header
 * @dst:   IP destination (host order)
 * @flags: IK_UDP_NO_CSUM
 * @r:     repr to fill
 * @err:   where and why (may be NULL)
 *
 * The checksum covers the Length octets the header announces (octets past
 * them in @len are ignored). @r is zeroed, then filled as checks pass:
 * ports first, then len/payload/payload_len once Length is good, then csum.
 *
 * Return: 8, or -IK_ETRUNC / -IK_ELEN / -IK_ECHECKSUM.
 */
int ik_udp_parse(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst, unsigned flags,
		 struct ik_udp_repr *r, struct ik_wire_err *err)
{
	unsigned ulen;
	uint16_t field;

	memset(r, 0, sizeof(*r));
	if (!buf)
		len = 0;
	if (len < IK_UDP_HDR_LEN)
		return ik_wire_err_set(err, IK_ETRUNC, len,
				       "%zu octets, a UDP header needs 8", len);
	r->sport = ik_get16(buf);
	r->dport = ik_get16(buf + 2);
	ulen = ik_get16(buf + 4);
	if (ulen < IK_UDP_HDR_LEN)
		return ik_wire_err_set(err, IK_ELEN, 4, "UDP length %u < 8", ulen);
	if (ulen > len)
		return ik_wire_err_set(err, IK_ELEN, 4, "UDP length %u > %zu octets of IP payload",
				       ulen, len);
	r->len = (uint16_t)ulen;
	r->payload = buf + IK_UDP_HDR_LEN;
	r->payload_len = ulen - IK_UDP_HDR_LEN;

	field = ik_get16(buf + 6);
	if (!(flags & IK_UDP_NO_CSUM) && field != 0) {
		uint32_t acc = ik_csum_pseudo(src, dst, IK_IPPROTO_UDP, (uint16_t)ulen);

		if (ik_csum_finish(ik_csum_partial(buf, ulen, acc)) != 0)
			return ik_wire_err_set(err, IK_ECHECKSUM, 6,
					       "UDP checksum 0x%04x, correct 0x%04x", field,
					       ik_udp_checksum(buf, ulen, src, dst));
	}
	r->csum = field;
	return IK_UDP_HDR_LEN;
}

/**
 * ik_udp_emit() - write header and payload with the checksum
 * @r:   repr (len and csum are computed; payload copied after the header
 *       unless it already points at @buf + 8)
 * @src: IP source, host order
 * @dst: IP destination, host order
 * @buf: output
 * @cap: octets available
 *
 * Return: octets written (8 + payload), or -IK_ENOSPC / -IK_EINVAL (payload
 * NULL with a length, or 8 + payload > 65535).
 */
int ik_udp_emit(const struct ik_udp_repr *r, uint32_t src, uint32_t dst, uint8_t *buf, size_t cap)
{
	size_t n;

	if (r->payload_len && !r->payload)
		return -IK_EINVAL;
	if (r->payload_len > IK_IPV4_MAX_LEN - IK_UDP_HDR_LEN)
		return -IK_EINVAL;
	n = IK_UDP_HDR_LEN + r->payload_len;
	if (!buf || cap < n)
		return -IK_ENOSPC;
	if (r->payload_len && r->payload != buf + IK_UDP_HDR_LEN)
		memmove(buf + IK_UDP_HDR_LEN, r->payload, r->payload_len);
	ik_put16(buf, r->sport);
	ik_put16(buf + 2, r->dport);
	ik_put16(buf + 4, (uint16_t)n);
	ik_put16(buf + 6, 0);
	ik_put16(buf + 6, ik_udp_checksum(buf, n, src, dst));
	return (int)n;
}
