// SPDX-License-Identifier: MIT
/* ping_multi.c - `icmpkit ping` over many targets at once (fping's mode):
 * one socket, one Identifier; each request takes the next Sequence Number,
 * and the Sequence of a reply finds its request, whose target must be the
 * reply's source. That is the study note's lesson at scale: no ports, the
 * Identifier says "this ping", the Sequence says "this request". */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "icmpkit/ipv4.h"

#include "cli.h"
#include "ping_multi.h"

#define BURST PING_BATCH /* requests that may leave at once to catch up the rate */

/* the memory per target docs/tools.md states */
_Static_assert(sizeof(struct ping_target) == 48, "48 octets per target");
_Static_assert(sizeof(struct ping_due) == 16, "16 octets per queued target");

static volatile sig_atomic_t stop_flag;

/**
 * on_signal() - SIGINT / SIGTERM: finish with the summary
 * @sig: the signal
 */
static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/**
 * count_mode() - -c was given: every target gets -c requests, each reply
 * printed (fping -c); else each target is asked until it answers, at most
 * 1 + --retries times (fping's default)
 * @p: the run
 *
 * Return: true with -c.
 */
static bool count_mode(const struct ping *p)
{
	return p->o.count_given;
}

/**
 * decide() - a target of the default mode is alive or unreachable now
 * @p: the run; @t: the target; @state: PT_ALIVE or PT_UNREACH
 */
static void decide(struct ping *p, struct ping_target *t, uint8_t state)
{
	struct ping_multi *m = p->multi;

	t->state = state;
	if (state == PT_ALIVE)
		m->alive++;
	else
		m->unreach++;
	ping_multi_out_decided(p, t);
}

/**
 * queue_push() - @target's next request is due at @due (pushes come in due
 * order: one rule per mode, a constant added to now)
 * @m: the targets; @target: index; @due: monotonic time
 */
static void queue_push(struct ping_multi *m, uint32_t target, uint64_t due)
{
	uint32_t at = (m->qhead + m->qlen) % m->n;

	m->q[at] = (struct ping_due){ .target = target, .due_ns = due };
	m->qlen++;
}

/**
 * attempt_over() - a request of the default mode got no reply in time (or
 * could not leave): ask again, or call the target unreachable
 * @p: the run; @ti: the target's index; @now: time
 */
static void attempt_over(struct ping *p, uint32_t ti, uint64_t now)
{
	struct ping_multi *m = p->multi;
	struct ping_target *t = &m->t[ti];

	if (count_mode(p) || t->state != PT_PENDING)
		return;
	if (t->sent < m->tries)
		queue_push(m, ti, now);
	else
		decide(p, t, PT_UNREACH);
}

/**
 * expire() - the oldest requests whose wait is over leave the window: a
 * request still waiting timed out; an answered one is kept until then for
 * (DUP!), or dropped early when the window is full
 * @p: the run; @now: time
 */
static void expire(struct ping *p, uint64_t now)
{
	struct ping_multi *m = p->multi;

	while (m->head < m->tail) {
		struct ping_flight *f = &m->fl[m->head % PING_FLIGHT];
		bool over = now >= f->sent_ns + m->timeout_ns;

		if (!over && !(f->state != PF_WAIT && m->tail - m->head >= PING_FLIGHT))
			break;
		if (f->state == PF_WAIT) {
			ping_multi_out_timeout(p, &m->t[f->target], f->nth);
			attempt_over(p, f->target, now);
			m->open--;
		} else if (f->state == PF_DONE) {
			/* an error answered it: the attempt is over now */
			attempt_over(p, f->target, now);
			m->open--;
		}
		f->state = PF_FREE;
		m->head++;
	}
}

/**
 * next_target() - the target whose request is due now: a retry or the next
 * of -c first, else a target not asked yet
 * @m: the targets; @now: time; @ti: its index
 *
 * Return: true when one is due.
 */
static bool next_target(struct ping_multi *m, uint64_t now, uint32_t *ti)
{
	if (m->qlen && m->q[m->qhead].due_ns <= now) {
		*ti = m->q[m->qhead].target;
		m->qhead = (m->qhead + 1) % m->n;
		m->qlen--;
		return true;
	}
	if (m->cursor < m->n) {
		*ti = m->cursor++;
		return true;
	}
	return false;
}

/**
 * take_seq() - the next Sequence Number for a request to target @ti: its
 * place in flight filled, the target's and the run's counts
 * @p: the run; @ti: target index; @now: time
 *
 * Return: the Sequence Number.
 */
static uint16_t take_seq(struct ping *p, uint32_t ti, uint64_t now)
{
	struct ping_multi *m = p->multi;
	struct ping_target *t = &m->t[ti];
	uint16_t seq = (uint16_t)(m->tail % PING_FLIGHT);

	m->fl[seq] = (struct ping_flight){ .sent_ns = now, .target = ti, .nth = (uint16_t)t->sent,
					   .state = PF_WAIT };
	m->tail++;
	m->open++;
	t->sent++;
	m->transmitted++;
	if (count_mode(p) && t->sent < p->o.count)
		queue_push(m, ti, now + m->period_ns);
	return seq;
}

/**
 * local_error() - request @seq could not leave: an error of its target's
 * (its wait still runs, so a retry keeps the pace)
 * @p: the run; @seq: the request; @err: errno
 */
static void local_error(struct ping *p, uint16_t seq, int err)
{
	struct ping_multi *m = p->multi;
	struct ping_flight *f = &m->fl[seq];
	struct ping_target *t = &m->t[f->target];

	f->state = PF_DONE;
	t->errors++;
	m->errors++;
	ping_multi_out_local(p, t, f->nth, err);
}

/**
 * finished() - every target asked all it will be asked and no answer due
 * @p: the run
 *
 * Return: true when the run is over.
 */
static bool finished(const struct ping *p)
{
	const struct ping_multi *m = p->multi;

	if (m->cursor < m->n || m->qlen)
		return false;
	if (!count_mode(p))
		return m->alive + m->unreach == m->n;
	return !m->open;
}

/**
 * wake_at() - when the loop must look again: the next request due, the
 * oldest wait over, the deadline
 * @p: the run; @now: time
 *
 * Return: monotonic time.
 */
static uint64_t wake_at(const struct ping *p, uint64_t now)
{
	const struct ping_multi *m = p->multi;
	uint64_t w = now + 1000000000ULL;
	bool room = m->tail - m->head < PING_FLIGHT;

	if (room && m->cursor < m->n && m->next_send < w)
		w = m->next_send;
	if (room && m->qlen) {
		uint64_t d = m->q[m->qhead].due_ns;

		d = d > m->next_send ? d : m->next_send;
		if (d < w)
			w = d;
	}
	if (m->head < m->tail) {
		uint64_t d = m->fl[m->head % PING_FLIGHT].sent_ns + m->timeout_ns;

		if (d < w)
			w = d;
	}
	if (p->o.deadline_ns && p->start_ns + p->o.deadline_ns < w)
		w = p->start_ns + p->o.deadline_ns;
	return w > now ? w : now;
}

/**
 * send_due() - every request due now, at the rate, PING_BATCH per
 * sendmmsg()
 * @p: the run; @now: time
 *
 * Return: 0, or -1 on a fatal socket error.
 */
static int send_due(struct ping *p, uint64_t now)
{
	struct ping_multi *m = p->multi;
	uint32_t dst[PING_BATCH], ti;
	uint16_t seq[PING_BATCH];
	int res[PING_BATCH];
	unsigned n;

	if (m->next_send + BURST * m->gap_ns < now)
		m->next_send = now - BURST * m->gap_ns;
	do {
		n = 0;
		while (n < PING_BATCH && m->next_send <= now && m->tail - m->head < PING_FLIGHT &&
		       next_target(m, now, &ti)) {
			seq[n] = take_seq(p, ti, now);
			dst[n++] = m->t[ti].addr;
			m->next_send += m->gap_ns;
		}
		if (n && ping_send_batch(p, dst, seq, res, n) < 0)
			return -1;
		for (unsigned i = 0; i < n; i++)
			if (res[i])
				local_error(p, seq[i], res[i]);
	} while (n == PING_BATCH);
	return 0;
}

/**
 * run_loop() - send at the rate, read, expire, until every target is done,
 * the deadline or a signal
 * @p: the run
 *
 * Return: 0, or -1 on a fatal socket error.
 */
static int run_loop(struct ping *p)
{
	struct ping_multi *m = p->multi;

	m->next_send = p->start_ns;
	while (!stop_flag) {
		uint64_t now = ping_now_ns(), w;
		struct pollfd pf = { .fd = p->fd, .events = POLLIN | POLLERR };
		struct timespec ts;

		if (p->o.deadline_ns && now - p->start_ns >= p->o.deadline_ns)
			break;
		expire(p, now);
		if (send_due(p, now) < 0)
			return -1;
		if (finished(p))
			break;
		w = wake_at(p, ping_now_ns()) - ping_now_ns();
		if ((int64_t)w < 0)
			w = 0;
		ts.tv_sec = (time_t)(w / 1000000000ULL);
		ts.tv_nsec = (long)(w % 1000000000ULL);
		if (ppoll(&pf, 1, &ts, NULL) < 0 && errno != EINTR)
			return -1;
		if (pf.revents && ping_recv(p, pf.revents & POLLERR) < 0)
			return -1;
		if (finished(p))
			break;
	}
	return 0;
}

/**
 * ping_multi_quoted() - whether request @seq to @dst is in flight
 * @p: the run; @dst: its destination; @seq: its Sequence
 *
 * Return: true when it is.
 */
bool ping_multi_quoted(const struct ping *p, uint32_t dst, unsigned seq)
{
	const struct ping_multi *m = p->multi;
	const struct ping_flight *f = &m->fl[seq % PING_FLIGHT];

	return f->state != PF_FREE && m->t[f->target].addr == dst;
}

/**
 * ping_multi_reply() - an Echo Reply with our Identifier, to its target
 * @p: the run; @r: the reply; @badsum: checksum wrong; @len: ICMP octets;
 * @ttl: IP TTL or -1; @from: source; @rx_real: receive time
 */
void ping_multi_reply(struct ping *p, const struct ik_icmp_repr *r, bool badsum, size_t len,
		      int ttl, uint32_t from, const struct timespec *rx_real)
{
	struct ping_multi *m = p->multi;
	unsigned seq = r->u.echo.seq;
	struct ping_flight *f = &m->fl[seq % PING_FLIGHT];
	struct ping_target *t = &m->t[f->target];
	char a[16], b[16];
	long long rtt;

	if (f->state == PF_FREE || t->addr != from) {
		if (p->o.verbose || p->o.run.trace)
			ping_out_trace(p, "Echo Reply id=%u seq=%u from %s: %s, ignored", r->u.echo.ident,
				       seq, ik_ipv4_addr_str(from, a),
				       f->state == PF_FREE ? "no request in flight with that Sequence"
							   : "that Sequence went to another target");
		return;
	}
	rtt = ping_rtt_us(p, f->sent_ns, rx_real);
	if (p->o.verbose || p->o.run.trace)
		ping_out_trace(p, "Echo Reply id=%u seq=%u from %s: Identifier ours, Sequence %u was "
			       "request %u to target %u (%s)%s", r->u.echo.ident, seq,
			       ik_ipv4_addr_str(from, a), seq, f->nth + 1u, f->target + 1u,
			       ik_ipv4_addr_str(t->addr, b),
			       badsum ? ": bad checksum" : f->state == PF_ANSWERED ? ": a duplicate" :
			       f->state == PF_WAIT ? "" : ": after its wait, ignored");
	if (badsum) {
		ping_multi_out_reply(p, t, f->nth, len, ttl, rtt, false, true);
		return;
	}
	if (f->state == PF_ANSWERED) {
		t->dups++;
		m->dups++;
		ping_multi_out_reply(p, t, f->nth, len, ttl, rtt, true, false);
		return;
	}
	if (f->state != PF_WAIT)
		return;
	f->state = PF_ANSWERED;
	m->open--;
	t->recv++;
	m->received++;
	if ((uint64_t)rtt < t->tmin)
		t->tmin = (uint32_t)rtt;
	if ((uint64_t)rtt > t->tmax)
		t->tmax = rtt > UINT32_MAX ? UINT32_MAX : (uint32_t)rtt;
	t->tsum += (uint64_t)rtt;
	ping_multi_out_reply(p, t, f->nth, len, ttl, rtt, false, false);
	if (!count_mode(p) && t->state == PT_PENDING)
		decide(p, t, PT_ALIVE);
}

/**
 * ping_multi_error() - an ICMP error about request @seq
 * @p: the run; @from: its sender; @type / @code / @info: the error; @seq:
 * the request; @how: how it was matched
 */
void ping_multi_error(struct ping *p, uint32_t from, uint8_t type, uint8_t code, uint32_t info,
		      unsigned seq, const char *how)
{
	struct ping_multi *m = p->multi;
	struct ping_flight *f = &m->fl[seq % PING_FLIGHT];
	struct ping_target *t = &m->t[f->target];
	char a[16], b[16];

	if (p->o.run.trace)
		ping_out_trace(p, "ICMP type %u code %u from %s matched to seq=%u (target %s) by %s", type,
			       code, ik_ipv4_addr_str(from, a), seq, ik_ipv4_addr_str(t->addr, b), how);
	ping_multi_out_error(p, t, f->nth, from, type, code, info);
	/* as iputils: Redirect and Source Quench are reported, not counted */
	if (type == IK_ICMP_REDIRECT || type == IK_ICMP_SOURCEQUENCH)
		return;
	t->errors++;
	m->errors++;
	if (f->state == PF_WAIT)
		f->state = PF_DONE;
}

/**
 * setup() - the run's tables and timing from the options
 * @p: the run
 *
 * Return: 0, or -1 (out of memory: message printed).
 */
static int setup(struct ping *p)
{
	struct ping_multi *m = p->multi;
	int big = 8 << 20;

	m->fl = calloc(PING_FLIGHT, sizeof(*m->fl));
	m->q = calloc(m->n, sizeof(*m->q));
	if (!m->fl || !m->q) {
		fprintf(stderr, "icmpkit ping: out of memory\n");
		return -1;
	}
	m->gap_ns = 1000000000ULL / p->o.rate;
	m->period_ns = p->o.interval_given ? p->o.interval_ns : 1000000000ULL;
	m->timeout_ns = p->o.wait_given ? p->o.wait_ns : 500000000ULL;
	if (!m->timeout_ns)
		m->timeout_ns = 1000000;
	m->tries = 1 + p->o.retries;
	/* replies of a sweep arrive in bursts: room for them (as root beyond
	 * net.core.rmem_max) */
	if (setsockopt(p->fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big)) < 0)
		setsockopt(p->fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	return 0;
}

/**
 * ping_multi_run() - fping's mode from the socket to the summary
 * @p: the run
 *
 * Return: 0 when every target answered, 1 when one did not, 2 on a fatal
 * error.
 */
int ping_multi_run(struct ping *p)
{
	struct ping_multi *m = p->multi;
	struct sigaction sa = { .sa_handler = on_signal };
	int rc;

	if (setup(p) < 0)
		return IK_EXIT_USAGE;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (p->o.verbose && !p->o.run.json)
		printf("%u targets, %s socket, Identifier %u: each reply goes to its target by "
		       "Sequence Number\n", m->n, p->dgram ? "ICMP datagram" : "raw ICMP", p->ident);
	p->start_ns = p->last_ns = ping_now_ns();
	rc = run_loop(p);
	if (rc < 0)
		fprintf(stderr, "icmpkit ping: %s\n", strerror(errno));
	/* what an interrupted run did not decide */
	for (uint32_t i = 0; i < m->n; i++)
		if (m->t[i].state == PT_PENDING)
			decide(p, &m->t[i], m->t[i].recv ? PT_ALIVE : PT_UNREACH);
	ping_multi_out_summary(p, ping_now_ns() - p->start_ns);
	free(m->fl);
	free(m->q);
	if (rc < 0)
		return IK_EXIT_USAGE;
	return m->alive == m->n ? IK_EXIT_OK : IK_EXIT_FAIL;
}
