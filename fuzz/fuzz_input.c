// SPDX-License-Identifier: MIT
/*
 * fuzz_input.c - libFuzzer target: ik_stack_input() with one datagram, on
 * the host of topo.h with sockets open that it may reach (UDP bound to
 * port 7, UDP connected to 192.0.2.1:53, ping connected to 192.0.2.1,
 * raw ICMP and raw protocol 47; UDP6 bound to port 7, UDP6 connected to
 * [2001:db8:1::1]:53, ping6 connected to 2001:db8:1::1)
 *
 * Input: [interface][flags][datagram...]; flags bits 0-1 IK_RX_LINK_*,
 * bit 2: the harness writes the checksums; bits 3-7 the host's settings
 * octet's low five bits. What the datagram queued is read back, then every
 * socket closed and every timer run. Invariants: invariants.h.
 */
#include <string.h>

#include "icmpkit/ipv6.h"
#include "icmpkit/sock.h"

#include "topo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_topo t;
	static uint8_t pkt[65536], buf[65536];
	static struct ik_mib seen;
	uint64_t now = 1000000000ull;
	size_t heap0 = fz_heap();
	struct ik_sock_err e;
	struct ik_stack *s;
	int fd[8];
	uint8_t peer6[16];
	size_t len;

	if (size < 2)
		return 0;
	fz_host(&t);
	s = fz_stack_new(&t.net, &t.cfg);
	t.setup(s, &t.net, data[1] >> 3);
	fd[0] = ik_sock_open(s, IK_SOCK_UDP, 0);
	FZ_CHECK(ik_sock_bind(s, fd[0], 0, 7) == 0);
	fd[1] = ik_sock_open(s, IK_SOCK_UDP, 0);
	FZ_CHECK(ik_sock_connect(s, fd[1], 0xc0000201u, 53) == 0);
	fd[2] = ik_sock_open(s, IK_SOCK_PING, 0);
	FZ_CHECK(ik_sock_connect(s, fd[2], 0xc0000201u, 0) == 0);
	fd[3] = ik_sock_open(s, IK_SOCK_RAW, 1);
	fd[4] = ik_sock_open(s, IK_SOCK_RAW, 47);
	FZ_CHECK(ik_ipv6_addr_parse("2001:db8:1::1", peer6) == 0);
	fd[5] = ik_sock_open(s, IK_SOCK_UDP6, 0);
	FZ_CHECK(ik_sock_bind6(s, fd[5], NULL, 7) == 0);
	fd[6] = ik_sock_open(s, IK_SOCK_UDP6, 0);
	FZ_CHECK(ik_sock_connect6(s, fd[6], peer6, 53) == 0);
	fd[7] = ik_sock_open(s, IK_SOCK_PING6, 0);
	FZ_CHECK(ik_sock_connect6(s, fd[7], peer6, 0) == 0);
	for (unsigned i = 0; i < 8; i++)
		FZ_CHECK(fd[i] >= 0);
	memset(&seen, 0, sizeof(seen));
	fz_mib_check(s, &seen);

	len = size - 2;
	memcpy(pkt, data + 2, len);
	if (data[1] & 4)
		fz_fix_csums(pkt, len);
	t.net.in = pkt;
	t.net.in_len = len;
	t.net.in6 = pkt;
	t.net.in6_len = len;
	ik_stack_input(s, data[0] % 2 + 1, pkt, len, data[1] & 3, now);
	t.net.in = NULL;
	t.net.in6 = NULL;
	fz_mib_check(s, &seen);
	for (unsigned i = 0; i < 8; i++) {
		while ((i < 5 ? ik_sock_recvfrom(s, fd[i], buf, sizeof(buf), NULL, NULL)
			      : ik_sock_recvfrom6(s, fd[i], buf, sizeof(buf), NULL, NULL)) >= 0)
			;
		while (ik_sock_recverr(s, fd[i], &e) == 0)
			;
	}
	fz_mib_check(s, &seen);
	fz_quiesce(s, fd, 8, &now);
	fz_mib_check(s, &seen);
	ik_stack_free(s);
	FZ_CHECK(fz_heap() == heap0);
	return 0;
}
