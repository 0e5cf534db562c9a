// SPDX-License-Identifier: MIT
/* ping_sock.c - `icmpkit ping`: the socket (datagram, else raw) and sending */
#include <errno.h>
#include <linux/icmp.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/pcapio.h"

#include "ping.h"

/**
 * ping_now_ns() - CLOCK_MONOTONIC
 *
 * Return: nanoseconds.
 */
uint64_t ping_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/**
 * sin_of() - a sockaddr_in for @a
 * @a: address, host order
 *
 * Return: the sockaddr.
 */
static struct sockaddr_in sin_of(uint32_t a)
{
	struct sockaddr_in s = { .sin_family = AF_INET };

	s.sin_addr.s_addr = htonl(a);
	return s;
}

/**
 * source_for() - the source address the kernel picks for @dst (a connected
 * UDP socket, nothing sent)
 * @dst: destination, host order
 *
 * Return: the address, or 0 when there is no route.
 */
static uint32_t source_for(uint32_t dst)
{
	struct sockaddr_in s = sin_of(dst), l;
	socklen_t ll = sizeof(l);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	uint32_t a = 0;

	if (fd < 0)
		return 0;
	s.sin_port = htons(1025);
	if (!connect(fd, (struct sockaddr *)&s, sizeof(s)) &&
	    !getsockname(fd, (struct sockaddr *)&l, &ll))
		a = ntohl(l.sin_addr.s_addr);
	close(fd);
	return a;
}

/**
 * set_int() - setsockopt() of an int
 * @fd: socket; @level / @name: option; @v: value
 *
 * Return: setsockopt()'s result.
 */
static int set_int(int fd, int level, int name, int v)
{
	return setsockopt(fd, level, name, &v, sizeof(v));
}

/**
 * open_any() - ICMP datagram socket, else raw
 * @p: the run (fd, dgram); @err / @errlen: message
 *
 * Return: 0, or -1.
 */
static int open_any(struct ping *p, char *err, size_t errlen)
{
	int e1, e2;

	p->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_ICMP);
	if (p->fd >= 0) {
		p->dgram = true;
		return 0;
	}
	e1 = errno;
	p->fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	if (p->fd >= 0) {
		p->dgram = false;
		return 0;
	}
	e2 = errno;
	if ((e1 == EACCES || e1 == EPERM) && (e2 == EACCES || e2 == EPERM)) {
		snprintf(err, errlen,
			 "cannot open an ICMP socket: group %u is outside net.ipv4.ping_group_range "
			 "and a raw socket needs CAP_NET_RAW",
			 (unsigned)getgid());
		return -1;
	}
	snprintf(err, errlen, "cannot open an ICMP socket: %s (ping socket), %s (raw socket)",
		 strerror(e1), strerror(e2));
	return -1;
}

/**
 * bind_iface() - -I: a source address (bound), else an interface name
 * (SO_BINDTODEVICE), as iputils
 * @p: the run (src set for an address); @err / @errlen: message
 *
 * Return: 0, or -1 with the message.
 */
static int bind_iface(struct ping *p, char *err, size_t errlen)
{
	const char *s = p->o.iface;
	uint32_t a;

	if (ik_ipv4_addr_parse(s, &a) == 0) {
		struct sockaddr_in l = sin_of(a);

		/* a datagram socket binds below, with the kernel's port */
		if (!p->dgram && bind(p->fd, (struct sockaddr *)&l, sizeof(l)) < 0) {
			snprintf(err, errlen, "-I %s: %s", s, strerror(errno));
			return -1;
		}
		p->src = a;
		return 0;
	}
	if (setsockopt(p->fd, SOL_SOCKET, SO_BINDTODEVICE, s, (socklen_t)strlen(s) + 1) < 0) {
		snprintf(err, errlen, "-I %s: %s", s, errno == ENODEV ? "no such interface" :
			 strerror(errno));
		return -1;
	}
	return 0;
}

/**
 * ping_sock_open() - a datagram ICMP socket, else a raw one, with the options
 * @p: the run; @err / @errlen: message
 *
 * Return: 0, or -1 with the one-line reason.
 */
int ping_sock_open(struct ping *p, char *err, size_t errlen)
{
	const struct ping_opts *o = &p->o;
	struct sockaddr_in l;
	socklen_t ll = sizeof(l);

	if (open_any(p, err, errlen) < 0)
		return -1;
	/* errors through the error queue, the kernel's receive time, the TTL */
	if (set_int(p->fd, SOL_IP, IP_RECVERR, 1) < 0 ||
	    set_int(p->fd, SOL_SOCKET, SO_TIMESTAMPNS, 1) < 0 ||
	    set_int(p->fd, SOL_IP, IP_RECVTTL, 1) < 0)
		goto fail;
	if (o->ttl >= 0 && set_int(p->fd, SOL_IP, IP_TTL, o->ttl) < 0)
		goto fail;
	if (o->tos >= 0 && set_int(p->fd, SOL_IP, IP_TOS, o->tos) < 0)
		goto fail;
	if (o->pmtu != PING_PMTU_NONE && set_int(p->fd, SOL_IP, IP_MTU_DISCOVER, o->pmtu) < 0)
		goto fail;
	if (o->rr) {
		uint8_t rr[40] = { IK_IPOPT_NOP, IK_IPOPT_RR, 39, 4 };

		if (setsockopt(p->fd, SOL_IP, IP_OPTIONS, rr, sizeof(rr)) < 0 ||
		    set_int(p->fd, SOL_IP, IP_RECVOPTS, 1) < 0)
			goto fail;
	}
	if (o->iface && bind_iface(p, err, errlen) < 0) {
		close(p->fd);
		p->fd = -1;
		return -1;
	}
	if (p->dgram) {
		/* the kernel's port is our Identifier */
		struct sockaddr_in any = { .sin_family = AF_INET };

		any.sin_addr.s_addr = htonl(p->src);
		if (bind(p->fd, (struct sockaddr *)&any, sizeof(any)) < 0 ||
		    getsockname(p->fd, (struct sockaddr *)&l, &ll) < 0)
			goto fail;
		p->ident = ntohs(l.sin_port);
	} else {
		struct icmp_filter f = {
			.data = ~(uint32_t)((1u << IK_ICMP_ECHOREPLY) | (1u << IK_ICMP_UNREACH) |
					    (1u << IK_ICMP_SOURCEQUENCH) | (1u << IK_ICMP_REDIRECT) |
					    (1u << IK_ICMP_TIMXCEED) | (1u << IK_ICMP_PARAMPROB)),
		};

		if (setsockopt(p->fd, SOL_RAW, ICMP_FILTER, &f, sizeof(f)) < 0)
			goto fail;
		p->ident = (uint16_t)(getpid() & 0xffff);
	}
	if (!p->src)
		p->src = source_for(p->dst);
	return 0;
fail:
	snprintf(err, errlen, "socket option: %s", strerror(errno));
	close(p->fd);
	p->fd = -1;
	return -1;
}

/**
 * fill_data() - the data of a request: -p's pattern, else 0, 1, 2, ...
 * @o: options; @d: data; @n: its length
 */
static void fill_data(const struct ping_opts *o, uint8_t *d, size_t n)
{
	for (size_t i = 0; i < n; i++)
		d[i] = o->patlen ? o->pattern[i % o->patlen] : (uint8_t)(i + 8);
}

/**
 * pcap_sent() - the request as the IP datagram the kernel sends (header
 * rebuilt here: the kernel writes the real one)
 * @p: the run; @dst: its destination; @icmp / @len: the ICMP message
 */
static void pcap_sent(struct ping *p, uint32_t dst, const uint8_t *icmp, size_t len)
{
	static uint8_t pkt[IK_IPV4_MAX_LEN];
	struct ik_ipv4_repr ip = {
		.tos = (uint8_t)(p->o.tos < 0 ? 0 : p->o.tos), .df = p->o.pmtu != IP_PMTUDISC_DONT,
		.ttl = (uint8_t)(p->o.ttl < 0 ? 64 : p->o.ttl), .proto = IK_IPPROTO_ICMP,
		.src = p->src, .dst = dst, .payload_len = len,
	};
	uint8_t rr[40] = { IK_IPOPT_NOP, IK_IPOPT_RR, 39, 4 };
	int h;

	if (p->o.rr) {
		ip.opts = rr;
		ip.opts_len = sizeof(rr);
	}
	h = ik_ipv4_emit(&ip, pkt, sizeof(pkt));
	if (h < 0 || (size_t)h + len > sizeof(pkt))
		return;
	memcpy(pkt + h, icmp, len);
	ik_pcap_writer_put(p->pcap, pkt, (size_t)h + len, (uint64_t)time(NULL) * 1000000000ULL);
}

/**
 * ping_data() - the data of every request (-p's pattern, else 8, 9, ...),
 * filled once
 * @o: options
 *
 * Return: PING_MAX_DATA octets, the first -s of them used.
 */
static const uint8_t *ping_data(const struct ping_opts *o)
{
	static uint8_t data[PING_MAX_DATA];
	static bool filled;

	if (!filled) {
		fill_data(o, data, o->datalen);
		filled = true;
	}
	return data;
}

/**
 * ping_build_echo() - an Echo Request with our Identifier and @seq, the
 * run's data and its checksum
 * @p: the run; @seq: Sequence Number; @buf / @cap: where it goes
 *
 * Return: its length, or -1 (message printed).
 */
int ping_build_echo(const struct ping *p, uint16_t seq, uint8_t *buf, size_t cap)
{
	struct ik_icmp_repr r = { .type = IK_ICMP_ECHO };
	int n;

	r.u.echo.ident = p->ident;
	r.u.echo.seq = seq;
	r.data = ping_data(&p->o);
	r.data_len = p->o.datalen;
	n = ik_icmp_emit(&r, buf, cap);
	if (n < 0)
		fprintf(stderr, "icmpkit ping: cannot build the request\n");
	return n;
}

/**
 * ping_send_echo() - one Echo Request to @dst with Sequence @seq
 * @p: the run; @dst: destination, host order; @seq: Sequence Number
 *
 * Return: 0 when sent, the errno of a local error the run survives, or -1
 * on a fatal error (message printed).
 */
int ping_send_echo(struct ping *p, uint32_t dst, uint16_t seq)
{
	static uint8_t buf[IK_ICMP_HDR_LEN + PING_MAX_DATA];
	struct sockaddr_in to = sin_of(dst);
	int n = ping_build_echo(p, seq, buf, sizeof(buf));

	if (n < 0)
		return -1;
	if (sendto(p->fd, buf, (size_t)n, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		int e = errno;

		if (e == EMSGSIZE || e == EHOSTUNREACH || e == ENETUNREACH || e == EACCES ||
		    e == ENOBUFS || e == EAGAIN || e == EINVAL || e == EPERM)
			return e;
		fprintf(stderr, "icmpkit ping: sendmsg: %s\n", strerror(e));
		return -1;
	}
	if (p->pcap)
		pcap_sent(p, dst, buf, (size_t)n);
	if (p->o.run.trace)
		ping_out_trace(p, "sent Echo Request id=%u seq=%u to %u.%u.%u.%u (%d octets)", p->ident,
			       seq, dst >> 24, dst >> 16 & 255, dst >> 8 & 255, dst & 255, n);
	return 0;
}

/**
 * ping_send_batch() - Echo Requests to many destinations in as few
 * sendmmsg() calls as the kernel allows: each message is its own 8-octet
 * header (Sequence and checksum) and the data shared by all, its checksum
 * summed once
 * @p: the run; @dst / @seq: destinations (host order) and Sequence Numbers;
 * @res: per message, 0 when sent or the errno of a local error the run
 * survives; @n: messages, at most PING_BATCH
 *
 * Return: 0, or -1 on a fatal error (message printed).
 */
int ping_send_batch(struct ping *p, const uint32_t *dst, const uint16_t *seq, int *res, unsigned n)
{
	const uint8_t *data = ping_data(&p->o);
	static uint32_t dsum;
	static bool summed;
	uint8_t hdr[PING_BATCH][IK_ICMP_HDR_LEN];
	struct sockaddr_in to[PING_BATCH];
	struct iovec iov[PING_BATCH][2];
	struct mmsghdr mm[PING_BATCH];
	unsigned done = 0;

	if (!summed) {
		dsum = ik_csum_partial(data, p->o.datalen, 0);
		summed = true;
	}
	for (unsigned i = 0; i < n; i++) {
		uint8_t *h = hdr[i];

		h[0] = IK_ICMP_ECHO;
		h[1] = 0;
		ik_put16(h + 2, 0);
		ik_put16(h + 4, p->ident);
		ik_put16(h + 6, seq[i]);
		ik_put16(h + 2, ik_csum_finish(ik_csum_partial(h, IK_ICMP_HDR_LEN, dsum)));
		to[i] = sin_of(dst[i]);
		iov[i][0] = (struct iovec){ .iov_base = h, .iov_len = IK_ICMP_HDR_LEN };
		iov[i][1] = (struct iovec){ .iov_base = (void *)data, .iov_len = p->o.datalen };
		mm[i].msg_hdr = (struct msghdr){ .msg_name = &to[i], .msg_namelen = sizeof(to[i]),
						 .msg_iov = iov[i], .msg_iovlen = 2 };
	}
	while (done < n) {
		int r = sendmmsg(p->fd, mm + done, n - done, 0);

		if (r < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			if (e == EMSGSIZE || e == EHOSTUNREACH || e == ENETUNREACH || e == EACCES ||
			    e == ENOBUFS || e == EAGAIN || e == EINVAL || e == EPERM) {
				res[done++] = e; /* that one failed; the rest go on */
				continue;
			}
			fprintf(stderr, "icmpkit ping: sendmmsg: %s\n", strerror(e));
			return -1;
		}
		for (int k = 0; k < r; k++, done++) {
			res[done] = 0;
			if (p->pcap) {
				uint8_t whole[IK_ICMP_HDR_LEN + PING_MAX_DATA];

				memcpy(whole, hdr[done], IK_ICMP_HDR_LEN);
				memcpy(whole + IK_ICMP_HDR_LEN, data, p->o.datalen);
				pcap_sent(p, dst[done], whole, IK_ICMP_HDR_LEN + p->o.datalen);
			}
			if (p->o.run.trace)
				ping_out_trace(p, "sent Echo Request id=%u seq=%u to %u.%u.%u.%u (%u octets)",
					       p->ident, seq[done], dst[done] >> 24, dst[done] >> 16 & 255,
					       dst[done] >> 8 & 255, dst[done] & 255,
					       IK_ICMP_HDR_LEN + p->o.datalen);
		}
	}
	return 0;
}

/**
 * ping_send() - send the next Echo Request
 * @p: the run
 *
 * Sequence Numbers start at 1 as in iputils. A local error (EMSGSIZE with
 * -M do) still counts the request as sent; its line comes from the error
 * queue.
 *
 * Return: 0, or -1 on a fatal error (message printed).
 */
int ping_send(struct ping *p)
{
	uint16_t seq = ping_take_seq(p, ping_now_ns());
	int e = ping_send_echo(p, p->dst, seq);
	if (e > 0) {
		/* the kernel queued the reason when it has one */
		ping_recv(p, true);
		if (e != EMSGSIZE) {
			struct ping_event ev = { .kind = PING_EV_LOCAL, .seq = seq, .local_errno = e };

			ping_out_event(p, &ev);
		}
		return 0;
	}
	return e;
}
