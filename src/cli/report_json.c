// SPDX-License-Identifier: MIT
/* report_json.c - `icmpkit report --json`: the report's facts as JSON */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/names.h"
#include "report.h"

/**
 * addr_text() - lifeline @i as a JSON string, or null
 * @r: report; @i: index or -1
 *
 * Return: new reference.
 */
static json_t *addr_text(const struct rep *r, int32_t i)
{
	char buf[46];

	if (i < 0)
		return json_null();
	rep_addr_str(r, i, buf);
	return json_string(buf);
}

/**
 * packet_json() - one packet: number, time, addresses, kind, link
 * @r: report; @i: index
 *
 * Return: new reference.
 */
static json_t *packet_json(const struct rep *r, size_t i)
{
	const struct ik_flow_pkt *f = ik_flow_get(r->flow, i);
	json_t *j = json_object();

	json_object_set_new(j, "packet", json_integer((json_int_t)i + 1));
	json_object_set_new(j, "time_ns", json_integer(r->t0 + r->t[i]));
	json_object_set_new(j, "src", addr_text(r, r->src[i]));
	json_object_set_new(j, "dst", addr_text(r, r->dst[i]));
	json_object_set_new(j, "kind", json_string(rep_kind_name(rep_kind(r, i))));
	json_object_set_new(j, "length", json_integer(r->len[i]));
	if (r->tc[i] >= REP_TC_V6) {
		json_object_set_new(j, "icmpv6_type", json_integer(r->tc[i] >> 8 & 255));
		json_object_set_new(j, "icmpv6_code", json_integer(r->tc[i] & 255));
	} else if (r->tc[i] >= 0) {
		json_object_set_new(j, "icmp_type", json_integer(r->tc[i] >> 8));
		json_object_set_new(j, "icmp_code", json_integer(r->tc[i] & 255));
	}
	json_object_set_new(j, "summary", json_string(r->sum ? r->sum[i] : ""));
	json_object_set_new(j, "link_state", json_string(ik_flow_state_name(f->state)));
	json_object_set_new(j, "link", f->link == IK_FLOW_NONE ? json_null()
							       : json_integer((json_int_t)f->link + 1));
	if (f->rtt >= 0)
		json_object_set_new(j, "rtt_ns", json_integer(f->rtt));
	return j;
}

/**
 * counts_json() - packets by kind, and ICMP messages by "type/code"
 * @r: report
 *
 * Return: new reference.
 */
static json_t *counts_json(const struct rep *r)
{
	json_t *kinds = json_object(), *tc = json_object(), *j = json_object();
	size_t nk[REP_KIND_SKIPPED + 1] = { 0 }, linked = 0, unmatched = 0, lost = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct ik_flow_pkt *f = ik_flow_get(r->flow, i);

		nk[rep_kind(r, i)]++;
		linked += f->state == IK_FS_LINKED && f->kind != IK_FK_ECHO_REQ;
		unmatched += f->state == IK_FS_NOT_FOUND || f->state == IK_FS_UNREADABLE;
		lost += f->state == IK_FS_LOST;
		if (r->tc[i] >= 0) {
			const char *tn, *cn;
			char key[160];
			json_t *c;

			rep_tc_names(r->tc[i], &tn, &cn);
			snprintf(key, sizeof(key), "%s%d/%d %s (%s)", r->tc[i] >= REP_TC_V6 ? "ICMPv6 " : "",
				 r->tc[i] >> 8 & 255, r->tc[i] & 255, tn, cn);
			c = json_object_get(tc, key);
			json_object_set_new(tc, key, json_integer(c ? json_integer_value(c) + 1 : 1));
		}
	}
	for (unsigned k = 0; k <= REP_KIND_SKIPPED; k++)
		json_object_set_new(kinds, rep_kind_name(k), json_integer((json_int_t)nk[k]));
	json_object_set_new(j, "packets", json_integer((json_int_t)r->n));
	json_object_set_new(j, "kinds", kinds);
	json_object_set_new(j, "icmp", tc);
	json_object_set_new(j, "linked", json_integer((json_int_t)linked));
	json_object_set_new(j, "unmatched", json_integer((json_int_t)unmatched));
	json_object_set_new(j, "lost_requests", json_integer((json_int_t)lost));
	json_object_set_new(j, "invalid", json_integer((json_int_t)r->nmal));
	json_object_set_new(j, "lifelines", json_integer((json_int_t)r->addrs.n));
	json_object_set_new(j, "echo_streams", json_integer((json_int_t)r->streams.n));
	return j;
}

/**
 * put_item() - one array element, compact, on its own line
 * @f: stream; @j: value (reference taken); @first: no comma before it
 */
static void put_item(FILE *f, json_t *j, bool first)
{
	fputs(first ? "\n    " : ",\n    ", f);
	json_dumpf(j, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(j);
}

int rep_json(struct rep *r, const char *source, FILE *f)
{
	json_t *head = json_object();
	bool first = true;
	char *text;

	ik_flow_finish(r->flow);
	json_object_set_new(head, "source", json_string(source));
	json_object_set_new(head, "counts", counts_json(r));
	text = json_dumps(head, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(head);
	if (!text)
		return -1;
	/* the object without its closing brace, then the two long arrays
	 * streamed a packet at a time (no tree of a million objects) */
	fwrite(text, 1, strlen(text) - 2, f);
	free(text);
	fputs(",\n  \"links\": [", f);
	for (size_t i = 0; i < r->n; i++) {
		const struct ik_flow_pkt *fp = ik_flow_get(r->flow, i);
		json_t *l;

		if (fp->kind != IK_FK_ERROR && fp->kind != IK_FK_ECHO_REP)
			continue;
		l = json_object();
		json_object_set_new(l, "from", json_integer((json_int_t)i + 1));
		json_object_set_new(l, "kind", json_string(fp->kind == IK_FK_ERROR ? "quotes" : "answers"));
		json_object_set_new(l, "to", fp->link == IK_FLOW_NONE ? json_null()
								   : json_integer((json_int_t)fp->link + 1));
		json_object_set_new(l, "state", json_string(ik_flow_state_name(fp->state)));
		if (fp->rtt >= 0)
			json_object_set_new(l, "rtt_ns", json_integer(fp->rtt));
		put_item(f, l, first);
		first = false;
	}
	fputs(first ? "],\n  \"packets\": [" : "\n  ],\n  \"packets\": [", f);
	for (size_t i = 0; i < r->n; i++)
		put_item(f, packet_json(r, i), i == 0);
	fputs(r->n ? "\n  ]\n}\n" : "]\n}\n", f);
	return ferror(f) ? -1 : 0;
}
