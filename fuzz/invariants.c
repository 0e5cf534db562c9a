// SPDX-License-Identifier: MIT
/*
 * invariants.c - the checks every stack fuzz target makes (invariants.h)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/dissect.h"
#include "icmpkit/err.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/sock.h"
#include "icmpkit/tcp.h"
#include "icmpkit/udp.h"

#include "stack/internal.h"
#include "stack/sock/sock_priv.h"

#include "invariants.h"

#define RFC7600_SRC 0xc0000008u /* 192.0.0.8: unnumbered interfaces' ICMP source */

void fz_broken(const char *what, const char *file, int line)
{
	fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what);
	__builtin_trap();
}

/*
 * The heap in use, counted by the sanitizers' allocator hooks for this
 * thread only: the process-wide figure
 * (__sanitizer_get_current_allocated_bytes()) also moves when libFuzzer's
 * own threads (its RSS watcher) allocate, which made the check fail now
 * and then on a busy machine. A coverage build has no sanitizer: 0.
 */
int __sanitizer_install_malloc_and_free_hooks(void (*m)(const volatile void *, size_t),
					      void (*f)(const volatile void *)) __attribute__((weak));
size_t __sanitizer_get_allocated_size(const volatile void *p) __attribute__((weak));

static _Thread_local int heap_mine;
static size_t heap_live;

static void on_malloc(const volatile void *p, size_t n)
{
	if (heap_mine && p)
		heap_live += n;
}

static void on_free(const volatile void *p)
{
	if (heap_mine && p)
		heap_live -= __sanitizer_get_allocated_size(p);
}

/**
 * heap_counted() - whether the hooks count this thread's heap: installed
 * once, then proved on one allocation (a coverage build's libFuzzer may
 * define the hook functions without any allocator behind them)
 * Return: true if fz_heap() is a real count.
 */
static bool heap_counted(void)
{
	static int counted = -1;

	if (counted < 0) {
		void *volatile p;

		counted = 0;
		if (!__sanitizer_install_malloc_and_free_hooks || !__sanitizer_get_allocated_size)
			return false;
		heap_mine = 1;
		__sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);
		p = malloc(64);
		counted = heap_live >= 64;
		free(p);
	}
	return counted;
}

size_t fz_heap(void)
{
	return heap_counted() ? heap_live : 0;
}

struct ik_stack *fz_stack_new(struct fz_net *net, const struct ik_stack_config *cfg)
{
	static const struct ik_dev_ops ops = { fz_xmit };
	size_t h = fz_heap();
	struct ik_stack *s = ik_stack_new(cfg, &ops, net);

	FZ_CHECK(s != NULL);
	/* the count sees the stack's own allocations (else the heap checks
	 * would pass on nothing) */
	FZ_CHECK(!heap_counted() || fz_heap() > h);
	net->sent = 0;
	net->last_len = 0;
	for (unsigned i = 1; i <= net->n; i++)
		FZ_CHECK(ik_stack_add_iface(s, "if", net->addr[i], net->prefix[i], net->mtu[i]) ==
			 (int)i);
	return s;
}

/**
 * ours() - an address the stack sends its own ICMP from
 * @net: topology; @a: address
 * Return: true if so.
 */
static int ours(const struct fz_net *net, uint32_t a)
{
	if (a == RFC7600_SRC)
		return 1;
	for (unsigned i = 1; i <= net->n; i++)
		if (net->addr[i] && a == net->addr[i])
			return 1;
	return 0;
}

/**
 * dir_bcast() - @a is the directed broadcast of an interface's subnet
 * @net: topology; @a: address
 * Return: true if so.
 */
static int dir_bcast(const struct fz_net *net, uint32_t a)
{
	for (unsigned i = 1; i <= net->n; i++) {
		uint32_t host = net->prefix[i] >= 32 ? 0 : 0xffffffffu >> net->prefix[i];

		if (net->addr[i] && net->prefix[i] < 31 && host && (a & host) == host &&
		    (a & ~host) == (net->addr[i] & ~host))
			return 1;
	}
	return 0;
}

/**
 * bad_dst() - a destination nothing may be sent to: broadcast, multicast,
 * this-network, loopback (240/4 is not: Linux forwards to it, as unicast)
 * @net: topology; @a: address
 * Return: true if so.
 */
static int bad_dst(const struct fz_net *net, uint32_t a)
{
	return (a >> 28) == 0xe || a == 0xffffffffu || (a >> 24) == 0 || (a >> 24) == 127 ||
	       dir_bcast(net, a);
}

/** dump() - the datagram in hex on stderr, before a check fails */
static void dump(const uint8_t *p, size_t len)
{
	fprintf(stderr, "fz: emitted:");
	for (size_t i = 0; i < len; i++)
		fprintf(stderr, " %02x", p[i]);
	fputc('\n', stderr);
}

/**
 * check_l4() - the transport checksum of an unfragmented datagram, and
 * that our decoder takes it as valid
 * @p / @len: the datagram; @ip: its header; @hl: header length
 */
static void check_l4(const uint8_t *p, size_t len, const struct ik_ipv4_repr *ip, int hl)
{
	static struct ik_dissection d;
	const uint8_t *l4 = p + hl;
	size_t n = len - (size_t)hl;
	struct ik_icmp_repr r;
	struct ik_udp_repr u;
	struct ik_tcp_repr t;
	struct ik_wire_err e = { 0 };
	int rc = 0;

	if (ip->proto == IK_IPPROTO_ICMP)
		rc = ik_icmp_parse(l4, n, 0, &r, &e);
	else if (ip->proto == IK_IPPROTO_UDP)
		rc = ik_udp_parse(l4, n, ip->src, ip->dst, 0, &u, &e);
	else if (ip->proto == IK_IPPROTO_TCP)
		rc = ik_tcp_parse(l4, n, ip->src, ip->dst, 0, &t, &e);
	if (rc < 0) {
		fprintf(stderr, "fz: emitted protocol %u: %s\n", ip->proto, e.msg);
		dump(p, len);
	}
	FZ_CHECK(rc >= 0);
	/* our own layers clean: a quote is the octets the sender wrote, bad
	 * lengths and checksums included */
	if (ik_dissect(&d, p, len) != 0) {
		size_t qoff = len;
		int bad = 0;

		for (size_t i = 0; i < d.nlayers; i++)
			if (d.layers[i].depth > 0 && d.layers[i].off < qoff)
				qoff = d.layers[i].off;
		if (d.has_err && d.err.off < qoff)
			bad = 1;
		for (size_t i = 0; i < d.nlayers; i++)
			for (size_t k = 0; k < d.layers[i].nv; k++)
				if (d.layers[i].depth == 0 && d.layers[i].v[k].status == IK_VS_BAD) {
					fprintf(stderr, "fz:   %s: %s (%s)\n", d.layers[i].title,
						d.layers[i].v[k].what, d.layers[i].v[k].note);
					bad = 1;
				}
		if (bad) {
			fprintf(stderr, "fz: dissect: %s at %zu\n", d.has_err ? d.err.msg : "",
				d.has_err ? d.err.off : 0);
			dump(p, len);
			FZ_CHECK(!"emitted datagram dissects cleanly");
		}
	}
}

/**
 * forwarded() - whether @p is the datagram being input, forwarded (same
 * addresses, protocol and payload; TTL, checksum and options may differ)
 * @net: topology; @p / @len: emitted datagram; @hl: its header length
 * Return: true if so.
 */
static bool forwarded(const struct fz_net *net, const uint8_t *p, size_t len, int hl)
{
	size_t ihl;

	if (!net->in || net->in_len < 20)
		return false;
	ihl = (size_t)(net->in[0] & 0x0f) * 4;
	if (ihl < 20 || ihl > net->in_len || len - (size_t)hl != net->in_len - ihl)
		return false;
	return p[9] == net->in[9] && !memcmp(p + 12, net->in + 12, 8) &&
	       !memcmp(p + hl, net->in + ihl, len - (size_t)hl);
}

/**
 * unragged() - @p with a Timestamp option whose length is not a whole
 * number of entries (a peer's option, echoed) turned into NOPs, into @out
 * @p / @len: the datagram; @out: the copy (65,536 octets)
 *
 * A peer may send a Timestamp option of length 14 (two entries and two
 * spare octets); Linux fills its entries, the reply's too (ip_options_echo
 * checks only that the next entry fits), and sends the pointer on at 13,
 * which no parser, ours or Linux's, then reads as valid. The stack does
 * as Linux does; the other checks still apply to the rest of the datagram.
 * Return: true when there was such an option (@out holds the copy, its
 * header checksum written again).
 */
static bool unragged(const uint8_t *p, size_t len, uint8_t *out)
{
	size_t hl = (size_t)(p[0] & 0x0f) * 4, i = 20;
	bool found = false;

	if (len < 20 || hl > len || hl <= 20)
		return false;
	memcpy(out, p, len);
	while (i < hl && out[i] != 0) {
		unsigned ol = out[i] == 1 ? 1 : i + 1 < hl ? out[i + 1] : 0;

		if (ol < 1 || i + ol > hl)
			return false;
		if (out[i] == 0x44 && ol >= 4 && (ol - 4) % ((out[i + 3] & 0x0f) ? 8 : 4)) {
			memset(out + i, 1, ol);
			found = true;
		}
		i += ol;
	}
	if (found) {
		ik_put16(out + 10, 0);
		ik_put16(out + 10, ik_csum(out, hl));
	}
	return found;
}

void fz_check_emitted(const struct fz_net *net, unsigned ifindex, uint32_t nh, const uint8_t *p,
		      size_t len)
{
	static uint8_t copy[65536];
	struct ik_wire_err werr = { 0 };
	struct ik_ipv4_repr ip;
	int hl;

	FZ_CHECK(ifindex >= 1 && ifindex <= net->n);
	FZ_CHECK(len <= net->mtu[ifindex]);
	hl = ik_ipv4_parse(p, len, 0, &ip, &werr);
	if (hl == -IK_EOPTION && len <= sizeof(copy) && unragged(p, len, copy)) {
		p = copy;
		hl = ik_ipv4_parse(p, len, 0, &ip, &werr);
	}
	/* a forwarded fragment whose offset + length pass 65535 goes on as it
	 * came (Linux's ip_forward() does not look): the sender's octets */
	if (hl == -IK_EFRAG && !ours(net, ik_get32(p + 12)))
		return;
	if (hl < 20) {
		fprintf(stderr, "fz: emitted IPv4 header: %s\n", werr.msg);
		dump(p, len);
	}
	FZ_CHECK(hl >= 20);
	FZ_CHECK(ip.total_len == len);
	FZ_CHECK(ip.ttl != 0);
	/* broadcast and multicast: never; a directed broadcast is forwarded
	 * only when bc_forwarding asked for it */
	if (bad_dst(net, ip.dst) && !(net->app && ip.dst == net->app_dst) &&
	    !(net->bc_fwd && nh == ip.dst && dir_bcast(net, ip.dst)))
		dump(p, len);
	if (bad_dst(net, ip.dst) && !(net->app && ip.dst == net->app_dst))
		FZ_CHECK(net->bc_fwd && nh == ip.dst && dir_bcast(net, ip.dst));
	if (ip.frag_off || ip.mf)
		return;
	/* forwarded datagrams keep the sender's octets: check only ours (a
	 * sender may use 192.0.0.8 too: the datagram being input, forwarded) */
	if (!ours(net, ip.src) || (net->app && net->app_raw) || forwarded(net, p, len, hl))
		return;
	check_l4(p, len, &ip, hl);
	if (ip.proto == IK_IPPROTO_ICMP && len >= (size_t)hl + 8 && ik_icmp_is_error(p[hl]) &&
	    len >= (size_t)hl + 8 + 20) {
		const uint8_t *q = p + hl + 8;
		size_t qhl = (size_t)(q[0] & 0x0f) * 4;

		/* never an error about an ICMP error (RFC 1122 §3.2.2) */
		if (q[9] == IK_IPPROTO_ICMP && (ik_get16(q + 6) & 0x1fff) == 0 &&
		    len >= (size_t)hl + 8 + qhl + 1 && ik_icmp_is_error(q[qhl])) {
			dump(p, len);
			FZ_CHECK(!"an ICMP error never quotes an ICMP error");
		}
		/* never about a datagram from a broadcast or multicast source
		 * (the error goes to that source: covered above) */
	}
}

int fz_xmit(void *ctx, unsigned ifindex, uint32_t nh, const uint8_t *p, size_t len, uint64_t now)
{
	struct fz_net *net = ctx;

	(void)now;
	net->sent++;
	fz_check_emitted(net, ifindex, nh, p, len);
	if (len <= sizeof(net->last)) {
		memcpy(net->last, p, len);
		net->last_len = len;
		net->last_if = ifindex;
	}
	return 0;
}

void fz_mib_check(const struct ik_stack *s, struct ik_mib *prev)
{
	const struct ik_mib *m = ik_stack_mib(s);

	for (unsigned i = 0; i < IK_MIB_MAX; i++)
		FZ_CHECK(m->c[i] >= prev->c[i]);
	for (unsigned i = 0; i < 256; i++) {
		FZ_CHECK(m->in_type[i] >= prev->in_type[i]);
		FZ_CHECK(m->out_type[i] >= prev->out_type[i]);
	}
	memcpy(prev, m, sizeof(*prev));
}

void fz_quiesce(struct ik_stack *s, int *fds, unsigned n, uint64_t *now)
{
	uint64_t d;
	unsigned guard = 0;

	for (unsigned i = 0; i < n; i++)
		if (fds[i] >= 0) {
			FZ_CHECK(ik_sock_close(s, fds[i]) == 0);
			fds[i] = -1;
		}
	while ((d = ik_stack_poll(s, *now)) != UINT64_MAX) {
		FZ_CHECK(++guard < 1000);
		*now = d > *now ? d : *now + 1;
	}
	FZ_CHECK(ik_stack_deadline(s) == UINT64_MAX);
	FZ_CHECK(s->socks->open == 0);
	FZ_CHECK(s->socks->rx.avail == s->socks->rx.n);
}

void fz_fix_csums(uint8_t *p, size_t len)
{
	size_t hl, tot;

	if (len < 20 || (p[0] >> 4) != 4 || (p[0] & 0x0f) < 5)
		return;
	hl = (size_t)(p[0] & 0x0f) * 4;
	if (hl > len)
		return;
	ik_put16(p + 10, 0);
	ik_put16(p + 10, ik_csum(p, hl));
	tot = ik_get16(p + 2);
	if (tot > len || tot < hl || (ik_get16(p + 6) & 0x3fff))
		return;
	if (p[9] == IK_IPPROTO_ICMP && tot - hl >= 4) {
		ik_put16(p + hl + 2, 0);
		ik_put16(p + hl + 2, ik_csum(p + hl, tot - hl));
	} else if (p[9] == IK_IPPROTO_UDP && tot - hl >= 8 && ik_get16(p + hl + 4) <= tot - hl &&
		   ik_get16(p + hl + 4) >= 8) {
		size_t ul = ik_get16(p + hl + 4);
		uint16_t c;

		ik_put16(p + hl + 6, 0);
		c = ik_udp_checksum(p + hl, ul, ik_get32(p + 12), ik_get32(p + 16));
		ik_put16(p + hl + 6, c);
	} else if (p[9] == IK_IPPROTO_TCP && tot - hl >= 20) {
		ik_put16(p + hl + 16, 0);
		ik_put16(p + hl + 16, ik_tcp_checksum(p + hl, tot - hl, ik_get32(p + 12), ik_get32(p + 16)));
	}
}
