/* SPDX-License-Identifier: MIT */
/**
 * DOC: the stack's internal contract between its modules
 *
 * One folder per module (src/stack/<module>/, its meson.build says what it
 * owns and may call):
 *   core/  stack.c iface.c settings.c mib.c trace.c rng.c mem.c: struct
 *          ik_stack, creation and poll, interfaces and which addresses are
 *          ours or martian, settings by Linux sysctl name, counters, trace
 *          events, the PRNG, table memory.
 *   ip/    ip_input.c fastpath.h proto.c ipopt.c reasm.c route.c fib.c
 *          fib_store.c nexthop.c learned.c ip_output.c forward.c
 *          forward_out.c redirect.c: IP input (validation, classification;
 *          the fast path is a classifier in front of the protocol table),
 *          the protocol table (protocol number -> input, error and fast
 *          handlers), options, reassembly, routes (route.c: the route
 *          API and lookup, over fib.c: a DIR-24-8 longest-prefix-match
 *          table whose lookup time does not depend on its size, and its
 *          prefix store fib_store.c, whose values are ids of the shared
 *          next hops of nexthop.c; learned.c: the Redirect-learned /32s
 *          and their order), output and the one way out (ik_ip_xmit()),
 *          forwarding (forward.c: a router's decisions; forward_out.c:
 *          the forwarded copy and its fragments; redirect.c).
 *   icmp/  icmp_in.c icmp_err.c icmp_rate.c icmp_errmap.c (+ icmp_priv.h):
 *          ICMP input by a per-type table, the echo and timestamp servers,
 *          error generation with every suppression rule and the two-level
 *          rate limit (one error builder), the type/code -> errno table,
 *          errors handed to the transport their quote names.
 *   sock/  sock.c (the public API) -> udp.c ping.c raw.c (each type's
 *          operations) -> sock_core.c hash.c rxpool.c pmtu.c (+
 *          sock_priv.h): sockets, UDP port and ping Identifier
 *          demultiplexing, raw sockets by protocol, receive and error
 *          queues, the path MTU cache; batch.c: batched input's prefetch
 *          pipeline into the socket tables.
 *   tcp/   tcp.c: TCP with no listener: every segment meets CLOSED and is
 *          answered by a reset (RFC 9293 3.10.7.1), ICMP errors quoting
 *          TCP matched to nothing (raw sockets still get them).
 * Calls run downwards: sock's API -> a type's operations -> the lower half;
 * ip -> the protocol table -> icmp / sock / tcp handlers; icmp and tcp ->
 * ip output. Each
 * module keeps its state behind an opaque pointer in struct ik_stack,
 * created by its *_init() at ik_stack_new() and released by *_free().
 * The three demultiplexing keys are each decided in one named place:
 * protocol number: ik_protos[] (ip/proto.c); UDP port: ik_udp_lookup()
 * (sock/hash.c); echo Identifier: ik_ping_input() (sock/ping.c).
 */
#ifndef ICMPKIT_STACK_INTERNAL_H
#define ICMPKIT_STACK_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/mib.h"
#include "icmpkit/sock.h"
#include "icmpkit/stack.h"
#include "icmpkit/tcp.h"
#include "icmpkit/trace.h"

/* RFC 7600: the source of ICMP errors from an interface with no IPv4 address */
#define IK_IPV4_DUMMY_ADDR 0xc0000008u /* 192.0.0.8 */

/* the stack's clock is in ns */
#define IK_NS_PER_MS 1000000ull
#define IK_NS_PER_S  1000000000ull

#define IK_IFNAMSIZ 16

/*
 * Room a sender leaves before a payload it builds in s->txbuf: built at
 * s->txbuf + IK_TX_HEADROOM, the payload is summed and copied once, and
 * ik_ip_output() writes the header just before it
 */
#define IK_TX_HEADROOM IK_IPV4_HDR_MAX

/** struct ik_iface - one interface (index = position + 1) */
struct ik_iface {
	char name[IK_IFNAMSIZ];
	uint32_t addr;
	unsigned prefix;
	uint32_t mask;  /* prefix as a mask */
	uint32_t bcast; /* directed broadcast (addr | ~mask), 0 for /31 and /32 */
	unsigned mtu;
};

/**
 * struct ik_nh - a next hop, shared by every route that has it: the FIB's
 * value is its id (ip/nexthop.h); 16 octets, four to a cache line
 * @gw:      gateway, 0 on-link
 * @ifindex: outgoing interface (0 for the types that send nothing)
 * @src:     that interface's address (interfaces never change once added)
 * @mtu:     that interface's MTU
 * @type:    enum ik_route_type
 */
struct ik_nh {
	uint32_t gw;
	uint32_t ifindex;
	uint32_t src;
	uint16_t mtu;
	uint8_t type;
};

/**
 * struct ik_settings - every policy knob, named after its Linux sysctl
 * (times in ms unless said; see ik_stack_set())
 */
struct ik_settings {
	long icmp_ratelimit;             /* ms between errors per destination; 0 = off (1000) */
	long icmp_ratemask;              /* bit n set: type n is rate limited (0x1818) */
	long icmp_msgs_per_sec;          /* global bucket refill (1000) */
	long icmp_msgs_burst;            /* global bucket depth (50) */
	long icmp_echo_ignore_broadcasts;/* (1) */
	long icmp_echo_ignore_all;       /* (0) */
	long icmp_errors_use_inbound_ifaddr; /* (0) */
	long ip_default_ttl;             /* (64) */
	long ipfrag_time;                /* seconds (30) */
	long ipfrag_high_thresh;         /* octets held by all reassemblies (4194304) */
	long icmp_error_quote_max;       /* whole ICMP error datagram limit (576) */
	long ip_forward;                 /* router mode (0) */
	long accept_redirects;           /* host accepts redirects from its gateway (1) */
	long ip_no_pmtu_disc;            /* 0: set DF on UDP/ping output (Linux default 0) */
	long min_pmtu;                   /* floor of learned path MTUs (552, Linux ip_rt_min_pmtu) */
	long bc_forwarding;              /* forward directed broadcasts (0, RFC 2644) */
	long accept_source_route;        /* process LSRR/SSRR (0, RFC 7126 4.3-4.4) */
	long send_redirects;             /* send Redirect for Host (1) */
	long redirect_number;            /* redirects per source before silence (9) */
	long redirect_load;              /* ms: first gap between redirects, doubled each time (20) */
	long redirect_silence;           /* ms without redirected traffic that resets it (20480) */
	long icmpv6_ratelimit;           /* ms between ICMPv6 errors per destination (net.ipv6.icmp.ratelimit, 1000) */
	long icmpv6_echo_ignore_all;     /* (0) */
	long icmpv6_echo_ignore_multicast; /* (0) */
	long ipv6_hop_limit;             /* net.ipv6.conf.*.hop_limit (64) */
	long ip6frag_time;               /* seconds (60, RFC 8200 4.5) */
	long ipv6_forwarding;            /* net.ipv6.conf.all.forwarding: an IPv6 router (0) */
};

/** enum ik_dst_kind - how a datagram was addressed to us */
enum ik_dst_kind {
	IK_DST_UNICAST = 0, /* one of our addresses */
	IK_DST_BCAST,       /* 255.255.255.255 or a directed broadcast */
	IK_DST_MCAST,       /* 224/4 */
};

/**
 * struct ik_rx - a datagram being received (valid during ik_stack_input())
 * @ifindex:    arrival interface
 * @link_flags: IK_RX_LINK_*
 * @now:        time
 * @pkt:        the whole datagram, IP header first (reassembled if it came
 *              in fragments)
 * @len:        its length (= ip.total_len)
 * @ip:         parsed header
 * @hlen:       header length
 * @l4:         pkt + hlen
 * @l4_len:     len - hlen
 * @dst_kind:   enum ik_dst_kind
 * @local:      our address it was sent to; for broadcast/multicast the
 *              arrival interface's address
 * @fwd:        being forwarded (a router's datagram for someone else):
 *              errors about it are a router's (G12, TOS 0xc0)
 * @srr:        offset in the header of its source route option (LSRR or
 *              SSRR), 0 when it carries none
 * @ssrr:       that option is a strict one
 * @srr_hit:    offset in the header of a source route whose next address
 *              we take (accept_source_route=1, the datagram was ours):
 *              ip.dst already holds that address; 0 when none
 */
struct ik_rx {
	unsigned ifindex;
	unsigned link_flags;
	uint64_t now;
	const uint8_t *pkt;
	size_t len;
	struct ik_ipv4_repr ip;
	size_t hlen;
	const uint8_t *l4;
	size_t l4_len;
	enum ik_dst_kind dst_kind;
	uint32_t local;
	bool fwd, ssrr;
	uint8_t srr, srr_hit;
};

/**
 * struct ik_tx - a datagram to send: header values and up to 3 payload pieces
 * @src:   source (0: the outgoing interface's address)
 * @dst:   destination
 * @proto: protocol
 * @tos:   TOS octet
 * @ttl:   TTL (0: ip_default_ttl)
 * @df:    set Don't Fragment
 * @ident: IP ID (0: the stack picks one)
 * @opts / @opts_len: IP options (copied into every fragment that must carry
 *         them: only copied-flag options after the first)
 * @iov / @niov: the payload pieces, concatenated
 */
struct ik_tx {
	uint32_t src, dst;
	uint8_t proto, tos, ttl;
	bool df;
	uint16_t ident;
	const uint8_t *opts;
	size_t opts_len;
	struct { const void *p; size_t len; } iov[3];
	unsigned niov;
};

/**
 * struct ik_icmp_err - an ICMP error received, as handed to a transport
 * @type, @code: the message
 * @info:     next-hop MTU (3/4) or pointer (12), else 0
 * @offender: outer IP source (who reported)
 * @err:      mapped POSIX errno
 * @hard:     fatal per Linux icmp_err_convert
 * @q:        the decoded quote (its ip.src is one of ours)
 * @now:      time
 */
struct ik_icmp_err {
	uint8_t type, code;
	uint32_t info;
	uint32_t offender;
	int err;
	bool hard;
	const struct ik_quote *q;
	uint64_t now;
};

/**
 * struct ik_route_res - result of a route lookup
 * @ifindex:  outgoing interface
 * @next_hop: gateway, or the destination when on-link
 * @src:      preferred source (the interface's address)
 * @mtu:      interface MTU
 * @gw:       the route's gateway (0 on-link)
 */
struct ik_route_res {
	unsigned ifindex;
	uint32_t next_hop;
	uint32_t src;
	unsigned mtu;
	uint32_t gw;
};

/**
 * struct ik_route_memo - the last route lookup that matched a unicast
 * route, remembered (route.c): a host answers the same few peers again
 * and again
 * @dst:     destination it was for
 * @valid:   @dst and @nh hold a lookup; cleared whenever a route or an
 *           interface is added, replaced or removed
 * @host_if: the fast path found that @dst names one host (G5,
 *           ik_icmp_src_not_host()) for datagrams arriving on this
 *           interface; 0: not known. Reset when the memo is refilled; what
 *           it depends on (the interfaces) changes only with the routes.
 * @nh:      the id of the next hop it found (live while @valid)
 */
struct ik_route_memo {
	uint32_t dst;
	uint32_t nh;
	uint32_t host_if;
	uint32_t valid; /* a word, so refilling the memo is one 16-octet store */
};

struct ik_icmp_state; /* icmp module (rate limit buckets, …) */
struct ik_sock_tab;   /* sock module (pool, hashes, raw lists) */
struct ik_pmtu_tab;   /* sock module (path MTU cache) */
struct ik_reasm;      /* core (reassembly slots) */
struct ik_redir;      /* ip (redirect limiter, redirect.c) */
struct ik_fib;        /* ip (the routes' longest-prefix-match table) */
struct ik_route_tab;  /* ip (the routes' next hops, the redirect-learned set) */
struct ik_ip6;        /* ip6 (IPv6 addresses and routes, ip6/ip6.h) */
struct ik_reasm6;     /* ip6 (IPv6 reassembly slots, ip6/reasm6.c) */
struct ik_pmtu6;      /* ip6 (the IPv6 path MTU cache) */

/**
 * struct ik_stack - one stack; fields are the core's, module state is opaque
 */
struct ik_stack {
	struct ik_stack_config cfg;
	struct ik_dev_ops ops;
	void *dev_ctx;
	struct ik_settings set;
	struct ik_mib mib;
	ik_trace_fn trace_fn;
	void *trace_ctx;
	uint64_t rng;        /* PRNG state */
	uint64_t now;        /* time of the latest input/poll */
	uint64_t wall_offset; /* added to stack time to get ns since the Unix epoch */
	struct ik_ipid *ipid; /* IP ID counters (ip/ipid.c) */
	struct ik_iface *ifaces;
	unsigned nifaces;
	struct ik_fib *fib;   /* routes: prefix -> next-hop id of @rtab (ip/fib.h) */
	struct ik_route_tab *rtab; /* routes: next hops, learned set (ip/route.c) */
	const struct ik_nh *nhops; /* routes: the next hops by id, as lookups read them */
	uint32_t redirects;   /* Redirect-learned routes so far (their order) */
	struct ik_route_memo *route_memo; /* written by lookups on a const stack */
	struct ik_reasm *reasm;
	struct ik_redir *redir;
	struct ik_icmp_state *icmp;
	struct ik_sock_tab *socks;
	struct ik_pmtu_tab *pmtu;
	struct ik_ip6 *ip6;  /* the IPv6 side (ip6/ip6.h) */
	struct ik_reasm6 *reasm6;
	struct ik_pmtu6 *pmtu6; /* ip6/pmtu6.c */
	uint8_t *txbuf;      /* IK_IPV4_MAX_LEN + 60: one datagram being built */
	uint8_t *scratch;    /* IK_IPV4_MAX_LEN: module scratch (ICMP bodies) */
	/* read on every datagram, so inline readers need no call into the
	 * module that owns them: */
	const int32_t *raw_heads;     /* socks: raw socket list head by protocol (-1: none) */
	const uint16_t *icmp_out_mib; /* icmp: each type's Out* counter id + 1 (0: none) */
};

/**
 * struct ik_fast - a datagram the fast path classified (fastpath.h): an
 * unfragmented IPv4 datagram without options, its header checksum right,
 * its Total Length within what arrived, sent to the address of the
 * interface it arrived on, from a source that is not martian
 * @ifindex: arrival interface
 * @flags:   IK_RX_LINK_*
 * @b:       the datagram (20-octet header first)
 * @len:     octets that arrived (link padding included)
 * @tot:     its Total Length
 * @src:     source address
 * @dst:     destination: our address
 */
struct ik_fast {
	unsigned ifindex;
	unsigned flags;
	const uint8_t *b;
	size_t len;
	size_t tot;
	uint32_t src, dst;
};

/* a fast handler's answer when the general path must take the datagram */
#define IK_FAST_MISS 1

/**
 * struct ik_proto - one row of the protocol table (proto.c)
 * @name:  the handler, for traces
 * @input: a whole datagram addressed to us
 * @err:   an ICMP error quoting this protocol (NULL: raw sockets); true if
 *         a socket matched
 * @fast:  the commonest datagrams in one pass (NULL: none): exactly what
 *         @input would do, decided before anything changes; 0 when taken,
 *         IK_FAST_MISS when the general path must take it
 */
struct ik_proto {
	const char *name;
	void (*input)(struct ik_stack *s, const struct ik_rx *rx);
	bool (*err)(struct ik_stack *s, const struct ik_icmp_err *e);
	int (*fast)(struct ik_stack *s, const struct ik_fast *f);
};

/* the protocol table, indexed by IP protocol number (proto.c) */
extern const struct ik_proto ik_protos[256];

/* ---- core ---- */

/**
 * ik_ms_since_midnight() - the stack clock as an RFC 791/792 timestamp
 * @s:   stack
 * @now: stack time (ns)
 *
 * Shared by the Timestamp option (ipopt.c) and Timestamp Reply (icmp_in.c),
 * defined in stack.c: the stack's clock is read as UT since an epoch that
 * began at midnight, so the value is (@now in ms) modulo 86400000.
 *
 * Return: milliseconds since midnight UT (< 86400000).
 */
uint32_t ik_ms_since_midnight(struct ik_stack *s, uint64_t now);

/** ik_rand() - next PRNG value. Return: 32 random bits. */
uint32_t ik_rand(struct ik_stack *s);

/* IP Identification (ip/ipid.c): counters chosen by a keyed hash of
 * (destination, source, protocol), as Linux's ip_idents */
#define IK_IPID_BITS 11
#define IK_IPID_BUCKETS (1u << IK_IPID_BITS)
#define IK_IPID_TICK_SHIFT 20 /* ticks of 2^20 ns, 1.05 ms (Linux: jiffies) */
int ik_ipid_init(struct ik_stack *s);
void ik_ipid_free(struct ik_stack *s);
uint64_t ik_ipid_digest(const struct ik_stack *s);

/**
 * struct ik_ipid - the counters
 * @k0, @k1, @kp: secret keys of the flow hash (@k1 odd)
 * @k2:  secret key of the jump
 * @b:   each bucket: @ctr, its next ID (32 bits; the low 16 go on the
 *       wire), and @stamp, the tick of its last use (32 bits, as
 *       jiffies), side by side
 */
struct ik_ipid {
	uint64_t k0, k1, kp, k2;
	struct {
		uint32_t ctr;
		uint32_t stamp;
	} b[IK_IPID_BUCKETS];
};

/**
 * ik_mix64() - a 64-bit finaliser (splitmix64's)
 * @z: input
 *
 * Return: the mixed word.
 */
static inline uint64_t ik_mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/**
 * ik_ipid_bucket() - the bucket of a flow (tests compare flows by it)
 * @s: stack; @dst, @src: addresses; @proto: protocol
 *
 * Keyed multiply-shift hashing (Dietzfelbinger et al.): the protocol
 * spread by a secret multiplier, the addresses offset by a secret, folded
 * and multiplied by a secret odd number, the top 11 bits taken. Two
 * multiplications, one of them off the critical path.
 *
 * Return: 0..IK_IPID_BUCKETS-1.
 */
static inline unsigned ik_ipid_bucket(const struct ik_stack *s, uint32_t dst, uint32_t src, uint8_t proto)
{
	const struct ik_ipid *t = s->ipid;
	uint64_t x = (((uint64_t)dst << 32 | src) ^ t->k0) + (uint64_t)(proto + 1u) * t->kp;

	x = (x ^ (x >> 32)) * t->k1;
	return (unsigned)(x >> (64 - IK_IPID_BITS));
}

/**
 * ik_ip_ident() - the ID of a datagram the stack originates
 * @s: stack; @dst, @src: its addresses; @proto: protocol; @now: time (ns)
 *
 * Return: the ID (fragments of the datagram all carry it).
 */
static inline uint16_t ik_ip_ident(struct ik_stack *s, uint32_t dst, uint32_t src, uint8_t proto, uint64_t now)
{
	struct ik_ipid *t = s->ipid;
	unsigned b = ik_ipid_bucket(s, dst, src, proto);
	uint32_t tick = (uint32_t)(now >> IK_IPID_TICK_SHIFT);
	uint32_t old = t->b[b].stamp;

	if (old != tick) {
		/* idle for (tick - old) ticks: jump ahead by a secret amount below that */
		uint64_t r = ik_mix64(((uint64_t)tick << 32 | b) ^ t->k2);

		t->b[b].stamp = tick;
		t->b[b].ctr += (uint32_t)(((r >> 32) * (uint64_t)(tick - old)) >> 32);
	}
	return (uint16_t)t->b[b].ctr++;
}


/** IK_MIB_INC() - count one event under Linux's name */
#define IK_MIB_INC(s, g, n) ((s)->mib.c[IK_MIB_##g##_##n]++)

/**
 * ik_trace_emit() - format and send one event to the sink (use IK_TRACE)
 * @s: stack; @layer, @kind: enums; @what: tag; @ifindex: interface or 0;
 * @pkt/@len: datagram or NULL; @sock: descriptor or -1; @fmt: why
 */
void ik_trace_emit(struct ik_stack *s, unsigned layer, unsigned kind, const char *what,
		   unsigned ifindex, const uint8_t *pkt, size_t len, int sock, const char *fmt, ...)
	__attribute__((format(printf, 9, 10)));

/** IK_TRACE() - emit an event only when a sink is set (one branch otherwise) */
#define IK_TRACE(s, layer, kind, what, ifx, pkt, len, sock, ...) \
	do { \
		if ((s)->trace_fn) \
			ik_trace_emit((s), (layer), (kind), (what), (ifx), (pkt), (len), (sock), \
				      __VA_ARGS__); \
	} while (0)

/**
 * ik_iface_get() - interface by index
 * Return: the interface, or NULL.
 */
const struct ik_iface *ik_iface_get(const struct ik_stack *s, unsigned ifindex);

/**
 * ik_addr_is_local() - whether @a is one of our unicast addresses
 * Return: its ifindex, or 0.
 */
unsigned ik_addr_is_local(const struct ik_stack *s, uint32_t a);

/**
 * ik_martian_src() - a source address no host may use (RFC 1122 §3.2.1.3)
 * Return: why, or NULL when @src may name a host.
 */
const char *ik_martian_src(const struct ik_stack *s, uint32_t src, uint32_t dst, unsigned ifindex);

/**
 * ik_addr_is_bcast() - limited broadcast or any interface's directed broadcast
 * Return: true if so.
 */
bool ik_addr_is_bcast(const struct ik_stack *s, uint32_t a);

/**
 * ik_route_lookup_table() - ik_route_lookup() past the memo: the table's
 * longest prefix match, remembered (route.c)
 * Return: 0 with @r filled (a unicast route), or, as Linux's fib_lookup(),
 * -ENETUNREACH (no route), -EHOSTUNREACH (an unreachable route), -EACCES
 * (prohibit), -EINVAL (blackhole). Only unicast results are remembered.
 */
int ik_route_lookup_table(const struct ik_stack *s, uint32_t dst, struct ik_route_res *r);

/**
 * ik_route_err_str() - a route lookup's failure in words, for traces
 * ("no route", "an unreachable route", ...; ip_output.c)
 * @rc: ik_route_lookup()'s negative errno
 * Return: a short phrase.
 */
const char *ik_route_err_str(int rc);

/**
 * ik_route_fill() - the result of a unicast route's next hop for @dst
 * @nh: the next hop; @dst: destination; @r: result
 */
static inline void ik_route_fill(const struct ik_nh *nh, uint32_t dst, struct ik_route_res *r)
{
	r->ifindex = nh->ifindex;
	r->gw = nh->gw;
	r->next_hop = nh->gw ? nh->gw : dst;
	r->src = nh->src;
	r->mtu = nh->mtu;
}

/**
 * ik_route_lookup() - longest prefix match; the last match is remembered
 * (a host answers the same few peers again and again)
 * @s: stack; @dst: destination; @r: result
 * Return: 0 with @r filled, or ik_route_lookup_table()'s negative errno.
 */
static inline int ik_route_lookup(const struct ik_stack *s, uint32_t dst, struct ik_route_res *r)
{
	const struct ik_route_memo *m = s->route_memo;

	if (m->valid && m->dst == dst) {
		ik_route_fill(&s->nhops[m->nh], dst, r);
		return 0;
	}
	return ik_route_lookup_table(s, dst, r);
}

/**
 * ik_route_add_host() - add or replace a /32 route learned from a Redirect
 * (at most a quarter of cfg.max_routes are; the oldest learned gives way)
 * Return: 0, or -IK_ENOMEM / -IK_EINVAL.
 */
int ik_route_add_host(struct ik_stack *s, uint32_t dst, uint32_t gw, unsigned ifindex);

/**
 * ik_ip_output() - route, build the header, fragment to the path MTU, send
 * @s: stack; @tx: the datagram; @now: time
 *
 * With @tx->df and a datagram above the path MTU nothing is sent.
 *
 * Return: 0, or the route lookup's errno (-ENETUNREACH: no route, counted
 * OutNoRoutes; -EHOSTUNREACH, -EACCES, -EINVAL: an unreachable, prohibit or
 * blackhole route), -EMSGSIZE, -EINVAL (too long), or the device's error.
 */
int ik_ip_output(struct ik_stack *s, const struct ik_tx *tx, uint64_t now);



/**
 * ik_ip_forward() - forward a datagram that is not ours (ip_forward=1,
 * ip/forward.c): martian and link-group checks, route, TTL, source route,
 * MTU, redirect, then the copy out (each step counted and traced)
 * @s: stack; @rx: the datagram (validated, options checked, rx->fwd set)
 * Return: 0 when forwarded, or a negative IK_E* code.
 */
int ik_ip_forward(struct ik_stack *s, const struct ik_rx *rx);

/** ik_fwd_init() - the redirect limiter's table (ip/redirect.c). Return: 0 or -IK_ENOMEM. */
int ik_fwd_init(struct ik_stack *s);

/** ik_fwd_free() - release it */
void ik_fwd_free(struct ik_stack *s);

/**
 * ik_ipopt_forward() - update a forwarded datagram's options in place
 * (ipopt.c): Record Route and Timestamp get @out (the outgoing
 * interface's address) as RFC 791 and RFC 1812 §5.2.4 ask
 * @s: stack; @opts/@len: the options in the copy; @out: address; @now: time
 * Return: true if an option changed (the header checksum must be redone).
 */
bool ik_ipopt_forward(struct ik_stack *s, uint8_t *opts, size_t len, uint32_t out, uint64_t now);

/**
 * ik_ip_trace_rx() - the ip.rx event (call only with a sink set)
 * @s: stack; @ifindex: arrival interface (valid); @b/@len: what arrived
 */
void ik_ip_trace_rx(struct ik_stack *s, unsigned ifindex, const uint8_t *b, size_t len);

/**
 * ik_ip_trace_demux() - the ip.demux event of a datagram its protocol's
 * handler takes (call only with a sink set)
 * @s: stack; @ifindex: arrival interface; @b/@len: the datagram; @proto:
 * its protocol; @nraw: raw sockets that got a copy
 */
void ik_ip_trace_demux(struct ik_stack *s, unsigned ifindex, const uint8_t *b, size_t len,
		       uint8_t proto, unsigned nraw);

/**
 * ik_fast_taken() - a fast handler takes its datagram: IP input's counters
 * and trace events up to the protocol handler, as the general path makes
 * them (ip.rx, then ip.demux with no raw socket)
 * @s: stack; @f: the datagram
 */
static inline void ik_fast_taken(struct ik_stack *s, const struct ik_fast *f)
{
	IK_MIB_INC(s, IP, InReceives);
	IK_MIB_INC(s, IP, InDelivers);
	if (s->trace_fn) {
		ik_ip_trace_rx(s, f->ifindex, f->b, f->len);
		ik_ip_trace_demux(s, f->ifindex, f->b, f->tot, f->b[9], 0);
	}
}

/**
 * ik_ipopt_echo() - the options of a reply to @rx (RFC 1122 §3.2.2.6)
 * @s: stack; @rx: the request; @out: at least 40 octets
 *
 * Record Route and Timestamp are copied with this host's entry added (when
 * there is room; TS overflow incremented when not). Other options are not
 * returned.
 *
 * Return: option octets written (a multiple of 4), 0 when none.
 */
size_t ik_ipopt_echo(struct ik_stack *s, const struct ik_rx *rx, uint8_t *out);

/**
 * ik_ip_trace_tx() - the ip.tx (frag.tx) event, read from the octets (call
 * only with a sink set)
 * @s: stack; @rt: route; @pkt/@len: the datagram
 */
void ik_ip_trace_tx(struct ik_stack *s, const struct ik_route_res *rt, const uint8_t *pkt,
		    size_t len);

/**
 * ik_ip_xmit_failed() - a datagram the device refused: OutDiscards, traced
 * @s: stack; @rt: route; @pkt/@len: the datagram; @rc: the device's error
 */
void ik_ip_xmit_failed(struct ik_stack *s, const struct ik_route_res *rt, const uint8_t *pkt,
		       size_t len, int rc);

/**
 * ik_ip_xmit() - the one way out: a built datagram to the device, traced as
 * ip.tx; a refusal is counted OutDiscards and traced
 * @s: stack; @rt: its route; @pkt/@len: the datagram; @now: time
 *
 * Return: 0, or the device's negative error.
 */
static inline int ik_ip_xmit(struct ik_stack *s, const struct ik_route_res *rt,
			     const uint8_t *pkt, size_t len, uint64_t now)
{
	int rc;

	if (s->trace_fn)
		ik_ip_trace_tx(s, rt, pkt, len);
	rc = s->ops.xmit ? s->ops.xmit(s->dev_ctx, rt->ifindex, rt->next_hop, pkt, len, now)
			 : -ENETDOWN;
	if (rc < 0)
		ik_ip_xmit_failed(s, rt, pkt, len, rc);
	return rc;
}

/* ---- icmp module ---- */


/** ik_icmp_init() - create the module state. Return: 0 or -IK_ENOMEM. */
int ik_icmp_init(struct ik_stack *s);
/** ik_icmp_free() - release it */
void ik_icmp_free(struct ik_stack *s);

/**
 * ik_icmp_input() - protocol 1 handler (after raw sockets got their copy)
 * @s: stack; @rx: the datagram
 */
void ik_icmp_input(struct ik_stack *s, const struct ik_rx *rx);

/**
 * ik_icmp_send_error() - the one place ICMP errors are generated
 * @s:    stack
 * @rx:   the offending datagram (IP header first; for a reassembly time-out,
 *        the first fragment)
 * @type: 3, 11 or 12 (5 and 4 are never generated by a host)
 * @code: code
 * @info: next-hop MTU (3/4) or pointer (12), else 0
 *
 * Applies, in order: never about an ICMP error (G1), a broadcast/multicast
 * destination (G2) or link-layer broadcast (G3), a non-initial fragment
 * (G4), a source that is not one host (G5); then the two-level rate limit
 * (G13); builds the quote (G7, G8) and sends with TOS 0, ip_default_ttl,
 * and the source G12 names. Every decision is traced and counted.
 *
 * Return: 0 if sent, 1 if suppressed or limited, or a negative code.
 */
int ik_icmp_send_error(struct ik_stack *s, const struct ik_rx *rx, uint8_t type, uint8_t code,
		       uint32_t info);

/**
 * ik_icmp_fast() - protocol 1's fast handler: an Echo Request answered in
 * one pass (icmp_in.c)
 * @s: stack; @f: the datagram
 * Return: 0, or IK_FAST_MISS.
 */
int ik_icmp_fast(struct ik_stack *s, const struct ik_fast *f);

/**
 * ik_icmp_err_to_sock() - protocol 1's error handler: an error quoting an
 * Echo Request goes to its ping socket (P3), anything else (or no ping
 * socket) to raw ICMP sockets
 * @s: stack; @e: the error
 * Return: true if a socket took it.
 */
bool ik_icmp_err_to_sock(struct ik_stack *s, const struct ik_icmp_err *e);

/**
 * ik_icmp_src_check() - the G5 tests, the route memo told when they pass
 * for its destination (icmp_err.c)
 * @s: stack; @src: source; @ifindex: arrival interface
 * Return: NULL when @src names one host, else a short reason.
 */
const char *ik_icmp_src_check(const struct ik_stack *s, uint32_t src, unsigned ifindex);

/**
 * ik_icmp_src_not_host() - RFC 1122 §3.2.2 (G5): does @src fail to name one
 * host? (0.0.0.0, 127/8 from outside, limited or directed broadcast, 224/4,
 * 240/4)
 * @s:       stack
 * @src:     source address of a received datagram
 * @ifindex: interface it arrived on
 *
 * A host answers the same few peers again and again: the route memo
 * (route.c) remembers that its destination named one host for datagrams
 * from this interface, which spares the tests (and their scan of the
 * interfaces' broadcast addresses) for the next answer to the same peer.
 *
 * Return: NULL when @src names one host, else a short reason.
 */
static inline const char *ik_icmp_src_not_host(const struct ik_stack *s, uint32_t src,
					       unsigned ifindex)
{
	const struct ik_route_memo *m = s->route_memo;

	if (m->valid && m->dst == src && m->host_if == ifindex)
		return NULL;
	return ik_icmp_src_check(s, src, ifindex);
}

/**
 * ik_icmp_out_count() - count one ICMP message sent (OutMsgs, the per-type
 * Out* counter, IcmpMsg OutType), whoever built it: the icmp module, a ping
 * socket, a raw ICMP socket (Linux icmp_out_count())
 * @s:    stack
 * @type: its type
 */
static inline void ik_icmp_out_count(struct ik_stack *s, uint8_t type)
{
	IK_MIB_INC(s, ICMP, OutMsgs);
	if (s->icmp_out_mib[type])
		s->mib.c[s->icmp_out_mib[type] - 1]++;
	s->mib.out_type[type]++;
}

/**
 * ik_icmp_errmap() - Linux icmp_err_convert as a table
 * @type: ICMP type; @code: code; @hard: set to the fatal flag
 *
 * Return: the POSIX errno, or 0 for messages no socket hears about.
 */
int ik_icmp_errmap(uint8_t type, uint8_t code, bool *hard);

/* ---- sock module ---- */

/** ik_socks_init() - create the socket pool. Return: 0 or -IK_ENOMEM. */
int ik_socks_init(struct ik_stack *s);
/** ik_socks_free() - close everything */
void ik_socks_free(struct ik_stack *s);

/**
 * ik_table_alloc() - memory for a large table the packet path reads at
 * random: line-aligned, on transparent huge pages when 2 MiB or more (mem.c)
 * @size: octets (not zeroed)
 * Return: the memory (release with free()), or NULL.
 */
void *ik_table_alloc(size_t size);

/* the page size the tables' memory accounting counts in, and the huge
 * page's */
#define IK_PAGE_SIZE 4096u
#define IK_HUGE_PAGE_SIZE (2u << 20)

/*
 * A route table holding this many routes is a router's (a full Internet
 * table is 1,000,000): its FIB's first level and prefix store are then
 * written nearly everywhere and read at random, so they move to
 * transparent huge pages (on 4 KiB pages, each lookup or insert would also
 * miss in the TLB). Below it they stay on 4 KiB pages, so a few routes
 * cost a few pages even in a table sized for a million.
 */
#define IK_ROUTER_TABLE_MIN (1u << 16)

/**
 * ik_table_zalloc() - zeroed memory from an anonymous mapping: a page costs
 * nothing until written (mem.c)
 * @size: octets
 * @huge: hint transparent huge pages (2 MiB-aligned) for a table that will
 *        be mostly written; otherwise huge pages are refused for it
 * @huge_out: set to whether huge pages are in force (may be NULL)
 * Return: the memory (release with ik_table_zfree()), or NULL.
 */
void *ik_table_zalloc(size_t size, bool huge, bool *huge_out);

/** ik_table_zfree() - release ik_table_zalloc() memory of @size octets */
void ik_table_zfree(void *p, size_t size);

/**
 * ik_table_zhuge() - move ik_table_zalloc() memory onto huge pages, copying
 * only the 4 KiB pages @written(@ctx, page) names (mem.c)
 * Return: the new memory (the old is released), or NULL (the old is kept:
 * no huge pages, or no memory).
 */
void *ik_table_zhuge(void *old, size_t size, bool (*written)(const void *ctx, size_t page),
		     const void *ctx);

/**
 * ik_table_zdrop() - return zeroed, page-aligned pages of ik_table_zalloc()
 * memory to the kernel (they cost nothing until written again)
 * @p: start; @size: octets, a multiple of IK_PAGE_SIZE
 */
void ik_table_zdrop(void *p, size_t size);

/** ik_udp_input() - protocol 17 handler: demultiplex by port, or G9. */
void ik_udp_input(struct ik_stack *s, const struct ik_rx *rx);

/**
 * ik_udp_fast() - protocol 17's fast handler: to its socket, or Port
 * Unreachable, in one pass (udp.c)
 * @s: stack; @f: the datagram
 * Return: 0, or IK_FAST_MISS.
 */
int ik_udp_fast(struct ik_stack *s, const struct ik_fast *f);

/**
 * ik_raw_wants() - whether some raw socket claims protocol @proto
 * Return: true if one does.
 */
static inline bool ik_raw_wants(const struct ik_stack *s, uint8_t proto)
{
	return s->raw_heads[proto] >= 0;
}

/**
 * ik_raw_deliver() - give a copy of @rx to every raw socket of its protocol
 * Return: how many sockets got it.
 */
unsigned ik_raw_deliver(struct ik_stack *s, const struct ik_rx *rx);

/**
 * ik_ping_input() - an Echo Reply: find the ping socket by Identifier
 * @s: stack; @rx: the datagram; @icmp: the parsed message
 * Return: true if a socket took it.
 */
bool ik_ping_input(struct ik_stack *s, const struct ik_rx *rx, const struct ik_icmp_repr *icmp);

/**
 * ik_udp_err() / ik_ping_err() / ik_raw_err() - an ICMP error whose quote
 * names this transport (R1): find the socket by the quoted addresses and
 * ports / Identifier, queue the error, set the pending error when hard and
 * the socket is connected (R3, R7).
 * Return: true if a socket matched (false: counted as unmatched, R2).
 */
bool ik_udp_err(struct ik_stack *s, const struct ik_icmp_err *e);
bool ik_ping_err(struct ik_stack *s, const struct ik_icmp_err *e);
bool ik_raw_err(struct ik_stack *s, const struct ik_icmp_err *e);

/**
 * ik_tcp_input() - protocol 6: a segment meets the CLOSED state, answered
 * by a reset unless a rule forbids it (tcp/tcp.c)
 * @s: stack; @rx: the datagram
 */
void ik_tcp_input(struct ik_stack *s, const struct ik_rx *rx);

/**
 * ik_tcp_rst_for() - the reset that answers segment @in in CLOSED (RFC
 * 9293 3.10.7.1: SEQ = SEG.ACK if ACK, else ACK = SEG.SEQ + SEG.LEN) (tcp.c;
 * the IPv6 side, tcp6.c, sends it too)
 * @in: the segment; @r: the reset (ports swapped)
 */
void ik_tcp_rst_for(const struct ik_tcp_repr *in, struct ik_tcp_repr *r);

/**
 * ik_tcp_err() - an ICMP error quoting TCP: no connection matches; raw
 * sockets for protocol 6 get it (tcp/tcp.c)
 * @s: stack; @e: the error
 * Return: true if a raw socket took it.
 */
bool ik_tcp_err(struct ik_stack *s, const struct ik_icmp_err *e);

/** ik_pmtu_init() - create the path MTU cache. Return: 0 or -IK_ENOMEM. */
int ik_pmtu_init(struct ik_stack *s);
/** ik_pmtu_free() - release it */
void ik_pmtu_free(struct ik_stack *s);

/**
 * ik_pmtu_lookup() - path MTU towards @dst given the route's MTU
 * @s: stack; @dst: destination; @dev_mtu: outgoing interface MTU;
 * @locked: set when the entry is locked (below min_pmtu); may be NULL
 * Return: the path MTU in force (never above @dev_mtu).
 */
unsigned ik_pmtu_lookup(const struct ik_stack *s, uint32_t dst, unsigned dev_mtu, bool *locked);

/**
 * ik_pmtu_update() - Frag Needed says @mtu towards @dst (R5): lower only,
 * never below set.min_pmtu (552 as Linux; a lower report locks it there);
 * a report of 0 (pre-RFC 1191 router) uses the RFC 1191 §7 plateau table
 * Return: the path MTU now in force.
 */
unsigned ik_pmtu_update(struct ik_stack *s, uint32_t dst, unsigned mtu, uint64_t now);

/* ---- core, on the sock module's path MTU cache ---- */

/**
 * ik_path_mtu() - the MTU a datagram of @tot octets to @dst meets on @rt
 * @s: stack; @dst: destination; @tot: length; @rt: its route
 *
 * A learned path MTU is never below min_pmtu (nor above the device MTU), so
 * a datagram within both needs no look at the path MTU cache.
 *
 * Return: the MTU.
 */
static inline unsigned ik_path_mtu(const struct ik_stack *s, uint32_t dst, size_t tot,
				   const struct ik_route_res *rt)
{
	if (tot > (unsigned long)s->set.min_pmtu)
		return ik_pmtu_lookup(s, dst, rt->mtu, NULL);
	return rt->mtu;
}

/**
 * ik_ip_route_mtu() - route to @dst and the MTU a datagram of @tot octets
 * meets there (ik_path_mtu())
 * @s: stack; @dst: destination; @tot: datagram length; @rt: route out
 *
 * Return: the MTU, or 0 when there is no route.
 */
static inline unsigned ik_ip_route_mtu(struct ik_stack *s, uint32_t dst, size_t tot,
				       struct ik_route_res *rt)
{
	if (ik_route_lookup(s, dst, rt) < 0)
		return 0;
	return ik_path_mtu(s, dst, tot, rt);
}

#endif
