// SPDX-License-Identifier: MIT
/* ping.c - `icmpkit ping`: the run, from the command line to the statistics */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icmpkit/ipv4.h"
#include "icmpkit/pcapio.h"

#include "cli.h"
#include "ping.h"
#include "ping_multi.h"
#include "ping_stack.h"

static volatile sig_atomic_t stop_flag;

/**
 * on_signal() - SIGINT / SIGTERM / SIGALRM: finish with the statistics
 * @sig: the signal
 */
static void on_signal(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/**
 * send_due() - send a request; -O reports the one before it if unanswered
 * @p: the run
 *
 * Return: ping_send()'s result.
 */
static int send_due(struct ping *p)
{
	ping_before_send(p);
	return ping_send(p);
}

/**
 * run_loop() - send on the interval, read until the count, the deadline or
 * a signal: after the last request, wait 2 x the longest RTT when a reply
 * came, else -W (as iputils)
 * @p: the run
 *
 * Return: 0, or -1 on a fatal socket error.
 */
static int run_loop(struct ping *p)
{
	const struct ping_opts *o = &p->o;
	struct ping_pace pc = { .next = p->start_ns };
	bool sent = false;

	for (unsigned i = 1; i < o->preload && (!o->count || p->st.transmitted < (long)o->count); i++)
		if (send_due(p) < 0)
			return -1;
	while (!stop_flag) {
		uint64_t now = ping_now_ns(), wake = 0;
		struct pollfd pf = { .fd = p->fd, .events = POLLIN | POLLERR };
		int step = ping_pace(p, &pc, now, &wake), tmo, rd = 0;

		if (step == PING_STOP)
			break;
		if (step == PING_SEND) {
			if (send_due(p) < 0)
				return -1;
			ping_pace_sent(p, &pc, now);
			sent = true;
			continue;
		}
		tmo = wake > now ? (int)((wake - now + 999999) / 1000000) : 0;
		/* flood: a peer over veth or loopback answers within sendto(),
		 * so read before poll(); poll() only when nothing waited (a
		 * pending error fails this read, and poll() says POLLERR) */
		if (sent && !o->interval_ns && (rd = ping_recv(p, false)) < 0)
			return -1;
		if (!sent || o->interval_ns || !rd) {
			if (poll(&pf, 1, tmo) < 0 && errno != EINTR)
				return -1;
			if (pf.revents && ping_recv(p, pf.revents & POLLERR) < 0)
				return -1;
		}
		sent = false;
		ping_pace_answered(p, &pc);
	}
	return 0;
}

/**
 * open_capture() - --pcap's writer
 * @p: the run
 *
 * Return: 0, or -1 with the message printed.
 */
static int open_capture(struct ping *p)
{
	char perr[256];

	if (p->o.run.pcap && !(p->pcap = ik_pcap_writer_open(p->o.run.pcap, perr))) {
		fprintf(stderr, "icmpkit ping: --pcap %s: %s\n", p->o.run.pcap, perr);
		return -1;
	}
	return 0;
}

/**
 * run_multi() - fping's mode: the targets, one socket, the run
 * @p: the run
 *
 * Return: the exit status.
 */
static int run_multi(struct ping *p)
{
	static struct ping_multi m;
	char err[256];
	int rc;

	p->multi = &m;
	if (ping_targets_build(p) < 0)
		return IK_EXIT_USAGE;
	p->dst = m.t[0].addr;
	ik_ipv4_addr_str(p->dst, p->dst_str);
	if (ping_sock_open(p, err, sizeof(err)) < 0) {
		fprintf(stderr, "icmpkit ping: %s\n", err);
		return IK_EXIT_USAGE;
	}
	if (open_capture(p) < 0)
		return IK_EXIT_USAGE;
	rc = ping_multi_run(p);
	ik_pcap_writer_close(p->pcap);
	close(p->fd);
	free(m.t);
	return rc;
}

/**
 * cmd_ping() - `icmpkit ping`
 * @argc / @argv: arguments ("ping" first)
 *
 * Return: 0 when a reply came, 1 when none did (or fewer than -c within -w),
 * 2 for bad arguments and other errors.
 */
int cmd_ping(int argc, char **argv)
{
	static struct ping p;
	struct sigaction sa = { .sa_handler = on_signal };
	char err[256];
	int rc;

	rc = ping_args_parse(&p.o, argc, argv, err, sizeof(err));
	if (rc == CLI_ARGS_HELP)
		return ping_usage(stdout), IK_EXIT_OK;
	if (rc)
		return cli_usage_error("ping", "%s", err);
	if (p.o.stack) /* through icmpkit's own stack on a TUN (ping_stack.c) */
		return ping_stack_cmd(&p);
	if (p.o.multi)
		return run_multi(&p);
	if (ping_resolve(&p, p.o.target, &p.dst, err, sizeof(err)) < 0) {
		fprintf(stderr, "icmpkit ping: %s\n", err);
		return IK_EXIT_USAGE;
	}
	ik_ipv4_addr_str(p.dst, p.dst_str);
	p.sent_ns = calloc(PING_NSEQ, sizeof(*p.sent_ns));
	p.seen = calloc(PING_NSEQ / 8, 1);
	if (!p.sent_ns || !p.seen) {
		fprintf(stderr, "icmpkit ping: out of memory\n");
		return IK_EXIT_USAGE;
	}
	if (ping_sock_open(&p, err, sizeof(err)) < 0) {
		fprintf(stderr, "icmpkit ping: %s\n", err);
		return IK_EXIT_USAGE;
	}
	if (open_capture(&p) < 0)
		return IK_EXIT_USAGE;
	p.timing = p.o.datalen >= 16;
	p.st.tmin = 0x7fffffffffffffffLL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	ping_out_header(&p);
	p.start_ns = p.last_ns = ping_now_ns();
	rc = run_loop(&p);
	if (rc < 0)
		fprintf(stderr, "icmpkit ping: %s\n", strerror(errno));
	ping_timeouts_json(&p);
	ping_out_summary(&p, p.last_ns - p.start_ns);
	ik_pcap_writer_close(p.pcap);
	close(p.fd);
	free(p.sent_ns);
	free(p.seen);
	if (rc < 0)
		return IK_EXIT_USAGE;
	if (!p.st.received || (p.o.deadline_ns && p.o.count && p.st.received < (long)p.o.count))
		return IK_EXIT_FAIL;
	return IK_EXIT_OK;
}
