// SPDX-License-Identifier: MIT
/*
 * fuzz_router.c - libFuzzer target: a router with three interfaces (one
 * unnumbered; two with IPv6, which it forwards too) and every route
 * type (topo.h), driven by a script of
 * datagrams, clock steps and socket calls (script.h). The settings octet
 * sets accept_source_route, bc_forwarding, send_redirects and the rate
 * limit. Invariants (invariants.h): every emitted datagram parses with
 * right checksums and fits the MTU, none goes to a broadcast, multicast,
 * 0/8 or 127/8 address (a directed broadcast only under bc_forwarding),
 * no ICMP error about an ICMP error, counters never go down, pools and
 * heap come back.
 */
#include "topo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_topo t;

	fz_router(&t);
	fz_run_script(&t, data, size);
	return 0;
}
