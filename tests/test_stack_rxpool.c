// SPDX-License-Identifier: MIT
/*
 * test_stack_rxpool.c - the receive pool every socket's datagrams wait in
 * (src/stack/rxpool.c): exact bytes back for every size up to 65507, across
 * many sockets whose datagrams interleave in the pool and are read in any
 * order (checked against a reference model), a full pool dropping like a
 * full receive buffer (counted, traced, nothing lost that was queued),
 * cells given back on recvfrom and close, and cells never used never
 * touched.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "icmpkit/mib.h"
#include "stack/sock/sock_priv.h"

static uint8_t pkt[70000];
static uint8_t data[65536];
static uint8_t buf[65536];

/**
 * fill() - data of @len octets that differ with @seed and position
 * @p: output; @len: octets; @seed: which datagram
 */
static void fill(uint8_t *p, size_t len, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		p[i] = (uint8_t)x;
	}
}

/**
 * send_to() - feed a UDP datagram of @len octets (seeded) to port @port
 * @t: harness; @port: destination port; @len: data octets; @seed: content
 */
static void send_to(struct ikt *t, uint16_t port, size_t len, uint32_t seed)
{
	size_t n;

	fill(data, len, seed);
	n = ikt_udp(pkt, IKT_B, IKT_A, (uint16_t)(1000 + seed % 50000), port, data, len);
	assert_int_equal(ikt_input(t, pkt, n, 0), 0);
}

/**
 * expect() - the next datagram of @fd is the seeded one of @len octets
 * @t: harness; @fd: socket; @len: octets; @seed: content
 */
static void expect(struct ikt *t, int fd, size_t len, uint32_t seed)
{
	uint32_t addr = 0;
	uint16_t port = 0;

	fill(data, len, seed);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), &addr, &port), (ssize_t)len);
	assert_memory_equal(buf, data, len);
	assert_int_equal(addr, IKT_B);
	assert_int_equal(port, 1000 + seed % 50000);
}

/* every length that changes how many cells a datagram takes, and the
 * largest: the bytes come back exactly; truncation copies a prefix */
static void test_sizes(void **state)
{
	static const size_t lens[] = { 0, 1, IK_CELL_DATA - 1, IK_CELL_DATA, IK_CELL_DATA + 1,
				      2 * IK_CELL_DATA - 1, 2 * IK_CELL_DATA, 2 * IK_CELL_DATA + 1,
				      1472, 8000, 65507 };
	struct ikt *t = ikt_new(NULL);
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	const struct ik_rxpool *rx = &t->s->socks->rx;
	uint32_t avail = rx->avail;

	(void)state;
	assert_int_equal(ik_sock_bind(t->s, fd, 0, 7), 0);
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		size_t cells = lens[i] ? (lens[i] + IK_CELL_DATA - 1) / IK_CELL_DATA : 1;

		send_to(t, 7, lens[i], (uint32_t)i);
		assert_int_equal(rx->avail, avail - cells);
		expect(t, fd, lens[i], (uint32_t)i);
		assert_int_equal(rx->avail, avail);
	}
	/* a 1000-octet datagram read into 300 octets: the first 300 */
	send_to(t, 7, 1000, 99);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, 300, NULL, NULL), 300);
	fill(data, 1000, 99);
	assert_memory_equal(buf, data, 300);
	assert_int_equal(rx->avail, avail);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	ikt_free(t);
}

#define NS 8    /* sockets */
#define QMAX 64 /* model queue per socket */

/* datagrams to 8 sockets, random sizes, read back in a random order: every
 * socket gets its own datagrams in order, bytes exact, and when all is read
 * every cell is free again */
static void test_interleaved_model(void **state)
{
	struct ik_stack_config c = { .sock_rcvbuf = 1 << 20, .max_socks = 16 };
	struct ikt *t = ikt_new(&c);
	const struct ik_rxpool *rx = &t->s->socks->rx;
	uint32_t avail = rx->avail, rnd = 12345, seed = 1;
	struct {
		uint32_t seed[QMAX];
		size_t len[QMAX];
		unsigned head, n;
	} q[NS];
	int fd[NS];

	(void)state;
	memset(q, 0, sizeof(q));
	for (int k = 0; k < NS; k++) {
		fd[k] = ik_sock_open(t->s, IK_SOCK_UDP, 0);
		assert_int_equal(ik_sock_bind(t->s, fd[k], 0, (uint16_t)(2000 + k)), 0);
	}
	for (int step = 0; step < 4000; step++) {
		int k;

		rnd = rnd * 1103515245u + 12345u;
		k = (int)(rnd >> 16) % NS;
		if ((rnd >> 8) % 3 && q[k].n < QMAX) { /* two sends for each read */
			size_t len = (rnd >> 4) % 5 == 0 ? (rnd >> 3) % 3000 : (rnd >> 3) % 200;
			unsigned slot = (q[k].head + q[k].n) % QMAX;

			send_to(t, (uint16_t)(2000 + k), len, seed);
			q[k].seed[slot] = seed++;
			q[k].len[slot] = len;
			q[k].n++;
		} else if (q[k].n) {
			expect(t, fd[k], q[k].len[q[k].head], q[k].seed[q[k].head]);
			q[k].head = (q[k].head + 1) % QMAX;
			q[k].n--;
		} else {
			assert_int_equal(ik_sock_recvfrom(t->s, fd[k], buf, sizeof(buf), NULL, NULL),
					 -EAGAIN);
		}
		assert_int_equal(ik_sock_pending(t->s, fd[k]), (int)q[k].n);
	}
	for (int k = 0; k < NS; k++)
		for (; q[k].n; q[k].n--, q[k].head = (q[k].head + 1) % QMAX)
			expect(t, fd[k], q[k].len[q[k].head], q[k].seed[q[k].head]);
	assert_int_equal(rx->avail, avail);
	assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_UDP_RcvbufErrors], 0);
	ikt_free(t);
}

static unsigned pool_full_events;

/** on_event() - count "udp.rxpool_full" trace events. @ctx, @ev */
static void on_event(void *ctx, const struct ik_event *ev)
{
	(void)ctx;
	if (ev->what && !strcmp(ev->what, "udp.rxpool_full"))
		pool_full_events++;
}

/* a pool of 4 cells: two 300-octet datagrams (2 cells each) fill it; the
 * third is dropped (RcvbufErrors, InErrors, traced) although the socket's
 * buffer has room; the queued ones come back whole; then there is room */
static void test_pool_full(void **state)
{
	struct ik_stack_config c = { .rx_pool = 4 * IK_CELL };
	struct ikt *t = ikt_new(&c);
	const struct ik_mib *m = ik_stack_mib(t->s);
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	(void)state;
	pool_full_events = 0;
	ik_stack_set_trace(t->s, on_event, NULL);
	assert_int_equal(t->s->socks->rx.n, 4);
	assert_int_equal(ik_sock_bind(t->s, fd, 0, 9), 0);
	send_to(t, 9, 300, 1);
	send_to(t, 9, 300, 2);
	send_to(t, 9, 300, 3);
	assert_int_equal(ik_sock_pending(t->s, fd), 2);
	assert_int_equal(m->c[IK_MIB_UDP_RcvbufErrors], 1);
	assert_int_equal(m->c[IK_MIB_UDP_InErrors], 1);
	assert_int_equal(m->c[IK_MIB_UDP_InDatagrams], 2);
	assert_int_equal(pool_full_events, 1);
	/* one cell is not enough for a 300-octet datagram either: nothing
	 * half-queued */
	expect(t, fd, 300, 1);
	send_to(t, 9, 10, 4);  /* 1 cell: fits */
	send_to(t, 9, 300, 5); /* needs 2, 1 left: dropped */
	assert_int_equal(m->c[IK_MIB_UDP_RcvbufErrors], 2);
	expect(t, fd, 300, 2);
	expect(t, fd, 10, 4);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	assert_int_equal(t->s->socks->rx.avail, 4);
	ikt_free(t);
}

/* closing a socket with datagrams queued gives their cells back */
static void test_close_frees(void **state)
{
	struct ik_stack_config c = { .rx_pool = 16 * IK_CELL };
	struct ikt *t = ikt_new(&c);
	int a = ik_sock_open(t->s, IK_SOCK_UDP, 0), b = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	(void)state;
	assert_int_equal(ik_sock_bind(t->s, a, 0, 11), 0);
	assert_int_equal(ik_sock_bind(t->s, b, 0, 12), 0);
	send_to(t, 11, 1000, 1); /* 5 cells (224 octets each) */
	send_to(t, 12, 100, 2);
	send_to(t, 11, 100, 3);
	assert_int_equal(t->s->socks->rx.avail, 16 - 7);
	assert_int_equal(ik_sock_close(t->s, a), 0);
	assert_int_equal(t->s->socks->rx.avail, 16 - 1);
	expect(t, b, 100, 2);
	assert_int_equal(t->s->socks->rx.avail, 16);
	ikt_free(t);
}

/* read as it arrives, a flood reuses the same cell: the pool's memory
 * beyond what was ever queued at once is never touched */
static void test_lifo_reuse(void **state)
{
	struct ikt *t = ikt_new(NULL);
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	(void)state;
	assert_int_equal(ik_sock_bind(t->s, fd, 0, 13), 0);
	for (uint32_t i = 0; i < 10000; i++) {
		send_to(t, 13, 64, i);
		expect(t, fd, 64, i);
	}
	assert_int_equal(t->s->socks->rx.hwm, 1);
	for (uint32_t i = 0; i < 3; i++)
		send_to(t, 13, 64, i);
	assert_int_equal(t->s->socks->rx.hwm, 3);
	ikt_free(t);
}

/* the default pool: a lone socket fills its whole default buffer (212992
 * octets) with the largest datagrams and with the smallest; the datagram
 * after that is refused by the buffer (ENOBUFS), never by the pool */
static void test_default_pool_holds_a_full_buffer(void **state)
{
	static const size_t lens[] = { 65507, 1 };
	struct ik_stack_config c = { .max_socks = 1 };

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct ikt *t = ikt_new(&c);
		const struct ik_mib *m = ik_stack_mib(t->s);
		int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
		size_t fit = 212992 / (IK_REC_HDR + lens[i]);

		pool_full_events = 0;
		ik_stack_set_trace(t->s, on_event, NULL);
		assert_int_equal(ik_sock_bind(t->s, fd, 0, 14), 0);
		for (size_t k = 0; k < fit + 1; k++)
			send_to(t, 14, lens[i], (uint32_t)k);
		assert_int_equal(ik_sock_pending(t->s, fd), (int)fit);
		assert_int_equal(m->c[IK_MIB_UDP_RcvbufErrors], 1);
		assert_int_equal(pool_full_events, 0);
		expect(t, fd, lens[i], 0);
		ikt_free(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_interleaved_model),
		cmocka_unit_test(test_pool_full),
		cmocka_unit_test(test_close_frees),
		cmocka_unit_test(test_lifo_reuse),
		cmocka_unit_test(test_default_pool_holds_a_full_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
