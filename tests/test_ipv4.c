// SPDX-License-Identifier: MIT
/* test_ipv4.c - IPv4 header: view, parse, emit, addresses */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/ipv4.h"
#include "refsum.h"

/*
 * Well-known example header (192.168.0.1 -> 192.168.0.199, UDP, DF, TTL 64,
 * total length 115). By hand: 4500 + 0073 + 0000 + 4000 + 4011 + c0a8 +
 * 0001 + c0a8 + 00c7 = 0x2479c, folded 0x479e, complemented 0xb861.
 */
static const uint8_t hdr_b861[20] = {
	0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
	0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
};

/*
 * 44-octet datagram with options, written by scapy 2.5 (an independent
 * implementation): IHL 9, TOS 0xb8, id 0x1234, TTL 32, ICMP, 192.0.2.1 ->
 * 198.51.100.7, Record Route (len 11, ptr 8, 203.0.113.9 recorded, one free
 * slot), NOP, Router Alert 0, then 8 octets "abcdefgh".
 */
static const uint8_t pkt_opts[44] = {
	0x49, 0xb8, 0x00, 0x2c, 0x12, 0x34, 0x00, 0x00, 0x20, 0x01, 0xea, 0x5c,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x07,
	0x07, 0x0b, 0x08, 0xcb, 0x00, 0x71, 0x09, 0x00, 0x00, 0x00, 0x00,
	0x01,
	0x94, 0x04, 0x00, 0x00,
	0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68,
};

/*
 * 48-octet fragment by scapy: IHL 8, id 7, MF, offset 185 (1480 octets),
 * TTL 64, UDP, LSRR (len 11, ptr 4, 203.0.113.1, 203.0.113.2), EOL padding,
 * 16 zero octets of payload.
 */
static const uint8_t pkt_lsrr[48] = {
	0x48, 0x00, 0x00, 0x30, 0x00, 0x07, 0x20, 0xb9, 0x40, 0x11, 0xde, 0x3d,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x07,
	0x83, 0x0b, 0x04, 0xcb, 0x00, 0x71, 0x01, 0xcb, 0x00, 0x71, 0x02, 0x00,
};

/* Copy into an exactly-sized heap block so ASan sees any over-read. */
static uint8_t *exact(const uint8_t *p, size_t n)
{
	uint8_t *b = malloc(n ? n : 1);

	assert_non_null(b);
	if (n)
		memcpy(b, p, n);
	return b;
}

/* b861 header followed by 95 zero octets: a whole 115-octet datagram. */
static void make_b861_dgram(uint8_t *d)
{
	memset(d, 0, 115);
	memcpy(d, hdr_b861, sizeof(hdr_b861));
}

static void parse_known_good(void **state)
{
	uint8_t d[115];
	struct ik_ipv4_repr r;
	struct ik_wire_err e;

	(void)state;
	make_b861_dgram(d);
	assert_int_equal(ik_ipv4_parse(d, sizeof(d), 0, &r, &e), 20);
	assert_int_equal(r.tos, 0);
	assert_int_equal(r.total_len, 115);
	assert_int_equal(r.ident, 0);
	assert_false(r.rf);
	assert_true(r.df);
	assert_false(r.mf);
	assert_int_equal(r.frag_off, 0);
	assert_int_equal(r.ttl, 64);
	assert_int_equal(r.proto, IK_IPPROTO_UDP);
	assert_int_equal(r.csum, 0xb861);
	assert_int_equal(r.src, 0xc0a80001);
	assert_int_equal(r.dst, 0xc0a800c7);
	assert_null(r.opts);
	assert_int_equal(r.opts_len, 0);
	assert_int_equal(r.payload_len, 95);
	/* longer buffer (link padding) is fine */
	{
		uint8_t big[130];

		memset(big, 0xee, sizeof(big));
		memcpy(big, d, sizeof(d));
		assert_int_equal(ik_ipv4_parse(big, sizeof(big), 0, &r, NULL), 20);
		assert_int_equal(r.payload_len, 95);
	}
}

static void emit_known_good(void **state)
{
	struct ik_ipv4_repr r = {
		.total_len = 9999, /* ignored */
		.csum = 0x1111,    /* ignored */
		.df = true,
		.ttl = 64,
		.proto = IK_IPPROTO_UDP,
		.src = 0xc0a80001,
		.dst = 0xc0a800c7,
		.payload_len = 95,
	};
	uint8_t out[24];

	(void)state;
	memset(out, 0xaa, sizeof(out));
	assert_int_equal(ik_ipv4_hdr_len(&r), 20);
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), 20);
	assert_memory_equal(out, hdr_b861, 20);
	for (size_t i = 20; i < sizeof(out); i++)
		assert_int_equal(out[i], 0xaa);
	/* exact capacity suffices */
	assert_int_equal(ik_ipv4_emit(&r, out, 20), 20);
	assert_memory_equal(out, hdr_b861, 20);
}

static void parse_known_good_options(void **state)
{
	uint8_t *d = exact(pkt_opts, sizeof(pkt_opts));
	struct ik_ipv4_repr r;
	uint8_t out[44];

	(void)state;
	assert_int_equal(ik_ipv4_parse(d, sizeof(pkt_opts), 0, &r, NULL), 36);
	assert_int_equal(r.tos, 0xb8);
	assert_int_equal(r.total_len, 44);
	assert_int_equal(r.ident, 0x1234);
	assert_false(r.df);
	assert_int_equal(r.ttl, 32);
	assert_int_equal(r.proto, IK_IPPROTO_ICMP);
	assert_int_equal(r.csum, 0xea5c);
	assert_int_equal(r.src, 0xc0000201);
	assert_int_equal(r.dst, 0xc6336407);
	assert_ptr_equal(r.opts, d + 20);
	assert_int_equal(r.opts_len, 16);
	assert_int_equal(r.payload_len, 8);

	/* re-emit from the repr: identical bytes */
	memcpy(out + 36, d + 36, 8);
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), 36);
	assert_memory_equal(out, pkt_opts, sizeof(pkt_opts));
	free(d);
}

static void parse_known_good_fragment(void **state)
{
	uint8_t d[48];
	struct ik_ipv4_repr r;
	uint8_t out[32];

	(void)state;
	memset(d, 0, sizeof(d));
	memcpy(d, pkt_lsrr, 32);
	assert_int_equal(ik_ipv4_parse(d, sizeof(d), 0, &r, NULL), 32);
	assert_true(r.mf);
	assert_false(r.df);
	assert_int_equal(r.frag_off, 1480);
	assert_int_equal(r.ident, 7);
	assert_int_equal(r.opts_len, 12);
	assert_int_equal(r.payload_len, 16);
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), 32);
	assert_memory_equal(out, pkt_lsrr, 32);
}

static void check_round_trip(const struct ik_ipv4_repr *in)
{
	uint8_t buf[IK_IPV4_HDR_MAX + 64];
	struct ik_ipv4_repr r;
	size_t hlen = ik_ipv4_hdr_len(in);
	int n;

	assert_true(hlen + in->payload_len <= sizeof(buf));
	memset(buf, 0x5a, sizeof(buf));
	n = ik_ipv4_emit(in, buf, sizeof(buf));
	assert_int_equal(n, (int)hlen);
	assert_int_equal(buf[0], 0x40 | hlen / 4);
	assert_int_equal(ref_csum(buf, hlen), 0); /* independent verification */
	assert_int_equal(ik_ipv4_parse(buf, hlen + in->payload_len, 0, &r, NULL), n);
	assert_int_equal(r.tos, in->tos);
	assert_int_equal(r.total_len, hlen + in->payload_len);
	assert_int_equal(r.ident, in->ident);
	assert_int_equal(r.df, in->df);
	assert_int_equal(r.mf, in->mf);
	assert_false(r.rf);
	assert_int_equal(r.frag_off, in->frag_off);
	assert_int_equal(r.ttl, in->ttl);
	assert_int_equal(r.proto, in->proto);
	assert_int_equal(r.src, in->src);
	assert_int_equal(r.dst, in->dst);
	assert_int_equal(r.payload_len, in->payload_len);
	assert_int_equal(r.opts_len, hlen - 20);
	if (in->opts_len) {
		assert_ptr_equal(r.opts, buf + 20);
		assert_memory_equal(r.opts, in->opts, in->opts_len);
		for (size_t i = in->opts_len; i < r.opts_len; i++)
			assert_int_equal(r.opts[i], IK_IPOPT_EOL);
	} else {
		assert_null(r.opts);
	}
	/* parse -> emit gives the same bytes again */
	{
		uint8_t again[IK_IPV4_HDR_MAX];

		assert_int_equal(ik_ipv4_emit(&r, again, sizeof(again)), n);
		assert_memory_equal(again, buf, hlen);
	}
}

static void round_trips(void **state)
{
	static const uint8_t rr9[39] = { 7, 39, 4 };
	static const uint8_t nop3[3] = { 1, 1, 1 };
	static const uint8_t ra[4] = { 148, 4, 0, 0 };
	static const uint8_t ts[10] = { 68, 10, 5, 0x00 }; /* unpadded: 2 pad octets */
	static const uint8_t mix[40] = {
		1, 148, 4, 0x12, 0x34, 131, 7, 4, 0, 0, 0, 0, 68, 12, 5, 0x31,
		0, 0, 0, 0, 0, 0, 0, 0, 7, 3, 4, 1, 0x99, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	};
	const struct ik_ipv4_repr cases[] = {
		{ .ttl = 64, .proto = 1, .src = 0xc0000201, .dst = 0xc0000202 },
		{ .tos = 0xff, .ident = 0xffff, .df = true, .ttl = 255, .proto = 255,
		  .src = 0xffffffff, .dst = 0, .payload_len = 64 },
		{ .ident = 0x8001, .mf = true, .frag_off = 8, .ttl = 1, .proto = 17,
		  .src = 0x0a000001, .dst = 0xe0000001, .payload_len = 16 },
		{ .frag_off = 65528 - 40, .ttl = 3, .proto = 6, .payload_len = 7,
		  .opts = rr9, .opts_len = sizeof(rr9) },
		{ .ttl = 9, .proto = 1, .opts = nop3, .opts_len = sizeof(nop3), .payload_len = 1 },
		{ .ttl = 9, .proto = 1, .opts = ra, .opts_len = sizeof(ra) },
		{ .ttl = 9, .proto = 1, .opts = ts, .opts_len = sizeof(ts), .payload_len = 3 },
		{ .tos = 0x10, .ttl = 64, .proto = 1, .opts = mix, .opts_len = sizeof(mix),
		  .payload_len = 8 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_round_trip(&cases[i]);
}

static void emit_pads_options(void **state)
{
	static const uint8_t nop3[3] = { 1, 1, 1 };
	struct ik_ipv4_repr r = { .ttl = 1, .proto = 1, .opts = nop3, .opts_len = 3 };
	uint8_t out[28];

	(void)state;
	memset(out, 0xcc, sizeof(out));
	assert_int_equal(ik_ipv4_hdr_len(&r), 24);
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), 24);
	assert_int_equal(out[0], 0x46);
	assert_int_equal(out[2], 0);
	assert_int_equal(out[3], 24);
	assert_int_equal(out[20], 1);
	assert_int_equal(out[21], 1);
	assert_int_equal(out[22], 1);
	assert_int_equal(out[23], 0);
	assert_int_equal(out[24], 0xcc);
	assert_int_equal(ref_csum(out, 24), 0);
	/* options already in place at buf + 20 */
	r.opts = out + 20;
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), 24);
	assert_int_equal(out[20], 1);
	assert_int_equal(out[23], 0);
	assert_int_equal(ref_csum(out, 24), 0);
}

static void emit_errors(void **state)
{
	uint8_t opts[41] = { 0 };
	uint8_t out[64];
	struct ik_ipv4_repr r = { .ttl = 1, .opts = opts, .opts_len = 41 };

	(void)state;
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), -IK_EINVAL);
	r.opts_len = 40;
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), 60);
	/* options length without options */
	r.opts = NULL;
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), -IK_EINVAL);
	r.opts = opts;
	/* total length: 60 + 65475 = 65535 fits, one more does not */
	r.payload_len = 65475;
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), 60);
	assert_int_equal(out[2], 0xff);
	assert_int_equal(out[3], 0xff);
	r.payload_len = 65476;
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), -IK_EINVAL);
	r.payload_len = SIZE_MAX;
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), -IK_EINVAL);
	r.payload_len = 0;
	/* capacity */
	assert_int_equal(ik_ipv4_emit(&r, out, 59), -IK_ENOSPC);
	assert_int_equal(ik_ipv4_emit(&r, NULL, 0), -IK_ENOSPC);
	r.opts_len = 0;
	assert_int_equal(ik_ipv4_emit(&r, out, 19), -IK_ENOSPC);
	assert_int_equal(ik_ipv4_emit(&r, out, 20), 20);
	/* fragment offsets the 13-bit field cannot hold */
	r.frag_off = 4;
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), -IK_EINVAL);
	r.frag_off = 65536;
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), -IK_EINVAL);
	r.frag_off = 65528;
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), 20);
	assert_int_equal(out[6], 0x1f);
	assert_int_equal(out[7], 0xff);
	/* the evil bit can be crafted */
	r.frag_off = 0;
	r.rf = true;
	r.df = true;
	r.mf = true;
	assert_int_equal(ik_ipv4_emit(&r, out, sizeof(out)), 20);
	assert_int_equal(out[6], 0xe0);
	assert_int_equal(out[7], 0x00);
}

#define EXPECT_ERR(rc, e, code_, off_, msg_)                 \
	do {                                                  \
		assert_int_equal((rc), -(code_));             \
		assert_int_equal((e).code, (code_));          \
		assert_int_equal((e).off, (off_));            \
		assert_string_equal((e).msg, (msg_));         \
	} while (0)

static void err_truncated(void **state)
{
	struct ik_ipv4_repr r;
	struct ik_wire_err e;
	uint8_t *d;

	(void)state;
	d = exact(hdr_b861, 19);
	EXPECT_ERR(ik_ipv4_parse(d, 19, 0, &r, &e), e, IK_ETRUNC, 19,
		   "19 octets captured, an IPv4 header needs at least 20");
	free(d);
	d = exact(hdr_b861, 0);
	EXPECT_ERR(ik_ipv4_parse(d, 0, 0, &r, &e), e, IK_ETRUNC, 0,
		   "0 octets captured, an IPv4 header needs at least 20");
	free(d);
	EXPECT_ERR(ik_ipv4_parse(NULL, 40, 0, &r, &e), e, IK_ETRUNC, 0,
		   "0 octets captured, an IPv4 header needs at least 20");
	/* a NULL err is allowed */
	assert_int_equal(ik_ipv4_parse(hdr_b861, 3, 0, &r, NULL), -IK_ETRUNC);
}

static void err_version(void **state)
{
	uint8_t d[115];
	struct ik_ipv4_repr r;
	struct ik_wire_err e;

	(void)state;
	make_b861_dgram(d);
	d[0] = 0x65;
	EXPECT_ERR(ik_ipv4_parse(d, sizeof(d), 0, &r, &e), e, IK_EVERSION, 0,
		   "version 6, expected 4");
	d[0] = 0x05;
	EXPECT_ERR(ik_ipv4_parse(d, sizeof(d), 0, &r, &e), e, IK_EVERSION, 0,
		   "version 0, expected 4");
	/* version is checked before IHL */
	d[0] = 0xf3;
	EXPECT_ERR(ik_ipv4_parse(d, sizeof(d), 0, &r, &e), e, IK_EVERSION, 0,
		   "version 15, expected 4");
}

static void err_ihl(void **state)
{
	uint8_t d[115];
	struct ik_ipv4_repr r;
	struct ik_wire_err e;

	(void)state;
	make_b861_dgram(d);
	d[0] = 0x43;
	EXPECT_ERR(ik_ipv4_parse(d, sizeof(d), 0, &r, &e), e, IK_EIHL, 0,
		   "IHL 3 < 5 (header must be at least 20 octets)");
	d[0] = 0x40;
	EXPECT_ERR(ik_ipv4_parse(d, sizeof(d), 0, &r, &e), e, IK_EIHL, 0,
		   "IHL 0 < 5 (header must be at least 20 octets)");
	d[0] = 0x46;
	EXPECT_ERR(ik_ipv4_parse(d, 20, 0, &r, &e), e, IK_EIHL, 0,
		   "IHL 6 (24 octets) > 20 octets captured");
	d[0] = 0x4f;
	EXPECT_ERR(ik_ipv4_parse(d, 59, IK_IPV4_QUOTED, &r, &e), e, IK_EIHL, 0,
		   "IHL 15 (60 octets) > 59 octets captured");
	assert_null(r.opts);
	assert_int_equal(r.total_len, 0);
}

static void err_total_length(void **state)
{
	uint8_t d[115];
	struct ik_ipv4_repr r;
	struct ik_wire_err e;

	(void)state;
	make_b861_dgram(d);
	EXPECT_ERR(ik_ipv4_parse(d, 84, 0, &r, &e), e, IK_ETOTLEN, 2,
		   "total length 115 > 84 octets captured");
	ik_put16(d + 2, 1500);
	EXPECT_ERR(ik_ipv4_parse(d, 84, 0, &r, &e), e, IK_ETOTLEN, 2,
		   "total length 1500 > 84 octets captured");
	assert_int_equal(r.total_len, 0); /* the bad field is not stored */
	ik_put16(d + 2, 16);
	EXPECT_ERR(ik_ipv4_parse(d, sizeof(d), 0, &r, &e), e, IK_ETOTLEN, 2,
		   "total length 16 < header length 20");
	/* still checked when quoted */
	EXPECT_ERR(ik_ipv4_parse(d, sizeof(d), IK_IPV4_QUOTED, &r, &e), e, IK_ETOTLEN, 2,
		   "total length 16 < header length 20");
	ik_put16(d + 2, 0);
	EXPECT_ERR(ik_ipv4_parse(d, sizeof(d), IK_IPV4_QUOTED | IK_IPV4_NO_CSUM, &r, &e), e,
		   IK_ETOTLEN, 2, "total length 0 < header length 20");
	/* total length == header length is a datagram with no payload */
	ik_put16(d + 2, 20);
	assert_int_equal(ik_ipv4_parse(d, 20, IK_IPV4_NO_CSUM, &r, &e), 20);
	assert_int_equal(r.payload_len, 0);
}

static void err_checksum(void **state)
{
	uint8_t d[115];
	struct ik_ipv4_repr r;
	struct ik_wire_err e;

	(void)state;
	make_b861_dgram(d);
	d[10] = 0x12;
	d[11] = 0x34;
	EXPECT_ERR(ik_ipv4_parse(d, sizeof(d), 0, &r, &e), e, IK_ECHECKSUM, 10,
		   "header checksum 0x1234, correct 0xb861");
	/* fields read before the checksum are there; the rest are not */
	assert_int_equal(r.total_len, 115);
	assert_int_equal(r.payload_len, 95);
	assert_int_equal(r.src, 0);
	assert_int_equal(r.ttl, 0);
	assert_int_equal(r.csum, 0);
	/* a flipped bit elsewhere: the correct value follows the new contents */
	make_b861_dgram(d);
	d[8] = 0x3f; /* TTL 63: sum drops by 0x100, checksum rises by 0x100 */
	EXPECT_ERR(ik_ipv4_parse(d, sizeof(d), 0, &r, &e), e, IK_ECHECKSUM, 10,
		   "header checksum 0xb861, correct 0xb961");
	/* not verified on request */
	assert_int_equal(ik_ipv4_parse(d, sizeof(d), IK_IPV4_NO_CSUM, &r, &e), 20);
	assert_int_equal(r.ttl, 63);
	assert_int_equal(r.csum, 0xb861);
	/* quoted datagrams are still checked */
	EXPECT_ERR(ik_ipv4_parse(d, 20, IK_IPV4_QUOTED, &r, &e), e, IK_ECHECKSUM, 10,
		   "header checksum 0xb861, correct 0xb961");
	/* the checksum covers the options too */
	{
		uint8_t o[44];

		memcpy(o, pkt_opts, sizeof(o));
		o[26] ^= 0x01; /* recorded address 203.0.113.9 -> .8 */
		EXPECT_ERR(ik_ipv4_parse(o, sizeof(o), 0, &r, &e), e, IK_ECHECKSUM, 10,
			   "header checksum 0xea5c, correct 0xeb5c");
	}
}

/* Emit a header (valid checksum) for parse tests that need other faults. */
static size_t build(uint8_t *buf, size_t cap, const struct ik_ipv4_repr *r)
{
	int n = ik_ipv4_emit(r, buf, cap);

	assert_true(n >= 20);
	assert_true((size_t)n + r->payload_len <= cap);
	memset(buf + n, 0, r->payload_len);
	return (size_t)n + r->payload_len;
}

static void err_fragment(void **state)
{
	static uint8_t d[65535];
	struct ik_ipv4_repr in = { .ident = 9, .ttl = 7, .proto = 1, .src = 1, .dst = 2,
				   .rf = true, .df = true, .payload_len = 4 };
	struct ik_ipv4_repr r;
	struct ik_wire_err e;
	size_t n;

	(void)state;
	n = build(d, sizeof(d), &in);
	EXPECT_ERR(ik_ipv4_parse(d, n, 0, &r, &e), e, IK_EFRAG, 6, "reserved flag set");
	/* checksum-covered fields are in; the fragment word is not */
	assert_int_equal(r.ident, 9);
	assert_int_equal(r.ttl, 7);
	assert_int_equal(r.src, 1);
	assert_int_equal(r.dst, 2);
	assert_int_equal(r.csum, ik_get16(d + 10));
	assert_false(r.rf);
	assert_false(r.df);

	in.rf = false;
	in.mf = false;
	in.frag_off = 65528;
	in.payload_len = 100;
	n = build(d, sizeof(d), &in);
	EXPECT_ERR(ik_ipv4_parse(d, n, 0, &r, &e), e, IK_EFRAG, 6,
		   "fragment offset 65528 + payload 100 > 65535");
	assert_true(r.df);
	assert_int_equal(r.frag_off, 0);
	assert_int_equal(r.payload_len, 100);
	/* the limit exactly: 65528 + 7 = 65535 is fine, 8 is one too many */
	in.payload_len = 7;
	n = build(d, sizeof(d), &in);
	assert_int_equal(ik_ipv4_parse(d, n, 0, &r, &e), 20);
	assert_int_equal(r.frag_off, 65528);
	in.payload_len = 8;
	n = build(d, sizeof(d), &in);
	EXPECT_ERR(ik_ipv4_parse(d, n, 0, &r, &e), e, IK_EFRAG, 6,
		   "fragment offset 65528 + payload 8 > 65535");
	/* the quoted total length counts too, even past the buffer */
	in.frag_off = 65000;
	in.payload_len = 1000;
	n = build(d, sizeof(d), &in);
	EXPECT_ERR(ik_ipv4_parse(d, 28, IK_IPV4_QUOTED, &r, &e), e, IK_EFRAG, 6,
		   "fragment offset 65000 + payload 1000 > 65535");
	/* a whole 65535-octet datagram at offset 0 */
	in.frag_off = 0;
	in.payload_len = 65515;
	n = build(d, sizeof(d), &in);
	assert_int_equal(n, 65535);
	assert_int_equal(ik_ipv4_parse(d, n, 0, &r, &e), 20);
	assert_int_equal(r.total_len, 65535);
}

static void err_option_offset(void **state)
{
	/* NOP, NOP, then RR with pointer 3 at area offset 2 (pointer at 4) */
	static const uint8_t bad[8] = { 1, 1, 7, 6, 3, 0, 0, 0 };
	struct ik_ipv4_repr in = { .ttl = 5, .proto = 1, .opts = bad, .opts_len = sizeof(bad),
				   .payload_len = 2 };
	uint8_t d[64];
	struct ik_ipv4_repr r;
	struct ik_wire_err e;
	size_t n;

	(void)state;
	n = build(d, sizeof(d), &in);
	EXPECT_ERR(ik_ipv4_parse(d, n, 0, &r, &e), e, IK_EOPTION, 24,
		   "record route pointer 3 < 4");
	/* every other field was read */
	assert_int_equal(r.ttl, 5);
	assert_int_equal(r.payload_len, 2);
	assert_int_equal(r.opts_len, 8);
	assert_ptr_equal(r.opts, d + 20);
	/* options are checked in quoted datagrams too */
	EXPECT_ERR(ik_ipv4_parse(d, 28, IK_IPV4_QUOTED, &r, &e), e, IK_EOPTION, 24,
		   "record route pointer 3 < 4");
}

static void quoted_flag(void **state)
{
	struct ik_ipv4_repr r;
	struct ik_wire_err e;
	uint8_t *d;

	(void)state;
	/* the b861 header alone, as quoted in an ICMP error: 95 octets missing */
	d = exact(hdr_b861, 20);
	EXPECT_ERR(ik_ipv4_parse(d, 20, 0, &r, &e), e, IK_ETOTLEN, 2,
		   "total length 115 > 20 octets captured");
	assert_int_equal(ik_ipv4_parse(d, 20, IK_IPV4_QUOTED, &r, &e), 20);
	assert_int_equal(r.total_len, 115);
	assert_int_equal(r.payload_len, 95);
	assert_int_equal(r.src, 0xc0a80001);
	free(d);
	/* a quote with its options but cut inside them fails */
	d = exact(pkt_opts, 30);
	EXPECT_ERR(ik_ipv4_parse(d, 30, IK_IPV4_QUOTED, &r, &e), e, IK_EIHL, 0,
		   "IHL 9 (36 octets) > 30 octets captured");
	free(d);
	d = exact(pkt_opts, 36);
	assert_int_equal(ik_ipv4_parse(d, 36, IK_IPV4_QUOTED, &r, &e), 36);
	assert_int_equal(r.payload_len, 8);
	free(d);
}

/* Every prefix of a datagram with options: a clean error, never an over-read. */
static void truncation_every_length(void **state)
{
	static const size_t n = sizeof(pkt_opts);
	struct ik_ipv4_repr r;
	struct ik_wire_err e;
	struct ik_ipv4_view v;

	(void)state;
	for (size_t len = 0; len < n; len++) {
		uint8_t *d = exact(pkt_opts, len);
		int rc = ik_ipv4_parse(d, len, 0, &r, &e);
		int expect = len < 20 ? -IK_ETRUNC : len < 36 ? -IK_EIHL : -IK_ETOTLEN;

		assert_int_equal(rc, expect);
		assert_int_equal(e.code, -expect);
		assert_int_equal(e.off, len < 20 ? len : len < 36 ? 0 : 2);
		rc = ik_ipv4_parse(d, len, IK_IPV4_QUOTED, &r, &e);
		assert_int_equal(rc, len < 20 ? -IK_ETRUNC : len < 36 ? -IK_EIHL : 36);
		rc = ik_ipv4_parse(d, len, IK_IPV4_QUOTED | IK_IPV4_NO_CSUM, &r, NULL);
		assert_int_equal(rc, len < 20 ? -IK_ETRUNC : len < 36 ? -IK_EIHL : 36);
		rc = ik_ipv4_view_init(&v, d, len);
		assert_int_equal(rc, len < 20 ? -IK_ETRUNC : len < 36 ? -IK_EIHL : 36);
		free(d);
	}
}

static void view_accessors(void **state)
{
	uint8_t *d = exact(pkt_lsrr, sizeof(pkt_lsrr));
	struct ik_ipv4_view v = { 0 };

	(void)state;
	assert_int_equal(ik_ipv4_view_init(&v, d, sizeof(pkt_lsrr)), 32);
	assert_ptr_equal(v.buf, d);
	assert_int_equal(v.len, sizeof(pkt_lsrr));
	assert_int_equal(ik_ipv4_ihl(&v), 32);
	assert_int_equal(ik_ipv4_tos(&v), 0);
	assert_int_equal(ik_ipv4_total_len(&v), 48);
	assert_int_equal(ik_ipv4_ident(&v), 7);
	assert_int_equal(ik_ipv4_frag_word(&v), 0x20b9);
	assert_int_equal(ik_ipv4_frag_off(&v), 1480);
	assert_int_equal(ik_ipv4_ttl(&v), 64);
	assert_int_equal(ik_ipv4_proto(&v), IK_IPPROTO_UDP);
	assert_int_equal(ik_ipv4_csum(&v), 0xde3d);
	assert_int_equal(ik_ipv4_src(&v), 0xc0000201);
	assert_int_equal(ik_ipv4_dst(&v), 0xc6336407);
	free(d);

	d = exact(hdr_b861, 20);
	assert_int_equal(ik_ipv4_view_init(&v, d, 20), 20);
	assert_int_equal(ik_ipv4_total_len(&v), 115); /* not validated by the view */
	assert_int_equal(ik_ipv4_frag_word(&v), IK_IPV4_DF);
	assert_int_equal(ik_ipv4_src(&v), 0xc0a80001);
	d[10] = 0;
	assert_int_equal(ik_ipv4_view_init(&v, d, 20), 20); /* nor the checksum */
	d[0] = 0x65;
	assert_int_equal(ik_ipv4_view_init(&v, d, 20), -IK_EVERSION);
	d[0] = 0x44;
	assert_int_equal(ik_ipv4_view_init(&v, d, 20), -IK_EIHL);
	d[0] = 0x46;
	assert_int_equal(ik_ipv4_view_init(&v, d, 20), -IK_EIHL);
	assert_int_equal(ik_ipv4_view_init(&v, NULL, 20), -IK_ETRUNC);
	free(d);
}

static void addr_str(void **state)
{
	char s[16];

	(void)state;
	assert_string_equal(ik_ipv4_addr_str(0xc0000201, s), "192.0.2.1");
	assert_ptr_equal(ik_ipv4_addr_str(0, s), s);
	assert_string_equal(s, "0.0.0.0");
	assert_string_equal(ik_ipv4_addr_str(0xffffffff, s), "255.255.255.255");
	assert_string_equal(ik_ipv4_addr_str(0x0a000102, s), "10.0.1.2");
}

static void addr_parse(void **state)
{
	static const struct { const char *s; uint32_t a; } good[] = {
		{ "0.0.0.0", 0 },
		{ "192.0.2.1", 0xc0000201 },
		{ "255.255.255.255", 0xffffffff },
		{ "10.0.1.2", 0x0a000102 },
		{ "198.51.100.7", 0xc6336407 },
	};
	static const char *const bad[] = {
		"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.256", " 1.2.3.4", "1.2.3.4x",
		"1.2.3.4 ", "1..3.4", ".1.2.3", "1.2.3.", "1.2.3.4.", "01.2.3.4", "1.2.3.04",
		"1000.1.1.1", "+1.2.3.4", "-1.2.3.4", "0x1.2.3.4", "1.2.3.4\n", "a.b.c.d",
		"1 .2.3.4", "4294967295", "1.2.3.999", "1.2.3.0255",
	};
	uint32_t a;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		a = 0x12345678;
		assert_int_equal(ik_ipv4_addr_parse(good[i].s, &a), 0);
		assert_int_equal(a, good[i].a);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a = 0x12345678;
		assert_int_equal(ik_ipv4_addr_parse(bad[i], &a), -IK_EINVAL);
		assert_int_equal(a, 0x12345678); /* untouched on failure */
	}
	assert_int_equal(ik_ipv4_addr_parse(NULL, &a), -IK_EINVAL);
	assert_int_equal(ik_ipv4_addr_parse("1.2.3.4", NULL), -IK_EINVAL);
	/* agrees with glibc inet_pton (also strict) on every case above */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct in_addr ia;

		assert_int_equal(inet_pton(AF_INET, bad[i], &ia), 0);
	}
	/* and str/parse are inverse on a spread of addresses */
	for (uint64_t x = 0; x <= 0xffffffffu; x += 0x01010101u * 7 + 13) {
		char s[16];
		struct in_addr ia;

		ik_ipv4_addr_str((uint32_t)x, s);
		assert_int_equal(ik_ipv4_addr_parse(s, &a), 0);
		assert_int_equal(a, (uint32_t)x);
		assert_int_equal(inet_pton(AF_INET, s, &ia), 1);
		assert_int_equal(ntohl(ia.s_addr), (uint32_t)x);
	}
}

/* ADDR/LEN: the address as ik_ipv4_addr_parse() takes it, LEN 1..32 in
 * plain decimal; a bare address gives 0; nothing written on failure */
static void prefix_parse(void **state)
{
	static const struct {
		const char *s;
		uint32_t a;
		unsigned len;
	} good[] = {
		{ "192.0.2.2/24", 0xc0000202u, 24 }, { "198.51.100.1/1", 0xc6336401u, 1 },
		{ "203.0.113.9/32", 0xcb007109u, 32 }, { "192.0.2.1", 0xc0000201u, 0 },
	};
	static const char *const bad[] = {
		"192.0.2.2/", "192.0.2.2/0", "192.0.2.2/024", "192.0.2.2/33", "192.0.2.2/24x",
		"192.0.2.2/-1", "192.0.2.2/+8", "192.0.2.2/ 8", "192.0.2/24", "/24", "",
		"192.0.2.2/24/8", "1234567890123456/8", "192.0.2.2/99999999999",
	};
	uint32_t a;
	unsigned len;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		a = 0x12345678;
		len = 99;
		assert_int_equal(ik_ipv4_prefix_parse(good[i].s, &a, &len), 0);
		assert_int_equal(a, good[i].a);
		assert_int_equal(len, good[i].len);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		a = 0x12345678;
		len = 99;
		assert_int_equal(ik_ipv4_prefix_parse(bad[i], &a, &len), -IK_EINVAL);
		assert_int_equal(a, 0x12345678);
		assert_int_equal(len, 99);
	}
	assert_int_equal(ik_ipv4_prefix_parse(NULL, &a, &len), -IK_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_known_good),
		cmocka_unit_test(emit_known_good),
		cmocka_unit_test(parse_known_good_options),
		cmocka_unit_test(parse_known_good_fragment),
		cmocka_unit_test(round_trips),
		cmocka_unit_test(emit_pads_options),
		cmocka_unit_test(emit_errors),
		cmocka_unit_test(err_truncated),
		cmocka_unit_test(err_version),
		cmocka_unit_test(err_ihl),
		cmocka_unit_test(err_total_length),
		cmocka_unit_test(err_checksum),
		cmocka_unit_test(err_fragment),
		cmocka_unit_test(err_option_offset),
		cmocka_unit_test(quoted_flag),
		cmocka_unit_test(truncation_every_length),
		cmocka_unit_test(view_accessors),
		cmocka_unit_test(addr_str),
		cmocka_unit_test(addr_parse),
		cmocka_unit_test(prefix_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
