// SPDX-License-Identifier: MIT
/* main.c - the icmpkit command: subcommand dispatch */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct subcmd {
	const char *name;
	int (*run)(int argc, char **argv); /* NULL: planned, not built yet */
	const char *help;
	const char *issue;
};

static const struct subcmd subcmds[] = {
	{ "demo", cmd_demo, "run the study note on the simulated network", NULL },
	{ "decode", cmd_decode, "decode packets: hex, raw file or pcap", NULL },
	{ "report", cmd_report, "a capture as one self-contained web page", NULL },
	{ "host", cmd_host, "run the stack as a host on a TUN device", NULL },
	{ "router", cmd_router, "run the stack as a router between TUN devices", NULL },
	{ "ping", cmd_ping, "echo requests over the kernel, as iputils ping", NULL },
	{ "traceroute", cmd_traceroute, "trace the path with TTL-limited probes", NULL },
};

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "icmpkit%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (try 'icmpkit %s%s--help')\n", cmd ? cmd : "", cmd ? " " : "");
	return IK_EXIT_USAGE;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: icmpkit COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(subcmds) / sizeof(subcmds[0]); i++) {
		char note[32] = "";

		if (!subcmds[i].run)
			snprintf(note, sizeof(note), " (planned%s%s)", subcmds[i].issue ? ", issue " : "",
				 subcmds[i].issue ? subcmds[i].issue : "");
		fprintf(f, "  %-11s %s%s\n", subcmds[i].name, subcmds[i].help, note);
	}
	fprintf(f, "\n'icmpkit COMMAND --help' describes each command.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr), IK_EXIT_USAGE;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return usage(stdout), IK_EXIT_OK;
	for (size_t i = 0; i < sizeof(subcmds) / sizeof(subcmds[0]); i++) {
		if (strcmp(argv[1], subcmds[i].name))
			continue;
		if (!subcmds[i].run) {
			fprintf(stderr, "icmpkit %s: not built yet (planned%s%s)\n", subcmds[i].name,
				subcmds[i].issue ? ", issue " : "",
				subcmds[i].issue ? subcmds[i].issue : "");
			return IK_EXIT_USAGE;
		}
		return subcmds[i].run(argc - 1, argv + 1);
	}
	return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
}
