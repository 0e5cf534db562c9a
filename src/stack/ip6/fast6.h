/* SPDX-License-Identifier: MIT */
/**
 * DOC: the IPv6 fast path: a classifier in front of ik_ip6_input()
 *
 * ik_stack_input() hands an IPv6 datagram to ik_fast6_input() (fast6.c)
 * when the IPv4 classifier has missed it, before the general path
 * (ip_input.c's general_input(), then ip6_input.c). It takes only datagrams whose
 * whole fate a few header fields tell: no extension header (Next Header 58
 * or 17 in the fixed header), a Payload Length within what arrived, sent
 * to an address the arrival interface holds (not tentative), from a source
 * that names one node (not multicast, not in ::/64: ::, ::1 and the
 * IPv4-mapped addresses are there), no link
 * layer group flag, no raw IPv6 socket of its Next Header (each gets a
 * copy first), no trace sink set (the general path is the one that says
 * what it does). Such a datagram is answered in one pass:
 *
 *   ICMPv6 Echo Request -> Echo Reply: copied into the transmit buffer
 *   while its checksum is summed (and checked: the general path's exact
 *   test), the reply's checksum derived from that sum (RFC 1624: only the
 *   Type changes; the pseudo-header's addresses swap, which leaves the sum
 *   as it was); the header written and the datagram handed to the device
 *   as ik_ip6_send() would hand it (it fits its route's MTU, the path MTU
 *   cache's above 1280).
 *
 *   UDP to a port no socket holds -> Destination Unreachable code 4: the
 *   quote copied and summed into the transmit buffer, that sum checking the
 *   UDP checksum too (the quote holds the IPv6 header and the segment: the
 *   header's own words are taken back out and the pseudo-header's put in)
 *   and giving the error's checksum; then the rate limit, and out as the
 *   reply is.
 *
 * It decides before anything is counted: whatever it does not take (a bad
 * checksum, a bound port, no route, a reply that needs fragments, a
 * setting that changes the answer) goes to the general path untouched.
 * What it does is, to the octet and the counter, what the general path
 * does: tests/test_stack_fast6.c runs every shape on a stack with the fast
 * path and on one without (ik_stack_config.no_fast_path) and compares.
 */
#ifndef ICMPKIT_STACK_IP6_FAST6_H
#define ICMPKIT_STACK_IP6_FAST6_H

#include "stack/ip6/ip6.h"

/**
 * ik_fast6_input() - classify an IPv6 datagram, and answer it in one pass
 * when it is a plain Echo Request or UDP datagram to a closed port
 * @s: stack; @ifindex: arrival interface; @bytes/@len: the datagram (its
 * version nibble is 6); @flags: IK_RX_LINK_*; @now: time
 *
 * Return: IK_FAST_MISS when the general path must take it, else what
 * ik_ip6_input() returns for it (0).
 */
int ik_fast6_input(struct ik_stack *s, unsigned ifindex, const uint8_t *bytes, size_t len,
		   unsigned flags, uint64_t now);

/**
 * ik_ip6_route_hop() - ik_ip6_route() without the source selection: the
 * interface, next hop, MTU and prefix length (route6.c); for a caller that
 * sends from an address the outgoing interface holds
 * @s: stack; @dst: destination; @oif: interface or 0; @r: result (r->src
 * not set)
 *
 * Return: 0, or as ik_ip6_route() (never -EADDRNOTAVAIL).
 */
int ik_ip6_route_hop(const struct ik_stack *s, const uint8_t dst[16], unsigned oif,
		     struct ik_route6_res *r);

/**
 * ik_raw6_wants() - whether some raw IPv6 socket is open for Next Header
 * @nh (ik_raw6_deliver() would give it a copy; sock6.c)
 * @s: stack; @nh: Next Header
 *
 * Return: true if one is.
 */
bool ik_raw6_wants(const struct ik_stack *s, uint8_t nh);

/**
 * ik_udp6_bound() - the UDP socket a datagram from @raddr:@rport to
 * @laddr:@lport would reach, as ik_udp6_input() looks it up (sock6.c)
 * @s: stack; @laddr/@lport: its destination; @raddr/@rport: its source
 *
 * Return: the descriptor, or IK_NOSOCK (negative).
 */
int ik_udp6_bound(const struct ik_stack *s, const uint8_t laddr[16], uint16_t lport,
		  const uint8_t raddr[16], uint16_t rport);

#endif
