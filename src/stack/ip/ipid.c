// SPDX-License-Identifier: MIT
/*
 * ipid.c - the IP Identification of the datagrams the stack originates
 *
 * One global counter that goes up by one per datagram (what the stack had
 * before) lets anyone who receives two datagrams count everything the host
 * sent in between, to anyone: traffic analysis, and the idle scan that uses
 * the host as a "zombie" (RFC 7739 §3, §5.1). RFC 7739 §5.3 suggests what
 * Linux does (net/ipv4/route.c, __ip_select_ident and ip_idents_reserve):
 * a keyed hash of (destination, source, protocol) picks one of a table of
 * counters; a datagram takes its bucket's next value, so two flows share a
 * counter only when their hashes meet in one bucket; and a bucket not used
 * in the current clock tick first jumps ahead by a random amount below the
 * ticks it was idle, so even the owner of a flow cannot tell how many
 * datagrams another flow of the same bucket took while it looked away.
 *
 * Here: IK_IPID_BUCKETS (2048, Linux's historical IP_IDENTS_SZ) counters,
 * ticks of 2^20 ns, 1.05 ms (Linux: jiffies), secret keys drawn from the stack's
 * PRNG at creation. The random jump is a keyed function of the bucket and
 * the tick rather than a draw from the stack's PRNG stream, so a flow's
 * IDs depend on its own datagrams and the clock only, not on what else the
 * stack did (which the tests check exactly). The flow hash is keyed
 * multiply-shift hashing, not SipHash as Linux: it is on every datagram's
 * path, and SipHash would cost more than the rest of an echo reply
 * (docs/robustness.md).
 *
 * The values of one bucket never repeat while fewer than 65536 minus the
 * ticks elapsed datagrams went to it: within ipfrag_time (30 s) a
 * destination sees a repeated ID only after some 36,000 datagrams to it
 * (fragment reassembly safety, RFC 4963).
 */
#include <stdlib.h>

#include "stack/core.h"

/**
 * ik_ipid_init() - allocate the counters, draw the keys and random starts
 * @s: stack (its PRNG seeded)
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_ipid_init(struct ik_stack *s)
{
	struct ik_ipid *t = malloc(sizeof(*t));

	if (!t)
		return -IK_ENOMEM;
	t->k0 = (uint64_t)ik_rand(s) << 32 | ik_rand(s);
	t->k1 = (uint64_t)ik_rand(s) << 32 | ik_rand(s);
	t->k1 |= 1;
	t->kp = (uint64_t)ik_rand(s) << 32 | ik_rand(s);
	t->k2 = (uint64_t)ik_rand(s) << 32 | ik_rand(s);
	for (unsigned i = 0; i < IK_IPID_BUCKETS; i++) {
		t->b[i].ctr = ik_rand(s);
		t->b[i].stamp = 0;
	}
	s->ipid = t;
	return 0;
}

/**
 * ik_ipid_free() - release the counters
 * @s: stack
 */
void ik_ipid_free(struct ik_stack *s)
{
	free(s->ipid);
	s->ipid = NULL;
}

/**
 * ik_ipid_digest() - one word summing up every counter and stamp (tests
 * compare two stacks' ID state by it)
 * @s: stack
 *
 * Return: the digest.
 */
uint64_t ik_ipid_digest(const struct ik_stack *s)
{
	const struct ik_ipid *t = s->ipid;
	uint64_t h = 0;

	for (unsigned i = 0; i < IK_IPID_BUCKETS; i++)
		h = ik_mix64(h ^ ((uint64_t)t->b[i].ctr << 32 | t->b[i].stamp));
	return h;
}
