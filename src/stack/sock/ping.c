// SPDX-License-Identifier: MIT
/**
 * DOC: ping sockets: the echo Identifier as a port (P1-P3, Linux ping.c)
 *
 * The third demultiplexing key of the study note. An Echo Reply carries no
 * port, so each ping socket owns an Identifier the way a UDP socket owns a
 * port: bound explicitly, or picked free on first send (P1). The stack
 * writes that Identifier into every request the socket sends and delivers a
 * reply only to the socket whose Identifier it carries (P2); an ICMP error
 * quoting one of our requests reaches the socket by the quoted Identifier
 * (P3).
 *
 * Owns: Echo Reply delivery and ICMP errors for ping sockets (called by
 * the icmp module directly, no table on the way), and ik_ping_ops, what
 * the socket API does for a ping socket: bind, connect and disconnect
 * through the port helpers ping shares with UDP, sendto.
 * May call: the lower half of the socket layer (sock_core.c, hash.c,
 * rxpool.c), the icmp module's counters and the core; never sock.c, the
 * API above it.
 */
#include <errno.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "stack/sock/sock_priv.h"

/**
 * ping_sendto() - send an Echo Request under the socket's Identifier
 * (ik_ping_ops.sendto)
 * @s:    stack
 * @fd:   descriptor (a ping socket)
 * @buf:  the ICMP message: Type 8, Code 0, 8-octet header then data
 * @len:  octets
 * @addr: destination
 * @port: ignored (an Echo Request has no port)
 * @now:  time
 *
 * The caller's Identifier and checksum are replaced (P2); its sequence
 * number and data are sent as given.
 *
 * Return: @len, or -EINVAL (not an Echo Request) / -EMSGSIZE /
 * -EAGAIN (no free identifier) / the route lookup's -ENETUNREACH,
 * -EHOSTUNREACH, -EACCES or -EINVAL.
 */
static ssize_t ping_sendto(struct ik_stack *s, int fd, const void *buf, size_t len,
			   uint32_t addr, uint16_t port, uint64_t now)
{
	const uint8_t *m = buf;
	struct ik_sock *sk = &s->socks->sk[fd];
	struct ik_sock_path p;
	struct ik_tx tx = { .proto = IK_IPPROTO_ICMP };
	uint8_t h[IK_ICMP_HDR_LEN];
	char a[16];
	int rc;

	(void)port;
	if (len < IK_ICMP_HDR_LEN || m[0] != IK_ICMP_ECHO || m[1] != 0)
		return -EINVAL;
	if (len > IK_IPV4_MAX_LEN - IK_IPV4_HDR_MIN)
		return -EMSGSIZE;
	rc = ik_sock_autobind(s, fd);
	if (!rc)
		rc = ik_sock_path(s, fd, addr, &p);
	if (rc)
		return rc;
	h[0] = IK_ICMP_ECHO;
	h[1] = 0;
	ik_put16(h + 2, 0);
	ik_put16(h + 4, sk->lport);
	h[6] = m[6];
	h[7] = m[7];
	ik_put16(h + 2, ik_csum_finish(ik_csum_partial(m + IK_ICMP_HDR_LEN, len - IK_ICMP_HDR_LEN,
						       ik_csum_partial(h, sizeof(h), 0))));
	tx.iov[0].p = h;
	tx.iov[0].len = sizeof(h);
	tx.iov[1].p = m + IK_ICMP_HDR_LEN;
	tx.iov[1].len = len - IK_ICMP_HDR_LEN;
	tx.niov = 2;
	rc = ik_sock_xmit(s, fd, &p, &tx, ik_icmp_seq(&(struct ik_icmp_view){ m, len }), now);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		IK_TRACE(s, IK_L_PING, IK_EV_DROP, "ping.xmit_failed", 0, NULL, 0, fd,
			 "socket %d: the device refused the request", fd);
		return (ssize_t)len;
	}
	/* Linux ping_v4_push_pending_frames: icmp_out_count() */
	ik_icmp_out_count(s, IK_ICMP_ECHO);
	IK_TRACE(s, IK_L_PING, IK_EV_TX, "ping.send", 0, NULL, 0, fd,
		 "socket %d sends Echo Request id %u seq %u to %s (the stack wrote the "
		 "identifier)",
		 fd, sk->lport, ik_icmp_seq(&(struct ik_icmp_view){ m, len }),
		 ik_ipv4_addr_str(addr, a));
	return (ssize_t)len;
}

/**
 * ik_ping_input() - an Echo Reply: find the ping socket by Identifier (P2)
 * @s:    stack
 * @rx:   the datagram
 * @icmp: the parsed message (Type 0)
 *
 * Return: true if a socket took it (or would have: a full receive buffer
 * drops it there, counted InDiscards).
 */
bool ik_ping_input(struct ik_stack *s, const struct ik_rx *rx, const struct ik_icmp_repr *icmp)
{
	uint16_t id = icmp->u.echo.ident;
	char a[16];
	int fd, rc;

	fd = ik_ping_lookup(s->socks, id, rx->ip.dst, rx->ip.src);
	if (fd == IK_NOSOCK) {
		IK_TRACE(s, IK_L_PING, IK_EV_DROP, "ping.no_socket", rx->ifindex, rx->pkt, rx->len,
			 -1, "Echo Reply id %u seq %u from %s: no ping socket owns identifier %u",
			 id, icmp->u.echo.seq, ik_ipv4_addr_str(rx->ip.src, a), id);
		return false;
	}
	rc = ik_sock_enqueue(s, fd, rx->ip.src, 0, rx->l4, rx->l4_len, NULL, 0);
	if (rc) {
		IK_MIB_INC(s, IP, InDiscards);
		IK_TRACE(s, IK_L_PING, IK_EV_DROP,
			 rc == -ENOBUFS ? "ping.rcvbuf_full" : "ping.rxpool_full", rx->ifindex,
			 rx->pkt, rx->len, fd, "ping socket %d (id %u): receive %s full, reply dropped",
			 fd, id, rc == -ENOBUFS ? "buffer" : "pool");
		return true;
	}
	IK_TRACE(s, IK_L_PING, IK_EV_DELIVER, "ping.deliver", rx->ifindex, rx->pkt, rx->len, fd,
		 "Echo Reply id %u seq %u from %s -> ping socket %d (owns identifier %u)", id,
		 icmp->u.echo.seq, ik_ipv4_addr_str(rx->ip.src, a), fd, id);
	return true;
}

/**
 * ik_ping_err() - an ICMP error quoting one of our Echo Requests (P3)
 * @s: stack
 * @e: the error; @e->q quotes an ICMP message we sent
 *
 * Matched by the quoted Identifier (and the quoted source, when the socket
 * is bound to an address), as Linux ping_err; the entry's dport is the
 * quoted sequence number.
 *
 * Return: true if a socket matched.
 */
bool ik_ping_err(struct ik_stack *s, const struct ik_icmp_err *e)
{
	const struct ik_quote *q = e->q;
	bool hard;
	int fd, err;

	if (!q || !q->has_icmp || q->icmp_type != IK_ICMP_ECHO || q->icmp_code != 0 ||
	    q->l4_len < IK_ICMP_HDR_LEN)
		return false;
	fd = ik_ping_lookup(s->socks, q->icmp_ident, q->ip.src, q->ip.dst);
	if (fd == IK_NOSOCK) {
		IK_TRACE(s, IK_L_PING, IK_EV_DROP, "ping.err_no_socket", 0, NULL, 0, -1,
			 "ICMP %u/%u quotes an Echo Request with identifier %u, which no ping "
			 "socket owns (R2)",
			 e->type, e->code, q->icmp_ident);
		return false;
	}
	if (ik_sock_err_policy(s, e, &err, &hard))
		ik_sock_report(s, fd, e, err, hard, q->ip.dst, q->icmp_seq);
	return true;
}

/**
 * ping_connect() - connect a ping socket to @addr (ik_ping_ops.connect)
 * @s:    stack
 * @fd:   descriptor
 * @src:  the route's source address
 * @addr: peer
 * @port: ignored
 *
 * Return: 0, or -EAGAIN (no free identifier).
 */
static int ping_connect(struct ik_stack *s, int fd, uint32_t src, uint32_t addr, uint16_t port)
{
	struct ik_sock *sk = &s->socks->sk[fd];
	int rc = ik_sock_port_connect(s, fd, src);

	(void)port;
	if (rc)
		return rc;
	sk->raddr = addr;
	sk->rport = 0;
	sk->connected = true;
	return 0;
}

/**
 * ping_unlink() - take a closing ping socket out of the Identifier table
 * (ik_ping_ops.unlink)
 * @s: stack; @fd: descriptor
 *
 * Return: nothing.
 */
static void ping_unlink(struct ik_stack *s, int fd)
{
	ik_port_remove(s->socks, fd);
}

const struct ik_sock_ops ik_ping_ops = {
	.name = "ping",
	.open_note = "",
	.unlink = ping_unlink,
	.bind = ik_sock_port_bind,
	.connect = ping_connect,
	.disconnect = ik_sock_port_disconnect,
	.sendto = ping_sendto,
};
