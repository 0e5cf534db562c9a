/* SPDX-License-Identifier: MIT */
/**
 * DOC: names of ICMP types and codes, IP protocols and IP options
 * Layer: wire (include/icmpkit/README.md)
 *
 * One table, in the IANA registries' wording, used by every printer, the
 * trace and the JSON output.
 */
#ifndef ICMPKIT_NAMES_H
#define ICMPKIT_NAMES_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * ik_icmp_type_name() - IANA name of an ICMP type
 * @type: type
 *
 * Return: e.g. "Destination Unreachable"; "Unassigned" or "Reserved" as the
 * registry says for others. Never NULL.
 */
const char *ik_icmp_type_name(uint8_t type);

/**
 * ik_icmp_code_name() - IANA name of a code of @type
 * @type: type
 * @code: code
 *
 * Return: e.g. "Port Unreachable", "No Code" for types with only code 0,
 * "Unassigned" otherwise. Never NULL.
 */
const char *ik_icmp_code_name(uint8_t type, uint8_t code);

/**
 * ik_icmp_code_known() - whether (@type, @code) is in the registry
 * @type: type
 * @code: code
 *
 * Return: nonzero if registered.
 */
int ik_icmp_code_known(uint8_t type, uint8_t code);

/**
 * ik_ip_proto_name() - short name of an IP protocol number
 * @proto: protocol number
 *
 * Return: e.g. "ICMP", "UDP", "GRE", "SCTP"; "Unassigned" for others.
 * Never NULL.
 */
const char *ik_ip_proto_name(uint8_t proto);

/**
 * ik_ipopt_name() - name of an IPv4 option type
 * @type: option type octet
 *
 * Return: e.g. "Record Route"; "Unknown" for others. Never NULL.
 */
const char *ik_ipopt_name(uint8_t type);

/**
 * ik_tcpopt_name() - name of a TCP option kind (IANA "TCP Option Kind
 * Numbers")
 * @kind: option kind octet
 *
 * Return: e.g. "Maximum Segment Size"; "Unknown" for others. Never NULL.
 */
const char *ik_tcpopt_name(uint8_t kind);

#ifdef __cplusplus
}
#endif
#endif
