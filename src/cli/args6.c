// SPDX-License-Identifier: MIT
/* args6.c - IPv6 addresses on the command line: ADDR/LEN, and the checks
 * of a TUN link's two IPv6 ends */
#include <stdio.h>
#include <string.h>

#include "icmpkit/ipv6.h"

#include "args.h"

/**
 * cli_is_ipv6() - does an argument look like IPv6 (it holds a ':')?
 * @arg: the text
 *
 * Return: true if so.
 */
bool cli_is_ipv6(const char *arg)
{
	return strchr(arg, ':') != NULL;
}

/**
 * cli_parse_prefix6() - "ADDR/LEN" (LEN 1..128), or "ADDR" with @plen
 * left at 0
 * @arg: the text; @a: address out; @plen: length out
 *
 * Return: 0, or -1.
 */
int cli_parse_prefix6(const char *arg, uint8_t a[16], unsigned *plen)
{
	char buf[IK_IPV6_ADDR_STRLEN + 8];
	const char *slash = strchr(arg, '/');
	size_t n = slash ? (size_t)(slash - arg) : strlen(arg);
	unsigned long long v = 0;

	if (n >= IK_IPV6_ADDR_STRLEN)
		return -1;
	memcpy(buf, arg, n);
	buf[n] = 0;
	if (ik_ipv6_addr_parse(buf, a) < 0)
		return -1;
	if (slash && cli_parse_ulong(slash + 1, 1, 128, &v) < 0)
		return -1;
	*plen = (unsigned)v;
	return 0;
}

/**
 * addr6_unusable() - why @a cannot be one end of a link, or NULL
 * @a: address
 *
 * Return: the reason, or NULL.
 */
static const char *addr6_unusable(const uint8_t a[16])
{
	static const uint8_t z[16], lo[16] = { [15] = 1 };
	static const uint8_t mapped[12] = { [10] = 0xff, [11] = 0xff };

	if (!memcmp(a, z, 16))
		return "is the unspecified address";
	if (!memcmp(a, lo, 16))
		return "is the loopback address";
	if (a[0] == 0xff)
		return "is a multicast address";
	if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80)
		return "is link-local (each end makes its own)";
	if (!memcmp(a, mapped, 12))
		return "is IPv4-mapped";
	return NULL;
}

/**
 * same_prefix() - do @a and @b share their first @plen bits?
 * Return: true if so.
 */
static bool same_prefix(const uint8_t a[16], const uint8_t b[16], unsigned plen)
{
	for (unsigned i = 0; i < plen; i++)
		if ((a[i / 8] ^ b[i / 8]) & (0x80u >> (i % 8)))
			return false;
	return true;
}

/**
 * cli_check_link6() - the cross-checks of a link's two IPv6 ends; without
 * a peer the kernel gets the prefix's first address other than ours
 * (2001:db8:1::1 for 2001:db8:1::2/64)
 * @k: link; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
int cli_check_link6(struct cli_link6 *k, char *err, size_t errlen)
{
	char s1[IK_IPV6_ADDR_STRLEN], s2[IK_IPV6_ADDR_STRLEN];
	const char *why;

	if ((why = addr6_unusable(k->addr)))
		return cli_arg_fail(err, errlen, "%s %s %s", k->addr_opt,
				    ik_ipv6_addr_str(k->addr, s1), why);
	if (k->prefix > 126)
		return cli_arg_fail(err, errlen, "%s /%u leaves no address for the kernel",
				    k->addr_opt, k->prefix);
	if (!k->peer_given) {
		memcpy(k->peer, k->addr, 16);
		for (unsigned i = k->prefix; i < 128; i++)
			k->peer[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
		k->peer[15] |= 1;
		if (!memcmp(k->peer, k->addr, 16))
			k->peer[15] ^= 3; /* ::1 is ours: ::2 */
		k->peer_prefix = k->prefix;
		return 0;
	}
	if (!k->peer_prefix)
		k->peer_prefix = k->prefix;
	if ((why = addr6_unusable(k->peer)))
		return cli_arg_fail(err, errlen, "%s %s %s", k->peer_opt,
				    ik_ipv6_addr_str(k->peer, s1), why);
	if (!memcmp(k->peer, k->addr, 16))
		return cli_arg_fail(err, errlen, "%s %s is the stack's own address", k->peer_opt,
				    ik_ipv6_addr_str(k->peer, s1));
	if (!same_prefix(k->addr, k->peer, k->peer_prefix))
		return cli_arg_fail(err, errlen,
				    "%s %s is outside %s %s/%u: the kernel would have no route to it",
				    k->addr_opt, ik_ipv6_addr_str(k->addr, s1), k->peer_opt,
				    ik_ipv6_addr_str(k->peer, s2), k->peer_prefix);
	return 0;
}
