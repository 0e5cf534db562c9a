/* SPDX-License-Identifier: MIT */
/**
 * DOC: fib.h - the longest-prefix-match table behind the route table
 * Layer: stack (internal to src/stack/ip)
 *
 * Maps IPv4 prefixes to a 32-bit value (route.c stores the index of a
 * next-hop row). Lookup time does not depend on the number of prefixes
 * (one or two loads for any table up to the full Internet table), lookups
 * allocate nothing and never fail for lack of memory; adding and removing
 * prefixes may allocate table memory and may be done at any time between
 * lookups (no concurrent readers: the stack is single-threaded).
 *
 * Values are below IK_FIB_VALUE_MAX; IK_FIB_NONE means no prefix matches.
 */
#ifndef ICMPKIT_STACK_IP_FIB_H
#define ICMPKIT_STACK_IP_FIB_H

#include <stddef.h>
#include <stdint.h>

#define IK_FIB_NONE      0xffffffffu
#define IK_FIB_VALUE_MAX (1u << 24)

struct ik_fib;

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
 * Return: the value of the longest prefix covering @addr, or IK_FIB_NONE.
 */
uint32_t ik_fib_lookup(const struct ik_fib *f, uint32_t addr, unsigned *len_out);

/** ik_fib_count() - prefixes held. Return: how many. */
unsigned ik_fib_count(const struct ik_fib *f);

/**
 * ik_fib_mem() - octets of memory the table uses (touched pages of its
 * lookup arrays plus its prefix store)
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
