// SPDX-License-Identifier: MIT
/*
 * test_stack_raw.c - raw sockets by protocol number: a copy of every
 * datagram of their protocol, the suppression of Protocol Unreachable for a
 * claimed number (CONFORMANCE G10), raw output, and errors quoting raw
 * datagrams (R1).
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

/**
 * proto_dgram() - a datagram of protocol @proto from @src to @dst
 * @buf: output; @src/@dst: addresses; @proto: protocol; @data/@n: payload
 * Return: length.
 */
static size_t proto_dgram(uint8_t *buf, uint32_t src, uint32_t dst, uint8_t proto,
			  const void *data, size_t n)
{
	struct ik_ipv4_repr ip = ikt_ip_defaults(src, dst, proto);

	return ikt_ip(buf, &ip, data, n);
}

/* a raw socket for 47 gets every GRE datagram whole; no Protocol
 * Unreachable goes back for 47, while 132 (unclaimed) gets one (G10) */
static void test_raw_delivery_suppresses_proto_unreach(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr m;
	uint8_t buf[128];
	uint32_t from;
	uint16_t port = 9;
	int fd = ik_sock_open(t->s, IK_SOCK_RAW, 47);
	size_t n;

	assert_true(fd >= 0);
	n = proto_dgram(pkt, IKT_B, IKT_A, 47, "gre-payload", 11);
	assert_int_equal(ikt_input(t, pkt, n, 0), 0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_IP_InUnknownProtos], 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 1);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), &from, &port), (ssize_t)n);
	assert_memory_equal(buf, pkt, n); /* IP header included, unchanged */
	assert_int_equal(from, IKT_B);
	assert_int_equal(port, 0);

	n = proto_dgram(pkt, IKT_B, IKT_A, 132, "sctp", 4);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, &ip, &m), 0);
	assert_int_equal(m.type, 3);
	assert_int_equal(m.code, 2);
	assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_IP_InUnknownProtos], 1);

	/* once the socket is closed, 47 is answered too */
	ikt_clear(t);
	assert_int_equal(ik_sock_close(t->s, fd), 0);
	n = proto_dgram(pkt, IKT_B, IKT_A, 47, "gre-payload", 11);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, &ip, &m), 0);
	assert_int_equal(m.code, 2);
}

/* every raw socket of the protocol gets its own copy; others get none; the
 * bound address and the peer filter like Linux raw_v4_match */
static void test_raw_copies_and_filters(void **state)
{
	struct ikt *t = *state;
	int a = ik_sock_open(t->s, IK_SOCK_RAW, 47);
	int b = ik_sock_open(t->s, IK_SOCK_RAW, 47);
	int other = ik_sock_open(t->s, IK_SOCK_RAW, 50);
	int conn = ik_sock_open(t->s, IK_SOCK_RAW, 47);
	int bound = ik_sock_open(t->s, IK_SOCK_RAW, 47);
	uint16_t p;
	size_t n;

	assert_int_equal(ik_sock_open(t->s, IK_SOCK_RAW, 0), -EINVAL);
	assert_int_equal(ik_sock_connect(t->s, conn, IKT_C, 0), 0);
	assert_int_equal(ik_sock_bind(t->s, bound, 0xc00002ffu, 0), 0); /* the broadcast */
	assert_int_equal(ik_sock_local(t->s, a, NULL, &p), 0);
	assert_int_equal(p, 47); /* as Linux getsockname on a raw socket */
	n = proto_dgram(pkt, IKT_B, IKT_A, 47, "x", 1);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_pending(t->s, a), 1);
	assert_int_equal(ik_sock_pending(t->s, b), 1);
	assert_int_equal(ik_sock_pending(t->s, other), 0);
	assert_int_equal(ik_sock_pending(t->s, conn), 0);  /* not from its peer */
	assert_int_equal(ik_sock_pending(t->s, bound), 0); /* not to its address */
	n = proto_dgram(pkt, IKT_C, IKT_A, 47, "y", 1);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_pending(t->s, conn), 1);
	assert_int_equal(ik_sock_pending(t->s, a), 2);
	assert_int_equal(t->cap.n, 0);
}

/* a raw ICMP socket sees echo requests, which the stack still answers */
static void test_raw_icmp_copy(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_RAW, 1);
	uint8_t buf[128];
	size_t n = ikt_echo(pkt, 8, IKT_B, IKT_A, 0x77, 1, "hi", 2);

	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), NULL, NULL), (ssize_t)n);
	assert_memory_equal(buf, pkt, n);
	assert_int_equal(t->cap.n, 1); /* the echo reply */
}

/* raw output: the stack adds the header with the socket's protocol */
static void test_raw_sendto_exact_bytes(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_RAW, 253);
	static const uint8_t payload[6] = { 1, 2, 3, 4, 5, 6 };
	struct ik_ipv4_repr ip;

	assert_int_equal(ik_sock_sendto(t->s, fd, payload, sizeof(payload), IKT_B, 0, 0), 6);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(t->cap.pkts[0].len, 26);
	assert_int_equal(ikt_parse(t, 0, &ip, NULL), 0);
	assert_int_equal(ip.proto, 253);
	assert_int_equal(ip.src, IKT_A);
	assert_int_equal(ip.dst, IKT_B);
	assert_int_equal(ip.ttl, 64);
	assert_true(ip.df);
	assert_memory_equal(t->cap.pkts[0].bytes + 20, payload, sizeof(payload));
	assert_int_equal(ik_sock_sendto(t->s, fd, payload, 6, 0, 0, 0), -EDESTADDRREQ);
	assert_int_equal(ik_sock_sendto(t->s, fd, payload, 6, 0x0a000001u, 0, 0), -ENETUNREACH);
}

/* R1 for raw: a Protocol Unreachable quoting our datagram goes to the raw
 * sockets of that protocol; hard, so a connected one's next call fails */
static void test_raw_error(void **state)
{
	struct ikt *t = *state;
	struct ik_sock_err e;
	uint8_t buf[64];
	int un = ik_sock_open(t->s, IK_SOCK_RAW, 47);
	int conn = ik_sock_open(t->s, IK_SOCK_RAW, 47);
	int other = ik_sock_open(t->s, IK_SOCK_RAW, 50);
	size_t n;

	assert_int_equal(ik_sock_connect(t->s, conn, IKT_B, 0), 0);
	assert_int_equal(ik_sock_sendto(t->s, conn, "gre-payload", 11, 0, 0, 0), 11);
	n = ikt_icmp_error(pkt, IKT_B, IKT_A, 3, 2, 0, t->cap.pkts[0].bytes, t->cap.pkts[0].len);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_recvfrom(t->s, conn, buf, sizeof(buf), NULL, NULL), -ENOPROTOOPT);
	assert_int_equal(ik_sock_recvfrom(t->s, conn, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	assert_int_equal(ik_sock_recverr(t->s, conn, &e), 0);
	assert_int_equal(e.err, ENOPROTOOPT);
	assert_int_equal(e.type, 3);
	assert_int_equal(e.code, 2);
	assert_int_equal(e.offender, IKT_B);
	assert_int_equal(e.dst, IKT_B);
	assert_true(e.hard);
	/* the unconnected one hears it on its error queue only */
	assert_int_equal(ik_sock_recverr(t->s, un, &e), 0);
	assert_int_equal(e.err, ENOPROTOOPT);
	assert_int_equal(ik_sock_recvfrom(t->s, un, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	assert_int_equal(ik_sock_recverr(t->s, other, &e), -EAGAIN);
}

/* a full raw receive buffer drops the copy (InDiscards) but the number stays
 * claimed: no Protocol Unreachable */
static void test_raw_rcvbuf_full(void **state)
{
	struct ik_stack_config c = { .sock_rcvbuf = 64 };
	struct ikt *t = ikt_new(&c);
	int fd = ik_sock_open(t->s, IK_SOCK_RAW, 47);
	uint8_t data[40] = { 0 };
	size_t n = proto_dgram(pkt, IKT_B, IKT_A, 47, data, sizeof(data));

	(void)state;
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_IP_InDiscards], 1);
	assert_int_equal(t->cap.n, 0);
	ikt_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_raw_delivery_suppresses_proto_unreach, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_raw_copies_and_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_icmp_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_sendto_exact_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raw_error, setup, teardown),
		cmocka_unit_test(test_raw_rcvbuf_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
