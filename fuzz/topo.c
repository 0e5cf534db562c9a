// SPDX-License-Identifier: MIT
/*
 * topo.c - the fuzzed stacks' interfaces, routes and settings (topo.h)
 */
#include <string.h>

#include "topo.h"

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
 * icmp_ratelimit 0, bit 4 ip_forward, bit 5 icmp_errors_use_inbound_ifaddr
 */
static void host_setup(struct ik_stack *s, struct fz_net *net, uint8_t o)
{
	(void)net;
	FZ_CHECK(ik_stack_add_route(s, 0, 0, 0xc0000201u, 1) == 0);
	refusing(s);
	ik_stack_set(s, "accept_redirects", o & 1);
	ik_stack_set(s, "ip_no_pmtu_disc", (o >> 1) & 1);
	ik_stack_set(s, "icmp_echo_ignore_broadcasts", !((o >> 2) & 1));
	if (o & 8)
		ik_stack_set(s, "icmp_ratelimit", 0);
	ik_stack_set(s, "ip_forward", (o >> 4) & 1);
	ik_stack_set(s, "icmp_errors_use_inbound_ifaddr", (o >> 5) & 1);
}

void fz_host(struct fz_topo *t)
{
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
	t->cfg = (struct ik_stack_config){ .seed = 1, .max_socks = 16, .rx_pool = 1 << 18,
					   .sock_rcvbuf = 16384, .peers = 16, .pmtu_entries = 8,
					   .reasm_slots = 4, .sock_errq = 4 };
	memcpy(t->addrs, a, sizeof(a));
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
	ik_stack_set(s, "ip_forward", 1);
	ik_stack_set(s, "accept_source_route", o & 1);
	net->bc_fwd = (o >> 1) & 1;
	ik_stack_set(s, "bc_forwarding", net->bc_fwd);
	ik_stack_set(s, "send_redirects", !((o >> 2) & 1));
	if (o & 8)
		ik_stack_set(s, "icmp_ratelimit", 0);
}

void fz_router(struct fz_topo *t)
{
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
	t->cfg = (struct ik_stack_config){ .seed = 1, .max_socks = 8, .rx_pool = 1 << 16,
					   .sock_rcvbuf = 8192, .peers = 16, .pmtu_entries = 16,
					   .reasm_slots = 4, .sock_errq = 4 };
	memcpy(t->addrs, a, sizeof(a));
	t->setup = router_setup;
}
