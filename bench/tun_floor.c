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
	char err[300];
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
	if (ik_tun_bring_up(&t, name, 1500, peer, prefix, err, sizeof(err)) < 0) {
		fprintf(stderr, "tun_floor: %s\n", err);
		return 1;
	}
	if (ik_tun_set_blocking(t.fd, !busy) < 0)
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
