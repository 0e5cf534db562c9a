// SPDX-License-Identifier: MIT
/*
 * report.c - `icmpkit report CAPTURE [-o PAGE] [--json]`: a capture as one
 * self-contained web page (sequence diagram, links, bit diagrams, plots)
 *
 * Exit status: 0 when the page (or JSON) is written, 1 when the capture
 * cannot be read or the page cannot be written (one line on standard
 * error, no page left behind), 2 for a bad command line.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"

#define CMD "report"

static const char usage_text[] =
	"usage: icmpkit report [OPTIONS] CAPTURE.pcap|CAPTURE.pcapng\n"
	"\n"
	"Write one self-contained HTML page of a capture (no request leaves it: it\n"
	"opens from file:// offline): a sequence diagram with one lifeline per\n"
	"address and an arrow per packet, every ICMP error linked to the packet it\n"
	"quotes, every Echo Reply to its Request with the round-trip time; click a\n"
	"packet for its bit diagram, annotated hex and checks; counts by type and\n"
	"code, round trips and errors over time.\n"
	"\n"
	"  -o, --output PAGE  the page (default: CAPTURE with .html for its extension);\n"
	"                     written to a temporary file beside it, then renamed\n"
	"      --json         print the report's data instead (packets, links, counts);\n"
	"                     with -o the page is written too\n"
	"  -h, --help         this text\n"
	"\n"
	"Exit status: 0 done, 1 the capture cannot be read (truncated, not a capture)\n"
	"or the page cannot be written, 2 bad command line.\n";

/**
 * default_output() - CAPTURE with its extension replaced by .html
 * @in: capture path
 *
 * Return: a new string, or NULL.
 */
static char *default_output(const char *in)
{
	const char *slash = strrchr(in, '/'), *dot = strrchr(in, '.');
	size_t stem = dot && (!slash || dot > slash + 1) ? (size_t)(dot - in) : strlen(in);
	char *out = malloc(stem + 6);

	if (out) {
		memcpy(out, in, stem);
		memcpy(out + stem, ".html", 6);
	}
	return out;
}

int cmd_report(int argc, char **argv)
{
	enum { O_JSON = 256 };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "json", no_argument, NULL, O_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *in = NULL, *out = NULL;
	bool json = false;
	char *def = NULL;
	int c, rc;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "-:ho:", longopts, NULL)) != -1) {
		switch (c) {
		case 1:
			if (in)
				return cli_usage_error(CMD, "one capture only, not also '%s'", optarg);
			in = optarg;
			break;
		case 'o':
			if (!*optarg)
				return cli_usage_error(CMD, "-o needs a file name");
			out = optarg;
			break;
		case O_JSON:
			json = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return IK_EXIT_OK;
		case ':':
			return cli_usage_error(CMD, "option '%s' needs an argument", argv[optind - 1]);
		default:
			return cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!in)
		return cli_usage_error(CMD, "no capture given");
	if (!out && !json) {
		def = default_output(in);
		if (!def) {
			fprintf(stderr, "icmpkit report: out of memory\n");
			return IK_EXIT_FAIL;
		}
		out = def;
	}
	rc = rep_capture(CMD, in, out, json, NULL, in);
	free(def);
	return rc;
}
