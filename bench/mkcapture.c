// SPDX-License-Identifier: MIT
/*
 * mkcapture.c - write a mixed, deterministic capture for bench_decode.py
 *
 * usage: mkcapture FILE [COUNT]   (COUNT default 1000000)
 *
 * A raw-IPv4 pcap (ik_pcap_writer) of COUNT packets, 1 ms apart from
 * 2024-01-01 00:00:00 UTC, every address in the RFC 5737 ranges, built by
 * the library's own emitters. The mix, chosen per packet from a fixed-seed
 * generator (splitmix64), so the same COUNT always gives the same file:
 *   24% Echo Request, 24% Echo Reply (56 data octets, ping's),
 *   16% UDP (a DNS-sized query to port 53),
 *   10% Port Unreachable quoting a UDP datagram (header + 8 + its data),
 *    6% Time Exceeded quoting a traceroute probe (UDP to 33434+),
 *   12% TCP (SYN with MSS and window scale, or ACK with 100 data octets),
 *    6% fragments (a first fragment with MF, or the last one of a datagram),
 *    2% malformed (a wrong IPv4 or ICMP checksum, a Total Length past the
 *       capture, a UDP Length past the datagram).
 * Exit status 0, or 1 with a message when the file cannot be written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/pcapio.h"
#include "icmpkit/tcp.h"
#include "icmpkit/udp.h"

#define NET1 0xc0000200u /* 192.0.2.0/24 */
#define NET2 0xc6336400u /* 198.51.100.0/24 */
#define NET3 0xcb007100u /* 203.0.113.0/24 */
#define T0_NS 1704067200000000000ull

/**
 * next() - splitmix64
 * @s: state
 *
 * Return: the next 64 random bits.
 */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/**
 * ip_hdr() - write an IPv4 header for @plen payload octets at @buf
 * @buf:   output (at least 20 + @plen octets)
 * @proto: protocol
 * @src:   source
 * @dst:   destination
 * @plen:  payload length
 * @ident: Identification
 *
 * Return: 20.
 */
static size_t ip_hdr(uint8_t *buf, uint8_t proto, uint32_t src, uint32_t dst, size_t plen,
		     uint16_t ident)
{
	struct ik_ipv4_repr r;

	memset(&r, 0, sizeof(r));
	r.ident = ident;
	r.df = proto != IK_IPPROTO_UDP;
	r.ttl = 64;
	r.proto = proto;
	r.src = src;
	r.dst = dst;
	r.payload_len = plen;
	return (size_t)ik_ipv4_emit(&r, buf, 20 + plen);
}

/**
 * udp_dgram() - a whole IPv4+UDP datagram
 * @buf:   output (1500 octets)
 * @src:   source
 * @dst:   destination
 * @sport: source port
 * @dport: destination port
 * @dlen:  data octets
 * @ident: IP Identification
 *
 * Return: its length.
 */
static size_t udp_dgram(uint8_t *buf, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
			size_t dlen, uint16_t ident)
{
	uint8_t data[512];
	struct ik_udp_repr u = { .sport = sport, .dport = dport, .payload = data,
				 .payload_len = dlen };

	static const uint8_t dns[33] = { 0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 'w', 'w',
					 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o',
					 'm', 0, 0, 1, 0, 1 };

	for (size_t i = 0; i < dlen; i++)
		data[i] = (uint8_t)(i * 7 + 1);
	if (dport == 53 && dlen == sizeof(dns)) /* a query for www.example.com A */
		memcpy(data, dns, sizeof(dns));
	ik_udp_emit(&u, src, dst, buf + 20, 1480);
	return ip_hdr(buf, IK_IPPROTO_UDP, src, dst, 8 + dlen, ident) + 8 + dlen;
}

/**
 * icmp_msg() - a whole IPv4+ICMP datagram
 * @buf: output (1500 octets)
 * @src: source
 * @dst: destination
 * @m:   the message (data set)
 * @id:  IP Identification
 *
 * Return: its length.
 */
static size_t icmp_msg(uint8_t *buf, uint32_t src, uint32_t dst, const struct ik_icmp_repr *m,
		       uint16_t id)
{
	int n = ik_icmp_emit(m, buf + 20, 1480);

	if (n < 0)
		return 0;
	return ip_hdr(buf, IK_IPPROTO_ICMP, src, dst, (size_t)n, id) + (size_t)n;
}

/**
 * icmp_error() - an ICMP error quoting a UDP datagram
 * @buf:  output
 * @type: 3 or 11
 * @code: code
 * @rtr:  the host or router sending the error
 * @src:  the datagram's source (the error goes back to it)
 * @dst:  its destination
 * @port: its destination port
 * @qlen: octets of it to quote
 * @id:   IP Identification
 *
 * Return: the length.
 */
static size_t icmp_error(uint8_t *buf, uint8_t type, uint8_t code, uint32_t rtr, uint32_t src,
			 uint32_t dst, uint16_t port, size_t qlen, uint16_t id)
{
	uint8_t orig[1500];
	size_t olen = udp_dgram(orig, src, dst, (uint16_t)(40000 + id % 20000), port, 32, id);
	struct ik_icmp_repr m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	m.code = code;
	m.data = orig;
	m.data_len = qlen < olen ? qlen : olen;
	return icmp_msg(buf, rtr, src, &m, (uint16_t)(id ^ 0x5a5a));
}

/**
 * tcp_seg() - a TCP segment: a SYN with options or an ACK with data
 * @buf: output
 * @r:   random bits
 * @id:  IP Identification
 *
 * Return: the length.
 */
static size_t tcp_seg(uint8_t *buf, uint64_t r, uint16_t id)
{
	static const uint8_t opts[] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 7 };
	uint8_t data[100];
	uint32_t src = NET1 | (uint32_t)(1 + r % 50), dst = NET3 | (uint32_t)(1 + (r >> 8) % 20);
	struct ik_tcp_repr t;
	int n;

	memset(&t, 0, sizeof(t));
	t.sport = (uint16_t)(32768 + (r >> 16) % 28000);
	t.dport = (r >> 32) & 1 ? 443 : 80;
	t.seq = (uint32_t)(r >> 20);
	t.window = 64240;
	if ((r >> 40) & 1) {
		t.flags = IK_TCP_SYN;
		t.opts = opts;
		t.opts_len = sizeof(opts);
	} else {
		memset(data, 'a', sizeof(data));
		t.flags = IK_TCP_ACK | IK_TCP_PSH;
		t.ack = (uint32_t)r;
		t.payload = data;
		t.payload_len = sizeof(data);
	}
	n = ik_tcp_emit(&t, src, dst, buf + 20, 1480);
	if (n < 0)
		return 0;
	return ip_hdr(buf, IK_IPPROTO_TCP, src, dst, (size_t)n, id) + (size_t)n;
}

/**
 * fragment() - one fragment of a 1400-octet UDP datagram
 * @buf: output
 * @r:   random bits (which fragment)
 * @id:  IP Identification
 *
 * Return: the length.
 */
static size_t fragment(uint8_t *buf, uint64_t r, uint16_t id)
{
	uint8_t whole[1500];
	uint32_t src = NET2 | (uint32_t)(1 + r % 30), dst = NET1 | 7u;
	size_t len = udp_dgram(whole, src, dst, 5004, 5004, 400, id), part;
	struct ik_ipv4_repr h;

	memset(&h, 0, sizeof(h));
	h.ident = id;
	h.ttl = 61;
	h.proto = IK_IPPROTO_UDP;
	h.src = src;
	h.dst = dst;
	if ((r >> 12) & 1) {
		h.mf = true;
		part = 208; /* a multiple of 8 */
		memcpy(buf + 20, whole + 20, part);
	} else {
		h.frag_off = 208;
		part = len - 20 - 208;
		memcpy(buf + 20, whole + 20 + 208, part);
	}
	h.payload_len = part;
	ik_ipv4_emit(&h, buf, 20 + part);
	return 20 + part;
}

/**
 * malformed() - a datagram with one thing wrong
 * @buf: output
 * @r:   random bits (which fault)
 * @id:  IP Identification
 *
 * Return: the length (what the capture holds).
 */
static size_t malformed(uint8_t *buf, uint64_t r, uint16_t id)
{
	struct ik_icmp_repr m;
	size_t len;

	memset(&m, 0, sizeof(m));
	m.type = 8;
	m.u.echo.ident = 0x1234;
	m.u.echo.seq = id;
	len = icmp_msg(buf, NET1 | 9u, NET2 | 9u, &m, id);
	switch (r % 4) {
	case 0: /* IPv4 header checksum */
		buf[10] ^= 0x11;
		break;
	case 1: /* ICMP checksum */
		buf[22] ^= 0x22;
		break;
	case 2: /* Total Length past the capture */
		buf[3] = (uint8_t)(buf[3] + 40);
		break;
	default: /* UDP Length past the datagram */
		len = udp_dgram(buf, NET1 | 9u, NET2 | 9u, 1234, 53, 20, id);
		buf[25] = (uint8_t)(buf[25] + 16);
		break;
	}
	return len;
}

/**
 * one() - the packet number @i
 * @buf: output (1500 octets)
 * @i:   index
 * @s:   generator state
 *
 * Return: its length.
 */
static size_t one(uint8_t *buf, uint64_t i, uint64_t *s)
{
	uint64_t r = next(s);
	unsigned pick = (unsigned)(r % 100);
	uint16_t id = (uint16_t)i;
	uint32_t host = NET1 | (uint32_t)(10 + (r >> 8) % 40);
	uint32_t peer = NET2 | (uint32_t)(1 + (r >> 16) % 200);
	struct ik_icmp_repr m;
	uint8_t data[56];

	r >>= 8;
	if (pick < 48) {
		for (size_t k = 0; k < sizeof(data); k++)
			data[k] = (uint8_t)(0x10 + k);
		memset(&m, 0, sizeof(m));
		m.type = pick < 24 ? 8 : 0;
		m.u.echo.ident = (uint16_t)(0x4000 + host % 40);
		m.u.echo.seq = (uint16_t)(i / 64);
		m.data = data;
		m.data_len = sizeof(data);
		return pick < 24 ? icmp_msg(buf, host, peer, &m, id)
				 : icmp_msg(buf, peer, host, &m, id);
	}
	if (pick < 64)
		return udp_dgram(buf, host, peer, (uint16_t)(33000 + r % 20000), 53, 33, id);
	if (pick < 74)
		return icmp_error(buf, 3, 3, peer, host, peer, (uint16_t)(8000 + r % 100), 68, id);
	if (pick < 80)
		return icmp_error(buf, 11, 0, NET3 | (uint32_t)(1 + r % 8), host, peer,
				  (uint16_t)(33434 + r % 30), 28, id);
	if (pick < 92)
		return tcp_seg(buf, r, id);
	if (pick < 98)
		return fragment(buf, r, id);
	return malformed(buf, r, id);
}

int main(int argc, char **argv)
{
	uint64_t count = argc > 2 ? strtoull(argv[2], NULL, 10) : 1000000, s = 14;
	char err[256];
	struct ik_pcap_writer *w;
	uint8_t buf[1500];
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: mkcapture FILE [COUNT]\n");
		return 2;
	}
	w = ik_pcap_writer_open(argv[1], err);
	if (!w) {
		fprintf(stderr, "mkcapture: %s\n", err);
		return 1;
	}
	for (uint64_t i = 0; i < count && rc == 0; i++) {
		size_t len = one(buf, i, &s);

		rc = len ? ik_pcap_writer_put(w, buf, len, T0_NS + i * 1000000ull) : -1;
	}
	if (rc == 0)
		rc = ik_pcap_writer_flush(w);
	ik_pcap_writer_close(w);
	if (rc) {
		fprintf(stderr, "mkcapture: cannot write %s\n", argv[1]);
		return 1;
	}
	return 0;
}
