// SPDX-License-Identifier: MIT
/*
 * report_detail.c - one packet's detail for the page, compact: its octets
 * in base64, its layers as indexes of shared templates (field table, place,
 * title, each field's name and meaning as the show layer's JSON gives
 * them), its verdicts, its summary. The page computes each field's value
 * from the octets and the table's bit offset and width; the words come
 * from the show layer's field functions, the ones its JSON is built from,
 * so page, `decode --json` and terminal agree.
 */
#include <stdlib.h>
#include <string.h>

#include "icmpkit/dissect.h"
#include "icmpkit/show.h"
#include "report.h"

size_t rep_jstr(char *buf, size_t cap, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	if (cap < 8)
		return 0;
	buf[n++] = '"';
	for (; *s && n + 8 < cap; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\') {
			buf[n++] = '\\';
			buf[n++] = (char)c;
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			/* '<' escaped: no "</script>" can end the data early */
			memcpy(buf + n, "\\u00", 4);
			buf[n + 4] = hex[c >> 4];
			buf[n + 5] = hex[c & 15];
			n += 6;
		} else {
			buf[n++] = (char)c;
		}
	}
	buf[n++] = '"';
	buf[n] = 0;
	return n;
}

long rep_str(struct rep *r, const char *s)
{
	char buf[1024];
	size_t n = rep_jstr(buf, sizeof(buf), s ? s : "");

	return rep_intern_add(&r->strs, buf, n);
}

/**
 * put_b64() - @n octets as a base64 JSON string
 * @f: stream; @p: octets; @n: count
 */
static void put_b64(FILE *f, const uint8_t *p, size_t n)
{
	static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char out[4];

	fputc('"', f);
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[0] = a[v >> 18];
		out[1] = a[(v >> 12) & 63];
		out[2] = i + 1 < n ? a[(v >> 6) & 63] : '=';
		out[3] = i + 2 < n ? a[v & 63] : '=';
		fwrite(out, 1, 4, f);
	}
	fputc('"', f);
}

/**
 * table_index() - the index of a field table among those seen
 * @r: report; @ft: table (NULL: -1)
 *
 * Return: index, or -1.
 */
static long table_index(struct rep *r, const struct ik_field_table *ft)
{
	if (!ft)
		return -1;
	for (size_t i = 0; i < r->ntabs; i++)
		if (r->tabs[i] == ft)
			return (long)i;
	if (r->ntabs == REP_MAX_TABLES)
		return -1;
	r->tabs[r->ntabs] = ft;
	return (long)r->ntabs++;
}

/**
 * layer_tpl() - the template of one layer: [kind, depth, table, offset,
 * length, wanted, title, attached, [[field, name, meaning], ...]], the
 * fields `decode --json` lists, with their names and meanings from the
 * show layer (the same functions its JSON uses)
 * @r: report; @d: dissection; @l: layer
 *
 * Return: the template's index, or -1.
 */
static long layer_tpl(struct rep *r, const struct ik_dissection *d, const struct ik_dlayer *l)
{
	char buf[8192], mean[96];
	size_t n;
	bool first = true;

	n = (size_t)snprintf(buf, sizeof(buf), "[%ld,%u,%ld,%zu,%zu,%zu,%ld,%d,[",
			     rep_str(r, ik_layer_kind_name(l->kind)), l->depth,
			     table_index(r, l->ft), l->off, l->len, l->want, rep_str(r, l->title),
			     l->attached ? 1 : 0);
	for (size_t fi = 0; l->ft && fi < l->ft->nfields; fi++) {
		if (!ik_show_field_listed(l, fi))
			continue;
		if (n + 64 >= sizeof(buf))
			break;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s[%zu,%ld,%ld]", first ? "" : ",",
				      fi, rep_str(r, ik_show_field_name(l, fi)),
				      ik_show_field_meaning(d, l, fi, mean, sizeof(mean))
					      ? rep_str(r, mean)
					      : -1L);
		first = false;
	}
	n += (size_t)snprintf(buf + n, sizeof(buf) - n, "]]");
	return n < sizeof(buf) ? rep_intern_add(&r->tpls, buf, n) : -1;
}

/**
 * put_verdicts() - [[layer, kind, status, what, note, value, expected,
 * field], ...] of every layer
 * @r: report; @d: dissection; @jd: its JSON
 */
static void put_verdicts(struct rep *r, const struct ik_dissection *d)
{
	bool first = true;

	fputc('[', r->out);
	for (size_t li = 0; li < d->nlayers; li++) {
		const struct ik_dlayer *l = &d->layers[li];

		for (size_t k = 0; k < l->nv; k++) {
			const struct ik_verdict *v = &l->v[k];
			const char *st = ik_show_verdict_status(v);

			fprintf(r->out, "%s[%zu,%u,%ld,%ld,%ld,%lu,%lu,%d]", first ? "" : ",", li,
				v->kind, rep_str(r, st), rep_str(r, v->what), rep_str(r, v->note),
				(unsigned long)v->value, (unsigned long)v->expect, v->field);
			first = false;
		}
	}
	fputc(']', r->out);
}

/**
 * put_text() - a JSON string literal
 * @f: stream; @s: text
 */
static void put_text(FILE *f, const char *s)
{
	char buf[1024];

	fwrite(buf, 1, rep_jstr(buf, sizeof(buf), s), f);
}

int rep_detail(struct rep *r, const struct ik_cap_pkt *p, char *sum, size_t sumcap)
{
	static struct ik_dissection d;
	char err[256] = "";

	if (!p->data) {
		snprintf(sum, sumcap, "%s: %s", p->skip[0] ? "skipped" : "unreadable",
			 p->skip[0] ? p->skip : p->bad);
		fputc('[', r->out);
		put_b64(r->out, p->frame, p->frame_cap);
		fputs(",[],[],", r->out);
		put_text(r->out, sum);
		fputs(",\"\"]", r->out);
		return 0;
	}
	ik_dissect_ip(&d, p->data, p->len);
	ik_show_summary(&d, sum, sumcap);
	if (d.has_err)
		snprintf(err, sizeof(err), "octet %lld: %s: %s", (long long)d.err.off,
			 ik_strerror(d.err.code), d.err.msg);
	fputc('[', r->out);
	put_b64(r->out, p->data, p->len);
	fputs(",[", r->out);
	for (size_t li = 0; li < d.nlayers; li++)
		fprintf(r->out, "%s%ld", li ? "," : "", layer_tpl(r, &d, &d.layers[li]));
	fputs("],", r->out);
	put_verdicts(r, &d);
	fputc(',', r->out);
	put_text(r->out, sum);
	fputc(',', r->out);
	put_text(r->out, err);
	fputc(']', r->out);
	if (!d.valid)
		r->nmal++;
	return 0;
}
