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

#include "icmpkit/checksum.h"
#include "stack/internal.h"

/* Linux XRLIM_BURST_FACTOR: a destination may receive 6 errors at once */
#define IK_ICMP_XRLIM_BURST 6

/* IP header (without options) + ICMP header of an error itself */
#define IK_ICMP_ERR_OVERHEAD (IK_IPV4_HDR_MIN + IK_ICMP_HDR_LEN)

/**
 * ik_icmp_quote_len() - how much of an offending datagram an error quotes
 * (G7, G8)
 * @s:    stack
 * @len:  the datagram's length (its Total Length)
 * @hlen: its header length
 *
 * As much as keeps the error datagram within icmp_error_quote_max, but never
 * less than the header with its options and 8 data octets (or all of it).
 * Shared by ik_icmp_send_error() and the fast path (fastpath.c).
 *
 * Return: octets to quote.
 */
static inline size_t ik_icmp_quote_len(const struct ik_stack *s, size_t len, size_t hlen)
{
	/* 68..65535 (settings.c): always room for the overhead */
	size_t room = (size_t)s->set.icmp_error_quote_max - IK_ICMP_ERR_OVERHEAD;
	size_t least = hlen + 8;
	size_t q = len < room ? len : room;

	if (least > len)
		least = len;
	return q < least ? least : q;
}

/**
 * ik_icmp_err_tos() - the TOS octet of an ICMP error: a host's is 0 (G11);
 * a router's (ip_forward=1, or a datagram being forwarded) is precedence 6
 * with the offending datagram's TOS bits kept (RFC 1812 4.3.2.5, as
 * Linux's icmp_send())
 * @s: stack; @fwd: the datagram was being forwarded; @tos: its TOS octet
 *
 * Return: the TOS octet.
 */
static inline uint8_t ik_icmp_err_tos(const struct ik_stack *s, bool fwd, uint8_t tos)
{
	return fwd || s->set.ip_forward ? (uint8_t)(0xc0u | (tos & 0x1eu)) : 0;
}

/**
 * ik_icmp_err_ttl() - the TTL of an ICMP error (G11): ip_default_ttl
 * @s: stack
 *
 * Return: the TTL (1..255, as settings.c keeps it).
 */
static inline uint8_t ik_icmp_err_ttl(const struct ik_stack *s)
{
	return (uint8_t)s->set.ip_default_ttl;
}

/**
 * ik_icmp_err_build() - the one builder of an ICMP error message (Linux
 * icmp_send's body): the 8-octet header, then the quote copied and summed in
 * one pass, then the checksum
 * @out:  where the message goes (IK_ICMP_HDR_LEN + @q octets)
 * @type: 3, 11 or 12 (or 5)
 * @code: code
 * @info: next-hop MTU (3/4), pointer (12), gateway (5), else unused (0)
 * @pkt:  the offending datagram, IP header first
 * @q:    octets of it to quote (ik_icmp_quote_len())
 * @known: leading octets of @pkt known to sum to all ones (an IP header of
 *        even length, its checksum verified, left as it arrived; 0 if none):
 *        ones' complement zero, so copied without being summed
 *
 * Return: the partial sum of the quote, as ik_csum_partial() gives it (a
 * caller may check a checksum inside the quote with it); the first @known
 * octets add nothing to it.
 */
static inline uint32_t ik_icmp_err_build(uint8_t *out, uint8_t type, uint8_t code,
					 uint32_t info, const uint8_t *pkt, size_t q, size_t known)
{
	uint32_t qsum;

	out[0] = type;
	out[1] = code;
	ik_put16(out + 2, 0);
	ik_put32(out + 4, 0);
	if (type == IK_ICMP_UNREACH && code == IK_UNREACH_NEEDFRAG)
		ik_put16(out + 6, (uint16_t)info);
	else if (type == IK_ICMP_PARAMPROB)
		out[4] = (uint8_t)info;
	else if (type == IK_ICMP_REDIRECT)
		ik_put32(out + 4, info);
	__builtin_memcpy(out + IK_ICMP_HDR_LEN, pkt, known);
	qsum = ik_csum_copy(out + IK_ICMP_HDR_LEN + known, pkt + known, q - known, 0);
	/* the header's words added by hand (its checksum word is 0) */
	ik_put16(out + 2, ik_csum_finish(qsum + ((uint32_t)type << 8 | code) + ik_get16(out + 4) +
					 ik_get16(out + 6)));
	return qsum;
}

/**
 * ik_icmp_echo_to_reply() - turn an Echo Request in place into its Reply
 * (E1): type 8 -> 0, same code, identifier, sequence and data; the checksum
 * updated for the one changed word (RFC 1624)
 * @m:   the message (its checksum verified)
 * @len: its length
 *
 * The update's 0x0000 is ambiguous: the rest of the message sums to -0,
 * for which 0x0000 is right, or it is all zero (a Reply of code 0 with
 * Identifier, Sequence and data all 0), whose only valid checksum is
 * 0xffff (the sum of nothing, complemented). That rare case is looked at
 * (found by fuzz_input).
 */
static inline void ik_icmp_echo_to_reply(uint8_t *m, size_t len)
{
	uint16_t c = ik_csum_update16(ik_get16(m + 2), (uint16_t)(IK_ICMP_ECHO << 8 | m[1]),
				      (uint16_t)(IK_ICMP_ECHOREPLY << 8 | m[1]));
	size_t i = 4;

	m[0] = IK_ICMP_ECHOREPLY;
	if (c == 0 && m[1] == 0) {
		while (i < len && m[i] == 0)
			i++;
		if (i == len)
			c = 0xffff;
	}
	ik_put16(m + 2, c);
}

/**
 * struct ik_icmp_mibmap - each ICMP type's Icmp In* and Out* counter, read
 * from the type descriptors (ik_icmp_desc()) once, when the stack is made
 * @in:  the In* counter id + 1 by type (0: none)
 * @out: the Out* counter id + 1 by type (0: none)
 */
struct ik_icmp_mibmap {
	uint16_t in[256];
	uint16_t out[256];
};

/**
 * ik_icmp_mibmap_fill() - look each descriptor's counter names up among the
 * stack's counters (icmp_err.c)
 * @m: map to fill
 */
void ik_icmp_mibmap_fill(struct ik_icmp_mibmap *m);

/**
 * ik_icmp_mibmap() - the stack's map (icmp_rate.c, with the module state)
 * @s: stack
 * Return: it.
 */
const struct ik_icmp_mibmap *ik_icmp_mibmap(const struct ik_stack *s);

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
void ik_icmp_rate_fixed_cost(struct ik_stack *s, bool on);
unsigned ik_icmp_peers_used(const struct ik_stack *s, unsigned *cap);

/**
 * ik_icmp_trace_limited() - the icmp.rate_limited event (a sink is set)
 * @s: stack; @ifindex/@pkt/@len: the offending datagram; @type/@code: the
 * error; @rl: which bucket refused
 */
void ik_icmp_trace_limited(struct ik_stack *s, unsigned ifindex, const uint8_t *pkt, size_t len,
			   uint8_t type, uint8_t code, enum ik_icmp_rl rl);

/**
 * ik_icmp_trace_sent() - the icmp.error_sent event (a sink is set)
 * @s: stack; @ifindex/@pkt/@len: the offending datagram; @type/@code: the
 * error; @q: octets quoted
 */
void ik_icmp_trace_sent(struct ik_stack *s, unsigned ifindex, const uint8_t *pkt, size_t len,
			uint8_t type, uint8_t code, size_t q);

#endif
