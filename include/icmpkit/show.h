/* SPDX-License-Identifier: MIT */
/**
 * DOC: rendering packets for people
 * Layer: show (include/icmpkit/README.md)
 *
 * A dissected packet (see dissect.h) is drawn four ways, all driven by the
 * same field tables so they never disagree:
 *
 * - a one-line summary ("192.168.1.5 -> 192.168.1.10 ICMP Destination
 *   Unreachable (Port Unreachable) about UDP ...");
 * - RFC 791-style bit diagrams, one per header, 32 bits a row, each field
 *   boxed at its bit boundaries with its name and its real value; the
 *   datagram an ICMP error quotes is drawn nested inside the error;
 * - an annotated hex listing: one line per field (or group of fields sharing
 *   octets) with the offset, the octets and "Name=value (meaning)";
 * - the checks: each checksum correct or WRONG (with the right value), each
 *   length consistent or not, and the first error with its offset.
 *
 * ik_show_json() gives the same facts as a jansson object.
 */
#ifndef ICMPKIT_SHOW_H
#define ICMPKIT_SHOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "dissect.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * struct ik_show_opts - what ik_show_packet() prints and how
 * @color:    ANSI colours (decide with ik_show_color_enabled())
 * @summary:  the one-line summary
 * @diagram:  the bit diagrams
 * @hex:      the annotated hex listing
 * @verdicts: the checks and the first error
 * @indent:   prefix of every line printed (NULL: none)
 * @title:    first line (NULL: none), printed bold
 * @width:    columns to fit text in (0: no limit). Titles, summary, legends,
 *            hex annotations and checks are wrapped at spaces; the bit
 *            diagrams are fixed drawings (65 columns, plus the indent and 4
 *            per nesting level) and never are.
 */
struct ik_show_opts {
	bool color;
	bool summary;
	bool diagram;
	bool hex;
	bool verdicts;
	const char *indent;
	const char *title;
	unsigned width;
};

/* ik_show_color_enabled() modes */
enum ik_color_mode {
	IK_COLOR_AUTO,   /* when the output is a terminal and NO_COLOR is unset */
	IK_COLOR_ALWAYS,
	IK_COLOR_NEVER,
};

/* ik_show_field_text() styles, longest first */
enum ik_text_style {
	IK_TEXT_FULL,   /* value and meaning: "3 (Destination Unreachable)" */
	IK_TEXT_MEDIUM, /* what fits a box: "0xb1e6 correct", "5 (20)" */
	IK_TEXT_SHORT,  /* the bare value: "3", "0xb1e6" */
};

/**
 * ik_show_opts_init() - default options: everything on, no colour
 * @o: options to fill
 */
void ik_show_opts_init(struct ik_show_opts *o);

/**
 * ik_show_color_enabled() - whether to colour output written to @f
 * @f:    the stream
 * @mode: enum ik_color_mode
 *
 * AUTO colours only a terminal (isatty) and honours the NO_COLOR
 * environment variable (set and non-empty: no colour).
 *
 * Return: true to colour.
 */
bool ik_show_color_enabled(FILE *f, enum ik_color_mode mode);

/**
 * ik_show_packet() - dissect and print one IPv4 datagram
 * @out: stream
 * @pkt: the datagram
 * @len: its length
 * @o:   options (NULL: defaults of ik_show_opts_init())
 *
 * Prints the title, summary, diagrams, hex listing and checks as @o asks.
 *
 * Return: 0 when the packet is fully valid, 1 otherwise.
 */
int ik_show_packet(FILE *out, const uint8_t *pkt, size_t len, const struct ik_show_opts *o);

/**
 * ik_show_dissection() - print an already dissected packet
 * @out: stream
 * @d:   dissection
 * @o:   options (NULL: defaults)
 *
 * Return: 0 when the packet is fully valid, 1 otherwise.
 */
int ik_show_dissection(FILE *out, const struct ik_dissection *d, const struct ik_show_opts *o);

/**
 * ik_show_summary() - one line naming addresses, protocols, types and ports
 * @d:   dissection
 * @buf: output
 * @cap: its size (text is cut to fit, always terminated when @cap > 0)
 *
 * Return: the length the full summary has (as snprintf).
 */
size_t ik_show_summary(const struct ik_dissection *d, char *buf, size_t cap);

/**
 * ik_show_diagram() - print the bit diagram of every header
 * @out: stream
 * @d:   dissection
 * @o:   options (colour, indent; NULL: defaults)
 */
void ik_show_diagram(FILE *out, const struct ik_dissection *d, const struct ik_show_opts *o);

/**
 * ik_show_hex() - print the annotated hex listing
 * @out: stream
 * @d:   dissection
 * @o:   options (colour, indent; NULL: defaults)
 */
void ik_show_hex(FILE *out, const struct ik_dissection *d, const struct ik_show_opts *o);

/**
 * ik_show_verdicts() - print the checks, the first error and the outcome
 * @out: stream
 * @d:   dissection
 * @o:   options (colour, indent; NULL: defaults)
 */
void ik_show_verdicts(FILE *out, const struct ik_dissection *d, const struct ik_show_opts *o);

/**
 * ik_show_verdict_text() - one verdict in words
 * @v:   verdict
 * @buf: output
 * @cap: its size
 *
 * E.g. "IPv4 header checksum 0xb1e6: correct" or "ICMP checksum 0x0000:
 * WRONG (should be 0xfc3b)".
 *
 * Return: the length of the full text (as snprintf).
 */
size_t ik_show_verdict_text(const struct ik_verdict *v, char *buf, size_t cap);

/**
 * ik_show_field_text() - a field's value as text
 * @d:     dissection
 * @l:     one of @d's layers
 * @fi:    field index in @l's table
 * @style: enum ik_text_style
 * @buf:   output
 * @cap:   its size
 *
 * A field cut short by the end of the packet reads "(truncated)".
 *
 * Return: the length of the full text (as snprintf).
 */
size_t ik_show_field_text(const struct ik_dissection *d, const struct ik_dlayer *l, size_t fi,
			  unsigned style, char *buf, size_t cap);

/**
 * ik_show_field_meaning() - what a field's value stands for, if anything
 * @d:   dissection
 * @l:   one of @d's layers
 * @fi:  field index in @l's table
 * @buf: output
 * @cap: its size
 *
 * E.g. "Destination Unreachable" for an ICMP Type of 3, "UDP" for a
 * Protocol of 17, "DF" for flags, "correct" for a checksum, "20 octets" for
 * an IHL of 5.
 *
 * Return: true if the field has a meaning (written to @buf).
 */
bool ik_show_field_meaning(const struct ik_dissection *d, const struct ik_dlayer *l, size_t fi,
			   char *buf, size_t cap);

/**
 * ik_show_field_listed() - whether field @fi of layer @l is listed (by the
 * JSON and the report page): some of it is in the packet, or it is an
 * opaque-octets field (listed even when empty)
 * @l:  layer (with a field table)
 * @fi: field index
 *
 * Return: true if so.
 */
bool ik_show_field_listed(const struct ik_dlayer *l, size_t fi);

/**
 * ik_show_field_name() - the name a field is shown with (a data layer's
 * one field takes the layer's title)
 * @l:  layer (with a field table)
 * @fi: field index
 *
 * Return: static or layer-owned string.
 */
const char *ik_show_field_name(const struct ik_dlayer *l, size_t fi);

/**
 * ik_show_verdict_status() - the word the JSON gives a verdict's status:
 * "correct" / "wrong" (checksums), "consistent" / "inconsistent"
 * (lengths), "not_verifiable", "absent"
 * @v: verdict
 *
 * Return: static string.
 */
const char *ik_show_verdict_status(const struct ik_verdict *v);

/**
 * ik_show_text_width() - the columns @n octets of @s take on a terminal
 * @s: text (UTF-8, may hold ANSI escape sequences)
 * @n: octets of it to measure
 *
 * A UTF-8 character counts one column, an escape sequence none.
 *
 * Return: the number of columns.
 */
size_t ik_show_text_width(const char *s, size_t n);

/**
 * ik_show_wrap() - print text, breaking it at spaces to fit a width
 * @out:   stream
 * @text:  the text (UTF-8, may hold ANSI escape sequences)
 * @col:   the column the text starts at (what is already on the line)
 * @width: columns of the whole line (0: no limit, @text printed as it is)
 * @hang:  what starts each continuation line (spaces, usually)
 *
 * Runs of spaces between words are kept except where the line breaks; a
 * word wider than a line is printed whole. No newline follows the text.
 */
void ik_show_wrap(FILE *out, const char *text, size_t col, size_t width, const char *hang);

/**
 * ik_show_json() - the dissection as JSON
 * @d: dissection
 *
 * An object {"length", "valid", "summary", "error": {offset, code,
 * message} or null, "layers": [{kind, title, key, depth, offset, length,
 * wanted_length, fields: [{name, key, offset, bit_offset, bits, value,
 * text, meaning?, hex?}], verdicts: [{kind, status, what, value, expected,
 * note, text, field?}]}]}.
 *
 * Return: a new reference (json_decref() it), or NULL when out of memory.
 */
json_t *ik_show_json(const struct ik_dissection *d);

struct ik_jw;

/**
 * ik_show_json_write() - ik_show_json()'s members written as text
 * @w: writer (jsonw.h) inside an open object
 * @d: dissection
 *
 * Appends "length", "valid", ... "layers" to the object @w has open, with
 * the same values, order and layout json_dumpf(JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER) gives ik_show_json()'s object at that depth, and
 * without building it: no allocation but the growth of @w's buffer.
 */
void ik_show_json_write(struct ik_jw *w, const struct ik_dissection *d);

#ifdef __cplusplus
}
#endif
#endif
