// SPDX-License-Identifier: MIT
/* test_stack_frag.c - reassembly (G15, limits, overlaps) and fragmentation */
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
#include "stack/internal.h"
#include "refsum.h"

#define MIB(s, id) (ik_stack_mib(s)->c[IK_MIB_##id])
#define SEC 1000000000ull
#define PROTO 253 /* RFC 3692 experimental: only our raw socket wants it */

static uint8_t payload[65536];
static uint8_t got[65536];

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 7 + 3 + (i >> 8));
	return 0;
}

/* a fragment of payload[@off .. @off + @len) with ID @id, from B to A */
static size_t frag(uint8_t *buf, uint16_t id, uint32_t off, size_t len, bool mf)
{
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, PROTO);

	ip.ident = id;
	ip.frag_off = off;
	ip.mf = mf;
	return ikt_ip(buf, &ip, payload + off, len);
}

/* feed fragment [@off, @off + @len) of a datagram of @total payload octets */
static int feed(struct ikt *t, uint16_t id, uint32_t off, size_t len, size_t total, uint64_t now)
{
	uint8_t buf[2048];
	size_t n = frag(buf, id, off, len, off + len < total);

	return ikt_input(t, buf, n, now);
}

/* check the raw socket got the whole datagram of @plen payload octets */
static void assert_whole(struct ikt *t, int fd, uint16_t id, size_t plen)
{
	ssize_t n = ik_sock_recvfrom(t->s, fd, got, sizeof(got), NULL, NULL);
	struct ik_ipv4_repr ip;

	assert_int_equal(n, (ssize_t)(20 + plen));
	assert_int_equal(ik_ipv4_parse(got, (size_t)n, 0, &ip, NULL), 20);
	assert_int_equal(ip.total_len, 20 + plen);
	assert_int_equal(ip.ident, id);
	assert_false(ip.mf);
	assert_int_equal(ip.frag_off, 0);
	assert_int_equal(ip.src, IKT_B);
	assert_int_equal(ip.dst, IKT_A);
	assert_int_equal(ref_csum(got, 20), 0);
	assert_memory_equal(got + 20, payload, plen);
}

static struct ikt *new_rx(int *fd)
{
	struct ikt *t = ikt_new(NULL);

	*fd = ik_sock_open(t->s, IK_SOCK_RAW, PROTO);
	assert_true(*fd >= 0);
	return t;
}

/* ---- reassembly ---- */

static void reasm_in_order(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);

	assert_int_equal(feed(t, 1, 0, 1480, 4000, SEC), 0);
	assert_int_equal(feed(t, 1, 1480, 1480, 4000, SEC), 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	assert_int_equal(feed(t, 1, 2960, 1040, 4000, SEC), 0);
	assert_whole(t, fd, 1, 4000);
	assert_int_equal(MIB(t->s, IP_InReceives), 3);
	assert_int_equal(MIB(t->s, IP_ReasmReqds), 3);
	assert_int_equal(MIB(t->s, IP_ReasmOKs), 1);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 0);
	assert_int_equal(MIB(t->s, IP_InDelivers), 1);
	assert_int_equal(t->cap.n, 0);
	/* nothing left to time out */
	assert_int_equal(ik_stack_poll(t->s, 2 * SEC), UINT64_MAX);
	ikt_free(t);
}

static void reasm_out_of_order(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);

	/* last, first, middle */
	assert_int_equal(feed(t, 2, 2960, 1040, 4000, SEC), 0);
	assert_int_equal(feed(t, 2, 0, 1480, 4000, SEC), 0);
	assert_int_equal(feed(t, 2, 1480, 1480, 4000, SEC), 0);
	assert_whole(t, fd, 2, 4000);
	/* reverse, with a last fragment not a multiple of 8 */
	for (int k = 4; k >= 0; k--)
		assert_int_equal(feed(t, 3, (uint32_t)k * 800, k == 4 ? 3 : 800, 3203, SEC), 0);
	assert_whole(t, fd, 3, 3203);
	assert_int_equal(MIB(t->s, IP_ReasmOKs), 2);
	ikt_free(t);
}

/* Two datagrams with different IDs interleaved are kept apart */
static void reasm_interleaved(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);

	assert_int_equal(feed(t, 10, 0, 1480, 2000, SEC), 0);
	assert_int_equal(feed(t, 11, 1480, 520, 2000, SEC), 0);
	assert_int_equal(feed(t, 11, 0, 1480, 2000, SEC), 0);
	assert_whole(t, fd, 11, 2000);
	assert_int_equal(feed(t, 10, 1480, 520, 2000, SEC), 0);
	assert_whole(t, fd, 10, 2000);
	ikt_free(t);
}

/* A duplicate is ignored; the datagram still completes, once */
static void reasm_duplicate(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);

	assert_int_equal(feed(t, 4, 0, 1480, 4000, SEC), 0);
	assert_int_equal(feed(t, 4, 0, 1480, 4000, SEC), -IK_EFRAG);
	assert_int_equal(feed(t, 4, 1480, 1480, 4000, SEC), 0);
	assert_int_equal(feed(t, 4, 2960, 1040, 4000, SEC), 0);
	assert_whole(t, fd, 4, 4000);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	assert_int_equal(MIB(t->s, IP_ReasmOKs), 1);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 0);
	ikt_free(t);
}

/* A partial overlap drops the whole datagram (RFC 5722 rule, as Linux) */
static void reasm_overlap(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);

	assert_int_equal(feed(t, 5, 0, 1480, 4000, SEC), 0);
	assert_int_equal(feed(t, 5, 1000, 1480, 4000, SEC), -IK_EFRAG);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 1);
	/* what follows starts afresh without fragment 0: never completes */
	assert_int_equal(feed(t, 5, 1480, 1480, 4000, SEC), 0);
	assert_int_equal(feed(t, 5, 2960, 1040, 4000, SEC), 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	assert_int_equal(MIB(t->s, IP_ReasmOKs), 0);
	/* and times out without an error: its fragment 0 was dropped */
	ik_stack_poll(t->s, 31 * SEC);
	assert_int_equal(MIB(t->s, IP_ReasmTimeout), 1);
	assert_int_equal(t->cap.n, 0);
	ikt_free(t);
}

/* Two last fragments that disagree on the end drop the datagram */
static void reasm_conflicting_end(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);

	assert_int_equal(feed(t, 6, 1480, 1480, 2960, SEC), 0);
	assert_int_equal(feed(t, 6, 1480, 520, 2000, SEC), -IK_EFRAG);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 1);
	/* data beyond a known end, too */
	assert_int_equal(feed(t, 7, 1480, 520, 2000, SEC), 0);
	assert_int_equal(feed(t, 7, 2960, 8, 4000, SEC), -IK_EFRAG);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 2);
	ikt_free(t);
}

/* MF set with a payload that is not a multiple of 8: fragment dropped */
static void reasm_bad_length(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);
	uint8_t buf[256];
	size_t n = frag(buf, 8, 0, 100, true);

	assert_int_equal(ikt_input(t, buf, n, SEC), -IK_EFRAG);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 1);
	assert_int_equal(ik_stack_poll(t->s, SEC), UINT64_MAX);
	ikt_free(t);
}

/* Fragment 0 never came: time-out counted, no ICMP error (G15's condition) */
static void reasm_missing_first(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);

	assert_int_equal(feed(t, 9, 1480, 1480, 4000, SEC), 0);
	assert_int_equal(feed(t, 9, 2960, 1040, 4000, SEC + 5), 0);
	assert_int_equal(ik_stack_poll(t->s, SEC + 29 * SEC), 31 * SEC);
	assert_int_equal(MIB(t->s, IP_ReasmTimeout), 0);
	assert_int_equal(ik_stack_poll(t->s, 31 * SEC), UINT64_MAX);
	assert_int_equal(MIB(t->s, IP_ReasmTimeout), 1);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 1);
	assert_int_equal(t->cap.n, 0);
	ikt_free(t);
}

/* ik_stack_deadline() tells when to poll without running anything: none
 * before, the first fragment's reassembly deadline right after input, none
 * once it has expired */
static void deadline_without_poll(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);

	assert_int_equal(ik_stack_deadline(t->s), UINT64_MAX);
	assert_int_equal(feed(t, 9, 1480, 1480, 4000, SEC), 0);
	assert_int_equal(ik_stack_deadline(t->s), 31 * SEC);
	assert_int_equal(feed(t, 9, 2960, 1040, 4000, 2 * SEC), 0);
	assert_int_equal(ik_stack_deadline(t->s), 31 * SEC);
	assert_int_equal(MIB(t->s, IP_ReasmTimeout), 0);
	assert_int_equal(ik_stack_poll(t->s, 31 * SEC), UINT64_MAX);
	assert_int_equal(ik_stack_deadline(t->s), UINT64_MAX);
	ikt_free(t);
}

/* G15: the last fragment never came, fragment 0 did -> Time Exceeded
 * code 1 quoting fragment 0's header and data, from the address it was
 * sent to */
static void g15_reasm_timeout_time_exceeded(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);
	uint8_t f0[2048];
	size_t n0 = frag(f0, 0x4242, 0, 1480, true);
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr m;

	assert_int_equal(ikt_input(t, f0, n0, SEC), 0);
	assert_int_equal(feed(t, 0x4242, 1480, 1480, 4000, 2 * SEC), 0);
	/* the deadline is 30 s after the first fragment */
	assert_int_equal(ik_stack_poll(t->s, 3 * SEC), 31 * SEC);
	assert_int_equal(ik_stack_poll(t->s, 31 * SEC - 1), 31 * SEC);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(ik_stack_poll(t->s, 31 * SEC), UINT64_MAX);
	assert_int_equal(MIB(t->s, IP_ReasmTimeout), 1);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 1);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, &ip, &m), 0);
	assert_int_equal(ip.src, IKT_A);
	assert_int_equal(ip.dst, IKT_B);
	assert_int_equal(m.type, 11);
	assert_int_equal(m.code, 1);
	/* header + at least 8 octets (G7), as much as fits in 576 (G8) */
	assert_true(m.quote_len >= 28);
	assert_true(m.quote_len <= 576 - 28);
	assert_memory_equal(m.quote, f0, m.quote_len);
	ikt_free(t);
}

/* ipfrag_time is the time-out */
static void reasm_ipfrag_time_setting(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);

	assert_int_equal(ik_stack_set(t->s, "ipfrag_time", 5), 0);
	assert_int_equal(feed(t, 12, 0, 1480, 4000, SEC), 0);
	assert_int_equal(ik_stack_poll(t->s, SEC), 6 * SEC);
	ik_stack_poll(t->s, 6 * SEC);
	assert_int_equal(MIB(t->s, IP_ReasmTimeout), 1);
	assert_int_equal(t->cap.n, 1);
	ikt_free(t);
}

/* A fragment arriving after the deadline expires the old datagram first */
static void reasm_expired_on_input(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);

	assert_int_equal(feed(t, 13, 1480, 520, 2000, SEC), 0);
	/* 40 s later, no poll in between: the old part has expired */
	assert_int_equal(feed(t, 13, 0, 1480, 2000, 41 * SEC), 0);
	assert_int_equal(MIB(t->s, IP_ReasmTimeout), 1);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	ikt_free(t);
}

/* The largest datagram, 65535 octets, reassembles */
static void reasm_max_65535(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);
	const size_t plen = 65535 - 20;

	for (uint32_t off = 0; off < plen; off += 1480) {
		size_t len = plen - off < 1480 ? plen - off : 1480;

		assert_int_equal(feed(t, 14, off, len, plen, SEC), 0);
	}
	assert_whole(t, fd, 14, plen);
	assert_int_equal(MIB(t->s, IP_ReasmReqds), 45);
	ikt_free(t);
}

/* Ping of death: a fragment ending past 65535 drops the whole datagram,
 * and nothing is left to time out (no Time Exceeded later) */
static void reasm_ping_of_death(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);

	/* offset + payload > 65535: the parser's limit */
	assert_int_equal(feed(t, 15, 0, 1480, 1 << 20, SEC), 0);
	assert_int_equal(feed(t, 15, 65520, 16, 65536, SEC), -IK_EFRAG);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 1);
	/* header + offset + payload > 65535 */
	assert_int_equal(feed(t, 16, 0, 1480, 1 << 20, SEC), 0);
	assert_int_equal(feed(t, 16, 65512, 16, 65528, SEC), -IK_EFRAG);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 2);
	assert_int_equal(MIB(t->s, IP_InHdrErrors), 0);
	assert_int_equal(ik_stack_poll(t->s, 100 * SEC), UINT64_MAX);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	ikt_free(t);
}

/* ipfrag_high_thresh bounds the octets held: the oldest is evicted */
static void reasm_memory_bound(void **state)
{
	(void)state;
	int fd;
	struct ikt *t = new_rx(&fd);
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr m;
	struct ik_quote q;

	assert_int_equal(ik_stack_set(t->s, "ipfrag_high_thresh", 3500), 0);
	assert_int_equal(feed(t, 21, 0, 1480, 2000, SEC), 0);
	assert_int_equal(feed(t, 22, 0, 1480, 2000, SEC + 1), 0);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 0);
	assert_int_equal(feed(t, 23, 0, 1480, 2000, SEC + 2), 0); /* evicts 21 */
	assert_int_equal(MIB(t->s, IP_ReasmFails), 1);
	assert_int_equal(feed(t, 22, 1480, 520, 2000, SEC + 3), 0); /* 22 still whole */
	assert_whole(t, fd, 22, 2000);
	assert_int_equal(feed(t, 21, 1480, 520, 2000, SEC + 4), 0); /* 21 lost its start */
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 1);
	/* at the time-out only 23 had fragment 0: one Time Exceeded, about 23 */
	ik_stack_poll(t->s, 40 * SEC);
	assert_int_equal(MIB(t->s, IP_ReasmTimeout), 2);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, &ip, &m), 0);
	assert_int_equal(m.type, 11);
	assert_int_equal(ik_icmp_quote_parse(m.quote, m.quote_len, &q, NULL), 0);
	assert_int_equal(q.ip.ident, 23);
	/* a datagram alone above the bound cannot be held */
	assert_int_equal(ik_stack_set(t->s, "ipfrag_high_thresh", 1000), 0);
	assert_int_equal(feed(t, 24, 0, 1480, 2000, 41 * SEC), -IK_ENOMEM);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 4);
	assert_int_equal(ik_stack_poll(t->s, 41 * SEC), UINT64_MAX);
	ikt_free(t);
}

/* With every slot busy, a new datagram evicts the oldest */
static void reasm_slots_full(void **state)
{
	(void)state;
	struct ik_stack_config cfg = { .reasm_slots = 2 };
	struct ikt *t = ikt_new(&cfg);
	int fd = ik_sock_open(t->s, IK_SOCK_RAW, PROTO);

	assert_true(fd >= 0);
	assert_int_equal(feed(t, 31, 0, 1480, 2000, SEC), 0);
	assert_int_equal(feed(t, 32, 0, 1480, 2000, SEC + 1), 0);
	assert_int_equal(feed(t, 33, 0, 1480, 2000, SEC + 2), 0);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 1);
	assert_int_equal(feed(t, 32, 1480, 520, 2000, SEC + 3), 0);
	assert_whole(t, fd, 32, 2000);
	assert_int_equal(feed(t, 33, 1480, 520, 2000, SEC + 3), 0);
	assert_whole(t, fd, 33, 2000);
	assert_int_equal(feed(t, 31, 1480, 520, 2000, SEC + 3), 0);
	assert_int_equal(ik_sock_pending(t->s, fd), 0);
	ikt_free(t);
}

/* A fragment that can never complete (it ends past 65535) evicts nothing:
 * with every slot busy, the reassemblies in progress still complete */
static void reasm_oversize_evicts_nothing(void **state)
{
	(void)state;
	struct ik_stack_config cfg = { .reasm_slots = 2 };
	struct ikt *t = ikt_new(&cfg);
	int fd = ik_sock_open(t->s, IK_SOCK_RAW, PROTO);

	assert_true(fd >= 0);
	assert_int_equal(feed(t, 41, 0, 1480, 2000, SEC), 0);
	assert_int_equal(feed(t, 42, 0, 1480, 2000, SEC + 1), 0);
	assert_int_equal(feed(t, 43, 65520, 16, 65536, SEC + 2), -IK_EFRAG);
	assert_int_equal(MIB(t->s, IP_ReasmFails), 1);
	assert_int_equal(feed(t, 41, 1480, 520, 2000, SEC + 3), 0);
	assert_whole(t, fd, 41, 2000);
	assert_int_equal(feed(t, 42, 1480, 520, 2000, SEC + 3), 0);
	assert_whole(t, fd, 42, 2000);
	ikt_free(t);
}

/* ---- fragmentation on output ---- */

/* a receiving stack at @addr with a raw socket; no device */
static struct ik_stack *receiver(uint32_t addr, int *fd)
{
	struct ik_stack *r = ik_stack_new(NULL, NULL, NULL);

	assert_non_null(r);
	assert_int_equal(ik_stack_add_iface(r, "eth0", addr, 24, 1500), 1);
	*fd = ik_sock_open(r, IK_SOCK_RAW, PROTO);
	assert_true(*fd >= 0);
	return r;
}

/* check fragment @i: offset, payload length, MF, and its bytes */
static void assert_frag(struct ikt *t, size_t i, uint16_t id, unsigned hlen, uint32_t off,
			size_t len, bool mf)
{
	struct ik_ipv4_repr ip;
	const uint8_t *b = t->cap.pkts[i].bytes;

	assert_int_equal(ikt_parse(t, i, &ip, NULL), 0);
	assert_int_equal(ref_csum(b, hlen), 0);
	assert_int_equal(t->cap.pkts[i].len, hlen + len);
	assert_int_equal(ip.total_len, hlen + len);
	assert_int_equal(ip.ident, id);
	assert_int_equal(ip.frag_off, off);
	assert_int_equal(ip.mf, mf);
	assert_false(ip.df);
	/* the fragment word by hand: offset in 8-octet units, MF 0x2000 */
	assert_int_equal(b[6] << 8 | b[7], (mf ? 0x2000 : 0) | off / 8);
	assert_memory_equal(b + hlen, payload + off, len);
}

/* feed every captured packet to @r and check the datagram it rebuilds */
static void assert_reassembles(struct ikt *t, struct ik_stack *r, int fd, uint32_t src,
			       uint32_t dst, size_t plen)
{
	ssize_t n;

	for (size_t i = 0; i < t->cap.n; i++)
		assert_int_equal(ik_stack_input(r, 1, t->cap.pkts[i].bytes, t->cap.pkts[i].len, 0,
						SEC), 0);
	n = ik_sock_recvfrom(r, fd, got, sizeof(got), NULL, NULL);
	assert_true(n > 20);
	assert_int_equal(ik_get32(got + 12), src);
	assert_int_equal(ik_get32(got + 16), dst);
	assert_int_equal(got[9], PROTO);
	assert_int_equal(ik_get16(got + 2), n);
	assert_int_equal((size_t)n - (got[0] & 15u) * 4u, plen);
	assert_memory_equal(got + (got[0] & 15u) * 4u, payload, plen);
}

/* MTU 1500: 4000 octets -> 1480 + 1480 + 1040, and our reasm rebuilds it */
static void frag_output_1500(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	struct ik_tx tx = { .dst = IKT_B, .proto = PROTO, .ident = 0x7777, .niov = 1 };
	int fd;
	struct ik_stack *r = receiver(IKT_B, &fd);

	tx.iov[0].p = payload;
	tx.iov[0].len = 4000;
	assert_int_equal(ik_ip_output(t->s, &tx, SEC), 0);
	assert_int_equal(t->cap.n, 3);
	assert_frag(t, 0, 0x7777, 20, 0, 1480, true);
	assert_frag(t, 1, 0x7777, 20, 1480, 1480, true);
	assert_frag(t, 2, 0x7777, 20, 2960, 1040, false);
	assert_int_equal(MIB(t->s, IP_OutRequests), 1);
	assert_int_equal(MIB(t->s, IP_FragOKs), 1);
	assert_int_equal(MIB(t->s, IP_FragCreates), 3);
	assert_reassembles(t, r, fd, IKT_A, IKT_B, 4000);
	ik_stack_free(r);
	ikt_free(t);
}

/* MTU 576 on a second interface: 552-octet fragments; payload given in
 * three pieces */
static void frag_output_576(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const uint32_t dst = 0xc6336402u;
	struct ik_tx tx = { .dst = dst, .proto = PROTO, .ident = 0x0101, .niov = 3 };
	int fd;
	struct ik_stack *r = receiver(dst, &fd);

	assert_int_equal(ik_stack_add_iface(t->s, "slow", 0xc6336401u, 24, 576), 2);
	tx.iov[0].p = payload;
	tx.iov[0].len = 100;
	tx.iov[1].p = payload + 100;
	tx.iov[1].len = 1000;
	tx.iov[2].p = payload + 1100;
	tx.iov[2].len = 100;
	assert_int_equal(ik_ip_output(t->s, &tx, SEC), 0);
	assert_int_equal(t->cap.n, 3);
	assert_int_equal(t->cap.pkts[0].ifindex, 2);
	assert_frag(t, 0, 0x0101, 20, 0, 552, true);
	assert_frag(t, 1, 0x0101, 20, 552, 552, true);
	assert_frag(t, 2, 0x0101, 20, 1104, 96, false);
	/* the source is the outgoing interface's */
	assert_int_equal(ik_get32(t->cap.pkts[0].bytes + 12), 0xc6336401u);
	assert_reassembles(t, r, fd, 0xc6336401u, dst, 1200);
	ik_stack_free(r);
	ikt_free(t);
}

/* Options: the first fragment carries all, the others only the copied ones
 * (Router Alert 0x94 has the copied flag, Record Route does not) */
static void frag_output_options(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const uint8_t opts[11] = { IK_IPOPT_RR, 7, 4, 0, 0, 0, 0, IK_IPOPT_RA, 4, 0, 0 };
	struct ik_tx tx = { .dst = 0xc6336402u, .proto = PROTO, .ident = 9, .niov = 1,
			    .opts = opts, .opts_len = sizeof(opts) };

	assert_int_equal(ik_stack_add_iface(t->s, "slow", 0xc6336401u, 24, 576), 2);
	tx.iov[0].p = payload;
	tx.iov[0].len = 1200;
	assert_int_equal(ik_ip_output(t->s, &tx, SEC), 0);
	assert_int_equal(t->cap.n, 3);
	assert_frag(t, 0, 9, 32, 0, 544, true);
	assert_memory_equal(t->cap.pkts[0].bytes + 20, opts, sizeof(opts));
	assert_int_equal(t->cap.pkts[0].bytes[31], IK_IPOPT_EOL);
	assert_frag(t, 1, 9, 24, 544, 552, true);
	assert_memory_equal(t->cap.pkts[1].bytes + 20, opts + 7, 4);
	assert_frag(t, 2, 9, 24, 1096, 104, false);
	assert_memory_equal(t->cap.pkts[2].bytes + 20, opts + 7, 4);
	ikt_free(t);
}

/* DF and too big: nothing sent, -EMSGSIZE, FragFails */
static void frag_output_df(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	struct ik_tx tx = { .dst = IKT_B, .proto = PROTO, .df = true, .niov = 1 };

	tx.iov[0].p = payload;
	tx.iov[0].len = 1481;
	assert_int_equal(ik_ip_output(t->s, &tx, SEC), -EMSGSIZE);
	assert_int_equal(t->cap.n, 0);
	assert_int_equal(MIB(t->s, IP_FragFails), 1);
	/* exactly the MTU fits */
	tx.iov[0].len = 1480;
	assert_int_equal(ik_ip_output(t->s, &tx, SEC), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(t->cap.pkts[0].len, 1500);
	/* above 65535 in all: -EINVAL */
	tx.df = false;
	tx.iov[0].len = 65516;
	assert_int_equal(ik_ip_output(t->s, &tx, SEC), -EINVAL);
	ikt_free(t);
}

/* A payload already in place in the transmit buffer, fragmented */
static void frag_output_in_place(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	struct ik_tx tx = { .dst = IKT_B, .proto = PROTO, .ident = 0x55, .niov = 1 };
	uint8_t *tb = t->s->txbuf;

	memcpy(tb + 20, payload, 3000);
	tx.iov[0].p = tb + 20;
	tx.iov[0].len = 3000;
	assert_int_equal(ik_ip_output(t->s, &tx, SEC), 0);
	assert_int_equal(t->cap.n, 3);
	assert_frag(t, 0, 0x55, 20, 0, 1480, true);
	assert_frag(t, 1, 0x55, 20, 1480, 1480, true);
	assert_frag(t, 2, 0x55, 20, 2960, 40, false);
	ikt_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reasm_in_order),
		cmocka_unit_test(reasm_out_of_order),
		cmocka_unit_test(reasm_interleaved),
		cmocka_unit_test(reasm_duplicate),
		cmocka_unit_test(reasm_overlap),
		cmocka_unit_test(reasm_conflicting_end),
		cmocka_unit_test(reasm_bad_length),
		cmocka_unit_test(reasm_missing_first),
		cmocka_unit_test(deadline_without_poll),
		cmocka_unit_test(g15_reasm_timeout_time_exceeded),
		cmocka_unit_test(reasm_ipfrag_time_setting),
		cmocka_unit_test(reasm_expired_on_input),
		cmocka_unit_test(reasm_max_65535),
		cmocka_unit_test(reasm_ping_of_death),
		cmocka_unit_test(reasm_memory_bound),
		cmocka_unit_test(reasm_slots_full),
		cmocka_unit_test(reasm_oversize_evicts_nothing),
		cmocka_unit_test(frag_output_1500),
		cmocka_unit_test(frag_output_576),
		cmocka_unit_test(frag_output_options),
		cmocka_unit_test(frag_output_df),
		cmocka_unit_test(frag_output_in_place),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
