/* SPDX-License-Identifier: MIT */
/**
 * DOC: wires: a point-to-point link between two icmpkit processes
 * Layer: dev (include/icmpkit/README.md)
 *
 * A TUN joins a process to a kernel; a wire joins two processes to each
 * other, so two `icmpkit router`s (or a router and any program speaking
 * the same) can be neighbours with no kernel forwarding between them. Each
 * end is an AF_UNIX datagram socket bound to its own path; each datagram
 * is one IPv4 datagram, sent to the other end's path. Until the other end
 * is bound, sends fail as a link that is down. The descriptor is
 * non-blocking and read as a TUN's is (ik_tun_read_batch() works on it).
 * Paths are file-system paths, so the two ends may live in different
 * network namespaces.
 *
 * Functions return 0 (or a count) on success and a negative POSIX errno on
 * failure.
 */
#ifndef ICMPKIT_WIRE_H
#define ICMPKIT_WIRE_H

#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/un.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IK_WIRE_PATH_MAX 107 /* sizeof(sun_path) - 1 */

/**
 * struct ik_wire - one end of a wire
 * @fd:    non-blocking descriptor (-1 when closed)
 * @local: the path this end is bound to (removed by ik_wire_close())
 * @peer:  the other end's address
 */
struct ik_wire {
	int fd;
	struct sockaddr_un local;
	struct sockaddr_un peer;
};

/**
 * ik_wire_path_valid() - whether @path fits a socket address
 * @path: text
 *
 * Return: nonzero when it is 1..IK_WIRE_PATH_MAX octets.
 */
int ik_wire_path_valid(const char *path);

/**
 * ik_wire_open() - bind this end at @local, aimed at @peer
 * @w: filled; @local: this end's path (a stale socket there is replaced;
 * any other file is refused); @peer: the other end's path
 *
 * Return: 0, or a negative errno (-EEXIST: @local is not a socket).
 */
int ik_wire_open(struct ik_wire *w, const char *local, const char *peer);

/**
 * ik_wire_send() - one datagram to the other end
 * @w: the wire; @pkt / @len: the datagram
 *
 * Return: @len, or a negative errno (-ENOENT / -ECONNREFUSED: the other end
 * is not there; -EAGAIN: its queue is full).
 */
ssize_t ik_wire_send(const struct ik_wire *w, const void *pkt, size_t len);

/**
 * ik_wire_close() - close the descriptor and remove this end's path
 * @w: the wire (fd -1 afterwards; safe to call twice)
 */
void ik_wire_close(struct ik_wire *w);

#ifdef __cplusplus
}
#endif

#endif
