/* SPDX-License-Identifier: MIT */
/* refsum.h - a reference Internet checksum for tests, independent of the
 * library's kernels, so a test that checks a checksum cannot agree with a
 * broken implementation by sharing it */
#ifndef ICMPKIT_TEST_REFSUM_H
#define ICMPKIT_TEST_REFSUM_H

#include <stddef.h>
#include <stdint.h>

/**
 * ref_sum() - RFC 1071 sum of big-endian 16-bit words written out plainly,
 * a last odd octet padded with zero, not folded
 * @p:   data
 * @n:   octets
 * @acc: running sum to add to
 *
 * Return: @acc plus the words.
 */
static inline uint64_t ref_sum(const uint8_t *p, size_t n, uint64_t acc)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		acc += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		acc += (uint32_t)p[n - 1] << 8;
	return acc;
}

/**
 * ref_fold16() - fold a sum to 16 bits, end-around carry, not complemented
 * @acc: sum
 * Return: the folded sum.
 */
static inline uint16_t ref_fold16(uint64_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffffu) + (acc >> 16);
	return (uint16_t)acc;
}

/**
 * ref_fold() - a sum as a checksum field: folded and complemented
 * @acc: sum
 * Return: the field value.
 */
static inline uint16_t ref_fold(uint64_t acc)
{
	return (uint16_t)~ref_fold16(acc);
}

/**
 * ref_csum() - the Internet checksum of @p
 * @p: data
 * @n: octets
 *
 * Return: the checksum; over data whose checksum field is filled, 0 when
 * that field is right.
 */
static inline uint16_t ref_csum(const uint8_t *p, size_t n)
{
	return ref_fold(ref_sum(p, n, 0));
}

/**
 * ref_udp_csum() - the UDP checksum from first principles (RFC 768): the
 * pseudo-header and the datagram, its checksum field counted as zero, a
 * computed 0 sent as 0xffff
 * @src/@dst: addresses
 * @udp:      header and data
 * @n:        octets (at least 8)
 *
 * Return: the field value.
 */
static inline uint16_t ref_udp_csum(uint32_t src, uint32_t dst, const uint8_t *udp, size_t n)
{
	uint64_t s = (src >> 16) + (src & 0xffffu) + (dst >> 16) + (dst & 0xffffu) + 17 + n;
	uint16_t c;

	s = ref_sum(udp, 6, s);
	s = ref_sum(udp + 8, n - 8, s);
	c = ref_fold(s);
	return c ? c : 0xffff;
}

/**
 * ref_tcp_csum() - the TCP checksum from first principles (RFC 9293
 * §3.1): the 96-bit pseudo-header (source, destination, zero, protocol 6,
 * TCP length), then the header and data with octets 16-17 (the checksum
 * field) counted as zero; unlike UDP's, a computed 0 stays 0
 * @src/@dst: addresses
 * @tcp:      header and data
 * @n:        octets (at least 18)
 *
 * Return: the field value.
 */
static inline uint16_t ref_tcp_csum(uint32_t src, uint32_t dst, const uint8_t *tcp, size_t n)
{
	uint8_t pseudo[12];
	uint64_t s;

	pseudo[0] = (uint8_t)(src >> 24);
	pseudo[1] = (uint8_t)(src >> 16);
	pseudo[2] = (uint8_t)(src >> 8);
	pseudo[3] = (uint8_t)src;
	pseudo[4] = (uint8_t)(dst >> 24);
	pseudo[5] = (uint8_t)(dst >> 16);
	pseudo[6] = (uint8_t)(dst >> 8);
	pseudo[7] = (uint8_t)dst;
	pseudo[8] = 0;
	pseudo[9] = 6;
	pseudo[10] = (uint8_t)(n >> 8);
	pseudo[11] = (uint8_t)n;
	s = ref_sum(pseudo, sizeof(pseudo), 0);
	s = ref_sum(tcp, 16, s);
	s = ref_sum(tcp + 18, n - 18, s);
	return ref_fold(s);
}

#endif
