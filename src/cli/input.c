// SPDX-License-Identifier: MIT
/*
 * input.c - reading packets for `icmpkit decode`
 *
 * Hex text (arguments, files, standard input), raw binary files holding one
 * datagram, and pcap/pcapng captures, read and unwrapped to their IPv4
 * datagrams by the device layer (src/dev/capread.c); here the input is
 * told apart, files and standard input are opened and messages are worded
 * for the command line.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/capread.h"
#include "input.h"

#define MAX_TEXT (64u << 20) /* hex text or raw file read whole */

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
	while (i < n && ik_hexval((unsigned char)s[i]) >= 0)
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
			int v = ik_hexval((unsigned char)text[i]);

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
		struct ik_cap_pkt p;
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
 * read_pcap() - every packet of an open capture
 * @r:    capture (closed here)
 * @name: its name for messages
 * @fn:   called per packet
 * @ctx:  its context
 * @err:  message on failure
 * @ecap: its size
 *
 * Return: as cli_read_path().
 */
static int read_pcap(struct ik_cap_reader *r, const char *name, cli_pkt_fn fn, void *ctx,
		     char *err, size_t ecap)
{
	char cerr[IK_CAP_ERRBUF];
	struct ik_cap_pkt p;
	int rc;

	while ((rc = ik_cap_next(r, &p, cerr)) == 1)
		if (fn(ctx, &p))
			break;
	ik_cap_close(r);
	if (rc < 0) {
		snprintf(err, ecap, "%s: %s", name, cerr);
		return -2;
	}
	return rc;
}

/**
 * not_capture() - the message for a file libpcap would not open
 * @name: its name
 * @cerr: libpcap's reason
 * @err:  message
 * @ecap: its size
 *
 * Return: -1, as cli_read_path().
 */
static int not_capture(const char *name, const char *cerr, char *err, size_t ecap)
{
	snprintf(err, ecap, "%s: not a pcap or pcapng capture (%s)", name, cerr);
	return -1;
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
	struct ik_cap_pkt p;

	if (kind == CLI_FILE_PCAP || (kind == CLI_FILE_AUTO && ik_cap_is_capture(u, n))) {
		char cerr[IK_CAP_ERRBUF];
		FILE *f = fmemopen(buf, n ? n : 1, "rb");
		struct ik_cap_reader *r;

		if (!f) {
			snprintf(err, ecap, "%s: %s", name, strerror(errno));
			return -1;
		}
		r = ik_cap_open_stream(f, cerr); /* owns f from here */
		if (!r) {
			fclose(f);
			return not_capture(name, cerr, err, ecap);
		}
		return read_pcap(r, name, fn, ctx, err, ecap);
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
		if (kind == CLI_FILE_PCAP ||
		    (kind == CLI_FILE_AUTO && ik_cap_is_capture(magic, n))) {
			char cerr[IK_CAP_ERRBUF];
			struct ik_cap_reader *r;

			fclose(f);
			r = ik_cap_open(path, cerr);
			if (!r)
				return not_capture(path, cerr, err, ecap);
			return read_pcap(r, path, fn, ctx, err, ecap);
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
