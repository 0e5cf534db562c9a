// SPDX-License-Identifier: MIT
/*
 * test_stack_sockopt.c - per-socket IP options, as Linux's IPPROTO_IP
 * ones: IP_TTL (what traceroute sets per probe), IP_TOS, IP_MTU_DISCOVER
 * (dont / want / do) and IP_MTU after a Frag Needed
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

#define T0 1000000000ull

static int setup(void **state)
{
	*state = ikt_new(NULL);
	return 0;
}

static int teardown(void **state)
{
	ikt_free(*state);
	return 0;
}

/** sent_hdr() - the IP header of captured datagram @i */
static struct ik_ipv4_repr sent_hdr(const struct ikt *t, size_t i)
{
	struct ik_ipv4_repr ip;

	assert_int_equal(ikt_parse(t, i, &ip, NULL), 0);
	return ip;
}

static void ttl_and_tos(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0), v = 0;

	assert_true(fd >= 0);
	assert_int_equal(ik_sock_getopt(t->s, fd, IK_SO_TTL, &v), 0);
	assert_int_equal(v, 64); /* the default in force */
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_TTL, 3), 0);
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_TOS, 0x28), 0);
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, IKT_B, 33434, T0), 1);
	assert_int_equal(sent_hdr(t, 0).ttl, 3);
	assert_int_equal(sent_hdr(t, 0).tos, 0x28);
	assert_int_equal(ik_sock_getopt(t->s, fd, IK_SO_TTL, &v), 0);
	assert_int_equal(v, 3);
	/* -1 restores the default, as Linux */
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_TTL, -1), 0);
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, IKT_B, 33434, T0), 1);
	assert_int_equal(sent_hdr(t, 1).ttl, 64);
	/* the TTL is the socket's: another socket keeps the default */
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_TTL, 1), 0);
	{
		int fd2 = ik_sock_open(t->s, IK_SOCK_UDP, 0);

		assert_int_equal(ik_sock_sendto(t->s, fd2, "y", 1, IKT_B, 9, T0), 1);
		assert_int_equal(sent_hdr(t, 2).ttl, 64);
	}
	/* out of range, unknown, read-only */
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_TTL, 0), -EINVAL);
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_TTL, 256), -EINVAL);
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_TOS, 300), -EINVAL);
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_MTU, 1000), -ENOPROTOOPT);
	assert_int_equal(ik_sock_setopt(t->s, 999, IK_SO_TTL, 5), -EBADF);
	assert_int_equal(ik_sock_getopt(t->s, fd, IK_SO_MTU, &v), -ENOTCONN);
}

/* the same for ping sockets (an Echo Request with the socket's TTL) */
static void ping_ttl(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_PING, 0);
	uint8_t m[16] = { 8, 0, 0, 0, 0, 0, 0, 1 };

	assert_true(fd >= 0);
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_TTL, 2), 0);
	assert_int_equal(ik_sock_sendto(t->s, fd, m, sizeof(m), IKT_B, 0, T0), (ssize_t)sizeof(m));
	assert_int_equal(sent_hdr(t, 0).ttl, 2);
}

static void mtu_discover(void **state)
{
	struct ikt *t = *state;
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0), v = -1;
	uint8_t big[1400] = { 0 }, in[2048];
	struct ik_sock_err e;
	size_t n;

	assert_int_equal(ik_sock_connect(t->s, fd, IKT_FAR, 9), 0);
	assert_int_equal(ik_sock_getopt(t->s, fd, IK_SO_MTU_DISCOVER, &v), 0);
	assert_int_equal(v, IK_PMTUDISC_WANT);
	assert_int_equal(ik_sock_getopt(t->s, fd, IK_SO_MTU, &v), 0);
	assert_int_equal(v, 1500);
	/* want: DF; the gateway says 1000 */
	assert_int_equal(ik_sock_sendto(t->s, fd, big, sizeof(big), 0, 0, T0), (ssize_t)sizeof(big));
	assert_true(sent_hdr(t, 0).df);
	n = ikt_icmp_error(in, IKT_GW, IKT_A, 3, 4, 1000, t->cap.pkts[0].bytes, 28);
	ikt_input(t, in, n, T0 + 1000);
	assert_int_equal(ik_sock_getopt(t->s, fd, IK_SO_MTU, &v), 0);
	assert_int_equal(v, 1000); /* IP_MTU after Frag Needed */
	/* want: Frag Needed is a hard EMSGSIZE for a connected UDP socket,
	 * returned once by the next call (Linux __udp4_lib_err) */
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, 0, 0, T0 + 1500), -EMSGSIZE);
	while (ik_sock_recverr(t->s, fd, &e) == 0)
		;
	/* do: above the path MTU is EMSGSIZE, with a local error entry */
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_MTU_DISCOVER, IK_PMTUDISC_DO), 0);
	ikt_clear(t);
	assert_int_equal(ik_sock_sendto(t->s, fd, big, sizeof(big), 0, 0, T0 + 2000), -EMSGSIZE);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), 0);
	assert_int_equal(e.err, EMSGSIZE);
	assert_int_equal(e.origin, IK_EE_ORIGIN_LOCAL);
	assert_int_equal(e.info, 1000);
	/* within it: DF */
	assert_int_equal(ik_sock_sendto(t->s, fd, big, 900, 0, 0, T0 + 3000), 900);
	assert_true(sent_hdr(t, 0).df);
	/* dont: fragments without DF */
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_MTU_DISCOVER, IK_PMTUDISC_DONT), 0);
	ikt_clear(t);
	assert_int_equal(ik_sock_sendto(t->s, fd, big, sizeof(big), 0, 0, T0 + 4000),
			 (ssize_t)sizeof(big));
	assert_int_equal(t->cap.n, 2);
	assert_false(sent_hdr(t, 0).df);
	/* and a Frag Needed lowers the path MTU without telling it */
	n = ikt_icmp_error(in, IKT_GW, IKT_A, 3, 4, 800, t->cap.pkts[0].bytes, 28);
	ikt_input(t, in, n, T0 + 5000);
	assert_int_equal(ik_sock_getopt(t->s, fd, IK_SO_MTU, &v), 0);
	assert_int_equal(v, 800);
	assert_int_equal(ik_sock_recverr(t->s, fd, &e), -EAGAIN);
	assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, 0, 0, T0 + 6000), 1);
	assert_int_equal(ik_sock_setopt(t->s, fd, IK_SO_MTU_DISCOVER, 3), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(ttl_and_tos, setup, teardown),
		cmocka_unit_test_setup_teardown(ping_ttl, setup, teardown),
		cmocka_unit_test_setup_teardown(mtu_discover, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
