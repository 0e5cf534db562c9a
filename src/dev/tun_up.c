// SPDX-License-Identifier: MIT
/* tun_up.c - a TUN device with its kernel side configured, in one call */
#include <stdio.h>

#include "icmpkit/netlink.h"
#include "icmpkit/tun.h"

/**
 * ik_tun_bring_up() - open TUN @name, configure its kernel side, bring it up
 * @t:      the TUN, filled
 * @name:   its name
 * @mtu:    MTU
 * @peer:   the kernel side's address, host order; 0 gives it none (the
 *          link is only brought up: an unnumbered link)
 * @prefix: its prefix length
 * @err:    message on failure
 * @errlen: its size
 *
 * Return: 0, or a negative errno.
 */
int ik_tun_bring_up(struct ik_tun *t, const char *name, unsigned mtu, uint32_t peer,
		    unsigned prefix, char *err, size_t errlen)
{
	struct ik_nl_err ne = { 0 };
	struct ik_nl *nl;
	int r;

	r = ik_tun_open(t, name);
	if (r < 0) {
		snprintf(err, errlen, "cannot open TUN %s: %s", name, ik_tun_strerror(r));
		return r;
	}
	nl = ik_nl_open(&ne);
	if (!nl) {
		snprintf(err, errlen, "TUN %s: %s", name, ne.msg);
		return ne.err;
	}
	/* No IPv6 on an IPv4 link; a kernel without IPv6 refuses, harmlessly. */
	ik_nl_link_no_ipv6(nl, t->ifindex, NULL);
	r = ik_nl_link_set_mtu(nl, t->ifindex, mtu, &ne);
	if (r == 0 && peer)
		r = ik_nl_addr_add(nl, t->ifindex, peer, prefix, &ne);
	if (r == 0)
		r = ik_nl_link_up(nl, t->ifindex, &ne);
	ik_nl_close(nl);
	if (r < 0)
		snprintf(err, errlen, "TUN %s: %s", name, ne.msg);
	return r;
}

int ik_tun_addr6(struct ik_tun *t, const uint8_t addr[16], unsigned prefix, char *err,
		 size_t errlen)
{
	struct ik_nl_err ne = { 0 };
	struct ik_nl *nl = ik_nl_open(&ne);
	int r;

	if (!nl) {
		snprintf(err, errlen, "TUN %s: %s", t->name, ne.msg);
		return ne.err;
	}
	r = ik_nl_addr6_add(nl, t->ifindex, addr, prefix, &ne);
	ik_nl_close(nl);
	if (r < 0)
		snprintf(err, errlen, "TUN %s: %s", t->name, ne.msg);
	return r;
}
