/* SPDX-License-Identifier: MIT */
/**
 * DOC: what the icmp module's files share (icmp_in.c, icmp_err.c, icmp_rate.c)
 *
 * Not part of the contract between stack modules (that is internal.h): only
 * the icmp module includes this.
 */
#ifndef ICMPKIT_STACK_ICMP_PRIV_H
#define ICMPKIT_STACK_ICMP_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

/* Linux XRLIM_BURST_FACTOR: a destination may receive 6 errors at once */
#define IK_ICMP_XRLIM_BURST 6

/** enum ik_icmp_rl - verdict of the two-level rate limit */
enum ik_icmp_rl {
	IK_ICMP_RL_OK = 0,  /* send it */
	IK_ICMP_RL_GLOBAL,  /* the global bucket is empty */
	IK_ICMP_RL_HOST,    /* this destination's bucket is empty */
};

/**
 * ik_icmp_rate_check() - may an ICMP message of @type/@code go to @dst now?
 * @s:    stack
 * @dst:  destination of the ICMP message
 * @type: ICMP type
 * @code: ICMP code
 * @now:  time (ns)
 *
 * Types outside icmp_ratemask and Frag Needed are never limited. For the
 * others: the global bucket must hold credit, then the destination's bucket
 * must hold a token; only when both agree is the global bucket charged its
 * random cost (0, 1 or 2, one on average). Counts OutRateLimitGlobal /
 * OutRateLimitHost when it refuses.
 *
 * Return: enum ik_icmp_rl.
 */
enum ik_icmp_rl ik_icmp_rate_check(struct ik_stack *s, uint32_t dst, uint8_t type, uint8_t code,
				   uint64_t now);

/**
 * ik_icmp_out_count() - count one ICMP message sent (OutMsgs, the per-type
 * Out* counter, IcmpMsg OutType)
 * @s:    stack
 * @type: its type
 */
void ik_icmp_out_count(struct ik_stack *s, uint8_t type);

/**
 * ik_icmp_src_not_host() - RFC 1122 §3.2.2 (G5): does @src fail to name one
 * host? (0.0.0.0, 127/8 from outside, limited or directed broadcast, 224/4,
 * 240/4)
 * @s:       stack
 * @src:     source address of a received datagram
 * @ifindex: interface it arrived on
 *
 * Return: NULL when @src names one host, else a short reason.
 */
const char *ik_icmp_src_not_host(const struct ik_stack *s, uint32_t src, unsigned ifindex);

#endif
