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
#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/ipv6.h"
#include "icmpkit/sock.h"
#include "icmpkit/stack6.h"
#include "icmpkit/tcp.h"
#include "icmpkit/udp.h"

#include "stack/internal.h"
#include "stack/sock/sock_priv.h"

#include "../tests/refsum.h"
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
	static const struct ik_dev_ops ops = { fz_xmit, fz_xmit6 };
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
	for (unsigned i = 1; i <= net->n; i++) {
		static const uint8_t none[16];
		const uint8_t iid[8] = { [6] = (uint8_t)i, [7] = 0x10 };
		unsigned k = 0;

		net->nown6[i] = 0;
		if (!memcmp(net->addr6[i], none, 16))
			continue;
		FZ_CHECK(ik_stack_set_iid(s, i, iid) == 0);
		FZ_CHECK(ik_stack_add_addr6(s, i, net->addr6[i], net->prefix6[i]) == 0);
		while (k < FZ_MAX_ADDR6 && ik_stack_iface_addr6(s, i, k, net->own6[i][k], NULL) == 0)
			k++;
		FZ_CHECK(k >= 2); /* the link-local address and the global one */
		net->nown6[i] = k;
	}
	net->last6_len = 0;
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

uint16_t fz_sum6(const uint8_t src[16], const uint8_t dst[16], uint8_t nh, const uint8_t *l4,
		 size_t n, size_t co)
{
	const uint8_t ph[8] = { (uint8_t)(n >> 24), (uint8_t)(n >> 16), (uint8_t)(n >> 8),
				(uint8_t)n, 0, 0, 0, nh };
	uint64_t acc = ref_sum(src, 16, 0);
	uint16_t v;

	acc = ref_sum(dst, 16, acc);
	acc = ref_sum(ph, 8, acc);
	/* the field taken as zero: the octets before and after it (@co is
	 * even, so they keep their word positions) */
	acc = ref_sum(l4, co, acc);
	if (co + 2 < n)
		acc = ref_sum(l4 + co + 2, n - co - 2, acc);
	v = ref_fold(acc);
	return nh == IK_IPV6_NH_UDP && !v ? 0xffff : v;
}

uint8_t fz_upper6(const uint8_t *p, size_t n, size_t *off, int *frag)
{
	uint8_t nh = p[6];
	size_t o = IK_IPV6_HDR_LEN;

	*frag = 0;
	for (unsigned k = 0; k < 16 && o + 8 <= n; k++) {
		if (nh == IK_IPV6_NH_FRAGMENT) {
			if ((ik_get16(p + o + 2) & 0xfff8) != 0) {
				*frag = 2;
				break;
			}
			if (p[o + 3] & 1)
				*frag = 1;
			nh = p[o];
			o += 8;
		} else if (nh == IK_IPV6_NH_HOPOPTS || nh == IK_IPV6_NH_ROUTING ||
			   nh == IK_IPV6_NH_DSTOPTS) {
			nh = p[o];
			o += ((size_t)p[o + 1] + 1) * 8;
		} else {
			break;
		}
	}
	*off = o;
	return nh;
}

/**
 * own6() - one of the stack's IPv6 addresses (of any interface)
 * @net: topology; @a: address
 * Return: true if so.
 */
static bool own6(const struct fz_net *net, const uint8_t a[16])
{
	for (unsigned i = 1; i <= net->n; i++)
		for (unsigned k = 0; k < net->nown6[i]; k++)
			if (!memcmp(net->own6[i][k], a, 16))
				return true;
	return false;
}

/**
 * bad_dst6() - an IPv6 destination nothing goes to unasked: ::, ::1,
 * IPv4-mapped, or a group
 * @a: address
 * Return: true if so.
 */
static bool bad_dst6(const uint8_t a[16])
{
	static const uint8_t z[16], lo[16] = { [15] = 1 }, v4m[12] = { [10] = 0xff, [11] = 0xff };

	return !memcmp(a, z, 16) || !memcmp(a, lo, 16) || !memcmp(a, v4m, 12) || a[0] == 0xff;
}

/**
 * check_quote6() - an ICMPv6 error's quote is not of an ICMPv6 error or a
 * Redirect (RFC 4443 §2.4(e.1)), the quote's extension headers walked
 * whatever their order
 * @p / @len: the emitted datagram; @m: its ICMPv6 message; @n: its octets
 */
static void check_quote6(const uint8_t *p, size_t len, const uint8_t *m, size_t n)
{
	const uint8_t *q = m + 8;
	size_t qn = n - 8, off;
	int frag;
	uint8_t nh;

	if (n < 8 + IK_IPV6_HDR_LEN || (q[0] >> 4) != 6)
		return;
	nh = fz_upper6(q, qn, &off, &frag);
	if (nh != IK_IPV6_NH_ICMPV6 || frag == 2 || off >= qn)
		return;
	if (q[off] < 128 || q[off] == IK_ICMP6_REDIRECT) {
		dump(p, len);
		FZ_CHECK(!"an ICMPv6 error never quotes an ICMPv6 error or a Redirect");
	}
}

/**
 * forwarded6() - whether @p is the IPv6 datagram being input, forwarded
 * (the same octets but the Hop Limit, link padding cut)
 * @net: topology; @p / @len: the emitted datagram
 * Return: true if so.
 */
static bool forwarded6(const struct fz_net *net, const uint8_t *p, size_t len)
{
	if (!net->in6 || net->in6_len < IK_IPV6_HDR_LEN || len > net->in6_len)
		return false;
	return !memcmp(p, net->in6, 7) && !memcmp(p + 8, net->in6 + 8, len - 8);
}

void fz_check_emitted6(const struct fz_net *net, unsigned ifindex, const uint8_t *p, size_t len)
{
	static struct ik_dissection d;
	struct ik_wire_err werr = { 0 };
	struct ik_ipv6_repr ip;
	struct ik_icmpv6_repr m;
	const uint8_t *l4;
	size_t n;
	int rc;

	FZ_CHECK(ifindex >= 1 && ifindex <= net->n);
	FZ_CHECK(net->nown6[ifindex] > 0); /* an interface without IPv6 sends none */
	FZ_CHECK(len <= net->mtu[ifindex]);
	/* our own dissectors on it: they must not crash (what they say of
	 * IPv6 is not judged here) */
	(void)ik_dissect_ipv6(&d, p, len);
	(void)ik_dissect_ip(&d, p, len);
	if (len >= IK_IPV6_HDR_LEN && forwarded6(net, p, len)) {
		/* a router's copy: the sender's octets, but never to a group, and
		 * only with a Hop Limit left */
		FZ_CHECK(IK_IPV6_HDR_LEN + (size_t)ik_get16(p + 4) == len);
		FZ_CHECK(p[7] != 0 && p[7] == net->in6[7] - 1);
		FZ_CHECK(!bad_dst6(p + 24));
		return;
	}
	rc = ik_ipv6_parse(p, len, 0, &ip, &werr);
	if (rc < 0) {
		fprintf(stderr, "fz: emitted IPv6 header: %s\n", werr.msg);
		dump(p, len);
	}
	FZ_CHECK(rc >= 0);
	FZ_CHECK(IK_IPV6_HDR_LEN + (size_t)ip.payload_len == len);
	FZ_CHECK(ip.hop_limit != 0);
	if (!own6(net, ip.src))
		dump(p, len);
	FZ_CHECK(own6(net, ip.src)); /* never ::, never a group: ours */
	if (bad_dst6(ip.dst) && !(net->app6 && !memcmp(ip.dst, net->app6_dst, 16))) {
		dump(p, len);
		FZ_CHECK(!"an IPv6 datagram to ::, ::1, IPv4-mapped or a group no one chose");
	}
	if (ip.frag && !ip.atomic)
		return; /* the stack sends no fragments; were it to, the sum is the whole's */
	l4 = p + ip.l4_off;
	n = len - ip.l4_off;
	if (ip.proto == IK_IPV6_NH_ICMPV6) {
		FZ_CHECK(n >= 4);
		if (fz_sum6(ip.src, ip.dst, ip.proto, l4, n, 2) != ik_get16(l4 + 2)) {
			dump(p, len);
			FZ_CHECK(!"ICMPv6 checksum right");
		}
		rc = ik_icmpv6_parse(l4, n, ip.src, ip.dst, 0, &m, &werr);
		if (rc < 0) {
			fprintf(stderr, "fz: emitted ICMPv6: %s\n", werr.msg);
			dump(p, len);
		}
		FZ_CHECK(rc >= 0);
		if (l4[0] < 128) {
			FZ_CHECK(len <= IK_IPV6_MIN_MTU); /* RFC 4443 §2.4(c) */
			check_quote6(p, len, l4, n);
		}
	} else if (ip.proto == IK_IPV6_NH_TCP) {
		FZ_CHECK(n >= 20);
		if (fz_sum6(ip.src, ip.dst, ip.proto, l4, n, 16) != ik_get16(l4 + 16)) {
			dump(p, len);
			FZ_CHECK(!"TCP checksum right");
		}
	} else if (ip.proto == IK_IPV6_NH_UDP) {
		FZ_CHECK(n >= 8 && ik_get16(l4 + 4) == n);
		if (ik_get16(l4 + 6) == 0 || fz_sum6(ip.src, ip.dst, ip.proto, l4, n, 6) != ik_get16(l4 + 6)) {
			dump(p, len);
			FZ_CHECK(!"UDP checksum right (and never 0 over IPv6)");
		}
	}
}

int fz_xmit6(void *ctx, unsigned ifindex, const uint8_t nh[16], const uint8_t *p, size_t len,
	     uint64_t now)
{
	struct fz_net *net = ctx;

	(void)now;
	net->sent++;
	FZ_CHECK(!bad_dst6(nh) || nh[0] == 0xff); /* a next hop, or the group itself */
	fz_check_emitted6(net, ifindex, p, len);
	if (len <= sizeof(net->last6)) {
		memcpy(net->last6, p, len);
		net->last6_len = len;
		net->last6_if = ifindex;
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
		FZ_CHECK(m->in_type6[i] >= prev->in_type6[i]);
		FZ_CHECK(m->out_type6[i] >= prev->out_type6[i]);
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

/**
 * fix_csum6() - the ICMPv6 / UDP checksum of an IPv6 datagram (not of a
 * later fragment), over what Payload Length says is there
 * @p / @len: the datagram (modified)
 */
static void fix_csum6(uint8_t *p, size_t len)
{
	size_t end = IK_IPV6_HDR_LEN + (size_t)ik_get16(p + 4), off, co;
	int frag;
	uint8_t nh;

	end = end < len ? end : len;
	nh = fz_upper6(p, end, &off, &frag);
	co = nh == IK_IPV6_NH_ICMPV6 ? 2 : nh == IK_IPV6_NH_UDP ? 6 : nh == IK_IPV6_NH_TCP ? 16 : 0;
	if (frag || !co || off + co + 2 > end)
		return;
	ik_put16(p + off + co, fz_sum6(p + 8, p + 24, nh, p + off, end - off, co));
}

void fz_fix_csums(uint8_t *p, size_t len)
{
	size_t hl, tot;

	if (len >= IK_IPV6_HDR_LEN && (p[0] >> 4) == 6) {
		fix_csum6(p, len);
		return;
	}

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
