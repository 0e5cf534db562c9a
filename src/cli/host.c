// SPDX-License-Identifier: MIT
/* host.c - `icmpkit host`: the stack as a host on a TUN device */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "icmpkit/err.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/netlink.h"
#include "icmpkit/sock.h"

#include "cli.h"
#include "host.h"

/**
 * apply_settings() - every --set, through ik_stack_set()
 * @s: stack; @a: arguments; @err / @errlen: message
 *
 * Return: 0, or -1 (a value the stack refused).
 */
static int apply_settings(struct ik_stack *s, const struct host_args *a, char *err, size_t errlen)
{
	for (unsigned i = 0; i < a->nset; i++) {
		const struct cli_setting *st = &a->set[i];
		char name[64];
		int r;

		snprintf(name, sizeof(name), "%.*s", (int)st->name_len, st->name);
		r = ik_stack_set(s, name, st->value); /* the name was checked by host_args */
		if (r < 0) {
			snprintf(err, errlen, "--set %s: value %ld out of range", name, st->value);
			return -1;
		}
	}
	return 0;
}

/**
 * make_stack() - the stack with one interface, its routes and settings
 * @h: host (h->a set); @err / @errlen: message
 *
 * Return: 0, -1 for a setting refused (a usage error), -2 otherwise.
 */
static int make_stack(struct host *h, char *err, size_t errlen)
{
	const struct host_args *a = h->a;
	static const struct ik_dev_ops ops = { .xmit = host_xmit };
	struct ik_stack_config cfg = { 0 };
	uint32_t pmask = ik_ipv4_prefix_mask(a->peer_prefix);
	uint32_t smask = ik_ipv4_prefix_mask(a->prefix);
	int ifx;

	if (getrandom(&cfg.seed, sizeof(cfg.seed), 0) != (ssize_t)sizeof(cfg.seed))
		cfg.seed = cli_now() ^ (uint64_t)time(NULL) << 20;
	h->s = ik_stack_new(&cfg, &ops, h);
	if (!h->s) {
		snprintf(err, errlen, "cannot create the stack: out of memory");
		return -2;
	}
	ifx = ik_stack_add_iface(h->s, a->tun, a->addr, a->prefix, a->mtu);
	if (ifx < 0) {
		snprintf(err, errlen, "cannot add interface: %s", ik_strerror(ifx));
		return -2;
	}
	h->ifindex = (unsigned)ifx;
	/* A --peer outside the stack's prefix is still on the link. */
	if ((a->peer & smask) != (a->addr & smask) &&
	    ik_stack_add_route(h->s, a->peer & pmask, a->peer_prefix, 0, h->ifindex) < 0) {
		snprintf(err, errlen, "cannot add the route to --peer");
		return -2;
	}
	return apply_settings(h->s, a, err, errlen);
}

/**
 * clock_offset() - CLOCK_REALTIME minus CLOCK_MONOTONIC, for pcap times
 *
 * Return: nanoseconds.
 */
static uint64_t clock_offset(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec - cli_now();
}

/**
 * setup() - everything before the loop, in the order that keeps usage
 * errors first and privileges shortest
 * @h: host; @err / @errlen: message
 *
 * Return: IK_EXIT_OK, or the exit status to fail with (message in @err).
 */
static int setup(struct host *h, char *err, size_t errlen)
{
	const struct host_args *a = h->a;
	char perr[256];
	int r;

	r = make_stack(h, err, errlen);
	if (r < 0)
		return r == -1 ? IK_EXIT_USAGE : IK_EXIT_FAIL;
	if (host_apps_open(&h->apps, h->s, a, err, errlen) < 0)
		return IK_EXIT_FAIL;
	if (ik_tun_batch_init(&h->batch, a->batch) < 0) {
		snprintf(err, errlen, "cannot allocate %u read buffers", a->batch);
		return IK_EXIT_FAIL;
	}
	if (a->run.pcap && !(h->pcap = ik_pcap_writer_open(a->run.pcap, perr))) {
		snprintf(err, errlen, "--pcap: %s", perr);
		return IK_EXIT_FAIL;
	}
	if (ik_tun_bring_up(&h->tun, h->a->tun, h->a->mtu, h->a->peer, h->a->peer_prefix, err,
			    errlen) < 0)
		return IK_EXIT_FAIL;
	if ((r = cli_link_watch_open(&h->watch, h->tun.name)) < 0) {
		snprintf(err, errlen, "cannot watch TUN %s: %s", h->tun.name, strerror(-r));
		return IK_EXIT_FAIL;
	}
	if (host_drop_caps(err, errlen) < 0)
		return IK_EXIT_FAIL;
	return IK_EXIT_OK;
}

/**
 * cmd_host() - `icmpkit host`
 * @argc: count; @argv: arguments ("host" first)
 *
 * Return: exit status.
 */
int cmd_host(int argc, char **argv)
{
	static struct host_args a; /* large; and argv-backed, so lives as long */
	struct host h;
	struct host_report rep;
	char err[1400], s1[16], s2[16];
	sigset_t set;
	int r, status;

	r = host_args_parse(&a, argc, argv, err, sizeof(err));
	if (r == HOST_ARGS_HELP)
		return host_usage(stdout), IK_EXIT_OK;
	if (r != 0)
		return cli_usage_error("host", "%s", err);

	/* Signals stay pending during setup; the loop takes them (loop.c). */
	signal(SIGPIPE, SIG_IGN);
	cli_loop_signals(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);

	memset(&h, 0, sizeof(h));
	h.a = &a;
	h.lp.out = stdout;
	h.tun.fd = -1;
	h.watch.fd = -1;
	status = setup(&h, err, sizeof(err));
	if (status == IK_EXIT_USAGE) {
		cli_usage_error("host", "%s", err);
	} else if (status != IK_EXIT_OK) {
		fprintf(stderr, "icmpkit host: %s\n", err);
	} else {
		h.lp.t0 = cli_now();
		h.pcap_off = clock_offset();
		/* RFC 792 timestamps count ms since midnight UT: real time */
		ik_stack_set_wallclock(h.s, h.pcap_off);
		if (a.run.trace)
			ik_stack_set_trace(h.s, host_trace, &h);
		printf("ready: tun %s stack %s/%u kernel %s/%u mtu %u\n", h.tun.name,
		       ik_ipv4_addr_str(a.addr, s1), a.prefix, ik_ipv4_addr_str(a.peer, s2),
		       a.peer_prefix, a.mtu);
		fflush(stdout);
		r = host_loop_run(&h);
		/* a read that failed because the TUN went away says so */
		if (r < 0 && cli_link_fault(&h.watch, h.why, sizeof(h.why))) {
			h.lp.reason = h.why;
			h.lp.fault = true;
			r = 0;
		}
		if (r < 0) {
			fprintf(stderr, "icmpkit host: %s: %s\n", h.lp.reason, strerror(-r));
			status = IK_EXIT_FAIL;
		} else if (h.lp.fault) {
			fprintf(stderr, "icmpkit host: %s\n", h.lp.reason);
			status = IK_EXIT_FAIL;
		}
		ik_stack_set_trace(h.s, NULL, NULL);
		host_pcap_account(&h);
		ik_pcap_writer_close(h.pcap);
		h.pcap = NULL;
		host_report_now(&h, &rep);
		host_stats_final(stdout, &rep, a.run.json);
	}
	ik_pcap_writer_close(h.pcap);
	ik_tun_close(&h.tun);
	cli_link_watch_close(&h.watch);
	ik_tun_batch_free(&h.batch);
	if (h.s)
		host_apps_close(&h.apps, h.s);
	ik_stack_free(h.s);
	return status;
}
