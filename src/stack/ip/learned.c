// SPDX-License-Identifier: MIT
/* learned.c - the Redirect-learned routes: a hash of their destinations and
 * the FIFO of their order (the design is in learned.h) */
#include <stdlib.h>

#include "icmpkit/err.h"
#include "stack/internal.h"
#include "stack/ip/learned.h"

/**
 * slot_bytes() - octets of the hash
 * @l: set
 * Return: octets.
 */
static size_t slot_bytes(const struct ik_learned_set *l)
{
	return ((size_t)1 << l->bits) * sizeof(struct ik_learned);
}

/**
 * fifo_len() - entries of the FIFO
 * @l: set
 * Return: twice the cap.
 */
static uint32_t fifo_len(const struct ik_learned_set *l)
{
	return 2 * l->cap;
}

/**
 * home() - the slot where the search for @dst starts (multiplicative hash)
 * @l: set; @dst: host
 * Return: the index.
 */
static size_t home(const struct ik_learned_set *l, uint32_t dst)
{
	return (size_t)(((uint64_t)dst * 0x9e3779b97f4a7c15ull) >> (64 - l->bits));
}

/**
 * ik_learned_init() - an empty set for at most @cap learned routes
 * @l:   set
 * @cap: the cap (>= 1)
 *
 * 2^bits slots with 2^bits >= 4/3 @cap + 1, and a FIFO of 2 @cap entries:
 * reserved, written only as routes are learned.
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_learned_init(struct ik_learned_set *l, uint32_t cap)
{
	size_t need = (size_t)cap + cap / 3 + 1;

	*l = (struct ik_learned_set){ .cap = cap, .bits = 4 };
	while (((size_t)1 << l->bits) < need)
		l->bits++;
	l->slot = ik_table_zalloc(slot_bytes(l), false, NULL);
	l->seen = calloc((slot_bytes(l) / IK_PAGE_SIZE + 8) / 8, 1);
	l->fifo = ik_table_zalloc((size_t)fifo_len(l) * sizeof(*l->fifo), false, NULL);
	if (!l->slot || !l->seen || !l->fifo) {
		ik_learned_free(l);
		return -IK_ENOMEM;
	}
	return 0;
}

/**
 * ik_learned_free() - release the set's memory
 * @l: set
 */
void ik_learned_free(struct ik_learned_set *l)
{
	ik_table_zfree(l->slot, slot_bytes(l));
	ik_table_zfree(l->fifo, (size_t)fifo_len(l) * sizeof(*l->fifo));
	free(l->seen);
	l->slot = NULL;
	l->fifo = NULL;
	l->seen = NULL;
}

/**
 * find() - the slot holding @dst, or the empty slot ending its search
 * @l: set; @dst: host
 * Return: the index.
 */
static size_t find(const struct ik_learned_set *l, uint32_t dst)
{
	size_t mask = ((size_t)1 << l->bits) - 1, i = home(l, dst);

	while (l->slot[i].seq && l->slot[i].dst != dst)
		i = (i + 1) & mask;
	return i;
}

/**
 * ik_learned_seq() - whether the /32 to @dst was learned
 * @l: set; @dst: host
 *
 * Return: its sequence number, or 0.
 */
uint32_t ik_learned_seq(const struct ik_learned_set *l, uint32_t dst)
{
	return l->n ? l->slot[find(l, dst)].seq : 0;
}

/**
 * mark() - note that hash slot @i is being written (for ik_learned_mem())
 * @l: set; @i: slot index
 */
static void mark(struct ik_learned_set *l, size_t i)
{
	size_t pg = i * sizeof(struct ik_learned) / IK_PAGE_SIZE;
	uint8_t bit = (uint8_t)(1u << (pg & 7));

	if (!(l->seen[pg >> 3] & bit)) {
		l->seen[pg >> 3] |= bit;
		l->touched++;
	}
}

/**
 * fifo_compact() - drop the stale entries of the FIFO, keeping the order
 * of the others
 * @l: set
 */
static void fifo_compact(struct ik_learned_set *l)
{
	uint32_t len = fifo_len(l), n = 0;

	for (uint32_t k = 0; k < l->fifo_n; k++) {
		struct ik_learned e = l->fifo[(l->fifo_head + k) % len];

		if (ik_learned_seq(l, e.dst) == e.seq)
			l->fifo[(l->fifo_head + n++) % len] = e;
	}
	l->fifo_n = n;
}

/**
 * ik_learned_add() - the /32 to @dst was just learned with sequence
 * number @seq: into the hash, and newest into the FIFO
 * @l: set; @dst: host (not learned now); @seq: not 0
 */
void ik_learned_add(struct ik_learned_set *l, uint32_t dst, uint32_t seq)
{
	size_t i = find(l, dst);
	uint32_t len = fifo_len(l), at;

	mark(l, i);
	l->slot[i] = (struct ik_learned){ dst, seq };
	l->n++;
	if (l->fifo_n == len)
		fifo_compact(l); /* at most @cap are live: half of it goes */
	at = (l->fifo_head + l->fifo_n++) % len;
	l->fifo[at] = (struct ik_learned){ dst, seq };
	if (at >= l->fifo_hw)
		l->fifo_hw = at + 1;
}

/**
 * ik_learned_forget() - take @dst out of the hash (its FIFO entry turns
 * stale): the hole is filled from the slots after it (each entry of the
 * run that could sit in the hole moves there, leaving a new hole) until
 * an empty slot ends the run
 * @l: set; @dst: host
 *
 * Return: true if it was learned.
 */
bool ik_learned_forget(struct ik_learned_set *l, uint32_t dst)
{
	size_t mask = ((size_t)1 << l->bits) - 1, hole, j;

	if (!l->n)
		return false;
	hole = find(l, dst);
	if (!l->slot[hole].seq)
		return false;
	l->n--;
	for (j = (hole + 1) & mask; l->slot[j].seq; j = (j + 1) & mask) {
		size_t h = home(l, l->slot[j].dst);

		/* distance from its home to j, against distance from the hole to j */
		if (((j - h) & mask) >= ((j - hole) & mask)) {
			l->slot[hole] = l->slot[j];
			hole = j;
		}
	}
	l->slot[hole] = (struct ik_learned){ 0, 0 };
	return true;
}

/**
 * ik_learned_oldest() - take the oldest live entry off the FIFO (stale
 * ones before it are dropped)
 * @l: set; @dst: set to its destination
 *
 * Return: true, or false when no learned route is left.
 */
bool ik_learned_oldest(struct ik_learned_set *l, uint32_t *dst)
{
	while (l->fifo_n) {
		struct ik_learned e = l->fifo[l->fifo_head];

		l->fifo_head = (l->fifo_head + 1) % fifo_len(l);
		l->fifo_n--;
		if (ik_learned_seq(l, e.dst) == e.seq) {
			*dst = e.dst;
			return true;
		}
	}
	return false;
}

/**
 * ik_learned_mem() - octets in use: hash pages written, FIFO pages written
 * (entries are written from the start), the page bitmap
 * @l: set
 *
 * Return: octets.
 */
size_t ik_learned_mem(const struct ik_learned_set *l)
{
	size_t fifo = (size_t)l->fifo_hw * sizeof(*l->fifo);

	return l->touched * IK_PAGE_SIZE + (fifo + IK_PAGE_SIZE - 1) / IK_PAGE_SIZE * IK_PAGE_SIZE +
	       (slot_bytes(l) / IK_PAGE_SIZE + 8) / 8;
}
