// SPDX-License-Identifier: MIT
/*
 * test_dissect.c - the dissector on valid and malformed packets
 *
 * The packets were built with scapy (an independent implementation), and
 * their checksums checked by hand where scapy is wrong (it computes the
 * RFC 4884 extension checksum over the header only).
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
#include "icmpkit/checksum.h"
#include "icmpkit/dissect.h"
#include "dissect_check.h"

/* UDP 192.168.1.10:40000 -> 192.168.1.5:8080 "hi!\n", answered by Port
 * Unreachable from 192.168.1.5 (TOS 0xc0) quoting all of it */
static const char PU[] =
	"45c0003c2a3b00004001cc66c0a80105c0a8010a0303807a00000000"
	"450000201c46400040119b27c0a8010ac0a801059c401f90000c37326869210a";
/* the UDP datagram itself */
static const char UDP[] = "450000201c46400040119b27c0a8010ac0a801059c401f90000c37326869210a";
/* Time Exceeded with an RFC 4884 length of 32 words, a 128-octet quote and
 * an MPLS label stack object (label 16004, TC 5, S, TTL 1) */
static const char TE[] =
	"450000a800070000ff01cf11c0000201c63364070b005b4a002000004500002804d2000001114eaf"
	"c6336407cb007109829a829b0014944b000000000000000000000000000000000000000000000000"
	"00000000000000000000000000000000000000000000000000000000000000000000000000000000"
	"0000000000000000000000000000000000000000000000000000000000000000000000002000900d"
	"0008010103e84b01";
/* Echo Request id 0x1234 seq 1 "abcdefgh" with a Record Route option of
 * two slots and an End of Option List */
static const char ECHO[] =
	"4800003000010000400158bf0a0000010a000002070b0400000000000000000008005435123400016162636465666768";

/**
 * unhex() - hex to octets (test data is well formed)
 * @s:   hex
 * @len: octets written
 *
 * Return: malloc'd octets.
 */
static uint8_t *unhex(const char *s, size_t *len)
{
	size_t n = strlen(s) / 2;
	uint8_t *b = malloc(n ? n : 1);

	assert_non_null(b);
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		assert_int_equal(sscanf(s + 2 * i, "%2x", &v), 1);
		b[i] = (uint8_t)v;
	}
	*len = n;
	return b;
}

static void test_port_unreachable(void **state)
{
	static const size_t spec[][4] = {
		{ IK_LK_IPV4, 0, 0, 20 }, { IK_LK_ICMP, 0, 20, 8 },  { IK_LK_QUOTE, 0, 28, 32 },
		{ IK_LK_IPV4, 1, 28, 20 }, { IK_LK_UDP, 1, 48, 8 }, { IK_LK_DATA, 1, 56, 4 },
	};
	struct ik_dissection *d = malloc(sizeof(*d));
	size_t len;
	uint8_t *p = unhex(PU, &len);
	const struct ik_verdict *v;

	(void)state;
	assert_int_equal(ik_dissect(d, p, len), 0);
	check_invariants(d);
	expect_layers(d, 6, spec);
	assert_true(d->valid);
	assert_false(d->has_err);
	assert_ptr_equal(d->layers[1].ft, ik_ft_icmp(3));
	assert_string_equal(d->layers[1].title, "ICMP Destination Unreachable");
	assert_true(d->layers[5].attached);
	assert_false(d->layers[3].attached);
	v = verdict(d, 0, "IPv4 header checksum");
	assert_int_equal(v->status, IK_VS_OK);
	assert_int_equal(v->value, 0xcc66);
	assert_int_equal(v->field, 10);
	v = verdict(d, 0, "IPv4 Total Length");
	assert_int_equal(v->status, IK_VS_OK);
	assert_int_equal(v->value, 60);
	assert_int_equal(verdict(d, 1, "ICMP checksum")->status, IK_VS_OK);
	assert_int_equal(verdict(d, 3, "quoted IPv4 header checksum")->status, IK_VS_OK);
	assert_int_equal(verdict(d, 4, "quoted UDP checksum")->status, IK_VS_OK);
	assert_int_equal(verdict(d, 4, "quoted UDP Length")->status, IK_VS_OK);
	free(p);
	free(d);
}

/**
 * field_index() - the index of the field keyed @key in layer @li, or -1
 * @d:   dissection
 * @li:  layer index
 * @key: field key
 *
 * Return: the index, or -1 when the layer's table has no such field.
 */
static int field_index(const struct ik_dissection *d, size_t li, const char *key)
{
	const struct ik_field_table *ft = d->layers[li].ft;

	for (size_t i = 0; ft && i < ft->nfields; i++)
		if (!strcmp(ft->fields[i].key, key))
			return (int)i;
	return -1;
}

/* RFC 1191: octets 6-7 are the Next-Hop MTU for Code 4 only */
static void test_next_hop_mtu_only_code_4(void **state)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	size_t len;
	uint8_t *p = unhex(PU, &len);
	uint64_t v = 0;
	int fi;

	(void)state;
	/* Code 3 (Port Unreachable): octets 4-7 unused but for the RFC 4884 Length */
	assert_int_equal(ik_dissect(d, p, len), 0);
	assert_int_equal(d->layers[1].kind, IK_LK_ICMP);
	assert_int_equal(field_index(d, 1, "next_hop_mtu"), -1);
	assert_int_equal(field_index(d, 1, "length"), 4);
	fi = field_index(d, 1, "unused2");
	assert_int_equal(fi, 5);
	assert_string_equal(d->layers[1].ft->fields[fi].name, "unused");
	assert_int_equal(d->layers[1].ft->fields[fi].bit_off, 48);
	assert_int_equal(d->layers[1].ft->fields[fi].bit_len, 16);
	/* the same message as Code 4 (Fragmentation Needed), Next-Hop MTU 1280 */
	p[21] = 4;
	ik_put16(p + 26, 1280);
	ik_put16(p + 22, 0);
	ik_put16(p + 22, ik_csum(p + 20, len - 20));
	assert_int_equal(ik_dissect(d, p, len), 0);
	assert_true(d->valid);
	fi = field_index(d, 1, "next_hop_mtu");
	assert_int_equal(fi, 5);
	assert_string_equal(d->layers[1].ft->fields[fi].name, "Next-Hop MTU");
	assert_true(ik_field_get(&d->layers[1].ft->fields[fi], p + 20, 8, &v));
	assert_int_equal(v, 1280);
	assert_int_equal(field_index(d, 1, "unused2"), -1);
	free(p);
	free(d);
}

static void test_wrong_checksums(void **state)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	size_t len;
	uint8_t *p = unhex(PU, &len);
	const struct ik_verdict *v;

	(void)state;
	/* ICMP checksum zeroed: the error points at it, the verdict knows
	 * the right value (0x807a, as scapy computed) */
	p[22] = p[23] = 0;
	assert_int_equal(ik_dissect(d, p, len), 1);
	check_invariants(d);
	assert_true(d->has_err);
	assert_int_equal(d->err.code, IK_ECHECKSUM);
	assert_int_equal(d->err.off, 22);
	v = verdict(d, 1, "ICMP checksum");
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->value, 0);
	assert_int_equal(v->expect, 0x807a);
	assert_int_equal(d->nbad, 1);
	/* still dissected to the end */
	assert_int_equal(d->nlayers, 6);

	/* and the IPv4 header checksum */
	p[22] = 0x80;
	p[23] = 0x7a;
	p[10] = 0x12;
	assert_int_equal(ik_dissect(d, p, len), 1);
	assert_int_equal(d->err.off, 10);
	v = verdict(d, 0, "IPv4 header checksum");
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->expect, 0xcc66);
	assert_int_equal(d->nlayers, 6);

	/* a wrong quoted header checksum is a verdict on the quote, not the
	 * packet's parse error; fix the ICMP checksum for the change */
	p[10] = 0xcc;
	p[38] ^= 0x01; /* quoted checksum 0x9b27 -> 0x9a27 */
	p[22] = 0x81;  /* 0x807a + 0x0100 */
	assert_int_equal(ik_dissect(d, p, len), 1);
	check_invariants(d);
	assert_false(d->has_err);
	v = verdict(d, 3, "quoted IPv4 header checksum");
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->expect, 0x9b27);
	free(p);
	free(d);
}

static void test_udp(void **state)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	size_t len;
	uint8_t *p = unhex(UDP, &len);
	const struct ik_verdict *v;

	(void)state;
	assert_int_equal(ik_dissect(d, p, len), 0);
	assert_int_equal(d->nlayers, 3);
	assert_int_equal(d->layers[1].kind, IK_LK_UDP);
	assert_int_equal(d->layers[2].kind, IK_LK_DATA);
	assert_string_equal(d->layers[2].title, "UDP Data");
	v = verdict(d, 1, "UDP checksum");
	assert_int_equal(v->status, IK_VS_OK);
	assert_int_equal(v->value, 0x3732);

	/* no checksum sent: allowed, not bad */
	p[26] = p[27] = 0;
	assert_int_equal(ik_dissect(d, p, len), 0);
	assert_int_equal(verdict(d, 1, "UDP checksum")->status, IK_VS_ABSENT);

	/* UDP Length larger than the IP payload */
	p[25] = 13;
	assert_int_equal(ik_dissect(d, p, len), 1);
	check_invariants(d);
	assert_int_equal(d->err.code, IK_ELEN);
	assert_int_equal(d->err.off, 24);
	v = verdict(d, 1, "UDP Length");
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->expect, 12);

	/* Ethernet padding after the datagram: valid, shown as a trailer */
	p[25] = 12;
	p = realloc(p, len + 14);
	memset(p + len, 0, 14);
	assert_int_equal(ik_dissect(d, p, len + 14), 0);
	assert_int_equal(d->nlayers, 4);
	assert_int_equal(d->layers[3].kind, IK_LK_DATA);
	assert_int_equal(d->layers[3].off, 32);
	assert_int_equal(d->layers[3].len, 14);
	assert_int_equal(verdict(d, 0, "IPv4 Total Length")->status, IK_VS_OK);
	free(p);
	free(d);
}

static void test_extension(void **state)
{
	static const size_t spec[][4] = {
		{ IK_LK_IPV4, 0, 0, 20 },     { IK_LK_ICMP, 0, 20, 8 },
		{ IK_LK_QUOTE, 0, 28, 128 },  { IK_LK_IPV4, 1, 28, 20 },
		{ IK_LK_UDP, 1, 48, 8 },      { IK_LK_DATA, 1, 56, 12 },
		{ IK_LK_DATA, 1, 68, 88 },    { IK_LK_EXT, 0, 156, 4 },
		{ IK_LK_EXT_OBJ, 0, 160, 4 }, { IK_LK_MPLS, 0, 164, 4 },
	};
	struct ik_dissection *d = malloc(sizeof(*d));
	size_t len;
	uint8_t *p = unhex(TE, &len);

	(void)state;
	assert_int_equal(len, 168);
	assert_int_equal(ik_dissect(d, p, len), 0);
	check_invariants(d);
	expect_layers(d, 10, spec);
	assert_int_equal(verdict(d, 1, "RFC 4884 length")->status, IK_VS_OK);
	assert_int_equal(verdict(d, 1, "RFC 4884 length")->value, 32);
	assert_int_equal(verdict(d, 7, "extension checksum")->status, IK_VS_OK);
	assert_int_equal(verdict(d, 7, "extension checksum")->value, 0x900d);
	assert_ptr_equal(d->layers[9].ft, &ik_ft_mpls_entry);

	/* the checksum scapy writes (over the header only) is wrong: the
	 * error is at the extension checksum, octet 156 + 2 */
	p[158] = 0xdf;
	p[159] = 0xff;
	p[22] = 0x0b; /* ICMP checksum recomputed for that change */
	p[23] = 0x58;
	assert_int_equal(ik_dissect(d, p, len), 1);
	check_invariants(d);
	assert_int_equal(d->err.off, 158);
	assert_int_equal(verdict(d, 7, "extension checksum")->status, IK_VS_BAD);
	assert_int_equal(verdict(d, 7, "extension checksum")->expect, 0x900d);
	assert_int_equal(verdict(d, 1, "ICMP checksum")->status, IK_VS_OK);
	assert_int_equal(d->nlayers, 10);

	/* RFC 4884 length past the data */
	p[158] = 0x90;
	p[159] = 0x0d;
	p[25] = 60;
	assert_int_equal(ik_dissect(d, p, len), 1);
	check_invariants(d);
	assert_true(d->has_err);
	assert_int_equal(verdict(d, 1, "RFC 4884 length")->status, IK_VS_BAD);
	free(p);
	free(d);
}

static void test_options_and_echo(void **state)
{
	static const size_t spec[][4] = {
		{ IK_LK_IPV4, 0, 0, 20 },  { IK_LK_IPOPT, 0, 20, 11 }, { IK_LK_IPOPT, 0, 31, 1 },
		{ IK_LK_ICMP, 0, 32, 8 },  { IK_LK_DATA, 0, 40, 8 },
	};
	struct ik_dissection *d = malloc(sizeof(*d));
	size_t len;
	uint8_t *p = unhex(ECHO, &len);

	(void)state;
	assert_int_equal(ik_dissect(d, p, len), 0);
	check_invariants(d);
	expect_layers(d, 5, spec);
	assert_ptr_equal(d->layers[1].ft, &ik_ft_ipopt_route);
	assert_ptr_equal(d->layers[2].ft, &ik_ft_ipopt_1);
	assert_true(d->layers[1].attached);
	assert_string_equal(d->layers[4].title, "Echo Data");

	/* a Record Route pointer of 5 is not at a slot: error at its octet */
	p[22] = 5;
	assert_int_equal(ik_dissect(d, p, len), 1);
	check_invariants(d);
	assert_true(d->has_err);
	/* the header checksum now fails first, at octet 10 */
	assert_int_equal(d->err.off, 10);
	free(p);
	free(d);
}

static void test_bad_option_offset(void **state)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	size_t len;
	uint8_t *p = unhex(ECHO, &len);
	uint32_t s = 0;

	(void)state;
	/* pointer 5 with the header checksum fixed: the option is the error */
	p[22] = 5;
	p[10] = p[11] = 0;
	for (size_t i = 0; i < 24; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	p[10] = (uint8_t)(~s >> 8);
	p[11] = (uint8_t)~s;
	assert_int_equal(ik_dissect(d, p, len), 1);
	check_invariants(d);
	assert_int_equal(d->err.code, IK_EOPTION);
	assert_int_equal(d->err.off, 22);
	assert_int_equal(verdict(d, 0, "IPv4 header checksum")->status, IK_VS_OK);
	free(p);
	free(d);
}

/**
 * truncate_all() - dissect every prefix of a packet
 * @hex: the packet
 *
 * Each copy is exactly as long as the prefix, so AddressSanitizer catches
 * any read past it.
 */
static void truncate_all(const char *hex)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	size_t len;
	uint8_t *p = unhex(hex, &len);

	for (size_t n = 0; n < len; n++) {
		uint8_t *c = malloc(n ? n : 1);

		memcpy(c, p, n);
		assert_int_equal(ik_dissect(d, n ? c : NULL, n), 1);
		check_invariants(d);
		assert_true(d->has_err);
		assert_true(d->err.off <= n);
		if (n < 20) {
			assert_int_equal(d->err.code, IK_ETRUNC);
			assert_int_equal(d->err.off, n);
		} else if (n >= 20 && n < (size_t)(p[0] & 15) * 4) {
			assert_int_equal(d->err.code, IK_EIHL);
		} else {
			/* the Total Length says more than was captured */
			assert_int_equal(d->err.code, IK_ETOTLEN);
			assert_int_equal(d->err.off, 2);
			assert_int_equal(verdict(d, 0, "IPv4 Total Length")->status, IK_VS_BAD);
		}
		free(c);
	}
	free(p);
	free(d);
}

static void test_truncated_everywhere(void **state)
{
	(void)state;
	truncate_all(PU);
	truncate_all(TE);
	truncate_all(ECHO);
	truncate_all(UDP);
}

static void test_garbage(void **state)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	size_t len;
	uint8_t *p = unhex(TE, &len);
	uint32_t x = 12345;

	(void)state;
	/* deterministic mutations: flip octets, change lengths; never a crash,
	 * always the invariants */
	for (int i = 0; i < 4000; i++) {
		uint8_t *c = malloc(len);
		size_t n = len;

		memcpy(c, p, len);
		for (int k = 0; k < 1 + i % 4; k++) {
			x = x * 1103515245u + 12345u;
			c[(x >> 8) % len] = (uint8_t)(x >> 20);
		}
		if (i % 3 == 0)
			n = (x >> 4) % (len + 1);
		assert_true(ik_dissect(d, c, n) >= 0);
		check_invariants(d);
		free(c);
	}
	free(p);
	free(d);
}

static void test_first_fragment(void **state)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	size_t len;
	uint8_t *p = unhex(UDP, &len);
	uint32_t s = 0;

	(void)state;
	/* the same datagram as a first fragment (MF) whose UDP Length says 1000:
	 * not an error; the length and checksum wait for reassembly */
	p[6] = 0x20;
	p[24] = 0x03;
	p[25] = 0xe8;
	p[10] = p[11] = 0;
	for (size_t i = 0; i < 20; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	p[10] = (uint8_t)(~s >> 8);
	p[11] = (uint8_t)~s;
	assert_int_equal(ik_dissect(d, p, len), 0);
	check_invariants(d);
	assert_false(d->has_err);
	assert_int_equal(verdict(d, 1, "UDP Length")->status, IK_VS_UNVERIFIABLE);
	assert_int_equal(verdict(d, 1, "UDP checksum")->status, IK_VS_UNVERIFIABLE);
	/* a later fragment is data only */
	p[7] = 0x10;
	assert_int_equal(ik_dissect(d, p, len), 1); /* checksum now wrong */
	assert_int_equal(d->nlayers, 2);
	assert_int_equal(d->layers[1].kind, IK_LK_DATA);
	free(p);
	free(d);
}

static void test_many_options(void **state)
{
	/* 40 octets of NOP options outer and in the quote: layers run out and
	 * the rest is kept as one data layer */
	uint8_t p[200];
	struct ik_dissection *d = malloc(sizeof(*d));

	(void)state;
	memset(p, 0, sizeof(p));
	p[0] = 0x4f;
	p[3] = 200;
	p[8] = 64;
	p[9] = 1;
	memset(p + 20, 1, 40);
	p[60] = 3;
	p[61] = 3;
	p[68] = 0x4f;
	p[71] = 100;
	p[77] = 17;
	memset(p + 88, 1, 40);
	assert_true(ik_dissect(d, p, sizeof(p)) >= 0);
	check_invariants(d);
	assert_int_equal(d->nlayers, IK_DISSECT_MAX_LAYERS);
	assert_int_equal(d->layers[IK_DISSECT_MAX_LAYERS - 1].kind, IK_LK_DATA);
	assert_int_equal(d->layers[IK_DISSECT_MAX_LAYERS - 1].off +
				 d->layers[IK_DISSECT_MAX_LAYERS - 1].len,
			 sizeof(p));
	free(d);
}

static void test_not_ipv4(void **state)
{
	static const uint8_t v6[40] = { 0x60 };
	static const uint8_t ihl3[24] = { 0x43, 0, 0, 24 };
	struct ik_dissection *d = malloc(sizeof(*d));

	(void)state;
	assert_int_equal(ik_dissect(d, v6, sizeof(v6)), 1);
	check_invariants(d);
	assert_int_equal(d->err.code, IK_EVERSION);
	assert_int_equal(d->err.off, 0);
	assert_int_equal(d->nlayers, 2);
	assert_int_equal(ik_dissect(d, ihl3, sizeof(ihl3)), 1);
	assert_int_equal(d->err.code, IK_EIHL);
	assert_int_equal(ik_dissect(NULL, v6, 1), -IK_EINVAL);
	assert_int_equal(ik_dissect(d, NULL, 3), -IK_EINVAL);
	assert_string_equal(ik_layer_kind_name(IK_LK_MPLS), "mpls");
	assert_string_equal(ik_layer_kind_name(99), "unknown");
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port_unreachable),
		cmocka_unit_test(test_next_hop_mtu_only_code_4),
		cmocka_unit_test(test_wrong_checksums),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_extension),
		cmocka_unit_test(test_options_and_echo),
		cmocka_unit_test(test_bad_option_offset),
		cmocka_unit_test(test_truncated_everywhere),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_first_fragment),
		cmocka_unit_test(test_many_options),
		cmocka_unit_test(test_not_ipv4),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
