/* SPDX-License-Identifier: MIT */
/**
 * DOC: the sans-I/O stack's IPv6 side
 * Layer: stack (include/icmpkit/README.md)
 *
 * The same stack answers IPv6: ik_stack_input() takes a datagram of either
 * version (the first nibble says which), and IPv6 datagrams leave through
 * &struct ik_dev_ops.xmit6. An interface speaks IPv6 once it holds an IPv6
 * address; the first one added also gives it its link-local address,
 * fe80::/64 with the interface identifier (random from the stack's seed
 * and the interface's name unless set with ik_stack_set_iid(), as Linux
 * does for a TUN, which has no hardware address to derive one from).
 *
 * Addresses are 16 octets in network order.
 */
#ifndef ICMPKIT_STACK6_H
#define ICMPKIT_STACK6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stack.h"

#ifdef __cplusplus
extern "C" {
#endif

/* IPv6 addresses an interface holds at most (its link-local included) */
#define IK_IFACE_ADDR6_MAX 8

/**
 * ik_stack_set_iid() - choose an interface's 64-bit interface identifier
 * before its first IPv6 address is added
 * @s:       stack
 * @ifindex: interface
 * @iid:     8 octets (e.g. modified EUI-64 from a MAC, RFC 4291 App. A)
 *
 * Return: 0, or -IK_EINVAL (no such interface, an all-zero identifier,
 * or the interface already has its link-local address).
 */
int ik_stack_set_iid(struct ik_stack *s, unsigned ifindex, const uint8_t iid[8]);

/**
 * ik_stack_add_addr6() - give an interface an IPv6 address
 * @s:       stack
 * @ifindex: interface
 * @addr:    the address (unicast: not ::, not multicast, not ::1, not
 *           IPv4-mapped)
 * @prefix:  on-link prefix length 1..128 (a connected route is added)
 *
 * The interface's first IPv6 address also brings its link-local address
 * and the route fe80::/64. Adding a link-local address explicitly
 * replaces the generated one.
 *
 * Return: 0, or -IK_EINVAL / -IK_EADDRINUSE (already held) / -IK_ENOMEM
 * (IK_IFACE_ADDR6_MAX reached, or no room for the route).
 */
int ik_stack_add_addr6(struct ik_stack *s, unsigned ifindex, const uint8_t addr[16],
		       unsigned prefix);

/**
 * ik_stack_iface_addr6() - the @i-th IPv6 address of an interface
 * @s:       stack
 * @ifindex: interface
 * @i:       index from 0 (the link-local address is 0)
 * @addr:    the address out
 * @prefix:  its prefix length out (may be NULL)
 *
 * Return: 0, or -IK_ENOENT past the last (or no such interface).
 */
int ik_stack_iface_addr6(const struct ik_stack *s, unsigned ifindex, unsigned i, uint8_t addr[16],
			 unsigned *prefix);

/**
 * struct ik_route6_spec - one IPv6 route
 * @dst:     network (host bits cleared when added)
 * @prefix:  prefix length 0..128
 * @gw:      gateway (usually a router's link-local address); all zero
 *           for on-link
 * @ifindex: outgoing interface (unicast routes)
 * @type:    enum ik_route_type, as for IPv4
 */
struct ik_route6_spec {
	uint8_t dst[16];
	unsigned prefix;
	uint8_t gw[16];
	unsigned ifindex;
	enum ik_route_type type;
};

/**
 * ik_stack_route6_add() - add or replace (same prefix) an IPv6 route
 * @s: stack; @r: the route
 *
 * A host holds few IPv6 routes (cfg.max_routes6, default 64): the lookup
 * is a scan for the longest match, its last answer remembered.
 *
 * Return: 0, or -IK_EINVAL / -IK_ENOMEM.
 */
int ik_stack_route6_add(struct ik_stack *s, const struct ik_route6_spec *r);

/**
 * ik_stack_route6_get() - the route a datagram to @addr takes
 * @s: stack; @addr: destination; @out: the route
 *
 * Return: 0, or -IK_ENOENT.
 */
int ik_stack_route6_get(const struct ik_stack *s, const uint8_t addr[16],
			struct ik_route6_spec *out);

/**
 * ik_pmtu6_get() - the path MTU a datagram to @dst meets: a Packet Too
 * Big's (never below 1280, forgotten after 10 minutes) or the route's
 * interface MTU
 * @s: stack; @dst: destination
 *
 * Return: the MTU, or 0 without a route.
 */
unsigned ik_pmtu6_get(const struct ik_stack *s, const uint8_t dst[16]);

#ifdef __cplusplus
}
#endif
#endif
