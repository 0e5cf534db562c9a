/* SPDX-License-Identifier: MIT */
/* input.h - reading packets for `icmpkit decode`: hex text, raw files, pcap
 * (captures through the device layer, icmpkit/capread.h) */
#ifndef ICMPKIT_CLI_INPUT_H
#define ICMPKIT_CLI_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "icmpkit/capread.h"

#define CLI_MAX_PACKET 65535u /* the longest IPv4 datagram */

/**
 * cli_pkt_fn - called for every packet an input holds
 * @ctx: caller's context
 * @p:   the packet (valid during the call); for hex text and raw files
 *       @p->frame_len and @p->frame_cap are @p->len, @p->link is NULL and
 *       there is no time
 *
 * Return: 0 to go on, non-zero to stop reading.
 */
typedef int (*cli_pkt_fn)(void *ctx, const struct ik_cap_pkt *p);

enum cli_file_kind {
	CLI_FILE_AUTO, /* pcap/pcapng by magic, hex text if it is text, else raw */
	CLI_FILE_RAW,  /* one datagram, binary */
	CLI_FILE_PCAP, /* pcap or pcapng, through libpcap */
};

/**
 * cli_hex_parse() - hex text to octets
 * @text: text; spaces, tabs, newlines, ':' and ',' separate; a token may
 *        start with 0x; '#' starts a comment; a tcpdump offset ("0x0010:")
 *        at the start of a line is skipped
 * @n:    its length
 * @out:  output, CLI_MAX_PACKET octets
 * @olen: octets written
 * @err:  message on failure
 * @ecap: its size
 *
 * Return: 0, or -1 (odd digit count, a non-hex character, too long, empty).
 */
int cli_hex_parse(const char *text, size_t n, uint8_t *out, size_t *olen, char *err, size_t ecap);

/**
 * cli_read_text() - hex packets separated by blank lines
 * @text: text
 * @n:    its length
 * @fn:   called per packet (NULL: only check the hex)
 * @ctx:  its context
 * @err:  message on failure
 * @ecap: its size
 *
 * Return: 0, 1 when @fn stopped the walk, or -1 on bad hex (nothing is
 * passed to @fn then).
 */
int cli_read_text(const char *text, size_t n, cli_pkt_fn fn, void *ctx, char *err, size_t ecap);

/**
 * cli_read_path() - every packet of a file ("-": standard input)
 * @path: file
 * @kind: enum cli_file_kind
 * @fn:   called per packet
 * @ctx:  its context
 * @err:  message on failure
 * @ecap: its size
 *
 * Return: 0; 1 when @fn stopped the walk; -1 when the file cannot be opened
 * or is not what @kind says (nothing read); -2 when the capture cannot be
 * read to its end (truncated, or frames of an unsupported link type);
 * -3 for bad hex text.
 */
int cli_read_path(const char *path, enum cli_file_kind kind, cli_pkt_fn fn, void *ctx, char *err,
		  size_t ecap);

#endif
