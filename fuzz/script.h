/* SPDX-License-Identifier: MIT */
/*
 * script.h - a fuzz input read as a script of packets, clock steps and
 * socket calls, driving one stack (fuzz_stack, fuzz_router)
 *
 * Input: one settings octet, then operations, each an opcode octet and
 * its operands. An opcode octet below 0xf0 is taken modulo 16 (the IPv4
 * operations 0-15, numbered as they always were, so older corpora keep
 * their meaning); 0xf0 + k is IPv6 operation 16 + k % FZ_OPS6:
 *   0 input   [iface][flags][len:2][datagram]  flags: bits 0-1 IK_RX_LINK_*,
 *             bit 2: the harness writes the IP (and ICMP / UDP) checksums,
 *             bit 3: in a batch of three (it, a copy, its first half)
 *   1 step    [ms:2]  the clock moves on, timers run
 *   2 open    [type][proto]  UDP, ping or raw
 *   3 bind    [slot][addr][port:2]
 *   4 connect [slot][addr][port:2]
 *   5 sendto  [slot][addr][port:2][len:2][payload]
 *   6 recv    [slot][cap]
 *   7 recverr [slot]
 *   8 setopt  [slot][opt][value]
 *   9 close   [slot]
 *  10 set     [setting][value:2]  any ik_stack_set() name, by index
 *  11 query   [slot][addr]  getopt, ik_pmtu_get, ik_sock_local, pending
 *  12 route   [kind][addr][prefix][gw addr]  add (kind % 4: the type,
 *             and the interface; prefixes /16 to /32)
 *  13 unroute [x][addr][prefix]  delete, then look the address up
 *  14 reflect [type][code][word:4][addr][cut]  an ICMP error from [addr]
 *             quoting the last datagram the stack sent (cut 0: as much as
 *             576 octets hold; else 20 + cut % 64 octets), as a router on
 *             the path would send it back
 *  15 answer  [kind]  the last datagram's destination answers it: an Echo
 *             Reply to an Echo Request, a UDP datagram back to its ports,
 *             a TCP SYN-ACK or RST (kind bit 0), other protocols echoed
 * IPv6 (op 0 inputs IPv6 datagrams too: flags bit 2 writes their ICMPv6 /
 * UDP checksum; ops 6-9 and 11 take IPv6 sockets' slots as well):
 *  16 open6   [type]  UDP6 (even) or PING6 (odd)
 *  17 bind6   [slot][addr6][port:2]
 *  18 connect6 [slot][addr6][port:2]  (:: dissolves the association)
 *  19 sendto6 [slot][addr6][port:2][len:2][payload]  (slot bit 3: no
 *             address, to the connected peer)
 *  20 recv6   [slot][cap]
 *  21 query6  [slot][addr6]  ik_sock_local6, ik_stack_route6_get
 *  22 reflect6 [type][code][word:4][addr6][cut]  an ICMPv6 message from
 *             [addr6] quoting the last IPv6 datagram the stack sent (cut
 *             0: as much as 1280 octets hold; else 40 + cut % 64 octets)
 *  23 answer6 [kind]  the last IPv6 datagram's destination answers: an
 *             Echo Reply to an Echo Request (kind bit 0: with the
 *             Identifier changed), UDP back to its ports, else the
 *             datagram back; from a peer of the link when it went to a
 *             group
 *  24 route6  [kind][addr6][prefix]  add (kind % 4 the type, via fe80::1
 *             on interface 1 + kind / 4 % n)
 * Settings octet bit 7: a trace sink checks every event; bit 6: the
 * counters are printed (to /dev/null) at the end; the other bits are the
 * topology's (topo.c).
 * A [addr] octet picks one of 16 addresses the topology lists (index 15:
 * the next 4 octets), an [addr6] octet one of 16 IPv6 ones (15: the next
 * 16 octets). After the last operation every counter is checked
 * again, every socket closed, every timer run, and the pools checked free.
 */
#ifndef ICMPKIT_FUZZ_SCRIPT_H
#define ICMPKIT_FUZZ_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "invariants.h"

#define FZ_OPS 16
#define FZ_OPS6 9 /* the IPv6 operations, 16 to 24 */
#define FZ_SLOTS 8

/**
 * struct fz_topo - a stack to drive
 * @net:   interfaces (for the invariants)
 * @cfg:   pool sizes
 * @addrs: the 16 addresses an [addr] operand picks (15: from the input)
 * @addrs6: the 16 IPv6 addresses an [addr6] operand picks (15: from the
 *         input)
 * @setup: routes and settings, given the settings octet
 */
struct fz_topo {
	struct fz_net net;
	struct ik_stack_config cfg;
	uint32_t addrs[16];
	uint8_t addrs6[16][16];
	void (*setup)(struct ik_stack *s, struct fz_net *net, uint8_t settings);
};

/**
 * fz_run_script() - run one script on a new stack built from @t, check
 * the invariants throughout, free it, and check the heap is back
 * @t: topology; @data / @size: the script
 */
void fz_run_script(struct fz_topo *t, const uint8_t *data, size_t size);

#endif
