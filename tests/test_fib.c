// SPDX-License-Identifier: MIT
/* test_fib.c - the longest-prefix-match table against a brute-force reference */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "icmpkit/err.h"
#include "stack/ip/fib.h"

#define REF_MAX 8192

/** struct ref - the prefixes a table should hold, searched one by one */
struct ref {
	uint32_t addr[REF_MAX];
	unsigned len[REF_MAX];
	uint32_t val[REF_MAX];
	unsigned n;
};

/**
 * rnd() - splitmix64 step
 * @x: state
 * Return: 64 random bits.
 */
static uint64_t rnd(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/**
 * mask() - prefix mask of @len bits
 * @len: 0..32
 * Return: the mask.
 */
static uint32_t mask(unsigned len)
{
	return len ? ~0u << (32 - len) : 0;
}

/**
 * ref_find() - index of exactly @addr/@len in @r
 * @r: reference; @addr: prefix; @len: length
 * Return: the index, or -1.
 */
static int ref_find(const struct ref *r, uint32_t addr, unsigned len)
{
	for (unsigned i = 0; i < r->n; i++)
		if (r->len[i] == len && r->addr[i] == addr)
			return (int)i;
	return -1;
}

/**
 * ref_lookup() - brute-force longest prefix match
 * @r: reference; @a: address; @len_out: matching length
 * Return: the value, or IK_FIB_NONE.
 */
static uint32_t ref_lookup(const struct ref *r, uint32_t a, unsigned *len_out)
{
	uint32_t v = IK_FIB_NONE;
	int best = -1;

	for (unsigned i = 0; i < r->n; i++)
		if ((a & mask(r->len[i])) == r->addr[i] && (int)r->len[i] > best) {
			best = (int)r->len[i];
			v = r->val[i];
		}
	*len_out = best < 0 ? 0 : (unsigned)best;
	return v;
}

/**
 * check_addr() - the table and the reference agree on @a
 * @f: table; @r: reference; @a: address
 */
static void check_addr(const struct ik_fib *f, const struct ref *r, uint32_t a)
{
	unsigned lf = 99, lr;
	uint32_t vr = ref_lookup(r, a, &lr), vf = ik_fib_lookup(f, a, &lf);

	if (vf != vr || (vr != IK_FIB_NONE && lf != lr)) {
		print_error("address %08x: fib %u/%u, reference %u/%u\n", a, vf, lf, vr, lr);
		fail();
	}
	assert_int_equal(ik_fib_lookup(f, a, NULL), vr);
}

struct walk_ctx {
	const struct ref *r;
	unsigned n;
	unsigned char *seen;
};

/**
 * walk_fn() - ik_fib_walk() callback: each prefix is in the reference, once
 * @ctx: struct walk_ctx; @addr, @len, @value: the prefix
 */
static void walk_fn(void *ctx, uint32_t addr, unsigned len, uint32_t value)
{
	struct walk_ctx *w = ctx;
	int i = ref_find(w->r, addr, len);

	assert_true(i >= 0);
	assert_int_equal(w->r->val[i], value);
	assert_false(w->seen[i]);
	w->seen[i] = 1;
	w->n++;
}

/**
 * check_all() - count, exact gets, the walk, and lookups of every prefix's
 * edges (first, last, one before, one after, a random inside) and of
 * @nrand random addresses
 * @f: table; @r: reference; @x: PRNG; @nrand: random probes
 */
static void check_all(const struct ik_fib *f, const struct ref *r, uint64_t *x, unsigned nrand)
{
	static const uint32_t edges[] = { 0, 1, 0xff, 0x100, 0xffffff00u, 0xfffffffeu, 0xffffffffu,
					  0x7fffffffu, 0x80000000u };
	struct walk_ctx w = { r, 0, calloc(REF_MAX, 1) };

	assert_non_null(w.seen);
	assert_int_equal(ik_fib_count(f), r->n);
	ik_fib_walk(f, walk_fn, &w);
	assert_int_equal(w.n, r->n);
	free(w.seen);
	for (unsigned i = 0; i < r->n; i++) {
		uint32_t lo = r->addr[i], hi = lo | ~mask(r->len[i]);

		assert_int_equal(ik_fib_get(f, lo, r->len[i]), r->val[i]);
		check_addr(f, r, lo);
		check_addr(f, r, hi);
		check_addr(f, r, lo - 1);
		check_addr(f, r, hi + 1);
		check_addr(f, r, lo | ((uint32_t)rnd(x) & ~mask(r->len[i])));
	}
	for (unsigned i = 0; i < sizeof(edges) / sizeof(edges[0]); i++)
		check_addr(f, r, edges[i]);
	for (unsigned i = 0; i < nrand; i++)
		check_addr(f, r, (uint32_t)rnd(x));
}

/**
 * rand_len() - a prefix length 0..32, half of them longer than /24
 * @x: PRNG
 * Return: the length.
 */
static unsigned rand_len(uint64_t *x)
{
	uint64_t v = rnd(x);

	if (v & 1)
		return 25 + (unsigned)((v >> 1) % 8);
	return (unsigned)((v >> 1) % 25);
}

/**
 * rand_addr() - an address from one of a few clusters, so that prefixes
 * nest and share /24s (many groups holding several long prefixes)
 * @x: PRNG
 * Return: the address.
 */
static uint32_t rand_addr(uint64_t *x)
{
	static const uint32_t base[] = { 0x0a000000u, 0xc0a80000u, 0xcb007100u, 0x00000000u,
					 0xffffff00u, 0x80000000u };
	uint64_t v = rnd(x);
	uint32_t b = base[v % 6];

	switch ((v >> 8) % 4) {
	case 0: return b | (uint32_t)(v >> 32 & 0xffu);        /* one /24 */
	case 1: return b | (uint32_t)(v >> 32 & 0xfffu);       /* sixteen /24s */
	case 2: return b ^ (uint32_t)(v >> 32 & 0xffffffu);    /* its /8 */
	default: return (uint32_t)(v >> 32);                    /* anywhere */
	}
}

/* random tables: inserts, replaces and removes in random order, checked
 * against the reference after every batch; then everything removed */
static void fib_random(void **state)
{
	(void)state;
	struct ref *r = calloc(1, sizeof(*r));
	struct ik_fib *f = ik_fib_new(REF_MAX);
	uint64_t x = 42;
	size_t mem0;

	assert_non_null(r);
	assert_non_null(f);
	mem0 = ik_fib_mem(f);
	for (unsigned round = 0; round < 12; round++) {
		unsigned ops = round < 8 ? 700 : 900;

		for (unsigned k = 0; k < ops; k++) {
			unsigned op = (unsigned)(rnd(&x) % 10);

			if (op < 6 || r->n == 0 || round < 2) {
				/* insert: new or replace */
				unsigned len = rand_len(&x);
				uint32_t a = rand_addr(&x) & mask(len);
				uint32_t v = (uint32_t)(rnd(&x) % IK_FIB_VALUE_MAX);
				int i = ref_find(r, a, len);
				int rc = ik_fib_insert(f, a | ((uint32_t)rnd(&x) & ~mask(len)), len, v);

				if (i >= 0) {
					assert_int_equal(rc, 1);
					r->val[i] = v;
				} else {
					assert_int_equal(rc, 0);
					assert_true(r->n < REF_MAX);
					r->addr[r->n] = a;
					r->len[r->n] = len;
					r->val[r->n++] = v;
				}
			} else if (op < 9) {
				/* remove an existing prefix */
				unsigned i = (unsigned)(rnd(&x) % r->n);

				assert_int_equal(ik_fib_remove(f, r->addr[i], r->len[i]), r->val[i]);
				r->n--;
				r->addr[i] = r->addr[r->n];
				r->len[i] = r->len[r->n];
				r->val[i] = r->val[r->n];
			} else {
				/* remove one that is probably absent */
				unsigned len = rand_len(&x);
				uint32_t a = rand_addr(&x) & mask(len);
				int i = ref_find(r, a, len);
				uint32_t want = i >= 0 ? r->val[i] : IK_FIB_NONE;

				assert_int_equal(ik_fib_remove(f, a, len), want);
				if (i >= 0) {
					r->n--;
					r->addr[i] = r->addr[r->n];
					r->len[i] = r->len[r->n];
					r->val[i] = r->val[r->n];
				}
			}
		}
		check_all(f, r, &x, 3000);
	}
	assert_true(r->n > 1000);
	/* every length appeared, many longer than /24 */
	{
		unsigned by_len[33] = { 0 }, longer = 0;

		for (unsigned i = 0; i < r->n; i++) {
			by_len[r->len[i]]++;
			longer += r->len[i] > 24;
		}
		for (unsigned l = 1; l <= 32; l++)
			assert_true(by_len[l] > 0);
		assert_true(longer > 300);
		assert_true(f->ngroups > 50);
	}
	/* everything out, in random order: back to an empty table */
	while (r->n) {
		unsigned i = (unsigned)(rnd(&x) % r->n);

		assert_int_equal(ik_fib_remove(f, r->addr[i], r->len[i]), r->val[i]);
		r->n--;
		r->addr[i] = r->addr[r->n];
		r->len[i] = r->len[r->n];
		r->val[i] = r->val[r->n];
		if (r->n % 512 == 0)
			check_all(f, r, &x, 500);
	}
	assert_int_equal(ik_fib_count(f), 0);
	assert_int_equal(f->ngroups, 0);
	assert_int_equal(f->pages, 0);
	/* what stays: the prefix store's written pages, the smallest pool */
	assert_true(ik_fib_mem(f) <= mem0 + f->store.touched * 4096u + 8u * 1032u);
	ik_fib_free(f);
	free(r);
}

/* a shorter prefix added after longer ones leaves them alone; removing
 * the longer ones brings the shorter back */
static void fib_shorter_after_longer(void **state)
{
	(void)state;
	struct ik_fib *f = ik_fib_new(16);
	unsigned len;

	assert_int_equal(ik_fib_insert(f, 0x0a010203u, 32, 32), 0);
	assert_int_equal(ik_fib_insert(f, 0x0a010200u, 28, 28), 0);
	assert_int_equal(ik_fib_insert(f, 0x0a010200u, 24, 24), 0);
	assert_int_equal(ik_fib_insert(f, 0x0a010000u, 16, 16), 0);
	assert_int_equal(ik_fib_insert(f, 0x0a000000u, 8, 8), 0);
	assert_int_equal(ik_fib_lookup(f, 0x0a010203u, &len), 32);
	assert_int_equal(len, 32);
	assert_int_equal(ik_fib_lookup(f, 0x0a010204u, &len), 28);
	assert_int_equal(ik_fib_lookup(f, 0x0a010210u, &len), 24);
	assert_int_equal(ik_fib_lookup(f, 0x0a010310u, &len), 16);
	assert_int_equal(ik_fib_lookup(f, 0x0a020310u, &len), 8);
	assert_int_equal(len, 8);
	assert_int_equal(ik_fib_lookup(f, 0x0b020310u, &len), IK_FIB_NONE);
	assert_int_equal(ik_fib_remove(f, 0x0a010200u, 28), 28);
	assert_int_equal(ik_fib_lookup(f, 0x0a010204u, &len), 24);
	assert_int_equal(ik_fib_remove(f, 0x0a010200u, 24), 24);
	assert_int_equal(ik_fib_lookup(f, 0x0a010204u, &len), 16);
	assert_int_equal(ik_fib_lookup(f, 0x0a010203u, &len), 32);
	assert_int_equal(ik_fib_remove(f, 0x0a010203u, 32), 32);
	assert_int_equal(ik_fib_lookup(f, 0x0a010203u, &len), 16);
	assert_int_equal(len, 16);
	assert_int_equal(f->ngroups, 0);
	ik_fib_free(f);
}

/* groups are freed when their /24 holds no prefix longer than /24, and
 * ik_fib_mem() goes back down */
static void fib_group_freeing(void **state)
{
	(void)state;
	struct ik_fib *f = ik_fib_new(4096);
	size_t m_empty, m_24, m_peak, m_after;

	m_empty = ik_fib_mem(f);
	assert_int_equal(ik_fib_insert(f, 0xc6336400u, 24, 7), 0);
	m_24 = ik_fib_mem(f);
	assert_true(m_24 > m_empty);
	/* 1000 /24s, each with a /25 .. /32 in it */
	for (uint32_t i = 0; i < 1000; i++) {
		uint32_t base = 0x14000000u + (i << 8);

		assert_int_equal(ik_fib_insert(f, base | 0x80u, 25, i), 0);
		assert_int_equal(ik_fib_insert(f, base | 0x81u, 32, i + 1), 0);
	}
	assert_int_equal(f->ngroups, 1000);
	m_peak = ik_fib_mem(f);
	assert_true(m_peak >= m_24 + 1000u * 1024u);
	assert_int_equal(ik_fib_lookup(f, 0x14000381u, NULL), 4);
	assert_int_equal(ik_fib_lookup(f, 0x14000382u, NULL), 3);
	assert_int_equal(ik_fib_lookup(f, 0x14000302u, NULL), IK_FIB_NONE);
	/* remove the /32s: groups stay (the /25s are longer than /24) */
	for (uint32_t i = 0; i < 1000; i++)
		assert_int_equal(ik_fib_remove(f, 0x14000081u + (i << 8), 32), i + 1);
	assert_int_equal(f->ngroups, 1000);
	assert_int_equal(ik_fib_lookup(f, 0x14000381u, NULL), 3);
	/* remove the /25s, odd ones first so groups move around */
	for (uint32_t i = 1; i < 1000; i += 2)
		assert_int_equal(ik_fib_remove(f, 0x14000080u + (i << 8), 25), i);
	assert_int_equal(f->ngroups, 500);
	for (uint32_t i = 0; i < 1000; i += 2) {
		assert_int_equal(ik_fib_lookup(f, 0x14000080u + (i << 8), NULL), i);
		assert_int_equal(ik_fib_lookup(f, 0x14000080u + ((i + 1) << 8), NULL), IK_FIB_NONE);
	}
	for (uint32_t i = 0; i < 1000; i += 2)
		assert_int_equal(ik_fib_remove(f, 0x14000080u + (i << 8), 25), i);
	assert_int_equal(f->ngroups, 0);
	m_after = ik_fib_mem(f);
	/* the groups' KiBs are gone; the store keeps the pages it wrote */
	assert_true(m_after < m_peak - 900u * 1024u);
	assert_true(m_after <= m_24 + f->store.touched * 4096u + 8u * 1032u);
	assert_int_equal(ik_fib_lookup(f, 0xc6336455u, NULL), 7);
	assert_int_equal(ik_fib_count(f), 1);
	/* the /24 out: its first-level page is given back */
	assert_int_equal(ik_fib_remove(f, 0xc6336400u, 24), 7);
	assert_int_equal(f->pages, 0);
	assert_true(ik_fib_mem(f) < m_after);
	ik_fib_free(f);
}

/**
 * same_as() - every probe gives what it gave before
 * @f: table; @probe: addresses; @want: values; @n: how many
 */
static void same_as(const struct ik_fib *f, const uint32_t *probe, const uint32_t *want, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(ik_fib_lookup(f, probe[i], NULL), want[i]);
}

/* the max_prefixes limit: -IK_ENOMEM and the table unchanged; replacing
 * still works */
static void fib_limit(void **state)
{
	(void)state;
	struct ik_fib *f = ik_fib_new(5);
	const uint32_t probe[] = { 0x0a000001u, 0x0a010101u, 0x0a010181u, 0x0b000000u, 0x0c000000u,
				   0x0a0101ffu, 0xc0000201u };
	uint32_t want[7];
	size_t mem;

	assert_int_equal(ik_fib_insert(f, 0x0a000000u, 8, 1), 0);
	assert_int_equal(ik_fib_insert(f, 0x0a010100u, 24, 2), 0);
	assert_int_equal(ik_fib_insert(f, 0x0a010180u, 25, 3), 0);
	assert_int_equal(ik_fib_insert(f, 0, 0, 4), 0);
	assert_int_equal(ik_fib_insert(f, 0x0b000000u, 32, 5), 0);
	for (unsigned i = 0; i < 7; i++)
		want[i] = ik_fib_lookup(f, probe[i], NULL);
	mem = ik_fib_mem(f);
	assert_int_equal(ik_fib_insert(f, 0x0c000000u, 8, 6), -IK_ENOMEM);
	assert_int_equal(ik_fib_insert(f, 0x0a0101f0u, 28, 6), -IK_ENOMEM); /* would need no group */
	assert_int_equal(ik_fib_insert(f, 0x0d0101f0u, 28, 6), -IK_ENOMEM); /* would need a group */
	assert_int_equal(ik_fib_count(f), 5);
	assert_int_equal(ik_fib_mem(f), mem);
	assert_int_equal(f->ngroups, 2);
	same_as(f, probe, want, 7);
	assert_int_equal(ik_fib_get(f, 0x0c000000u, 8), IK_FIB_NONE);
	/* replacing is not adding */
	assert_int_equal(ik_fib_insert(f, 0x0a010180u, 25, 9), 1);
	assert_int_equal(ik_fib_lookup(f, 0x0a010181u, NULL), 9);
	assert_int_equal(ik_fib_remove(f, 0x0b000000u, 32), 5);
	assert_int_equal(ik_fib_insert(f, 0x0c000000u, 8, 6), 0);
	assert_int_equal(ik_fib_lookup(f, 0x0c123456u, NULL), 6);
	ik_fib_free(f);
}

/* /0 lives outside the arrays (no page written); /32 at the edges */
static void fib_default_and_host(void **state)
{
	(void)state;
	struct ik_fib *f = ik_fib_new(64);
	size_t mem0 = ik_fib_mem(f);
	unsigned len = 99;

	assert_int_equal(ik_fib_lookup(f, 0x01020304u, &len), IK_FIB_NONE);
	assert_int_equal(ik_fib_insert(f, 0x12345678u, 0, 77), 0); /* host bits ignored */
	assert_int_equal(ik_fib_lookup(f, 0x01020304u, &len), 77);
	assert_int_equal(len, 0);
	assert_int_equal(ik_fib_lookup(f, 0xffffffffu, NULL), 77);
	assert_int_equal(ik_fib_get(f, 0, 0), 77);
	assert_int_equal(f->pages, 0);
	assert_true(ik_fib_mem(f) <= mem0 + 4096u); /* one store page at most */
	assert_int_equal(ik_fib_insert(f, 0, 0, 78), 1);
	assert_int_equal(ik_fib_lookup(f, 0x01020304u, NULL), 78);
	/* /32 at both ends of the address space */
	assert_int_equal(ik_fib_insert(f, 0, 32, 1), 0);
	assert_int_equal(ik_fib_insert(f, 0xffffffffu, 32, 2), 0);
	assert_int_equal(ik_fib_lookup(f, 0, &len), 1);
	assert_int_equal(len, 32);
	assert_int_equal(ik_fib_lookup(f, 1, &len), 78);
	assert_int_equal(len, 0);
	assert_int_equal(ik_fib_lookup(f, 0xffffffffu, &len), 2);
	assert_int_equal(ik_fib_lookup(f, 0xfffffffeu, NULL), 78);
	assert_int_equal(f->ngroups, 2);
	/* the default out: misses are misses */
	assert_int_equal(ik_fib_remove(f, 0, 0), 78);
	assert_int_equal(ik_fib_lookup(f, 1, NULL), IK_FIB_NONE);
	assert_int_equal(ik_fib_lookup(f, 0, NULL), 1);
	assert_int_equal(ik_fib_remove(f, 0, 0), IK_FIB_NONE);
	assert_int_equal(ik_fib_remove(f, 0, 32), 1);
	assert_int_equal(ik_fib_remove(f, 0xffffffffu, 32), 2);
	assert_int_equal(f->ngroups, 0);
	assert_int_equal(f->pages, 0);
	/* a /1 and the largest value */
	assert_int_equal(ik_fib_insert(f, 0x80000000u, 1, IK_FIB_VALUE_MAX - 1), 0);
	assert_int_equal(ik_fib_lookup(f, 0xdeadbeefu, &len), IK_FIB_VALUE_MAX - 1);
	assert_int_equal(len, 1);
	assert_int_equal(ik_fib_lookup(f, 0x7fffffffu, NULL), IK_FIB_NONE);
	ik_fib_free(f);
}

/* a table growing past IK_ROUTER_TABLE_MIN prefixes moves to huge pages
 * (when the kernel has them): every prefix is still found, the memory is
 * counted by 2 MiB block */
static void fib_grows_huge(void **state)
{
	(void)state;
	const unsigned n = 70000;
	struct ik_fib *f = ik_fib_new(1u << 17);
	uint32_t i;

	for (i = 0; i < n; i++) {
		/* distinct /24s spread over the space, a /28 in every 64th */
		uint32_t a = (i * 2654435761u) & 0xffffff00u;

		assert_int_equal(ik_fib_insert(f, a, 24, i), 0);
		if (i % 64 == 0)
			assert_int_equal(ik_fib_insert(f, a | 0x10u, 28, i + 1), 0);
		if (i == 1000)
			assert_false(f->huge); /* a few routes: 4 KiB pages */
	}
	assert_true(f->huge_tried);
	for (i = 0; i < n; i++) {
		uint32_t a = (i * 2654435761u) & 0xffffff00u;

		assert_int_equal(ik_fib_lookup(f, a | 0x05u, NULL), i);
		assert_int_equal(ik_fib_lookup(f, a | 0x15u, NULL), i % 64 ? i : i + 1);
		assert_int_equal(ik_fib_get(f, a, 24), i);
	}
	if (f->huge) {
		assert_int_equal(f->store.shift, 21);
		assert_true(ik_fib_mem(f) >= f->blocks * (2u << 20));
	}
	for (i = 0; i < n; i++)
		assert_int_equal(ik_fib_remove(f, (i * 2654435761u) & 0xffffff00u, 24), i);
	assert_int_equal(ik_fib_count(f), (n + 63) / 64);
	assert_int_equal(ik_fib_lookup(f, 0x15u, NULL), 1);
	ik_fib_free(f);
}

/* arguments */
static void fib_bad_args(void **state)
{
	(void)state;
	struct ik_fib *f = ik_fib_new(4);

	assert_null(ik_fib_new(0));
	assert_int_equal(ik_fib_insert(f, 0, 33, 1), -IK_EINVAL);
	assert_int_equal(ik_fib_insert(f, 0, 8, IK_FIB_VALUE_MAX), -IK_EINVAL);
	assert_int_equal(ik_fib_insert(NULL, 0, 8, 1), -IK_EINVAL);
	assert_int_equal(ik_fib_remove(f, 0, 33), IK_FIB_NONE);
	assert_int_equal(ik_fib_get(f, 0, 33), IK_FIB_NONE);
	assert_int_equal(ik_fib_insert(f, 0x0a0b0c0du, 8, 3), 0);
	assert_int_equal(ik_fib_get(f, 0x0a000000u, 8), 3);
	assert_int_equal(ik_fib_get(f, 0x0aff0000u, 8), 3); /* host bits ignored */
	assert_int_equal(ik_fib_remove(f, 0x0a000000u, 9), IK_FIB_NONE);
	assert_int_equal(ik_fib_remove(f, 0x0affffffu, 8), 3);
	assert_int_equal(ik_fib_count(f), 0);
	assert_int_equal(ik_fib_count(NULL), 0);
	ik_fib_free(f);
	ik_fib_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fib_random),
		cmocka_unit_test(fib_shorter_after_longer),
		cmocka_unit_test(fib_group_freeing),
		cmocka_unit_test(fib_limit),
		cmocka_unit_test(fib_default_and_host),
		cmocka_unit_test(fib_grows_huge),
		cmocka_unit_test(fib_bad_args),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
