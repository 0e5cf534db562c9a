// SPDX-License-Identifier: MIT
/*
 * test_stack_sockerr.c - ICMP errors reaching UDP sockets: CONFORMANCE R1
 * (found by the quoted addresses and ports), R2 (an unmatched quote changes
 * nothing), R3 (hard errors fail the next call of a connected socket, once),
 * R4 (the error queue), R7 (soft codes leave the socket alone), and G9 end
 * to end between two stacks: A's datagram to a closed port of B comes back
 * as Type 3 Code 3 and A's recv fails with ECONNREFUSED.
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
#include "icmpkit/bytes.h"

#define PEER_PORT 8080

static uint8_t pkt[70000];

/**
 * struct fix - a harness with one UDP socket connected to B:8080 that has
 * sent one datagram (captured in @dg)
 */
struct fix {
	struct ikt *t;
	int fd;
	uint16_t lport;
	uint8_t dg[128];
	size_t dglen;
};

/**
 * setup() - the fixture
 * @state: cmocka state
 * Return: 0.
 */
static int setup(void **state)
{
	struct fix *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->t = ikt_new(NULL);
	f->fd = ik_sock_open(f->t->s, IK_SOCK_UDP, 0);
	assert_int_equal(ik_sock_connect(f->t->s, f->fd, IKT_B, PEER_PORT), 0);
	assert_int_equal(ik_sock_local(f->t->s, f->fd, NULL, &f->lport), 0);
	assert_int_equal(ik_sock_sendto(f->t->s, f->fd, "hello, 8080", 11, 0, 0, 0), 11);
	assert_int_equal(f->t->cap.n, 1);
	f->dglen = f->t->cap.pkts[0].len;
	memcpy(f->dg, f->t->cap.pkts[0].bytes, f->dglen);
	ikt_clear(f->t);
	*state = f;
	return 0;
}

/**
 * teardown() - free the fixture
 * @state: cmocka state
 * Return: 0.
 */
static int teardown(void **state)
{
	struct fix *f = *state;

	ikt_free(f->t);
	free(f);
	return 0;
}

/**
 * inject() - an ICMP error from @from quoting @q
 * @f: fixture; @from: offender; @type/@code/@info: message; @q/@qlen: quote;
 * @now: time
 */
static void inject(struct fix *f, uint32_t from, uint8_t type, uint8_t code, uint32_t info,
		   const uint8_t *q, size_t qlen, uint64_t now)
{
	size_t n = ikt_icmp_error(pkt, from, IKT_A, type, code, info, q, qlen);

	ikt_input(f->t, pkt, n, now);
}

/* R1 R3 R4: Port Unreachable quoting our datagram -> the next recv fails
 * with ECONNREFUSED once, then EAGAIN; the error queue holds the details */
static void test_r3_port_unreachable_connected(void **state)
{
	struct fix *f = *state;
	struct ik_sock_err e;
	uint8_t buf[64];

	inject(f, IKT_B, 3, 3, 0, f->dg, 28, 5000);
	assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL),
			 -ECONNREFUSED);
	assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	/* R4 */
	assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), 0);
	assert_int_equal(e.err, ECONNREFUSED);
	assert_int_equal(e.origin, IK_EE_ORIGIN_ICMP);
	assert_int_equal(e.type, 3);
	assert_int_equal(e.code, 3);
	assert_int_equal(e.info, 0);
	assert_int_equal(e.offender, IKT_B);
	assert_int_equal(e.dst, IKT_B);
	assert_int_equal(e.dport, PEER_PORT);
	assert_true(e.hard);
	assert_int_equal(e.when, 5000);
	assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), -EAGAIN);
	assert_int_equal(ik_stack_mib(f->t->s)->c[IK_MIB_ICMP_InErrorsUnmatched], 0);
}

/* R3: the pending error is returned by sendto too, which then sends nothing */
static void test_r3_pending_on_sendto(void **state)
{
	struct fix *f = *state;

	inject(f, IKT_B, 3, 3, 0, f->dg, f->dglen, 0);
	assert_int_equal(ik_sock_sendto(f->t->s, f->fd, "again", 5, 0, 0, 0), -ECONNREFUSED);
	assert_int_equal(f->t->cap.n, 0);
	assert_int_equal(ik_sock_sendto(f->t->s, f->fd, "again", 5, 0, 0, 0), 5);
	assert_int_equal(f->t->cap.n, 1);
}

/* R3: data already queued does not hide the error (Linux checks sk_err
 * first), and stays queued after it */
static void test_r3_pending_before_data(void **state)
{
	struct fix *f = *state;
	uint8_t buf[64];
	size_t n = ikt_udp(pkt, IKT_B, IKT_A, PEER_PORT, f->lport, "data", 4);

	ikt_input(f->t, pkt, n, 0);
	inject(f, IKT_B, 3, 3, 0, f->dg, f->dglen, 0);
	assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL),
			 -ECONNREFUSED);
	assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL), 4);
}

/* R3: the other hard codes map as Linux icmp_err_convert */
static void test_r3_hard_codes(void **state)
{
	struct fix *f = *state;
	static const struct { uint8_t code; int err; } hard[] = {
		{ 2, ENOPROTOOPT }, { 6, ENETUNREACH }, { 7, EHOSTDOWN }, { 8, ENONET },
		{ 9, ENETUNREACH }, { 10, EHOSTUNREACH }, { 13, EHOSTUNREACH },
		{ 14, EHOSTUNREACH }, { 15, EHOSTUNREACH },
	};
	uint8_t buf[16];

	for (size_t i = 0; i < sizeof(hard) / sizeof(hard[0]); i++) {
		struct ik_sock_err e;

		inject(f, IKT_GW, 3, hard[i].code, 0, f->dg, f->dglen, 0);
		assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL),
				 -hard[i].err);
		assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), 0);
		assert_int_equal(e.code, hard[i].code);
		assert_true(e.hard);
	}
	/* Parameter Problem: EPROTO, hard, with the pointer as info */
	{
		struct ik_sock_err e;

		inject(f, IKT_GW, 12, 0, 9, f->dg, f->dglen, 0);
		assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL),
				 -EPROTO);
		assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), 0);
		assert_int_equal(e.type, 12);
		assert_int_equal(e.info, 9);
	}
}

/* R7: soft errors (codes 0, 1, 5, 11, 12; Time Exceeded) are queued but never
 * fail the socket's calls */
static void test_r7_soft_errors(void **state)
{
	struct fix *f = *state;
	static const struct { uint8_t type, code; int err; } soft[] = {
		{ 3, 0, ENETUNREACH }, { 3, 1, EHOSTUNREACH }, { 3, 5, EOPNOTSUPP },
		{ 3, 11, ENETUNREACH }, { 3, 12, EHOSTUNREACH }, { 11, 0, EHOSTUNREACH },
		{ 11, 1, EHOSTUNREACH },
	};
	uint8_t buf[16];

	for (size_t i = 0; i < sizeof(soft) / sizeof(soft[0]); i++) {
		struct ik_sock_err e;

		inject(f, IKT_GW, soft[i].type, soft[i].code, 0, f->dg, f->dglen, 0);
		assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL),
				 -EAGAIN);
		assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), 0);
		assert_int_equal(e.type, soft[i].type);
		assert_int_equal(e.code, soft[i].code);
		assert_int_equal(e.err, soft[i].err);
		assert_false(e.hard);
		assert_int_equal(e.offender, IKT_GW);
	}
	assert_int_equal(ik_sock_sendto(f->t->s, f->fd, "still", 5, 0, 0, 0), 5);
}

/* an unconnected socket: even a hard error only reaches the error queue
 * (Linux without IP_RECVERR reports nothing to unconnected sockets) */
static void test_r3_unconnected_queue_only(void **state)
{
	struct fix *f = *state;
	struct ik_sock_err e;
	uint8_t buf[16];
	int u = ik_sock_open(f->t->s, IK_SOCK_UDP, 0);

	assert_int_equal(ik_sock_bind(f->t->s, u, 0, 6000), 0);
	assert_int_equal(ik_sock_sendto(f->t->s, u, "0123456789", 10, IKT_C, 9999, 0), 10);
	inject(f, IKT_C, 3, 3, 0, f->t->cap.pkts[0].bytes, f->t->cap.pkts[0].len, 0);
	assert_int_equal(ik_sock_recvfrom(f->t->s, u, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	assert_int_equal(ik_sock_recverr(f->t->s, u, &e), 0);
	assert_int_equal(e.err, ECONNREFUSED);
	assert_true(e.hard);
	assert_int_equal(e.dst, IKT_C);
	assert_int_equal(e.dport, 9999);
	/* and the connected socket heard nothing */
	assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), -EAGAIN);
}

/* R2: quotes that match no socket change nothing and are counted */
static void test_r2_unmatched(void **state)
{
	struct fix *f = *state;
	struct ik_sock_err e;
	uint8_t q[128], buf[16];

	memcpy(q, f->dg, f->dglen);
	ik_put16(q + 20, (uint16_t)(f->lport + 1)); /* another source port */
	inject(f, IKT_B, 3, 3, 0, q, f->dglen, 0);
	memcpy(q, f->dg, f->dglen);
	ik_put16(q + 22, PEER_PORT + 1); /* another destination port */
	inject(f, IKT_B, 3, 3, 0, q, f->dglen, 0);
	memcpy(q, f->dg, f->dglen);
	ik_put32(q + 16, IKT_C); /* another destination */
	ik_put16(q + 10, 0);
	inject(f, IKT_B, 3, 3, 0, q, f->dglen, 0);
	assert_int_equal(ik_stack_mib(f->t->s)->c[IK_MIB_ICMP_InErrorsUnmatched], 3);
	assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), -EAGAIN);
	assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	assert_int_equal(ik_sock_sendto(f->t->s, f->fd, "ok", 2, 0, 0, 0), 2);
}

/* R4: the error queue keeps the newest cfg.sock_errq entries */
static void test_r4_errq_overflow(void **state)
{
	struct ik_stack_config c = { .sock_errq = 4 };
	struct ikt *t = ikt_new(&c);
	struct ik_sock_err e;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	(void)state;
	assert_int_equal(ik_sock_connect(t->s, fd, IKT_B, PEER_PORT), 0);
	assert_int_equal(ik_sock_sendto(t->s, fd, "0123456789", 10, 0, 0, 0), 10);
	for (uint8_t i = 0; i < 6; i++) {
		size_t n = ikt_icmp_error(pkt, IKT_GW, IKT_A, 11, 0, 0, t->cap.pkts[0].bytes,
					  t->cap.pkts[0].len);

		ikt_input(t, pkt, n, 100u + i);
	}
	for (unsigned i = 2; i < 6; i++) {
		assert_int_equal(ik_sock_recverr(t->s, fd, &e), 0);
		assert_int_equal(e.when, 100 + i);
	}
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), -EAGAIN);
	ikt_free(t);
}

/* Frag Needed on a connected socket: as Linux __udp4_lib_err, a hard
 * EMSGSIZE with the MTU as info, and the path MTU lowered (R5) */
static void test_fragneeded_emsgsize(void **state)
{
	struct fix *f = *state;
	struct ik_sock_err e;
	uint8_t buf[16];

	inject(f, IKT_GW, 3, 4, 1280, f->dg, f->dglen, 0);
	assert_int_equal(ik_pmtu_get(f->t->s, IKT_B), 1280);
	assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL), -EMSGSIZE);
	assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), 0);
	assert_int_equal(e.err, EMSGSIZE);
	assert_int_equal(e.info, 1280);
	assert_true(e.hard);
	/* with path MTU discovery off, sockets are not told */
	assert_int_equal(ik_stack_set(f->t->s, "ip_no_pmtu_disc", 1), 0);
	inject(f, IKT_GW, 3, 4, 1000, f->dg, f->dglen, 0);
	assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), -EAGAIN);
	assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
}

/**
 * struct evlog - trace events of one test
 */
struct evlog {
	unsigned n;
	char what[32][32];
	char why[32][200];
	int sock[32];
};

/**
 * ev_sink() - record events
 * @ctx: struct evlog; @ev: event
 */
static void ev_sink(void *ctx, const struct ik_event *ev)
{
	struct evlog *l = ctx;

	if (l->n >= 32)
		return;
	strncpy(l->what[l->n], ev->what, sizeof(l->what[0]) - 1);
	strncpy(l->why[l->n], ev->why ? ev->why : "", sizeof(l->why[0]) - 1);
	l->sock[l->n++] = ev->sock;
}

/**
 * ev_find() - the first event tagged @what
 * @l: log; @what: tag
 * Return: index, or -1.
 */
static int ev_find(const struct evlog *l, const char *what)
{
	for (unsigned i = 0; i < l->n; i++)
		if (!strcmp(l->what[i], what))
			return (int)i;
	return -1;
}

/* the trace names the socket, the errno and why the next call fails */
static void test_error_trace(void **state)
{
	struct fix *f = *state;
	struct evlog log = { 0 };
	uint8_t buf[16];
	int i;

	ik_stack_set_trace(f->t->s, ev_sink, &log);
	inject(f, IKT_B, 3, 3, 0, f->dg, f->dglen, 0);
	i = ev_find(&log, "sock.icmp_error");
	assert_true(i >= 0);
	assert_int_equal(log.sock[i], f->fd);
	assert_non_null(strstr(log.why[i], "ECONNREFUSED (Connection refused)"));
	assert_non_null(strstr(log.why[i], "hard: its next call fails"));
	assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL),
			 -ECONNREFUSED);
	i = ev_find(&log, "sock.pending_error");
	assert_true(i >= 0);
	assert_int_equal(log.sock[i], f->fd);
	assert_non_null(strstr(log.why[i], "recvfrom"));
	ik_stack_set_trace(f->t->s, NULL, NULL);
}

/* ---- two stacks, the study note's worked example ---- */

/**
 * struct peer - a second stack (B) with its own capture
 */
struct peer {
	struct ik_stack *s;
	uint8_t out[4][1600];
	size_t len[4];
	unsigned n;
};

/**
 * peer_xmit() - B's device: keep what B sends
 * Return: 0.
 */
static int peer_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *p,
		     size_t len, uint64_t now)
{
	struct peer *b = ctx;

	(void)ifindex;
	(void)next_hop;
	(void)now;
	if (b->n < 4 && len <= sizeof(b->out[0])) {
		memcpy(b->out[b->n], p, len);
		b->len[b->n++] = len;
	}
	return 0;
}

/* G9 end to end: A -> B:8080 (closed) -> B answers 3/3 quoting A's header
 * and data -> A's connected socket fails with ECONNREFUSED */
static void test_g9_end_to_end(void **state)
{
	struct fix *f = *state;
	static const struct ik_dev_ops ops = { .xmit = peer_xmit };
	struct peer b = { 0 };
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr m;
	uint8_t buf[16];
	int h;

	b.s = ik_stack_new(NULL, &ops, &b);
	assert_non_null(b.s);
	assert_true(ik_stack_add_iface(b.s, "eth0", IKT_B, 24, 1500) > 0);
	ik_stack_input(b.s, 1, f->dg, f->dglen, 0, 1000);
	assert_int_equal(ik_stack_mib(b.s)->c[IK_MIB_UDP_NoPorts], 1);
	assert_int_equal(b.n, 1);
	h = ik_ipv4_parse(b.out[0], b.len[0], 0, &ip, NULL);
	assert_true(h >= 20);
	assert_int_equal(ip.src, IKT_B);
	assert_int_equal(ip.dst, IKT_A);
	assert_int_equal(ik_icmp_parse(b.out[0] + h, b.len[0] - (size_t)h, 0, &m, NULL),
			 (int)(b.len[0] - (size_t)h));
	assert_int_equal(m.type, 3);
	assert_int_equal(m.code, 3);
	assert_true(m.quote_len >= 28);
	assert_memory_equal(m.quote, f->dg, 28); /* header + 8 octets, unchanged */
	/* back at A */
	ikt_input(f->t, b.out[0], b.len[0], 2000);
	assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL),
			 -ECONNREFUSED);
	assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	ik_stack_free(b.s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_r3_port_unreachable_connected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r3_pending_on_sendto, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r3_pending_before_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r3_hard_codes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r7_soft_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r3_unconnected_queue_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r2_unmatched, setup, teardown),
		cmocka_unit_test(test_r4_errq_overflow),
		cmocka_unit_test_setup_teardown(test_fragneeded_emsgsize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_trace, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g9_end_to_end, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
