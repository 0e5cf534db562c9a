/* SPDX-License-Identifier: MIT */
/**
 * DOC: in-memory simulated network with a virtual clock
 * Layer: dev (include/icmpkit/README.md)
 *
 * Nodes are stacks; links are broadcast domains (a LAN without ARP: a
 * datagram goes to the node whose interface on the link holds the next-hop
 * address, or to every other node for a broadcast). Each link has a delay
 * and a loss rate; everything is driven by a virtual clock and a seeded
 * PRNG, so the same scenario gives the same packets, byte for byte. Every
 * packet put on a link can be captured to one pcap file and shown to a tap,
 * and a filter (a firewall on the wires) may drop the ones it chooses.
 */
#ifndef ICMPKIT_SIMNET_H
#define ICMPKIT_SIMNET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "stack.h"

#ifdef __cplusplus
extern "C" {
#endif

struct ik_simnet;

enum ik_simnet_ev {
	IK_SIMNET_SENT,      /* put on the link by a node (or injected) */
	IK_SIMNET_DELIVERED, /* handed to a node's stack */
	IK_SIMNET_LOST,      /* dropped by the link's loss rate */
	IK_SIMNET_NO_HOST,   /* no node holds the next-hop address */
	IK_SIMNET_FILTERED,  /* dropped by the filter (ik_simnet_set_filter()) */
};

/**
 * struct ik_simnet_pkt - what a tap sees
 * @ev:    enum ik_simnet_ev
 * @now:   virtual time (ns)
 * @link:  link name
 * @from:  sending node name ("-" when injected)
 * @to:    receiving node name (DELIVERED only, else NULL)
 * @pkt:   the IPv4 datagram (valid during the call)
 * @len:   octets
 */
struct ik_simnet_pkt {
	unsigned ev;
	uint64_t now;
	const char *link;
	const char *from;
	const char *to;
	const uint8_t *pkt;
	size_t len;
};

/** Tap callback: called for every packet event, in time order. */
typedef void (*ik_simnet_tap_fn)(void *ctx, const struct ik_simnet_pkt *p);

/**
 * ik_simnet_new() - an empty network at virtual time 0
 * @seed: PRNG seed (loss decisions; each node's stack gets seed + node id)
 *
 * Return: the network, or NULL on allocation failure.
 */
struct ik_simnet *ik_simnet_new(uint64_t seed);

/**
 * ik_simnet_free() - free the network, its stacks and pending packets
 * @n: network (NULL is ignored)
 */
void ik_simnet_free(struct ik_simnet *n);

/**
 * ik_simnet_add_link() - add a link (broadcast domain)
 * @n:        network
 * @name:     name (copied)
 * @delay_ns: one-way delay
 * @loss_ppm: loss rate in parts per million (0 = none)
 *
 * Return: link id >= 0, or -IK_ENOMEM.
 */
int ik_simnet_add_link(struct ik_simnet *n, const char *name, uint64_t delay_ns, unsigned loss_ppm);

/**
 * ik_simnet_add_node() - add a node with a new stack
 * @n:    network
 * @name: name (copied)
 * @cfg:  the stack's pool sizes (NULL for defaults; the seed is overridden)
 *
 * Return: node id >= 0, or -IK_ENOMEM.
 */
int ik_simnet_add_node(struct ik_simnet *n, const char *name, const struct ik_stack_config *cfg);

/**
 * ik_simnet_stack() - the stack of a node
 * @n:    network
 * @node: node id
 *
 * Return: the stack, or NULL.
 */
struct ik_stack *ik_simnet_stack(struct ik_simnet *n, int node);

/**
 * ik_simnet_attach() - give @node an interface on @link
 * @n:      network
 * @node:   node id
 * @link:   link id
 * @addr:   address, host order
 * @prefix: prefix length
 * @mtu:    MTU
 *
 * For IPv6 too, give the interface an address with ik_stack_add_addr6()
 * (include/icmpkit/stack6.h) on ik_simnet_stack(): a link delivers an IPv6
 * datagram to the node whose interface holds its next hop, a multicast one
 * to every other node on the link. A link has no link layer, so Neighbor
 * Discovery has nothing to resolve on it.
 *
 * Return: the ifindex in the node's stack, or a negative IK_E* code.
 */
int ik_simnet_attach(struct ik_simnet *n, int node, int link, uint32_t addr, unsigned prefix,
		     unsigned mtu);

/**
 * ik_simnet_inject() - put a crafted datagram on a link, as from outside
 * @n:     network
 * @link:  link id
 * @pkt:   IPv4 or IPv6 datagram (copied)
 * @len:   octets
 * @flags: IK_RX_LINK_* flags the receivers see (0: decided by the address)
 *
 * The datagram goes to the node holding its destination address (or every
 * node for a broadcast) after the link's delay.
 *
 * Return: 0, or -IK_EINVAL.
 */
int ik_simnet_inject(struct ik_simnet *n, int link, const uint8_t *pkt, size_t len, unsigned flags);

/**
 * ik_simnet_now() - current virtual time
 * @n: network
 *
 * Return: nanoseconds.
 */
uint64_t ik_simnet_now(const struct ik_simnet *n);

/**
 * ik_simnet_run() - deliver packets and fire timers up to @until
 * @n:     network
 * @until: virtual time to reach (ns)
 *
 * Return: packets delivered.
 */
size_t ik_simnet_run(struct ik_simnet *n, uint64_t until);

/**
 * ik_simnet_settle() - run until nothing is in flight (or @max_ns passed)
 * @n:      network
 * @max_ns: bound on the virtual time spent
 *
 * Timers further away than the last delivery are not waited for.
 *
 * Return: packets delivered.
 */
size_t ik_simnet_settle(struct ik_simnet *n, uint64_t max_ns);

/**
 * ik_simnet_pcap() - capture every packet sent on any link to @path
 * @n:      network
 * @path:   file
 * @errbuf: at least 256 octets, set on failure
 *
 * Return: 0, or -IK_EINVAL with @errbuf set.
 */
int ik_simnet_pcap(struct ik_simnet *n, const char *path, char *errbuf);

struct ik_pcap_writer;

/**
 * ik_simnet_capture() - record every packet sent into a writer the caller owns
 * @n:         network
 * @w:         writer (see pcapio.h), or NULL to stop; not closed by the network
 * @ts_offset: added to the virtual time of each record, so several networks
 *             can share one file in order
 */
void ik_simnet_capture(struct ik_simnet *n, struct ik_pcap_writer *w, uint64_t ts_offset);

/**
 * ik_simnet_set_tap() - watch every packet event
 * @n:   network
 * @fn:  callback (NULL to stop)
 * @ctx: passed to @fn
 */
void ik_simnet_set_tap(struct ik_simnet *n, ik_simnet_tap_fn fn, void *ctx);

/**
 * typedef ik_simnet_filter_fn - a firewall on the wires: decides whether a
 * packet just put on a link is dropped there
 * @ctx: as given to ik_simnet_set_filter()
 * @p:   the packet (@p->ev is IK_SIMNET_SENT; @p->link and @p->from say
 *       where it is)
 *
 * Return: true to drop it (the tap then sees IK_SIMNET_FILTERED and no
 * node receives it), false to let it through.
 */
typedef bool (*ik_simnet_filter_fn)(void *ctx, const struct ik_simnet_pkt *p);

/**
 * ik_simnet_set_filter() - drop chosen packets on the links
 * @n:   network
 * @fn:  filter, asked for every packet sent, after the capture and the
 *       tap saw it and before the link's loss (NULL to stop filtering)
 * @ctx: passed to @fn
 */
void ik_simnet_set_filter(struct ik_simnet *n, ik_simnet_filter_fn fn, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
