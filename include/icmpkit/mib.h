/* SPDX-License-Identifier: MIT */
/**
 * DOC: MIB counters, named as Linux's /proc/net/snmp
 * Layer: stack (include/icmpkit/README.md)
 *
 * One flat array of counters indexed by enum ik_mib_id, each with its group
 * ("Ip", "Icmp", "Tcp", "Udp") and its Linux name, plus IcmpMsg's per-type InType
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
	X(UDP, MemErrors)

#define IK_MIB_ENUM(g, n) IK_MIB_##g##_##n,
enum ik_mib_id { IK_MIB_LIST(IK_MIB_ENUM) IK_MIB_MAX };
#undef IK_MIB_ENUM

/**
 * struct ik_mib - all counters of one stack
 * @c:          scalar counters by enum ik_mib_id
 * @in_type:    IcmpMsg InType0..255
 * @out_type:   IcmpMsg OutType0..255
 */
struct ik_mib {
	uint64_t c[IK_MIB_MAX];
	uint64_t in_type[256];
	uint64_t out_type[256];
};

/**
 * ik_mib_name() - Linux name of a counter ("InReceives")
 * @id: enum ik_mib_id
 *
 * Return: static string, or NULL when @id is out of range.
 */
const char *ik_mib_name(unsigned id);

/**
 * ik_mib_group() - Linux group of a counter ("Ip", "Icmp", "Tcp", "Udp")
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
