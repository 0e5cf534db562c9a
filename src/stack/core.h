/* SPDX-License-Identifier: MIT */
/**
 * DOC: private declarations of the core module (not seen by icmp or sock)
 *
 * The core's files share a few functions that are no business of the other
 * modules: settings defaults, the route table's creation, the reassembly
 * engine and the protocol demultiplexer that whole and reassembled
 * datagrams both go through.
 */
#ifndef ICMPKIT_STACK_CORE_H
#define ICMPKIT_STACK_CORE_H

#include "stack/internal.h"

/**
 * ik_settings_defaults() - fill @set with every setting's default
 * @set: settings
 */
void ik_settings_defaults(struct ik_settings *set);

/**
 * ik_route_init() - the route table's next hops (the FIB's values; their
 * memory is touched only as distinct next hops are added) and its
 * Redirect-learned set (ip/route.c); the FIB is s->fib, made by
 * ik_stack_new()
 * @s: stack
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_route_init(struct ik_stack *s);

/**
 * ik_route_free() - release the next hops and the learned set (none made
 * is ignored)
 * @s: stack
 */
void ik_route_free(struct ik_stack *s);

/**
 * ik_reasm_new() - allocate the reassembly slots (each holds 65535 octets)
 * @s: stack (s->cfg.reasm_slots is the count)
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_reasm_new(struct ik_stack *s);

/**
 * ik_reasm_free() - release the slots
 * @s: stack
 */
void ik_reasm_free(struct ik_stack *s);

/**
 * ik_reasm_input() - one fragment addressed to us
 * @s:  stack
 * @rx: the fragment, validated and classified
 *
 * When the fragment completes its datagram, the whole datagram is handed to
 * ik_ip_deliver() before this returns.
 *
 * Return: 0 when the fragment was queued or completed a datagram, or the
 * negative IK_E* code of the drop (counted and traced).
 */
int ik_reasm_input(struct ik_stack *s, const struct ik_rx *rx);

/**
 * ik_reasm_poll() - expire reassemblies whose time is up
 * @s:   stack
 * @now: time
 *
 * Return: the earliest deadline still pending, or UINT64_MAX.
 */
uint64_t ik_reasm_poll(struct ik_stack *s, uint64_t now);

/**
 * ik_reasm_deadline() - the earliest reassembly deadline known (kept as
 * slots start and expire; may be early, never late)
 * @s: stack
 * Return: the time, or UINT64_MAX when none is active.
 */
uint64_t ik_reasm_deadline(const struct ik_stack *s);

/**
 * ik_ip_deliver() - raw sockets, then the protocol demultiplexing table
 * @s:  stack
 * @rx: a whole datagram addressed to us
 *
 * Return: 0 when a handler or a raw socket took it, else the negative code
 * of the drop (Protocol Unreachable was sent if allowed).
 */
int ik_ip_deliver(struct ik_stack *s, const struct ik_rx *rx);

/**
 * ik_ipopt_input() - the option checks IP input makes beyond the parser's
 * @s:       stack
 * @rx:      a datagram whose options the wire parser accepted
 * @bad_off: set to the offset of the bad octet from the start of the IP
 *           header when -IK_EOPTION is returned
 *
 * Return: 0 to go on; -IK_EOPTION for an option the stack cannot process
 * (Parameter Problem, G18); 1 for a source-routed datagram, which a host
 * drops (Linux accept_source_route=0, RFC 7126 §4.3/§4.4).
 */
int ik_ipopt_input(struct ik_stack *s, const struct ik_rx *rx, size_t *bad_off);

#endif
