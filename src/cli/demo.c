// SPDX-License-Identifier: MIT
/* demo.c - `icmpkit demo`: the study note on the real stack, phase by phase */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icmpkit/pcapio.h"

#include "cli.h"
#include "demo.h"
#include "report.h"

static const struct {
	const char *name;
	int (*run)(struct demo *d);
	const char *what;
} scenarios[] = {
	{ "port-unreachable", demo_port_unreachable, "UDP to a closed port → Type 3 Code 3 → ECONNREFUSED" },
	{ "port-unreachable6", demo_port_unreachable6, "the same over IPv6 → ICMPv6 Type 1 Code 4 → ECONNREFUSED" },
	{ "ping-identifier", demo_ping_identifier, "several pings at once, replies demultiplexed by Identifier" },
	{ "protocol", demo_protocol, "protocols 47 and 132: raw socket or Protocol Unreachable" },
	{ "tcp-closed", demo_tcp_closed, "TCP to a closed port → RST, beside UDP's Type 3 Code 3" },
	{ "traceroute", demo_traceroute, "TTL 1..4 through three routers: Time Exceeded, Port Unreachable" },
	{ "pmtu", demo_pmtu, "Frag Needed lowers the path MTU; the black hole when it is filtered" },
};
#define NSCEN (sizeof(scenarios) / sizeof(scenarios[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: icmpkit demo [SCENARIO] [--pcap FILE] [--html FILE] [--json] [--quiet] [--no-color]\n\n"
		   "Runs the study note on the stack over an in-memory network with a virtual\n"
		   "clock (no root, nothing leaves the process). Scenarios:\n");
	for (size_t i = 0; i < NSCEN; i++)
		fprintf(f, "  %-17s %s\n", scenarios[i].name, scenarios[i].what);
	fprintf(f, "  %-17s all of them in order (default)\n\n"
		   "  --pcap FILE     write every packet to FILE for Wireshark\n"
		   "  --html FILE     write a self-contained web page of the run: the phases\n"
		   "                  with their trace events beside the packets they sent,\n"
		   "                  the sequence diagram, bit diagrams (see icmpkit report)\n"
		   "  --json          print the phases, events and decoded packets as JSON\n"
		   "  --quiet         print only the summary\n"
		   "  --color=WHEN    auto (default), always or never; --no-color = never\n"
		   "Exit status: 0 when every check held, 1 otherwise, 2 for bad arguments.\n",
		"all");
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "pcap", required_argument, NULL, 'p' },
		{ "html", required_argument, NULL, 'H' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-color", no_argument, NULL, 'n' },
		{ "color", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo d = { .out = stdout };
	const char *pcap = NULL, *which = "all", *color = "auto", *html = NULL;
	char err[256], tmp_pcap[64] = "";
	bool want_json;
	int opt, ran = 0, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "p:jqh", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': pcap = optarg; break;
		case 'H': html = optarg; break;
		case 'j': d.json = true; break;
		case 'q': d.quiet = true; break;
		case 'n': color = "never"; break;
		case 'c': color = optarg; break;
		case 'h': usage(stdout); return IK_EXIT_OK;
		default:
			return cli_usage_error("demo", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		which = argv[optind++];
	if (optind < argc)
		return cli_usage_error("demo", "unexpected argument '%s'", argv[optind]);
	if (!strcmp(color, "always"))
		d.color = true;
	else if (!strcmp(color, "auto"))
		d.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	else if (strcmp(color, "never"))
		return cli_usage_error("demo", "--color must be auto, always or never, not '%s'",
				       color);
	if (strcmp(which, "all")) {
		size_t i;

		for (i = 0; i < NSCEN && strcmp(which, scenarios[i].name); i++)
			;
		if (i == NSCEN)
			return cli_usage_error("demo", "unknown scenario '%s'", which);
	}
	want_json = d.json;
	if (html && !*html)
		return cli_usage_error("demo", "--html needs a file name");
	if (html && !pcap) {
		/* the page is made from the run's capture: a temporary one */
		int fd;

		snprintf(tmp_pcap, sizeof(tmp_pcap), "/tmp/icmpkit-demo-XXXXXX");
		fd = mkstemp(tmp_pcap);
		if (fd < 0) {
			fprintf(stderr, "icmpkit demo: cannot create a temporary capture\n");
			return IK_EXIT_FAIL;
		}
		close(fd);
		pcap = tmp_pcap;
	}
	if (html)
		d.json = true; /* the phases, kept for the page */
	if (pcap) {
		d.pcap = ik_pcap_writer_open(pcap, err);
		if (!d.pcap) {
			fprintf(stderr, "icmpkit demo: %s: %s\n", pcap, err);
			if (tmp_pcap[0])
				unlink(tmp_pcap);
			return IK_EXIT_FAIL;
		}
	}
	d.width = demo_text_width();
	if (d.json)
		d.jout = json_array();
	for (size_t i = 0; i < NSCEN; i++) {
		if (strcmp(which, "all") && strcmp(which, scenarios[i].name))
			continue;
		if (scenarios[i].run(&d) < 0) {
			d.failures++;
			if (d.net)
				demo_end(&d);
		}
		ran++;
	}
	ik_pcap_writer_close(d.pcap);
	rc = d.failures ? IK_EXIT_FAIL : IK_EXIT_OK;
	if (html) {
		json_t *doc = json_pack("{s:O,s:i,s:i,s:i}", "scenarios", d.jout, "checks", d.checks,
					"failed", d.failures, "ran", ran);
		char title[128];

		snprintf(title, sizeof(title), "demo %s", which);
		if (rep_capture("demo", pcap, html, false, doc, title))
			rc = IK_EXIT_FAIL;
		else if (!want_json)
			printf("demo: %d scenario%s, %d checks, %s; page written to %s\n", ran,
			       ran == 1 ? "" : "s", d.checks,
			       d.failures ? "FAILED" : "all held", html);
		json_decref(doc);
		if (tmp_pcap[0])
			unlink(tmp_pcap);
		if (!want_json) {
			json_decref(d.jout);
			return rc;
		}
	}
	if (d.json) {
		json_t *doc = json_pack("{s:o,s:i,s:i,s:i}", "scenarios", d.jout, "checks", d.checks,
					"failed", d.failures, "ran", ran);

		json_dumpf(doc, stdout, JSON_INDENT(2));
		fputc('\n', stdout);
		json_decref(doc);
	} else {
		printf("\ndemo: %d scenario%s, %d checks, %s%s%s\n", ran, ran == 1 ? "" : "s",
		       d.checks, d.failures ? "" : "all held",
		       d.failures ? "FAILED: " : "", d.failures ? "see ✘ lines above" : "");
		if (pcap)
			printf("demo: packets written to %s\n", pcap);
	}
	return rc;
}
