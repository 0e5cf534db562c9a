// SPDX-License-Identifier: MIT
/* nexthop.c - the shared next hops: reference-counted entries, deduplicated
 * by a hash of (type, gateway, interface) (the design is in nexthop.h) */
#include <stdbool.h>
#include <stdlib.h>

#include "icmpkit/err.h"
#include "stack/internal.h"
#include "stack/ip/nexthop.h"

#define MIN_BITS 4u

/**
 * home() - the slot where the search for (@type, @gw, @ifindex) starts:
 * the key's 64-bit product with 2^64 / phi, top @bits bits
 * @bits: log2 of the slot count; @type, @gw, @ifindex: the key
 * Return: the index.
 */
static size_t home(unsigned bits, uint8_t type, uint32_t gw, uint32_t ifindex)
{
	uint64_t k = ((uint64_t)gw << 32 | ifindex) ^ (uint64_t)type << 24;

	return (size_t)((k * 0x9e3779b97f4a7c15ull) >> (64 - bits));
}

/**
 * home_of() - home() of the next hop @id holds
 * @t: table; @id: a live id
 * Return: the index.
 */
static size_t home_of(const struct ik_nh_tab *t, uint32_t id)
{
	const struct ik_nh *e = &t->nh[id];

	return home(t->bits, e->type, e->gw, e->ifindex);
}

/**
 * ik_nh_init() - an empty table with room for @max next hops
 * @t:   table
 * @max: most next hops live at once (>= 1)
 *
 * The entries and counts are reserved, not written; the hash starts at 16
 * slots.
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_nh_init(struct ik_nh_tab *t, uint32_t max)
{
	t->max = max;
	t->fresh = 0;
	t->free_head = IK_NH_NONE;
	t->n = 0;
	t->bits = MIN_BITS;
	t->nh = ik_table_zalloc((size_t)max * sizeof(*t->nh), false, NULL);
	t->refs = ik_table_zalloc((size_t)max * sizeof(*t->refs), false, NULL);
	t->slot = calloc((size_t)1 << t->bits, sizeof(*t->slot));
	if (!t->nh || !t->refs || !t->slot) {
		ik_nh_free(t);
		return -IK_ENOMEM;
	}
	return 0;
}

/**
 * ik_nh_free() - release the table's memory
 * @t: table
 */
void ik_nh_free(struct ik_nh_tab *t)
{
	ik_table_zfree(t->nh, (size_t)t->max * sizeof(*t->nh));
	ik_table_zfree(t->refs, (size_t)t->max * sizeof(*t->refs));
	free(t->slot);
	t->nh = NULL;
	t->refs = NULL;
	t->slot = NULL;
}

/**
 * find() - the slot holding the id of (@type, @gw, @ifindex), or the empty
 * slot ending its search
 * @t: table; @type, @gw, @ifindex: the key
 * Return: the index.
 */
static size_t find(const struct ik_nh_tab *t, uint8_t type, uint32_t gw, uint32_t ifindex)
{
	size_t mask = ((size_t)1 << t->bits) - 1, i = home(t->bits, type, gw, ifindex);

	for (;; i = (i + 1) & mask) {
		const struct ik_nh *e;

		if (!t->slot[i])
			return i;
		e = &t->nh[t->slot[i] - 1];
		if (e->gw == gw && e->ifindex == ifindex && e->type == type)
			return i;
	}
}

/**
 * grow() - double the hash, every live id rehashed into it
 * @t: table
 *
 * Return: 0, or -IK_ENOMEM (the hash is unchanged).
 */
static int grow(struct ik_nh_tab *t)
{
	size_t old_n = (size_t)1 << t->bits, mask;
	uint32_t *old = t->slot, *slot = calloc(old_n * 2, sizeof(*slot));

	if (!slot)
		return -IK_ENOMEM;
	t->slot = slot;
	t->bits++;
	mask = old_n * 2 - 1;
	for (size_t k = 0; k < old_n; k++) {
		size_t i;

		if (!old[k])
			continue;
		for (i = home_of(t, old[k] - 1); slot[i]; i = (i + 1) & mask)
			;
		slot[i] = old[k];
	}
	free(old);
	return 0;
}

/**
 * id_alloc() - a free id: one used before, else the first never used
 * @t: table
 *
 * Return: the id, or IK_NH_NONE when every id is live.
 */
static uint32_t id_alloc(struct ik_nh_tab *t)
{
	uint32_t id = t->free_head;

	if (id != IK_NH_NONE) {
		t->free_head = t->nh[id].gw;
		return id;
	}
	if (t->fresh >= t->max)
		return IK_NH_NONE;
	return t->fresh++;
}

/**
 * ik_nh_get() - a reference to next hop @want
 * @t:    table
 * @want: the next hop (its type, gw and ifindex are the key)
 *
 * The live one with @want's key gains a reference; else a copy of @want
 * is made with one. The hash doubles first when the new entry would fill
 * it past half (kept at its size, up to three quarters full, when there
 * is no memory for it).
 *
 * Return: the id, or IK_NH_NONE (every id live, or no memory).
 */
uint32_t ik_nh_get(struct ik_nh_tab *t, const struct ik_nh *want)
{
	size_t i = find(t, want->type, want->gw, want->ifindex), slots = (size_t)1 << t->bits;
	uint32_t id;

	if (t->slot[i]) {
		t->refs[t->slot[i] - 1]++;
		return t->slot[i] - 1;
	}
	if (t->fresh >= t->max && t->free_head == IK_NH_NONE)
		return IK_NH_NONE;
	if ((size_t)(t->n + 1) * 2 > slots) {
		if (grow(t) == 0)
			i = find(t, want->type, want->gw, want->ifindex);
		else if ((size_t)(t->n + 1) * 4 > slots * 3)
			return IK_NH_NONE;
	}
	id = id_alloc(t);
	t->nh[id] = *want;
	t->refs[id] = 1;
	t->slot[i] = id + 1;
	t->n++;
	return id;
}

/**
 * unhash() - take @id out of the hash: the hole is filled from the slots
 * after it (each entry of the run that could sit in the hole moves there,
 * leaving a new hole) until an empty slot ends the run
 * @t: table; @id: a live id
 */
static void unhash(struct ik_nh_tab *t, uint32_t id)
{
	const struct ik_nh *e = &t->nh[id];
	size_t mask = ((size_t)1 << t->bits) - 1, hole = find(t, e->type, e->gw, e->ifindex), j;

	for (j = (hole + 1) & mask; t->slot[j]; j = (j + 1) & mask) {
		size_t h = home_of(t, t->slot[j] - 1);

		/* distance from its home to j, against distance from the hole to j */
		if (((j - h) & mask) >= ((j - hole) & mask)) {
			t->slot[hole] = t->slot[j];
			hole = j;
		}
	}
	t->slot[hole] = 0;
}

/**
 * ik_nh_put() - drop a reference to next hop @id; the last one takes it
 * out of the hash and puts the id on the free list
 * @t: table; @id: a live id
 */
void ik_nh_put(struct ik_nh_tab *t, uint32_t id)
{
	if (--t->refs[id])
		return;
	unhash(t, id);
	t->nh[id] = (struct ik_nh){ .gw = t->free_head };
	t->free_head = id;
	t->n--;
}

/**
 * ik_nh_mem() - octets in use: the pages of entries and of counts ever
 * written (ids are handed out from the start), the hash's slots; nothing
 * per route
 * @t: table
 *
 * Return: octets.
 */
size_t ik_nh_mem(const struct ik_nh_tab *t)
{
	size_t nh = (size_t)t->fresh * sizeof(*t->nh), refs = (size_t)t->fresh * sizeof(*t->refs);

	return (nh + IK_PAGE_SIZE - 1) / IK_PAGE_SIZE * IK_PAGE_SIZE +
	       (refs + IK_PAGE_SIZE - 1) / IK_PAGE_SIZE * IK_PAGE_SIZE +
	       ((size_t)1 << t->bits) * sizeof(*t->slot);
}
