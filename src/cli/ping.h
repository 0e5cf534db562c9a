/* SPDX-License-Identifier: MIT */
/* ping.h - `icmpkit ping`: echo requests over the Linux kernel, as iputils */
#ifndef ICMPKIT_CLI_PING_H
#define ICMPKIT_CLI_PING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

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
 * @verbose:     -v; @rr: -R; @flood: -f
 * @run:         the shared options (--json/-j, --pcap, --trace, ...)
 */
struct ping_opts {
	const char *target;
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

/** ping_now_ns() - CLOCK_MONOTONIC. Return: nanoseconds. */
uint64_t ping_now_ns(void);

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
 * ping_recv() - read what is waiting on the socket (replies, errors, the
 * error queue) and report it
 * @p: the run
 *
 * Return: 0, or -1 on a fatal error.
 */
int ping_recv(struct ping *p);

/**
 * ping_recv_ready() - what poll() reported: the error queue only with
 * POLLERR, datagrams until none is in flight (fewer system calls per reply)
 * @p: the run; @revents: poll()'s revents (POLLIN alone: datagrams only)
 *
 * Return: datagrams read (0: none waited), or -1 on a fatal error.
 */
int ping_recv_ready(struct ping *p, short revents);

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
