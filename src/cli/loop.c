// SPDX-License-Identifier: MIT
/* loop.c - what the TUN loops of `icmpkit host` and `icmpkit router` share
 *
 * Everything that must wake a loop waiting in a read() or poll() -
 * SIGINT/SIGTERM, the stack's timers, --stats-interval, --duration -
 * arrives as a signal whose handler only sets a flag; the handlers are
 * installed without SA_RESTART, so the wait fails with EINTR and the loop
 * looks at the flags. One POSIX timer (CLOCK_MONOTONIC, SIGALRM) carries
 * every deadline; it is re-armed only when an earlier deadline appears (a
 * later one lets it fire early, harmlessly), so not per packet. A signal
 * that lands between the last look at the flags and the wait would be
 * missed, so the timer always repeats every millisecond once it has fired
 * (until the loop re-arms it), and SIGINT/SIGTERM's handler arms it so: the
 * wait is interrupted again at most 1 ms later.
 *
 * Lines for stdout (--trace, raw printers, --stats-interval) go through
 * l->out, a stream on descriptor 1 whose writes are retried on EINTR, so a
 * signal never loses output (glibc's stdout would drop a buffer whose
 * write() failed); the loops flush it after every burst and before every
 * wait.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "loop.h"

#define TICK_SIG    SIGALRM
#define REPEAT_NS   1000000u   /* the timer's repetition once fired, 1 ms */
#define ARMED_NONE  UINT64_MAX /* timer disarmed */
#define ARMED_FIRED 0          /* fired: repeating until re-armed */
#define OUT_BUF     65536

/* Written by the signal handlers, read by the loop. */
static volatile sig_atomic_t stop_signo;
static volatile sig_atomic_t ticked;
static timer_t tick_timer;
static volatile sig_atomic_t have_timer;
static int out_closed; /* a write to stdout met EPIPE: stop */

/**
 * cli_now() - CLOCK_MONOTONIC in ns
 *
 * Return: time.
 */
uint64_t cli_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

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
 * on_stop() - SIGINT/SIGTERM: remember it, and keep interrupting the wait
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
static void arm_at(struct cli_loop *l, uint64_t when)
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
 * cli_loop_signals() - SIGINT, SIGTERM and the timer's signal
 * @set: filled
 */
void cli_loop_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, TICK_SIG);
}

/**
 * out_write() - the loop stream's write: all of it, retried on EINTR
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
		if (r <= 0) {
			if (r < 0 && errno == EPIPE)
				out_closed = 1;
			return done ? (ssize_t)done : -1;
		}
		done += (size_t)r;
	}
	return (ssize_t)size;
}

/**
 * cli_loop_begin() - output stream, timer, handlers; then unblock the
 * signals and run the stack's timers once
 * @l: loop
 *
 * Return: 0, or a negative errno (l->reason says which step).
 */
int cli_loop_begin(struct cli_loop *l)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = TICK_SIG };
	struct sigaction sa = { 0 };
	cookie_io_functions_t io = { .write = out_write };
	sigset_t set;

	stop_signo = 0;
	ticked = 0;
	out_closed = 0;
	l->next_tick = l->tick ? l->t0 + CLI_TICK_NS : UINT64_MAX;
	l->armed = ARMED_NONE;
	l->end = l->duration_ns ? l->t0 + l->duration_ns : UINT64_MAX;
	l->next_stats = l->stats_ns ? l->t0 + l->stats_ns : UINT64_MAX;
	fflush(stdout);
	l->out = fopencookie(NULL, "w", io);
	if (!l->out) {
		l->out = stdout;
		return l->reason = "fopencookie", -ENOMEM;
	}
	setvbuf(l->out, NULL, _IOFBF, OUT_BUF);
	if (timer_create(CLOCK_MONOTONIC, &sev, &tick_timer) < 0)
		return l->reason = "timer_create", -errno;
	have_timer = 1;
	cli_loop_signals(&set);
	sa.sa_mask = set; /* no SA_RESTART: a waiting read() or poll() fails with EINTR */
	sa.sa_handler = on_tick;
	sigaction(TICK_SIG, &sa, NULL);
	sa.sa_handler = on_stop;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	l->now = cli_now();
	l->deadline = ik_stack_poll(l->s, l->now);
	return 0;
}

/**
 * cli_loop_end() - block the signals again, delete the timer, back to
 * stdout
 * @l: loop
 */
void cli_loop_end(struct cli_loop *l)
{
	sigset_t set;

	cli_loop_signals(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	if (have_timer) {
		have_timer = 0;
		timer_delete(tick_timer);
	}
	if (l->out && l->out != stdout)
		fclose(l->out); /* flushes it */
	l->out = stdout;
	l->out_dirty = false;
}

/**
 * cli_loop_flush() - flush l->out when lines were written since the last
 * flush
 * @l: loop
 */
void cli_loop_flush(struct cli_loop *l)
{
	if (l->out_dirty) {
		fflush(l->out);
		l->out_dirty = false;
	}
}

/**
 * cli_loop_housekeeping() - flags, the stack's timers, stats lines,
 * --duration
 * @l: loop
 *
 * Return: true when the loop must stop (l->reason set).
 */
bool cli_loop_housekeeping(struct cli_loop *l)
{
	uint64_t now = l->now;

	if (stop_signo) {
		l->reason = stop_signo == SIGINT ? "SIGINT" : "SIGTERM";
		return true;
	}
	if (ticked) {
		ticked = 0;
		l->armed = ARMED_FIRED;
	}
	if (now >= l->deadline)
		l->deadline = ik_stack_poll(l->s, now); /* may trace: flushed below */
	if (now >= l->next_stats) {
		l->stats_line(l->ctx, l->out, now);
		l->out_dirty = true;
		while (l->next_stats <= now)
			l->next_stats += l->stats_ns;
	}
	if (now >= l->next_tick) {
		while (l->next_tick <= now)
			l->next_tick += CLI_TICK_NS;
		if (l->tick(l->ctx, now))
			return true;
	}
	cli_loop_flush(l);
	if (out_closed) {
		l->reason = "stdout closed";
		l->fault = true;
		return true;
	}
	if (now >= l->end) {
		l->reason = "duration";
		return true;
	}
	return false;
}

/**
 * cli_loop_before_wait() - arm the timer for the earliest deadline, then
 * look at the flags one last time
 * @l: loop
 *
 * Return: true when a signal came.
 */
bool cli_loop_before_wait(struct cli_loop *l)
{
	uint64_t want = l->deadline;

	if (l->next_stats < want)
		want = l->next_stats;
	if (l->end < want)
		want = l->end;
	if (l->next_tick < want)
		want = l->next_tick;
	/* A later deadline than the armed one only costs an early tick. */
	if (l->armed == ARMED_FIRED || want < l->armed)
		arm_at(l, want);
	return stop_signo || ticked;
}

/**
 * cli_trace_print() - one "trace:" line per stack event
 * @f: output; @t0: start; @ev: event; @ifname: interface name, or NULL to
 * leave the column out (host)
 */
void cli_trace_print(FILE *f, uint64_t t0, const struct ik_event *ev, const char *ifname)
{
	uint64_t t = ev->now >= t0 ? ev->now - t0 : 0;

	fprintf(f, "trace: %llu.%06llu %s%s%s %s %s: %s\n", (unsigned long long)(t / 1000000000u),
		(unsigned long long)(t % 1000000000u / 1000u), ifname ? ifname : "",
		ifname ? " " : "", ik_layer_name(ev->layer), ik_ev_kind_name(ev->kind),
		ev->what ? ev->what : "-", ev->why ? ev->why : "");
}
