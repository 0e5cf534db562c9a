/* SPDX-License-Identifier: MIT */
/* demo.h - the study note, told on the real stack: shared narrative engine */
#ifndef ICMPKIT_CLI_DEMO_H
#define ICMPKIT_CLI_DEMO_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "icmpkit/simnet.h"
#include "icmpkit/trace.h"

/* The study note's two hosts (simulated only: nothing leaves the process). */
#define DEMO_ADDR_A 0xc0a8010au /* 192.168.1.10, "User A" */
#define DEMO_ADDR_B 0xc0a80105u /* 192.168.1.5, the server */
#define DEMO_MS 1000000ull
#define DEMO_LAN_DELAY 100000ull /* ns, one way */
/* demo_run() this long delivers what is one hop away, not the answers to it */
#define DEMO_HOP DEMO_LAN_DELAY

#define DEMO_MAX_EVENTS 256
#define DEMO_MAX_PKTS 64
#define DEMO_SENT_RING 1024 /* fingerprints of the last packets sent, for --html */
#define DEMO_WIDTH_DEFAULT 100 /* columns when stdout is not a terminal */

/** struct demo_event - a trace event kept until its phase prints it */
struct demo_event {
	const char *node;
	unsigned layer, kind;
	char what[40];
	char why[160];
};

/** struct demo_pkt - a packet put on a link, kept for its phase */
struct demo_pkt {
	const char *from;
	uint64_t now;
	size_t len;
	uint8_t bytes[1600];
};

/**
 * struct demo - one run of the demo
 * @out: where the narrative goes; @json/@quiet/@color: output modes
 * @width: columns the text is wrapped to (demo_text_width())
 * @net: the simulated network of the current scenario
 * @ev/@nev: events not yet printed, in the order the stacks emitted them
 * @hold: demo_events_before() stopped: the events left wait for the next phase
 * @pk/@npk: packets not yet printed
 * @jout: the JSON document (array of scenarios) when @json
 * @jscen: the current scenario's JSON object; @jphase: current phase
 * @pcap: capture writer or NULL; @failures: checks that did not hold
 * @nsent: packets put on any link so far, all scenarios (= the capture's
 *         records); @sent: fingerprints of the last DEMO_SENT_RING of them,
 *         so a shown packet can name its place in the capture
 *
 * Causal order: a narrative line, a check or a packet first prints every
 * event still kept (unless held), so nothing is printed before the events
 * that led to it. In JSON each phase's "order" lists the kinds of its items
 * ("event", "narrative", "check", "packet") in the order the text has them.
 */
struct demo {
	FILE *out;
	bool json, quiet, color;
	unsigned width;
	struct ik_simnet *net;
	struct demo_event ev[DEMO_MAX_EVENTS];
	unsigned nev;
	bool hold;
	struct demo_pkt pk[DEMO_MAX_PKTS];
	unsigned npk;
	json_t *jout, *jscen, *jphase;
	struct ik_pcap_writer *pcap;
	unsigned scen_index;
	unsigned long nsent;
	uint64_t sent[DEMO_SENT_RING];
	int failures;
	int checks;
};

/** demo_net() - start a scenario's network (pcap and tap attached). Return: 0 or -1. */
int demo_net(struct demo *d, const char *scenario, const char *title);
/** demo_node() - add a node with one interface on @link and trace it. Return: node id. */
int demo_node(struct demo *d, const char *name, int link, uint32_t addr);
/** demo_add_node() - add a traced node with no interface yet. Return: node id, or -1. */
int demo_add_node(struct demo *d, const char *name);
/**
 * demo_lan() - start a scenario on a LAN with host A and host B
 * @d: demo; @scenario: its name; @title: its heading
 * @sa, @sb: set to A's and B's stacks
 *
 * Return: 0, or -1 if the network could not be built.
 */
int demo_lan(struct demo *d, const char *scenario, const char *title, struct ik_stack **sa,
	     struct ik_stack **sb);
/** demo_end() - finish a scenario: print its summary, free the network */
void demo_end(struct demo *d);

/** demo_phase() - start a numbered phase with a title and an explanation */
void demo_phase(struct demo *d, const char *title, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/** demo_say() - one line of narrative in the current phase */
void demo_say(struct demo *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** demo_check() - a fact the demo asserts; a false one is reported and fails the run */
void demo_check(struct demo *d, bool ok, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/** demo_events() - print (and forget) every kept event, in the order emitted */
void demo_events(struct demo *d);
/**
 * demo_events_before() - end a phase at a decision: print the kept events
 * before @node's first one of kind @stop (IK_EV_*); that one and all after it
 * are held for the next phase
 */
void demo_events_before(struct demo *d, const char *node, unsigned stop);
/** demo_drop_events() - forget kept events without printing */
void demo_drop_events(struct demo *d);

/**
 * demo_take_pkt() - the oldest kept packet sent by @from (NULL: anyone)
 * Return: the packet (valid until the next demo_net), or NULL.
 */
const struct demo_pkt *demo_take_pkt(struct demo *d, const char *from);
/**
 * demo_take_pkt_to() - the oldest kept packet sent by @from (NULL: anyone)
 * to the IPv4 destination @dst
 * Return: the packet (valid until the next demo_take_pkt*()), or NULL.
 */
const struct demo_pkt *demo_take_pkt_to(struct demo *d, const char *from, uint32_t dst);
/** demo_drop_pkts() - forget every kept packet */
void demo_drop_pkts(struct demo *d);
/** demo_show_pkt() - draw a packet (diagram, hex, verdicts) under a caption */
void demo_show_pkt(struct demo *d, const char *caption, const uint8_t *pkt, size_t len);

/** demo_run() - advance the virtual clock by @ns, delivering what arrives */
void demo_run(struct demo *d, uint64_t ns);

/* demo_text.c: fitting the text to the terminal */
/** demo_text_width() - the terminal's width, else $COLUMNS, else 100. Return: columns. */
unsigned demo_text_width(void);
/** demo_text_line() - print @lead then @text wrapped to @d->width under its first word */
void demo_text_line(struct demo *d, const char *lead, const char *text);
/** demo_text_event() - print a trace event, its why wrapped to @d->width */
void demo_text_event(struct demo *d, const struct demo_event *e, bool color);

/* demo_chain.c: a line of routers between a host and a destination */
#define DEMO_CHAIN_MAX 5 /* nodes: H, up to three routers, D */

/**
 * struct demo_hop - one link of a chain, from the host's side
 * @name:  link name ("h-r1")
 * @delay: one-way delay (ns)
 * @mtu:   MTU of both interfaces on it
 */
struct demo_hop {
	const char *name;
	uint64_t delay;
	unsigned mtu;
};

/**
 * struct demo_chain - H, routers R1..Rn, D joined by links 10.0.1.0/24 ...
 * @n:     nodes (links: @n - 1)
 * @name:  node names, H first and D last
 * @node:  simnet node ids
 * @s:     their stacks
 * @left:  each node's address on the link towards H (0 for H):
 *         router k has 10.0.k.k, D 10.0.n-1.20
 * @right: each node's address on the link towards D (0 for D):
 *         H has 10.0.1.10, router k 10.0.k+1.k
 * @hop:   the links
 * @link:  their simnet ids
 */
struct demo_chain {
	unsigned n;
	const char *name[DEMO_CHAIN_MAX];
	int node[DEMO_CHAIN_MAX];
	struct ik_stack *s[DEMO_CHAIN_MAX];
	uint32_t left[DEMO_CHAIN_MAX], right[DEMO_CHAIN_MAX];
	struct demo_hop hop[DEMO_CHAIN_MAX - 1];
	int link[DEMO_CHAIN_MAX - 1];
};

/**
 * demo_chain() - build the chain on the scenario's network: addresses,
 * routes both ways, ip_forward=1 on every router
 * @d: demo (demo_net() done); @c: set up; @names: @n node names;
 * @hops: the @n - 1 links
 *
 * Return: 0, or -1 if the network could not be built.
 */
int demo_chain(struct demo *d, struct demo_chain *c, const char *const *names, unsigned n,
	       const struct demo_hop *hops);
/** demo_chain_say() - draw the chain as a ladder of nodes and links, in the narrative */
void demo_chain_say(struct demo *d, const struct demo_chain *c);
/** demo_chain_rtt() - round trip from H to node @k on the links' delays. Return: ns. */
uint64_t demo_chain_rtt(const struct demo_chain *c, unsigned k);
/** demo_addr() - dotted quad of @a in a static buffer (two may be live). Return: it. */
const char *demo_addr(uint32_t a);
/** demo_ms() - @ns as milliseconds with three decimals in a static buffer (two may be live). Return: it. */
const char *demo_ms(uint64_t ns);

/* demo_quote.c: an ICMP error read as the host that gets it reads it */
/**
 * struct demo_err - an ICMP error and the datagram it quotes
 * @src/@dst/@ttl: its own IP header, as it arrived
 * @type/@code:    ICMP type and code
 * @mtu:           Next-Hop MTU (3/4), else 0
 * @quote_len:     octets of the original it quotes
 * @q_src/@q_dst/@q_ttl/@q_len/@q_df/@q_proto: the quoted IP header (@q_len
 *                 its Total Length, the whole original's size)
 * @q_sport/@q_dport: the quoted UDP ports (0 unless UDP)
 */
struct demo_err {
	uint32_t src, dst;
	uint8_t ttl, type, code;
	uint16_t mtu;
	size_t quote_len;
	uint32_t q_src, q_dst;
	uint8_t q_ttl, q_proto;
	uint16_t q_len;
	bool q_df;
	uint16_t q_sport, q_dport;
};
/** demo_parse_err() - read @len octets at @pkt as an ICMP error. Return: 0, or -1 if it is not one. */
int demo_parse_err(const uint8_t *pkt, size_t len, struct demo_err *e);

/* the scenarios */
int demo_port_unreachable(struct demo *d);

/** demo_port_unreachable6() - the same lesson over IPv6: Type 1 Code 4. Return: 0 or -1. */
int demo_port_unreachable6(struct demo *d);
int demo_ping_identifier(struct demo *d);
int demo_protocol(struct demo *d);
int demo_tcp_closed(struct demo *d);
int demo_traceroute(struct demo *d);
int demo_pmtu(struct demo *d);

#endif
