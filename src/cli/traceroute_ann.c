// SPDX-License-Identifier: MIT
/* traceroute_ann.c - `icmpkit traceroute`: annotations and RFC 4884 extensions as text */
#include <stdarg.h>
#include <string.h>

#include "icmpkit/icmp.h"

#include "traceroute.h"

/**
 * tr_unreach_ann() - traceroute 2.x's annotation of a Destination Unreachable
 * @code: ICMP code; @mtu: Next-Hop MTU (code 4); @buf / @len: output
 *
 * Return: @buf ("" for Port Unreachable).
 */
const char *tr_unreach_ann(uint8_t code, unsigned mtu, char *buf, size_t len)
{
	const char *s;

	switch (code) {
	case IK_UNREACH_PORT: s = ""; break;
	case IK_UNREACH_NET: case IK_UNREACH_NET_UNKNOWN: case IK_UNREACH_ISOLATED:
	case IK_UNREACH_TOSNET: s = "!N"; break;
	case IK_UNREACH_HOST: case IK_UNREACH_HOST_UNKNOWN: case IK_UNREACH_TOSHOST:
		s = "!H"; break;
	case IK_UNREACH_PROTO: s = "!P"; break;
	case IK_UNREACH_SRCFAIL: s = "!S"; break;
	case IK_UNREACH_NET_PROHIB: case IK_UNREACH_HOST_PROHIB: case IK_UNREACH_FILTER_PROHIB:
		s = "!X"; break;
	case IK_UNREACH_HOST_PRECEDENCE: s = "!V"; break;
	case IK_UNREACH_PRECEDENCE_CUTOFF: s = "!C"; break;
	case IK_UNREACH_NEEDFRAG:
		snprintf(buf, len, "!F-%u", mtu);
		return buf;
	default:
		snprintf(buf, len, "!<%u>", code);
		return buf;
	}
	snprintf(buf, len, "%s", s);
	return buf;
}

/**
 * put() - append to a bounded buffer
 * @buf / @cap / @n: buffer, size, used (advanced, never past @cap - 1); @fmt: printf format
 */
static void __attribute__((format(printf, 4, 5))) put(char *buf, size_t cap, size_t *n,
						      const char *fmt, ...)
{
	va_list ap;
	int w;

	if (*n + 1 >= cap)
		return;
	va_start(ap, fmt);
	w = vsnprintf(buf + *n, cap - *n, fmt, ap);
	va_end(ap);
	if (w > 0)
		*n = *n + (size_t)w < cap ? *n + (size_t)w : cap - 1;
}

/**
 * fmt_mpls() - an RFC 4950 label stack: "MPLS:L=..,E=..,S=..,T=.." per
 * entry, "/" between entries (traceroute 2.x's form)
 * @o: the object; @buf / @cap / @n: output
 */
static void fmt_mpls(const struct ik_icmp_ext_obj *o, char *buf, size_t cap, size_t *n)
{
	put(buf, cap, n, "MPLS:");
	for (size_t off = 0; off + 4 <= o->payload_len; off += 4) {
		struct ik_mpls_entry e;

		ik_mpls_entry_get(o->payload + off, &e);
		put(buf, cap, n, "%sL=%u,E=%u,S=%u,T=%u", off ? "/" : "", e.label, e.tc, e.s,
		    e.ttl);
	}
}

/**
 * fmt_ifinfo() - an RFC 5837 interface information object: role, then
 * each field the C-Type announces (ifIndex, IPv4 address, name, MTU)
 * @o: the object; @buf / @cap / @n: output
 */
static void fmt_ifinfo(const struct ik_icmp_ext_obj *o, char *buf, size_t cap, size_t *n)
{
	static const char *const role[] = { "in", "sub", "out", "nexthop" };
	const uint8_t *p = o->payload;
	size_t len = o->payload_len, off = 0;

	put(buf, cap, n, "IF:role=%s", role[o->c_type >> 6]);
	if (o->c_type & 0x08) {
		if (off + 4 > len)
			{ put(buf, cap, n, ",truncated"); return; }
		put(buf, cap, n, ",index=%u", ik_get32(p + off));
		off += 4;
	}
	if (o->c_type & 0x04) {
		uint16_t afi;

		if (off + 4 > len)
			{ put(buf, cap, n, ",truncated"); return; }
		afi = ik_get16(p + off);
		if (afi == 1 && off + 8 <= len) {
			char a[16];

			put(buf, cap, n, ",addr=%s", ik_ipv4_addr_str(ik_get32(p + off + 4), a));
			off += 8;
		} else if (afi == 2 && off + 20 <= len) {
			put(buf, cap, n, ",addr=ipv6");
			off += 20;
		} else {
			{ put(buf, cap, n, ",addr=?"); return; }
		}
	}
	if (o->c_type & 0x02) {
		unsigned nl;

		if (off + 1 > len || (nl = p[off]) < 1 || off + nl > len)
			{ put(buf, cap, n, ",truncated"); return; }
		put(buf, cap, n, ",name=");
		for (unsigned k = 1; k < nl && p[off + k]; k++)
			put(buf, cap, n, "%c", p[off + k] >= 0x21 && p[off + k] < 0x7f ? p[off + k] : '?');
		off += nl;
	}
	if (o->c_type & 0x01) {
		if (off + 4 > len)
			{ put(buf, cap, n, ",truncated"); return; }
		put(buf, cap, n, ",mtu=%u", ik_get32(p + off));
	}
}

/**
 * tr_ext_format() - RFC 4884 extension objects as text, each in <...>
 * @ext / @len: the extension structure; @buf / @cap: output
 *
 * Return: the length written (0: nothing readable).
 */
size_t tr_ext_format(const uint8_t *ext, size_t len, char *buf, size_t cap)
{
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;
	size_t n = 0;

	buf[0] = '\0';
	if (ik_icmp_ext_iter_init(&it, ext, len, NULL) < 0)
		return 0;
	while (ik_icmp_ext_next(&it, &o, NULL) == 1) {
		put(buf, cap, &n, "%s<", n ? " " : "");
		if (o.class_num == IK_ICMP_EXT_CLASS_MPLS && o.c_type == 1)
			fmt_mpls(&o, buf, cap, &n);
		else if (o.class_num == IK_ICMP_EXT_CLASS_IFINFO)
			fmt_ifinfo(&o, buf, cap, &n);
		else
			put(buf, cap, &n, "%u/%u:%zu", o.class_num, o.c_type, o.payload_len);
		put(buf, cap, &n, ">");
	}
	return n;
}
