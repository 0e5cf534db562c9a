// SPDX-License-Identifier: MIT
/*
 * test_hostile_frag.c - hostile fragments (issue 13 item 4): the ping of
 * death, overlaps, tiny first fragments, 100,000 spoofed incomplete
 * reassemblies, a missing first fragment, floods against honest datagrams.
 * Each case builds the exact fragments, feeds them to a stack and asserts
 * what goes out, the exact change of every counter, and the reassembly
 * memory (ik_stack_reasm_mem()).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "hostile.h"

#define PROTO 253 /* RFC 3692 experimental: only our raw socket wants it */

static uint8_t payload[65536];
static uint8_t got[65536];

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 13 + 5 + (i >> 9));
	return 0;
}

/* fragment payload[@off, @off + @len) of datagram @id from @src to A */
static size_t frag_from(uint8_t *buf, uint32_t src, uint16_t id, uint32_t off, size_t len,
			bool mf, const uint8_t *data)
{
	struct ik_ipv4_repr ip = ikt_ip_defaults(src, IKT_A, PROTO);

	ip.ident = id;
	ip.frag_off = off;
	ip.mf = mf;
	if (!data)
		data = off + len <= sizeof(payload) ? payload + off : payload;
	return ikt_ip(buf, &ip, data, len);
}

static int feed_from(struct ikt *t, uint32_t src, uint16_t id, uint32_t off, size_t len, bool mf,
		     uint64_t now)
{
	uint8_t buf[2048];
	size_t n = frag_from(buf, src, id, off, len, mf, NULL);

	return ikt_input(t, buf, n, now);
}

static struct ikt *new_rx(int *fd, const struct ik_stack_config *cfg)
{
	struct ikt *t = ikt_new(cfg);

	*fd = ik_sock_open(t->s, IK_SOCK_RAW, PROTO);
	assert_true(*fd >= 0);
	return t;
}

/* the raw socket holds exactly one datagram: @src's @id, @plen payload octets */
static void assert_whole(struct ikt *t, int fd, uint32_t src, uint16_t id, size_t plen)
{
	ssize_t n = ik_sock_recvfrom(t->s, fd, got, sizeof(got), NULL, NULL);
	struct ik_ipv4_repr ip;

	assert_int_equal(n, (ssize_t)(20 + plen));
	assert_int_equal(ik_ipv4_parse(got, (size_t)n, 0, &ip, NULL), 20);
	assert_int_equal(ip.ident, id);
	assert_int_equal(ip.src, src);
	assert_memory_equal(got + 20, payload, plen);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
}

static void assert_reasm_empty(const struct ikt *t)
{
	unsigned dg = 99;

	assert_int_equal(ik_stack_reasm_mem(t->s, &dg), 0);
	assert_int_equal(dg, 0);
}

/*
 * Ping of death: a fragment ending past 65535 octets drops its datagram
 * whole (fragment 0 held included), also when it is fragment 0's options
 * that push the end over; nothing is emitted, not even at the time-out.
 */
static void frag_ping_of_death(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd, NULL);
	struct ik_mib b = h_snap(t->s);
	uint8_t buf[2048];
	struct ik_ipv4_repr ip;
	size_t n;

	/* 0..1480, then 65528..65544: 20 + 65544 > 65535 */
	assert_int_equal(feed_from(t, IKT_B, 1, 0, 1480, true, SEC), 0);
	assert_int_equal(feed_from(t, IKT_B, 1, 65528, 16, false, SEC), -IK_EFRAG);
	EXPECT(b, t->s, D(IP, InReceives, 2), D(IP, ReasmReqds, 2), D(IP, ReasmFails, 1));
	assert_reasm_empty(t);

	/* alone, with no slot to drop: still counted, evicts nothing */
	b = h_snap(t->s);
	assert_int_equal(feed_from(t, IKT_B, 2, 65520, 16, false, SEC), -IK_EFRAG);
	EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, ReasmReqds, 1), D(IP, ReasmFails, 1));
	assert_reasm_empty(t);

	/* fragment 0 with 4 octets of options (24-octet header); the last
	 * fragment ends at 65512: 20 + 65512 fits, 24 + 65512 does not */
	b = h_snap(t->s);
	ip = ikt_ip_defaults(IKT_B, IKT_A, PROTO);
	ip.ident = 3;
	ip.mf = true;
	ip.opts = (const uint8_t[]){ 1, 1, 1, 0 };
	ip.opts_len = 4;
	n = ikt_ip(buf, &ip, payload, 1480);
	assert_int_equal(n, 24 + 1480);
	assert_int_equal(ikt_input(t, buf, n, SEC), 0);
	assert_int_equal(feed_from(t, IKT_B, 3, 65504, 8, false, SEC), -IK_EFRAG);
	EXPECT(b, t->s, D(IP, InReceives, 2), D(IP, ReasmReqds, 2), D(IP, ReasmFails, 1));
	assert_reasm_empty(t);

	ik_stack_poll(t->s, 100 * SEC);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	ikt_free(t);
}

/*
 * Overlaps (RFC 5722's rule applied to IPv4, as Linux since 4.19): a
 * fragment inside data already received is a duplicate, ignored, and the
 * first data stays (teardrop); one that overlaps only in part drops the
 * whole datagram.
 */
static void frag_overlap(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd, NULL);
	struct ik_mib b = h_snap(t->s);
	uint8_t buf[2048], other[16];
	size_t n;

	/* partial overlap: [0,1480) then [1472,2000) */
	assert_int_equal(feed_from(t, IKT_B, 10, 0, 1480, true, SEC), 0);
	assert_int_equal(feed_from(t, IKT_B, 10, 1472, 528, false, SEC), -IK_EFRAG);
	EXPECT(b, t->s, D(IP, InReceives, 2), D(IP, ReasmReqds, 2), D(IP, ReasmFails, 1));
	assert_reasm_empty(t);

	/* a contained fragment with other data: ignored, no failure */
	b = h_snap(t->s);
	memset(other, 0xee, sizeof(other));
	assert_int_equal(feed_from(t, IKT_B, 11, 0, 1480, true, SEC), 0);
	n = frag_from(buf, IKT_B, 11, 8, 16, true, other);
	assert_int_equal(ikt_input(t, buf, n, SEC), -IK_EFRAG);
	assert_int_equal(feed_from(t, IKT_B, 11, 0, 1480, true, SEC), -IK_EFRAG);
	assert_int_equal(feed_from(t, IKT_B, 11, 1480, 520, false, SEC), 0);
	EXPECT(b, t->s, D(IP, InReceives, 4), D(IP, ReasmReqds, 4), D(IP, ReasmOKs, 1),
	       D(IP, InDelivers, 1));
	assert_whole(t, fd, IKT_B, 11, 2000);
	assert_reasm_empty(t);
	assert_int_equal(t->cap.n, 0);
	ikt_free(t);
}

/*
 * Tiny first fragments (RFC 1858): a non-last fragment must carry a
 * positive multiple of 8 octets, so no fragment 0 can split the 8-octet
 * UDP header: 4 octets are dropped (ReasmFails); the header alone in
 * fragment 0 reassembles and is delivered, checksum checked over the whole.
 */
static void frag_tiny_first(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	int fd = ik_sock_open(t->s, IK_SOCK_UDP, 0);
	uint8_t udp[256], f[256], data[100];
	struct ik_ipv4_repr ip;
	struct ik_mib b;
	size_t n, fn;

	assert_int_equal(ik_sock_bind(t->s, fd, 0, 7000), 0);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i + 1);
	n = ikt_udp(udp, IKT_B, IKT_A, 4000, 7000, data, sizeof(data));
	assert_int_equal(n, 20 + 8 + 100);

	b = h_snap(t->s);
	ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_UDP);
	ip.ident = 0x77;
	ip.mf = true;
	fn = ikt_ip(f, &ip, udp + 20, 4);
	assert_int_equal(ikt_input(t, f, fn, SEC), -IK_EFRAG);
	EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, ReasmReqds, 1), D(IP, ReasmFails, 1));
	assert_reasm_empty(t);

	b = h_snap(t->s);
	fn = ikt_ip(f, &ip, udp + 20, 8);
	assert_int_equal(ikt_input(t, f, fn, SEC), 0);
	ip.mf = false;
	ip.frag_off = 8;
	fn = ikt_ip(f, &ip, udp + 28, 100);
	assert_int_equal(ikt_input(t, f, fn, SEC), 0);
	EXPECT(b, t->s, D(IP, InReceives, 2), D(IP, ReasmReqds, 2), D(IP, ReasmOKs, 1),
	       D(IP, InDelivers, 1), D(UDP, InDatagrams, 1));
	assert_int_equal(ik_sock_recvfrom(t->s, fd, got, sizeof(got), NULL, NULL), 100);
	assert_memory_equal(got, data, 100);
	assert_int_equal(t->cap.n, 0);
	ikt_free(t);
}

/*
 * 100,000 incomplete datagrams, one fragment each from 100,000 spoofed
 * sources: reassembly never holds more than ipfrag_high_thresh octets or
 * its slots, each datagram pushed out is one ReasmFails, the survivors
 * time out after ipfrag_time (ReasmTimeout), no fragment 0 came so no
 * ICMP goes out, and the memory returns to 0.
 */
static void frag_spoofed_100k(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd, NULL);
	struct ik_mib b;
	size_t maxmem = 0;
	unsigned maxdg = 0, dg;
	const unsigned N = 100000;

	/* memory binds before the 16 slots: 4096 / 512 = 8 datagrams */
	assert_int_equal(ik_stack_set(t->s, "ipfrag_high_thresh", 4096), 0);
	b = h_snap(t->s);
	for (unsigned i = 0; i < N; i++) {
		uint8_t buf[600];
		size_t n = frag_from(buf, 0x0a000000u + i, (uint16_t)i, 512, 512, true, NULL);
		size_t m;

		assert_int_equal(ikt_input(t, buf, n, SEC + i), 0);
		m = ik_stack_reasm_mem(t->s, &dg);
		maxmem = m > maxmem ? m : maxmem;
		maxdg = dg > maxdg ? dg : maxdg;
	}
	assert_int_equal(maxmem, 4096);
	assert_int_equal(maxdg, 8);
	EXPECT(b, t->s, D(IP, InReceives, N), D(IP, ReasmReqds, N), D(IP, ReasmFails, N - 8));
	/* the last 8 time out 30 s after they came */
	b = h_snap(t->s);
	assert_int_equal(ik_stack_poll(t->s, 31 * SEC), SEC + (N - 8) + 30 * SEC);
	assert_int_equal(ik_stack_poll(t->s, 31 * SEC + N), UINT64_MAX);
	EXPECT(b, t->s, D(IP, ReasmTimeout, 8), D(IP, ReasmFails, 8));
	assert_reasm_empty(t);
	assert_int_equal(t->cap.n, 0);

	/* the same with the slots binding (default memory): 16 held */
	assert_int_equal(ik_stack_set(t->s, "ipfrag_high_thresh", 4194304), 0);
	b = h_snap(t->s);
	maxmem = maxdg = 0;
	for (unsigned i = 0; i < N; i++) {
		uint8_t buf[600];
		size_t n = frag_from(buf, 0x0a000000u + i, (uint16_t)i, 512, 512, true, NULL);
		size_t m;

		assert_int_equal(ikt_input(t, buf, n, 100 * SEC), 0);
		m = ik_stack_reasm_mem(t->s, &dg);
		maxmem = m > maxmem ? m : maxmem;
		maxdg = dg > maxdg ? dg : maxdg;
	}
	assert_int_equal(maxmem, 16 * 512);
	assert_int_equal(maxdg, 16);
	ik_stack_poll(t->s, 130 * SEC);
	EXPECT(b, t->s, D(IP, InReceives, N), D(IP, ReasmReqds, N), D(IP, ReasmFails, N),
	       D(IP, ReasmTimeout, 16));
	assert_reasm_empty(t);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	ikt_free(t);
}

/*
 * A datagram whose fragment 0 never came times out without an ICMP error
 * (RFC 1122 §3.2.2.4 asks for Time Exceeded only when fragment 0 is held);
 * the control with fragment 0 held earns exactly one Time Exceeded 11/1.
 */
static void frag_missing_first(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd, NULL);
	struct ik_mib b = h_snap(t->s);
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr m;

	assert_int_equal(feed_from(t, IKT_B, 20, 1480, 1480, true, SEC), 0);
	assert_int_equal(feed_from(t, IKT_B, 20, 2960, 1040, false, SEC), 0);
	assert_int_equal(ik_stack_poll(t->s, 31 * SEC - 1), 31 * SEC);
	assert_int_equal(ik_stack_poll(t->s, 31 * SEC), UINT64_MAX);
	EXPECT(b, t->s, D(IP, InReceives, 2), D(IP, ReasmReqds, 2), D(IP, ReasmTimeout, 1),
	       D(IP, ReasmFails, 1));
	assert_int_equal(t->cap.n, 0);
	assert_reasm_empty(t);

	/* control: fragment 0 alone */
	b = h_snap(t->s);
	assert_int_equal(feed_from(t, IKT_B, 21, 0, 1480, true, 40 * SEC), 0);
	assert_int_equal(ik_stack_poll(t->s, 70 * SEC), UINT64_MAX);
	EXPECT(b, t->s, D(IP, InReceives, 1), D(IP, ReasmReqds, 1), D(IP, ReasmTimeout, 1),
	       D(IP, ReasmFails, 1), D(IP, OutRequests, 1), D(ICMP, OutMsgs, 1),
	       D(ICMP, OutTimeExcds, 1), { H_OUTTYPE(11), 1 });
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, &ip, &m), 0);
	assert_int_equal(ip.dst, IKT_B);
	assert_int_equal(m.type, 11);
	assert_int_equal(m.code, 1);
	assert_reasm_empty(t);
	ikt_free(t);
}

/*
 * A flood from one source does not starve another source's datagram:
 * evictions (slots full, or ipfrag_high_thresh reached) take the oldest
 * datagram of the source holding the most, so the flooder evicts only its
 * own. Before this rule the oldest overall went, the honest one.
 */
static void frag_flood_not_starving(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd, NULL);
	struct ik_mib b = h_snap(t->s);
	unsigned dg;

	/* slots: honest fragment 0 from C, 1000 flood datagrams from B */
	assert_int_equal(feed_from(t, IKT_C, 30, 0, 1480, true, SEC), 0);
	for (unsigned i = 0; i < 1000; i++)
		assert_int_equal(feed_from(t, IKT_B, (uint16_t)(1000 + i), 8, 8, true, SEC), 0);
	assert_int_equal(feed_from(t, IKT_C, 30, 1480, 520, false, SEC), 0);
	assert_whole(t, fd, IKT_C, 30, 2000);
	EXPECT(b, t->s, D(IP, InReceives, 1002), D(IP, ReasmReqds, 1002),
	       D(IP, ReasmFails, 1000 - 15), D(IP, ReasmOKs, 1), D(IP, InDelivers, 1));
	assert_int_equal(ik_stack_reasm_mem(t->s, &dg), 15 * 8);
	assert_int_equal(dg, 15);
	ik_stack_poll(t->s, 100 * SEC);
	assert_reasm_empty(t);

	/* memory: 4 x 1480 allowed, the flood sends 1480-octet fragments */
	assert_int_equal(ik_stack_set(t->s, "ipfrag_high_thresh", 4 * 1480), 0);
	b = h_snap(t->s);
	assert_int_equal(feed_from(t, IKT_C, 31, 0, 1480, true, 200 * SEC), 0);
	for (unsigned i = 0; i < 100; i++)
		assert_int_equal(
			feed_from(t, IKT_B, (uint16_t)(3000 + i), 1480, 1480, true, 200 * SEC), 0);
	assert_int_equal(feed_from(t, IKT_C, 31, 1480, 520, false, 200 * SEC), 0);
	assert_whole(t, fd, IKT_C, 31, 2000);
	EXPECT(b, t->s, D(IP, InReceives, 102), D(IP, ReasmReqds, 102),
	       /* 3 of B's fit beside C's 1480; C's last 520 evicts one more of B's */
	       D(IP, ReasmFails, 100 - 2), D(IP, ReasmOKs, 1), D(IP, InDelivers, 1));
	ik_stack_poll(t->s, 300 * SEC);
	assert_reasm_empty(t);

	/*
	 * Many spoofed sources, one datagram each, are indistinguishable from
	 * honest ones: the honest datagram survives as long as fewer than
	 * reasm_slots new datagrams come between its fragments (15 here).
	 */
	assert_int_equal(ik_stack_set(t->s, "ipfrag_high_thresh", 4194304), 0);
	assert_int_equal(feed_from(t, IKT_C, 32, 0, 1480, true, 400 * SEC), 0);
	for (unsigned i = 0; i < 15; i++)
		assert_int_equal(feed_from(t, 0x0a000000u + i, 7, 8, 8, true, 400 * SEC), 0);
	assert_int_equal(feed_from(t, IKT_C, 32, 1480, 520, false, 400 * SEC), 0);
	assert_whole(t, fd, IKT_C, 32, 2000);
	ik_stack_poll(t->s, 500 * SEC);
	assert_reasm_empty(t);
	assert_int_equal(t->cap.n, 0);
	ikt_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(frag_ping_of_death),
		cmocka_unit_test(frag_overlap),
		cmocka_unit_test(frag_tiny_first),
		cmocka_unit_test(frag_spoofed_100k),
		cmocka_unit_test(frag_missing_first),
		cmocka_unit_test(frag_flood_not_starving),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
