// SPDX-License-Identifier: MIT
/*
 * test_stack_icmperr.c - ICMP error generation: the suppression rules
 * (CONFORMANCE G1-G5), the quote (G7, G8), TOS/TTL/source (G11, G12), and
 * end to end Port Unreachable (G9) and Protocol Unreachable (G10)
 *
 * Most tests drive ik_icmp_send_error() with a datagram described as IP
 * input would (ikt_rx_from()), so that each rule is seen alone; the G2, G3,
 * G9 and G10 tests go through ik_stack_input() as well.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "icmp_test.h"

#define ETH1_ADDR 0xc6336401u /* 198.51.100.1 */

static uint8_t pkt[70000];

/**
 * setup() - a fresh harness per test
 * @state: cmocka state
 *
 * Return: 0.
 */
static int setup(void **state)
{
	*state = ikt_new(NULL);
	return 0;
}

/**
 * teardown() - free it
 * @state: cmocka state
 *
 * Return: 0.
 */
static int teardown(void **state)
{
	ikt_free(*state);
	return 0;
}

/**
 * udp_from() - a UDP datagram @src -> A, 8 payload octets, in pkt
 * @src: source
 *
 * Return: its length.
 */
static size_t udp_from(uint32_t src)
{
	return ikt_udp(pkt, src, IKT_A, 5555, 9, "payload!", 8);
}

/**
 * send_port_unreach() - ik_icmp_send_error(3, 3) about pkt[0..len)
 * @t: harness; @len: datagram length; @ifindex: arrival; @kind: dst kind;
 * @link: link flags
 *
 * Return: ik_icmp_send_error()'s result.
 */
static int send_port_unreach(struct ikt *t, size_t len, unsigned ifindex, enum ik_dst_kind kind,
			     unsigned link)
{
	struct ik_rx rx;
	struct ik_ipv4_repr ip;

	ik_ipv4_parse(pkt, len, IK_IPV4_NO_CSUM, &ip, NULL);
	ikt_rx_from(&rx, pkt, len, ifindex, kind == IK_DST_UNICAST ? ip.dst : IKT_A, 1000);
	rx.dst_kind = kind;
	rx.link_flags = link;
	return ik_icmp_send_error(t->s, &rx, IK_ICMP_UNREACH, IK_UNREACH_PORT, 0);
}

/**
 * check_error() - captured packet @i is ICMP @type/@code from @src to @dst
 * quoting exactly @q[0..qlen), with TOS 0, TTL @ttl, DF clear
 * @t: harness; @i: index; @src, @dst: addresses; @type, @code: message;
 * @q: expected quote; @qlen: its length; @ttl: expected TTL
 */
static void check_error(const struct ikt *t, size_t i, uint32_t src, uint32_t dst, uint8_t type,
			uint8_t code, const uint8_t *q, size_t qlen, uint8_t ttl)
{
	const struct ikt_pkt *p = ikt_pkt_at(t, i);
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr m;

	assert_int_equal(ikt_parse(t, i, &ip, &m), 0);
	assert_int_equal(p->len, 20 + 8 + qlen);
	assert_int_equal(p->bytes[0], 0x45);
	assert_int_equal(ip.tos, 0);
	assert_int_equal(ip.ttl, ttl);
	assert_false(ip.df);
	assert_false(ip.mf);
	assert_int_equal(ip.proto, IK_IPPROTO_ICMP);
	assert_int_equal(ip.src, src);
	assert_int_equal(ip.dst, dst);
	assert_int_equal(m.type, type);
	assert_int_equal(m.code, code);
	assert_memory_equal(p->bytes + 28, q, qlen);
	assert_int_equal(ref_csum(p->bytes + 20, 8 + qlen), 0);
}

/* control: a plain unicast UDP datagram from a host gets its error, whose
 * every octet is as expected */
static void test_error_sent_byte_for_byte(void **state)
{
	struct ikt *t = *state;
	size_t n = udp_from(IKT_B);
	uint8_t want[8] = { 3, 3, 0, 0, 0, 0, 0, 0 };
	static uint8_t ref[1024];
	const struct ikt_pkt *p;

	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	assert_int_equal(t->cap.n, 1);
	check_error(t, 0, IKT_A, IKT_B, 3, 3, pkt, n, 64);
	/* the header: independent checksum over header + quote */
	memcpy(ref, want, 8);
	memcpy(ref + 8, pkt, n);
	ik_put16(want + 2, ref_csum(ref, 8 + n));
	p = ikt_pkt_at(t, 0);
	assert_memory_equal(p->bytes + 20, want, 8);
	assert_int_equal(p->next_hop, IKT_B);
	assert_int_equal(MIB(t, ICMP, OutMsgs), 1);
	assert_int_equal(MIB(t, ICMP, OutDestUnreachs), 1);
	assert_int_equal(ik_stack_mib(t->s)->out_type[3], 1);
	assert_int_equal(MIB(t, ICMP, OutSuppressed), 0);
}

/* G1: never an error about an ICMP error message (nor an unknown type, nor
 * one too short to show its type); queries are fine */
static void test_g1_no_error_about_icmp_error(void **state)
{
	struct ikt *t = *state;
	const uint8_t err_types[] = { 3, 4, 5, 11, 12, 1, 99, 255 };
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
	uint8_t l4[36] = { 0 };
	size_t n;

	for (size_t i = 0; i < sizeof(err_types); i++) {
		l4[0] = err_types[i];
		n = ikt_ip(pkt, &ip, l4, sizeof(l4));
		assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 1);
	}
	/* a truncated ICMP header: no type octet */
	n = ikt_ip(pkt, &ip, l4, 0);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 1);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, OutSuppressed), sizeof(err_types) + 1);
	assert_int_equal(MIB(t, ICMP, OutMsgs), 0);

	/* an Echo Request may be answered with an error */
	l4[0] = IK_ICMP_ECHO;
	n = ikt_ip(pkt, &ip, l4, sizeof(l4));
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	assert_int_equal(t->cap.n, 1);
	check_error(t, 0, IKT_A, IKT_B, 3, 3, pkt, n, 64);
}

/* G2: no error about a datagram sent to a broadcast or multicast address */
static void test_g2_no_error_to_group_dst(void **state)
{
	struct ikt *t = *state;
	size_t n;

	n = ikt_udp(pkt, IKT_B, 0xc00002ffu, 5555, 9, "x", 1);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_BCAST, 0), 1);
	n = ikt_udp(pkt, IKT_B, 0xffffffffu, 5555, 9, "x", 1);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_BCAST, 0), 1);
	n = ikt_udp(pkt, IKT_B, 0xe0000001u, 5555, 9, "x", 1);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_MCAST, 0), 1);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, OutSuppressed), 3);
}

/* G2 end to end: UDP to the directed broadcast's closed port: no error */
static void test_g2_end_to_end_broadcast_udp(void **state)
{
	struct ikt *t = *state;
	size_t n = ikt_udp(pkt, IKT_B, 0xc00002ffu, 5555, 9, "x", 1);

	ik_stack_input(t->s, t->ifindex, pkt, n, IK_RX_LINK_BCAST, 1000);
	n = ikt_udp(pkt, IKT_B, 0xc00002ffu, 5555, 9, "x", 1);
	ik_stack_input(t->s, t->ifindex, pkt, n, 0, 2000); /* link unicast */
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, OutMsgs), 0);
}

/* G3: no error about a datagram that arrived as link broadcast/multicast */
static void test_g3_no_error_link_group(void **state)
{
	struct ikt *t = *state;
	size_t n = udp_from(IKT_B);

	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, IK_RX_LINK_BCAST), 1);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, IK_RX_LINK_MCAST), 1);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, OutSuppressed), 2);
	/* end to end: the same datagram to our unicast address, link bcast */
	ik_stack_input(t->s, t->ifindex, pkt, n, IK_RX_LINK_BCAST, 3000);
	assert_int_equal(t->cap.n, 0);
	/* and without the flag it is answered */
	ik_stack_input(t->s, t->ifindex, pkt, n, 0, 4000);
	assert_int_equal(t->cap.n, 1);
}

/* G4: no error about a non-initial fragment; the first one is fine */
static void test_g4_no_error_later_fragment(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, 200);
	uint8_t data[64] = { 0 };
	size_t n;

	ip.frag_off = 1480;
	n = ikt_ip(pkt, &ip, data, sizeof(data));
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 1);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, OutSuppressed), 1);
	ip = ikt_ip_defaults(IKT_B, IKT_A, 200);
	ip.mf = true;
	n = ikt_ip(pkt, &ip, data, sizeof(data));
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	assert_int_equal(t->cap.n, 1);
	/* a later fragment of an ICMP error is caught by G4 as well */
	ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
	ip.frag_off = 8;
	n = ikt_ip(pkt, &ip, data, sizeof(data));
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 1);
	assert_int_equal(t->cap.n, 1);
}

/* G5: no error when the source does not name one host */
static void test_g5_no_error_to_non_host_source(void **state)
{
	struct ikt *t = *state;
	const uint32_t bad[] = {
		0x00000000u, /* 0.0.0.0 */
		0x7f000001u, /* 127.0.0.1 from outside */
		0x7f123456u, /* 127.18.52.86 */
		0xffffffffu, /* limited broadcast */
		0xc00002ffu, /* our network's directed broadcast */
		0xe0000005u, /* 224.0.0.5 */
		0xefffffffu, /* 239.255.255.255 */
		0xf0000001u, /* 240.0.0.1 */
		0xfffffffeu, /* 255.255.255.254 */
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t n = udp_from(bad[i]);

		assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 1);
	}
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP, OutSuppressed), sizeof(bad) / sizeof(bad[0]));
	/* a host right next to them is answered */
	assert_int_equal(send_port_unreach(t, udp_from(0xc0000203u), t->ifindex, IK_DST_UNICAST, 0),
			 0);
	assert_int_equal(t->cap.n, 1);
}

/* G7: the quote is the original header with its options, unchanged, and
 * the data after it (all of it when it fits) */
static void test_g7_quote_header_options_data(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_UDP);
	const uint8_t opts[8] = { IK_IPOPT_NOP, IK_IPOPT_NOP, IK_IPOPT_NOP, IK_IPOPT_NOP,
				  IK_IPOPT_NOP, IK_IPOPT_NOP, IK_IPOPT_NOP, IK_IPOPT_EOL };
	uint8_t l4[108];
	size_t n;

	for (size_t i = 0; i < sizeof(l4); i++)
		l4[i] = (uint8_t)(0xa0 ^ i);
	ip.opts = opts;
	ip.opts_len = sizeof(opts);
	ip.tos = 0xb8;
	ip.ttl = 3;
	n = ikt_ip(pkt, &ip, l4, sizeof(l4));
	assert_int_equal(n, 28 + 108);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	check_error(t, 0, IKT_A, IKT_B, 3, 3, pkt, n, 64);
}

/* G7: a datagram of header + 8 octets is quoted whole, nothing added */
static void test_g7_minimal_datagram(void **state)
{
	struct ikt *t = *state;
	size_t n = ikt_udp(pkt, IKT_B, IKT_A, 1, 2, NULL, 0);

	assert_int_equal(n, 28);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	check_error(t, 0, IKT_A, IKT_B, 3, 3, pkt, 28, 64);
}

/* G8: a 1400-octet UDP datagram is quoted as far as keeps the error at 576
 * octets: the first 548 octets */
static void test_g8_quote_fills_576(void **state)
{
	struct ikt *t = *state;
	uint8_t data[1372];
	size_t n;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)i;
	n = ikt_udp(pkt, IKT_B, IKT_A, 1, 2, data, sizeof(data));
	assert_int_equal(n, 1400);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	assert_int_equal(t->cap.pkts[0].len, 576);
	check_error(t, 0, IKT_A, IKT_B, 3, 3, pkt, 548, 64);

	/* icmp_error_quote_max moves the limit */
	ikt_clear(t);
	assert_int_equal(ik_stack_set(t->s, "icmp_error_quote_max", 1000), 0);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	assert_int_equal(t->cap.pkts[0].len, 1000);
	check_error(t, 0, IKT_A, IKT_B, 3, 3, pkt, 972, 64);
}

/* G8 with a 60-octet header: the quote still ends at 576 */
static void test_g8_with_options(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_UDP);
	uint8_t opts[40], l4[1000];
	size_t n;

	memset(opts, IK_IPOPT_NOP, sizeof(opts));
	memset(l4, 0x5a, sizeof(l4));
	ip.opts = opts;
	ip.opts_len = sizeof(opts);
	n = ikt_ip(pkt, &ip, l4, sizeof(l4));
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	check_error(t, 0, IKT_A, IKT_B, 3, 3, pkt, 548, 64);
}

/* G11: TOS 0 whatever the datagram's, TTL ip_default_ttl (64, settable) */
static void test_g11_tos_zero_fresh_ttl(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_UDP);
	uint8_t l4[8] = { 0, 1, 0, 2, 0, 8, 0, 0 };
	size_t n;

	ip.tos = 0xfe;
	ip.ttl = 1;
	n = ikt_ip(pkt, &ip, l4, sizeof(l4));
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	check_error(t, 0, IKT_A, IKT_B, 3, 3, pkt, n, 64);
	assert_int_equal(ik_stack_set(t->s, "ip_default_ttl", 17), 0);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	check_error(t, 1, IKT_A, IKT_B, 3, 3, pkt, n, 17);
}

/* G12: the source is the address the datagram was sent to (not the
 * arrival interface's); with icmp_errors_use_inbound_ifaddr, the arrival
 * interface's */
static void test_g12_error_source(void **state)
{
	struct ikt *t = *state;
	int ifx2 = ik_stack_add_iface(t->s, "eth1", ETH1_ADDR, 24, 1500);
	size_t n;

	assert_true(ifx2 > 0);
	/* sent to eth1's address, arrived on eth0 */
	n = ikt_udp(pkt, IKT_B, ETH1_ADDR, 5555, 9, "x", 1);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	check_error(t, 0, ETH1_ADDR, IKT_B, 3, 3, pkt, n, 64);
	assert_int_equal(ik_stack_set(t->s, "icmp_errors_use_inbound_ifaddr", 1), 0);
	assert_int_equal(send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0), 0);
	check_error(t, 1, IKT_A, IKT_B, 3, 3, pkt, n, 64);
}

/* G12/G16-like: code 4 carries the next-hop MTU in octets 6-7, code 12 the
 * pointer in octet 4 */
static void test_error_info_fields(void **state)
{
	struct ikt *t = *state;
	size_t n = udp_from(IKT_B);
	struct ik_rx rx;
	const struct ikt_pkt *p;

	ikt_rx_from(&rx, pkt, n, t->ifindex, IKT_A, 1000);
	assert_int_equal(ik_icmp_send_error(t->s, &rx, IK_ICMP_UNREACH, IK_UNREACH_NEEDFRAG, 1280),
			 0);
	p = ikt_pkt_at(t, 0);
	assert_int_equal(p->bytes[20], 3);
	assert_int_equal(p->bytes[21], 4);
	assert_int_equal(ik_get16(p->bytes + 24), 0);
	assert_int_equal(ik_get16(p->bytes + 26), 1280);
	assert_int_equal(ik_icmp_send_error(t->s, &rx, IK_ICMP_PARAMPROB, 0, 22), 0);
	p = ikt_pkt_at(t, 1);
	assert_int_equal(p->bytes[20], 12);
	assert_int_equal(p->bytes[24], 22);
	assert_int_equal(p->bytes[25], 0);
	assert_int_equal(ik_get16(p->bytes + 26), 0);
	assert_int_equal(ik_icmp_send_error(t->s, &rx, IK_ICMP_TIMXCEED, 1, 0), 0);
	p = ikt_pkt_at(t, 2);
	assert_int_equal(p->bytes[20], 11);
	assert_int_equal(p->bytes[21], 1);
	assert_int_equal(ik_get32(p->bytes + 24), 0);
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(ref_csum(t->cap.pkts[i].bytes + 20, t->cap.pkts[i].len - 20), 0);
	assert_int_equal(MIB(t, ICMP, OutParmProbs), 1);
	assert_int_equal(MIB(t, ICMP, OutTimeExcds), 1);
	assert_int_equal(MIB(t, ICMP, OutDestUnreachs), 1);
	assert_int_equal(MIB(t, ICMP, OutMsgs), 3);
}

/* G9 end to end: UDP to a closed port -> Type 3 Code 3 quoting it */
static void test_g9_port_unreachable_end_to_end(void **state)
{
	struct ikt *t = *state;
	size_t n = ikt_udp(pkt, IKT_B, IKT_A, 40000, 8080, "hello", 5);

	ikt_input(t, pkt, n, 1000);
	assert_int_equal(t->cap.n, 1);
	check_error(t, 0, IKT_A, IKT_B, 3, 3, pkt, n, 64);
	assert_int_equal(MIB(t, UDP, NoPorts), 1);
}

/* G10 end to end: an unclaimed protocol -> Type 3 Code 2 */
static void test_g10_protocol_unreachable_end_to_end(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, 47);
	size_t n = ikt_ip(pkt, &ip, "GRE-ish payload!", 16);

	ikt_input(t, pkt, n, 1000);
	assert_int_equal(t->cap.n, 1);
	check_error(t, 0, IKT_A, IKT_B, 3, 2, pkt, n, 64);
}

/** struct trace_log - events seen by the sink */
struct trace_log {
	unsigned n;
	char what[64][40];
	char why[64][200];
};

/**
 * log_sink() - record an event
 * @ctx: struct trace_log; @ev: event
 */
static void log_sink(void *ctx, const struct ik_event *ev)
{
	struct trace_log *l = ctx;

	if (l->n >= 64)
		return;
	snprintf(l->what[l->n], sizeof(l->what[0]), "%s", ev->what);
	snprintf(l->why[l->n], sizeof(l->why[0]), "%s", ev->why);
	l->n++;
}

/**
 * find_event() - index of the last event tagged @what whose why starts with
 * @prefix
 * @l: log; @what: tag; @prefix: start of the reason
 *
 * Return: the index, or -1.
 */
static int find_event(const struct trace_log *l, const char *what, const char *prefix)
{
	for (int i = (int)l->n - 1; i >= 0; i--)
		if (!strcmp(l->what[i], what) && !strncmp(l->why[i], prefix, strlen(prefix)))
			return i;
	return -1;
}

/* every suppression and every rate-limit refusal is traced, naming its rule */
static void test_suppressions_traced_with_rule(void **state)
{
	struct ikt *t = *state;
	static struct trace_log log;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
	uint8_t l4[8] = { IK_ICMP_UNREACH };
	size_t n;

	memset(&log, 0, sizeof(log));
	ik_stack_set_trace(t->s, log_sink, &log);
	n = ikt_ip(pkt, &ip, l4, sizeof(l4));
	send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0);
	assert_true(find_event(&log, "icmp.suppressed", "G1:") >= 0);
	n = ikt_udp(pkt, IKT_B, 0xc00002ffu, 5555, 9, "x", 1);
	send_port_unreach(t, n, t->ifindex, IK_DST_BCAST, 0);
	assert_true(find_event(&log, "icmp.suppressed", "G2:") >= 0);
	n = udp_from(IKT_B);
	send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, IK_RX_LINK_BCAST);
	assert_true(find_event(&log, "icmp.suppressed", "G3:") >= 0);
	ip = ikt_ip_defaults(IKT_B, IKT_A, 200);
	ip.frag_off = 8;
	n = ikt_ip(pkt, &ip, l4, sizeof(l4));
	send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0);
	assert_true(find_event(&log, "icmp.suppressed", "G4:") >= 0);
	n = udp_from(0);
	send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0);
	assert_true(find_event(&log, "icmp.suppressed", "G5:") >= 0);
	assert_int_equal(MIB(t, ICMP, OutSuppressed), 5);
	n = udp_from(IKT_B);
	for (unsigned i = 0; i < 7; i++)
		send_port_unreach(t, n, t->ifindex, IK_DST_UNICAST, 0);
	assert_true(find_event(&log, "icmp.rate_limited", "G13:") >= 0);
	assert_true(find_event(&log, "icmp.error_sent", "ICMP 3/3") >= 0);
	assert_int_equal(t->cap.n, 6);
	ik_stack_set_trace(t->s, NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_error_sent_byte_for_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g1_no_error_about_icmp_error, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g2_no_error_to_group_dst, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g2_end_to_end_broadcast_udp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g3_no_error_link_group, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g4_no_error_later_fragment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g5_no_error_to_non_host_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g7_quote_header_options_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g7_minimal_datagram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g8_quote_fills_576, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g8_with_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g11_tos_zero_fresh_ttl, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g12_error_source, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_info_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g9_port_unreachable_end_to_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_g10_protocol_unreachable_end_to_end, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_suppressions_traced_with_rule, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
