// SPDX-License-Identifier: MIT
/*
 * ip6_input.c - IPv6 input as Linux's ipv6_rcv() and ip6_input_finish()
 * order it: the header, the addresses, whether it is ours, then each
 * extension header in turn (RFC 8200 §4: Hop-by-Hop and Destination
 * options with their action bits, Routing, Fragment), and the upper layer
 * by the Next Header that ends the chain (the first demultiplexing key)
 */
#include <string.h>

#include "icmpkit/names.h"
#include "stack/ip6/ip6.h"

/**
 * struct ik_proto6 - one row of the Next Header table
 * @name:  for traces
 * @input: the datagram, its chain processed, addressed to us
 */
struct ik_proto6 {
	const char *name;
	void (*input)(struct ik_stack *s, const struct ik_rx6 *rx);
};

/**
 * no_next() - Next Header 59: nothing follows (RFC 8200 §4.7); octets
 * after it are ignored
 * @s: stack; @rx: the datagram
 */
static void no_next(struct ik_stack *s, const struct ik_rx6 *rx)
{
	IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip6.no_next_header", rx->ifindex, rx->pkt, rx->len, -1,
		 "Next Header 59: nothing follows; %zu octets after it ignored (RFC 8200 4.7)",
		 rx->l4_len);
}

/* the first demultiplexing key: Next Header -> handler */
static const struct ik_proto6 protos6[256] = {
	[IK_IPV6_NH_ICMPV6] = { "ICMPv6", ik_icmp6_input },
	[IK_IPV6_NH_UDP] = { "UDP", ik_udp6_input },
	[IK_IPV6_NH_TCP] = { "TCP", ik_tcp6_input },
	[IK_IPV6_NH_NONE] = { "none", no_next },
};

/**
 * drop() - count and trace a datagram dropped without an answer
 * @s: stack; @rx: what is known of it; @ctr: the Ip6 counter; @what: tag;
 * @why: the reason
 *
 * Return: -IK_EINVAL.
 */
static int drop(struct ik_stack *s, const struct ik_rx6 *rx, unsigned ctr, const char *what,
		const char *why)
{
	s->mib.c[ctr]++;
	IK_TRACE(s, IK_L_IP, IK_EV_DROP, what, rx->ifindex, rx->pkt, rx->len, -1, "%s", why);
	return -IK_EINVAL;
}

/**
 * param_prob() - a header fault a Parameter Problem reports: InHdrErrors,
 * traced, the error sent
 * @s: stack; @rx: the datagram; @code: 0 header field, 1 next header, 2
 * option; @ptr: the octet at fault; @why: what is wrong
 *
 * Return: -IK_EOPTION.
 */
static int param_prob(struct ik_stack *s, const struct ik_rx6 *rx, uint8_t code, size_t ptr,
		      const char *why)
{
	IK_MIB_INC(s, IP6, InHdrErrors);
	IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip6.param_problem", rx->ifindex, rx->pkt, rx->len, -1,
		 "%s -> Parameter Problem code %u pointer %zu", why, code, ptr);
	ik_icmp6_send_error(s, rx, IK_ICMP6_PARAM_PROB, code, (uint32_t)ptr);
	return -IK_EOPTION;
}

/**
 * bad_header() - a datagram the header parser refused
 * @s: stack; @rx: what is known of it; @rc: the parser's code; @werr: where
 *
 * A Hop-by-Hop header after the first is Parameter Problem code 1 at the
 * Next Header naming it, and a fragment passing 65,535 octets code 0 at
 * its offset, a first fragment whose chain runs past it code 3 (RFC 7112)
 * (all as Linux); a short or wrong header, a payload beyond what
 * arrived (InTruncatedPkts), an extension header cut short or a chain
 * over IK_IPV6_EXT_MAX are dropped silently.
 *
 * Return: @rc.
 */
static int bad_header(struct ik_stack *s, struct ik_rx6 *rx, int rc, const struct ik_wire_err *werr)
{
	if (rc == -IK_ETOTLEN) {
		drop(s, rx, IK_MIB_IP6_InTruncatedPkts, "ip6.truncated", werr->msg);
		return rc;
	}
	if (rc == -IK_EOPTION && werr->off != 6 && werr->off < rx->len &&
	    rx->pkt[werr->off] == IK_IPV6_NH_HOPOPTS && rx->ip.next_ext < IK_IPV6_EXT_MAX) {
		param_prob(s, rx, 1, werr->off, werr->msg);
		return rc;
	}
	if (rc == -IK_EFRAG) {
		param_prob(s, rx, 0, werr->off, werr->msg);
		return rc;
	}
	if (rc == -IK_EOPTION && rx->ip.frag && !rx->ip.frag_off) {
		/* a first fragment whose chain runs past it (RFC 7112, as Linux) */
		IK_MIB_INC(s, IP6, ReasmFails);
		param_prob(s, rx, 3, 0, "the first fragment does not hold the whole header chain "
			   "(RFC 7112)");
		return rc;
	}
	drop(s, rx, IK_MIB_IP6_InHdrErrors, "ip6.bad_header", werr->msg);
	return rc;
}

/**
 * classify() - is the datagram ours? (and the address answers come from)
 * @s: stack; @rx: the datagram, its header parsed
 *
 * Return: 0 when ours, else a negative code (counted and traced).
 */
static int classify(struct ik_stack *s, struct ik_rx6 *rx)
{
	const uint8_t *d = rx->ip.dst, *src = rx->ip.src;

	if (ik_a6_is_mcast(src))
		return drop(s, rx, IK_MIB_IP6_InHdrErrors, "ip6.bad_source",
			    "a multicast source (RFC 4291 2.7)");
	if (ik_a6_is_loopback(src) || ik_a6_is_loopback(d))
		return drop(s, rx, IK_MIB_IP6_InHdrErrors, "ip6.bad_source",
			    "::1 from outside (RFC 4291 2.5.3)");
	if (ik_a6_is_v4mapped(src))
		return drop(s, rx, IK_MIB_IP6_InHdrErrors, "ip6.bad_source",
			    "an IPv4-mapped source (RFC 4291 2.5.5.2)");
	if (ik_a6_is_mcast(d)) {
		IK_MIB_INC(s, IP6, InMcastPkts);
		if ((d[1] & 0x0f) <= 1)
			return drop(s, rx, IK_MIB_IP6_InHdrErrors, "ip6.bad_dest",
				    "a multicast scope of 0 or an interface-local one from outside");
		if (!ik_ip6_mcast_member(s, rx->ifindex, d))
			return drop(s, rx, IK_MIB_IP6_InDiscards, "ip6.not_member",
				    "a group this interface has not joined");
		rx->mcast = true;
		if (ik_ip6_src_select(s, src, rx->ifindex, rx->local) < 0)
			memset(rx->local, 0, 16);
		return 0;
	}
	if (!ik_ip6_is_local(s, d, rx->ifindex)) {
		if (s->set.ipv6_forwarding && !ik_a6_is_linklocal(d) && !ik_a6_is_unspec(d)) {
			rx->fwd = true; /* a router's: for someone else */
			return 0;
		}
		return drop(s, rx, IK_MIB_IP6_InAddrErrors, "ip6.not_ours",
			    s->set.ipv6_forwarding ? "a link-local or unspecified destination "
			    "not ours: never forwarded" : "not one of our addresses, and we do "
			    "not forward");
	}
	memcpy(rx->local, d, 16);
	return 0;
}

/* non-padding options one header may carry (RFC 8504 §5.3 lets a host
 * limit them to 8: Linux's max_dst_opts_number and max_hbh_opts_number) */
#define OPTS_MAX 8u

/**
 * padding_ok() - padding as RFC 4942 §2.1.9.5 asks a receiver to check it
 * and RFC 8504 §5.3 lets it (Linux's ip6_parse_tlv() does): a run of
 * Pad1/PadN octets only to align, so at most 7, and PadN's octets all
 * zero; anything else is a covert channel and the datagram is dropped
 * silently
 * @p: the PadN option (or NULL for Pad1); @ol: its length with type and
 * length octets (1 for Pad1); @run: the padding octets just before it,
 * updated
 *
 * Return: true if the padding may pass.
 */
static bool padding_ok(const uint8_t *p, size_t ol, size_t *run)
{
	*run += ol;
	if (*run > 7)
		return false;
	for (size_t k = 2; p && k < ol; k++)
		if (p[k])
			return false;
	return true;
}

/**
 * options() - the options of a Hop-by-Hop or Destination Options header
 * (RFC 8200 §4.2): Pad1 and PadN pass (when padding_ok()), Router Alert
 * passes, an unknown one is done as the two high bits of its type say;
 * more than OPTS_MAX options but padding drop the datagram silently
 * @s: stack; @rx: the datagram; @off: the header's offset; @len: its length
 *
 * Return: 0 to go on, or a negative code (dropped, counted).
 */
static int options(struct ik_stack *s, const struct ik_rx6 *rx, size_t off, size_t len)
{
	const uint8_t *p = rx->pkt;
	size_t i = off + 2, end = off + len, run = 0;
	unsigned count = 0;

	while (i < end) {
		uint8_t t = p[i];
		size_t ol;

		if (t == 0) { /* Pad1 */
			if (!padding_ok(NULL, 1, &run))
				return drop(s, rx, IK_MIB_IP6_InHdrErrors, "ip6.bad_padding",
					    "more than 7 octets of padding (RFC 4942 2.1.9.5)");
			i++;
			continue;
		}
		if (i + 2 > end || i + 2 + p[i + 1] > end)
			return drop(s, rx, IK_MIB_IP6_InHdrErrors, "ip6.bad_option",
				    "an option runs past its header");
		ol = 2 + (size_t)p[i + 1];
		if (t == 1) { /* PadN */
			if (!padding_ok(p + i, ol, &run))
				return drop(s, rx, IK_MIB_IP6_InHdrErrors, "ip6.bad_padding",
					    "PadN longer than 7 octets of padding or not zero "
					    "(RFC 4942 2.1.9.5)");
			i += ol;
			continue;
		}
		run = 0;
		if (++count > OPTS_MAX)
			return drop(s, rx, IK_MIB_IP6_InHdrErrors, "ip6.too_many_options",
				    "more than 8 options in one header (RFC 8504 5.3)");
		if (t == 5) {
			i += ol; /* Router Alert (RFC 2711) */
			continue;
		}
		switch (t >> 6) {
		case 0:
			IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "ip6.option_skipped", rx->ifindex, rx->pkt,
				 rx->len, -1, "unknown option %u at %zu: action 00, skipped", t, i);
			break;
		case 1:
			return drop(s, rx, IK_MIB_IP6_InHdrErrors, "ip6.option_discard",
				    "unknown option, action 01: discarded silently");
		case 2:
			return param_prob(s, rx, 2, i, "unknown option, action 10");
		default:
			if (rx->mcast)
				return drop(s, rx, IK_MIB_IP6_InHdrErrors, "ip6.option_discard",
					    "unknown option, action 11, to a multicast address: "
					    "discarded without an error");
			return param_prob(s, rx, 2, i, "unknown option, action 11");
		}
		i += ol;
	}
	return 0;
}

/**
 * ik_ip6_chain_from() - each extension header at or after octet @from, in
 * order, as a receiver processes them (input: all of them; a reassembled
 * datagram: those that were in its fragmentable part)
 * @s: stack; @rx: the datagram; @from: offset
 *
 * Return: 1 to go on to the upper layer, 0 when reassembly took it, or a
 * negative code.
 */
int ik_ip6_chain_from(struct ik_stack *s, const struct ik_rx6 *rx, size_t from)
{
	for (unsigned k = 0; k < rx->ip.next_ext; k++) {
		const struct ik_ipv6_ext *e = &rx->ip.ext[k];
		const uint8_t *h = rx->pkt + e->off;
		int rc;

		if (e->off < from)
			continue;
		switch (e->type) {
		case IK_IPV6_NH_HOPOPTS:
		case IK_IPV6_NH_DSTOPTS:
			rc = options(s, rx, e->off, e->len);
			if (rc < 0)
				return rc;
			break;
		case IK_IPV6_NH_ROUTING:
			if (h[3] == 0)
				break; /* Segments Left 0: ignored (RFC 8200 4.4) */
			return param_prob(s, rx, 0, e->off + 2u,
					  h[2] == 0 ? "Routing Type 0 with segments left (RFC 5095)"
						    : "a Routing Type we do not know, segments left");
		case IK_IPV6_NH_FRAGMENT:
			if (rx->ip.atomic)
				break; /* an atomic fragment: the whole datagram (RFC 6946) */
			if (rx->ip.frag_more && (rx->len - e->off - 8u) % 8)
				return param_prob(s, rx, 0, 4,
						  "a fragment with M set whose data is not a "
						  "multiple of 8 octets");
			return ik_reasm6_input(s, rx, k);
		}
	}
	return 1;
}

/**
 * ik_ip6_deliver() - a datagram whose chain was processed, to the raw
 * sockets of its Next Header, then to the handler it names (reassembly
 * ends here too)
 * @s: stack; @rx: the datagram
 *
 * Return: 0, or -IK_ETYPE for a Next Header no one handles (Parameter
 * Problem code 1 pointing at it).
 */
int ik_ip6_deliver(struct ik_stack *s, const struct ik_rx6 *rx)
{
	const struct ik_proto6 *p = &protos6[rx->proto];
	unsigned nraw = ik_raw6_deliver(s, rx);

	if (!p->input && nraw) {
		IK_MIB_INC(s, IP6, InDelivers);
		return 0; /* a raw socket claimed it: no Parameter Problem */
	}
	if (!p->input) {
		IK_MIB_INC(s, IP6, InUnknownProtos);
		IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip6.unknown_next_header", rx->ifindex, rx->pkt,
			 rx->len, -1,
			 "Next Header %u (%s): no handler -> Parameter Problem code 1 pointer %zu",
			 rx->proto, ik_ip_proto_name(rx->proto), rx->nh_at);
		ik_icmp6_send_error(s, rx, IK_ICMP6_PARAM_PROB, 1, (uint32_t)rx->nh_at);
		return -IK_ETYPE;
	}
	IK_MIB_INC(s, IP6, InDelivers);
	IK_TRACE(s, IK_L_IP, IK_EV_DELIVER, "ip6.demux", rx->ifindex, rx->pkt, rx->len, -1,
		 "Next Header %u -> %s", rx->proto, p->name);
	p->input(s, rx);
	return 0;
}

/**
 * ik_ip6_rx_fill() - the upper layer's place in a datagram whose chain was
 * parsed (input, and a reassembled datagram)
 * @rx: the datagram, @rx->ip filled
 */
void ik_ip6_rx_fill(struct ik_rx6 *rx)
{
	rx->proto = rx->ip.proto;
	rx->nh_at = rx->ip.next_ext ? rx->ip.ext[rx->ip.next_ext - 1].off : 6;
	rx->l4 = rx->pkt + rx->ip.l4_off;
	rx->l4_len = rx->len - rx->ip.l4_off;
}

/**
 * forward() - a datagram for someone else: a router reads only its
 * Hop-by-Hop options (RFC 8200 §4: the other extension headers are the
 * destination's, so a fault the parser found beyond them is not a
 * router's business), then forwards it
 * @s: stack; @rx: the datagram
 *
 * Return: as ik_ip6_forward(), or the options' drop.
 */
static int forward(struct ik_stack *s, struct ik_rx6 *rx)
{
	if (rx->ip.next_ext && rx->ip.ext[0].type == IK_IPV6_NH_HOPOPTS) {
		int r = options(s, rx, rx->ip.ext[0].off, rx->ip.ext[0].len);

		if (r < 0)
			return r;
	}
	return ik_ip6_forward(s, rx);
}

int ik_ip6_input(struct ik_stack *s, unsigned ifindex, const uint8_t *bytes, size_t len,
		 unsigned flags, uint64_t now)
{
	const struct ik_if6 *f6;
	struct ik_wire_err werr = { 0 };
	struct ik_rx6 rx;
	int rc;

	s->now = now;
	IK_MIB_INC(s, IP6, InReceives);
	memset(&rx, 0, sizeof(rx));
	rx.ifindex = ifindex;
	rx.link_flags = flags;
	rx.now = now;
	rx.pkt = bytes;
	rx.len = len;
	f6 = ik_if6_get(s, ifindex);
	if (!f6 || !f6->n)
		return drop(s, &rx, IK_MIB_IP6_InDiscards, "ip6.disabled",
			    "the interface has no IPv6 address");
	if (s->trace_fn)
		IK_TRACE(s, IK_L_IP, IK_EV_RX, "ip6.rx", ifindex, bytes, len, -1,
			 "%zu octets on %s", len, ik_iface_get(s, ifindex)->name);
	rc = ik_ipv6_parse(bytes, len, 0, &rx.ip, &werr);
	if (rc >= 0 || rc == -IK_EOPTION || rc == -IK_EFRAG) {
		/* the fixed header is whole (the parser read its addresses):
		 * whether it is ours is judged before the chain's faults */
		rx.len = IK_IPV6_HDR_LEN + (size_t)rx.ip.payload_len;
		if (classify(s, &rx) < 0)
			return -IK_ENOENT;
		if (rx.fwd)
			return forward(s, &rx);
	}
	if (rc < 0)
		return bad_header(s, &rx, rc, &werr);
	ik_ip6_rx_fill(&rx);
	rc = ik_ip6_chain_from(s, &rx, 0);
	if (rc <= 0)
		return rc;
	return ik_ip6_deliver(s, &rx);
}
