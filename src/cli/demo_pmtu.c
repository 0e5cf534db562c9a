// SPDX-License-Identifier: MIT
/*
 * demo_pmtu.c - scenario `pmtu`: Path MTU Discovery (RFC 1191), and the
 * black hole it falls into when Frag Needed is filtered
 *
 * H — R1 — R2 — D (demo_chain.c), the R1–R2 link with MTU 1280, the others
 * 1500. H's connected UDP socket sends 1400 octets with DF, as Linux does
 * for a datagram that fits the path MTU it knows (IP_PMTUDISC_WANT, the
 * default); R1 cannot forward it and answers Frag Needed (3/4) with the
 * next-hop MTU, 1280; H's stack lowers the path MTU, the socket's next call
 * fails with EMSGSIZE, the path MTU reads 1280 (what IP_MTU would read), and
 * a datagram of 1280 octets gets through.
 *
 * Then the learned value expires (ten minutes, as Linux's mtu_expires), a
 * firewall on H's link drops ICMP type 3 code 4 (a simnet filter), and the
 * same datagram dies at R1 with nobody told: the sender retries and
 * nothing ever arrives. The last phase says what fixes it, and what
 * icmpkit does not implement.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "icmpkit/icmp.h"
#include "icmpkit/mib.h"
#include "icmpkit/sock.h"
#include "icmpkit/stack.h"

#include "demo.h"

#define NNODES 4
#define PORT 9000
#define BIG 1400                   /* octets of the first datagram, IP header included */
#define NARROW 1280                /* MTU of the r1-r2 link */
#define HDRS 28                    /* IPv4 + UDP headers */
#define BIG_DATA (BIG - HDRS)       /* 1372 */
#define FIT_DATA (NARROW - HDRS)    /* 1252 */
#define SMALL_DATA 100
#define WAIT_NS (1000 * DEMO_MS)
#define EXPIRY_NS (601ull * 1000 * DEMO_MS) /* past mtu_expires, 600 s */
#define RETRIES 3

static const char *const names[NNODES] = { "H", "R1", "R2", "D" };

static const struct demo_hop hops[NNODES - 1] = {
	{ "h-r1", DEMO_MS / 4, 1500 },
	{ "r1-r2", 5 * DEMO_MS, NARROW },
	{ "r2-d", DEMO_MS / 4, 1500 },
};

/**
 * struct pmtu_run - the scenario's state
 * @c:       the chain
 * @hs/@ds:  H's and D's stacks
 * @fd:      H's socket, connected to D:9000
 * @dfd:     D's socket on port 9000
 * @fw_on:   the firewall on h-r1 drops Frag Needed from R1
 * @dropped: how many it dropped
 */
struct pmtu_run {
	struct demo_chain c;
	struct ik_stack *hs, *ds;
	int fd, dfd;
	bool fw_on;
	unsigned dropped;
};

/**
 * mib() - one counter of a stack
 * @s: stack; @i: IK_MIB_* index
 *
 * Return: its value.
 */
static uint64_t mib(const struct ik_stack *s, unsigned i)
{
	return ik_stack_mib(s)->c[i];
}

/**
 * firewall() - the simnet filter: on h-r1, drop ICMP 3/4 that R1 sends
 * (a rule "drop ICMP" on the firewall between H and its router)
 * @ctx: the run; @p: a packet just put on a link
 *
 * Return: true to drop it.
 */
static bool firewall(void *ctx, const struct ik_simnet_pkt *p)
{
	struct pmtu_run *r = ctx;
	size_t hl;

	if (!r->fw_on || strcmp(p->link, "h-r1") || strcmp(p->from, "R1") || p->len < 20 ||
	    p->pkt[9] != IK_IPPROTO_ICMP)
		return false;
	hl = (size_t)(p->pkt[0] & 0x0f) * 4;
	if (p->len < hl + 2 || p->pkt[hl] != IK_ICMP_UNREACH || p->pkt[hl + 1] != IK_UNREACH_NEEDFRAG)
		return false;
	r->dropped++;
	return true;
}

/**
 * send_data() - H's program sends @n octets on its socket
 * @d: demo; @r: run; @n: payload octets
 *
 * Return: sendto()'s result.
 */
static ssize_t send_data(struct demo *d, struct pmtu_run *r, size_t n)
{
	static uint8_t data[BIG_DATA];

	memset(data, 'x', sizeof(data));
	return ik_sock_sendto(r->hs, r->fd, data, n, 0, 0, ik_simnet_now(d->net));
}

/**
 * d_got() - what D's socket has received since the last call
 * @r: run; @len: set to the last datagram's size (0 if none)
 *
 * Return: how many datagrams.
 */
static unsigned d_got(struct pmtu_run *r, ssize_t *len)
{
	static uint8_t buf[2048];
	unsigned n = 0;
	ssize_t k;

	*len = 0;
	while ((k = ik_sock_recvfrom(r->ds, r->dfd, buf, sizeof(buf), NULL, NULL)) >= 0) {
		*len = k;
		n++;
	}
	return n;
}

/**
 * setup() - phase 1: the path, the two sockets, the path MTU H starts with
 * @d: demo; @r: run
 *
 * Return: 0, or -1.
 */
static int setup(struct demo *d, struct pmtu_run *r)
{
	struct demo_chain *c = &r->c;
	unsigned mtu;

	if (demo_net(d, "pmtu", "Path MTU Discovery: Frag Needed, and the black hole") < 0 ||
	    demo_chain(d, c, names, NNODES, hops) < 0)
		return -1;
	demo_drop_events(d); /* the interfaces being added: the ladder below says it */
	r->hs = c->s[0];
	r->ds = c->s[NNODES - 1];
	ik_simnet_set_filter(d->net, firewall, r);
	demo_phase(d, "The path",
		   "H talks to D across two routers. The link between R1 and R2 carries at most "
		   "%u octets; the links at either end carry 1500, and H only knows its own.",
		   NARROW);
	demo_chain_say(d, c);
	r->dfd = ik_sock_open(r->ds, IK_SOCK_UDP, 0);
	r->fd = ik_sock_open(r->hs, IK_SOCK_UDP, 0);
	demo_check(d, r->dfd >= 0 && ik_sock_bind(r->ds, r->dfd, 0, PORT) == 0,
		   "D: a UDP socket bound to port %u receives", PORT);
	demo_check(d, r->fd >= 0 && ik_sock_connect(r->hs, r->fd, c->left[NNODES - 1], PORT) == 0,
		   "H: a UDP socket connected to %s:%u", demo_addr(c->left[NNODES - 1]), PORT);
	mtu = ik_pmtu_get(r->hs, c->left[NNODES - 1]);
	demo_check(d, mtu == 1500, "H's path MTU to D (what getsockopt(IP_MTU) reads) is %u: the "
		   "MTU of H's own link, all H knows", mtu);
	demo_say(d, "H's stack does Path MTU Discovery (RFC 1191) as Linux does for UDP by "
		    "default (IP_PMTUDISC_WANT): a datagram that fits the path MTU it knows leaves "
		    "with DF (Don't Fragment) set, so a router that cannot pass it must say so.");
	return 0;
}

/**
 * too_big() - phases 2 and 3: 1400 octets with DF, and R1's Frag Needed
 * @d: demo; @r: run
 *
 * Return: 0, or -1.
 */
static int too_big(struct demo *d, struct pmtu_run *r)
{
	const struct demo_chain *c = &r->c;
	const struct demo_pkt *k;
	struct demo_err e;
	ssize_t n;

	demo_phase(d, "H sends 1400 octets with DF",
		   "H's program sends %u octets of data: %u octets of IP datagram with the UDP "
		   "and IP headers, under the 1500 H knows, so DF is set.", BIG_DATA, BIG);
	n = send_data(d, r, BIG_DATA);
	demo_check(d, n == BIG_DATA, "sendto() returns %zd: the datagram left", n);
	k = demo_take_pkt(d, "H");
	demo_check(d, k && k->len == BIG && (k->bytes[6] & 0x40),
		   "on the wire: %zu octets, DF set", k ? k->len : 0);
	if (k)
		demo_show_pkt(d, "H → R1: 1400 octets, DF", k->bytes, k->len);

	demo_phase(d, "R1: too big for the next link, and DF forbids fragments",
		   "R1's route to D leaves by the %u-octet link. The datagram is larger and may "
		   "not be fragmented, so R1 drops it and answers Destination Unreachable, "
		   "Fragmentation Needed and DF set (Type 3 Code 4), with the next-hop MTU in the "
		   "header (RFC 1191), from its interface towards H.", NARROW);
	demo_run(d, 2 * hops[0].delay);
	demo_events_before(d, "H", IK_EV_RX);
	k = demo_take_pkt_to(d, "R1", c->right[0]);
	if (!k || demo_parse_err(k->bytes, k->len, &e) < 0)
		return demo_check(d, false, "R1 answered with an ICMP error"), -1;
	demo_show_pkt(d, "R1 → H: ICMP Fragmentation Needed, Next-Hop MTU 1280", k->bytes, k->len);
	demo_check(d, e.type == IK_ICMP_UNREACH && e.code == IK_UNREACH_NEEDFRAG && e.mtu == NARROW,
		   "Type %u Code %u, Next-Hop MTU %u", e.type, e.code, e.mtu);
	demo_check(d, e.src == c->left[1], "from %s, R1's address on h-r1", demo_addr(e.src));
	demo_check(d, e.q_len == BIG && e.q_df && e.q_dport == PORT,
		   "it quotes H's datagram: Total Length %u, DF, UDP to port %u (%zu octets of it "
		   "quoted)", e.q_len, e.q_dport, e.quote_len);
	demo_check(d, mib(c->s[1], IK_MIB_IP_ForwDatagrams) == 0 &&
		   mib(c->s[1], IK_MIB_IP_FragFails) == 1,
		   "R1 forwarded nothing (ForwDatagrams 0, FragFails 1)");
	return 0;
}

/**
 * learn() - phases 4 and 5: H's socket learns 1280, and 1280 octets pass
 * @d: demo; @r: run
 */
static void learn(struct demo *d, struct pmtu_run *r)
{
	const struct demo_chain *c = &r->c;
	uint32_t dst = c->left[NNODES - 1];
	struct ik_sock_err ee;
	const struct demo_pkt *k;
	unsigned mtu, nd;
	ssize_t n, got;
	int rc;

	demo_phase(d, "H learns the path MTU",
		   "H's stack reads the quote: its own datagram to %s:%u. It lowers the path MTU "
		   "to that destination to %u and tells the socket, as Linux does: the connected "
		   "socket's next call fails with EMSGSIZE, and the error queue (IP_RECVERR) "
		   "holds the MTU.", demo_addr(dst), PORT, NARROW);
	demo_events(d);
	mtu = ik_pmtu_get(r->hs, dst);
	demo_check(d, mtu == NARROW, "getsockopt(IP_MTU) would now read %u", mtu);
	memset(&ee, 0, sizeof(ee));
	rc = ik_sock_recverr(r->hs, r->fd, &ee);
	demo_check(d, rc == 0 && ee.type == IK_ICMP_UNREACH &&
		   ee.code == IK_UNREACH_NEEDFRAG && ee.info == NARROW && ee.err == EMSGSIZE &&
		   ee.offender == c->left[1],
		   "error queue: origin ICMP, type 3, code 4, info (the MTU) %u, offender %s, "
		   "errno EMSGSIZE", ee.info, demo_addr(ee.offender));
	n = send_data(d, r, BIG_DATA);
	demo_check(d, n == -EMSGSIZE, "the program sends the %u octets again: sendto() fails "
		   "with %s (Message too long), the error R1's message left on the socket",
		   BIG_DATA, n == -EMSGSIZE ? "EMSGSIZE" : "something else");
	demo_check(d, d_got(r, &got) == 0, "nothing has reached D");

	demo_phase(d, "The retry that fits",
		   "The program sends what fits: %u octets of data, %u octets with the headers, "
		   "the path MTU. It leaves with DF, crosses the 1280 link whole, and reaches D.",
		   FIT_DATA, NARROW);
	n = send_data(d, r, FIT_DATA);
	demo_check(d, n == FIT_DATA, "sendto() returns %zd", n);
	k = demo_take_pkt(d, "H");
	demo_check(d, k && k->len == NARROW && (k->bytes[6] & 0x40), "on the wire: %zu octets, DF "
		   "set", k ? k->len : 0);
	ik_simnet_settle(d->net, WAIT_NS);
	demo_events(d);
	if ((k = demo_take_pkt_to(d, "R2", dst)))
		demo_show_pkt(d, "R2 → D: the 1280 octets, as they reach D", k->bytes, k->len);
	nd = d_got(r, &got);
	demo_check(d, nd == 1 && got == FIT_DATA, "D's socket receives %zd octets from H", got);
	demo_drop_pkts(d);
}

/**
 * fragments() - phase 6: what a 1400-octet send does now (IP_PMTUDISC_WANT)
 * @d: demo; @r: run
 */
static void fragments(struct demo *d, struct pmtu_run *r)
{
	ssize_t n, got;
	unsigned nd;

	demo_phase(d, "And 1400 octets now?",
		   "The error was reported once. Under IP_PMTUDISC_WANT a datagram larger than "
		   "the path MTU is no longer refused: H fragments it itself, without DF, to fit "
		   "%u (with IP_PMTUDISC_DO, which icmpkit's socket API does not offer, every such "
		   "send would fail with EMSGSIZE instead).", NARROW);
	n = send_data(d, r, BIG_DATA);
	demo_check(d, n == BIG_DATA, "sendto() of %u octets returns %zd", BIG_DATA, n);
	ik_simnet_settle(d->net, WAIT_NS);
	demo_check(d, mib(r->hs, IK_MIB_IP_FragCreates) == 2, "H sent it as %llu fragments",
		   (unsigned long long)mib(r->hs, IK_MIB_IP_FragCreates));
	nd = d_got(r, &got);
	demo_check(d, nd == 1 && got == BIG_DATA, "D reassembled them: its socket receives %zd "
		   "octets", got);
	demo_drop_pkts(d);
}

/**
 * black_hole() - phases 7 and 8: the value expires, the firewall drops
 * Frag Needed, and the big datagram dies with nobody told
 * @d: demo; @r: run
 */
static void black_hole(struct demo *d, struct pmtu_run *r)
{
	const struct demo_chain *c = &r->c;
	uint32_t dst = c->left[NNODES - 1];
	uint64_t fn0 = mib(c->s[1], IK_MIB_ICMP_OutDestUnreachs);
	struct ik_sock_err ee;
	struct demo_err e;
	const struct demo_pkt *k;
	unsigned mtu, ok = 0, nd;
	ssize_t n, got;

	demo_phase(d, "Ten minutes later",
		   "A learned path MTU is not kept for ever: Linux forgets it after "
		   "net.ipv4.route.mtu_expires (600 s), in case the path got better, and so does "
		   "icmpkit. Meanwhile someone has put a firewall between H and R1 whose rules "
		   "drop ICMP, Frag Needed included.");
	demo_run(d, EXPIRY_NS);
	/*
	 * The stack reads a path MTU's age on its own clock, which moves on
	 * input, output and ik_stack_poll() only: a host's loop polls it as
	 * time passes. (Without this, the first lookup after a quiet ten
	 * minutes would still see the expired 1280: sendto()'s @now is not
	 * applied before the path lookup. Reported with this demo.)
	 */
	ik_stack_poll(r->hs, ik_simnet_now(d->net));
	mtu = ik_pmtu_get(r->hs, dst);
	demo_check(d, mtu == 1500, "after %s s, IP_MTU reads %u again",
		   demo_ms(EXPIRY_NS / 1000), mtu);
	r->fw_on = true;

	demo_phase(d, "The black hole",
		   "H sends %u octets again, with DF since 1500 is what it knows. R1 answers Frag "
		   "Needed exactly as before, and the firewall drops the answer.", BIG);
	n = send_data(d, r, BIG_DATA);
	demo_check(d, n == BIG_DATA, "sendto() returns %zd: for the program, the datagram left",
		   n);
	ik_simnet_settle(d->net, WAIT_NS);
	demo_events(d);
	k = demo_take_pkt_to(d, "R1", c->right[0]);
	if (k && demo_parse_err(k->bytes, k->len, &e) == 0)
		demo_say(d, "R1 → H: ICMP Type %u Code %u, Next-Hop MTU %u, quoting H's %u-octet "
			    "datagram, the same message as in phase 3. R1 put it on h-r1, and the "
			    "firewall there dropped it: no node received it.", e.type, e.code, e.mtu,
			 e.q_len);
	demo_check(d, r->dropped == 1 && mib(c->s[1], IK_MIB_ICMP_OutDestUnreachs) == fn0 + 1,
		   "R1 sent its Frag Needed; it never reached H");
	demo_check(d, ik_sock_recverr(r->hs, r->fd, &ee) == -EAGAIN &&
		   ik_pmtu_get(r->hs, dst) == 1500,
		   "H has no error queued and its path MTU is still 1500: nothing tells it");
	demo_check(d, d_got(r, &got) == 0, "and nothing reached D");

	demo_phase(d, "H retries, in vain",
		   "The program, hearing nothing back, sends again after 1 s, 2 s and 4 s, as an "
		   "application with timeouts would. Each try is the same datagram with DF, and "
		   "each dies at R1 the same way. A small datagram still passes.");
	for (unsigned i = 0; i < RETRIES; i++) {
		demo_run(d, (1000ull * DEMO_MS) << i);
		n = send_data(d, r, BIG_DATA);
		ok += n == BIG_DATA;
		demo_say(d, "retry %u, %llu s after the last try: sendto() returns %zd", i + 1,
			 1ull << i, n);
		ik_simnet_settle(d->net, WAIT_NS);
	}
	demo_drop_pkts(d);
	demo_check(d, ok == RETRIES, "all %u sendto() calls succeed", RETRIES);
	demo_check(d, r->dropped == 1 + RETRIES, "R1 answered each with Frag Needed, and the "
		   "firewall dropped all %u", r->dropped);
	demo_check(d, d_got(r, &got) == 0 && ik_sock_recverr(r->hs, r->fd, &ee) == -EAGAIN &&
		   ik_pmtu_get(r->hs, dst) == 1500,
		   "D received none of them, H learned nothing, its path MTU is still 1500");
	n = send_data(d, r, SMALL_DATA);
	ik_simnet_settle(d->net, WAIT_NS);
	demo_events(d);
	nd = d_got(r, &got);
	demo_check(d, n == SMALL_DATA && nd == 1 && got == SMALL_DATA,
		   "a %u-octet datagram reaches D: small packets pass, large ones vanish, the "
		   "signature of a PMTU black hole (RFC 2923 2.1): a TCP connection would finish "
		   "its handshake, then stall at its first full-size segment", SMALL_DATA);
	demo_drop_pkts(d);
}

/**
 * the_fix() - the last phase: what gets H out, and what icmpkit has of it
 * @d: demo; @r: run
 */
static void the_fix(struct demo *d, struct pmtu_run *r)
{
	uint32_t dst = r->c.left[NNODES - 1];
	unsigned mtu, nd;
	ssize_t got;

	demo_phase(d, "The fix",
		   "PMTUD trusts ICMP to bring the bad news; where ICMP is filtered it fails "
		   "silently. Three ways out:");
	demo_say(d, "1. Let ICMP Type 3 Code 4 through: PMTUD (RFC 1191) depends on it. Taking "
		    "the rule away on h-r1 and sending again:");
	r->fw_on = false;
	send_data(d, r, BIG_DATA);
	ik_simnet_settle(d->net, WAIT_NS);
	demo_drop_events(d);
	demo_drop_pkts(d);
	mtu = ik_pmtu_get(r->hs, dst);
	demo_check(d, mtu == NARROW && send_data(d, r, BIG_DATA) == -EMSGSIZE,
		   "the next Frag Needed reaches H: IP_MTU %u, and the socket reports EMSGSIZE",
		   mtu);
	send_data(d, r, FIT_DATA);
	ik_simnet_settle(d->net, WAIT_NS);
	demo_drop_events(d);
	demo_drop_pkts(d);
	nd = d_got(r, &got);
	demo_check(d, nd == 1 && got == FIT_DATA, "and %zd octets reach D", got);
	demo_say(d, "2. Packetization Layer PMTUD (RFC 4821; RFC 8899 for datagram protocols): "
		    "the sender stops relying on ICMP and probes. It sends a larger packet, and "
		    "only an acknowledgment proves the size works; a lost probe alone means too "
		    "big. Linux does it for TCP with net.ipv4.tcp_mtu_probing (1: once a black "
		    "hole is suspected, 2: always). Plain UDP has no acknowledgments for the "
		    "kernel to see, so the application must probe (QUIC does, RFC 9000 14.3). "
		    "icmpkit does none of this: it has no TCP connections yet, and its UDP "
		    "sockets leave probing to the application.");
	demo_say(d, "3. MSS clamping on the router (iptables TCPMSS --clamp-mss-to-pmtu): R1 "
		    "rewrites the MSS option of TCP SYNs it forwards, so TCP never sends segments "
		    "larger than 1280 octets of datagram. TCP only: it does nothing for a UDP "
		    "datagram like this one. icmpkit's router does not clamp (it never looks past "
		    "the IP header).");
}

int demo_pmtu(struct demo *d)
{
	struct pmtu_run r = { .fd = -1, .dfd = -1 };

	if (setup(d, &r) < 0 || too_big(d, &r) < 0)
		return -1;
	learn(d, &r);
	fragments(d, &r);
	black_hole(d, &r);
	the_fix(d, &r);
	ik_sock_close(r.hs, r.fd);
	ik_sock_close(r.ds, r.dfd);
	demo_drop_events(d);
	demo_end(d);
	return 0;
}
