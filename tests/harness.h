/* SPDX-License-Identifier: MIT */
/**
 * DOC: test harness for stack tests
 *
 * A stack whose device captures every datagram it sends, plus builders that
 * craft datagrams with the wire layer's emitters. Every unit test links it.
 */
#ifndef ICMPKIT_TEST_HARNESS_H
#define ICMPKIT_TEST_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/sock.h"
#include "icmpkit/stack.h"
#include "icmpkit/udp.h"

#define IKT_MAXPKT 4096

/* 192.0.2.0/24 addresses used throughout the tests */
#define IKT_A   0xc0000201u /* 192.0.2.1  the stack under test */
#define IKT_B   0xc0000202u /* 192.0.2.2  a peer */
#define IKT_C   0xc0000203u /* 192.0.2.3  another peer */
#define IKT_GW  0xc00002feu /* 192.0.2.254 gateway */
#define IKT_FAR 0xcb007101u /* 203.0.113.1 off-link */

/** struct ikt_pkt - one captured datagram */
struct ikt_pkt {
	unsigned ifindex;
	uint32_t next_hop;
	uint8_t next_hop6[16]; /* an IPv6 datagram's (xmit6) */
	uint64_t now;
	size_t len;
	uint8_t *bytes;
};

/** struct ikt_cap - capture of everything the stack sent */
struct ikt_cap {
	struct ikt_pkt pkts[IKT_MAXPKT];
	size_t n;
	size_t dropped; /* beyond IKT_MAXPKT */
};

/** struct ikt - a stack under test with its capture */
struct ikt {
	struct ik_stack *s;
	struct ikt_cap cap;
	unsigned ifindex; /* eth0: IKT_A/24, MTU 1500 */
};

/**
 * ikt_new() - stack with eth0 = 192.0.2.1/24 MTU 1500 and a route to
 * 203.0.113.0/24 via 192.0.2.254
 * @cfg: pool sizes, NULL for defaults
 *
 * Return: the harness (calloc'ed; aborts on failure).
 */
struct ikt *ikt_new(const struct ik_stack_config *cfg);

/** ikt_free() - free stack, captures and harness */
void ikt_free(struct ikt *t);

/** ikt_clear() - forget captured packets */
void ikt_clear(struct ikt *t);

/** ikt_input() - feed a datagram on eth0 at time @now. Return: ik_stack_input's result. */
int ikt_input(struct ikt *t, const uint8_t *pkt, size_t len, uint64_t now);

/**
 * ikt_ip() - build an IPv4 datagram around @payload
 * @buf: output (>= 60 + len)
 * @ip:  header values (payload_len is set from @len)
 * @payload, @len: payload
 *
 * Return: total length.
 */
size_t ikt_ip(uint8_t *buf, struct ik_ipv4_repr *ip, const void *payload, size_t len);

/** ikt_ip_defaults() - a header src->dst, proto, TTL 64, DF clear, id 0x1234 */
struct ik_ipv4_repr ikt_ip_defaults(uint32_t src, uint32_t dst, uint8_t proto);

/**
 * ikt_udp() - build a UDP datagram with a correct checksum
 * Return: total length.
 */
size_t ikt_udp(uint8_t *buf, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport,
	       const void *data, size_t len);

/**
 * ikt_echo() - build an ICMP Echo Request (@type 8) or Reply (@type 0)
 * Return: total length.
 */
size_t ikt_echo(uint8_t *buf, uint8_t type, uint32_t src, uint32_t dst, uint16_t ident,
		uint16_t seq, const void *data, size_t len);

/**
 * ikt_icmp_error() - build an ICMP error from @src quoting @quote
 * @buf: output; @src/@dst: outer addresses; @type/@code: message;
 * @info: MTU for 3/4, pointer for 12; @quote/@qlen: the quoted bytes
 *
 * Return: total length.
 */
size_t ikt_icmp_error(uint8_t *buf, uint32_t src, uint32_t dst, uint8_t type, uint8_t code,
		      uint32_t info, const uint8_t *quote, size_t qlen);

/**
 * ikt_parse() - parse captured packet @i: IP header, and ICMP if proto 1
 * @t: harness; @i: index; @ip: header out; @icmp: ICMP out (may be NULL)
 *
 * Return: 0 if the IP header (and ICMP when asked) parsed with valid
 * checksums, else the negative error.
 */
int ikt_parse(const struct ikt *t, size_t i, struct ik_ipv4_repr *ip, struct ik_icmp_repr *icmp);

/**
 * ikt_tmp_path() - a fresh temporary file, created empty (aborts on failure)
 * @out: at least 64 octets; @tag: part of its name ("pcapio")
 */
void ikt_tmp_path(char *out, const char *tag);

/**
 * ikt_read_file() - a whole file into @buf (aborts when it cannot be opened)
 * @path: file; @buf: output; @cap: its size
 *
 * Return: octets read.
 */
size_t ikt_read_file(const char *path, uint8_t *buf, size_t cap);

/**
 * ikt_fsize_limit() - files this process writes may not grow past @bytes
 * (RLIMIT_FSIZE, SIGXFSZ ignored: a write past it fails with EFBIG, as a
 * full disk fails with ENOSPC); 0 lifts the limit again
 * @bytes: the limit, or 0
 */
void ikt_fsize_limit(unsigned long bytes);

/**
 * ikt_pcap_count() - the packets libpcap reads from a capture, and whether
 * the file ended cleanly (not cut short in a record)
 * @path: file; @clean: filled
 *
 * Return: packets read, or -1 when libpcap cannot open it.
 */
long ikt_pcap_count(const char *path, bool *clean);

#endif
