// SPDX-License-Identifier: MIT
/* fields.c - field tables: one per header layout, shared by every printer */
#include "icmpkit/fields.h"
#include "icmpkit/icmp.h"
#include "wire/icmp_ft.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define TABLE(var, title, jkey, arr) \
	const struct ik_field_table var = { title, jkey, arr, N(arr) }

/* ---- IPv4 (RFC 791, RFC 2474, RFC 3168) ---- */

static const struct ik_field ipv4_fields[] = {
	{ "Version", "version", 0, 4, IK_FMT_DEC, NULL },
	{ "IHL", "ihl", 4, 4, IK_FMT_WORDS, NULL },
	{ "DSCP", "dscp", 8, 6, IK_FMT_DEC, NULL },
	{ "ECN", "ecn", 14, 2, IK_FMT_DEC, NULL },
	{ "Total Length", "total_length", 16, 16, IK_FMT_DEC, NULL },
	{ "Identification", "identification", 32, 16, IK_FMT_HEX, NULL },
	{ "Flags", "flags", 48, 3, IK_FMT_FLAGS, "R|DF|MF" },
	{ "Fragment Offset", "fragment_offset", 51, 13, IK_FMT_FRAGOFF, NULL },
	{ "Time to Live", "ttl", 64, 8, IK_FMT_DEC, NULL },
	{ "Protocol", "protocol", 72, 8, IK_FMT_PROTO, NULL },
	{ "Header Checksum", "header_checksum", 80, 16, IK_FMT_CSUM, NULL },
	{ "Source Address", "source", 96, 32, IK_FMT_IPV4, NULL },
	{ "Destination Address", "destination", 128, 32, IK_FMT_IPV4, NULL },
};
TABLE(ik_ft_ipv4, "IPv4 Header", "ipv4", ipv4_fields);

/* ---- UDP (RFC 768) and TCP (RFC 9293) ---- */

static const struct ik_field udp_fields[] = {
	{ "Source Port", "source_port", 0, 16, IK_FMT_DEC, NULL },
	{ "Destination Port", "destination_port", 16, 16, IK_FMT_DEC, NULL },
	{ "Length", "length", 32, 16, IK_FMT_DEC, NULL },
	{ "Checksum", "checksum", 48, 16, IK_FMT_CSUM, NULL },
};
TABLE(ik_ft_udp, "UDP Header", "udp", udp_fields);

static const struct ik_field tcp8_fields[] = {
	{ "Source Port", "source_port", 0, 16, IK_FMT_DEC, NULL },
	{ "Destination Port", "destination_port", 16, 16, IK_FMT_DEC, NULL },
	{ "Sequence Number", "sequence_number", 32, 32, IK_FMT_DEC, NULL },
};
TABLE(ik_ft_tcp8, "TCP Header (first 8 octets)", "tcp", tcp8_fields);

/*
 * The TCP header as RFC 9293 §3.1 draws it: the control bits one bit each
 * (CWR and ECE from RFC 3168), the 4 bits before them Reserved. A quote
 * of 8 octets is this table cut after the Sequence Number.
 */
static const struct ik_field tcp_fields[] = {
	{ "Source Port", "source_port", 0, 16, IK_FMT_DEC, NULL },
	{ "Destination Port", "destination_port", 16, 16, IK_FMT_DEC, NULL },
	{ "Sequence Number", "sequence_number", 32, 32, IK_FMT_DEC, NULL },
	{ "Acknowledgment Number", "acknowledgment_number", 64, 32, IK_FMT_DEC, NULL },
	{ "Data Offset", "data_offset", 96, 4, IK_FMT_WORDS, NULL },
	{ "Reserved", "reserved", 100, 4, IK_FMT_HEX, NULL },
	{ "CWR", "cwr", 104, 1, IK_FMT_DEC, NULL },
	{ "ECE", "ece", 105, 1, IK_FMT_DEC, NULL },
	{ "URG", "urg", 106, 1, IK_FMT_DEC, NULL },
	{ "ACK", "ack", 107, 1, IK_FMT_DEC, NULL },
	{ "PSH", "psh", 108, 1, IK_FMT_DEC, NULL },
	{ "RST", "rst", 109, 1, IK_FMT_DEC, NULL },
	{ "SYN", "syn", 110, 1, IK_FMT_DEC, NULL },
	{ "FIN", "fin", 111, 1, IK_FMT_DEC, NULL },
	{ "Window", "window", 112, 16, IK_FMT_DEC, NULL },
	{ "Checksum", "checksum", 128, 16, IK_FMT_CSUM, NULL },
	{ "Urgent Pointer", "urgent_pointer", 144, 16, IK_FMT_DEC, NULL },
};
TABLE(ik_ft_tcp, "TCP Header", "tcp", tcp_fields);

/* ---- TCP options (RFC 9293 §3.2, RFC 7323, RFC 2018) ---- */

#define TCPOPT_KIND { "Kind", "kind", 0, 8, IK_FMT_TCPOPT, NULL }
#define TCPOPT_LEN { "Length", "length", 8, 8, IK_FMT_DEC, NULL }

static const struct ik_field tcpopt_1_fields[] = {
	TCPOPT_KIND,
};
TABLE(ik_ft_tcpopt_1, "TCP Option (single octet)", "tcpopt_single", tcpopt_1_fields);

static const struct ik_field tcpopt_mss_fields[] = {
	TCPOPT_KIND,
	TCPOPT_LEN,
	{ "Maximum Segment Size", "mss", 16, 16, IK_FMT_DEC, NULL },
};
TABLE(ik_ft_tcpopt_mss, "TCP Option (Maximum Segment Size)", "tcpopt_mss", tcpopt_mss_fields);

static const struct ik_field tcpopt_wscale_fields[] = {
	TCPOPT_KIND,
	TCPOPT_LEN,
	{ "Shift Count", "shift_count", 16, 8, IK_FMT_DEC, NULL },
};
TABLE(ik_ft_tcpopt_wscale, "TCP Option (Window Scale)", "tcpopt_window_scale",
      tcpopt_wscale_fields);

static const struct ik_field tcpopt_sackperm_fields[] = {
	TCPOPT_KIND,
	TCPOPT_LEN,
};
TABLE(ik_ft_tcpopt_sackperm, "TCP Option (SACK Permitted)", "tcpopt_sack_permitted",
      tcpopt_sackperm_fields);

/* up to 4 blocks fit in 40 octets; a shorter option shows fewer (a field
 * past the option's length is not in it) */
#define SACK_BLOCK(n, at) \
	{ "Left Edge of Block " #n, "left_edge_" #n, at, 32, IK_FMT_DEC, NULL }, \
	{ "Right Edge of Block " #n, "right_edge_" #n, at + 32, 32, IK_FMT_DEC, NULL }

static const struct ik_field tcpopt_sack_fields[] = {
	TCPOPT_KIND,
	TCPOPT_LEN,
	SACK_BLOCK(1, 16),
	SACK_BLOCK(2, 80),
	SACK_BLOCK(3, 144),
	SACK_BLOCK(4, 208),
};
TABLE(ik_ft_tcpopt_sack, "TCP Option (SACK)", "tcpopt_sack", tcpopt_sack_fields);

static const struct ik_field tcpopt_ts_fields[] = {
	TCPOPT_KIND,
	TCPOPT_LEN,
	{ "TS Value (TSval)", "ts_value", 16, 32, IK_FMT_DEC, NULL },
	{ "TS Echo Reply (TSecr)", "ts_echo_reply", 48, 32, IK_FMT_DEC, NULL },
};
TABLE(ik_ft_tcpopt_ts, "TCP Option (Timestamps)", "tcpopt_timestamps", tcpopt_ts_fields);

static const struct ik_field tcpopt_raw_fields[] = {
	TCPOPT_KIND,
	TCPOPT_LEN,
	{ "Option Data", "data", 16, 0, IK_FMT_BYTES, NULL },
};
TABLE(ik_ft_tcpopt_raw, "TCP Option", "tcpopt", tcpopt_raw_fields);

/* ---- IPv4 options (RFC 791, RFC 2113) ---- */

#define OPT_TYPE { "Option Type", "type", 0, 8, IK_FMT_OPTTYPE, NULL }
#define OPT_LEN { "Option Length", "length", 8, 8, IK_FMT_DEC, NULL }

static const struct ik_field opt_route_fields[] = {
	OPT_TYPE,
	OPT_LEN,
	{ "Pointer", "pointer", 16, 8, IK_FMT_DEC, NULL },
	{ "Route Data", "route_data", 24, 0, IK_FMT_BYTES, NULL },
};
TABLE(ik_ft_ipopt_route, "IP Option (route)", "ipopt_route", opt_route_fields);

static const struct ik_field opt_ts_fields[] = {
	OPT_TYPE,
	OPT_LEN,
	{ "Pointer", "pointer", 16, 8, IK_FMT_DEC, NULL },
	{ "Oflw", "overflow", 24, 4, IK_FMT_DEC, NULL },
	{ "Flg", "flag", 28, 4, IK_FMT_DEC, NULL },
	{ "Timestamp Data", "data", 32, 0, IK_FMT_BYTES, NULL },
};
TABLE(ik_ft_ipopt_ts, "IP Option (Timestamp)", "ipopt_timestamp", opt_ts_fields);

static const struct ik_field opt_ra_fields[] = {
	OPT_TYPE,
	OPT_LEN,
	{ "Value", "value", 16, 16, IK_FMT_DEC, NULL },
};
TABLE(ik_ft_ipopt_ra, "IP Option (Router Alert)", "ipopt_router_alert", opt_ra_fields);

static const struct ik_field opt_raw_fields[] = {
	OPT_TYPE,
	OPT_LEN,
	{ "Option Data", "data", 16, 0, IK_FMT_BYTES, NULL },
};
TABLE(ik_ft_ipopt_raw, "IP Option", "ipopt", opt_raw_fields);

static const struct ik_field opt_1_fields[] = {
	OPT_TYPE,
};
TABLE(ik_ft_ipopt_1, "IP Option (single octet)", "ipopt_single", opt_1_fields);

/* ---- ICMP (RFC 792, RFC 950, RFC 1256, RFC 1191, RFC 4884, RFC 8335) ---- */

#define ICMP_TCC \
	{ "Type", "type", 0, 8, IK_FMT_ICMP_TYPE, NULL }, \
	{ "Code", "code", 8, 8, IK_FMT_ICMP_CODE, NULL }, \
	{ "Checksum", "checksum", 16, 16, IK_FMT_CSUM, NULL }
#define ICMP_ID_SEQ \
	{ "Identifier", "identifier", 32, 16, IK_FMT_DEC, NULL }, \
	{ "Sequence Number", "sequence", 48, 16, IK_FMT_DEC, NULL }

static const struct ik_field icmp_generic_fields[] = {
	ICMP_TCC,
	{ "Rest of Header", "rest_of_header", 32, 32, IK_FMT_HEX, NULL },
};
const struct ik_field_table ik_ft_icmp_generic = {
	"ICMP Header", "icmp", icmp_generic_fields, N(icmp_generic_fields)
};

static const struct ik_field icmp_echo_fields[] = {
	ICMP_TCC,
	ICMP_ID_SEQ,
};
const struct ik_field_table ik_ft_icmp_echo = {
	"ICMP Echo Header", "icmp", icmp_echo_fields, N(icmp_echo_fields)
};
const struct ik_field_table ik_ft_icmp_info = {
	"ICMP Information Header", "icmp", icmp_echo_fields, N(icmp_echo_fields)
};

/*
 * Destination Unreachable: RFC 792 leaves octets 4-7 unused, RFC 4884 puts
 * the Length of the quote in octet 5 (every code), and RFC 1191 the
 * Next-Hop MTU in octets 6-7, for Code 4 (Fragmentation Needed) only.
 */
static const struct ik_field icmp_unreach_fields[] = {
	ICMP_TCC,
	{ "unused", "unused", 32, 8, IK_FMT_HEX, NULL },
	{ "Length", "length", 40, 8, IK_FMT_WORDS, NULL },
	{ "unused", "unused2", 48, 16, IK_FMT_HEX, NULL },
};
const struct ik_field_table ik_ft_icmp_unreach = {
	"ICMP Destination Unreachable Header", "icmp", icmp_unreach_fields,
	N(icmp_unreach_fields)
};

static const struct ik_field icmp_needfrag_fields[] = {
	ICMP_TCC,
	{ "unused", "unused", 32, 8, IK_FMT_HEX, NULL },
	{ "Length", "length", 40, 8, IK_FMT_WORDS, NULL },
	{ "Next-Hop MTU", "next_hop_mtu", 48, 16, IK_FMT_DEC, NULL },
};
const struct ik_field_table ik_ft_icmp_needfrag = {
	"ICMP Destination Unreachable Header", "icmp", icmp_needfrag_fields,
	N(icmp_needfrag_fields)
};

static const struct ik_field icmp_quench_fields[] = {
	ICMP_TCC,
	{ "unused", "unused", 32, 32, IK_FMT_HEX, NULL },
};
const struct ik_field_table ik_ft_icmp_quench = {
	"ICMP Source Quench Header", "icmp", icmp_quench_fields, N(icmp_quench_fields)
};

static const struct ik_field icmp_redirect_fields[] = {
	ICMP_TCC,
	{ "Gateway Internet Address", "gateway", 32, 32, IK_FMT_IPV4, NULL },
};
const struct ik_field_table ik_ft_icmp_redirect = {
	"ICMP Redirect Header", "icmp", icmp_redirect_fields, N(icmp_redirect_fields)
};

static const struct ik_field icmp_timxceed_fields[] = {
	ICMP_TCC,
	{ "unused", "unused", 32, 8, IK_FMT_HEX, NULL },
	{ "Length", "length", 40, 8, IK_FMT_WORDS, NULL },
	{ "unused", "unused2", 48, 16, IK_FMT_HEX, NULL },
};
const struct ik_field_table ik_ft_icmp_timxceed = {
	"ICMP Time Exceeded Header", "icmp", icmp_timxceed_fields, N(icmp_timxceed_fields)
};

static const struct ik_field icmp_param_fields[] = {
	ICMP_TCC,
	{ "Pointer", "pointer", 32, 8, IK_FMT_DEC, NULL },
	{ "Length", "length", 40, 8, IK_FMT_WORDS, NULL },
	{ "unused", "unused", 48, 16, IK_FMT_HEX, NULL },
};
const struct ik_field_table ik_ft_icmp_param = {
	"ICMP Parameter Problem Header", "icmp", icmp_param_fields, N(icmp_param_fields)
};

static const struct ik_field icmp_ts_fields[] = {
	ICMP_TCC,
	ICMP_ID_SEQ,
	{ "Originate Timestamp", "originate", 64, 32, IK_FMT_MSTIME, NULL },
	{ "Receive Timestamp", "receive", 96, 32, IK_FMT_MSTIME, NULL },
	{ "Transmit Timestamp", "transmit", 128, 32, IK_FMT_MSTIME, NULL },
};
const struct ik_field_table ik_ft_icmp_ts = {
	"ICMP Timestamp Header", "icmp", icmp_ts_fields, N(icmp_ts_fields)
};

static const struct ik_field icmp_mask_fields[] = {
	ICMP_TCC,
	ICMP_ID_SEQ,
	{ "Address Mask", "address_mask", 64, 32, IK_FMT_IPV4, NULL },
};
const struct ik_field_table ik_ft_icmp_mask = {
	"ICMP Address Mask Header", "icmp", icmp_mask_fields, N(icmp_mask_fields)
};

static const struct ik_field icmp_radv_fields[] = {
	ICMP_TCC,
	{ "Num Addrs", "num_addrs", 32, 8, IK_FMT_DEC, NULL },
	{ "Addr Entry Size", "addr_entry_size", 40, 8, IK_FMT_WORDS, NULL },
	{ "Lifetime", "lifetime", 48, 16, IK_FMT_DEC, NULL },
};
const struct ik_field_table ik_ft_icmp_radv = {
	"ICMP Router Advertisement Header", "icmp", icmp_radv_fields, N(icmp_radv_fields)
};

static const struct ik_field icmp_rsol_fields[] = {
	ICMP_TCC,
	{ "Reserved", "reserved", 32, 32, IK_FMT_HEX, NULL },
};
const struct ik_field_table ik_ft_icmp_rsol = {
	"ICMP Router Solicitation Header", "icmp", icmp_rsol_fields, N(icmp_rsol_fields)
};

static const struct ik_field icmp_photuris_fields[] = {
	ICMP_TCC,
	{ "Reserved", "reserved", 32, 16, IK_FMT_HEX, NULL },
	{ "Pointer", "pointer", 48, 16, IK_FMT_DEC, NULL },
};
const struct ik_field_table ik_ft_icmp_photuris = {
	"ICMP Photuris Header", "icmp", icmp_photuris_fields, N(icmp_photuris_fields)
};

static const struct ik_field icmp_xecho_fields[] = {
	ICMP_TCC,
	{ "Identifier", "identifier", 32, 16, IK_FMT_DEC, NULL },
	{ "Sequence Number", "sequence", 48, 8, IK_FMT_DEC, NULL },
	{ "Reserved", "reserved", 56, 7, IK_FMT_HEX, NULL },
	{ "L", "local", 63, 1, IK_FMT_DEC, NULL },
};
const struct ik_field_table ik_ft_icmp_xecho = {
	"ICMP Extended Echo Request Header", "icmp", icmp_xecho_fields, N(icmp_xecho_fields)
};

static const struct ik_field icmp_xechorep_fields[] = {
	ICMP_TCC,
	{ "Identifier", "identifier", 32, 16, IK_FMT_DEC, NULL },
	{ "Sequence Number", "sequence", 48, 8, IK_FMT_DEC, NULL },
	{ "State", "state", 56, 3, IK_FMT_DEC, NULL },
	{ "Res", "reserved", 59, 2, IK_FMT_DEC, NULL },
	{ "A", "active", 61, 1, IK_FMT_DEC, NULL },
	{ "4", "ipv4", 62, 1, IK_FMT_DEC, NULL },
	{ "6", "ipv6", 63, 1, IK_FMT_DEC, NULL },
};
const struct ik_field_table ik_ft_icmp_xechorep = {
	"ICMP Extended Echo Reply Header", "icmp", icmp_xechorep_fields,
	N(icmp_xechorep_fields)
};

/**
 * ik_ft_icmp() - the field table for an ICMP message of @type
 * @type: ICMP type
 *
 * The type's descriptor says (ik_icmp_desc()). Type 3 gets the layout of
 * the codes other than 4 (no Next-Hop MTU); see ik_ft_icmp_code().
 *
 * Return: a table covering the fixed header of @type (8, 12 or 20 octets);
 * a generic Type/Code/Checksum/Rest table for unknown types.
 */
const struct ik_field_table *ik_ft_icmp(uint8_t type)
{
	return ik_icmp_desc(type)->ft;
}

/**
 * ik_ft_icmp_code() - the field table for an ICMP message of @type and @code
 * @type: ICMP type
 * @code: ICMP code
 *
 * As ik_ft_icmp(), but Type 3 Code 4 (Fragmentation Needed) gets the table
 * with the Next-Hop MTU of RFC 1191; every other code of Type 3 has those
 * octets unused.
 *
 * Return: a table covering the fixed header of @type.
 */
const struct ik_field_table *ik_ft_icmp_code(uint8_t type, uint8_t code)
{
	if (type == 3 && code == 4)
		return &ik_ft_icmp_needfrag;
	return ik_ft_icmp(type);
}

/* ---- RFC 4884 extension structure, RFC 4950 MPLS label stack ---- */

static const struct ik_field ext_hdr_fields[] = {
	{ "Version", "version", 0, 4, IK_FMT_DEC, NULL },
	{ "Reserved", "reserved", 4, 12, IK_FMT_HEX, NULL },
	{ "Checksum", "checksum", 16, 16, IK_FMT_CSUM, NULL },
};
TABLE(ik_ft_icmp_ext_hdr, "ICMP Extension Header", "icmp_ext", ext_hdr_fields);

static const struct ik_field ext_obj_fields[] = {
	{ "Length", "length", 0, 16, IK_FMT_DEC, NULL },
	{ "Class-Num", "class_num", 16, 8, IK_FMT_DEC, NULL },
	{ "C-Type", "c_type", 24, 8, IK_FMT_DEC, NULL },
};
TABLE(ik_ft_icmp_ext_obj, "ICMP Extension Object Header", "icmp_ext_object", ext_obj_fields);

static const struct ik_field mpls_fields[] = {
	{ "Label", "label", 0, 20, IK_FMT_DEC, NULL },
	{ "TC", "tc", 20, 3, IK_FMT_DEC, NULL },
	{ "S", "s", 23, 1, IK_FMT_DEC, NULL },
	{ "TTL", "ttl", 24, 8, IK_FMT_DEC, NULL },
};
TABLE(ik_ft_mpls_entry, "MPLS Label Stack Entry", "mpls", mpls_fields);

/* ---- accessors ---- */

/**
 * ik_field_avail() - whether all of @f lies within @len octets
 * @f:   field
 * @len: octets of the header that are present
 *
 * A field running to the end of the header (bit_len 0) is available when
 * its start is within @len, even if it is empty.
 *
 * Return: true if the field can be read.
 */
bool ik_field_avail(const struct ik_field *f, size_t len)
{
	size_t end;

	if (f->bit_len == 0)
		return (size_t)f->bit_off / 8 <= len;
	end = ((size_t)f->bit_off + f->bit_len + 7) / 8;
	return end <= len;
}

/**
 * ik_field_get() - value of a field of at most 64 bits
 * @f:   field (bit_len 1..64)
 * @hdr: header start
 * @len: octets present
 * @out: value
 *
 * Return: true if read, false if the field is truncated or wider than 64.
 */
bool ik_field_get(const struct ik_field *f, const uint8_t *hdr, size_t len, uint64_t *out)
{
	size_t first = f->bit_off / 8;
	size_t last;
	unsigned lead = f->bit_off % 8;
	uint64_t acc = 0;

	if (f->bit_len == 0 || f->bit_len > 64 || !ik_field_avail(f, len))
		return false;
	last = ((size_t)f->bit_off + f->bit_len - 1) / 8;
	/* At most 9 octets (64 bits starting mid-octet): gather the bits
	 * from the most significant end, dropping what lies outside. */
	for (size_t i = first; i <= last; i++) {
		unsigned take = 8, shift = 0;
		uint8_t b = hdr[i];

		if (i == first) {
			b = (uint8_t)(b & (0xffu >> lead));
			take = 8 - lead;
		}
		if (i == last && (f->bit_off + f->bit_len) % 8) {
			shift = 8 - (f->bit_off + f->bit_len) % 8;
			take -= shift;
		}
		acc = acc << take | ((uint64_t)(b >> shift) & ((1u << take) - 1));
	}
	*out = acc;
	return true;
}

/**
 * ik_field_octets() - octet span of a field
 * @f:     field
 * @len:   header length (resolves bit_len 0)
 * @first: first octet touched
 * @count: octets touched (0 for an empty field running to the end)
 */
void ik_field_octets(const struct ik_field *f, size_t len, size_t *first, size_t *count)
{
	size_t start = f->bit_off / 8;
	size_t end;

	if (f->bit_len == 0)
		end = len > start ? len : start;
	else
		end = ((size_t)f->bit_off + f->bit_len + 7) / 8;
	*first = start;
	*count = end - start;
}
