// SPDX-License-Identifier: MIT
/* router_args.c - `icmpkit router`: the command line, checked up front */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/ipv4.h"

#include "router.h"

/**
 * router_usage() - the --help text
 * @f: output
 */
void router_usage(FILE *f)
{
	fprintf(f,
		"usage: icmpkit router --iface tun:NAME,addr=ADDR/LEN[,peer=ADDR[/LEN]][,mtu=N][,netns=NS]\n"
		"         --iface ... (2 to %d in all; without addr=: an unnumbered interface)\n"
		"         [--iface wire:NAME,sock=PATH,to=PATH[,addr=ADDR/LEN][,mtu=N]]\n"
		"         [--route 'PREFIX via ADDR' | 'PREFIX dev NAME' | 'PREFIX unreachable'\n"
		"                | 'PREFIX prohibit' | 'PREFIX blackhole']... [--route-file FILE]\n"
		"         [--max-routes N] [--set NAME=VALUE]... [--pcap FILE] [--trace]\n"
		"         [--stats-interval S] [--json] [--busy-poll] [--duration S]\n\n"
		"Runs the stack as a router (ip_forward=1) between TUN devices (needs\n"
		"CAP_NET_ADMIN, and CAP_SYS_ADMIN for netns=): creates or attaches each\n"
		"TUN, in namespace /run/netns/NS when netns=NS is given, sets its MTU and\n"
		"gives its kernel side its address over netlink there, drops every\n"
		"capability, prints one \"ready:\" line, then forwards until SIGINT/SIGTERM\n"
		"and prints its counters.\n\n"
		"  --iface tun:NAME,... one port of the router:\n"
		"      addr=ADDR/LEN    the router's address on the link (none: unnumbered,\n"
		"                       routes to it need dev NAME)\n"
		"      peer=ADDR[/LEN]  the kernel side's address (default: the first other\n"
		"                       address of the prefix; none when unnumbered)\n"
		"      addr6=ADDR6/LEN  an IPv6 address too (2001:db8:1::1/64): the router\n"
		"                       forwards IPv6 (ipv6_forwarding=1) and the port gets\n"
		"                       a link-local address\n"
		"      peer6=ADDR6[/LEN] the kernel side's IPv6 address (default: the\n"
		"                       first other address of the prefix)\n"
		"      mtu=N            MTU of both sides, 68..65535 (default 1500)\n"
		"      netns=NS         make the TUN inside network namespace NS\n"
		"  --iface wire:NAME,... a port wired to another icmpkit process (another\n"
		"                      router) with no kernel between: an AF_UNIX datagram\n"
		"                      socket bound at sock=PATH, sending to to=PATH (the\n"
		"                      other end's sock=); addr= and mtu= as for a TUN\n"
		"  --route ROUTE       one route, one argument ('203.0.113.0/24 via\n"
		"                      198.51.100.2'); via picks the interface whose subnet\n"
		"                      holds the gateway, dev NAME is on-link, both may be given;\n"
		"                      PREFIX is A.B.C.D/LEN, A.B.C.D or default (repeatable)\n"
		"  --route-file FILE   routes one per line, same syntax, '#' comments (added\n"
		"                      after the --route ones)\n"
		"  --max-routes N      size of the route table, 1..%u (default %u)\n"
		"  --set NAME=VALUE    a stack setting by its Linux sysctl name (repeatable;\n"
		"                      ip_forward is 1 unless set here)\n"
		"  --pcap FILE         every packet in and out of every port, as one pcapng\n"
		"                      file (one interface per port, directions marked)\n"
		"  --trace             one \"trace:\" line per stack event, naming the interface\n"
		"  --stats-interval S  one \"stats:\" line of counters every S seconds\n"
		"  --json              final counters as one JSON object on one line\n"
		"  --busy-poll         poll the TUNs with non-blocking reads instead of\n"
		"                      sleeping (sleeps again after 100 ms without a packet)\n"
		"  --duration S        stop after S seconds\n\n"
		"Exit status: 0 after a clean stop, 1 when a TUN, a namespace or netlink\n"
		"setup fails, 2 for bad arguments.\n",
		ROUTER_MAX_IFACES, ROUTER_ROUTES_MAX, ROUTER_ROUTES_DEF);
}

enum {
	O_IFACE = 256, O_ROUTE, O_ROUTE_FILE, O_MAX_ROUTES, O_SET,
};

static const struct option opts[] = {
	{ "iface", required_argument, NULL, O_IFACE },
	{ "route", required_argument, NULL, O_ROUTE },
	{ "route-file", required_argument, NULL, O_ROUTE_FILE },
	{ "max-routes", required_argument, NULL, O_MAX_ROUTES },
	{ "set", required_argument, NULL, O_SET },
	CLI_RUN_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

/**
 * route_word_count() - how many argv words after a route's prefix belong
 * to it, as `--route 203.0.113.0/24 via 198.51.100.2` spells it
 * @argv / @argc: arguments; @i: the first word after the prefix
 *
 * Return: words (0 when the route has none there).
 */
static int route_word_count(char **argv, int argc, int i)
{
	int k = i;

	while (k < argc) {
		if ((!strcmp(argv[k], "via") || !strcmp(argv[k], "dev")) && k + 1 < argc)
			k += 2;
		else if (!strcmp(argv[k], "unreachable") || !strcmp(argv[k], "prohibit") ||
			 !strcmp(argv[k], "blackhole"))
			k += 1;
		else
			break;
	}
	return k - i;
}

/**
 * join_routes() - a copy of argv in which each `--route` followed by
 * separate words has them joined into one argument
 * @a: arguments (owns the joined strings); @argc / @argv: the command line;
 * @out: the new argv (freed by the caller, its strings are argv's or @a's)
 *
 * "--route unreachable 203.0.113.0/24" (`ip route` order) is joined too.
 *
 * Return: the new argc, or -1 without memory.
 */
static int join_routes(struct router_args *a, int argc, char **argv, char ***out)
{
	char **nv = calloc((size_t)argc + 1, sizeof(*nv));
	int n = 0;

	a->owned = calloc((size_t)argc + 1, sizeof(*a->owned));
	if (!nv || !a->owned) {
		free(nv);
		return -1;
	}
	for (int i = 0; i < argc; i++) {
		int first, extra;
		size_t len = 0;
		char *j, *q;

		nv[n++] = argv[i];
		if (strcmp(argv[i], "--route") || i + 1 >= argc || strchr(argv[i + 1], ' '))
			continue;
		first = i + 1;
		extra = route_word_count(argv, argc, first + 1);
		if (!extra && i + 2 < argc && route_word_count(argv, argc, first) == 1)
			extra = 1; /* TYPE PREFIX */
		if (!extra)
			continue;
		for (int k = first; k <= first + extra; k++)
			len += strlen(argv[k]) + 1;
		j = malloc(len);
		if (!j) {
			free(nv);
			return -1;
		}
		q = j;
		for (int k = first; k <= first + extra; k++) {
			size_t l = strlen(argv[k]);

			memcpy(q, argv[k], l);
			q += l;
			*q++ = k < first + extra ? ' ' : '\0';
		}
		a->owned[a->nowned++] = j;
		nv[n++] = j;
		i = first + extra;
	}
	nv[n] = NULL;
	*out = nv;
	return n;
}

/**
 * add_iface() - one --iface, checked against the others
 * @a: arguments; @spec: its text; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
static int add_iface(struct router_args *a, const char *spec, char *err, size_t errlen)
{
	struct router_iface_arg f;
	char s1[16];

	if (router_iface_parse(spec, &f, err, errlen) < 0)
		return CLI_ARGS_ERROR;
	if (a->niface >= ROUTER_MAX_IFACES)
		return cli_arg_fail(err, errlen, "at most %d --iface options", ROUTER_MAX_IFACES);
	for (unsigned i = 0; i < a->niface; i++) {
		if (!strcmp(a->iface[i].name, f.name))
			return cli_arg_fail(err, errlen, "--iface %s given twice", f.name);
		if (f.addr && a->iface[i].addr == f.addr)
			return cli_arg_fail(err, errlen, "--iface %s: addr %s is already %s's",
					    f.name, ik_ipv4_addr_str(f.addr, s1), a->iface[i].name);
	}
	a->iface[a->niface++] = f;
	return 0;
}

/**
 * parse_opts() - the getopt loop
 * @a: arguments; @argc / @argv: the joined command line; @err / @errlen:
 * message
 *
 * Return: 0, CLI_ARGS_HELP or CLI_ARGS_ERROR.
 */
static int parse_opts(struct router_args *a, int argc, char **argv, char *err, size_t errlen)
{
	unsigned long long v;
	int opt;

	optind = 0; /* full reinitialisation: callable more than once */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		const char *arg = optarg;

		switch (opt) {
		case O_IFACE:
			if (add_iface(a, arg, err, errlen) < 0)
				return CLI_ARGS_ERROR;
			break;
		case O_ROUTE:
			a->route_text[a->nroute_text++] = arg;
			break;
		case O_ROUTE_FILE:
			if (a->route_file)
				return cli_arg_fail(err, errlen, "--route-file given twice");
			if (!*arg)
				return cli_arg_fail(err, errlen, "--route-file needs a file name");
			a->route_file = arg;
			break;
		case O_MAX_ROUTES:
			if (cli_parse_ulong(arg, 1, ROUTER_ROUTES_MAX, &v) < 0)
				return cli_arg_fail(err, errlen, "--max-routes needs 1..%u, not '%s'",
						    ROUTER_ROUTES_MAX, arg);
			a->max_routes = (unsigned)v;
			break;
		case O_SET:
			if (cli_add_setting(a->set, &a->nset, ROUTER_MAX_SETS, arg, err, errlen) < 0)
				return CLI_ARGS_ERROR;
			break;
		default: {
			int rc = cli_run_opt(&a->run, opt, arg, argv, optind, err, errlen);

			if (rc)
				return rc;
			break;
		}
		}
	}
	if (optind < argc)
		return cli_arg_fail(err, errlen, "unexpected argument '%s'", argv[optind]);
	return 0;
}

/**
 * router_args_parse() - parse and check the command line
 * @a: filled; @argc / @argv: arguments ("router" first); @err / @errlen:
 * message on error
 *
 * Return: 0, CLI_ARGS_HELP or CLI_ARGS_ERROR.
 */
int router_args_parse(struct router_args *a, int argc, char **argv, char *err, size_t errlen)
{
	char **jv = NULL;
	int jc, r;

	memset(a, 0, sizeof(*a));
	a->max_routes = ROUTER_ROUTES_DEF;
	jc = join_routes(a, argc, argv, &jv);
	a->route_text = calloc((size_t)argc + 1, sizeof(*a->route_text));
	if (jc < 0 || !a->route_text) {
		free(jv);
		return cli_arg_fail(err, errlen, "out of memory");
	}
	r = parse_opts(a, jc, jv, err, errlen);
	free(jv);
	if (r)
		return r;
	if (a->niface < ROUTER_MIN_IFACES)
		return cli_arg_fail(err, errlen, "needs at least %d --iface options, not %u",
				    ROUTER_MIN_IFACES, a->niface);
	return router_routes_load(a, err, errlen);
}

/**
 * router_args_free() - release what router_args_parse() allocated
 * @a: arguments
 */
void router_args_free(struct router_args *a)
{
	for (unsigned i = 0; i < a->nowned; i++)
		free(a->owned[i]);
	free(a->owned);
	free(a->route_text);
	free(a->routes);
	a->owned = NULL;
	a->route_text = NULL;
	a->routes = NULL;
	a->nowned = 0;
	a->nroute_text = 0;
	a->nroutes = a->routes_cap = 0;
}
