// SPDX-License-Identifier: MIT
/* tun_netns.c - a TUN brought up inside a network namespace, for the
 * commands that take netns= (`icmpkit router`, `icmpkit ping --stack`) */
#include <stdio.h>
#include <string.h>

#include "icmpkit/netlink.h"
#include "icmpkit/netns.h"
#include "icmpkit/tun.h"

#include "args.h"
#include "cli.h"
#include "loop.h"

/**
 * cli_tun_up_in() - make (or attach) TUN @name inside namespace @netns
 * (the current one when empty), give its kernel side @peer/@peer_prefix
 * and @mtu there, and come back
 * @t: the device; @netns: namespace name or ""; @name / @mtu / @peer /
 * @peer_prefix: as ik_tun_bring_up(); @watch: opened on it there (NULL:
 * none); @err / @errlen: message (naming the namespace when it failed
 * there)
 *
 * Return: 0, or a negative errno.
 */
int cli_tun_up_in(struct ik_tun *t, const char *netns, const char *name, unsigned mtu,
		  uint32_t peer, unsigned peer_prefix, const struct cli_link6 *l6,
		  struct cli_link_watch *watch, char *err, size_t errlen)
{
	int back = -1, r, lr;

	if (*netns && (r = ik_netns_enter(netns, &back, err, errlen)) < 0)
		return r;
	r = ik_tun_bring_up(t, name, mtu, peer, peer_prefix, err, errlen);
	if (r == 0 && l6)
		r = ik_tun_addr6(t, l6->peer, l6->peer_prefix, err, errlen);
	/* the watch's socket must be made in the TUN's namespace */
	if (r == 0 && watch && (r = cli_link_watch_open(watch, t->name)) < 0)
		snprintf(err, errlen, "cannot watch TUN %s: %s", t->name, strerror(-r));
	if (back >= 0 && (lr = ik_netns_leave(back)) < 0) {
		snprintf(err, errlen, "netns %s: cannot go back to the first namespace: %s", netns,
			 strerror(-lr));
		return lr;
	}
	if (r < 0 && *netns) {
		size_t n = strlen(err);

		snprintf(err + n, errlen > n ? errlen - n : 0, " (in netns %s)", netns);
	}
	return r;
}
