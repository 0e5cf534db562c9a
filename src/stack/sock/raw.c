// SPDX-License-Identifier: MIT
/**
 * DOC: raw sockets by IP protocol number (G10, Linux raw.c)
 *
 * The first demultiplexing key of the study note: the protocol number. A
 * raw socket claims one number and receives a copy of every datagram of
 * that protocol sent to us (the whole datagram, IP header first). Core asks
 * ik_raw_deliver() before the built-in handlers; when it returns 0 for a
 * number no handler knows, the host answers Protocol Unreachable (G10), and
 * when a raw socket took it, it does not.
 *
 * Owns: the per-protocol lists' membership, delivery and ICMP errors for
 * raw sockets (called by the core and the icmp module directly, no table
 * on the way), and ik_raw_ops, what the socket API does for a raw socket:
 * claim its protocol at open, bind and connect addresses only, sendto.
 * May call: the lower half of the socket layer (sock_core.c, rxpool.c),
 * the icmp module's counters and the core; never sock.c, the API above it.
 */
#include <errno.h>

#include "stack/sock/sock_priv.h"

/**
 * raw_match() - whether raw socket @sk wants a datagram laddr <- raddr
 * @sk: socket; @laddr: our address it concerns; @raddr: the other end
 * Return: true if the socket's bound address and peer allow it.
 */
static bool raw_match(const struct ik_sock *sk, uint32_t laddr, uint32_t raddr)
{
	return (!sk->laddr || sk->laddr == laddr) && (!sk->connected || sk->raddr == raddr);
}

/**
 * ik_raw_deliver() - give a copy of @rx to every raw socket of its protocol
 * @s:  stack
 * @rx: the datagram
 *
 * Return: how many sockets claimed it (a socket whose buffer is full counts:
 * it still claimed the protocol; the copy is dropped there, counted
 * InDiscards).
 */
unsigned ik_raw_deliver(struct ik_stack *s, const struct ik_rx *rx)
{
	struct ik_sock_tab *st = s->socks;
	unsigned n = 0;
	int rc;

	for (int32_t fd = st->raw[rx->ip.proto]; fd != IK_NOSOCK; fd = st->aux[fd].rnext) {
		if (!raw_match(&st->sk[fd], rx->ip.dst, rx->ip.src))
			continue;
		n++;
		rc = ik_sock_enqueue(s, fd, rx->ip.src, 0, rx->pkt, rx->len, NULL, 0);
		if (rc) {
			IK_MIB_INC(s, IP, InDiscards);
			IK_TRACE(s, IK_L_RAW, IK_EV_DROP,
				 rc == -ENOBUFS ? "raw.rcvbuf_full" : "raw.rxpool_full", rx->ifindex,
				 rx->pkt, rx->len, fd, "raw socket %d (protocol %u): receive %s full",
				 fd, rx->ip.proto, rc == -ENOBUFS ? "buffer" : "pool");
			continue;
		}
		IK_TRACE(s, IK_L_RAW, IK_EV_DELIVER, "raw.deliver", rx->ifindex, rx->pkt, rx->len,
			 fd, "protocol %u -> raw socket %d (%zu octets, IP header included)",
			 rx->ip.proto, fd, rx->len);
	}
	return n;
}

/**
 * raw_sendto() - send @buf as the payload of an IP datagram with the
 * socket's protocol (ik_raw_ops.sendto)
 * @s:    stack
 * @fd:   descriptor (a raw socket)
 * @buf:  payload
 * @len:  octets
 * @addr: destination
 * @port: ignored
 * @now:  time
 *
 * Return: @len, or -EMSGSIZE / the route lookup's -ENETUNREACH,
 * -EHOSTUNREACH, -EACCES or -EINVAL.
 */
static ssize_t raw_sendto(struct ik_stack *s, int fd, const void *buf, size_t len,
			  uint32_t addr, uint16_t port, uint64_t now)
{
	const struct ik_sock *sk = &s->socks->sk[fd];
	struct ik_sock_path p;
	struct ik_tx tx = { .proto = sk->proto };
	char a[16];
	int rc;

	(void)port;
	if (len > IK_IPV4_MAX_LEN - IK_IPV4_HDR_MIN)
		return -EMSGSIZE;
	rc = ik_sock_path(s, fd, addr, &p);
	if (rc)
		return rc;
	tx.iov[0].p = buf;
	tx.iov[0].len = len;
	tx.niov = 1;
	rc = ik_sock_xmit(s, fd, &p, &tx, 0, now);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		IK_TRACE(s, IK_L_RAW, IK_EV_DROP, "raw.xmit_failed", 0, NULL, 0, fd,
			 "raw socket %d: the device refused the datagram", fd);
		return (ssize_t)len;
	}
	/* as Linux counts what raw ICMP sockets send */
	if (sk->proto == IK_IPPROTO_ICMP && len)
		ik_icmp_out_count(s, *(const uint8_t *)buf);
	IK_TRACE(s, IK_L_RAW, IK_EV_TX, "raw.send", 0, NULL, 0, fd,
		 "raw socket %d sends %zu octets of protocol %u to %s", fd, len, sk->proto,
		 ik_ipv4_addr_str(addr, a));
	return (ssize_t)len;
}

/**
 * ik_raw_err() - an ICMP error quoting a datagram of a raw socket's protocol
 * @s: stack
 * @e: the error
 *
 * Every raw socket of the quoted protocol whose bound address is the quoted
 * source (or any) and whose peer is the quoted destination (or none) gets
 * it, as Linux raw_icmp_error.
 *
 * Return: true if a socket matched.
 */
bool ik_raw_err(struct ik_stack *s, const struct ik_icmp_err *e)
{
	struct ik_sock_tab *st = s->socks;
	const struct ik_quote *q = e->q;
	bool told = false, hard = false, matched = false;
	int err = 0;

	if (!q)
		return false;
	for (int32_t fd = st->raw[q->ip.proto]; fd != IK_NOSOCK; fd = st->aux[fd].rnext) {
		if (!raw_match(&st->sk[fd], q->ip.src, q->ip.dst))
			continue;
		if (!matched)
			told = ik_sock_err_policy(s, e, &err, &hard);
		matched = true;
		if (told)
			ik_sock_report(s, fd, e, err, hard, q->ip.dst, 0);
	}
	if (!matched)
		IK_TRACE(s, IK_L_RAW, IK_EV_DROP, "raw.err_no_socket", 0, NULL, 0, -1,
			 "ICMP %u/%u quotes protocol %u, which no raw socket sent (R2)", e->type,
			 e->code, q->ip.proto);
	return matched;
}

/**
 * raw_check() - whether @proto opens a raw socket (ik_raw_ops.check)
 * @proto: IP protocol number
 * Return: 0, or -EINVAL for 0.
 */
static int raw_check(uint8_t proto)
{
	return proto ? 0 : -EINVAL;
}

/**
 * raw_open() - a raw socket claims its protocol number from the start
 * (ik_raw_ops.open)
 * @s: stack; @fd: the new socket; @proto: its protocol (1..255)
 *
 * Return: nothing.
 */
static void raw_open(struct ik_stack *s, int fd, uint8_t proto)
{
	struct ik_sock_tab *st = s->socks;

	st->sk[fd].proto = proto;
	st->aux[fd].rnext = st->raw[proto];
	st->raw[proto] = fd;
	st->sk[fd].lport = proto; /* as Linux inet_num: getsockname shows it */
}

/**
 * raw_unlink() - take raw socket @fd off its protocol's list
 * (ik_raw_ops.unlink)
 * @s: stack; @fd: descriptor
 *
 * Return: nothing.
 */
static void raw_unlink(struct ik_stack *s, int fd)
{
	struct ik_sock_tab *st = s->socks;
	int32_t *pp = &st->raw[st->sk[fd].proto];

	for (; *pp != IK_NOSOCK; pp = &st->aux[*pp].rnext) {
		if (*pp == fd) {
			*pp = st->aux[fd].rnext;
			break;
		}
	}
}

/**
 * raw_bind() - a raw socket binds an address only (ik_raw_ops.bind)
 * @s: stack; @fd: descriptor; @addr: local address, bindable; @port:
 * ignored, as Linux
 *
 * Return: 0.
 */
static int raw_bind(struct ik_stack *s, int fd, uint32_t addr, uint16_t port)
{
	struct ik_sock *sk = &s->socks->sk[fd];

	(void)port;
	sk->laddr = addr;
	sk->addr_lock = addr != 0;
	return 0;
}

/**
 * raw_connect() - fix a raw socket's peer (ik_raw_ops.connect)
 * @s:    stack
 * @fd:   descriptor
 * @src:  the route's source, taken when no address is bound
 * @addr: peer
 * @port: ignored
 *
 * Return: 0.
 */
static int raw_connect(struct ik_stack *s, int fd, uint32_t src, uint32_t addr, uint16_t port)
{
	struct ik_sock *sk = &s->socks->sk[fd];

	(void)port;
	if (!sk->laddr)
		sk->laddr = src;
	sk->raddr = addr;
	sk->rport = 0;
	sk->connected = true;
	return 0;
}

/**
 * raw_disconnect() - drop an address connect took from the route
 * (ik_raw_ops.disconnect)
 * @s: stack; @fd: descriptor
 *
 * Return: nothing.
 */
static void raw_disconnect(struct ik_stack *s, int fd)
{
	struct ik_sock *sk = &s->socks->sk[fd];

	if (!sk->addr_lock)
		sk->laddr = 0;
}

const struct ik_sock_ops ik_raw_ops = {
	.name = "raw",
	.open_note = " (receives its protocol's datagrams)",
	.check = raw_check,
	.open = raw_open,
	.unlink = raw_unlink,
	.bind = raw_bind,
	.connect = raw_connect,
	.disconnect = raw_disconnect,
	.sendto = raw_sendto,
};
