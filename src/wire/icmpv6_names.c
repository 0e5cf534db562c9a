// SPDX-License-Identifier: MIT
/*
 * icmpv6_names.c - names of ICMPv6 types and codes, in the wording of the
 * IANA "Internet Control Message Protocol version 6 (ICMPv6) Parameters"
 * registry (codes of types 1-4 as RFC 4443 and RFC 7112 list them)
 */
#include <stddef.h>
#include <string.h>

#include "icmpkit/icmpv6.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const unreach[] = {
	"no route to destination",
	"communication with destination administratively prohibited",
	"beyond scope of source address",
	"address unreachable",
	"port unreachable",
	"source address failed ingress/egress policy",
	"reject route to destination",
	"Error in Source Routing Header",
};
static const char *const timxceed[] = {
	"hop limit exceeded in transit",
	"fragment reassembly time exceeded",
};
static const char *const paramprob[] = {
	"erroneous header field encountered",
	"unrecognized Next Header type encountered",
	"unrecognized IPv6 option encountered",
	"IPv6 First Fragment has incomplete IPv6 Header Chain",
};

/* informational types 128-161 */
static const char *const info[] = {
	"Echo Request",
	"Echo Reply",
	"Multicast Listener Query",
	"Multicast Listener Report",
	"Multicast Listener Done",
	"Router Solicitation",
	"Router Advertisement",
	"Neighbor Solicitation",
	"Neighbor Advertisement",
	"Redirect Message",
	"Router Renumbering",
	"ICMP Node Information Query",
	"ICMP Node Information Response",
	"Inverse Neighbor Discovery Solicitation Message",
	"Inverse Neighbor Discovery Advertisement Message",
	"Version 2 Multicast Listener Report",
	"Home Agent Address Discovery Request Message",
	"Home Agent Address Discovery Reply Message",
	"Mobile Prefix Solicitation",
	"Mobile Prefix Advertisement",
	"Certification Path Solicitation Message",
	"Certification Path Advertisement Message",
	"ICMP messages utilized by experimental mobility protocols such as Seamoby",
	"Multicast Router Advertisement",
	"Multicast Router Solicitation",
	"Multicast Router Termination",
	"FMIPv6 Messages",
	"RPL Control Message",
	"ILNPv6 Locator Update Message",
	"Duplicate Address Request",
	"Duplicate Address Confirmation",
	"MPL Control Message",
	"Extended Echo Request",
	"Extended Echo Reply",
};

const char *ik_icmpv6_type_name(uint8_t type)
{
	static const char *const err[] = { "Reserved", "Destination Unreachable", "Packet Too Big",
					   "Time Exceeded", "Parameter Problem" };

	if (type < NELEM(err))
		return err[type];
	if (type >= 128 && type - 128u < NELEM(info))
		return info[type - 128];
	if (type == 100 || type == 101 || type == 200 || type == 201)
		return "Private experimentation";
	if (type == 127)
		return "Reserved for expansion of ICMPv6 error messages";
	if (type == 255)
		return "Reserved for expansion of ICMPv6 informational messages";
	return "Unassigned";
}

/**
 * codes() - the code names of @type
 * @type: type; @n: set to how many
 *
 * Return: the table, or NULL for a type whose only code is 0.
 */
static const char *const *codes(uint8_t type, size_t *n)
{
	switch (type) {
	case IK_ICMP6_UNREACH:
		*n = NELEM(unreach);
		return unreach;
	case IK_ICMP6_TIME_EXCEEDED:
		*n = NELEM(timxceed);
		return timxceed;
	case IK_ICMP6_PARAM_PROB:
		*n = NELEM(paramprob);
		return paramprob;
	default:
		*n = 0;
		return NULL;
	}
}

int ik_icmpv6_code_known(uint8_t type, uint8_t code)
{
	size_t n;
	const char *const *t = codes(type, &n);

	if (t)
		return code < n;
	/* the other assigned types define code 0 only */
	return code == 0 && type != 0 && strcmp(ik_icmpv6_type_name(type), "Unassigned") != 0;
}

const char *ik_icmpv6_code_name(uint8_t type, uint8_t code)
{
	size_t n;
	const char *const *t = codes(type, &n);

	if (t)
		return code < n ? t[code] : "Unassigned";
	return ik_icmpv6_code_known(type, code) ? "No Code" : "Unassigned";
}
