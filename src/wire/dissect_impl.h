/* SPDX-License-Identifier: MIT */
/**
 * DOC: what the dissector's files share (dissect.c: the layer table and
 * verdicts; dissect_ipv4.c: IPv4, its options, the quoted datagram and the
 * protocol dispatch; dissect_l4.c: UDP; dissect_tcp.c: TCP and its options;
 * dissect_icmp.c: ICMP and RFC 4884 extensions; dissect_ipv6.c: IPv6, its
 * extension chain and quote; dissect_icmpv6.c: ICMPv6 and Neighbor
 * Discovery options)
 *
 * The wire parsers decide; these files only record what they decided, where
 * each header lies and how the octets that follow are to be read. Every
 * length is clipped to what was captured before it is used.
 */
#ifndef ICMPKIT_WIRE_DISSECT_IMPL_H
#define ICMPKIT_WIRE_DISSECT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "icmpkit/dissect.h"
#include "icmpkit/err.h"

/* field indexes used by verdicts (positions in the tables of fields.c) */
#define F_IPV4_TOTLEN 4
#define F_IPV4_CSUM 10
#define F_UDP_LEN 2
#define F_UDP_CSUM 3
#define F_TCP_DOFF 4
#define F_TCP_CSUM 15
#define F_ICMP_CSUM 2
#define F_ICMP_LENGTH 4 /* Destination Unreachable, Time Exceeded, Param Problem */
#define F_EXT_CSUM 2

#define F_IPV6_PLEN 3
#define F_IPV6_NH 4
#define F_ICMPV6_CSUM 2
#define F_EXT_LEN 1

#define QUOTE_TITLE "Quoted datagram (Internet Header + 64 bits of Original Data Datagram)"

/**
 * ik_dx_min() - smaller of two sizes
 * @a: one
 * @b: other
 *
 * Return: the smaller.
 */
static inline size_t ik_dx_min(size_t a, size_t b)
{
	return a < b ? a : b;
}

/**
 * ik_dx_clip() - keep a layer inside the octets its packet (or segment) has
 * @l:   layer (NULL is ignored)
 * @end: packet offset past the last octet
 */
static inline void ik_dx_clip(struct ik_dlayer *l, size_t end)
{
	if (!l)
		return;
	if (l->off >= end)
		l->len = 0;
	else if (l->off + l->len > end)
		l->len = end - l->off;
}

/**
 * struct l4_ctx - what the transport dissectors need from the IP header
 * @off:     offset of the transport header in the packet
 * @cap:     octets of it present (clipped to the IP Total Length)
 * @ip_plen: IP payload length by the Total Length field
 * @src:     IP source
 * @dst:     IP destination
 * @depth:   nesting depth
 * @why_not: why the checksum cannot be verified, or NULL when it can
 * @prefix:  title prefix ("" or "Quoted ")
 * @frag:    the datagram is a first fragment: the transport header speaks
 *           of more octets than this IP packet carries
 * @src6:    IPv6 source (16 octets in the packet), NULL over IPv4
 * @dst6:    IPv6 destination, NULL over IPv4
 */
struct l4_ctx {
	size_t off, cap, ip_plen;
	uint32_t src, dst;
	const uint8_t *src6, *dst6;
	unsigned depth;
	const char *why_not;
	const char *prefix;
	bool frag;
};

/** ik_dx_set_err() - keep the first parser error of the packet (dissect.c) */
void ik_dx_set_err(struct ik_dissection *d, const struct ik_wire_err *e, size_t base);

/**
 * ik_dx_add_layer() - append a layer (dissect.c)
 * Return: the layer, or NULL when the table is full.
 */
struct ik_dlayer *ik_dx_add_layer(struct ik_dissection *d, unsigned kind, unsigned depth,
				  const struct ik_field_table *ft, size_t off, size_t want,
				  const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/** ik_dx_add_data() - append a data layer (dissect.c) */
void ik_dx_add_data(struct ik_dissection *d, unsigned depth, size_t off, size_t len,
		    const char *title, bool nonzero_only);

/** ik_dx_add_verdict() - record a verdict on a layer (dissect.c) */
void ik_dx_add_verdict(struct ik_dlayer *l, unsigned kind, unsigned status, int field,
		       const char *what, uint32_t value, uint32_t expect, const char *fmt, ...)
	__attribute__((format(printf, 8, 9)));

/**
 * ik_dx_csum_should() - the checksum a field ought to hold (dissect.c)
 * Return: the right value.
 */
uint16_t ik_dx_csum_should(const uint8_t *buf, size_t len, size_t foff);

/** ik_dx_csum_verdict() - the checksum verdict of a layer (dissect.c) */
void ik_dx_csum_verdict(struct ik_dlayer *l, int field, const char *what, const uint8_t *buf,
			size_t len, size_t foff);

/**
 * ik_dx_l4_csum() - the checksum an upper-layer header over IPv4 or IPv6
 * should carry (dissect.c)
 * Return: the right field value (UDP: a computed 0 as 0xffff).
 */
uint16_t ik_dx_l4_csum(const struct l4_ctx *c, const uint8_t *p, size_t len, size_t foff,
		       uint8_t proto);

/** ik_dx_link_payload() - point an IP layer at its payload's first layer (dissect.c) */
void ik_dx_link_payload(struct ik_dissection *d, struct ik_dlayer *ip, size_t first, size_t off);

/** ik_dx_ipv6() - the outer IPv6 packet and what it carries (dissect_ipv6.c) */
void ik_dx_ipv6(struct ik_dissection *d);

#define QUOTE6_ERROR "Quoted packet (as much of the invoking packet as fits, RFC 4443 2.4)"
#define QUOTE6_REDIRECT "Quoted packet (as much of the redirected packet as fits, RFC 4861 4.6.3)"

/**
 * ik_dx_ipv6_quote() - the packet an ICMPv6 error or a Redirected Header
 * option quotes, titled @title (dissect_ipv6.c)
 */
void ik_dx_ipv6_quote(struct ik_dissection *d, size_t off, size_t len, const char *title);

/** ik_dx_icmpv6() - ICMPv6 header, verdicts, body (dissect_icmpv6.c) */
void ik_dx_icmpv6(struct ik_dissection *d, const struct l4_ctx *c);

/** ik_dx_ndp_opts() - the options of a Neighbor Discovery message (dissect_icmpv6.c) */
void ik_dx_ndp_opts(struct ik_dissection *d, size_t off, size_t len, bool record);

/** ik_dx_ipv4() - the outer IPv4 datagram and what it carries (dissect_ipv4.c) */
void ik_dx_ipv4(struct ik_dissection *d);

/** ik_dx_ipv4_quote() - the datagram an ICMP error quotes (dissect_ipv4.c) */
void ik_dx_ipv4_quote(struct ik_dissection *d, size_t off, size_t len);

/**
 * ik_dx_l4() - the transport header after an IPv4 header (dissect_ipv4.c)
 * Return: false for a protocol it does not decode.
 */
bool ik_dx_l4(struct ik_dissection *d, const struct l4_ctx *c, uint8_t proto);

/** ik_dx_udp() - UDP header, verdicts and data (dissect_l4.c) */
void ik_dx_udp(struct ik_dissection *d, const struct l4_ctx *c);

/** ik_dx_tcp() - TCP header, verdicts, options and data (dissect_tcp.c) */
void ik_dx_tcp(struct ik_dissection *d, const struct l4_ctx *c);

/** ik_dx_icmp() - ICMP header, verdicts, quote, extensions and data (dissect_icmp.c) */
void ik_dx_icmp(struct ik_dissection *d, const struct l4_ctx *c);

/** ik_dx_ext() - an RFC 4884 extension structure (dissect_icmp.c) */
void ik_dx_ext(struct ik_dissection *d, size_t off, size_t len, unsigned depth);

#endif
