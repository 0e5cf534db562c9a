// SPDX-License-Identifier: MIT
/*
 * test_stack_forward.c - the router (ik_ip_forward): every forwarding
 * decision in order, on the simulated link: what goes out, where, with which
 * bytes, and which error comes back, with Linux's counters
 *
 * The router: eth0 192.0.2.1/24 (MTU 1500, route 203.0.113.0/24 via
 * 192.0.2.254 on it), eth1 198.51.100.1/24 MTU 1280, ip_forward=1.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "harness.h"
#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/trace.h"

#define MIB(t, n) (ik_stack_mib((t)->s)->c[IK_MIB_##n])
#define T0 1000000000ull
#define ETH1 0xc6336401u  /* 198.51.100.1 */
#define FAR1 0xc6336414u  /* 198.51.100.20, on eth1 */
#define NOWHERE 0xc6120001u /* 198.18.0.1: no route */

static int setup(void **state)
{
	struct ikt *t = ikt_new(NULL);

	assert_int_equal(ik_stack_add_iface(t->s, "eth1", ETH1, 24, 1280), 2);
	assert_int_equal(ik_stack_set(t->s, "ip_forward", 1), 0);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	ikt_free(*state);
	return 0;
}

/**
 * dgram() - a datagram @src -> @dst of protocol @proto with @len octets of
 * payload (a counting pattern), TTL @ttl
 * Return: its length.
 */
static size_t dgram(uint8_t *buf, uint32_t src, uint32_t dst, uint8_t proto, uint8_t ttl,
		    size_t len)
{
	struct ik_ipv4_repr ip = ikt_ip_defaults(src, dst, proto);
	uint8_t pay[2048];

	for (size_t i = 0; i < len; i++)
		pay[i] = (uint8_t)(i * 7 + proto);
	ip.ttl = ttl;
	return ikt_ip(buf, &ip, pay, len);
}

/**
 * assert_forwarded() - captured packet @i is @in forwarded: same octets but
 * TTL - 1 and a right header checksum
 */
static void assert_forwarded(const struct ikt *t, size_t i, const uint8_t *in, size_t len)
{
	const struct ikt_pkt *p = &t->cap.pkts[i];
	uint8_t a[2048], b[2048];

	assert_int_equal(p->len, len);
	assert_int_equal(p->bytes[8], in[8] - 1);
	assert_int_equal(ik_csum(p->bytes, (size_t)(p->bytes[0] & 0x0f) * 4), 0);
	memcpy(a, in, len);
	memcpy(b, p->bytes, len);
	a[8] = b[8] = 0;
	a[10] = a[11] = b[10] = b[11] = 0;
	assert_memory_equal(a, b, len);
}

/** assert_error() - captured packet @i is ICMP @type/@code to @dst from @src */
static void assert_error(const struct ikt *t, size_t i, uint8_t type, uint8_t code, uint32_t src,
			 uint32_t dst, struct ik_icmp_repr *out)
{
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr ic;

	assert_int_equal(ikt_parse(t, i, &ip, &ic), 0);
	assert_int_equal(ip.proto, IK_IPPROTO_ICMP);
	assert_int_equal(ic.type, type);
	assert_int_equal(ic.code, code);
	assert_int_equal(ip.src, src);
	assert_int_equal(ip.dst, dst);
	if (out)
		*out = ic;
}

static void forward_basic(void **state)
{
	struct ikt *t = *state;
	uint8_t in[256];
	size_t n = ikt_udp(in, IKT_B, FAR1, 40000, 9, "hello", 5);

	assert_int_equal(ikt_input(t, in, n, T0), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(t->cap.pkts[0].ifindex, 2);
	assert_int_equal(t->cap.pkts[0].next_hop, FAR1);
	assert_forwarded(t, 0, in, n);
	assert_int_equal(MIB(t, IP_ForwDatagrams), 1);
	assert_int_equal(MIB(t, IP_InDelivers), 0);
}

/* the router never looks at L4: every protocol number, bit-identical */
static void forward_every_protocol(void **state)
{
	struct ikt *t = *state;
	uint8_t in[256];

	for (unsigned p = 0; p < 256; p++) {
		size_t n = dgram(in, IKT_B, FAR1, (uint8_t)p, 64, 40);

		ikt_clear(t);
		assert_int_equal(ikt_input(t, in, n, T0 + p), 0);
		assert_int_equal(t->cap.n, 1);
		assert_forwarded(t, 0, in, n);
	}
	assert_int_equal(MIB(t, IP_ForwDatagrams), 256);
}

static void ttl_exceeded(void **state)
{
	struct ikt *t = *state;
	struct ik_icmp_repr ic;
	struct ik_ipv4_repr ip;
	uint8_t in[256];
	size_t n = dgram(in, IKT_B, FAR1, IK_IPPROTO_UDP, 1, 20);

	in[1] = 0x28;
	ik_put16(in + 10, 0);
	ik_put16(in + 10, ik_csum(in, 20));
	assert_true(ikt_input(t, in, n, T0) < 0);
	assert_int_equal(t->cap.n, 1);
	assert_error(t, 0, IK_ICMP_TIMXCEED, 0, IKT_A, IKT_B, &ic);
	assert_int_equal(ikt_parse(t, 0, &ip, NULL), 0);
	assert_int_equal(ip.tos, 0xc8); /* precedence 6 | the TOS bits, as Linux */
	assert_int_equal(ic.quote_len, n);
	assert_memory_equal(ic.quote, in, n); /* quoted as it arrived, TTL 1 */
	assert_int_equal(MIB(t, IP_InHdrErrors), 1);
	assert_int_equal(MIB(t, IP_ForwDatagrams), 0);
	/* TTL 0 too; TTL 2 goes through with TTL 1 */
	ikt_clear(t);
	n = dgram(in, IKT_B, FAR1, IK_IPPROTO_UDP, 0, 20);
	ikt_input(t, in, n, T0 + 1000000000ull);
	assert_int_equal(t->cap.n, 1);
	assert_error(t, 0, IK_ICMP_TIMXCEED, 0, IKT_A, IKT_B, NULL);
	ikt_clear(t);
	n = dgram(in, IKT_B, FAR1, IK_IPPROTO_UDP, 2, 20);
	assert_int_equal(ikt_input(t, in, n, T0 + 2 * 1000000000ull), 0);
	assert_forwarded(t, 0, in, n);
}

/* the error's source is the inbound interface's address (G12) */
static void ttl_exceeded_from_inbound(void **state)
{
	struct ikt *t = *state;
	uint8_t in[256];
	size_t n = dgram(in, FAR1, IKT_B, IK_IPPROTO_UDP, 1, 20);

	ik_stack_input(t->s, 2, in, n, 0, T0);
	assert_int_equal(t->cap.n, 1);
	assert_error(t, 0, IK_ICMP_TIMXCEED, 0, ETH1, FAR1, NULL);
	assert_int_equal(t->cap.pkts[0].ifindex, 2);
}

static void no_route(void **state)
{
	struct ikt *t = *state;
	uint8_t in[256];
	size_t n = dgram(in, IKT_B, NOWHERE, IK_IPPROTO_UDP, 1, 20);

	/* the route is decided before the TTL (RFC 1812 5.2.1, Linux) */
	assert_true(ikt_input(t, in, n, T0) < 0);
	assert_int_equal(t->cap.n, 1);
	assert_error(t, 0, IK_ICMP_UNREACH, IK_UNREACH_NET, IKT_A, IKT_B, NULL);
	assert_int_equal(MIB(t, IP_OutNoRoutes), 1);
}

/* Linux's route types: unreachable 3/1, prohibit 3/13, blackhole silence */
static void route_types(void **state)
{
	struct ikt *t = *state;
	const struct { enum ik_route_type type; int code; } want[] = {
		{ IK_ROUTE_UNREACHABLE, IK_UNREACH_HOST },
		{ IK_ROUTE_PROHIBIT, IK_UNREACH_FILTER_PROHIB },
		{ IK_ROUTE_BLACKHOLE, -1 },
	};
	uint8_t in[256];
	size_t n = dgram(in, IKT_B, NOWHERE, IK_IPPROTO_UDP, 64, 20);

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct ik_route_spec r = { .dst = NOWHERE, .prefix = 32, .type = want[i].type };

		ikt_clear(t);
		assert_int_equal(ik_stack_route_add(t->s, &r), 0);
		assert_true(ikt_input(t, in, n, T0 + i * 2000000000ull) < 0);
		if (want[i].code < 0) {
			assert_int_equal(t->cap.n, 0);
		} else {
			assert_int_equal(t->cap.n, 1);
			assert_error(t, 0, IK_ICMP_UNREACH, (uint8_t)want[i].code, IKT_A, IKT_B, NULL);
		}
	}
	assert_int_equal(MIB(t, IP_InDiscards), 1);
	assert_int_equal(MIB(t, IP_ForwDatagrams), 0);
}

/* routes added and removed while running take effect at once */
static void routes_change(void **state)
{
	struct ikt *t = *state;
	struct ik_route_spec r = { .dst = 0xc6120000u, .prefix = 16, .gw = 0xc6336402u,
				   .ifindex = 2 };
	uint8_t in[256];
	size_t n = dgram(in, IKT_B, NOWHERE, IK_IPPROTO_UDP, 64, 20);

	assert_int_equal(ik_stack_route_add(t->s, &r), 0);
	assert_int_equal(ikt_input(t, in, n, T0), 0);
	assert_int_equal(t->cap.pkts[0].next_hop, 0xc6336402u);
	assert_int_equal(ik_stack_route_del(t->s, r.dst, r.prefix), 0);
	ikt_clear(t);
	assert_true(ikt_input(t, in, n, T0 + 2000000000ull) < 0);
	assert_error(t, 0, IK_ICMP_UNREACH, IK_UNREACH_NET, IKT_A, IKT_B, NULL);
}

static void frag_needed(void **state)
{
	struct ikt *t = *state;
	struct ik_icmp_repr ic;
	uint8_t in[2048];
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, FAR1, IK_IPPROTO_UDP);
	uint8_t pay[1400] = { 0 };
	size_t n;

	ip.df = true;
	n = ikt_ip(in, &ip, pay, 1260); /* 1280: fits exactly */
	assert_int_equal(ikt_input(t, in, n, T0), 0);
	assert_forwarded(t, 0, in, n);
	ikt_clear(t);
	n = ikt_ip(in, &ip, pay, 1261);
	assert_true(ikt_input(t, in, n, T0) < 0);
	assert_int_equal(t->cap.n, 1);
	assert_error(t, 0, IK_ICMP_UNREACH, IK_UNREACH_NEEDFRAG, IKT_A, IKT_B, &ic);
	assert_int_equal(ic.u.unreach.mtu, 1280);
	assert_int_equal(MIB(t, IP_FragFails), 1);
}

/* reassemble captured fragments [from, from + n) into @out; Return: length */
static size_t join(const struct ikt *t, size_t from, size_t n, uint8_t *out)
{
	size_t total = 0;

	for (size_t i = from; i < from + n; i++) {
		const uint8_t *b = t->cap.pkts[i].bytes;
		size_t hl = (size_t)(b[0] & 0x0f) * 4, off = (ik_get16(b + 6) & 0x1fff) * 8u;
		size_t len = ik_get16(b + 2) - hl;

		assert_int_equal(ik_csum(b, hl), 0);
		assert_true(t->cap.pkts[i].len <= 1280);
		memcpy(out + off, b + hl, len);
		if (off + len > total)
			total = off + len;
	}
	return total;
}

static void fragmented(void **state)
{
	struct ikt *t = *state;
	uint8_t in[2048], out[2048];
	size_t n = dgram(in, IKT_B, FAR1, IK_IPPROTO_UDP, 64, 2000);

	assert_int_equal(ikt_input(t, in, n, T0), 0);
	assert_int_equal(t->cap.n, 2);
	for (size_t i = 0; i < 2; i++) {
		const uint8_t *b = t->cap.pkts[i].bytes;

		assert_int_equal(ik_get16(b + 4), 0x1234); /* same ID */
		assert_int_equal(b[8], 63);
		assert_int_equal(!!(ik_get16(b + 6) & 0x2000), i == 0); /* MF */
	}
	assert_int_equal(join(t, 0, 2, out), 2000);
	assert_memory_equal(out, in + 20, 2000);
	assert_int_equal(MIB(t, IP_FragCreates), 2);
	assert_int_equal(MIB(t, IP_FragOKs), 1);
	assert_int_equal(MIB(t, IP_ForwDatagrams), 1);
}

/* a fragment is fragmented again: offsets from the original, MF kept */
static void refragmented(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, FAR1, IK_IPPROTO_UDP);
	uint8_t in[2048], pay[1480];

	for (size_t i = 0; i < sizeof(pay); i++)
		pay[i] = (uint8_t)i;
	ip.frag_off = 1480;
	ip.mf = true;
	assert_int_equal(ikt_input(t, in, ikt_ip(in, &ip, pay, 1480), T0), 0);
	assert_int_equal(t->cap.n, 2);
	for (size_t i = 0; i < 2; i++) {
		const uint8_t *b = t->cap.pkts[i].bytes;

		assert_true(ik_get16(b + 6) & 0x2000); /* the original had MF */
	}
	assert_int_equal(ik_get16(t->cap.pkts[0].bytes + 6) & 0x1fff, 1480 / 8);
	assert_int_equal(ik_get16(t->cap.pkts[1].bytes + 6) & 0x1fff, (1480 + 1256) / 8);
}

/* options across fragments: copied ones stay, the others become NOPs */
static void fragment_options(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, FAR1, IK_IPPROTO_UDP);
	/* Router Alert (copied) then Record Route with one free slot (not) */
	uint8_t opts[12] = { IK_IPOPT_RA, 4, 0, 0, IK_IPOPT_RR, 7, 4, 0, 0, 0, 0, 0 };
	uint8_t in[2048], pay[2000] = { 0 };
	const uint8_t *b;

	ip.opts = opts;
	ip.opts_len = sizeof(opts);
	assert_int_equal(ikt_input(t, in, ikt_ip(in, &ip, pay, 2000), T0), 0);
	assert_int_equal(t->cap.n, 2);
	b = t->cap.pkts[0].bytes;
	assert_int_equal(b[0] & 0x0f, 8);
	assert_int_equal(ik_get32(b + 20 + 4 + 3), ETH1); /* RR: the outgoing address */
	assert_int_equal(b[20 + 4 + 2], 8);
	b = t->cap.pkts[1].bytes;
	assert_int_equal(b[0] & 0x0f, 8);
	assert_memory_equal(b + 20, opts, 4); /* RA copied */
	for (int i = 4; i < 11; i++)
		assert_int_equal(b[20 + i], IK_IPOPT_NOP);
}

static void record_route_and_timestamp(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, FAR1, IK_IPPROTO_UDP);
	/* RR with one free slot, TS flag 1 (address + time) with one, EOL */
	uint8_t opts[20] = { IK_IPOPT_RR, 7, 4, 0, 0, 0, 0,
			     IK_IPOPT_TS, 12, 5, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, IK_IPOPT_EOL };
	uint8_t in[256];
	const uint8_t *b;
	size_t n;

	ip.opts = opts;
	ip.opts_len = sizeof(opts);
	n = ikt_ip(in, &ip, "x", 1);
	assert_int_equal(ikt_input(t, in, n, T0 + 5 * 1000000ull), 0);
	assert_int_equal(t->cap.n, 1);
	b = t->cap.pkts[0].bytes;
	assert_int_equal(ik_csum(b, 40), 0);
	assert_int_equal(ik_get32(b + 20 + 3), ETH1);
	assert_int_equal(b[20 + 2], 8);
	assert_int_equal(ik_get32(b + 27 + 4), ETH1);
	assert_int_equal(ik_get32(b + 27 + 8), 1005); /* ms since midnight of the virtual clock */
	assert_int_equal(b[27 + 2], 13);
}

static void martians_not_forwarded(void **state)
{
	struct ikt *t = *state;
	/* 0.8.2.1: any 0/8 source, not only 0.0.0.0 (found by fuzz_stack) */
	const uint32_t srcs[] = { 0, 0x00080201u, 0x7f000001u, 0xe0000001u, ETH1 };
	const uint32_t dsts[] = { 0x7f000001u, 0x00000005u };
	uint8_t in[256];

	for (size_t i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++)
		assert_true(ikt_input(t, in, dgram(in, srcs[i], FAR1, 17, 64, 8), T0) < 0);
	/* nor answered when sent to us: no Protocol Unreachable to 0.8.2.1 */
	assert_true(ikt_input(t, in, dgram(in, 0x00080201u, IKT_A, 253, 64, 8), T0) < 0);
	assert_int_equal(t->cap.n, 0);
	for (size_t i = 0; i < sizeof(dsts) / sizeof(dsts[0]); i++)
		assert_true(ikt_input(t, in, dgram(in, IKT_B, dsts[i], 17, 64, 8), T0) < 0);
	/* a unicast datagram for another host that came as a link broadcast */
	assert_true(ik_stack_input(t->s, 1, in, dgram(in, IKT_B, FAR1, 17, 64, 8),
				   IK_RX_LINK_BCAST, T0) < 0);
	/* multicast is not routed: delivered (to nobody) here, not forwarded */
	ikt_input(t, in, dgram(in, IKT_B, 0xe0000005u, 17, 64, 8), T0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_ForwDatagrams), 0);
}

static void directed_broadcast(void **state)
{
	struct ikt *t = *state;
	uint8_t in[256];
	size_t n = dgram(in, IKT_B, 0xc63364ffu, IK_IPPROTO_UDP, 64, 8);

	ikt_input(t, in, n, T0);
	assert_int_equal(MIB(t, IP_ForwDatagrams), 0); /* RFC 2644: not by default */
	ikt_clear(t);
	assert_int_equal(ik_stack_set(t->s, "bc_forwarding", 1), 0);
	assert_int_equal(ikt_input(t, in, n, T0), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(t->cap.pkts[0].ifindex, 2);
	assert_int_equal(t->cap.pkts[0].next_hop, 0xc63364ffu);
	assert_forwarded(t, 0, in, n);
}

/* a loose source route through us to FAR1, and its failures */
static void source_route(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_UDP);
	uint8_t opts[8] = { IK_IPOPT_LSRR, 7, 4, 0, 0, 0, 0, IK_IPOPT_EOL };
	uint8_t in[256];
	const uint8_t *b;
	size_t n;

	ik_put32(opts + 3, FAR1);
	ip.opts = opts;
	ip.opts_len = sizeof(opts);
	n = ikt_ip(in, &ip, "x", 1);
	assert_true(ikt_input(t, in, n, T0) < 0); /* refused by default */
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InDiscards), 1);
	assert_int_equal(ik_stack_set(t->s, "accept_source_route", 1), 0);
	assert_int_equal(ikt_input(t, in, n, T0), 0);
	assert_int_equal(t->cap.n, 1);
	b = t->cap.pkts[0].bytes;
	assert_int_equal(ik_get32(b + 16), FAR1);
	assert_int_equal(ik_get32(b + 23), ETH1); /* our outgoing address recorded */
	assert_int_equal(b[22], 8);
	assert_int_equal(ik_csum(b, 28), 0);
	/* next address unreachable -> Source Route Failed */
	ikt_clear(t);
	ik_put32(in + 23, NOWHERE);
	ik_put16(in + 10, 0);
	ik_put16(in + 10, ik_csum(in, 28));
	assert_true(ikt_input(t, in, n, T0 + 1000000000ull) < 0);
	assert_int_equal(t->cap.n, 1);
	assert_error(t, 0, IK_ICMP_UNREACH, IK_UNREACH_SRCFAIL, IKT_A, IKT_B, NULL);
	/* strict route whose next hop is behind a gateway -> Source Route Failed */
	ikt_clear(t);
	in[20] = IK_IPOPT_SSRR;
	ik_put32(in + 23, IKT_FAR);
	ik_put16(in + 10, 0);
	ik_put16(in + 10, ik_csum(in, 28));
	assert_true(ikt_input(t, in, n, T0 + 2 * 1000000000ull) < 0);
	assert_int_equal(t->cap.n, 1);
	assert_error(t, 0, IK_ICMP_UNREACH, IK_UNREACH_SRCFAIL, IKT_A, IKT_B, NULL);
}

static void redirect(void **state)
{
	struct ikt *t = *state;
	struct ik_icmp_repr ic;
	uint8_t in[256];
	size_t n = dgram(in, IKT_B, IKT_FAR, IK_IPPROTO_UDP, 64, 8);
	unsigned sent = 0;

	assert_int_equal(ikt_input(t, in, n, T0), 0);
	assert_int_equal(t->cap.n, 2);
	assert_error(t, 0, IK_ICMP_REDIRECT, 1, IKT_A, IKT_B, &ic);
	assert_int_equal(ic.u.redirect.gateway, IKT_GW);
	assert_int_equal(t->cap.pkts[1].next_hop, IKT_GW); /* forwarded all the same */
	assert_forwarded(t, 1, in, n);
	/* the next within redirect_load (20 ms) << 1: none */
	ikt_clear(t);
	ikt_input(t, in, n, T0 + 30 * 1000000ull);
	assert_int_equal(t->cap.n, 1);
	/* with time, at most redirect_number (9) in all, then silence */
	for (unsigned i = 0; i < 40; i++) {
		ikt_clear(t);
		ikt_input(t, in, n, T0 + (uint64_t)(i + 1) * 11 * 1000000000ull);
		sent += t->cap.n == 2;
	}
	assert_int_equal(sent, 8);
	/* send_redirects=0: never */
	ik_stack_set(t->s, "send_redirects", 0);
	ikt_clear(t);
	n = dgram(in, IKT_C, IKT_FAR, IK_IPPROTO_UDP, 64, 8);
	ikt_input(t, in, n, T0 + 1000 * 1000000000ull);
	assert_int_equal(t->cap.n, 1);
}

/* an interface with no address of its own sources errors from 192.0.0.8 */
static void unnumbered(void **state)
{
	struct ikt *t = *state;
	uint8_t in[256];
	size_t n;

	assert_int_equal(ik_stack_add_iface(t->s, "un0", 0, 0, 1500), 3);
	assert_int_equal(ik_stack_add_route(t->s, 0xcb007180u, 25, 0, 3), 0);
	n = dgram(in, 0xcb0071c8u, FAR1, IK_IPPROTO_UDP, 1, 8);
	ik_stack_input(t->s, 3, in, n, 0, T0);
	assert_int_equal(t->cap.n, 1);
	assert_error(t, 0, IK_ICMP_TIMXCEED, 0, 0xc0000008u, 0xcb0071c8u, NULL);
	assert_int_equal(t->cap.pkts[0].ifindex, 3);
	/* and forwards through it */
	ikt_clear(t);
	n = dgram(in, IKT_B, 0xcb0071c8u, IK_IPPROTO_UDP, 9, 8);
	assert_int_equal(ikt_input(t, in, n, T0), 0);
	assert_int_equal(t->cap.pkts[0].ifindex, 3);
}

/* no error about an ICMP error, nor about a later fragment (G1, G4) */
static void no_error_about_error(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, FAR1, IK_IPPROTO_UDP);
	uint8_t in[256], q[28];
	size_t n = dgram(q, FAR1, IKT_B, IK_IPPROTO_UDP, 64, 8);

	n = ikt_icmp_error(in, IKT_B, FAR1, IK_ICMP_UNREACH, 3, 0, q, n);
	in[8] = 1;
	ik_put16(in + 10, 0);
	ik_put16(in + 10, ik_csum(in, 20));
	ikt_input(t, in, n, T0);
	assert_int_equal(t->cap.n, 0);
	ip.ttl = 1;
	ip.frag_off = 64;
	ikt_input(t, in, ikt_ip(in, &ip, "12345678", 8), T0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP_OutSuppressed), 2);
}

/* a bad header checksum is dropped before any forwarding decision */
static void bad_checksum(void **state)
{
	struct ikt *t = *state;
	uint8_t in[256];
	size_t n = dgram(in, IKT_B, FAR1, IK_IPPROTO_UDP, 64, 8);

	in[10] ^= 0x40;
	assert_true(ikt_input(t, in, n, T0) < 0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InCsumErrors), 1);
}

/* a router stays a host for its own addresses */
static void still_a_host(void **state)
{
	struct ikt *t = *state;
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr ic;
	uint8_t in[256];
	size_t n = ikt_echo(in, IK_ICMP_ECHO, IKT_B, ETH1, 7, 1, "ping", 4);

	assert_int_equal(ikt_input(t, in, n, T0), 0);
	assert_int_equal(t->cap.n, 1);
	assert_error(t, 0, IK_ICMP_ECHOREPLY, 0, ETH1, IKT_B, &ic);
	ikt_clear(t);
	n = ikt_udp(in, IKT_B, ETH1, 40000, 9, "x", 1);
	ikt_input(t, in, n, T0);
	assert_error(t, 0, IK_ICMP_UNREACH, IK_UNREACH_PORT, ETH1, IKT_B, NULL);
	/* a router's own errors carry precedence 6 too (RFC 1812 4.3.2.5) */
	assert_int_equal(ikt_parse(t, 0, &ip, NULL), 0);
	assert_int_equal(ip.tos, 0xc0);
}

/** count_fwd() - trace sink counting fwd.forward events */
static void count_fwd(void *ctx, const struct ik_event *ev)
{
	if (!strcmp(ev->what, "fwd.forward"))
		(*(unsigned *)ctx)++;
}

static void traced(void **state)
{
	struct ikt *t = *state;
	unsigned n_ev = 0;
	uint8_t in[256];
	size_t n = dgram(in, IKT_B, FAR1, IK_IPPROTO_UDP, 64, 8);

	ik_stack_set_trace(t->s, count_fwd, &n_ev);
	assert_int_equal(ikt_input(t, in, n, T0), 0);
	assert_int_equal(n_ev, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(forward_basic, setup, teardown),
		cmocka_unit_test_setup_teardown(forward_every_protocol, setup, teardown),
		cmocka_unit_test_setup_teardown(ttl_exceeded, setup, teardown),
		cmocka_unit_test_setup_teardown(ttl_exceeded_from_inbound, setup, teardown),
		cmocka_unit_test_setup_teardown(no_route, setup, teardown),
		cmocka_unit_test_setup_teardown(route_types, setup, teardown),
		cmocka_unit_test_setup_teardown(routes_change, setup, teardown),
		cmocka_unit_test_setup_teardown(frag_needed, setup, teardown),
		cmocka_unit_test_setup_teardown(fragmented, setup, teardown),
		cmocka_unit_test_setup_teardown(refragmented, setup, teardown),
		cmocka_unit_test_setup_teardown(fragment_options, setup, teardown),
		cmocka_unit_test_setup_teardown(record_route_and_timestamp, setup, teardown),
		cmocka_unit_test_setup_teardown(martians_not_forwarded, setup, teardown),
		cmocka_unit_test_setup_teardown(directed_broadcast, setup, teardown),
		cmocka_unit_test_setup_teardown(source_route, setup, teardown),
		cmocka_unit_test_setup_teardown(redirect, setup, teardown),
		cmocka_unit_test_setup_teardown(unnumbered, setup, teardown),
		cmocka_unit_test_setup_teardown(no_error_about_error, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_checksum, setup, teardown),
		cmocka_unit_test_setup_teardown(still_a_host, setup, teardown),
		cmocka_unit_test_setup_teardown(traced, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
