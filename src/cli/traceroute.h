/* SPDX-License-Identifier: MIT */
/* traceroute.h - `icmpkit traceroute`: TTL-limited probes over the Linux kernel */
#ifndef ICMPKIT_CLI_TRACEROUTE_H
#define ICMPKIT_CLI_TRACEROUTE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "args.h"

#define TR_ARGS_HELP  CLI_ARGS_HELP
#define TR_ARGS_ERROR CLI_ARGS_ERROR

#define TR_MAX_QUERIES 10
#define TR_MAX_SIMUL   255
#define TR_MAX_PKT     65000
#define TR_DEF_PKT     60
#define TR_UDP_PORT    33434
#define TR_TCP_PORT    80
#define TR_EXT_LEN     256
#define TR_MAX_FLOWS   16
#define TR_MAX_CYCLES  100
#define TR_MAX_FIELDS  32
#define TR_DEF_FIELDS  "LSNABWVM" /* Loss% Snt Last Avg Best Wrst StDev Javg */

/** enum tr_method - how probes are sent */
enum tr_method { TR_UDP, TR_ICMP, TR_TCP };

/**
 * struct tr_args - the command line, checked
 * @method:      UDP (default), ICMP Echo (-I) or TCP SYN (-T)
 * @first_ttl:   -f (default 1)
 * @max_ttl:     -m (default 30)
 * @nqueries:    probes per hop: -q (default 3) times @flows
 * @per_flow:    -q: probes per hop and flow
 * @flows:       --flows: flow identities per hop (default 1)
 * @simul:       -N probes in flight at once (default 16)
 * @wait_ns:     -w how long to wait for an answer (default 5 s)
 * @sendwait_ns: -z the least time between two probes (default 0)
 * @port:        -p destination port (UDP 33434, TCP 80)
 * @numeric:     -n: addresses only, no reverse lookup
 * @ext:         -e print RFC 4884 extensions
 * @mtu:         --mtu: probes with DF, cut to each Next-Hop MTU reported
 * @report:      --report: mtr's report instead of the hop lines
 * @fields:      -o: the report's columns by mtr's letters (default
 *               TR_DEF_FIELDS)
 * @src:         -s source address, 0 when not given
 * @iface:       -i interface, or NULL
 * @pktlen:      the probe's IP length (default 60)
 * @host:        HOST as given; @dst: its address
 * @run:         the shared options (--pcap --trace --json ...)
 */
struct tr_args {
	enum tr_method method;
	unsigned first_ttl, max_ttl, nqueries, simul;
	unsigned per_flow, flows;
	uint64_t wait_ns, sendwait_ns;
	unsigned port;
	bool numeric, ext, mtu, report;
	char fields[TR_MAX_FIELDS + 1];
	uint32_t src;
	const char *iface;
	unsigned pktlen;
	const char *host;
	uint32_t dst;
	struct cli_run run;
};

/**
 * struct tr_probe - one probe and what answered it
 * @ttl:     its TTL
 * @sent:    sent; @done: answered or timed out; @answered: answered
 * @t_sent / @t_recv: CLOCK_MONOTONIC ns
 * @key:     what tells it apart: UDP checksum, ICMP sequence, TCP sequence
 * @from:    the answer's source
 * @final:   the answer ends the trace (the destination, or an unreachable)
 * @ann:     annotation ("!H", "!F-1280", "" for none)
 * @ext:     -e: the extensions as text ("" for none)
 * @size:    the IP length it was sent with
 */
struct tr_probe {
	uint8_t ttl;
	bool sent, done, answered, final;
	uint64_t t_sent, t_recv;
	uint32_t key;
	uint32_t from;
	char ann[16];
	char ext[TR_EXT_LEN];
	unsigned size;
};

/**
 * struct tr_name - one address and its name ("" when it has none)
 */
struct tr_name {
	uint32_t addr;
	char name[256];
};

/**
 * struct tr_names - the names looked up in a run, once per address
 * @v / @n / @cap: the entries
 * @lookups: how many lookups were made
 * @lookup:  the resolver (NULL: tr_name_lookup()); tests put their own
 */
struct tr_names {
	struct tr_name *v;
	unsigned n, cap, lookups;
	int (*lookup)(uint32_t addr, char *buf, size_t len);
};

/**
 * struct tr_ctx - one run
 * @a:       arguments
 * @send_fd: raw socket the probes leave by (IP_TTL set per probe)
 * @icmp_fd: raw ICMP socket the answers arrive on
 * @tcp_fd:  raw TCP socket for SYN-ACK / RST (-T), else -1
 * @hold_fd: a UDP or TCP socket holding the source port, or -1
 * @src:     source address; @sport: source port (UDP, TCP); @ident: ICMP Identifier
 * @size:    the IP length of the next probe (--mtu: the path MTU so far)
 * @resend:  --mtu: a probe a Frag Needed sent back to be sent again, or -1
 * @shown_size: --mtu: the last size printed as F=N
 * @probes / @nprobes: every probe of the run, TTL by TTL
 * @pcap:    --pcap writer or NULL
 * @names:   the responders' names (without -n)
 * @out:     where the text or JSON goes
 */
struct tr_ctx {
	const struct tr_args *a;
	int send_fd, icmp_fd, tcp_fd, hold_fd;
	uint32_t src;
	uint16_t sport, ident;
	unsigned size;
	int resend;
	unsigned shown_size;
	struct tr_probe *probes;
	unsigned nprobes;
	struct ik_pcap_writer *pcap;
	struct tr_names names;
	FILE *out;
};

/**
 * tr_flow_of() - the flow identity probe @i belongs to
 * @a: arguments; @i: probe index
 *
 * Return: 0..@a->flows - 1.
 */
static inline unsigned tr_flow_of(const struct tr_args *a, unsigned i)
{
	return (i % a->nqueries) / a->per_flow;
}

/**
 * tr_usage() - the --help text
 * @f: output
 */
void tr_usage(FILE *f);

/**
 * tr_args_parse() - parse and check the command line
 * @a: filled; @argc / @argv: arguments ("traceroute" first); @err / @errlen: message
 *
 * Return: 0, TR_ARGS_HELP or TR_ARGS_ERROR.
 */
int tr_args_parse(struct tr_args *a, int argc, char **argv, char *err, size_t errlen);

/**
 * tr_now_ns() - CLOCK_MONOTONIC in ns
 *
 * Return: the time.
 */
uint64_t tr_now_ns(void);

/**
 * tr_sockets_open() - the sockets, the source address and port
 * @c: context (a set); @err / @errlen: message
 *
 * Return: 0, or -1 with the message.
 */
int tr_sockets_open(struct tr_ctx *c, char *err, size_t errlen);

/**
 * tr_sockets_close() - close what tr_sockets_open() opened
 * @c: context
 */
void tr_sockets_close(struct tr_ctx *c);

/**
 * tr_probe_send() - build probe @i and send it with its TTL
 * @c: context; @i: probe index
 *
 * Return: 0, or -1 (errno set).
 */
int tr_probe_send(struct tr_ctx *c, unsigned i);

/**
 * tr_pcap_put() - one packet into --pcap (when given)
 * @c: context; @pkt / @len: IPv4 datagram
 */
void tr_pcap_put(struct tr_ctx *c, const uint8_t *pkt, size_t len);

/**
 * tr_match() - parse a received datagram through the wire layer and match
 * it to its probe by the quoted header (or the reply's own fields)
 * @c: context; @pkt / @len: the IPv4 datagram; @now: receive time
 *
 * Return: the probe index, or -1 when it answers none of ours.
 */
int tr_match(struct tr_ctx *c, const uint8_t *pkt, size_t len, uint64_t now);

/**
 * tr_unreach_ann() - traceroute 2.x's annotation of a Destination Unreachable
 * @code: ICMP code; @mtu: Next-Hop MTU (code 4); @buf / @len: output
 *
 * Return: @buf ("" for Port Unreachable).
 */
const char *tr_unreach_ann(uint8_t code, unsigned mtu, char *buf, size_t len);

/**
 * tr_ext_format() - RFC 4884 extension objects as text: MPLS label stacks
 * (RFC 4950), interface information (RFC 5837) by its fields, others as
 * class/c-type
 * @ext / @len: the extension structure; @buf / @cap: output
 *
 * Return: the length written (0: nothing readable).
 */
size_t tr_ext_format(const uint8_t *ext, size_t len, char *buf, size_t cap);

/**
 * tr_print_header() - the first line (text) or the start object (--json)
 * @c: context
 */
void tr_print_header(const struct tr_ctx *c);

/**
 * tr_print_hop() - one hop's line (text) or object (--json)
 * @c: context (--mtu: @c->shown_size follows what is printed); @ttl: the hop
 */
void tr_print_hop(struct tr_ctx *c, unsigned ttl);

/**
 * tr_print_summary() - --json: the summary object; text: nothing
 * @c: context; @last_ttl: the last hop printed (0: none); @reached: the
 * destination answered; @interrupted: SIGINT/SIGTERM
 */
void tr_print_summary(struct tr_ctx *c, unsigned last_ttl, bool reached, bool interrupted);

/**
 * tr_report_print() - --report: mtr's report (or mtr --json's object) of
 * hops -f .. @last_ttl
 * @c: context; @last_ttl: the last hop of the trace (0: none)
 */
void tr_report_print(struct tr_ctx *c, unsigned last_ttl);

/**
 * struct tr_jitter - mtr's jitter figures of a hop (ms)
 * @last: Jttr, |this RTT - the previous one| of the last answer (0 for a
 *        first answer)
 * @avg:  Javg, the mean of every answer's jitter (the first counts 0)
 * @max:  Jmax, the largest jitter
 * @inta: Jint, the interarrival jitter estimate of RFC 3550 6.4.1:
 *        inta += (jitter - inta) / 16 per answer
 */
struct tr_jitter {
	double last, avg, max, inta;
};

/**
 * tr_jitter_of() - the jitter figures of @n RTTs in the order they came
 * @rtt / @n: the RTTs (ms); @j: result (all 0 for @n < 2)
 */
void tr_jitter_of(const double *rtt, unsigned n, struct tr_jitter *j);

/**
 * tr_fields_check() - whether @f is a list of report columns by mtr's
 * letters (L D R S N B A W V J M X I, ' ' for a blank column)
 * @f: the letters; @err / @errlen: message
 *
 * Return: 0, or TR_ARGS_ERROR with the message.
 */
int tr_fields_check(const char *f, char *err, size_t errlen);

/**
 * tr_name_lookup() - the name of @addr by getnameinfo() (NI_NAMEREQD)
 * @addr: address, host order; @buf / @len: the name
 *
 * Return: 0 with a name in @buf, -1 when it has none.
 */
int tr_name_lookup(uint32_t addr, char *buf, size_t len);

/**
 * tr_name_of() - the name of @addr, looked up the first time only
 * @t: the cache; @addr: address, host order
 *
 * Return: the name, or NULL when it has none.
 */
const char *tr_name_of(struct tr_names *t, uint32_t addr);

/**
 * tr_names_free() - forget every name
 * @t: the cache
 */
void tr_names_free(struct tr_names *t);

#endif
