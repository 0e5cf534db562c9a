/* SPDX-License-Identifier: MIT */
/**
 * DOC: the IPv6 side of the stack: its modules' contract
 *
 *   ip6/    addr6.c: interface addresses (link-local from the interface
 *           identifier), scopes, which addresses are ours, source
 *           selection; route6.c: the route table (longest match by scan,
 *           remembered); ip6_input.c: validation, classification, the
 *           extension headers in order (Hop-by-Hop and Destination
 *           options with their action bits, Routing, Fragment), the next
 *           header table; ip6_output.c: the header, the one way out
 *           (ik_ip6_xmit()).
 *   icmp6/  icmp6_in.c: ICMPv6 input by a per-type table (echo server,
 *           errors handed to the transport their quote names);
 *           icmp6_err.c: the one place ICMPv6 errors are made (RFC 4443
 *           2.4 rules, the quote as large as fits in 1280 octets, the
 *           per-destination token bucket beside the global one).
 *   sock/   udp6.c, ping6.c: IPv6 UDP and ping sockets in the same pool,
 *           with tables of their own.
 *
 * The demultiplexing keys stay visible as for IPv4: Next Header ->
 * ik_ip6_protos[] (ip6_input.c); UDP port -> ik_udp6_lookup(); echo
 * Identifier -> ik_ping6_input().
 */
#ifndef ICMPKIT_STACK_IP6_H
#define ICMPKIT_STACK_IP6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv6.h"
#include "icmpkit/stack6.h"
#include "stack/internal.h"

/* an address being checked for uniqueness (RFC 4862 DAD): not ours yet */
#define IK_A6_TENTATIVE 0x1u

/**
 * struct ik_addr6 - one address of an interface
 * @a: the address; @prefix: its on-link prefix; @flags: IK_A6_*
 */
struct ik_addr6 {
	uint8_t a[16];
	uint8_t prefix;
	uint8_t flags;
};

/**
 * struct ik_if6 - an interface's IPv6 state
 * @addr:    its addresses, the link-local one first once it has any
 * @n:       how many
 * @iid_set: @iid was chosen by ik_stack_set_iid()
 * @iid:     interface identifier of the link-local address
 */
struct ik_if6 {
	struct ik_addr6 addr[IK_IFACE_ADDR6_MAX];
	uint8_t n;
	bool iid_set;
	uint8_t iid[8];
};

/**
 * struct ik_rt6 - one route (route6.c)
 * @dst, @prefix, @gw, @ifindex, @type: as &struct ik_route6_spec
 * @has_gw: @gw is not all zero
 */
struct ik_rt6 {
	uint8_t dst[16];
	uint8_t gw[16];
	uint16_t ifindex;
	uint8_t prefix;
	uint8_t type;
	bool has_gw;
};

/**
 * struct ik_ip6 - the IPv6 module state
 * @ifs:     by ifindex - 1 (cfg.max_ifaces)
 * @rt:      routes (cfg.max_routes6)
 * @nrt:     routes held
 * @memo:    index of the route the last lookup found, -1 none
 * @memo_dst: the destination it was for
 */
struct ik_ip6 {
	struct ik_if6 *ifs;
	struct ik_rt6 *rt;
	unsigned nrt;
	int memo;
	uint8_t memo_dst[16];
};

/**
 * struct ik_rx6 - an IPv6 datagram being received (valid during input)
 * @ifindex:    arrival interface
 * @link_flags: IK_RX_LINK_*
 * @now:        time
 * @pkt:        the datagram, IPv6 header first
 * @len:        40 + Payload Length (link padding cut)
 * @ip:         parsed header and extension chain
 * @proto:      the upper-layer protocol the chain ends in
 * @nh_at:      offset of the Next Header octet that names @proto
 * @l4:         pkt + ip.l4_off
 * @l4_len:     len - ip.l4_off
 * @mcast:      sent to a multicast address
 * @fwd:        not ours, and we forward (ipv6_forwarding): errors about it
 *              come from an address of ours the route back chooses
 * @local:      our address it was sent to; for multicast, the arrival
 *              interface's address answers come from; zero when @fwd
 */
struct ik_rx6 {
	unsigned ifindex;
	unsigned link_flags;
	uint64_t now;
	const uint8_t *pkt;
	size_t len;
	struct ik_ipv6_repr ip;
	uint8_t proto;
	size_t nh_at;
	const uint8_t *l4;
	size_t l4_len;
	bool mcast;
	bool fwd;
	uint8_t local[16];
};

/**
 * struct ik_route6_res - where a datagram goes (ik_ip6_route())
 * @ifindex:  outgoing interface
 * @next_hop: gateway, or the destination when on-link
 * @src:      source address chosen for it
 * @mtu:      the interface's MTU
 * @plen:     the matched route's prefix length (the error rate limit
 *            scales with it, as Linux's icmpv6_xrlim_allow)
 */
struct ik_route6_res {
	unsigned ifindex;
	uint8_t next_hop[16];
	uint8_t src[16];
	unsigned mtu;
	unsigned plen;
};

/**
 * struct ik_tx6 - an IPv6 datagram to send: header values and payload
 * @src, @dst: addresses (@src from ik_ip6_route() normally)
 * @nh:     Next Header
 * @hlim:   Hop Limit (0: ipv6_hop_limit)
 * @tclass: Traffic Class
 * @dontfrag: above the MTU it fails (IPV6_DONTFRAG); otherwise the stack
 *          sends it in fragments
 * @iov / @niov: the payload pieces, concatenated after the header
 */
struct ik_tx6 {
	const uint8_t *src, *dst;
	uint8_t nh, hlim, tclass;
	bool dontfrag;
	struct { const void *p; size_t len; } iov[3];
	unsigned niov;
};

/* ---- address tests (RFC 4291) ---- */

static inline bool ik_a6_is_mcast(const uint8_t a[16]) { return a[0] == 0xff; }

static inline bool ik_a6_is_linklocal(const uint8_t a[16])
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

static inline bool ik_a6_is_unspec(const uint8_t a[16])
{
	static const uint8_t z[16];

	return !memcmp(a, z, 16);
}

static inline bool ik_a6_is_loopback(const uint8_t a[16])
{
	static const uint8_t lo[16] = { [15] = 1 };

	return !memcmp(a, lo, 16);
}

static inline bool ik_a6_is_v4mapped(const uint8_t a[16])
{
	static const uint8_t p[12] = { [10] = 0xff, [11] = 0xff };

	return !memcmp(a, p, 12);
}

/**
 * ik_a6_prefix_eq() - do @a and @b agree in their first @plen bits?
 * Return: true if so.
 */
bool ik_a6_prefix_eq(const uint8_t a[16], const uint8_t b[16], unsigned plen);

/**
 * ik_a6_common() - how many leading bits @a and @b share (0..128)
 * Return: the count.
 */
unsigned ik_a6_common(const uint8_t a[16], const uint8_t b[16]);


/* ---- addr6.c ---- */

/** ik_ip6_init() - the module state. Return: 0 or -IK_ENOMEM. */
int ik_ip6_init(struct ik_stack *s);
/** ik_ip6_free() - release it (none made is ignored) */
void ik_ip6_free(struct ik_stack *s);

/**
 * ik_if6_get() - an interface's IPv6 state
 * Return: it, or NULL when there is no such interface.
 */
const struct ik_if6 *ik_if6_get(const struct ik_stack *s, unsigned ifindex);

/**
 * ik_ip6_is_local() - is @a one of our unicast addresses for a datagram
 * that arrived on @ifindex (a link-local one only on that interface)
 * Return: the interface holding it, or 0.
 */
unsigned ik_ip6_is_local(const struct ik_stack *s, const uint8_t a[16], unsigned ifindex);

/**
 * ik_ip6_mcast_member() - does interface @ifindex listen to group @g:
 * all-nodes (ff01::1, ff02::1) and the solicited-node group of each of
 * its addresses (RFC 4291 2.7.1)
 * Return: true if so.
 */
bool ik_ip6_mcast_member(const struct ik_stack *s, unsigned ifindex, const uint8_t g[16]);

/**
 * ik_ip6_src_select() - the source for a datagram to @dst out of
 * @ifindex (RFC 6724 §5 in short: the same scope first, then the longest
 * common prefix, an address of the outgoing interface before others)
 * @s: stack; @dst: destination; @ifindex: outgoing interface; @out: source
 * Return: 0, or -EADDRNOTAVAIL when no address fits.
 */
int ik_ip6_src_select(const struct ik_stack *s, const uint8_t dst[16], unsigned ifindex,
		      uint8_t out[16]);

/* ---- route6.c ---- */

/**
 * ik_ip6_route() - route @dst (a link-local or multicast destination
 * needs @oif, the interface it is for; 0 elsewhere) and choose the source
 * @s: stack; @dst: destination; @oif: interface or 0; @r: result
 * Return: 0, or -ENETUNREACH (no route, counted by the caller),
 * -EHOSTUNREACH / -EACCES / -EINVAL (unreachable, prohibit, blackhole
 * routes), -EADDRNOTAVAIL (no source).
 */
int ik_ip6_route(const struct ik_stack *s, const uint8_t dst[16], unsigned oif,
		 struct ik_route6_res *r);

/**
 * ik_ip6_route_back() - the route of an answer to @rx's source (a
 * link-local source is reached out of the interface @rx came in on)
 * @s: stack; @rx: the datagram answered; @r: result
 * Return: as ik_ip6_route().
 */
static inline int ik_ip6_route_back(const struct ik_stack *s, const struct ik_rx6 *rx,
				    struct ik_route6_res *r)
{
	return ik_ip6_route(s, rx->ip.src, ik_a6_is_linklocal(rx->ip.src) ? rx->ifindex : 0, r);
}

/* ---- pmtu6.c ---- */

/** ik_pmtu6_init() / ik_pmtu6_free() - the path MTU cache (cfg.pmtu_entries) */
int ik_pmtu6_init(struct ik_stack *s);
void ik_pmtu6_free(struct ik_stack *s);

/**
 * ik_pmtu6_lookup() - the path MTU towards @dst, never above @dev_mtu
 * Return: the MTU in force.
 */
unsigned ik_pmtu6_lookup(const struct ik_stack *s, const uint8_t dst[16], unsigned dev_mtu);

/**
 * ik_pmtu6_update() - Packet Too Big says @mtu towards @dst: lower only;
 * a report below 1280 is ignored (as Linux)
 * Return: the path MTU now learned, 0 when none is.
 */
unsigned ik_pmtu6_update(struct ik_stack *s, const uint8_t dst[16], uint32_t mtu, uint64_t now);

/** ik_route6_connected() - add the connected route of an address. Return: as add. */
int ik_route6_connected(struct ik_stack *s, const uint8_t a[16], unsigned prefix,
			unsigned ifindex);

/* ---- ip6_input.c / ip6_output.c ---- */

/**
 * ik_ip6_input() - one IPv6 datagram arrived (ik_stack_input() for
 * version 6)
 * Return: as ik_stack_input().
 */
int ik_ip6_input(struct ik_stack *s, unsigned ifindex, const uint8_t *bytes, size_t len,
		 unsigned flags, uint64_t now);

/**
 * ik_ip6_deliver() - a datagram whose chain was processed, to its Next
 * Header's handler (or Parameter Problem code 1)
 * Return: 0, or -IK_ETYPE.
 */
int ik_ip6_deliver(struct ik_stack *s, const struct ik_rx6 *rx);

/**
 * ik_ip6_chain_from() - process the extension headers at or after @from
 * (Hop-by-Hop and Destination options, Routing, Fragment)
 * Return: 1 to go on to the upper layer, 0 when reassembly took it, or a
 * negative code (dropped, counted).
 */
int ik_ip6_chain_from(struct ik_stack *s, const struct ik_rx6 *rx, size_t from);

/** ik_ip6_rx_fill() - @rx's upper-layer fields from its parsed chain */
void ik_ip6_rx_fill(struct ik_rx6 *rx);

/* ---- forward6.c ---- */

/**
 * ik_ip6_forward() - a router's decisions about a datagram for someone
 * else, in Linux's order: the route (none: Destination Unreachable code 0;
 * an unreachable / prohibit / blackhole route: code 0 / 1 / silence), the
 * Hop Limit (<= 1: Time Exceeded code 0), a link-local source (code 2,
 * beyond scope), the MTU (Packet Too Big with it: a router never
 * fragments), then out with the Hop Limit one less
 * @s: stack; @rx: the datagram (its Hop-by-Hop options done)
 * Return: 0 when forwarded, or a negative code.
 */
int ik_ip6_forward(struct ik_stack *s, const struct ik_rx6 *rx);

/* ---- reasm6.c ---- */

/**
 * ik_reasm6_input() - a fragment (not atomic) addressed to us, its
 * Fragment header @rx->ip.ext[@k] (RFC 8200 §4.5, RFC 5722: a datagram
 * with overlapping fragments is dropped whole)
 * @s: stack; @rx: the fragment; @k: the Fragment header's index
 *
 * A fragment that completes its datagram has it delivered
 * (ik_ip6_deliver()) before this returns.
 *
 * Return: 0 when held or delivered, or a negative code (dropped, counted).
 */
int ik_reasm6_input(struct ik_stack *s, const struct ik_rx6 *rx, unsigned k);

/** ik_reasm6_init() / ik_reasm6_free() - the slots (cfg.reasm6_slots) */
int ik_reasm6_init(struct ik_stack *s);
void ik_reasm6_free(struct ik_stack *s);

/**
 * ik_reasm6_poll() - time out reassemblies (ip6frag_time): Time Exceeded
 * code 1 when the first fragment had come (RFC 8200 §4.5)
 * Return: the next deadline, UINT64_MAX when none.
 */
uint64_t ik_reasm6_poll(struct ik_stack *s, uint64_t now);

/** ik_reasm6_deadline() - the earliest reassembly deadline. Return: it, or UINT64_MAX. */
uint64_t ik_reasm6_deadline(const struct ik_stack *s);

/**
 * ik_ip6_dev_out() - the one way out of every IPv6 datagram: to the
 * device, a refusal counted Ip6OutDiscards (ik_ip6_send(), the fast path
 * and forwarding trace around it, each in its own words)
 * @s: stack; @ifindex: interface; @hop: next hop; @b/@n: the datagram;
 * @now: time
 *
 * Return: 0, or the device's negative error (-ENETDOWN without xmit6).
 */
static inline int ik_ip6_dev_out(struct ik_stack *s, unsigned ifindex, const uint8_t hop[16],
				 const uint8_t *b, size_t n, uint64_t now)
{
	int rc = s->ops.xmit6 ? s->ops.xmit6(s->dev_ctx, ifindex, hop, b, n, now) : -ENETDOWN;

	if (rc < 0)
		IK_MIB_INC(s, IP6, OutDiscards);
	return rc;
}

/**
 * ik_ip6_send() - build the header in s->txbuf before a payload and send:
 * the one way out for IPv6 (traced ip6.tx; a refusal counted OutDiscards)
 * @s: stack; @r: the route; @tx: the datagram; @now: time
 *
 * A payload already at s->txbuf + IK_IPV6_HDR_LEN (iov[0]) is not copied.
 * Above the route's MTU the datagram goes in fragments (the stack's own
 * datagrams only: a router never fragments), unless @tx->dontfrag.
 *
 * Return: 0, -EMSGSIZE (above the MTU with @tx->dontfrag), -EINVAL (too
 * long), or the device's error.
 */
int ik_ip6_send(struct ik_stack *s, const struct ik_route6_res *r, const struct ik_tx6 *tx,
		uint64_t now);

/* ---- icmp6 module ---- */

/** ik_icmp6_input() - Next Header 58 */
void ik_icmp6_input(struct ik_stack *s, const struct ik_rx6 *rx);

/**
 * ik_icmp6_send_error() - the one place ICMPv6 errors are made
 * @s: stack; @rx: the offending datagram; @type: 1..4; @code: code;
 * @info: MTU (2) or pointer (4), else 0
 *
 * Applies RFC 4443 §2.4(e) (never about an error or a Redirect; not about
 * a datagram to a multicast address or sent as a link-layer group, except
 * Packet Too Big and Parameter Problem code 2; not to a source naming no
 * one node), then the rate limits (§2.4(f)); the quote is as much of the
 * datagram as fits in 1280 octets (§2.4(c)).
 *
 * Return: 0 if sent, 1 if suppressed or limited, or a negative code.
 */
int ik_icmp6_send_error(struct ik_stack *s, const struct ik_rx6 *rx, uint8_t type, uint8_t code,
			uint32_t info);

/**
 * ik_icmp6_out_count() - one ICMPv6 message sent: Icmp6OutMsgs, its type's
 * counter, Icmp6OutTypeN (whoever built it)
 * @s: stack; @type: its type
 */
void ik_icmp6_out_count(struct ik_stack *s, uint8_t type);

/**
 * ik_icmp6_errmap() - Linux icmpv6_err_convert as a table
 * @type, @code: the message; @hard: set to the fatal flag
 * Return: the errno, 0 for messages no socket hears about.
 */
int ik_icmp6_errmap(uint8_t type, uint8_t code, bool *hard);

/**
 * ik_icmp6_rate_check() - may an ICMPv6 error of @type go to @dst now?
 * (icmp/icmp_rate.c: the global bucket IPv4 also draws on, and a
 * per-destination bucket of icmpv6_ratelimit ms, shortened for wide
 * routes as Linux's: ms >> ((128 - @plen) >> 5))
 * @s: stack; @dst: the error's destination; @type: its type; @plen: the
 * route's prefix length; @now: time
 * Return: enum ik_icmp_rl (icmp/icmp_priv.h), 0 when allowed.
 */
int ik_icmp6_rate_check(struct ik_stack *s, const uint8_t dst[16], uint8_t type, unsigned plen,
			uint64_t now);

/* ---- tcp module (tcp/tcp6.c) ---- */

/** ik_tcp6_input() - Next Header 6: a segment meets CLOSED, answered by a reset */
void ik_tcp6_input(struct ik_stack *s, const struct ik_rx6 *rx);

/* ---- sock module ---- */

/**
 * ik_udp6_input() / ik_ping6_input() - UDP over IPv6 to its socket, or
 * Port Unreachable; an Echo Reply to the ping socket of its Identifier
 * Return: (ping) true if a socket took it.
 */
void ik_udp6_input(struct ik_stack *s, const struct ik_rx6 *rx);
bool ik_ping6_input(struct ik_stack *s, const struct ik_rx6 *rx,
		    const struct ik_icmpv6_repr *m);

/**
 * struct ik_icmp6_err - an ICMPv6 error received, as handed to a transport
 * @type, @code, @info: the message (@info: MTU or pointer)
 * @offender: who sent it
 * @err, @hard: the mapped errno and its fatal flag
 * @q:       the quoted datagram's header and chain
 * @ql4:     the quoted upper-layer header; @ql4_len: its octets there
 * @now:     time
 */
struct ik_icmp6_err {
	uint8_t type, code;
	uint32_t info;
	const uint8_t *offender;
	int err;
	bool hard;
	const struct ik_ipv6_repr *q;
	const uint8_t *ql4;
	size_t ql4_len;
	uint64_t now;
};

/** ik_udp6_err() / ik_ping6_err() - an error to the socket it names. Return: matched. */
bool ik_udp6_err(struct ik_stack *s, const struct ik_icmp6_err *e);
bool ik_ping6_err(struct ik_stack *s, const struct ik_icmp6_err *e);

/**
 * ik_raw6_deliver() - a copy of the datagram's upper layer to every raw
 * IPv6 socket of its Next Header (bound and connected ones filtering)
 * Return: how many took it.
 */
unsigned ik_raw6_deliver(struct ik_stack *s, const struct ik_rx6 *rx);

/**
 * ik_raw6_err() - an error quoting Next Header P to the raw sockets of P
 * Return: true if one matched.
 */
bool ik_raw6_err(struct ik_stack *s, const struct ik_icmp6_err *e);

#endif
