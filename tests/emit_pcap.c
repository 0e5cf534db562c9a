// SPDX-License-Identifier: MIT
/*
 * emit_pcap.c - packets made by our emitters, for tshark to judge
 *
 * Usage: emit_pcap OUT.pcap OUT.json
 *
 * Builds IPv4 datagrams with ik_ipv4_emit(), ik_icmp_emit() (every type it
 * writes), ik_udp_emit(), ik_tcp_emit() (segments with options) and
 * ik_icmp_ext_emit() (MPLS label stacks), errors quoting UDP, TCP and ICMP
 * datagrams, and options; writes them to a pcap
 * through the pcap writer, and writes OUT.json: for each packet, in order,
 * the tshark field names and the values we set, every occurrence in the
 * order tshark shows them (outer header first, then the quoted datagram).
 * tests/tshark_check.py compares the two.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "icmpkit/bytes.h"
#include "icmpkit/err.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/pcapio.h"
#include "icmpkit/tcp.h"
#include "icmpkit/udp.h"

#define ADDR(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

static const uint32_t host_a = ADDR(192, 0, 2, 1);
static const uint32_t host_b = ADDR(198, 51, 100, 2);
static const uint32_t rtr1 = ADDR(203, 0, 113, 1);
static const uint32_t rtr2 = ADDR(203, 0, 113, 254);
static const uint32_t gw = ADDR(192, 0, 2, 254);

static struct ik_pcap_writer *pw;
static json_t *packets;  /* array of { name, fields } */
static json_t *fields;   /* the current packet's field -> [values] */
static unsigned npkt;
static uint16_t next_id = 0x2000;

/**
 * die() - report and exit
 * @what: what failed
 * @rc:   IK_E* code or 0
 */
static void die(const char *what, int rc)
{
	fprintf(stderr, "emit_pcap: %s: %s\n", what, rc ? ik_strerror(rc) : "failed");
	exit(1);
}

/**
 * want() - append an expected value of a tshark field
 * @field: tshark field name
 * @v:     value (reference stolen)
 */
static void want(const char *field, json_t *v)
{
	json_t *a = json_object_get(fields, field);

	if (!a) {
		a = json_array();
		json_object_set_new(fields, field, a);
	}
	json_array_append_new(a, v);
}

/** want_i() - expect an integer. @field: name. @v: value. */
static void want_i(const char *field, long long v)
{
	want(field, json_integer(v));
}

/** want_a() - expect an address. @field: name. @a: host order. */
static void want_a(const char *field, uint32_t a)
{
	char s[16];

	want(field, json_string(ik_ipv4_addr_str(a, s)));
}

/**
 * begin() - start a packet's expectations
 * @name: short name
 */
static void begin(const char *name)
{
	json_t *p = json_object();

	fields = json_object();
	json_object_set_new(p, "name", json_string(name));
	json_object_set_new(p, "frame", json_integer(npkt + 1));
	json_object_set_new(p, "fields", fields);
	json_array_append_new(packets, p);
}

/**
 * put() - write a finished datagram to the pcap
 * @pkt: datagram
 * @len: octets
 */
static void put(const uint8_t *pkt, size_t len)
{
	int rc = ik_pcap_writer_put(pw, pkt, len, 1000000000ull * (npkt + 1) + 1000ull * npkt);

	if (rc < 0)
		die("pcap put", -rc);
	npkt++;
}

/**
 * ip_hdr() - emit an IPv4 header before @l4len octets already at @out + hl
 * @r:     repr (payload_len set here)
 * @l4len: payload octets
 * @out:   output
 * @cap:   its size
 *
 * Return: total octets.
 */
static size_t ip_hdr(struct ik_ipv4_repr *r, size_t l4len, uint8_t *out, size_t cap)
{
	int hl;

	r->payload_len = l4len;
	hl = ik_ipv4_emit(r, out, cap);
	if (hl < 0)
		die("ik_ipv4_emit", -hl);
	return (size_t)hl + l4len;
}

/**
 * want_ip() - expectations for one IPv4 header
 * @r:   repr as emitted
 * @len: total length
 */
static void want_ip(const struct ik_ipv4_repr *r, size_t len)
{
	want_a("ip.src", r->src);
	want_a("ip.dst", r->dst);
	want_i("ip.proto", r->proto);
	want_i("ip.ttl", r->ttl);
	want_i("ip.id", r->ident);
	want_i("ip.len", (long long)len);
	want_i("ip.hdr_len", (long long)ik_ipv4_hdr_len(r));
	want_i("ip.dsfield", r->tos);
	want_i("ip.flags.df", r->df);
	want_i("ip.flags.mf", r->mf);
	want_i("ip.frag_offset", r->frag_off);
}

/**
 * ipr() - a repr with the defaults
 * @src:   source
 * @dst:   destination
 * @proto: protocol
 *
 * Return: the repr.
 */
static struct ik_ipv4_repr ipr(uint32_t src, uint32_t dst, uint8_t proto)
{
	struct ik_ipv4_repr r;

	memset(&r, 0, sizeof(r));
	r.src = src;
	r.dst = dst;
	r.proto = proto;
	r.ttl = 64;
	r.ident = next_id++;
	return r;
}

/**
 * mk_udp() - a UDP datagram
 * @r:       IP repr (proto set here)
 * @sport:   source port
 * @dport:   destination port
 * @payload: data
 * @plen:    its length
 * @out:     output
 * @cap:     its size
 *
 * Return: total octets.
 */
static size_t mk_udp(struct ik_ipv4_repr *r, uint16_t sport, uint16_t dport,
		     const uint8_t *payload, size_t plen, uint8_t *out, size_t cap)
{
	struct ik_udp_repr u;
	size_t hl = ik_ipv4_hdr_len(r);
	int n;

	memset(&u, 0, sizeof(u));
	u.sport = sport;
	u.dport = dport;
	u.payload = payload;
	u.payload_len = plen;
	r->proto = IK_IPPROTO_UDP;
	n = ik_udp_emit(&u, r->src, r->dst, out + hl, cap - hl);
	if (n < 0)
		die("ik_udp_emit", -n);
	return ip_hdr(r, (size_t)n, out, cap);
}

/**
 * send_icmp() - emit an ICMP message in an IPv4 datagram and write it
 * @ip: IP repr
 * @r:  ICMP repr
 *
 * Records the outer IP fields and icmp.type / icmp.code / checksum.
 */
static void send_icmp(struct ik_ipv4_repr *ip, const struct ik_icmp_repr *r)
{
	static uint8_t pkt[65536];
	size_t hl = ik_ipv4_hdr_len(ip), len;
	int n;

	ip->proto = IK_IPPROTO_ICMP;
	n = ik_icmp_emit(r, pkt + hl, sizeof(pkt) - hl);
	if (n < 0)
		die("ik_icmp_emit", -n);
	len = ip_hdr(ip, (size_t)n, pkt, sizeof(pkt));
	want_ip(ip, len);
	put(pkt, len);
}

/**
 * fill() - deterministic data
 * @p:    output
 * @n:    octets
 * @seed: first value
 */
static void fill(uint8_t *p, size_t n, unsigned seed)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 13);
}

/* ---- the datagrams that errors quote ---- */

static uint8_t probe[2048];
static size_t probe_len;
static struct ik_ipv4_repr probe_ip;

/**
 * make_udp_probe() - the UDP datagram the errors quote
 * @opts:     options for its header (NULL for none)
 * @opts_len: their length
 * @dport:    destination port
 */
static void make_udp_probe(const uint8_t *opts, size_t opts_len, uint16_t dport)
{
	uint8_t data[32];

	fill(data, sizeof(data), 1);
	probe_ip = ipr(host_a, host_b, IK_IPPROTO_UDP);
	probe_ip.opts = opts;
	probe_ip.opts_len = opts_len;
	probe_ip.ttl = 1;
	probe_len = mk_udp(&probe_ip, 40000, dport, data, sizeof(data), probe, sizeof(probe));
}

/**
 * want_quote_udp() - expectations for a quoted UDP datagram (8 octets)
 */
static void want_quote_udp(void)
{
	want_ip(&probe_ip, probe_len);
	want_i("udp.srcport", 40000);
	want_i("udp.dstport", ik_get16(probe + ik_ipv4_hdr_len(&probe_ip) + 2));
	want_i("udp.length", (long long)(probe_len - ik_ipv4_hdr_len(&probe_ip)));
}

/**
 * error_repr() - an error repr quoting the probe's header + @n octets
 * @type: type
 * @code: code
 * @n:    octets after the inner header
 *
 * Return: the repr.
 */
static struct ik_icmp_repr error_repr(uint8_t type, uint8_t code, size_t n)
{
	struct ik_icmp_repr r;

	memset(&r, 0, sizeof(r));
	r.type = type;
	r.code = code;
	r.data = probe;
	r.data_len = ik_ipv4_hdr_len(&probe_ip) + n;
	return r;
}

/* ---- packets ---- */

/** echo() - Echo Request and Reply with data. */
static void echo(void)
{
	static uint8_t data[56];
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr r;

	fill(data, sizeof(data), 0);
	for (int t = 0; t < 2; t++) {
		begin(t ? "echo_reply" : "echo_request");
		ip = ipr(t ? host_b : host_a, t ? host_a : host_b, 0);
		memset(&r, 0, sizeof(r));
		r.type = t ? IK_ICMP_ECHOREPLY : IK_ICMP_ECHO;
		r.u.echo.ident = 0x1234;
		r.u.echo.seq = 1;
		r.data = data;
		r.data_len = sizeof(data);
		send_icmp(&ip, &r);
		want_i("icmp.type", r.type);
		want_i("icmp.code", 0);
		want_i("icmp.ident", 0x1234);
		want_i("icmp.seq", 1);
		want_i("data.len", sizeof(data));
	}
}

/** unreach() - Destination Unreachable, every code, quoting UDP. */
static void unreach(void)
{
	char name[32];

	make_udp_probe(NULL, 0, 33434);
	for (int code = 0; code <= 15; code++) {
		struct ik_icmp_repr r = error_repr(IK_ICMP_UNREACH, (uint8_t)code, 8);
		struct ik_ipv4_repr ip = ipr(rtr1, host_a, 0);

		snprintf(name, sizeof(name), "unreach_%d", code);
		begin(name);
		if (code == IK_UNREACH_NEEDFRAG)
			r.u.unreach.mtu = 1280;
		send_icmp(&ip, &r);
		want_i("icmp.type", 3);
		want_i("icmp.code", code);
		if (code == IK_UNREACH_NEEDFRAG)
			want_i("icmp.mtu", 1280);
		want_quote_udp();
	}
}

/** quotes() - errors quoting TCP, ICMP, an optioned header, a long quote. */
static void quotes(void)
{
	static uint8_t inner[256];
	static const uint8_t rr[] = { IK_IPOPT_RR, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, IK_IPOPT_EOL };
	struct ik_ipv4_repr ip, in;
	struct ik_icmp_repr r, e;
	uint8_t tcp[20];
	size_t len;
	int n;

	/* a TCP SYN, header made by hand (we have no TCP emitter) */
	begin("unreach_tcp");
	memset(tcp, 0, sizeof(tcp));
	ik_put16(tcp, 40001);
	ik_put16(tcp + 2, 80);
	ik_put32(tcp + 4, 0x01020304);
	tcp[12] = 5 << 4;
	tcp[13] = 0x02;
	ik_put16(tcp + 14, 64240);
	in = ipr(host_a, host_b, IK_IPPROTO_TCP);
	in.df = true;
	memcpy(inner + 20, tcp, sizeof(tcp));
	len = ip_hdr(&in, sizeof(tcp), inner, sizeof(inner));
	memset(&r, 0, sizeof(r));
	r.type = IK_ICMP_UNREACH;
	r.code = IK_UNREACH_PORT;
	r.data = inner;
	r.data_len = 28;
	ip = ipr(host_b, host_a, 0);
	send_icmp(&ip, &r);
	want_i("icmp.type", 3);
	want_i("icmp.code", 3);
	want_ip(&in, len);
	want_i("tcp.srcport", 40001);
	want_i("tcp.dstport", 80);
	want_i("tcp.seq", 0x01020304); /* absolute inside an ICMP quote */

	/* an Echo Request that ran out of TTL */
	begin("timxceed_icmp");
	memset(&e, 0, sizeof(e));
	e.type = IK_ICMP_ECHO;
	e.u.echo.ident = 0x4321;
	e.u.echo.seq = 9;
	in = ipr(host_a, host_b, IK_IPPROTO_ICMP);
	in.ttl = 1;
	n = ik_icmp_emit(&e, inner + 20, sizeof(inner) - 20);
	if (n < 0)
		die("ik_icmp_emit inner", -n);
	len = ip_hdr(&in, (size_t)n, inner, sizeof(inner));
	memset(&r, 0, sizeof(r));
	r.type = IK_ICMP_TIMXCEED;
	r.data = inner;
	r.data_len = len;
	ip = ipr(rtr2, host_a, 0);
	send_icmp(&ip, &r);
	want_i("icmp.type", 11);
	want_i("icmp.code", 0);
	want_ip(&in, len);
	want_i("icmp.type", 8);
	want_i("icmp.code", 0);
	want_i("icmp.ident", 0x4321);
	want_i("icmp.seq", 9);

	/* a quoted header with Record Route */
	make_udp_probe(rr, sizeof(rr), 33435);
	begin("unreach_inner_rr");
	r = error_repr(IK_ICMP_UNREACH, IK_UNREACH_PORT, 8);
	ip = ipr(host_b, host_a, 0);
	send_icmp(&ip, &r);
	want_i("icmp.type", 3);
	want_i("icmp.code", 3);
	want_quote_udp();
	want_i("ip.opt.type", IK_IPOPT_RR);
	want_i("ip.opt.type", IK_IPOPT_EOL);

	/* the whole probe quoted (RFC 1812: as much as fits) */
	make_udp_probe(NULL, 0, 33436);
	begin("unreach_whole");
	r = error_repr(IK_ICMP_UNREACH, IK_UNREACH_PORT, probe_len - 20);
	ip = ipr(host_b, host_a, 0);
	send_icmp(&ip, &r);
	want_i("icmp.type", 3);
	want_i("icmp.code", 3);
	want_quote_udp();
}

/** others() - types 4, 5, 9, 10, 11, 12. */
static void others(void)
{
	static uint8_t entries[16];
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr r;
	char name[32];

	make_udp_probe(NULL, 0, 33434);
	begin("source_quench");
	r = error_repr(IK_ICMP_SOURCEQUENCH, 0, 8);
	ip = ipr(rtr1, host_a, 0);
	send_icmp(&ip, &r);
	want_i("icmp.type", 4);
	want_i("icmp.code", 0);
	want_quote_udp();

	for (int code = 0; code < 4; code++) {
		snprintf(name, sizeof(name), "redirect_%d", code);
		begin(name);
		r = error_repr(IK_ICMP_REDIRECT, (uint8_t)code, 8);
		r.u.redirect.gateway = gw;
		ip = ipr(rtr2, host_a, 0);
		send_icmp(&ip, &r);
		want_i("icmp.type", 5);
		want_i("icmp.code", code);
		want_a("icmp.redir_gw", gw);
		want_quote_udp();
	}

	begin("router_adv");
	ik_put32(entries, rtr1);
	ik_put32(entries + 4, 10);
	ik_put32(entries + 8, rtr2);
	ik_put32(entries + 12, 0xffffffffu);
	memset(&r, 0, sizeof(r));
	r.type = IK_ICMP_ROUTERADV;
	r.u.radv.num_addrs = 2;
	r.u.radv.entry_size = 2;
	r.u.radv.lifetime = 1800;
	r.data = entries;
	r.data_len = sizeof(entries);
	ip = ipr(rtr1, ADDR(224, 0, 0, 1), 0);
	ip.ttl = 1;
	send_icmp(&ip, &r);
	want_i("icmp.type", 9);
	want_i("icmp.code", 0);
	want_i("icmp.num_addrs", 2);
	want_i("icmp.addr_entry_size", 2);
	want_i("icmp.lifetime", 1800);
	want_a("icmp.router_address", rtr1);
	want_a("icmp.router_address", rtr2);
	want_i("icmp.pref_level", 10);
	want_i("icmp.pref_level", -1);

	begin("router_sol");
	memset(&r, 0, sizeof(r));
	r.type = IK_ICMP_ROUTERSOL;
	ip = ipr(host_a, ADDR(224, 0, 0, 2), 0);
	ip.ttl = 1;
	send_icmp(&ip, &r);
	want_i("icmp.type", 10);
	want_i("icmp.code", 0);

	for (int code = 0; code < 2; code++) {
		snprintf(name, sizeof(name), "timxceed_%d", code);
		begin(name);
		r = error_repr(IK_ICMP_TIMXCEED, (uint8_t)code, 8);
		ip = ipr(rtr2, host_a, 0);
		send_icmp(&ip, &r);
		want_i("icmp.type", 11);
		want_i("icmp.code", code);
		want_quote_udp();
	}

	for (int code = 0; code < 3; code++) {
		snprintf(name, sizeof(name), "paramprob_%d", code);
		begin(name);
		r = error_repr(IK_ICMP_PARAMPROB, (uint8_t)code, 8);
		r.u.param.pointer = code ? 0 : 9;
		ip = ipr(host_b, host_a, 0);
		send_icmp(&ip, &r);
		want_i("icmp.type", 12);
		want_i("icmp.code", code);
		if (!code)
			want_i("icmp.pointer", 9);
		want_quote_udp();
	}
}

/** queries() - types 13-18 and 42/43. */
static void queries(void)
{
	struct ik_ipv4_repr ip;
	struct ik_icmp_repr r;

	for (int t = IK_ICMP_TSTAMP; t <= IK_ICMP_TSTAMPREPLY; t++) {
		begin(t == IK_ICMP_TSTAMP ? "tstamp" : "tstamp_reply");
		memset(&r, 0, sizeof(r));
		r.type = (uint8_t)t;
		r.u.ts.ident = 0x2222;
		r.u.ts.seq = 3;
		r.u.ts.orig = 45296789;
		if (t == IK_ICMP_TSTAMPREPLY) {
			r.u.ts.recv = 45296800;
			r.u.ts.xmit = 45296801;
		}
		ip = ipr(t == IK_ICMP_TSTAMP ? host_a : host_b, t == IK_ICMP_TSTAMP ? host_b : host_a, 0);
		send_icmp(&ip, &r);
		want_i("icmp.type", t);
		want_i("icmp.code", 0);
		want_i("icmp.ident", 0x2222);
		want_i("icmp.seq", 3);
		want_i("icmp.originate_timestamp", r.u.ts.orig);
		want_i("icmp.receive_timestamp", r.u.ts.recv);
		want_i("icmp.transmit_timestamp", r.u.ts.xmit);
	}
	for (int t = IK_ICMP_IREQ; t <= IK_ICMP_IREQREPLY; t++) {
		begin(t == IK_ICMP_IREQ ? "info_req" : "info_reply");
		memset(&r, 0, sizeof(r));
		r.type = (uint8_t)t;
		r.u.echo.ident = 0x3333;
		r.u.echo.seq = 4;
		ip = ipr(host_a, host_b, 0);
		send_icmp(&ip, &r);
		want_i("icmp.type", t);
		want_i("icmp.code", 0);
		want_i("icmp.ident", 0x3333);
		want_i("icmp.seq", 4);
	}
	for (int t = IK_ICMP_MASKREQ; t <= IK_ICMP_MASKREPLY; t++) {
		begin(t == IK_ICMP_MASKREQ ? "mask_req" : "mask_reply");
		memset(&r, 0, sizeof(r));
		r.type = (uint8_t)t;
		r.u.mask.ident = 0x4444;
		r.u.mask.seq = 5;
		r.u.mask.mask = t == IK_ICMP_MASKREPLY ? 0xffffff00u : 0;
		ip = ipr(host_a, host_b, 0);
		send_icmp(&ip, &r);
		want_i("icmp.type", t);
		want_i("icmp.code", 0);
		want_i("icmp.ident", 0x4444);
		want_i("icmp.seq", 5);
		want_a("icmp.address_mask", r.u.mask.mask);
	}

	begin("ext_echo");
	memset(&r, 0, sizeof(r));
	r.type = IK_ICMP_EXTECHO;
	r.u.ext_echo.ident = 0xabcd;
	r.u.ext_echo.seq = 7;
	r.u.ext_echo.local = true;
	{
		/* RFC 8335 Interface Identification Object, by index (c-type 2) */
		static uint8_t ext[64];
		uint8_t idx[4];
		int n;

		ik_put32(idx, 5);
		n = ik_icmp_ext_emit(3, 2, idx, sizeof(idx), ext, sizeof(ext));
		if (n < 0)
			die("ik_icmp_ext_emit", -n);
		r.ext = ext;
		r.ext_len = (size_t)n;
	}
	ip = ipr(host_a, host_b, 0);
	send_icmp(&ip, &r);
	want_i("icmp.type", 42);
	want_i("icmp.code", 0);
	want_i("icmp.ident", 0xabcd);
	want_i("icmp.ext.echo.seq", 7);
	want_i("icmp.ext.echo.req.local", 1);
	want_i("icmp.ext.class", 3);
	want_i("icmp.ext.ctype", 2);
	want_i("icmp.int_ident.index", 5);

	begin("ext_echo_reply");
	memset(&r, 0, sizeof(r));
	r.type = IK_ICMP_EXTECHOREPLY;
	r.u.ext_echo_reply.ident = 0xabcd;
	r.u.ext_echo_reply.seq = 7;
	r.u.ext_echo_reply.state = 2;
	r.u.ext_echo_reply.active = true;
	r.u.ext_echo_reply.ipv4 = true;
	ip = ipr(host_b, host_a, 0);
	send_icmp(&ip, &r);
	want_i("icmp.type", 43);
	want_i("icmp.code", 0);
	want_i("icmp.ident", 0xabcd);
	want_i("icmp.ext.echo.seq", 7);
	want_i("icmp.ext.echo.rsp.state", 2);
	want_i("icmp.ext.echo.rsp.active", 1);
	want_i("icmp.ext.echo.rsp.ipv4", 1);
	want_i("icmp.ext.echo.rsp.ipv6", 0);
}

/**
 * mpls_put() - one RFC 4950 label stack entry
 * @p:     4 octets
 * @label: label
 * @tc:    traffic class
 * @s:     bottom of stack
 * @ttl:   TTL
 */
static void mpls_put(uint8_t *p, uint32_t label, unsigned tc, bool s, uint8_t ttl)
{
	ik_put32(p, label << 12 | (uint32_t)tc << 9 | (uint32_t)s << 8 | ttl);
}

/** extensions() - RFC 4884 errors with MPLS label stacks (RFC 4950). */
static void extensions(void)
{
	static const struct { const char *name; uint8_t type, code; int n; uint32_t label[3]; uint8_t ttl[3]; } v[] = {
		{ "ext_timxceed_mpls", IK_ICMP_TIMXCEED, 0, 1, { 16001 }, { 1 } },
		{ "ext_timxceed_mpls2", IK_ICMP_TIMXCEED, 0, 2, { 24000, 1048575 }, { 1, 255 } },
		{ "ext_unreach_mpls", IK_ICMP_UNREACH, IK_UNREACH_HOST, 3, { 16, 17, 18 }, { 2, 3, 4 } },
		{ "ext_needfrag_mpls", IK_ICMP_UNREACH, IK_UNREACH_NEEDFRAG, 1, { 299776 }, { 9 } },
		{ "ext_paramprob_mpls", IK_ICMP_PARAMPROB, 0, 1, { 100 }, { 64 } },
	};
	static uint8_t ext[64];
	uint8_t stack[12];

	make_udp_probe(NULL, 0, 33437);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct ik_icmp_repr r = error_repr(v[i].type, v[i].code, probe_len - 20);
		struct ik_ipv4_repr ip = ipr(rtr1, host_a, 0);
		int n;

		begin(v[i].name);
		for (int k = 0; k < v[i].n; k++)
			mpls_put(stack + 4 * k, v[i].label[k], (unsigned)k, k == v[i].n - 1, v[i].ttl[k]);
		n = ik_icmp_ext_emit(IK_ICMP_EXT_CLASS_MPLS, 1, stack, 4 * (size_t)v[i].n, ext, sizeof(ext));
		if (n < 0)
			die("ik_icmp_ext_emit", -n);
		r.ext = ext;
		r.ext_len = (size_t)n;
		if (v[i].code == IK_UNREACH_NEEDFRAG && v[i].type == IK_ICMP_UNREACH)
			r.u.unreach.mtu = 1400;
		if (v[i].type == IK_ICMP_PARAMPROB)
			r.u.param.pointer = 8;
		send_icmp(&ip, &r);
		want_i("icmp.type", v[i].type);
		want_i("icmp.code", v[i].code);
		if (r.u.unreach.mtu && v[i].type == IK_ICMP_UNREACH)
			want_i("icmp.mtu", 1400);
		if (v[i].type == IK_ICMP_PARAMPROB)
			want_i("icmp.pointer", 8);
		want_i("icmp.length", 32);
		want_quote_udp();
		want_i("icmp.ext.version", 2);
		want_i("icmp.ext.class", 1);
		want_i("icmp.ext.ctype", 1);
		want_i("icmp.ext.length", 4 + 4 * v[i].n);
		for (int k = 0; k < v[i].n; k++) {
			want_i("icmp.mpls.label", v[i].label[k]);
			want_i("icmp.mpls.exp", k);
			want_i("icmp.mpls.s", k == v[i].n - 1);
			want_i("icmp.mpls.ttl", v[i].ttl[k]);
		}
	}
}

/** udp_and_options() - plain UDP datagrams and IPv4 options. */
static void udp_and_options(void)
{
	static uint8_t pkt[2048], data[512];
	static const uint8_t opts_rr[] = { IK_IPOPT_NOP, IK_IPOPT_RR, 11, 8, 203, 0, 113, 1, 0, 0, 0, 0 };
	static const uint8_t opts_ts[] = { IK_IPOPT_TS, 12, 5, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t opts_ra[] = { IK_IPOPT_RA, 4, 0, 0 };
	static const uint8_t opts_lsrr[] = { IK_IPOPT_LSRR, 7, 4, 203, 0, 113, 254 };
	static const struct {
		const char *name; const uint8_t *o; size_t n; int ntypes; uint8_t types[3];
	} ov[] = {
		{ "opt_rr", opts_rr, sizeof(opts_rr), 2, { IK_IPOPT_NOP, IK_IPOPT_RR } },
		{ "opt_ts", opts_ts, sizeof(opts_ts), 1, { IK_IPOPT_TS } },
		{ "opt_ra", opts_ra, sizeof(opts_ra), 1, { IK_IPOPT_RA } },
		/* 7 octets: the emitter pads with EOL */
		{ "opt_lsrr", opts_lsrr, sizeof(opts_lsrr), 2, { IK_IPOPT_LSRR, IK_IPOPT_EOL } },
	};
	static const size_t sizes[] = { 0, 1, 13, 32, 511 };
	struct ik_ipv4_repr ip;
	char name[32];
	size_t len;

	fill(data, sizeof(data), 7);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(name, sizeof(name), "udp_%zu", sizes[i]);
		begin(name);
		ip = ipr(host_a, host_b, 0);
		ip.tos = (uint8_t)(i * 4);
		ip.df = i & 1;
		len = mk_udp(&ip, (uint16_t)(50000 + i), 7777, data, sizes[i], pkt, sizeof(pkt));
		want_ip(&ip, len);
		want_i("udp.srcport", 50000 + (long long)i);
		want_i("udp.dstport", 7777);
		want_i("udp.length", 8 + (long long)sizes[i]);
		put(pkt, len);
	}
	for (size_t i = 0; i < sizeof(ov) / sizeof(ov[0]); i++) {
		struct ik_icmp_repr r;

		begin(ov[i].name);
		memset(&r, 0, sizeof(r));
		r.type = IK_ICMP_ECHO;
		r.u.echo.ident = 0x0505;
		r.u.echo.seq = (uint16_t)i;
		r.data = data;
		r.data_len = 8;
		ip = ipr(host_a, host_b, 0);
		ip.opts = ov[i].o;
		ip.opts_len = ov[i].n;
		send_icmp(&ip, &r);
		for (int k = 0; k < ov[i].ntypes; k++)
			want_i("ip.opt.type", ov[i].types[k]);
		if (ov[i].o == opts_lsrr) {
			/* Wireshark shows the route's last address as ip.dst and
			 * the header's Destination as the current route */
			json_object_del(fields, "ip.dst");
			want_a("ip.dst", rtr2);
			want_a("ip.cur_rt", host_b);
		}
		want_i("icmp.type", 8);
		want_i("icmp.ident", 0x0505);
		want_i("icmp.seq", (long long)i);
	}
}

/**
 * want_hex() - expect octets as tshark prints a byte field ("02:04:05:b4")
 * @field: tshark field name
 * @p:     octets
 * @n:     count (at least 1)
 */
static void want_hex(const char *field, const uint8_t *p, size_t n)
{
	char s[3 * IK_TCP_HDR_MAX];
	size_t k = 0;

	for (size_t i = 0; i < n && k + 4 <= sizeof(s); i++)
		k += (size_t)snprintf(s + k, sizeof(s) - k, "%s%02x", i ? ":" : "", p[i]);
	want(field, json_string(s));
}

/**
 * mk_tcp() - a TCP segment through ik_tcp_emit(), and the fields tshark
 * must read in it: ports, sequence and acknowledgment numbers, header
 * length, flags, window, checksum, urgent pointer, data length, the options
 * area octet for octet (padding included) and each known option's values
 * @r:      IP repr (proto set here)
 * @t:      TCP repr
 * @quoted: the segment goes into an ICMP error (tshark shows the sequence
 *          number as tcp.seq there, and no data length)
 * @out:    output
 * @cap:    its size
 *
 * Return: total octets.
 */
static size_t mk_tcp(struct ik_ipv4_repr *r, const struct ik_tcp_repr *t, bool quoted,
		     uint8_t *out, size_t cap)
{
	size_t hl = ik_ipv4_hdr_len(r), thl, i;
	const uint8_t *seg;
	int n;

	r->proto = IK_IPPROTO_TCP;
	n = ik_tcp_emit(t, r->src, r->dst, out + hl, cap - hl);
	if (n < 0)
		die("ik_tcp_emit", -n);
	seg = out + hl;
	thl = (size_t)(seg[12] >> 4) * 4;
	want_i("tcp.srcport", t->sport);
	want_i("tcp.dstport", t->dport);
	want_i(quoted ? "tcp.seq" : "tcp.seq_raw", t->seq);
	want_i("tcp.ack_raw", t->ack);
	want_i("tcp.hdr_len", (long long)thl);
	want_i("tcp.flags", t->flags);
	want_i("tcp.window_size_value", t->window);
	want_i("tcp.checksum", ik_get16(seg + 16));
	want_i("tcp.urgent_pointer", t->urgent);
	if (!quoted)
		want_i("tcp.len", (long long)t->payload_len);
	if (thl > IK_TCP_HDR_MIN)
		want_hex("tcp.options", seg + IK_TCP_HDR_MIN, thl - IK_TCP_HDR_MIN);
	/* each option's values, walked by their lengths as emitted */
	for (i = IK_TCP_HDR_MIN; i < thl && seg[i] != IK_TCPOPT_EOL;) {
		const uint8_t *o = seg + i;

		if (o[0] == IK_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (o[0] == IK_TCPOPT_MSS)
			want_i("tcp.options.mss_val", ik_get16(o + 2));
		if (o[0] == IK_TCPOPT_WSCALE)
			want_i("tcp.options.wscale.shift", o[2]);
		if (o[0] == IK_TCPOPT_TIMESTAMP) {
			want_i("tcp.options.timestamp.tsval", ik_get32(o + 2));
			want_i("tcp.options.timestamp.tsecr", ik_get32(o + 6));
		}
		if (o[0] == IK_TCPOPT_SACK) {
			for (size_t b = 2; b + 8 <= o[1]; b += 8)
				want_i("tcp.options.sack_le", ik_get32(o + b));
			for (size_t b = 2; b + 8 <= o[1]; b += 8)
				want_i("tcp.options.sack_re", ik_get32(o + b + 4));
			want_i("tcp.options.sack.count", (o[1] - 2) / 8);
		}
		i += o[1];
	}
	return ip_hdr(r, (size_t)n, out, cap);
}

/**
 * expert_ok() - a warning tshark gives the packet that is about the
 * conversation, not about its octets
 * @msg: the expert message
 */
static void expert_ok(const char *msg)
{
	json_t *p = json_array_get(packets, json_array_size(packets) - 1);
	json_t *a = json_object_get(p, "expert_ok");

	if (!a) {
		a = json_array();
		json_object_set_new(p, "expert_ok", a);
	}
	json_array_append_new(a, json_string(msg));
}

/** tcp_segments() - TCP segments with options, and errors quoting them. */
static void tcp_segments(void)
{
	static const uint8_t syn_opts[] = {
		IK_TCPOPT_MSS, 4, 0x05, 0xb4, IK_TCPOPT_SACK_PERM, 2,
		IK_TCPOPT_TIMESTAMP, 10, 0, 0, 0x30, 0x39, 0, 0, 0, 0,
		IK_TCPOPT_NOP, IK_TCPOPT_WSCALE, 3, 7,
	};
	static const uint8_t synack_opts[] = {
		IK_TCPOPT_MSS, 4, 0x05, 0x78, IK_TCPOPT_NOP, IK_TCPOPT_NOP, IK_TCPOPT_SACK_PERM, 2,
		IK_TCPOPT_NOP, IK_TCPOPT_WSCALE, 3, 10,
	};
	static const uint8_t ws_only[] = { IK_TCPOPT_WSCALE, 3, 14 }; /* padded with EOL */
	static const uint8_t ts_opts[] = {
		IK_TCPOPT_NOP, IK_TCPOPT_NOP, IK_TCPOPT_TIMESTAMP, 10, 0, 0, 0, 99, 0, 0, 0, 98,
	};
	static const uint8_t sack_opts[] = {
		IK_TCPOPT_NOP, IK_TCPOPT_NOP, IK_TCPOPT_SACK, 18,
		0, 0, 0x0c, 0x1c, 0, 0, 0x0c, 0x80, 0, 0, 0x0c, 0xe4, 0, 0, 0x0d, 0x48,
	};
	static const uint8_t bye[] = "goodbye, world\n";
	static const struct {
		const char *name;
		struct ik_tcp_repr t;
		bool reply;
	} v[] = {
		{ "tcp_syn_opts", { .sport = 40000, .dport = 80, .seq = 1000, .flags = IK_TCP_SYN,
				    .window = 64240, .opts = syn_opts, .opts_len = sizeof(syn_opts) }, false },
		{ "tcp_synack", { .sport = 80, .dport = 40000, .seq = 0x7f000000, .ack = 1001,
				  .flags = IK_TCP_SYN | IK_TCP_ACK, .window = 65160, .opts = synack_opts,
				  .opts_len = sizeof(synack_opts) }, true },
		{ "tcp_syn_ws_pad", { .sport = 40001, .dport = 80, .seq = 77, .flags = IK_TCP_SYN,
				      .window = 1024, .opts = ws_only, .opts_len = sizeof(ws_only) }, false },
		{ "tcp_rst", { .sport = 80, .dport = 40000, .seq = 5000, .flags = IK_TCP_RST }, true },
		{ "tcp_rst_ack", { .sport = 80, .dport = 40002, .seq = 0, .ack = 1001,
				   .flags = IK_TCP_RST | IK_TCP_ACK }, true },
		{ "tcp_fin_ack_data", { .sport = 40000, .dport = 80, .seq = 0xfffffff0u, .ack = 0x12345678,
					.flags = IK_TCP_FIN | IK_TCP_PSH | IK_TCP_ACK, .window = 501,
					.opts = ts_opts, .opts_len = sizeof(ts_opts), .payload = bye,
					.payload_len = sizeof(bye) - 1 }, false },
		{ "tcp_sack", { .sport = 40000, .dport = 80, .seq = 2000, .ack = 3000,
				.flags = IK_TCP_ACK, .window = 1000, .opts = sack_opts,
				.opts_len = sizeof(sack_opts) }, false },
	};
	static uint8_t pkt[512], inner[256];
	struct ik_ipv4_repr ip, in;
	struct ik_icmp_repr r;
	size_t len;

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		begin(v[i].name);
		ip = v[i].reply ? ipr(host_b, host_a, 0) : ipr(host_a, host_b, 0);
		ip.df = true;
		len = mk_tcp(&ip, &v[i].t, false, pkt, sizeof(pkt));
		want_ip(&ip, len);
		if (v[i].t.flags & IK_TCP_RST)
			expert_ok("Connection reset (RST)");
		put(pkt, len);
	}
	/* a Port Unreachable quoting the whole SYN: tshark reads the quoted
	 * segment's fields, options and checksum */
	begin("unreach_tcp_full");
	in = ipr(host_a, host_b, 0);
	in.df = true;
	len = mk_tcp(&in, &v[0].t, true, inner, sizeof(inner));
	memset(&r, 0, sizeof(r));
	r.type = IK_ICMP_UNREACH;
	r.code = IK_UNREACH_PORT;
	r.data = inner;
	r.data_len = len;
	ip = ipr(host_b, host_a, 0);
	send_icmp(&ip, &r);
	want_i("icmp.type", 3);
	want_i("icmp.code", 3);
	want_ip(&in, len);
}

int main(int argc, char **argv)
{
	char errbuf[256];

	if (argc != 3) {
		fprintf(stderr, "usage: emit_pcap OUT.pcap OUT.json\n");
		return 2;
	}
	pw = ik_pcap_writer_open(argv[1], errbuf);
	if (!pw) {
		fprintf(stderr, "emit_pcap: %s\n", errbuf);
		return 1;
	}
	packets = json_array();
	echo();
	unreach();
	quotes();
	others();
	queries();
	extensions();
	udp_and_options();
	tcp_segments();
	ik_pcap_writer_close(pw);
	if (json_dump_file(packets, argv[2], JSON_INDENT(1)) < 0) {
		fprintf(stderr, "emit_pcap: cannot write %s\n", argv[2]);
		return 1;
	}
	json_decref(packets);
	printf("emit_pcap: %u packets\n", npkt);
	return 0;
}
