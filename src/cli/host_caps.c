// SPDX-License-Identifier: MIT
/* host_caps.c - `icmpkit host`: give up every privilege once set up */
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "host.h"

/**
 * drop_bounding() - empty the bounding set, as far as allowed
 *
 * Needs CAP_SETPCAP; without it (a non-root user with file capabilities)
 * the bounding set stays, which is harmless once no_new_privs is set.
 *
 * Return: 0, or a negative errno other than EPERM.
 */
static int drop_bounding(void)
{
	for (unsigned long cap = 0; cap < 64; cap++) {
		if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) < 0)
			break; /* past CAP_LAST_CAP */
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EPERM)
			return -errno;
	}
	return 0;
}

/**
 * host_drop_caps() - drop every capability, for good
 * @err: message on failure; @errlen: its size
 *
 * Return: 0, or a negative errno.
 */
int host_drop_caps(char *err, size_t errlen)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	int r;

	if ((r = drop_bounding()) < 0) {
		snprintf(err, errlen, "cannot empty the capability bounding set: %s", strerror(-r));
		return r;
	}
	/* Ambient capabilities exist since Linux 4.3; EINVAL before. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL) {
		snprintf(err, errlen, "cannot clear ambient capabilities: %s", strerror(errno));
		return -errno;
	}
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(err, errlen, "cannot set no_new_privs: %s", strerror(errno));
		return -errno;
	}
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capset, &hdr, data) < 0) {
		snprintf(err, errlen, "cannot drop capabilities: %s", strerror(errno));
		return -errno;
	}
	/* Check: nothing effective or permitted is left. */
	hdr.version = _LINUX_CAPABILITY_VERSION_3;
	hdr.pid = 0;
	if (syscall(SYS_capget, &hdr, data) < 0) {
		snprintf(err, errlen, "cannot read capabilities back: %s", strerror(errno));
		return -errno;
	}
	for (unsigned i = 0; i < _LINUX_CAPABILITY_U32S_3; i++)
		if (data[i].effective || data[i].permitted || data[i].inheritable) {
			snprintf(err, errlen, "capabilities still held after dropping them");
			return -EPERM;
		}
	return 0;
}
