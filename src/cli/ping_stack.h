/* SPDX-License-Identifier: MIT */
/* ping_stack.h - `icmpkit ping --stack`: the same ping sent by a ping socket
 * of icmpkit's own stack, over a TUN device whose kernel side routes it */
#ifndef ICMPKIT_CLI_PING_STACK_H
#define ICMPKIT_CLI_PING_STACK_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "icmpkit/stack.h"
#include "icmpkit/trace.h"
#include "icmpkit/tun.h"

#include "ping.h"

#define PSTK_TUN_DEFAULT "ikping%d" /* the kernel picks the number */
#define PSTK_NETNS_MAX   256

/**
 * struct pstk_spec - the --stack value, checked
 * @addr / @prefix:       the stack's address on the TUN
 * @peer / @peer_prefix:  the kernel side's (default: the prefix's first
 *                        other address, as `icmpkit host` picks it)
 * @mtu:                  MTU of both sides (1500)
 * @tun:                  the TUN's name, or PSTK_TUN_DEFAULT
 * @netns:                the namespace to make the TUN in, "" for ours
 */
struct pstk_spec {
	uint32_t addr;
	unsigned prefix;
	uint32_t peer;
	unsigned peer_prefix;
	unsigned mtu;
	char tun[IK_TUN_NAMSIZ];
	char netns[PSTK_NETNS_MAX];
};

/**
 * struct pstk - one `ping --stack` run
 * @p:         the ping (options, counters, output; p->ident is @fd's)
 * @sp:        the --stack value
 * @s:         the stack
 * @tun:       its TUN device
 * @ifindex:   the stack's interface on it
 * @fd:        the ping socket of the stack that sends the requests
 * @by:        the bystander: a second ping socket that sends nothing
 * @by_ident:  its Identifier
 * @real_off:  CLOCK_REALTIME - CLOCK_MONOTONIC (pcap times), ns
 * @t0:        monotonic start (trace lines count seconds from it)
 * @buf:       IK_TUN_SLOT octets: one datagram read from the TUN
 * @msg:       IK_TUN_SLOT octets: one message read from a socket
 * @rx_ns:     when the datagram being handed to the stack was read
 * @rx_ttl:    IP TTL of the Echo Reply the stack last delivered to @fd
 *             (from its ping.deliver event), or -1
 * @handed:    Echo Replies the stack handed to @fd and to @by (its
 *             ping.deliver events)
 * @got:       datagrams read from @fd and from @by
 * @tun_in / @tun_out: datagrams read from / written to the TUN
 */
struct pstk {
	struct ping *p;
	struct pstk_spec sp;
	struct ik_stack *s;
	struct ik_tun tun;
	unsigned ifindex;
	int fd;
	int by;
	uint16_t by_ident;
	uint64_t real_off;
	uint64_t t0;
	uint8_t *buf;
	uint8_t *msg;
	uint64_t rx_ns;
	int rx_ttl;
	unsigned long long handed[2];
	unsigned long long got[2];
	unsigned long long tun_in, tun_out;
};

/**
 * ping_stack_cmd() - `icmpkit ping --stack SPEC ... TARGET`, after
 * ping_args_parse() took the rest of the command line
 * @p: the run (p->o filled, p->o.stack set)
 *
 * Return: the exit status (as the kernel mode: 0 a reply came, 1 none,
 * 2 bad arguments or a setup error, one line).
 */
int ping_stack_cmd(struct ping *p);

/**
 * ping_stack_parse() - check a --stack value
 * @spec: ADDR/LEN[,peer=ADDR[/LEN]][,tun=NAME][,netns=NS][,mtu=N]
 * @sp: filled; @err / @errlen: the one-line message
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
int ping_stack_parse(const char *spec, struct pstk_spec *sp, char *err, size_t errlen);

/**
 * ping_stack_xmit() - the stack's device callback: a datagram for the TUN
 * @ctx: struct pstk; @ifindex / @next_hop: unused (one point-to-point
 * link); @pkt / @len: the datagram; @now: time
 *
 * Return: 0, or -IK_EAGAIN when the TUN refused it.
 */
int ping_stack_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt,
		    size_t len, uint64_t now);

/**
 * ping_stack_trace() - the stack's trace sink, always set: it notes which
 * socket each Echo Reply was handed to (and its TTL), and prints the event
 * as a "trace:" line with --trace (with -v: the ping layer's events only)
 * @ctx: struct pstk; @ev: the event
 */
void ping_stack_trace(void *ctx, const struct ik_event *ev);

/**
 * ping_stack_signals() - SIGINT and SIGTERM set a stop flag; both blocked
 * from now on except while the loop waits (so one that comes during setup
 * stops the run at the first wait, with the statistics)
 * @wait_mask: filled with the mask to wait with
 */
void ping_stack_signals(sigset_t *wait_mask);

/**
 * ping_stack_loop() - send on the interval, read the TUN, hand what it
 * reads to the stack and what the stack delivers to the output, until the
 * count, the deadline or a signal (the kernel mode's rules)
 * @k: the run, set up; @wait_mask: from ping_stack_signals()
 *
 * Return: 0, or -1 on a fatal error (message printed).
 */
int ping_stack_loop(struct pstk *k, const sigset_t *wait_mask);

#endif
