// SPDX-License-Identifier: MIT
/**
 * DOC: the socket pool and the calls every socket type shares
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
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stack/sock_priv.h"


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
	st->n = n;
	/* line-aligned: two sockets to a line, none straddling two */
	st->sk = ik_table_alloc((size_t)n * sizeof(*st->sk));
	if (st->sk)
		memset(st->sk, 0, (size_t)n * sizeof(*st->sk));
	st->aux = calloc(n, sizeof(*st->aux));
	seed = (uint64_t)ik_rand(s) << 32 | ik_rand(s);
	st->rcvbuf = (uint32_t)cfg_rcvbuf(s);
	if (!st->sk || !st->aux || ik_hash_init(st, n, seed) ||
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
	ik_rxpool_free(st);
	ik_hash_free(st);
	free(st);
	s->socks = NULL;
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
 * ik_sock_open() - open a socket
 * @s:     stack
 * @type:  enum ik_sock_type
 * @proto: raw sockets: the IP protocol number to receive (1..255)
 *
 * Return: descriptor >= 0, or -EMFILE (pool full) / -EINVAL / -ENOMEM.
 */
int ik_sock_open(struct ik_stack *s, enum ik_sock_type type, uint8_t proto)
{
	struct ik_sock_tab *st = s->socks;
	unsigned errq = s->cfg.sock_errq;
	struct ik_sock *sk;
	struct ik_sock_err *eq;
	int fd;

	if (type != IK_SOCK_UDP && type != IK_SOCK_PING && type != IK_SOCK_RAW)
		return -EINVAL;
	if (type == IK_SOCK_RAW && proto == 0)
		return -EINVAL;
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
	sk->type = (uint8_t)type;
	sk->proto = type == IK_SOCK_RAW ? proto : 0;
	sk->bnext = sk->tnext = IK_NOSOCK;
	sk->qhead = IK_NOCELL;
	st->aux[fd] = (struct ik_sock_aux){ .eq = eq, .eqcap = (uint16_t)errq, .rnext = IK_NOSOCK };
	st->open++;
	if (type == IK_SOCK_RAW) {
		/* a raw socket claims its protocol number from the start */
		st->aux[fd].rnext = st->raw[proto];
		st->raw[proto] = fd;
		sk->lport = proto; /* as Linux inet_num: getsockname shows it */
	}
	IK_TRACE(s, IK_L_SOCK, IK_EV_DECIDE, "sock.open", 0, NULL, 0, fd, "%s socket %d opened%s",
		 type == IK_SOCK_UDP ? "UDP" : type == IK_SOCK_PING ? "ping" : "raw", fd,
		 type == IK_SOCK_RAW ? " (receives its protocol's datagrams)" : "");
	return fd;
}

/**
 * raw_unlink() - take raw socket @fd off its protocol's list
 * @st: state
 * @fd: descriptor
 */
static void raw_unlink(struct ik_sock_tab *st, int fd)
{
	int32_t *pp = &st->raw[st->sk[fd].proto];

	for (; *pp != IK_NOSOCK; pp = &st->aux[*pp].rnext) {
		if (*pp == fd) {
			*pp = st->aux[fd].rnext;
			break;
		}
	}
}

/**
 * ik_sock_close() - close a socket, freeing its port or identifier
 * @s:  stack
 * @fd: descriptor
 *
 * Return: 0, or -EBADF.
 */
int ik_sock_close(struct ik_stack *s, int fd)
{
	struct ik_sock_tab *st = s->socks;
	struct ik_sock *sk = ik_sock_get(s, fd);

	if (!sk)
		return -EBADF;
	if (sk->type == IK_SOCK_RAW) {
		raw_unlink(st, fd);
	} else {
		if (sk->type == IK_SOCK_UDP && sk->connected)
			ik_tuple_remove(st, fd);
		ik_port_remove(st, fd);
	}
	ik_rxq_purge(st, sk);
	free(st->aux[fd].eq);
	st->aux[fd] = (struct ik_sock_aux){ .eq = NULL, .rnext = IK_NOSOCK };
	memset(sk, 0, sizeof(*sk));
	sk->bnext = st->free;
	st->free = fd;
	st->open--;
	IK_TRACE(s, IK_L_SOCK, IK_EV_DECIDE, "sock.close", 0, NULL, 0, fd, "socket %d closed", fd);
	return 0;
}

/**
 * addr_bindable() - whether a socket may bind @addr (Linux inet_bind)
 * @s:    stack
 * @addr: address
 *
 * Return: true for 0, one of our addresses, a broadcast or a multicast
 * address.
 */
static bool addr_bindable(const struct ik_stack *s, uint32_t addr)
{
	return !addr || ik_addr_is_local(s, addr) || ik_addr_is_bcast(s, addr) ||
	       (addr >> 28) == 0xe;
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
			 "%s %u is already held by another socket",
			 sk->type == IK_SOCK_PING ? "identifier" : "port", port);
		return -EADDRINUSE;
	}
	sk->laddr = addr;
	sk->lport = port;
	ik_port_insert(s->socks, fd);
	return 0;
}

/**
 * ik_sock_bind() - bind a local address and port (UDP) or identifier (ping)
 * @s:    stack
 * @fd:   descriptor
 * @addr: local address (0 = any), host order
 * @port: UDP port, or echo Identifier for ping sockets; 0 = pick a free one
 *
 * Raw sockets take only the address (the port is ignored, as Linux).
 *
 * Return: 0, or -EADDRINUSE / -EINVAL (already bound) / -EADDRNOTAVAIL /
 * -EBADF.
 */
int ik_sock_bind(struct ik_stack *s, int fd, uint32_t addr, uint16_t port)
{
	struct ik_sock *sk = ik_sock_get(s, fd);
	char a[16];
	int rc;

	if (!sk)
		return -EBADF;
	if (!addr_bindable(s, addr))
		return -EADDRNOTAVAIL;
	if (sk->type == IK_SOCK_RAW) {
		sk->laddr = addr;
		sk->addr_lock = addr != 0;
		return 0;
	}
	if (sk->bound || sk->connected)
		return -EINVAL;
	rc = do_bind(s, fd, addr, port);
	if (rc)
		return rc;
	sk->port_lock = true;
	sk->addr_lock = addr != 0;
	IK_TRACE(s, IK_L_SOCK, IK_EV_DECIDE, "sock.bind", 0, NULL, 0, fd,
		 "socket %d bound to %s %s:%u%s", fd,
		 sk->type == IK_SOCK_PING ? "identifier" : "port",
		 ik_ipv4_addr_str(addr, a), sk->lport, port ? "" : " (picked free)");
	return 0;
}

/**
 * ik_sock_autobind() - give an unbound UDP or ping socket a free port or
 * identifier (P1)
 * @s:  stack
 * @fd: descriptor
 *
 * Return: 0, or -EAGAIN when none is free (Linux inet_autobind).
 */
int ik_sock_autobind(struct ik_stack *s, int fd)
{
	struct ik_sock *sk = &s->socks->sk[fd];

	if (sk->bound || sk->type == IK_SOCK_RAW)
		return 0;
	if (do_bind(s, fd, sk->laddr, 0))
		return -EAGAIN;
	IK_TRACE(s, IK_L_SOCK, IK_EV_DECIDE, "sock.autobind", 0, NULL, 0, fd,
		 "socket %d given free %s %u", fd,
		 sk->type == IK_SOCK_PING ? "identifier" : "port", sk->lport);
	return 0;
}

/**
 * disconnect() - forget the peer (connect to address 0, as AF_UNSPEC)
 * @s: stack; @fd: descriptor
 *
 * An address taken from the route at connect time is dropped, and a port
 * picked automatically is released, as Linux udp_disconnect does.
 */
static void disconnect(struct ik_stack *s, int fd)
{
	struct ik_sock *sk = &s->socks->sk[fd];

	if (sk->type == IK_SOCK_UDP && sk->connected)
		ik_tuple_remove(s->socks, fd);
	sk->connected = false;
	sk->raddr = 0;
	sk->rport = 0;
	if (sk->type == IK_SOCK_RAW) {
		if (!sk->addr_lock)
			sk->laddr = 0;
		return;
	}
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
 * ik_sock_connect() - fix the peer (UDP: address and port; ping, raw:
 * address)
 * @s:    stack
 * @fd:   descriptor
 * @addr: peer, host order (0: disconnect)
 * @port: peer port (UDP)
 *
 * Binds an ephemeral port/identifier first when unbound, and takes the
 * route's source address when bound to the wildcard (Linux
 * ip4_datagram_connect).
 *
 * Return: 0, or -EBADF / -EAGAIN (no free port) / -ENETUNREACH /
 * -EADDRINUSE (the 4-tuple's local address is held by another socket).
 */
int ik_sock_connect(struct ik_stack *s, int fd, uint32_t addr, uint16_t port)
{
	struct ik_sock *sk = ik_sock_get(s, fd);
	struct ik_route_res r;
	char a[16], b[16];
	int rc;

	if (!sk)
		return -EBADF;
	if (!addr) {
		disconnect(s, fd);
		return 0;
	}
	if (ik_route_lookup(s, addr, &r))
		return -ENETUNREACH;
	rc = ik_sock_autobind(s, fd);
	if (rc)
		return rc;
	if (sk->type == IK_SOCK_UDP && sk->connected)
		ik_tuple_remove(s->socks, fd);
	if (!sk->laddr) {
		if (sk->type != IK_SOCK_RAW) {
			/* the route's source becomes the bound address: re-file it */
			ik_port_remove(s->socks, fd);
			if (sk->type == IK_SOCK_UDP &&
			    ik_port_conflict(s->socks, sk->type, sk->lport, r.src, fd)) {
				ik_port_insert(s->socks, fd);
				if (sk->connected)
					ik_tuple_insert(s->socks, fd);
				return -EADDRINUSE;
			}
			sk->laddr = r.src;
			ik_port_insert(s->socks, fd);
		} else {
			sk->laddr = r.src;
		}
	}
	sk->raddr = addr;
	sk->rport = sk->type == IK_SOCK_UDP ? port : 0;
	sk->connected = true;
	if (sk->type == IK_SOCK_UDP)
		ik_tuple_insert(s->socks, fd);
	IK_TRACE(s, IK_L_SOCK, IK_EV_DECIDE, "sock.connect", 0, NULL, 0, fd,
		 "socket %d connected %s:%u -> %s:%u", fd, ik_ipv4_addr_str(sk->laddr, a),
		 sk->lport, ik_ipv4_addr_str(addr, b), sk->rport);
	return 0;
}

/**
 * take_pending() - return and clear @fd's pending error (Linux sock_error)
 * @s: stack; @fd: descriptor; @call: "sendto" or "recvfrom", for the trace
 *
 * Return: -errno, or 0 when none is pending.
 */
static int take_pending(struct ik_stack *s, int fd, const char *call)
{
	struct ik_sock *sk = &s->socks->sk[fd];
	int err = sk->err;
	char buf[64];

	if (!err)
		return 0;
	sk->err = 0;
	IK_TRACE(s, IK_L_SOCK, IK_EV_ERROR, "sock.pending_error", 0, NULL, 0, fd,
		 "%s on socket %d fails with %s", call, fd, ik_sock_errname(err, buf, sizeof(buf)));
	return -err;
}

/**
 * ik_sock_sendto() - send one datagram
 * @s:    stack
 * @fd:   descriptor
 * @buf:  UDP payload; ping: an Echo Request; raw: the IP payload
 * @len:  octets
 * @addr: destination (0 on a connected socket = its peer), host order
 * @port: destination port (UDP)
 * @now:  current time (ns)
 *
 * Return: @len, or a negative errno (a pending hard error first).
 */
ssize_t ik_sock_sendto(struct ik_stack *s, int fd, const void *buf, size_t len, uint32_t addr,
		       uint16_t port, uint64_t now)
{
	struct ik_sock *sk = ik_sock_get(s, fd);
	int rc;

	if (!sk)
		return -EBADF;
	if (!buf && len)
		return -EFAULT;
	rc = take_pending(s, fd, "sendto");
	if (rc)
		return rc;
	if (!addr) {
		if (!sk->connected)
			return -EDESTADDRREQ;
		addr = sk->raddr;
		port = sk->rport;
	}
	switch (sk->type) {
	case IK_SOCK_UDP:
		return ik_udp_sendto(s, fd, buf, len, addr, port, now);
	case IK_SOCK_PING:
		return ik_ping_sendto(s, fd, buf, len, addr, now);
	default:
		return ik_raw_sendto(s, fd, buf, len, addr, now);
	}
}

/**
 * ik_sock_recvfrom() - take the next queued datagram
 * @s:    stack
 * @fd:   descriptor
 * @buf:  output
 * @cap:  octets available (a longer datagram is truncated, as MSG_TRUNC)
 * @addr: source address (may be NULL)
 * @port: source port (UDP; may be NULL)
 *
 * Return: octets copied; -EAGAIN when the queue is empty; a pending hard
 * error is returned and cleared first.
 */
ssize_t ik_sock_recvfrom(struct ik_stack *s, int fd, void *buf, size_t cap, uint32_t *addr,
			 uint16_t *port)
{
	struct ik_sock *sk = ik_sock_get(s, fd);
	size_t len;
	int rc;

	if (!sk)
		return -EBADF;
	rc = take_pending(s, fd, "recvfrom");
	if (rc)
		return rc;
	if (sk->qhead == IK_NOCELL)
		return -EAGAIN;
	if (!buf && cap)
		return -EFAULT;
	len = ik_rxq_take(s->socks, sk, buf, cap, addr, port);
	return (ssize_t)(len < cap ? len : cap);
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
 */
void ik_sock_report(struct ik_stack *s, int fd, const struct ik_icmp_err *e, int err, bool hard,
		    uint32_t dst, uint16_t dport)
{
	struct ik_sock *sk = &s->socks->sk[fd];
	struct ik_sock_err *q = eq_slot(s, fd);
	char eb[64], ob[16];

	if (!q)
		return;
	*q = (struct ik_sock_err){
		.err = err, .origin = IK_EE_ORIGIN_ICMP, .type = e->type, .code = e->code,
		.info = e->info, .offender = e->offender, .dst = dst, .dport = dport,
		.hard = hard, .when = e->now,
	};
	if (hard && sk->connected)
		sk->err = (int16_t)err;
	IK_TRACE(s, IK_L_SOCK, IK_EV_ERROR, "sock.icmp_error", 0, NULL, 0, fd,
		 "ICMP %u/%u from %s reported to socket %d: %s, %s", e->type, e->code,
		 ik_ipv4_addr_str(e->offender, ob), fd, ik_sock_errname(err, eb, sizeof(eb)),
		 hard && sk->connected ? "hard: its next call fails with it"
		 : hard ? "hard, but the socket is not connected: error queue only"
			: "soft: error queue only");
}

/**
 * local_error() - queue a locally detected error (IK_EE_ORIGIN_LOCAL), as
 * Linux ip_local_error
 * @s: stack; @fd: descriptor; @err: errno; @dst/@dport: destination;
 * @info: path MTU for EMSGSIZE; @now: time
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
 * ik_sock_recverr() - take the oldest error-queue entry (MSG_ERRQUEUE)
 * @s:  stack
 * @fd: descriptor
 * @e:  entry
 *
 * Return: 0, or -EAGAIN when the queue is empty, -EBADF.
 */
int ik_sock_recverr(struct ik_stack *s, int fd, struct ik_sock_err *e)
{
	struct ik_sock_aux *x;

	if (!ik_sock_get(s, fd))
		return -EBADF;
	x = ik_sock_aux(s->socks, fd);
	if (!x->eqn)
		return -EAGAIN;
	if (e)
		*e = x->eq[x->eqhead];
	x->eqhead = (uint16_t)((x->eqhead + 1) % x->eqcap);
	x->eqn--;
	return 0;
}

/**
 * ik_sock_local() - bound address and port (or identifier)
 * @s:    stack
 * @fd:   descriptor
 * @addr: address (may be NULL)
 * @port: port, identifier, or a raw socket's protocol (may be NULL)
 *
 * Return: 0, or -EBADF.
 */
int ik_sock_local(const struct ik_stack *s, int fd, uint32_t *addr, uint16_t *port)
{
	const struct ik_sock *sk = ik_sock_get(s, fd);

	if (!sk)
		return -EBADF;
	if (addr)
		*addr = sk->laddr;
	if (port)
		*port = sk->lport;
	return 0;
}

/**
 * ik_sock_pending() - datagrams waiting in the receive queue
 * @s:  stack
 * @fd: descriptor
 *
 * Return: count, or -EBADF.
 */
int ik_sock_pending(const struct ik_stack *s, int fd)
{
	const struct ik_sock *sk = ik_sock_get(s, fd);

	if (!sk)
		return -EBADF;
	return (int)ik_rxq_count(s->socks, sk);
}

/**
 * ik_sock_path() - bind @fd if it is not yet (P1), then route @dst for it
 * @s:   stack
 * @fd:  descriptor
 * @dst: destination
 * @p:   result
 *
 * Return: 0, or -EAGAIN (no free port or identifier) / -ENETUNREACH.
 */
int ik_sock_path(struct ik_stack *s, int fd, uint32_t dst, struct ik_sock_path *p)
{
	const struct ik_sock *sk = &s->socks->sk[fd];
	struct ik_route_res r;
	bool locked = false;
	int rc = ik_sock_autobind(s, fd);

	if (rc)
		return rc;
	if (ik_route_lookup(s, dst, &r)) {
		char a[16];

		IK_TRACE(s, IK_L_SOCK, IK_EV_DROP, "sock.no_route", 0, NULL, 0, fd,
			 "socket %d: no route to %s", fd, ik_ipv4_addr_str(dst, a));
		return -ENETUNREACH;
	}
	/* a socket bound to a broadcast/multicast address sends from the interface */
	p->src = sk->laddr && ik_addr_is_local(s, sk->laddr) ? sk->laddr : r.src;
	p->dst = dst;
	p->mtu = ik_pmtu_lookup(s, dst, r.mtu, &locked);
	p->df = !s->set.ip_no_pmtu_disc && !locked;
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
 * with an IK_EE_ORIGIN_LOCAL error-queue entry; -ENETUNREACH).
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
	rc = ik_ip_output(s, tx, now);
	if (rc == 0)
		return 0;
	if (rc == -ENETUNREACH || rc == -EMSGSIZE || rc == -EINVAL) {
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
