// SPDX-License-Identifier: MIT
/*
 * demo_text.c - how `icmpkit demo` fits its text to the terminal
 *
 * The width is the terminal's (TIOCGWINSZ) when stdout is one, else
 * $COLUMNS when set, else 100. Narrative, checks and trace events wrap at
 * spaces under their first word; the packets are drawn by the show layer to
 * the same width (its bit diagrams are fixed 65-column drawings, which fit
 * from 72 columns on with the narrower indent used below 80).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "icmpkit/show.h"

#include "demo.h"

#define C_RESET "\033[0m"
#define C_DIM "\033[2m"

/* a trace line is "  A  ip    decide  ip.demux               why..." */
#define EV_WHY_COL 42
/* at least this much room for the why beside the columns, else under them */
#define EV_WHY_MIN 28

/**
 * demo_text_width() - the columns the demo's text must fit in
 *
 * Return: the terminal's width when stdout is a terminal, else $COLUMNS
 * when it holds a number from 20 to 1000, else 100.
 */
unsigned demo_text_width(void)
{
	const char *cols = getenv("COLUMNS");
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (cols && *cols) {
		char *end;
		long v = strtol(cols, &end, 10);

		if (!*end && v >= 20 && v <= 1000)
			return (unsigned)v;
	}
	return DEMO_WIDTH_DEFAULT;
}

/**
 * demo_text_line() - print one wrapped line of text
 * @d:    demo (its @out and @width)
 * @lead: what starts the line ("  ", "  ✔ ")
 * @text: the text after it; spaces it starts with indent its continuations too
 */
void demo_text_line(struct demo *d, const char *lead, const char *text)
{
	size_t sp = strspn(text, " ");
	size_t lw = ik_show_text_width(lead, strlen(lead));
	char hang[64];

	snprintf(hang, sizeof(hang), "%*s", (int)(lw + sp < sizeof(hang) - 1 ? lw + sp : 0), "");
	fputs(lead, d->out);
	ik_show_wrap(d->out, text, lw, d->width, hang);
	fputc('\n', d->out);
}

/**
 * demo_text_event() - print one trace event: node, layer, kind, what, why
 * @d:     demo
 * @e:     the event
 * @color: whether to dim the columns
 *
 * The why wraps under its own column when there is room beside the others,
 * else under the node.
 */
void demo_text_event(struct demo *d, const struct demo_event *e, bool color)
{
	char lead[160], hang[EV_WHY_COL + 1];
	size_t lw;

	snprintf(lead, sizeof(lead), "  %s%-2s %-5s %-7s%s %-22s ", color ? C_DIM : "", e->node,
		 ik_layer_name(e->layer), ik_ev_kind_name(e->kind), color ? C_RESET : "", e->what);
	lw = ik_show_text_width(lead, strlen(lead));
	snprintf(hang, sizeof(hang), "%*s",
		 d->width >= EV_WHY_COL + EV_WHY_MIN ? EV_WHY_COL : 8, "");
	fputs(lead, d->out);
	ik_show_wrap(d->out, e->why, lw, d->width, hang);
	fputc('\n', d->out);
}
