// SPDX-License-Identifier: MIT
/*
 * decode.c - `icmpkit decode`: packets from hex, raw files or captures,
 * drawn as RFC bit diagrams with an annotated hex listing and the checks
 *
 * Exit status: 0 when every packet is valid, 1 when one is not or cannot be
 * read, 2 for a bad command line (one line on standard error).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "decode_json.h"
#include "icmpkit/dissect.h"
#include "icmpkit/show.h"
#include "input.h"

#define CMD "decode"

enum src_kind { SRC_HEX, SRC_FILE };
#define HEX_ARGS 1 /* struct src.fkind of hex gathered from plain arguments */

/**
 * struct src - one input named on the command line
 * @kind:  enum src_kind
 * @fkind: enum cli_file_kind for files
 * @text:  hex text (SRC_HEX, malloc'd) or path (SRC_FILE)
 */
struct src {
	int kind;
	int fkind;
	char *text;
};

/**
 * struct decode - the run
 * @json:    print JSON instead of text
 * @opts:    rendering options
 * @srcs:    inputs in command-line order
 * @nsrc:    their count
 * @count:   packets seen so far (numbered from 1)
 * @shown:   IPv4 packets decoded
 * @failed:  a packet was invalid or unreadable
 * @js:      the JSON output (with @json)
 * @origin:  description of the current input for JSON
 */
struct decode {
	bool json;
	struct ik_show_opts opts;
	struct src *srcs;
	size_t nsrc;
	size_t count, shown;
	bool failed;
	struct decode_json js;
	const char *origin;
};

static const char usage_text[] =
	"usage: icmpkit decode [OPTIONS] [HEX... | FILE... | -]\n"
	"\n"
	"Decode IPv4 datagrams: an RFC 791-style bit diagram of every header (the\n"
	"datagram an ICMP error quotes is drawn nested inside it), an annotated hex\n"
	"listing, and the checks: checksums correct or WRONG, lengths consistent or\n"
	"not, and the offset of the first malformed octet.\n"
	"\n"
	"Input (in the order given; several may be mixed):\n"
	"  HEX...             hex octets as arguments, one packet: spaces, colons,\n"
	"                     commas and 0x prefixes are allowed ('45 00 00 1c ...',\n"
	"                     '45:00:00:1c', '0x4500001c...')\n"
	"  -x, --hex HEX      one packet in hex (repeatable)\n"
	"  FILE               a file: pcap/pcapng (by its magic number), hex text\n"
	"                     (packets separated by blank lines), or raw binary\n"
	"  -r, --raw FILE     a raw binary file holding one IPv4 datagram or IPv6\n"
	"                     packet (told apart by the Version nibble)\n"
	"  -p, --pcap FILE    a pcap or pcapng capture (Ethernet with VLAN tags, raw\n"
	"                     IPv4/IPv6, Linux cooked v1/v2, BSD loopback); frames\n"
	"                     that are neither IPv4 nor IPv6 are reported and skipped\n"
	"  -                  standard input (hex text, raw or capture, detected);\n"
	"                     read when nothing else is given and it is not a terminal\n"
	"\n"
	"Output:\n"
	"      --json         a JSON array with one object per packet (the layers,\n"
	"                     their fields with offset/bits/value/meaning, verdicts\n"
	"                     and the first error)\n"
	"      --color=WHEN   auto (default: only on a terminal, and not when NO_COLOR\n"
	"                     is set), always or never\n"
	"      --no-color     same as --color=never\n"
	"      --no-diagram   leave out the bit diagrams\n"
	"      --no-hex       leave out the hex listing\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 if every packet is valid, 1 if one is not (or cannot be\n"
	"read), 2 for a bad command line or bad hex.\n";

/**
 * add_src() - remember an input
 * @dc:    run
 * @kind:  enum src_kind
 * @fkind: enum cli_file_kind
 * @text:  hex text or path (copied)
 *
 * Return: 0, or -1 when out of memory.
 */
static int add_src(struct decode *dc, int kind, int fkind, const char *text)
{
	struct src *n = realloc(dc->srcs, (dc->nsrc + 1) * sizeof(*n));

	if (!n)
		return -1;
	dc->srcs = n;
	n[dc->nsrc].kind = kind;
	n[dc->nsrc].fkind = fkind;
	n[dc->nsrc].text = strdup(text);
	if (!n[dc->nsrc].text)
		return -1;
	dc->nsrc++;
	return 0;
}

/**
 * append_hex() - add a hex word to the hex input being gathered
 * @dc:   run
 * @word: the argument
 *
 * Consecutive hex arguments make one packet.
 *
 * Return: 0, or -1 when out of memory.
 */
static int append_hex(struct decode *dc, const char *word)
{
	struct src *last = dc->nsrc ? &dc->srcs[dc->nsrc - 1] : NULL;
	char *t;

	if (!last || last->kind != SRC_HEX || last->fkind != HEX_ARGS)
		return add_src(dc, SRC_HEX, HEX_ARGS, word);
	t = realloc(last->text, strlen(last->text) + strlen(word) + 2);
	if (!t)
		return -1;
	strcat(t, " ");
	strcat(t, word);
	last->text = t;
	return 0;
}

/**
 * looks_like_path() - whether a positional argument names a file
 * @arg: the argument
 *
 * Return: true when it exists as a file or contains '/' or a '.'.
 */
static bool looks_like_path(const char *arg)
{
	struct stat st;

	if (stat(arg, &st) == 0 && !S_ISDIR(st.st_mode))
		return true;
	return strchr(arg, '/') || strchr(arg, '.');
}

/**
 * packet_title() - "Packet N (len octets, ...)"
 * @dc:  run
 * @p:   packet
 * @buf: output
 * @cap: its size
 */
static void packet_title(const struct decode *dc, const struct ik_cap_pkt *p, char *buf, size_t cap)
{
	size_t n = (size_t)snprintf(buf, cap, "Packet %zu (", dc->count);
	char t[64];

	if (p->skip[0] || p->bad[0])
		n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%zu-octet frame",
				      p->frame_len);
	else
		n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, "%zu octets", p->len);
	if (p->link && !p->skip[0] && !p->bad[0])
		n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, ", from a %s frame%s",
				      p->link, p->vlans ? " with VLAN tags" : "");
	if (p->has_time) {
		decode_time_text(NULL, p, t, sizeof(t));
		n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0, ", %s", t);
	}
	if (p->frame_cap < p->frame_len)
		n += (size_t)snprintf(buf + n, n < cap ? cap - n : 0,
				      ", snapped: %zu of %zu octets captured", p->frame_cap,
				      p->frame_len);
	if (n < cap)
		snprintf(buf + n, cap - n, ")");
}

/**
 * on_packet() - print (or collect as JSON) one packet
 * @ctx: struct decode
 * @p:   packet
 *
 * Return: 0 to go on.
 */
static int on_packet(void *ctx, const struct ik_cap_pkt *p)
{
	struct decode *dc = ctx;
	char title[200];

	dc->count++;
	if (dc->json) {
		if (p->skip[0] || p->bad[0]) {
			dc->failed |= p->bad[0] != 0;
			decode_json_frame(&dc->js, dc->count, dc->origin, p);
			return 0;
		}
		dc->shown++;
		if (!decode_json_packet(&dc->js, dc->count, dc->origin, p))
			dc->failed = true;
		return 0;
	}
	packet_title(dc, p, title, sizeof(title));
	if (p->skip[0] || p->bad[0]) {
		if (p->bad[0])
			dc->failed = true;
		printf("%s: %s: %s\n\n", title, p->skip[0] ? "skipped" : "UNREADABLE",
		       p->skip[0] ? p->skip : p->bad);
		return 0;
	}
	dc->shown++;
	dc->opts.title = title;
	if (ik_show_packet(stdout, p->data, p->len, &dc->opts))
		dc->failed = true;
	fputc('\n', stdout);
	return 0;
}

/**
 * bad_hex() - the one-line usage error for bad hex ("packet 1: " left out
 * when the input is one packet's)
 * @err: cli_read_text()'s message
 *
 * Return: IK_EXIT_USAGE.
 */
static int bad_hex(const char *err)
{
	return cli_usage_error(CMD, "bad hex: %s", err + (strncmp(err, "packet 1: ", 10) ? 0 : 10));
}

/**
 * run_src() - read and show one input
 * @dc: run
 * @s:  input
 *
 * Return: 0, or IK_EXIT_USAGE after printing a one-line error.
 */
static int run_src(struct decode *dc, const struct src *s)
{
	char err[256];
	int rc;

	if (s->kind == SRC_HEX) {
		dc->origin = "hex";
		if (cli_read_text(s->text, strlen(s->text), on_packet, dc, err, sizeof(err)) < 0)
			return bad_hex(err);
		return 0;
	}
	dc->origin = s->text;
	rc = cli_read_path(s->text, (enum cli_file_kind)s->fkind, on_packet, dc, err, sizeof(err));
	if (rc == -1 || rc == -3)
		return cli_usage_error(CMD, "%s", err);
	if (rc == -2) {
		fprintf(stderr, "icmpkit decode: %s\n", err);
		dc->failed = true;
	}
	return 0;
}

/**
 * parse_args() - options and inputs
 * @dc:   run
 * @argc: argument count
 * @argv: arguments ("decode" first)
 *
 * Return: -1 to go on, else the exit status to return now.
 */
static int parse_args(struct decode *dc, int argc, char **argv)
{
	enum { O_JSON = 256, O_COLOR, O_NOCOLOR, O_NODIAG, O_NOHEX };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, O_JSON },
		{ "color", required_argument, NULL, O_COLOR },
		{ "colour", required_argument, NULL, O_COLOR },
		{ "no-color", no_argument, NULL, O_NOCOLOR },
		{ "no-diagram", no_argument, NULL, O_NODIAG },
		{ "no-hex", no_argument, NULL, O_NOHEX },
		{ "hex", required_argument, NULL, 'x' },
		{ "raw", required_argument, NULL, 'r' },
		{ "pcap", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum ik_color_mode color = IK_COLOR_AUTO;
	int c, bad = 0;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "-:hx:r:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (!strcmp(optarg, "-"))
				bad = add_src(dc, SRC_FILE, CLI_FILE_AUTO, "-");
			else if (looks_like_path(optarg))
				bad = add_src(dc, SRC_FILE, CLI_FILE_AUTO, optarg);
			else
				bad = append_hex(dc, optarg);
			break;
		case 'x':
			bad = add_src(dc, SRC_HEX, 0, optarg);
			break;
		case 'r':
			bad = add_src(dc, SRC_FILE, CLI_FILE_RAW, optarg);
			break;
		case 'p':
			bad = add_src(dc, SRC_FILE, CLI_FILE_PCAP, optarg);
			break;
		case O_JSON:
			dc->json = true;
			break;
		case O_COLOR:
			if (!strcmp(optarg, "auto"))
				color = IK_COLOR_AUTO;
			else if (!strcmp(optarg, "always"))
				color = IK_COLOR_ALWAYS;
			else if (!strcmp(optarg, "never"))
				color = IK_COLOR_NEVER;
			else
				return cli_usage_error(CMD, "--color takes auto, always or never, not '%s'",
						       optarg);
			break;
		case O_NOCOLOR:
			color = IK_COLOR_NEVER;
			break;
		case O_NODIAG:
			dc->opts.diagram = false;
			break;
		case O_NOHEX:
			dc->opts.hex = false;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return IK_EXIT_OK;
		case ':':
			return cli_usage_error(CMD, "option '%s' needs an argument", argv[optind - 1]);
		default:
			return cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
		}
		if (bad) {
			fprintf(stderr, "icmpkit decode: out of memory\n");
			return IK_EXIT_FAIL;
		}
	}
	if (dc->nsrc == 0) {
		if (isatty(STDIN_FILENO))
			return cli_usage_error(CMD, "no packet given (hex, a file, or '-' for standard input)");
		if (add_src(dc, SRC_FILE, CLI_FILE_AUTO, "-")) {
			fprintf(stderr, "icmpkit decode: out of memory\n");
			return IK_EXIT_FAIL;
		}
	}
	dc->opts.color = !dc->json && ik_show_color_enabled(stdout, color);
	return -1;
}

/**
 * no_late_error() - whether reading inputs @i.. can no longer end in a bad
 * command line once input @i gave its first packet (so what is printed may
 * go out before the end: a capture fails, if it does, before its first
 * packet; hex arguments were checked up front; a hex file may go bad half
 * way, and standard input is read whole first)
 * @dc: run
 * @i:  index of the input about to be read
 *
 * Return: true when the output may be written out as it comes.
 */
static bool no_late_error(const struct decode *dc, size_t i)
{
	const struct src *s = &dc->srcs[i];

	for (size_t k = i + 1; k < dc->nsrc; k++)
		if (dc->srcs[k].kind != SRC_HEX)
			return false;
	if (s->kind == SRC_HEX || s->fkind == CLI_FILE_PCAP)
		return true;
	if (s->fkind == CLI_FILE_AUTO && strcmp(s->text, "-")) {
		uint8_t magic[4];
		FILE *f = fopen(s->text, "rb");
		size_t n = f ? fread(magic, 1, sizeof(magic), f) : 0;

		if (f)
			fclose(f);
		return n == sizeof(magic) && ik_cap_is_capture(magic, n);
	}
	return false;
}

/**
 * cmd_decode() - `icmpkit decode`
 * @argc: argument count
 * @argv: arguments ("decode" first)
 *
 * Return: exit status.
 */
int cmd_decode(int argc, char **argv)
{
	bool js_open = false;
	struct decode dc;
	int rc;

	memset(&dc, 0, sizeof(dc));
	ik_show_opts_init(&dc.opts);
	rc = parse_args(&dc, argc, argv);
	if (rc < 0) {
		size_t nstdin = 0;

		for (size_t i = 0; i < dc.nsrc; i++)
			nstdin += dc.srcs[i].kind == SRC_FILE && !strcmp(dc.srcs[i].text, "-");
		if (nstdin > 1)
			rc = cli_usage_error(CMD, "standard input ('-') can be read only once");
	}
	for (size_t i = 0; rc < 0 && i < dc.nsrc; i++) {
		/* bad hex anywhere stops the run before anything is printed */
		char err[256];

		if (dc.srcs[i].kind == SRC_HEX &&
		    cli_read_text(dc.srcs[i].text, strlen(dc.srcs[i].text), NULL, NULL, err,
				  sizeof(err)) < 0)
			rc = bad_hex(err);
	}
	if (rc < 0 && dc.json) {
		js_open = true;
		if (decode_json_begin(&dc.js, stdout) < 0) {
			fprintf(stderr, "icmpkit decode: out of memory\n");
			rc = IK_EXIT_FAIL;
		}
	}
	for (size_t i = 0; rc < 0 && i < dc.nsrc; i++) {
		int r;

		dc.js.can_flush = dc.json && no_late_error(&dc, i);
		r = run_src(&dc, &dc.srcs[i]);

		if (r)
			rc = r;
	}
	if (rc < 0) {
		if (dc.shown == 0 && !dc.failed) {
			fprintf(stderr, "icmpkit decode: no IPv4 packet found\n");
			dc.failed = true;
		}
		rc = dc.failed ? IK_EXIT_FAIL : IK_EXIT_OK;
	}
	if (js_open && decode_json_end(&dc.js, rc != IK_EXIT_USAGE) < 0 && rc != IK_EXIT_USAGE) {
		fprintf(stderr, "icmpkit decode: JSON output incomplete (out of memory or a write error)\n");
		rc = IK_EXIT_FAIL;
	}
	for (size_t i = 0; i < dc.nsrc; i++)
		free(dc.srcs[i].text);
	free(dc.srcs);
	return rc;
}
