// SPDX-License-Identifier: MIT
/* traceroute_out.c - `icmpkit traceroute`: traceroute 2.x's lines, or JSON */
#include <string.h>

#include "icmpkit/ipv4.h"

#include "traceroute.h"

static const char *const method_name[] = { [TR_UDP] = "udp", [TR_ICMP] = "icmp", [TR_TCP] = "tcp" };

/**
 * json_str() - @s as a JSON string
 * @f: output; @s: text
 */
static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

/**
 * tr_print_header() - the first line (text) or the start object (--json)
 * @c: context
 */
void tr_print_header(const struct tr_ctx *c)
{
	const struct tr_args *a = c->a;
	char d[16], s[16];

	ik_ipv4_addr_str(a->dst, d);
	if (a->report)
		return; /* the report is printed whole at the end */
	if (!a->run.json) {
		fprintf(c->out, "traceroute to %s (%s), %u hops max, %u byte packets\n", a->host, d,
			a->max_ttl, a->pktlen);
		fflush(c->out);
		return;
	}
	fprintf(c->out, "{\"type\":\"start\",\"host\":");
	json_str(c->out, a->host);
	fprintf(c->out, ",\"dst\":\"%s\",\"src\":\"%s\",\"method\":\"%s\",\"first_ttl\":%u,"
		"\"max_hops\":%u,\"queries\":%u,\"flows\":%u,\"packet_len\":%u", d,
		ik_ipv4_addr_str(c->src, s), method_name[a->method], a->first_ttl, a->max_ttl,
		a->per_flow, a->flows, a->pktlen);
	if (a->method != TR_ICMP)
		fprintf(c->out, ",\"sport\":%u,\"dport\":%u", c->sport, a->port);
	else
		fprintf(c->out, ",\"ident\":%u", c->ident);
	fprintf(c->out, "}\n");
	fflush(c->out);
}

/**
 * print_hop_json() - one hop as {"type":"hop","ttl":N,"probes":[...]}
 * @c: context; @p: the hop's first probe
 */
static void print_hop_json(struct tr_ctx *c, const struct tr_probe *p)
{
	char b[16];

	fprintf(c->out, "{\"type\":\"hop\",\"ttl\":%u,\"probes\":[", p->ttl);
	for (unsigned k = 0; k < c->a->nqueries; k++) {
		const struct tr_probe *q = &p[k];

		fprintf(c->out, "%s", k ? "," : "");
		if (!q->answered) {
			if (c->a->flows > 1)
				fprintf(c->out, "{\"timeout\":true,\"flow\":%u}", k / c->a->per_flow);
			else
				fprintf(c->out, "{\"timeout\":true}");
			continue;
		}
		fprintf(c->out, "{\"addr\":\"%s\"", ik_ipv4_addr_str(q->from, b));
		if (!c->a->numeric) {
			const char *name = tr_name_of(&c->names, q->from);

			if (name) {
				fprintf(c->out, ",\"name\":");
				json_str(c->out, name);
			}
		}
		fprintf(c->out, ",\"rtt_ms\":%.3f", (double)(q->t_recv - q->t_sent) / 1e6);
		if (c->a->flows > 1)
			fprintf(c->out, ",\"flow\":%u", k / c->a->per_flow);
		if (c->a->mtu)
			fprintf(c->out, ",\"size\":%u", q->size);
		if (q->ann[0]) {
			fprintf(c->out, ",\"annotation\":");
			json_str(c->out, q->ann);
		}
		if (q->ext[0]) {
			fprintf(c->out, ",\"extensions\":");
			json_str(c->out, q->ext);
		}
		fprintf(c->out, ",\"final\":%s}", q->final ? "true" : "false");
	}
	fprintf(c->out, "]}\n");
}

/**
 * tr_print_hop() - one hop's line (text) or object (--json)
 * @c: context (--mtu: @c->shown_size follows what is printed); @ttl: the hop
 *
 * The text form is traceroute 2.x's: "%2u " then per probe " *" or, when
 * the responder differs from the previous one on the line, " ADDR" (and
 * " <EXT>" with -e), then "  RTT ms", " F=N" (--mtu) when the probe's size
 * is not the last one printed, and " !X" when annotated.
 */
void tr_print_hop(struct tr_ctx *c, unsigned ttl)
{
	const struct tr_probe *p = &c->probes[(ttl - c->a->first_ttl) * c->a->nqueries];
	uint32_t prev = 0;
	bool have_prev = false;
	char b[16];

	if (c->a->report)
		return;
	if (c->a->run.json) {
		print_hop_json(c, p);
		fflush(c->out);
		return;
	}
	fprintf(c->out, "%2u ", ttl);
	for (unsigned k = 0; k < c->a->nqueries; k++) {
		const struct tr_probe *q = &p[k];

		if (!q->answered) {
			fprintf(c->out, " *");
			continue;
		}
		if (!have_prev || q->from != prev) {
			ik_ipv4_addr_str(q->from, b);
			if (c->a->numeric) {
				fprintf(c->out, " %s", b);
			} else {
				const char *name = tr_name_of(&c->names, q->from);

				fprintf(c->out, " %s (%s)", name ? name : b, b);
			}
			if (q->ext[0])
				fprintf(c->out, " %s", q->ext);
			prev = q->from;
			have_prev = true;
		}
		fprintf(c->out, "  %.3f ms", (double)(q->t_recv - q->t_sent) / 1e6);
		if (c->a->mtu && q->size != c->shown_size) {
			fprintf(c->out, " F=%u", q->size);
			c->shown_size = q->size;
		}
		if (q->ann[0])
			fprintf(c->out, " %s", q->ann);
	}
	fputc('\n', c->out);
	fflush(c->out);
}

/**
 * tr_print_summary() - --json: the summary object; text: nothing
 * @c: context; @last_ttl: the last hop printed (0: none); @reached: the
 * destination answered; @interrupted: SIGINT/SIGTERM
 */
void tr_print_summary(struct tr_ctx *c, unsigned last_ttl, bool reached, bool interrupted)
{
	unsigned sent = 0, answered = 0;
	char d[16];

	if (c->a->report) {
		tr_report_print(c, last_ttl);
		return;
	}
	if (!c->a->run.json)
		return;
	for (unsigned i = 0; i < c->nprobes; i++) {
		sent += c->probes[i].sent;
		answered += c->probes[i].answered;
	}
	fprintf(c->out, "{\"type\":\"summary\",\"dst\":\"%s\",\"reached\":%s,\"hops\":%u,"
		"\"sent\":%u,\"answered\":%u,\"interrupted\":%s}\n", ik_ipv4_addr_str(c->a->dst, d),
		reached ? "true" : "false", last_ttl, sent, answered, interrupted ? "true" : "false");
	fflush(c->out);
}
