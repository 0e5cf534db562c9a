// SPDX-License-Identifier: MIT
/* ping_rx.c - `icmpkit ping`: replies, errors and the error queue, parsed by
 * the wire layer and matched to their requests */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <linux/errqueue.h>

#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/pcapio.h"

#include "ping.h"
#include "ping_multi.h"

#define RX_BUF   (IK_IPV4_MAX_LEN + 1)
#define RX_BATCH 32 /* datagrams per recvmmsg() */

/**
 * struct rx_meta - what came with a datagram
 * @from:    source address
 * @ttl:     IP_TTL cmsg, or -1
 * @opts / @opts_len: IP_RECVOPTS cmsg (datagram socket), or none
 * @rx_real: SO_TIMESTAMPNS, or zero
 * @ee / @offender: IP_RECVERR cmsg (error queue), or NULL
 */
struct rx_meta {
	uint32_t from;
	int ttl;
	uint8_t opts[40];
	size_t opts_len;
	struct timespec rx_real;
	const struct sock_extended_err *ee;
	uint32_t offender;
};

/**
 * read_cmsgs() - the control messages of @m into @x
 * @m: the message; @x: filled
 */
static void read_cmsgs(struct msghdr *m, struct rx_meta *x)
{
	for (struct cmsghdr *c = CMSG_FIRSTHDR(m); c; c = CMSG_NXTHDR(m, c)) {
		size_t dl = c->cmsg_len - CMSG_LEN(0);

		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS &&
		    dl >= sizeof(struct timespec)) {
			memcpy(&x->rx_real, CMSG_DATA(c), sizeof(x->rx_real));
		} else if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_TTL && dl >= sizeof(int)) {
			memcpy(&x->ttl, CMSG_DATA(c), sizeof(int));
		} else if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVOPTS) {
			x->opts_len = dl < sizeof(x->opts) ? dl : sizeof(x->opts);
			memcpy(x->opts, CMSG_DATA(c), x->opts_len);
		} else if (c->cmsg_level == SOL_IP && c->cmsg_type == IP_RECVERR &&
			   dl >= sizeof(struct sock_extended_err)) {
			const struct sock_extended_err *e = (const void *)CMSG_DATA(c);
			const struct sockaddr_in *off = (const void *)SO_EE_OFFENDER(e);

			x->ee = e;
			if (dl >= sizeof(*e) + sizeof(*off) && off->sin_family == AF_INET)
				x->offender = ntohl(off->sin_addr.s_addr);
		}
	}
}

/**
 * ping_rtt_us() - a round trip: the kernel's receive time brought onto the
 * monotonic clock (its age on the realtime clock, measured now) minus the
 * monotonic send time. The echoed data is never read. With -U (or no
 * kernel time) the receive is now, as the user sees it.
 * @p: the run; @sent_ns: monotonic send time; @rx_real: SO_TIMESTAMPNS, or
 * zero
 *
 * Return: microseconds (>= 0).
 */
long long ping_rtt_us(const struct ping *p, uint64_t sent_ns, const struct timespec *rx_real)
{
	uint64_t now = ping_now_ns(), rx = now;
	struct timespec real;

	if (rx_real->tv_sec && !p->o.user_rtt) {
		long long age;

		clock_gettime(CLOCK_REALTIME, &real);
		age = ((long long)real.tv_sec - rx_real->tv_sec) * 1000000000LL +
		      (real.tv_nsec - rx_real->tv_nsec);
		/* a clock stepped in between: take the receive as now */
		if (age > 0 && (uint64_t)age < now - sent_ns)
			rx = now - (uint64_t)age;
	}
	return rx > sent_ns ? (long long)((rx - sent_ns) / 1000) : 0;
}

/**
 * find_rr() - the addresses a Record Route option holds
 * @opts / @len: the options area; @e: rr / rr_len filled
 */
static void find_rr(const uint8_t *opts, size_t len, struct ping_event *e)
{
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;

	ik_ipv4_opt_iter_init(&it, opts, len);
	while (ik_ipv4_opt_next(&it, &o, NULL) == 1) {
		if (o.type != IK_IPOPT_RR)
			continue;
		size_t used = (o.ptr > o.len ? o.len + 1u : o.ptr) - 4u;

		if (o.ptr >= 4 && used >= 4 && 3 + used <= o.len) {
			e->rr = o.raw + 3;
			e->rr_len = used - used % 4;
		}
		return;
	}
}

/**
 * quote_ours() - whether a request to @dst with Sequence @seq is one of ours
 * in flight
 * @p: the run; @dst: the quoted (or returned) request's destination; @seq:
 * its Sequence
 *
 * Return: true when it is.
 */
static bool quote_ours(const struct ping *p, uint32_t dst, unsigned seq)
{
	if (p->multi)
		return ping_multi_quoted(p, dst, seq);
	return dst == p->dst && ping_known_seq(p, seq);
}

/**
 * on_reply() - an Echo Reply with our Identifier
 * @p: the run; @r: parsed ICMP; @badsum: its checksum was wrong; @len: ICMP
 * octets; @ttl: IP TTL; @opts / @olen: IP options; @x: meta
 */
static void on_reply(struct ping *p, const struct ik_icmp_repr *r, bool badsum, size_t len,
		     int ttl, const uint8_t *opts, size_t olen, const struct rx_meta *x)
{
	struct ping_event e = { .kind = PING_EV_REPLY, .from = x->from, .bytes = len,
				.seq = r->u.echo.seq, .ttl = ttl, .rtt_us = -1, .badsum = badsum };
	unsigned seq = r->u.echo.seq;

	if (p->multi) {
		ping_multi_reply(p, r, badsum, len, ttl, x->from, &x->rx_real);
		return;
	}
	if (!ping_known_seq(p, seq)) {
		if (p->o.run.trace || p->o.verbose)
			ping_out_trace(p, "Echo Reply id=%u seq=%u: no request with that Sequence, ignored",
				       r->u.echo.ident, seq);
		return;
	}
	if (p->timing)
		e.rtt_us = ping_rtt_us(p, p->sent_ns[seq], &x->rx_real);
	ping_count_reply(p, &e);
	if (p->o.run.trace)
		ping_out_trace(p, "Echo Reply from %u.%u.%u.%u id=%u seq=%u matched by Identifier and "
			       "Sequence%s%s", x->from >> 24, x->from >> 16 & 255, x->from >> 8 & 255,
			       x->from & 255, r->u.echo.ident, seq, e.dup ? ": a duplicate" : "",
			       badsum ? ": bad checksum" : "");
	if (opts && olen)
		find_rr(opts, olen, &e);
	ping_out_event(p, &e);
}

/**
 * on_error() - an ICMP error matched to request @seq
 * @p: the run; @from: who sent it; @type / @code / @info: the error; @seq:
 * the request's Sequence Number; @how: how it was matched (for --trace)
 */
static void on_error(struct ping *p, uint32_t from, uint8_t type, uint8_t code, uint32_t info,
		     unsigned seq, const char *how)
{
	struct ping_event e = { .kind = PING_EV_ERROR, .from = from, .seq = seq, .ttl = -1,
				.rtt_us = -1, .type = type, .code = code, .info = info };

	if (p->multi) {
		ping_multi_error(p, from, type, code, info, seq, how);
		return;
	}
	if (p->o.run.trace)
		ping_out_trace(p, "ICMP type %u code %u from %u.%u.%u.%u matched to seq=%u by %s",
			       type, code, from >> 24, from >> 16 & 255, from >> 8 & 255, from & 255,
			       seq, how);
	/* iputils: Redirect and Source Quench read from a raw socket are
	 * reported, not counted; from the error queue (a datagram socket),
	 * every ICMP error is counted */
	if (p->dgram || (type != IK_ICMP_REDIRECT && type != IK_ICMP_SOURCEQUENCH))
		p->st.errors++;
	ping_out_event(p, &e);
}

/**
 * error_info() - the extra field of an error: MTU, pointer or gateway
 * @r: the error
 *
 * Return: it, 0 for none.
 */
static uint32_t error_info(const struct ik_icmp_repr *r)
{
	if (r->type == IK_ICMP_UNREACH && r->code == IK_UNREACH_NEEDFRAG)
		return r->u.unreach.mtu;
	if (r->type == IK_ICMP_PARAMPROB)
		return r->u.param.pointer;
	if (r->type == IK_ICMP_REDIRECT)
		return r->u.redirect.gateway;
	return 0;
}

/**
 * raw_datagram() - one IP datagram from the raw socket: outer header and
 * ICMP parsed (every length and the IHL checked), a reply matched by
 * Identifier, an error by the request it quotes (its IHL checked too)
 * @p: the run; @buf / @n: the datagram; @x: meta
 */
static void raw_datagram(struct ping *p, const uint8_t *buf, size_t n, struct rx_meta *x)
{
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr r;
	struct ik_quote q;
	struct ik_wire_err we = { 0 };
	bool badsum = false;
	/* no checksum check: ip_rcv() checked it, then recorded our address in
	 * a Record Route option without refreshing it */
	int h = ik_ipv4_parse(buf, n, IK_IPV4_NO_CSUM, &ip, &we);
	size_t ilen;

	if (h < 0 || ip.proto != IK_IPPROTO_ICMP || ip.frag_off || ip.mf) {
		if (p->o.verbose)
			ping_out_trace(p, "datagram of %zu octets: unusable IPv4 header (%s), ignored",
				       n, h < 0 ? we.msg : "not ICMP or a fragment");
		return;
	}
	ilen = ip.total_len - (size_t)h;
	if (ik_icmp_parse(buf + h, ilen, 0, &r, NULL) < 0) {
		if (ik_icmp_parse(buf + h, ilen, IK_ICMP_NO_CSUM, &r, NULL) < 0)
			return;
		badsum = true;
	}
	if (r.type == IK_ICMP_ECHOREPLY) {
		if (r.u.echo.ident != p->ident) {
			if (p->o.verbose)
				ping_out_trace(p, "Echo Reply id=%u seq=%u: not our Identifier %u, ignored",
					       r.u.echo.ident, r.u.echo.seq, p->ident);
			return;
		}
		on_reply(p, &r, badsum, ilen, ip.ttl, ip.opts, ip.opts_len, x);
		return;
	}
	if (badsum || !ik_icmp_is_error(r.type) || !r.quote ||
	    ik_icmp_quote_parse(r.quote, r.quote_len, &q, NULL) < 0 || !q.ip_ok ||
	    q.ip.proto != IK_IPPROTO_ICMP || !q.has_icmp || q.l4_len < IK_ICMP_HDR_LEN ||
	    q.icmp_type != IK_ICMP_ECHO || q.icmp_ident != p->ident || !quote_ours(p, q.ip.dst, q.icmp_seq)) {
		if (p->o.verbose)
			ping_out_trace(p, "ICMP type %u from %u.%u.%u.%u: quotes no request of ours, ignored",
				       r.type, x->from >> 24, x->from >> 16 & 255, x->from >> 8 & 255,
				       x->from & 255);
		return;
	}
	on_error(p, ip.src, r.type, r.code, error_info(&r), q.icmp_seq,
		 "the quoted Identifier and Sequence");
}

/**
 * pcap_dgram() - a datagram-socket reply as the IP datagram it came in
 * (header rebuilt: the socket hands over the ICMP message only)
 * @p: the run; @icmp / @len: the message; @x: meta
 */
static void pcap_dgram(struct ping *p, const uint8_t *icmp, size_t len, const struct rx_meta *x)
{
	static uint8_t pkt[IK_IPV4_MAX_LEN];
	struct ik_ipv4_repr ip = { .ttl = (uint8_t)(x->ttl < 0 ? 0 : x->ttl),
				   .proto = IK_IPPROTO_ICMP, .src = x->from, .dst = p->src,
				   .payload_len = len, .opts = x->opts_len ? x->opts : NULL,
				   .opts_len = x->opts_len };
	int h = ik_ipv4_emit(&ip, pkt, sizeof(pkt));

	if (h < 0 || (size_t)h + len > sizeof(pkt))
		return;
	memcpy(pkt + h, icmp, len);
	ik_pcap_writer_put(p->pcap, pkt, (size_t)h + len,
			   (uint64_t)x->rx_real.tv_sec * 1000000000ULL + (uint64_t)x->rx_real.tv_nsec);
}

/**
 * errqueue_entry() - one entry of the error queue: a local error, or (on a
 * datagram socket) an ICMP error about the request in @buf
 * @p: the run; @buf / @n: our request, as the kernel returns it; @x: meta
 */
static void errqueue_entry(struct ping *p, const uint8_t *buf, size_t n, const struct rx_meta *x)
{
	const struct sock_extended_err *e = x->ee;
	struct ik_icmp_repr r;
	unsigned seq = 0;

	if (!e)
		return;
	if (ik_icmp_parse(buf, n, IK_ICMP_NO_CSUM, &r, NULL) >= 0 && r.type == IK_ICMP_ECHO &&
	    (r.u.echo.ident == p->ident))
		seq = r.u.echo.seq;
	/* fping's mode counts a local error where sendto() returned it */
	if (e->ee_origin == SO_EE_ORIGIN_LOCAL && p->multi)
		return;
	if (e->ee_origin == SO_EE_ORIGIN_LOCAL) {
		struct ping_event ev = { .kind = PING_EV_LOCAL, .seq = seq, .ttl = -1, .rtt_us = -1,
					 .local_errno = (int)e->ee_errno, .info = e->ee_info };

		ping_out_event(p, &ev);
		return;
	}
	/* a raw socket reads the error itself (raw_datagram()) */
	if (e->ee_origin != SO_EE_ORIGIN_ICMP || !p->dgram)
		return;
	/* the error queue names the request's destination as the sender */
	if (!seq || !quote_ours(p, x->from, seq)) {
		if (p->o.verbose)
			ping_out_trace(p, "error queue: ICMP type %u about no request of ours, ignored",
				       e->ee_type);
		return;
	}
	on_error(p, x->offender, e->ee_type, e->ee_code, e->ee_info, seq,
		 "the request the kernel returned with it");
}

/**
 * handle_msg() - one datagram or error-queue entry just read
 * @p: the run; @buf / @n: what was read; @m: its message (flags, control);
 * @from: its source; @flags: 0 or MSG_ERRQUEUE
 */
static void handle_msg(struct ping *p, const uint8_t *buf, size_t n, struct msghdr *m,
		       const struct sockaddr_in *from, int flags)
{
	struct rx_meta x = { .ttl = -1 };

	if (m->msg_flags & MSG_TRUNC)
		return; /* longer than any datagram: not ours */
	x.from = m->msg_namelen >= sizeof(*from) ? ntohl(from->sin_addr.s_addr) : 0;
	read_cmsgs(m, &x);
	if (flags & MSG_ERRQUEUE) {
		errqueue_entry(p, buf, n, &x);
		return;
	}
	if (p->pcap && !p->dgram)
		ik_pcap_writer_put(p->pcap, buf, n,
				   (uint64_t)x.rx_real.tv_sec * 1000000000ULL + (uint64_t)x.rx_real.tv_nsec);
	if (!p->dgram) {
		raw_datagram(p, buf, n, &x);
		return;
	}
	if (p->pcap)
		pcap_dgram(p, buf, n, &x);
	{
		struct ik_icmp_repr r;

		/* the kernel checked the checksum and matched the Identifier */
		if (ik_icmp_parse(buf, n, 0, &r, NULL) < 0 || r.type != IK_ICMP_ECHOREPLY)
			return;
		on_reply(p, &r, false, n, x.ttl, x.opts, x.opts_len, &x);
	}
}

/**
 * failed() - what a failed receive means
 * @flags: the receive's flags
 *
 * Return: -1 fatal, 0 nothing waits, 2 a pending error was reported
 * instead (its entry waits in the error queue).
 */
static int failed(int flags)
{
	if (errno == EBADF || errno == EFAULT)
		return -1;
	return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || flags ? 0 : 2;
}

/**
 * recv_one() - one recvmsg() without waiting
 * @p: the run; @flags: 0 or MSG_ERRQUEUE
 *
 * Return: 1 when a datagram was handled, 0 when nothing waits, 2 when a
 * pending error was reported instead, -1 on a fatal error.
 */
static int recv_one(struct ping *p, int flags)
{
	static uint8_t buf[RX_BUF];
	union { char b[1024]; struct cmsghdr align; } ctl;
	struct sockaddr_in from;
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov,
			    .msg_iovlen = 1, .msg_control = ctl.b, .msg_controllen = sizeof(ctl) };
	ssize_t n = recvmsg(p->fd, &m, flags | MSG_DONTWAIT);

	if (n < 0)
		return failed(flags);
	p->last_ns = ping_now_ns();
	handle_msg(p, buf, (size_t)n, &m, &from, flags);
	return 1;
}

/**
 * recv_batch() - up to RX_BATCH datagrams in one recvmmsg() without waiting
 * @p: the run; @got: increased by the datagrams read
 *
 * Return: 1 when the batch was full (more may wait), 0 when the queue is
 * empty now, 2 when a pending error was reported, -1 on a fatal error.
 */
static int recv_batch(struct ping *p, int *got)
{
	static uint8_t buf[RX_BATCH][RX_BUF];
	static union { char b[512]; struct cmsghdr align; } ctl[RX_BATCH];
	static struct sockaddr_in from[RX_BATCH];
	static struct iovec iov[RX_BATCH];
	static struct mmsghdr mm[RX_BATCH];
	int n;

	for (unsigned i = 0; i < RX_BATCH; i++) {
		iov[i] = (struct iovec){ .iov_base = buf[i], .iov_len = RX_BUF };
		mm[i].msg_hdr = (struct msghdr){ .msg_name = &from[i], .msg_namelen = sizeof(from[i]),
						 .msg_iov = &iov[i], .msg_iovlen = 1,
						 .msg_control = ctl[i].b,
						 .msg_controllen = sizeof(ctl[i]) };
	}
	n = recvmmsg(p->fd, mm, RX_BATCH, MSG_DONTWAIT, NULL);
	if (n < 0)
		return failed(0);
	p->last_ns = ping_now_ns();
	for (int i = 0; i < n; i++)
		handle_msg(p, buf[i], mm[i].msg_len, &mm[i].msg_hdr, &from[i], 0);
	*got += n;
	return n == RX_BATCH;
}

/**
 * ping_recv() - read what waits on the socket and report it
 * @p: the run; @errq: poll() said POLLERR (or unknown): the error queue
 * has entries
 *
 * The error queue is read first when it has entries, then the
 * datagrams, up to RX_BATCH per recvmmsg() (a batch that is not full says
 * the queue is empty: no further call to find out); the error queue is
 * read again only when a receive reports a pending error (the kernel sets
 * one with each entry it queues). A flood's reply over veth is usually
 * queued before sendto() returns: one sendto() and one recvmmsg() per
 * reply.
 *
 * Return: datagrams and error-queue entries read, or -1 on a fatal error.
 */
int ping_recv(struct ping *p, bool errq)
{
	int r, got = 0;

	while (errq && (r = recv_one(p, MSG_ERRQUEUE)) > 0)
		got++;
	for (;;) {
		r = recv_batch(p, &got);
		if (r == 1)
			continue;
		if (r != 2)
			break;
		while (recv_one(p, MSG_ERRQUEUE) > 0)
			got++;
	}
	return r < 0 ? -1 : got;
}
