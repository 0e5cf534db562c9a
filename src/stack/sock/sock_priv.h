/* SPDX-License-Identifier: MIT */
/**
 * DOC: the sock module's private contract (sock.c, sock_core.c, udp.c,
 * ping.c, raw.c, hash.c, rxpool.c, pmtu.c)
 *
 * Calls run one way, from the public API down:
 *
 *   sock.c        the API of icmpkit/sock.h; per type through sock_ops[]
 *     |           (struct ik_sock_ops, one per enum ik_sock_type)
 *   udp.c, ping.c, raw.c   each type's ops, input, ICMP errors
 *     |
 *   sock_core.c   pool entries, error queue, err policy, output path, the
 *     |           bind/connect steps UDP and ping share
 *   hash.c, rxpool.c, pmtu.c   demultiplexing tables, receive pool, path MTU
 *
 * Nothing calls upwards: the types never call sock.c, sock_core.c never
 * calls a type. The receive path (ik_udp_input -> ik_udp_lookup ->
 * ik_sock_enqueue, ik_ping_input, ik_raw_deliver) makes direct calls only;
 * the ops serve the API side (open, bind, connect, send, close).
 *
 * Sockets live in one pool of cfg.max_socks entries; a descriptor is the
 * entry's index. Three demultiplexing tables chain pool entries by index, so
 * nothing is allocated after ik_socks_init() except a socket's error queue,
 * allocated once when it is opened. Received datagrams wait in cells of one
 * receive pool shared by every socket (rxpool.c), charged to the socket's
 * receive buffer:
 *
 *   UDP port table      local port       -> UDP sockets bound to it
 *   UDP 4-tuple table   (laddr, lport, raddr, rport) -> connected UDP socket
 *   ping table          echo Identifier  -> ping socket
 *
 * plus one list per IP protocol number for raw sockets. Every chain holds
 * only the sockets sharing a bucket, so lookups cost the same with 1 socket
 * or 100,000.
 */
#ifndef ICMPKIT_STACK_SOCK_PRIV_H
#define ICMPKIT_STACK_SOCK_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "stack/internal.h"

#define IK_NOSOCK (-1)

/* Linux ip_local_port_range defaults */
#define IK_EPHEMERAL_LO 32768u
#define IK_EPHEMERAL_HI 60999u

/* Linux ip_rt_mtu_expires: a learned path MTU is forgotten after 10 minutes */
#define IK_PMTU_EXPIRES_NS (600 * IK_NS_PER_S)

/**
 * struct ik_sock - the part of a socket that demultiplexing, delivery and
 * recvfrom touch: 32 octets, two sockets to a cache line, the pool aligned
 * on lines (the rest is in struct ik_sock_aux)
 * @lport:      local port, or echo Identifier for ping sockets
 * @rport:      peer port (UDP)
 * @laddr:      local address, 0 = any
 * @raddr:      peer address (connected)
 * @bnext:      next in the port / ping bucket, or in the free list
 * @tnext:      next in the 4-tuple bucket
 * @qhead:      first cell of the oldest queued datagram, IK_NOCELL when
 *              none; that cell also holds the queue's newest datagram, its
 *              octets charged and its count (struct ik_cell)
 * @type:       enum ik_sock_type; 0 while the entry is free
 * @proto:      raw sockets: the IP protocol number received
 * @bound:      a port / identifier is held (in the port or ping table)
 * @port_lock:  the port was bound explicitly (kept on disconnect)
 * @addr_lock:  the local address was bound explicitly (kept on disconnect)
 * @connected:  a peer is fixed (UDP: also in the 4-tuple table)
 * @err:        pending hard error (positive errno), 0 none (Linux sk_err)
 *
 * With 100,000 sockets the pool is 3.2 MB, which stays in a last-level
 * cache that 64-octet sockets (6.4 MB) overflowed: a datagram to a random
 * socket then waits for the cache, not for memory (bench_stack demux).
 */
struct ik_sock {
	uint16_t lport, rport;
	uint32_t laddr, raddr;
	int32_t bnext, tnext;
	int32_t qhead;
	uint8_t type;
	uint8_t proto;
	bool bound : 1, port_lock : 1, addr_lock : 1, connected : 1;
	int16_t err;
};

_Static_assert(sizeof(struct ik_sock) == 32, "two sockets to a cache line");

/**
 * struct ik_sock_aux - the rest of a socket, in an array of its own
 * @eq:     error queue (@eqcap entries, allocated at open)
 * @eqcap:  its size (at most 65535 entries)
 * @eqhead: oldest entry
 * @eqn:    entries queued
 * @rnext:  next raw socket of the same protocol
 * @ttl:    IK_SO_TTL (0: ip_default_ttl)
 * @tos:    IK_SO_TOS
 * @pmtud:  IK_SO_MTU_DISCOVER + 1; 0: follow ip_no_pmtu_disc
 */
struct ik_sock_aux {
	struct ik_sock_err *eq;
	uint16_t eqcap, eqhead, eqn;
	int32_t rnext;
	uint8_t ttl, tos, pmtud;
};

/**
 * struct ik_sock6 - an IPv6 socket's addresses (its struct ik_sock's
 * @laddr holds the local address's id, ik_sock6_addr_id(), so binding and
 * port conflicts work as for IPv4)
 * @laddr: bound address (:: none)
 * @raddr: peer (connected)
 * @oif:   interface the bound address is on (a link-local peer goes out
 *         of it), 0 none
 */
struct ik_sock6 {
	uint8_t laddr[16];
	uint8_t raddr[16];
	unsigned oif;
};

#define IK_NOCELL (-1)
#define IK_CELL 256u /* octets per receive cell: four cache lines */
/* receive-buffer octets a datagram is charged besides its data (its
 * source address, port and length, as the ring records had) */
#define IK_REC_HDR 8u

/**
 * struct ik_cell - one cell of the receive pool
 * @next:    next cell of the same datagram, or of the free list
 * @nextrec: (a datagram's first cell) first cell of the next datagram in
 *           the socket's queue
 * @addr:    (first cell) source address
 * @port:    (first cell) source port (UDP), else 0
 * @len:     (first cell) octets of data in the whole chain
 * @qtail:   (first cell of a queue's oldest datagram) first cell of its
 *           newest
 * @rused:   (same) receive buffer octets the queue is charged
 * @rcount:  (same) datagrams queued
 * @pad:     unused
 * @data:    data (a datagram longer than IK_CELL_DATA continues in @next)
 *
 * The queue's bookkeeping lives in its oldest datagram rather than in the
 * socket, which keeps struct ik_sock at 32 octets; an empty queue needs
 * none.
 */
struct ik_cell {
	int32_t next, nextrec;
	uint32_t addr;
	uint16_t port, len;
	int32_t qtail;
	uint32_t rused, rcount;
	uint32_t pad;
	uint8_t data[IK_CELL - 32];
};

#define IK_CELL_DATA (IK_CELL - 32u)
_Static_assert(sizeof(struct ik_cell) == IK_CELL, "a cell is IK_CELL octets");

/**
 * struct ik_rxpool - the cells every socket's received datagrams wait in
 * @cell:  the cells (line-aligned)
 * @n:     how many
 * @hwm:   cells below this index have been used at least once; those above
 *         are free without being on the list (never touched, so memory the
 *         traffic never needed is never paged in)
 * @free:  most recently freed cell (a LIFO list: the next datagram reuses
 *         the cell the last recvfrom emptied, still in the cache)
 * @avail: free cells, listed or above @hwm
 */
struct ik_rxpool {
	struct ik_cell *cell;
	uint32_t n, hwm;
	int32_t free;
	uint32_t avail;
};

/**
 * struct ik_htab - a chained hash table over the pool
 * @head: bucket heads (descriptors, IK_NOSOCK when empty)
 * @bits: log2 of the bucket count
 */
struct ik_htab {
	int32_t *head;
	unsigned bits;
};

/**
 * struct ik_sock_tab - the sock module's state
 * @sk:        the pool
 * @aux:       the sockets' other halves, by descriptor
 * @n:         its size (cfg.max_socks)
 * @free:      head of the free list (chained by bnext)
 * @open:      sockets open
 * @seed:      hash seed (keeps remote hosts from choosing our buckets)
 * @udp_port:  UDP sockets by local port
 * @udp_tuple: connected UDP sockets by 4-tuple
 * @ping:      ping sockets by Identifier
 * @nconn:     sockets in @udp_tuple (none: input skips that table)
 * @raw:       raw sockets by protocol number
 * @rcvbuf:    receive buffer per socket (cfg.sock_rcvbuf)
 * @rx:        the receive pool
 * @udp6_port: IPv6 UDP sockets by local port (sock6.c)
 * @ping6:     IPv6 ping sockets by Identifier
 * @a6:        IPv6 sockets' addresses, by descriptor
 * @raw6:      raw IPv6 sockets by Next Header
 */
struct ik_sock_tab {
	struct ik_sock *sk;
	struct ik_sock_aux *aux;
	unsigned n;
	int32_t free;
	unsigned open;
	uint64_t seed;
	struct ik_htab udp_port, udp_tuple, ping;
	struct ik_htab udp6_port, ping6;
	struct ik_sock6 *a6;
	int32_t raw6[256];
	unsigned nconn;
	int32_t raw[256];
	uint32_t rcvbuf;
	struct ik_rxpool rx;
};

/**
 * ik_sock_aux() - the other half of socket @fd
 * @st: state; @fd: descriptor of an entry of the pool
 * Return: it.
 */
static inline struct ik_sock_aux *ik_sock_aux(const struct ik_sock_tab *st, int fd)
{
	return &st->aux[fd];
}

/**
 * struct ik_sock_ops - what one socket type does behind the public calls
 * (sock.c looks them up by enum ik_sock_type; udp.c, ping.c and raw.c
 * each define one)
 * @name:       "UDP", "ping", "raw", for traces
 * @v6:         an IPv6 type (sock6.c): only @unlink is used, the IPv4
 *              calls refuse it
 * @open_note:  appended to the sock.open trace ("" for none)
 * @check:      (may be NULL) whether @proto opens this type, asked before
 *              anything is allocated; Return: 0, or -EINVAL
 * @open:       (may be NULL) claim what the type holds from the start, on a
 *              fresh pool entry (raw: its protocol's list)
 * @unlink:     take the socket out of every table, before close releases it
 * @bind:       ik_sock_bind() once @addr was found bindable; Return: 0 or
 *              -errno
 * @connect:    ik_sock_connect() to @addr:@port once it is routed (@src:
 *              the route's source): bind, fix the local address and the
 *              peer, set connected; Return: 0 or -errno, nothing changed
 * @disconnect: forget what connect chose for the local side (sock.c then
 *              clears the peer and connected)
 * @sendto:     ik_sock_sendto() once the pending error was taken and the
 *              destination resolved; Return: @len or -errno
 */
struct ik_sock_ops {
	const char *name;
	bool v6;
	const char *open_note;
	int (*check)(uint8_t proto);
	void (*open)(struct ik_stack *s, int fd, uint8_t proto);
	void (*unlink)(struct ik_stack *s, int fd);
	int (*bind)(struct ik_stack *s, int fd, uint32_t addr, uint16_t port);
	int (*connect)(struct ik_stack *s, int fd, uint32_t src, uint32_t addr, uint16_t port);
	void (*disconnect)(struct ik_stack *s, int fd);
	ssize_t (*sendto)(struct ik_stack *s, int fd, const void *buf, size_t len, uint32_t addr,
			  uint16_t port, uint64_t now);
};

/* ---- udp.c, ping.c, raw.c: each type's operations (sock.c only) ---- */

extern const struct ik_sock_ops ik_udp_ops;
extern const struct ik_sock_ops ik_ping_ops;
extern const struct ik_sock_ops ik_raw_ops;
extern const struct ik_sock_ops ik_udp6_ops;
extern const struct ik_sock_ops ik_ping6_ops;
extern const struct ik_sock_ops ik_raw6_ops;

/**
 * ik_sock_take_pending() - return and clear @fd's pending error (Linux
 * sock_error; sock.c)
 * @s: stack; @fd: descriptor; @call: the call, for the trace
 * Return: -errno, or 0 when none is pending.
 */
int ik_sock_take_pending(struct ik_stack *s, int fd, const char *call);

/**
 * ik_sock_addr_text() - a socket's address @addr for traces: dotted for
 * IPv4, the IPv6 address behind the id for IPv6 sockets
 * @s: stack; @fd: descriptor; @addr: an address (IPv4) or its id (IPv6);
 * @buf: IK_IPV6_ADDR_STRLEN octets
 * Return: @buf.
 */
const char *ik_sock_addr_text(const struct ik_stack *s, int fd, uint32_t addr, char *buf);

/* ---- sock_core.c: pool, error queue, output path (the types' helpers) ---- */

/**
 * ik_sock_new() - take a free pool entry for a socket of @type, with its
 * error queue
 * @s: stack; @type: enum ik_sock_type
 * Return: descriptor, or -EMFILE / -ENOMEM.
 */
int ik_sock_new(struct ik_stack *s, uint8_t type);

/**
 * ik_sock_release() - give @fd's entry back to the pool, its queues purged
 * @s: stack; @fd: descriptor, out of every table
 * Return: nothing.
 */
void ik_sock_release(struct ik_stack *s, int fd);

/**
 * ik_sock_errq_take() - take @fd's oldest error-queue entry
 * @s: stack; @fd: descriptor; @e: entry out (may be NULL)
 * Return: 0, or -EAGAIN when the queue is empty.
 */
int ik_sock_errq_take(struct ik_stack *s, int fd, struct ik_sock_err *e);

/**
 * ik_sock_get() - socket @fd if it is open
 * @s: stack; @fd: descriptor
 * Return: the socket, or NULL.
 */
struct ik_sock *ik_sock_get(const struct ik_stack *s, int fd);

/**
 * ik_sock_enqueue() - append one datagram to @fd's receive queue, charging
 * IK_REC_HDR + its length to the receive buffer (rxpool.c)
 * @s: stack; @fd: descriptor; @addr/@port: source; @a/@alen, @b/@blen: the
 * data in two pieces (@b may be NULL)
 *
 * Return: 0, or -ENOBUFS when the socket's receive buffer is full, -ENOMEM
 * when the receive pool is (nothing queued either way).
 */
int ik_sock_enqueue(struct ik_stack *s, int fd, uint32_t addr, uint16_t port, const void *a,
		    size_t alen, const void *b, size_t blen);

/**
 * ik_sock_report() - record an ICMP error on a socket (R3, R4, R7)
 * @s: stack; @fd: descriptor; @e: the error as handed by the icmp module;
 * @err: errno to report; @hard: fatal; @dst/@dport: from the quote
 *
 * Queues an error-queue entry (the oldest is dropped when full) and, when
 * @hard and the socket is connected, sets the pending error.
 */
void ik_sock_report(struct ik_stack *s, int fd, const struct ik_icmp_err *e, int err, bool hard,
		    uint32_t dst, uint16_t dport);

struct ik_icmp6_err;

/**
 * ik_sock_report6() - record an ICMPv6 error on an IPv6 socket (queued;
 * pending when hard and connected)
 * @s: stack; @fd: descriptor; @e: the error; @dst/@dport: from the quote
 */
void ik_sock_report6(struct ik_stack *s, int fd, const struct ik_icmp6_err *e,
		     const uint8_t dst[16], uint16_t dport);

/**
 * ik_sock_err_policy() - what a transport reports for an ICMP error (Linux
 * udp_err / ping_err / raw_err: Frag Needed updates the path MTU and is a
 * hard EMSGSIZE)
 * @s: stack; @e: the error; @err: errno out; @hard: fatal flag out
 * Return: true when the socket is to be told.
 */
bool ik_sock_err_policy(struct ik_stack *s, const struct ik_icmp_err *e, int *err, bool *hard);

/**
 * ik_sock_autobind() - give an unbound UDP or ping socket a free port /
 * identifier (P1)
 * @s: stack; @fd: descriptor (UDP or ping)
 * Return: 0, or -EAGAIN when none is free.
 */
int ik_sock_autobind(struct ik_stack *s, int fd);

/**
 * ik_sock_port_bind() - UDP's and ping's bind: hold a port / identifier
 * @s: stack; @fd: descriptor; @addr: local address; @port: 0 = pick one
 * Return: 0, or -EINVAL (already bound or connected) / -EADDRINUSE.
 */
int ik_sock_port_bind(struct ik_stack *s, int fd, uint32_t addr, uint16_t port);

/**
 * ik_sock_port_connect() - the local half of connecting a UDP or ping
 * socket: autobind, and a wildcard-bound socket takes @src, re-filed
 * @s: stack; @fd: descriptor (out of the 4-tuple table); @src: route source
 * Return: 0, or -EAGAIN / -EADDRINUSE (nothing changed).
 */
int ik_sock_port_connect(struct ik_stack *s, int fd, uint32_t src);

/**
 * ik_sock_port_disconnect() - the local half of disconnecting a UDP or
 * ping socket: drop an address and a port that connect chose
 * @s: stack; @fd: descriptor (out of the 4-tuple table)
 * Return: nothing.
 */
void ik_sock_port_disconnect(struct ik_stack *s, int fd);

/**
 * struct ik_sock_path - where a datagram from a socket goes
 * @src:    source address (the bound one, or the route's)
 * @dst:    destination
 * @mtu:    path MTU in force
 * @df:     Don't Fragment for a datagram of @mtu or less (Linux pmtudisc
 *          "want": set unless ip_no_pmtu_disc or the path MTU is locked)
 */
struct ik_sock_path {
	uint32_t src, dst;
	unsigned mtu;
	bool df;
};

/**
 * ik_sock_path() - route @dst for @fd (UDP and ping autobind first, P1)
 * @s: stack; @fd: descriptor; @dst: destination; @p: result
 * Return: 0, or the route lookup's errno (-ENETUNREACH, -EHOSTUNREACH,
 * -EACCES, -EINVAL).
 */
int ik_sock_path(struct ik_stack *s, int fd, uint32_t dst, struct ik_sock_path *p);

/**
 * ik_sock_xmit() - send a datagram built by a socket, as Linux
 * ip_append_data with pmtudisc "want" does: DF when it fits the path MTU,
 * fragmented without DF when it does not, -EMSGSIZE above 65535 (with a
 * local error-queue entry, IK_EE_ORIGIN_LOCAL, info = path MTU)
 * @s: stack; @fd: descriptor; @p: path; @tx: the datagram (src, dst, proto
 * and payload set here); @dport: for the local error entry; @now: time
 *
 * Return: 0 (device drops are swallowed, as Linux does without
 * IP_RECVERR, and reported as 1), or a negative errno.
 */
int ik_sock_xmit(struct ik_stack *s, int fd, const struct ik_sock_path *p, struct ik_tx *tx,
		 uint16_t dport, uint64_t now);

/**
 * ik_sock_errname() - "ECONNREFUSED (Connection refused)" for traces
 * @err: positive errno; @buf: output; @cap: its size
 * Return: @buf.
 */
const char *ik_sock_errname(int err, char *buf, size_t cap);

/* ---- rxpool.c: the shared receive pool ---- */

/**
 * ik_rxpool_init() - reserve the receive pool
 * @st: module state; @octets: its size (rounded down to cells, at least one)
 * Return: 0 or -IK_ENOMEM.
 */
int ik_rxpool_init(struct ik_sock_tab *st, size_t octets);

/** ik_rxpool_free() - release the receive pool. @st: module state */
void ik_rxpool_free(struct ik_sock_tab *st);

/**
 * ik_rxq_take() - take @sk's oldest datagram, copying at most @cap octets
 * @st: state; @sk: socket with a datagram queued; @buf: output (may be NULL
 * when @cap is 0); @cap: its size; @addr/@port: source out (may be NULL)
 * Return: the datagram's full length (the caller truncates to @cap).
 */
size_t ik_rxq_take(struct ik_sock_tab *st, struct ik_sock *sk, void *buf, size_t cap,
		   uint32_t *addr, uint16_t *port);

/**
 * ik_rxq_count() - datagrams queued on @sk
 * @st: state; @sk: socket
 * Return: the count.
 */
static inline uint32_t ik_rxq_count(const struct ik_sock_tab *st, const struct ik_sock *sk)
{
	return sk->qhead == IK_NOCELL ? 0 : st->rx.cell[sk->qhead].rcount;
}

/**
 * ik_rxq_used() - receive buffer octets @sk's queue is charged
 * @st: state; @sk: socket
 * Return: octets.
 */
static inline uint32_t ik_rxq_used(const struct ik_sock_tab *st, const struct ik_sock *sk)
{
	return sk->qhead == IK_NOCELL ? 0 : st->rx.cell[sk->qhead].rused;
}

/** ik_rxq_purge() - free every datagram queued on @sk. @st, @sk */
void ik_rxq_purge(struct ik_sock_tab *st, struct ik_sock *sk);

/* ---- hash.c: the demultiplexing tables ---- */

/**
 * struct ik_port_space - how a port-bound socket type (UDP, ping) holds
 * its port or Identifier
 * @tab:  offset of its table in struct ik_sock_tab
 * @lo:   lowest value ik_port_pick() picks
 * @hi:   highest
 * @excl: a value is one socket's alone, whatever the addresses (ping, as
 *        Linux ping_get_port); else only overlapping addresses collide
 * @noun: "port" or "identifier", for traces
 */
struct ik_port_space {
	size_t tab;
	uint16_t lo, hi;
	bool excl;
	const char *noun;
};

/* by enum ik_sock_type; only UDP's and ping's entries are used */
extern const struct ik_port_space ik_port_spaces[];

/**
 * ik_port_bucket() - bucket of a port or Identifier
 * @t: table; @port: key
 * Return: bucket index. With 65536 buckets this is the port itself; smaller
 * tables fold it with a multiplicative hash.
 */
static inline uint32_t ik_port_bucket(const struct ik_htab *t, uint16_t port)
{
	if (t->bits >= 16)
		return port;
	return ((uint32_t)port * 0x9e3779b1u) >> (32 - t->bits);
}

/**
 * ik_tuple_bucket() - bucket of a UDP 4-tuple
 * @st: state (seed); @la/@lp: local address and port; @ra/@rp: peer
 * Return: bucket index.
 */
static inline uint32_t ik_tuple_bucket(const struct ik_sock_tab *st, uint32_t la, uint16_t lp,
				       uint32_t ra, uint16_t rp)
{
	uint64_t x = ((uint64_t)la << 32 | ra) ^ st->seed;

	x ^= ((uint64_t)lp << 16 | rp) * 0x9e3779b97f4a7c15ull;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 29;
	x *= 0xc4ceb9fe1a85ec53ull;
	return (uint32_t)(x >> (64 - st->udp_tuple.bits));
}

/**
 * ik_hash_init() - allocate the tables for @n sockets
 * @st: module state; @n: pool size; @seed: hash seed
 * Return: 0 or -IK_ENOMEM.
 */
int ik_hash_init(struct ik_sock_tab *st, unsigned n, uint64_t seed);

/** ik_hash_free() - release the tables. @st: module state */
void ik_hash_free(struct ik_sock_tab *st);

/**
 * ik_port_conflict() - whether binding @port/@addr would collide
 * @st: state; @type: IK_SOCK_UDP or IK_SOCK_PING; @port: port/ident;
 * @addr: local address; @self: the socket asking (ignored)
 *
 * UDP: the same port with an overlapping address (equal, or either one the
 * wildcard), as Linux udp_lib_lport_inuse without SO_REUSEADDR. Ping: the
 * same Identifier at all, as Linux ping_get_port.
 *
 * Return: true on conflict.
 */
bool ik_port_conflict(const struct ik_sock_tab *st, uint8_t type, uint16_t port, uint32_t addr,
		      int self);

/**
 * ik_port_pick() - a free ephemeral port (32768..60999) or Identifier
 * (1..65535), probing from a random start
 * @s: stack; @type: IK_SOCK_UDP / IK_SOCK_PING; @addr: local address;
 * @self: asking socket; @out: result
 * Return: 0, or -EADDRINUSE when every one is taken.
 */
int ik_port_pick(struct ik_stack *s, uint8_t type, uint32_t addr, int self, uint16_t *out);

/** ik_port_insert() - enter bound socket @fd in its port/ping table. @st, @fd */
void ik_port_insert(struct ik_sock_tab *st, int fd);
/** ik_port_remove() - take @fd out of its port/ping table. @st, @fd */
void ik_port_remove(struct ik_sock_tab *st, int fd);
/** ik_tuple_insert() - enter connected UDP socket @fd in the 4-tuple table. @st, @fd */
void ik_tuple_insert(struct ik_sock_tab *st, int fd);
/** ik_tuple_remove() - take @fd out of the 4-tuple table. @st, @fd */
void ik_tuple_remove(struct ik_sock_tab *st, int fd);

/**
 * ik_udp_lookup() - the UDP socket for a datagram laddr:lport <- raddr:rport
 * @st: state; @laddr/@lport: where it was sent (ours); @raddr/@rport: its
 * source; @how: set to "connected 4-tuple" or "bound port" (may be NULL)
 *
 * The 4-tuple table first, then the port table: a socket bound to @laddr
 * beats one bound to the wildcard; connected sockets only via the 4-tuple.
 *
 * Return: descriptor, or IK_NOSOCK.
 */
int ik_udp_lookup(const struct ik_sock_tab *st, uint32_t laddr, uint16_t lport, uint32_t raddr,
		  uint16_t rport, const char **how);

/**
 * ik_ping_lookup() - the ping socket owning @ident for a reply laddr <- raddr
 * @st: state; @ident: echo Identifier; @laddr: our address it came to;
 * @raddr: its source (a connected socket takes only its peer's)
 * Return: descriptor, or IK_NOSOCK.
 */
int ik_ping_lookup(const struct ik_sock_tab *st, uint16_t ident, uint32_t laddr, uint32_t raddr);

/* ---- pmtu.c ---- */

/* ik_pmtu_lookup() is in internal.h: IP output uses it too */

/**
 * ik_pmtu_learn() - ik_pmtu_update() knowing the failed datagram's size
 * @s: stack; @dst: destination; @mtu: reported next-hop MTU (0: an old
 * router; the RFC 1191 §7 plateau below @tot_len is used); @tot_len: Total
 * Length of the quoted datagram, 0 if unknown; @now: time
 * Return: the path MTU now in force (0 without a route).
 */
unsigned ik_pmtu_learn(struct ik_stack *s, uint32_t dst, unsigned mtu, unsigned tot_len,
		       uint64_t now);

/**
 * ik_pmtu_plateau() - RFC 1191 §7 table: the largest plateau below @len
 * @len: total length of the datagram that was too big
 * Return: the plateau, at least 68.
 */
unsigned ik_pmtu_plateau(unsigned len);

#endif
