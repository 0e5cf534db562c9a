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
#include "icmpkit/ipv6.h"
#include "icmpkit/stack6.h"
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
 * print_ready() - the "ready:" line: the TUN, the IPv4 ends (as before),
 * then the IPv6 ends ("stack6 ADDR/LEN kernel6 ADDR/LEN") when given
 * @h: host
 */
static void print_ready(const struct host *h)
{
	const struct host_args *a = h->a;
	char s1[IK_IPV6_ADDR_STRLEN], s2[IK_IPV6_ADDR_STRLEN];

	printf("ready: tun %s", h->tun.name);
	if (a->have4)
		printf(" stack %s/%u kernel %s/%u", ik_ipv4_addr_str(a->addr, s1), a->prefix,
		       ik_ipv4_addr_str(a->peer, s2), a->peer_prefix);
	if (a->have6)
		printf(" stack6 %s/%u kernel6 %s/%u", ik_ipv6_addr_str(a->link6.addr, s1),
		       a->link6.prefix, ik_ipv6_addr_str(a->link6.peer, s2), a->link6.peer_prefix);
	printf(" mtu %u\n", a->mtu);
}

/**
 * make_stack6() - the stack's IPv6 address (and its link-local one), and
 * a route to a --peer outside its prefix
 * @h: host; @err / @errlen: message
 *
 * Return: 0, or -1.
 */
static int make_stack6(struct host *h, char *err, size_t errlen)
{
	const struct cli_link6 *k = &h->a->link6;
	struct ik_route6_spec r = { .prefix = k->peer_prefix, .ifindex = h->ifindex };
	int rc = ik_stack_add_addr6(h->s, h->ifindex, k->addr, k->prefix);

	if (rc < 0) {
		snprintf(err, errlen, "cannot add the IPv6 address: %s", ik_strerror(rc));
		return -1;
	}
	memcpy(r.dst, k->peer, 16);
	if (k->peer_prefix != k->prefix && ik_stack_route6_add(h->s, &r) < 0) {
		snprintf(err, errlen, "cannot add the route to the IPv6 --peer");
		return -1;
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
	static const struct ik_dev_ops ops = { .xmit = host_xmit, .xmit6 = host_xmit6 };
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
	if (a->have6 && make_stack6(h, err, errlen) < 0)
		return -2;
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
	if (a->have6 && ik_tun_addr6(&h->tun, a->link6.peer, a->link6.peer_prefix, err, errlen) < 0)
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
	char err[1400];
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
		print_ready(&h);
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
