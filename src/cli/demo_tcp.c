// SPDX-License-Identifier: MIT
/*
 * demo_tcp.c - scenario `tcp-closed`: the note's scenario with TCP beside UDP
 *
 * A tries 192.168.1.5:8080 twice: once over UDP, once over TCP. Nobody
 * listens there. B's UDP has no way to say "no one here", so B's stack
 * answers in ICMP (Type 3 Code 3); B's TCP has one, a reset, and answers in
 * TCP itself. A's program sees "Connection refused" both times.
 *
 * icmpkit has no TCP client yet, so A's side of TCP is played by a raw
 * socket for protocol 6 that sends the SYN a connect() would send and reads
 * what comes back; what a kernel's TCP in SYN-SENT does with that reset
 * (connect() fails with ECONNREFUSED) is shown by tests/netns/udp_test.py,
 * where Linux's connect() meets `icmpkit host`.
 */
#include <errno.h>
#include <string.h>

#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/sock.h"
#include "icmpkit/tcp.h"
#include "icmpkit/trace.h"

#include "demo.h"

#define PORT 8080
#define A_PORT 49152
#define A_ISS 0x1f2e3d4cu /* A's initial sequence number */

/* the UDP half, short: the datagram, B's ICMP error, A's recv() */
static int udp_half(struct demo *d, struct ik_stack *sa)
{
	const struct demo_pkt *p;
	char buf[32];
	int fd, r;

	demo_phase(d, "UDP: A sends to port 8080",
		   "A program on A connects a UDP socket to 192.168.1.5:8080 and sends. "
		   "Nothing is exchanged first: UDP has no handshake.");
	fd = ik_sock_open(sa, IK_SOCK_UDP, 0);
	r = ik_sock_connect(sa, fd, DEMO_ADDR_B, PORT);
	r = r ? r : (int)ik_sock_sendto(sa, fd, "hello, 8080", 11, 0, 0, ik_simnet_now(d->net));
	demo_check(d, fd >= 0 && r == 11, "sendto() returns %d: the datagram left", r);
	demo_events(d);
	if ((p = demo_take_pkt(d, "A")))
		demo_show_pkt(d, "A → B: UDP to port 8080", p->bytes, p->len);

	demo_phase(d, "UDP: B has no socket there, and UDP cannot say so",
		   "A UDP header has ports, a length and a checksum: no field for \"no one is "
		   "listening\". So B's stack answers in another protocol, ICMP, which exists to "
		   "report why a datagram failed: Type 3 Code 3, quoting the datagram.");
	demo_run(d, DEMO_HOP);
	demo_events(d);
	p = demo_take_pkt(d, "B");
	if (!p)
		return demo_check(d, false, "B answered with an ICMP error"), -1;
	demo_check(d, p->len > 9 && p->bytes[9] == IK_IPPROTO_ICMP && p->bytes[20] == 3 &&
		   p->bytes[21] == 3,
		   "B's answer is IP protocol %u (ICMP), Type %u Code %u: Port Unreachable",
		   p->len > 21 ? p->bytes[9] : 0, p->len > 21 ? p->bytes[20] : 0,
		   p->len > 21 ? p->bytes[21] : 0);
	demo_show_pkt(d, "B → A: ICMP Port Unreachable (about UDP)", p->bytes, p->len);
	demo_run(d, DEMO_HOP);
	demo_events(d);
	r = (int)ik_sock_recvfrom(sa, fd, buf, sizeof(buf), NULL, NULL);
	demo_check(d, r == -ECONNREFUSED, "A's recv() fails: %s",
		   r == -ECONNREFUSED ? "Connection refused (ECONNREFUSED)" : "unexpected");
	ik_sock_close(sa, fd);
	return 0;
}

/* A's SYN, as a connect() to 192.168.1.5:8080 would send it */
static int send_syn(struct demo *d, struct ik_stack *sa, int fd)
{
	static const uint8_t mss[] = { IK_TCPOPT_MSS, 4, 0x05, 0xb4 }; /* 1460 */
	struct ik_tcp_repr syn = {
		.sport = A_PORT, .dport = PORT, .seq = A_ISS, .flags = IK_TCP_SYN,
		.window = 64240, .opts = mss, .opts_len = sizeof(mss),
	};
	uint8_t seg[IK_TCP_HDR_MAX];
	int n = ik_tcp_emit(&syn, DEMO_ADDR_A, DEMO_ADDR_B, seg, sizeof(seg));

	if (n < 0 || ik_sock_sendto(sa, fd, seg, (size_t)n, DEMO_ADDR_B, 0,
				    ik_simnet_now(d->net)) != n)
		return -1;
	return 0;
}

/* B's reset, field by field, against RFC 9293 §3.10.7.1 */
static void check_rst(struct demo *d, const struct demo_pkt *p)
{
	struct ik_ipv4_repr ip;
	struct ik_tcp_repr r;
	int h = ik_ipv4_parse(p->bytes, p->len, 0, &ip, NULL);

	if (h < 0 || ip.proto != IK_IPPROTO_TCP ||
	    ik_tcp_parse(p->bytes + h, p->len - (size_t)h, ip.src, ip.dst, 0, &r, NULL) < 0) {
		demo_check(d, false, "B's answer is a TCP segment with a right checksum");
		return;
	}
	demo_check(d, true, "B's answer is IP protocol 6 (TCP) itself, not ICMP: no ICMP at all");
	demo_check(d, r.flags == (IK_TCP_RST | IK_TCP_ACK),
		   "its control bits are RST and ACK: the SYN carried no ACK, so the reset "
		   "acknowledges it (RFC 9293 3.10.7.1)");
	demo_check(d, r.seq == 0 && r.ack == A_ISS + 1,
		   "SEQ=0, ACK=%u = the SYN's sequence number + 1 (a SYN occupies one number)",
		   r.ack);
	demo_check(d, r.sport == PORT && r.dport == A_PORT,
		   "ports swapped: from 8080 back to A's %u, so A's TCP knows which attempt failed",
		   r.dport);
}

int demo_tcp_closed(struct demo *d)
{
	const struct demo_pkt *p;
	struct ik_stack *sa, *sb;
	uint8_t buf[128];
	uint32_t from = 0;
	int fd, n;

	if (demo_lan(d, "tcp-closed", "TCP to a closed port: a reset, in TCP itself", &sa, &sb) < 0)
		return -1;
	if (udp_half(d, sa) < 0)
		return -1;

	demo_phase(d, "TCP: A connects to port 8080",
		   "Now a TCP connect() to the same port. TCP starts with a handshake: A's first "
		   "segment is a SYN (IP protocol 6) with A's initial sequence number. (A raw "
		   "socket for protocol 6 sends it here: icmpkit has no TCP client yet.)");
	fd = ik_sock_open(sa, IK_SOCK_RAW, IK_IPPROTO_TCP);
	demo_check(d, fd >= 0 && send_syn(d, sa, fd) == 0,
		   "A sends SYN seq=%u to 192.168.1.5:8080", A_ISS);
	demo_events(d);
	if ((p = demo_take_pkt(d, "A")))
		demo_show_pkt(d, "A → B: TCP SYN to port 8080", p->bytes, p->len);

	demo_phase(d, "TCP: B has no listener, and TCP can say so",
		   "B's IP layer hands protocol 6 to TCP. No socket listens on 8080, so the "
		   "segment meets the CLOSED state, where RFC 9293 says: answer with a reset. "
		   "TCP carries its own \"no one here\" (the RST bit), so no ICMP is needed.");
	demo_run(d, DEMO_HOP);
	demo_events(d);
	p = demo_take_pkt(d, "B");
	if (!p)
		return demo_check(d, false, "B answered the SYN"), -1;
	demo_show_pkt(d, "B → A: TCP RST+ACK", p->bytes, p->len);
	check_rst(d, p);
	demo_check(d, !demo_take_pkt(d, "B"), "B sent nothing else: no ICMP Port or Protocol "
		   "Unreachable for TCP");

	demo_phase(d, "TCP: what A's program sees",
		   "A TCP in SYN-SENT that reads an acceptable RST gives up the attempt: "
		   "connect() fails with \"Connection refused\" (ECONNREFUSED), the same words "
		   "as the UDP recv() above, by a different road.");
	demo_run(d, DEMO_HOP);
	demo_events(d);
	n = (int)ik_sock_recvfrom(sa, fd, buf, sizeof(buf), &from, NULL);
	demo_check(d, n >= 40 && from == DEMO_ADDR_B && buf[9] == IK_IPPROTO_TCP &&
		   (buf[33] & IK_TCP_RST) && !demo_take_pkt(d, "A"),
		   "the reset reached A (%d octets from 192.168.1.5 on A's raw socket); A's own "
		   "stack answered it with nothing (a reset is never answered)", n);
	demo_say(d, "UDP: the answer came in ICMP (protocol 1), built by B's stack because UDP "
		    "has no word for it. TCP: the answer came in TCP (protocol 6), the RST bit. "
		    "Either way the application reads: Connection refused.");
	ik_sock_close(sa, fd);
	demo_drop_events(d);
	demo_end(d);
	return 0;
}
