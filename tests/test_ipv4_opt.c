// SPDX-License-Identifier: MIT
/* test_ipv4_opt.c - the IPv4 options iterator and option errors in parse */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "icmpkit/ipv4.h"

/* Copy into an exactly-sized heap block so ASan sees any over-read. */
static uint8_t *exact(const uint8_t *p, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);

	assert_non_null(b);
	if (n)
		memcpy(b, p, n);
	return b;
}

/* Walk @len octets at @p (copied exactly) and expect one option back. */
static void one(const uint8_t *p, size_t len, struct ik_ipv4_opt *o)
{
	struct ik_ipv4_opt_iter it;
	uint8_t *d = exact(p, len);

	ik_ipv4_opt_iter_init(&it, d, len);
	assert_int_equal(ik_ipv4_opt_next(&it, o, NULL), 1);
	assert_ptr_equal(o->raw, d);
	o->raw = NULL; /* d is freed below */
	assert_int_equal(ik_ipv4_opt_next(&it, o + 1, NULL), 0);
	free(d);
}

/* Expect the first option at @p to be rejected at @off with @msg. */
static void bad(const uint8_t *p, size_t len, size_t off, const char *msg)
{
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;
	struct ik_wire_err e;
	uint8_t *d = exact(p, len);

	memset(&e, 0, sizeof(e));
	ik_ipv4_opt_iter_init(&it, d, len);
	assert_int_equal(ik_ipv4_opt_next(&it, &o, &e), -IK_EOPTION);
	assert_int_equal(e.code, IK_EOPTION);
	assert_int_equal(e.off, off);
	assert_string_equal(e.msg, msg);
	/* the iterator does not move past a bad option */
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), -IK_EOPTION);
	free(d);
}

static void empty_area(void **state)
{
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;

	(void)state;
	ik_ipv4_opt_iter_init(&it, NULL, 0);
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), 0);
	ik_ipv4_opt_iter_init(&it, NULL, 8); /* no area: nothing to read */
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), 0);
}

static void eol_and_nop(void **state)
{
	/* NOP, NOP, EOL, then garbage that EOL makes padding */
	static const uint8_t a[8] = { 1, 1, 0, 7, 0xff, 2, 0, 99 };
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;
	uint8_t *d = exact(a, sizeof(a));

	(void)state;
	ik_ipv4_opt_iter_init(&it, d, sizeof(a));
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), 1);
	assert_int_equal(o.type, IK_IPOPT_NOP);
	assert_int_equal(o.len, 1);
	assert_int_equal(o.off, 0);
	assert_ptr_equal(o.raw, d);
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), 1);
	assert_int_equal(o.type, IK_IPOPT_NOP);
	assert_int_equal(o.off, 1);
	assert_ptr_equal(o.raw, d + 1);
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), 1);
	assert_int_equal(o.type, IK_IPOPT_EOL);
	assert_int_equal(o.len, 1);
	assert_int_equal(o.off, 2);
	/* EOL is returned once and ends the walk */
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), 0);
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), 0);
	free(d);
}

static void record_route(void **state)
{
	/* RR, 3 slots (len 15), pointer 8: one address recorded */
	static const uint8_t a[16] = { 7, 15, 8, 192, 0, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	struct ik_ipv4_opt o[2];

	(void)state;
	one(a, 15, o);
	assert_int_equal(o[0].type, IK_IPOPT_RR);
	assert_int_equal(o[0].len, 15);
	assert_int_equal(o[0].off, 0);
	assert_int_equal(o[0].ptr, 8);
	assert_int_equal(o[0].naddr, 3);
	assert_int_equal(o[0].ts_flg, 0);
	assert_int_equal(o[0].ra_value, 0);
}

static void record_route_full(void **state)
{
	/* full: pointer = length + 1 */
	static const uint8_t full[7] = { 7, 7, 8, 1, 2, 3, 4 };
	/* pointer past the end, not aligned: allowed (past the end) */
	static const uint8_t past[8] = { 7, 8, 9, 1, 2, 3, 4, 5 };
	/* length 3: no slot at all, pointer 4 is past the end */
	static const uint8_t none[3] = { 7, 3, 4 };
	struct ik_ipv4_opt o[2];

	(void)state;
	one(full, sizeof(full), o);
	assert_int_equal(o[0].ptr, 8);
	assert_int_equal(o[0].naddr, 1);
	one(past, sizeof(past), o);
	assert_int_equal(o[0].ptr, 9);
	assert_int_equal(o[0].naddr, 1);
	one(none, sizeof(none), o);
	assert_int_equal(o[0].naddr, 0);
}

static void source_routes(void **state)
{
	static const uint8_t lsrr[11] = { 131, 11, 4, 203, 0, 113, 1, 203, 0, 113, 2 };
	static const uint8_t ssrr[11] = { 137, 11, 12, 203, 0, 113, 1, 203, 0, 113, 2 };
	struct ik_ipv4_opt o[2];

	(void)state;
	one(lsrr, sizeof(lsrr), o);
	assert_int_equal(o[0].type, IK_IPOPT_LSRR);
	assert_int_equal(o[0].len, 11);
	assert_int_equal(o[0].ptr, 4);
	assert_int_equal(o[0].naddr, 2);
	one(ssrr, sizeof(ssrr), o);
	assert_int_equal(o[0].type, IK_IPOPT_SSRR);
	assert_int_equal(o[0].ptr, 12);
	assert_int_equal(o[0].naddr, 2);
}

static void timestamps(void **state)
{
	/* flag 0: 4-octet entries; len 12 = 2 slots, pointer 9 (one used) */
	static const uint8_t ts0[12] = { 68, 12, 9, 0x00, 0, 0, 0, 1, 0, 0, 0, 0 };
	/* flag 1: 8-octet entries; len 20 = 2 slots, pointer 5 (empty) */
	static const uint8_t ts1[20] = { 68, 20, 5, 0x01 };
	/* flag 3, full (pointer 13 = len + 1), overflow 15 */
	static const uint8_t ts3[12] = { 68, 12, 13, 0xf3, 192, 0, 2, 1, 0, 0, 1, 0 };
	/* length 4: no slot, pointer 5 is past the end */
	static const uint8_t ts_empty[4] = { 68, 4, 5, 0x20 };
	struct ik_ipv4_opt o[2];

	(void)state;
	one(ts0, sizeof(ts0), o);
	assert_int_equal(o[0].type, IK_IPOPT_TS);
	assert_int_equal(o[0].len, 12);
	assert_int_equal(o[0].ptr, 9);
	assert_int_equal(o[0].ts_flg, 0);
	assert_int_equal(o[0].ts_oflw, 0);
	assert_int_equal(o[0].naddr, 2);
	one(ts1, sizeof(ts1), o);
	assert_int_equal(o[0].ptr, 5);
	assert_int_equal(o[0].ts_flg, 1);
	assert_int_equal(o[0].naddr, 2);
	one(ts3, sizeof(ts3), o);
	assert_int_equal(o[0].ptr, 13);
	assert_int_equal(o[0].ts_flg, 3);
	assert_int_equal(o[0].ts_oflw, 15);
	assert_int_equal(o[0].naddr, 1);
	one(ts_empty, sizeof(ts_empty), o);
	assert_int_equal(o[0].naddr, 0);
	assert_int_equal(o[0].ts_oflw, 2);
}

static void router_alert(void **state)
{
	static const uint8_t ra[4] = { 148, 4, 0x12, 0x34 };
	struct ik_ipv4_opt o[2];

	(void)state;
	one(ra, sizeof(ra), o);
	assert_int_equal(o[0].type, IK_IPOPT_RA);
	assert_int_equal(o[0].len, 4);
	assert_int_equal(o[0].ra_value, 0x1234);
	assert_int_equal(o[0].ptr, 0);
}

static void unknown_raw(void **state)
{
	/* Security (130) and an unassigned type, both returned raw */
	static const uint8_t a[16] = { 130, 11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x5e, 2, 0xfe, 3, 0 };
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;
	uint8_t *d = exact(a, sizeof(a));

	(void)state;
	ik_ipv4_opt_iter_init(&it, d, sizeof(a));
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), 1);
	assert_int_equal(o.type, 130);
	assert_int_equal(o.len, 11);
	assert_int_equal(o.off, 0);
	assert_ptr_equal(o.raw, d);
	assert_int_equal(o.ptr, 0);
	assert_int_equal(o.naddr, 0);
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), 1);
	assert_int_equal(o.type, 0x5e);
	assert_int_equal(o.len, 2);
	assert_int_equal(o.off, 11);
	assert_ptr_equal(o.raw, d + 11);
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), 1);
	assert_int_equal(o.type, 0xfe);
	assert_int_equal(o.len, 3);
	assert_int_equal(o.off, 13);
	assert_int_equal(o.raw[2], 0);
	assert_int_equal(ik_ipv4_opt_next(&it, &o, NULL), 0);
	free(d);
}

static void walk_sequence(void **state)
{
	/* NOP, RA, LSRR, TS, RR, unknown, EOL, pad */
	static const uint8_t a[40] = {
		1, 148, 4, 0, 0, 131, 7, 4, 1, 2, 3, 4, 68, 8, 5, 0x00, 0, 0, 0, 0,
		7, 7, 4, 0, 0, 0, 0, 25, 4, 0xaa, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	static const struct { uint8_t type, len; size_t off; } want[] = {
		{ 1, 1, 0 }, { 148, 4, 1 }, { 131, 7, 5 }, { 68, 8, 12 }, { 7, 7, 20 },
		{ 25, 4, 27 }, { 0, 1, 31 },
	};
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;
	uint8_t *d = exact(a, sizeof(a));
	size_t i = 0;
	int rc;

	(void)state;
	ik_ipv4_opt_iter_init(&it, d, sizeof(a));
	while ((rc = ik_ipv4_opt_next(&it, &o, NULL)) == 1) {
		assert_true(i < sizeof(want) / sizeof(want[0]));
		assert_int_equal(o.type, want[i].type);
		assert_int_equal(o.len, want[i].len);
		assert_int_equal(o.off, want[i].off);
		assert_ptr_equal(o.raw, d + want[i].off);
		i++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(i, sizeof(want) / sizeof(want[0]));
	free(d);
}

static void malformed_generic(void **state)
{
	static const uint8_t nolen[4] = { 1, 1, 1, 7 };
	static const uint8_t nolen_unknown[1] = { 0x99 };
	static const uint8_t len0[4] = { 7, 0, 4, 0 };
	static const uint8_t len1[4] = { 1, 99, 1, 0 };
	static const uint8_t toolong[8] = { 1, 1, 131, 7, 4, 0, 0, 0 };
	static const uint8_t toolong_unknown[4] = { 0x44 + 1, 5, 0, 0 };

	(void)state;
	bad(nolen + 3, 1, 0, "option 7 ends the options area without a length octet");
	bad(nolen_unknown, 1, 0, "option 153 ends the options area without a length octet");
	bad(len0, sizeof(len0), 1, "option 7 length 0 < 2");
	bad(len1 + 1, 3, 1, "option 99 length 1 < 2");
	bad(toolong + 2, 6, 1, "option 131 length 7 > 6 octets left in the options area");
	bad(toolong_unknown, 4, 1, "option 69 length 5 > 4 octets left in the options area");
	/* the offset is relative to the area, after earlier good options */
	{
		struct ik_ipv4_opt_iter it;
		struct ik_ipv4_opt o;
		struct ik_wire_err e;
		uint8_t *d = exact(toolong, sizeof(toolong));

		ik_ipv4_opt_iter_init(&it, d, sizeof(toolong));
		assert_int_equal(ik_ipv4_opt_next(&it, &o, &e), 1);
		assert_int_equal(ik_ipv4_opt_next(&it, &o, &e), 1);
		assert_int_equal(ik_ipv4_opt_next(&it, &o, &e), -IK_EOPTION);
		assert_int_equal(e.off, 3);
		assert_string_equal(e.msg,
				    "option 131 length 7 > 6 octets left in the options area");
		free(d);
	}
}

static void malformed_route(void **state)
{
	static const uint8_t rr_len2[4] = { 7, 2, 0, 0 };
	static const uint8_t lsrr_ptr3[8] = { 131, 7, 3, 0, 0, 0, 0, 0 };
	static const uint8_t ssrr_ptr0[8] = { 137, 7, 0, 0, 0, 0, 0, 0 };
	static const uint8_t rr_ptr5[8] = { 7, 7, 5, 0, 0, 0, 0, 0 };
	static const uint8_t rr_ptr7[12] = { 7, 11, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	/* length 10: a slot at 8 would need octets 8..11 */
	static const uint8_t rr_partial[12] = { 7, 10, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

	(void)state;
	bad(rr_len2, 4, 1, "record route length 2 < 3");
	bad(lsrr_ptr3, 8, 2, "loose source route pointer 3 < 4");
	bad(ssrr_ptr0, 8, 2, "strict source route pointer 0 < 4");
	bad(rr_ptr5, 8, 2, "record route pointer 5 is not at an address slot (4, 8, 12, ...)");
	bad(rr_ptr7, 12, 2, "record route pointer 7 is not at an address slot (4, 8, 12, ...)");
	bad(rr_partial, 12, 2, "record route pointer 8 leaves no room for an address in length 10");
}

static void malformed_ts(void **state)
{
	static const uint8_t len3[4] = { 68, 3, 5, 0 };
	static const uint8_t len2[4] = { 68, 2, 0, 0 };
	static const uint8_t ptr4[8] = { 68, 8, 4, 0, 0, 0, 0, 0 };
	static const uint8_t flag2[12] = { 68, 12, 5, 0x02 };
	static const uint8_t flag15[12] = { 68, 12, 5, 0x1f };
	/* flag 1 needs 8 octets per entry: length 8 holds none, pointer 5 */
	static const uint8_t room1[8] = { 68, 8, 5, 0x01, 0, 0, 0, 0 };
	/* flag 0, length 10, pointer 9: 9..12 past 10 */
	static const uint8_t room0[12] = { 68, 10, 9, 0x00 };

	(void)state;
	bad(len3, 4, 1, "timestamp length 3 < 4");
	bad(len2, 4, 1, "timestamp length 2 < 4");
	bad(ptr4, 8, 2, "timestamp pointer 4 < 5");
	bad(flag2, 12, 3, "timestamp flag 2 unknown (expected 0, 1 or 3)");
	bad(flag15, 12, 3, "timestamp flag 15 unknown (expected 0, 1 or 3)");
	bad(room1, 8, 2, "timestamp pointer 5 leaves no room for an 8-octet entry in length 8");
	bad(room0, 12, 2, "timestamp pointer 9 leaves no room for a 4-octet entry in length 10");
}

static void malformed_ra(void **state)
{
	static const uint8_t ra3[4] = { 148, 3, 0, 0 };
	static const uint8_t ra6[8] = { 148, 6, 0, 0, 0, 0, 0, 0 };
	static const uint8_t ra2[4] = { 148, 2, 0, 0 };

	(void)state;
	bad(ra3, 4, 1, "router alert length 3, expected 4");
	bad(ra6, 8, 1, "router alert length 6, expected 4");
	bad(ra2, 4, 1, "router alert length 2, expected 4");
}

/* Each malformed case inside a whole header: offset from the IP header. */
static void malformed_in_parse(void **state)
{
	static const struct {
		uint8_t opts[12];
		size_t len;
		size_t off;
		const char *msg;
	} cases[] = {
		{ { 1, 1, 1, 7 }, 4, 23, "option 7 ends the options area without a length octet" },
		{ { 1, 1, 7, 1 }, 4, 23, "option 7 length 1 < 2" },
		{ { 1, 131, 8, 4 }, 4, 22, "option 131 length 8 > 3 octets left in the options area" },
		{ { 7, 2, 0, 0 }, 4, 21, "record route length 2 < 3" },
		{ { 1, 137, 7, 2 }, 8, 23, "strict source route pointer 2 < 4" },
		{ { 7, 7, 6 }, 8, 22,
		  "record route pointer 6 is not at an address slot (4, 8, 12, ...)" },
		{ { 68, 3, 5 }, 4, 21, "timestamp length 3 < 4" },
		{ { 1, 1, 1, 1, 68, 8, 1 }, 12, 26, "timestamp pointer 1 < 5" },
		{ { 68, 8, 5, 0x04 }, 8, 23, "timestamp flag 4 unknown (expected 0, 1 or 3)" },
		{ { 148, 5, 0, 0 }, 8, 21, "router alert length 5, expected 4" },
		{ { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0x82 }, 12, 31,
		  "option 130 ends the options area without a length octet" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ik_ipv4_repr in = { .ttl = 64, .proto = 1, .src = 0xc0000201,
					   .dst = 0xc0000202, .opts = cases[i].opts,
					   .opts_len = cases[i].len };
		uint8_t buf[IK_IPV4_HDR_MAX];
		struct ik_ipv4_repr r;
		struct ik_wire_err e;
		int n = ik_ipv4_emit(&in, buf, sizeof(buf));
		uint8_t *d;

		assert_true(n > 20);
		d = exact(buf, (size_t)n);
		assert_int_equal(ik_ipv4_parse(d, (size_t)n, 0, &r, &e), -IK_EOPTION);
		assert_int_equal(e.code, IK_EOPTION);
		assert_int_equal(e.off, cases[i].off);
		assert_string_equal(e.msg, cases[i].msg);
		free(d);
	}
}

/* Every option kind in one header, parsed, then walked from the repr. */
static void options_in_parse(void **state)
{
	static const uint8_t opts[40] = {
		148, 4, 0, 0, 7, 7, 4, 0, 0, 0, 0, 68, 12, 5, 0x01, 0, 0, 0, 0, 0, 0, 0, 0,
		131, 7, 8, 1, 2, 3, 4, 137, 3, 4, 1, 0xde, 2, 0, 0, 0, 0,
	};
	static const uint8_t types[] = { 148, 7, 68, 131, 137, 1, 0xde, 0 };
	struct ik_ipv4_repr in = { .ttl = 1, .proto = 1, .opts = opts, .opts_len = 40 };
	uint8_t buf[IK_IPV4_HDR_MAX];
	struct ik_ipv4_repr r;
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;
	size_t i = 0;

	(void)state;
	assert_int_equal(ik_ipv4_emit(&in, buf, sizeof(buf)), 60);
	assert_int_equal(ik_ipv4_parse(buf, 60, 0, &r, NULL), 60);
	ik_ipv4_opt_iter_init(&it, r.opts, r.opts_len);
	while (ik_ipv4_opt_next(&it, &o, NULL) == 1) {
		assert_true(i < sizeof(types));
		assert_int_equal(o.type, types[i]);
		i++;
	}
	assert_int_equal(i, sizeof(types));
}

/* Every prefix of an options area: clean results, never an over-read. */
static void truncated_areas(void **state)
{
	static const uint8_t a[36] = {
		1, 148, 4, 0, 0, 131, 7, 4, 1, 2, 3, 4, 68, 12, 5, 0x31, 0, 0, 0, 0, 0, 0, 0, 0,
		7, 7, 8, 1, 2, 3, 4, 25, 3, 9, 1, 0,
	};
	/* option starts: prefixes ending exactly at one are clean walks */
	static const size_t ends[] = { 0, 1, 5, 12, 24, 31, 34, 35, 36 };

	(void)state;
	for (size_t len = 0; len <= sizeof(a); len++) {
		struct ik_ipv4_opt_iter it;
		struct ik_ipv4_opt o;
		struct ik_wire_err e;
		uint8_t *d = exact(a, len);
		bool clean = false;
		int rc, count = 0;

		for (size_t k = 0; k < sizeof(ends) / sizeof(ends[0]); k++)
			clean |= ends[k] == len;
		ik_ipv4_opt_iter_init(&it, d, len);
		while ((rc = ik_ipv4_opt_next(&it, &o, &e)) == 1) {
			assert_true(o.off + o.len <= len);
			assert_true(++count <= 40);
		}
		if (clean) {
			assert_int_equal(rc, 0);
		} else {
			assert_int_equal(rc, -IK_EOPTION);
			assert_true(e.off < len);
		}
		free(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_area),
		cmocka_unit_test(eol_and_nop),
		cmocka_unit_test(record_route),
		cmocka_unit_test(record_route_full),
		cmocka_unit_test(source_routes),
		cmocka_unit_test(timestamps),
		cmocka_unit_test(router_alert),
		cmocka_unit_test(unknown_raw),
		cmocka_unit_test(walk_sequence),
		cmocka_unit_test(malformed_generic),
		cmocka_unit_test(malformed_route),
		cmocka_unit_test(malformed_ts),
		cmocka_unit_test(malformed_ra),
		cmocka_unit_test(malformed_in_parse),
		cmocka_unit_test(options_in_parse),
		cmocka_unit_test(truncated_areas),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
