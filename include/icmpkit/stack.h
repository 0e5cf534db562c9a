/* SPDX-License-Identifier: MIT */
/**
 * DOC: the sans-I/O IPv4 host stack
 * Layer: stack (include/icmpkit/README.md)
 *
 * A stack owns interfaces, routes, sockets, reassembly and rate-limit state,
 * all in pools sized by struct ik_stack_config at ik_stack_new(): no heap
 * allocation happens per packet. Packets come in only through
 * ik_stack_input(), time advances only through the @now arguments and
 * ik_stack_poll(), and packets go out only through the device callback. So
 * every behaviour can be driven deterministically on a virtual clock.
 *
 * Times are nanoseconds on any monotonic clock the caller chooses.
 */
#ifndef ICMPKIT_STACK_H
#define ICMPKIT_STACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mib.h"
#include "trace.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ik_stack;

/**
 * struct ik_dev_ops - how the stack sends packets
 * @xmit: send one IPv4 datagram out of interface @ifindex; @next_hop is the
 *        address the link layer should deliver it to (the gateway, or the
 *        destination itself when on-link). Return 0 or a negative code (the
 *        stack counts it in OutDiscards).
 * @xmit6: send one IPv6 datagram (include/icmpkit/stack6.h); @next_hop is
 *         the gateway or the destination, 16 octets. NULL: the stack
 *         sends no IPv6 (counted Ip6OutDiscards).
 */
struct ik_dev_ops {
	int (*xmit)(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt, size_t len,
		    uint64_t now);
	int (*xmit6)(void *ctx, unsigned ifindex, const uint8_t next_hop[16], const uint8_t *pkt,
		     size_t len, uint64_t now);
};

/**
 * struct ik_stack_config - pool sizes, fixed at creation (0 = default)
 * @max_ifaces:     interfaces (default 8)
 * @max_routes:     routes (default 64; a router holding a full Internet
 *                  table sets 1048576 or more)
 * @max_socks:      UDP + ping + raw sockets together (default 1024)
 * @sock_rcvbuf:    receive buffer per socket in octets (default 212992, as
 *                  Linux's rmem_default)
 * @rx_pool:        octets of the receive pool every socket's queued datagrams
 *                  share, in 256-octet cells (224 octets of data each); a
 *                  datagram finding it full is dropped as for a full
 *                  receive buffer (RcvbufErrors). Default: every socket's
 *                  full receive buffer of large datagrams, and one socket's
 *                  of 1-octet ones, at most 64 MiB; cells the traffic never
 *                  needed are never touched, so this is address space, not
 *                  memory
 * @sock_errq:      error-queue entries per socket (default 16, at most 65535)
 * @reasm_slots:    datagrams reassembled at once (default 16)
 * @pmtu_entries:   path MTU cache entries (default 256)
 * @peers:          per-destination rate-limit buckets (default 1024): a
 *                  fixed table, the least recently used destination
 *                  replaced, so a flood from any number of sources never
 *                  grows it
 * @seed:           seed of the stack's PRNG (the secret keys of the IP ID
 *                  counters, ephemeral ports and identifiers, the
 *                  randomised global rate-limit cost); the same seed gives
 *                  the same packets
 * @max_routes6:    IPv6 routes (default 64; connected routes included)
 * @reasm6_slots:   IPv6 datagrams reassembled at once (default 16)
 * @no_fast_path:   every datagram through the general input path (tests
 *                  compare the two: the same datagrams, counters and trace
 *                  events come out; only the time differs)
 */
struct ik_stack_config {
	unsigned max_ifaces;
	unsigned max_routes;
	unsigned max_socks;
	size_t sock_rcvbuf;
	size_t rx_pool;
	unsigned sock_errq;
	unsigned reasm_slots;
	unsigned pmtu_entries;
	unsigned peers;
	uint64_t seed;
	unsigned max_routes6;
	unsigned reasm6_slots;
	bool no_fast_path;
};

/**
 * ik_stack_new() - create a stack
 * @cfg:     pool sizes (NULL for defaults)
 * @ops:     device callbacks
 * @dev_ctx: passed to @ops->xmit
 *
 * Return: the stack, or NULL if memory for the pools cannot be had.
 */
struct ik_stack *ik_stack_new(const struct ik_stack_config *cfg, const struct ik_dev_ops *ops,
			      void *dev_ctx);

/**
 * ik_stack_free() - destroy a stack and every socket in it; NULL is ignored
 * @s: stack
 */
void ik_stack_free(struct ik_stack *s);

/**
 * ik_stack_add_iface() - add an interface with one address
 * @s:      stack
 * @name:   name for traces ("eth0"), copied
 * @addr:   address, host order; 0 for an unnumbered interface (no address
 *          of its own: no connected route, and ICMP errors it must
 *          source go out from 192.0.0.8, RFC 7600)
 * @prefix: prefix length 0..32 (a connected route is added; 0 when
 *          unnumbered)
 * @mtu:    MTU in octets (68..65535)
 *
 * Return: ifindex (>= 1), or -IK_EINVAL / -IK_ENOMEM.
 */
int ik_stack_add_iface(struct ik_stack *s, const char *name, uint32_t addr, unsigned prefix,
		       unsigned mtu);

/**
 * ik_stack_add_route() - add a route (longest prefix match)
 * @s:       stack
 * @dst:     network, host order
 * @prefix:  prefix length
 * @gw:      gateway, or 0 for on-link
 * @ifindex: outgoing interface
 *
 * Return: 0, or -IK_EINVAL / -IK_ENOMEM.
 */
int ik_stack_add_route(struct ik_stack *s, uint32_t dst, unsigned prefix, uint32_t gw,
		       unsigned ifindex);

/**
 * enum ik_route_type - what a route does with a datagram it matches, as
 * Linux's route types (`ip route add TYPE PREFIX`)
 * @IK_ROUTE_UNICAST:     forward via the gateway, or on-link
 * @IK_ROUTE_UNREACHABLE: refuse: Destination Unreachable code 1 (Host
 *                        Unreachable) to a forwarded datagram's source,
 *                        EHOSTUNREACH to a local sender
 * @IK_ROUTE_PROHIBIT:    refuse: code 13 (Communication Administratively
 *                        Prohibited), EACCES to a local sender
 * @IK_ROUTE_BLACKHOLE:   drop silently, EINVAL to a local sender
 */
enum ik_route_type {
	IK_ROUTE_UNICAST = 0,
	IK_ROUTE_UNREACHABLE,
	IK_ROUTE_PROHIBIT,
	IK_ROUTE_BLACKHOLE,
};

/**
 * struct ik_route_spec - one route, as added or as found
 * @dst:     network, host order (host bits are cleared when added)
 * @prefix:  prefix length 0..32
 * @gw:      gateway, 0 for on-link (unicast only)
 * @ifindex: outgoing interface (unicast only; 0 for the other types)
 * @type:    enum ik_route_type
 */
struct ik_route_spec {
	uint32_t dst;
	unsigned prefix;
	uint32_t gw;
	unsigned ifindex;
	enum ik_route_type type;
};

/**
 * ik_stack_route_add() - add a route, or replace the one for the same
 * prefix (`ip route replace`)
 * @s: stack
 * @r: the route
 *
 * Lookups are longest-prefix match in a table whose lookup time does not
 * depend on its size; adding allocates only table memory, never per
 * packet. Routes can be added and removed at any time between calls.
 *
 * Return: 0, or -IK_EINVAL (bad prefix, type or interface) / -IK_ENOMEM
 * (cfg.max_routes reached).
 */
int ik_stack_route_add(struct ik_stack *s, const struct ik_route_spec *r);

/**
 * ik_stack_route_del() - remove the route for exactly @dst/@prefix
 * @s: stack; @dst: network; @prefix: length
 *
 * Return: 0, or -IK_ENOENT when there is none.
 */
int ik_stack_route_del(struct ik_stack *s, uint32_t dst, unsigned prefix);

/**
 * ik_stack_route_get() - the route a datagram to @addr takes (`ip route get`)
 * @s: stack; @addr: destination, host order; @out: the matching route
 *
 * Return: 0, or -IK_ENOENT when no route matches.
 */
int ik_stack_route_get(const struct ik_stack *s, uint32_t addr, struct ik_route_spec *out);

/**
 * ik_stack_route_count() - routes in the table
 * @s: stack
 *
 * Return: how many (connected routes of interfaces included).
 */
unsigned ik_stack_route_count(const struct ik_stack *s);

/**
 * ik_stack_route_mem() - octets of memory the route table holds
 * @s: stack
 *
 * Return: octets allocated for the table and its lookup structure (address
 * space reserved but never touched is not counted).
 */
size_t ik_stack_route_mem(const struct ik_stack *s);

/* ik_stack_input() link flags (RFC 1122 §3.2.2 G3) */
#define IK_RX_LINK_BCAST 0x1u /* arrived as a link-layer broadcast */
#define IK_RX_LINK_MCAST 0x2u /* arrived as a link-layer multicast */

/**
 * ik_stack_input() - one IPv4 datagram arrives
 * @s:       stack
 * @ifindex: interface it arrived on
 * @bytes:   the datagram (IPv4 header first); not kept after the call
 * @len:     octets
 * @flags:   IK_RX_LINK_* flags
 * @now:     current time (ns)
 *
 * Everything the datagram causes happens inside the call: replies and
 * errors go out through the device, data lands in socket queues.
 *
 * Return: 0 if accepted (delivered, forwarded or queued for reassembly),
 * or a negative IK_E* code saying why it was dropped (also counted).
 */
int ik_stack_input(struct ik_stack *s, unsigned ifindex, const uint8_t *bytes, size_t len,
		   unsigned flags, uint64_t now);

/**
 * struct ik_pkt - one datagram of a batch (ik_stack_input_batch())
 * @bytes: the datagram (IPv4 header first); not kept after the call
 * @len:   octets
 * @flags: IK_RX_LINK_* flags
 */
struct ik_pkt {
	const uint8_t *bytes;
	size_t len;
	unsigned flags;
};

/**
 * ik_stack_input_batch() - datagrams that arrived together on one interface
 * @s:       stack
 * @ifindex: interface they arrived on
 * @pkts:    the datagrams, in arrival order
 * @n:       how many
 * @now:     current time (ns), the same for all
 *
 * Does exactly what calling ik_stack_input() on each datagram in order
 * would do (same replies, counters, socket queues), as a driver handing
 * over its receive ring does. The batch lets the stack look ahead: while
 * one datagram is processed, the demultiplexing-table entries, sockets and
 * queued cells that the next ones will need are prefetched, so with
 * many sockets (their state far from the cache) datagrams cost little
 * more than with one.
 *
 * Return: how many datagrams were accepted (those for which
 * ik_stack_input() returns 0; the others were dropped and counted), or
 * -IK_EINVAL when @pkts is NULL with @n > 0 or @n exceeds INT_MAX (nothing
 * done).
 */
int ik_stack_input_batch(struct ik_stack *s, unsigned ifindex, const struct ik_pkt *pkts,
			 size_t n, uint64_t now);

/**
 * ik_stack_poll() - run timers (reassembly time-outs, …)
 * @s:   stack
 * @now: current time (ns)
 *
 * Return: the time of the next deadline, or UINT64_MAX when none.
 */
uint64_t ik_stack_poll(struct ik_stack *s, uint64_t now);

/**
 * ik_stack_deadline() - when ik_stack_poll() is next needed, without
 * running anything
 * @s: stack
 *
 * After input that may have started a timer (a fragment), a caller asks
 * this instead of polling. The time may be early (a reassembly finished
 * since), never late.
 *
 * Return: the time (ns), or UINT64_MAX when no timer is pending.
 */
uint64_t ik_stack_deadline(const struct ik_stack *s);

/**
 * ik_stack_reasm_mem() - what fragment reassembly holds now
 * @s:         stack
 * @datagrams: set to the number of datagrams being reassembled (may be NULL)
 *
 * Payload octets of every incomplete datagram together; never above
 * ipfrag_high_thresh, and 0 once every reassembly completed or timed out.
 *
 * Return: octets.
 */
size_t ik_stack_reasm_mem(const struct ik_stack *s, unsigned *datagrams);

/**
 * ik_stack_set() - change a setting by its Linux sysctl name
 * @s:     stack
 * @name:  e.g. "icmp_ratelimit", "icmp_ratemask", "icmp_msgs_per_sec",
 *         "icmp_msgs_burst", "icmp_echo_ignore_broadcasts",
 *         "icmp_echo_ignore_all", "icmp_errors_use_inbound_ifaddr",
 *         "ip_default_ttl", "ipfrag_time", "ipfrag_high_thresh",
 *         "icmp_error_quote_max" (576 per RFC 1812), "ip_forward",
 *         "accept_redirects", "ip_no_pmtu_disc", "min_pmtu",
 *         router: "bc_forwarding", "accept_source_route",
 *         "send_redirects", "redirect_number", "redirect_load",
 *         "redirect_silence"; IPv6: "icmpv6_ratelimit",
 *         "icmpv6_echo_ignore_all", "icmpv6_echo_ignore_multicast",
 *         "ipv6_hop_limit", "ip6frag_time" (s), "ipv6_forwarding"
 * @value: new value (times in ms except ipfrag_time in s, as Linux)
 *
 * Return: 0, -IK_ENOENT for an unknown name, -IK_EINVAL out of range.
 */
int ik_stack_set(struct ik_stack *s, const char *name, long value);

/**
 * ik_stack_get() - read a setting by name
 * @s:    stack
 * @name: as for ik_stack_set()
 * @out:  value
 *
 * Return: 0, or -IK_ENOENT.
 */
int ik_stack_get(const struct ik_stack *s, const char *name, long *out);

/**
 * ik_stack_setting_name() - the @i-th setting name, to list them all
 * @i: index from 0
 *
 * Return: name, or NULL past the last.
 */
const char *ik_stack_setting_name(unsigned i);

/**
 * ik_stack_set_wallclock() - relate the stack's clock to real time
 * @s:      stack
 * @offset: nanoseconds to add to stack time to get nanoseconds since the
 *          Unix epoch (e.g. CLOCK_REALTIME - CLOCK_MONOTONIC); 0 (the
 *          default) makes a virtual clock's time 0 a midnight UT
 *
 * Used for RFC 792 timestamps (Timestamp Reply, the IP Timestamp option),
 * which count milliseconds since midnight UT.
 */
void ik_stack_set_wallclock(struct ik_stack *s, uint64_t offset);

/**
 * ik_stack_mib() - the stack's counters
 * @s: stack
 *
 * Return: pointer valid for the stack's life.
 */
const struct ik_mib *ik_stack_mib(const struct ik_stack *s);

/**
 * ik_stack_set_trace() - choose the trace sink (NULL to stop tracing)
 * @s:   stack
 * @fn:  sink
 * @ctx: passed to @fn
 */
void ik_stack_set_trace(struct ik_stack *s, ik_trace_fn fn, void *ctx);

/**
 * ik_stack_iface_addr() - address of an interface
 * @s:       stack
 * @ifindex: interface
 *
 * Return: address, host order, or 0 if there is no such interface.
 */
uint32_t ik_stack_iface_addr(const struct ik_stack *s, unsigned ifindex);

#ifdef __cplusplus
}
#endif
#endif
