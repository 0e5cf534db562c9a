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
 *     - an Echo Request, from a source that names one host, not ignored
 *       (icmp_echo_ignore_all), no raw ICMP socket, whose reply fits the
 *       path MTU: the request is copied once into the transmit buffer while
 *       its checksum is verified (one pass), then type 0 with the ICMP
 *       checksum patched as RFC 1624 says, and a new 20-octet IP header
 *       whose checksum is summed from the values written;
 *     - UDP with a sound length and checksum, no raw UDP socket: queued on
 *       the socket the lookup names, or, with none, answered by Port
 *       Unreachable when no suppression rule applies (G3 link broadcast, G5
 *       source: those go the general way) and the error fits the path MTU.
 *       The quote is copied into the transmit buffer while it is summed;
 *       that one sum also verifies the UDP checksum when the quote holds the
 *       whole datagram, and the quoted IP header, whose checksum was
 *       verified, adds nothing to a ones' complement sum. The rate limit is
 *       asked as always.
 *
 * The route memo (route.c) also remembers that its destination names one
 * host, so answering the same peer again costs no route lookup and no G5
 * tests.
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
#include "wire/checksum_impl.h"

#define HDR IK_IPV4_HDR_MIN /* the fast path sees only option-less headers */

/* up to this many octets, copying and summing go in one pass */
#define FUSE_MAX 512

/**
 * fold_small() - fold a sum below 2^32 to 16 bits (two end-around carries
 * suffice)
 * @x: sum
 *
 * Return: the folded sum (0 only for 0).
 */
static inline uint32_t fold_small(uint32_t x)
{
	x = (x & 0xffffu) + (x >> 16);
	return (x & 0xffffu) + (x >> 16);
}

/**
 * udp_sum_ok() - whether a UDP checksum is right (RFC 768), given the sum
 * of the UDP octets
 * @usum: their sum, network order (ik_csum_partial())
 * @src/@dst: IP addresses; @ulen: UDP Length
 *
 * Return: true if the sum with the pseudo-header is all ones.
 */
static inline bool udp_sum_ok(uint32_t usum, uint32_t src, uint32_t dst, size_t ulen)
{
	/* seven terms below 2^16 */
	return fold_small(usum + (src >> 16) + (src & 0xffffu) + (dst >> 16) + (dst & 0xffffu) +
			  IK_IPPROTO_UDP + (uint32_t)ulen) == 0xffffu;
}

/**
 * sum_copy() - sum @len octets (RFC 1071), copying them to @d on the way
 * when @copy
 * @d: destination (must not overlap @p; unused without @copy); @p: source;
 * @len: octets; @copy: a constant at every call, so each inlined copy of
 * this is one loop without tests of it
 *
 * Short messages only (the callers use it up to FUSE_MAX octets): 32-bit
 * halves of 64-bit words into two 64-bit accumulators, which cannot carry
 * out. Longer ones are better served by memcpy() and the vector checksum
 * kernels.
 *
 * Return: the folded native-order sum.
 */
static inline __attribute__((always_inline)) uint32_t sum_copy(uint8_t *d, const uint8_t *p,
							       size_t len, const bool copy)
{
	uint64_t a = 0, b = 0, w;
	uint32_t h;
	uint16_t q;

	for (; len >= 16; p += 16, len -= 16) {
		uint64_t v;

		memcpy(&w, p, 8);
		memcpy(&v, p + 8, 8);
		if (copy) {
			memcpy(d, &w, 8);
			memcpy(d + 8, &v, 8);
			d += 16;
		}
		a += (w & 0xffffffffu) + (v & 0xffffffffu);
		b += (w >> 32) + (v >> 32);
	}
	if (len & 8) {
		memcpy(&w, p, 8);
		if (copy) {
			memcpy(d, &w, 8);
			d += 8;
		}
		a += w & 0xffffffffu;
		b += w >> 32;
		p += 8;
	}
	if (len & 4) {
		memcpy(&h, p, 4);
		if (copy) {
			memcpy(d, &h, 4);
			d += 4;
		}
		a += h;
		p += 4;
	}
	if (len & 2) {
		memcpy(&q, p, 2);
		if (copy) {
			memcpy(d, &q, 2);
			d += 2;
		}
		b += q;
		p += 2;
	}
	if (len & 1) {
		if (copy)
			*d = *p;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		a += *p;
#else
		a += (uint32_t)*p << 8;
#endif
	}
	return ik_csum_fold64(a + b);
}

/**
 * copy_sum() - copy @len octets and sum them in one pass
 * @d: destination; @p: source; @len: octets (at most FUSE_MAX)
 *
 * Return: the folded native-order sum.
 */
static inline uint32_t copy_sum(uint8_t *d, const uint8_t *p, size_t len)
{
	return sum_copy(d, p, len, true);
}

/**
 * sum_net() - the sum of @len octets as ik_csum_partial() gives it
 * @p: data; @len: octets
 *
 * Return: the network-order partial sum.
 */
static inline uint32_t sum_net(const uint8_t *p, size_t len)
{
	if (len <= FUSE_MAX)
		return ik_csum_swap16(sum_copy(NULL, p, len, false));
	return ik_csum_partial(p, len, 0);
}

/**
 * copy_sum_any() - copy_sum() for any length
 * @d: destination; @p: source; @len: octets
 *
 * Return: the folded native-order sum.
 */
static inline uint32_t copy_sum_any(uint8_t *d, const uint8_t *p, size_t len)
{
	if (len <= FUSE_MAX)
		return copy_sum(d, p, len);
	memcpy(d, p, len);
	return ik_csum_swap16(ik_csum_partial(p, len, 0)); /* network order back to native */
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
	/* nine 16-bit words: below 2^20 */
	uint32_t x = fold_small((0x4500u | tos) + tot + id + ((unsigned)ttl << 8 | IK_IPPROTO_ICMP) +
				(src >> 16) + (src & 0xffffu) + (dst >> 16) + (dst & 0xffffu));

	o[0] = 0x45;
	o[1] = tos;
	ik_put16(o + 2, tot);
	ik_put16(o + 4, id);
	ik_put16(o + 6, 0);
	o[8] = ttl;
	o[9] = IK_IPPROTO_ICMP;
	ik_put16(o + 10, (uint16_t)~x);
	ik_put32(o + 12, src);
	ik_put32(o + 16, dst);
}

/**
 * peer_ok() - may a datagram from @src be answered, and how does the
 * answer of @tot octets leave: G5 (ik_icmp_src_not_host()), the route and
 * the path MTU, as the general path finds them
 * @s: stack; @src: the sender; @ifindex: arrival interface; @tot: the
 * answer's length; @rt: route out
 *
 * The route memo remembers that the last destination routed names one
 * host, so a host answering the same peer again asks only the memo.
 *
 * Return: true when the answer can go unfragmented; false: the source
 * names no host, there is no route, or the answer needs fragments (the
 * general path does all three).
 */
static inline bool peer_ok(struct ik_stack *s, uint32_t src, unsigned ifindex, size_t tot,
			   struct ik_route_res *rt)
{
	struct ik_route_memo *m = s->route_memo;
	unsigned mtu;

	if (m->valid && m->dst == src && m->host_if == ifindex) {
		*rt = m->res;
	} else {
		if (ik_icmp_src_not_host(s, src, ifindex) || ik_route_lookup(s, src, rt))
			return false;
		if (m->valid && m->dst == src)
			m->host_if = ifindex;
	}
	mtu = rt->mtu;
	if (tot > (unsigned long)s->set.min_pmtu)
		mtu = ik_pmtu_lookup(s, src, mtu, NULL);
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
 * out_count() - ik_icmp_out_count() for a type known here
 * @s: stack; @type: ICMP type; @mib: its Out* counter
 */
static inline void out_count(struct ik_stack *s, uint8_t type, enum ik_mib_id mib)
{
	IK_MIB_INC(s, ICMP, OutMsgs);
	s->mib.c[mib]++;
	s->mib.out_type[type]++;
}

/**
 * fast_echo() - an Echo Request answered in one pass (E1, E2, E6)
 * @s: stack; @ifindex: arrival interface; @b: datagram; @tot: its Total
 * Length; @dst: our address it was sent to
 *
 * The request is copied into the transmit buffer while its checksum is
 * verified; when it is wrong the copy is forgotten and the general path
 * counts the error.
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
	uint16_t old, new;
	uint32_t x;

	if (m[0] != IK_ICMP_ECHO || s->set.icmp_echo_ignore_all ||
	    s->socks->raw[IK_IPPROTO_ICMP] != IK_NOSOCK || !peer_ok(s, src, ifindex, tot, &rt) ||
	    copy_sum_any(o + HDR, m, mlen) != 0xffffu)
		return IK_FAST_MISS;

	IK_MIB_INC(s, IP, InReceives);
	IK_MIB_INC(s, IP, InDelivers);
	IK_MIB_INC(s, ICMP, InMsgs);
	s->mib.in_type[IK_ICMP_ECHO]++;
	IK_MIB_INC(s, ICMP, InEchos);
	IK_MIB_INC(s, IP, OutRequests);

	/* type 8 -> 0: RFC 1624 eqn. 3, as ik_csum_update16() */
	old = (uint16_t)(IK_ICMP_ECHO << 8 | m[1]);
	new = (uint16_t)(IK_ICMP_ECHOREPLY << 8 | m[1]);
	x = (uint32_t)(uint16_t)~ik_get16(m + 2) + (uint16_t)~old + new;
	o[HDR] = IK_ICMP_ECHOREPLY;
	ik_put16(o + HDR + 2, (uint16_t)~fold_small(x));
	put_hdr(o, (uint8_t)(b[1] & 0xfcu), (uint16_t)tot, s->next_ipid++,
		(uint8_t)s->set.ip_default_ttl, dst, src);
	if (xmit(s, &rt, tot, s->now) < 0) {
		IK_MIB_INC(s, ICMP, OutErrors);
		return 0;
	}
	out_count(s, IK_ICMP_ECHOREPLY, IK_MIB_ICMP_OutEchoReps);
	return 0;
}

/**
 * fast_unreach() - Port Unreachable for a UDP datagram no socket wants (G9)
 * @s: stack; @ifindex: arrival interface; @flags: link flags; @b: datagram;
 * @tot: its Total Length; @dst: our address
 *
 * The quote is copied into the transmit buffer while it is summed; that sum
 * checks the UDP checksum too when the quote holds the whole datagram
 * (else the UDP octets are summed apart first). The quoted IP header sums
 * to 0 (its checksum is right), so it is copied without being summed.
 *
 * Return: 0, or IK_FAST_MISS.
 */
static int fast_unreach(struct ik_stack *s, unsigned ifindex, unsigned flags, const uint8_t *b,
			size_t tot, uint32_t dst)
{
	const uint8_t *u = b + HDR;
	size_t ulen = ik_get16(u + 4);
	uint32_t src = ik_get32(b + 12), qsum, acc;
	size_t q = ik_icmp_quote_len(s, tot, HDR);
	size_t out = IK_ICMP_ERR_OVERHEAD + q;
	struct ik_route_res rt;
	uint8_t *o = s->txbuf;

	/* G3 and G5 suppress the error: the general path says so */
	if ((flags & (IK_RX_LINK_BCAST | IK_RX_LINK_MCAST)) || !peer_ok(s, src, ifindex, out, &rt))
		return IK_FAST_MISS;
	qsum = ik_csum_swap16(copy_sum_any(o + IK_ICMP_ERR_OVERHEAD + HDR, u, q - HDR));
	if (ik_get16(u + 6)) {
		uint32_t usum = q == tot && ulen == tot - HDR ? qsum : sum_net(u, ulen);

		if (!udp_sum_ok(usum, src, dst, ulen))
			return IK_FAST_MISS; /* counted by the general path */
	}

	IK_MIB_INC(s, IP, InReceives);
	IK_MIB_INC(s, IP, InDelivers);
	IK_MIB_INC(s, UDP, NoPorts);
	if (ik_icmp_rate_check(s, src, IK_ICMP_UNREACH, IK_UNREACH_PORT, s->now) != IK_ICMP_RL_OK)
		return 0;

	acc = qsum + (IK_ICMP_UNREACH << 8 | IK_UNREACH_PORT);
	IK_MIB_INC(s, IP, OutRequests);
	put_hdr(o, 0, (uint16_t)out, s->next_ipid++, ik_icmp_err_ttl(s), dst, src);
	o[HDR] = IK_ICMP_UNREACH;
	o[HDR + 1] = IK_UNREACH_PORT;
	ik_put16(o + HDR + 2, (uint16_t)~fold_small(acc));
	ik_put32(o + HDR + 4, 0);
	memcpy(o + IK_ICMP_ERR_OVERHEAD, b, HDR);
	if (xmit(s, &rt, out, s->now) < 0) {
		IK_MIB_INC(s, ICMP, OutErrors);
		return 0;
	}
	out_count(s, IK_ICMP_UNREACH, IK_MIB_ICMP_OutDestUnreachs);
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
	uint16_t sport = ik_get16(u);
	int fd;

	if (ulen < IK_UDP_HDR_LEN || ulen > tot - HDR || st->raw[IK_IPPROTO_UDP] != IK_NOSOCK)
		return IK_FAST_MISS;
	fd = ik_udp_lookup(st, dst, ik_get16(u + 2), src, sport, NULL);
	if (fd == IK_NOSOCK)
		return fast_unreach(s, ifindex, flags, b, tot, dst);
	if (ik_get16(u + 6) && !udp_sum_ok(sum_net(u, ulen), src, dst, ulen))
		return IK_FAST_MISS; /* counted by the general path */

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

	/* a datagram that sits in the transmit buffer (a device looping
	 * back synchronously) would be overwritten by its own answer */
	if (ifindex - 1u >= s->nifaces || !bytes || len < HDR + 8 || bytes[0] != 0x45 ||
	    (uintptr_t)bytes - (uintptr_t)s->txbuf < IK_IPV4_MAX_LEN + IK_IPV4_HDR_MAX)
		return IK_FAST_MISS;
	tot = ik_get16(bytes + 2);
	dst = ik_get32(bytes + 16);
	/* RF, MF or an offset: not for us; DF is fine */
	if (tot > len || tot < HDR + 8 || (ik_get16(bytes + 6) & ~IK_IPV4_DF) ||
	    dst != s->ifaces[ifindex - 1].addr || !ik_ipv4_hdr_sum_ok(bytes, HDR) ||
	    ik_martian_src(s, ik_get32(bytes + 12), dst, ifindex))
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
