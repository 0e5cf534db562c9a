// SPDX-License-Identifier: MIT
/*
 * topo.c - the fuzzed stacks' interfaces, routes and settings (topo.h)
 */
#include <string.h>

#include "icmpkit/ipv6.h"
#include "icmpkit/stack6.h"

#include "topo.h"

/**
 * a6() - an IPv6 address from its text (the tables below are text to be
 * read)
 * @text: the address; @out: 16 octets
 */
static void a6(const char *text, uint8_t out[16])
{
	FZ_CHECK(ik_ipv6_addr_parse(text, out) == 0);
}

/**
 * addrs6() - fill the 16 IPv6 addresses an [addr6] operand picks
 * @t: topology; @text: 15 addresses (the 16th comes from the input)
 */
static void addrs6(struct fz_topo *t, const char *const text[15])
{
	for (unsigned i = 0; i < 15; i++)
		a6(text[i], t->addrs6[i]);
}

/**
 * refusing6() - the IPv6 unreachable, prohibit and blackhole routes:
 * 2001:db8:f1::/48, f2, f3
 * @s: stack
 */
static void refusing6(struct ik_stack *s)
{
	for (unsigned t = 1; t <= 3; t++) {
		struct ik_route6_spec r = { .dst = { 0x20, 0x01, 0x0d, 0xb8, 0, (uint8_t)(0xf0 + t) },
					    .prefix = 48, .type = (enum ik_route_type)t };

		FZ_CHECK(ik_stack_route6_add(s, &r) == 0);
	}
}

/**
 * route6_via() - an IPv6 route to @dst/@prefix through @gw on @ifindex
 * @s: stack; @dst / @prefix / @gw: as text; @ifindex: interface
 */
static void route6_via(struct ik_stack *s, const char *dst, unsigned prefix, const char *gw,
		       unsigned ifindex)
{
	struct ik_route6_spec r = { .prefix = prefix, .ifindex = ifindex };

	a6(dst, r.dst);
	a6(gw, r.gw);
	FZ_CHECK(ik_stack_route6_add(s, &r) == 0);
}

/** refusing() - the unreachable, prohibit and blackhole routes */
static void refusing(struct ik_stack *s)
{
	for (unsigned t = 1; t <= 3; t++) {
		struct ik_route_spec r = { .dst = 0xc6120000u + (t << 8), .prefix = 24,
					   .type = (enum ik_route_type)t };

		FZ_CHECK(ik_stack_route_add(s, &r) == 0);
	}
}

/**
 * host_setup() - settings octet: bit 0 accept_redirects, bit 1
 * ip_no_pmtu_disc, bit 2 icmp_echo_ignore_broadcasts off, bit 3
 * icmp_ratelimit and icmpv6_ratelimit 0, bit 4 ip_forward and
 * ipv6_forwarding, bit 5
 * icmp_errors_use_inbound_ifaddr; the IPv6 default route via fe80::1
 */
static void host_setup(struct ik_stack *s, struct fz_net *net, uint8_t o)
{
	(void)net;
	FZ_CHECK(ik_stack_add_route(s, 0, 0, 0xc0000201u, 1) == 0);
	refusing(s);
	route6_via(s, "::", 0, "fe80::1", 1);
	refusing6(s);
	ik_stack_set(s, "accept_redirects", o & 1);
	ik_stack_set(s, "ip_no_pmtu_disc", (o >> 1) & 1);
	ik_stack_set(s, "icmp_echo_ignore_broadcasts", !((o >> 2) & 1));
	if (o & 8) {
		ik_stack_set(s, "icmp_ratelimit", 0);
		ik_stack_set(s, "icmpv6_ratelimit", 0);
	}
	ik_stack_set(s, "ip_forward", (o >> 4) & 1);
	ik_stack_set(s, "ipv6_forwarding", (o >> 4) & 1);
	ik_stack_set(s, "icmp_errors_use_inbound_ifaddr", (o >> 5) & 1);
}

void fz_host(struct fz_topo *t)
{
	static const char *const a6txt[15] = {
		"fe80::1", "2001:db8:1::1", "2001:db8:1::10", "2001:db8:2::1", "2001:db8:2::10",
		"2001:db8:ff::5", "ff02::1", "fe80::110", "ff02::1:ff00:10", "::", "::1",
		"2001:db8:f1::5", "2001:db8:f2::5", "2001:db8:f3::5", "::ffff:192.0.2.1",
	};
	static const uint32_t a[16] = {
		0xc0000201u, 0xc000024du, 0xc000020au, 0xc6336401u, 0xc633640au, 0xcb007105u,
		0xffffffffu, 0xc00002ffu, 0xe0000001u, 0x00000000u, 0x7f000001u, 0xc6120105u,
		0xc6120205u, 0xc6120305u, 0x08080808u, 0,
	};

	memset(t, 0, sizeof(*t));
	t->net.n = 2;
	t->net.addr[1] = 0xc000020au; /* 192.0.2.10/24 */
	t->net.prefix[1] = 24;
	t->net.mtu[1] = 1500;
	t->net.addr[2] = 0xc633640au; /* 198.51.100.10/24 */
	t->net.prefix[2] = 24;
	t->net.mtu[2] = 576;
	a6("2001:db8:1::10", t->net.addr6[1]);
	t->net.prefix6[1] = 64;
	a6("2001:db8:2::10", t->net.addr6[2]); /* IPv6 over 576: nothing above it goes */
	t->net.prefix6[2] = 64;
	t->cfg = (struct ik_stack_config){ .seed = 1, .max_socks = 16, .rx_pool = 1 << 18,
					   .sock_rcvbuf = 16384, .peers = 16, .pmtu_entries = 8,
					   .reasm_slots = 4, .sock_errq = 4, .reasm6_slots = 4,
					   .max_routes6 = 16 };
	memcpy(t->addrs, a, sizeof(a));
	addrs6(t, a6txt);
	t->setup = host_setup;
}

/**
 * router_setup() - settings octet: bit 0 accept_source_route, bit 1
 * bc_forwarding, bit 2 send_redirects off, bit 3 icmp_ratelimit 0
 */
static void router_setup(struct ik_stack *s, struct fz_net *net, uint8_t o)
{
	FZ_CHECK(ik_stack_add_route(s, 0xcb007100u, 25, 0xc00002feu, 1) == 0);
	FZ_CHECK(ik_stack_add_route(s, 0xcb007180u, 25, 0, 3) == 0);
	refusing(s);
	route6_via(s, "2001:db8:3::", 64, "fe80::fe", 1);
	refusing6(s);
	ik_stack_set(s, "ip_forward", 1);
	ik_stack_set(s, "ipv6_forwarding", 1);
	ik_stack_set(s, "accept_source_route", o & 1);
	net->bc_fwd = (o >> 1) & 1;
	ik_stack_set(s, "bc_forwarding", net->bc_fwd);
	ik_stack_set(s, "send_redirects", !((o >> 2) & 1));
	if (o & 8) {
		ik_stack_set(s, "icmp_ratelimit", 0);
		ik_stack_set(s, "icmpv6_ratelimit", 0);
	}
}

void fz_router(struct fz_topo *t)
{
	static const char *const a6txt[15] = {
		"2001:db8:1::1", "2001:db8:1::2", "fe80::2", "2001:db8:2::1", "2001:db8:2::2",
		"2001:db8:3::5", "ff02::1", "fe80::110", "ff02::1:ff00:1", "::", "::1",
		"2001:db8:f1::5", "2001:db8:f2::5", "2001:db8:f3::5", "2001:db8:ff::5",
	};
	static const uint32_t a[16] = {
		0xc0000201u, 0xc0000202u, 0xc00002feu, 0xc6336401u, 0xc6336402u, 0xcb007105u,
		0xcb007185u, 0xffffffffu, 0xc00002ffu, 0xe0000001u, 0x00000000u, 0xc6120105u,
		0xc6120205u, 0xc6120305u, 0x08080808u, 0,
	};

	memset(t, 0, sizeof(*t));
	t->net.n = 3;
	t->net.addr[1] = 0xc0000201u;
	t->net.prefix[1] = 24;
	t->net.mtu[1] = 1500;
	t->net.addr[2] = 0xc6336401u;
	t->net.prefix[2] = 24;
	t->net.mtu[2] = 1280;
	t->net.mtu[3] = 576;
	a6("2001:db8:1::1", t->net.addr6[1]);
	t->net.prefix6[1] = 64;
	a6("2001:db8:2::1", t->net.addr6[2]);
	t->net.prefix6[2] = 64; /* the unnumbered link: no IPv6 either */
	t->cfg = (struct ik_stack_config){ .seed = 1, .max_socks = 8, .rx_pool = 1 << 16,
					   .sock_rcvbuf = 8192, .peers = 16, .pmtu_entries = 16,
					   .reasm_slots = 4, .sock_errq = 4, .reasm6_slots = 4,
					   .max_routes6 = 16 };
	memcpy(t->addrs, a, sizeof(a));
	addrs6(t, a6txt);
	t->setup = router_setup;
}
