// SPDX-License-Identifier: MIT
/* pcap_lazy.c - libpcap loaded by dlopen() when a capture is first opened */
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#include "pcap_lazy.h"

static struct ik_pcap_fns fns;
static const char *load_err;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* the soname Debian ships, then other distributions' names */
static const char *const sonames[] = { IK_PCAP_SONAME, "libpcap.so.0.8", "libpcap.so.1",
				       "libpcap.so" };

/**
 * sym() - one symbol of @h into @slot
 * @h: the library; @name: symbol; @slot: where it goes
 *
 * Return: 0, or -1.
 */
static int sym(void *h, const char *name, void *slot)
{
	void *p = dlsym(h, name);

	if (!p)
		return -1;
	memcpy(slot, &p, sizeof(p));
	return 0;
}

/**
 * load() - dlopen() libpcap and fill the table (once)
 */
static void load(void)
{
	void *h = NULL;

	for (size_t i = 0; i < sizeof(sonames) / sizeof(sonames[0]) && !h; i++)
		if (*sonames[i])
			h = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		load_err = "cannot load libpcap (install libpcap0.8)";
		return;
	}
	if (sym(h, "pcap_open_offline_with_tstamp_precision", &fns.open_offline_with_tstamp_precision) ||
	    sym(h, "pcap_fopen_offline_with_tstamp_precision", &fns.fopen_offline_with_tstamp_precision) ||
	    sym(h, "pcap_open_dead_with_tstamp_precision", &fns.open_dead_with_tstamp_precision) ||
	    sym(h, "pcap_datalink", &fns.datalink) ||
	    sym(h, "pcap_datalink_val_to_name", &fns.datalink_val_to_name) ||
	    sym(h, "pcap_next_ex", &fns.next_ex) || sym(h, "pcap_geterr", &fns.geterr) ||
	    sym(h, "pcap_close", &fns.close) || sym(h, "pcap_dump_open", &fns.dump_open) ||
	    sym(h, "pcap_dump", &fns.dump) || sym(h, "pcap_dump_close", &fns.dump_close) ||
	    sym(h, "pcap_dump_flush", &fns.dump_flush) || sym(h, "pcap_dump_file", &fns.dump_file)) {
		memset(&fns, 0, sizeof(fns));
		load_err = "libpcap lacks a function icmpkit needs (libpcap 1.5 or later)";
		dlclose(h);
	}
}

/**
 * ik_pcap_lib() - libpcap's functions, loaded on the first call
 * @err / @errlen: why it could not be loaded
 *
 * Return: the table, or NULL with @err set.
 */
const struct ik_pcap_fns *ik_pcap_lib(char *err, size_t errlen)
{
	pthread_once(&once, load);
	if (load_err) {
		snprintf(err, errlen, "%s", load_err);
		return NULL;
	}
	return &fns;
}

/**
 * ik_pcap() - the table, once loaded
 *
 * Return: the table.
 */
const struct ik_pcap_fns *ik_pcap(void)
{
	return &fns;
}
