// SPDX-License-Identifier: MIT
/*
 * traceroute_names.c - `icmpkit traceroute` without -n: the name of each
 * responder by a reverse lookup (getnameinfo(): /etc/hosts, DNS, as the
 * system is configured), asked once per address and kept for the run
 */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "icmpkit/ipv4.h"

#include "traceroute.h"

/**
 * tr_name_lookup() - the name of @addr by getnameinfo() (NI_NAMEREQD: a
 * name or nothing)
 * @addr: address, host order; @buf / @len: the name
 *
 * Return: 0 with a name in @buf, -1 when it has none.
 */
int tr_name_lookup(uint32_t addr, char *buf, size_t len)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(addr) };

	if (getnameinfo((const struct sockaddr *)&sin, sizeof(sin), buf, (socklen_t)len, NULL, 0,
			NI_NAMEREQD) != 0 || !buf[0])
		return -1;
	return 0;
}

/**
 * tr_name_of() - the name of @addr, looked up the first time only
 * @t: the cache (@t->lookup: the resolver, tr_name_lookup() when NULL);
 * @addr: address, host order
 *
 * Return: the name, or NULL when it has none (or memory ran out).
 */
const char *tr_name_of(struct tr_names *t, uint32_t addr)
{
	int (*lookup)(uint32_t, char *, size_t) = t->lookup ? t->lookup : tr_name_lookup;
	struct tr_name *e;

	for (unsigned i = 0; i < t->n; i++)
		if (t->v[i].addr == addr)
			return t->v[i].name[0] ? t->v[i].name : NULL;
	if (t->n == t->cap) {
		unsigned cap = t->cap ? t->cap * 2 : 16;
		struct tr_name *v = realloc(t->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		t->v = v;
		t->cap = cap;
	}
	e = &t->v[t->n++];
	e->addr = addr;
	t->lookups++;
	if (lookup(addr, e->name, sizeof(e->name)) < 0)
		e->name[0] = '\0';
	e->name[sizeof(e->name) - 1] = '\0';
	return e->name[0] ? e->name : NULL;
}

/**
 * tr_names_free() - forget every name
 * @t: the cache
 */
void tr_names_free(struct tr_names *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}
