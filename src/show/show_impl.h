/* SPDX-License-Identifier: MIT */
/* show_impl.h - helpers shared by the renderers in src/show (private) */
#ifndef ICMPKIT_SHOW_IMPL_H
#define ICMPKIT_SHOW_IMPL_H

#include <stdio.h>

#include "icmpkit/show.h"

/* colour roles */
enum show_role {
	SR_RESET,
	SR_BOLD,
	SR_DIM,
	SR_OK,    /* correct, consistent */
	SR_BAD,   /* WRONG, INCONSISTENT, errors */
	SR_WARN,  /* not verifiable */
	SR_TITLE, /* headings */
	SR_NROLES
};

/**
 * ik_show_opts_or_default() - @o, or the defaults when NULL
 * @o:   options or NULL
 * @buf: storage for the defaults
 *
 * Return: options to use.
 */
const struct ik_show_opts *ik_show_opts_or_default(const struct ik_show_opts *o, struct ik_show_opts *buf);

/**
 * ik_show_sgr() - escape sequence for a colour role
 * @o:    options
 * @role: enum show_role
 *
 * Return: the sequence, or "" when colour is off.
 */
const char *ik_show_sgr(const struct ik_show_opts *o, unsigned role);

/**
 * ik_show_field_sgr() - escape sequence of the @n-th field colour
 * @o: options
 * @n: field number (any; the palette repeats)
 *
 * Return: the sequence, or "" when colour is off.
 */
const char *ik_show_field_sgr(const struct ik_show_opts *o, size_t n);

/**
 * ik_show_verdict_sgr() - colour of a verdict status
 * @o:      options
 * @status: enum ik_verdict_status
 *
 * Return: the sequence, or "" when colour is off.
 */
const char *ik_show_verdict_sgr(const struct ik_show_opts *o, unsigned status);

/**
 * ik_show_lead() - start a line: the indent prefix and @depth levels of nesting
 * @out:   stream
 * @o:     options
 * @depth: nesting depth (4 spaces each)
 */
void ik_show_lead(FILE *out, const struct ik_show_opts *o, unsigned depth);

/**
 * ik_show_field_color() - the colour number of a field, the same in every view
 * @d:  dissection
 * @li: layer index
 * @fi: field index
 *
 * Return: a number for ik_show_field_sgr().
 */
size_t ik_show_field_color(const struct ik_dissection *d, size_t li, size_t fi);

/**
 * ik_show_field_verdict() - the checksum verdict about a field, if any
 * @l:  layer
 * @fi: field index
 *
 * Return: the verdict, or NULL.
 */
const struct ik_verdict *ik_show_field_verdict(const struct ik_dlayer *l, size_t fi);

/**
 * ik_show_field_span() - the octets of a field present in the packet
 * @l:     layer
 * @fi:    field index
 * @first: first octet, relative to the layer
 * @count: octets present (0: the field is not in the packet)
 * @whole: octets the field should have
 */
void ik_show_field_span(const struct ik_dlayer *l, size_t fi, size_t *first, size_t *count,
		     size_t *whole);

/**
 * ik_show_bytes_preview() - "N octets: xx xx ..." cut to @width characters
 * @d:     dissection
 * @l:     layer
 * @fi:    field index (an IK_FMT_BYTES field)
 * @width: characters available
 * @buf:   output
 * @cap:   its size
 */
void ik_show_bytes_preview(const struct ik_dissection *d, const struct ik_dlayer *l, size_t fi,
			size_t width, char *buf, size_t cap);

/**
 * ik_show_lead_width() - the columns ik_show_lead() prints
 * @o:     options
 * @depth: nesting depth
 *
 * Return: the width of the indent prefix plus 4 per level.
 */
size_t ik_show_lead_width(const struct ik_show_opts *o, unsigned depth);

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
	       const char *text);

/**
 * ik_show_value_text() - the bare value of a field of at most 64 bits, by
 * its print format ("0x4e59", "192.0.2.1", "0b010", "84")
 * @f:   field
 * @val: value
 * @buf: output
 * @cap: its size
 *
 * Return: the length of the full text (as snprintf).
 */
size_t ik_show_value_text(const struct ik_field *f, uint64_t val, char *buf, size_t cap);

/**
 * ik_show_meaning_of() - ik_show_field_meaning() of a value already read
 * @d:   dissection
 * @l:   layer
 * @fi:  field index (not an IK_FMT_BYTES field)
 * @val: the field's value
 * @buf: output
 * @cap: its size (> 0)
 *
 * Return: true if the field has a meaning.
 */
bool ik_show_meaning_of(const struct ik_dissection *d, const struct ik_dlayer *l, size_t fi,
			uint64_t val, char *buf, size_t cap);

/**
 * ik_show_ipv6_text() - the RFC 5952 text of an IPv6 address field
 * @l:   layer
 * @fi:  field index
 * @hdr: the layer's first octet
 * @buf: output, at least IK_IPV6_ADDR_STRLEN (46) octets
 *
 * Return: true when the field is an IK_FMT_IPV6 one whole in the packet.
 */
bool ik_show_ipv6_text(const struct ik_dlayer *l, size_t fi, const uint8_t *hdr, char *buf);

#endif
