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

#define DEMO_MAX_EVENTS 256
#define DEMO_MAX_PKTS 64

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
 * @net: the simulated network of the current scenario
 * @ev/@nev: events not yet printed; @pk/@npk: packets not yet printed
 * @jout: the JSON document (array of scenarios) when @json
 * @jscen: the current scenario's JSON object; @jphase: current phase
 * @pcap: capture writer or NULL; @failures: checks that did not hold
 */
struct demo {
	FILE *out;
	bool json, quiet, color;
	struct ik_simnet *net;
	struct demo_event ev[DEMO_MAX_EVENTS];
	unsigned nev;
	struct demo_pkt pk[DEMO_MAX_PKTS];
	unsigned npk;
	json_t *jout, *jscen, *jphase;
	struct ik_pcap_writer *pcap;
	unsigned scen_index;
	int failures;
	int checks;
};

/** demo_net() - start a scenario's network (pcap and tap attached). Return: 0 or -1. */
int demo_net(struct demo *d, const char *scenario, const char *title);
/** demo_node() - add a node with one interface on @link and trace it. Return: node id. */
int demo_node(struct demo *d, const char *name, int link, uint32_t addr);
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
void demo_check(struct demo *d, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/**
 * demo_events() - print (and forget) the kept events of @node whose layer is
 * in @layers (a bit mask of 1u << IK_L_*); NULL node: every node
 */
void demo_events(struct demo *d, const char *node, unsigned layers);
/**
 * demo_events_before() - as demo_events(), but stop at @node's first event
 * of layer @stop (that one and all after it are kept for a later phase)
 */
void demo_events_before(struct demo *d, const char *node, unsigned layers, int stop);
/** demo_drop_events() - forget kept events without printing */
void demo_drop_events(struct demo *d);

/**
 * demo_take_pkt() - the oldest kept packet sent by @from (NULL: anyone)
 * Return: the packet (valid until the next demo_net), or NULL.
 */
const struct demo_pkt *demo_take_pkt(struct demo *d, const char *from);
/** demo_show_pkt() - draw a packet (diagram, hex, verdicts) under a caption */
void demo_show_pkt(struct demo *d, const char *caption, const uint8_t *pkt, size_t len);

/** demo_run() - advance the virtual clock by @ns, delivering what arrives */
void demo_run(struct demo *d, uint64_t ns);

/* the scenarios */
int demo_port_unreachable(struct demo *d);
int demo_ping_identifier(struct demo *d);
int demo_protocol(struct demo *d);

#endif
