/* SPDX-License-Identifier: MIT */
/**
 * DOC: fib_store.h - every prefix of a FIB and its value, by (address, length)
 * Layer: stack (internal to src/stack/ip: fib.c and fib_store.c)
 *
 * The lookup arrays (fib.c) say, for an address, which value its longest
 * prefix has; they do not say which prefixes exist. This store does: one
 * open-addressing hash table (linear probing, deletion by backward shift,
 * so no tombstones) keyed by (address, length), sized once from the most
 * prefixes the FIB may hold so that it never grows and is at most 3/4
 * full. Its slots come from ik_table_zalloc(): a slot page costs memory
 * only once a prefix has been written to it, and the pages written are
 * counted (ik_fib_store_mem()). A store that grows into a router's moves
 * to huge pages (ik_fib_store_go_huge()).
 */
#ifndef ICMPKIT_STACK_IP_FIB_STORE_H
#define ICMPKIT_STACK_IP_FIB_STORE_H

#include <stddef.h>
#include <stdint.h>

/**
 * struct ik_fib_slot - one slot
 * @addr: the prefix (host bits clear)
 * @lv:   (length + 1) << 24 | value; 0: the slot is empty
 */
struct ik_fib_slot {
	uint32_t addr;
	uint32_t lv;
};

/**
 * struct ik_fib_store - the table
 * @slot:    2^@bits slots
 * @bits:    log2 of the slot count
 * @n:       prefixes held
 * @seen:    one bit per page of @slot (IK_PAGE_SIZE, or IK_HUGE_PAGE_SIZE
 *           when @slot is on huge pages): written at least once
 * @touched: pages with their @seen bit set
 * @shift:   log2 of that page size
 */
struct ik_fib_store {
	struct ik_fib_slot *slot;
	unsigned bits;
	unsigned n;
	uint8_t *seen;
	size_t touched;
	unsigned shift;
};

/**
 * ik_fib_store_init() - an empty store for up to @max prefixes
 * @st: store; @max: most prefixes (1..2^26)
 * Return: 0, or -IK_ENOMEM.
 */
int ik_fib_store_init(struct ik_fib_store *st, unsigned max);

/** ik_fib_store_free() - release its memory (@st itself is the caller's) */
void ik_fib_store_free(struct ik_fib_store *st);

/**
 * ik_fib_store_get() - the value of exactly @addr/@len
 * @st: store; @addr: prefix (host bits clear); @len: 0..32
 * Return: the value, or IK_FIB_NONE.
 */
uint32_t ik_fib_store_get(const struct ik_fib_store *st, uint32_t addr, unsigned len);

/**
 * ik_fib_store_put() - set the value of @addr/@len (the caller has checked
 * that a new prefix fits)
 * @st: store; @addr: prefix (host bits clear); @len: 0..32; @value: < 2^24
 * Return: the value it replaced, or IK_FIB_NONE when the prefix is new.
 */
uint32_t ik_fib_store_put(struct ik_fib_store *st, uint32_t addr, unsigned len, uint32_t value);

/**
 * ik_fib_store_del() - forget @addr/@len
 * @st: store; @addr: prefix (host bits clear); @len: 0..32
 * Return: the value it had, or IK_FIB_NONE when there was none.
 */
uint32_t ik_fib_store_del(struct ik_fib_store *st, uint32_t addr, unsigned len);

/**
 * ik_fib_store_walk() - call @fn for every prefix held, in slot order
 * @st: store; @fn: callback; @ctx: its argument
 */
void ik_fib_store_walk(const struct ik_fib_store *st,
		       void (*fn)(void *ctx, uint32_t addr, unsigned len, uint32_t value), void *ctx);

/**
 * ik_fib_store_go_huge() - move the slots to transparent huge pages (once;
 * nothing changes when the kernel has none)
 * @st: store
 */
void ik_fib_store_go_huge(struct ik_fib_store *st);

/**
 * ik_fib_store_mem() - octets of the store in use: the slot pages written
 * so far, and the page bitmap
 * @st: store
 * Return: octets.
 */
size_t ik_fib_store_mem(const struct ik_fib_store *st);

#endif
