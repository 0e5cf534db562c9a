// SPDX-License-Identifier: MIT
/* tun.c - TUN devices: open/attach, batch reads into fixed buffers, writes */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <unistd.h>

#include "icmpkit/tun.h"

/**
 * ik_tun_name_valid() - whether the kernel would accept @name
 * @name: interface name
 *
 * Return: true if valid.
 */
bool ik_tun_name_valid(const char *name)
{
	size_t n;

	if (!name)
		return false;
	n = strlen(name);
	if (n == 0 || n >= IK_TUN_NAMSIZ || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c == '/' || c == ':' || c <= ' ' || c == 0x7f)
			return false;
	}
	return true;
}

/**
 * ik_tun_open() - create or attach a TUN device, non-blocking
 * @t:    filled on success
 * @name: interface name
 *
 * Return: 0, or a negative errno.
 */
int ik_tun_open(struct ik_tun *t, const char *name)
{
	struct ifreq ifr;
	int fd, err;

	t->fd = -1;
	if (!ik_tun_name_valid(name))
		return -EINVAL;
	t->created = if_nametoindex(name) == 0;
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	memcpy(ifr.ifr_name, name, strlen(name) + 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	memcpy(t->name, ifr.ifr_name, IK_TUN_NAMSIZ);
	t->name[IK_TUN_NAMSIZ - 1] = '\0';
	t->ifindex = if_nametoindex(t->name);
	if (!t->ifindex) {
		err = -errno;
		close(fd);
		return err ? err : -ENODEV;
	}
	t->fd = fd;
	return 0;
}

/**
 * ik_tun_strerror() - user-facing reason for an ik_tun_open() failure
 * @err: negative errno
 *
 * Return: static text, never NULL.
 */
const char *ik_tun_strerror(int err)
{
	switch (-err) {
	case EPERM:
	case EACCES:
		return "needs CAP_NET_ADMIN (run as root)";
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return "/dev/net/tun missing: modprobe tun";
	case EBUSY:
		return "device busy: another process holds it";
	case EINVAL:
		return "invalid name, or an existing device of another kind (not a TUN)";
	default:
		return strerror(-err);
	}
}

/**
 * ik_tun_close() - close the descriptor
 * @t: device
 */
void ik_tun_close(struct ik_tun *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
}

/**
 * ik_tun_batch_init() - allocate @cap read slots once
 * @b:   batch
 * @cap: slots
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int ik_tun_batch_init(struct ik_tun_batch *b, unsigned cap)
{
	memset(b, 0, sizeof(*b));
	if (cap == 0 || cap > 4096)
		return -EINVAL;
	b->buf = malloc((size_t)cap * IK_TUN_SLOT);
	b->len = calloc(cap, sizeof(*b->len));
	if (!b->buf || !b->len) {
		ik_tun_batch_free(b);
		return -ENOMEM;
	}
	b->cap = cap;
	return 0;
}

/**
 * ik_tun_batch_free() - release the slots
 * @b: batch
 */
void ik_tun_batch_free(struct ik_tun_batch *b)
{
	free(b->buf);
	free(b->len);
	b->buf = NULL;
	b->len = NULL;
	b->cap = b->n = 0;
}

/**
 * ik_tun_read_batch() - read until EAGAIN or full
 * @fd: non-blocking descriptor
 * @b:  batch
 *
 * A zero-length read ends the burst. A read that fills its whole slot is
 * counted in @b->trunc and dropped (an IP datagram is at most 65535).
 *
 * Return: packets read, or a negative errno from the first read.
 */
int ik_tun_read_batch(int fd, struct ik_tun_batch *b)
{
	b->n = 0;
	while (b->n < b->cap) {
		uint8_t *slot = b->buf + (size_t)b->n * IK_TUN_SLOT;
		ssize_t r = read(fd, slot, IK_TUN_SLOT);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || b->n > 0)
				break;
			return -errno;
		}
		if (r == 0)
			break;
		if ((size_t)r >= IK_TUN_SLOT) {
			b->trunc++;
			continue;
		}
		b->len[b->n++] = (size_t)r;
	}
	return (int)b->n;
}

/**
 * ik_tun_read() - one datagram, waiting or not
 * @fd:    descriptor
 * @buf:   IK_TUN_SLOT octets
 * @flags: 0 or IK_TUN_NOWAIT
 *
 * RWF_NOWAIT needs Linux 4.14 and a file that supports it (TUN does since
 * 5.x); older kernels say ENOSYS (no preadv2), EOPNOTSUPP or EINVAL, all
 * reported as -EOPNOTSUPP so the caller can fall back once.
 *
 * Return: length, or a negative errno.
 */
ssize_t ik_tun_read(int fd, uint8_t *buf, unsigned flags)
{
	ssize_t r;

	if (flags & IK_TUN_NOWAIT) {
		struct iovec iov = { .iov_base = buf, .iov_len = IK_TUN_SLOT };

		r = preadv2(fd, &iov, 1, -1, RWF_NOWAIT);
		if (r < 0 && (errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL))
			return -EOPNOTSUPP;
	} else {
		r = read(fd, buf, IK_TUN_SLOT);
	}
	if (r < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	if ((size_t)r >= IK_TUN_SLOT)
		return -EMSGSIZE;
	return r;
}

/**
 * ik_tun_set_blocking() - clear or set O_NONBLOCK
 * @fd:       descriptor
 * @blocking: wanted mode
 *
 * Return: 0, or a negative errno.
 */
int ik_tun_set_blocking(int fd, bool blocking)
{
	int fl = fcntl(fd, F_GETFL);

	if (fl < 0)
		return -errno;
	fl = blocking ? fl & ~O_NONBLOCK : fl | O_NONBLOCK;
	return fcntl(fd, F_SETFL, fl) < 0 ? -errno : 0;
}

/**
 * ik_tun_write() - one datagram to the kernel
 * @fd:  descriptor
 * @pkt: datagram
 * @len: octets
 *
 * Return: @len, or a negative errno.
 */
ssize_t ik_tun_write(int fd, const uint8_t *pkt, size_t len)
{
	ssize_t r;

	do
		r = write(fd, pkt, len);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	return (size_t)r == len ? r : -EIO;
}
