// SPDX-License-Identifier: MIT
/*
 * ipv6_probe.c - what the IPv6 and ICMPv6 wire parsers read from each
 * packet, for tests/ipv6_tshark.py to hold against tshark
 *
 * Input: one packet a line, in hex. Output: one line a packet, fields
 * separated by tabs, "-" where the parser has nothing: version, tclass,
 * flow, plen, nxt, hlim, src, dst, fragment offset (8-octet units), M,
 * ident, then for ICMPv6: type, code, checksum good (1) or bad (0),
 * echo identifier, sequence, MTU, pointer, NS/NA target, RA hop limit, RA
 * lifetime, and the Neighbor Discovery option types (comma-separated).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv6.h"

static size_t unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (s[0] && s[1] && n < cap) {
		unsigned v;

		if (sscanf(s, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static void icmpv6(const uint8_t *m, size_t len, const struct ik_ipv6_repr *ip)
{
	struct ik_icmpv6_repr r;
	char a[IK_IPV6_ADDR_STRLEN];
	int ok = ik_icmpv6_parse(m, len, ip->src, ip->dst, 0, &r, NULL) >= 0;

	if (!ok && ik_icmpv6_parse(m, len, ip->src, ip->dst, IK_ICMPV6_NO_CSUM, &r, NULL) < 0) {
		printf("\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-\t-");
		return;
	}
	printf("\t%u\t%u\t%d", r.type, r.code, ok);
	if (r.type == IK_ICMP6_ECHO || r.type == IK_ICMP6_ECHO_REPLY)
		printf("\t%u\t%u", r.u.echo.ident, r.u.echo.seq);
	else
		printf("\t-\t-");
	printf(r.type == IK_ICMP6_PACKET_TOO_BIG ? "\t%u" : "\t-", r.u.mtu);
	printf(r.type == IK_ICMP6_PARAM_PROB ? "\t%u" : "\t-", r.u.pointer);
	if (r.type == IK_ICMP6_NEIGHBOR_SOL || r.type == IK_ICMP6_NEIGHBOR_ADV)
		printf("\t%s", ik_ipv6_addr_str(r.u.nd.target, a));
	else
		printf("\t-");
	if (r.type == IK_ICMP6_ROUTER_ADV)
		printf("\t%u\t%u", r.u.ra.hop_limit, r.u.ra.lifetime);
	else
		printf("\t-\t-");
	if (r.type >= IK_ICMP6_ROUTER_SOL && r.type <= IK_ICMP6_REDIRECT) {
		struct ik_ndp_iter it;
		struct ik_ndp_opt o;
		const char *sep = "\t";

		ik_ndp_iter_init(&it, r.body, r.body_len);
		while (ik_ndp_next(&it, &o, NULL) > 0) {
			printf("%s%u", sep, o.type);
			sep = ",";
		}
		if (*sep == '\t')
			printf("\t-");
	} else {
		printf("\t-");
	}
}

int main(void)
{
	static char line[200000];
	static uint8_t pkt[65536 + 64];

	while (fgets(line, sizeof(line), stdin)) {
		size_t n = unhex(line, pkt, sizeof(pkt));
		struct ik_ipv6_repr r;
		char s[IK_IPV6_ADDR_STRLEN], d[IK_IPV6_ADDR_STRLEN];

		if (ik_ipv6_parse(pkt, n, 0, &r, NULL) < 0) {
			printf("error\n");
			continue;
		}
		printf("6\t%u\t%u\t%u\t%u\t%u\t%s\t%s", r.tclass, r.flow, r.payload_len, r.next,
		       r.hop_limit, ik_ipv6_addr_str(r.src, s), ik_ipv6_addr_str(r.dst, d));
		if (r.frag)
			printf("\t%u\t%d\t%u", r.frag_off / 8, r.frag_more, r.frag_id);
		else
			printf("\t-\t-\t-");
		if (r.proto == IK_IPV6_NH_ICMPV6 && (!r.frag || r.atomic))
			icmpv6(pkt + r.l4_off, IK_IPV6_HDR_LEN + r.payload_len - r.l4_off, &r);
		printf("\n");
	}
	return 0;
}
