// SPDX-License-Identifier: MIT
/* router_iface.c - `icmpkit router`: one --iface tun:NAME,key=value,... or
 * wire:NAME,key=value,... */
#include <string.h>

#include "icmpkit/ipv4.h"
#include "icmpkit/netns.h"

#include "router.h"

#define SPEC_FORM "tun:NAME[,addr=ADDR/LEN][,peer=ADDR[/LEN]][,addr6=ADDR6/LEN][,peer6=ADDR6[/LEN]][,mtu=N][,netns=NS]"
#define WIRE_FORM "wire:NAME,sock=PATH,to=PATH[,addr=ADDR/LEN][,addr6=ADDR6/LEN][,mtu=N]"

/** struct iface_seen - which keys a specification gave */
struct iface_seen {
	bool addr, peer, mtu, netns, sock, to, addr6, peer6;
};

/**
 * take_key() - check and store one key=value of a specification
 * @o: the interface so far; @seen: keys given; @key / @klen: the key;
 * @val: its value (NUL-terminated); @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
static int take_key(struct router_iface_arg *o, struct iface_seen *seen, const char *key,
		    size_t klen, const char *val, char *err, size_t errlen)
{
	unsigned long long v;
	bool *flag;

	if (klen == 4 && !strncmp(key, "addr", 4))
		flag = &seen->addr;
	else if (klen == 4 && !strncmp(key, "peer", 4))
		flag = &seen->peer;
	else if (klen == 3 && !strncmp(key, "mtu", 3))
		flag = &seen->mtu;
	else if (klen == 5 && !strncmp(key, "netns", 5))
		flag = &seen->netns;
	else if (klen == 4 && !strncmp(key, "sock", 4))
		flag = &seen->sock;
	else if (klen == 2 && !strncmp(key, "to", 2))
		flag = &seen->to;
	else if (klen == 5 && !strncmp(key, "addr6", 5))
		flag = &seen->addr6;
	else if (klen == 5 && !strncmp(key, "peer6", 5))
		flag = &seen->peer6;
	else
		return cli_arg_fail(err, errlen,
				    "--iface %s: unknown key '%.*s' (known: addr, peer, addr6, peer6, "
				    "mtu, netns; a wire's sock, to)", o->name, (int)klen, key);
	if (o->wire ? (flag == &seen->peer || flag == &seen->netns || flag == &seen->peer6) :
		      (flag == &seen->sock || flag == &seen->to))
		return cli_arg_fail(err, errlen, "--iface %s: %.*s= is for %s (%s)", o->name,
				    (int)klen, key, o->wire ? "a TUN: a wire has no kernel side" : "a wire",
				    o->wire ? WIRE_FORM : SPEC_FORM);
	if (*flag)
		return cli_arg_fail(err, errlen, "--iface %s: %.*s= given twice", o->name, (int)klen,
				    key);
	*flag = true;
	if (flag == &seen->addr6 || flag == &seen->peer6) {
		bool a6 = flag == &seen->addr6;

		if (cli_parse_prefix6(val, a6 ? o->link6.addr : o->link6.peer,
				      a6 ? &o->link6.prefix : &o->link6.peer_prefix) < 0 ||
		    (a6 && !o->link6.prefix))
			return cli_arg_fail(err, errlen,
					    "--iface %s: %s= needs ADDR6%s (e.g. 2001:db8:1::1/64), not '%s'",
					    o->name, a6 ? "addr6" : "peer6", a6 ? "/LEN" : "[/LEN]", val);
		o->have6 |= a6;
		o->link6.peer_given |= !a6;
	} else if (flag == &seen->addr) {
		if (ik_ipv4_prefix_parse(val, &o->addr, &o->prefix) < 0 || !o->prefix)
			return cli_arg_fail(err, errlen,
					    "--iface %s: addr= needs ADDR/LEN (e.g. 192.0.2.254/24), not '%s'",
					    o->name, val);
	} else if (flag == &seen->peer) {
		if (ik_ipv4_prefix_parse(val, &o->peer, &o->peer_prefix) < 0)
			return cli_arg_fail(err, errlen,
					    "--iface %s: peer= needs ADDR[/LEN] (e.g. 192.0.2.1/24), not '%s'",
					    o->name, val);
	} else if (flag == &seen->mtu) {
		if (cli_parse_ulong(val, 68, 65535, &v) < 0)
			return cli_arg_fail(err, errlen, "--iface %s: mtu= needs 68..65535, not '%s'",
					    o->name, val);
		o->mtu = (unsigned)v;
	} else if (flag == &seen->sock || flag == &seen->to) {
		if (!ik_wire_path_valid(val))
			return cli_arg_fail(err, errlen, "--iface %s: %.*s= needs a socket path of "
					    "1..%d characters", o->name, (int)klen, key, IK_WIRE_PATH_MAX);
		memcpy(flag == &seen->sock ? o->sock : o->to, val, strlen(val) + 1);
	} else {
		if (!ik_netns_name_valid(val))
			return cli_arg_fail(err, errlen,
					    "--iface %s: netns= needs a namespace name (as `ip netns` lists), not '%s'",
					    o->name, val);
		if (strlen(val) >= sizeof(o->netns))
			return cli_arg_fail(err, errlen, "--iface %s: netns= name too long", o->name);
		memcpy(o->netns, val, strlen(val) + 1);
	}
	return 0;
}

/**
 * check_ends() - the two addresses of the link, or the unnumbered case
 * @o: the interface; @seen: keys given; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
static int check_ends(struct router_iface_arg *o, const struct iface_seen *seen, char *err,
		      size_t errlen)
{
	char aopt[48], popt[48], s1[16];
	struct cli_link k = {
		.addr = o->addr, .prefix = o->prefix, .peer = o->peer,
		.peer_prefix = o->peer_prefix, .peer_given = seen->peer,
		.addr_opt = aopt, .peer_opt = popt, .peer_hint = "peer=ADDR",
	};
	const char *why;
	int r;

	if (seen->peer6 && !seen->addr6)
		return cli_arg_fail(err, errlen, "--iface %s: peer6= needs addr6=", o->name);
	if (seen->addr6 && !o->wire) {
		snprintf(aopt, sizeof(aopt), "--iface %s: addr6", o->name);
		snprintf(popt, sizeof(popt), "--iface %s: peer6", o->name);
		o->link6.addr_opt = aopt;
		o->link6.peer_opt = popt;
		r = cli_check_link6(&o->link6, err, errlen);
		o->link6.addr_opt = o->link6.peer_opt = NULL; /* aopt / popt end here */
		if (r)
			return r;
	}
	if (o->wire) { /* no kernel side: this end's address only */
		if (!seen->sock || !seen->to)
			return cli_arg_fail(err, errlen, "--iface %s: a wire needs sock= and to= (%s)",
					    o->name, WIRE_FORM);
		if (!strcmp(o->sock, o->to))
			return cli_arg_fail(err, errlen, "--iface %s: sock= and to= are the same path",
					    o->name);
		if (seen->addr && (why = cli_addr_unusable(o->addr, o->prefix)))
			return cli_arg_fail(err, errlen, "--iface %s: addr %s/%u %s", o->name,
					    ik_ipv4_addr_str(o->addr, s1), o->prefix, why);
		return 0;
	}
	if (!seen->addr) { /* unnumbered: the kernel side gets peer=, or nothing */
		if (!seen->peer)
			return 0;
		if (!o->peer_prefix)
			o->peer_prefix = 32;
		if ((why = cli_addr_unusable(o->peer, o->peer_prefix)))
			return cli_arg_fail(err, errlen, "--iface %s: peer %s/%u %s", o->name,
					    ik_ipv4_addr_str(o->peer, s1), o->peer_prefix, why);
		return 0;
	}
	snprintf(aopt, sizeof(aopt), "--iface %s: addr", o->name);
	snprintf(popt, sizeof(popt), "--iface %s: peer", o->name);
	r = cli_check_link(&k, err, errlen);
	o->peer = k.peer;
	o->peer_prefix = k.peer_prefix;
	return r;
}

/**
 * router_iface_parse() - check one --iface specification
 * @spec: text; @out: filled; @err / @errlen: message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
int router_iface_parse(const char *spec, struct router_iface_arg *out, char *err, size_t errlen)
{
	struct iface_seen seen = { 0 };
	const char *p, *comma;
	char val[300];
	size_t n;

	memset(out, 0, sizeof(*out));
	out->mtu = 1500;
	out->wire = !strncmp(spec, "wire:", 5);
	if (strncmp(spec, "tun:", 4) && !out->wire)
		return cli_arg_fail(err, errlen, "--iface needs %s or %s, not '%s'", SPEC_FORM,
				    WIRE_FORM, spec);
	p = spec + (out->wire ? 5 : 4);
	comma = strchr(p, ',');
	n = comma ? (size_t)(comma - p) : strlen(p);
	if (n < sizeof(out->name)) {
		memcpy(out->name, p, n);
		out->name[n] = '\0';
	}
	if (n >= sizeof(out->name) || !ik_tun_name_valid(out->name))
		return cli_arg_fail(err, errlen,
				    "--iface '%s': not a valid interface name (1..15 characters, no '/', ':' or spaces)",
				    spec);
	while (comma) {
		const char *key = comma + 1, *eq;

		comma = strchr(key, ',');
		n = comma ? (size_t)(comma - key) : strlen(key);
		eq = memchr(key, '=', n);
		if (!eq || eq == key || (size_t)(eq - key) + 1 == n)
			return cli_arg_fail(err, errlen, "--iface %s: '%.*s' is not key=value (%s)",
					    out->name, (int)n, key, SPEC_FORM);
		if (n - (size_t)(eq - key) - 1 >= sizeof(val))
			return cli_arg_fail(err, errlen, "--iface %s: value of '%.*s' too long",
					    out->name, (int)(eq - key), key);
		memcpy(val, eq + 1, n - (size_t)(eq - key) - 1);
		val[n - (size_t)(eq - key) - 1] = '\0';
		if (take_key(out, &seen, key, (size_t)(eq - key), val, err, errlen) < 0)
			return CLI_ARGS_ERROR;
	}
	return check_ends(out, &seen, err, errlen);
}
