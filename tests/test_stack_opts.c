// SPDX-License-Identifier: MIT
/* test_stack_opts.c - Record Route and Timestamp in echo replies (E4) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "harness.h"
#include "icmpkit/checksum.h"
#include "stack/internal.h"

#define MS 1000000ull
/* 01:00:00.123 UT: 3600123 ms since midnight = 0x0036eefb */
#define NOW (3600123ull * MS)
#define TS_NOW 0x00, 0x36, 0xee, 0xfb
#define A_BYTES 0xc0, 0x00, 0x02, 0x01 /* IKT_A */
#define B_BYTES 0xc0, 0x00, 0x02, 0x02 /* IKT_B */
#define C_BYTES 0xc0, 0x00, 0x02, 0x03 /* IKT_C */

/* an echo request from B to A carrying @opts, parsed into @rx */
static void make_rx(struct ik_rx *rx, uint8_t *buf, const uint8_t *opts, size_t olen,
		    uint64_t now)
{
	static const uint8_t echo[8] = { 8, 0, 0xf7, 0xfe, 0, 1, 0, 0 };
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
	size_t n;
	int hl;

	ip.opts = opts;
	ip.opts_len = olen;
	n = ikt_ip(buf, &ip, echo, sizeof(echo));
	memset(rx, 0, sizeof(*rx));
	hl = ik_ipv4_parse(buf, n, 0, &rx->ip, NULL);
	assert_true(hl > 0);
	rx->ifindex = 1;
	rx->now = now;
	rx->pkt = buf;
	rx->len = n;
	rx->hlen = (size_t)hl;
	rx->l4 = buf + hl;
	rx->l4_len = n - (size_t)hl;
	rx->dst_kind = IK_DST_UNICAST;
	rx->local = IKT_A;
}

/* run ik_ipopt_echo() on @in and compare with @want */
static void check_echo(const uint8_t *in, size_t inlen, const uint8_t *want, size_t wantlen,
		       uint64_t now)
{
	struct ikt *t = ikt_new(NULL);
	struct ik_rx rx;
	uint8_t buf[128], out[40];

	memset(out, 0xaa, sizeof(out));
	make_rx(&rx, buf, in, inlen, now);
	assert_int_equal(ik_ipopt_echo(t->s, &rx, out), wantlen);
	if (wantlen)
		assert_memory_equal(out, want, wantlen);
	ikt_free(t);
}

/* E4: Record Route, 9 slots, empty: our address twice, as Linux (once on
 * receipt, once as the reply's source), padded to 40 */
static void e4_rr_empty(void **state)
{
	(void)state;
	uint8_t in[39] = { IK_IPOPT_RR, 39, 4 };
	uint8_t want[40] = { IK_IPOPT_RR, 39, 12, A_BYTES, A_BYTES };

	check_echo(in, sizeof(in), want, sizeof(want), NOW);
}

/* E4: as `ping -R` sends it: the sender recorded itself in slot 1 */
static void e4_rr_ping_r(void **state)
{
	(void)state;
	uint8_t in[39] = { IK_IPOPT_RR, 39, 8, B_BYTES };
	uint8_t want[40] = { IK_IPOPT_RR, 39, 16, B_BYTES, A_BYTES, A_BYTES };

	check_echo(in, sizeof(in), want, sizeof(want), NOW);
}

/* E4: one free slot: filled at receipt, nothing more */
static void e4_rr_one_slot(void **state)
{
	(void)state;
	const uint8_t in[12] = { IK_IPOPT_NOP, IK_IPOPT_RR, 11, 8, B_BYTES, 0, 0, 0, 0 };
	const uint8_t want[12] = { IK_IPOPT_RR, 11, 12, B_BYTES, A_BYTES, IK_IPOPT_EOL };

	check_echo(in, sizeof(in), want, sizeof(want), NOW);
}

/* E4: full Record Route comes back unchanged */
static void e4_rr_full(void **state)
{
	(void)state;
	const uint8_t in[8] = { IK_IPOPT_RR, 7, 8, C_BYTES, IK_IPOPT_EOL };
	const uint8_t want[8] = { IK_IPOPT_RR, 7, 8, C_BYTES, IK_IPOPT_EOL };

	check_echo(in, sizeof(in), want, sizeof(want), NOW);
}

/* E4: Timestamp flag 0 (timestamps only): two entries, ms since midnight */
static void e4_ts_only(void **state)
{
	(void)state;
	const uint8_t in[16] = { IK_IPOPT_TS, 16, 5, 0x00 };
	const uint8_t want[16] = { IK_IPOPT_TS, 16, 13, 0x00, TS_NOW, TS_NOW };

	check_echo(in, sizeof(in), want, sizeof(want), NOW);
}

/* E7-style clock: the timestamp wraps at midnight (2 days + 5 ms -> 5) */
static void e4_ts_midnight_wrap(void **state)
{
	(void)state;
	const uint8_t in[8] = { IK_IPOPT_TS, 8, 5, 0x00 };
	const uint8_t want[8] = { IK_IPOPT_TS, 8, 9, 0x00, 0, 0, 0, 5 };

	check_echo(in, sizeof(in), want, sizeof(want), (2 * 86400000ull + 5) * MS);
}

/* E4: flag 1 (address and timestamp), room for 2 entries */
static void e4_ts_addr(void **state)
{
	(void)state;
	const uint8_t in[20] = { IK_IPOPT_TS, 20, 5, 0x01 };
	const uint8_t want[20] = { IK_IPOPT_TS, 20, 21, 0x01, A_BYTES, TS_NOW, A_BYTES, TS_NOW };

	check_echo(in, sizeof(in), want, sizeof(want), NOW);
}

/* E4: flag 3 (prespecified): only the entry naming us is stamped */
static void e4_ts_prespecified(void **state)
{
	(void)state;
	const uint8_t in[20] = { IK_IPOPT_TS, 20, 5, 0x03, A_BYTES, 0, 0, 0, 0, B_BYTES };
	const uint8_t want[20] = { IK_IPOPT_TS, 20, 13, 0x03, A_BYTES, TS_NOW, B_BYTES };
	const uint8_t in2[20] = { IK_IPOPT_TS, 20, 5, 0x03, C_BYTES, 0, 0, 0, 0, A_BYTES };

	check_echo(in, sizeof(in), want, sizeof(want), NOW);
	/* the first entry names another host: nothing is stamped */
	check_echo(in2, sizeof(in2), in2, sizeof(in2), NOW);
}

/* E4: a full Timestamp counts one overflow; a prespecified one never does */
static void e4_ts_overflow(void **state)
{
	(void)state;
	const uint8_t in[8] = { IK_IPOPT_TS, 8, 9, 0x20, 0, 0, 0, 7 };
	const uint8_t want[8] = { IK_IPOPT_TS, 8, 9, 0x30, 0, 0, 0, 7 };
	const uint8_t in3[12] = { IK_IPOPT_TS, 12, 13, 0x23, A_BYTES, 0, 0, 0, 1 };

	check_echo(in, sizeof(in), want, sizeof(want), NOW);
	check_echo(in3, sizeof(in3), in3, sizeof(in3), NOW);
}

/* E4: both options come back in their order; others are left out */
static void e4_rr_and_ts(void **state)
{
	(void)state;
	const uint8_t in[24] = { IK_IPOPT_RA, 4, 0, 0, IK_IPOPT_TS, 8, 5, 0x00, 0, 0, 0, 0,
				 IK_IPOPT_NOP, IK_IPOPT_RR, 11, 4 };
	const uint8_t want[20] = { IK_IPOPT_TS, 8, 9, 0x00, TS_NOW,
				   IK_IPOPT_RR, 11, 12, A_BYTES, A_BYTES, IK_IPOPT_EOL };

	check_echo(in, sizeof(in), want, sizeof(want), NOW);
}

/* No RR/TS: no options in the reply */
static void e4_none(void **state)
{
	(void)state;
	const uint8_t in[4] = { IK_IPOPT_RA, 4, 0, 0 };

	check_echo(in, sizeof(in), NULL, 0, NOW);
	check_echo(NULL, 0, NULL, 0, NOW);
}

/* A reply option left at a partial slot is omitted (Linux sends no reply
 * at all there) */
static void e4_rr_partial_slot(void **state)
{
	(void)state;
	const uint8_t in[12] = { IK_IPOPT_RR, 9, 4, 0, 0, 0, 0, 0, 0, IK_IPOPT_EOL };

	check_echo(in, sizeof(in), NULL, 0, NOW);
}

/* E4 end to end: an echo request with Record Route through the stack; the
 * reply carries our address twice (what `ping -R` prints against Linux) */
static void e4_echo_reply_carries_rr(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	uint8_t echo[12] = { 8, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g' };
	uint8_t in[40] = { IK_IPOPT_NOP, IK_IPOPT_RR, 39, 8, B_BYTES };
	uint8_t buf[128];
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP), rip;
	struct ik_icmp_repr m;
	size_t n;

	ip.opts = in;
	ip.opts_len = sizeof(in);
	ik_put16(echo + 2, ik_csum(echo, sizeof(echo)));
	n = ikt_ip(buf, &ip, echo, sizeof(echo));
	assert_int_equal(n, 72);
	assert_int_equal(ikt_input(t, buf, n, NOW), 0);
	assert_int_equal(t->cap.n, 1);
	assert_int_equal(ikt_parse(t, 0, &rip, &m), 0);
	assert_int_equal(m.type, 0);
	assert_int_equal(rip.opts_len, 40);
	const uint8_t want[40] = { IK_IPOPT_RR, 39, 16, B_BYTES, A_BYTES, A_BYTES };

	assert_memory_equal(rip.opts, want, sizeof(want));
	ikt_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(e4_rr_empty),
		cmocka_unit_test(e4_rr_ping_r),
		cmocka_unit_test(e4_rr_one_slot),
		cmocka_unit_test(e4_rr_full),
		cmocka_unit_test(e4_ts_only),
		cmocka_unit_test(e4_ts_midnight_wrap),
		cmocka_unit_test(e4_ts_addr),
		cmocka_unit_test(e4_ts_prespecified),
		cmocka_unit_test(e4_ts_overflow),
		cmocka_unit_test(e4_rr_and_ts),
		cmocka_unit_test(e4_none),
		cmocka_unit_test(e4_rr_partial_slot),
		cmocka_unit_test(e4_echo_reply_carries_rr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
