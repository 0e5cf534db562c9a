/* SPDX-License-Identifier: MIT */
/**
 * DOC: ICMPv6 (RFC 4443) and Neighbor Discovery messages (RFC 4861)
 * Layer: wire (include/icmpkit/README.md)
 *
 * Parse and emit with the checksum over the IPv6 pseudo-header, the
 * fields of each type as values, and the walk of Neighbor Discovery
 * options. Addresses are 16 octets in network order.
 */
#ifndef ICMPKIT_ICMPV6_H
#define ICMPKIT_ICMPV6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#ifdef __cplusplus
extern "C" {
#endif

/* types (IANA "ICMPv6 Parameters") */
#define IK_ICMP6_UNREACH 1      /* codes 0-6: 4 is Port Unreachable */
#define IK_ICMP6_PACKET_TOO_BIG 2
#define IK_ICMP6_TIME_EXCEEDED 3 /* 0 hop limit, 1 reassembly */
#define IK_ICMP6_PARAM_PROB 4    /* 0 header field, 1 next header, 2 option */
#define IK_ICMP6_ECHO 128
#define IK_ICMP6_ECHO_REPLY 129
#define IK_ICMP6_ROUTER_SOL 133
#define IK_ICMP6_ROUTER_ADV 134
#define IK_ICMP6_NEIGHBOR_SOL 135
#define IK_ICMP6_NEIGHBOR_ADV 136
#define IK_ICMP6_REDIRECT 137

#define IK_UNREACH6_PORT 4

/* Neighbor Discovery option types (RFC 4861 §4.6) */
#define IK_NDP_OPT_SLLA 1
#define IK_NDP_OPT_TLLA 2
#define IK_NDP_OPT_PREFIX 3
#define IK_NDP_OPT_REDIRECTED 4
#define IK_NDP_OPT_MTU 5

/* Neighbor Advertisement flags (the top bits of octet 4) */
#define IK_NA_ROUTER 0x80u
#define IK_NA_SOLICITED 0x40u
#define IK_NA_OVERRIDE 0x20u

/**
 * struct ik_icmpv6_repr - an ICMPv6 message as values
 * @type, @code: as read / to write
 * @csum:        the checksum field as read (parse only)
 * @u:           the type's fields after the first four octets:
 *               @u.echo (Identifier, Sequence), @u.mtu (Packet Too Big),
 *               @u.pointer (Parameter Problem), @u.ra (Router
 *               Advertisement: Cur Hop Limit, M/O flags octet, Router
 *               Lifetime s, Reachable Time ms, Retrans Timer ms),
 *               @u.nd (NS / NA: the flags octet and the Target Address),
 *               @u.redirect (Target and Destination Addresses)
 * @body:        what follows the fixed part: echo data, the quoted
 *               packet of an error, the options of a Neighbor Discovery
 *               message (not copied)
 * @body_len:    its octets
 */
struct ik_icmpv6_repr {
	uint8_t type, code;
	uint16_t csum;
	union {
		struct {
			uint16_t ident, seq;
		} echo;
		uint32_t mtu;
		uint32_t pointer;
		struct {
			uint8_t hop_limit, flags;
			uint16_t lifetime;
			uint32_t reachable, retrans;
		} ra;
		struct {
			uint8_t flags;
			uint8_t target[16];
		} nd;
		struct {
			uint8_t target[16], dest[16];
		} redirect;
	} u;
	const uint8_t *body;
	size_t body_len;
};

/* ik_icmpv6_parse() flags */
#define IK_ICMPV6_NO_CSUM 0x1u /* do not verify the checksum */

/**
 * ik_icmpv6_is_error() - whether @type is an error message (RFC 4443 §2.1:
 * types 0-127)
 * @type: the type
 *
 * Return: true if so.
 */
static inline bool ik_icmpv6_is_error(uint8_t type)
{
	return type < 128;
}

/**
 * ik_icmpv6_hdr_len() - octets of fixed part the type has before its body
 * @type: the type
 *
 * Return: 8 for the errors of RFC 4443 (types 1-4), echo and Router
 * Solicitation, 16 for Router Advertisement, 24 for NS and NA, 40 for
 * Redirect; 4 for a type not known here (its body is all that follows
 * type, code and checksum).
 */
size_t ik_icmpv6_hdr_len(uint8_t type);

/**
 * ik_icmpv6_parse() - validate an ICMPv6 message and fill a repr
 * @buf:   first octet of the message
 * @len:   its octets (the upper-layer length)
 * @src, @dst: the IPv6 addresses, for the pseudo-header
 * @flags: IK_ICMPV6_NO_CSUM
 * @r:     repr to fill (zeroed first)
 * @err:   where and why (may be NULL)
 *
 * Checks: 4 octets, the checksum, the fixed part of the type
 * (ik_icmpv6_hdr_len()). For a type not known here the octets after the
 * first four are the body.
 *
 * Return: the fixed part's length, or -IK_ETRUNC / -IK_ECHECKSUM.
 */
int ik_icmpv6_parse(const uint8_t *buf, size_t len, const uint8_t src[16], const uint8_t dst[16],
		    unsigned flags, struct ik_icmpv6_repr *r, struct ik_wire_err *err);

/**
 * ik_icmpv6_emit() - write a message with its checksum
 * @r:   repr (csum ignored; body copied after the fixed part unless it
 *       already points there)
 * @src, @dst: the IPv6 addresses
 * @buf: output
 * @cap: octets available
 *
 * Return: octets written, or -IK_ENOSPC / -IK_EINVAL.
 */
int ik_icmpv6_emit(const struct ik_icmpv6_repr *r, const uint8_t src[16], const uint8_t dst[16],
		   uint8_t *buf, size_t cap);

/**
 * ik_icmpv6_type_name() - the IANA name of an ICMPv6 type
 * @type: the type
 *
 * Return: e.g. "Destination Unreachable", "Neighbor Solicitation";
 * "Unassigned" or "Reserved" as the registry says. Never NULL.
 */
const char *ik_icmpv6_type_name(uint8_t type);

/**
 * ik_icmpv6_code_name() - the name of a code of @type
 * @type: the type; @code: the code
 *
 * Return: e.g. "port unreachable" (type 1 code 4), "No Code" for code 0 of
 * a type that defines no codes, "Unassigned" otherwise. Never NULL.
 */
const char *ik_icmpv6_code_name(uint8_t type, uint8_t code);

/**
 * ik_icmpv6_code_known() - whether (@type, @code) is assigned
 * @type: the type; @code: the code
 *
 * Return: nonzero if so.
 */
int ik_icmpv6_code_known(uint8_t type, uint8_t code);

/**
 * struct ik_ndp_opt - one Neighbor Discovery option
 * @type: its type
 * @len:  its length in octets (the field is in units of 8)
 * @data: the octets after type and length (@len - 2 of them)
 * @off:  its offset in the options area
 */
struct ik_ndp_opt {
	uint8_t type;
	size_t len;
	const uint8_t *data;
	size_t off;
};

/**
 * struct ik_ndp_iter - walks an options area
 * @p: the area; @len: its octets; @off: the next option
 */
struct ik_ndp_iter {
	const uint8_t *p;
	size_t len, off;
};

/**
 * ik_ndp_iter_init() - start a walk over the options of a Neighbor
 * Discovery message (struct ik_icmpv6_repr's body)
 * @it: iterator; @p: the options; @len: their octets
 */
void ik_ndp_iter_init(struct ik_ndp_iter *it, const uint8_t *p, size_t len);

/**
 * ik_ndp_next() - the next option
 * @it:  iterator
 * @o:   option to fill
 * @err: where and why (may be NULL; offsets from the area's start)
 *
 * RFC 4861 §4.6: a length of 0 is invalid (the message is discarded), an
 * option must end inside the area; the fixed-size options (Prefix
 * Information 32 octets, MTU 8) must have their size.
 *
 * Return: 1 with @o filled, 0 at the end, or -IK_EOPTION.
 */
int ik_ndp_next(struct ik_ndp_iter *it, struct ik_ndp_opt *o, struct ik_wire_err *err);

/**
 * ik_ndp_opt_name() - the IANA name of a Neighbor Discovery option type
 * ("Source Link-Layer Address", "Prefix Information", ...)
 * @type: the option type
 *
 * Return: static string, "unknown" for a type not named here; never NULL.
 */
const char *ik_ndp_opt_name(uint8_t type);

#ifdef __cplusplus
}
#endif
#endif
