/* SPDX-License-Identifier: MIT */
/**
 * DOC: forward.h - the router's forwarding path (src/stack/ip)
 * Layer: stack (internal to src/stack/ip)
 *
 * forward.c decides (checks, route, TTL, MTU, redirect); forward_out.c
 * writes the forwarded datagram (TTL, options, checksum) and sends it,
 * whole or in fragments; redirect.c sends and rate-limits Redirects.
 */
#ifndef ICMPKIT_STACK_IP_FORWARD_H
#define ICMPKIT_STACK_IP_FORWARD_H

#include "stack/internal.h"

/**
 * ik_fwd_send() - write the forwarded copy and send it out of @rt
 * @s: stack; @rx: the datagram (all checks passed); @rt: its route
 *
 * The copy gets TTL - 1 (checksum updated incrementally, RFC 1624), its
 * Record Route and Timestamp options the outgoing interface's address (and
 * then a full checksum), and is counted ForwDatagrams; above the MTU it is
 * fragmented (DF was checked by the caller).
 *
 * Return: 0, or a negative code (device refused, MTU too small).
 */
int ik_fwd_send(struct ik_stack *s, const struct ik_rx *rx, const struct ik_route_res *rt);

/**
 * ik_fwd_redirect() - send a Redirect for Host to @rx's source, limited per
 * source as Linux's ip_rt_send_redirect() (redirect_number,
 * redirect_load, redirect_silence)
 * @s: stack; @rx: the datagram; @rt: its route (next_hop is the better
 * first hop)
 */
void ik_fwd_redirect(struct ik_stack *s, const struct ik_rx *rx, const struct ik_route_res *rt);

#endif
