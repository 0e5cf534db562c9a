// SPDX-License-Identifier: MIT
/*
 * fuzz_ping.c - libFuzzer target: the ping reply parser (ping_recv() and
 * what it calls in src/cli/ping_rx.c: the raw-socket datagram walk, Echo
 * Reply matching by Identifier and Sequence, the quoted request of an
 * ICMP error, Record Route), over a run to 192.0.2.1 with Identifier
 * 0x1234 whose Sequences 1..16 were sent
 *
 * The datagram reaches ping_recv() through an AF_UNIX datagram socket
 * pair standing in for the ICMP socket, so the same recvmmsg() path reads
 * it. Input: [options][datagram...]: options bit 0 a datagram (ping)
 * socket (the ICMP message alone) instead of a raw one, bit 1 -v, bit 2
 * --trace, bit 3 timing.
 *
 * Contract checked: ping_recv() reads the one datagram (a datagram longer
 * than the receive buffer excepted); replies, duplicates and errors only
 * grow, by at most one; nothing is counted for a datagram that is not an
 * Echo Reply or an error; the output goes to /dev/null.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "icmpkit/ipv4.h"

#include "../src/cli/ping.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sv[2] = { -1, -1 };
static uint64_t *sent_ns;
static uint8_t *seen;

static void broken(const char *what)
{
	fprintf(stderr, "fuzz_ping: contract broken: %s\n", what);
	__builtin_trap();
}

#define CHECK(cond) do { if (!(cond)) broken(#cond); } while (0)

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int big = 1 << 20;
	int null = open("/dev/null", 1);

	(void)argc;
	(void)argv;
	/* ping prints its lines on stdout */
	if (null < 0 || dup2(null, 1) < 0)
		abort();
	close(null);
	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv) < 0)
		abort();
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &big, sizeof(big));
	sent_ns = calloc(PING_NSEQ, sizeof(*sent_ns));
	seen = calloc(PING_NSEQ, 1);
	if (!sent_ns || !seen)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ping p;
	struct ping_stats before;
	int got;

	if (size < 1 || size - 1 > IK_IPV4_MAX_LEN)
		return 0;
	memset(&p, 0, sizeof(p));
	p.o.count = 16;
	p.o.datalen = 56;
	p.o.verbose = (data[0] >> 1) & 1;
	p.o.run.trace = (data[0] >> 2) & 1;
	p.o.quiet = !(data[0] & 0x10);
	p.fd = sv[1];
	p.dgram = data[0] & 1;
	p.ident = 0x1234;
	p.dst = 0xc0000201u;
	p.src = 0xc000020au;
	strcpy(p.dst_str, "192.0.2.1");
	p.timing = (data[0] >> 3) & 1;
	memset(sent_ns, 0, PING_NSEQ * sizeof(*sent_ns));
	memset(seen, 0, PING_NSEQ);
	/* sent a millisecond ago: a real run's RTTs */
	for (unsigned s = 1; s <= 16; s++)
		sent_ns[s] = ping_now_ns() - 1000000ull + s;
	p.sent_ns = sent_ns;
	p.seen = seen;
	p.st.transmitted = 16;
	p.st.tmin = -1;
	before = p.st;
	if (send(sv[0], data + 1, size - 1, 0) != (ssize_t)(size - 1))
		return 0;
	got = ping_recv(&p, false);
	CHECK(got == 1);
	CHECK(p.st.transmitted == 16);
	CHECK(p.st.received >= before.received && p.st.received <= before.received + 1);
	CHECK(p.st.dups >= before.dups && p.st.dups <= before.dups + 1);
	CHECK(p.st.errors >= before.errors && p.st.errors <= before.errors + 1);
	CHECK(p.st.received + p.st.dups + p.st.errors <= 1);
	CHECK(p.st.corrupted <= 1);
	return 0;
}
