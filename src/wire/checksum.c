// SPDX-License-Identifier: MIT
/*
 * checksum.c - Internet checksum (RFC 1071): the portable kernel, the
 * run-time choice among kernels, the pseudo-header sum (RFC 768) and the
 * incremental update (RFC 1624).
 */
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "icmpkit/checksum.h"
#include "wire/checksum_impl.h"

typedef uint32_t (*native_fn)(const uint8_t *p, size_t len);

_Static_assert(IK_CSUM_SMALL <= IK_CSUM_AVX2_MIN && IK_CSUM_SMALL <= IK_CSUM_AVX512_MIN,
	       "short buffers go to the C loop only where every kernel would send them");

/**
 * ld32() - native-order 32-bit load at any alignment
 * @p: first octet
 *
 * Return: the value.
 */
static inline uint32_t ld32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/**
 * ld16() - native-order 16-bit load at any alignment
 * @p: first octet
 *
 * Return: the value.
 */
static inline uint32_t ld16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/**
 * sum_block() - native-order sum of at most IK_CSUM_BLOCK octets
 * @p:   data
 * @len: octets (<= IK_CSUM_BLOCK), odd allowed
 *
 * 32-bit words go into four independent 64-bit accumulators, so no carry
 * is ever lost: each receives at most len / 16 + 2 words below 2^32, which
 * stays below 2^59, and their total below 2^61. The tail is taken by the
 * bits of @len, so short buffers cost a few predictable branches.
 *
 * Return: the unfolded sum.
 */
static uint64_t sum_block(const uint8_t *p, size_t len)
{
	uint64_t a = 0, b = 0, c = 0, d = 0;

	for (; len >= 32; p += 32, len -= 32) {
		a += ld32(p);
		b += ld32(p + 4);
		c += ld32(p + 8);
		d += ld32(p + 12);
		a += ld32(p + 16);
		b += ld32(p + 20);
		c += ld32(p + 24);
		d += ld32(p + 28);
	}
	if (len & 16) {
		a += ld32(p);
		b += ld32(p + 4);
		c += ld32(p + 8);
		d += ld32(p + 12);
		p += 16;
	}
	if (len & 8) {
		a += ld32(p);
		b += ld32(p + 4);
		p += 8;
	}
	if (len & 4) {
		c += ld32(p);
		p += 4;
	}
	if (len & 2) {
		d += ld16(p);
		p += 2;
	}
	if (len & 1)
		a += ik_csum_native_odd(p[0]);
	return a + b + c + d;
}

/**
 * ik_csum_native_portable() - native-order sum in plain C
 * @p:   data, any alignment
 * @len: octets, odd allowed
 *
 * Return: folded native-order sum, at most 0xffff.
 */
uint32_t ik_csum_native_portable(const uint8_t *p, size_t len)
{
	uint64_t s = 0;

	/* Each block folds to < 2^16, so s cannot overflow. */
	while (len > IK_CSUM_BLOCK) {
		s += ik_csum_fold64(sum_block(p, IK_CSUM_BLOCK));
		p += IK_CSUM_BLOCK;
		len -= IK_CSUM_BLOCK;
	}
	s += ik_csum_fold64(sum_block(p, len));
	return ik_csum_fold64(s);
}

/**
 * cpu_has() - whether the CPU (and OS) can run a kernel
 * @impl: implementation other than IK_CSUM_AUTO
 *
 * Return: true if it can.
 */
static bool cpu_has(enum ik_csum_impl impl)
{
	switch (impl) {
	case IK_CSUM_PORTABLE:
		return true;
#if defined(__x86_64__)
	case IK_CSUM_AVX2:
		__builtin_cpu_init();
		return __builtin_cpu_supports("avx2");
	case IK_CSUM_AVX512:
		__builtin_cpu_init();
		return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw");
#endif
	default:
		return false;
	}
}

/**
 * cpu_set() - the implementations this CPU runs, as ik_csum_choose() takes
 *
 * Return: bit (1u << impl) set for each.
 */
static unsigned cpu_set(void)
{
	unsigned have = 0;

	for (int i = IK_CSUM_PORTABLE; i < IK_CSUM_NIMPL; i++)
		if (cpu_has((enum ik_csum_impl)i))
			have |= 1u << i;
	return have;
}

_Static_assert(IK_CSUM_AUTO_AVX2_FROM <= IK_CSUM_AUTO_AVX512_FROM,
	       "the wider kernel takes over at the longer length");
_Static_assert(IK_CSUM_AUTO_AVX2_FROM >= IK_CSUM_AVX2_MIN &&
	       IK_CSUM_AUTO_AVX512_FROM >= IK_CSUM_AVX512_MIN,
	       "the dispatcher never picks a kernel for a length it hands to the C loop");

/**
 * ik_csum_choose() - the implementation the dispatcher uses for @len octets
 * @len:  octets
 * @have: the implementations the CPU runs, bit (1u << impl) for each
 *        (IK_CSUM_PORTABLE's bit is implied)
 *
 * The widest kernel the CPU runs whose crossover @len has reached.
 *
 * Return: IK_CSUM_AVX512, IK_CSUM_AVX2 or IK_CSUM_PORTABLE.
 */
enum ik_csum_impl ik_csum_choose(size_t len, unsigned have)
{
	if (len >= IK_CSUM_AUTO_AVX512_FROM && (have & (1u << IK_CSUM_AVX512)))
		return IK_CSUM_AVX512;
	if (len >= IK_CSUM_AUTO_AVX2_FROM && (have & (1u << IK_CSUM_AVX2)))
		return IK_CSUM_AVX2;
	return IK_CSUM_PORTABLE;
}

/**
 * best_impl() - the kernel the dispatcher uses for the longest buffers
 *
 * Return: IK_CSUM_AVX512, IK_CSUM_AVX2 or IK_CSUM_PORTABLE.
 */
static enum ik_csum_impl best_impl(void)
{
	return ik_csum_choose(SIZE_MAX, cpu_set());
}

/**
 * pick() - the kernel function of an implementation
 * @impl: implementation other than IK_CSUM_AUTO; anything not runnable
 *        gives the portable kernel
 *
 * Return: the function.
 */
static native_fn pick(enum ik_csum_impl impl)
{
	if (!cpu_has(impl))
		return ik_csum_native_portable;
	switch (impl) {
	case IK_CSUM_AVX2:
		return ik_csum_native_avx2;
	case IK_CSUM_AVX512:
		return ik_csum_native_avx512;
	default:
		return ik_csum_native_portable;
	}
}

/*
 * The dispatcher's length classes: below IK_CSUM_AUTO_AVX2_FROM (the C
 * loop, not cached), below IK_CSUM_AUTO_AVX512_FROM, and the rest.
 */
enum { CLASS_MID, CLASS_LONG, NCLASS };

/* Kernels chosen at the first call: by implementation, and by length class. */
static _Atomic(native_fn) kernels[IK_CSUM_NIMPL];
static _Atomic(native_fn) by_class[NCLASS];

/**
 * kernel_slow() - choose and cache a kernel
 * @slot: the cache entry
 * @impl: its implementation, IK_CSUM_AUTO excluded
 *
 * Kept out of line so the fast path needs no stack frame. Racing first calls
 * all store the same pointer, so relaxed order is enough.
 *
 * Return: the function.
 */
static __attribute__((noinline, cold)) native_fn kernel_slow(_Atomic(native_fn) *slot,
							     enum ik_csum_impl impl)
{
	native_fn f = pick(impl);

	atomic_store_explicit(slot, f, memory_order_relaxed);
	return f;
}

/**
 * kernel() - the cached kernel of an implementation
 * @impl: implementation other than IK_CSUM_AUTO; out of range gives the
 *        portable kernel
 *
 * Return: the function.
 */
static inline native_fn kernel(enum ik_csum_impl impl)
{
	native_fn f;

	if ((unsigned)impl >= IK_CSUM_NIMPL || impl == IK_CSUM_AUTO)
		impl = IK_CSUM_PORTABLE;
	f = atomic_load_explicit(&kernels[impl], memory_order_relaxed);
	if (__builtin_expect(f == NULL, 0))
		f = kernel_slow(&kernels[impl], impl);
	return f;
}

/**
 * auto_kernel() - the cached kernel the dispatcher uses for @len octets
 * @len: octets, at least IK_CSUM_AUTO_AVX2_FROM
 *
 * Return: the function.
 */
static inline native_fn auto_kernel(size_t len)
{
	unsigned c = len >= IK_CSUM_AUTO_AVX512_FROM ? CLASS_LONG : CLASS_MID;
	native_fn f = atomic_load_explicit(&by_class[c], memory_order_relaxed);

	if (__builtin_expect(f == NULL, 0))
		f = kernel_slow(&by_class[c], ik_csum_choose(len, cpu_set()));
	return f;
}

/**
 * combine() - add a kernel's native-order sum to a partial sum
 * @native: folded native-order sum from a kernel (<= 0xffff)
 * @acc:    partial sum so far, network-order value (any 32-bit value)
 *
 * Return: the new partial sum, at most 0xffff.
 */
static inline uint32_t combine(uint32_t native, uint32_t acc)
{
	uint32_t s;

	acc = (acc & 0xffffu) + (acc >> 16); /* <= 0x1fffe */
	acc = (acc & 0xffffu) + (acc >> 16); /* <= 0xffff */
	s = native + ik_csum_swap16(acc);       /* <= 0x1fffe */
	s = (s & 0xffffu) + (s >> 16);       /* <= 0xffff */
	return ik_csum_swap16(s);
}

/**
 * ik_csum_partial() - add @len octets at @buf to a partial sum
 * @buf: data, any alignment
 * @len: octets; odd only for the last chunk
 * @acc: partial sum so far (0 to start)
 *
 * Return: the new partial sum, at most 0xffff.
 */
uint32_t ik_csum_partial(const void *buf, size_t len, uint32_t acc)
{
	if (len < IK_CSUM_AUTO_AVX2_FROM) /* the C loop is fastest here */
		return combine(ik_csum_native_portable(buf, len), acc);
	return combine(auto_kernel(len)(buf, len), acc);
}

/**
 * ik_csum_copy_long() - copy and add to a partial sum: memmove() and the
 * dispatcher's kernel
 * @dst: destination; @src: data; @len: octets; @acc: partial sum so far
 *
 * Return: the new partial sum.
 */
uint32_t ik_csum_copy_long(void *dst, const void *src, size_t len, uint32_t acc)
{
	acc = ik_csum_partial(src, len, acc);
	memmove(dst, src, len);
	return acc;
}

/**
 * ik_csum_partial_with() - ik_csum_partial() through one implementation
 * @impl: implementation; IK_CSUM_AUTO is the dispatcher (ik_csum_partial());
 *        one the CPU cannot run falls back to portable C
 * @buf:  data
 * @len:  octets
 * @acc:  partial sum so far
 *
 * Return: the new partial sum.
 */
uint32_t ik_csum_partial_with(enum ik_csum_impl impl, const void *buf, size_t len, uint32_t acc)
{
	if (impl == IK_CSUM_AUTO)
		return ik_csum_partial(buf, len, acc);
	if (len < IK_CSUM_SMALL) /* every kernel would hand it to the C loop */
		return combine(ik_csum_native_portable(buf, len), acc);
	return combine(kernel(impl)(buf, len), acc);
}

/**
 * ik_csum_available() - whether this CPU can run @impl
 * @impl: implementation
 *
 * Return: true if available (IK_CSUM_AUTO and PORTABLE always are).
 */
bool ik_csum_available(enum ik_csum_impl impl)
{
	return impl == IK_CSUM_AUTO || cpu_has(impl);
}

/**
 * ik_csum_impl_for() - the implementation ik_csum_partial() uses for @len
 * @len: octets
 *
 * Return: IK_CSUM_AVX512, IK_CSUM_AVX2 or IK_CSUM_PORTABLE.
 */
enum ik_csum_impl ik_csum_impl_for(size_t len)
{
	return ik_csum_choose(len, cpu_set());
}

/**
 * ik_csum_impl_name() - short name of an implementation
 * @impl: implementation; IK_CSUM_AUTO names the one chosen for the longest
 *        buffers
 *
 * Return: "portable", "avx2", "avx512", or "unknown" out of range.
 */
const char *ik_csum_impl_name(enum ik_csum_impl impl)
{
	if (impl == IK_CSUM_AUTO)
		impl = best_impl();
	switch (impl) {
	case IK_CSUM_PORTABLE:
		return "portable";
	case IK_CSUM_AVX2:
		return "avx2";
	case IK_CSUM_AVX512:
		return "avx512";
	default:
		return "unknown";
	}
}


/**
 * ik_csum() - checksum of one buffer
 * @buf: data
 * @len: octets
 *
 * Return: the checksum; 0 over a buffer whose checksum field is correct.
 */
uint16_t ik_csum(const void *buf, size_t len)
{
	return ik_csum_finish(ik_csum_partial(buf, len, 0));
}

/**
 * ik_csum_pseudo() - partial sum of the IPv4 pseudo-header (RFC 768)
 * @src:   source address, host order
 * @dst:   destination address, host order
 * @proto: IP protocol number
 * @len:   upper-layer length
 *
 * Return: partial sum, to pass as @acc to ik_csum_partial().
 */
uint32_t ik_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len)
{
	/* Words: src hi, src lo, dst hi, dst lo, 0x00|proto, length. */
	uint64_t s = (uint64_t)(src >> 16) + (src & 0xffffu) + (dst >> 16) + (dst & 0xffffu) +
		     proto + len;

	return ik_csum_fold64(s);
}


/**
 * ik_csum_update32() - incremental update for a 32-bit field (an address)
 * @csum: current checksum field value
 * @old:  32-bit field being replaced
 * @new:  its new value
 *
 * Eqn. 3 with both halves of the field at once.
 *
 * Return: the checksum field value after the change.
 */
uint16_t ik_csum_update32(uint16_t csum, uint32_t old, uint32_t new)
{
	uint64_t s = (uint64_t)(uint16_t)~csum + (uint16_t)~(old >> 16) + (uint16_t)~old +
		     (new >> 16) + (new & 0xffffu);

	return (uint16_t)~ik_csum_fold64(s);
}
