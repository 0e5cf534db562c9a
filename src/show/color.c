// SPDX-License-Identifier: MIT
/* color.c - options, colours (only for a terminal), line starts */
#include <stdlib.h>
#include <unistd.h>

#include "show_impl.h"

/* ANSI SGR sequences by role */
static const char *const roles[SR_NROLES] = {
	[SR_RESET] = "\033[0m",
	[SR_BOLD] = "\033[1m",
	[SR_DIM] = "\033[2m",
	[SR_OK] = "\033[32m",
	[SR_BAD] = "\033[1;31m",
	[SR_WARN] = "\033[33m",
	[SR_TITLE] = "\033[1;4m",
};

/* field palette: no red or green, which the verdicts use */
static const char *const palette[] = {
	"\033[36m", "\033[35m", "\033[34m", "\033[33m", "\033[96m", "\033[95m", "\033[94m",
};

/**
 * ik_show_opts_init() - default options: everything on, no colour
 * @o: options to fill
 */
void ik_show_opts_init(struct ik_show_opts *o)
{
	o->color = false;
	o->summary = true;
	o->diagram = true;
	o->hex = true;
	o->verdicts = true;
	o->indent = NULL;
	o->title = NULL;
	o->width = 0;
}

/**
 * ik_show_color_enabled() - whether to colour output written to @f
 * @f:    the stream
 * @mode: enum ik_color_mode
 *
 * Return: true to colour.
 */
bool ik_show_color_enabled(FILE *f, enum ik_color_mode mode)
{
	const char *nc;

	if (mode == IK_COLOR_ALWAYS)
		return true;
	if (mode == IK_COLOR_NEVER || !f)
		return false;
	nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	return isatty(fileno(f)) == 1;
}

/**
 * ik_show_opts_or_default() - @o, or the defaults when NULL
 * @o:   options or NULL
 * @buf: storage for the defaults
 *
 * Return: options to use.
 */
const struct ik_show_opts *ik_show_opts_or_default(const struct ik_show_opts *o,
						   struct ik_show_opts *buf)
{
	if (o)
		return o;
	ik_show_opts_init(buf);
	return buf;
}

/**
 * ik_show_sgr() - escape sequence for a colour role
 * @o:    options
 * @role: enum show_role
 *
 * Return: the sequence, or "" when colour is off.
 */
const char *ik_show_sgr(const struct ik_show_opts *o, unsigned role)
{
	if (!o->color || role >= SR_NROLES)
		return "";
	return roles[role];
}

/**
 * ik_show_field_sgr() - escape sequence of the @n-th field colour
 * @o: options
 * @n: field number (any; the palette repeats)
 *
 * Return: the sequence, or "" when colour is off.
 */
const char *ik_show_field_sgr(const struct ik_show_opts *o, size_t n)
{
	if (!o->color)
		return "";
	return palette[n % (sizeof(palette) / sizeof(palette[0]))];
}

/**
 * ik_show_verdict_sgr() - colour of a verdict status
 * @o:      options
 * @status: enum ik_verdict_status
 *
 * Return: the sequence, or "" when colour is off.
 */
const char *ik_show_verdict_sgr(const struct ik_show_opts *o, unsigned status)
{
	switch (status) {
	case IK_VS_OK:
		return ik_show_sgr(o, SR_OK);
	case IK_VS_BAD:
		return ik_show_sgr(o, SR_BAD);
	case IK_VS_UNVERIFIABLE:
		return ik_show_sgr(o, SR_WARN);
	default:
		return ik_show_sgr(o, SR_DIM);
	}
}

/**
 * ik_show_lead() - start a line: the indent prefix and @depth levels of nesting
 * @out:   stream
 * @o:     options
 * @depth: nesting depth (4 spaces each)
 */
void ik_show_lead(FILE *out, const struct ik_show_opts *o, unsigned depth)
{
	if (o->indent)
		fputs(o->indent, out);
	for (unsigned i = 0; i < depth; i++)
		fputs("    ", out);
}

/**
 * ik_show_field_color() - the colour number of a field, the same in every view
 * @d:  dissection
 * @li: layer index
 * @fi: field index
 *
 * Fields are numbered in packet order, so neighbours differ.
 *
 * Return: a number for ik_show_field_sgr().
 */
size_t ik_show_field_color(const struct ik_dissection *d, size_t li, size_t fi)
{
	size_t n = 0;

	for (size_t i = 0; i < li && i < d->nlayers; i++)
		if (d->layers[i].ft)
			n += d->layers[i].ft->nfields;
	return n + fi;
}
