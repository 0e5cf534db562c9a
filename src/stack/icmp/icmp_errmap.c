// SPDX-License-Identifier: MIT
/*
 * icmp_errmap.c - ICMP type/code -> the errno a socket sees (Linux
 * icmp_err_convert and the per-type rules of __udp4_lib_err), as one table
 *
 * Destination Unreachable: by code, CONFORMANCE.md "Socket error mapping,
 * Type 3"; codes above 15 are EHOSTUNREACH, soft. Frag Needed (code 4) is
 * EMSGSIZE and soft: the path MTU update is what matters. Time Exceeded is
 * EHOSTUNREACH, soft (a routing loop or a short TTL is a hint, not proof).
 * Parameter Problem is EPROTO, hard. Source Quench (RFC 6633) and Redirect
 * (a routing matter) reach no socket: 0.
 */
#include <errno.h>

#include "stack/internal.h"

/** struct errmap_ent - one verdict: @err errno (0: none), @hard fatal */
struct errmap_ent {
	int err;
	bool hard;
};

static const struct errmap_ent unreach_codes[] = {
	[IK_UNREACH_NET] = { ENETUNREACH, false },
	[IK_UNREACH_HOST] = { EHOSTUNREACH, false },
	[IK_UNREACH_PROTO] = { ENOPROTOOPT, true },
	[IK_UNREACH_PORT] = { ECONNREFUSED, true },
	[IK_UNREACH_NEEDFRAG] = { EMSGSIZE, false },
	[IK_UNREACH_SRCFAIL] = { EOPNOTSUPP, false },
	[IK_UNREACH_NET_UNKNOWN] = { ENETUNREACH, true },
	[IK_UNREACH_HOST_UNKNOWN] = { EHOSTDOWN, true },
	[IK_UNREACH_ISOLATED] = { ENONET, true },
	[IK_UNREACH_NET_PROHIB] = { ENETUNREACH, true },
	[IK_UNREACH_HOST_PROHIB] = { EHOSTUNREACH, true },
	[IK_UNREACH_TOSNET] = { ENETUNREACH, false },
	[IK_UNREACH_TOSHOST] = { EHOSTUNREACH, false },
	[IK_UNREACH_FILTER_PROHIB] = { EHOSTUNREACH, true },
	[IK_UNREACH_HOST_PRECEDENCE] = { EHOSTUNREACH, true },
	[IK_UNREACH_PRECEDENCE_CUTOFF] = { EHOSTUNREACH, true },
};

/**
 * struct errmap_type - the mapping of one ICMP type
 * @by_code: per-code verdicts, or NULL
 * @ncodes:  entries in @by_code
 * @other:   verdict for codes beyond @by_code (or every code)
 */
struct errmap_type {
	const struct errmap_ent *by_code;
	unsigned ncodes;
	struct errmap_ent other;
};

static const struct errmap_type errmap[256] = {
	[IK_ICMP_UNREACH] = { unreach_codes, sizeof(unreach_codes) / sizeof(unreach_codes[0]),
			      { EHOSTUNREACH, false } },
	[IK_ICMP_SOURCEQUENCH] = { NULL, 0, { 0, false } },
	[IK_ICMP_REDIRECT] = { NULL, 0, { 0, false } },
	[IK_ICMP_TIMXCEED] = { NULL, 0, { EHOSTUNREACH, false } },
	[IK_ICMP_PARAMPROB] = { NULL, 0, { EPROTO, true } },
};

/**
 * ik_icmp_errmap() - Linux icmp_err_convert as a table
 * @type: ICMP type
 * @code: code
 * @hard: set to the fatal flag
 *
 * Return: the POSIX errno, or 0 for messages no socket hears about.
 */
int ik_icmp_errmap(uint8_t type, uint8_t code, bool *hard)
{
	const struct errmap_type *t = &errmap[type];
	const struct errmap_ent *e = code < t->ncodes ? &t->by_code[code] : &t->other;

	*hard = e->hard;
	return e->err;
}
