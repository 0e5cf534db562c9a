// SPDX-License-Identifier: MIT
/* netns.c - enter a named network namespace for a while, and go back */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "icmpkit/netns.h"

/**
 * ik_netns_name_valid() - whether @name can be a file name in /run/netns
 * @name: namespace name
 *
 * Return: true if valid.
 */
bool ik_netns_name_valid(const char *name)
{
	size_t n;

	if (!name)
		return false;
	n = strlen(name);
	if (n == 0 || n > 255 || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	return strchr(name, '/') == NULL;
}

/**
 * ik_netns_enter() - setns() into /run/netns/@name, keeping a way back
 * @name: namespace; @back: descriptor of the namespace left; @err /
 * @errlen: message
 *
 * Return: 0, or a negative errno.
 */
int ik_netns_enter(const char *name, int *back, char *err, size_t errlen)
{
	char path[sizeof(IK_NETNS_DIR) + 256];
	int fd, here, e;

	*back = -1;
	if (!ik_netns_name_valid(name)) {
		snprintf(err, errlen, "netns '%s': not a valid namespace name", name ? name : "");
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/%s", IK_NETNS_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		e = -errno;
		if (e == -ENOENT)
			snprintf(err, errlen, "netns %s: no such namespace (%s)", name, path);
		else
			snprintf(err, errlen, "netns %s: %s: %s", name, path, strerror(-e));
		return e;
	}
	here = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (here < 0) {
		e = -errno;
		snprintf(err, errlen, "netns %s: cannot open /proc/self/ns/net: %s", name,
			 strerror(-e));
		close(fd);
		return e;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		e = -errno;
		if (e == -EPERM)
			snprintf(err, errlen, "netns %s: cannot enter: needs CAP_SYS_ADMIN (run as root)",
				 name);
		else if (e == -EINVAL)
			snprintf(err, errlen, "netns %s: %s is not a network namespace", name, path);
		else
			snprintf(err, errlen, "netns %s: cannot enter: %s", name, strerror(-e));
		close(fd);
		close(here);
		return e;
	}
	close(fd);
	*back = here;
	return 0;
}

/**
 * ik_netns_leave() - setns() back to @back and close it
 * @back: descriptor from ik_netns_enter()
 *
 * Return: 0, or a negative errno.
 */
int ik_netns_leave(int back)
{
	int r = 0;

	if (back < 0)
		return -EBADF;
	if (setns(back, CLONE_NEWNET) < 0)
		r = -errno;
	close(back);
	return r;
}
