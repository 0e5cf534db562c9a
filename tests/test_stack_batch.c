// SPDX-License-Identifier: MIT
/*
 * test_stack_batch.c - ik_stack_input_batch() does what calling
 * ik_stack_input() on each datagram in order does.
 *
 * Two stacks are built the same way with the same seed; one is fed datagram
 * by datagram, the other the same datagrams in batches of many sizes. With
 * more than 4,096 sockets open the batch takes its look-ahead passes (port
 * chains of two, a connected socket's 4-tuple, wildcard sockets, rings that
 * fill and wrap), and the two stacks must agree on every return, every
 * octet sent, every counter, the PRNG, and every datagram the sockets read.
 * Rows: G9 (Port Unreachable), E1 (echo), G6 (bad header), UDP delivery.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/stack.h"
#include "stack/internal.h"
#include "refsum.h"

#define A   0xc0000201u /* 192.0.2.1    eth0 */
#define A2  0xc6336401u /* 198.51.100.1 eth1 */
#define B   0xc0000202u /* 192.0.2.2    peer */
#define NSOCK 4200      /* above the batch's look-ahead threshold */
#define WILD0 30000     /* ports bound to the wildcard address */
#define NWILD 20
#define CONN_PORT 31000 /* connected to B:5000 */
#define MAXOUT 8192

/** struct dev - records a digest of every datagram sent */
struct dev {
	size_t n;
	struct { unsigned ifindex; uint32_t next_hop; size_t len; uint32_t sum; } r[MAXOUT];
};

/** struct side - one of the two stacks */
struct side {
	struct ik_stack *s;
	struct dev *dev;
	int fd[NSOCK + NWILD + 1];
	int nfd;
};

static uint32_t digest(const uint8_t *p, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

static int dev_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt, size_t len,
		    uint64_t now)
{
	struct dev *d = ctx;

	(void)now;
	assert_true(d->n < MAXOUT);
	d->r[d->n].ifindex = ifindex;
	d->r[d->n].next_hop = next_hop;
	d->r[d->n].len = len;
	d->r[d->n].sum = digest(pkt, len);
	d->n++;
	return 0;
}

static const struct ik_dev_ops dev_ops = { .xmit = dev_xmit };

static void sink(void *ctx, const struct ik_event *ev)
{
	(void)ctx;
	(void)ev;
}

static void side_init(struct side *sd, bool traced)
{
	struct ik_stack_config cfg = { .max_socks = NSOCK + NWILD + 8, .sock_rcvbuf = 256,
				       .sock_errq = 2, .seed = 77 };

	sd->dev = calloc(1, sizeof(*sd->dev));
	assert_non_null(sd->dev);
	sd->s = ik_stack_new(&cfg, &dev_ops, sd->dev);
	assert_non_null(sd->s);
	if (traced)
		ik_stack_set_trace(sd->s, sink, NULL);
	assert_int_equal(ik_stack_add_iface(sd->s, "eth0", A, 24, 1500), 1);
	assert_int_equal(ik_stack_add_iface(sd->s, "eth1", A2, 24, 1500), 2);
	sd->nfd = 0;
	/* ports 1024.. bound on both addresses: chains of two */
	for (int k = 0; k < NSOCK; k++) {
		int fd = ik_sock_open(sd->s, IK_SOCK_UDP, 0);

		assert_true(fd >= 0);
		assert_int_equal(ik_sock_bind(sd->s, fd, k & 1 ? A2 : A, (uint16_t)(1024 + k / 2)), 0);
		sd->fd[sd->nfd++] = fd;
	}
	for (int k = 0; k < NWILD; k++) {
		int fd = ik_sock_open(sd->s, IK_SOCK_UDP, 0);

		assert_int_equal(ik_sock_bind(sd->s, fd, 0, (uint16_t)(WILD0 + k)), 0);
		sd->fd[sd->nfd++] = fd;
	}
	sd->fd[sd->nfd] = ik_sock_open(sd->s, IK_SOCK_UDP, 0);
	assert_int_equal(ik_sock_bind(sd->s, sd->fd[sd->nfd], 0, CONN_PORT), 0);
	assert_int_equal(ik_sock_connect(sd->s, sd->fd[sd->nfd], B, 5000), 0);
	sd->nfd++;
}

static void side_free(struct side *sd)
{
	ik_stack_free(sd->s);
	free(sd->dev);
}

static uint64_t rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* an IPv4 datagram with a 20-octet header around @pl */
static size_t put_ip(uint8_t *b, uint32_t src, uint32_t dst, uint8_t proto, uint16_t frag,
		     const uint8_t *pl, size_t plen)
{
	b[0] = 0x45;
	b[1] = 0;
	ik_put16(b + 2, (uint16_t)(20 + plen));
	ik_put16(b + 4, 0x2222);
	ik_put16(b + 6, frag);
	b[8] = 64;
	b[9] = proto;
	ik_put16(b + 10, 0);
	ik_put32(b + 12, src);
	ik_put32(b + 16, dst);
	ik_put16(b + 10, ref_fold(ref_sum(b, 20, 0)));
	memcpy(b + 20, pl, plen);
	return 20 + plen;
}

static size_t udp(uint8_t *b, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
		  size_t dlen, bool csum)
{
	uint8_t u[600], ph[12];
	size_t ulen = 8 + dlen;

	ik_put16(u, sport);
	ik_put16(u + 2, dport);
	ik_put16(u + 4, (uint16_t)ulen);
	ik_put16(u + 6, 0);
	for (size_t i = 0; i < dlen; i++)
		u[8 + i] = (uint8_t)(i + dport);
	if (csum) {
		uint16_t c;

		ik_put32(ph, src);
		ik_put32(ph + 4, dst);
		ph[8] = 0;
		ph[9] = 17;
		ik_put16(ph + 10, (uint16_t)ulen);
		c = ref_fold(ref_sum(u, ulen, ref_sum(ph, 12, 0)));
		ik_put16(u + 6, c ? c : 0xffff);
	}
	return put_ip(b, src, dst, 17, 0x4000, u, ulen);
}

static size_t echo(uint8_t *b, uint32_t src, uint32_t dst, size_t dlen)
{
	uint8_t m[600];

	m[0] = 8;
	m[1] = 0;
	ik_put16(m + 2, 0);
	ik_put32(m + 4, 0x00070001);
	for (size_t i = 0; i < dlen; i++)
		m[8 + i] = (uint8_t)i;
	ik_put16(m + 2, ref_fold(ref_sum(m, 8 + dlen, 0)));
	return put_ip(b, src, dst, 1, 0, m, 8 + dlen);
}

/**
 * make() - datagram number @i of a random mix (what ik_stack_input() sees
 * on interface @ifx)
 * @b: out (at least 700 octets); @x: PRNG; @ifx: arrival interface
 *
 * Return: its length.
 */
static size_t make(uint8_t *b, uint64_t *x, unsigned ifx)
{
	uint32_t me = ifx == 1 ? A : A2, other = ifx == 1 ? A2 : A;
	unsigned kind = (unsigned)(rnd(x) % 20);
	size_t dlen = (size_t)(rnd(x) % 120);
	unsigned k = (unsigned)(rnd(x) % NSOCK);
	uint16_t sport = (uint16_t)(1 + rnd(x) % 60000);
	size_t len;

	switch (kind) {
	case 0: case 1: case 2: case 3: case 4: case 5: case 6:
		/* to a bound socket of this interface's address (a chain of two) */
		return udp(b, B, me, sport, (uint16_t)(1024 + k / 2), dlen, kind != 6);
	case 7:
		/* to the other address, arriving here (ours: the general path) */
		return udp(b, B, other, sport, (uint16_t)(1024 + k / 2), dlen, true);
	case 8: case 9:
		return udp(b, B, me, sport, (uint16_t)(WILD0 + k % NWILD), dlen, true);
	case 10:
		/* the connected socket's peer, and someone else */
		return udp(b, B, me, k & 1 ? 5000 : 5001, CONN_PORT, dlen, true);
	case 11: case 12:
		return udp(b, B, me, sport, (uint16_t)(40000 + k % 100), dlen, true); /* closed */
	case 13:
		len = udp(b, B, me, sport, (uint16_t)(1024 + k / 2), dlen, true);
		b[len - 1] ^= 0x40; /* UDP checksum wrong */
		return len;
	case 14:
		return echo(b, B, me, dlen);
	case 15:
		len = echo(b, B, me, dlen);
		b[10] ^= 1; /* IP checksum wrong */
		return len;
	case 16:
		return udp(b, B, 0xffffffffu, sport, (uint16_t)(1024 + k / 2), dlen, true);
	case 17: {
		uint8_t pl[64] = { 0 };

		return put_ip(b, B, me, 17, 0x2000, pl, 64); /* a first fragment */
	}
	case 18:
		return (size_t)(rnd(x) % 30); /* runt */
	default:
		return udp(b, B, me, sport, (uint16_t)(1024 + k / 2), 300 + dlen, true);
	}
}

static void same(const struct side *a, const struct side *b)
{
	assert_int_equal(a->dev->n, b->dev->n);
	for (size_t i = 0; i < a->dev->n; i++) {
		assert_int_equal(a->dev->r[i].ifindex, b->dev->r[i].ifindex);
		assert_int_equal(a->dev->r[i].next_hop, b->dev->r[i].next_hop);
		assert_int_equal(a->dev->r[i].len, b->dev->r[i].len);
		assert_int_equal(a->dev->r[i].sum, b->dev->r[i].sum);
	}
	assert_memory_equal(ik_stack_mib(a->s), ik_stack_mib(b->s), sizeof(struct ik_mib));
	assert_true(a->s->rng == b->s->rng);
	assert_true(ik_ipid_digest(a->s) == ik_ipid_digest(b->s));
}

/* read every socket of both, compare what comes out */
static void drain(struct side *a, struct side *b)
{
	for (int i = 0; i < a->nfd; i++) {
		assert_int_equal(ik_sock_pending(a->s, a->fd[i]), ik_sock_pending(b->s, b->fd[i]));
		for (;;) {
			uint8_t x[600], y[600];
			uint32_t fx = 0, fy = 0;
			uint16_t px = 0, py = 0;
			ssize_t nx = ik_sock_recvfrom(a->s, a->fd[i], x, sizeof(x), &fx, &px);
			ssize_t ny = ik_sock_recvfrom(b->s, b->fd[i], y, sizeof(y), &fy, &py);

			assert_int_equal(nx, ny);
			if (nx < 0)
				break;
			assert_memory_equal(x, y, (size_t)nx);
			assert_int_equal(fx, fy);
			assert_int_equal(px, py);
		}
	}
}

/**
 * run() - feed the same random datagrams one by one to @one and in batches
 * of sizes from @sizes to @bat; compare after every batch
 * @one/@bat: the stacks; @sizes/@nsizes: batch sizes used in turn; @rounds:
 * batches
 */
static void run(struct side *one, struct side *bat, const size_t *sizes, size_t nsizes,
		int rounds)
{
	static uint8_t bufs[200][700];
	struct ik_pkt pk[200];
	uint64_t x = 0x1234567u, now = 1000000000ull;

	for (int r = 0; r < rounds; r++) {
		size_t n = sizes[(size_t)r % nsizes];
		unsigned ifx = 1 + (unsigned)(rnd(&x) % 2);
		int want = 0, got;

		assert_true(n <= 200);
		now += 1000000;
		for (size_t i = 0; i < n; i++) {
			pk[i].len = make(bufs[i], &x, ifx);
			pk[i].bytes = bufs[i];
			pk[i].flags = (unsigned)(rnd(&x) % 16 == 0 ? IK_RX_LINK_BCAST : 0);
			want += ik_stack_input(one->s, ifx, pk[i].bytes, pk[i].len, pk[i].flags,
					       now) == 0;
		}
		got = ik_stack_input_batch(bat->s, ifx, pk, n, now);
		assert_int_equal(got, want);
		same(one, bat);
		if (r % 8 == 7)
			drain(one, bat);
	}
	drain(one, bat);
	same(one, bat);
}

/* batches of every size, with the look-ahead passes (no trace sink) */
static void test_batch_same_as_single(void **state)
{
	static const size_t sizes[] = { 32, 1, 7, 33, 64, 100, 31, 2, 200, 0, 45 };
	struct side one, bat;

	(void)state;
	side_init(&one, false);
	side_init(&bat, false);
	run(&one, &bat, sizes, sizeof(sizes) / sizeof(sizes[0]), 120);
	/* the mix reached sockets, unreachable ports, echoes and drops */
	assert_true(ik_stack_mib(bat.s)->c[IK_MIB_UDP_InDatagrams] > 1000);
	assert_true(ik_stack_mib(bat.s)->c[IK_MIB_UDP_NoPorts] > 100);
	assert_true(ik_stack_mib(bat.s)->c[IK_MIB_UDP_RcvbufErrors] > 0);
	assert_true(ik_stack_mib(bat.s)->c[IK_MIB_ICMP_OutEchoReps] > 50);
	assert_true(ik_stack_mib(bat.s)->c[IK_MIB_IP_InHdrErrors] > 50);
	side_free(&one);
	side_free(&bat);
}

/* with a trace sink (the general path, no passes) */
static void test_batch_traced(void **state)
{
	static const size_t sizes[] = { 32, 5, 77 };
	struct side one, bat;

	(void)state;
	side_init(&one, true);
	side_init(&bat, true);
	run(&one, &bat, sizes, sizeof(sizes) / sizeof(sizes[0]), 12);
	side_free(&one);
	side_free(&bat);
}

/* arguments: nothing done on a bad call; an unknown interface refuses all */
static void test_batch_args(void **state)
{
	struct side sd;
	struct ik_mib before;
	uint8_t b[100];
	struct ik_pkt pk[3];

	(void)state;
	side_init(&sd, false);
	before = *ik_stack_mib(sd.s);
	assert_int_equal(ik_stack_input_batch(sd.s, 1, NULL, 3, 1), -IK_EINVAL);
	assert_int_equal(ik_stack_input_batch(sd.s, 1, pk, (size_t)INT32_MAX + 1, 1), -IK_EINVAL);
	assert_int_equal(ik_stack_input_batch(sd.s, 1, NULL, 0, 1), 0);
	assert_int_equal(ik_stack_input_batch(sd.s, 1, pk, 0, 1), 0);
	assert_memory_equal(&before, ik_stack_mib(sd.s), sizeof(before));
	for (int i = 0; i < 3; i++) {
		pk[i].bytes = b;
		pk[i].len = udp(b, B, A, 9, WILD0, 10, true);
		pk[i].flags = 0;
	}
	assert_int_equal(ik_stack_input_batch(sd.s, 7, pk, 3, 1), 0);
	assert_int_equal(ik_stack_mib(sd.s)->c[IK_MIB_IP_InDiscards], 3);
	assert_int_equal(ik_stack_input_batch(sd.s, 1, pk, 3, 1), 3);
	assert_int_equal(ik_sock_pending(sd.s, sd.fd[NSOCK]), 3);
	/* a NULL datagram is refused like ik_stack_input(NULL) refuses it */
	pk[1].bytes = NULL;
	assert_int_equal(ik_stack_input_batch(sd.s, 1, pk, 3, 1), 2);
	side_free(&sd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_batch_same_as_single),
		cmocka_unit_test(test_batch_traced),
		cmocka_unit_test(test_batch_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
