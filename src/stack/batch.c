// SPDX-License-Identifier: MIT
/**
 * DOC: batched input: the cache misses of a batch taken together
 *
 * With many sockets, delivering a datagram costs cache misses that each
 * wait for the one before: the port table's bucket names the socket (struct
 * ik_sock, one line), and the socket names the line of its receive ring the
 * record goes to. One datagram at a time, every datagram pays those
 * latencies in full, one after the other. ik_stack_input_batch() takes a
 * group of up to GROUP datagrams through the chain together, in passes,
 * each pass prefetching what the next one reads:
 *
 *   1. parse: an option-less UDP datagram to the arrival interface's
 *      address (what the fast path takes)? prefetch its port bucket (and
 *      its 4-tuple bucket when some socket is connected);
 *   2. read the bucket heads; prefetch the first socket of each chain;
 *   3. read those sockets: one step of the lookup. The socket it will
 *      choose gets the ring line where the record goes prefetched (for
 *      writing); a port chain that goes on (a port bound on several
 *      addresses) gets its next socket prefetched;
 *   4. the same step again, on those next sockets;
 *   5. load the ring lines (the misses are already under way; the loads
 *      make sure every line, and its page's translation, is there before
 *      the stores that will write it, which would otherwise stall);
 *   6. ik_stack_input() on each datagram in order, which finds what it
 *      needs in the cache.
 *
 * The misses of a pass are independent, so the processor overlaps them: a
 * pass costs about one memory latency, not one per datagram. (A software
 * pipeline spreading prefetches one stage per datagram ahead of the
 * processing was measured first, and was slower here: with tens of thousands
 * of receive rings on as many pages, its ring prefetches did not bring the
 * lines in time, and the processing stalled on its stores.)
 *
 * The passes only read and prefetch; everything is done by ik_stack_input()
 * itself, in order, so a batch does exactly what n calls do, even if
 * processing one datagram changed a table a pass had already read (a stale
 * hint only costs a miss). With fewer than AHEAD_MIN_SOCKS sockets open,
 * what they need stays in the cache and the passes are skipped.
 */
#include <limits.h>

#include "icmpkit/udp.h"
#include "stack/sock_priv.h"

#define GROUP 32u /* datagrams whose misses are taken together */
/*
 * Below this many open sockets, their hot lines (the socket's and its
 * ring's, 128 octets each) fit a 1 MB L2 cache half over, and the passes cost
 * more than the misses they would save (measured: 1,000 sockets)
 */
#define AHEAD_MIN_SOCKS 4096u


/**
 * struct ahead - what the passes learned of one datagram
 * @dst/@src:     IP addresses
 * @dport/@sport: UDP ports
 * @need:         octets its ring record takes
 * @t:            the socket of its 4-tuple chain to look at (IK_NOSOCK:
 *                none, or no socket is connected)
 * @p:            the socket of its port chain to look at (IK_NOSOCK: none)
 * @rl:           the ring line its record will be written to (NULL: not
 *                known)
 * @udp:          a UDP datagram the passes follow
 */
struct ahead {
	uint32_t dst, src;
	uint16_t dport, sport;
	uint32_t need;
	int32_t t, p;
	const uint8_t *rl;
	bool udp;
};

/**
 * touch() - load one octet, so its line (and its page's translation) is
 * in the cache when the loop moves on; the value is not used
 * @p: address inside a live object
 */
static inline void touch(const void *p)
{
	(void)*(const volatile uint8_t *)p;
}

/**
 * pass_parse() - pass 1: is it UDP the fast path takes; prefetch its buckets
 * @st: socket tables; @addr: the interface's address; @p: datagram; @a: out
 */
static inline void pass_parse(const struct ik_sock_tab *st, uint32_t addr, const struct ik_pkt *p,
			      struct ahead *a)
{
	const uint8_t *b = p->bytes;
	uint32_t ulen;

	a->udp = false;
	a->rl = NULL;
	if (!b || p->len < IK_IPV4_HDR_MIN + IK_UDP_HDR_LEN || b[0] != 0x45 ||
	    b[9] != IK_IPPROTO_UDP || ik_get32(b + 16) != addr)
		return;
	a->udp = true;
	a->dst = addr;
	a->src = ik_get32(b + 12);
	a->sport = ik_get16(b + 20);
	a->dport = ik_get16(b + 22);
	ulen = ik_get16(b + 24);
	a->need = (uint32_t)sizeof(struct ik_rec) + (ulen > IK_UDP_HDR_LEN ? ulen - IK_UDP_HDR_LEN : 0);
	if (st->nconn)
		__builtin_prefetch(&st->udp_tuple.head[ik_tuple_bucket(st, a->dst, a->dport, a->src,
								       a->sport)]);
	__builtin_prefetch(&st->udp_port.head[ik_port_bucket(&st->udp_port, a->dport)]);
}

/**
 * pass_heads() - pass 2: read the bucket heads, prefetch their sockets
 * @st: socket tables; @a: the datagram
 */
static inline void pass_heads(const struct ik_sock_tab *st, struct ahead *a)
{
	if (!a->udp)
		return;
	a->t = st->nconn ? st->udp_tuple.head[ik_tuple_bucket(st, a->dst, a->dport, a->src,
								  a->sport)]
			 : IK_NOSOCK;
	a->p = st->udp_port.head[ik_port_bucket(&st->udp_port, a->dport)];
	if (a->t != IK_NOSOCK)
		__builtin_prefetch(&st->sk[a->t]);
	if (a->p != IK_NOSOCK)
		__builtin_prefetch(&st->sk[a->p]);
}

/**
 * ring_line() - where in @sk's ring a record of @need octets would go now;
 * prefetched for writing (a second line too when the record crosses one)
 * @sk: socket; @need: octets
 *
 * Return: the address, or NULL (no ring, no room: the datagram will be
 * dropped without a write, or a socket changing under us).
 */
static inline const uint8_t *ring_line(const struct ik_sock *sk, uint32_t need)
{
	const uint8_t *r;
	uint64_t off;

	if (!sk->ring || !sk->rcap)
		return NULL;
	off = (uint64_t)sk->rhead + sk->rused;
	if (off >= sk->rcap)
		off -= sk->rcap;
	if (off >= sk->rcap || need > sk->rcap - sk->rused)
		return NULL;
	r = sk->ring + off;
	__builtin_prefetch(r, 1);
	if (need <= sk->rcap - off && ((uintptr_t)r & 63u) + need > 64u)
		__builtin_prefetch(r + need - 1, 1);
	return r;
}

/**
 * pass_step() - passes 3 and 4: one step of the lookup on the sockets the
 * pass before prefetched, with ik_udp_lookup()'s order and tests: the
 * socket found gets its ring line prefetched, a port chain that goes on
 * gets its next socket prefetched (two steps cover a port bound on two
 * addresses)
 * @st: socket tables; @a: the datagram
 */
static inline void pass_step(const struct ik_sock_tab *st, struct ahead *a)
{
	const struct ik_sock *c;

	if (!a->udp)
		return;
	if (a->t != IK_NOSOCK) {
		c = &st->sk[a->t];
		a->t = IK_NOSOCK; /* the connected socket heads its chain, or the lookup walks */
		if (c->lport == a->dport && c->rport == a->sport && c->raddr == a->src &&
		    c->laddr == a->dst)
			goto found;
	}
	if (a->p == IK_NOSOCK)
		return;
	c = &st->sk[a->p];
	/* a hint: the lookup prefers an exact address to the wildcard */
	if (c->lport == a->dport && !c->connected && (c->laddr == a->dst || !c->laddr))
		goto found;
	a->p = c->bnext;
	if (a->p != IK_NOSOCK)
		__builtin_prefetch(&st->sk[a->p]);
	return;
found:
	a->rl = ring_line(c, a->need);
	a->udp = false;
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
	struct ahead a[GROUP];
	uint32_t addr = 0;
	bool ahead;
	int ok = 0;

	if ((!pkts && n) || n > INT_MAX)
		return -IK_EINVAL;
	/* with a trace sink every step is shown (no fast path to prepare
	 * for); an unknown interface refuses everything; a few thousand
	 * sockets stay in the cache anyway */
	ahead = !s->trace_fn && ifindex - 1u < s->nifaces && st->open >= AHEAD_MIN_SOCKS;
	if (ahead)
		addr = s->ifaces[ifindex - 1].addr;
	for (size_t base = 0; base < n; base += GROUP) {
		size_t m = n - base < GROUP ? n - base : GROUP;

		if (ahead) {
			for (size_t i = 0; i < m; i++)
				pass_parse(st, addr, &pkts[base + i], &a[i]);
			for (size_t i = 0; i < m; i++)
				pass_heads(st, &a[i]);
			for (size_t i = 0; i < m; i++)
				pass_step(st, &a[i]);
			for (size_t i = 0; i < m; i++)
				pass_step(st, &a[i]);
			for (size_t i = 0; i < m; i++)
				if (a[i].rl)
					touch(a[i].rl);
		}
		for (size_t i = 0; i < m; i++) {
			const struct ik_pkt *p = &pkts[base + i];

			ok += ik_stack_input(s, ifindex, p->bytes, p->len, p->flags, now) == 0;
		}
	}
	return ok;
}
