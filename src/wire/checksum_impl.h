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

#include "icmpkit/checksum.h"

/*
 * Octets summed into the kernels' 64-bit accumulators before they are
 * folded: 2^30 keeps every lane far from overflow (see each kernel).
 */
#ifndef IK_CSUM_BLOCK /* overridable only to test the block seams */
#define IK_CSUM_BLOCK ((size_t)1 << 30)
#endif

/*
 * Below these lengths a vector kernel, even when called by name
 * (ik_csum_partial_with()), hands the buffer to the C loop: they are the
 * shortest buffers the kernel's loads are written for (AVX2's last window
 * reaches 32 octets back; AVX-512's first vector is 64 octets), not a
 * judgement of speed. Which kernel is fastest at which length is the
 * dispatcher's business (IK_CSUM_AUTO_*_FROM below).
 */
#define IK_CSUM_AVX2_MIN   32
#define IK_CSUM_AVX512_MIN 64
#define IK_CSUM_SMALL      32 /* the smaller of the two: C loop for all */

/*
 * The dispatcher's crossovers (ik_csum_choose()): ik_csum_partial() uses
 * AVX2 from IK_CSUM_AUTO_AVX2_FROM octets on and AVX-512 from
 * IK_CSUM_AUTO_AVX512_FROM on, each only when the CPU runs it; shorter
 * buffers go to the next narrower kernel, the shortest to the C loop.
 * bench/bench_checksum prints each kernel's time per length next to what
 * the dispatcher picks: rerun it on new hardware to see if these still hold.
 *
 * AVX2, measured 2026-12-03 on a 2-core "AMD EPYC" VM with AVX2 and no
 * AVX-512 (release build, three runs of the sweep, ns per call, the
 * quietest run first, the range of the others after it):
 *
 *   octets      32          48          64          128        1500
 *   portable   9.7 (10-17) 10.0 (11-17) 10.4 (11-22) 12.2 (12-20) 47.8 (74-92)
 *   avx2       8.2 (9-14)   9.2 (12-16)  8.5 (9-19)   9.4 (10)    29.2 (40-53)
 *
 * In the two quieter runs AVX2 was faster at every length from 32 octets,
 * its kernel's floor, on (by 15-20% at 32, 5-10% at 40-56, 15-60% from 64
 * on); the noisy run had the C loop ahead at 48, 56, 80 and 160 only. So
 * AVX2 takes over where it can run; below 32 both are the C loop.
 *
 * AVX-512: not measurable on that machine. The one figure at hand, from an
 * earlier run on an AVX-512 machine, is 64 octets: AVX-512 11.2 ns, AVX2
 * 8.5 ns, i.e. some 2.7 ns more of set-up (masked loads, an eight-lane
 * reduction). AVX2 costs 0.0144 ns per octet more past 64 (the figures
 * above); if AVX-512 halved that on full-width units, it would catch up near
 * 64 + 2.7 / 0.0072 = 440 octets, so it takes over at 512, where it also
 * starts aligning its loads (IK_CSUM_AVX512_ALIGN_MIN). An estimate, not a
 * measurement: the sweep of bench_checksum on an AVX-512 machine decides.
 */
#define IK_CSUM_AUTO_AVX2_FROM   32
#define IK_CSUM_AUTO_AVX512_FROM 512

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
 * ik_csum_choose() - the implementation the dispatcher uses for @len octets
 * @len:  octets
 * @have: the implementations the CPU runs, bit (1u << impl) for each
 *        (IK_CSUM_PORTABLE's bit is implied)
 *
 * A pure function of its arguments, so tests can check the choice for
 * CPUs they do not run on.
 *
 * Return: IK_CSUM_AVX512, IK_CSUM_AVX2 or IK_CSUM_PORTABLE.
 */
enum ik_csum_impl ik_csum_choose(size_t len, unsigned have);

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
