// SPDX-License-Identifier: MIT
/*
 * demo_trace.c - scenario `traceroute`: TTL-limited probes, Time Exceeded
 * from each router, Port Unreachable from the destination
 *
 * H, R1, R2, R3 and D in a row (demo_chain.c). H sends UDP probes to D's
 * ports 33434, 33435, ... with TTL 1, 2, 3, 4 from one UDP socket and reads
 * the answers from its error queue, as Linux traceroute does with
 * IP_RECVERR. The router where the TTL runs out drops the probe and sends
 * Time Exceeded from the interface the probe came in on; D, reached at
 * last, has no socket on the port and sends Port Unreachable, which ends
 * the trace. Each answer's quote carries the probe's UDP ports, so H knows
 * which probe, and so which TTL, it answers.
 *
 * One probe per TTL (traceroute -q 1), not three: traceroute sends three to
 * see loss, jitter and load-balanced paths, and this network has none of
 * them; on its virtual clock the second and third probes would come back at
 * the same nanosecond by the same routers, and only triple the events.
 *
 * Each probe's TTL is set on H's socket before it is sent, as traceroute
 * does with setsockopt(IP_TTL) (ik_sock_setopt(IK_SO_TTL)).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "icmpkit/icmp.h"
#include "icmpkit/mib.h"
#include "icmpkit/sock.h"
#include "icmpkit/stack.h"

#include "demo.h"

#define NNODES 5
#define NPROBES (NNODES - 1) /* TTL 1 .. 4: R1, R2, R3, then D */
#define BASE_PORT 33434      /* traceroute's first port, 32768 + 666 */
#define PROBE_DATA 32        /* traceroute's 60-octet probe: 20 + 8 + 32 */
#define MAX_HOPS 30
#define WAIT_NS (5000 * DEMO_MS) /* traceroute -w 5 */
#define TTL_START 64         /* ip_default_ttl of the routers and D */

static const char *const names[NNODES] = { "H", "R1", "R2", "R3", "D" };

static const struct demo_hop hops[NNODES - 1] = {
	{ "h-r1", DEMO_MS / 4, 1500 },
	{ "r1-r2", 5 * DEMO_MS, 1500 },
	{ "r2-r3", 12 * DEMO_MS, 1500 },
	{ "r3-d", DEMO_MS / 2, 1500 },
};

/**
 * struct probe - one probe and what came back for it
 * @ttl:  its TTL; @port: its destination port; @sent: when it left
 * @ee:   H's error-queue entry for it; @queued: there was one
 * @err:  the ICMP error as it reached H; @seen: it was seen on H's link
 */
struct probe {
	unsigned ttl;
	uint16_t port;
	uint64_t sent;
	struct ik_sock_err ee;
	bool queued;
	struct demo_err err;
	bool seen;
};

/**
 * mib() - one counter of a stack
 * @s: stack; @i: IK_MIB_* index
 *
 * Return: its value.
 */
static uint64_t mib(const struct ik_stack *s, unsigned i)
{
	return ik_stack_mib(s)->c[i];
}

/**
 * before() - the routers between H and node @k, as "R1", "R1 and R2", ...
 * @c: chain; @k: node index (2 or more); @buf/@cap: where to write
 *
 * Return: @buf.
 */
static const char *before(const struct demo_chain *c, unsigned k, char *buf, size_t cap)
{
	size_t n = 0;

	buf[0] = 0;
	for (unsigned i = 1; i < k && n < cap; i++)
		n += (size_t)snprintf(buf + n, cap - n, "%s%s", i == 1 ? "" : i + 1 == k ? " and " :
				      ", ", c->name[i]);
	return buf;
}

/**
 * phase_text() - open the phase of the probe with TTL @ttl
 * @d: demo; @c: chain; @p: the probe
 */
static void phase_text(struct demo *d, const struct demo_chain *c, const struct probe *p)
{
	char title[96], list[64];

	snprintf(title, sizeof(title), "TTL %u: probe to %s port %u", p->ttl,
		 demo_addr(c->left[NNODES - 1]), p->port);
	if (p->ttl == 1)
		demo_phase(d, title,
			   "H sends the first probe with TTL 1. R1 must decrement the TTL before it "
			   "forwards; it would reach 0, so R1 drops the probe and answers Time "
			   "Exceeded (Type 11 Code 0), quoting the probe's IP header and UDP ports, "
			   "from the address of the interface the probe came in on.");
	else if (p->ttl < NPROBES)
		demo_phase(d, title,
			   "TTL %u: %s %s one off and forward%s it; at R%u the TTL runs out, and "
			   "R%u answers Time Exceeded from its interface towards H. The answer "
			   "crosses the same routers back.", p->ttl,
			   before(c, p->ttl, list, sizeof(list)), p->ttl == 2 ? "takes" : "each take",
			   p->ttl == 2 ? "s" : "", p->ttl, p->ttl);
	else
		demo_phase(d, title,
			   "TTL %u: R1, R2 and R3 each take one off, and the probe reaches D with TTL "
			   "1. D is the destination, so the TTL no longer matters; D's UDP has no "
			   "socket on port %u (traceroute picks ports nobody uses) and D answers "
			   "Port Unreachable (Type 3 Code 3). That is how traceroute knows it has "
			   "arrived.", p->ttl, p->port);
}

/**
 * send_probe() - send @p from H's socket @fd with its TTL
 * @d: demo; @c: chain; @fd: H's UDP socket; @p: the probe (sent set)
 *
 * Return: sendto()'s result.
 */
static ssize_t send_probe(struct demo *d, const struct demo_chain *c, int fd, struct probe *p)
{
	uint8_t data[PROBE_DATA];

	for (unsigned i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(0x40 + i); /* traceroute's pattern */
	if (ik_sock_setopt(c->s[0], fd, IK_SO_TTL, (int)p->ttl) < 0)
		return -1;
	p->sent = ik_simnet_now(d->net);
	return ik_sock_sendto(c->s[0], fd, data, sizeof(data), c->left[NNODES - 1], p->port,
			      p->sent);
}

/**
 * check_answer() - the checks on what came back for probe @p from node @k
 * @d: demo; @c: chain; @p: the probe; @k: the node that answered; @lport:
 * H's socket's port
 */
static void check_answer(struct demo *d, const struct demo_chain *c, const struct probe *p,
			 unsigned k, uint16_t lport)
{
	const struct demo_err *e = &p->err;
	bool last = k == NNODES - 1;
	uint64_t rtt = p->ee.when - p->sent;
	char list[64];

	if (last)
		demo_check(d, e->type == IK_ICMP_UNREACH && e->code == IK_UNREACH_PORT,
			   "Type %u Code %u: Destination Unreachable, Port Unreachable: the probe "
			   "arrived", e->type, e->code);
	else
		demo_check(d, e->type == IK_ICMP_TIMXCEED && e->code == 0,
			   "Type %u Code %u: Time Exceeded, TTL exceeded in transit", e->type,
			   e->code);
	if (last)
		demo_check(d, e->src == c->left[k], "sent from %s, D itself", demo_addr(e->src));
	else
		demo_check(d, e->src == c->left[k],
			   "sent from %s, %s's address on %s where the probe came in, not its "
			   "address towards D (%s)", demo_addr(e->src), c->name[k],
			   c->hop[k - 1].name, demo_addr(c->right[k]));
	demo_check(d, e->q_proto == IK_IPPROTO_UDP && e->q_src == c->right[0] &&
		   e->q_sport == lport && e->q_dport == p->port,
		   "the quote names the probe: UDP %s:%u -> port %u, H's socket and the port of "
		   "the TTL %u probe", demo_addr(e->q_src), e->q_sport, e->q_dport, p->ttl);
	if (k == 1)
		demo_check(d, e->q_ttl == 1, "the quoted header has TTL %u: the probe as R1 "
			   "received it, straight from H", e->q_ttl);
	else
		demo_check(d, e->q_ttl == 1, "the quoted header has TTL %u: the probe as %s "
			   "received it (sent with %u, less one at %s%s)", e->q_ttl, c->name[k],
			   p->ttl, k == 2 ? "" : "each of ", before(c, k, list, sizeof(list)));
	if (k == 1)
		demo_check(d, e->ttl == TTL_START, "it reached H with TTL %u, as R1 sent it: no "
			   "router in between", e->ttl);
	else
		demo_check(d, e->ttl == TTL_START - (k - 1), "it reached H with TTL %u: %s sent "
			   "it with %u, and %s took one off%s on the way back", e->ttl,
			   c->name[k], TTL_START, before(c, k, list, sizeof(list)),
			   k == 2 ? "" : " each");
	demo_check(d, p->queued && p->ee.origin == IK_EE_ORIGIN_ICMP && p->ee.type == e->type &&
		   p->ee.code == e->code && p->ee.offender == c->left[k] &&
		   p->ee.dport == p->port && p->ee.err == (last ? ECONNREFUSED : EHOSTUNREACH),
		   "H's error queue (IP_RECVERR) holds: origin ICMP, type %u, code %u, offender "
		   "%s, for port %u, errno %s", p->ee.type, p->ee.code, demo_addr(p->ee.offender),
		   p->ee.dport, last ? "ECONNREFUSED" : "EHOSTUNREACH");
	demo_check(d, rtt == demo_chain_rtt(c, k),
		   "round trip %s ms on the virtual clock: twice the %s ms of link delay from H "
		   "to %s", demo_ms(rtt), demo_ms(demo_chain_rtt(c, k) / 2), c->name[k]);
}

/**
 * run_probe() - one phase: probe @p goes out, the answer comes back
 * @d: demo; @c: chain; @fd: H's socket; @p: the probe; @lport: its port
 *
 * Return: 0, or -1 when nothing came back.
 */
static int run_probe(struct demo *d, const struct demo_chain *c, int fd, struct probe *p,
		     uint16_t *lport)
{
	const struct demo_pkt *k;
	ssize_t r;
	char caption[128];
	unsigned from;

	phase_text(d, c, p);
	r = send_probe(d, c, fd, p);
	if (p->ttl == 1)
		ik_sock_local(c->s[0], fd, NULL, lport);
	demo_check(d, r == PROBE_DATA, "H: sendto(%s, port %u) with TTL %u returns %zd",
		   demo_addr(c->left[NNODES - 1]), p->port, p->ttl, r);
	if (p->ttl == 1 && (k = demo_take_pkt(d, "H")))
		demo_show_pkt(d, "H → R1: the first probe, UDP with TTL 1", k->bytes, k->len);
	ik_simnet_settle(d->net, WAIT_NS);
	k = demo_take_pkt_to(d, "R1", c->right[0]);
	p->seen = k && demo_parse_err(k->bytes, k->len, &p->err) == 0;
	p->queued = ik_sock_recverr(c->s[0], fd, &p->ee) == 0;
	if (!p->seen)
		return demo_check(d, false, "an ICMP error came back for the TTL %u probe", p->ttl),
		       -1;
	for (from = 1; from < NNODES && c->left[from] != p->err.src; from++)
		;
	snprintf(caption, sizeof(caption), "%s → H: ICMP %s from %s, as it reached H",
		 from < NNODES ? c->name[from] : "?",
		 p->err.type == IK_ICMP_TIMXCEED ? "Time Exceeded" : "Port Unreachable",
		 demo_addr(p->err.src));
	demo_show_pkt(d, caption, k->bytes, k->len);
	check_answer(d, c, p, p->ttl, *lport);
	demo_say(d, "traceroute prints: %2u  %s  %s ms", p->ttl, demo_addr(p->err.src),
		 demo_ms(p->ee.when - p->sent));
	demo_drop_pkts(d);
	return 0;
}

/**
 * summary() - the last phase: the trace as traceroute prints it, and the
 * checks on the whole of it
 * @d: demo; @c: chain; @pr: the probes
 */
static void summary(struct demo *d, const struct demo_chain *c, const struct probe *pr)
{
	bool inbound = true, ttls = true, rising = true;

	demo_phase(d, "What traceroute prints",
		   "Each line is one TTL: the address that answered and the round trip. A router "
		   "appears by the address it received the probe on, so the lines follow the path "
		   "H took, one inbound interface after another.");
	demo_say(d, "traceroute to %s (%s), %u hops max, %u byte packets",
		 demo_addr(c->left[NNODES - 1]), demo_addr(c->left[NNODES - 1]), MAX_HOPS,
		 20 + 8 + PROBE_DATA);
	for (unsigned i = 0; i < NPROBES; i++)
		demo_say(d, "%2u  %s  %s ms", pr[i].ttl, demo_addr(pr[i].err.src),
			 demo_ms(pr[i].ee.when - pr[i].sent));
	for (unsigned i = 0; i < NPROBES; i++) {
		inbound &= pr[i].err.src == c->left[i + 1];
		ttls &= pr[i].err.ttl == TTL_START - i;
		rising &= i == 0 || pr[i].ee.when - pr[i].sent > pr[i - 1].ee.when - pr[i - 1].sent;
	}
	demo_check(d, inbound, "hop n lists router n's inbound address: 10.0.1.1, 10.0.2.2, "
		   "10.0.3.3 (their addresses towards D, 10.0.2.1, 10.0.3.2, 10.0.4.3, never "
		   "appear), then D's own 10.0.4.20");
	demo_check(d, pr[NPROBES - 1].err.type == IK_ICMP_UNREACH &&
		   pr[NPROBES - 1].err.code == IK_UNREACH_PORT,
		   "the last hop is D with Port Unreachable: the trace ends at TTL %u of %u",
		   NPROBES, MAX_HOPS);
	demo_check(d, ttls, "the answers reached H with TTL 64, 63, 62, 61: each came from one "
		   "router further away");
	demo_check(d, rising, "the round trips grow hop by hop with the links' delays "
		   "(0.25, 5, 12, 0.5 ms one way)");
	demo_check(d, mib(c->s[1], IK_MIB_IP_ForwDatagrams) == 6 &&
		   mib(c->s[2], IK_MIB_IP_ForwDatagrams) == 4 &&
		   mib(c->s[3], IK_MIB_IP_ForwDatagrams) == 2,
		   "ForwDatagrams: R1 %llu (3 probes out, 3 answers back), R2 %llu, R3 %llu",
		   (unsigned long long)mib(c->s[1], IK_MIB_IP_ForwDatagrams),
		   (unsigned long long)mib(c->s[2], IK_MIB_IP_ForwDatagrams),
		   (unsigned long long)mib(c->s[3], IK_MIB_IP_ForwDatagrams));
	demo_check(d, mib(c->s[1], IK_MIB_ICMP_OutTimeExcds) == 1 &&
		   mib(c->s[2], IK_MIB_ICMP_OutTimeExcds) == 1 &&
		   mib(c->s[3], IK_MIB_ICMP_OutTimeExcds) == 1 &&
		   mib(c->s[4], IK_MIB_ICMP_OutDestUnreachs) == 1,
		   "Icmp OutTimeExcds is 1 on each router, OutDestUnreachs 1 on D");
}

int demo_traceroute(struct demo *d)
{
	struct probe pr[NPROBES];
	struct demo_chain c;
	uint16_t lport = 0;
	int fd;

	if (demo_net(d, "traceroute", "traceroute: TTL-limited probes, Time Exceeded, Port "
		     "Unreachable") < 0 || demo_chain(d, &c, names, NNODES, hops) < 0)
		return -1;
	demo_drop_events(d); /* the interfaces being added: the ladder below says it */
	demo_phase(d, "The path",
		   "A host H, three routers and a destination D in a row, on simulated links with "
		   "delays, so the round trips mean something. H does not know the path; "
		   "traceroute finds it by sending probes that die one hop further each time.");
	demo_chain_say(d, &c);
	fd = ik_sock_open(c.s[0], IK_SOCK_UDP, 0);
	demo_check(d, fd >= 0, "H opens one UDP socket for its probes, unconnected; its errors "
		   "go to its error queue (IP_RECVERR)");
	demo_say(d, "Before each probe H sets the socket's TTL, as traceroute does with "
		    "setsockopt(IP_TTL): 1 for the first, one more for each next; H's other "
		    "datagrams keep ip_default_ttl.");
	for (unsigned i = 0; i < NPROBES; i++) {
		pr[i] = (struct probe){ .ttl = i + 1, .port = (uint16_t)(BASE_PORT + i) };
		if (run_probe(d, &c, fd, &pr[i], &lport) < 0)
			return -1;
	}
	summary(d, &c, pr);
	ik_sock_close(c.s[0], fd);
	demo_drop_events(d);
	demo_end(d);
	return 0;
}
