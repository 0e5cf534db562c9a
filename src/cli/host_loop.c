// SPDX-License-Identifier: MIT
/* host_loop.c - `icmpkit host`: the loop between the TUN and the stack
 *
 * Without --busy-poll the loop's only system calls per echo are one blocking
 * read() of the TUN and the reply's write(). Signals and the one timer that
 * carries every deadline interrupt the read (loop.c says how, and why none
 * is lost).
 *
 * A blocking read that returns at once found a burst queued: the rest of
 * it (up to --batch) is read with preadv2(RWF_NOWAIT), which needs no
 * O_NONBLOCK toggling, and handled together (see run_plain()).
 *
 * With --busy-poll the loop polls the TUN with non-blocking reads instead
 * of sleeping (see run_busy()) and looks at the same flags between polls.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "icmpkit/err.h"

#include "host.h"

#define WAITED_NS   2000u      /* a blocking read that took longer slept */
#define BUSY_IDLE_NS 100000000u /* --busy-poll: sleep after 100 ms without a packet */

/** struct loop - the host loop's own state besides struct cli_loop */
struct loop {
	struct cli_loop *c;  /* h->lp */
	bool nowait;         /* ik_tun_read(IK_TUN_NOWAIT) works */
	bool blocking;       /* the TUN descriptor is in blocking mode */
	bool read_ahead;     /* after a datagram, read on while more are queued */
};

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

int host_xmit6(void *ctx, unsigned ifindex, const uint8_t next_hop[16], const uint8_t *pkt,
	       size_t len, uint64_t now)
{
	(void)next_hop;
	return host_xmit(ctx, ifindex, 0, pkt, len, now);
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

	h->lp.out_dirty = true;
	cli_trace_print(h->lp.out ? h->lp.out : stdout, h->lp.t0, ev, NULL);
}

/**
 * report() - fill a struct host_report of @h now
 * @h: host; @r: filled; @now: time
 */
static void report(const struct host *h, struct host_report *r, uint64_t now)
{
	memset(r, 0, sizeof(*r));
	r->mib = ik_stack_mib(h->s);
	r->c = &h->c;
	r->apps = &h->apps;
	r->seconds = (double)(now - h->lp.t0) / 1e9;
	r->reason = h->lp.reason;
}

/**
 * stats_line() - the --stats-interval line (struct cli_loop's stats_line)
 * @ctx: struct host; @out: output; @now: time
 */
static void stats_line(void *ctx, FILE *out, uint64_t now)
{
	const struct host *h = ctx;
	struct host_report r;

	report(h, &r, now);
	r.reason = NULL;
	host_stats_line(out, &r, h->a->run.json);
}

/**
 * host_pcap_account() - flush --pcap, warn once when it failed, count what
 * it could not record
 * @h: host
 */
void host_pcap_account(struct host *h)
{
	int err;

	if (!h->pcap)
		return;
	ik_pcap_writer_flush(h->pcap);
	err = ik_pcap_writer_status(h->pcap, &h->c.pcap_dropped);
	cli_pcap_warn("host", h->a->run.pcap, err, &h->pcap_warned);
}

/**
 * tick() - once a second (struct cli_loop's tick): --pcap flushed, the TUN
 * still there and up
 * @ctx: struct host; @now: time
 *
 * Return: true to stop (the TUN was deleted or set down: a fault).
 */
static bool tick(void *ctx, uint64_t now)
{
	struct host *h = ctx;

	(void)now;
	host_pcap_account(h);
	if (cli_link_fault(&h->watch, h->why, sizeof(h->why))) {
		h->lp.reason = h->why;
		h->lp.fault = true;
		return true;
	}
	return false;
}

/* ---- the packet path ------------------------------------------------------ */

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
	if (len < 1 || ((pkt[0] >> 4) != 4 && ((pkt[0] >> 4) != 6 || !h->a->have6)))
		h->c.rx_not_ipv4++; /* neither IPv4 nor, with an IPv6 --addr, IPv6 */
	else if (ik_stack_input(h->s, h->ifindex, pkt, len, 0, now) < 0)
		h->c.rx_dropped++;
	return h->a->count_limit && h->c.rx_packets >= h->a->count_limit;
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
 * Return: 0, 1 at --count-limit (h->lp.reason set), or a negative errno.
 */
static int handle_burst(struct host *h, struct loop *l, ssize_t first, uint64_t now)
{
	const struct ik_tun_batch *b = &h->batch;
	bool limit = false;
	int n;

	if (first < 0 && first != -EMSGSIZE) { /* the first read failed */
		h->lp.reason = "TUN read";
		return (int)first;
	}
	n = read_burst(h, l, first);
	if (n < 0) {
		h->lp.reason = "TUN read";
		return n;
	}
	l->c->now = now;
	for (int i = 0; i < n && !limit; i++)
		limit = handle_one(h, now, ik_tun_batch_pkt(b, (unsigned)i), b->len[i]);
	/* what the burst fed the application sockets, and the timers it may
	 * have started (fragments) */
	if (host_apps_drain(&h->apps, h->s, now, h->lp.out))
		h->lp.out_dirty = true;
	l->c->deadline = ik_stack_deadline(h->s);
	cli_loop_flush(l->c);
	if (limit)
		h->lp.reason = "count-limit";
	return limit;
}

/**
 * wait_packet() - arm the timer, then wait in a blocking read
 * @h: host; @l: loop
 *
 * Return: the read's result; -EINTR also when a signal came before it
 * (the loop's time is then refreshed for cli_loop_housekeeping()).
 */
static ssize_t wait_packet(struct host *h, struct loop *l)
{
	ssize_t r;

	if (cli_loop_before_wait(l->c)) {
		l->c->now = cli_now();
		return -EINTR;
	}
	r = read_wait(h, l, h->batch.buf);
	if (r == -EINTR || r == -EAGAIN) {
		l->c->now = cli_now();
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

		if (cli_loop_housekeeping(l->c))
			return 0;
		t = cli_now();
		r = wait_packet(h, l);
		if (r == -EINTR)
			continue;
		now = cli_now();
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
	uint64_t last = l->c->now;
	bool idle = false;

	l->nowait = false; /* read() of the non-blocking descriptor */
	l->read_ahead = false;
	for (;;) {
		ssize_t r;
		int rc;

		if (cli_loop_housekeeping(l->c))
			return 0;
		r = read_nowait(h, l, h->batch.buf);
		if (r == -EAGAIN || r == -EINTR) {
			l->c->now = cli_now();
			idle = true;
			if (l->c->now - last < BUSY_IDLE_NS)
				continue;
			r = wait_packet(h, l);
			if (r == -EINTR)
				continue;
		}
		if (idle)
			h->c.wakeups++;
		idle = false;
		rc = handle_burst(h, l, r, cli_now());
		if (rc)
			return rc;
		last = l->c->now;
	}
}

/**
 * host_loop_run() - the loop
 * @h: host, set up (TUN open, stack configured, sockets open)
 *
 * SIGINT, SIGTERM and SIGALRM must be blocked on entry (a signal that came
 * during setup is then taken at once); they are blocked again on return,
 * and h->lp.out is stdout again.
 *
 * Return: 0 after a clean stop (h->lp.reason says why), or a negative errno.
 */
int host_loop_run(struct host *h)
{
	struct loop l = { .c = &h->lp };
	int r;

	h->lp.s = h->s;
	h->lp.stats_ns = h->a->run.stats_ns;
	h->lp.duration_ns = h->a->run.duration_ns;
	h->lp.stats_line = stats_line;
	h->lp.tick = tick;
	h->lp.ctx = h;
	/* Blocking reads; RWF_NOWAIT assumed until a read says otherwise. */
	l.nowait = true;
	l.blocking = true;
	r = ik_tun_set_blocking(h->tun.fd, true);
	if (r < 0)
		h->lp.reason = "fcntl";
	else
		r = cli_loop_begin(&h->lp);
	if (r == 0)
		r = h->a->run.busy_poll ? run_busy(h, &l) : run_plain(h, &l);
	cli_loop_end(&h->lp);
	return r < 0 ? r : 0;
}

/**
 * host_report_now() - fill @r with @h's counters at this moment
 * @h: host; @r: filled
 */
void host_report_now(const struct host *h, struct host_report *r)
{
	report(h, r, cli_now());
}
