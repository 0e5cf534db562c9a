// SPDX-License-Identifier: MIT
/*
 * forward6.c - an IPv6 router's decisions (RFC 8200, RFC 4443 §3; Linux
 * ip6_route_input() then ip6_forward()): the route first, then the Hop
 * Limit, the source's scope, the MTU (a router never fragments: Packet Too Big),
 * then out with the Hop Limit one less. Each step counted and traced.
 */
#include <errno.h>
#include <string.h>

#include "stack/ip6/ip6.h"

/**
 * refuse() - the datagram is not forwarded: counted, traced, an error sent
 * (type 0: none)
 * @s: stack; @rx: datagram; @ctr: the Ip6 counter; @what: tag; @why: reason;
 * @type, @code, @info: the error
 *
 * Return: -IK_ENOENT.
 */
static int refuse(struct ik_stack *s, const struct ik_rx6 *rx, unsigned ctr, const char *what,
		  const char *why, uint8_t type, uint8_t code, uint32_t info)
{
	s->mib.c[ctr]++;
	IK_TRACE(s, IK_L_FWD, IK_EV_DROP, what, rx->ifindex, rx->pkt, rx->len, -1, "%s", why);
	if (type)
		ik_icmp6_send_error(s, rx, type, code, info);
	return -IK_ENOENT;
}

int ik_ip6_forward(struct ik_stack *s, const struct ik_rx6 *rx)
{
	struct ik_route6_res rt;
	uint8_t *b = s->txbuf;
	char db[IK_IPV6_ADDR_STRLEN];
	int rc;

	if (rx->mcast || (rx->link_flags & (IK_RX_LINK_BCAST | IK_RX_LINK_MCAST)))
		return refuse(s, rx, IK_MIB_IP6_InDiscards, "fwd6.not_unicast",
			      "a link-layer group frame is not forwarded", 0, 0, 0);
	rc = ik_ip6_route(s, rx->ip.dst, 0, &rt);
	if (rc == -ENETUNREACH || rc == -EHOSTUNREACH)
		return refuse(s, rx, IK_MIB_IP6_InNoRoutes, "fwd6.no_route",
			      rc == -ENETUNREACH ? "no route: Destination Unreachable code 0"
						 : "an unreachable route: Destination Unreachable code 0",
			      IK_ICMP6_UNREACH, 0, 0);
	if (rc == -EACCES)
		return refuse(s, rx, IK_MIB_IP6_InNoRoutes, "fwd6.prohibited",
			      "a prohibit route: Destination Unreachable code 1", IK_ICMP6_UNREACH, 1,
			      0);
	if (rc < 0)
		return refuse(s, rx, IK_MIB_IP6_InNoRoutes, "fwd6.blackhole",
			      "a blackhole route: dropped without a word", 0, 0, 0);
	if (rx->ip.hop_limit <= 1)
		return refuse(s, rx, IK_MIB_IP6_InHdrErrors, "fwd6.hop_limit",
			      "Hop Limit would reach 0: Time Exceeded code 0 (RFC 8200 3)",
			      IK_ICMP6_TIME_EXCEEDED, 0, 0);
	if (ik_a6_is_unspec(rx->ip.src))
		return refuse(s, rx, IK_MIB_IP6_InAddrErrors, "fwd6.bad_source",
			      "the unspecified source is never forwarded", 0, 0, 0);
	if (ik_a6_is_linklocal(rx->ip.src))
		return refuse(s, rx, IK_MIB_IP6_InAddrErrors, "fwd6.beyond_scope",
			      "a link-local source may not leave its link: Destination "
			      "Unreachable code 2 (beyond scope, RFC 4443 3.1)",
			      IK_ICMP6_UNREACH, 2, 0);
	if (rx->len > rt.mtu) {
		IK_MIB_INC(s, IP6, FragFails);
		return refuse(s, rx, IK_MIB_IP6_InTooBigErrors, "fwd6.too_big",
			      "larger than the next link's MTU: Packet Too Big (a router never "
			      "fragments, RFC 8200 5)",
			      IK_ICMP6_PACKET_TOO_BIG, 0, rt.mtu);
	}
	memcpy(b, rx->pkt, rx->len);
	b[7]--;
	IK_MIB_INC(s, IP6, OutForwDatagrams);
	IK_TRACE(s, IK_L_FWD, IK_EV_TX, "fwd6.forward", rt.ifindex, b, rx->len, -1,
		 "forwarded out of %s to %s, Hop Limit %u", ik_iface_get(s, rt.ifindex)->name,
		 ik_ipv6_addr_str(rt.next_hop, db), b[7]);
	rc = ik_ip6_dev_out(s, rt.ifindex, rt.next_hop, b, rx->len, rx->now);
	return rc < 0 ? rc : 0;
}
