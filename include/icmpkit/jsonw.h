/* SPDX-License-Identifier: MIT */
/**
 * DOC: JSON text written straight into a buffer
 * Layer: show (include/icmpkit/README.md)
 *
 * For output too large to build as a jansson tree first (`icmpkit decode
 * --json` over a million packets): values are appended as text to one
 * growable buffer, which the caller empties (fwrite) whenever it likes. The
 * layout is octet for octet the one jansson's json_dumpf() gives with
 * JSON_INDENT(2) | JSON_PRESERVE_ORDER (members on their own lines, ": "
 * after keys, "{}" and "[]" for empty containers, the same string escapes),
 * and a string that is not valid UTF-8 is left out with its key, as
 * json_string() refuses it. tests/test_jsonw.c holds the two to that.
 */
#ifndef ICMPKIT_JSONW_H
#define ICMPKIT_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct ik_jw - a JSON text being written
 * @buf:   the text so far (malloc'd; not NUL-terminated)
 * @len:   its length
 * @cap:   room at @buf
 * @depth: containers open
 * @empty: the innermost open container has no member yet
 * @oom:   an allocation failed: the text is incomplete
 */
struct ik_jw {
	char *buf;
	size_t len;
	size_t cap;
	unsigned depth;
	bool empty;
	bool oom;
};

/**
 * ik_jw_init() - an empty writer at depth @depth
 * @w:     writer
 * @depth: depth of the first value (0: a whole document)
 */
void ik_jw_init(struct ik_jw *w, unsigned depth);

/**
 * ik_jw_free() - release the buffer
 * @w: writer
 */
void ik_jw_free(struct ik_jw *w);

/**
 * ik_jw_reserve() - make room for @n more octets
 * @w: writer
 * @n: octets
 *
 * Return: a pointer to where they go, or NULL (and @w->oom set).
 */
char *ik_jw_reserve(struct ik_jw *w, size_t n);

/**
 * ik_jw_raw() - append text as it is
 * @w: writer
 * @s: text
 * @n: its length
 */
void ik_jw_raw(struct ik_jw *w, const char *s, size_t n);

/**
 * ik_jw_key() - start a member of the open object: separator, new line,
 * indent, "@key": 
 * @w:   writer
 * @key: plain ASCII needing no escape (the keys of our own tables)
 */
void ik_jw_key(struct ik_jw *w, const char *key);

/**
 * ik_jw_elem() - start an element of the open array
 * @w: writer
 */
void ik_jw_elem(struct ik_jw *w);

/**
 * ik_jw_open() - open an object ('{') or an array ('[')
 * @w: writer
 * @c: '{' or '['
 */
void ik_jw_open(struct ik_jw *w, char c);

/**
 * ik_jw_close() - close the innermost container
 * @w: writer
 * @c: '}' or ']'
 */
void ik_jw_close(struct ik_jw *w, char c);

/**
 * ik_jw_int() - a signed integer value (as json_integer())
 * @w: writer
 * @v: value
 */
void ik_jw_int(struct ik_jw *w, long long v);

/**
 * ik_jw_kv_int() - a member with an integer value
 * @w: writer; @key: as ik_jw_key(); @v: value
 */
void ik_jw_kv_int(struct ik_jw *w, const char *key, long long v);

/**
 * ik_jw_kv_lit() - a member with a literal value (true, false, null)
 * @w: writer; @key: as ik_jw_key(); @lit: "true", "false" or "null"
 */
void ik_jw_kv_lit(struct ik_jw *w, const char *key, const char *lit);

/**
 * ik_jw_kv_strn() - a member with a string value, escaped
 * @w:   writer
 * @key: as ik_jw_key()
 * @s:   the string (NULL: the member is left out, as json_string(NULL))
 * @n:   its length (no NUL inside)
 *
 * Return: true if written, false when @s is NULL or not valid UTF-8 (then
 * nothing is written, as json_object_set_new() with a NULL value).
 */
bool ik_jw_kv_strn(struct ik_jw *w, const char *key, const char *s, size_t n);

/**
 * ik_jw_kv_str() - ik_jw_kv_strn() of a NUL-terminated string
 * @w: writer; @key: as ik_jw_key(); @s: the string or NULL
 *
 * Return: as ik_jw_kv_strn().
 */
bool ik_jw_kv_str(struct ik_jw *w, const char *key, const char *s);

/**
 * ik_jw_kv_hex() - a member whose value is octets in lower-case hex
 * @w: writer; @key: as ik_jw_key(); @p: octets; @n: their count
 */
void ik_jw_kv_hex(struct ik_jw *w, const char *key, const uint8_t *p, size_t n);

/**
 * ik_jw_utf8_ok() - whether @s is UTF-8 that json_string() accepts
 * @s: octets
 * @n: their count
 *
 * Return: true when valid (no overlong form, surrogate or code point past
 * U+10FFFF).
 */
bool ik_jw_utf8_ok(const char *s, size_t n);

/* ---- the hot path, inline: members whose key is a string literal ---- */

#define IK_JW_LEAD_MAX 64 /* octets ik_jw_lead holds: a new line, 63 spaces */

/* "\n" and 63 spaces: the start of a line at depth up to 31 */
extern const char ik_jw_lead[IK_JW_LEAD_MAX + 1];

/**
 * ik_jw_room() - ik_jw_reserve() with the common case inline
 * @w: writer
 * @n: octets
 *
 * Return: where they go, or NULL.
 */
static inline char *ik_jw_room(struct ik_jw *w, size_t n)
{
	if (w->cap - w->len >= n)
		return w->buf + w->len;
	return ik_jw_reserve(w, n);
}

/**
 * ik_jw_key_q() - ik_jw_key() with the key already quoted: "key": 
 * @w:  writer
 * @q:  the key in quotes, a colon and a space
 * @qn: its length
 *
 * Use IK_JW_KEY(), which makes @q from a string literal.
 */
static inline void ik_jw_key_q(struct ik_jw *w, const char *q, size_t qn)
{
	size_t lead = 1 + 2 * (size_t)w->depth, k;
	char *p;

	if (lead > IK_JW_LEAD_MAX) {
		char key[64];

		if (qn - 4 >= sizeof(key))
			return;
		memcpy(key, q + 1, qn - 4);
		key[qn - 4] = 0;
		ik_jw_key(w, key);
		return;
	}
	p = ik_jw_room(w, 1 + IK_JW_LEAD_MAX + qn);
	if (!p)
		return;
	k = !w->empty;
	p[0] = ',';
	if (lead <= 16) /* fixed-size copies, the shortest that holds the indent */
		memcpy(p + k, ik_jw_lead, 16);
	else
		memcpy(p + k, ik_jw_lead, IK_JW_LEAD_MAX);
	memcpy(p + k + lead, q, qn);
	w->empty = false;
	w->len += k + lead + qn;
}

/**
 * ik_jw_kv_str_q() - ik_jw_kv_strn() with the key quoted as for ik_jw_key_q()
 * @w:  writer
 * @q:  quoted key
 * @qn: its length
 * @s:  the string or NULL
 * @n:  its length
 *
 * Return: as ik_jw_kv_strn().
 */
bool ik_jw_kv_str_q(struct ik_jw *w, const char *q, size_t qn, const char *s, size_t n);

/* the literal @k quoted, with ": " after it, and its length */
#define IK_JW_Q(k) "\"" k "\": ", sizeof("\"" k "\": ") - 1
/* IK_JW_KEY() - ik_jw_key() of a string literal key, quoted by the compiler */
#define IK_JW_KEY(w, k) ik_jw_key_q((w), IK_JW_Q(k))
/* IK_JW_KV_INT() - ik_jw_kv_int() of a literal key */
#define IK_JW_KV_INT(w, k, v) (IK_JW_KEY(w, k), ik_jw_int((w), (v)))
/* IK_JW_KV_LIT() - ik_jw_kv_lit() of a literal key and a literal value */
#define IK_JW_KV_LIT(w, k, lit) (IK_JW_KEY(w, k), ik_jw_raw((w), lit, sizeof(lit) - 1))
/**
 * ik_jw_kv_cstr_q() - ik_jw_kv_str_q() of a NUL-terminated string
 * @w: writer; @q: quoted key; @qn: its length; @s: the string or NULL
 *
 * Return: as ik_jw_kv_strn().
 */
static inline bool ik_jw_kv_cstr_q(struct ik_jw *w, const char *q, size_t qn, const char *s)
{
	return ik_jw_kv_str_q(w, q, qn, s, s ? strlen(s) : 0);
}

/**
 * ik_jw_kv_plain_q() - a string member whose value needs no check: printable
 * ASCII with no '"' or '\\' (the names and keys of our own field tables,
 * which tests/test_jsonw.c holds to that)
 * @w:  writer
 * @q:  quoted key (IK_JW_Q())
 * @qn: its length
 * @s:  the value (not NULL)
 */
static inline void ik_jw_kv_plain_q(struct ik_jw *w, const char *q, size_t qn, const char *s)
{
	size_t n = strlen(s);
	char *p;

	ik_jw_key_q(w, q, qn);
	p = ik_jw_room(w, n + 2);
	if (!p)
		return;
	p[0] = '"';
	memcpy(p + 1, s, n);
	p[n + 1] = '"';
	w->len += n + 2;
}

/* IK_JW_KV_PLAIN() - ik_jw_kv_plain_q() of a literal key */
#define IK_JW_KV_PLAIN(w, k, s) ik_jw_kv_plain_q((w), IK_JW_Q(k), (s))

/* IK_JW_KV_STR() - ik_jw_kv_str() of a literal key */
#define IK_JW_KV_STR(w, k, s) ik_jw_kv_cstr_q((w), IK_JW_Q(k), (s))

#ifdef __cplusplus
}
#endif
#endif
