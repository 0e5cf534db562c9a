// SPDX-License-Identifier: MIT
/* ping_core.c - what every one-target run of `icmpkit ping` shares, over the
 * kernel's sockets or through icmpkit's own stack (--stack): the target's
 * address, the Sequence bookkeeping, a reply's accounting, the requests
 * left unanswered */
#include <netdb.h>
#include <netinet/in.h>
#include <string.h>

#include "icmpkit/ipv4.h"

#include "ping.h"

/**
 * ping_resolve() - a target as an IPv4 address: a dotted quad, else a name
 * looked up (numeric only with -n)
 * @p: the run (its -n); @name: the text; @addr: filled, host order;
 * @err / @errlen: "NAME: why"
 *
 * Return: 0, or -1.
 */
int ping_resolve(const struct ping *p, const char *name, uint32_t *addr, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_RAW }, *res;
	int rc;

	if (ik_ipv4_addr_parse(name, addr) == 0)
		return 0;
	if (p->o.numeric)
		hints.ai_flags = AI_NUMERICHOST;
	rc = getaddrinfo(name, NULL, &hints, &res);
	if (rc) {
		snprintf(err, errlen, "%s: %s", name, gai_strerror(rc));
		return -1;
	}
	*addr = ntohl(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr);
	freeaddrinfo(res);
	return 0;
}

/**
 * ping_known_seq() - whether a request with @seq left
 * @p: the run; @seq: Sequence Number
 *
 * Return: true when it did.
 */
bool ping_known_seq(const struct ping *p, unsigned seq)
{
	return p->sent_ns[seq % PING_NSEQ] != 0;
}

/**
 * ping_answered() - whether request @seq got a reply
 * @p: the run; @seq: Sequence Number
 *
 * Return: true when it did.
 */
bool ping_answered(const struct ping *p, unsigned seq)
{
	seq %= PING_NSEQ;
	return p->seen[seq / 8] & (1u << (seq % 8));
}

/**
 * ping_take_seq() - the next request's Sequence Number (1 first, as
 * iputils), counted as sent at @now, not answered yet
 * @p: the run; @now: monotonic time
 *
 * Return: the Sequence Number.
 */
uint16_t ping_take_seq(struct ping *p, uint64_t now)
{
	uint16_t seq = (uint16_t)(p->st.transmitted + 1);

	p->st.transmitted++;
	p->sent_ns[seq] = now;
	p->seen[seq / 8] = (uint8_t)(p->seen[seq / 8] & ~(1u << (seq % 8)));
	p->last_ns = now;
	return seq;
}

/**
 * ping_before_send() - what goes before each request: with -O the line
 * for the one before it if unanswered; with -f a '.'
 * @p: the run
 */
void ping_before_send(struct ping *p)
{
	unsigned prev = (unsigned)(p->st.transmitted & 0xffff);

	if (p->o.outstanding && p->st.transmitted && !ping_answered(p, prev)) {
		struct ping_event e = { .kind = PING_EV_TIMEOUT, .seq = prev, .ttl = -1, .rtt_us = -1 };

		ping_out_event(p, &e);
	}
	if (p->o.flood && !p->o.quiet && !p->o.run.json) {
		fputc('.', stdout);
		fflush(stdout);
	}
}

/**
 * ping_count_reply() - a reply to a known request in the statistics: a
 * duplicate when its Sequence was answered (@e->dup set), corrupted when
 * @e->badsum, else received; its RTT (when timed) in min/max/sum and
 * iputils' ewma
 * @p: the run; @e: the reply event (seq, rtt_us, badsum)
 */
void ping_count_reply(struct ping *p, struct ping_event *e)
{
	unsigned seq = e->seq % PING_NSEQ;

	if (e->badsum) {
		p->st.corrupted++;
	} else if (p->seen[seq / 8] & (1u << (seq % 8))) {
		e->dup = true;
		p->st.dups++;
	} else {
		p->seen[seq / 8] = (uint8_t)(p->seen[seq / 8] | (1u << (seq % 8)));
		p->st.received++;
	}
	if (!e->badsum && e->rtt_us >= 0) {
		if (e->rtt_us < p->st.tmin)
			p->st.tmin = e->rtt_us;
		if (e->rtt_us > p->st.tmax)
			p->st.tmax = e->rtt_us;
		/* iputils' ewma, in 1/8 microseconds */
		p->ewma = p->ewma ? p->ewma + e->rtt_us - p->ewma / 8 : e->rtt_us * 8;
		p->st.tsum += e->rtt_us;
		p->st.tsum2 += e->rtt_us * e->rtt_us;
	}
}

/**
 * ping_timeouts_json() - with --json, a timeout object for every request
 * without a reply (at the end of the run)
 * @p: the run
 */
void ping_timeouts_json(struct ping *p)
{
	if (!p->o.run.json)
		return;
	for (long i = 1; i <= p->st.transmitted && i < PING_NSEQ; i++) {
		if (!ping_answered(p, (unsigned)i)) {
			struct ping_event e = { .kind = PING_EV_TIMEOUT, .seq = (unsigned)i, .ttl = -1,
						.rtt_us = -1 };

			ping_out_event(p, &e);
		}
	}
}

/**
 * flood_room() - with -f or -i 0, whether another request may leave now:
 * fewer than -l are unanswered (iputils keeps -l in flight)
 * @p: the run
 *
 * Return: true when one may.
 */
static bool flood_room(const struct ping *p)
{
	return p->st.transmitted - p->st.received - p->st.errors < (long)p->o.preload;
}

/**
 * ping_pace() - what a one-target run does at @now, as iputils paces it:
 * stop at -w, when -c requests are all answered, or when the wait after the
 * last request is over (2 x the longest RTT but at least -i when a reply
 * came, as iputils' schedule_exit(), else -W); send when the interval is
 * up; else wait until @wake
 * @p: the run; @pc: the pacing state (zero, then pc->next = the start);
 * @now: time; @wake: filled for PING_WAIT
 *
 * Return: PING_STOP, PING_SEND or PING_WAIT.
 */
int ping_pace(const struct ping *p, struct ping_pace *pc, uint64_t now, uint64_t *wake)
{
	const struct ping_opts *o = &p->o;
	bool all_sent = o->count && p->st.transmitted >= (long)o->count;

	if (o->deadline_ns && now - p->start_ns >= o->deadline_ns)
		return PING_STOP;
	if (o->count && p->st.received + p->st.errors >= (long)o->count)
		return PING_STOP;
	if (!all_sent && now >= pc->next)
		return PING_SEND;
	if (all_sent && !pc->linger_end && !o->deadline_ns) {
		uint64_t w = p->st.received ? (uint64_t)p->st.tmax * 2000 : o->wait_ns;

		if (p->st.received && w < o->interval_ns)
			w = o->interval_ns;
		pc->linger_end = now + (w < 1000000 ? 1000000 : w);
	}
	if (pc->linger_end && now >= pc->linger_end)
		return PING_STOP;
	*wake = all_sent ? (pc->linger_end ? pc->linger_end : now + 100000000) : pc->next;
	if (o->deadline_ns && p->start_ns + o->deadline_ns < *wake)
		*wake = p->start_ns + o->deadline_ns;
	return PING_WAIT;
}

/**
 * ping_pace_sent() - a request left at @now: the next one -i later; a
 * flood's next at once while fewer than -l are unanswered, else on a reply
 * (ping_pace_answered()), else after 10 ms
 * @p: the run; @pc: pacing state; @now: time
 */
void ping_pace_sent(const struct ping *p, struct ping_pace *pc, uint64_t now)
{
	const struct ping_opts *o = &p->o;

	if (!o->interval_ns) {
		pc->next = flood_room(p) ? now : now + 10000000;
		return;
	}
	pc->next += o->interval_ns;
	if (pc->next < now)
		pc->next = now + o->interval_ns;
}

/**
 * ping_pace_answered() - after reading: a flood's next request at once
 * when there is room for it
 * @p: the run; @pc: pacing state
 */
void ping_pace_answered(const struct ping *p, struct ping_pace *pc)
{
	if (!p->o.interval_ns && flood_room(p))
		pc->next = ping_now_ns();
}
