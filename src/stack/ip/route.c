// SPDX-License-Identifier: MIT
/**
 * DOC: route.c - the route table: rows over a longest-prefix-match FIB
 *
 * A route is a row (struct ik_route) in an array of cfg.max_routes rows;
 * the FIB (fib.h) maps each route's prefix to its row's index, so a lookup
 * is the FIB's one or two loads and then the row, whatever the table's
 * size (a full Internet table of a million prefixes included). Rows are
 * handed out from a free list, never-used rows last, so the rows' memory
 * (an anonymous mapping) is touched only as far as routes were ever added.
 *
 * The last lookup that matched a unicast row is remembered
 * (s->route_memo): replies and errors go back to the host that just sent,
 * so the next lookup is most often for the same destination. Every change
 * of the table (interfaces add their connected routes through
 * ik_stack_add_route() too) forgets it.
 *
 * Routes learned from Redirects may fill at most a quarter of the table;
 * past that the oldest learned gives way, so a stream of (spoofed)
 * redirects can never crowd out configured routes or interfaces. The
 * learned routes' order is a FIFO of (row, sequence number) pairs: a pair
 * whose row no longer carries that sequence number (the route was removed,
 * replaced by a configured one, or learned again later) is stale and
 * skipped, so removing a route needs no search of the FIFO. The FIFO has
 * room for twice the cap, so when it fills at least half of it is stale
 * and compacting it costs O(1) per entry added.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stack/core.h"
#include "stack/ip/fib.h"

#define ROW_FREE 0xffu /* the prefix of a row on the free list */

/**
 * struct ik_learned - one entry of the redirect-learned FIFO
 * @row: the row
 * @seq: its redirect sequence number when it was learned
 */
struct ik_learned {
	uint32_t row;
	uint32_t seq;
};

/**
 * struct ik_route_tab - the rows and the learned FIFO
 * @rows:      cfg.max_routes rows (ik_table_zalloc(); moved to huge pages
 *             once IK_ROUTER_TABLE_MIN were used)
 * @rows_huge: they are on huge pages
 * @rows_tried: the move was made or tried
 * @free_head: first free row that was used before (its dst links the
 *             next), IK_FIB_NONE when none
 * @fresh:     rows [@fresh, max_routes) were never used
 * @fifo:      2 * @cap entries (ik_table_zalloc())
 * @fifo_head: oldest entry
 * @fifo_n:    entries, stale ones included
 * @fifo_hw:   entries of @fifo ever written (for the memory count)
 * @learned:   rows learned from a Redirect now
 * @cap:       most learned rows (a quarter of max_routes, at least 1)
 */
struct ik_route_tab {
	struct ik_route *rows;
	bool rows_huge, rows_tried;
	uint32_t free_head;
	uint32_t fresh;
	struct ik_learned *fifo;
	uint32_t fifo_head, fifo_n, fifo_hw;
	uint32_t learned, cap;
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
 * rows_bytes() - octets of the row array
 * @s: stack
 * Return: octets.
 */
static size_t rows_bytes(const struct ik_stack *s)
{
	return (size_t)s->cfg.max_routes * sizeof(struct ik_route);
}

/**
 * fifo_bytes() - octets of the learned FIFO
 * @t: table
 * Return: octets.
 */
static size_t fifo_bytes(const struct ik_route_tab *t)
{
	return (size_t)t->cap * 2 * sizeof(struct ik_learned);
}

/**
 * ik_route_init() - create the route rows and the learned FIFO (the FIB
 * itself is created by ik_stack_new())
 * @s: stack (cfg.max_routes set)
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_route_init(struct ik_stack *s)
{
	struct ik_route_tab *t = calloc(1, sizeof(*t));

	if (!t)
		return -IK_ENOMEM;
	s->rtab = t;
	t->free_head = IK_FIB_NONE;
	t->cap = s->cfg.max_routes / 4 ? s->cfg.max_routes / 4 : 1;
	t->rows = ik_table_zalloc(rows_bytes(s), false, NULL);
	t->fifo = ik_table_zalloc(fifo_bytes(t), false, NULL);
	if (!t->rows || !t->fifo) {
		ik_route_free(s);
		return -IK_ENOMEM;
	}
	return 0;
}

/**
 * ik_route_free() - release the route rows and the learned FIFO
 * @s: stack
 */
void ik_route_free(struct ik_stack *s)
{
	struct ik_route_tab *t = s->rtab;

	if (!t)
		return;
	ik_table_zfree(t->rows, rows_bytes(s));
	ik_table_zfree(t->fifo, fifo_bytes(t));
	free(t);
	s->rtab = NULL;
}

/**
 * row_written() - whether 4 KiB page @pg of the rows was ever written
 * @ctx: the table; @pg: page
 *
 * Return: true if so.
 */
static bool row_written(const void *ctx, size_t pg)
{
	const struct ik_route_tab *t = ctx;

	return pg * IK_PAGE_SIZE < (size_t)t->fresh * sizeof(struct ik_route);
}

/**
 * rows_go_huge() - IK_ROUTER_TABLE_MIN rows have been used: the table is a
 * router's, its rows (read at random by every lookup) move to huge pages
 * @s: stack
 */
static void rows_go_huge(struct ik_stack *s)
{
	struct ik_route_tab *t = s->rtab;
	struct ik_route *rows = ik_table_zhuge(t->rows, rows_bytes(s), row_written, t);

	t->rows_tried = true;
	if (rows) {
		t->rows = rows;
		t->rows_huge = true;
	}
}

/**
 * row_alloc() - a free row: one used before, else the first never used
 * @s: stack
 *
 * Return: its index, or IK_FIB_NONE when every row holds a route.
 */
static uint32_t row_alloc(struct ik_stack *s)
{
	struct ik_route_tab *t = s->rtab;
	uint32_t i = t->free_head;

	if (i != IK_FIB_NONE) {
		t->free_head = t->rows[i].dst;
		return i;
	}
	if (t->fresh >= s->cfg.max_routes)
		return IK_FIB_NONE;
	if (t->fresh == IK_ROUTER_TABLE_MIN && !t->rows_tried)
		rows_go_huge(s);
	return t->fresh++;
}

/**
 * row_release() - put row @i on the free list
 * @s: stack; @i: row
 */
static void row_release(struct ik_stack *s, uint32_t i)
{
	struct ik_route_tab *t = s->rtab;
	struct ik_route *rt = &t->rows[i];

	memset(rt, 0, sizeof(*rt));
	rt->prefix = ROW_FREE;
	rt->dst = t->free_head;
	t->free_head = i;
}

/**
 * fifo_compact() - drop the stale entries of the learned FIFO, keeping
 * the order of the others
 * @t: table
 */
static void fifo_compact(struct ik_route_tab *t)
{
	uint32_t len = 2 * t->cap, n = 0;

	for (uint32_t k = 0; k < t->fifo_n; k++) {
		struct ik_learned e = t->fifo[(t->fifo_head + k) % len];

		if (t->rows[e.row].redirect == e.seq)
			t->fifo[(t->fifo_head + n++) % len] = e;
	}
	t->fifo_n = n;
}

/**
 * fifo_push() - row @row was just learned with sequence number @seq
 * @t: table; @row: row; @seq: its redirect sequence number
 */
static void fifo_push(struct ik_route_tab *t, uint32_t row, uint32_t seq)
{
	uint32_t len = 2 * t->cap, at;

	if (t->fifo_n == len)
		fifo_compact(t); /* at most @cap are live: half of it goes */
	at = (t->fifo_head + t->fifo_n++) % len;
	t->fifo[at] = (struct ik_learned){ row, seq };
	if (at >= t->fifo_hw)
		t->fifo_hw = at + 1;
}

/**
 * fifo_oldest() - take the oldest live entry of the learned FIFO
 * @t: table
 *
 * Return: its row, or IK_FIB_NONE when no learned route is left.
 */
static uint32_t fifo_oldest(struct ik_route_tab *t)
{
	while (t->fifo_n) {
		struct ik_learned e = t->fifo[t->fifo_head];

		t->fifo_head = (t->fifo_head + 1) % (2 * t->cap);
		t->fifo_n--;
		if (t->rows[e.row].redirect == e.seq)
			return e.row;
	}
	return IK_FIB_NONE;
}

/**
 * row_remove() - take the route of row @i out of the FIB and free the row
 * @s: stack; @i: row
 */
static void row_remove(struct ik_stack *s, uint32_t i)
{
	struct ik_route_tab *t = s->rtab;
	const struct ik_route *rt = &t->rows[i];

	(void)ik_fib_remove(s->fib, rt->dst, rt->prefix);
	if (rt->redirect)
		t->learned--;
	row_release(s, i);
	s->route_memo->valid = false;
}

/**
 * route_set() - add or replace a route (arguments checked)
 * @s:   stack
 * @r:   the route (dst, prefix, gw, ifindex, type)
 * @seq: 0 for a configured route; else its redirect sequence number
 *
 * A route for the same prefix keeps its row and is rewritten in place, so
 * the FIB is not touched; a new one takes a row and enters the FIB.
 *
 * Return: 0, or -IK_ENOMEM (every row in use).
 */
static int route_set(struct ik_stack *s, const struct ik_route_spec *r, uint32_t seq)
{
	struct ik_route_tab *t = s->rtab;
	uint32_t mask = ik_ipv4_prefix_mask(r->prefix), dst = r->dst & mask, i;
	struct ik_route *rt;
	int rc;

	ik_fib_prefetch(s->fib, dst); /* an insert's miss overlaps the lookup's */
	i = ik_fib_get(s->fib, dst, r->prefix);

	s->route_memo->valid = false;
	if (i == IK_FIB_NONE) {
		i = row_alloc(s);
		if (i == IK_FIB_NONE)
			return -IK_ENOMEM;
		rc = ik_fib_insert(s->fib, dst, r->prefix, i);
		if (rc < 0) {
			row_release(s, i);
			return rc;
		}
	} else if (t->rows[i].redirect) {
		t->learned--;
	}
	rt = &t->rows[i];
	rt->dst = dst;
	rt->mask = mask;
	rt->prefix = r->prefix;
	rt->type = (uint8_t)r->type;
	rt->gw = r->type == IK_ROUTE_UNICAST ? r->gw : 0;
	rt->ifindex = r->type == IK_ROUTE_UNICAST ? r->ifindex : 0;
	rt->redirect = seq;
	if (seq) {
		t->learned++;
		fifo_push(t, i, seq);
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
	uint32_t i;

	if (!s || prefix > 32)
		return -IK_ENOENT;
	i = ik_fib_get(s->fib, dst, prefix);
	if (i == IK_FIB_NONE)
		return -IK_ENOENT;
	row_remove(s, i);
	return 0;
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
	struct ik_route_tab *t = s->rtab;
	const struct ik_route_spec r = { dst, 32, gw, ifindex, IK_ROUTE_UNICAST };
	uint32_t cur = ik_fib_get(s->fib, dst, 32), seq;

	if (!ik_iface_get(s, ifindex))
		return -IK_EINVAL;
	if (t->learned >= t->cap && (cur == IK_FIB_NONE || !t->rows[cur].redirect)) {
		uint32_t old = fifo_oldest(t);

		if (old != IK_FIB_NONE)
			row_remove(s, old);
	}
	seq = ++s->redirects;
	if (!seq)
		seq = ++s->redirects; /* 0 means configured */
	return route_set(s, &r, seq);
}

/**
 * ik_route_lookup_table() - longest prefix match (ik_route_lookup() when
 * the memo does not hold @dst)
 * @s:   stack
 * @dst: destination, host order
 * @r:   result
 *
 * Without a matching route, 255.255.255.255 and 224/4 go out of the first
 * interface on-link. A unicast match is remembered for the next lookup of
 * @dst; the other route types answer with their errno and are not.
 *
 * Return: 0 with @r filled, or -ENETUNREACH (no route), -EHOSTUNREACH
 * (unreachable), -EACCES (prohibit), -EINVAL (blackhole): POSIX errnos,
 * since the result goes straight back to socket calls.
 */
int ik_route_lookup_table(const struct ik_stack *s, uint32_t dst, struct ik_route_res *r)
{
	uint32_t i = ik_fib_lookup(s->fib, dst, NULL);
	struct ik_route_memo *m = s->route_memo;

	if (i != IK_FIB_NONE) {
		const struct ik_route *rt = &s->rtab->rows[i];
		const struct ik_iface *ifc;

		if (rt->type != IK_ROUTE_UNICAST)
			return type_errno[rt->type];
		ifc = &s->ifaces[rt->ifindex - 1];
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

/**
 * ik_stack_route_get() - the route a datagram to @addr takes (`ip route
 * get`): the table's longest match (the no-route fallback of broadcast and
 * multicast is not a route and is not returned)
 * @s:    stack
 * @addr: destination, host order
 * @out:  the matching route
 *
 * Return: 0, or -IK_ENOENT when no route matches.
 */
int ik_stack_route_get(const struct ik_stack *s, uint32_t addr, struct ik_route_spec *out)
{
	uint32_t i;
	const struct ik_route *rt;

	if (!s || !out)
		return -IK_EINVAL;
	i = ik_fib_lookup(s->fib, addr, NULL);
	if (i == IK_FIB_NONE)
		return -IK_ENOENT;
	rt = &s->rtab->rows[i];
	out->dst = rt->dst;
	out->prefix = rt->prefix;
	out->gw = rt->gw;
	out->ifindex = rt->ifindex;
	out->type = (enum ik_route_type)rt->type;
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
 * touched() - what writing the first @n_bytes octets of an
 * ik_table_zalloc() array of @size octets costs: whole pages
 * @n_bytes: octets written from the start; @size: the array's octets;
 * @page: its page size
 *
 * Return: octets.
 */
static size_t touched(size_t n_bytes, size_t size, size_t page)
{
	size_t pages = (n_bytes + page - 1) / page, all = (size + page - 1) / page;

	return (pages < all ? pages : all) * page;
}

/**
 * ik_stack_route_mem() - octets of memory the route table holds
 * @s: stack
 *
 * The FIB (ik_fib_mem()), the row pages ever written (rows are handed out
 * from the start of the array; 2 MiB pages once on huge pages), the
 * learned FIFO's pages ever written, and the table's struct. Rows reserved
 * but never used are not counted.
 *
 * Return: octets.
 */
size_t ik_stack_route_mem(const struct ik_stack *s)
{
	const struct ik_route_tab *t;

	if (!s || !s->rtab)
		return 0;
	t = s->rtab;
	return ik_fib_mem(s->fib) +
	       touched((size_t)t->fresh * sizeof(struct ik_route), rows_bytes(s),
		       t->rows_huge ? IK_HUGE_PAGE_SIZE : IK_PAGE_SIZE) +
	       touched((size_t)t->fifo_hw * sizeof(struct ik_learned), fifo_bytes(t), IK_PAGE_SIZE) +
	       sizeof(*t);
}
