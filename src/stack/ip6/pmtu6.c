// SPDX-License-Identifier: MIT
/*
 * pmtu6.c - the IPv6 path MTU cache (RFC 8201): Packet Too Big lowers a
 * destination's path MTU, never below 1280: a report below it is ignored
 * (RFC 8201 §4 lets a node keep sending 1280 and more then; Linux ignores
 * it, and since RFC 8021 sends no atomic fragments), and it is forgotten
 * after 10 minutes (Linux's ip6_rt_mtu_expires). A fixed
 * table: the least recently learned entry gives way.
 */
#include <stdlib.h>
#include <string.h>

#include "stack/ip6/ip6.h"

#define PMTU6_EXPIRES_NS (600 * IK_NS_PER_S)

/**
 * struct pmtu6 - one learned path MTU
 * @dst: destination; @mtu: its path MTU (0: the entry is free); @when:
 * when learned
 */
struct pmtu6 {
	uint8_t dst[16];
	unsigned mtu;
	uint64_t when;
};

/**
 * struct ik_pmtu6 - the cache: @e, @n entries, @live of them in use (none:
 * a look-up has nothing to scan, the common case on every datagram sent)
 */
struct ik_pmtu6 {
	struct pmtu6 *e;
	unsigned n;
	unsigned live;
};

int ik_pmtu6_init(struct ik_stack *s)
{
	struct ik_pmtu6 *c = calloc(1, sizeof(*c));

	if (!c)
		return -IK_ENOMEM;
	s->pmtu6 = c;
	c->n = s->cfg.pmtu_entries ? s->cfg.pmtu_entries : 256;
	c->e = calloc(c->n, sizeof(*c->e));
	return c->e ? 0 : -IK_ENOMEM;
}

void ik_pmtu6_free(struct ik_stack *s)
{
	if (!s->pmtu6)
		return;
	free(s->pmtu6->e);
	free(s->pmtu6);
	s->pmtu6 = NULL;
}

/**
 * find() - @dst's live entry
 * @c: cache; @dst: destination; @now: time (expired entries are freed)
 *
 * Return: it, or NULL.
 */
static struct pmtu6 *find(struct ik_pmtu6 *c, const uint8_t dst[16], uint64_t now)
{
	for (unsigned i = 0; i < c->n; i++) {
		struct pmtu6 *e = &c->e[i];

		if (!e->mtu || memcmp(e->dst, dst, 16))
			continue;
		if (now - e->when >= PMTU6_EXPIRES_NS) {
			e->mtu = 0;
			c->live--;
			return NULL;
		}
		return e;
	}
	return NULL;
}

unsigned ik_pmtu6_lookup(const struct ik_stack *s, const uint8_t dst[16], unsigned dev_mtu)
{
	const struct pmtu6 *e = s->pmtu6 && s->pmtu6->live ? find(s->pmtu6, dst, s->now) : NULL;

	return e && e->mtu < dev_mtu ? e->mtu : dev_mtu;
}

unsigned ik_pmtu6_update(struct ik_stack *s, const uint8_t dst[16], uint32_t mtu, uint64_t now)
{
	struct ik_pmtu6 *c = s->pmtu6;
	struct pmtu6 *e = find(c, dst, now), *old = NULL;
	char b[IK_IPV6_ADDR_STRLEN];

	if (mtu < IK_IPV6_MIN_MTU) {
		IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "ip6.pmtu_ignored", 0, NULL, 0, -1,
			 "Packet Too Big says %u towards %s, below 1280: ignored (RFC 8201 4, "
			 "as Linux)", mtu, ik_ipv6_addr_str(dst, b));
		return e ? e->mtu : 0;
	}
	if (e && e->mtu <= mtu)
		return e->mtu; /* only lower */
	if (!e) {
		for (unsigned i = 0; i < c->n && !e; i++)
			if (!c->e[i].mtu)
				e = &c->e[i];
			else if (!old || c->e[i].when < old->when)
				old = &c->e[i];
		if (!e)
			e = old;
		else
			c->live++;
		memcpy(e->dst, dst, 16);
	}
	e->mtu = mtu;
	e->when = now;
	IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "ip6.pmtu", 0, NULL, 0, -1,
		 "path MTU to %s is now %u (Packet Too Big; never below 1280)",
		 ik_ipv6_addr_str(dst, b), mtu);
	return mtu;
}

unsigned ik_pmtu6_get(const struct ik_stack *s, const uint8_t dst[16])
{
	struct ik_route6_res r;

	if (ik_ip6_route(s, dst, 0, &r) < 0)
		return 0;
	return r.mtu;
}
