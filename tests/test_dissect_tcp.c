// SPDX-License-Identifier: MIT
/*
 * test_dissect_tcp.c - the dissector's TCP: the header and each option as
 * layers, the Data Offset and checksum verdicts, a malformed option, and a
 * quoted segment as far as the quote goes. Packets are laid out here octet
 * by octet, their checksums from tests/refsum.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "icmpkit/dissect.h"
#include "icmpkit/fields.h"
#include "refsum.h"

#define SRC 0xc0000201u /* 192.0.2.1 */
#define DST 0xc0000202u /* 192.0.2.2 */

/* SYN 40000 -> 80, seq 1000, window 64240, Data Offset 6: MSS 1460 */
static const uint8_t syn_mss[24] = {
	0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0, 0, 0, 0,
	0x60, 0x02, 0xfa, 0xf0, 0, 0, 0, 0, 2, 4, 0x05, 0xb4,
};

/**
 * put16() - a big-endian 16-bit value
 * @p: where
 * @v: value
 */
static void put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/**
 * ip_around() - an IPv4 header (checksum right) before @n octets
 * @out:   output (20 + @n octets; the payload already at @out + 20)
 * @n:     payload octets
 * @proto: protocol
 * @src:   source
 * @dst:   destination
 */
static void ip_around(uint8_t *out, size_t n, uint8_t proto, uint32_t src, uint32_t dst)
{
	memset(out, 0, 20);
	out[0] = 0x45;
	put16(out + 2, (unsigned)(20 + n));
	out[8] = 64;
	out[9] = proto;
	for (int i = 0; i < 4; i++) {
		out[12 + i] = (uint8_t)(src >> (24 - 8 * i));
		out[16 + i] = (uint8_t)(dst >> (24 - 8 * i));
	}
	put16(out + 10, ref_csum(out, 20));
}

/**
 * segment() - a TCP datagram on the heap, exactly its size
 * @seg:  the segment (its checksum written here, then @fix applied)
 * @n:    its octets
 * @fix:  octet offset to flip after the checksum (SIZE_MAX: none)
 * @len:  total octets
 *
 * Return: the datagram (free() it).
 */
static uint8_t *segment(const uint8_t *seg, size_t n, size_t fix, size_t *len)
{
	uint8_t *b = malloc(20 + n);

	assert_non_null(b);
	memcpy(b + 20, seg, n);
	put16(b + 20 + 16, ref_tcp_csum(SRC, DST, b + 20, n));
	if (fix != SIZE_MAX)
		b[20 + fix] ^= 0x01;
	ip_around(b, n, 6, SRC, DST);
	*len = 20 + n;
	return b;
}

/**
 * find_verdict() - the verdict of a layer named @what
 * @l:    layer
 * @what: its name
 *
 * Return: the verdict, or NULL.
 */
static const struct ik_verdict *find_verdict(const struct ik_dlayer *l, const char *what)
{
	for (size_t i = 0; i < l->nv; i++)
		if (!strcmp(l->v[i].what, what))
			return &l->v[i];
	return NULL;
}

/**
 * field_val() - a field of a layer by its key
 * @d:   dissection
 * @l:   layer
 * @key: key
 *
 * Return: its value (the test fails when it is not in the layer).
 */
static uint64_t field_val(const struct ik_dissection *d, const struct ik_dlayer *l,
			  const char *key)
{
	uint64_t v;

	for (size_t i = 0; i < l->ft->nfields; i++)
		if (!strcmp(l->ft->fields[i].key, key) &&
		    ik_field_get(&l->ft->fields[i], d->pkt + l->off, l->len, &v))
			return v;
	fail_msg("field %s not in layer %s", key, l->title);
	return 0;
}

static void syn_with_option(void **state)
{
	static struct ik_dissection d;
	const struct ik_verdict *v;
	size_t len;
	uint8_t *p = segment(syn_mss, sizeof(syn_mss), SIZE_MAX, &len);

	(void)state;
	assert_int_equal(ik_dissect(&d, p, len), 0);
	assert_int_equal(d.nlayers, 3);
	assert_int_equal(d.layers[1].kind, IK_LK_TCP);
	assert_ptr_equal(d.layers[1].ft, &ik_ft_tcp);
	assert_int_equal(d.layers[1].off, 20);
	assert_int_equal(d.layers[1].len, 20);
	assert_int_equal(d.layers[0].payload, 1);
	assert_int_equal(d.layers[2].kind, IK_LK_TCPOPT);
	assert_ptr_equal(d.layers[2].ft, &ik_ft_tcpopt_mss);
	assert_int_equal(d.layers[2].off, 40);
	assert_int_equal(d.layers[2].len, 4);
	assert_true(d.layers[2].attached);
	assert_string_equal(d.layers[2].title, "TCP Option: Maximum Segment Size");
	assert_int_equal(field_val(&d, &d.layers[1], "syn"), 1);
	assert_int_equal(field_val(&d, &d.layers[1], "ack"), 0);
	assert_int_equal(field_val(&d, &d.layers[1], "data_offset"), 6);
	assert_int_equal(field_val(&d, &d.layers[1], "window"), 64240);
	assert_int_equal(field_val(&d, &d.layers[2], "mss"), 1460);
	v = find_verdict(&d.layers[1], "TCP checksum");
	assert_non_null(v);
	assert_int_equal(v->status, IK_VS_OK);
	v = find_verdict(&d.layers[1], "TCP Data Offset");
	assert_non_null(v);
	assert_int_equal(v->status, IK_VS_OK);
	assert_int_equal(v->value, 24);
	free(p);
}

static void data_after_the_header(void **state)
{
	static struct ik_dissection d;
	uint8_t seg[20 + 5];
	size_t len;
	uint8_t *p;

	(void)state;
	memcpy(seg, syn_mss, 20);
	seg[12] = 0x50;
	seg[13] = 0x19; /* FIN, PSH, ACK */
	memcpy(seg + 20, "hello", 5);
	p = segment(seg, sizeof(seg), SIZE_MAX, &len);
	assert_int_equal(ik_dissect(&d, p, len), 0);
	assert_int_equal(d.nlayers, 3);
	assert_int_equal(d.layers[2].kind, IK_LK_DATA);
	assert_int_equal(d.layers[2].off, 40);
	assert_int_equal(d.layers[2].len, 5);
	assert_true(d.layers[2].attached);
	assert_string_equal(d.layers[2].title, "TCP Data");
	free(p);
}

static void wrong_checksum(void **state)
{
	static struct ik_dissection d;
	const struct ik_verdict *v;
	size_t len;
	uint8_t *p = segment(syn_mss, sizeof(syn_mss), 17, &len);
	uint16_t right;

	(void)state;
	p[37] ^= 0x01;
	right = (uint16_t)(p[36] << 8 | p[37]);
	p[37] ^= 0x01;
	assert_int_equal(ik_dissect(&d, p, len), 1);
	v = find_verdict(&d.layers[1], "TCP checksum");
	assert_non_null(v);
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->expect, right);
	assert_int_equal(v->field, 15);
	assert_true(d.has_err);
	assert_int_equal(d.err.off, 36);
	/* a field of 0 is wrong too: TCP has no "none sent" */
	p[36] = p[37] = 0;
	assert_int_equal(ik_dissect(&d, p, len), 1);
	v = find_verdict(&d.layers[1], "TCP checksum");
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->expect, right);
	free(p);
}

static void bad_data_offsets(void **state)
{
	static struct ik_dissection d;
	const struct ik_verdict *v;
	uint8_t seg[24];
	size_t len;
	uint8_t *p;

	(void)state;
	memcpy(seg, syn_mss, sizeof(seg));
	seg[12] = 0x40; /* 4 words */
	p = segment(seg, sizeof(seg), SIZE_MAX, &len);
	assert_int_equal(ik_dissect(&d, p, len), 1);
	v = find_verdict(&d.layers[1], "TCP Data Offset");
	assert_non_null(v);
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->value, 16);
	assert_int_equal(d.err.code, IK_ELEN);
	assert_int_equal(d.err.off, 32);
	/* the octets past the 20-octet header are data, not options */
	assert_int_equal(d.layers[d.nlayers - 1].kind, IK_LK_DATA);
	assert_int_equal(d.layers[d.nlayers - 1].off, 40);
	free(p);

	seg[12] = 0xf0; /* 60 octets in 24 */
	p = segment(seg, sizeof(seg), SIZE_MAX, &len);
	assert_int_equal(ik_dissect(&d, p, len), 1);
	v = find_verdict(&d.layers[1], "TCP Data Offset");
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->value, 60);
	assert_int_equal(v->expect, 24);
	assert_int_equal(d.err.code, IK_ELEN);
	free(p);
}

static void malformed_option(void **state)
{
	static struct ik_dissection d;
	const struct ik_verdict *v;
	uint8_t seg[28];
	size_t len;
	uint8_t *p;

	(void)state;
	/* NOP, then MSS of length 3, then octets not to be decoded */
	memcpy(seg, syn_mss, 20);
	seg[12] = 0x70;
	memcpy(seg + 20, (const uint8_t[]){ 1, 2, 3, 5, 0xb4, 1, 1, 1 }, 8);
	p = segment(seg, sizeof(seg), SIZE_MAX, &len);
	assert_int_equal(ik_dissect(&d, p, len), 1);
	assert_int_equal(d.err.code, IK_EOPTION);
	assert_int_equal(d.err.off, 42); /* the length octet */
	assert_int_equal(d.layers[2].kind, IK_LK_TCPOPT);
	assert_ptr_equal(d.layers[2].ft, &ik_ft_tcpopt_1);
	assert_int_equal(d.layers[3].kind, IK_LK_TCPOPT);
	assert_ptr_equal(d.layers[3].ft, &ik_ft_tcpopt_raw);
	assert_int_equal(d.layers[3].off, 41);
	assert_int_equal(d.layers[3].len, 3);
	v = find_verdict(&d.layers[3], "TCP option length");
	assert_non_null(v);
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->value, 3);
	assert_int_equal(v->expect, 4);
	assert_int_equal(d.layers[4].kind, IK_LK_DATA);
	assert_int_equal(d.layers[4].off, 44);
	assert_int_equal(d.layers[4].len, 4);
	free(p);
}

static void eol_and_padding(void **state)
{
	static struct ik_dissection d;
	uint8_t seg[28];
	size_t len;
	uint8_t *p;

	(void)state;
	memcpy(seg, syn_mss, 20);
	seg[12] = 0x70;
	/* Window Scale, EOL, then padding that would be a bad option */
	memcpy(seg + 20, (const uint8_t[]){ 3, 3, 7, 0, 2, 9, 9, 9 }, 8);
	p = segment(seg, sizeof(seg), SIZE_MAX, &len);
	assert_int_equal(ik_dissect(&d, p, len), 0);
	assert_int_equal(d.nlayers, 5);
	assert_ptr_equal(d.layers[2].ft, &ik_ft_tcpopt_wscale);
	assert_int_equal(field_val(&d, &d.layers[2], "shift_count"), 7);
	assert_string_equal(d.layers[3].title, "TCP Option: End of Option List");
	assert_int_equal(d.layers[4].kind, IK_LK_DATA);
	assert_int_equal(d.layers[4].off, 44);
	assert_int_equal(d.layers[4].len, 4);
	free(p);
}

/**
 * error_quoting() - a Port Unreachable quoting the first @q octets of
 * the segment in @seg
 * @seg: segment
 * @n:   its octets
 * @q:   octets of it quoted
 * @len: total octets
 *
 * Return: the datagram (free() it).
 */
static uint8_t *error_quoting(const uint8_t *seg, size_t n, size_t q, size_t *len)
{
	size_t inner_len;
	uint8_t *inner = segment(seg, n, SIZE_MAX, &inner_len);
	uint8_t *b = malloc(20 + 8 + 20 + q);

	assert_non_null(b);
	memset(b + 20, 0, 8);
	b[20] = 3;
	b[21] = 3;
	memcpy(b + 28, inner, 20 + q);
	put16(b + 22, ref_csum(b + 20, 8 + 20 + q));
	ip_around(b, 8 + 20 + q, 1, DST, SRC);
	*len = 20 + 8 + 20 + q;
	free(inner);
	return b;
}

static void quoted_8_octets(void **state)
{
	static struct ik_dissection d;
	const struct ik_dlayer *l;
	size_t len;
	uint8_t *p = error_quoting(syn_mss, sizeof(syn_mss), 8, &len);

	(void)state;
	assert_int_equal(ik_dissect(&d, p, len), 0);
	l = &d.layers[d.nlayers - 1];
	assert_int_equal(l->kind, IK_LK_TCP);
	assert_int_equal(l->depth, 1);
	assert_int_equal(l->off, 48);
	assert_int_equal(l->len, 8);
	assert_int_equal(l->want, 8); /* not "cut short": RFC 792 quotes 8 */
	assert_string_equal(l->title, "Quoted TCP Header (first 8 octets)");
	assert_int_equal(field_val(&d, l, "source_port"), 40000);
	assert_int_equal(field_val(&d, l, "destination_port"), 80);
	assert_int_equal(field_val(&d, l, "sequence_number"), 1000);
	assert_int_equal(l->nv, 0); /* neither the offset nor the checksum is there */
	free(p);
}

static void quoted_whole_and_cut(void **state)
{
	static struct ik_dissection d;
	const struct ik_verdict *v;
	const struct ik_dlayer *l;
	size_t len;
	uint8_t *p = error_quoting(syn_mss, sizeof(syn_mss), sizeof(syn_mss), &len);

	(void)state;
	assert_int_equal(ik_dissect(&d, p, len), 0);
	l = &d.layers[d.nlayers - 2];
	assert_int_equal(l->kind, IK_LK_TCP);
	v = find_verdict(l, "quoted TCP checksum");
	assert_non_null(v);
	assert_int_equal(v->status, IK_VS_OK);
	assert_int_equal(d.layers[d.nlayers - 1].kind, IK_LK_TCPOPT);
	assert_int_equal(d.layers[d.nlayers - 1].depth, 1);
	free(p);

	/* 22 octets: the MSS option cut after its length octet */
	p = error_quoting(syn_mss, sizeof(syn_mss), 22, &len);
	assert_int_equal(ik_dissect(&d, p, len), 0);
	l = &d.layers[d.nlayers - 2];
	v = find_verdict(l, "quoted TCP checksum");
	assert_int_equal(v->status, IK_VS_UNVERIFIABLE);
	l = &d.layers[d.nlayers - 1];
	assert_int_equal(l->kind, IK_LK_TCPOPT);
	assert_int_equal(l->len, 2);
	assert_int_equal(l->want, 4);
	assert_int_equal(l->nv, 0); /* truncated by the quote, not malformed */
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(syn_with_option),
		cmocka_unit_test(data_after_the_header),
		cmocka_unit_test(wrong_checksum),
		cmocka_unit_test(bad_data_offsets),
		cmocka_unit_test(malformed_option),
		cmocka_unit_test(eol_and_padding),
		cmocka_unit_test(quoted_8_octets),
		cmocka_unit_test(quoted_whole_and_cut),
	};

	return cmocka_run_group_tests_name("dissect_tcp", tests, NULL, NULL);
}
