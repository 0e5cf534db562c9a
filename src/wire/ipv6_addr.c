// SPDX-License-Identifier: MIT
/* ipv6_addr.c - IPv6 addresses as text: RFC 4291 §2.2 in, RFC 5952 out */
#include <stdio.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/ipv6.h"

char *ik_ipv6_addr_str(const uint8_t a[16], char *out)
{
	uint16_t g[8];
	int best = -1, blen = 0;
	char *o = out;

	for (int i = 0; i < 8; i++)
		g[i] = ik_get16(a + 2 * i);
	/* IPv4-mapped (RFC 5952 §5): the low 32 bits as a dotted quad */
	if (!g[0] && !g[1] && !g[2] && !g[3] && !g[4] && g[5] == 0xffff) {
		snprintf(out, IK_IPV6_ADDR_STRLEN, "::ffff:%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
		return out;
	}
	/* the longest run of two or more zero groups, the first of equals */
	for (int i = 0; i < 8;) {
		int j = i;

		while (j < 8 && !g[j])
			j++;
		if (j - i > blen && j - i >= 2) {
			best = i;
			blen = j - i;
		}
		i = j > i ? j : i + 1;
	}
	for (int i = 0; i < 8; i++) {
		if (i == best) {
			*o++ = ':';
			*o++ = ':';
			i += blen - 1;
			continue;
		}
		if (i && i != best + blen)
			*o++ = ':';
		o += snprintf(o, 6, "%x", g[i]);
	}
	*o = '\0';
	return out;
}

int ik_ipv6_addr_parse(const char *s, uint8_t out[16])
{
	uint16_t g[8] = { 0 };
	int n = 0, gap = -1;
	const char *p = s;

	if (!s || !out)
		return -IK_EINVAL;
	if (p[0] == ':') {
		if (p[1] != ':')
			return -IK_EINVAL;
		gap = 0;
		p += 2;
	}
	while (*p) {
		const char *q = p;
		unsigned v = 0;
		int d = 0, x;

		while (d < 5 && (x = ik_hexval((unsigned char)*q)) >= 0) {
			v = v * 16 + (unsigned)x;
			d++;
			q++;
		}
		if (*q == '.') {
			/* the last 32 bits as an IPv4 dotted quad */
			uint32_t a4;

			if (n > 6 || ik_ipv4_addr_parse(p, &a4) < 0)
				return -IK_EINVAL;
			g[n++] = (uint16_t)(a4 >> 16);
			g[n++] = (uint16_t)a4;
			break;
		}
		if (d == 0 || d > 4 || n == 8)
			return -IK_EINVAL;
		g[n++] = (uint16_t)v;
		p = q;
		if (!*p)
			break;
		if (*p++ != ':' || !*p)
			return -IK_EINVAL; /* not a separator, or one at the end */
		if (*p == ':') {
			if (gap >= 0)
				return -IK_EINVAL; /* "::" only once */
			gap = n;
			p++;
		}
	}
	if (gap < 0 ? n != 8 : n > 7)
		return -IK_EINVAL;
	memset(out, 0, 16);
	for (int i = 0; i < n; i++) {
		int at = gap >= 0 && i >= gap ? 8 - (n - i) : i;

		ik_put16(out + 2 * at, g[i]);
	}
	return 0;
}
