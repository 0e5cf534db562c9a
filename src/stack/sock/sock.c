// SPDX-License-Identifier: MIT
/**
 * DOC: the socket API (include/icmpkit/sock.h)
 *
 * Owns: the public calls and nothing below them: argument checks, the
 * pending error returned once by sendto and recvfrom (Linux sock_error),
 * the resolution of a connected socket's destination, and the traces of
 * open, close and connect. What a call does that depends on the socket's
 * type is the type's struct ik_sock_ops (udp.c, ping.c, raw.c), found in
 * sock_ops[] by enum ik_sock_type: this file holds no switch on the type.
 *
 * May call: the ops, and the lower half of the socket layer (sock_core.c:
 * pool entries, the error queue; rxpool.c: the receive queue) and the core
 * (routes, addresses). Nothing in the stack calls back into this file: the
 * receive path (udp.c, ping.c, raw.c -> hash.c -> rxpool.c) never passes
 * through it, and the types call only the lower half.
 */
#include <errno.h>

#include "stack/sock/sock_priv.h"

/* every socket type's operations, by enum ik_sock_type (0: no type) */
static const struct ik_sock_ops *const sock_ops[] = {
	[IK_SOCK_UDP] = &ik_udp_ops,
	[IK_SOCK_PING] = &ik_ping_ops,
	[IK_SOCK_RAW] = &ik_raw_ops,
	[IK_SOCK_UDP6] = &ik_udp6_ops,
	[IK_SOCK_PING6] = &ik_ping6_ops,
	[IK_SOCK_RAW6] = &ik_raw6_ops,
};

/**
 * ops_of() - the operations of socket type @type
 * @type: enum ik_sock_type, as the caller gave it
 * Return: the type's table, or NULL when @type names none.
 */
static const struct ik_sock_ops *ops_of(unsigned type)
{
	return type < sizeof(sock_ops) / sizeof(sock_ops[0]) ? sock_ops[type] : NULL;
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
	const struct ik_sock_ops *o = ops_of((unsigned)type);
	int fd;

	if (!o)
		return -EINVAL;
	if (o->check && o->check(proto))
		return -EINVAL;
	if (o->v6 && !s->ip6)
		return -EAFNOSUPPORT;
	fd = ik_sock_new(s, (uint8_t)type);
	if (fd < 0)
		return fd;
	if (o->open)
		o->open(s, fd, proto);
	IK_TRACE(s, IK_L_SOCK, IK_EV_DECIDE, "sock.open", 0, NULL, 0, fd, "%s socket %d opened%s",
		 o->name, fd, o->open_note);
	return fd;
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
	struct ik_sock *sk = ik_sock_get(s, fd);

	if (!sk)
		return -EBADF;
	sock_ops[sk->type]->unlink(s, fd);
	ik_sock_release(s, fd);
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

	if (!sk)
		return -EBADF;
	if (sock_ops[sk->type]->v6)
		return -EAFNOSUPPORT;
	if (!addr_bindable(s, addr))
		return -EADDRNOTAVAIL;
	return sock_ops[sk->type]->bind(s, fd, addr, port);
}

/**
 * ik_sock_connect() - fix the peer (UDP: address and port; ping, raw:
 * address)
 * @s:    stack
 * @fd:   descriptor
 * @addr: peer, host order (0: disconnect, as AF_UNSPEC)
 * @port: peer port (UDP)
 *
 * Binds an ephemeral port/identifier first when unbound, and takes the
 * route's source address when bound to the wildcard (Linux
 * ip4_datagram_connect). Disconnecting forgets the peer and whatever
 * connect chose for the local side (Linux udp_disconnect).
 *
 * Return: 0, or -EBADF / -EAGAIN (no free port) / the route lookup's
 * -ENETUNREACH, -EHOSTUNREACH, -EACCES or -EINVAL / -EADDRINUSE (the
 * 4-tuple's local address is held by another socket).
 */
int ik_sock_connect(struct ik_stack *s, int fd, uint32_t addr, uint16_t port)
{
	struct ik_sock *sk = ik_sock_get(s, fd);
	struct ik_route_res r;
	char a[16], b[16];
	int rc;

	if (!sk)
		return -EBADF;
	if (sock_ops[sk->type]->v6)
		return -EAFNOSUPPORT;
	if (!addr) {
		sock_ops[sk->type]->disconnect(s, fd);
		sk->connected = false;
		sk->raddr = 0;
		sk->rport = 0;
		return 0;
	}
	rc = ik_route_lookup(s, addr, &r);
	if (rc < 0)
		return rc; /* as Linux ip4_datagram_connect: the route's errno */
	rc = sock_ops[sk->type]->connect(s, fd, r.src, addr, port);
	if (rc)
		return rc;
	IK_TRACE(s, IK_L_SOCK, IK_EV_DECIDE, "sock.connect", 0, NULL, 0, fd,
		 "socket %d connected %s:%u -> %s:%u", fd, ik_ipv4_addr_str(sk->laddr, a),
		 sk->lport, ik_ipv4_addr_str(addr, b), sk->rport);
	return 0;
}

/**
 * ik_sock_take_pending() - return and clear @fd's pending error (Linux sock_error)
 * @s: stack; @fd: descriptor; @call: "sendto" or "recvfrom", for the trace
 *
 * Return: -errno, or 0 when none is pending.
 */
int ik_sock_take_pending(struct ik_stack *s, int fd, const char *call)
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
	if (sock_ops[sk->type]->v6)
		return -EAFNOSUPPORT;
	if (!buf && len)
		return -EFAULT;
	/* the path MTU cache judges its entries' age on the stack's clock:
	 * bring it to the caller's time before the path is looked up */
	if (now > s->now)
		s->now = now;
	rc = ik_sock_take_pending(s, fd, "sendto");
	if (rc)
		return rc;
	if (!addr) {
		if (!sk->connected)
			return -EDESTADDRREQ;
		addr = sk->raddr;
		port = sk->rport;
	}
	return sock_ops[sk->type]->sendto(s, fd, buf, len, addr, port, now);
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
	if (sock_ops[sk->type]->v6)
		return -EAFNOSUPPORT;
	rc = ik_sock_take_pending(s, fd, "recvfrom");
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
 * ik_sock_recverr() - take the oldest error-queue entry (MSG_ERRQUEUE)
 * @s:  stack
 * @fd: descriptor
 * @e:  entry
 *
 * Return: 0, or -EAGAIN when the queue is empty, -EBADF.
 */
int ik_sock_recverr(struct ik_stack *s, int fd, struct ik_sock_err *e)
{
	if (!ik_sock_get(s, fd))
		return -EBADF;
	return ik_sock_errq_take(s, fd, e);
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
	if (sock_ops[sk->type]->v6)
		return -EAFNOSUPPORT;
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
 * ik_sock_setopt() - set a per-socket option (setsockopt(IPPROTO_IP))
 * @s: stack; @fd: descriptor; @opt: enum ik_sockopt; @value: its value
 *
 * Return: 0, -EBADF, -EINVAL, or -ENOPROTOOPT.
 */
int ik_sock_setopt(struct ik_stack *s, int fd, enum ik_sockopt opt, int value)
{
	struct ik_sock_aux *ax;

	if (!ik_sock_get(s, fd))
		return -EBADF;
	ax = &s->socks->aux[fd];
	switch (opt) {
	case IK_SO_TTL: /* Linux: -1 restores the default, 1..255 */
		if (value != -1 && (value < 1 || value > 255))
			return -EINVAL;
		ax->ttl = value < 0 ? 0 : (uint8_t)value;
		return 0;
	case IK_SO_TOS:
		if (value < 0 || value > 255)
			return -EINVAL;
		ax->tos = (uint8_t)value;
		return 0;
	case IK_SO_MTU_DISCOVER:
		if (value < IK_PMTUDISC_DONT || value > IK_PMTUDISC_DO)
			return -EINVAL;
		ax->pmtud = (uint8_t)(value + 1);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}

/**
 * ik_sock_getopt() - read a per-socket option (getsockopt(IPPROTO_IP))
 * @s: stack; @fd: descriptor; @opt: enum ik_sockopt; @value: its value
 *
 * Return: 0, -EBADF, -ENOTCONN, or -ENOPROTOOPT.
 */
int ik_sock_getopt(const struct ik_stack *s, int fd, enum ik_sockopt opt, int *value)
{
	const struct ik_sock *sk = ik_sock_get(s, fd);
	const struct ik_sock_aux *ax;

	if (!sk || !value)
		return -EBADF;
	ax = &s->socks->aux[fd];
	switch (opt) {
	case IK_SO_TTL:
		*value = ax->ttl ? ax->ttl : (int)s->set.ip_default_ttl;
		return 0;
	case IK_SO_TOS:
		*value = ax->tos;
		return 0;
	case IK_SO_MTU_DISCOVER:
		*value = ax->pmtud ? ax->pmtud - 1
				   : (s->set.ip_no_pmtu_disc ? IK_PMTUDISC_DONT : IK_PMTUDISC_WANT);
		return 0;
	case IK_SO_MTU:
		if (!sk->connected)
			return -ENOTCONN;
		*value = (int)ik_pmtu_get(s, sk->raddr);
		return 0;
	default:
		return -ENOPROTOOPT;
	}
}
