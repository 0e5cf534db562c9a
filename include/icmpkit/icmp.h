/* SPDX-License-Identifier: MIT */
/**
 * DOC: ICMPv4 messages (RFC 792 and the IANA registry)
 * Layer: wire (include/icmpkit/README.md)
 *
 * ik_icmp_parse() reads every registered type; ik_icmp_emit() writes every
 * type except those marked decode-only (Information, Address Mask and other
 * deprecated types may be emitted too, for tests, but the stack never does).
 * Error messages expose the quoted datagram, which ik_icmp_quote_parse()
 * decodes further, and RFC 4884 extension structures (with RFC 4950 MPLS
 * label stacks) are walked with ik_icmp_ext_*.
 */
#ifndef ICMPKIT_ICMP_H
#define ICMPKIT_ICMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "ipv4.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IK_ICMP_HDR_LEN 8

enum ik_icmp_type {
	IK_ICMP_ECHOREPLY = 0,
	IK_ICMP_UNREACH = 3,
	IK_ICMP_SOURCEQUENCH = 4,
	IK_ICMP_REDIRECT = 5,
	IK_ICMP_ALTHOSTADDR = 6,
	IK_ICMP_ECHO = 8,
	IK_ICMP_ROUTERADV = 9,
	IK_ICMP_ROUTERSOL = 10,
	IK_ICMP_TIMXCEED = 11,
	IK_ICMP_PARAMPROB = 12,
	IK_ICMP_TSTAMP = 13,
	IK_ICMP_TSTAMPREPLY = 14,
	IK_ICMP_IREQ = 15,
	IK_ICMP_IREQREPLY = 16,
	IK_ICMP_MASKREQ = 17,
	IK_ICMP_MASKREPLY = 18,
	IK_ICMP_TRACEROUTE = 30,
	IK_ICMP_PHOTURIS = 40,
	IK_ICMP_EXTECHO = 42,
	IK_ICMP_EXTECHOREPLY = 43,
};

/**
 * enum ik_icmp_layout - what the 4 "rest of header" octets (and the fixed
 * fields after them) of a type hold
 */
enum ik_icmp_layout {
	IK_ICMPL_RAW = 0,      /* 4 octets, uninterpreted */
	IK_ICMPL_ECHO,         /* Identifier, Sequence Number */
	IK_ICMPL_UNREACH,      /* unused, RFC 4884 length, Next-Hop MTU (code 4) */
	IK_ICMPL_REDIRECT,     /* gateway address */
	IK_ICMPL_TIMXCEED,     /* unused, RFC 4884 length, unused */
	IK_ICMPL_PARAM,        /* pointer, RFC 4884 length, unused */
	IK_ICMPL_TS,           /* Identifier, Sequence + three times */
	IK_ICMPL_MASK,         /* Identifier, Sequence + address mask */
	IK_ICMPL_RADV,         /* number of addresses, entry size, lifetime */
	IK_ICMPL_EXTECHO,      /* Identifier, Sequence (8 bits), reserved, L */
	IK_ICMPL_EXTECHOREPLY, /* Identifier, Sequence (8 bits), state, A, 4, 6 */
};

/* ik_icmp_type_desc flags */
#define IK_ICMPT_INFO    0x01u /* a query or reply this stack knows (else: an error, RFC 1122) */
#define IK_ICMPT_QUOTE   0x02u /* an error quoting the offending datagram */
#define IK_ICMPT_RFC4884 0x04u /* octet 5 is an RFC 4884 length; may carry extensions */
#define IK_ICMPT_EXTECHO 0x08u /* RFC 8335: an extension structure opens the data */
#define IK_ICMPT_NOEMIT  0x10u /* decoded, never emitted */
#define IK_ICMPT_IDSEQ   0x20u /* Identifier in octets 4-5, Sequence in 6-7 */
#define IK_ICMPT_IDSEQ8  0x40u /* Identifier in octets 4-5, Sequence in octet 6 */

struct ik_field_table;

/**
 * struct ik_icmp_type_desc - everything known about one ICMP type, in one
 * place (src/wire/icmp_types.c): the parser, the emitter, the field tables
 * of the diagram, the JSON and the hex annotation, the dissector, the
 * one-line summary, the quote decoder, the names and the stack's counters
 * all read it. To teach the project a type: fill its entry.
 * @name:       IANA name ("Echo", "Destination Unreachable")
 * @codes:      code names by code (NULL entries: unassigned)
 * @ncodes:     entries in @codes
 * @layout:     enum ik_icmp_layout
 * @hdr_len:    fixed header octets before the data (8, 12 or 20)
 * @flags:      IK_ICMPT_*
 * @ft:         field table of the fixed header (Type 3 Code 4's Next-Hop
 *              MTU: ik_ft_icmp_code())
 * @data_title: heading of the data after the header in a diagram
 * @in_mib:     Linux Icmp In* counter ("InEchos"), NULL: none
 * @out_mib:    Linux Icmp Out* counter ("OutEchoReps"), NULL: none
 */
struct ik_icmp_type_desc {
	const char *name;
	const char *const *codes;
	size_t ncodes;
	uint8_t layout;
	uint8_t hdr_len;
	uint8_t flags;
	const struct ik_field_table *ft;
	const char *data_title;
	const char *in_mib;
	const char *out_mib;
};

/**
 * ik_icmp_desc() - the descriptor of an ICMP type
 * @type: type
 *
 * Return: its entry; an unassigned type gets a neutral one ("Unassigned",
 * no codes, raw layout, 8 octets, an error for suppression, the generic
 * field table). Never NULL.
 */
const struct ik_icmp_type_desc *ik_icmp_desc(uint8_t type);

/* Destination Unreachable codes */
enum {
	IK_UNREACH_NET = 0, IK_UNREACH_HOST = 1, IK_UNREACH_PROTO = 2, IK_UNREACH_PORT = 3,
	IK_UNREACH_NEEDFRAG = 4, IK_UNREACH_SRCFAIL = 5, IK_UNREACH_NET_UNKNOWN = 6,
	IK_UNREACH_HOST_UNKNOWN = 7, IK_UNREACH_ISOLATED = 8, IK_UNREACH_NET_PROHIB = 9,
	IK_UNREACH_HOST_PROHIB = 10, IK_UNREACH_TOSNET = 11, IK_UNREACH_TOSHOST = 12,
	IK_UNREACH_FILTER_PROHIB = 13, IK_UNREACH_HOST_PRECEDENCE = 14,
	IK_UNREACH_PRECEDENCE_CUTOFF = 15,
};

/**
 * struct ik_icmp_view - checked window over an ICMP message
 * @buf: first octet of the ICMP header
 * @len: octets available at @buf (at least 8)
 */
struct ik_icmp_view {
	const uint8_t *buf;
	size_t len;
};

/**
 * ik_icmp_view_init() - the one length check before the accessors
 * @v: view to fill; @buf: bytes (the IP payload); @len: octets at @buf
 *
 * Return: 0, or -IK_ETRUNC when the 8-octet header is not all there.
 */
static inline int ik_icmp_view_init(struct ik_icmp_view *v, const uint8_t *buf, size_t len)
{
	if (!buf || len < IK_ICMP_HDR_LEN)
		return -IK_ETRUNC;
	v->buf = buf;
	v->len = len;
	return 0;
}

/** ik_icmp_type() - Type. Return: it. */
static inline uint8_t ik_icmp_type(const struct ik_icmp_view *v) { return v->buf[0]; }
/** ik_icmp_code() - Code. Return: it. */
static inline uint8_t ik_icmp_code(const struct ik_icmp_view *v) { return v->buf[1]; }
/** ik_icmp_csum() - Checksum. Return: it. */
static inline uint16_t ik_icmp_csum(const struct ik_icmp_view *v) { return ik_get16(v->buf + 2); }
/** ik_icmp_rest() - the 4 octets after the checksum ("rest of header"). Return: them. */
static inline uint32_t ik_icmp_rest(const struct ik_icmp_view *v) { return ik_get32(v->buf + 4); }
/** ik_icmp_ident() - Identifier (octets 4-5: echo, timestamp, mask). Return: it. */
static inline uint16_t ik_icmp_ident(const struct ik_icmp_view *v) { return ik_get16(v->buf + 4); }
/** ik_icmp_seq() - Sequence Number (octets 6-7). Return: it. */
static inline uint16_t ik_icmp_seq(const struct ik_icmp_view *v) { return ik_get16(v->buf + 6); }
/** ik_icmp_pointer() - Parameter Problem's Pointer (octet 4). Return: it. */
static inline uint8_t ik_icmp_pointer(const struct ik_icmp_view *v) { return v->buf[4]; }
/** ik_icmp_mtu() - Frag Needed's Next-Hop MTU (octets 6-7). Return: it. */
static inline uint16_t ik_icmp_mtu(const struct ik_icmp_view *v) { return ik_get16(v->buf + 6); }

/**
 * struct ik_icmp_repr - an ICMP message as values
 * @type:  Type
 * @code:  Code
 * @csum:  checksum field as read (parse only; emit computes it)
 * @u:     the 4 "rest of header" octets and fixed fields, by type:
 *   echo: Echo/Reply, Information Request/Reply (ident, seq)
 *   unreach: Dest Unreachable (length in 32-bit words per RFC 4884, mtu for
 *            code 4; 0 otherwise)
 *   redirect: gateway address
 *   time_exceeded: RFC 4884 length
 *   param: pointer, RFC 4884 length
 *   ts: Timestamp/Reply: ident, seq and the three 32-bit times
 *       (ms since midnight UT)
 *   mask: Address Mask Request/Reply: ident, seq, mask
 *   radv: Router Advertisement: number of addresses, entry size (words),
 *         lifetime (s); the entries are in @data
 *   ext_echo: Extended Echo Request (RFC 8335): ident, seq, L bit
 *   ext_echo_reply: Extended Echo Reply: ident, seq, state, A, 4, 6 bits
 *   rest: the 4 octets raw, for every other type
 * @data:     octets after the 8-octet header (echo data, the quote and any
 *            extension of an error, router entries, …) — not copied
 * @data_len: their count
 * @quote:    error types: the quoted original datagram (the first
 *            length*4 octets when the RFC 4884 length is set, else all of
 *            @data up to any detected extension); NULL for other types
 * @quote_len: its length
 * @ext:      RFC 4884 extension structure (header + objects), or NULL
 * @ext_len:  its length
 * @ext_compat: the extension was found by the RFC 4884 §5 compatibility
 *            heuristic (length field 0, 128-octet quote) rather than the
 *            length field
 *
 * For ik_icmp_emit() set @data/@data_len to what follows the header; for
 * error types with @ext set, @data is the quote (padded to 128 octets with
 * zeros as RFC 4884 asks) and the length field is filled in.
 */
struct ik_icmp_repr {
	uint8_t type, code;
	uint16_t csum;
	union {
		struct { uint16_t ident, seq; } echo;
		struct { uint8_t length; uint16_t mtu; } unreach;
		struct { uint32_t gateway; } redirect;
		struct { uint8_t length; } time_exceeded;
		struct { uint8_t pointer; uint8_t length; } param;
		struct { uint16_t ident, seq; uint32_t orig, recv, xmit; } ts;
		struct { uint16_t ident, seq; uint32_t mask; } mask;
		struct { uint8_t num_addrs, entry_size; uint16_t lifetime; } radv;
		struct { uint16_t ident; uint8_t seq; bool local; } ext_echo;
		struct { uint16_t ident; uint8_t seq; uint8_t state; bool active, ipv4, ipv6; } ext_echo_reply;
		uint32_t rest;
	} u;
	const uint8_t *data;
	size_t data_len;
	const uint8_t *quote;
	size_t quote_len;
	const uint8_t *ext;
	size_t ext_len;
	bool ext_compat;
};

/* ik_icmp_parse() flags */
#define IK_ICMP_NO_CSUM 0x1u

/**
 * ik_icmp_is_error() - whether @type is an error message (RFC 1122 §3.2.2)
 * @type: ICMP type
 *
 * Return: true for 3, 4, 5, 11, 12 and for every type this stack does not
 * know (which RFC 1122 says to treat as errors for suppression).
 */
bool ik_icmp_is_error(uint8_t type);

/**
 * ik_icmp_hdr_len() - fixed header octets of @type before @data
 * @type: ICMP type
 *
 * Return: 8 for most types; 20 for Timestamp/Reply and 12 for Address Mask,
 * whose fixed fields follow the first 8 octets.
 */
size_t ik_icmp_hdr_len(uint8_t type);

/**
 * ik_icmp_parse() - validate an ICMP message and fill a repr
 * @buf:   first octet of the ICMP header (the IP payload)
 * @len:   octets
 * @flags: IK_ICMP_NO_CSUM
 * @r:     repr to fill
 * @err:   where and why (may be NULL)
 *
 * Checks: 8 octets present (and the fixed fields of @type), checksum over all
 * @len octets, RFC 4884 length within the data, extension header version 2
 * and checksum.
 *
 * Return: octets consumed (@len), or -IK_ETRUNC / -IK_ECHECKSUM / -IK_ELEN /
 * -IK_EEXT.
 */
int ik_icmp_parse(const uint8_t *buf, size_t len, unsigned flags, struct ik_icmp_repr *r,
		  struct ik_wire_err *err);

/**
 * ik_icmp_emit_len() - octets ik_icmp_emit() will write for @r
 * @r: repr
 *
 * Return: the length.
 */
size_t ik_icmp_emit_len(const struct ik_icmp_repr *r);

/**
 * ik_icmp_emit() - write @r at @buf with its checksum
 * @r:   repr
 * @buf: output (data is copied unless @r->data already points at @buf + hdr)
 * @cap: octets available
 *
 * Return: octets written, or -IK_ENOSPC / -IK_EINVAL / -IK_ETYPE (a
 * decode-only type: 6).
 */
int ik_icmp_emit(const struct ik_icmp_repr *r, uint8_t *buf, size_t cap);

/**
 * struct ik_quote - the datagram quoted by an ICMP error, decoded
 * @ip:       inner IPv4 header (total length may exceed what was quoted)
 * @ip_ok:    the inner header parsed (ihl, version); its checksum is checked
 *            but a bad one only clears @ip_csum_ok
 * @ip_csum_ok: inner header checksum correct
 * @hdr_len:  inner header length
 * @l4:       octets after the inner header
 * @l4_len:   how many were quoted
 * @has_ports: UDP or TCP with at least 4 octets: @sport/@dport valid
 * @sport:    source port
 * @dport:    destination port
 * @udp_len:  UDP Length (when 6+ octets quoted)
 * @tcp_seq:  TCP sequence number (when 8+ octets quoted)
 * @has_icmp: ICMP with at least 4 octets: type/code valid; ident/seq when 8
 * @icmp_type, @icmp_code, @icmp_ident, @icmp_seq: inner ICMP fields
 */
struct ik_quote {
	struct ik_ipv4_repr ip;
	bool ip_ok, ip_csum_ok;
	size_t hdr_len;
	const uint8_t *l4;
	size_t l4_len;
	bool has_ports;
	uint16_t sport, dport;
	uint16_t udp_len;
	uint32_t tcp_seq;
	bool has_icmp;
	uint8_t icmp_type, icmp_code;
	uint16_t icmp_ident, icmp_seq;
};

/**
 * ik_icmp_quote_parse() - decode the datagram an error quotes
 * @quote: the quote (ik_icmp_repr.quote)
 * @len:   its length
 * @q:     result
 * @err:   where and why, if the inner header cannot be read (may be NULL)
 *
 * Return: 0, or a negative IK_E* code when the inner IPv4 header is unusable.
 */
int ik_icmp_quote_parse(const uint8_t *quote, size_t len, struct ik_quote *q,
			struct ik_wire_err *err);

/* ---- RFC 4884 extensions ---- */

#define IK_ICMP_EXT_VERSION 2
#define IK_ICMP_EXT_HDR_LEN 4
#define IK_ICMP_EXT_MIN_QUOTE 128 /* RFC 4884: quote padded to 128 octets */
#define IK_ICMP_EXT_CLASS_MPLS 1  /* RFC 4950 */
#define IK_ICMP_EXT_CLASS_IFINFO 2 /* RFC 5837 */

/**
 * struct ik_icmp_ext_obj - one extension object
 * @off:       offset of the object header within the extension structure
 * @len:       object length field (header included)
 * @class_num: Class-Num
 * @c_type:    C-Type
 * @payload:   the object's data after its 4-octet header
 * @payload_len: its length
 */
struct ik_icmp_ext_obj {
	size_t off;
	uint16_t len;
	uint8_t class_num, c_type;
	const uint8_t *payload;
	size_t payload_len;
};

/**
 * struct ik_icmp_ext_iter - walks the objects of an extension structure
 * @p:   the extension structure (header first)
 * @len: its length
 * @off: next object offset
 */
struct ik_icmp_ext_iter {
	const uint8_t *p;
	size_t len;
	size_t off;
};

/**
 * ik_icmp_ext_iter_init() - check the extension header, start the walk
 * @it:  iterator
 * @ext: extension structure
 * @len: its length
 * @err: where and why (may be NULL)
 *
 * Return: 0, or -IK_ETRUNC / -IK_EEXT (version not 2) / -IK_ECHECKSUM (a
 * non-zero checksum that is wrong).
 */
int ik_icmp_ext_iter_init(struct ik_icmp_ext_iter *it, const uint8_t *ext, size_t len,
			  struct ik_wire_err *err);

/**
 * ik_icmp_ext_next() - next object
 * @it:  iterator
 * @o:   object to fill
 * @err: where and why (may be NULL)
 *
 * Return: 1 with @o filled, 0 at the end, -IK_EEXT for a length < 4 or past
 * the end.
 */
int ik_icmp_ext_next(struct ik_icmp_ext_iter *it, struct ik_icmp_ext_obj *o,
		     struct ik_wire_err *err);

/**
 * struct ik_mpls_entry - one RFC 4950 label stack entry
 * @label: 20-bit label
 * @tc:    traffic class (3 bits)
 * @s:     bottom of stack
 * @ttl:   TTL
 */
struct ik_mpls_entry {
	uint32_t label;
	uint8_t tc;
	bool s;
	uint8_t ttl;
};

/**
 * ik_mpls_entry_get() - read one label stack entry
 * @p: 4 octets
 * @e: result
 */
void ik_mpls_entry_get(const uint8_t *p, struct ik_mpls_entry *e);

/**
 * ik_icmp_ext_emit() - write an extension structure holding one object
 * @class_num: Class-Num
 * @c_type:    C-Type
 * @payload:   object data
 * @len:       its length
 * @buf:       output
 * @cap:       octets available
 *
 * Return: octets written (4 + 4 + @len), checksum filled, or -IK_ENOSPC
 * (-IK_EINVAL if 4 + @len does not fit the 16-bit object length).
 */
int ik_icmp_ext_emit(uint8_t class_num, uint8_t c_type, const uint8_t *payload, size_t len,
		     uint8_t *buf, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
