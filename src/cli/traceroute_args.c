// SPDX-License-Identifier: MIT
/* traceroute_args.c - `icmpkit traceroute`: the command line, checked up front */
#include <arpa/inet.h>
#include <getopt.h>
#include <math.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "icmpkit/tun.h"

#include "traceroute.h"

/**
 * tr_usage() - the --help text
 * @f: output
 */
void tr_usage(FILE *f)
{
	fprintf(f,
		"usage: icmpkit traceroute [-I | -T] [-n] [-e] [-f FIRST_TTL] [-m MAX_TTL]\n"
		"         [-q NQUERIES] [-N SIMULTANEOUS] [-w WAIT] [-z SENDWAIT] [-p PORT]\n"
		"         [-s SRC_ADDR] [-i IFACE] [--mtu] [--flows N]\n"
		"         [--report [--report-cycles N] [-o FIELDS]]\n"
		"         [--pcap FILE] [--trace] [--json]\n"
		"         HOST [PACKETLEN]\n\n"
		"Traces the path to HOST over the Linux kernel (needs CAP_NET_RAW): probes\n"
		"with rising TTLs, each answer matched to its probe by the header the ICMP\n"
		"error quotes, printed as traceroute 2.x prints them. The fields per-flow\n"
		"load balancers hash stay the same in every probe of a run (Paris\n"
		"traceroute): probes differ by UDP checksum, ICMP sequence (with a payload\n"
		"word that keeps the ICMP checksum) or TCP sequence number.\n\n"
		"  -I, --icmp          ICMP Echo probes\n"
		"  -T, --tcp           TCP SYN probes (default port %d)\n"
		"  -U, --udp           UDP probes (the default; port %d)\n"
		"  -p, --port PORT     destination port, the same for every probe\n"
		"  -f, --first N       first TTL, 1..255 (default 1)\n"
		"  -m, --max-hops N    last TTL, 1..255 (default 30)\n"
		"  -q, --queries N     probes per hop, 1..%d (default 3)\n"
		"  -N, --sim-queries N probes in flight at once, 1..%d (default 16)\n"
		"  -w, --wait S        seconds to wait for an answer (default 5)\n"
		"  -z, --sendwait S    least time between probes: seconds, or ms above 10\n"
		"  -n                  numeric addresses: no reverse lookup of each hop's name\n"
		"  -e, --extensions    print RFC 4884 extensions (MPLS labels, interface info)\n"
		"  --mtu               path MTU per hop (\"F=N\"): probes with DF, cut to the\n"
		"                      interface MTU and to each Next-Hop MTU reported;\n"
		"                      implies -N 1 (UDP and -I; PACKETLEN default %d)\n"
		"  --flows N           N flow identities per hop, 1..%d (UDP: destination ports\n"
		"                      PORT, PORT+1, ...; -I: Identifiers): -q probes each, so\n"
		"                      per-flow load balancers show their branches\n"
		"  --report            mtr's report: per hop Loss%%, Snt, Last, Avg, Best, Wrst,\n"
		"                      StDev, Javg and every responder (--json: mtr's object)\n"
		"  --report-cycles N   probes per hop for --report, 1..100 (default 10)\n"
		"  -o, --order FIELDS  --report's columns by mtr's letters (default LSNABWVM):\n"
		"                      L Loss%%, D Drop, R Rcv, S Snt, N Last, B Best, A Avg,\n"
		"                      W Wrst, V StDev, J Jttr, M Javg, X Jmax, I Jint, ' '\n"
		"  -s, --source ADDR   source address\n"
		"  -i, --interface IF  send through IF (SO_BINDTODEVICE)\n"
		"  --pcap FILE         every probe and every answer that matched one\n"
		"  --trace             one \"trace:\" line (stderr) per matching decision\n"
		"  --json              one JSON object per line: start, each hop, summary\n"
		"  PACKETLEN           IP length of UDP and ICMP probes, 30..%d (default %d)\n\n"
		"Exit status: 0 when the trace ran, 1 when a socket cannot be opened or a\n"
		"probe cannot be sent, 2 for bad arguments, 130 after SIGINT/SIGTERM.\n",
		TR_MAX_PKT, TR_MAX_FLOWS, TR_TCP_PORT, TR_UDP_PORT, TR_MAX_QUERIES, TR_MAX_SIMUL, TR_MAX_PKT, TR_DEF_PKT);
}

enum { O_MTU = 256, O_FLOWS, O_REPORT, O_CYCLES };

static const struct option opts[] = {
	{ "icmp", no_argument, NULL, 'I' },
	{ "tcp", no_argument, NULL, 'T' },
	{ "udp", no_argument, NULL, 'U' },
	{ "port", required_argument, NULL, 'p' },
	{ "first", required_argument, NULL, 'f' },
	{ "max-hops", required_argument, NULL, 'm' },
	{ "queries", required_argument, NULL, 'q' },
	{ "sim-queries", required_argument, NULL, 'N' },
	{ "wait", required_argument, NULL, 'w' },
	{ "sendwait", required_argument, NULL, 'z' },
	{ "extensions", no_argument, NULL, 'e' },
	{ "source", required_argument, NULL, 's' },
	{ "interface", required_argument, NULL, 'i' },
	{ "mtu", no_argument, NULL, O_MTU },
	{ "flows", required_argument, NULL, O_FLOWS },
	{ "report", no_argument, NULL, O_REPORT },
	{ "report-cycles", required_argument, NULL, O_CYCLES },
	{ "order", required_argument, NULL, 'o' },
	CLI_RUN_OPTIONS,
	{ NULL, 0, NULL, 0 },
};

/**
 * parse_num() - a whole number for option -@o within [@lo, @hi]
 * @o: option letter; @arg: text; @lo / @hi: bounds; @out: value; @err / @errlen: message
 *
 * Return: 0, or TR_ARGS_ERROR.
 */
static int parse_num(char o, const char *arg, unsigned lo, unsigned hi, unsigned *out, char *err,
		     size_t errlen)
{
	unsigned long long v;

	if (cli_parse_ulong(arg, lo, hi, &v) < 0)
		return cli_arg_fail(err, errlen, "-%c needs %u..%u, not '%s'", o, lo, hi, arg);
	*out = (unsigned)v;
	return 0;
}

/**
 * parse_sendwait() - -z: seconds, or milliseconds when above 10 (traceroute's rule)
 * @arg: text; @out: ns; @err / @errlen: message
 *
 * Return: 0, or TR_ARGS_ERROR.
 */
static int parse_sendwait(const char *arg, uint64_t *out, char *err, size_t errlen)
{
	char *end;
	double v = strtod(arg, &end);

	if (!*arg || *end || !isfinite(v) || v < 0 || v > 60000)
		return cli_arg_fail(err, errlen, "-z needs seconds (or ms above 10) >= 0, not '%s'", arg);
	*out = (uint64_t)(v > 10 ? v * 1e6 : v * 1e9);
	return 0;
}

/**
 * resolve() - HOST as an IPv4 address: dotted quad, or a name through getaddrinfo()
 * @host: text; @out: address (host order); @err / @errlen: message
 *
 * Return: 0, or TR_ARGS_ERROR.
 */
static int resolve(const char *host, uint32_t *out, char *err, size_t errlen)
{
	struct in_addr in;
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_DGRAM }, *res = NULL;
	int rc;

	if (inet_pton(AF_INET, host, &in) == 1) {
		*out = ntohl(in.s_addr);
	} else {
		rc = getaddrinfo(host, NULL, &hints, &res);
		if (rc || !res)
			return cli_arg_fail(err, errlen, "cannot resolve '%s': %s", host,
					    rc ? gai_strerror(rc) : "no IPv4 address");
		*out = ntohl(((struct sockaddr_in *)res->ai_addr)->sin_addr.s_addr);
		freeaddrinfo(res);
	}
	if ((*out >> 24) == 0 || (*out >> 28) >= 14)
		return cli_arg_fail(err, errlen, "HOST %s is unspecified, multicast or reserved", host);
	return 0;
}

/**
 * tr_args_parse() - parse and check the command line
 * @a: filled; @argc / @argv: arguments ("traceroute" first); @err / @errlen: message
 *
 * Return: 0, TR_ARGS_HELP or TR_ARGS_ERROR.
 */
int tr_args_parse(struct tr_args *a, int argc, char **argv, char *err, size_t errlen)
{
	bool port_given = false, len_given = false;
	uint64_t ns;
	unsigned long long v;
	unsigned cycles = 10;
	int opt;

	memset(a, 0, sizeof(*a));
	a->method = TR_UDP;
	a->first_ttl = 1;
	a->max_ttl = 30;
	a->nqueries = 3;
	a->simul = 16;
	a->flows = 1;
	a->wait_ns = 5000000000ull;
	a->pktlen = TR_DEF_PKT;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:ITUp:f:m:q:N:w:z:nes:i:o:", opts, NULL)) != -1) {
		const char *arg = optarg;
		struct in_addr in;
		int rc;

		switch (opt) {
		case 'I': a->method = TR_ICMP; break;
		case 'T': a->method = TR_TCP; break;
		case 'U': a->method = TR_UDP; break;
		case 'n': a->numeric = true; break;
		case 'e': a->ext = true; break;
		case O_MTU: a->mtu = true; break;
		case O_REPORT: a->report = true; break;
		case 'o':
			if (tr_fields_check(arg, err, errlen) < 0)
				return TR_ARGS_ERROR;
			snprintf(a->fields, sizeof(a->fields), "%s", arg);
			break;
		case O_CYCLES:
			if (cli_parse_ulong(arg, 1, TR_MAX_CYCLES, &v) < 0)
				return cli_arg_fail(err, errlen, "--report-cycles needs 1..%d, not '%s'",
						    TR_MAX_CYCLES, arg);
			cycles = (unsigned)v;
			break;
		case O_FLOWS:
			if (cli_parse_ulong(arg, 1, TR_MAX_FLOWS, &v) < 0)
				return cli_arg_fail(err, errlen, "--flows needs 1..%d, not '%s'", TR_MAX_FLOWS, arg);
			a->flows = (unsigned)v;
			break;
		case 'p':
			if (parse_num('p', arg, 1, 65535, &a->port, err, errlen) < 0)
				return TR_ARGS_ERROR;
			port_given = true;
			break;
		case 'f':
			if (parse_num('f', arg, 1, 255, &a->first_ttl, err, errlen) < 0)
				return TR_ARGS_ERROR;
			break;
		case 'm':
			if (parse_num('m', arg, 1, 255, &a->max_ttl, err, errlen) < 0)
				return TR_ARGS_ERROR;
			break;
		case 'q':
			if (parse_num('q', arg, 1, TR_MAX_QUERIES, &a->nqueries, err, errlen) < 0)
				return TR_ARGS_ERROR;
			break;
		case 'N':
			if (parse_num('N', arg, 1, TR_MAX_SIMUL, &a->simul, err, errlen) < 0)
				return TR_ARGS_ERROR;
			break;
		case 'w':
			if (cli_parse_seconds(arg, &ns) < 0 || ns > 3600000000000ull)
				return cli_arg_fail(err, errlen, "-w needs seconds > 0 (at most 3600), not '%s'", arg);
			a->wait_ns = ns;
			break;
		case 'z':
			if (parse_sendwait(arg, &a->sendwait_ns, err, errlen) < 0)
				return TR_ARGS_ERROR;
			break;
		case 's':
			if (inet_pton(AF_INET, arg, &in) != 1 || !in.s_addr)
				return cli_arg_fail(err, errlen, "-s needs an IPv4 address, not '%s'", arg);
			a->src = ntohl(in.s_addr);
			break;
		case 'i':
			if (!ik_tun_name_valid(arg))
				return cli_arg_fail(err, errlen, "-i '%s' is not a valid interface name", arg);
			a->iface = arg;
			break;
		default:
			rc = cli_run_opt(&a->run, opt, arg, argv, optind, err, errlen);
			if (rc == CLI_ARGS_ERROR && (opt == '?' || opt == ':') && optopt && optopt < 256)
				return cli_arg_fail(err, errlen, opt == ':' ? "option '-%c' needs a value"
						    : "unknown option '-%c'", optopt);
			if (rc)
				return rc;
			if (opt == CLI_O_BUSY || opt == CLI_O_STATS || opt == CLI_O_DURATION)
				return cli_arg_fail(err, errlen, "option '--%s' is not used by traceroute",
						    opt == CLI_O_BUSY ? "busy-poll"
						    : opt == CLI_O_STATS ? "stats-interval" : "duration");
			break;
		}
	}
	if (optind >= argc)
		return cli_arg_fail(err, errlen, "HOST is required");
	a->host = argv[optind++];
	if (optind < argc) {
		if (a->method == TR_TCP)
			return cli_arg_fail(err, errlen, "PACKETLEN is not taken with -T (SYNs are 60 octets)");
		if (parse_num('?', argv[optind], 30, TR_MAX_PKT, &a->pktlen, err, errlen) < 0)
			return cli_arg_fail(err, errlen, "PACKETLEN needs 30..%d, not '%s'", TR_MAX_PKT,
					    argv[optind]);
		len_given = true;
		optind++;
	}
	if (optind < argc)
		return cli_arg_fail(err, errlen, "unexpected argument '%s'", argv[optind]);
	if (a->first_ttl > a->max_ttl)
		return cli_arg_fail(err, errlen, "-f %u is above -m %u", a->first_ttl, a->max_ttl);
	if (!port_given)
		a->port = a->method == TR_TCP ? TR_TCP_PORT : TR_UDP_PORT;
	else if (a->method == TR_ICMP)
		return cli_arg_fail(err, errlen, "-p has no meaning with -I (ICMP probes have no port)");
	if (a->flows > 1 && a->method == TR_TCP)
		return cli_arg_fail(err, errlen, "--flows is for UDP and -I probes, not -T");
	if (a->flows > 1 && a->mtu)
		return cli_arg_fail(err, errlen, "--flows and --mtu do not go together");
	if (a->report && (a->flows > 1 || a->mtu))
		return cli_arg_fail(err, errlen, "--report does not go with --flows or --mtu");
	if (a->fields[0] && !a->report)
		return cli_arg_fail(err, errlen, "-o chooses --report's columns: give --report too");
	if (!a->fields[0])
		snprintf(a->fields, sizeof(a->fields), "%s", TR_DEF_FIELDS);
	if (a->report)
		a->nqueries = cycles;
	a->per_flow = a->nqueries;
	a->nqueries *= a->flows;
	if (a->method == TR_TCP && a->mtu)
		return cli_arg_fail(err, errlen, "--mtu is for UDP and -I probes, not -T");
	if (a->method == TR_TCP)
		a->pktlen = TR_DEF_PKT;
	if (a->mtu) {
		a->simul = 1;
		if (!len_given)
			a->pktlen = TR_MAX_PKT;
	}
	return resolve(a->host, &a->dst, err, errlen);
}
