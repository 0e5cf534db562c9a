// SPDX-License-Identifier: MIT
/*
 * test_stack_ipid.c - the IP Identification is per flow and unpredictable
 * (issue 13 item 8; RFC 7739 §5; Linux ip_idents): two observers of the
 * stack cannot learn each other's traffic from the IDs they see, one
 * destination's IDs do not repeat within the reassembly window, fragments
 * of one datagram share its ID.
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

#define OBS_A IKT_B /* observer A: 192.0.2.2 */
#define OBS_B IKT_C /* observer B: 192.0.2.3 */

static uint8_t pkt[70000];

/**
 * echo_id() - A (or anyone) pings the stack at @now; the ID of the reply
 * @t: harness; @from: the pinger; @seq: sequence; @now: time
 *
 * Return: the reply's IP ID.
 */
static uint16_t echo_id(struct ikt *t, uint32_t from, uint16_t seq, uint64_t now)
{
	size_t n = ikt_echo(pkt, IK_ICMP_ECHO, from, IKT_A, 7, seq, "probe", 5);
	struct ik_ipv4_repr ip;
	size_t before = t->cap.n;

	assert_int_equal(ikt_input(t, pkt, n, now), 0);
	assert_int_equal(t->cap.n, before + 1);
	assert_int_equal(ikt_parse(t, before, &ip, NULL), 0);
	assert_int_equal(ip.dst, from);
	return ip.ident;
}

/**
 * lcg() - the test's own random numbers (never the stack's)
 * @x: state
 *
 * Return: 32 bits.
 */
static uint32_t lcg(uint64_t *x)
{
	*x = *x * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(*x >> 33);
}

#define PROBES 40

/**
 * observe() - A's view: PROBES pings at irregular times; between two of
 * them B gets @b_per_gap datagrams (echo replies and UDP from a socket)
 * @seed: stack seed; @b_per_gap: datagrams to B per gap; @ids: A's IDs out;
 * @same_bucket: set when A's and B's flows share an ID counter
 */
static void observe_b(uint64_t seed, uint32_t obs_b, unsigned b_per_gap, uint16_t *ids,
		      bool *same_bucket)
{
	/* small pools: 600 stacks are made */
	struct ik_stack_config cfg = { .seed = seed, .max_socks = 4, .rx_pool = 1u << 16 };
	struct ikt *t = ikt_new(&cfg);
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	uint64_t now = T0, r = 12345; /* the same times in both worlds */

	assert_true(fd >= 0);
	assert_int_equal(ik_stack_add_route(t->s, 0x0a000000u, 8, IKT_GW, t->ifindex), 0);
	*same_bucket = ik_ipid_bucket(t->s, OBS_A, IKT_A, IK_IPPROTO_ICMP) ==
			       ik_ipid_bucket(t->s, obs_b, IKT_A, IK_IPPROTO_ICMP) ||
		       ik_ipid_bucket(t->s, OBS_A, IKT_A, IK_IPPROTO_ICMP) ==
			       ik_ipid_bucket(t->s, obs_b, IKT_A, IK_IPPROTO_UDP);
	for (unsigned k = 0; k < PROBES; k++) {
		ids[k] = echo_id(t, OBS_A, (uint16_t)k, now);
		ikt_clear(t);
		for (unsigned j = 0; j < b_per_gap; j++) {
			uint64_t at = now + 1 + (uint64_t)j * 3 * MS / b_per_gap;

			if (j & 1)
				(void)echo_id(t, obs_b, (uint16_t)j, at);
			else
				assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, obs_b, 9, at), 1);
		}
		ikt_clear(t);
		now += 3 * MS + (lcg(&r) % 50) * MS; /* 3-53 ms */
	}
	ikt_free(t);
}

/**
 * observe() - observe_b() with B at 192.0.2.3
 * @seed, @b_per_gap, @ids, @same_bucket: as observe_b()
 */
static void observe(uint64_t seed, unsigned b_per_gap, uint16_t *ids, bool *same_bucket)
{
	observe_b(seed, OBS_B, b_per_gap, ids, same_bucket);
}

/* Two observers: A's IDs are exactly the same whether B got no datagram or
 * 25 in every gap between A's probes (1000 in all), for every seed whose
 * flows A and B fall into different counters; they differ only when A's
 * and B's flows share a counter (1 in 2048 per pair of flows, as in Linux:
 * the residue RFC 7739 §5.3 accepts). With the old global counter A's
 * deltas were 1 + what B got, in every run. */
static void test_ipid_observers_independent(void **state)
{
	unsigned shared = 0, differ = 0;

	(void)state;
	for (uint64_t seed = 1; seed <= 300; seed++) {
		uint16_t quiet[PROBES], busy[PROBES];
		bool sb0, sb1;

		observe(seed, 0, quiet, &sb0);
		observe(seed, 25, busy, &sb1);
		assert_true(sb0 == sb1);
		shared += sb0;
		if (memcmp(quiet, busy, sizeof(quiet)))
			differ++;
		if (!sb0)
			assert_memory_equal(quiet, busy, sizeof(quiet));
	}
	/* 300 seeds x 2 flow pairs / 2048: about 0.3 expected */
	print_message("%u of 300 seeds: A's and B's flows share a counter\n", shared);
	assert_true(shared <= 3);
	assert_int_equal(differ, shared);
}

/* The test above can fail: a B whose ICMP flow shares A's counter (found
 * by searching 10/8 with the stack's own hash) shifts A's IDs by what B
 * got, as the old global counter did for every B */
static void test_ipid_shared_counter_leaks(void **state)
{
	struct ik_stack_config cfg = { .seed = 1, .max_socks = 4, .rx_pool = 1u << 16 };
	struct ikt *t = ikt_new(&cfg);
	uint16_t quiet[PROBES], busy[PROBES];
	uint32_t b = 0;
	bool sb;

	(void)state;
	for (uint32_t i = 1; i < 1000000 && !b; i++)
		if (ik_ipid_bucket(t->s, 0x0a000000u | i, IKT_A, IK_IPPROTO_ICMP) ==
		    ik_ipid_bucket(t->s, OBS_A, IKT_A, IK_IPPROTO_ICMP))
			b = 0x0a000000u | i;
	ikt_free(t);
	assert_true(b != 0);
	observe_b(1, b, 0, quiet, &sb);
	assert_true(sb);
	observe_b(1, b, 25, busy, &sb);
	assert_memory_not_equal(quiet, busy, sizeof(quiet));
	/* the very first probe is before B got anything; after that A's IDs
	 * run ahead by about B's ICMP datagrams so far (12 of each 25), not
	 * exactly: B's use moves the counter's stamp, which shortens A's next
	 * jump (measured: 12 per gap less 1.4) */
	assert_int_equal(quiet[0], busy[0]);
	assert_in_range((uint16_t)(busy[PROBES - 1] - quiet[PROBES - 1]), 6 * (PROBES - 1),
			18 * (PROBES - 1));
}

/* A's consecutive deltas are not "1 + the stack's other traffic" either:
 * they vary with the time between A's probes (the random jump), so they do
 * not even count A's own datagrams exactly; and they are the same whatever
 * B got (above) */
static void test_ipid_deltas_not_a_counter(void **state)
{
	uint16_t ids[PROBES];
	unsigned ones = 0;
	bool sb;

	(void)state;
	observe(7, 0, ids, &sb);
	for (unsigned k = 1; k < PROBES; k++)
		ones += (uint16_t)(ids[k] - ids[k - 1]) == 1;
	assert_true(ones < PROBES / 4);
}

/* The IDs of datagrams to many destinations at one instant are not one
 * sequence: with a global counter every step would be +1 */
static void test_ipid_not_global(void **state)
{
	struct ikt *t = ikt_new(NULL);
	uint16_t prev = 0;
	unsigned plus_one = 0;

	(void)state;
	for (unsigned i = 0; i < 200; i++) {
		uint16_t id = echo_id(t, 0xc0000210u + i, 1, T0);

		if (i && (uint16_t)(id - prev) == 1)
			plus_one++;
		prev = id;
		ikt_clear(t);
	}
	assert_true(plus_one <= 2);
	ikt_free(t);
}

/* One destination: inside one clock tick its IDs go up by one per datagram
 * (65536 in one millisecond: every value once), and over 30 s (ipfrag_time)
 * at irregular intervals 30,000 datagrams all carry different IDs, so
 * reassembly at the receiver cannot mix two datagrams (RFC 4963) */
static void test_ipid_no_repeat_window(void **state)
{
	static uint8_t seen[65536];
	struct ikt *t = ikt_new(NULL);
	uint64_t now = T0, r = 99;
	uint16_t first = echo_id(t, OBS_A, 0, now);

	(void)state;
	ikt_clear(t);
	for (unsigned i = 1; i < 65536; i++) {
		assert_int_equal(echo_id(t, OBS_A, (uint16_t)i, now), (uint16_t)(first + i));
		ikt_clear(t);
	}
	memset(seen, 0, sizeof(seen));
	now += 10 * SEC;
	for (unsigned i = 0; i < 30000; i++) {
		uint16_t id = echo_id(t, OBS_A, (uint16_t)i, now);

		assert_int_equal(seen[id], 0);
		seen[id] = 1;
		ikt_clear(t);
		now += (lcg(&r) % 2000) * 1000; /* 0-2 ms: 30 s in all */
	}
	assert_true(now - T0 - 10 * SEC > 29 * SEC);
	ikt_free(t);
}

/* Fragments of one datagram share its ID; the next datagram to the same
 * destination has another; the ID does not depend on which path (fast or
 * general) built the datagram */
static void test_ipid_fragments_share(void **state)
{
	struct ikt *t = ikt_new(NULL);
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	static uint8_t big[4000];
	struct ik_ipv4_repr ip;
	uint16_t id;

	(void)state;
	assert_int_equal(ik_sock_sendto(t->s, fd, big, sizeof(big), OBS_A, 9, T0), sizeof(big));
	assert_int_equal(t->cap.n, 3);
	assert_int_equal(ikt_parse(t, 0, &ip, NULL), 0);
	id = ip.ident;
	assert_true(ip.mf);
	for (size_t i = 1; i < 3; i++) {
		assert_int_equal(ikt_parse(t, i, &ip, NULL), 0);
		assert_int_equal(ip.ident, id);
	}
	assert_false(ip.mf);
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, OBS_A, 9, T0), 1);
	assert_int_equal(ikt_parse(t, 3, &ip, NULL), 0);
	assert_int_equal(ip.ident, (uint16_t)(id + 1));
	ikt_free(t);
}

/* The IDs come from a secret: other seeds, other IDs for the same flows */
static void test_ipid_seeded(void **state)
{
	uint16_t a[PROBES], b[PROBES];
	bool sb;

	(void)state;
	observe(1, 0, a, &sb);
	observe(2, 0, b, &sb);
	assert_memory_not_equal(a, b, sizeof(a));
	observe(1, 0, b, &sb);
	assert_memory_equal(a, b, sizeof(a)); /* and the same seed the same IDs */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipid_observers_independent),
		cmocka_unit_test(test_ipid_shared_counter_leaks),
		cmocka_unit_test(test_ipid_deltas_not_a_counter),
		cmocka_unit_test(test_ipid_not_global),
		cmocka_unit_test(test_ipid_no_repeat_window),
		cmocka_unit_test(test_ipid_fragments_share),
		cmocka_unit_test(test_ipid_seeded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
