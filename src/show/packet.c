// SPDX-License-Identifier: MIT
/* packet.c - one packet, every view: what the demo and `decode` print */
#include <stdlib.h>

#include "show_impl.h"

/**
 * ik_show_dissection() - print an already dissected packet
 * @out: stream
 * @d:   dissection
 * @o:   options (NULL: defaults)
 *
 * Return: 0 when the packet is fully valid, 1 otherwise.
 */
int ik_show_dissection(FILE *out, const struct ik_dissection *d, const struct ik_show_opts *o)
{
	struct ik_show_opts def;

	o = ik_show_opts_or_default(o, &def);
	if (o->title) {
		ik_show_lead(out, o, 0);
		fputs(ik_show_sgr(o, SR_BOLD), out);
		ik_show_wrap_opts(out, o, 0, ik_show_lead_width(o, 0), 0, o->title);
		fprintf(out, "%s\n", ik_show_sgr(o, SR_RESET));
	}
	if (o->summary) {
		char line[256];

		ik_show_summary(d, line, sizeof(line));
		ik_show_lead(out, o, 0);
		ik_show_wrap_opts(out, o, 0, ik_show_lead_width(o, 0), 2, line);
		fputc('\n', out);
	}
	if (o->title || o->summary)
		fputc('\n', out);
	if (o->diagram)
		ik_show_diagram(out, d, o);
	if (o->hex)
		ik_show_hex(out, d, o);
	if (o->verdicts)
		ik_show_verdicts(out, d, o);
	return d->valid ? 0 : 1;
}

/**
 * ik_show_packet() - dissect and print one IPv4 datagram
 * @out: stream
 * @pkt: the datagram
 * @len: its length
 * @o:   options (NULL: defaults of ik_show_opts_init())
 *
 * Return: 0 when the packet is fully valid, 1 otherwise.
 */
int ik_show_packet(FILE *out, const uint8_t *pkt, size_t len, const struct ik_show_opts *o)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	int rc;

	if (!d)
		return 1;
	if (ik_dissect_ip(d, pkt, len) < 0) {
		free(d);
		return 1;
	}
	rc = ik_show_dissection(out, d, o);
	free(d);
	return rc;
}
