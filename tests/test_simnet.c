// SPDX-License-Identifier: MIT
/* test_simnet.c - the simulated network: delivery, delay, loss, determinism */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icmpkit/simnet.h"
#include "icmpkit/sock.h"
#include "icmpkit/stack6.h"

#define A 0xc0000201u
#define B 0xc0000202u
#define C 0xc0000203u
#define MS 1000000ull

struct seen {
	unsigned sent, delivered, lost, nohost, filtered;
	uint64_t first_delivery;
	char to[8][8];
};

static void tap(void *ctx, const struct ik_simnet_pkt *p)
{
	struct seen *s = ctx;

	switch (p->ev) {
	case IK_SIMNET_SENT: s->sent++; break;
	case IK_SIMNET_DELIVERED:
		if (!s->delivered)
			s->first_delivery = p->now;
		if (s->delivered < 8)
			snprintf(s->to[s->delivered], sizeof(s->to[0]), "%s", p->to);
		s->delivered++;
		break;
	case IK_SIMNET_LOST: s->lost++; break;
	case IK_SIMNET_NO_HOST: s->nohost++; break;
	case IK_SIMNET_FILTERED: s->filtered++; break;
	}
}

/* A net with A and B (and optionally C) on one link. */
static struct ik_simnet *lan(uint64_t seed, uint64_t delay, unsigned loss, int three, int *na,
			     int *nb)
{
	struct ik_simnet *n = ik_simnet_new(seed);
	int l = ik_simnet_add_link(n, "lan", delay, loss);

	*na = ik_simnet_add_node(n, "A", NULL);
	*nb = ik_simnet_add_node(n, "B", NULL);
	assert_true(ik_simnet_attach(n, *na, l, A, 24, 1500) > 0);
	assert_true(ik_simnet_attach(n, *nb, l, B, 24, 1500) > 0);
	if (three) {
		int nc = ik_simnet_add_node(n, "C", NULL);

		assert_true(ik_simnet_attach(n, nc, l, C, 24, 1500) > 0);
	}
	return n;
}

/* UDP to a closed port on B: one datagram out, one ICMP error back. */
static void closed_port_exchange(struct ik_simnet *n, int na, int *err)
{
	struct ik_stack *sa = ik_simnet_stack(n, na);
	int fd = ik_sock_open(sa, IK_SOCK_UDP, 0);
	char buf[16];

	assert_int_equal(ik_sock_connect(sa, fd, B, 8080), 0);
	assert_int_equal(ik_sock_sendto(sa, fd, "x", 1, 0, 0, ik_simnet_now(n)), 1);
	ik_simnet_settle(n, 10 * MS);
	*err = (int)ik_sock_recvfrom(sa, fd, buf, sizeof(buf), NULL, NULL);
}

static void delivery_and_delay(void **state)
{
	struct seen s = { 0 };
	int na, nb, err;
	struct ik_simnet *n = lan(1, 3 * MS, 0, 0, &na, &nb);

	(void)state;
	ik_simnet_set_tap(n, tap, &s);
	closed_port_exchange(n, na, &err);
	assert_int_equal(err, -ECONNREFUSED);
	assert_int_equal(s.sent, 2);
	assert_int_equal(s.delivered, 2);
	assert_int_equal(s.first_delivery, 3 * MS); /* sent at 0, one delay later */
	assert_string_equal(s.to[0], "B");
	assert_string_equal(s.to[1], "A");
	assert_int_equal(ik_simnet_now(n), 6 * MS);
	ik_simnet_free(n);
}

/* IPv6 on the simulated link: the note's lessons end to end between two
 * stacks - Port Unreachable (Type 1 Code 4) makes ECONNREFUSED, and two
 * ping sockets get their own replies by Identifier; a multicast Echo
 * Request reaches both other nodes */
static void ipv6_end_to_end(void **state)
{
	static const uint8_t a6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x10 };
	static const uint8_t b6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x05 };
	static const uint8_t all[16] = { 0xff, 0x02, [15] = 1 };
	uint8_t req[12] = { 128, 0, 0, 0, 0, 0, 0, 1, 'p', 'i', 'n', 'g' }, buf[64];
	struct seen s = { 0 };
	struct ik_sock_err ee;
	int na, nb, fd, p1, p2;
	struct ik_simnet *n = lan(2, 1 * MS, 0, 1, &na, &nb);
	struct ik_stack *sa = ik_simnet_stack(n, na), *sb = ik_simnet_stack(n, nb);

	(void)state;
	assert_int_equal(ik_stack_add_addr6(sa, 1, a6, 64), 0);
	assert_int_equal(ik_stack_add_addr6(sb, 1, b6, 64), 0);
	assert_int_equal(ik_stack_add_addr6(ik_simnet_stack(n, 2), 1,
					    (uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 3 },
					    64), 0);
	ik_simnet_set_tap(n, tap, &s);
	fd = ik_sock_open(sa, IK_SOCK_UDP6, 0);
	assert_int_equal(ik_sock_connect6(sa, fd, b6, 8080), 0);
	assert_int_equal(ik_sock_sendto6(sa, fd, "hello", 5, NULL, 0, ik_simnet_now(n)), 5);
	ik_simnet_settle(n, 10 * MS);
	assert_int_equal(ik_sock_recvfrom6(sa, fd, buf, sizeof(buf), NULL, NULL), -ECONNREFUSED);
	assert_int_equal(ik_sock_recverr(sa, fd, &ee), 0);
	assert_int_equal(ee.type, 1);
	assert_int_equal(ee.code, 4);
	assert_memory_equal(ee.offender6, b6, 16);
	assert_string_equal(s.to[0], "B");
	assert_string_equal(s.to[1], "A");
	/* two pings at once: each socket gets its own reply */
	p1 = ik_sock_open(sa, IK_SOCK_PING6, 0);
	p2 = ik_sock_open(sa, IK_SOCK_PING6, 0);
	assert_int_equal(ik_sock_sendto6(sa, p1, req, sizeof(req), b6, 0, ik_simnet_now(n)), 12);
	assert_int_equal(ik_sock_sendto6(sa, p2, req, sizeof(req), b6, 0, ik_simnet_now(n)), 12);
	ik_simnet_settle(n, 10 * MS);
	assert_int_equal(ik_sock_pending(sa, p1), 1);
	assert_int_equal(ik_sock_pending(sa, p2), 1);
	/* to all-nodes: B and C both answer */
	s.delivered = 0;
	assert_int_equal(ik_sock_sendto6(sa, p1, req, sizeof(req), all, 0, ik_simnet_now(n)), 12);
	ik_simnet_settle(n, 10 * MS);
	assert_int_equal(ik_sock_pending(sa, p1), 3);
	assert_int_equal(s.delivered, 4); /* to B and C, two replies back */
	(void)sb;
	ik_simnet_free(n);
}

/* traceroute in IPv6 through a router on the simulated network: Hop Limit 1
 * expires at R (Time Exceeded from R, in H's error queue), 2 reaches D,
 * whose Port Unreachable ends it; a datagram too big for R's far link draws
 * Packet Too Big and H's path MTU drops */
static void ipv6_traceroute(void **state)
{
	static const uint8_t h6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2 };
	static const uint8_t r1[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1 };
	static const uint8_t r2[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 1 };
	static const uint8_t d6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 2 };
	static uint8_t big[1400];
	struct ik_simnet *n = ik_simnet_new(3);
	int l1 = ik_simnet_add_link(n, "l1", MS, 0), l2 = ik_simnet_add_link(n, "l2", MS, 0);
	int h = ik_simnet_add_node(n, "H", NULL), r = ik_simnet_add_node(n, "R", NULL);
	int d = ik_simnet_add_node(n, "D", NULL);
	struct ik_stack *sh = ik_simnet_stack(n, h), *sr = ik_simnet_stack(n, r);
	struct ik_stack *sd = ik_simnet_stack(n, d);
	struct ik_route6_spec def = { .prefix = 0, .ifindex = 1 };
	struct ik_sock_err ee;
	char buf[8];
	int fd;

	(void)state;
	assert_true(ik_simnet_attach(n, h, l1, 0, 0, 1500) > 0);
	assert_true(ik_simnet_attach(n, r, l1, 0, 0, 1500) > 0);
	assert_true(ik_simnet_attach(n, r, l2, 0, 0, 1280) > 0);
	assert_true(ik_simnet_attach(n, d, l2, 0, 0, 1280) > 0);
	assert_int_equal(ik_stack_add_addr6(sh, 1, h6, 64), 0);
	assert_int_equal(ik_stack_add_addr6(sr, 1, r1, 64), 0);
	assert_int_equal(ik_stack_add_addr6(sr, 2, r2, 64), 0);
	assert_int_equal(ik_stack_add_addr6(sd, 1, d6, 64), 0);
	memcpy(def.gw, r1, 16);
	assert_int_equal(ik_stack_route6_add(sh, &def), 0);
	memcpy(def.gw, r2, 16);
	assert_int_equal(ik_stack_route6_add(sd, &def), 0);
	assert_int_equal(ik_stack_set(sr, "ipv6_forwarding", 1), 0);

	fd = ik_sock_open(sh, IK_SOCK_UDP6, 0);
	assert_int_equal(ik_sock_setopt(sh, fd, IK_SO_TTL, 1), 0);
	assert_int_equal(ik_sock_sendto6(sh, fd, "p1", 2, d6, 33434, ik_simnet_now(n)), 2);
	ik_simnet_settle(n, 10 * MS);
	assert_int_equal(ik_sock_recverr(sh, fd, &ee), 0);
	assert_int_equal(ee.type, 3);
	assert_int_equal(ee.code, 0);
	assert_memory_equal(ee.offender6, r1, 16);
	assert_int_equal(ee.dport, 33434);
	assert_int_equal(ik_sock_setopt(sh, fd, IK_SO_TTL, 2), 0);
	assert_int_equal(ik_sock_sendto6(sh, fd, "p2", 2, d6, 33435, ik_simnet_now(n)), 2);
	ik_simnet_settle(n, 10 * MS);
	assert_int_equal(ik_sock_recverr(sh, fd, &ee), 0);
	assert_int_equal(ee.type, 1);
	assert_int_equal(ee.code, 4);
	assert_memory_equal(ee.offender6, d6, 16);
	assert_int_equal(ee.err, ECONNREFUSED);
	assert_int_equal(ik_sock_recvfrom6(sh, fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	/* too big for l2: Packet Too Big from R, the path MTU 1280 at H */
	assert_int_equal(ik_sock_setopt(sh, fd, IK_SO_TTL, 64), 0);
	assert_int_equal(ik_sock_sendto6(sh, fd, big, sizeof(big), d6, 9, ik_simnet_now(n)),
			 (int)sizeof(big));
	ik_simnet_settle(n, 10 * MS);
	assert_int_equal(ik_pmtu6_get(sh, d6), 1280);
	assert_int_equal(ik_sock_recverr(sh, fd, &ee), 0);
	assert_int_equal(ee.type, 2);
	assert_int_equal(ee.info, 1280);
	/* the retry leaves in fragments that fit, and D answers it */
	assert_int_equal(ik_sock_sendto6(sh, fd, big, sizeof(big), d6, 9, ik_simnet_now(n)),
			 (int)sizeof(big));
	ik_simnet_settle(n, 10 * MS);
	assert_int_equal(ik_sock_recverr(sh, fd, &ee), 0);
	assert_int_equal(ee.type, 1);
	assert_int_equal(ee.code, 4);
	ik_simnet_free(n);
}

static void total_loss(void **state)
{
	struct seen s = { 0 };
	int na, nb, err;
	struct ik_simnet *n = lan(2, MS, 1000000, 0, &na, &nb);

	(void)state;
	ik_simnet_set_tap(n, tap, &s);
	closed_port_exchange(n, na, &err);
	assert_int_equal(err, -EAGAIN); /* nothing came back */
	assert_int_equal(s.sent, 1);
	assert_int_equal(s.lost, 1);
	assert_int_equal(s.delivered, 0);
	ik_simnet_free(n);
}

/* Partial loss is decided by the seed: the same seed loses the same packets. */
static unsigned lossy_run(uint64_t seed)
{
	struct seen s = { 0 };
	int na, nb;
	struct ik_simnet *n = lan(seed, MS, 300000, 0, &na, &nb);
	struct ik_stack *sa = ik_simnet_stack(n, na);
	int fd = ik_sock_open(sa, IK_SOCK_PING, 0);
	unsigned pattern = 0;

	ik_simnet_set_tap(n, tap, &s);
	for (int i = 0; i < 24; i++) {
		uint8_t req[8] = { 8, 0, 0, 0, 0, 0, 0, (uint8_t)i };
		uint8_t rep[64];

		assert_int_equal(ik_sock_sendto(sa, fd, req, sizeof(req), B, 0, ik_simnet_now(n)), 8);
		ik_simnet_settle(n, 10 * MS);
		if (ik_sock_recvfrom(sa, fd, rep, sizeof(rep), NULL, NULL) > 0)
			pattern |= 1u << i;
	}
	ik_simnet_free(n);
	return pattern;
}

static void loss_is_seeded(void **state)
{
	unsigned p1 = lossy_run(7), p2 = lossy_run(7);
	int got = __builtin_popcount(p1);

	(void)state;
	assert_int_equal(p1, p2);
	/* 30% loss each way: about half the round trips survive, not none, not all */
	assert_true(got > 3 && got < 21);
}

static void broadcast_reaches_all(void **state)
{
	struct seen s = { 0 };
	int na, nb;
	struct ik_simnet *n = lan(3, MS, 0, 1, &na, &nb);
	uint8_t pkt[28] = { 0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 0xc0, 0, 2, 9,
			    0xc0, 0, 2, 0xff, 0, 9, 0, 9, 0, 8, 0, 0 };
	uint32_t sum = 0;

	(void)state;
	for (int i = 0; i < 20; i += 2)
		sum += (uint32_t)pkt[i] << 8 | pkt[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	pkt[10] = (uint8_t)(~sum >> 8);
	pkt[11] = (uint8_t)~sum;
	ik_simnet_set_tap(n, tap, &s);
	assert_int_equal(ik_simnet_inject(n, 0, pkt, sizeof(pkt), 0), 0);
	ik_simnet_settle(n, 10 * MS);
	assert_int_equal(s.delivered, 3); /* A, B and C: directed broadcast */
	assert_int_equal(s.sent, 1);      /* and none answers a broadcast (G2) */
	ik_simnet_free(n);
}

static void no_host(void **state)
{
	struct seen s = { 0 };
	int na, nb;
	struct ik_simnet *n = lan(4, MS, 0, 0, &na, &nb);
	struct ik_stack *sa;
	int fd;

	(void)state;
	ik_simnet_set_tap(n, tap, &s);
	sa = ik_simnet_stack(n, na);
	fd = ik_sock_open(sa, IK_SOCK_UDP, 0);
	assert_int_equal(ik_sock_sendto(sa, fd, "x", 1, 0xc0000263u, 9, 0), 1);
	assert_int_equal(s.nohost, 1);
	ik_simnet_free(n);
}

static long file_bytes(const char *path, unsigned char *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	assert_non_null(f);
	n = fread(buf, 1, cap, f);
	fclose(f);
	return (long)n;
}

/* The same scenario gives the same packets, byte for byte (issue 3 item 9). */
/**
 * drop_icmp_from_b() - a filter: ICMP sent by node B is dropped on the wire
 * @ctx: counts what it was asked; @p: the packet
 *
 * Return: true for ICMP from B.
 */
static bool drop_icmp_from_b(void *ctx, const struct ik_simnet_pkt *p)
{
	unsigned *asked = ctx;

	(*asked)++;
	assert_int_equal(p->ev, IK_SIMNET_SENT);
	assert_string_equal(p->link, "lan");
	return !strcmp(p->from, "B") && p->len > 9 && p->pkt[9] == 1;
}

/* The filter drops B's Port Unreachable: A never hears of it. */
static void filter_drops(void **state)
{
	struct seen s = { 0 };
	unsigned asked = 0;
	int na, nb, err;
	struct ik_simnet *n = lan(4, MS, 0, 0, &na, &nb);

	(void)state;
	ik_simnet_set_tap(n, tap, &s);
	ik_simnet_set_filter(n, drop_icmp_from_b, &asked);
	closed_port_exchange(n, na, &err);
	assert_int_equal(err, -EAGAIN);
	assert_int_equal(asked, 2);
	assert_int_equal(s.sent, 2);
	assert_int_equal(s.filtered, 1);
	assert_int_equal(s.delivered, 1);
	ik_simnet_set_filter(n, NULL, NULL);
	closed_port_exchange(n, na, &err);
	assert_int_equal(err, -ECONNREFUSED);
	assert_int_equal(asked, 2);
	ik_simnet_free(n);
}

static void deterministic_pcap(void **state)
{
	static unsigned char b1[1 << 16], b2[1 << 16];
	char p1[] = "/tmp/ik-simnet-XXXXXX", p2[] = "/tmp/ik-simnet-XXXXXX";
	char err[256];
	long n1, n2;

	(void)state;
	close(mkstemp(p1));
	close(mkstemp(p2));
	for (int run = 0; run < 2; run++) {
		int na, nb, e;
		struct ik_simnet *n = lan(42, MS, 0, 0, &na, &nb);

		assert_int_equal(ik_simnet_pcap(n, run ? p2 : p1, err), 0);
		closed_port_exchange(n, na, &e);
		assert_int_equal(e, -ECONNREFUSED);
		ik_simnet_free(n);
	}
	n1 = file_bytes(p1, b1, sizeof(b1));
	n2 = file_bytes(p2, b2, sizeof(b2));
	unlink(p1);
	unlink(p2);
	assert_true(n1 > 24 + 2 * 16 + 28 + 56);
	assert_int_equal(n1, n2);
	assert_memory_equal(b1, b2, (size_t)n1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(delivery_and_delay),
		cmocka_unit_test(total_loss),
		cmocka_unit_test(loss_is_seeded),
		cmocka_unit_test(broadcast_reaches_all),
		cmocka_unit_test(no_host),
		cmocka_unit_test(deterministic_pcap),
		cmocka_unit_test(filter_drops),
		cmocka_unit_test(ipv6_end_to_end),
		cmocka_unit_test(ipv6_traceroute),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
