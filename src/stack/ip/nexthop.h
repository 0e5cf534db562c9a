/* SPDX-License-Identifier: MIT */
/**
 * DOC: nexthop.h - the distinct next hops the routes share
 * Layer: stack (internal to src/stack/ip: route.c and nexthop.c)
 *
 * A route's FIB value (fib.h) is the id of its next hop (struct ik_nh,
 * internal.h): what a lookup needs to send, (type, gateway, interface)
 * with the interface's address and MTU (interfaces never change once
 * added), and nothing else. Routes with the same next hop share one entry,
 * reference counted, found through a small hash keyed by (type, gateway,
 * interface) so that a route added with a next hop already in use takes
 * that one. A full Internet table of a million prefixes has a few hundred
 * distinct next hops: their entries (16 octets, four to a cache line) stay
 * in cache, so a lookup costs the FIB's load and one hot entry, whatever
 * the table's size. The reference counts live in an array of their own,
 * which lookups never read.
 *
 * Ids are handed out from a free list, never-used ids last, so the arrays
 * (room for cfg.max_routes + 1, one more than routes: a replace takes its
 * new next hop before it lets the old one go) are touched only as far as
 * distinct next hops were ever live at once. The hash is an
 * open-addressing table of ids (linear probing, deletion by backward
 * shift), at most half full: it doubles when a new next hop would fill it
 * past that, so it allocates only on a route change that brings a next hop
 * never seen among the live ones, and only when their count doubles.
 */
#ifndef ICMPKIT_STACK_IP_NEXTHOP_H
#define ICMPKIT_STACK_IP_NEXTHOP_H

#include <stddef.h>
#include <stdint.h>

#include "stack/internal.h"

/**
 * struct ik_nh_tab - the next hops
 * @nh:        @max entries (ik_table_zalloc()); a free one's gw links the
 *             next free id
 * @refs:      @max reference counts (ik_table_zalloc()); 0: the id is free
 * @max:       entries
 * @fresh:     ids [@fresh, @max) were never used
 * @free_head: first free id that was used before (its gw links the next),
 *             IK_NH_NONE when none
 * @n:         next hops live
 * @slot:      the hash: 2^@bits slots, each an id + 1 (0: empty)
 * @bits:      log2 of the slot count
 */
struct ik_nh_tab {
	struct ik_nh *nh;
	uint32_t *refs;
	uint32_t max;
	uint32_t fresh;
	uint32_t free_head;
	uint32_t n;
	uint32_t *slot;
	unsigned bits;
};

#define IK_NH_NONE 0xffffffffu

/**
 * ik_nh_init() - an empty table with room for @max next hops
 * @t: table; @max: most next hops live at once (>= 1)
 * Return: 0, or -IK_ENOMEM.
 */
int ik_nh_init(struct ik_nh_tab *t, uint32_t max);

/** ik_nh_free() - release its memory (@t itself is the caller's) */
void ik_nh_free(struct ik_nh_tab *t);

/**
 * ik_nh_get() - a reference to next hop @want: the live one with its
 * (type, gw, ifindex) when there is one, else a new copy of @want
 * @t: table; @want: the next hop
 * Return: its id, or IK_NH_NONE (every id live, or no memory for the hash).
 */
uint32_t ik_nh_get(struct ik_nh_tab *t, const struct ik_nh *want);

/**
 * ik_nh_put() - drop a reference to next hop @id (the last one frees it)
 * @t: table; @id: a live id
 */
void ik_nh_put(struct ik_nh_tab *t, uint32_t id);

/**
 * ik_nh_mem() - octets in use: the pages of entries and counts ever
 * written, and the hash
 * @t: table
 * Return: octets.
 */
size_t ik_nh_mem(const struct ik_nh_tab *t);

#endif
