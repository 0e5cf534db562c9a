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

#include "pcap_lazy.h"

#include "icmpkit/err.h"
#include "icmpkit/pcapio.h"

#define IK_PCAP_SNAPLEN 65535

/**
 * struct ik_pcap_writer - an open capture file
 * @pcap: the "dead" handle that carries link type and precision
 * @dump: the file being written
 */
struct ik_pcap_writer {
	pcap_t *pcap;
	pcap_dumper_t *dump;
};

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
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(ts_ns / 1000000000u);
	h.ts.tv_usec = (suseconds_t)(ts_ns % 1000000000u);
	h.caplen = (bpf_u_int32)len;
	h.len = (bpf_u_int32)len;
	ik_pcap()->dump((u_char *)w->dump, &h, pkt ? pkt : (const uint8_t *)"");
	return 0;
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
