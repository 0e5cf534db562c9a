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
 * millisecond ticks (Linux: jiffies), a 128-bit key drawn from the stack's
 * PRNG at creation. The random jump is a keyed function of the bucket and
 * the tick rather than a draw from the stack's PRNG stream, so a flow's
 * IDs depend on its own datagrams and the clock only, not on what else the
 * stack did (which the tests check exactly). The hash is a keyed 64-bit
 * multiply-xorshift mix, not SipHash as Linux: it is on every datagram's
 * path (docs/robustness.md).
 *
 * The values of one bucket never repeat while fewer than 65536 minus the
 * milliseconds elapsed datagrams went to it: within ipfrag_time (30 s) a
 * destination sees a repeated ID only after some 35,000 datagrams to it
 * (fragment reassembly safety, RFC 4963).
 */
#include <stdlib.h>

#include "stack/core.h"

/**
 * struct ik_ipid - the counters
 * @k0, @k1, @k2: secret keys (the flow hash; the jump)
 * @ctr:   next ID of each bucket (32 bits; the low 16 go on the wire)
 * @stamp: tick of each bucket's last use (ms, 32 bits as jiffies)
 */
struct ik_ipid {
	uint64_t k0, k1, k2;
	uint32_t ctr[IK_IPID_BUCKETS];
	uint32_t stamp[IK_IPID_BUCKETS];
};

/**
 * mix64() - a 64-bit finaliser (splitmix64's)
 * @z: input
 *
 * Return: the mixed word.
 */
static inline uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

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
	t->k2 = (uint64_t)ik_rand(s) << 32 | ik_rand(s);
	for (unsigned i = 0; i < IK_IPID_BUCKETS; i++) {
		t->ctr[i] = ik_rand(s);
		t->stamp[i] = 0;
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
 * ik_ipid_bucket() - the bucket of a flow (tests compare flows by it)
 * @s: stack; @dst, @src: addresses; @proto: protocol
 *
 * Return: 0..IK_IPID_BUCKETS-1.
 */
unsigned ik_ipid_bucket(const struct ik_stack *s, uint32_t dst, uint32_t src, uint8_t proto)
{
	const struct ik_ipid *t = s->ipid;
	uint64_t h = mix64(((uint64_t)dst << 32 | src) ^ t->k0);

	h = mix64(h ^ proto ^ t->k1);
	return (unsigned)(h >> (64 - IK_IPID_BITS));
}

/**
 * ik_ip_ident() - the ID of a datagram the stack originates
 * @s: stack; @dst, @src: its addresses; @proto: protocol; @now: time (ns)
 *
 * Return: the ID (fragments of the datagram all carry it).
 */
uint16_t ik_ip_ident(struct ik_stack *s, uint32_t dst, uint32_t src, uint8_t proto, uint64_t now)
{
	struct ik_ipid *t = s->ipid;
	unsigned b = ik_ipid_bucket(s, dst, src, proto);
	uint32_t tick = (uint32_t)(now / IK_NS_PER_MS);
	uint32_t old = t->stamp[b];

	if (old != tick) {
		/* idle for (tick - old) ticks: jump ahead by a secret amount below that */
		uint64_t r = mix64(((uint64_t)tick << 32 | b) ^ t->k2);

		t->stamp[b] = tick;
		t->ctr[b] += (uint32_t)(((r >> 32) * (uint64_t)(tick - old)) >> 32);
	}
	return (uint16_t)t->ctr[b]++;
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
		h = mix64(h ^ ((uint64_t)t->ctr[i] << 32 | t->stamp[i]));
	return h;
}
