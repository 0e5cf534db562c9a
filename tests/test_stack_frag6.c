// SPDX-License-Identifier: MIT
/*
 * test_stack_frag6.c - IPv6 reassembly (RFC 8200 4.5): in order and out of
 * order, atomic fragments (RFC 6946), exact duplicates ignored and
 * overlaps dropping the datagram (RFC 5722), a first fragment without its
 * header chain (RFC 7112), the M-flag length rule, the 65,535 limit (the
 * unfragmentable part counted),
 * ip6frag_time with Time Exceeded code 1 only when the first fragment came
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "harness.h"
#include "icmpkit/bytes.h"
#include "test6.h"

#define S 1000000000ull

static uint8_t whole[4096];
static size_t whole_len;

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

/**
 * make_echo() - an Echo Request of @data octets (its checksum over the
 * whole), kept in whole[]
 * @data: data octets
 */
static void make_echo(size_t data)
{
	static uint8_t d[8192];

	for (size_t i = 0; i < data; i++)
		d[i] = (uint8_t)(i ^ 0x5a);
	whole_len = t6_echo(whole, T6_B, T6_A, 128, 0x77, 3, d, data);
}

/**
 * frag() - the fragment of whole[]'s payload from @lo to @hi (octets
 * after the fixed header), with Identification @id
 * @p: buffer; @lo, @hi: range; @more: M; @id: Identification
 * Return: its length.
 */
static size_t frag(uint8_t *p, size_t lo, size_t hi, bool more, uint32_t id)
{
	uint8_t fh[8] = { 58, 0, (uint8_t)(lo >> 8), (uint8_t)((lo & 0xf8) | (more ? 1 : 0)),
			  (uint8_t)(id >> 24), (uint8_t)(id >> 16), (uint8_t)(id >> 8), (uint8_t)id };
	size_t n = hi - lo;

	memcpy(p, whole, 40);
	p[6] = 44;
	p[4] = (uint8_t)((n + 8) >> 8);
	p[5] = (uint8_t)(n + 8);
	memcpy(p + 40, fh, 8);
	memcpy(p + 48, whole + 40 + lo, n);
	return 48 + n;
}

/**
 * is_reply() - captured datagram @i is the reply to whole[]
 * Return: true if so.
 */
static bool is_reply(const struct ikt *t, size_t i)
{
	struct t6_msg m;

	t6_parse(t, i, &m);
	return m.sum_ok && m.l4[0] == 129 && m.l4_len == whole_len - 40 &&
	       !memcmp(m.l4 + 4, whole + 44, whole_len - 44);
}

static void in_order(void **state)
{
	struct ikt *t = *state;
	uint8_t p[2048];

	make_echo(1000);
	assert_int_equal(ikt_input(t, p, frag(p, 0, 400, true, 1), 1), 0);
	assert_int_equal(ikt_input(t, p, frag(p, 400, 800, true, 1), 2), 0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(ikt_input(t, p, frag(p, 800, whole_len - 40, false, 1), 3), 0);
	assert_int_equal(t->cap.n, 1);
	assert_true(is_reply(t, 0));
	assert_int_equal(T6MIB(t, IP6_ReasmReqds), 3);
	assert_int_equal(T6MIB(t, IP6_ReasmOKs), 1);
	assert_int_equal(ik_stack_deadline(t->s), UINT64_MAX);
}

static void out_of_order_and_duplicate(void **state)
{
	struct ikt *t = *state;
	uint8_t p[2048];

	make_echo(1000);
	assert_int_equal(ikt_input(t, p, frag(p, 800, whole_len - 40, false, 2), 1), 0);
	assert_int_equal(ikt_input(t, p, frag(p, 400, 800, true, 2), 2), 0);
	assert_int_equal(ikt_input(t, p, frag(p, 400, 800, true, 2), 2), 0); /* again */
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(ikt_input(t, p, frag(p, 0, 400, true, 2), 3), 0);
	assert_int_equal(t->cap.n, 1);
	assert_true(is_reply(t, 0));
}

/* RFC 5722: an overlap drops the whole datagram, silently */
static void overlap(void **state)
{
	struct ikt *t = *state;
	uint8_t p[2048];

	make_echo(1000);
	assert_int_equal(ikt_input(t, p, frag(p, 0, 400, true, 3), 1), 0);
	assert_true(ikt_input(t, p, frag(p, 392, 800, true, 3), 2) < 0);
	assert_int_equal(ikt_input(t, p, frag(p, 800, whole_len - 40, false, 3), 3), 0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(T6MIB(t, IP6_ReasmFails), 1);
	/* the later fragment started a new reassembly, which times out
	 * without its first fragment: no error */
	ik_stack_poll(t->s, 61 * S);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(T6MIB(t, IP6_ReasmTimeout), 1);
}

/* RFC 6946: offset 0 and M clear is the whole datagram */
static void atomic(void **state)
{
	struct ikt *t = *state;
	uint8_t p[2048];

	make_echo(100);
	assert_int_equal(ikt_input(t, p, frag(p, 0, whole_len - 40, false, 4), 1), 0);
	assert_int_equal(t->cap.n, 1);
	assert_true(is_reply(t, 0));
	assert_int_equal(T6MIB(t, IP6_ReasmReqds), 0);
}

/* ip6frag_time (60 s): Time Exceeded code 1 quoting the first fragment */
static void timeout(void **state)
{
	struct ikt *t = *state;
	uint8_t p[2048], first[2048];
	struct t6_msg m;
	size_t n = frag(first, 0, 400, true, 5);

	make_echo(1000);
	n = frag(first, 0, 400, true, 5);
	assert_int_equal(ikt_input(t, first, n, S), 0);
	assert_int_equal(ikt_input(t, p, frag(p, 800, whole_len - 40, false, 5), S), 0);
	assert_int_equal(ik_stack_deadline(t->s), 61 * S);
	ik_stack_poll(t->s, 60 * S);
	assert_int_equal(t->cap.n, 0);
	ik_stack_poll(t->s, 61 * S);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_int_equal(m.l4[0], 3);
	assert_int_equal(m.l4[1], 1);
	assert_int_equal(m.l4_len, 8 + n);
	assert_memory_equal(m.l4 + 8, first, n);
	assert_true(m.sum_ok);
	assert_int_equal(T6MIB(t, IP6_ReasmTimeout), 1);
	assert_int_equal(T6MIB(t, IP6_ReasmFails), 1);
	assert_int_equal(ik_stack_deadline(t->s), UINT64_MAX);
}

/* RFC 7112: a first fragment whose upper-layer header is not in it is
 * refused with Parameter Problem code 3; RFC 8200: M set with a length
 * not a multiple of 8 is code 0 at the Payload Length */
static void bad_fragments(void **state)
{
	struct ikt *t = *state;
	uint8_t p[2048];
	struct t6_msg m;
	size_t n;

	make_echo(1000);
	n = frag(p, 0, 400, true, 6);
	p[40] = 60; /* a Destination Options header that runs past the fragment */
	p[48] = 58;
	p[49] = 60;
	assert_true(ikt_input(t, p, n, 1) < 0);
	assert_int_equal(t->cap.n, 1);
	t6_parse(t, 0, &m);
	assert_int_equal(m.l4[0], 4);
	assert_int_equal(m.l4[1], 3);
	n = frag(p, 0, 401, true, 7);
	assert_true(ikt_input(t, p, n, 2 * S) < 0);
	assert_int_equal(t->cap.n, 2);
	t6_parse(t, 1, &m);
	assert_int_equal(m.l4[0], 4);
	assert_int_equal(m.l4[1], 0);
	assert_int_equal(ik_get32(m.l4 + 4), 4);
	/* offset + length past 65,535: code 0 at the Fragment Offset */
	n = frag(p, 0, 400, true, 8);
	p[42] = 0xff;
	p[43] = 0xf8;
	assert_true(ikt_input(t, p, n, 4 * S) < 0);
	assert_int_equal(t->cap.n, 3);
	t6_parse(t, 2, &m);
	assert_int_equal(m.l4[1], 0);
	assert_int_equal(ik_get32(m.l4 + 4), 42);
}

/* RFC 8200 4.5 / RFC 7112: a first fragment holding Destination Options
 * whole but not one octet of the ICMPv6 header after them is Parameter
 * Problem code 3 pointer 0, as Linux (diff_linux6 probe frag-first-no-ulh):
 * the "type cannot be read" suppression of RFC 4443 2.4(e.1) is for a
 * whole datagram; an unfragmented one cut the same way gets nothing */
static void first_fragment_no_upper_header(void **state)
{
	struct ikt *t = *state;
	uint8_t p[2048], dst[8] = { 58, 0, 1, 4, 0, 0, 0, 0 };
	size_t n;

	make_echo(1000);
	n = frag(p, 0, 8, true, 10);
	p[40] = 60; /* the Fragment header names Destination Options */
	memcpy(p + 48, dst, 8);
	assert_true(ikt_input(t, p, n, 1) < 0);
	assert_int_equal(t->cap.n, 1);
	t6_expect_icmp(t, 0, 4, 3, 0);
	n = t6_build(p, T6_B, T6_A, 60, dst, sizeof(dst), NULL, 0);
	ikt_input(t, p, n, 2 * S);
	assert_int_equal(t->cap.n, 1);
}

/* the reply to a 3000-octet request leaves in fragments of at most the
 * MTU, each a multiple of 8 but the last, one Identification; put back
 * together they are the reply */
static void reply_in_fragments(void **state)
{
	struct ikt *t = *state;
	static uint8_t p[4096], back[4096];
	size_t at = 0, total;
	uint32_t id;

	make_echo(3000);
	total = whole_len - 40;
	assert_int_equal(ikt_input(t, p, frag(p, 0, 1448, true, 9), 1), 0);
	assert_int_equal(ikt_input(t, p, frag(p, 1448, 2896, true, 9), 1), 0);
	assert_int_equal(ikt_input(t, p, frag(p, 2896, total, false, 9), 1), 0);
	assert_int_equal(t->cap.n, 3);
	id = ik_get32(t->cap.pkts[0].bytes + 44);
	for (size_t i = 0; i < t->cap.n; i++) {
		const uint8_t *f = t->cap.pkts[i].bytes;
		size_t n = t->cap.pkts[i].len;
		uint16_t w = ik_get16(f + 42);

		assert_true(n <= 1500);
		assert_int_equal(f[6], 44);
		assert_int_equal(f[40], 58);
		assert_int_equal(ik_get32(f + 44), id);
		assert_int_equal(w & 0xfff8, at);
		assert_int_equal(w & 1, i + 1 < t->cap.n);
		assert_int_equal(ik_get16(f + 4), n - 40);
		memcpy(back + at, f + 48, n - 48);
		at += n - 48;
	}
	assert_int_equal(at, total);
	assert_int_equal(back[0], 129);
	assert_memory_equal(back + 4, whole + 44, total - 4);
	assert_int_equal(T6MIB(t, IP6_FragCreates), 3);
	assert_int_equal(T6MIB(t, IP6_FragOKs), 1);
}

/* found by fuzz_stack: fragments within 65,535 octets each, whose
 * unfragmentable part (a 1,016-octet Destination Options header) takes the
 * whole past 65,535 octets of payload, are given up (ReasmFails) before
 * anything is copied: the datagram buffer holds 40 + 65,535 octets */
static void unfrag_past_65535(void **state)
{
	struct ikt *t = *state;
	static uint8_t p[40000];
	uint8_t *d = p + 40;
	size_t n;

	memset(p, 0, sizeof(p));
	p[0] = 0x60;
	p[6] = 60;
	p[7] = 64;
	memcpy(p + 8, T6_B, 16);
	memcpy(p + 24, T6_A, 16);
	d[0] = 44; /* Destination Options naming the Fragment header */
	d[1] = 1016 / 8 - 1;
	for (size_t o = 2; o < 1016; o += 2u + d[o + 1]) {
		d[o] = 0x1e; /* unknown, action 00: skipped (not padding: 7 at most) */
		d[o + 1] = (uint8_t)(1016 - o - 2 > 255 ? 255 : 1016 - o - 2);
	}
	memcpy(d + 1016, (uint8_t[8]){ 58, 0, 0, 1, 0, 0, 0, 9 }, 8); /* offset 0, M */
	d[1024] = 128; /* an Echo Request, 32,768 octets of it here */
	n = 40 + 1016 + 8 + 32768;
	p[4] = (uint8_t)((n - 40) >> 8);
	p[5] = (uint8_t)(n - 40);
	assert_int_equal(ikt_input(t, p, n, 1), 0);
	/* the rest: 32,760 octets at 32,768, so 65,528 of fragmentable part */
	memset(d, 0, 1100);
	p[6] = 44;
	memcpy(d, (uint8_t[8]){ 58, 0, 0x80, 0x00, 0, 0, 0, 9 }, 8);
	n = 40 + 8 + 32760;
	p[4] = (uint8_t)((n - 40) >> 8);
	p[5] = (uint8_t)(n - 40);
	assert_true(ikt_input(t, p, n, 2) < 0);
	assert_int_equal(T6MIB(t, IP6_ReasmFails), 1);
	assert_int_equal(T6MIB(t, IP6_ReasmOKs), 0);
	assert_int_equal(t->cap.n, 0);
	assert_true(ik_stack_deadline(t->s) == UINT64_MAX); /* the slot is free */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(out_of_order_and_duplicate, setup, teardown),
		cmocka_unit_test_setup_teardown(overlap, setup, teardown),
		cmocka_unit_test_setup_teardown(atomic, setup, teardown),
		cmocka_unit_test_setup_teardown(timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_fragments, setup, teardown),
		cmocka_unit_test_setup_teardown(first_fragment_no_upper_header, setup, teardown),
		cmocka_unit_test_setup_teardown(reply_in_fragments, setup, teardown),
		cmocka_unit_test_setup_teardown(unfrag_past_65535, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
