// SPDX-License-Identifier: MIT
/*
 * test_flow.c - the flow matcher on crafted packets: errors linked to the
 * datagram they quote (options, a quote cut to 8 octets, a fragment, two
 * identical datagrams, a quote of nothing, a quote too short to read),
 * echo replies to requests (a lost reply, two identifiers, duplicates),
 * malformed packets, and a large capture in one pass; IPv6 (the scapy
 * packets of tests/data/corpus6): errors linked to a packet with an
 * extension chain, echo reply to request, a quote cut inside the chain.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "icmpkit/flow.h"

#define A 0xc0000201u /* 192.0.2.1 */
#define B 0xc6336402u /* 198.51.100.2 */
#define MS 1000000ll

/**
 * put32() / put16() - big-endian stores
 * @p: where; @v: value
 */
static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16), p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}

/**
 * ip() - write an IPv4 header (checksum left 0: the matcher does not need it)
 * @p: buffer; @src/@dst/@proto/@id/@frag: fields; @opts: option octets
 * (a multiple of 4); @plen: payload length
 *
 * Return: header length.
 */
static size_t ip(uint8_t *p, uint32_t src, uint32_t dst, uint8_t proto, uint16_t id,
		 uint16_t frag, size_t opts, size_t plen)
{
	size_t hlen = 20 + opts;

	memset(p, 0, hlen);
	p[0] = (uint8_t)(0x40 | (hlen / 4));
	put16(p + 2, (uint16_t)(hlen + plen));
	put16(p + 4, id);
	put16(p + 6, frag);
	p[8] = 64;
	p[9] = proto;
	put32(p + 12, src);
	put32(p + 16, dst);
	for (size_t i = 20; i < hlen; i++)
		p[i] = 1; /* NOP options */
	return hlen;
}

/**
 * udp() - a UDP datagram from @src:@sp to @dst:@dp with @n data octets
 * @p: buffer; @id: IP ID; @opts: IP option octets
 *
 * Return: its length.
 */
static size_t udp(uint8_t *p, uint32_t src, uint32_t dst, uint16_t id, uint16_t sp, uint16_t dp,
		  size_t opts, size_t n)
{
	size_t h = ip(p, src, dst, 17, id, 0, opts, 8 + n);

	put16(p + h, sp);
	put16(p + h + 2, dp);
	put16(p + h + 4, (uint16_t)(8 + n));
	put16(p + h + 6, 0);
	memset(p + h + 8, 'x', n);
	return h + 8 + n;
}

/**
 * error() - an ICMP error from @src to @dst quoting @q (@qn octets of it)
 * @p: buffer; @type/@code: the error
 *
 * Return: its length.
 */
static size_t error(uint8_t *p, uint32_t src, uint32_t dst, uint8_t type, uint8_t code,
		    const uint8_t *q, size_t qn)
{
	size_t h = ip(p, src, dst, 1, 999, 0, 0, 8 + qn);

	memset(p + h, 0, 8);
	p[h] = type;
	p[h + 1] = code;
	memcpy(p + h + 8, q, qn);
	return h + 8 + qn;
}

/**
 * echo() - an Echo Request (@type 8) or Reply (0)
 * @p: buffer; @src/@dst: addresses; @ident/@seq: the echo fields
 *
 * Return: its length.
 */
static size_t echo(uint8_t *p, uint32_t src, uint32_t dst, uint8_t type, uint16_t ident,
		   uint16_t seq)
{
	size_t h = ip(p, src, dst, 1, seq, 0, 0, 16);

	memset(p + h, 0, 16);
	p[h] = type;
	put16(p + h + 4, ident);
	put16(p + h + 6, seq);
	return h + 16;
}

/**
 * add() - feed a packet, checking the index
 * @f: matcher; @p/@n: packet; @t: time (ms)
 *
 * Return: its index.
 */
static uint32_t add(struct ik_flow *f, const uint8_t *p, size_t n, long long t)
{
	long long i = ik_flow_add(f, p, n, t * MS);

	assert_true(i >= 0);
	return (uint32_t)i;
}

static void test_port_unreachable(void **state)
{
	struct ik_flow *f = ik_flow_new(0);
	uint8_t d[64], e[128];
	size_t dn = udp(d, A, B, 7, 51005, 8080, 0, 11);
	uint32_t id = add(f, d, dn, 0), ie = add(f, e, error(e, B, A, 3, 3, d, dn), 1);
	const struct ik_flow_pkt *p;

	(void)state;
	p = ik_flow_get(f, id);
	assert_int_equal(p->kind, IK_FK_DATA);
	assert_int_equal(p->state, IK_FS_NONE);
	p = ik_flow_get(f, ie);
	assert_int_equal(p->kind, IK_FK_ERROR);
	assert_int_equal(p->state, IK_FS_LINKED);
	assert_int_equal(p->link, id);
	assert_null(ik_flow_get(f, 2));
	assert_int_equal(ik_flow_count(f), 2);
	ik_flow_free(f);
}

static void test_quote_with_options(void **state)
{
	struct ik_flow *f = ik_flow_new(0);
	uint8_t d[96], e[160], other[64];
	size_t dn = udp(d, A, B, 8, 1000, 2000, 12, 20);
	size_t on = udp(other, A, B, 8, 1000, 2001, 0, 20); /* same ID, another port */
	uint32_t id = add(f, d, dn, 0);
	uint32_t ie;

	(void)state;
	add(f, other, on, 1);
	/* the quote: 32-octet header with options + 8 octets */
	ie = add(f, e, error(e, B, A, 11, 0, d, 32 + 8), 2);
	assert_int_equal(ik_flow_get(f, ie)->state, IK_FS_LINKED);
	assert_int_equal(ik_flow_get(f, ie)->link, id);
	ik_flow_free(f);
}

static void test_quote_truncated_to_8(void **state)
{
	struct ik_flow *f = ik_flow_new(0);
	uint8_t d[1500], e[160], e4[160];
	size_t dn = udp(d, A, B, 9, 3333, 53, 0, 1000);
	uint32_t id = add(f, d, dn, 0);
	uint32_t ie = add(f, e, error(e, B, A, 3, 3, d, 20 + 8), 1);
	/* cut to 4 octets: cannot be told from another datagram */
	uint32_t i4 = add(f, e4, error(e4, B, A, 3, 3, d, 20 + 4), 2);
	uint32_t i0 = add(f, e4, error(e4, B, A, 3, 3, d, 12), 3);

	(void)state;
	assert_int_equal(ik_flow_get(f, ie)->state, IK_FS_LINKED);
	assert_int_equal(ik_flow_get(f, ie)->link, id);
	assert_int_equal(ik_flow_get(f, i4)->state, IK_FS_NOT_FOUND);
	assert_int_equal(ik_flow_get(f, i4)->link, IK_FLOW_NONE);
	assert_int_equal(ik_flow_get(f, i0)->state, IK_FS_UNREADABLE);
	ik_flow_free(f);
}

static void test_quote_of_fragment(void **state)
{
	struct ik_flow *f = ik_flow_new(0);
	uint8_t f1[64], f2[64], e[160];
	size_t h1 = ip(f1, A, B, 17, 42, 0x2000, 0, 24); /* MF, offset 0 */
	size_t h2 = ip(f2, A, B, 17, 42, 3, 0, 24);      /* offset 24 */
	uint32_t i1, i2, ie;

	(void)state;
	memset(f1 + h1, 0xab, 24);
	memset(f2 + h2, 0xab, 24); /* same octets: only the fragment word differs */
	i1 = add(f, f1, h1 + 24, 0);
	i2 = add(f, f2, h2 + 24, 1);
	ie = add(f, e, error(e, B, A, 11, 1, f2, 28), 2);
	assert_int_equal(ik_flow_get(f, ie)->link, i2);
	ie = add(f, e, error(e, B, A, 11, 1, f1, 28), 3);
	assert_int_equal(ik_flow_get(f, ie)->link, i1);
	ik_flow_free(f);
}

static void test_identical_nearest_earlier(void **state)
{
	struct ik_flow *f = ik_flow_new(0);
	uint8_t d[64], e[160];
	size_t dn = udp(d, A, B, 5, 4000, 9, 0, 4);
	uint32_t i1 = add(f, d, dn, 0), i2 = add(f, d, dn, 1);
	uint32_t ie1 = add(f, e, error(e, B, A, 3, 3, d, dn), 2);
	uint32_t i3 = add(f, d, dn, 3);
	uint32_t ie2 = add(f, e, error(e, B, A, 3, 3, d, dn), 4);

	(void)state;
	(void)i1;
	assert_int_equal(ik_flow_get(f, ie1)->link, i2);
	assert_int_equal(ik_flow_get(f, ie2)->link, i3);
	ik_flow_free(f);
}

static void test_quote_matches_nothing(void **state)
{
	struct ik_flow *f = ik_flow_new(0);
	uint8_t d[64], q[64], e[160];
	size_t dn = udp(d, A, B, 5, 4000, 9, 0, 4);
	size_t qn = udp(q, A, B, 6, 4000, 9, 0, 4); /* another IP ID */
	uint32_t ie;

	(void)state;
	add(f, d, dn, 0);
	ie = add(f, e, error(e, B, A, 3, 3, q, qn), 1);
	assert_int_equal(ik_flow_get(f, ie)->kind, IK_FK_ERROR);
	assert_int_equal(ik_flow_get(f, ie)->state, IK_FS_NOT_FOUND);
	assert_int_equal(ik_flow_get(f, ie)->link, IK_FLOW_NONE);
	/* an error before the datagram it quotes: nothing earlier matches */
	ik_flow_free(f);
	f = ik_flow_new(0);
	ie = add(f, e, error(e, B, A, 3, 3, d, dn), 0);
	add(f, d, dn, 1);
	assert_int_equal(ik_flow_get(f, ie)->state, IK_FS_NOT_FOUND);
	ik_flow_free(f);
}

static void test_echo_pairs(void **state)
{
	struct ik_flow *f = ik_flow_new(0);
	uint8_t p[64];
	uint32_t r1 = add(f, p, echo(p, A, B, 8, 100, 1), 0);
	uint32_t r2 = add(f, p, echo(p, A, B, 8, 200, 1), 1);   /* another ping */
	uint32_t p2 = add(f, p, echo(p, B, A, 0, 200, 1), 4);   /* its reply first */
	uint32_t p1 = add(f, p, echo(p, B, A, 0, 100, 1), 10);
	uint32_t r3 = add(f, p, echo(p, A, B, 8, 100, 2), 1000); /* lost */
	uint32_t stray = add(f, p, echo(p, B, A, 0, 300, 1), 1001);
	uint32_t wrong = add(f, p, echo(p, A, B, 0, 100, 1), 1002); /* not swapped */
	uint32_t dup = add(f, p, echo(p, B, A, 0, 100, 1), 1003);
	const struct ik_flow_pkt *e;

	(void)state;
	ik_flow_finish(f);
	e = ik_flow_get(f, r1);
	assert_int_equal(e->kind, IK_FK_ECHO_REQ);
	assert_int_equal(e->state, IK_FS_LINKED);
	assert_int_equal(e->link, p1);
	assert_int_equal(e->rtt, 10 * MS);
	assert_int_equal(e->nrep, 2);
	e = ik_flow_get(f, p1);
	assert_int_equal(e->kind, IK_FK_ECHO_REP);
	assert_int_equal(e->link, r1);
	assert_int_equal(e->rtt, 10 * MS);
	assert_int_equal(ik_flow_get(f, r2)->link, p2);
	assert_int_equal(ik_flow_get(f, p2)->link, r2);
	assert_int_equal(ik_flow_get(f, p2)->rtt, 3 * MS);
	assert_int_equal(ik_flow_get(f, r3)->state, IK_FS_LOST);
	assert_int_equal(ik_flow_get(f, r3)->link, IK_FLOW_NONE);
	assert_int_equal(ik_flow_get(f, stray)->state, IK_FS_NOT_FOUND);
	assert_int_equal(ik_flow_get(f, wrong)->state, IK_FS_NOT_FOUND);
	assert_int_equal(ik_flow_get(f, dup)->link, r1);
	assert_int_equal(ik_flow_get(f, dup)->rtt, 1003 * MS);
	ik_flow_free(f);
}

static void test_error_about_echo(void **state)
{
	struct ik_flow *f = ik_flow_new(0);
	uint8_t p[64], e[160];
	size_t pn = echo(p, A, B, 8, 7, 1);
	uint32_t ir = add(f, p, pn, 0);
	uint32_t ie = add(f, e, error(e, 0xcb007101u, A, 11, 0, p, 28), 5);

	(void)state;
	assert_int_equal(ik_flow_get(f, ie)->link, ir);
	assert_int_equal(ik_flow_get(f, ir)->state, IK_FS_LOST);
	ik_flow_free(f);
}

/**
 * add6() - feed tests/data/corpus6/@name.bin
 * @f: matcher; @name: packet name; @t: time (ms)
 *
 * Return: its index.
 */
static uint32_t add6(struct ik_flow *f, const char *name, long long t)
{
	static uint8_t buf[2048];
	char path[512];
	size_t n;
	FILE *fp;

	snprintf(path, sizeof(path), IK_TEST_DATA "/corpus6/%s.bin", name);
	fp = fopen(path, "rb");
	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	return add(f, buf, n, t);
}

static void test_ipv6(void **state)
{
	struct ik_flow *f = ik_flow_new(0);
	const struct ik_flow_pkt *p;
	uint32_t req, udp, chained, i;

	(void)state;
	req = add6(f, "echo_request", 0);
	udp = add6(f, "udp", 1);
	chained = add6(f, "udp_chain", 2);
	assert_int_equal(ik_flow_get(f, udp)->kind, IK_FK_DATA);
	i = add6(f, "echo_reply", 5);
	p = ik_flow_get(f, i);
	assert_int_equal(p->kind, IK_FK_ECHO_REP);
	assert_int_equal(p->state, IK_FS_LINKED);
	assert_int_equal(p->link, req);
	assert_int_equal(p->rtt, 5 * MS);
	assert_int_equal(ik_flow_get(f, req)->link, i);
	/* an error about the chained packet, one about the plain one */
	i = add6(f, "unreach_port_chain", 6);
	p = ik_flow_get(f, i);
	assert_int_equal(p->kind, IK_FK_ERROR);
	assert_int_equal(p->state, IK_FS_LINKED);
	assert_int_equal(p->link, chained);
	i = add6(f, "unreach_port_plain", 7);
	assert_int_equal(ik_flow_get(f, i)->link, udp);
	i = add6(f, "ptb_chain", 8);
	assert_int_equal(ik_flow_get(f, i)->link, chained);
	/* quoted to inside its Routing header: no upper layer to match on */
	i = add6(f, "unreach_cut_chain", 9);
	assert_int_equal(ik_flow_get(f, i)->state, IK_FS_NOT_FOUND);
	/* the echo the Time Exceeded quotes was not captured */
	i = add6(f, "timex_echo", 10);
	assert_int_equal(ik_flow_get(f, i)->state, IK_FS_NOT_FOUND);
	assert_int_equal(ik_flow_get(f, add6(f, "ns_slla", 11))->kind, IK_FK_ICMP);
	assert_int_equal(ik_flow_get(f, add6(f, "chain_over_cap", 12))->kind, IK_FK_MALFORMED);
	ik_flow_free(f);
}

static void test_malformed(void **state)
{
	struct ik_flow *f = ik_flow_new(0);
	uint8_t junk[40] = { 0x45, 0, 0, 40 }, v6[40] = { 0x60 }, bad_ihl[40] = { 0x4f };
	uint8_t e[160];

	(void)state;
	assert_int_equal(ik_flow_get(f, add(f, NULL, 0, 0))->kind, IK_FK_MALFORMED);
	assert_int_equal(ik_flow_get(f, add(f, junk, 10, 0))->kind, IK_FK_MALFORMED);
	assert_int_equal(ik_flow_get(f, add(f, v6, sizeof(v6), 0))->kind, IK_FK_MALFORMED);
	assert_int_equal(ik_flow_get(f, add(f, bad_ihl, sizeof(bad_ihl), 0))->kind, IK_FK_MALFORMED);
	/* an error quoting garbage */
	assert_int_equal(ik_flow_get(f, add(f, e, error(e, B, A, 3, 1, v6, 28), 0))->state,
			 IK_FS_UNREADABLE);
	/* an error cut inside its own header */
	assert_int_equal(ik_flow_get(f, add(f, e, 24, 0))->kind, IK_FK_ICMP);
	assert_string_equal(ik_flow_kind_name(IK_FK_ERROR), "error");
	assert_string_equal(ik_flow_kind_name(99), "unknown");
	assert_string_equal(ik_flow_state_name(IK_FS_NOT_FOUND), "not-found");
	assert_string_equal(ik_flow_state_name(99), "unknown");
	ik_flow_free(f);
	ik_flow_free(NULL);
}

static void test_many(void **state)
{
	enum { N = 200000 };
	struct ik_flow *f = ik_flow_new(0);
	uint8_t d[64], e[160];

	(void)state;
	/* N datagrams, then an error for each: every one finds its own */
	for (uint32_t i = 0; i < N; i++)
		add(f, d, udp(d, A, B, (uint16_t)i, (uint16_t)(i >> 16), 9, 0, 4), i);
	for (uint32_t i = 0; i < N; i++) {
		size_t dn = udp(d, A, B, (uint16_t)i, (uint16_t)(i >> 16), 9, 0, 4);
		uint32_t ie = add(f, e, error(e, B, A, 3, 3, d, dn), N + i);

		assert_int_equal(ik_flow_get(f, ie)->link, i);
	}
	ik_flow_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_unreachable),
		cmocka_unit_test(test_quote_with_options),
		cmocka_unit_test(test_quote_truncated_to_8),
		cmocka_unit_test(test_quote_of_fragment),
		cmocka_unit_test(test_identical_nearest_earlier),
		cmocka_unit_test(test_quote_matches_nothing),
		cmocka_unit_test(test_echo_pairs),
		cmocka_unit_test(test_error_about_echo),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
