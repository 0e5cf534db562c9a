// SPDX-License-Identifier: MIT
/*
 * fuzz_wire.c - libFuzzer target over the wire parsers
 *
 * The input is taken as an IPv4 datagram and walked the way the stack walks
 * one: ik_ipv4_parse() (with and without checksum verification, so mutated
 * packets get past the checksum), the option walk, then ik_icmp_parse() with
 * the quote and the RFC 4884 extension walk, or ik_udp_parse(), or
 * ik_tcp_parse() and the TCP option walk. The same bytes are also fed
 * straight to the ICMP, UDP, TCP, quote and extension parsers,
 * and taken as a captured frame of every link type ik_cap_strip() knows.
 *
 * Besides memory errors (ASan) and undefined behaviour (UBSan), it traps when
 * a parser breaks its own contract: a success whose lengths or pointers leave
 * the buffer, a failure without a negative code and a matching err.code, an
 * IPv4, UDP or TCP header that does not emit back to the same octets, an ICMP
 * message whose re-emission does not parse back the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/capread.h"
#include "icmpkit/checksum.h"
#include "icmpkit/err.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv6.h"
#include "icmpkit/tcp.h"
#include "icmpkit/udp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/**
 * broken() - a contract was broken: say which and stop with a crash
 * @what: the contract
 */
static void broken(const char *what)
{
	fprintf(stderr, "fuzz_wire: contract broken: %s\n", what);
	__builtin_trap();
}

#define CHECK(cond) do { if (!(cond)) broken(#cond); } while (0)

/**
 * within() - [@p, @p + @n) lies inside [@base, @base + @len)
 * @p:    pointer (NULL allowed when @n is 0)
 * @n:    octets
 * @base: buffer
 * @len:  its length
 *
 * Return: true if inside.
 */
static bool within(const uint8_t *p, size_t n, const uint8_t *base, size_t len)
{
	if (!p)
		return n == 0;
	return p >= base && (size_t)(p - base) <= len && n <= len - (size_t)(p - base);
}

/**
 * failed_ok() - a failure is well formed
 * @rc:  return value
 * @err: error report
 * @len: octets the parser was given
 */
static void failed_ok(int rc, const struct ik_wire_err *err, size_t len)
{
	CHECK(rc < 0 && rc > -IK_ERRMAX);
	CHECK(err->code == -rc);
	CHECK(err->off <= len);
	CHECK(memchr(err->msg, 0, sizeof(err->msg)) != NULL);
}

/**
 * walk_options() - walk an options area to its end
 * @p:   area
 * @len: its length
 *
 * Return: 0 at a clean end, or the walker's error.
 */
static int walk_options(const uint8_t *p, size_t len)
{
	struct ik_ipv4_opt_iter it;
	struct ik_wire_err err;
	struct ik_ipv4_opt o;
	int rc, n = 0;

	ik_ipv4_opt_iter_init(&it, p, len);
	while ((rc = ik_ipv4_opt_next(&it, &o, &err)) == 1) {
		CHECK(++n <= 40);
		CHECK(o.off < len && o.len >= 1 && o.len <= len - o.off);
		CHECK(o.raw == p + o.off && o.raw[0] == o.type);
	}
	if (rc < 0)
		failed_ok(rc, &err, len);
	else
		CHECK(rc == 0);
	return rc;
}

/**
 * walk_ext() - walk an extension structure and its MPLS entries
 * @p:   structure
 * @len: its length
 */
static void walk_ext(const uint8_t *p, size_t len)
{
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;
	struct ik_wire_err err;
	struct ik_mpls_entry e;
	int rc, n = 0;

	rc = ik_icmp_ext_iter_init(&it, p, len, &err);
	if (rc) {
		failed_ok(rc, &err, len);
		return;
	}
	while ((rc = ik_icmp_ext_next(&it, &o, &err)) == 1) {
		CHECK(++n <= 16384);
		CHECK(o.len >= 4 && o.off + o.len <= len);
		CHECK(o.payload == p + o.off + 4 && o.payload_len == (size_t)o.len - 4);
		if (o.class_num == IK_ICMP_EXT_CLASS_MPLS)
			for (size_t k = 0; k + 4 <= o.payload_len; k += 4) {
				ik_mpls_entry_get(o.payload + k, &e);
				CHECK(e.label < (1u << 20) && e.tc < 8);
			}
	}
	if (rc < 0)
		failed_ok(rc, &err, len);
	else
		CHECK(rc == 0);
}

/**
 * quote() - decode a quote
 * @p:   quote
 * @len: its length
 */
static void quote(const uint8_t *p, size_t len)
{
	struct ik_wire_err err;
	struct ik_quote q;
	int rc = ik_icmp_quote_parse(p, len, &q, &err);

	if (rc < 0) {
		failed_ok(rc, &err, len);
		return;
	}
	CHECK(rc == 0);
	if (!q.ip_ok)
		return;
	CHECK(q.hdr_len >= 20 && q.hdr_len <= 60 && q.hdr_len <= len);
	CHECK(within(q.l4, q.l4_len, p, len));
	if (q.ip.opts_len)
		walk_options(q.ip.opts, q.ip.opts_len);
}

/**
 * icmp() - parse an ICMP message and everything inside it
 * @p:     message
 * @len:   its length
 * @flags: ik_icmp_parse() flags
 */
static void icmp(const uint8_t *p, size_t len, unsigned flags)
{
	static uint8_t out[65536 + 64];
	struct ik_icmp_repr r, r2;
	struct ik_wire_err err;
	int rc = ik_icmp_parse(p, len, flags, &r, &err);

	if (rc < 0) {
		failed_ok(rc, &err, len);
		return;
	}
	CHECK((size_t)rc == len);
	CHECK(len >= ik_icmp_hdr_len(r.type));
	CHECK(within(r.data, r.data_len, p, len));
	CHECK(r.data_len == len - ik_icmp_hdr_len(r.type));
	CHECK(within(r.quote, r.quote_len, p, len));
	CHECK(within(r.ext, r.ext_len, p, len));
	if (r.quote)
		quote(r.quote, r.quote_len);
	if (r.ext)
		walk_ext(r.ext, r.ext_len);

	/* emit what was parsed: the same octets after the fixed fields, and a
	 * message that parses back to the same type, code and data */
	if (r.ext || len > sizeof(out))
		return;
	rc = ik_icmp_emit(&r, out, sizeof(out));
	if (rc < 0) {
		CHECK(rc == -IK_ETYPE || rc == -IK_EINVAL);
		return;
	}
	CHECK((size_t)rc == len);
	CHECK(out[0] == p[0] && out[1] == p[1]);
	CHECK(!memcmp(out + ik_icmp_hdr_len(r.type), r.data, r.data_len));
	CHECK(ik_csum(out, len) == 0);
	rc = ik_icmp_parse(out, len, 0, &r2, &err);
	CHECK(rc == (int)len);
	CHECK(r2.type == r.type && r2.code == r.code && r2.data_len == r.data_len);
	CHECK(r2.quote_len == r.quote_len && !r2.ext == !r.ext);
}

/**
 * udp() - parse a UDP datagram and emit it back
 * @p:     datagram
 * @len:   its length
 * @src:   IP source
 * @dst:   IP destination
 * @flags: ik_udp_parse() flags
 */
static void udp(const uint8_t *p, size_t len, uint32_t src, uint32_t dst, unsigned flags)
{
	static uint8_t out[65536];
	struct ik_wire_err err;
	struct ik_udp_repr u;
	int rc = ik_udp_parse(p, len, src, dst, flags, &u, &err);

	if (rc < 0) {
		failed_ok(rc, &err, len);
		return;
	}
	CHECK(rc == IK_UDP_HDR_LEN);
	CHECK(u.len >= 8 && u.len <= len);
	CHECK(u.payload == p + 8 && u.payload_len == (size_t)u.len - 8);
	rc = ik_udp_emit(&u, src, dst, out, sizeof(out));
	CHECK(rc == u.len);
	CHECK(!memcmp(out, p, 6));
	CHECK(!memcmp(out + 8, p + 8, u.payload_len));
	if (!(flags & IK_UDP_NO_CSUM) && u.csum)
		CHECK(!memcmp(out, p, u.len));
	CHECK(ik_udp_checksum(out, u.len, src, dst) == ik_get16(out + 6));
}

/**
 * tcp() - parse a TCP segment, walk its options, and emit it back
 * @p:     segment
 * @len:   its length
 * @src:   IP source
 * @dst:   IP destination
 * @flags: ik_tcp_parse() flags
 */
static void tcp(const uint8_t *p, size_t len, uint32_t src, uint32_t dst, unsigned flags)
{
	static uint8_t out[65536];
	struct ik_wire_err err;
	struct ik_tcp_repr t;
	struct ik_tcp_opts o;
	int rc = ik_tcp_parse(p, len, src, dst, flags, &t, &err);

	if (rc < 0) {
		failed_ok(rc, &err, len);
		/* the lengths are kept only once the Data Offset passed */
		if (rc != -IK_ECHECKSUM)
			CHECK(t.hdr_len == 0 && !t.opts && !t.payload);
		return;
	}
	CHECK((size_t)rc == t.hdr_len && t.hdr_len >= 20 && t.hdr_len <= 60 && t.hdr_len <= len);
	CHECK(t.opts_len == t.hdr_len - 20 && (t.opts_len ? t.opts == p + 20 : !t.opts));
	CHECK(t.payload == p + t.hdr_len && t.payload_len == len - t.hdr_len);
	CHECK(ik_tcp_seg_len(&t) >= t.payload_len && ik_tcp_seg_len(&t) <= t.payload_len + 2);
	rc = ik_tcp_opts_parse(t.opts, t.opts_len, &o, &err);
	if (rc < 0)
		failed_ok(rc, &err, t.opts_len);
	else
		CHECK(!(o.has & IK_TCPO_SACK) || (o.sack_blocks >= 1 && o.sack_blocks <= 4));
	if (len > 65535 - 20)
		return;
	rc = ik_tcp_emit(&t, src, dst, out, sizeof(out));
	CHECK(rc >= 0 && (size_t)rc == len);
	/* everything but the reserved bits and the checksum comes back (a
	 * verified checksum may still differ: 0x0000 and 0xffff both verify
	 * when the sum is zero) */
	CHECK(!memcmp(out, p, 12) && out[13] == p[13] && !memcmp(out + 14, p + 14, 2));
	CHECK(!memcmp(out + 18, p + 18, len - 18));
	CHECK((out[12] >> 4) == (p[12] >> 4));
	CHECK(ik_tcp_checksum(out, len, src, dst) == ik_get16(out + 16));
}

/**
 * ipv4() - parse a datagram and what it carries
 * @p:     datagram
 * @len:   its length
 * @flags: ik_ipv4_parse() flags
 */
static void ipv4(const uint8_t *p, size_t len, unsigned flags)
{
	static uint8_t out[IK_IPV4_HDR_MAX];
	struct ik_ipv4_view v;
	struct ik_ipv4_repr r;
	struct ik_wire_err err;
	int hl, vl, rc;
	const uint8_t *l4;

	vl = ik_ipv4_view_init(&v, p, len);
	hl = ik_ipv4_parse(p, len, flags, &r, &err);
	if (hl < 0) {
		failed_ok(hl, &err, len);
		return;
	}
	CHECK(vl == hl);
	CHECK(hl >= 20 && hl <= 60 && (size_t)hl <= len);
	CHECK(r.total_len == ik_ipv4_total_len(&v) && r.ttl == ik_ipv4_ttl(&v));
	CHECK(r.payload_len == (size_t)r.total_len - (size_t)hl);
	/* a quoted header may announce more than the quote holds */
	CHECK((flags & IK_IPV4_QUOTED) || (size_t)r.total_len <= len);
	CHECK(within(r.opts, r.opts_len, p, (size_t)hl));
	CHECK(walk_options(p + 20, (size_t)hl - 20) == 0);

	/* the header emits back to the same octets (checksum included when it
	 * was verified) */
	rc = ik_ipv4_emit(&r, out, sizeof(out));
	CHECK(rc == hl);
	CHECK(!memcmp(out, p, 10) && !memcmp(out + 12, p + 12, (size_t)hl - 12));
	/* ones' complement has two zeros: a received 0xffff verifies, and the
	 * emitter writes the other zero, 0x0000 (RFC 1624 §3) */
	if (!(flags & IK_IPV4_NO_CSUM))
		CHECK(!memcmp(out + 10, p + 10, 2) ||
		      (ik_get16(p + 10) == 0xffff && ik_get16(out + 10) == 0));
	CHECK(ik_csum(out, (size_t)hl) == 0);

	if (r.mf || r.frag_off || (flags & IK_IPV4_QUOTED))
		return;
	l4 = p + hl;
	if (r.proto == IK_IPPROTO_ICMP) {
		icmp(l4, r.payload_len, 0);
		icmp(l4, r.payload_len, IK_ICMP_NO_CSUM);
	} else if (r.proto == IK_IPPROTO_UDP) {
		udp(l4, r.payload_len, r.src, r.dst, 0);
		udp(l4, r.payload_len, r.src, r.dst, IK_UDP_NO_CSUM);
	} else if (r.proto == IK_IPPROTO_TCP) {
		tcp(l4, r.payload_len, r.src, r.dst, 0);
		tcp(l4, r.payload_len, r.src, r.dst, IK_TCP_NO_CSUM);
	}
}

/**
 * strip() - take @p as a captured frame of each link type; a datagram
 * found must lie inside the frame, a skip or an unreadable frame must say
 * why (one of the two, NUL-terminated), and an IPv4 datagram is walked on
 * @p:   frame
 * @len: its length
 */
static void strip(const uint8_t *p, size_t len)
{
	static const int dlts[] = { 1 /* EN10MB */, 101 /* RAW */, 228 /* IPV4 */,
				    113 /* LINUX_SLL */, 276 /* LINUX_SLL2 */, 0 /* NULL */,
				    108 /* LOOP */, 105 /* IEEE802_11: unsupported */ };

	for (size_t i = 0; i < sizeof(dlts) / sizeof(dlts[0]); i++) {
		struct ik_cap_pkt c;
		int rc;

		memset(&c, 0xa5, sizeof(c));
		rc = ik_cap_strip(dlts[i], p, len, &c);
		CHECK(c.frame == p);
		CHECK(memchr(c.skip, 0, sizeof(c.skip)) && memchr(c.bad, 0, sizeof(c.bad)));
		CHECK(ik_cap_link_supported(dlts[i]) == (c.link != NULL));
		if (rc == 0) {
			CHECK(!c.skip[0] && !c.bad[0] && c.data);
			CHECK(within(c.data, c.len, p, len));
			if (dlts[i] == 1) /* one walk of the datagram is enough */
				ipv4(c.data, c.len, IK_IPV4_NO_CSUM);
		} else {
			CHECK(rc == 1 ? c.skip[0] && !c.bad[0] : rc == -1 && c.bad[0] && !c.skip[0]);
			CHECK(!c.data && !c.len);
		}
	}
}

/**
 * LLVMFuzzerTestOneInput() - one input
 * @data: bytes
 * @size: their count
 *
 * Return: 0 (libFuzzer's convention).
 */
/**
 * sums() - every checksum implementation this CPU has agrees with the
 * portable one, at every start offset 0..7 (alignment), with and without
 * a carried-in sum; ik_csum_copy_long() copies what it sums; the RFC 1624
 * updates agree with summing again
 * @p / @len: data
 */
static void sums(const uint8_t *p, size_t len)
{
	static uint8_t dst[65536 + 8];
	uint32_t acc = len >= 4 ? ik_get32(p) : 0x1234u;

	for (size_t off = 0; off < 8 && off <= len; off++) {
		size_t n = len - off;
		uint16_t ref = ik_csum_finish(ik_csum_partial_with(IK_CSUM_PORTABLE, p + off, n, 0));
		uint16_t refa = ik_csum_finish(ik_csum_partial_with(IK_CSUM_PORTABLE, p + off, n, acc));

		for (int i = IK_CSUM_AUTO; i < IK_CSUM_NIMPL; i++) {
			if (!ik_csum_available((enum ik_csum_impl)i))
				continue;
			CHECK(ik_csum_impl_name((enum ik_csum_impl)i) != NULL);
			CHECK(ik_csum_finish(ik_csum_partial_with((enum ik_csum_impl)i, p + off, n, 0)) == ref);
			CHECK(ik_csum_finish(ik_csum_partial_with((enum ik_csum_impl)i, p + off, n, acc)) ==
			      refa);
		}
		CHECK(ik_csum_finish(ik_csum_partial(p + off, n, acc)) == refa);
		CHECK(ik_csum(p + off, n) == ref);
		if (n <= sizeof(dst) - 8) {
			CHECK(ik_csum_finish(ik_csum_copy_long(dst + (off ^ 3), p + off, n, acc)) == refa);
			CHECK(!memcmp(dst + (off ^ 3), p + off, n));
		}
	}
	(void)ik_csum_impl_for(len);
	/* a changed word or address, updated or summed again: the same value
	 * up to ones' complement's two zeros */
	if (len >= 12 && len <= sizeof(dst) && !(len & 1)) {
		uint16_t c, u;

		memcpy(dst, p, len);
		ik_put16(dst, 0);
		c = ik_csum(dst, len);
		ik_put16(dst, c);
		u = ik_csum_update16(c, ik_get16(dst + 2), ik_get16(p + 4));
		ik_put16(dst + 2, ik_get16(p + 4));
		ik_put16(dst, 0);
		c = ik_csum(dst, len);
		CHECK(u == c || (u == 0 && c == 0xffff) || (u == 0xffff && c == 0));
		ik_put16(dst, c);
		u = ik_csum_update32(c, ik_get32(dst + 4), ik_get32(p + 8));
		ik_put32(dst + 4, ik_get32(p + 8));
		ik_put16(dst, 0);
		c = ik_csum(dst, len);
		CHECK(u == c || (u == 0 && c == 0xffff) || (u == 0xffff && c == 0));
	}
	(void)ik_csum_pseudo(acc, ~acc, len ? p[0] : 0, (uint16_t)len);
}

/**
 * text() - the input as text (up to its first NUL, 40 characters): an
 * address or prefix that parses prints back to what parses the same
 * @p / @len: data
 */
static void text(const uint8_t *p, size_t len)
{
	char s[41], out[16];
	size_t n = len < 40 ? len : 40;
	uint32_t a, b;
	unsigned pre;

	memcpy(s, p, n);
	s[n] = '\0';
	if (ik_ipv4_addr_parse(s, &a) == 0) {
		CHECK(ik_ipv4_addr_parse(ik_ipv4_addr_str(a, out), &b) == 0 && a == b);
		CHECK(!strcmp(out, s)); /* strict: one spelling per address */
	}
	if (ik_ipv4_prefix_parse(s, &a, &pre) == 0) {
		CHECK(pre <= 32);
		CHECK(ik_ipv4_prefix_parse(ik_ipv4_addr_str(a, out), &b, &pre) == 0 && a == b);
	}
	CHECK(ik_ipv4_addr_parse(NULL, &a) < 0 && ik_ipv4_addr_parse(s, NULL) < 0);
	{
		uint8_t a6[16], b6[16];
		char t[IK_IPV6_ADDR_STRLEN], u[IK_IPV6_ADDR_STRLEN];

		/* RFC 5952: one text per address, which reads back the same */
		if (ik_ipv6_addr_parse(s, a6) == 0) {
			CHECK(ik_ipv6_addr_parse(ik_ipv6_addr_str(a6, t), b6) == 0 && !memcmp(a6, b6, 16));
			CHECK(!strcmp(ik_ipv6_addr_str(b6, u), t));
		}
	}
}

/**
 * icmpv6() - an ICMPv6 message: a success's body lies inside it, the repr
 * emits back to the same values with a checksum that verifies, the
 * Neighbor Discovery options walk inside the body
 * @p / @len: the message; @src / @dst: its addresses
 */
static void icmpv6(const uint8_t *p, size_t len, const uint8_t src[16], const uint8_t dst[16])
{
	static uint8_t out[65536];
	struct ik_icmpv6_repr r, r2;
	struct ik_wire_err err;
	struct ik_ndp_iter it;
	struct ik_ndp_opt o;
	int rc = ik_icmpv6_parse(p, len, src, dst, IK_ICMPV6_NO_CSUM, &r, &err);

	if (rc < 0) {
		failed_ok(rc, &err, len);
		return;
	}
	CHECK((size_t)rc == ik_icmpv6_hdr_len(r.type) && r.body == p + rc && r.body_len == len - (size_t)rc);
	rc = ik_icmpv6_emit(&r, src, dst, out, sizeof(out));
	CHECK(rc == (int)len);
	/* the same values back (reserved and unused octets are written 0) */
	CHECK(ik_icmpv6_parse(out, len, src, dst, 0, &r2, NULL) == (int)ik_icmpv6_hdr_len(r.type));
	CHECK(r2.type == r.type && r2.code == r.code && !memcmp(&r2.u, &r.u, sizeof(r.u)));
	CHECK(r2.body_len == r.body_len && !memcmp(r2.body, r.body, r.body_len));
	if (r.type >= IK_ICMP6_ROUTER_SOL && r.type <= IK_ICMP6_REDIRECT) {
		ik_ndp_iter_init(&it, r.body, r.body_len);
		while ((rc = ik_ndp_next(&it, &o, &err)) > 0)
			CHECK(o.len >= 8 && o.off + o.len <= r.body_len && o.data == r.body + o.off + 2);
		if (rc < 0)
			failed_ok(rc, &err, r.body_len);
	}
}

/**
 * ipv6() - the input as an IPv6 packet: a success's chain lies inside the
 * payload in order, the header emits back to its 40 octets, the addresses
 * print and read back
 * @p / @len: data; @flags: IK_IPV6_QUOTED or 0
 */
static void ipv6(const uint8_t *p, size_t len, unsigned flags)
{
	struct ik_ipv6_repr r;
	struct ik_wire_err err;
	uint8_t out[40], a[16];
	char s[IK_IPV6_ADDR_STRLEN];
	size_t at = IK_IPV6_HDR_LEN, end;
	int rc = ik_ipv6_parse(p, len, flags, &r, &err);

	if (rc < 0) {
		failed_ok(rc, &err, len);
		return;
	}
	end = IK_IPV6_HDR_LEN + (size_t)r.payload_len;
	CHECK((flags & IK_IPV6_QUOTED) || end <= len);
	end = end < len ? end : len;
	CHECK((size_t)rc == r.l4_off && r.l4_off <= end);
	CHECK(r.next_ext <= IK_IPV6_EXT_MAX);
	for (unsigned i = 0; i < r.next_ext; i++) {
		CHECK(r.ext[i].off == at && r.ext[i].len >= 8 && r.ext[i].off + r.ext[i].len <= end);
		at += r.ext[i].len;
	}
	CHECK(at == r.l4_off);
	CHECK(ik_ipv6_emit(&r, out, sizeof(out)) == IK_IPV6_HDR_LEN && !memcmp(out, p, 40));
	CHECK(ik_ipv6_addr_parse(ik_ipv6_addr_str(r.src, s), a) == 0 && !memcmp(a, r.src, 16));
	CHECK(ik_ipv6_addr_parse(ik_ipv6_addr_str(r.dst, s), a) == 0 && !memcmp(a, r.dst, 16));
	(void)ik_ipv6_l4_checksum(p + r.l4_off, end - r.l4_off, 2, r.src, r.dst, r.proto);
	if (r.proto == IK_IPV6_NH_ICMPV6 && !(flags & IK_IPV6_QUOTED))
		icmpv6(p + r.l4_off, end - r.l4_off, r.src, r.dst);
}

/**
 * ext_emit() - an RFC 4884 object built from the input walks back as
 * one object of the same class, type and payload
 * @p / @len: data (octet 0: class, 1: type, the rest: payload)
 */
static void ext_emit(const uint8_t *p, size_t len)
{
	static uint8_t buf[65536 + 16];
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;
	size_t n;
	int rc;

	if (len < 2)
		return;
	n = (len - 2) & ~(size_t)3;
	rc = ik_icmp_ext_emit(p[0], p[1], p + 2, n, buf, sizeof(buf));
	if (rc < 0) {
		CHECK(rc == -IK_EINVAL);
		return;
	}
	CHECK((size_t)rc == 8 + n);
	CHECK(ik_icmp_ext_emit(p[0], p[1], p + 2, n, buf, (size_t)rc - 1) == -IK_ENOSPC);
	rc = ik_icmp_ext_emit(p[0], p[1], p + 2, n, buf, sizeof(buf));
	CHECK(ik_icmp_ext_iter_init(&it, buf, (size_t)rc, NULL) == 0);
	CHECK(ik_icmp_ext_next(&it, &o, NULL) == 1);
	CHECK(o.class_num == p[0] && o.c_type == p[1] && o.payload_len == n && o.len == 4 + n);
	CHECK(!n || !memcmp(o.payload, p + 2, n));
	CHECK(ik_icmp_ext_next(&it, &o, NULL) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	/* an exact-size heap copy, so ASan sees any read past the end */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	ipv4(copy, size, 0);
	ipv4(copy, size, IK_IPV4_NO_CSUM);
	ipv4(copy, size, IK_IPV4_NO_CSUM | IK_IPV4_QUOTED);
	icmp(copy, size, IK_ICMP_NO_CSUM);
	udp(copy, size, 0xc0000201u, 0xc6336402u, IK_UDP_NO_CSUM);
	tcp(copy, size, 0xc0000201u, 0xc6336402u, IK_TCP_NO_CSUM);
	quote(copy, size);
	walk_ext(copy, size);
	walk_options(copy, size < 40 ? size : 40);
	strip(copy, size);
	sums(copy, size);
	ipv6(copy, size, 0);
	ipv6(copy, size, IK_IPV6_QUOTED);
	text(copy, size);
	ext_emit(copy, size);
	free(copy);
	return 0;
}
