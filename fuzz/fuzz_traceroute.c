// SPDX-License-Identifier: MIT
/*
 * fuzz_traceroute.c - libFuzzer target: the traceroute answer parser
 * (tr_match(), src/cli/traceroute_match.c), over a run of 12 probes (TTL
 * 1..4, 3 queries, 2 flows) from 192.0.2.10 to 203.0.113.9 of which the
 * first 9 were sent
 *
 * Input: [method][options][datagram...]: method % 3 is UDP, ICMP or TCP;
 * options bit 0 -e, bit 1 --mtu, bit 2 --trace, bit 3 --flows 2. The same
 * datagram is matched twice (a duplicate answer).
 *
 * Contract checked: tr_match() returns -1 or the index of a probe that was
 * sent, and that probe is now answered and done, from a source, with its
 * annotation and extension text NUL-terminated; a probe never sent is
 * never touched; the datagram is read only within its length (an exact
 * heap copy).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/cli/traceroute.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NPROBES 12
#define NSENT 9

static FILE *devnull;

static void broken(const char *what)
{
	fprintf(stderr, "fuzz_traceroute: contract broken: %s\n", what);
	__builtin_trap();
}

#define CHECK(cond) do { if (!(cond)) broken(#cond); } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tr_probe probes[NPROBES];
	struct tr_args a;
	struct tr_ctx c;
	uint8_t *copy;

	if (size < 2)
		return 0;
	memset(&a, 0, sizeof(a));
	a.method = (enum tr_method)(data[0] % 3);
	a.first_ttl = 1;
	a.max_ttl = 4;
	a.nqueries = 3;
	a.flows = (data[1] & 8) ? 2 : 1;
	a.per_flow = a.flows == 2 ? 2 : 3;
	a.port = 33434;
	a.ext = data[1] & 1;
	a.mtu = (data[1] >> 1) & 1;
	a.run.trace = (data[1] >> 2) & 1;
	a.numeric = true;
	a.src = 0xc000020au;
	a.dst = 0xcb007109u;
	a.pktlen = 60;
	memset(&c, 0, sizeof(c));
	c.a = &a;
	c.send_fd = c.icmp_fd = c.tcp_fd = c.hold_fd = -1;
	c.src = a.src;
	c.sport = 40000;
	c.ident = 0x4d2;
	c.size = 1500;
	c.resend = -1;
	c.probes = probes;
	c.nprobes = NPROBES;
	c.out = devnull;
	memset(probes, 0, sizeof(probes));
	for (unsigned i = 0; i < NPROBES; i++) {
		probes[i].ttl = (uint8_t)(1 + i / 3);
		probes[i].sent = i < NSENT;
		probes[i].t_sent = 1000 + i;
		/* UDP: the checksum; ICMP: the sequence (i + 1); TCP: the sequence */
		probes[i].key = a.method == TR_UDP ? 0x1000u + i : a.method == TR_ICMP ? i + 1 : 0x10000000u + i;
		probes[i].size = 60;
	}
	copy = malloc(size - 2 ? size - 2 : 1);
	if (!copy)
		return 0;
	memcpy(copy, data + 2, size - 2);
	for (int round = 0; round < 2; round++) {
		int i = tr_match(&c, copy, size - 2, 5000 + (uint64_t)round);

		CHECK(i >= -1 && i < NPROBES);
		if (i >= 0) {
			CHECK(probes[i].sent && i < NSENT);
			CHECK(probes[i].answered && probes[i].done);
		}
		for (unsigned k = 0; k < NPROBES; k++) {
			CHECK(memchr(probes[k].ann, 0, sizeof(probes[k].ann)) != NULL);
			CHECK(memchr(probes[k].ext, 0, sizeof(probes[k].ext)) != NULL);
			if (k >= NSENT)
				CHECK(!probes[k].answered && !probes[k].done && !probes[k].from);
		}
		CHECK(c.resend == -1 || (c.resend >= 0 && c.resend < NSENT));
	}
	free(copy);
	return 0;
}
