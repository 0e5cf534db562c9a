// SPDX-License-Identifier: MIT
/**
 * DOC: demultiplexing tables: UDP port, UDP 4-tuple, ping Identifier
 *
 * Chained hash tables whose links live in the socket pool (struct ik_sock's
 * bnext/tnext), sized at ik_socks_init() to a power of two from max_socks,
 * so nothing is allocated afterwards and a lookup walks only the sockets
 * sharing one bucket: its cost does not grow with the number of sockets.
 *
 * The port and Identifier tables are keyed by the 16-bit value alone, so a
 * bucket holds the sockets bound to one port (a few at most: UDP allows one
 * per local address) plus any other port of the same bucket. The 4-tuple
 * table mixes all four fields with a per-stack random seed: the remote half
 * of the key is chosen by other hosts, who must not be able to pile their
 * datagrams into one chain.
 *
 * Owns: the tables and the raw lists' heads, and each port-bound type's
 * port space (ik_port_spaces[]: which table, which range, which conflict
 * rule). The bottom of the socket layer: it may call only the core (the
 * PRNG, table allocation), never sock.c, sock_core.c or a type's file.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#include "stack/sock/sock_priv.h"

#define IK_PORT_TAB_MAX_BITS 16 /* 65536 buckets: one per port, no sharing */

/**
 * tab_bits() - log2 of the bucket count for @n sockets
 * @n: pool size; @max_bits: cap
 * Return: bits, 4..@max_bits (at least one bucket per socket).
 */
static unsigned tab_bits(unsigned n, unsigned max_bits)
{
	unsigned b = 4;

	while (b < max_bits && (1u << b) < n)
		b++;
	return b;
}

/**
 * htab_init() - allocate @bits worth of empty buckets
 * @t: table; @bits: log2 size
 * Return: 0 or -IK_ENOMEM.
 */
static int htab_init(struct ik_htab *t, unsigned bits)
{
	size_t n = (size_t)1 << bits;

	t->bits = bits;
	t->head = ik_table_alloc(n * sizeof(*t->head));
	if (!t->head)
		return -IK_ENOMEM;
	for (size_t i = 0; i < n; i++)
		t->head[i] = IK_NOSOCK;
	return 0;
}

const struct ik_port_space ik_port_spaces[] = {
	/* Linux ip_local_port_range; a port per local address */
	[IK_SOCK_UDP] = { offsetof(struct ik_sock_tab, udp_port), IK_EPHEMERAL_LO,
			  IK_EPHEMERAL_HI, false, "port" },
	/* as Linux ping_get_port: any Identifier, one socket each */
	[IK_SOCK_PING] = { offsetof(struct ik_sock_tab, ping), 1, 65535, true, "identifier" },
	[IK_SOCK_RAW] = { 0, 0, 0, false, NULL }, /* raw sockets hold no port */
	/* IPv6 (IPV6_V6ONLY): the same rules in tables of their own */
	[IK_SOCK_UDP6] = { offsetof(struct ik_sock_tab, udp6_port), IK_EPHEMERAL_LO,
			   IK_EPHEMERAL_HI, false, "port" },
	[IK_SOCK_PING6] = { offsetof(struct ik_sock_tab, ping6), 1, 65535, true, "identifier" },
	[IK_SOCK_RAW6] = { 0, 0, 0, false, NULL },
};

/**
 * port_tab() - the port table a socket type uses
 * @st: state; @type: IK_SOCK_UDP or IK_SOCK_PING
 * Return: the table.
 */
static inline struct ik_htab *port_tab(struct ik_sock_tab *st, uint8_t type)
{
	return (struct ik_htab *)((char *)st + ik_port_spaces[type].tab);
}

/**
 * ik_hash_init() - allocate the tables for @n sockets
 * @st: module state; @n: pool size; @seed: hash seed
 *
 * Return: 0 or -IK_ENOMEM.
 */
int ik_hash_init(struct ik_sock_tab *st, unsigned n, uint64_t seed)
{
	st->seed = seed;
	for (unsigned i = 0; i < 256; i++)
		st->raw[i] = st->raw6[i] = IK_NOSOCK;
	if (htab_init(&st->udp_port, tab_bits(n, IK_PORT_TAB_MAX_BITS)) ||
	    htab_init(&st->ping, tab_bits(n, IK_PORT_TAB_MAX_BITS)) ||
	    htab_init(&st->udp_tuple, tab_bits(n, 24)) ||
	    htab_init(&st->udp6_port, tab_bits(n, IK_PORT_TAB_MAX_BITS)) ||
	    htab_init(&st->ping6, tab_bits(n, IK_PORT_TAB_MAX_BITS)))
		return -IK_ENOMEM;
	return 0;
}

/**
 * ik_hash_free() - release the tables
 * @st: module state
 */
void ik_hash_free(struct ik_sock_tab *st)
{
	free(st->udp_port.head);
	free(st->ping.head);
	free(st->udp_tuple.head);
	free(st->udp6_port.head);
	free(st->ping6.head);
	st->udp_port.head = st->ping.head = st->udp_tuple.head = NULL;
	st->udp6_port.head = st->ping6.head = NULL;
}

/**
 * ik_port_conflict() - whether binding @port/@addr would collide
 * @st:   state
 * @type: IK_SOCK_UDP or IK_SOCK_PING
 * @port: port or Identifier
 * @addr: local address (0 = any)
 * @self: the socket asking (never conflicts with itself)
 *
 * Return: true on conflict.
 */
bool ik_port_conflict(const struct ik_sock_tab *st, uint8_t type, uint16_t port, uint32_t addr,
		      int self)
{
	const struct ik_port_space *sp = &ik_port_spaces[type];
	const struct ik_htab *t = (const struct ik_htab *)((const char *)st + sp->tab);

	for (int32_t i = t->head[ik_port_bucket(t, port)]; i != IK_NOSOCK; i = st->sk[i].bnext) {
		const struct ik_sock *o = &st->sk[i];

		if (i == self || o->lport != port)
			continue;
		if (sp->excl)
			return true;
		if (!o->laddr || !addr || o->laddr == addr)
			return true;
	}
	return false;
}

/**
 * ik_port_pick() - a free ephemeral port or Identifier
 * @s:    stack
 * @type: IK_SOCK_UDP (32768..60999, Linux ip_local_port_range) or
 *        IK_SOCK_PING (1..65535, as Linux ping_get_port)
 * @addr: local address the socket is bound to
 * @self: the asking socket
 * @out:  the port chosen
 *
 * Starts at a random point of the range and probes upwards (wrapping) for
 * the first value nobody holds, so two sockets never share one.
 *
 * Return: 0, or -EADDRINUSE when the whole range is taken.
 */
int ik_port_pick(struct ik_stack *s, uint8_t type, uint32_t addr, int self, uint16_t *out)
{
	uint32_t lo = ik_port_spaces[type].lo;
	uint32_t hi = ik_port_spaces[type].hi;
	uint32_t n = hi - lo + 1;
	uint32_t off = ik_rand(s) % n;

	for (uint32_t i = 0; i < n; i++) {
		uint16_t p = (uint16_t)(lo + (off + i) % n);

		if (!ik_port_conflict(s->socks, type, p, addr, self)) {
			*out = p;
			return 0;
		}
	}
	return -EADDRINUSE;
}

/**
 * ik_port_insert() - enter bound socket @fd in its port/ping table
 * @st: state
 * @fd: descriptor (type, lport set)
 */
void ik_port_insert(struct ik_sock_tab *st, int fd)
{
	struct ik_sock *sk = &st->sk[fd];
	struct ik_htab *t = port_tab(st, sk->type);
	uint32_t b = ik_port_bucket(t, sk->lport);

	sk->bnext = t->head[b];
	t->head[b] = fd;
	sk->bound = true;
}

/**
 * ik_port_remove() - take @fd out of its port/ping table (if bound)
 * @st: state
 * @fd: descriptor
 */
void ik_port_remove(struct ik_sock_tab *st, int fd)
{
	struct ik_sock *sk = &st->sk[fd];
	struct ik_htab *t = port_tab(st, sk->type);
	int32_t *pp;

	if (!sk->bound)
		return;
	for (pp = &t->head[ik_port_bucket(t, sk->lport)]; *pp != IK_NOSOCK; pp = &st->sk[*pp].bnext) {
		if (*pp == fd) {
			*pp = sk->bnext;
			break;
		}
	}
	sk->bnext = IK_NOSOCK;
	sk->bound = false;
}

/**
 * ik_tuple_insert() - enter connected UDP socket @fd in the 4-tuple table
 * @st: state
 * @fd: descriptor (laddr, lport, raddr, rport set)
 */
void ik_tuple_insert(struct ik_sock_tab *st, int fd)
{
	struct ik_sock *sk = &st->sk[fd];
	uint32_t b = ik_tuple_bucket(st, sk->laddr, sk->lport, sk->raddr, sk->rport);

	sk->tnext = st->udp_tuple.head[b];
	st->udp_tuple.head[b] = fd;
	st->nconn++;
}

/**
 * ik_tuple_remove() - take @fd out of the 4-tuple table
 * @st: state
 * @fd: descriptor (with the fields it was inserted with)
 */
void ik_tuple_remove(struct ik_sock_tab *st, int fd)
{
	struct ik_sock *sk = &st->sk[fd];
	int32_t *pp = &st->udp_tuple.head[ik_tuple_bucket(st, sk->laddr, sk->lport, sk->raddr,
							      sk->rport)];

	for (; *pp != IK_NOSOCK; pp = &st->sk[*pp].tnext) {
		if (*pp == fd) {
			*pp = sk->tnext;
			st->nconn--;
			break;
		}
	}
	sk->tnext = IK_NOSOCK;
}

/**
 * ik_udp_lookup() - the UDP socket for a datagram laddr:lport <- raddr:rport
 * @st:    state
 * @laddr: destination address of the datagram (ours)
 * @lport: its destination port
 * @raddr: its source address
 * @rport: its source port
 * @how:   set to which table matched (may be NULL)
 *
 * Return: descriptor, or IK_NOSOCK.
 */
int ik_udp_lookup(const struct ik_sock_tab *st, uint32_t laddr, uint16_t lport, uint32_t raddr,
		  uint16_t rport, const char **how)
{
	const struct ik_htab *pt = &st->udp_port;
	int best = IK_NOSOCK;

	/* no connected socket (the common server): no 4-tuple probe */
	for (int32_t i = st->nconn ? st->udp_tuple.head[ik_tuple_bucket(st, laddr, lport, raddr, rport)]
				   : IK_NOSOCK;
	     i != IK_NOSOCK; i = st->sk[i].tnext) {
		const struct ik_sock *sk = &st->sk[i];

		if (sk->lport == lport && sk->rport == rport && sk->raddr == raddr &&
		    sk->laddr == laddr) {
			if (how)
				*how = "connected 4-tuple";
			return i;
		}
	}
	for (int32_t i = pt->head[ik_port_bucket(pt, lport)]; i != IK_NOSOCK; i = st->sk[i].bnext) {
		const struct ik_sock *sk = &st->sk[i];

		if (sk->lport != lport || sk->connected)
			continue;
		if (sk->laddr == laddr) {
			best = i;
			break;
		}
		if (!sk->laddr && best == IK_NOSOCK)
			best = i;
	}
	if (how && best != IK_NOSOCK)
		*how = st->sk[best].laddr ? "bound address and port" : "bound port, any address";
	return best;
}

/**
 * ik_ping_lookup() - the ping socket owning @ident
 * @st:    state
 * @ident: echo Identifier of the reply (or of the quoted request)
 * @laddr: our address (a socket bound to another one does not match)
 * @raddr: the peer (a connected socket matches only its own)
 *
 * Return: descriptor, or IK_NOSOCK.
 */
int ik_ping_lookup(const struct ik_sock_tab *st, uint16_t ident, uint32_t laddr, uint32_t raddr)
{
	const struct ik_htab *t = &st->ping;

	for (int32_t i = t->head[ik_port_bucket(t, ident)]; i != IK_NOSOCK; i = st->sk[i].bnext) {
		const struct ik_sock *sk = &st->sk[i];

		if (sk->lport != ident)
			continue;
		if (sk->laddr && sk->laddr != laddr)
			return IK_NOSOCK;
		if (sk->connected && sk->raddr != raddr)
			return IK_NOSOCK;
		return i;
	}
	return IK_NOSOCK;
}
