// SPDX-License-Identifier: MIT
/*
 * route6.c - the IPv6 route table: a host's few routes (its connected
 * prefixes, fe80::/64 per interface, a default through a router), the
 * longest match found by a scan and the last answer remembered
 */
#include <errno.h>
#include <string.h>

#include "stack/ip6/fast6.h"
#include "stack/ip6/ip6.h"

/**
 * mask_to() - clear the host bits of @a past @plen
 * @a: address (changed); @plen: 0..128
 */
static void mask_to(uint8_t a[16], unsigned plen)
{
	for (unsigned i = 0; i < 16; i++) {
		unsigned keep = plen >= 8 * (i + 1) ? 8 : plen > 8 * i ? plen - 8 * i : 0;

		a[i] &= (uint8_t)(0xff00u >> keep);
	}
}

/**
 * find_exact() - the route for exactly @dst/@plen
 * @m: state; @dst: masked network; @plen: length
 *
 * Return: its index, or -1.
 */
static int find_exact(const struct ik_ip6 *m, const uint8_t dst[16], unsigned plen)
{
	for (unsigned i = 0; i < m->nrt; i++)
		if (m->rt[i].prefix == plen && !memcmp(m->rt[i].dst, dst, 16))
			return (int)i;
	return -1;
}

int ik_stack_route6_add(struct ik_stack *s, const struct ik_route6_spec *r)
{
	struct ik_ip6 *m = s ? s->ip6 : NULL;
	struct ik_rt6 e = { 0 };
	int at;

	if (!m || !r || r->prefix > 128 || r->type > IK_ROUTE_BLACKHOLE)
		return -IK_EINVAL;
	if (r->type == IK_ROUTE_UNICAST && (!r->ifindex || r->ifindex > s->nifaces))
		return -IK_EINVAL;
	memcpy(e.dst, r->dst, 16);
	mask_to(e.dst, r->prefix);
	e.prefix = (uint8_t)r->prefix;
	e.type = (uint8_t)r->type;
	if (r->type == IK_ROUTE_UNICAST) {
		e.ifindex = (uint16_t)r->ifindex;
		memcpy(e.gw, r->gw, 16);
		e.has_gw = !ik_a6_is_unspec(r->gw);
	}
	at = find_exact(m, e.dst, r->prefix);
	if (at < 0) {
		if (m->nrt >= s->cfg.max_routes6)
			return -IK_ENOMEM;
		at = (int)m->nrt++;
	}
	m->rt[at] = e;
	m->memo = -1;
	return 0;
}

int ik_route6_connected(struct ik_stack *s, const uint8_t a[16], unsigned prefix,
			unsigned ifindex)
{
	struct ik_route6_spec r = { .prefix = prefix, .ifindex = ifindex };

	memcpy(r.dst, a, 16);
	mask_to(r.dst, prefix);
	if (find_exact(s->ip6, r.dst, prefix) >= 0)
		return 0; /* another address of the prefix added it */
	return ik_stack_route6_add(s, &r);
}

/**
 * lookup() - the longest matching route for @dst (link-local and link
 * multicast destinations: only routes out of @oif)
 * @m: state; @dst: destination; @oif: interface or 0
 *
 * Return: its index, or -1.
 */
static int lookup(const struct ik_ip6 *m, const uint8_t dst[16], unsigned oif)
{
	int best = -1;

	for (unsigned i = 0; i < m->nrt; i++) {
		const struct ik_rt6 *e = &m->rt[i];

		if (oif && e->type == IK_ROUTE_UNICAST && e->ifindex != oif)
			continue;
		if (best >= 0 && e->prefix <= m->rt[best].prefix)
			continue;
		if (ik_a6_prefix_eq(e->dst, dst, e->prefix))
			best = (int)i;
	}
	return best;
}

int ik_stack_route6_get(const struct ik_stack *s, const uint8_t addr[16],
			struct ik_route6_spec *out)
{
	int i;

	if (!s || !addr || !out)
		return -IK_EINVAL;
	i = lookup(s->ip6, addr, 0);
	if (i < 0)
		return -IK_ENOENT;
	memset(out, 0, sizeof(*out));
	memcpy(out->dst, s->ip6->rt[i].dst, 16);
	memcpy(out->gw, s->ip6->rt[i].gw, 16);
	out->prefix = s->ip6->rt[i].prefix;
	out->ifindex = s->ip6->rt[i].ifindex;
	out->type = s->ip6->rt[i].type;
	return 0;
}

int ik_ip6_route_hop(const struct ik_stack *s, const uint8_t dst[16], unsigned oif,
		     struct ik_route6_res *r)
{
	struct ik_ip6 *m = s->ip6;
	const struct ik_rt6 *e;
	int i;

	if (ik_a6_is_mcast(dst) || ik_a6_is_linklocal(dst)) {
		/* a link's own: sent out of the interface named, on-link */
		if (!oif || oif > s->nifaces)
			return -ENETUNREACH;
		r->ifindex = oif;
		r->plen = 128;
		memcpy(r->next_hop, dst, 16);
	} else {
		if (m->memo >= 0 && !oif && !memcmp(m->memo_dst, dst, 16)) {
			i = m->memo;
		} else {
			i = lookup(m, dst, oif);
			if (i < 0)
				return -ENETUNREACH;
		}
		e = &m->rt[i];
		switch (e->type) {
		case IK_ROUTE_UNREACHABLE:
			return -EHOSTUNREACH;
		case IK_ROUTE_PROHIBIT:
			return -EACCES;
		case IK_ROUTE_BLACKHOLE:
			return -EINVAL;
		}
		if (!oif) {
			m->memo = i;
			memcpy(m->memo_dst, dst, 16);
		}
		r->ifindex = e->ifindex;
		r->plen = e->prefix;
		memcpy(r->next_hop, e->has_gw ? e->gw : dst, 16);
	}
	r->mtu = ik_pmtu6_lookup(s, dst, ik_iface_get(s, r->ifindex)->mtu);
	return 0;
}

int ik_ip6_route(const struct ik_stack *s, const uint8_t dst[16], unsigned oif,
		 struct ik_route6_res *r)
{
	int rc = ik_ip6_route_hop(s, dst, oif, r);

	return rc < 0 ? rc : ik_ip6_src_select(s, dst, r->ifindex, r->src);
}
