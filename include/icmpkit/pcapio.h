/* SPDX-License-Identifier: MIT */
/**
 * DOC: pcap capture files (through libpcap)
 * Layer: dev (include/icmpkit/README.md)
 *
 * Writers record raw IPv4 packets (LINKTYPE_RAW) with a caller-given
 * timestamp, so captures of the simulated network are deterministic. A
 * write that fails (a full file system) is remembered: nothing more is
 * written, and the packets not recorded are counted, so a long run keeps
 * going and can say what its capture misses.
 */
#ifndef ICMPKIT_PCAPIO_H
#define ICMPKIT_PCAPIO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ik_pcap_writer;

/**
 * ik_pcap_writer_open() - create a pcap file for raw IPv4 packets
 * @path:   file to create (truncated)
 * @errbuf: at least 256 octets, filled on failure
 *
 * Return: a writer, or NULL with @errbuf set.
 */
struct ik_pcap_writer *ik_pcap_writer_open(const char *path, char *errbuf);

/**
 * ik_pcap_writer_put() - append one packet
 * @w:     writer
 * @pkt:   IPv4 datagram
 * @len:   octets
 * @ts_ns: timestamp in nanoseconds (virtual or real clock)
 *
 * Return: 0, -IK_EINVAL, or the first write error (a negative errno: the
 * packet is counted as not recorded).
 */
int ik_pcap_writer_put(struct ik_pcap_writer *w, const uint8_t *pkt, size_t len, uint64_t ts_ns);

/**
 * ik_pcap_writer_flush() - push what is buffered to the file (a run that
 * may be killed flushes once a second, so the file opens up to then)
 * @w: writer
 *
 * Return: 0, or the first write error (a negative errno).
 */
int ik_pcap_writer_flush(struct ik_pcap_writer *w);

/**
 * ik_pcap_writer_status() - the first write error and the packets not
 * recorded (after it, and those buffered when it came)
 * @w: writer (NULL: 0); @dropped: filled, may be NULL
 *
 * Return: 0 while every packet was written, else the negative errno.
 */
int ik_pcap_writer_status(const struct ik_pcap_writer *w, uint64_t *dropped);

/**
 * ik_pcap_writer_close() - flush and close; NULL is ignored
 * @w: writer
 */
void ik_pcap_writer_close(struct ik_pcap_writer *w);

#ifdef __cplusplus
}
#endif
#endif
