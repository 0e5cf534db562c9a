// SPDX-License-Identifier: MIT
/* ping_targets.c - `icmpkit ping`'s targets in fping's mode: the TARGET
 * arguments, -g prefixes and a --targets file, resolved up front */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/ipv4.h"

#include "ping_multi.h"

/**
 * ping_prefix_hosts() - the host addresses of a -g prefix
 * @s: "A.B.C.D/LEN"; @first / @count: the range; @err / @errlen: message
 *
 * Below /31 the network and broadcast addresses are left out, as fping -g
 * does; /31 and /32 are taken whole. Prefixes shorter than /8 are refused.
 *
 * Return: 0, or -1.
 */
int ping_prefix_hosts(const char *s, uint32_t *first, uint32_t *count, char *err, size_t errlen)
{
	char a[32];
	const char *slash = strchr(s, '/');
	unsigned long len;
	uint32_t base, mask;
	char *end;

	if (!slash || (size_t)(slash - s) >= sizeof(a)) {
		snprintf(err, errlen, "-g needs a prefix A.B.C.D/LEN, not '%s'", s);
		return -1;
	}
	memcpy(a, s, (size_t)(slash - s));
	a[slash - s] = 0;
	errno = 0;
	len = strtoul(slash + 1, &end, 10);
	if (ik_ipv4_addr_parse(a, &base) < 0 || !slash[1] || *end || errno || len > 32) {
		snprintf(err, errlen, "-g needs a prefix A.B.C.D/LEN, not '%s'", s);
		return -1;
	}
	if (len < 8) {
		snprintf(err, errlen, "-g %s: prefixes shorter than /8 are not swept", s);
		return -1;
	}
	mask = len ? ~0u << (32 - len) : 0;
	base &= mask;
	if (len >= 31) {
		*first = base;
		*count = len == 32 ? 1 : 2;
	} else {
		*first = base + 1;
		*count = (~mask) - 1;
	}
	return 0;
}

/**
 * add() - one target
 * @m: the targets; @cap: room in @m->t (grown here); @addr: address;
 * @name: its name, or NULL
 *
 * Return: 0, or -1 (too many, or out of memory: message printed).
 */
static int add(struct ping_multi *m, uint32_t *cap, uint32_t addr, const char *name)
{
	if (m->n >= PING_MULTI_MAX) {
		fprintf(stderr, "icmpkit ping: more than %u targets\n", PING_MULTI_MAX);
		return -1;
	}
	if (m->n == *cap) {
		uint32_t nc = *cap ? *cap * 2 : 256;
		struct ping_target *t = realloc(m->t, (size_t)nc * sizeof(*t));

		if (!t) {
			fprintf(stderr, "icmpkit ping: out of memory for %u targets\n", nc);
			return -1;
		}
		m->t = t;
		*cap = nc;
	}
	m->t[m->n] = (struct ping_target){ .name = name, .addr = addr, .tmin = UINT32_MAX };
	m->n++;
	return 0;
}

/**
 * add_named() - a target given as text: a dotted quad, else a name looked
 * up (not with -n)
 * @p: the run; @cap: room; @s: the text (kept: it must outlive the run)
 *
 * Return: 0, or -1 with the message printed.
 */
static int add_named(struct ping *p, uint32_t *cap, const char *s)
{
	char err[300];
	uint32_t a;

	if (ik_ipv4_addr_parse(s, &a) == 0)
		return add(p->multi, cap, a, NULL);
	if (ping_resolve(p, s, &a, err, sizeof(err)) < 0) {
		fprintf(stderr, "icmpkit ping: %s\n", err);
		return -1;
	}
	return add(p->multi, cap, a, s);
}

/**
 * add_file() - --targets FILE: one target per line ("-" for standard
 * input), blank lines and '#' comments skipped
 * @p: the run; @cap: room
 *
 * Return: 0, or -1 with the message printed.
 */
static int add_file(struct ping *p, uint32_t *cap)
{
	const char *path = p->o.targets_file;
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char line[512];
	unsigned lineno = 0;
	int rc = 0;

	if (!f) {
		fprintf(stderr, "icmpkit ping: --targets %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (!rc && fgets(line, sizeof(line), f)) {
		char *s = line, *e;

		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			fprintf(stderr, "icmpkit ping: --targets %s:%u: line too long\n", path, lineno);
			rc = -1;
			break;
		}
		if ((e = strchr(s, '#')))
			*e = 0;
		s += strspn(s, " \t\r\n");
		e = s + strcspn(s, " \t\r\n");
		if (*e && e[strspn(e, " \t\r\n")]) {
			fprintf(stderr, "icmpkit ping: --targets %s:%u: one target per line\n", path,
				lineno);
			rc = -1;
			break;
		}
		*e = 0;
		if (!*s)
			continue;
		{
			uint32_t a;

			if (ik_ipv4_addr_parse(s, &a) == 0) {
				rc = add(p->multi, cap, a, NULL);
			} else {
				char *name = strdup(s);

				rc = name ? add_named(p, cap, name) : -1;
			}
		}
	}
	if (f != stdin)
		fclose(f);
	return rc;
}

/**
 * ping_targets_build() - every target of the command line
 * @p: the run
 *
 * Return: 0, or -1 with the one-line message printed.
 */
int ping_targets_build(struct ping *p)
{
	struct ping_multi *m = p->multi;
	uint32_t cap = 0;
	char err[160];

	for (unsigned i = 0; i < p->o.ntargets; i++)
		if (add_named(p, &cap, p->o.targets[i]) < 0)
			return -1;
	for (unsigned g = 0; g < p->o.ngen; g++) {
		uint32_t first, count;

		if (ping_prefix_hosts(p->o.gen[g], &first, &count, err, sizeof(err)) < 0) {
			fprintf(stderr, "icmpkit ping: %s\n", err);
			return -1;
		}
		for (uint32_t i = 0; i < count; i++)
			if (add(m, &cap, first + i, NULL) < 0)
				return -1;
	}
	if (p->o.targets_file && add_file(p, &cap) < 0)
		return -1;
	if (!m->n) {
		fprintf(stderr, "icmpkit ping: no targets\n");
		return -1;
	}
	return 0;
}
