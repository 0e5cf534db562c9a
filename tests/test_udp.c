// SPDX-License-Identifier: MIT
/* test_udp.c - UDP header and pseudo-header checksum (RFC 768) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "icmpkit/udp.h"
#include "refsum.h"

#define SRC 0xc0000201u /* 192.0.2.1 */
#define DST 0xc6336407u /* 198.51.100.7 */

/*
 * 12345 -> 8080, "hello", 192.0.2.1 -> 198.51.100.7. By hand: pseudo-header
 * c000 + 0201 + c633 + 6407 + 0011 + 000d, header 3039 + 1f90 + 000d, data
 * 6865 + 6c6c + 6f00 (odd octet padded) = 0x38000, folded 0x8003,
 * complemented 0x7ffc. scapy 2.5 writes the same bytes.
 */
static const uint8_t dgram_hello[13] = {
	0x30, 0x39, 0x1f, 0x90, 0x00, 0x0d, 0x7f, 0xfc, 'h', 'e', 'l', 'l', 'o',
};

/*
 * 1 -> 2, payload eb d4, 10.0.0.1 -> 10.0.0.2: the words sum to 0xffff, so
 * the computed checksum is 0 and goes on the wire as 0xffff (scapy agrees).
 */
#define ZSRC 0x0a000001u
#define ZDST 0x0a000002u
static const uint8_t dgram_zero[10] = { 0x00, 0x01, 0x00, 0x02, 0x00, 0x0a, 0xff, 0xff, 0xeb, 0xd4 };

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint8_t *exact(const uint8_t *p, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);

	assert_non_null(b);
	if (n)
		memcpy(b, p, n);
	return b;
}

static void parse_known_good(void **state)
{
	uint8_t *d = exact(dgram_hello, sizeof(dgram_hello));
	struct ik_udp_repr r;
	struct ik_wire_err e;

	(void)state;
	assert_int_equal(ik_udp_parse(d, sizeof(dgram_hello), SRC, DST, 0, &r, &e), 8);
	assert_int_equal(r.sport, 12345);
	assert_int_equal(r.dport, 8080);
	assert_int_equal(r.len, 13);
	assert_int_equal(r.csum, 0x7ffc);
	assert_ptr_equal(r.payload, d + 8);
	assert_int_equal(r.payload_len, 5);
	assert_int_equal(ik_udp_checksum(d, 13, SRC, DST), 0x7ffc);
	free(d);
}

static void emit_known_good(void **state)
{
	struct ik_udp_repr r = {
		.sport = 12345, .dport = 8080, .len = 1, .csum = 2,
		.payload = (const uint8_t *)"hello", .payload_len = 5,
	};
	uint8_t out[16];

	(void)state;
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(ik_udp_emit(&r, SRC, DST, out, sizeof(out)), 13);
	assert_memory_equal(out, dgram_hello, sizeof(dgram_hello));
	assert_int_equal(out[13], 0xaa);
	/* exact capacity */
	assert_int_equal(ik_udp_emit(&r, SRC, DST, out, 13), 13);
	assert_memory_equal(out, dgram_hello, sizeof(dgram_hello));
	/* payload already in place at buf + 8 */
	r.payload = out + 8;
	assert_int_equal(ik_udp_emit(&r, SRC, DST, out, 13), 13);
	assert_memory_equal(out, dgram_hello, sizeof(dgram_hello));
}

static void zero_sent_as_ffff(void **state)
{
	struct ik_udp_repr r = { .sport = 1, .dport = 2, .payload = dgram_zero + 8, .payload_len = 2 };
	struct ik_udp_repr p;
	uint8_t out[10];

	(void)state;
	assert_int_equal(ik_udp_emit(&r, ZSRC, ZDST, out, sizeof(out)), 10);
	assert_memory_equal(out, dgram_zero, sizeof(dgram_zero));
	assert_int_equal(ik_udp_checksum(out, 10, ZSRC, ZDST), 0xffff);
	assert_int_equal(ref_udp_csum(ZSRC, ZDST, out, 10), 0xffff);
	assert_int_equal(ik_udp_parse(out, 10, ZSRC, ZDST, 0, &p, NULL), 8);
	assert_int_equal(p.csum, 0xffff);
}

static void zero_means_none(void **state)
{
	uint8_t d[13];
	struct ik_udp_repr r;

	(void)state;
	memcpy(d, dgram_hello, sizeof(d));
	d[6] = d[7] = 0;
	d[12] = 'O'; /* data changed: any real checksum would fail */
	assert_int_equal(ik_udp_parse(d, sizeof(d), SRC, DST, 0, &r, NULL), 8);
	assert_int_equal(r.csum, 0);
	assert_int_equal(r.payload_len, 5);
	/* and the checksum it should carry is still reported */
	assert_int_equal(ik_udp_checksum(d, sizeof(d), SRC, DST),
			 ref_udp_csum(SRC, DST, d, sizeof(d)));
}

static void bad_checksum(void **state)
{
	uint8_t d[13];
	struct ik_udp_repr r;
	struct ik_wire_err e;

	(void)state;
	memcpy(d, dgram_hello, sizeof(d));
	d[6] = 0x12;
	d[7] = 0x34;
	assert_int_equal(ik_udp_parse(d, sizeof(d), SRC, DST, 0, &r, &e), -IK_ECHECKSUM);
	assert_int_equal(e.code, IK_ECHECKSUM);
	assert_int_equal(e.off, 6);
	assert_string_equal(e.msg, "UDP checksum 0x1234, correct 0x7ffc");
	/* fields before the checksum are filled, the checksum is not */
	assert_int_equal(r.sport, 12345);
	assert_int_equal(r.len, 13);
	assert_int_equal(r.payload_len, 5);
	assert_int_equal(r.csum, 0);
	/* the pseudo-header counts: same bytes from another source fail */
	assert_int_equal(ik_udp_parse(dgram_hello, 13, SRC + 1, DST, 0, &r, &e), -IK_ECHECKSUM);
	assert_string_equal(e.msg, "UDP checksum 0x7ffc, correct 0x7ffb");
	/* not verified on request */
	assert_int_equal(ik_udp_parse(d, sizeof(d), SRC, DST, IK_UDP_NO_CSUM, &r, &e), 8);
	assert_int_equal(r.csum, 0x1234);
	/* a changed data octet is caught */
	memcpy(d, dgram_hello, sizeof(d));
	d[8] = 'H';
	assert_int_equal(ik_udp_parse(d, sizeof(d), SRC, DST, 0, &r, &e), -IK_ECHECKSUM);
	assert_int_equal(e.off, 6);
}

static void length_errors(void **state)
{
	uint8_t d[13];
	struct ik_udp_repr r;
	struct ik_wire_err e;

	(void)state;
	for (size_t len = 0; len < 8; len++) {
		uint8_t *x = exact(dgram_hello, len);

		assert_int_equal(ik_udp_parse(x, len, SRC, DST, 0, &r, &e), -IK_ETRUNC);
		assert_int_equal(e.code, IK_ETRUNC);
		assert_int_equal(e.off, len);
		free(x);
	}
	assert_string_equal(e.msg, "7 octets, a UDP header needs 8");
	memcpy(d, dgram_hello, sizeof(d));
	d[5] = 7;
	assert_int_equal(ik_udp_parse(d, sizeof(d), SRC, DST, 0, &r, &e), -IK_ELEN);
	assert_int_equal(e.code, IK_ELEN);
	assert_int_equal(e.off, 4);
	assert_string_equal(e.msg, "UDP length 7 < 8");
	assert_int_equal(r.sport, 12345);
	assert_int_equal(r.dport, 8080);
	assert_int_equal(r.len, 0);
	d[5] = 0;
	assert_int_equal(ik_udp_parse(d, sizeof(d), SRC, DST, IK_UDP_NO_CSUM, &r, &e), -IK_ELEN);
	assert_string_equal(e.msg, "UDP length 0 < 8");
	d[5] = 14;
	assert_int_equal(ik_udp_parse(d, sizeof(d), SRC, DST, 0, &r, &e), -IK_ELEN);
	assert_int_equal(e.off, 4);
	assert_string_equal(e.msg, "UDP length 14 > 13 octets of IP payload");
	/* the header is present but the payload is cut: Length says more */
	assert_int_equal(ik_udp_parse(dgram_hello, 12, SRC, DST, 0, &r, &e), -IK_ELEN);
	assert_string_equal(e.msg, "UDP length 13 > 12 octets of IP payload");
	/* NULL err is fine */
	assert_int_equal(ik_udp_parse(dgram_hello, 12, SRC, DST, 0, &r, NULL), -IK_ELEN);
}

static void length_shorter_than_payload(void **state)
{
	/* IP payload 16 octets, UDP Length 13: the rest is ignored, even by the checksum */
	uint8_t d[16];
	struct ik_udp_repr r;

	(void)state;
	memcpy(d, dgram_hello, 13);
	d[13] = d[14] = d[15] = 0x77;
	assert_int_equal(ik_udp_parse(d, sizeof(d), SRC, DST, 0, &r, NULL), 8);
	assert_int_equal(r.len, 13);
	assert_int_equal(r.payload_len, 5);
	/* header only */
	{
		struct ik_udp_repr in = { .sport = 7, .dport = 9 };
		uint8_t out[8];

		assert_int_equal(ik_udp_emit(&in, SRC, DST, out, sizeof(out)), 8);
		assert_int_equal(out[5], 8);
		assert_int_equal(be16(out + 6), ref_udp_csum(SRC, DST, out, 8));
		assert_int_equal(ik_udp_parse(out, 8, SRC, DST, 0, &r, NULL), 8);
		assert_int_equal(r.payload_len, 0);
	}
}

static void emit_errors(void **state)
{
	struct ik_udp_repr r = { .sport = 1, .dport = 2, .payload = (const uint8_t *)"abc",
				 .payload_len = 3 };
	uint8_t out[11];

	(void)state;
	assert_int_equal(ik_udp_emit(&r, SRC, DST, out, 10), -IK_ENOSPC);
	assert_int_equal(ik_udp_emit(&r, SRC, DST, NULL, 0), -IK_ENOSPC);
	assert_int_equal(ik_udp_emit(&r, SRC, DST, out, 11), 11);
	r.payload = NULL;
	assert_int_equal(ik_udp_emit(&r, SRC, DST, out, 11), -IK_EINVAL);
	r.payload = out;
	r.payload_len = 65528;
	assert_int_equal(ik_udp_emit(&r, SRC, DST, out, 11), -IK_EINVAL);
}

static void round_trip_vs_reference(void **state)
{
	static uint8_t buf[8 + 2000];
	static uint8_t data[2000];
	uint32_t x = 0x12345678;

	(void)state;
	for (size_t i = 0; i < sizeof(data); i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (uint8_t)(x >> 16);
	}
	for (size_t n = 0; n < sizeof(data); n += (n < 40 ? 1 : 97)) {
		struct ik_udp_repr in = { .sport = (uint16_t)(n * 31), .dport = (uint16_t)~n,
					  .payload = data, .payload_len = n };
		struct ik_udp_repr r;
		uint32_t src = 0x0a000000u + (uint32_t)n, dst = 0xcb007100u ^ (uint32_t)(n << 3);
		int w = ik_udp_emit(&in, src, dst, buf, sizeof(buf));

		assert_int_equal(w, (int)(8 + n));
		assert_int_equal(be16(buf + 6), ref_udp_csum(src, dst, buf, 8 + n));
		assert_int_not_equal(be16(buf + 6), 0);
		assert_int_equal(ik_udp_parse(buf, 8 + n, src, dst, 0, &r, NULL), 8);
		assert_int_equal(r.sport, in.sport);
		assert_int_equal(r.dport, in.dport);
		assert_int_equal(r.len, 8 + n);
		assert_ptr_equal(r.payload, buf + 8);
		assert_int_equal(r.payload_len, n);
		if (n)
			assert_memory_equal(r.payload, data, n);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_known_good),
		cmocka_unit_test(emit_known_good),
		cmocka_unit_test(zero_sent_as_ffff),
		cmocka_unit_test(zero_means_none),
		cmocka_unit_test(bad_checksum),
		cmocka_unit_test(length_errors),
		cmocka_unit_test(length_shorter_than_payload),
		cmocka_unit_test(emit_errors),
		cmocka_unit_test(round_trip_vs_reference),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
