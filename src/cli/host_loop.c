// SPDX-License-Identifier: MIT
/* host_loop.c - `icmpkit host`: the loop between the TUN and the stack
 *
 * Without --busy-poll the loop's only system calls per echo are one blocking
 * read() of the TUN and the reply's write(). Everything else that must wake
 * it - SIGINT/SIGTERM, the stack's timers, --stats-interval, --duration -
 * arrives as a signal whose handler only sets a flag; the handlers are
 * installed without SA_RESTART, so the read fails with EINTR and the loop
 * looks at the flags. One POSIX timer (CLOCK_MONOTONIC, SIGALRM) carries
 * every deadline; it is re-armed only when an earlier deadline appears (a
 * later one lets it fire early, harmlessly), so not per packet. A signal
 * that lands between the last look at the flags and the read() would be
 * missed, so the timer always repeats every millisecond once it has fired
 * (until the loop re-arms it), and SIGINT/SIGTERM's handler arms it so: the
 * read is interrupted again at most 1 ms later.
 *
 * A blocking read that returns at once found a burst queued: the rest of
 * it (up to --batch) is read with preadv2(RWF_NOWAIT), which needs no
 * O_NONBLOCK toggling, and handled together (see run_plain()).
 *
 * With --busy-poll the loop polls the TUN with non-blocking reads instead
 * of sleeping (see run_busy()) and looks at the same flags between polls.
 *
 * Lines for stdout (--trace, raw printers, --stats-interval) go through
 * h->out, a stream on descriptor 1 whose writes are retried on EINTR, so a
 * signal never loses output (glibc's stdout would drop a buffer whose
 * write() failed); it is flushed after every burst and before every wait.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "icmpkit/err.h"

#include "host.h"

#define TICK_SIG    SIGALRM
#define REPEAT_NS   1000000u   /* the timer's repetition once fired, 1 ms */
#define ARMED_NONE  UINT64_MAX /* timer disarmed */
#define ARMED_FIRED 0          /* fired: repeating until re-armed */
#define OUT_BUF     65536
#define WAITED_NS   2000u      /* a blocking read that took longer slept */
#define BUSY_IDLE_NS 100000000u /* --busy-poll: sleep after 100 ms without a packet */

/* Written by the signal handlers, read by the loop. */
static volatile sig_atomic_t stop_signo;
static volatile sig_atomic_t ticked;
static timer_t tick_timer;
static volatile sig_atomic_t have_timer;

/** struct loop - the loop's own state */
struct loop {
	uint64_t now;        /* time of the last look at the clock */
	uint64_t deadline;   /* the stack's next timer */
	uint64_t next_stats; /* next --stats-interval line */
	uint64_t end;        /* --duration */
	uint64_t armed;      /* what the timer is set to (ARMED_*) */
	bool nowait;         /* ik_tun_read(IK_TUN_NOWAIT) works */
	bool blocking;       /* the TUN descriptor is in blocking mode */
	bool read_ahead;     /* after a datagram, read on while more are queued */
};

/**
 * host_now() - CLOCK_MONOTONIC in ns
 * Return: time.
 */
uint64_t host_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/**
 * host_xmit() - write one datagram of the stack to the TUN
 * @ctx: struct host; @ifindex / @next_hop: unused; @pkt / @len: datagram;
 * @now: time
 *
 * Return: 0, or -IK_EAGAIN (counted in Host.TxErrors).
 */
int host_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt, size_t len,
	      uint64_t now)
{
	struct host *h = ctx;

	(void)ifindex;
	(void)next_hop;
	if (ik_tun_write(h->tun.fd, pkt, len) < 0) {
		h->c.tx_errors++;
		return -IK_EAGAIN;
	}
	h->c.tx_packets++;
	h->c.tx_octets += len;
	if (h->pcap)
		ik_pcap_writer_put(h->pcap, pkt, len, now + h->pcap_off);
	return 0;
}

/**
 * host_trace() - one "trace:" line per stack event
 * @ctx: struct host; @ev: event
 *
 * "trace: SECONDS LAYER KIND WHAT: WHY", seconds since start, on h->out.
 */
void host_trace(void *ctx, const struct ik_event *ev)
{
	struct host *h = ctx;
	uint64_t t = ev->now >= h->t0 ? ev->now - h->t0 : 0;

	h->out_dirty = true;
	fprintf(h->out ? h->out : stdout, "trace: %llu.%06llu %s %s %s: %s\n",
		(unsigned long long)(t / 1000000000u),
		(unsigned long long)(t % 1000000000u / 1000u), ik_layer_name(ev->layer),
		ik_ev_kind_name(ev->kind), ev->what ? ev->what : "-", ev->why ? ev->why : "");
}

/**
 * report() - fill a struct host_report of @h now
 * @h: host; @r: filled; @now: time
 */
static void report(const struct host *h, struct host_report *r, uint64_t now)
{
	r->mib = ik_stack_mib(h->s);
	r->c = &h->c;
	r->apps = &h->apps;
	r->seconds = (double)(now - h->t0) / 1e9;
	r->reason = h->reason;
}

/* ---- signals and the timer ---------------------------------------------- */

/**
 * arm_repeat() - make the timer fire in 1 ms and every 1 ms after
 *
 * Async-signal-safe (timer_settime is); errno kept.
 */
static void arm_repeat(void)
{
	static const struct itimerspec its = { .it_value = { 0, REPEAT_NS },
					       .it_interval = { 0, REPEAT_NS } };
	int e = errno;

	if (have_timer)
		timer_settime(tick_timer, 0, &its, NULL);
	errno = e;
}

/**
 * on_stop() - SIGINT/SIGTERM: remember it, and keep interrupting the read
 * @signo: signal
 */
static void on_stop(int signo)
{
	stop_signo = signo;
	arm_repeat();
}

/**
 * on_tick() - the timer fired
 * @signo: unused
 */
static void on_tick(int signo)
{
	(void)signo;
	ticked = 1;
}

/**
 * arm_at() - set the timer to @when (absolute CLOCK_MONOTONIC ns), repeating
 * every 1 ms after it; UINT64_MAX disarms it
 * @l: loop; @when: deadline
 */
static void arm_at(struct loop *l, uint64_t when)
{
	struct itimerspec its = { 0 };

	if (when != UINT64_MAX) {
		its.it_value.tv_sec = (time_t)(when / 1000000000u);
		its.it_value.tv_nsec = (long)(when % 1000000000u);
		its.it_interval.tv_nsec = REPEAT_NS;
	}
	if (timer_settime(tick_timer, TIMER_ABSTIME, &its, NULL) == 0)
		l->armed = when;
}

/**
 * host_loop_signals() - the signals the loop handles (SIGINT, SIGTERM and
 * its timer's)
 * @set: filled
 */
void host_loop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, TICK_SIG);
}

/**
 * out_write() - the h->out stream's write: all of it, retried on EINTR
 * @cookie: unused; @buf / @size: data
 *
 * Return: @size, or -1 on an error other than EINTR.
 */
static ssize_t out_write(void *cookie, const char *buf, size_t size)
{
	size_t done = 0;

	(void)cookie;
	while (done < size) {
		ssize_t r = write(STDOUT_FILENO, buf + done, size - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return done ? (ssize_t)done : -1;
		done += (size_t)r;
	}
	return (ssize_t)size;
}

/**
 * loop_begin() - timer, handlers, output stream, TUN mode; then unblock
 * the signals (one that came during setup is handled now)
 * @h: host; @l: loop
 *
 * Return: 0, or a negative errno (h->reason says which step).
 */
static int loop_begin(struct host *h, struct loop *l)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = TICK_SIG };
	struct sigaction sa = { 0 };
	cookie_io_functions_t io = { .write = out_write };
	sigset_t set;
	int r;

	stop_signo = 0;
	ticked = 0;
	l->armed = ARMED_NONE;
	l->end = h->a->duration_ns ? h->t0 + h->a->duration_ns : UINT64_MAX;
	l->next_stats = h->a->stats_ns ? h->t0 + h->a->stats_ns : UINT64_MAX;
	fflush(stdout);
	h->out = fopencookie(NULL, "w", io);
	if (!h->out)
		return h->reason = "fopencookie", -ENOMEM;
	setvbuf(h->out, NULL, _IOFBF, OUT_BUF);
	if (timer_create(CLOCK_MONOTONIC, &sev, &tick_timer) < 0)
		return h->reason = "timer_create", -errno;
	have_timer = 1;
	host_loop_signals(&set);
	sa.sa_mask = set; /* no SA_RESTART: a waiting read() fails with EINTR */
	sa.sa_handler = on_tick;
	sigaction(TICK_SIG, &sa, NULL);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* Blocking reads; RWF_NOWAIT assumed until a read says otherwise. */
	l->nowait = true;
	l->blocking = true;
	r = ik_tun_set_blocking(h->tun.fd, true);
	if (r < 0)
		return h->reason = "fcntl", r;
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	l->now = host_now();
	l->deadline = ik_stack_poll(h->s, l->now);
	return 0;
}

/**
 * loop_end() - block the signals again, delete the timer, and go back to
 * stdout (flushed) for what follows the loop
 * @h: host
 */
static void loop_end(struct host *h)
{
	sigset_t set;

	host_loop_signals(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (have_timer) {
		have_timer = 0;
		timer_delete(tick_timer);
	}
	if (h->out && h->out != stdout)
		fclose(h->out); /* flushes it */
	h->out = stdout;
	h->out_dirty = false;
}

/* ---- the packet path ------------------------------------------------------ */

/**
 * flush_out() - flush h->out when lines were written since the last flush
 * @h: host
 */
static void flush_out(struct host *h)
{
	if (h->out_dirty) {
		fflush(h->out);
		h->out_dirty = false;
	}
}

/**
 * handle_one() - give one datagram to the stack
 * @h: host; @now: time; @pkt / @len: datagram
 *
 * Return: true when --count-limit is reached.
 */
static bool handle_one(struct host *h, uint64_t now, const uint8_t *pkt, size_t len)
{
	h->c.rx_packets++;
	h->c.rx_octets += len;
	if (h->pcap)
		ik_pcap_writer_put(h->pcap, pkt, len, now + h->pcap_off);
	if (len < 1 || (pkt[0] >> 4) != 4)
		h->c.rx_not_ipv4++;
	else if (ik_stack_input(h->s, h->ifindex, pkt, len, 0, now) < 0)
		h->c.rx_dropped++;
	return h->a->count_limit && h->c.rx_packets >= h->a->count_limit;
}

/**
 * housekeeping() - flags, the stack's timers, stats lines, --duration
 * @h: host; @l: loop (l->now current enough)
 *
 * Return: true when the loop must stop (h->reason set).
 */
static bool housekeeping(struct host *h, struct loop *l)
{
	uint64_t now = l->now;

	if (stop_signo) {
		h->reason = stop_signo == SIGINT ? "SIGINT" : "SIGTERM";
		return true;
	}
	if (ticked) {
		ticked = 0;
		l->armed = ARMED_FIRED;
	}
	if (now >= l->deadline)
		l->deadline = ik_stack_poll(h->s, now); /* may trace: flushed below */
	if (now >= l->next_stats) {
		struct host_report r;

		report(h, &r, now);
		r.reason = NULL;
		host_stats_line(h->out, &r, h->a->json);
		h->out_dirty = true;
		while (l->next_stats <= now)
			l->next_stats += h->a->stats_ns;
	}
	flush_out(h);
	if (now >= l->end) {
		h->reason = "duration";
		return true;
	}
	return false;
}

/**
 * before_wait() - about to wait: make sure the timer will wake us at the
 * earliest deadline, then look at the flags one last time
 * @l: loop
 *
 * Return: true when a signal came (the caller goes back to housekeeping()).
 */
static bool before_wait(struct loop *l)
{
	uint64_t want = l->deadline;

	if (l->next_stats < want)
		want = l->next_stats;
	if (l->end < want)
		want = l->end;
	/* A later deadline than the armed one only costs an early tick. */
	if (l->armed == ARMED_FIRED || want < l->armed)
		arm_at(l, want);
	return stop_signo || ticked;
}

/**
 * read_nowait() - one read that never waits: RWF_NOWAIT on the blocking
 * descriptor, or (without it) a read of the descriptor made non-blocking
 * @h: host; @l: loop; @slot: buffer
 *
 * Return: as ik_tun_read().
 */
static ssize_t read_nowait(struct host *h, struct loop *l, uint8_t *slot)
{
	ssize_t r;

	if (l->nowait) {
		r = ik_tun_read(h->tun.fd, slot, IK_TUN_NOWAIT);
		if (r != -EOPNOTSUPP)
			return r;
		l->nowait = false;
	}
	if (l->blocking) {
		r = ik_tun_set_blocking(h->tun.fd, false);
		if (r < 0)
			return r;
		l->blocking = false;
	}
	return ik_tun_read(h->tun.fd, slot, 0);
}

/**
 * read_wait() - one read that waits for a datagram (or a signal)
 * @h: host; @l: loop; @slot: buffer
 *
 * Return: as ik_tun_read().
 */
static ssize_t read_wait(struct host *h, struct loop *l, uint8_t *slot)
{
	if (!l->blocking) {
		int r = ik_tun_set_blocking(h->tun.fd, true);

		if (r < 0)
			return r;
		l->blocking = true;
	}
	return ik_tun_read(h->tun.fd, slot, 0);
}

/**
 * read_burst() - after a first datagram in slot 0, read on without waiting
 * while more are queued, up to --batch
 * @h: host; @l: loop; @first: the first read's result (>= 0 or -EMSGSIZE)
 *
 * Return: datagrams held (truncated ones are counted and dropped), or a
 * negative errno (fatal).
 */
static int read_burst(struct host *h, struct loop *l, ssize_t first)
{
	struct ik_tun_batch *b = &h->batch;

	b->n = 0;
	if (first == -EMSGSIZE)
		h->c.rx_truncated++;
	else
		b->len[b->n++] = (size_t)first;
	if (!l->read_ahead)
		return (int)b->n;
	for (unsigned k = 1; k < b->cap; k++) {
		ssize_t r = read_nowait(h, l, b->buf + (size_t)b->n * IK_TUN_SLOT);

		if (r == -EAGAIN || r == -EINTR)
			return (int)b->n;
		if (r == -EMSGSIZE) {
			h->c.rx_truncated++;
			continue;
		}
		if (r < 0)
			return (int)r;
		b->len[b->n++] = (size_t)r;
	}
	h->c.full_batches++;
	return (int)b->n;
}

/**
 * handle_burst() - read the rest of a burst, give it to the stack, serve
 * the application sockets, learn the stack's next timer, flush the output
 * @h: host; @l: loop; @first: the first read's result (a failure other
 * than -EMSGSIZE is fatal); @now: the time it returned
 *
 * Return: 0, 1 at --count-limit (h->reason set), or a negative errno.
 */
static int handle_burst(struct host *h, struct loop *l, ssize_t first, uint64_t now)
{
	const struct ik_tun_batch *b = &h->batch;
	bool limit = false;
	int n;

	if (first < 0 && first != -EMSGSIZE) { /* the first read failed */
		h->reason = "TUN read";
		return (int)first;
	}
	n = read_burst(h, l, first);
	if (n < 0) {
		h->reason = "TUN read";
		return n;
	}
	l->now = now;
	for (int i = 0; i < n && !limit; i++)
		limit = handle_one(h, l->now, ik_tun_batch_pkt(b, (unsigned)i), b->len[i]);
	/* what the burst fed the application sockets, and the timers it may
	 * have started (fragments) */
	if (host_apps_drain(&h->apps, h->s, l->now, h->out))
		h->out_dirty = true;
	l->deadline = ik_stack_deadline(h->s);
	flush_out(h);
	if (limit)
		h->reason = "count-limit";
	return limit;
}

/**
 * wait_packet() - arm the timer, then wait in a blocking read
 * @h: host; @l: loop
 *
 * Return: the read's result; -EINTR also when a signal came before it
 * (l->now is then refreshed for housekeeping()).
 */
static ssize_t wait_packet(struct host *h, struct loop *l)
{
	ssize_t r;

	if (before_wait(l)) {
		l->now = host_now();
		return -EINTR;
	}
	r = read_wait(h, l, h->batch.buf);
	if (r == -EINTR || r == -EAGAIN) {
		l->now = host_now();
		return -EINTR;
	}
	return r;
}

/**
 * run_plain() - a blocking read, then the packet; again
 * @h: host; @l: loop
 *
 * A read that came back at once (under WAITED_NS) found packets queued:
 * then the rest of the burst is read without waiting and handled together
 * (one flush of the output). A read that waited is a wake-up; reading ahead
 * after it would only cost a read that fails with EAGAIN.
 *
 * Return: 0 or 1 for a clean stop, or a negative errno.
 */
static int run_plain(struct host *h, struct loop *l)
{
	for (;;) {
		uint64_t t, now;
		ssize_t r;
		int rc;

		if (housekeeping(h, l))
			return 0;
		t = host_now();
		r = wait_packet(h, l);
		if (r == -EINTR)
			continue;
		now = host_now();
		l->read_ahead = now - t < WAITED_NS;
		if (!l->read_ahead)
			h->c.wakeups++;
		rc = handle_burst(h, l, r, now);
		if (rc)
			return rc;
	}
}

/* ---- --busy-poll ---------------------------------------------------------- */

/**
 * run_busy() - poll the TUN with non-blocking reads instead of sleeping
 * @h: host; @l: loop
 *
 * A plain read() of a non-blocking descriptor polls faster than
 * preadv2(RWF_NOWAIT) (measured: ~10% more round trips). Each packet is
 * handled as soon as it is read. After BUSY_IDLE_NS without a packet the
 * loop sleeps in a blocking read (as without --busy-poll) until the next
 * one, so an idle host does not keep a CPU busy.
 *
 * Return: 0 or 1 for a clean stop, or a negative errno.
 */
static int run_busy(struct host *h, struct loop *l)
{
	uint64_t last = l->now;
	bool idle = false;

	l->nowait = false; /* read() of the non-blocking descriptor */
	l->read_ahead = false;
	for (;;) {
		ssize_t r;
		int rc;

		if (housekeeping(h, l))
			return 0;
		r = read_nowait(h, l, h->batch.buf);
		if (r == -EAGAIN || r == -EINTR) {
			l->now = host_now();
			idle = true;
			if (l->now - last < BUSY_IDLE_NS)
				continue;
			r = wait_packet(h, l);
			if (r == -EINTR)
				continue;
		}
		if (idle)
			h->c.wakeups++;
		idle = false;
		rc = handle_burst(h, l, r, host_now());
		if (rc)
			return rc;
		last = l->now;
	}
}

/**
 * host_loop_run() - the loop
 * @h: host, set up (TUN open, stack configured, sockets open)
 *
 * SIGINT, SIGTERM and SIGALRM must be blocked on entry (a signal that came
 * during setup is then taken at once); they are blocked again on return,
 * and h->out is stdout again.
 *
 * Return: 0 after a clean stop (h->reason says why), or a negative errno.
 */
int host_loop_run(struct host *h)
{
	struct loop l = { 0 };
	int r;

	r = loop_begin(h, &l);
	if (r == 0)
		r = h->a->busy_poll ? run_busy(h, &l) : run_plain(h, &l);
	loop_end(h);
	return r < 0 ? r : 0;
}

/**
 * host_report_now() - fill @r with @h's counters at this moment
 * @h: host; @r: filled
 */
void host_report_now(const struct host *h, struct host_report *r)
{
	report(h, r, host_now());
}
