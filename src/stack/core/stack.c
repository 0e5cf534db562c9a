// SPDX-License-Identifier: MIT
/* stack.c - creating and destroying a stack; its small accessors */
#include <stdlib.h>

#include "stack/core.h"
#include "stack/ip/fib.h"
#include "stack/ip6/ip6.h"

/* pool sizes when the config says 0 (see struct ik_stack_config) */
static const struct ik_stack_config cfg_defaults = {
	.max_ifaces = 8,
	.max_routes = 64,
	.max_socks = 1024,
	.sock_rcvbuf = 212992,
	.sock_errq = 16,
	.reasm_slots = 16,
	.pmtu_entries = 256,
	.peers = 1024,
	.max_routes6 = 64,
	.reasm6_slots = 16,
};

/**
 * apply_defaults() - @cfg with every 0 pool size replaced by its default
 * @cfg: caller's config, or NULL
 *
 * Return: the effective config (max_routes below IK_FIB_VALUE_MAX).
 */
static struct ik_stack_config apply_defaults(const struct ik_stack_config *cfg)
{
	struct ik_stack_config c = cfg ? *cfg : cfg_defaults;

#define DEF(f) do { if (!c.f) c.f = cfg_defaults.f; } while (0)
	DEF(max_ifaces);
	DEF(max_routes);
	DEF(max_socks);
	DEF(sock_rcvbuf);
	DEF(sock_errq);
	DEF(reasm_slots);
	DEF(pmtu_entries);
	DEF(peers);
	DEF(max_routes6);
	DEF(reasm6_slots);
#undef DEF
	/* a next-hop id (0..max_routes: one more than routes) is a FIB value */
	if (c.max_routes >= IK_FIB_VALUE_MAX)
		c.max_routes = IK_FIB_VALUE_MAX - 1;
	return c;
}

/**
 * free_pools() - release the core's pools (each may be NULL)
 * @s: stack
 */
static void free_pools(struct ik_stack *s)
{
	ik_pmtu6_free(s);
	ik_reasm6_free(s);
	ik_ip6_free(s);
	ik_reasm_free(s);
	ik_fwd_free(s);
	ik_ipid_free(s);
	free(s->ifaces);
	ik_route_free(s);
	ik_fib_free(s->fib);
	free(s->route_memo);
	free(s->txbuf);
	free(s->scratch);
	free(s);
}

/**
 * ik_stack_new() - create a stack
 * @cfg:     pool sizes (NULL or 0 fields for defaults)
 * @ops:     device callbacks (NULL: nothing can be sent)
 * @dev_ctx: passed to @ops->xmit
 *
 * Every pool is allocated here, once: interfaces, routes (the FIB, the
 * next hops and the Redirect-learned set, whose memory is touched only as
 * routes are added), reassembly slots,
 * the transmit and scratch buffers, then the icmp module (rate-limit
 * buckets), the sock module (sockets and their hashes) and the path MTU
 * cache. The PRNG is seeded from @cfg->seed and gives the IP ID keys (ip/ipid.c).
 *
 * Return: the stack, or NULL if memory for the pools cannot be had.
 */
struct ik_stack *ik_stack_new(const struct ik_stack_config *cfg, const struct ik_dev_ops *ops,
			      void *dev_ctx)
{
	struct ik_stack *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->cfg = apply_defaults(cfg);
	if (ops)
		s->ops = *ops;
	s->dev_ctx = dev_ctx;
	ik_settings_defaults(&s->set);
	s->rng = s->cfg.seed;

	s->ifaces = calloc(s->cfg.max_ifaces, sizeof(*s->ifaces));
	s->fib = ik_fib_new(s->cfg.max_routes);
	s->route_memo = calloc(1, sizeof(*s->route_memo));
	s->txbuf = malloc(IK_IPV4_MAX_LEN + IK_IPV4_HDR_MAX);
	s->scratch = malloc(IK_IPV4_MAX_LEN);
	if (!s->ifaces || !s->fib || !s->route_memo || !s->txbuf || !s->scratch ||
	    ik_ipid_init(s) < 0 || ik_route_init(s) < 0 || ik_reasm_new(s) < 0 ||
	    ik_fwd_init(s) < 0 || ik_ip6_init(s) < 0 ||
	    ik_reasm6_init(s) < 0 || ik_pmtu6_init(s) < 0) {
		free_pools(s);
		return NULL;
	}
	if (ik_icmp_init(s) < 0) {
		free_pools(s);
		return NULL;
	}
	if (ik_socks_init(s) < 0) {
		ik_icmp_free(s);
		free_pools(s);
		return NULL;
	}
	if (ik_pmtu_init(s) < 0) {
		ik_socks_free(s);
		ik_icmp_free(s);
		free_pools(s);
		return NULL;
	}
	return s;
}

/**
 * ik_stack_free() - destroy a stack and every socket in it
 * @s: stack; NULL is ignored
 */
void ik_stack_free(struct ik_stack *s)
{
	if (!s)
		return;
	ik_pmtu_free(s);
	ik_socks_free(s);
	ik_icmp_free(s);
	free_pools(s);
}

/**
 * ik_stack_set_wallclock() - relate the stack's clock to real time
 * @s:      stack
 * @offset: ns to add to stack time to get ns since the Unix epoch
 */
void ik_stack_set_wallclock(struct ik_stack *s, uint64_t offset)
{
	s->wall_offset = offset;
}

/**
 * ik_stack_mib() - the stack's counters
 * @s: stack
 *
 * Return: pointer valid for the stack's life.
 */
const struct ik_mib *ik_stack_mib(const struct ik_stack *s)
{
	return &s->mib;
}

/**
 * ik_stack_set_trace() - choose the trace sink
 * @s:   stack
 * @fn:  sink, or NULL to stop tracing
 * @ctx: passed to @fn
 */
void ik_stack_set_trace(struct ik_stack *s, ik_trace_fn fn, void *ctx)
{
	s->trace_fn = fn;
	s->trace_ctx = ctx;
}

/**
 * ik_stack_poll() - run timers
 * @s:   stack
 * @now: current time (ns)
 *
 * Only reassembly has timers today (the rate-limit buckets refill lazily
 * from @now when used).
 *
 * Return: the time of the next deadline, or UINT64_MAX when none.
 */
uint64_t ik_stack_poll(struct ik_stack *s, uint64_t now)
{
	uint64_t a, b;

	s->now = now;
	a = ik_reasm_poll(s, now);
	b = ik_reasm6_poll(s, now);
	return a < b ? a : b;
}

/**
 * ik_stack_deadline() - when ik_stack_poll() is next needed
 * @s: stack
 *
 * Return: the time (ns), or UINT64_MAX when no timer is pending.
 */
uint64_t ik_stack_deadline(const struct ik_stack *s)
{
	uint64_t a = ik_reasm_deadline(s), b = ik_reasm6_deadline(s);

	return a < b ? a : b;
}

#define MS_PER_DAY 86400000ull

/**
 * ik_ms_since_midnight() - the stack clock as an RFC 792 timestamp
 * @s:   stack
 * @now: stack time (ns)
 *
 * The stack clock plus the wall-clock offset (ik_stack_set_wallclock()) is
 * read as nanoseconds since the Unix epoch, whose days start at midnight UT;
 * without an offset, a virtual clock's time 0 is a midnight.
 *
 * Return: milliseconds since midnight UT.
 */
uint32_t ik_ms_since_midnight(struct ik_stack *s, uint64_t now)
{
	return (uint32_t)(((now + s->wall_offset) / IK_NS_PER_MS) % MS_PER_DAY);
}
