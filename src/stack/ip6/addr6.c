// SPDX-License-Identifier: MIT
/*
 * addr6.c - an interface's IPv6 addresses: the link-local one from the
 * interface identifier, which are ours, the groups an interface hears,
 * and the source a datagram leaves with
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stack/ip6/ip6.h"

/**
 * ik_a6_prefix_eq() - do @a and @b agree in their first @plen bits?
 * @a, @b: addresses; @plen: 0..128
 *
 * Return: true if so.
 */
bool ik_a6_prefix_eq(const uint8_t a[16], const uint8_t b[16], unsigned plen)
{
	unsigned n = plen / 8, r = plen % 8;

	if (memcmp(a, b, n))
		return false;
	return !r || !((a[n] ^ b[n]) & (uint8_t)(0xff00u >> r));
}

/**
 * ik_a6_common() - leading bits @a and @b share
 * @a, @b: addresses
 *
 * Return: 0..128.
 */
unsigned ik_a6_common(const uint8_t a[16], const uint8_t b[16])
{
	for (unsigned i = 0; i < 16; i++) {
		uint8_t x = a[i] ^ b[i];

		if (x)
			return i * 8 + (unsigned)__builtin_clz(x) - 24;
	}
	return 128;
}

/**
 * ik_ip6_init() - the interfaces' IPv6 state and the route table
 * @s: stack
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_ip6_init(struct ik_stack *s)
{
	struct ik_ip6 *m = calloc(1, sizeof(*m));

	if (!m)
		return -IK_ENOMEM;
	m->ifs = calloc(s->cfg.max_ifaces, sizeof(*m->ifs));
	m->rt = calloc(s->cfg.max_routes6, sizeof(*m->rt));
	m->memo = -1;
	s->ip6 = m;
	if (!m->ifs || !m->rt)
		return -IK_ENOMEM;
	return 0;
}

/**
 * ik_ip6_free() - release the IPv6 state
 * @s: stack
 */
void ik_ip6_free(struct ik_stack *s)
{
	if (!s->ip6)
		return;
	free(s->ip6->ifs);
	free(s->ip6->rt);
	free(s->ip6);
	s->ip6 = NULL;
}

/**
 * if6_mut() - an interface's IPv6 state, to change
 * @s: stack; @ifindex: interface
 *
 * Return: it, or NULL.
 */
static struct ik_if6 *if6_mut(struct ik_stack *s, unsigned ifindex)
{
	if (!ifindex || ifindex > s->nifaces)
		return NULL;
	return &s->ip6->ifs[ifindex - 1];
}

/**
 * ik_if6_get() - an interface's IPv6 state
 * @s: stack; @ifindex: interface
 *
 * Return: it, or NULL.
 */
const struct ik_if6 *ik_if6_get(const struct ik_stack *s, unsigned ifindex)
{
	if (!ifindex || ifindex > s->nifaces)
		return NULL;
	return &s->ip6->ifs[ifindex - 1];
}

/**
 * default_iid() - a stable random interface identifier: a keyed hash of
 * the stack's seed and the interface's name (Linux gives a TUN, which has
 * no hardware address, a random one)
 * @s: stack; @ifindex: interface; @iid: out
 */
static void default_iid(const struct ik_stack *s, unsigned ifindex, uint8_t iid[8])
{
	const struct ik_iface *ifc = ik_iface_get(s, ifindex);
	uint64_t h = ik_mix64(s->cfg.seed ^ 0x6970763669696421ull);

	for (const char *p = ifc->name; *p; p++)
		h = ik_mix64(h ^ (uint8_t)*p);
	h = ik_mix64(h ^ ifindex);
	for (unsigned i = 0; i < 8; i++)
		iid[i] = (uint8_t)(h >> (56 - 8 * i));
	iid[0] &= (uint8_t)~0x02u; /* the universal/local bit says local (RFC 4291 App. A) */
	if (!(h & 0xffffffffffffff00ull))
		iid[7] |= 1; /* never all zero: that is the subnet-router anycast */
}

int ik_stack_set_iid(struct ik_stack *s, unsigned ifindex, const uint8_t iid[8])
{
	static const uint8_t z[8];
	struct ik_if6 *f = s ? if6_mut(s, ifindex) : NULL;

	if (!f || !iid || !memcmp(iid, z, 8) || f->n)
		return -IK_EINVAL;
	memcpy(f->iid, iid, 8);
	f->iid_set = true;
	return 0;
}

/**
 * addr_ok() - may an interface hold @a?
 * @a: address
 *
 * Return: true for a unicast address other than ::, ::1 and IPv4-mapped.
 */
static bool addr_ok(const uint8_t a[16])
{
	return !ik_a6_is_mcast(a) && !ik_a6_is_unspec(a) && !ik_a6_is_loopback(a) &&
	       !ik_a6_is_v4mapped(a);
}

/**
 * put_addr() - record an address on @f and its connected route
 * @s: stack; @f: interface state; @ifindex: its index; @a: address;
 * @prefix: its prefix; @slot: where (an index up to @f->n)
 *
 * Return: 0, or the route's error.
 */
static int put_addr(struct ik_stack *s, struct ik_if6 *f, unsigned ifindex, const uint8_t a[16],
		    unsigned prefix, unsigned slot)
{
	int rc = ik_route6_connected(s, a, prefix, ifindex);
	char b[IK_IPV6_ADDR_STRLEN];

	if (rc < 0)
		return rc;
	memcpy(f->addr[slot].a, a, 16);
	f->addr[slot].prefix = (uint8_t)prefix;
	f->addr[slot].flags = 0;
	if (slot == f->n)
		f->n++;
	s->ip6->memo = -1;
	IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "ip6.addr", ifindex, NULL, 0, -1,
		 "%s/%u added to %s%s", ik_ipv6_addr_str(a, b), prefix, ik_iface_get(s, ifindex)->name,
		 slot == 0 && ik_a6_is_linklocal(a) ? " (its link-local address)" : "");
	return 0;
}

int ik_stack_add_addr6(struct ik_stack *s, unsigned ifindex, const uint8_t addr[16],
		       unsigned prefix)
{
	struct ik_if6 *f = s ? if6_mut(s, ifindex) : NULL;
	int rc;

	if (!f || !addr || !addr_ok(addr) || prefix < 1 || prefix > 128)
		return -IK_EINVAL;
	for (unsigned i = 0; i < f->n; i++)
		if (!memcmp(f->addr[i].a, addr, 16))
			return -IK_EADDRINUSE;
	if (!f->n) {
		uint8_t ll[16] = { 0xfe, 0x80 };

		if (ik_a6_is_linklocal(addr))
			return put_addr(s, f, ifindex, addr, prefix, 0);
		if (!f->iid_set)
			default_iid(s, ifindex, f->iid);
		memcpy(ll + 8, f->iid, 8);
		rc = put_addr(s, f, ifindex, ll, 64, 0);
		if (rc < 0)
			return rc;
	} else if (ik_a6_is_linklocal(addr) && ik_a6_is_linklocal(f->addr[0].a)) {
		/* an explicit link-local address replaces the generated one */
		return put_addr(s, f, ifindex, addr, prefix, 0);
	}
	if (f->n >= IK_IFACE_ADDR6_MAX)
		return -IK_ENOMEM;
	return put_addr(s, f, ifindex, addr, prefix, f->n);
}

int ik_stack_iface_addr6(const struct ik_stack *s, unsigned ifindex, unsigned i, uint8_t addr[16],
			 unsigned *prefix)
{
	const struct ik_if6 *f = s ? ik_if6_get(s, ifindex) : NULL;

	if (!f || i >= f->n || !addr)
		return -IK_ENOENT;
	memcpy(addr, f->addr[i].a, 16);
	if (prefix)
		*prefix = f->addr[i].prefix;
	return 0;
}

/**
 * ik_ip6_is_local() - is @a ours, for a datagram that arrived on @ifindex?
 * @s: stack; @a: address; @ifindex: arrival interface (0: any)
 *
 * The weak host model for global addresses, as Linux; a link-local
 * address names an interface only on its own link.
 *
 * Return: the interface holding it, or 0.
 */
unsigned ik_ip6_is_local(const struct ik_stack *s, const uint8_t a[16], unsigned ifindex)
{
	bool ll = ik_a6_is_linklocal(a);

	for (unsigned i = 0; i < s->nifaces; i++) {
		const struct ik_if6 *f = &s->ip6->ifs[i];

		if (ll && ifindex && i + 1 != ifindex)
			continue;
		for (unsigned k = 0; k < f->n; k++)
			if (!(f->addr[k].flags & IK_A6_TENTATIVE) && !memcmp(f->addr[k].a, a, 16))
				return i + 1;
	}
	return 0;
}

bool ik_ip6_mcast_member(const struct ik_stack *s, unsigned ifindex, const uint8_t g[16])
{
	static const uint8_t sol[13] = { 0xff, 0x02, [11] = 0x01, [12] = 0xff };
	const struct ik_if6 *f = ik_if6_get(s, ifindex);

	if (!f || !f->n)
		return false;
	if ((g[1] == 0x01 || g[1] == 0x02) && !memcmp(g + 2, (const uint8_t[14]){ [13] = 1 }, 14))
		return true; /* all-nodes, interface- and link-local */
	if (memcmp(g, sol, 13))
		return false;
	for (unsigned k = 0; k < f->n; k++)
		if (!memcmp(f->addr[k].a + 13, g + 13, 3))
			return true;
	return false;
}

/**
 * scope_of() - an address's scope for source selection: 2 link-local (and
 * link-scope multicast), 14 global
 * @a: address
 *
 * Return: the RFC 4291 scope value.
 */
static unsigned scope_of(const uint8_t a[16])
{
	if (ik_a6_is_mcast(a))
		return a[1] & 0x0f;
	return ik_a6_is_linklocal(a) ? 2 : 14;
}

/**
 * better() - RFC 6724 §5's rules 2, 5 and 8 between a candidate and the
 * best so far
 * @c, @b: candidate and best (NULL: none yet); @dst: destination;
 * @c_out, @b_out: they are on the outgoing interface
 *
 * Return: true when @c is to be preferred.
 */
static bool better(const uint8_t *c, const uint8_t *b, const uint8_t dst[16], bool c_out,
		   bool b_out)
{
	unsigned ds = scope_of(dst), cs, bs;

	if (!b)
		return true;
	cs = scope_of(c);
	bs = scope_of(b);
	if (cs != bs) { /* rule 2: the smallest scope at least the destination's */
		if (cs < bs)
			return cs >= ds;
		return bs < ds;
	}
	if (c_out != b_out) /* rule 5: the outgoing interface's */
		return c_out;
	return ik_a6_common(c, dst) > ik_a6_common(b, dst); /* rule 8 */
}

int ik_ip6_src_select(const struct ik_stack *s, const uint8_t dst[16], unsigned ifindex,
		      uint8_t out[16])
{
	const uint8_t *best = NULL;
	bool best_out = false;
	bool link = ik_a6_is_linklocal(dst) || (ik_a6_is_mcast(dst) && scope_of(dst) <= 2);

	for (unsigned i = 0; i < s->nifaces; i++) {
		const struct ik_if6 *f = &s->ip6->ifs[i];
		bool on = i + 1 == ifindex;

		if (link && !on)
			continue; /* a link-scope destination: only that link's addresses */
		for (unsigned k = 0; k < f->n; k++) {
			const uint8_t *c = f->addr[k].a;

			if (f->addr[k].flags & IK_A6_TENTATIVE)
				continue;
			if (!on && ik_a6_is_linklocal(c))
				continue; /* another link's link-local address means nothing here */
			if (better(c, best, dst, on, best_out)) {
				best = c;
				best_out = on;
			}
		}
	}
	if (!best)
		return -EADDRNOTAVAIL;
	memcpy(out, best, 16);
	return 0;
}
