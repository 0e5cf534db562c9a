/* SPDX-License-Identifier: MIT */
/**
 * DOC: pcapng capture files with several interfaces
 * Layer: dev (include/icmpkit/README.md)
 *
 * libpcap writes only one link per file, so a capture of several devices
 * at once (`icmpkit router --pcap`) is written here: one Section Header
 * Block, one Interface Description Block per interface (its name in
 * if_name, nanosecond timestamps), and one Enhanced Packet Block per packet
 * carrying its interface's id and its direction in epb_flags, as the
 * pcapng specification (draft-ietf-opsawg-pcapng) lays them out. Blocks are
 * written in host byte order (the Byte-Order Magic tells readers which).
 *
 * Every interface must be added before the first packet. Functions return
 * 0 (or an id) on success and a negative POSIX errno on failure.
 */
#ifndef ICMPKIT_PCAPNG_H
#define ICMPKIT_PCAPNG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IK_PCAPNG_LINKTYPE_RAW  101 /* LINKTYPE_RAW: IPv4 or IPv6, no link header */
#define IK_PCAPNG_LINKTYPE_IPV4 228 /* LINKTYPE_IPV4: IPv4 only */
#define IK_PCAPNG_SNAPLEN       65535

/* ik_pcapng_put() directions (epb_flags bits 0-1) */
#define IK_PCAPNG_IN  1u /* inbound: received on the interface */
#define IK_PCAPNG_OUT 2u /* outbound: sent out of it */

struct ik_pcapng;

/**
 * ik_pcapng_open() - create a pcapng file and write its Section Header
 * @path:   file to create (truncated)
 * @appl:   the writing application, for shb_userappl (may be NULL)
 * @errbuf: at least 256 octets, filled on failure
 *
 * Return: the writer, or NULL with @errbuf set.
 */
struct ik_pcapng *ik_pcapng_open(const char *path, const char *appl, char *errbuf);

/**
 * ik_pcapng_add_iface() - write an Interface Description Block
 * @w:        writer
 * @name:     if_name (may be NULL: none)
 * @linktype: LINKTYPE_* of its packets (IK_PCAPNG_LINKTYPE_IPV4, ...)
 *
 * Timestamps of the interface are in nanoseconds (if_tsresol 9).
 *
 * Return: the interface id (0, 1, ... in order), or -EINVAL (NULL writer,
 * or a packet was already written), or the write's errno.
 */
int ik_pcapng_add_iface(struct ik_pcapng *w, const char *name, uint16_t linktype);

/**
 * ik_pcapng_put() - write one packet as an Enhanced Packet Block
 * @w:     writer
 * @iface: id from ik_pcapng_add_iface()
 * @pkt:   packet
 * @len:   octets (at most IK_PCAPNG_SNAPLEN)
 * @ts_ns: timestamp, nanoseconds since the Unix epoch (or any clock)
 * @dir:   IK_PCAPNG_IN, IK_PCAPNG_OUT, or 0 (not said)
 *
 * Return: 0, -EINVAL (no such interface, bad length or direction), or the
 * write's errno.
 */
int ik_pcapng_put(struct ik_pcapng *w, unsigned iface, const uint8_t *pkt, size_t len,
		  uint64_t ts_ns, unsigned dir);

/**
 * ik_pcapng_flush() - push buffered blocks to the file
 * @w: writer
 *
 * Return: 0, or a negative errno.
 */
int ik_pcapng_flush(struct ik_pcapng *w);

/**
 * ik_pcapng_status() - the first write error (after it nothing more is
 * written) and the packets not recorded: those after it and those
 * buffered when it came
 * @w: writer (NULL: 0); @dropped: filled, may be NULL
 *
 * Return: 0 while every packet was written, else the negative errno.
 */
int ik_pcapng_status(const struct ik_pcapng *w, uint64_t *dropped);

/**
 * ik_pcapng_close() - flush and close; NULL is ignored
 * @w: writer
 *
 * Return: 0, or a negative errno when a write or the close failed (the
 * file may then be incomplete).
 */
int ik_pcapng_close(struct ik_pcapng *w);

#ifdef __cplusplus
}
#endif
#endif
