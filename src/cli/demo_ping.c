// SPDX-License-Identifier: MIT
/*
 * demo_ping.c - scenario `ping-identifier`: echo replies carry no port
 *
 * Three programs on A ping B at the same time. The replies carry no port,
 * yet each reaches the program that asked: the stack gave each ping socket
 * its own echo Identifier, wrote it into every request, and hands each reply
 * to the socket whose Identifier it carries.
 */
#include <errno.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/icmp.h"
#include "icmpkit/sock.h"
#include "icmpkit/trace.h"

#include "demo.h"

#define NPROG 3
#define NSEQ 2

static const char *const progs[NPROG] = { "ping (terminal 1)", "ping (terminal 2)",
					  "monitoring agent" };

int demo_ping_identifier(struct demo *d)
{
	struct ik_stack *sa, *sb;
	const struct demo_pkt *p;
	uint16_t ident[NPROG];
	int fd[NPROG];

	if (demo_lan(d, "ping-identifier", "Echo replies carry no port: the Identifier decides",
		     &sa, &sb) < 0)
		return -1;

	demo_phase(d, "Three programs ping B at once",
		   "Each program opens a ping socket. Like a UDP socket gets a port, a ping "
		   "socket gets an echo Identifier; the stack picks a free one on first send "
		   "and writes it into every Echo Request.");
	for (int i = 0; i < NPROG; i++)
		fd[i] = ik_sock_open(sa, IK_SOCK_PING, 0);
	for (int seq = 1; seq <= NSEQ; seq++) {
		for (int i = 0; i < NPROG; i++) {
			uint8_t req[8 + 16] = { IK_ICMP_ECHO, 0 };

			ik_put16(req + 6, (uint16_t)seq);
			memcpy(req + 8, progs[i], strlen(progs[i]) < 16 ? strlen(progs[i]) : 16);
			if (ik_sock_sendto(sa, fd[i], req, sizeof(req), DEMO_ADDR_B, 0,
					   ik_simnet_now(d->net)) != (ssize_t)sizeof(req))
				demo_check(d, false, "%s sends Echo Request seq %d", progs[i], seq);
		}
	}
	demo_say(d, "Demultiplexing table on A (echo Identifier → socket → program):");
	for (int i = 0; i < NPROG; i++) {
		ident[i] = 0;
		ik_sock_local(sa, fd[i], NULL, &ident[i]);
		demo_say(d, "  Identifier 0x%04x (%5u) → socket %d → %s", ident[i], ident[i], fd[i],
			 progs[i]);
	}
	demo_check(d, ident[0] != ident[1] && ident[1] != ident[2] && ident[0] != ident[2],
		   "the three Identifiers are distinct (no two programs share a key)");
	demo_events(d);
	p = demo_take_pkt(d, "A");
	if (p)
		demo_show_pkt(d, "A → B: the first Echo Request (Identifier and Sequence in the "
			      "\"rest of header\")", p->bytes, p->len);

	demo_phase(d, "B answers each request",
		   "B's stack answers every Echo Request itself with an Echo Reply carrying the "
		   "same Identifier, Sequence and data. No program on B is involved.");
	demo_run(d, DEMO_HOP);
	demo_events(d);
	while (demo_take_pkt(d, "A"))
		;
	p = demo_take_pkt(d, "B");
	if (p)
		demo_show_pkt(d, "B → A: the first Echo Reply", p->bytes, p->len);

	demo_phase(d, "A hands each reply to the right program",
		   "A's stack reads the Identifier of each Echo Reply and looks it up in the "
		   "table above: that is the whole of ICMP's demultiplexing.");
	demo_run(d, DEMO_HOP);
	demo_events(d);
	for (int i = 0; i < NPROG; i++) {
		int got = 0, right = 0;
		uint8_t rep[64];
		ssize_t n;

		while ((n = ik_sock_recvfrom(sa, fd[i], rep, sizeof(rep), NULL, NULL)) >= 8) {
			got++;
			if (rep[0] == IK_ICMP_ECHOREPLY && ik_get16(rep + 4) == ident[i] &&
			    !memcmp(rep + 8, progs[i], (size_t)n - 8 < strlen(progs[i]) ?
							       (size_t)n - 8 : strlen(progs[i])))
				right++;
		}
		demo_check(d, got == NSEQ && right == NSEQ,
			   "%s (Identifier 0x%04x) received %d replies, %d of them its own",
			   progs[i], ident[i], got, right);
		ik_sock_close(sa, fd[i]);
	}
	demo_drop_events(d);
	while (demo_take_pkt(d, NULL))
		;
	demo_end(d);
	return 0;
}
