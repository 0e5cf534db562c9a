/* SPDX-License-Identifier: MIT */
/* input.h - reading packets for `icmpkit decode`: hex text, raw files, pcap */
#ifndef ICMPKIT_CLI_INPUT_H
#define ICMPKIT_CLI_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CLI_MAX_PACKET 65535u /* the longest IPv4 datagram */

/**
 * struct cli_pkt - one packet read from some input
 * @data:      the IPv4 datagram (link-layer header removed)
 * @len:       its captured length
 * @frame_len: length of the frame on the wire (pcap), else @len
 * @frame_cap: octets of the frame captured (pcap), else @len
 * @link:      what carried it ("Ethernet", "raw IPv4", ...), or NULL
 * @vlans:     VLAN tags removed
 * @has_time:  @sec/@nsec hold the capture time
 * @sec:       seconds since the epoch
 * @nsec:      nanoseconds
 * @skip:      set when the frame holds no IPv4 datagram: why
 * @bad:       set when the frame cannot be read: why
 */
struct cli_pkt {
	const uint8_t *data;
	size_t len;
	size_t frame_len;
	size_t frame_cap;
	const char *link;
	unsigned vlans;
	bool has_time;
	int64_t sec;
	uint32_t nsec;
	char skip[80];
	char bad[80];
};

/**
 * cli_pkt_fn - called for every packet an input holds
 * @ctx: caller's context
 * @p:   the packet (valid during the call)
 *
 * Return: 0 to go on, non-zero to stop reading.
 */
typedef int (*cli_pkt_fn)(void *ctx, const struct cli_pkt *p);

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

/**
 * cli_link_strip() - find the IPv4 datagram in a captured frame
 * @dlt:   libpcap link type (DLT_*)
 * @frame: frame
 * @len:   captured octets
 * @p:     packet to fill (data, len, link, vlans, skip, bad)
 *
 * Return: 0 with @p->data set, 1 when the frame is skipped (@p->skip), -1
 * when it cannot be read (@p->bad).
 */
int cli_link_strip(int dlt, const uint8_t *frame, size_t len, struct cli_pkt *p);

/**
 * cli_link_supported() - whether frames of link type @dlt can be read
 * @dlt: libpcap link type
 *
 * Return: true for Ethernet, raw IPv4, Linux cooked (v1, v2), BSD loopback.
 */
bool cli_link_supported(int dlt);

#endif
