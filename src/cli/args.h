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
