/* SPDX-License-Identifier: MIT */
/* loop.h - what the TUN loops of `icmpkit host` and `icmpkit router` share:
 * the clock, SIGINT/SIGTERM and the timer that carries every deadline, the
 * output stream, and the housekeeping between packets (loop.c) */
#ifndef ICMPKIT_CLI_LOOP_H
#define ICMPKIT_CLI_LOOP_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "icmpkit/stack.h"
#include "icmpkit/trace.h"

/**
 * struct cli_loop - one loop's timing, output and stop reason
 * @s:           the stack (set before cli_loop_begin())
 * @t0:          monotonic start (set before)
 * @stats_ns:    --stats-interval, 0 for none (set before)
 * @duration_ns: --duration, 0 for none (set before)
 * @stats_line:  prints one "stats:" line of @ctx at @now on @out (set before
 *               when @stats_ns is)
 * @tick:        called about once a second (set before, may be NULL):
 *               flush what must survive a kill, look at the devices;
 *               true stops the loop (it sets @reason)
 * @ctx:         passed to @stats_line and @tick
 * @out:         where trace/stats lines go: stdout, or the loop's stream on
 *               descriptor 1 (writes retried on EINTR) between
 *               cli_loop_begin() and cli_loop_end()
 * @out_dirty:   @out has lines not flushed yet
 * @reason:      why the loop stopped ("SIGTERM", "duration", ...), or NULL
 * @fault:       it stopped on a fault (a device gone or down, stdout
 *               closed): the command exits 1
 * @now:         time of the last look at the clock
 * @deadline:    the stack's next timer
 * @next_stats:  next stats line
 * @end:         --duration's end
 * @next_tick:   when @tick is due
 * @armed:       what the timer is set to
 */
struct cli_loop {
	struct ik_stack *s;
	uint64_t t0;
	uint64_t stats_ns;
	uint64_t duration_ns;
	void (*stats_line)(void *ctx, FILE *out, uint64_t now);
	bool (*tick)(void *ctx, uint64_t now);
	void *ctx;
	FILE *out;
	bool out_dirty;
	const char *reason;
	bool fault;
	uint64_t now;
	uint64_t deadline;
	uint64_t next_stats;
	uint64_t end;
	uint64_t next_tick;
	uint64_t armed;
};

/**
 * cli_now() - CLOCK_MONOTONIC in ns
 *
 * Return: time.
 */
uint64_t cli_now(void);

/**
 * cli_loop_signals() - the signals the loops handle (SIGINT, SIGTERM and
 * the timer's): blocked from before setup until the loop takes them
 * @set: filled
 */
void cli_loop_signals(sigset_t *set);

/**
 * cli_loop_begin() - output stream, timer and handlers; then unblock the
 * signals (one that came during setup is handled at the first
 * cli_loop_housekeeping()) and run the stack's timers once
 * @l: loop, with the fields marked "set before" filled
 *
 * Return: 0, or a negative errno (l->reason says which step).
 */
int cli_loop_begin(struct cli_loop *l);

/**
 * cli_loop_end() - block the signals again, delete the timer, and go back
 * to stdout (the stream flushed); safe without cli_loop_begin()
 * @l: loop
 */
void cli_loop_end(struct cli_loop *l);

#define CLI_TICK_NS 1000000000ull /* struct cli_loop's tick */

/**
 * struct cli_link_watch - a TUN's state, asked for by name
 * @fd:   a socket of the TUN's namespace, -1 for none
 * @name: the interface
 */
struct cli_link_watch {
	int fd;
	char name[16];
};

enum { CLI_LINK_UP = 1, CLI_LINK_DOWN = 0, CLI_LINK_GONE = -100000 };

/**
 * cli_link_watch_open() - watch interface @name of the current namespace
 * @w: filled; @name: interface
 *
 * Return: 0, or a negative errno.
 */
int cli_link_watch_open(struct cli_link_watch *w, const char *name);

/**
 * cli_link_check() - the interface's state
 * @w: the watch (fd -1: always up)
 *
 * Return: CLI_LINK_UP, CLI_LINK_DOWN, CLI_LINK_GONE, or a negative errno.
 */
int cli_link_check(const struct cli_link_watch *w);

/**
 * cli_link_fault() - "TUN NAME was deleted" / "was set down", or NULL when
 * it is up
 * @w: the watch; @buf / @len: the text
 *
 * Return: @buf, or NULL.
 */
const char *cli_link_fault(const struct cli_link_watch *w, char *buf, size_t len);

/**
 * cli_link_watch_close() - close the watch (safe twice)
 * @w: the watch
 */
void cli_link_watch_close(struct cli_link_watch *w);

/**
 * cli_loop_housekeeping() - the stop flags, the stack's timers, stats
 * lines, the tick and --duration; flushes the output; a closed standard
 * output (EPIPE) stops the loop ("stdout closed")
 * @l: loop (l->now current enough)
 *
 * Return: true when the loop must stop (l->reason set).
 */
bool cli_loop_housekeeping(struct cli_loop *l);

/**
 * cli_loop_before_wait() - about to wait: arm the timer for the earliest
 * deadline, then look at the flags one last time
 * @l: loop
 *
 * A signal that lands after this and before the wait is not lost: the
 * timer repeats every millisecond once it has fired (and SIGINT/SIGTERM
 * make it so), so the wait is interrupted again at most 1 ms later.
 *
 * Return: true when a signal came (go back to cli_loop_housekeeping()).
 */
bool cli_loop_before_wait(struct cli_loop *l);

/**
 * cli_loop_flush() - flush l->out when lines were written since the last
 * flush
 * @l: loop
 */
void cli_loop_flush(struct cli_loop *l);

/**
 * cli_trace_print() - one "trace:" line for a stack event
 * @f:      output
 * @t0:     start time (the line gives seconds since)
 * @ev:     event
 * @ifname: NULL for host's "trace: SECONDS LAYER KIND WHAT: WHY"; else
 *          the interface's name (or "-") after SECONDS
 */
void cli_trace_print(FILE *f, uint64_t t0, const struct ik_event *ev, const char *ifname);

#endif
