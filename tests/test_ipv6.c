// SPDX-License-Identifier: MIT
/* test_ipv6.c - IPv6 header, extension chain, pseudo-header checksum and
 * address text (include/icmpkit/ipv6.h) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/ipv6.h"
#include "refsum.h"

/* 2001:db8::1 -> 2001:db8::2 (RFC 3849) */
static const uint8_t SRC[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t DST[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

/* a header with @plen octets of payload after it, first Next Header @nh */
static size_t hdr(uint8_t *b, uint8_t nh, uint16_t plen)
{
	ik_put32(b, 6u << 28 | 0xb8u << 20 | 0x12345u);
	ik_put16(b + 4, plen);
	b[6] = nh;
	b[7] = 64;
	memcpy(b + 8, SRC, 16);
	memcpy(b + 24, DST, 16);
	return 40;
}

static void test_fixed_header(void **state)
{
	uint8_t b[64] = { 0 }, out[40];
	struct ik_ipv6_repr r;
	struct ik_ipv6_view v;

	(void)state;
	hdr(b, IK_IPV6_NH_ICMPV6, 8);
	assert_int_equal(ik_ipv6_parse(b, 48, 0, &r, NULL), 40);
	assert_int_equal(r.tclass, 0xb8);
	assert_int_equal(r.flow, 0x12345);
	assert_int_equal(r.payload_len, 8);
	assert_int_equal(r.proto, IK_IPV6_NH_ICMPV6);
	assert_int_equal(r.l4_off, 40);
	assert_int_equal(r.hop_limit, 64);
	assert_int_equal(r.next_ext, 0);
	assert_false(r.frag);
	assert_memory_equal(r.src, SRC, 16);
	assert_memory_equal(r.dst, DST, 16);
	assert_int_equal(ik_ipv6_view_init(&v, b, 48), 0);
	assert_int_equal(ik_ipv6_version(&v), 6);
	assert_int_equal(ik_ipv6_tclass(&v), 0xb8);
	assert_int_equal(ik_ipv6_flow(&v), 0x12345);
	assert_int_equal(ik_ipv6_plen(&v), 8);
	assert_int_equal(ik_ipv6_hlim(&v), 64);
	assert_memory_equal(ik_ipv6_dst(&v), DST, 16);
	/* emits back to the same 40 octets */
	assert_int_equal(ik_ipv6_emit(&r, out, sizeof(out)), 40);
	assert_memory_equal(out, b, 40);
	assert_int_equal(ik_ipv6_emit(&r, out, 39), -IK_ENOSPC);
	r.flow = 0x100000;
	assert_int_equal(ik_ipv6_emit(&r, out, sizeof(out)), -IK_EINVAL);
	assert_int_equal(ik_ipv6_view_init(&v, b, 39), -IK_ETRUNC);
}

static void test_header_faults(void **state)
{
	uint8_t b[64] = { 0 };
	struct ik_ipv6_repr r;
	struct ik_wire_err e;

	(void)state;
	hdr(b, IK_IPV6_NH_ICMPV6, 8);
	assert_int_equal(ik_ipv6_parse(b, 39, 0, &r, &e), -IK_ETRUNC);
	b[0] = 0x45;
	assert_int_equal(ik_ipv6_parse(b, 48, 0, &r, &e), -IK_EVERSION);
	assert_int_equal(e.off, 0);
	hdr(b, IK_IPV6_NH_ICMPV6, 9);
	assert_int_equal(ik_ipv6_parse(b, 48, 0, &r, &e), -IK_ETOTLEN);
	assert_int_equal(e.off, 4);
	/* a quote may be cut short */
	assert_int_equal(ik_ipv6_parse(b, 48, IK_IPV6_QUOTED, &r, &e), 40);
	assert_int_equal(ik_ipv6_parse(NULL, 48, 0, &r, &e), -IK_ETRUNC);
}

/* Hop-by-Hop (8) -> Destination Options (16) -> Fragment (8) -> ICMPv6 */
static size_t chain(uint8_t *b, uint16_t frag_word)
{
	size_t o = hdr(b, IK_IPV6_NH_HOPOPTS, 8 + 16 + 8 + 8);

	memset(b + o, 0, 40);
	b[o] = IK_IPV6_NH_DSTOPTS; /* HBH: PadN over 6 */
	b[o + 1] = 0;
	b[o + 2] = 1;
	b[o + 3] = 4;
	b[o + 8] = IK_IPV6_NH_FRAGMENT; /* DST: length 1 -> 16 octets */
	b[o + 9] = 1;
	b[o + 10] = 1;
	b[o + 11] = 12;
	b[o + 24] = IK_IPV6_NH_ICMPV6;
	ik_put16(b + o + 26, frag_word);
	ik_put32(b + o + 28, 0xcafe0001u);
	b[o + 32] = 128; /* Echo Request */
	return o + 40;
}

static void test_extension_chain(void **state)
{
	uint8_t b[128];
	struct ik_ipv6_repr r;
	size_t n;

	(void)state;
	n = chain(b, 0);
	assert_int_equal(ik_ipv6_parse(b, n, 0, &r, NULL), 40 + 32);
	assert_int_equal(r.next_ext, 3);
	assert_int_equal(r.ext[0].type, IK_IPV6_NH_HOPOPTS);
	assert_int_equal(r.ext[0].off, 40);
	assert_int_equal(r.ext[0].len, 8);
	assert_int_equal(r.ext[1].type, IK_IPV6_NH_DSTOPTS);
	assert_int_equal(r.ext[1].len, 16);
	assert_int_equal(r.ext[2].type, IK_IPV6_NH_FRAGMENT);
	assert_int_equal(r.ext[2].off, 64);
	assert_int_equal(r.proto, IK_IPV6_NH_ICMPV6);
	assert_true(r.frag);
	assert_true(r.atomic); /* offset 0, M clear: RFC 6946 */
	assert_int_equal(r.frag_id, 0xcafe0001u);
	/* a first fragment: the upper layer is there */
	n = chain(b, 1);
	assert_int_equal(ik_ipv6_parse(b, n, 0, &r, NULL), 72);
	assert_true(r.frag_more);
	assert_false(r.atomic);
	/* a later fragment: what follows the header is data */
	n = chain(b, 8 << 3);
	assert_int_equal(ik_ipv6_parse(b, n, 0, &r, NULL), 72);
	assert_int_equal(r.frag_off, 64);
	assert_int_equal(r.proto, IK_IPV6_NH_ICMPV6);
	/* offset + data past 65,535 (a ping of death in IPv6) */
	n = chain(b, 0xfff8);
	assert_int_equal(ik_ipv6_parse(b, n, 0, &r, NULL), -IK_EFRAG);
	/* No Next Header ends the chain */
	n = chain(b, 0);
	b[64] = IK_IPV6_NH_NONE;
	assert_int_equal(ik_ipv6_parse(b, n, 0, &r, NULL), 72);
	assert_int_equal(r.proto, IK_IPV6_NH_NONE);
}

static void test_extension_faults(void **state)
{
	uint8_t b[256];
	struct ik_ipv6_repr r;
	struct ik_wire_err e;
	size_t n;

	(void)state;
	/* Hop-by-Hop anywhere but first: pointed at the Next Header naming it */
	n = chain(b, 0);
	b[48] = IK_IPV6_NH_HOPOPTS;
	assert_int_equal(ik_ipv6_parse(b, n, 0, &r, &e), -IK_EOPTION);
	assert_int_equal(e.off, 48);
	/* a header longer than the payload */
	n = chain(b, 0);
	b[49] = 9;
	assert_int_equal(ik_ipv6_parse(b, n, 0, &r, &e), -IK_EOPTION);
	assert_int_equal(e.off, 49);
	/* ... which a quote may hold cut */
	assert_int_equal(ik_ipv6_parse(b, n, IK_IPV6_QUOTED, &r, &e), 48);
	assert_int_equal(r.proto, IK_IPV6_NH_DSTOPTS);
	/* fewer than 8 octets left for a header */
	hdr(b, IK_IPV6_NH_DSTOPTS, 4);
	assert_int_equal(ik_ipv6_parse(b, 44, 0, &r, &e), -IK_EOPTION);
	assert_int_equal(e.off, 40);
	/* nine Destination Options headers: past the cap, and the walk stops */
	n = hdr(b, IK_IPV6_NH_DSTOPTS, 9 * 8 + 8);
	memset(b + n, 0, 9 * 8 + 8);
	for (int i = 0; i < 9; i++)
		b[n + 8 * i] = IK_IPV6_NH_DSTOPTS;
	assert_int_equal(ik_ipv6_parse(b, n + 80, 0, &r, &e), -IK_EOPTION);
	assert_int_equal(r.next_ext, IK_IPV6_EXT_MAX);
	/* eight are fine */
	b[n + 8 * 7] = IK_IPV6_NH_NONE;
	assert_int_equal(ik_ipv6_parse(b, n + 80, 0, &r, &e), 40 + 64);
}

/* ICMPv6 Echo Request checksum over the pseudo-header, against a plain sum */
static void test_checksum(void **state)
{
	uint8_t m[13] = { 128, 0, 0, 0, 0x12, 0x34, 0, 1, 'h', 'e', 'l', 'l', 'o' };
	uint8_t ph[40] = { 0 };
	uint16_t c, ref;

	(void)state;
	memcpy(ph, SRC, 16);
	memcpy(ph + 16, DST, 16);
	ik_put32(ph + 32, sizeof(m));
	ph[39] = IK_IPV6_NH_ICMPV6;
	ref = ref_fold(ref_sum(m, sizeof(m), ref_sum(ph, sizeof(ph), 0)));
	c = ik_ipv6_l4_checksum(m, sizeof(m), 2, SRC, DST, IK_IPV6_NH_ICMPV6);
	assert_int_equal(c, ref);
	/* written into the message, the whole sums to zero */
	ik_put16(m + 2, c);
	assert_int_equal(ref_fold(ref_sum(m, sizeof(m), ref_sum(ph, sizeof(ph), 0))), 0);
	/* the field's old value is ignored */
	assert_int_equal(ik_ipv6_l4_checksum(m, sizeof(m), 2, SRC, DST, IK_IPV6_NH_ICMPV6), c);
}

static void test_addr_text(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
		{ "2001:db8::1", "2001:db8::1" },
		{ "2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1" },
		{ "2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1" }, /* first of equal runs */
		{ "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" }, /* one zero group: no :: */
		{ "2001:DB8::AbCd", "2001:db8::abcd" },
		{ "::", "::" },
		{ "::1", "::1" },
		{ "1::", "1::" },
		{ "fe80::200:5eff:fe00:5301", "fe80::200:5eff:fe00:5301" },
		{ "2001:db8:1:0:0:0:0:0", "2001:db8:1::" },
		{ "::ffff:192.0.2.1", "::ffff:192.0.2.1" },
		{ "::ffff:c000:201", "::ffff:192.0.2.1" },
		{ "2001:db8::192.0.2.33", "2001:db8::c000:221" },
		{ "1:0:0:2:0:0:0:3", "1:0:0:2::3" }, /* the longer run */
	};
	static const char *bad[] = {
		"", ":", ":::", "1:::2", "1::2::3", "2001:db8::1:", ":2001:db8::1", "12345::",
		"1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "g::1", "::1.2.3",
		"::ffff:192.0.2.256", "1.2.3.4", "::1 ", " ::1", "2001:db8::1%eth0",
		"1:2:3:4:5:6:7:1.2.3.4",
	};
	char s[IK_IPV6_ADDR_STRLEN];
	uint8_t a[16], b[16];

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(ik_ipv6_addr_parse(ok[i].in, a), 0);
		assert_string_equal(ik_ipv6_addr_str(a, s), ok[i].out);
		assert_int_equal(ik_ipv6_addr_parse(s, b), 0);
		assert_memory_equal(a, b, 16);
	}
	assert_int_equal(ik_ipv6_addr_parse("2001:db8::2", a), 0);
	assert_memory_equal(a, DST, 16);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(a, 0x5a, sizeof(a));
		assert_int_equal(ik_ipv6_addr_parse(bad[i], a), -IK_EINVAL);
		assert_int_equal(a[0], 0x5a); /* nothing written */
	}
	assert_int_equal(ik_ipv6_addr_parse(NULL, a), -IK_EINVAL);
	/* the longest output fits */
	memset(a, 0xff, 16);
	assert_int_equal(strlen(ik_ipv6_addr_str(a, s)), 39);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_header),
		cmocka_unit_test(test_header_faults),
		cmocka_unit_test(test_extension_chain),
		cmocka_unit_test(test_extension_faults),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_addr_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
