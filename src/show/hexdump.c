// SPDX-License-Identifier: MIT
/*
 * hexdump.c - annotated hex listing
 *
 * One line per field, or per group of fields sharing octets:
 *
 *   0000  45                       Version=4  IHL=5 (20 octets)
 *   0002  00 38                    Total Length=56
 *
 * Offsets count from the start of the packet, so a quoted header reads at
 * the offsets it really has. Long data runs 8 octets a line with the
 * octets as text on the right.
 */
#include <ctype.h>
#include <string.h>

#include "icmpkit/fields.h"
#include "show_impl.h"

#define PER_LINE 8
#define NOTE_COL (6 + PER_LINE * 3 + 1) /* where "Field=value" starts, past the lead */
#define DATA_MAX 128 /* octets of one data field listed before "... more" */

/**
 * print_octets() - offset and up to PER_LINE octets, padded to the column
 * @out:   stream
 * @o:     options
 * @depth: nesting depth
 * @d:     dissection
 * @off:   packet offset of the first octet
 * @n:     octets (at most PER_LINE)
 * @sgr:   colour of the octets
 */
static void print_octets(FILE *out, const struct ik_show_opts *o, unsigned depth,
			 const struct ik_dissection *d, size_t off, size_t n, const char *sgr)
{
	ik_show_lead(out, o, depth);
	fprintf(out, "%s%04zx%s  %s", ik_show_sgr(o, SR_DIM), off, ik_show_sgr(o, SR_RESET), sgr);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%02x", i ? " " : "", d->pkt[off + i]);
	fprintf(out, "%s%*s  ", *sgr ? ik_show_sgr(o, SR_RESET) : "",
		(int)(PER_LINE * 3 - 1 - (n ? n * 3 - 1 : 0)), "");
}

/**
 * print_ascii() - octets as text, non-printing ones as '.'
 * @out: stream
 * @p:   octets
 * @n:   count
 */
static void print_ascii(FILE *out, const uint8_t *p, size_t n)
{
	fputc('"', out);
	for (size_t i = 0; i < n; i++)
		fputc(isprint(p[i]) && p[i] < 0x7f ? p[i] : '.', out);
	fputc('"', out);
}

/**
 * all_zero() - whether @n octets at @p are all zero
 * @p: octets
 * @n: count
 *
 * Return: true if so.
 */
static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/**
 * list_bytes() - a data field: 8 octets a line, with text
 * @out: stream
 * @d:   dissection
 * @o:   options
 * @li:  layer index
 * @fi:  field index
 */
static void list_bytes(FILE *out, const struct ik_dissection *d, const struct ik_show_opts *o,
		       size_t li, size_t fi)
{
	const struct ik_dlayer *l = &d->layers[li];
	const char *sgr = ik_show_field_sgr(o, ik_show_field_color(d, li, fi));
	size_t first, count, whole, shown, col = ik_show_lead_width(o, l->depth) + NOTE_COL;
	char text[64], note[200];
	bool apart;
	int pad;

	ik_show_field_span(l, fi, &first, &count, &whole);
	ik_show_field_text(d, l, fi, IK_TEXT_FULL, text, sizeof(text));
	shown = count > DATA_MAX ? DATA_MAX : count;
	snprintf(note, sizeof(note), "%s%s%s, %s", sgr, ik_show_field_name(l, fi),
		 *sgr ? ik_show_sgr(o, SR_RESET) : "", text);
	if (count > PER_LINE && all_zero(d->pkt + l->off + first, count)) {
		/* padding, mostly: one line says it */
		size_t nl = strlen(note);

		snprintf(note + nl, sizeof(note) - nl, ", all zero");
		print_octets(out, o, l->depth, d, l->off + first, PER_LINE, sgr);
		ik_show_wrap_opts(out, o, l->depth, col, NOTE_COL, note);
		fputc('\n', out);
		return;
	}
	pad = (int)strlen(ik_show_field_name(l, fi)) + (int)strlen(text) + 4;
	if (pad > 44)
		pad = 44;
	/* too narrow for the name and the text side by side: the name first,
	 * on a line of its own, then the octets with their text */
	apart = o->width && col + (size_t)pad + PER_LINE + 2 > o->width;
	if (apart) {
		ik_show_lead(out, o, l->depth);
		fprintf(out, "%*s", NOTE_COL, "");
		ik_show_wrap_opts(out, o, l->depth, col, NOTE_COL, note);
		fputc('\n', out);
		pad = 0;
	}
	for (size_t i = 0; i < shown; i += PER_LINE) {
		size_t n = shown - i < PER_LINE ? shown - i : PER_LINE;
		const uint8_t *p = d->pkt + l->off + first + i;

		print_octets(out, o, l->depth, d, l->off + first + i, n, sgr);
		if (i == 0 && !apart)
			fprintf(out, "%s  ", note);
		else
			fprintf(out, "%*s", pad, "");
		print_ascii(out, p, n);
		fputc('\n', out);
	}
	if (shown < count) {
		ik_show_lead(out, o, l->depth);
		fprintf(out, "%s....  ... %zu more octets not listed%s\n", ik_show_sgr(o, SR_DIM),
			count - shown, ik_show_sgr(o, SR_RESET));
	}
	if (count == 0) {
		ik_show_lead(out, o, l->depth);
		fprintf(out, "      %-*s  %s, %s\n", PER_LINE * 3 - 1, "(none captured)",
			ik_show_field_name(l, fi), text);
	}
}

/**
 * list_layer() - the lines of one layer
 * @out: stream
 * @d:   dissection
 * @o:   options
 * @li:  layer index
 */
static void list_layer(FILE *out, const struct ik_dissection *d, const struct ik_show_opts *o,
		       size_t li)
{
	const struct ik_dlayer *l = &d->layers[li];
	size_t fi = 0, covered = 0;

	if (l->kind != IK_LK_DATA) {
		/* a data line names its layer itself */
		unsigned depth = l->kind == IK_LK_QUOTE ? 1 : l->depth;
		char title[300];
		size_t n;

		n = (size_t)snprintf(title, sizeof(title), "%s%s%s", ik_show_sgr(o, SR_BOLD), l->title,
				     ik_show_sgr(o, SR_RESET));
		if (l->len < l->want && n < sizeof(title))
			snprintf(title + n, sizeof(title) - n, "  (%scut short: %zu of %zu octets%s)",
				 ik_show_sgr(o, SR_BAD), l->len, l->want, ik_show_sgr(o, SR_RESET));
		ik_show_lead(out, o, depth);
		ik_show_wrap_opts(out, o, depth, ik_show_lead_width(o, depth), 2, title);
		fputc('\n', out);
	}
	if (!l->ft)
		return;
	while (fi < l->ft->nfields) {
		size_t first, count, whole, end, last = fi;

		ik_show_field_span(l, fi, &first, &count, &whole);
		if (l->ft->fields[fi].fmt == IK_FMT_BYTES) {
			if (count || l->kind == IK_LK_DATA)
				list_bytes(out, d, o, li, fi);
			covered = first + count;
			fi++;
			continue;
		}
		if (count == 0)
			break; /* this field and all after it are past the end */
		/* gather the fields that share octets with this one */
		end = first + count;
		while (last + 1 < l->ft->nfields && l->ft->fields[last + 1].fmt != IK_FMT_BYTES) {
			size_t f2, c2, w2;

			ik_show_field_span(l, last + 1, &f2, &c2, &w2);
			if (f2 >= end || c2 == 0)
				break;
			if (f2 + c2 > end)
				end = f2 + c2;
			last++;
		}
		for (size_t at = first; at < end; at += PER_LINE) {
			size_t n = end - at < PER_LINE ? end - at : PER_LINE;
			const char *sgr = at == first && last == fi
						  ? ik_show_field_sgr(o, ik_show_field_color(d, li, fi))
						  : "";

			char note[600];
			size_t nl = 0;

			print_octets(out, o, l->depth, d, l->off + at, n, sgr);
			note[0] = 0;
			for (size_t k = fi; at == first && k <= last && nl < sizeof(note); k++) {
				const char *fs = ik_show_field_sgr(o, ik_show_field_color(d, li, k));
				const struct ik_verdict *v = ik_show_field_verdict(l, k);
				char text[160];

				ik_show_field_text(d, l, k, IK_TEXT_FULL, text, sizeof(text));
				nl += (size_t)snprintf(note + nl, sizeof(note) - nl, "%s%s%s%s=%s%s%s",
						       k > fi ? "  " : "", fs, l->ft->fields[k].name,
						       *fs ? ik_show_sgr(o, SR_RESET) : "",
						       v ? ik_show_verdict_sgr(o, v->status) : "", text,
						       v && *ik_show_verdict_sgr(o, v->status)
							       ? ik_show_sgr(o, SR_RESET) : "");
			}
			ik_show_wrap_opts(out, o, l->depth, ik_show_lead_width(o, l->depth) + NOTE_COL, NOTE_COL,
				  note);
			fputc('\n', out);
		}
		covered = end;
		fi = last + 1;
	}
	if (covered < l->len) {
		/* octets the table does not describe (a longer option than its
		 * layout, say) */
		for (size_t at = covered; at < l->len; at += PER_LINE) {
			size_t n = l->len - at < PER_LINE ? l->len - at : PER_LINE;

			print_octets(out, o, l->depth, d, l->off + at, n, "");
			fprintf(out, "%s\n", at == covered ? "(not described by the layout)" : "");
		}
	}
}

/**
 * ik_show_hex() - print the annotated hex listing
 * @out: stream
 * @d:   dissection
 * @o:   options (colour, indent; NULL: defaults)
 */
void ik_show_hex(FILE *out, const struct ik_dissection *d, const struct ik_show_opts *o)
{
	struct ik_show_opts def;

	o = ik_show_opts_or_default(o, &def);
	ik_show_lead(out, o, 0);
	fprintf(out, "%s%-*sField=value%s\n", ik_show_sgr(o, SR_DIM), 6 + PER_LINE * 3 + 1,
		"Offset Octets", ik_show_sgr(o, SR_RESET));
	for (size_t li = 0; li < d->nlayers; li++) {
		if (li > 0 && !d->layers[li].attached)
			fputc('\n', out);
		list_layer(out, d, o, li);
	}
	fputc('\n', out);
}
