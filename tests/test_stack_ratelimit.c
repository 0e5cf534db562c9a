// SPDX-License-Identifier: MIT
/*
 * test_stack_ratelimit.c - the two-level ICMP rate limit on the virtual
 * clock (CONFORMANCE G13, issue 3 item 12): per-destination burst of 6 and
 * one per icmp_ratelimit after, the global bucket (burst 50, 1000/s) with
 * many destinations, its random cost (the CVE-2020-25705 probe), replies and
 * Frag Needed never limited, icmp_ratemask and icmp_ratelimit=0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "icmp_test.h"

#define MS 1000000ull
#define SEC 1000000000ull
#define T0 (100 * SEC)

static uint8_t pkt[2048];

/**
 * new_stack() - the harness plus a route to 10/8 (the many sources) via
 * the gateway
 * @cfg: pool sizes, NULL for defaults
 *
 * Return: the harness.
 */
static struct ikt *new_stack(const struct ik_stack_config *cfg)
{
	struct ikt *t = ikt_new(cfg);

	assert_int_equal(ik_stack_add_route(t->s, 0x0a000000u, 8, IKT_GW, t->ifindex), 0);
	return t;
}

/**
 * setup() - a fresh harness per test
 * @state: cmocka state
 *
 * Return: 0.
 */
static int setup(void **state)
{
	*state = new_stack(NULL);
	return 0;
}

/**
 * teardown() - free it
 * @state: cmocka state
 *
 * Return: 0.
 */
static int teardown(void **state)
{
	ikt_free(*state);
	return 0;
}

/**
 * host_n() - the @i-th of many distinct unicast sources (10.x.y.z)
 * @i: index
 *
 * Return: address.
 */
static uint32_t host_n(unsigned i)
{
	return 0x0a000000u | ((i + 1) & 0x00ffffffu);
}

/**
 * err_to() - ik_icmp_send_error(@type, @code) about a UDP datagram from
 * @src, at @now
 * @t: harness; @src: the datagram's source (the error's destination);
 * @type, @code: the error; @now: time
 *
 * Return: ik_icmp_send_error()'s result (0 sent, 1 limited/suppressed).
 */
static int err_to(struct ikt *t, uint32_t src, uint8_t type, uint8_t code, uint64_t now)
{
	size_t n = ikt_udp(pkt, src, IKT_A, 4000, 9, "rl", 2);
	struct ik_rx rx;

	ikt_rx_from(&rx, pkt, n, t->ifindex, IKT_A, now);
	return ik_icmp_send_error(t->s, &rx, type, code, code == 4 ? 1280 : 0);
}

/**
 * burst() - @count port unreachables to @src at @now
 * @t: harness; @src: destination of the errors; @count: attempts; @now: time
 *
 * Return: how many were sent.
 */
static unsigned burst(struct ikt *t, uint32_t src, unsigned count, uint64_t now)
{
	unsigned sent = 0;

	for (unsigned i = 0; i < count; i++)
		sent += err_to(t, src, 3, 3, now) == 0;
	return sent;
}

/* G13 per destination: a burst of 6, then one per icmp_ratelimit (1000 ms) */
static void test_g13_per_destination_burst_and_refill(void **state)
{
	struct ikt *t = *state;

	assert_int_equal(burst(t, IKT_B, 10, T0), 6);
	assert_int_equal(t->cap.n, 6);
	assert_int_equal(MIB(t, ICMP, OutRateLimitHost), 4);
	assert_int_equal(MIB(t, ICMP, OutRateLimitGlobal), 0);
	/* 999 ms later: still nothing */
	assert_int_equal(burst(t, IKT_B, 1, T0 + 999 * MS), 0);
	/* 1000 ms after the burst: exactly one */
	assert_int_equal(burst(t, IKT_B, 3, T0 + 1000 * MS), 1);
	/* and one per second after that */
	for (unsigned s = 2; s < 6; s++)
		assert_int_equal(burst(t, IKT_B, 3, T0 + s * SEC), 1);
	/* another destination is not affected */
	assert_int_equal(burst(t, IKT_C, 10, T0 + 5 * SEC), 6);
	/* a long pause fills the bucket again, up to 6, no more */
	assert_int_equal(burst(t, IKT_B, 20, T0 + 60 * SEC), 6);
	/* every error sent is a well formed 3/3 to B or C */
	for (size_t i = 0; i < t->cap.n; i++) {
		struct ik_ipv4_repr ip;
		struct ik_icmp_repr m;

		assert_int_equal(ikt_parse(t, i, &ip, &m), 0);
		assert_int_equal(m.type, 3);
		assert_true(ip.dst == IKT_B || ip.dst == IKT_C);
	}
}

/* G13: icmp_ratelimit sets the token time; 0 turns the per-destination
 * limit off (the global one still holds) */
static void test_g13_ratelimit_setting(void **state)
{
	struct ikt *t = *state;

	assert_int_equal(ik_stack_set(t->s, "icmp_ratelimit", 250), 0);
	assert_int_equal(burst(t, IKT_B, 10, T0), 6);
	assert_int_equal(burst(t, IKT_B, 10, T0 + 249 * MS), 0);
	assert_int_equal(burst(t, IKT_B, 10, T0 + 250 * MS), 1);
	assert_int_equal(burst(t, IKT_B, 10, T0 + 750 * MS), 2);
	/* off: 20 at once to one destination all go (20 < 50 / 2 so the
	 * global bucket cannot run dry whatever its random costs) */
	assert_int_equal(ik_stack_set(t->s, "icmp_ratelimit", 0), 0);
	assert_int_equal(burst(t, IKT_C, 20, T0 + 10 * SEC), 20);
	assert_int_equal(MIB(t, ICMP, OutRateLimitGlobal), 0);
}

/* G13: types outside icmp_ratemask are not limited */
static void test_g13_ratemask(void **state)
{
	struct ikt *t = *state;
	unsigned sent = 0;
	long mask;

	assert_int_equal(ik_stack_get(t->s, "icmp_ratemask", &mask), 0);
	assert_int_equal(mask, 0x1818);
	/* Time Exceeded (11) is in the default mask */
	for (unsigned i = 0; i < 10; i++)
		sent += err_to(t, IKT_B, 11, 0, T0) == 0;
	assert_int_equal(sent, 6);
	assert_int_equal(ik_stack_set(t->s, "icmp_ratemask", 0x1800), 0); /* no type 3 */
	assert_int_equal(burst(t, IKT_C, 20, T0), 20);
	assert_int_equal(MIB(t, ICMP, OutRateLimitHost), 4);
}

/* G13: Frag Needed is never limited, and does not use up anyone's budget */
static void test_g13_frag_needed_never_limited(void **state)
{
	struct ikt *t = *state;
	unsigned sent = 0;

	for (unsigned i = 0; i < 200; i++)
		sent += err_to(t, IKT_B, 3, 4, T0) == 0;
	assert_int_equal(sent, 200);
	assert_int_equal(t->cap.n, 200);
	assert_int_equal(MIB(t, ICMP, OutRateLimitHost), 0);
	assert_int_equal(MIB(t, ICMP, OutRateLimitGlobal), 0);
	/* B's bucket is still full */
	assert_int_equal(burst(t, IKT_B, 10, T0), 6);
}

/* G13: echo replies are never limited (end to end) */
static void test_g13_echo_replies_never_limited(void **state)
{
	struct ikt *t = *state;

	for (unsigned i = 0; i < 300; i++) {
		size_t n = ikt_echo(pkt, IK_ICMP_ECHO, IKT_B, IKT_A, 1, (uint16_t)i, "ping", 4);

		assert_int_equal(ikt_input(t, pkt, n, T0), 0);
	}
	assert_int_equal(t->cap.n, 300);
	assert_int_equal(MIB(t, ICMP, OutEchoReps), 300);
	assert_int_equal(MIB(t, ICMP, OutRateLimitHost), 0);
	assert_int_equal(MIB(t, ICMP, OutRateLimitGlobal), 0);
	/* nor do they use up the error budget of that destination */
	assert_int_equal(burst(t, IKT_B, 10, T0), 6);
}

/**
 * many_sources() - one port unreachable to each of @count distinct sources
 * starting at @first, all at @now
 * @t: harness; @first: first source index; @count: sources; @now: time
 *
 * Return: how many were sent.
 */
static unsigned many_sources(struct ikt *t, unsigned first, unsigned count, uint64_t now)
{
	unsigned sent = 0;

	for (unsigned i = 0; i < count; i++)
		sent += err_to(t, host_n(first + i), 3, 3, now) == 0;
	return sent;
}

/* G13 global: 200 destinations at one instant: about icmp_msgs_burst (50)
 * go out - at least 25 (every message costs at most 2), far fewer than 200 */
static void test_g13_global_burst(void **state)
{
	struct ikt *t = *state;
	unsigned sent = many_sources(t, 0, 200, T0);

	assert_in_range(sent, 25, 100);
	assert_int_equal(t->cap.n, sent);
	assert_int_equal(MIB(t, ICMP, OutRateLimitGlobal), 200 - sent);
	assert_int_equal(MIB(t, ICMP, OutRateLimitHost), 0);
	/* 10 ms later: no refill yet (Linux refills at most every 20 ms) */
	assert_int_equal(many_sources(t, 200, 50, T0 + 10 * MS), 0);
	/* one second later the bucket is full again, but no fuller */
	sent = many_sources(t, 300, 200, T0 + SEC);
	assert_in_range(sent, 25, 100);
}

/* G13 global: sustained, the rate is icmp_msgs_per_sec: 4000 attempts to
 * distinct destinations over 2 s, one every 0.5 ms, send about
 * 50 + 2 x 1000. (Refills come every 20 ms; a message is allowed while any
 * credit is left and then costs 0-2, so draining c credits takes a little
 * more than c messages: 2.25 for the 2 credits a 20 ms refill brings at
 * 100/s, so about 50 + 100 x 2.25 there.) */
static void test_g13_global_rate(void **state)
{
	struct ikt *t = *state;
	unsigned sent = 0;

	for (unsigned i = 0; i < 4000; i++)
		sent += err_to(t, host_n(i), 3, 3, T0 + (uint64_t)i * MS / 2) == 0;
	assert_in_range(sent, 1850, 2250);
	/* with icmp_msgs_per_sec 100: about a tenth of that */
	assert_int_equal(ik_stack_set(t->s, "icmp_msgs_per_sec", 100), 0);
	sent = 0;
	for (unsigned i = 0; i < 4000; i++)
		sent += err_to(t, host_n(10000 + i), 3, 3, T0 + 10 * SEC + (uint64_t)i * MS / 2) ==
			0;
	assert_in_range(sent, 200, 400);
}

/* G13 global: an idle bucket refills by at most one second's worth
 * (icmp_msgs_per_sec), however long the pause, even when icmp_msgs_burst
 * would hold more */
static void test_g13_global_refill_capped_at_one_second(void **state)
{
	struct ikt *t = *state;
	unsigned sent;

	assert_int_equal(ik_stack_set(t->s, "icmp_msgs_burst", 400), 0);
	assert_int_equal(ik_stack_set(t->s, "icmp_msgs_per_sec", 100), 0);
	sent = many_sources(t, 0, 1000, T0);
	assert_in_range(sent, 200, 800); /* the full 400-credit burst */
	assert_int_equal(many_sources(t, 1000, 10, T0), 0);
	/* 5 s idle: 100 credits, not 400 */
	sent = many_sources(t, 2000, 1000, T0 + 5 * SEC);
	assert_in_range(sent, 50, 200);
}

/* G13: the destination table is bounded (cfg.peers) and replaces the least
 * recently used destination */
static void test_g13_peer_table_lru(void **state)
{
	struct ik_stack_config cfg = { .peers = 4 };
	struct ikt *t = new_stack(&cfg);

	(void)state;
	assert_int_equal(burst(t, host_n(1), 10, T0), 6);
	/* three more destinations fill the table; the first is still known */
	for (unsigned i = 2; i <= 4; i++)
		assert_int_equal(burst(t, host_n(i), 1, T0), 1);
	assert_int_equal(burst(t, host_n(1), 1, T0), 0);
	/* now host 2 is the least recently used: a fifth takes its place */
	assert_int_equal(burst(t, host_n(5), 1, T0), 1);
	assert_int_equal(burst(t, host_n(1), 1, T0), 0);
	/* (use order now: 3, 4, 5, 1) three new ones push out 3, 4 and 5:
	 * host 1 is still known and still empty */
	for (unsigned i = 6; i <= 8; i++)
		assert_int_equal(burst(t, host_n(i), 1, T0), 1);
	assert_int_equal(burst(t, host_n(1), 1, T0), 0);
	/* (6, 7, 8, 1) four more push out host 1 too, which then starts over
	 * with a full bucket at the same instant */
	for (unsigned i = 9; i <= 12; i++)
		assert_int_equal(burst(t, host_n(i), 1, T0), 1);
	assert_int_equal(burst(t, host_n(1), 10, T0), 6);
	ikt_free(t);
}

/**
 * probe_counts() - the CVE-2020-25705 probe on one stack: @periods times,
 * a batch of 100 errors to 100 fresh sources at one instant, then a pause
 * for the bucket to refill
 * @seed: stack seed; @offset: start time; @out: count per period;
 * @periods: how many
 */
static void probe_counts(uint64_t seed, uint64_t offset, unsigned *out, unsigned periods)
{
	struct ik_stack_config cfg = { .seed = seed };
	struct ikt *t = new_stack(&cfg);

	for (unsigned p = 0; p < periods; p++)
		out[p] = many_sources(t, p * 1000, 100, offset + p * SEC);
	ikt_free(t);
}

/* G13, CVE-2020-25705: the global cost is random, so the number of errors
 * a batch gets back is not a fixed 50: across periods and across seeds and
 * time offsets the counts differ */
static void test_g13_cve_2020_25705_probe(void **state)
{
	unsigned counts[8][6];
	unsigned lo = ~0u, hi = 0;
	bool per_stack_varies = false;

	(void)state;
	for (unsigned k = 0; k < 8; k++) {
		probe_counts(1 + k * 7919, T0 + k * 123 * MS, counts[k], 6);
		for (unsigned p = 0; p < 6; p++) {
			assert_in_range(counts[k][p], 25, 100);
			lo = counts[k][p] < lo ? counts[k][p] : lo;
			hi = counts[k][p] > hi ? counts[k][p] : hi;
			if (counts[k][p] != counts[k][0])
				per_stack_varies = true;
		}
	}
	assert_true(lo < hi);
	assert_true(per_stack_varies);
	/* the same seed gives the same counts (determinism) */
	{
		unsigned again[6];

		probe_counts(1, T0, again, 6);
		assert_memory_equal(again, counts[0], sizeof(again));
	}
}

/* G13, CVE-2020-25705 end to end: UDP to closed ports from many sources */
static void test_g13_cve_probe_end_to_end(void **state)
{
	unsigned counts[5];

	(void)state;
	for (unsigned p = 0; p < 5; p++) {
		struct ik_stack_config cfg = { .seed = 1000 + p };
		struct ikt *t = new_stack(&cfg);

		for (unsigned i = 0; i < 100; i++) {
			size_t n = ikt_udp(pkt, host_n(i), IKT_A, 5353, (uint16_t)(20000 + i), "q", 1);

			ikt_input(t, pkt, n, T0 + p * 17 * MS);
		}
		counts[p] = (unsigned)t->cap.n;
		assert_in_range(counts[p], 25, 100);
		assert_int_equal(MIB(t, ICMP, OutRateLimitGlobal), 100 - counts[p]);
		ikt_free(t);
	}
	assert_true(counts[0] != counts[1] || counts[0] != counts[2] || counts[0] != counts[3] ||
		    counts[0] != counts[4]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_g13_per_destination_burst_and_refill, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_g13_ratelimit_setting, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g13_ratemask, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g13_frag_needed_never_limited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g13_echo_replies_never_limited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g13_global_burst, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g13_global_rate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g13_global_refill_capped_at_one_second, setup,
						teardown),
		cmocka_unit_test(test_g13_peer_table_lru),
		cmocka_unit_test(test_g13_cve_2020_25705_probe),
		cmocka_unit_test(test_g13_cve_probe_end_to_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
