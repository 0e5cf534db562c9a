// SPDX-License-Identifier: MIT
/*
 * bench_lwip_none.c - the peer of bench_stack when lwIP is not built in
 *
 * Meson links this file instead of bench_lwip.c when Debian's liblwip-dev
 * was not found (or -Dlwip=disabled). bl_setup() fails with the reason, so
 * bench_stack.c has one code path, compiled in every build, and measures
 * icmpkit alone; nothing else here is ever reached.
 */
#include <stdio.h>

#include "bench_lwip.h"

int bl_setup(uint32_t addr, unsigned prefix, char *why, size_t cap)
{
	(void)addr;
	(void)prefix;
	snprintf(why, cap, "not built in: liblwip-dev was missing when meson configured "
		 "this build; install it and run make bench again");
	return -1;
}

/**
 * bl_setup6() - no lwIP: never set up
 * @addr: unused; @why: the reason; @cap: its size
 *
 * Return: -1.
 */
int bl_setup6(const uint8_t addr[16], char *why, size_t cap)
{
	(void)addr;
	snprintf(why, cap, "lwIP not built in");
	return -1;
}

int bl_add_iface(uint32_t addr, unsigned prefix)
{
	(void)addr;
	(void)prefix;
	return -1;
}

int bl_udp_open(uint16_t port)
{
	(void)port;
	return -1;
}

void bl_udp_close_all(void)
{
}

uint64_t bl_feed(const uint8_t *pkt, size_t len, uint64_t iters, enum bl_pbuf mode)
{
	(void)pkt;
	(void)len;
	(void)mode;
	return iters;
}

uint64_t bl_feed_many(const uint8_t *slots, size_t len, size_t stride, const uint32_t *order,
		      size_t n, uint64_t iters)
{
	(void)slots;
	(void)len;
	(void)stride;
	(void)order;
	(void)n;
	return iters;
}

bool bl_pool_fits(size_t len)
{
	(void)len;
	return false;
}

uint64_t bl_out_count(void)
{
	return 0;
}

uint64_t bl_rx_count(void)
{
	return 0;
}

void bl_capture(bool on)
{
	(void)on;
}

const uint8_t *bl_last_out(size_t *len)
{
	*len = 0;
	return NULL;
}

void bl_last_route(unsigned *ifindex, uint32_t *next_hop)
{
	*ifindex = 0;
	*next_hop = 0;
}

const char *bl_describe(void)
{
	return "lwIP (not built in)";
}
