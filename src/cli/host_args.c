// SPDX-License-Identifier: MIT
/* host_args.c - `icmpkit host`: the command line, checked up front */
#include <getopt.h>
#include <string.h>

#include "icmpkit/ipv4.h"
#include "icmpkit/stack.h"
#include "icmpkit/tun.h"

#include "args.h"
#include "host.h"

/**
 * host_usage() - the --help text
 * @f: output
 */
void host_usage(FILE *f)
{
	fprintf(f,
		"usage: icmpkit host --tun NAME --addr ADDR/LEN [--addr ADDR6/LEN]\n"
		"         [--peer ADDR/LEN] [--peer ADDR6/LEN] [--mtu N]\n"
		"         [--udp-echo PORT]... [--udp-sink PORT]... [--raw PROTO]...\n"
		"         [--pcap FILE] [--trace] [--stats-interval S] [--busy-poll]\n"
		"         [--set SYSCTL=VALUE]... [--json] [--count-limit N] [--duration S]\n"
		"         [--batch N]\n\n"
		"Runs the stack as a host on a TUN device (needs CAP_NET_ADMIN): creates or\n"
		"attaches NAME, brings it up, sets its MTU and gives the kernel side its\n"
		"address over netlink, drops every capability, prints one \"ready:\" line,\n"
		"then answers the kernel until SIGINT/SIGTERM and prints its counters.\n\n"
		"  --tun NAME          TUN device (created if missing, <= 15 characters)\n"
		"  --addr ADDR/LEN     the stack's address and prefix; once for IPv4 and/or\n"
		"                      once for IPv6 (2001:db8:1::2/64), which also gives\n"
		"                      the stack a link-local address\n"
		"  --peer ADDR[/LEN]   the kernel side's address, per family (default: the\n"
		"                      first other address of the prefix, e.g. .1 for\n"
		"                      192.0.2.2/24, 2001:db8:1::1 for 2001:db8:1::2/64)\n"
		"  --mtu N             MTU of both sides, 68..65535 (default 1500)\n"
		"  --udp-echo PORT     UDP socket that sends every datagram back (repeatable)\n"
		"  --udp-sink PORT     UDP socket that reads and counts (repeatable)\n"
		"  --raw PROTO         raw socket for protocol 1..255 printing one \"raw:\"\n"
		"                      line per datagram (repeatable)\n"
		"  --set NAME=VALUE    a stack setting by its Linux sysctl name (repeatable)\n"
		"  --pcap FILE         every packet in and out of the TUN\n"
		"  --trace             one \"trace:\" line per stack event\n"
		"  --stats-interval S  one \"stats:\" line of counters every S seconds\n"
		"  --busy-poll         poll the TUN with non-blocking reads instead of sleeping\n"
		"                      (sleeps again after 100 ms without a packet)\n"
		"  --json              final counters as one JSON object on one line\n"
		"  --count-limit N     stop after N packets from the kernel\n"
		"  --duration S        stop after S seconds\n"
		"  --batch N           packets read ahead when a burst is queued, 1..1024\n"
		"                      (default %d)\n\n"
		"Every other port and protocol is closed. Exit status: 0 after a clean stop,\n"
		"1 when the TUN or netlink setup fails, 2 for bad arguments.\n",
		HOST_BATCH_DEF);
}

/**
 * add_port() - append a port to @list after checking it is not in use
 * @a: arguments (to check every list); @list / @n: where; @arg: text;
 * @opt: option name; @err / @errlen: message
 *
 * Return: 0, or HOST_ARGS_ERROR.
 */
static int add_port(struct host_args *a, uint16_t *list, unsigned *n, const char *arg,
		    const char *opt, char *err, size_t errlen)
{
	unsigned long long v;

	if (cli_parse_ulong(arg, 1, 65535, &v) < 0)
		return cli_arg_fail(err, errlen, "%s needs a port 1..65535, not '%s'", opt, arg);
	for (unsigned i = 0; i < a->necho; i++)
		if (a->echo[i] == v)
			return cli_arg_fail(err, errlen, "port %llu given twice", v);
	for (unsigned i = 0; i < a->nsink; i++)
		if (a->sink[i] == v)
			return cli_arg_fail(err, errlen, "port %llu given twice", v);
	if (*n >= HOST_MAX_APPS)
		return cli_arg_fail(err, errlen, "at most %d %s options", HOST_MAX_APPS, opt);
	list[(*n)++] = (uint16_t)v;
	return 0;
}

enum {
	O_TUN = 256, O_ADDR, O_PEER, O_MTU, O_ECHO, O_SINK, O_RAW, O_SET, O_COUNT, O_BATCH,
};

static const struct option opts[] = {
	{ "tun", required_argument, NULL, O_TUN },
	{ "addr", required_argument, NULL, O_ADDR },
	{ "peer", required_argument, NULL, O_PEER },
	{ "mtu", required_argument, NULL, O_MTU },
	{ "udp-echo", required_argument, NULL, O_ECHO },
	{ "udp-sink", required_argument, NULL, O_SINK },
	{ "raw", required_argument, NULL, O_RAW },
	{ "set", required_argument, NULL, O_SET },
	{ "count-limit", required_argument, NULL, O_COUNT },
	{ "batch", required_argument, NULL, O_BATCH },
	CLI_RUN_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

/**
 * check_link() - the cross-checks of --addr and --peer (cli_check_link())
 * @a: arguments (peer filled in); @peer_given: --peer was given;
 * @err / @errlen: message
 *
 * Return: 0, or HOST_ARGS_ERROR.
 */
static int check_link(struct host_args *a, bool peer_given, char *err, size_t errlen)
{
	struct cli_link k = {
		.addr = a->addr, .prefix = a->prefix, .peer = a->peer,
		.peer_prefix = a->peer_prefix, .peer_given = peer_given,
		.addr_opt = "--addr", .peer_opt = "--peer", .peer_hint = "--peer",
	};
	int r = cli_check_link(&k, err, errlen);

	a->peer = k.peer;
	a->peer_prefix = k.peer_prefix;
	return r;
}

/**
 * host_args_parse() - parse and check the command line
 * @a: filled; @argc / @argv: arguments ("host" first); @err / @errlen:
 * message on error
 *
 * Return: 0, HOST_ARGS_HELP or HOST_ARGS_ERROR.
 */
int host_args_parse(struct host_args *a, int argc, char **argv, char *err, size_t errlen)
{
	unsigned long long v;
	bool peer_given = false;
	int opt;

	memset(a, 0, sizeof(*a));
	a->mtu = 1500;
	a->batch = HOST_BATCH_DEF;
	optind = 0; /* full reinitialisation: callable more than once */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		const char *arg = optarg;

		switch (opt) {
		case O_TUN:
			if (!ik_tun_name_valid(arg))
				return cli_arg_fail(err, errlen, "--tun '%s' is not a valid interface name (1..15 characters, no '/', ':' or spaces)", arg);
			a->tun = arg;
			break;
		case O_ADDR:
			if (cli_is_ipv6(arg)) {
				if (a->have6)
					return cli_arg_fail(err, errlen, "--addr: one IPv6 address only");
				if (cli_parse_prefix6(arg, a->link6.addr, &a->link6.prefix) < 0 || !a->link6.prefix)
					return cli_arg_fail(err, errlen, "--addr needs ADDR/LEN (e.g. 2001:db8:1::2/64), not '%s'", arg);
				a->have6 = true;
				break;
			}
			if (a->have4)
				return cli_arg_fail(err, errlen, "--addr: one IPv4 address only");
			if (ik_ipv4_prefix_parse(arg, &a->addr, &a->prefix) < 0 || !a->prefix)
				return cli_arg_fail(err, errlen, "--addr needs ADDR/LEN (e.g. 192.0.2.2/24), not '%s'", arg);
			a->have4 = true;
			break;
		case O_PEER:
			if (cli_is_ipv6(arg)) {
				if (a->link6.peer_given)
					return cli_arg_fail(err, errlen, "--peer: one IPv6 address only");
				if (cli_parse_prefix6(arg, a->link6.peer, &a->link6.peer_prefix) < 0)
					return cli_arg_fail(err, errlen, "--peer needs ADDR/LEN (e.g. 2001:db8:1::1/64), not '%s'", arg);
				a->link6.peer_given = true;
				break;
			}
			if (ik_ipv4_prefix_parse(arg, &a->peer, &a->peer_prefix) < 0)
				return cli_arg_fail(err, errlen, "--peer needs ADDR/LEN (e.g. 192.0.2.1/24), not '%s'", arg);
			peer_given = true;
			break;
		case O_MTU:
			if (cli_parse_ulong(arg, 68, 65535, &v) < 0)
				return cli_arg_fail(err, errlen, "--mtu needs 68..65535, not '%s'", arg);
			a->mtu = (unsigned)v;
			break;
		case O_ECHO:
			if (add_port(a, a->echo, &a->necho, arg, "--udp-echo", err, errlen) < 0)
				return HOST_ARGS_ERROR;
			break;
		case O_SINK:
			if (add_port(a, a->sink, &a->nsink, arg, "--udp-sink", err, errlen) < 0)
				return HOST_ARGS_ERROR;
			break;
		case O_RAW:
			if (cli_parse_ulong(arg, 1, 255, &v) < 0)
				return cli_arg_fail(err, errlen, "--raw needs a protocol number 1..255, not '%s'", arg);
			for (unsigned i = 0; i < a->nraw; i++)
				if (a->raw[i] == v)
					return cli_arg_fail(err, errlen, "--raw %llu given twice", v);
			if (a->nraw >= HOST_MAX_APPS)
				return cli_arg_fail(err, errlen, "at most %d --raw options", HOST_MAX_APPS);
			a->raw[a->nraw++] = (uint8_t)v;
			break;
		case O_COUNT:
			if (cli_parse_ulong(arg, 1, UINT64_MAX, &v) < 0)
				return cli_arg_fail(err, errlen, "--count-limit needs a count >= 1, not '%s'", arg);
			a->count_limit = v;
			break;
		case O_BATCH:
			if (cli_parse_ulong(arg, 1, 1024, &v) < 0)
				return cli_arg_fail(err, errlen, "--batch needs 1..1024, not '%s'", arg);
			a->batch = (unsigned)v;
			break;
		case O_SET:
			if (cli_add_setting(a->set, &a->nset, HOST_MAX_SETS, arg, err, errlen) < 0)
				return HOST_ARGS_ERROR;
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
	if (!a->tun)
		return cli_arg_fail(err, errlen, "--tun NAME is required");
	if (!a->have4 && !a->have6)
		return cli_arg_fail(err, errlen, "--addr ADDR/LEN is required");
	if (peer_given && !a->have4)
		return cli_arg_fail(err, errlen, "--peer: an IPv4 peer needs an IPv4 --addr");
	if (a->link6.peer_given && !a->have6)
		return cli_arg_fail(err, errlen, "--peer: an IPv6 peer needs an IPv6 --addr");
	if (a->have6) {
		a->link6.addr_opt = "--addr";
		a->link6.peer_opt = "--peer";
		if (cli_check_link6(&a->link6, err, errlen))
			return HOST_ARGS_ERROR;
	}
	return a->have4 ? check_link(a, peer_given, err, errlen) : 0;
}
