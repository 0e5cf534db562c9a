// SPDX-License-Identifier: MIT
/*
 * names.c - names of ICMP types and codes, IP protocols and IP options
 *
 * ICMP type and code names are in the type descriptors (icmp_types.c).
 * Tables in the wording of the IANA registries: "Assigned Internet
 * Protocol Numbers" (keywords) and
 * "IP Option Numbers". One exception: option 68 is "Timestamp" (RFC 791's
 * "Internet Timestamp") where IANA writes "Time Stamp".
 */
#include <stddef.h>

#include "icmpkit/icmp.h"
#include "icmpkit/names.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char unassigned[] = "Unassigned";

/**
 * ik_icmp_type_name() - IANA name of an ICMP type
 * @type: type
 *
 * Return: the registry's description, "Unassigned" for types it has none.
 * Never NULL.
 */
const char *ik_icmp_type_name(uint8_t type)
{
	return ik_icmp_desc(type)->name;
}

/**
 * ik_icmp_code_known() - whether (@type, @code) is in the registry
 * @type: type
 * @code: code
 *
 * Return: nonzero if registered.
 */
int ik_icmp_code_known(uint8_t type, uint8_t code)
{
	const struct ik_icmp_type_desc *t = ik_icmp_desc(type);

	return code < t->ncodes && t->codes[code] != NULL;
}

/**
 * ik_icmp_code_name() - IANA name of a code of @type
 * @type: type
 * @code: code
 *
 * Return: the registry's description ("No Code" where it lists only code 0
 * as such), "Unassigned" otherwise. Never NULL.
 */
const char *ik_icmp_code_name(uint8_t type, uint8_t code)
{
	return ik_icmp_code_known(type, code) ? ik_icmp_desc(type)->codes[code] : unassigned;
}

/*
 * Protocol keywords; entries the registry gives no keyword carry its
 * description; 147-252 are unassigned.
 */
static const char *const proto_names[256] = {
	[0] = "HOPOPT", [1] = "ICMP", [2] = "IGMP", [3] = "GGP", [4] = "IPv4",
	[5] = "ST", [6] = "TCP", [7] = "CBT", [8] = "EGP", [9] = "IGP",
	[10] = "BBN-RCC-MON", [11] = "NVP-II", [12] = "PUP", [13] = "ARGUS (deprecated)",
	[14] = "EMCON", [15] = "XNET", [16] = "CHAOS", [17] = "UDP", [18] = "MUX",
	[19] = "DCN-MEAS", [20] = "HMP", [21] = "PRM", [22] = "XNS-IDP", [23] = "TRUNK-1",
	[24] = "TRUNK-2", [25] = "LEAF-1", [26] = "LEAF-2", [27] = "RDP", [28] = "IRTP",
	[29] = "ISO-TP4", [30] = "NETBLT", [31] = "MFE-NSP", [32] = "MERIT-INP",
	[33] = "DCCP", [34] = "3PC", [35] = "IDPR", [36] = "XTP", [37] = "DDP",
	[38] = "IDPR-CMTP", [39] = "TP++", [40] = "IL", [41] = "IPv6", [42] = "SDRP",
	[43] = "IPv6-Route", [44] = "IPv6-Frag", [45] = "IDRP", [46] = "RSVP", [47] = "GRE",
	[48] = "DSR", [49] = "BNA", [50] = "ESP", [51] = "AH", [52] = "I-NLSP",
	[53] = "SWIPE (deprecated)", [54] = "NARP", [55] = "Min-IPv4", [56] = "TLSP",
	[57] = "SKIP", [58] = "IPv6-ICMP", [59] = "IPv6-NoNxt", [60] = "IPv6-Opts",
	[61] = "any host internal protocol", [62] = "CFTP", [63] = "any local network",
	[64] = "SAT-EXPAK", [65] = "KRYPTOLAN", [66] = "RVD", [67] = "IPPC",
	[68] = "any distributed file system", [69] = "SAT-MON", [70] = "VISA", [71] = "IPCV",
	[72] = "CPNX", [73] = "CPHB", [74] = "WSN", [75] = "PVP", [76] = "BR-SAT-MON",
	[77] = "SUN-ND", [78] = "WB-MON", [79] = "WB-EXPAK", [80] = "ISO-IP", [81] = "VMTP",
	[82] = "SECURE-VMTP", [83] = "VINES", [84] = "TTP/IPTM", [85] = "NSFNET-IGP",
	[86] = "DGP", [87] = "TCF", [88] = "EIGRP", [89] = "OSPFIGP", [90] = "Sprite-RPC",
	[91] = "LARP", [92] = "MTP", [93] = "AX.25", [94] = "IPIP", [95] = "MICP (deprecated)",
	[96] = "SCC-SP", [97] = "ETHERIP", [98] = "ENCAP",
	[99] = "any private encryption scheme", [100] = "GMTP", [101] = "IFMP",
	[102] = "PNNI", [103] = "PIM", [104] = "ARIS", [105] = "SCPS", [106] = "QNX",
	[107] = "A/N", [108] = "IPComp", [109] = "SNP", [110] = "Compaq-Peer",
	[111] = "IPX-in-IP", [112] = "VRRP", [113] = "PGM", [114] = "any 0-hop protocol",
	[115] = "L2TP", [116] = "DDX", [117] = "IATP", [118] = "STP", [119] = "SRP",
	[120] = "UTI", [121] = "SMP", [122] = "SM (deprecated)", [123] = "PTP",
	[124] = "ISIS over IPv4", [125] = "FIRE", [126] = "CRTP", [127] = "CRUDP",
	[128] = "SSCOPMCE", [129] = "IPLT", [130] = "SPS", [131] = "PIPE", [132] = "SCTP",
	[133] = "FC", [134] = "RSVP-E2E-IGNORE", [135] = "Mobility Header",
	[136] = "UDPLite", [137] = "MPLS-in-IP", [138] = "manet", [139] = "HIP",
	[140] = "Shim6", [141] = "WESP", [142] = "ROHC", [143] = "Ethernet",
	[144] = "AGGFRAG", [145] = "NSH", [146] = "Homa",
	[253] = "Use for experimentation and testing",
	[254] = "Use for experimentation and testing",
	[255] = "Reserved",
};

/**
 * ik_ip_proto_name() - short name of an IP protocol number
 * @proto: protocol number
 *
 * Return: the IANA keyword (e.g. "ICMP", "UDP", "GRE", "SCTP"), the
 * description where there is no keyword, "Unassigned" for others. Never NULL.
 */
const char *ik_ip_proto_name(uint8_t proto)
{
	const char *n = proto_names[proto];

	return n ? n : unassigned;
}

/* indexed by the whole option type octet (copy, class, number) */
static const char *const ipopt_names[256] = {
	[0] = "End of Options List",
	[1] = "No Operation",
	[7] = "Record Route",
	[10] = "Experimental Measurement",
	[11] = "MTU Probe",
	[12] = "MTU Reply",
	[15] = "ENCODE",
	[25] = "Quick-Start",
	[30] = "RFC3692-style Experiment",
	[68] = "Timestamp",
	[82] = "Traceroute",
	[94] = "RFC3692-style Experiment",
	[130] = "Security",
	[131] = "Loose Source Route",
	[133] = "Extended Security",
	[134] = "Commercial Security",
	[136] = "Stream ID",
	[137] = "Strict Source Route",
	[142] = "Experimental Access Control",
	[144] = "IMI Traffic Descriptor",
	[145] = "Extended Internet Protocol",
	[147] = "Address Extension",
	[148] = "Router Alert",
	[149] = "Selective Directed Broadcast",
	[151] = "Dynamic Packet State",
	[152] = "Upstream Multicast Pkt.",
	[158] = "RFC3692-style Experiment",
	[205] = "Experimental Flow Control",
	[222] = "RFC3692-style Experiment",
};

/**
 * ik_ipopt_name() - name of an IPv4 option type
 * @type: option type octet
 *
 * Return: e.g. "Record Route"; "Unknown" for others. Never NULL.
 */
const char *ik_ipopt_name(uint8_t type)
{
	const char *n = ipopt_names[type];

	return n ? n : "Unknown";
}

/* IANA "TCP Option Kind Numbers" (the kinds in use; obsolete ones named as
 * the registry lists them) */
static const char *const tcpopt_names[256] = {
	[0] = "End of Option List",
	[1] = "No-Operation",
	[2] = "Maximum Segment Size",
	[3] = "Window Scale",
	[4] = "SACK Permitted",
	[5] = "SACK",
	[6] = "Echo (obsolete)",
	[7] = "Echo Reply (obsolete)",
	[8] = "Timestamps",
	[19] = "MD5 Signature",
	[27] = "Quick-Start Response",
	[28] = "User Timeout",
	[29] = "TCP Authentication Option",
	[30] = "Multipath TCP",
	[34] = "TCP Fast Open Cookie",
	[69] = "Encryption Negotiation",
	[253] = "RFC3692-style Experiment 1",
	[254] = "RFC3692-style Experiment 2",
};

/**
 * ik_tcpopt_name() - name of a TCP option kind
 * @kind: option kind octet
 *
 * Return: e.g. "Maximum Segment Size"; "Unknown" for others. Never NULL.
 */
const char *ik_tcpopt_name(uint8_t kind)
{
	const char *n = tcpopt_names[kind];

	return n ? n : "Unknown";
}
