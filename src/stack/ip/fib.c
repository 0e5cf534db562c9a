// SPDX-License-Identifier: MIT
/**
 * DOC: fib.c - the longest-prefix-match table: DIR-24-8 lookup arrays
 *
 * (The design is described in fib.h.) Invariants the code keeps:
 *
 * - Every first-level entry that is not a group, and every entry of a
 *   group, holds the value and length of the longest prefix of length
 *   1..32 covering its addresses, or 0 when none does. Inserting a prefix
 *   of length L overwrites only the entries of its range whose length is
 *   <= L (a shorter prefix added after longer ones leaves them alone);
 *   removing it rewrites only the entries whose length is exactly L (they
 *   were its own: no other prefix of length L covers its range) with the
 *   next longest covering prefix, found by asking the prefix store for
 *   lengths L-1 down to 1.
 * - A /24 has a group exactly while it holds a prefix longer than /24
 *   (grp[].long_n counts them); the last one removed collapses the group back
 *   into one first-level entry. Groups in use are always the first
 *   ngroups of the pool: freeing one moves the last into its place (its
 *   owner's first-level entry follows), so the pool can shrink.
 * - Nothing is written where the value does not change: a first-level
 *   page costs memory only once an entry in it is non-zero, and one whose
 *   entries all return to zero is given back to the kernel.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/err.h"
#include "icmpkit/ipv4.h"
#include "stack/internal.h"
#include "stack/ip/fib.h"

#define ENTRIES_PER_PAGE (IK_PAGE_SIZE / sizeof(uint32_t))
#define NPAGES           (IK_FIB_TBL24_LEN / ENTRIES_PER_PAGE)
#define BLOCK_SIZE       (2u << 20)
#define PAGES_PER_BLOCK  (BLOCK_SIZE / IK_PAGE_SIZE)
#define NBLOCKS          (NPAGES / PAGES_PER_BLOCK)
#define TBL24_BYTES      ((size_t)IK_FIB_TBL24_LEN * sizeof(uint32_t))
#define GROUP_BYTES      (IK_FIB_GROUP_LEN * sizeof(uint32_t))
#define MIN_GROUPS       8u
#define MAX_GROUPS       (1u << 24)
#define MAX_PREFIXES     (1u << 26)


/**
 * entry() - a lookup entry for a prefix of length @len with @value
 * @len: 1..32; @value: < IK_FIB_VALUE_MAX
 * Return: the entry.
 */
static uint32_t entry(unsigned len, uint32_t value)
{
	return (uint32_t)len << IK_FIB_E_LEN_SHIFT | value;
}

/**
 * entry_len() - the prefix length an entry (not a group reference) holds
 * @e: entry
 * Return: 0..32 (0 for an empty entry).
 */
static unsigned entry_len(uint32_t e)
{
	return e >> IK_FIB_E_LEN_SHIFT;
}

/**
 * group_of() - the entries of group @g
 * @f: table; @g: group index
 * Return: its first entry.
 */
static uint32_t *group_of(const struct ik_fib *f, uint32_t g)
{
	return f->tbl8 + (size_t)g * IK_FIB_GROUP_LEN;
}

/**
 * ik_fib_new() - an empty table
 * @max_prefixes: most prefixes it will hold (1..2^26)
 *
 * The first level is reserved (64 MiB of address space), not written; the
 * prefix store is sized for @max_prefixes; the group pool starts empty.
 * Both are on 4 KiB pages until the table holds IK_ROUTER_TABLE_MIN
 * prefixes (go_huge()).
 *
 * Return: the table, or NULL without memory (or for a bad @max_prefixes).
 */
struct ik_fib *ik_fib_new(unsigned max_prefixes)
{
	struct ik_fib *f;

	if (!max_prefixes || max_prefixes > MAX_PREFIXES)
		return NULL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->def = IK_FIB_NONE;
	f->max = max_prefixes;
	f->tbl24 = ik_table_zalloc(TBL24_BYTES, false, NULL);
	f->page_n = calloc(NPAGES, sizeof(*f->page_n));
	f->block_n = calloc(NBLOCKS, sizeof(*f->block_n));
	if (!f->tbl24 || !f->page_n || !f->block_n ||
	    ik_fib_store_init(&f->store, max_prefixes) < 0) {
		ik_fib_free(f);
		return NULL;
	}
	return f;
}

/**
 * ik_fib_free() - release a table
 * @f: table; NULL is ignored
 */
void ik_fib_free(struct ik_fib *f)
{
	if (!f)
		return;
	ik_table_zfree(f->tbl24, TBL24_BYTES);
	free(f->tbl8);
	free(f->grp);
	free(f->page_n);
	free(f->block_n);
	ik_fib_store_free(&f->store);
	free(f);
}

/**
 * page_emptied() - page @pg of the first level holds only zeros now: give
 * it (or, on huge pages, its block once the block is empty) back
 * @f: table; @pg: page index
 */
static void page_emptied(struct ik_fib *f, size_t pg)
{
	size_t b = pg / PAGES_PER_BLOCK;

	f->pages--;
	if (--f->block_n[b] == 0)
		f->blocks--;
	if (!f->huge)
		ik_table_zdrop(f->tbl24 + pg * ENTRIES_PER_PAGE, IK_PAGE_SIZE);
	else if (!f->block_n[b])
		ik_table_zdrop(f->tbl24 + b * PAGES_PER_BLOCK * ENTRIES_PER_PAGE, BLOCK_SIZE);
}

/**
 * set24() - write first-level entry @i, keeping the page counts (nothing
 * is written when the entry already holds @e)
 * @f: table; @i: index; @e: new entry
 */
static void set24(struct ik_fib *f, size_t i, uint32_t e)
{
	uint32_t old = f->tbl24[i];
	size_t pg = i / ENTRIES_PER_PAGE;

	if (old == e)
		return;
	f->tbl24[i] = e;
	if (!old) {
		if (f->page_n[pg]++ == 0) {
			f->pages++;
			if (f->block_n[pg / PAGES_PER_BLOCK]++ == 0)
				f->blocks++;
		}
	} else if (!e && --f->page_n[pg] == 0) {
		page_emptied(f, pg);
	}
}

/**
 * pool_resize() - give the group pool room for @cap groups
 * @f: table; @cap: groups (>= f->ngroups)
 *
 * Return: 0, or -IK_ENOMEM (the pool keeps its size).
 */
static int pool_resize(struct ik_fib *f, uint32_t cap)
{
	uint32_t *t8 = realloc(f->tbl8, (size_t)cap * GROUP_BYTES);
	struct ik_fib_group *grp;

	if (!t8)
		return -IK_ENOMEM;
	f->tbl8 = t8;
	if (cap < f->cap)
		f->cap = cap; /* the groups now bound the pool */
	grp = realloc(f->grp, (size_t)cap * sizeof(*grp));
	if (!grp)
		return cap <= f->cap ? 0 : -IK_ENOMEM; /* larger groups are harmless */
	f->grp = grp;
	f->cap = cap;
	return 0;
}

/**
 * group_new() - split first-level entry @i into a group whose 256 entries
 * all hold what @i held
 * @f: table; @i: first-level index (not a group reference)
 *
 * The pool doubles when full (never during a lookup).
 *
 * Return: the group index, or -IK_ENOMEM (nothing changed).
 */
static int group_new(struct ik_fib *f, size_t i)
{
	uint32_t e = f->tbl24[i], g, *grp;

	if (f->ngroups == f->cap) {
		if (f->cap >= MAX_GROUPS || pool_resize(f, f->cap ? f->cap * 2 : MIN_GROUPS) < 0)
			return -IK_ENOMEM;
	}
	g = f->ngroups++;
	grp = group_of(f, g);
	for (unsigned k = 0; k < IK_FIB_GROUP_LEN; k++)
		grp[k] = e;
	f->grp[g].owner = (uint32_t)i;
	f->grp[g].long_n = 0;
	set24(f, i, IK_FIB_E_GROUP | g);
	return (int)g;
}

/**
 * group_collapse() - the /24 of group @g holds no prefix longer than /24
 * any more: its first-level entry becomes @e again and the group is freed
 * (the last group in use moves into its place; the pool halves when only a
 * quarter of it is in use)
 * @f: table; @g: group; @e: the entry every one of its entries holds
 */
static void group_collapse(struct ik_fib *f, uint32_t g, uint32_t e)
{
	uint32_t last = f->ngroups - 1;

	set24(f, f->grp[g].owner, e);
	if (g != last) {
		memcpy(group_of(f, g), group_of(f, last), GROUP_BYTES);
		f->grp[g] = f->grp[last];
		f->tbl24[f->grp[g].owner] = IK_FIB_E_GROUP | g; /* non-zero before and after */
	}
	f->ngroups--;
	if (f->cap > MIN_GROUPS && f->ngroups <= f->cap / 4)
		(void)pool_resize(f, f->cap / 2);
}

/**
 * fill() - entries in the range of @addr/@len whose prefix is not longer
 * than @len take @e
 * @f: table; @addr: prefix (host bits clear); @len: 1..32; @e: its entry
 */
static void fill(struct ik_fib *f, uint32_t addr, unsigned len, uint32_t e)
{
	if (len > 24) {
		uint32_t *grp = group_of(f, f->tbl24[addr >> 8] & IK_FIB_E_VALUE);
		unsigned lo = addr & 0xffu, n = 1u << (32 - len);

		for (unsigned k = lo; k < lo + n; k++)
			if (entry_len(grp[k]) <= len)
				grp[k] = e;
		return;
	}
	for (size_t i = addr >> 8, end = i + ((size_t)1 << (24 - len)); i < end; i++) {
		uint32_t cur = f->tbl24[i];

		if (cur & IK_FIB_E_GROUP) {
			uint32_t *grp = group_of(f, cur & IK_FIB_E_VALUE);

			for (unsigned k = 0; k < IK_FIB_GROUP_LEN; k++)
				if (entry_len(grp[k]) <= len)
					grp[k] = e;
		} else if (entry_len(cur) <= len) {
			set24(f, i, e);
		}
	}
}

/**
 * unfill() - entries in the range of @addr/@len that hold exactly that
 * prefix (length @len) take @e, the next longest covering prefix
 * @f: table; @addr: prefix; @len: 1..32; @e: the replacement (0: none)
 */
static void unfill(struct ik_fib *f, uint32_t addr, unsigned len, uint32_t e)
{
	if (len > 24) {
		uint32_t *grp = group_of(f, f->tbl24[addr >> 8] & IK_FIB_E_VALUE);
		unsigned lo = addr & 0xffu, n = 1u << (32 - len);

		for (unsigned k = lo; k < lo + n; k++)
			if (entry_len(grp[k]) == len)
				grp[k] = e;
		return;
	}
	for (size_t i = addr >> 8, end = i + ((size_t)1 << (24 - len)); i < end; i++) {
		uint32_t cur = f->tbl24[i];

		if (cur & IK_FIB_E_GROUP) {
			uint32_t *grp = group_of(f, cur & IK_FIB_E_VALUE);

			for (unsigned k = 0; k < IK_FIB_GROUP_LEN; k++)
				if (entry_len(grp[k]) == len)
					grp[k] = e;
		} else if (cur && entry_len(cur) == len) {
			set24(f, i, e);
		}
	}
}

/**
 * page_written() - whether first-level page @pg holds a non-zero entry
 * @ctx: the table; @pg: page
 *
 * Return: true if so.
 */
static bool page_written(const void *ctx, size_t pg)
{
	const struct ik_fib *f = ctx;

	return f->page_n[pg] != 0;
}

/**
 * go_huge() - the table has grown into a router's (IK_ROUTER_TABLE_MIN
 * prefixes): its first level, written nearly everywhere by now, and its
 * prefix store move to transparent huge pages, once (64 MiB of 4 KiB pages
 * is 16384 TLB entries; a lookup at random would miss in the TLB too).
 * Only pages holding entries are copied. From then on memory is counted
 * by 2 MiB block.
 * @f: table
 */
static void go_huge(struct ik_fib *f)
{
	uint32_t *t = ik_table_zhuge(f->tbl24, TBL24_BYTES, page_written, f);

	f->huge_tried = true;
	if (t) {
		f->tbl24 = t;
		f->huge = true;
	}
	ik_fib_store_go_huge(&f->store);
}

/**
 * ik_fib_insert() - map @addr/@len to @value, replacing an existing value
 * for exactly that prefix
 * @f:     table
 * @addr:  prefix (host bits ignored)
 * @len:   0..32
 * @value: < IK_FIB_VALUE_MAX
 *
 * Everything that can fail (the prefix limit, a new group) is decided
 * before anything is written.
 *
 * Return: 0, 1 when it replaced a value, -IK_EINVAL, or -IK_ENOMEM (table
 * full or no memory; the table is unchanged).
 */
int ik_fib_insert(struct ik_fib *f, uint32_t addr, unsigned len, uint32_t value)
{
	bool replace;
	int g = -1;

	if (!f || len > 32 || value >= IK_FIB_VALUE_MAX)
		return -IK_EINVAL;
	addr &= ik_ipv4_prefix_mask(len);
	ik_fib_prefetch(f, addr); /* its miss overlaps the prefix store's */
	replace = ik_fib_store_get(&f->store, addr, len) != IK_FIB_NONE;
	if (!replace) {
		if (f->store.n >= f->max)
			return -IK_ENOMEM;
		if (len > 24) {
			uint32_t cur = f->tbl24[addr >> 8];

			g = cur & IK_FIB_E_GROUP ? (int)(cur & IK_FIB_E_VALUE)
						 : group_new(f, addr >> 8);
			if (g < 0)
				return -IK_ENOMEM;
			f->grp[g].long_n++;
		}
	}
	(void)ik_fib_store_put(&f->store, addr, len, value);
	if (!len)
		f->def = value;
	else
		fill(f, addr, len, entry(len, value));
	if (!f->huge_tried && f->store.n >= IK_ROUTER_TABLE_MIN)
		go_huge(f);
	return replace ? 1 : 0;
}

/**
 * covering() - the entry of the longest prefix shorter than @len that
 * covers @addr (the prefix store asked for each length in turn)
 * @f: table; @addr: address; @len: 1..32
 *
 * Return: its entry, or 0 when only the default route (or nothing) does.
 */
static uint32_t covering(const struct ik_fib *f, uint32_t addr, unsigned len)
{
	for (unsigned l = len - 1; l >= 1; l--) {
		uint32_t v = ik_fib_store_get(&f->store, addr & ik_ipv4_prefix_mask(l), l);

		if (v != IK_FIB_NONE)
			return entry(l, v);
	}
	return 0;
}

/**
 * ik_fib_remove() - forget @addr/@len; addresses it covered fall back to
 * the next longest prefix that covers them
 * @f:    table
 * @addr: prefix (host bits ignored)
 * @len:  0..32
 *
 * Return: the value it had, or IK_FIB_NONE when there was no such prefix.
 */
uint32_t ik_fib_remove(struct ik_fib *f, uint32_t addr, unsigned len)
{
	uint32_t old, repl;

	if (!f || len > 32)
		return IK_FIB_NONE;
	addr &= ik_ipv4_prefix_mask(len);
	old = ik_fib_store_del(&f->store, addr, len);
	if (old == IK_FIB_NONE)
		return IK_FIB_NONE;
	if (!len) {
		f->def = IK_FIB_NONE;
		return old;
	}
	repl = covering(f, addr, len);
	unfill(f, addr, len, repl);
	if (len > 24) {
		uint32_t g = f->tbl24[addr >> 8] & IK_FIB_E_VALUE;

		assert(f->tbl24[addr >> 8] & IK_FIB_E_GROUP);
		if (--f->grp[g].long_n == 0) {
			/* no prefix longer than /24 is left to cover addr */
			assert(entry_len(repl) <= 24);
			group_collapse(f, g, repl);
		}
	}
	return old;
}

/**
 * ik_fib_get() - the value of exactly @addr/@len
 * @f: table; @addr: prefix (host bits ignored); @len: 0..32
 *
 * Return: it, or IK_FIB_NONE.
 */
uint32_t ik_fib_get(const struct ik_fib *f, uint32_t addr, unsigned len)
{
	if (!f || len > 32)
		return IK_FIB_NONE;
	return ik_fib_store_get(&f->store, addr & ik_ipv4_prefix_mask(len), len);
}

/**
 * ik_fib_count() - prefixes held
 * @f: table
 *
 * Return: how many.
 */
unsigned ik_fib_count(const struct ik_fib *f)
{
	return f ? f->store.n : 0;
}

/**
 * ik_fib_mem() - octets of memory the table uses
 * @f: table
 *
 * First-level pages holding a non-zero entry (4 KiB each, or 2 MiB blocks
 * when the table is on huge pages, where a written page brings its whole
 * block), the group pool as allocated (1 KiB and 8 octets of bookkeeping
 * per group), the prefix store's written pages, the page counts and the
 * table's own struct.
 *
 * Return: octets.
 */
size_t ik_fib_mem(const struct ik_fib *f)
{
	size_t n;

	if (!f)
		return 0;
	n = f->huge ? f->blocks * (size_t)BLOCK_SIZE : f->pages * (size_t)IK_PAGE_SIZE;
	n += (size_t)f->cap * (GROUP_BYTES + sizeof(*f->grp));
	n += ik_fib_store_mem(&f->store);
	n += NPAGES * sizeof(*f->page_n) + NBLOCKS * sizeof(*f->block_n) + sizeof(*f);
	return n;
}

/**
 * ik_fib_walk() - call @fn for every prefix (order unspecified)
 * @f: table; @fn: callback (must not change the table); @ctx: passed to it
 */
void ik_fib_walk(const struct ik_fib *f,
		 void (*fn)(void *ctx, uint32_t addr, unsigned len, uint32_t value), void *ctx)
{
	if (f && fn)
		ik_fib_store_walk(&f->store, fn, ctx);
}
