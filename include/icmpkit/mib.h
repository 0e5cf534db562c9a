/* SPDX-License-Identifier: MIT */
/**
 * DOC: MIB counters, named as Linux's /proc/net/snmp
 * Layer: stack (include/icmpkit/README.md)
 *
 * One flat array of counters indexed by enum ik_mib_id, each with its group
 * ("Ip", "Icmp", "Tcp", "Udp", and /proc/net/snmp6's "Ip6", "Icmp6", "Udp6") and its Linux name, plus IcmpMsg's per-type InType
 * and OutType arrays. Names match the kernel's so the two can be compared
 * line by line.
 */
#ifndef ICMPKIT_MIB_H
#define ICMPKIT_MIB_H

#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define IK_MIB_LIST(X) \
	X(IP, InReceives) X(IP, InHdrErrors) X(IP, InAddrErrors) X(IP, ForwDatagrams) \
	X(IP, InUnknownProtos) X(IP, InDiscards) X(IP, InDelivers) X(IP, OutRequests) \
	X(IP, OutDiscards) X(IP, OutNoRoutes) X(IP, ReasmTimeout) X(IP, ReasmReqds) \
	X(IP, ReasmOKs) X(IP, ReasmFails) X(IP, FragOKs) X(IP, FragFails) X(IP, FragCreates) \
	X(IP, InTruncatedPkts) X(IP, InCsumErrors) X(IP, InOptErrors) \
	X(ICMP, InMsgs) X(ICMP, InErrors) X(ICMP, InCsumErrors) X(ICMP, InDestUnreachs) \
	X(ICMP, InTimeExcds) X(ICMP, InParmProbs) X(ICMP, InSrcQuenchs) X(ICMP, InRedirects) \
	X(ICMP, InEchos) X(ICMP, InEchoReps) X(ICMP, InTimestamps) X(ICMP, InTimestampReps) \
	X(ICMP, InAddrMasks) X(ICMP, InAddrMaskReps) X(ICMP, InUnknownTypes) \
	X(ICMP, InErrorsUnmatched) \
	X(ICMP, OutMsgs) X(ICMP, OutErrors) X(ICMP, OutRateLimitGlobal) \
	X(ICMP, OutRateLimitHost) X(ICMP, OutSuppressed) X(ICMP, OutDestUnreachs) \
	X(ICMP, OutTimeExcds) X(ICMP, OutParmProbs) X(ICMP, OutSrcQuenchs) \
	X(ICMP, OutRedirects) X(ICMP, OutEchos) X(ICMP, OutEchoReps) X(ICMP, OutTimestamps) \
	X(ICMP, OutTimestampReps) X(ICMP, OutAddrMasks) X(ICMP, OutAddrMaskReps) \
	X(TCP, ActiveOpens) X(TCP, PassiveOpens) X(TCP, AttemptFails) X(TCP, EstabResets) \
	X(TCP, CurrEstab) X(TCP, InSegs) X(TCP, OutSegs) X(TCP, RetransSegs) X(TCP, InErrs) \
	X(TCP, OutRsts) X(TCP, InCsumErrors) \
	X(UDP, InDatagrams) X(UDP, NoPorts) X(UDP, InErrors) X(UDP, OutDatagrams) \
	X(UDP, RcvbufErrors) X(UDP, SndbufErrors) X(UDP, InCsumErrors) X(UDP, IgnoredMulti) \
	X(UDP, MemErrors) \
	X(IP6, InReceives) X(IP6, InHdrErrors) X(IP6, InTooBigErrors) X(IP6, InNoRoutes) \
	X(IP6, InAddrErrors) X(IP6, InUnknownProtos) X(IP6, InTruncatedPkts) \
	X(IP6, InDiscards) X(IP6, InDelivers) X(IP6, OutForwDatagrams) X(IP6, OutRequests) \
	X(IP6, OutDiscards) X(IP6, OutNoRoutes) X(IP6, ReasmTimeout) X(IP6, ReasmReqds) \
	X(IP6, ReasmOKs) X(IP6, ReasmFails) X(IP6, FragOKs) X(IP6, FragFails) \
	X(IP6, FragCreates) X(IP6, InMcastPkts) X(IP6, OutMcastPkts) \
	X(ICMP6, InMsgs) X(ICMP6, InErrors) X(ICMP6, OutMsgs) X(ICMP6, OutErrors) \
	X(ICMP6, InCsumErrors) X(ICMP6, OutRateLimitHost) X(ICMP6, InDestUnreachs) \
	X(ICMP6, InPktTooBigs) X(ICMP6, InTimeExcds) X(ICMP6, InParmProblems) \
	X(ICMP6, InEchos) X(ICMP6, InEchoReplies) X(ICMP6, InRouterSolicits) \
	X(ICMP6, InRouterAdvertisements) X(ICMP6, InNeighborSolicits) \
	X(ICMP6, InNeighborAdvertisements) X(ICMP6, InRedirects) X(ICMP6, OutDestUnreachs) \
	X(ICMP6, OutPktTooBigs) X(ICMP6, OutTimeExcds) X(ICMP6, OutParmProblems) \
	X(ICMP6, OutEchos) X(ICMP6, OutEchoReplies) X(ICMP6, OutRouterSolicits) \
	X(ICMP6, OutRouterAdvertisements) X(ICMP6, OutNeighborSolicits) \
	X(ICMP6, OutNeighborAdvertisements) X(ICMP6, OutRedirects) \
	X(ICMP6, InErrorsUnmatched) X(ICMP6, OutRateLimitGlobal) X(ICMP6, OutSuppressed) \
	X(UDP6, InDatagrams) X(UDP6, NoPorts) X(UDP6, InErrors) X(UDP6, OutDatagrams) \
	X(UDP6, RcvbufErrors) X(UDP6, InCsumErrors)

#define IK_MIB_ENUM(g, n) IK_MIB_##g##_##n,
enum ik_mib_id { IK_MIB_LIST(IK_MIB_ENUM) IK_MIB_MAX };
#undef IK_MIB_ENUM

/**
 * struct ik_mib - all counters of one stack
 * @c:          scalar counters by enum ik_mib_id
 * @in_type:    IcmpMsg InType0..255
 * @out_type:   IcmpMsg OutType0..255
 * @in_type6:   ICMPv6 Icmp6InType0..255 (/proc/net/snmp6)
 * @out_type6:  Icmp6OutType0..255
 */
struct ik_mib {
	uint64_t c[IK_MIB_MAX];
	uint64_t in_type[256];
	uint64_t out_type[256];
	uint64_t in_type6[256];
	uint64_t out_type6[256];
};

/**
 * ik_mib_name() - Linux name of a counter ("InReceives")
 * @id: enum ik_mib_id
 *
 * Return: static string, or NULL when @id is out of range.
 */
const char *ik_mib_name(unsigned id);

/**
 * ik_mib_group() - Linux group of a counter ("Ip", "Icmp", "Tcp", "Udp", and /proc/net/snmp6's "Ip6", "Icmp6", "Udp6")
 * @id: enum ik_mib_id
 *
 * Return: static string, or NULL when @id is out of range.
 */
const char *ik_mib_group(unsigned id);

/**
 * ik_mib_print() - print the counters as /proc/net/snmp does
 * @m:       counters
 * @f:       output
 * @nonzero: print only non-zero counters, one "Group.Name value" per line,
 *           instead of the kernel's header/value line pairs
 */
void ik_mib_print(const struct ik_mib *m, FILE *f, int nonzero);

#ifdef __cplusplus
}
#endif
#endif
