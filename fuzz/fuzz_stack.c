// SPDX-License-Identifier: MIT
/*
 * fuzz_stack.c - libFuzzer target: a host stack (two interfaces, a
 * default route, refusing routes) driven by a script of packets, clock
 * steps and UDP / ping / raw socket calls (script.h), so reassembly, rate
 * limits, PMTU, error queues and timers are reached. Invariants:
 * invariants.h.
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
