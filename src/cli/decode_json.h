/* SPDX-License-Identifier: MIT */
/*
 * decode_json.h - `icmpkit decode --json` written as it goes (private)
 *
 * The array of packets is written as text into one buffer (jsonw.h) and
 * emptied to standard output in large blocks, octet for octet what
 * json_dumpf(JSON_INDENT(2) | JSON_PRESERVE_ORDER) gave for the jansson
 * array the command used to build whole.
 */
#ifndef ICMPKIT_CLI_DECODE_JSON_H
#define ICMPKIT_CLI_DECODE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "icmpkit/capread.h"
#include "icmpkit/dissect.h"
#include "icmpkit/jsonw.h"

/**
 * struct decode_json - the JSON output of a run
 * @w:         the text not yet written out
 * @d:         the dissection of the current packet (one for the run)
 * @out:       where the text goes
 * @can_flush: nothing that follows can still cancel the output (a bad
 *             command line is found only before the first packet of a
 *             capture, but hex text may turn out bad half way): the text
 *             may be written out before the end
 * @day_ok:    @day holds the date of @day_sec
 * @day_sec:   the second @day was made for
 * @day:       "YYYY-MM-DD HH:MM:SS" of @day_sec
 */
struct decode_json {
	struct ik_jw w;
	struct ik_dissection *d;
	FILE *out;
	bool can_flush;
	bool day_ok;
	long long day_sec;
	char day[32];
};

/**
 * decode_json_begin() - start the array
 * @j:   output
 * @out: stream the text goes to
 *
 * Return: 0, or -1 when out of memory.
 */
int decode_json_begin(struct decode_json *j, FILE *out);

/**
 * decode_json_frame() - a frame that holds no IPv4 datagram or cannot be read
 * @j:      output
 * @num:    packet number
 * @origin: the input's name
 * @p:      the frame (@p->skip or @p->bad set)
 */
void decode_json_frame(struct decode_json *j, size_t num, const char *origin,
		       const struct ik_cap_pkt *p);

/**
 * decode_json_packet() - dissect an IPv4 datagram and add it
 * @j:      output
 * @num:    packet number
 * @origin: the input's name
 * @p:      the packet
 *
 * Return: true when the packet is valid.
 */
bool decode_json_packet(struct decode_json *j, size_t num, const char *origin,
			const struct ik_cap_pkt *p);

/**
 * decode_json_end() - close the array and write out what is left
 * @j:     output (its memory released)
 * @print: false when the run failed with a bad command line: nothing
 *         more is written
 *
 * Return: 0, or -1 when the text could not be made or written whole.
 */
int decode_json_end(struct decode_json *j, bool print);

/**
 * decode_time_text() - capture time as "2024-05-01 10:00:00.123456 UTC"
 * @j:   a run's output, whose one-entry cache of the date part is used
 *       (NULL: none)
 * @p:   packet
 * @buf: output
 * @cap: its size (64 is enough)
 *
 * Return: the length written.
 */
size_t decode_time_text(struct decode_json *j, const struct ik_cap_pkt *p, char *buf, size_t cap);

#endif
