// SPDX-License-Identifier: MIT
/**
 * DOC: the protocol table: IP protocol number -> handlers (Linux inet_protos)
 *
 * The first demultiplexing key of the study note. ICMP rides in IP like UDP
 * does: it is the protocol number, not a port, that sends a datagram to the
 * ICMP code. One row per protocol the stack itself handles, with everything
 * that is decided by that number:
 *   - input: a whole datagram addressed to us (after raw sockets got their
 *     copy, ik_ip_deliver());
 *   - err:   an ICMP error whose quote names this protocol (R1), which finds
 *     the socket by the quoted addresses and ports or Identifier;
 *   - fast:  the commonest datagrams of this protocol taken in one pass
 *     (fastpath.h classifies, this decides), or NULL.
 * A number without a row belongs to raw sockets (ik_raw_deliver(),
 * ik_raw_err()), or earns a Protocol Unreachable (G10). To handle a new
 * protocol: one row here and its handlers.
 */
#include "stack/internal.h"

const struct ik_proto ik_protos[256] = {
	[IK_IPPROTO_ICMP] = { "icmp", ik_icmp_input, ik_icmp_err_to_sock, ik_icmp_fast },
	[IK_IPPROTO_TCP] = { "tcp", ik_tcp_input, ik_tcp_err, NULL },
	[IK_IPPROTO_UDP] = { "udp", ik_udp_input, ik_udp_err, ik_udp_fast },
};
