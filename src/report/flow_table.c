// SPDX-License-Identifier: MIT
/* flow_table.c - hash table from a match key to the latest packet with it */
#include <stdlib.h>
#include <string.h>

#include "flow_impl.h"

_Static_assert(sizeof(struct flow_key) == 24, "flow_key must have no padding");

/**
 * key_hash() - 64-bit mix of a key's three words (splitmix64 finaliser)
 * @k: key
 *
 * Return: the hash.
 */
static uint64_t key_hash(const struct flow_key *k)
{
	uint64_t w[3], h = 0x9e3779b97f4a7c15ull;

	memcpy(w, k, sizeof(w));
	for (int i = 0; i < 3; i++) {
		h ^= w[i];
		h *= 0xbf58476d1ce4e5b9ull;
		h ^= h >> 31;
	}
	h *= 0x94d049bb133111ebull;
	return h ^ (h >> 29);
}

/**
 * alloc_slots() - zeroed slots for a table of @n (a power of two)
 * @t: table (its old slots are not freed)
 * @n: slot count
 *
 * Return: 0, or -1 when out of memory.
 */
static int alloc_slots(struct flow_table *t, size_t n)
{
	t->keys = malloc(n * sizeof(*t->keys));
	t->val = calloc(n, sizeof(*t->val));
	if (!t->keys || !t->val) {
		free(t->keys);
		free(t->val);
		t->keys = NULL;
		t->val = NULL;
		return -1;
	}
	t->mask = n - 1;
	t->used = 0;
	return 0;
}

int flow_table_init(struct flow_table *t, size_t hint)
{
	size_t n = 64;

	while (n < 2 * hint && n < ((size_t)1 << 40))
		n <<= 1;
	return alloc_slots(t, n);
}

/**
 * slot_of() - the slot holding @k, or the free slot where it would go
 * @t: table
 * @k: key
 *
 * Return: slot index.
 */
static size_t slot_of(const struct flow_table *t, const struct flow_key *k)
{
	size_t i = (size_t)key_hash(k) & t->mask;

	while (t->val[i] && memcmp(&t->keys[i], k, sizeof(*k)))
		i = (i + 1) & t->mask;
	return i;
}

/**
 * grow() - double the table, keeping every key
 * @t: table
 *
 * Return: 0, or -1 when out of memory (the table is unchanged).
 */
static int grow(struct flow_table *t)
{
	struct flow_table old = *t;

	if (alloc_slots(t, 2 * (old.mask + 1))) {
		*t = old;
		return -1;
	}
	for (size_t i = 0; i <= old.mask; i++) {
		size_t j;

		if (!old.val[i])
			continue;
		j = slot_of(t, &old.keys[i]);
		t->keys[j] = old.keys[i];
		t->val[j] = old.val[i];
		t->used++;
	}
	flow_table_free(&old);
	return 0;
}

int flow_table_put(struct flow_table *t, const struct flow_key *k, uint32_t idx)
{
	size_t i;

	if (2 * (t->used + 1) > t->mask + 1 && grow(t))
		return -1;
	i = slot_of(t, k);
	if (!t->val[i]) {
		t->keys[i] = *k;
		t->used++;
	}
	t->val[i] = idx + 1;
	return 0;
}

uint32_t flow_table_get(const struct flow_table *t, const struct flow_key *k)
{
	size_t i = slot_of(t, k);

	return t->val[i] ? t->val[i] - 1 : UINT32_MAX;
}

void flow_table_free(struct flow_table *t)
{
	free(t->keys);
	free(t->val);
	t->keys = NULL;
	t->val = NULL;
	t->mask = t->used = 0;
}
