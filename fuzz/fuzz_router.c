// SPDX-License-Identifier: MIT
/*
 * fuzz_router.c - libFuzzer target: a router with three interfaces (one
 * unnumbered) and every route type, fed a script of datagrams
 *
 * Input: one settings octet (bit 0 accept_source_route, bit 1
 * bc_forwarding, bit 2 send_redirects off, bit 3 the harness writes each
 * datagram's header checksum, so mutations get past validation), then records of [interface
 * octet][link-flags octet][length: 2 octets][datagram]. The clock steps
 * 7 ms per record, so rate limits and redirect back-off move.
 *
 * Invariants checked on everything the router emits (abort() on a breach):
 * the IPv4 header parses with a right checksum, the datagram fits the
 * outgoing interface's MTU, it never goes to a broadcast, multicast or
 * 0/8 / 127/8 address, an ICMP error is never sent about an ICMP error
 * (the quoted datagram, when its type octet is there, is not an error),
 * a forwarded datagram's TTL is at least 1, and counters never go down.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/mib.h"
#include "icmpkit/stack.h"

static const unsigned mtu[4] = { 0, 1500, 1280, 576 };
static int bc_fwd; /* bc_forwarding of the current script */

/**
 * ours() - a source only the router itself sends from
 * @a: address
 * Return: true if so.
 */
static int ours(uint32_t a)
{
	return a == 0xc0000201u || a == 0xc6336401u || a == 0xc0000008u;
}

/**
 * bad_dst() - a destination nothing may be sent to
 * @a: address
 * Return: true if so.
 */
static int bad_dst(uint32_t a)
{
	return (a >> 28) == 0xe || a == 0xffffffffu || (a >> 24) == 0 || (a >> 24) == 127 ||
	       a == 0xc00002ffu || a == 0xc63364ffu;
}

/**
 * xmit() - check one emitted datagram against the invariants
 * @ctx: unused; @ifindex: outgoing interface; @nh: next hop; @p/@len: it;
 * @now: time
 * Return: 0.
 */
static int xmit(void *ctx, unsigned ifindex, uint32_t nh, const uint8_t *p, size_t len,
		uint64_t now)
{
	struct ik_ipv4_repr ip;
	int hl;

	(void)ctx;
	(void)now;
	if (ifindex < 1 || ifindex > 3 || len > mtu[ifindex])
		abort();
	hl = ik_ipv4_parse(p, len, 0, &ip, NULL);
	if (hl < 0 || ip.total_len != len || ip.ttl == 0)
		abort();
	/* a directed broadcast goes out only when bc_forwarding asked for it */
	if (bad_dst(ip.dst) &&
	    !(bc_fwd && nh == ip.dst && (ip.dst == 0xc63364ffu || ip.dst == 0xc00002ffu)))
		abort();
	/* what the router says itself (forwarded octets are the sender's) */
	if (ours(ip.src) && ip.proto == IK_IPPROTO_ICMP && ip.frag_off == 0 && !ip.mf &&
	    len >= (size_t)hl + 8 + 20 && ik_icmp_is_error(p[hl])) {
		const uint8_t *q = p + hl + 8;
		size_t qhl = (size_t)(q[0] & 0x0f) * 4;

		if (ik_csum(p + hl, len - (size_t)hl) != 0)
			abort();
		/* the quoted datagram: never an ICMP error itself */
		if (q[9] == IK_IPPROTO_ICMP && (ik_get16(q + 6) & 0x1fff) == 0 &&
		    len >= (size_t)hl + 8 + qhl + 1 && ik_icmp_is_error(q[qhl]))
			abort();
	}
	return 0;
}

/**
 * LLVMFuzzerTestOneInput() - one script
 * @data/@size: the fuzz input
 * Return: 0.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct ik_dev_ops ops = { xmit };
	struct ik_stack_config cfg = { .seed = 1, .max_socks = 4, .rx_pool = 4096, .peers = 16,
				       .pmtu_entries = 16, .reasm_slots = 4 };
	struct ik_stack *s;
	static struct ik_mib before;
	static uint8_t pkt[65536];
	uint64_t now = 1000000000ull;
	size_t off = 1;

	if (size < 1)
		return 0;
	s = ik_stack_new(&cfg, &ops, NULL);
	if (!s)
		abort();
	ik_stack_add_iface(s, "eth0", 0xc0000201u, 24, mtu[1]);   /* 192.0.2.1/24 */
	ik_stack_add_iface(s, "eth1", 0xc6336401u, 24, mtu[2]);   /* 198.51.100.1/24 */
	ik_stack_add_iface(s, "un0", 0, 0, mtu[3]);               /* unnumbered */
	ik_stack_add_route(s, 0xcb007100u, 25, 0xc00002feu, 1);   /* 203.0.113.0/25 */
	ik_stack_add_route(s, 0xcb007180u, 25, 0, 3);             /* 203.0.113.128/25 */
	for (unsigned t = 1; t <= 3; t++) {
		struct ik_route_spec r = { .dst = 0xc6120000u + (t << 8), .prefix = 24,
					   .type = (enum ik_route_type)t };

		ik_stack_route_add(s, &r);
	}
	ik_stack_set(s, "ip_forward", 1);
	ik_stack_set(s, "accept_source_route", data[0] & 1);
	bc_fwd = (data[0] >> 1) & 1;
	ik_stack_set(s, "bc_forwarding", bc_fwd);
	ik_stack_set(s, "send_redirects", !((data[0] >> 2) & 1));
	while (off + 4 <= size) {
		unsigned ifx = data[off] % 3 + 1, flags = data[off + 1] & 3;
		size_t len = ik_get16(data + off + 2);

		off += 4;
		if (len > size - off)
			len = size - off;
		memcpy(&before, ik_stack_mib(s), sizeof(before));
		memcpy(pkt, data + off, len);
		if ((data[0] & 8) && len >= 20 && (size_t)(pkt[0] & 0x0f) * 4 <= len &&
		    (pkt[0] & 0x0f) >= 5) {
			ik_put16(pkt + 10, 0);
			ik_put16(pkt + 10, ik_csum(pkt, (size_t)(pkt[0] & 0x0f) * 4));
		}
		ik_stack_input(s, ifx, pkt, len, flags, now);
		for (unsigned i = 0; i < IK_MIB_MAX; i++)
			if (ik_stack_mib(s)->c[i] < before.c[i])
				abort();
		off += len;
		now += 7000000ull;
		ik_stack_poll(s, now);
	}
	ik_stack_free(s);
	return 0;
}
