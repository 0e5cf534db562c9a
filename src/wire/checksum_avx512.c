// SPDX-License-Identifier: MIT
/*
 * checksum_avx512.c - Internet checksum kernel for AVX-512F/BW
 *
 * Compiled without special flags: the functions carry
 * target("avx512f,avx512bw") and are only called after checksum.c has seen
 * both in the CPU. Partial vectors at either end are masked octet loads,
 * which never touch memory outside the buffer.
 */
#include "wire/checksum_impl.h"

#if defined(__x86_64__)
#include <immintrin.h>

#define IK_AVX512 __attribute__((target("avx512f,avx512bw")))

_Static_assert(IK_CSUM_BLOCK % 64 == 0, "only the last block may be partial");
_Static_assert(IK_CSUM_AVX512_MIN >= 64, "the first vector lies within the buffer");
_Static_assert(IK_CSUM_AVX512_ALIGN_MIN <= IK_CSUM_BLOCK, "a short buffer is one block");

/**
 * add_vec() - add the sixteen 32-bit words of @v into 64-bit lanes
 * @lo:   accumulator for the low 32-bit word of each 64-bit lane
 * @hi:   accumulator for the high one
 * @v:    64 octets
 * @mask: 0x00000000ffffffff in every 64-bit lane
 */
static inline IK_AVX512 void add_vec(__m512i *lo, __m512i *hi, __m512i v, __m512i mask)
{
	*lo = _mm512_add_epi64(*lo, _mm512_and_si512(v, mask));
	*hi = _mm512_add_epi64(*hi, _mm512_srli_epi64(v, 32));
}

/**
 * sum_block() - native-order sum of one block, 64 octets per load
 * @a:    start, 64-octet aligned unless the buffer is short
 * @n:    octets from @a, 64 <= @n < IK_CSUM_BLOCK + 64
 * @head: which octets of the first 64 belong to the buffer
 *
 * Every lane of the four accumulators gets at most n / 128 + 3 words below
 * 2^32, so their total stays below 2^61. A trailing odd octet lands in the
 * low octet of a native word with a zero high octet, as it should.
 *
 * Return: the unfolded sum.
 */
static IK_AVX512 uint64_t sum_block(const uint8_t *a, size_t n, __mmask64 head)
{
	const __m512i mask = _mm512_set1_epi64(0xffffffff);
	__m512i w = _mm512_setzero_si512(), x = w, y = w, z = w;

	add_vec(&w, &x, _mm512_maskz_loadu_epi8(head, a), mask);
	a += 64;
	n -= 64;
	for (; n >= 256; a += 256, n -= 256) {
		__m512i v0 = _mm512_loadu_si512(a);
		__m512i v1 = _mm512_loadu_si512(a + 64);
		__m512i v2 = _mm512_loadu_si512(a + 128);
		__m512i v3 = _mm512_loadu_si512(a + 192);

		add_vec(&w, &x, v0, mask);
		add_vec(&y, &z, v1, mask);
		add_vec(&w, &x, v2, mask);
		add_vec(&y, &z, v3, mask);
	}
	for (; n >= 64; a += 64, n -= 64)
		add_vec(&w, &x, _mm512_loadu_si512(a), mask);
	if (n) {
		__mmask64 k = ((__mmask64)1 << n) - 1;

		add_vec(&y, &z, _mm512_maskz_loadu_epi8(k, a), mask);
	}
	w = _mm512_add_epi64(w, x);
	y = _mm512_add_epi64(y, z);
	return (uint64_t)_mm512_reduce_add_epi64(_mm512_add_epi64(w, y));
}

/**
 * ik_csum_native_avx512() - native-order sum with AVX-512F/BW
 * @p:   data, any alignment
 * @len: octets, odd allowed
 *
 * Call only when the CPU has AVX-512F and AVX-512BW. From
 * IK_CSUM_AVX512_ALIGN_MIN octets on, all loads are 64-octet aligned, so
 * none splits a cache line: the first starts at the line holding
 * @p with the octets before @p masked off (a masked-off octet is never read,
 * so this cannot fault or read another object). When @p is odd the aligned
 * words pair octets across the buffer's word boundaries and the folded sum
 * comes out byte-swapped (RFC 1071 §2(B)); it is swapped back at the end.
 *
 * Return: folded native-order sum, at most 0xffff.
 */
IK_AVX512 uint32_t ik_csum_native_avx512(const uint8_t *p, size_t len)
{
	const uint8_t *a = (const uint8_t *)((uintptr_t)p & ~(uintptr_t)63);
	size_t mis = (size_t)((uintptr_t)p & 63);
	size_t n = len + mis;
	__mmask64 head = ~(__mmask64)0 << mis;
	uint64_t s = 0;
	uint32_t r;

	if (len < IK_CSUM_AVX512_MIN)
		return ik_csum_native_portable(p, len);
	if (len < IK_CSUM_AVX512_ALIGN_MIN) /* aligning costs more than it saves */
		return ik_csum_fold64(sum_block(p, len, ~(__mmask64)0));
	/* Leave at least 64 octets for the last block: its first load is whole. */
	while (n >= IK_CSUM_BLOCK + 64) {
		s += ik_csum_fold64(sum_block(a, IK_CSUM_BLOCK, head));
		head = ~(__mmask64)0;
		a += IK_CSUM_BLOCK;
		n -= IK_CSUM_BLOCK;
	}
	s += ik_csum_fold64(sum_block(a, n, head));
	r = ik_csum_fold64(s);
	if (mis & 1)
		r = ((r >> 8) | (r << 8)) & 0xffffu;
	return r;
}

#else

/**
 * ik_csum_native_avx512() - native-order sum with AVX-512F/BW
 * @p:   data, any alignment
 * @len: octets, odd allowed
 *
 * Stand-in on other architectures: the portable kernel.
 *
 * Return: folded native-order sum, at most 0xffff.
 */
uint32_t ik_csum_native_avx512(const uint8_t *p, size_t len)
{
	return ik_csum_native_portable(p, len);
}

#endif
