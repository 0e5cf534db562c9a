// SPDX-License-Identifier: MIT
/* json.c - a dissection as JSON (jansson), the same facts as the text views */
#include <stdlib.h>
#include <string.h>

#include "icmpkit/fields.h"
#include "show_impl.h"

const char *ik_show_verdict_status(const struct ik_verdict *v)
{
	switch (v->status) {
	case IK_VS_OK:
		return v->kind == IK_VK_CHECKSUM ? "correct" : "consistent";
	case IK_VS_BAD:
		return v->kind == IK_VK_CHECKSUM ? "wrong" : "inconsistent";
	case IK_VS_UNVERIFIABLE:
		return "not_verifiable";
	default:
		return "absent";
	}
}

/**
 * hex_string() - octets as lower-case hex without separators
 * @p: octets
 * @n: count
 *
 * Return: a new JSON string, or NULL.
 */
static json_t *hex_string(const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *s = malloc(2 * n + 1);
	json_t *j;

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 15];
	}
	s[2 * n] = 0;
	j = json_string(s);
	free(s);
	return j;
}

/**
 * field_json() - one field
 * @d:  dissection
 * @l:  layer
 * @fi: field index
 *
 * Return: a new object, or NULL when the field is not in the packet.
 */
static json_t *field_json(const struct ik_dissection *d, const struct ik_dlayer *l, size_t fi)
{
	const struct ik_field *f = &l->ft->fields[fi];
	size_t first, count, whole;
	char text[160], mean[96];
	json_t *j;
	uint64_t v;

	if (!ik_show_field_listed(l, fi))
		return NULL;
	ik_show_field_span(l, fi, &first, &count, &whole);
	j = json_object();
	if (!j)
		return NULL;
	json_object_set_new(j, "name", json_string(ik_show_field_name(l, fi)));
	json_object_set_new(j, "key", json_string(f->key));
	json_object_set_new(j, "offset", json_integer((json_int_t)(l->off + first)));
	json_object_set_new(j, "bit_offset", json_integer(f->bit_off));
	json_object_set_new(j, "bits", json_integer(f->bit_len ? (json_int_t)f->bit_len
							       : (json_int_t)(8 * count)));
	if (f->fmt == IK_FMT_BYTES) {
		json_object_set_new(j, "value", hex_string(d->pkt + l->off + first, count));
		json_object_set_new(j, "octets", json_integer((json_int_t)count));
	} else if (ik_show_ipv6_text(l, fi, d->pkt + l->off, text)) {
		json_object_set_new(j, "value", json_string(text));
	} else if (ik_field_get(f, d->pkt + l->off, l->len, &v)) {
		json_object_set_new(j, "value", json_integer((json_int_t)v));
	} else {
		json_object_set_new(j, "value", json_null());
		json_object_set_new(j, "truncated", json_true());
	}
	ik_show_field_text(d, l, fi, IK_TEXT_FULL, text, sizeof(text));
	json_object_set_new(j, "text", json_string(text));
	if (ik_show_field_meaning(d, l, fi, mean, sizeof(mean)))
		json_object_set_new(j, "meaning", json_string(mean));
	return j;
}

/**
 * verdict_json() - one verdict
 * @l: layer
 * @v: verdict
 *
 * Return: a new object.
 */
static json_t *verdict_json(const struct ik_dlayer *l, const struct ik_verdict *v)
{
	json_t *j = json_object();
	char text[256];

	if (!j)
		return NULL;
	json_object_set_new(j, "kind", json_string(v->kind == IK_VK_CHECKSUM ? "checksum"
									   : "length"));
	json_object_set_new(j, "status", json_string(ik_show_verdict_status(v)));
	json_object_set_new(j, "what", json_string(v->what));
	if (v->field >= 0 && l->ft && (size_t)v->field < l->ft->nfields)
		json_object_set_new(j, "field", json_string(l->ft->fields[v->field].key));
	json_object_set_new(j, "value", json_integer(v->value));
	if (v->kind == IK_VK_LENGTH || v->status == IK_VS_OK || v->status == IK_VS_BAD)
		json_object_set_new(j, "expected", json_integer(v->expect));
	json_object_set_new(j, "note", json_string(v->note));
	ik_show_verdict_text(v, text, sizeof(text));
	json_object_set_new(j, "text", json_string(text));
	return j;
}

/**
 * layer_json() - one layer with its fields and verdicts
 * @d:  dissection
 * @li: layer index
 *
 * Return: a new object.
 */
static json_t *layer_json(const struct ik_dissection *d, size_t li)
{
	const struct ik_dlayer *l = &d->layers[li];
	json_t *j = json_object(), *fields = json_array(), *verdicts = json_array();

	if (!j || !fields || !verdicts) {
		json_decref(j);
		json_decref(fields);
		json_decref(verdicts);
		return NULL;
	}
	json_object_set_new(j, "kind", json_string(ik_layer_kind_name(l->kind)));
	json_object_set_new(j, "title", json_string(l->title));
	if (l->ft)
		json_object_set_new(j, "key", json_string(l->ft->key));
	json_object_set_new(j, "depth", json_integer(l->depth));
	json_object_set_new(j, "offset", json_integer((json_int_t)l->off));
	json_object_set_new(j, "length", json_integer((json_int_t)l->len));
	json_object_set_new(j, "wanted_length", json_integer((json_int_t)l->want));
	for (size_t fi = 0; l->ft && fi < l->ft->nfields; fi++) {
		json_t *f = field_json(d, l, fi);

		if (f)
			json_array_append_new(fields, f);
	}
	for (size_t k = 0; k < l->nv; k++)
		json_array_append_new(verdicts, verdict_json(l, &l->v[k]));
	json_object_set_new(j, "fields", fields);
	json_object_set_new(j, "verdicts", verdicts);
	return j;
}

/**
 * ik_show_json() - the dissection as JSON
 * @d: dissection
 *
 * Return: a new reference (json_decref() it), or NULL when out of memory.
 */
json_t *ik_show_json(const struct ik_dissection *d)
{
	json_t *j = json_object(), *layers = json_array();
	char summary[256];

	if (!j || !layers) {
		json_decref(j);
		json_decref(layers);
		return NULL;
	}
	json_object_set_new(j, "length", json_integer((json_int_t)d->len));
	json_object_set_new(j, "valid", json_boolean(d->valid));
	ik_show_summary(d, summary, sizeof(summary));
	json_object_set_new(j, "summary", json_string(summary));
	if (d->has_err) {
		json_t *e = json_object();

		json_object_set_new(e, "offset", json_integer((json_int_t)d->err.off));
		json_object_set_new(e, "code", json_integer(d->err.code));
		json_object_set_new(e, "reason", json_string(ik_strerror(d->err.code)));
		json_object_set_new(e, "message", json_string(d->err.msg));
		json_object_set_new(j, "error", e);
	} else {
		json_object_set_new(j, "error", json_null());
	}
	json_object_set_new(j, "bad_checks", json_integer(d->nbad));
	for (size_t li = 0; li < d->nlayers; li++)
		json_array_append_new(layers, layer_json(d, li));
	json_object_set_new(j, "layers", layers);
	return j;
}
