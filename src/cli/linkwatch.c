// SPDX-License-Identifier: MIT
/* linkwatch.c - whether a TUN the loop reads is still there and up: a
 * socket made in the TUN's namespace asks for its flags (SIOCGIFFLAGS needs
 * no capability, so it works after they are dropped) */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "loop.h"

/**
 * cli_link_watch_open() - a watch on interface @name of the current
 * network namespace
 * @w: filled; @name: the interface
 *
 * Return: 0, or a negative errno.
 */
int cli_link_watch_open(struct cli_link_watch *w, const char *name)
{
	w->fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (w->fd < 0)
		return -errno;
	snprintf(w->name, sizeof(w->name), "%s", name);
	return 0;
}

/**
 * cli_link_check() - the interface's state now
 * @w: the watch (fd -1: not watched, always up)
 *
 * Return: CLI_LINK_UP, CLI_LINK_DOWN, CLI_LINK_GONE, or a negative errno.
 */
int cli_link_check(const struct cli_link_watch *w)
{
	struct ifreq ifr;

	if (w->fd < 0)
		return CLI_LINK_UP;
	memset(&ifr, 0, sizeof(ifr));
	memcpy(ifr.ifr_name, w->name, strnlen(w->name, IFNAMSIZ - 1));
	if (ioctl(w->fd, SIOCGIFFLAGS, &ifr) < 0)
		return errno == ENODEV || errno == ENXIO ? CLI_LINK_GONE : -errno;
	return ifr.ifr_flags & IFF_UP ? CLI_LINK_UP : CLI_LINK_DOWN;
}

/**
 * cli_link_fault() - "TUN NAME was deleted" / "was set down" when the
 * watched interface is not up, for the loop's stop reason
 * @w: the watch; @buf / @len: the text
 *
 * Return: @buf when the interface is gone or down, else NULL.
 */
const char *cli_link_fault(const struct cli_link_watch *w, char *buf, size_t len)
{
	int st = cli_link_check(w);

	if (st == CLI_LINK_GONE)
		snprintf(buf, len, "TUN %s was deleted", w->name);
	else if (st == CLI_LINK_DOWN)
		snprintf(buf, len, "TUN %s was set down", w->name);
	else
		return NULL;
	return buf;
}

/**
 * cli_link_watch_close() - close the watch's socket (safe twice)
 * @w: the watch
 */
void cli_link_watch_close(struct cli_link_watch *w)
{
	if (w->fd >= 0)
		close(w->fd);
	w->fd = -1;
}
