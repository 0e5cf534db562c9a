/* SPDX-License-Identifier: MIT */
/**
 * DOC: big-endian loads and stores on unaligned buffers
 * Layer: wire (include/icmpkit/README.md)
 *
 * Packets are read and written through these helpers only: they are safe on
 * any alignment and compile to a single load or store plus a byte swap
 * (memcpy() of 2 or 4 octets is one move; the swap one instruction).
 */
#ifndef ICMPKIT_BYTES_H
#define ICMPKIT_BYTES_H

#include <stdint.h>
#include <string.h>

#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define IK_BE16(v) __builtin_bswap16(v)
#define IK_BE32(v) __builtin_bswap32(v)
#else
#define IK_BE16(v) (v)
#define IK_BE32(v) (v)
#endif

/**
 * ik_get16() - read a big-endian 16-bit value
 * @p: first octet
 *
 * Return: the value in host order.
 */
static inline uint16_t ik_get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return (uint16_t)IK_BE16(v);
}

/**
 * ik_get32() - read a big-endian 32-bit value
 * @p: first octet
 *
 * Return: the value in host order.
 */
static inline uint32_t ik_get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return IK_BE32(v);
}

/**
 * ik_get64() - read a big-endian 64-bit value
 * @p: first octet
 *
 * Return: the value in host order.
 */
static inline uint64_t ik_get64(const uint8_t *p)
{
	return (uint64_t)ik_get32(p) << 32 | ik_get32(p + 4);
}

/**
 * ik_put16() - write a 16-bit value big-endian
 * @p: first octet
 * @v: value in host order
 */
static inline void ik_put16(uint8_t *p, uint16_t v)
{
	v = (uint16_t)IK_BE16(v);
	memcpy(p, &v, 2);
}

/**
 * ik_put32() - write a 32-bit value big-endian
 * @p: first octet
 * @v: value in host order
 */
static inline void ik_put32(uint8_t *p, uint32_t v)
{
	v = IK_BE32(v);
	memcpy(p, &v, 4);
}

/**
 * ik_hexval() - the value of a hex digit (either case)
 * @c: character
 *
 * Return: 0..15, or -1 when @c is not a hex digit.
 */
static inline int ik_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
