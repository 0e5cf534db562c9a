// SPDX-License-Identifier: MIT
/* router.c - `icmpkit router`: the stack forwarding between TUN devices and
 * wires */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "icmpkit/err.h"
#include "icmpkit/ipv6.h"
#include "icmpkit/stack6.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/netlink.h"

#include "cli.h"
#include "router.h"

#define SETUP_USAGE -1 /* make_stack(): a usage error (exit 2) */
#define SETUP_FAIL  -2 /* make_stack(): anything else (exit 1) */

/**
 * route_str() - a route as the command line would give it
 * @a: arguments; @r: route; @buf / @len: output
 *
 * Return: @buf.
 */
static const char *route_str(const struct router_args *a, const struct router_route *r,
			     char *buf, size_t len)
{
	char d[16], g[16];

	ik_ipv4_addr_str(r->dst, d);
	if (r->type != IK_ROUTE_UNICAST)
		snprintf(buf, len, "%s/%u %s", d, r->prefix, router_route_type_name(r->type));
	else if (r->gw)
		snprintf(buf, len, "%s/%u via %s dev %s", d, r->prefix, ik_ipv4_addr_str(r->gw, g),
			 a->iface[r->iface].name);
	else
		snprintf(buf, len, "%s/%u dev %s", d, r->prefix, a->iface[r->iface].name);
	return buf;
}

/**
 * add_ports() - one stack interface per --iface, and the route to a peer
 * the interface's own prefix does not cover
 * @r: router; @err / @errlen: message
 *
 * Return: 0, or SETUP_FAIL.
 */
static int add_ports(struct router *r, char *err, size_t errlen)
{
	const struct router_args *a = r->a;

	for (unsigned i = 0; i < a->niface; i++) {
		const struct router_iface_arg *f = &a->iface[i];
		uint32_t smask = ik_ipv4_prefix_mask(f->prefix);
		struct router_route pr = { .dst = f->peer & ik_ipv4_prefix_mask(f->peer_prefix),
					   .prefix = f->peer_prefix, .iface = i };
		int ifx = ik_stack_add_iface(r->s, f->name, f->addr, f->prefix, f->mtu);

		if (ifx < 0) {
			snprintf(err, errlen, "--iface %s: the stack refused the interface: %s%s",
				 f->name, ik_strerror(ifx),
				 f->addr ? "" : " (this build of the stack has no unnumbered interfaces)");
			return SETUP_FAIL;
		}
		r->port[i].arg = f;
		r->port[i].ifindex = (unsigned)ifx;
		r->port[i].tun.fd = -1;
		r->port[i].wire.fd = -1;
		r->port[i].watch.fd = -1;
		r->port[i].fd = -1;
		r->nports = i + 1;
		if (f->peer && (!f->addr || (f->peer & smask) != (f->addr & smask)) &&
		    router_route_install(r->s, &pr, (unsigned)ifx) < 0) {
			snprintf(err, errlen, "--iface %s: cannot add the route to its peer", f->name);
			return SETUP_FAIL;
		}
		if (f->have6) {
			int rc = ik_stack_add_addr6(r->s, (unsigned)ifx, f->link6.addr,
						    f->link6.prefix);

			/* an IPv6 router: set before --set, which may undo it */
			if (rc == 0)
				rc = ik_stack_set(r->s, "ipv6_forwarding", 1);
			if (rc < 0) {
				snprintf(err, errlen, "--iface %s: the stack refused addr6: %s",
					 f->name, ik_strerror(rc));
				return SETUP_FAIL;
			}
		}
	}
	return 0;
}

/**
 * add_routes() - every --route and --route-file route
 * @r: router; @err / @errlen: message
 *
 * Return: 0, or SETUP_USAGE (table too small, route refused).
 */
static int add_routes(struct router *r, char *err, size_t errlen)
{
	const struct router_args *a = r->a;
	char rs[96];

	for (size_t i = 0; i < a->nroutes; i++) {
		const struct router_route *rt = &a->routes[i];
		int rc = router_route_install(r->s, rt, r->port[rt->iface].ifindex);

		if (rc == -IK_ENOMEM) {
			snprintf(err, errlen, "--max-routes %u: the table is full at route '%s'",
				 a->max_routes, route_str(a, rt, rs, sizeof(rs)));
			return SETUP_USAGE;
		}
		if (rc < 0) {
			snprintf(err, errlen, "route '%s': the stack refused it: %s",
				 route_str(a, rt, rs, sizeof(rs)), ik_strerror(rc));
			return SETUP_USAGE;
		}
	}
	return 0;
}

/**
 * apply_settings() - ip_forward=1, then every --set (which may undo it)
 * @r: router; @err / @errlen: message
 *
 * Return: 0, or SETUP_USAGE (a value the stack refused).
 */
static int apply_settings(struct router *r, char *err, size_t errlen)
{
	const struct router_args *a = r->a;

	if (ik_stack_set(r->s, "ip_forward", 1) < 0) {
		snprintf(err, errlen, "the stack refused ip_forward=1");
		return SETUP_FAIL;
	}
	for (unsigned i = 0; i < a->nset; i++) {
		const struct cli_setting *st = &a->set[i];
		char name[64];

		snprintf(name, sizeof(name), "%.*s", (int)st->name_len, st->name);
		if (ik_stack_set(r->s, name, st->value) < 0) {
			snprintf(err, errlen, "--set %s: value %ld out of range", name, st->value);
			return SETUP_USAGE;
		}
	}
	return 0;
}

/**
 * make_stack() - the stack with its interfaces, routes and settings
 * @r: router (r->a set); @err / @errlen: message
 *
 * Return: 0, SETUP_USAGE or SETUP_FAIL.
 */
static int make_stack(struct router *r, char *err, size_t errlen)
{
	static const struct ik_dev_ops ops = { .xmit = router_xmit, .xmit6 = router_xmit6 };
	const struct router_args *a = r->a;
	struct ik_stack_config cfg = { .max_ifaces = a->niface, .max_routes = a->max_routes };
	int rc;

	if (getrandom(&cfg.seed, sizeof(cfg.seed), 0) != (ssize_t)sizeof(cfg.seed))
		cfg.seed = cli_now() ^ (uint64_t)time(NULL) << 20;
	r->s = ik_stack_new(&cfg, &ops, r);
	if (!r->s) {
		snprintf(err, errlen, "cannot create the stack (%u routes): out of memory",
			 a->max_routes);
		return SETUP_FAIL;
	}
	if ((rc = add_ports(r, err, errlen)) < 0)
		return rc;
	if ((rc = apply_settings(r, err, errlen)) < 0)
		return rc;
	return add_routes(r, err, errlen);
}

/**
 * open_port() - make a port's TUN, in its namespace when it has one, and
 * configure its kernel side there
 * @p: port; @err / @errlen: message
 *
 * Return: 0, or a negative errno.
 */
static int open_port(struct router_port *p, char *err, size_t errlen)
{
	const struct router_iface_arg *f = p->arg;
	int r;

	if (f->wire) {
		r = ik_wire_open(&p->wire, f->sock, f->to);
		if (r < 0)
			snprintf(err, errlen, "--iface %s: cannot bind the wire at %s: %s", f->name,
				 f->sock, r == -EEXIST ? "a file that is not a socket is there" :
				 strerror(-r));
		p->fd = p->wire.fd;
		return r;
	}
	r = cli_tun_up_in(&p->tun, f->netns, f->name, f->mtu, f->peer, f->peer_prefix,
			  f->have6 ? &f->link6 : NULL, &p->watch, err, errlen);
	p->fd = p->tun.fd;
	return r;
}

/**
 * open_pcap() - the pcapng file, one interface per port
 * @r: router; @err / @errlen: message
 *
 * Return: 0, or -1.
 */
static int open_pcap(struct router *r, char *err, size_t errlen)
{
	char perr[256];

	r->pcap = ik_pcapng_open(r->a->run.pcap, "icmpkit router", perr);
	if (!r->pcap) {
		snprintf(err, errlen, "--pcap: %s", perr);
		return -1;
	}
	for (unsigned i = 0; i < r->nports; i++) {
		int id = ik_pcapng_add_iface(r->pcap, r->port[i].arg->name, IK_PCAPNG_LINKTYPE_IPV4);

		if (id < 0) {
			snprintf(err, errlen, "--pcap %s: %s", r->a->run.pcap, strerror(-id));
			return -1;
		}
		r->port[i].pcap_id = (unsigned)id;
	}
	return 0;
}

/**
 * setup() - everything before the loop: usage errors first, privileges
 * shortest
 * @r: router; @err / @errlen: message
 *
 * Return: IK_EXIT_OK, or the exit status to fail with (message in @err).
 */
static int setup(struct router *r, char *err, size_t errlen)
{
	int rc = make_stack(r, err, errlen);

	if (rc < 0)
		return rc == SETUP_USAGE ? IK_EXIT_USAGE : IK_EXIT_FAIL;
	if (ik_tun_batch_init(&r->batch, HOST_BATCH_DEF) < 0) {
		snprintf(err, errlen, "cannot allocate %d read buffers", HOST_BATCH_DEF);
		return IK_EXIT_FAIL;
	}
	if (r->a->run.pcap && open_pcap(r, err, errlen) < 0)
		return IK_EXIT_FAIL;
	for (unsigned i = 0; i < r->nports; i++)
		if (open_port(&r->port[i], err, errlen) < 0)
			return IK_EXIT_FAIL;
	if (host_drop_caps(err, errlen) < 0)
		return IK_EXIT_FAIL;
	return IK_EXIT_OK;
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
 * print_ready() - "ready: router N interfaces NAME=ADDR/LEN ..."
 * @r: router
 */
static void print_ready(const struct router *r)
{
	char s[IK_IPV6_ADDR_STRLEN];

	printf("ready: router %u interfaces", r->nports);
	for (unsigned i = 0; i < r->nports; i++) {
		const struct router_iface_arg *f = r->port[i].arg;

		if (f->addr)
			printf(" %s=%s/%u", f->name, ik_ipv4_addr_str(f->addr, s), f->prefix);
		else
			printf(" %s=unnumbered", f->name);
		if (f->have6) /* after the IPv4 word, which scripts read */
			printf(",%s/%u", ik_ipv6_addr_str(f->link6.addr, s), f->link6.prefix);
	}
	printf("\n");
	fflush(stdout);
}

/**
 * run() - the loop and the final counters
 * @r: set-up router
 *
 * Return: exit status.
 */
static int run(struct router *r)
{
	struct host_iface_report ifs[ROUTER_MAX_IFACES];
	struct host_report rep;
	int status = IK_EXIT_OK, rc;

	r->lp.t0 = cli_now();
	r->pcap_off = clock_offset();
	ik_stack_set_wallclock(r->s, r->pcap_off);
	if (r->a->run.trace)
		ik_stack_set_trace(r->s, router_trace, r);
	print_ready(r);
	rc = router_loop_run(r);
	/* a read that failed because a TUN went away says so */
	if (rc < 0 && router_link_fault(r))
		rc = 0;
	if (rc < 0) {
		fprintf(stderr, "icmpkit router: %s: %s\n", r->lp.reason, strerror(-rc));
		status = IK_EXIT_FAIL;
	} else if (r->lp.fault) {
		fprintf(stderr, "icmpkit router: %s\n", r->lp.reason);
		status = IK_EXIT_FAIL;
	}
	ik_stack_set_trace(r->s, NULL, NULL);
	router_pcap_account(r);
	rc = ik_pcapng_close(r->pcap);
	r->pcap = NULL;
	/* a write that failed during the run was warned of and counted */
	if (rc < 0 && !r->pcap_warned) {
		fprintf(stderr, "icmpkit router: --pcap %s: %s\n", r->a->run.pcap, strerror(-rc));
		status = IK_EXIT_FAIL;
	}
	router_report(r, &rep, ifs, cli_now());
	host_stats_final(stdout, &rep, r->a->run.json);
	return status;
}

/**
 * cmd_router() - `icmpkit router`
 * @argc: count; @argv: arguments ("router" first)
 *
 * Return: exit status.
 */
int cmd_router(int argc, char **argv)
{
	static struct router_args a; /* argv-backed, so lives as long */
	static struct router r;
	char err[1400];
	sigset_t set;
	int rc, status;

	rc = router_args_parse(&a, argc, argv, err, sizeof(err));
	if (rc == CLI_ARGS_HELP) {
		router_args_free(&a);
		return router_usage(stdout), IK_EXIT_OK;
	}
	if (rc != 0) {
		router_args_free(&a);
		return cli_usage_error("router", "%s", err);
	}
	/* Signals stay pending during setup; the loop takes them (loop.c). */
	signal(SIGPIPE, SIG_IGN);
	cli_loop_signals(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);

	memset(&r, 0, sizeof(r));
	r.a = &a;
	r.lp.out = stdout;
	for (unsigned i = 0; i < ROUTER_MAX_IFACES; i++)
		r.port[i].tun.fd = r.port[i].wire.fd = r.port[i].watch.fd = r.port[i].fd = -1;
	status = setup(&r, err, sizeof(err));
	if (status == IK_EXIT_USAGE)
		cli_usage_error("router", "%s", err);
	else if (status != IK_EXIT_OK)
		fprintf(stderr, "icmpkit router: %s\n", err);
	else
		status = run(&r);
	ik_pcapng_close(r.pcap);
	for (unsigned i = 0; i < r.nports; i++) {
		ik_tun_close(&r.port[i].tun);
		ik_wire_close(&r.port[i].wire);
		cli_link_watch_close(&r.port[i].watch);
	}
	ik_tun_batch_free(&r.batch);
	ik_stack_free(r.s);
	router_args_free(&a);
	return status;
}
