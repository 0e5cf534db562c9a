// SPDX-License-Identifier: MIT
/*
 * test_icmp.c - ICMPv4 parse/emit for every type, RFC 4884 lengths and the
 * quoted datagram
 *
 * The known-bytes vectors were built with scapy 2.5 (an independent
 * implementation), e.g. ICMP(type=3,code=4,nexthopmtu=1400)/IPerror(...)/
 * UDPerror(...), ICMP(type=11,length=32)/Raw(quote padded to 128)/
 * ICMPExtensionHeader(chksum=0x5f0a)/ICMPExtensionMPLS(stack=[...]); the
 * Router Advertisement and Extended Echo ones were laid out by hand from
 * RFC 1256 and RFC 8335 with scapy.utils.checksum filling the checksum.
 * Every vector was then decoded by tshark 4.0, which found all checksums
 * correct and the fields as asserted below. (scapy 2.5 sums only the 4-octet
 * extension header for the extension checksum, giving 0xdfff; tshark and
 * RFC 4884 §7 cover the whole structure: 0x5f0a.) The checksum of emitted
 * messages is verified with a reference sum written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/icmp.h"
#include "refsum.h"

/* ---- helpers ---- */

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (s[0] && s[1]) {
		unsigned v;

		assert_true(n < cap);
		assert_int_equal(sscanf(s, "%2x", &v), 1);
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static void fix_csum(uint8_t *p, size_t len)
{
	p[2] = p[3] = 0;
	ik_put16(p + 2, ref_csum(p, len));
}

/* parse a copy in a buffer of exactly @len octets so ASan sees overreads */
static int parse_exact(const uint8_t *src, size_t len, unsigned flags, struct ik_icmp_repr *r,
		       struct ik_wire_err *e)
{
	uint8_t *b = malloc(len ? len : 1);
	int rc;

	assert_non_null(b);
	memcpy(b, src, len);
	rc = ik_icmp_parse(b, len, flags, r, e);
	free(b);
	return rc;
}

/* ---- vectors ---- */

#define V_ECHO "0800542f123400076162636465666768"
#define V_UNREACH4 "0304e3d4000005784500001c0001000040118e99c0000201c633640204d2003500080ea0"
#define V_REDIRECT "05013626c00002fe45000028000200003f067dc3c0000201cb0071099c400050010203" \
	"040000000050022000f1400000"
#define V_PARAM "0c00cc5014000000470000240003000040118188c0000201c63364020707040000000000" \
	"000500060008139c"
#define ZEROS20 "0000000000000000000000000000000000000000"
#define ZEROS100 ZEROS20 ZEROS20 ZEROS20 ZEROS20 ZEROS20
#define V_QUOTE28 "4500001c000400000111cd96c0000201c6336402829a829b00080e71"
#define V_MPLS_EXT "20005f0a000c010103e8400100003bff"
#define V_TIMX_EXT "0b00e13000200000" V_QUOTE28 ZEROS100 V_MPLS_EXT
#define V_TIMX_COMPAT "0b00e15000000000" V_QUOTE28 ZEROS100 V_MPLS_EXT
#define V_TSREPLY "0e001b9ebeef0002000003e8000007d000000bb8"
#define V_MASKREPLY "1200eeeb0009000affffff00"
#define V_IREQ "0f00f04400550066"
#define V_RADV "090069f102020708c000020100000000c0000202ffffffff"
#define V_XECHO "2a00cffc010205012000dcee0008030200000007"
#define V_XECHOREPLY "2b00ceb7010205462000dcee0008030200000007"

/* quotes alone */
#define Q_ECHO "4500001c0005000040018ea5c0000201c63364020800b5b442420009"
#define Q_TCP "450000280006400040064e8ec6336407c000020101bbc738deadbeef"
#define Q_FRAG "4500001c000700b940118ddac0000201c63364021122334455667788"

static const char *const all_vectors[] = {
	V_ECHO, V_UNREACH4, V_REDIRECT, V_PARAM, V_TIMX_EXT, V_TIMX_COMPAT, V_TSREPLY,
	V_MASKREPLY, V_IREQ, V_RADV, V_XECHO, V_XECHOREPLY,
};

/* ---- classification ---- */

static void is_error_table(void **state)
{
	static const uint8_t info[] = { 0, 8, 9, 10, 13, 14, 15, 16, 17, 18, 30, 37, 38, 42, 43 };
	unsigned t;

	(void)state;
	for (t = 0; t < 256; t++) {
		bool is_info = memchr(info, (int)t, sizeof(info)) != NULL;

		assert_int_equal(ik_icmp_is_error((uint8_t)t), !is_info);
	}
	/* the five RFC 792 errors, spelled out */
	assert_true(ik_icmp_is_error(3));
	assert_true(ik_icmp_is_error(4));
	assert_true(ik_icmp_is_error(5));
	assert_true(ik_icmp_is_error(11));
	assert_true(ik_icmp_is_error(12));
	assert_true(ik_icmp_is_error(40));
	assert_true(ik_icmp_is_error(44));
	assert_true(ik_icmp_is_error(255));
}

static void hdr_len_table(void **state)
{
	unsigned t;

	(void)state;
	for (t = 0; t < 256; t++) {
		size_t want = (t == 13 || t == 14) ? 20 : (t == 17 || t == 18) ? 12 : 8;

		assert_int_equal(ik_icmp_hdr_len((uint8_t)t), want);
	}
}

/* ---- known bytes ---- */

static void reemit_same(const uint8_t *b, size_t n, const struct ik_icmp_repr *r)
{
	uint8_t out[512];
	struct ik_icmp_repr w = *r;
	int rc;

	/* on emit, data is what follows the header minus what emit adds */
	if (r->ext && r->quote) {
		w.data = r->quote;
		w.data_len = r->quote_len;
	} else if (r->ext) {
		w.data = r->ext + r->ext_len;
		w.data_len = r->data_len - r->ext_len;
	}
	memset(out, 0xa5, sizeof(out));
	rc = ik_icmp_emit(&w, out, sizeof(out));
	assert_int_equal(rc, n);
	assert_int_equal(ik_icmp_emit_len(&w), n);
	assert_memory_equal(out, b, n);
}

static void known_echo(void **state)
{
	uint8_t b[64];
	size_t n = unhex(V_ECHO, b, sizeof(b));
	struct ik_icmp_repr r;

	(void)state;
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 16);
	assert_int_equal(r.type, 8);
	assert_int_equal(r.code, 0);
	assert_int_equal(r.csum, 0x542f);
	assert_int_equal(r.u.echo.ident, 0x1234);
	assert_int_equal(r.u.echo.seq, 7);
	assert_ptr_equal(r.data, b + 8);
	assert_int_equal(r.data_len, 8);
	assert_memory_equal(r.data, "abcdefgh", 8);
	assert_null(r.quote);
	assert_null(r.ext);
	reemit_same(b, n, &r);
}

static void known_unreach_needfrag(void **state)
{
	uint8_t b[64];
	size_t n = unhex(V_UNREACH4, b, sizeof(b));
	struct ik_icmp_repr r;
	struct ik_quote q;

	(void)state;
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 36);
	assert_int_equal(r.type, IK_ICMP_UNREACH);
	assert_int_equal(r.code, IK_UNREACH_NEEDFRAG);
	assert_int_equal(r.csum, 0xe3d4);
	assert_int_equal(r.u.unreach.mtu, 1400);
	assert_int_equal(r.u.unreach.length, 0);
	assert_ptr_equal(r.quote, b + 8);
	assert_int_equal(r.quote_len, 28);
	assert_null(r.ext);
	assert_false(r.ext_compat);
	reemit_same(b, n, &r);

	assert_int_equal(ik_icmp_quote_parse(r.quote, r.quote_len, &q, NULL), 0);
	assert_true(q.ip_ok);
	assert_true(q.ip_csum_ok);
	assert_int_equal(q.hdr_len, 20);
	assert_int_equal(q.ip.src, 0xc0000201);
	assert_int_equal(q.ip.dst, 0xc6336402);
	assert_int_equal(q.ip.proto, 17);
	assert_int_equal(q.ip.ttl, 64);
	assert_int_equal(q.ip.ident, 1);
	assert_true(q.has_ports);
	assert_int_equal(q.sport, 1234);
	assert_int_equal(q.dport, 53);
	assert_int_equal(q.udp_len, 8);
	assert_int_equal(q.l4_len, 8);
	assert_ptr_equal(q.l4, r.quote + 20);
	assert_false(q.has_icmp);
}

static void unreach_mtu_only_code4(void **state)
{
	uint8_t b[64];
	size_t n = unhex(V_UNREACH4, b, sizeof(b));
	struct ik_icmp_repr r;

	(void)state;
	b[1] = IK_UNREACH_PORT; /* octets 6-7 still say 1400 */
	fix_csum(b, n);
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), (int)n);
	assert_int_equal(r.u.unreach.mtu, 0);
	/* and emit writes zeros there for codes other than 4 */
	r.u.unreach.mtu = 1400;
	r.data = r.quote;
	{
		uint8_t out[64];

		assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), (int)n);
		assert_int_equal(out[6], 0);
		assert_int_equal(out[7], 0);
	}
}

static void known_redirect(void **state)
{
	uint8_t b[64];
	size_t n = unhex(V_REDIRECT, b, sizeof(b));
	struct ik_icmp_repr r;
	struct ik_quote q;

	(void)state;
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 48);
	assert_int_equal(r.type, IK_ICMP_REDIRECT);
	assert_int_equal(r.code, 1);
	assert_int_equal(r.u.redirect.gateway, 0xc00002fe);
	assert_int_equal(r.quote_len, 40);
	reemit_same(b, n, &r);
	assert_int_equal(ik_icmp_quote_parse(r.quote, r.quote_len, &q, NULL), 0);
	assert_int_equal(q.ip.proto, 6);
	assert_true(q.has_ports);
	assert_int_equal(q.sport, 40000);
	assert_int_equal(q.dport, 80);
	assert_int_equal(q.tcp_seq, 0x01020304);
	assert_int_equal(q.udp_len, 0);
}

static void known_param(void **state)
{
	uint8_t b[64];
	size_t n = unhex(V_PARAM, b, sizeof(b));
	struct ik_icmp_repr r;
	struct ik_quote q;

	(void)state;
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 44);
	assert_int_equal(r.type, IK_ICMP_PARAMPROB);
	assert_int_equal(r.u.param.pointer, 20);
	assert_int_equal(r.u.param.length, 0);
	reemit_same(b, n, &r);
	/* the quote carries a Record Route option: IHL 7 */
	assert_int_equal(ik_icmp_quote_parse(r.quote, r.quote_len, &q, NULL), 0);
	assert_int_equal(q.hdr_len, 28);
	assert_true(q.ip_csum_ok);
	assert_int_equal(q.ip.opts_len, 8);
	assert_ptr_equal(q.ip.opts, r.quote + 20);
	assert_int_equal(q.ip.opts[0], 7);
	assert_int_equal(q.l4_len, 8);
	assert_int_equal(q.sport, 5);
	assert_int_equal(q.dport, 6);
	assert_int_equal(q.udp_len, 8);
}

static void check_mpls_ext(const uint8_t *ext, size_t len)
{
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;
	struct ik_mpls_entry e;

	assert_int_equal(len, 16);
	assert_int_equal(ik_icmp_ext_iter_init(&it, ext, len, NULL), 0);
	assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 1);
	assert_int_equal(o.class_num, IK_ICMP_EXT_CLASS_MPLS);
	assert_int_equal(o.c_type, 1);
	assert_int_equal(o.len, 12);
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
}

static void known_timxceed_rfc4884(void **state)
{
	uint8_t b[256];
	size_t n = unhex(V_TIMX_EXT, b, sizeof(b));
	struct ik_icmp_repr r;
	struct ik_quote q;

	(void)state;
	assert_int_equal(n, 152);
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 152);
	assert_int_equal(r.type, IK_ICMP_TIMXCEED);
	assert_int_equal(r.u.time_exceeded.length, 32);
	assert_ptr_equal(r.data, b + 8);
	assert_int_equal(r.data_len, 144);
	assert_ptr_equal(r.quote, b + 8);
	assert_int_equal(r.quote_len, 128);
	assert_ptr_equal(r.ext, b + 136);
	assert_int_equal(r.ext_len, 16);
	assert_false(r.ext_compat);
	check_mpls_ext(r.ext, r.ext_len);

	/* padding after the inner datagram is not transport header */
	assert_int_equal(ik_icmp_quote_parse(r.quote, r.quote_len, &q, NULL), 0);
	assert_int_equal(q.l4_len, 8);
	assert_int_equal(q.sport, 33434);
	assert_int_equal(q.dport, 33435);

	/* emit from the 28-octet datagram and the extension: same bytes */
	{
		struct ik_icmp_repr w = r;

		w.data = r.quote;
		w.data_len = 28;
		w.u.time_exceeded.length = 0; /* emit computes it */
		{
			uint8_t out[256];

			assert_int_equal(ik_icmp_emit_len(&w), 152);
			assert_int_equal(ik_icmp_emit(&w, out, sizeof(out)), 152);
			assert_memory_equal(out, b, 152);
		}
	}
}

static void known_timxceed_compat(void **state)
{
	uint8_t b[256];
	size_t n = unhex(V_TIMX_COMPAT, b, sizeof(b));
	struct ik_icmp_repr r;

	(void)state;
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 152);
	assert_int_equal(r.u.time_exceeded.length, 0);
	assert_true(r.ext_compat);
	assert_int_equal(r.quote_len, 128);
	assert_ptr_equal(r.ext, b + 136);
	assert_int_equal(r.ext_len, 16);
	check_mpls_ext(r.ext, r.ext_len);
}

static void compat_heuristic_negatives(void **state)
{
	uint8_t b[256];
	size_t n = unhex(V_TIMX_COMPAT, b, sizeof(b));
	struct ik_icmp_repr r;
	uint8_t c[256];

	(void)state;
	/* version 1 at offset 128 */
	memcpy(c, b, n);
	c[136] = 0x10;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, NULL), (int)n);
	assert_null(r.ext);
	assert_false(r.ext_compat);
	assert_int_equal(r.quote_len, 144);

	/* a wrong extension checksum */
	memcpy(c, b, n);
	c[139] ^= 0x01;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, NULL), (int)n);
	assert_null(r.ext);
	assert_int_equal(r.quote_len, 144);

	/* no checksum sent: not "valid" for the heuristic, even when the
	 * words happen to sum to 0xffff (2000 0000 0008 0101 def6 0000) */
	{
		static const uint8_t nock[] = { 0x20, 0, 0, 0, 0, 8, 1, 1, 0xde, 0xf6, 0, 0 };

		memcpy(c, b, 136);
		memcpy(c + 136, nock, sizeof(nock));
		assert_int_equal(ref_csum(nock, sizeof(nock)), 0);
		fix_csum(c, 148);
		assert_int_equal(ik_icmp_parse(c, 148, 0, &r, NULL), 148);
		assert_null(r.ext);
		assert_int_equal(r.quote_len, 140);
	}

	/* 143 octets: data too short to hold a header and an object header */
	memcpy(c, b, 143);
	fix_csum(c, 143);
	assert_int_equal(ik_icmp_parse(c, 143, 0, &r, NULL), 143);
	assert_null(r.ext);
	assert_int_equal(r.quote_len, 135);

	/* 140 octets holding a valid header-only structure: RFC 4884 §5 wants
	 * 144 (room for an object header too) before it looks */
	memcpy(c, b, 140);
	c[138] = c[139] = 0;
	ik_put16(c + 138, ref_csum(c + 136, 4));
	fix_csum(c, 140);
	assert_int_equal(ik_icmp_parse(c, 140, 0, &r, NULL), 140);
	assert_null(r.ext);
	assert_false(r.ext_compat);
	assert_int_equal(r.quote_len, 132);

	/* the same 144-octet structure at offset 128 is found */
	memcpy(c, b, 144);
	c[140] = c[141] = c[142] = c[143] = 0;
	c[138] = c[139] = 0;
	ik_put16(c + 138, ref_csum(c + 136, 8));
	fix_csum(c, 144);
	assert_int_equal(ik_icmp_parse(c, 144, 0, &r, NULL), 144);
	assert_true(r.ext_compat);
	assert_int_equal(r.ext_len, 8);

	/* echo never gets the heuristic */
	memcpy(c, b, n);
	c[0] = 8;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, NULL), (int)n);
	assert_null(r.ext);
	assert_null(r.quote);
}

static void rfc4884_length_checks(void **state)
{
	uint8_t b[256];
	size_t n = unhex(V_TIMX_EXT, b, sizeof(b));
	struct ik_icmp_repr r;
	struct ik_wire_err e;
	uint8_t c[256];

	(void)state;
	/* 37 words = 148 octets > 144 octets of data */
	memcpy(c, b, n);
	c[5] = 37;
	fix_csum(c, n);
	memset(&e, 0, sizeof(e));
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, &e), -IK_ELEN);
	assert_int_equal(e.code, IK_ELEN);
	assert_int_equal(e.off, 5);
	assert_true(strlen(e.msg) > 0);

	/* 36 words = all the data: a quote and no extension */
	c[5] = 36;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, NULL), (int)n);
	assert_int_equal(r.quote_len, 144);
	assert_null(r.ext);

	/* 10 words with more after: an extension inside the 128 octets */
	c[5] = 10;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, &e), -IK_ELEN);
	assert_int_equal(e.off, 5);

	/* 10 words and nothing after: fine, a short quote */
	{
		uint8_t s[64];

		memcpy(s, c, 48);
		fix_csum(s, 48);
		assert_int_equal(ik_icmp_parse(s, 48, 0, &r, NULL), 48);
		assert_int_equal(r.quote_len, 40);
		assert_null(r.ext);
	}

	/* 33 words: the "extension" starts inside the real one: version 0 */
	c[5] = 33;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, &e), -IK_EEXT);
	assert_int_equal(e.off, 8 + 132);

	/* bad extension version at the right place */
	memcpy(c, b, n);
	c[136] = 0x10;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, &e), -IK_EEXT);
	assert_int_equal(e.off, 136);

	/* wrong nonzero extension checksum */
	memcpy(c, b, n);
	c[143] ^= 0x01;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, &e), -IK_ECHECKSUM);
	assert_int_equal(e.off, 138);

	/* zero extension checksum: none sent, accepted */
	memcpy(c, b, n);
	c[138] = c[139] = 0;
	c[143] ^= 0x01;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, NULL), (int)n);
	assert_int_equal(r.ext_len, 16);

	/* 2 octets after a 128-octet quote: no room for an extension header */
	memcpy(c, b, 138);
	fix_csum(c, 138);
	assert_int_equal(ik_icmp_parse(c, 138, 0, &r, &e), -IK_EEXT);
	assert_int_equal(e.off, 138); /* where the extension header is cut */

	/* the same rules for Destination Unreachable and Parameter Problem */
	memcpy(c, b, n);
	c[0] = 3;
	c[1] = 3;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, NULL), (int)n);
	assert_int_equal(r.u.unreach.length, 32);
	assert_int_equal(r.ext_len, 16);
	c[0] = 12;
	c[1] = 0;
	c[4] = 9;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, NULL), (int)n);
	assert_int_equal(r.u.param.pointer, 9);
	assert_int_equal(r.u.param.length, 32);
	assert_int_equal(r.ext_len, 16);
	c[5] = 37;
	fix_csum(c, n);
	assert_int_equal(ik_icmp_parse(c, n, 0, &r, NULL), -IK_ELEN);
}

static void known_informational(void **state)
{
	uint8_t b[64];
	size_t n;
	struct ik_icmp_repr r;

	(void)state;
	n = unhex(V_TSREPLY, b, sizeof(b));
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 20);
	assert_int_equal(r.type, IK_ICMP_TSTAMPREPLY);
	assert_int_equal(r.u.ts.ident, 0xbeef);
	assert_int_equal(r.u.ts.seq, 2);
	assert_int_equal(r.u.ts.orig, 1000);
	assert_int_equal(r.u.ts.recv, 2000);
	assert_int_equal(r.u.ts.xmit, 3000);
	assert_int_equal(r.data_len, 0);
	reemit_same(b, n, &r);

	n = unhex(V_MASKREPLY, b, sizeof(b));
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 12);
	assert_int_equal(r.u.mask.ident, 9);
	assert_int_equal(r.u.mask.seq, 10);
	assert_int_equal(r.u.mask.mask, 0xffffff00);
	assert_int_equal(r.data_len, 0);
	reemit_same(b, n, &r);

	n = unhex(V_IREQ, b, sizeof(b));
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 8);
	assert_int_equal(r.u.echo.ident, 0x55);
	assert_int_equal(r.u.echo.seq, 0x66);
	reemit_same(b, n, &r);

	n = unhex(V_RADV, b, sizeof(b));
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 24);
	assert_int_equal(r.u.radv.num_addrs, 2);
	assert_int_equal(r.u.radv.entry_size, 2);
	assert_int_equal(r.u.radv.lifetime, 1800);
	assert_int_equal(r.data_len, 16);
	assert_int_equal(ik_get32(r.data), 0xc0000201);
	assert_int_equal(ik_get32(r.data + 12), 0xffffffff);
	reemit_same(b, n, &r);
}

static void radv_entries_must_fit(void **state)
{
	uint8_t b[64];
	size_t n = unhex(V_RADV, b, sizeof(b));
	struct ik_icmp_repr r;
	struct ik_wire_err e;
	uint8_t out[64];

	(void)state;
	b[4] = 3; /* 3 entries of 2 words: 24 octets, 16 present */
	fix_csum(b, n);
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, &e), -IK_ETRUNC);
	assert_int_equal(e.off, n);
	memset(&r, 0, sizeof(r));
	r.type = IK_ICMP_ROUTERADV;
	r.u.radv.num_addrs = 3;
	r.u.radv.entry_size = 2;
	r.data = b + 8;
	r.data_len = 16;
	assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), -IK_EINVAL);
}

static void known_extended_echo(void **state)
{
	uint8_t b[64];
	size_t n;
	struct ik_icmp_repr r;

	(void)state;
	n = unhex(V_XECHO, b, sizeof(b));
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 20);
	assert_int_equal(r.type, IK_ICMP_EXTECHO);
	assert_int_equal(r.u.ext_echo.ident, 0x0102);
	assert_int_equal(r.u.ext_echo.seq, 5);
	assert_true(r.u.ext_echo.local);
	assert_ptr_equal(r.ext, b + 8);
	assert_int_equal(r.ext_len, 12); /* header + the one object */
	assert_int_equal(r.data_len, 12);
	assert_null(r.quote);
	{
		struct ik_icmp_ext_iter it;
		struct ik_icmp_ext_obj o;

		assert_int_equal(ik_icmp_ext_iter_init(&it, r.ext, r.ext_len, NULL), 0);
		assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 1);
		assert_int_equal(o.class_num, 3);
		assert_int_equal(o.c_type, 2);
		assert_int_equal(ik_get32(o.payload), 7);
		assert_int_equal(ik_icmp_ext_next(&it, &o, NULL), 0);
	}
	reemit_same(b, n, &r);

	/* optional data after the object is not part of the structure
	 * (draft-ietf-intarea-rfc8335bis: the checksum covers the object only) */
	b[20] = 'z';
	b[21] = 'z';
	fix_csum(b, 22);
	assert_int_equal(ik_icmp_parse(b, 22, 0, &r, NULL), 22);
	assert_int_equal(r.ext_len, 12);
	assert_int_equal(r.data_len, 14);
	{
		struct ik_icmp_ext_iter it;

		assert_int_equal(ik_icmp_ext_iter_init(&it, r.ext, r.ext_len, NULL), 0);
	}
	reemit_same(b, 22, &r);

	n = unhex(V_XECHOREPLY, b, sizeof(b));
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 20);
	assert_int_equal(r.u.ext_echo_reply.ident, 0x0102);
	assert_int_equal(r.u.ext_echo_reply.seq, 5);
	assert_int_equal(r.u.ext_echo_reply.state, 2);
	assert_true(r.u.ext_echo_reply.active);
	assert_true(r.u.ext_echo_reply.ipv4);
	assert_false(r.u.ext_echo_reply.ipv6);
	assert_int_equal(r.ext_len, 12);
	reemit_same(b, n, &r);

	/* each flag bit alone: L is bit 0 of octet 7; A, 4, 6 are bits 2, 1, 0 */
	b[0] = 42;
	b[7] = 0xfe;
	fix_csum(b, n);
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), (int)n);
	assert_false(r.u.ext_echo.local);
	b[0] = 43;
	b[7] = 0x01;
	fix_csum(b, n);
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), (int)n);
	assert_int_equal(r.u.ext_echo_reply.state, 0);
	assert_false(r.u.ext_echo_reply.active);
	assert_false(r.u.ext_echo_reply.ipv4);
	assert_true(r.u.ext_echo_reply.ipv6);
	b[7] = 0xe0 | 0x18; /* state 7 and the two reserved bits */
	fix_csum(b, n);
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), (int)n);
	assert_int_equal(r.u.ext_echo_reply.state, 7);
	assert_false(r.u.ext_echo_reply.active || r.u.ext_echo_reply.ipv4 ||
		     r.u.ext_echo_reply.ipv6);
}

/* ---- every type: emit, then parse ---- */

enum layout { RAW, ECHO, UNREACH, REDIRECT, TIMX, PARAM, TS, MASK, RADV, XECHO, XREPLY };

static enum layout layout_of(unsigned t)
{
	switch (t) {
	case 0: case 8: case 15: case 16: return ECHO;
	case 3: return UNREACH;
	case 5: return REDIRECT;
	case 9: return RADV;
	case 11: return TIMX;
	case 12: return PARAM;
	case 13: case 14: return TS;
	case 17: case 18: return MASK;
	case 42: return XECHO;
	case 43: return XREPLY;
	default: return RAW;
	}
}

static const uint8_t payload16[16] = "0123456789abcdef";

/* fill @r for @t with distinctive values; write the octets 4.. they must
 * give into @want (hlen - 4 octets) */
static void fill_repr(unsigned t, uint8_t code, struct ik_icmp_repr *r, uint8_t *want)
{
	static const uint8_t w_echo[] = { 0xa1, 0xb2, 0xc3, 0xd4 };
	static const uint8_t w_ts[] = { 0xa1, 0xb2, 0xc3, 0xd4, 1, 2, 3, 4, 5, 6, 7, 8,
					9, 10, 11, 12 };
	static const uint8_t w_mask[] = { 0xa1, 0xb2, 0xc3, 0xd4, 0xff, 0xff, 0xf0, 0 };

	memset(r, 0, sizeof(*r));
	memset(want, 0, 16);
	r->type = (uint8_t)t;
	r->code = code;
	r->data = payload16;
	r->data_len = sizeof(payload16);
	switch (layout_of(t)) {
	case ECHO:
		r->u.echo.ident = 0xa1b2;
		r->u.echo.seq = 0xc3d4;
		memcpy(want, w_echo, 4);
		break;
	case UNREACH:
		r->u.unreach.mtu = 1492;
		if (code == 4) {
			want[2] = 0x05;
			want[3] = 0xd4;
		}
		break;
	case REDIRECT:
		r->u.redirect.gateway = 0xc0000201;
		want[0] = 0xc0;
		want[2] = 0x02;
		want[3] = 0x01;
		break;
	case TIMX:
		break;
	case PARAM:
		r->u.param.pointer = 9;
		want[0] = 9;
		break;
	case TS:
		r->u.ts.ident = 0xa1b2;
		r->u.ts.seq = 0xc3d4;
		r->u.ts.orig = 0x01020304;
		r->u.ts.recv = 0x05060708;
		r->u.ts.xmit = 0x090a0b0c;
		memcpy(want, w_ts, 16);
		break;
	case MASK:
		r->u.mask.ident = 0xa1b2;
		r->u.mask.seq = 0xc3d4;
		r->u.mask.mask = 0xfffff000;
		memcpy(want, w_mask, 8);
		break;
	case RADV:
		r->u.radv.num_addrs = 2;
		r->u.radv.entry_size = 2;
		r->u.radv.lifetime = 0x0708;
		want[0] = 2;
		want[1] = 2;
		want[2] = 7;
		want[3] = 8;
		break;
	case XECHO:
		r->u.ext_echo.ident = 0xa1b2;
		r->u.ext_echo.seq = 0x33;
		r->u.ext_echo.local = true;
		want[0] = 0xa1;
		want[1] = 0xb2;
		want[2] = 0x33;
		want[3] = 0x01;
		break;
	case XREPLY:
		r->u.ext_echo_reply.ident = 0xa1b2;
		r->u.ext_echo_reply.seq = 0x33;
		r->u.ext_echo_reply.state = 5;
		r->u.ext_echo_reply.active = true;
		r->u.ext_echo_reply.ipv6 = true;
		want[0] = 0xa1;
		want[1] = 0xb2;
		want[2] = 0x33;
		want[3] = 0xa5;
		break;
	case RAW:
		r->u.rest = 0xdeadbeef;
		want[0] = 0xde;
		want[1] = 0xad;
		want[2] = 0xbe;
		want[3] = 0xef;
		break;
	}
}

static void assert_fields_equal(const struct ik_icmp_repr *a, const struct ik_icmp_repr *b)
{
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->code, b->code);
	switch (layout_of(a->type)) {
	case ECHO:
		assert_int_equal(a->u.echo.ident, b->u.echo.ident);
		assert_int_equal(a->u.echo.seq, b->u.echo.seq);
		break;
	case UNREACH:
		assert_int_equal(a->u.unreach.length, b->u.unreach.length);
		assert_int_equal(a->u.unreach.mtu, a->code == 4 ? b->u.unreach.mtu : 0);
		break;
	case REDIRECT:
		assert_int_equal(a->u.redirect.gateway, b->u.redirect.gateway);
		break;
	case TIMX:
		assert_int_equal(a->u.time_exceeded.length, b->u.time_exceeded.length);
		break;
	case PARAM:
		assert_int_equal(a->u.param.pointer, b->u.param.pointer);
		assert_int_equal(a->u.param.length, b->u.param.length);
		break;
	case TS:
		assert_int_equal(a->u.ts.ident, b->u.ts.ident);
		assert_int_equal(a->u.ts.seq, b->u.ts.seq);
		assert_int_equal(a->u.ts.orig, b->u.ts.orig);
		assert_int_equal(a->u.ts.recv, b->u.ts.recv);
		assert_int_equal(a->u.ts.xmit, b->u.ts.xmit);
		break;
	case MASK:
		assert_int_equal(a->u.mask.ident, b->u.mask.ident);
		assert_int_equal(a->u.mask.seq, b->u.mask.seq);
		assert_int_equal(a->u.mask.mask, b->u.mask.mask);
		break;
	case RADV:
		assert_int_equal(a->u.radv.num_addrs, b->u.radv.num_addrs);
		assert_int_equal(a->u.radv.entry_size, b->u.radv.entry_size);
		assert_int_equal(a->u.radv.lifetime, b->u.radv.lifetime);
		break;
	case XECHO:
		assert_int_equal(a->u.ext_echo.ident, b->u.ext_echo.ident);
		assert_int_equal(a->u.ext_echo.seq, b->u.ext_echo.seq);
		assert_int_equal(a->u.ext_echo.local, b->u.ext_echo.local);
		break;
	case XREPLY:
		assert_int_equal(a->u.ext_echo_reply.ident, b->u.ext_echo_reply.ident);
		assert_int_equal(a->u.ext_echo_reply.seq, b->u.ext_echo_reply.seq);
		assert_int_equal(a->u.ext_echo_reply.state, b->u.ext_echo_reply.state);
		assert_int_equal(a->u.ext_echo_reply.active, b->u.ext_echo_reply.active);
		assert_int_equal(a->u.ext_echo_reply.ipv4, b->u.ext_echo_reply.ipv4);
		assert_int_equal(a->u.ext_echo_reply.ipv6, b->u.ext_echo_reply.ipv6);
		break;
	case RAW:
		assert_int_equal(a->u.rest, b->u.rest);
		break;
	}
}

static void roundtrip_one(unsigned t, uint8_t code)
{
	struct ik_icmp_repr r, p;
	uint8_t want[16];
	uint8_t out[64];
	size_t hlen = (t == 13 || t == 14) ? 20 : (t == 17 || t == 18) ? 12 : 8;
	size_t n;
	int rc;

	fill_repr(t, code, &r, want);
	rc = ik_icmp_emit(&r, out, sizeof(out));
	if (t == IK_ICMP_ALTHOSTADDR) {
		assert_int_equal(rc, -IK_ETYPE); /* decode only */
		return;
	}
	assert_int_equal(rc, (int)(hlen + 16));
	n = (size_t)rc;
	assert_int_equal(ik_icmp_emit_len(&r), n);
	assert_int_equal(out[0], t);
	assert_int_equal(out[1], code);
	assert_int_equal(ref_csum(out, n), 0);
	if (memcmp(out + 4, want, hlen - 4))
		fail_msg("type %u code %u: octets 4.. differ", t, code);
	assert_memory_equal(out + hlen, payload16, 16);

	rc = parse_exact(out, n, 0, &p, NULL);
	assert_int_equal(rc, (int)n);
	/* parse_exact freed its copy: parse in place for the pointers */
	assert_int_equal(ik_icmp_parse(out, n, 0, &p, NULL), (int)n);
	assert_fields_equal(&p, &r);
	assert_int_equal(p.csum, ik_get16(out + 2));
	assert_ptr_equal(p.data, out + hlen);
	assert_int_equal(p.data_len, 16);
	if (t == 3 || t == 4 || t == 5 || t == 11 || t == 12 || t == 40) {
		assert_ptr_equal(p.quote, out + hlen);
		assert_int_equal(p.quote_len, 16);
	} else {
		assert_null(p.quote);
	}
	if (t == 42 || t == 43)
		assert_ptr_equal(p.ext, out + hlen);
	else
		assert_null(p.ext);
	assert_false(p.ext_compat);
}

static void roundtrip_every_type(void **state)
{
	unsigned t;

	(void)state;
	for (t = 0; t < 256; t++) {
		roundtrip_one(t, 0);
		roundtrip_one(t, 1);
		roundtrip_one(t, 255);
	}
	roundtrip_one(3, 4);
	roundtrip_one(3, 13);
	roundtrip_one(11, 1);
	roundtrip_one(12, 2);
}

static void roundtrip_rfc4884_length_without_ext(void **state)
{
	static const uint8_t types[] = { 3, 11, 12 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(types); i++) {
		struct ik_icmp_repr r, p;
		uint8_t want[16], out[64];
		uint8_t words;

		for (words = 3; words <= 5; words++) {
			fill_repr(types[i], 0, &r, want);
			if (types[i] == 3)
				r.u.unreach.length = words;
			else if (types[i] == 11)
				r.u.time_exceeded.length = words;
			else
				r.u.param.length = words;
			if (words == 5) { /* 20 octets > 16 of data */
				assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), -IK_EINVAL);
				continue;
			}
			assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), 24);
			assert_int_equal(out[5], words);
			if (words == 3) {
				/* 12 octets then 4 more: an extension before octet 128 */
				assert_int_equal(ik_icmp_parse(out, 24, 0, &p, NULL), -IK_ELEN);
				continue;
			}
			assert_int_equal(ik_icmp_parse(out, 24, 0, &p, NULL), 24);
			assert_fields_equal(&p, &r);
			assert_int_equal(p.quote_len, 16);
			assert_null(p.ext);
		}
	}
}

static void emit_errors(void **state)
{
	struct ik_icmp_repr r;
	uint8_t want[16], out[2048], ext[16];
	uint8_t big[1100];

	(void)state;
	/* cap one short */
	fill_repr(8, 0, &r, want);
	assert_int_equal(ik_icmp_emit(&r, out, 23), -IK_ENOSPC);
	assert_int_equal(ik_icmp_emit(&r, out, 24), 24);

	/* extension on a type that cannot carry one */
	assert_int_equal(ik_icmp_ext_emit(1, 1, (const uint8_t *)"\0\0\x31\x01", 4, ext,
					  sizeof(ext)), 12);
	r.ext = ext;
	r.ext_len = 12;
	assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), -IK_EINVAL);

	/* length attribute past the data */
	fill_repr(11, 0, &r, want);
	r.u.time_exceeded.length = 5; /* 20 octets > 16 */
	assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), -IK_EINVAL);

	/* a quote too long for an 8-bit word count */
	memset(big, 0x45, sizeof(big));
	fill_repr(3, 3, &r, want);
	r.data = big;
	r.data_len = 1021;
	r.ext = ext;
	r.ext_len = 12;
	assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), -IK_EINVAL);
	r.data_len = 1020;
	assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), 8 + 1020 + 12);
	assert_int_equal(out[5], 255);

	/* NULL data with a length */
	fill_repr(0, 0, &r, want);
	r.data = NULL;
	assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), -IK_EINVAL);
}

static void emit_with_extension_padding(void **state)
{
	uint8_t quote[130], ext[16], out[512];
	struct ik_icmp_repr r, p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(quote); i++)
		quote[i] = (uint8_t)(i + 1);
	assert_int_equal(ik_icmp_ext_emit(1, 1, (const uint8_t *)"\x03\xe8\x41\x01", 4, ext,
					  sizeof(ext)), 12);

	/* 130 octets: padded to 132, length 33 */
	memset(&r, 0, sizeof(r));
	r.type = 11;
	r.data = quote;
	r.data_len = 130;
	r.ext = ext;
	r.ext_len = 12;
	memset(out, 0xee, sizeof(out));
	assert_int_equal(ik_icmp_emit_len(&r), 8 + 132 + 12);
	assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), 8 + 132 + 12);
	assert_int_equal(out[5], 33);
	assert_memory_equal(out + 8, quote, 130);
	assert_int_equal(out[138], 0);
	assert_int_equal(out[139], 0);
	assert_memory_equal(out + 140, ext, 12);
	assert_int_equal(ref_csum(out, 152), 0);
	assert_int_equal(ik_icmp_parse(out, 152, 0, &p, NULL), 152);
	assert_int_equal(p.quote_len, 132);
	assert_int_equal(p.ext_len, 12);

	/* 1 octet: padded to 128, length 32 */
	r.type = 3;
	r.code = 4;
	r.u.unreach.mtu = 1280;
	r.data_len = 1;
	assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), 8 + 128 + 12);
	assert_int_equal(out[5], 32);
	assert_int_equal(ik_get16(out + 6), 1280);
	for (i = 9; i < 136; i++)
		assert_int_equal(out[i], 0);
	assert_int_equal(ik_icmp_parse(out, 148, 0, &p, NULL), 148);
	assert_int_equal(p.u.unreach.mtu, 1280);
	assert_int_equal(p.u.unreach.length, 32);
	assert_ptr_equal(p.ext, out + 136);

	/* Parameter Problem: pointer and length side by side */
	r.type = 12;
	r.code = 0;
	r.u.param.pointer = 22;
	r.u.param.length = 0;
	assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), 148);
	assert_int_equal(out[4], 22);
	assert_int_equal(out[5], 32);
}

static void emit_in_place(void **state)
{
	uint8_t out[64];
	struct ik_icmp_repr r;
	uint8_t want[16];

	(void)state;
	fill_repr(8, 0, &r, want);
	memcpy(out + 8, payload16, 16);
	r.data = out + 8;
	assert_int_equal(ik_icmp_emit(&r, out, sizeof(out)), 24);
	assert_memory_equal(out + 8, payload16, 16);
	assert_int_equal(ref_csum(out, 24), 0);
	/* reply in place: parse, flip the type, emit over the same buffer */
	assert_int_equal(ik_icmp_parse(out, 24, 0, &r, NULL), 24);
	r.type = IK_ICMP_ECHOREPLY;
	assert_int_equal(ik_icmp_emit(&r, out, 24), 24);
	assert_int_equal(out[0], 0);
	assert_int_equal(ik_get16(out + 4), 0xa1b2);
	assert_memory_equal(out + 8, payload16, 16);
	assert_int_equal(ref_csum(out, 24), 0);
}

/* ---- checksum ---- */

static void checksum_errors(void **state)
{
	size_t v;

	(void)state;
	for (v = 0; v < sizeof(all_vectors) / sizeof(all_vectors[0]); v++) {
		uint8_t b[256];
		size_t n = unhex(all_vectors[v], b, sizeof(b));
		size_t i;

		for (i = 0; i < n; i++) {
			struct ik_icmp_repr r;
			struct ik_wire_err e;

			b[i] ^= 0x01;
			memset(&e, 0, sizeof(e));
			if (ik_icmp_hdr_len(b[0]) > n) {
				/* a new type whose fixed fields are longer: that
				 * is checked first */
				assert_int_equal(ik_icmp_parse(b, n, 0, &r, &e), -IK_ETRUNC);
				b[i] ^= 0x01;
				continue;
			}
			assert_int_equal(ik_icmp_parse(b, n, 0, &r, &e), -IK_ECHECKSUM);
			assert_int_equal(e.code, IK_ECHECKSUM);
			assert_int_equal(e.off, 2);
			assert_non_null(strstr(e.msg, "checksum"));
			b[i] ^= 0x01;
		}
	}
}

static void checksum_skipped_with_flag(void **state)
{
	uint8_t b[64];
	size_t n = unhex(V_ECHO, b, sizeof(b));
	struct ik_icmp_repr r;

	(void)state;
	b[2] ^= 0xff;
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), -IK_ECHECKSUM);
	assert_int_equal(ik_icmp_parse(b, n, IK_ICMP_NO_CSUM, &r, NULL), (int)n);
	assert_int_equal(r.csum, 0x542f ^ 0xff00);
	/* an odd length is summed with a zero pad octet */
	n = unhex("08000000123400076162636465666768" "69", b, sizeof(b));
	fix_csum(b, n);
	assert_int_equal(ik_icmp_parse(b, n, 0, &r, NULL), 17);
}

/* ---- truncation ---- */

static void truncation_vectors(void **state)
{
	size_t v;

	(void)state;
	for (v = 0; v < sizeof(all_vectors) / sizeof(all_vectors[0]); v++) {
		uint8_t b[256];
		size_t n = unhex(all_vectors[v], b, sizeof(b));
		size_t hlen = ik_icmp_hdr_len(b[0]);
		size_t k;

		for (k = 0; k <= n; k++) {
			struct ik_icmp_repr r;
			struct ik_wire_err e;
			int rc = parse_exact(b, k, IK_ICMP_NO_CSUM, &r, &e);

			if (k < hlen) {
				assert_int_equal(rc, -IK_ETRUNC);
				assert_int_equal(e.off, k);
				continue;
			}
			if (b[0] == IK_ICMP_ROUTERADV && k < 24) {
				assert_int_equal(rc, -IK_ETRUNC);
				continue;
			}
			if (b[0] == IK_ICMP_TIMXCEED && b[5] == 32) {
				/* quote of 128 announced */
				if (k < 136)
					assert_int_equal(rc, -IK_ELEN);
				else if (k == 136) /* the quote alone */
					assert_int_equal(rc, (int)k);
				else if (k < 140)
					assert_int_equal(rc, -IK_EEXT);
				else if (k < n)
					assert_int_equal(rc, -IK_ECHECKSUM);
				else
					assert_int_equal(rc, (int)k);
				continue;
			}
			assert_int_equal(rc, (int)k);
			if (b[0] == IK_ICMP_TIMXCEED) /* compat: only whole */
				assert_int_equal(r.ext_compat, k == n);
			/* and with the checksum on: no overread, a verdict */
			rc = parse_exact(b, k, 0, &r, NULL);
			assert_true(rc == (int)k || rc == -IK_ECHECKSUM);
			if (k == n)
				assert_int_equal(rc, (int)k);
		}
	}
}

static void truncation_every_type(void **state)
{
	unsigned t;

	(void)state;
	for (t = 0; t < 256; t++) {
		struct ik_icmp_repr r, p;
		uint8_t want[16], out[64];
		size_t hlen = ik_icmp_hdr_len((uint8_t)t);
		int n;
		size_t k;

		if (t == IK_ICMP_ALTHOSTADDR)
			continue;
		fill_repr(t, 0, &r, want);
		n = ik_icmp_emit(&r, out, sizeof(out));
		assert_true(n > 0);
		for (k = 0; k <= (size_t)n; k++) {
			int rc = parse_exact(out, k, IK_ICMP_NO_CSUM, &p, NULL);

			if (k < hlen || (t == IK_ICMP_ROUTERADV && k < hlen + 16))
				assert_int_equal(rc, -IK_ETRUNC);
			else
				assert_int_equal(rc, (int)k);
		}
	}
}

/* ---- the quoted datagram ---- */

static void quote_icmp_echo(void **state)
{
	uint8_t b[64];
	size_t n = unhex(Q_ECHO, b, sizeof(b));
	struct ik_quote q;

	(void)state;
	assert_int_equal(ik_icmp_quote_parse(b, n, &q, NULL), 0);
	assert_true(q.ip_ok);
	assert_true(q.ip_csum_ok);
	assert_int_equal(q.ip.proto, 1);
	assert_false(q.has_ports);
	assert_true(q.has_icmp);
	assert_int_equal(q.icmp_type, 8);
	assert_int_equal(q.icmp_code, 0);
	assert_int_equal(q.icmp_ident, 0x4242);
	assert_int_equal(q.icmp_seq, 9);

	/* only 4 octets of ICMP: type and code, no ident */
	assert_int_equal(ik_icmp_quote_parse(b, 24, &q, NULL), 0);
	assert_true(q.has_icmp);
	assert_int_equal(q.icmp_type, 8);
	assert_int_equal(q.icmp_ident, 0);
	assert_int_equal(q.icmp_seq, 0);
	/* 3 octets: nothing */
	assert_int_equal(ik_icmp_quote_parse(b, 23, &q, NULL), 0);
	assert_false(q.has_icmp);

	/* a quoted error has no ident to report */
	b[20] = 3;
	assert_int_equal(ik_icmp_quote_parse(b, n, &q, NULL), 0);
	assert_true(q.has_icmp);
	assert_int_equal(q.icmp_type, 3);
	assert_int_equal(q.icmp_ident, 0);

	/* extended echo: 16-bit ident, 8-bit sequence */
	b[20] = 42;
	assert_int_equal(ik_icmp_quote_parse(b, n, &q, NULL), 0);
	assert_int_equal(q.icmp_ident, 0x4242);
	assert_int_equal(q.icmp_seq, 0);
	b[26] = 0x77;
	assert_int_equal(ik_icmp_quote_parse(b, n, &q, NULL), 0);
	assert_int_equal(q.icmp_seq, 0x77);
}

static void quote_tcp_truncated(void **state)
{
	uint8_t b[64];
	size_t n = unhex(Q_TCP, b, sizeof(b));
	struct ik_quote q;

	(void)state;
	assert_int_equal(ik_icmp_quote_parse(b, n, &q, NULL), 0);
	assert_true(q.ip.df);
	assert_int_equal(q.ip.total_len, 40); /* more than was quoted */
	assert_int_equal(q.l4_len, 8);
	assert_int_equal(q.sport, 443);
	assert_int_equal(q.dport, 51000);
	assert_int_equal(q.tcp_seq, 0xdeadbeef);
	/* 4 octets of TCP: ports but no sequence */
	assert_int_equal(ik_icmp_quote_parse(b, 24, &q, NULL), 0);
	assert_true(q.has_ports);
	assert_int_equal(q.dport, 51000);
	assert_int_equal(q.tcp_seq, 0);
	assert_int_equal(q.l4_len, 4);
	/* 3 octets: no ports */
	assert_int_equal(ik_icmp_quote_parse(b, 23, &q, NULL), 0);
	assert_false(q.has_ports);
	assert_int_equal(q.l4_len, 3);
	/* only the header */
	assert_int_equal(ik_icmp_quote_parse(b, 20, &q, NULL), 0);
	assert_true(q.ip_ok);
	assert_false(q.has_ports);
	assert_int_equal(q.l4_len, 0);
}

static void quote_udp_truncated(void **state)
{
	uint8_t b[64];
	size_t n = unhex(V_UNREACH4, b, sizeof(b));
	struct ik_quote q;

	(void)state;
	(void)n;
	/* 4 octets of UDP: ports, no length */
	assert_int_equal(ik_icmp_quote_parse(b + 8, 24, &q, NULL), 0);
	assert_true(q.has_ports);
	assert_int_equal(q.sport, 1234);
	assert_int_equal(q.dport, 53);
	assert_int_equal(q.udp_len, 0);
	assert_int_equal(ik_icmp_quote_parse(b + 8, 26, &q, NULL), 0);
	assert_int_equal(q.udp_len, 8);
}

static void quote_every_length(void **state)
{
	static const char *const quotes[] = { Q_ECHO, Q_TCP, Q_FRAG, V_QUOTE28 };
	size_t v;

	(void)state;
	for (v = 0; v < sizeof(quotes) / sizeof(quotes[0]); v++) {
		uint8_t b[64];
		size_t n = unhex(quotes[v], b, sizeof(b));
		size_t k;

		for (k = 0; k <= n; k++) {
			uint8_t *c = malloc(k ? k : 1);
			struct ik_quote q;
			struct ik_wire_err e;
			int rc;

			assert_non_null(c);
			memcpy(c, b, k);
			rc = ik_icmp_quote_parse(c, k, &q, &e);
			if (k < 20) {
				assert_int_equal(rc, -IK_ETRUNC);
				assert_false(q.ip_ok);
			} else {
				assert_int_equal(rc, 0);
				assert_int_equal(q.l4_len, k - 20);
				assert_int_equal(q.has_ports,
						 (b[9] == 6 || b[9] == 17) && k >= 24 && v != 2);
				assert_int_equal(q.has_icmp, b[9] == 1 && k >= 24);
			}
			free(c);
		}
	}
}

static void quote_non_initial_fragment(void **state)
{
	uint8_t b[64];
	size_t n = unhex(Q_FRAG, b, sizeof(b));
	struct ik_quote q;

	(void)state;
	assert_int_equal(ik_icmp_quote_parse(b, n, &q, NULL), 0);
	assert_int_equal(q.ip.frag_off, 185 * 8);
	assert_int_equal(q.l4_len, 8);
	assert_false(q.has_ports); /* those octets are mid-datagram data */
	assert_int_equal(q.sport, 0);
}

static void quote_bad_headers(void **state)
{
	uint8_t b[64];
	size_t n = unhex(V_QUOTE28, b, sizeof(b));
	struct ik_quote q;
	struct ik_wire_err e;
	uint8_t c[64];

	(void)state;
	/* bad inner checksum: decoded, flagged */
	memcpy(c, b, n);
	c[10] ^= 0x40;
	assert_int_equal(ik_icmp_quote_parse(c, n, &q, NULL), 0);
	assert_true(q.ip_ok);
	assert_false(q.ip_csum_ok);
	assert_int_equal(q.dport, 33435);

	/* version 6 */
	memcpy(c, b, n);
	c[0] = 0x65;
	assert_int_equal(ik_icmp_quote_parse(c, n, &q, &e), -IK_EVERSION);
	assert_int_equal(e.off, 0);
	assert_false(q.ip_ok);
	assert_false(q.has_ports);

	/* IHL 4 */
	c[0] = 0x44;
	assert_int_equal(ik_icmp_quote_parse(c, n, &q, &e), -IK_EIHL);
	assert_false(q.ip_ok);

	/* IHL 8 (32 octets) in a 28-octet quote */
	c[0] = 0x48;
	assert_int_equal(ik_icmp_quote_parse(c, n, &q, &e), -IK_EIHL);

	/* total length below the header length: fixed fields still read */
	memcpy(c, b, n);
	c[2] = 0;
	c[3] = 10;
	assert_int_equal(ik_icmp_quote_parse(c, n, &q, NULL), 0);
	assert_true(q.ip_ok);
	assert_int_equal(q.ip.src, 0xc0000201);
	assert_int_equal(q.ip.total_len, 10);
	assert_int_equal(q.l4_len, 8);
	assert_int_equal(q.sport, 33434);
}

static void quote_malformed_option(void **state)
{
	/* the header a Parameter Problem points into: RR with length 2 */
	uint8_t b[64];
	size_t n = unhex("46000020000900004011000ac0000201c6336402" "07020000" "04d2003500080000",
			 b, sizeof(b));
	struct ik_quote q;

	(void)state;
	assert_int_equal(ik_icmp_quote_parse(b, n, &q, NULL), 0);
	assert_true(q.ip_ok);
	assert_int_equal(q.hdr_len, 24);
	assert_int_equal(q.ip.proto, 17);
	assert_int_equal(q.ip.src, 0xc0000201);
	assert_int_equal(q.ip.dst, 0xc6336402);
	assert_int_equal(q.ip.opts_len, 4);
	assert_true(q.has_ports);
	assert_int_equal(q.sport, 1234);
	assert_int_equal(q.dport, 53);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(is_error_table),
		cmocka_unit_test(hdr_len_table),
		cmocka_unit_test(known_echo),
		cmocka_unit_test(known_unreach_needfrag),
		cmocka_unit_test(unreach_mtu_only_code4),
		cmocka_unit_test(known_redirect),
		cmocka_unit_test(known_param),
		cmocka_unit_test(known_timxceed_rfc4884),
		cmocka_unit_test(known_timxceed_compat),
		cmocka_unit_test(compat_heuristic_negatives),
		cmocka_unit_test(rfc4884_length_checks),
		cmocka_unit_test(known_informational),
		cmocka_unit_test(radv_entries_must_fit),
		cmocka_unit_test(known_extended_echo),
		cmocka_unit_test(roundtrip_every_type),
		cmocka_unit_test(roundtrip_rfc4884_length_without_ext),
		cmocka_unit_test(emit_errors),
		cmocka_unit_test(emit_with_extension_padding),
		cmocka_unit_test(emit_in_place),
		cmocka_unit_test(checksum_errors),
		cmocka_unit_test(checksum_skipped_with_flag),
		cmocka_unit_test(truncation_vectors),
		cmocka_unit_test(truncation_every_type),
		cmocka_unit_test(quote_icmp_echo),
		cmocka_unit_test(quote_tcp_truncated),
		cmocka_unit_test(quote_udp_truncated),
		cmocka_unit_test(quote_every_length),
		cmocka_unit_test(quote_non_initial_fragment),
		cmocka_unit_test(quote_bad_headers),
		cmocka_unit_test(quote_malformed_option),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
