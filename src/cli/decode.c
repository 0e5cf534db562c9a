// SPDX-License-Identifier: MIT
/* decode.c - `icmpkit decode` (being written) */
#include <stdio.h>

#include "cli.h"

int cmd_decode(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "icmpkit decode: not built yet\n");
	return IK_EXIT_USAGE;
}
