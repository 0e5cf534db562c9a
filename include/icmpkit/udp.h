/* SPDX-License-Identifier: MIT */
/**
 * DOC: UDP header (RFC 768) with the pseudo-header checksum
 * Layer: wire (include/icmpkit/README.md)
 */
#ifndef ICMPKIT_UDP_H
#define ICMPKIT_UDP_H

#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "err.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IK_UDP_HDR_LEN 8

/**
 * struct ik_udp_view - checked window over a UDP header
 * @buf: first octet of the header
 * @len: octets available at @buf (at least 8)
 */
struct ik_udp_view {
	const uint8_t *buf;
	size_t len;
};

/**
 * ik_udp_view_init() - the one length check before the accessors
 * @v: view to fill; @buf: bytes (the IP payload); @len: octets at @buf
 *
 * Return: 0, or -IK_ETRUNC when fewer than 8 octets are there.
 */
static inline int ik_udp_view_init(struct ik_udp_view *v, const uint8_t *buf, size_t len)
{
	if (!buf || len < IK_UDP_HDR_LEN)
		return -IK_ETRUNC;
	v->buf = buf;
	v->len = len;
	return 0;
}

/** ik_udp_sport() - Source Port. Return: the port. */
static inline uint16_t ik_udp_sport(const struct ik_udp_view *v) { return ik_get16(v->buf); }
/** ik_udp_dport() - Destination Port. Return: the port. */
static inline uint16_t ik_udp_dport(const struct ik_udp_view *v) { return ik_get16(v->buf + 2); }
/** ik_udp_length() - the Length field (header + data). Return: it. */
static inline uint16_t ik_udp_length(const struct ik_udp_view *v) { return ik_get16(v->buf + 4); }
/** ik_udp_csum() - the Checksum field (0: none sent). Return: it. */
static inline uint16_t ik_udp_csum(const struct ik_udp_view *v) { return ik_get16(v->buf + 6); }

/**
 * struct ik_udp_repr - a UDP datagram as values
 * @sport:       source port
 * @dport:       destination port
 * @len:         Length field (parse: as read; emit: computed)
 * @csum:        checksum field as read (parse only)
 * @payload:     data (not copied)
 * @payload_len: octets of data
 */
struct ik_udp_repr {
	uint16_t sport, dport;
	uint16_t len;
	uint16_t csum;
	const uint8_t *payload;
	size_t payload_len;
};

/* ik_udp_parse() flags */
#define IK_UDP_NO_CSUM 0x1u /* do not verify the checksum */

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
 * Checks: 8 octets present, 8 <= Length <= @len, checksum (a zero field
 * means none was sent; a computed 0 is sent as 0xffff).
 *
 * Return: 8, or -IK_ETRUNC / -IK_ELEN / -IK_ECHECKSUM.
 */
int ik_udp_parse(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst, unsigned flags,
		 struct ik_udp_repr *r, struct ik_wire_err *err);

/**
 * ik_udp_emit() - write header and payload with the checksum
 * @r:   repr (len and csum are computed; payload copied after the header
 *       unless it already points at @buf + 8)
 * @src: IP source, host order
 * @dst: IP destination, host order
 * @buf: output
 * @cap: octets available
 *
 * Return: octets written (8 + payload), or -IK_ENOSPC / -IK_EINVAL.
 */
int ik_udp_emit(const struct ik_udp_repr *r, uint32_t src, uint32_t dst, uint8_t *buf, size_t cap);

/**
 * ik_udp_checksum() - the checksum a UDP datagram should carry
 * @buf: UDP header + data, with the checksum field as it is
 * @len: octets
 * @src: IP source, host order
 * @dst: IP destination, host order
 *
 * Return: the correct field value (computed with the field taken as zero,
 * and 0 sent as 0xffff).
 */
uint16_t ik_udp_checksum(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst);

#ifdef __cplusplus
}
#endif
#endif
