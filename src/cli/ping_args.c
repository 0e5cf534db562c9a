// SPDX-License-Identifier: MIT
/* ping_args.c - `icmpkit ping`: the command line, checked up front */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "ping.h"
#include "ping_multi.h"

/**
 * ping_usage() - the --help text
 * @f: output
 */
void ping_usage(FILE *f)
{
	fprintf(f,
		"usage: icmpkit ping [-c COUNT] [-i SECONDS] [-s SIZE] [-t TTL] [-W SECONDS]\n"
		"         [-w DEADLINE] [-l PRELOAD] [-M do|want|dont] [-p PATTERN] [-Q TOS]\n"
		"         [-I IFACE|ADDR] [-qnDOvRfjaU] [--timestamp-format iso|ctime|reltime]\n"
		"         [--json] [--pcap FILE] [--trace] [--stack SPEC] TARGET\n"
		"       icmpkit ping [options] [-g PREFIX]... [--targets FILE] [--rate N]\n"
		"         [--retries N] [--alive|--unreachable] [TARGET...]\n\n"
		"Sends ICMP Echo Requests to TARGET over the Linux kernel, as iputils ping\n"
		"does: an ICMP datagram socket (net.ipv4.ping_group_range) first, a raw\n"
		"socket (CAP_NET_RAW) when that is refused. Prints iputils' lines. RTTs are\n"
		"the kernel's receive time minus the send time kept here per Sequence\n"
		"Number, never read from the echoed data.\n\n"
		"  -c COUNT       stop after COUNT requests (and their replies)\n"
		"  -i SECONDS     interval between requests (default 1; 0 with -f)\n"
		"  -s SIZE        data octets, 0..%d (default 56)\n"
		"  -t TTL         IP Time to Live, 1..255\n"
		"  -W SECONDS     wait for a reply when none came yet (default 10)\n"
		"  -w DEADLINE    stop after DEADLINE seconds whatever happens\n"
		"  -l PRELOAD     send PRELOAD requests at once first, 1..65536\n"
		"  -M HINT        path MTU discovery: do (DF, no fragments), want, dont\n"
		"  -p PATTERN     up to 16 hex octets filling the data\n"
		"  -Q TOS         the IP TOS octet, 0..255 (decimal or 0x hex)\n"
		"  -q             only the header and the statistics\n"
		"  -n             numeric addresses only (no name lookups)\n"
		"  -D             a [seconds.microseconds] timestamp before each line\n"
		"  -O             report a request not answered when the next one leaves\n"
		"  -v             verbose: the Identifier and every packet not ours\n"
		"  -R             Record Route option, and the route of each reply\n"
		"  -f             flood: a '.' per request, a backspace per reply\n"
		"  -I IFACE|ADDR  send from this interface (SO_BINDTODEVICE) or address\n"
		"  -a             audible: a bell per reply\n"
		"  -U             RTT as the user sees it (read time), not the kernel's\n"
		"                 receive time\n"
		"  --timestamp-format iso|ctime|reltime\n"
		"                 the form of -D's time (implies -D)\n"
		"  -j, --json     one JSON object per line per event\n"
		"  --pcap FILE    every datagram sent and received (LINKTYPE_RAW)\n"
		"  --trace        one \"trace:\" line per decision (a reply matched by\n"
		"                 Identifier and Sequence, a duplicate, an error matched\n"
		"                 to a request by its quote)\n"
		"  --stack ADDR/LEN[,peer=PEER][,tun=NAME][,netns=NS][,mtu=N]\n"
		"                 ping through icmpkit's own stack, not the kernel's: a TUN\n"
		"                 NAME (default ikping%%d; needs CAP_NET_ADMIN, made in\n"
		"                 namespace NS when given) whose kernel side gets PEER\n"
		"                 (default: the prefix's first other address); the stack\n"
		"                 has ADDR and routes everything to the kernel, a ping\n"
		"                 socket of it sends, a second (bystander) one with another\n"
		"                 Identifier sends nothing; -v and --trace show which socket\n"
		"                 the stack hands each reply to (not with -R)\n\n"
		"Many targets (fping's mode: more than one TARGET, -g or --targets): one\n"
		"socket, each reply handed to its target by Sequence Number. Without -c\n"
		"each target is asked until it answers (1 + --retries times, each wait\n"
		"-W, default 0.5 s) and printed 'ADDR is alive' or 'ADDR is unreachable';\n"
		"with -c each gets COUNT requests -i apart (default 1 s; any -i >= 0), a line per\n"
		"reply and its statistics.\n"
		"  -g PREFIX      every host address of A.B.C.D/LEN (LEN 8..32; below /31\n"
		"                 without the network and broadcast addresses); repeatable\n"
		"  --targets FILE one target per line ('-': standard input; '#' comments)\n"
		"  --rate N       requests per second over all targets, 1..1000000\n"
		"                 (default 1000)\n"
		"  --retries N    more requests to a silent target, 0..20 (default 3)\n"
		"  --alive        print only the targets that answered, one per line\n"
		"  --unreachable  print only the targets that did not\n"
		"Exit status there: 0 when every target answered, 1 when one did not.\n\n"
		"Exit status: 0 when a reply came, 1 when none did (or, with -w, fewer\n"
		"than -c), 2 for bad arguments and other errors.\n",
		PING_MAX_DATA);
}

/**
 * parse_secs() - a number of seconds >= @min as nanoseconds
 * @s: text; @min: lowest allowed; @out: result
 *
 * Return: 0, or -1.
 */
static int parse_secs(const char *s, double min, uint64_t *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < min || v > 2147483.0)
		return -1;
	*out = (uint64_t)(v * 1e9 + 0.5);
	return 0;
}

/**
 * parse_pattern() - -p: up to 16 octets as hex digits
 * @o: options (pattern filled); @s: text
 *
 * Return: 0, or -1.
 */
static int parse_pattern(struct ping_opts *o, const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 32)
		return -1;
	memset(o->pattern, 0, sizeof(o->pattern));
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		unsigned v;

		if (c >= '0' && c <= '9')
			v = (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = (unsigned)(c - 'A' + 10);
		else
			return -1;
		/* as iputils: the digits read in pairs from the left */
		o->pattern[i / 2] = (uint8_t)(o->pattern[i / 2] | (i % 2 ? v : v << 4));
	}
	o->patlen = (n + 1) / 2;
	return 0;
}

enum { O_GEN = 256, O_TARGETS, O_ALIVE, O_UNREACH, O_RATE, O_RETRIES, O_TSFMT, O_STACK };

static const struct option opts[] = {
	{ "stack", required_argument, NULL, O_STACK },
	CLI_RUN_OPTIONS,
	{ "targets", required_argument, NULL, O_TARGETS },
	{ "alive", no_argument, NULL, O_ALIVE },
	{ "unreachable", no_argument, NULL, O_UNREACH },
	{ "rate", required_argument, NULL, O_RATE },
	{ "retries", required_argument, NULL, O_RETRIES },
	{ "timestamp-format", required_argument, NULL, O_TSFMT },
	{ NULL, 0, NULL, 0 },
};

/**
 * short_opt() - one of iputils' short options
 * @o: options; @c: the letter; @arg: its value; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
static int short_opt(struct ping_opts *o, int c, const char *arg, char *err, size_t errlen)
{
	unsigned long long v;
	char *end;

	switch (c) {
	case 'c':
		if (cli_parse_ulong(arg, 1, 0x7fffffffffffffffULL, &v) < 0)
			return cli_arg_fail(err, errlen, "-c needs a count >= 1, not '%s'", arg);
		o->count = v;
		return 0;
	case 'i':
		if (parse_secs(arg, 0.0, &o->interval_ns) < 0)
			return cli_arg_fail(err, errlen, "-i needs seconds >= 0, not '%s'", arg);
		return 0;
	case 's':
		if (cli_parse_ulong(arg, 0, PING_MAX_DATA, &v) < 0)
			return cli_arg_fail(err, errlen, "-s needs a size 0..%d, not '%s'",
					    PING_MAX_DATA, arg);
		o->datalen = (unsigned)v;
		return 0;
	case 't':
		if (cli_parse_ulong(arg, 1, 255, &v) < 0)
			return cli_arg_fail(err, errlen, "-t needs a TTL 1..255, not '%s'", arg);
		o->ttl = (int)v;
		return 0;
	case 'W':
		if (parse_secs(arg, 0.0, &o->wait_ns) < 0)
			return cli_arg_fail(err, errlen, "-W needs seconds >= 0, not '%s'", arg);
		return 0;
	case 'w':
		if (parse_secs(arg, 0.0, &o->deadline_ns) < 0 || !o->deadline_ns)
			return cli_arg_fail(err, errlen, "-w needs seconds > 0, not '%s'", arg);
		return 0;
	case 'l':
		if (cli_parse_ulong(arg, 1, 65536, &v) < 0)
			return cli_arg_fail(err, errlen, "-l needs a preload 1..65536, not '%s'", arg);
		o->preload = (unsigned)v;
		return 0;
	case 'M':
		if (!strcmp(arg, "do"))
			o->pmtu = IP_PMTUDISC_DO;
		else if (!strcmp(arg, "want"))
			o->pmtu = IP_PMTUDISC_WANT;
		else if (!strcmp(arg, "dont"))
			o->pmtu = IP_PMTUDISC_DONT;
		else
			return cli_arg_fail(err, errlen, "-M needs do, want or dont, not '%s'", arg);
		return 0;
	case 'p':
		if (parse_pattern(o, arg) < 0)
			return cli_arg_fail(err, errlen, "-p needs 1..16 octets in hex, not '%s'", arg);
		return 0;
	case 'Q':
		errno = 0;
		v = strtoull(arg, &end, 0);
		if (!*arg || *arg == '-' || *end || errno || v > 255)
			return cli_arg_fail(err, errlen, "-Q needs a TOS 0..255, not '%s'", arg);
		o->tos = (int)v;
		return 0;
	case 'q': o->quiet = true; return 0;
	case 'n': o->numeric = true; return 0;
	case 'D': o->stamp = true; return 0;
	case 'O': o->outstanding = true; return 0;
	case 'v': o->verbose = true; return 0;
	case 'R': o->rr = true; return 0;
	case 'f': o->flood = true; return 0;
	case 'j': o->run.json = true; return 0;
	case 'a': o->audible = true; return 0;
	case 'U': o->user_rtt = true; return 0;
	case 'I':
		if (!*arg || strlen(arg) >= 16)
			return cli_arg_fail(err, errlen, "-I needs an interface name or an address, "
					    "not '%s'", arg);
		o->iface = arg;
		return 0;
	case 'g': {
		uint32_t first, count;

		if (ping_prefix_hosts(arg, &first, &count, err, errlen) < 0)
			return CLI_ARGS_ERROR;
		if (o->ngen >= sizeof(o->gen) / sizeof(o->gen[0]))
			return cli_arg_fail(err, errlen, "-g at most %zu times",
					    sizeof(o->gen) / sizeof(o->gen[0]));
		o->gen[o->ngen++] = arg;
		return 0;
	}
	default:
		return cli_arg_fail(err, errlen, "unknown option '-%c'", c);
	}
}

/**
 * long_opt() - one of the long options of ping's own
 * @o: options; @c: its id; @arg: its value; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
static int long_opt(struct ping_opts *o, int c, const char *arg, char *err, size_t errlen)
{
	unsigned long long v;

	switch (c) {
	case O_TARGETS:
		if (!*arg)
			return cli_arg_fail(err, errlen, "--targets needs a file name");
		o->targets_file = arg;
		return 0;
	case O_ALIVE:
	case O_UNREACH:
		if (o->list != PING_LIST_NONE)
			return cli_arg_fail(err, errlen, "--alive and --unreachable exclude each other");
		o->list = c == O_ALIVE ? PING_LIST_ALIVE : PING_LIST_UNREACH;
		return 0;
	case O_RATE:
		if (cli_parse_ulong(arg, 1, 1000000, &v) < 0)
			return cli_arg_fail(err, errlen, "--rate needs requests per second 1..1000000, "
					    "not '%s'", arg);
		o->rate = (unsigned long)v;
		return 0;
	case O_RETRIES:
		if (cli_parse_ulong(arg, 0, 20, &v) < 0)
			return cli_arg_fail(err, errlen, "--retries needs 0..20, not '%s'", arg);
		o->retries = (unsigned)v;
		return 0;
	case O_TSFMT:
		if (!strcmp(arg, "iso"))
			o->tsfmt = PING_TS_ISO;
		else if (!strcmp(arg, "ctime"))
			o->tsfmt = PING_TS_CTIME;
		else if (!strcmp(arg, "reltime"))
			o->tsfmt = PING_TS_REL;
		else
			return cli_arg_fail(err, errlen, "--timestamp-format needs iso, ctime or "
					    "reltime, not '%s'", arg);
		o->stamp = true;
		return 0;
	default:
		return cli_arg_fail(err, errlen, "unknown option");
	}
}

/**
 * multi_check() - what fping's mode refuses
 * @o: options; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
static int multi_check(struct ping_opts *o, char *err, size_t errlen)
{
	if (!o->multi) {
		if (o->list != PING_LIST_NONE || o->rate || o->retries_given)
			return cli_arg_fail(err, errlen, "--%s is for many targets (-g, --targets or "
					    "more than one TARGET)", o->list == PING_LIST_ALIVE ? "alive" :
					    o->list == PING_LIST_UNREACH ? "unreachable" :
					    o->rate ? "rate" : "retries");
		return 0;
	}
	if (o->flood || o->rr || o->preload > 1 || o->stack)
		return cli_arg_fail(err, errlen, "%s is for one target", o->flood ? "-f" :
				    o->rr ? "-R" : o->stack ? "--stack" : "-l");
	if (o->count_given && o->count > 65535)
		return cli_arg_fail(err, errlen, "-c is at most 65535 with many targets");
	if (!o->rate)
		o->rate = 1000;
	if (!o->retries_given)
		o->retries = o->count_given ? 0 : 3;
	return 0;
}

/**
 * ping_args_parse() - parse and check the command line
 * @o: filled; @argc / @argv: arguments ("ping" first); @err / @errlen: message
 *
 * Return: 0, CLI_ARGS_HELP or CLI_ARGS_ERROR.
 */
int ping_args_parse(struct ping_opts *o, int argc, char **argv, char *err, size_t errlen)
{
	bool interval_given = false;
	int opt, rc;

	memset(o, 0, sizeof(*o));
	o->interval_ns = 1000000000ULL;
	o->datalen = 56;
	o->ttl = -1;
	o->tos = -1;
	o->wait_ns = 10000000000ULL;
	o->preload = 1;
	o->pmtu = PING_PMTU_NONE;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":c:i:s:t:W:w:l:M:p:Q:I:g:qnDOvRfjaUh", opts, NULL)) != -1) {
		if (opt == 'h')
			return CLI_ARGS_HELP;
		if (opt == '?' && optopt)
			return cli_arg_fail(err, errlen, "unknown option '-%c'", optopt);
		if (opt == ':' && optopt && optopt < 256)
			return cli_arg_fail(err, errlen, "option '-%c' needs a value", optopt);
		if (opt < 256 && opt != '?' && opt != ':') {
			if (opt == 'i')
				interval_given = true;
			o->count_given |= opt == 'c';
			o->wait_given |= opt == 'W';
			if ((rc = short_opt(o, opt, optarg, err, errlen)))
				return rc;
			continue;
		}
		if (opt >= O_GEN && opt <= O_TSFMT) {
			o->retries_given |= opt == O_RETRIES;
			if ((rc = long_opt(o, opt, optarg, err, errlen)))
				return rc;
			continue;
		}
		if (opt == O_STACK) { /* the value is checked by ping_stack.c */
			if (o->stack)
				return cli_arg_fail(err, errlen, "--stack given twice");
			o->stack = optarg;
			continue;
		}
		if ((rc = cli_run_opt(&o->run, opt, optarg, argv, optind, err, errlen)))
			return rc;
	}
	o->interval_given = interval_given;
	o->targets = argv + optind;
	o->ntargets = (unsigned)(argc - optind);
	o->multi = o->ntargets > 1 || o->ngen || o->targets_file;
	if (!o->ntargets && !o->multi)
		return cli_arg_fail(err, errlen, "TARGET is required");
	for (unsigned i = 0; i < o->ntargets; i++)
		if (!*o->targets[i])
			return cli_arg_fail(err, errlen, "TARGET is empty");
	o->target = o->ntargets ? o->targets[0] : NULL;
	if ((rc = multi_check(o, err, errlen)))
		return rc;
	/* one target: iputils' floor without -f; many: --rate bounds the flow */
	if (!o->multi && o->interval_ns && o->interval_ns < 2000000)
		return cli_arg_fail(err, errlen, "-i %.3f is below 0.002 seconds (use -f to flood)",
				    o->interval_ns / 1e9);
	if (o->flood && !interval_given)
		o->interval_ns = 0;
	if (o->run.stats_ns || o->run.busy_poll)
		return cli_arg_fail(err, errlen, "--%s is not an option of ping",
				    o->run.stats_ns ? "stats-interval" : "busy-poll");
	if (o->run.duration_ns && !o->deadline_ns)
		o->deadline_ns = o->run.duration_ns;
	return 0;
}
