// SPDX-License-Identifier: MIT
/* ping_stack_io.c - `icmpkit ping --stack`: the requests sent by the stack's
 * ping socket, the TUN read and handed to the stack, the replies and errors
 * the stack delivers, and the loop that paces them
 *
 * One thread, no helper: the loop waits in ppoll() on the TUN with SIGINT
 * and SIGTERM unblocked only there (so a signal never lands between the
 * last look at the stop flag and the wait), until the next request is due,
 * the stack's next timer (reassembly), or the end. Each datagram read from
 * the TUN gets its read time; after ik_stack_input() the sockets are read
 * at once, so a reply's RTT is that read time minus the monotonic send time
 * kept for its Sequence Number (the echoed data is never read for timing).
 */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <time.h>

#include "icmpkit/err.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/pcapio.h"
#include "icmpkit/sock.h"

#include "loop.h"
#include "ping_stack.h"

#define BURST 64 /* datagrams read from the TUN in a row before looking at the clock */

static volatile sig_atomic_t stop_flag;

/**
 * on_stop() - SIGINT / SIGTERM: finish with the statistics
 * @sig: the signal
 */
static void on_stop(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/**
 * ping_stack_signals() - handlers set, SIGINT and SIGTERM blocked but
 * while waiting
 * @wait_mask: the mask to wait with
 */
void ping_stack_signals(sigset_t *wait_mask)
{
	struct sigaction sa = { .sa_handler = on_stop }; /* no SA_RESTART */
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigprocmask(SIG_BLOCK, &set, wait_mask);
	sigdelset(wait_mask, SIGINT);
	sigdelset(wait_mask, SIGTERM);
	sa.sa_mask = set;
	stop_flag = 0;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/**
 * ping_stack_xmit() - one datagram of the stack into the kernel
 * @ctx: struct pstk; @ifindex / @next_hop: unused; @pkt / @len: datagram;
 * @now: time
 *
 * Return: 0, or -IK_EAGAIN.
 */
int ping_stack_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt,
		    size_t len, uint64_t now)
{
	struct pstk *k = ctx;

	(void)ifindex;
	(void)next_hop;
	if (ik_tun_write(k->tun.fd, pkt, len) < 0)
		return -IK_EAGAIN;
	k->tun_out++;
	if (k->p->pcap)
		ik_pcap_writer_put(k->p->pcap, pkt, len, now + k->real_off);
	return 0;
}

/**
 * ping_stack_trace() - the stack's events: who was handed each Echo
 * Reply, and the "trace:" lines
 * @ctx: struct pstk; @ev: event
 */
void ping_stack_trace(void *ctx, const struct ik_event *ev)
{
	struct pstk *k = ctx;
	const struct ping *p = k->p;
	bool ping_layer = ev->layer == IK_L_PING;

	if (ping_layer && ev->kind == IK_EV_DELIVER) {
		if (ev->sock == k->fd) {
			k->handed[0]++;
			if (ev->pkt && ev->len >= IK_IPV4_HDR_MIN)
				k->rx_ttl = ev->pkt[8];
		} else if (ev->sock == k->by) {
			k->handed[1]++;
		}
	}
	if (p->o.run.trace || (p->o.verbose && ping_layer && ev->kind != IK_EV_TX)) {
		FILE *f = p->o.run.json ? stderr : stdout;

		cli_trace_print(f, k->t0, ev, NULL);
		fflush(f);
	}
}

/**
 * on_reply() - a message read from our ping socket: an Echo Reply the
 * stack handed to it by its Identifier
 * @k: the run; @len: octets in k->msg; @from: its source
 */
static void on_reply(struct pstk *k, size_t len, uint32_t from)
{
	struct ping *p = k->p;
	struct ik_icmp_repr r;
	struct ping_event e = { .kind = PING_EV_REPLY, .from = from, .bytes = len,
				.ttl = k->rx_ttl, .rtt_us = -1 };
	unsigned seq;

	k->got[0]++;
	p->last_ns = k->rx_ns;
	/* the stack checked the checksum and matched the Identifier */
	if (ik_icmp_parse(k->msg, len, 0, &r, NULL) < 0 || r.type != IK_ICMP_ECHOREPLY) {
		if (p->o.verbose || p->o.run.trace)
			ping_out_trace(p, "ping socket %d: a message of %zu octets that is no Echo "
				       "Reply, ignored", k->fd, len);
		return;
	}
	seq = e.seq = r.u.echo.seq;
	if (!ping_known_seq(p, seq)) {
		if (p->o.verbose || p->o.run.trace)
			ping_out_trace(p, "Echo Reply id=%u seq=%u: no request with that Sequence, "
				       "ignored", r.u.echo.ident, seq);
		return;
	}
	if (p->timing)
		e.rtt_us = k->rx_ns > p->sent_ns[seq] ? (long long)((k->rx_ns - p->sent_ns[seq]) / 1000)
						      : 0;
	ping_count_reply(p, &e);
	if (p->o.run.trace)
		ping_out_trace(p, "Echo Reply from %u.%u.%u.%u id=%u seq=%u matched by Identifier and "
			       "Sequence%s: read from ping socket %d of the stack; bystander ping "
			       "socket %d (Identifier %u) has %d queued",
			       from >> 24, from >> 16 & 255, from >> 8 & 255, from & 255,
			       r.u.echo.ident, seq, e.dup ? ": a duplicate" : "", k->fd, k->by,
			       k->by_ident, ik_sock_pending(k->s, k->by));
	ping_out_event(p, &e);
}

/**
 * on_error() - an entry of our socket's error queue: a local error, or an
 * ICMP error the stack matched to the socket by the Identifier its quote
 * holds (the entry's port is the quoted Sequence)
 * @k: the run; @x: the entry
 */
static void on_error(struct pstk *k, const struct ik_sock_err *x)
{
	struct ping *p = k->p;
	struct ping_event e = { .kind = PING_EV_ERROR, .from = x->offender, .seq = x->dport,
				.ttl = -1, .rtt_us = -1, .type = x->type, .code = x->code,
				.info = x->info };
	uint32_t f = x->offender;

	p->last_ns = ping_now_ns();
	if (x->origin == IK_EE_ORIGIN_LOCAL) {
		e.kind = PING_EV_LOCAL;
		e.local_errno = x->err;
		ping_out_event(p, &e);
		return;
	}
	if (!ping_known_seq(p, x->dport)) {
		if (p->o.verbose || p->o.run.trace)
			ping_out_trace(p, "error queue: ICMP type %u about seq=%u, which we did not "
				       "send, ignored", x->type, x->dport);
		return;
	}
	if (p->o.run.trace)
		ping_out_trace(p, "ICMP type %u code %u from %u.%u.%u.%u matched to seq=%u by the "
			       "stack: its quote holds Identifier %u (ping socket %d's error queue)",
			       x->type, x->code, f >> 24, f >> 16 & 255, f >> 8 & 255, f & 255,
			       x->dport, p->ident, k->fd);
	/* iputils: Redirect and Source Quench are reported, not counted */
	if (x->type != IK_ICMP_REDIRECT && x->type != IK_ICMP_SOURCEQUENCH)
		p->st.errors++;
	ping_out_event(p, &e);
}

/**
 * drain() - read everything the stack queued on the two sockets
 * @k: the run
 */
static void drain(struct pstk *k)
{
	struct ping *p = k->p;
	struct ik_sock_err x;
	uint32_t from;
	ssize_t n;

	while (ik_sock_recverr(k->s, k->fd, &x) == 0)
		on_error(k, &x);
	while ((n = ik_sock_recvfrom(k->s, k->fd, k->msg, IK_TUN_SLOT, &from, NULL)) >= 0)
		on_reply(k, (size_t)n, from);
	/* the bystander: anything here went to the wrong Identifier's owner
	 * only if the stack demultiplexed wrongly, or someone else used it */
	while ((n = ik_sock_recvfrom(k->s, k->by, k->msg, IK_TUN_SLOT, &from, NULL)) >= 0) {
		k->got[1]++;
		if (p->o.verbose || p->o.run.trace)
			ping_out_trace(p, "bystander ping socket %d (Identifier %u): %zd octets from "
				       "%u.%u.%u.%u", k->by, k->by_ident, n, from >> 24,
				       from >> 16 & 255, from >> 8 & 255, from & 255);
	}
	while (ik_sock_recverr(k->s, k->by, &x) == 0)
		if (p->o.verbose || p->o.run.trace)
			ping_out_trace(p, "bystander ping socket %d: an ICMP type %u error queued",
				       k->by, x.type);
}

/**
 * send_one() - the next Echo Request, by the stack's ping socket (the
 * stack writes its Identifier and the checksum)
 * @k: the run
 *
 * Return: 0 (sent, or counted as sent after a local error), -1 when the
 * request cannot be built.
 */
static int send_one(struct pstk *k)
{
	static uint8_t buf[IK_ICMP_HDR_LEN + PING_MAX_DATA];
	struct ping *p = k->p;
	uint16_t seq = (uint16_t)(p->st.transmitted + 1);
	uint64_t now;
	ssize_t rc;
	int n = ping_build_echo(p, seq, buf, sizeof(buf));

	if (n < 0)
		return -1;
	now = ping_now_ns();
	ping_take_seq(p, now);
	rc = ik_sock_sendto(k->s, k->fd, buf, (size_t)n, p->dst, 0, now);
	if (rc < 0) {
		/* EMSGSIZE (-M do) queued its entry, with the MTU; others are
		 * the route's answer (as sendto() of a kernel socket) */
		if (rc == -EMSGSIZE) {
			drain(k);
		} else {
			struct ping_event ev = { .kind = PING_EV_LOCAL, .seq = seq, .ttl = -1,
						 .rtt_us = -1, .local_errno = (int)-rc };

			ping_out_event(p, &ev);
		}
		return 0;
	}
	if (p->o.run.trace)
		ping_out_trace(p, "sent Echo Request id=%u seq=%u (%d octets) from ping socket %d "
			       "of the stack", p->ident, seq, n, k->fd);
	return 0;
}

/**
 * send_due() - a request; -O reports the one before it if unanswered
 * @k: the run
 *
 * Return: send_one()'s result.
 */
static int send_due(struct pstk *k)
{
	ping_before_send(k->p);
	return send_one(k);
}

/**
 * read_tun() - the datagrams the kernel queued on the TUN, each handed to
 * the stack and what it delivered read at once
 * @k: the run
 *
 * Return: 0, or -1 (the TUN failed; message printed).
 */
static int read_tun(struct pstk *k)
{
	for (int i = 0; i < BURST; i++) {
		ssize_t n = ik_tun_read(k->tun.fd, k->buf, 0);

		if (n == -EAGAIN || n == -EINTR)
			return 0;
		if (n == -EMSGSIZE)
			continue;
		if (n < 0) {
			fprintf(stderr, "icmpkit ping: TUN %s: %s\n", k->tun.name, strerror((int)-n));
			return -1;
		}
		k->rx_ns = ping_now_ns();
		k->tun_in++;
		if (k->p->pcap)
			ik_pcap_writer_put(k->p->pcap, k->buf, (size_t)n, k->rx_ns + k->real_off);
		if (n < IK_IPV4_HDR_MIN || k->buf[0] >> 4 != 4)
			continue; /* not IPv4: not the stack's */
		k->rx_ttl = -1;
		ik_stack_input(k->s, k->ifindex, k->buf, (size_t)n, 0, k->rx_ns);
		drain(k);
	}
	return 0;
}

/**
 * ping_stack_loop() - the kernel mode's pacing (ping_pace()) over the
 * stack: the TUN read, the stack's timers
 * @k: the run; @wait_mask: the signal mask while waiting
 *
 * Return: 0, or -1 on a fatal error.
 */
int ping_stack_loop(struct pstk *k, const sigset_t *wait_mask)
{
	struct ping *p = k->p;
	const struct ping_opts *o = &p->o;
	struct ping_pace pc = { .next = p->start_ns };

	for (unsigned i = 1; i < o->preload && (!o->count || p->st.transmitted < (long)o->count); i++)
		if (send_due(k) < 0)
			return -1;
	while (!stop_flag) {
		uint64_t now = ping_now_ns(), wake = 0, sdl;
		struct pollfd pf = { .fd = k->tun.fd, .events = POLLIN };
		struct timespec ts;
		int step = ping_pace(p, &pc, now, &wake);

		if (step == PING_STOP)
			break;
		if (step == PING_SEND) {
			if (send_due(k) < 0)
				return -1;
			ping_pace_sent(p, &pc, now);
			continue;
		}
		sdl = ik_stack_deadline(k->s);
		if (sdl < wake)
			wake = sdl;
		wake = wake > now ? wake - now : 0;
		ts.tv_sec = (time_t)(wake / 1000000000u);
		ts.tv_nsec = (long)(wake % 1000000000u);
		if (ppoll(&pf, 1, &ts, wait_mask) < 0 && errno != EINTR) {
			fprintf(stderr, "icmpkit ping: ppoll: %s\n", strerror(errno));
			return -1;
		}
		if (pf.revents & (POLLERR | POLLHUP | POLLNVAL)) {
			fprintf(stderr, "icmpkit ping: TUN %s went away\n", k->tun.name);
			return -1;
		}
		if ((pf.revents & POLLIN) && read_tun(k) < 0)
			return -1;
		now = ping_now_ns();
		if (now >= ik_stack_deadline(k->s)) {
			ik_stack_poll(k->s, now);
			drain(k);
		}
		ping_pace_answered(p, &pc);
	}
	return 0;
}
