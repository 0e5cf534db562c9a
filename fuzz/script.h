/* SPDX-License-Identifier: MIT */
/*
 * script.h - a fuzz input read as a script of packets, clock steps and
 * socket calls, driving one stack (fuzz_stack, fuzz_router)
 *
 * Input: one settings octet, then operations, each an opcode octet
 * (taken modulo FZ_OPS) and its operands:
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
 * Settings octet bit 7: a trace sink checks every event; bit 6: the
 * counters are printed (to /dev/null) at the end; the other bits are the
 * topology's (topo.c).
 * A [addr] octet picks one of 16 addresses the topology lists (index 15:
 * the next 4 octets). After the last operation every counter is checked
 * again, every socket closed, every timer run, and the pools checked free.
 */
#ifndef ICMPKIT_FUZZ_SCRIPT_H
#define ICMPKIT_FUZZ_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "invariants.h"

#define FZ_OPS 16
#define FZ_SLOTS 8

/**
 * struct fz_topo - a stack to drive
 * @net:   interfaces (for the invariants)
 * @cfg:   pool sizes
 * @addrs: the 16 addresses an [addr] operand picks (15: from the input)
 * @setup: routes and settings, given the settings octet
 */
struct fz_topo {
	struct fz_net net;
	struct ik_stack_config cfg;
	uint32_t addrs[16];
	void (*setup)(struct ik_stack *s, struct fz_net *net, uint8_t settings);
};

/**
 * fz_run_script() - run one script on a new stack built from @t, check
 * the invariants throughout, free it, and check the heap is back
 * @t: topology; @data / @size: the script
 */
void fz_run_script(struct fz_topo *t, const uint8_t *data, size_t size);

#endif
