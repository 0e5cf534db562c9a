// SPDX-License-Identifier: MIT
/*
 * test_stack_udp.c - UDP sockets: open/bind/connect/sendto/recvfrom with the
 * exact bytes that go out, demultiplexing by 4-tuple and port, ephemeral
 * ports, input validation and counters, and CONFORMANCE G9 (a datagram to a
 * port with no socket is answered by Type 3 Code 3 quoting it).
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
#include "stack/sock/sock_priv.h"
#include "refsum.h"

#define ETH1_ADDR 0xc6336401u /* 198.51.100.1, a second interface */
#define MS 1000000ull

static uint8_t pkt[70000];

/**
 * cfg_small() - pool sizes for tests with many sockets
 * @n: sockets
 * Return: the config.
 */
static struct ik_stack_config cfg_small(unsigned n)
{
	struct ik_stack_config c = { .max_socks = n, .sock_rcvbuf = 256, .sock_errq = 2 };

	return c;
}

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
 * mib() - one counter
 * @t: harness; @id: enum ik_mib_id
 * Return: its value.
 */
static uint64_t mib(const struct ikt *t, unsigned id)
{
	return ik_stack_mib(t->s)->c[id];
}

/* ---- trace capture ---- */

#define NEV 64
struct evlog {
	unsigned n;
	char what[NEV][32];
	char why[NEV][160];
	int sock[NEV];
};

/**
 * ev_sink() - record events
 * @ctx: struct evlog; @ev: event
 */
static void ev_sink(void *ctx, const struct ik_event *ev)
{
	struct evlog *l = ctx;

	if (l->n >= NEV)
		return;
	strncpy(l->what[l->n], ev->what, sizeof(l->what[0]) - 1);
	strncpy(l->why[l->n], ev->why ? ev->why : "", sizeof(l->why[0]) - 1);
	l->sock[l->n] = ev->sock;
	l->n++;
}

/**
 * ev_find() - index of the first event tagged @what
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

/* ---- tests ---- */

/* bind: explicit, EADDRINUSE by Linux's overlap rule, EINVAL twice, EADDRNOTAVAIL */
static void test_udp_bind_rules(void **state)
{
	struct ikt *t = *state;
	uint32_t a;
	uint16_t p;
	int x = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	int y = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	assert_true(x >= 0 && y >= 0 && x != y);
	assert_int_equal(ik_sock_open(t->s, (enum ik_sock_type)9, 0), -EINVAL);
	assert_int_equal(ik_sock_bind(t->s, x, IKT_A, 5000), 0);
	assert_int_equal(ik_sock_local(t->s, x, &a, &p), 0);
	assert_int_equal(a, IKT_A);
	assert_int_equal(p, 5000);
	assert_int_equal(ik_sock_bind(t->s, x, IKT_A, 5001), -EINVAL);
	assert_int_equal(ik_sock_bind(t->s, y, IKT_A, 5000), -EADDRINUSE);
	assert_int_equal(ik_sock_bind(t->s, y, 0, 5000), -EADDRINUSE); /* wildcard overlaps */
	assert_int_equal(ik_sock_bind(t->s, y, 0x0a090909u, 5002), -EADDRNOTAVAIL);
	assert_int_equal(ik_sock_bind(t->s, 999, 0, 5002), -EBADF);
	assert_int_equal(ik_sock_close(t->s, x), 0);
	assert_int_equal(ik_sock_close(t->s, x), -EBADF);
	assert_int_equal(ik_sock_bind(t->s, y, 0, 5000), 0); /* freed by close */
	assert_int_equal(ik_sock_local(t->s, y, &a, &p), 0);
	assert_int_equal(a, 0);
	assert_int_equal(p, 5000);
	/* two specific addresses may share a port (Linux, no SO_REUSEADDR) */
	assert_true(ik_stack_add_iface(t->s, "eth1", ETH1_ADDR, 24, 1500) > 0);
	x = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	assert_int_equal(ik_sock_bind(t->s, x, ETH1_ADDR, 6000), 0);
	assert_int_equal(ik_sock_bind(t->s, ik_sock_open(t->s, IK_SOCK_UDP, 0), IKT_A, 6000), 0);
}

/* sendto: every octet of the datagram that goes out */
static void test_udp_sendto_exact_bytes(void **state)
{
	struct ikt *t = *state;
	static const uint8_t msg[5] = { 'h', 'e', 'l', 'l', 'o' };
	uint8_t udp[13];
	struct ik_ipv4_repr ip;
	const uint8_t *b;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 5000), 0);
	assert_int_equal(ik_sock_sendto(t->s, fd, msg, sizeof(msg), IKT_B, 7000, 10 * MS), 5);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(t->cap.pkts[0].next_hop, IKT_B);
	assert_int_equal(t->cap.pkts[0].len, 20 + 8 + 5);
	assert_int_equal(ikt_parse(t, 0, &ip, NULL), 0);
	b = t->cap.pkts[0].bytes;
	assert_int_equal(b[0], 0x45);
	assert_int_equal(b[1], 0);      /* TOS */
	assert_int_equal(ik_get16(b + 2), 33);
	assert_int_equal(ik_get16(b + 6), 0x4000); /* DF, Linux pmtudisc "want" */
	assert_int_equal(b[8], 64);
	assert_int_equal(b[9], 17);
	assert_int_equal(ik_get32(b + 12), IKT_A);
	assert_int_equal(ik_get32(b + 16), IKT_B);
	/* the UDP part, built here independently */
	ik_put16(udp, 5000);
	ik_put16(udp + 2, 7000);
	ik_put16(udp + 4, 13);
	ik_put16(udp + 6, 0);
	memcpy(udp + 8, msg, 5);
	ik_put16(udp + 6, ref_udp_csum(IKT_A, IKT_B, udp, sizeof(udp)));
	assert_memory_equal(b + 20, udp, sizeof(udp));
	assert_int_equal(mib(t, IK_MIB_UDP_OutDatagrams), 1);
}

/* an empty datagram is a datagram: sent with Length 8, received as 0 octets */
static void test_udp_zero_length(void **state)
{
	struct ikt *t = *state;
	uint8_t buf[8];
	uint32_t from = 0;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 5000), 0);
	assert_int_equal(ik_sock_sendto(t->s, fd, NULL, 0, IKT_B, 7000, 0), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ik_get16(t->cap.pkts[0].bytes + 24), 8);
	n = ikt_udp(pkt, IKT_B, IKT_A, 7000, 5000, NULL, 0);
	assert_int_equal(ikt_input(t, pkt, n, 0), 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 1);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), &from, NULL), 0);
	assert_int_equal(from, IKT_B);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
}

/* connect: ephemeral port, the route's source, peer filter on input */
static void test_udp_connect_and_receive(void **state)
{
	struct ikt *t = *state;
	uint8_t buf[64];
	uint32_t la, from;
	uint16_t lp, fport;
	size_t n;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	assert_int_equal(ik_sock_connect(t->s, fd, IKT_B, 7000), 0);
	assert_int_equal(ik_sock_local(t->s, fd, &la, &lp), 0);
	assert_int_equal(la, IKT_A);
	assert_true(lp >= 32768 && lp <= 60999);
	assert_int_equal(ik_sock_sendto(t->s, fd, "ping", 4, 0, 0, 0), 4);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ik_get16(t->cap.pkts[0].bytes + 20), lp);
	assert_int_equal(ik_get16(t->cap.pkts[0].bytes + 22), 7000);
	ikt_clear(t);

	n = ikt_udp(pkt, IKT_B, IKT_A, 7000, lp, "pong", 4);
	assert_int_equal(ikt_input(t, pkt, n, 0), 0);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), &from, &fport), 4);
	assert_memory_equal(buf, "pong", 4);
	assert_int_equal(from, IKT_B);
	assert_int_equal(fport, 7000);
	assert_int_equal(mib(t, IK_MIB_UDP_InDatagrams), 1);

	/* from another host, or another port of the peer: not this socket's */
	n = ikt_udp(pkt, IKT_C, IKT_A, 7000, lp, "nope", 4);
	ikt_input(t, pkt, n, 0);
	n = ikt_udp(pkt, IKT_B, IKT_A, 7001, lp, "nope", 4);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	assert_int_equal(mib(t, IK_MIB_UDP_NoPorts), 2);
	assert_int_equal(mib(t, IK_MIB_UDP_InDatagrams), 1);

	/* disconnect (address 0): the automatic port and address are let go */
	assert_int_equal(ik_sock_connect(t->s, fd, 0, 0), 0);
	assert_int_equal(ik_sock_local(t->s, fd, &la, &lp), 0);
	assert_int_equal(la, 0);
	assert_int_equal(lp, 0);
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, 0, 0, 0), -EDESTADDRREQ);
}

/* unconnected: FIFO from several peers, truncation, EAGAIN */
static void test_udp_recv_queue(void **state)
{
	struct ikt *t = *state;
	uint8_t buf[64];
	uint32_t from;
	uint16_t fport;
	size_t n;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	assert_int_equal(ik_sock_bind(t->s, fd, 0, 5000), 0);
	n = ikt_udp(pkt, IKT_B, IKT_A, 1111, 5000, "first", 5);
	assert_int_equal(ikt_input(t, pkt, n, 0), 0);
	n = ikt_udp(pkt, IKT_C, IKT_A, 2222, 5000, "second", 6);
	assert_int_equal(ikt_input(t, pkt, n, 0), 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 2);
	/* truncated as MSG_TRUNC: the rest of the datagram is gone */
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, 3, &from, &fport), 3);
	assert_memory_equal(buf, "fir", 3);
	assert_int_equal(from, IKT_B);
	assert_int_equal(fport, 1111);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), &from, &fport), 6);
	assert_memory_equal(buf, "second", 6);
	assert_int_equal(from, IKT_C);
	assert_int_equal(fport, 2222);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	assert_int_equal(t->cap.n, 0);
}

/* the 4-tuple before the port: a connected socket takes only its peer's
 * datagrams, and a socket bound to another address of ours keeps its own */
static void test_udp_4tuple_precedence(void **state)
{
	struct ikt *t = *state;
	uint8_t buf[16];
	size_t n;
	int c = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	int w = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	assert_true(ik_stack_add_iface(t->s, "eth1", ETH1_ADDR, 24, 1500) > 0);
	assert_int_equal(ik_sock_bind(t->s, c, 0, 5000), 0);
	assert_int_equal(ik_sock_connect(t->s, c, IKT_B, 7000), 0);
	/* c now holds 192.0.2.1:5000; the wildcard overlaps it, eth1's does not */
	assert_int_equal(ik_sock_bind(t->s, w, 0, 5000), -EADDRINUSE);
	assert_int_equal(ik_sock_bind(t->s, w, ETH1_ADDR, 5000), 0);

	n = ikt_udp(pkt, IKT_B, IKT_A, 7000, 5000, "to-c", 4);
	ikt_input(t, pkt, n, 0);
	n = ikt_udp(pkt, IKT_B, ETH1_ADDR, 7000, 5000, "to-w", 4);
	ikt_input(t, pkt, n, 0);
	n = ikt_udp(pkt, IKT_C, IKT_A, 7000, 5000, "none", 4); /* not c's peer */
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_recvfrom(t->s, c, buf, sizeof(buf), NULL, NULL), 4);
	assert_memory_equal(buf, "to-c", 4);
	assert_int_equal(ik_sock_recvfrom(t->s, w, buf, sizeof(buf), NULL, NULL), 4);
	assert_memory_equal(buf, "to-w", 4);
	assert_int_equal(ik_sock_pending(t->s, c), 0);
	assert_int_equal(ik_sock_pending(t->s, w), 0);
	assert_int_equal(mib(t, IK_MIB_UDP_NoPorts), 1);
}

/* white box: with sockets sharing a port (as SO_REUSEADDR would allow), the
 * lookup order is 4-tuple, then the exact local address, then the wildcard */
static void test_udp_lookup_order(void **state)
{
	struct ikt *t = *state;
	struct ik_sock_tab *st = t->s->socks;
	const char *how = NULL;
	int wild = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	int spec = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	int conn = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	assert_int_equal(ik_sock_bind(t->s, wild, 0, 5000), 0);
	assert_int_equal(ik_udp_lookup(st, IKT_A, 5000, IKT_C, 9, &how), wild);
	assert_string_equal(how, "bound port, any address");
	/* the others are filed by hand, past bind's conflict rule */
	st->sk[spec].laddr = IKT_A;
	st->sk[spec].lport = 5000;
	ik_port_insert(st, spec);
	st->sk[conn].laddr = IKT_A;
	st->sk[conn].lport = 5000;
	st->sk[conn].raddr = IKT_B;
	st->sk[conn].rport = 7000;
	st->sk[conn].connected = true;
	ik_port_insert(st, conn);
	ik_tuple_insert(st, conn);
	assert_int_equal(ik_udp_lookup(st, IKT_A, 5000, IKT_B, 7000, &how), conn);
	assert_string_equal(how, "connected 4-tuple");
	assert_int_equal(ik_udp_lookup(st, IKT_A, 5000, IKT_B, 7001, &how), spec);
	assert_string_equal(how, "bound address and port");
	assert_int_equal(ik_udp_lookup(st, 0xc00002ffu, 5000, IKT_B, 7000, NULL), wild);
	assert_int_equal(ik_udp_lookup(st, IKT_A, 5001, IKT_B, 7000, NULL), IK_NOSOCK);
	ik_tuple_remove(st, conn);
	assert_int_equal(ik_udp_lookup(st, IKT_A, 5000, IKT_B, 7000, NULL), spec);
	/* close unlinks everything it holds */
	assert_int_equal(ik_sock_close(t->s, spec), 0);
	st->sk[conn].connected = false;
	assert_int_equal(ik_sock_close(t->s, conn), 0);
	assert_int_equal(ik_udp_lookup(st, IKT_A, 5000, IKT_B, 7001, NULL), wild);
}

/* ephemeral ports: in 32768..60999, never two alike, until the range is gone */
static void test_udp_ephemeral_unique(void **state)
{
	enum { N = 60999 - 32768 + 1 };
	struct ik_stack_config c = cfg_small(N + 2);
	struct ikt *t = ikt_new(&c);
	static uint8_t seen[65536];
	uint16_t p;
	int fd;

	(void)state;
	memset(seen, 0, sizeof(seen));
	for (unsigned i = 0; i < N; i++) {
		fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
		assert_true(fd >= 0);
		assert_int_equal(ik_sock_bind(t->s, fd, 0, 0), 0);
		assert_int_equal(ik_sock_local(t->s, fd, NULL, &p), 0);
		assert_true(p >= 32768 && p <= 60999);
		assert_int_equal(seen[p], 0);
		seen[p] = 1;
	}
	fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	assert_int_equal(ik_sock_bind(t->s, fd, 0, 0), -EADDRINUSE);
	/* autobind on sendto fails as Linux inet_autobind does */
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, IKT_B, 7, 0), -EAGAIN);
	assert_int_equal(t->cap.n, 0);
	/* but an explicit port below the range is still free */
	assert_int_equal(ik_sock_bind(t->s, fd, 0, 1000), 0);
	assert_int_equal(ik_sock_open(t->s, IK_SOCK_UDP, 0), N + 1);
	assert_int_equal(ik_sock_open(t->s, IK_SOCK_UDP, 0), -EMFILE);
	ikt_free(t);
}

/* two stacks with the same seed pick the same ports; another seed, others */
static void test_udp_ephemeral_seeded(void **state)
{
	struct ik_stack_config c1 = { .seed = 1 }, c2 = { .seed = 2 };
	struct ikt *a = ikt_new(&c1), *b = ikt_new(&c1), *d = ikt_new(&c2);
	uint16_t pa, pb, pd;
	int fa = ik_sock_open(a->s, IK_SOCK_UDP, 0);
	int fb = ik_sock_open(b->s, IK_SOCK_UDP, 0);
	int fdd = ik_sock_open(d->s, IK_SOCK_UDP, 0);

	(void)state;
	assert_int_equal(ik_sock_bind(a->s, fa, 0, 0), 0);
	assert_int_equal(ik_sock_bind(b->s, fb, 0, 0), 0);
	assert_int_equal(ik_sock_bind(d->s, fdd, 0, 0), 0);
	ik_sock_local(a->s, fa, NULL, &pa);
	ik_sock_local(b->s, fb, NULL, &pb);
	ik_sock_local(d->s, fdd, NULL, &pd);
	assert_int_equal(pa, pb);
	assert_int_not_equal(pa, pd);
	ikt_free(a);
	ikt_free(b);
	ikt_free(d);
}

/* G9: UDP to a port with no socket -> Type 3 Code 3 quoting the datagram */
static void test_g9_port_unreachable(void **state)
{
	struct ikt *t = *state;
	struct evlog log = { 0 };
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr m;
	uint8_t data[20];
	size_t n;
	int i;

	for (unsigned k = 0; k < sizeof(data); k++)
		data[k] = (uint8_t)(0xa0 + k);
	ik_stack_set_trace(t->s, ev_sink, &log);
	n = ikt_udp(pkt, IKT_B, IKT_A, 40000, 8080, data, sizeof(data));
	ikt_input(t, pkt, n, 5 * MS);
	assert_int_equal(mib(t, IK_MIB_UDP_NoPorts), 1);
	i = ev_find(&log, "udp.no_socket");
	assert_true(i >= 0);
	assert_non_null(strstr(log.why[i], "port 8080 has no socket"));
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, &ip, &m), 0);
	assert_int_equal(ip.proto, 1);
	assert_int_equal(ip.src, IKT_A);
	assert_int_equal(ip.dst, IKT_B);
	assert_int_equal(m.type, 3);
	assert_int_equal(m.code, 3);
	/* the quote: the original header and (all of) its data, unchanged */
	assert_true(m.quote_len >= 28);
	assert_memory_equal(m.quote, pkt, m.quote_len < n ? m.quote_len : n);
	assert_int_equal(m.quote_len, n);
}

/* G2 for UDP: broadcast to a closed port is counted IgnoredMulti, not answered */
static void test_udp_broadcast_closed_port(void **state)
{
	struct ikt *t = *state;
	size_t n = ikt_udp(pkt, IKT_B, 0xc00002ffu, 40000, 8080, "b", 1);

	ikt_input(t, pkt, n, 0);
	n = ikt_udp(pkt, IKT_B, 0xffffffffu, 40000, 8080, "b", 1);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(mib(t, IK_MIB_UDP_IgnoredMulti), 2);
	assert_int_equal(mib(t, IK_MIB_UDP_NoPorts), 0);
	assert_int_equal(t->cap.n, 0);
}

/* a wildcard socket receives broadcasts; a socket bound to A does not */
static void test_udp_broadcast_delivery(void **state)
{
	struct ikt *t = *state;
	int a = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	int w = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, a, IKT_A, 67), 0);
	assert_int_equal(ik_sock_bind(t->s, w, 0, 68), 0);
	n = ikt_udp(pkt, IKT_B, 0xc00002ffu, 40000, 67, "b", 1);
	ikt_input(t, pkt, n, 0);
	n = ikt_udp(pkt, IKT_B, 0xc00002ffu, 40000, 68, "b", 1);
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_pending(t->s, a), 0);
	assert_int_equal(ik_sock_pending(t->s, w), 1);
	assert_int_equal(mib(t, IK_MIB_UDP_IgnoredMulti), 1);
	assert_int_equal(t->cap.n, 0);
}

/* a bad checksum or length is dropped, counted, and never answered */
static void test_udp_bad_input(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	struct ik_ipv4_repr ip;
	uint8_t l4[12];
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 5000), 0);
	n = ikt_udp(pkt, IKT_B, IKT_A, 7000, 5000, "abcd", 4);
	pkt[26] ^= 0x5a; /* checksum */
	ikt_input(t, pkt, n, 0);
	n = ikt_udp(pkt, IKT_B, IKT_A, 7000, 8080, "abcd", 4); /* closed port too */
	pkt[27] ^= 0x01;
	ikt_input(t, pkt, n, 0);
	assert_int_equal(mib(t, IK_MIB_UDP_InCsumErrors), 2);
	assert_int_equal(mib(t, IK_MIB_UDP_InErrors), 2);
	/* UDP Length larger than the IP payload */
	ik_put16(l4, 7000);
	ik_put16(l4 + 2, 5000);
	ik_put16(l4 + 4, 20);
	ik_put16(l4 + 6, 0); /* no checksum */
	memcpy(l4 + 8, "abcd", 4);
	ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_UDP);
	n = ikt_ip(pkt, &ip, l4, sizeof(l4));
	ikt_input(t, pkt, n, 0);
	assert_int_equal(mib(t, IK_MIB_UDP_InErrors), 3);
	assert_int_equal(mib(t, IK_MIB_UDP_InCsumErrors), 2);
	assert_int_equal(mib(t, IK_MIB_UDP_NoPorts), 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	assert_int_equal(t->cap.n, 0);
	/* a zero checksum field means none was sent: accepted */
	ik_put16(l4 + 4, 12);
	n = ikt_ip(pkt, &ip, l4, sizeof(l4));
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 1);
}

/* a full receive buffer drops the datagram: RcvbufErrors and InErrors */
static void test_udp_rcvbuf_full(void **state)
{
	struct ik_stack_config c = { .sock_rcvbuf = 100 };
	struct ikt *t = ikt_new(&c);
	uint8_t data[40] = { 0 }, buf[64];
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	size_t n;

	(void)state;
	assert_int_equal(ik_sock_bind(t->s, fd, 0, 5000), 0);
	for (int i = 0; i < 3; i++) {
		data[0] = (uint8_t)i;
		n = ikt_udp(pkt, IKT_B, IKT_A, 7000, 5000, data, sizeof(data));
		ikt_input(t, pkt, n, 0);
	}
	/* 2 x (8-octet record header + 40) = 96 of 100 */
	assert_int_equal(ik_sock_pending(t->s, fd), 2);
	assert_int_equal(mib(t, IK_MIB_UDP_RcvbufErrors), 1);
	assert_int_equal(mib(t, IK_MIB_UDP_InErrors), 1);
	assert_int_equal(mib(t, IK_MIB_UDP_InDatagrams), 2);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), NULL, NULL), 40);
	assert_int_equal(buf[0], 0);
	/* room again; the ring wraps and the bytes come back whole */
	data[0] = 7;
	data[39] = 0xee;
	n = ikt_udp(pkt, IKT_B, IKT_A, 7000, 5000, data, sizeof(data));
	ikt_input(t, pkt, n, 0);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), NULL, NULL), 40);
	assert_int_equal(buf[0], 1);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, buf, sizeof(buf), NULL, NULL), 40);
	assert_int_equal(buf[0], 7);
	assert_int_equal(buf[39], 0xee);
	ikt_free(t);
}

/* the delivery trace names the socket and the table that matched */
static void test_udp_trace_deliver(void **state)
{
	struct ikt *t = *state;
	struct evlog log = { 0 };
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	size_t n;
	int i;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 5000), 0);
	ik_stack_set_trace(t->s, ev_sink, &log);
	n = ikt_udp(pkt, IKT_B, IKT_A, 7000, 5000, "abc", 3);
	ikt_input(t, pkt, n, 0);
	i = ev_find(&log, "udp.deliver");
	assert_true(i >= 0);
	assert_int_equal(log.sock[i], fd);
	assert_non_null(strstr(log.why[i], "port 5000 -> socket"));
	assert_non_null(strstr(log.why[i], "bound port"));
}

/* sendto's errors, none of which sends anything */
static void test_udp_sendto_errors(void **state)
{
	struct ikt *t = *state;
	static uint8_t big[65508];
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, IKT_B, 0, 0), -EINVAL);
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, 0, 7, 0), -EDESTADDRREQ);
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, 0x0a000001u, 7, 0), -ENETUNREACH);
	assert_int_equal(ik_sock_sendto(t->s, fd, big, sizeof(big), IKT_B, 7, 0), -EMSGSIZE);
	assert_int_equal(ik_sock_sendto(t->s, 4242, "x", 1, IKT_B, 7, 0), -EBADF);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(mib(t, IK_MIB_UDP_OutDatagrams), 0);
}

/* DF as Linux "want": on a datagram that fits the path MTU; one that does not
 * leaves in fragments without DF */
static void test_udp_df_and_fragments(void **state)
{
	struct ikt *t = *state;
	static uint8_t data[3000];
	size_t total = 0;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);

	assert_int_equal(ik_sock_sendto(t->s, fd, data, 1472, IKT_B, 9, 0), 1472);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(t->cap.pkts[0].len, 1500);
	assert_int_equal(ik_get16(t->cap.pkts[0].bytes + 6), 0x4000);
	ikt_clear(t);
	assert_int_equal(ik_sock_sendto(t->s, fd, data, sizeof(data), IKT_B, 9, 0), 3000);
	assert_int_equal(t->cap.n, 3);
	for (size_t i = 0; i < t->cap.n; i++) {
		const uint8_t *b = t->cap.pkts[i].bytes;

		assert_true(t->cap.pkts[i].len <= 1500);
		assert_int_equal(ik_get16(b + 6) & 0x4000, 0);
		assert_int_equal(!!(ik_get16(b + 6) & 0x2000), i + 1 < t->cap.n);
		total += t->cap.pkts[i].len - 20;
	}
	assert_int_equal(total, 8 + sizeof(data));
	/* ip_no_pmtu_disc: no DF at all */
	ikt_clear(t);
	assert_int_equal(ik_stack_set(t->s, "ip_no_pmtu_disc", 1), 0);
	assert_int_equal(ik_sock_sendto(t->s, fd, data, 10, IKT_B, 9, 0), 10);
	assert_int_equal(ik_get16(t->cap.pkts[0].bytes + 6) & 0x4000, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_udp_bind_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_sendto_exact_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_zero_length, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_connect_and_receive, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_recv_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_4tuple_precedence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_lookup_order, setup, teardown),
		cmocka_unit_test(test_udp_ephemeral_unique),
		cmocka_unit_test(test_udp_ephemeral_seeded),
		cmocka_unit_test_setup_teardown(test_g9_port_unreachable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_broadcast_closed_port, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_broadcast_delivery, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_bad_input, setup, teardown),
		cmocka_unit_test(test_udp_rcvbuf_full),
		cmocka_unit_test_setup_teardown(test_udp_trace_deliver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_sendto_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_udp_df_and_fragments, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
