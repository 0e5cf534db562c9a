// SPDX-License-Identifier: MIT
/*
 * input.c - reading packets for `icmpkit decode`
 *
 * Hex text (arguments, files, standard input), raw binary files holding one
 * datagram, and pcap/pcapng captures read with libpcap. From a capture only
 * the IPv4 datagram is handed on: Ethernet (with VLAN tags), raw IP, Linux
 * cooked captures v1 and v2 and BSD loopback frames are unwrapped; other
 * frames are reported and skipped.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "icmpkit/bytes.h"
#include "input.h"

#define ETH_IPV4 0x0800
#define ETH_HDR 14
#define SLL_HDR 16
#define SLL2_HDR 20
#define MAX_TEXT (64u << 20) /* hex text or raw file read whole */

#ifndef DLT_IPV4
#define DLT_IPV4 228
#endif
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2 276
#endif

/**
 * hexval() - value of a hex digit
 * @c: character
 *
 * Return: 0..15, or -1.
 */
static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * is_sep() - whether @c separates hex tokens
 * @c: character
 *
 * Return: true for white space, ':' and ','.
 */
static bool is_sep(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ||
	       c == ':' || c == ',';
}

/**
 * offset_label() - length of a tcpdump offset label ("0x0010:") at @s
 * @s: text at the first non-blank of a line
 * @n: octets left
 *
 * Return: octets to skip, 0 when there is none.
 */
static size_t offset_label(const char *s, size_t n)
{
	size_t i = 2;

	if (n < 8 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return 0;
	while (i < n && hexval((unsigned char)s[i]) >= 0)
		i++;
	if (i < 6 || i >= n || s[i] != ':')
		return 0;
	if (i + 1 < n && s[i + 1] != ' ' && s[i + 1] != '\t')
		return 0;
	return i + 1;
}

/**
 * cli_hex_parse() - hex text to octets
 * @text: text
 * @n:    its length
 * @out:  output, CLI_MAX_PACKET octets
 * @olen: octets written
 * @err:  message on failure
 * @ecap: its size
 *
 * Return: 0, or -1.
 */
int cli_hex_parse(const char *text, size_t n, uint8_t *out, size_t *olen, char *err, size_t ecap)
{
	size_t digits = 0, i = 0;
	bool line_start = true;
	int hi = 0;

	*olen = 0;
	while (i < n) {
		int c = (unsigned char)text[i];

		if (c == '#') {
			while (i < n && text[i] != '\n')
				i++;
			continue;
		}
		if (c == '\n') {
			line_start = true;
			i++;
			continue;
		}
		if (is_sep(c)) {
			i++;
			continue;
		}
		if (line_start) {
			size_t skip = offset_label(text + i, n - i);

			line_start = false;
			if (skip) {
				i += skip;
				continue;
			}
		}
		/* a token: optional 0x, then hex digits up to a separator */
		if (c == '0' && i + 1 < n && (text[i + 1] == 'x' || text[i + 1] == 'X') &&
		    (i == 0 || is_sep((unsigned char)text[i - 1])))
			i += 2;
		while (i < n && !is_sep((unsigned char)text[i]) && text[i] != '#') {
			int v = hexval((unsigned char)text[i]);

			if (v < 0) {
				int ch = (unsigned char)text[i];

				if (isprint(ch))
					snprintf(err, ecap, "'%c' is not a hex digit", ch);
				else
					snprintf(err, ecap, "octet 0x%02x is not a hex digit", ch);
				return -1;
			}
			if (digits % 2 == 0) {
				hi = v;
			} else {
				if (*olen >= CLI_MAX_PACKET) {
					snprintf(err, ecap, "more than %u octets in one packet",
						 CLI_MAX_PACKET);
					return -1;
				}
				out[(*olen)++] = (uint8_t)(hi << 4 | v);
			}
			digits++;
			i++;
		}
	}
	if (digits % 2) {
		snprintf(err, ecap, "odd number of hex digits (%zu): each octet needs two", digits);
		return -1;
	}
	if (digits == 0) {
		snprintf(err, ecap, "no hex digits");
		return -1;
	}
	return 0;
}

/**
 * next_chunk() - the next run of text between blank lines
 * @text: text
 * @n:    its length
 * @pos:  where to start; moved past the chunk
 * @beg:  chunk start
 * @len:  chunk length (0: no more)
 */
static void next_chunk(const char *text, size_t n, size_t *pos, size_t *beg, size_t *len)
{
	size_t i = *pos;

	/* skip blank lines and lines that hold only a comment */
	for (;;) {
		size_t j = i;

		while (j < n && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r'))
			j++;
		if (j < n && text[j] == '#')
			while (j < n && text[j] != '\n')
				j++;
		if (j < n && text[j] == '\n') {
			i = j + 1;
			continue;
		}
		i = j;
		break;
	}
	*beg = i;
	while (i < n) {
		size_t eol = i;
		bool blank = true;

		while (eol < n && text[eol] != '\n') {
			if (!isspace((unsigned char)text[eol]))
				blank = false;
			eol++;
		}
		if (blank)
			break;
		i = eol < n ? eol + 1 : eol;
	}
	*len = i - *beg;
	*pos = i;
}

/**
 * cli_read_text() - hex packets separated by blank lines
 * @text: text
 * @n:    its length
 * @fn:   called per packet (NULL: only check the hex)
 * @ctx:  its context
 * @err:  message on failure
 * @ecap: its size
 *
 * All packets are parsed before the first is handed on, so bad hex stops
 * the input with nothing printed.
 *
 * Return: 0, 1 when @fn stopped the walk, or -1 on bad hex.
 */
int cli_read_text(const char *text, size_t n, cli_pkt_fn fn, void *ctx, char *err, size_t ecap)
{
	uint8_t *buf = malloc(CLI_MAX_PACKET);
	size_t pos = 0, beg, len, count = 0;
	int rc = 0;

	if (!buf) {
		snprintf(err, ecap, "out of memory");
		return -1;
	}
	/* pass 1: check every packet */
	for (;;) {
		size_t olen;
		char e[96];

		next_chunk(text, n, &pos, &beg, &len);
		if (!len)
			break;
		count++;
		if (cli_hex_parse(text + beg, len, buf, &olen, e, sizeof(e)) < 0) {
			snprintf(err, ecap, "packet %zu: %s", count, e);
			free(buf);
			return -1;
		}
	}
	if (count == 0) {
		snprintf(err, ecap, "no hex digits");
		free(buf);
		return -1;
	}
	if (!fn) { /* checking only */
		free(buf);
		return 0;
	}
	pos = 0;
	for (;;) {
		struct cli_pkt p;
		size_t olen;
		char e[96];

		next_chunk(text, n, &pos, &beg, &len);
		if (!len)
			break;
		cli_hex_parse(text + beg, len, buf, &olen, e, sizeof(e));
		memset(&p, 0, sizeof(p));
		p.data = buf;
		p.len = p.frame_len = p.frame_cap = olen;
		if (fn(ctx, &p)) {
			rc = 1;
			break;
		}
	}
	free(buf);
	return rc;
}

/**
 * cli_link_supported() - whether frames of link type @dlt can be read
 * @dlt: libpcap link type
 *
 * Return: true for Ethernet, raw IPv4, Linux cooked (v1, v2), BSD loopback.
 */
bool cli_link_supported(int dlt)
{
	switch (dlt) {
	case DLT_EN10MB:
	case DLT_RAW:
	case DLT_IPV4:
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
 * by_ethertype() - keep an IPv4 payload, skip others
 * @p:     packet
 * @t:     EtherType / protocol of the payload
 * @frame: frame
 * @len:   captured octets
 * @hdr:   link header length
 *
 * Return: 0 or 1 as cli_link_strip().
 */
static int by_ethertype(struct cli_pkt *p, unsigned t, const uint8_t *frame, size_t len,
			size_t hdr)
{
	if (t != ETH_IPV4) {
		snprintf(p->skip, sizeof(p->skip), "%s frame, EtherType 0x%04x (%s)", p->link, t,
			 ethertype_name(t));
		return 1;
	}
	p->data = frame + hdr;
	p->len = len - hdr;
	return 0;
}

/**
 * cli_link_strip() - find the IPv4 datagram in a captured frame
 * @dlt:   libpcap link type (DLT_*)
 * @frame: frame
 * @len:   captured octets
 * @p:     packet to fill
 *
 * Return: 0 with @p->data set, 1 when the frame is skipped, -1 when it
 * cannot be read.
 */
int cli_link_strip(int dlt, const uint8_t *frame, size_t len, struct cli_pkt *p)
{
	size_t off;
	unsigned t;

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
			snprintf(p->skip, sizeof(p->skip), "loopback frame of address family %u",
				 dlt == DLT_LOOP ? ik_get32(frame) : (uint32_t)(frame[0] | frame[1] << 8));
			return 1;
		}
		p->data = frame + 4;
		p->len = len - 4;
		return 0;
	case DLT_RAW:
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

/**
 * read_pcap() - every packet of an open capture
 * @pc:   capture
 * @name: its name for messages
 * @fn:   called per packet
 * @ctx:  its context
 * @err:  message on failure
 * @ecap: its size
 *
 * Return: as cli_read_path().
 */
static int read_pcap(pcap_t *pc, const char *name, cli_pkt_fn fn, void *ctx, char *err,
		     size_t ecap)
{
	int dlt = pcap_datalink(pc);
	struct pcap_pkthdr *h;
	const u_char *data;
	int rc;

	if (!cli_link_supported(dlt)) {
		snprintf(err, ecap, "%s: link type %s (%d) is not supported", name,
			 pcap_datalink_val_to_name(dlt) ? pcap_datalink_val_to_name(dlt) : "?",
			 dlt);
		return -2;
	}
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		struct cli_pkt p;

		memset(&p, 0, sizeof(p));
		p.frame_len = h->len;
		p.frame_cap = h->caplen;
		p.has_time = true;
		p.sec = h->ts.tv_sec;
		p.nsec = (uint32_t)h->ts.tv_usec; /* nanoseconds: opened with nano precision */
		cli_link_strip(dlt, data, h->caplen, &p);
		if (fn(ctx, &p))
			return 1;
	}
	if (rc == PCAP_ERROR) {
		snprintf(err, ecap, "%s: %s", name, pcap_geterr(pc));
		return -2;
	}
	return 0;
}

/**
 * slurp() - read a whole stream
 * @f:    stream
 * @buf:  the contents (malloc'd, NUL-terminated)
 * @len:  their length
 * @err:  message on failure
 * @ecap: its size
 *
 * Return: 0, or -1.
 */
static int slurp(FILE *f, char **buf, size_t *len, char *err, size_t ecap)
{
	size_t cap = 4096, n = 0;
	char *b = malloc(cap + 1);

	if (!b) {
		snprintf(err, ecap, "out of memory");
		return -1;
	}
	for (;;) {
		size_t got;

		if (n == cap) {
			char *nb;

			if (cap >= MAX_TEXT) {
				free(b);
				snprintf(err, ecap, "input larger than %u MiB", MAX_TEXT >> 20);
				return -1;
			}
			cap *= 2;
			nb = realloc(b, cap + 1);
			if (!nb) {
				free(b);
				snprintf(err, ecap, "out of memory");
				return -1;
			}
			b = nb;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(b);
		snprintf(err, ecap, "read error: %s", strerror(errno));
		return -1;
	}
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

/**
 * is_capture() - whether @p starts with a pcap or pcapng magic number
 * @p: octets
 * @n: their count
 *
 * Return: true for a capture.
 */
static bool is_capture(const uint8_t *p, size_t n)
{
	uint32_t m;

	if (n < 4)
		return false;
	m = ik_get32(p);
	return m == 0xa1b2c3d4 || m == 0xd4c3b2a1 || m == 0xa1b23c4d || m == 0x4d3cb2a1 ||
	       m == 0x0a0d0d0a;
}

/**
 * is_text() - whether @p looks like hex text rather than a binary datagram
 * @p: octets
 * @n: their count
 *
 * Return: true when every octet is printable ASCII or white space.
 */
static bool is_text(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (!(isprint(c) || isspace(c)) || c >= 0x7f)
			return false;
	}
	return n > 0;
}

/**
 * read_memory() - a whole input already in memory, of @kind
 * @buf:  contents
 * @n:    their length
 * @kind: enum cli_file_kind
 * @name: input name for messages
 * @fn:   called per packet
 * @ctx:  its context
 * @err:  message on failure
 * @ecap: its size
 *
 * Return: as cli_read_path().
 */
static int read_memory(char *buf, size_t n, enum cli_file_kind kind, const char *name,
		       cli_pkt_fn fn, void *ctx, char *err, size_t ecap)
{
	const uint8_t *u = (const uint8_t *)buf;
	struct cli_pkt p;

	if (kind == CLI_FILE_PCAP || (kind == CLI_FILE_AUTO && is_capture(u, n))) {
		char perr[PCAP_ERRBUF_SIZE];
		FILE *f = fmemopen(buf, n ? n : 1, "rb");
		pcap_t *pc;
		int rc;

		if (!f) {
			snprintf(err, ecap, "%s: %s", name, strerror(errno));
			return -1;
		}
		pc = pcap_fopen_offline_with_tstamp_precision(f, PCAP_TSTAMP_PRECISION_NANO, perr);
		if (!pc) {
			fclose(f);
			snprintf(err, ecap, "%s: not a pcap or pcapng capture (%s)", name, perr);
			return -1;
		}
		rc = read_pcap(pc, name, fn, ctx, err, ecap);
		pcap_close(pc); /* closes f */
		return rc;
	}
	if (kind == CLI_FILE_AUTO && is_text(buf, n)) {
		char e[128];

		if (cli_read_text(buf, n, fn, ctx, e, sizeof(e)) < 0) {
			snprintf(err, ecap, "%s: bad hex: %s", name, e);
			return -3;
		}
		return 0;
	}
	if (n == 0) {
		snprintf(err, ecap, "%s: empty", name);
		return -1;
	}
	if (n > CLI_MAX_PACKET) {
		snprintf(err, ecap, "%s: %zu octets is more than one IPv4 datagram can hold", name,
			 n);
		return -1;
	}
	memset(&p, 0, sizeof(p));
	p.data = u;
	p.len = p.frame_len = p.frame_cap = n;
	return fn(ctx, &p) ? 1 : 0;
}

/**
 * cli_read_path() - every packet of a file ("-": standard input)
 * @path: file
 * @kind: enum cli_file_kind
 * @fn:   called per packet
 * @ctx:  its context
 * @err:  message on failure
 * @ecap: its size
 *
 * Captures given by name are read by libpcap straight from the file, so
 * their size is not limited; hex text and raw files are read whole.
 *
 * Return: 0; 1 when @fn stopped the walk; -1 when the file cannot be opened
 * or is not what @kind says; -2 when reading failed part way; -3 for bad hex.
 */
int cli_read_path(const char *path, enum cli_file_kind kind, cli_pkt_fn fn, void *ctx, char *err,
		  size_t ecap)
{
	bool std = !strcmp(path, "-");
	const char *name = std ? "standard input" : path;
	uint8_t magic[4];
	size_t n = 0;
	char *buf;
	FILE *f;
	int rc;

	f = std ? stdin : fopen(path, "rb");
	if (!f) {
		snprintf(err, ecap, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (!std) {
		n = fread(magic, 1, sizeof(magic), f);
		if (kind == CLI_FILE_PCAP || (kind == CLI_FILE_AUTO && is_capture(magic, n))) {
			char perr[PCAP_ERRBUF_SIZE];
			pcap_t *pc;

			fclose(f);
			pc = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO,
								     perr);
			if (!pc) {
				snprintf(err, ecap, "%s: not a pcap or pcapng capture (%s)", path,
					 perr);
				return -1;
			}
			rc = read_pcap(pc, path, fn, ctx, err, ecap);
			pcap_close(pc);
			return rc;
		}
		rewind(f);
	}
	rc = slurp(f, &buf, &n, err, ecap);
	if (!std)
		fclose(f);
	if (rc < 0)
		return -1;
	rc = read_memory(buf, n, kind, name, fn, ctx, err, ecap);
	free(buf);
	return rc;
}
