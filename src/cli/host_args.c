// SPDX-License-Identifier: MIT
/* host_args.c - `icmpkit host`: the command line, checked up front */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/ipv4.h"
#include "icmpkit/stack.h"
#include "icmpkit/tun.h"

#include "host.h"

/**
 * host_usage() - the --help text
 * @f: output
 */
void host_usage(FILE *f)
{
	fprintf(f,
		"usage: icmpkit host --tun NAME --addr ADDR/LEN [--peer ADDR/LEN] [--mtu N]\n"
		"         [--udp-echo PORT]... [--udp-sink PORT]... [--raw PROTO]...\n"
		"         [--pcap FILE] [--trace] [--stats-interval S] [--busy-poll]\n"
		"         [--set SYSCTL=VALUE]... [--json] [--count-limit N] [--duration S]\n"
		"         [--batch N]\n\n"
		"Runs the stack as a host on a TUN device (needs CAP_NET_ADMIN): creates or\n"
		"attaches NAME, brings it up, sets its MTU and gives the kernel side its\n"
		"address over netlink, drops every capability, prints one \"ready:\" line,\n"
		"then answers the kernel until SIGINT/SIGTERM and prints its counters.\n\n"
		"  --tun NAME          TUN device (created if missing, <= 15 characters)\n"
		"  --addr ADDR/LEN     the stack's address and prefix\n"
		"  --peer ADDR[/LEN]   the kernel side's address (default: the first other\n"
		"                      address of the prefix, e.g. .1 for 192.0.2.2/24)\n"
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
 * arg_fail() - format the one-line error
 * @err: buffer; @len: size; @fmt: printf format
 *
 * Return: HOST_ARGS_ERROR.
 */
static int __attribute__((format(printf, 3, 4))) arg_fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return HOST_ARGS_ERROR;
}

/**
 * parse_ulong() - a whole decimal number within [@lo, @hi]
 * @s: text; @lo / @hi: bounds; @out: value
 *
 * Return: 0, or -1.
 */
static int parse_ulong(const char *s, unsigned long long lo, unsigned long long hi,
		       unsigned long long *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/**
 * parse_seconds() - a positive number of seconds (decimals allowed) as ns
 * @s: text; @out: nanoseconds
 *
 * Return: 0, or -1 (not a number, <= 0, or more than a year).
 */
static int parse_seconds(const char *s, uint64_t *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v <= 0 || v > 366.0 * 86400)
		return -1;
	*out = (uint64_t)(v * 1e9);
	return *out ? 0 : -1;
}

/**
 * addr_unusable() - why @a/@prefix cannot be a host's address, or NULL
 * @a: address; @prefix: its prefix
 *
 * Return: static reason, or NULL when fine.
 */
static const char *addr_unusable(uint32_t a, unsigned prefix)
{
	uint32_t m = ik_ipv4_prefix_mask(prefix);

	if ((a >> 24) == 0)
		return "is in 0.0.0.0/8";
	if ((a >> 24) == 127)
		return "is a loopback address";
	if ((a >> 28) >= 14)
		return "is multicast or reserved";
	if (prefix <= 30 && (a & ~m) == 0)
		return "is the network address of its prefix";
	if (prefix <= 30 && (a & ~m) == ~m)
		return "is the broadcast address of its prefix";
	return NULL;
}

/**
 * default_peer() - the first address of @addr's prefix other than @addr
 * @addr: the stack's address; @prefix: its prefix
 *
 * Return: the address, or 0 when the prefix has no other host (/32).
 */
static uint32_t default_peer(uint32_t addr, unsigned prefix)
{
	uint32_t net = addr & ik_ipv4_prefix_mask(prefix);

	if (prefix == 32)
		return 0;
	if (prefix == 31)
		return addr ^ 1u;
	return net + 1 == addr ? net + 2 : net + 1;
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

	if (parse_ulong(arg, 1, 65535, &v) < 0)
		return arg_fail(err, errlen, "%s needs a port 1..65535, not '%s'", opt, arg);
	for (unsigned i = 0; i < a->necho; i++)
		if (a->echo[i] == v)
			return arg_fail(err, errlen, "port %llu given twice", v);
	for (unsigned i = 0; i < a->nsink; i++)
		if (a->sink[i] == v)
			return arg_fail(err, errlen, "port %llu given twice", v);
	if (*n >= HOST_MAX_APPS)
		return arg_fail(err, errlen, "at most %d %s options", HOST_MAX_APPS, opt);
	list[(*n)++] = (uint16_t)v;
	return 0;
}

/**
 * add_setting() - check "NAME=VALUE" against the stack's setting names
 * @a: arguments; @arg: text; @err / @errlen: message
 *
 * Return: 0, or HOST_ARGS_ERROR naming the known settings.
 */
static int add_setting(struct host_args *a, const char *arg, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	struct host_setting *st;
	char *end;
	const char *known;
	size_t n, used = 0;
	char list[1024];

	if (!eq || eq == arg)
		return arg_fail(err, errlen, "--set needs NAME=VALUE, not '%s'", arg);
	n = (size_t)(eq - arg);
	for (unsigned i = 0; (known = ik_stack_setting_name(i)); i++)
		if (strlen(known) == n && !strncmp(known, arg, n))
			break;
	if (!known) {
		list[0] = '\0';
		for (unsigned i = 0; (known = ik_stack_setting_name(i)) && used < sizeof(list); i++)
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
						 i ? ", " : "", known);
		return arg_fail(err, errlen, "unknown setting '%.*s' (known: %s)", (int)n, arg, list);
	}
	if (a->nset >= HOST_MAX_SETS)
		return arg_fail(err, errlen, "at most %d --set options", HOST_MAX_SETS);
	st = &a->set[a->nset];
	errno = 0;
	st->value = strtol(eq + 1, &end, 0);
	if (!eq[1] || *end || errno)
		return arg_fail(err, errlen, "--set %.*s needs an integer value, not '%s'", (int)n, arg,
			    eq + 1);
	st->name = arg;
	st->name_len = n;
	a->nset++;
	return 0;
}

enum {
	O_TUN = 256, O_ADDR, O_PEER, O_MTU, O_ECHO, O_SINK, O_RAW, O_PCAP, O_TRACE, O_STATS,
	O_BUSY, O_SET, O_JSON, O_COUNT, O_DURATION, O_BATCH, O_HELP,
};

static const struct option opts[] = {
	{ "tun", required_argument, NULL, O_TUN },
	{ "addr", required_argument, NULL, O_ADDR },
	{ "peer", required_argument, NULL, O_PEER },
	{ "mtu", required_argument, NULL, O_MTU },
	{ "udp-echo", required_argument, NULL, O_ECHO },
	{ "udp-sink", required_argument, NULL, O_SINK },
	{ "raw", required_argument, NULL, O_RAW },
	{ "pcap", required_argument, NULL, O_PCAP },
	{ "trace", no_argument, NULL, O_TRACE },
	{ "stats-interval", required_argument, NULL, O_STATS },
	{ "busy-poll", no_argument, NULL, O_BUSY },
	{ "set", required_argument, NULL, O_SET },
	{ "json", no_argument, NULL, O_JSON },
	{ "count-limit", required_argument, NULL, O_COUNT },
	{ "duration", required_argument, NULL, O_DURATION },
	{ "batch", required_argument, NULL, O_BATCH },
	{ "help", no_argument, NULL, O_HELP },
	{ NULL, 0, NULL, 0 },
};

/**
 * check_addresses() - the cross-checks of --addr and --peer
 * @a: arguments; @peer_given: --peer was given; @err / @errlen: message
 *
 * Return: 0, or HOST_ARGS_ERROR.
 */
static int check_addresses(struct host_args *a, bool peer_given, char *err, size_t errlen)
{
	char s1[16], s2[16];
	const char *why;

	if ((why = addr_unusable(a->addr, a->prefix)))
		return arg_fail(err, errlen, "--addr %s/%u %s", ik_ipv4_addr_str(a->addr, s1),
			    a->prefix, why);
	if (!peer_given) {
		a->peer = default_peer(a->addr, a->prefix);
		a->peer_prefix = a->prefix;
		if (!a->peer)
			return arg_fail(err, errlen, "--addr /32 leaves no address for the kernel: give --peer");
		return 0;
	}
	if ((why = addr_unusable(a->peer, a->peer_prefix)))
		return arg_fail(err, errlen, "--peer %s/%u %s", ik_ipv4_addr_str(a->peer, s1),
			    a->peer_prefix, why);
	if (a->peer == a->addr)
		return arg_fail(err, errlen, "--peer %s is the stack's own address",
			    ik_ipv4_addr_str(a->peer, s1));
	if ((a->addr & ik_ipv4_prefix_mask(a->peer_prefix)) != (a->peer & ik_ipv4_prefix_mask(a->peer_prefix)))
		return arg_fail(err, errlen, "--addr %s is outside --peer %s/%u: the kernel would have no route to it",
			    ik_ipv4_addr_str(a->addr, s1), ik_ipv4_addr_str(a->peer, s2),
			    a->peer_prefix);
	return 0;
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
	bool have_addr = false, peer_given = false;
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
				return arg_fail(err, errlen, "--tun '%s' is not a valid interface name (1..15 characters, no '/', ':' or spaces)", arg);
			a->tun = arg;
			break;
		case O_ADDR:
			if (ik_ipv4_prefix_parse(arg, &a->addr, &a->prefix) < 0 || !a->prefix)
				return arg_fail(err, errlen, "--addr needs ADDR/LEN (e.g. 192.0.2.2/24), not '%s'", arg);
			have_addr = true;
			break;
		case O_PEER:
			if (ik_ipv4_prefix_parse(arg, &a->peer, &a->peer_prefix) < 0)
				return arg_fail(err, errlen, "--peer needs ADDR/LEN (e.g. 192.0.2.1/24), not '%s'", arg);
			peer_given = true;
			break;
		case O_MTU:
			if (parse_ulong(arg, 68, 65535, &v) < 0)
				return arg_fail(err, errlen, "--mtu needs 68..65535, not '%s'", arg);
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
			if (parse_ulong(arg, 1, 255, &v) < 0)
				return arg_fail(err, errlen, "--raw needs a protocol number 1..255, not '%s'", arg);
			for (unsigned i = 0; i < a->nraw; i++)
				if (a->raw[i] == v)
					return arg_fail(err, errlen, "--raw %llu given twice", v);
			if (a->nraw >= HOST_MAX_APPS)
				return arg_fail(err, errlen, "at most %d --raw options", HOST_MAX_APPS);
			a->raw[a->nraw++] = (uint8_t)v;
			break;
		case O_PCAP:
			if (!*arg)
				return arg_fail(err, errlen, "--pcap needs a file name");
			a->pcap = arg;
			break;
		case O_TRACE: a->trace = true; break;
		case O_BUSY: a->busy_poll = true; break;
		case O_JSON: a->json = true; break;
		case O_STATS:
			if (parse_seconds(arg, &a->stats_ns) < 0)
				return arg_fail(err, errlen, "--stats-interval needs seconds > 0, not '%s'", arg);
			break;
		case O_DURATION:
			if (parse_seconds(arg, &a->duration_ns) < 0)
				return arg_fail(err, errlen, "--duration needs seconds > 0, not '%s'", arg);
			break;
		case O_COUNT:
			if (parse_ulong(arg, 1, UINT64_MAX, &v) < 0)
				return arg_fail(err, errlen, "--count-limit needs a count >= 1, not '%s'", arg);
			a->count_limit = v;
			break;
		case O_BATCH:
			if (parse_ulong(arg, 1, 1024, &v) < 0)
				return arg_fail(err, errlen, "--batch needs 1..1024, not '%s'", arg);
			a->batch = (unsigned)v;
			break;
		case O_SET:
			if (add_setting(a, arg, err, errlen) < 0)
				return HOST_ARGS_ERROR;
			break;
		case O_HELP:
			return HOST_ARGS_HELP;
		case ':':
			return arg_fail(err, errlen, "option '%s' needs a value", argv[optind - 1]);
		default:
			return arg_fail(err, errlen, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return arg_fail(err, errlen, "unexpected argument '%s'", argv[optind]);
	if (!a->tun)
		return arg_fail(err, errlen, "--tun NAME is required");
	if (!have_addr)
		return arg_fail(err, errlen, "--addr ADDR/LEN is required");
	if (peer_given && !a->peer_prefix)
		a->peer_prefix = a->prefix;
	return check_addresses(a, peer_given, err, errlen);
}
