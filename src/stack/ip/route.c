// SPDX-License-Identifier: MIT
/* route.c - the route table: longest prefix match */
#include <errno.h>
#include <string.h>

#include "stack/core.h"

/*
 * The table is kept sorted by prefix length, longest first, so the first
 * route that matches is the longest match: the common host lookups (the
 * connected /24, then the default route) end after one or two compares.
 * Equal prefixes keep their insertion order. At most max_routes (64) rows.
 *
 * The last lookup that matched a row is remembered (s->route_memo): replies
 * and errors go back to the host that just sent, so the next lookup is most
 * often for the same destination. Adding or replacing a route (interfaces
 * add theirs through ik_stack_add_route() too) forgets it.
 */

/**
 * route_find() - the row for exactly @dst/@prefix
 * @s: stack; @dst: network (masked); @prefix: length
 *
 * Return: its index, or -1.
 */
static int route_find(const struct ik_stack *s, uint32_t dst, unsigned prefix)
{
	for (unsigned i = 0; i < s->nroutes; i++)
		if (s->routes[i].prefix == prefix && s->routes[i].dst == dst)
			return (int)i;
	return -1;
}

/**
 * ik_stack_add_route() - add or replace a route
 * @s:       stack
 * @dst:     network, host order (host bits are cleared)
 * @prefix:  prefix length 0..32
 * @gw:      gateway, or 0 for on-link
 * @ifindex: outgoing interface
 *
 * A route for the same @dst/@prefix is replaced, as `ip route replace`.
 *
 * Return: 0, or -IK_EINVAL / -IK_ENOMEM.
 */
int ik_stack_add_route(struct ik_stack *s, uint32_t dst, unsigned prefix, uint32_t gw,
		       unsigned ifindex)
{
	struct ik_route r = { 0 };
	unsigned pos;
	int i;

	if (!s || prefix > 32 || !ik_iface_get(s, ifindex))
		return -IK_EINVAL;
	r.mask = ik_ipv4_prefix_mask(prefix);
	r.dst = dst & r.mask;
	r.prefix = prefix;
	r.gw = gw;
	r.ifindex = ifindex;
	s->route_memo->valid = false;
	i = route_find(s, r.dst, prefix);
	if (i >= 0) {
		s->routes[i] = r;
		return 0;
	}
	if (s->nroutes >= s->cfg.max_routes)
		return -IK_ENOMEM;
	for (pos = 0; pos < s->nroutes && s->routes[pos].prefix >= prefix; pos++)
		;
	memmove(&s->routes[pos + 1], &s->routes[pos], (s->nroutes - pos) * sizeof(r));
	s->routes[pos] = r;
	s->nroutes++;
	return 0;
}

/**
 * ik_route_add_host() - add or replace a /32 route (redirects)
 * @s:       stack
 * @dst:     host
 * @gw:      new first hop (0: on-link)
 * @ifindex: interface
 *
 * Return: 0, or -IK_ENOMEM (table full) / -IK_EINVAL (no such interface).
 */
int ik_route_add_host(struct ik_stack *s, uint32_t dst, uint32_t gw, unsigned ifindex)
{
	unsigned learned = 0, oldest = 0, cap = s->cfg.max_routes / 4 ? s->cfg.max_routes / 4 : 1;
	int rc, i;

	/*
	 * Redirect-learned routes may fill at most a quarter of the table; past
	 * that the oldest gives way, so a stream of (spoofed) redirects can
	 * never crowd out configured routes or interfaces.
	 */
	for (unsigned k = 0; k < s->nroutes; k++) {
		if (!s->routes[k].redirect)
			continue;
		if (!learned++ || s->routes[k].redirect < s->routes[oldest].redirect)
			oldest = k;
	}
	if (learned >= cap && route_find(s, dst, 32) < 0) {
		memmove(&s->routes[oldest], &s->routes[oldest + 1],
			(s->nroutes - oldest - 1) * sizeof(s->routes[0]));
		s->nroutes--;
	}
	rc = ik_stack_add_route(s, dst, 32, gw, ifindex);
	if (rc < 0)
		return rc;
	i = route_find(s, dst, 32);
	if (i >= 0)
		s->routes[i].redirect = ++s->redirects;
	return 0;
}

/**
 * ik_route_lookup_table() - longest prefix match (ik_route_lookup() when
 * the memo does not hold @dst)
 * @s:   stack
 * @dst: destination, host order
 * @r:   result
 *
 * Without a matching route, 255.255.255.255 and 224/4 go out of the first
 * interface on-link. A match is remembered for the next lookup of @dst.
 *
 * Return: 0 with @r filled, or -ENETUNREACH (a POSIX errno: the result
 * goes straight back to socket calls).
 */
int ik_route_lookup_table(const struct ik_stack *s, uint32_t dst, struct ik_route_res *r)
{
	struct ik_route_memo *m = s->route_memo;

	for (unsigned i = 0; i < s->nroutes; i++) {
		const struct ik_route *rt = &s->routes[i];

		if ((dst & rt->mask) == rt->dst) {
			const struct ik_iface *ifc = &s->ifaces[rt->ifindex - 1];

			r->ifindex = rt->ifindex;
			r->gw = rt->gw;
			r->next_hop = rt->gw ? rt->gw : dst;
			r->src = ifc->addr;
			r->mtu = ifc->mtu;
			m->dst = dst;
			m->res = *r;
			m->host_if = 0;
			m->valid = true;
			return 0;
		}
	}
	/* no route: limited broadcast and multicast leave by the first
	 * interface, on-link (Linux would want SO_BINDTODEVICE or a route) */
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
