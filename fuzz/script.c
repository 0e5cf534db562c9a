// SPDX-License-Identifier: MIT
/*
 * script.c - the script interpreter of the stateful fuzz targets (script.h)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "icmpkit/bytes.h"
#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/ipv6.h"
#include "icmpkit/sock.h"
#include "icmpkit/stack6.h"
#include "icmpkit/trace.h"

#include "script.h"

/**
 * struct rd - a cursor over the input
 * @p / @n: what is left
 */
struct rd {
	const uint8_t *p;
	size_t n;
};

static unsigned u8(struct rd *r)
{
	if (!r->n)
		return 0;
	r->n--;
	return *r->p++;
}

static unsigned u16(struct rd *r)
{
	unsigned hi = u8(r);

	return hi << 8 | u8(r);
}

static uint32_t addr(struct rd *r, const struct fz_topo *t)
{
	unsigned i = u8(r) % 16;

	if (i == 15) {
		uint32_t a = u16(r) << 16;

		return a | u16(r);
	}
	return t->addrs[i];
}

/**
 * addr6() - an [addr6] operand: one of the topology's 16 IPv6 addresses
 * (index 15: the next 16 octets, zero-filled at the end of the input)
 * @r: cursor; @t: topology; @buf: where an address from the input goes
 * Return: the address.
 */
static const uint8_t *addr6(struct rd *r, const struct fz_topo *t, uint8_t buf[16])
{
	unsigned i = u8(r) % 16;

	if (i < 15)
		return t->addrs6[i];
	memset(buf, 0, 16);
	for (unsigned k = 0; k < 16 && r->n; k++)
		buf[k] = (uint8_t)u8(r);
	return buf;
}

/**
 * bytes() - the next @want octets (fewer at the end of the input)
 * @r: cursor; @want: octets; @got: how many there are
 * Return: pointer to them.
 */
static const uint8_t *bytes(struct rd *r, size_t want, size_t *got)
{
	const uint8_t *p = r->p;

	*got = want < r->n ? want : r->n;
	r->p += *got;
	r->n -= *got;
	return p;
}

/**
 * nsettings() - how many settings ik_stack_setting_name() lists
 * Return: count.
 */
static unsigned nsettings(void)
{
	static unsigned n;

	if (!n)
		while (ik_stack_setting_name(n))
			n++;
	return n;
}

/**
 * on_event() - the trace sink: every event names its layer and kind, has
 * a tag and a sentence, and a datagram only with a length
 */
static void on_event(void *ctx, const struct ik_event *ev)
{
	(void)ctx;
	FZ_CHECK(ev->layer < IK_L_NLAYERS && ev->kind <= IK_EV_ERROR);
	FZ_CHECK(ik_layer_name(ev->layer) && ik_ev_kind_name(ev->kind));
	FZ_CHECK(ev->what && ev->what[0] && ev->why);
	FZ_CHECK(strlen(ev->why) < 4096);
	FZ_CHECK(!ev->pkt == !ev->len || ev->pkt);
}

/**
 * error_body() - an ICMP or ICMPv6 error message at @m: type, code, a
 * zero checksum, the 4-octet word, and the start of the datagram quoted
 * @m: output; @hdr: type, code and the word; @last / @last_len: the
 * datagram; @hl: its header's length; @cut: 0 for @max octets, else @hl
 * + @cut % 64; @max: the most an error holds
 * Return: the octets quoted.
 */
static size_t error_body(uint8_t *m, const uint8_t hdr[6], const uint8_t *last, size_t last_len,
			 size_t hl, unsigned cut, size_t max)
{
	size_t q = cut ? hl + cut % 64 : max;

	q = q < last_len ? q : last_len;
	m[0] = hdr[0];
	m[1] = hdr[1];
	m[2] = m[3] = 0;
	memcpy(m + 4, hdr + 2, 4);
	memcpy(m + 8, last, q);
	return q;
}

/**
 * reflect() - an ICMP error from @from about the last datagram @net saw
 * sent, into @pkt (checksums written)
 * @net: where the last datagram is; @pkt: output; @from: the reporter;
 * @hdr: type, code and the 4-octet word; @cut: how much is quoted
 * Return: its length (0: nothing was sent yet).
 */
static size_t reflect(const struct fz_net *net, uint8_t *pkt, uint32_t from, const uint8_t hdr[6],
		      unsigned cut)
{
	size_t q;

	if (net->last_len < 20)
		return 0;
	q = error_body(pkt + 20, hdr, net->last, net->last_len, 20, cut, 576 - 28);
	memset(pkt, 0, 20);
	pkt[0] = 0x45;
	ik_put16(pkt + 2, (uint16_t)(28 + q));
	pkt[8] = 64;
	pkt[9] = IK_IPPROTO_ICMP;
	ik_put32(pkt + 12, from);
	memcpy(pkt + 16, net->last + 12, 4);
	fz_fix_csums(pkt, 28 + q);
	return 28 + q;
}

/**
 * answer() - what the last datagram's destination sends back, into @pkt
 * (checksums written)
 * @net: where the last datagram is; @pkt: output; @kind: bit 0 picks RST
 * over SYN-ACK for TCP
 * Return: its length (0: nothing to answer).
 */
static size_t answer(const struct fz_net *net, uint8_t *pkt, unsigned kind)
{
	size_t len = net->last_len, hl;

	if (len < 20 || (net->last[0] >> 4) != 4)
		return 0;
	hl = (size_t)(net->last[0] & 0x0f) * 4;
	if (hl < 20 || hl > len)
		return 0;
	/* the same datagram back, without its options, addresses swapped */
	memcpy(pkt, net->last, 20);
	memcpy(pkt + 20, net->last + hl, len - hl);
	len -= hl - 20;
	pkt[0] = 0x45;
	ik_put16(pkt + 2, (uint16_t)len);
	ik_put16(pkt + 6, 0);
	pkt[8] = 64;
	memcpy(pkt + 12, net->last + 16, 4);
	memcpy(pkt + 16, net->last + 12, 4);
	if (pkt[9] == IK_IPPROTO_ICMP && len >= 28 && pkt[20] == 8) {
		pkt[20] = 0;
	} else if ((pkt[9] == IK_IPPROTO_UDP && len >= 28) || (pkt[9] == IK_IPPROTO_TCP && len >= 40)) {
		uint8_t port[2];

		memcpy(port, pkt + 20, 2);
		memcpy(pkt + 20, pkt + 22, 2);
		memcpy(pkt + 22, port, 2);
		if (pkt[9] == IK_IPPROTO_TCP) {
			uint32_t seq = ik_get32(pkt + 24);

			ik_put32(pkt + 24, 0x10000u);
			ik_put32(pkt + 28, seq + 1);
			pkt[33] = kind & 1 ? 0x14 : 0x12;
			len = 20 + (size_t)(pkt[32] >> 4) * 4 < len ? 20 + (size_t)(pkt[32] >> 4) * 4 : len;
			ik_put16(pkt + 2, (uint16_t)len);
		}
	}
	fz_fix_csums(pkt, len);
	return len;
}

/**
 * reflect6() - an ICMPv6 message from @from quoting the last IPv6
 * datagram @net saw sent, into @pkt (checksum written)
 * @net: where the last datagram is; @pkt: output; @from: the reporter;
 * @hdr: type, code and the 4-octet word; @cut: how much is quoted
 * Return: its length (0: nothing was sent yet).
 */
static size_t reflect6(const struct fz_net *net, uint8_t *pkt, const uint8_t from[16],
		       const uint8_t hdr[6], unsigned cut)
{
	size_t q;

	if (net->last6_len < IK_IPV6_HDR_LEN)
		return 0;
	q = error_body(pkt + IK_IPV6_HDR_LEN, hdr, net->last6, net->last6_len, IK_IPV6_HDR_LEN,
		       cut, IK_IPV6_MIN_MTU - IK_IPV6_HDR_LEN - 8);
	memset(pkt, 0, IK_IPV6_HDR_LEN);
	pkt[0] = 0x60;
	ik_put16(pkt + 4, (uint16_t)(8 + q));
	pkt[6] = IK_IPV6_NH_ICMPV6;
	pkt[7] = 64;
	memcpy(pkt + 8, from, 16);
	memcpy(pkt + 24, net->last6 + 8, 16);
	fz_fix_csums(pkt, 48 + q);
	return 48 + q;
}

/**
 * answer6() - what the last IPv6 datagram's destination sends back, into
 * @pkt (checksum written)
 * @t: topology (a peer answers for a group); @pkt: output; @kind: bit 0
 * changes an Echo Reply's Identifier
 * Return: its length (0: nothing to answer).
 */
static size_t answer6(const struct fz_topo *t, uint8_t *pkt, unsigned kind)
{
	const struct fz_net *net = &t->net;
	size_t len = net->last6_len;
	struct ik_ipv6_repr ip;
	uint8_t *l4;

	if (len < IK_IPV6_HDR_LEN || ik_ipv6_parse(net->last6, len, 0, &ip, NULL) < 0)
		return 0;
	memcpy(pkt, net->last6, len);
	memcpy(pkt + 8, ip.dst[0] == 0xff ? t->addrs6[1] : ip.dst, 16);
	memcpy(pkt + 24, ip.src, 16);
	pkt[7] = 64;
	l4 = pkt + ip.l4_off;
	if (ip.proto == IK_IPV6_NH_ICMPV6 && len - ip.l4_off >= 8 && l4[0] == IK_ICMP6_ECHO) {
		l4[0] = IK_ICMP6_ECHO_REPLY;
		if (kind & 1)
			l4[4] ^= 0x80;
	} else if (ip.proto == IK_IPV6_NH_UDP && len - ip.l4_off >= 8) {
		uint8_t port[2];

		memcpy(port, l4, 2);
		memcpy(l4, l4 + 2, 2);
		memcpy(l4 + 2, port, 2);
	}
	fz_fix_csums(pkt, len);
	return len;
}

/** a negative errno from a socket call: a known one, never a wild value */
static void errno_ok(long rc)
{
	FZ_CHECK(rc >= -4095);
}

/**
 * sent_ok() - a send took all @len octets, or failed with a known errno
 * @rc: what it returned; @len: octets asked
 */
static void sent_ok(long rc, size_t len)
{
	if (rc >= 0)
		FZ_CHECK((size_t)rc == len);
	else
		errno_ok(rc);
}

/**
 * keep() - file a socket just opened in the first free slot (closed when
 * every slot is taken)
 * @s: stack; @fds / @types: the slots; @rc: what the open returned; @ty:
 * its type
 * Return: the slot, or FZ_SLOTS when it was not kept.
 */
static unsigned keep(struct ik_stack *s, int *fds, unsigned *types, long rc, unsigned ty)
{
	unsigned slot = 0;

	while (slot < FZ_SLOTS && fds[slot] >= 0)
		slot++;
	if (rc < 0) {
		errno_ok(rc);
		return FZ_SLOTS;
	}
	if (slot == FZ_SLOTS) {
		ik_sock_close(s, (int)rc);
		return FZ_SLOTS;
	}
	fds[slot] = (int)rc;
	types[slot] = ty;
	return slot;
}

/**
 * struct fz_run - what the operations share
 * @t:     the topology
 * @s:     the stack
 * @fds / @types: the sockets' slots (-1: free) and their types
 * @peer6: an IPv6 socket's connected peer (the application's choice)
 * @now:   the time
 */
struct fz_run {
	struct fz_topo *t;
	struct ik_stack *s;
	int fds[FZ_SLOTS];
	unsigned types[FZ_SLOTS];
	uint8_t peer6[FZ_SLOTS][16];
	uint64_t now;
};

/**
 * run_op6() - one IPv6 operation (script.h: 16 to 24)
 * @x: the run; @r: cursor after the opcode; @op: the operation
 */
static void run_op6(struct fz_run *x, struct rd *r, unsigned op)
{
	static uint8_t pkt[65536], buf[65536 + 64];
	struct fz_net *net = &x->t->net;
	struct ik_stack *s = x->s;
	uint8_t ab[16], from[16];
	const uint8_t *a;
	unsigned slot, oct;
	uint16_t pt;
	long rc;
	int fd;

	if (op == 16) {
		unsigned ty = u8(r) & 1 ? IK_SOCK_PING6 : IK_SOCK_UDP6;

		slot = keep(s, x->fds, x->types, ik_sock_open(s, (enum ik_sock_type)ty, 0), ty);
		if (slot < FZ_SLOTS)
			memset(x->peer6[slot], 0, 16);
		return;
	}
	if (op == 22 || op == 23) {
		uint8_t hdr[6] = { 0 };
		size_t len, got;

		if (op == 22) {
			const uint8_t *h = bytes(r, 6, &got);

			memcpy(hdr, h, got);
			a = addr6(r, x->t, ab);
			len = reflect6(net, pkt, a, hdr, u8(r));
		} else {
			len = answer6(x->t, pkt, u8(r));
		}
		if (len) {
			net->in6 = pkt;
			net->in6_len = len;
			ik_stack_input(s, net->last6_if, pkt, len, 0, x->now);
			net->in6 = NULL;
		}
		return;
	}
	if (op == 24) {
		unsigned kind = u8(r);
		struct ik_route6_spec rt = { .type = (enum ik_route_type)(kind % 4) };

		memcpy(rt.dst, addr6(r, x->t, ab), 16);
		rt.prefix = u8(r) % 129;
		if (rt.type == IK_ROUTE_UNICAST) {
			FZ_CHECK(ik_ipv6_addr_parse("fe80::1", rt.gw) == 0);
			rt.ifindex = 1 + kind / 4 % net->n;
		}
		(void)ik_stack_route6_add(s, &rt);
		return;
	}
	oct = u8(r);
	slot = oct % FZ_SLOTS;
	fd = x->fds[slot];
	if (fd < 0)
		fd = (int)(100000u + slot); /* never a descriptor: EBADF */
	switch (op) {
	case 17:
		a = addr6(r, x->t, ab);
		errno_ok(ik_sock_bind6(s, fd, a, (uint16_t)u16(r)));
		break;
	case 18:
		a = addr6(r, x->t, ab);
		rc = ik_sock_connect6(s, fd, a, (uint16_t)u16(r));
		errno_ok(rc);
		if (rc == 0)
			memcpy(x->peer6[slot], a, 16);
		break;
	case 19: {
		unsigned port;
		size_t len;
		const uint8_t *b;

		a = addr6(r, x->t, ab);
		if (oct & 8)
			a = NULL; /* to the connected peer, which the application chose */
		port = u16(r);
		b = bytes(r, u16(r), &len);
		net->app6 = 1;
		memcpy(net->app6_dst, a ? a : x->peer6[slot], 16);
		rc = ik_sock_sendto6(s, fd, b, len, a, (uint16_t)port, x->now);
		net->app6 = 0;
		sent_ok(rc, len);
		break;
	}
	case 20: {
		size_t cap = (size_t)u8(r) << 8;

		rc = ik_sock_recvfrom6(s, fd, buf, cap ? cap : sizeof(buf), from, &pt);
		if (rc >= 0)
			FZ_CHECK((size_t)rc <= (cap ? cap : sizeof(buf)));
		else
			errno_ok(rc);
		break;
	}
	case 21: {
		struct ik_route6_spec rt;

		a = addr6(r, x->t, ab);
		errno_ok(ik_sock_local6(s, fd, from, &pt));
		errno_ok(ik_sock_pending(s, fd));
		if (ik_stack_route6_get(s, a, &rt) == 0)
			FZ_CHECK(rt.prefix <= 128 && rt.type <= IK_ROUTE_BLACKHOLE);
		break;
	}
	}
}

void fz_run_script(struct fz_topo *t, const uint8_t *data, size_t size)
{
	static uint8_t pkt[65536], buf[65536 + 64];
	struct fz_net *net = &t->net;
	struct rd r = { data, size };
	static struct ik_mib seen;
	struct fz_run x = { .t = t, .now = 1000000000ull };
	int *fds = x.fds;
	unsigned *types = x.types;
	uint32_t peer[FZ_SLOTS] = { 0 };
	size_t heap0 = fz_heap();
	struct ik_stack *s;
	unsigned settings = u8(&r);

	for (unsigned i = 0; i < FZ_SLOTS; i++)
		fds[i] = -1;
	s = fz_stack_new(net, &t->cfg);
	x.s = s;
	if (t->setup)
		t->setup(s, net, (uint8_t)settings);
	if (settings & 0x80)
		ik_stack_set_trace(s, on_event, NULL);
	memset(&seen, 0, sizeof(seen));
	fz_mib_check(s, &seen);
	while (r.n) {
		unsigned oc = u8(&r), slot;
		unsigned op = oc >= 0xf0 ? FZ_OPS + (oc - 0xf0) % FZ_OPS6 : oc % FZ_OPS;
		int fd;
		long rc;

		if (op >= FZ_OPS) {
			run_op6(&x, &r, op);
			fz_mib_check(s, &seen);
			continue;
		}
		switch (op) {
		case 0: {
			unsigned ifx = u8(&r) % (net->n + 1), fl = u8(&r);
			size_t len;
			const uint8_t *b = bytes(&r, u16(&r), &len);

			memcpy(pkt, b, len);
			if (fl & 4)
				fz_fix_csums(pkt, len);
			if (fl & 8) {
				/* a batch: the datagram, a copy, and its first
				 * half, as a driver's receive ring hands them */
				static uint8_t two[65536];
				struct ik_pkt v[3] = { { pkt, len, fl & 3 }, { two, len, fl & 3 },
						       { two, len / 2, 0 } };

				memcpy(two, pkt, len);
				net->in = NULL;
				net->in6 = pkt;
				net->in6_len = len;
				FZ_CHECK(ik_stack_input_batch(s, ifx ? ifx : 1, v, 3, x.now) <= 3);
			} else {
				net->in = pkt; /* ik_stack_input() does not write it */
				net->in_len = len;
				net->in6 = pkt;
				net->in6_len = len;
				ik_stack_input(s, ifx ? ifx : 1, pkt, len, fl & 3, x.now);
			}
			net->in = NULL;
			net->in6 = NULL;
			break;
		}
		case 14:
		case 15: {
			uint8_t hdr[6] = { 0 };
			size_t len;

			if (op == 14) {
				size_t got;
				const uint8_t *h = bytes(&r, 6, &got);
				uint32_t from;

				memcpy(hdr, h, got);
				from = addr(&r, t);
				len = reflect(net, pkt, from, hdr, u8(&r));
			} else {
				len = answer(net, pkt, u8(&r));
			}
			if (len) {
				net->in = pkt;
				net->in_len = len;
				ik_stack_input(s, net->last_if, pkt, len, 0, x.now);
				net->in = NULL;
			}
			break;
		}
		case 1: {
			unsigned ms = u16(&r);

			/* small steps in µs, so the same millisecond is hit again */
			x.now += ms < 256 ? ms * 1000ull : (uint64_t)ms * 1000000ull;
			ik_stack_poll(s, x.now);
			break;
		}
		case 2: {
			unsigned ty = u8(&r) % 3 + 1, proto = u8(&r);

			slot = keep(s, fds, types,
				    ik_sock_open(s, (enum ik_sock_type)ty, (uint8_t)proto), ty);
			if (slot < FZ_SLOTS)
				peer[slot] = 0;
			break;
		}
		default: {
			uint32_t a;
			unsigned port;
			size_t len;
			const uint8_t *b;
			struct ik_sock_err e;
			uint16_t pt;
			int v;

			slot = u8(&r) % FZ_SLOTS;
			fd = fds[slot];
			if (fd < 0)
				fd = (int)(100000u + slot); /* never a descriptor (max_socks is small): EBADF */
			switch (op) {
			case 3:
				a = addr(&r, t);
				errno_ok(ik_sock_bind(s, fd, a, (uint16_t)u16(&r)));
				break;
			case 4:
				a = addr(&r, t);
				rc = ik_sock_connect(s, fd, a, (uint16_t)u16(&r));
				errno_ok(rc);
				if (rc == 0)
					peer[slot] = a;
				break;
			case 5:
				a = addr(&r, t);
				port = u16(&r);
				b = bytes(&r, u16(&r), &len);
				net->app = 1;
				/* 0.0.0.0: the connected peer, which the
				 * application chose too */
				net->app_dst = a ? a : peer[slot];
				/* ping and UDP datagrams are the stack's to build */
				net->app_raw = fds[slot] < 0 || types[slot] == IK_SOCK_RAW;
				rc = ik_sock_sendto(s, fd, b, len, a, (uint16_t)port, x.now);
				net->app = 0;
				sent_ok(rc, len);
				break;
			case 6: {
				size_t cap = (size_t)u8(&r) << 8;
				uint32_t from;

				rc = ik_sock_recvfrom(s, fd, buf, cap ? cap : sizeof(buf), &from, &pt);
				if (rc >= 0)
					FZ_CHECK((size_t)rc <= (cap ? cap : sizeof(buf)));
				else
					errno_ok(rc);
				break;
			}
			case 7:
				errno_ok(ik_sock_recverr(s, fd, &e));
				break;
			case 8: {
				unsigned o = u8(&r) % 4;

				errno_ok(ik_sock_setopt(s, fd, (enum ik_sockopt)o, (int)(int8_t)u8(&r)));
				break;
			}
			case 9:
				errno_ok(ik_sock_close(s, fd));
				fds[slot] = -1;
				break;
			case 10: {
				unsigned i = slot + 8 * (u8(&r) % 8);
				const char *name = ik_stack_setting_name(i % nsettings());
				long val = (long)u16(&r);

				if (val >= 0xff00)
					val -= 0x10000; /* a few negatives */
				ik_stack_set(s, name, val);
				break;
			}
			case 12: {
				/* a route: [slot] gives the type and interface */
				struct ik_route_spec rt = { .type = (enum ik_route_type)(slot % 4) };

				/* /16 and longer: a shorter prefix rewrites up to 2^24
				 * table entries, the table's cost, not a path to find */
				rt.dst = addr(&r, t);
				rt.prefix = 16 + u8(&r) % 17;
				rt.gw = rt.type ? 0 : addr(&r, t);
				rt.ifindex = rt.type ? 0 : 1 + slot % net->n;
				(void)ik_stack_route_add(s, &rt);
				break;
			}
			case 13: {
				struct ik_route_spec rt;

				a = addr(&r, t);
				(void)ik_stack_route_del(s, a, 16 + u8(&r) % 17);
				if (ik_stack_route_get(s, a, &rt) == 0)
					FZ_CHECK(rt.prefix <= 32 && rt.type <= IK_ROUTE_BLACKHOLE);
				FZ_CHECK(ik_stack_route_count(s) >= 1 || !net->addr[1]);
				break;
			}
			case 11:
				a = addr(&r, t);
				for (unsigned o = 0; o < 4; o++)
					errno_ok(ik_sock_getopt(s, fd, (enum ik_sockopt)o, &v));
				(void)ik_pmtu_get(s, a);
				errno_ok(ik_sock_local(s, fd, &a, &pt));
				errno_ok(ik_sock_pending(s, fd));
				break;
			}
		}
		}
		fz_mib_check(s, &seen);
	}
	/* the settings read back, the counters print */
	for (unsigned i = 0; i < nsettings(); i++) {
		long v;

		FZ_CHECK(ik_stack_get(s, ik_stack_setting_name(i), &v) == 0);
	}
	if (settings & 0x40) {
		FILE *null = fopen("/dev/null", "w");

		if (null) {
			ik_mib_print(ik_stack_mib(s), null, settings & 1);
			fclose(null);
		}
	}
	(void)ik_stack_route_mem(s);
	{
		unsigned dg = 0;
		size_t held = ik_stack_reasm_mem(s, &dg);

		FZ_CHECK(!dg == !held);
		for (unsigned i = 1; i <= net->n; i++) {
			uint8_t a6[16];

			FZ_CHECK(ik_stack_iface_addr(s, i) == net->addr[i]);
			for (unsigned k = 0; k < net->nown6[i]; k++)
				FZ_CHECK(ik_stack_iface_addr6(s, i, k, a6, NULL) == 0 &&
					 !memcmp(a6, net->own6[i][k], 16));
		}
	}
	/* every queue drained by closing, every timer run: nothing lent */
	fz_quiesce(s, fds, FZ_SLOTS, &x.now);
	fz_mib_check(s, &seen);
	ik_stack_free(s);
	FZ_CHECK(fz_heap() == heap0);
}
