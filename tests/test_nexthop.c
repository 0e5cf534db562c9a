// SPDX-License-Identifier: MIT
/* test_nexthop.c - the shared next hops (nexthop.c) against a reference,
 * and the Redirect-learned set (learned.c): its order, stale entries, cap */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "icmpkit/err.h"
#include "icmpkit/stack.h"
#include "stack/internal.h"
#include "stack/ip/learned.h"
#include "stack/ip/nexthop.h"

#define NKEY 3000u

/**
 * key() - next hop number @k: distinct (type, gw, ifindex) for each @k
 * @k: 0..NKEY-1
 * Return: the next hop.
 */
static struct ik_nh key(unsigned k)
{
	struct ik_nh nh = { .type = (uint8_t)(k % 4), .gw = 0xc0000000u + k / 8,
			    .ifindex = k / 4 % 2 + 1, .src = k, .mtu = 1500 };

	return nh;
}

/* the same next hop twice is one entry with two references; the last
 * reference frees its id, which the next new one takes */
static void nh_shared(void **state)
{
	(void)state;
	struct ik_nh_tab t;
	struct ik_nh a = key(1), b = key(2), a2 = key(1);
	uint32_t ia, ib;

	assert_int_equal(ik_nh_init(&t, 8), 0);
	a2.src = 99; /* not part of the key */
	ia = ik_nh_get(&t, &a);
	assert_int_equal(ik_nh_get(&t, &a2), ia);
	assert_int_equal(t.refs[ia], 2);
	assert_int_equal(t.nh[ia].src, a.src);
	ib = ik_nh_get(&t, &b);
	assert_int_not_equal(ia, ib);
	assert_int_equal(t.n, 2);
	ik_nh_put(&t, ia);
	assert_int_equal(t.n, 2);
	ik_nh_put(&t, ia);
	assert_int_equal(t.n, 1);
	assert_int_equal(ik_nh_get(&t, &(struct ik_nh){ .gw = 7, .ifindex = 1 }), ia);
	assert_int_equal(ik_nh_get(&t, &b), ib);
	assert_int_equal(t.refs[ib], 2);
	ik_nh_free(&t);
}

/* a table of 3 takes 3 distinct next hops, not 4; one freed makes room */
static void nh_full(void **state)
{
	(void)state;
	struct ik_nh_tab t;
	struct ik_nh k[4] = { key(0), key(1), key(2), key(3) };
	uint32_t id[3];

	assert_int_equal(ik_nh_init(&t, 3), 0);
	for (unsigned i = 0; i < 3; i++)
		id[i] = ik_nh_get(&t, &k[i]);
	assert_int_equal(ik_nh_get(&t, &k[3]), IK_NH_NONE);
	assert_int_equal(ik_nh_get(&t, &k[1]), id[1]); /* a live one still can */
	ik_nh_put(&t, id[0]);
	assert_int_not_equal(ik_nh_get(&t, &k[3]), IK_NH_NONE);
	ik_nh_free(&t);
}

/* thousands of next hops in and out at random (the hash grows, deletes
 * shift back): every live one is found with its id, counts stay right */
static void nh_random(void **state)
{
	(void)state;
	static uint32_t id[NKEY], refs[NKEY];
	struct ik_nh_tab t;
	uint64_t x = 12345;
	unsigned live = 0;

	memset(refs, 0, sizeof(refs));
	assert_int_equal(ik_nh_init(&t, NKEY), 0);
	for (unsigned step = 0; step < 40000; step++) {
		unsigned k;

		x = x * 6364136223846793005ull + 1442695040888963407ull;
		k = (unsigned)(x >> 33) % NKEY;
		if ((x >> 20) & 1 || !refs[k]) {
			struct ik_nh want = key(k);
			uint32_t got = ik_nh_get(&t, &want);

			if (refs[k])
				assert_int_equal(got, id[k]);
			else
				live++;
			id[k] = got;
			refs[k]++;
		} else {
			ik_nh_put(&t, id[k]);
			if (!--refs[k])
				live--;
		}
		assert_int_equal(t.n, live);
	}
	for (unsigned k = 0; k < NKEY; k++) {
		if (!refs[k])
			continue;
		assert_int_equal(t.refs[id[k]], refs[k]);
		assert_int_equal(t.nh[id[k]].gw, key(k).gw);
		assert_int_equal(t.nh[id[k]].type, key(k).type);
	}
	assert_true(ik_nh_mem(&t) >= (size_t)t.n * sizeof(struct ik_nh));
	ik_nh_free(&t);
}

/* learned routes come back oldest first; forgotten and relearned ones are
 * stale in the FIFO and skipped; the FIFO compacts when full */
static void learned_order(void **state)
{
	(void)state;
	struct ik_learned_set l;
	uint32_t dst, seq = 0;

	assert_int_equal(ik_learned_init(&l, 4), 0);
	for (uint32_t d = 1; d <= 4; d++)
		ik_learned_add(&l, d, ++seq);
	assert_int_equal(l.n, 4);
	assert_int_equal(ik_learned_seq(&l, 3), 3);
	assert_int_equal(ik_learned_seq(&l, 9), 0);
	assert_true(ik_learned_forget(&l, 1));
	assert_false(ik_learned_forget(&l, 1));
	assert_true(ik_learned_forget(&l, 2)); /* relearned: now the newest */
	ik_learned_add(&l, 2, ++seq);
	assert_true(ik_learned_oldest(&l, &dst));
	assert_int_equal(dst, 3);
	assert_true(ik_learned_forget(&l, 3));
	/* the oldest out, a new one in, forty times */
	for (uint32_t d = 100; d < 140; d++) {
		uint32_t old;

		assert_true(ik_learned_oldest(&l, &old));
		assert_true(ik_learned_forget(&l, old));
		ik_learned_add(&l, d, ++seq);
		assert_true(l.fifo_n <= 8);
	}
	assert_int_equal(l.n, 2);
	/* one route relearned again and again: its stale entries fill the
	 * FIFO, which compacts and keeps the other one first */
	for (unsigned i = 0; i < 20; i++) {
		assert_true(ik_learned_forget(&l, 139));
		ik_learned_add(&l, 139, ++seq);
		assert_true(l.fifo_n <= 8);
	}
	for (uint32_t d = 138; d < 140; d++) {
		assert_true(ik_learned_oldest(&l, &dst));
		assert_int_equal(dst, d);
		assert_true(ik_learned_forget(&l, dst));
	}
	assert_false(ik_learned_oldest(&l, &dst));
	assert_int_equal(l.n, 0);
	assert_true(ik_learned_mem(&l) > 0);
	ik_learned_free(&l);
}

/* in a stack, routes that share a next hop cost it once: a thousand routes
 * through one gateway hold no more memory than the FIB's, a thousand
 * through a thousand gateways hold a thousand entries more */
static void stack_shares(void **state)
{
	(void)state;
	struct ik_stack_config cfg = { .max_routes = 4096 };
	struct ik_stack *one = ik_stack_new(&cfg, NULL, NULL), *many = ik_stack_new(&cfg, NULL, NULL);
	size_t m_one, m_many;

	assert_non_null(one);
	assert_non_null(many);
	assert_int_equal(ik_stack_add_iface(one, "a", 0xc0000201u, 24, 1500), 1);
	assert_int_equal(ik_stack_add_iface(many, "a", 0xc0000201u, 24, 1500), 1);
	for (uint32_t i = 0; i < 1000; i++) {
		assert_int_equal(ik_stack_add_route(one, 0x0a000000u + (i << 8), 24, 0xc0000202u, 1), 0);
		assert_int_equal(ik_stack_add_route(many, 0x0a000000u + (i << 8), 24, 0xc0000300u + i, 1),
				 0);
	}
	m_one = ik_stack_route_mem(one);
	m_many = ik_stack_route_mem(many);
	assert_true(m_many >= m_one + 1000 * sizeof(struct ik_nh));
	for (uint32_t i = 0; i < 1000; i++)
		assert_int_equal(ik_stack_route_del(many, 0x0a000000u + (i << 8), 24), 0);
	assert_int_equal(ik_stack_route_count(many), 1);
	/* every id freed and taken again: no growth */
	for (uint32_t i = 0; i < 1000; i++)
		assert_int_equal(ik_stack_add_route(many, 0x0a000000u + (i << 8), 24, 0xc0000400u + i, 1),
				 0);
	assert_true(ik_stack_route_mem(many) <= m_many);
	ik_stack_free(one);
	ik_stack_free(many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nh_shared),
		cmocka_unit_test(nh_full),
		cmocka_unit_test(nh_random),
		cmocka_unit_test(learned_order),
		cmocka_unit_test(stack_shares),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
