/* SPDX-License-Identifier: MIT */
/*
 * test6.h - IPv6 packets for the stack tests, built and checked with the
 * reference sums of refsum.h (never the library's own checksum code), and
 * the documentation addresses they use (RFC 3849)
 */
#ifndef ICMPKIT_TEST6_H
#define ICMPKIT_TEST6_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "icmpkit/stack6.h"
#include "refsum.h"

static const uint8_t T6_A[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 1 };   /* the stack */
static const uint8_t T6_B[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2 };   /* a peer */
static const uint8_t T6_C[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 3 };   /* another */
static const uint8_t T6_FAR[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0xff, [15] = 1 }; /* off-link */
static const uint8_t T6_BLL[16] = { 0xfe, 0x80, [15] = 2 };                   /* a peer's link-local */
static const uint8_t T6_ALLNODES[16] = { 0xff, 0x02, [15] = 1 };

#define T6MIB(t, id) (ik_stack_mib((t)->s)->c[IK_MIB_##id])

/**
 * t6_new() - a harness whose eth0 also has 2001:db8:1::1/64
 * @cfg: config or NULL
 * Return: the harness.
 */
static inline struct ikt *t6_new(const struct ik_stack_config *cfg)
{
	struct ikt *t = ikt_new(cfg);

	if (ik_stack_add_addr6(t->s, t->ifindex, T6_A, 64) < 0)
		abort();
	return t;
}

/**
 * t6_upper() - walk a datagram's extension headers
 * @p: the datagram; @n: its length; @off: set to the upper layer's offset
 * Return: the upper layer's Next Header.
 */
static inline uint8_t t6_upper(const uint8_t *p, size_t n, size_t *off)
{
	uint8_t nh = p[6];
	size_t o = 40;

	while ((nh == 0 || nh == 43 || nh == 60 || nh == 44) && o + 8 <= n) {
		size_t hl = nh == 44 ? 8 : ((size_t)p[o + 1] + 1) * 8;

		if (nh == 44 && (p[o + 2] || (p[o + 3] & 0xf8)))
			break; /* a later fragment */
		nh = p[o];
		o += hl;
	}
	*off = o;
	return nh;
}

/**
 * t6_sum() - the reference checksum an upper-layer packet over IPv6 needs
 * @src, @dst: addresses; @nh: protocol; @l4/@n: the packet, its checksum
 * field zero
 * Return: the field.
 */
static inline uint16_t t6_sum(const uint8_t *src, const uint8_t *dst, uint8_t nh,
			      const uint8_t *l4, size_t n)
{
	uint8_t ph[8] = { (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8), (uint8_t)n,
			  0, 0, 0, nh };
	uint64_t acc = ref_sum(src, 16, 0);

	acc = ref_sum(dst, 16, acc);
	acc = ref_sum(ph, 8, acc);
	return ref_fold(ref_sum(l4, n, acc));
}

/**
 * t6_fix() - set the upper layer's checksum (ICMPv6, UDP, TCP) of a datagram
 * @p: the datagram; @n: its length
 */
static inline void t6_fix(uint8_t *p, size_t n)
{
	size_t off;
	uint8_t nh = t6_upper(p, n, &off);
	size_t co = nh == 58 ? 2 : nh == 17 ? 6 : nh == 6 ? 16 : 0;
	uint16_t v;

	if (!co || off + co + 2 > n)
		return;
	p[off + co] = p[off + co + 1] = 0;
	v = t6_sum(p + 8, p + 24, nh, p + off, n - off);
	if (nh == 17 && !v)
		v = 0xffff;
	p[off + co] = (uint8_t)(v >> 8);
	p[off + co + 1] = (uint8_t)v;
}

/**
 * t6_build() - header, extension headers (raw octets) and an upper layer
 * @p: buffer; @src, @dst: addresses; @nh: the fixed header's Next Header;
 * @ext/@elen: extension headers; @l4/@n: what follows them
 * Return: the datagram's length (its upper-layer checksum set).
 */
static inline size_t t6_build(uint8_t *p, const uint8_t *src, const uint8_t *dst, uint8_t nh,
			      const void *ext, size_t elen, const void *l4, size_t n)
{
	size_t plen = elen + n;

	memset(p, 0, 40);
	p[0] = 0x60;
	p[4] = (uint8_t)(plen >> 8);
	p[5] = (uint8_t)plen;
	p[6] = nh;
	p[7] = 64;
	memcpy(p + 8, src, 16);
	memcpy(p + 24, dst, 16);
	if (elen)
		memcpy(p + 40, ext, elen);
	if (n) /* an empty upper layer may come as NULL */
		memcpy(p + 40 + elen, l4, n);
	t6_fix(p, 40 + plen);
	return 40 + plen;
}

/**
 * t6_echo() - an Echo Request (128) or Reply (129)
 * Return: the datagram's length.
 */
static inline size_t t6_echo(uint8_t *p, const uint8_t *src, const uint8_t *dst, uint8_t type,
			     uint16_t id, uint16_t seq, const void *data, size_t n)
{
	static uint8_t m[65536];

	m[0] = type;
	m[1] = m[2] = m[3] = 0;
	m[4] = (uint8_t)(id >> 8);
	m[5] = (uint8_t)id;
	m[6] = (uint8_t)(seq >> 8);
	m[7] = (uint8_t)seq;
	memcpy(m + 8, data, n);
	return t6_build(p, src, dst, 58, NULL, 0, m, 8 + n);
}

/**
 * t6_udp() - a UDP datagram
 * Return: the datagram's length.
 */
static inline size_t t6_udp(uint8_t *p, const uint8_t *src, const uint8_t *dst, uint16_t sport,
			    uint16_t dport, const void *data, size_t n)
{
	static uint8_t u[65536];

	u[0] = (uint8_t)(sport >> 8);
	u[1] = (uint8_t)sport;
	u[2] = (uint8_t)(dport >> 8);
	u[3] = (uint8_t)dport;
	u[4] = (uint8_t)((n + 8) >> 8);
	u[5] = (uint8_t)(n + 8);
	u[6] = u[7] = 0;
	memcpy(u + 8, data, n);
	return t6_build(p, src, dst, 17, NULL, 0, u, 8 + n);
}

/** struct t6_msg - a captured IPv6 datagram, read */
struct t6_msg {
	uint8_t src[16], dst[16];
	uint8_t nh, hlim;
	const uint8_t *l4;
	size_t l4_len;
	bool sum_ok;
};

/**
 * t6_parse() - read captured datagram @i (IPv6, its checksum judged)
 * @t: harness; @i: index; @m: out
 */
static inline void t6_parse(const struct ikt *t, size_t i, struct t6_msg *m)
{
	const uint8_t *p = t->cap.pkts[i].bytes;
	size_t n = t->cap.pkts[i].len, off;
	uint8_t tmp[2048];

	memset(m, 0, sizeof(*m));
	if (n < 40 || p[0] >> 4 != 6 || 40u + (p[4] << 8 | p[5]) != n)
		return;
	memcpy(m->src, p + 8, 16);
	memcpy(m->dst, p + 24, 16);
	m->hlim = p[7];
	m->nh = t6_upper(p, n, &off);
	m->l4 = p + off;
	m->l4_len = n - off;
	if ((m->nh == 58 || m->nh == 17 || (m->nh == 6 && m->l4_len >= 20)) &&
	    m->l4_len <= sizeof(tmp) && m->l4_len >= 8) {
		size_t co = m->nh == 58 ? 2 : m->nh == 17 ? 6 : 16;
		uint16_t want;

		memcpy(tmp, m->l4, m->l4_len);
		tmp[co] = tmp[co + 1] = 0;
		want = t6_sum(m->src, m->dst, m->nh, tmp, m->l4_len);
		if (m->nh == 17 && !want)
			want = 0xffff;
		m->sum_ok = want == (m->l4[co] << 8 | m->l4[co + 1]);
	}
}

/**
 * t6_expect_icmp() - captured datagram @i is an ICMPv6 message of @type and
 * @code whose 32-bit word after the checksum (pointer, MTU) is @word, its
 * checksum right (the includer has cmocka)
 * @t: harness; @i: index; @type, @code, @word: what it must be
 */
static inline void t6_expect_icmp(const struct ikt *t, size_t i, uint8_t type, uint8_t code,
				  uint32_t word)
{
	struct t6_msg m;

	assert_true(i < t->cap.n);
	t6_parse(t, i, &m);
	assert_int_equal(m.nh, 58);
	assert_true(m.sum_ok);
	assert_int_equal(m.l4[0], type);
	assert_int_equal(m.l4[1], code);
	assert_int_equal((uint32_t)m.l4[4] << 24 | (uint32_t)m.l4[5] << 16 |
			 (uint32_t)m.l4[6] << 8 | m.l4[7], word);
}

#endif
