// SPDX-License-Identifier: MIT
/*
 * script.c - the script interpreter of the stateful fuzz targets (script.h)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "icmpkit/bytes.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/sock.h"
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
 * reflect() - an ICMP error from @from about the last datagram @net saw
 * sent, into @pkt (checksums written)
 * @net: where the last datagram is; @pkt: output; @from: the reporter;
 * @hdr: type, code and the 4-octet word; @cut: how much is quoted
 * Return: its length (0: nothing was sent yet).
 */
static size_t reflect(const struct fz_net *net, uint8_t *pkt, uint32_t from, const uint8_t hdr[6],
		      unsigned cut)
{
	size_t q = net->last_len;

	if (q < 20)
		return 0;
	q = cut ? 20 + cut % 64 : 576 - 28;
	q = q < net->last_len ? q : net->last_len;
	memset(pkt, 0, 28);
	pkt[0] = 0x45;
	ik_put16(pkt + 2, (uint16_t)(28 + q));
	pkt[8] = 64;
	pkt[9] = IK_IPPROTO_ICMP;
	ik_put32(pkt + 12, from);
	memcpy(pkt + 16, net->last + 12, 4);
	pkt[20] = hdr[0];
	pkt[21] = hdr[1];
	memcpy(pkt + 24, hdr + 2, 4);
	memcpy(pkt + 28, net->last, q);
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

/** a negative errno from a socket call: a known one, never a wild value */
static void errno_ok(long rc)
{
	FZ_CHECK(rc >= -4095);
}

void fz_run_script(struct fz_topo *t, const uint8_t *data, size_t size)
{
	static uint8_t pkt[65536], buf[65536 + 64];
	struct fz_net *net = &t->net;
	struct rd r = { data, size };
	static struct ik_mib seen;
	int fds[FZ_SLOTS];
	unsigned types[FZ_SLOTS];
	uint32_t peer[FZ_SLOTS] = { 0 };
	uint64_t now = 1000000000ull;
	size_t heap0 = fz_heap();
	struct ik_stack *s;
	unsigned settings = u8(&r);

	for (unsigned i = 0; i < FZ_SLOTS; i++)
		fds[i] = -1;
	s = fz_stack_new(net, &t->cfg);
	if (t->setup)
		t->setup(s, net, (uint8_t)settings);
	if (settings & 0x80)
		ik_stack_set_trace(s, on_event, NULL);
	memset(&seen, 0, sizeof(seen));
	fz_mib_check(s, &seen);
	while (r.n) {
		unsigned op = u8(&r) % FZ_OPS, slot;
		int fd;
		long rc;

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
				FZ_CHECK(ik_stack_input_batch(s, ifx ? ifx : 1, v, 3, now) <= 3);
			} else {
				net->in = pkt; /* ik_stack_input() does not write it */
				net->in_len = len;
				ik_stack_input(s, ifx ? ifx : 1, pkt, len, fl & 3, now);
			}
			net->in = NULL;
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
				ik_stack_input(s, net->last_if, pkt, len, 0, now);
				net->in = NULL;
			}
			break;
		}
		case 1: {
			unsigned ms = u16(&r);

			/* small steps in µs, so the same millisecond is hit again */
			now += ms < 256 ? ms * 1000ull : (uint64_t)ms * 1000000ull;
			ik_stack_poll(s, now);
			break;
		}
		case 2: {
			unsigned ty = u8(&r) % 3 + 1, proto = u8(&r);

			slot = 0;
			while (slot < FZ_SLOTS && fds[slot] >= 0)
				slot++;
			rc = ik_sock_open(s, (enum ik_sock_type)ty, (uint8_t)proto);
			if (rc >= 0) {
				if (slot == FZ_SLOTS)
					ik_sock_close(s, (int)rc);
				else {
					fds[slot] = (int)rc;
					types[slot] = ty;
					peer[slot] = 0;
				}
			} else {
				errno_ok(rc);
			}
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
				rc = ik_sock_sendto(s, fd, b, len, a, (uint16_t)port, now);
				net->app = 0;
				if (rc >= 0)
					FZ_CHECK((size_t)rc == len);
				else
					errno_ok(rc);
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
		for (unsigned i = 1; i <= net->n; i++)
			FZ_CHECK(ik_stack_iface_addr(s, i) == net->addr[i]);
	}
	/* every queue drained by closing, every timer run: nothing lent */
	fz_quiesce(s, fds, FZ_SLOTS, &now);
	fz_mib_check(s, &seen);
	ik_stack_free(s);
	FZ_CHECK(fz_heap() == heap0);
}
