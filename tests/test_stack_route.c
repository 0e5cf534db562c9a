// SPDX-License-Identifier: MIT
/* test_stack_route.c - the route API: add/replace/del/get/count/mem, route
 * types through lookups and sendto, the memo, redirect-learned routes */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "icmpkit/err.h"
#include "icmpkit/mib.h"
#include "icmpkit/trace.h"
#include "stack/internal.h"
#include "stack/ip/fib.h"

#define MIB(t, id) (ik_stack_mib((t)->s)->c[IK_MIB_##id])

#define NET10   0x0a000000u /* 10.0.0.0 */
#define UNREACH 0x0a010000u /* 10.1.0.0/16 unreachable */
#define PROHIB  0x0a020000u /* 10.2.0.0/16 prohibit */
#define BLACK   0x0a030000u /* 10.3.0.0/16 blackhole */

/**
 * add() - ik_stack_route_add() of one route
 * @t: harness; @dst: network; @prefix: length; @gw: gateway; @type: type
 * Return: its result.
 */
static int add(struct ikt *t, uint32_t dst, unsigned prefix, uint32_t gw, enum ik_route_type type)
{
	const struct ik_route_spec r = { dst, prefix, gw, type == IK_ROUTE_UNICAST ? t->ifindex : 0,
					 type };

	return ik_stack_route_add(t->s, &r);
}

/* add, replace, get, count, del; arguments */
static void route_api(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL); /* connected 192.0.2/24 + 203.0.113/24 */
	struct ik_route_spec g;

	assert_int_equal(ik_stack_route_count(t->s), 2);
	assert_int_equal(ik_stack_route_get(t->s, IKT_B, &g), 0);
	assert_int_equal(g.dst, 0xc0000200u);
	assert_int_equal(g.prefix, 24);
	assert_int_equal(g.gw, 0);
	assert_int_equal(g.ifindex, t->ifindex);
	assert_int_equal(g.type, IK_ROUTE_UNICAST);
	assert_int_equal(ik_stack_route_get(t->s, 0x0a010203u, &g), -IK_ENOENT);

	assert_int_equal(add(t, 0x0a7f0001u, 8, IKT_GW, IK_ROUTE_UNICAST), 0); /* host bits */
	assert_int_equal(ik_stack_route_count(t->s), 3);
	assert_int_equal(ik_stack_route_get(t->s, 0x0a010203u, &g), 0);
	assert_int_equal(g.dst, NET10);
	assert_int_equal(g.prefix, 8);
	assert_int_equal(g.gw, IKT_GW);
	/* replace: same prefix, new gateway, count unchanged */
	assert_int_equal(add(t, NET10, 8, IKT_C, IK_ROUTE_UNICAST), 0);
	assert_int_equal(ik_stack_route_count(t->s), 3);
	assert_int_equal(ik_stack_route_get(t->s, 0x0a010203u, &g), 0);
	assert_int_equal(g.gw, IKT_C);
	/* the old wrapper is the same operation */
	assert_int_equal(ik_stack_add_route(t->s, NET10, 8, IKT_B, t->ifindex), 0);
	assert_int_equal(ik_stack_route_count(t->s), 3);
	assert_int_equal(ik_stack_route_get(t->s, 0x0a010203u, &g), 0);
	assert_int_equal(g.gw, IKT_B);
	/* a default route; a longer one wins over it */
	assert_int_equal(add(t, 0, 0, IKT_GW, IK_ROUTE_UNICAST), 0);
	assert_int_equal(ik_stack_route_get(t->s, 0x08080808u, &g), 0);
	assert_int_equal(g.prefix, 0);
	assert_int_equal(ik_stack_route_get(t->s, 0x0a000001u, &g), 0);
	assert_int_equal(g.prefix, 8);
	/* del: exactly that prefix */
	assert_int_equal(ik_stack_route_del(t->s, NET10, 9), -IK_ENOENT);
	assert_int_equal(ik_stack_route_del(t->s, NET10, 8), 0);
	assert_int_equal(ik_stack_route_del(t->s, NET10, 8), -IK_ENOENT);
	assert_int_equal(ik_stack_route_get(t->s, 0x0a000001u, &g), 0);
	assert_int_equal(g.prefix, 0);
	assert_int_equal(ik_stack_route_del(t->s, 0, 0), 0);
	assert_int_equal(ik_stack_route_get(t->s, 0x0a000001u, &g), -IK_ENOENT);
	assert_int_equal(ik_stack_route_count(t->s), 2);
	/* other types keep no gateway or interface */
	{
		const struct ik_route_spec r = { UNREACH, 16, IKT_GW, 1, IK_ROUTE_UNREACHABLE };

		assert_int_equal(ik_stack_route_add(t->s, &r), 0);
		assert_int_equal(ik_stack_route_get(t->s, UNREACH | 5, &g), 0);
		assert_int_equal(g.type, IK_ROUTE_UNREACHABLE);
		assert_int_equal(g.gw, 0);
		assert_int_equal(g.ifindex, 0);
	}
	/* bad arguments */
	{
		const struct ik_route_spec bad_len = { 0, 33, 0, 1, IK_ROUTE_UNICAST };
		const struct ik_route_spec bad_type = { 0, 8, 0, 1, (enum ik_route_type)9 };
		const struct ik_route_spec bad_if = { 0, 8, 0, 7, IK_ROUTE_UNICAST };
		const struct ik_route_spec no_if = { 0, 8, 0, 0, IK_ROUTE_UNICAST };

		assert_int_equal(ik_stack_route_add(t->s, &bad_len), -IK_EINVAL);
		assert_int_equal(ik_stack_route_add(t->s, &bad_type), -IK_EINVAL);
		assert_int_equal(ik_stack_route_add(t->s, &bad_if), -IK_EINVAL);
		assert_int_equal(ik_stack_route_add(t->s, &no_if), -IK_EINVAL);
		assert_int_equal(ik_stack_route_add(t->s, NULL), -IK_EINVAL);
		assert_int_equal(ik_stack_route_add(NULL, &no_if), -IK_EINVAL);
		assert_int_equal(ik_stack_route_del(t->s, 0, 33), -IK_ENOENT);
		assert_int_equal(ik_stack_route_count(t->s), 3);
	}
	ikt_free(t);
}

/**
 * typed_table() - a harness with an unreachable, a prohibit and a blackhole
 * /16 under 10/8, a unicast /24 inside the blackhole one, and no default
 * Return: the harness.
 */
static struct ikt *typed_table(void)
{
	struct ikt *t = ikt_new(NULL);

	assert_int_equal(add(t, NET10, 8, IKT_GW, IK_ROUTE_UNICAST), 0);
	assert_int_equal(add(t, UNREACH, 16, 0, IK_ROUTE_UNREACHABLE), 0);
	assert_int_equal(add(t, PROHIB, 16, 0, IK_ROUTE_PROHIBIT), 0);
	assert_int_equal(add(t, BLACK, 16, 0, IK_ROUTE_BLACKHOLE), 0);
	assert_int_equal(add(t, BLACK | 0x0300u, 24, IKT_C, IK_ROUTE_UNICAST), 0);
	return t;
}

/* each route type's answer to a lookup, as Linux fib_props */
static void route_types_lookup(void **state)
{
	(void)state;
	struct ikt *t = typed_table();
	struct ik_route_res r;
	struct ik_route_spec g;

	assert_int_equal(ik_route_lookup(t->s, UNREACH | 1, &r), -EHOSTUNREACH);
	assert_int_equal(ik_route_lookup(t->s, PROHIB | 1, &r), -EACCES);
	assert_int_equal(ik_route_lookup(t->s, BLACK | 1, &r), -EINVAL);
	assert_int_equal(ik_route_lookup(t->s, 0x0b000001u, &r), -ENETUNREACH);
	assert_int_equal(ik_route_lookup(t->s, NET10 | 0x040001u, &r), 0);
	assert_int_equal(r.gw, IKT_GW);
	assert_int_equal(ik_route_lookup(t->s, BLACK | 0x0301u, &r), 0);
	assert_int_equal(r.gw, IKT_C);
	assert_int_equal(r.next_hop, IKT_C);
	assert_int_equal(r.src, IKT_A);
	assert_int_equal(ik_stack_route_get(t->s, PROHIB | 0xffffu, &g), 0);
	assert_int_equal(g.type, IK_ROUTE_PROHIBIT);
	assert_int_equal(g.dst, PROHIB);
	assert_int_equal(g.prefix, 16);
	assert_int_equal(ik_stack_route_get(t->s, BLACK | 0x0401u, &g), 0);
	assert_int_equal(g.type, IK_ROUTE_BLACKHOLE);
	/* a refusing route is not remembered: the memo still holds the last
	 * unicast lookup */
	assert_int_equal(ik_route_lookup(t->s, NET10 | 0x050001u, &r), 0);
	assert_int_equal(ik_route_lookup(t->s, UNREACH | 7, &r), -EHOSTUNREACH);
	assert_true(t->s->route_memo->valid);
	assert_int_equal(t->s->route_memo->dst, NET10 | 0x050001u);
	assert_int_equal(ik_route_lookup(t->s, UNREACH | 7, &r), -EHOSTUNREACH);
	ikt_free(t);
}

struct tr {
	unsigned n;
	char what[32][40];
	char why[32][160];
};

/**
 * tr_sink() - a trace sink that keeps tags and sentences
 * @ctx: struct tr; @ev: the event
 */
static void tr_sink(void *ctx, const struct ik_event *ev)
{
	struct tr *t = ctx;

	if (t->n >= 32)
		return;
	snprintf(t->what[t->n], sizeof(t->what[0]), "%s", ev->what);
	snprintf(t->why[t->n], sizeof(t->why[0]), "%s", ev->why);
	t->n++;
}

/* a local sender hears each type's errno from sendto, connect and IP
 * output, as on Linux; nothing is sent; only "no route" is OutNoRoutes */
static void route_types_sendto(void **state)
{
	(void)state;
	struct ikt *t = typed_table();
	int udp = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	int raw = ik_sock_open(t->s, IK_SOCK_RAW, 253);
	int ping = ik_sock_open(t->s, IK_SOCK_PING, 0);
	uint8_t echo[8] = { 8, 0, 0, 0, 0, 0, 0, 1 };
	const struct { uint32_t dst; int err; } c[] = {
		{ UNREACH | 1, -EHOSTUNREACH },
		{ PROHIB | 1, -EACCES },
		{ BLACK | 1, -EINVAL },
		{ 0x0b000001u, -ENETUNREACH },
	};
	struct tr log = { 0 };

	assert_true(udp >= 0 && raw >= 0 && ping >= 0);
	for (unsigned i = 0; i < 4; i++) {
		struct ik_tx tx = { .dst = c[i].dst, .proto = 253 };

		assert_int_equal(ik_sock_sendto(t->s, udp, "x", 1, c[i].dst, 9, 0), c[i].err);
		assert_int_equal(ik_sock_sendto(t->s, raw, "x", 1, c[i].dst, 0, 0), c[i].err);
		assert_int_equal(ik_sock_sendto(t->s, ping, echo, sizeof(echo), c[i].dst, 0, 0),
				 c[i].err);
		assert_int_equal(ik_sock_connect(t->s, udp, c[i].dst, 9), c[i].err);
		assert_int_equal(ik_ip_output(t->s, &tx, 0), c[i].err);
	}
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_OutNoRoutes), 1); /* the one ik_ip_output() to 11/8 */
	assert_int_equal(MIB(t, IP_OutRequests), 0);
	/* the unicast route inside the blackhole one still sends */
	assert_int_equal(ik_sock_sendto(t->s, udp, "x", 1, BLACK | 0x0301u, 9, 0), 1);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(t->cap.pkts[0].next_hop, IKT_C);
	/* traced with the reason */
	ik_stack_set_trace(t->s, tr_sink, &log);
	{
		struct ik_tx tx = { .dst = PROHIB | 9, .proto = 253 };
		bool seen = false;

		assert_int_equal(ik_ip_output(t->s, &tx, 0), -EACCES);
		for (unsigned i = 0; i < log.n; i++)
			if (!strcmp(log.what[i], "ip.route_refused")) {
				assert_non_null(strstr(log.why[i], "prohibit route to 10.2.0.9"));
				seen = true;
			}
		assert_true(seen);
	}
	ikt_free(t);
}

/* the memo never answers with a route that was deleted or replaced */
static void route_memo_invalidated(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const uint32_t d = 0x0a050505u;
	struct ik_route_res r;

	assert_int_equal(add(t, NET10, 8, IKT_GW, IK_ROUTE_UNICAST), 0);
	assert_int_equal(ik_route_lookup(t->s, d, &r), 0);
	assert_int_equal(ik_route_lookup(t->s, d, &r), 0); /* from the memo */
	assert_true(t->s->route_memo->valid);
	assert_int_equal(r.gw, IKT_GW);
	/* replaced */
	assert_int_equal(add(t, NET10, 8, IKT_C, IK_ROUTE_UNICAST), 0);
	assert_int_equal(ik_route_lookup(t->s, d, &r), 0);
	assert_int_equal(r.gw, IKT_C);
	/* a longer route added */
	assert_int_equal(add(t, 0x0a050000u, 16, IKT_B, IK_ROUTE_UNICAST), 0);
	assert_int_equal(ik_route_lookup(t->s, d, &r), 0);
	assert_int_equal(r.gw, IKT_B);
	/* deleted: back to the /8 */
	assert_int_equal(ik_stack_route_del(t->s, 0x0a050000u, 16), 0);
	assert_int_equal(ik_route_lookup(t->s, d, &r), 0);
	assert_int_equal(r.gw, IKT_C);
	/* replaced by a blackhole */
	assert_int_equal(add(t, NET10, 8, 0, IK_ROUTE_BLACKHOLE), 0);
	assert_int_equal(ik_route_lookup(t->s, d, &r), -EINVAL);
	/* deleted: no route */
	assert_int_equal(add(t, NET10, 8, IKT_GW, IK_ROUTE_UNICAST), 0);
	assert_int_equal(ik_route_lookup(t->s, d, &r), 0);
	assert_int_equal(ik_stack_route_del(t->s, NET10, 8), 0);
	assert_int_equal(ik_route_lookup(t->s, d, &r), -ENETUNREACH);
	/* limited broadcast and multicast still leave by interface 1 */
	assert_int_equal(ik_route_lookup(t->s, 0xffffffffu, &r), 0);
	assert_int_equal(r.ifindex, 1);
	assert_int_equal(r.next_hop, 0xffffffffu);
	assert_int_equal(ik_route_lookup(t->s, 0xe0000001u, &r), 0);
	assert_int_equal(r.gw, 0);
	ikt_free(t);
}

/**
 * learned() - whether the route to @dst is a redirect-learned /32
 * @t: harness; @dst: host
 * Return: true if its /32 exists with gateway @gw.
 */
static bool learned(const struct ikt *t, uint32_t dst, uint32_t gw)
{
	struct ik_route_spec g;

	return ik_stack_route_get(t->s, dst, &g) == 0 && g.prefix == 32 && g.gw == gw;
}

/* redirect-learned routes fill at most a quarter of the table, oldest out;
 * removed or reconfigured ones no longer count */
static void route_learned_cap(void **state)
{
	(void)state;
	struct ik_stack_config cfg = { .max_routes = 64 }; /* cap 16 */
	struct ikt *t = ikt_new(&cfg);
	const uint32_t gw2 = 0xc00002f0u, base = 0xc6336400u; /* 198.51.100.0 */

	assert_int_equal(add(t, 0, 0, IKT_GW, IK_ROUTE_UNICAST), 0);
	for (uint32_t i = 0; i < 100; i++)
		assert_int_equal(ik_route_add_host(t->s, base + i, gw2, t->ifindex), 0);
	assert_int_equal(ik_stack_route_count(t->s), 3 + 16);
	for (uint32_t i = 0; i < 100; i++)
		assert_int_equal(learned(t, base + i, gw2), i >= 84);
	/* learning one again makes it the newest */
	assert_int_equal(ik_route_add_host(t->s, base + 84, IKT_C, t->ifindex), 0);
	assert_int_equal(ik_stack_route_count(t->s), 3 + 16);
	assert_int_equal(ik_route_add_host(t->s, base + 200, gw2, t->ifindex), 0);
	assert_false(learned(t, base + 85, gw2));
	assert_true(learned(t, base + 84, IKT_C));
	/* a deleted learned route frees its place: nothing is evicted */
	assert_int_equal(ik_stack_route_del(t->s, base + 90, 32), 0);
	assert_int_equal(ik_route_add_host(t->s, base + 201, gw2, t->ifindex), 0);
	assert_true(learned(t, base + 86, gw2));
	assert_int_equal(ik_stack_route_count(t->s), 3 + 16);
	/* a learned route made configured is never evicted */
	assert_int_equal(add(t, base + 86, 32, IKT_B, IK_ROUTE_UNICAST), 0);
	for (uint32_t i = 0; i < 40; i++)
		assert_int_equal(ik_route_add_host(t->s, base + 300 + i, gw2, t->ifindex), 0);
	assert_true(learned(t, base + 86, IKT_B));
	assert_int_equal(ik_stack_route_count(t->s), 3 + 1 + 16);
	for (uint32_t i = 0; i < 40; i++)
		assert_int_equal(learned(t, base + 300 + i, gw2), i >= 24);
	/* configured routes still fit */
	for (uint32_t i = 0; i < 64 - 20; i++)
		assert_int_equal(add(t, 0x0b000000u + (i << 8), 24, IKT_GW, IK_ROUTE_UNICAST), 0);
	assert_int_equal(add(t, 0x0c000000u, 24, IKT_GW, IK_ROUTE_UNICAST), -IK_ENOMEM);
	/* a full table: a redirect evicts the oldest learned and takes its place */
	assert_int_equal(ik_route_add_host(t->s, base + 400, gw2, t->ifindex), 0);
	assert_false(learned(t, base + 324, gw2));
	assert_true(learned(t, base + 400, gw2));
	assert_int_equal(ik_route_add_host(t->s, base + 401, gw2, 9), -IK_EINVAL);
	ikt_free(t);
}

/* a large table: 20,000 redirects into a table of 65,536 routes keep the
 * newest 16,384 (no scan of the table: this stays fast) */
static void route_learned_many(void **state)
{
	(void)state;
	struct ik_stack_config cfg = { .max_routes = 1u << 16 };
	struct ikt *t = ikt_new(&cfg);

	for (uint32_t i = 0; i < 20000; i++)
		assert_int_equal(ik_route_add_host(t->s, 0x0a000000u + i * 7, IKT_C, t->ifindex), 0);
	assert_int_equal(ik_stack_route_count(t->s), 2 + 16384);
	assert_false(learned(t, 0x0a000000u + 3615 * 7, IKT_C));
	assert_true(learned(t, 0x0a000000u + 3616 * 7, IKT_C));
	ikt_free(t);
}

/* a full table, reuse of its room, and memory: room reserved but not used
 * costs nothing */
static void route_full_and_mem(void **state)
{
	(void)state;
	struct ik_stack_config small = { .max_routes = 4 };
	struct ik_stack_config big = { .max_routes = (1u << 20) + 4096 };
	struct ikt *t = ikt_new(&small);
	size_t m0, m1;

	assert_int_equal(add(t, NET10, 8, IKT_GW, IK_ROUTE_UNICAST), 0);
	assert_int_equal(add(t, 0x0b000000u, 8, 0, IK_ROUTE_PROHIBIT), 0);
	assert_int_equal(add(t, 0x0c000000u, 8, IKT_GW, IK_ROUTE_UNICAST), -IK_ENOMEM);
	assert_int_equal(add(t, NET10, 8, IKT_C, IK_ROUTE_UNICAST), 0); /* replace */
	assert_int_equal(ik_stack_route_del(t->s, 0x0b000000u, 8), 0);
	assert_int_equal(add(t, 0x0c000000u, 8, IKT_GW, IK_ROUTE_UNICAST), 0);
	assert_int_equal(ik_stack_route_count(t->s), 4);
	ikt_free(t);

	t = ikt_new(&big);
	m0 = ik_stack_route_mem(t->s);
	assert_true(m0 > 0);
	/* two routes in a table sized for a million: a few 4 KiB pages */
	assert_false(t->s->fib->huge);
	assert_true(m0 < 256u * 1024u);
	for (uint32_t i = 0; i < 10000; i++)
		assert_int_equal(add(t, 0x14000000u + (i << 8), 24, IKT_GW, IK_ROUTE_UNICAST), 0);
	m1 = ik_stack_route_mem(t->s);
	assert_true(m1 > m0 + 10000u * sizeof(struct ik_fib_slot)); /* one per prefix, at least */
	assert_int_equal(ik_stack_route_count(t->s), 10002);
	for (uint32_t i = 0; i < 10000; i++)
		assert_int_equal(ik_stack_route_del(t->s, 0x14000000u + (i << 8), 24), 0);
	assert_true(ik_stack_route_mem(t->s) < m1); /* first-level pages given back */
	/* past IK_ROUTER_TABLE_MIN routes the FIB moves to huge pages: every
	 * route still right (70,000 distinct next hops) */
	for (uint32_t i = 0; i < 70000; i++)
		assert_int_equal(add(t, 0x20000000u + (i << 8), 24, 0x0a000000u + i, IK_ROUTE_UNICAST),
				 0);
	for (uint32_t i = 0; i < 70000; i += 7) {
		struct ik_route_res r;

		assert_int_equal(ik_route_lookup_table(t->s, 0x20000001u + (i << 8), &r), 0);
		assert_int_equal(r.gw, 0x0a000000u + i);
	}
	assert_int_equal(ik_stack_route_count(t->s), 70002);
	ikt_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(route_api),
		cmocka_unit_test(route_types_lookup),
		cmocka_unit_test(route_types_sendto),
		cmocka_unit_test(route_memo_invalidated),
		cmocka_unit_test(route_learned_cap),
		cmocka_unit_test(route_learned_many),
		cmocka_unit_test(route_full_and_mem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
