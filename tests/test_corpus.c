// SPDX-License-Identifier: MIT
/*
 * test_corpus.c - the wire parsers against packets built by scapy
 *
 * tests/data/corpus holds NAME.bin (an IPv4 datagram) and NAME.json (the
 * field values scapy reads from it, written by scripts/gen-corpus). For every
 * packet this parses the bytes with ik_ipv4_parse(), the option walker,
 * ik_icmp_parse(), ik_icmp_quote_parse(), the extension walker and
 * ik_udp_parse(), ik_tcp_parse() and the TCP option walker, and asserts that every field equals scapy's value, that the
 * checksum verdicts and recomputed checksums agree with scapy's, and that a
 * malformed packet fails in the named parser with the named error. The
 * dissector (ik_dissect()) must reach the same verdict, and its TCP layers
 * (outer or quoted, through the field tables) must read scapy's values.
 * Each packet is its own cmocka test; a last one prints the totals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/dissect.h"
#include "icmpkit/err.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/tcp.h"
#include "icmpkit/udp.h"

#define CORPUS_DIR IK_TEST_DATA "/corpus"
#define MIN_PACKETS 80
#define MAX_PKT 65536

static unsigned n_files, n_packets, n_valid, n_malformed;
static unsigned long n_fields;
static const char *cur; /* packet being checked, for messages */

/**
 * cmp() - compare one field and count it
 * @what: field name
 * @got:  our parser's value
 * @want: scapy's value
 */
static void cmp(const char *what, long long got, long long want)
{
	n_fields++;
	if (got != want)
		fail_msg("%s: %s = %lld (0x%llx), scapy says %lld (0x%llx)", cur, what, got,
			 (unsigned long long)got, want, (unsigned long long)want);
}

/**
 * jget() - integer member of a JSON object
 * @o:   object
 * @k:   key
 * @out: value
 *
 * Return: true if @k is present and an integer or boolean.
 */
static bool jget(const json_t *o, const char *k, long long *out)
{
	json_t *v = json_object_get(o, k);

	if (json_is_integer(v)) {
		*out = json_integer_value(v);
		return true;
	}
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return true;
	}
	return false;
}

/**
 * jnum() - integer member that must be present
 * @o: object
 * @k: key
 *
 * Return: its value (fails the test if missing).
 */
static long long jnum(const json_t *o, const char *k)
{
	long long v = 0;

	if (!jget(o, k, &v))
		fail_msg("%s: JSON key '%s' missing", cur, k);
	return v;
}

/**
 * cmpj() - compare a field with a JSON member when the member is present
 * @o:    JSON object
 * @k:    key
 * @what: field name for messages
 * @got:  our value
 */
static void cmpj(const json_t *o, const char *k, const char *what, long long got)
{
	long long want;

	if (jget(o, k, &want))
		cmp(what, got, want);
}

/**
 * jaddr() - dotted-quad member, parsed with inet_pton (not our parser)
 * @o: object
 * @k: key
 *
 * Return: the address in host order.
 */
static uint32_t jaddr(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	struct in_addr a;

	if (!s || inet_pton(AF_INET, s, &a) != 1)
		fail_msg("%s: JSON address '%s' missing or bad", cur, k);
	return ntohl(a.s_addr);
}

/**
 * err_code() - IK_E* code for an "expect" class
 * @s: class name
 *
 * Return: the positive code, or 0 for "valid".
 */
static int err_code(const char *s)
{
	static const struct { const char *name; int code; } map[] = {
		{ "valid", 0 }, { "trunc", IK_ETRUNC }, { "version", IK_EVERSION },
		{ "ihl", IK_EIHL }, { "totlen", IK_ETOTLEN }, { "checksum", IK_ECHECKSUM },
		{ "frag", IK_EFRAG }, { "option", IK_EOPTION }, { "len", IK_ELEN },
		{ "ext", IK_EEXT },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(s, map[i].name))
			return map[i].code;
	fail_msg("%s: unknown expect class '%s'", cur, s);
	return -1;
}

/**
 * check_failure() - a parser failed as the corpus says it must
 * @rc:   its return value
 * @err:  its error report
 * @code: expected IK_E* code (positive)
 * @len:  octets it was given
 */
static void check_failure(int rc, const struct ik_wire_err *err, int code, size_t len)
{
	if (rc != -code)
		fail_msg("%s: returned %d (%s: %s), expected -%d (%s)", cur, rc,
			 rc < 0 ? ik_strerror(rc) : "ok", rc < 0 ? err->msg : "", code,
			 ik_strerror(code));
	cmp("err.code", err->code, code);
	if (err->off > len)
		fail_msg("%s: err.off %zu past the %zu octets given", cur, err->off, len);
	if (!err->msg[0])
		fail_msg("%s: empty error message", cur);
	n_malformed++;
}

/**
 * check_csum_field() - our checksum over a copy with the field zeroed
 * equals scapy's recomputation, and our verdict equals scapy's
 * @j:    JSON layer with chksum_calc / chksum_ok
 * @what: layer name
 * @p:    bytes covered by the checksum
 * @len:  their count
 * @at:   offset of the checksum field
 */
static void check_csum_field(const json_t *j, const char *what, const uint8_t *p, size_t len,
			     size_t at)
{
	static uint8_t tmp[MAX_PKT];
	long long calc, ok;
	char name[64];

	if (!jget(j, "chksum_calc", &calc))
		return;
	assert_true(len <= sizeof(tmp) && at + 2 <= len);
	memcpy(tmp, p, len);
	tmp[at] = tmp[at + 1] = 0;
	snprintf(name, sizeof(name), "%s checksum recomputed", what);
	cmp(name, ik_csum(tmp, len), calc);
	ok = jnum(j, "chksum_ok");
	snprintf(name, sizeof(name), "%s checksum verdict", what);
	cmp(name, ik_csum(p, len) == 0, ok);
}

/**
 * check_options() - walk an options area and compare with scapy's list
 * @jopts: JSON array of options (NULL: not walkable, skip)
 * @opts:  options area
 * @len:   its length
 */
static void check_options(const json_t *jopts, const uint8_t *opts, size_t len)
{
	struct ik_ipv4_opt_iter it;
	struct ik_wire_err err;
	struct ik_ipv4_opt o;
	size_t i;
	json_t *jo;
	int rc;

	if (!json_is_array(jopts))
		return;
	ik_ipv4_opt_iter_init(&it, opts, len);
	json_array_foreach(jopts, i, jo) {
		memset(&o, 0, sizeof(o));
		rc = ik_ipv4_opt_next(&it, &o, &err);
		if (rc != 1)
			fail_msg("%s: option %zu: walk returned %d (%s)", cur, i, rc,
				 rc < 0 ? err.msg : "end");
		cmp("opt.type", o.type, jnum(jo, "type"));
		cmp("opt.len", o.len, jnum(jo, "len"));
		cmp("opt.off", (long long)o.off, jnum(jo, "off"));
		cmp("opt.raw", o.raw == opts + o.off, 1);
		cmpj(jo, "ptr", "opt.ptr", o.ptr);
		cmpj(jo, "naddr", "opt.naddr", o.naddr);
		cmpj(jo, "oflw", "opt.ts_oflw", o.ts_oflw);
		cmpj(jo, "flg", "opt.ts_flg", o.ts_flg);
		cmpj(jo, "ra", "opt.ra_value", o.ra_value);
	}
	rc = ik_ipv4_opt_next(&it, &o, &err);
	cmp("options end", rc, 0);
}

/**
 * check_ip() - an IPv4 repr (and the view over the same bytes) against
 * scapy's values
 * @j:  JSON "ip" object
 * @r:  repr filled by ik_ipv4_parse()
 * @hl: header length it returned
 * @p:  the header bytes
 * @len: octets at @p
 */
static void check_ip(const json_t *j, const struct ik_ipv4_repr *r, int hl, const uint8_t *p,
		     size_t len)
{
	struct ik_ipv4_view v = { p, len };
	long long flags = jnum(j, "flags");

	cmp("ip.ihl", hl, jnum(j, "ihl") * 4);
	cmp("ip.tos", r->tos, jnum(j, "tos"));
	cmp("ip.total_len", r->total_len, jnum(j, "len"));
	cmp("ip.ident", r->ident, jnum(j, "id"));
	cmp("ip.rf", r->rf, !!(flags & 4));
	cmp("ip.df", r->df, !!(flags & 2));
	cmp("ip.mf", r->mf, !!(flags & 1));
	cmp("ip.frag_off", r->frag_off, jnum(j, "frag") * 8);
	cmp("ip.ttl", r->ttl, jnum(j, "ttl"));
	cmp("ip.proto", r->proto, jnum(j, "proto"));
	cmp("ip.csum", r->csum, jnum(j, "chksum"));
	cmp("ip.src", r->src, jaddr(j, "src"));
	cmp("ip.dst", r->dst, jaddr(j, "dst"));
	cmp("ip.opts_len", (long long)r->opts_len, jnum(j, "opts_len"));
	cmp("ip.opts", r->opts == (r->opts_len ? p + 20 : NULL), 1);
	cmp("ip.payload_len", (long long)r->payload_len, jnum(j, "len") - jnum(j, "ihl") * 4);

	/* the view's accessors over the same bytes */
	cmp("view_init", ik_ipv4_view_init(&v, p, len), hl);
	cmp("view.version", v.buf[0] >> 4, jnum(j, "version"));
	cmp("view.ihl", ik_ipv4_ihl(&v), hl);
	cmp("view.tos", ik_ipv4_tos(&v), jnum(j, "tos"));
	cmp("view.total_len", ik_ipv4_total_len(&v), jnum(j, "len"));
	cmp("view.ident", ik_ipv4_ident(&v), jnum(j, "id"));
	cmp("view.frag_word", ik_ipv4_frag_word(&v), flags << 13 | jnum(j, "frag"));
	cmp("view.frag_off", ik_ipv4_frag_off(&v), jnum(j, "frag") * 8);
	cmp("view.ttl", ik_ipv4_ttl(&v), jnum(j, "ttl"));
	cmp("view.proto", ik_ipv4_proto(&v), jnum(j, "proto"));
	cmp("view.csum", ik_ipv4_csum(&v), jnum(j, "chksum"));
	cmp("view.src", ik_ipv4_src(&v), jaddr(j, "src"));
	cmp("view.dst", ik_ipv4_dst(&v), jaddr(j, "dst"));

	check_csum_field(j, "ip", p, (size_t)hl, 10);
	check_options(json_object_get(j, "options"), p + 20, (size_t)hl - 20);
}

/**
 * check_ext() - walk an RFC 4884 extension structure
 * @jx:      JSON "ext" object
 * @ext:     the structure
 * @len:     its length
 * @fail:    expected IK_E* code of the walk (0: must end cleanly)
 */
static void check_ext(const json_t *jx, const uint8_t *ext, size_t len, int fail)
{
	struct ik_icmp_ext_iter it;
	struct ik_icmp_ext_obj o;
	struct ik_wire_err err;
	json_t *jobjs = json_object_get(jx, "objects"), *jo, *je;
	size_t i, k;
	int rc;

	cmp("ext.len", (long long)len, jnum(jx, "len"));
	cmp("ext.version", ext[0] >> 4, jnum(jx, "version"));
	cmp("ext.chksum", ik_get16(ext + 2), jnum(jx, "chksum"));
	if (jnum(jx, "chksum"))
		check_csum_field(jx, "ext", ext, len, 2);
	rc = ik_icmp_ext_iter_init(&it, ext, len, &err);
	if (rc)
		fail_msg("%s: ext_iter_init: %d (%s)", cur, rc, err.msg);
	json_array_foreach(jobjs, i, jo) {
		rc = ik_icmp_ext_next(&it, &o, &err);
		if (rc != 1)
			fail_msg("%s: ext object %zu: %d (%s)", cur, i, rc, rc < 0 ? err.msg : "end");
		cmp("obj.off", (long long)o.off, jnum(jo, "off"));
		cmp("obj.len", o.len, jnum(jo, "len"));
		cmp("obj.class_num", o.class_num, jnum(jo, "classnum"));
		cmp("obj.c_type", o.c_type, jnum(jo, "classtype"));
		cmp("obj.payload", o.payload == ext + o.off + 4, 1);
		cmp("obj.payload_len", (long long)o.payload_len, jnum(jo, "payload_len"));
		json_array_foreach(json_object_get(jo, "mpls"), k, je) {
			struct ik_mpls_entry e;

			assert_true(4 * k + 4 <= o.payload_len);
			ik_mpls_entry_get(o.payload + 4 * k, &e);
			cmp("mpls.label", e.label, jnum(je, "label"));
			cmp("mpls.tc", e.tc, jnum(je, "tc"));
			cmp("mpls.s", e.s, jnum(je, "s"));
			cmp("mpls.ttl", e.ttl, jnum(je, "ttl"));
		}
	}
	rc = ik_icmp_ext_next(&it, &o, &err);
	if (fail)
		check_failure(rc, &err, fail, len);
	else
		cmp("ext end", rc, 0);
}

/**
 * check_quote() - the quoted datagram against scapy's IPerror and below
 * @jq:   JSON "quote" object
 * @q:    the quote
 * @len:  its length
 */
static void check_quote(const json_t *jq, const uint8_t *q, size_t len)
{
	const json_t *jip = json_object_get(jq, "ip");
	struct ik_wire_err err;
	struct ik_quote qq;
	long long v;
	int rc;

	memset(&qq, 0, sizeof(qq));
	rc = ik_icmp_quote_parse(q, len, &qq, &err);
	if (rc)
		fail_msg("%s: quote_parse: %d (%s)", cur, rc, err.msg);
	cmp("quote.ip_ok", qq.ip_ok, 1);
	cmp("quote.ip_csum_ok", qq.ip_csum_ok, jnum(jip, "chksum_ok"));
	cmp("quote.hdr_len", (long long)qq.hdr_len, jnum(jq, "hdr_len"));
	check_ip(jip, &qq.ip, (int)qq.hdr_len, q, len);
	cmp("quote.l4", qq.l4 == q + qq.hdr_len, 1);
	cmp("quote.l4_len", (long long)qq.l4_len, jnum(jq, "l4_len"));
	cmp("quote.has_ports", qq.has_ports, jget(jq, "sport", &v));
	if (qq.has_ports) {
		cmp("quote.sport", qq.sport, jnum(jq, "sport"));
		cmp("quote.dport", qq.dport, jnum(jq, "dport"));
	}
	cmpj(jq, "udp_len", "quote.udp_len", qq.udp_len);
	cmpj(jq, "tcp_seq", "quote.tcp_seq", qq.tcp_seq);
	cmp("quote.has_icmp", qq.has_icmp, jget(jq, "icmp_type", &v));
	if (qq.has_icmp) {
		cmp("quote.icmp_type", qq.icmp_type, jnum(jq, "icmp_type"));
		cmp("quote.icmp_code", qq.icmp_code, jnum(jq, "icmp_code"));
		cmpj(jq, "icmp_id", "quote.icmp_ident", qq.icmp_ident);
		cmpj(jq, "icmp_seq", "quote.icmp_seq", qq.icmp_seq);
	}
}

/**
 * check_icmp_fields() - the type-specific fields of an ICMP repr
 * @j: JSON "icmp" object
 * @r: repr
 */
static void check_icmp_fields(const json_t *j, const struct ik_icmp_repr *r)
{
	json_t *sub, *je;
	size_t i;

	switch (r->type) {
	case IK_ICMP_ECHOREPLY: case IK_ICMP_ECHO: case IK_ICMP_IREQ: case IK_ICMP_IREQREPLY:
		cmp("echo.ident", r->u.echo.ident, jnum(j, "id"));
		cmp("echo.seq", r->u.echo.seq, jnum(j, "seq"));
		break;
	case IK_ICMP_UNREACH:
		cmp("unreach.length", r->u.unreach.length, jnum(j, "length"));
		cmp("unreach.mtu", r->u.unreach.mtu,
		    r->code == IK_UNREACH_NEEDFRAG ? jnum(j, "nexthopmtu") : 0);
		break;
	case IK_ICMP_REDIRECT:
		cmp("redirect.gateway", r->u.redirect.gateway, jaddr(j, "gw"));
		break;
	case IK_ICMP_TIMXCEED:
		cmp("time_exceeded.length", r->u.time_exceeded.length, jnum(j, "length"));
		break;
	case IK_ICMP_PARAMPROB:
		cmp("param.pointer", r->u.param.pointer, jnum(j, "ptr"));
		cmp("param.length", r->u.param.length, jnum(j, "length"));
		break;
	case IK_ICMP_TSTAMP: case IK_ICMP_TSTAMPREPLY:
		cmp("ts.ident", r->u.ts.ident, jnum(j, "id"));
		cmp("ts.seq", r->u.ts.seq, jnum(j, "seq"));
		cmp("ts.orig", r->u.ts.orig, jnum(j, "ts_ori"));
		cmp("ts.recv", r->u.ts.recv, jnum(j, "ts_rx"));
		cmp("ts.xmit", r->u.ts.xmit, jnum(j, "ts_tx"));
		break;
	case IK_ICMP_MASKREQ: case IK_ICMP_MASKREPLY:
		cmp("mask.ident", r->u.mask.ident, jnum(j, "id"));
		cmp("mask.seq", r->u.mask.seq, jnum(j, "seq"));
		cmp("mask.mask", r->u.mask.mask, jaddr(j, "addr_mask"));
		break;
	case IK_ICMP_ROUTERADV:
		sub = json_object_get(j, "radv");
		cmp("radv.num_addrs", r->u.radv.num_addrs, jnum(sub, "num_addrs"));
		cmp("radv.entry_size", r->u.radv.entry_size, jnum(sub, "entry_size"));
		cmp("radv.lifetime", r->u.radv.lifetime, jnum(sub, "lifetime"));
		cmp("radv rest (scapy)", (uint32_t)r->u.radv.num_addrs << 24 |
		    (uint32_t)r->u.radv.entry_size << 16 | r->u.radv.lifetime, jnum(j, "unused"));
		json_array_foreach(json_object_get(sub, "entries"), i, je) {
			assert_true(8 * i + 8 <= r->data_len);
			cmp("radv.addr", ik_get32(r->data + 8 * i), jaddr(je, "addr"));
			cmp("radv.pref", (int32_t)ik_get32(r->data + 8 * i + 4), jnum(je, "pref"));
		}
		break;
	case IK_ICMP_EXTECHO:
		sub = json_object_get(j, "ext_echo");
		cmp("ext_echo.ident", r->u.ext_echo.ident, jnum(sub, "id"));
		cmp("ext_echo.seq", r->u.ext_echo.seq, jnum(sub, "seq"));
		cmp("ext_echo.local", r->u.ext_echo.local, jnum(sub, "local"));
		break;
	case IK_ICMP_EXTECHOREPLY:
		sub = json_object_get(j, "ext_echo_reply");
		cmp("ext_echo_reply.ident", r->u.ext_echo_reply.ident, jnum(sub, "id"));
		cmp("ext_echo_reply.seq", r->u.ext_echo_reply.seq, jnum(sub, "seq"));
		cmp("ext_echo_reply.state", r->u.ext_echo_reply.state, jnum(sub, "state"));
		cmp("ext_echo_reply.active", r->u.ext_echo_reply.active, jnum(sub, "active"));
		cmp("ext_echo_reply.ipv4", r->u.ext_echo_reply.ipv4, jnum(sub, "ipv4"));
		cmp("ext_echo_reply.ipv6", r->u.ext_echo_reply.ipv6, jnum(sub, "ipv6"));
		break;
	default:
		/* every other type: the 4 octets raw, as scapy's "unused" int */
		cmp("rest", r->u.rest, jnum(j, "unused"));
		cmpj(j, "rest", "rest (construction)", r->u.rest);
		break;
	}
}

/**
 * check_icmp() - parse the ICMP part and compare
 * @j:    the packet's JSON
 * @p:    ICMP bytes (the IP payload)
 * @len:  their count
 */
static void check_icmp(const json_t *j, const uint8_t *p, size_t len)
{
	const char *fail_at = json_string_value(json_object_get(j, "fail_at"));
	const char *bad = json_string_value(json_object_get(j, "bad"));
	int code = err_code(json_string_value(json_object_get(j, "expect")));
	const json_t *ji = json_object_get(j, "icmp"), *jql, *jx;
	struct ik_wire_err err;
	struct ik_icmp_repr r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&err, 0, sizeof(err));
	rc = ik_icmp_parse(p, len, 0, &r, &err);
	if (fail_at && !strcmp(fail_at, "icmp")) {
		check_failure(rc, &err, code, len);
		if (!bad || strcmp(bad, "icmp"))
			return;
		memset(&r, 0, sizeof(r));
		rc = ik_icmp_parse(p, len, IK_ICMP_NO_CSUM, &r, &err);
	}
	if (rc < 0)
		fail_msg("%s: icmp_parse: %d (%s)", cur, rc, err.msg);
	assert_non_null(ji);
	cmp("icmp rc", rc, (long long)len);
	cmp("icmp.type", r.type, jnum(ji, "type"));
	cmp("icmp.code", r.code, jnum(ji, "code"));
	cmp("icmp.csum", r.csum, jnum(ji, "chksum"));
	check_csum_field(ji, "icmp", p, len, 2);
	check_icmp_fields(ji, &r);
	cmp("icmp.data_len", (long long)r.data_len, jnum(ji, "data_len"));
	cmp("icmp.hdr_len", (long long)ik_icmp_hdr_len(r.type), (long long)(len - r.data_len));
	cmp("icmp.data", r.data == p + (len - r.data_len), 1);

	jql = json_object_get(ji, "quote_len");
	if (json_is_null(jql)) {
		cmp("icmp.quote (none)", r.quote == NULL, 1);
		cmp("icmp.ext (none)", r.ext == NULL, 1);
	} else if (json_is_integer(jql)) {
		cmp("icmp.quote_len", (long long)r.quote_len, json_integer_value(jql));
		cmp("icmp.quote", r.quote == r.data, 1);
		cmp("icmp.ext_len", (long long)r.ext_len, jnum(ji, "ext_len"));
		cmp("icmp.ext", r.ext == (r.ext_len ? r.quote + r.quote_len : NULL), 1);
		cmp("icmp.ext_compat", r.ext_compat, jnum(ji, "ext_compat"));
	}
	if (json_object_get(j, "quote")) {
		check_quote(json_object_get(j, "quote"), r.quote, r.quote_len);
	} else if (fail_at && !strcmp(fail_at, "quote")) {
		struct ik_quote qq;

		rc = ik_icmp_quote_parse(r.quote, r.quote_len, &qq, &err);
		check_failure(rc, &err, code, r.quote_len);
	}
	jx = json_object_get(j, "ext");
	if (jx) {
		assert_non_null(r.ext);
		check_ext(jx, r.ext, r.ext_len,
			  fail_at && !strcmp(fail_at, "ext") ? code : 0);
	}
}

/**
 * check_udp() - parse the UDP part and compare
 * @j:    the packet's JSON
 * @p:    UDP bytes (the IP payload)
 * @len:  their count
 * @ip:   the outer header, for the pseudo-header
 */
static void check_udp(const json_t *j, const uint8_t *p, size_t len, const struct ik_ipv4_repr *ip)
{
	const char *fail_at = json_string_value(json_object_get(j, "fail_at"));
	int code = err_code(json_string_value(json_object_get(j, "expect")));
	const json_t *ju = json_object_get(j, "udp");
	struct ik_wire_err err;
	struct ik_udp_repr u;
	long long ok;
	int rc;

	memset(&u, 0, sizeof(u));
	memset(&err, 0, sizeof(err));
	rc = ik_udp_parse(p, len, ip->src, ip->dst, 0, &u, &err);
	if (fail_at && !strcmp(fail_at, "udp")) {
		check_failure(rc, &err, code, len);
		if (code != IK_ECHECKSUM)
			return;
		memset(&u, 0, sizeof(u));
		rc = ik_udp_parse(p, len, ip->src, ip->dst, IK_UDP_NO_CSUM, &u, &err);
	} else {
		ok = jnum(ju, "chksum_ok");
		cmp("udp checksum verdict", rc != -IK_ECHECKSUM, ok);
	}
	if (rc < 0)
		fail_msg("%s: udp_parse: %d (%s)", cur, rc, err.msg);
	cmp("udp rc", rc, IK_UDP_HDR_LEN);
	cmp("udp.sport", u.sport, jnum(ju, "sport"));
	cmp("udp.dport", u.dport, jnum(ju, "dport"));
	cmp("udp.len", u.len, jnum(ju, "len"));
	cmp("udp.csum", u.csum, jnum(ju, "chksum"));
	cmp("udp.payload", u.payload == p + 8, 1);
	cmp("udp.payload_len", (long long)u.payload_len, jnum(ju, "payload_len"));
	cmp("udp checksum recomputed", ik_udp_checksum(p, u.len, ip->src, ip->dst),
	    jnum(ju, "chksum_calc"));
}

/**
 * layer_field() - a field of a dissected layer, by its JSON key
 * @d:   dissection
 * @l:   layer
 * @key: the field table's key
 * @out: value
 *
 * Return: true when the table has the field and the layer holds it whole.
 */
static bool layer_field(const struct ik_dissection *d, const struct ik_dlayer *l, const char *key,
			uint64_t *out)
{
	for (size_t i = 0; l->ft && i < l->ft->nfields; i++)
		if (!strcmp(l->ft->fields[i].key, key))
			return ik_field_get(&l->ft->fields[i], d->pkt + l->off, l->len, out);
	return false;
}

/**
 * cmp_layer() - a dissected field against scapy's value, when the layer
 * holds it
 * @d:    dissection
 * @l:    layer
 * @key:  field table key
 * @want: scapy's value
 *
 * Return: whether it was compared.
 */
static bool cmp_layer(const struct ik_dissection *d, const struct ik_dlayer *l, const char *key,
		      long long want)
{
	char what[80];
	uint64_t v;

	if (!layer_field(d, l, key, &v))
		return false;
	snprintf(what, sizeof(what), "dissect %s.%s", l->ft->key, key);
	cmp(what, (long long)v, want);
	return true;
}

/**
 * check_tcp_layers() - the dissector's TCP header (and, outside a quote,
 * its options) against scapy's values, through the field tables
 * @buf:   datagram
 * @len:   its length
 * @jt:    JSON TCP fields (tcp_fields() of gen-corpus), options optional
 * @depth: 0 for the segment itself, 1 for a quoted one
 * @avail: octets of the segment there (the quote's length for depth 1)
 */
static void check_tcp_layers(const uint8_t *buf, size_t len, const json_t *jt, unsigned depth,
			     size_t avail)
{
	static const char *const bits[8] = { "fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr" };
	static const struct { const char *key, *scapy; } map[] = {
		{ "source_port", "sport" },	    { "destination_port", "dport" },
		{ "sequence_number", "seq" },	    { "acknowledgment_number", "ack" },
		{ "data_offset", "dataofs" },	    { "reserved", "reserved" },
		{ "window", "window" },		    { "checksum", "chksum" },
		{ "urgent_pointer", "urgptr" },
	};
	static struct ik_dissection d;
	const struct ik_dlayer *l = NULL;
	const json_t *jopts = json_object_get(jt, "options"), *jo;
	size_t k, seen = 0, li;
	long long flags = jnum(jt, "flags");

	ik_dissect(&d, buf, len);
	for (li = 0; li < d.nlayers && !l; li++)
		if (d.layers[li].kind == IK_LK_TCP && d.layers[li].depth == depth)
			l = &d.layers[li];
	if (!l)
		fail_msg("%s: no TCP layer at depth %u", cur, depth);
	cmp("dissect tcp layer octets", (long long)l->len, avail < 20 ? (long long)avail : 20);
	for (k = 0; k < sizeof(map) / sizeof(map[0]); k++)
		seen += cmp_layer(&d, l, map[k].key, jnum(jt, map[k].scapy));
	for (k = 0; k < 8; k++)
		seen += cmp_layer(&d, l, bits[k], flags >> k & 1);
	/* every field the octets hold is there: 8 octets give ports and seq */
	cmp("dissect tcp fields read", (long long)seen,
	    avail >= 20 ? 17 : avail >= 8 ? 3 + (avail >= 12) + 2 * (avail >= 13) + 8 * (avail >= 14) +
						(avail >= 16) + (avail >= 18)
			: avail >= 4 ? 2 : 0);
	if (!json_is_array(jopts))
		return;
	json_array_foreach(jopts, k, jo) {
		const struct ik_dlayer *o = li < d.nlayers ? &d.layers[li] : NULL;
		const json_t *jb;
		size_t bi;

		if (!o || o->kind != IK_LK_TCPOPT)
			fail_msg("%s: TCP option %zu is not a layer", cur, k);
		cmp("dissect tcpopt off", (long long)(o->off - l->off - 20), jnum(jo, "off"));
		cmp("dissect tcpopt len", (long long)o->len, jnum(jo, "len"));
		cmp_layer(&d, o, "kind", jnum(jo, "kind"));
		if (jnum(jo, "len") >= 2)
			cmp_layer(&d, o, "length", jnum(jo, "len"));
		if (json_object_get(jo, "mss"))
			cmp("dissect mss present", cmp_layer(&d, o, "mss", jnum(jo, "mss")), 1);
		if (json_object_get(jo, "shift_count"))
			cmp("dissect wscale present",
			    cmp_layer(&d, o, "shift_count", jnum(jo, "shift_count")), 1);
		if (json_object_get(jo, "ts_value")) {
			cmp("dissect tsval present", cmp_layer(&d, o, "ts_value", jnum(jo, "ts_value")), 1);
			cmp("dissect tsecr present",
			    cmp_layer(&d, o, "ts_echo_reply", jnum(jo, "ts_echo_reply")), 1);
		}
		json_array_foreach(json_object_get(jo, "blocks"), bi, jb) {
			char key[48];

			snprintf(key, sizeof(key), "%s_edge_%zu", bi % 2 ? "right" : "left", bi / 2 + 1);
			cmp("dissect sack edge present",
			    cmp_layer(&d, o, key, json_integer_value(jb)), 1);
		}
		li++;
	}
}

/**
 * check_tcp() - parse the TCP part and its options, and compare
 * @j:    the packet's JSON
 * @buf:  the datagram
 * @len:  its length
 * @hl:   its IP header length
 * @ip:   the outer header, for the pseudo-header
 */
static void check_tcp(const json_t *j, const uint8_t *buf, size_t len, size_t hl,
		      const struct ik_ipv4_repr *ip)
{
	const char *fail_at = json_string_value(json_object_get(j, "fail_at"));
	int code = err_code(json_string_value(json_object_get(j, "expect")));
	const json_t *jt = json_object_get(j, "tcp"), *jopts, *jo;
	const uint8_t *p = buf + hl;
	size_t plen = ip->payload_len, k;
	struct ik_wire_err err;
	struct ik_tcp_repr t;
	struct ik_tcp_opts o;
	long long mss = -1, ws = -1, tsv = -1, tse = -1, sack = 0, sackp = 0, unknown = 0;
	int rc;

	memset(&t, 0, sizeof(t));
	memset(&err, 0, sizeof(err));
	rc = ik_tcp_parse(p, plen, ip->src, ip->dst, 0, &t, &err);
	if (fail_at && !strcmp(fail_at, "tcp")) {
		check_failure(rc, &err, code, plen);
		if (code != IK_ECHECKSUM) {
			cmp("tcp hdr_len after a failure", (long long)t.hdr_len, 0);
			return;
		}
		memset(&t, 0, sizeof(t));
		rc = ik_tcp_parse(p, plen, ip->src, ip->dst, IK_TCP_NO_CSUM, &t, &err);
	} else {
		cmp("tcp checksum verdict", rc != -IK_ECHECKSUM, jnum(jt, "chksum_ok"));
	}
	if (rc < 0)
		fail_msg("%s: tcp_parse: %d (%s)", cur, rc, err.msg);
	cmp("tcp rc", rc, jnum(jt, "dataofs") * 4);
	cmp("tcp.sport", t.sport, jnum(jt, "sport"));
	cmp("tcp.dport", t.dport, jnum(jt, "dport"));
	cmp("tcp.seq", t.seq, jnum(jt, "seq"));
	cmp("tcp.ack", t.ack, jnum(jt, "ack"));
	cmp("tcp.flags", t.flags, jnum(jt, "flags"));
	cmp("tcp.window", t.window, jnum(jt, "window"));
	cmp("tcp.csum", t.csum, jnum(jt, "chksum"));
	cmp("tcp.urgent", t.urgent, jnum(jt, "urgptr"));
	cmp("tcp.hdr_len", (long long)t.hdr_len, jnum(jt, "dataofs") * 4);
	cmp("tcp.opts_len", (long long)t.opts_len, jnum(jt, "dataofs") * 4 - 20);
	cmp("tcp.payload", t.payload == p + t.hdr_len, 1);
	cmp("tcp.payload_len", (long long)t.payload_len, jnum(jt, "payload_len"));
	cmp("tcp seg_len", ik_tcp_seg_len(&t), jnum(jt, "seg_len"));
	cmp("tcp checksum recomputed", ik_tcp_checksum(p, plen, ip->src, ip->dst),
	    jnum(jt, "chksum_calc"));
	check_tcp_layers(buf, len, jt, 0, plen);

	rc = ik_tcp_opts_parse(t.opts, t.opts_len, &o, &err);
	if (fail_at && !strcmp(fail_at, "tcpopt")) {
		check_failure(rc, &err, code, t.opts_len);
		return;
	}
	cmp("tcp options walk", rc, 0);
	jopts = json_object_get(jt, "options");
	assert_true(json_is_array(jopts));
	json_array_foreach(jopts, k, jo) {
		switch (jnum(jo, "kind")) {
		case 0: case 1: break;
		case 2: mss = jnum(jo, "mss"); break;
		case 3: ws = jnum(jo, "shift_count"); break;
		case 4: sackp = 1; break;
		case 5: sack = (long long)json_array_size(json_object_get(jo, "blocks")) / 2; break;
		case 8: tsv = jnum(jo, "ts_value"); tse = jnum(jo, "ts_echo_reply"); break;
		default: unknown++; break;
		}
	}
	cmp("tcpopt mss", o.has & IK_TCPO_MSS ? o.mss : -1, mss);
	cmp("tcpopt wscale", o.has & IK_TCPO_WSCALE ? o.wscale : -1, ws);
	cmp("tcpopt sack_perm", !!(o.has & IK_TCPO_SACK_PERM), sackp);
	cmp("tcpopt sack_blocks", o.has & IK_TCPO_SACK ? o.sack_blocks : 0, sack);
	cmp("tcpopt ts_val", o.has & IK_TCPO_TIMESTAMP ? (long long)o.ts_val : -1, tsv);
	cmp("tcpopt ts_ecr", o.has & IK_TCPO_TIMESTAMP ? (long long)o.ts_ecr : -1, tse);
	cmp("tcpopt unknown", o.unknown, unknown);
}

/**
 * load() - read a file
 * @path: file
 * @buf:  output
 * @cap:  its size
 *
 * Return: octets read.
 */
static size_t load(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		fail_msg("cannot open %s", path);
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

/**
 * check_bad_options() - the walker also rejects a malformed options area
 * @buf: datagram whose IHL is valid
 * @len: its length
 */
static void check_bad_options(const uint8_t *buf, size_t len)
{
	struct ik_ipv4_opt_iter it;
	struct ik_wire_err err;
	struct ik_ipv4_opt o;
	size_t hl = (size_t)(buf[0] & 0x0f) * 4;
	int rc, steps = 0;

	assert_true(hl > 20 && hl <= len);
	ik_ipv4_opt_iter_init(&it, buf + 20, hl - 20);
	do {
		rc = ik_ipv4_opt_next(&it, &o, &err);
		assert_true(++steps <= 41);
	} while (rc == 1);
	check_failure(rc, &err, IK_EOPTION, hl - 20);
	n_malformed--; /* same packet as the ik_ipv4_parse() failure */
}

/**
 * check_dissect() - the dissector reaches the same verdict as the parsers
 * @buf:     datagram
 * @len:     its length
 * @code:    expected IK_E* code (0: valid)
 * @fail_at: parser that must fail, or NULL
 *
 * A malformed packet must not be called valid, and its first error must be
 * the parsers' code. A valid packet may carry bad verdicts the parsers do not
 * judge (a quoted header's checksum, a UDP Length shorter than the IP
 * payload) but no error. A quote that cannot be decoded is not an error of
 * the ICMP message, so "quote" failures are not checked here.
 */
static void check_dissect(const uint8_t *buf, size_t len, int code, const char *fail_at)
{
	static struct ik_dissection d;
	int rc = ik_dissect(&d, buf, len);

	if (!code) {
		if (d.has_err)
			fail_msg("%s: ik_dissect: valid packet reported as error %d (%s) at %zu",
				 cur, d.err.code, d.err.msg, d.err.off);
		cmp("dissect.valid", d.valid, d.nbad == 0);
		return;
	}
	if (fail_at && !strcmp(fail_at, "quote"))
		return;
	cmp("dissect rc", rc, 1);
	cmp("dissect.valid", d.valid, 0);
	cmp("dissect.has_err", d.has_err, 1);
	cmp("dissect.err.code", d.err.code, code);
	if (d.err.off > len)
		fail_msg("%s: ik_dissect: err.off %zu past %zu octets", cur, d.err.off, len);
}

/**
 * test_packet() - one corpus entry
 * @state: its name (without extension)
 */
static void test_packet(void **state)
{
	static uint8_t buf[MAX_PKT];
	const char *name = *state;
	char path[512];
	json_t *j, *jip, *jq;
	json_error_t jerr;
	const char *expect, *fail_at, *bad;
	struct ik_ipv4_repr ip;
	struct ik_wire_err err;
	size_t len;
	int code, rc;

	cur = name;
	snprintf(path, sizeof(path), "%s/%s.json", CORPUS_DIR, name);
	j = json_load_file(path, 0, &jerr);
	if (!j)
		fail_msg("%s: %s", path, jerr.text);
	snprintf(path, sizeof(path), "%s/%s.bin", CORPUS_DIR, name);
	len = load(path, buf, sizeof(buf));
	cmp("file size", (long long)len, jnum(j, "size"));

	expect = json_string_value(json_object_get(j, "expect"));
	fail_at = json_string_value(json_object_get(j, "fail_at"));
	bad = json_string_value(json_object_get(j, "bad"));
	assert_non_null(expect);
	code = err_code(expect);
	if (!code)
		n_valid++;

	check_dissect(buf, len, code, fail_at);

	memset(&ip, 0, sizeof(ip));
	memset(&err, 0, sizeof(err));
	rc = ik_ipv4_parse(buf, len, 0, &ip, &err);
	if (fail_at && !strcmp(fail_at, "ip")) {
		check_failure(rc, &err, code, len);
		if (code == IK_EOPTION)
			check_bad_options(buf, len);
		if (!bad || strcmp(bad, "ip"))
			goto out;
		memset(&ip, 0, sizeof(ip));
		rc = ik_ipv4_parse(buf, len, IK_IPV4_NO_CSUM, &ip, &err);
	}
	if (rc < 0)
		fail_msg("%s: ipv4_parse: %d (%s)", name, rc, err.msg);
	jip = json_object_get(j, "ip");
	assert_non_null(jip);
	check_ip(jip, &ip, rc, buf, len);

	if (json_is_true(json_object_get(j, "fragment"))) {
		cmp("is fragment", ip.mf || ip.frag_off, 1);
		goto out;
	}
	if (json_object_get(j, "icmp") || (fail_at && !strcmp(fail_at, "icmp"))) {
		cmp("proto icmp", ip.proto, IK_IPPROTO_ICMP);
		check_icmp(j, buf + rc, ip.payload_len);
	}
	if (json_object_get(j, "udp") || (fail_at && !strcmp(fail_at, "udp"))) {
		cmp("proto udp", ip.proto, IK_IPPROTO_UDP);
		check_udp(j, buf + rc, ip.payload_len, &ip);
	}
	if (json_object_get(j, "tcp") || (fail_at && !strcmp(fail_at, "tcp"))) {
		cmp("proto tcp", ip.proto, IK_IPPROTO_TCP);
		check_tcp(j, buf, len, (size_t)rc, &ip);
	}
	jq = json_object_get(j, "quote");
	if (jq && json_object_get(jq, "tcp"))
		check_tcp_layers(buf, len, json_object_get(jq, "tcp"), 1,
				 (size_t)jnum(jq, "tcp_len"));
out:
	n_packets++;
	json_decref(j);
}

/**
 * test_summary() - totals; the corpus must be there and large enough
 * @state: unused
 */
static void test_summary(void **state)
{
	(void)state;
	printf("corpus: %u files, %u packets checked (%u valid, %u malformed rejected "
	       "as expected), %lu fields compared with scapy\n",
	       n_files, n_packets, n_valid, n_malformed, n_fields);
	assert_true(n_files >= MIN_PACKETS);
	assert_int_equal(n_packets, n_files);
	assert_int_equal(n_valid + n_malformed, n_packets);
}

/**
 * is_json() - scandir filter: NAME.json
 * @d: entry
 *
 * Return: nonzero for .json files.
 */
static int is_json(const struct dirent *d)
{
	size_t n = strlen(d->d_name);

	return n > 5 && !strcmp(d->d_name + n - 5, ".json");
}

int main(void)
{
	struct dirent **ents;
	struct CMUnitTest *tests;
	int n, rc;

	n = scandir(CORPUS_DIR, &ents, is_json, alphasort);
	if (n < 0) {
		fprintf(stderr, "test_corpus: cannot read %s\n", CORPUS_DIR);
		return 1;
	}
	tests = calloc((size_t)n + 1, sizeof(*tests));
	if (!tests)
		return 1;
	for (int i = 0; i < n; i++) {
		char *name = ents[i]->d_name;

		name[strlen(name) - 5] = 0;
		tests[i].name = name;
		tests[i].test_func = test_packet;
		tests[i].initial_state = name;
	}
	n_files = (unsigned)n;
	tests[n].name = "summary";
	tests[n].test_func = test_summary;
	rc = _cmocka_run_group_tests("corpus", tests, (size_t)n + 1, NULL, NULL);
	for (int i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	free(tests);
	return rc;
}
