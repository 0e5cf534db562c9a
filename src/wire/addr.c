// SPDX-License-Identifier: MIT
/* addr.c - IPv4 addresses as dotted quads, both ways */
#include <stdio.h>
#include <string.h>

#include "icmpkit/ipv4.h"

/**
 * ik_ipv4_addr_str() - dotted quad
 * @a:   address, host order
 * @out: at least 16 octets
 *
 * Return: @out.
 */
char *ik_ipv4_addr_str(uint32_t a, char *out)
{
	char *p = out;

	for (int shift = 24; shift >= 0; shift -= 8) {
		unsigned v = (a >> shift) & 0xffu;

		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
		*p++ = shift ? '.' : 0;
	}
	return out;
}

/**
 * ik_ipv4_addr_parse() - parse a dotted quad
 * @s:   text
 * @out: address, host order
 *
 * Strict: exactly four decimal octets 0..255 separated by single dots, no
 * sign, no leading zero (so "010" cannot be taken for octal), nothing before
 * or after.
 *
 * Return: 0, or -IK_EINVAL.
 */
int ik_ipv4_addr_parse(const char *s, uint32_t *out)
{
	uint32_t a = 0;

	if (!s || !out)
		return -IK_EINVAL;
	for (int i = 0; i < 4; i++) {
		unsigned v = 0, digits = 0;

		if (i > 0 && *s++ != '.')
			return -IK_EINVAL;
		while (*s >= '0' && *s <= '9') {
			if (digits == 1 && v == 0)
				return -IK_EINVAL; /* leading zero */
			if (++digits > 3)
				return -IK_EINVAL;
			v = v * 10 + (unsigned)(*s++ - '0');
		}
		if (digits == 0 || v > 255)
			return -IK_EINVAL;
		a = a << 8 | v;
	}
	if (*s != '\0')
		return -IK_EINVAL;
	*out = a;
	return 0;
}

/**
 * ik_ipv4_prefix_parse() - parse "A.B.C.D/LEN" or a bare "A.B.C.D"
 * @s:      text
 * @addr:   address out, host order
 * @prefix: LEN out (1..32), 0 for a bare address
 *
 * Return: 0, or -IK_EINVAL (nothing written).
 */
int ik_ipv4_prefix_parse(const char *s, uint32_t *addr, unsigned *prefix)
{
	char buf[16];
	const char *slash, *d;
	unsigned len = 0;
	uint32_t a;
	size_t n;

	if (!s || !addr || !prefix)
		return -IK_EINVAL;
	slash = strchr(s, '/');
	n = slash ? (size_t)(slash - s) : strlen(s);
	if (n >= sizeof(buf))
		return -IK_EINVAL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (ik_ipv4_addr_parse(buf, &a) < 0)
		return -IK_EINVAL;
	if (slash) {
		d = slash + 1;
		if (*d < '1' || *d > '9')
			return -IK_EINVAL;
		for (; *d >= '0' && *d <= '9'; d++) {
			len = len * 10 + (unsigned)(*d - '0');
			if (len > 32)
				return -IK_EINVAL;
		}
		if (*d)
			return -IK_EINVAL;
	}
	*addr = a;
	*prefix = len;
	return 0;
}
