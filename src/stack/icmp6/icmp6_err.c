// SPDX-License-Identifier: MIT
/*
 * icmp6_err.c - the one place ICMPv6 errors are made: RFC 4443 §2.4's
 * rules in order, each a named test, then the rate limits, then the
 * message with as much of the offending datagram as fits in 1280 octets
 */
#include <errno.h>
#include <string.h>

#include "stack/icmp/icmp_priv.h"
#include "stack/ip6/ip6.h"

/* an error datagram never exceeds the minimum MTU (RFC 4443 §2.4(c)) */
#define ERR6_MAX IK_IPV6_MIN_MTU
#define ERR6_HDR 8u

/**
 * upper_type() - the ICMPv6 type octet a datagram carries, found from its
 * octets by every Hop-by-Hop, Routing, Destination Options, Fragment and
 * AH header wherever it stands (as Linux's is_ineligible() walks with
 * ipv6_skip_exthdr()), not from the parsed chain: a datagram refused for
 * its chain (Hop-by-Hop not first, a first fragment cut short) has none
 * @rx: the datagram
 * @first_frag: out, the walk passed a first fragment (offset 0, M set)
 *
 * Return: the type (0..255), -1 when the upper layer is not ICMPv6 or
 * cannot be found (a chain running past the datagram, a later fragment,
 * No Next Header), -2 when it is ICMPv6 but its type octet is missing.
 */
static int upper_type(const struct ik_rx6 *rx, bool *first_frag)
{
	size_t off = IK_IPV6_HDR_LEN;
	uint8_t nh = rx->len > 6 ? rx->pkt[6] : IK_IPV6_NH_NONE;

	*first_frag = false;
	while (nh == IK_IPV6_NH_HOPOPTS || nh == IK_IPV6_NH_ROUTING || nh == IK_IPV6_NH_DSTOPTS ||
	       nh == IK_IPV6_NH_FRAGMENT || nh == 51) {
		const uint8_t *h = rx->pkt + off;

		if (off + 4 > rx->len)
			return -1;
		if (nh == IK_IPV6_NH_FRAGMENT) {
			if (ik_get16(h + 2) & 0xfff8)
				return -1; /* a later fragment: its upper layer is elsewhere */
			*first_frag = ik_get16(h + 2) & 1;
			off += 8;
		} else {
			off += nh == 51 ? ((size_t)h[1] + 2) * 4 : ((size_t)h[1] + 1) * 8;
		}
		nh = h[0];
	}
	if (nh != IK_IPV6_NH_ICMPV6)
		return -1;
	return off < rx->len ? rx->pkt[off] : -2;
}

/**
 * rule_about_error() - §2.4(e.1): the datagram is an ICMPv6 error or a
 * Redirect, or an ICMPv6 message whose type cannot be read (but a first
 * fragment without it is told Parameter Problem code 3, RFC 8200 §4.5)
 * @rx: the offending datagram
 * Return: why not, or NULL.
 */
static const char *rule_about_error(const struct ik_rx6 *rx)
{
	bool first_frag;
	int t = upper_type(rx, &first_frag);

	if (t == -2)
		return first_frag ? NULL : "its ICMPv6 type cannot be read (RFC 4443 2.4(e.1))";
	if (t >= 0 && ik_icmpv6_is_error((uint8_t)t))
		return "it is an ICMPv6 error itself (RFC 4443 2.4(e.1))";
	if (t == IK_ICMP6_REDIRECT)
		return "it is a Redirect (RFC 4443 2.4(e.1))";
	return NULL;
}

/**
 * rule_group() - §2.4(e.2, e.3): sent to a multicast address or as a
 * link-layer group, unless it is Packet Too Big or Parameter Problem code
 * 2 (an unknown option whose action asks for one)
 * @rx: the datagram; @type, @code: the error
 * Return: why not, or NULL.
 */
static const char *rule_group(const struct ik_rx6 *rx, uint8_t type, uint8_t code)
{
	if (type == IK_ICMP6_PACKET_TOO_BIG || (type == IK_ICMP6_PARAM_PROB && code == 2))
		return NULL;
	if (rx->mcast)
		return "sent to a multicast address (RFC 4443 2.4(e.2))";
	if (rx->link_flags & (IK_RX_LINK_BCAST | IK_RX_LINK_MCAST))
		return "sent as a link-layer multicast or broadcast (RFC 4443 2.4(e.3))";
	return NULL;
}

/**
 * rule_source() - §2.4(e.4): the source names no one node
 * @rx: the datagram
 * Return: why not, or NULL.
 */
static const char *rule_source(const struct ik_rx6 *rx)
{
	if (ik_a6_is_unspec(rx->ip.src))
		return "from the unspecified address (RFC 4443 2.4(e.4))";
	if (ik_a6_is_mcast(rx->ip.src))
		return "from a multicast address (RFC 4443 2.4(e.4))";
	return NULL;
}

/**
 * suppressed() - the error is not sent: OutSuppressed, traced
 * @s: stack; @rx: datagram; @type, @code: error; @why: the rule
 * Return: 1.
 */
static int suppressed(struct ik_stack *s, const struct ik_rx6 *rx, uint8_t type, uint8_t code,
		      const char *why)
{
	IK_MIB_INC(s, ICMP6, OutSuppressed);
	IK_TRACE(s, IK_L_ICMP, IK_EV_DECIDE, "icmp6.suppressed", rx->ifindex, rx->pkt, rx->len, -1,
		 "no %s (%u/%u): %s", ik_icmpv6_type_name(type), type, code, why);
	return 1;
}

int ik_icmp6_send_error(struct ik_stack *s, const struct ik_rx6 *rx, uint8_t type, uint8_t code,
			uint32_t info)
{
	const char *why = rule_about_error(rx);
	struct ik_route6_res rt;
	uint8_t *m = s->txbuf + IK_IPV6_HDR_LEN;
	size_t q;
	int rc;

	if (!why)
		why = rule_group(rx, type, code);
	if (!why)
		why = rule_source(rx);
	if (why)
		return suppressed(s, rx, type, code, why);
	rc = ik_ip6_route_back(s, rx, &rt);
	if (rc < 0)
		return suppressed(s, rx, type, code, "no route back to its source");
	if (!rx->mcast && !ik_a6_is_unspec(rx->local) && ik_ip6_is_local(s, rx->local, 0))
		memcpy(rt.src, rx->local, 16); /* from the address it was sent to */
	rc = ik_icmp6_rate_check(s, rx->ip.src, type, rt.plen, rx->now);
	if (rc != IK_ICMP_RL_OK) {
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp6.rate_limited", rx->ifindex, rx->pkt,
			 rx->len, -1, "%s (%u/%u) not sent: the %s bucket is empty",
			 ik_icmpv6_type_name(type), type, code,
			 rc == IK_ICMP_RL_GLOBAL ? "global" : "destination's");
		return 1;
	}
	q = rx->len < ERR6_MAX - IK_IPV6_HDR_LEN - ERR6_HDR ? rx->len
							     : ERR6_MAX - IK_IPV6_HDR_LEN - ERR6_HDR;
	m[0] = type;
	m[1] = code;
	ik_put16(m + 2, 0);
	ik_put32(m + 4, info);
	memcpy(m + ERR6_HDR, rx->pkt, q);
	ik_put16(m + 2, ik_ipv6_l4_checksum(m, ERR6_HDR + q, 2, rt.src, rx->ip.src,
					    IK_IPV6_NH_ICMPV6));
	rc = ik_ip6_send(s, &rt,
			 &(struct ik_tx6){ .src = rt.src, .dst = rx->ip.src, .nh = IK_IPV6_NH_ICMPV6,
					   .iov = { { m, ERR6_HDR + q } }, .niov = 1 },
			 rx->now);
	if (rc < 0) {
		IK_MIB_INC(s, ICMP6, OutErrors);
		return rc;
	}
	ik_icmp6_out_count(s, type);
	IK_TRACE(s, IK_L_ICMP, IK_EV_ERROR, "icmp6.error_sent", rx->ifindex, s->txbuf,
		 IK_IPV6_HDR_LEN + ERR6_HDR + q, -1, "%s (%u/%u) sent, quoting %zu of %zu octets",
		 ik_icmpv6_type_name(type), type, code, q, rx->len);
	return 0;
}
