// SPDX-License-Identifier: MIT
/*
 * test_tcp.c - TCP header, options and pseudo-header checksum (RFC 9293):
 * parse, every error with its offset, the option walk, SEG.LEN, emit and
 * its round trip, the checksum against tests/refsum.h, flags as text
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "icmpkit/err.h"
#include "icmpkit/tcp.h"
#include "refsum.h"

#define SRC 0xc0000201u /* 192.0.2.1 */
#define DST 0xc0000202u /* 192.0.2.2 */

/*
 * 40000 -> 80 SYN, seq 1000, window 64240, options MSS 1460, SACK
 * Permitted, Timestamps 12345/0, NOP, Window Scale 7, 192.0.2.1 ->
 * 192.0.2.2: the octets and the checksum 0xf859 as scapy 2.5 builds them.
 */
static const uint8_t syn_opts[40] = {
	0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00,
	0xa0, 0x02, 0xfa, 0xf0, 0xf8, 0x59, 0x00, 0x00,
	0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x30, 0x39,
	0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};

/**
 * exact() - a heap copy of exactly @n octets, so ASan sees any overread
 * @p: octets
 * @n: count
 *
 * Return: the copy (free() it).
 */
static uint8_t *exact(const uint8_t *p, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);

	assert_non_null(b);
	if (n)
		memcpy(b, p, n);
	return b;
}

/**
 * fix_csum() - write the reference checksum into a segment
 * @seg: segment
 * @n:   octets
 */
static void fix_csum(uint8_t *seg, size_t n)
{
	uint16_t c = ref_tcp_csum(SRC, DST, seg, n);

	seg[16] = (uint8_t)(c >> 8);
	seg[17] = (uint8_t)c;
}

static void parse_syn_with_options(void **state)
{
	uint8_t *s = exact(syn_opts, sizeof(syn_opts));
	struct ik_tcp_repr r;
	struct ik_tcp_view v;
	struct ik_wire_err e;

	(void)state;
	assert_int_equal(ik_tcp_parse(s, sizeof(syn_opts), SRC, DST, 0, &r, &e), 40);
	assert_int_equal(r.sport, 40000);
	assert_int_equal(r.dport, 80);
	assert_int_equal(r.seq, 1000);
	assert_int_equal(r.ack, 0);
	assert_int_equal(r.flags, IK_TCP_SYN);
	assert_int_equal(r.window, 64240);
	assert_int_equal(r.csum, 0xf859);
	assert_int_equal(r.urgent, 0);
	assert_int_equal(r.hdr_len, 40);
	assert_ptr_equal(r.opts, s + 20);
	assert_int_equal(r.opts_len, 20);
	assert_ptr_equal(r.payload, s + 40);
	assert_int_equal(r.payload_len, 0);
	assert_int_equal(ik_tcp_seg_len(&r), 1);
	/* scapy's value, our checksum, and the reference agree */
	assert_int_equal(ik_tcp_checksum(s, 40, SRC, DST), 0xf859);
	assert_int_equal(ref_tcp_csum(SRC, DST, s, 40), 0xf859);

	assert_int_equal(ik_tcp_view_init(&v, s, 40), 0);
	assert_int_equal(ik_tcp_sport(&v), 40000);
	assert_int_equal(ik_tcp_dport(&v), 80);
	assert_int_equal(ik_tcp_seq(&v), 1000);
	assert_int_equal(ik_tcp_doff(&v), 40);
	assert_int_equal(ik_tcp_flags(&v), IK_TCP_SYN);
	assert_int_equal(ik_tcp_window(&v), 64240);
	assert_int_equal(ik_tcp_csum(&v), 0xf859);
	free(s);
}

static void options_of_the_syn(void **state)
{
	struct ik_tcp_opts o;
	struct ik_wire_err e;

	(void)state;
	assert_int_equal(ik_tcp_opts_parse(syn_opts + 20, 20, &o, &e), 0);
	assert_int_equal(o.has, IK_TCPO_MSS | IK_TCPO_SACK_PERM | IK_TCPO_TIMESTAMP |
				IK_TCPO_WSCALE);
	assert_int_equal(o.mss, 1460);
	assert_int_equal(o.wscale, 7);
	assert_int_equal(o.ts_val, 12345);
	assert_int_equal(o.ts_ecr, 0);
	assert_int_equal(o.unknown, 0);
}

static void parse_errors(void **state)
{
	uint8_t seg[24];
	uint8_t *s;
	struct ik_tcp_repr r;
	struct ik_wire_err e;

	(void)state;
	/* 19 octets: truncated, the offset is where the header would go on */
	s = exact(syn_opts, 19);
	assert_int_equal(ik_tcp_parse(s, 19, SRC, DST, 0, &r, &e), -IK_ETRUNC);
	assert_int_equal(e.code, IK_ETRUNC);
	assert_int_equal(e.off, 19);
	assert_int_equal(r.hdr_len, 0);
	free(s);
	assert_int_equal(ik_tcp_parse(NULL, 40, SRC, DST, 0, &r, &e), -IK_ETRUNC);
	assert_int_equal(ik_tcp_view_init(&(struct ik_tcp_view){ 0 }, syn_opts, 19), -IK_ETRUNC);

	/* Data Offset 4 (< 5) */
	memcpy(seg, syn_opts, 20);
	seg[12] = 0x40;
	fix_csum(seg, 20);
	s = exact(seg, 20);
	assert_int_equal(ik_tcp_parse(s, 20, SRC, DST, 0, &r, &e), -IK_ELEN);
	assert_int_equal(e.off, 12);
	assert_non_null(strstr(e.msg, "< 5"));
	assert_int_equal(r.hdr_len, 0);
	assert_null(r.opts);
	assert_null(r.payload);
	/* the fields before the Data Offset were good and are kept */
	assert_int_equal(r.sport, 40000);
	free(s);

	/* Data Offset 6 (24 octets) in 20 */
	seg[12] = 0x60;
	fix_csum(seg, 20);
	s = exact(seg, 20);
	assert_int_equal(ik_tcp_parse(s, 20, SRC, DST, 0, &r, &e), -IK_ELEN);
	assert_int_equal(e.off, 12);
	assert_int_equal(r.hdr_len, 0);
	free(s);

	/* checksum one off: reported at offset 16 with the right value */
	s = exact(syn_opts, sizeof(syn_opts));
	s[17] ^= 1;
	assert_int_equal(ik_tcp_parse(s, 40, SRC, DST, 0, &r, &e), -IK_ECHECKSUM);
	assert_int_equal(e.code, IK_ECHECKSUM);
	assert_int_equal(e.off, 16);
	assert_non_null(strstr(e.msg, "correct 0xf859"));
	assert_int_equal(r.csum, 0); /* never holds a field that failed */
	/* ... and the wrong addresses are as wrong as a wrong field */
	s[17] ^= 1;
	assert_int_equal(ik_tcp_parse(s, 40, SRC, DST + 1, 0, &r, &e), -IK_ECHECKSUM);
	/* IK_TCP_NO_CSUM takes it as it is */
	assert_int_equal(ik_tcp_parse(s, 40, SRC, DST + 1, IK_TCP_NO_CSUM, &r, &e), 40);
	assert_int_equal(r.csum, 0xf859);
	free(s);
}

/**
 * walk() - ik_tcp_opts_parse() over an exact heap copy
 * @opts: option octets
 * @n:    their count
 * @o:    values
 * @e:    error
 *
 * Return: what ik_tcp_opts_parse() returned.
 */
static int walk(const uint8_t *opts, size_t n, struct ik_tcp_opts *o, struct ik_wire_err *e)
{
	uint8_t *b = exact(opts, n);
	int rc = ik_tcp_opts_parse(b, n, o, e);

	free(b);
	return rc;
}

static void options_walk(void **state)
{
	struct ik_tcp_opts o;
	struct ik_wire_err e;

	(void)state;
	/* empty, NOPs only, EOL first (garbage after it is never read) */
	assert_int_equal(walk((const uint8_t *)"", 0, &o, &e), 0);
	assert_int_equal(o.has, 0);
	assert_int_equal(walk((const uint8_t[]){ 1, 1, 1, 1 }, 4, &o, &e), 0);
	assert_int_equal(walk((const uint8_t[]){ 0, 2, 0, 9 }, 4, &o, &e), 0);
	assert_int_equal(o.has, 0);
	/* MSS then EOL: the MSS after the EOL is padding, not an option */
	assert_int_equal(walk((const uint8_t[]){ 2, 4, 0x05, 0xb4, 0, 2, 4, 0 }, 8, &o, &e), 0);
	assert_int_equal(o.has, IK_TCPO_MSS);
	assert_int_equal(o.mss, 1460);
	/* Window Scale after a NOP */
	assert_int_equal(walk((const uint8_t[]){ 1, 3, 3, 14 }, 4, &o, &e), 0);
	assert_int_equal(o.has, IK_TCPO_WSCALE);
	assert_int_equal(o.wscale, 14);
	/* SACK Permitted, then SACK with 2 blocks */
	assert_int_equal(walk((const uint8_t[]){ 4, 2, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2,
						 0, 0, 0, 3, 0, 0, 0, 4 }, 20, &o, &e), 0);
	assert_int_equal(o.has, IK_TCPO_SACK_PERM | IK_TCPO_SACK);
	assert_int_equal(o.sack_blocks, 2);
	/* Timestamps */
	assert_int_equal(walk((const uint8_t[]){ 8, 10, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xff },
			      10, &o, &e), 0);
	assert_int_equal(o.ts_val, 256);
	assert_int_equal(o.ts_ecr, 0xffffffffu);
	/* unknown kinds skipped by their length, counted */
	assert_int_equal(walk((const uint8_t[]){ 30, 4, 0xaa, 0xbb, 99, 2, 2, 4, 0x02, 0x18 },
			      10, &o, &e), 0);
	assert_int_equal(o.unknown, 2);
	assert_int_equal(o.has, IK_TCPO_MSS);
	assert_int_equal(o.mss, 0x218);
}

static void options_errors(void **state)
{
	static const struct {
		uint8_t b[12];
		size_t n, off;
		const char *why;
	} bad[] = {
		{ { 2 }, 1, 0, "no length octet" },
		{ { 1, 1, 30 }, 3, 2, "no length octet" },
		{ { 30, 0, 0, 0 }, 4, 1, "below 2" },
		{ { 1, 30, 1, 0 }, 4, 2, "below 2" },
		{ { 2, 4, 5 }, 3, 1, "past the header" },
		{ { 30, 9, 0, 0, 0, 0, 0, 0 }, 8, 1, "past the header" },
		{ { 2, 3, 5, 0 }, 4, 1, "MSS option length 3" },
		{ { 3, 4, 7, 0 }, 4, 1, "Window Scale option length 4" },
		{ { 4, 3, 0, 0 }, 4, 1, "SACK Permitted option length 3" },
		{ { 5, 2, 0, 0 }, 4, 1, "SACK option length 2" },
		{ { 5, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 12, 1, "SACK option length 12" },
		{ { 8, 9, 0, 0, 0, 0, 0, 0, 0, 0 }, 10, 1, "Timestamps option length 9" },
	};
	struct ik_tcp_opts o;
	struct ik_wire_err e;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		memset(&e, 0, sizeof(e));
		if (walk(bad[i].b, bad[i].n, &o, &e) != -IK_EOPTION)
			fail_msg("case %zu (%s): accepted", i, bad[i].why);
		assert_int_equal(e.code, IK_EOPTION);
		if (e.off != bad[i].off)
			fail_msg("case %zu: offset %zu, expected %zu", i, e.off, bad[i].off);
		if (!strstr(e.msg, bad[i].why))
			fail_msg("case %zu: message '%s' lacks '%s'", i, e.msg, bad[i].why);
	}
	/* the error stays in the walk's reach: NULL err is allowed */
	assert_int_equal(walk(bad[0].b, bad[0].n, &o, NULL), -IK_EOPTION);
}

static void opt_want(void **state)
{
	(void)state;
	assert_int_equal(ik_tcp_opt_want(IK_TCPOPT_EOL), 1);
	assert_int_equal(ik_tcp_opt_want(IK_TCPOPT_NOP), 1);
	assert_int_equal(ik_tcp_opt_want(IK_TCPOPT_MSS), 4);
	assert_int_equal(ik_tcp_opt_want(IK_TCPOPT_WSCALE), 3);
	assert_int_equal(ik_tcp_opt_want(IK_TCPOPT_SACK_PERM), 2);
	assert_int_equal(ik_tcp_opt_want(IK_TCPOPT_SACK), 10);
	assert_int_equal(ik_tcp_opt_want(IK_TCPOPT_TIMESTAMP), 10);
	assert_int_equal(ik_tcp_opt_want(30), 0);
}

static void seg_len(void **state)
{
	struct ik_tcp_repr r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.flags = IK_TCP_ACK;
	assert_int_equal(ik_tcp_seg_len(&r), 0);
	r.flags = IK_TCP_SYN;
	assert_int_equal(ik_tcp_seg_len(&r), 1);
	r.flags = IK_TCP_SYN | IK_TCP_ACK;
	assert_int_equal(ik_tcp_seg_len(&r), 1);
	r.flags = IK_TCP_FIN | IK_TCP_ACK;
	r.payload_len = 5;
	assert_int_equal(ik_tcp_seg_len(&r), 6);
	r.flags = IK_TCP_SYN | IK_TCP_FIN;
	r.payload_len = 1000;
	assert_int_equal(ik_tcp_seg_len(&r), 1002);
	r.flags = IK_TCP_RST;
	r.payload_len = 0;
	assert_int_equal(ik_tcp_seg_len(&r), 0);
}

static void emit_round_trip(void **state)
{
	static const uint8_t ws[3] = { 3, 3, 7 };
	static const uint8_t data[5] = { 'h', 'e', 'l', 'l', 'o' };
	struct ik_tcp_repr in = {
		.sport = 443, .dport = 51000, .seq = 0xfffffff0u, .ack = 77,
		.flags = IK_TCP_FIN | IK_TCP_ACK | IK_TCP_PSH, .window = 512, .urgent = 0,
		.csum = 0x1234, .hdr_len = 99, /* both computed, not taken */
		.opts = ws, .opts_len = sizeof(ws), .payload = data, .payload_len = sizeof(data),
	};
	struct ik_tcp_repr out;
	struct ik_tcp_opts o;
	struct ik_wire_err e;
	uint8_t buf[64], *s;

	(void)state;
	memset(buf, 0xaa, sizeof(buf));
	assert_int_equal(ik_tcp_emit(&in, SRC, DST, buf, sizeof(buf)), 29);
	/* 3 option octets padded with one EOL to 24; Data Offset 6 */
	assert_int_equal(buf[12], 0x60);
	assert_memory_equal(buf + 20, ws, 3);
	assert_int_equal(buf[23], IK_TCPOPT_EOL);
	assert_memory_equal(buf + 24, data, 5);
	assert_int_equal(buf[29], 0xaa); /* nothing written past the segment */
	assert_int_equal((uint16_t)(buf[16] << 8 | buf[17]), ref_tcp_csum(SRC, DST, buf, 29));

	s = exact(buf, 29);
	assert_int_equal(ik_tcp_parse(s, 29, SRC, DST, 0, &out, &e), 24);
	assert_int_equal(out.sport, in.sport);
	assert_int_equal(out.dport, in.dport);
	assert_int_equal(out.seq, in.seq);
	assert_int_equal(out.ack, in.ack);
	assert_int_equal(out.flags, in.flags);
	assert_int_equal(out.window, in.window);
	assert_int_equal(out.hdr_len, 24);
	assert_int_equal(out.opts_len, 4);
	assert_int_equal(out.payload_len, 5);
	assert_memory_equal(out.payload, data, 5);
	assert_int_equal(ik_tcp_seg_len(&out), 6);
	assert_int_equal(ik_tcp_opts_parse(out.opts, out.opts_len, &o, &e), 0);
	assert_int_equal(o.has, IK_TCPO_WSCALE);
	assert_int_equal(o.wscale, 7);
	free(s);

	/* no options, payload already in place */
	memcpy(buf + 20, data, 5);
	in.opts = NULL;
	in.opts_len = 0;
	in.payload = buf + 20;
	assert_int_equal(ik_tcp_emit(&in, SRC, DST, buf, sizeof(buf)), 25);
	assert_int_equal(buf[12], 0x50);
	assert_memory_equal(buf + 20, data, 5);
	assert_int_equal(ik_tcp_checksum(buf, 25, SRC, DST), ref_tcp_csum(SRC, DST, buf, 25));
	assert_int_equal(ik_tcp_parse(buf, 25, SRC, DST, 0, &out, &e), 20);
}

static void emit_errors(void **state)
{
	uint8_t opts[41] = { 0 }, buf[128];
	struct ik_tcp_repr r = { .sport = 1, .dport = 2, .flags = IK_TCP_RST };

	(void)state;
	assert_int_equal(ik_tcp_emit(&r, SRC, DST, buf, 19), -IK_ENOSPC);
	assert_int_equal(ik_tcp_emit(&r, SRC, DST, NULL, 0), -IK_ENOSPC);
	assert_int_equal(ik_tcp_emit(&r, SRC, DST, buf, 20), 20);
	r.opts = opts;
	r.opts_len = 41;
	assert_int_equal(ik_tcp_emit(&r, SRC, DST, buf, sizeof(buf)), -IK_EINVAL);
	r.opts_len = 40;
	assert_int_equal(ik_tcp_emit(&r, SRC, DST, buf, sizeof(buf)), 60);
	assert_int_equal(buf[12], 0xf0);
	assert_int_equal(ik_tcp_emit(&r, SRC, DST, buf, 59), -IK_ENOSPC);
	r.opts = NULL;
	assert_int_equal(ik_tcp_emit(&r, SRC, DST, buf, sizeof(buf)), -IK_EINVAL);
	r.opts_len = 0;
	r.payload_len = 3;
	assert_int_equal(ik_tcp_emit(&r, SRC, DST, buf, sizeof(buf)), -IK_EINVAL);
	r.payload = opts;
	r.payload_len = 70000;
	assert_int_equal(ik_tcp_emit(&r, SRC, DST, buf, sizeof(buf)), -IK_EINVAL);
}

static void checksum_vs_reference(void **state)
{
	uint8_t seg[1501];
	uint32_t x = 12345;

	(void)state;
	for (int round = 0; round < 400; round++) {
		size_t n = 18 + (size_t)(round * 37 % (sizeof(seg) - 18));
		uint32_t src = 0, dst = 0;

		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			seg[i] = (uint8_t)(x >> 16);
		}
		x = x * 1103515245u + 12345u;
		src = x;
		x = x * 1103515245u + 12345u;
		dst = x;
		if (ik_tcp_checksum(seg, n, src, dst) != ref_tcp_csum(src, dst, seg, n))
			fail_msg("round %d, %zu octets: 0x%04x, reference 0x%04x", round, n,
				 ik_tcp_checksum(seg, n, src, dst), ref_tcp_csum(src, dst, seg, n));
		/* written in, the segment verifies (when it has a legal offset) */
		seg[12] = 0x50;
		x = ref_tcp_csum(src, dst, seg, n);
		seg[16] = (uint8_t)(x >> 8);
		seg[17] = (uint8_t)x;
		if (n >= 20) {
			struct ik_tcp_repr r;

			assert_int_equal(ik_tcp_parse(seg, n, src, dst, 0, &r, NULL), 20);
		}
	}
}

static void flags_text(void **state)
{
	char b[32], small[6];

	(void)state;
	assert_string_equal(ik_tcp_flags_str(IK_TCP_SYN, b, sizeof(b)), "SYN");
	assert_string_equal(ik_tcp_flags_str(IK_TCP_SYN | IK_TCP_ACK, b, sizeof(b)), "SYN,ACK");
	assert_string_equal(ik_tcp_flags_str(IK_TCP_RST | IK_TCP_ACK, b, sizeof(b)), "RST,ACK");
	assert_string_equal(ik_tcp_flags_str(IK_TCP_FIN | IK_TCP_PSH | IK_TCP_ACK, b, sizeof(b)),
			    "FIN,PSH,ACK");
	assert_string_equal(ik_tcp_flags_str(0, b, sizeof(b)), "none");
	assert_string_equal(ik_tcp_flags_str(0xff, b, sizeof(b)), "SYN,FIN,RST,PSH,ACK,URG,ECE,CWR");
	/* cut at a name, never mid-name */
	assert_string_equal(ik_tcp_flags_str(IK_TCP_SYN | IK_TCP_ACK, small, sizeof(small)), "SYN");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_syn_with_options),
		cmocka_unit_test(options_of_the_syn),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test(options_walk),
		cmocka_unit_test(options_errors),
		cmocka_unit_test(opt_want),
		cmocka_unit_test(seg_len),
		cmocka_unit_test(emit_round_trip),
		cmocka_unit_test(emit_errors),
		cmocka_unit_test(checksum_vs_reference),
		cmocka_unit_test(flags_text),
	};

	return cmocka_run_group_tests_name("tcp", tests, NULL, NULL);
}
