// SPDX-License-Identifier: MIT
/* wire.c - a point-to-point link between two processes: AF_UNIX datagrams,
 * one IPv4 datagram each */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "icmpkit/wire.h"

/**
 * ik_wire_path_valid() - whether @path fits a socket address
 * @path: text
 *
 * Return: nonzero when it does.
 */
int ik_wire_path_valid(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	return n >= 1 && n <= IK_WIRE_PATH_MAX;
}

/**
 * addr_of() - a socket address for @path
 * @sa: filled; @path: valid path
 */
static void addr_of(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	memcpy(sa->sun_path, path, strlen(path));
}

/**
 * ik_wire_open() - bind this end at @local, aimed at @peer
 * @w: filled; @local / @peer: paths
 *
 * Return: 0, or a negative errno.
 */
int ik_wire_open(struct ik_wire *w, const char *local, const char *peer)
{
	struct stat st;
	int e;

	w->fd = -1;
	if (!ik_wire_path_valid(local) || !ik_wire_path_valid(peer) || !strcmp(local, peer))
		return -EINVAL;
	addr_of(&w->local, local);
	addr_of(&w->peer, peer);
	/* a socket left by an earlier run is replaced; nothing else is */
	if (lstat(local, &st) == 0) {
		if (!S_ISSOCK(st.st_mode))
			return -EEXIST;
		if (unlink(local) < 0)
			return -errno;
	}
	w->fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (w->fd < 0)
		return -errno;
	if (bind(w->fd, (struct sockaddr *)&w->local, sizeof(w->local)) < 0) {
		e = errno;
		close(w->fd);
		w->fd = -1;
		return -e;
	}
	return 0;
}

/**
 * ik_wire_send() - one datagram to the other end
 * @w: the wire; @pkt / @len: the datagram
 *
 * Return: @len, or a negative errno.
 */
ssize_t ik_wire_send(const struct ik_wire *w, const void *pkt, size_t len)
{
	ssize_t r;

	do
		r = sendto(w->fd, pkt, len, 0, (const struct sockaddr *)&w->peer, sizeof(w->peer));
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return (size_t)r == len ? r : -EIO;
}

/**
 * ik_wire_close() - close the descriptor and remove this end's path
 * @w: the wire
 */
void ik_wire_close(struct ik_wire *w)
{
	if (w->fd < 0)
		return;
	close(w->fd);
	w->fd = -1;
	unlink(w->local.sun_path);
}
