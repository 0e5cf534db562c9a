// SPDX-License-Identifier: MIT
/*
 * icmp6_errmap.c - what an ICMPv6 error means to a socket: Linux's
 * icmpv6_err_convert() as a table
 */
#include <errno.h>

#include "stack/ip6/ip6.h"

/**
 * struct err6 - one row: the errno and whether it is fatal (sets the
 * socket's pending error when connected)
 */
struct err6 {
	int err;
	bool hard;
};

/* Destination Unreachable by code (RFC 4443 3.1; 5 and 6 from RFC 4443 too) */
static const struct err6 unreach6[] = {
	[0] = { ENETUNREACH, false },  /* no route to destination */
	[1] = { EACCES, true },        /* administratively prohibited */
	[2] = { EHOSTUNREACH, false }, /* beyond the scope of the source address */
	[3] = { EHOSTUNREACH, false }, /* address unreachable */
	[4] = { ECONNREFUSED, true },  /* port unreachable: the note's lesson */
	[5] = { EACCES, true },        /* source address failed ingress/egress policy */
	[6] = { EACCES, true },        /* reject route to destination */
};

int ik_icmp6_errmap(uint8_t type, uint8_t code, bool *hard)
{
	*hard = false;
	switch (type) {
	case IK_ICMP6_UNREACH:
		if (code < sizeof(unreach6) / sizeof(unreach6[0])) {
			*hard = unreach6[code].hard;
			return unreach6[code].err;
		}
		return EPROTO;
	case IK_ICMP6_PACKET_TOO_BIG:
		*hard = true;
		return EMSGSIZE;
	case IK_ICMP6_PARAM_PROB:
		*hard = true;
		return EPROTO;
	case IK_ICMP6_TIME_EXCEEDED:
		return EHOSTUNREACH;
	default:
		return EPROTO;
	}
}
