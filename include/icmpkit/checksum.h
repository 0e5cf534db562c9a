/* SPDX-License-Identifier: MIT */
/**
 * DOC: Internet checksum (RFC 1071) and incremental update (RFC 1624)
 * Layer: wire (include/icmpkit/README.md)
 *
 * Values are in host order, as if the checksum field were read with
 * ik_get16(): store a result with ik_put16(). A partial sum is the ones'
 * complement sum of the big-endian 16-bit words seen so far, folded to at
 * most 0xffff and not complemented. Only the last chunk given to
 * ik_csum_partial() may have an odd length.
 *
 * Several implementations exist (portable C, AVX2, AVX-512). The dispatcher
 * behind ik_csum_partial() picks one per buffer length, among those the CPU
 * supports, from crossovers measured by bench/bench_checksum (short buffers
 * go to narrower kernels, whose set-up costs less); ik_csum_impl_for() says
 * which. All give identical results.
 */
#ifndef ICMPKIT_CHECKSUM_H
#define ICMPKIT_CHECKSUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ik_csum_impl {
	IK_CSUM_AUTO = 0,  /* the dispatcher: by length, among those available */
	IK_CSUM_PORTABLE,  /* 64-bit accumulator C loop */
	IK_CSUM_AVX2,
	IK_CSUM_AVX512,
	IK_CSUM_NIMPL
};

/**
 * ik_csum_partial() - add @len octets at @buf to a partial sum
 * @buf: data, any alignment
 * @len: octets; odd only for the last chunk
 * @acc: partial sum so far (0 to start)
 *
 * Return: the new partial sum, at most 0xffff.
 */
uint32_t ik_csum_partial(const void *buf, size_t len, uint32_t acc);

/* up to this many octets ik_csum_copy() copies and sums in one inline pass */
#define IK_CSUM_COPY_INLINE_MAX 512

/**
 * ik_csum_copy_long() - ik_csum_copy() beyond IK_CSUM_COPY_INLINE_MAX octets,
 * or with a destination after an overlapping source: memmove() and the
 * vector kernels (checksum.c)
 * @dst/@src/@len/@acc: as ik_csum_copy()
 *
 * Return: as ik_csum_copy().
 */
uint32_t ik_csum_copy_long(void *dst, const void *src, size_t len, uint32_t acc);

/**
 * ik_csum_pass() - one pass over a short buffer: sum it (RFC 1071) and, when
 * @copy, copy it on the way (the loop ik_csum_copy() and ik_csum_short()
 * share; @copy is a constant at each, so each inlined copy has no test of it)
 * @d:    destination (before @p or apart from it: each word is read before
 *        it is written); unused without @copy
 * @p:    data, any alignment
 * @len:  octets (at most IK_CSUM_COPY_INLINE_MAX)
 * @acc:  partial sum so far, as ik_csum_partial() gives it
 * @copy: copy to @d
 *
 * 32-bit halves of 64-bit words go into two 64-bit accumulators, which
 * cannot carry out at these lengths.
 *
 * Return: the new partial sum, as ik_csum_partial() gives it.
 */
static inline __attribute__((always_inline)) uint32_t
ik_csum_pass(uint8_t *d, const uint8_t *p, size_t len, uint32_t acc, const bool copy)
{
	uint64_t a = 0, b = 0, w, v;
	uint32_t h, x;
	uint16_t q;

	for (; len >= 16; p += 16, len -= 16) {
		__builtin_memcpy(&w, p, 8);
		__builtin_memcpy(&v, p + 8, 8);
		if (copy) {
			__builtin_memcpy(d, &w, 8);
			__builtin_memcpy(d + 8, &v, 8);
			d += 16;
		}
		a += (w & 0xffffffffu) + (v & 0xffffffffu);
		b += (w >> 32) + (v >> 32);
	}
	if (len & 8) {
		__builtin_memcpy(&w, p, 8);
		if (copy) {
			__builtin_memcpy(d, &w, 8);
			d += 8;
		}
		a += w & 0xffffffffu;
		b += w >> 32;
		p += 8;
	}
	if (len & 4) {
		__builtin_memcpy(&h, p, 4);
		if (copy) {
			__builtin_memcpy(d, &h, 4);
			d += 4;
		}
		a += h;
		p += 4;
	}
	if (len & 2) {
		__builtin_memcpy(&q, p, 2);
		if (copy) {
			__builtin_memcpy(d, &q, 2);
			d += 2;
		}
		b += q;
		p += 2;
	}
	if (len & 1) {
		if (copy)
			*d = *p;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		a += *p;
#else
		a += (uint32_t)*p << 8;
#endif
	}
	/* fold the native-order sum, then add it to @acc in network order */
	a += b;
	a = (a & 0xffffffffu) + (a >> 32);
	a = (a & 0xffffffffu) + (a >> 32);
	x = (uint32_t)((a & 0xffffu) + (a >> 16));
	x = (x & 0xffffu) + (x >> 16);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	x = ((x >> 8) | (x << 8)) & 0xffffu;
#endif
	acc = (acc & 0xffffu) + (acc >> 16);
	x += (acc & 0xffffu) + (acc >> 16);
	x = (x & 0xffffu) + (x >> 16);
	return (x & 0xffffu) + (x >> 16);
}

/**
 * ik_csum_copy() - copy @len octets from @src to @dst and add them to a
 * partial sum, short buffers in one inline pass (Linux csum_partial_copy)
 * @dst: destination; may overlap @src
 * @src: data, any alignment
 * @len: octets; odd only for the last chunk
 * @acc: partial sum so far, as ik_csum_partial() gives it (0 to start)
 *
 * Return: the new partial sum, as ik_csum_partial() gives it.
 */
static inline uint32_t ik_csum_copy(void *dst, const void *src, size_t len, uint32_t acc)
{
	const uint8_t *p = (const uint8_t *)src;
	uint8_t *d = (uint8_t *)dst;

	if (len > IK_CSUM_COPY_INLINE_MAX || (d > p && d < p + len))
		return ik_csum_copy_long(dst, src, len, acc);
	return ik_csum_pass(d, p, len, acc, true);
}

/**
 * ik_csum_short() - ik_csum_partial() inline for a short buffer (a header, a
 * small datagram): no call, no kernel dispatch
 * @buf: data, any alignment
 * @len: octets; odd only for the last chunk
 * @acc: partial sum so far (0 to start)
 *
 * Return: the new partial sum, as ik_csum_partial() gives it.
 */
static inline uint32_t ik_csum_short(const void *buf, size_t len, uint32_t acc)
{
	if (len > IK_CSUM_COPY_INLINE_MAX)
		return ik_csum_partial(buf, len, acc);
	return ik_csum_pass(NULL, (const uint8_t *)buf, len, acc, false);
}

/**
 * ik_csum_finish() - complement a partial sum into a checksum field value
 * @acc: partial sum
 *
 * Return: the value to store in a checksum field.
 */
static inline uint16_t ik_csum_finish(uint32_t acc)
{
	uint64_t x = acc;

	x = (x & 0xffffu) + (x >> 16);
	x = (x & 0xffffu) + (x >> 16);
	return (uint16_t)~((x & 0xffffu) + (x >> 16));
}

/**
 * ik_csum() - checksum of one buffer
 * @buf: data
 * @len: octets
 *
 * Return: the checksum of @buf. Over a buffer whose checksum field is
 * already filled, 0 means the checksum is correct.
 */
uint16_t ik_csum(const void *buf, size_t len);

/**
 * ik_csum_pseudo() - partial sum of the IPv4 pseudo-header (RFC 768)
 * @src:   source address, host order
 * @dst:   destination address, host order
 * @proto: IP protocol number
 * @len:   upper-layer length
 *
 * Return: partial sum, to pass as @acc to ik_csum_partial().
 */
uint32_t ik_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len);

/**
 * ik_csum_update16() - RFC 1624 eqn. 3 incremental update
 * @csum: current checksum field value
 * @old:  16-bit word being replaced
 * @nv:   its new value
 *
 * Return: the checksum field value after the change.
 */
static inline uint16_t ik_csum_update16(uint16_t csum, uint16_t old, uint16_t nv)
{
	uint32_t x = (uint32_t)(uint16_t)~csum + (uint16_t)~old + nv;

	x = (x & 0xffffu) + (x >> 16);
	return (uint16_t)~((x & 0xffffu) + (x >> 16));
}

/**
 * ik_csum_update32() - incremental update for a 32-bit field (an address)
 * @csum: current checksum field value
 * @old:  32-bit field being replaced
 * @nv:   its new value
 *
 * Return: the checksum field value after the change.
 */
uint16_t ik_csum_update32(uint16_t csum, uint32_t old, uint32_t nv);

/**
 * ik_csum_partial_with() - ik_csum_partial() through one implementation
 * @impl: implementation; must be available (IK_CSUM_AUTO: the dispatcher,
 *        exactly as ik_csum_partial())
 * @buf:  data
 * @len:  octets
 * @acc:  partial sum so far
 *
 * Return: the new partial sum. For tests and benchmarks.
 */
uint32_t ik_csum_partial_with(enum ik_csum_impl impl, const void *buf, size_t len, uint32_t acc);

/**
 * ik_csum_available() - whether this CPU can run @impl
 * @impl: implementation
 *
 * Return: true if available (IK_CSUM_AUTO and PORTABLE always are).
 */
bool ik_csum_available(enum ik_csum_impl impl);

/**
 * ik_csum_impl_for() - the implementation ik_csum_partial() uses for @len
 * octets on this CPU
 * @len: octets
 *
 * Return: IK_CSUM_AVX512, IK_CSUM_AVX2 or IK_CSUM_PORTABLE, never
 * IK_CSUM_AUTO.
 */
enum ik_csum_impl ik_csum_impl_for(size_t len);

/**
 * ik_csum_impl_name() - short name of an implementation
 * @impl: implementation; IK_CSUM_AUTO names the one the dispatcher uses for
 *        the longest buffers
 *
 * Return: "portable", "avx2" or "avx512" ("unknown" out of range).
 */
const char *ik_csum_impl_name(enum ik_csum_impl impl);

#ifdef __cplusplus
}
#endif
#endif
