// SPDX-License-Identifier: MIT
/*
 * test_hostile_len.c - length lies (issue 13 item 3): IP Total Length above
 * and below the frame, IHL past the buffer or below 5, ICMP shorter than 8,
 * a quote whose inner IHL is 15 with 8 octets present (FreeBSD ping,
 * CVE-2022-23093), echoes whose reply would copy octets not received
 * (Ripple20, CVE-2020-11898), UDP Length above and below the datagram
 * (AMNESIA:33), option lengths 0, 1 and past the header.
 *
 * Every case builds the exact octets, feeds them to a stack on the fast
 * path and on the general one (cfg.no_fast_path), and asserts what goes
 * out and the exact change of every counter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hostile.h"

static uint8_t pkt[4096];
static uint8_t got[4096];

/* the two stacks every case runs on: fast path, general path */
static struct ikt *mk(int general)
{
	struct ik_stack_config cfg = { .no_fast_path = general != 0 };

	return ikt_new(&cfg);
}

/* a 60-octet Echo Request B -> A: 20 + 8 + 32 data octets */
static size_t echo60(uint8_t *p)
{
	uint8_t data[32];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(0x40 + i);
	return ikt_echo(p, IK_ICMP_ECHO, IKT_B, IKT_A, 0x1111, 7, data, sizeof(data));
}

/* the one packet sent is an Echo Reply A -> B whose ICMP part is the
 * request's @icmp (@n octets) with type 0 and the checksum redone */
static void assert_echo_reply(const struct ikt *t, const uint8_t *icmp, size_t n)
{
	uint8_t want[2048];
	const struct ikt_pkt *r;
	struct ik_ipv4_repr ip;

	assert_int_equal(t->cap.n, 1);
	r = &t->cap.pkts[0];
	assert_int_equal(ikt_parse(t, 0, &ip, NULL), 0);
	assert_int_equal(ip.src, IKT_A);
	assert_int_equal(ip.dst, IKT_B);
	assert_int_equal(r->len, 20 + n);
	memcpy(want, icmp, n);
	want[0] = 0;
	h_icmpsum(want, n);
	assert_memory_equal(r->bytes + 20, want, n);
}

#define ECHO_OK(b, s)                                                                        \
	EXPECT(b, s, D(IP, InReceives, 1), D(IP, InDelivers, 1), D(IP, OutRequests, 1),      \
	       D(ICMP, InMsgs, 1), D(ICMP, InEchos, 1), { H_INTYPE(8), 1 },                  \
	       D(ICMP, OutMsgs, 1), D(ICMP, OutEchoReps, 1), { H_OUTTYPE(0), 1 })

/* Total Length above the frame: InTruncatedPkts, nothing else, no answer */
static void len_total_above_frame(void **state)
{
	(void)state;
	for (int g = 0; g < 2; g++) {
		struct ikt *t = mk(g);
		size_t n = echo60(pkt);
		static const uint16_t lies[] = { 61, 100, 1500, 65535 };

		for (size_t i = 0; i < sizeof(lies) / sizeof(lies[0]); i++) {
			struct ik_mib b = h_snap(t->s);

			ik_put16(pkt + 2, lies[i]);
			h_ipsum(pkt, 20);
			assert_int_equal(ikt_input(t, pkt, n, SEC), -IK_ETOTLEN);
			EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, InTruncatedPkts, 1));
		}
		assert_int_equal(t->cap.n, 0);
		ikt_free(t);
	}
}

/*
 * Total Length below the frame (link padding, or a lie hiding octets):
 * only Total Length octets are the datagram. The Echo Reply carries
 * exactly the request's 40 ICMP octets, none of the 40 that follow
 * (Ripple20 class: a reply copying what was not the request). Below the
 * header's length (19) it is InHdrErrors.
 */
static void len_total_below_frame(void **state)
{
	(void)state;
	for (int g = 0; g < 2; g++) {
		struct ikt *t = mk(g);
		size_t n = echo60(pkt);
		struct ik_mib b = h_snap(t->s);

		memset(pkt + n, 0xaa, 40);
		assert_int_equal(ikt_input(t, pkt, n + 40, SEC), 0);
		ECHO_OK(b, t->s);
		assert_echo_reply(t, pkt + 20, 40);
		ikt_clear(t);

		/* Total Length 44: the ICMP message is its first 24 octets, so its
		 * checksum (over 40) is wrong: dropped, InCsumErrors */
		b = h_snap(t->s);
		ik_put16(pkt + 2, 44);
		h_ipsum(pkt, 20);
		ikt_input(t, pkt, n + 40, SEC);
		EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1), D(ICMP, InMsgs, 1),
		       D(ICMP, InErrors, 1), D(ICMP, InCsumErrors, 1));
		assert_int_equal(t->cap.n, 0);

		/* ... and with the checksum made right for those 24: answered with
		 * 24 octets, never the 16 beyond Total Length */
		b = h_snap(t->s);
		h_icmpsum(pkt + 20, 24);
		assert_int_equal(ikt_input(t, pkt, n + 40, SEC), 0);
		ECHO_OK(b, t->s);
		assert_echo_reply(t, pkt + 20, 24);
		ikt_clear(t);

		b = h_snap(t->s);
		ik_put16(pkt + 2, 19);
		h_ipsum(pkt, 20);
		assert_int_equal(ikt_input(t, pkt, n, SEC), -IK_ETOTLEN);
		EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, InHdrErrors, 1));
		assert_int_equal(t->cap.n, 0);
		ikt_free(t);
	}
}

/*
 * Ripple20 class through reassembly: each fragment of an echo carries 20
 * junk octets after its Total Length; the reply is built of the fragments'
 * data only.
 */
static void len_echo_fragments_padded(void **state)
{
	(void)state;
	uint8_t data[1000], icmp[1008], f[1200];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 3);
	ikt_echo(pkt, IK_ICMP_ECHO, IKT_B, IKT_A, 0x2222, 9, data, sizeof(data));
	memcpy(icmp, pkt + 20, sizeof(icmp));
	for (int g = 0; g < 2; g++) {
		struct ikt *t = mk(g);
		struct ik_mib b = h_snap(t->s);
		struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
		size_t n;

		ip.ident = 0x5151;
		ip.mf = true;
		n = ikt_ip(f, &ip, icmp, 504);
		memset(f + n, 0xbb, 20);
		assert_int_equal(ikt_input(t, f, n + 20, SEC), 0);
		ip.mf = false;
		ip.frag_off = 504;
		n = ikt_ip(f, &ip, icmp + 504, 504);
		memset(f + n, 0xcc, 20);
		assert_int_equal(ikt_input(t, f, n + 20, SEC), 0);
		EXPECT(b, t->s, D(IP, InReceives, 2), D(IP, ReasmReqds, 2), D(IP, ReasmOKs, 1),
		       D(IP, InDelivers, 1), D(IP, OutRequests, 1), D(ICMP, InMsgs, 1),
		       D(ICMP, InEchos, 1), { H_INTYPE(8), 1 }, D(ICMP, OutMsgs, 1),
		       D(ICMP, OutEchoReps, 1), { H_OUTTYPE(0), 1 });
		assert_echo_reply(t, icmp, sizeof(icmp));
		ikt_free(t);
	}
}

/* IHL past the buffer (6..15, each in a frame 4 octets short of it) and
 * IHL below 5 (0..4): InHdrErrors, no answer */
static void len_ihl_lies(void **state)
{
	(void)state;
	for (int g = 0; g < 2; g++) {
		struct ikt *t = mk(g);
		size_t n = ikt_echo(pkt, IK_ICMP_ECHO, IKT_B, IKT_A, 1, 1, NULL, 0);
		struct ik_mib b;

		assert_int_equal(n, 28);
		for (unsigned ihl = 0; ihl < 16; ihl++) {
			/* past the buffer: 4 octets short of the header it claims */
			size_t len = ihl > 5 ? (ihl * 4u - 4 < n ? ihl * 4u - 4 : n) : n;

			if (ihl == 5)
				continue;
			b = h_snap(t->s);
			pkt[0] = (uint8_t)(0x40 | ihl);
			h_ipsum(pkt, 20);
			assert_true(ikt_input(t, pkt, len, SEC) < 0);
			EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, InHdrErrors, 1));
		}
		assert_int_equal(t->cap.n, 0);
		ikt_free(t);
	}
}

/* an ICMP message of 0..7 octets: Icmp.InMsgs and Icmp.InErrors, no answer */
static void len_icmp_short(void **state)
{
	(void)state;
	for (int g = 0; g < 2; g++) {
		struct ikt *t = mk(g);

		for (size_t len = 0; len < 8; len++) {
			uint8_t m[8] = { IK_ICMP_ECHO, 0, 0, 0, 0, 1, 0, 1 };
			struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
			struct ik_mib b = h_snap(t->s);
			size_t n;

			if (len >= 4)
				h_icmpsum(m, len);
			n = ikt_ip(pkt, &ip, m, len);
			ikt_input(t, pkt, n, SEC);
			EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1),
			       D(ICMP, InMsgs, 1), D(ICMP, InErrors, 1));
		}
		assert_int_equal(t->cap.n, 0);
		ikt_free(t);
	}
}

/* A UDP socket connected A:5000 -> B:53 and the 3/3 error quoting its
 * datagram, the quoted header's IHL set to @ihl (20 + 8 octets quoted) */
static size_t unreach_quoting(uint8_t *p, unsigned ihl)
{
	uint8_t q[64];

	ikt_udp(q, IKT_A, IKT_B, 5000, 53, "abcd", 4);
	q[0] = (uint8_t)(0x40 | ihl);
	return ikt_icmp_error(p, IKT_B, IKT_A, IK_ICMP_UNREACH, IK_UNREACH_PORT, 0, q, 28);
}

/*
 * CVE-2022-23093 class: the quoted header claims IHL 15 (60 octets) with
 * only 28 quoted; also IHL 4 and 6 (past what is quoted with its 8
 * octets). The quote is refused (Icmp.InErrors) before any socket is
 * looked up: the socket sees nothing. The control with IHL 5 reaches it.
 */
static void len_quote_inner_ihl(void **state)
{
	(void)state;
	for (int g = 0; g < 2; g++) {
		struct ikt *t = mk(g);
		int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
		struct ik_sock_err e;
		static const unsigned bad[] = { 15, 0, 4, 6, 7 };

		assert_int_equal(ik_sock_bind(t->s, fd, 0, 5000), 0);
		assert_int_equal(ik_sock_connect(t->s, fd, IKT_B, 53), 0);
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			size_t n = unreach_quoting(pkt, bad[i]);
			struct ik_mib b = h_snap(t->s);

			ikt_input(t, pkt, n, SEC);
			EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1),
			       D(ICMP, InMsgs, 1), D(ICMP, InErrors, 1), D(ICMP, InDestUnreachs, 1),
			       { H_INTYPE(3), 1 });
			assert_int_equal(ik_sock_recverr(t->s, fd, &e), -EAGAIN);
		}
		assert_int_equal(ik_sock_sendto(t->s, fd, "x", 1, 0, 0, SEC), 1);
		assert_int_equal(t->cap.n, 1); /* only that datagram */
		/* control */
		{
			size_t n = unreach_quoting(pkt, 5);
			struct ik_mib b = h_snap(t->s);

			ikt_input(t, pkt, n, SEC);
			EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1),
			       D(ICMP, InMsgs, 1), D(ICMP, InDestUnreachs, 1), { H_INTYPE(3), 1 });
			assert_int_equal(ik_sock_recverr(t->s, fd, &e), 0);
			assert_int_equal(e.err, ECONNREFUSED);
		}
		ikt_free(t);
	}
}

/* a UDP datagram B:4000 -> A:7000 with 10 data octets, Length @ulen, its
 * checksum computed over @ulen octets (0 = no checksum) */
static size_t udp_len(uint8_t *p, uint16_t ulen, bool sum)
{
	size_t n = ikt_udp(p, IKT_B, IKT_A, 4000, 7000, "0123456789", 10);

	ik_put16(p + 24, ulen);
	p[26] = p[27] = 0;
	if (sum)
		ik_put16(p + 26, ref_udp_csum(IKT_B, IKT_A, p + 20, ulen));
	return n;
}

/*
 * AMNESIA:33 class. UDP Length above the datagram (19, 100, 65535 in an
 * 18-octet datagram) or below its header (0..7): Udp.InErrors, nothing
 * delivered, no Port Unreachable. Below the datagram but >= 8: the
 * datagram is that long (RFC 768), the octets after it ignored.
 */
static void len_udp_lies(void **state)
{
	(void)state;
	for (int g = 0; g < 2; g++) {
		struct ikt *t = mk(g);
		int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
		static const uint16_t bad[] = { 19, 100, 65535, 0, 1, 7 };
		struct ik_mib b;
		size_t n;

		assert_int_equal(ik_sock_bind(t->s, fd, 0, 7000), 0);
		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			n = udp_len(pkt, bad[i], false);
			b = h_snap(t->s);
			ikt_input(t, pkt, n, SEC);
			EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1),
			       D(UDP, InErrors, 1));
			assert_int_equal(ik_sock_pending(t->s, fd), 0);
		}
		/* Length 12: 4 data octets, checksum over 12 */
		n = udp_len(pkt, 12, true);
		b = h_snap(t->s);
		assert_int_equal(ikt_input(t, pkt, n, SEC), 0);
		EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1),
		       D(UDP, InDatagrams, 1));
		assert_int_equal(ik_sock_recvfrom(t->s, fd, got, sizeof(got), NULL, NULL), 4);
		assert_memory_equal(got, "0123", 4);
		/* Length 8: an empty datagram */
		n = udp_len(pkt, 8, true);
		b = h_snap(t->s);
		assert_int_equal(ikt_input(t, pkt, n, SEC), 0);
		EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, InDelivers, 1),
		       D(UDP, InDatagrams, 1));
		assert_int_equal(ik_sock_recvfrom(t->s, fd, got, sizeof(got), NULL, NULL), 0);
		assert_int_equal(t->cap.n, 0);
		ikt_free(t);
	}
}

/* an Echo Request B -> A carrying the 4 option octets @o */
static size_t echo_opts(uint8_t *p, const uint8_t *o)
{
	uint8_t m[16] = { IK_ICMP_ECHO, 0, 0, 0, 0, 1, 0, 1, 'o', 'p', 't', 's', 0, 0, 0, 0 };
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);

	h_icmpsum(m, sizeof(m));
	ip.opts = o;
	ip.opts_len = 4;
	return ikt_ip(p, &ip, m, sizeof(m));
}

/*
 * Option lengths 0 and 1 (below the 2 of type and length) and past the
 * header (8 with 4 octets left, at the start and after a NOP), for a known
 * option (Record Route, 7) and an unknown one (0x44... 0x9e): Parameter
 * Problem 12/0 whose pointer is the length octet (differences.md; the type
 * octet when the header ends before the length), quoting
 * the datagram; Ip.InHdrErrors and Ip.InOptErrors.
 */
static void len_option_lies(void **state)
{
	(void)state;
	static const struct {
		uint8_t o[4];
		unsigned ptr;
	} c[] = {
		{ { IK_IPOPT_RR, 0, 4, 0 }, 21 },  { { IK_IPOPT_RR, 1, 4, 0 }, 21 },
		{ { IK_IPOPT_RR, 8, 4, 0 }, 21 },  { { 0x9e, 0, 0, 0 }, 21 },
		{ { 0x9e, 1, 0, 0 }, 21 },         { { 0x9e, 5, 0, 0 }, 21 },
		{ { IK_IPOPT_NOP, 0x9e, 0, 0 }, 22 }, { { IK_IPOPT_NOP, 0x9e, 4, 0 }, 22 },
		{ { IK_IPOPT_NOP, IK_IPOPT_NOP, IK_IPOPT_NOP, 0x9e }, 23 },
	};

	for (int g = 0; g < 2; g++) {
		struct ikt *t = mk(g);

		for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
			size_t n = echo_opts(pkt, c[i].o);
			struct ik_mib b = h_snap(t->s);
			struct ik_ipv4_repr ip;
			struct ik_icmp_repr m;

			ikt_clear(t);
			assert_int_equal(ikt_input(t, pkt, n, SEC * (i + 1)), -IK_EOPTION);
			EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, InHdrErrors, 1),
			       D(IP, InOptErrors, 1), D(IP, OutRequests, 1), D(ICMP, OutMsgs, 1),
			       D(ICMP, OutParmProbs, 1), { H_OUTTYPE(12), 1 });
			assert_int_equal(t->cap.n, 1);
			assert_int_equal(ikt_parse(t, 0, &ip, &m), 0);
			assert_int_equal(ip.dst, IKT_B);
			assert_int_equal(m.type, 12);
			assert_int_equal(m.code, 0);
			if (m.u.param.pointer != c[i].ptr)
				print_message("case %zu: pointer %u\n", i, m.u.param.pointer);
			assert_int_equal(m.u.param.pointer, c[i].ptr);
			assert_int_equal(m.quote_len, n);
			assert_memory_equal(m.quote, pkt, n);
		}
		ikt_free(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(len_total_above_frame),
		cmocka_unit_test(len_total_below_frame),
		cmocka_unit_test(len_echo_fragments_padded),
		cmocka_unit_test(len_ihl_lies),
		cmocka_unit_test(len_icmp_short),
		cmocka_unit_test(len_quote_inner_ihl),
		cmocka_unit_test(len_udp_lies),
		cmocka_unit_test(len_option_lies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
