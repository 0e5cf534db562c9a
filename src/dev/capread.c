// SPDX-License-Identifier: MIT
/*
 * capread.c - pcap/pcapng captures read with libpcap, link layer removed
 *
 * Captures are opened with nanosecond precision, so libpcap hands the
 * timestamp's fraction over in tv_usec as nanoseconds. Ethernet (with VLAN
 * tags), raw IP, Linux cooked captures v1 and v2 and BSD loopback frames
 * are unwrapped to their IPv4 datagram; other frames are reported and
 * skipped.
 */
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "pcap_lazy.h"

#include "icmpkit/bytes.h"
#include "icmpkit/capread.h"
#include "icmpkit/err.h"

#define ETH_IPV4 0x0800
#define ETH_IPV6 0x86dd
#define ETH_HDR 14
#define SLL_HDR 16
#define SLL2_HDR 20

#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6 229
#endif
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif

/**
 * struct ik_cap_reader - an open capture
 * @pc:  libpcap's handle
 * @dlt: its link type
 */
struct ik_cap_reader {
	pcap_t *pc;
	int dlt;
};

/**
 * reader() - a reader around a libpcap handle
 * @path:   file to open, or NULL to read @f
 * @f:      stream to read when @path is NULL
 * @errbuf: IK_CAP_ERRBUF octets, filled on failure
 *
 * The reader is allocated first so that a failure leaves @f unclosed.
 *
 * Return: the reader, or NULL.
 */
static struct ik_cap_reader *reader(const char *path, FILE *f, char *errbuf)
{
	const struct ik_pcap_fns *pc = ik_pcap_lib(errbuf, IK_CAP_ERRBUF);
	struct ik_cap_reader *r;

	if (!pc)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(errbuf, IK_CAP_ERRBUF, "out of memory");
		return NULL;
	}
	r->pc = path ? pc->open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, errbuf)
		     : pc->fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	if (!r->pc) {
		free(r);
		return NULL;
	}
	r->dlt = pc->datalink(r->pc);
	return r;
}

/**
 * ik_cap_open() - open a pcap or pcapng file for reading
 * @path:   file
 * @errbuf: IK_CAP_ERRBUF octets, filled on failure
 *
 * Return: a reader, or NULL with @errbuf set.
 */
struct ik_cap_reader *ik_cap_open(const char *path, char *errbuf)
{
	if (!path) {
		snprintf(errbuf, IK_CAP_ERRBUF, "no file name");
		return NULL;
	}
	return reader(path, NULL, errbuf);
}

/**
 * ik_cap_open_stream() - read a capture from an open stream
 * @f:      stream
 * @errbuf: IK_CAP_ERRBUF octets, filled on failure
 *
 * Return: a reader owning @f (libpcap closes it with the handle), or NULL
 * with @errbuf set and @f left open.
 */
struct ik_cap_reader *ik_cap_open_stream(FILE *f, char *errbuf)
{
	if (!f) {
		snprintf(errbuf, IK_CAP_ERRBUF, "no stream");
		return NULL;
	}
	return reader(NULL, f, errbuf);
}

/**
 * ik_cap_link() - the link type of a capture's frames
 * @r: reader
 *
 * Return: the libpcap link type (DLT_*).
 */
int ik_cap_link(const struct ik_cap_reader *r)
{
	return r->dlt;
}

/**
 * ik_cap_next() - the next frame
 * @r:      reader
 * @p:      filled with the frame
 * @errbuf: IK_CAP_ERRBUF octets, filled on failure
 *
 * Return: 1, 0 after the last frame, -IK_ETYPE for an unsupported link
 * type, -IK_ETRUNC when the file cannot be read on.
 */
int ik_cap_next(struct ik_cap_reader *r, struct ik_cap_pkt *p, char *errbuf)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;

	if (!ik_cap_link_supported(r->dlt)) {
		const char *name = ik_pcap()->datalink_val_to_name(r->dlt);

		snprintf(errbuf, IK_CAP_ERRBUF, "link type %s (%d) is not supported",
			 name ? name : "?", r->dlt);
		return -IK_ETYPE;
	}
	rc = ik_pcap()->next_ex(r->pc, &h, &data);
	if (rc == PCAP_ERROR) {
		snprintf(errbuf, IK_CAP_ERRBUF, "%s", ik_pcap()->geterr(r->pc));
		return -IK_ETRUNC;
	}
	if (rc != 1)
		return 0; /* PCAP_ERROR_BREAK: no more frames */
	memset(p, 0, sizeof(*p));
	p->frame_len = h->len;
	p->frame_cap = h->caplen;
	p->has_time = true;
	p->sec = h->ts.tv_sec;
	p->nsec = (uint32_t)h->ts.tv_usec; /* nanoseconds: opened with nano precision */
	ik_cap_strip(r->dlt, data, h->caplen, p);
	return 1;
}

/**
 * ik_cap_close() - close a reader and its file; NULL is ignored
 * @r: reader
 */
void ik_cap_close(struct ik_cap_reader *r)
{
	if (!r)
		return;
	ik_pcap()->close(r->pc);
	free(r);
}

/**
 * ik_cap_link_supported() - whether frames of link type @dlt can be read
 * @dlt: libpcap link type
 *
 * Return: true for Ethernet, raw IP, Linux cooked (v1, v2), BSD loopback.
 */
bool ik_cap_link_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
	case DLT_LINUX_SLL:
	case DLT_LINUX_SLL2:
	case DLT_NULL:
	case DLT_LOOP:
		return true;
	default:
		return false;
	}
}

/**
 * ik_cap_is_capture() - whether octets start like a pcap or pcapng file
 * @p: octets
 * @n: their count
 *
 * Return: true for a capture's magic number.
 */
bool ik_cap_is_capture(const uint8_t *p, size_t n)
{
	uint32_t m;

	if (n < 4)
		return false;
	m = ik_get32(p);
	return m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d || m == 0x4d3cb2a1 ||
	       m == 0x0a0d0d0a;
}

/**
 * ethertype_name() - name of a common EtherType
 * @t: EtherType
 *
 * Return: static string.
 */
static const char *ethertype_name(unsigned t)
{
	switch (t) {
	case 0x0806:
		return "ARP";
	case 0x86dd:
		return "IPv6";
	case 0x8035:
		return "RARP";
	case 0x88cc:
		return "LLDP";
	case 0x8847:
	case 0x8848:
		return "MPLS";
	default:
		return "not IPv4";
	}
}

/**
 * by_ethertype() - keep an IPv4 or IPv6 payload, skip others
 * @p:     packet
 * @t:     EtherType / protocol of the payload
 * @frame: frame
 * @len:   captured octets
 * @hdr:   link header length
 *
 * Return: 0 or 1 as ik_cap_strip().
 */
static int by_ethertype(struct ik_cap_pkt *p, unsigned t, const uint8_t *frame, size_t len,
			size_t hdr)
{
	if (t != ETH_IPV4 && t != ETH_IPV6) {
		snprintf(p->skip, sizeof(p->skip), "%s frame, EtherType 0x%04x (%s)", p->link, t,
			 ethertype_name(t));
		return 1;
	}
	p->data = frame + hdr;
	p->len = len - hdr;
	return 0;
}

/**
 * ik_cap_strip() - find the IPv4 datagram in a frame
 * @dlt:   libpcap link type (DLT_*)
 * @frame: frame
 * @len:   captured octets
 * @p:     packet to fill
 *
 * Return: 0 with @p->data set, 1 when the frame is skipped, -1 when it
 * cannot be read.
 */
int ik_cap_strip(int dlt, const uint8_t *frame, size_t len, struct ik_cap_pkt *p)
{
	size_t off;
	unsigned t;

	p->frame = frame;
	p->data = NULL;
	p->len = 0;
	p->link = NULL;
	p->vlans = 0;
	p->skip[0] = p->bad[0] = 0;
	switch (dlt) {
	case DLT_EN10MB:
		p->link = "Ethernet";
		if (len < ETH_HDR)
			goto short_frame;
		t = ik_get16(frame + 12);
		off = ETH_HDR;
		while (t == 0x8100 || t == 0x88a8 || t == 0x9100) {
			if (len < off + 4)
				goto short_frame;
			t = ik_get16(frame + off + 2);
			off += 4;
			p->vlans++;
		}
		return by_ethertype(p, t, frame, len, off);
	case DLT_LINUX_SLL:
		p->link = "Linux cooked";
		if (len < SLL_HDR)
			goto short_frame;
		return by_ethertype(p, ik_get16(frame + 14), frame, len, SLL_HDR);
	case DLT_LINUX_SLL2:
		p->link = "Linux cooked v2";
		if (len < SLL2_HDR)
			goto short_frame;
		return by_ethertype(p, ik_get16(frame), frame, len, SLL2_HDR);
	case DLT_NULL:
	case DLT_LOOP:
		p->link = "loopback";
		if (len < 4)
			goto short_frame;
		/* the address family, in the capturing host's order (NULL) or
		 * network order (LOOP): AF_INET is 2 everywhere */
		if (ik_get32(frame) != 2 && !(dlt == DLT_NULL && frame[0] == 2 && !frame[1] &&
					      !frame[2] && !frame[3])) {
			uint32_t af = dlt == DLT_LOOP ? ik_get32(frame)
						      : (uint32_t)(frame[0] | frame[1] << 8);

			if (dlt == DLT_NULL && !frame[0])
				af = ik_get32(frame); /* a big-endian host's order */
			if (af == 24 || af == 28 || af == 30) {
				/* AF_INET6 of the BSDs and macOS (Linux's 10 is
				 * not written to loopback captures) */
				p->data = frame + 4;
				p->len = len - 4;
				return 0;
			}
			snprintf(p->skip, sizeof(p->skip), "loopback frame of address family %u", af);
			return 1;
		}
		p->data = frame + 4;
		p->len = len - 4;
		return 0;
	case DLT_RAW:
	case DLT_IPV6:
		p->link = dlt == DLT_RAW ? "raw IP" : "raw IPv6";
		p->data = frame;
		p->len = len;
		return 0;
	case DLT_IPV4:
		p->link = "raw IP";
		if (len >= 1 && frame[0] >> 4 == 6) {
			snprintf(p->skip, sizeof(p->skip), "IPv6 datagram (only IPv4 is decoded)");
			return 1;
		}
		p->data = frame;
		p->len = len;
		return 0;
	default:
		snprintf(p->bad, sizeof(p->bad), "link type %d is not supported", dlt);
		return -1;
	}
short_frame:
	snprintf(p->bad, sizeof(p->bad), "%zu-octet %s frame is too short for its header", len,
		 p->link);
	return -1;
}
