// SPDX-License-Identifier: MIT
/**
 * DOC: the fast path: the commonest datagrams in one pass (issue 3 item 13)
 *
 * ik_stack_input() first offers every datagram to ik_fast_input() when no
 * trace sink is set (with a sink, every step is to be shown, so the general
 * path takes everything). The fast path takes only datagrams whose whole
 * fate it can tell from a few header fields:
 *
 *   an unfragmented IPv4 datagram without options (IHL 5), with a correct
 *   header checksum, a Total Length within what arrived, sent to the
 *   address of the interface it arrived on, and
 *     - an Echo Request with a correct checksum, from a source that names
 *       one host, not ignored (icmp_echo_ignore_all), no raw ICMP socket,
 *       whose reply fits the path MTU: the reply is the request copied once
 *       into the transmit buffer, addresses swapped, type 0 (the ICMP
 *       checksum patched as RFC 1624 says), a new IP header;
 *     - UDP with a sound length and checksum, no raw UDP socket: delivered to
 *       the socket the port tables name, or, with none, answered by Port
 *       Unreachable when no suppression rule (G3 link broadcast, G5 source)
 *       applies and the error fits the path MTU: the rate limit is asked as
 *       always, and the quote's checksum comes from the sum already taken
 *       to verify the UDP checksum (the verified IP header adds nothing to a
 *       ones' complement sum), so the quote is read once more only to copy.
 *
 * Anything else, or anything that would fail on the way (no route, the
 * reply too big for the path), is left to the general path before any
 * state has changed. What the fast path does is, to the octet and the
 * counter, what the general path does: the same replies (same IP ID from
 * the same counter, same TTL and TOS), the same MIB counters, the same
 * socket queues, the same rate-limit buckets and PRNG draws.
 * tests/test_stack_fastpath.c checks this over many packet shapes by
 * running each on two stacks, one with a trace sink (general path), one
 * without (fast path).
 */
#include <errno.h>
#include <string.h>

#include "icmpkit/checksum.h"
#include "icmpkit/udp.h"
#include "stack/core.h"
#include "stack/icmp_priv.h"
#include "stack/sock_priv.h"

#define HDR IK_IPV4_HDR_MIN /* the fast path sees only option-less headers */

/**
 * hdr_ok() - whether a 20-octet IPv4 header's checksum is right: five
 * native-order 32-bit words into a 64-bit sum, folded (as Linux
 * ip_fast_csum); all ones whatever the byte order
 * @p: header
 *
 * Return: true if right.
 */
static inline bool hdr_ok(const uint8_t *p)
{
	uint32_t w[5];
	uint64_t x;

	memcpy(w, p, sizeof(w));
	x = (uint64_t)w[0] + w[1] + w[2] + w[3] + w[4];
	x = (x & 0xffffffffu) + (x >> 32);
	x = (x & 0xffffffffu) + (x >> 32);
	x = (x & 0xffffu) + (x >> 16);
	x = (x & 0xffffu) + (x >> 16);
	return x == 0xffffu;
}

/**
 * put_hdr() - write a 20-octet ICMP datagram header (no fragment flags),
 * its checksum summed from the values, as ik_ipv4_emit() does
 * @o: output; @tos: TOS; @tot: Total Length; @id: IP ID; @ttl: TTL;
 * @src/@dst: addresses
 */
static inline void put_hdr(uint8_t *o, uint8_t tos, uint16_t tot, uint16_t id, uint8_t ttl,
			   uint32_t src, uint32_t dst)
{
	uint64_t x = (uint64_t)(0x4500u | tos) + tot + id + ((unsigned)ttl << 8 | IK_IPPROTO_ICMP) +
		     (src >> 16) + (src & 0xffffu) + (dst >> 16) + (dst & 0xffffu);

	x = (x & 0xffffu) + (x >> 16);
	x = (x & 0xffffu) + (x >> 16);
	o[0] = 0x45;
	o[1] = tos;
	ik_put16(o + 2, tot);
	ik_put16(o + 4, id);
	ik_put16(o + 6, 0);
	o[8] = ttl;
	o[9] = IK_IPPROTO_ICMP;
	ik_put16(o + 10, ik_csum_finish((uint32_t)x));
	ik_put32(o + 12, src);
	ik_put32(o + 16, dst);
}

/**
 * out_route() - route and MTU for a datagram of @tot octets back to @dst,
 * as ik_ip_output() finds them
 * @s: stack; @dst: destination; @tot: datagram length; @rt: route out
 *
 * Return: true when it can leave unfragmented; false: no route, or it
 * would need fragments (the general path does both).
 */
static inline bool out_route(struct ik_stack *s, uint32_t dst, size_t tot,
			     struct ik_route_res *rt)
{
	unsigned mtu;

	if (ik_route_lookup(s, dst, rt))
		return false;
	mtu = rt->mtu;
	if (tot > (unsigned long)s->set.min_pmtu)
		mtu = ik_pmtu_lookup(s, dst, mtu, NULL);
	return tot <= mtu;
}

/**
 * xmit() - hand s->txbuf to the device, as send_one() in ip_output.c
 * @s: stack; @rt: route; @len: octets; @now: time
 *
 * Return: 0, or the device's negative error (counted in OutDiscards).
 */
static inline int xmit(struct ik_stack *s, const struct ik_route_res *rt, size_t len,
		       uint64_t now)
{
	int rc = s->ops.xmit ? s->ops.xmit(s->dev_ctx, rt->ifindex, rt->next_hop, s->txbuf, len,
					   now)
			     : -ENETDOWN;

	if (rc < 0)
		IK_MIB_INC(s, IP, OutDiscards);
	return rc;
}

/**
 * fast_echo() - an Echo Request answered in one pass (E1, E2, E6)
 * @s: stack; @ifindex: arrival interface; @b: datagram; @tot: its Total
 * Length; @dst: our address it was sent to
 *
 * Return: 0, or IK_FAST_MISS.
 */
static int fast_echo(struct ik_stack *s, unsigned ifindex, const uint8_t *b, size_t tot,
		     uint32_t dst)
{
	const uint8_t *m = b + HDR;
	size_t mlen = tot - HDR;
	uint32_t src = ik_get32(b + 12);
	struct ik_route_res rt;
	uint8_t *o = s->txbuf;
	uint16_t csum;

	if (m[0] != IK_ICMP_ECHO || s->set.icmp_echo_ignore_all ||
	    s->socks->raw[IK_IPPROTO_ICMP] != IK_NOSOCK ||
	    ik_icmp_src_not_host(s, src, ifindex) || ik_csum(m, mlen) != 0 ||
	    !out_route(s, src, tot, &rt))
		return IK_FAST_MISS;

	IK_MIB_INC(s, IP, InReceives);
	IK_MIB_INC(s, IP, InDelivers);
	IK_MIB_INC(s, ICMP, InMsgs);
	s->mib.in_type[IK_ICMP_ECHO]++;
	IK_MIB_INC(s, ICMP, InEchos);
	IK_MIB_INC(s, IP, OutRequests);

	memcpy(o + HDR, m, mlen);
	o[HDR] = IK_ICMP_ECHOREPLY;
	csum = ik_csum_update16(ik_get16(m + 2), (uint16_t)(IK_ICMP_ECHO << 8 | m[1]),
				(uint16_t)(IK_ICMP_ECHOREPLY << 8 | m[1]));
	ik_put16(o + HDR + 2, csum);
	put_hdr(o, (uint8_t)(b[1] & 0xfcu), (uint16_t)tot, s->next_ipid++,
		(uint8_t)s->set.ip_default_ttl, dst, src);
	if (xmit(s, &rt, tot, s->now) < 0) {
		IK_MIB_INC(s, ICMP, OutErrors);
		return 0;
	}
	ik_icmp_out_count(s, IK_ICMP_ECHOREPLY);
	return 0;
}

/**
 * fast_unreach() - Port Unreachable for a UDP datagram no socket wants (G9)
 * @s: stack; @ifindex: arrival interface; @flags: link flags; @b: datagram;
 * @tot: its Total Length; @dst: our address; @usum: native sum of the
 * whole UDP datagram, or -1 when not taken (checksum field 0)
 *
 * Return: 0, or IK_FAST_MISS.
 */
static int fast_unreach(struct ik_stack *s, unsigned ifindex, unsigned flags, const uint8_t *b,
			size_t tot, uint32_t dst, int64_t usum)
{
	uint32_t src = ik_get32(b + 12), acc;
	size_t q = ik_icmp_quote_len(s, tot, HDR);
	size_t out = IK_ICMP_ERR_OVERHEAD + q;
	struct ik_route_res rt;
	uint8_t *o = s->txbuf;

	/* G3 and G5 suppress the error: the general path says so */
	if ((flags & (IK_RX_LINK_BCAST | IK_RX_LINK_MCAST)) ||
	    ik_icmp_src_not_host(s, src, ifindex) || !out_route(s, src, out, &rt))
		return IK_FAST_MISS;

	IK_MIB_INC(s, IP, InReceives);
	IK_MIB_INC(s, IP, InDelivers);
	IK_MIB_INC(s, UDP, NoPorts);
	if (ik_icmp_rate_check(s, src, IK_ICMP_UNREACH, IK_UNREACH_PORT, s->now) != IK_ICMP_RL_OK)
		return 0;

	/* the quote's sum: its IP header sums to 0 (its checksum is right), so
	 * only the payload counts, and that was summed already when the whole
	 * of it is quoted and it was checked */
	if (usum >= 0 && q == tot)
		acc = (uint32_t)usum;
	else
		acc = ik_csum_partial(b + HDR, q - HDR, 0);
	acc += IK_ICMP_UNREACH << 8 | IK_UNREACH_PORT;

	IK_MIB_INC(s, IP, OutRequests);
	put_hdr(o, 0, (uint16_t)out, s->next_ipid++, ik_icmp_err_ttl(s), dst, src);
	o[HDR] = IK_ICMP_UNREACH;
	o[HDR + 1] = IK_UNREACH_PORT;
	ik_put16(o + HDR + 2, ik_csum_finish(acc));
	ik_put32(o + HDR + 4, 0);
	memcpy(o + IK_ICMP_ERR_OVERHEAD, b, q);
	if (xmit(s, &rt, out, s->now) < 0) {
		IK_MIB_INC(s, ICMP, OutErrors);
		return 0;
	}
	ik_icmp_out_count(s, IK_ICMP_UNREACH);
	return 0;
}

/**
 * fast_udp() - UDP to its socket, or Port Unreachable
 * @s: stack; @ifindex: arrival interface; @flags: link flags; @b: datagram;
 * @tot: its Total Length; @dst: our address
 *
 * Return: 0, or IK_FAST_MISS.
 */
static int fast_udp(struct ik_stack *s, unsigned ifindex, unsigned flags, const uint8_t *b,
		    size_t tot, uint32_t dst)
{
	struct ik_sock_tab *st = s->socks;
	const uint8_t *u = b + HDR;
	size_t ulen = ik_get16(u + 4);
	uint32_t src = ik_get32(b + 12);
	uint16_t sport, dport;
	int64_t usum = -1;
	int fd;

	if (ulen < IK_UDP_HDR_LEN || ulen > tot - HDR || st->raw[IK_IPPROTO_UDP] != IK_NOSOCK)
		return IK_FAST_MISS;
	if (ik_get16(u + 6)) {
		uint32_t sum = ik_csum_partial(u, ulen, 0);

		if (ik_csum_finish(sum + ik_csum_pseudo(src, dst, IK_IPPROTO_UDP, (uint16_t)ulen)))
			return IK_FAST_MISS; /* counted by the general path */
		if (ulen == tot - HDR)
			usum = sum;
	}
	sport = ik_get16(u);
	dport = ik_get16(u + 2);
	fd = ik_udp_lookup(st, dst, dport, src, sport, NULL);
	if (fd == IK_NOSOCK)
		return fast_unreach(s, ifindex, flags, b, tot, dst, usum);

	IK_MIB_INC(s, IP, InReceives);
	IK_MIB_INC(s, IP, InDelivers);
	if (ik_sock_enqueue(s, fd, src, sport, u + IK_UDP_HDR_LEN, ulen - IK_UDP_HDR_LEN, NULL,
			    0)) {
		IK_MIB_INC(s, UDP, RcvbufErrors);
		IK_MIB_INC(s, UDP, InErrors);
		return 0;
	}
	IK_MIB_INC(s, UDP, InDatagrams);
	return 0;
}

/**
 * ik_fast_input() - the fast path for the commonest datagrams
 * @s:       stack
 * @ifindex: arrival interface
 * @bytes:   the datagram
 * @len:     octets
 * @flags:   IK_RX_LINK_*
 * @now:     time
 *
 * Return: IK_FAST_MISS when the general path must take the datagram, else
 * what ik_stack_input() returns for it (0).
 */
int ik_fast_input(struct ik_stack *s, unsigned ifindex, const uint8_t *bytes, size_t len,
		  unsigned flags, uint64_t now)
{
	size_t tot;
	uint32_t dst;

	if (ifindex - 1u >= s->nifaces || len < HDR + 8 || bytes[0] != 0x45)
		return IK_FAST_MISS;
	tot = ik_get16(bytes + 2);
	dst = ik_get32(bytes + 16);
	/* RF, MF or an offset: not for us; DF is fine */
	if (tot > len || tot < HDR + 8 || (ik_get16(bytes + 6) & ~IK_IPV4_DF) ||
	    dst != s->ifaces[ifindex - 1].addr || !hdr_ok(bytes))
		return IK_FAST_MISS;
	/* the general path sets the clock first too: route and path MTU
	 * lookups read it */
	s->now = now;
	if (bytes[9] == IK_IPPROTO_ICMP)
		return fast_echo(s, ifindex, bytes, tot, dst);
	if (bytes[9] == IK_IPPROTO_UDP)
		return fast_udp(s, ifindex, flags, bytes, tot, dst);
	return IK_FAST_MISS;
}
