// SPDX-License-Identifier: MIT
/*
 * test_stack_fast6.c - the IPv6 fast path (src/stack/ip6/fast6.c) does
 * exactly what the general path does.
 *
 * Every datagram goes to two stacks built alike with the same seed: one
 * made with no_fast_path (everything through ik_ip6_input()), the other
 * offered to ik_fast6_input() first, then, when it declines, to
 * ik_stack_input() as a driver would. After each datagram the two must
 * agree on the return code, every octet, interface and next hop of what
 * went out, and every counter (the whole struct ik_mib, the per-type
 * ICMPv6 tables included). Each shape also says whether the fast path must
 * take it, so a fast path that declines everything cannot pass, and one
 * that takes what it must not is caught by the general path's different
 * answer. The stacks are untraced: with a trace sink the fast path
 * declines (the general path says what it does), which the last case
 * checks, traces compared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/mib.h"
#include "icmpkit/sock.h"
#include "stack/internal.h"
#include "stack/ip6/fast6.h"
#include "test6.h"

#define MS 1000000ull

/* eth1: 2001:db8:2::1/64, MTU 1280 */
static const uint8_t T6_A2[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 1 };
static const uint8_t T6_B2[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 2, [15] = 2 };
/* a router on eth0, for 2001:db8:ee::/48 */
static const uint8_t T6_GWLL[16] = { 0xfe, 0x80, [15] = 0xfe };
static const uint8_t T6_FARNET[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0xee };

#define P_BOUND 7000 /* a UDP6 socket on both stacks */
#define P_SHUT  7100 /* nothing */

/** struct tlog - trace events, one line each */
struct tlog {
	char text[32768];
	size_t used;
};

/** struct pair - the general-path stack and the fast-path one */
struct pair {
	struct ikt *gen, *fast;
	struct tlog lg, lf;
	uint64_t now;
	unsigned taken;
};

/**
 * sink() - a trace sink writing each event as one line
 * @ctx: struct tlog; @ev: the event
 */
static void sink(void *ctx, const struct ik_event *ev)
{
	struct tlog *l = ctx;
	int k = snprintf(l->text + l->used, sizeof(l->text) - l->used, "%u %u %s if%u sock%d %zu | %s\n",
			 ev->layer, ev->kind, ev->what, ev->ifindex, ev->sock, ev->len, ev->why);

	if (k > 0 && (size_t)k < sizeof(l->text) - l->used)
		l->used += (size_t)k;
}

/**
 * side_new() - one stack of the pair: eth0 with 2001:db8:1::1/64 (and its
 * link-local address), eth1 2001:db8:2::1/64 with MTU 1280, a route to
 * 2001:db8:ee::/48 through a router's link-local address on eth0, a UDP6
 * socket on P_BOUND
 * @no_fast: the general path only
 *
 * Return: the harness.
 */
static struct ikt *side_new(bool no_fast)
{
	struct ik_stack_config cfg = { .seed = 42, .no_fast_path = no_fast };
	struct ikt *t = t6_new(&cfg);
	struct ik_route6_spec r = { .prefix = 48, .ifindex = 1 };
	int fd;

	assert_int_equal(ik_stack_add_iface(t->s, "eth1", 0xc6336401u, 24, 1280), 2);
	assert_int_equal(ik_stack_add_addr6(t->s, 2, T6_A2, 64), 0);
	memcpy(r.dst, T6_FARNET, 16);
	memcpy(r.gw, T6_GWLL, 16);
	assert_int_equal(ik_stack_route6_add(t->s, &r), 0);
	fd = ik_sock_open(t->s, IK_SOCK_UDP6, 0);
	assert_true(fd >= 0);
	assert_int_equal(ik_sock_bind6(t->s, fd, (const uint8_t[16]){ 0 }, P_BOUND), 0);
	return t;
}

/**
 * pair_new() - both stacks
 * Return: the pair.
 */
static struct pair *pair_new(void)
{
	struct pair *p = test_calloc(1, sizeof(*p));

	p->gen = side_new(true);
	p->fast = side_new(false);
	p->now = 1000 * MS;
	return p;
}

/**
 * pair_free() - free both stacks
 * @p: pair
 */
static void pair_free(struct pair *p)
{
	ikt_free(p->gen);
	ikt_free(p->fast);
	test_free(p);
}

/**
 * both_set() - a setting on both stacks
 * @p: pair; @name/@val: the setting
 */
static void both_set(struct pair *p, const char *name, long val)
{
	assert_int_equal(ik_stack_set(p->gen->s, name, val), 0);
	assert_int_equal(ik_stack_set(p->fast->s, name, val), 0);
}

/**
 * same_out() - both sent the same datagrams, to the same places
 * @p: pair
 */
static void same_out(const struct pair *p)
{
	const struct ikt_cap *g = &p->gen->cap, *f = &p->fast->cap;

	assert_int_equal(g->n, f->n);
	for (size_t i = 0; i < g->n; i++) {
		assert_int_equal(g->pkts[i].ifindex, f->pkts[i].ifindex);
		assert_memory_equal(g->pkts[i].next_hop6, f->pkts[i].next_hop6, 16);
		assert_int_equal(g->pkts[i].len, f->pkts[i].len);
		assert_memory_equal(g->pkts[i].bytes, f->pkts[i].bytes, g->pkts[i].len);
	}
}

/**
 * feed() - one datagram to both stacks, then compare everything
 * @p: pair; @ifindex: arrival interface; @pkt/@len: the datagram; @flags:
 * IK_RX_LINK_*; @take: whether the fast path must take it
 *
 * Return: the general path's return code.
 */
static int feed(struct pair *p, unsigned ifindex, const uint8_t *pkt, size_t len, unsigned flags,
		bool take)
{
	int rg, rf;

	p->now += MS;
	ikt_clear(p->gen);
	ikt_clear(p->fast);
	rg = ik_stack_input(p->gen->s, ifindex, pkt, len, flags, p->now);
	rf = ik_fast6_input(p->fast->s, ifindex, pkt, len, flags, p->now);
	if (take)
		assert_int_not_equal(rf, IK_FAST_MISS);
	else
		assert_int_equal(rf, IK_FAST_MISS);
	if (rf == IK_FAST_MISS)
		rf = ik_stack_input(p->fast->s, ifindex, pkt, len, flags, p->now);
	else
		p->taken++;
	assert_int_equal(rg, rf);
	same_out(p);
	assert_memory_equal(ik_stack_mib(p->gen->s), ik_stack_mib(p->fast->s), sizeof(struct ik_mib));
	return rg;
}

/**
 * set_sum() - a datagram's upper-layer checksum field set to @v
 * @b: the datagram (no extension header); @v: the value
 */
static void set_sum(uint8_t *b, uint16_t v)
{
	ik_put16(b + 40 + (b[6] == 58 ? 2 : 6), v);
}

/**
 * get_sum() - a datagram's upper-layer checksum field
 * @b: the datagram (no extension header)
 * Return: it.
 */
static uint16_t get_sum(const uint8_t *b)
{
	return ik_get16(b + 40 + (b[6] == 58 ? 2 : 6));
}

static uint8_t data[1500];

/* Echo Requests of every size the fast path takes: its replies, octet for
 * octet (the checksum derived, not summed again), Traffic Class echoed,
 * link padding cut, from a link-local source to the link-local address */
static void echo_taken(void **state)
{
	struct pair *p = pair_new();
	static const size_t sizes[] = { 0, 1, 56, 57, 1000, 1452 };
	uint8_t b[1600], a_ll[16];

	(void)state;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = t6_echo(b, T6_B, T6_A, 128, 0x4b1d, (uint16_t)i, data, sizes[i]);

		assert_int_equal(feed(p, 1, b, n, 0, true), 0);
		assert_int_equal(p->gen->cap.n, 1);
	}
	/* Traffic Class 0xb8 and a flow label: the class is echoed */
	size_t n = t6_echo(b, T6_B, T6_A, 128, 1, 2, data, 56);

	b[0] = 0x6b;
	b[1] = 0x81;
	b[2] = 0x23;
	assert_int_equal(feed(p, 1, b, n, 0, true), 0);
	/* link padding after the Payload Length: cut */
	memset(b + n, 0xee, 6);
	assert_int_equal(feed(p, 1, b, n + 6, 0, true), 0);
	/* link-local to link-local */
	assert_int_equal(ik_stack_iface_addr6(p->gen->s, 1, 0, a_ll, NULL), 0);
	n = t6_echo(b, T6_BLL, a_ll, 128, 9, 9, data, 32);
	assert_int_equal(feed(p, 1, b, n, 0, true), 0);
	/* from behind the router: the reply goes to its link-local address */
	uint8_t far[16];

	memcpy(far, T6_FARNET, 16);
	far[15] = 5;
	n = t6_echo(b, far, T6_A, 128, 9, 10, data, 32);
	assert_int_equal(feed(p, 1, b, n, 0, true), 0);
	assert_memory_equal(p->fast->cap.pkts[0].next_hop6, T6_GWLL, 16);
	/* eth1's own address, on eth1 */
	n = t6_echo(b, T6_B2, T6_A2, 128, 9, 11, data, 100);
	assert_int_equal(feed(p, 2, b, n, 0, true), 0);
	assert_true(p->taken >= 11);
	pair_free(p);
}

/* the checksum's two zeros: a request whose sum is 0x0000 is taken, the
 * same one carrying 0xffff is refused as the general path refuses it; a
 * reply whose checksum comes out 0x0000 is as the general path makes it */
static void echo_checksum_zeros(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[256];
	bool zero_req = false, zero_rep = false;

	(void)state;
	for (uint32_t seq = 0; seq < 65536 && !(zero_req && zero_rep); seq++) {
		size_t n = t6_echo(b, T6_B, T6_A, 128, 0x77, (uint16_t)seq, data, 20);
		uint16_t c = get_sum(b);

		if (c == 0 && !zero_req) {
			zero_req = true;
			assert_int_equal(feed(p, 1, b, n, 0, true), 0);
			set_sum(b, 0xffff);
			feed(p, 1, b, n, 0, false);
			assert_int_equal(p->gen->cap.n, 0);
		} else if (c == 0x0100 && !zero_rep) {
			/* the reply's sum is 0x0100 less: 0x0000 */
			zero_rep = true;
			assert_int_equal(feed(p, 1, b, n, 0, true), 0);
			assert_int_equal(p->gen->cap.n, 1);
			assert_int_equal(get_sum(p->gen->cap.pkts[0].bytes), 0);
		}
	}
	assert_true(zero_req && zero_rep);
	assert_int_equal(T6MIB(p->fast, ICMP6_InCsumErrors), 1);
	pair_free(p);
}

/* what the fast path leaves to the general path, answered (or not) the same */
static void echo_declined(void **state)
{
	struct pair *p = pair_new();
	static const uint8_t hbh[8] = { 58, 0, 1, 4, 0, 0, 0, 0 }; /* Hop-by-Hop, PadN */
	uint8_t b[1600], m[64] = { 128, 0, 0, 0, 0, 1, 0, 1 };
	uint8_t src[16];
	size_t n;

	(void)state;
	n = t6_echo(b, T6_B, T6_A, 128, 1, 1, data, 56);
	b[45] ^= 1; /* checksum wrong */
	feed(p, 1, b, n, 0, false);
	n = t6_echo(b, T6_B, T6_A, 128, 1, 1, data, 56);
	feed(p, 1, b, n - 1, 0, false); /* Payload Length past what came */
	feed(p, 1, b, n, IK_RX_LINK_BCAST, false);
	feed(p, 1, b, n, IK_RX_LINK_MCAST, false);
	feed(p, 2, b, n, 0, false); /* eth0's address arriving on eth1 */
	feed(p, 9, b, n, 0, false); /* no such interface */
	n = t6_build(b, T6_B, T6_A, 0, hbh, sizeof(hbh), m, sizeof(m));
	feed(p, 1, b, n, 0, false);
	n = t6_echo(b, T6_B, T6_ALLNODES, 128, 1, 1, data, 8);
	feed(p, 1, b, n, 0, false);
	n = t6_echo(b, T6_B, T6_C, 128, 1, 1, data, 8); /* not ours */
	feed(p, 1, b, n, 0, false);
	n = t6_echo(b, T6_B, T6_A, 129, 1, 1, data, 8); /* a reply */
	feed(p, 1, b, n, 0, false);
	/* sources that name no node, or are not let in */
	static const uint8_t bad_src[4][16] = {
		{ 0 }, { [15] = 1 }, { 0xff, 0x02, [15] = 1 }, { [10] = 0xff, [11] = 0xff, 192, 0, 2, 2 },
	};
	for (int i = 0; i < 4; i++) {
		n = t6_echo(b, bad_src[i], T6_A, 128, 1, 1, data, 8);
		feed(p, 1, b, n, 0, false);
	}
	/* no route back */
	memcpy(src, T6_FAR, 16);
	n = t6_echo(b, src, T6_A, 128, 1, 1, data, 8);
	feed(p, 1, b, n, 0, false);
	/* a reply above eth1's MTU: fragments, the general path's */
	n = t6_echo(b, T6_B2, T6_A2, 128, 1, 1, data, 1300);
	feed(p, 2, b, n, 0, false);
	assert_true(p->gen->cap.n > 1);
	/* echo_ignore_all */
	both_set(p, "icmpv6_echo_ignore_all", 1);
	n = t6_echo(b, T6_B, T6_A, 128, 1, 1, data, 8);
	feed(p, 1, b, n, 0, false);
	assert_int_equal(p->gen->cap.n, 0);
	pair_free(p);
}

/* UDP to a closed port: Destination Unreachable code 4, the quote cut at
 * 1280, the UDP checksum checked on the way; a bound port, a wrong or
 * zero checksum, a short UDP Length: the general path */
static void unreach(void **state)
{
	struct pair *p = pair_new();
	static const size_t sizes[] = { 0, 1, 56, 1183, 1184, 1185, 1452 };
	uint8_t b[1600];
	size_t n;

	(void)state;
	both_set(p, "icmpv6_ratelimit", 0);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		n = t6_udp(b, T6_B, T6_A, 40000, P_SHUT, data, sizes[i]);
		assert_int_equal(feed(p, 1, b, n, 0, true), 0);
		assert_int_equal(p->gen->cap.n, 1);
	}
	n = t6_udp(b, T6_B2, T6_A2, 40000, P_SHUT, data, 1200);
	assert_int_equal(feed(p, 2, b, n, 0, true), 0);
	/* a UDP checksum that comes out 0: sent as 0xffff, taken; 0 refused */
	bool found = false;

	for (uint32_t sp = 1; sp < 65536 && !found; sp++) {
		n = t6_udp(b, T6_B, T6_A, (uint16_t)sp, P_SHUT, data, 30);
		if (get_sum(b) != 0xffff)
			continue;
		found = true;
		feed(p, 1, b, n, 0, true);
		set_sum(b, 0);
		feed(p, 1, b, n, 0, false);
	}
	assert_true(found);
	n = t6_udp(b, T6_B, T6_A, 40000, P_SHUT, data, 56);
	b[50] ^= 0x10;
	feed(p, 1, b, n, 0, false);
	n = t6_udp(b, T6_B, T6_A, 40000, P_SHUT, data, 1400);
	b[1430] ^= 0x10; /* past the quote: the tail's sum catches it */
	feed(p, 1, b, n, 0, false);
	n = t6_udp(b, T6_B, T6_A, 40000, P_BOUND, data, 56);
	feed(p, 1, b, n, 0, false);
	assert_int_equal(T6MIB(p->fast, UDP6_InDatagrams), 1);
	/* UDP Length short of the payload: the general path's */
	n = t6_udp(b, T6_B, T6_A, 40000, P_SHUT, data, 56);
	ik_put16(b + 44, 40);
	t6_fix(b, n);
	feed(p, 1, b, n, 0, false);
	feed(p, 1, b, n, IK_RX_LINK_MCAST, false);
	n = t6_udp(b, T6_B, T6_ALLNODES, 40000, P_SHUT, data, 8);
	feed(p, 1, b, n, 0, false);
	pair_free(p);
}

/* the rate limits refuse on the fast path as on the general one */
static void unreach_limited(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[256];
	size_t n = t6_udp(b, T6_B, T6_A, 40000, P_SHUT, data, 56);

	(void)state;
	for (int i = 0; i < 40; i++) {
		p->now += (uint64_t)(i % 7) * 10 * MS;
		feed(p, 1, b, n, 0, true);
	}
	assert_true(T6MIB(p->fast, ICMP6_OutDestUnreachs) > 0);
	assert_true(T6MIB(p->fast, ICMP6_OutDestUnreachs) < 40);
	pair_free(p);
}

/* a raw IPv6 socket of the Next Header gets a copy first: the general
 * path's; a path MTU lowered by Packet Too Big: a reply above it leaves
 * in fragments (the general path's), one at or below 1280 is taken */
static void raw_and_pmtu(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[1600], ptb[200], q[48];
	size_t n;

	(void)state;
	/* Packet Too Big from a router, quoting a datagram we sent to T6_B */
	memset(q, 0, sizeof(q));
	q[0] = 0x60;
	q[5] = 8;
	q[6] = 17;
	q[7] = 64;
	memcpy(q + 8, T6_A, 16);
	memcpy(q + 24, T6_B, 16);
	ik_put16(q + 40, 5000);
	ik_put16(q + 42, 6000);
	ik_put16(q + 44, 8);
	uint8_t m[8 + sizeof(q)] = { 2, 0, 0, 0 };

	ik_put32(m + 4, 1300);
	memcpy(m + 8, q, sizeof(q));
	n = t6_build(ptb, T6_C, T6_A, 58, NULL, 0, m, sizeof(m));
	feed(p, 1, ptb, n, 0, false);
	n = t6_echo(b, T6_B, T6_A, 128, 1, 1, data, 1300);
	feed(p, 1, b, n, 0, false);
	assert_true(p->gen->cap.n > 1);
	n = t6_echo(b, T6_B, T6_A, 128, 1, 2, data, 1200);
	feed(p, 1, b, n, 0, true);
	n = t6_echo(b, T6_B, T6_A, 128, 1, 3, data, 1232);
	feed(p, 1, b, n, 0, true);
	n = t6_echo(b, T6_C, T6_A, 128, 1, 4, data, 1400); /* another peer: the device's MTU */
	feed(p, 1, b, n, 0, true);
	/* raw sockets */
	for (int k = 0; k < 2; k++) {
		struct ikt *t = k ? p->fast : p->gen;

		assert_true(ik_sock_open(t->s, IK_SOCK_RAW6, 58) >= 0);
	}
	n = t6_echo(b, T6_B, T6_A, 128, 1, 5, data, 56);
	feed(p, 1, b, n, 0, false);
	n = t6_udp(b, T6_B, T6_A, 40000, P_SHUT, data, 56);
	feed(p, 1, b, n, 0, true);
	for (int k = 0; k < 2; k++) {
		struct ikt *t = k ? p->fast : p->gen;

		assert_true(ik_sock_open(t->s, IK_SOCK_RAW6, 17) >= 0);
	}
	p->now += 2000 * MS;
	feed(p, 1, b, n, 0, false);
	pair_free(p);
}

/* traced, the fast path declines: the general path tells the story */
static void traced(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[256];
	size_t n;

	(void)state;
	ik_stack_set_trace(p->gen->s, sink, &p->lg);
	ik_stack_set_trace(p->fast->s, sink, &p->lf);
	n = t6_echo(b, T6_B, T6_A, 128, 1, 1, data, 56);
	feed(p, 1, b, n, 0, false);
	n = t6_udp(b, T6_B, T6_A, 40000, P_SHUT, data, 56);
	feed(p, 1, b, n, 0, false);
	assert_true(p->lg.used > 0);
	assert_int_equal(p->lg.used, p->lf.used);
	assert_memory_equal(p->lg.text, p->lf.text, p->lg.used);
	pair_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(echo_taken),
		cmocka_unit_test(echo_checksum_zeros),
		cmocka_unit_test(echo_declined),
		cmocka_unit_test(unreach),
		cmocka_unit_test(unreach_limited),
		cmocka_unit_test(raw_and_pmtu),
		cmocka_unit_test(traced),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
