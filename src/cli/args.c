// SPDX-License-Identifier: MIT
/* args.c - command-line checks shared by `icmpkit host` and `icmpkit router` */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/ipv4.h"
#include "icmpkit/stack.h"

#include "args.h"

/**
 * cli_arg_fail() - format the one-line error
 * @err: buffer; @len: size; @fmt: printf format
 *
 * Return: CLI_ARGS_ERROR.
 */
int cli_arg_fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return CLI_ARGS_ERROR;
}

/**
 * cli_parse_ulong() - a whole decimal number within [@lo, @hi]
 * @s: text; @lo / @hi: bounds; @out: value
 *
 * Return: 0, or -1.
 */
int cli_parse_ulong(const char *s, unsigned long long lo, unsigned long long hi,
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
 * cli_parse_seconds() - a positive number of seconds (decimals allowed) as ns
 * @s: text; @out: nanoseconds
 *
 * Return: 0, or -1 (not a number, <= 0, or more than a year).
 */
int cli_parse_seconds(const char *s, uint64_t *out)
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
 * cli_addr_unusable() - why @a/@prefix cannot be a host's address, or NULL
 * @a: address; @prefix: its prefix
 *
 * Return: static reason, or NULL when fine.
 */
const char *cli_addr_unusable(uint32_t a, unsigned prefix)
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
 * cli_default_peer() - the first address of @addr's prefix other than @addr
 * @addr: the stack's address; @prefix: its prefix
 *
 * Return: the address, or 0 when the prefix has no other host (/32).
 */
uint32_t cli_default_peer(uint32_t addr, unsigned prefix)
{
	uint32_t net = addr & ik_ipv4_prefix_mask(prefix);

	if (prefix == 32)
		return 0;
	if (prefix == 31)
		return addr ^ 1u;
	return net + 1 == addr ? net + 2 : net + 1;
}

/**
 * cli_add_setting() - check "NAME=VALUE" against the stack's setting names
 * @set: list; @nset: its entries; @max: its size; @arg: text;
 * @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR naming the known settings.
 */
int cli_add_setting(struct cli_setting *set, unsigned *nset, unsigned max, const char *arg,
		    char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	struct cli_setting *st;
	char *end;
	const char *known;
	size_t n, used = 0;
	char list[1024];

	if (!eq || eq == arg)
		return cli_arg_fail(err, errlen, "--set needs NAME=VALUE, not '%s'", arg);
	n = (size_t)(eq - arg);
	for (unsigned i = 0; (known = ik_stack_setting_name(i)); i++)
		if (strlen(known) == n && !strncmp(known, arg, n))
			break;
	if (!known) {
		list[0] = '\0';
		for (unsigned i = 0; (known = ik_stack_setting_name(i)) && used < sizeof(list); i++)
			used += (size_t)snprintf(list + used, sizeof(list) - used, "%s%s",
						 i ? ", " : "", known);
		return cli_arg_fail(err, errlen, "unknown setting '%.*s' (known: %s)", (int)n, arg,
				    list);
	}
	if (*nset >= max)
		return cli_arg_fail(err, errlen, "at most %u --set options", max);
	st = &set[*nset];
	errno = 0;
	st->value = strtol(eq + 1, &end, 0);
	if (!eq[1] || *end || errno)
		return cli_arg_fail(err, errlen, "--set %.*s needs an integer value, not '%s'", (int)n,
				    arg, eq + 1);
	st->name = arg;
	st->name_len = n;
	(*nset)++;
	return 0;
}

/**
 * cli_check_link() - the cross-checks of a link's two addresses
 * @k: link; @err / @errlen: message
 *
 * Without a peer, the kernel gets cli_default_peer() with the stack's
 * prefix; a peer given without a length takes the stack's prefix.
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
int cli_check_link(struct cli_link *k, char *err, size_t errlen)
{
	char s1[16], s2[16];
	const char *why;

	if (k->peer_given && !k->peer_prefix)
		k->peer_prefix = k->prefix;
	if ((why = cli_addr_unusable(k->addr, k->prefix)))
		return cli_arg_fail(err, errlen, "%s %s/%u %s", k->addr_opt,
				    ik_ipv4_addr_str(k->addr, s1), k->prefix, why);
	if (!k->peer_given) {
		k->peer = cli_default_peer(k->addr, k->prefix);
		k->peer_prefix = k->prefix;
		if (!k->peer)
			return cli_arg_fail(err, errlen,
					    "%s /32 leaves no address for the kernel: give %s",
					    k->addr_opt, k->peer_hint);
		return 0;
	}
	if ((why = cli_addr_unusable(k->peer, k->peer_prefix)))
		return cli_arg_fail(err, errlen, "%s %s/%u %s", k->peer_opt,
				    ik_ipv4_addr_str(k->peer, s1), k->peer_prefix, why);
	if (k->peer == k->addr)
		return cli_arg_fail(err, errlen, "%s %s is the stack's own address", k->peer_opt,
				    ik_ipv4_addr_str(k->peer, s1));
	if ((k->addr & ik_ipv4_prefix_mask(k->peer_prefix)) !=
	    (k->peer & ik_ipv4_prefix_mask(k->peer_prefix)))
		return cli_arg_fail(err, errlen,
				    "%s %s is outside %s %s/%u: the kernel would have no route to it",
				    k->addr_opt, ik_ipv4_addr_str(k->addr, s1), k->peer_opt,
				    ik_ipv4_addr_str(k->peer, s2), k->peer_prefix);
	return 0;
}

/**
 * cli_run_opt() - a shared option, a missing value or an unknown option
 * @r: the shared options; @opt: getopt_long()'s result; @arg: optarg;
 * @argv / @optind_now: for naming the option in a message;
 * @err / @errlen: message
 *
 * Return: 0 when taken, CLI_ARGS_HELP for --help, else CLI_ARGS_ERROR.
 */
int cli_run_opt(struct cli_run *r, int opt, const char *arg, char **argv, int optind_now,
		char *err, size_t errlen)
{
	switch (opt) {
	case CLI_O_PCAP:
		if (!*arg)
			return cli_arg_fail(err, errlen, "--pcap needs a file name");
		r->pcap = arg;
		return 0;
	case CLI_O_TRACE: r->trace = true; return 0;
	case CLI_O_BUSY: r->busy_poll = true; return 0;
	case CLI_O_JSON: r->json = true; return 0;
	case CLI_O_STATS:
		if (cli_parse_seconds(arg, &r->stats_ns) < 0)
			return cli_arg_fail(err, errlen, "--stats-interval needs seconds > 0, not '%s'", arg);
		return 0;
	case CLI_O_DURATION:
		if (cli_parse_seconds(arg, &r->duration_ns) < 0)
			return cli_arg_fail(err, errlen, "--duration needs seconds > 0, not '%s'", arg);
		return 0;
	case CLI_O_HELP:
		return CLI_ARGS_HELP;
	case ':':
		return cli_arg_fail(err, errlen, "option '%s' needs a value", argv[optind_now - 1]);
	default:
		return cli_arg_fail(err, errlen, "unknown option '%s'", argv[optind_now - 1]);
	}
}
