// SPDX-License-Identifier: MIT
/* demo.c - `icmpkit demo` (being written) */
#include <stdio.h>

#include "cli.h"

int cmd_demo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "icmpkit demo: not built yet\n");
	return IK_EXIT_USAGE;
}
