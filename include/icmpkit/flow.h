/* SPDX-License-Identifier: MIT */
/**
 * DOC: flows: which packet of a capture answers which
 * Layer: show (include/icmpkit/README.md)
 *
 * Packets are fed in capture order. Every ICMP error is linked to the
 * packet it quotes, matched on the quoted IPv4 header's source,
 * destination, protocol, Identification and fragment word and on the
 * first 8 octets after the quoted header (fewer when the original had
 * fewer): the nearest earlier packet with that key wins, so a datagram
 * sent twice is matched to its latest copy before the error. IP options
 * in the quote are skipped by its IHL; a quote cut to 8 octets of payload
 * is enough. Every Echo Reply is linked to the Echo Request with the same
 * Identifier and Sequence Number sent the other way (addresses swapped),
 * with the round-trip time.
 *
 * Lookups go through hash tables keyed on the match key: adding a packet
 * costs O(1) on average, so a capture of millions of packets is linked in
 * one pass. The matcher allocates (it is a tool for captures, not a stack
 * path).
 */
#ifndef ICMPKIT_FLOW_H
#define ICMPKIT_FLOW_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IK_FLOW_NONE UINT32_MAX /* no packet */

/* What a packet is, for the diagram's colours. */
enum ik_flow_kind {
	IK_FK_DATA,      /* not ICMP: UDP, TCP, another protocol */
	IK_FK_ECHO_REQ,  /* ICMP Echo Request (type 8) */
	IK_FK_ECHO_REP,  /* ICMP Echo Reply (type 0) */
	IK_FK_ERROR,     /* an ICMP error (ik_icmp_is_error()) */
	IK_FK_ICMP,      /* another ICMP message */
	IK_FK_MALFORMED, /* not a readable IPv4 datagram */
	IK_FK_COUNT
};

/* How a packet's link turned out. */
enum ik_flow_state {
	IK_FS_NONE,      /* nothing to link (data, other ICMP, malformed) */
	IK_FS_LINKED,    /* @link names the packet */
	IK_FS_NOT_FOUND, /* an error whose quoted packet is not in the capture,
			  * or an Echo Reply whose request is not */
	IK_FS_LOST,      /* an Echo Request no reply in the capture answers
			  * (known after ik_flow_finish()) */
	IK_FS_UNREADABLE /* an error whose quote is too short to match */
};

/**
 * struct ik_flow_pkt - what the matcher found about one packet
 * @kind:  enum ik_flow_kind
 * @state: enum ik_flow_state
 * @link:  error: the packet quoted; Echo Reply: its request; Echo Request:
 *         its first reply; else IK_FLOW_NONE
 * @nrep:  Echo Request: replies seen (more than 1: duplicates)
 * @rtt:   Echo Reply (and its request): round trip in nanoseconds, else -1
 */
struct ik_flow_pkt {
	uint8_t kind;
	uint8_t state;
	uint16_t nrep;
	uint32_t link;
	int64_t rtt;
};

struct ik_flow;

/**
 * ik_flow_new() - an empty matcher
 * @hint: packets expected (0 if unknown); only sizes the first tables
 *
 * Return: the matcher, or NULL when out of memory.
 */
struct ik_flow *ik_flow_new(size_t hint);

/**
 * ik_flow_add() - the next packet of the capture
 * @f:    matcher
 * @pkt:  the IPv4 datagram (NULL with @len 0 for a frame with none)
 * @len:  its captured octets
 * @t_ns: capture time in nanoseconds
 *
 * Return: the packet's index (0 for the first), or -1 when out of memory
 * or past 2^32 - 2 packets.
 */
long long ik_flow_add(struct ik_flow *f, const uint8_t *pkt, size_t len, int64_t t_ns);

/**
 * ik_flow_finish() - after the last packet: mark unanswered requests lost
 * @f: matcher
 */
void ik_flow_finish(struct ik_flow *f);

/**
 * ik_flow_count() - packets added
 * @f: matcher
 *
 * Return: their count.
 */
size_t ik_flow_count(const struct ik_flow *f);

/**
 * ik_flow_get() - what was found about packet @i
 * @f: matcher
 * @i: index from ik_flow_add()
 *
 * Return: the entry (valid until the next ik_flow_add()), or NULL when @i
 * is out of range.
 */
const struct ik_flow_pkt *ik_flow_get(const struct ik_flow *f, size_t i);

/**
 * ik_flow_kind_name() - short name of a kind ("data", "echo-request", ...)
 * @kind: enum ik_flow_kind
 *
 * Return: static string, never NULL.
 */
const char *ik_flow_kind_name(unsigned kind);

/**
 * ik_flow_state_name() - short name of a state ("linked", "not-found", ...)
 * @state: enum ik_flow_state
 *
 * Return: static string, never NULL.
 */
const char *ik_flow_state_name(unsigned state);

/**
 * ik_flow_free() - free a matcher; NULL is ignored
 * @f: matcher
 */
void ik_flow_free(struct ik_flow *f);

#ifdef __cplusplus
}
#endif
#endif
