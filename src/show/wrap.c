// SPDX-License-Identifier: MIT
/*
 * wrap.c - text that fits a terminal: display columns and word wrapping
 *
 * Columns are counted as a terminal shows them: a UTF-8 character ("✔",
 * "→", box drawing) takes one, an ANSI escape sequence none. Text breaks
 * only at spaces, so an escape sequence is never split.
 */
#include <string.h>

#include "show_impl.h"

/**
 * ik_show_text_width() - the columns @n octets of @s take on a terminal
 * @s: text (UTF-8, may hold ANSI escape sequences)
 * @n: octets of it to measure
 *
 * Return: the number of columns.
 */
size_t ik_show_text_width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x1b) {
			/* CSI: ESC [ parameters, then one final octet 0x40-0x7e */
			if (i + 1 < n && s[i + 1] == '[') {
				i += 2;
				while (i < n && ((unsigned char)s[i] < 0x40 || (unsigned char)s[i] > 0x7e))
					i++;
			} else {
				i++;
			}
			continue;
		}
		if ((c & 0xc0) != 0x80) /* not a UTF-8 continuation octet */
			w++;
	}
	return w;
}

/**
 * ik_show_wrap() - print text, breaking it at spaces to fit a width
 * @out:   stream
 * @text:  the text (UTF-8, may hold ANSI escape sequences)
 * @col:   the column the text starts at (what is already on the line)
 * @width: columns of the whole line (0: no limit, @text printed as it is)
 * @hang:  what starts each continuation line (spaces, usually)
 *
 * Runs of spaces between words are kept except where the line breaks. A
 * word wider than a line is printed whole. Breaking before the first word
 * happens only when @col is past the width of @hang (so a break gains room).
 * No newline is printed after the last word.
 */
void ik_show_wrap(FILE *out, const char *text, size_t col, size_t width, const char *hang)
{
	size_t hw = ik_show_text_width(hang, strlen(hang));
	bool placed = col > hw;
	const char *p = text;

	if (!width) {
		fputs(text, out);
		return;
	}
	while (*p) {
		const char *gap = p, *word;
		size_t gl, wl, ww;

		while (*p == ' ')
			p++;
		gl = (size_t)(p - gap);
		word = p;
		while (*p && *p != ' ')
			p++;
		wl = (size_t)(p - word);
		if (!wl)
			break; /* trailing spaces */
		ww = ik_show_text_width(word, wl);
		if (placed && col + gl + ww > width) {
			fprintf(out, "\n%s", hang);
			col = hw;
			gl = 0;
		}
		fprintf(out, "%.*s%.*s", (int)gl, gap, (int)wl, word);
		col += gl + ww;
		placed = true;
	}
}

/**
 * ik_show_lead_width() - the columns ik_show_lead() prints
 * @o:     options
 * @depth: nesting depth
 *
 * Return: the width of the indent prefix plus 4 per level.
 */
size_t ik_show_lead_width(const struct ik_show_opts *o, unsigned depth)
{
	return (o->indent ? ik_show_text_width(o->indent, strlen(o->indent)) : 0) + 4u * depth;
}

/**
 * ik_show_wrap_opts() - ik_show_wrap() to @o's width, continuation lines under a column
 * @out:   stream
 * @o:     options (@o->width 0: no wrapping)
 * @depth: nesting depth of the line
 * @col:   the column @text starts at
 * @extra: columns past the lead where continuation lines start
 * @text:  the text
 */
void ik_show_wrap_opts(FILE *out, const struct ik_show_opts *o, unsigned depth, size_t col, size_t extra,
	       const char *text)
{
	char hang[160];

	snprintf(hang, sizeof(hang), "%s%*s", o->indent ? o->indent : "", (int)(4u * depth + extra),
		 "");
	ik_show_wrap(out, text, col, o->width, hang);
}
