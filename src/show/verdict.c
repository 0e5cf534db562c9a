// SPDX-License-Identifier: MIT
/* verdict.c - the checks in words: checksums, lengths, the first error */
#include <stdio.h>

#include "sbuf.h"
#include "show_impl.h"

/**
 * ik_show_verdict_text() - one verdict in words
 * @v:   verdict
 * @buf: output
 * @cap: its size
 *
 * Return: the length of the full text (as snprintf).
 */
size_t ik_show_verdict_text(const struct ik_verdict *v, char *buf, size_t cap)
{
	struct sbuf b;

	sb_init(&b, buf, cap);
	sb_puts(&b, v->what ? v->what : "(null)"); /* as printf prints a NULL %s */
	if (v->kind == IK_VK_CHECKSUM) {
		if (v->status != IK_VS_OK && v->status != IK_VS_BAD &&
		    v->status != IK_VS_UNVERIFIABLE) {
			sb_puts(&b, " 0: none sent (");
			sb_puts(&b, v->note);
			sb_puts(&b, ")");
			return sb_len(&b);
		}
		sb_puts(&b, " 0x");
		sb_hex(&b, v->value, 4);
		if (v->status == IK_VS_OK) {
			sb_puts(&b, ": correct");
		} else if (v->status == IK_VS_BAD) {
			sb_puts(&b, ": WRONG (should be 0x");
			sb_hex(&b, v->expect, 4);
			sb_puts(&b, ")");
		} else {
			sb_puts(&b, ": not verifiable: ");
			sb_puts(&b, v->note);
		}
	} else {
		sb_puts(&b, " ");
		sb_dec(&b, v->value);
		sb_puts(&b, v->status == IK_VS_OK    ? ": consistent ("
			    : v->status == IK_VS_BAD ? ": INCONSISTENT ("
						     : ": not checked (");
		sb_puts(&b, v->note);
		sb_puts(&b, ")");
	}
	return sb_len(&b);
}

/**
 * tag() - the left-hand tag of a verdict line
 * @status: enum ik_verdict_status
 *
 * Return: static string.
 */
static const char *tag(unsigned status)
{
	switch (status) {
	case IK_VS_OK:
		return "ok";
	case IK_VS_BAD:
		return "BAD";
	case IK_VS_UNVERIFIABLE:
		return "n/a";
	default:
		return "--";
	}
}

/**
 * ik_show_verdicts() - print the checks, the first error and the outcome
 * @out: stream
 * @d:   dissection
 * @o:   options (colour, indent; NULL: defaults)
 */
void ik_show_verdicts(FILE *out, const struct ik_dissection *d, const struct ik_show_opts *o)
{
	struct ik_show_opts def;
	size_t n = 0;

	o = ik_show_opts_or_default(o, &def);
	ik_show_lead(out, o, 0);
	fprintf(out, "%sChecks%s\n", ik_show_sgr(o, SR_TITLE), ik_show_sgr(o, SR_RESET));
	for (size_t i = 0; i < d->nlayers; i++) {
		const struct ik_dlayer *l = &d->layers[i];

		for (size_t j = 0; j < l->nv; j++) {
			const struct ik_verdict *v = &l->v[j];
			char text[256];

			ik_show_verdict_text(v, text, sizeof(text));
			ik_show_lead(out, o, 0);
			fprintf(out, "  %s%-4s%s ", ik_show_verdict_sgr(o, v->status), tag(v->status),
				ik_show_sgr(o, SR_RESET));
			ik_show_wrap_opts(out, o, 0, ik_show_lead_width(o, 0) + 7, 7, text);
			fputc('\n', out);
			n++;
		}
	}
	if (n == 0) {
		ik_show_lead(out, o, 0);
		fprintf(out, "  (nothing could be checked)\n");
	}
	if (d->has_err) {
		char text[300];

		snprintf(text, sizeof(text), "  %sERROR%s offset %zu: %s", ik_show_sgr(o, SR_BAD),
			 ik_show_sgr(o, SR_RESET), d->err.off, d->err.msg);
		ik_show_lead(out, o, 0);
		ik_show_wrap_opts(out, o, 0, ik_show_lead_width(o, 0), 8, text);
		fputc('\n', out);
	}
	ik_show_lead(out, o, 0);
	if (d->valid)
		fprintf(out, "  %s=> valid%s\n", ik_show_sgr(o, SR_OK), ik_show_sgr(o, SR_RESET));
	else if (d->nbad && d->has_err)
		fprintf(out, "  %s=> NOT valid%s (%u bad check%s and an error)\n", ik_show_sgr(o, SR_BAD),
			ik_show_sgr(o, SR_RESET), d->nbad, d->nbad == 1 ? "" : "s");
	else if (d->nbad)
		fprintf(out, "  %s=> NOT valid%s (%u bad check%s)\n", ik_show_sgr(o, SR_BAD),
			ik_show_sgr(o, SR_RESET), d->nbad, d->nbad == 1 ? "" : "s");
	else
		fprintf(out, "  %s=> NOT valid%s (malformed)\n", ik_show_sgr(o, SR_BAD),
			ik_show_sgr(o, SR_RESET));
}
