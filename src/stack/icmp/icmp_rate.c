// SPDX-License-Identifier: MIT
/*
 * icmp_rate.c - the icmp module's state and the two-level ICMP rate limit
 *
 * As Linux does it (net/ipv4/icmp.c, net/ipv4/inetpeer.c):
 *
 *  - a global token bucket refilled at icmp_msgs_per_sec (no more often than
 *    every 20 ms, at most one second's worth at a time) and icmp_msgs_burst
 *    deep. Since CVE-2020-25705 ("SAD DNS": an attacker counted the errors
 *    the fixed global budget let through to learn which UDP ports were open)
 *    each message costs a random 0, 1 or 2 credits, one on average, so the
 *    number of errors in a period can no longer be predicted;
 *  - a per-destination bucket (inet_peer_xrlim_allow): tokens are time, one
 *    error costs icmp_ratelimit ms and the bucket holds at most
 *    6 x icmp_ratelimit, so a destination gets a burst of 6 and then one
 *    error per icmp_ratelimit.
 *
 * Both apply only to the types set in icmp_ratemask, and never to Frag
 * Needed (path MTU discovery must not be throttled). The global credit is
 * charged only after the destination's bucket agreed (Linux 6.11 order), so
 * errors refused per destination do not drain the global budget.
 *
 * The destination buckets live in a fixed table of cfg.peers entries: sets of
 * four ways indexed by a keyed hash of the address, the least recently used
 * way replaced when a new destination arrives (O(1), no allocation).
 */
#include <stdlib.h>
#include <string.h>

#include "stack/icmp/icmp_priv.h"
#include "stack/ip6/ip6.h"

#define GLOBAL_MIN_REFILL_NS (IK_NS_PER_S / 50) /* Linux: HZ / 50 */
#define PEER_WAYS 4u

/**
 * struct ik_icmp_peer - one destination's bucket
 * @addr:   destination
 * @used:   slot holds a destination
 * @lru:    tick of the last use (for replacement)
 * @last:   time of the last refill (ns)
 * @tokens: time credit (ns)
 */
struct ik_icmp_peer {
	uint64_t k0, k1;
	uint32_t used;
	uint64_t lru;
	uint64_t last;
	uint64_t tokens;
};

/**
 * struct ik_icmp_state - the icmp module's state
 * @gcredit: global bucket credit
 * @gstamp:  time of its last refill (ns)
 * @gstarted: the bucket was filled at the first check (settings are only
 *           final after ik_stack_new())
 * @peers:   nsets * PEER_WAYS destination buckets
 * @nsets:   number of sets (a power of two)
 * @set_bits: log2(@nsets)
 * @hkey:    hash key (from the stack's PRNG)
 * @tick:    LRU clock
 * @fixed_cost: every message costs exactly one global credit (the
 *           bucket before CVE-2020-25705's fix; tests only)
 * @mib:     each type's In/Out counters, from its descriptor
 */
struct ik_icmp_state {
	uint64_t gcredit;
	uint64_t gstamp;
	bool gstarted;
	struct ik_icmp_peer *peers;
	unsigned nsets;
	unsigned set_bits;
	uint32_t hkey;
	uint64_t tick;
	bool fixed_cost;
	struct ik_icmp_mibmap mib;
};

/**
 * ik_icmp_init() - create the module state (peer table, full global bucket)
 * @s: stack
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_icmp_init(struct ik_stack *s)
{
	struct ik_icmp_state *st = calloc(1, sizeof(*st));
	unsigned want = s->cfg.peers;

	if (!st)
		return -IK_ENOMEM;
	st->nsets = 1;
	while ((st->nsets << 1) * PEER_WAYS <= want && st->set_bits < 24) {
		st->nsets <<= 1;
		st->set_bits++;
	}
	st->peers = calloc((size_t)st->nsets * PEER_WAYS, sizeof(*st->peers));
	if (!st->peers) {
		free(st);
		return -IK_ENOMEM;
	}
	st->hkey = ik_rand(s) | 1u;
	ik_icmp_mibmap_fill(&st->mib);
	s->icmp = st;
	s->icmp_out_mib = st->mib.out;
	return 0;
}

/**
 * ik_icmp_free() - release the module state
 * @s: stack
 */
void ik_icmp_free(struct ik_stack *s)
{
	if (!s->icmp)
		return;
	free(s->icmp->peers);
	free(s->icmp);
	s->icmp = NULL;
	s->icmp_out_mib = NULL;
}

/**
 * rate_limited_type() - icmpv4_mask_allow() inverted
 * @s: stack; @type, @code: the message
 *
 * Return: true when @type/@code is subject to rate limiting.
 */
static bool rate_limited_type(const struct ik_stack *s, uint8_t type, uint8_t code)
{
	if (type == IK_ICMP_UNREACH && code == IK_UNREACH_NEEDFRAG)
		return false; /* never throttle path MTU discovery */
	if (type >= 32)
		return false;
	return ((unsigned long)s->set.icmp_ratemask >> type) & 1ul;
}

/**
 * global_allow() - refill the global bucket and say whether it holds credit
 * @s: stack; @st: state; @now: time
 *
 * Return: true if an error may be sent as far as the global limit goes.
 */
static bool global_allow(struct ik_stack *s, struct ik_icmp_state *st, uint64_t now)
{
	uint64_t burst = s->set.icmp_msgs_burst > 0 ? (uint64_t)s->set.icmp_msgs_burst : 0;
	uint64_t delta;

	if (!st->gstarted) {
		st->gstarted = true;
		st->gcredit = burst;
		st->gstamp = now;
	}
	delta = now > st->gstamp ? now - st->gstamp : 0;
	if (delta > IK_NS_PER_S)
		delta = IK_NS_PER_S;
	if (delta >= GLOBAL_MIN_REFILL_NS && s->set.icmp_msgs_per_sec > 0) {
		uint64_t incr = (uint64_t)s->set.icmp_msgs_per_sec * (delta / 1000u) / 1000000u;

		if (incr) {
			st->gstamp = now;
			st->gcredit += incr;
		}
	}
	if (st->gcredit > burst)
		st->gcredit = burst;
	return st->gcredit > 0;
}

/**
 * global_consume() - charge the global bucket a random 0, 1 or 2 credits
 * @s: stack; @st: state
 */
static void global_consume(struct ik_stack *s, struct ik_icmp_state *st)
{
	uint64_t cost = st->fixed_cost ? 1 : ((uint64_t)ik_rand(s) * 3u) >> 32; /* uniform in 0..2 */

	st->gcredit = st->gcredit > cost ? st->gcredit - cost : 0;
}

/**
 * peer_get() - the bucket of @dst, taking over the set's least recently
 * used slot when @dst has none (a new bucket starts full)
 * @st: state; @dst: destination; @full: tokens of a new bucket; @now: time
 *
 * Return: the bucket.
 */
static struct ik_icmp_peer *peer_get(struct ik_icmp_state *st, uint64_t k0, uint64_t k1,
				     uint64_t full, uint64_t now)
{
	uint32_t h = ((uint32_t)(k0 ^ (k0 >> 32) ^ k1 ^ (k1 >> 32)) ^ st->hkey) * 0x9e3779b1u;
	unsigned set = st->set_bits ? (unsigned)(h >> (32 - st->set_bits)) : 0;
	struct ik_icmp_peer *w = &st->peers[(size_t)set * PEER_WAYS];
	struct ik_icmp_peer *victim = w;

	for (unsigned i = 0; i < PEER_WAYS; i++) {
		if (w[i].used && w[i].k0 == k0 && w[i].k1 == k1) {
			w[i].lru = ++st->tick;
			return &w[i];
		}
		if (!w[i].used) {
			if (victim->used)
				victim = &w[i];
		} else if (victim->used && w[i].lru < victim->lru) {
			victim = &w[i];
		}
	}
	victim->used = 1;
	victim->k0 = k0;
	victim->k1 = k1;
	victim->lru = ++st->tick;
	victim->last = now;
	victim->tokens = full;
	return victim;
}

/**
 * peer_allow() - inet_peer_xrlim_allow() on a destination's bucket
 * @st: state; @k0, @k1: the destination as 128 bits (IPv4-mapped for
 * IPv4); @timeout: ns per token; @now: time
 *
 * Return: true if a token was taken.
 */
static bool peer_allow(struct ik_icmp_state *st, uint64_t k0, uint64_t k1, uint64_t timeout,
		       uint64_t now)
{
	uint64_t cap = timeout * IK_ICMP_XRLIM_BURST;
	struct ik_icmp_peer *p = peer_get(st, k0, k1, cap, now);
	uint64_t token = p->tokens;

	if (now > p->last)
		token += now - p->last;
	p->last = now > p->last ? now : p->last;
	if (token > cap)
		token = cap;
	if (token >= timeout) {
		p->tokens = token - timeout;
		return true;
	}
	p->tokens = token;
	return false;
}

/**
 * ik_icmp_rate_check() - the two-level limit for one ICMP message
 * @s:    stack
 * @dst:  destination of the ICMP message
 * @type: ICMP type
 * @code: ICMP code
 * @now:  time (ns)
 *
 * Global bucket first (is there credit?), then the destination's bucket;
 * the global random cost is charged only when both agree.
 *
 * Return: enum ik_icmp_rl.
 */
enum ik_icmp_rl ik_icmp_rate_check(struct ik_stack *s, uint32_t dst, uint8_t type, uint8_t code,
				   uint64_t now)
{
	struct ik_icmp_state *st = s->icmp;

	if (!st || !rate_limited_type(s, type, code))
		return IK_ICMP_RL_OK;
	if (!global_allow(s, st, now)) {
		IK_MIB_INC(s, ICMP, OutRateLimitGlobal);
		return IK_ICMP_RL_GLOBAL;
	}
	/* the key is the address as IPv4-mapped IPv6 (::ffff:a.b.c.d), so
	 * IPv4 and IPv6 destinations share the table without meeting */
	if (s->set.icmp_ratelimit > 0 &&
	    !peer_allow(st, 0, 0xffff00000000ull | dst,
			(uint64_t)s->set.icmp_ratelimit * IK_NS_PER_MS, now)) {
		IK_MIB_INC(s, ICMP, OutRateLimitHost);
		return IK_ICMP_RL_HOST;
	}
	global_consume(s, st);
	return IK_ICMP_RL_OK;
}

/**
 * ik_icmp_mibmap() - the stack's per-type ICMP counter map
 * @s: stack
 *
 * Return: the map ik_icmp_init() filled.
 */
const struct ik_icmp_mibmap *ik_icmp_mibmap(const struct ik_stack *s)
{
	return &s->icmp->mib;
}

/**
 * ik_icmp_rate_fixed_cost() - charge the global bucket exactly one credit
 * per message (@on) or a random 0-2 (the default): the deterministic
 * bucket CVE-2020-25705 counted, kept reachable so that a test can show
 * the counting attack succeeding against it
 * @s: stack; @on: fixed cost
 */
void ik_icmp_rate_fixed_cost(struct ik_stack *s, bool on)
{
	s->icmp->fixed_cost = on;
}

/**
 * ik_icmp_peers_used() - destination buckets in use
 * @s: stack; @cap: set to how many the table holds (its fixed size)
 *
 * Return: slots holding a destination (at most *@cap).
 */
unsigned ik_icmp_peers_used(const struct ik_stack *s, unsigned *cap)
{
	const struct ik_icmp_state *st = s->icmp;
	unsigned n = st->nsets * PEER_WAYS, used = 0;

	for (unsigned i = 0; i < n; i++)
		used += st->peers[i].used != 0;
	if (cap)
		*cap = n;
	return used;
}

/**
 * ik_icmp6_rate_check() - the two-level limit for one ICMPv6 error (Linux
 * icmpv6_xrlim_allow() beside icmp_global_allow())
 * @s: stack; @dst: destination of the error; @type: its type; @plen: the
 * prefix length of the route towards @dst; @now: time (ns)
 *
 * Packet Too Big and informational messages are never limited (Linux's
 * default ratemask, 0-1,3-127). The global bucket is the one IPv4 draws
 * on; a destination's bucket holds icmpv6_ratelimit ms per token, that
 * time halved for each 32 bits the route is shorter than 128, as Linux.
 *
 * Return: enum ik_icmp_rl.
 */
int ik_icmp6_rate_check(struct ik_stack *s, const uint8_t dst[16], uint8_t type, unsigned plen,
			uint64_t now)
{
	struct ik_icmp_state *st = s->icmp;
	uint64_t tmo = (uint64_t)s->set.icmpv6_ratelimit * IK_NS_PER_MS;

	if (!st || type == 2 || type >= 128)
		return IK_ICMP_RL_OK;
	if (!global_allow(s, st, now)) {
		IK_MIB_INC(s, ICMP6, OutRateLimitGlobal);
		return IK_ICMP_RL_GLOBAL;
	}
	if (plen > 128)
		plen = 128;
	tmo >>= (128 - plen) >> 5;
	if (tmo && !peer_allow(st, ik_get64(dst), ik_get64(dst + 8), tmo, now)) {
		IK_MIB_INC(s, ICMP6, OutRateLimitHost);
		return IK_ICMP_RL_HOST;
	}
	global_consume(s, st);
	return IK_ICMP_RL_OK;
}
