// SPDX-License-Identifier: MIT
/*
 * test_stack_fwd6.c - the stack as an IPv6 router (ipv6_forwarding=1): a
 * datagram forwarded with its Hop Limit one less and nothing else changed;
 * Hop Limit 1 -> Time Exceeded code 0 from our address on the way back;
 * no route -> Destination Unreachable code 0, prohibit code 1, blackhole
 * silent; a link-local source -> code 2; larger than the next link's MTU
 * -> Packet Too Big with that MTU, never fragmented; the other extension
 * headers are not a router's business
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "harness.h"
#include "icmpkit/bytes.h"
#include "test6.h"

#define MS 1000000ull

/* eth1's side: 2001:db8:2::/64, MTU 1280 */
static const uint8_t R2[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 1 };
static const uint8_t D[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 2 };
static unsigned eth1;

static int setup(void **state)
{
	struct ikt *t = t6_new(NULL);
	int ifx = ik_stack_add_iface(t->s, "eth1", 0, 0, 1280);

	assert_true(ifx > 0);
	eth1 = (unsigned)ifx;
	assert_int_equal(ik_stack_add_addr6(t->s, eth1, R2, 64), 0);
	assert_int_equal(ik_stack_set(t->s, "ipv6_forwarding", 1), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	ikt_free(*state);
	return 0;
}

static void forwarded(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256];
	size_t n = t6_udp(p, T6_B, D, 1000, 53, "query", 5);

	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(t->cap.pkts[0].ifindex, eth1);
	assert_memory_equal(t->cap.pkts[0].next_hop6, D, 16);
	assert_int_equal(t->cap.pkts[0].len, n);
	assert_int_equal(t->cap.pkts[0].bytes[7], 63);
	p[7] = 63; /* the only change */
	assert_memory_equal(t->cap.pkts[0].bytes, p, n);
	assert_int_equal(T6MIB(t, IP6_OutForwDatagrams), 1);
	/* forwarding off: not ours, dropped */
	assert_int_equal(ik_stack_set(t->s, "ipv6_forwarding", 0), 0);
	assert_true(ikt_input(t, p, n, 2000) < 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(T6MIB(t, IP6_InAddrErrors), 1);
}

/* the traceroute lesson in IPv6: Hop Limit 1 expires here */
static void hop_limit(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256];
	struct t6_msg m;
	size_t n = t6_udp(p, T6_B, D, 1000, 33434, "probe", 5);

	p[7] = 1;
	t6_fix(p, n);
	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(t->cap.pkts[0].ifindex, t->ifindex);
	t6_parse(t, 0, &m);
	assert_memory_equal(m.src, T6_A, 16); /* our address on the way back */
	assert_memory_equal(m.dst, T6_B, 16);
	assert_int_equal(m.l4[0], 3);
	assert_int_equal(m.l4[1], 0);
	assert_memory_equal(m.l4 + 8, p, n);
	assert_true(m.sum_ok);
	assert_int_equal(T6MIB(t, IP6_InHdrErrors), 1);
	assert_int_equal(T6MIB(t, ICMP6_OutTimeExcds), 1);
	/* Hop Limit 0 too; 2 goes through with 1 */
	p[7] = 0;
	assert_true(ikt_input(t, p, n, 2000 * MS) < 0);
	assert_int_equal(t->cap.n, 2);
	p[7] = 2;
	assert_int_equal(ikt_input(t, p, n, 4000 * MS), 0);
	assert_int_equal(t->cap.n, 3);
	assert_int_equal(t->cap.pkts[2].bytes[7], 1);
}

static void no_route_and_route_types(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256];
	struct t6_msg m;
	struct ik_route6_spec r = { .dst = { 0x20, 0x01, 0x0d, 0xb8, 0, 0x99 }, .prefix = 32,
				    .type = IK_ROUTE_PROHIBIT };
	size_t n = t6_udp(p, T6_B, T6_FAR, 1000, 53, "q", 1);

	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_int_equal(m.l4[0], 1);
	assert_int_equal(m.l4[1], 0);
	assert_int_equal(T6MIB(t, IP6_InNoRoutes), 1);
	r.dst[5] = 0xff; /* 2001:db8:ff::/48 is T6_FAR's */
	r.prefix = 48;
	assert_int_equal(ik_stack_route6_add(t->s, &r), 0);
	assert_true(ikt_input(t, p, n, 2000 * MS) < 0);
	assert_int_equal(t->cap.n, 2);
	t6_parse(t, 1, &m);
	assert_int_equal(m.l4[1], 1);
	r.type = IK_ROUTE_BLACKHOLE;
	assert_int_equal(ik_stack_route6_add(t->s, &r), 0);
	assert_true(ikt_input(t, p, n, 4000 * MS) < 0);
	assert_int_equal(t->cap.n, 2);
}

/* a link-local source may not leave its link: code 2 */
static void beyond_scope(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256];
	struct t6_msg m;
	size_t n = t6_udp(p, T6_BLL, D, 1000, 53, "q", 1);

	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_int_equal(m.l4[0], 1);
	assert_int_equal(m.l4[1], 2);
	assert_memory_equal(m.dst, T6_BLL, 16);
	/* a link-local destination not ours is never forwarded */
	n = t6_udp(p, T6_B, (uint8_t[16]){ 0xfe, 0x80, [15] = 9 }, 1000, 53, "q", 1);
	assert_true(ikt_input(t, p, n, 2000 * MS) < 0);
	assert_int_equal(t->cap.n, 1);
}

/* RFC 8200 5: a router never fragments: Packet Too Big with the MTU */
static void too_big(void **state)
{
	struct ikt *t = *state;
	static uint8_t p[1500], data[1300];
	struct t6_msg m;
	size_t n = t6_udp(p, T6_B, D, 1000, 53, data, sizeof(data));

	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_int_equal(m.l4[0], 2);
	assert_int_equal(ik_get32(m.l4 + 4), 1280);
	assert_int_equal(t->cap.pkts[0].len, 1280);
	assert_int_equal(T6MIB(t, IP6_InTooBigErrors), 1);
	/* 1280 exactly goes through */
	n = t6_udp(p, T6_B, D, 1000, 53, data, 1280 - 48);
	assert_int_equal(ikt_input(t, p, n, 2000), 0);
	assert_int_equal(t->cap.n, 2);
	assert_int_equal(t->cap.pkts[1].ifindex, eth1);
}

/* a router reads Hop-by-Hop options only: an unknown Destination option
 * (action 10) is the destination's business and is forwarded; the same in
 * Hop-by-Hop is a Parameter Problem here */
static void only_hop_by_hop(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256], opt[8] = { 17, 0, 0x9e, 0, 1, 2, 0, 0 };
	uint8_t u[12] = { 0x03, 0xe8, 0, 53, 0, 12, 0, 0, 'a', 'b', 'c', 'd' };
	struct t6_msg m;
	size_t n = t6_build(p, T6_B, D, 60, opt, sizeof(opt), u, sizeof(u));

	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(t->cap.pkts[0].ifindex, eth1);
	n = t6_build(p, T6_B, D, 0, opt, sizeof(opt), u, sizeof(u));
	assert_true(ikt_input(t, p, n, 2000) < 0);
	assert_int_equal(t->cap.n, 2);
	t6_parse(t, 1, &m);
	assert_int_equal(m.l4[0], 4);
	assert_int_equal(m.l4[1], 2);
	assert_int_equal(ik_get32(m.l4 + 4), 42);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(forwarded, setup, teardown),
		cmocka_unit_test_setup_teardown(hop_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(no_route_and_route_types, setup, teardown),
		cmocka_unit_test_setup_teardown(beyond_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(too_big, setup, teardown),
		cmocka_unit_test_setup_teardown(only_hop_by_hop, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
