// SPDX-License-Identifier: MIT
/*
 * demo_port.c - scenario `port-unreachable`: the study note's worked example
 *
 * Host A (192.168.1.10) sends UDP to 192.168.1.5:8080, where nothing
 * listens. B's stack drops it and answers ICMP Type 3 Code 3 quoting the
 * original IP header and the first 8 octets of UDP; A's stack matches the
 * quote to the socket, whose next call fails with "Connection refused".
 */
#include <errno.h>
#include <string.h>

#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/sock.h"
#include "icmpkit/trace.h"

#include "demo.h"

#define PORT 8080

/* Phase 3's proof: the quote is the original header + 8 octets, unchanged. */
static void check_quote(struct demo *d, const struct demo_pkt *orig, const struct demo_pkt *err)
{
	struct ik_ipv4_repr ip, oip;
	struct ik_icmp_repr m;
	int h = ik_ipv4_parse(err->bytes, err->len, 0, &ip, NULL);
	int oh = ik_ipv4_parse(orig->bytes, orig->len, 0, &oip, NULL);
	size_t want;

	if (h < 0 || oh < 0 || ik_icmp_parse(err->bytes + h, err->len - (size_t)h, 0, &m, NULL) < 0) {
		demo_check(d, false, "the ICMP error parses");
		return;
	}
	want = (size_t)oh + 8;
	demo_check(d, m.type == IK_ICMP_UNREACH && m.code == IK_UNREACH_PORT,
		   "Type %u Code %u: Destination Unreachable / Port Unreachable — no ports in "
		   "ICMP, only what happened", m.type, m.code);
	demo_check(d, m.quote && m.quote_len >= want && !memcmp(m.quote, orig->bytes, want),
		   "quoted octets 0..%zu equal the original IP header (%d octets) + the first 8 "
		   "octets of UDP, byte for byte (%zu octets quoted in all)",
		   want - 1, oh, m.quote ? m.quote_len : 0);
	demo_check(d, ip.src == DEMO_ADDR_B && ip.dst == DEMO_ADDR_A,
		   "sent from 192.168.1.5 (the address A wrote to) back to 192.168.1.10");
}

int demo_port_unreachable(struct demo *d)
{
	const struct demo_pkt *p;
	struct demo_pkt orig;
	struct ik_sock_err ee;
	struct ik_stack *sa, *sb;
	char buf[64];
	uint16_t lport = 0;
	int fd, r;

	if (demo_lan(d, "port-unreachable", "UDP to a closed port: ICMP Type 3 Code 3", &sa,
		     &sb) < 0)
		return -1;

	demo_phase(d, "Input (User A sends)",
		   "A program on A calls sendto() to 192.168.1.5:8080. Its stack builds a UDP "
		   "datagram (IP protocol 17) and puts it on the LAN.");
	fd = ik_sock_open(sa, IK_SOCK_UDP, 0);
	r = ik_sock_connect(sa, fd, DEMO_ADDR_B, PORT);
	demo_check(d, fd >= 0 && r == 0, "socket() and connect() to 192.168.1.5:8080 succeed "
		   "(UDP has no handshake: nothing is sent yet)");
	r = (int)ik_sock_sendto(sa, fd, "hello, 8080", 11, 0, 0, ik_simnet_now(d->net));
	demo_check(d, r == 11, "sendto() returns %d: the datagram left, and A does not know yet "
		   "that nobody listens", r);
	ik_sock_local(sa, fd, NULL, &lport);
	demo_say(d, "The stack chose ephemeral source port %u for the socket.", lport);
	demo_events(d);
	p = demo_take_pkt(d, "A");
	if (!p)
		return demo_check(d, false, "A sent a datagram"), -1;
	orig = *p;
	demo_show_pkt(d, "A → B: the UDP datagram", orig.bytes, orig.len);

	demo_phase(d, "Processing (server 192.168.1.5 receives)",
		   "B's IP layer validates the header, sees the datagram is addressed to it, and "
		   "hands it to the handler for protocol 17. UDP looks up port 8080: no socket.");
	demo_run(d, DEMO_HOP);
	demo_events_before(d, "B", IK_EV_TX);

	demo_phase(d, "ICMP generation (server kernel)",
		   "B's stack, not any program, writes the report: Type 3 (Destination "
		   "Unreachable) Code 3 (Port Unreachable), quoting the original IP header plus "
		   "the first 8 octets of its payload, so that A can tell which datagram died.");
	demo_events(d);
	p = demo_take_pkt(d, "B");
	if (!p)
		return demo_check(d, false, "B answered with an ICMP error"), -1;
	demo_show_pkt(d, "B → A: ICMP Destination Unreachable, Port Unreachable", p->bytes, p->len);
	check_quote(d, &orig, p);

	demo_phase(d, "Output (User A receives)",
		   "A's stack reads the quote: protocol 17, from 192.168.1.10:%u to "
		   "192.168.1.5:8080. That names A's socket, which now carries the error.",
		   lport);
	demo_run(d, DEMO_HOP);
	demo_events(d);
	r = (int)ik_sock_recvfrom(sa, fd, buf, sizeof(buf), NULL, NULL);
	demo_check(d, r == -ECONNREFUSED, "recv() on A's socket fails: %s (%s)",
		   r == -ECONNREFUSED ? "Connection refused" : "unexpected",
		   r == -ECONNREFUSED ? "ECONNREFUSED" : "?");
	r = ik_sock_recverr(sa, fd, &ee);
	demo_check(d, r == 0 && ee.origin == IK_EE_ORIGIN_ICMP && ee.type == 3 && ee.code == 3 &&
		   ee.offender == DEMO_ADDR_B,
		   "its error queue (IP_RECVERR) holds: origin ICMP, type %u, code %u, offender "
		   "192.168.1.5", r == 0 ? ee.type : 0, r == 0 ? ee.code : 0);
	r = (int)ik_sock_recvfrom(sa, fd, buf, sizeof(buf), NULL, NULL);
	demo_check(d, r == -EAGAIN, "the error is reported once; the next recv() just has "
		   "nothing to read (EAGAIN)");
	demo_drop_events(d);
	demo_end(d);
	return 0;
}
