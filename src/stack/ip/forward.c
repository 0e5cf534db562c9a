// SPDX-License-Identifier: MIT
/* forward.c - a router's forwarding decision (ik_ip_forward) */
#include <errno.h>
#include <string.h>

#include "icmpkit/checksum.h"
#include "icmpkit/names.h"
#include "stack/core.h"
#include "stack/ip/forward.h"

/*
 * A datagram not addressed to us, with ip_forward=1, after IP input has
 * validated its header, dropped martian sources and checked its options.
 * Each step counted under Linux's name and traced ("fwd.*"), in Linux's
 * order (ip_route_input_slow(), ip_forward(), ip_forward_finish()), which
 * is RFC 1812 §5.2.1's: the next hop is decided before the TTL is looked
 * at, so a datagram with no route earns Destination Unreachable whatever
 * its TTL.
 *
 *   link-layer broadcast/multicast, martian destination  dropped (5.3.7)
 *   route lookup: none -> 3/0; unreachable -> 3/1; prohibit -> 3/13;
 *                 blackhole -> silence (Linux ip_error())
 *   TTL <= 1 -> Time Exceeded 11/0 (G14)
 *   strict source route and the next hop is not on-link -> 3/5
 *   larger than the outgoing MTU: DF -> 3/4 with the MTU (G16); else
 *     fragmented (forward_frag.c)
 *   leaves by the interface it came in on, towards a next hop on the
 *     sender's own subnet -> Redirect for Host 5/1 (rate limited), and
 *     forwarded all the same
 *   copied, TTL decremented with an incremental checksum update (RFC
 *   1624), Record Route / Timestamp updated with the outgoing address
 *   (the header checksum then recomputed), ForwDatagrams, out.
 *
 * Errors go through ik_icmp_send_error() with rx->fwd set: the suppression
 * rules and rate limit of a host (G1-G6, G13), precedence 6 (TOS 0xc0,
 * RFC 1812 §4.3.2.5), sourced from the inbound interface's address (G12),
 * or 192.0.0.8 from an interface that has none (RFC 7600).
 */

/**
 * route_refused() - the route lookup refused the datagram: the error Linux's
 * ip_error() sends for it
 * @s: stack; @rx: the datagram; @rc: the lookup's errno
 *
 * Return: -IK_ENOENT.
 */
static int route_refused(struct ik_stack *s, const struct ik_rx *rx, int rc)
{
	char d[16];
	uint8_t code;
	const char *what, *why;

	ik_ipv4_addr_str(rx->ip.dst, d);
	switch (rc) {
	case -EHOSTUNREACH:
		code = IK_UNREACH_HOST;
		what = "fwd.route_unreachable";
		why = "an unreachable route -> Host Unreachable (3/1, G17)";
		break;
	case -EACCES:
		code = 13;
		what = "fwd.route_prohibit";
		why = "a prohibit route -> Communication Administratively Prohibited (3/13)";
		break;
	case -EINVAL:
		IK_MIB_INC(s, IP, InDiscards);
		IK_TRACE(s, IK_L_FWD, IK_EV_DROP, "fwd.route_blackhole", rx->ifindex, rx->pkt,
			 rx->len, -1, "%s matches a blackhole route: dropped silently", d);
		return -IK_ENOENT;
	default:
		code = IK_UNREACH_NET;
		what = "fwd.no_route";
		why = "no route -> Net Unreachable (3/0, G17)";
		IK_MIB_INC(s, IP, OutNoRoutes);
		break;
	}
	IK_TRACE(s, IK_L_FWD, IK_EV_DROP, what, rx->ifindex, rx->pkt, rx->len, -1, "to %s: %s",
		 d, why);
	ik_icmp_send_error(s, rx, IK_ICMP_UNREACH, code, 0);
	return -IK_ENOENT;
}

/**
 * martian_dst() - a destination no datagram may be forwarded to
 * @dst: destination
 *
 * Return: why, or NULL. 0/8 and 127/8 as Linux's ip_route_input_slow();
 * broadcast and multicast destinations never get here (IP input takes
 * them as ours).
 */
static const char *martian_dst(uint32_t dst)
{
	if ((dst >> 24) == 0)
		return "in 0/8 (this network)";
	if ((dst >> 24) == 127)
		return "loopback (127/8)";
	return NULL;
}

/**
 * on_subnet() - whether @a lies in interface @ifc's own prefix
 * @ifc: interface; @a: address
 *
 * Return: true if so (never for an unnumbered interface).
 */
static bool on_subnet(const struct ik_iface *ifc, uint32_t a)
{
	return ifc->addr && (a & ifc->mask) == (ifc->addr & ifc->mask);
}

/**
 * want_redirect() - RFC 1812 §5.2.7.2: would a Redirect for Host help the
 * sender (Linux __mkroute_input()'s test)
 * @s: stack; @rx: the datagram; @rt: its route
 *
 * It leaves by the interface it came in on, its source and its next hop
 * are both on that interface's subnet, it is not source routed, and
 * send_redirects is on.
 *
 * Return: true if so.
 */
static bool want_redirect(const struct ik_stack *s, const struct ik_rx *rx,
			  const struct ik_route_res *rt)
{
	const struct ik_iface *ifc = ik_iface_get(s, rt->ifindex);

	return s->set.send_redirects && rt->ifindex == rx->ifindex && !rx->srr &&
	       on_subnet(ifc, rx->ip.src) && on_subnet(ifc, rt->next_hop);
}

/**
 * ik_ip_forward() - forward a datagram that is not ours (ip_forward=1)
 * @s:  stack
 * @rx: the datagram, validated, its source not martian, its options
 *      checked; rx->fwd set
 *
 * Return: 0 when it was forwarded (possibly in fragments), or a negative
 * IK_E* code saying why not (counted, traced, and answered with an ICMP
 * error where a router must send one).
 */
int ik_ip_forward(struct ik_stack *s, const struct ik_rx *rx)
{
	struct ik_route_res rt;
	const char *why;
	char d[16];
	int rc;

	if (rx->link_flags & (IK_RX_LINK_BCAST | IK_RX_LINK_MCAST)) {
		IK_MIB_INC(s, IP, InAddrErrors);
		IK_TRACE(s, IK_L_FWD, IK_EV_DROP, "fwd.link_group", rx->ifindex, rx->pkt, rx->len,
			 -1, "arrived as a link-layer %s for another host: not forwarded "
			 "(RFC 1812 5.3.4)",
			 (rx->link_flags & IK_RX_LINK_BCAST) ? "broadcast" : "multicast");
		return -IK_ENOENT;
	}
	why = martian_dst(rx->ip.dst);
	if (why) {
		IK_MIB_INC(s, IP, InAddrErrors);
		IK_TRACE(s, IK_L_FWD, IK_EV_DROP, "fwd.martian_dst", rx->ifindex, rx->pkt,
			 rx->len, -1, "destination %s is %s: never forwarded (RFC 1812 5.3.7)",
			 ik_ipv4_addr_str(rx->ip.dst, d), why);
		return -IK_ENOENT;
	}
	rc = ik_route_lookup(s, rx->ip.dst, &rt);
	if (rc < 0 && rx->srr_hit) {
		IK_TRACE(s, IK_L_FWD, IK_EV_DROP, "fwd.sr_failed", rx->ifindex, rx->pkt, rx->len,
			 -1, "the source route's next address %s cannot be reached -> Source "
			 "Route Failed (3/5)", ik_ipv4_addr_str(rx->ip.dst, d));
		ik_icmp_send_error(s, rx, IK_ICMP_UNREACH, IK_UNREACH_SRCFAIL, 0);
		return -IK_ENOENT;
	}
	if (rc < 0)
		return route_refused(s, rx, rc);
	if (rx->ip.ttl <= 1) {
		IK_MIB_INC(s, IP, InHdrErrors);
		IK_TRACE(s, IK_L_FWD, IK_EV_DROP, "fwd.ttl_exceeded", rx->ifindex, rx->pkt,
			 rx->len, -1, "TTL %u would reach 0 here -> Time Exceeded 11/0 (G14)",
			 rx->ip.ttl);
		ik_icmp_send_error(s, rx, IK_ICMP_TIMXCEED, 0, 0);
		return -IK_ENOENT;
	}
	if (rx->ssrr && rt.gw) {
		IK_TRACE(s, IK_L_FWD, IK_EV_DROP, "fwd.sr_failed", rx->ifindex, rx->pkt, rx->len,
			 -1, "strict source route, but the next hop %s is not on-link -> "
			 "Source Route Failed (3/5)", ik_ipv4_addr_str(rt.next_hop, d));
		ik_icmp_send_error(s, rx, IK_ICMP_UNREACH, IK_UNREACH_SRCFAIL, 0);
		return -IK_ENOENT;
	}
	if (rx->len > rt.mtu && rx->ip.df) {
		IK_MIB_INC(s, IP, FragFails);
		IK_TRACE(s, IK_L_FWD, IK_EV_DROP, "fwd.frag_needed", rx->ifindex, rx->pkt,
			 rx->len, -1, "%zu octets, DF set, next-hop MTU %u -> Frag Needed 3/4 "
			 "with MTU %u (G16, RFC 1191)", rx->len, rt.mtu, rt.mtu);
		ik_icmp_send_error(s, rx, IK_ICMP_UNREACH, IK_UNREACH_NEEDFRAG, rt.mtu);
		return -IK_EFRAG;
	}
	if (want_redirect(s, rx, &rt))
		ik_fwd_redirect(s, rx, &rt);
	return ik_fwd_send(s, rx, &rt);
}
