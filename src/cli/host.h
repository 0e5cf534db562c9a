/* SPDX-License-Identifier: MIT */
/* host.h - `icmpkit host`: the parts shared by host*.c */
#ifndef ICMPKIT_CLI_HOST_H
#define ICMPKIT_CLI_HOST_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "icmpkit/pcapio.h"
#include "icmpkit/stack.h"
#include "icmpkit/tun.h"

#include "args.h"
#include "loop.h"

#define HOST_MAX_APPS  64  /* per kind: --udp-echo, --udp-sink, --raw */
#define HOST_MAX_SETS  32  /* --set */
#define HOST_BATCH_DEF 64  /* packets handled in a row before pending output is flushed */


/**
 * struct host_args - the command line, checked
 * @peer_prefix: prefix of the kernel's address (defaults to @prefix)
 * @have4, @have6: an IPv4 / IPv6 --addr was given (at least one is)
 * @link6: the IPv6 ends (--addr and --peer with a ':')
 * @run: the options every long-running command shares (args.h)
 */
struct host_args {
	const char *tun;
	uint32_t addr;
	unsigned prefix;
	uint32_t peer;
	unsigned peer_prefix;
	bool have4, have6;
	struct cli_link6 link6;
	unsigned mtu;
	uint16_t echo[HOST_MAX_APPS];
	unsigned necho;
	uint16_t sink[HOST_MAX_APPS];
	unsigned nsink;
	uint8_t raw[HOST_MAX_APPS];
	unsigned nraw;
	struct cli_setting set[HOST_MAX_SETS];
	unsigned nset;
	struct cli_run run;
	uint64_t count_limit;
	unsigned batch;
};

/* host_args_parse() results besides 0 */
#define HOST_ARGS_HELP  CLI_ARGS_HELP  /* --help: print host_usage(), exit 0 */
#define HOST_ARGS_ERROR CLI_ARGS_ERROR /* message in the error buffer, exit 2 */

/**
 * host_args_parse() - parse and check the command line
 * @a:      filled
 * @argc:   count, argv[0] being "host"
 * @argv:   arguments
 * @err:    one-line message on error
 * @errlen: its size
 *
 * Return: 0, HOST_ARGS_HELP or HOST_ARGS_ERROR.
 */
int host_args_parse(struct host_args *a, int argc, char **argv, char *err, size_t errlen);

/**
 * host_usage() - the --help text
 * @f: output
 */
void host_usage(FILE *f);

/** enum host_app_kind - what an application socket does */
enum host_app_kind { HOST_APP_ECHO, HOST_APP_SINK, HOST_APP_RAW };

/** struct host_app - one application socket and its counts */
struct host_app {
	int fd;
	int fd6;            /* its IPv6 twin (UDP on the same port), -1 none */
	enum host_app_kind kind;
	unsigned param;     /* port, or protocol for raw */
	uint64_t in, in_octets;
	uint64_t out, out_errors;
};

/** struct host_apps - every application socket, and one receive buffer */
struct host_apps {
	struct host_app app[3 * HOST_MAX_APPS];
	unsigned n;
	uint8_t *buf;       /* 65536 octets, allocated once */
};

/**
 * host_apps_open() - open and bind every socket the arguments ask for
 * @apps:   filled
 * @s:      stack
 * @a:      arguments
 * @err:    message on failure
 * @errlen: its size
 *
 * Return: 0, or a negative errno.
 */
int host_apps_open(struct host_apps *apps, struct ik_stack *s, const struct host_args *a,
		   char *err, size_t errlen);

/**
 * host_apps_drain() - serve every socket until its queue is empty
 * @apps: sockets
 * @s:    stack
 * @now:  time (ns)
 * @out:  where raw printers write
 *
 * Return: lines written to @out.
 */
unsigned host_apps_drain(struct host_apps *apps, struct ik_stack *s, uint64_t now, FILE *out);

/**
 * host_apps_close() - close the sockets and free the buffer
 * @apps: sockets
 * @s:    stack
 */
void host_apps_close(struct host_apps *apps, struct ik_stack *s);

/** struct host_counters - what the TUN loop itself counts */
struct host_counters {
	uint64_t rx_packets, rx_octets;
	uint64_t rx_not_ipv4;   /* neither IPv4 nor (with an IPv6 --addr) IPv6: not given to the stack */
	uint64_t rx_dropped;    /* ik_stack_input() said dropped */
	uint64_t rx_truncated;  /* reads that filled a whole slot */
	uint64_t tx_packets, tx_octets;
	uint64_t tx_errors;     /* writes the TUN refused */
	uint64_t wakeups;       /* packets that ended a wait: a blocking read, or a
				 * --busy-poll spin that had found nothing */
	uint64_t full_batches;  /* --batch packets in a row with output pending
				 * (the output was flushed before the burst ended) */
	uint64_t pcap_dropped;  /* packets --pcap could not record (a full disk) */
};

/**
 * struct host_iface_report - one device's counts, for a report of several
 * (`icmpkit router`)
 * @name:   its name
 * @netns:  the network namespace it is in, NULL for the process's own
 * @addr:   the stack's address on it, 0 when unnumbered
 * @prefix: its prefix
 * @c:      its counts (wakeups and full batches are the loop's, not its)
 */
struct host_iface_report {
	const char *name;
	const char *netns;
	uint32_t addr;
	unsigned prefix;
	const struct host_counters *c;
};

/**
 * struct host_report - everything the counters printer needs
 * @mib:     the stack's counters
 * @c:       the loop's counters (all devices together)
 * @apps:    application sockets, NULL for none (no "apps" in JSON)
 * @group:   the name of @c's group, NULL for "Host"
 * @ifaces:  per-device counts (NULL: one device, @c is all)
 * @nifaces: how many
 * @seconds: since start
 * @reason:  why the loop stopped ("SIGTERM", "duration", …), or NULL
 */
struct host_report {
	const struct ik_mib *mib;
	const struct host_counters *c;
	const struct host_apps *apps;
	const char *group;
	const struct host_iface_report *ifaces;
	unsigned nifaces;
	double seconds;
	const char *reason;
};

/**
 * host_stats_final() - the counters at exit: "Group.Name value" lines, or
 * one JSON object on one line
 * @f:    output
 * @r:    what to print
 * @json: as JSON
 */
void host_stats_final(FILE *f, const struct host_report *r, bool json);

/**
 * host_stats_line() - one "stats: ..." line for --stats-interval
 * @f:    output
 * @r:    what to print
 * @json: the counters as compact JSON after "stats: "
 */
void host_stats_line(FILE *f, const struct host_report *r, bool json);

/**
 * host_drop_caps() - drop every capability, for good
 * @err:    message on failure
 * @errlen: its size
 *
 * Empties the bounding set (when allowed), the ambient set and the
 * effective/permitted/inheritable sets, and sets PR_SET_NO_NEW_PRIVS.
 *
 * Return: 0, or a negative errno.
 */
int host_drop_caps(char *err, size_t errlen);

/** struct host - one running `icmpkit host` */
struct host {
	const struct host_args *a;
	struct ik_stack *s;
	unsigned ifindex;          /* the stack's interface */
	struct ik_tun tun;
	struct ik_tun_batch batch;
	struct ik_pcap_writer *pcap;
	uint64_t pcap_off;         /* CLOCK_REALTIME - CLOCK_MONOTONIC, ns */
	struct host_apps apps;
	struct host_counters c;
	struct cli_loop lp;        /* start time, output stream, why it stopped */
	struct cli_link_watch watch; /* the TUN still there and up */
	char why[64];              /* lp.reason when a fault stopped the loop */
	bool pcap_warned;          /* the one --pcap write warning is out */
};

/**
 * cli_pcap_warn() - the one warning on stderr for a --pcap writer that
 * failed (a full file system: the run goes on, packets are counted as not
 * recorded)
 * @cmd: "host" or "router"; @path: the file; @err: the writer's status
 * (0 or a negative errno); @warned: the one warning is out (updated)
 */
void cli_pcap_warn(const char *cmd, const char *path, int err, bool *warned);

/**
 * host_xmit6() - the stack's IPv6 device callback: write to the TUN
 * (the kernel reads the version from the first nibble)
 * @ctx: struct host; @ifindex, @next_hop: ignored; @pkt / @len: datagram;
 * @now: time
 *
 * Return: as host_xmit().
 */
int host_xmit6(void *ctx, unsigned ifindex, const uint8_t next_hop[16], const uint8_t *pkt,
	       size_t len, uint64_t now);

/**
 * host_xmit() - the stack's device callback: write to the TUN
 * @ctx: struct host; @ifindex, @next_hop: ignored (one point-to-point link);
 * @pkt / @len: datagram; @now: time
 *
 * Return: 0, or -IK_EAGAIN when the TUN refused it (counted).
 */
int host_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt, size_t len,
	      uint64_t now);

/**
 * host_trace() - the --trace sink: one line per event on stdout
 * @ctx: struct host; @ev: event
 */
void host_trace(void *ctx, const struct ik_event *ev);

/**
 * host_pcap_account() - flush --pcap, warn once when it failed, count what
 * it could not record (Host.PcapDropped)
 * @h: host
 */
void host_pcap_account(struct host *h);

/**
 * host_report_now() - fill @r with @h's counters at this moment
 * @h: host
 * @r: filled
 */
void host_report_now(const struct host *h, struct host_report *r);

/**
 * host_loop_run() - the TUN loop, until a signal, --duration,
 * --count-limit or a fatal error
 * @h: set up host
 *
 * Return: 0, or a negative errno (fatal error, h->reason says where).
 */
int host_loop_run(struct host *h);

#endif
