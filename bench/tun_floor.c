// SPDX-License-Identifier: MIT
/*
 * tun_floor.c - the floor of any user-space responder on a TUN: an echo
 * answerer with no stack at all, for bench_host.py to measure beside
 * `icmpkit host` and Linux in the same run.
 *
 * usage: tun_floor --tun NAME --peer ADDR/LEN [--busy-poll]
 *
 * It opens the TUN, gives the kernel side ADDR/LEN and brings it up (as
 * `icmpkit host` does), prints "ready: ..." and then, until SIGINT or
 * SIGTERM, reads each datagram and, when it is an ICMP Echo Request with a
 * 20-octet header, writes it back as the Echo Reply: addresses swapped, TTL
 * 64, type 0, both checksums updated incrementally (RFC 1624). Nothing is
 * validated, counted per protocol or traced: one read() and one write() per
 * echo, the least work a user-space answer can be. Without --busy-poll the
 * TUN is read blocking; with it, non-blocking reads spin. What this
 * reaches is what the TUN path itself allows on the machine; bench_host.py
 * prints it as "floor" beside icmpkit's figures.
 *
 * Exit status: 0 after SIGINT/SIGTERM, 1 when the TUN cannot be set up, 2
 * for bad arguments.
 */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/netlink.h"
#include "icmpkit/tun.h"

static volatile sig_atomic_t stop;

/** on_stop() - SIGINT/SIGTERM: end the loop. @signo: unused */
static void on_stop(int signo)
{
	(void)signo;
	stop = 1;
}

/**
 * setup() - open the TUN, address its kernel side, bring it up
 * @t: TUN out; @name: its name; @peer/@prefix: the kernel side's address
 * Return: 0, or -1 (reported).
 */
static int setup(struct ik_tun *t, const char *name, uint32_t peer, unsigned prefix)
{
	struct ik_nl_err ne = { 0 };
	struct ik_nl *nl;
	int r = ik_tun_open(t, name);

	if (r < 0) {
		fprintf(stderr, "tun_floor: cannot open TUN %s: %s\n", name, ik_tun_strerror(r));
		return -1;
	}
	nl = ik_nl_open(&ne);
	if (!nl) {
		fprintf(stderr, "tun_floor: netlink: %s\n", ne.msg);
		return -1;
	}
	ik_nl_link_no_ipv6(nl, t->ifindex, NULL);
	r = ik_nl_addr_add(nl, t->ifindex, peer, prefix, &ne);
	if (r == 0)
		r = ik_nl_link_up(nl, t->ifindex, &ne);
	ik_nl_close(nl);
	if (r < 0) {
		fprintf(stderr, "tun_floor: TUN %s: %s\n", name, ne.msg);
		return -1;
	}
	return 0;
}

/**
 * answer() - turn an Echo Request into its Reply in place
 * @b: datagram; @n: its length
 * Return: true when @b is now a reply to write back.
 */
static bool answer(uint8_t *b, size_t n)
{
	uint8_t a[4];

	if (n < 28 || b[0] != 0x45 || b[9] != 1 || b[20] != 8 || b[21] != 0)
		return false;
	memcpy(a, b + 12, 4);
	memcpy(b + 12, b + 16, 4);
	memcpy(b + 16, a, 4);
	/* TTL -> 64: the header checksum follows (the addresses only swapped) */
	ik_put16(b + 10, ik_csum_update16(ik_get16(b + 10), (uint16_t)(b[8] << 8 | b[9]),
					  (uint16_t)(64 << 8 | b[9])));
	b[8] = 64;
	b[20] = 0;
	ik_put16(b + 22, ik_csum_update16(ik_get16(b + 22), 8 << 8, 0));
	return true;
}

int main(int argc, char **argv)
{
	static uint8_t buf[IK_TUN_SLOT];
	const char *name = NULL, *peer_s = NULL;
	struct sigaction sa = { .sa_handler = on_stop };
	struct ik_tun t = { .fd = -1 };
	uint32_t peer = 0;
	unsigned prefix = 0;
	bool busy = false;
	unsigned long answered = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--tun") && i + 1 < argc)
			name = argv[++i];
		else if (!strcmp(argv[i], "--peer") && i + 1 < argc)
			peer_s = argv[++i];
		else if (!strcmp(argv[i], "--busy-poll"))
			busy = true;
		else
			name = NULL, i = argc;
	}
	if (!name || !peer_s || ik_ipv4_prefix_parse(peer_s, &peer, &prefix) < 0 || !prefix) {
		fprintf(stderr, "usage: tun_floor --tun NAME --peer ADDR/LEN [--busy-poll]\n");
		return 2;
	}
	if (setup(&t, name, peer, prefix) < 0 || ik_tun_set_blocking(t.fd, !busy) < 0)
		return 1;
	sigaction(SIGINT, &sa, NULL); /* no SA_RESTART: a waiting read fails with EINTR */
	sigaction(SIGTERM, &sa, NULL);
	printf("ready: tun_floor %s %s\n", name, busy ? "busy-poll" : "blocking");
	fflush(stdout);
	while (!stop) {
		ssize_t n = ik_tun_read(t.fd, buf, 0);

		if (n > 0 && answer(buf, (size_t)n) && ik_tun_write(t.fd, buf, (size_t)n) >= 0)
			answered++;
		else if (n < 0 && n != -EAGAIN && n != -EINTR && n != -EMSGSIZE)
			break;
	}
	printf("{\"Host\": {\"Answered\": %lu}}\n", answered);
	ik_tun_close(&t);
	return 0;
}
