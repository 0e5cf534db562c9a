// SPDX-License-Identifier: MIT
/*
 * demo_port6.c - `icmpkit demo port-unreachable6`: the study note's worked
 * example in IPv6. The same lesson, other numbers: UDP to a closed port on
 * B, B's stack answers ICMPv6 Type 1 Code 4 quoting the datagram (as much
 * as fits in 1280 octets, not just 8 octets past the header), A's stack
 * matches the quote to its socket, and recv() fails with ECONNREFUSED.
 */
#include <errno.h>
#include <string.h>

#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv6.h"
#include "icmpkit/sock.h"
#include "icmpkit/stack6.h"

#include "demo.h"

#define PORT 8080

/* documentation addresses (RFC 3849) for A and B on the LAN */
static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x10 };
static const uint8_t B6[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 0x05 };

/**
 * check_quote6() - the error is Type 1 Code 4 and quotes the whole datagram
 * @d: demo; @orig: A's datagram; @err: B's answer
 */
static void check_quote6(struct demo *d, const struct demo_pkt *orig, const struct demo_pkt *err)
{
	struct ik_ipv6_repr ip;
	struct ik_icmpv6_repr m;
	int h = ik_ipv6_parse(err->bytes, err->len, 0, &ip, NULL);

	if (h < 0 || ik_icmpv6_parse(err->bytes + h, err->len - (size_t)h, ip.src, ip.dst, 0, &m,
				     NULL) < 0) {
		demo_check(d, false, "the ICMPv6 error parses, its checksum over the pseudo-header "
			   "right");
		return;
	}
	demo_check(d, m.type == IK_ICMP6_UNREACH && m.code == IK_UNREACH6_PORT,
		   "Type %u Code %u: Destination Unreachable / Port Unreachable — in ICMPv6 the "
		   "numbers change (IPv4 said 3/3), the lesson does not", m.type, m.code);
	demo_check(d, m.body_len == orig->len && !memcmp(m.body, orig->bytes, orig->len),
		   "the quote is A's whole datagram, %zu octets: ICMPv6 quotes as much as fits in "
		   "1280 octets (RFC 4443 2.4(c)), where IPv4 quoted the header + 8", m.body_len);
	demo_check(d, !memcmp(ip.src, B6, 16) && !memcmp(ip.dst, A6, 16),
		   "sent from 2001:db8:1::5 (the address A wrote to) back to 2001:db8:1::10");
}

int demo_port_unreachable6(struct demo *d)
{
	const struct demo_pkt *p;
	struct demo_pkt orig;
	struct ik_sock_err ee;
	struct ik_stack *sa, *sb;
	char buf[64];
	uint16_t lport = 0;
	int fd, r;

	if (demo_lan(d, "port-unreachable6", "UDP to a closed port over IPv6: ICMPv6 Type 1 Code 4",
		     &sa, &sb) < 0)
		return -1;
	if (ik_stack_add_addr6(sa, 1, A6, 64) < 0 || ik_stack_add_addr6(sb, 1, B6, 64) < 0)
		return demo_check(d, false, "A and B get their IPv6 addresses"), -1;

	demo_phase(d, "Input (User A sends)",
		   "A program on A sends to [2001:db8:1::5]:8080. Its stack builds a UDP "
		   "datagram (Next Header 17) after a 40-octet IPv6 header and puts it on the LAN.");
	fd = ik_sock_open(sa, IK_SOCK_UDP6, 0);
	r = ik_sock_connect6(sa, fd, B6, PORT);
	demo_check(d, fd >= 0 && r == 0, "socket(AF_INET6) and connect() to [2001:db8:1::5]:8080 "
		   "succeed (nothing is sent yet)");
	r = (int)ik_sock_sendto6(sa, fd, "hello, 8080", 11, NULL, 0, ik_simnet_now(d->net));
	demo_check(d, r == 11, "sendto() returns %d: the datagram left", r);
	ik_sock_local6(sa, fd, NULL, &lport);
	demo_say(d, "The stack chose ephemeral source port %u for the socket.", lport);
	demo_events(d);
	p = demo_take_pkt(d, "A");
	if (!p)
		return demo_check(d, false, "A sent a datagram"), -1;
	orig = *p;
	demo_show_pkt(d, "A → B: the UDP datagram over IPv6", orig.bytes, orig.len);

	demo_phase(d, "Processing (server 2001:db8:1::5 receives)",
		   "B's IPv6 layer checks the header, finds the datagram is for one of its "
		   "addresses, walks the (empty) extension-header chain and hands Next Header 17 "
		   "to UDP. UDP looks up port 8080: no socket.");
	demo_run(d, DEMO_HOP);
	demo_events_before(d, "B", IK_EV_TX);

	demo_phase(d, "ICMPv6 generation (server stack)",
		   "B's stack writes the report: ICMPv6 Type 1 (Destination Unreachable) Code 4 "
		   "(Port Unreachable), with the original datagram after it.");
	demo_events(d);
	p = demo_take_pkt(d, "B");
	if (!p)
		return demo_check(d, false, "B answered with an ICMPv6 error"), -1;
	demo_show_pkt(d, "B → A: ICMPv6 Destination Unreachable, Port Unreachable", p->bytes,
		      p->len);
	check_quote6(d, &orig, p);

	demo_phase(d, "Output (User A receives)",
		   "A's stack reads the quote: Next Header 17, from [2001:db8:1::10]:%u to "
		   "[2001:db8:1::5]:8080. That names A's socket.", lport);
	demo_run(d, DEMO_HOP);
	demo_events(d);
	r = (int)ik_sock_recvfrom6(sa, fd, buf, sizeof(buf), NULL, NULL);
	demo_check(d, r == -ECONNREFUSED, "recv() on A's socket fails: %s",
		   r == -ECONNREFUSED ? "Connection refused (ECONNREFUSED)" : "unexpectedly");
	r = ik_sock_recverr(sa, fd, &ee);
	demo_check(d, r == 0 && ee.origin == IK_EE_ORIGIN_ICMP6 && ee.type == 1 && ee.code == 4 &&
		   !memcmp(ee.offender6, B6, 16),
		   "its error queue (IPV6_RECVERR) holds: origin ICMP6, type %u, code %u, offender "
		   "2001:db8:1::5", r == 0 ? ee.type : 0, r == 0 ? ee.code : 0);
	demo_drop_events(d);
	demo_end(d);
	return 0;
}
