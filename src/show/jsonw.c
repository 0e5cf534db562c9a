// SPDX-License-Identifier: MIT
/* jsonw.c - JSON text appended to one buffer, laid out as jansson dumps it */
#include <stdlib.h>
#include <string.h>

#include "icmpkit/jsonw.h"

#define JW_INDENT 2
/* a new line and the indent of up to 60 levels */
static const char lead[] = "\n                                                                "
			   "                                                            "
			   "                                                            ";
#define JW_MAX_LEAD (sizeof(lead) - 1)

const char ik_jw_lead[IK_JW_LEAD_MAX + 1] = "\n                                                               ";

/**
 * ik_jw_init() - an empty writer at depth @depth
 * @w:     writer
 * @depth: depth of the first value
 */
void ik_jw_init(struct ik_jw *w, unsigned depth)
{
	memset(w, 0, sizeof(*w));
	w->depth = depth;
}

/**
 * ik_jw_free() - release the buffer
 * @w: writer
 */
void ik_jw_free(struct ik_jw *w)
{
	free(w->buf);
	w->buf = NULL;
	w->len = w->cap = 0;
}

/**
 * grow() - ik_jw_reserve() when the room is short
 * @w: writer
 * @n: octets wanted
 *
 * Return: where they go, or NULL.
 */
static char *grow(struct ik_jw *w, size_t n)
{
	size_t cap = w->cap ? w->cap : 1 << 16;
	char *nb;

	if (w->oom)
		return NULL;
	while (cap - w->len < n)
		cap *= 2;
	nb = realloc(w->buf, cap);
	if (!nb) {
		w->oom = true;
		return NULL;
	}
	w->buf = nb;
	w->cap = cap;
	return nb + w->len;
}

/**
 * ik_jw_reserve() - make room for @n more octets
 * @w: writer
 * @n: octets
 *
 * Return: where they go, or NULL.
 */
char *ik_jw_reserve(struct ik_jw *w, size_t n)
{
	if (w->cap - w->len >= n)
		return w->buf + w->len;
	return grow(w, n);
}

/**
 * ik_jw_raw() - append text as it is
 * @w: writer
 * @s: text
 * @n: its length
 */
void ik_jw_raw(struct ik_jw *w, const char *s, size_t n)
{
	char *p = ik_jw_reserve(w, n);

	if (!p)
		return;
	memcpy(p, s, n);
	w->len += n;
}

/**
 * put_lead() - the separator before a member or element, then new line and
 * indent of the current depth
 * @w: writer
 * @p: room for 2 + JW_MAX_LEAD octets
 *
 * Return: octets written.
 */
static size_t put_lead(struct ik_jw *w, char *p)
{
	size_t n = 1 + JW_INDENT * (size_t)w->depth, k = 0;

	if (n > JW_MAX_LEAD)
		n = JW_MAX_LEAD;
	if (!w->empty)
		p[k++] = ',';
	memcpy(p + k, lead, n);
	w->empty = false;
	return k + n;
}

/**
 * ik_jw_key() - start a member of the open object
 * @w:   writer
 * @key: plain ASCII needing no escape
 */
void ik_jw_key(struct ik_jw *w, const char *key)
{
	size_t kl = strlen(key);
	char *p = ik_jw_reserve(w, kl + 6 + JW_MAX_LEAD);
	size_t n;

	if (!p)
		return;
	n = put_lead(w, p);
	p[n++] = '"';
	memcpy(p + n, key, kl);
	n += kl;
	memcpy(p + n, "\": ", 3);
	w->len += n + 3;
}

/**
 * ik_jw_elem() - start an element of the open array
 * @w: writer
 */
void ik_jw_elem(struct ik_jw *w)
{
	char *p = ik_jw_reserve(w, 2 + JW_MAX_LEAD);

	if (p)
		w->len += put_lead(w, p);
}

/**
 * ik_jw_open() - open an object or an array
 * @w: writer
 * @c: '{' or '['
 */
void ik_jw_open(struct ik_jw *w, char c)
{
	ik_jw_raw(w, &c, 1);
	w->depth++;
	w->empty = true;
}

/**
 * ik_jw_close() - close the innermost container
 * @w: writer
 * @c: '}' or ']'
 */
void ik_jw_close(struct ik_jw *w, char c)
{
	char *p = ik_jw_reserve(w, 2 + JW_MAX_LEAD);
	size_t n = 0;

	w->depth--;
	if (!p)
		return;
	if (!w->empty) {
		n = 1 + JW_INDENT * (size_t)w->depth;
		if (n > JW_MAX_LEAD)
			n = JW_MAX_LEAD;
		memcpy(p, lead, n);
	}
	p[n++] = c;
	w->len += n;
	w->empty = false;
}

/**
 * ik_jw_int() - a signed integer value
 * @w: writer
 * @v: value
 */
void ik_jw_int(struct ik_jw *w, long long v)
{
	static const char pairs[] = "00010203040506070809101112131415161718192021222324"
				    "25262728293031323334353637383940414243444546474849"
				    "50515253545556575859606162636465666768697071727374"
				    "75767778798081828384858687888990919293949596979899";
	char tmp[24], *p = ik_jw_room(w, 24);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	size_t k = sizeof(tmp), n;

	if (!p)
		return;
	if (u < 100 && v >= 0) { /* offsets, widths, most values: one or two digits */
		if (u < 10) {
			p[0] = (char)('0' + u);
			w->len += 1;
		} else {
			memcpy(p, pairs + 2 * u, 2);
			w->len += 2;
		}
		return;
	}
	while (u >= 100) {
		unsigned r = (unsigned)(u % 100);

		u /= 100;
		k -= 2;
		memcpy(tmp + k, pairs + 2 * r, 2);
	}
	if (u >= 10) {
		k -= 2;
		memcpy(tmp + k, pairs + 2 * u, 2);
	} else {
		tmp[--k] = (char)('0' + u);
	}
	if (v < 0)
		tmp[--k] = '-';
	n = sizeof(tmp) - k;
	memcpy(p, tmp + k, n);
	w->len += n;
}

/**
 * ik_jw_kv_int() - a member with an integer value
 * @w: writer; @key: key; @v: value
 */
void ik_jw_kv_int(struct ik_jw *w, const char *key, long long v)
{
	ik_jw_key(w, key);
	ik_jw_int(w, v);
}

/**
 * ik_jw_kv_lit() - a member with a literal value
 * @w: writer; @key: key; @lit: "true", "false" or "null"
 */
void ik_jw_kv_lit(struct ik_jw *w, const char *key, const char *lit)
{
	ik_jw_key(w, key);
	ik_jw_raw(w, lit, strlen(lit));
}

/**
 * seq_len() - length of the UTF-8 sequence a first octet starts
 * @c: the octet
 *
 * Return: 1-4, or 0 when @c cannot start one.
 */
static size_t seq_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c < 0xc2)
		return 0;
	if (c < 0xe0)
		return 2;
	if (c < 0xf0)
		return 3;
	return c < 0xf5 ? 4 : 0;
}

/**
 * ik_jw_utf8_ok() - whether @s is UTF-8 that json_string() accepts
 * @s: octets
 * @n: their count
 *
 * Return: true when valid.
 */
bool ik_jw_utf8_ok(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	for (size_t i = 0; i < n;) {
		size_t k = seq_len(u[i]);
		uint32_t cp;

		if (k == 1) {
			i++;
			continue;
		}
		if (k == 0 || n - i < k)
			return false;
		cp = u[i] & (k == 2 ? 0x1fu : k == 3 ? 0x0fu : 0x07u);
		for (size_t j = 1; j < k; j++) {
			if ((u[i + j] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (u[i + j] & 0x3fu);
		}
		if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    (k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000))
			return false;
		i += k;
	}
	return true;
}

/**
 * put_escaped() - @s as a JSON string body, escaped as jansson does
 * @p: room for 6 * @n octets
 * @s: valid UTF-8
 * @n: its length
 *
 * Return: octets written.
 */
static size_t put_escaped(char *p, const char *s, size_t n)
{
	static const char hexu[] = "0123456789ABCDEF";
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\') {
			p[k++] = (char)c;
			continue;
		}
		p[k++] = '\\';
		switch (c) {
		case '"':
		case '\\':
			p[k++] = (char)c;
			break;
		case '\b':
			p[k++] = 'b';
			break;
		case '\f':
			p[k++] = 'f';
			break;
		case '\n':
			p[k++] = 'n';
			break;
		case '\r':
			p[k++] = 'r';
			break;
		case '\t':
			p[k++] = 't';
			break;
		default:
			memcpy(p + k, "u00", 3);
			p[k + 3] = hexu[c >> 4];
			p[k + 4] = hexu[c & 15];
			k += 5;
		}
	}
	return k;
}

/**
 * put_value() - @s as a quoted JSON string at the end of @w, or nothing
 * when it is not valid UTF-8
 * @w: writer (room for 6 * @n + 2 octets)
 * @p: where it goes
 * @s: string
 * @n: its length
 *
 * Return: true if written.
 */
static bool put_value(struct ik_jw *w, char *p, const char *s, size_t n)
{
	size_t i = 0;

	p[0] = '"';
	/* the common case: printable ASCII with nothing to escape, copied 8
	 * octets at a time while none of them is below 0x20, above 0x7f, '"'
	 * or '\\' (the zero-byte tests of x - 0x01.. & ~x & 0x80..) */
	for (; i + 8 <= n; i += 8) {
		const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
		uint64_t x, q, b;

		memcpy(&x, s + i, 8);
		q = x ^ (ones * '"');
		b = x ^ (ones * '\\');
		if ((((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b) | x) & high)
			break;
		memcpy(p + 1 + i, &x, 8);
	}
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\')
			break;
		p[1 + i] = (char)c;
	}
	if (i < n) {
		if (!ik_jw_utf8_ok(s + i, n - i))
			return false;
		i += put_escaped(p + 1 + i, s + i, n - i);
	}
	p[1 + i] = '"';
	w->len += i + 2;
	return true;
}

/**
 * ik_jw_kv_str_q() - a string member, its key quoted already
 * @w:  writer
 * @q:  quoted key
 * @qn: its length
 * @s:  the string or NULL
 * @n:  its length
 *
 * Return: true if written, false when @s is NULL or not valid UTF-8.
 */
bool ik_jw_kv_str_q(struct ik_jw *w, const char *q, size_t qn, const char *s, size_t n)
{
	struct ik_jw keep;
	char *p;

	if (!s)
		return false;
	keep = *w;
	ik_jw_key_q(w, q, qn);
	p = ik_jw_room(w, 6 * n + 2);
	if (!p)
		return true;
	if (!put_value(w, p, s, n)) {
		w->len = keep.len; /* the key goes too, as json_string() fails */
		w->empty = keep.empty;
		return false;
	}
	return true;
}

/**
 * ik_jw_kv_strn() - a member with a string value, escaped
 * @w:   writer
 * @key: key
 * @s:   the string or NULL
 * @n:   its length
 *
 * Return: true if written, false when @s is NULL or not valid UTF-8.
 */
bool ik_jw_kv_strn(struct ik_jw *w, const char *key, const char *s, size_t n)
{
	size_t keep_len = w->len;
	bool keep_empty = w->empty;
	char *p;

	if (!s)
		return false;
	ik_jw_key(w, key);
	p = ik_jw_room(w, 6 * n + 2);
	if (!p)
		return true;
	if (!put_value(w, p, s, n)) {
		w->len = keep_len;
		w->empty = keep_empty;
		return false;
	}
	return true;
}

/**
 * ik_jw_kv_str() - ik_jw_kv_strn() of a NUL-terminated string
 * @w: writer; @key: key; @s: the string or NULL
 *
 * Return: as ik_jw_kv_strn().
 */
bool ik_jw_kv_str(struct ik_jw *w, const char *key, const char *s)
{
	return ik_jw_kv_strn(w, key, s, s ? strlen(s) : 0);
}

/**
 * ik_jw_kv_hex() - a member whose value is octets in lower-case hex
 * @w: writer; @key: key; @p: octets; @n: their count
 */
void ik_jw_kv_hex(struct ik_jw *w, const char *key, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *o;

	ik_jw_key(w, key);
	o = ik_jw_reserve(w, 2 * n + 2);
	if (!o)
		return;
	*o++ = '"';
	for (size_t i = 0; i < n; i++) {
		*o++ = digits[p[i] >> 4];
		*o++ = digits[p[i] & 15];
	}
	*o = '"';
	w->len += 2 * n + 2;
}
