// SPDX-License-Identifier: MIT
/*
 * bench_fib.c - the longest-prefix-match table (src/stack/ip/fib.c) with a
 * full Internet table: build time, memory per route, and nanoseconds per
 * lookup with 1,000,000 prefixes against 10.
 *
 * usage: bench_fib [--quick]
 *   --quick  a smoke run of a few seconds (fewer rounds; figures rough)
 *
 * The table: 1,000,000 distinct prefixes, random addresses from a fixed
 * seed (splitmix64), their lengths in the proportions of today's global
 * IPv4 table: /24 62.3%, /23 9%, /22 11%, /21 4.5%, /20 4.5%, /19 3%, /18
 * 1.7%, /17 1%, /16 1.5%, /9-/15 1.5% together (each length twice as many
 * as the one before), and 400 longer than /24; inserted in a random order.
 * The 10-prefix table is the first ten of them (a /24 among them).
 *
 * Built three times: into an ik_fib directly (values = prefix index), and
 * twice into a stack (cfg.max_routes = 2^20 + 4096) with
 * ik_stack_route_add(), one unicast route per prefix: once with NNH
 * distinct next hops, as a full Internet table has a few hundred (route
 * i's gateway = 10.0.0.0 + i % NNH), once with every route its own
 * (gateway = 10.0.0.0 + i, the worst case for the next-hop table), so
 * every result can be checked. Reported: build time (ms, ns per prefix),
 * ik_fib_mem() and ik_stack_route_mem() per route.
 *
 * Lookups: one stream of 2^20 destination addresses, precomputed, half
 * uniformly random, half inside a random prefix of the big table, the two
 * kinds interleaved. Every table sees the same stream. Two ways:
 * throughput (independent lookups in a loop: the CPU overlaps their cache
 * misses) and latency (each lookup's address depends on the previous
 * result, through an AND with a zero the compiler cannot see: one miss at
 * a time). Through ik_fib_lookup() and through ik_route_lookup_table(),
 * the stack's real route path past its one-entry memo (next hop,
 * interface, memo written). Timing: CLOCK_MONOTONIC around each pass; a
 * warm-up pass of each, then the best of several rounds, the 1M and 10
 * tables alternating in every round so load from elsewhere hits both alike.
 *
 * The goals (1M/10 <= 1.5, <= 20 ns with 1M) are judged on throughput,
 * of the FIB and of the route path. A dependent lookup in the 1M table
 * misses in the cache once, whatever the structure: its latency is held
 * against the physical floor, measured in the same rounds: a chain of
 * loads from a plain array, each at the index the stream's address gives
 * (its top 24 bits, as the first level is indexed) and depending on the
 * last one read as the lookups do, over FLOOR_BYTES (the first level's
 * size, on the same kind of pages) and over FLOOR_SMALL_LINES cache lines
 * (a 10-prefix table's working set), as bench/tun_floor.c is the floor of
 * a TUN echo.
 *
 * Every lookup of the stream is checked once, for each of the five tables,
 * against a slower reference (per-length sorted arrays searched from /32
 * down to /0 for the big table, a scan for the small one); a wrong result
 * exits 1. Missing a speed goal is reported, never failed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "icmpkit/err.h"
#include "icmpkit/stack.h"
#include "stack/internal.h"
#include "stack/ip/fib.h"

#define NPREFIX    1000000u
#define NSMALL     10u
#define NSTREAM    (1u << 20)
#define MAX_ROUTES ((1u << 20) + 4096u)
#define GW_BASE    0x0a000000u /* route i's gateway: 10.0.0.0 + i % nnh */
#define NNH        256u        /* distinct next hops of the 1M and 10 stacks */
#define FLOOR_BYTES ((size_t)IK_FIB_TBL24_LEN * sizeof(uint32_t)) /* 64 MiB */
#define FLOOR_SMALL_LINES 16u /* 64-octet lines: 256 uint32_t */

/** struct pfx - one prefix of the synthetic table */
struct pfx {
	uint32_t addr;
	unsigned len;
};

/** struct refl - the prefixes of one length, sorted by address */
struct refl {
	uint32_t *addr;
	uint32_t *idx;
	unsigned n;
};

/**
 * struct times - best ns per lookup of one table, four ways, and of its
 * floor (a dependent random load chain over a working set of its size)
 */
struct times {
	double fib_thr, fib_lat, rt_thr, rt_lat, floor;
};

/**
 * struct chain - a plain array the floor's dependent loads read
 * @w:     the words (2^k, all written)
 * @mask:  their count - 1
 * @bytes: their size
 * @huge:  on transparent huge pages
 */
struct chain {
	uint32_t *w;
	uint32_t mask;
	size_t bytes;
	bool huge;
};

static bool failed;
static volatile uint32_t zero_src; /* 0, unknown to the compiler */

/**
 * now_ns() - monotonic clock
 *
 * Return: nanoseconds.
 */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/**
 * rnd() - splitmix64 step
 * @x: state
 *
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
 * mask() - prefix mask
 * @len: 0..32
 *
 * Return: the mask.
 */
static uint32_t mask(unsigned len)
{
	return len ? ~0u << (32 - len) : 0;
}

/**
 * oom() - give up for lack of memory
 * @what: what could not be had
 */
static void oom(const char *what)
{
	printf("FAIL: no memory for %s\n", what);
	exit(1);
}

/**
 * length_quota() - how many prefixes of each length the table gets
 * @q: output, 33 counts summing to NPREFIX
 */
static void length_quota(unsigned q[33])
{
	static const struct { unsigned len, per_1000; } mix[] = {
		{ 23, 90 }, { 22, 110 }, { 21, 45 }, { 20, 45 }, { 19, 30 },
		{ 18, 17 }, { 17, 10 }, { 16, 15 },
	};
	static const unsigned longer[8] = { 100, 60, 50, 50, 50, 40, 10, 40 }; /* /25../32 */
	unsigned sum = 0;

	memset(q, 0, 33 * sizeof(q[0]));
	for (unsigned i = 0; i < sizeof(mix) / sizeof(mix[0]); i++)
		q[mix[i].len] = NPREFIX / 1000 * mix[i].per_1000;
	/* /9../15: 1.5% together, doubling from one length to the next */
	for (unsigned l = 9; l <= 15; l++)
		q[l] = (unsigned)((uint64_t)NPREFIX * 15 / 1000 * (1u << (l - 9)) / 127);
	for (unsigned l = 25; l <= 32; l++)
		q[l] = longer[l - 25];
	for (unsigned l = 0; l <= 32; l++)
		sum += q[l];
	q[24] = NPREFIX - sum; /* the rest: about 62% */
}

/**
 * make_table() - NPREFIX distinct random prefixes by length_quota(), in a
 * random order, a /24 among the first NSMALL
 * @x: PRNG
 *
 * Return: the prefixes (malloc'ed).
 */
static struct pfx *make_table(uint64_t *x)
{
	const size_t slots = 1u << 22;
	uint64_t *set = calloc(slots, sizeof(*set)); /* (len + 1) << 32 | addr, 0 empty */
	struct pfx *p = malloc(NPREFIX * sizeof(*p));
	unsigned q[33], n = 0;

	if (!set || !p)
		oom("the synthetic table");
	length_quota(q);
	for (unsigned l = 0; l <= 32; l++) {
		for (unsigned k = 0; k < q[l];) {
			uint32_t a = (uint32_t)rnd(x) & mask(l);
			uint64_t key = (uint64_t)(l + 1) << 32 | a;
			size_t h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 42);

			while (set[h] && set[h] != key)
				h = (h + 1) & (slots - 1);
			if (set[h])
				continue; /* drawn before: draw again */
			set[h] = key;
			p[n].addr = a;
			p[n++].len = l;
			k++;
		}
	}
	free(set);
	for (unsigned i = n - 1; i > 0; i--) {
		unsigned j = (unsigned)(rnd(x) % (i + 1));
		struct pfx t = p[i];

		p[i] = p[j];
		p[j] = t;
	}
	for (unsigned i = 0; i < n; i++) {
		if (p[i].len == 24) {
			struct pfx t = p[i];

			p[i] = p[NSMALL - 1];
			p[NSMALL - 1] = t;
			break;
		}
	}
	return p;
}

/**
 * make_stream() - NSTREAM addresses: even ones uniformly random, odd ones
 * inside a random prefix of @p
 * @x: PRNG; @p: the table
 *
 * Return: the addresses (malloc'ed).
 */
static uint32_t *make_stream(uint64_t *x, const struct pfx *p)
{
	uint32_t *s = malloc(NSTREAM * sizeof(*s));

	if (!s)
		oom("the address stream");
	for (unsigned i = 0; i < NSTREAM; i++) {
		uint64_t v = rnd(x);

		if (i & 1) {
			const struct pfx *q = &p[(v >> 32) % NPREFIX];

			s[i] = q->addr | ((uint32_t)v & ~mask(q->len));
		} else {
			s[i] = (uint32_t)v;
		}
	}
	return s;
}

/**
 * cmp_pair() - qsort order of (address, index) pairs by address
 * @a, @b: two uint64_t: address << 32 | index
 *
 * Return: <0, 0, >0.
 */
static int cmp_pair(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/**
 * ref_build() - the reference: the first @n prefixes of @p sorted per length
 * @p: prefixes; @n: how many; @r: 33 lists to fill
 */
static void ref_build(const struct pfx *p, unsigned n, struct refl r[33])
{
	unsigned cnt[33] = { 0 };

	for (unsigned i = 0; i < n; i++)
		cnt[p[i].len]++;
	for (unsigned l = 0; l <= 32; l++) {
		uint64_t *pairs = malloc((cnt[l] + 1) * sizeof(*pairs));
		unsigned k = 0;

		r[l].addr = malloc((cnt[l] + 1) * sizeof(uint32_t));
		r[l].idx = malloc((cnt[l] + 1) * sizeof(uint32_t));
		if (!pairs || !r[l].addr || !r[l].idx)
			oom("the reference");
		for (unsigned i = 0; i < n; i++)
			if (p[i].len == l)
				pairs[k++] = (uint64_t)p[i].addr << 32 | i;
		qsort(pairs, k, sizeof(*pairs), cmp_pair);
		for (unsigned i = 0; i < k; i++) {
			r[l].addr[i] = (uint32_t)(pairs[i] >> 32);
			r[l].idx[i] = (uint32_t)pairs[i];
		}
		r[l].n = k;
		free(pairs);
	}
}

/**
 * ref_free() - release the reference lists
 * @r: the 33 lists
 */
static void ref_free(struct refl r[33])
{
	for (unsigned l = 0; l <= 32; l++) {
		free(r[l].addr);
		free(r[l].idx);
	}
}

/**
 * ref_lookup() - longest match by binary search in each length's list,
 * longest first
 * @r: reference; @a: address; @len_out: the match's length
 *
 * Return: the prefix's index, or IK_FIB_NONE.
 */
static uint32_t ref_lookup(const struct refl r[33], uint32_t a, unsigned *len_out)
{
	for (int l = 32; l >= 0; l--) {
		uint32_t key = a & mask((unsigned)l);
		unsigned lo = 0, hi = r[l].n;

		while (lo < hi) {
			unsigned mid = lo + (hi - lo) / 2;

			if (r[l].addr[mid] < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < r[l].n && r[l].addr[lo] == key) {
			*len_out = (unsigned)l;
			return r[l].idx[lo];
		}
	}
	*len_out = 0;
	return IK_FIB_NONE;
}

/**
 * small_lookup() - longest match by scanning the first NSMALL prefixes
 * @p: prefixes; @a: address; @len_out: the match's length
 *
 * Return: the prefix's index, or IK_FIB_NONE.
 */
static uint32_t small_lookup(const struct pfx *p, uint32_t a, unsigned *len_out)
{
	uint32_t best = IK_FIB_NONE;

	*len_out = 0;
	for (unsigned i = 0; i < NSMALL; i++)
		if ((a & mask(p[i].len)) == p[i].addr && (best == IK_FIB_NONE || p[i].len > *len_out)) {
			best = i;
			*len_out = p[i].len;
		}
	return best;
}

/**
 * check_stream() - every address of @s through @f and @st, against the
 * reference's answer for it
 * @name: the table, for messages; @f: the FIB; @st: the stack with the same
 * routes; @nnh: its distinct next hops (route i's gateway is GW_BASE +
 * i % @nnh); @s: the stream; @p: prefixes; @r: reference lists, or NULL
 * to scan the first NSMALL prefixes
 *
 * Return: lookups of the stream that matched a prefix.
 */
static unsigned check_stream(const char *name, const struct ik_fib *f, const struct ik_stack *st,
			     unsigned nnh, const uint32_t *s, const struct pfx *p,
			     const struct refl *r)
{
	unsigned matched = 0, bad = 0;

	for (unsigned i = 0; i < NSTREAM; i++) {
		unsigned lr, lf;
		uint32_t want = r ? ref_lookup(r, s[i], &lr) : small_lookup(p, s[i], &lr);
		uint32_t got = ik_fib_lookup(f, s[i], &lf);
		struct ik_route_res res = { 0 };
		int rc = ik_route_lookup_table(st, s[i], &res);
		bool fallback = s[i] == 0xffffffffu || (s[i] >> 28) == 0xe;
		bool ok_stack = want != IK_FIB_NONE ? rc == 0 && res.gw == GW_BASE + want % nnh
			       : fallback ? rc == 0 && res.gw == 0 : rc == -ENETUNREACH;

		matched += want != IK_FIB_NONE;
		if (got != want || (want != IK_FIB_NONE && lf != lr) || !ok_stack) {
			if (bad++ < 5)
				printf("FAIL: %s: %u.%u.%u.%u: fib %u/%u, stack rc %d gw %08x; "
				       "reference %u/%u\n",
				       name, s[i] >> 24, s[i] >> 16 & 255, s[i] >> 8 & 255, s[i] & 255,
				       got, lf, rc, res.gw, want, lr);
			failed = true;
		}
	}
	return matched;
}

/**
 * fib_thr() - ns per lookup, independent lookups
 * @f: table; @s: stream
 *
 * Return: ns per lookup.
 */
static double fib_thr(const struct ik_fib *f, const uint32_t *s)
{
	uint64_t t0 = now_ns(), sum = 0;

	for (unsigned i = 0; i < NSTREAM; i++)
		sum += ik_fib_lookup(f, s[i], NULL);
	__asm__ volatile("" : : "r"(sum));
	return (double)(now_ns() - t0) / NSTREAM;
}

/**
 * fib_lat() - ns per lookup, each address depending on the last result
 * @f: table; @s: stream
 *
 * Return: ns per lookup.
 */
static double fib_lat(const struct ik_fib *f, const uint32_t *s)
{
	uint32_t zero = zero_src, v = 0;
	uint64_t t0 = now_ns(), sum = 0;

	for (unsigned i = 0; i < NSTREAM; i++) {
		v = ik_fib_lookup(f, s[i] ^ (v & zero), NULL);
		sum += v;
	}
	__asm__ volatile("" : : "r"(sum));
	return (double)(now_ns() - t0) / NSTREAM;
}

/**
 * rt_thr() - ns per ik_route_lookup_table(), independent lookups
 * @st: stack; @s: stream
 *
 * Return: ns per lookup.
 */
static double rt_thr(const struct ik_stack *st, const uint32_t *s)
{
	struct ik_route_res r = { 0 };
	uint64_t t0 = now_ns(), sum = 0;

	for (unsigned i = 0; i < NSTREAM; i++) {
		int rc = ik_route_lookup_table(st, s[i], &r);

		sum += rc ? (uint64_t)-rc : r.next_hop;
	}
	__asm__ volatile("" : : "r"(sum));
	return (double)(now_ns() - t0) / NSTREAM;
}

/**
 * rt_lat() - ns per ik_route_lookup_table(), each address depending on
 * the last result
 * @st: stack; @s: stream
 *
 * Return: ns per lookup.
 */
static double rt_lat(const struct ik_stack *st, const uint32_t *s)
{
	struct ik_route_res r = { 0 };
	uint32_t zero = zero_src, dep = 0;
	uint64_t t0 = now_ns(), sum = 0;

	for (unsigned i = 0; i < NSTREAM; i++) {
		int rc = ik_route_lookup_table(st, s[i] ^ (dep & zero), &r);

		dep = rc ? (uint32_t)rc : r.next_hop;
		sum += dep;
	}
	__asm__ volatile("" : : "r"(sum));
	return (double)(now_ns() - t0) / NSTREAM;
}

/**
 * chain_make() - the floor's array of @bytes, every page written (a page
 * never written would read the kernel's shared zero page, always cached)
 * @c: output; @bytes: a power of two; @huge: ask for transparent huge
 * pages (as the 1M table's first level has them)
 */
static void chain_make(struct chain *c, size_t bytes, bool huge)
{
	size_t n = bytes / sizeof(uint32_t);

	c->bytes = bytes;
	c->mask = (uint32_t)(n - 1);
	c->w = ik_table_zalloc(bytes, huge, &c->huge);
	if (!c->w)
		oom("the floor's array");
	for (size_t i = 0; i < n; i++)
		c->w[i] = (uint32_t)i * 2654435761u | 1u;
}

/**
 * chain_walk() - ns per load, NSTREAM loads each at the index of a stream
 * address's top 24 bits (wrapped to the array), depending on the last one
 * read as fib_lat()'s lookups do: the floor of a dependent lookup
 * touching this working set
 * @c: array; @s: stream
 *
 * Return: ns per load.
 */
static double chain_walk(const struct chain *c, const uint32_t *s)
{
	uint32_t zero = zero_src, v = 0;
	uint64_t t0 = now_ns(), sum = 0;

	for (unsigned i = 0; i < NSTREAM; i++) {
		v = c->w[((s[i] >> 8) ^ (v & zero)) & c->mask];
		sum += v;
	}
	__asm__ volatile("" : : "r"(sum));
	return (double)(now_ns() - t0) / NSTREAM;
}

/**
 * measure() - one pass of each way over one table, keeping the best
 * @f: FIB, or NULL to time the route path only; @st: stack; @s: stream;
 * @c: the table's floor chain, or NULL; @best: best so far (0: none)
 */
static void measure(const struct ik_fib *f, const struct ik_stack *st, const uint32_t *s,
		    const struct chain *c, struct times *best)
{
	double v;

#define KEEP(field, expr) \
	do { \
		v = (expr); \
		if (best->field == 0 || v < best->field) \
			best->field = v; \
	} while (0)
	if (f) {
		KEEP(fib_thr, fib_thr(f, s));
		KEEP(fib_lat, fib_lat(f, s));
	}
	KEEP(rt_thr, rt_thr(st, s));
	KEEP(rt_lat, rt_lat(st, s));
	if (c)
		KEEP(floor, chain_walk(c, s));
#undef KEEP
}

/**
 * stack_with() - a stack sized for a full table, with the first @n
 * prefixes of @p as unicast routes (gateway GW_BASE + index % @nnh)
 * @p: prefixes; @n: how many; @nnh: distinct next hops; @ms: set to the
 * time ik_stack_route_add() took for them, in ms
 *
 * The interface's connected route is the table's first /24 (at NSMALL-1),
 * which the table's own route then replaces: the stack holds exactly the
 * @n prefixes.
 *
 * Return: the stack.
 */
static struct ik_stack *stack_with(const struct pfx *p, unsigned n, unsigned nnh, double *ms)
{
	struct ik_stack_config cfg = { .max_routes = MAX_ROUTES };
	struct ik_stack *st = ik_stack_new(&cfg, NULL, NULL);
	uint64_t t0;

	if (!st || ik_stack_add_iface(st, "eth0", p[NSMALL - 1].addr | 1, 24, 1500) != 1)
		oom("a stack");
	t0 = now_ns();
	for (unsigned i = 0; i < n; i++) {
		const struct ik_route_spec r = { p[i].addr, p[i].len, GW_BASE + i % nnh, 1,
						 IK_ROUTE_UNICAST };

		if (ik_stack_route_add(st, &r) < 0) {
			printf("FAIL: ik_stack_route_add of route %u failed\n", i);
			exit(1);
		}
	}
	*ms = (double)(now_ns() - t0) / 1e6;
	if (ik_stack_route_count(st) != n) {
		printf("FAIL: the stack holds %u routes, not %u\n", ik_stack_route_count(st), n);
		failed = true;
	}
	return st;
}

/**
 * anon_huge_kib() - AnonHugePages of the process (/proc/self/smaps_rollup)
 *
 * Return: KiB, or -1 when unknown.
 */
static long anon_huge_kib(void)
{
	FILE *fp = fopen("/proc/self/smaps_rollup", "r");
	char line[256];
	long kib = -1;

	if (!fp)
		return -1;
	while (fgets(line, sizeof(line), fp))
		if (sscanf(line, "AnonHugePages: %ld kB", &kib) == 1)
			break;
	fclose(fp);
	return kib;
}

/**
 * loadavg() - the first fields of /proc/loadavg
 * @buf: output; @cap: its size
 *
 * Return: @buf ("?" when unreadable).
 */
static char *loadavg(char *buf, size_t cap)
{
	FILE *fp = fopen("/proc/loadavg", "r");

	snprintf(buf, cap, "?");
	if (fp) {
		if (fgets(buf, (int)cap, fp))
			buf[strcspn(buf, "\n")] = 0;
		fclose(fp);
	}
	return buf;
}

/**
 * goal() - one goal line: PASS or MISS, honestly
 * @what: the goal; @value: the figure; @limit: its bound (value <= limit)
 */
static void goal(const char *what, double value, double limit)
{
	printf("  %-60s %7.2f  %s\n", what, value, value <= limit ? "PASS" : "MISS");
}

/**
 * main() - build, check, measure, report
 * @argc/@argv: [--quick]
 *
 * Return: 0, or 1 on a wrong lookup or no memory.
 */
int main(int argc, char **argv)
{
	int rounds = 7;
	bool quick = false;
	uint64_t x = 0x1f1b2024u, t0;
	struct refl ref[33];
	struct pfx *p;
	uint32_t *s;
	struct ik_fib *big, *small;
	struct ik_stack *sbig, *ssmall, *sdist;
	struct times tb = { 0 }, ts = { 0 }, td = { 0 };
	struct chain cbig, csmall;
	double build_ms, stack_ms, stack10_ms, dist_ms;
	unsigned q[33], matched_big, matched_small;
	char la[128];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			rounds = 2;
			quick = true;
		} else {
			fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
			return 2;
		}
	}
	printf("bench_fib: longest prefix match, DIR-24-8 (src/stack/ip/fib.c), a full "
	       "Internet-sized table against 10 prefixes\n");
	length_quota(q);
	printf("table: %u distinct random prefixes, lengths as the global IPv4 table:", NPREFIX);
	for (unsigned l = 8; l <= 24; l++)
		if (q[l] >= NPREFIX / 100)
			printf(" /%u %.1f%%", l, 100.0 * q[l] / NPREFIX);
	{
		unsigned mid = 0, lng = 0;

		for (unsigned l = 9; l <= 15; l++)
			mid += q[l];
		for (unsigned l = 25; l <= 32; l++)
			lng += q[l];
		printf(" /9-/15 %.1f%%, %u longer than /24\n", 100.0 * mid / NPREFIX, lng);
	}
	printf("timing: best of %d rounds x %u lookups per table and way, after a warm-up, "
	       "CLOCK_MONOTONIC%s\n", rounds, NSTREAM, quick ? " (--quick: smoke run, figures rough)" : "");
	printf("load before: %s\n", loadavg(la, sizeof(la)));

	p = make_table(&x);
	s = make_stream(&x, p);

	/* build */
	t0 = now_ns();
	big = ik_fib_new(MAX_ROUTES);
	if (!big)
		oom("the FIB");
	for (unsigned i = 0; i < NPREFIX; i++)
		if (ik_fib_insert(big, p[i].addr, p[i].len, i) != 0) {
			printf("FAIL: ik_fib_insert of prefix %u failed\n", i);
			return 1;
		}
	build_ms = (double)(now_ns() - t0) / 1e6;
	small = ik_fib_new(MAX_ROUTES);
	if (!small)
		oom("the FIB");
	for (unsigned i = 0; i < NSMALL; i++)
		(void)ik_fib_insert(small, p[i].addr, p[i].len, i);
	sbig = stack_with(p, NPREFIX, NNH, &stack_ms);
	ssmall = stack_with(p, NSMALL, NNH, &stack10_ms);
	sdist = stack_with(p, NPREFIX, NPREFIX, &dist_ms);
	chain_make(&cbig, FLOOR_BYTES, true);
	chain_make(&csmall, FLOOR_SMALL_LINES * 64u, false);
	if (ik_fib_count(big) != NPREFIX) {
		printf("FAIL: the FIB holds %u prefixes\n", ik_fib_count(big));
		failed = true;
	}

	printf("\n%-44s %10s %12s\n", "build", "ms", "ns/prefix");
	printf("%-44s %10.1f %12.1f\n", "ik_fib_new + ik_fib_insert x 1,000,000", build_ms,
	       build_ms * 1e6 / NPREFIX);
	printf("%-44s %10.1f %12.1f\n", "ik_stack_route_add x 1,000,000", stack_ms,
	       stack_ms * 1e6 / NPREFIX);
	printf("%-44s %10.1f %12.1f\n", "  the same, every route its own next hop", dist_ms,
	       dist_ms * 1e6 / NPREFIX);
	printf("(routes over %u distinct next hops, as a full Internet table has a few hundred, "
	       "unless said)\n", NNH);

	printf("\n%-44s %10s %12s\n", "memory (pages written, see ik_fib_mem())", "MiB",
	       "octets/route");
	printf("%-44s %10.1f %12.1f\n", "ik_fib_mem(), 1,000,000 prefixes",
	       (double)ik_fib_mem(big) / (1 << 20), (double)ik_fib_mem(big) / NPREFIX);
	printf("%-44s %10.1f %12.1f\n", "ik_stack_route_mem(), 1,000,000 routes",
	       (double)ik_stack_route_mem(sbig) / (1 << 20),
	       (double)ik_stack_route_mem(sbig) / NPREFIX);
	printf("%-44s %10.1f %12.1f\n", "  the same, every route its own next hop",
	       (double)ik_stack_route_mem(sdist) / (1 << 20),
	       (double)ik_stack_route_mem(sdist) / NPREFIX);
	printf("%-44s %10.2f %12.1f\n", "ik_fib_mem(), 10 prefixes", (double)ik_fib_mem(small) / (1 << 20),
	       (double)ik_fib_mem(small) / NSMALL);
	printf("%-44s %10.2f %12.1f\n", "ik_stack_route_mem(), 10 routes",
	       (double)ik_stack_route_mem(ssmall) / (1 << 20),
	       (double)ik_stack_route_mem(ssmall) / NSMALL);
	printf("(first level on %s; %u second-level groups; AnonHugePages of the process: ",
	       big->huge ? "transparent huge pages, counted by 2 MiB block" : "4 KiB pages",
	       big->ngroups);
	if (anon_huge_kib() >= 0)
		printf("%ld MiB)\n", anon_huge_kib() / 1024);
	else
		printf("unknown)\n");

	/* every lookup of the stream, checked once per table */
	ref_build(p, NPREFIX, ref);
	matched_big = check_stream("1M", big, sbig, NNH, s, p, ref);
	(void)check_stream("1M, every route its own next hop", big, sdist, NPREFIX, s, p, ref);
	matched_small = check_stream("10", small, ssmall, NNH, s, p, NULL);
	ref_free(ref);
	printf("\nchecked: every address of the stream through the five tables against the "
	       "reference%s (%u of %u match a prefix of the 1M table, %u of the 10)\n",
	       failed ? ": WRONG RESULTS" : ": all right", matched_big, NSTREAM, matched_small);

	/* warm-up, then rounds alternating the tables */
	measure(big, sbig, s, &cbig, &(struct times){ 0 });
	measure(small, ssmall, s, &csmall, &(struct times){ 0 });
	measure(NULL, sdist, s, NULL, &(struct times){ 0 });
	for (int r = 0; r < rounds; r++) {
		measure(big, sbig, s, &cbig, &tb);
		measure(small, ssmall, s, &csmall, &ts);
		measure(NULL, sdist, s, NULL, &td);
	}

	printf("\n%-44s %10s %10s %8s\n", "lookup, ns per lookup", "1M", "10", "1M/10");
	printf("%-44s %10.2f %10.2f %8.2f\n", "ik_fib_lookup, throughput", tb.fib_thr, ts.fib_thr,
	       tb.fib_thr / ts.fib_thr);
	printf("%-44s %10.2f %10.2f %8.2f\n", "ik_route_lookup_table, throughput", tb.rt_thr,
	       ts.rt_thr, tb.rt_thr / ts.rt_thr);
	printf("%-44s %10.2f %10s %8.2f\n", "  the same, every route its own next hop", td.rt_thr,
	       "", td.rt_thr / ts.rt_thr);
	printf("%-44s %10.2f %10.2f %8.2f\n", "ik_fib_lookup, latency (dependent)", tb.fib_lat,
	       ts.fib_lat, tb.fib_lat / ts.fib_lat);
	printf("%-44s %10.2f %10.2f %8.2f\n", "ik_route_lookup_table, latency (dependent)",
	       tb.rt_lat, ts.rt_lat, tb.rt_lat / ts.rt_lat);
	printf("%-44s %10.2f %10s %8.2f\n", "  the same, every route its own next hop", td.rt_lat,
	       "", td.rt_lat / ts.rt_lat);
	printf("%-44s %10.2f %10.2f %8.2f\n", "floor: dependent random loads, 64 MiB | 1 KiB",
	       tb.floor, ts.floor, tb.floor / ts.floor);
	printf("(stream: %u addresses, half uniformly random, half inside the 1M table's "
	       "prefixes; the same for every table)\n", NSTREAM);
	printf("(floor: dependent loads from a plain array at the stream's first-level indexes, "
	       "over %zu MiB, the first level's size, on %s, against over %u cache lines, a "
	       "10-prefix table's working set: a dependent lookup in the 1M table misses the "
	       "cache once, so its latency is at best the first, and 1M/10 at best the floor's "
	       "ratio; latency 1M / floor: FIB %.2f, route path %.2f)\n",
	       cbig.bytes >> 20, cbig.huge ? "huge pages as the FIB's" : "4 KiB pages",
	       FLOOR_SMALL_LINES, tb.fib_lat / tb.floor, tb.rt_lat / tb.floor);
	printf("\nload after: %s\n", loadavg(la, sizeof(la)));

	printf("\ngoals (throughput: independent lookups over the same stream):\n");
	goal("ratio 1M/10 <= 1.5, ik_fib_lookup throughput", tb.fib_thr / ts.fib_thr, 1.5);
	goal("ratio 1M/10 <= 1.5, ik_route_lookup_table throughput", tb.rt_thr / ts.rt_thr, 1.5);
	goal("<= 20 ns per lookup, 1M, ik_fib_lookup throughput", tb.fib_thr, 20);
	goal("<= 20 ns per lookup, 1M, ik_route_lookup_table throughput", tb.rt_thr, 20);
	printf("latency (dependent lookups) against the physical floor of the same run:\n");
	goal("ik_fib_lookup latency, 1M / 64 MiB chain floor <= 1.5", tb.fib_lat / tb.floor, 1.5);
	goal("ik_route_lookup_table latency, 1M / 64 MiB chain floor <= 1.5",
	     tb.rt_lat / tb.floor, 1.5);

	ik_stack_free(sbig);
	ik_stack_free(sdist);
	ik_table_zfree(cbig.w, cbig.bytes);
	ik_table_zfree(csmall.w, csmall.bytes);
	ik_stack_free(ssmall);
	ik_fib_free(big);
	ik_fib_free(small);
	free(p);
	free(s);
	if (failed)
		printf("FAIL: wrong lookup results (see above)\n");
	return failed ? 1 : 0;
}
