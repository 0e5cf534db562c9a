/* SPDX-License-Identifier: MIT */
/* ping.h - `icmpkit ping`: echo requests over the Linux kernel, as iputils */
#ifndef ICMPKIT_CLI_PING_H
#define ICMPKIT_CLI_PING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "args.h"

#define PING_MAX_DATA  65507 /* 65535 - 20 - 8 */
#define PING_NSEQ      65536 /* one slot per Sequence Number */
#define PING_PMTU_NONE (-1)

/**
 * struct ping_opts - the command line
 * @target:      the TARGET argument as given
 * @count:       -c, 0 for no limit
 * @interval_ns: -i (default 1 s; 0 with -f)
 * @datalen:     -s, data octets after the 8-octet header (default 56)
 * @ttl:         -t, or -1
 * @tos:         -Q, or -1
 * @wait_ns:     -W, the wait for a reply when none came yet (default 10 s)
 * @deadline_ns: -w, 0 when not given
 * @preload:     -l, probes sent at once at the start (default 1)
 * @pmtu:        -M as IP_PMTUDISC_*, or PING_PMTU_NONE
 * @pattern:     -p octets; @patlen: how many (0: the default fill)
 * @quiet:       -q; @numeric: -n; @stamp: -D; @outstanding: -O;
 * @verbose:     -v; @rr: -R; @flood: -f; @audible: -a; @user_rtt: -U
 * @iface:       -I: an interface name or a source address, or NULL
 * @tsfmt:       --timestamp-format (PING_TS_*), implies -D
 * @stack:       --stack SPEC as given (ping_stack.c checks it), or NULL
 * @run:         the shared options (--json/-j, --pcap, --trace, ...)
 * @targets / @ntargets: every TARGET argument (@target is the first)
 * @gen / @ngen: -g PREFIX arguments; @targets_file: --targets FILE
 * @multi:       more than one target, -g or --targets: fping's mode
 * @list:        --alive / --unreachable (PING_LIST_*): print only those
 * @rate:        --rate, requests per second over all targets
 * @retries:     --retries, more requests to a target that did not answer
 * @count_given / @wait_given / @interval_given: -c, -W, -i were given
 */
struct ping_opts {
	const char *target;
	char **targets;
	unsigned ntargets;
	const char *gen[16];
	unsigned ngen;
	const char *targets_file;
	bool multi;
	int list;
	unsigned long rate;
	unsigned retries;
	bool count_given, wait_given, interval_given, retries_given;
	const char *iface;
	int tsfmt;
	bool audible, user_rtt;
	unsigned long long count;
	uint64_t interval_ns;
	unsigned datalen;
	int ttl;
	int tos;
	uint64_t wait_ns;
	uint64_t deadline_ns;
	unsigned preload;
	int pmtu;
	uint8_t pattern[16];
	size_t patlen;
	bool quiet, numeric, stamp, outstanding, verbose, rr, flood;
	const char *stack;
	struct cli_run run;
};

/**
 * struct ping_stats - what the statistics block reports (iputils' counters)
 * @transmitted / @received / @dups / @corrupted / @errors: counts
 * @tmin / @tmax / @tsum / @tsum2: RTTs in microseconds, as iputils keeps
 */
struct ping_stats {
	long transmitted, received, dups, corrupted, errors;
	long long tmin, tmax, tsum, tsum2;
};

/**
 * struct ping - one run
 * @o:        options
 * @fd:       the socket
 * @dgram:    it is an ICMP datagram socket (else raw)
 * @ident:    our Identifier (the kernel's for a datagram socket)
 * @dst / @src: addresses, host order
 * @dst_str:  @dst as text
 * @timing:   data is large enough for a time (>= 16 octets, as iputils)
 * @sent_ns:  monotonic send time per Sequence Number (0: none)
 * @seen:     one bit per Sequence Number: answered (for DUP!)
 * @st:       counters
 * @start_ns: monotonic start
 * @pcap:     --pcap writer, or NULL
 * @rr_last / @rr_last_len: the last Record Route printed ("(same route)")
 * @last_ns:  monotonic time of the last request or datagram (for "time")
 * @ewma:     iputils' RTT moving average, 8 x microseconds
 * @multi:    fping's mode: the targets and the requests in flight, or NULL
 */
struct ping {
	struct ping_opts o;
	int fd;
	bool dgram;
	uint16_t ident;
	uint32_t dst, src;
	char dst_str[16];
	bool timing;
	uint64_t *sent_ns;
	uint8_t *seen;
	struct ping_stats st;
	uint64_t start_ns;
	struct ik_pcap_writer *pcap;
	uint8_t rr_last[40];
	size_t rr_last_len;
	uint64_t last_ns;
	long long ewma;
	struct ping_multi *multi;
};

/**
 * struct ping_event - one reply or error, for the output
 * @kind:    PING_EV_*
 * @from:    source address, host order
 * @bytes:   ICMP octets (iputils' "64 bytes")
 * @seq:     Sequence Number
 * @ttl:     IP TTL of the reply, or -1
 * @rtt_us:  round-trip time in microseconds, or -1 (no timing)
 * @dup:     a duplicate
 * @badsum:  the ICMP checksum was wrong
 * @type / @code / @info: the error's Type, Code and MTU or pointer
 * @rr / @rr_len: Record Route addresses (4 octets each), or NULL
 * @local_errno: local error (PING_EV_LOCAL): errno, @info the MTU
 */
struct ping_event {
	int kind;
	uint32_t from;
	size_t bytes;
	unsigned seq;
	int ttl;
	long long rtt_us;
	bool dup, badsum;
	uint8_t type, code;
	uint32_t info;
	const uint8_t *rr;
	size_t rr_len;
	int local_errno;
};

enum { PING_EV_REPLY, PING_EV_ERROR, PING_EV_LOCAL, PING_EV_TIMEOUT };

/* --timestamp-format: iputils' -D "[sec.usec]", ISO 8601, ctime(3), seconds
 * since the start */
enum { PING_TS_EPOCH, PING_TS_ISO, PING_TS_CTIME, PING_TS_REL };

/* --alive / --unreachable */
enum { PING_LIST_NONE, PING_LIST_ALIVE, PING_LIST_UNREACH };

struct ping_multi;

/** ping_now_ns() - CLOCK_MONOTONIC. Return: nanoseconds. */
uint64_t ping_now_ns(void);

/**
 * ping_resolve() - a target as an IPv4 address (dotted quad, else a name)
 * @p: the run (its -n); @name: text; @addr: filled; @err / @errlen: message
 *
 * Return: 0, or -1.
 */
int ping_resolve(const struct ping *p, const char *name, uint32_t *addr, char *err, size_t errlen);

/**
 * ping_known_seq() - whether a request with @seq left
 * @p: the run; @seq: Sequence Number
 *
 * Return: true when it did.
 */
bool ping_known_seq(const struct ping *p, unsigned seq);

/**
 * ping_answered() - whether request @seq got a reply
 * @p: the run; @seq: Sequence Number
 *
 * Return: true when it did.
 */
bool ping_answered(const struct ping *p, unsigned seq);

/**
 * ping_take_seq() - the next request's Sequence Number, counted as sent
 * @p: the run; @now: monotonic send time
 *
 * Return: the Sequence Number.
 */
uint16_t ping_take_seq(struct ping *p, uint64_t now);

/**
 * ping_before_send() - the -O line for an unanswered request, -f's '.'
 * @p: the run
 */
void ping_before_send(struct ping *p);

/**
 * ping_count_reply() - a reply in the statistics (@e->dup set for a
 * duplicate)
 * @p: the run; @e: the reply event
 */
void ping_count_reply(struct ping *p, struct ping_event *e);

/**
 * struct ping_pace - when a one-target run sends next, and when it ends
 * @next:       the next request is due
 * @linger_end: the wait after the last request ends (0: not started)
 */
struct ping_pace {
	uint64_t next;
	uint64_t linger_end;
};

enum { PING_STOP, PING_SEND, PING_WAIT };

/**
 * ping_pace() - stop, send, or wait until @wake (iputils' pacing)
 * @p: the run; @pc: pacing state; @now: time; @wake: filled for PING_WAIT
 *
 * Return: PING_STOP, PING_SEND or PING_WAIT.
 */
int ping_pace(const struct ping *p, struct ping_pace *pc, uint64_t now, uint64_t *wake);

/**
 * ping_pace_sent() - a request left at @now: when the next is due
 * @p: the run; @pc: pacing state; @now: time
 */
void ping_pace_sent(const struct ping *p, struct ping_pace *pc, uint64_t now);

/**
 * ping_pace_answered() - after reading: a flood's next request at once when
 * fewer than -l are unanswered
 * @p: the run; @pc: pacing state
 */
void ping_pace_answered(const struct ping *p, struct ping_pace *pc);

/**
 * ping_timeouts_json() - with --json, a timeout object per unanswered
 * request
 * @p: the run
 */
void ping_timeouts_json(struct ping *p);

/**
 * ping_args_parse() - parse and check the command line
 * @o: filled; @argc / @argv: arguments ("ping" first); @err / @errlen: message
 *
 * Return: 0, CLI_ARGS_HELP or CLI_ARGS_ERROR.
 */
int ping_args_parse(struct ping_opts *o, int argc, char **argv, char *err, size_t errlen);

/**
 * ping_usage() - the --help text
 * @f: output
 */
void ping_usage(FILE *f);

/**
 * ping_sock_open() - a datagram ICMP socket, else a raw one, with every
 * option the command line asks for
 * @p: the run (fd, dgram, ident, src filled); @err / @errlen: message
 *
 * Return: 0, or -1 with the one-line reason.
 */
int ping_sock_open(struct ping *p, char *err, size_t errlen);

/**
 * ping_send() - send the next Echo Request
 * @p: the run
 *
 * Return: 0 when sent (or counted as sent after a local error), -1 on a
 * fatal error (message printed).
 */
int ping_send(struct ping *p);

/**
 * ping_build_echo() - an Echo Request with our Identifier, @seq, the run's
 * data and its checksum
 * @p: the run; @seq: Sequence Number; @buf / @cap: where it goes
 *
 * Return: its length, or -1 (message printed).
 */
int ping_build_echo(const struct ping *p, uint16_t seq, uint8_t *buf, size_t cap);

/**
 * ping_send_echo() - one Echo Request to @dst with Sequence @seq (counted
 * by the caller)
 * @p: the run; @dst: destination, host order; @seq: Sequence Number
 *
 * Return: 0 when sent, the errno of a local error the run survives
 * (EMSGSIZE, EHOSTUNREACH, ...), or -1 on a fatal error (message printed).
 */
int ping_send_echo(struct ping *p, uint32_t dst, uint16_t seq);

/**
 * ping_rtt_us() - a round trip from the kernel's receive time (or, with -U
 * or none, now) and the monotonic send time
 * @p: the run; @sent_ns: monotonic send time; @rx_real: SO_TIMESTAMPNS, or
 * zero
 *
 * Return: microseconds (>= 0).
 */
long long ping_rtt_us(const struct ping *p, uint64_t sent_ns, const struct timespec *rx_real);

#define PING_BATCH 64 /* requests per sendmmsg() */

/**
 * ping_send_batch() - Echo Requests to many destinations, sendmmsg() in
 * batches
 * @p: the run; @dst / @seq: destinations and Sequence Numbers; @res: per
 * message 0 or the errno of a local error; @n: at most PING_BATCH
 *
 * Return: 0, or -1 on a fatal error (message printed).
 */
int ping_send_batch(struct ping *p, const uint32_t *dst, const uint16_t *seq, int *res, unsigned n);

/**
 * ping_recv() - read what is waiting on the socket (replies, errors, the
 * error queue) and report it
 * @p: the run; @errq: the error queue may have entries (poll()'s POLLERR)
 *
 * Return: datagrams and error-queue entries read, or -1 on a fatal error.
 */
int ping_recv(struct ping *p, bool errq);

/**
 * ping_out_stamp() - the -D / --timestamp-format prefix of a line, or
 * nothing
 * @p: the run
 */
void ping_out_stamp(const struct ping *p);

/**
 * ping_out_stamp_json() - the "timestamp" member of a JSON event (-D)
 * @p: the run; @o: the object (a jansson json_t *)
 */
void ping_out_stamp_json(const struct ping *p, void *o);

/**
 * ping_out_header() - the PING line
 * @p: the run
 */
void ping_out_header(const struct ping *p);

/**
 * ping_out_event() - one reply, error or timeout line (or JSON object)
 * @p: the run; @e: the event
 */
void ping_out_event(struct ping *p, const struct ping_event *e);

/**
 * ping_out_trace() - one --trace line (stderr when --json, else stdout)
 * @p: the run; @fmt: printf format
 */
void ping_out_trace(const struct ping *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * ping_out_summary() - the statistics block (or the summary object)
 * @p: the run; @elapsed_ns: since the start
 */
void ping_out_summary(const struct ping *p, uint64_t elapsed_ns);

/**
 * ping_mdev_us() - the mdev of iputils: the integer square root of the
 * variance computed in integer microseconds, in iputils' order
 * @s: counters
 *
 * Return: mdev in microseconds.
 */
long long ping_mdev_us(const struct ping_stats *s);

/**
 * ping_error_text() - iputils' text for an ICMP error
 * @type / @code / @info: the error; @out / @len: buffer
 *
 * Return: @out.
 */
const char *ping_error_text(uint8_t type, uint8_t code, uint32_t info, char *out, size_t len);

#endif
