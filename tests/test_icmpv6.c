// SPDX-License-Identifier: MIT
/* test_icmpv6.c - ICMPv6 and Neighbor Discovery messages
 * (include/icmpkit/icmpv6.h): parse, emit, checksum, option walk */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv6.h"
#include "refsum.h"

static const uint8_t SRC[16] = { 0xfe, 0x80, [15] = 1 };
static const uint8_t DST[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

/* RFC 1071 by hand (refsum.h) over the pseudo-header and the message:
 * the folded sum, not complemented */
static uint16_t ref_sum6(const uint8_t *m, size_t n)
{
	uint8_t ph[40] = { 0 };

	memcpy(ph, SRC, 16);
	memcpy(ph + 16, DST, 16);
	ik_put32(ph + 32, (uint32_t)n);
	ph[39] = 58;
	return ref_fold16(ref_sum(m, n, ref_sum(ph, sizeof(ph), 0)));
}

static void test_echo_round_trip(void **state)
{
	uint8_t buf[64];
	struct ik_icmpv6_repr r = { .type = IK_ICMP6_ECHO, .u.echo = { 0x1234, 7 },
				    .body = (const uint8_t *)"hello", .body_len = 5 }, p;
	struct ik_wire_err e;
	int n;

	(void)state;
	n = ik_icmpv6_emit(&r, SRC, DST, buf, sizeof(buf));
	assert_int_equal(n, 13);
	assert_int_equal(buf[0], 128);
	assert_int_equal(ik_get16(buf + 4), 0x1234);
	assert_int_equal(ref_sum6(buf, 13), 0xffff); /* the whole sums to -0 */
	assert_int_equal(ik_icmpv6_parse(buf, 13, SRC, DST, 0, &p, &e), 8);
	assert_int_equal(p.type, IK_ICMP6_ECHO);
	assert_int_equal(p.u.echo.ident, 0x1234);
	assert_int_equal(p.u.echo.seq, 7);
	assert_int_equal(p.body_len, 5);
	assert_memory_equal(p.body, "hello", 5);
	/* a bit flipped: the checksum says so, unless told not to look */
	buf[10] ^= 1;
	assert_int_equal(ik_icmpv6_parse(buf, 13, SRC, DST, 0, &p, &e), -IK_ECHECKSUM);
	assert_int_equal(e.off, 2);
	assert_int_equal(ik_icmpv6_parse(buf, 13, SRC, DST, IK_ICMPV6_NO_CSUM, &p, &e), 8);
	/* another destination: another pseudo-header */
	buf[10] ^= 1;
	assert_int_equal(ik_icmpv6_parse(buf, 13, SRC, SRC, 0, &p, &e), -IK_ECHECKSUM);
	assert_int_equal(ik_icmpv6_emit(&r, SRC, DST, buf, 12), -IK_ENOSPC);
	assert_int_equal(ik_icmpv6_parse(buf, 3, SRC, DST, 0, &p, &e), -IK_ETRUNC);
}

static void test_errors(void **state)
{
	uint8_t quote[48] = { 0x60 }, buf[128];
	struct ik_icmpv6_repr r = { .type = IK_ICMP6_PACKET_TOO_BIG, .u.mtu = 1280, .body = quote,
				    .body_len = sizeof(quote) }, p;

	(void)state;
	assert_true(ik_icmpv6_is_error(IK_ICMP6_UNREACH));
	assert_true(ik_icmpv6_is_error(127));
	assert_false(ik_icmpv6_is_error(IK_ICMP6_ECHO));
	assert_int_equal(ik_icmpv6_emit(&r, SRC, DST, buf, sizeof(buf)), 56);
	assert_int_equal(ik_icmpv6_parse(buf, 56, SRC, DST, 0, &p, NULL), 8);
	assert_int_equal(p.u.mtu, 1280);
	assert_ptr_equal(p.body, buf + 8);
	assert_int_equal(p.body_len, 48);
	r = (struct ik_icmpv6_repr){ .type = IK_ICMP6_PARAM_PROB, .code = 1, .u.pointer = 40 };
	assert_int_equal(ik_icmpv6_emit(&r, SRC, DST, buf, sizeof(buf)), 8);
	assert_int_equal(ik_icmpv6_parse(buf, 8, SRC, DST, 0, &p, NULL), 8);
	assert_int_equal(p.code, 1);
	assert_int_equal(p.u.pointer, 40);
	/* Port Unreachable: type 1 code 4, four unused octets */
	r = (struct ik_icmpv6_repr){ .type = IK_ICMP6_UNREACH, .code = IK_UNREACH6_PORT };
	assert_int_equal(ik_icmpv6_emit(&r, SRC, DST, buf, sizeof(buf)), 8);
	assert_int_equal(ik_get32(buf + 4), 0);
	/* an error shorter than its 8 octets */
	assert_int_equal(ik_icmpv6_parse(buf, 6, SRC, DST, IK_ICMPV6_NO_CSUM, &p, NULL), -IK_ETRUNC);
}

static void test_neighbor_discovery(void **state)
{
	uint8_t opts[40] = { IK_NDP_OPT_SLLA, 1, 0x02, 0, 0, 0, 0, 1 }, buf[128];
	struct ik_icmpv6_repr r = { .type = IK_ICMP6_NEIGHBOR_ADV,
				    .u.nd.flags = IK_NA_SOLICITED | IK_NA_OVERRIDE,
				    .body = opts, .body_len = 8 }, p;
	struct ik_ndp_iter it;
	struct ik_ndp_opt o;
	struct ik_wire_err e;
	int n;

	(void)state;
	memcpy(r.u.nd.target, DST, 16);
	n = ik_icmpv6_emit(&r, SRC, DST, buf, sizeof(buf));
	assert_int_equal(n, 32);
	assert_int_equal(buf[4], 0x60);
	assert_int_equal(ik_icmpv6_parse(buf, 32, SRC, DST, 0, &p, NULL), 24);
	assert_memory_equal(p.u.nd.target, DST, 16);
	assert_int_equal(p.u.nd.flags, 0x60);
	ik_ndp_iter_init(&it, p.body, p.body_len);
	assert_int_equal(ik_ndp_next(&it, &o, &e), 1);
	assert_int_equal(o.type, IK_NDP_OPT_SLLA);
	assert_int_equal(o.len, 8);
	assert_int_equal(o.data[0], 0x02);
	assert_int_equal(ik_ndp_next(&it, &o, &e), 0);
	/* a Router Advertisement with Prefix Information and MTU */
	memset(opts, 0, sizeof(opts));
	opts[0] = IK_NDP_OPT_PREFIX;
	opts[1] = 4;
	opts[2] = 64;
	opts[32] = IK_NDP_OPT_MTU;
	opts[33] = 1;
	ik_put32(opts + 36, 1280);
	r = (struct ik_icmpv6_repr){ .type = IK_ICMP6_ROUTER_ADV,
				     .u.ra = { 64, 0x40, 1800, 30000, 1000 },
				     .body = opts, .body_len = 40 };
	assert_int_equal(ik_icmpv6_emit(&r, SRC, DST, buf, sizeof(buf)), 56);
	assert_int_equal(ik_icmpv6_parse(buf, 56, SRC, DST, 0, &p, NULL), 16);
	assert_int_equal(p.u.ra.lifetime, 1800);
	assert_int_equal(p.u.ra.reachable, 30000);
	assert_int_equal(p.u.ra.retrans, 1000);
	ik_ndp_iter_init(&it, p.body, p.body_len);
	assert_int_equal(ik_ndp_next(&it, &o, &e), 1);
	assert_int_equal(o.len, 32);
	assert_int_equal(o.data[0], 64);
	assert_int_equal(ik_ndp_next(&it, &o, &e), 1);
	assert_int_equal(o.type, IK_NDP_OPT_MTU);
	assert_int_equal(ik_get32(o.data + 2), 1280);
	assert_int_equal(ik_ndp_next(&it, &o, &e), 0);
	/* an option of length 0, past the end, a wrong fixed size, a stub */
	opts[33] = 0;
	ik_ndp_iter_init(&it, opts, 40);
	assert_int_equal(ik_ndp_next(&it, &o, &e), 1);
	assert_int_equal(ik_ndp_next(&it, &o, &e), -IK_EOPTION);
	assert_int_equal(e.off, 33);
	opts[33] = 2;
	ik_ndp_iter_init(&it, opts, 40);
	assert_int_equal(ik_ndp_next(&it, &o, &e), 1);
	assert_int_equal(ik_ndp_next(&it, &o, &e), -IK_EOPTION);
	opts[1] = 3;
	ik_ndp_iter_init(&it, opts, 40);
	assert_int_equal(ik_ndp_next(&it, &o, &e), -IK_EOPTION);
	ik_ndp_iter_init(&it, opts, 1);
	assert_int_equal(ik_ndp_next(&it, &o, &e), -IK_EOPTION);
	/* an NS shorter than its 24 octets */
	buf[0] = IK_ICMP6_NEIGHBOR_SOL;
	assert_int_equal(ik_icmpv6_parse(buf, 20, SRC, DST, IK_ICMPV6_NO_CSUM, &p, NULL), -IK_ETRUNC);
	/* a Redirect's two addresses */
	r = (struct ik_icmpv6_repr){ .type = IK_ICMP6_REDIRECT };
	memcpy(r.u.redirect.target, SRC, 16);
	memcpy(r.u.redirect.dest, DST, 16);
	assert_int_equal(ik_icmpv6_emit(&r, SRC, DST, buf, sizeof(buf)), 40);
	assert_int_equal(ik_icmpv6_parse(buf, 40, SRC, DST, 0, &p, NULL), 40);
	assert_memory_equal(p.u.redirect.dest, DST, 16);
}

static void test_unknown_type(void **state)
{
	uint8_t buf[16] = { 200, 9, 0, 0, 1, 2, 3, 4, 5 };
	struct ik_icmpv6_repr p;

	(void)state;
	ik_put16(buf + 2, (uint16_t)~ref_sum6(buf, 9));
	assert_int_equal(ik_icmpv6_hdr_len(200), 4);
	assert_int_equal(ik_icmpv6_parse(buf, 9, SRC, DST, 0, &p, NULL), 4);
	assert_int_equal(p.body_len, 5);
	assert_int_equal(p.body[0], 1);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(ik_icmpv6_type_name(1), "Destination Unreachable");
	assert_string_equal(ik_icmpv6_code_name(1, 4), "port unreachable");
	assert_string_equal(ik_icmpv6_code_name(4, 1), "unrecognized Next Header type encountered");
	assert_string_equal(ik_icmpv6_code_name(3, 0), "hop limit exceeded in transit");
	assert_string_equal(ik_icmpv6_type_name(135), "Neighbor Solicitation");
	assert_string_equal(ik_icmpv6_type_name(161), "Extended Echo Reply");
	assert_string_equal(ik_icmpv6_type_name(162), "Unassigned");
	assert_string_equal(ik_icmpv6_type_name(5), "Unassigned");
	assert_string_equal(ik_icmpv6_type_name(0), "Reserved");
	assert_string_equal(ik_icmpv6_code_name(2, 0), "No Code");
	assert_string_equal(ik_icmpv6_code_name(2, 1), "Unassigned");
	assert_string_equal(ik_icmpv6_code_name(1, 8), "Unassigned");
	assert_true(ik_icmpv6_code_known(128, 0));
	assert_false(ik_icmpv6_code_known(128, 1));
	assert_false(ik_icmpv6_code_known(5, 0));
	assert_false(ik_icmpv6_code_known(0, 0));
	for (unsigned t = 0; t < 256; t++)
		for (unsigned c = 0; c < 256; c += 17)
			assert_non_null(ik_icmpv6_code_name((uint8_t)t, (uint8_t)c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_echo_round_trip),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_neighbor_discovery),
		cmocka_unit_test(test_unknown_type),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
