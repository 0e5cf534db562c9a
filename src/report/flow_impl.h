/* SPDX-License-Identifier: MIT */
/* flow_impl.h - the matcher's hash table of match keys (flow_table.c) */
#ifndef ICMPKIT_FLOW_IMPL_H
#define ICMPKIT_FLOW_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * struct flow_key - what an error's quote or an echo is matched on
 * @a:     quote: source; echo: the requester's address
 * @b:     quote: destination; echo: the responder's address
 * @ident: quote: IP Identification; echo: Identifier
 * @frag:  quote: the flags and fragment offset word; echo: Sequence Number
 * @proto: quote: IP protocol; echo: 0
 * @n:     quote: octets of @oct used (0..8); echo: 0
 * @oct:   quote: the first octets after the IP header, zero padded
 *
 * Compared and hashed as 24 octets: keep it free of padding.
 */
struct flow_key {
	uint32_t a, b;
	uint16_t ident, frag;
	uint8_t proto, n, pad[2];
	uint8_t oct[8];
};

/**
 * struct flow_table - open addressing, linear probing, power-of-two size
 * @keys: the keys of used slots
 * @val:  packet index + 1 per slot (0: free)
 * @mask: slots - 1
 * @used: slots in use
 */
struct flow_table {
	struct flow_key *keys;
	uint32_t *val;
	size_t mask;
	size_t used;
};

/** flow_table_init() - an empty table for about @hint keys. Return: 0, or -1 (no memory). */
int flow_table_init(struct flow_table *t, size_t hint);
/** flow_table_put() - set @k to packet @idx (replacing). Return: 0, or -1 (no memory). */
int flow_table_put(struct flow_table *t, const struct flow_key *k, uint32_t idx);
/** flow_table_get() - the packet set for @k. Return: its index, or UINT32_MAX. */
uint32_t flow_table_get(const struct flow_table *t, const struct flow_key *k);
/** flow_table_free() - free the slots */
void flow_table_free(struct flow_table *t);

#endif
