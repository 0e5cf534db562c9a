// SPDX-License-Identifier: MIT
/*
 * demo_chain.c - a line of routers for the router scenarios of `icmpkit demo`
 *
 * H (the host), routers R1..Rn and D (the destination) in a row, each pair
 * on its own simulated link: link k (from 1) is 10.0.k.0/24. Router k holds
 * 10.0.k.k on the link towards H and 10.0.k+1.k on the link towards D, so
 * "hop k is 10.0.k.k" can be read off a traceroute; H is 10.0.1.10 and D
 * 10.0.n.20 (private addresses: nothing leaves the process). Every router
 * forwards (ip_forward=1) and has a route to every subnet beyond its
 * neighbours, through the neighbour on that side; H and D have a default
 * route through the router next to them.
 */
#include <stdio.h>

#include "icmpkit/ipv4.h"
#include "icmpkit/stack.h"

#include "demo.h"

#define CHAIN_NET 0x0a000000u /* 10.0.0.0 */
#define H_HOST 10u
#define D_HOST 20u

/**
 * subnet() - the network of link @k (from 1)
 * @k: link number
 *
 * Return: 10.0.k.0.
 */
static uint32_t subnet(unsigned k)
{
	return CHAIN_NET | (k << 8);
}

/**
 * attach() - give node @i of @c an interface on link @k (from 1)
 * @d: demo; @c: chain; @i: node index; @k: link number; @host: host part
 *
 * Return: the ifindex, or a negative code.
 */
static int attach(struct demo *d, const struct demo_chain *c, unsigned i, unsigned k,
		  unsigned host)
{
	return ik_simnet_attach(d->net, c->node[i], c->link[k - 1], subnet(k) | host, 24,
				c->hop[k - 1].mtu);
}

/**
 * routes() - node @i's routes: the subnets beyond its neighbours, through them
 * @c: chain; @i: node index; @lif/@rif: its ifindex towards H / D (0: none)
 *
 * Return: 0, or a negative code.
 */
static int routes(const struct demo_chain *c, unsigned i, int lif, int rif)
{
	struct ik_stack *s = c->s[i];
	int rc = 0;

	if (i == 0)
		return ik_stack_add_route(s, 0, 0, c->left[1], (unsigned)rif);
	if (i == c->n - 1)
		return ik_stack_add_route(s, 0, 0, c->right[i - 1], (unsigned)lif);
	for (unsigned k = 1; k < i && !rc; k++) /* links left of link i */
		rc = ik_stack_add_route(s, subnet(k), 24, c->right[i - 1], (unsigned)lif);
	for (unsigned k = i + 2; k < c->n && !rc; k++) /* links right of link i + 1 */
		rc = ik_stack_add_route(s, subnet(k), 24, c->left[i + 1], (unsigned)rif);
	return rc;
}

int demo_chain(struct demo *d, struct demo_chain *c, const char *const *names, unsigned n,
	       const struct demo_hop *hops)
{
	int lif[DEMO_CHAIN_MAX] = { 0 }, rif[DEMO_CHAIN_MAX] = { 0 };

	if (n < 2 || n > DEMO_CHAIN_MAX)
		return -1;
	*c = (struct demo_chain){ .n = n };
	for (unsigned k = 0; k + 1 < n; k++) {
		c->hop[k] = hops[k];
		c->link[k] = ik_simnet_add_link(d->net, hops[k].name, hops[k].delay, 0);
		if (c->link[k] < 0)
			return -1;
	}
	for (unsigned i = 0; i < n; i++) {
		c->name[i] = names[i];
		c->node[i] = demo_add_node(d, names[i]);
		if (c->node[i] < 0)
			return -1;
		c->s[i] = ik_simnet_stack(d->net, c->node[i]);
		if (i > 0) { /* on link i, towards H */
			c->left[i] = subnet(i) | (i == n - 1 ? D_HOST : i);
			lif[i] = attach(d, c, i, i, c->left[i] & 0xffu);
		}
		if (i < n - 1) { /* on link i + 1, towards D */
			c->right[i] = subnet(i + 1) | (i == 0 ? H_HOST : i);
			rif[i] = attach(d, c, i, i + 1, c->right[i] & 0xffu);
		}
		if (lif[i] < 0 || rif[i] < 0)
			return -1;
		if (i > 0 && i < n - 1 && ik_stack_set(c->s[i], "ip_forward", 1) < 0)
			return -1;
	}
	for (unsigned i = 0; i < n; i++)
		if (routes(c, i, lif[i], rif[i]) < 0)
			return -1;
	return 0;
}

void demo_chain_say(struct demo *d, const struct demo_chain *c)
{
	for (unsigned i = 0; i < c->n; i++) {
		char addrs[40];

		if (i == 0)
			snprintf(addrs, sizeof(addrs), "%s", demo_addr(c->right[i]));
		else if (i == c->n - 1)
			snprintf(addrs, sizeof(addrs), "%s", demo_addr(c->left[i]));
		else
			snprintf(addrs, sizeof(addrs), "%s | %s", demo_addr(c->left[i]),
				 demo_addr(c->right[i]));
		demo_say(d, "  %-3s %-24s%s", c->name[i], addrs,
			 i == 0 ? "host" : i == c->n - 1 ? "destination" : "router, ip_forward=1");
		if (i + 1 < c->n)
			demo_say(d, "   |  %-6s 10.0.%u.0/24, %s ms each way, MTU %u", c->hop[i].name,
				 i + 1, demo_ms(c->hop[i].delay), c->hop[i].mtu);
	}
}

uint64_t demo_chain_rtt(const struct demo_chain *c, unsigned k)
{
	uint64_t t = 0;

	for (unsigned i = 0; i < k && i + 1 < c->n; i++)
		t += c->hop[i].delay;
	return 2 * t;
}

const char *demo_addr(uint32_t a)
{
	static char buf[2][16];
	static unsigned which;

	which ^= 1;
	return ik_ipv4_addr_str(a, buf[which]);
}

const char *demo_ms(uint64_t ns)
{
	static char buf[2][32];
	static unsigned which;

	which ^= 1;
	snprintf(buf[which], sizeof(buf[which]), "%llu.%03llu", (unsigned long long)(ns / DEMO_MS),
		 (unsigned long long)(ns % DEMO_MS / 1000));
	return buf[which];
}
