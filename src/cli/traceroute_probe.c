// SPDX-License-Identifier: MIT
/* traceroute_probe.c - `icmpkit traceroute`: the sockets and the probes they send */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/pcapio.h"
#include "icmpkit/tcp.h"
#include "icmpkit/udp.h"

#include "traceroute.h"

/**
 * tr_now_ns() - CLOCK_MONOTONIC in ns
 *
 * Return: the time.
 */
uint64_t tr_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/**
 * sin_of() - a sockaddr_in
 * @addr: host order; @port: host order
 *
 * Return: it.
 */
static struct sockaddr_in sin_of(uint32_t addr, uint16_t port)
{
	struct sockaddr_in s = { .sin_family = AF_INET, .sin_port = htons(port) };

	s.sin_addr.s_addr = htonl(addr);
	return s;
}

/**
 * raw_socket() - a raw socket for @proto, bound to -s / -i when given
 * @c: context; @proto: IP protocol; @err / @errlen: message
 *
 * Return: the descriptor, or -1 with the message.
 */
static int raw_socket(struct tr_ctx *c, int proto, char *err, size_t errlen)
{
	int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, proto);
	/* no DF, as traceroute sends by default; --mtu: DF, and the kernel's
	 * path MTU cache ignored (each probe is cut by what we were told) */
	int dont = c->a->mtu ? IP_PMTUDISC_PROBE : IP_PMTUDISC_DONT;

	if (fd < 0) {
		cli_arg_fail(err, errlen, "raw socket (protocol %d): %s%s", proto, strerror(errno),
			     errno == EPERM ? " (needs CAP_NET_RAW: run as root)" : "");
		return -1;
	}
	(void)setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &dont, sizeof(dont));
	if (c->a->iface && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, c->a->iface,
				      (socklen_t)strlen(c->a->iface)) < 0) {
		cli_arg_fail(err, errlen, "-i %s: %s", c->a->iface, strerror(errno));
		close(fd);
		return -1;
	}
	if (c->a->src) {
		struct sockaddr_in s = sin_of(c->a->src, 0);

		if (bind(fd, (struct sockaddr *)&s, sizeof(s)) < 0) {
			char b[16];

			cli_arg_fail(err, errlen, "-s %s: %s", ik_ipv4_addr_str(c->a->src, b),
				     strerror(errno));
			close(fd);
			return -1;
		}
	}
	return fd;
}

/**
 * hold_port() - the source address (the kernel's route to HOST) and, for
 * UDP and TCP, a source port held by an ordinary socket for the whole run
 * @c: context; @err / @errlen: message
 *
 * Return: 0, or -1 with the message.
 */
static int hold_port(struct tr_ctx *c, char *err, size_t errlen)
{
	struct sockaddr_in s = sin_of(c->a->src, 0), d = sin_of(c->a->dst, (uint16_t)c->a->port);
	socklen_t sl = sizeof(s);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	char b[16];

	if (fd < 0)
		return cli_arg_fail(err, errlen, "socket: %s", strerror(errno)), -1;
	if (c->a->iface)
		(void)setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, c->a->iface,
				 (socklen_t)strlen(c->a->iface));
	if ((c->a->src && bind(fd, (struct sockaddr *)&s, sizeof(s)) < 0) ||
	    connect(fd, (struct sockaddr *)&d, sizeof(d)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&s, &sl) < 0) {
		cli_arg_fail(err, errlen, "no route to %s: %s", ik_ipv4_addr_str(c->a->dst, b),
			     strerror(errno));
		close(fd);
		return -1;
	}
	c->src = ntohl(s.sin_addr.s_addr);
	c->sport = ntohs(s.sin_port);
	c->size = c->a->pktlen;
	if (c->a->mtu) {
		int mtu = 0;
		socklen_t ml = sizeof(mtu);

		/* the route's MTU is where the probes start */
		if (getsockopt(fd, IPPROTO_IP, IP_MTU, &mtu, &ml) == 0 && mtu >= 68 &&
		    (unsigned)mtu < c->size)
			c->size = (unsigned)mtu;
	}
	if (c->a->method == TR_UDP) {
		c->hold_fd = fd; /* holds the UDP port */
		return 0;
	}
	close(fd);
	if (c->a->method != TR_TCP)
		return 0;
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	s = sin_of(c->src, 0);
	sl = sizeof(s);
	if (fd < 0 || bind(fd, (struct sockaddr *)&s, sizeof(s)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&s, &sl) < 0) {
		cli_arg_fail(err, errlen, "TCP source port: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	c->sport = ntohs(s.sin_port);
	c->hold_fd = fd;
	return 0;
}

/**
 * tr_sockets_open() - the sockets, the source address and port
 * @c: context (a set); @err / @errlen: message
 *
 * Return: 0, or -1 with the message.
 */
int tr_sockets_open(struct tr_ctx *c, char *err, size_t errlen)
{
	int small = 4096;

	c->send_fd = c->icmp_fd = c->tcp_fd = c->hold_fd = -1;
	c->resend = -1;
	c->ident = (uint16_t)getpid();
	if ((c->icmp_fd = raw_socket(c, IPPROTO_ICMP, err, errlen)) < 0)
		return -1;
	if (hold_port(c, err, errlen) < 0)
		return -1;
	switch (c->a->method) {
	case TR_ICMP:
		c->send_fd = c->icmp_fd;
		return 0;
	case TR_UDP:
		if ((c->send_fd = raw_socket(c, IPPROTO_UDP, err, errlen)) < 0)
			return -1;
		/* it is given a copy of every UDP datagram; none is read */
		(void)setsockopt(c->send_fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
		(void)shutdown(c->send_fd, SHUT_RD);
		return 0;
	case TR_TCP:
		if ((c->send_fd = raw_socket(c, IPPROTO_TCP, err, errlen)) < 0)
			return -1;
		c->tcp_fd = c->send_fd; /* SYN-ACK and RST arrive here */
		return 0;
	}
	return 0;
}

/**
 * tr_sockets_close() - close what tr_sockets_open() opened
 * @c: context
 */
void tr_sockets_close(struct tr_ctx *c)
{
	if (c->send_fd >= 0 && c->send_fd != c->icmp_fd)
		close(c->send_fd);
	if (c->icmp_fd >= 0)
		close(c->icmp_fd);
	if (c->hold_fd >= 0)
		close(c->hold_fd);
	c->send_fd = c->icmp_fd = c->tcp_fd = c->hold_fd = -1;
}

/**
 * tr_pcap_put() - one packet into --pcap (when given)
 * @c: context; @pkt / @len: IPv4 datagram
 */
void tr_pcap_put(struct tr_ctx *c, const uint8_t *pkt, size_t len)
{
	struct timespec ts;

	if (!c->pcap)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	(void)ik_pcap_writer_put(c->pcap, pkt, len,
				 (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec);
}

/* TCP SYN options, as a kernel's SYN carries them: MSS, SACK permitted,
 * timestamps, window scale (20 octets: the SYN is 60 octets in all) */
static const uint8_t syn_opts[20] = {
	2, 4, 0x05, 0xb4, 4, 2, 8, 10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 3, 3, 7,
};

/**
 * build() - probe @i's transport header and data, and its key
 * @c: context; @i: probe; @buf / @cap: output
 *
 * UDP: the ports stay (the destination port is PORT + the probe's flow
 * with --flows); the first data word is the probe's number, so the UDP
 * checksum (the key) differs from probe to probe. ICMP: Identifier stays
 * (+ the flow), Sequence is the number, and the first data word its
 * complement, so the ICMP checksum stays too. TCP: ports stay, the
 * sequence number is the key.
 *
 * Return: octets written, or -1.
 */
static int build(struct tr_ctx *c, unsigned i, uint8_t *buf, size_t cap)
{
	static uint8_t data[TR_MAX_PKT];
	struct tr_probe *p = &c->probes[i];
	size_t dlen = c->size - IK_IPV4_HDR_MIN - 8;
	uint16_t num = (uint16_t)(i + 1), flow = (uint16_t)tr_flow_of(c->a, i);
	int n;

	memset(data, 0, dlen);
	switch (c->a->method) {
	case TR_UDP: {
		struct ik_udp_repr u = { .sport = c->sport, .dport = (uint16_t)(c->a->port + flow),
					 .payload = data, .payload_len = dlen };

		ik_put16(data, num);
		n = ik_udp_emit(&u, c->src, c->a->dst, buf, cap);
		if (n >= 8)
			p->key = ik_get16(buf + 6);
		return n;
	}
	case TR_ICMP: {
		struct ik_icmp_repr r = { .type = IK_ICMP_ECHO, .data = data, .data_len = dlen };

		r.u.echo.ident = (uint16_t)(c->ident + flow);
		r.u.echo.seq = num;
		ik_put16(data, (uint16_t)~num);
		p->key = num;
		return ik_icmp_emit(&r, buf, cap);
	}
	case TR_TCP: {
		struct ik_tcp_repr t = { .sport = c->sport, .dport = (uint16_t)c->a->port,
					 .flags = IK_TCP_SYN, .window = 64240,
					 .opts = syn_opts, .opts_len = sizeof(syn_opts) };

		t.seq = ((uint32_t)c->ident << 16) | num;
		p->key = t.seq;
		return ik_tcp_emit(&t, c->src, c->a->dst, buf, cap);
	}
	}
	return -1;
}

/**
 * tr_probe_send() - build probe @i and send it with its TTL
 * @c: context; @i: probe index
 *
 * Return: 0, or -1 (errno set).
 */
int tr_probe_send(struct tr_ctx *c, unsigned i)
{
	static uint8_t pkt[IK_IPV4_HDR_MIN + TR_MAX_PKT];
	struct tr_probe *p = &c->probes[i];
	struct sockaddr_in d = sin_of(c->a->dst, 0);
	int ttl = p->ttl, n;

	n = build(c, i, pkt + IK_IPV4_HDR_MIN, sizeof(pkt) - IK_IPV4_HDR_MIN);
	if (n < 0) {
		errno = EINVAL;
		return -1;
	}
	if (setsockopt(c->send_fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) < 0)
		return -1;
	p->t_sent = tr_now_ns();
	if (sendto(c->send_fd, pkt + IK_IPV4_HDR_MIN, (size_t)n, 0, (struct sockaddr *)&d,
		   sizeof(d)) < 0)
		return -1;
	p->sent = true;
	p->size = IK_IPV4_HDR_MIN + (unsigned)n;
	if (c->pcap) {
		/* the kernel writes the IP header; the capture gets one like it
		 * (its Identification, which the kernel chooses, is 0 here) */
		struct ik_ipv4_repr ip = { .ttl = (uint8_t)ttl, .src = c->src, .dst = c->a->dst,
					   .payload_len = (size_t)n };

		ip.proto = c->a->method == TR_UDP ? IK_IPPROTO_UDP
			 : c->a->method == TR_TCP ? IK_IPPROTO_TCP : IK_IPPROTO_ICMP;
		if (ik_ipv4_emit(&ip, pkt, IK_IPV4_HDR_MIN) == IK_IPV4_HDR_MIN)
			tr_pcap_put(c, pkt, IK_IPV4_HDR_MIN + (size_t)n);
	}
	return 0;
}
