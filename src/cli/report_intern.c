// SPDX-License-Identifier: MIT
/* report_intern.c - byte strings numbered in the order first seen */
#include <stdlib.h>
#include <string.h>

#include "report.h"

/**
 * hash() - FNV-1a of @n octets
 * @p: octets; @n: count
 *
 * Return: the hash.
 */
static uint64_t hash(const void *p, size_t n)
{
	const uint8_t *b = p;
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h ^ (h >> 32);
}

/**
 * find() - the slot of @p, or the free one where it goes
 * @t: set; @p/@n: string
 *
 * Return: slot index.
 */
static size_t find(const struct rep_intern *t, const void *p, size_t n)
{
	size_t i = (size_t)hash(p, n) & t->mask;

	while (t->slot[i]) {
		size_t k = t->slot[i] - 1;

		if (t->len[k] == n && !memcmp(t->s[k], p, n))
			break;
		i = (i + 1) & t->mask;
	}
	return i;
}

/**
 * rehash() - double the slots (or make the first 1024)
 * @t: set
 *
 * Return: 0, or -1 when out of memory.
 */
static int rehash(struct rep_intern *t)
{
	size_t slots = t->slot ? 2 * (t->mask + 1) : 1024;
	uint32_t *old = t->slot;

	t->slot = calloc(slots, sizeof(*t->slot));
	if (!t->slot) {
		t->slot = old;
		return -1;
	}
	t->mask = slots - 1;
	for (size_t k = 0; k < t->n; k++)
		t->slot[find(t, t->s[k], t->len[k])] = (uint32_t)k + 1;
	free(old);
	return 0;
}

long rep_intern_add(struct rep_intern *t, const void *p, size_t n)
{
	size_t i;

	if ((!t->slot || 2 * (t->n + 1) > t->mask + 1) && rehash(t))
		return -1;
	i = find(t, p, n);
	if (t->slot[i])
		return (long)t->slot[i] - 1;
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 256;
		char **s = realloc(t->s, cap * sizeof(*s));
		size_t *len;

		if (!s)
			return -1;
		t->s = s;
		len = realloc(t->len, cap * sizeof(*len));
		if (!len)
			return -1;
		t->len = len;
		t->cap = cap;
	}
	t->s[t->n] = malloc(n + 1);
	if (!t->s[t->n])
		return -1;
	memcpy(t->s[t->n], p, n);
	t->s[t->n][n] = 0;
	t->len[t->n] = n;
	t->slot[i] = (uint32_t)t->n + 1;
	return (long)t->n++;
}

void rep_intern_free(struct rep_intern *t)
{
	for (size_t k = 0; k < t->n; k++)
		free(t->s[k]);
	free(t->s);
	free(t->len);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}
