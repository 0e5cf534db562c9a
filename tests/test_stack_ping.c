// SPDX-License-Identifier: MIT
/*
 * test_stack_ping.c - ping sockets, the echo Identifier as a port:
 * CONFORMANCE P1 (bound or assigned free), P2 (written by the stack into
 * every request; replies reach only the owner), P3 (errors quoting our
 * requests reach the sender).
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
#include "refsum.h"

static uint8_t pkt[70000];

/**
 * ref_csum() - RFC 1071 checksum written out plainly
 * @p: data; @n: octets
 * Return: the checksum of @p (0 over a message whose field is right).
 */
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

/**
 * echo_req() - an Echo Request as an application writes it
 * @buf: output (8 + @n); @ident: what the application put (the stack
 * overwrites it); @seq: sequence; @data/@n: data
 * Return: length.
 */
static size_t echo_req(uint8_t *buf, uint16_t ident, uint16_t seq, const void *data, size_t n)
{
	buf[0] = 8;
	buf[1] = 0;
	ik_put16(buf + 2, 0xbeef); /* wrong on purpose: the stack computes it */
	ik_put16(buf + 4, ident);
	ik_put16(buf + 6, seq);
	memcpy(buf + 8, data, n);
	return 8 + n;
}

/* P1: explicit bind, EADDRINUSE on the same identifier, local shows it */
static void test_p1_bind_identifier(void **state)
{
	struct ikt *t = *state;
	int a = ik_sock_open(t->s, IK_SOCK_PING, 0);
	int b = ik_sock_open(t->s, IK_SOCK_PING, 0);
	int u = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	uint16_t id;

	assert_int_equal(ik_sock_bind(t->s, a, 0, 0x1234), 0);
	assert_int_equal(ik_sock_local(t->s, a, NULL, &id), 0);
	assert_int_equal(id, 0x1234);
	/* Linux ping_get_port: an identifier is held whatever the address */
	assert_int_equal(ik_sock_bind(t->s, b, IKT_A, 0x1234), -EADDRINUSE);
	assert_int_equal(ik_sock_bind(t->s, a, 0, 0x1235), -EINVAL);
	/* UDP ports and identifiers are separate spaces */
	assert_int_equal(ik_sock_bind(t->s, u, 0, 0x1234), 0);
	assert_int_equal(ik_sock_bind(t->s, b, 0, 0), 0);
	assert_int_equal(ik_sock_local(t->s, b, NULL, &id), 0);
	assert_true(id != 0 && id != 0x1234);
	assert_int_equal(ik_sock_close(t->s, a), 0);
	a = ik_sock_open(t->s, IK_SOCK_PING, 0);
	assert_int_equal(ik_sock_bind(t->s, a, 0, 0x1234), 0);
}

/* P1: identifiers assigned on first send never collide */
static void test_p1_autobind_unique(void **state)
{
	enum { N = 2000 };
	struct ik_stack_config c = { .max_socks = N, .sock_rcvbuf = 128, .sock_errq = 1 };
	struct ikt *t = ikt_new(&c);
	static uint8_t seen[65536];
	uint8_t req[16];
	size_t n = echo_req(req, 0, 1, "abcdefgh", 8);

	(void)state;
	memset(seen, 0, sizeof(seen));
	for (int i = 0; i < N; i++) {
		int fd = ik_sock_open(t->s, IK_SOCK_PING, 0);
		uint16_t id = 0;

		assert_true(fd >= 0);
		assert_int_equal(ik_sock_local(t->s, fd, NULL, &id), 0);
		assert_int_equal(id, 0); /* not yet */
		assert_int_equal(ik_sock_sendto(t->s, fd, req, n, IKT_B, 0, 0), (ssize_t)n);
		assert_int_equal(ik_sock_local(t->s, fd, NULL, &id), 0);
		assert_true(id != 0);
		assert_int_equal(seen[id], 0);
		seen[id] = 1;
		/* and it is the one on the wire */
		assert_int_equal(ik_get16(t->cap.pkts[t->cap.n - 1].bytes + 24), id);
		if (t->cap.n > 1000)
			ikt_clear(t);
	}
	ikt_free(t);
}

/* P2: the stack writes each socket's identifier into its requests, with a
 * correct checksum; sequence and data are the application's */
static void test_p2_identifier_written(void **state)
{
	struct ikt *t = *state;
	static const uint16_t ids[3] = { 0x1111, 0x2222, 0x3333 };
	uint8_t req[32];
	int fd[3];

	for (int i = 0; i < 3; i++) {
		size_t n = echo_req(req, 0xdead, (uint16_t)(i + 1), "0123456789", 10);
		const uint8_t *b;

		fd[i] = ik_sock_open(t->s, IK_SOCK_PING, 0);
		assert_int_equal(ik_sock_bind(t->s, fd[i], 0, ids[i]), 0);
		assert_int_equal(ik_sock_sendto(t->s, fd[i], req, n, IKT_B, 0, 0), (ssize_t)n);
		assert_int_equal(t->cap.n, (size_t)i + 1);
		b = t->cap.pkts[i].bytes;
		assert_int_equal(t->cap.pkts[i].len, 20 + n);
		assert_int_equal(b[9], 1);
		assert_int_equal(ik_get32(b + 12), IKT_A);
		assert_int_equal(ik_get32(b + 16), IKT_B);
		assert_int_equal(ik_get16(b + 6), 0x4000); /* DF as Linux "want" */
		assert_int_equal(b[20], 8);
		assert_int_equal(b[21], 0);
		assert_int_equal(ik_get16(b + 24), ids[i]);
		assert_int_equal(ik_get16(b + 26), i + 1);
		assert_memory_equal(b + 28, "0123456789", 10);
		assert_int_equal(ref_csum(b + 20, n), 0);
	}
	assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_ICMP_OutEchos], 3);
	assert_int_equal(ik_stack_mib(t->s)->out_type[8], 3);
}

/* P2: a reply reaches only the socket owning its identifier; an unknown
 * identifier reaches nobody and is counted */
static void test_p2_reply_demux(void **state)
{
	struct ikt *t = *state;
	static const uint16_t ids[3] = { 0x1111, 0x2222, 0x3333 };
	uint8_t buf[64];
	uint32_t from;
	uint16_t port = 77;
	int fd[3];

	for (int i = 0; i < 3; i++) {
		fd[i] = ik_sock_open(t->s, IK_SOCK_PING, 0);
		assert_int_equal(ik_sock_bind(t->s, fd[i], 0, ids[i]), 0);
	}
	/* replies in the order 3, 1, 2, each carrying its socket's number */
	for (int k = 0; k < 3; k++) {
		int i = (k + 2) % 3;
		uint8_t data[4] = { 'r', 'e', 'p', (uint8_t)('0' + i) };
		size_t n = ikt_echo(pkt, 0, IKT_B, IKT_A, ids[i], (uint16_t)(100 + i), data, 4);

		assert_int_equal(ikt_input(t, pkt, n, 0), 0);
	}
	for (int i = 0; i < 3; i++) {
		size_t n = ikt_echo(pkt, 0, IKT_B, IKT_A, ids[i], (uint16_t)(100 + i),
				    (uint8_t[]){ 'r', 'e', 'p', (uint8_t)('0' + i) }, 4);

		assert_int_equal(ik_sock_pending(t->s, fd[i]), 1);
		/* recvfrom gives the ICMP message: the reply's header and data */
		assert_int_equal(ik_sock_recvfrom(t->s, fd[i], buf, sizeof(buf), &from, &port), 12);
		assert_memory_equal(buf, pkt + 20, 12);
		assert_int_equal(n, 32);
		assert_int_equal(buf[0], 0);
		assert_int_equal(ik_get16(buf + 4), ids[i]);
		assert_int_equal(from, IKT_B);
		assert_int_equal(port, 0);
		assert_int_equal(ik_sock_pending(t->s, fd[i]), 0);
	}
	/* nobody owns 0x4444 */
	{
		size_t n = ikt_echo(pkt, 0, IKT_B, IKT_A, 0x4444, 1, "x", 1);
		uint64_t before = ik_stack_mib(t->s)->c[IK_MIB_ICMP_InEchoReps];

		ikt_input(t, pkt, n, 0);
		assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_ICMP_InEchoReps], before + 1);
		for (int i = 0; i < 3; i++)
			assert_int_equal(ik_sock_pending(t->s, fd[i]), 0);
	}
	assert_int_equal(t->cap.n, 0);
}

/* a connected ping socket takes replies only from its peer */
static void test_ping_connected_peer(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_PING, 0);
	uint8_t req[16];
	uint32_t la;
	uint16_t id;
	size_t n;

	assert_int_equal(ik_sock_connect(t->s, fd, IKT_B, 0), 0);
	assert_int_equal(ik_sock_local(t->s, fd, &la, &id), 0);
	assert_int_equal(la, IKT_A);
	assert_true(id != 0);
	n = echo_req(req, 0, 9, "q", 1);
	assert_int_equal(ik_sock_sendto(t->s, fd, req, n, 0, 0, 0), (ssize_t)n);
	assert_int_equal(ik_get32(t->cap.pkts[0].bytes + 16), IKT_B);
	n = ikt_echo(pkt, 0, IKT_C, IKT_A, id, 9, "q", 1);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	n = ikt_echo(pkt, 0, IKT_B, IKT_A, id, 9, "q", 1);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 1);
}

/* ping sendto takes only Echo Requests */
static void test_ping_sendto_validation(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_PING, 0);
	uint8_t m[12] = { 8, 0, 0, 0, 0, 1, 0, 1, 'a', 'b', 'c', 'd' };

	assert_int_equal(ik_sock_sendto(t->s, fd, m, 7, IKT_B, 0, 0), -EINVAL);
	m[0] = 0;
	assert_int_equal(ik_sock_sendto(t->s, fd, m, sizeof(m), IKT_B, 0, 0), -EINVAL);
	m[0] = 13;
	assert_int_equal(ik_sock_sendto(t->s, fd, m, sizeof(m), IKT_B, 0, 0), -EINVAL);
	m[0] = 8;
	m[1] = 1;
	assert_int_equal(ik_sock_sendto(t->s, fd, m, sizeof(m), IKT_B, 0, 0), -EINVAL);
	m[1] = 0;
	assert_int_equal(ik_sock_sendto(t->s, fd, m, sizeof(m), 0, 0, 0), -EDESTADDRREQ);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(ik_sock_sendto(t->s, fd, m, sizeof(m), IKT_B, 0, 0), 12);
	assert_int_equal(t->cap.n, 1);
}

/* P3: an error quoting our request reaches the socket that sent it (by the
 * quoted identifier), with the quoted sequence; the others see nothing */
static void test_p3_error_to_sender(void **state)
{
	struct ikt *t = *state;
	struct ik_sock_err e;
	uint8_t req[16], buf[32];
	int a = ik_sock_open(t->s, IK_SOCK_PING, 0);
	int b = ik_sock_open(t->s, IK_SOCK_PING, 0);
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, a, 0, 0x0a0a), 0);
	assert_int_equal(ik_sock_bind(t->s, b, 0, 0x0b0b), 0);
	n = echo_req(req, 0, 42, "data", 4);
	assert_int_equal(ik_sock_sendto(t->s, b, req, n, IKT_FAR, 0, 0), (ssize_t)n);
	assert_int_equal(t->cap.n, 1);
	/* the gateway says the host is unreachable, quoting our request */
	n = ikt_icmp_error(pkt, IKT_GW, IKT_A, 3, 1, 0, t->cap.pkts[0].bytes,
			   t->cap.pkts[0].len);
	ikt_input(t, pkt, n, 1000);
	assert_int_equal(ik_sock_recverr(t->s, a, &e), -EAGAIN);
	assert_int_equal(ik_sock_recverr(t->s, b, &e), 0);
	assert_int_equal(e.err, EHOSTUNREACH);
	assert_int_equal(e.origin, IK_EE_ORIGIN_ICMP);
	assert_int_equal(e.type, 3);
	assert_int_equal(e.code, 1);
	assert_int_equal(e.offender, IKT_GW);
	assert_int_equal(e.dst, IKT_FAR);
	assert_int_equal(e.dport, 42);
	assert_false(e.hard);
	assert_int_equal(e.when, 1000);
	assert_int_equal(ik_sock_recverr(t->s, b, &e), -EAGAIN);
	/* soft, and the socket unconnected: nothing pending */
	assert_int_equal(ik_sock_recvfrom(t->s, b, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_ICMP_InErrorsUnmatched], 0);

	/* an error quoting an identifier nobody holds is unmatched (R2) */
	ik_put16(t->cap.pkts[0].bytes + 24, 0x0c0c);
	n = ikt_icmp_error(pkt, IKT_GW, IKT_A, 3, 1, 0, t->cap.pkts[0].bytes,
			   t->cap.pkts[0].len);
	ikt_input(t, pkt, n, 2000);
	assert_int_equal(ik_sock_recverr(t->s, a, &e), -EAGAIN);
	assert_int_equal(ik_sock_recverr(t->s, b, &e), -EAGAIN);
	assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_ICMP_InErrorsUnmatched], 1);
}

/* P3 with a hard error on a connected ping socket: its next call fails */
static void test_p3_hard_error_connected(void **state)
{
	struct ikt *t = *state;
	struct ik_sock_err e;
	uint8_t req[16], buf[32];
	int fd = ik_sock_open(t->s, IK_SOCK_PING, 0);
	size_t n;

	assert_int_equal(ik_sock_connect(t->s, fd, IKT_B, 0), 0);
	n = echo_req(req, 0, 7, "data", 4);
	assert_int_equal(ik_sock_sendto(t->s, fd, req, n, 0, 0, 0), (ssize_t)n);
	/* Parameter Problem is hard (EPROTO) */
	n = ikt_icmp_error(pkt, IKT_B, IKT_A, 12, 0, 1, t->cap.pkts[0].bytes, 28);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), NULL, NULL), -EPROTO);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), 0);
	assert_int_equal(e.err, EPROTO);
	assert_int_equal(e.type, 12);
	assert_int_equal(e.info, 1);
	assert_true(e.hard);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_p1_bind_identifier, setup, teardown),
		cmocka_unit_test(test_p1_autobind_unique),
		cmocka_unit_test_setup_teardown(test_p2_identifier_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p2_reply_demux, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_connected_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ping_sendto_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p3_error_to_sender, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p3_hard_error_connected, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
