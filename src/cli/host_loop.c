// SPDX-License-Identifier: MIT
/* host_loop.c - `icmpkit host`: the epoll loop between the TUN and the stack */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "icmpkit/err.h"
#include "icmpkit/sock.h"

#include "host.h"

/* Bursts handled per wakeup before epoll is asked again (signals, timers). */
#define MAX_BURSTS 16

enum { EV_TUN = 1, EV_SIG, EV_STATS };

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
 * "trace: SECONDS LAYER KIND WHAT: WHY", seconds since start.
 */
void host_trace(void *ctx, const struct ik_event *ev)
{
	struct host *h = ctx;
	uint64_t t = ev->now >= h->t0 ? ev->now - h->t0 : 0;

	h->out_dirty = true;
	printf("trace: %llu.%06llu %s %s %s: %s\n", (unsigned long long)(t / 1000000000u),
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

/**
 * flush_out() - flush stdout when lines were written since the last flush,
 * so a reader sees trace and raw lines as they happen
 * @h: host
 */
static void flush_out(struct host *h)
{
	if (h->out_dirty) {
		fflush(stdout);
		h->out_dirty = false;
	}
}

/**
 * handle_burst() - give one burst of packets to the stack
 * @h: host; @n: packets in h->batch; @now: time
 *
 * Return: true when --count-limit is reached.
 */
static bool handle_burst(struct host *h, unsigned n, uint64_t now)
{
	const struct ik_tun_batch *b = &h->batch;

	for (unsigned i = 0; i < n; i++) {
		const uint8_t *pkt = ik_tun_batch_pkt(b, i);
		size_t len = b->len[i];

		h->c.rx_packets++;
		h->c.rx_octets += len;
		if (h->pcap)
			ik_pcap_writer_put(h->pcap, pkt, len, now + h->pcap_off);
		if (len < 1 || (pkt[0] >> 4) != 4)
			h->c.rx_not_ipv4++;
		else if (ik_stack_input(h->s, h->ifindex, pkt, len, 0, now) < 0)
			h->c.rx_dropped++;
		if (h->a->count_limit && h->c.rx_packets >= h->a->count_limit)
			return true;
	}
	return false;
}

/**
 * drain_tun() - read and handle bursts until the TUN is empty
 * @h: host
 *
 * After each burst the application sockets are served and stdout flushed,
 * so replies and lines leave in the same wakeup.
 *
 * Return: 0, 1 when --count-limit stopped it, or a negative errno.
 */
static int drain_tun(struct host *h)
{
	for (unsigned k = 0; k < MAX_BURSTS; k++) {
		uint64_t trunc = h->batch.trunc;
		int n = ik_tun_read_batch(h->tun.fd, &h->batch);
		bool limit;
		uint64_t now;

		h->c.rx_truncated += h->batch.trunc - trunc;
		if (n < 0)
			return n;
		if (n == 0)
			return 0;
		now = host_now();
		limit = handle_burst(h, (unsigned)n, now);
		if (host_apps_drain(&h->apps, h->s, now, stdout))
			h->out_dirty = true;
		flush_out(h);
		if (limit)
			return 1;
		if ((unsigned)n < h->batch.cap)
			return 0;
		h->c.full_batches++;
	}
	return 0;
}

/**
 * timeout_ms() - how long epoll may sleep
 * @h: host; @now: time; @deadline: stack's next timer; @end: --duration end
 * (UINT64_MAX for none)
 *
 * Return: milliseconds (rounded up), 0 with --busy-poll, -1 for no limit.
 */
static int timeout_ms(const struct host *h, uint64_t now, uint64_t deadline, uint64_t end)
{
	uint64_t next = deadline < end ? deadline : end, ms;

	if (h->a->busy_poll)
		return 0;
	if (next == UINT64_MAX)
		return -1;
	if (next <= now)
		return 0;
	ms = (next - now + 999999u) / 1000000u;
	return ms > INT_MAX ? INT_MAX : (int)ms;
}

/**
 * add_fd() - watch @fd for input
 * @ep: epoll; @fd: descriptor; @tag: EV_*
 *
 * Return: 0, or a negative errno.
 */
static int add_fd(int ep, int fd, int tag)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = (uint32_t)tag };

	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

/**
 * open_fds() - epoll with the TUN, a signalfd and the stats timer
 * @h: host; @ep / @sig / @tim: out (-1 when unused)
 *
 * Return: 0, or a negative errno (h->reason says which).
 */
static int open_fds(struct host *h, int *ep, int *sig, int *tim)
{
	sigset_t set;
	int r;

	*ep = epoll_create1(EPOLL_CLOEXEC);
	if (*ep < 0)
		return h->reason = "epoll_create1", -errno;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	*sig = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (*sig < 0)
		return h->reason = "signalfd", -errno;
	if ((r = add_fd(*ep, h->tun.fd, EV_TUN)) < 0 || (r = add_fd(*ep, *sig, EV_SIG)) < 0)
		return h->reason = "epoll_ctl", r;
	if (h->a->stats_ns) {
		struct itimerspec its = {
			.it_interval = { (time_t)(h->a->stats_ns / 1000000000u),
					 (long)(h->a->stats_ns % 1000000000u) },
		};

		its.it_value = its.it_interval;
		*tim = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
		if (*tim < 0 || timerfd_settime(*tim, 0, &its, NULL) < 0)
			return h->reason = "timerfd", -errno;
		if ((r = add_fd(*ep, *tim, EV_STATS)) < 0)
			return h->reason = "epoll_ctl", r;
	}
	return 0;
}

/**
 * on_signal() - read the signal and name it as the stop reason
 * @h: host; @fd: signalfd
 *
 * Return: true when a signal was read.
 */
static bool on_signal(struct host *h, int fd)
{
	struct signalfd_siginfo si;

	if (read(fd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return false;
	h->reason = si.ssi_signo == SIGINT ? "SIGINT" : "SIGTERM";
	return true;
}

/**
 * on_stats() - the stats timer fired: print one line
 * @h: host; @fd: timerfd
 */
static void on_stats(struct host *h, int fd)
{
	struct host_report r;
	uint64_t ticks;

	if (read(fd, &ticks, sizeof(ticks)) != (ssize_t)sizeof(ticks))
		return;
	report(h, &r, host_now());
	r.reason = NULL;
	host_stats_line(stdout, &r, h->a->json);
}

/**
 * host_loop_run() - the loop
 * @h: host, set up (TUN open, stack configured, sockets open)
 *
 * SIGINT and SIGTERM must already be blocked (they arrive via signalfd).
 *
 * Return: 0 after a clean stop (h->reason says why), or a negative errno.
 */
int host_loop_run(struct host *h)
{
	struct epoll_event evs[4];
	uint64_t end = h->a->duration_ns ? h->t0 + h->a->duration_ns : UINT64_MAX;
	int ep = -1, sig = -1, tim = -1, r;

	r = open_fds(h, &ep, &sig, &tim);
	while (r == 0) {
		uint64_t now = host_now(), deadline = ik_stack_poll(h->s, now);
		int n;

		flush_out(h); /* timers may have traced (reassembly time-outs) */
		if (now >= end) {
			h->reason = "duration";
			break;
		}
		n = epoll_wait(ep, evs, (int)(sizeof(evs) / sizeof(evs[0])),
			       timeout_ms(h, now, deadline, end));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			h->reason = "epoll_wait";
			r = -errno;
			break;
		}
		if (n > 0)
			h->c.wakeups++;
		for (int i = 0; i < n && r == 0; i++) {
			switch (evs[i].data.u32) {
			case EV_TUN:
				r = drain_tun(h);
				if (r == 1) {
					h->reason = "count-limit";
				} else if (r < 0) {
					h->reason = "TUN read";
				} else if (evs[i].events & (EPOLLERR | EPOLLHUP)) {
					h->reason = "TUN closed";
					r = -EIO;
				}
				break;
			case EV_SIG:
				if (on_signal(h, sig))
					r = 1;
				break;
			case EV_STATS:
				on_stats(h, tim);
				break;
			}
		}
	}
	if (tim >= 0)
		close(tim);
	if (sig >= 0)
		close(sig);
	if (ep >= 0)
		close(ep);
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
