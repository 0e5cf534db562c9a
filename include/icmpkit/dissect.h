/* SPDX-License-Identifier: MIT */
/**
 * DOC: dissector: a packet split into layers, each with its field table
 * Layer: wire (include/icmpkit/README.md)
 *
 * ik_dissect() cuts an IPv4 datagram into layers — the IPv4 header, each IP
 * option, the UDP / ICMP / TCP header, each TCP option, data, and for an
 * ICMP error the quoted datagram (nested one level deeper; a quoted TCP
 * segment as far as the quote goes), the RFC 4884 extension structure and
 * its objects and MPLS label stack entries. Each layer carries the field
 * table that describes it, where it lies in the packet, and verdicts: whether
 * its checksum is correct and whether its length fields agree with each other
 * and with what was captured. The facts come from the wire parsers
 * (ik_ipv4_parse(), ik_udp_parse(), ik_icmp_parse(), ...), so a verdict never
 * disagrees with what the stack itself would decide.
 *
 * A malformed packet is dissected as far as it can be read: the first error
 * a parser reports is kept with the offset of the first bad octet (relative
 * to the start of the packet), and the octets that cannot be understood
 * become a data layer. The dissection points into the caller's buffer and
 * allocates nothing.
 */
#ifndef ICMPKIT_DISSECT_H
#define ICMPKIT_DISSECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "fields.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IK_DISSECT_MAX_LAYERS 64 /* the last one may hold "the rest" */
#define IK_LAYER_MAX_VERDICTS 4

/* What a layer is. */
enum ik_layer_kind {
	IK_LK_IPV4,     /* IPv4 header (fixed 20 octets) */
	IK_LK_IPOPT,    /* one IP option */
	IK_LK_UDP,      /* UDP header */
	IK_LK_TCP,      /* TCP header (fixed 20 octets; in a quote, as far as
			 * the quote goes) */
	IK_LK_ICMP,     /* ICMP header (8, 12 or 20 octets, by type) */
	IK_LK_QUOTE,    /* the datagram an ICMP error quotes (no table: a frame
			 * around the depth-1 layers that follow) */
	IK_LK_EXT,      /* RFC 4884 extension header */
	IK_LK_EXT_OBJ,  /* RFC 4884 object header */
	IK_LK_MPLS,     /* RFC 4950 label stack entry */
	IK_LK_DATA,     /* opaque octets: payload, echo data, padding, the rest */
	IK_LK_TCPOPT,   /* one TCP option */
	IK_LK_IPV6,     /* IPv6 header (fixed 40 octets) */
	IK_LK_IPV6_EXT, /* one IPv6 extension header (Hop-by-Hop, Routing,
			 * Fragment, Destination Options) */
	IK_LK_IPV6_OPT, /* one option of a Hop-by-Hop or Destination Options
			 * header */
	IK_LK_ICMPV6,   /* ICMPv6 header (the fixed part of its type) */
	IK_LK_NDP_OPT,  /* one Neighbor Discovery option */
};

enum ik_verdict_kind {
	IK_VK_CHECKSUM, /* a checksum field */
	IK_VK_LENGTH,   /* a length field against another length */
};

enum ik_verdict_status {
	IK_VS_OK,           /* checksum correct / lengths consistent */
	IK_VS_BAD,          /* checksum wrong / lengths inconsistent */
	IK_VS_UNVERIFIABLE, /* cannot be checked (see note) */
	IK_VS_ABSENT,       /* no checksum was sent (UDP field 0): allowed */
};

/**
 * struct ik_verdict - one check on a layer
 * @kind:   enum ik_verdict_kind
 * @status: enum ik_verdict_status
 * @field:  index in the layer's table of the field checked, or -1
 * @what:   what was checked, for people ("IPv4 header checksum")
 * @value:  the field as read
 * @expect: checksum: the correct field value (meaningful when @status is
 *          IK_VS_BAD or IK_VS_OK); length: the length it is compared with
 * @note:   the comparison in words ("56 octets captured"), or why it could
 *          not be checked ("datagram truncated in quote"); may be empty
 */
struct ik_verdict {
	uint8_t kind;
	uint8_t status;
	int8_t field;
	const char *what;
	uint32_t value;
	uint32_t expect;
	char note[96];
};

/**
 * struct ik_dlayer - one layer of a dissected packet ("dissected layer";
 * the name ik_layer is taken by the trace layers of trace.h)
 * @kind:      enum ik_layer_kind
 * @depth:     0 for the outer packet, 1 inside an ICMP error's quote
 * @ft:        field table (NULL for IK_LK_QUOTE)
 * @off:       offset of the first octet in the packet
 * @len:       octets of the layer present in the packet
 * @want:      octets the layer should have (its header or option length);
 *             larger than @len when the packet ends inside it
 * @title:     heading for people ("IPv4 Header", "IP Option: Record Route",
 *             "UDP Data", "Quoted datagram (...)")
 * @attached:  continues the header before it (an option of an IPv4 or TCP
 *             header, the data after a UDP, TCP or ICMP header, an
 *             extension object):
 *             drawn in the same diagram
 * @payload:   IK_LK_IPV4 only: index in &struct ik_dissection.layers of the
 *             first layer past the header and all its options and option
 *             padding, at the offset the header's IHL gives (the UDP, TCP or
 *             ICMP header, or the data standing for the payload); 0 when
 *             there is none (the header is cut short, or the table is full)
 * @nv:        number of verdicts
 * @v:         the verdicts
 */
struct ik_dlayer {
	uint8_t kind;
	uint8_t depth;
	const struct ik_field_table *ft;
	size_t off;
	size_t len;
	size_t want;
	char title[80];
	bool attached;
	uint8_t payload;
	uint8_t nv;
	struct ik_verdict v[IK_LAYER_MAX_VERDICTS];
};

/**
 * struct ik_dissection - a packet split into layers
 * @pkt:     the packet (not copied)
 * @len:     its length
 * @nlayers: layers used
 * @layers:  the layers, in packet order
 * @has_err: a parser reported an error
 * @err:     the first error; @err.off is relative to @pkt
 * @nbad:    verdicts with status IK_VS_BAD
 * @valid:   no error and no bad verdict
 */
struct ik_dissection {
	const uint8_t *pkt;
	size_t len;
	size_t nlayers;
	struct ik_dlayer layers[IK_DISSECT_MAX_LAYERS];
	bool has_err;
	struct ik_wire_err err;
	unsigned nbad;
	bool valid;
};

/**
 * ik_dissect() - split an IPv4 datagram into layers and check it
 * @d:   result (overwritten, but for the unused layers past @d->nlayers,
 *       which are left as they were)
 * @pkt: the datagram, starting with the IPv4 header
 * @len: octets at @pkt
 *
 * Never reads outside @pkt[0..@len) and never fails on malformed input: what
 * cannot be parsed is kept as a data layer and the first problem is recorded
 * in @d->err.
 *
 * Return: 0 when the packet is fully valid, 1 when it has an error or a bad
 * verdict, -IK_EINVAL when @d is NULL or @pkt is NULL with @len > 0.
 */
int ik_dissect(struct ik_dissection *d, const uint8_t *pkt, size_t len);

/**
 * ik_dissect_ipv6() - split an IPv6 packet into layers and check it
 * @d:   result, as ik_dissect()
 * @pkt: the packet, starting with the IPv6 header
 * @len: octets at @pkt
 *
 * The layers: the IPv6 header, each extension header and each of its
 * options, the UDP / TCP / ICMPv6 header (the checksums over the IPv6
 * pseudo-header, RFC 8200 8.1), each Neighbor Discovery option, data, and
 * for an ICMPv6 error (or a Redirected Header option) the quoted packet at
 * depth 1 with its own extension chain. As ik_dissect(), it never reads
 * outside @pkt[0..@len) and allocates nothing.
 *
 * Return: as ik_dissect().
 */
int ik_dissect_ipv6(struct ik_dissection *d, const uint8_t *pkt, size_t len);

/**
 * ik_dissect_ip() - ik_dissect_ipv6() when the Version nibble is 6,
 * ik_dissect() otherwise
 * @d:   result
 * @pkt: the packet
 * @len: octets at @pkt
 *
 * Return: as ik_dissect().
 */
int ik_dissect_ip(struct ik_dissection *d, const uint8_t *pkt, size_t len);

/**
 * ik_dissect_is_ipv6() - whether a dissection is of an IPv6 packet
 * @d: dissection
 *
 * Return: true when its first layer is an IPv6 header.
 */
static inline bool ik_dissect_is_ipv6(const struct ik_dissection *d)
{
	return d->nlayers && d->layers[0].kind == IK_LK_IPV6;
}

/**
 * ik_layer_kind_name() - short name of a layer kind ("ipv4", "udp", ...)
 * @kind: enum ik_layer_kind
 *
 * Return: static string, "unknown" when out of range; never NULL.
 */
const char *ik_layer_kind_name(unsigned kind);

/**
 * ik_layer_bytes() - first octet of a layer within its packet
 * @d: dissection
 * @l: one of @d's layers
 *
 * Return: pointer to the layer's first octet.
 */
static inline const uint8_t *ik_layer_bytes(const struct ik_dissection *d,
					    const struct ik_dlayer *l)
{
	return d->pkt + l->off;
}

#ifdef __cplusplus
}
#endif
#endif
