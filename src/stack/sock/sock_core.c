// SPDX-License-Identifier: MIT
/**
 * DOC: the socket layer's lower half: what every socket type shares
 *
 * Owns: the socket pool (ik_socks_init/free, an entry taken at open and
 * given back at close, ik_sock_get()), each socket's error queue (ICMP
 * errors through ik_sock_report(), local ones, taken by
 * ik_sock_errq_take()), the Linux policy on which ICMP errors a socket
 * hears (ik_sock_err_policy()), the output path every type sends through
 * (ik_sock_path(), ik_sock_xmit()), and the bind / autobind / connect /
 * disconnect steps the two port-bound types, UDP and ping, share.
 *
 * A descriptor is an index into the pool of cfg.max_socks sockets made at
 * ik_socks_init(); free entries form a list. Opening a socket allocates its
 * error queue (cfg.sock_errq entries) once; datagrams are copied into cells
 * of the receive pool every socket shares (rxpool.c) at input and out of
 * them at recvfrom, with no allocation per packet.
 *
 * Errors follow Linux's two channels: the pending error (sk_err), set by a
 * hard ICMP error on a connected socket and returned, once, by the next
 * sendto or recvfrom; and the error queue (IP_RECVERR), which here records
 * every ICMP error, hard or soft, for ik_sock_recverr().
 *
 * Calls run one way: sock.c (the public API) -> the per-type ops in udp.c,
 * ping.c, raw.c -> this file -> hash.c, rxpool.c, pmtu.c and the core
 * (route, IP output). This file may call only those below it; it never
 * calls sock.c, udp.c, ping.c or raw.c, and holds no per-type switch: where
 * UDP and ping differ (table, range, conflict rule, "port" or
 * "identifier"), hash.c's ik_port_spaces[] says how.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stack/ip6/ip6.h"
#include "stack/sock/sock_priv.h"


/* the receive pool when cfg.rx_pool is 0: every socket's full buffer, up to
 * this much (memory the traffic never reaches is never paged in) */
#define IK_DEF_RX_POOL_MAX (64u << 20)

/**
 * cfg_rcvbuf() - receive buffer size in force
 * @s: stack
 * Return: octets.
 */
static size_t cfg_rcvbuf(const struct ik_stack *s)
{
	size_t n = s->cfg.sock_rcvbuf; /* 0 replaced by the default (stack.c) */

	return n > UINT32_MAX / 2 ? UINT32_MAX / 2 : n;
}

/**
 * rx_pool_size() - receive pool octets in force
 * @s: stack; @n: sockets
 *
 * A datagram is charged its length + IK_REC_HDR against its socket's
 * receive buffer but takes whole cells, so what a full buffer needs from the
 * pool depends on the datagrams: about its size for large ones, up to
 * IK_CELL / (IK_REC_HDR + 1) times that for 1-octet ones. By default the
 * pool holds every socket's full buffer of large datagrams, and at least
 * one socket's full buffer of the smallest, but no more than
 * IK_DEF_RX_POOL_MAX (64 MiB: 262,144 cells, where one socket can always
 * fill a default buffer). Cells never used are never touched, so a large
 * pool costs address space, not memory.
 *
 * Return: cfg.rx_pool, or that default.
 */
static size_t rx_pool_size(const struct ik_stack *s, unsigned n)
{
	size_t buf = cfg_rcvbuf(s), all = (size_t)n * (buf + IK_CELL);
	size_t one = (buf / (IK_REC_HDR + 1) + 1) * IK_CELL;

	if (s->cfg.rx_pool)
		return s->cfg.rx_pool;
	if (all < one)
		all = one;
	return all > IK_DEF_RX_POOL_MAX ? IK_DEF_RX_POOL_MAX : all;
}

/**
 * ik_socks_init() - create the socket pool and the demultiplexing tables
 * @s: stack (cfg set)
 *
 * Return: 0 or -IK_ENOMEM.
 */
int ik_socks_init(struct ik_stack *s)
{
	unsigned n = s->cfg.max_socks;
	struct ik_sock_tab *st;
	uint64_t seed;

	if (n > INT32_MAX / 2)
		return -IK_ENOMEM;
	st = calloc(1, sizeof(*st));
	if (!st)
		return -IK_ENOMEM;
	s->socks = st;
	s->raw_heads = st->raw;
	st->n = n;
	/* line-aligned: two sockets to a line, none straddling two */
	st->sk = ik_table_alloc((size_t)n * sizeof(*st->sk));
	if (st->sk)
		memset(st->sk, 0, (size_t)n * sizeof(*st->sk));
	st->aux = calloc(n, sizeof(*st->aux));
	st->a6 = calloc(n, sizeof(*st->a6)); /* untouched pages until IPv6 sockets use them */
	seed = (uint64_t)ik_rand(s) << 32 | ik_rand(s);
	st->rcvbuf = (uint32_t)cfg_rcvbuf(s);
	if (!st->sk || !st->aux || !st->a6 || ik_hash_init(st, n, seed) ||
	    ik_rxpool_init(st, rx_pool_size(s, n))) {
		ik_socks_free(s);
		return -IK_ENOMEM;
	}
	for (unsigned i = 0; i < n; i++)
		st->sk[i].bnext = i + 1 < n ? (int32_t)(i + 1) : IK_NOSOCK;
	st->free = 0;
	return 0;
}

/**
 * ik_socks_free() - close every socket and release the pool
 * @s: stack
 *
 * Return: nothing.
 */
void ik_socks_free(struct ik_stack *s)
{
	struct ik_sock_tab *st = s->socks;

	if (!st)
		return;
	if (st->sk && st->aux)
		for (unsigned i = 0; i < st->n; i++)
			if (st->sk[i].type)
				free(st->aux[i].eq);
	free(st->sk);
	free(st->aux);
	free(st->a6);
	ik_rxpool_free(st);
	ik_hash_free(st);
	free(st);
	s->socks = NULL;
	s->raw_heads = NULL;
}

/**
 * ik_sock_get() - socket @fd if it is open
 * @s:  stack
 * @fd: descriptor
 *
 * Return: the socket, or NULL.
 */
struct ik_sock *ik_sock_get(const struct ik_stack *s, int fd)
{
	const struct ik_sock_tab *st = s->socks;

	if (!st || fd < 0 || (unsigned)fd >= st->n || !st->sk[fd].type)
		return NULL;
	return &st->sk[fd];
}

/**
 * ik_sock_errname() - "ECONNREFUSED (Connection refused)" for traces
 * @err: positive errno
 * @buf: output
 * @cap: its size
 *
 * Return: @buf.
 */
const char *ik_sock_errname(int err, char *buf, size_t cap)
{
	const char *name = strerrorname_np(err);

	snprintf(buf, cap, "%s (%s)", name ? name : "?", strerror(err));
	return buf;
}

/**
 * ik_sock_new() - take a free pool entry for a socket of @type, with its
 * error queue
 * @s:    stack
 * @type: enum ik_sock_type (valid)
 *
 * The entry is left with no address, port, peer or protocol: the type's
 * open hook claims what it holds from the start.
 *
 * Return: descriptor >= 0, or -EMFILE (pool full) / -ENOMEM.
 */
int ik_sock_new(struct ik_stack *s, uint8_t type)
{
	struct ik_sock_tab *st = s->socks;
	unsigned errq = s->cfg.sock_errq;
	struct ik_sock *sk;
	struct ik_sock_err *eq;
	int fd;

	if (!st || st->free == IK_NOSOCK)
		return -EMFILE;
	if (errq > UINT16_MAX)
		errq = UINT16_MAX;
	eq = malloc(errq * sizeof(*eq));
	if (!eq)
		return -ENOMEM;
	fd = st->free;
	sk = &st->sk[fd];
	st->free = sk->bnext;
	memset(sk, 0, sizeof(*sk));
	sk->type = type;
	sk->bnext = sk->tnext = IK_NOSOCK;
	sk->qhead = IK_NOCELL;
	st->aux[fd] = (struct ik_sock_aux){ .eq = eq, .eqcap = (uint16_t)errq, .rnext = IK_NOSOCK };
	st->open++;
	return fd;
}

/**
 * ik_sock_release() - give socket @fd's entry back to the pool, dropping
 * its queued datagrams and errors (the type's unlink hook has taken it out
 * of every table)
 * @s:  stack
 * @fd: descriptor of an open socket
 *
 * Return: nothing.
 */
void ik_sock_release(struct ik_stack *s, int fd)
{
	struct ik_sock_tab *st = s->socks;
	struct ik_sock *sk = &st->sk[fd];

	ik_rxq_purge(st, sk);
	free(st->aux[fd].eq);
	st->aux[fd] = (struct ik_sock_aux){ .eq = NULL, .rnext = IK_NOSOCK };
	memset(sk, 0, sizeof(*sk));
	sk->bnext = st->free;
	st->free = fd;
	st->open--;
}

/**
 * port_noun() - "port" or "identifier" for a port-bound socket, in traces
 * @sk: UDP or ping socket
 * Return: the word.
 */
static const char *port_noun(const struct ik_sock *sk)
{
	return ik_port_spaces[sk->type].noun;
}

/**
 * do_bind() - hold @port (0: pick one) on @addr for UDP/ping socket @fd
 * @s: stack; @fd: descriptor; @addr: local address; @port: port/ident
 *
 * Return: 0, or -EADDRINUSE.
 */
static int do_bind(struct ik_stack *s, int fd, uint32_t addr, uint16_t port)
{
	struct ik_sock *sk = &s->socks->sk[fd];

	if (!port) {
		int rc = ik_port_pick(s, sk->type, addr, fd, &port);

		if (rc)
			return rc;
	} else if (ik_port_conflict(s->socks, sk->type, port, addr, fd)) {
		IK_TRACE(s, IK_L_SOCK, IK_EV_DECIDE, "sock.addrinuse", 0, NULL, 0, fd,
			 "%s %u is already held by another socket", port_noun(sk), port);
		return -EADDRINUSE;
	}
	sk->laddr = addr;
	sk->lport = port;
	ik_port_insert(s->socks, fd);
	return 0;
}

/**
 * ik_sock_port_bind() - the bind hook of UDP and ping: hold a port or
 * identifier, explicitly
 * @s:    stack
 * @fd:   descriptor (UDP or ping)
 * @addr: local address (0 = any), already found bindable
 * @port: port or Identifier; 0 = pick a free one
 *
 * Return: 0, or -EINVAL (already bound or connected) / -EADDRINUSE.
 */
int ik_sock_port_bind(struct ik_stack *s, int fd, uint32_t addr, uint16_t port)
{
	struct ik_sock *sk = &s->socks->sk[fd];
	char a[46];
	int rc;

	if (sk->bound || sk->connected)
		return -EINVAL;
	rc = do_bind(s, fd, addr, port);
	if (rc)
		return rc;
	sk->port_lock = true;
	sk->addr_lock = addr != 0;
	IK_TRACE(s, IK_L_SOCK, IK_EV_DECIDE, "sock.bind", 0, NULL, 0, fd,
		 "socket %d bound to %s %s:%u%s", fd, port_noun(sk), ik_sock_addr_text(s, fd, addr, a),
		 sk->lport, port ? "" : " (picked free)");
	return 0;
}

/**
 * ik_sock_autobind() - give an unbound UDP or ping socket a free port or
 * identifier (P1)
 * @s:  stack
 * @fd: descriptor (UDP or ping)
 *
 * Return: 0, or -EAGAIN when none is free (Linux inet_autobind).
 */
int ik_sock_autobind(struct ik_stack *s, int fd)
{
	struct ik_sock *sk = &s->socks->sk[fd];

	if (sk->bound)
		return 0;
	if (do_bind(s, fd, sk->laddr, 0))
		return -EAGAIN;
	IK_TRACE(s, IK_L_SOCK, IK_EV_DECIDE, "sock.autobind", 0, NULL, 0, fd,
		 "socket %d given free %s %u", fd, port_noun(sk), sk->lport);
	return 0;
}

/**
 * ik_sock_port_connect() - the local half of connecting a UDP or ping
 * socket (Linux ip4_datagram_connect)
 * @s:   stack
 * @fd:  descriptor (UDP or ping; a connected UDP socket is out of the
 *       4-tuple table)
 * @src: the route's source address
 *
 * Binds a free port or identifier when unbound; a socket bound to the
 * wildcard takes @src as its address and is re-filed under it, unless
 * another socket holds the port there (UDP: a ping socket's identifier is
 * its alone, so it never collides).
 *
 * Return: 0, or -EAGAIN (no free port) / -EADDRINUSE (nothing changed).
 */
int ik_sock_port_connect(struct ik_stack *s, int fd, uint32_t src)
{
	struct ik_sock *sk = &s->socks->sk[fd];
	int rc = ik_sock_autobind(s, fd);

	if (rc || sk->laddr)
		return rc;
	/* the route's source becomes the bound address: re-file it */
	ik_port_remove(s->socks, fd);
	if (ik_port_conflict(s->socks, sk->type, sk->lport, src, fd)) {
		ik_port_insert(s->socks, fd);
		return -EADDRINUSE;
	}
	sk->laddr = src;
	ik_port_insert(s->socks, fd);
	return 0;
}

/**
 * ik_sock_port_disconnect() - the local half of disconnecting a UDP or
 * ping socket, as Linux udp_disconnect
 * @s:  stack
 * @fd: descriptor (UDP or ping; out of the 4-tuple table)
 *
 * An address taken from the route at connect time is dropped, and a port
 * picked automatically is released.
 *
 * Return: nothing.
 */
void ik_sock_port_disconnect(struct ik_stack *s, int fd)
{
	struct ik_sock *sk = &s->socks->sk[fd];

	if (!sk->port_lock) {
		ik_port_remove(s->socks, fd);
		sk->lport = 0;
		sk->laddr = 0;
	} else if (!sk->addr_lock && sk->laddr) {
		ik_port_remove(s->socks, fd);
		sk->laddr = 0;
		ik_port_insert(s->socks, fd);
	}
}

/**
 * eq_slot() - the error-queue entry to fill next, the oldest giving way
 * when the queue is full
 * @s: stack; @fd: descriptor
 *
 * Return: the entry, or NULL when the socket has no error queue.
 */
static struct ik_sock_err *eq_slot(struct ik_stack *s, int fd)
{
	struct ik_sock_aux *x = ik_sock_aux(s->socks, fd);

	if (!x->eqcap)
		return NULL;
	if (x->eqn == x->eqcap) {
		x->eqhead = (uint16_t)((x->eqhead + 1) % x->eqcap);
		x->eqn--;
		IK_TRACE(s, IK_L_SOCK, IK_EV_DROP, "sock.errq_full", 0, NULL, 0, fd,
			 "error queue of socket %d full (%u): oldest entry dropped", fd, x->eqcap);
	}
	return &x->eq[(x->eqhead + x->eqn++) % x->eqcap];
}

/**
 * ik_sock_report() - record an ICMP error on a socket (R3, R4, R7)
 * @s:     stack
 * @fd:    descriptor
 * @e:     the error as the icmp module decoded it
 * @err:   errno to report
 * @hard:  fatal (Linux icmp_err_convert, with the transport's overrides)
 * @dst:   destination of the failed datagram (from the quote)
 * @dport: its destination port (UDP) or echo sequence (ping)
 *
 * Return: nothing.
 */
/**
 * report_tail() - an error just queued: the pending error when hard and
 * connected, the trace
 * @s: stack; @fd: descriptor; @type, @code: the message; @from: its
 * sender as text; @err: errno; @hard: fatal
 */
static void report_tail(struct ik_stack *s, int fd, uint8_t type, uint8_t code, const char *from,
			int err, bool hard)
{
	struct ik_sock *sk = &s->socks->sk[fd];
	char eb[64];

	if (hard && sk->connected)
		sk->err = (int16_t)err;
	IK_TRACE(s, IK_L_SOCK, IK_EV_ERROR, "sock.icmp_error", 0, NULL, 0, fd,
		 "ICMP %u/%u from %s reported to socket %d: %s, %s", type, code, from, fd,
		 ik_sock_errname(err, eb, sizeof(eb)),
		 hard && sk->connected ? "hard: its next call fails with it"
		 : hard ? "hard, but the socket is not connected: error queue only"
			: "soft: error queue only");
}

void ik_sock_report(struct ik_stack *s, int fd, const struct ik_icmp_err *e, int err, bool hard,
		    uint32_t dst, uint16_t dport)
{
	struct ik_sock_err *q = eq_slot(s, fd);
	char ob[16];

	if (!q)
		return;
	*q = (struct ik_sock_err){
		.err = err, .origin = IK_EE_ORIGIN_ICMP, .type = e->type, .code = e->code,
		.info = e->info, .offender = e->offender, .dst = dst, .dport = dport,
		.hard = hard, .when = e->now,
	};
	if (s->trace_fn)
		ik_ipv4_addr_str(e->offender, ob);
	report_tail(s, fd, e->type, e->code, s->trace_fn ? ob : "", err, hard);
}

/**
 * ik_sock_report6() - record an ICMPv6 error on an IPv6 socket
 * @s: stack; @fd: descriptor; @e: the error; @dst: the quoted destination;
 * @dport: its port (UDP) or the echo sequence (ping)
 */
void ik_sock_report6(struct ik_stack *s, int fd, const struct ik_icmp6_err *e,
		     const uint8_t dst[16], uint16_t dport)
{
	struct ik_sock_err *q = eq_slot(s, fd);
	char ob[IK_IPV6_ADDR_STRLEN];

	if (!q)
		return;
	*q = (struct ik_sock_err){
		.err = e->err, .origin = IK_EE_ORIGIN_ICMP6, .type = e->type, .code = e->code,
		.info = e->info, .dport = dport, .hard = e->hard, .when = e->now,
	};
	memcpy(q->offender6, e->offender, 16);
	memcpy(q->dst6, dst, 16);
	if (s->trace_fn)
		ik_ipv6_addr_str(e->offender, ob);
	report_tail(s, fd, e->type, e->code, s->trace_fn ? ob : "", e->err, e->hard);
}

/**
 * local_error() - queue a locally detected error (IK_EE_ORIGIN_LOCAL), as
 * Linux ip_local_error
 * @s: stack; @fd: descriptor; @err: errno; @dst/@dport: destination;
 * @info: path MTU for EMSGSIZE; @now: time
 *
 * Return: nothing.
 */
static void local_error(struct ik_stack *s, int fd, int err, uint32_t dst, uint16_t dport,
			uint32_t info, uint64_t now)
{
	struct ik_sock_err *q = eq_slot(s, fd);

	if (q)
		*q = (struct ik_sock_err){
			.err = err, .origin = IK_EE_ORIGIN_LOCAL, .info = info,
			.offender = 0, .dst = dst, .dport = dport, .when = now,
		};
}

/**
 * ik_sock_errq_take() - take the oldest error-queue entry of @fd
 * @s:  stack
 * @fd: descriptor of an open socket
 * @e:  entry (may be NULL: dropped)
 *
 * Return: 0, or -EAGAIN when the queue is empty.
 */
int ik_sock_errq_take(struct ik_stack *s, int fd, struct ik_sock_err *e)
{
	struct ik_sock_aux *x = ik_sock_aux(s->socks, fd);

	if (!x->eqn)
		return -EAGAIN;
	if (e)
		*e = x->eq[x->eqhead];
	x->eqhead = (uint16_t)((x->eqhead + 1) % x->eqcap);
	x->eqn--;
	return 0;
}

/**
 * ik_sock_path() - route @dst for @fd (a UDP or ping socket has called
 * ik_sock_autobind() first, P1)
 * @s:   stack
 * @fd:  descriptor
 * @dst: destination
 * @p:   result
 *
 * Return: 0, or the route lookup's errno, as Linux's sendto() reports it:
 * -ENETUNREACH (no route), -EHOSTUNREACH (unreachable route), -EACCES
 * (prohibit), -EINVAL (blackhole).
 */
int ik_sock_path(struct ik_stack *s, int fd, uint32_t dst, struct ik_sock_path *p)
{
	const struct ik_sock *sk = &s->socks->sk[fd];
	struct ik_route_res r;
	bool locked = false;
	int rc = ik_route_lookup(s, dst, &r);

	if (rc < 0) {
		char a[16];

		IK_TRACE(s, IK_L_SOCK, IK_EV_DROP, "sock.no_route", 0, NULL, 0, fd,
			 "socket %d: %s to %s", fd, ik_route_err_str(rc), ik_ipv4_addr_str(dst, a));
		return rc;
	}
	/* a socket bound to a broadcast/multicast address sends from the interface */
	p->src = sk->laddr && ik_addr_is_local(s, sk->laddr) ? sk->laddr : r.src;
	p->dst = dst;
	p->mtu = ik_pmtu_lookup(s, dst, r.mtu, &locked);
	p->df = !s->set.ip_no_pmtu_disc && !locked;
	return 0;
}

/**
 * sockopt_apply() - the socket's IP_TTL, IP_TOS and IP_MTU_DISCOVER on a
 * datagram about to leave
 * @s: stack; @fd: descriptor; @p: its path; @tx: the datagram; @total: its
 * length
 *
 * Return: 0, or -EMSGSIZE (IP_PMTUDISC_DO and above the path MTU).
 */
static int sockopt_apply(struct ik_stack *s, int fd, const struct ik_sock_path *p,
			 struct ik_tx *tx, size_t total)
{
	const struct ik_sock_aux *ax = &s->socks->aux[fd];

	if (ax->ttl && !tx->ttl)
		tx->ttl = ax->ttl;
	if (ax->tos && !tx->tos)
		tx->tos = ax->tos;
	switch (ax->pmtud) {
	case IK_PMTUDISC_DONT + 1:
		tx->df = false;
		break;
	case IK_PMTUDISC_DO + 1:
		if (total > p->mtu)
			return -EMSGSIZE;
		tx->df = true;
		break;
	default: /* WANT, or ip_no_pmtu_disc's choice: as ik_sock_path() set it */
		break;
	}
	return 0;
}

/**
 * ik_sock_xmit() - send a datagram built by a socket (Linux pmtudisc
 * "want": DF when it fits the path MTU, fragments without DF otherwise)
 * @s:     stack
 * @fd:    descriptor
 * @p:     path from ik_sock_path()
 * @tx:    the datagram (payload pieces set; addresses, DF set here)
 * @dport: destination port, for a local error entry
 * @now:   time
 *
 * Return: 0 when sent, 1 when the device dropped it (Linux reports success
 * without IP_RECVERR), or a negative errno (-EMSGSIZE above 65535 octets,
 * with an IK_EE_ORIGIN_LOCAL error-queue entry; the route lookup's
 * -ENETUNREACH / -EHOSTUNREACH / -EACCES / -EINVAL).
 */
int ik_sock_xmit(struct ik_stack *s, int fd, const struct ik_sock_path *p, struct ik_tx *tx,
		 uint16_t dport, uint64_t now)
{
	size_t total = IK_IPV4_HDR_MIN;
	int rc;

	for (unsigned i = 0; i < tx->niov; i++)
		total += tx->iov[i].len;
	if (total > IK_IPV4_MAX_LEN) {
		local_error(s, fd, EMSGSIZE, p->dst, dport, p->mtu, now);
		IK_TRACE(s, IK_L_SOCK, IK_EV_DROP, "sock.msgsize", 0, NULL, 0, fd,
			 "socket %d: %zu octets exceed the IPv4 maximum 65535", fd, total);
		return -EMSGSIZE;
	}
	tx->src = p->src;
	tx->dst = p->dst;
	tx->df = p->df && total <= p->mtu;
	rc = sockopt_apply(s, fd, p, tx, total);
	if (rc < 0) {
		local_error(s, fd, EMSGSIZE, p->dst, dport, p->mtu, now);
		IK_TRACE(s, IK_L_SOCK, IK_EV_DROP, "sock.msgsize", 0, NULL, 0, fd,
			 "socket %d: %zu octets exceed the path MTU %u and IP_PMTUDISC_DO is set",
			 fd, total, p->mtu);
		return rc;
	}
	rc = ik_ip_output(s, tx, now);
	if (rc == 0)
		return 0;
	if (rc == -ENETUNREACH || rc == -EHOSTUNREACH || rc == -EACCES || rc == -EMSGSIZE ||
	    rc == -EINVAL) {
		if (rc == -EMSGSIZE)
			local_error(s, fd, EMSGSIZE, p->dst, dport, p->mtu, now);
		return rc;
	}
	return 1;
}

/**
 * ik_sock_err_policy() - what a transport reports for an ICMP error, as
 * Linux __udp4_lib_err, ping_err and raw_err decide it
 * @s:    stack
 * @e:    the error (err and hard from the icmp module's table)
 * @err:  errno to report
 * @hard: whether it is fatal
 *
 * Frag Needed first lowers the path MTU towards the quoted destination
 * (R5; the quoted Total Length feeds the RFC 1191 plateau when the router
 * gave no MTU) and is then a hard EMSGSIZE, since sockets do path MTU
 * discovery; with ip_no_pmtu_disc 1 the path MTU goes to min_pmtu, locked,
 * and sockets (IP_PMTUDISC_DONT) are not told; with 2 or 3 the message is
 * ignored (Linux icmp_unreach). Every other message keeps the table's errno and flag.
 *
 * Return: true when the socket is to be told.
 */
bool ik_sock_err_policy(struct ik_stack *s, const struct ik_icmp_err *e, int *err, bool *hard)
{
	*err = e->err;
	*hard = e->hard;
	if (e->type == IK_ICMP_UNREACH && e->code == IK_UNREACH_NEEDFRAG) {
		/* 2: Frag Needed discarded; 3: honoured only for protocols that
		 * can check it (TCP, SCTP), none of these */
		if (s->set.ip_no_pmtu_disc >= 2)
			return false;
		if (s->set.ip_no_pmtu_disc) {
			ik_pmtu_learn(s, e->q->ip.dst, 1, 0, e->now);
			return false;
		}
		ik_pmtu_learn(s, e->q->ip.dst, e->info, e->q->ip.total_len, e->now);
		*err = EMSGSIZE;
		*hard = true;
	}
	return *err != 0;
}
