// SPDX-License-Identifier: MIT
/* test_stack_ip.c - IP input (G6, G10, G18, destinations, demux) and output */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "icmpkit/mib.h"
#include "icmpkit/trace.h"
#include "stack/internal.h"
#include "refsum.h"

#define MIB(t, id) (ik_stack_mib((t)->s)->c[IK_MIB_##id])

/* ---- a trace sink that remembers tags and sentences ---- */

struct tr {
	unsigned n;
	char what[64][40];
	char why[64][256];
	unsigned layer[64], kind[64];
};

static void tr_sink(void *ctx, const struct ik_event *ev)
{
	struct tr *t = ctx;

	if (t->n >= 64)
		return;
	snprintf(t->what[t->n], sizeof(t->what[0]), "%s", ev->what);
	snprintf(t->why[t->n], sizeof(t->why[0]), "%s", ev->why);
	t->layer[t->n] = ev->layer;
	t->kind[t->n] = ev->kind;
	t->n++;
}

/* index of the first event tagged @what, or -1 */
static int tr_find(const struct tr *t, const char *what)
{
	for (unsigned i = 0; i < t->n; i++)
		if (!strcmp(t->what[i], what))
			return (int)i;
	return -1;
}

static void fix_csum(uint8_t *p)
{
	size_t hl = (p[0] & 15u) * 4u;

	p[10] = p[11] = 0;
	uint16_t c = ref_csum(p, hl);
	p[10] = (uint8_t)(c >> 8);
	p[11] = (uint8_t)c;
}

/* UDP from B to A's port 9 (closed): the datagram that would draw a G9 error */
static size_t udp_closed(uint8_t *buf)
{
	return ikt_udp(buf, IKT_B, IKT_A, 40000, 9, "hello", 5);
}

/* ---- G6: header validation failures are dropped silently ---- */

/* G6 control: the same datagram intact draws Port Unreachable */
static void g6_control_valid_draws_error(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	uint8_t p[128];
	size_t n = udp_closed(p);

	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(MIB(t, IP_InReceives), 1);
	assert_int_equal(MIB(t, IP_InDelivers), 1);
	assert_int_equal(MIB(t, IP_InHdrErrors), 0);
	ikt_free(t);
}

/* G6: bad header checksum -> InCsumErrors + InHdrErrors, nothing sent */
static void g6_bad_checksum(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	struct tr tr = { 0 };
	uint8_t p[128];
	size_t n = udp_closed(p);

	p[11] ^= 0x01;
	ik_stack_set_trace(t->s, tr_sink, &tr);
	assert_int_equal(ikt_input(t, p, n, 1000), -IK_ECHECKSUM);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InReceives), 1);
	assert_int_equal(MIB(t, IP_InCsumErrors), 1);
	assert_int_equal(MIB(t, IP_InHdrErrors), 1);
	assert_int_equal(MIB(t, IP_InDelivers), 0);
	assert_int_equal(MIB(t, ICMP_OutMsgs), 0);
	int i = tr_find(&tr, "ip.bad_header");
	assert_true(i >= 0);
	assert_int_equal(tr.kind[i], IK_EV_DROP);
	assert_non_null(strstr(tr.why[i], "checksum"));
	ikt_free(t);
}

/* G6: version 5 (neither 4 nor 6, which goes to IPv6 input) -> InHdrErrors,
 * nothing sent */
static void g6_bad_version(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	uint8_t p[128];
	size_t n = udp_closed(p);

	p[0] = 0x55;
	fix_csum(p);
	assert_int_equal(ikt_input(t, p, n, 1000), -IK_EVERSION);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InHdrErrors), 1);
	assert_int_equal(MIB(t, IP_InCsumErrors), 0);
	ikt_free(t);
}

/* G6: IHL 4 -> InHdrErrors, nothing sent */
static void g6_bad_ihl(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	uint8_t p[128];
	size_t n = udp_closed(p);

	p[0] = 0x44;
	assert_int_equal(ikt_input(t, p, n, 1000), -IK_EIHL);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InHdrErrors), 1);
	ikt_free(t);
}

/* G6: Total Length beyond the octets received -> InTruncatedPkts (Linux) */
static void g6_truncated(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	uint8_t p[128];
	size_t n = udp_closed(p);

	assert_int_equal(ikt_input(t, p, n - 1, 1000), -IK_ETOTLEN);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InTruncatedPkts), 1);
	assert_int_equal(MIB(t, IP_InHdrErrors), 0);
	ikt_free(t);
}

/* G6: Total Length shorter than the header -> InHdrErrors */
static void g6_total_below_ihl(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	uint8_t p[128];
	size_t n = udp_closed(p);

	p[2] = 0;
	p[3] = 19;
	fix_csum(p);
	assert_int_equal(ikt_input(t, p, n, 1000), -IK_ETOTLEN);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InHdrErrors), 1);
	assert_int_equal(MIB(t, IP_InTruncatedPkts), 0);
	ikt_free(t);
}

/* G6: fewer than 20 octets -> InHdrErrors */
static void g6_short(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	uint8_t p[128];

	udp_closed(p);
	assert_int_equal(ikt_input(t, p, 19, 1000), -IK_ETRUNC);
	assert_int_equal(ikt_input(t, p, 0, 1000), -IK_ETRUNC);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InReceives), 2);
	assert_int_equal(MIB(t, IP_InHdrErrors), 2);
	ikt_free(t);
}

/* G6: reserved flag set -> InHdrErrors, nothing sent */
static void g6_reserved_flag(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	uint8_t p[128];
	size_t n = udp_closed(p);

	p[6] |= 0x80;
	fix_csum(p);
	assert_int_equal(ikt_input(t, p, n, 1000), -IK_EFRAG);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InHdrErrors), 1);
	ikt_free(t);
}

/* Link padding after Total Length is ignored, not an error */
static void link_padding_ignored(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	int fd = ik_sock_open(t->s, IK_SOCK_RAW, 253);
	uint8_t p[128], got[128];
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, 253);
	size_t n = ikt_ip(p, &ip, "abcd", 4);

	assert_true(fd >= 0);
	memset(p + n, 0xee, 18);
	assert_int_equal(ikt_input(t, p, n + 18, 1000), 0);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, got, sizeof(got), NULL, NULL), (ssize_t)n);
	assert_memory_equal(got, p, n);
	ikt_free(t);
}

/* ---- G18: an option the stack cannot parse -> Parameter Problem ---- */

/* send a UDP datagram with options @o (padded by the emitter) */
static size_t udp_opts(uint8_t *buf, const uint8_t *o, size_t olen)
{
	uint8_t l4[16] = { 0x9c, 0x40, 0x00, 0x09, 0x00, 0x0d, 0, 0, 'h', 'e', 'l', 'l', 'o' };
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_UDP);

	ip.opts = o;
	ip.opts_len = olen;
	return ikt_ip(buf, &ip, l4, 13);
}

/* check that capture 0 is a Parameter Problem with @ptr quoting @p/@n */
static void assert_param_problem(struct ikt *t, const uint8_t *p, size_t n, unsigned ptr)
{
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr m;

	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, &ip, &m), 0);
	assert_int_equal(ip.src, IKT_A);
	assert_int_equal(ip.dst, IKT_B);
	assert_int_equal(ip.proto, IK_IPPROTO_ICMP);
	assert_int_equal(m.type, 12);
	assert_int_equal(m.code, 0);
	assert_int_equal(m.u.param.pointer, ptr);
	/* octet 4 of the ICMP message is the pointer (RFC 792) */
	assert_int_equal(t->cap.pkts[0].bytes[ip.total_len - ip.payload_len + 4], ptr);
	assert_int_equal(m.quote_len, n);
	assert_memory_equal(m.quote, p, n);
}

/* G18: Record Route pointer 3 (< 4) -> pointer 22 (20 + 2) */
static void g18_rr_bad_pointer(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const uint8_t o[8] = { IK_IPOPT_RR, 7, 3, 0, 0, 0, 0, IK_IPOPT_EOL };
	uint8_t p[128];
	size_t n = udp_opts(p, o, sizeof(o));

	assert_int_equal(ikt_input(t, p, n, 1000), -IK_EOPTION);
	assert_param_problem(t, p, n, 22);
	assert_int_equal(MIB(t, IP_InHdrErrors), 1);
	assert_int_equal(MIB(t, IP_InOptErrors), 1);
	assert_int_equal(MIB(t, IP_InDelivers), 0);
	ikt_free(t);
}

/* G18: option length 1 (after a NOP) -> pointer at the length octet, 22 */
static void g18_bad_option_length(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const uint8_t o[4] = { IK_IPOPT_NOP, 0x44, 1, 0 };
	uint8_t p[128];
	size_t n = udp_opts(p, o, sizeof(o));

	assert_int_equal(ikt_input(t, p, n, 1000), -IK_EOPTION);
	assert_param_problem(t, p, n, 22);
	ikt_free(t);
}

/* G18: Record Route given twice (Linux ip_options_compile) -> pointer at
 * the second one's type octet, 28 */
static void g18_duplicate_rr(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const uint8_t o[16] = { IK_IPOPT_RR, 7, 4, 0, 0, 0, 0, IK_IPOPT_NOP,
				IK_IPOPT_RR, 7, 4, 0, 0, 0, 0, IK_IPOPT_EOL };
	uint8_t p[128];
	size_t n = udp_opts(p, o, sizeof(o));

	assert_int_equal(ikt_input(t, p, n, 1000), -IK_EOPTION);
	assert_param_problem(t, p, n, 28);
	ikt_free(t);
}

/* G18: full Timestamp whose overflow counter is already 15 -> pointer at
 * its oflw/flg octet (20 + 3) */
static void g18_ts_overflow_full(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const uint8_t o[8] = { IK_IPOPT_TS, 8, 9, 0xf0, 0, 0, 0, 1 };
	uint8_t p[128];
	size_t n = udp_opts(p, o, sizeof(o));

	assert_int_equal(ikt_input(t, p, n, 1000), -IK_EOPTION);
	assert_param_problem(t, p, n, 23);
	ikt_free(t);
}

/* G18 + G2: a bad option in a broadcast gets no error */
static void g18_broadcast_no_error(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const uint8_t o[8] = { IK_IPOPT_RR, 7, 3, 0, 0, 0, 0, IK_IPOPT_EOL };
	uint8_t p[128];
	size_t n = udp_opts(p, o, sizeof(o));

	ik_put32(p + 16, 0xc00002ffu);
	fix_csum(p);
	assert_int_equal(ikt_input(t, p, n, 1000), -IK_EOPTION);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InHdrErrors), 1);
	ikt_free(t);
}

/* Source-routed datagrams are refused (Linux accept_source_route=0) */
static void source_route_dropped(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	/* LSRR, completed (pointer past the end): we are the final hop */
	const uint8_t o[8] = { IK_IPOPT_LSRR, 7, 8, 0xc0, 0, 2, 1, IK_IPOPT_EOL };
	uint8_t p[128];
	size_t n = udp_opts(p, o, sizeof(o));

	assert_int_equal(ikt_input(t, p, n, 1000), -IK_EOPTION);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InDiscards), 1);
	assert_int_equal(MIB(t, IP_InDelivers), 0);
	ikt_free(t);
}

/* Unknown options are ignored (RFC 1122 §3.2.1.8), the datagram delivered */
static void unknown_option_ignored(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const uint8_t o[4] = { 0x9e, 4, 0xab, 0xcd };
	uint8_t p[128];
	size_t n = udp_opts(p, o, sizeof(o));

	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(MIB(t, IP_InDelivers), 1);
	assert_int_equal(MIB(t, IP_InHdrErrors), 0);
	ikt_free(t);
}

/* ---- G10: protocol demultiplexing ---- */

/* G10: protocol 47 with no raw socket -> Type 3 Code 2 quoting it */
static void g10_proto_unreachable(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	struct tr tr = { 0 };
	uint8_t p[128], gre[12] = { 0, 0, 0x08, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, 47), oip;
	struct ik_icmp_repr m;
	size_t n = ikt_ip(p, &ip, gre, sizeof(gre));

	ik_stack_set_trace(t->s, tr_sink, &tr);
	assert_int_equal(ikt_input(t, p, n, 1000), -IK_ETYPE);
	assert_int_equal(MIB(t, IP_InUnknownProtos), 1);
	assert_int_equal(MIB(t, IP_InDelivers), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, &oip, &m), 0);
	assert_int_equal(oip.src, IKT_A);
	assert_int_equal(oip.dst, IKT_B);
	assert_int_equal(m.type, 3);
	assert_int_equal(m.code, 2);
	assert_int_equal(m.quote_len, n);
	assert_memory_equal(m.quote, p, n);
	int i = tr_find(&tr, "ip.proto_unreachable");
	assert_true(i >= 0);
	assert_non_null(strstr(tr.why[i], "proto 47 (GRE)"));
	ikt_free(t);
}

/* G10: with a raw socket for 47 the datagram is delivered, no error */
static void g10_raw_socket_claims(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	int fd = ik_sock_open(t->s, IK_SOCK_RAW, 47);
	uint8_t p[128], got[128], gre[12] = { 0, 0, 0x08, 0, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, 47);
	size_t n = ikt_ip(p, &ip, gre, sizeof(gre));
	uint32_t from = 0;

	assert_true(fd >= 0);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InUnknownProtos), 0);
	assert_int_equal(MIB(t, IP_InDelivers), 1);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, got, sizeof(got), &from, NULL), (ssize_t)n);
	assert_memory_equal(got, p, n);
	assert_int_equal(from, IKT_B);
	/* another number stays unreachable */
	ip = ikt_ip_defaults(IKT_B, IKT_A, 132);
	n = ikt_ip(p, &ip, gre, sizeof(gre));
	assert_int_equal(ikt_input(t, p, n, 2000), -IK_ETYPE);
	assert_int_equal(t->cap.n, 1);
	ikt_free(t);
}

/* The demux table: proto 17 -> udp handler, and raw sockets see UDP too */
static void demux_trace_udp(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	struct tr tr = { 0 };
	int fd = ik_sock_open(t->s, IK_SOCK_RAW, IK_IPPROTO_UDP);
	uint8_t p[128], got[128];
	size_t n = udp_closed(p);

	ik_stack_set_trace(t->s, tr_sink, &tr);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	int i = tr_find(&tr, "ip.demux");
	assert_true(i >= 0);
	assert_int_equal(tr.layer[i], IK_L_IP);
	assert_int_equal(tr.kind[i], IK_EV_DECIDE);
	assert_non_null(strstr(tr.why[i], "proto 17 (UDP) -> udp handler"));
	assert_true(tr_find(&tr, "ip.rx") >= 0);
	assert_true(tr_find(&tr, "ip.rx") < i);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, got, sizeof(got), NULL, NULL), (ssize_t)n);
	ikt_free(t);
}

/* ---- destinations ---- */

/* Not ours with ip_forward 0: InAddrErrors, no error sent */
static void not_ours_dropped(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	struct tr tr = { 0 };
	uint8_t p[128];
	size_t n = ikt_udp(p, IKT_B, IKT_C, 40000, 9, "x", 1);

	ik_stack_set_trace(t->s, tr_sink, &tr);
	assert_int_equal(ikt_input(t, p, n, 1000), -IK_ENOENT);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InAddrErrors), 1);
	assert_int_equal(MIB(t, IP_InDelivers), 0);
	assert_true(tr_find(&tr, "ip.not_ours") >= 0);
	ikt_free(t);
}

/* RFC 1122 3.2.1.3: a datagram whose source no host may use (0.0.0.0,
 * loopback from outside, multicast, limited or directed broadcast, our own
 * address) is dropped before any socket sees it, so a UDP echo service can
 * never be made to answer a group or itself; 0.0.0.0 towards the limited
 * broadcast (a host bootstrapping) and an ordinary peer are delivered */
static void martian_sources_dropped(void **state)
{
	(void)state;
	static const uint32_t bad[] = { 0, 0x7f000001u, 0xe0000001u, 0xffffffffu, 0xc00002ffu,
					IKT_A };
	struct ikt *t = ikt_new(NULL);
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	uint8_t p[128], got[16];
	size_t n;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 7), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = ikt_udp(p, bad[i], IKT_A, 7, 7, "x", 1);
		assert_int_equal(ikt_input(t, p, n, 1000), -IK_EINVAL);
	}
	assert_int_equal(MIB(t, IP_InAddrErrors), 6);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	assert_int_equal(t->cap.n, 0);
	n = ikt_udp(p, 0, 0xffffffffu, 68, 7, "d", 1);
	assert_int_equal(ikt_input(t, p, n, 2000), 0);
	n = ikt_udp(p, IKT_B, IKT_A, 7, 7, "y", 1);
	assert_int_equal(ikt_input(t, p, n, 3000), 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 2);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, got, sizeof(got), NULL, NULL), 1);
	assert_int_equal(got[0], 'd');
	ikt_free(t);
}

/* Broadcast and multicast destinations are ours (and G2 keeps them from
 * drawing errors); a raw socket sees each */
static void broadcast_multicast_accepted(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const uint32_t dsts[3] = { 0xffffffffu, 0xc00002ffu, 0xe0000001u };
	int fd = ik_sock_open(t->s, IK_SOCK_RAW, 253);
	uint8_t p[128], got[128];

	assert_true(fd >= 0);
	for (unsigned k = 0; k < 3; k++) {
		struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, dsts[k], 253);
		size_t n = ikt_ip(p, &ip, "data", 4);

		assert_int_equal(ikt_input(t, p, n, 1000 + k), 0);
		assert_int_equal(ik_sock_recvfrom(t->s, fd, got, sizeof(got), NULL, NULL),
				 (ssize_t)n);
	}
	/* the same to a closed UDP port: delivered to UDP, no error (G2) */
	for (unsigned k = 0; k < 3; k++) {
		size_t n = ikt_udp(p, IKT_B, dsts[k], 40000, 9, "x", 1);

		assert_int_equal(ikt_input(t, p, n, 2000 + k), 0);
	}
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_InAddrErrors), 0);
	ikt_free(t);
}

/* A second interface's address is ours on any interface (weak host) */
static void weak_host_model(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	int if2 = ik_stack_add_iface(t->s, "eth1", 0xc6336401u, 24, 1500);
	uint8_t p[128];
	size_t n = ikt_udp(p, IKT_B, 0xc6336401u, 40000, 9, "x", 1);

	assert_int_equal(if2, 2);
	assert_int_equal(ik_stack_iface_addr(t->s, 2), 0xc6336401u);
	assert_int_equal(ik_stack_iface_addr(t->s, 3), 0);
	assert_int_equal(ikt_input(t, p, n, 1000), 0);
	assert_int_equal(MIB(t, IP_InDelivers), 1);
	/* unknown interface */
	assert_int_equal(ik_stack_input(t->s, 9, p, n, 0, 1000), -IK_EINVAL);
	assert_int_equal(MIB(t, IP_InDiscards), 1);
	ikt_free(t);
}

/* ---- interfaces and routes ---- */

static void iface_fields(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	int i31 = ik_stack_add_iface(t->s, "p2p", 0x0a000001u, 31, 9000);
	const struct ik_iface *f = ik_iface_get(t->s, 1), *g;

	assert_non_null(f);
	assert_string_equal(f->name, "eth0");
	assert_int_equal(f->mask, 0xffffff00u);
	assert_int_equal(f->bcast, 0xc00002ffu);
	assert_int_equal(f->mtu, 1500);
	assert_int_equal(i31, 2);
	g = ik_iface_get(t->s, 2);
	assert_int_equal(g->mask, 0xfffffffeu);
	assert_int_equal(g->bcast, 0);
	assert_null(ik_iface_get(t->s, 0));
	assert_null(ik_iface_get(t->s, 3));
	assert_int_equal(ik_addr_is_local(t->s, IKT_A), 1);
	assert_int_equal(ik_addr_is_local(t->s, 0x0a000001u), 2);
	assert_int_equal(ik_addr_is_local(t->s, IKT_B), 0);
	assert_true(ik_addr_is_bcast(t->s, 0xffffffffu));
	assert_true(ik_addr_is_bcast(t->s, 0xc00002ffu));
	assert_false(ik_addr_is_bcast(t->s, 0x0a000001u));
	assert_false(ik_addr_is_bcast(t->s, IKT_B));
	/* bad arguments */
	assert_int_equal(ik_stack_add_iface(t->s, "x", 0, 24, 1500), -IK_EINVAL);
	assert_int_equal(ik_stack_add_iface(t->s, "x", 1, 33, 1500), -IK_EINVAL);
	assert_int_equal(ik_stack_add_iface(t->s, "x", 1, 24, 67), -IK_EINVAL);
	assert_int_equal(ik_stack_add_iface(t->s, "x", 1, 24, 65536), -IK_EINVAL);
	ikt_free(t);
}

static void iface_pool_full(void **state)
{
	(void)state;
	struct ik_stack_config cfg = { .max_ifaces = 2 };
	struct ikt *t = ikt_new(&cfg);

	assert_int_equal(ik_stack_add_iface(t->s, "b", 0x0a000001u, 8, 1500), 2);
	assert_int_equal(ik_stack_add_iface(t->s, "c", 0x0b000001u, 8, 1500), -IK_ENOMEM);
	ikt_free(t);
}

/* Longest prefix match, against a brute-force reference */
static void route_lpm(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	struct ik_route_res r;
	/* routes on top of 192.0.2.0/24 (connected) and 203.0.113.0/24 */
	const struct { uint32_t dst; unsigned pfx; uint32_t gw; } rt[] = {
		{ 0, 0, 0xc0000210u },
		{ 0x0a000000u, 8, 0xc0000211u },
		{ 0x0a010000u, 16, 0xc0000212u },
		{ 0x0a010200u, 24, 0xc0000213u },
		{ 0x0a010203u, 32, 0xc0000214u },
		{ 0x0a800000u, 9, 0xc0000215u },
	};
	const uint32_t probes[] = { 0x0a010203u, 0x0a010204u, 0x0a010304u, 0x0a020304u,
				    0x0a800001u, 0x0b000001u, IKT_B, 0xcb007105u, 0x0a7fffffu };
	const uint32_t want_hop[] = { 0xc0000214u, 0xc0000213u, 0xc0000212u, 0xc0000211u,
				      0xc0000215u, 0xc0000210u, IKT_B, IKT_GW, 0xc0000211u };

	/* no default route yet */
	assert_int_equal(ik_route_lookup(t->s, 0x0b000001u, &r), -ENETUNREACH);
	/* add in an order that is not sorted */
	for (int k = 5; k >= 0; k--)
		assert_int_equal(ik_stack_add_route(t->s, rt[k].dst, rt[k].pfx, rt[k].gw, 1), 0);
	for (unsigned k = 0; k < sizeof(probes) / sizeof(probes[0]); k++) {
		assert_int_equal(ik_route_lookup(t->s, probes[k], &r), 0);
		assert_int_equal(r.next_hop, want_hop[k]);
		assert_int_equal(r.ifindex, 1);
		assert_int_equal(r.src, IKT_A);
		assert_int_equal(r.mtu, 1500);
	}
	/* on-link: gw 0 and next hop is the destination */
	assert_int_equal(ik_route_lookup(t->s, IKT_C, &r), 0);
	assert_int_equal(r.gw, 0);
	assert_int_equal(r.next_hop, IKT_C);
	/* a host route replaces (redirect) */
	assert_int_equal(ik_route_add_host(t->s, 0x0a010203u, 0xc0000299u, 1), 0);
	assert_int_equal(ik_route_lookup(t->s, 0x0a010203u, &r), 0);
	assert_int_equal(r.gw, 0xc0000299u);
	/* host bits are cleared */
	assert_int_equal(ik_stack_add_route(t->s, 0x0c0c0c0cu, 8, 0xc0000277u, 1), 0);
	assert_int_equal(ik_route_lookup(t->s, 0x0cffffffu, &r), 0);
	assert_int_equal(r.gw, 0xc0000277u);
	/* bad arguments */
	assert_int_equal(ik_stack_add_route(t->s, 0, 33, 0, 1), -IK_EINVAL);
	assert_int_equal(ik_stack_add_route(t->s, 0, 8, 0, 7), -IK_EINVAL);
	ikt_free(t);
}

static void route_table_full(void **state)
{
	(void)state;
	struct ik_stack_config cfg = { .max_routes = 3 };
	struct ikt *t = ikt_new(&cfg); /* uses 2: connected + 203.0.113/24 */

	assert_int_equal(ik_stack_add_route(t->s, 0x0a000000u, 8, IKT_GW, 1), 0);
	assert_int_equal(ik_stack_add_route(t->s, 0x0b000000u, 8, IKT_GW, 1), -IK_ENOMEM);
	/* replacing an existing one still works */
	assert_int_equal(ik_stack_add_route(t->s, 0x0a000000u, 8, IKT_C, 1), 0);
	ikt_free(t);
}

/* ---- output ---- */

static void output_basic(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	struct ik_ipv4_repr ip;
	const char data[] = "payload!";
	struct ik_tx tx = { .dst = IKT_FAR, .proto = 253, .tos = 0x10, .niov = 2 };

	tx.iov[0].p = data;
	tx.iov[0].len = 4;
	tx.iov[1].p = data + 4;
	tx.iov[1].len = 4;
	assert_int_equal(ik_ip_output(t->s, &tx, 5000), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, &ip, NULL), 0);
	assert_int_equal(t->cap.pkts[0].next_hop, IKT_GW);
	assert_int_equal(t->cap.pkts[0].ifindex, 1);
	assert_int_equal(t->cap.pkts[0].len, 28);
	assert_int_equal(ip.src, IKT_A);
	assert_int_equal(ip.dst, IKT_FAR);
	assert_int_equal(ip.ttl, 64);
	assert_int_equal(ip.tos, 0x10);
	assert_int_equal(ip.proto, 253);
	assert_false(ip.df);
	assert_false(ip.mf);
	assert_memory_equal(t->cap.pkts[0].bytes + 20, "payload!", 8);
	assert_int_equal(ref_csum(t->cap.pkts[0].bytes, 20), 0);
	uint16_t id0 = ip.ident;

	/* next datagram: next ID; explicit source, TTL, ID and DF honoured */
	assert_int_equal(ik_ip_output(t->s, &tx, 5001), 0);
	assert_int_equal(ikt_parse(t, 1, &ip, NULL), 0);
	assert_int_equal(ip.ident, (uint16_t)(id0 + 1));
	tx.src = 0xc0000209u;
	tx.ttl = 3;
	tx.ident = 0xbeef;
	tx.df = true;
	assert_int_equal(ik_ip_output(t->s, &tx, 5002), 0);
	assert_int_equal(ikt_parse(t, 2, &ip, NULL), 0);
	assert_int_equal(ip.src, 0xc0000209u);
	assert_int_equal(ip.ttl, 3);
	assert_int_equal(ip.ident, 0xbeef);
	assert_true(ip.df);
	/* ip_default_ttl applies */
	assert_int_equal(ik_stack_set(t->s, "ip_default_ttl", 200), 0);
	tx.ttl = 0;
	assert_int_equal(ik_ip_output(t->s, &tx, 5003), 0);
	assert_int_equal(ikt_parse(t, 3, &ip, NULL), 0);
	assert_int_equal(ip.ttl, 200);
	assert_int_equal(MIB(t, IP_OutRequests), 4);
	ikt_free(t);
}

static void output_no_route(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	struct ik_tx tx = { .dst = 0x08080808u, .proto = 17 };

	assert_int_equal(ik_ip_output(t->s, &tx, 1), -ENETUNREACH);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, IP_OutNoRoutes), 1);
	assert_int_equal(MIB(t, IP_OutRequests), 0);
	ikt_free(t);
}

/* The first IP ID depends on the seed, and the same seed repeats it */
static void output_ipid_seeded(void **state)
{
	(void)state;
	struct ik_stack_config c1 = { .seed = 1 }, c2 = { .seed = 2 };
	struct ikt *a = ikt_new(&c1), *b = ikt_new(&c1), *c = ikt_new(&c2);
	struct ik_tx tx = { .dst = IKT_B, .proto = 253 };
	struct ik_ipv4_repr ia, ib, ic;

	assert_int_equal(ik_ip_output(a->s, &tx, 1), 0);
	assert_int_equal(ik_ip_output(b->s, &tx, 1), 0);
	assert_int_equal(ik_ip_output(c->s, &tx, 1), 0);
	assert_int_equal(ikt_parse(a, 0, &ia, NULL), 0);
	assert_int_equal(ikt_parse(b, 0, &ib, NULL), 0);
	assert_int_equal(ikt_parse(c, 0, &ic, NULL), 0);
	assert_int_equal(ia.ident, ib.ident);
	assert_int_not_equal(ia.ident, ic.ident);
	ikt_free(a);
	ikt_free(b);
	ikt_free(c);
}

/* A device error is counted in OutDiscards and returned */
static int failing_xmit(void *ctx, unsigned ifindex, uint32_t nh, const uint8_t *pkt, size_t len,
			uint64_t now)
{
	(void)ctx, (void)ifindex, (void)nh, (void)pkt, (void)len, (void)now;
	return -ENOBUFS;
}

static void output_device_error(void **state)
{
	(void)state;
	const struct ik_dev_ops ops = { .xmit = failing_xmit };
	struct ik_stack *s = ik_stack_new(NULL, &ops, NULL);
	struct ik_tx tx = { .dst = IKT_B, .proto = 253 };

	assert_non_null(s);
	assert_int_equal(ik_stack_add_iface(s, "eth0", IKT_A, 24, 1500), 1);
	assert_int_equal(ik_ip_output(s, &tx, 1), -ENOBUFS);
	assert_int_equal(ik_stack_mib(s)->c[IK_MIB_IP_OutDiscards], 1);
	ik_stack_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(g6_control_valid_draws_error),
		cmocka_unit_test(g6_bad_checksum),
		cmocka_unit_test(g6_bad_version),
		cmocka_unit_test(g6_bad_ihl),
		cmocka_unit_test(g6_truncated),
		cmocka_unit_test(g6_total_below_ihl),
		cmocka_unit_test(g6_short),
		cmocka_unit_test(g6_reserved_flag),
		cmocka_unit_test(link_padding_ignored),
		cmocka_unit_test(g18_rr_bad_pointer),
		cmocka_unit_test(g18_bad_option_length),
		cmocka_unit_test(g18_duplicate_rr),
		cmocka_unit_test(g18_ts_overflow_full),
		cmocka_unit_test(g18_broadcast_no_error),
		cmocka_unit_test(source_route_dropped),
		cmocka_unit_test(unknown_option_ignored),
		cmocka_unit_test(g10_proto_unreachable),
		cmocka_unit_test(g10_raw_socket_claims),
		cmocka_unit_test(demux_trace_udp),
		cmocka_unit_test(not_ours_dropped),
		cmocka_unit_test(martian_sources_dropped),
		cmocka_unit_test(broadcast_multicast_accepted),
		cmocka_unit_test(weak_host_model),
		cmocka_unit_test(iface_fields),
		cmocka_unit_test(iface_pool_full),
		cmocka_unit_test(route_lpm),
		cmocka_unit_test(route_table_full),
		cmocka_unit_test(output_basic),
		cmocka_unit_test(output_no_route),
		cmocka_unit_test(output_ipid_seeded),
		cmocka_unit_test(output_device_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
