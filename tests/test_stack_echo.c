// SPDX-License-Identifier: MIT
/*
 * test_stack_echo.c - the echo and timestamp servers and ICMP input
 * validation: CONFORMANCE E1-E8 (and P2's hand-over of Echo Replies)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmp_test.h"

#define ETH1_ADDR 0xc6336401u /* 198.51.100.1 */
#define NS_PER_MS 1000000ull

static uint8_t pkt[70000];

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
 * input_exact() - feed a datagram from a heap buffer of exactly its length,
 * so that ASan catches any read past it
 * @t: harness; @p: datagram; @len: length; @flags: link flags; @now: time
 *
 * Return: ik_stack_input()'s result.
 */
static int input_exact(struct ikt *t, const uint8_t *p, size_t len, unsigned flags, uint64_t now)
{
	uint8_t *b = malloc(len ? len : 1);
	int rc;

	assert_non_null(b);
	memcpy(b, p, len);
	rc = ik_stack_input(t->s, t->ifindex, b, len, flags, now);
	free(b);
	return rc;
}

/**
 * check_echo_reply() - packet @i is the reply to the request @req
 * @t: harness; @i: captured index; @req: the request datagram; @src: the
 * reply's expected source
 *
 * Asserts the IP fields, then that the ICMP part equals the request's octet
 * for octet except the type (8 -> 0) and the checksum, which must verify.
 */
static void check_echo_reply(const struct ikt *t, size_t i, const uint8_t *req, uint32_t src)
{
	const struct ikt_pkt *p = ikt_pkt_at(t, i);
	struct ik_ipv4_repr rq, ip;
	struct ik_icmp_repr m;
	int rh = ik_ipv4_parse(req, 65535, IK_IPV4_QUOTED, &rq, NULL);
	size_t ilen;

	assert_true(rh > 0);
	ilen = rq.total_len - (size_t)rh;
	assert_int_equal(ikt_parse(t, i, &ip, &m), 0);
	assert_int_equal(ip.src, src);
	assert_int_equal(ip.dst, rq.src);
	assert_int_equal(ip.proto, IK_IPPROTO_ICMP);
	assert_int_equal(ip.total_len, 20 + ilen);
	assert_int_equal(p->len, 20 + ilen);
	assert_int_equal(m.type, IK_ICMP_ECHOREPLY);
	/* every octet but type and checksum is the request's */
	assert_int_equal(p->bytes[20 + 1], req[rh + 1]);
	assert_memory_equal(p->bytes + 20 + 4, req + rh + 4, ilen - 4);
	/* independent reference: the checksum over the reply is right */
	assert_int_equal(ref_csum(p->bytes + 20, ilen), 0);
}

/* E1: same identifier, sequence and every data octet, checksum correct */
static void test_e1_echo_reply_same_id_seq_data(void **state)
{
	struct ikt *t = *state;
	uint8_t data[56];
	struct ik_icmp_repr m;
	struct ik_ipv4_repr ip;
	size_t n;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(0x10 + i);
	n = ikt_echo(pkt, IK_ICMP_ECHO, IKT_B, IKT_A, 0x4242, 7, data, sizeof(data));
	assert_int_equal(input_exact(t, pkt, n, 0, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	check_echo_reply(t, 0, pkt, IKT_A);
	assert_int_equal(ikt_parse(t, 0, &ip, &m), 0);
	assert_int_equal(m.u.echo.ident, 0x4242);
	assert_int_equal(m.u.echo.seq, 7);
	assert_int_equal(m.data_len, sizeof(data));
	assert_memory_equal(m.data, data, sizeof(data));
	assert_int_equal(ip.ttl, 64);
	assert_false(ip.df);
	assert_int_equal(t->cap.pkts[0].next_hop, IKT_B);
	assert_int_equal(MIB(t, ICMP, InMsgs), 1);
	assert_int_equal(MIB(t, ICMP, InEchos), 1);
	assert_int_equal(MIB(t, ICMP, OutMsgs), 1);
	assert_int_equal(MIB(t, ICMP, OutEchoReps), 1);
	assert_int_equal(ik_stack_mib(t->s)->in_type[8], 1);
	assert_int_equal(ik_stack_mib(t->s)->out_type[0], 1);
	assert_int_equal(MIB(t, ICMP, InErrors), 0);
}

/* E1: the incrementally updated checksum is right for every data length,
 * odd ones included, random data, and a nonzero code is kept */
static void test_e1_echo_checksum_all_lengths(void **state)
{
	struct ikt *t = *state;
	uint8_t data[300];
	uint32_t x = 12345;

	for (size_t len = 0; len <= sizeof(data); len += (len < 70 ? 1 : 23)) {
		size_t n;

		for (size_t i = 0; i < len; i++) {
			x = x * 1103515245u + 12345u;
			data[i] = (uint8_t)(x >> 16);
		}
		ikt_clear(t);
		n = ikt_echo(pkt, IK_ICMP_ECHO, IKT_B, IKT_A, (uint16_t)x, (uint16_t)len, data, len);
		if (len % 5 == 3) { /* a nonzero code: kept, checksum fixed up */
			pkt[20 + 1] = 5;
			ik_put16(pkt + 22, 0);
			ik_put16(pkt + 22, ref_csum(pkt + 20, n - 20));
		}
		assert_int_equal(input_exact(t, pkt, n, 0, 1000 + len), 0);
		assert_int_equal(t->cap.n, 1);
		check_echo_reply(t, 0, pkt, IKT_A);
	}
}

/* E1: a request whose reply is all zero but for its checksum (code 0,
 * Identifier, Sequence and data 0) gets 0xffff, the only valid checksum
 * of it (the incremental update alone gives 0x0000: found by fuzz_input);
 * one whose other octets sum to -0 keeps 0x0000. Both on the fast path
 * and, with a raw ICMP socket open, on the general one. */
static void test_e1_echo_checksum_negative_zero(void **state)
{
	struct ikt *t = *state;
	static const uint8_t zero[56];
	static const size_t lens[] = { 0, 1, 2, 56 };

	for (int general = 0; general < 2; general++) {
		if (general)
			assert_true(ik_sock_open(t->s, IK_SOCK_RAW, IK_IPPROTO_ICMP) >= 0);
		for (size_t k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
			size_t n = ikt_echo(pkt, IK_ICMP_ECHO, IKT_B, IKT_A, 0, 0, zero, lens[k]);

			ikt_clear(t);
			assert_int_equal(input_exact(t, pkt, n, 0, 2000 + k), 0);
			assert_int_equal(t->cap.n, 1);
			check_echo_reply(t, 0, pkt, IKT_A);
			assert_int_equal(ik_get16(ikt_pkt_at(t, 0)->bytes + 22), 0xffff);
		}
		/* Identifier 0xffff: the reply's other words sum to -0 */
		size_t n = ikt_echo(pkt, IK_ICMP_ECHO, IKT_B, IKT_A, 0xffff, 0, zero, 0);

		ikt_clear(t);
		assert_int_equal(input_exact(t, pkt, n, 0, 3000), 0);
		assert_int_equal(t->cap.n, 1);
		check_echo_reply(t, 0, pkt, IKT_A);
		assert_int_equal(ik_get16(ikt_pkt_at(t, 0)->bytes + 22), 0x0000);
	}
}

/* E2: a request to the second address of a host with two interfaces is
 * answered from that address, wherever it arrived */
static void test_e2_reply_from_address_asked(void **state)
{
	struct ikt *t = *state;
	int ifx2 = ik_stack_add_iface(t->s, "eth1", ETH1_ADDR, 24, 1500);
	size_t n;

	assert_true(ifx2 > 0);
	/* arrives on eth1 from a host of that network */
	n = ikt_echo(pkt, IK_ICMP_ECHO, 0xc6336407u, ETH1_ADDR, 1, 1, "abcd", 4);
	assert_int_equal(ik_stack_input(t->s, (unsigned)ifx2, pkt, n, 0, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	check_echo_reply(t, 0, pkt, ETH1_ADDR);
	assert_int_equal(t->cap.pkts[0].ifindex, (unsigned)ifx2);

	/* arrives on eth0 for eth1's address (weak host): source is still
	 * the address asked, not eth0's */
	ikt_clear(t);
	n = ikt_echo(pkt, IK_ICMP_ECHO, IKT_B, ETH1_ADDR, 2, 2, "efgh", 4);
	assert_int_equal(ikt_input(t, pkt, n, 2000), 0);
	assert_int_equal(t->cap.n, 1);
	check_echo_reply(t, 0, pkt, ETH1_ADDR);
}

/**
 * echo_to() - an Echo Request from B to @dst
 * @dst: destination
 *
 * Return: its length (in pkt).
 */
static size_t echo_to(uint32_t dst)
{
	return ikt_echo(pkt, IK_ICMP_ECHO, IKT_B, dst, 9, 9, "smurf", 5);
}

/* E3: echo to a broadcast (directed or limited) is ignored by default,
 * answered from the interface's address when icmp_echo_ignore_broadcasts=0 */
static void test_e3_broadcast_echo(void **state)
{
	struct ikt *t = *state;
	const uint32_t dsts[] = { 0xc00002ffu, 0xffffffffu };
	long v;

	assert_int_equal(ik_stack_get(t->s, "icmp_echo_ignore_broadcasts", &v), 0);
	assert_int_equal(v, 1);
	for (size_t i = 0; i < 2; i++) {
		size_t n = echo_to(dsts[i]);

		ik_stack_input(t->s, t->ifindex, pkt, n, IK_RX_LINK_BCAST, 1000);
		assert_int_equal(t->cap.n, 0);
	}
	assert_int_equal(MIB(t, ICMP, InEchos), 2);
	assert_int_equal(MIB(t, ICMP, OutMsgs), 0);

	assert_int_equal(ik_stack_set(t->s, "icmp_echo_ignore_broadcasts", 0), 0);
	for (size_t i = 0; i < 2; i++) {
		size_t n = echo_to(dsts[i]);

		ikt_clear(t);
		assert_int_equal(ik_stack_input(t->s, t->ifindex, pkt, n, IK_RX_LINK_BCAST, 2000), 0);
		assert_int_equal(t->cap.n, 1);
		check_echo_reply(t, 0, pkt, IKT_A);
	}
}

/* E3: a multicast echo (224.0.0.1, all hosts) follows the same switch */
static void test_e3_multicast_echo(void **state)
{
	struct ikt *t = *state;
	size_t n = echo_to(0xe0000001u);

	ik_stack_input(t->s, t->ifindex, pkt, n, IK_RX_LINK_MCAST, 1000);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(ik_stack_set(t->s, "icmp_echo_ignore_broadcasts", 0), 0);
	ik_stack_input(t->s, t->ifindex, pkt, n, IK_RX_LINK_MCAST, 2000);
	assert_int_equal(t->cap.n, 1);
	check_echo_reply(t, 0, pkt, IKT_A);
}

/* E3 (Linux icmp_echo_ignore_all): no echo answered at all */
static void test_e3_echo_ignore_all(void **state)
{
	struct ikt *t = *state;
	size_t n = echo_to(IKT_A);

	assert_int_equal(ik_stack_set(t->s, "icmp_echo_ignore_all", 1), 0);
	ikt_input(t, pkt, n, 1000);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, InEchos), 1);
	assert_int_equal(ik_stack_set(t->s, "icmp_echo_ignore_all", 0), 0);
	ikt_input(t, pkt, n, 2000);
	assert_int_equal(t->cap.n, 1);
}

/**
 * echo_with_opts() - an Echo Request from B to A carrying @opts
 * @opts: options; @olen: their length (multiple of 4)
 *
 * Return: its length (in pkt).
 */
static size_t echo_with_opts(const uint8_t *opts, size_t olen)
{
	uint8_t l4[16];
	struct ik_icmp_repr m;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
	int n;

	memset(&m, 0, sizeof(m));
	m.type = IK_ICMP_ECHO;
	m.u.echo.ident = 0x0102;
	m.u.echo.seq = 3;
	m.data = (const uint8_t *)"12345678";
	m.data_len = 8;
	n = ik_icmp_emit(&m, l4, sizeof(l4));
	assert_int_equal(n, 16);
	ip.opts = opts;
	ip.opts_len = olen;
	return ikt_ip(pkt, &ip, l4, 16);
}

/* E4: Record Route in the request (as `ping -R` sends it: NOP, RR of 9
 * slots with the sender already recorded) comes back with this host
 * recorded, as Linux does it: once at receipt, once as the reply leaves */
static void test_e4_record_route_returned(void **state)
{
	struct ikt *t = *state;
	uint8_t opts[40] = { IK_IPOPT_NOP, IK_IPOPT_RR, 39, 8 };
	uint8_t want[40] = { IK_IPOPT_RR, 39, 16 };
	const struct ikt_pkt *p;
	size_t n;

	ik_put32(opts + 4, IKT_B);
	ik_put32(want + 3, IKT_B);
	ik_put32(want + 7, IKT_A);
	ik_put32(want + 11, IKT_A);
	want[39] = IK_IPOPT_EOL;
	n = echo_with_opts(opts, sizeof(opts));
	assert_int_equal(ikt_input(t, pkt, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	p = ikt_pkt_at(t, 0);
	assert_int_equal(p->bytes[0], 0x4f); /* 60-octet header */
	assert_memory_equal(p->bytes + 20, want, sizeof(want));
	assert_int_equal(ref_csum(p->bytes, 60), 0);
	/* the ICMP part is the request's, type changed */
	assert_int_equal(p->len, 60 + 16);
	assert_int_equal(p->bytes[60], IK_ICMP_ECHOREPLY);
	assert_memory_equal(p->bytes + 64, pkt + 64, 12);
	assert_int_equal(ref_csum(p->bytes + 60, 16), 0);
}

/* E4: a Timestamp option (flag 1: address and timestamp) gets this host's
 * address and the time since midnight, at receipt and as the reply leaves */
static void test_e4_timestamp_option_returned(void **state)
{
	struct ikt *t = *state;
	uint8_t opts[20] = { IK_IPOPT_TS, 20, 5, 0x01 };
	uint8_t want[20] = { IK_IPOPT_TS, 20, 21, 0x01 };
	const uint64_t now = (3600ull * 1000 + 42) * NS_PER_MS; /* 01:00:00.042 */
	const struct ikt_pkt *p;
	size_t n;

	ik_put32(want + 4, IKT_A);
	ik_put32(want + 8, 3600042u);
	ik_put32(want + 12, IKT_A);
	ik_put32(want + 16, 3600042u);
	n = echo_with_opts(opts, sizeof(opts));
	assert_int_equal(ikt_input(t, pkt, n, now), 0);
	assert_int_equal(t->cap.n, 1);
	p = ikt_pkt_at(t, 0);
	assert_int_equal(p->bytes[0], 0x45 + 5);
	assert_memory_equal(p->bytes + 20, want, sizeof(want));
	assert_int_equal(ref_csum(p->bytes + 40, 16), 0);
}

/* E5 (AMNESIA:33): a 7-octet ICMP message is dropped and counted, never
 * read past its end (the buffer is exactly as long as the datagram) */
static void test_e5_short_icmp_dropped(void **state)
{
	struct ikt *t = *state;
	const uint8_t seven[7] = { IK_ICMP_ECHO, 0, 0xf7, 0xff, 0, 0, 0 };
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
	size_t n = ikt_ip(pkt, &ip, seven, sizeof(seven));

	input_exact(t, pkt, n, 0, 1000);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, InMsgs), 1);
	assert_int_equal(MIB(t, ICMP, InErrors), 1);
	assert_int_equal(MIB(t, ICMP, InCsumErrors), 0);
	assert_int_equal(MIB(t, ICMP, InEchos), 0);
	assert_int_equal(MIB(t, ICMP, OutMsgs), 0);
	for (unsigned ty = 0; ty < 256; ty++)
		assert_int_equal(ik_stack_mib(t->s)->in_type[ty], 0);

	/* every length from 0 to 7 */
	for (size_t len = 0; len < 8; len++) {
		n = ikt_ip(pkt, &ip, seven, len);
		input_exact(t, pkt, n, 0, 2000);
	}
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, InErrors), 9);
}

/* E5: an echo with a wrong checksum is dropped and counted */
static void test_e5_bad_checksum_dropped(void **state)
{
	struct ikt *t = *state;
	size_t n = ikt_echo(pkt, IK_ICMP_ECHO, IKT_B, IKT_A, 1, 1, "data", 4);

	pkt[20 + 2] ^= 0x01;
	input_exact(t, pkt, n, 0, 1000);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, InMsgs), 1);
	assert_int_equal(MIB(t, ICMP, InErrors), 1);
	assert_int_equal(MIB(t, ICMP, InCsumErrors), 1);
	assert_int_equal(MIB(t, ICMP, InEchos), 0);
	/* a flipped data bit is a wrong checksum too */
	n = ikt_echo(pkt, IK_ICMP_ECHO, IKT_B, IKT_A, 1, 1, "data", 4);
	pkt[n - 1] ^= 0x80;
	input_exact(t, pkt, n, 0, 2000);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, InCsumErrors), 2);
}

/**
 * reassemble_icmp() - put captured fragments [0, cap.n) back together
 * @t: harness; @mtu: the interface MTU they must respect; @out: payload;
 * @cap: its size
 *
 * Return: the payload length.
 */
static size_t reassemble_icmp(const struct ikt *t, unsigned mtu, uint8_t *out, size_t cap)
{
	size_t total = 0, got = 0;
	uint16_t ident = 0;

	for (size_t i = 0; i < t->cap.n; i++) {
		struct ik_ipv4_repr ip;

		assert_int_equal(ikt_parse(t, i, &ip, NULL), 0);
		assert_true(t->cap.pkts[i].len <= mtu);
		assert_int_equal(ip.src, IKT_A);
		assert_int_equal(ip.dst, IKT_B);
		if (i == 0)
			ident = ip.ident;
		assert_int_equal(ip.ident, ident);
		assert_int_equal(ip.frag_off % 8, 0);
		assert_true(ip.frag_off + ip.payload_len <= cap);
		memcpy(out + ip.frag_off, t->cap.pkts[i].bytes + 20, ip.payload_len);
		got += ip.payload_len;
		if (!ip.mf)
			total = ip.frag_off + ip.payload_len;
		else
			assert_int_equal(ip.payload_len % 8, 0);
	}
	assert_int_equal(got, total);
	return total;
}

/* E6: an 8000-octet echo arrives in MTU-sized fragments, is reassembled,
 * and its reply leaves fragmented to the MTU, reassembling to the same data */
static void test_e6_large_echo_fragmented(void **state)
{
	struct ikt *t = *state;
	static uint8_t whole[8100], data[8000], back[8100], frag[1600];
	struct ik_icmp_repr m;
	size_t n, ilen, off;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + (i >> 8));
	n = ikt_echo(whole, IK_ICMP_ECHO, IKT_B, IKT_A, 0xbeef, 77, data, sizeof(data));
	ilen = n - 20;
	assert_int_equal(ilen, 8008);
	for (off = 0; off < ilen; off += 1480) {
		struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
		size_t part = ilen - off < 1480 ? ilen - off : 1480;
		size_t fl;

		ip.ident = 0x5151;
		ip.frag_off = (uint32_t)off;
		ip.mf = off + part < ilen;
		fl = ikt_ip(frag, &ip, whole + 20 + off, part);
		assert_int_equal(input_exact(t, frag, fl, 0, 1000 + off), 0);
		if (ip.mf)
			assert_int_equal(t->cap.n, 0);
	}
	assert_true(t->cap.n >= 6);
	assert_int_equal(reassemble_icmp(t, 1500, back, sizeof(back)), ilen);
	assert_int_equal(ik_icmp_parse(back, ilen, 0, &m, NULL), (int)ilen);
	assert_int_equal(m.type, IK_ICMP_ECHOREPLY);
	assert_int_equal(m.u.echo.ident, 0xbeef);
	assert_int_equal(m.u.echo.seq, 77);
	assert_int_equal(m.data_len, sizeof(data));
	assert_memory_equal(m.data, data, sizeof(data));
	assert_int_equal(MIB(t, ICMP, OutEchoReps), 1);
}

/* E6: the largest echo (65535-octet datagram) is answered too */
static void test_e6_max_size_echo(void **state)
{
	struct ikt *t = *state;
	static uint8_t whole[65600], back[65600], frag[1600], data[65535 - 28];
	struct ik_icmp_repr m;
	size_t n, ilen;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i ^ (i >> 9));
	n = ikt_echo(whole, IK_ICMP_ECHO, IKT_B, IKT_A, 1, 2, data, sizeof(data));
	assert_int_equal(n, 65535);
	ilen = n - 20;
	for (size_t off = 0; off < ilen; off += 1480) {
		struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
		size_t part = ilen - off < 1480 ? ilen - off : 1480;

		ip.ident = 0x7777;
		ip.frag_off = (uint32_t)off;
		ip.mf = off + part < ilen;
		ik_stack_input(t->s, t->ifindex, frag, ikt_ip(frag, &ip, whole + 20 + off, part),
			       0, 1000);
	}
	assert_int_equal(reassemble_icmp(t, 1500, back, sizeof(back)), ilen);
	assert_int_equal(ik_icmp_parse(back, ilen, 0, &m, NULL), (int)ilen);
	assert_memory_equal(m.data, data, sizeof(data));
}

/* E7: Timestamp Reply: ident, seq, originate echoed; receive and transmit
 * are the virtual clock's ms since midnight UT */
static void test_e7_timestamp_reply(void **state)
{
	struct ikt *t = *state;
	/* 3 days, 12:34:56.789 and a few ns */
	const uint64_t now = ((3ull * 86400 + 12 * 3600 + 34 * 60 + 56) * 1000 + 789) * NS_PER_MS +
			     123456;
	const uint32_t want = (12u * 3600 + 34 * 60 + 56) * 1000 + 789;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
	struct ik_icmp_repr m, r;
	const struct ikt_pkt *p;
	uint8_t l4[20], ref[20];
	size_t n;

	memset(&m, 0, sizeof(m));
	m.type = IK_ICMP_TSTAMP;
	m.u.ts.ident = 0xabcd;
	m.u.ts.seq = 0x0102;
	m.u.ts.orig = 0x01020304;
	assert_int_equal(ik_icmp_emit(&m, l4, sizeof(l4)), 20);
	n = ikt_ip(pkt, &ip, l4, 20);
	assert_int_equal(input_exact(t, pkt, n, 0, now), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, &ip, &r), 0);
	assert_int_equal(ip.src, IKT_A);
	assert_int_equal(ip.dst, IKT_B);
	assert_int_equal(r.type, IK_ICMP_TSTAMPREPLY);
	assert_int_equal(r.code, 0);
	assert_int_equal(r.u.ts.ident, 0xabcd);
	assert_int_equal(r.u.ts.seq, 0x0102);
	assert_int_equal(r.u.ts.orig, 0x01020304);
	assert_int_equal(r.u.ts.recv, want);
	assert_int_equal(r.u.ts.xmit, want);
	/* byte for byte against a hand-built reply */
	memset(ref, 0, sizeof(ref));
	ref[0] = 14;
	ik_put16(ref + 4, 0xabcd);
	ik_put16(ref + 6, 0x0102);
	ik_put32(ref + 8, 0x01020304);
	ik_put32(ref + 12, want);
	ik_put32(ref + 16, want);
	ik_put16(ref + 2, ref_csum(ref, 20));
	p = ikt_pkt_at(t, 0);
	assert_int_equal(p->len, 40);
	assert_memory_equal(p->bytes + 20, ref, 20);
	assert_int_equal(MIB(t, ICMP, InTimestamps), 1);
	assert_int_equal(MIB(t, ICMP, OutTimestampReps), 1);
	assert_int_equal(ik_ms_since_midnight(t->s, now), want);
}

/* E7: a Timestamp Request shorter than its 20 octets is an error */
static void test_e7_short_timestamp_dropped(void **state)
{
	struct ikt *t = *state;
	uint8_t l4[12] = { IK_ICMP_TSTAMP, 0 };
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
	size_t n;

	ik_put16(l4 + 2, ref_csum(l4, sizeof(l4)));
	n = ikt_ip(pkt, &ip, l4, sizeof(l4));
	input_exact(t, pkt, n, 0, 1000);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, InErrors), 1);
}

/**
 * icmp_raw() - an ICMP message of @type with 8 data octets, checksum right
 * @type: type; @code: code
 *
 * Return: datagram length (in pkt).
 */
static size_t icmp_raw(uint8_t type, uint8_t code)
{
	uint8_t l4[16] = { type, code, 0, 0, 1, 2, 3, 4, 'x', 'y', 'z', 0, 0, 0, 0, 0 };
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);

	ik_put16(l4 + 2, ref_csum(l4, sizeof(l4)));
	return ikt_ip(pkt, &ip, l4, sizeof(l4));
}

/* E8: unknown types are dropped silently and counted */
static void test_e8_unknown_type_dropped(void **state)
{
	struct ikt *t = *state;
	const uint8_t unknown[] = { 1, 2, 7, 19, 42, 100, 200, 255 };

	for (size_t i = 0; i < sizeof(unknown); i++) {
		size_t n = icmp_raw(unknown[i], 0);

		input_exact(t, pkt, n, 0, 1000);
		assert_int_equal(ik_stack_mib(t->s)->in_type[unknown[i]], 1);
	}
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, InUnknownTypes), sizeof(unknown));
	assert_int_equal(MIB(t, ICMP, InMsgs), sizeof(unknown));
	assert_int_equal(MIB(t, ICMP, InErrors), 0);
	assert_int_equal(MIB(t, ICMP, OutMsgs), 0);
}

/* RFC 1122 §3.2.2.9 / RFC 6918: Address Mask, Information and router
 * discovery messages are counted and never answered by a host */
static void test_not_answered_types(void **state)
{
	struct ikt *t = *state;
	const uint8_t types[] = { IK_ICMP_MASKREQ, IK_ICMP_MASKREPLY, IK_ICMP_IREQ,
				  IK_ICMP_IREQREPLY, IK_ICMP_ROUTERSOL, IK_ICMP_TSTAMPREPLY };
	uint8_t l4[20] = { 0 };
	struct ik_ipv4_repr ip;

	for (size_t i = 0; i < sizeof(types); i++) {
		size_t n;

		memset(l4, 0, sizeof(l4));
		l4[0] = types[i];
		ik_put16(l4 + 2, ref_csum(l4, sizeof(l4)));
		ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
		n = ikt_ip(pkt, &ip, l4, sizeof(l4));
		input_exact(t, pkt, n, 0, 1000);
		assert_int_equal(ik_stack_mib(t->s)->in_type[types[i]], 1);
	}
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, InAddrMasks), 1);
	assert_int_equal(MIB(t, ICMP, InAddrMaskReps), 1);
	assert_int_equal(MIB(t, ICMP, InTimestampReps), 1);
	assert_int_equal(MIB(t, ICMP, InUnknownTypes), 0);
	assert_int_equal(MIB(t, ICMP, OutMsgs), 0);
}

/* P2 (the icmp side): an Echo Reply goes to the ping socket owning its
 * Identifier, and to no other */
static void test_p2_echo_reply_to_ping_socket(void **state)
{
	struct ikt *t = *state;
	int a = ik_sock_open(t->s, IK_SOCK_PING, 0);
	int b = ik_sock_open(t->s, IK_SOCK_PING, 0);
	uint8_t buf[64];
	uint32_t from = 0;
	size_t n;

	assert_true(a >= 0 && b >= 0);
	assert_int_equal(ik_sock_bind(t->s, a, 0, 0x0a0a), 0);
	assert_int_equal(ik_sock_bind(t->s, b, 0, 0x0b0b), 0);
	n = ikt_echo(pkt, IK_ICMP_ECHOREPLY, IKT_B, IKT_A, 0x0b0b, 1, "pong", 4);
	ikt_input(t, pkt, n, 1000);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(ik_sock_pending(t->s, a), 0);
	assert_int_equal(ik_sock_pending(t->s, b), 1);
	assert_int_equal(ik_sock_recvfrom(t->s, b, buf, sizeof(buf), &from, NULL), 12);
	assert_int_equal(from, IKT_B);
	assert_int_equal(buf[0], IK_ICMP_ECHOREPLY);
	assert_memory_equal(buf + 8, "pong", 4);
	assert_int_equal(MIB(t, ICMP, InEchoReps), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_e1_echo_reply_same_id_seq_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e1_echo_checksum_all_lengths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e1_echo_checksum_negative_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e2_reply_from_address_asked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e3_broadcast_echo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e3_multicast_echo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e3_echo_ignore_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e4_record_route_returned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e4_timestamp_option_returned, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e5_short_icmp_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e5_bad_checksum_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e6_large_echo_fragmented, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e6_max_size_echo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e7_timestamp_reply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e7_short_timestamp_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_e8_unknown_type_dropped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_answered_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_p2_echo_reply_to_ping_socket, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
