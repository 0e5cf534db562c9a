// SPDX-License-Identifier: MIT
/* fields_ipv6.c - field tables of IPv6 (RFC 8200), its extension headers,
 * ICMPv6 (RFC 4443) and Neighbor Discovery (RFC 4861) */
#include "icmpkit/fields.h"
#include "icmpkit/icmpv6.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define TABLE(var, title, jkey, arr) \
	const struct ik_field_table var = { title, jkey, arr, N(arr) }

/* ---- IPv6 (RFC 8200 §3) ---- */

static const struct ik_field ipv6_fields[] = {
	{ "Version", "version", 0, 4, IK_FMT_DEC, NULL },
	{ "Traffic Class", "traffic_class", 4, 8, IK_FMT_HEX, NULL },
	{ "Flow Label", "flow_label", 12, 20, IK_FMT_HEX, NULL },
	{ "Payload Length", "payload_length", 32, 16, IK_FMT_DEC, NULL },
	{ "Next Header", "next_header", 48, 8, IK_FMT_PROTO, NULL },
	{ "Hop Limit", "hop_limit", 56, 8, IK_FMT_DEC, NULL },
	{ "Source Address", "source", 64, 128, IK_FMT_IPV6, NULL },
	{ "Destination Address", "destination", 192, 128, IK_FMT_IPV6, NULL },
};
TABLE(ik_ft_ipv6, "IPv6 Header", "ipv6", ipv6_fields);

/* ---- extension headers (RFC 8200 §4.3-4.6) ---- */

#define EXT_NH { "Next Header", "next_header", 0, 8, IK_FMT_PROTO, NULL }
#define EXT_LEN { "Hdr Ext Len", "length", 8, 8, IK_FMT_EXTLEN, NULL }

/* the options themselves are layers of their own (ik_ft_ipv6_opt) */
static const struct ik_field opts_fields[] = {
	EXT_NH,
	EXT_LEN,
};
TABLE(ik_ft_ipv6_hopopts, "IPv6 Hop-by-Hop Options Header", "ipv6_hopopts", opts_fields);
TABLE(ik_ft_ipv6_dstopts, "IPv6 Destination Options Header", "ipv6_dstopts", opts_fields);

static const struct ik_field routing_fields[] = {
	EXT_NH,
	EXT_LEN,
	{ "Routing Type", "routing_type", 16, 8, IK_FMT_DEC, NULL },
	{ "Segments Left", "segments_left", 24, 8, IK_FMT_DEC, NULL },
	{ "Type-specific Data", "data", 32, 0, IK_FMT_BYTES, NULL },
};
TABLE(ik_ft_ipv6_routing, "IPv6 Routing Header", "ipv6_routing", routing_fields);

/* Type 0 (RFC 2460, deprecated by RFC 5095) and Type 2 (RFC 6275: one
 * address): the addresses to visit; a field past the header is not in it */
#define RT_ADDR(n) { "Address[" #n "]", "address_" #n, 64 + 128 * (n - 1), 128, IK_FMT_IPV6, NULL }
static const struct ik_field routing_addr_fields[] = {
	EXT_NH,
	EXT_LEN,
	{ "Routing Type", "routing_type", 16, 8, IK_FMT_DEC, NULL },
	{ "Segments Left", "segments_left", 24, 8, IK_FMT_DEC, NULL },
	{ "Reserved", "reserved", 32, 32, IK_FMT_HEX, NULL },
	RT_ADDR(1), RT_ADDR(2), RT_ADDR(3), RT_ADDR(4),
	RT_ADDR(5), RT_ADDR(6), RT_ADDR(7), RT_ADDR(8),
	{ "More Addresses", "more_addresses", 64 + 128 * 8, 0, IK_FMT_BYTES, NULL },
};
TABLE(ik_ft_ipv6_routing_addr, "IPv6 Routing Header (addresses)", "ipv6_routing",
      routing_addr_fields);

static const struct ik_field frag_fields[] = {
	EXT_NH,
	{ "Reserved", "reserved", 8, 8, IK_FMT_HEX, NULL },
	{ "Fragment Offset", "fragment_offset", 16, 13, IK_FMT_FRAGOFF, NULL },
	{ "Res", "reserved2", 29, 2, IK_FMT_DEC, NULL },
	{ "M", "more", 31, 1, IK_FMT_DEC, NULL },
	{ "Identification", "identification", 32, 32, IK_FMT_HEX, NULL },
};
TABLE(ik_ft_ipv6_frag, "IPv6 Fragment Header", "ipv6_fragment", frag_fields);

static const struct ik_field opt_1_fields[] = {
	{ "Option Type", "type", 0, 8, IK_FMT_IPV6OPT, NULL },
};
TABLE(ik_ft_ipv6_opt_1, "IPv6 Option (Pad1)", "ipv6_option_pad1", opt_1_fields);

static const struct ik_field opt_fields[] = {
	{ "Option Type", "type", 0, 8, IK_FMT_IPV6OPT, NULL },
	{ "Opt Data Len", "length", 8, 8, IK_FMT_DEC, NULL },
	{ "Option Data", "data", 16, 0, IK_FMT_BYTES, NULL },
};
TABLE(ik_ft_ipv6_opt, "IPv6 Option", "ipv6_option", opt_fields);

/* ---- ICMPv6 (RFC 4443, RFC 4861; the Router Advertisement flags as RFC
 * 5175 lists them) ---- */

#define ICMP6_TCC \
	{ "Type", "type", 0, 8, IK_FMT_ICMPV6_TYPE, NULL }, \
	{ "Code", "code", 8, 8, IK_FMT_ICMPV6_CODE, NULL }, \
	{ "Checksum", "checksum", 16, 16, IK_FMT_CSUM, NULL }
#define ICMP6_RSVD32 { "Reserved", "reserved", 32, 32, IK_FMT_HEX, NULL }
#define ICMP6_TARGET { "Target Address", "target", 64, 128, IK_FMT_IPV6, NULL }

static const struct ik_field generic_fields[] = {
	ICMP6_TCC,
};
TABLE(icmpv6_generic, "ICMPv6 Header", "icmpv6", generic_fields);

static const struct ik_field unused_fields[] = {
	ICMP6_TCC,
	{ "Unused", "unused", 32, 32, IK_FMT_HEX, NULL },
};
TABLE(icmpv6_unreach, "ICMPv6 Destination Unreachable Header", "icmpv6", unused_fields);
TABLE(icmpv6_timex, "ICMPv6 Time Exceeded Header", "icmpv6", unused_fields);

static const struct ik_field ptb_fields[] = {
	ICMP6_TCC,
	{ "MTU", "mtu", 32, 32, IK_FMT_DEC, NULL },
};
TABLE(icmpv6_ptb, "ICMPv6 Packet Too Big Header", "icmpv6", ptb_fields);

static const struct ik_field param_fields[] = {
	ICMP6_TCC,
	{ "Pointer", "pointer", 32, 32, IK_FMT_DEC, NULL },
};
TABLE(icmpv6_param, "ICMPv6 Parameter Problem Header", "icmpv6", param_fields);

static const struct ik_field echo_fields[] = {
	ICMP6_TCC,
	{ "Identifier", "identifier", 32, 16, IK_FMT_DEC, NULL },
	{ "Sequence Number", "sequence", 48, 16, IK_FMT_DEC, NULL },
};
TABLE(icmpv6_echo, "ICMPv6 Echo Header", "icmpv6", echo_fields);

static const struct ik_field rs_fields[] = {
	ICMP6_TCC,
	ICMP6_RSVD32,
};
TABLE(icmpv6_rs, "ICMPv6 Router Solicitation Header", "icmpv6", rs_fields);

static const struct ik_field ra_fields[] = {
	ICMP6_TCC,
	{ "Cur Hop Limit", "cur_hop_limit", 32, 8, IK_FMT_DEC, NULL },
	{ "M", "managed", 40, 1, IK_FMT_DEC, NULL },
	{ "O", "other", 41, 1, IK_FMT_DEC, NULL },
	{ "H", "home_agent", 42, 1, IK_FMT_DEC, NULL },     /* RFC 6275 */
	{ "Prf", "preference", 43, 2, IK_FMT_DEC, NULL },  /* RFC 4191 */
	{ "P", "proxy", 45, 1, IK_FMT_DEC, NULL },         /* RFC 4389 */
	{ "Rsv", "reserved", 46, 2, IK_FMT_HEX, NULL },
	{ "Router Lifetime", "router_lifetime", 48, 16, IK_FMT_DEC, NULL },
	{ "Reachable Time", "reachable_time", 64, 32, IK_FMT_DEC, NULL },
	{ "Retrans Timer", "retrans_timer", 96, 32, IK_FMT_DEC, NULL },
};
TABLE(icmpv6_ra, "ICMPv6 Router Advertisement Header", "icmpv6", ra_fields);

static const struct ik_field ns_fields[] = {
	ICMP6_TCC,
	ICMP6_RSVD32,
	ICMP6_TARGET,
};
TABLE(icmpv6_ns, "ICMPv6 Neighbor Solicitation Header", "icmpv6", ns_fields);

static const struct ik_field na_fields[] = {
	ICMP6_TCC,
	{ "R", "router", 32, 1, IK_FMT_DEC, NULL },
	{ "S", "solicited", 33, 1, IK_FMT_DEC, NULL },
	{ "O", "override", 34, 1, IK_FMT_DEC, NULL },
	{ "Reserved", "reserved", 35, 29, IK_FMT_HEX, NULL },
	ICMP6_TARGET,
};
TABLE(icmpv6_na, "ICMPv6 Neighbor Advertisement Header", "icmpv6", na_fields);

static const struct ik_field redirect_fields[] = {
	ICMP6_TCC,
	ICMP6_RSVD32,
	ICMP6_TARGET,
	{ "Destination Address", "destination", 192, 128, IK_FMT_IPV6, NULL },
};
TABLE(icmpv6_redirect, "ICMPv6 Redirect Header", "icmpv6", redirect_fields);

/**
 * ik_ft_icmpv6() - the field table for an ICMPv6 message of @type
 * @type: ICMPv6 type
 *
 * Return: a table covering the fixed part of @type; Type/Code/Checksum for
 * types not known.
 */
const struct ik_field_table *ik_ft_icmpv6(uint8_t type)
{
	switch (type) {
	case IK_ICMP6_UNREACH:
		return &icmpv6_unreach;
	case IK_ICMP6_PACKET_TOO_BIG:
		return &icmpv6_ptb;
	case IK_ICMP6_TIME_EXCEEDED:
		return &icmpv6_timex;
	case IK_ICMP6_PARAM_PROB:
		return &icmpv6_param;
	case IK_ICMP6_ECHO:
	case IK_ICMP6_ECHO_REPLY:
		return &icmpv6_echo;
	case IK_ICMP6_ROUTER_SOL:
		return &icmpv6_rs;
	case IK_ICMP6_ROUTER_ADV:
		return &icmpv6_ra;
	case IK_ICMP6_NEIGHBOR_SOL:
		return &icmpv6_ns;
	case IK_ICMP6_NEIGHBOR_ADV:
		return &icmpv6_na;
	case IK_ICMP6_REDIRECT:
		return &icmpv6_redirect;
	default:
		return &icmpv6_generic;
	}
}

/* ---- Neighbor Discovery options (RFC 4861 §4.6) ---- */

#define NDP_TL \
	{ "Type", "type", 0, 8, IK_FMT_NDPOPT, NULL }, \
	{ "Length", "length", 8, 8, IK_FMT_UNITS8, NULL }

static const struct ik_field lla_fields[] = {
	NDP_TL,
	{ "Link-Layer Address", "link_layer_address", 16, 0, IK_FMT_BYTES, NULL },
};
TABLE(ik_ft_ndp_lla, "NDP Option (Link-Layer Address)", "ndp_lla", lla_fields);

static const struct ik_field prefix_fields[] = {
	NDP_TL,
	{ "Prefix Length", "prefix_length", 16, 8, IK_FMT_DEC, NULL },
	{ "L", "on_link", 24, 1, IK_FMT_DEC, NULL },
	{ "A", "autonomous", 25, 1, IK_FMT_DEC, NULL },
	{ "Reserved1", "reserved1", 26, 6, IK_FMT_HEX, NULL },
	{ "Valid Lifetime", "valid_lifetime", 32, 32, IK_FMT_DEC, NULL },
	{ "Preferred Lifetime", "preferred_lifetime", 64, 32, IK_FMT_DEC, NULL },
	{ "Reserved2", "reserved2", 96, 32, IK_FMT_HEX, NULL },
	{ "Prefix", "prefix", 128, 128, IK_FMT_IPV6, NULL },
};
TABLE(ik_ft_ndp_prefix, "NDP Option (Prefix Information)", "ndp_prefix", prefix_fields);

static const struct ik_field mtu_fields[] = {
	NDP_TL,
	{ "Reserved", "reserved", 16, 16, IK_FMT_HEX, NULL },
	{ "MTU", "mtu", 32, 32, IK_FMT_DEC, NULL },
};
TABLE(ik_ft_ndp_mtu, "NDP Option (MTU)", "ndp_mtu", mtu_fields);

/* the IP header and data it carries follow as a quote */
static const struct ik_field redirected_fields[] = {
	NDP_TL,
	{ "Reserved", "reserved", 16, 48, IK_FMT_HEX, NULL },
};
TABLE(ik_ft_ndp_redirected, "NDP Option (Redirected Header)", "ndp_redirected",
      redirected_fields);

static const struct ik_field raw_fields[] = {
	NDP_TL,
	{ "Option Data", "data", 16, 0, IK_FMT_BYTES, NULL },
};
TABLE(ik_ft_ndp_raw, "NDP Option", "ndp_option", raw_fields);

/**
 * ik_ft_ndp_opt() - the field table for a Neighbor Discovery option
 * @type: option type
 *
 * Return: the type's table, the generic type/length/data one for others.
 */
const struct ik_field_table *ik_ft_ndp_opt(uint8_t type)
{
	switch (type) {
	case IK_NDP_OPT_SLLA:
	case IK_NDP_OPT_TLLA:
		return &ik_ft_ndp_lla;
	case IK_NDP_OPT_PREFIX:
		return &ik_ft_ndp_prefix;
	case IK_NDP_OPT_MTU:
		return &ik_ft_ndp_mtu;
	case IK_NDP_OPT_REDIRECTED:
		return &ik_ft_ndp_redirected;
	default:
		return &ik_ft_ndp_raw;
	}
}
