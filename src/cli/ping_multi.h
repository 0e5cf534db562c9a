/* SPDX-License-Identifier: MIT */
/* ping_multi.h - `icmpkit ping` over many targets at once, as fping: one
 * socket, the replies handed to their target by Identifier and Sequence */
#ifndef ICMPKIT_CLI_PING_MULTI_H
#define ICMPKIT_CLI_PING_MULTI_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "icmpkit/icmp.h"

#include "ping.h"

#define PING_MULTI_MAX (1u << 24) /* targets in one run */
#define PING_FLIGHT    65536      /* requests in flight: one per Sequence */

/**
 * struct ping_target - one target's state and statistics (48 octets)
 * @name:   the name it was given by, or NULL (print the address)
 * @addr:   address, host order
 * @sent / @recv / @dups / @errors: requests, replies, duplicates, ICMP
 *          errors about its requests
 * @tmin / @tmax: RTTs in microseconds
 * @tsum:   sum of RTTs in microseconds
 * @state:  PT_*
 */
struct ping_target {
	const char *name;
	uint64_t tsum;
	uint32_t addr;
	uint32_t sent, recv, dups, errors;
	uint32_t tmin, tmax;
	uint8_t state;
};

enum { PT_PENDING, PT_ALIVE, PT_UNREACH };

/**
 * struct ping_flight - a request in flight, at the index of its Sequence
 * @sent_ns: monotonic send time
 * @target:  index of its target
 * @nth:     which request of that target (0 first)
 * @state:   PF_*
 */
struct ping_flight {
	uint64_t sent_ns;
	uint32_t target;
	uint16_t nth;
	uint8_t state;
};

enum { PF_FREE, PF_WAIT, PF_ANSWERED, PF_DONE };

/**
 * struct ping_due - a target's next request and when it is due
 * @target: index; @due_ns: monotonic time
 */
struct ping_due {
	uint32_t target;
	uint64_t due_ns;
};

/**
 * struct ping_multi - the targets and what is in flight
 * @t / @n:      the targets
 * @fl:          requests in flight, indexed by Sequence Number
 * @head / @tail: @fl as a FIFO in send order (Sequence = index mod 65536)
 * @q / @qhead / @qlen: targets waiting for their next request (a retry, or
 *               the next of -c), in due order; room for every target
 * @cursor:      the next target not sent to yet
 * @gap_ns:      time between two requests (--rate)
 * @next_send:   when the next request may leave
 * @period_ns:   time between two requests to one target (-i)
 * @timeout_ns:  the wait for a reply (-W)
 * @tries:       requests per target in fping's default mode (1 + retries)
 * @open:        requests waiting for a reply or for the end of their wait
 * @alive / @unreach: targets decided
 * @width:       the longest target's text (fping's column)
 * @transmitted / @received / @dups / @errors: over all targets
 */
struct ping_multi {
	struct ping_target *t;
	uint32_t n;
	struct ping_flight *fl;
	uint64_t head, tail;
	struct ping_due *q;
	uint32_t qhead, qlen;
	uint32_t cursor;
	uint64_t gap_ns, next_send, period_ns, timeout_ns;
	unsigned tries;
	uint64_t open;
	uint32_t alive, unreach;
	int width;
	uint64_t transmitted, received, dups, errors;
};

/**
 * ping_targets_build() - every target of the command line (TARGET
 * arguments, -g prefixes, --targets file), in that order
 * @p: the run (p->multi->t and n filled)
 *
 * Return: 0, or -1 with the one-line message printed (exit 2).
 */
int ping_targets_build(struct ping *p);

/**
 * ping_prefix_hosts() - the host addresses of a -g prefix: all but the
 * network and broadcast address below /31 (as fping -g)
 * @s: "A.B.C.D/LEN"; @first / @count: the range; @err / @errlen: message
 *
 * Return: 0, or -1.
 */
int ping_prefix_hosts(const char *s, uint32_t *first, uint32_t *count, char *err, size_t errlen);

/**
 * ping_multi_run() - fping's mode from the socket to the summary
 * @p: the run (socket open, targets built)
 *
 * Return: the exit status: 0 when every target answered, 1 when one did
 * not, 2 on a fatal error.
 */
int ping_multi_run(struct ping *p);

/**
 * ping_multi_quoted() - whether request @seq to @dst is in flight
 * @p: the run; @dst: its destination; @seq: its Sequence
 *
 * Return: true when it is (an answered one too: a late error about it).
 */
bool ping_multi_quoted(const struct ping *p, uint32_t dst, unsigned seq);

/**
 * ping_multi_reply() - an Echo Reply with our Identifier: to its target by
 * Sequence, checked against the target's address
 * @p: the run; @r: the reply; @badsum: its checksum was wrong; @len: ICMP
 * octets; @ttl: IP TTL or -1; @from: its source; @rx_real: receive time
 */
void ping_multi_reply(struct ping *p, const struct ik_icmp_repr *r, bool badsum, size_t len,
		      int ttl, uint32_t from, const struct timespec *rx_real);

/**
 * ping_multi_error() - an ICMP error about request @seq (checked by
 * ping_multi_quoted())
 * @p: the run; @from: its sender; @type / @code / @info: the error; @seq:
 * the request; @how: how it was matched
 */
void ping_multi_error(struct ping *p, uint32_t from, uint8_t type, uint8_t code, uint32_t info,
		      unsigned seq, const char *how);

/**
 * ping_multi_out_reply() - one reply line (-c), or nothing in the default
 * mode until the target is decided; JSON object with --json
 * @p: the run; @t: its target; @nth: which request; @bytes / @ttl / @rtt_us:
 * the reply; @dup / @badsum: flags
 */
void ping_multi_out_reply(const struct ping *p, const struct ping_target *t, unsigned nth,
			  size_t bytes, int ttl, long long rtt_us, bool dup, bool badsum);

/**
 * ping_multi_out_error() - an ICMP error line
 * @p: the run; @t: its target; @nth: which request; @from / @type / @code /
 * @info: the error
 */
void ping_multi_out_error(const struct ping *p, const struct ping_target *t, unsigned nth,
			  uint32_t from, uint8_t type, uint8_t code, uint32_t info);

/**
 * ping_multi_out_local() - a local error at sending (EMSGSIZE, no route)
 * @p: the run; @t: its target; @nth: which request; @err: errno
 */
void ping_multi_out_local(const struct ping *p, const struct ping_target *t, unsigned nth,
			  int err);

/**
 * ping_multi_out_timeout() - a request not answered in time (JSON only,
 * and -c lines with -O)
 * @p: the run; @t: its target; @nth: which request
 */
void ping_multi_out_timeout(const struct ping *p, const struct ping_target *t, unsigned nth);

/**
 * ping_multi_out_decided() - "ADDR is alive" / "ADDR is unreachable" in
 * the default mode, the address alone with --alive / --unreachable
 * @p: the run; @t: the target
 */
void ping_multi_out_decided(const struct ping *p, const struct ping_target *t);

/**
 * ping_multi_out_summary() - per-target statistics (-c) and the summary
 * @p: the run; @elapsed_ns: since the start
 */
void ping_multi_out_summary(const struct ping *p, uint64_t elapsed_ns);

/**
 * ping_target_str() - a target's name as given, else its address
 * @t: the target; @buf: 16 octets for an address
 *
 * Return: the text.
 */
const char *ping_target_str(const struct ping_target *t, char *buf);

#endif
