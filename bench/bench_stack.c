// SPDX-License-Identifier: MIT
/*
 * bench_stack.c - nanoseconds per packet through ik_stack_input(), as
 * ratios against lwIP measured in the same run, and heap allocations per
 * packet, counted (issue 3 item 13).
 *
 * usage: bench_stack [--quick] [--only WORD] [--no-peer]
 *   --quick      a smoke run of a few seconds (figures rough)
 *   --no-peer    leave lwIP out (to profile icmpkit alone)
 *   --only WORD  only the cases whose name contains WORD ("echo",
 *                "unreach", "demux", ...), e.g. under perf or callgrind
 *
 * Cases, each one datagram fed again and again to a stack whose device
 * callback only counts:
 *   echo        ICMP Echo Request -> Reply, an 84-octet datagram (56 data)
 *   udp open    UDP (56 data, 84 octets) to a bound socket, and one
 *               ik_sock_recvfrom() per packet inside the timed loop
 *   unreach     UDP to a closed port -> Port Unreachable through every
 *               suppression rule and the rate limiter, three ways: both
 *               buckets consulted and never refusing (icmp_ratelimit 1 ms
 *               on a clock advancing 1 ms per packet, msgs_per_sec and
 *               msgs_burst at their maximum), per-destination limiter off
 *               (icmp_ratelimit 0), and Linux's defaults (nearly all
 *               refused by the per-destination bucket)
 *   bad csum    the echo datagram with a wrong IP header checksum, dropped
 * and UDP demultiplexing with 1, 1,000 and 100,000 bound sockets (over two
 * local addresses), 100,000 different datagrams in a random order, one
 * recvfrom per packet, two ways: one ik_stack_input() per datagram
 * ("single"), and ik_stack_input_batch() with batches of DM_BATCH, one
 * batch queue per interface as a driver with a receive queue per port fills
 * them ("batch"; the same datagrams in the same order, each read with one
 * recvfrom after its batch); the hash lookup alone is timed too. The
 * datagrams (6.4 MB) are prefetched ahead, as a driver does with its receive
 * ring, so the figures show the stack's own cache misses (socket, hash
 * buckets, queued cells), not the benchmark's fetch of its input. The demux
 * goal (100,000 sockets within 1.3 x of 1) is judged on the batch figures;
 * the single figures are printed beside them. The three stacks (1, 1,000
 * and 100,000 sockets) exist together and their runs alternate in one
 * series, so load from elsewhere on the machine hits every count alike.
 *
 * IPv6 beside IPv4 ("IPv6", "IPv4", issue 15 item 11): eth0 also holds
 * 2001:db8::1/64; an Echo Request -> Reply and UDP to a closed port ->
 * Destination Unreachable (IPv4 3/3, IPv6 1/4, the limits as in "all
 * rules, never refused"), each in datagrams of 64 and of 1500 octets, over
 * IPv4 and over IPv6 from 2001:db8::2; each work's IPv4 case, IPv6 case
 * and lwIP on both (ip4_input() / ip6_input() of the same datagrams, its
 * answers counted by the netif's output / output_ip6) run in one
 * alternating series, so v6/v4 (icmpkit IPv6 ns over IPv4 ns) and the
 * lwIP ratio are same-run ratios. The first answer of each is checked
 * (type, code, length, checksums by the reference sum, the echo's data,
 * the quote: IPv4 to 576 octets, IPv6 to 1280). Goals: icmpkit IPv6 <=
 * 0.5 x lwIP IPv6, and <= 1.2 x icmpkit IPv4.
 *
 * And IPv4 forwarding ("forward"): a stack with eth0 192.0.2.1/24 and eth1
 * 198.51.100.1/24 and ip_forward=1 is fed a UDP datagram from 192.0.2.10
 * to 198.51.100.20 on eth0, of 64 and of 1500 octets; each must leave eth1
 * for next hop 198.51.100.20 with TTL - 1 and the header checksum the
 * reference sum gives, every other octet as it came (the first copy is
 * checked field by field, then one datagram out per datagram in). The peer
 * is lwIP's ip4_forward(), reached by ip4_input() of the same datagram on a
 * second netif 198.51.100.1/24, when lwIP was built with IP_FORWARD (Debian
 * builds it so); if its first datagram is not forwarded, one line says the
 * peer is not available. Goal: icmpkit's ns <= 0.5 x lwIP's.
 *
 * Timing: CLOCK_MONOTONIC around millions of packets, a warm-up run, then
 * the best of 5 runs; icmpkit and lwIP runs alternate so load from elsewhere
 * on the machine hits both alike. Every allocation in the process is
 * counted (bench_alloc.c) during every icmpkit run, warm-up included.
 *
 * Exit status: 0, or 1 when a result is wrong (a reply missing or
 * malformed, a datagram not delivered) or a packet allocated memory. Missing
 * a speed goal is reported, never failed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "icmpkit/bytes.h"
#include "icmpkit/err.h"
#include "icmpkit/mib.h"
#include "icmpkit/sock.h"
#include "icmpkit/stack.h"
#include "icmpkit/stack6.h"
#include "stack/sock/sock_priv.h" /* ik_udp_lookup(), for the lookup-only figure */

#include "bench_alloc.h"
#include "bench_lwip.h"

#define ADDR_A  0xc0000201u /* 192.0.2.1    the stack, eth0 */
#define ADDR_B  0xc0000202u /* 192.0.2.2    the sender */
#define ADDR_A2 0xc6336401u /* 198.51.100.1 the stack, eth1 (demux, forwarding) */
#define ADDR_FS 0xc000020au /* 192.0.2.10    a host behind eth0 (forwarding) */
#define ADDR_FD 0xc6336414u /* 198.51.100.20 a host on eth1's network (forwarding) */
#define FWD_IF  2           /* eth1: where a forwarded datagram must leave */

/* IPv6 (the "IPv6 beside IPv4" group): the stack 2001:db8::1/64 on eth0,
 * the sender 2001:db8::2 */
static const uint8_t A6_A[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t A6_B[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
#define V6_HDR   40
#define V6_QUOTE 1280 /* an ICMPv6 error is at most the minimum MTU (RFC 4443 2.4(c)) */
#define V4_QUOTE 576  /* icmp_error_quote_max's default (RFC 1812 4.3.2.3) */

#define ECHO_DATA  56    /* ping's default: an 84-octet datagram */
#define UDP_DATA   56    /* the same size for UDP */
#define OPEN_PORT  7000
#define SHUT_PORT  7001
#define TCP_ISS    0x1f2e3d4cu /* the benchmark SYN's sequence number */
#define DM_DATA    8     /* demux datagrams: 20 + 8 + 8 = 36 octets */
#define DM_STRIDE  64    /* one datagram per cache line */
#define DM_PKTS    100000u
#define PORT_BASE  1024u
#define DM_AHEAD   8     /* datagrams prefetched ahead, as a driver's rx ring */
#define DM_BATCH   32    /* datagrams per ik_stack_input_batch() call */
#define DM_AHEAD_B 64    /* prefetched ahead while batches fill: building a
			  * batch takes a few ns per datagram, not a whole
			  * packet's processing as in the single loop */

/** struct tcfg - how long to measure */
struct tcfg {
	uint64_t iters;  /* packets per timed run */
	uint64_t warm;   /* packets in the warm-up run */
	int reps;        /* timed runs, best kept */
	bool quick;
	const char *only; /* run only the cases whose name contains this */
};

/** struct dev - the device: counts, and copies when asked */
struct dev {
	uint64_t sent;
	bool capture;
	size_t last_len;
	unsigned last_if;   /* interface of the datagram copied */
	uint32_t last_hop;  /* its next hop */
	uint8_t last[2048];
};

static bool failed;      /* a wrong result: exit 1 */
static uint64_t ik_allocs, ik_pkts; /* allocations in icmpkit runs / packets */

/**
 * now_ns() - monotonic clock
 *
 * Return: nanoseconds.
 */
static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/**
 * fail() - report a wrong result loudly and remember it
 * @what: the case
 * @msg:  what is wrong
 */
static void fail(const char *what, const char *msg)
{
	printf("FAIL: %s: %s\n", what, msg);
	failed = true;
}

/**
 * dev_xmit() - the device callback: count, copy the datagram (and note its
 * interface and next hop) when capturing
 * @ctx: struct dev; @ifindex: interface; @next_hop: link-layer destination;
 * @pkt/@len: datagram; @now: unused
 *
 * Return: 0.
 */
static int dev_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt,
		    size_t len, uint64_t now)
{
	struct dev *d = ctx;

	(void)now;
	d->sent++;
	if (d->capture) {
		d->last_len = len < sizeof(d->last) ? len : sizeof(d->last);
		memcpy(d->last, pkt, d->last_len);
		d->last_if = ifindex;
		d->last_hop = next_hop;
	}
	return 0;
}

/**
 * dev_xmit6() - the device's IPv6 callback: as dev_xmit() (the next hop is
 * not kept: the IPv6 cases answer an on-link sender)
 * @ctx: struct dev; @ifindex: interface; @next_hop: unused; @pkt/@len:
 * datagram; @now: unused
 *
 * Return: 0.
 */
static int dev_xmit6(void *ctx, unsigned ifindex, const uint8_t next_hop[16], const uint8_t *pkt,
		     size_t len, uint64_t now)
{
	struct dev *d = ctx;

	(void)now;
	(void)next_hop;
	d->sent++;
	if (d->capture) {
		d->last_len = len < sizeof(d->last) ? len : sizeof(d->last);
		memcpy(d->last, pkt, d->last_len);
		d->last_if = ifindex;
		d->last_hop = 0;
	}
	return 0;
}

static const struct ik_dev_ops dev_ops = { .xmit = dev_xmit, .xmit6 = dev_xmit6 };

/* ---- packets, with an independent RFC 1071 checksum ---- */

/**
 * ref_sum() - RFC 1071 one's complement sum, 16-bit words one by one
 * @p: data; @len: octets; @acc: sum so far
 *
 * Return: the unfolded sum.
 */
static uint32_t ref_sum(const uint8_t *p, size_t len, uint32_t acc)
{
	for (; len > 1; p += 2, len -= 2)
		acc += (uint32_t)p[0] << 8 | p[1];
	if (len)
		acc += (uint32_t)p[0] << 8;
	return acc;
}

/**
 * ref_fold() - fold and complement a sum
 * @acc: sum
 *
 * Return: the checksum field value (0 over data that carries a good one).
 */
static uint16_t ref_fold(uint32_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

/**
 * put_ip() - write a 20-octet IPv4 header in front of a payload at @b + 20
 * @b: buffer; @src/@dst: addresses; @proto: protocol; @plen: payload octets
 *
 * Return: total length.
 */
static size_t put_ip(uint8_t *b, uint32_t src, uint32_t dst, uint8_t proto, size_t plen)
{
	size_t tot = 20 + plen;

	b[0] = 0x45;
	b[1] = 0;
	ik_put16(b + 2, (uint16_t)tot);
	ik_put16(b + 4, 0x1c46);
	ik_put16(b + 6, 0x4000); /* DF, as ping and most UDP senders */
	b[8] = 64;
	b[9] = proto;
	ik_put16(b + 10, 0);
	ik_put32(b + 12, src);
	ik_put32(b + 16, dst);
	ik_put16(b + 10, ref_fold(ref_sum(b, 20, 0)));
	return tot;
}

/**
 * build_echo() - an Echo Request with @dlen data octets, as ping sends
 * @b: buffer; @src/@dst: addresses; @dlen: data octets
 *
 * Return: total length.
 */
static size_t build_echo(uint8_t *b, uint32_t src, uint32_t dst, size_t dlen)
{
	uint8_t *m = b + 20;

	m[0] = 8;
	m[1] = 0;
	ik_put16(m + 2, 0);
	ik_put16(m + 4, 0x4b1d);
	ik_put16(m + 6, 1);
	for (size_t i = 0; i < dlen; i++)
		m[8 + i] = (uint8_t)(0x10 + i);
	ik_put16(m + 2, ref_fold(ref_sum(m, 8 + dlen, 0)));
	return put_ip(b, src, dst, 1, 8 + dlen);
}

/**
 * build_udp() - a UDP datagram with a correct checksum
 * @b: buffer; @src/@dst: addresses; @sport/@dport: ports; @dlen: data octets
 *
 * Return: total length.
 */
static size_t build_udp(uint8_t *b, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
			size_t dlen)
{
	uint8_t *u = b + 20, ph[12];
	uint16_t ulen = (uint16_t)(8 + dlen), c;

	ik_put16(u, sport);
	ik_put16(u + 2, dport);
	ik_put16(u + 4, ulen);
	ik_put16(u + 6, 0);
	for (size_t i = 0; i < dlen; i++)
		u[8 + i] = (uint8_t)(0x61 + i % 26);
	ik_put32(ph, src);
	ik_put32(ph + 4, dst);
	ph[8] = 0;
	ph[9] = 17;
	ik_put16(ph + 10, ulen);
	c = ref_fold(ref_sum(u, ulen, ref_sum(ph, 12, 0)));
	ik_put16(u + 6, c ? c : 0xffff);
	return put_ip(b, src, dst, 17, ulen);
}

/**
 * build_syn() - a TCP SYN (no options) from @src:@sport to @dst:@dport,
 * sequence number TCP_ISS, its checksum by the reference sum
 * @b: output; @src/@dst: addresses; @sport/@dport: ports
 *
 * Return: the datagram's length (40).
 */
static size_t build_syn(uint8_t *b, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport)
{
	uint8_t *s = b + 20, ph[12];

	memset(s, 0, 20);
	ik_put16(s, sport);
	ik_put16(s + 2, dport);
	ik_put32(s + 4, TCP_ISS);
	s[12] = 5 << 4;
	s[13] = 0x02; /* SYN */
	ik_put16(s + 14, 64240);
	ik_put32(ph, src);
	ik_put32(ph + 4, dst);
	ph[8] = 0;
	ph[9] = 6;
	ik_put16(ph + 10, 20);
	ik_put16(s + 16, ref_fold(ref_sum(s, 20, ref_sum(ph, 12, 0))));
	return put_ip(b, src, dst, 6, 20);
}

/**
 * sum6_pseudo() - the reference sum of an IPv6 pseudo-header (RFC 8200
 * 8.1): source, destination, the upper-layer length in 32 bits, Next Header
 * @src/@dst: addresses; @ulen: upper-layer octets; @nh: Next Header
 *
 * Return: the unfolded sum.
 */
static uint32_t sum6_pseudo(const uint8_t *src, const uint8_t *dst, size_t ulen, uint8_t nh)
{
	uint8_t ph[40];

	memcpy(ph, src, 16);
	memcpy(ph + 16, dst, 16);
	ik_put32(ph + 32, (uint32_t)ulen);
	ph[36] = ph[37] = ph[38] = 0;
	ph[39] = nh;
	return ref_sum(ph, sizeof(ph), 0);
}

/**
 * put_ip6() - write a 40-octet IPv6 header in front of a payload at @b + 40
 * @b: buffer; @src/@dst: addresses; @nh: Next Header; @plen: payload octets
 *
 * Return: total length.
 */
static size_t put_ip6(uint8_t *b, const uint8_t *src, const uint8_t *dst, uint8_t nh, size_t plen)
{
	ik_put32(b, 0x60000000u); /* version 6, Traffic Class 0, Flow Label 0 */
	ik_put16(b + 4, (uint16_t)plen);
	b[6] = nh;
	b[7] = 64;
	memcpy(b + 8, src, 16);
	memcpy(b + 24, dst, 16);
	return V6_HDR + plen;
}

/**
 * build_echo6() - an ICMPv6 Echo Request with @dlen data octets, as ping -6
 * sends
 * @b: buffer; @src/@dst: addresses; @dlen: data octets
 *
 * Return: total length.
 */
static size_t build_echo6(uint8_t *b, const uint8_t *src, const uint8_t *dst, size_t dlen)
{
	uint8_t *m = b + V6_HDR;

	m[0] = 128;
	m[1] = 0;
	ik_put16(m + 2, 0);
	ik_put16(m + 4, 0x4b1d);
	ik_put16(m + 6, 1);
	for (size_t i = 0; i < dlen; i++)
		m[8 + i] = (uint8_t)(0x10 + i);
	ik_put16(m + 2, ref_fold(ref_sum(m, 8 + dlen, sum6_pseudo(src, dst, 8 + dlen, 58))));
	return put_ip6(b, src, dst, 58, 8 + dlen);
}

/**
 * build_udp6() - a UDP datagram over IPv6 with its (mandatory) checksum
 * @b: buffer; @src/@dst: addresses; @sport/@dport: ports; @dlen: data octets
 *
 * Return: total length.
 */
static size_t build_udp6(uint8_t *b, const uint8_t *src, const uint8_t *dst, uint16_t sport,
			 uint16_t dport, size_t dlen)
{
	uint8_t *u = b + V6_HDR;
	uint16_t ulen = (uint16_t)(8 + dlen), c;

	ik_put16(u, sport);
	ik_put16(u + 2, dport);
	ik_put16(u + 4, ulen);
	ik_put16(u + 6, 0);
	for (size_t i = 0; i < dlen; i++)
		u[8 + i] = (uint8_t)(0x61 + i % 26);
	c = ref_fold(ref_sum(u, ulen, sum6_pseudo(src, dst, ulen, 17)));
	ik_put16(u + 6, c ? c : 0xffff);
	return put_ip6(b, src, dst, 17, ulen);
}

/* ---- checks of what went out ---- */

/**
 * check_rst_out() - is @p the reset RFC 9293 3.10.7.1 gives the SYN of
 * build_syn(): RST+ACK, SEQ 0, ACK TCP_ISS + 1, to ADDR_B, checksums right
 * @p: datagram; @len: its length
 *
 * Return: NULL, or what is wrong.
 */
static const char *check_rst_out(const uint8_t *p, size_t len)
{
	uint8_t ph[12];

	if (len < 40 || p[9] != 6 || ik_get32(p + 16) != ADDR_B || ref_fold(ref_sum(p, 20, 0)))
		return "not a TCP segment to the sender with a right IP header";
	memcpy(ph, p + 12, 8);
	ph[8] = 0;
	ph[9] = 6;
	ik_put16(ph + 10, (uint16_t)(len - 20));
	if (ref_fold(ref_sum(p + 20, len - 20, ref_sum(ph, 12, 0))))
		return "TCP checksum wrong";
	if ((p[33] & 0x3f) != 0x14 || ik_get32(p + 24) != 0 || ik_get32(p + 28) != TCP_ISS + 1)
		return "not <SEQ=0><ACK=SEG.SEQ+1><CTL=RST,ACK>";
	return NULL;
}

/**
 * check_icmp_out() - is @p a well-formed ICMP @type/@code to ADDR_B?
 * @p: datagram; @len: octets; @type/@code: expected; @want_len: its
 * expected length (0: any); @quote: the datagram it must quote (or NULL),
 * @qlen: how much of it
 *
 * Return: NULL if so, else what is wrong.
 */
static const char *check_icmp_out(const uint8_t *p, size_t len, uint8_t type, uint8_t code,
				  size_t want_len, const uint8_t *quote, size_t qlen)
{
	size_t hl;

	if (len < 28)
		return "nothing (or too little) sent";
	hl = (p[0] & 15u) * 4u;
	if (p[0] >> 4 != 4 || hl < 20 || len < hl + 8 || ik_get16(p + 2) != len)
		return "not an IPv4 datagram of the length sent";
	if (ref_fold(ref_sum(p, hl, 0)))
		return "IP header checksum wrong";
	if (p[9] != 1 || ik_get32(p + 16) != ADDR_B || ik_get32(p + 12) != ADDR_A)
		return "not ICMP from 192.0.2.1 to 192.0.2.2";
	if (p[hl] != type || p[hl + 1] != code)
		return "wrong ICMP type or code";
	if (ref_fold(ref_sum(p + hl, len - hl, 0)))
		return "ICMP checksum wrong";
	if (want_len && len != want_len)
		return "wrong length";
	if (quote && (len < hl + 8 + qlen || memcmp(p + hl + 8, quote, qlen)))
		return "the quote is not the offending datagram";
	return NULL;
}

/**
 * check_icmp6_out() - is @p a well-formed ICMPv6 @type/@code from
 * 2001:db8::1 to 2001:db8::2?
 * @p: datagram; @len: octets; @type/@code: expected; @want_len: its
 * expected length (0: any); @quote: the datagram it must quote (or NULL),
 * @qlen: how much of it
 *
 * Return: NULL if so, else what is wrong.
 */
static const char *check_icmp6_out(const uint8_t *p, size_t len, uint8_t type, uint8_t code,
				   size_t want_len, const uint8_t *quote, size_t qlen)
{
	if (len < V6_HDR + 8)
		return "nothing (or too little) sent";
	if (p[0] >> 4 != 6 || ik_get16(p + 4) != len - V6_HDR)
		return "not an IPv6 datagram of the length sent";
	if (p[6] != 58 || memcmp(p + 8, A6_A, 16) || memcmp(p + 24, A6_B, 16))
		return "not ICMPv6 from 2001:db8::1 to 2001:db8::2";
	if (p[V6_HDR] != type || p[V6_HDR + 1] != code)
		return "wrong ICMPv6 type or code";
	if (ref_fold(ref_sum(p + V6_HDR, len - V6_HDR, sum6_pseudo(p + 8, p + 24, len - V6_HDR, 58))))
		return "ICMPv6 checksum wrong";
	if (want_len && len != want_len)
		return "wrong length";
	if (quote && (len < V6_HDR + 8 + qlen || memcmp(p + V6_HDR + 8, quote, qlen)))
		return "the quote is not the offending datagram";
	return NULL;
}

/**
 * check_fwd_out() - is @out the forwarded copy of @in, field by field: TTL
 * one less, the header checksum the reference sum gives the new header,
 * every other octet of header and payload as it came in, sent out of
 * interface FWD_IF to the destination itself (on-link) as next hop
 * (RFC 1812 5.2.1, 5.3.1, 4.2.2.5)
 * @in/@in_len: the datagram fed; @out/@out_len: what went out;
 * @ifindex/@next_hop: where it went
 *
 * Return: NULL, or what is wrong.
 */
static const char *check_fwd_out(const uint8_t *in, size_t in_len, const uint8_t *out,
				 size_t out_len, unsigned ifindex, uint32_t next_hop)
{
	static const struct {
		const char *name;
		unsigned off, len;
	} same[] = {
		{ "version/IHL", 0, 1 }, { "TOS", 1, 1 }, { "total length", 2, 2 },
		{ "identification", 4, 2 }, { "flags/fragment offset", 6, 2 },
		{ "protocol", 9, 1 }, { "source address", 12, 4 },
		{ "destination address", 16, 4 },
	};
	static char why[96];
	uint8_t h[20];

	if (!out_len)
		return "nothing was forwarded";
	if (out_len != in_len)
		return "the forwarded datagram's length differs from the one received";
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++)
		if (memcmp(in + same[i].off, out + same[i].off, same[i].len)) {
			snprintf(why, sizeof(why), "header field %s changed", same[i].name);
			return why;
		}
	if (out[8] != in[8] - 1)
		return "TTL not decremented by exactly one";
	memcpy(h, in, 20);
	h[8] = (uint8_t)(in[8] - 1);
	ik_put16(h + 10, 0);
	if (ik_get16(out + 10) != ref_fold(ref_sum(h, 20, 0)) || ref_fold(ref_sum(out, 20, 0)))
		return "header checksum is not the reference sum of the new header";
	if (memcmp(in + 20, out + 20, in_len - 20))
		return "payload changed";
	if (ifindex != FWD_IF)
		return "not sent out of eth1 (the route's interface)";
	if (next_hop != ik_get32(in + 16))
		return "next hop is not the on-link destination 198.51.100.20";
	return NULL;
}

/* ---- one case: a stack, a datagram, settings ---- */

/**
 * struct bcase - one measured case
 * @name:      row label
 * @pkt/@len:  the datagram fed
 * @expect_rc: what ik_stack_input() must return
 * @out:       datagrams sent per packet (1 or 0), or -1: not checked
 * @recv:      a bound socket on OPEN_PORT, read once per packet
 * @step:      virtual clock advance per packet (ns)
 * @set/@val:  settings (ik_stack_set) applied, NULL-terminated
 * @chk_type/@chk_code/@chk_len/@chk_quote: what the first reply must be
 *             (chk_len 0: no reply expected)
 * @chk_echo:  the reply must carry the request's identifier, sequence, data
 * @chk_rst:   the reply must be the SYN's reset (check_rst_out())
 * @fwd:       a second interface (eth1 198.51.100.1/24), and the datagram
 *             must be forwarded out of it (check_fwd_out())
 * @peer:      lwIP is measured on the same datagram
 * @peer_out:  datagrams lwIP must send per packet
 * @peer_rx:   datagrams lwIP's UDP callback must get per packet
 * @v6:        an IPv6 case: the stack also holds 2001:db8::1/64 on eth0,
 *             and the reply is checked as ICMPv6 (check_icmp6_out())
 * @chk_qlen:  octets of the datagram the quote must hold (0: all of it)
 */
struct bcase {
	const char *name;
	const uint8_t *pkt;
	size_t len;
	int expect_rc;
	int out;
	bool recv;
	uint64_t step;
	const char *set[4];
	long val[4];
	uint8_t chk_type, chk_code;
	size_t chk_len;
	bool chk_quote;
	bool chk_echo;
	bool chk_rst;
	bool fwd;
	bool peer;
	int peer_out, peer_rx;
	bool v6;
	size_t chk_qlen;
};

/** struct ikrun - a case's stack while it is measured */
struct ikrun {
	const struct bcase *c;
	struct ik_stack *s;
	struct dev dev;
	int fd;
	uint64_t now;
	uint64_t bad; /* packets whose result was not the expected one */
};

/**
 * ik_open() - create the stack of a case: eth0 192.0.2.1/24 (and eth1
 * 198.51.100.1/24 for forwarding), settings, the bound socket
 * @r: run state (r->c set)
 *
 * Return: 0, or -1 (reported).
 */
static int ik_open(struct ikrun *r)
{
	struct ik_stack_config cfg = { .seed = 42 };

	r->s = ik_stack_new(&cfg, &dev_ops, &r->dev);
	r->fd = -1;
	r->now = 1000000000ull;
	if (!r->s || ik_stack_add_iface(r->s, "eth0", ADDR_A, 24, 1500) != 1) {
		fail(r->c->name, "cannot create the stack");
		return -1;
	}
	if (r->c->v6 && ik_stack_add_addr6(r->s, 1, A6_A, 64)) {
		fail(r->c->name, "cannot add 2001:db8::1/64");
		return -1;
	}
	if (r->c->fwd && ik_stack_add_iface(r->s, "eth1", ADDR_A2, 24, 1500) != FWD_IF) {
		fail(r->c->name, "cannot add eth1");
		return -1;
	}
	for (int i = 0; i < 4 && r->c->set[i]; i++)
		if (ik_stack_set(r->s, r->c->set[i], r->c->val[i])) {
			fail(r->c->name, "ik_stack_set refused a setting");
			return -1;
		}
	if (r->c->recv) {
		r->fd = ik_sock_open(r->s, IK_SOCK_UDP, 0);
		if (r->fd < 0 || ik_sock_bind(r->s, r->fd, 0, OPEN_PORT)) {
			fail(r->c->name, "cannot bind the UDP socket");
			return -1;
		}
	}
	return 0;
}

/**
 * ik_loop() - feed the case's datagram @iters times
 * @ctx:   struct ikrun
 * @iters: packets
 *
 * The return codes are compared (a compare and an add per packet) so a
 * wrong path is noticed, not timed.
 *
 * Return: elapsed nanoseconds.
 */
static uint64_t ik_loop(void *ctx, uint64_t iters)
{
	struct ikrun *r = ctx;
	struct ik_stack *s = r->s;
	const uint8_t *pkt = r->c->pkt;
	size_t len = r->c->len;
	int expect = r->c->expect_rc, fd = r->fd;
	uint64_t step = r->c->step, now = r->now, bad = 0, t0;
	uint8_t buf[2048];

	t0 = now_ns();
	if (fd >= 0) {
		for (uint64_t i = 0; i < iters; i++) {
			now += step;
			bad += ik_stack_input(s, 1, pkt, len, 0, now) != expect;
			bad += ik_sock_recvfrom(s, fd, buf, sizeof(buf), NULL, NULL) != UDP_DATA;
		}
	} else {
		for (uint64_t i = 0; i < iters; i++) {
			now += step;
			bad += ik_stack_input(s, 1, pkt, len, 0, now) != expect;
		}
	}
	t0 = now_ns() - t0;
	r->now = now;
	r->bad += bad;
	return t0;
}

/**
 * ik_first() - feed one packet with the device capturing, check the reply
 * @r: run state
 *
 * Return: 0, or -1 (reported).
 */
static int ik_first(struct ikrun *r)
{
	const struct bcase *c = r->c;
	const char *why = NULL;
	uint64_t sent = r->dev.sent;
	size_t eo = c->v6 ? V6_HDR + 4 : 24; /* the echo's Identifier */
	size_t ql = c->chk_qlen ? c->chk_qlen : c->len;

	r->dev.capture = true;
	r->dev.last_len = 0;
	if (c->recv) { /* the datagram's data must come out of recvfrom */
		uint8_t buf[2048];
		uint32_t from = 0;
		uint16_t port = 0;

		r->now += c->step;
		if (ik_stack_input(r->s, 1, c->pkt, c->len, 0, r->now) != c->expect_rc ||
		    ik_sock_recvfrom(r->s, r->fd, buf, sizeof(buf), &from, &port) != UDP_DATA ||
		    memcmp(buf, c->pkt + 28, UDP_DATA) || from != ADDR_B ||
		    port != ik_get16(c->pkt + 20))
			r->bad++;
	} else {
		ik_loop(r, 1);
	}
	r->dev.capture = false;
	if (r->bad && c->fwd && !r->dev.last_len)
		why = "nothing forwarded (ik_stack_input() refused the datagram: ip_forward=1 is "
		      "not implemented in this build?)";
	else if (r->bad)
		why = "ik_stack_input() or recvfrom returned an unexpected value";
	else if (c->chk_echo && (r->dev.last_len != c->len ||
				 memcmp(r->dev.last + eo, c->pkt + eo, c->len - eo)))
		why = "the echo reply does not carry the request's identifier, sequence and data";
	else if (c->v6 && c->chk_len)
		why = check_icmp6_out(r->dev.last, r->dev.last_len, c->chk_type, c->chk_code,
				      c->chk_len, c->chk_quote ? c->pkt : NULL,
				      c->chk_quote ? ql : 0);
	else if (c->chk_rst)
		why = check_rst_out(r->dev.last, r->dev.last_len);
	else if (c->fwd)
		why = check_fwd_out(c->pkt, c->len, r->dev.last, r->dev.last_len, r->dev.last_if,
				    r->dev.last_hop);
	else if (c->chk_len)
		why = check_icmp_out(r->dev.last, r->dev.last_len, c->chk_type, c->chk_code,
				     c->chk_len, c->chk_quote ? c->pkt : NULL,
				     c->chk_quote ? ql : 0);
	else if (c->out == 0 && r->dev.sent != sent)
		why = "a datagram was sent where none should be";
	if (why) {
		fail(c->name, why);
		return -1;
	}
	return 0;
}

/** struct lwrun - lwIP on a case's datagram */
struct lwrun {
	const struct bcase *c;
	enum bl_pbuf mode;
	uint64_t fails;
};

/**
 * lw_loop() - feed the case's datagram to lwIP @iters times
 * @ctx: struct lwrun; @iters: packets
 *
 * Return: elapsed nanoseconds.
 */
static uint64_t lw_loop(void *ctx, uint64_t iters)
{
	struct lwrun *r = ctx;
	uint64_t t0 = now_ns();

	r->fails += bl_feed(r->c->pkt, r->c->len, iters, r->mode);
	return now_ns() - t0;
}

/**
 * lw_first() - feed one packet to lwIP capturing, check what it did
 * @c: case; @mode: the pbuf type to feed it in
 *
 * Return: 0, or -1 (reported: the peer's figure is then not used).
 */
static int lw_first(const struct bcase *c, enum bl_pbuf mode)
{
	uint64_t out = bl_out_count(), rx = bl_rx_count();
	const uint8_t *p;
	const char *why = NULL;
	size_t len;

	bl_capture(true);
	bl_feed(c->pkt, c->len, 1, mode);
	bl_capture(false);
	p = bl_last_out(&len);
	if (c->fwd && bl_out_count() == out) {
		static bool said;

		if (!said)
			printf("peer lwIP: forwarding not available: ip4_input() of a datagram for "
			       "another host forwarded nothing (this lwIP: %s)\n", bl_describe());
		said = true;
		return -1;
	}
	if (bl_out_count() - out != (uint64_t)c->peer_out || bl_rx_count() - rx != (uint64_t)c->peer_rx)
		why = "did not send / deliver what was expected";
	else if (c->fwd) {
		unsigned ifx;
		uint32_t hop;

		bl_last_route(&ifx, &hop);
		why = check_fwd_out(c->pkt, c->len, p, len, ifx, hop);
	} else if (c->peer_out && c->chk_rst)
		why = check_rst_out(p, len);
	else if (c->peer_out && c->v6)
		why = check_icmp6_out(p, len, c->chk_type, c->chk_code, 0, NULL, 0);
	else if (c->peer_out)
		why = check_icmp_out(p, len, c->chk_type, c->chk_code, 0, NULL, 0);
	if (why) {
		printf("peer lwIP: %s: %s; its figure is left out\n", c->name, why);
		return -1;
	}
	return 0;
}

/** struct runner - something timed: a loop and its best figure */
struct runner {
	uint64_t (*run)(void *ctx, uint64_t iters);
	void *ctx;
	uint64_t iters;  /* packets per timed run */
	bool ik;         /* icmpkit: its allocations must be 0 */
	double best;     /* ns per packet */
	uint64_t allocs; /* allocations during all its runs */
	uint64_t pkts;   /* packets in all its runs */
};

/**
 * measure() - warm up, then the best of t->reps runs, the runners in turns
 * @rs: runners; @n: how many; @t: timing
 */
static void measure(struct runner *rs, size_t n, const struct tcfg *t)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t a0 = bench_alloc_count();
		uint64_t w = rs[i].iters < t->warm ? rs[i].iters : t->warm;

		rs[i].run(rs[i].ctx, w);
		rs[i].allocs = bench_alloc_count() - a0;
		rs[i].pkts = w;
		rs[i].best = 1e300;
	}
	for (int k = 0; k < t->reps; k++) {
		for (size_t i = 0; i < n; i++) {
			uint64_t a0 = bench_alloc_count();
			uint64_t ns = rs[i].run(rs[i].ctx, rs[i].iters);
			double x = (double)ns / (double)rs[i].iters;

			rs[i].allocs += bench_alloc_count() - a0;
			rs[i].pkts += rs[i].iters;
			if (x < rs[i].best)
				rs[i].best = x;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (rs[i].ik) {
			ik_allocs += rs[i].allocs;
			ik_pkts += rs[i].pkts;
		}
}

/** struct result - one table row */
struct result {
	double ik;        /* ns per packet */
	double lw_pool;   /* lwIP, PBUF_POOL (0: not measured) */
	double lw_ram;    /* lwIP, PBUF_RAM */
	double ik_apkt;   /* allocations per packet */
	double lw_apkt;
};

/**
 * lw_best() - the peer's better figure (the ratio favours the peer)
 * @r: row
 *
 * Return: ns, or 0 when not measured.
 */
static double lw_best(const struct result *r)
{
	if (r->lw_pool > 0 && r->lw_ram > 0)
		return r->lw_pool < r->lw_ram ? r->lw_pool : r->lw_ram;
	return r->lw_pool > 0 ? r->lw_pool : r->lw_ram;
}

/**
 * print_cells() - one row of the table, without its end of line
 * @name: label; @r: figures
 */
static void print_cells(const char *name, const struct result *r)
{
	double lw = lw_best(r);

	if (r->ik > 0)
		printf("%-44s %8.1f", name, r->ik);
	else
		printf("%-44s %8s", name, "-");
	if (r->lw_pool > 0)
		printf(" %9.1f", r->lw_pool);
	else
		printf(" %9s", "-");
	if (r->lw_ram > 0)
		printf(" %9.1f", r->lw_ram);
	else
		printf(" %9s", "-");
	if (lw > 0 && r->ik > 0)
		printf(" %8.2f", lw / r->ik);
	else
		printf(" %8s", "-");
	if (!bench_alloc_counted())
		printf("   not counted");
	else {
		if (r->ik > 0)
			printf("   %4.2f", r->ik_apkt);
		else
			printf("   %4s", "-");
		if (lw > 0)
			printf(" / %4.2f", r->lw_apkt);
	}
}

/**
 * print_row() - one row of the table
 * @name: label; @r: figures
 */
static void print_row(const char *name, const struct result *r)
{
	print_cells(name, r);
	printf("\n");
	fflush(stdout);
}

/**
 * struct prep - one case made ready to be measured (prep_case()), its
 * runners' places in the series measure() runs
 * @c:      the case
 * @ir:     icmpkit's stack
 * @lp/@lr: lwIP with PBUF_POOL / PBUF_RAM pbufs
 * @ik_ok:  icmpkit's first packet was right: it is timed
 * @peer:   lwIP's first packet was right: it is timed
 * @pool:   lwIP's PBUF_POOL is timed too
 * @sent0:  the device's count before the timed runs
 * @ik_at, @lp_at, @lr_at: indices of the runners (-1: none)
 */
struct prep {
	const struct bcase *c;
	struct ikrun ir;
	struct lwrun lp, lr;
	bool ik_ok, peer, pool;
	uint64_t sent0;
	int ik_at, lp_at, lr_at;
};

/**
 * prep_case() - open a case's stack, check its first packet on icmpkit
 * and on lwIP, and add the runners to time to @rs
 * @p: state out; @c: case; @t: timing; @peer: lwIP is usable; @rs: the
 * series; @n: runners in it (updated)
 */
static void prep_case(struct prep *p, const struct bcase *c, const struct tcfg *t, bool peer,
		      struct runner *rs, size_t *n)
{
	memset(p, 0, sizeof(*p));
	p->c = c;
	p->ir.c = c;
	p->lp = (struct lwrun){ .c = c, .mode = BL_PBUF_POOL };
	p->lr = (struct lwrun){ .c = c, .mode = BL_PBUF_RAM };
	p->ik_at = p->lp_at = p->lr_at = -1;
	p->ik_ok = ik_open(&p->ir) == 0 && ik_first(&p->ir) == 0;
	p->sent0 = p->ir.dev.sent;
	if (p->ik_ok) {
		p->ik_at = (int)*n;
		rs[(*n)++] = (struct runner){ .run = ik_loop, .ctx = &p->ir, .iters = t->iters,
					      .ik = true };
	}
	p->pool = peer && c->peer && bl_pool_fits(c->len);
	if (peer && c->peer && !p->pool)
		printf("peer lwIP: %s: PBUF_POOL not measured: this liblwip's pool pbufs are "
		       "smaller than pbuf_alloc() fills them (a %zu-octet datagram would overrun "
		       "the heap)\n", c->name, c->len);
	p->peer = peer && c->peer && lw_first(c, p->pool ? BL_PBUF_POOL : BL_PBUF_RAM) == 0;
	if (p->peer) {
		if (p->pool) {
			p->lp_at = (int)*n;
			rs[(*n)++] = (struct runner){ .run = lw_loop, .ctx = &p->lp,
						      .iters = t->iters };
		}
		p->lr_at = (int)*n;
		rs[(*n)++] = (struct runner){ .run = lw_loop, .ctx = &p->lr, .iters = t->iters };
	}
}

/**
 * lw_expected() - what lwIP's counters must have grown by in a case's
 * timed runs
 * @p: the case; @rs: the series; @out/@rx: added to
 */
static void lw_expected(const struct prep *p, const struct runner *rs, uint64_t *out,
			uint64_t *rx)
{
	uint64_t pk = (p->lp_at >= 0 ? rs[p->lp_at].pkts : 0) + (p->lr_at >= 0 ? rs[p->lr_at].pkts : 0);

	*out += pk * (uint64_t)p->c->peer_out;
	*rx += pk * (uint64_t)p->c->peer_rx;
}

/**
 * finish_case() - check a measured case's counts, fill its figures, free
 * its stack
 * @p: the case; @rs: the series; @lw_ok: lwIP's counters grew as every
 * case of the series says they must; @res: figures out
 */
static void finish_case(struct prep *p, const struct runner *rs, bool lw_ok, struct result *res)
{
	const struct bcase *c = p->c;

	memset(res, 0, sizeof(*res));
	if (p->ik_ok) {
		const struct runner *r = &rs[p->ik_at];

		if (p->ir.bad)
			fail(c->name, "ik_stack_input() or recvfrom returned an unexpected value");
		if (c->out >= 0 && p->ir.dev.sent - p->sent0 != r->pkts * (uint64_t)c->out)
			fail(c->name, "the device did not see one reply per packet");
		res->ik = r->best;
		res->ik_apkt = (double)r->allocs / (double)r->pkts;
	}
	if (p->peer) {
		const struct runner *rp = p->lp_at >= 0 ? &rs[p->lp_at] : NULL;
		const struct runner *rr = &rs[p->lr_at];
		uint64_t pk = (rp ? rp->pkts : 0) + rr->pkts;

		if (p->lp.fails || p->lr.fails || !lw_ok) {
			printf("peer lwIP: %s: counts wrong in the timed runs; figure left out\n",
			       c->name);
		} else {
			res->lw_pool = rp ? rp->best : 0;
			res->lw_ram = rr->best;
			res->lw_apkt = (double)((rp ? rp->allocs : 0) + rr->allocs) / (double)pk;
		}
	}
	if (p->ik_ok && c->out < 0) {
		const struct ik_mib *m = ik_stack_mib(p->ir.s);

		printf("  (%s: %llu Port Unreachable sent, %llu refused per destination, "
		       "%llu refused globally)\n",
		       c->name, (unsigned long long)m->c[IK_MIB_ICMP_OutDestUnreachs],
		       (unsigned long long)m->c[IK_MIB_ICMP_OutRateLimitHost],
		       (unsigned long long)m->c[IK_MIB_ICMP_OutRateLimitGlobal]);
	}
	ik_stack_free(p->ir.s);
	p->ir.s = NULL;
}

#define GROUP_MAX 4 /* cases measured in one series by run_group() */

/**
 * run_group() - measure @n cases in one alternating series, icmpkit and
 * lwIP, each case's runners beside the others', so load from elsewhere on
 * the machine hits them all alike (a ratio between two of them is a
 * same-run ratio)
 * @c: cases; @n: how many (1..GROUP_MAX); @t: timing; @peer: lwIP is usable;
 * @res: figures out, one per case
 *
 * When icmpkit's first packet is wrong (reported as FAIL) it is not timed,
 * but lwIP still is, so the row shows the figure to beat.
 */
static void run_group(const struct bcase *c, size_t n, const struct tcfg *t, bool peer,
		      struct result *res)
{
	struct prep p[GROUP_MAX];
	struct runner rs[3 * GROUP_MAX];
	uint64_t out0, rx0, want_out = 0, want_rx = 0;
	size_t nr = 0;
	bool lw_ok;

	for (size_t i = 0; i < n; i++)
		prep_case(&p[i], &c[i], t, peer, rs, &nr);
	out0 = bl_out_count();
	rx0 = bl_rx_count();
	if (nr)
		measure(rs, nr, t);
	for (size_t i = 0; i < n; i++)
		lw_expected(&p[i], rs, &want_out, &want_rx);
	lw_ok = bl_out_count() - out0 == want_out && bl_rx_count() - rx0 == want_rx;
	for (size_t i = 0; i < n; i++)
		finish_case(&p[i], rs, lw_ok, &res[i]);
}

/**
 * run_case() - measure one case on icmpkit (and lwIP), check the counts
 * @c: case; @t: timing; @peer: lwIP is usable; @res: figures out
 */
static void run_case(const struct bcase *c, const struct tcfg *t, bool peer, struct result *res)
{
	run_group(c, 1, t, peer, res);
}

/* ---- IPv6 beside IPv4 ---- */

#define V6_SIZES 2
#define V6_ROWS  (4 * V6_SIZES)

/**
 * run_v6() - the IPv6 group: Echo Request -> Reply and UDP to a closed
 * port -> Destination Unreachable, over IPv4 (Port Unreachable, 3/3) and
 * over IPv6 (Type 1 Code 4), datagrams of 64 and of 1500 octets; each
 * work's IPv4 and IPv6 cases, icmpkit and lwIP, in one alternating series
 * @t: timing; @peer: lwIP is usable with an IPv6 address; @res: figures
 * out, by work (echo, unreach), size, then family: [4 * size + 2 * work +
 * (v6 ? 1 : 0)]
 */
static void run_v6(const struct tcfg *t, bool peer, struct result res[V6_ROWS])
{
	static uint8_t pkt[V6_ROWS][1500];
	static const size_t size[V6_SIZES] = { 64, 1500 };
	static char name[V6_ROWS][48];
	bool any = false;

	for (int i = 0; i < V6_ROWS; i++) {
		static const char *const what[2] = { "echo request -> reply", "port unreachable" };

		memset(&res[i], 0, sizeof(res[i]));
		snprintf(name[i], sizeof(name[i]), "IPv%d %s, %zu octets", i & 1 ? 6 : 4,
			 what[(i >> 1) & 1], size[i >> 2]);
		any |= !t->only || strstr(name[i], t->only);
	}
	if (!any)
		return;
	printf("\nIPv6 beside IPv4: eth0 192.0.2.1/24 and 2001:db8::1/64, the sender 192.0.2.2 / "
	       "2001:db8::2;\nthe same work over each family in datagrams of the same size, "
	       "each IPv4/IPv6 pair and lwIP\n(ip4_input() / ip6_input(), output through its "
	       "netif's output / output_ip6) in one\nalternating series; v6/v4 = icmpkit IPv6 ns "
	       "over icmpkit IPv4 ns\n");
	printf("%-44s %8s %9s %9s %8s   %-16s %s\n", "case", "icmpkit", "lwIP", "lwIP", "lwIP/",
	       "allocs/packet", "v6/v4");
	printf("%-44s %8s %9s %9s %8s   %-16s\n", "", "ns", "POOL ns", "RAM ns", "icmpkit",
	       "icmpkit / lwIP");
	for (int z = 0; z < V6_SIZES; z++) {
		for (int w = 0; w < 2; w++) {
			int i4 = 4 * z + 2 * w, i6 = i4 + 1;
			size_t l = size[z];
			struct bcase c[2];

			if (t->only && !strstr(name[i4], t->only) && !strstr(name[i6], t->only))
				continue;
			memset(c, 0, sizeof(c));
			c[0] = (struct bcase){ .name = name[i4], .pkt = pkt[i4], .out = 1,
					       .peer = true, .peer_out = 1 };
			c[1] = (struct bcase){ .name = name[i6], .pkt = pkt[i6], .out = 1,
					       .peer = true, .peer_out = 1, .v6 = true };
			if (w == 0) {
				c[0].len = build_echo(pkt[i4], ADDR_B, ADDR_A, l - 28);
				c[1].len = build_echo6(pkt[i6], A6_B, A6_A, l - V6_HDR - 8);
				c[0].step = c[1].step = 1000;
				c[0].chk_type = 0;
				c[1].chk_type = 129;
				c[0].chk_len = c[1].chk_len = l;
				c[0].chk_echo = c[1].chk_echo = true;
			} else {
				/* both buckets consulted and never refusing, as the
				 * "all rules, never refused" row above */
				c[0].len = build_udp(pkt[i4], ADDR_B, ADDR_A, 40000, SHUT_PORT, l - 28);
				c[1].len = build_udp6(pkt[i6], A6_B, A6_A, 40000, SHUT_PORT,
						      l - V6_HDR - 8);
				c[0].step = c[1].step = 1000000;
				c[0].set[0] = "icmp_ratelimit";
				c[1].set[0] = "icmpv6_ratelimit";
				for (int k = 0; k < 2; k++) {
					c[k].val[0] = 1;
					c[k].set[1] = "icmp_msgs_per_sec";
					c[k].set[2] = "icmp_msgs_burst";
					c[k].val[1] = c[k].val[2] = 2147483647L;
					c[k].chk_quote = true;
				}
				c[0].chk_type = 3;
				c[0].chk_code = 3;
				c[0].chk_len = 28 + l < V4_QUOTE ? 28 + l : V4_QUOTE;
				c[0].chk_qlen = c[0].chk_len - 28;
				c[1].chk_type = 1;
				c[1].chk_code = 4;
				c[1].chk_len = V6_HDR + 8 + l < V6_QUOTE ? V6_HDR + 8 + l : V6_QUOTE;
				c[1].chk_qlen = c[1].chk_len - V6_HDR - 8;
			}
			run_group(c, 2, t, peer, &res[i4]);
			print_row(name[i4], &res[i4]);
			print_cells(name[i6], &res[i6]);
			if (res[i4].ik > 0 && res[i6].ik > 0)
				printf("   %5.2f", res[i6].ik / res[i4].ik);
			printf("\n");
			fflush(stdout);
		}
	}
	printf("(the quote: IPv4 as much as fits in 576 octets, IPv6 in 1280 (RFC 4443 2.4(c)); "
	       "lwIP quotes 28 / 48 octets, no rate limit)\n");
}

/* ---- UDP demultiplexing with many sockets ---- */

/**
 * xorshift() - the benchmark's PRNG
 * @s: state
 *
 * Return: next value.
 */
static uint64_t xorshift(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/**
 * shuffle() - a random permutation of 0..@n-1
 * @order: output; @n: size; @seed: PRNG seed
 */
static void shuffle(uint32_t *order, uint32_t n, uint64_t seed)
{
	for (uint32_t i = 0; i < n; i++)
		order[i] = i;
	for (uint32_t i = n - 1; i > 0; i--) {
		uint32_t j = (uint32_t)(xorshift(&seed) % (i + 1));
		uint32_t x = order[i];

		order[i] = order[j];
		order[j] = x;
	}
}

/**
 * struct demux - a stack with @nsock bound sockets and DM_PKTS datagrams
 * @slots: datagrams, DM_STRIDE apart: 36 octets, then at +40 the socket it
 *         must reach (int32) and at +44 its arrival interface (uint16)
 * @order: random permutation of the datagrams
 */
struct demux {
	struct ik_stack *s;
	struct dev dev;
	unsigned nsock;
	uint8_t *slots;
	uint32_t *order;
	uint64_t now;
	uint64_t bad;
};

/**
 * dm_open() - the stack, its sockets and the datagrams
 * @d: state (nsock set)
 * @order: the shared random order
 *
 * Socket k is bound to 192.0.2.1 (k even) or 198.51.100.1 (k odd), port
 * 1024 + k/2: ports are per address, so 100,000 sockets need two. Datagram
 * i goes to socket i % nsock, from a source port of its own.
 *
 * Return: 0, or -1 (reported).
 */
static int dm_open(struct demux *d, uint32_t *order)
{
	struct ik_stack_config cfg = {
		.max_socks = DM_PKTS + 16, .sock_rcvbuf = 2048, .sock_errq = 1, .seed = 7,
	};
	int *fds;

	d->s = ik_stack_new(&cfg, &dev_ops, &d->dev);
	d->order = order;
	d->now = 1000000000ull;
	d->slots = aligned_alloc(64, (size_t)DM_PKTS * DM_STRIDE);
	fds = malloc(d->nsock * sizeof(*fds));
	if (!d->s || !d->slots || !fds || ik_stack_add_iface(d->s, "eth0", ADDR_A, 24, 1500) != 1 ||
	    ik_stack_add_iface(d->s, "eth1", ADDR_A2, 24, 1500) != 2) {
		fail("demux", "cannot create the stack");
		free(fds);
		return -1;
	}
	for (unsigned k = 0; k < d->nsock; k++) {
		fds[k] = ik_sock_open(d->s, IK_SOCK_UDP, 0);
		if (fds[k] < 0 || ik_sock_bind(d->s, fds[k], k & 1 ? ADDR_A2 : ADDR_A,
					       (uint16_t)(PORT_BASE + k / 2))) {
			fail("demux", "cannot open and bind the sockets");
			free(fds);
			return -1;
		}
	}
	memset(d->slots, 0, (size_t)DM_PKTS * DM_STRIDE);
	for (uint32_t i = 0; i < DM_PKTS; i++) {
		uint8_t *b = d->slots + (size_t)i * DM_STRIDE;
		unsigned k = i % d->nsock;
		int32_t fd = fds[k];
		uint16_t ifx = k & 1 ? 2 : 1;

		build_udp(b, ADDR_B, k & 1 ? ADDR_A2 : ADDR_A, (uint16_t)(20000 + i % 40000),
			  (uint16_t)(PORT_BASE + k / 2), DM_DATA);
		memcpy(b + 40, &fd, sizeof(fd));
		memcpy(b + 44, &ifx, sizeof(ifx));
	}
	free(fds);
	return 0;
}

/**
 * dm_close() - free the stack and the datagrams
 * @d: state
 */
static void dm_close(struct demux *d)
{
	ik_stack_free(d->s);
	free(d->slots);
	d->s = NULL;
	d->slots = NULL;
}

/**
 * dm_loop() - feed datagrams in the random order, recvfrom each from the
 * socket it must have reached
 * @ctx: struct demux; @iters: packets
 *
 * Return: elapsed nanoseconds.
 */
static uint64_t dm_loop(void *ctx, uint64_t iters)
{
	struct demux *d = ctx;
	struct ik_stack *s = d->s;
	const uint32_t *order = d->order;
	uint64_t now = d->now, bad = 0, t0;
	uint8_t buf[64];
	uint32_t j = 0;

	t0 = now_ns();
	for (uint64_t i = 0; i < iters; i++) {
		const uint8_t *b = d->slots + (size_t)order[j] * DM_STRIDE;
		int32_t fd;
		uint16_t ifx;

		__builtin_prefetch(d->slots + (size_t)order[(j + DM_AHEAD) % DM_PKTS] * DM_STRIDE);

		memcpy(&fd, b + 40, sizeof(fd));
		memcpy(&ifx, b + 44, sizeof(ifx));
		now += 1000;
		bad += ik_stack_input(s, ifx, b, 20 + 8 + DM_DATA, 0, now) != 0;
		bad += ik_sock_recvfrom(s, fd, buf, sizeof(buf), NULL, NULL) != DM_DATA;
		if (++j == DM_PKTS)
			j = 0;
	}
	t0 = now_ns() - t0;
	d->now = now;
	d->bad += bad;
	return t0;
}

/**
 * struct dm_queue - one interface's receive batch being filled
 * @p:  the datagrams
 * @fd: the socket each must reach
 * @n:  how many
 */
struct dm_queue {
	struct ik_pkt p[DM_BATCH];
	int32_t fd[DM_BATCH];
	unsigned n;
};

/**
 * dm_flush() - hand a queue's batch to the stack, recvfrom each datagram
 * from the socket it must have reached
 * @d: state; @q: queue; @ifx: its interface; @now: time
 *
 * Return: wrong results.
 */
static uint64_t dm_flush(struct demux *d, struct dm_queue *q, unsigned ifx, uint64_t now)
{
	uint8_t buf[64];
	uint64_t bad = 0;

	if (!q->n)
		return 0;
	bad += ik_stack_input_batch(d->s, ifx, q->p, q->n, now) != (int)q->n;
	for (unsigned k = 0; k < q->n; k++)
		bad += ik_sock_recvfrom(d->s, q->fd[k], buf, sizeof(buf), NULL, NULL) != DM_DATA;
	q->n = 0;
	return bad;
}

/**
 * dm_batch_loop() - the same datagrams in the same order through
 * ik_stack_input_batch(), as a driver with one receive queue per
 * interface: each datagram joins its interface's batch, a full batch
 * (DM_BATCH) is handed over in one call, then every datagram of it is read
 * with one recvfrom, as in dm_loop()
 * @ctx: struct demux; @iters: packets (what is left in the queues at the
 * end is handed over too)
 *
 * Return: elapsed nanoseconds.
 */
static uint64_t dm_batch_loop(void *ctx, uint64_t iters)
{
	struct demux *d = ctx;
	const uint32_t *order = d->order;
	struct dm_queue q[2];
	uint64_t now = d->now, bad = 0, t0;
	uint32_t j = 0;

	q[0].n = q[1].n = 0;
	t0 = now_ns();
	for (uint64_t i = 0; i < iters; i++) {
		const uint8_t *b = d->slots + (size_t)order[j] * DM_STRIDE;
		struct dm_queue *qq;
		int32_t fd;
		uint16_t ifx;

		__builtin_prefetch(d->slots + (size_t)order[(j + DM_AHEAD_B) % DM_PKTS] * DM_STRIDE);

		memcpy(&fd, b + 40, sizeof(fd));
		memcpy(&ifx, b + 44, sizeof(ifx));
		qq = &q[ifx - 1];
		qq->p[qq->n] = (struct ik_pkt){ .bytes = b, .len = 20 + 8 + DM_DATA, .flags = 0 };
		qq->fd[qq->n++] = fd;
		if (qq->n == DM_BATCH) {
			now += 1000 * DM_BATCH;
			bad += dm_flush(d, qq, ifx, now);
		}
		if (++j == DM_PKTS)
			j = 0;
	}
	bad += dm_flush(d, &q[0], 1, now);
	bad += dm_flush(d, &q[1], 2, now);
	t0 = now_ns() - t0;
	d->now = now;
	d->bad += bad;
	return t0;
}

/**
 * dm_lookup_loop() - the hash lookup alone (ik_udp_lookup) on the same
 * datagrams in the same order
 * @ctx: struct demux; @iters: lookups
 *
 * Return: elapsed nanoseconds.
 */
static uint64_t dm_lookup_loop(void *ctx, uint64_t iters)
{
	struct demux *d = ctx;
	const struct ik_sock_tab *st = d->s->socks;
	const uint32_t *order = d->order;
	uint64_t bad = 0, t0;
	uint32_t j = 0;

	t0 = now_ns();
	for (uint64_t i = 0; i < iters; i++) {
		const uint8_t *b = d->slots + (size_t)order[j] * DM_STRIDE;
		int32_t fd;

		__builtin_prefetch(d->slots + (size_t)order[(j + DM_AHEAD) % DM_PKTS] * DM_STRIDE);
		memcpy(&fd, b + 40, sizeof(fd));
		bad += ik_udp_lookup(st, ik_get32(b + 16), ik_get16(b + 22), ik_get32(b + 12),
				     ik_get16(b + 20), NULL) != fd;
		if (++j == DM_PKTS)
			j = 0;
	}
	t0 = now_ns() - t0;
	d->bad += bad;
	return t0;
}

/** struct lwdemux - lwIP with @nsock pcbs on the same kind of datagrams */
struct lwdemux {
	unsigned nsock;
	uint8_t *slots;
	const uint32_t *order;
	uint64_t fails;
};

/**
 * lwdm_loop() - feed lwIP datagrams in the random order
 * @ctx: struct lwdemux; @iters: packets
 *
 * Return: elapsed nanoseconds.
 */
static uint64_t lwdm_loop(void *ctx, uint64_t iters)
{
	struct lwdemux *d = ctx;
	uint64_t t0 = now_ns();

	d->fails += bl_feed_many(d->slots, 20 + 8 + DM_DATA, DM_STRIDE, d->order, DM_PKTS, iters);
	return now_ns() - t0;
}

/**
 * lw_demux() - lwIP's UDP demultiplexing with @nsock pcbs (one address)
 * @nsock: pcbs; @order: random order; @t: timing
 *
 * Return: ns per packet, or 0 if it could not be measured.
 */
static double lw_demux(unsigned nsock, const uint32_t *order, const struct tcfg *t)
{
	struct lwdemux d = { .nsock = nsock, .order = order };
	struct runner r = { .run = lwdm_loop, .ctx = &d };
	uint64_t rx0;

	d.slots = aligned_alloc(64, (size_t)DM_PKTS * DM_STRIDE);
	if (!d.slots)
		return 0;
	bl_udp_close_all();
	for (unsigned k = 0; k < nsock; k++)
		if (bl_udp_open((uint16_t)(PORT_BASE + k))) {
			bl_udp_close_all();
			free(d.slots);
			return 0;
		}
	for (uint32_t i = 0; i < DM_PKTS; i++)
		build_udp(d.slots + (size_t)i * DM_STRIDE, ADDR_B, ADDR_A,
			  (uint16_t)(20000 + i % 40000), (uint16_t)(PORT_BASE + i % nsock), DM_DATA);
	/* lwIP walks a list of pcbs: keep long runs short */
	r.iters = nsock > 100 ? t->iters / 20 : t->iters;
	rx0 = bl_rx_count();
	measure(&r, 1, t);
	bl_udp_close_all();
	free(d.slots);
	if (d.fails || bl_rx_count() - rx0 != r.pkts) {
		printf("peer lwIP: demux with %u pcbs: not every datagram delivered\n", nsock);
		return 0;
	}
	return r.best;
}

/**
 * run_demux() - demux figures for 1, 1,000 and 100,000 sockets
 * @t: timing; @peer: lwIP is usable; @full/@batch/@lookup: ns per packet
 * out, one datagram per ik_stack_input() call, in batches through
 * ik_stack_input_batch(), and the lookup alone; [0] for 1 socket, [1]
 * 1,000, [2] 100,000
 */
static void run_demux(const struct tcfg *t, bool peer, double full[3], double batch[3],
		      double lookup[3])
{
	static const unsigned counts[3] = { 1, 1000, 100000 };
	uint32_t *order = malloc(DM_PKTS * sizeof(*order));
	double lw[3] = { 0, 0, 0 };
	struct demux d[3];
	struct runner rs[9];
	uint64_t in0[3];

	if (!order) {
		fail("demux", "no memory");
		return;
	}
	shuffle(order, DM_PKTS, 0x9e3779b97f4a7c15ull);
	printf("\nUDP demux: bound sockets over 2 addresses, %u different 36-octet datagrams in "
	       "random order,\none recvfrom per packet in the timed loop; single = one "
	       "ik_stack_input() per datagram,\nbatch = ik_stack_input_batch() of %d per "
	       "interface queue; lookup = ik_udp_lookup() alone\n",
	       DM_PKTS, DM_BATCH);
	printf("%-10s %10s %8s %10s %8s %10s", "sockets", "single ns", "x 1", "batch ns", "x 1",
	       "lookup ns");
	if (peer)
		printf(" %10s", "lwIP ns");
	printf("\n");
	/* the three stacks are measured in one alternating series, so load
	 * from elsewhere on the machine hits every count alike */
	for (int n = 0; n < 3; n++) {
		d[n] = (struct demux){ .nsock = counts[n] };
		full[n] = batch[n] = lookup[n] = 0;
		if (dm_open(&d[n], order)) {
			for (int k = 0; k <= n; k++)
				dm_close(&d[k]);
			free(order);
			return;
		}
		in0[n] = ik_stack_mib(d[n].s)->c[IK_MIB_UDP_InDatagrams];
		rs[3 * n] = (struct runner){ .run = dm_loop, .ctx = &d[n], .iters = t->iters,
					     .ik = true };
		rs[3 * n + 1] = (struct runner){ .run = dm_batch_loop, .ctx = &d[n],
						 .iters = t->iters, .ik = true };
		rs[3 * n + 2] = (struct runner){ .run = dm_lookup_loop, .ctx = &d[n],
						 .iters = t->iters };
	}
	measure(rs, 9, t);
	for (int n = 0; n < 3; n++) {
		const struct ik_mib *m = ik_stack_mib(d[n].s);

		if (d[n].bad ||
		    m->c[IK_MIB_UDP_InDatagrams] - in0[n] != rs[3 * n].pkts + rs[3 * n + 1].pkts ||
		    m->c[IK_MIB_UDP_NoPorts])
			fail("demux", "a datagram did not reach the socket it was sent to");
		full[n] = rs[3 * n].best;
		batch[n] = rs[3 * n + 1].best;
		lookup[n] = rs[3 * n + 2].best;
		dm_close(&d[n]);
		if (peer && counts[n] <= 1000)
			lw[n] = lw_demux(counts[n], order, t);
		printf("%-10u %10.1f %8.2f %10.1f %8.2f %10.1f", counts[n], full[n],
		       full[0] > 0 ? full[n] / full[0] : 0.0, batch[n],
		       batch[0] > 0 ? batch[n] / batch[0] : 0.0, lookup[n]);
		if (peer) {
			if (lw[n] > 0)
				printf(" %10.1f", lw[n]);
			else
				printf(" %10s", counts[n] > 1000 ? "(not run)" : "-");
		}
		printf("\n");
		fflush(stdout);
	}
	if (peer)
		printf("(lwIP keeps UDP pcbs in one list, searched linearly: 100,000 is not run)\n");
	free(order);
}

/* ---- IPv4 forwarding ---- */

#define FWD_SIZES 2

/**
 * run_forward() - the forwarding group: a stack with eth0 192.0.2.1/24 and
 * eth1 198.51.100.1/24, ip_forward=1, and a UDP datagram from 192.0.2.10
 * to 198.51.100.20 arriving on eth0, of 64 and of 1500 octets (eth1's
 * MTU: no fragmenting); lwIP gets a second netif the same way and the same
 * datagrams through ip4_input() on its first, which hands them to its
 * ip4_forward() when it was built with IP_FORWARD
 * @t: timing; @peer: lwIP is usable; @res: figures out, [0] 64 octets,
 * [1] 1500
 */
static void run_forward(const struct tcfg *t, bool peer, struct result res[FWD_SIZES])
{
	static uint8_t pkt[FWD_SIZES][1500];
	static const size_t size[FWD_SIZES] = { 64, 1500 };
	static const char *const name[FWD_SIZES] = {
		"forward UDP, 64 octets, eth0 -> eth1",
		"forward UDP, 1500 octets, eth0 -> eth1",
	};
	bool any = false;

	for (int i = 0; i < FWD_SIZES; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		any |= !t->only || strstr(name[i], t->only);
	}
	if (!any)
		return;

	printf("\nIPv4 forwarding: eth0 192.0.2.1/24, eth1 198.51.100.1/24, ip_forward=1; UDP "
	       "192.0.2.10 -> 198.51.100.20\nin on eth0, out of eth1 (TTL - 1, header checksum "
	       "updated); the first forwarded copy checked\nfield by field, the header checksum "
	       "by the reference sum; ns per forwarded datagram\n");
	if (peer && bl_add_iface(ADDR_A2, 24) != FWD_IF) {
		printf("peer lwIP: forwarding: cannot add a second netif: no ratios\n");
		peer = false;
	}
	printf("%-44s %8s %9s %9s %8s   %s\n", "case", "icmpkit", "lwIP", "lwIP", "lwIP/",
	       "allocs/packet");
	printf("%-44s %8s %9s %9s %8s   %s\n", "", "ns", "POOL ns", "RAM ns", "icmpkit",
	       "icmpkit / lwIP");
	for (int i = 0; i < FWD_SIZES; i++) {
		const struct bcase c = {
			.name = name[i], .pkt = pkt[i],
			.len = build_udp(pkt[i], ADDR_FS, ADDR_FD, 40000, 9, size[i] - 28),
			.out = 1, .step = 1000, .set = { "ip_forward" }, .val = { 1 }, .fwd = true,
			.peer = true, .peer_out = 1,
		};

		if (t->only && !strstr(c.name, t->only))
			continue;
		run_case(&c, t, peer, &res[i]);
		print_row(c.name, &res[i]);
	}
	printf("(lwIP: ip4_input() -> ip4_forward(): its route lookup walks the netif list; "
	       "both copy the datagram once, lwIP into the driver's pbuf, icmpkit into its "
	       "output buffer)\n");
}

/**
 * loadavg() - the first fields of /proc/loadavg
 * @buf: output; @cap: its size
 *
 * Return: @buf ("?" when unreadable).
 */
static char *loadavg(char *buf, size_t cap)
{
	FILE *f = fopen("/proc/loadavg", "r");

	snprintf(buf, cap, "?");
	if (f) {
		if (fgets(buf, (int)cap, f))
			buf[strcspn(buf, "\n")] = 0;
		fclose(f);
	}
	return buf;
}

/**
 * main() - parse --quick, run every case, print the table and the goals
 * @argc/@argv: arguments
 *
 * Return: 0, or 1 on a wrong result or allocations per packet.
 */
int main(int argc, char **argv)
{
	static uint8_t echo[128], bad[128], uopen[128], ushut[128], syn[64];
	struct tcfg t = { .iters = 2000000, .warm = 200000, .reps = 5 };
	bool peer = false, no_peer = false, peer6 = false;
	char la[128];
	double dfull[3], dbatch[3], dlook[3];
	struct result res[7], fwd[FWD_SIZES], r6[V6_ROWS];
	size_t echo_len, uopen_len, ushut_len, syn_len;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick")) {
			t.iters = 100000;
			t.warm = 20000;
			t.reps = 3;
			t.quick = true;
		} else if (!strcmp(argv[i], "--no-peer")) {
			no_peer = true;
		} else if (!strcmp(argv[i], "--only") && i + 1 < argc) {
			t.only = argv[++i];
		} else {
			fprintf(stderr, "usage: %s [--quick] [--only WORD] [--no-peer]\n", argv[0]);
			return 2;
		}
	}

	echo_len = build_echo(echo, ADDR_B, ADDR_A, ECHO_DATA);
	memcpy(bad, echo, echo_len);
	bad[10] ^= 0x5a; /* header checksum off */
	uopen_len = build_udp(uopen, ADDR_B, ADDR_A, 40000, OPEN_PORT, UDP_DATA);
	ushut_len = build_udp(ushut, ADDR_B, ADDR_A, 40000, SHUT_PORT, UDP_DATA);
	syn_len = build_syn(syn, ADDR_B, ADDR_A, 40000, SHUT_PORT);

	printf("bench_stack: ns per packet through ik_stack_input(), device callback only counts\n");
	printf("timing: best of %d runs x %llu packets after a warm-up of %llu, CLOCK_MONOTONIC%s\n",
	       t.reps, (unsigned long long)t.iters, (unsigned long long)t.warm,
	       t.quick ? " (--quick: smoke run, figures rough)" : "");
	printf("load before: %s\n", loadavg(la, sizeof(la)));
	if (no_peer) {
		printf("peer: lwIP left out (--no-peer)\n");
	} else {
		char why[128];

		if (bl_setup(ADDR_A, 24, why, sizeof(why)) || bl_udp_open(OPEN_PORT)) {
			printf("peer: lwIP could not be set up (%s): no ratios\n", why);
		} else {
			peer = true;
			printf("peer: %s\n", bl_describe());
			printf("      per packet: pbuf_alloc(PBUF_LINK, len, POOL or RAM) + copy of the "
			       "datagram + ip4_input(), as a driver; UDP callback copies out and frees\n");
			if (bl_setup6(A6_A, why, sizeof(why)))
				printf("      IPv6: lwIP could not be given 2001:db8::1 (%s): no IPv6 "
				       "ratios\n", why);
			else
				peer6 = true;
		}
	}
	if (!bench_alloc_counted())
		printf("allocations: NOT counted in this build (sanitizer or non-glibc)\n");

	{
		const struct bcase cases[7] = {
			{ .name = "echo request -> reply (84 octets)", .pkt = echo, .len = echo_len,
			  .out = 1, .step = 1000, .chk_type = 0, .chk_code = 0, .chk_len = echo_len,
			  .chk_echo = true, .peer = true, .peer_out = 1 },
			{ .name = "UDP to open port + recvfrom (84 octets)", .pkt = uopen,
			  .len = uopen_len, .out = 0, .recv = true, .step = 1000, .peer = true,
			  .peer_rx = 1 },
			{ .name = "port unreachable, all rules, never refused", .pkt = ushut,
			  .len = ushut_len, .out = 1, .step = 1000000,
			  .set = { "icmp_ratelimit", "icmp_msgs_per_sec", "icmp_msgs_burst" },
			  .val = { 1, 2147483647L, 2147483647L }, .chk_type = 3, .chk_code = 3,
			  .chk_len = 20 + 8 + ushut_len, .chk_quote = true, .peer = true,
			  .peer_out = 1 },
			{ .name = "port unreachable, icmp_ratelimit=0", .pkt = ushut,
			  .len = ushut_len, .out = 1, .step = 1000,
			  .set = { "icmp_ratelimit", "icmp_msgs_per_sec", "icmp_msgs_burst" },
			  .val = { 0, 2147483647L, 2147483647L }, .chk_type = 3, .chk_code = 3,
			  .chk_len = 20 + 8 + ushut_len, .chk_quote = true },
			{ .name = "port unreachable, default limits", .pkt = ushut, .len = ushut_len,
			  .out = -1, .step = 1000, .chk_type = 3, .chk_code = 3,
			  .chk_len = 20 + 8 + ushut_len, .chk_quote = true },
			{ .name = "bad IP header checksum, dropped", .pkt = bad, .len = echo_len,
			  .expect_rc = -IK_ECHECKSUM, .out = 0, .step = 1000, .peer = true },
			{ .name = "TCP SYN to a closed port -> RST", .pkt = syn, .len = syn_len,
			  .out = 1, .step = 1000, .chk_rst = true, .peer = true, .peer_out = 1 },
		};

		printf("\n%-44s %8s %9s %9s %8s   %s\n", "case", "icmpkit", "lwIP", "lwIP",
		       "lwIP/", "allocs/packet");
		printf("%-44s %8s %9s %9s %8s   %s\n", "", "ns", "POOL ns", "RAM ns", "icmpkit",
		       "icmpkit / lwIP");
		for (int i = 0; i < 7; i++) {
			if (t.only && !strstr(cases[i].name, t.only)) {
				memset(&res[i], 0, sizeof(res[i]));
				continue;
			}
			run_case(&cases[i], &t, peer, &res[i]);
			print_row(cases[i].name, &res[i]);
		}
		printf("(ratio: the better of lwIP's two pbuf types over icmpkit; > 1: icmpkit "
		       "faster. lwIP quotes 28 octets, no rate limit)\n");
	}

	memset(dfull, 0, sizeof(dfull));
	memset(dbatch, 0, sizeof(dbatch));
	memset(dlook, 0, sizeof(dlook));
	run_v6(&t, peer6, r6);
	if (!t.only || strstr("demux", t.only))
		run_demux(&t, peer, dfull, dbatch, dlook);
	run_forward(&t, peer, fwd);

	printf("\nload after: %s\n", loadavg(la, sizeof(la)));
	printf("\n");
	if (res[0].ik > 0) {
		printf("echo %.1f ns/packet (goal <= 30)%s", res[0].ik,
		       res[0].ik <= 30 ? "" : "  [missed]");
		if (lw_best(&res[0]) > 0)
			printf("; lwIP %.1f ns, ratio lwIP/icmpkit %.2f", lw_best(&res[0]),
			       lw_best(&res[0]) / res[0].ik);
		printf("\n");
	}
	if (res[2].ik > 0) {
		printf("port unreachable %.1f ns (goal <= 45)%s", res[2].ik,
		       res[2].ik <= 45 ? "" : "  [missed]");
		if (res[3].ik > 0)
			printf("; with icmp_ratelimit=0 %.1f ns", res[3].ik);
		if (lw_best(&res[2]) > 0)
			printf("; lwIP %.1f ns, ratio lwIP/icmpkit %.2f", lw_best(&res[2]),
			       lw_best(&res[2]) / res[2].ik);
		printf("\n");
	}
	if (dbatch[0] > 0 && dbatch[2] > 0)
		printf("demux 100k/1 = %.2f in batches of %d (goal <= 1.3)%s; 1k/1 = %.2f; one "
		       "datagram per call 100k/1 = %.2f; the lookup alone 100k/1 = %.2f\n",
		       dbatch[2] / dbatch[0], DM_BATCH, dbatch[2] / dbatch[0] <= 1.3 ? "" : "  [missed]",
		       dbatch[1] / dbatch[0], dfull[0] > 0 ? dfull[2] / dfull[0] : 0.0,
		       dlook[0] > 0 ? dlook[2] / dlook[0] : 0.0);
	for (int i = 0; i < FWD_SIZES; i++) {
		if (fwd[i].ik <= 0) {
			if (lw_best(&fwd[i]) > 0)
				printf("forward %s: icmpkit not measured (FAIL above); lwIP %.1f "
				       "ns/datagram\n", i ? "1500 octets" : "64 octets",
				       lw_best(&fwd[i]));
			continue;
		}
		printf("forward %s %.1f ns/datagram", i ? "1500 octets" : "64 octets", fwd[i].ik);
		if (lw_best(&fwd[i]) > 0)
			printf("; lwIP %.1f ns, icmpkit/lwIP %.2f (goal <= 0.5)%s", lw_best(&fwd[i]),
			       fwd[i].ik / lw_best(&fwd[i]),
			       fwd[i].ik / lw_best(&fwd[i]) <= 0.5 ? "" : "  [missed]");
		else
			printf("; no lwIP figure (goal icmpkit/lwIP <= 0.5 not judged)");
		printf("\n");
	}
	for (int i = 1; i < V6_ROWS; i += 2) {
		const struct result *a = &r6[i - 1], *b = &r6[i];
		double lw = lw_best(b);

		if (b->ik <= 0)
			continue;
		printf("IPv6 %s, %s octets %.1f ns", (i >> 1) & 1 ? "port unreachable" : "echo",
		       i >> 2 ? "1500" : "64", b->ik);
		if (a->ik > 0)
			printf("; IPv4 %.1f ns, v6/v4 %.2f (goal <= 1.2)%s", a->ik, b->ik / a->ik,
			       b->ik / a->ik <= 1.2 ? "" : "  [missed]");
		if (lw > 0)
			printf("; lwIP IPv6 %.1f ns, icmpkit/lwIP %.2f (goal <= 0.5)%s", lw, b->ik / lw,
			       b->ik / lw <= 0.5 ? "" : "  [missed]");
		else
			printf("; no lwIP IPv6 figure (goal icmpkit/lwIP <= 0.5 not judged)");
		printf("\n");
	}
	if (!bench_alloc_counted())
		printf("heap allocations per packet: not counted (sanitizer build)\n");
	else if (ik_pkts == 0)
		printf("heap allocations per packet: no icmpkit packet was measured\n");
	else if (ik_allocs == 0)
		printf("heap allocations per packet: 0 (counted over %llu packets)\n",
		       (unsigned long long)ik_pkts);
	else {
		printf("FAIL: heap allocations per packet: %.4f (%llu allocations over %llu packets)"
		       " - the packet path must not allocate\n",
		       (double)ik_allocs / (double)ik_pkts, (unsigned long long)ik_allocs,
		       (unsigned long long)ik_pkts);
		failed = true;
	}
	return failed ? 1 : 0;
}
