/* SPDX-License-Identifier: MIT */
/**
 * DOC: TCP header (RFC 9293 §3.1) with its options and the pseudo-header
 * checksum
 * Layer: wire (include/icmpkit/README.md)
 *
 * Enough TCP for a host with no listener yet: read any segment (header,
 * options, the length a segment occupies in sequence space), check its
 * checksum, and write a segment (a reset) with its checksum.
 */
#ifndef ICMPKIT_TCP_H
#define ICMPKIT_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "err.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IK_TCP_HDR_MIN 20 /* Data Offset 5 */
#define IK_TCP_HDR_MAX 60 /* Data Offset 15 */

/* control bits, as they sit in the low byte of octets 12-13 (RFC 9293,
 * RFC 3168 for CWR/ECE) */
#define IK_TCP_FIN 0x001u
#define IK_TCP_SYN 0x002u
#define IK_TCP_RST 0x004u
#define IK_TCP_PSH 0x008u
#define IK_TCP_ACK 0x010u
#define IK_TCP_URG 0x020u
#define IK_TCP_ECE 0x040u
#define IK_TCP_CWR 0x080u

/* option kinds (IANA "TCP Option Kind Numbers") */
#define IK_TCPOPT_EOL       0
#define IK_TCPOPT_NOP       1
#define IK_TCPOPT_MSS       2  /* RFC 9293 */
#define IK_TCPOPT_WSCALE    3  /* RFC 7323 */
#define IK_TCPOPT_SACK_PERM 4  /* RFC 2018 */
#define IK_TCPOPT_SACK      5  /* RFC 2018 */
#define IK_TCPOPT_TIMESTAMP 8  /* RFC 7323 */

/**
 * struct ik_tcp_view - checked window over a TCP header
 * @buf: first octet of the header
 * @len: octets available at @buf (at least 20)
 */
struct ik_tcp_view {
	const uint8_t *buf;
	size_t len;
};

/**
 * ik_tcp_view_init() - the one length check before the accessors
 * @v: view to fill; @buf: bytes (the IP payload); @len: octets at @buf
 *
 * Return: 0, or -IK_ETRUNC when fewer than 20 octets are there.
 */
static inline int ik_tcp_view_init(struct ik_tcp_view *v, const uint8_t *buf, size_t len)
{
	if (!buf || len < IK_TCP_HDR_MIN)
		return -IK_ETRUNC;
	v->buf = buf;
	v->len = len;
	return 0;
}

/** ik_tcp_sport() - Source Port. Return: the port. */
static inline uint16_t ik_tcp_sport(const struct ik_tcp_view *v) { return ik_get16(v->buf); }
/** ik_tcp_dport() - Destination Port. Return: the port. */
static inline uint16_t ik_tcp_dport(const struct ik_tcp_view *v) { return ik_get16(v->buf + 2); }
/** ik_tcp_seq() - Sequence Number. Return: it. */
static inline uint32_t ik_tcp_seq(const struct ik_tcp_view *v) { return ik_get32(v->buf + 4); }
/** ik_tcp_ack() - Acknowledgment Number. Return: it. */
static inline uint32_t ik_tcp_ack(const struct ik_tcp_view *v) { return ik_get32(v->buf + 8); }
/** ik_tcp_doff() - Data Offset in octets (4 x the field). Return: it. */
static inline unsigned ik_tcp_doff(const struct ik_tcp_view *v) { return (v->buf[12] >> 4) * 4u; }
/** ik_tcp_flags() - the control bits (IK_TCP_*; reserved bits left out). Return: them. */
static inline unsigned ik_tcp_flags(const struct ik_tcp_view *v) { return v->buf[13]; }
/** ik_tcp_window() - Window. Return: it. */
static inline uint16_t ik_tcp_window(const struct ik_tcp_view *v) { return ik_get16(v->buf + 14); }
/** ik_tcp_csum() - Checksum field. Return: it. */
static inline uint16_t ik_tcp_csum(const struct ik_tcp_view *v) { return ik_get16(v->buf + 16); }
/** ik_tcp_urgent() - Urgent Pointer. Return: it. */
static inline uint16_t ik_tcp_urgent(const struct ik_tcp_view *v) { return ik_get16(v->buf + 18); }

/**
 * struct ik_tcp_opts - the options a segment carried, as values (only the
 * kinds a host reads; others are skipped and counted)
 * @mss:       Maximum Segment Size (kind 2), when @has & IK_TCPO_MSS
 * @wscale:    Window Scale shift (kind 3)
 * @ts_val:    Timestamp TSval (kind 8)
 * @ts_ecr:    Timestamp TSecr (kind 8)
 * @sack_blocks: SACK blocks (kind 5)
 * @has:       IK_TCPO_* bits: which of the above were present
 * @unknown:   options of other kinds, skipped by their length
 */
struct ik_tcp_opts {
	uint16_t mss;
	uint8_t wscale;
	uint32_t ts_val, ts_ecr;
	uint8_t sack_blocks;
	unsigned has;
	unsigned unknown;
};

#define IK_TCPO_MSS       0x01u
#define IK_TCPO_WSCALE    0x02u
#define IK_TCPO_SACK_PERM 0x04u
#define IK_TCPO_SACK      0x08u
#define IK_TCPO_TIMESTAMP 0x10u

/**
 * struct ik_tcp_repr - a TCP segment as values
 * @sport/@dport: ports
 * @seq:          Sequence Number
 * @ack:          Acknowledgment Number (meaningful with IK_TCP_ACK)
 * @flags:        control bits (IK_TCP_*)
 * @window:       Window
 * @csum:         checksum field as read (parse only)
 * @urgent:       Urgent Pointer
 * @hdr_len:      header length in octets with options (parse: Data Offset x
 *                4; emit: 20 + @opts_len rounded up to 4)
 * @opts:         option octets (not copied; NULL/0: none)
 * @opts_len:     their length
 * @payload:      data (not copied)
 * @payload_len:  octets of data
 */
struct ik_tcp_repr {
	uint16_t sport, dport;
	uint32_t seq, ack;
	unsigned flags;
	uint16_t window;
	uint16_t csum;
	uint16_t urgent;
	size_t hdr_len;
	const uint8_t *opts;
	size_t opts_len;
	const uint8_t *payload;
	size_t payload_len;
};

/* ik_tcp_parse() flags */
#define IK_TCP_NO_CSUM 0x1u /* do not verify the checksum */

/**
 * ik_tcp_parse() - validate a TCP segment and fill a repr
 * @buf:   first octet of the TCP header
 * @len:   octets at @buf (the IP payload length)
 * @src:   IP source (host order), for the pseudo-header
 * @dst:   IP destination (host order)
 * @flags: IK_TCP_NO_CSUM
 * @r:     repr to fill
 * @err:   where and why (may be NULL)
 *
 * Checks: 20 octets present, 20 <= Data Offset x 4 <= @len, the checksum
 * over the pseudo-header (RFC 9293 §3.1; unlike UDP's, never optional).
 * The options are not interpreted here (ik_tcp_opts_parse()).
 *
 * Return: the header length, or -IK_ETRUNC / -IK_ELEN / -IK_ECHECKSUM.
 */
int ik_tcp_parse(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst, unsigned flags,
		 struct ik_tcp_repr *r, struct ik_wire_err *err);

/**
 * ik_tcp_opts_parse() - walk a segment's options (RFC 9293 §3.2)
 * @opts: option octets (after the 20-octet header)
 * @len:  their length
 * @o:    values found
 * @err:  where and why (may be NULL)
 *
 * End of Option List stops the walk; No-Operation is skipped; every other
 * kind must have a length octet >= 2 that stays inside @len; a known kind
 * with the wrong length is an error.
 *
 * Return: 0, or -IK_EOPTION (the offset in @err).
 */
int ik_tcp_opts_parse(const uint8_t *opts, size_t len, struct ik_tcp_opts *o,
		      struct ik_wire_err *err);

/**
 * ik_tcp_opt_want() - the length octet a known option kind must carry
 * @kind: option kind (IK_TCPOPT_*)
 *
 * Return: 4 for MSS, 3 for Window Scale, 2 for SACK Permitted, 10 for
 * Timestamps, 10 for SACK (the least: 2 + 8 per block), 1 for EOL and NOP
 * (no length octet), 0 for a kind ik_tcp_opts_parse() does not read.
 */
unsigned ik_tcp_opt_want(uint8_t kind);

/**
 * ik_tcp_seg_len() - the sequence space a segment occupies (RFC 9293
 * §3.4: SEG.LEN counts the data and one each for SYN and FIN)
 * @r: parsed segment
 *
 * Return: SEG.LEN.
 */
static inline uint32_t ik_tcp_seg_len(const struct ik_tcp_repr *r)
{
	return (uint32_t)r->payload_len + !!(r->flags & IK_TCP_SYN) + !!(r->flags & IK_TCP_FIN);
}

/**
 * ik_tcp_emit() - write a TCP header (options, then payload) with its
 * checksum
 * @r:   repr (hdr_len and csum computed; options padded with EOL to a
 *       multiple of 4; payload copied after the header unless it already
 *       sits there)
 * @src: IP source, host order
 * @dst: IP destination, host order
 * @buf: output
 * @cap: octets available
 *
 * Return: octets written (header + payload), or -IK_ENOSPC / -IK_EINVAL
 * (options longer than 40 octets).
 */
int ik_tcp_emit(const struct ik_tcp_repr *r, uint32_t src, uint32_t dst, uint8_t *buf, size_t cap);

/**
 * ik_tcp_checksum() - the checksum a TCP segment should carry
 * @buf: TCP header + data, with the checksum field as it is
 * @len: octets
 * @src: IP source, host order
 * @dst: IP destination, host order
 *
 * Return: the correct field value (computed with the field taken as zero).
 */
uint16_t ik_tcp_checksum(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst);

/**
 * ik_tcp_flags_str() - control bits as text, in the order tcpdump prints
 * them ("SYN,ACK", "RST", "none")
 * @flags: IK_TCP_* bits
 * @buf:   output
 * @cap:   its size (32 suffices)
 *
 * Return: @buf.
 */
char *ik_tcp_flags_str(unsigned flags, char *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
