// SPDX-License-Identifier: MIT
/*
 * test_stack_ip6.c - the stack's IPv6 side on a capturing device: the
 * link-local address, the echo server (unicast and multicast), Port
 * Unreachable (Type 1 Code 4) with the quote cut at 1280, Parameter
 * Problem for an unknown Next Header and for each option action, the
 * Routing and Hop-by-Hop rules, RFC 4443 2.4(e)'s suppressions, the rate
 * limit, and the counters. Packets are built here with the reference sums
 * of tests/refsum.h, not with the library's checksum code.
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
#include "icmpkit/ipv6.h"
#include "icmpkit/stack6.h"
#include "refsum.h"
#include "test6.h"

#define MS 1000000ull

/* a fresh stack with 2001:db8:1::1/64 on eth0 */
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

/* the first address brings the link-local one: fe80::/64 + a random,
 * stable identifier, local bit clear; routes for both prefixes */
static void addr_linklocal(void **state)
{
	struct ikt *t = *state;
	struct ik_route6_spec r;
	uint8_t a[16], a2[16];
	unsigned plen;

	assert_int_equal(ik_stack_iface_addr6(t->s, t->ifindex, 0, a, &plen), 0);
	assert_int_equal(plen, 64);
	assert_int_equal(a[0], 0xfe);
	assert_int_equal(a[1], 0x80);
	assert_int_equal(a[8] & 0x02, 0);
	assert_memory_not_equal(a + 8, (uint8_t[8]){ 0 }, 8);
	assert_int_equal(ik_stack_iface_addr6(t->s, t->ifindex, 1, a2, &plen), 0);
	assert_memory_equal(a2, T6_A, 16);
	assert_int_equal(ik_stack_iface_addr6(t->s, t->ifindex, 2, a2, NULL), -IK_ENOENT);
	assert_int_equal(ik_stack_route6_get(t->s, T6_B, &r), 0);
	assert_int_equal(r.prefix, 64);
	assert_int_equal(r.ifindex, t->ifindex);
	assert_int_equal(ik_stack_route6_get(t->s, a, &r), 0);
	assert_int_equal(r.prefix, 64);
	assert_int_equal(ik_stack_route6_get(t->s, T6_FAR, &r), -IK_ENOENT);
	/* the same seed gives the same identifier; bad addresses refused */
	struct ikt *u = t6_new(NULL);
	uint8_t b[16];

	assert_int_equal(ik_stack_iface_addr6(u->s, u->ifindex, 0, b, NULL), 0);
	assert_memory_equal(a, b, 16);
	ikt_free(u);
	assert_int_equal(ik_stack_add_addr6(t->s, t->ifindex, T6_A, 64), -IK_EADDRINUSE);
	assert_int_equal(ik_stack_add_addr6(t->s, t->ifindex, (uint8_t[16]){ 0xff, 2, [15] = 1 }, 64),
			 -IK_EINVAL);
	assert_int_equal(ik_stack_add_addr6(t->s, t->ifindex, (uint8_t[16]){ [15] = 1 }, 64),
			 -IK_EINVAL);
	assert_int_equal(ik_stack_add_addr6(t->s, t->ifindex, T6_B, 0), -IK_EINVAL);
	assert_int_equal(ik_stack_add_addr6(t->s, 99, T6_B, 64), -IK_EINVAL);
	assert_int_equal(ik_stack_set_iid(t->s, t->ifindex, (uint8_t[8]){ 1 }), -IK_EINVAL);
}

/* a chosen identifier (modified EUI-64) gives the link-local address */
static void addr_iid(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const uint8_t iid[8] = { 0x02, 0x00, 0x5e, 0xff, 0xfe, 0x00, 0x53, 0x01 };
	uint8_t a[16];

	assert_int_equal(ik_stack_set_iid(t->s, t->ifindex, iid), 0);
	assert_int_equal(ik_stack_add_addr6(t->s, t->ifindex, T6_A, 64), 0);
	assert_int_equal(ik_stack_iface_addr6(t->s, t->ifindex, 0, a, NULL), 0);
	assert_memory_equal(a, ((uint8_t[16]){ 0xfe, 0x80, [8] = 0x02, 0x00, 0x5e, 0xff, 0xfe,
					       0x00, 0x53, 0x01 }),
			    16);
	ikt_free(t);
}

/* RFC 4443 4.2: the reply carries the request's identifier, sequence and
 * data, from the address it was sent to */
static void echo_unicast(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256], data[40];
	struct t6_msg m;

	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	size_t n = t6_echo(p, T6_B, T6_A, 128, 0x1234, 7, data, sizeof(data));

	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_memory_equal(m.src, T6_A, 16);
	assert_memory_equal(m.dst, T6_B, 16);
	assert_memory_equal(t->cap.pkts[0].next_hop6, T6_B, 16);
	assert_int_equal(m.nh, 58);
	assert_int_equal(m.hlim, 64);
	assert_int_equal(m.l4[0], 129);
	assert_int_equal(ik_get16(m.l4 + 4), 0x1234);
	assert_int_equal(ik_get16(m.l4 + 6), 7);
	assert_int_equal(m.l4_len, 8 + sizeof(data));
	assert_memory_equal(m.l4 + 8, data, sizeof(data));
	assert_true(m.sum_ok);
	assert_int_equal(T6MIB(t, IP6_InReceives), 1);
	assert_int_equal(T6MIB(t, IP6_InDelivers), 1);
	assert_int_equal(T6MIB(t, ICMP6_InMsgs), 1);
	assert_int_equal(T6MIB(t, ICMP6_InEchos), 1);
	assert_int_equal(T6MIB(t, ICMP6_OutEchoReplies), 1);
	assert_int_equal(T6MIB(t, ICMP6_OutMsgs), 1);
	assert_int_equal(T6MIB(t, IP6_OutRequests), 1);
	assert_int_equal(ik_stack_mib(t->s)->in_type6[128], 1);
	assert_int_equal(ik_stack_mib(t->s)->out_type6[129], 1);

	/* a wrong checksum: counted, no reply */
	p[40 + 2] ^= 0x55;
	assert_int_equal(ikt_input(t, p, n, 2000), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(T6MIB(t, ICMP6_InCsumErrors), 1);
	assert_int_equal(T6MIB(t, ICMP6_InErrors), 1);

	/* icmpv6_echo_ignore_all */
	p[40 + 2] ^= 0x55;
	assert_int_equal(ik_stack_set(t->s, "icmpv6_echo_ignore_all", 1), 0);
	assert_int_equal(ikt_input(t, p, n, 3000), 0);
	assert_int_equal(t->cap.n, 1);
}

/* to all-nodes and to our solicited-node group: answered from our own
 * address; a group not joined is dropped; echo_ignore_multicast */
static void echo_multicast(void **state)
{
	struct ikt *t = *state;
	uint8_t p[128], ll[16];
	struct t6_msg m;
	uint8_t sol[16] = { 0xff, 0x02, [11] = 1, 0xff, T6_A[13], T6_A[14], T6_A[15] };
	uint8_t other[16] = { 0xff, 0x02, [15] = 0x42 };
	size_t n = t6_echo(p, T6_B, T6_ALLNODES, 128, 1, 1, "x", 1);

	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_memory_equal(m.src, T6_A, 16); /* the global one: the peer's scope */
	assert_true(m.sum_ok);
	/* from a link-local peer: answered from our link-local address */
	ik_stack_iface_addr6(t->s, t->ifindex, 0, ll, NULL);
	n = t6_echo(p, T6_BLL, T6_ALLNODES, 128, 1, 2, "x", 1);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 2);
	t6_parse(t, 1, &m);
	assert_memory_equal(m.src, ll, 16);
	n = t6_echo(p, T6_B, sol, 128, 1, 3, "x", 1);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 3);
	n = t6_echo(p, T6_B, other, 128, 1, 4, "x", 1);
	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 3);
	assert_int_equal(T6MIB(t, IP6_InMcastPkts), 4);
	assert_int_equal(ik_stack_set(t->s, "icmpv6_echo_ignore_multicast", 1), 0);
	n = t6_echo(p, T6_B, T6_ALLNODES, 128, 1, 5, "x", 1);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 3);
}

/* the note's lesson in IPv6: UDP to a closed port -> Type 1 Code 4 quoting
 * the datagram, from the address it was sent to */
static void udp_closed(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256];
	struct t6_msg m;
	size_t n = t6_udp(p, T6_B, T6_A, 40000, 8080, "hello", 5);

	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_memory_equal(m.src, T6_A, 16);
	assert_memory_equal(m.dst, T6_B, 16);
	assert_int_equal(m.l4[0], 1);
	assert_int_equal(m.l4[1], 4);
	assert_int_equal(ik_get32(m.l4 + 4), 0);
	assert_int_equal(m.l4_len, 8 + n);
	assert_memory_equal(m.l4 + 8, p, n);
	assert_true(m.sum_ok);
	assert_int_equal(T6MIB(t, UDP6_NoPorts), 1);
	assert_int_equal(T6MIB(t, ICMP6_OutDestUnreachs), 1);
	assert_int_equal(T6MIB(t, ICMP6_OutMsgs), 1);

	/* UDP checksum 0 is not allowed over IPv6 (RFC 8200 8.1) */
	ik_put16(p + 40 + 6, 0);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(T6MIB(t, UDP6_InCsumErrors), 1);
	/* to all-nodes: no error (RFC 4443 2.4(e.2)) */
	n = t6_udp(p, T6_B, T6_ALLNODES, 40000, 8080, "hello", 5);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(T6MIB(t, ICMP6_OutSuppressed), 1);
}

/* RFC 4443 2.4(c): the error is at most 1280 octets, the quote as large
 * as fits (1232) */
static void quote_1280(void **state)
{
	struct ikt *t = *state;
	static uint8_t p[1500], data[1400];
	struct t6_msg m;
	size_t n = t6_udp(p, T6_B, T6_A, 40000, 9, data, sizeof(data));

	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(t->cap.pkts[0].len, 1280);
	t6_parse(t, 0, &m);
	assert_int_equal(m.l4_len, 1240);
	assert_memory_equal(m.l4 + 8, p, 1232);
	assert_true(m.sum_ok);
}

/* an unknown Next Header: Parameter Problem code 1 pointing at the field
 * naming it (RFC 8200 4, RFC 4443 3.4); after a Destination Options
 * header the pointer is that header's first octet */
static void unknown_next_header(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256], ext[8] = { 253, 0, 1, 4, 0, 0, 0, 0 };
	struct t6_msg m;
	size_t n = t6_build(p, T6_B, T6_A, 253, NULL, 0, "abcdefgh", 8);

	assert_int_equal(ikt_input(t, p, n, 1000), -IK_ETYPE);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_int_equal(m.l4[0], 4);
	assert_int_equal(m.l4[1], 1);
	assert_int_equal(ik_get32(m.l4 + 4), 6);
	assert_int_equal(T6MIB(t, IP6_InUnknownProtos), 1);
	assert_int_equal(T6MIB(t, ICMP6_OutParmProblems), 1);
	n = t6_build(p, T6_B, T6_A, 60, ext, sizeof(ext), "abcdefgh", 8);
	assert_int_equal(ikt_input(t, p, n, 2000 * MS), -IK_ETYPE);
	assert_int_equal(t->cap.n, 2);
	t6_parse(t, 1, &m);
	assert_int_equal(ik_get32(m.l4 + 4), 40);
	/* Next Header 59: nothing follows, nothing said */
	n = t6_build(p, T6_B, T6_A, 59, NULL, 0, "abcdefgh", 8);
	assert_int_equal(ikt_input(t, p, n, 4000 * MS), 0);
	assert_int_equal(t->cap.n, 2);
}

/**
 * opt_echo() - an Echo Request behind a Destination Options header holding
 * one option of type @type (length 0) at octet 42, to @dst
 * @p: buffer; @type: option type; @dst: destination
 * Return: its length.
 */
static size_t opt_echo(uint8_t *p, uint8_t type, const uint8_t *dst)
{
	uint8_t ext[8] = { 58, 0, type, 0, 1, 2, 0, 0 }; /* option, then PadN */
	uint8_t icmp[12] = { 128, 0, 0, 0, 0, 9, 0, 1, 'a', 'b', 'c', 'd' };

	return t6_build(p, T6_B, dst, 60, ext, sizeof(ext), icmp, sizeof(icmp));
}

/* RFC 8200 4.2: an unknown option does what its two high bits say */
static void option_actions(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256];
	struct t6_msg m;
	size_t n;

	n = opt_echo(p, 0x1e, T6_A); /* 00: skipped, the request answered */
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_int_equal(m.l4[0], 129);
	n = opt_echo(p, 0x5e, T6_A); /* 01: discarded silently */
	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 1);
	n = opt_echo(p, 0x9e, T6_A); /* 10: Parameter Problem code 2 at the option */
	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 2);
	t6_parse(t, 1, &m);
	assert_int_equal(m.l4[0], 4);
	assert_int_equal(m.l4[1], 2);
	assert_int_equal(ik_get32(m.l4 + 4), 42);
	n = opt_echo(p, 0x9e, T6_ALLNODES); /* 10: even to a multicast address */
	assert_true(ikt_input(t, p, n, 2000 * MS) < 0);
	assert_int_equal(t->cap.n, 3);
	n = opt_echo(p, 0xde, T6_A); /* 11: an error to a unicast address */
	assert_true(ikt_input(t, p, n, 4000 * MS) < 0);
	assert_int_equal(t->cap.n, 4);
	n = opt_echo(p, 0xde, T6_ALLNODES); /* 11: none to a multicast one */
	assert_true(ikt_input(t, p, n, 6000 * MS) < 0);
	assert_int_equal(t->cap.n, 4);
	assert_int_equal(T6MIB(t, IP6_InHdrErrors), 5);
}

/* RFC 4942 2.1.9.5 and RFC 8504 5.3, as Linux's ip6_parse_tlv(): padding
 * only aligns, so a run of more than 7 padding octets, or PadN with a
 * non-zero octet, drops the datagram silently (diff_linux6 probes
 * dst-padn-long, dst-padn-nonzero); 7 octets of zero padding still pass;
 * 9 options (action 00, skipped) in one header are one too many (probe
 * dst-opt-9-skipped), 8 are fine */
static void padding_checked(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256], icmp[8] = { 128, 0, 0, 0, 0, 9, 0, 1 };
	uint8_t padn14[16] = { 58, 1, 1, 12 }, nonzero[8] = { 58, 0, 1, 4, 0, 0, 0xbe, 0xef };
	uint8_t many[24], pad1_6[8] = { 58, 0, 0, 0, 0, 0, 0, 0 }, runs[16] = { 58, 1, 1, 4, 0, 0, 0, 0,
								    0, 0, 1, 4 };
	size_t n;

	n = t6_build(p, T6_B, T6_A, 60, padn14, sizeof(padn14), icmp, sizeof(icmp));
	assert_true(ikt_input(t, p, n, 1000) < 0);
	n = t6_build(p, T6_B, T6_A, 60, nonzero, sizeof(nonzero), icmp, sizeof(icmp));
	assert_true(ikt_input(t, p, n, 1000) < 0);
	/* PadN (6) then Pad1 Pad1 then PadN (6): a run of 14 */
	n = t6_build(p, T6_B, T6_A, 60, runs, sizeof(runs), icmp, sizeof(icmp));
	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(T6MIB(t, IP6_InHdrErrors), 3);
	n = t6_build(p, T6_B, T6_A, 60, pad1_6, sizeof(pad1_6), icmp, sizeof(icmp));
	assert_int_equal(ikt_input(t, p, n, 1000), 0); /* six Pad1: fine */
	assert_int_equal(t->cap.n, 1);
	memset(many, 0, sizeof(many));
	many[0] = 58;
	many[1] = 2;
	for (unsigned k = 0; k < 9; k++)
		many[2 + 2 * k] = 0x1e; /* unknown, action 00, length 0 */
	many[20] = 1; /* PadN over the rest */
	many[21] = 2;
	n = t6_build(p, T6_B, T6_A, 60, many, sizeof(many), icmp, sizeof(icmp));
	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 1);
	many[18] = 1; /* the ninth becomes PadN: 8 options */
	many[19] = 0;
	many[20] = 1;
	many[21] = 2;
	n = t6_build(p, T6_B, T6_A, 60, many, sizeof(many), icmp, sizeof(icmp));
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 2);
}

/* RFC 5095: Routing Type 0 with segments left is a Parameter Problem code 0
 * at the type; with none left the header is ignored. RFC 8200 4.3:
 * Hop-by-Hop after another header is code 1 at the field naming it */
static void routing_and_hbh(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256], rh[24] = { 58, 2, 0, 1 }, hbh[8] = { 58, 0, 1, 4 };
	uint8_t icmp[8] = { 128, 0, 0, 0, 0, 9, 0, 1 };
	uint8_t chain[16] = { 0, 0, 1, 4, 0, 0, 0, 0, 58, 0, 1, 4 };
	struct t6_msg m;
	size_t n;

	memcpy(rh + 8, T6_FAR, 16);
	n = t6_build(p, T6_B, T6_A, 43, rh, sizeof(rh), icmp, sizeof(icmp));
	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_int_equal(m.l4[0], 4);
	assert_int_equal(m.l4[1], 0);
	assert_int_equal(ik_get32(m.l4 + 4), 42);
	rh[3] = 0; /* segments left 0: ignored */
	n = t6_build(p, T6_B, T6_A, 43, rh, sizeof(rh), icmp, sizeof(icmp));
	assert_int_equal(ikt_input(t, p, n, 2000 * MS), 0);
	assert_int_equal(t->cap.n, 2);
	t6_parse(t, 1, &m);
	assert_int_equal(m.l4[0], 129);
	/* Hop-by-Hop first: fine */
	n = t6_build(p, T6_B, T6_A, 0, hbh, sizeof(hbh), icmp, sizeof(icmp));
	assert_int_equal(ikt_input(t, p, n, 2000 * MS), 0);
	assert_int_equal(t->cap.n, 3);
	/* Destination Options, then Hop-by-Hop: code 1 pointing at octet 40 */
	n = t6_build(p, T6_B, T6_A, 60, chain, sizeof(chain), icmp, sizeof(icmp));
	assert_true(ikt_input(t, p, n, 4000 * MS) < 0);
	assert_int_equal(t->cap.n, 4);
	t6_parse(t, 3, &m);
	assert_int_equal(m.l4[0], 4);
	assert_int_equal(m.l4[1], 1);
	assert_int_equal(ik_get32(m.l4 + 4), 40);
}

/* RFC 4443 2.4(e): no error about an error, none to a source that names
 * no one node; bad sources and addresses not ours are dropped */
static void suppressions(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256], q[64], err[128];
	static const uint8_t unspec[16];
	size_t n;

	/* an error quoting a datagram of ours that carried an unknown next
	 * header: about an error, so no error back */
	n = t6_build(q, T6_A, T6_B, 17, NULL, 0, "12345678", 8);
	memcpy(err, (uint8_t[8]){ 1, 4, 0, 0, 0, 0, 0, 0 }, 8);
	memcpy(err + 8, q, n);
	n = t6_build(p, T6_B, T6_A, 253, NULL, 0, err, 8 + n);
	/* (253: no handler, so an error would be due, were it not that...) */
	p[6] = 58;
	t6_fix(p, n);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 0);
	/* UDP to a closed port from :: -> nothing */
	n = t6_udp(p, unspec, T6_A, 1, 9, "x", 1);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(T6MIB(t, ICMP6_OutSuppressed), 1);
	/* a multicast source: dropped before anything */
	n = t6_udp(p, T6_ALLNODES, T6_A, 1, 9, "x", 1);
	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(T6MIB(t, IP6_InHdrErrors), 1);
	/* not ours (a host does not forward) */
	n = t6_udp(p, T6_B, T6_FAR, 1, 9, "x", 1);
	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(T6MIB(t, IP6_InAddrErrors), 1);
	/* a payload length beyond what arrived */
	n = t6_udp(p, T6_B, T6_A, 1, 9, "x", 1);
	assert_true(ikt_input(t, p, n - 1, 1000) < 0);
	assert_int_equal(T6MIB(t, IP6_InTruncatedPkts), 1);
	assert_int_equal(t->cap.n, 0);
}

/* RFC 4443 2.4(e.1) holds for a datagram refused for its chain too: a
 * Port Unreachable behind Destination Options then Hop-by-Hop earns no
 * Parameter Problem (the type is found by walking the octets, as Linux's
 * is_ineligible(); diff_linux6 probe err-hbh-not-first), while an Echo
 * Request behind the same chain does (code 1 at octet 40) */
static void no_error_behind_bad_chain(void **state)
{
	struct ikt *t = *state;
	uint8_t p[256], q[64], err[128];
	uint8_t chain[16] = { 0, 0, 1, 4, 0, 0, 0, 0, 58, 0, 1, 4 };
	uint8_t icmp[8] = { 128, 0, 0, 0, 0, 9, 0, 1 };
	size_t n;

	n = t6_build(q, T6_A, T6_B, 17, NULL, 0, "12345678", 8);
	memcpy(err, (uint8_t[8]){ 1, 4, 0, 0, 0, 0, 0, 0 }, 8);
	memcpy(err + 8, q, n);
	n = t6_build(p, T6_B, T6_A, 60, chain, sizeof(chain), err, 8 + n);
	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(T6MIB(t, ICMP6_OutSuppressed), 1);
	n = t6_build(p, T6_B, T6_A, 60, chain, sizeof(chain), icmp, sizeof(icmp));
	assert_true(ikt_input(t, p, n, 2000 * MS) < 0);
	assert_int_equal(t->cap.n, 1);
}

/* an interface without IPv6 drops IPv6 (InDiscards) */
static void disabled(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	uint8_t p[128];
	size_t n = t6_echo(p, T6_B, T6_A, 128, 1, 1, "x", 1);

	assert_true(ikt_input(t, p, n, 1000) < 0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(T6MIB(t, IP6_InDiscards), 1);
	ikt_free(t);
}

/* RFC 4443 2.4(f), Linux's numbers: a token per icmpv6_ratelimit ms,
 * shortened to 250 ms for a /64 route ((128 - 64) >> 5 = 2 halvings), a
 * burst of 6; echo replies are not limited */
static void rate_limit(void **state)
{
	struct ikt *t = *state;
	uint8_t p[128];
	size_t n = t6_udp(p, T6_B, T6_A, 40000, 9, "x", 1);

	for (unsigned i = 0; i < 20; i++)
		ikt_input(t, p, n, 1000);
	assert_int_equal(t->cap.n, 6);
	assert_int_equal(T6MIB(t, ICMP6_OutRateLimitHost), 14);
	ikt_input(t, p, n, 1000 + 249 * MS);
	assert_int_equal(t->cap.n, 6);
	ikt_input(t, p, n, 1000 + 251 * MS);
	assert_int_equal(t->cap.n, 7);
	/* another peer has its own bucket */
	n = t6_udp(p, T6_C, T6_A, 40000, 9, "x", 1);
	ikt_input(t, p, n, 1000 + 251 * MS);
	assert_int_equal(t->cap.n, 8);
	/* echo replies pass */
	n = t6_echo(p, T6_B, T6_A, 128, 1, 1, "x", 1);
	for (unsigned i = 0; i < 10; i++)
		ikt_input(t, p, n, 1000 + 252 * MS);
	assert_int_equal(t->cap.n, 18);
}

/* TCP over IPv6 with no listener: a SYN is answered by RST|ACK (RFC 9293
 * 3.10.7.1), not by a Parameter Problem; a reset is never answered */
static void tcp_reset(void **state)
{
	struct ikt *t = *state;
	uint8_t p[128], syn[20] = { 0x9c, 0x40, 0, 80, 0, 0, 0x10, 0, 0, 0, 0, 0, 0x50, 0x02,
				    0xff, 0xff };
	struct t6_msg m;
	size_t n = t6_build(p, T6_B, T6_A, 6, NULL, 0, syn, sizeof(syn));

	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_int_equal(m.nh, 6);
	assert_true(m.sum_ok);
	assert_int_equal(ik_get16(m.l4), 80);
	assert_int_equal(ik_get16(m.l4 + 2), 40000);
	assert_int_equal(ik_get32(m.l4 + 8), 0x1001); /* SEG.SEQ + 1 */
	assert_int_equal(m.l4[13], 0x14);             /* RST|ACK */
	assert_int_equal(T6MIB(t, IP6_InUnknownProtos), 0);
	assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_TCP_OutRsts], 1);
	syn[13] = 0x04; /* a reset */
	n = t6_build(p, T6_B, T6_A, 6, NULL, 0, syn, sizeof(syn));
	assert_int_equal(ikt_input(t, p, n, 2000), 0);
	assert_int_equal(t->cap.n, 1);
	p[40 + 16] ^= 1; /* a wrong checksum */
	assert_int_equal(ikt_input(t, p, n, 3000), 0);
	assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_TCP_InCsumErrors], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(addr_linklocal, setup, teardown),
		cmocka_unit_test(addr_iid),
		cmocka_unit_test_setup_teardown(echo_unicast, setup, teardown),
		cmocka_unit_test_setup_teardown(echo_multicast, setup, teardown),
		cmocka_unit_test_setup_teardown(udp_closed, setup, teardown),
		cmocka_unit_test_setup_teardown(quote_1280, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_next_header, setup, teardown),
		cmocka_unit_test_setup_teardown(option_actions, setup, teardown),
		cmocka_unit_test_setup_teardown(routing_and_hbh, setup, teardown),
		cmocka_unit_test_setup_teardown(suppressions, setup, teardown),
		cmocka_unit_test_setup_teardown(no_error_behind_bad_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(padding_checked, setup, teardown),
		cmocka_unit_test(disabled),
		cmocka_unit_test_setup_teardown(rate_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(tcp_reset, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
