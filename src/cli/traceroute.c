// SPDX-License-Identifier: MIT
/*
 * traceroute.c - `icmpkit traceroute`: the run. Probes go out TTL by TTL,
 * up to -N at once and -z apart; answers are read from the raw sockets and
 * matched (traceroute_match.c); each hop is printed, in order, once all its
 * probes are answered or timed out; the hop that reaches the destination
 * (or draws an unreachable) is the last.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "icmpkit/ipv4.h"
#include "icmpkit/pcapio.h"

#include "cli.h"
#include "traceroute.h"

#define TR_EXIT_SIGNAL 130

static volatile sig_atomic_t stop_sig;

/**
 * on_signal() - SIGINT/SIGTERM: stop after the current step
 * @sig: the signal
 */
static void on_signal(int sig)
{
	stop_sig = sig;
}

/**
 * hop_done() - whether every probe of hop @h (index from -f) is answered or timed out
 * @c: context; @h: hop index
 *
 * Return: true when it is.
 */
static bool hop_done(const struct tr_ctx *c, unsigned h)
{
	for (unsigned k = 0; k < c->a->nqueries; k++)
		if (!c->probes[h * c->a->nqueries + k].done)
			return false;
	return true;
}

/**
 * read_answers() - every datagram waiting on @fd, matched
 * @c: context; @fd: raw socket
 */
static void read_answers(struct tr_ctx *c, int fd)
{
	static uint8_t buf[65536];

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);

		if (n < 0)
			return; /* EAGAIN, or EINTR: the loop looks again */
		(void)tr_match(c, buf, (size_t)n, tr_now_ns());
	}
}

/**
 * sweep() - time out the probes past -w; count those in flight; note the
 * lowest hop with a final answer
 * @c: context; @nsent: probes sent so far; @now: time; @inflight: result;
 * @deadline: earliest timeout still ahead (lowered); @final_hop: lowered
 */
static void sweep(struct tr_ctx *c, unsigned nsent, uint64_t now, unsigned *inflight,
		  uint64_t *deadline, unsigned *final_hop)
{
	*inflight = 0;
	for (unsigned i = 0; i < nsent; i++) {
		struct tr_probe *p = &c->probes[i];

		if (p->answered && p->final && i / c->a->nqueries < *final_hop)
			*final_hop = i / c->a->nqueries;
		if (!p->sent || p->done)
			continue;
		if (now >= p->t_sent + c->a->wait_ns) {
			p->done = true;
			if (c->a->run.trace)
				fprintf(stderr, "trace: probe %u (ttl %u): no answer in %.3f s\n", i + 1,
					p->ttl, (double)c->a->wait_ns / 1e9);
			continue;
		}
		(*inflight)++;
		if (p->t_sent + c->a->wait_ns < *deadline)
			*deadline = p->t_sent + c->a->wait_ns;
	}
}

/**
 * run() - the probe loop
 * @c: context (sockets open)
 *
 * Return: IK_EXIT_OK, IK_EXIT_FAIL (a probe could not be sent) or TR_EXIT_SIGNAL.
 */
static int run(struct tr_ctx *c)
{
	const struct tr_args *a = c->a;
	unsigned nhops = a->max_ttl - a->first_ttl + 1, next_send = 0, next_print = 0;
	unsigned final_hop = UINT32_MAX, inflight;
	uint64_t last_send = 0;
	bool reached = false;

	tr_print_header(c);
	while (!stop_sig) {
		uint64_t now = tr_now_ns(), deadline = UINT64_MAX;
		struct pollfd pf[2] = { { .fd = c->icmp_fd, .events = POLLIN },
					{ .fd = c->tcp_fd, .events = POLLIN } };
		int ms;

		sweep(c, next_send, now, &inflight, &deadline, &final_hop);
		while (next_print < nhops && next_print <= final_hop && hop_done(c, next_print)) {
			tr_print_hop(c, a->first_ttl + next_print);
			if (next_print == final_hop)
				for (unsigned k = 0; k < a->nqueries; k++)
					reached |= c->probes[next_print * a->nqueries + k].answered &&
						   c->probes[next_print * a->nqueries + k].from == a->dst;
			next_print++;
		}
		if (next_print >= nhops || next_print > final_hop)
			break;
		while (inflight < a->simul && (c->resend >= 0 || next_send < c->nprobes) &&
		       next_send / a->nqueries <= final_hop) {
			if (a->sendwait_ns && last_send && now < last_send + a->sendwait_ns) {
				if (last_send + a->sendwait_ns < deadline)
					deadline = last_send + a->sendwait_ns;
				break;
			}
			if (c->resend >= 0) { /* --mtu: the probe a Frag Needed returned */
				next_send = (unsigned)c->resend;
				c->resend = -1;
			}
			if (tr_probe_send(c, next_send) < 0) {
				fprintf(stderr, "icmpkit traceroute: send (ttl %u): %s\n",
					c->probes[next_send].ttl, strerror(errno));
				return IK_EXIT_FAIL;
			}
			last_send = now = tr_now_ns();
			if (now + a->wait_ns < deadline)
				deadline = now + a->wait_ns;
			next_send++;
			inflight++;
		}
		ms = deadline == UINT64_MAX ? 1000
		   : deadline <= now ? 0 : (int)((deadline - now + 999999) / 1000000);
		if (ms > 1000)
			ms = 1000;
		if (poll(pf, c->tcp_fd >= 0 ? 2 : 1, ms) > 0) {
			if (pf[0].revents & POLLIN)
				read_answers(c, c->icmp_fd);
			if (c->tcp_fd >= 0 && (pf[1].revents & POLLIN))
				read_answers(c, c->tcp_fd);
		}
	}
	tr_print_summary(c, next_print ? a->first_ttl + next_print - 1 : 0, reached, stop_sig != 0);
	return stop_sig ? TR_EXIT_SIGNAL : IK_EXIT_OK;
}

/**
 * cmd_traceroute() - `icmpkit traceroute`
 * @argc / @argv: arguments ("traceroute" first)
 *
 * Return: exit status (0, 1, 2, or 130 after SIGINT/SIGTERM).
 */
int cmd_traceroute(int argc, char **argv)
{
	struct tr_args a;
	struct tr_ctx c = { .a = &a, .out = stdout };
	struct sigaction sa = { .sa_handler = on_signal };
	char err[256], perr[256];
	int rc = tr_args_parse(&a, argc, argv, err, sizeof(err)), big = 1 << 20;

	if (rc == TR_ARGS_HELP)
		return tr_usage(stdout), IK_EXIT_OK;
	if (rc)
		return cli_usage_error("traceroute", "%s", err);
	c.nprobes = (a.max_ttl - a.first_ttl + 1) * a.nqueries;
	c.probes = calloc(c.nprobes, sizeof(*c.probes));
	if (!c.probes)
		return fprintf(stderr, "icmpkit traceroute: out of memory\n"), IK_EXIT_FAIL;
	for (unsigned i = 0; i < c.nprobes; i++)
		c.probes[i].ttl = (uint8_t)(a.first_ttl + i / a.nqueries);
	if (tr_sockets_open(&c, err, sizeof(err)) < 0) {
		fprintf(stderr, "icmpkit traceroute: %s\n", err);
		tr_sockets_close(&c);
		free(c.probes);
		return IK_EXIT_FAIL;
	}
	(void)setsockopt(c.icmp_fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	if (a.run.pcap && !(c.pcap = ik_pcap_writer_open(a.run.pcap, perr))) {
		fprintf(stderr, "icmpkit traceroute: --pcap %s: %s\n", a.run.pcap, perr);
		tr_sockets_close(&c);
		free(c.probes);
		return IK_EXIT_FAIL;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	rc = run(&c);
	ik_pcap_writer_close(c.pcap);
	tr_sockets_close(&c);
	tr_names_free(&c.names);
	free(c.probes);
	return rc;
}
