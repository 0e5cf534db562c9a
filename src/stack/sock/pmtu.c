// SPDX-License-Identifier: MIT
/**
 * DOC: path MTU cache (RFC 1191, Linux route exceptions)
 *
 * cfg.pmtu_entries slots, hashed by destination. A destination's entry is
 * looked for in a window of up to IK_PMTU_WAYS slots from its hash; when the
 * window is full the entry closest to expiry gives way. Like Linux
 * __ip_rt_update_pmtu: a report only ever lowers the path MTU; a report
 * below min_pmtu (552, ip_rt_min_pmtu) sets min_pmtu and locks the entry
 * (Don't Fragment is then no longer set towards that destination, and
 * further reports are ignored); an entry expires ip_rt_mtu_expires (10
 * minutes) after it was last lowered.
 *
 * A report of 0 comes from a router older than RFC 1191; the RFC's §7
 * plateau table then gives the estimate, from the size of the datagram that
 * was too big when the caller knows it.
 */
#include <stdlib.h>

#include "stack/sock/sock_priv.h"

#define IK_PMTU_WAYS 8
#define IK_PMTU_FLOOR 68u /* RFC 791: every host takes 68 octets */

/**
 * struct ik_pmtu_ent - one learned path MTU
 * @dst:     destination
 * @mtu:     path MTU
 * @used:    slot in use
 * @locked:  fixed at min_pmtu, DF off (Linux RTAX_MTU lock)
 * @expires: when it is forgotten (ns)
 */
struct ik_pmtu_ent {
	uint32_t dst;
	uint16_t mtu;
	bool used, locked;
	uint64_t expires;
};

/**
 * struct ik_pmtu_tab - the cache
 * @n:    slots
 * @used: some slot has ever held an entry (until then every lookup is a
 *        miss without looking: the common case of a host that never got a
 *        Frag Needed)
 * @ent:  the slots
 */
struct ik_pmtu_tab {
	unsigned n;
	bool used;
	struct ik_pmtu_ent ent[];
};

/* RFC 1191 §7, Table 7-1: the plateaus, in decreasing order */
static const uint16_t plateaus[] = {
	65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68,
};

/**
 * ik_pmtu_plateau() - the largest RFC 1191 plateau below @len
 * @len: total length of the datagram that was too big
 *
 * Return: the plateau, at least 68.
 */
unsigned ik_pmtu_plateau(unsigned len)
{
	for (size_t i = 0; i < sizeof(plateaus) / sizeof(plateaus[0]); i++)
		if (plateaus[i] < len)
			return plateaus[i];
	return IK_PMTU_FLOOR;
}

/**
 * ik_pmtu_init() - create the path MTU cache
 * @s: stack (cfg set)
 *
 * Return: 0 or -IK_ENOMEM.
 */
int ik_pmtu_init(struct ik_stack *s)
{
	unsigned n = s->cfg.pmtu_entries;
	struct ik_pmtu_tab *t;

	t = calloc(1, sizeof(*t) + (size_t)n * sizeof(t->ent[0]));
	if (!t)
		return -IK_ENOMEM;
	t->n = n;
	s->pmtu = t;
	return 0;
}

/**
 * ik_pmtu_free() - release the cache
 * @s: stack
 */
void ik_pmtu_free(struct ik_stack *s)
{
	free(s->pmtu);
	s->pmtu = NULL;
}

/**
 * slot0() - first slot of @dst's window
 * @t: cache; @dst: destination
 * Return: slot index.
 */
static unsigned slot0(const struct ik_pmtu_tab *t, uint32_t dst)
{
	uint32_t h = dst * 0x9e3779b1u;

	return (unsigned)(((uint64_t)h * t->n) >> 32);
}

/**
 * find() - @dst's live entry
 * @t: cache; @dst: destination; @now: time (expired entries do not count)
 * Return: the entry, or NULL.
 */
static struct ik_pmtu_ent *find(const struct ik_pmtu_tab *t, uint32_t dst, uint64_t now)
{
	unsigned w = t->n < IK_PMTU_WAYS ? t->n : IK_PMTU_WAYS;
	unsigned b;

	if (!t->used)
		return NULL;
	b = slot0(t, dst);
	for (unsigned i = 0; i < w; i++) {
		const struct ik_pmtu_ent *e = &t->ent[(b + i) % t->n];

		if (e->used && e->dst == dst && now < e->expires)
			return (struct ik_pmtu_ent *)e;
	}
	return NULL;
}

/**
 * claim() - a slot for @dst: its own, a free or expired one, else the one
 * closest to expiry in its window
 * @t: cache; @dst: destination; @now: time
 * Return: the slot.
 */
static struct ik_pmtu_ent *claim(struct ik_pmtu_tab *t, uint32_t dst, uint64_t now)
{
	unsigned w = t->n < IK_PMTU_WAYS ? t->n : IK_PMTU_WAYS;
	unsigned b = slot0(t, dst);
	struct ik_pmtu_ent *victim = NULL;

	for (unsigned i = 0; i < w; i++) {
		struct ik_pmtu_ent *e = &t->ent[(b + i) % t->n];

		if (e->used && e->dst == dst)
			return e;
		if (!e->used || now >= e->expires) {
			if (!victim || victim->used)
				victim = e;
		} else if (!victim || (victim->used && e->expires < victim->expires)) {
			victim = e;
		}
	}
	return victim;
}

/**
 * min_pmtu() - the floor in force
 * @s: stack
 * Return: set.min_pmtu, at least 68.
 */
static unsigned min_pmtu(const struct ik_stack *s)
{
	return (unsigned)s->set.min_pmtu; /* 68..65535 (settings.c) */
}

/**
 * ik_pmtu_lookup() - path MTU towards @dst given the route's MTU
 * @s:       stack
 * @dst:     destination
 * @dev_mtu: outgoing interface MTU
 * @locked:  set when the entry is locked; may be NULL
 *
 * Return: the path MTU in force (never above @dev_mtu).
 */
unsigned ik_pmtu_lookup(const struct ik_stack *s, uint32_t dst, unsigned dev_mtu, bool *locked)
{
	const struct ik_pmtu_ent *e = s->pmtu ? find(s->pmtu, dst, s->now) : NULL;

	if (locked)
		*locked = e && e->locked;
	if (e && e->mtu < dev_mtu)
		return e->mtu;
	return dev_mtu;
}

/**
 * ik_pmtu_get() - path MTU the stack holds for @dst
 * @s:   stack
 * @dst: destination, host order
 *
 * Return: the learned path MTU, or the route's interface MTU when none was
 * learned (or it expired), or 0 without a route.
 */
unsigned ik_pmtu_get(const struct ik_stack *s, uint32_t dst)
{
	struct ik_route_res r;

	if (ik_route_lookup(s, dst, &r))
		return 0;
	return ik_pmtu_lookup(s, dst, r.mtu, NULL);
}

/**
 * ik_pmtu_learn() - a Frag Needed report, knowing the failed datagram's size
 * @s:       stack
 * @dst:     destination
 * @mtu:     reported next-hop MTU; 0 from a pre-RFC 1191 router
 * @tot_len: Total Length of the quoted datagram, 0 if unknown
 * @now:     time
 *
 * Return: the path MTU now in force (0 without a route).
 */
unsigned ik_pmtu_learn(struct ik_stack *s, uint32_t dst, unsigned mtu, unsigned tot_len,
		       uint64_t now)
{
	struct ik_pmtu_tab *t = s->pmtu;
	struct ik_route_res r;
	struct ik_pmtu_ent *e;
	unsigned old, floor = min_pmtu(s);
	bool lock = false;
	char a[16];

	if (!t || ik_route_lookup(s, dst, &r))
		return 0;
	e = find(t, dst, now);
	old = e && e->mtu < r.mtu ? e->mtu : r.mtu;
	if (e && e->locked) {
		IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "pmtu.locked", 0, NULL, 0, -1,
			 "path MTU to %s is locked at %u: report of %u ignored",
			 ik_ipv4_addr_str(dst, a), old, mtu);
		return old;
	}
	if (!mtu) {
		if (!tot_len) {
			IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "pmtu.no_mtu", 0, NULL, 0, -1,
				 "Frag Needed towards %s gives no MTU: left to the RFC 1191 plateau "
				 "estimate from the quoted datagram's size",
				 ik_ipv4_addr_str(dst, a));
			return old;
		}
		mtu = ik_pmtu_plateau(tot_len);
		IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "pmtu.plateau", 0, NULL, 0, -1,
			 "Frag Needed towards %s without an MTU: RFC 1191 plateau below %u is %u",
			 ik_ipv4_addr_str(dst, a), tot_len, mtu);
	}
	if (mtu == old && e) {
		/* the same report again (the icmp module and the transport both
		 * pass it on): only the expiry moves, as in Linux */
		e->expires = now + IK_PMTU_EXPIRES_NS;
		return old;
	}
	if (mtu > old || mtu == old) {
		IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "pmtu.not_lower", 0, NULL, 0, -1,
			 "report of %u towards %s does not lower the path MTU %u: ignored", mtu,
			 ik_ipv4_addr_str(dst, a), old);
		return old;
	}
	if (mtu < floor) {
		lock = true;
		mtu = old < floor ? old : floor;
	}
	e = claim(t, dst, now);
	t->used = true;
	*e = (struct ik_pmtu_ent){ .dst = dst, .mtu = (uint16_t)mtu, .used = true, .locked = lock,
				   .expires = now + IK_PMTU_EXPIRES_NS };
	IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "pmtu.update", 0, NULL, 0, -1,
		 "path MTU to %s lowered from %u to %u%s", ik_ipv4_addr_str(dst, a), old, mtu,
		 lock ? " (below min_pmtu: locked, DF no longer set)" : "");
	return mtu;
}

/**
 * ik_pmtu_update() - Frag Needed says @mtu towards @dst (R5)
 * @s:   stack
 * @dst: destination
 * @mtu: next-hop MTU from the message (0: ignored here, as the datagram's
 *       size is unknown; the transports use ik_pmtu_learn() with it)
 * @now: time
 *
 * Return: the path MTU now in force.
 */
unsigned ik_pmtu_update(struct ik_stack *s, uint32_t dst, unsigned mtu, uint64_t now)
{
	return ik_pmtu_learn(s, dst, mtu, 0, now);
}
