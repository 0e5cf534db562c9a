/* SPDX-License-Identifier: MIT */
/**
 * DOC: fib.h - the longest-prefix-match table behind the route table
 * Layer: stack (internal to src/stack/ip)
 *
 * Maps IPv4 prefixes to a 24-bit value (route.c stores the id of the
 * route's next hop, nexthop.h). Lookup time does not depend on the number of prefixes
 * (one or two loads for any table up to the full Internet table), lookups
 * allocate nothing and never fail for lack of memory; adding and removing
 * prefixes may allocate table memory and may be done at any time between
 * lookups (no concurrent readers: the stack is single-threaded).
 *
 * Values are below IK_FIB_VALUE_MAX; IK_FIB_NONE means no prefix matches.
 *
 * Design (fib.c): DIR-24-8. A first-level array of 2^24 32-bit entries
 * indexed by the address's top 24 bits holds, for prefixes up to /24, the
 * value and length of the longest prefix covering that /24; where a /24
 * holds prefixes longer than /24, its entry names instead a group of 256
 * second-level entries indexed by the last octet. A lookup is one load, or
 * two for an address under a prefix longer than /24. The default route
 * (length 0) lives outside the arrays (@def below) so a host whose table
 * is its connected routes and a default route writes only a few pages of
 * the 64 MiB first level; the first level is an anonymous mapping whose
 * pages cost nothing until written (on 4 KiB pages; moved to huge pages
 * once the table holds IK_ROUTER_TABLE_MIN prefixes). Every prefix is also kept in a prefix
 * store (fib_store.h), which replace, remove and ik_fib_walk() read.
 */
#ifndef ICMPKIT_STACK_IP_FIB_H
#define ICMPKIT_STACK_IP_FIB_H

#include <stddef.h>
#include <stdint.h>

#include <stdbool.h>

#define IK_FIB_NONE      0xffffffffu
#define IK_FIB_VALUE_MAX (1u << 24)

/*
 * An entry of the lookup arrays: 0 when no prefix longer than /0 covers
 * the address; else the length of the longest one (1..32) in bits 24..29
 * and its value in bits 0..23. A first-level entry with IK_FIB_E_GROUP set
 * names instead the second-level group (index in bits 0..23) that decides
 * by the last octet.
 */
#define IK_FIB_E_GROUP     0x80000000u
#define IK_FIB_E_LEN_SHIFT 24
#define IK_FIB_E_VALUE     0x00ffffffu
#define IK_FIB_TBL24_LEN   (1u << 24)
#define IK_FIB_GROUP_LEN   256u

#include "stack/ip/fib_store.h"

/**
 * struct ik_fib - a longest-prefix-match table (its fields are fib.c's;
 * they are visible here only so that ik_fib_lookup() can be inline)
 * @tbl24:    first level, IK_FIB_TBL24_LEN entries
 * @tbl8:     second-level groups, IK_FIB_GROUP_LEN entries each, @ngroups
 *            of them in use, always the first ones
 * @def:      value of 0.0.0.0/0, IK_FIB_NONE when there is none
 * @max:      most prefixes (ik_fib_new())
 * @huge:     @tbl24 is on transparent huge pages (counted by 2 MiB blocks)
 * @huge_tried: the move to huge pages was made or tried (fib.c go_huge())
 * @page_n:   non-zero entries in each IK_PAGE_SIZE page of @tbl24
 * @block_n:  pages with a non-zero entry in each 2 MiB block of @tbl24
 * @pages:    pages of @tbl24 holding a non-zero entry
 * @blocks:   2 MiB blocks of @tbl24 holding a non-zero entry
 * @grp:      for each group, the first-level index that names it and the
 *            prefixes longer than /24 inside it
 * @ngroups:  groups in use
 * @cap:      groups allocated (doubles when full, halves when a quarter
 *            is in use)
 * @store:    every prefix with its value
 */
struct ik_fib {
	uint32_t *tbl24;
	uint32_t *tbl8;
	uint32_t def;
	unsigned max;
	bool huge, huge_tried;
	uint16_t *page_n;
	uint16_t *block_n;
	size_t pages, blocks;
	struct ik_fib_group { uint32_t owner, long_n; } *grp;
	uint32_t ngroups, cap;
	struct ik_fib_store store;
};

/**
 * ik_fib_new() - an empty table
 * @max_prefixes: most prefixes it will hold (>= 1)
 *
 * Return: the table, or NULL without memory.
 */
struct ik_fib *ik_fib_new(unsigned max_prefixes);

/** ik_fib_free() - release a table; NULL is ignored */
void ik_fib_free(struct ik_fib *f);

/**
 * ik_fib_insert() - map @addr/@len to @value, replacing an existing value
 * for exactly that prefix
 * @f: table; @addr: prefix (host bits ignored); @len: 0..32;
 * @value: < IK_FIB_VALUE_MAX
 *
 * Return: 0, 1 when it replaced a value, -IK_EINVAL, or -IK_ENOMEM (table
 * full or no memory; the table is unchanged).
 */
int ik_fib_insert(struct ik_fib *f, uint32_t addr, unsigned len, uint32_t value);

/**
 * ik_fib_remove() - forget @addr/@len; addresses it covered fall back to
 * the next longest prefix that covers them
 * @f: table; @addr: prefix; @len: 0..32
 *
 * Return: the value it had, or IK_FIB_NONE when there was no such prefix.
 */
uint32_t ik_fib_remove(struct ik_fib *f, uint32_t addr, unsigned len);

/**
 * ik_fib_get() - the value of exactly @addr/@len
 * Return: it, or IK_FIB_NONE.
 */
uint32_t ik_fib_get(const struct ik_fib *f, uint32_t addr, unsigned len);

/**
 * ik_fib_lookup() - longest prefix match
 * @f: table; @addr: address, host order; @len_out: the matching prefix's
 * length (may be NULL)
 *
 * One load of the first level, a second one from a group when the /24
 * holds longer prefixes; the default route on a miss. Inline: the route
 * lookup and the benchmarks call it in their own loops.
 *
 * Return: the value of the longest prefix covering @addr, or IK_FIB_NONE.
 */
static inline uint32_t ik_fib_lookup(const struct ik_fib *f, uint32_t addr, unsigned *len_out)
{
	uint32_t e = f->tbl24[addr >> 8];

	if (e & IK_FIB_E_GROUP)
		e = f->tbl8[(size_t)(e & IK_FIB_E_VALUE) * IK_FIB_GROUP_LEN + (addr & 0xffu)];
	if (len_out)
		*len_out = e >> IK_FIB_E_LEN_SHIFT;
	return e ? e & IK_FIB_E_VALUE : f->def;
}

/**
 * ik_fib_prefetch() - start fetching the first-level entry of @addr (an
 * insert or a lookup of it comes next: its cache miss then overlaps
 * whatever the caller does first)
 * @f: table; @addr: address
 */
static inline void ik_fib_prefetch(const struct ik_fib *f, uint32_t addr)
{
	__builtin_prefetch(&f->tbl24[addr >> 8]);
}

/** ik_fib_count() - prefixes held. Return: how many. */
unsigned ik_fib_count(const struct ik_fib *f);

/**
 * ik_fib_mem() - octets of memory the table uses (touched pages of its
 * lookup arrays plus its prefix store)
 *
 * Counted: the first-level pages (4 KiB; 2 MiB blocks when on huge pages)
 * now holding a non-zero entry (a page that empties is given back to the
 * kernel), the groups allocated, the prefix store's slot pages written so
 * far, and the bookkeeping arrays. Not counted: first-level pages only
 * read (they map the kernel's shared zero page).
 *
 * Return: octets.
 */
size_t ik_fib_mem(const struct ik_fib *f);

/**
 * ik_fib_walk() - call @fn for every prefix (order unspecified); @fn must
 * not change the table
 * @f: table; @fn: callback; @ctx: passed to it
 */
void ik_fib_walk(const struct ik_fib *f,
		 void (*fn)(void *ctx, uint32_t addr, unsigned len, uint32_t value), void *ctx);

#endif
