// SPDX-License-Identifier: MIT
/*
 * test_stack_fastpath.c - the fast path (src/stack/fastpath.c) does exactly
 * what the general path does.
 *
 * Every datagram is fed to two stacks built the same way with the same
 * seed, both traced: one made with no_fast_path, which sends everything
 * down the general path, and one where ik_fast_input() is tried first as
 * ik_stack_input() does. After each datagram the two must agree on the
 * return code, every octet, interface and next hop of what went out, every
 * MIB counter, the PRNG and IP ID state, the socket queues, and every trace
 * event (layer, kind, tag, interface, socket, datagram length and the
 * sentence that explains it), in order. Each shape
 * also says whether the fast path must take it, so a fast path that gives
 * up on everything cannot pass. Rows: E1-E6 (echo; E4 and E6's fragments
 * go the general way and must come out the same), G2, G3, G5, G6, G7, G8,
 * G9, G11, G12, G13 (errors), R5 (path MTU), and UDP delivery.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/stack.h"
#include "stack/internal.h"
#include "stack/ip/fastpath.h"
#include "refsum.h"

#define A    0xc0000201u /* 192.0.2.1    eth0, MTU 1500 */
#define B    0xc0000202u /* 192.0.2.2    a peer on eth0 */
#define GW   0xc00002feu /* 192.0.2.254  gateway */
#define A2   0xc6336401u /* 198.51.100.1 eth1, MTU 576 */
#define B2   0xc6336402u /* 198.51.100.2 a peer on eth1 */
#define LO   0x7f000001u /* 127.0.0.1    eth2, a loopback-like /8 */
#define FAR  0xcb007105u /* 203.0.113.5  via GW */
#define NOWHERE 0x0a000001u /* 10.0.0.1 no route */

#define P_OPEN  7000 /* bound to any address */
#define P_ADDR  7001 /* bound to 192.0.2.1 */
#define P_CONN  7002 /* connected to B:5000 */
#define P_SHUT  7100 /* nothing */

#define MAXOUT 64
#define OUTBUF (MAXOUT * 2048)

/** struct dev - a capturing device that can be told to fail */
struct dev {
	size_t n, used;
	struct { unsigned ifindex; uint32_t next_hop; uint64_t now; size_t off, len; } r[MAXOUT];
	uint8_t buf[OUTBUF];
	int fail; /* error to return, 0: accept */
};

/** struct tlog - the trace events one datagram caused, one line each */
struct tlog {
	char text[16384];
	size_t used;
	unsigned n;
	bool lost; /* events were dropped (outside feed(): setup, other calls) */
};

/** struct side - one stack of the pair */
struct side {
	struct ik_stack *s;
	struct tlog log;
	struct dev dev;
	int fd[3]; /* P_OPEN, P_ADDR, P_CONN */
};

/** struct pair - the general-path stack and the fast-path stack */
struct pair {
	struct side gen, fast;
	uint64_t now;
	unsigned taken, missed; /* fast path decisions seen */
};

static int dev_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt, size_t len,
		    uint64_t now)
{
	struct dev *d = ctx;

	if (d->fail)
		return d->fail;
	assert_true(d->n < MAXOUT && d->used + len <= OUTBUF);
	d->r[d->n].ifindex = ifindex;
	d->r[d->n].next_hop = next_hop;
	d->r[d->n].now = now;
	d->r[d->n].off = d->used;
	d->r[d->n].len = len;
	memcpy(d->buf + d->used, pkt, len);
	d->used += len;
	d->n++;
	return 0;
}

static const struct ik_dev_ops dev_ops = { .xmit = dev_xmit };

static void sink(void *ctx, const struct ik_event *ev)
{
	struct tlog *l = ctx;
	int k = snprintf(l->text + l->used, sizeof(l->text) - l->used, "%u %u %s if%u sock%d %zu | %s\n",
			 ev->layer, ev->kind, ev->what, ev->ifindex, ev->sock, ev->len, ev->why);

	if (k < 0 || (size_t)k >= sizeof(l->text) - l->used) {
		l->text[l->used] = 0;
		l->lost = true;
		return;
	}
	l->used += (size_t)k;
	l->n++;
}

/* ---- packets, built by hand with an independent RFC 1071 sum ---- */

/** struct shape - IP header values of a crafted datagram */
struct shape {
	uint32_t src, dst;
	uint8_t tos, ttl, proto;
	uint16_t id, frag; /* the flags/offset word */
	const uint8_t *opts;
	size_t olen;
	bool bad_csum;
};

static struct shape ip_shape(uint32_t src, uint32_t dst, uint8_t proto)
{
	return (struct shape){ .src = src, .dst = dst, .ttl = 64, .proto = proto, .id = 0x1c46,
			       .frag = 0x4000 };
}

/* header + payload at @b; returns the total length */
static size_t put_ip(uint8_t *b, const struct shape *h, const uint8_t *pl, size_t plen)
{
	size_t hl = 20 + h->olen, tot = hl + plen;

	b[0] = (uint8_t)(0x40 | hl / 4);
	b[1] = h->tos;
	ik_put16(b + 2, (uint16_t)tot);
	ik_put16(b + 4, h->id);
	ik_put16(b + 6, h->frag);
	b[8] = h->ttl;
	b[9] = h->proto;
	ik_put16(b + 10, 0);
	ik_put32(b + 12, h->src);
	ik_put32(b + 16, h->dst);
	if (h->olen)
		memcpy(b + 20, h->opts, h->olen);
	ik_put16(b + 10, (uint16_t)(ref_fold(ref_sum(b, hl, 0)) ^ (h->bad_csum ? 0x0101 : 0)));
	memmove(b + hl, pl, plen);
	return tot;
}

/* an echo request (type @type) with @dlen data octets; @bad: wrong checksum */
static size_t echo(uint8_t *b, const struct shape *h, uint8_t type, uint8_t code, size_t dlen,
		   bool bad)
{
	uint8_t m[2048];

	m[0] = type;
	m[1] = code;
	ik_put16(m + 2, 0);
	ik_put16(m + 4, 0x4b1d);
	ik_put16(m + 6, (uint16_t)dlen);
	for (size_t i = 0; i < dlen; i++)
		m[8 + i] = (uint8_t)(i * 7 + dlen);
	ik_put16(m + 2, (uint16_t)(ref_fold(ref_sum(m, 8 + dlen, 0)) ^ (bad ? 0x8000 : 0)));
	return put_ip(b, h, m, 8 + dlen);
}

/**
 * udp() - a UDP datagram
 * @b: out; @h: IP header; @sport/@dport: ports; @dlen: data octets;
 * @csum: 0 no checksum, 1 right, 2 wrong; @ulen_delta: added to the UDP
 * Length field (the IP payload keeps its size); @trail: octets after the
 * UDP datagram inside the IP payload
 */
static size_t udp(uint8_t *b, const struct shape *h, uint16_t sport, uint16_t dport, size_t dlen,
		  int csum, int ulen_delta, size_t trail)
{
	uint8_t u[2048], ph[12];
	size_t ulen = 8 + dlen;
	uint16_t c;

	ik_put16(u, sport);
	ik_put16(u + 2, dport);
	ik_put16(u + 4, (uint16_t)((int)ulen + ulen_delta));
	ik_put16(u + 6, 0);
	for (size_t i = 0; i < dlen + trail; i++)
		u[8 + i] = (uint8_t)(0x61 + (i * 5 + dlen) % 26);
	if (csum) {
		ik_put32(ph, h->src);
		ik_put32(ph + 4, h->dst);
		ph[8] = 0;
		ph[9] = 17;
		ik_put16(ph + 10, (uint16_t)ulen);
		c = ref_fold(ref_sum(u, ulen, ref_sum(ph, 12, 0)));
		c = c ? c : 0xffff;
		ik_put16(u + 6, csum == 2 ? (uint16_t)(c ^ 0x0404) : c);
	}
	return put_ip(b, h, u, ulen + trail);
}

/* ---- the pair ---- */

static void side_init(struct side *sd, const struct ik_stack_config *cfg, bool general)
{
	struct ik_stack_config c = *cfg;

	c.no_fast_path = general;
	sd->s = ik_stack_new(&c, &dev_ops, &sd->dev);
	assert_non_null(sd->s);
	ik_stack_set_trace(sd->s, sink, &sd->log);
	assert_int_equal(ik_stack_add_iface(sd->s, "eth0", A, 24, 1500), 1);
	assert_int_equal(ik_stack_add_iface(sd->s, "eth1", A2, 24, 576), 2);
	assert_int_equal(ik_stack_add_iface(sd->s, "lo", LO, 8, 65535), 3);
	assert_int_equal(ik_stack_add_route(sd->s, 0xcb007100u, 24, GW, 1), 0);
	for (int i = 0; i < 3; i++)
		sd->fd[i] = ik_sock_open(sd->s, IK_SOCK_UDP, 0);
	assert_int_equal(ik_sock_bind(sd->s, sd->fd[0], 0, P_OPEN), 0);
	assert_int_equal(ik_sock_bind(sd->s, sd->fd[1], A, P_ADDR), 0);
	assert_int_equal(ik_sock_bind(sd->s, sd->fd[2], 0, P_CONN), 0);
	assert_int_equal(ik_sock_connect(sd->s, sd->fd[2], B, 5000), 0);
}

static struct pair *pair_new(void)
{
	struct ik_stack_config cfg = { .seed = 0x5eed, .sock_rcvbuf = 3000, .peers = 16 };
	struct pair *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	side_init(&p->gen, &cfg, true);
	side_init(&p->fast, &cfg, false);
	p->now = 5000000000ull;
	return p;
}

static void pair_free(struct pair *p)
{
	ik_stack_free(p->gen.s);
	ik_stack_free(p->fast.s);
	free(p);
}

/* the same setting on both */
static void pair_set(struct pair *p, const char *name, long v)
{
	assert_int_equal(ik_stack_set(p->gen.s, name, v), 0);
	assert_int_equal(ik_stack_set(p->fast.s, name, v), 0);
}

/* both stacks in the same state, what they sent identical */
static void same(struct pair *p)
{
	const struct ik_stack *g = p->gen.s, *f = p->fast.s;
	const struct dev *dg = &p->gen.dev, *df = &p->fast.dev;

	assert_int_equal(dg->n, df->n);
	for (size_t i = 0; i < dg->n; i++) {
		assert_int_equal(dg->r[i].ifindex, df->r[i].ifindex);
		assert_int_equal(dg->r[i].next_hop, df->r[i].next_hop);
		assert_int_equal(dg->r[i].now, df->r[i].now);
		assert_int_equal(dg->r[i].len, df->r[i].len);
		assert_memory_equal(dg->buf + dg->r[i].off, df->buf + df->r[i].off, dg->r[i].len);
	}
	assert_memory_equal(ik_stack_mib(g), ik_stack_mib(f), sizeof(struct ik_mib));
	assert_true(g->rng == f->rng);
	assert_true(ik_ipid_digest(g) == ik_ipid_digest(f));
	assert_true(g->now == f->now);
	for (int i = 0; i < 3; i++)
		assert_int_equal(ik_sock_pending(g, p->gen.fd[i]), ik_sock_pending(f, p->fast.fd[i]));
}

/* read every queued datagram from both, compare */
static void drain(struct pair *p)
{
	for (int i = 0; i < 3; i++) {
		for (;;) {
			uint8_t a[2048], b[2048];
			uint32_t fa = 0, fb = 0;
			uint16_t pa = 0, pb = 0;
			ssize_t na = ik_sock_recvfrom(p->gen.s, p->gen.fd[i], a, sizeof(a), &fa, &pa);
			ssize_t nb = ik_sock_recvfrom(p->fast.s, p->fast.fd[i], b, sizeof(b), &fb, &pb);

			assert_int_equal(na, nb);
			if (na < 0)
				break;
			assert_memory_equal(a, b, (size_t)na);
			assert_int_equal(fa, fb);
			assert_int_equal(pa, pb);
		}
	}
}

/**
 * feed() - one datagram to both stacks; compare
 * @p: pair; @ifindex/@flags: arrival; @b/@len: datagram; @want_fast: 1 the
 * fast path must take it, 0 it must not, -1 either
 *
 * Return: the fast stack's output count for this datagram.
 */
static size_t feed(struct pair *p, unsigned ifindex, unsigned flags, const uint8_t *b, size_t len,
		   int want_fast)
{
	size_t n0 = p->fast.dev.n;
	int rg, rf;

	p->now += 1000000; /* 1 ms */
	p->gen.log.used = p->fast.log.used = 0;
	p->gen.log.n = p->fast.log.n = 0;
	p->gen.log.lost = p->fast.log.lost = false;
	rg = ik_stack_input(p->gen.s, ifindex, b, len, flags, p->now);
	/* what ik_stack_input() does without a sink, with the decision seen */
	rf = ik_fast_input(p->fast.s, ifindex, b, len, flags, p->now);
	if (rf == IK_FAST_MISS) {
		p->missed++;
		if (want_fast == 1)
			fail_msg("fast path missed a datagram it must take (len %zu)", len);
		rf = ik_stack_input(p->fast.s, ifindex, b, len, flags, p->now);
	} else {
		p->taken++;
		if (want_fast == 0)
			fail_msg("fast path took a datagram it must leave (len %zu)", len);
	}
	assert_int_equal(rg, rf);
	same(p);
	/* the same events, in the same order, with the same words */
	assert_true(p->gen.log.n > 0);
	assert_false(p->gen.log.lost || p->fast.log.lost);
	assert_int_equal(p->gen.log.n, p->fast.log.n);
	assert_string_equal(p->gen.log.text, p->fast.log.text);
	p->gen.log.used = p->fast.log.used = 0;
	p->gen.log.n = p->fast.log.n = 0;
	p->gen.log.text[0] = p->fast.log.text[0] = 0;
	return p->fast.dev.n - n0;
}

/* the last datagram the fast stack sent */
static const uint8_t *last_out(const struct pair *p, size_t *len)
{
	const struct dev *d = &p->fast.dev;

	assert_true(d->n > 0);
	*len = d->r[d->n - 1].len;
	return d->buf + d->r[d->n - 1].off;
}

static void reset_out(struct pair *p)
{
	p->gen.dev.n = p->gen.dev.used = 0;
	p->fast.dev.n = p->fast.dev.used = 0;
}

/* ---- echo ---- */

/* E1 E2: echo replies over many shapes, all through the fast path, checked
 * against the general path and against independent expectations */
static void test_fast_echo_shapes(void **state)
{
	static const uint8_t tos[] = { 0, 0x03, 0xb8, 0xff };
	struct pair *p = pair_new();
	uint8_t b[2048];

	(void)state;
	for (size_t dlen = 0; dlen <= 1472; dlen += dlen < 300 ? 1 : 97) {
		struct shape h = ip_shape(B, A, 1);
		size_t len, olen;
		const uint8_t *o;

		h.tos = tos[dlen % 4];
		h.frag = dlen % 3 ? 0x4000 : 0;
		h.ttl = (uint8_t)(1 + dlen % 255);
		h.id = (uint16_t)(dlen * 31);
		len = echo(b, &h, 8, (uint8_t)(dlen % 5 ? 0 : dlen % 7), dlen, false);
		reset_out(p);
		assert_int_equal(feed(p, 1, 0, b, len, 1), 1);
		o = last_out(p, &olen);
		/* independent checks: a well-formed reply to B */
		assert_int_equal(olen, len);
		assert_int_equal(o[0], 0x45);
		assert_int_equal(o[1], h.tos & 0xfc);
		assert_int_equal(ik_get16(o + 6), 0);
		assert_int_equal(o[8], 64);
		assert_int_equal(o[9], 1);
		assert_int_equal(ref_fold(ref_sum(o, 20, 0)), 0);
		assert_int_equal(ik_get32(o + 12), A);
		assert_int_equal(ik_get32(o + 16), B);
		assert_int_equal(o[20], 0);
		assert_int_equal(o[21], b[21]);
		assert_memory_equal(o + 24, b + 24, len - 24);
		assert_int_equal(ref_fold(ref_sum(o + 20, len - 20, 0)), 0);
		assert_int_equal(p->fast.dev.r[0].next_hop, B);
	}
	/* link padding after Total Length is ignored */
	{
		struct shape h = ip_shape(B, A, 1);
		size_t len = echo(b, &h, 8, 0, 56, false);

		memset(b + len, 0xee, 10);
		reset_out(p);
		assert_int_equal(feed(p, 1, 0, b, len + 10, 1), 1);
	}
	/* from far away: the reply goes to the gateway */
	{
		struct shape h = ip_shape(FAR, A, 1);
		size_t len = echo(b, &h, 8, 0, 56, false);

		reset_out(p);
		assert_int_equal(feed(p, 1, 0, b, len, 1), 1);
		assert_int_equal(p->fast.dev.r[0].next_hop, GW);
	}
	/* a second interface, its own address */
	{
		struct shape h = ip_shape(B2, A2, 1);
		size_t len = echo(b, &h, 8, 0, 100, false);

		reset_out(p);
		assert_int_equal(feed(p, 2, 0, b, len, 1), 1);
		assert_int_equal(p->fast.dev.r[0].ifindex, 2);
	}
	assert_true(p->taken > 300);
	pair_free(p);
}

/* E3 E4 E5 E6 G5 G6: what the fast path leaves to the general path, with the
 * same outcome */
static void test_fast_echo_misses(void **state)
{
	static const uint8_t nops[4] = { 1, 1, 1, 0 };
	static const uint8_t rr[8] = { 7, 7, 4, 0, 0, 0, 0, 1 };
	static const uint32_t bad_src[] = { 0, 0x7f000005u, 0xc00002ffu, 0xffffffffu,
					    0xe0000001u, 0xf0000001u };
	struct pair *p = pair_new();
	uint8_t b[2048];
	struct shape h;
	size_t len;

	(void)state;
	h = ip_shape(B, A, 1);
	h.opts = nops;
	h.olen = 4;
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0); /* options: E4 */
	h.opts = rr;
	h.olen = 8;
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
	h = ip_shape(B, A, 1);
	h.frag = 0x2000; /* MF */
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
	h.frag = 0x0004; /* an offset */
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
	h.frag = 0x8000; /* RF */
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
	h = ip_shape(B, A, 1);
	h.bad_csum = true; /* G6 */
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
	h = ip_shape(B, A, 1);
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, true), 0); /* E5 bad ICMP checksum */
	for (size_t d = 0; d < 4; d++)
		feed(p, 1, 0, b, echo(b, &h, 8, 0, d, true), 0);
	len = echo(b, &h, 8, 0, 56, false);
	feed(p, 1, 0, b, len - 1, 0);            /* Total Length beyond what came */
	feed(p, 1, 0, b, 27, 0);                 /* too short */
	feed(p, 0, 0, b, len, 0);                /* no such interface */
	feed(p, 9, 0, b, len, 0);
	b[0] = 0x65;
	feed(p, 1, 0, b, len, 0);                /* version 6 */
	h = ip_shape(B, 0xc00002ffu, 1);         /* E3: directed broadcast */
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
	h = ip_shape(B, 0xffffffffu, 1);
	feed(p, 1, IK_RX_LINK_BCAST, b, echo(b, &h, 8, 0, 56, false), 0);
	h = ip_shape(B, 0xc0000209u, 1);         /* someone else */
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
	h = ip_shape(B, A2, 1);                  /* ours, but another interface's */
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
	for (size_t i = 0; i < sizeof(bad_src) / sizeof(bad_src[0]); i++) {
		h = ip_shape(bad_src[i], A, 1);  /* G5: no reply to a non-host */
		feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
	}
	h = ip_shape(NOWHERE, A, 1);             /* no route back */
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
	h = ip_shape(B, A, 1);                   /* other types */
	feed(p, 1, 0, b, echo(b, &h, 0, 0, 56, false), 0);
	feed(p, 1, 0, b, echo(b, &h, 13, 0, 12, false), 0);
	feed(p, 1, 0, b, echo(b, &h, 42, 0, 12, false), 0);
	feed(p, 1, 0, b, echo(b, &h, 200, 0, 12, false), 0);
	h = ip_shape(B2, A2, 1);                 /* reply above eth1's MTU: fragments */
	feed(p, 2, 0, b, echo(b, &h, 8, 0, 600, false), 0);
	assert_true(p->fast.dev.n >= 2);
	h = ip_shape(B, A, 1);
	pair_set(p, "icmp_echo_ignore_all", 1);
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
	pair_set(p, "icmp_echo_ignore_all", 0);
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 1);
	/* a raw ICMP socket gets a copy: the general path gives it */
	{
		int rg = ik_sock_open(p->gen.s, IK_SOCK_RAW, 1);
		int rf = ik_sock_open(p->fast.s, IK_SOCK_RAW, 1);

		feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 0);
		assert_int_equal(ik_sock_pending(p->fast.s, rf), 1);
		ik_sock_close(p->gen.s, rg);
		ik_sock_close(p->fast.s, rf);
		feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 1);
	}
	/* the datagram sits in the transmit buffer (a device looping back) */
	len = echo(b, &h, 8, 0, 56, false);
	memcpy(p->gen.s->txbuf + 100, b, len);
	memcpy(p->fast.s->txbuf + 100, b, len);
	{
		int rg = ik_stack_input(p->gen.s, 1, p->gen.s->txbuf + 100, len, 0, p->now);
		int rf = ik_fast_input(p->fast.s, 1, p->fast.s->txbuf + 100, len, 0, p->now);

		assert_int_equal(rf, IK_FAST_MISS);
		rf = ik_stack_input(p->fast.s, 1, p->fast.s->txbuf + 100, len, 0, p->now);
		assert_int_equal(rg, rf);
		same(p);
	}
	pair_free(p);
}

/* the route memo and the G5 memo follow route and interface changes */
/* a router: datagrams for someone else through the fast path to
 * ik_ip_forward(), decided and traced as the general path does; what may
 * be ours, or carries what the classifier does not read, left to it */
static void test_fast_forward(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[2048];
	struct shape h;
	size_t len;

	(void)state;
	pair_set(p, "ip_forward", 1);
	reset_out(p);
	h = ip_shape(B, B2, 17);                      /* eth0 -> eth1 */
	len = udp(b, &h, 4000, 53, 100, 1, 0, 0);
	assert_int_equal(feed(p, 1, 0, b, len, 1), 1);
	for (unsigned proto = 0; proto < 256; proto += 37) {
		h = ip_shape(B2, B, (uint8_t)proto);  /* eth1 -> eth0, any protocol */
		len = put_ip(b, &h, (const uint8_t *)"12345678abcdefgh", 16);
		assert_int_equal(feed(p, 2, 0, b, len, 1), 1);
	}
	h = ip_shape(B, FAR, 17);                     /* back out of eth0: a Redirect too */
	len = udp(b, &h, 4000, 53, 10, 1, 0, 0);
	assert_int_equal(feed(p, 1, 0, b, len, 1), 2);
	h = ip_shape(B, B2, 17);                      /* TTL 1: Time Exceeded */
	h.ttl = 1;
	len = udp(b, &h, 4000, 53, 10, 1, 0, 0);
	assert_int_equal(feed(p, 1, 0, b, len, 1), 1);
	h = ip_shape(B, NOWHERE, 17);                 /* no route */
	len = udp(b, &h, 4000, 53, 10, 1, 0, 0);
	assert_int_equal(feed(p, 1, 0, b, len, 1), 1);
	h = ip_shape(B, B2, 17);                      /* DF above eth1's 576: Frag Needed */
	len = udp(b, &h, 4000, 53, 600, 1, 0, 0);
	assert_int_equal(feed(p, 1, 0, b, len, 1), 1);
	h.frag = 0;                                   /* no DF: fragments */
	len = udp(b, &h, 4000, 53, 600, 1, 0, 0);
	assert_int_equal(feed(p, 1, 0, b, len, 1), 2);
	h = ip_shape(B, 0x7f000009u, 17);             /* martian destination */
	len = udp(b, &h, 4000, 53, 10, 1, 0, 0);
	assert_int_equal(feed(p, 1, 0, b, len, 1), 0);
	/* left to the general path */
	h = ip_shape(B, A2, 17);                      /* ours, another interface's */
	len = udp(b, &h, 4000, P_SHUT, 10, 1, 0, 0);
	feed(p, 1, 0, b, len, 0);
	h = ip_shape(B, 0xc63364ffu, 17);             /* eth1's directed broadcast */
	len = udp(b, &h, 4000, P_SHUT, 10, 1, 0, 0);
	feed(p, 1, 0, b, len, 0);
	h = ip_shape(B, 0xe0000009u, 17);             /* multicast */
	len = udp(b, &h, 4000, P_SHUT, 10, 1, 0, 0);
	feed(p, 1, 0, b, len, 0);
	h = ip_shape(B, B2, 17);                      /* a link-layer broadcast */
	len = udp(b, &h, 4000, 53, 10, 1, 0, 0);
	feed(p, 1, IK_RX_LINK_BCAST, b, len, 0);
	h.frag = 0x2000;                              /* a fragment */
	len = udp(b, &h, 4000, 53, 16, 1, 0, 0);
	feed(p, 1, 0, b, len, 0);
	h = ip_shape(B, B2, 17);                      /* a bad header checksum */
	h.bad_csum = true;
	len = udp(b, &h, 4000, 53, 10, 1, 0, 0);
	feed(p, 1, 0, b, len, 0);
	drain(p);
	pair_free(p);
}

static void test_fast_memo(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[2048];
	struct shape h = ip_shape(B, A, 1);
	size_t len = echo(b, &h, 8, 0, 32, false);

	(void)state;
	reset_out(p);
	feed(p, 1, 0, b, len, 1);
	assert_int_equal(p->fast.dev.r[0].next_hop, B);
	/* a host route via the gateway: the next reply must follow it */
	assert_int_equal(ik_stack_add_route(p->gen.s, B, 32, GW, 1), 0);
	assert_int_equal(ik_stack_add_route(p->fast.s, B, 32, GW, 1), 0);
	feed(p, 1, 0, b, len, 1);
	assert_int_equal(p->fast.dev.r[1].next_hop, GW);
	/* 127.0.0.5 names a host to an interface of 127/8, not to eth0 */
	h = ip_shape(0x7f000005u, LO, 1);
	len = echo(b, &h, 8, 0, 32, false);
	reset_out(p);
	assert_int_equal(feed(p, 3, 0, b, len, 1), 1);
	h = ip_shape(0x7f000005u, A, 1);
	len = echo(b, &h, 8, 0, 32, false);
	assert_int_equal(feed(p, 1, 0, b, len, 0), 0);
	/* 10.0.0.3 names a host until an interface makes it our broadcast */
	assert_int_equal(ik_stack_add_route(p->gen.s, 0x0a000000u, 8, GW, 1), 0);
	assert_int_equal(ik_stack_add_route(p->fast.s, 0x0a000000u, 8, GW, 1), 0);
	h = ip_shape(0x0a000003u, A, 1);
	len = echo(b, &h, 8, 0, 32, false);
	assert_int_equal(feed(p, 1, 0, b, len, 1), 1);
	assert_int_equal(feed(p, 1, 0, b, len, 1), 1);
	assert_int_equal(ik_stack_add_iface(p->gen.s, "eth3", 0x0a000001u, 30, 1500), 4);
	assert_int_equal(ik_stack_add_iface(p->fast.s, "eth3", 0x0a000001u, 30, 1500), 4);
	assert_int_equal(feed(p, 1, 0, b, len, 0), 0);
	/* both are martian sources (RFC 1122 3.2.1.3): dropped by IP */
	assert_int_equal(ik_stack_mib(p->fast.s)->c[IK_MIB_IP_InAddrErrors], 2);
	assert_int_equal(ik_stack_mib(p->fast.s)->c[IK_MIB_ICMP_InErrors], 0);
	pair_free(p);
}

/* R5: a learned path MTU below the reply's size leaves it to the general path */
static void test_fast_pmtu(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[2048];
	struct shape h = ip_shape(B, A, 1);
	size_t len = echo(b, &h, 8, 0, 700, false);

	(void)state;
	feed(p, 1, 0, b, len, 1);
	ik_pmtu_update(p->gen.s, B, 600, p->now);
	ik_pmtu_update(p->fast.s, B, 600, p->now);
	reset_out(p);
	feed(p, 1, 0, b, len, 0);
	assert_int_equal(p->fast.dev.n, 2); /* fragments */
	len = echo(b, &h, 8, 0, 560, false); /* 588 octets: fits */
	feed(p, 1, 0, b, len, 1);
	len = echo(b, &h, 8, 0, 100, false);
	feed(p, 1, 0, b, len, 1);
	pair_free(p);
}

/* ---- UDP ---- */

/* delivery to bound and connected sockets, every length, checksum or not */
static void test_fast_udp_deliver(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[2048];

	(void)state;
	for (size_t dlen = 0; dlen <= 700; dlen += dlen < 200 ? 1 : 61) {
		struct shape h = ip_shape(B, A, 17);
		uint16_t port = dlen % 3 == 0 ? P_OPEN : dlen % 3 == 1 ? P_ADDR : P_CONN;
		uint16_t sport = port == P_CONN ? 5000 : (uint16_t)(1024 + dlen);

		feed(p, 1, 0, b, udp(b, &h, sport, port, dlen, dlen % 4 ? 1 : 0, 0, 0), 1);
		feed(p, 1, 0, b, udp(b, &h, sport, port, dlen, 1, 0, dlen % 5), 1); /* trailer */
		drain(p);
	}
	/* the receive buffer fills: RcvbufErrors on both */
	for (int i = 0; i < 40; i++) {
		struct shape h = ip_shape(B, A, 17);

		feed(p, 1, 0, b, udp(b, &h, 999, P_OPEN, 200, 1, 0, 0), 1);
	}
	assert_true(ik_stack_mib(p->fast.s)->c[IK_MIB_UDP_RcvbufErrors] > 0);
	drain(p);
	/* on eth1's address, to the socket bound to any address */
	{
		struct shape h = ip_shape(B2, A2, 17);

		feed(p, 2, 0, b, udp(b, &h, 53, P_OPEN, 20, 1, 0, 0), 1);
		/* the socket bound to 192.0.2.1 does not take it: unreachable */
		feed(p, 2, 0, b, udp(b, &h, 53, P_ADDR, 20, 1, 0, 0), 1);
	}
	drain(p);
	pair_free(p);
}

/* G9 G7 G8 G11 G12: Port Unreachable over many shapes, quote sizes, TTLs */
static void test_fast_unreach_shapes(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[2048];

	(void)state;
	pair_set(p, "icmp_ratelimit", 0);
	pair_set(p, "icmp_msgs_burst", 100000);
	pair_set(p, "icmp_msgs_per_sec", 100000);
	for (size_t dlen = 0; dlen <= 1400; dlen += dlen < 300 ? 1 : 53) {
		struct shape h = ip_shape(dlen % 2 ? B : FAR, A, 17);
		size_t len, olen, q;
		const uint8_t *o;

		h.tos = (uint8_t)dlen;
		len = udp(b, &h, (uint16_t)(2000 + dlen), P_SHUT, dlen, dlen % 4 ? 1 : 0, 0,
			  dlen % 7 == 0 ? 3 : 0);
		reset_out(p);
		assert_int_equal(feed(p, 1, 0, b, len, 1), 1);
		/* independent checks */
		o = last_out(p, &olen);
		q = len < 548 ? len : 548;
		assert_int_equal(olen, 28 + q);
		assert_int_equal(o[0], 0x45);
		assert_int_equal(o[1], 0);
		assert_int_equal(o[8], 64);
		assert_int_equal(ref_fold(ref_sum(o, 20, 0)), 0);
		assert_int_equal(ik_get32(o + 12), A);
		assert_int_equal(ik_get32(o + 16), h.src);
		assert_int_equal(o[20], 3);
		assert_int_equal(o[21], 3);
		assert_int_equal(ik_get32(o + 24), 0);
		assert_int_equal(ref_fold(ref_sum(o + 20, olen - 20, 0)), 0);
		assert_memory_equal(o + 28, b, q);
	}
	/* G8 the quote limit, G11 the TTL */
	pair_set(p, "icmp_error_quote_max", 1000);
	pair_set(p, "ip_default_ttl", 200);
	for (size_t dlen = 500; dlen < 1100; dlen += 37) {
		struct shape h = ip_shape(B, A, 17);

		feed(p, 1, 0, b, udp(b, &h, 4000, P_SHUT, dlen, 1, 0, 0), 1);
	}
	pair_set(p, "icmp_error_quote_max", 68);
	for (size_t dlen = 0; dlen < 60; dlen += 7) {
		struct shape h = ip_shape(B, A, 17);

		feed(p, 1, 0, b, udp(b, &h, 4000, P_SHUT, dlen, 1, 0, 0), 1);
	}
	/* G12 with icmp_errors_use_inbound_ifaddr: the same address here */
	pair_set(p, "icmp_errors_use_inbound_ifaddr", 1);
	{
		struct shape h = ip_shape(B2, A2, 17);

		feed(p, 2, 0, b, udp(b, &h, 4000, P_SHUT, 30, 1, 0, 0), 1);
	}
	/* a connected socket takes only its peer: from another port, unreachable */
	{
		struct shape h = ip_shape(B, A, 17);

		feed(p, 1, 0, b, udp(b, &h, 5001, P_CONN, 30, 1, 0, 0), 1);
		feed(p, 1, 0, b, udp(b, &h, 5000, P_CONN, 30, 1, 0, 0), 1);
	}
	drain(p);
	pair_free(p);
}

/* G13: the rate limiter runs the same on both paths (random global cost,
 * per-destination buckets), over bursts from several sources */
static void test_fast_unreach_ratelimit(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[2048];
	unsigned sent = 0;

	(void)state;
	for (int round = 0; round < 3; round++) {
		if (round == 1) {
			pair_set(p, "icmp_msgs_burst", 20);
			pair_set(p, "icmp_msgs_per_sec", 10);
			pair_set(p, "icmp_ratelimit", 0);
		}
		if (round == 2) {
			pair_set(p, "icmp_ratelimit", 5);
			pair_set(p, "icmp_msgs_burst", 10000);
			pair_set(p, "icmp_msgs_per_sec", 10000);
		}
		for (int i = 0; i < 300; i++) {
			/* 3 sources fit the 16 buckets; 23 make them change hands */
			uint32_t nsrc = round == 0 ? 3 : 23;
			struct shape h = ip_shape(0xc0000200u + 2 + (uint32_t)i % nsrc, A, 17);

			sent += (unsigned)feed(p, 1, 0, b,
					       udp(b, &h, 3000, P_SHUT, (size_t)i % 50, 1, 0, 0), 1);
			reset_out(p);
		}
	}
	assert_true(sent > 0);
	assert_true(ik_stack_mib(p->fast.s)->c[IK_MIB_ICMP_OutRateLimitHost] > 0);
	assert_true(ik_stack_mib(p->fast.s)->c[IK_MIB_ICMP_OutRateLimitGlobal] > 0);
	pair_free(p);
}

/* G2 G3 G5 G6 and bad UDP: left to the general path, same outcome */
static void test_fast_udp_misses(void **state)
{
	static const uint32_t bad_src[] = { 0, 0x7f000005u, 0xc00002ffu, 0xe0000001u };
	struct pair *p = pair_new();
	uint8_t b[2048];
	struct shape h = ip_shape(B, A, 17);

	(void)state;
	feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 2, 0, 0), 0);  /* bad checksum */
	feed(p, 1, 0, b, udp(b, &h, 1, P_OPEN, 30, 2, 0, 0), 0);
	feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 1, 1, 0), 0);  /* Length > payload */
	feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 0, -31, 0), 0); /* Length < 8 */
	feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 0, -2, 0), 1);  /* Length < payload */
	feed(p, 1, IK_RX_LINK_BCAST, b, udp(b, &h, 1, P_SHUT, 30, 1, 0, 0), 0); /* G3 */
	feed(p, 1, IK_RX_LINK_MCAST, b, udp(b, &h, 1, P_SHUT, 30, 1, 0, 0), 0);
	feed(p, 1, IK_RX_LINK_BCAST, b, udp(b, &h, 1, P_OPEN, 30, 1, 0, 0), 1); /* delivered */
	for (size_t i = 0; i < sizeof(bad_src) / sizeof(bad_src[0]); i++) {
		h = ip_shape(bad_src[i], A, 17); /* G5 */
		feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 1, 0, 0), 0);
	}
	h = ip_shape(B, 0xc00002ffu, 17); /* G2 */
	feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 1, 0, 0), 0);
	h = ip_shape(NOWHERE, A, 17);      /* no route for the error */
	feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 1, 0, 0), 0);
	h = ip_shape(B, A, 17);
	h.bad_csum = true;
	feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 1, 0, 0), 0);
	h = ip_shape(B, A, 17);
	h.frag = 0x2000;
	feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 1, 0, 0), 0);
	/* the error would exceed eth1's MTU 576 with a larger quote limit */
	pair_set(p, "icmp_error_quote_max", 1500);
	h = ip_shape(B2, A2, 17);
	feed(p, 2, 0, b, udp(b, &h, 1, P_SHUT, 600, 1, 0, 0), 0);
	pair_set(p, "icmp_error_quote_max", 576);
	feed(p, 2, 0, b, udp(b, &h, 1, P_SHUT, 600, 1, 0, 0), 1);
	/* a raw UDP socket */
	{
		int rg = ik_sock_open(p->gen.s, IK_SOCK_RAW, 17);
		int rf = ik_sock_open(p->fast.s, IK_SOCK_RAW, 17);

		h = ip_shape(B, A, 17);
		feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 1, 0, 0), 0);
		feed(p, 1, 0, b, udp(b, &h, 1, P_OPEN, 30, 1, 0, 0), 0);
		ik_sock_close(p->gen.s, rg);
		ik_sock_close(p->fast.s, rf);
	}
	/* other protocols */
	h = ip_shape(B, A, 47);
	feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 0, 0, 0), 0);
	drain(p);
	pair_free(p);
}

/* a device that refuses: OutDiscards and OutErrors alike */
static void test_fast_device_error(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[2048];
	struct shape h = ip_shape(B, A, 1);

	(void)state;
	pair_set(p, "icmp_ratelimit", 0);
	p->gen.dev.fail = p->fast.dev.fail = -ENOBUFS;
	feed(p, 1, 0, b, echo(b, &h, 8, 0, 56, false), 1);
	h.proto = 17;
	feed(p, 1, 0, b, udp(b, &h, 1, P_SHUT, 30, 1, 0, 0), 1);
	assert_int_equal(ik_stack_mib(p->fast.s)->c[IK_MIB_IP_OutDiscards], 2);
	assert_int_equal(ik_stack_mib(p->fast.s)->c[IK_MIB_ICMP_OutErrors], 2);
	pair_free(p);
}

/* ik_stack_input() itself dispatches to the fast path without a sink: the
 * same replies as a traced stack */
static void test_fast_dispatch(void **state)
{
	struct pair *p = pair_new();
	uint8_t b[2048];

	(void)state;
	for (int i = 0; i < 50; i++) {
		struct shape h = ip_shape(B, A, (uint8_t)(i % 2 ? 1 : 17));
		size_t len = i % 2 ? echo(b, &h, 8, 0, (size_t)i, false)
				   : udp(b, &h, 9, i % 4 ? P_SHUT : P_OPEN, (size_t)i, 1, 0, 0);
		int rg, rf;

		p->now += 1000;
		rg = ik_stack_input(p->gen.s, 1, b, len, 0, p->now);
		rf = ik_stack_input(p->fast.s, 1, b, len, 0, p->now);
		assert_int_equal(rg, rf);
		same(p);
		drain(p);
	}
	pair_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fast_echo_shapes),
		cmocka_unit_test(test_fast_echo_misses),
		cmocka_unit_test(test_fast_memo),
		cmocka_unit_test(test_fast_forward),
		cmocka_unit_test(test_fast_pmtu),
		cmocka_unit_test(test_fast_udp_deliver),
		cmocka_unit_test(test_fast_unreach_shapes),
		cmocka_unit_test(test_fast_unreach_ratelimit),
		cmocka_unit_test(test_fast_udp_misses),
		cmocka_unit_test(test_fast_device_error),
		cmocka_unit_test(test_fast_dispatch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
