// SPDX-License-Identifier: MIT
/*
 * test_stack_pmtu.c - the path MTU cache: CONFORMANCE R5 (Frag Needed
 * lowers the path MTU, never raises it, never below min_pmtu 552, locked
 * there as Linux), the RFC 1191 §7 plateau for routers that give no MTU,
 * expiry after 10 minutes (Linux ip_rt_mtu_expires), replacement when the
 * cache is full, and what sockets send afterwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "harness.h"
#include "icmpkit/bytes.h"
#include "stack/sock/sock_priv.h"

#define S_NS 1000000000ull

static uint8_t pkt[70000];

/**
 * setup() - a fresh harness per test
 * @state: cmocka state
 * Return: 0.
 */
static int setup(void **state)
{
	*state = ikt_new(NULL);
	return 0;
}

/**
 * teardown() - free it
 * @state: cmocka state
 * Return: 0.
 */
static int teardown(void **state)
{
	ikt_free(*state);
	return 0;
}

/* R5: lower only, never raise, floor min_pmtu (552) and locked there */
static void test_r5_lower_never_raise_floor(void **state)
{
	struct ikt *t = *state;
	struct ik_stack *s = t->s;

	assert_int_equal(ik_pmtu_get(s, IKT_FAR), 1500);   /* the route's MTU */
	assert_int_equal(ik_pmtu_get(s, 0x0a000001u), 0);  /* no route */
	assert_int_equal(ik_pmtu_update(s, IKT_FAR, 1400, 0), 1400);
	assert_int_equal(ik_pmtu_get(s, IKT_FAR), 1400);
	assert_int_equal(ik_pmtu_update(s, IKT_FAR, 1450, 0), 1400); /* never raised */
	assert_int_equal(ik_pmtu_update(s, IKT_FAR, 9000, 0), 1400);
	assert_int_equal(ik_pmtu_get(s, IKT_FAR), 1400);
	assert_int_equal(ik_pmtu_update(s, IKT_FAR, 1000, 0), 1000);
	assert_int_equal(ik_pmtu_update(s, IKT_FAR, 300, 0), 552);   /* floor */
	assert_int_equal(ik_pmtu_get(s, IKT_FAR), 552);
	assert_int_equal(ik_pmtu_update(s, IKT_FAR, 68, 0), 552);    /* locked */
	assert_int_equal(ik_pmtu_update(s, IKT_FAR, 600, 0), 552);
	/* other destinations are untouched */
	assert_int_equal(ik_pmtu_get(s, IKT_B), 1500);
	assert_int_equal(ik_pmtu_get(s, 0xcb007102u), 1500);
	/* a report above the interface MTU teaches nothing */
	assert_int_equal(ik_pmtu_update(s, IKT_B, 1600, 0), 1500);
	assert_int_equal(ik_pmtu_update(s, IKT_B, 1500, 0), 1500);
	/* the floor follows the setting */
	assert_int_equal(ik_stack_set(s, "min_pmtu", 1000), 0);
	assert_int_equal(ik_pmtu_update(s, IKT_B, 900, 0), 1000);
}

/* R5 through the stack: a Frag Needed quoting our datagram */
static void test_r5_from_icmp(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	static uint8_t data[1400];
	size_t n;

	assert_int_equal(ik_sock_sendto(t->s, fd, data, sizeof(data), IKT_FAR, 9, 0), 1400);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ik_get16(t->cap.pkts[0].bytes + 6), 0x4000); /* DF */
	n = ikt_icmp_error(pkt, IKT_GW, IKT_A, 3, 4, 1200, t->cap.pkts[0].bytes, 28);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 1200);
	/* a later, larger report does not raise it */
	n = ikt_icmp_error(pkt, IKT_GW, IKT_A, 3, 4, 1400, t->cap.pkts[0].bytes, 28);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 1200);
	/* the same send now leaves in fragments of at most 1200, without DF */
	ikt_clear(t);
	/* (unconnected: no pending EMSGSIZE, only an error-queue entry) */
	assert_int_equal(ik_sock_sendto(t->s, fd, data, sizeof(data), IKT_FAR, 9, 0), 1400);
	assert_int_equal(t->cap.n, 2);
	for (size_t i = 0; i < t->cap.n; i++) {
		assert_true(t->cap.pkts[i].len <= 1200);
		assert_int_equal(ik_get16(t->cap.pkts[i].bytes + 6) & 0x4000, 0);
	}
	/* a small one still carries DF */
	ikt_clear(t);
	assert_int_equal(ik_sock_sendto(t->s, fd, data, 100, IKT_FAR, 9, 0), 100);
	assert_int_equal(ik_get16(t->cap.pkts[0].bytes + 6), 0x4000);
}

/* locked below min_pmtu: DF is no longer set towards that destination */
static void test_r5_locked_clears_df(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	bool locked = false;

	assert_int_equal(ik_pmtu_update(t->s, IKT_FAR, 200, 0), 552);
	assert_int_equal(ik_pmtu_lookup(t->s, IKT_FAR, 1500, &locked), 552);
	assert_true(locked);
	assert_int_equal(ik_sock_sendto(t->s, fd, "small", 5, IKT_FAR, 9, 0), 5);
	assert_int_equal(ik_get16(t->cap.pkts[0].bytes + 6) & 0x4000, 0);
	/* a destination that is not locked keeps DF */
	assert_int_equal(ik_sock_sendto(t->s, fd, "small", 5, IKT_B, 9, 0), 5);
	assert_int_equal(ik_get16(t->cap.pkts[1].bytes + 6), 0x4000);
}

/* RFC 1191 §7: the plateau table, used when a router reports MTU 0 */
static void test_plateau(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	static uint8_t data[1472];
	size_t n;

	assert_int_equal(ik_pmtu_plateau(65535), 32000);
	assert_int_equal(ik_pmtu_plateau(1500), 1492);
	assert_int_equal(ik_pmtu_plateau(1492), 1006);
	assert_int_equal(ik_pmtu_plateau(1006), 508);
	assert_int_equal(ik_pmtu_plateau(600), 508);
	assert_int_equal(ik_pmtu_plateau(300), 296);
	assert_int_equal(ik_pmtu_plateau(69), 68);
	assert_int_equal(ik_pmtu_plateau(68), 68);
	/* without the datagram's size, an MTU of 0 teaches nothing */
	assert_int_equal(ik_pmtu_update(t->s, IKT_FAR, 0, 0), 1500);
	/* with it: a 1500-octet datagram was too big -> 1492 */
	assert_int_equal(ik_sock_sendto(t->s, fd, data, sizeof(data), IKT_FAR, 9, 0), 1472);
	n = ikt_icmp_error(pkt, IKT_GW, IKT_A, 3, 4, 0, t->cap.pkts[0].bytes, 28);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 1492);
	/* the next plateau below 1006 is 508, under the floor: 552, locked */
	assert_int_equal(ik_pmtu_learn(t->s, IKT_FAR, 0, 1006, 0), 552);
}

/* entries are forgotten 10 minutes after they were learned */
static void test_expiry(void **state)
{
	struct ikt *t = *state;

	ik_stack_poll(t->s, 0);
	assert_int_equal(ik_pmtu_update(t->s, IKT_FAR, 1000, 0), 1000);
	ik_stack_poll(t->s, 599 * S_NS);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 1000);
	ik_stack_poll(t->s, 600 * S_NS);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 1500);
	/* and the slot learns again */
	assert_int_equal(ik_pmtu_update(t->s, IKT_FAR, 1300, 600 * S_NS), 1300);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 1300);
	/* a locked entry expires too */
	assert_int_equal(ik_pmtu_update(t->s, IKT_B, 100, 600 * S_NS), 552);
	ik_stack_poll(t->s, 1300 * S_NS);
	assert_int_equal(ik_pmtu_get(t->s, IKT_B), 1500);
	assert_int_equal(ik_pmtu_update(t->s, IKT_B, 1280, 1300 * S_NS), 1280);
}

/* a full cache replaces the entry closest to expiry; it never grows */
static void test_replacement(void **state)
{
	struct ik_stack_config c = { .pmtu_entries = 4 };
	struct ikt *t = ikt_new(&c);
	unsigned learned = 0;

	(void)state;
	for (uint32_t i = 0; i < 40; i++)
		assert_int_equal(ik_pmtu_update(t->s, 0xcb007100u + i, 1000 + i, i * S_NS),
				 1000 + i);
	for (uint32_t i = 0; i < 40; i++)
		learned += ik_pmtu_get(t->s, 0xcb007100u + i) < 1500;
	assert_true(learned >= 1 && learned <= 4);
	/* the newest is always there */
	assert_int_equal(ik_pmtu_get(t->s, 0xcb007100u + 39), 1039);
	ikt_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_r5_lower_never_raise_floor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r5_from_icmp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r5_locked_clears_df, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plateau, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
		cmocka_unit_test(test_replacement),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
