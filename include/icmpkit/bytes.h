/* SPDX-License-Identifier: MIT */
/**
 * DOC: big-endian loads and stores on unaligned buffers
 * Layer: wire (include/icmpkit/README.md)
 *
 * Packets are read and written through these helpers only: they are safe on
 * any alignment and compile to a single load plus byte swap.
 */
#ifndef ICMPKIT_BYTES_H
#define ICMPKIT_BYTES_H

#include <stdint.h>

/**
 * ik_get16() - read a big-endian 16-bit value
 * @p: first octet
 *
 * Return: the value in host order.
 */
static inline uint16_t ik_get16(const uint8_t *p)
{
	return (uint16_t)((uint16_t)p[0] << 8 | p[1]);
}

/**
 * ik_get32() - read a big-endian 32-bit value
 * @p: first octet
 *
 * Return: the value in host order.
 */
static inline uint32_t ik_get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/**
 * ik_put16() - write a 16-bit value big-endian
 * @p: first octet
 * @v: value in host order
 */
static inline void ik_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/**
 * ik_put32() - write a 32-bit value big-endian
 * @p: first octet
 * @v: value in host order
 */
static inline void ik_put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

#endif
