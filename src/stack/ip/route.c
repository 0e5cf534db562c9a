// SPDX-License-Identifier: MIT
/**
 * DOC: route.c - the route table: a longest-prefix-match FIB over shared
 * next hops
 *
 * The FIB (fib.h) maps each route's prefix to the id of its next hop
 * (nexthop.h): (type, gateway, interface), shared by every route that has
 * it and reference counted. A lookup is the FIB's one or two loads and
 * then one next-hop entry, whatever the table's size: a full Internet
 * table of a million prefixes has a few hundred distinct next hops, whose
 * entries stay in cache. Nothing else is kept per route: a route's prefix
 * is the FIB's (ik_stack_route_get() rebuilds it from the match's length),
 * and whether it was learned from a Redirect is kept only for the learned
 * /32s (learned.h).
 *
 * The last lookup that matched a unicast route is remembered
 * (s->route_memo): replies and errors go back to the host that just sent,
 * so the next lookup is most often for the same destination. Every change
 * of the table (interfaces add their connected routes through
 * ik_stack_add_route() too) forgets it.
 *
 * Routes learned from Redirects may fill at most a quarter of the table;
 * past that the oldest learned gives way (learned.h keeps their order),
 * so a stream of (spoofed) redirects can never crowd out configured
 * routes or interfaces.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stack/core.h"
#include "stack/ip/fib.h"
#include "stack/ip/learned.h"
#include "stack/ip/nexthop.h"

/**
 * struct ik_route_tab - what the route table keeps beside the FIB
 * @nh:      the next hops (cfg.max_routes + 1 ids)
 * @learned: the Redirect-learned routes (a quarter of max_routes, at
 *           least 1)
 */
struct ik_route_tab {
	struct ik_nh_tab nh;
	struct ik_learned_set learned;
};

/*
 * what a local sender hears from each route type (Linux fib_props[]);
 * unicast goes on
 */
static const int type_errno[] = {
	[IK_ROUTE_UNICAST] = 0,
	[IK_ROUTE_UNREACHABLE] = -EHOSTUNREACH,
	[IK_ROUTE_PROHIBIT] = -EACCES,
	[IK_ROUTE_BLACKHOLE] = -EINVAL,
};

/**
 * ik_route_init() - create the next hops and the learned set (the FIB
 * itself is created by ik_stack_new())
 * @s: stack (cfg.max_routes set, below IK_FIB_VALUE_MAX)
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_route_init(struct ik_stack *s)
{
	struct ik_route_tab *t = calloc(1, sizeof(*t));
	uint32_t cap = s->cfg.max_routes / 4 ? s->cfg.max_routes / 4 : 1;

	if (!t)
		return -IK_ENOMEM;
	s->rtab = t;
	if (ik_nh_init(&t->nh, s->cfg.max_routes + 1) < 0 ||
	    ik_learned_init(&t->learned, cap) < 0) {
		ik_route_free(s);
		return -IK_ENOMEM;
	}
	s->nhops = t->nh.nh; /* reserved once: it never moves */
	return 0;
}

/**
 * ik_route_free() - release the next hops and the learned set
 * @s: stack
 */
void ik_route_free(struct ik_stack *s)
{
	struct ik_route_tab *t = s->rtab;

	if (!t)
		return;
	ik_nh_free(&t->nh);
	ik_learned_free(&t->learned);
	free(t);
	s->rtab = NULL;
	s->nhops = NULL;
}

/**
 * route_remove() - take @dst/@prefix out of the FIB, drop its next hop
 * @s: stack; @dst: network (host bits clear); @prefix: length
 *
 * Return: 0, or -IK_ENOENT when there is no such route.
 */
static int route_remove(struct ik_stack *s, uint32_t dst, unsigned prefix)
{
	uint32_t id = ik_fib_remove(s->fib, dst, prefix);

	if (id == IK_FIB_NONE)
		return -IK_ENOENT;
	ik_nh_put(&s->rtab->nh, id);
	if (prefix == 32)
		(void)ik_learned_forget(&s->rtab->learned, dst);
	s->route_memo->valid = false;
	return 0;
}

/**
 * route_set() - add or replace a route (arguments checked)
 * @s:   stack
 * @r:   the route (dst, prefix, gw, ifindex, type; a unicast route's
 *       interface exists)
 * @seq: 0 for a configured route; else its redirect sequence number
 *
 * The route takes a reference to its next hop (the one in use when
 * another route has it); the FIB maps the prefix to it, and a route it
 * replaces lets go of its own. A replace with the same next hop leaves
 * the FIB alone.
 *
 * Return: 0, or -IK_ENOMEM (cfg.max_routes reached, or no memory).
 */
static int route_set(struct ik_stack *s, const struct ik_route_spec *r, uint32_t seq)
{
	struct ik_route_tab *t = s->rtab;
	uint32_t dst = r->dst & ik_ipv4_prefix_mask(r->prefix), old, id;
	struct ik_nh want = { .type = (uint8_t)r->type };
	int rc;

	ik_fib_prefetch(s->fib, dst); /* an insert's miss overlaps the lookups' */
	if (r->type == IK_ROUTE_UNICAST) {
		const struct ik_iface *ifc = &s->ifaces[r->ifindex - 1];

		want.gw = r->gw;
		want.ifindex = r->ifindex;
		want.src = ifc->addr;
		want.mtu = (uint16_t)ifc->mtu;
	}
	id = ik_nh_get(&t->nh, &want);
	if (id == IK_NH_NONE)
		return -IK_ENOMEM;
	old = ik_fib_get(s->fib, dst, r->prefix);
	s->route_memo->valid = false;
	if (old == id) {
		ik_nh_put(&t->nh, id); /* it holds one already */
	} else {
		rc = ik_fib_insert(s->fib, dst, r->prefix, id);
		if (rc < 0) {
			ik_nh_put(&t->nh, id);
			return rc;
		}
		if (old != IK_FIB_NONE)
			ik_nh_put(&t->nh, old);
	}
	if (r->prefix == 32) {
		(void)ik_learned_forget(&t->learned, dst);
		if (seq)
			ik_learned_add(&t->learned, dst, seq);
	}
	return 0;
}

/**
 * ik_stack_route_add() - add a route, or replace the one for the same
 * prefix (`ip route replace`)
 * @s: stack
 * @r: the route: host bits of @r->dst are cleared; a route of another type
 *     than unicast keeps no gateway or interface (both are ignored)
 *
 * Return: 0, or -IK_EINVAL (bad prefix, type or interface) / -IK_ENOMEM
 * (cfg.max_routes reached).
 */
int ik_stack_route_add(struct ik_stack *s, const struct ik_route_spec *r)
{
	if (!s || !r || r->prefix > 32 || (unsigned)r->type > IK_ROUTE_BLACKHOLE)
		return -IK_EINVAL;
	if (r->type == IK_ROUTE_UNICAST && !ik_iface_get(s, r->ifindex))
		return -IK_EINVAL;
	return route_set(s, r, 0);
}

/**
 * ik_stack_add_route() - add or replace a unicast route
 * @s:       stack
 * @dst:     network, host order (host bits are cleared)
 * @prefix:  prefix length 0..32
 * @gw:      gateway, or 0 for on-link
 * @ifindex: outgoing interface
 *
 * Return: 0, or -IK_EINVAL / -IK_ENOMEM (as ik_stack_route_add()).
 */
int ik_stack_add_route(struct ik_stack *s, uint32_t dst, unsigned prefix, uint32_t gw,
		       unsigned ifindex)
{
	const struct ik_route_spec r = { dst, prefix, gw, ifindex, IK_ROUTE_UNICAST };

	return ik_stack_route_add(s, &r);
}

/**
 * ik_stack_route_del() - remove the route for exactly @dst/@prefix
 * @s:      stack
 * @dst:    network (host bits are ignored)
 * @prefix: length
 *
 * Return: 0, or -IK_ENOENT when there is none.
 */
int ik_stack_route_del(struct ik_stack *s, uint32_t dst, unsigned prefix)
{
	if (!s || prefix > 32)
		return -IK_ENOENT;
	return route_remove(s, dst & ik_ipv4_prefix_mask(prefix), prefix);
}

/**
 * ik_route_add_host() - add or replace a /32 route learned from a Redirect
 * @s:       stack
 * @dst:     host
 * @gw:      new first hop (0: on-link)
 * @ifindex: interface
 *
 * When the learned routes are at their cap (a quarter of max_routes) and
 * this one is not already among them, the oldest learned route is removed
 * first. A configured /32 for @dst becomes a learned one, as before.
 *
 * Return: 0, or -IK_ENOMEM (table full) / -IK_EINVAL (no such interface).
 */
int ik_route_add_host(struct ik_stack *s, uint32_t dst, uint32_t gw, unsigned ifindex)
{
	struct ik_learned_set *l = &s->rtab->learned;
	const struct ik_route_spec r = { dst, 32, gw, ifindex, IK_ROUTE_UNICAST };
	uint32_t seq, old;

	if (!ik_iface_get(s, ifindex))
		return -IK_EINVAL;
	if (l->n >= l->cap && !ik_learned_seq(l, dst) && ik_learned_oldest(l, &old))
		(void)route_remove(s, old, 32);
	seq = ++s->redirects;
	if (!seq)
		seq = ++s->redirects; /* 0 means configured */
	return route_set(s, &r, seq);
}

/**
 * no_route() - the answer when no route matches @dst: limited broadcast
 * and multicast leave by the first interface, on-link (Linux would want
 * SO_BINDTODEVICE or a route)
 * @s: stack; @dst: destination; @r: result
 *
 * Return: 0 with @r filled, or -ENETUNREACH.
 */
static int no_route(const struct ik_stack *s, uint32_t dst, struct ik_route_res *r)
{
	if (s->nifaces && (dst == 0xffffffffu || (dst >> 28) == 0xe)) {
		r->ifindex = 1;
		r->gw = 0;
		r->next_hop = dst;
		r->src = s->ifaces[0].addr;
		r->mtu = s->ifaces[0].mtu;
		return 0;
	}
	return -ENETUNREACH;
}

/**
 * ik_route_lookup_table() - longest prefix match (ik_route_lookup() when
 * the memo does not hold @dst)
 * @s:   stack
 * @dst: destination, host order
 * @r:   result
 *
 * The FIB's entry, then the one next hop it names (in cache: the next
 * hops are few). Without a matching route, 255.255.255.255 and 224/4 go
 * out of the first interface on-link. A unicast match is remembered (its
 * next hop's id) for the next lookup of @dst; the other route types answer
 * with their errno and are not.
 *
 * Return: 0 with @r filled, or -ENETUNREACH (no route), -EHOSTUNREACH
 * (unreachable), -EACCES (prohibit), -EINVAL (blackhole): POSIX errnos,
 * since the result goes straight back to socket calls.
 */
int ik_route_lookup_table(const struct ik_stack *s, uint32_t dst, struct ik_route_res *r)
{
	uint32_t id = ik_fib_lookup(s->fib, dst, NULL);
	struct ik_route_memo *m = s->route_memo;
	const struct ik_nh *nh;

	/* the common case falls through: a unicast route */
	if (__builtin_expect(id == IK_FIB_NONE, 0))
		return no_route(s, dst, r);
	nh = &s->nhops[id];
	if (__builtin_expect(nh->type != IK_ROUTE_UNICAST, 0))
		return type_errno[nh->type];
	ik_route_fill(nh, dst, r);
	*m = (struct ik_route_memo){ .dst = dst, .nh = id, .host_if = 0, .valid = 1 };
	return 0;
}

/**
 * ik_stack_route_get() - the route a datagram to @addr takes (`ip route
 * get`): the table's longest match (the no-route fallback of broadcast and
 * multicast is not a route and is not returned)
 * @s:    stack
 * @addr: destination, host order
 * @out:  the matching route: its prefix from the match's length, the rest
 *        from its next hop
 *
 * Return: 0, or -IK_ENOENT when no route matches.
 */
int ik_stack_route_get(const struct ik_stack *s, uint32_t addr, struct ik_route_spec *out)
{
	unsigned len;
	uint32_t id;
	const struct ik_nh *nh;

	if (!s || !out)
		return -IK_EINVAL;
	id = ik_fib_lookup(s->fib, addr, &len);
	if (id == IK_FIB_NONE)
		return -IK_ENOENT;
	nh = &s->nhops[id];
	out->dst = addr & ik_ipv4_prefix_mask(len);
	out->prefix = len;
	out->gw = nh->gw;
	out->ifindex = nh->ifindex;
	out->type = (enum ik_route_type)nh->type;
	return 0;
}

/**
 * ik_stack_route_count() - routes in the table
 * @s: stack
 *
 * Return: how many (connected routes of interfaces included).
 */
unsigned ik_stack_route_count(const struct ik_stack *s)
{
	return s ? ik_fib_count(s->fib) : 0;
}

/**
 * ik_stack_route_mem() - octets of memory the route table holds
 * @s: stack
 *
 * The FIB (ik_fib_mem()), the next hops (entry pages ever written and the
 * hash), the learned set's pages ever written, and the table's struct.
 * Memory reserved but never written is not counted.
 *
 * Return: octets.
 */
size_t ik_stack_route_mem(const struct ik_stack *s)
{
	const struct ik_route_tab *t;

	if (!s || !s->rtab)
		return 0;
	t = s->rtab;
	return ik_fib_mem(s->fib) + ik_nh_mem(&t->nh) + ik_learned_mem(&t->learned) + sizeof(*t);
}
