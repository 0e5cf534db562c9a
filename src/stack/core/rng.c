// SPDX-License-Identifier: MIT
/* rng.c - the stack's deterministic PRNG (splitmix64) */
#include "stack/internal.h"

/**
 * ik_rand() - next value of the stack's PRNG
 * @s: stack (its @rng word is the whole state)
 *
 * splitmix64 (Steele, Lea, Flood 2014): a Weyl sequence through a 64-bit
 * finaliser. One state word, full period 2^64, every seed good (0 too), and
 * the same seed always gives the same sequence, which keeps the simulated
 * network reproducible byte for byte. Not cryptographic: the IP ID and the
 * rate-limit jitter only need to be unpredictable to someone who does not
 * know the seed.
 *
 * Return: 32 random bits (the high half of the 64-bit output).
 */
uint32_t ik_rand(struct ik_stack *s)
{
	uint64_t z = (s->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return (uint32_t)(z >> 32);
}
