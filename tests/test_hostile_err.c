// SPDX-License-Identifier: MIT
/*
 * test_hostile_err.c - spoofed ICMP errors (issue 13 item 6): quoting no
 * live socket, the wrong ports or addresses, Frag Needed with an MTU below
 * 68 or above the current one, Redirects from a router that is not the
 * first hop, Source Quench, errors for a socket already closed. Each case
 * builds the exact error, feeds it to a host stack and asserts that it
 * changes nothing it must not (the socket's error queue and pending error,
 * the path MTU cache, the routes) and the exact change of every counter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

#define NEW_GW 0xc00002fdu /* 192.0.2.253, on eth0's link */

static uint8_t pkt[4096];
static uint8_t orig[256];

/** struct fx - a host with a UDP socket A:5000 connected to FAR:53 */
struct fx {
	struct ikt *t;
	int fd;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->t = ikt_new(NULL);
	f->fd = ik_sock_open(f->t->s, IK_SOCK_UDP, 0);
	assert_int_equal(ik_sock_bind(f->t->s, f->fd, 0, 5000), 0);
	assert_int_equal(ik_sock_connect(f->t->s, f->fd, IKT_FAR, 53), 0);
	assert_int_equal(ik_sock_sendto(f->t->s, f->fd, "query", 5, 0, 0, SEC), 5);
	ikt_clear(f->t);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	ikt_free(f->t);
	free(f);
	return 0;
}

/* an error @type/@code/@info from @from quoting UDP @qsrc:@sport -> @qdst:@dport */
static size_t err_about(uint32_t from, uint8_t type, uint8_t code, uint32_t info, uint32_t qsrc,
			uint16_t sport, uint32_t qdst, uint16_t dport)
{
	size_t n;

	ikt_udp(orig, qsrc, qdst, sport, dport, "query", 5);
	n = ikt_icmp_error(pkt, from, IKT_A, type, code, info, orig, 28);
	if (type == 5) { /* the harness leaves a Redirect's gateway to us */
		ik_put32(pkt + 24, info);
		h_icmpsum(pkt + 20, n - 20);
	}
	return n;
}

/* nothing about the socket, the path MTU or the route to FAR changed */
static void assert_untouched(const struct fx *f)
{
	struct ik_sock_err e;
	struct ik_route_spec r;
	uint8_t buf[16];

	assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), -EAGAIN);
	assert_int_equal(ik_sock_recvfrom(f->t->s, f->fd, buf, sizeof(buf), NULL, NULL), -EAGAIN);
	assert_int_equal(ik_pmtu_get(f->t->s, IKT_FAR), 1500);
	assert_int_equal(ik_stack_route_get(f->t->s, IKT_FAR, &r), 0);
	assert_int_equal(r.gw, IKT_GW);
	assert_int_equal(r.prefix, 24);
	assert_int_equal(f->t->cap.n, 0);
}

#define UNMATCHED(b, s, ty, cnt)                                                             \
	EXPECT(b, s, D(IP, InReceives, 1), D(IP, InDelivers, 1), D(ICMP, InMsgs, 1),         \
	       D(ICMP, cnt, 1), { H_INTYPE(ty), 1 }, D(ICMP, InErrors, 1),                   \
	       D(ICMP, InErrorsUnmatched, 1))

/* quoting no live socket (port 5001), the wrong ports (5000 -> 54, 5001 ->
 * 53, 53 -> 5000) and the wrong addresses (to C, from B, from FAR): matched
 * by nothing, counted as Linux (Icmp.InErrors), plus InErrorsUnmatched */
static void err_wrong_quote(void **state)
{
	struct fx *f = *state;
	static const struct {
		uint32_t qsrc, qdst;
		uint16_t sport, dport;
	} q[] = {
		{ IKT_A, IKT_FAR, 5001, 53 }, { IKT_A, IKT_FAR, 5000, 54 },
		{ IKT_A, IKT_FAR, 53, 5000 }, { IKT_A, IKT_C, 5000, 53 },
		{ IKT_B, IKT_FAR, 5000, 53 }, { IKT_FAR, IKT_A, 53, 5000 },
	};

	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		/* port unreachable, hard: would fail the next call if matched */
		size_t n = err_about(IKT_GW, 3, 3, 0, q[i].qsrc, q[i].sport, q[i].qdst, q[i].dport);
		struct ik_mib b = h_snap(f->t->s);

		assert_int_equal(ikt_input(f->t, pkt, n, 2 * SEC), 0);
		UNMATCHED(b, f->t->s, 3, InDestUnreachs);
		assert_untouched(f);
		/* Frag Needed quoting the same: no path MTU learned */
		n = err_about(IKT_GW, 3, 4, 576, q[i].qsrc, q[i].sport, q[i].qdst, q[i].dport);
		b = h_snap(f->t->s);
		assert_int_equal(ikt_input(f->t, pkt, n, 2 * SEC), 0);
		UNMATCHED(b, f->t->s, 3, InDestUnreachs);
		assert_untouched(f);
	}
	assert_int_equal(ik_pmtu_get(f->t->s, IKT_C), 1500);
	assert_int_equal(ik_pmtu_get(f->t->s, IKT_B), 1500);
}

/* errors for a socket already closed: unmatched, nothing learned */
static void err_closed_socket(void **state)
{
	struct fx *f = *state;
	int fd2 = ik_sock_open(f->t->s, IK_SOCK_UDP, 0);
	size_t n;
	struct ik_mib b;

	assert_int_equal(ik_sock_bind(f->t->s, fd2, 0, 6000), 0);
	assert_int_equal(ik_sock_connect(f->t->s, fd2, IKT_FAR, 53), 0);
	assert_int_equal(ik_sock_sendto(f->t->s, fd2, "x", 1, 0, 0, SEC), 1);
	ikt_clear(f->t);
	assert_int_equal(ik_sock_close(f->t->s, fd2), 0);
	n = err_about(IKT_GW, 3, 3, 0, IKT_A, 6000, IKT_FAR, 53);
	b = h_snap(f->t->s);
	assert_int_equal(ikt_input(f->t, pkt, n, 2 * SEC), 0);
	UNMATCHED(b, f->t->s, 3, InDestUnreachs);
	n = err_about(IKT_GW, 3, 4, 600, IKT_A, 6000, IKT_FAR, 53);
	b = h_snap(f->t->s);
	assert_int_equal(ikt_input(f->t, pkt, n, 2 * SEC), 0);
	UNMATCHED(b, f->t->s, 3, InDestUnreachs);
	n = err_about(IKT_GW, 11, 0, 0, IKT_A, 6000, IKT_FAR, 53);
	b = h_snap(f->t->s);
	assert_int_equal(ikt_input(f->t, pkt, n, 2 * SEC), 0);
	UNMATCHED(b, f->t->s, 11, InTimeExcds);
	assert_untouched(f);
}

/*
 * Frag Needed with the next-hop MTU below 68 (0, 1, 67) or above the
 * current path MTU (1501, 9000, 65535), quoting the socket's own datagram.
 * Above: never raises the path MTU (RFC 1191 §3, R5). Below 68: Linux's
 * rule (__ip_rt_update_pmtu()): the floor min_pmtu, 552, locked.
 */
static void err_frag_needed_bounds(void **state)
{
	struct fx *f = *state;
	static const uint16_t above[] = { 1501, 9000, 65535, 1500 };
	static const uint16_t below[] = { 67, 1, 0 };
	struct ik_sock_err e;
	struct ik_mib b;
	size_t n;

	for (size_t i = 0; i < sizeof(above) / sizeof(above[0]); i++) {
		n = err_about(IKT_GW, 3, 4, above[i], IKT_A, 5000, IKT_FAR, 53);
		b = h_snap(f->t->s);
		assert_int_equal(ikt_input(f->t, pkt, n, 2 * SEC), 0);
		EXPECT(b, f->t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1),
		       D(ICMP, InMsgs, 1), D(ICMP, InDestUnreachs, 1), { H_INTYPE(3), 1 });
		assert_int_equal(ik_pmtu_get(f->t->s, IKT_FAR), 1500);
		/* the socket hears of it once (EMSGSIZE), nothing more */
		assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), 0);
		assert_int_equal(e.err, EMSGSIZE);
		assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), -EAGAIN);
	}
	for (size_t i = 0; i < sizeof(below) / sizeof(below[0]); i++) {
		n = err_about(IKT_GW, 3, 4, below[i], IKT_A, 5000, IKT_FAR, 53);
		b = h_snap(f->t->s);
		assert_int_equal(ikt_input(f->t, pkt, n, 2 * SEC), 0);
		EXPECT(b, f->t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1),
		       D(ICMP, InMsgs, 1), D(ICMP, InDestUnreachs, 1), { H_INTYPE(3), 1 });
		assert_int_equal(ik_pmtu_get(f->t->s, IKT_FAR), 552);
		assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), 0);
		assert_int_equal(e.err, EMSGSIZE);
		assert_int_equal(ik_sock_recverr(f->t->s, f->fd, &e), -EAGAIN);
	}
	/* other destinations unaffected */
	assert_int_equal(ik_pmtu_get(f->t->s, IKT_FAR + 1), 1500);
	assert_int_equal(f->t->cap.n, 0);
}

/*
 * Redirects (5/0..3) not from the current first hop towards the quoted
 * destination (from B, from C, from FAR), or from it but to a gateway off
 * the link or to ourselves: the route stays; Icmp.InRedirects counted.
 * The control from GW to 192.0.2.253 is accepted.
 */
static void err_redirect_not_first_hop(void **state)
{
	struct fx *f = *state;
	static const struct {
		uint32_t from, gw;
	} r[] = {
		{ IKT_B, NEW_GW },  { IKT_C, NEW_GW },   { IKT_FAR, NEW_GW },
		{ IKT_GW, IKT_FAR }, { IKT_GW, IKT_A }, { IKT_GW, 0 },
		{ IKT_GW, 0xffffffffu }, { IKT_GW, IKT_GW },
	};
	struct ik_route_spec rt;

	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++) {
		for (uint8_t code = 0; code < 4; code++) {
			size_t n = err_about(r[i].from, 5, code, r[i].gw, IKT_A, 5000, IKT_FAR, 53);
			struct ik_mib b = h_snap(f->t->s);

			assert_int_equal(ikt_input(f->t, pkt, n, 2 * SEC), 0);
			EXPECT(b, f->t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1),
			       D(ICMP, InMsgs, 1), D(ICMP, InRedirects, 1), { H_INTYPE(5), 1 });
			assert_untouched(f);
		}
	}
	{
		size_t n = err_about(IKT_GW, 5, 1, NEW_GW, IKT_A, 5000, IKT_FAR, 53);
		struct ik_mib b = h_snap(f->t->s);

		assert_int_equal(ikt_input(f->t, pkt, n, 2 * SEC), 0);
		EXPECT(b, f->t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1),
		       D(ICMP, InMsgs, 1), D(ICMP, InRedirects, 1), { H_INTYPE(5), 1 });
		assert_int_equal(ik_stack_route_get(f->t->s, IKT_FAR, &rt), 0);
		assert_int_equal(rt.gw, NEW_GW);
	}
}

/* Source Quench (4/0..255), from the gateway, quoting the socket's own
 * datagram: ignored (RFC 6633), Icmp.InSrcQuenchs counted */
static void err_source_quench(void **state)
{
	struct fx *f = *state;

	for (unsigned code = 0; code < 256; code++) {
		size_t n = err_about(IKT_GW, 4, (uint8_t)code, 0, IKT_A, 5000, IKT_FAR, 53);
		struct ik_mib b = h_snap(f->t->s);

		assert_int_equal(ikt_input(f->t, pkt, n, 2 * SEC), 0);
		EXPECT(b, f->t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1), D(ICMP, InMsgs, 1),
		       D(ICMP, InSrcQuenchs, 1), { H_INTYPE(4), 1 });
		assert_untouched(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(err_wrong_quote, setup, teardown),
		cmocka_unit_test_setup_teardown(err_closed_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(err_frag_needed_bounds, setup, teardown),
		cmocka_unit_test_setup_teardown(err_redirect_not_first_hop, setup, teardown),
		cmocka_unit_test_setup_teardown(err_source_quench, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
