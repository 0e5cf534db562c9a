// SPDX-License-Identifier: MIT
/*
 * fuzz_stack.c - libFuzzer target: a host stack (two interfaces with
 * IPv4 and IPv6 addresses, default routes, refusing routes) driven by a
 * script of packets, clock steps and UDP / ping / raw / UDP6 / ping6
 * socket calls (script.h), so reassembly, rate limits, PMTU, error queues
 * and timers are reached, for both versions. Invariants: invariants.h.
 */
#include "topo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_topo t;

	fz_host(&t);
	fz_run_script(&t, data, size);
	return 0;
}
