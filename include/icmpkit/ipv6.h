/* SPDX-License-Identifier: MIT */
/**
 * DOC: IPv6 header (RFC 8200) and its extension-header chain
 * Layer: wire (include/icmpkit/README.md)
 *
 * The fixed 40-octet header as a checked view and as values, the chain of
 * extension headers (Hop-by-Hop Options, Routing, Fragment, Destination
 * Options) walked with a cap on its length, the upper-layer checksum's
 * pseudo-header (RFC 8200 §8.1), and the text form of addresses (RFC
 * 4291 §2.2 in, RFC 5952 out). Addresses are 16 octets in network order.
 */
#ifndef ICMPKIT_IPV6_H
#define ICMPKIT_IPV6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "err.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IK_IPV6_HDR_LEN 40
#define IK_IPV6_MIN_MTU 1280  /* RFC 8200 §5 */
#define IK_IPV6_ADDR_STRLEN 46 /* "ffff:...:255.255.255.255" and the NUL */

/* Next Header values the chain walk knows (IANA "Assigned Internet
 * Protocol Numbers") */
#define IK_IPV6_NH_HOPOPTS 0
#define IK_IPV6_NH_TCP 6
#define IK_IPV6_NH_UDP 17
#define IK_IPV6_NH_ROUTING 43
#define IK_IPV6_NH_FRAGMENT 44
#define IK_IPV6_NH_ICMPV6 58
#define IK_IPV6_NH_NONE 59
#define IK_IPV6_NH_DSTOPTS 60

/*
 * The most extension headers a chain may hold before the walk gives up:
 * RFC 8200 §4.1 allows each once (Destination Options twice), six in all;
 * eight leaves room for what a sender repeats, and bounds the work a
 * crafted chain of tiny headers can cost.
 */
#define IK_IPV6_EXT_MAX 8

/**
 * struct ik_ipv6_view - checked window over an IPv6 header
 * @buf: first octet of the header
 * @len: octets available at @buf (at least 40)
 */
struct ik_ipv6_view {
	const uint8_t *buf;
	size_t len;
};

/**
 * ik_ipv6_view_init() - the one length check before the accessors
 * @v: view to fill; @buf: bytes; @len: octets at @buf
 *
 * Return: 0, or -IK_ETRUNC when fewer than 40 octets are there.
 */
static inline int ik_ipv6_view_init(struct ik_ipv6_view *v, const uint8_t *buf, size_t len)
{
	if (!buf || len < IK_IPV6_HDR_LEN)
		return -IK_ETRUNC;
	v->buf = buf;
	v->len = len;
	return 0;
}

/** ik_ipv6_version() - the Version field (6 for IPv6). Return: it. */
static inline unsigned ik_ipv6_version(const struct ik_ipv6_view *v) { return v->buf[0] >> 4; }
/** ik_ipv6_tclass() - Traffic Class (DSCP and ECN). Return: it. */
static inline uint8_t ik_ipv6_tclass(const struct ik_ipv6_view *v)
{
	return (uint8_t)(ik_get16(v->buf) >> 4);
}
/** ik_ipv6_flow() - the 20-bit Flow Label. Return: it. */
static inline uint32_t ik_ipv6_flow(const struct ik_ipv6_view *v)
{
	return ik_get32(v->buf) & 0xfffffu;
}
/** ik_ipv6_plen() - Payload Length (octets after the fixed header). Return: it. */
static inline uint16_t ik_ipv6_plen(const struct ik_ipv6_view *v) { return ik_get16(v->buf + 4); }
/** ik_ipv6_next() - the fixed header's Next Header. Return: it. */
static inline uint8_t ik_ipv6_next(const struct ik_ipv6_view *v) { return v->buf[6]; }
/** ik_ipv6_hlim() - Hop Limit. Return: it. */
static inline uint8_t ik_ipv6_hlim(const struct ik_ipv6_view *v) { return v->buf[7]; }
/** ik_ipv6_src() - the Source Address (16 octets). Return: pointer into the header. */
static inline const uint8_t *ik_ipv6_src(const struct ik_ipv6_view *v) { return v->buf + 8; }
/** ik_ipv6_dst() - the Destination Address (16 octets). Return: pointer into the header. */
static inline const uint8_t *ik_ipv6_dst(const struct ik_ipv6_view *v) { return v->buf + 24; }

/**
 * struct ik_ipv6_ext - one extension header found by the chain walk
 * @type: what it is (IK_IPV6_NH_HOPOPTS, _ROUTING, _FRAGMENT, _DSTOPTS)
 * @off:  its offset from the start of the IPv6 header
 * @len:  its length in octets
 */
struct ik_ipv6_ext {
	uint8_t type;
	uint16_t off;
	uint16_t len;
};

/**
 * struct ik_ipv6_repr - an IPv6 header and its chain as values
 * @tclass:      Traffic Class
 * @flow:        Flow Label (20 bits)
 * @payload_len: Payload Length as read (emit: what to write)
 * @next:        the fixed header's Next Header
 * @hop_limit:   Hop Limit
 * @src, @dst:   addresses, network order
 * @ext:         the extension headers, in order (parse only)
 * @next_ext:    how many of @ext there are
 * @proto:       the Next Header that ends the chain: the upper layer, or
 *               IK_IPV6_NH_NONE, or the header after a non-first fragment
 *               (not present: @l4_off is then the fragment's data)
 * @l4_off:      where what @proto names starts (from the IPv6 header)
 * @frag:        a Fragment header is in the chain
 * @frag_off:    its Fragment Offset, in octets
 * @frag_more:   its M flag
 * @frag_id:     its Identification
 * @atomic:      the Fragment header says offset 0 and M clear (RFC 6946)
 */
struct ik_ipv6_repr {
	uint8_t tclass;
	uint32_t flow;
	uint16_t payload_len;
	uint8_t next;
	uint8_t hop_limit;
	uint8_t src[16], dst[16];
	struct ik_ipv6_ext ext[IK_IPV6_EXT_MAX];
	unsigned next_ext;
	uint8_t proto;
	size_t l4_off;
	bool frag, frag_more, atomic;
	uint32_t frag_off;
	uint32_t frag_id;
};

/* ik_ipv6_parse() flags */
#define IK_IPV6_QUOTED 0x1u /* a quote in an ICMPv6 error: may be cut short */

/**
 * ik_ipv6_parse() - validate an IPv6 header, walk its extension chain and
 * fill a repr
 * @buf:   first octet of the header
 * @len:   octets at @buf
 * @flags: IK_IPV6_QUOTED
 * @r:     repr to fill (zeroed first)
 * @err:   where and why (may be NULL)
 *
 * Checks: 40 octets, Version 6, 40 + Payload Length within @len (a quote
 * may be shorter: then the walk stops where the octets end), each
 * extension header whole and inside the payload, at most
 * IK_IPV6_EXT_MAX of them, Hop-by-Hop Options only first (RFC 8200
 * §4.3), a Fragment header's reserved field and M with offset within
 * 65,535. Option contents are not judged here (that is the receiver's
 * processing, RFC 8200 §4.2).
 *
 * Return: the offset of the upper layer (@r->l4_off), or -IK_ETRUNC /
 * -IK_EVERSION / -IK_ETOTLEN / -IK_EOPTION (a bad extension header or a
 * chain too long) / -IK_EFRAG.
 */
int ik_ipv6_parse(const uint8_t *buf, size_t len, unsigned flags, struct ik_ipv6_repr *r,
		  struct ik_wire_err *err);

/**
 * ik_ipv6_emit() - write the fixed 40-octet header
 * @r:   repr (tclass, flow, payload_len, next, hop_limit, src, dst)
 * @buf: output
 * @cap: octets available
 *
 * Return: 40, or -IK_ENOSPC / -IK_EINVAL (a Flow Label above 20 bits).
 */
int ik_ipv6_emit(const struct ik_ipv6_repr *r, uint8_t *buf, size_t cap);

/**
 * ik_ipv6_pseudo() - the pseudo-header's partial sum (RFC 8200 §8.1)
 * @src, @dst: addresses, network order
 * @len:       upper-layer packet length
 * @nh:        upper-layer protocol
 *
 * Return: a partial sum to pass as the accumulator of ik_csum_partial().
 */
uint32_t ik_ipv6_pseudo(const uint8_t src[16], const uint8_t dst[16], uint32_t len, uint8_t nh);

/**
 * ik_ipv6_l4_checksum() - the checksum an upper-layer packet over IPv6
 * should carry (ICMPv6, UDP, TCP: the field at @csum_off taken as zero)
 * @buf:      the upper-layer packet
 * @len:      its octets
 * @csum_off: offset of its checksum field in @buf (2 for ICMPv6, 6 UDP,
 *            16 TCP)
 * @src, @dst: addresses, network order
 * @nh:       upper-layer protocol
 *
 * Return: the field value (for UDP a computed 0 is 0xffff, RFC 8200 §8.1).
 */
uint16_t ik_ipv6_l4_checksum(const uint8_t *buf, size_t len, size_t csum_off,
			     const uint8_t src[16], const uint8_t dst[16], uint8_t nh);

/**
 * ik_ipv6_addr_str() - the RFC 5952 text of an address: lower-case hex,
 * no leading zeros, the longest run of two or more zero groups (the first
 * of equal runs) as "::"; the IPv4-mapped ::ffff:0:0/96 with a dotted
 * quad
 * @a:   address, network order
 * @out: at least IK_IPV6_ADDR_STRLEN octets
 *
 * Return: @out.
 */
char *ik_ipv6_addr_str(const uint8_t a[16], char *out);

/**
 * ik_ipv6_addr_parse() - read an address in any RFC 4291 §2.2 form: eight
 * groups of 1-4 hex digits, one "::" for a run of zero groups, an IPv4
 * dotted quad as the last 32 bits; nothing before or after
 * @s:   text
 * @out: address, network order (written only on success)
 *
 * Return: 0, or -IK_EINVAL.
 */
int ik_ipv6_addr_parse(const char *s, uint8_t out[16]);

/**
 * ik_ipv6_opt_name() - the IANA name of a Hop-by-Hop / Destination option
 * type ("Pad1", "PadN", "Router Alert", ...)
 * @type: the Option Type octet
 *
 * Return: static string, "unknown" for a type not named here; never NULL.
 */
const char *ik_ipv6_opt_name(uint8_t type);

#ifdef __cplusplus
}
#endif
#endif
