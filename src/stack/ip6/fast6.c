// SPDX-License-Identifier: MIT
/*
 * fast6.c - the IPv6 fast path (fast6.h): a plain Echo Request, or UDP to
 * a closed port, answered in one pass with the general path's counters
 */
#include <errno.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "stack/icmp/icmp_priv.h"
#include "stack/ip6/fast6.h"

/* the error's header and the most of the datagram it quotes (icmp6_err.c:
 * the whole error within the minimum MTU, RFC 4443 2.4(c)) */
#define F6_ERR_HDR 8u
#define F6_QUOTE_MAX (IK_IPV6_MIN_MTU - IK_IPV6_HDR_LEN - F6_ERR_HDR)

/**
 * struct f6 - a datagram the classifier accepted
 * @b:       the datagram
 * @tot:     40 + Payload Length (link padding cut)
 * @ifindex: arrival interface
 * @now:     time
 */
struct f6 {
	const uint8_t *b;
	size_t tot;
	unsigned ifindex;
	uint64_t now;
};

/**
 * struct back - where an answer to a datagram's source goes
 * @ifindex: outgoing interface (the arrival one)
 * @hop:     next hop: the route's gateway, or the source itself
 * @plen:    the route's prefix length (the error rate limit scales with it)
 * @rt:      the route lookup's result, when the memo did not answer
 */
struct back {
	unsigned ifindex;
	const uint8_t *hop;
	unsigned plen;
	struct ik_route6_res rt;
};

/**
 * eq16() - two IPv6 addresses equal?
 * @a/@b: 16 octets each
 *
 * Return: true if so.
 */
static inline bool eq16(const uint8_t *a, const uint8_t *b)
{
	uint64_t x[2], y[2];

	memcpy(x, a, 16);
	memcpy(y, b, 16);
	return !((x[0] ^ y[0]) | (x[1] ^ y[1]));
}

/**
 * holds() - does interface @f hold @a, not tentative (what ik_ip6_is_local()
 * accepts, looked for on the arrival interface only)
 * @f: the interface's IPv6 state; @a: address
 *
 * Return: true if so.
 */
static inline bool holds(const struct ik_if6 *f, const uint8_t *a)
{
	for (unsigned k = 0; k < f->n; k++)
		if (eq16(f->addr[k].a, a))
			return !(f->addr[k].flags & IK_A6_TENTATIVE);
	return false;
}

/**
 * src_ok() - a source the general path's classification passes and that
 * names one node: not multicast, and not in ::/64, which holds ::, ::1 and
 * the IPv4-mapped addresses (the rest of ::/64 is left to the general path
 * too, which costs nothing real)
 * @a: the source
 *
 * Return: true if so.
 */
static inline bool src_ok(const uint8_t *a)
{
	uint64_t hi;

	memcpy(&hi, a, 8);
	return a[0] != 0xff && hi != 0;
}

/**
 * route_back() - the route an answer to @f's source takes, as the general
 * path asks for it (ik_ip6_route(), a link-local source through the arrival
 * interface)
 * @s: stack; @f: the datagram; @len: the answer's length; @bk: out
 *
 * The route table's memo (its last answer, for a destination that needs no
 * interface named) is read here as ik_ip6_route_hop() reads it, without the
 * call; anything else is that function's. The answer is sent from the
 * address @f was sent to, which the arrival interface holds, so the source
 * selection (which can only fail where the outgoing interface holds no
 * address) is left out when the route leaves through that interface, and
 * any other route is missed. The MTU is the route's as ik_ip6_route_hop()
 * gives it (the path MTU cache's, never below 1280, so an answer of 1280
 * octets or less needs no look-up).
 *
 * Return: true when the answer may go out whole on that route.
 */
static inline bool route_back(struct ik_stack *s, const struct f6 *f, size_t len, struct back *bk)
{
	const uint8_t *src = f->b + 8;
	const struct ik_ip6 *m = s->ip6;
	const struct ik_rt6 *e;

	if (!ik_a6_is_linklocal(src) && m->memo >= 0 && eq16(m->memo_dst, src) &&
	    (e = &m->rt[m->memo])->type == IK_ROUTE_UNICAST) {
		bk->ifindex = e->ifindex;
		bk->hop = e->has_gw ? e->gw : src;
		bk->plen = e->prefix;
	} else {
		if (ik_ip6_route_hop(s, src, ik_a6_is_linklocal(src) ? f->ifindex : 0, &bk->rt))
			return false;
		bk->ifindex = bk->rt.ifindex;
		bk->hop = bk->rt.next_hop;
		bk->plen = bk->rt.plen;
	}
	/* the path MTU: the device's, or lower as Packet Too Big taught the
	 * cache, never below 1280 (pmtu6.c): nothing to look up at or below */
	return bk->ifindex == f->ifindex && len <= s->ifaces[f->ifindex - 1].mtu &&
	       (len <= IK_IPV6_MIN_MTU ||
		len <= ik_pmtu6_lookup(s, src, s->ifaces[f->ifindex - 1].mtu));
}

/**
 * taken() - the general path's IPv6 input counters for a datagram handed
 * to its upper layer (InReceives, InDelivers)
 * @s: stack
 */
static inline void taken(struct ik_stack *s)
{
	IK_MIB_INC(s, IP6, InReceives);
	IK_MIB_INC(s, IP6, InDelivers);
}

/**
 * answer() - the ICMPv6 message built at s->txbuf + 40 sent behind its
 * header, from the address @f was sent to back to its source, as
 * ik_ip6_send() sends a datagram that fits its route (the header, Hop
 * Limit ipv6_hop_limit, OutRequests, the device, OutDiscards when it
 * refuses) and as the ICMPv6 senders count it (OutErrors, or
 * ik_icmp6_out_count()'s three counters)
 * @s: stack; @f: the datagram; @bk: route; @tclass: Traffic Class; @n:
 * the message's octets; @type: its type (Echo Reply or Destination
 * Unreachable)
 */
static inline void answer(struct ik_stack *s, const struct f6 *f, const struct back *bk,
			  uint8_t tclass, size_t n, uint8_t type)
{
	uint8_t *b = s->txbuf;
	int rc;

	ik_put32(b, 0x60000000u | (uint32_t)tclass << 20);
	ik_put16(b + 4, (uint16_t)n);
	b[6] = IK_IPV6_NH_ICMPV6;
	b[7] = (uint8_t)s->set.ipv6_hop_limit;
	memcpy(b + 8, f->b + 24, 16);
	memcpy(b + 24, f->b + 8, 16);
	IK_MIB_INC(s, IP6, OutRequests);
	rc = ik_ip6_dev_out(s, bk->ifindex, bk->hop, b, IK_IPV6_HDR_LEN + n, f->now);
	if (rc < 0) {
		IK_MIB_INC(s, ICMP6, OutErrors);
		return;
	}
	ik_icmp6_out_count(s, type);
}

/**
 * echo6() - an Echo Request answered: copied into the transmit buffer
 * while summed, checked, turned into the reply, sent (icmp6_in.c's
 * echo_request(), counted as ik_icmp6_input() counts)
 * @s: stack; @f: the datagram (Next Header 58)
 *
 * One pass copies the request from its source address on, so its sum holds
 * the pseudo-header's addresses beside the message (the addresses'
 * copies are overwritten by the reply's header). The general path accepts
 * the checksum field only when it is exactly the value the octets give
 * (0x0000 and 0xffff are not the same there): that sum, the field taken
 * back out, gives it. The reply differs from the request in its Type alone
 * (128 -> 129: + 0x0100 in the first word), and its pseudo-header holds
 * the same two addresses, so its checksum is the request's sum with 0x0100
 * added (RFC 1624), never a second pass.
 *
 * Return: 0, or IK_FAST_MISS.
 */
static int echo6(struct ik_stack *s, const struct f6 *f)
{
	const uint8_t *m = f->b + IK_IPV6_HDR_LEN;
	size_t mlen = f->tot - IK_IPV6_HDR_LEN;
	uint8_t *r = s->txbuf + IK_IPV6_HDR_LEN;
	uint16_t field = ik_get16(m + 2);
	struct back bk;
	uint32_t acc;

	if (m[0] != IK_ICMP6_ECHO || s->set.icmpv6_echo_ignore_all || !route_back(s, f, f->tot, &bk))
		return IK_FAST_MISS;
	acc = ik_csum_copy(s->txbuf + 8, f->b + 8, f->tot - 8,
			   (uint32_t)mlen + IK_IPV6_NH_ICMPV6 + (uint16_t)~field);
	if (ik_csum_finish(acc) != field) /* the field counted as zero */
		return IK_FAST_MISS; /* counted by the general path */
	taken(s);
	IK_MIB_INC(s, ICMP6, InMsgs);
	s->mib.in_type6[IK_ICMP6_ECHO]++;
	IK_MIB_INC(s, ICMP6, InEchos);
	r[0] = IK_ICMP6_ECHO_REPLY;
	ik_put16(r + 2, ik_csum_finish(acc + 0x0100u));
	answer(s, f, &bk, (uint8_t)(ik_get16(f->b) >> 4), mlen, IK_ICMP6_ECHO_REPLY);
	return 0;
}

/**
 * unreach6() - UDP to a port no socket holds: Destination Unreachable
 * code 4 (sock6.c's ik_udp6_input(), then icmp6_err.c's
 * ik_icmp6_send_error(), whose suppression rules the classifier's shape
 * already passes)
 * @s: stack; @f: the datagram (Next Header 17)
 *
 * The quote (as much of the datagram as fits in 1280 octets) is copied
 * behind the error's header while summed; that sum holds the IPv6 header
 * and, with the rest of the datagram's when the quote is cut, the whole
 * segment: the header's first 8 octets taken back out and the
 * pseudo-header's length and Next Header put in, it checks the UDP
 * checksum as the general path does (its exact value, 0 sent as 0xffff; 0
 * itself refused). The error's checksum is the quote's sum, its
 * pseudo-header and its 8-octet header.
 *
 * Return: 0, or IK_FAST_MISS.
 */
static int unreach6(struct ik_stack *s, const struct f6 *f)
{
	const uint8_t *u = f->b + IK_IPV6_HDR_LEN;
	size_t ulen = ik_get16(u + 4), q;
	uint8_t *m = s->txbuf + IK_IPV6_HDR_LEN;
	uint16_t field = ik_get16(u + 6), want;
	struct back bk;
	uint32_t qsum, acc;

	if (ulen != f->tot - IK_IPV6_HDR_LEN || !field ||
	    ik_udp6_bound(s, f->b + 24, ik_get16(u + 2), f->b + 8, ik_get16(u)) >= 0)
		return IK_FAST_MISS;
	q = f->tot < F6_QUOTE_MAX ? f->tot : F6_QUOTE_MAX;
	if (!route_back(s, f, IK_IPV6_HDR_LEN + F6_ERR_HDR + q, &bk))
		return IK_FAST_MISS;
	qsum = ik_csum_copy(m + F6_ERR_HDR, f->b, q, 0);
	acc = q == f->tot ? qsum : ik_csum_partial(f->b + q, f->tot - q, qsum);
	/* the segment's sum with its pseudo-header: the header's first 8
	 * octets taken back out (its addresses are the pseudo-header's), the
	 * pseudo-header's length and Next Header put in, the checksum field
	 * taken out (one's complement subtraction: adding the complement) */
	acc += (uint16_t)~ik_csum_short(f->b, 8, 0) + (uint32_t)ulen + IK_IPV6_NH_UDP +
	       (uint16_t)~field;
	want = ik_csum_finish(acc);
	if ((want ? want : 0xffff) != field)
		return IK_FAST_MISS; /* counted by the general path */
	taken(s);
	IK_MIB_INC(s, UDP6, NoPorts);
	if (ik_icmp6_rate_check(s, f->b + 8, IK_ICMP6_UNREACH, bk.plen, f->now) != IK_ICMP_RL_OK)
		return 0;
	m[0] = IK_ICMP6_UNREACH;
	m[1] = IK_UNREACH6_PORT;
	ik_put16(m + 2, 0);
	ik_put32(m + 4, 0);
	ik_put16(m + 2, ik_csum_finish(qsum + ik_csum_short(f->b + 8, 32, 0) +
				       (uint32_t)(F6_ERR_HDR + q) + IK_IPV6_NH_ICMPV6 +
				       ((uint32_t)IK_ICMP6_UNREACH << 8 | IK_UNREACH6_PORT)));
	answer(s, f, &bk, 0, F6_ERR_HDR + q, IK_ICMP6_UNREACH);
	return 0;
}

__attribute__((noinline)) int ik_fast6_input(struct ik_stack *s, unsigned ifindex,
					     const uint8_t *bytes, size_t len, unsigned flags,
					     uint64_t now)
{
	struct f6 f;
	uint8_t nh;

	/* a datagram in the transmit buffer (a device looping back
	 * synchronously) would be overwritten by its own answer */
	if (s->cfg.no_fast_path || s->trace_fn || flags || ifindex - 1u >= s->nifaces ||
	    len < IK_IPV6_HDR_LEN + 8 ||
	    (uintptr_t)bytes - (uintptr_t)s->txbuf < IK_IPV4_MAX_LEN + IK_IPV4_HDR_MAX)
		return IK_FAST_MISS;
	f.tot = IK_IPV6_HDR_LEN + (size_t)ik_get16(bytes + 4);
	nh = bytes[6];
	if (f.tot > len || f.tot < IK_IPV6_HDR_LEN + 8 ||
	    (nh != IK_IPV6_NH_ICMPV6 && nh != IK_IPV6_NH_UDP) || !src_ok(bytes + 8) ||
	    !holds(&s->ip6->ifs[ifindex - 1], bytes + 24) || ik_raw6_wants(s, nh))
		return IK_FAST_MISS;
	f.b = bytes;
	f.ifindex = ifindex;
	f.now = now;
	/* the general path sets the clock first too */
	s->now = now;
	return nh == IK_IPV6_NH_ICMPV6 ? echo6(s, &f) : unreach6(s, &f);
}
