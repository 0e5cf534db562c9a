// SPDX-License-Identifier: MIT
/*
 * bench_checksum.c - Internet checksum throughput, as ratios against a
 * naive RFC 1071 loop and against the memory bandwidth, all measured in the
 * same run on the same buffers.
 *
 * usage: bench_checksum [--quick]
 *
 * A sweep over short and medium lengths then times every kernel in turns
 * beside the dispatcher (ik_csum_partial()) and prints which kernel the
 * dispatcher picks at each length and which one was fastest, so a run on
 * new hardware shows whether the crossovers in src/wire/checksum_impl.h
 * (IK_CSUM_AUTO_*_FROM) still hold.
 *
 * Each figure is the best of several timed runs (CLOCK_MONOTONIC), each run
 * repeating the call until it lasts at least the minimum time. The exit
 * status is non-zero only if a path disagrees with the naive loop or memory
 * cannot be had; missing a goal is reported, never failed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include "icmpkit/checksum.h"
#include "wire/checksum_impl.h" /* the dispatcher's crossovers */

/* The naive peer must stay a plain 16-bit loop: no vectorising, no unrolling. */
#if defined(__clang__)
#define IK_NAIVE __attribute__((noinline))
#define IK_NAIVE_LOOP _Pragma("clang loop vectorize(disable) interleave(disable) unroll(disable)")
#else
#define IK_NAIVE __attribute__((noinline, optimize("no-tree-vectorize", "no-unroll-loops")))
#define IK_NAIVE_LOOP
#endif

struct cfg {
	uint64_t min_ns; /* minimum duration of one timed run */
	int reps;        /* timed runs, best kept */
	size_t big;      /* the larger-than-cache buffer */
};

enum kind { K_NAIVE, K_IMPL, K_AUTO, K_READ, K_MEMCPY };

struct path {
	const char *name;
	enum kind kind;
	enum ik_csum_impl impl;
	uint64_t (*read)(const uint8_t *p, size_t len); /* K_READ */
};

static volatile uint64_t sink; /* results land here, so no call is dead */
static uint8_t *copy_dst;      /* memcpy pass destination */

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
 * naive_rfc1071() - the loop of RFC 1071 §4.1, 16-bit words one by one
 * @p:   data
 * @len: octets
 *
 * Native-order words as the RFC's C code adds them; the folded sum is
 * swapped once at the end to give the same host-order value as the library.
 *
 * Return: folded, uncomplemented sum.
 */
static IK_NAIVE uint32_t naive_rfc1071(const uint8_t *p, size_t len)
{
	uint64_t sum = 0;

	IK_NAIVE_LOOP
	while (len > 1) {
		uint16_t w;

		memcpy(&w, p, sizeof(w));
		sum += w;
		p += 2;
		len -= 2;
	}
	if (len > 0)
		sum += *p;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	sum = ((sum >> 8) | (sum << 8)) & 0xffff;
#endif
	return (uint32_t)sum;
}

/**
 * read_scalar() - memory read pass without vectors
 * @p:   data
 * @len: octets
 *
 * Return: sum of the 64-bit words (only to keep the loads alive).
 */
static uint64_t read_scalar(const uint8_t *p, size_t len)
{
	uint64_t a = 0, b = 0;

	for (; len >= 16; p += 16, len -= 16) {
		uint64_t x, y;

		memcpy(&x, p, 8);
		memcpy(&y, p + 8, 8);
		a += x;
		b += y;
	}
	return a + b;
}

#if defined(__x86_64__)
/**
 * read_sse2() - memory read pass: 64-bit adds over 16-octet loads
 * @p:   data
 * @len: octets (a multiple of 64 is read; the rest is ignored)
 *
 * Return: sum of the 64-bit words read.
 */
static uint64_t read_sse2(const uint8_t *p, size_t len)
{
	__m128i a = _mm_setzero_si128(), b = a, c = a, d = a;

	for (; len >= 64; p += 64, len -= 64) {
		a = _mm_add_epi64(a, _mm_loadu_si128((const __m128i *)p));
		b = _mm_add_epi64(b, _mm_loadu_si128((const __m128i *)(p + 16)));
		c = _mm_add_epi64(c, _mm_loadu_si128((const __m128i *)(p + 32)));
		d = _mm_add_epi64(d, _mm_loadu_si128((const __m128i *)(p + 48)));
	}
	a = _mm_add_epi64(_mm_add_epi64(a, b), _mm_add_epi64(c, d));
	return (uint64_t)_mm_cvtsi128_si64(a) + (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(a, a));
}

/**
 * read_avx2() - memory read pass: 64-bit adds over 32-octet loads
 * @p:   data
 * @len: octets (a multiple of 128 is read; the rest is ignored)
 *
 * Return: sum of the 64-bit words read.
 */
static __attribute__((target("avx2"))) uint64_t read_avx2(const uint8_t *p, size_t len)
{
	__m256i a = _mm256_setzero_si256(), b = a, c = a, d = a;
	__m128i x;

	for (; len >= 128; p += 128, len -= 128) {
		a = _mm256_add_epi64(a, _mm256_loadu_si256((const __m256i *)p));
		b = _mm256_add_epi64(b, _mm256_loadu_si256((const __m256i *)(p + 32)));
		c = _mm256_add_epi64(c, _mm256_loadu_si256((const __m256i *)(p + 64)));
		d = _mm256_add_epi64(d, _mm256_loadu_si256((const __m256i *)(p + 96)));
	}
	a = _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(c, d));
	x = _mm_add_epi64(_mm256_castsi256_si128(a), _mm256_extracti128_si256(a, 1));
	return (uint64_t)_mm_cvtsi128_si64(x) + (uint64_t)_mm_extract_epi64(x, 1);
}

/**
 * read_avx512() - memory read pass: 64-bit adds over 64-octet loads
 * @p:   data
 * @len: octets (a multiple of 256 is read; the rest is ignored)
 *
 * Return: sum of the 64-bit words read.
 */
static __attribute__((target("avx512f"))) uint64_t read_avx512(const uint8_t *p, size_t len)
{
	__m512i a = _mm512_setzero_si512(), b = a, c = a, d = a;

	for (; len >= 256; p += 256, len -= 256) {
		a = _mm512_add_epi64(a, _mm512_loadu_si512(p));
		b = _mm512_add_epi64(b, _mm512_loadu_si512(p + 64));
		c = _mm512_add_epi64(c, _mm512_loadu_si512(p + 128));
		d = _mm512_add_epi64(d, _mm512_loadu_si512(p + 192));
	}
	a = _mm512_add_epi64(_mm512_add_epi64(a, b), _mm512_add_epi64(c, d));
	return (uint64_t)_mm512_reduce_add_epi64(a);
}
#endif

/**
 * call() - one call of a path
 * @ph:  path
 * @p:   data
 * @len: octets
 *
 * Return: the path's result.
 */
static inline uint64_t call(const struct path *ph, const uint8_t *p, size_t len)
{
	switch (ph->kind) {
	case K_NAIVE:
		return naive_rfc1071(p, len);
	case K_IMPL:
		return ik_csum_partial_with(ph->impl, p, len, 0);
	case K_AUTO:
		return ik_csum_partial(p, len, 0);
	case K_READ:
		return ph->read(p, len);
	case K_MEMCPY:
		memcpy(copy_dst, p, len);
		return copy_dst[len / 2];
	}
	return 0;
}

/**
 * run_ns() - time @iters calls of a path
 * @ph:    path
 * @buf:   data
 * @len:   octets
 * @iters: calls
 *
 * The pointer goes through an empty asm each time, so the compiler can
 * neither hoist a call out of the loop nor merge calls; the results are
 * summed into a volatile.
 *
 * Return: elapsed nanoseconds.
 */
static uint64_t run_ns(const struct path *ph, const uint8_t *buf, size_t len, uint64_t iters)
{
	uint64_t acc = 0, t0 = now_ns();

	for (uint64_t i = 0; i < iters; i++) {
		const uint8_t *p = buf;

		__asm__ volatile("" : "+r"(p) : : "memory");
		acc += call(ph, p, len);
	}
	sink += acc;
	return now_ns() - t0;
}

/**
 * measure() - best time per call of a path
 * @ph:  path
 * @buf: data
 * @len: octets
 * @c:   timing configuration
 *
 * Finds a call count that lasts at least c->min_ns, then keeps the best of
 * c->reps runs of that count.
 *
 * Return: nanoseconds per call.
 */
static double measure(const struct path *ph, const uint8_t *buf, size_t len, const struct cfg *c)
{
	uint64_t iters = 1, t = run_ns(ph, buf, len, 1);
	double best;

	while (t < c->min_ns) {
		uint64_t next = t ? (uint64_t)((double)iters * (double)c->min_ns / (double)t * 1.2) : iters * 16;

		iters = next > iters ? next : iters * 2;
		t = run_ns(ph, buf, len, iters);
	}
	best = (double)t / (double)iters;
	for (int r = 1; r < c->reps; r++) {
		double x = (double)run_ns(ph, buf, len, iters) / (double)iters;

		if (x < best)
			best = x;
	}
	return best;
}

/**
 * measure_interleaved() - best time per call of several paths, run in turns
 * @ph:  paths
 * @n:   count
 * @buf: data
 * @len: octets
 * @c:   timing configuration
 * @ns:  out: nanoseconds per call of each path
 *
 * Like measure(), but the timed runs of all paths alternate, so a burst of
 * load from elsewhere on the machine (memory bandwidth is shared) hits them
 * alike instead of one path.
 */
static void measure_interleaved(const struct path *ph, size_t n, const uint8_t *buf, size_t len,
				const struct cfg *c, double *ns)
{
	uint64_t iters[16];

	for (size_t i = 0; i < n && i < 16; i++) {
		uint64_t t = run_ns(&ph[i], buf, len, 1);

		iters[i] = 1;
		while (t < c->min_ns) {
			iters[i] = t ? iters[i] * (c->min_ns / t + 1) : iters[i] * 16;
			t = run_ns(&ph[i], buf, len, iters[i]);
		}
		ns[i] = (double)t / (double)iters[i];
	}
	for (int r = 1; r < c->reps; r++) {
		for (size_t i = 0; i < n && i < 16; i++) {
			double x = (double)run_ns(&ph[i], buf, len, iters[i]) / (double)iters[i];

			if (x < ns[i])
				ns[i] = x;
		}
	}
}

/**
 * fill_random() - pseudo-random octets (and every page touched)
 * @p:   buffer
 * @len: octets
 */
static void fill_random(uint8_t *p, size_t len)
{
	uint64_t s = 0x243f6a8885a308d3u;

	for (size_t i = 0; i < len; i++) {
		if (i % 8 == 0) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
		}
		p[i] = (uint8_t)(s >> (8 * (i % 8)));
	}
}

/**
 * check_paths() - every path must agree with the naive loop
 * @paths: paths
 * @n:     count
 * @buf:   data
 * @len:   octets
 *
 * Return: true if all agree (a mismatch is printed).
 */
static bool check_paths(const struct path *paths, size_t n, const uint8_t *buf, size_t len)
{
	uint32_t want = naive_rfc1071(buf, len);
	bool ok = true;

	for (size_t i = 0; i < n; i++) {
		uint32_t got;

		if (paths[i].kind == K_AUTO)
			got = ik_csum_partial(buf, len, 0);
		else if (paths[i].kind == K_IMPL)
			got = ik_csum_partial_with(paths[i].impl, buf, len, 0);
		else
			continue;
		if (got != want) {
			printf("MISMATCH: %s at %zu octets gives %#06x, naive %#06x\n", paths[i].name,
			       len, got, want);
			ok = false;
		}
	}
	return ok;
}

/**
 * sweep() - every kernel and the dispatcher over the crossover lengths
 * @paths: the kernels (K_IMPL), at most 15
 * @n:     count
 * @buf:   data, 64-octet aligned
 * @c:     timing configuration
 *
 * The kernels and the dispatcher are timed in turns at each length
 * (measure_interleaved()); the table gives each one's ns per call, '*' on
 * the fastest, then the kernel the dispatcher picks (ik_csum_impl_for())
 * and how much slower than the fastest that kernel measured (below
 * IK_CSUM_SMALL every kernel hands the buffer to the C loop, so the columns
 * differ only by noise). Differences of a few percent are noise on a shared
 * machine.
 *
 * Return: true if every path agrees with the naive loop at every length.
 */
static bool sweep(const struct path *paths, size_t n, const uint8_t *buf, const struct cfg *c)
{
	static const size_t lens[] = { 16,  24,  32,  40,  48,  56,  64,   72,   80,   96,  112,
				       128, 160, 192, 256, 320, 384, 512, 768, 1024, 1500, 4096 };
	struct path ph[16];
	double ns[16];
	bool ok = true;

	if (n > 15)
		n = 15;
	memcpy(ph, paths, n * sizeof(ph[0]));
	ph[n] = (struct path){ "auto", K_AUTO, IK_CSUM_AUTO, NULL };
	printf("\ncrossover sweep (64-octet aligned buffer, paths timed in turns, * = fastest "
	       "kernel):\n%7s", "octets");
	for (size_t i = 0; i <= n; i++)
		printf(" %10s", ph[i].name);
	printf("  %-9s %s\n", "picks", "pick vs fastest");
	for (size_t li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
		size_t len = lens[li], fast = 0, pi = n;
		enum ik_csum_impl pick = ik_csum_impl_for(len);

		ok &= check_paths(ph, n + 1, buf, len);
		measure_interleaved(ph, n + 1, buf, len, c, ns);
		for (size_t i = 0; i < n; i++) {
			if (ns[i] < ns[fast])
				fast = i;
			if (ph[i].impl == pick)
				pi = i;
		}
		printf("%7zu", len);
		for (size_t i = 0; i <= n; i++)
			printf(" %9.1f%c", ns[i], i == fast ? '*' : ' ');
		printf("  %-9s", ik_csum_impl_name(pick));
		if (len < IK_CSUM_SMALL)
			printf(" (every kernel is the C loop here)\n");
		else if (pi == n)
			printf(" (not timed)\n");
		else if (pi == fast)
			printf(" fastest\n");
		else
			printf(" %+.0f%% (%s fastest)\n", 100.0 * (ns[pi] / ns[fast] - 1.0), ph[fast].name);
	}
	return ok;
}

int main(int argc, char **argv)
{
	static const size_t sizes[] = { 20, 64, 84, 576, 1500, 65535 };
	struct cfg c = { 50000000u, 5, (size_t)256 << 20 };
	struct path paths[4] = { { "naive", K_NAIVE, IK_CSUM_AUTO, NULL } };
	struct path reads[4] = { { "scalar", K_READ, IK_CSUM_AUTO, read_scalar } };
	struct path bigp[9];
	double bigns[9];
	struct path cp = { "memcpy", K_MEMCPY, IK_CSUM_AUTO, NULL };
	struct path autop = { "auto", K_AUTO, IK_CSUM_AUTO, NULL };
	size_t np = 1, nr = 1, nsz = sizeof(sizes) / sizeof(sizes[0]);
	double best_ratio = 0, best_gbs = 0, read_gbs = 0, naive_1500 = 0;
	const char *best_name = "none", *best_big = "none", *read_name = "scalar";
	uint8_t *small, *big;
	char label[64];
	bool ok = true;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0) {
			c = (struct cfg){ 4000000u, 3, (size_t)64 << 20 };
		} else {
			fprintf(stderr, "usage: %s [--quick]\n", argv[0]);
			return 2;
		}
	}
	for (int i = IK_CSUM_PORTABLE; i < IK_CSUM_NIMPL; i++)
		if (ik_csum_available((enum ik_csum_impl)i))
			paths[np++] = (struct path){ ik_csum_impl_name((enum ik_csum_impl)i), K_IMPL,
						     (enum ik_csum_impl)i, NULL };
#if defined(__x86_64__)
	reads[nr++] = (struct path){ "sse2", K_READ, IK_CSUM_AUTO, read_sse2 };
	__builtin_cpu_init();
	if (__builtin_cpu_supports("avx2"))
		reads[nr++] = (struct path){ "avx2", K_READ, IK_CSUM_AUTO, read_avx2 };
	if (__builtin_cpu_supports("avx512f"))
		reads[nr++] = (struct path){ "avx512", K_READ, IK_CSUM_AUTO, read_avx512 };
#endif

	small = aligned_alloc(64, 65536 + 64);
	big = aligned_alloc(64, c.big);
	copy_dst = aligned_alloc(64, c.big);
	if (!small || !big || !copy_dst) {
		fprintf(stderr, "bench_checksum: out of memory\n");
		return 1;
	}
	fill_random(small, 65536 + 64);
	fill_random(big, c.big);
	memset(copy_dst, 0, c.big);

	printf("bench_checksum: Internet checksum (RFC 1071), best of %d runs of >= %llu ms each%s\n",
	       c.reps, (unsigned long long)(c.min_ns / 1000000u), c.min_ns < 50000000u ? " (--quick)" : "");
	printf("paths:");
	for (size_t i = 0; i < np; i++)
		printf(" %s", paths[i].name);
	printf("; naive = RFC 1071 16-bit loop, not vectorised\n");
	printf("dispatcher (auto): avx2 from %d octets when the CPU has it, avx512 from %d when "
	       "it has that (IK_CSUM_AUTO_*_FROM); longest buffers here: %s\n\n",
	       IK_CSUM_AUTO_AVX2_FROM, IK_CSUM_AUTO_AVX512_FROM, ik_csum_impl_name(IK_CSUM_AUTO));

	printf("%7s  %-9s %10s %9s %9s   (buffer 64-octet aligned)\n", "octets", "path", "ns/call",
	       "GB/s", "vs naive");
	for (size_t si = 0; si <= nsz; si++) {
		size_t len = si < nsz ? sizes[si] : 1500;
		const uint8_t *buf = si < nsz ? small : small + 1;
		double naive_ns = 0;

		if (si == nsz)
			printf("%7s  %-9s %10s %9s %9s   (buffer at an odd address)\n", "octets", "path",
			       "ns/call", "GB/s", "vs naive");
		ok &= check_paths(paths, np, buf, len);
		for (size_t i = 0; i < np; i++) {
			double ns = measure(&paths[i], buf, len, &c);
			double ratio;

			if (i == 0)
				naive_ns = ns;
			ratio = naive_ns / ns;
			printf("%7zu  %-9s %10.1f %9.2f %8.2fx\n", len, paths[i].name, ns, (double)len / ns,
			       ratio);
			if (si < nsz && len == 1500 && i == 0)
				naive_1500 = ns;
			if (si < nsz && len == 1500 && i > 0 && ratio > best_ratio) {
				best_ratio = ratio;
				best_name = paths[i].name;
			}
		}
		ok &= check_paths(&autop, 1, buf, len);
		{
			double ns = measure(&autop, buf, len, &c);

			printf("%7zu  %-9s %10.1f %9.2f %8.2fx   picks %s\n", len, autop.name, ns,
			       (double)len / ns, naive_ns / ns, ik_csum_impl_name(ik_csum_impl_for(len)));
		}
	}

	ok &= sweep(paths + 1, np - 1, small, &c);
	ok &= check_paths(paths, np, big, c.big);
	memcpy(bigp, reads, nr * sizeof(reads[0]));
	bigp[nr] = cp;
	memcpy(bigp + nr + 1, paths, np * sizeof(paths[0]));
	measure_interleaved(bigp, nr + 1 + np, big, c.big, &c, bigns);
	printf("\n%zu MiB buffer (larger than the caches; all passes timed in turns):\n", c.big >> 20);
	for (size_t i = 0; i < nr; i++) {
		double gbs = (double)c.big / bigns[i];

		snprintf(label, sizeof(label), "read pass, %s 64-bit adds", reads[i].name);
		printf("  %-30s %7.2f GB/s\n", label, gbs);
		if (gbs > read_gbs) {
			read_gbs = gbs;
			read_name = reads[i].name;
		}
	}
	printf("  %-30s %7.2f GB/s (octets copied per second)\n", "memcpy", (double)c.big / bigns[nr]);
	for (size_t i = 0; i < np; i++) {
		double gbs = (double)c.big / bigns[nr + 1 + i];

		snprintf(label, sizeof(label), "checksum, %s", paths[i].name);
		printf("  %-30s %7.2f GB/s  %5.1f%% of the best read pass\n", label, gbs,
		       100.0 * gbs / read_gbs);
		if (i > 0 && gbs > best_gbs) {
			best_gbs = gbs;
			best_big = paths[i].name;
		}
	}

	printf("\ngoal: best path at 1500 B is %.1fx naive (target >= 5x) %s [%s, naive %.1f ns]\n",
	       best_ratio, best_ratio >= 5.0 ? "PASS" : "MISS", best_name, naive_1500);
	printf("goal: large-buffer checksum reaches %.0f%% of read bandwidth [%s %.2f GB/s, best read (%s) %.2f GB/s]\n",
	       100.0 * best_gbs / read_gbs, best_big, best_gbs, read_name, read_gbs);
	free(small);
	free(big);
	free(copy_dst);
	return ok ? 0 : 1;
}
