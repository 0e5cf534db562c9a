// SPDX-License-Identifier: MIT
/**
 * DOC: batched input: the cache misses of a batch overlapped
 *
 * With many sockets, delivering a UDP datagram costs cache misses that
 * each wait for the one before: the port table's bucket names the socket
 * (struct ik_sock, one line), and when a port is bound on several addresses
 * the socket names the next one of its chain. One datagram at a time, each
 * datagram pays those latencies in full. ik_stack_input_batch() runs a
 * software pipeline over the batch instead: while datagram i is processed,
 * the datagrams after it are being prepared, each stage DIST datagrams
 * ahead of the next:
 *
 *   A (i + 3 DIST): an option-less UDP datagram to the arrival interface's
 *                   address (what the fast path takes)? prefetch its port
 *                   bucket (and its 4-tuple bucket when some socket is
 *                   connected);
 *   B (i + 2 DIST): read the bucket heads; prefetch those sockets;
 *   C (i + DIST):   read them: when the head of the port chain is not the
 *                   socket the lookup will choose, prefetch the next one;
 *                   when the chosen socket already has datagrams queued,
 *                   prefetch its oldest (which keeps the queue's
 *                   bookkeeping);
 *   processing (i): ik_stack_input(), which finds what it needs in the
 *                   cache.
 *
 * The misses of different datagrams are independent, so the processor
 * overlaps them, and each one has the time of DIST datagrams' processing to
 * arrive. The stages are kept to a few loads each: with every socket in the
 * cache they cost a few nanoseconds per datagram, which is why they are
 * skipped below AHEAD_MIN_SOCKS open sockets.
 *
 * The stages only read and prefetch; everything is done by ik_stack_input()
 * itself, in order, so a batch does exactly what n calls do, even if
 * processing one datagram changed a table a stage had already read (a stale
 * hint only costs a miss).
 */
#include <limits.h>

#include "icmpkit/udp.h"
#include "stack/sock/sock_priv.h"

#define DIST 4u                /* datagrams between two stages */
#define RING 32u               /* hints kept (>= 3 DIST + 1): the datagrams in flight */
/*
 * Below this many open sockets, they (32 octets each) stay in a 1 MB L2
 * cache, and the stages cost more than the misses they would save
 */
#define AHEAD_MIN_SOCKS 4096u

/**
 * struct hint - what the stages learned of one datagram
 * @dport/@sport: UDP ports
 * @dst/@src:     IP addresses
 * @t:            head of its 4-tuple chain (IK_NOSOCK: none, or no socket
 *                is connected)
 * @p:            head of its port chain (IK_NOSOCK: none)
 * @udp:          a UDP datagram the stages follow
 */
struct hint {
	uint16_t dport, sport;
	uint32_t dst, src;
	int32_t t, p;
	bool udp;
};

/**
 * stage_a() - UDP for the fast path? prefetch its buckets
 * @st: socket tables; @addr: the interface's address; @p: datagram; @h: out
 */
static inline void stage_a(const struct ik_sock_tab *st, uint32_t addr, const struct ik_pkt *p,
			   struct hint *h)
{
	struct ik_ipv4_view v;
	struct ik_udp_view u;

	h->udp = ik_ipv4_view_init(&v, p->bytes, p->len) == IK_IPV4_HDR_MIN &&
		 ik_ipv4_proto(&v) == IK_IPPROTO_UDP && ik_ipv4_dst(&v) == addr &&
		 ik_udp_view_init(&u, p->bytes + IK_IPV4_HDR_MIN, p->len - IK_IPV4_HDR_MIN) == 0;
	if (!h->udp)
		return;
	h->dst = addr;
	h->src = ik_ipv4_src(&v);
	h->sport = ik_udp_sport(&u);
	h->dport = ik_udp_dport(&u);
	if (st->nconn)
		__builtin_prefetch(&st->udp_tuple.head[ik_tuple_bucket(st, h->dst, h->dport, h->src,
								       h->sport)]);
	__builtin_prefetch(&st->udp_port.head[ik_port_bucket(&st->udp_port, h->dport)]);
}

/**
 * stage_b() - read the bucket heads, prefetch their sockets
 * @st: socket tables; @h: the datagram's hint
 */
static inline void stage_b(const struct ik_sock_tab *st, struct hint *h)
{
	if (!h->udp)
		return;
	h->t = IK_NOSOCK;
	if (st->nconn) {
		h->t = st->udp_tuple.head[ik_tuple_bucket(st, h->dst, h->dport, h->src, h->sport)];
		if (h->t != IK_NOSOCK)
			__builtin_prefetch(&st->sk[h->t]);
	}
	h->p = st->udp_port.head[ik_port_bucket(&st->udp_port, h->dport)];
	if (h->p != IK_NOSOCK)
		__builtin_prefetch(&st->sk[h->p]);
}

/**
 * stage_c() - read the head sockets, with ik_udp_lookup()'s tests: the
 * socket it will choose gets its oldest queued cell prefetched; a port
 * chain whose head is not it gets its next socket prefetched
 * @st: socket tables; @h: the datagram's hint
 */
static inline void stage_c(const struct ik_sock_tab *st, const struct hint *h)
{
	const struct ik_sock *c;

	if (!h->udp)
		return;
	if (h->t != IK_NOSOCK) {
		c = &st->sk[h->t];
		if (c->lport == h->dport && c->rport == h->sport && c->raddr == h->src &&
		    c->laddr == h->dst)
			goto found;
	}
	if (h->p == IK_NOSOCK)
		return;
	c = &st->sk[h->p];
	/* the lookup prefers an exact address to the wildcard: a hint */
	if (c->lport == h->dport && !c->connected && (c->laddr == h->dst || !c->laddr))
		goto found;
	if (c->bnext != IK_NOSOCK)
		__builtin_prefetch(&st->sk[c->bnext]);
	return;
found:
	if (c->qhead != IK_NOCELL && (uint32_t)c->qhead < st->rx.n)
		__builtin_prefetch(&st->rx.cell[c->qhead], 1);
}

/**
 * ik_stack_input_batch() - datagrams that arrived together on one interface
 * @s:       stack
 * @ifindex: interface they arrived on
 * @pkts:    the datagrams, in arrival order
 * @n:       how many
 * @now:     current time (ns)
 *
 * Return: how many were accepted, or -IK_EINVAL (nothing done).
 */
int ik_stack_input_batch(struct ik_stack *s, unsigned ifindex, const struct ik_pkt *pkts,
			 size_t n, uint64_t now)
{
	const struct ik_sock_tab *st = s->socks;
	struct hint h[RING];
	uint32_t addr;
	int ok = 0;

	if ((!pkts && n) || n > INT_MAX)
		return -IK_EINVAL;
	/* with a trace sink every step is shown (no fast path to prepare
	 * for); an unknown interface refuses everything; a few thousand
	 * sockets stay in the cache anyway */
	if (s->trace_fn || ifindex - 1u >= s->nifaces || st->open < AHEAD_MIN_SOCKS) {
		for (size_t i = 0; i < n; i++)
			ok += ik_stack_input(s, ifindex, pkts[i].bytes, pkts[i].len, pkts[i].flags,
					     now) == 0;
		return ok;
	}
	addr = s->ifaces[ifindex - 1].addr;
	for (size_t i = 0; i < n + 3 * DIST; i++) {
		if (i < n)
			stage_a(st, addr, &pkts[i], &h[i % RING]);
		if (i >= DIST && i - DIST < n)
			stage_b(st, &h[(i - DIST) % RING]);
		if (i >= 2 * DIST && i - 2 * DIST < n)
			stage_c(st, &h[(i - 2 * DIST) % RING]);
		if (i >= 3 * DIST) {
			const struct ik_pkt *p = &pkts[i - 3 * DIST];

			ok += ik_stack_input(s, ifindex, p->bytes, p->len, p->flags, now) == 0;
		}
	}
	return ok;
}
