/* SPDX-License-Identifier: MIT */
/*
 * sbuf.h - text built into a caller's buffer with snprintf's contract and
 * none of its cost (private to src/show)
 *
 * Like snprintf(buf, cap, ...): at most @cap - 1 octets are stored, always
 * NUL-terminated when @cap > 0, and @n counts the length the whole text has,
 * so a cut text reads exactly as snprintf would have cut it. The renderers'
 * hot formats ("%s", "%u", "0x%04x", "%s (%s)") go through here.
 */
#ifndef ICMPKIT_SHOW_SBUF_H
#define ICMPKIT_SHOW_SBUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/**
 * struct sbuf - text being built
 * @buf: output
 * @cap: its size
 * @n:   length of the whole text so far (may pass @cap)
 */
struct sbuf {
	char *buf;
	size_t cap;
	size_t n;
};

/**
 * sb_init() - start an empty text in @buf
 * @b:   builder
 * @buf: output
 * @cap: its size
 */
static inline void sb_init(struct sbuf *b, char *buf, size_t cap)
{
	b->buf = buf;
	b->cap = cap;
	b->n = 0;
	if (cap)
		buf[0] = 0;
}

/**
 * sb_putn() - append @len octets of @s
 * @b: builder; @s: text; @len: its length
 */
static inline void sb_putn(struct sbuf *b, const char *s, size_t len)
{
	if (b->n + 1 < b->cap) {
		size_t room = b->cap - 1 - b->n, k = len < room ? len : room;

		memcpy(b->buf + b->n, s, k);
		b->buf[b->n + k] = 0;
	}
	b->n += len;
}

/**
 * sb_puts() - append a NUL-terminated string
 * @b: builder; @s: text
 */
static inline void sb_puts(struct sbuf *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

/**
 * sb_dec() - append @v in decimal ("%" PRIu64)
 * @b: builder; @v: value
 */
static inline void sb_dec(struct sbuf *b, uint64_t v)
{
	char t[20];
	size_t k = sizeof(t);

	do {
		t[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sb_putn(b, t + k, sizeof(t) - k);
}

/**
 * sb_hex() - append @v in lower-case hex, at least @width digits ("%0*" PRIx64)
 * @b: builder; @v: value; @width: least digits (at most 16 counted)
 */
static inline void sb_hex(struct sbuf *b, uint64_t v, unsigned width)
{
	static const char digits[] = "0123456789abcdef";
	char t[80];
	size_t k = sizeof(t);

	do {
		t[--k] = digits[v & 15];
		v >>= 4;
	} while (v);
	while (sizeof(t) - k < width && k > 0)
		t[--k] = '0';
	sb_putn(b, t + k, sizeof(t) - k);
}

/**
 * sb_len() - the length snprintf would have returned
 * @b: builder
 *
 * Return: the whole text's length.
 */
static inline size_t sb_len(const struct sbuf *b)
{
	return b->n;
}

#endif
