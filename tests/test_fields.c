// SPDX-License-Identifier: MIT
/* test_fields.c - field tables: layout rules and values read from hand-made bytes */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "icmpkit/fields.h"
#include "icmpkit/icmp.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Each fixed table with the header length (octets) it must cover exactly,
 * taken from the RFCs' diagrams, not from the code under test. */
struct fixed {
	const struct ik_field_table *t;
	size_t octets;
};

/**
 * check_layout() - fields in order, no overlap, named, unique keys
 * @t:      table
 * @octets: header length the fixed fields must cover without gaps, or 0
 *          when the table ends with a variable (bit_len 0) field
 */
static void check_layout(const struct ik_field_table *t, size_t octets)
{
	size_t end = 0;

	assert_non_null(t->name);
	assert_non_null(t->key);
	assert_true(t->nfields > 0);
	for (size_t i = 0; i < t->nfields; i++) {
		const struct ik_field *f = &t->fields[i];

		assert_non_null(f->name);
		assert_true(strlen(f->name) > 0);
		assert_non_null(f->key);
		/* no overlap and no gap with the previous field */
		assert_int_equal(f->bit_off, end);
		if (f->bit_len == 0) {
			/* "to the end" only as the last field, octet-aligned */
			assert_int_equal(i, t->nfields - 1);
			assert_int_equal(f->bit_off % 8, 0);
			assert_int_equal(f->fmt, IK_FMT_BYTES);
		} else {
			assert_true(f->bit_len <= 64 || f->fmt == IK_FMT_BYTES ||
				    (f->fmt == IK_FMT_IPV6 && f->bit_len == 128 && f->bit_off % 8 == 0));
			end = (size_t)f->bit_off + f->bit_len;
		}
		assert_true(f->fmt != IK_FMT_FLAGS || f->flags != NULL);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(t->fields[j].key, f->key);
	}
	if (octets)
		assert_int_equal(end, octets * 8);
}

/**
 * test_ipv6_tables() - the IPv6, extension header, ICMPv6 and NDP tables:
 * laid out as the RFCs draw them, of the lengths the wire parsers use
 * @state: unused
 */
static void test_ipv6_tables(void **state)
{
	static const uint8_t types[] = { 0, 1, 2, 3, 4, 128, 129, 133, 134, 135, 136, 137, 200 };
	static const size_t lens[] = { 4, 8, 8, 8, 8, 8, 8, 8, 16, 24, 24, 40, 4 };
	const struct fixed fx[] = {
		{ &ik_ft_ipv6, 40 },      { &ik_ft_ipv6_hopopts, 2 }, { &ik_ft_ipv6_dstopts, 2 },
		{ &ik_ft_ipv6_frag, 8 },  { &ik_ft_ipv6_opt_1, 1 },  { &ik_ft_ndp_prefix, 32 },
		{ &ik_ft_ndp_mtu, 8 },    { &ik_ft_ndp_redirected, 8 },
	};

	(void)state;
	for (size_t i = 0; i < N(fx); i++)
		check_layout(fx[i].t, fx[i].octets);
	check_layout(&ik_ft_ipv6_routing, 0);
	check_layout(&ik_ft_ipv6_routing_addr, 0);
	check_layout(&ik_ft_ipv6_opt, 0);
	check_layout(&ik_ft_ndp_lla, 0);
	check_layout(&ik_ft_ndp_raw, 0);
	for (size_t i = 0; i < N(types); i++) {
		check_layout(ik_ft_icmpv6(types[i]), lens[i]);
		assert_int_equal(ik_ft_icmpv6(types[i])->fields[0].fmt, IK_FMT_ICMPV6_TYPE);
		assert_int_equal(ik_ft_icmpv6(types[i])->fields[2].fmt, IK_FMT_CSUM);
	}
	assert_ptr_equal(ik_ft_ndp_opt(1), &ik_ft_ndp_lla);
	assert_ptr_equal(ik_ft_ndp_opt(2), &ik_ft_ndp_lla);
	assert_ptr_equal(ik_ft_ndp_opt(4), &ik_ft_ndp_redirected);
	assert_ptr_equal(ik_ft_ndp_opt(99), &ik_ft_ndp_raw);
	assert_int_equal(ik_ft_ipv6.fields[6].fmt, IK_FMT_IPV6);
	assert_int_equal(ik_ft_ipv6.fields[7].bit_off, 192);
}

static void test_fixed_tables(void **state)
{
	const struct fixed fx[] = {
		{ &ik_ft_ipv4, 20 },       { &ik_ft_udp, 8 },          { &ik_ft_tcp8, 8 },
		{ &ik_ft_ipopt_ra, 4 },    { &ik_ft_ipopt_1, 1 },      { &ik_ft_icmp_ext_hdr, 4 },
		{ &ik_ft_icmp_ext_obj, 4 }, { &ik_ft_mpls_entry, 4 },
		{ &ik_ft_tcp, 20 },        { &ik_ft_tcpopt_1, 1 },     { &ik_ft_tcpopt_mss, 4 },
		{ &ik_ft_tcpopt_wscale, 3 }, { &ik_ft_tcpopt_sackperm, 2 }, { &ik_ft_tcpopt_ts, 10 },
		{ &ik_ft_tcpopt_sack, 34 },
	};

	(void)state;
	for (size_t i = 0; i < N(fx); i++)
		check_layout(fx[i].t, fx[i].octets);
	/* variable tables: the fixed part, then data to the end */
	check_layout(&ik_ft_ipopt_route, 0);
	check_layout(&ik_ft_ipopt_ts, 0);
	check_layout(&ik_ft_ipopt_raw, 0);
	assert_int_equal(ik_ft_ipopt_route.fields[3].bit_off, 24);
	assert_int_equal(ik_ft_ipopt_ts.fields[5].bit_off, 32);
	assert_int_equal(ik_ft_ipopt_raw.fields[2].bit_off, 16);
	assert_int_equal(ik_ft_ipv4.nfields, 13);
	check_layout(&ik_ft_tcpopt_raw, 0);
	assert_int_equal(ik_ft_tcpopt_raw.fields[2].bit_off, 16);
	/* RFC 9293 §3.1: the 8 octets a quote carries are the ports and the
	 * Sequence Number; Data Offset at bit 96, the control bits one each
	 * from bit 104 (CWR) to 111 (FIN), the Checksum at octet 16 */
	for (size_t i = 0; i < ik_ft_tcp8.nfields; i++) {
		assert_string_equal(ik_ft_tcp.fields[i].key, ik_ft_tcp8.fields[i].key);
		assert_int_equal(ik_ft_tcp.fields[i].bit_off, ik_ft_tcp8.fields[i].bit_off);
	}
	assert_int_equal(ik_ft_tcp.fields[4].bit_off, 96);
	assert_string_equal(ik_ft_tcp.fields[6].key, "cwr");
	assert_int_equal(ik_ft_tcp.fields[6].bit_off, 104);
	assert_string_equal(ik_ft_tcp.fields[13].key, "fin");
	assert_int_equal(ik_ft_tcp.fields[13].bit_off, 111);
	for (size_t i = 6; i <= 13; i++)
		assert_int_equal(ik_ft_tcp.fields[i].bit_len, 1);
	assert_int_equal(ik_ft_tcp.fields[15].fmt, IK_FMT_CSUM);
	assert_int_equal(ik_ft_tcp.fields[15].bit_off, 128);
}

static void test_icmp_tables(void **state)
{
	(void)state;
	for (unsigned t = 0; t < 256; t++) {
		const struct ik_field_table *ft = ik_ft_icmp((uint8_t)t);
		size_t want = 8;

		if (t == 13 || t == 14)
			want = 20; /* RFC 792: three 32-bit timestamps */
		else if (t == 17 || t == 18)
			want = 12; /* RFC 950: the mask */
		check_layout(ft, want);
		/* the same length as the parser reads */
		assert_int_equal(ik_icmp_hdr_len((uint8_t)t), want);
		assert_string_equal(ft->fields[0].key, "type");
		assert_int_equal(ft->fields[0].fmt, IK_FMT_ICMP_TYPE);
		assert_string_equal(ft->fields[1].key, "code");
		assert_int_equal(ft->fields[2].fmt, IK_FMT_CSUM);
		assert_int_equal(ft->fields[2].bit_off, 16);
	}
	/* per-type layouts from the RFC diagrams */
	assert_string_equal(ik_ft_icmp(8)->fields[3].key, "identifier");
	assert_string_equal(ik_ft_icmp(0)->fields[4].key, "sequence");
	assert_string_equal(ik_ft_icmp(3)->fields[4].key, "length");
	assert_int_equal(ik_ft_icmp(3)->fields[4].bit_off, 40);
	/* RFC 1191: the Next-Hop MTU is in Code 4's header only */
	assert_string_equal(ik_ft_icmp(3)->fields[5].key, "unused2");
	assert_string_equal(ik_ft_icmp(3)->fields[5].name, "unused");
	assert_int_equal(ik_ft_icmp(3)->fields[5].bit_off, 48);
	assert_ptr_equal(ik_ft_icmp_code(3, 3), ik_ft_icmp(3));
	check_layout(ik_ft_icmp_code(3, 4), 8);
	assert_string_equal(ik_ft_icmp_code(3, 4)->fields[4].key, "length");
	assert_string_equal(ik_ft_icmp_code(3, 4)->fields[5].key, "next_hop_mtu");
	assert_int_equal(ik_ft_icmp_code(3, 4)->fields[5].bit_off, 48);
	for (unsigned code = 0; code < 256; code++)
		if (code != 4)
			assert_ptr_equal(ik_ft_icmp_code(3, (uint8_t)code), ik_ft_icmp(3));
	assert_ptr_equal(ik_ft_icmp_code(11, 4), ik_ft_icmp(11));
	assert_int_equal(ik_ft_icmp(5)->fields[3].fmt, IK_FMT_IPV4);
	assert_string_equal(ik_ft_icmp(11)->fields[4].key, "length");
	assert_string_equal(ik_ft_icmp(12)->fields[3].key, "pointer");
	assert_int_equal(ik_ft_icmp(12)->fields[3].bit_off, 32);
	assert_int_equal(ik_ft_icmp(13)->fields[5].fmt, IK_FMT_MSTIME);
	assert_int_equal(ik_ft_icmp(18)->fields[5].fmt, IK_FMT_IPV4);
	assert_string_equal(ik_ft_icmp(9)->fields[3].key, "num_addrs");
	assert_string_equal(ik_ft_icmp(42)->fields[6].key, "local");
	assert_int_equal(ik_ft_icmp(42)->fields[6].bit_off, 63);
	assert_int_equal(ik_ft_icmp(43)->fields[5].bit_len, 3); /* State */
	assert_string_equal(ik_ft_icmp(200)->fields[3].key, "rest_of_header");
}

/**
 * get() - a field's value, asserting it is readable
 * @t:   table
 * @key: field key
 * @p:   header
 * @len: octets
 *
 * Return: the value.
 */
static uint64_t get(const struct ik_field_table *t, const char *key, const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < t->nfields; i++) {
		uint64_t v;

		if (strcmp(t->fields[i].key, key))
			continue;
		assert_true(ik_field_get(&t->fields[i], p, len, &v));
		return v;
	}
	fail_msg("no field %s in %s", key, t->name);
	return 0;
}

static void test_ipv4_values(void **state)
{
	/* 192.168.1.10 -> 192.168.1.5, DSCP 46 ECN 1, MF, offset 185, TTL 64, UDP */
	static const uint8_t h[20] = { 0x45, 0xb9, 0x00, 0x3c, 0x1c, 0x46, 0x20, 0xb9,
				       0x40, 0x11, 0xab, 0xcd, 192,  168,  1,    10,
				       192,  168,  1,    5 };

	(void)state;
	assert_int_equal(get(&ik_ft_ipv4, "version", h, 20), 4);
	assert_int_equal(get(&ik_ft_ipv4, "ihl", h, 20), 5);
	assert_int_equal(get(&ik_ft_ipv4, "dscp", h, 20), 46);
	assert_int_equal(get(&ik_ft_ipv4, "ecn", h, 20), 1);
	assert_int_equal(get(&ik_ft_ipv4, "total_length", h, 20), 60);
	assert_int_equal(get(&ik_ft_ipv4, "identification", h, 20), 0x1c46);
	assert_int_equal(get(&ik_ft_ipv4, "flags", h, 20), 1); /* R=0 DF=0 MF=1 */
	assert_int_equal(get(&ik_ft_ipv4, "fragment_offset", h, 20), 185);
	assert_int_equal(get(&ik_ft_ipv4, "ttl", h, 20), 64);
	assert_int_equal(get(&ik_ft_ipv4, "protocol", h, 20), 17);
	assert_int_equal(get(&ik_ft_ipv4, "header_checksum", h, 20), 0xabcd);
	assert_int_equal(get(&ik_ft_ipv4, "source", h, 20), 0xc0a8010a);
	assert_int_equal(get(&ik_ft_ipv4, "destination", h, 20), 0xc0a80105);
}

static void test_bit_fields(void **state)
{
	/* MPLS: label 16004, TC 5, S 1, TTL 255: 16004<<12 | 5<<9 | 1<<8 | 255 */
	static const uint8_t mpls[4] = { 0x03, 0xe8, 0x4b, 0xff };
	/* RFC 4884 extension header: version 2, reserved 0xabc, checksum 0x1234 */
	static const uint8_t ext[4] = { 0x2a, 0xbc, 0x12, 0x34 };
	/* RFC 8335 reply: state 3, A 1, 4 0, 6 1 -> 011 00 1 0 1 = 0x65 */
	static const uint8_t xrep[8] = { 43, 0, 0, 0, 0x12, 0x34, 7, 0x65 };

	(void)state;
	assert_int_equal(get(&ik_ft_mpls_entry, "label", mpls, 4), 16004);
	assert_int_equal(get(&ik_ft_mpls_entry, "tc", mpls, 4), 5);
	assert_int_equal(get(&ik_ft_mpls_entry, "s", mpls, 4), 1);
	assert_int_equal(get(&ik_ft_mpls_entry, "ttl", mpls, 4), 255);
	assert_int_equal(get(&ik_ft_icmp_ext_hdr, "version", ext, 4), 2);
	assert_int_equal(get(&ik_ft_icmp_ext_hdr, "reserved", ext, 4), 0xabc);
	assert_int_equal(get(&ik_ft_icmp_ext_hdr, "checksum", ext, 4), 0x1234);
	assert_int_equal(get(ik_ft_icmp(43), "identifier", xrep, 8), 0x1234);
	assert_int_equal(get(ik_ft_icmp(43), "sequence", xrep, 8), 7);
	assert_int_equal(get(ik_ft_icmp(43), "state", xrep, 8), 3);
	assert_int_equal(get(ik_ft_icmp(43), "reserved", xrep, 8), 0);
	assert_int_equal(get(ik_ft_icmp(43), "active", xrep, 8), 1);
	assert_int_equal(get(ik_ft_icmp(43), "ipv4", xrep, 8), 0);
	assert_int_equal(get(ik_ft_icmp(43), "ipv6", xrep, 8), 1);
}

static void test_wide_and_truncated(void **state)
{
	/* a 64-bit field starting mid-octet spans 9 octets */
	static const struct ik_field wide = { "W", "w", 4, 64, IK_FMT_HEX, NULL };
	static const uint8_t b[9] = { 0xf1, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0x0f };
	static const uint8_t h[20] = { 0x45 };
	uint64_t v = 0;

	(void)state;
	assert_true(ik_field_get(&wide, b, 9, &v));
	assert_true(v == 0x123456789abcdef0ull);
	assert_false(ik_field_get(&wide, b, 8, &v));
	/* a field past the buffer is not read */
	assert_false(ik_field_get(&ik_ft_ipv4.fields[12], h, 19, &v)); /* destination */
	assert_true(ik_field_get(&ik_ft_ipv4.fields[11], h, 16, &v));  /* source */
	assert_false(ik_field_avail(&ik_ft_ipv4.fields[12], 19));
	assert_true(ik_field_avail(&ik_ft_ipv4.fields[12], 20));
	assert_true(ik_field_avail(&ik_ft_ipv4.fields[0], 1));
	assert_false(ik_field_avail(&ik_ft_ipv4.fields[0], 0));
	/* a variable field: available once its start is, never read as a number */
	assert_true(ik_field_avail(&ik_ft_ipopt_raw.fields[2], 2));
	assert_false(ik_field_avail(&ik_ft_ipopt_raw.fields[2], 1));
	assert_false(ik_field_get(&ik_ft_ipopt_raw.fields[2], h, 20, &v));
}

static void test_octets(void **state)
{
	size_t first, count;

	(void)state;
	ik_field_octets(&ik_ft_ipv4.fields[6], 20, &first, &count); /* Flags */
	assert_int_equal(first, 6);
	assert_int_equal(count, 1);
	ik_field_octets(&ik_ft_ipv4.fields[7], 20, &first, &count); /* Fragment Offset */
	assert_int_equal(first, 6);
	assert_int_equal(count, 2);
	ik_field_octets(&ik_ft_ipv4.fields[11], 20, &first, &count); /* Source */
	assert_int_equal(first, 12);
	assert_int_equal(count, 4);
	ik_field_octets(&ik_ft_ipopt_route.fields[3], 11, &first, &count); /* route data */
	assert_int_equal(first, 3);
	assert_int_equal(count, 8);
	ik_field_octets(&ik_ft_ipopt_route.fields[3], 3, &first, &count); /* empty */
	assert_int_equal(first, 3);
	assert_int_equal(count, 0);
	ik_field_octets(&ik_ft_mpls_entry.fields[0], 4, &first, &count); /* 20-bit label */
	assert_int_equal(first, 0);
	assert_int_equal(count, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_tables),
		cmocka_unit_test(test_ipv6_tables),
		cmocka_unit_test(test_icmp_tables),
		cmocka_unit_test(test_ipv4_values),
		cmocka_unit_test(test_bit_fields),
		cmocka_unit_test(test_wide_and_truncated),
		cmocka_unit_test(test_octets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
