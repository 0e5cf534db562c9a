// SPDX-License-Identifier: MIT
/* ipv6_names.c - names of IPv6 option types (IANA "Destination Options and
 * Hop-by-Hop Options") and Neighbor Discovery option types (IANA "IPv6
 * Neighbor Discovery Option Formats") */
#include <stddef.h>

#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv6.h"

/**
 * ik_ipv6_opt_name() - the name of a Hop-by-Hop / Destination option type
 * @type: the Option Type octet
 *
 * Return: static string, "unknown" when not named here.
 */
const char *ik_ipv6_opt_name(uint8_t type)
{
	switch (type) {
	case 0x00:
		return "Pad1";
	case 0x01:
		return "PadN";
	case 0x04:
		return "Tunnel Encapsulation Limit";
	case 0x05:
		return "Router Alert";
	case 0x07:
		return "CALIPSO";
	case 0x08:
		return "SMF_DPD";
	case 0x26:
		return "Quick-Start";
	case 0x63:
		return "RPL Option";
	case 0x6d:
		return "MPL Option";
	case 0x8b:
		return "ILNP Nonce";
	case 0x8c:
		return "Line-Identification Option";
	case 0xc2:
		return "Jumbo Payload";
	case 0xc9:
		return "Home Address";
	case 0x1e:
	case 0x3e:
	case 0x5e:
	case 0x7e:
	case 0x9e:
	case 0xbe:
	case 0xde:
	case 0xfe:
		return "RFC3692-style Experiment";
	default:
		return "unknown";
	}
}

/**
 * ik_ndp_opt_name() - the name of a Neighbor Discovery option type
 * @type: the option type
 *
 * Return: static string, "unknown" when not named here.
 */
const char *ik_ndp_opt_name(uint8_t type)
{
	static const char *const names[] = {
		[IK_NDP_OPT_SLLA] = "Source Link-Layer Address",
		[IK_NDP_OPT_TLLA] = "Target Link-Layer Address",
		[IK_NDP_OPT_PREFIX] = "Prefix Information",
		[IK_NDP_OPT_REDIRECTED] = "Redirected Header",
		[IK_NDP_OPT_MTU] = "MTU",
		[14] = "Nonce",
		[24] = "Route Information",
		[25] = "Recursive DNS Server",
		[31] = "DNS Search List",
		[38] = "PREF64",
	};

	if (type >= sizeof(names) / sizeof(names[0]) || !names[type])
		return "unknown";
	return names[type];
}
