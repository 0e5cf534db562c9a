// SPDX-License-Identifier: MIT
/*
 * pcapng.c - pcapng files with one Interface Description Block per device
 *
 * Layouts (all lengths and values 32-bit unless said, host byte order):
 *   block:  type, total length, body, total length again; bodies and
 *           option values are padded to 32 bits
 *   option: code (16), length (16), value, padding; opt_endofopt is 0/0
 *   SHB     0x0A0D0D0A: byte-order magic 0x1A2B3C4D, major 1 (16), minor 0
 *           (16), section length (64, -1: not given), options
 *   IDB     0x00000001: link type (16), reserved (16), snap length, options
 *           (if_name 2, if_tsresol 9)
 *   EPB     0x00000006: interface id, timestamp high and low halves,
 *           captured length, original length, data, options (epb_flags 2)
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/pcapng.h"

#include "captrack.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_EPB 0x00000006u
#define BOM    0x1A2B3C4Du

#define OPT_END        0
#define OPT_SHB_APPL   4
#define OPT_IF_NAME    2
#define OPT_IF_TSRESOL 9
#define OPT_EPB_FLAGS  2

#define NAME_MAX_LEN 255   /* longest option text written */
#define OUT_BUF      (1u << 16) /* records in it: far fewer than IK_CAPTRACK_RING */

/**
 * struct ik_pcapng - an open pcapng file
 * @f:       the file (fully buffered)
 * @nifaces: interfaces described
 * @packets: a packet was written (no more interfaces)
 * @err:     first write error (negative errno), 0 when none
 * @dropped: packets not recorded: after @err, and those stdio had
 *           buffered when it came (the file is cut back to its last whole
 *           block)
 * @track:   where the blocks end
 */
struct ik_pcapng {
	FILE *f;
	unsigned nifaces;
	bool packets;
	int err;
	uint64_t dropped;
	struct ik_captrack track;
};

/**
 * pad4() - @n rounded up to a multiple of 4
 * @n: length
 *
 * Return: the padded length.
 */
static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/**
 * put() - append @n octets to the file, remembering the first error
 * @w: writer; @p: data; @n: octets
 */
static void put(struct ik_pcapng *w, const void *p, size_t n)
{
	static const uint8_t zero[4];

	if (!n || w->err)
		return;
	if (fwrite(p ? p : zero, 1, n, w->f) != n) {
		w->err = errno ? -errno : -EIO;
		w->dropped += ik_captrack_fail(&w->track, w->f);
	}
}

/**
 * put32() - append one 32-bit value
 * @w: writer; @v: value
 */
static void put32(struct ik_pcapng *w, uint32_t v)
{
	put(w, &v, 4);
}

/**
 * put16() - append one 16-bit value
 * @w: writer; @v: value
 */
static void put16(struct ik_pcapng *w, uint16_t v)
{
	put(w, &v, 2);
}

/**
 * opt_len() - octets an option with a @n-octet value takes
 * @n: value length
 *
 * Return: 4 + @n padded.
 */
static size_t opt_len(size_t n)
{
	return 4 + pad4(n);
}

/**
 * put_opt() - append one option (code, length, value, padding)
 * @w: writer; @code: option code; @v: value; @n: its length (<= 65535)
 */
static void put_opt(struct ik_pcapng *w, uint16_t code, const void *v, size_t n)
{
	put16(w, code);
	put16(w, (uint16_t)n);
	put(w, v, n);
	put(w, NULL, pad4(n) - n);
}

/**
 * text_len() - length of an option text, capped at NAME_MAX_LEN
 * @s: text or NULL
 *
 * Return: octets written for it (0 for NULL or "").
 */
static size_t text_len(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > NAME_MAX_LEN ? NAME_MAX_LEN : n;
}

/**
 * ik_pcapng_open() - create the file and write the Section Header Block
 * @path: file; @appl: shb_userappl or NULL; @errbuf: 256 octets
 *
 * Return: writer, or NULL with @errbuf set.
 */
struct ik_pcapng *ik_pcapng_open(const char *path, const char *appl, char *errbuf)
{
	struct ik_pcapng *w;
	size_t an = text_len(appl);
	uint32_t total;

	if (!path || !*path) {
		if (errbuf)
			snprintf(errbuf, 256, "pcapng: no file name");
		return NULL;
	}
	w = calloc(1, sizeof(*w));
	if (!w || !(w->f = fopen(path, "wb"))) {
		if (errbuf)
			snprintf(errbuf, 256, "pcapng: %s: %s", path, strerror(errno));
		free(w);
		return NULL;
	}
	setvbuf(w->f, NULL, _IOFBF, OUT_BUF);
	total = (uint32_t)(12 + 16 + (an ? opt_len(an) : 0) + 4);
	put32(w, BT_SHB);
	put32(w, total);
	put32(w, BOM);
	put16(w, 1);
	put16(w, 0);
	put32(w, 0xffffffffu); /* section length: not given (-1) */
	put32(w, 0xffffffffu);
	if (an)
		put_opt(w, OPT_SHB_APPL, appl, an);
	put_opt(w, OPT_END, NULL, 0);
	put32(w, total);
	ik_captrack_head(&w->track, total);
	if (w->err) {
		if (errbuf)
			snprintf(errbuf, 256, "pcapng: %s: %s", path, strerror(-w->err));
		fclose(w->f);
		free(w);
		return NULL;
	}
	return w;
}

/**
 * ik_pcapng_add_iface() - write an Interface Description Block
 * @w: writer; @name: if_name or NULL; @linktype: LINKTYPE_*
 *
 * Return: the interface id, or a negative errno.
 */
int ik_pcapng_add_iface(struct ik_pcapng *w, const char *name, uint16_t linktype)
{
	static const uint8_t tsresol = 9; /* 10^-9 s */
	size_t nn = text_len(name);
	uint32_t total;

	if (!w || w->packets)
		return -EINVAL;
	total = (uint32_t)(12 + 8 + (nn ? opt_len(nn) : 0) + opt_len(1) + 4);
	put32(w, BT_IDB);
	put32(w, total);
	put16(w, linktype);
	put16(w, 0);
	put32(w, IK_PCAPNG_SNAPLEN);
	if (nn)
		put_opt(w, OPT_IF_NAME, name, nn);
	put_opt(w, OPT_IF_TSRESOL, &tsresol, 1);
	put_opt(w, OPT_END, NULL, 0);
	put32(w, total);
	ik_captrack_head(&w->track, total);
	if (w->err)
		return w->err;
	return (int)w->nifaces++;
}

/**
 * ik_pcapng_put() - write one Enhanced Packet Block
 * @w: writer; @iface: interface id; @pkt / @len: packet; @ts_ns: time in
 * ns; @dir: IK_PCAPNG_IN / IK_PCAPNG_OUT / 0
 *
 * Return: 0, or a negative errno.
 */
int ik_pcapng_put(struct ik_pcapng *w, unsigned iface, const uint8_t *pkt, size_t len,
		  uint64_t ts_ns, unsigned dir)
{
	uint32_t total, flags = dir;

	if (!w || iface >= w->nifaces || len > IK_PCAPNG_SNAPLEN || (!pkt && len) || dir > 2)
		return -EINVAL;
	w->packets = true;
	if (w->err) {
		w->dropped++;
		return w->err;
	}
	total = (uint32_t)(12 + 20 + pad4(len) + (dir ? opt_len(4) + 4 : 0));
	put32(w, BT_EPB);
	put32(w, total);
	put32(w, iface);
	put32(w, (uint32_t)(ts_ns >> 32));
	put32(w, (uint32_t)ts_ns);
	put32(w, (uint32_t)len);
	put32(w, (uint32_t)len);
	put(w, pkt, len);
	put(w, NULL, pad4(len) - len);
	if (dir) {
		put_opt(w, OPT_EPB_FLAGS, &flags, 4);
		put_opt(w, OPT_END, NULL, 0);
	}
	put32(w, total);
	if (!w->err)
		ik_captrack_record(&w->track, total);
	else
		w->dropped++; /* this one failed on its way: cut off with the rest */
	return w->err;
}

/**
 * ik_pcapng_flush() - push buffered blocks to the file
 * @w: writer
 *
 * Return: 0, or a negative errno.
 */
int ik_pcapng_flush(struct ik_pcapng *w)
{
	if (!w)
		return -EINVAL;
	if (!w->err && fflush(w->f) != 0) {
		w->err = -errno;
		w->dropped += ik_captrack_fail(&w->track, w->f);
	}
	return w->err;
}

/**
 * ik_pcapng_status() - the first write error and the packets not recorded
 * @w: writer (NULL: 0); @dropped: filled, may be NULL
 *
 * Return: 0 while every packet was written, else the negative errno.
 */
int ik_pcapng_status(const struct ik_pcapng *w, uint64_t *dropped)
{
	if (dropped)
		*dropped = w ? w->dropped : 0;
	return w ? w->err : 0;
}

/**
 * ik_pcapng_close() - flush and close
 * @w: writer or NULL
 *
 * Return: 0, or a negative errno.
 */
int ik_pcapng_close(struct ik_pcapng *w)
{
	int err;

	if (!w)
		return 0;
	err = w->err;
	if (fclose(w->f) != 0 && !err)
		err = -errno;
	free(w);
	return err;
}
