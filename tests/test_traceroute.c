// SPDX-License-Identifier: MIT
/*
 * test_traceroute.c - what `icmpkit traceroute` decides without a socket:
 * the probes it builds (Paris flow identity: the hashed fields the same in
 * every probe, the key different), the matching of answers to probes by
 * their quote through the wire parsers (and the answers it must refuse:
 * a bad outer or inner IHL, a short quote, another flow's quote, a
 * duplicate), --mtu's second try after a Frag Needed, the annotations and
 * the -e extension text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "icmpkit/checksum.h"

/* the command's files, not the library's: test them here */
#include "cli/args.c"
#include "cli/traceroute_args.c"
#include "cli/traceroute_ann.c"
#include "cli/traceroute_match.c"
#include "cli/traceroute_probe.c"
#include "cli/traceroute_names.c"
#include "cli/traceroute_out.c"
#include "cli/traceroute_report.c"

#define SRC 0xc000020au /* 192.0.2.10 */
#define DST 0xcb00710au /* 203.0.113.10 */
#define HOP 0xc0000201u /* 192.0.2.1 */

static struct tr_args targs;
static struct tr_probe tprobes[6];
static struct tr_ctx tctx;

/**
 * setup() - a context of 6 probes (TTL 1..2, three each), all sent
 * @m: method
 */
static void setup(enum tr_method m)
{
	memset(&targs, 0, sizeof(targs));
	memset(tprobes, 0, sizeof(tprobes));
	targs.method = m;
	targs.first_ttl = 1;
	targs.max_ttl = 2;
	targs.nqueries = 3;
	targs.per_flow = 3;
	targs.flows = 1;
	targs.pktlen = TR_DEF_PKT;
	targs.port = m == TR_TCP ? 8080 : TR_UDP_PORT;
	targs.dst = DST;
	targs.ext = true;
	tctx = (struct tr_ctx){ .a = &targs, .send_fd = -1, .icmp_fd = -1, .tcp_fd = -1,
				.hold_fd = -1, .src = SRC, .sport = 40000, .ident = 0x4242,
				.probes = tprobes, .nprobes = 6, .out = stdout,
				.size = TR_DEF_PKT, .resend = -1 };
	for (unsigned i = 0; i < 6; i++) {
		tprobes[i].ttl = (uint8_t)(1 + i / 3);
		tprobes[i].sent = true;
		tprobes[i].t_sent = 1000;
	}
}

/**
 * probe_datagram() - probe @i as the kernel would send it: IP header + build()
 * @i: probe; @out: buffer (>= 80)
 *
 * Return: its length.
 */
static size_t probe_datagram(unsigned i, uint8_t *out)
{
	static const uint8_t proto[] = { IK_IPPROTO_UDP, IK_IPPROTO_ICMP, IK_IPPROTO_TCP };
	int n = build(&tctx, i, out + 20, 200);
	struct ik_ipv4_repr ip = { .ttl = 1, .proto = proto[targs.method], .src = SRC, .dst = DST,
				   .payload_len = (size_t)n };

	assert_true(n > 0);
	assert_int_equal(ik_ipv4_emit(&ip, out, 20), 20);
	return 20 + (size_t)n;
}

/**
 * icmp_error() - an IPv4 datagram from @from carrying ICMP @type/@code that
 * quotes the first @qlen octets of @quoted, padded to 128 octets and
 * followed by @ext (RFC 4884) when @ext_len
 * @out: buffer (>= 400); @mtu: Next-Hop MTU for code 4
 *
 * Return: its length.
 */
static size_t icmp_error(uint8_t *out, uint32_t from, uint8_t type, uint8_t code, uint16_t mtu,
			 const uint8_t *quoted, size_t qlen, const uint8_t *ext, size_t ext_len)
{
	uint8_t *icmp = out + 20;
	size_t body = ext_len ? 128 : qlen, len = 8 + body + ext_len;
	struct ik_ipv4_repr ip = { .ttl = 64, .proto = IK_IPPROTO_ICMP, .src = from, .dst = SRC,
				   .payload_len = len };

	memset(icmp, 0, len);
	icmp[0] = type;
	icmp[1] = code;
	if (ext_len)
		icmp[5] = 128 / 4;
	ik_put16(icmp + 6, mtu);
	memcpy(icmp + 8, quoted, qlen);
	if (ext_len)
		memcpy(icmp + 8 + body, ext, ext_len);
	ik_put16(icmp + 2, ik_csum(icmp, len));
	assert_int_equal(ik_ipv4_emit(&ip, out, 20), 20);
	return 20 + len;
}

static void udp_paris_identity(void **state)
{
	uint8_t a[100], b[100];

	(void)state;
	setup(TR_UDP);
	probe_datagram(0, a);
	probe_datagram(1, b);
	/* ports and length the same; the checksum differs and is the key */
	assert_memory_equal(a + 20, b + 20, 6);
	assert_int_equal(ik_get16(a + 22), TR_UDP_PORT);
	assert_int_not_equal(ik_get16(a + 26), ik_get16(b + 26));
	assert_int_equal(tprobes[0].key, ik_get16(a + 26));
	assert_int_equal(ik_udp_checksum(a + 20, 40, SRC, DST), ik_get16(a + 26));
}

static void icmp_paris_identity(void **state)
{
	uint8_t a[100], b[100];

	(void)state;
	setup(TR_ICMP);
	probe_datagram(0, a);
	probe_datagram(4, b);
	/* type, code, checksum and identifier the same; the sequence differs */
	assert_memory_equal(a + 20, b + 20, 6);
	assert_int_equal(ik_get16(a + 24), 0x4242);
	assert_int_equal(ik_get16(a + 26), 1);
	assert_int_equal(ik_get16(b + 26), 5);
	assert_int_equal(ik_csum(a + 20, 40), 0);
	assert_int_equal(ik_csum(b + 20, 40), 0);
}

static void tcp_paris_identity(void **state)
{
	uint8_t a[100], b[100];
	struct ik_tcp_repr t;

	(void)state;
	setup(TR_TCP);
	assert_int_equal(probe_datagram(0, a), 60);
	probe_datagram(2, b);
	assert_memory_equal(a + 20, b + 20, 4);
	assert_int_not_equal(ik_get32(a + 24), ik_get32(b + 24));
	assert_int_equal(ik_tcp_parse(a + 20, 40, SRC, DST, 0, &t, NULL), 40);
	assert_int_equal(t.flags, IK_TCP_SYN);
	assert_int_equal(t.seq, tprobes[0].key);
}

static void match_time_exceeded(void **state)
{
	uint8_t p[100], e[400];
	size_t n;

	(void)state;
	setup(TR_UDP);
	for (unsigned i = 0; i < 6; i++)
		probe_datagram(i, p);
	probe_datagram(4, p);
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, p, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), 4);
	assert_true(tprobes[4].answered);
	assert_false(tprobes[4].final);
	assert_int_equal(tprobes[4].from, HOP);
	assert_string_equal(tprobes[4].ann, "");
	/* the same answer again is a duplicate */
	assert_int_equal(tr_match(&tctx, e, n, 2100), -1);
	/* the destination's Port Unreachable: final, no annotation */
	probe_datagram(5, p);
	n = icmp_error(e, DST, IK_ICMP_UNREACH, IK_UNREACH_PORT, 0, p, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), 5);
	assert_true(tprobes[5].final);
	assert_string_equal(tprobes[5].ann, "");
	/* Frag needed: !F-1280 */
	probe_datagram(1, p);
	n = icmp_error(e, HOP, IK_ICMP_UNREACH, IK_UNREACH_NEEDFRAG, 1280, p, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), 1);
	assert_string_equal(tprobes[1].ann, "!F-1280");
}

static void match_mtu_resend(void **state)
{
	uint8_t p[100], e[400];
	size_t n;

	(void)state;
	setup(TR_UDP);
	targs.mtu = true;
	probe_datagram(0, p); /* built at 60 octets; the quote is its first 28 */
	tctx.size = tprobes[0].size = 1500;
	/* --mtu: Frag Needed below the size: not an answer; the probe goes again, smaller */
	n = icmp_error(e, HOP, IK_ICMP_UNREACH, IK_UNREACH_NEEDFRAG, 1280, p, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), -1);
	assert_false(tprobes[0].sent);
	assert_false(tprobes[0].answered);
	assert_int_equal(tctx.resend, 0);
	assert_int_equal(tctx.size, 1280);
	/* a Next-Hop MTU not below the size is an answer, annotated */
	tprobes[0].sent = true;
	n = icmp_error(e, HOP, IK_ICMP_UNREACH, IK_UNREACH_NEEDFRAG, 1400, p, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), 0);
	assert_string_equal(tprobes[0].ann, "!F-1400");
}

static void match_flows(void **state)
{
	uint8_t p[100], q[100], e[400];
	size_t n;

	(void)state;
	setup(TR_UDP);
	targs.flows = 3;
	targs.per_flow = 1;
	for (unsigned i = 0; i < 6; i++)
		probe_datagram(i, p);
	/* probe 4 is flow 1: destination port 33435 */
	probe_datagram(4, p);
	assert_int_equal(ik_get16(p + 22), TR_UDP_PORT + 1);
	/* its checksum under flow 0's port is no probe's */
	memcpy(q, p, 28);
	ik_put16(q + 22, TR_UDP_PORT);
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, q, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), -1);
	/* a port past the flows is not ours */
	ik_put16(q + 22, TR_UDP_PORT + 3);
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, q, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), -1);
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, p, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), 4);
	/* ICMP: flow 2 is Identifier + 2, the checksum the same within a flow */
	setup(TR_ICMP);
	targs.flows = 3;
	targs.per_flow = 1;
	probe_datagram(2, p);
	probe_datagram(5, q);
	assert_int_equal(ik_get16(p + 24), 0x4244);
	assert_memory_equal(p + 20, q + 20, 6);
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, q, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), 5);
}

static void match_refuses(void **state)
{
	uint8_t p[100], q[100], e[400];
	size_t n;

	(void)state;
	setup(TR_UDP);
	for (unsigned i = 0; i < 6; i++)
		probe_datagram(i, p);
	probe_datagram(2, p);
	/* a quote of 27 octets: the UDP checksum is not in it */
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, p, 26, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), -1);
	/* the quoted IHL says 24 octets of header that are not there */
	memcpy(q, p, 28);
	q[0] = 0x4f;
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, q, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), -1);
	/* another flow: other source port */
	memcpy(q, p, 28);
	ik_put16(q + 20, 40001);
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, q, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), -1);
	/* a checksum no probe has */
	memcpy(q, p, 28);
	ik_put16(q + 26, (uint16_t)(ik_get16(p + 26) + 0x1000));
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, q, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), -1);
	/* the outer IHL past the datagram */
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, p, 28, NULL, 0);
	e[0] = 0x4f;
	assert_int_equal(tr_match(&tctx, e, 30, 2000), -1);
	/* the outer Total Length longer than what arrived */
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, p, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n - 1, 2000), -1);
	/* a bad ICMP checksum */
	e[n - 1] ^= 1;
	assert_int_equal(tr_match(&tctx, e, n, 2000), -1);
	e[n - 1] ^= 1;
	/* none of those claimed the probe: the good answer still does */
	assert_int_equal(tr_match(&tctx, e, n, 2000), 2);
	/* a probe that timed out takes no late answer */
	tprobes[3].done = true;
	probe_datagram(3, p);
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, p, 28, NULL, 0);
	assert_int_equal(tr_match(&tctx, e, n, 2000), -1);
}

static void match_echo_and_mpls(void **state)
{
	uint8_t p[100], e[400], reply[100], ext[64];
	static const uint8_t label[4] = { 0x00, 0x06, 0x41, 0x01 }; /* 100, TC 0, S, TTL 1 */
	struct ik_ipv4_repr ip = { .ttl = 64, .proto = IK_IPPROTO_ICMP, .src = DST, .dst = SRC };
	int xl;
	size_t n;

	(void)state;
	setup(TR_ICMP);
	for (unsigned i = 0; i < 6; i++)
		probe_datagram(i, p);
	probe_datagram(0, p);
	xl = ik_icmp_ext_emit(IK_ICMP_EXT_CLASS_MPLS, 1, label, 4, ext, sizeof(ext));
	assert_true(xl > 0);
	n = icmp_error(e, HOP, IK_ICMP_TIMXCEED, 0, 0, p, 28, ext, (size_t)xl);
	assert_int_equal(tr_match(&tctx, e, n, 2000), 0);
	assert_string_equal(tprobes[0].ext, "<MPLS:L=100,E=0,S=1,T=1>");
	/* the destination's Echo Reply, matched by Identifier and Sequence */
	probe_datagram(5, p);
	memcpy(reply + 20, p + 20, 40);
	reply[20] = IK_ICMP_ECHOREPLY;
	ik_put16(reply + 22, 0);
	ik_put16(reply + 22, ik_csum(reply + 20, 40));
	ip.payload_len = 40;
	assert_int_equal(ik_ipv4_emit(&ip, reply, 20), 20);
	assert_int_equal(tr_match(&tctx, reply, 60, 2000), 5);
	assert_true(tprobes[5].final);
	/* another process's Echo Reply */
	ik_put16(reply + 24, 0x4243);
	ik_put16(reply + 22, 0);
	ik_put16(reply + 22, ik_csum(reply + 20, 40));
	assert_int_equal(tr_match(&tctx, reply, 60, 2000), -1);
}

static void match_tcp_synack(void **state)
{
	uint8_t p[100], s[100];
	struct ik_tcp_repr t = { .sport = 8080, .dport = 40000, .flags = IK_TCP_SYN | IK_TCP_ACK,
				 .window = 1000 };
	struct ik_ipv4_repr ip = { .ttl = 64, .proto = IK_IPPROTO_TCP, .src = DST, .dst = SRC,
				   .payload_len = 20 };

	(void)state;
	setup(TR_TCP);
	for (unsigned i = 0; i < 6; i++)
		probe_datagram(i, p);
	t.ack = tprobes[3].key + 1;
	assert_int_equal(ik_tcp_emit(&t, DST, SRC, s + 20, 80), 20);
	assert_int_equal(ik_ipv4_emit(&ip, s, 20), 20);
	assert_int_equal(tr_match(&tctx, s, 40, 2000), 3);
	assert_true(tprobes[3].final);
	/* a SYN-ACK to another port is not ours */
	t.dport = 40001;
	t.ack = tprobes[4].key + 1;
	assert_int_equal(ik_tcp_emit(&t, DST, SRC, s + 20, 80), 20);
	assert_int_equal(tr_match(&tctx, s, 40, 2000), -1);
}

static void annotations(void **state)
{
	char b[16];
	static const struct { uint8_t code; const char *s; } want[] = {
		{ 0, "!N" }, { 1, "!H" }, { 2, "!P" }, { 3, "" }, { 5, "!S" }, { 6, "!N" },
		{ 7, "!H" }, { 9, "!X" }, { 10, "!X" }, { 13, "!X" }, { 14, "!V" }, { 15, "!C" },
		{ 16, "!<16>" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(tr_unreach_ann(want[i].code, 0, b, sizeof(b)), want[i].s);
	assert_string_equal(tr_unreach_ann(4, 1280, b, sizeof(b)), "!F-1280");
}

static void ext_ifinfo(void **state)
{
	/* RFC 5837: incoming interface, ifIndex, IPv4 address, name, MTU */
	uint8_t pl[4 + 8 + 8 + 4] = { 0, 0, 0, 7, 0, 1, 0, 0, 192, 0, 2, 1,
				      8, 'e', 't', 'h', '0', 0, 0, 0, 0, 0, 5, 0xdc };
	uint8_t ext[64];
	char out[TR_EXT_LEN];
	int xl = ik_icmp_ext_emit(IK_ICMP_EXT_CLASS_IFINFO, 0x0f, pl, sizeof(pl), ext, sizeof(ext));

	(void)state;
	assert_true(xl > 0);
	assert_true(tr_ext_format(ext, (size_t)xl, out, sizeof(out)) > 0);
	assert_string_equal(out, "<IF:role=in,index=7,addr=192.0.2.1,name=eth0,mtu=1500>");
	/* a C-Type announcing more than the object holds */
	xl = ik_icmp_ext_emit(IK_ICMP_EXT_CLASS_IFINFO, 0x0f, pl, 4, ext, sizeof(ext));
	tr_ext_format(ext, (size_t)xl, out, sizeof(out));
	assert_string_equal(out, "<IF:role=in,index=7,truncated>");
}

static void args_defaults(void **state)
{
	struct tr_args a;
	char err[256];
	char *argv[] = { "traceroute", "-T", "-q", "1", "-z", "50", "203.0.113.10", NULL };

	(void)state;
	assert_int_equal(tr_args_parse(&a, 7, argv, err, sizeof(err)), 0);
	assert_int_equal(a.method, TR_TCP);
	assert_int_equal(a.port, TR_TCP_PORT);
	assert_int_equal(a.nqueries, 1);
	assert_int_equal(a.max_ttl, 30);
	assert_int_equal(a.simul, 16);
	assert_int_equal(a.sendwait_ns, 50000000); /* above 10: milliseconds */
	assert_int_equal(a.dst, DST);
	assert_int_equal(a.pktlen, 60);
}

static void jitter_figures(void **state)
{
	const double rtt[] = { 10, 12, 9, 9, 15 };
	struct tr_jitter j;

	(void)state;
	/* jitters 0 (the first), 2, 3, 0, 6 */
	tr_jitter_of(rtt, 5, &j);
	assert_float_equal(j.last, 6, 1e-9);
	assert_float_equal(j.max, 6, 1e-9);
	assert_float_equal(j.avg, 11.0 / 5, 1e-9);
	/* J += (D - J) / 16: 0, 0.125, 0.3046875, 0.28564453125, ... */
	assert_float_equal(j.inta, 0.642791748046875, 1e-12);
	tr_jitter_of(rtt, 1, &j);
	assert_float_equal(j.last + j.avg + j.max + j.inta, 0, 0);
	tr_jitter_of(rtt, 0, &j);
	assert_float_equal(j.last + j.avg + j.max + j.inta, 0, 0);
}

static unsigned fake_calls;

/* the resolver of the tests: HOP is r1.example, nothing else has a name */
static int fake_lookup(uint32_t addr, char *buf, size_t len)
{
	fake_calls++;
	if (addr != HOP)
		return -1;
	snprintf(buf, len, "r1.example");
	return 0;
}

static void names_cached(void **state)
{
	struct tr_names t = { .lookup = fake_lookup };

	(void)state;
	fake_calls = 0;
	assert_string_equal(tr_name_of(&t, HOP), "r1.example");
	assert_string_equal(tr_name_of(&t, HOP), "r1.example");
	assert_null(tr_name_of(&t, DST));
	assert_null(tr_name_of(&t, DST));
	for (uint32_t a = 1; a <= 40; a++) /* past the first allocation */
		tr_name_of(&t, a);
	assert_string_equal(tr_name_of(&t, HOP), "r1.example");
	assert_int_equal(fake_calls, 42);
	assert_int_equal(t.lookups, 42);
	tr_names_free(&t);
	assert_int_equal(t.n, 0);
}

/**
 * hop_text() - hop 1 as tr_print_hop() prints it: probes 0 and 1 answered
 * by @a0 and @a1 (0.5 ms, 1.25 ms), probe 2 not
 * @a0 / @a1: responders; @buf / @len: the line
 */
static void hop_text(uint32_t a0, uint32_t a1, char *buf, size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	assert_non_null(f);
	tctx.out = f;
	tprobes[0] = (struct tr_probe){ .ttl = 1, .sent = true, .done = true, .answered = true,
					.t_sent = 1000, .t_recv = 501000, .from = a0 };
	tprobes[1] = (struct tr_probe){ .ttl = 1, .sent = true, .done = true, .answered = true,
					.t_sent = 1000, .t_recv = 1251000, .from = a1 };
	tprobes[2] = (struct tr_probe){ .ttl = 1, .sent = true, .done = true };
	tr_print_hop(&tctx, 1);
	fclose(f);
	tctx.out = stdout;
}

static void hop_names(void **state)
{
	char line[256];

	(void)state;
	setup(TR_UDP);
	fake_calls = 0;
	tctx.names = (struct tr_names){ .lookup = fake_lookup };
	hop_text(HOP, HOP, line, sizeof(line));
	assert_string_equal(line, " 1  r1.example (192.0.2.1)  0.500 ms  1.250 ms *\n");
	/* no name: the address twice, as traceroute 2.x */
	hop_text(HOP, DST, line, sizeof(line));
	assert_string_equal(line, " 1  r1.example (192.0.2.1)  0.500 ms 203.0.113.10 (203.0.113.10)"
			    "  1.250 ms *\n");
	assert_int_equal(fake_calls, 2); /* once per address */
	targs.numeric = true;
	hop_text(HOP, DST, line, sizeof(line));
	assert_string_equal(line, " 1  192.0.2.1  0.500 ms 203.0.113.10  1.250 ms *\n");
	assert_int_equal(fake_calls, 2);
	targs.numeric = false;
	targs.run.json = true;
	hop_text(HOP, DST, line, sizeof(line));
	assert_string_equal(line, "{\"type\":\"hop\",\"ttl\":1,\"probes\":[{\"addr\":\"192.0.2.1\","
			    "\"name\":\"r1.example\",\"rtt_ms\":0.500,\"final\":false},{\"addr\":"
			    "\"203.0.113.10\",\"rtt_ms\":1.250,\"final\":false},{\"timeout\":true}]}\n");
	tr_names_free(&tctx.names);
}

static void report_jitter_columns(void **state)
{
	static const uint64_t us[] = { 10000, 12000, 9000, 9000, 15000 };
	struct tr_probe p[5];
	char out[2048];
	FILE *f;

	(void)state;
	setup(TR_ICMP);
	targs.report = true;
	targs.max_ttl = 1;
	targs.nqueries = targs.per_flow = 5;
	snprintf(targs.fields, sizeof(targs.fields), "LSNABWVM JXI");
	memset(p, 0, sizeof(p));
	for (unsigned k = 0; k < 5; k++)
		p[k] = (struct tr_probe){ .ttl = 1, .sent = true, .done = true, .answered = true,
					  .t_sent = 1000, .t_recv = 1000 + us[k] * 1000, .from = HOP };
	tctx.probes = p;
	tctx.nprobes = 5;
	tctx.names = (struct tr_names){ .lookup = fake_lookup };
	f = fmemopen(out, sizeof(out), "w");
	tctx.out = f;
	tr_report_print(&tctx, 1);
	fclose(f);
	assert_non_null(strstr(out, " Loss%   Snt   Last   Avg  Best  Wrst StDev  Javg   Jttr  Jmax  Jint\n"));
	assert_non_null(strstr(out, "\n  1.|-- r1.example                 0.0%     5   15.0  11.0   9.0  15.0   "
			       "2.5   2.2    6.0   6.0   0.6\n"));
	targs.run.json = true;
	targs.numeric = true;
	snprintf(targs.fields, sizeof(targs.fields), "LDRJMXI");
	f = fmemopen(out, sizeof(out), "w");
	tctx.out = f;
	tr_report_print(&tctx, 1);
	fclose(f);
	assert_non_null(strstr(out, "\"hubs\":[{\"count\":1,\"host\":\"192.0.2.1\",\"Loss%\":0.0,\"Drop\":0,"
			       "\"Rcv\":5,\"Jttr\":6.000,\"Javg\":2.200,\"Jmax\":6.000,\"Jint\":0.643,"
			       "\"hosts\":[\"192.0.2.1\"]}]"));
	tctx.out = stdout;
	tr_names_free(&tctx.names);
}

static void args_fields(void **state)
{
	struct tr_args a;
	char err[256];
	char *ok[] = { "traceroute", "--report", "-o", "LS JMXI", "203.0.113.10", NULL };
	char *noreport[] = { "traceroute", "-o", "JMXI", "203.0.113.10", NULL };
	char *bad[] = { "traceroute", "--report", "-o", "LQ", "203.0.113.10", NULL };
	char *gmean[] = { "traceroute", "--report", "--order", "G", "203.0.113.10", NULL };
	char *dflt[] = { "traceroute", "--report", "203.0.113.10", NULL };

	(void)state;
	assert_int_equal(tr_args_parse(&a, 5, ok, err, sizeof(err)), 0);
	assert_string_equal(a.fields, "LS JMXI");
	assert_int_equal(tr_args_parse(&a, 3, dflt, err, sizeof(err)), 0);
	assert_string_equal(a.fields, TR_DEF_FIELDS);
	assert_int_equal(tr_args_parse(&a, 4, noreport, err, sizeof(err)), TR_ARGS_ERROR);
	assert_string_equal(err, "-o chooses --report's columns: give --report too");
	assert_int_equal(tr_args_parse(&a, 5, bad, err, sizeof(err)), TR_ARGS_ERROR);
	assert_string_equal(err, "-o: unknown field 'Q' (mtr's letters: LDRSNBAWVJMXI and space)");
	assert_int_equal(tr_args_parse(&a, 5, gmean, err, sizeof(err)), TR_ARGS_ERROR);
	assert_string_equal(err, "-o: field 'G' (Gmean) is not supported");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(udp_paris_identity),
		cmocka_unit_test(icmp_paris_identity),
		cmocka_unit_test(tcp_paris_identity),
		cmocka_unit_test(match_time_exceeded),
		cmocka_unit_test(match_mtu_resend),
		cmocka_unit_test(match_flows),
		cmocka_unit_test(match_refuses),
		cmocka_unit_test(match_echo_and_mpls),
		cmocka_unit_test(match_tcp_synack),
		cmocka_unit_test(annotations),
		cmocka_unit_test(ext_ifinfo),
		cmocka_unit_test(args_defaults),
		cmocka_unit_test(jitter_figures),
		cmocka_unit_test(names_cached),
		cmocka_unit_test(hop_names),
		cmocka_unit_test(report_jitter_columns),
		cmocka_unit_test(args_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
