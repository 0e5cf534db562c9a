/* SPDX-License-Identifier: MIT */
/**
 * DOC: private interface of the Internet checksum kernels
 *
 * Each kernel returns the ones' complement sum of the buffer read as
 * native-order 16-bit words (RFC 1071 §2(B): the sum is byte-order
 * independent, so little-endian hosts sum little-endian words and swap the
 * folded result once). A trailing odd octet is the high-order octet of a
 * big-endian word padded with zero, which is the low-order octet of a native
 * word on a little-endian host. Results are folded to at most 0xffff and are
 * 0 only when every word is 0, so every kernel returns the same value.
 */
#ifndef ICMPKIT_WIRE_CHECKSUM_IMPL_H
#define ICMPKIT_WIRE_CHECKSUM_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * Octets summed into the kernels' 64-bit accumulators before they are
 * folded: 2^30 keeps every lane far from overflow (see each kernel).
 */
#ifndef IK_CSUM_BLOCK /* overridable only to test the block seams */
#define IK_CSUM_BLOCK ((size_t)1 << 30)
#endif

/*
 * Below these lengths the vector kernels hand the buffer to the C loop:
 * their set-up and horizontal sum cost more than they save (measured on an
 * AMD EPYC Zen 4, where AVX2 and AVX-512 win from 64 octets on).
 */
#define IK_CSUM_AVX2_MIN   64
#define IK_CSUM_AVX512_MIN 64
#define IK_CSUM_SMALL      64 /* the smaller of the two: C loop for all */

/* From this length on the AVX-512 kernel aligns its loads to cache lines. */
#ifndef IK_CSUM_AVX512_ALIGN_MIN /* overridable only to test the block seams */
#define IK_CSUM_AVX512_ALIGN_MIN 512
#endif

/**
 * ik_csum_fold64() - fold a 64-bit ones' complement sum to 16 bits
 * @s: sum of 16-, 32- or 64-bit words (any width: 2^16 = 1 mod 0xffff)
 *
 * End-around carries only: the result is 0 only when @s is 0.
 *
 * Return: the folded sum, at most 0xffff.
 */
static inline uint32_t ik_csum_fold64(uint64_t s)
{
	s = (s & 0xffffffffu) + (s >> 32);  /* < 2^33 */
	s = (s & 0xffffffffu) + (s >> 32);  /* < 2^32 */
	s = (s & 0xffffu) + (s >> 16);      /* < 2^17 */
	s = (s & 0xffffu) + (s >> 16);      /* <= 0xffff */
	return (uint32_t)s;
}

/**
 * ik_csum_swap16() - a folded sum between network and native order
 * @v: 16-bit value (the swap is its own inverse)
 *
 * Return: @v with its octets swapped on a little-endian host, else @v.
 */
static inline uint32_t ik_csum_swap16(uint32_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return ((v >> 8) | (v << 8)) & 0xffffu;
#else
	return v;
#endif
}

/**
 * ik_csum_hdr_ok() - whether an IPv4 header's checksum is right (RFC 1071):
 * native-order 32-bit words into a 64-bit sum, folded, all ones whatever the
 * byte order; inline, as Linux ip_fast_csum (the IPv4 parser and the stack's
 * fast path share it)
 * @p: header; @hlen: its length (a multiple of 4)
 *
 * Return: true if right.
 */
static inline bool ik_csum_hdr_ok(const uint8_t *p, size_t hlen)
{
	uint64_t s = 0;

	for (size_t i = 0; i < hlen; i += 4) {
		uint32_t w;

		memcpy(&w, p + i, 4);
		s += w;
	}
	return ik_csum_fold64(s) == 0xffffu;
}

/**
 * ik_csum_native_odd() - a lone last octet as a native-order word
 * @b: the octet
 *
 * Return: @b as the high octet of a big-endian word, in native order.
 */
static inline uint32_t ik_csum_native_odd(uint8_t b)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return b;
#else
	return (uint32_t)b << 8;
#endif
}

/**
 * ik_csum_native_portable() - native-order sum in plain C
 * @p:   data, any alignment
 * @len: octets, odd allowed
 *
 * Return: folded native-order sum, at most 0xffff.
 */
uint32_t ik_csum_native_portable(const uint8_t *p, size_t len);

/**
 * ik_csum_native_avx2() - native-order sum with AVX2
 * @p:   data, any alignment
 * @len: octets, odd allowed
 *
 * Call only when the CPU has AVX2.
 *
 * Return: folded native-order sum, at most 0xffff.
 */
uint32_t ik_csum_native_avx2(const uint8_t *p, size_t len);

/**
 * ik_csum_native_avx512() - native-order sum with AVX-512F/BW
 * @p:   data, any alignment
 * @len: octets, odd allowed
 *
 * Call only when the CPU has AVX-512F and AVX-512BW.
 *
 * Return: folded native-order sum, at most 0xffff.
 */
uint32_t ik_csum_native_avx512(const uint8_t *p, size_t len);

#endif
