// SPDX-License-Identifier: MIT
/*
 * test_stack_sock6.c - IPv6 UDP and ping sockets: the bytes they send,
 * delivery by port and by echo Identifier (the note's third lesson),
 * "Connection refused" from a Port Unreachable (the second), the error
 * queue with origin ICMP6, and the IPv4 calls refusing IPv6 sockets
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
#include "icmpkit/sock.h"
#include "test6.h"

#define MS 1000000ull

static int setup(void **state)
{
	*state = t6_new(NULL);
	return 0;
}

static int teardown(void **state)
{
	ikt_free(*state);
	return 0;
}

/* sendto6: a UDP datagram from our address and the socket's port, its
 * checksum right; a reply to that port comes back with its source */
static void udp_send_recv(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP6, 0);
	uint8_t p[256], buf[64], from[16], la[16];
	uint16_t port, lport;
	struct t6_msg m;

	assert_true(fd >= 0);
	assert_int_equal(ik_sock_bind6(t->s, fd, NULL, 5353), 0);
	assert_int_equal(ik_sock_sendto6(t->s, fd, "query", 5, T6_B, 53, 1000), 5);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_memory_equal(m.src, T6_A, 16);
	assert_memory_equal(m.dst, T6_B, 16);
	assert_int_equal(m.nh, 17);
	assert_int_equal(ik_get16(m.l4), 5353);
	assert_int_equal(ik_get16(m.l4 + 2), 53);
	assert_int_equal(ik_get16(m.l4 + 4), 13);
	assert_memory_equal(m.l4 + 8, "query", 5);
	assert_true(m.sum_ok);
	assert_int_equal(T6MIB(t, UDP6_OutDatagrams), 1);

	size_t n = t6_udp(p, T6_B, T6_A, 53, 5353, "answer", 6);

	assert_int_equal(ikt_input(t, p, n, 2000), 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 1);
	assert_int_equal(ik_sock_recvfrom6(t->s, fd, buf, sizeof(buf), from, &port), 6);
	assert_memory_equal(buf, "answer", 6);
	assert_memory_equal(from, T6_B, 16);
	assert_int_equal(port, 53);
	assert_int_equal(ik_sock_recvfrom6(t->s, fd, buf, sizeof(buf), from, &port), -EAGAIN);
	assert_int_equal(T6MIB(t, UDP6_InDatagrams), 1);
	/* truncated as MSG_TRUNC */
	assert_int_equal(ikt_input(t, p, n, 3000), 0);
	assert_int_equal(ik_sock_recvfrom6(t->s, fd, buf, 3, NULL, NULL), 3);
	assert_memory_equal(buf, "ans", 3);
	assert_int_equal(ik_sock_local6(t->s, fd, la, &lport), 0);
	assert_memory_equal(la, (uint8_t[16]){ 0 }, 16);
	assert_int_equal(lport, 5353);
	/* the IPv4 calls refuse it, and the IPv6 ones an IPv4 socket */
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, IKT_B, 9, 0), -EAFNOSUPPORT);
	assert_int_equal(ik_sock_bind(t->s, fd, 0, 1), -EAFNOSUPPORT);
	int fd4 = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	assert_int_equal(ik_sock_sendto6(t->s, fd4, "x", 1, T6_B, 9, 0), -EAFNOSUPPORT);
	/* IPv4 and IPv6 ports apart (IPV6_V6ONLY) */
	assert_int_equal(ik_sock_bind(t->s, fd4, 0, 5353), 0);
	assert_int_equal(ik_sock_close(t->s, fd4), 0);
	assert_int_equal(ik_sock_close(t->s, fd), 0);
}

/* demultiplexing: the socket bound to the address before the one bound to
 * ::; a second bind to the same port and address is refused */
static void udp_demux(void **state)
{
	struct ikt *t = *state;
	int any = ik_sock_open(t->s, IK_SOCK_UDP6, 0), one = ik_sock_open(t->s, IK_SOCK_UDP6, 0);
	int dup = ik_sock_open(t->s, IK_SOCK_UDP6, 0);
	uint8_t p[128], buf[16];
	size_t n = t6_udp(p, T6_B, T6_A, 1000, 7000, "hi", 2);

	assert_int_equal(ik_sock_bind6(t->s, any, NULL, 7000), 0);
	assert_int_equal(ik_sock_bind6(t->s, one, T6_A, 7000), -EADDRINUSE);
	assert_int_equal(ik_sock_bind6(t->s, dup, NULL, 7000), -EADDRINUSE);
	assert_int_equal(ik_sock_bind6(t->s, dup, T6_FAR, 7001), -EADDRNOTAVAIL);
	ik_sock_close(t->s, any);
	any = ik_sock_open(t->s, IK_SOCK_UDP6, 0);
	assert_int_equal(ik_sock_bind6(t->s, one, T6_A, 7000), 0);
	assert_int_equal(ik_sock_bind6(t->s, any, NULL, 7000), -EADDRINUSE);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(ik_sock_recvfrom6(t->s, one, buf, sizeof(buf), NULL, NULL), 2);
	assert_int_equal(t->cap.n, 0);
}

/* connect6 + Port Unreachable: the next call fails with ECONNREFUSED, the
 * error queue says who and what (origin ICMP6, Type 1 Code 4) */
static void udp_refused(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP6, 0);
	uint8_t p[256], q[128], err[256], buf[8];
	struct ik_sock_err e;

	assert_int_equal(ik_sock_connect6(t->s, fd, T6_B, 8080), 0);
	assert_int_equal(ik_sock_sendto6(t->s, fd, "ping", 4, NULL, 0, 1000), 4);
	assert_int_equal(t->cap.n, 1);
	memcpy(q, t->cap.pkts[0].bytes, t->cap.pkts[0].len);
	memcpy(err, (uint8_t[8]){ 1, 4, 0, 0, 0, 0, 0, 0 }, 8);
	memcpy(err + 8, q, t->cap.pkts[0].len);
	size_t n = t6_build(p, T6_B, T6_A, 58, NULL, 0, err, 8 + t->cap.pkts[0].len);

	assert_int_equal(ikt_input(t, p, n, 2000), 0);
	assert_int_equal(ik_sock_recvfrom6(t->s, fd, buf, sizeof(buf), NULL, NULL), -ECONNREFUSED);
	assert_int_equal(ik_sock_recvfrom6(t->s, fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), 0);
	assert_int_equal(e.err, ECONNREFUSED);
	assert_int_equal(e.origin, IK_EE_ORIGIN_ICMP6);
	assert_int_equal(e.type, 1);
	assert_int_equal(e.code, 4);
	assert_memory_equal(e.offender6, T6_B, 16);
	assert_memory_equal(e.dst6, T6_B, 16);
	assert_int_equal(e.dport, 8080);
	assert_true(e.hard);
	assert_int_equal(T6MIB(t, ICMP6_InDestUnreachs), 1);
	/* a Time Exceeded is soft: the queue only */
	err[0] = 3;
	err[1] = 0;
	n = t6_build(p, T6_FAR, T6_A, 58, NULL, 0, err, 8 + t->cap.pkts[0].len);
	assert_int_equal(ikt_input(t, p, n, 3000), 0);
	assert_int_equal(ik_sock_sendto6(t->s, fd, "x", 1, NULL, 0, 4000), 1);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), 0);
	assert_int_equal(e.err, EHOSTUNREACH);
	assert_false(e.hard);
	assert_memory_equal(e.offender6, T6_FAR, 16);
	/* an error quoting a port no socket uses: unmatched */
	ik_sock_close(t->s, fd);
	assert_int_equal(ikt_input(t, p, n, 5000), 0);
	assert_int_equal(T6MIB(t, ICMP6_InErrorsUnmatched), 1);
}

/* ping6: the Identifier is the socket's, the reply with it comes back to
 * that socket only */
static void ping_ident(void **state)
{
	struct ikt *t = *state;
	int a = ik_sock_open(t->s, IK_SOCK_PING6, 0), b = ik_sock_open(t->s, IK_SOCK_PING6, 0);
	uint8_t req[16] = { 128, 0, 0, 0, 0, 0, 0, 1, 'd', 'a', 't', 'a' };
	uint8_t p[128], buf[64], from[16];
	uint16_t ida, idb;
	struct t6_msg m;

	assert_int_equal(ik_sock_bind6(t->s, a, NULL, 0x1111), 0);
	assert_int_equal(ik_sock_bind6(t->s, b, NULL, 0x2222), 0);
	assert_int_equal(ik_sock_sendto6(t->s, a, req, 12, T6_B, 0, 1000), 12);
	t6_parse(t, 0, &m);
	assert_int_equal(m.nh, 58);
	assert_int_equal(m.l4[0], 128);
	assert_int_equal(ik_get16(m.l4 + 4), 0x1111);
	assert_int_equal(ik_get16(m.l4 + 6), 1);
	assert_true(m.sum_ok);
	assert_int_equal(T6MIB(t, ICMP6_OutEchos), 1);
	ik_sock_local6(t->s, a, NULL, &ida);
	ik_sock_local6(t->s, b, NULL, &idb);
	size_t n = t6_echo(p, T6_B, T6_A, 129, idb, 1, "data", 4);

	assert_int_equal(ikt_input(t, p, n, 2000), 0);
	assert_int_equal(ik_sock_pending(t->s, a), 0);
	assert_int_equal(ik_sock_recvfrom6(t->s, b, buf, sizeof(buf), from, NULL), 12);
	assert_int_equal(buf[0], 129);
	assert_memory_equal(from, T6_B, 16);
	n = t6_echo(p, T6_B, T6_A, 129, 0x3333, 1, "data", 4);
	assert_int_equal(ikt_input(t, p, n, 2000), 0);
	assert_int_equal(ik_sock_pending(t->s, a) + ik_sock_pending(t->s, b), 0);
	/* only Echo Requests may be sent */
	req[0] = 129;
	assert_int_equal(ik_sock_sendto6(t->s, a, req, 12, T6_B, 0, 1000), -EINVAL);
	/* a Destination Unreachable quoting our request reaches socket a */
	uint8_t err[256] = { 1, 3, 0, 0, 0, 0, 0, 0 };

	memcpy(err + 8, t->cap.pkts[0].bytes, t->cap.pkts[0].len);
	n = t6_build(p, T6_FAR, T6_A, 58, NULL, 0, err, 8 + t->cap.pkts[0].len);
	assert_int_equal(ikt_input(t, p, n, 3000), 0);
	struct ik_sock_err e;

	assert_int_equal(ik_sock_recverr(t->s, a, &e), 0);
	assert_int_equal(e.err, EHOSTUNREACH);
	assert_int_equal(e.dport, 1); /* the sequence */
	assert_int_equal(ik_sock_recverr(t->s, b, &e), -EAGAIN);
}

/* a link-local peer: out of the interface, from our link-local address */
static void link_local_peer(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP6, 0);
	uint8_t ll[16];
	struct t6_msg m;

	ik_stack_iface_addr6(t->s, t->ifindex, 0, ll, NULL);
	assert_int_equal(ik_sock_sendto6(t->s, fd, "x", 1, T6_BLL, 9, 1000), 1);
	t6_parse(t, 0, &m);
	assert_memory_equal(m.src, ll, 16);
	assert_int_equal(t->cap.pkts[0].ifindex, t->ifindex);
	/* no route off-link */
	assert_int_equal(ik_sock_sendto6(t->s, fd, "x", 1, T6_FAR, 9, 1000), -ENETUNREACH);
	assert_int_equal(T6MIB(t, IP6_OutNoRoutes), 1);
	/* with a default route through the router's link-local address */
	struct ik_route6_spec r = { .prefix = 0, .ifindex = t->ifindex };

	memcpy(r.gw, T6_BLL, 16);
	assert_int_equal(ik_stack_route6_add(t->s, &r), 0);
	assert_int_equal(ik_sock_sendto6(t->s, fd, "x", 1, T6_FAR, 9, 1000), 1);
	t6_parse(t, 1, &m);
	assert_memory_equal(m.src, T6_A, 16);
	assert_memory_equal(m.dst, T6_FAR, 16);
	assert_memory_equal(t->cap.pkts[1].next_hop6, T6_BLL, 16);
}

/* Packet Too Big (RFC 8201): the path MTU drops, never below 1280 (a
 * report of 1000 is ignored, as Linux, RFC 8201 4); the next datagrams leave in
 * fragments that fit; the socket hears EMSGSIZE with the MTU; ten minutes
 * later the path MTU is forgotten */
static void packet_too_big(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP6, 0);
	static uint8_t data[2000], p[1600], err[1600];
	struct ik_sock_err e;
	size_t n;

	assert_int_equal(ik_pmtu6_get(t->s, T6_FAR), 0); /* no route yet */
	assert_int_equal(ik_pmtu6_get(t->s, T6_B), 1500);
	assert_int_equal(ik_sock_connect6(t->s, fd, T6_B, 9), 0);
	assert_int_equal(ik_sock_sendto6(t->s, fd, data, sizeof(data), NULL, 0, 1000), 2000);
	assert_int_equal(t->cap.n, 2); /* two fragments at 1500 */
	memcpy(err, (uint8_t[8]){ 2, 0, 0, 0, 0, 0, 0x05, 0x78 }, 8); /* MTU 1400 */
	memcpy(err + 8, t->cap.pkts[0].bytes, 1232);
	n = t6_build(p, T6_C, T6_A, 58, NULL, 0, err, 8 + 1232);
	assert_int_equal(ikt_input(t, p, n, 2000), 0);
	assert_int_equal(ik_pmtu6_get(t->s, T6_B), 1400);
	assert_int_equal(T6MIB(t, ICMP6_InPktTooBigs), 1);
	assert_int_equal(ik_sock_sendto6(t->s, fd, data, sizeof(data), NULL, 0, 3000), -EMSGSIZE);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), 0);
	assert_int_equal(e.err, EMSGSIZE);
	assert_int_equal(e.info, 1400);
	assert_int_equal(e.origin, IK_EE_ORIGIN_ICMP6);
	ikt_clear(t);
	assert_int_equal(ik_sock_sendto6(t->s, fd, data, sizeof(data), NULL, 0, 4000), 2000);
	assert_int_equal(t->cap.n, 2);
	for (size_t i = 0; i < t->cap.n; i++)
		assert_true(t->cap.pkts[i].len <= 1400);
	/* 1000 < 1280: ignored; 1280 taken; a higher report does not raise it */
	err[6] = 0x03;
	err[7] = 0xe8;
	n = t6_build(p, T6_C, T6_A, 58, NULL, 0, err, 8 + 1232);
	assert_int_equal(ikt_input(t, p, n, 5000), 0);
	assert_int_equal(ik_pmtu6_get(t->s, T6_B), 1400);
	err[6] = 0x05;
	err[7] = 0x00;
	n = t6_build(p, T6_C, T6_A, 58, NULL, 0, err, 8 + 1232);
	assert_int_equal(ikt_input(t, p, n, 5500), 0);
	assert_int_equal(ik_pmtu6_get(t->s, T6_B), 1280);
	err[6] = 0x05;
	err[7] = 0xdc;
	n = t6_build(p, T6_C, T6_A, 58, NULL, 0, err, 8 + 1232);
	assert_int_equal(ikt_input(t, p, n, 6000), 0);
	assert_int_equal(ik_pmtu6_get(t->s, T6_B), 1280);
	ik_stack_poll(t->s, 6000 + 601 * 1000000000ull);
	assert_int_equal(ik_pmtu6_get(t->s, T6_B), 1500);
}

/* raw IPv6 sockets (RFC 3542 3): one for Next Header 253 takes what no
 * handler would (so no Parameter Problem), from its upper layer on; an
 * ICMPv6 one sees every ICMPv6 message and has its checksum made; an
 * error quoting protocol 253 reaches the 253 socket's queue */
static void raw_sockets(void **state)
{
	struct ikt *t = *state;
	int r253 = ik_sock_open(t->s, IK_SOCK_RAW6, 253), ricmp = ik_sock_open(t->s, IK_SOCK_RAW6, 58);
	uint8_t p[256], buf[128], from[16], err[256];
	struct ik_sock_err e;
	struct t6_msg m;
	size_t n;

	assert_true(r253 >= 0 && ricmp >= 0);
	assert_int_equal(ik_sock_open(t->s, IK_SOCK_RAW6, 0), -EINVAL);
	n = t6_build(p, T6_B, T6_A, 253, NULL, 0, "experiment", 10);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(T6MIB(t, IP6_InUnknownProtos), 0);
	assert_int_equal(ik_sock_recvfrom6(t->s, r253, buf, sizeof(buf), from, NULL), 10);
	assert_memory_equal(buf, "experiment", 10);
	assert_memory_equal(from, T6_B, 16);
	/* the ICMPv6 socket sees the request the stack answers */
	n = t6_echo(p, T6_B, T6_A, 128, 5, 6, "abc", 3);
	assert_int_equal(ikt_input(t, p, n, 2000), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ik_sock_recvfrom6(t->s, ricmp, buf, sizeof(buf), NULL, NULL), 11);
	assert_int_equal(buf[0], 128);
	/* it sends with its checksum made */
	uint8_t rs[8] = { 133, 0, 0xde, 0xad, 0, 0, 0, 0 };

	assert_int_equal(ik_sock_sendto6(t->s, ricmp, rs, sizeof(rs), T6_B, 0, 3000), 8);
	assert_int_equal(t->cap.n, 2);
	t6_parse(t, 1, &m);
	assert_int_equal(m.nh, 58);
	assert_int_equal(m.l4[0], 133);
	assert_true(m.sum_ok);
	assert_int_equal(T6MIB(t, ICMP6_OutRouterSolicits), 1);
	/* 253 out, and an error about it back */
	assert_int_equal(ik_sock_sendto6(t->s, r253, "probe", 5, T6_B, 0, 4000), 5);
	assert_int_equal(t->cap.n, 3);
	memcpy(err, (uint8_t[8]){ 1, 1, 0, 0, 0, 0, 0, 0 }, 8);
	memcpy(err + 8, t->cap.pkts[2].bytes, t->cap.pkts[2].len);
	n = t6_build(p, T6_B, T6_A, 58, NULL, 0, err, 8 + t->cap.pkts[2].len);
	assert_int_equal(ikt_input(t, p, n, 5000), 0);
	assert_int_equal(ik_sock_recverr(t->s, r253, &e), 0);
	assert_int_equal(e.err, EACCES);
	assert_int_equal(e.type, 1);
	assert_int_equal(e.code, 1);
	assert_int_equal(ik_sock_close(t->s, r253), 0);
	/* closed: 253 is unknown again */
	n = t6_build(p, T6_B, T6_A, 253, NULL, 0, "experiment", 10);
	assert_true(ikt_input(t, p, n, 6000 * 1000000ull) < 0);
	assert_int_equal(T6MIB(t, IP6_InUnknownProtos), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(udp_send_recv, setup, teardown),
		cmocka_unit_test_setup_teardown(udp_demux, setup, teardown),
		cmocka_unit_test_setup_teardown(udp_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(ping_ident, setup, teardown),
		cmocka_unit_test_setup_teardown(link_local_peer, setup, teardown),
		cmocka_unit_test_setup_teardown(packet_too_big, setup, teardown),
		cmocka_unit_test_setup_teardown(raw_sockets, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
