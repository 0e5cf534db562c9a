/* SPDX-License-Identifier: MIT */
/* router.h - `icmpkit router`: the parts shared by router*.c */
#ifndef ICMPKIT_CLI_ROUTER_H
#define ICMPKIT_CLI_ROUTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "icmpkit/pcapng.h"
#include "icmpkit/stack.h"
#include "icmpkit/tun.h"
#include "icmpkit/wire.h"

#include "args.h"
#include "host.h"
#include "loop.h"

#define ROUTER_MIN_IFACES  2
#define ROUTER_MAX_IFACES  8
#define ROUTER_MAX_SETS    32
#define ROUTER_ROUTES_DEF  65536     /* --max-routes */
#define ROUTER_ROUTES_MAX  (1u << 24) /* the stack's route table holds at most this */
#define ROUTER_NETNS_LEN   256

/**
 * struct router_iface_arg - one --iface tun:NAME,... or wire:NAME,...
 * @name:        the TUN's name (also the stack interface's)
 * @wire:        a wire to another icmpkit process, not a TUN
 * @sock / @to:  a wire's two socket paths: this end's and the other's
 * @addr:        the router's address on the link, 0 when unnumbered
 * @prefix:      its prefix (0 when unnumbered)
 * @peer:        the kernel side's address, 0 for none (unnumbered only)
 * @peer_prefix: its prefix
 * @mtu:         both sides' MTU
 * @netns:       the namespace it is made in, "" for the current one
 * @have6:       addr6= was given: the router's IPv6 address on the link
 * @link6:       its IPv6 ends (addr6=, peer6=; the kernel side's filled in
 *               as for `icmpkit host`)
 */
struct router_iface_arg {
	char name[IK_TUN_NAMSIZ];
	bool have6;
	struct cli_link6 link6;
	uint32_t addr;
	unsigned prefix;
	uint32_t peer;
	unsigned peer_prefix;
	unsigned mtu;
	char netns[ROUTER_NETNS_LEN];
	bool wire;
	char sock[IK_WIRE_PATH_MAX + 1];
	char to[IK_WIRE_PATH_MAX + 1];
};

/**
 * struct router_route - one route, checked and resolved
 * @dst / @prefix: the destination prefix (host bits clear)
 * @type:          what it does
 * @gw:            the gateway, 0 for on-link (unicast)
 * @iface:         index into router_args.iface (unicast)
 */
struct router_route {
	uint32_t dst;
	unsigned prefix;
	enum ik_route_type type;
	uint32_t gw;
	unsigned iface;
};

/**
 * struct router_args - the command line, checked
 * @route_text: the --route arguments, in order (resolved into @routes
 *              once every --iface is known)
 * @owned:      strings made by joining separate argv words of a --route
 *              (freed by router_args_free())
 * @routes:     every route, --route ones first, then --route-file's
 */
struct router_args {
	struct router_iface_arg iface[ROUTER_MAX_IFACES];
	unsigned niface;
	const char **route_text;
	unsigned nroute_text;
	char **owned;
	unsigned nowned;
	const char *route_file;
	struct router_route *routes;
	size_t nroutes;
	size_t routes_cap;
	unsigned max_routes;
	struct cli_setting set[ROUTER_MAX_SETS];
	unsigned nset;
	struct cli_run run;
};

/**
 * router_args_parse() - parse and check the command line
 * @a:      filled (release with router_args_free(), also after an error)
 * @argc:   count, argv[0] being "router"
 * @argv:   arguments
 * @err:    one-line message on error
 * @errlen: its size
 *
 * Return: 0, CLI_ARGS_HELP or CLI_ARGS_ERROR.
 */
int router_args_parse(struct router_args *a, int argc, char **argv, char *err, size_t errlen);

/**
 * router_args_free() - release what router_args_parse() allocated
 * @a: arguments
 */
void router_args_free(struct router_args *a);

/**
 * router_usage() - the --help text
 * @f: output
 */
void router_usage(FILE *f);

/**
 * router_iface_parse() - check one --iface specification
 * @spec:   "tun:NAME,addr=ADDR/LEN,peer=ADDR[/LEN],mtu=N,netns=NS"
 * @out:    filled
 * @err:    message; @errlen: its size
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
int router_iface_parse(const char *spec, struct router_iface_arg *out, char *err, size_t errlen);

/**
 * router_route_parse() - check one route and resolve it against the
 * interfaces
 * @a:      arguments (interfaces known)
 * @text:   "PREFIX via ADDR", "PREFIX dev NAME", "PREFIX via ADDR dev
 *          NAME", "PREFIX unreachable|prohibit|blackhole" (the type may
 *          also come first, as `ip route` has it); PREFIX is A.B.C.D/LEN,
 *          a bare address (/32) or "default"
 * @out:    filled
 * @err:    the reason, without saying where the route came from
 * @errlen: its size
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
int router_route_parse(const struct router_args *a, const char *text, struct router_route *out,
		       char *err, size_t errlen);

/**
 * router_routes_load() - resolve every --route, then read --route-file
 * @a:      arguments (a->routes filled)
 * @err:    "--route 'TEXT': why" or "FILE:LINE: why"; @errlen: its size
 *
 * Return: 0, or CLI_ARGS_ERROR.
 */
int router_routes_load(struct router_args *a, char *err, size_t errlen);

/**
 * router_route_install() - add one route to the stack
 * @s:       stack
 * @r:       the route
 * @ifindex: the stack's interface for @r->iface (unicast)
 *
 * Return: 0, -IK_EINVAL, or -IK_ENOMEM (the table is full).
 */
int router_route_install(struct ik_stack *s, const struct router_route *r, unsigned ifindex);

/**
 * router_route_type_name() - "unicast", "unreachable", ...
 * @t: type
 *
 * Return: static name.
 */
const char *router_route_type_name(enum ik_route_type t);

/**
 * struct router_port - one TUN (or wire) and its stack interface
 * @arg:     its arguments
 * @ifindex: the stack's interface
 * @pcap_id: its interface id in the pcapng file
 * @tun:     the device (a TUN port)
 * @wire:    the wire (a wire port)
 * @fd:      the descriptor the loop reads: @tun's or @wire's
 * @watch:   the TUN still there and up (fd -1 for a wire)
 * @c:       its counts
 */
struct router_port {
	const struct router_iface_arg *arg;
	unsigned ifindex;
	unsigned pcap_id;
	struct ik_tun tun;
	struct ik_wire wire;
	int fd;
	struct cli_link_watch watch;
	struct host_counters c;
};

/** struct router - one running `icmpkit router` */
struct router {
	const struct router_args *a;
	struct ik_stack *s;
	struct router_port port[ROUTER_MAX_IFACES];
	unsigned nports;
	struct ik_tun_batch batch;
	struct ik_pcapng *pcap;
	uint64_t pcap_off;         /* CLOCK_REALTIME - CLOCK_MONOTONIC, ns */
	struct host_counters c;    /* every port together, and the loop's own */
	struct cli_loop lp;
	char why[64];              /* lp.reason when a fault stopped the loop */
	bool pcap_warned;          /* the one --pcap write warning is out */
};

/**
 * router_link_fault() - a port's TUN deleted or set down: the loop's stop
 * reason set (a fault)
 * @r: router
 *
 * Return: true when one is.
 */
bool router_link_fault(struct router *r);

/**
 * router_pcap_account() - flush --pcap, warn once when it failed, count
 * what it could not record (Router.PcapDropped)
 * @r: router
 */
void router_pcap_account(struct router *r);

/**
 * router_port_of() - the port of a stack interface
 * @r: router; @ifindex: the stack's interface index
 *
 * Return: the port, or NULL.
 */
struct router_port *router_port_of(struct router *r, unsigned ifindex);

/**
 * router_xmit() - the stack's device callback: write to the TUN of @ifindex
 * @ctx: struct router; @ifindex: interface; @next_hop: unused (TUN links
 * have no link-layer address); @pkt / @len: datagram; @now: time
 *
 * Return: 0, or -IK_EINVAL (no such interface) / -IK_EAGAIN (the TUN
 * refused it; counted).
 */
int router_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt, size_t len,
		uint64_t now);

/** router_xmit6() - the IPv6 device callback (as router_xmit()). Return: as it. */
int router_xmit6(void *ctx, unsigned ifindex, const uint8_t next_hop[16], const uint8_t *pkt,
		 size_t len, uint64_t now);

/**
 * router_trace() - the --trace sink: "trace: SECONDS IFACE LAYER KIND
 * WHAT: WHY", IFACE "-" when the event names none
 * @ctx: struct router; @ev: event
 */
void router_trace(void *ctx, const struct ik_event *ev);

/**
 * router_report() - fill @rep (and @ifs, one per port) with the counters
 * at @now
 * @r: router; @rep: filled; @ifs: ROUTER_MAX_IFACES entries; @now: time
 */
void router_report(const struct router *r, struct host_report *rep,
		   struct host_iface_report *ifs, uint64_t now);

/**
 * router_loop_run() - poll the TUNs and feed the stack, until a signal,
 * --duration or a fatal error
 * @r: set up router (SIGINT, SIGTERM and SIGALRM blocked)
 *
 * Return: 0 (r->lp.reason says why it stopped), or a negative errno.
 */
int router_loop_run(struct router *r);

#endif
