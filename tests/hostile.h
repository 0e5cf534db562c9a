/* SPDX-License-Identifier: MIT */
/**
 * DOC: helpers of the hostile-input tests (issue 13 items 3, 4, 6, 7)
 *
 * Every case snapshots the whole MIB before its input and then asserts the
 * exact change of every counter (the scalar ones and IcmpMsg's InType and
 * OutType arrays): counters not named must not move.
 */
#ifndef ICMPKIT_TEST_HOSTILE_H
#define ICMPKIT_TEST_HOSTILE_H

#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "icmpkit/bytes.h"
#include "icmpkit/mib.h"
#include "refsum.h"

#define SEC 1000000000ull

/* ids past the scalar counters: IcmpMsg InTypeN and OutTypeN */
#define H_INTYPE(n) (IK_MIB_MAX + (n))
#define H_OUTTYPE(n) (IK_MIB_MAX + 256 + (n))
#define H_NIDS (IK_MIB_MAX + 512)

/** struct hd - one expected counter change */
struct hd {
	unsigned id;
	uint64_t n;
};

/* D(IP, InReceives, 1) */
#define D(g, n, v) { IK_MIB_##g##_##n, (v) }

/** h_get() - counter @id (scalar, InType or OutType) of @m */
static inline uint64_t h_get(const struct ik_mib *m, unsigned id)
{
	if (id < IK_MIB_MAX)
		return m->c[id];
	if (id < IK_MIB_MAX + 256)
		return m->in_type[id - IK_MIB_MAX];
	return m->out_type[id - IK_MIB_MAX - 256];
}

/** h_name() - a counter's Linux name, for failure messages */
static inline void h_name(unsigned id, char *out, size_t cap)
{
	if (id < IK_MIB_MAX)
		snprintf(out, cap, "%s.%s", ik_mib_group(id), ik_mib_name(id));
	else if (id < IK_MIB_MAX + 256)
		snprintf(out, cap, "IcmpMsg.InType%u", id - IK_MIB_MAX);
	else
		snprintf(out, cap, "IcmpMsg.OutType%u", id - IK_MIB_MAX - 256);
}

/**
 * h_delta() - every counter of @after differs from @before by exactly what
 * @d says (0 for counters it does not name); a mismatch is printed with its
 * Linux name and fails the test
 */
static inline void h_delta(const struct ik_mib *before, const struct ik_mib *after,
			   const struct hd *d, size_t nd, const char *where, int line)
{
	int bad = 0;

	for (unsigned id = 0; id < H_NIDS; id++) {
		uint64_t want = 0, got = h_get(after, id) - h_get(before, id);
		char name[48];

		for (size_t i = 0; i < nd; i++)
			if (d[i].id == id)
				want += d[i].n;
		if (got != want) {
			h_name(id, name, sizeof(name));
			print_message("%s:%d: %s changed by %llu, expected %llu\n", where, line, name,
				      (unsigned long long)got, (unsigned long long)want);
			bad = 1;
		}
	}
	assert_false(bad);
}

/* EXPECT(before, stack, D(...), ...): the exact MIB change since @before */
#define EXPECT(before, s, ...)                                                               \
	do {                                                                                 \
		const struct hd d_[] = { __VA_ARGS__ };                                      \
		h_delta(&(before), ik_stack_mib(s), d_, sizeof(d_) / sizeof(d_[0]), __FILE__, \
			__LINE__);                                                           \
	} while (0)

/* NOTHING: for EXPECT() lists that only need a placeholder */
#define NOTHING { IK_MIB_IP_InReceives, 0 }

/** h_snap() - a copy of the stack's counters now */
static inline struct ik_mib h_snap(const struct ik_stack *s)
{
	return *ik_stack_mib(s);
}

/** h_ipsum() - rewrite the header checksum of the IPv4 header at @p (IHL from p[0]) */
static inline void h_ipsum(uint8_t *p, size_t hlen)
{
	p[10] = p[11] = 0;
	ik_put16(p + 10, ref_csum(p, hlen));
}

/** h_icmpsum() - rewrite the checksum of the ICMP message at @p, @n octets */
static inline void h_icmpsum(uint8_t *p, size_t n)
{
	p[2] = p[3] = 0;
	ik_put16(p + 2, ref_csum(p, n));
}

#endif
