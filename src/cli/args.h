/* SPDX-License-Identifier: MIT */
/* args.h - command-line checks shared by `icmpkit host` and `icmpkit router` */
#ifndef ICMPKIT_CLI_ARGS_H
#define ICMPKIT_CLI_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_ARGS_HELP  1  /* --help: print the usage, exit 0 */
#define CLI_ARGS_ERROR -1 /* message in the error buffer, exit 2 */

/** struct cli_setting - one --set NAME=VALUE */
struct cli_setting {
	const char *name; /* points into argv */
	size_t name_len;
	long value;
};

/**
 * struct cli_run - the options every long-running command shares (host,
 * router, and the tools after them), parsed by cli_run_opt()
 * @pcap:        --pcap FILE, or NULL
 * @trace:       --trace
 * @busy_poll:   --busy-poll
 * @json:        --json
 * @stats_ns:    --stats-interval, 0 when not given
 * @duration_ns: --duration, 0 when not given
 */
struct cli_run {
	const char *pcap;
	bool trace;
	bool busy_poll;
	bool json;
	uint64_t stats_ns;
	uint64_t duration_ns;
};

/* getopt_long() ids of the shared options (a command's own start at 256) */
enum {
	CLI_O_PCAP = 1024, CLI_O_TRACE, CLI_O_BUSY, CLI_O_JSON, CLI_O_STATS, CLI_O_DURATION,
	CLI_O_HELP,
};

/* their rows of a struct option table */
#define CLI_RUN_OPTIONS \
	{ "pcap", required_argument, NULL, CLI_O_PCAP }, \
	{ "trace", no_argument, NULL, CLI_O_TRACE }, \
	{ "stats-interval", required_argument, NULL, CLI_O_STATS }, \
	{ "busy-poll", no_argument, NULL, CLI_O_BUSY }, \
	{ "json", no_argument, NULL, CLI_O_JSON }, \
	{ "duration", required_argument, NULL, CLI_O_DURATION }, \
	{ "help", no_argument, NULL, CLI_O_HELP }

/**
 * cli_run_opt() - one getopt_long() result that is not a command's own:
 * a shared option, a missing value or an unknown option
 * @r: the shared options; @opt: getopt_long()'s result; @arg: optarg;
 * @argv / @optind_now: for naming the option in a message;
 * @err / @errlen: message
 *
 * Return: 0 when taken, CLI_ARGS_HELP for --help, else CLI_ARGS_ERROR with
 * the one-line message.
 */
int cli_run_opt(struct cli_run *r, int opt, const char *arg, char **argv, int optind_now,
		char *err, size_t errlen);

/**
 * cli_arg_fail() - format the one-line error
 * @err: buffer; @len: its size; @fmt: printf format
 *
 * Return: CLI_ARGS_ERROR.
 */
int cli_arg_fail(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/**
 * cli_parse_ulong() - a whole decimal number within [@lo, @hi]
 * @s: text; @lo / @hi: bounds; @out: value
 *
 * Return: 0, or -1.
 */
int cli_parse_ulong(const char *s, unsigned long long lo, unsigned long long hi,
		    unsigned long long *out);

/**
 * cli_parse_seconds() - a positive number of seconds (decimals allowed) as ns
 * @s: text; @out: nanoseconds
 *
 * Return: 0, or -1 (not a number, <= 0, or more than a year).
 */
int cli_parse_seconds(const char *s, uint64_t *out);

/**
 * cli_addr_unusable() - why @a/@prefix cannot be a host's address, or NULL
 * @a: address; @prefix: its prefix
 *
 * Return: static reason ("is a loopback address", ...), or NULL when fine.
 */
const char *cli_addr_unusable(uint32_t a, unsigned prefix);

/**
 * cli_default_peer() - the first address of @addr's prefix other than @addr
 * @addr: the stack's address; @prefix: its prefix
 *
 * Return: the address, or 0 when the prefix has no other host (/32).
 */
uint32_t cli_default_peer(uint32_t addr, unsigned prefix);

/**
 * cli_add_setting() - check "NAME=VALUE" against the stack's setting names
 * and append it
 * @set: the list; @nset: entries in it; @max: its size; @arg: text;
 * @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR (an unknown name lists the known ones).
 */
int cli_add_setting(struct cli_setting *set, unsigned *nset, unsigned max, const char *arg,
		    char *err, size_t errlen);

/**
 * struct cli_link6 - the two IPv6 ends of one TUN link
 * @addr / @prefix:       the stack's end
 * @peer / @peer_prefix:  the kernel's end (filled by cli_check_link6()
 *                        when not given)
 * @peer_given:           it was given
 * @addr_opt / @peer_opt: how messages name them
 */
struct cli_link6 {
	uint8_t addr[16];
	unsigned prefix;
	uint8_t peer[16];
	unsigned peer_prefix;
	bool peer_given;
	const char *addr_opt;
	const char *peer_opt;
};

/** cli_is_ipv6() - @arg holds a ':'. Return: true if so. */
bool cli_is_ipv6(const char *arg);

/**
 * cli_parse_prefix6() - "ADDR/LEN" (1..128) or "ADDR" (@plen 0)
 * Return: 0, or -1.
 */
int cli_parse_prefix6(const char *arg, uint8_t a[16], unsigned *plen);

/**
 * cli_check_link6() - the checks of a link's IPv6 ends, the kernel's
 * filled in when not given (args6.c)
 * Return: 0, or CLI_ARGS_ERROR.
 */
int cli_check_link6(struct cli_link6 *k, char *err, size_t errlen);

/**
 * struct cli_link - the two ends of one TUN link, as the user gave them
 * @addr / @prefix:       the stack's end
 * @peer / @peer_prefix:  the kernel's end (filled by cli_check_link() when
 *                        not given)
 * @peer_given:           --peer / peer= was given
 * @addr_opt / @peer_opt: how messages name them ("--addr", "--peer";
 *                        "--iface r1a: addr", "--iface r1a: peer")
 * @peer_hint:            how to give the kernel's end ("--peer", "peer=")
 */
struct cli_link {
	uint32_t addr;
	unsigned prefix;
	uint32_t peer;
	unsigned peer_prefix;
	bool peer_given;
	const char *addr_opt;
	const char *peer_opt;
	const char *peer_hint;
};

/**
 * cli_check_link() - the cross-checks of a link's two addresses, and the
 * kernel's default address when none was given
 * @k: the link (peer filled); @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
int cli_check_link(struct cli_link *k, char *err, size_t errlen);

#endif
