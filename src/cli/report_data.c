// SPDX-License-Identifier: MIT
/*
 * report_data.c - the report's columns: one entry per frame (time, source,
 * destination, kind, length, ICMP type/code, echo stream, link), filled
 * frame by frame while each frame's detail is written out in chunks
 */
#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/dissect.h"
#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv6.h"
#include "icmpkit/names.h"
#include "icmpkit/show.h"
#include "report.h"

int rep_init(struct rep *r, FILE *out, bool list)
{
	memset(r, 0, sizeof(*r));
	r->out = out;
	r->list = list;
	r->flow = ik_flow_new(0);
	return r->flow ? 0 : -1;
}

/**
 * grow() - room for one more frame in every column
 * @r: report
 *
 * Return: 0, or -1 when out of memory.
 */
static int grow(struct rep *r)
{
	size_t cap = r->cap ? 2 * r->cap : 1024;
	void *p;

	if (r->n < r->cap)
		return 0;
#define GROW(col)                                          \
	do {                                               \
		p = realloc(r->col, cap * sizeof(*r->col)); \
		if (!p)                                    \
			return -1;                         \
		r->col = p;                                \
	} while (0)
	GROW(t);
	GROW(src);
	GROW(dst);
	GROW(len);
	GROW(tc);
	GROW(eid);
	GROW(skipped);
	if (r->list)
		GROW(sum);
#undef GROW
	r->cap = cap;
	return 0;
}

/**
 * addr_index() - the lifeline of address @a
 * @r: report; @a: address (host order)
 *
 * Return: its index, or -1.
 */
static int32_t addr_index(struct rep *r, uint32_t a)
{
	uint8_t b[4];

	ik_put32(b, a);
	return (int32_t)rep_intern_add(&r->addrs, b, 4);
}

void rep_addr_str(const struct rep *r, int32_t i, char *buf)
{
	const uint8_t *a = (const uint8_t *)r->addrs.s[i];

	if (r->addrs.len[i] == 16)
		ik_ipv6_addr_str(a, buf);
	else
		snprintf(buf, IK_IPV6_ADDR_STRLEN, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
}

void rep_tc_names(int32_t tc, const char **type, const char **code)
{
	uint8_t t = (uint8_t)(tc >> 8), c = (uint8_t)tc;

	*type = tc >= REP_TC_V6 ? ik_icmpv6_type_name(t) : ik_icmp_type_name(t);
	*code = tc >= REP_TC_V6 ? ik_icmpv6_code_name(t, c) : ik_icmp_code_name(t, c);
}

/**
 * columns6() - columns() of an IPv6 packet: the addresses, and for ICMPv6
 * (after the extension chain) its type/code and echo stream
 * @r: report; @i: its index; @p: the frame
 */
static void columns6(struct rep *r, size_t i, const struct ik_cap_pkt *p)
{
	const uint8_t *ip = p->data, *m;
	struct ik_ipv6_repr v;
	uint8_t k[34];
	bool req;

	r->src[i] = (int32_t)rep_intern_add(&r->addrs, ip + 8, 16);
	r->dst[i] = (int32_t)rep_intern_add(&r->addrs, ip + 24, 16);
	if (ik_ipv6_parse(ip, p->len, IK_IPV6_QUOTED, &v, NULL) < 0 ||
	    v.proto != IK_IPV6_NH_ICMPV6 || v.frag_off || p->len < v.l4_off + 2)
		return;
	m = ip + v.l4_off;
	r->tc[i] = REP_TC_V6 | m[0] << 8 | m[1];
	if ((m[0] != IK_ICMP6_ECHO && m[0] != IK_ICMP6_ECHO_REPLY) || p->len < v.l4_off + 8)
		return;
	req = m[0] == IK_ICMP6_ECHO;
	memcpy(k, ip + (req ? 8 : 24), 16);
	memcpy(k + 16, ip + (req ? 24 : 8), 16);
	memcpy(k + 32, m + 4, 2);
	r->eid[i] = (int32_t)rep_intern_add(&r->streams, k, sizeof(k));
}

/**
 * columns() - the addresses, ICMP type/code and echo stream of a frame
 * @r: report; @i: its index; @p: the frame
 */
static void columns(struct rep *r, size_t i, const struct ik_cap_pkt *p)
{
	const uint8_t *ip = p->data;
	size_t hl;

	r->src[i] = r->dst[i] = r->tc[i] = r->eid[i] = -1;
	if (ip && p->len >= IK_IPV6_HDR_LEN && (ip[0] >> 4) == 6) {
		columns6(r, i, p);
		return;
	}
	if (!ip || p->len < 20 || (ip[0] >> 4) != 4)
		return;
	r->src[i] = addr_index(r, ik_get32(ip + 12));
	r->dst[i] = addr_index(r, ik_get32(ip + 16));
	hl = (size_t)(ip[0] & 15) * 4;
	if (ip[9] != 1 || hl < 20 || p->len < hl + 2 || (ik_get16(ip + 6) & 0x1fff))
		return;
	r->tc[i] = ip[hl] << 8 | ip[hl + 1];
	if ((ip[hl] == 0 || ip[hl] == 8) && p->len >= hl + 8) {
		uint8_t k[10];
		bool req = ip[hl] == 8;

		memcpy(k, ip + (req ? 12 : 16), 4);
		memcpy(k + 4, ip + (req ? 16 : 12), 4);
		memcpy(k + 8, ip + hl + 4, 2);
		r->eid[i] = (int32_t)rep_intern_add(&r->streams, k, sizeof(k));
	}
}

int rep_add(struct rep *r, const struct ik_cap_pkt *p)
{
	static struct ik_dissection d;
	int64_t ns = p->sec * 1000000000LL + p->nsec;
	char sum[256] = "";
	size_t i;

	if (grow(r) || ik_flow_add(r->flow, p->data, p->data ? p->len : 0, ns) < 0)
		return -1;
	i = r->n++;
	if (i == 0)
		r->t0 = ns;
	r->t[i] = ns - r->t0;
	r->len[i] = (uint32_t)(p->data ? p->len : p->frame_cap);
	columns(r, i, p);
	r->skipped[i] = !p->data && p->skip[0];
	if (r->out) {
		if (i % REP_CHUNK == 0)
			fputs(i ? "]</script>\n<script type=\"application/json\" class=\"ikd\">["
				: "<script type=\"application/json\" class=\"ikd\">[", r->out);
		else
			fputc(',', r->out);
		if (rep_detail(r, p, sum, sizeof(sum)))
			return -1;
	} else if (r->list && p->data) {
		ik_dissect_ip(&d, p->data, p->len);
		ik_show_summary(&d, sum, sizeof(sum));
		if (!d.valid)
			r->nmal++;
	} else if (r->list) {
		snprintf(sum, sizeof(sum), "%s: %s", p->skip[0] ? "skipped" : "unreadable",
			 p->skip[0] ? p->skip : p->bad);
	}
	if (r->list) {
		r->sum[i] = strdup(sum);
		if (!r->sum[i])
			return -1;
	}
	return 0;
}

unsigned rep_kind(const struct rep *r, size_t i)
{
	return r->skipped[i] ? REP_KIND_SKIPPED : ik_flow_get(r->flow, i)->kind;
}

const char *rep_kind_name(unsigned kind)
{
	return kind == REP_KIND_SKIPPED ? "skipped" : ik_flow_kind_name(kind);
}

/**
 * put_int() - a decimal integer, without printf
 * @f: stream; @v: value
 */
static void put_int(FILE *f, long long v)
{
	char buf[24];
	int n = sizeof(buf);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;

	do {
		buf[--n] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		buf[--n] = '-';
	fwrite(buf + n, 1, sizeof(buf) - (size_t)n, f);
}

/**
 * put_col() - "name":[v,...] for a column of @n values got by @get
 * @f: stream; @name: key; @n: count; @get: value of row i; @r: report
 */
static void put_col(FILE *f, const char *name, size_t n, long long (*get)(const struct rep *, size_t),
		    const struct rep *r)
{
	fprintf(f, "\"%s\":[", name);
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', f);
		put_int(f, get(r, i));
	}
	fputs("],\n", f);
}

/*
 * col_*() - the value of one column for packet @i of @r, for put_col()
 * (Return: the value; -1 where the column has none)
 */
static long long col_t(const struct rep *r, size_t i) { return r->t[i]; }
static long long col_src(const struct rep *r, size_t i) { return r->src[i]; }
static long long col_dst(const struct rep *r, size_t i) { return r->dst[i]; }
static long long col_len(const struct rep *r, size_t i) { return r->len[i]; }
static long long col_tc(const struct rep *r, size_t i) { return r->tc[i]; }
static long long col_eid(const struct rep *r, size_t i) { return r->eid[i]; }
static long long col_kind(const struct rep *r, size_t i) { return rep_kind(r, i); }
static long long col_state(const struct rep *r, size_t i) { return ik_flow_get(r->flow, i)->state; }
static long long col_rtt(const struct rep *r, size_t i) { return ik_flow_get(r->flow, i)->rtt; }
static long long col_link(const struct rep *r, size_t i)
{
	uint32_t l = ik_flow_get(r->flow, i)->link;

	return l == IK_FLOW_NONE ? -1 : (long long)l;
}

/**
 * put_interned() - "name":[s0,s1,...] writing each interned string raw
 * @f: stream; @name: key; @t: strings (already JSON)
 */
static void put_interned(FILE *f, const char *name, const struct rep_intern *t)
{
	fprintf(f, "\"%s\":[", name);
	for (size_t i = 0; i < t->n; i++) {
		if (i)
			fputc(',', f);
		fwrite(t->s[i], 1, t->len[i], f);
	}
	fputs("],\n", f);
}

/**
 * put_tcnames() - "tcnames":{"type<<8|code":[type name, code name], ...}
 * for every ICMP type and code in the capture (ICMPv6: REP_TC_V6 added)
 * @r: report
 */
static void put_tcnames(struct rep *r)
{
	static uint8_t seen[2 * REP_TC_V6 / 8];
	char a[160], b[160];
	const char *tn, *cn;
	bool first = true;

	memset(seen, 0, sizeof(seen));
	for (size_t i = 0; i < r->n; i++)
		if (r->tc[i] >= 0)
			seen[r->tc[i] >> 3] |= (uint8_t)(1u << (r->tc[i] & 7));
	fputs("\"tcnames\":{", r->out);
	for (unsigned v = 0; v < 2 * REP_TC_V6; v++) {
		if (!(seen[v >> 3] & (1u << (v & 7))))
			continue;
		rep_tc_names((int32_t)v, &tn, &cn);
		rep_jstr(a, sizeof(a), tn);
		rep_jstr(b, sizeof(b), cn);
		fprintf(r->out, "%s\"%u\":[%s,%s]", first ? "" : ",", v, a, b);
		first = false;
	}
	fputs("},\n", r->out);
}

/**
 * put_tables() - "tables":[[name, key, [[name, key, bit_off, bit_len, fmt], ...]], ...]
 * @r: report
 */
static void put_tables(struct rep *r)
{
	char a[256], b[256];

	fputs("\"tables\":[", r->out);
	for (size_t t = 0; t < r->ntabs; t++) {
		const struct ik_field_table *ft = r->tabs[t];

		rep_jstr(a, sizeof(a), ft->name);
		rep_jstr(b, sizeof(b), ft->key);
		fprintf(r->out, "%s[%s,%s,[", t ? "," : "", a, b);
		for (size_t i = 0; i < ft->nfields; i++) {
			const struct ik_field *fd = &ft->fields[i];

			rep_jstr(a, sizeof(a), fd->name);
			rep_jstr(b, sizeof(b), fd->key);
			fprintf(r->out, "%s[%s,%s,%u,%u,%u]", i ? "," : "", a, b, fd->bit_off,
				fd->bit_len, fd->fmt);
		}
		fputs("]]", r->out);
	}
	fputs("],\n", r->out);
}

int rep_finish(struct rep *r, const char *title, json_t *demo)
{
	char buf[1024];
	FILE *f = r->out;

	ik_flow_finish(r->flow);
	if (r->n)
		fputs("]</script>\n", f);
	fputs("<script type=\"application/json\" id=\"ik-data\">{\n", f);
	rep_jstr(buf, sizeof(buf), title);
	fprintf(f, "\"title\":%s,\n\"count\":%zu,\n\"chunk\":%d,\n\"t0\":\"%lld\",\n", buf, r->n,
		REP_CHUNK, (long long)r->t0);
	put_col(f, "t", r->n, col_t, r);
	put_col(f, "src", r->n, col_src, r);
	put_col(f, "dst", r->n, col_dst, r);
	put_col(f, "kind", r->n, col_kind, r);
	put_col(f, "len", r->n, col_len, r);
	put_col(f, "link", r->n, col_link, r);
	put_col(f, "state", r->n, col_state, r);
	put_col(f, "rtt", r->n, col_rtt, r);
	put_col(f, "tc", r->n, col_tc, r);
	put_col(f, "eid", r->n, col_eid, r);
	fputs("\"addrs\":[", f);
	for (size_t i = 0; i < r->addrs.n; i++) {
		rep_addr_str(r, (int32_t)i, buf);
		fprintf(f, "%s\"%s\"", i ? "," : "", buf);
	}
	fputs("],\n\"streams\":[", f);
	for (size_t i = 0; i < r->streams.n; i++) {
		const uint8_t *k = (const uint8_t *)r->streams.s[i];
		size_t al = r->streams.len[i] == 34 ? 16 : 4; /* IPv6 or IPv4 */

		fprintf(f, "%s[%ld,%ld,%u]", i ? "," : "", rep_intern_add(&r->addrs, k, al),
			rep_intern_add(&r->addrs, k + al, al), ik_get16(k + 2 * al));
	}
	fputs("],\n", f);
	put_tcnames(r);
	put_tables(r);
	put_interned(f, "strs", &r->strs);
	put_interned(f, "tpls", &r->tpls);
	fputs("\"demo\":", f);
	if (demo)
		json_dumpf(demo, f, JSON_COMPACT | JSON_ESCAPE_SLASH);
	else
		fputs("null", f);
	fputs("\n}</script>\n", f);
	for (size_t i = 0; ik_report_page_tail[i]; i++)
		fputs(ik_report_page_tail[i], f);
	return ferror(f) || r->err ? -1 : 0;
}

void rep_free(struct rep *r)
{
	ik_flow_free(r->flow);
	free(r->t);
	free(r->src);
	free(r->dst);
	free(r->len);
	free(r->tc);
	free(r->eid);
	free(r->skipped);
	for (size_t i = 0; r->sum && i < r->n; i++)
		free(r->sum[i]);
	free(r->sum);
	rep_intern_free(&r->addrs);
	rep_intern_free(&r->streams);
	rep_intern_free(&r->strs);
	rep_intern_free(&r->tpls);
}
