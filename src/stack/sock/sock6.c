// SPDX-License-Identifier: MIT
/*
 * sock6.c - IPv6 UDP and ping sockets: their calls, their input and the
 * ICMPv6 errors their quotes name
 *
 * They live in the same pool as IPv4 sockets, with the same receive pool,
 * error queue and bind rules. Their local address is filed in struct
 * ik_sock's @laddr as an id (ik_sock6_addr_id(): which interface, which
 * slot), so port conflicts, binding, autobind and connect are the IPv4
 * code's; their ports and identifiers sit in tables of their own
 * (IPV6_V6ONLY, as a socket that asks for it gets on Linux). A queued
 * datagram carries its 16-octet source ahead of its data.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "stack/ip6/fast6.h"
#include "stack/ip6/ip6.h"
#include "stack/sock/sock_priv.h"

#define UDP_HDR 8u
#define ECHO_HDR 8u

/**
 * sock6() - socket @fd if it is an open IPv6 one
 * @s: stack; @fd: descriptor; @rc: set to the error when not
 *
 * Return: the socket, or NULL.
 */
static struct ik_sock *sock6(const struct ik_stack *s, int fd, int *rc)
{
	struct ik_sock *sk = ik_sock_get(s, fd);

	*rc = -EBADF;
	if (!sk)
		return NULL;
	*rc = -EAFNOSUPPORT;
	if (sk->type != IK_SOCK_UDP6 && sk->type != IK_SOCK_PING6 && sk->type != IK_SOCK_RAW6)
		return NULL;
	return sk;
}

/**
 * addr_id() - the id of one of our addresses (0 for ::): which interface
 * and slot hold it
 * @s: stack; @a: address (NULL: ::); @ifindex: set to its interface (may
 * be NULL)
 *
 * Return: the id, 0 for ::, or UINT32_MAX when @a is not ours.
 */
static uint32_t addr_id(const struct ik_stack *s, const uint8_t *a, unsigned *ifindex)
{
	if (ifindex)
		*ifindex = 0;
	if (!a || ik_a6_is_unspec(a))
		return 0;
	for (unsigned i = 1; i <= s->nifaces; i++) {
		const struct ik_if6 *f = ik_if6_get(s, i);

		for (unsigned k = 0; k < f->n; k++) {
			if (memcmp(f->addr[k].a, a, 16))
				continue;
			if (ifindex)
				*ifindex = i;
			return i * IK_IFACE_ADDR6_MAX + k + 1;
		}
	}
	return UINT32_MAX;
}

const char *ik_sock_addr_text(const struct ik_stack *s, int fd, uint32_t addr, char *buf)
{
	uint8_t t = s->socks->sk[fd].type;

	if (t == IK_SOCK_UDP6 || t == IK_SOCK_PING6 || t == IK_SOCK_RAW6) {
		uint8_t a[16] = { 0 };

		if (addr && ik_stack_iface_addr6(s, (addr - 1) / IK_IFACE_ADDR6_MAX,
						 (addr - 1) % IK_IFACE_ADDR6_MAX, a, NULL) < 0)
			memset(a, 0, 16);
		return ik_ipv6_addr_str(a, buf);
	}
	return ik_ipv4_addr_str(addr, buf);
}

int ik_sock_bind6(struct ik_stack *s, int fd, const uint8_t addr[16], uint16_t port)
{
	int rc;
	struct ik_sock *sk = sock6(s, fd, &rc);
	unsigned oif;
	uint32_t id;

	if (!sk)
		return rc;
	id = addr_id(s, addr, &oif);
	if (id == UINT32_MAX)
		return -EADDRNOTAVAIL;
	if (sk->bound || sk->connected)
		return -EINVAL;
	memset(s->socks->a6[fd].laddr, 0, 16);
	if (addr)
		memcpy(s->socks->a6[fd].laddr, addr, 16);
	s->socks->a6[fd].oif = oif;
	if (sk->type == IK_SOCK_RAW6) { /* no port: the address filters input */
		sk->laddr = id;
		sk->addr_lock = id != 0;
		return 0;
	}
	rc = ik_sock_port_bind(s, fd, id, port);
	if (rc) {
		memset(&s->socks->a6[fd], 0, sizeof(s->socks->a6[fd]));
		return rc;
	}
	return 0;
}

/**
 * route_for() - route @dst for socket @fd: a link-local peer out of the
 * bound address's interface (else the first with IPv6); the bound address
 * as the source
 * @s: stack; @fd: descriptor; @dst: destination; @r: result
 *
 * Return: 0 or the route's errno (-ENETUNREACH counted Ip6OutNoRoutes).
 */
static int route_for(struct ik_stack *s, int fd, const uint8_t dst[16], struct ik_route6_res *r)
{
	const struct ik_sock6 *a = &s->socks->a6[fd];
	unsigned oif = a->oif;
	int rc;

	if (!oif && (ik_a6_is_linklocal(dst) || ik_a6_is_mcast(dst)))
		for (unsigned i = 1; i <= s->nifaces && !oif; i++)
			if (ik_if6_get(s, i)->n)
				oif = i;
	if (!ik_a6_is_linklocal(dst) && !ik_a6_is_mcast(dst))
		oif = 0;
	rc = ik_ip6_route(s, dst, oif, r);
	if (rc == -ENETUNREACH)
		IK_MIB_INC(s, IP6, OutNoRoutes);
	if (!rc && !ik_a6_is_unspec(a->laddr))
		memcpy(r->src, a->laddr, 16);
	return rc;
}

int ik_sock_connect6(struct ik_stack *s, int fd, const uint8_t addr[16], uint16_t port)
{
	int rc;
	struct ik_sock *sk = sock6(s, fd, &rc);
	struct ik_sock6 *a;
	struct ik_route6_res r;
	char lb[IK_IPV6_ADDR_STRLEN], rb[IK_IPV6_ADDR_STRLEN];

	if (!sk)
		return rc;
	a = &s->socks->a6[fd];
	if (!addr || ik_a6_is_unspec(addr)) {
		if (sk->type != IK_SOCK_RAW6)
			ik_sock_port_disconnect(s, fd);
		if (!sk->addr_lock) {
			memset(a->laddr, 0, 16);
			a->oif = 0;
		}
		sk->connected = false;
		memset(a->raddr, 0, 16);
		sk->rport = 0;
		return 0;
	}
	rc = route_for(s, fd, addr, &r);
	if (rc < 0)
		return rc;
	rc = sk->type == IK_SOCK_RAW6 ? 0 : ik_sock_port_connect(s, fd, addr_id(s, r.src, NULL));
	if (rc)
		return rc;
	if (ik_a6_is_unspec(a->laddr)) {
		memcpy(a->laddr, r.src, 16);
		addr_id(s, r.src, &a->oif);
	}
	memcpy(a->raddr, addr, 16);
	sk->rport = sk->type == IK_SOCK_UDP6 ? port : 0;
	sk->connected = true;
	IK_TRACE(s, IK_L_SOCK, IK_EV_DECIDE, "sock.connect", 0, NULL, 0, fd,
		 "socket %d connected [%s]:%u -> [%s]:%u", fd, ik_ipv6_addr_str(a->laddr, lb),
		 sk->lport, ik_ipv6_addr_str(addr, rb), sk->rport);
	return 0;
}

/**
 * out6() - a socket's datagram, built at s->txbuf + 40, checksummed and
 * sent with the socket's Hop Limit and Traffic Class
 * @s: stack; @fd: socket; @r: its route; @dst: destination; @nh: Next
 * Header; @n: octets built; @csum: offset of the checksum to fill, or
 * SIZE_MAX for none; @now: time
 *
 * Return: as ik_ip6_send().
 */
static int out6(struct ik_stack *s, int fd, const struct ik_route6_res *r, const uint8_t *dst,
		uint8_t nh, size_t n, size_t csum, uint64_t now)
{
	uint8_t *o = s->txbuf + IK_IPV6_HDR_LEN;

	if (csum != SIZE_MAX) {
		ik_put16(o + csum, 0);
		ik_put16(o + csum, ik_ipv6_l4_checksum(o, n, csum, r->src, dst, nh));
	}
	return ik_ip6_send(s, r,
			   &(struct ik_tx6){ .src = r->src, .dst = dst, .nh = nh,
					     .hlim = s->socks->aux[fd].ttl,
					     .tclass = s->socks->aux[fd].tos,
					     .iov = { { o, n } }, .niov = 1 },
			   now);
}

/**
 * raw6_sendto() - a raw IPv6 socket's datagram: its data after the fixed
 * header, Next Header the socket's protocol; an ICMPv6 one gets its
 * checksum (RFC 3542 3.1)
 * @s: stack; @fd: socket; @buf/@len: data; @dst: destination; @now: time
 *
 * Return: @len, or -errno.
 */
static ssize_t raw6_sendto(struct ik_stack *s, int fd, const void *buf, size_t len,
			   const uint8_t *dst, uint64_t now)
{
	const struct ik_sock *sk = &s->socks->sk[fd];
	bool icmp = sk->proto == IK_IPV6_NH_ICMPV6;
	struct ik_route6_res r;
	int rc;

	if (len > 65535 || (icmp && len < 4))
		return len > 65535 ? -EMSGSIZE : -EINVAL;
	rc = route_for(s, fd, dst, &r);
	if (rc)
		return rc;
	memcpy(s->txbuf + IK_IPV6_HDR_LEN, buf, len);
	rc = out6(s, fd, &r, dst, sk->proto, len, icmp ? 2 : SIZE_MAX, now);
	if (rc == -EMSGSIZE || rc == -EINVAL)
		return rc;
	if (icmp && rc >= 0)
		ik_icmp6_out_count(s, s->txbuf[IK_IPV6_HDR_LEN]);
	IK_TRACE(s, IK_L_RAW, IK_EV_TX, "raw6.send", 0, NULL, 0, fd,
		 "raw IPv6 socket %d sends %zu octets of Next Header %u", fd, len, sk->proto);
	return (ssize_t)len;
}

ssize_t ik_sock_sendto6(struct ik_stack *s, int fd, const void *buf, size_t len,
			const uint8_t addr[16], uint16_t port, uint64_t now)
{
	int rc;
	struct ik_sock *sk = sock6(s, fd, &rc);
	bool udp;
	struct ik_route6_res r;
	uint8_t dst[16], *o = s->txbuf + IK_IPV6_HDR_LEN;
	size_t hl, n;
	char db[IK_IPV6_ADDR_STRLEN];

	if (!sk)
		return rc;
	if (!buf && len)
		return -EFAULT;
	if (now > s->now)
		s->now = now;
	rc = ik_sock_take_pending(s, fd, "sendto");
	if (rc)
		return rc;
	udp = sk->type == IK_SOCK_UDP6;
	if (!addr) {
		if (!sk->connected)
			return -EDESTADDRREQ;
		memcpy(dst, s->socks->a6[fd].raddr, 16);
		port = sk->rport;
	} else {
		memcpy(dst, addr, 16);
	}
	if (ik_a6_is_unspec(dst) || ik_a6_is_v4mapped(dst))
		return -EINVAL;
	if (sk->type == IK_SOCK_RAW6)
		return raw6_sendto(s, fd, buf, len, dst, now);
	if (udp && !port)
		return -EINVAL;
	hl = udp ? UDP_HDR : 0;
	if (!udp && (len < ECHO_HDR || ((const uint8_t *)buf)[0] != IK_ICMP6_ECHO))
		return -EINVAL; /* as Linux's ping socket: an Echo Request, code 0 */
	if (len + hl > 65535)
		return -EMSGSIZE;
	rc = ik_sock_autobind(s, fd);
	if (!rc)
		rc = route_for(s, fd, dst, &r);
	if (rc)
		return rc;
	n = hl + len;
	memcpy(o + hl, buf, len);
	if (udp) {
		ik_put16(o, sk->lport);
		ik_put16(o + 2, port);
		ik_put16(o + 4, (uint16_t)n);
	} else {
		o[1] = 0;
		ik_put16(o + 4, sk->lport); /* the Identifier is the socket's */
	}
	rc = out6(s, fd, &r, dst, udp ? IK_IPV6_NH_UDP : IK_IPV6_NH_ICMPV6, n, udp ? 6 : 2, now);
	if (rc == -EMSGSIZE || rc == -EINVAL)
		return rc;
	if (udp)
		IK_MIB_INC(s, UDP6, OutDatagrams);
	else if (rc >= 0)
		ik_icmp6_out_count(s, IK_ICMP6_ECHO);
	IK_TRACE(s, udp ? IK_L_UDP : IK_L_PING, IK_EV_TX, udp ? "udp6.send" : "ping6.send", 0, NULL,
		 0, fd, "socket %d sends %zu octets %s %u -> [%s]%s%.0u", fd, len,
		 udp ? "port" : "identifier", sk->lport, ik_ipv6_addr_str(dst, db), udp ? ":" : "",
		 port);
	return (ssize_t)len;
}

ssize_t ik_sock_recvfrom6(struct ik_stack *s, int fd, void *buf, size_t cap, uint8_t addr[16],
			  uint16_t *port)
{
	int rc;
	struct ik_sock *sk = sock6(s, fd, &rc);
	size_t len, want;

	if (!sk)
		return rc;
	rc = ik_sock_take_pending(s, fd, "recvfrom");
	if (rc)
		return rc;
	if (sk->qhead == IK_NOCELL)
		return -EAGAIN;
	if (!buf && cap)
		return -EFAULT;
	want = cap > IK_IPV4_MAX_LEN - 16 ? IK_IPV4_MAX_LEN : cap + 16;
	len = ik_rxq_take(s->socks, sk, s->scratch, want, NULL, port);
	if (addr)
		memcpy(addr, s->scratch, 16);
	len -= 16;
	want = len < cap ? len : cap;
	memcpy(buf, s->scratch + 16, want);
	return (ssize_t)want;
}

int ik_sock_local6(const struct ik_stack *s, int fd, uint8_t addr[16], uint16_t *port)
{
	int rc;
	const struct ik_sock *sk = sock6(s, fd, &rc);

	if (!sk)
		return rc;
	if (addr)
		memcpy(addr, s->socks->a6[fd].laddr, 16);
	if (port)
		*port = sk->lport;
	return 0;
}

/**
 * lookup6() - the socket of @type for a datagram to @laddr:@lport from
 * @raddr:@rport: the one bound to the address before one bound to ::, a
 * connected one only to its peer (Linux's compute_score, in short)
 * @s: stack; @type: IK_SOCK_UDP6 / IK_SOCK_PING6; the addresses and ports
 * (@rport 0 for ping)
 *
 * Return: the descriptor, or IK_NOSOCK.
 */
static int lookup6(const struct ik_stack *s, uint8_t type, const uint8_t laddr[16],
		   uint16_t lport, const uint8_t raddr[16], uint16_t rport)
{
	const struct ik_sock_tab *st = s->socks;
	const struct ik_htab *t = type == IK_SOCK_UDP6 ? &st->udp6_port : &st->ping6;
	int best = IK_NOSOCK, best_score = -1;

	for (int32_t i = t->head[ik_port_bucket(t, lport)]; i != IK_NOSOCK; i = st->sk[i].bnext) {
		const struct ik_sock *o = &st->sk[i];
		const struct ik_sock6 *a = &st->a6[i];
		int score = 0;

		if (o->lport != lport)
			continue;
		if (!ik_a6_is_unspec(a->laddr)) {
			if (memcmp(a->laddr, laddr, 16))
				continue;
			score += 2;
		}
		if (o->connected) {
			if (memcmp(a->raddr, raddr, 16) || (type == IK_SOCK_UDP6 && o->rport != rport))
				continue;
			score += 4;
		}
		if (score > best_score) {
			best = i;
			best_score = score;
		}
	}
	return best;
}

bool ik_raw6_wants(const struct ik_stack *s, uint8_t nh)
{
	return s->socks->raw6[nh] != IK_NOSOCK;
}

int ik_udp6_bound(const struct ik_stack *s, const uint8_t laddr[16], uint16_t lport,
		  const uint8_t raddr[16], uint16_t rport)
{
	return lookup6(s, IK_SOCK_UDP6, laddr, lport, raddr, rport);
}

/**
 * enqueue6() - queue a datagram with its source ahead of it
 * @s: stack; @fd: socket; @rx: the datagram; @port: source port (0 ping);
 * @p/@n: the data
 *
 * Return: 0, or -ENOBUFS / -ENOMEM (receive buffer or pool full).
 */
static int enqueue6(struct ik_stack *s, int fd, const struct ik_rx6 *rx, uint16_t port,
		    const uint8_t *p, size_t n)
{
	if (n > IK_IPV4_MAX_LEN - 16)
		return -ENOBUFS; /* the record's length is 16 bits */
	return ik_sock_enqueue(s, fd, 0, port, rx->ip.src, 16, p, n);
}

void ik_udp6_input(struct ik_stack *s, const struct ik_rx6 *rx)
{
	const uint8_t *u = rx->l4;
	uint16_t ulen, sport, dport;
	char b[IK_IPV6_ADDR_STRLEN];
	int fd;

	if (rx->l4_len < UDP_HDR || (ulen = ik_get16(u + 4)) < UDP_HDR || ulen > rx->l4_len) {
		IK_MIB_INC(s, UDP6, InErrors);
		IK_TRACE(s, IK_L_UDP, IK_EV_DROP, "udp6.bad_length", rx->ifindex, rx->pkt, rx->len,
			 -1, "UDP header or length unusable");
		return;
	}
	if (!ik_get16(u + 6) ||
	    ik_ipv6_l4_checksum(u, ulen, 6, rx->ip.src, rx->ip.dst, IK_IPV6_NH_UDP) != ik_get16(u + 6)) {
		IK_MIB_INC(s, UDP6, InCsumErrors);
		IK_MIB_INC(s, UDP6, InErrors);
		IK_TRACE(s, IK_L_UDP, IK_EV_DROP, "udp6.bad_checksum", rx->ifindex, rx->pkt,
			 rx->len, -1, "%s", ik_get16(u + 6) ? "UDP checksum wrong"
				: "UDP checksum 0, which IPv6 does not allow (RFC 8200 8.1)");
		return;
	}
	sport = ik_get16(u);
	dport = ik_get16(u + 2);
	fd = lookup6(s, IK_SOCK_UDP6, rx->ip.dst, dport, rx->ip.src, sport);
	if (fd != IK_NOSOCK) {
		if (enqueue6(s, fd, rx, sport, u + UDP_HDR, ulen - UDP_HDR)) {
			IK_MIB_INC(s, UDP6, RcvbufErrors);
			IK_MIB_INC(s, UDP6, InErrors);
			IK_TRACE(s, IK_L_UDP, IK_EV_DROP, "udp6.rcvbuf_full", rx->ifindex, rx->pkt,
				 rx->len, fd, "socket %d on port %u: receive buffer full", fd, dport);
			return;
		}
		IK_MIB_INC(s, UDP6, InDatagrams);
		IK_TRACE(s, IK_L_UDP, IK_EV_DELIVER, "udp6.deliver", rx->ifindex, rx->pkt, rx->len,
			 fd, "port %u -> socket %d, %u octets from [%s]:%u", dport, fd,
			 ulen - UDP_HDR, ik_ipv6_addr_str(rx->ip.src, b), sport);
		return;
	}
	IK_MIB_INC(s, UDP6, NoPorts);
	IK_TRACE(s, IK_L_UDP, IK_EV_DROP, "udp6.no_socket", rx->ifindex, rx->pkt, rx->len, -1,
		 "port %u has no socket: answer Port Unreachable (Type 1 Code 4)", dport);
	ik_icmp6_send_error(s, rx, IK_ICMP6_UNREACH, IK_UNREACH6_PORT, 0);
}

bool ik_ping6_input(struct ik_stack *s, const struct ik_rx6 *rx, const struct ik_icmpv6_repr *m)
{
	int fd = lookup6(s, IK_SOCK_PING6, rx->ip.dst, m->u.echo.ident, rx->ip.src, 0);

	if (fd == IK_NOSOCK)
		return false;
	if (enqueue6(s, fd, rx, 0, rx->l4, rx->l4_len)) {
		IK_TRACE(s, IK_L_PING, IK_EV_DROP, "ping6.rcvbuf_full", rx->ifindex, rx->pkt,
			 rx->len, fd, "socket %d: receive buffer full", fd);
		return true;
	}
	IK_TRACE(s, IK_L_PING, IK_EV_DELIVER, "ping6.deliver", rx->ifindex, rx->pkt, rx->len, fd,
		 "Echo Reply id %u seq %u -> socket %d (the Identifier is the key)",
		 m->u.echo.ident, m->u.echo.seq, fd);
	return true;
}

/**
 * err6() - an error whose quote names socket @type by @lport (and the
 * peer's port @rport for UDP)
 * @s: stack; @e: the error; @type: socket type; @lport, @rport: from the
 * quote; @dport: what the entry records (port, or echo sequence)
 *
 * Return: true if a socket matched.
 */
static bool err6(struct ik_stack *s, const struct ik_icmp6_err *e, uint8_t type, uint16_t lport,
		 uint16_t rport, uint16_t dport)
{
	int fd = lookup6(s, type, e->q->src, lport, e->q->dst, rport);

	if (fd == IK_NOSOCK)
		return false;
	ik_sock_report6(s, fd, e, e->q->dst, dport);
	return true;
}

bool ik_udp6_err(struct ik_stack *s, const struct ik_icmp6_err *e)
{
	if (e->ql4_len < 4)
		return false;
	return err6(s, e, IK_SOCK_UDP6, ik_get16(e->ql4), ik_get16(e->ql4 + 2),
		    ik_get16(e->ql4 + 2));
}

bool ik_ping6_err(struct ik_stack *s, const struct ik_icmp6_err *e)
{
	if (e->ql4_len < 8)
		return false;
	return err6(s, e, IK_SOCK_PING6, ik_get16(e->ql4 + 4), 0, ik_get16(e->ql4 + 6));
}

/**
 * raw6_match() - does raw socket @fd take a datagram @laddr <- @raddr?
 * @st: sockets; @fd: descriptor; @laddr, @raddr: the addresses
 *
 * Return: true if so.
 */
static bool raw6_match(const struct ik_sock_tab *st, int fd, const uint8_t laddr[16],
		       const uint8_t raddr[16])
{
	const struct ik_sock6 *a = &st->a6[fd];

	return (ik_a6_is_unspec(a->laddr) || !memcmp(a->laddr, laddr, 16)) &&
	       (!st->sk[fd].connected || !memcmp(a->raddr, raddr, 16));
}

unsigned ik_raw6_deliver(struct ik_stack *s, const struct ik_rx6 *rx)
{
	struct ik_sock_tab *st = s->socks;
	unsigned n = 0;

	for (int32_t fd = st->raw6[rx->proto]; fd != IK_NOSOCK; fd = st->aux[fd].rnext) {
		if (!raw6_match(st, fd, rx->ip.dst, rx->ip.src))
			continue;
		n++;
		if (enqueue6(s, fd, rx, 0, rx->l4, rx->l4_len)) {
			IK_MIB_INC(s, IP6, InDiscards);
			IK_TRACE(s, IK_L_RAW, IK_EV_DROP, "raw6.rcvbuf_full", rx->ifindex, rx->pkt,
				 rx->len, fd, "raw IPv6 socket %d: receive buffer full", fd);
			continue;
		}
		IK_TRACE(s, IK_L_RAW, IK_EV_DELIVER, "raw6.deliver", rx->ifindex, rx->pkt, rx->len,
			 fd, "Next Header %u -> raw IPv6 socket %d (%zu octets from the upper layer)",
			 rx->proto, fd, rx->l4_len);
	}
	return n;
}

bool ik_raw6_err(struct ik_stack *s, const struct ik_icmp6_err *e)
{
	struct ik_sock_tab *st = s->socks;
	bool matched = false;

	for (int32_t fd = st->raw6[e->q->proto]; fd != IK_NOSOCK; fd = st->aux[fd].rnext) {
		if (!raw6_match(st, fd, e->q->src, e->q->dst))
			continue;
		matched = true;
		ik_sock_report6(s, fd, e, e->q->dst, 0);
	}
	return matched;
}

/**
 * raw6_check() - a raw IPv6 socket needs a protocol
 * @proto: it
 * Return: 0, or -EINVAL.
 */
static int raw6_check(uint8_t proto)
{
	return proto ? 0 : -EINVAL;
}

/**
 * raw6_open() - file a raw IPv6 socket under its Next Header
 * @s: stack; @fd: descriptor; @proto: Next Header
 */
static void raw6_open(struct ik_stack *s, int fd, uint8_t proto)
{
	struct ik_sock_tab *st = s->socks;

	st->sk[fd].proto = proto;
	st->aux[fd].rnext = st->raw6[proto];
	st->raw6[proto] = fd;
	st->sk[fd].lport = proto;
}

/**
 * raw6_unlink() - take it off its list, forget its addresses
 * @s: stack; @fd: descriptor
 */
static void raw6_unlink(struct ik_stack *s, int fd)
{
	struct ik_sock_tab *st = s->socks;

	for (int32_t *pp = &st->raw6[st->sk[fd].proto]; *pp != IK_NOSOCK; pp = &st->aux[*pp].rnext) {
		if (*pp == fd) {
			*pp = st->aux[fd].rnext;
			break;
		}
	}
	memset(&st->a6[fd], 0, sizeof(st->a6[fd]));
}

const struct ik_sock_ops ik_raw6_ops = {
	.name = "raw6",
	.v6 = true,
	.open_note = " (raw IPv6)",
	.check = raw6_check,
	.open = raw6_open,
	.unlink = raw6_unlink,
};

/**
 * unlink6() - take an IPv6 socket out of its table and forget its
 * addresses
 * @s: stack; @fd: descriptor
 */
static void unlink6(struct ik_stack *s, int fd)
{
	ik_port_remove(s->socks, fd);
	memset(&s->socks->a6[fd], 0, sizeof(s->socks->a6[fd]));
}

const struct ik_sock_ops ik_udp6_ops = {
	.name = "UDP6",
	.v6 = true,
	.open_note = " (IPv6)",
	.unlink = unlink6,
};

const struct ik_sock_ops ik_ping6_ops = {
	.name = "ping6",
	.v6 = true,
	.open_note = " (ICMPv6 Echo)",
	.unlink = unlink6,
};
