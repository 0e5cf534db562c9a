// SPDX-License-Identifier: MIT
/* settings.c - every policy knob in one table, by its Linux sysctl name */
#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "stack/core.h"

/**
 * struct setting - one row: name, where it lives, its range and default
 * @name: Linux sysctl name
 * @off:  offset in struct ik_settings
 * @min, @max: accepted range (inclusive)
 * @def:  value at ik_stack_new() (Linux's default)
 */
struct setting {
	const char *name;
	size_t off;
	long min, max, def;
};

#define S(n, lo, hi, d) { #n, offsetof(struct ik_settings, n), (lo), (hi), (d) }

static const struct setting settings[] = {
	S(icmp_ratelimit, 0, INT_MAX, 1000),             /* ms per token, per peer */
	S(icmp_ratemask, 0, 0xffffffffL, 0x1818),        /* types 3, 4, 11, 12 */
	S(icmp_msgs_per_sec, 0, INT_MAX, 1000),
	S(icmp_msgs_burst, 0, INT_MAX, 50),
	S(icmp_echo_ignore_broadcasts, 0, 1, 1),
	S(icmp_echo_ignore_all, 0, 1, 0),
	S(icmp_errors_use_inbound_ifaddr, 0, 1, 0),
	S(ip_default_ttl, 1, 255, 64),
	S(ipfrag_time, 1, 86400, 30),                    /* seconds */
	S(ipfrag_high_thresh, 0, INT_MAX, 4194304),      /* octets */
	S(icmp_error_quote_max, 68, 65535, 576),         /* RFC 1812 4.3.2.3 */
	S(ip_forward, 0, 1, 0),
	S(accept_redirects, 0, 1, 1),
	S(ip_no_pmtu_disc, 0, 3, 0),                     /* Linux accepts 0..3 */
	S(min_pmtu, 68, 65535, 552),                     /* ip_rt_min_pmtu */
	S(bc_forwarding, 0, 1, 0),                       /* RFC 2644 */
	S(accept_source_route, 0, 1, 0),                 /* RFC 7126 4.3-4.4 */
	S(send_redirects, 0, 1, 1),
	S(redirect_number, 0, INT_MAX, 9),               /* route/redirect_number */
	S(redirect_load, 0, INT_MAX, 20),                /* ms, route/redirect_load */
	S(redirect_silence, 0, INT_MAX, 20480),          /* ms, route/redirect_silence */
	S(icmpv6_ratelimit, 0, INT_MAX, 1000),           /* net.ipv6.icmp.ratelimit, ms */
	S(icmpv6_echo_ignore_all, 0, 1, 0),              /* net.ipv6.icmp.echo_ignore_all */
	S(icmpv6_echo_ignore_multicast, 0, 1, 0),        /* net.ipv6.icmp.echo_ignore_multicast */
	S(ipv6_hop_limit, 1, 255, 64),                   /* net.ipv6.conf.all.hop_limit */
	S(ip6frag_time, 1, 86400, 60),                   /* net.ipv6.ip6frag_time, s */
	S(ipv6_forwarding, 0, 1, 0),                     /* net.ipv6.conf.all.forwarding */
};
#undef S

#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

_Static_assert(NSETTINGS * sizeof(long) == sizeof(struct ik_settings),
	       "every field of struct ik_settings needs a row in settings[]");

/**
 * find() - the row named @name
 * @name: sysctl name
 *
 * Return: the row, or NULL.
 */
static const struct setting *find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < NSETTINGS; i++)
		if (!strcmp(settings[i].name, name))
			return &settings[i];
	return NULL;
}

/**
 * field() - the long a row describes inside @set
 * @set: settings; @row: row
 *
 * Return: pointer to the field.
 */
static long *field(struct ik_settings *set, const struct setting *row)
{
	return (long *)((char *)set + row->off);
}

/**
 * ik_settings_defaults() - fill @set with every setting's default
 * @set: settings
 */
void ik_settings_defaults(struct ik_settings *set)
{
	for (size_t i = 0; i < NSETTINGS; i++)
		*field(set, &settings[i]) = settings[i].def;
}

/**
 * ik_stack_set() - change a setting by its Linux sysctl name
 * @s:     stack
 * @name:  setting name
 * @value: new value
 *
 * Return: 0, -IK_ENOENT for an unknown name, -IK_EINVAL out of range.
 */
int ik_stack_set(struct ik_stack *s, const char *name, long value)
{
	const struct setting *row = find(name);

	if (!row)
		return -IK_ENOENT;
	if (value < row->min || value > row->max)
		return -IK_EINVAL;
	*field(&s->set, row) = value;
	return 0;
}

/**
 * ik_stack_get() - read a setting by name
 * @s:    stack
 * @name: setting name
 * @out:  value
 *
 * Return: 0, or -IK_ENOENT.
 */
int ik_stack_get(const struct ik_stack *s, const char *name, long *out)
{
	const struct setting *row = find(name);

	if (!row)
		return -IK_ENOENT;
	*out = *(const long *)((const char *)&s->set + row->off);
	return 0;
}

/**
 * ik_stack_setting_name() - the @i-th setting name
 * @i: index from 0
 *
 * Return: name, or NULL past the last.
 */
const char *ik_stack_setting_name(unsigned i)
{
	return i < NSETTINGS ? settings[i].name : NULL;
}
