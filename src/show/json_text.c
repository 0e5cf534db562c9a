// SPDX-License-Identifier: MIT
/*
 * json_text.c - a dissection as JSON text, written straight into an ik_jw:
 * the members of ik_show_json() (json.c) in its order and with its values,
 * without a jansson tree (tests/test_jsonw.c compares the two)
 */
#include <string.h>

#include "icmpkit/fields.h"
#include "icmpkit/jsonw.h"
#include "sbuf.h"
#include "show_impl.h"

#define FULL_MEAN_MAX 63 /* ik_show_field_text() reads the meaning into 64 octets */

/**
 * field_text() - one field, as field_json() of json.c
 * @w:  writer (inside the fields array)
 * @d:  dissection
 * @l:  layer
 * @fi: field index
 */
static void field_text(struct ik_jw *w, const struct ik_dissection *d, const struct ik_dlayer *l,
		       size_t fi)
{
	const struct ik_field *f = &l->ft->fields[fi];
	size_t first, count, whole;
	char text[160], mean[96];
	uint64_t v;

	ik_show_field_span(l, fi, &first, &count, &whole);
	if (count == 0 && f->fmt != IK_FMT_BYTES)
		return;
	ik_jw_elem(w);
	ik_jw_open(w, '{');
	if (l->kind == IK_LK_DATA) /* the layer title: checked */
		IK_JW_KV_STR(w, "name", l->title);
	else
		IK_JW_KV_PLAIN(w, "name", f->name);
	IK_JW_KV_PLAIN(w, "key", f->key);
	IK_JW_KV_INT(w, "offset", (long long)(l->off + first));
	IK_JW_KV_INT(w, "bit_offset", f->bit_off);
	IK_JW_KV_INT(w, "bits", f->bit_len ? (long long)f->bit_len : (long long)(8 * count));
	if (f->fmt == IK_FMT_BYTES) {
		ik_jw_kv_hex(w, "value", d->pkt + l->off + first, count);
		IK_JW_KV_INT(w, "octets", (long long)count);
		ik_show_field_text(d, l, fi, IK_TEXT_FULL, text, sizeof(text));
		IK_JW_KV_STR(w, "text", text);
	} else if (ik_show_ipv6_text(l, fi, d->pkt + l->off, text)) {
		IK_JW_KV_PLAIN(w, "value", text);
		IK_JW_KV_PLAIN(w, "text", text);
	} else if (ik_field_get(f, d->pkt + l->off, l->len, &v)) {
		/* ik_show_field_text(IK_TEXT_FULL) and ik_show_field_meaning()
		 * with the value read once: "value (meaning)", the meaning cut
		 * to the 63 octets the text's own buffer for it holds */
		struct sbuf b;
		bool m = ik_show_meaning_of(d, l, fi, v, mean, sizeof(mean));

		IK_JW_KV_INT(w, "value", (long long)v);
		sb_init(&b, text, sizeof(text));
		b.n = ik_show_value_text(f, v, text, sizeof(text));
		if (m) {
			sb_puts(&b, " (");
			sb_putn(&b, mean, strnlen(mean, FULL_MEAN_MAX));
			sb_puts(&b, ")");
		}
		ik_jw_kv_str_q(w, IK_JW_Q("text"), text, b.n < sizeof(text) ? b.n : strlen(text));
		if (m)
			IK_JW_KV_STR(w, "meaning", mean);
	} else {
		IK_JW_KV_LIT(w, "value", "null");
		IK_JW_KV_LIT(w, "truncated", "true");
		IK_JW_KV_STR(w, "text", "(truncated)");
	}
	ik_jw_close(w, '}');
}

/**
 * verdict_text() - one verdict, as verdict_json() of json.c
 * @w: writer (inside the verdicts array)
 * @l: layer
 * @v: verdict
 */
static void verdict_text(struct ik_jw *w, const struct ik_dlayer *l, const struct ik_verdict *v)
{
	char text[256];

	ik_jw_elem(w);
	ik_jw_open(w, '{');
	IK_JW_KV_PLAIN(w, "kind", v->kind == IK_VK_CHECKSUM ? "checksum" : "length");
	IK_JW_KV_PLAIN(w, "status", ik_show_verdict_status(v));
	IK_JW_KV_STR(w, "what", v->what);
	if (v->field >= 0 && l->ft && (size_t)v->field < l->ft->nfields)
		IK_JW_KV_PLAIN(w, "field", l->ft->fields[v->field].key);
	IK_JW_KV_INT(w, "value", v->value);
	if (v->kind == IK_VK_LENGTH || v->status == IK_VS_OK || v->status == IK_VS_BAD)
		IK_JW_KV_INT(w, "expected", v->expect);
	IK_JW_KV_STR(w, "note", v->note);
	ik_show_verdict_text(v, text, sizeof(text));
	IK_JW_KV_STR(w, "text", text);
	ik_jw_close(w, '}');
}

/**
 * layer_text() - one layer, as layer_json() of json.c
 * @w:  writer (inside the layers array)
 * @d:  dissection
 * @li: layer index
 */
static void layer_text(struct ik_jw *w, const struct ik_dissection *d, size_t li)
{
	const struct ik_dlayer *l = &d->layers[li];

	ik_jw_elem(w);
	ik_jw_open(w, '{');
	IK_JW_KV_PLAIN(w, "kind", ik_layer_kind_name(l->kind));
	IK_JW_KV_STR(w, "title", l->title);
	if (l->ft)
		IK_JW_KV_PLAIN(w, "key", l->ft->key);
	IK_JW_KV_INT(w, "depth", l->depth);
	IK_JW_KV_INT(w, "offset", (long long)l->off);
	IK_JW_KV_INT(w, "length", (long long)l->len);
	IK_JW_KV_INT(w, "wanted_length", (long long)l->want);
	IK_JW_KEY(w, "fields");
	ik_jw_open(w, '[');
	for (size_t fi = 0; l->ft && fi < l->ft->nfields; fi++)
		field_text(w, d, l, fi);
	ik_jw_close(w, ']');
	IK_JW_KEY(w, "verdicts");
	ik_jw_open(w, '[');
	for (size_t k = 0; k < l->nv; k++)
		verdict_text(w, l, &l->v[k]);
	ik_jw_close(w, ']');
	ik_jw_close(w, '}');
}

/**
 * ik_show_json_write() - ik_show_json()'s members written as text
 * @w: writer inside an open object
 * @d: dissection
 */
void ik_show_json_write(struct ik_jw *w, const struct ik_dissection *d)
{
	char summary[256];

	IK_JW_KV_INT(w, "length", (long long)d->len);
	if (d->valid)
		IK_JW_KV_LIT(w, "valid", "true");
	else
		IK_JW_KV_LIT(w, "valid", "false");
	ik_show_summary(d, summary, sizeof(summary));
	IK_JW_KV_STR(w, "summary", summary);
	if (d->has_err) {
		IK_JW_KEY(w, "error");
		ik_jw_open(w, '{');
		IK_JW_KV_INT(w, "offset", (long long)d->err.off);
		IK_JW_KV_INT(w, "code", d->err.code);
		IK_JW_KV_STR(w, "reason", ik_strerror(d->err.code));
		IK_JW_KV_STR(w, "message", d->err.msg);
		ik_jw_close(w, '}');
	} else {
		IK_JW_KV_LIT(w, "error", "null");
	}
	IK_JW_KV_INT(w, "bad_checks", d->nbad);
	IK_JW_KEY(w, "layers");
	ik_jw_open(w, '[');
	for (size_t li = 0; li < d->nlayers; li++)
		layer_text(w, d, li);
	ik_jw_close(w, ']');
}
