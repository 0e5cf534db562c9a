// SPDX-License-Identifier: MIT
/* router_route.c - `icmpkit router`: --route and --route-file, checked,
 * resolved to an interface, and added to the stack */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/err.h"
#include "icmpkit/ipv4.h"

#include "router.h"

#define ROUTE_TEXT_MAX 512 /* longest route text */
#define ROUTE_WORDS    8   /* most words in one route */

static const struct {
	const char *name;
	enum ik_route_type type;
} route_types[] = {
	{ "unreachable", IK_ROUTE_UNREACHABLE },
	{ "prohibit", IK_ROUTE_PROHIBIT },
	{ "blackhole", IK_ROUTE_BLACKHOLE },
};

/**
 * router_route_type_name() - "unicast", "unreachable", ...
 * @t: type
 *
 * Return: static name.
 */
const char *router_route_type_name(enum ik_route_type t)
{
	for (size_t i = 0; i < sizeof(route_types) / sizeof(route_types[0]); i++)
		if (route_types[i].type == t)
			return route_types[i].name;
	return "unicast";
}

/**
 * type_word() - whether @w names a route type
 * @w: word; @t: the type, when it does
 *
 * Return: true if it does.
 */
static bool type_word(const char *w, enum ik_route_type *t)
{
	for (size_t i = 0; i < sizeof(route_types) / sizeof(route_types[0]); i++)
		if (!strcmp(w, route_types[i].name)) {
			*t = route_types[i].type;
			return true;
		}
	return false;
}

/**
 * parse_dst() - the destination: A.B.C.D/LEN, A.B.C.D (/32), "default"
 * or A.B.C.D/0
 * @w: word; @dst / @prefix: out; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR (also for host bits set, as `ip route`).
 */
static int parse_dst(const char *w, uint32_t *dst, unsigned *prefix, char *err, size_t errlen)
{
	const char *slash = strchr(w, '/');
	char a[16], net[16];
	uint32_t m;

	if (!strcmp(w, "default")) {
		*dst = 0;
		*prefix = 0;
		return 0;
	}
	if (slash && !strcmp(slash + 1, "0") && (size_t)(slash - w) < sizeof(a)) {
		memcpy(a, w, (size_t)(slash - w));
		a[slash - w] = '\0';
		if (ik_ipv4_addr_parse(a, dst) < 0)
			goto bad;
		*prefix = 0;
	} else if (ik_ipv4_prefix_parse(w, dst, prefix) < 0) {
		goto bad;
	} else if (!slash) {
		*prefix = 32;
	}
	m = ik_ipv4_prefix_mask(*prefix);
	if (*dst & ~m)
		return cli_arg_fail(err, errlen, "prefix %s has host bits set (%s/%u?)", w,
				    ik_ipv4_addr_str(*dst & m, net), *prefix);
	return 0;
bad:
	return cli_arg_fail(err, errlen, "bad prefix '%s' (A.B.C.D/LEN, A.B.C.D or default)", w);
}

/**
 * iface_by_name() - the --iface called @name
 * @a: arguments; @name: TUN name
 *
 * Return: its index, or -1.
 */
static int iface_by_name(const struct router_args *a, const char *name)
{
	for (unsigned i = 0; i < a->niface; i++)
		if (!strcmp(a->iface[i].name, name))
			return (int)i;
	return -1;
}

/**
 * iface_for_gw() - the numbered interface whose subnet holds @gw (the
 * longest such prefix)
 * @a: arguments; @gw: gateway
 *
 * Return: its index, or -1.
 */
static int iface_for_gw(const struct router_args *a, uint32_t gw)
{
	int best = -1;

	for (unsigned i = 0; i < a->niface; i++) {
		const struct router_iface_arg *f = &a->iface[i];
		uint32_t m = ik_ipv4_prefix_mask(f->prefix);

		if (f->addr && (gw & m) == (f->addr & m) &&
		    (best < 0 || f->prefix > a->iface[best].prefix))
			best = (int)i;
	}
	return best;
}

/**
 * split_words() - cut @buf into words at white space
 * @buf: text, modified; @w: ROUTE_WORDS pointers
 *
 * Return: words found, or -1 for more than ROUTE_WORDS.
 */
static int split_words(char *buf, char **w)
{
	int n = 0;

	for (char *t = strtok(buf, " \t\r\n"); t; t = strtok(NULL, " \t\r\n")) {
		if (n == ROUTE_WORDS)
			return -1;
		w[n++] = t;
	}
	return n;
}

/**
 * resolve_unicast() - the interface and gateway of a unicast route
 * @a: arguments; @via / @dev: the words given (NULL when not); @out: the
 * route; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
static int resolve_unicast(const struct router_args *a, const char *via, const char *dev,
			   struct router_route *out, char *err, size_t errlen)
{
	int i = -1;

	if (dev && (i = iface_by_name(a, dev)) < 0)
		return cli_arg_fail(err, errlen, "dev %s: no --iface has that name", dev);
	if (via) {
		if (ik_ipv4_addr_parse(via, &out->gw) < 0)
			return cli_arg_fail(err, errlen, "via needs a gateway address, not '%s'", via);
		for (unsigned k = 0; k < a->niface; k++)
			if (a->iface[k].addr == out->gw)
				return cli_arg_fail(err, errlen,
						    "via %s is the router's own address on %s", via,
						    a->iface[k].name);
		if (!dev && (i = iface_for_gw(a, out->gw)) < 0)
			return cli_arg_fail(err, errlen,
					    "via %s: the gateway is on no interface's subnet (give dev NAME for an unnumbered one)",
					    via);
	}
	out->iface = (unsigned)i;
	return 0;
}

/**
 * router_route_parse() - check one route and resolve it
 * @a: arguments; @text: the route; @out: filled; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
int router_route_parse(const struct router_args *a, const char *text, struct router_route *out,
		       char *err, size_t errlen)
{
	char buf[ROUTE_TEXT_MAX], *w[ROUTE_WORDS];
	const char *via = NULL, *dev = NULL;
	bool typed = false;
	int n, k = 0;

	memset(out, 0, sizeof(*out));
	if (strlen(text) >= sizeof(buf))
		return cli_arg_fail(err, errlen, "route longer than %d characters", ROUTE_TEXT_MAX - 1);
	strcpy(buf, text);
	n = split_words(buf, w);
	if (n < 0)
		return cli_arg_fail(err, errlen, "too many words");
	if (n == 0)
		return cli_arg_fail(err, errlen, "empty route");
	if (type_word(w[0], &out->type)) { /* `ip route` order: TYPE PREFIX */
		typed = true;
		k = 1;
		if (n < 2)
			return cli_arg_fail(err, errlen, "%s needs a prefix", w[0]);
	}
	if (parse_dst(w[k++], &out->dst, &out->prefix, err, errlen) < 0)
		return CLI_ARGS_ERROR;
	for (; k < n; k++) {
		const char **slot = !strcmp(w[k], "via") ? &via : !strcmp(w[k], "dev") ? &dev : NULL;

		if (slot) {
			if (*slot)
				return cli_arg_fail(err, errlen, "%s given twice", w[k]);
			if (k + 1 >= n)
				return cli_arg_fail(err, errlen, "%s needs a value", w[k]);
			*slot = w[++k];
		} else if (!typed && type_word(w[k], &out->type)) {
			typed = true;
		} else {
			return cli_arg_fail(err, errlen,
					    "unexpected '%s' (PREFIX via ADDR | dev NAME | unreachable | prohibit | blackhole)",
					    w[k]);
		}
	}
	if (typed && (via || dev))
		return cli_arg_fail(err, errlen, "%s routes take no via or dev",
				    router_route_type_name(out->type));
	if (!typed && !via && !dev)
		return cli_arg_fail(err, errlen,
				    "needs via ADDR, dev NAME, or a type (unreachable, prohibit, blackhole)");
	if (typed)
		return 0;
	return resolve_unicast(a, via, dev, out, err, errlen);
}

/**
 * add_route() - append a parsed route to a->routes
 * @a: arguments; @r: route; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR (more than --max-routes, or no memory).
 */
static int add_route(struct router_args *a, const struct router_route *r, char *err,
		     size_t errlen)
{
	if (a->nroutes >= a->max_routes)
		return cli_arg_fail(err, errlen, "more routes than --max-routes %u", a->max_routes);
	if (a->nroutes == a->routes_cap) {
		size_t cap = a->routes_cap ? a->routes_cap * 2 : 64;
		struct router_route *nr = realloc(a->routes, cap * sizeof(*nr));

		if (!nr)
			return cli_arg_fail(err, errlen, "out of memory for %zu routes", cap);
		a->routes = nr;
		a->routes_cap = cap;
	}
	a->routes[a->nroutes++] = *r;
	return 0;
}

/**
 * load_file() - every route of --route-file, one per line, '#' comments
 * @a: arguments; @err / @errlen: "FILE:LINE: why"
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
static int load_file(struct router_args *a, char *err, size_t errlen)
{
	char why[400], *line = NULL, *hash;
	struct router_route r;
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = 0;
	FILE *f = fopen(a->route_file, "r");

	if (!f)
		return cli_arg_fail(err, errlen, "--route-file %s: %s", a->route_file,
				    strerror(errno));
	while (rc == 0 && getline(&line, &cap, f) >= 0) {
		lineno++;
		if ((hash = strchr(line, '#')))
			*hash = '\0';
		if (strspn(line, " \t\r\n") == strlen(line))
			continue;
		if (router_route_parse(a, line, &r, why, sizeof(why)) < 0)
			rc = cli_arg_fail(err, errlen, "%s:%u: %s", a->route_file, lineno, why);
		else
			rc = add_route(a, &r, err, errlen);
	}
	if (rc == 0 && ferror(f))
		rc = cli_arg_fail(err, errlen, "--route-file %s: read error", a->route_file);
	free(line);
	fclose(f);
	return rc;
}

/**
 * router_routes_load() - resolve every --route, then read --route-file
 * @a: arguments; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
int router_routes_load(struct router_args *a, char *err, size_t errlen)
{
	char why[400];
	struct router_route r;

	for (unsigned i = 0; i < a->nroute_text; i++) {
		if (router_route_parse(a, a->route_text[i], &r, why, sizeof(why)) < 0)
			return cli_arg_fail(err, errlen, "--route '%s': %s", a->route_text[i], why);
		if (add_route(a, &r, err, errlen) < 0)
			return CLI_ARGS_ERROR;
	}
	return a->route_file ? load_file(a, err, errlen) : 0;
}

/**
 * router_route_install() - add one route to the stack
 * @s: stack; @r: route; @ifindex: the stack's interface (unicast)
 *
 * Return: 0, -IK_EINVAL or -IK_ENOMEM.
 */
int router_route_install(struct ik_stack *s, const struct router_route *r, unsigned ifindex)
{
	struct ik_route_spec spec = {
		.dst = r->dst, .prefix = r->prefix, .gw = r->gw, .type = r->type,
		.ifindex = r->type == IK_ROUTE_UNICAST ? ifindex : 0,
	};

	return ik_stack_route_add(s, &spec);
}
