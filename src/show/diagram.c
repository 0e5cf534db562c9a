// SPDX-License-Identifier: MIT
/*
 * diagram.c - RFC 791-style bit diagrams
 *
 * A header and what is attached to it (options, data, extension objects) is
 * drawn as one grid of 32-bit rows. Every bit is two columns wide: a field
 * of w bits spans 2w-1 characters between its '|' borders. Each row has two
 * text lines, the field names and their values; a field wider than a row
 * (data, options) is drawn once, over as many rows as it covers, and runs
 * of full rows of one field are folded into one row with '~' edges.
 */
#include <stdlib.h>
#include <string.h>

#include "icmpkit/fields.h"
#include "show_impl.h"

#define ROW 32

/**
 * struct vf - one box of the grid: a field, or octets no field describes
 * @li:    layer index
 * @fi:    field index, or -1
 * @b0:    first bit, from the start of the group
 * @b1:    bit after the last
 * @fr0:   first full row it covers
 * @nfull: full rows it covers
 * @trow:  display row holding its name and value
 */
struct vf {
	size_t li;
	int fi;
	size_t b0, b1;
	size_t fr0, nfull;
	size_t trow;
};

/**
 * struct drow - one displayed row
 * @r:     first grid row
 * @n:     grid rows it stands for (more than 1: folded)
 * @width: bits in the row
 * @owner: box index of each bit, -1 past @width
 */
struct drow {
	size_t r, n;
	unsigned width;
	int owner[ROW];
};

/**
 * struct grid - a group of layers being drawn
 * @d:     dissection
 * @o:     options
 * @first: first layer
 * @last:  last layer
 * @depth: nesting depth
 * @bits:  bits in the group
 * @vf:    boxes in bit order
 * @nvf:   their count
 * @row:   displayed rows
 * @nrow:  their count
 */
struct grid {
	const struct ik_dissection *d;
	const struct ik_show_opts *o;
	size_t first, last;
	unsigned depth;
	size_t bits;
	struct vf *vf;
	size_t nvf;
	struct drow *row;
	size_t nrow;
};

/**
 * add_vf() - append a box
 * @g:  grid (vf has room)
 * @li: layer index
 * @fi: field index or -1
 * @b0: first bit
 * @b1: bit after the last
 */
static void add_vf(struct grid *g, size_t li, int fi, size_t b0, size_t b1)
{
	struct vf *v = &g->vf[g->nvf++];

	memset(v, 0, sizeof(*v));
	v->li = li;
	v->fi = fi;
	v->b0 = b0;
	v->b1 = b1;
	v->fr0 = (b0 + ROW - 1) / ROW;
	v->nfull = b1 / ROW > v->fr0 ? b1 / ROW - v->fr0 : 0;
}

/**
 * build_boxes() - the boxes of every field of the group's layers
 * @g: grid
 *
 * Return: 0, or -1 when out of memory.
 */
static int build_boxes(struct grid *g)
{
	const struct ik_dissection *d = g->d;
	size_t cap = 1, off0 = d->layers[g->first].off, cur = 0;

	for (size_t i = g->first; i <= g->last; i++)
		cap += 2 * (d->layers[i].ft ? d->layers[i].ft->nfields : 0) + 2;
	g->vf = calloc(cap, sizeof(*g->vf));
	if (!g->vf)
		return -1;
	for (size_t i = g->first; i <= g->last; i++) {
		const struct ik_dlayer *l = &d->layers[i];
		size_t base = (l->off - off0) * 8, lbits = l->len * 8;

		for (size_t fi = 0; l->ft && fi < l->ft->nfields; fi++) {
			const struct ik_field *f = &l->ft->fields[fi];
			size_t fb0 = base + f->bit_off;
			size_t fb1 = base + (f->bit_len ? (size_t)f->bit_off + f->bit_len : lbits);

			if (fb1 > base + lbits)
				fb1 = base + lbits;
			if (fb0 < cur)
				fb0 = cur;
			if (fb0 >= fb1)
				continue;
			if (fb0 > cur)
				add_vf(g, i, -1, cur, fb0);
			add_vf(g, i, (int)fi, fb0, fb1);
			cur = fb1;
		}
		if (cur < base + lbits) {
			add_vf(g, i, -1, cur, base + lbits);
			cur = base + lbits;
		}
	}
	g->bits = cur;
	return 0;
}

/**
 * build_rows() - the displayed rows, folding runs of full rows of one box
 * @g: grid
 *
 * Return: 0, or -1 when out of memory.
 */
static int build_rows(struct grid *g)
{
	size_t nrows = (g->bits + ROW - 1) / ROW, cap = 0, k = 0;

	for (size_t r = 0; r < nrows;) {
		struct drow *dr;
		size_t rs = r * ROW, re = rs + ROW < g->bits ? rs + ROW : g->bits;

		if (g->nrow == cap) {
			struct drow *n;

			cap = cap ? cap * 2 : 16;
			n = realloc(g->row, cap * sizeof(*n));
			if (!n)
				return -1;
			g->row = n;
		}
		dr = &g->row[g->nrow++];
		while (k < g->nvf && g->vf[k].b1 <= rs)
			k++;
		dr->r = r;
		dr->n = 1;
		dr->width = (unsigned)(re - rs);
		for (unsigned b = 0; b < ROW; b++)
			dr->owner[b] = -1;
		if (k < g->nvf && g->vf[k].nfull >= 2 && g->vf[k].fr0 == r) {
			dr->n = g->vf[k].nfull;
			for (unsigned b = 0; b < ROW; b++)
				dr->owner[b] = (int)k;
			r += dr->n;
			continue;
		}
		for (size_t j = k; j < g->nvf && g->vf[j].b0 < re; j++) {
			size_t a = g->vf[j].b0 > rs ? g->vf[j].b0 : rs;
			size_t z = g->vf[j].b1 < re ? g->vf[j].b1 : re;

			for (size_t b = a; b < z; b++)
				dr->owner[b - rs] = (int)j;
		}
		r++;
	}
	return 0;
}

/**
 * place_text() - choose the displayed row of each box's name and value
 * @g: grid
 *
 * A folded box takes its folded row; any other the row where it is widest
 * (the first of equals).
 */
static void place_text(struct grid *g)
{
	for (size_t i = 0; i < g->nvf; i++) {
		struct vf *v = &g->vf[i];
		size_t best = 0, bestw = 0;

		for (size_t di = 0; di < g->nrow; di++) {
			size_t w = 0;

			for (unsigned b = 0; b < ROW; b++)
				w += g->row[di].owner[b] == (int)i;
			if (w > bestw) {
				bestw = w;
				best = di;
			}
			if (g->row[di].r * ROW >= v->b1)
				break;
		}
		v->trow = best;
	}
}

/**
 * owner_at() - box of bit @b of displayed row @di, -1 if none
 * @g:  grid
 * @di: row index (out of range: none)
 * @b:  bit in the row
 *
 * Return: box index or -1.
 */
static int owner_at(const struct grid *g, size_t di, int b)
{
	if (di >= g->nrow || b < 0 || b >= ROW || (unsigned)b >= g->row[di].width)
		return -1;
	return g->row[di].owner[b];
}

/**
 * print_sep() - the line between displayed rows @a and @b
 * @out: stream
 * @g:   grid
 * @a:   row above (SIZE_MAX: none)
 * @b:   row below (SIZE_MAX: none)
 *
 * '+' at bit boundaries and '-' across bits, except inside a box that
 * continues from one row into the other, which stays open.
 */
static void print_sep(FILE *out, const struct grid *g, size_t a, size_t b)
{
	unsigned wa = a < g->nrow ? g->row[a].width : 0;
	unsigned wb = b < g->nrow ? g->row[b].width : 0;
	unsigned w = wa > wb ? wa : wb;
	char line[2 * ROW + 2];

	for (unsigned j = 0; j <= 2 * w; j++) {
		if (j % 2) {
			int k = (int)(j / 2);
			int x = owner_at(g, a, k), y = owner_at(g, b, k);

			line[j] = x == y && x >= 0 ? ' ' : '-';
		} else if (j == 0 || j == 2 * w) {
			line[j] = '+';
		} else {
			int k = (int)(j / 2);
			int al = owner_at(g, a, k - 1), ar = owner_at(g, a, k);
			int bl = owner_at(g, b, k - 1), br = owner_at(g, b, k);

			line[j] = (al >= 0 && al == ar && al == bl && al == br) ? ' ' : '+';
		}
	}
	line[2 * w + 1] = 0;
	ik_show_lead(out, g->o, g->depth);
	fprintf(out, "%s\n", line);
}

#define NAME_LINES 3 /* RFC 9293 draws "CWR" down three lines */

/**
 * squeeze() - a word without its vowels after the first letter, as RFC
 * diagrams abbreviate ("Reserved" -> "Rsrvd")
 * @word: the word
 * @n:    its length
 * @buf:  output (at least @n + 1 octets)
 *
 * Return: the length of the result.
 */
static size_t squeeze(const char *word, size_t n, char *buf)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (i == 0 || !strchr("aeiou", word[i]))
			buf[k++] = word[i];
	buf[k] = 0;
	return k;
}

/**
 * name_lines() - a box's name laid out in lines of @w characters
 * @name:  name
 * @w:     width (at least 1)
 * @lines: output, NAME_LINES lines of up to 63 characters
 *
 * A name that fits takes one line. Otherwise it is broken at spaces; a
 * word still too wide loses its inner vowels, and failing that is cut into
 * pieces of @w (a one-bit box spells its name downwards). What does not fit
 * in NAME_LINES lines is left out.
 *
 * Return: the lines used (1 to NAME_LINES).
 */
static size_t name_lines(const char *name, size_t w, char lines[NAME_LINES][64])
{
	size_t n = 0, len = 0;

	if (w > 63)
		w = 63;
	memset(lines, 0, NAME_LINES * sizeof(lines[0]));
	while (*name && n < NAME_LINES) {
		size_t wl = strcspn(name, " ");
		char word[64];

		if (wl > 63)
			wl = 63;
		memcpy(word, name, wl);
		word[wl] = 0;
		if (wl > w)
			wl = squeeze(name, wl, word);
		for (size_t at = 0; at < wl && n < NAME_LINES;) {
			size_t take = wl - at < w ? wl - at : w;

			if (len && len + 1 + take <= w && at == 0) {
				lines[n][len++] = ' ';
			} else if (len) {
				n++;
				len = 0;
				if (n == NAME_LINES)
					break;
			}
			memcpy(lines[n] + len, word + at, take);
			len += take;
			lines[n][len] = 0;
			at += take;
		}
		name += strcspn(name, " ");
		name += strspn(name, " ");
	}
	return len ? n + 1 : (n ? n : 1);
}

/**
 * legend_fmt() - whether a field's full text is worth a legend line
 * @fmt: enum ik_fmt
 *
 * Return: true for formats whose meaning is a name or a verdict.
 */
static bool legend_fmt(unsigned fmt)
{
	return fmt == IK_FMT_ICMP_TYPE || fmt == IK_FMT_ICMP_CODE || fmt == IK_FMT_PROTO ||
	       fmt == IK_FMT_OPTTYPE || fmt == IK_FMT_TCPOPT || fmt == IK_FMT_MSTIME ||
	       fmt == IK_FMT_CSUM || fmt == IK_FMT_ICMPV6_TYPE || fmt == IK_FMT_ICMPV6_CODE ||
	       fmt == IK_FMT_IPV6OPT || fmt == IK_FMT_NDPOPT;
}

/**
 * box_value() - the value text of a box that fits @w characters
 * @g:      grid
 * @v:      box
 * @w:      width
 * @buf:    output
 * @cap:    its size
 * @legend: set when the text dropped a meaning a legend line should give
 */
static void box_value(const struct grid *g, const struct vf *v, size_t w, char *buf, size_t cap,
		      bool *legend)
{
	const struct ik_dlayer *l = &g->d->layers[v->li];
	const struct ik_field *f;
	char full[128];

	*legend = false;
	buf[0] = 0;
	if (v->fi < 0)
		return;
	f = &l->ft->fields[v->fi];
	if (f->fmt == IK_FMT_BYTES) {
		ik_show_bytes_preview(g->d, l, (size_t)v->fi, w, buf, cap);
		return;
	}
	ik_show_field_text(g->d, l, (size_t)v->fi, IK_TEXT_FULL, full, sizeof(full));
	if (strlen(full) <= w) {
		snprintf(buf, cap, "%s", full);
		return;
	}
	ik_show_field_text(g->d, l, (size_t)v->fi, IK_TEXT_MEDIUM, buf, cap);
	if (strlen(buf) <= w)
		return;
	/* the bare value: a legend line under the diagram gives the meaning */
	*legend = legend_fmt(f->fmt);
	ik_show_field_text(g->d, l, (size_t)v->fi, IK_TEXT_SHORT, buf, cap);
	if (strlen(buf) > w && w < cap)
		buf[w] = 0;
}

/**
 * value_sgr() - colour of a box's value
 * @g: grid
 * @v: box
 *
 * Return: the field's colour, or its verdict's for a checksum.
 */
static const char *value_sgr(const struct grid *g, const struct vf *v)
{
	const struct ik_dlayer *l = &g->d->layers[v->li];
	const struct ik_verdict *vd;

	if (v->fi < 0)
		return "";
	vd = ik_show_field_verdict(l, (size_t)v->fi);
	if (vd)
		return ik_show_verdict_sgr(g->o, vd->status);
	return ik_show_field_sgr(g->o, ik_show_field_color(g->d, v->li, (size_t)v->fi));
}

/**
 * print_text() - centre @s in @w columns, coloured with @sgr
 * @out: stream
 * @g:   grid
 * @s:   text (at most @w characters)
 * @w:   width
 * @sgr: colour sequence or ""
 */
static void print_text(FILE *out, const struct grid *g, const char *s, size_t w, const char *sgr)
{
	size_t n = strlen(s), left = (w - n) / 2;

	fprintf(out, "%*s%s%s%s%*s", (int)left, "", *s ? sgr : "", s,
		*s && *sgr ? ik_show_sgr(g->o, SR_RESET) : "", (int)(w - n - left), "");
}

/**
 * print_row() - the name lines and value line of displayed row @di
 * @out: stream
 * @g:   grid
 * @di:  row index
 *
 * A row has as many name lines as its most wrapped name needs (one when
 * every name fits), then the values; a row that only continues fields
 * labelled above has the value line alone.
 */
static void print_row(FILE *out, const struct grid *g, size_t di)
{
	const struct drow *r = &g->row[di];
	char edge = r->n > 1 ? '~' : '|';
	size_t nnames = 0;

	for (unsigned b = 0; b < r->width; b++) {
		const struct vf *v = &g->vf[r->owner[b]];
		char lines[NAME_LINES][64];
		unsigned e = b;
		size_t k;

		while (e < r->width && r->owner[e] == r->owner[b])
			e++;
		if (v->trow == di) {
			k = v->fi >= 0 ? name_lines(ik_show_field_name(&g->d->layers[v->li],
								       (size_t)v->fi),
						    2 * (e - b) - 1, lines)
				       : 1;
			if (k > nnames)
				nnames = k;
		}
		b = e - 1;
	}
	for (size_t line = 0; line < nnames + 1; line++) {
		bool value = line == nnames;
		unsigned b = 0;

		if (nnames == 0 && !value)
			continue;
		ik_show_lead(out, g->o, g->depth);
		while (b < r->width) {
			int who = r->owner[b];
			unsigned e = b;
			const struct vf *v = &g->vf[who];
			size_t w;
			char text[128];
			bool legend;

			while (e < r->width && r->owner[e] == who)
				e++;
			w = 2 * (e - b) - 1;
			fputc(b == 0 ? edge : '|', out);
			text[0] = 0;
			if (v->trow == di) {
				if (!value && v->fi >= 0) {
					char lines[NAME_LINES][64];

					name_lines(ik_show_field_name(&g->d->layers[v->li], (size_t)v->fi),
						   w, lines);
					snprintf(text, sizeof(text), "%s", lines[line]);
				} else if (value) {
					box_value(g, v, w, text, sizeof(text), &legend);
				}
			}
			print_text(out, g, text, w, value ? value_sgr(g, v) : "");
			b = e;
		}
		fprintf(out, "%c\n", r->width == ROW ? edge : '|');
	}
}

/**
 * print_legend() - "Name = full value" for boxes too narrow for a meaning
 * @out: stream
 * @g:   grid
 */
static void print_legend(FILE *out, const struct grid *g)
{
	for (size_t i = 0; i < g->nvf; i++) {
		const struct vf *v = &g->vf[i];
		const struct ik_dlayer *l = &g->d->layers[v->li];
		const struct drow *r = &g->row[v->trow];
		char box[128], full[160], line[400];
		size_t w = 0;
		bool legend;

		if (v->fi < 0)
			continue;
		for (unsigned b = 0; b < ROW; b++)
			w += r->owner[b] == (int)i;
		box_value(g, v, 2 * w - 1, box, sizeof(box), &legend);
		if (!legend)
			continue;
		ik_show_field_text(g->d, l, (size_t)v->fi, IK_TEXT_FULL, full, sizeof(full));
		snprintf(line, sizeof(line), "  %s = %s%s%s", ik_show_field_name(l, (size_t)v->fi),
			 value_sgr(g, v), full, *value_sgr(g, v) ? ik_show_sgr(g->o, SR_RESET) : "");
		ik_show_lead(out, g->o, g->depth);
		ik_show_wrap_opts(out, g->o, g->depth, ik_show_lead_width(g->o, g->depth), 4, line);
		fputc('\n', out);
	}
}

/**
 * print_title() - the heading of a group: what it is, how long, where
 * @out: stream
 * @g:   grid
 */
static void print_title(FILE *out, const struct grid *g)
{
	const struct ik_dlayer *h = &g->d->layers[g->first];
	size_t len = 0, nopt = 0, nother = 0;
	char extra[160] = "", title[512];
	size_t n = 0, tl;

	for (size_t i = g->first; i <= g->last; i++)
		len += g->d->layers[i].len;
	for (size_t i = g->first + 1; i <= g->last; i++) {
		const struct ik_dlayer *l = &g->d->layers[i];
		const char *t = l->title;

		if (l->kind == IK_LK_IPOPT || l->kind == IK_LK_TCPOPT || l->kind == IK_LK_EXT_OBJ ||
		    l->kind == IK_LK_IPV6_OPT || l->kind == IK_LK_NDP_OPT) {
			if (!strncmp(t, "Quoted ", 7))
				t += 7;
			if (!strncmp(t, "IP Option: ", 11))
				t += 11;
			if (!strncmp(t, "IPv6 Option: ", 13))
				t += 13;
			if (!strncmp(t, "NDP Option: ", 12))
				t += 12;
			if (!strncmp(t, "TCP Option: ", 12))
				t += 12;
			if (!strncmp(t, "Extension Object: ", 18))
				t += 18;
			n += (size_t)snprintf(extra + (n < sizeof(extra) ? n : sizeof(extra)),
					      n < sizeof(extra) ? sizeof(extra) - n : 0, "%s%s",
					      nopt++ ? ", " : l->kind == IK_LK_EXT_OBJ
							 ? " with objects: " : " with options: ", t);
		} else if (l->kind == IK_LK_MPLS) {
			continue;
		} else if (l->kind == IK_LK_DATA && g->last - g->first < 4) {
			n += (size_t)snprintf(extra + (n < sizeof(extra) ? n : sizeof(extra)),
					      n < sizeof(extra) ? sizeof(extra) - n : 0, " + %s", t);
		} else {
			nother++;
		}
	}
	if (nother && n < sizeof(extra))
		snprintf(extra + n, sizeof(extra) - n, " + %zu more part%s", nother,
			 nother == 1 ? "" : "s");
	tl = (size_t)snprintf(title, sizeof(title), "%s%s%s%s  (%zu octet%s at offset %zu",
			      ik_show_sgr(g->o, SR_TITLE), h->title, extra, ik_show_sgr(g->o, SR_RESET),
			      len, len == 1 ? "" : "s", h->off);
	if (h->len < h->want && tl < sizeof(title))
		tl += (size_t)snprintf(title + tl, sizeof(title) - tl,
				       "; %scut short: %zu of %zu octets%s", ik_show_sgr(g->o, SR_BAD),
				       h->len, h->want, ik_show_sgr(g->o, SR_RESET));
	if (tl < sizeof(title))
		snprintf(title + tl, sizeof(title) - tl, ")");
	ik_show_lead(out, g->o, g->depth);
	ik_show_wrap_opts(out, g->o, g->depth, ik_show_lead_width(g->o, g->depth), 2, title);
	fputc('\n', out);
}

/**
 * draw_group() - ruler, rows and legend of a group of layers
 * @out:   stream
 * @d:     dissection
 * @o:     options
 * @first: first layer
 * @last:  last layer
 */
static void draw_group(FILE *out, const struct ik_dissection *d, const struct ik_show_opts *o,
		       size_t first, size_t last)
{
	struct grid g;

	memset(&g, 0, sizeof(g));
	g.d = d;
	g.o = o;
	g.first = first;
	g.last = last;
	g.depth = d->layers[first].depth;
	print_title(out, &g);
	if (build_boxes(&g) < 0 || build_rows(&g) < 0)
		goto out;
	if (g.bits == 0) {
		ik_show_lead(out, o, g.depth);
		fprintf(out, "(no octets of it were captured)\n\n");
		goto out;
	}
	place_text(&g);
	ik_show_lead(out, o, g.depth);
	fprintf(out, "%s 0                   1                   2                   3%s\n",
		ik_show_sgr(o, SR_DIM), ik_show_sgr(o, SR_RESET));
	ik_show_lead(out, o, g.depth);
	fprintf(out, "%s 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1%s\n",
		ik_show_sgr(o, SR_DIM), ik_show_sgr(o, SR_RESET));
	print_sep(out, &g, SIZE_MAX, 0);
	for (size_t di = 0; di < g.nrow; di++) {
		print_row(out, &g, di);
		print_sep(out, &g, di, di + 1 < g.nrow ? di + 1 : SIZE_MAX);
	}
	print_legend(out, &g);
	fputc('\n', out);
out:
	free(g.vf);
	free(g.row);
}

/**
 * ik_show_diagram() - print the bit diagram of every header
 * @out: stream
 * @d:   dissection
 * @o:   options (colour, indent; NULL: defaults)
 */
void ik_show_diagram(FILE *out, const struct ik_dissection *d, const struct ik_show_opts *o)
{
	struct ik_show_opts def;

	o = ik_show_opts_or_default(o, &def);
	for (size_t i = 0; i < d->nlayers;) {
		const struct ik_dlayer *l = &d->layers[i];
		size_t j = i;

		if (l->kind == IK_LK_QUOTE) {
			char title[256];

			snprintf(title, sizeof(title), "%s%s%s  (%zu octet%s at offset %zu)",
				 ik_show_sgr(o, SR_BOLD), l->title, ik_show_sgr(o, SR_RESET), l->len,
				 l->len == 1 ? "" : "s", l->off);
			ik_show_lead(out, o, 1);
			ik_show_wrap_opts(out, o, 1, ik_show_lead_width(o, 1), 2, title);
			fputs("\n\n", out);
			i++;
			continue;
		}
		while (j + 1 < d->nlayers && d->layers[j + 1].attached &&
		       d->layers[j + 1].depth == l->depth &&
		       d->layers[j + 1].off == d->layers[j].off + d->layers[j].len)
			j++;
		draw_group(out, d, o, i, j);
		i = j + 1;
	}
}
