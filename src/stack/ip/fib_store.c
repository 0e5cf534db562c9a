// SPDX-License-Identifier: MIT
/* fib_store.c - the FIB's prefix store: (address, length) -> value */
#include <stdbool.h>
#include <stdlib.h>

#include "icmpkit/err.h"
#include "stack/internal.h"
#include "stack/ip/fib.h"

/**
 * slot_bytes() - octets of the slot array
 * @st: store
 * Return: octets.
 */
static size_t slot_bytes(const struct ik_fib_store *st)
{
	return ((size_t)1 << st->bits) * sizeof(struct ik_fib_slot);
}

/**
 * npages() - pages of the slot array (of 1 << @st->shift octets)
 * @st: store
 * Return: how many.
 */
static size_t npages(const struct ik_fib_store *st)
{
	return (slot_bytes(st) + ((size_t)1 << st->shift) - 1) >> st->shift;
}

/**
 * home() - the slot where the search for @addr/@len starts: the key's
 * 64-bit product with 2^64 / phi, top @bits bits (multiplicative hashing
 * mixes the low-order zero bits every prefix has into the index)
 * @st: store; @addr: prefix; @len: length
 * Return: the index.
 */
static size_t home(const struct ik_fib_store *st, uint32_t addr, unsigned len)
{
	uint64_t k = ((uint64_t)len << 32 | addr) * 0x9e3779b97f4a7c15ull;

	return (size_t)(k >> (64 - st->bits));
}

/**
 * mark() - note that slot @i is being written (for ik_fib_store_mem())
 * @st: store; @i: slot index
 */
static void mark(struct ik_fib_store *st, size_t i)
{
	size_t pg = (i * sizeof(struct ik_fib_slot)) >> st->shift;
	uint8_t bit = (uint8_t)(1u << (pg & 7));

	if (!(st->seen[pg >> 3] & bit)) {
		st->seen[pg >> 3] |= bit;
		st->touched++;
	}
}

/**
 * ik_fib_store_init() - an empty store for up to @max prefixes
 * @st:  store
 * @max: most prefixes (1..2^26)
 *
 * 2^bits slots with 2^bits >= 4/3 @max + 1: at most 3/4 full, and a
 * search always meets an empty slot. On 4 KiB pages until
 * ik_fib_store_go_huge().
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_fib_store_init(struct ik_fib_store *st, unsigned max)
{
	size_t need = (size_t)max + max / 3 + 1;

	st->bits = 4;
	while (((size_t)1 << st->bits) < need)
		st->bits++;
	st->n = 0;
	st->touched = 0;
	st->slot = ik_table_zalloc(slot_bytes(st), false, NULL);
	st->shift = 12;
	st->seen = calloc((npages(st) + 7) / 8, 1);
	if (!st->slot || !st->seen) {
		ik_fib_store_free(st);
		return -IK_ENOMEM;
	}
	return 0;
}

/**
 * ik_fib_store_free() - release the store's memory
 * @st: store
 */
void ik_fib_store_free(struct ik_fib_store *st)
{
	ik_table_zfree(st->slot, slot_bytes(st));
	free(st->seen);
	st->slot = NULL;
	st->seen = NULL;
}

/**
 * find() - the slot holding @addr/@len, or the empty slot ending its search
 * @st: store; @addr: prefix; @len: length
 * Return: the index.
 */
static size_t find(const struct ik_fib_store *st, uint32_t addr, unsigned len)
{
	size_t mask = ((size_t)1 << st->bits) - 1, i = home(st, addr, len);
	uint32_t tag = (uint32_t)(len + 1) << 24;

	for (;; i = (i + 1) & mask) {
		const struct ik_fib_slot *sl = &st->slot[i];

		if (!sl->lv || (sl->addr == addr && (sl->lv & 0xff000000u) == tag))
			return i;
	}
}

/**
 * ik_fib_store_get() - the value of exactly @addr/@len
 * @st: store; @addr: prefix; @len: length
 *
 * Return: the value, or IK_FIB_NONE.
 */
uint32_t ik_fib_store_get(const struct ik_fib_store *st, uint32_t addr, unsigned len)
{
	const struct ik_fib_slot *sl = &st->slot[find(st, addr, len)];

	return sl->lv ? sl->lv & IK_FIB_E_VALUE : IK_FIB_NONE;
}

/**
 * ik_fib_store_put() - set the value of @addr/@len
 * @st: store; @addr: prefix; @len: length; @value: value
 *
 * Return: the value replaced, or IK_FIB_NONE for a new prefix.
 */
uint32_t ik_fib_store_put(struct ik_fib_store *st, uint32_t addr, unsigned len, uint32_t value)
{
	size_t i = find(st, addr, len);
	struct ik_fib_slot *sl = &st->slot[i];
	uint32_t old = sl->lv ? sl->lv & IK_FIB_E_VALUE : IK_FIB_NONE;

	if (old == IK_FIB_NONE)
		st->n++;
	mark(st, i);
	sl->addr = addr;
	sl->lv = (uint32_t)(len + 1) << 24 | value;
	return old;
}

/**
 * ik_fib_store_del() - forget @addr/@len
 * @st: store; @addr: prefix; @len: length
 *
 * The hole is filled from the slots after it: each entry of the run that
 * could sit in the hole (its home is not between the hole and itself,
 * cyclically) moves there, leaving a new hole, until an empty slot ends
 * the run. Every search then still finds what it looks for.
 *
 * Return: the value it had, or IK_FIB_NONE.
 */
uint32_t ik_fib_store_del(struct ik_fib_store *st, uint32_t addr, unsigned len)
{
	size_t mask = ((size_t)1 << st->bits) - 1, hole = find(st, addr, len), j;
	uint32_t old = st->slot[hole].lv;

	if (!old)
		return IK_FIB_NONE;
	st->n--;
	for (j = (hole + 1) & mask; st->slot[j].lv; j = (j + 1) & mask) {
		const struct ik_fib_slot *sl = &st->slot[j];
		size_t h = home(st, sl->addr, (sl->lv >> 24) - 1u);

		/* distance from its home to j, against distance from the hole to j */
		if (((j - h) & mask) >= ((j - hole) & mask)) {
			st->slot[hole] = *sl;
			hole = j;
		}
	}
	st->slot[hole].addr = 0;
	st->slot[hole].lv = 0;
	return old & IK_FIB_E_VALUE;
}

/**
 * ik_fib_store_walk() - call @fn for every prefix
 * @st: store; @fn: callback; @ctx: its argument
 */
void ik_fib_store_walk(const struct ik_fib_store *st,
		       void (*fn)(void *ctx, uint32_t addr, unsigned len, uint32_t value), void *ctx)
{
	size_t n = (size_t)1 << st->bits;

	for (size_t i = 0; i < n; i++) {
		const struct ik_fib_slot *sl = &st->slot[i];

		if (sl->lv)
			fn(ctx, sl->addr, (sl->lv >> 24) - 1u, sl->lv & IK_FIB_E_VALUE);
	}
}

/**
 * ik_fib_store_mem() - octets in use: slot pages written (4 KiB or 2 MiB
 * each), the page bitmap
 * @st: store
 *
 * Return: octets.
 */
size_t ik_fib_store_mem(const struct ik_fib_store *st)
{
	return (st->touched << st->shift) + (npages(st) + 7) / 8;
}

/**
 * page_seen() - whether 4 KiB page @pg of the slots was written (before
 * the move to huge pages)
 * @ctx: the store; @pg: page
 *
 * Return: true if so.
 */
static bool page_seen(const void *ctx, size_t pg)
{
	const struct ik_fib_store *st = ctx;

	return st->seen[pg >> 3] & (1u << (pg & 7));
}

/**
 * ik_fib_store_go_huge() - move the slots to huge pages (the store has
 * grown into a router's); from then on written pages count 2 MiB each
 * @st: store
 */
void ik_fib_store_go_huge(struct ik_fib_store *st)
{
	size_t blocks = (slot_bytes(st) + IK_HUGE_PAGE_SIZE - 1) / IK_HUGE_PAGE_SIZE;
	size_t pages = npages(st), touched = 0;
	uint8_t *seen;
	void *slot;

	if (st->shift != 12 || slot_bytes(st) < IK_HUGE_PAGE_SIZE)
		return;
	seen = calloc((blocks + 7) / 8, 1);
	if (!seen)
		return;
	for (size_t pg = 0; pg < pages; pg++) {
		size_t b = pg / (IK_HUGE_PAGE_SIZE / IK_PAGE_SIZE);

		if (page_seen(st, pg) && !(seen[b >> 3] & (1u << (b & 7)))) {
			seen[b >> 3] |= (uint8_t)(1u << (b & 7));
			touched++;
		}
	}
	slot = ik_table_zhuge(st->slot, slot_bytes(st), page_seen, st);
	if (!slot) {
		free(seen);
		return;
	}
	st->slot = slot;
	free(st->seen);
	st->seen = seen;
	st->touched = touched;
	st->shift = 21;
}
