/* SPDX-License-Identifier: MIT */
/**
 * DOC: learned.h - the routes learned from Redirects: which, and their order
 * Layer: stack (internal to src/stack/ip: route.c and learned.c)
 *
 * Routes learned from Redirects are host routes (/32) and may fill at most
 * a quarter of the route table; past that the oldest learned gives way
 * (route.c). Lookups do not need to know a route was learned, so that is
 * kept here, apart from the FIB and the next hops, for the learned routes
 * only: a hash of their destinations with their redirect sequence numbers
 * (open addressing, linear probing, deletion by backward shift; sized once
 * for the cap, at most 3/4 full), and a FIFO of (destination, sequence
 * number) pairs in the order they were learned. A pair whose destination
 * is no longer learned with that sequence number (removed, replaced by a
 * configured route, or learned again later) is stale and skipped, so
 * forgetting a route needs no search of the FIFO. The FIFO has room for
 * twice the cap, so when it fills at least half of it is stale and
 * compacting it costs O(1) per entry added. Both arrays come from
 * ik_table_zalloc(): a page costs memory once written, and pages written
 * are counted (ik_learned_mem()). Nothing here allocates after
 * ik_learned_init().
 */
#ifndef ICMPKIT_STACK_IP_LEARNED_H
#define ICMPKIT_STACK_IP_LEARNED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * struct ik_learned - a learned route's destination and sequence number
 * (a hash slot, or a FIFO entry)
 * @dst: the /32
 * @seq: its redirect sequence number (never 0; 0: an empty hash slot)
 */
struct ik_learned {
	uint32_t dst;
	uint32_t seq;
};

/**
 * struct ik_learned_set - the learned routes
 * @slot:      the hash, 2^@bits slots
 * @bits:      log2 of its slot count
 * @seen:      one bit per 4 KiB page of @slot: written at least once
 * @touched:   pages with their @seen bit set
 * @fifo:      2 * @cap entries
 * @fifo_head: oldest entry
 * @fifo_n:    entries, stale ones included
 * @fifo_hw:   entries of @fifo ever written (for the memory count)
 * @n:         routes learned now
 * @cap:       most learned routes
 */
struct ik_learned_set {
	struct ik_learned *slot;
	unsigned bits;
	uint8_t *seen;
	size_t touched;
	struct ik_learned *fifo;
	uint32_t fifo_head, fifo_n, fifo_hw;
	uint32_t n, cap;
};

/**
 * ik_learned_init() - an empty set for at most @cap learned routes
 * @l: set; @cap: the cap (>= 1)
 * Return: 0, or -IK_ENOMEM.
 */
int ik_learned_init(struct ik_learned_set *l, uint32_t cap);

/** ik_learned_free() - release its memory (@l itself is the caller's) */
void ik_learned_free(struct ik_learned_set *l);

/**
 * ik_learned_seq() - whether the /32 to @dst was learned
 * @l: set; @dst: host
 * Return: its sequence number, or 0 when it is not a learned route.
 */
uint32_t ik_learned_seq(const struct ik_learned_set *l, uint32_t dst);

/**
 * ik_learned_add() - the /32 to @dst was just learned (the caller made sure
 * it is not learned already and that fewer than the cap are)
 * @l: set; @dst: host; @seq: its redirect sequence number (not 0)
 */
void ik_learned_add(struct ik_learned_set *l, uint32_t dst, uint32_t seq);

/**
 * ik_learned_forget() - the /32 to @dst was removed or is configured now
 * @l: set; @dst: host
 * Return: true if it was a learned route.
 */
bool ik_learned_forget(struct ik_learned_set *l, uint32_t dst);

/**
 * ik_learned_oldest() - take the oldest learned route off the FIFO (it
 * stays learned until ik_learned_forget())
 * @l: set; @dst: its destination
 * Return: true, or false when no learned route is left.
 */
bool ik_learned_oldest(struct ik_learned_set *l, uint32_t *dst);

/**
 * ik_learned_mem() - octets in use: pages of the hash and of the FIFO ever
 * written, the page bitmap
 * @l: set
 * Return: octets.
 */
size_t ik_learned_mem(const struct ik_learned_set *l);

#endif
