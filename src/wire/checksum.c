// SPDX-License-Identifier: MIT
/* checksum.c - Internet checksum: portable path (placeholder for dispatch) */
#include <stdbool.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"

static uint32_t fold(uint64_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint32_t)s;
}

uint32_t ik_csum_partial(const void *buf, size_t len, uint32_t acc)
{
	const uint8_t *p = buf;
	uint64_t s = acc;

	for (; len >= 2; len -= 2, p += 2)
		s += ik_get16(p);
	if (len)
		s += (uint32_t)p[0] << 8;
	return fold(s);
}

uint16_t ik_csum_finish(uint32_t acc)
{
	return (uint16_t)~fold(acc);
}

uint16_t ik_csum(const void *buf, size_t len)
{
	return ik_csum_finish(ik_csum_partial(buf, len, 0));
}

uint32_t ik_csum_pseudo(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len)
{
	uint64_t s = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto + len;

	return fold(s);
}
