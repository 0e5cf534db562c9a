// SPDX-License-Identifier: MIT
/*
 * test_stack_tcp.c - TCP with no listener (RFC 9293 §3.10.7.1): every
 * segment meets CLOSED; the reset's fields, the rules that forbid a reset,
 * the counters under Linux's names, raw copies, errors quoting TCP, traces
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "icmpkit/bytes.h"
#include "icmpkit/tcp.h"
#include "refsum.h"

#define MIB(t, n) (ik_stack_mib((t)->s)->c[IK_MIB_##n])
#define T0 1000000000ull

static int setup(void **state)
{
	*state = ikt_new(NULL);
	return 0;
}

static int teardown(void **state)
{
	ikt_free(*state);
	return 0;
}

/**
 * seg() - a TCP segment from @src:40000 to @dst:@dport in an IP datagram,
 * its checksum right
 * @buf: output; @src/@dst: addresses; @dport: port; @seq/@ack: numbers;
 * @flags: IK_TCP_*; @opts/@olen: options; @data/@dlen: payload
 * Return: datagram length.
 */
static size_t seg(uint8_t *buf, uint32_t src, uint32_t dst, uint16_t dport, uint32_t seq,
		  uint32_t ack, unsigned flags, const uint8_t *opts, size_t olen, const void *data,
		  size_t dlen)
{
	uint8_t l4[128];
	struct ik_tcp_repr r = {
		.sport = 40000, .dport = dport, .seq = seq, .ack = ack, .flags = flags,
		.window = 64240, .opts = opts, .opts_len = olen, .payload = data,
		.payload_len = dlen,
	};
	struct ik_ipv4_repr ip = ikt_ip_defaults(src, dst, IK_IPPROTO_TCP);
	int n = ik_tcp_emit(&r, src, dst, l4, sizeof(l4));

	assert_true(n > 0);
	return ikt_ip(buf, &ip, l4, (size_t)n);
}

/**
 * ref_tcp_ok() - the TCP checksum of a captured datagram, checked by the
 * plain reference sum (not the library's)
 * @p: IP datagram (20-octet header); @len: its length
 * Return: true if right.
 */
static bool ref_tcp_ok(const uint8_t *p, size_t len)
{
	uint64_t acc = ref_sum(p + 12, 8, 0) + IK_IPPROTO_TCP + (len - 20);

	return ref_fold16(ref_sum(p + 20, len - 20, acc)) == 0xffff;
}

/**
 * the_rst() - exactly one datagram went out: a TCP reset; its fields
 * @t: harness; @r: the TCP segment parsed; @ip: its header
 */
static void the_rst(struct ikt *t, struct ik_tcp_repr *r, struct ik_ipv4_repr *ip)
{
	const struct ikt_pkt *p;

	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, ip, NULL), 0);
	p = &t->cap.pkts[0];
	assert_int_equal(ip->proto, IK_IPPROTO_TCP);
	assert_int_equal(ip->src, IKT_A);
	assert_int_equal(ip->dst, IKT_B);
	assert_true(ip->df);
	assert_int_equal(ip->ttl, 64);
	assert_true(ref_tcp_ok(p->bytes, p->len));
	assert_int_equal(ik_tcp_parse(p->bytes + 20, p->len - 20, ip->src, ip->dst, 0, r, NULL),
			 20);
	assert_int_equal(r->sport, 80);
	assert_int_equal(r->dport, 40000);
	assert_int_equal(r->window, 0);
	assert_int_equal(r->urgent, 0);
	assert_int_equal(r->opts_len, 0);
	assert_int_equal(r->payload_len, 0);
	assert_true(r->flags & IK_TCP_RST);
}

/* a SYN (no ACK) to a closed port: <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK> */
static void syn_gets_rst_ack(void **state)
{
	struct ikt *t = *state;
	uint8_t b[256];
	const uint8_t opts[] = { 2, 4, 0x05, 0xb4, 1, 1, 4, 2 }; /* MSS 1460, SACK-perm */
	struct ik_tcp_repr r;
	struct ik_ipv4_repr ip;

	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 1000, 0, IK_TCP_SYN, opts, sizeof(opts), NULL, 0),
		  T0);
	the_rst(t, &r, &ip);
	assert_int_equal(r.flags, IK_TCP_RST | IK_TCP_ACK);
	assert_int_equal(r.seq, 0);
	assert_int_equal(r.ack, 1001);
	assert_int_equal(MIB(t, TCP_InSegs), 1);
	assert_int_equal(MIB(t, TCP_OutSegs), 1);
	assert_int_equal(MIB(t, TCP_OutRsts), 1);
	assert_int_equal(MIB(t, TCP_InErrs), 0);
	/* TCP is handled: no Protocol Unreachable, nothing unknown */
	assert_int_equal(MIB(t, IP_InUnknownProtos), 0);
	assert_int_equal(MIB(t, ICMP_OutMsgs), 0);
	assert_int_equal(MIB(t, IP_InDelivers), 1);
	assert_int_equal(MIB(t, TCP_AttemptFails), 0);
}

/* SEG.LEN counts the data and one each for SYN and FIN */
static void seg_len_counts_syn_fin_data(void **state)
{
	struct ikt *t = *state;
	uint8_t b[256];
	struct ik_tcp_repr r;
	struct ik_ipv4_repr ip;

	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 0xfffffff0u, 0, IK_TCP_SYN, NULL, 0, "0123456789", 10),
		  T0);
	the_rst(t, &r, &ip);
	assert_int_equal(r.ack, 0xfffffff0u + 11);
	ikt_clear(t);
	/* SYN+FIN+data, wrapping past 2^32 */
	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 0xfffffffeu, 0, IK_TCP_SYN | IK_TCP_FIN, NULL, 0,
			    "abc", 3), T0);
	the_rst(t, &r, &ip);
	assert_int_equal(r.ack, (uint32_t)(0xfffffffeu + 5u));
	ikt_clear(t);
	/* a bare FIN without ACK: SEG.LEN 1 */
	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 77, 0, IK_TCP_FIN, NULL, 0, NULL, 0), T0);
	the_rst(t, &r, &ip);
	assert_int_equal(r.flags, IK_TCP_RST | IK_TCP_ACK);
	assert_int_equal(r.ack, 78);
	/* no flags at all: SEG.LEN 0 */
	ikt_clear(t);
	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 500, 0, 0, NULL, 0, NULL, 0), T0);
	the_rst(t, &r, &ip);
	assert_int_equal(r.ack, 500);
}

/* a segment with ACK: <SEQ=SEG.ACK><CTL=RST>, no ACK in the reset */
static void ack_gets_rst_at_seg_ack(void **state)
{
	struct ikt *t = *state;
	uint8_t b[256];
	struct ik_tcp_repr r;
	struct ik_ipv4_repr ip;

	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 1000, 0xdeadbeefu, IK_TCP_ACK, NULL, 0, NULL, 0), T0);
	the_rst(t, &r, &ip);
	assert_int_equal(r.flags, IK_TCP_RST);
	assert_int_equal(r.seq, 0xdeadbeefu);
	assert_int_equal(r.ack, 0);
	ikt_clear(t);
	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 1000, 4242, IK_TCP_FIN | IK_TCP_ACK | IK_TCP_PSH,
			    NULL, 0, "bye", 3), T0);
	the_rst(t, &r, &ip);
	assert_int_equal(r.flags, IK_TCP_RST);
	assert_int_equal(r.seq, 4242);
	/* SYN+ACK to a closed port (a stray answer): reset at SEG.ACK */
	ikt_clear(t);
	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 9, 10, IK_TCP_SYN | IK_TCP_ACK, NULL, 0, NULL, 0), T0);
	the_rst(t, &r, &ip);
	assert_int_equal(r.flags, IK_TCP_RST);
	assert_int_equal(r.seq, 10);
	assert_int_equal(MIB(t, TCP_OutRsts), 3);
}

/* the TOS's DSCP is reflected in the reset, its ECN bits not */
static void rst_reflects_dscp(void **state)
{
	struct ikt *t = *state;
	uint8_t b[256];
	size_t n = seg(b, IKT_B, IKT_A, 80, 1, 0, IK_TCP_SYN, NULL, 0, NULL, 0);
	struct ik_ipv4_repr ip;
	struct ik_tcp_repr r;

	b[1] = 0xb9; /* DSCP 46, ECN 01 */
	ik_put16(b + 10, 0);
	ik_put16(b + 10, (uint16_t)~ref_fold16(ref_sum(b, 20, 0)));
	ikt_input(t, b, n, T0);
	the_rst(t, &r, &ip);
	assert_int_equal(ip.tos, 0xb8);
}

/* never a reset for a reset */
static void rst_never_answered(void **state)
{
	struct ikt *t = *state;
	uint8_t b[256];

	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 1000, 0, IK_TCP_RST, NULL, 0, NULL, 0), T0);
	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 1000, 5, IK_TCP_RST | IK_TCP_ACK, NULL, 0, NULL, 0),
		  T0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, TCP_InSegs), 2);
	assert_int_equal(MIB(t, TCP_OutRsts), 0);
	assert_int_equal(MIB(t, TCP_OutSegs), 0);
}

/* a wrong checksum: counted InCsumErrors and InErrs, no reset */
static void bad_checksum_counted_no_rst(void **state)
{
	struct ikt *t = *state;
	uint8_t b[256];
	size_t n = seg(b, IKT_B, IKT_A, 80, 1000, 0, IK_TCP_SYN, NULL, 0, NULL, 0);

	b[20 + 16] ^= 0x01;
	ikt_input(t, b, n, T0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, TCP_InSegs), 1);
	assert_int_equal(MIB(t, TCP_InCsumErrors), 1);
	assert_int_equal(MIB(t, TCP_InErrs), 1);
	assert_int_equal(MIB(t, TCP_OutRsts), 0);
	assert_int_equal(MIB(t, ICMP_OutMsgs), 0);
}

/* Data Offset below 5 is an error (InErrs); a header cut short is only
 * discarded, as Linux's tcp_v4_rcv() */
static void bad_header_no_rst(void **state)
{
	struct ikt *t = *state;
	uint8_t b[256], l4[20] = { 0x9c, 0x40, 0, 80, 0, 0, 0, 1 };
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_TCP);

	l4[12] = 4 << 4;
	l4[13] = IK_TCP_SYN;
	ik_put16(l4 + 16, ik_tcp_checksum(l4, 20, IKT_B, IKT_A));
	ikt_input(t, b, ikt_ip(b, &ip, l4, 20), T0);
	assert_int_equal(MIB(t, TCP_InErrs), 1);
	/* 12 octets: shorter than any TCP header */
	ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_TCP);
	ikt_input(t, b, ikt_ip(b, &ip, l4, 12), T0);
	/* Data Offset 15 with 20 octets there */
	l4[12] = 15 << 4;
	ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_TCP);
	ikt_input(t, b, ikt_ip(b, &ip, l4, 20), T0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, TCP_InSegs), 3);
	assert_int_equal(MIB(t, TCP_InErrs), 1);
	assert_int_equal(MIB(t, TCP_InCsumErrors), 0);
}

/* to a broadcast or multicast address, from a source that names no host,
 * or as a link-layer broadcast: no reset */
static void no_rst_to_or_from_non_hosts(void **state)
{
	struct ikt *t = *state;
	uint8_t b[256];
	size_t n;

	ikt_input(t, b, seg(b, IKT_B, 0xc00002ffu, 80, 1, 0, IK_TCP_SYN, NULL, 0, NULL, 0), T0);
	ikt_input(t, b, seg(b, IKT_B, 0xffffffffu, 80, 1, 0, IK_TCP_SYN, NULL, 0, NULL, 0), T0);
	ikt_input(t, b, seg(b, IKT_B, 0xe0000001u, 80, 1, 0, IK_TCP_SYN, NULL, 0, NULL, 0), T0);
	ikt_input(t, b, seg(b, 0, IKT_A, 80, 1, 0, IK_TCP_SYN, NULL, 0, NULL, 0), T0);
	ikt_input(t, b, seg(b, 0xc00002ffu, IKT_A, 80, 1, 0, IK_TCP_SYN, NULL, 0, NULL, 0), T0);
	ikt_input(t, b, seg(b, 0xe0000005u, IKT_A, 80, 1, 0, IK_TCP_SYN, NULL, 0, NULL, 0), T0);
	n = seg(b, IKT_B, IKT_A, 80, 1, 0, IK_TCP_SYN, NULL, 0, NULL, 0);
	ik_stack_input(t->s, t->ifindex, b, n, IK_RX_LINK_BCAST, T0);
	ik_stack_input(t->s, t->ifindex, b, n, IK_RX_LINK_MCAST, T0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, TCP_OutRsts), 0);
	assert_int_equal(MIB(t, ICMP_OutMsgs), 0);
	/* and a unicast one still gets its reset */
	ikt_input(t, b, n, T0);
	assert_int_equal(t->cap.n, 1);
}

/* a raw socket for protocol 6 gets a copy; the reset is still sent */
static void raw_tcp_socket_gets_copy(void **state)
{
	struct ikt *t = *state;
	uint8_t b[256], got[256];
	int fd = ik_sock_open(t->s, IK_SOCK_RAW, IK_IPPROTO_TCP);
	size_t n = seg(b, IKT_B, IKT_A, 80, 1, 0, IK_TCP_SYN, NULL, 0, NULL, 0);
	uint32_t from = 0;

	assert_true(fd >= 0);
	ikt_input(t, b, n, T0);
	assert_int_equal(ik_sock_recvfrom(t->s, fd, got, sizeof(got), &from, NULL), (ssize_t)n);
	assert_memory_equal(got + 20, b + 20, n - 20);
	assert_int_equal(from, IKT_B);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(MIB(t, TCP_OutRsts), 1);
	assert_int_equal(ik_sock_close(t->s, fd), 0);
}

/* an ICMP error quoting a TCP segment we sent: matched to nothing, never
 * answered */
static void icmp_error_quoting_tcp_not_answered(void **state)
{
	struct ikt *t = *state;
	uint8_t q[64], b[256];
	size_t qn = seg(q, IKT_A, IKT_B, 443, 7, 0, IK_TCP_SYN, NULL, 0, NULL, 0);

	ikt_input(t, b, ikt_icmp_error(b, IKT_B, IKT_A, IK_ICMP_UNREACH, IK_UNREACH_PORT, 0, q, 28),
		  T0);
	ikt_input(t, b, ikt_icmp_error(b, IKT_B, IKT_A, IK_ICMP_TIMXCEED, 0, 0, q, qn), T0);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t, ICMP_InDestUnreachs), 1);
	assert_int_equal(MIB(t, ICMP_InTimeExcds), 1);
	assert_int_equal(MIB(t, ICMP_InErrorsUnmatched), 2);
	assert_int_equal(MIB(t, TCP_InSegs), 0);
}

/** struct tlog - the trace events seen */
struct tlog {
	unsigned n;
	char what[32][40];
	char why[32][240];
};

static void sink(void *ctx, const struct ik_event *ev)
{
	struct tlog *l = ctx;

	if (l->n >= 32)
		return;
	snprintf(l->what[l->n], sizeof(l->what[0]), "%s", ev->what);
	snprintf(l->why[l->n], sizeof(l->why[0]), "%s", ev->why);
	l->n++;
}

static int has(const struct tlog *l, const char *what, const char *part)
{
	for (unsigned i = 0; i < l->n; i++)
		if (!strcmp(l->what[i], what) && strstr(l->why[i], part))
			return 1;
	return 0;
}

/* each decision has its event */
static void decisions_traced(void **state)
{
	struct ikt *t = *state;
	static struct tlog l;
	uint8_t b[256];
	size_t n;

	memset(&l, 0, sizeof(l));
	ik_stack_set_trace(t->s, sink, &l);
	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 1000, 0, IK_TCP_SYN, NULL, 0, NULL, 0), T0);
	assert_true(has(&l, "ip.demux", "tcp handler"));
	assert_true(has(&l, "tcp.no_listener", "[SYN] to port 80"));
	assert_true(has(&l, "tcp.rst", "seq 0 ack 1001 [RST,ACK]"));
	ikt_input(t, b, seg(b, IKT_B, IKT_A, 80, 1000, 0, IK_TCP_RST, NULL, 0, NULL, 0), T0);
	assert_true(has(&l, "tcp.rst_ignored", "never answered"));
	ikt_input(t, b, seg(b, IKT_B, 0xc00002ffu, 80, 1, 0, IK_TCP_SYN, NULL, 0, NULL, 0), T0);
	assert_true(has(&l, "tcp.no_rst_bcast", "broadcast"));
	n = seg(b, IKT_B, IKT_A, 80, 1, 0, IK_TCP_SYN, NULL, 0, NULL, 0);
	b[20 + 17] ^= 0xff;
	ikt_input(t, b, n, T0);
	assert_true(has(&l, "tcp.bad_checksum", "no reset"));
	ik_stack_set_trace(t->s, NULL, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(syn_gets_rst_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(seg_len_counts_syn_fin_data, setup, teardown),
		cmocka_unit_test_setup_teardown(ack_gets_rst_at_seg_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(rst_reflects_dscp, setup, teardown),
		cmocka_unit_test_setup_teardown(rst_never_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_checksum_counted_no_rst, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_header_no_rst, setup, teardown),
		cmocka_unit_test_setup_teardown(no_rst_to_or_from_non_hosts, setup, teardown),
		cmocka_unit_test_setup_teardown(raw_tcp_socket_gets_copy, setup, teardown),
		cmocka_unit_test_setup_teardown(icmp_error_quoting_tcp_not_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(decisions_traced, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
