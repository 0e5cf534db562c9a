/* SPDX-License-Identifier: MIT */
/**
 * DOC: field tables
 * Layer: wire (include/icmpkit/README.md)
 *
 * One table per header layout: each field's name, JSON key, bit offset,
 * bit width and how to print it. The bit diagram, the annotated hex dump and
 * the JSON output are all driven by these tables, so the three never
 * disagree.
 */
#ifndef ICMPKIT_FIELDS_H
#define ICMPKIT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ik_fmt {
	IK_FMT_DEC,       /* decimal */
	IK_FMT_HEX,       /* 0x-prefixed hex */
	IK_FMT_FLAGS,     /* bits, printed per flag name (see ik_field.flags) */
	IK_FMT_IPV4,      /* 32-bit address */
	IK_FMT_BYTES,     /* opaque octets (bit_len 0: to the end) */
	IK_FMT_ICMP_TYPE, /* decimal + type name */
	IK_FMT_ICMP_CODE, /* decimal + code name (type from the layer's octet 0) */
	IK_FMT_PROTO,     /* decimal + protocol name */
	IK_FMT_CSUM,      /* hex, with a verdict */
	IK_FMT_OPTTYPE,   /* IP option type + name */
	IK_FMT_MSTIME,    /* ms since midnight UT, printed as hh:mm:ss.mmm */
	IK_FMT_FRAGOFF,   /* 13-bit offset, printed in octets (x8) */
	IK_FMT_WORDS,     /* length in 32-bit words, printed with octets (x4) */
	IK_FMT_TCPOPT,    /* TCP option kind + name */
	IK_FMT_IPV6,      /* 128-bit address, printed as RFC 5952 text */
	IK_FMT_ICMPV6_TYPE, /* decimal + ICMPv6 type name */
	IK_FMT_ICMPV6_CODE, /* decimal + ICMPv6 code name (type from octet 0) */
	IK_FMT_EXTLEN,    /* IPv6 Hdr Ext Len: 8-octet units past the first 8 */
	IK_FMT_UNITS8,    /* length in 8-octet units (Neighbor Discovery options) */
	IK_FMT_IPV6OPT,   /* Hop-by-Hop / Destination option type + name */
	IK_FMT_NDPOPT,    /* Neighbor Discovery option type + name */
};

/**
 * struct ik_field - one field of a header
 * @name:    label for people ("Total Length")
 * @key:     JSON key ("total_length")
 * @bit_off: offset of the first bit from the start of the header
 * @bit_len: width in bits; 0 means "to the end of the header"
 * @fmt:     enum ik_fmt
 * @flags:   for IK_FMT_FLAGS: names of the bits, most significant first,
 *           separated by '|' (e.g. "R|DF|MF"); NULL otherwise
 */
struct ik_field {
	const char *name;
	const char *key;
	uint16_t bit_off;
	uint16_t bit_len;
	uint8_t fmt;
	const char *flags;
};

/**
 * struct ik_field_table - the fields of one header layout
 * @name:    title ("IPv4 Header")
 * @key:     JSON key ("ipv4")
 * @fields:  the fields in order of offset
 * @nfields: their count
 */
struct ik_field_table {
	const char *name;
	const char *key;
	const struct ik_field *fields;
	size_t nfields;
};

/**
 * ik_field_avail() - whether all of @f lies within @len octets
 * @f:   field
 * @len: octets of the header that are present
 *
 * Return: true if the field can be read.
 */
bool ik_field_avail(const struct ik_field *f, size_t len);

/**
 * ik_field_get() - value of a field of at most 64 bits
 * @f:   field (bit_len 1..64)
 * @hdr: header start
 * @len: octets present
 * @out: value
 *
 * Return: true if read, false if the field is truncated or wider than 64.
 */
bool ik_field_get(const struct ik_field *f, const uint8_t *hdr, size_t len, uint64_t *out);

/**
 * ik_field_octets() - octet span of a field
 * @f:     field
 * @len:   header length (resolves bit_len 0)
 * @first: first octet touched
 * @count: octets touched
 */
void ik_field_octets(const struct ik_field *f, size_t len, size_t *first, size_t *count);

/* Tables (defined in src/wire/fields.c). */
extern const struct ik_field_table ik_ft_ipv4;       /* fixed 20-octet header */
extern const struct ik_field_table ik_ft_udp;
extern const struct ik_field_table ik_ft_tcp8;       /* first 8 octets of TCP (the
							* dissector cuts ik_ft_tcp instead) */
extern const struct ik_field_table ik_ft_tcp;        /* fixed 20-octet TCP header */
extern const struct ik_field_table ik_ft_tcpopt_1;   /* EOL/NOP: kind */
extern const struct ik_field_table ik_ft_tcpopt_mss; /* kind,len,MSS */
extern const struct ik_field_table ik_ft_tcpopt_wscale; /* kind,len,shift */
extern const struct ik_field_table ik_ft_tcpopt_sackperm; /* kind,len */
extern const struct ik_field_table ik_ft_tcpopt_sack; /* kind,len,1-4 blocks */
extern const struct ik_field_table ik_ft_tcpopt_ts;  /* kind,len,TSval,TSecr */
extern const struct ik_field_table ik_ft_tcpopt_raw; /* kind,len,data */
extern const struct ik_field_table ik_ft_ipopt_route; /* RR/LSRR/SSRR: type,len,ptr */
extern const struct ik_field_table ik_ft_ipopt_ts;   /* type,len,ptr,oflw,flg */
extern const struct ik_field_table ik_ft_ipopt_ra;   /* type,len,value */
extern const struct ik_field_table ik_ft_ipopt_raw;  /* type,len,data */
extern const struct ik_field_table ik_ft_ipopt_1;    /* EOL/NOP: type */
extern const struct ik_field_table ik_ft_icmp_ext_hdr;
extern const struct ik_field_table ik_ft_icmp_ext_obj;
extern const struct ik_field_table ik_ft_mpls_entry;

/* IPv6 tables (defined in src/wire/fields_ipv6.c) */
extern const struct ik_field_table ik_ft_ipv6;        /* fixed 40-octet header */
extern const struct ik_field_table ik_ft_ipv6_hopopts; /* Next Header, Hdr Ext Len */
extern const struct ik_field_table ik_ft_ipv6_dstopts; /* the same layout */
extern const struct ik_field_table ik_ft_ipv6_routing;      /* any type: its data as octets */
extern const struct ik_field_table ik_ft_ipv6_routing_addr; /* types 0 and 2: addresses */
extern const struct ik_field_table ik_ft_ipv6_frag;
extern const struct ik_field_table ik_ft_ipv6_opt_1;  /* Pad1: type */
extern const struct ik_field_table ik_ft_ipv6_opt;    /* type,len,data */
extern const struct ik_field_table ik_ft_ndp_lla;     /* source/target link-layer address */
extern const struct ik_field_table ik_ft_ndp_prefix;
extern const struct ik_field_table ik_ft_ndp_mtu;
extern const struct ik_field_table ik_ft_ndp_redirected;
extern const struct ik_field_table ik_ft_ndp_raw;

/**
 * ik_ft_icmpv6() - the field table for an ICMPv6 message of @type
 * @type: ICMPv6 type
 *
 * Return: a table covering the fixed part of @type (ik_icmpv6_hdr_len());
 * a Type/Code/Checksum table for types not known.
 */
const struct ik_field_table *ik_ft_icmpv6(uint8_t type);

/**
 * ik_ft_ndp_opt() - the field table for a Neighbor Discovery option
 * @type: option type
 *
 * Return: the type's table, the generic type/length/data one for others.
 */
const struct ik_field_table *ik_ft_ndp_opt(uint8_t type);

/**
 * ik_ft_icmp() - the field table for an ICMP message of @type
 * @type: ICMP type
 *
 * Type 3 gets the layout of the codes other than 4 (no Next-Hop MTU); see
 * ik_ft_icmp_code().
 *
 * Return: a table covering the fixed header of @type (8, 12 or 20 octets);
 * a generic Type/Code/Checksum/Rest table for unknown types.
 */
const struct ik_field_table *ik_ft_icmp(uint8_t type);

/**
 * ik_ft_icmp_code() - the field table for an ICMP message of @type and @code
 * @type: ICMP type
 * @code: ICMP code
 *
 * As ik_ft_icmp(), but Type 3 Code 4 (Fragmentation Needed) gets the table
 * with the Next-Hop MTU of RFC 1191 in octets 6-7; for every other code of
 * Type 3 those octets are unused.
 *
 * Return: a table covering the fixed header of @type.
 */
const struct ik_field_table *ik_ft_icmp_code(uint8_t type, uint8_t code);

#ifdef __cplusplus
}
#endif
#endif
