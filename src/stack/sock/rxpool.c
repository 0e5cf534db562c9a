// SPDX-License-Identifier: MIT
/**
 * DOC: the receive pool: where every socket's datagrams wait for recvfrom
 *
 * One pool of IK_CELL-octet cells, reserved when the stack is created,
 * holds the datagrams of every socket; a socket's queue is a list of
 * datagrams, each a chain of cells. Two properties matter with many
 * sockets:
 *
 * - Free cells form a last-in first-out list, so the cell a datagram is
 *   written to is the one the last recvfrom emptied: still in the cache,
 *   whichever socket it belonged to. A private ring per socket would put
 *   each socket's next record on a line (and a page) of its own, a cache
 *   and TLB miss per datagram once there are more sockets than the cache
 *   holds rings.
 * - Cells never used are not touched (@hwm), so the pool's memory is paged
 *   in only as deep as the traffic ever needed.
 *
 * Each datagram is charged IK_REC_HDR + its length to the socket's receive
 * buffer, and takes whole cells from the pool: when the pool is short the
 * datagram is dropped like one for a full buffer (Linux drops on udp_mem
 * the same way). A queue's bookkeeping (newest datagram, octets charged,
 * count) is kept in its oldest datagram's cell, so the socket itself needs
 * only the queue's head.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stack/sock/sock_priv.h"

/**
 * ik_rxpool_init() - reserve the receive pool
 * @st:     module state
 * @octets: its size (rounded down to whole cells, at least one)
 *
 * Return: 0 or -IK_ENOMEM.
 */
int ik_rxpool_init(struct ik_sock_tab *st, size_t octets)
{
	size_t n = octets / IK_CELL;

	if (n < 1)
		n = 1;
	if (n > INT32_MAX)
		n = INT32_MAX;
	/* not zeroed: a cell is written before it is read (@hwm) */
	/* not on huge pages: a 2 MiB page would be paged in by the first
	 * datagram, and the cells in use (last freed, first reused) are few */
	st->rx.cell = aligned_alloc(64, n * IK_CELL);
	if (!st->rx.cell)
		return -IK_ENOMEM;
	st->rx.n = st->rx.avail = (uint32_t)n;
	st->rx.hwm = 0;
	st->rx.free = IK_NOCELL;
	return 0;
}

/**
 * ik_rxpool_free() - release the receive pool
 * @st: module state
 */
void ik_rxpool_free(struct ik_sock_tab *st)
{
	free(st->rx.cell);
	st->rx.cell = NULL;
}

/**
 * cell_get() - a free cell (the pool has one: the caller checked @avail)
 * @p: pool
 * Return: its index.
 */
static inline int32_t cell_get(struct ik_rxpool *p)
{
	int32_t i = p->free;

	p->avail--;
	if (i != IK_NOCELL) {
		p->free = p->cell[i].next;
		return i;
	}
	return (int32_t)p->hwm++;
}

/**
 * chain_free() - return a datagram's chain of cells to the pool
 * @p: pool; @i: its first cell
 */
static void chain_free(struct ik_rxpool *p, int32_t i)
{
	while (i != IK_NOCELL) {
		int32_t next = p->cell[i].next;

		p->cell[i].next = p->free;
		p->free = i;
		p->avail++;
		i = next;
	}
}

/**
 * cell_copy() - memcpy() of at most one cell's data
 * @dst: output; @src: input; @n: octets
 *
 * @n's bound (IK_CELL_DATA) is hidden from the compiler: knowing it, gcc
 * inlines the copy as "rep movsq", whose start-up costs more than the whole
 * copy of a small datagram by memcpy().
 */
static inline void cell_copy(void *dst, const void *src, size_t n)
{
	__asm__("" : "+r"(n));
	memcpy(dst, src, n);
}

/**
 * copy_range() - octets [@off, @off + @n) of the concatenation @a @b
 * @dst: output; @a/@alen, @b/@blen: the two pieces; @off/@n: the range
 */
static inline void copy_range(uint8_t *dst, const uint8_t *a, size_t alen, const uint8_t *b,
			      size_t off, size_t n)
{
	if (off < alen) {
		size_t m = alen - off < n ? alen - off : n;

		cell_copy(dst, a + off, m);
		dst += m;
		n -= m;
		off += m;
	}
	if (n)
		cell_copy(dst, b + (off - alen), n);
}

/**
 * ik_sock_enqueue() - append one datagram to @fd's receive queue
 * @s:    stack
 * @fd:   descriptor
 * @addr: source address
 * @port: source port (UDP), else 0
 * @a:    first piece of data
 * @alen: its length
 * @b:    second piece (may be NULL)
 * @blen: its length
 *
 * The datagram is charged IK_REC_HDR + its length against the socket's
 * receive buffer (cfg.sock_rcvbuf) and takes whole cells, chained when it
 * is longer than one holds.
 *
 * Return: 0, or -ENOBUFS when the receive buffer is full, -ENOMEM when the
 * pool has too few free cells (nothing queued either way).
 */
int ik_sock_enqueue(struct ik_stack *s, int fd, uint32_t addr, uint16_t port, const void *a,
		    size_t alen, const void *b, size_t blen)
{
	struct ik_sock_tab *st = s->socks;
	struct ik_sock *sk = &st->sk[fd];
	struct ik_rxpool *p = &st->rx;
	size_t len = alen + blen, need = IK_REC_HDR + len;
	uint32_t k = len ? (uint32_t)((len + IK_CELL_DATA - 1) / IK_CELL_DATA) : 1;
	struct ik_cell *head = sk->qhead == IK_NOCELL ? NULL : &p->cell[sk->qhead];
	struct ik_cell *c;
	int32_t first;

	if (len > UINT16_MAX || need > (size_t)st->rcvbuf - (head ? head->rused : 0))
		return -ENOBUFS;
	if (k > p->avail)
		return -ENOMEM;
	first = cell_get(p);
	c = &p->cell[first];
	c->nextrec = IK_NOCELL;
	c->addr = addr;
	c->port = port;
	c->len = (uint16_t)len;
	for (size_t off = 0;;) {
		size_t m = len - off < IK_CELL_DATA ? len - off : IK_CELL_DATA;
		int32_t i;

		copy_range(c->data, a, alen, b, off, m);
		off += m;
		if (off == len)
			break;
		i = cell_get(p); /* the cell is full: chain the next */
		c->next = i;
		c = &p->cell[i];
	}
	c->next = IK_NOCELL;
	c = &p->cell[first];
	if (!head) { /* the queue's first: it keeps the bookkeeping */
		c->qtail = first;
		c->rused = (uint32_t)need;
		c->rcount = 1;
		sk->qhead = first;
		return 0;
	}
	p->cell[head->qtail].nextrec = first;
	head->qtail = first;
	head->rused += (uint32_t)need;
	head->rcount++;
	return 0;
}

/**
 * ik_rxq_take() - take @sk's oldest datagram
 * @st:   state
 * @sk:   socket with at least one datagram queued
 * @buf:  output (may be NULL when @cap is 0)
 * @cap:  its size: at most this many octets are copied
 * @addr: source address out (may be NULL)
 * @port: source port out (may be NULL)
 *
 * Return: the datagram's full length.
 */
size_t ik_rxq_take(struct ik_sock_tab *st, struct ik_sock *sk, void *buf, size_t cap,
		   uint32_t *addr, uint16_t *port)
{
	struct ik_rxpool *p = &st->rx;
	int32_t first = sk->qhead;
	const struct ik_cell *c = &p->cell[first];
	size_t len = c->len, want = len < cap ? len : cap;
	uint8_t *out = buf;

	if (addr)
		*addr = c->addr;
	if (port)
		*port = c->port;
	sk->qhead = c->nextrec;
	if (sk->qhead != IK_NOCELL) { /* the next one keeps the bookkeeping */
		struct ik_cell *n = &p->cell[sk->qhead];

		n->qtail = c->qtail;
		n->rused = c->rused - (uint32_t)(IK_REC_HDR + len);
		n->rcount = c->rcount - 1;
	}
	while (want) {
		size_t m = want < IK_CELL_DATA ? want : IK_CELL_DATA;

		cell_copy(out, c->data, m);
		out += m;
		want -= m;
		if (want)
			c = &p->cell[c->next];
	}
	chain_free(p, first);
	return len;
}

/**
 * ik_rxq_purge() - free every datagram queued on @sk
 * @st: state
 * @sk: socket
 */
void ik_rxq_purge(struct ik_sock_tab *st, struct ik_sock *sk)
{
	while (sk->qhead != IK_NOCELL) {
		int32_t i = sk->qhead;

		sk->qhead = st->rx.cell[i].nextrec;
		chain_free(&st->rx, i);
	}
}
