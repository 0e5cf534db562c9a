// SPDX-License-Identifier: MIT
/*
 * pcapio.c - pcap capture files of raw IPv4 packets, written with libpcap
 *
 * The file uses LINKTYPE_RAW and nanosecond timestamps, taken from the
 * caller (a virtual clock in the simulated network), so the same run always
 * writes the same bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "captrack.h"
#include "pcap_lazy.h"

#include "icmpkit/err.h"
#include "icmpkit/pcapio.h"

#define IK_PCAP_SNAPLEN 65535

/**
 * struct ik_pcap_writer - an open capture file
 * @pcap:    the "dead" handle that carries link type and precision
 * @dump:    the file being written
 * @err:     the first write error (a negative errno), 0 while none
 * @dropped: packets not recorded: after the first error, and those stdio
 *           had buffered when it came (the file is cut back to its last
 *           whole record)
 * @track:   where the records end
 */
struct ik_pcap_writer {
	pcap_t *pcap;
	pcap_dumper_t *dump;
	int err;
	uint64_t dropped;
	struct ik_captrack track;
};

/**
 * failed() - the first write error: the file cut back to its last whole
 * record, what did not reach it counted, nothing more written
 * @w: writer; @e: errno
 */
static void failed(struct ik_pcap_writer *w, int e)
{
	w->err = -(e ? e : EIO);
	w->dropped += ik_captrack_fail(&w->track, ik_pcap()->dump_file(w->dump));
}

/**
 * ik_pcap_writer_open() - create a pcap file for raw IPv4 packets
 * @path:   file to create (truncated)
 * @errbuf: at least 256 octets, filled on failure
 *
 * Return: a writer, or NULL with @errbuf set.
 */
struct ik_pcap_writer *ik_pcap_writer_open(const char *path, char *errbuf)
{
	struct ik_pcap_writer *w;

	if (!path || !errbuf) {
		if (errbuf)
			snprintf(errbuf, 256, "pcap: no file name");
		return NULL;
	}
	if (!ik_pcap_lib(errbuf, 256))
		return NULL;
	w = calloc(1, sizeof(*w));
	if (!w) {
		snprintf(errbuf, 256, "pcap: %s", strerror(errno));
		return NULL;
	}
	w->pcap = ik_pcap()->open_dead_with_tstamp_precision(DLT_RAW, IK_PCAP_SNAPLEN,
							  PCAP_TSTAMP_PRECISION_NANO);
	if (!w->pcap) {
		snprintf(errbuf, 256, "pcap: cannot create a raw IPv4 handle");
		free(w);
		return NULL;
	}
	w->dump = ik_pcap()->dump_open(w->pcap, path);
	ik_captrack_head(&w->track, 24); /* the pcap file header */
	if (!w->dump) {
		snprintf(errbuf, 256, "pcap: %s: %s", path, ik_pcap()->geterr(w->pcap));
		ik_pcap()->close(w->pcap);
		free(w);
		return NULL;
	}
	return w;
}

/**
 * ik_pcap_writer_put() - append one packet
 * @w:     writer
 * @pkt:   IPv4 datagram
 * @len:   octets
 * @ts_ns: timestamp in nanoseconds
 *
 * With nanosecond precision libpcap reads the tv_usec member as
 * nanoseconds.
 *
 * Return: 0, or -IK_EINVAL for a NULL writer or packet or a length above
 * the snap length.
 */
int ik_pcap_writer_put(struct ik_pcap_writer *w, const uint8_t *pkt, size_t len, uint64_t ts_ns)
{
	struct pcap_pkthdr h;

	if (!w || (!pkt && len) || len > IK_PCAP_SNAPLEN)
		return -IK_EINVAL;
	if (w->err) {
		w->dropped++;
		return w->err;
	}
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(ts_ns / 1000000000u);
	h.ts.tv_usec = (suseconds_t)(ts_ns % 1000000000u);
	h.caplen = (bpf_u_int32)len;
	h.len = (bpf_u_int32)len;
	errno = 0;
	ik_pcap()->dump((u_char *)w->dump, &h, pkt ? pkt : (const uint8_t *)"");
	ik_captrack_record(&w->track, 16 + len);
	if (ferror(ik_pcap()->dump_file(w->dump))) {
		failed(w, errno);
		return w->err;
	}
	return 0;
}

/**
 * ik_pcap_writer_flush() - push what is buffered to the file
 * @w: writer
 *
 * Return: 0, or the first write error (a negative errno).
 */
int ik_pcap_writer_flush(struct ik_pcap_writer *w)
{
	if (!w)
		return -IK_EINVAL;
	if (!w->err) {
		errno = 0;
		if (ik_pcap()->dump_flush(w->dump) < 0)
			failed(w, errno);
	}
	return w->err;
}

/**
 * ik_pcap_writer_status() - the first write error, and how many packets
 * were not recorded
 * @w: writer; @dropped: filled (may be NULL)
 *
 * Return: 0 while every packet was written, else the negative errno.
 */
int ik_pcap_writer_status(const struct ik_pcap_writer *w, uint64_t *dropped)
{
	if (dropped)
		*dropped = w ? w->dropped : 0;
	return w ? w->err : 0;
}

/**
 * ik_pcap_writer_close() - flush and close; NULL is ignored
 * @w: writer
 */
void ik_pcap_writer_close(struct ik_pcap_writer *w)
{
	if (!w)
		return;
	ik_pcap()->dump_close(w->dump);
	ik_pcap()->close(w->pcap);
	free(w);
}
