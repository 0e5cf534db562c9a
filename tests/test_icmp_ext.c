// SPDX-License-Identifier: MIT
/*
 * test_icmp_ext.c - RFC 4884 extension structures, RFC 4950 MPLS entries
 *
 * The reference structure is scapy 2.5's
 * ICMPExtensionHeader()/ICMPExtensionMPLS(stack=[MPLS(label=16004,cos=0,s=0,
 * ttl=1), MPLS(label=3,cos=5,s=1,ttl=255)]) with the checksum tshark 4.0
 * computes over the whole structure (0x5f0a; scapy sums the header alone).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/icmp.h"
#include "refsum.h"

static const uint8_t mpls_ext[] = {
	0x20, 0x00, 0x5f, 0x0a,             /* version 2, checksum */
	0x00, 0x0c, 0x01, 0x01,             /* length 12, class 1, c-type 1 */
	0x03, 0xe8, 0x40, 0x01,             /* label 16004, TC 0, S 0, TTL 1 */
	0x00, 0x00, 0x3b, 0xff,             /* label 3, TC 5, S 1, TTL 255 */
};

static void set_csum(uint8_t *p, size_t len)
{
	p[2] = p[3] = 0;
	ik_put16(p + 2, ref_csum(p, len));
}

static void mpls_walk(void **state)
{
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;
	struct ik_mpls_entry e;

	(void)state;
	assert_int_equal(ik_icmp_ext_iter_init(&it, mpls_ext, sizeof(mpls_ext), NULL), 0);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 1);
	assert_int_equal(o.off, 4);
	assert_int_equal(o.len, 12);
	assert_int_equal(o.class_num, IK_ICMP_EXT_CLASS_MPLS);
	assert_int_equal(o.c_type, 1);
	assert_ptr_equal(o.payload, mpls_ext + 8);
	assert_int_equal(o.payload_len, 8);
	ik_mpls_entry_get(o.payload, &e);
	assert_int_equal(e.label, 16004);
	assert_int_equal(e.tc, 0);
	assert_false(e.s);
	assert_int_equal(e.ttl, 1);
	ik_mpls_entry_get(o.payload + 4, &e);
	assert_int_equal(e.label, 3);
	assert_int_equal(e.tc, 5);
	assert_true(e.s);
	assert_int_equal(e.ttl, 255);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 0);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 0);
}

static void mpls_fields_isolated(void **state)
{
	static const struct {
		uint8_t b[4];
		uint32_t label;
		uint8_t tc;
		bool s;
		uint8_t ttl;
	} v[] = {
		{ { 0xff, 0xff, 0xff, 0xff }, 0xfffff, 7, true, 255 },
		{ { 0xff, 0xff, 0xf0, 0x00 }, 0xfffff, 0, false, 0 },
		{ { 0x00, 0x00, 0x0e, 0x00 }, 0, 7, false, 0 },
		{ { 0x00, 0x00, 0x01, 0x00 }, 0, 0, true, 0 },
		{ { 0x00, 0x00, 0x00, 0xff }, 0, 0, false, 255 },
		{ { 0x00, 0x00, 0x10, 0x00 }, 1, 0, false, 0 },
		{ { 0x80, 0x00, 0x00, 0x00 }, 0x80000, 0, false, 0 },
		{ { 0x00, 0x00, 0x02, 0x00 }, 0, 1, false, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct ik_mpls_entry e;

		memset(&e, 0xaa, sizeof(e));
		ik_mpls_entry_get(v[i].b, &e);
		assert_int_equal(e.label, v[i].label);
		assert_int_equal(e.tc, v[i].tc);
		assert_int_equal(e.s, v[i].s);
		assert_int_equal(e.ttl, v[i].ttl);
	}
}

static void emit_matches_reference(void **state)
{
	uint8_t out[64];

	(void)state;
	memset(out, 0xee, sizeof(out));
	assert_int_equal(ik_icmp_ext_emit(IK_ICMP_EXT_CLASS_MPLS, 1, mpls_ext + 8, 8, out,
					  sizeof(out)), 16);
	assert_memory_equal(out, mpls_ext, 16);
	assert_int_equal(out[16], 0xee);
	/* exactly enough room, then one short */
	assert_int_equal(ik_icmp_ext_emit(1, 1, mpls_ext + 8, 8, out, 16), 16);
	assert_int_equal(ik_icmp_ext_emit(1, 1, mpls_ext + 8, 8, out, 15), -IK_ENOSPC);
	/* an empty object */
	assert_int_equal(ik_icmp_ext_emit(2, 9, NULL, 0, out, sizeof(out)), 8);
	assert_int_equal(out[0], 0x20);
	assert_int_equal(ik_get16(out + 4), 4);
	assert_int_equal(out[6], 2);
	assert_int_equal(out[7], 9);
	assert_int_equal(ref_csum(out, 8), 0);
	/* the 16-bit object length cannot hold this */
	assert_int_equal(ik_icmp_ext_emit(1, 1, mpls_ext, 65532, out, sizeof(out)),
			 -IK_EINVAL);
}

static void emit_then_walk(void **state)
{
	uint8_t payload[40], out[64];
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(0x80 + i);
	assert_int_equal(ik_icmp_ext_emit(2, 0x2c, payload, 40, out, sizeof(out)), 48);
	assert_int_equal(ref_csum(out, 48), 0);
	assert_int_equal(ik_icmp_ext_iter_init(&it, out, 48, NULL), 0);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 1);
	assert_int_equal(o.class_num, 2);
	assert_int_equal(o.c_type, 0x2c);
	assert_int_equal(o.len, 44);
	assert_memory_equal(o.payload, payload, 40);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 0);
}

static void several_objects(void **state)
{
	uint8_t b[64];
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;

	(void)state;
	memcpy(b, mpls_ext, 16);
	/* a second object: class 2, c-type 0x0e, 8 octets */
	b[16] = 0;
	b[17] = 8;
	b[18] = 2;
	b[19] = 0x0e;
	ik_put32(b + 20, 42);
	/* a third, header only */
	b[24] = 0;
	b[25] = 4;
	b[26] = 5;
	b[27] = 1;
	set_csum(b, 28);
	assert_int_equal(ik_icmp_ext_iter_init(&it, b, 28, NULL), 0);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 1);
	assert_int_equal(o.class_num, 1);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 1);
	assert_int_equal(o.off, 16);
	assert_int_equal(o.class_num, 2);
	assert_int_equal(o.c_type, 0x0e);
	assert_int_equal(ik_get32(o.payload), 42);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 1);
	assert_int_equal(o.off, 24);
	assert_int_equal(o.class_num, 5);
	assert_int_equal(o.payload_len, 0);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 0);
}

static void header_errors(void **state)
{
	uint8_t b[16];
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;
	struct ik_wire_err e;

	(void)state;
	assert_int_equal(ik_icmp_ext_iter_init(&it, mpls_ext, 3, &e), -IK_ETRUNC);
	assert_int_equal(e.off, 3);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 0); /* no objects after */
	assert_int_equal(ik_icmp_ext_iter_init(&it, mpls_ext, 0, &e), -IK_ETRUNC);

	memcpy(b, mpls_ext, 16);
	b[0] = 0x10;
	set_csum(b, 16);
	assert_int_equal(ik_icmp_ext_iter_init(&it, b, 16, &e), -IK_EEXT);
	assert_int_equal(e.code, IK_EEXT);
	assert_int_equal(e.off, 0);
	b[0] = 0x30;
	set_csum(b, 16);
	assert_int_equal(ik_icmp_ext_iter_init(&it, b, 16, &e), -IK_EEXT);
	/* the reserved bits do not matter */
	b[0] = 0x2f;
	b[1] = 0xff;
	set_csum(b, 16);
	assert_int_equal(ik_icmp_ext_iter_init(&it, b, 16, NULL), 0);

	/* wrong checksum, then none at all */
	memcpy(b, mpls_ext, 16);
	b[15] = 0xfe;
	assert_int_equal(ik_icmp_ext_iter_init(&it, b, 16, &e), -IK_ECHECKSUM);
	assert_int_equal(e.off, 2);
	b[2] = b[3] = 0;
	assert_int_equal(ik_icmp_ext_iter_init(&it, b, 16, NULL), 0);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 1);
}

static void object_errors(void **state)
{
	uint8_t b[32];
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;
	struct ik_wire_err e;
	static const uint16_t bad_len[] = { 0, 3, 5, 6, 7, 13, 16 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_len) / sizeof(bad_len[0]); i++) {
		memcpy(b, mpls_ext, 16);
		ik_put16(b + 4, bad_len[i]);
		set_csum(b, 16);
		assert_int_equal(ik_icmp_ext_iter_init(&it, b, 16, NULL), 0);
		memset(&e, 0, sizeof(e));
		assert_int_equal(ik_icmp_ext_next(&it, &o, &e), -IK_EEXT);
		assert_int_equal(e.off, 4);
		assert_true(strlen(e.msg) > 0);
		/* an error does not advance */
		assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), -IK_EEXT);
	}
	/* a good object then 2 stray octets */
	memcpy(b, mpls_ext, 16);
	b[16] = 0;
	b[17] = 0;
	set_csum(b, 18);
	assert_int_equal(ik_icmp_ext_iter_init(&it, b, 18, NULL), 0);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 1);
	assert_int_equal(ik_icmp_ext_next(&it, &o, &e), -IK_EEXT);
	assert_int_equal(e.off, 16);
}

static void every_prefix(void **state)
{
	size_t k;

	(void)state;
	for (k = 0; k <= sizeof(mpls_ext); k++) {
		uint8_t *b = malloc(k ? k : 1);
		struct ik_icmp_ext_iter it;
		struct ik_icmp_ext_obj o;
		int rc, n = 0;

		assert_non_null(b);
		memcpy(b, mpls_ext, k);
		if (k >= 4) {
			/* no checksum, so that only the lengths decide */
			b[2] = b[3] = 0;
		}
		rc = ik_icmp_ext_iter_init(&it, b, k, NULL);
		if (k < 4) {
			assert_int_equal(rc, -IK_ETRUNC);
		} else {
			assert_int_equal(rc, 0);
			while ((rc = ik_icmp_ext_next(&it, &o, NULL)) == 1)
				n++;
			if (k == 4 || k == 16) {
				assert_int_equal(rc, 0);
				assert_int_equal(n, k == 16);
			} else {
				assert_int_equal(rc, -IK_EEXT);
				assert_int_equal(n, 0);
			}
		}
		free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mpls_walk),
		cmocka_unit_test(mpls_fields_isolated),
		cmocka_unit_test(emit_matches_reference),
		cmocka_unit_test(emit_then_walk),
		cmocka_unit_test(several_objects),
		cmocka_unit_test(header_errors),
		cmocka_unit_test(object_errors),
		cmocka_unit_test(every_prefix),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
