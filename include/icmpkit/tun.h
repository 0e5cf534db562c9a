/* SPDX-License-Identifier: MIT */
/**
 * DOC: TUN devices: raw IPv4 datagrams to and from the Linux kernel
 * Layer: dev (include/icmpkit/README.md)
 *
 * A TUN device (IFF_TUN | IFF_NO_PI) hands the kernel's outgoing IP
 * datagrams to a file descriptor and injects what is written to it as if it
 * had arrived on a link. The descriptor is opened non-blocking (it can be
 * made blocking with ik_tun_set_blocking()); reads are done one at a time
 * (ik_tun_read(), which can also refuse to wait on a blocking descriptor) or
 * in batches (ik_tun_read_batch()) into buffers allocated once, so the
 * packet path never allocates.
 *
 * Functions return 0 (or a count) on success and a negative POSIX errno on
 * failure, since every failure here is a system call's.
 */
#ifndef ICMPKIT_TUN_H
#define ICMPKIT_TUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IK_TUN_NAMSIZ 16     /* IFNAMSIZ: names are at most 15 characters */
#define IK_TUN_SLOT   65536  /* read slot: the largest IP datagram fits */

/**
 * struct ik_tun - an open TUN device
 * @fd:      non-blocking descriptor (-1 when closed)
 * @name:    interface name the kernel gave it
 * @ifindex: kernel interface index
 * @created: the device did not exist before ik_tun_open() (it disappears
 *           at ik_tun_close() unless made persistent by someone else)
 */
struct ik_tun {
	int fd;
	char name[IK_TUN_NAMSIZ];
	unsigned ifindex;
	bool created;
};

/**
 * ik_tun_name_valid() - whether @name is a name the kernel accepts
 * @name: interface name
 *
 * As the kernel's dev_valid_name(): 1..15 characters, not "." or "..", no
 * '/', ':' or white space.
 *
 * Return: true if valid.
 */
bool ik_tun_name_valid(const char *name);

/**
 * ik_tun_open() - create a TUN device, or attach to an existing one
 * @t:    filled on success
 * @name: interface name (see ik_tun_name_valid())
 *
 * Opens /dev/net/tun non-blocking and close-on-exec, and binds it to @name
 * with IFF_TUN | IFF_NO_PI (TUNSETIFF). Needs CAP_NET_ADMIN unless the
 * device is persistent and owned by the caller.
 *
 * Return: 0, or a negative errno: -EINVAL (bad name, or @name is another
 * kind of device), -ENOENT / -ENODEV (no /dev/net/tun), -EPERM / -EACCES (no
 * CAP_NET_ADMIN), -EBUSY (another process holds it).
 */
int ik_tun_open(struct ik_tun *t, const char *name);

/**
 * ik_tun_strerror() - what to tell a user about an ik_tun_open() failure
 * @err: the negative errno it returned
 *
 * Return: a static one-line reason, e.g. "needs CAP_NET_ADMIN (run as
 * root)" for -EPERM and "/dev/net/tun missing: modprobe tun" for -ENOENT;
 * strerror's text for others. Never NULL.
 */
const char *ik_tun_strerror(int err);

/**
 * ik_tun_close() - close the descriptor; safe to call twice
 * @t: device
 */
void ik_tun_close(struct ik_tun *t);

/**
 * struct ik_tun_batch - buffers for up to @cap packets per read burst
 * @buf:   @cap slots of IK_TUN_SLOT octets
 * @len:   length of each packet read
 * @cap:   slots
 * @n:     packets held after the last ik_tun_read_batch()
 * @trunc: packets that filled their slot (possibly truncated), counted
 */
struct ik_tun_batch {
	uint8_t *buf;
	size_t *len;
	unsigned cap;
	unsigned n;
	uint64_t trunc;
};

/**
 * ik_tun_batch_init() - allocate the buffers once
 * @b:   batch
 * @cap: packets per burst (1..4096)
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int ik_tun_batch_init(struct ik_tun_batch *b, unsigned cap);

/**
 * ik_tun_batch_free() - release the buffers; safe to call twice
 * @b: batch
 */
void ik_tun_batch_free(struct ik_tun_batch *b);

/**
 * ik_tun_batch_pkt() - the @i-th packet of the last burst
 * @b: batch
 * @i: index below @b->n
 *
 * Return: pointer to its first octet (its length is @b->len[@i]).
 */
static inline const uint8_t *ik_tun_batch_pkt(const struct ik_tun_batch *b, unsigned i)
{
	return b->buf + (size_t)i * IK_TUN_SLOT;
}

/**
 * ik_tun_read_batch() - read packets until EAGAIN or the batch is full
 * @fd: non-blocking packet descriptor (a TUN, or any datagram socket)
 * @b:  batch; @b->n is set to the packets read
 *
 * Return: packets read (0 when none was waiting), or a negative errno when
 * the very first read failed with something other than EAGAIN / EINTR.
 * A batch that comes back full may have more waiting: call again.
 */
int ik_tun_read_batch(int fd, struct ik_tun_batch *b);

/* ik_tun_read() flags */
#define IK_TUN_NOWAIT 0x1u /* never wait, even on a blocking descriptor */

/**
 * ik_tun_read() - read one datagram
 * @fd:    packet descriptor (a TUN, or any datagram socket or pipe)
 * @buf:   IK_TUN_SLOT octets
 * @flags: 0 (wait when @fd is blocking and nothing is queued) or
 *         IK_TUN_NOWAIT (do not wait: preadv2() with RWF_NOWAIT, one system
 *         call, without toggling O_NONBLOCK)
 *
 * Return: the datagram's length (0 for an empty one), or a negative errno:
 * -EAGAIN (nothing queued and not waiting), -EINTR (a signal interrupted the
 * wait: the caller decides whether to call again), -EMSGSIZE (the datagram
 * filled the whole slot, so it may be truncated: dropped), -EOPNOTSUPP
 * (IK_TUN_NOWAIT is not supported by this kernel or this kind of
 * descriptor: nothing was read), or the read's own error.
 */
ssize_t ik_tun_read(int fd, uint8_t *buf, unsigned flags);

/**
 * ik_tun_set_blocking() - make reads on @fd wait for a datagram, or not
 * @fd:       descriptor
 * @blocking: true to clear O_NONBLOCK, false to set it
 *
 * Return: 0, or a negative errno.
 */
int ik_tun_set_blocking(int fd, bool blocking);

/**
 * ik_tun_write() - inject one datagram into the kernel
 * @fd:  TUN descriptor
 * @pkt: IP datagram
 * @len: octets
 *
 * Return: @len, or a negative errno (-EAGAIN when the kernel cannot take it
 * now, -EIO when the device is down, -EINVAL for a malformed datagram).
 */
ssize_t ik_tun_write(int fd, const uint8_t *pkt, size_t len);

#ifdef __cplusplus
}
#endif
#endif
