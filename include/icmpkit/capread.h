/* SPDX-License-Identifier: MIT */
/**
 * DOC: reading captures (through libpcap)
 * Layer: dev (include/icmpkit/README.md)
 *
 * A reader opens a pcap or pcapng file and hands out its frames one by one
 * with their capture time (to the nanosecond) and the IPv4 datagram or
 * IPv6 packet each holds: Ethernet (with 802.1Q/802.1ad VLAN tags), raw IP
 * (LINKTYPE_RAW by the Version nibble, LINKTYPE_IPV4, LINKTYPE_IPV6), Linux
 * cooked captures v1 and v2 and BSD loopback frames are unwrapped. A frame
 * that holds something else (ARP, LLDP, ...) is skipped and one that is too
 * short for its link header is unreadable; either way the packet says why
 * in a line of text.
 *
 * ik_cap_strip() does the unwrapping alone, for frames from elsewhere.
 */
#ifndef ICMPKIT_CAPREAD_H
#define ICMPKIT_CAPREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IK_CAP_ERRBUF 256 /* size of the error buffers below */

/**
 * struct ik_cap_pkt - one frame of a capture and the IPv4 datagram in it
 * @frame:     the frame as captured
 * @data:      the IPv4 datagram (link-layer header removed), NULL when the
 *             frame is skipped or unreadable
 * @len:       its captured length
 * @frame_len: length of the frame on the wire
 * @frame_cap: octets of the frame captured (less than @frame_len when the
 *             capture was snapped)
 * @link:      what carried it ("Ethernet", "raw IP", ...), or NULL
 * @vlans:     VLAN tags removed
 * @has_time:  @sec/@nsec hold the capture time (always, from ik_cap_next())
 * @sec:       seconds since the epoch
 * @nsec:      nanoseconds
 * @skip:      set when the frame holds no IPv4 datagram: why
 * @bad:       set when the frame cannot be read: why
 */
struct ik_cap_pkt {
	const uint8_t *frame;
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

struct ik_cap_reader;

/**
 * ik_cap_open() - open a pcap or pcapng file for reading
 * @path:   file
 * @errbuf: IK_CAP_ERRBUF octets, filled on failure
 *
 * Return: a reader, or NULL with libpcap's reason in @errbuf (the file
 * cannot be opened or is not a capture).
 */
struct ik_cap_reader *ik_cap_open(const char *path, char *errbuf);

/**
 * ik_cap_open_stream() - read a capture from an open stream
 * @f:      stream (a pipe, standard input or fmemopen() will do)
 * @errbuf: IK_CAP_ERRBUF octets, filled on failure
 *
 * Return: a reader that owns @f and closes it in ik_cap_close(), or NULL
 * with @errbuf set, @f then still the caller's.
 */
struct ik_cap_reader *ik_cap_open_stream(FILE *f, char *errbuf);

/**
 * ik_cap_link() - the link type of a capture's frames
 * @r: reader
 *
 * Return: the libpcap link type (DLT_*).
 */
int ik_cap_link(const struct ik_cap_reader *r);

/**
 * ik_cap_next() - the next frame
 * @r:      reader
 * @p:      filled with the frame, its time and, unless @p->skip or @p->bad
 *          is set, the datagram; valid until the next call or ik_cap_close()
 * @errbuf: IK_CAP_ERRBUF octets, filled on failure
 *
 * Return: 1 with @p filled, 0 after the last frame, -IK_ETYPE when the
 * capture's link type is not supported (before any frame is read) or
 * -IK_ETRUNC when the file cannot be read on (truncated or damaged), with
 * the reason in @errbuf.
 */
int ik_cap_next(struct ik_cap_reader *r, struct ik_cap_pkt *p, char *errbuf);

/**
 * ik_cap_close() - close a reader and its file; NULL is ignored
 * @r: reader
 */
void ik_cap_close(struct ik_cap_reader *r);

/**
 * ik_cap_strip() - find the IPv4 datagram in a frame
 * @dlt:   libpcap link type (DLT_*)
 * @frame: frame
 * @len:   captured octets
 * @p:     fills @frame, @data, @len, @link, @vlans, @skip and @bad (the
 *         other members are left alone)
 *
 * Return: 0 with @p->data set, 1 when the frame holds no IPv4 datagram
 * (@p->skip says what it holds), -1 when it cannot be read: too short for
 * its link header, or a link type that is not supported (@p->bad).
 */
int ik_cap_strip(int dlt, const uint8_t *frame, size_t len, struct ik_cap_pkt *p);

/**
 * ik_cap_link_supported() - whether frames of link type @dlt can be read
 * @dlt: libpcap link type
 *
 * Return: true for Ethernet, raw IP (DLT_RAW, DLT_IPV4), Linux cooked v1
 * and v2, BSD loopback (DLT_NULL, DLT_LOOP).
 */
bool ik_cap_link_supported(int dlt);

/**
 * ik_cap_is_capture() - whether octets start like a pcap or pcapng file
 * @p: the first octets of a file
 * @n: their count (4 are looked at)
 *
 * Return: true for the pcap (micro- or nanosecond, either byte order) and
 * pcapng magic numbers.
 */
bool ik_cap_is_capture(const uint8_t *p, size_t n);

#ifdef __cplusplus
}
#endif
#endif
