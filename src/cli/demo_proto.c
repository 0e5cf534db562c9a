// SPDX-License-Identifier: MIT
/*
 * demo_proto.c - scenario `protocol`: numbers the stack has no handler for
 *
 * A sends datagrams with IP protocol 47 (GRE) and 132 (SCTP) to B. B has a
 * raw socket open for 47, so that datagram is delivered to it; nobody
 * claims 132, so B answers Protocol Unreachable (Type 3 Code 2). When the raw
 * socket closes, 47 is unreachable too.
 */
#include <errno.h>
#include <string.h>

#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/sock.h"
#include "icmpkit/trace.h"

#include "demo.h"

/*
 * The protocols the stack itself handles (the protocol table, proto.c), as
 * the text names them: TCP (6) answers a closed port with a reset
 * (scenario tcp-closed).
 */
#define HANDLED_NUMBERS "1, 6 and 17"
#define HANDLED_DEMUX "1 → ICMP, 6 → TCP, 17 → UDP"

/*
 * Minimal well-formed payloads, so Wireshark decodes the capture cleanly: a
 * GRE header (RFC 2784) carrying the experimental EtherType 0x88b5, and an
 * SCTP common header (RFC 9260) with ports 5000 -> 5001.
 */
static const uint8_t gre_payload[] = { 0x00, 0x00, 0x88, 0xb5, 'G', 'R', 'E', '!' };
static const uint8_t sctp_payload[] = { 0x13, 0x88, 0x13, 0x89, 0, 0, 0, 0, 0, 0, 0, 0 };

/* A sends one datagram of protocol @proto to B; returns B's answer type/code. */
static int send_proto(struct demo *d, struct ik_stack *sa, uint8_t proto, const char *what,
		      bool show, int *code)
{
	const struct demo_pkt *p;
	const uint8_t *payload = proto == 47 ? gre_payload : sctp_payload;
	size_t plen = proto == 47 ? sizeof(gre_payload) : sizeof(sctp_payload);
	char caption[128];
	int fd = ik_sock_open(sa, IK_SOCK_RAW, proto);
	int type = -1;

	if (fd < 0 || ik_sock_sendto(sa, fd, payload, plen, DEMO_ADDR_B, 0,
				     ik_simnet_now(d->net)) < 0) {
		demo_check(d, false, "A sends a protocol %u datagram", proto);
		return -1;
	}
	demo_events(d);
	p = demo_take_pkt(d, "A");
	if (p && show) {
		snprintf(caption, sizeof(caption), "A → B: IP protocol %u (%s)", proto, what);
		demo_show_pkt(d, caption, p->bytes, p->len);
	}
	demo_run(d, DEMO_HOP);
	demo_events(d);
	p = demo_take_pkt(d, "B");
	if (p) {
		struct ik_ipv4_repr ip;
		struct ik_icmp_repr m;
		int h = ik_ipv4_parse(p->bytes, p->len, 0, &ip, NULL);

		if (h > 0 && ip.proto == IK_IPPROTO_ICMP &&
		    ik_icmp_parse(p->bytes + h, p->len - (size_t)h, 0, &m, NULL) > 0) {
			type = m.type;
			*code = m.code;
		}
		if (show)
			demo_show_pkt(d, "B → A: the answer", p->bytes, p->len);
	}
	demo_run(d, DEMO_HOP);
	demo_events(d);
	ik_sock_close(sa, fd);
	return type;
}

int demo_protocol(struct demo *d)
{
	struct ik_stack *sa, *sb;
	int raw47, type, code = -1;
	uint8_t buf[256];
	uint32_t from = 0;
	ssize_t n;

	if (demo_lan(d, "protocol", "Protocols the stack does not handle (other than "
		     HANDLED_NUMBERS "): raw sockets or Protocol Unreachable", &sa, &sb) < 0)
		return -1;

	demo_phase(d, "Protocol 47 (GRE) with a raw socket listening on B",
		   "B's IP layer demultiplexes on the protocol number: " HANDLED_DEMUX ", and "
		   "any other number to the raw sockets that asked for it. A program on B opened "
		   "a raw socket for 47.");
	raw47 = ik_sock_open(sb, IK_SOCK_RAW, 47);
	demo_check(d, raw47 >= 0, "B: raw socket for protocol 47 opened");
	type = send_proto(d, sa, 47, "GRE", true, &code);
	demo_check(d, type < 0, "B sent nothing back: the datagram had a taker");
	n = ik_sock_recvfrom(sb, raw47, buf, sizeof(buf), &from, NULL);
	demo_check(d, n > 20 && from == DEMO_ADDR_A && buf[9] == 47,
		   "B's raw socket received the whole datagram (%zd octets, IP header "
		   "included) from 192.168.1.10", n);

	demo_phase(d, "Protocol 132 (SCTP) that nobody claims",
		   "No handler and no raw socket for 132 on B: B's stack answers Destination "
		   "Unreachable, Code 2 (Protocol Unreachable), quoting the datagram.");
	type = send_proto(d, sa, 132, "SCTP", true, &code);
	demo_check(d, type == IK_ICMP_UNREACH && code == IK_UNREACH_PROTO,
		   "B answered Type %d Code %d (Protocol Unreachable)", type, code);

	demo_phase(d, "Protocol 47 again, after the raw socket closed",
		   "The raw socket is gone, so 47 is now as unclaimed as 132 was.");
	ik_sock_close(sb, raw47);
	type = send_proto(d, sa, 47, "GRE", false, &code);
	demo_check(d, type == IK_ICMP_UNREACH && code == IK_UNREACH_PROTO,
		   "B answered Type %d Code %d (Protocol Unreachable)", type, code);
	demo_say(d, "A router would forward all three by destination address alone, never "
		 "looking at the protocol: only the host the datagram is for demultiplexes it.");
	demo_drop_events(d);
	demo_end(d);
	return 0;
}
