// SPDX-License-Identifier: MIT
/*
 * checksum_avx2.c - Internet checksum kernel for AVX2
 *
 * Compiled without special flags: the functions carry target("avx2") and
 * are only called after checksum.c has seen AVX2 in the CPU.
 */
#include "wire/checksum_impl.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define IK_AVX2 __attribute__((target("avx2")))

_Static_assert(IK_CSUM_AVX2_MIN >= 32, "the last window reaches 32 octets back");
_Static_assert(IK_CSUM_BLOCK % 32 == 0, "only the last block may be partial");

/*
 * Masks for the last, partial vector: loading 32 octets from keep + n keeps
 * the last n octets of a 32-octet window (n = 0..32).
 */
static const uint8_t keep[64] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
};

/**
 * add_vec() - add the eight 32-bit words of @v into 64-bit lanes
 * @lo:   accumulator for the low 32-bit word of each 64-bit lane
 * @hi:   accumulator for the high one
 * @v:    32 octets
 * @mask: 0x00000000ffffffff in every 64-bit lane
 */
static inline IK_AVX2 void add_vec(__m256i *lo, __m256i *hi, __m256i v, __m256i mask)
{
	*lo = _mm256_add_epi64(*lo, _mm256_and_si256(v, mask));
	*hi = _mm256_add_epi64(*hi, _mm256_srli_epi64(v, 32));
}

/**
 * hsum() - sum of the four 64-bit lanes
 * @v: vector
 *
 * Return: the sum (the caller keeps it below 2^64).
 */
static inline IK_AVX2 uint64_t hsum(__m256i v)
{
	__m128i x = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));

	x = _mm_add_epi64(x, _mm_unpackhi_epi64(x, x));
	return (uint64_t)_mm_cvtsi128_si64(x);
}

/**
 * sum_block() - native-order sum of one block
 * @p:   data
 * @len: octets, at most IK_CSUM_BLOCK; the 32 octets before @p + @len must
 *       be readable (they are when the whole buffer has at least 32)
 *
 * A trailing partial vector is read as the 32-octet window ending at
 * @p + @len with the octets already summed masked off. When the window
 * starts at an odd offset its words pair octets across word boundaries, so
 * the octets of each word are swapped back before adding (RFC 1071 §2(B)).
 * Every lane of the four accumulators gets at most len / 64 + 3 words below
 * 2^32, so their total stays below 2^61.
 *
 * Return: the unfolded sum.
 */
static IK_AVX2 uint64_t sum_block(const uint8_t *p, size_t len)
{
	const __m256i mask = _mm256_set1_epi64x(0xffffffff);
	__m256i a = _mm256_setzero_si256(), b = a, c = a, d = a;

	for (; len >= 128; p += 128, len -= 128) {
		__m256i v0 = _mm256_loadu_si256((const __m256i *)p);
		__m256i v1 = _mm256_loadu_si256((const __m256i *)(p + 32));
		__m256i v2 = _mm256_loadu_si256((const __m256i *)(p + 64));
		__m256i v3 = _mm256_loadu_si256((const __m256i *)(p + 96));

		add_vec(&a, &b, v0, mask);
		add_vec(&c, &d, v1, mask);
		add_vec(&a, &b, v2, mask);
		add_vec(&c, &d, v3, mask);
	}
	for (; len >= 32; p += 32, len -= 32)
		add_vec(&a, &b, _mm256_loadu_si256((const __m256i *)p), mask);
	if (len) {
		__m256i v = _mm256_loadu_si256((const __m256i *)(p + len - 32));

		v = _mm256_and_si256(v, _mm256_loadu_si256((const __m256i *)(keep + len)));
		if (len & 1)
			v = _mm256_or_si256(_mm256_slli_epi16(v, 8), _mm256_srli_epi16(v, 8));
		add_vec(&c, &d, v, mask);
	}
	a = _mm256_add_epi64(a, b);
	c = _mm256_add_epi64(c, d);
	return hsum(_mm256_add_epi64(a, c));
}

/**
 * ik_csum_native_avx2() - native-order sum with AVX2
 * @p:   data, any alignment
 * @len: octets, odd allowed
 *
 * Call only when the CPU has AVX2.
 *
 * Return: folded native-order sum, at most 0xffff.
 */
IK_AVX2 uint32_t ik_csum_native_avx2(const uint8_t *p, size_t len)
{
	uint64_t s = 0;

	if (len < IK_CSUM_AVX2_MIN)
		return ik_csum_native_portable(p, len);
	/* IK_CSUM_BLOCK is a multiple of 32: only the last block is partial. */
	while (len > IK_CSUM_BLOCK) {
		s += ik_csum_fold64(sum_block(p, IK_CSUM_BLOCK));
		p += IK_CSUM_BLOCK;
		len -= IK_CSUM_BLOCK;
	}
	s += ik_csum_fold64(sum_block(p, len));
	return ik_csum_fold64(s);
}

#else

/**
 * ik_csum_native_avx2() - native-order sum with AVX2
 * @p:   data, any alignment
 * @len: octets, odd allowed
 *
 * Stand-in on other architectures: the portable kernel.
 *
 * Return: folded native-order sum, at most 0xffff.
 */
uint32_t ik_csum_native_avx2(const uint8_t *p, size_t len)
{
	return ik_csum_native_portable(p, len);
}

#endif
