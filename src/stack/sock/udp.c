// SPDX-License-Identifier: MIT
/**
 * DOC: UDP: input demultiplexing by port, output, ICMP errors (G9, R1-R4, R7)
 *
 * The second demultiplexing key of the study note: once IP has chosen UDP by
 * protocol number 17, the destination port chooses the socket. A connected
 * socket's 4-tuple is looked up first, then the bound port. When nothing
 * holds the port, this is the one place that decides what goes back: a
 * Port Unreachable (Type 3 Code 3) for a datagram sent to us alone, through
 * ik_icmp_send_error(), which applies every suppression rule; nothing for a
 * broadcast or multicast one (counted IgnoredMulti, as Linux).
 *
 * An ICMP error quoting one of our datagrams comes back through
 * ik_udp_err(): the quoted source and destination find the socket that sent
 * it, exactly as the input path would have found it for the reply.
 *
 * Owns: UDP input and ICMP errors (called by the core and the icmp module
 * directly, no table on the way), and ik_udp_ops, what the socket API does
 * for a UDP socket: bind and connect through the port helpers UDP shares
 * with ping, the 4-tuple table on connect, disconnect and close, sendto.
 * May call: the lower half of the socket layer (sock_core.c, hash.c,
 * rxpool.c) and the core; never sock.c, the API above it.
 */
#include <errno.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/udp.h"
#include "stack/icmp/icmp_fast.h"
#include "stack/sock/sock_priv.h"

/**
 * trace_deliver() - the udp.deliver event (a sink is set)
 * @s: stack; @ifindex/@pkt/@len: the datagram; @fd: the socket; @dport: its
 * port; @how: how the lookup found it; @n: payload octets; @src/@sport: the
 * sender
 */
static void trace_deliver(struct ik_stack *s, unsigned ifindex, const uint8_t *pkt, size_t len,
			  int fd, uint16_t dport, const char *how, size_t n, uint32_t src,
			  uint16_t sport)
{
	char a[16];

	ik_trace_emit(s, IK_L_UDP, IK_EV_DELIVER, "udp.deliver", ifindex, pkt, len, fd,
		      "port %u -> socket %d (%s), %zu octets from %s:%u", dport, fd, how, n,
		      ik_ipv4_addr_str(src, a), sport);
}

/**
 * queue_full() - a datagram its socket's queue could not take: counted and
 * traced
 * @s: stack; @ifindex/@pkt/@len: the datagram; @rc: ik_sock_enqueue()'s
 * code; @fd: the socket; @dport: its port; @n: payload octets
 */
static void queue_full(struct ik_stack *s, unsigned ifindex, const uint8_t *pkt, size_t len,
		       int rc, int fd, uint16_t dport, size_t n)
{
	IK_MIB_INC(s, UDP, RcvbufErrors);
	IK_MIB_INC(s, UDP, InErrors);
	IK_TRACE(s, IK_L_UDP, IK_EV_DROP, rc == -ENOBUFS ? "udp.rcvbuf_full" : "udp.rxpool_full",
		 ifindex, pkt, len, fd,
		 rc == -ENOBUFS
		 ? "socket %d on port %u: receive buffer full (%u of %u octets used), "
		   "%zu-octet datagram dropped"
		 : "socket %d on port %u: the stack's receive pool is full (%u of %u "
		   "octets of this socket's buffer used), %zu-octet datagram dropped",
		 fd, dport, ik_rxq_used(s->socks, &s->socks->sk[fd]), s->socks->rcvbuf, n);
}

/**
 * no_port() - a datagram to us alone whose port has no socket: counted
 * NoPorts and traced (the Port Unreachable follows)
 * @s: stack; @ifindex/@pkt/@len: the datagram; @dport: its port
 */
static void no_port(struct ik_stack *s, unsigned ifindex, const uint8_t *pkt, size_t len,
		    uint16_t dport)
{
	IK_MIB_INC(s, UDP, NoPorts);
	IK_TRACE(s, IK_L_UDP, IK_EV_DROP, "udp.no_socket", ifindex, pkt, len, -1,
		 "port %u has no socket: answer Port Unreachable (Type 3 Code 3, G9)", dport);
}

/**
 * sum_ok() - whether a UDP checksum is right (RFC 768), given the sum of
 * the UDP octets
 * @usum: their partial sum (as ik_csum_partial() gives it)
 * @src/@dst: IP addresses; @ulen: UDP Length
 *
 * Return: true if the sum with the pseudo-header is all ones.
 */
static inline bool sum_ok(uint32_t usum, uint32_t src, uint32_t dst, size_t ulen)
{
	uint64_t x = (uint64_t)usum + (src >> 16) + (src & 0xffffu) + (dst >> 16) +
		     (dst & 0xffffu) + IK_IPPROTO_UDP + ulen;

	x = (x & 0xffffu) + (x >> 16);
	x = (x & 0xffffu) + (x >> 16);
	return ((x & 0xffffu) + (x >> 16)) == 0xffffu;
}

/**
 * ik_udp_fast() - protocol 17's fast handler: to its socket, or Port
 * Unreachable, in one pass
 * @s: stack; @f: the datagram
 *
 * Takes a datagram with a sound length and checksum and no raw UDP socket
 * to copy it to: queued on the socket the lookup names, counted and traced
 * as ik_udp_input() does. With no socket, the Port Unreachable is prepared
 * first (ik_icmp_fast_err_prep(): the quote copied and summed into the
 * transmit buffer; that one sum also checks the UDP checksum when the quote
 * holds the whole datagram), and only then is anything counted.
 *
 * Return: 0, or IK_FAST_MISS (a bad checksum, a full queue's general-path
 * accounting, or an error the general path must decide on).
 */
int ik_udp_fast(struct ik_stack *s, const struct ik_fast *f)
{
	const uint8_t *u = f->b + IK_IPV4_HDR_MIN;
	/* the classifier saw 8 octets after the header */
	const struct ik_udp_view v = { u, f->tot - IK_IPV4_HDR_MIN };
	size_t ulen = ik_udp_length(&v);
	uint16_t sport = ik_udp_sport(&v), dport = ik_udp_dport(&v);
	struct ik_icmp_fast_err e;
	const char *how = NULL;
	int fd, rc;

	if (ulen < IK_UDP_HDR_LEN || ulen > f->tot - IK_IPV4_HDR_MIN ||
	    ik_raw_wants(s, IK_IPPROTO_UDP))
		return IK_FAST_MISS;
	fd = ik_udp_lookup(s->socks, f->dst, dport, f->src, sport, s->trace_fn ? &how : NULL);
	if (fd != IK_NOSOCK) {
		if (ik_udp_csum(&v) && !sum_ok(ik_csum_short(u, ulen, 0), f->src, f->dst, ulen))
			return IK_FAST_MISS; /* counted by the general path */
		ik_fast_taken(s, f);
		rc = ik_sock_enqueue(s, fd, f->src, sport, u + IK_UDP_HDR_LEN, ulen - IK_UDP_HDR_LEN,
				     NULL, 0);
		if (rc) {
			queue_full(s, f->ifindex, f->b, f->tot, rc, fd, dport, ulen - IK_UDP_HDR_LEN);
			return 0;
		}
		IK_MIB_INC(s, UDP, InDatagrams);
		if (s->trace_fn)
			trace_deliver(s, f->ifindex, f->b, f->tot, fd, dport, how,
				      ulen - IK_UDP_HDR_LEN, f->src, sport);
		return 0;
	}
	if (ik_icmp_fast_err_prep(s, f, IK_ICMP_UNREACH, IK_UNREACH_PORT, &e))
		return IK_FAST_MISS;
	if (ik_udp_csum(&v) &&
	    !sum_ok(e.q == f->tot && ulen == f->tot - IK_IPV4_HDR_MIN ? e.qsum : ik_csum_short(u, ulen, 0),
		    f->src, f->dst, ulen))
		return IK_FAST_MISS; /* counted by the general path */
	ik_fast_taken(s, f);
	no_port(s, f->ifindex, f->b, f->tot, dport);
	ik_icmp_fast_err_send(s, f, &e);
	return 0;
}

/**
 * ik_udp_input() - protocol 17 handler: demultiplex by port, or G9
 * @s:  stack
 * @rx: the datagram
 */
void ik_udp_input(struct ik_stack *s, const struct ik_rx *rx)
{
	struct ik_udp_repr u;
	struct ik_wire_err werr;
	const char *how = NULL;
	char a[16];
	int rc, fd;

	rc = ik_udp_parse(rx->l4, rx->l4_len, rx->ip.src, rx->ip.dst, 0, &u,
			  s->trace_fn ? &werr : NULL);
	if (rc < 0) {
		if (rc == -IK_ECHECKSUM) {
			IK_MIB_INC(s, UDP, InCsumErrors);
			IK_MIB_INC(s, UDP, InErrors);
			IK_TRACE(s, IK_L_UDP, IK_EV_DROP, "udp.bad_checksum", rx->ifindex, rx->pkt,
				 rx->len, -1, "UDP checksum wrong: %s", werr.msg);
		} else {
			IK_MIB_INC(s, UDP, InErrors);
			IK_TRACE(s, IK_L_UDP, IK_EV_DROP, "udp.bad_length", rx->ifindex, rx->pkt,
				 rx->len, -1, "UDP header unusable: %s", werr.msg);
		}
		return;
	}
	fd = ik_udp_lookup(s->socks, rx->ip.dst, u.dport, rx->ip.src, u.sport, &how);
	if (fd != IK_NOSOCK) {
		rc = ik_sock_enqueue(s, fd, rx->ip.src, u.sport, u.payload, u.payload_len, NULL, 0);
		if (rc) {
			queue_full(s, rx->ifindex, rx->pkt, rx->len, rc, fd, u.dport, u.payload_len);
			return;
		}
		IK_MIB_INC(s, UDP, InDatagrams);
		if (s->trace_fn)
			trace_deliver(s, rx->ifindex, rx->pkt, rx->len, fd, u.dport, how,
				      u.payload_len, rx->ip.src, u.sport);
		return;
	}
	if (rx->dst_kind != IK_DST_UNICAST) {
		/* Linux __udp4_lib_mcast_deliver: no socket, nothing said */
		IK_MIB_INC(s, UDP, IgnoredMulti);
		IK_TRACE(s, IK_L_UDP, IK_EV_DROP, "udp.no_socket", rx->ifindex, rx->pkt, rx->len,
			 -1, "port %u has no socket; sent to %s %s, so no error goes back (G2)",
			 u.dport, rx->dst_kind == IK_DST_BCAST ? "broadcast" : "multicast",
			 ik_ipv4_addr_str(rx->ip.dst, a));
		return;
	}
	no_port(s, rx->ifindex, rx->pkt, rx->len, u.dport);
	ik_icmp_send_error(s, rx, IK_ICMP_UNREACH, IK_UNREACH_PORT, 0);
}

/**
 * udp_sendto() - build and send one UDP datagram (ik_udp_ops.sendto)
 * @s:    stack
 * @fd:   descriptor (a UDP socket)
 * @buf:  payload
 * @len:  octets
 * @addr: destination
 * @port: destination port
 * @now:  time
 *
 * Return: @len, or -EINVAL (port 0) / -EMSGSIZE / -EAGAIN (no free port) /
 * the route lookup's -ENETUNREACH / -EHOSTUNREACH / -EACCES / -EINVAL.
 */
static ssize_t udp_sendto(struct ik_stack *s, int fd, const void *buf, size_t len,
			  uint32_t addr, uint16_t port, uint64_t now)
{
	struct ik_sock *sk = &s->socks->sk[fd];
	struct ik_sock_path p;
	struct ik_tx tx = { .proto = IK_IPPROTO_UDP };
	uint8_t h[IK_UDP_HDR_LEN];
	uint32_t sum;
	uint16_t csum;
	char a[16];
	int rc;

	if (!port)
		return -EINVAL;
	if (len > IK_IPV4_MAX_LEN - IK_UDP_HDR_LEN)
		return -EMSGSIZE;
	rc = ik_sock_autobind(s, fd);
	if (!rc)
		rc = ik_sock_path(s, fd, addr, &p);
	if (rc)
		return rc;
	ik_put16(h, sk->lport);
	ik_put16(h + 2, port);
	ik_put16(h + 4, (uint16_t)(len + IK_UDP_HDR_LEN)); /* > 65535 fails below */
	ik_put16(h + 6, 0);
	sum = ik_csum_pseudo(p.src, addr, IK_IPPROTO_UDP, (uint16_t)(len + IK_UDP_HDR_LEN));
	sum = ik_csum_partial(h, sizeof(h), sum);
	sum = ik_csum_partial(buf, len, sum);
	csum = ik_csum_finish(sum);
	ik_put16(h + 6, csum ? csum : 0xffff);
	tx.iov[0].p = h;
	tx.iov[0].len = sizeof(h);
	tx.iov[1].p = buf;
	tx.iov[1].len = len;
	tx.niov = 2;
	rc = ik_sock_xmit(s, fd, &p, &tx, port, now);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		IK_MIB_INC(s, UDP, SndbufErrors);
		IK_TRACE(s, IK_L_UDP, IK_EV_DROP, "udp.xmit_failed", 0, NULL, 0, fd,
			 "socket %d: the device refused the datagram", fd);
		return (ssize_t)len;
	}
	IK_MIB_INC(s, UDP, OutDatagrams);
	IK_TRACE(s, IK_L_UDP, IK_EV_TX, "udp.send", 0, NULL, 0, fd,
		 "socket %d sends %zu octets %u -> %s:%u%s", fd, len, sk->lport,
		 ik_ipv4_addr_str(addr, a), port, tx.df ? " (DF)" : "");
	return (ssize_t)len;
}

/**
 * ik_udp_err() - an ICMP error quoting a UDP datagram (R1-R4, R7)
 * @s: stack
 * @e: the error; @e->q quotes our datagram (its source is ours)
 *
 * The socket is found as input would find it for a reply: the 4-tuple
 * (quoted source address and port, destination address and port) first,
 * then the bound port. What is reported is ik_sock_err_policy()'s (Linux
 * __udp4_lib_err: Frag Needed is a hard EMSGSIZE). The entry always goes on the error queue; the pending
 * error is set only for a hard error on a connected socket.
 *
 * Return: true if a socket matched (false: R2, the caller counts it).
 */
bool ik_udp_err(struct ik_stack *s, const struct ik_icmp_err *e)
{
	const struct ik_quote *q = e->q;
	bool hard;
	char a[16], b[16];
	int err;
	int fd;

	if (!q || !q->has_ports)
		return false;
	fd = ik_udp_lookup(s->socks, q->ip.src, q->sport, q->ip.dst, q->dport, NULL);
	if (fd == IK_NOSOCK) {
		IK_TRACE(s, IK_L_UDP, IK_EV_DROP, "udp.err_no_socket", 0, NULL, 0, -1,
			 "ICMP %u/%u quotes %s:%u -> %s:%u, which no socket sent (R2)", e->type,
			 e->code, ik_ipv4_addr_str(q->ip.src, a), q->sport,
			 ik_ipv4_addr_str(q->ip.dst, b), q->dport);
		return false;
	}
	if (!ik_sock_err_policy(s, e, &err, &hard))
		return true;
	/* IP_PMTUDISC_DONT: the path MTU is learned, the socket not told
	 * (Linux __udp4_lib_err) */
	if (err == EMSGSIZE && s->socks->aux[fd].pmtud == IK_PMTUDISC_DONT + 1) {
		IK_TRACE(s, IK_L_UDP, IK_EV_DECIDE, "udp.err_pmtudisc_dont", 0, NULL, 0, fd,
			 "socket %d has IP_PMTUDISC_DONT: Frag Needed lowers the path MTU only",
			 fd);
		return true;
	}
	ik_sock_report(s, fd, e, err, hard, q->ip.dst, q->dport);
	return true;
}

/**
 * udp_connect() - connect a UDP socket to @addr:@port (ik_udp_ops.connect)
 * @s:    stack
 * @fd:   descriptor
 * @src:  the route's source address
 * @addr: peer
 * @port: peer port
 *
 * The socket leaves the 4-tuple table while its local side is settled and
 * enters it again under the new peer (or the old one, on failure).
 *
 * Return: 0, or -EAGAIN (no free port) / -EADDRINUSE.
 */
static int udp_connect(struct ik_stack *s, int fd, uint32_t src, uint32_t addr, uint16_t port)
{
	struct ik_sock *sk = &s->socks->sk[fd];
	int rc;

	if (sk->connected)
		ik_tuple_remove(s->socks, fd);
	rc = ik_sock_port_connect(s, fd, src);
	if (rc) {
		if (sk->connected)
			ik_tuple_insert(s->socks, fd);
		return rc;
	}
	sk->raddr = addr;
	sk->rport = port;
	sk->connected = true;
	ik_tuple_insert(s->socks, fd);
	return 0;
}

/**
 * udp_disconnect() - leave the 4-tuple table and drop what connect chose
 * (ik_udp_ops.disconnect)
 * @s: stack; @fd: descriptor
 *
 * Return: nothing.
 */
static void udp_disconnect(struct ik_stack *s, int fd)
{
	if (s->socks->sk[fd].connected)
		ik_tuple_remove(s->socks, fd);
	ik_sock_port_disconnect(s, fd);
}

/**
 * udp_unlink() - take a closing UDP socket out of the 4-tuple and port
 * tables (ik_udp_ops.unlink)
 * @s: stack; @fd: descriptor
 *
 * Return: nothing.
 */
static void udp_unlink(struct ik_stack *s, int fd)
{
	if (s->socks->sk[fd].connected)
		ik_tuple_remove(s->socks, fd);
	ik_port_remove(s->socks, fd);
}

const struct ik_sock_ops ik_udp_ops = {
	.name = "UDP",
	.open_note = "",
	.unlink = udp_unlink,
	.bind = ik_sock_port_bind,
	.connect = udp_connect,
	.disconnect = udp_disconnect,
	.sendto = udp_sendto,
};
