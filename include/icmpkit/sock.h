/* SPDX-License-Identifier: MIT */
/**
 * DOC: sockets of the stack: UDP, ping (ICMP echo) and raw
 * Layer: stack (include/icmpkit/README.md)
 *
 * Sockets are small integers (descriptors) into the stack's socket pool.
 * Calls return a length or 0 on success and a negative POSIX errno on
 * failure, exactly as the kernel's system calls would fail: -EAGAIN when
 * nothing is queued, -ECONNREFUSED when a Port Unreachable hit a connected
 * UDP socket, and so on; strerror(-ret) gives the familiar text.
 *
 * The three demultiplexing keys of the study note are visible here: the IP
 * protocol number chooses the handler (raw sockets claim a number), the UDP
 * port chooses the UDP socket, and the echo Identifier chooses the ping
 * socket — the Identifier is a ping socket's "port".
 */
#ifndef ICMPKIT_SOCK_H
#define ICMPKIT_SOCK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "stack.h"

#ifdef __cplusplus
extern "C" {
#endif

enum ik_sock_type {
	IK_SOCK_UDP = 1,
	IK_SOCK_PING,
	IK_SOCK_RAW,
	IK_SOCK_UDP6,  /* UDP over IPv6 (IPV6_V6ONLY: its ports apart from IPv4's) */
	IK_SOCK_PING6, /* ICMPv6 Echo (Linux's IPPROTO_ICMPV6 ping socket) */
	IK_SOCK_RAW6,  /* raw IPv6 for one Next Header: data from the upper layer
			* on (no IPv6 header, RFC 3542 3); ICMPv6 ones have their
			* checksum made by the stack */
};

/**
 * ik_sock_open() - open a socket
 * @s:     stack
 * @type:  enum ik_sock_type
 * @proto: for IK_SOCK_RAW the IP protocol number to receive (1..255);
 *         ignored otherwise
 *
 * Return: descriptor >= 0, or -EMFILE (pool full) / -EINVAL / -ENOMEM.
 */
int ik_sock_open(struct ik_stack *s, enum ik_sock_type type, uint8_t proto);

/**
 * ik_sock_close() - close a socket, freeing its port or identifier
 * @s:  stack
 * @fd: descriptor
 *
 * Return: 0, or -EBADF.
 */
int ik_sock_close(struct ik_stack *s, int fd);

/**
 * ik_sock_bind() - bind a local address and port (UDP) or identifier (ping)
 * @s:    stack
 * @fd:   descriptor
 * @addr: local address (0 = any), host order
 * @port: UDP port, or echo Identifier for ping sockets; 0 = pick a free one
 *
 * Return: 0, or -EADDRINUSE / -EINVAL (already bound) / -EADDRNOTAVAIL /
 * -EBADF.
 */
int ik_sock_bind(struct ik_stack *s, int fd, uint32_t addr, uint16_t port);

/**
 * ik_sock_connect() - fix the peer (UDP: address and port; ping: address)
 * @s:    stack
 * @fd:   descriptor
 * @addr: peer, host order
 * @port: peer port (UDP)
 *
 * Binds an ephemeral port/identifier first when unbound. A connected UDP
 * socket receives only from its peer and reports hard ICMP errors on its
 * next call (CONFORMANCE R3).
 *
 * Return: 0, or a negative errno.
 */
int ik_sock_connect(struct ik_stack *s, int fd, uint32_t addr, uint16_t port);

/**
 * ik_sock_sendto() - send one datagram
 * @s:    stack
 * @fd:   descriptor
 * @buf:  UDP: the payload; ping: an ICMP Echo Request (8-octet header + data;
 *        the stack writes the socket's Identifier and the checksum); raw: the
 *        IP payload (the stack adds the header with the socket's protocol)
 * @len:  octets
 * @addr: destination (0 on a connected socket = its peer), host order
 * @port: destination port (UDP)
 * @now:  current time (ns)
 *
 * Binds an ephemeral port or identifier on first use (CONFORMANCE P1).
 *
 * Return: @len, or a negative errno: a pending hard error (-ECONNREFUSED, …)
 * is returned and cleared first; -EMSGSIZE above the path MTU with DF;
 * -ENETUNREACH without a route, and as Linux for a route that refuses:
 * -EHOSTUNREACH (unreachable), -EACCES (prohibit), -EINVAL (blackhole);
 * -EDESTADDRREQ.
 */
ssize_t ik_sock_sendto(struct ik_stack *s, int fd, const void *buf, size_t len, uint32_t addr,
		       uint16_t port, uint64_t now);

/**
 * ik_sock_recvfrom() - take the next queued datagram
 * @s:    stack
 * @fd:   descriptor
 * @buf:  UDP: payload; ping: the ICMP message (Echo Reply header + data);
 *        raw: the whole IP datagram
 * @cap:  octets available (a longer datagram is truncated, as MSG_TRUNC)
 * @addr: source address (may be NULL)
 * @port: source port (UDP; may be NULL)
 *
 * Return: octets copied; -EAGAIN when the queue is empty; a pending hard
 * error (connected UDP) is returned and cleared first.
 */
ssize_t ik_sock_recvfrom(struct ik_stack *s, int fd, void *buf, size_t cap, uint32_t *addr,
			 uint16_t *port);

/* origin of an error-queue entry (as SO_EE_ORIGIN_*) */
#define IK_EE_ORIGIN_LOCAL 1
#define IK_EE_ORIGIN_ICMP  2
#define IK_EE_ORIGIN_ICMP6 3

/**
 * struct ik_sock_err - one entry of a socket's error queue (IP_RECVERR)
 * @err:      POSIX errno the ICMP message maps to (ECONNREFUSED, …)
 * @origin:   IK_EE_ORIGIN_ICMP, IK_EE_ORIGIN_ICMP6 or IK_EE_ORIGIN_LOCAL
 * @type:     ICMP type
 * @code:     ICMP code
 * @info:     next-hop MTU (Frag Needed), pointer (Parameter Problem), else 0
 * @offender: source address of the ICMP message (who reported it)
 * @dst:      destination of the datagram that failed (from the quote)
 * @dport:    its destination port (UDP) or echo sequence (ping)
 * @hard:     the error is hard (Linux icmp_err_convert fatal flag)
 * @when:     stack time it arrived (ns)
 * @offender6, @dst6: an IPv6 socket's @offender and @dst (the IPv4 ones
 *            are then 0)
 */
struct ik_sock_err {
	int err;
	uint8_t origin;
	uint8_t type, code;
	uint32_t info;
	uint32_t offender;
	uint32_t dst;
	uint16_t dport;
	bool hard;
	uint64_t when;
	uint8_t offender6[16];
	uint8_t dst6[16];
};

/**
 * ik_sock_bind6() - bind an IPv6 socket (IK_SOCK_UDP6 / IK_SOCK_PING6) to
 * one of our addresses or :: (NULL), and a port / identifier (0: pick one)
 * @s: stack; @fd: descriptor; @addr: address or NULL; @port: port
 *
 * The IPv4 calls (ik_sock_bind(), ik_sock_connect(), ik_sock_sendto(),
 * ik_sock_recvfrom(), ik_sock_local()) on an IPv6 socket, and these on an
 * IPv4 one, fail with -EAFNOSUPPORT.
 *
 * Return: 0, or -EBADF / -EAFNOSUPPORT / -EADDRNOTAVAIL / -EADDRINUSE /
 * -EINVAL (already bound).
 */
int ik_sock_bind6(struct ik_stack *s, int fd, const uint8_t addr[16], uint16_t port);

/**
 * ik_sock_connect6() - fix an IPv6 socket's peer (NULL: dissolve it)
 * @s: stack; @fd: descriptor; @addr: peer or NULL; @port: its port
 *
 * Return: 0, or the route's errno, or as ik_sock_bind6().
 */
int ik_sock_connect6(struct ik_stack *s, int fd, const uint8_t addr[16], uint16_t port);

/**
 * ik_sock_sendto6() - send from an IPv6 socket (UDP: @buf is the payload;
 * ping: an Echo Request header and data, whose Identifier the stack sets)
 * @s: stack; @fd: descriptor; @buf/@len: data; @addr: destination (NULL:
 * the connected peer); @port: its port (UDP); @now: time
 *
 * A link-local destination goes out of the interface the socket is bound
 * to by its address, else the first interface with IPv6.
 *
 * Return: @len, or -errno (a pending hard error first).
 */
ssize_t ik_sock_sendto6(struct ik_stack *s, int fd, const void *buf, size_t len,
			const uint8_t addr[16], uint16_t port, uint64_t now);

/**
 * ik_sock_recvfrom6() - take the next datagram of an IPv6 socket
 * @s: stack; @fd: descriptor; @buf/@cap: where (truncated as MSG_TRUNC);
 * @addr: its source (may be NULL); @port: its port (may be NULL)
 *
 * Return: octets copied, -EAGAIN when none, or a pending hard error.
 */
ssize_t ik_sock_recvfrom6(struct ik_stack *s, int fd, void *buf, size_t cap, uint8_t addr[16],
			  uint16_t *port);

/**
 * ik_sock_local6() - an IPv6 socket's bound address (:: when none) and
 * port / identifier
 * @s: stack; @fd: descriptor; @addr, @port: out (may be NULL)
 *
 * Return: 0, -EBADF or -EAFNOSUPPORT.
 */
int ik_sock_local6(const struct ik_stack *s, int fd, uint8_t addr[16], uint16_t *port);

/**
 * ik_sock_recverr() - take the oldest error-queue entry (MSG_ERRQUEUE)
 * @s:  stack
 * @fd: descriptor
 * @e:  entry
 *
 * Return: 0, or -EAGAIN when the queue is empty.
 */
int ik_sock_recverr(struct ik_stack *s, int fd, struct ik_sock_err *e);

/**
 * ik_sock_local() - bound address and port (or identifier)
 * @s:    stack
 * @fd:   descriptor
 * @addr: address (may be NULL)
 * @port: port or identifier (may be NULL)
 *
 * Return: 0, or -EBADF.
 */
int ik_sock_local(const struct ik_stack *s, int fd, uint32_t *addr, uint16_t *port);

/**
 * ik_sock_pending() - datagrams waiting in the receive queue
 * @s:  stack
 * @fd: descriptor
 *
 * Return: count, or -EBADF.
 */
int ik_sock_pending(const struct ik_stack *s, int fd);

/**
 * enum ik_sockopt - per-socket options, as Linux's IPPROTO_IP ones
 * @IK_SO_TTL:          IP_TTL: TTL of the socket's datagrams, 1..255;
 *                      0 (the default) means ip_default_ttl
 * @IK_SO_TOS:          IP_TOS: the TOS octet of its datagrams (default 0)
 * @IK_SO_MTU_DISCOVER: IP_MTU_DISCOVER: an enum ik_pmtudisc value; the
 *                      default follows the ip_no_pmtu_disc setting (WANT
 *                      when it is 0, DONT otherwise)
 * @IK_SO_MTU:          IP_MTU (read only, connected sockets): the path MTU
 *                      towards the peer
 */
enum ik_sockopt {
	IK_SO_TTL,
	IK_SO_TOS,
	IK_SO_MTU_DISCOVER,
	IK_SO_MTU,
};

/**
 * enum ik_pmtudisc - IP_MTU_DISCOVER's values, as Linux's
 * @IK_PMTUDISC_DONT:  never DF; fragment to the path MTU
 * @IK_PMTUDISC_WANT:  DF when the datagram fits the path MTU, fragments
 *                     otherwise
 * @IK_PMTUDISC_DO:    always DF; a datagram above the path MTU fails with
 *                     EMSGSIZE (and an error-queue entry)
 *
 * (Linux's IP_PMTUDISC_PROBE, DF with the learned path MTU ignored, is not
 * offered.)
 */
enum ik_pmtudisc {
	IK_PMTUDISC_DONT = 0,
	IK_PMTUDISC_WANT = 1,
	IK_PMTUDISC_DO = 2,
};

/**
 * ik_sock_setopt() - set a per-socket option (setsockopt(IPPROTO_IP))
 * @s: stack; @fd: descriptor; @opt: enum ik_sockopt; @value: its value
 *
 * Return: 0, -EBADF, -EINVAL (value out of range), or -ENOPROTOOPT
 * (@opt cannot be set: IK_SO_MTU).
 */
int ik_sock_setopt(struct ik_stack *s, int fd, enum ik_sockopt opt, int value);

/**
 * ik_sock_getopt() - read a per-socket option (getsockopt(IPPROTO_IP))
 * @s: stack; @fd: descriptor; @opt: enum ik_sockopt; @value: its value
 * (IK_SO_TTL reads the TTL in force, as Linux)
 *
 * Return: 0, -EBADF, -ENOTCONN (IK_SO_MTU on a socket not connected), or
 * -ENOPROTOOPT.
 */
int ik_sock_getopt(const struct ik_stack *s, int fd, enum ik_sockopt opt, int *value);

/**
 * ik_pmtu_get() - path MTU the stack holds for @dst
 * @s:   stack
 * @dst: destination, host order
 *
 * Return: the learned path MTU, or the route's interface MTU when none was
 * learned, or 0 without a route.
 */
unsigned ik_pmtu_get(const struct ik_stack *s, uint32_t dst);

#ifdef __cplusplus
}
#endif
#endif
