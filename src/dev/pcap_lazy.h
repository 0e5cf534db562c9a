/* SPDX-License-Identifier: MIT */
/* pcap_lazy.h - libpcap, loaded when a capture is first opened
 * Layer: dev (internal)
 *
 * Linking libpcap brings its dependency chain (D-Bus, systemd, libgcrypt,
 * lz4, zstd) into every icmpkit process and costs each start about 3 ms,
 * more than a whole sweep of 508 addresses takes. Only reading or writing
 * a capture needs it, so capread.c and pcapio.c call libpcap through this
 * table, filled by dlopen() the first time one of them opens a file.
 */
#ifndef ICMPKIT_DEV_PCAP_LAZY_H
#define ICMPKIT_DEV_PCAP_LAZY_H

#include <stddef.h>
#include <stdio.h>

#include <pcap/pcap.h>

/**
 * struct ik_pcap_fns - the libpcap functions icmpkit uses, with their
 * libpcap types
 */
struct ik_pcap_fns {
	pcap_t *(*open_offline_with_tstamp_precision)(const char *, u_int, char *);
	pcap_t *(*fopen_offline_with_tstamp_precision)(FILE *, u_int, char *);
	pcap_t *(*open_dead_with_tstamp_precision)(int, int, u_int);
	int (*datalink)(pcap_t *);
	const char *(*datalink_val_to_name)(int);
	int (*next_ex)(pcap_t *, struct pcap_pkthdr **, const u_char **);
	char *(*geterr)(pcap_t *);
	void (*close)(pcap_t *);
	pcap_dumper_t *(*dump_open)(pcap_t *, const char *);
	void (*dump)(u_char *, const struct pcap_pkthdr *, const u_char *);
	void (*dump_close)(pcap_dumper_t *);
	int (*dump_flush)(pcap_dumper_t *);
	FILE *(*dump_file)(pcap_dumper_t *);
};

/**
 * ik_pcap_lib() - libpcap's functions, loaded on the first call
 * @err / @errlen: why it could not be loaded
 *
 * Return: the table, or NULL with @err set.
 */
const struct ik_pcap_fns *ik_pcap_lib(char *err, size_t errlen);

/**
 * ik_pcap() - the table, once ik_pcap_lib() has loaded it (every caller
 * holds a handle that ik_pcap_lib() made possible)
 *
 * Return: the table.
 */
const struct ik_pcap_fns *ik_pcap(void);

#endif
