// SPDX-License-Identifier: MIT
/*
 * test_dissect6.c - the dissector on IPv6 packets: the layers of extension
 * chains, ICMPv6 errors quoting chained packets (whole and cut short),
 * Neighbor Discovery options and a Redirected Header's quote, the
 * checksum and length verdicts, the malformed cases; the text, summary
 * and JSON of an address; every prefix of every packet without a fault.
 *
 * The packets are tests/data/corpus6/NAME.bin, built with scapy by
 * tests/ipv6_corpus.py (an independent implementation; tshark agrees with
 * what is read from them: tests/decode6_tshark.py).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "icmpkit/dissect.h"
#include "icmpkit/err.h"
#include "icmpkit/fields.h"
#include "icmpkit/show.h"
#include "dissect_check.h"

#define CORPUS6 IK_TEST_DATA "/corpus6/"

static uint8_t pkt[2048];
static size_t pkt_len;
static struct ik_dissection dis;

/**
 * load() - read tests/data/corpus6/@name.bin into pkt and dissect it
 * @name: packet name
 *
 * Return: ik_dissect_ip()'s result.
 */
static int load(const char *name)
{
	char path[512];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), CORPUS6 "%s.bin", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	pkt_len = fread(pkt, 1, sizeof(pkt), f);
	fclose(f);
	rc = ik_dissect_ip(&dis, pkt, pkt_len);
	check_invariants(&dis);
	return rc;
}

/**
 * summary() - the one-line summary of the dissection in dis
 *
 * Return: static text.
 */
static const char *summary(void)
{
	static char buf[256];

	ik_show_summary(&dis, buf, sizeof(buf));
	return buf;
}

static void test_echo(void **state)
{
	char mean[96];
	static const size_t spec[][4] = {
		{ IK_LK_IPV6, 0, 0, 40 }, { IK_LK_ICMPV6, 0, 40, 8 }, { IK_LK_DATA, 0, 48, 56 },
	};

	(void)state;
	assert_int_equal(load("echo_request"), 0);
	expect_layers(&dis, 3, spec);
	assert_int_equal(dis.layers[0].payload, 1);
	assert_ptr_equal(dis.layers[0].ft, &ik_ft_ipv6);
	assert_string_equal(ik_layer_kind_name(IK_LK_ICMPV6), "icmpv6");
	assert_int_equal(verdict(&dis, 1, "ICMPv6 checksum")->status, IK_VS_OK);
	assert_int_equal(verdict(&dis, 0, "IPv6 Payload Length")->status, IK_VS_OK);
	assert_string_equal(summary(),
			    "2001:db8::1 -> 2001:db8:0:1::2 ICMPv6 Echo Request id 4660 seq 1");
	assert_int_equal(load("echo_reply"), 0);
	assert_string_equal(summary(),
			    "2001:db8:0:1::2 -> 2001:db8::1 ICMPv6 Echo Reply id 4660 seq 1");
	assert_true(ik_show_field_meaning(&dis, &dis.layers[0], 1, mean, sizeof(mean)));
	assert_string_equal(mean, "DSCP 46 (EF, expedited forwarding), ECN Not-ECT");
}

static void test_chain(void **state)
{
	static const size_t spec[][4] = {
		{ IK_LK_IPV6, 0, 0, 40 },     { IK_LK_IPV6_EXT, 0, 40, 2 },
		{ IK_LK_IPV6_OPT, 0, 42, 4 }, { IK_LK_IPV6_OPT, 0, 46, 2 },
		{ IK_LK_IPV6_EXT, 0, 48, 2 }, { IK_LK_IPV6_OPT, 0, 50, 6 },
		{ IK_LK_IPV6_EXT, 0, 56, 24 }, { IK_LK_IPV6_EXT, 0, 80, 8 },
		{ IK_LK_ICMPV6, 0, 88, 8 },   { IK_LK_DATA, 0, 96, 5 },
	};

	(void)state;
	assert_int_equal(load("chain_4_echo"), 0);
	expect_layers(&dis, 10, spec);
	assert_ptr_equal(dis.layers[1].ft, &ik_ft_ipv6_hopopts);
	assert_string_equal(dis.layers[2].title, "IPv6 Option: Router Alert");
	assert_true(dis.layers[2].attached);
	assert_ptr_equal(dis.layers[4].ft, &ik_ft_ipv6_dstopts);
	assert_ptr_equal(dis.layers[6].ft, &ik_ft_ipv6_routing_addr); /* type 0 */
	assert_ptr_equal(dis.layers[7].ft, &ik_ft_ipv6_frag);
	assert_int_equal(dis.layers[0].payload, 8); /* past the chain */
}

static void test_error_quotes_chain(void **state)
{
	const struct ik_dlayer *u = NULL;
	size_t quote = 0;

	(void)state;
	assert_int_equal(load("unreach_port_chain"), 0);
	assert_int_equal(dis.layers[1].kind, IK_LK_ICMPV6);
	assert_int_equal(dis.layers[2].kind, IK_LK_QUOTE);
	assert_int_equal(dis.layers[2].off, 48);
	assert_int_equal(dis.layers[2].len, pkt_len - 48);
	assert_int_equal(dis.layers[3].kind, IK_LK_IPV6);
	assert_int_equal(dis.layers[3].depth, 1);
	for (size_t i = 3; i < dis.nlayers; i++) {
		assert_int_equal(dis.layers[i].depth, 1);
		quote += dis.layers[i].kind == IK_LK_IPV6_EXT;
		if (dis.layers[i].kind == IK_LK_UDP)
			u = &dis.layers[i];
	}
	assert_int_equal(quote, 4);
	assert_non_null(u);
	assert_int_equal(verdict(&dis, (size_t)(u - dis.layers), "quoted UDP checksum")->status,
			 IK_VS_OK);
	assert_string_equal(summary(), "2001:db8:0:2::fe -> 2001:db8::1 ICMPv6 Destination "
				       "Unreachable (port unreachable), about UDP "
				       "[2001:db8::1]:40001 -> [2001:db8:0:1::2]:33434");
	assert_int_equal(load("ptb_chain"), 0);
	assert_non_null(strstr(summary(), "ICMPv6 Packet Too Big MTU 1280, about UDP"));
	assert_int_equal(load("param_nh_chain"), 0);
	assert_non_null(strstr(summary(), "pointer 40"));
	assert_int_equal(load("timex_echo"), 0);
	assert_non_null(strstr(summary(), "about ICMPv6 Echo Request id 16962 seq 7 2001:db8::1"));
}

static void test_quote_cut_short(void **state)
{
	const struct ik_dlayer *last;

	(void)state;
	/* 70 octets quoted: the packet ends inside its Routing header */
	assert_int_equal(load("unreach_cut_chain"), 0);
	last = &dis.layers[dis.nlayers - 1];
	assert_int_equal(last->kind, IK_LK_IPV6_EXT);
	assert_int_equal(last->depth, 1);
	assert_ptr_equal(last->ft, &ik_ft_ipv6_routing);
	assert_true(last->len < last->want);
	assert_int_equal(verdict(&dis, 3, "quoted IPv6 Payload Length")->status, IK_VS_OK);
	/* 92 octets: inside the UDP data; its checksum cannot be verified */
	assert_int_equal(load("unreach_cut_udp"), 0);
	for (size_t i = 0; i < dis.nlayers; i++)
		if (dis.layers[i].kind == IK_LK_UDP)
			assert_int_equal(verdict(&dis, i, "quoted UDP checksum")->status,
					 IK_VS_UNVERIFIABLE);
}

static void test_ndp(void **state)
{
	(void)state;
	assert_int_equal(load("ra_prefix_mtu"), 0);
	assert_int_equal(dis.nlayers, 5);
	assert_int_equal(dis.layers[1].len, 16);
	assert_ptr_equal(dis.layers[2].ft, &ik_ft_ndp_prefix);
	assert_ptr_equal(dis.layers[3].ft, &ik_ft_ndp_mtu);
	assert_ptr_equal(dis.layers[4].ft, &ik_ft_ndp_lla);
	assert_int_equal(dis.layers[2].len, 32);
	assert_true(dis.layers[4].attached);
	assert_int_equal(load("ns_slla"), 0);
	assert_non_null(strstr(summary(), "Neighbor Solicitation target 2001:db8:0:1::2"));
	/* Redirect: target link-layer address, then the Redirected Header's
	 * 8 octets and the quoted packet */
	assert_int_equal(load("redirect"), 0);
	assert_int_equal(dis.layers[1].len, 40);
	assert_ptr_equal(dis.layers[2].ft, &ik_ft_ndp_lla);
	assert_ptr_equal(dis.layers[3].ft, &ik_ft_ndp_redirected);
	assert_int_equal(dis.layers[3].len, 8);
	assert_int_equal(dis.layers[4].kind, IK_LK_QUOTE);
	assert_int_equal(dis.layers[5].kind, IK_LK_IPV6);
	assert_int_equal(dis.layers[5].depth, 1);
}

static void test_transport(void **state)
{
	(void)state;
	assert_int_equal(load("udp"), 0);
	assert_int_equal(dis.layers[1].kind, IK_LK_UDP);
	assert_int_equal(verdict(&dis, 1, "UDP checksum")->status, IK_VS_OK);
	assert_int_equal(load("tcp_syn"), 0);
	assert_int_equal(dis.layers[1].kind, IK_LK_TCP);
	assert_int_equal(verdict(&dis, 1, "TCP checksum")->status, IK_VS_OK);
	assert_int_equal(load("udp_chain"), 0);
	assert_non_null(strstr(summary(), " UDP 40001 -> 33434, 20 octets of data"));
	assert_int_equal(load("frag_later"), 0);
	assert_int_equal(dis.layers[dis.nlayers - 1].kind, IK_LK_DATA);
	assert_non_null(strstr(summary(), "fragment at offset 1448"));
	assert_int_equal(load("nonext"), 0);
	assert_int_equal(dis.nlayers, 1);
}

static void test_bad(void **state)
{
	const struct ik_verdict *v;

	(void)state;
	assert_int_equal(load("bad_icmpv6_csum"), 1);
	assert_int_equal(dis.err.code, IK_ECHECKSUM);
	assert_int_equal(dis.err.off, 42);
	v = verdict(&dis, 1, "ICMPv6 checksum");
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->value ^ v->expect, 0xff00);
	assert_int_equal(load("bad_udp_csum"), 1);
	assert_int_equal(verdict(&dis, 1, "UDP checksum")->status, IK_VS_BAD);
	assert_int_equal(load("bad_tcp_csum"), 1);
	assert_int_equal(verdict(&dis, 1, "TCP checksum")->status, IK_VS_BAD);
	assert_int_equal(dis.err.code, IK_ECHECKSUM);
	assert_int_equal(dis.err.off, 56);
	/* a checksum of 0 is not "none sent" over IPv6 (RFC 8200 8.1) */
	assert_int_equal(load("udp_csum0"), 1);
	v = verdict(&dis, 1, "UDP checksum");
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->value, 0);
	assert_int_equal(dis.err.code, IK_ECHECKSUM);
	/* nine Destination Options headers: the walk stops at eight */
	assert_int_equal(load("chain_over_cap"), 1);
	assert_int_equal(dis.err.code, IK_EOPTION);
	v = verdict(&dis, 0, "IPv6 extension chain");
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->expect, 8);
	assert_int_equal(dis.layers[dis.nlayers - 1].kind, IK_LK_DATA);
	/* a Payload Length 16 octets past the end */
	assert_int_equal(load("bad_plen"), 1);
	assert_int_equal(dis.err.code, IK_ETOTLEN);
	assert_int_equal(verdict(&dis, 0, "IPv6 Payload Length")->status, IK_VS_BAD);
	assert_int_equal(dis.layers[1].kind, IK_LK_ICMPV6); /* still dissected */
}

static void test_ext_past_payload(void **state)
{
	static const size_t spec[][4] = {
		{ IK_LK_IPV6, 0, 0, 40 }, { IK_LK_IPV6_EXT, 0, 40, 8 },
	};
	const struct ik_verdict *v;

	(void)state;
	/* a Hop-by-Hop header of 16 octets (Hdr Ext Len 1) in a payload of 8 */
	memset(pkt, 0, 48);
	pkt[0] = 0x60;
	pkt[5] = 8;
	pkt[6] = 0;
	pkt[40] = 58;
	pkt[41] = 1;
	assert_int_equal(ik_dissect_ip(&dis, pkt, 48), 1);
	check_invariants(&dis);
	expect_layers(&dis, 2, spec);
	assert_int_equal(dis.err.code, IK_EOPTION);
	assert_int_equal(dis.layers[1].want, 16);
	v = verdict(&dis, 1, "IPv6 extension header length");
	assert_int_equal(v->status, IK_VS_BAD);
	assert_int_equal(v->value, 16);
	assert_int_equal(v->expect, 8);
	/* Hop-by-Hop after another header (RFC 8200 4.3: only first) */
	pkt[5] = 16;
	pkt[6] = 60;
	pkt[40] = 0;
	pkt[41] = 0;
	memset(pkt + 48, 0, 8);
	pkt[48] = 59;
	assert_int_equal(ik_dissect_ip(&dis, pkt, 56), 1);
	check_invariants(&dis);
	assert_int_equal(dis.err.code, IK_EOPTION);
	assert_int_equal(dis.layers[dis.nlayers - 1].kind, IK_LK_DATA);
	/* an error quoting a header whose version is not 6 */
	assert_int_equal(load("unreach_port_plain"), 0);
	pkt[48] = 0x45;
	assert_int_equal(ik_dissect_ip(&dis, pkt, pkt_len), 1); /* the checksum now wrong */
	check_invariants(&dis);
	assert_int_equal(dis.layers[3].kind, IK_LK_DATA);
	assert_int_equal(dis.layers[3].depth, 1);
	assert_string_equal(dis.layers[3].title, "Quoted octets (no usable IPv6 header: version is not 6)");
}

static void test_address_text(void **state)
{
	char text[160];
	json_t *j, *f;

	(void)state;
	assert_int_equal(load("echo_request"), 0);
	ik_show_field_text(&dis, &dis.layers[0], 6, IK_TEXT_FULL, text, sizeof(text));
	assert_string_equal(text, "2001:db8::1");
	ik_show_field_text(&dis, &dis.layers[0], 7, IK_TEXT_SHORT, text, sizeof(text));
	assert_string_equal(text, "2001:db8:0:1::2");
	j = ik_show_json(&dis);
	assert_non_null(j);
	f = json_array_get(json_object_get(json_array_get(json_object_get(j, "layers"), 0), "fields"),
			   6);
	assert_string_equal(json_string_value(json_object_get(f, "key")), "source");
	assert_string_equal(json_string_value(json_object_get(f, "value")), "2001:db8::1");
	assert_int_equal(json_integer_value(json_object_get(f, "bits")), 128);
	json_decref(j);
	/* cut inside the Destination Address: not shown as an address */
	assert_int_equal(ik_dissect_ip(&dis, pkt, 30), 1);
	check_invariants(&dis);
	ik_show_field_text(&dis, &dis.layers[0], 7, IK_TEXT_FULL, text, sizeof(text));
	assert_string_equal(text, "(truncated)");
	assert_int_equal(dis.err.code, IK_ETRUNC);
}

static void test_dispatch(void **state)
{
	static const uint8_t v4[20] = { 0x45, 0, 0, 20, 0, 0, 0, 0, 64, 253 };

	(void)state;
	ik_dissect_ip(&dis, v4, sizeof(v4));
	assert_int_equal(dis.layers[0].kind, IK_LK_IPV4);
	assert_false(ik_dissect_is_ipv6(&dis));
	assert_int_equal(ik_dissect_ip(NULL, v4, 1), -IK_EINVAL);
	assert_int_equal(ik_dissect_ipv6(&dis, NULL, 3), -IK_EINVAL);
	/* ik_dissect_ipv6() on a version-4 header: said, not read as IPv6 */
	assert_int_equal(ik_dissect_ipv6(&dis, pkt, 0), 1);
	assert_int_equal(ik_dissect_ipv6(&dis, v4, sizeof(v4)), 1);
	check_invariants(&dis);
}

/**
 * test_prefixes() - every prefix of every corpus6 packet, and each with one
 * octet changed, dissected without a fault and with the invariants holding
 * @state: unused
 */
static void test_prefixes(void **state)
{
	static const char *const names[] = {
		"chain_4_echo", "unreach_port_chain", "timex_echo", "ra_prefix_mtu", "redirect",
		"tcp_syn", "frag_first", "chain_over_cap", "param_opt_chain", "na_tlla",
	};
	uint64_t seed = 0x9e3779b97f4a7c15ull;

	(void)state;
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		load(names[k]);
		for (size_t n = 0; n <= pkt_len; n++) {
			assert_true(ik_dissect_ip(&dis, pkt, n) >= 0);
			check_invariants(&dis);
			assert_true(ik_show_summary(&dis, (char[256]){ 0 }, 256) > 0);
		}
		for (size_t i = 0; i < 4 * pkt_len; i++) {
			size_t at;
			uint8_t old;

			seed ^= seed << 13;
			seed ^= seed >> 7;
			seed ^= seed << 17;
			at = 1 + (size_t)(seed % (pkt_len - 1));
			old = pkt[at];
			pkt[at] = (uint8_t)(seed >> 32);
			assert_true(ik_dissect_ip(&dis, pkt, pkt_len) >= 0);
			check_invariants(&dis);
			pkt[at] = old;
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_echo),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_error_quotes_chain),
		cmocka_unit_test(test_quote_cut_short),
		cmocka_unit_test(test_ndp),
		cmocka_unit_test(test_transport),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_ext_past_payload),
		cmocka_unit_test(test_address_text),
		cmocka_unit_test(test_dispatch),
		cmocka_unit_test(test_prefixes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
