// SPDX-License-Identifier: MIT
/**
 * DOC: the ICMP type descriptors: one entry per type, the one table
 *
 * Everything the project knows about an ICMP type lives in its entry:
 * its IANA name and code names, the layout of its "rest of header", its
 * fixed header length, whether it is an error (RFC 1122 §3.2.2: every type
 * not decoded as a query or reply counts as one), whether it quotes the
 * offending datagram, has an RFC 4884 length or an RFC 8335 extension,
 * whether it carries an Identifier and Sequence Number (and where), the
 * field table that draws it, the heading of its data, and the Linux Icmp
 * In/Out counters it is counted under. The parser and emitter (icmp.c), the
 * field tables (fields.c), the quote decoder (icmp_quote.c), the dissector
 * (dissect.c), the names (names.c), the one-line summary (show/summary.c)
 * and the stack's ICMP counters (stack/icmp) read it; none keeps a list of
 * types of its own. To add a type: add its entry here (and, for a new
 * layout, its field table in fields.c). ICMPv6 will add a second table of
 * the same shape.
 *
 * Names are in the wording of the IANA registry "Internet Control Message
 * Protocol (ICMP) Parameters", "(Deprecated)" marks included.
 */
#include <stddef.h>

#include "icmpkit/icmp.h"
#include "wire/icmp_ft.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const no_code[] = { "No Code" };

static const char *const codes_unreach[] = {
	"Net Unreachable",
	"Host Unreachable",
	"Protocol Unreachable",
	"Port Unreachable",
	"Fragmentation Needed and Don't Fragment was Set",
	"Source Route Failed",
	"Destination Network Unknown",
	"Destination Host Unknown",
	"Source Host Isolated",
	"Communication with Destination Network is Administratively Prohibited",
	"Communication with Destination Host is Administratively Prohibited",
	"Destination Network Unreachable for Type of Service",
	"Destination Host Unreachable for Type of Service",
	"Communication Administratively Prohibited",
	"Host Precedence Violation",
	"Precedence cutoff in effect",
};

static const char *const codes_redirect[] = {
	"Redirect Datagram for the Network (or subnet)",
	"Redirect Datagram for the Host",
	"Redirect Datagram for the Type of Service and Network",
	"Redirect Datagram for the Type of Service and Host",
};

static const char *const codes_althost[] = { "Alternate Address for Host" };

static const char *const codes_routeradv[] = {
	[0] = "Normal router advertisement",
	[16] = "Does not route common traffic",
};

static const char *const codes_timxceed[] = {
	"Time to Live exceeded in Transit",
	"Fragment Reassembly Time Exceeded",
};

static const char *const codes_paramprob[] = {
	"Pointer indicates the error",
	"Missing a Required Option",
	"Bad Length",
};

static const char *const codes_photuris[] = {
	"Bad SPI",
	"Authentication Failed",
	"Decompression Failed",
	"Decryption Failed",
	"Need Authentication",
	"Need Authorization",
};

static const char *const codes_extecho[] = { "No Error" };

static const char *const codes_extechoreply[] = {
	"No Error",
	"Malformed Query",
	"No Such Interface",
	"No Such Table Entry",
	"Multiple Interfaces Satisfy Query",
};

#define RBST "Reserved (for Robustness Experiment)"
/* name only: an unassigned, reserved or deprecated type without a decoder */
#define NAMED(n) { n, NULL, 0, IK_ICMPL_RAW, 8, 0, &ik_ft_icmp_generic, "ICMP Data", NULL, NULL }
#define CODES(c) c, NELEM(c)

static const struct ik_icmp_type_desc types[256] = {
	[IK_ICMP_ECHOREPLY] = { "Echo Reply", CODES(no_code), IK_ICMPL_ECHO, 8,
				IK_ICMPT_INFO | IK_ICMPT_IDSEQ, &ik_ft_icmp_echo, "Echo Data",
				"InEchoReps", "OutEchoReps" },
	[IK_ICMP_UNREACH] = { "Destination Unreachable", CODES(codes_unreach), IK_ICMPL_UNREACH, 8,
			      IK_ICMPT_QUOTE | IK_ICMPT_RFC4884, &ik_ft_icmp_unreach, "ICMP Data",
			      "InDestUnreachs", "OutDestUnreachs" },
	[IK_ICMP_SOURCEQUENCH] = { "Source Quench (Deprecated)", CODES(no_code), IK_ICMPL_RAW, 8,
				   IK_ICMPT_QUOTE, &ik_ft_icmp_quench, "ICMP Data", "InSrcQuenchs",
				   "OutSrcQuenchs" },
	[IK_ICMP_REDIRECT] = { "Redirect", CODES(codes_redirect), IK_ICMPL_REDIRECT, 8,
			       IK_ICMPT_QUOTE, &ik_ft_icmp_redirect, "ICMP Data", "InRedirects",
			       "OutRedirects" },
	[IK_ICMP_ALTHOSTADDR] = { "Alternate Host Address (Deprecated)", CODES(codes_althost),
				  IK_ICMPL_RAW, 8, IK_ICMPT_NOEMIT, &ik_ft_icmp_generic, "ICMP Data",
				  NULL, NULL },
	[IK_ICMP_ECHO] = { "Echo", CODES(no_code), IK_ICMPL_ECHO, 8,
			   IK_ICMPT_INFO | IK_ICMPT_IDSEQ, &ik_ft_icmp_echo, "Echo Data", "InEchos",
			   "OutEchos" },
	[IK_ICMP_ROUTERADV] = { "Router Advertisement", CODES(codes_routeradv), IK_ICMPL_RADV, 8,
				IK_ICMPT_INFO, &ik_ft_icmp_radv, "Router Address Entries", NULL,
				NULL },
	[IK_ICMP_ROUTERSOL] = { "Router Solicitation", CODES(no_code), IK_ICMPL_RAW, 8,
				IK_ICMPT_INFO, &ik_ft_icmp_rsol, "ICMP Data", NULL, NULL },
	[IK_ICMP_TIMXCEED] = { "Time Exceeded", CODES(codes_timxceed), IK_ICMPL_TIMXCEED, 8,
			       IK_ICMPT_QUOTE | IK_ICMPT_RFC4884, &ik_ft_icmp_timxceed, "ICMP Data",
			       "InTimeExcds", "OutTimeExcds" },
	[IK_ICMP_PARAMPROB] = { "Parameter Problem", CODES(codes_paramprob), IK_ICMPL_PARAM, 8,
				IK_ICMPT_QUOTE | IK_ICMPT_RFC4884, &ik_ft_icmp_param, "ICMP Data",
				"InParmProbs", "OutParmProbs" },
	[IK_ICMP_TSTAMP] = { "Timestamp", CODES(no_code), IK_ICMPL_TS, 20,
			     IK_ICMPT_INFO | IK_ICMPT_IDSEQ, &ik_ft_icmp_ts, "ICMP Data",
			     "InTimestamps", "OutTimestamps" },
	[IK_ICMP_TSTAMPREPLY] = { "Timestamp Reply", CODES(no_code), IK_ICMPL_TS, 20,
				  IK_ICMPT_INFO | IK_ICMPT_IDSEQ, &ik_ft_icmp_ts, "ICMP Data",
				  "InTimestampReps", "OutTimestampReps" },
	[IK_ICMP_IREQ] = { "Information Request (Deprecated)", CODES(no_code), IK_ICMPL_ECHO, 8,
			   IK_ICMPT_INFO | IK_ICMPT_IDSEQ, &ik_ft_icmp_info, "ICMP Data", NULL,
			   NULL },
	[IK_ICMP_IREQREPLY] = { "Information Reply (Deprecated)", CODES(no_code), IK_ICMPL_ECHO, 8,
				IK_ICMPT_INFO | IK_ICMPT_IDSEQ, &ik_ft_icmp_info, "ICMP Data", NULL,
				NULL },
	[IK_ICMP_MASKREQ] = { "Address Mask Request (Deprecated)", CODES(no_code), IK_ICMPL_MASK, 12,
			      IK_ICMPT_INFO | IK_ICMPT_IDSEQ, &ik_ft_icmp_mask, "ICMP Data",
			      "InAddrMasks", "OutAddrMasks" },
	[IK_ICMP_MASKREPLY] = { "Address Mask Reply (Deprecated)", CODES(no_code), IK_ICMPL_MASK, 12,
				IK_ICMPT_INFO | IK_ICMPT_IDSEQ, &ik_ft_icmp_mask, "ICMP Data",
				"InAddrMaskReps", "OutAddrMaskReps" },
	[19] = NAMED("Reserved (for Security)"),
	[20] = NAMED(RBST), [21] = NAMED(RBST), [22] = NAMED(RBST), [23] = NAMED(RBST),
	[24] = NAMED(RBST), [25] = NAMED(RBST), [26] = NAMED(RBST), [27] = NAMED(RBST),
	[28] = NAMED(RBST), [29] = NAMED(RBST),
	[IK_ICMP_TRACEROUTE] = { "Traceroute (Deprecated)", NULL, 0, IK_ICMPL_RAW, 8, IK_ICMPT_INFO,
				 &ik_ft_icmp_generic, "ICMP Data", NULL, NULL },
	[31] = NAMED("Datagram Conversion Error (Deprecated)"),
	[32] = NAMED("Mobile Host Redirect (Deprecated)"),
	[33] = NAMED("IPv6 Where-Are-You (Deprecated)"),
	[34] = NAMED("IPv6 I-Am-Here (Deprecated)"),
	[35] = NAMED("Mobile Registration Request (Deprecated)"),
	[36] = NAMED("Mobile Registration Reply (Deprecated)"),
	/* RFC 1788 */
	[37] = { "Domain Name Request (Deprecated)", NULL, 0, IK_ICMPL_RAW, 8, IK_ICMPT_INFO,
		 &ik_ft_icmp_generic, "ICMP Data", NULL, NULL },
	[38] = { "Domain Name Reply (Deprecated)", NULL, 0, IK_ICMPL_RAW, 8, IK_ICMPT_INFO,
		 &ik_ft_icmp_generic, "ICMP Data", NULL, NULL },
	[39] = NAMED("SKIP (Deprecated)"),
	/* itself an error report quoting a datagram */
	[IK_ICMP_PHOTURIS] = { "Photuris", CODES(codes_photuris), IK_ICMPL_RAW, 8, IK_ICMPT_QUOTE,
			       &ik_ft_icmp_photuris, "ICMP Data", NULL, NULL },
	[41] = NAMED("ICMP messages utilized by experimental mobility protocols such as Seamoby"),
	/* RFC 8335: the Sequence Number is one octet (6) */
	[IK_ICMP_EXTECHO] = { "Extended Echo Request", CODES(codes_extecho), IK_ICMPL_EXTECHO, 8,
			      IK_ICMPT_INFO | IK_ICMPT_EXTECHO | IK_ICMPT_IDSEQ8, &ik_ft_icmp_xecho,
			      "ICMP Data", NULL, NULL },
	[IK_ICMP_EXTECHOREPLY] = { "Extended Echo Reply", CODES(codes_extechoreply),
				   IK_ICMPL_EXTECHOREPLY, 8,
				   IK_ICMPT_INFO | IK_ICMPT_EXTECHO | IK_ICMPT_IDSEQ8,
				   &ik_ft_icmp_xechorep, "ICMP Data", NULL, NULL },
	[253] = NAMED("RFC3692-style Experiment 1"),
	[254] = NAMED("RFC3692-style Experiment 2"),
	[255] = NAMED("Reserved"),
};

/* types the registry lists no name for (1, 2, 7, 44-252) */
static const struct ik_icmp_type_desc unassigned = NAMED("Unassigned");

/**
 * ik_icmp_desc() - the descriptor of an ICMP type
 * @type: type
 *
 * Return: its entry, or the neutral "Unassigned" one. Never NULL.
 */
const struct ik_icmp_type_desc *ik_icmp_desc(uint8_t type)
{
	return types[type].name ? &types[type] : &unassigned;
}
