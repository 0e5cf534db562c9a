/* SPDX-License-Identifier: MIT */
/* refsum.h - a reference Internet checksum for tests, independent of the
 * library's kernels, so a test that checks a checksum cannot agree with a
 * broken implementation by sharing it */
#ifndef ICMPKIT_TEST_REFSUM_H
#define ICMPKIT_TEST_REFSUM_H

#include <stddef.h>
#include <stdint.h>

/**
 * ref_csum() - the Internet checksum written out plainly (RFC 1071),
 * independent of the library's kernels
 * @p: data
 * @n: octets
 *
 * Return: the checksum; over data whose checksum field is filled, 0 when
 * that field is right.
 */
static inline uint16_t ref_csum(const uint8_t *p, size_t n)
{
	uint32_t s = 0;

	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffffu) + (s >> 16);
	return (uint16_t)(~s & 0xffffu);
}

#endif
