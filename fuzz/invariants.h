/* SPDX-License-Identifier: MIT */
/*
 * invariants.h - the checks every stack fuzz target makes, in one place
 *
 * fz_xmit() is the device every fuzzed stack sends through: each datagram
 * it is handed must parse with a right header checksum, fit the interface
 * MTU, carry right ICMP / UDP / TCP checksums (unfragmented ones), dissect
 * cleanly with our own decoder, never go to a broadcast, multicast, 0/8 or
 * 127/8 address, and, when the stack itself speaks ICMP, never be an error
 * about an ICMP error. fz_xmit6() is its IPv6 side: each datagram parses
 * with its Payload Length exact, fits the MTU, has a Hop Limit, a right
 * ICMPv6 / UDP checksum (summed here, not by the library), comes from one
 * of the stack's addresses, goes to neither :: nor a group the
 * application did not choose, and an ICMPv6 error is at most 1280 octets
 * and never about an ICMPv6 error or a Redirect. fz_mib_check() says
 * counters never went down.
 * fz_quiesce() closes every socket, runs every timer and checks that the
 * pools the stack lends out (socket slots, receive cells) are all back.
 * A breach prints what broke and traps.
 */
#ifndef ICMPKIT_FUZZ_INVARIANTS_H
#define ICMPKIT_FUZZ_INVARIANTS_H

#include <stddef.h>
#include <stdint.h>

#include "icmpkit/mib.h"
#include "icmpkit/stack.h"

#define FZ_MAX_IFACES 4
#define FZ_MAX_ADDR6 8 /* IK_IFACE_ADDR6_MAX */

/**
 * struct fz_net - what the invariants need to know about the stack
 * @n:       interfaces (ifindex 1..@n)
 * @addr:    their addresses (0: unnumbered)
 * @prefix:  their prefix lengths
 * @mtu:     their MTUs
 * @bc_fwd:  bc_forwarding is on: a directed broadcast may be forwarded
 * @sent:    datagrams handed to the device so far
 * @last / @last_len / @last_if: a copy of the last datagram handed to the
 *           device (the script's reflect and answer operations reply to it)
 * @in / @in_len: the datagram being input, if any (a forwarded copy of it
 *           is the sender's, whatever its source says)
 * @app:     a socket call is sending to @app_dst: the application chose
 *           that destination (a broadcast is its business), and with
 *           @app_raw its transport octets too (checksums unchecked)
 * @addr6 / @prefix6: each interface's global IPv6 address (all zero:
 *           none; its link-local address comes with it)
 * @own6 / @nown6: every IPv6 address of each interface, link-local ones
 *           included, as the stack holds them (read back once added)
 * @app6 / @app6_dst: an IPv6 socket call is sending to @app6_dst (a
 *           group is then the application's choice)
 * @last6 / @last6_len / @last6_if: the last IPv6 datagram handed to the
 *           device (the IPv6 reflect and answer operations reply to it)
 * @in6 / @in6_len: the datagram (or batch's first) being input, for the
 *           IPv6 checks: a forwarded copy of it is the sender's
 */
struct fz_net {
	unsigned n;
	int app, app_raw, app6;
	uint32_t app_dst;
	uint8_t app6_dst[16];
	uint8_t addr6[FZ_MAX_IFACES + 1][16];
	unsigned prefix6[FZ_MAX_IFACES + 1];
	uint8_t own6[FZ_MAX_IFACES + 1][FZ_MAX_ADDR6][16];
	unsigned nown6[FZ_MAX_IFACES + 1];
	uint32_t addr[FZ_MAX_IFACES + 1];
	unsigned prefix[FZ_MAX_IFACES + 1];
	unsigned mtu[FZ_MAX_IFACES + 1];
	int bc_fwd;
	unsigned long sent;
	uint8_t last[65536];
	size_t last_len;
	unsigned last_if;
	const uint8_t *in;
	size_t in_len;
	uint8_t last6[65536];
	size_t last6_len;
	unsigned last6_if;
	const uint8_t *in6;
	size_t in6_len;
};

/** fz_broken() - an invariant broke: say which (file:line) and trap */
void fz_broken(const char *what, const char *file, int line) __attribute__((noreturn));

#define FZ_CHECK(cond) do { if (!(cond)) fz_broken(#cond, __FILE__, __LINE__); } while (0)

/**
 * fz_stack_new() - a stack whose device is fz_xmit() / fz_xmit6() over
 * @net, with the interfaces of @net added, and their IPv6 addresses (each
 * interface's identifier fixed first: its link-local address is
 * fe80::<ifindex>:10)
 * @net: topology (kept: must outlive the stack)
 * @cfg: pool sizes
 * Return: the stack (traps when it cannot be made).
 */
struct ik_stack *fz_stack_new(struct fz_net *net, const struct ik_stack_config *cfg);

/**
 * fz_xmit() - the device: check one emitted datagram (struct ik_dev_ops)
 * @ctx: the struct fz_net
 * Return: 0.
 */
int fz_xmit(void *ctx, unsigned ifindex, uint32_t nh, const uint8_t *p, size_t len,
	    uint64_t now);

/**
 * fz_check_emitted() - the checks of fz_xmit() on one datagram
 * @net: topology; @ifindex: out of; @nh: next hop; @p / @len: the datagram
 */
void fz_check_emitted(const struct fz_net *net, unsigned ifindex, uint32_t nh, const uint8_t *p,
		      size_t len);

/**
 * fz_xmit6() - the device's IPv6 side: check one emitted datagram
 * (struct ik_dev_ops)
 * @ctx: the struct fz_net
 * Return: 0.
 */
int fz_xmit6(void *ctx, unsigned ifindex, const uint8_t nh[16], const uint8_t *p, size_t len,
	     uint64_t now);

/**
 * fz_check_emitted6() - the checks of fz_xmit6() on one datagram
 * @net: topology; @ifindex: out of; @p / @len: the datagram
 */
void fz_check_emitted6(const struct fz_net *net, unsigned ifindex, const uint8_t *p, size_t len);

/**
 * fz_sum6() - the checksum an upper-layer packet over IPv6 carries,
 * summed plainly here (RFC 8200 §8.1), independent of the library's
 * checksum code
 * @src / @dst: addresses; @nh: protocol; @l4 / @n: the packet; @co: its
 * checksum field's offset (taken as zero)
 * Return: the field value (UDP: a computed 0 is 0xffff).
 */
uint16_t fz_sum6(const uint8_t src[16], const uint8_t dst[16], uint8_t nh, const uint8_t *l4,
		 size_t n, size_t co);

/**
 * fz_upper6() - walk an IPv6 datagram's extension headers leniently (any
 * order, as a receiver deciding what a datagram carries does)
 * @p / @n: the datagram (at least 40 octets); @off: set to where the
 * upper layer starts; @frag: set to 0 (no Fragment header, or an atomic
 * one), 1 (a first fragment: the upper layer starts here, its data goes
 * on in others) or 2 (a later fragment: the walk stops at it)
 * Return: the Next Header the walk ended on.
 */
uint8_t fz_upper6(const uint8_t *p, size_t n, size_t *off, int *frag);

/**
 * fz_mib_check() - no counter of @s went below @prev; @prev := now
 * @s: stack; @prev: the counters last seen
 */
void fz_mib_check(const struct ik_stack *s, struct ik_mib *prev);

/**
 * fz_quiesce() - close sockets @fds[0..@n) (those >= 0), run every timer,
 * and check the stack holds nothing lent: no socket open, every receive
 * cell free, no timer pending
 * @s: stack; @fds / @n: the sockets; @now: time (advanced past every
 * deadline)
 */
void fz_quiesce(struct ik_stack *s, int *fds, unsigned n, uint64_t *now);

/**
 * fz_heap() - octets of heap in use (ASan's allocator), to check the heap
 * comes back to its start once the stack is freed
 * Return: octets.
 */
size_t fz_heap(void);

/**
 * fz_fix_csums() - write the right IP header checksum, and the ICMP / UDP / TCP
 * checksum of an unfragmented datagram, so mutated input gets past
 * validation; for IPv6, the ICMPv6 / UDP checksum after the extension
 * headers (not of a later fragment)
 * @p / @len: the datagram (modified)
 */
void fz_fix_csums(uint8_t *p, size_t len);

#endif
