// SPDX-License-Identifier: MIT
/*
 * test_hostile_types.c - every ICMP type 0-255 with every code 0-255, once
 * each, to a host and to a router (ip_forward=1, three interfaces) (issue
 * 13 item 7). Each of the 65,536 messages is 36 octets: the 8-octet header
 * (rest of header zero) and a quote of a datagram we sent (A -> B, protocol
 * 253, no socket wants it) with 8 octets after its header; its checksum is
 * right. Asserted for each: no crash, the exact change of every counter,
 * and the answer, which is only the one docs/conformance.md allows: Echo
 * (8) -> Echo Reply (E1), Timestamp (13) -> Timestamp Reply (E7), any
 * code; nothing for the rest (Information and Address Mask requests are
 * not answered, RFC 6918 / RFC 1122 §3.2.2.9; errors never are, G1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "hostile.h"

#define PROTO 253

/* the scalar counter each type counts in, as Linux's icmp_pointers[] */
static int type_counter(unsigned type)
{
	switch (type) {
	case 0: return IK_MIB_ICMP_InEchoReps;
	case 3: return IK_MIB_ICMP_InDestUnreachs;
	case 4: return IK_MIB_ICMP_InSrcQuenchs;
	case 5: return IK_MIB_ICMP_InRedirects;
	case 8: return IK_MIB_ICMP_InEchos;
	case 11: return IK_MIB_ICMP_InTimeExcds;
	case 12: return IK_MIB_ICMP_InParmProbs;
	case 13: return IK_MIB_ICMP_InTimestamps;
	case 14: return IK_MIB_ICMP_InTimestampReps;
	case 17: return IK_MIB_ICMP_InAddrMasks;
	case 18: return IK_MIB_ICMP_InAddrMaskReps;
	default: return -1;
	}
}

/* types the stack knows (a handler in icmp_in.c's table) */
static bool known(unsigned type)
{
	return type == 0 || (type >= 3 && type <= 5) || (type >= 8 && type <= 18);
}

/*
 * The expected change for (@type, @code): returns how many entries it
 * wrote to @d, and in *@answer the type of the answer (-1: none).
 */
static size_t expected(unsigned type, unsigned code, struct hd *d, int *answer)
{
	size_t n = 0;
	int c = type_counter(type);

	d[n++] = (struct hd)D(IP, InReceives, 1);
	d[n++] = (struct hd)D(IP, InDelivers, 1);
	d[n++] = (struct hd)D(ICMP, InMsgs, 1);
	d[n++] = (struct hd){ H_INTYPE(type), 1 };
	if (c >= 0)
		d[n++] = (struct hd){ (unsigned)c, 1 };
	if (!known(type))
		d[n++] = (struct hd)D(ICMP, InUnknownTypes, 1);
	*answer = -1;
	if (type == 8 || type == 13) {
		*answer = type == 8 ? 0 : 14;
		d[n++] = (struct hd)D(IP, OutRequests, 1);
		d[n++] = (struct hd)D(ICMP, OutMsgs, 1);
		d[n++] = (struct hd){ type == 8 ? IK_MIB_ICMP_OutEchoReps
						: IK_MIB_ICMP_OutTimestampReps, 1 };
		d[n++] = (struct hd){ H_OUTTYPE((unsigned)*answer), 1 };
	}
	/* errors the socket layer is asked about: none wants protocol 253 */
	if ((type == 3 && code <= 15) || type == 11 || type == 12)
		d[n++] = (struct hd)D(ICMP, InErrorsUnmatched, 1);
	return n;
}

/* the 36-octet message (@type, @code) from B to A */
static size_t message(uint8_t *p, unsigned type, unsigned code)
{
	uint8_t m[36] = { 0 }, q[64], junk[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	struct ik_ipv4_repr ip = ikt_ip_defaults(IKT_B, IKT_A, IK_IPPROTO_ICMP);
	struct ik_ipv4_repr qi = ikt_ip_defaults(IKT_A, IKT_B, PROTO);

	ikt_ip(q, &qi, junk, sizeof(junk));
	m[0] = (uint8_t)type;
	m[1] = (uint8_t)code;
	memcpy(m + 8, q, 28);
	h_icmpsum(m, sizeof(m));
	return ikt_ip(p, &ip, m, sizeof(m));
}

static struct ikt *router(void)
{
	struct ikt *t = ikt_new(NULL);

	assert_true(ik_stack_add_iface(t->s, "eth1", 0xc6336401u, 24, 1500) > 0);
	assert_true(ik_stack_add_iface(t->s, "eth2", 0x0a000001u, 8, 1500) > 0);
	assert_int_equal(ik_stack_set(t->s, "ip_forward", 1), 0);
	return t;
}

/* all 65,536 (type, code) pairs to @t, 10 ms apart (no rate limit binds) */
static void all_pairs(struct ikt *t)
{
	uint8_t p[128];
	struct hd d[16];
	unsigned answers[256] = { 0 }, answered = 0;
	uint64_t now = SEC;

	for (unsigned type = 0; type < 256; type++) {
		for (unsigned code = 0; code < 256; code++) {
			size_t n = message(p, type, code), nd;
			struct ik_mib b = h_snap(t->s);
			int answer;

			ikt_clear(t);
			ikt_input(t, p, n, now);
			now += 10000000ull;
			nd = expected(type, code, d, &answer);
			if (type == 8 || type == 13 || t->cap.n) {
				struct ik_ipv4_repr ip;
				struct ik_icmp_repr m;

				if (answer < 0 || t->cap.n != 1)
					print_message("type %u code %u: %zu answers\n", type, code,
						      t->cap.n);
				assert_int_equal(t->cap.n, answer < 0 ? 0 : 1);
				assert_int_equal(ikt_parse(t, 0, &ip, &m), 0);
				assert_int_equal(ip.src, IKT_A);
				assert_int_equal(ip.dst, IKT_B);
				assert_int_equal(m.type, (unsigned)answer);
				answers[m.type]++;
				answered++;
			}
			h_delta(&b, ik_stack_mib(t->s), d, nd, "pair", (int)(type * 256 + code));
		}
	}
	assert_int_equal(answered, 512);
	assert_int_equal(answers[0], 256);
	assert_int_equal(answers[14], 256);
}

static void types_all_to_host(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	const struct ik_mib *m;

	all_pairs(t);
	m = ik_stack_mib(t->s);
	assert_int_equal(m->c[IK_MIB_ICMP_InMsgs], 65536);
	assert_int_equal(m->c[IK_MIB_ICMP_InErrors], 0);
	for (unsigned type = 0; type < 256; type++)
		assert_int_equal(m->in_type[type], 256);
	ikt_free(t);
}

static void types_all_to_router(void **state)
{
	(void)state;
	struct ikt *t = router();
	const struct ik_mib *m;

	all_pairs(t);
	m = ik_stack_mib(t->s);
	assert_int_equal(m->c[IK_MIB_ICMP_InMsgs], 65536);
	assert_int_equal(m->c[IK_MIB_ICMP_InErrors], 0);
	assert_int_equal(m->c[IK_MIB_IP_ForwDatagrams], 0);
	for (unsigned type = 0; type < 256; type++)
		assert_int_equal(m->in_type[type], 256);
	ikt_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(types_all_to_host),
		cmocka_unit_test(types_all_to_router),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
