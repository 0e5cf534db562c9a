// SPDX-License-Identifier: MIT
/*
 * test_stack_icmprx.c - ICMP errors received: the type/code -> errno table,
 * the quote checks, hand-over to the transport (R1, R2), Frag Needed (R5),
 * Source Quench and Redirect (R6)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <string.h>

#include "icmp_test.h"

#define NEW_GW 0xc00002fdu /* 192.0.2.253, on eth0's link */

static uint8_t pkt[4096];
static uint8_t orig[4096];

/**
 * setup() - a fresh harness per test
 * @state: cmocka state
 *
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
 *
 * Return: 0.
 */
static int teardown(void **state)
{
	ikt_free(*state);
	return 0;
}

/**
 * error_about_udp() - an ICMP error from @from to A quoting the first 28
 * octets of a UDP datagram A:@sport -> @dst:@dport
 * @from: who reports; @dst, @sport, @dport: the quoted datagram;
 * @type, @code, @info: the error
 *
 * Return: its length (in pkt).
 */
static size_t error_about_udp(uint32_t from, uint32_t dst, uint16_t sport, uint16_t dport,
			      uint8_t type, uint8_t code, uint32_t info)
{
	size_t n = ikt_udp(orig, IKT_A, dst, sport, dport, "0123456789", 10);

	(void)n;
	return ikt_icmp_error(pkt, from, IKT_A, type, code, info, orig, 28);
}

/* the type/code -> errno table, against CONFORMANCE.md written out again */
static void test_errmap_table(void **state)
{
	static const struct { int err; bool hard; } type3[16] = {
		{ ENETUNREACH, false }, { EHOSTUNREACH, false }, { ENOPROTOOPT, true },
		{ ECONNREFUSED, true }, { EMSGSIZE, false }, { EOPNOTSUPP, false },
		{ ENETUNREACH, true }, { EHOSTDOWN, true }, { ENONET, true },
		{ ENETUNREACH, true }, { EHOSTUNREACH, true }, { ENETUNREACH, false },
		{ EHOSTUNREACH, false }, { EHOSTUNREACH, true }, { EHOSTUNREACH, true },
		{ EHOSTUNREACH, true },
	};
	bool hard;

	(void)state;
	for (unsigned c = 0; c < 16; c++) {
		hard = !type3[c].hard;
		assert_int_equal(ik_icmp_errmap(3, (uint8_t)c, &hard), type3[c].err);
		assert_int_equal(hard, type3[c].hard);
	}
	assert_int_equal(ik_icmp_errmap(3, 16, &hard), EHOSTUNREACH);
	assert_false(hard);
	for (unsigned c = 0; c < 2; c++) {
		assert_int_equal(ik_icmp_errmap(11, (uint8_t)c, &hard), EHOSTUNREACH);
		assert_false(hard);
	}
	assert_int_equal(ik_icmp_errmap(12, 0, &hard), EPROTO);
	assert_true(hard);
	assert_int_equal(ik_icmp_errmap(12, 2, &hard), EPROTO);
	assert_true(hard);
	assert_int_equal(ik_icmp_errmap(4, 0, &hard), 0);
	assert_false(hard);
	assert_int_equal(ik_icmp_errmap(5, 1, &hard), 0);
	for (unsigned ty = 0; ty < 256; ty++) {
		if (ty == 3 || ty == 11 || ty == 12)
			continue;
		assert_int_equal(ik_icmp_errmap((uint8_t)ty, 0, &hard), 0);
	}
}

/* R2: an error whose quote matches no socket changes nothing, is counted */
static void test_r2_unmatched_counted(void **state)
{
	struct ikt *t = *state;
	size_t n = error_about_udp(IKT_B, IKT_B, 1234, 53, 3, 3, 0);

	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, InMsgs), 1);
	assert_int_equal(MIB(t, ICMP, InDestUnreachs), 1);
	assert_int_equal(MIB(t, ICMP, InErrorsUnmatched), 1);
	/* Linux's __udp4_lib_err() counts a socket not found in InErrors */
	assert_int_equal(MIB(t, ICMP, InErrors), 1);
	assert_int_equal(ik_stack_mib(t->s)->in_type[3], 1);
}

/* R1: the error reaches the UDP socket named by the quoted ports */
static void test_r1_error_to_udp_socket(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	struct ik_sock_err e;
	size_t n;

	assert_true(fd >= 0);
	assert_int_equal(ik_sock_bind(t->s, fd, 0, 1234), 0);
	assert_int_equal(ik_sock_connect(t->s, fd, IKT_B, 53), 0);
	n = error_about_udp(IKT_B, IKT_B, 1234, 53, 3, 3, 0);
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(MIB(t, ICMP, InErrorsUnmatched), 0);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), 0);
	assert_int_equal(e.err, ECONNREFUSED);
	assert_int_equal(e.origin, IK_EE_ORIGIN_ICMP);
	assert_int_equal(e.type, 3);
	assert_int_equal(e.code, 3);
	assert_int_equal(e.offender, IKT_B);
	assert_int_equal(e.dst, IKT_B);
	assert_int_equal(e.dport, 53);
	assert_true(e.hard);
	/* R3: the connected socket's next call fails */
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, 0, 0, 2000), -ECONNREFUSED);
}

/* an error with a malformed RFC 4884 length is still delivered, its whole
 * data read as the quote */
static void test_rfc4884_bad_length_still_delivered(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	struct ik_sock_err e;
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 1234), 0);
	n = error_about_udp(IKT_B, IKT_B, 1234, 53, 3, 1, 0);
	pkt[20 + 5] = 200; /* length: 800 octets, more than there are */
	ik_put16(pkt + 22, 0);
	ik_put16(pkt + 22, ref_csum(pkt + 20, n - 20));
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(MIB(t, ICMP, InErrors), 0);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), 0);
	assert_int_equal(e.err, EHOSTUNREACH);
	assert_false(e.hard);
}

/* the quote must name one of our addresses as source */
static void test_quote_not_ours_dropped(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	struct ik_sock_err e;
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 1234), 0);
	ikt_udp(orig, IKT_C, IKT_B, 1234, 53, "0123456789", 10);
	n = ikt_icmp_error(pkt, IKT_B, IKT_A, 3, 3, 0, orig, 28);
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), -EAGAIN);
	assert_int_equal(MIB(t, ICMP, InErrorsUnmatched), 1);
}

/* a quote shorter than header + 8 octets is an error (Linux InErrors) */
static void test_short_quote_dropped(void **state)
{
	struct ikt *t = *state;
	size_t n;

	ikt_udp(orig, IKT_A, IKT_B, 1234, 53, "0123456789", 10);
	n = ikt_icmp_error(pkt, IKT_B, IKT_A, 3, 3, 0, orig, 24);
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(MIB(t, ICMP, InErrors), 1);
	n = ikt_icmp_error(pkt, IKT_B, IKT_A, 3, 3, 0, orig, 12);
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(MIB(t, ICMP, InErrors), 2);
	assert_int_equal(MIB(t, ICMP, InErrorsUnmatched), 0);
}

/* an error sent to a broadcast address is not believed (Linux icmp_rcv) */
static void test_error_to_broadcast_dropped(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	struct ik_sock_err e;
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 1234), 0);
	ikt_udp(orig, IKT_A, IKT_B, 1234, 53, "0123456789", 10);
	n = ikt_icmp_error(pkt, IKT_B, 0xc00002ffu, 3, 3, 0, orig, 28);
	ik_stack_input(t->s, t->ifindex, pkt, n, IK_RX_LINK_BCAST, 1000);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), -EAGAIN);
	assert_int_equal(MIB(t, ICMP, InErrors), 1);
}

/* Destination Unreachable codes above 15 are ignored (Linux) */
static void test_unknown_unreach_code_ignored(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	struct ik_sock_err e;
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 1234), 0);
	n = error_about_udp(IKT_B, IKT_B, 1234, 53, 3, 16, 0);
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), -EAGAIN);
	assert_int_equal(MIB(t, ICMP, InDestUnreachs), 1);
	assert_int_equal(MIB(t, ICMP, InErrorsUnmatched), 0);
}

/* R5: Frag Needed lowers the path MTU to the quoted destination, never
 * raises it, never below min_pmtu (552) */
static void test_r5_frag_needed_lowers_pmtu(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	size_t n;

	/* the socket that sent the quoted datagram */
	assert_int_equal(ik_sock_bind(t->s, fd, 0, 1234), 0);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 1500);
	n = error_about_udp(IKT_GW, IKT_FAR, 1234, 53, 3, 4, 1280);
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 1280);
	assert_int_equal(ik_pmtu_get(t->s, IKT_B), 1500);
	n = error_about_udp(IKT_GW, IKT_FAR, 1234, 53, 3, 4, 1400);
	assert_int_equal(ikt_input(t, pkt, n, 2000), 0);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 1280);
	n = error_about_udp(IKT_GW, IKT_FAR, 1234, 53, 3, 4, 300);
	assert_int_equal(ikt_input(t, pkt, n, 3000), 0);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 552);
	assert_int_equal(MIB(t, ICMP, InDestUnreachs), 3);
	assert_int_equal(t->cap.n, 0);
}

/* R2 + R5: a Frag Needed quoting a datagram no socket of ours sent changes
 * no path MTU (an off-path sender cannot shrink it) */
static void test_r2_frag_needed_unmatched_no_pmtu(void **state)
{
	struct ikt *t = *state;
	size_t n;

	n = error_about_udp(IKT_GW, IKT_FAR, 1234, 53, 3, 4, 600);
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 1500);
	assert_int_equal(MIB(t, ICMP, InDestUnreachs), 1);
}

/* R5: a Frag Needed whose quote is not ours changes no path MTU */
static void test_r5_foreign_quote_no_pmtu(void **state)
{
	struct ikt *t = *state;
	size_t n;

	ikt_udp(orig, IKT_C, IKT_FAR, 1234, 53, "0123456789", 10);
	n = ikt_icmp_error(pkt, IKT_GW, IKT_A, 3, 4, 600, orig, 28);
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(ik_pmtu_get(t->s, IKT_FAR), 1500);
}

/* R6: Source Quench is ignored: counted, no socket hears of it */
static void test_r6_source_quench_ignored(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	struct ik_sock_err e;
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 1234), 0);
	assert_int_equal(ik_sock_connect(t->s, fd, IKT_B, 53), 0);
	n = error_about_udp(IKT_B, IKT_B, 1234, 53, 4, 0, 0);
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(MIB(t, ICMP, InSrcQuenchs), 1);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), -EAGAIN);
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, 0, 0, 2000), 1);
	assert_int_equal(MIB(t, ICMP, InErrorsUnmatched), 0);
}

/**
 * gw_for() - the gateway a route lookup gives for @dst
 * @t: harness; @dst: destination
 *
 * Return: the gateway (0 on-link).
 */
static uint32_t gw_for(const struct ikt *t, uint32_t dst)
{
	struct ik_route_res r;

	assert_int_equal(ik_route_lookup(t->s, dst, &r), 0);
	return r.gw;
}

/* R6: a Redirect from the current first hop is accepted: a host route to
 * the quoted destination via the new gateway */
static void test_r6_redirect_from_gateway_accepted(void **state)
{
	struct ikt *t = *state;
	size_t n;

	assert_int_equal(gw_for(t, IKT_FAR), IKT_GW);
	n = error_about_udp(IKT_GW, IKT_FAR, 1234, 53, 5, 1, NEW_GW);
	ik_put32(pkt + 24, NEW_GW);
	ik_put16(pkt + 22, 0);
	ik_put16(pkt + 22, ref_csum(pkt + 20, n - 20));
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(gw_for(t, IKT_FAR), NEW_GW);
	/* only that destination moved */
	assert_int_equal(gw_for(t, IKT_FAR + 1), IKT_GW);
	assert_int_equal(MIB(t, ICMP, InRedirects), 1);
	assert_int_equal(t->cap.n, 0);
}

/* R6: a Redirect about a destination that is not one other host (multicast,
 * 240/4, broadcast, ours) is rejected even from the first hop, so a spoofed
 * gateway cannot capture group traffic; a unicast one is the control */
static void test_r6_redirect_group_destination_rejected(void **state)
{
	static const uint32_t bad[] = { 0xe0000005u, 0xf0000001u, 0xffffffffu, IKT_A };
	struct ikt *t = *state;
	size_t n;

	assert_int_equal(ik_stack_add_route(t->s, 0, 0, IKT_GW, t->ifindex), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = error_about_udp(IKT_GW, bad[i], 1234, 53, 5, 1, 0);
		ik_put32(pkt + 24, NEW_GW);
		ik_put16(pkt + 22, 0);
		ik_put16(pkt + 22, ref_csum(pkt + 20, n - 20));
		ikt_input(t, pkt, n, 1000);
		if (bad[i] != IKT_A)
			assert_int_equal(gw_for(t, bad[i]), IKT_GW);
	}
	n = error_about_udp(IKT_GW, 0xc6336407u, 1234, 53, 5, 1, 0);
	ik_put32(pkt + 24, NEW_GW);
	ik_put16(pkt + 22, 0);
	ik_put16(pkt + 22, ref_csum(pkt + 20, n - 20));
	assert_int_equal(ikt_input(t, pkt, n, 2000), 0);
	assert_int_equal(gw_for(t, 0xc6336407u), NEW_GW);
}

/* R6: a stream of redirects (spoofed from the first hop) fills at most a
 * quarter of the route table, oldest first out, so configured routes and
 * interfaces can still be added */
static void test_r6_redirects_bounded(void **state)
{
	struct ikt *t = *state;
	size_t n;

	assert_int_equal(ik_stack_add_route(t->s, 0, 0, IKT_GW, t->ifindex), 0);
	for (uint32_t i = 0; i < 200; i++) {
		uint32_t dst = 0xc6336400u + i; /* 198.51.100.0 + i */

		n = error_about_udp(IKT_GW, dst, 1234, 53, 5, 1, 0);
		ik_put32(pkt + 24, NEW_GW);
		ik_put16(pkt + 22, 0);
		ik_put16(pkt + 22, ref_csum(pkt + 20, n - 20));
		assert_int_equal(ikt_input(t, pkt, n, 1000 + i), 0);
	}
	/* the newest are kept, the oldest were evicted */
	assert_int_equal(gw_for(t, 0xc6336400u + 199), NEW_GW);
	assert_int_equal(gw_for(t, 0xc6336400u), IKT_GW);
	assert_int_equal(ik_stack_add_route(t->s, 0xc6336500u, 24, IKT_GW, t->ifindex), 0);
	assert_true(ik_stack_add_iface(t->s, "eth1", 0xcb007101u, 24, 1500) > 0);
}

/**
 * redirect_from() - a Redirect from @from for FAR to @gw (in pkt)
 * @from: sender; @gw: new gateway
 *
 * Return: its length.
 */
static size_t redirect_from(uint32_t from, uint32_t gw)
{
	size_t n = error_about_udp(from, IKT_FAR, 1234, 53, 5, 1, 0);

	ik_put32(pkt + 24, gw);
	ik_put16(pkt + 22, 0);
	ik_put16(pkt + 22, ref_csum(pkt + 20, n - 20));
	return n;
}

/* R6: a Redirect from anyone but the current first hop is rejected */
static void test_r6_redirect_from_other_rejected(void **state)
{
	struct ikt *t = *state;

	ikt_input(t, pkt, redirect_from(IKT_C, NEW_GW), 1000);
	assert_int_equal(gw_for(t, IKT_FAR), IKT_GW);
	/* a destination on the link has no first hop to redirect */
	ikt_udp(orig, IKT_A, IKT_B, 1234, 53, "0123456789", 10);
	{
		size_t n = ikt_icmp_error(pkt, IKT_B, IKT_A, 5, 1, 0, orig, 28);

		ik_put32(pkt + 24, NEW_GW);
		ik_put16(pkt + 22, 0);
		ik_put16(pkt + 22, ref_csum(pkt + 20, n - 20));
		ikt_input(t, pkt, n, 2000);
	}
	assert_int_equal(gw_for(t, IKT_B), 0);
	assert_int_equal(MIB(t, ICMP, InRedirects), 2);
}

/* R6: a new gateway off the link, or one of our own addresses, or a
 * broadcast, is rejected */
static void test_r6_redirect_bad_gateway_rejected(void **state)
{
	struct ikt *t = *state;

	int ifx2;

	ikt_input(t, pkt, redirect_from(IKT_GW, 0xc6336409u), 1000); /* no route */
	assert_int_equal(gw_for(t, IKT_FAR), IKT_GW);
	/* reachable, but only through a gateway itself */
	ikt_input(t, pkt, redirect_from(IKT_GW, 0xcb00714du), 1500);
	assert_int_equal(gw_for(t, IKT_FAR), IKT_GW);
	/* on the link of another interface than the one it came in on */
	ifx2 = ik_stack_add_iface(t->s, "eth1", 0xc6336401u, 24, 1500);
	assert_true(ifx2 > 0);
	ikt_input(t, pkt, redirect_from(IKT_GW, 0xc6336409u), 1600);
	assert_int_equal(gw_for(t, IKT_FAR), IKT_GW);
	ikt_input(t, pkt, redirect_from(IKT_GW, IKT_A), 2000); /* ourselves */
	assert_int_equal(gw_for(t, IKT_FAR), IKT_GW);
	ikt_input(t, pkt, redirect_from(IKT_GW, 0xc00002ffu), 3000); /* broadcast */
	assert_int_equal(gw_for(t, IKT_FAR), IKT_GW);
	ikt_input(t, pkt, redirect_from(IKT_GW, 0), 4000);
	assert_int_equal(gw_for(t, IKT_FAR), IKT_GW);
}

/* R6: a router (ip_forward=1) ignores Redirects; so does a host with
 * accept_redirects=0 */
static void test_r6_redirect_ignored_by_router(void **state)
{
	struct ikt *t = *state;

	assert_int_equal(ik_stack_set(t->s, "ip_forward", 1), 0);
	ikt_input(t, pkt, redirect_from(IKT_GW, NEW_GW), 1000);
	assert_int_equal(gw_for(t, IKT_FAR), IKT_GW);
	assert_int_equal(ik_stack_set(t->s, "ip_forward", 0), 0);
	assert_int_equal(ik_stack_set(t->s, "accept_redirects", 0), 0);
	ikt_input(t, pkt, redirect_from(IKT_GW, NEW_GW), 2000);
	assert_int_equal(gw_for(t, IKT_FAR), IKT_GW);
	assert_int_equal(ik_stack_set(t->s, "accept_redirects", 1), 0);
	ikt_input(t, pkt, redirect_from(IKT_GW, NEW_GW), 3000);
	assert_int_equal(gw_for(t, IKT_FAR), NEW_GW);
}

/* P3 (the icmp side): an error quoting our Echo Request goes to the ping
 * socket whose Identifier it carries */
static void test_p3_error_to_ping_socket(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_PING, 0);
	struct ik_sock_err e;
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 0x3131), 0);
	ikt_echo(orig, IK_ICMP_ECHO, IKT_A, IKT_FAR, 0x3131, 5, "abcdefgh", 8);
	n = ikt_icmp_error(pkt, IKT_GW, IKT_A, 11, 0, 0, orig, 28);
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(MIB(t, ICMP, InErrorsUnmatched), 0);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), 0);
	assert_int_equal(e.type, 11);
	assert_int_equal(e.err, EHOSTUNREACH);
	assert_int_equal(e.offender, IKT_GW);
	/* another Identifier: no socket */
	ikt_echo(orig, IK_ICMP_ECHO, IKT_A, IKT_FAR, 0x3132, 5, "abcdefgh", 8);
	n = ikt_icmp_error(pkt, IKT_GW, IKT_A, 11, 0, 0, orig, 28);
	assert_int_equal(ikt_input(t, pkt, n, 2000), 0);
	assert_int_equal(MIB(t, ICMP, InErrorsUnmatched), 1);
}

/* Parameter Problem carries its pointer to the socket (R4 info) */
static void test_param_problem_pointer_to_socket(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	struct ik_sock_err e;
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 1234), 0);
	n = error_about_udp(IKT_B, IKT_B, 1234, 53, 12, 0, 9);
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), 0);
	assert_int_equal(e.err, EPROTO);
	assert_int_equal(e.info, 9);
	assert_true(e.hard);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errmap_table),
		cmocka_unit_test_setup_teardown(test_r2_unmatched_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r1_error_to_udp_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rfc4884_bad_length_still_delivered, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_quote_not_ours_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_quote_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_to_broadcast_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unknown_unreach_code_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r5_frag_needed_lowers_pmtu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r5_foreign_quote_no_pmtu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r2_frag_needed_unmatched_no_pmtu, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_r6_source_quench_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r6_redirect_from_gateway_accepted, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_r6_redirect_from_other_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r6_redirect_bad_gateway_rejected, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_r6_redirect_group_destination_rejected, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_r6_redirects_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_r6_redirect_ignored_by_router, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p3_error_to_ping_socket, setup, teardown),
		cmocka_unit_test_setup_teardown(test_param_problem_pointer_to_socket, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
