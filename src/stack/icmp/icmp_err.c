// SPDX-License-Identifier: MIT
/*
 * icmp_err.c - the one place ICMP errors are generated (Linux icmp_send)
 *
 * ik_icmp_send_error() walks a table of suppression rules (RFC 1122 §3.2.2,
 * CONFORMANCE G1-G5), each with a name that goes into the trace, then the
 * two-level rate limit (G13, icmp_rate.c), then builds the message: the
 * 8-octet header in a local buffer and the quote taken in place from the
 * offending datagram (G7: its header with options, unchanged, then as much
 * of the data as keeps the whole ICMP datagram within icmp_error_quote_max,
 * 576 as RFC 1812 §4.3.2.3 asks - G8), so nothing is copied before
 * ik_ip_output() assembles the datagram. TOS 0 and a fresh TTL (G11); the
 * source is the address the datagram was sent to when it was ours, else the
 * arrival interface's (G12).
 */
#include <string.h>

#include "stack/icmp/icmp_priv.h"

#include "icmpkit/checksum.h"

/**
 * mib_id() - the Icmp counter of a name
 * @name: "InEchos", "OutDestUnreachs", ... or NULL
 *
 * Return: its id + 1, or 0 for NULL or a name the stack does not count.
 */
static uint16_t mib_id(const char *name)
{
	if (!name)
		return 0;
	for (unsigned id = 0; id < IK_MIB_MAX; id++)
		if (!strcmp(ik_mib_group(id), "Icmp") && !strcmp(ik_mib_name(id), name))
			return (uint16_t)(id + 1);
	return 0;
}

/**
 * ik_icmp_mibmap_fill() - each type's counters from its descriptor
 * @m: map to fill
 */
void ik_icmp_mibmap_fill(struct ik_icmp_mibmap *m)
{
	for (unsigned t = 0; t < 256; t++) {
		const struct ik_icmp_type_desc *d = ik_icmp_desc((uint8_t)t);

		m->in[t] = mib_id(d->in_mib);
		m->out[t] = mib_id(d->out_mib);
	}
}

/**
 * src_not_host() - the G5 tests themselves
 * @s: stack; @src: source; @ifindex: arrival interface
 *
 * Return: NULL when @src names one host, else the reason.
 */
static const char *src_not_host(const struct ik_stack *s, uint32_t src, unsigned ifindex)
{
	if (src == 0)
		return "source 0.0.0.0 names no host";
	if ((src >> 24) == 127) {
		const struct ik_iface *in = ik_iface_get(s, ifindex);

		if (!in || (in->addr >> 24) != 127)
			return "loopback source 127/8 arrived from outside";
	}
	if (src == 0xffffffffu || ik_addr_is_bcast(s, src))
		return "broadcast source";
	if ((src & 0xf0000000u) == 0xe0000000u)
		return "multicast source (224/4)";
	if ((src & 0xf0000000u) == 0xf0000000u)
		return "reserved source (240/4)";
	return NULL;
}

/**
 * ik_icmp_src_check() - ik_icmp_src_not_host() past the memo: the tests,
 * and the memo filled when they pass for the memo's destination
 * @s: stack; @src: source; @ifindex: arrival interface
 *
 * Return: NULL when @src names one host, else the reason.
 */
const char *ik_icmp_src_check(const struct ik_stack *s, uint32_t src, unsigned ifindex)
{
	struct ik_route_memo *m = s->route_memo;
	const char *why = src_not_host(s, src, ifindex);

	if (!why && m->valid && m->dst == src)
		m->host_if = ifindex;
	return why;
}

/**
 * rule_icmp_error() - G1: the datagram is an ICMP error (or unknown type)
 * @s: stack; @rx: offending datagram
 *
 * Only the first fragment shows the type; a message too short to hold its
 * type octet is treated as an error.
 *
 * Return: NULL, or why the error must not be sent.
 */
static const char *rule_icmp_error(const struct ik_stack *s, const struct ik_rx *rx)
{
	(void)s;
	if (rx->ip.proto != IK_IPPROTO_ICMP || rx->ip.frag_off != 0)
		return NULL;
	if (rx->l4_len < 1)
		return "it is an ICMP message too short to show its type";
	if (ik_icmp_is_error(rx->l4[0]))
		return "it is an ICMP error message (or of an unknown type)";
	return NULL;
}

/**
 * rule_dst_group() - G2: sent to an IP broadcast or multicast address
 * @s: stack; @rx: offending datagram
 *
 * Return: NULL, or why.
 */
static const char *rule_dst_group(const struct ik_stack *s, const struct ik_rx *rx)
{
	(void)s;
	if (rx->dst_kind == IK_DST_BCAST)
		return "it was sent to an IP broadcast address";
	if (rx->dst_kind == IK_DST_MCAST)
		return "it was sent to an IP multicast address";
	return NULL;
}

/**
 * rule_link_group() - G3: arrived as a link-layer broadcast or multicast
 * @s: stack; @rx: offending datagram
 *
 * Return: NULL, or why.
 */
static const char *rule_link_group(const struct ik_stack *s, const struct ik_rx *rx)
{
	(void)s;
	if (rx->link_flags & IK_RX_LINK_BCAST)
		return "it arrived as a link-layer broadcast";
	if (rx->link_flags & IK_RX_LINK_MCAST)
		return "it arrived as a link-layer multicast";
	return NULL;
}

/**
 * rule_later_fragment() - G4: a fragment other than the first
 * @s: stack; @rx: offending datagram
 *
 * Return: NULL, or why.
 */
static const char *rule_later_fragment(const struct ik_stack *s, const struct ik_rx *rx)
{
	(void)s;
	if (rx->ip.frag_off != 0)
		return "it is a non-initial fragment";
	return NULL;
}

/**
 * rule_src_not_host() - G5: the source names no single host
 * @s: stack; @rx: offending datagram
 *
 * Return: NULL, or why.
 */
static const char *rule_src_not_host(const struct ik_stack *s, const struct ik_rx *rx)
{
	return ik_icmp_src_not_host(s, rx->ip.src, rx->ifindex);
}

/**
 * struct supp_rule - one RFC 1122 §3.2.2 "MUST NOT be sent" rule
 * @name: CONFORMANCE row, for the trace
 * @test: returns NULL when the rule does not apply, else the reason
 */
struct supp_rule {
	const char *name;
	const char *(*test)(const struct ik_stack *s, const struct ik_rx *rx);
};

static const struct supp_rule supp_rules[] = {
	{ "G1", rule_icmp_error },
	{ "G2", rule_dst_group },
	{ "G3", rule_link_group },
	{ "G4", rule_later_fragment },
	{ "G5", rule_src_not_host },
};

/**
 * err_source() - the source address of the error (G12)
 * @s: stack; @rx: offending datagram
 *
 * Return: the address the datagram was sent to when it was one of ours
 * (unicast) and icmp_errors_use_inbound_ifaddr is off; else the arrival
 * interface's address (RFC 1812 §4.3.2.4 for a router); from an
 * unnumbered interface, the address of the interface the error leaves
 * by, or when that has none either 192.0.0.8 (RFC 7600, as Linux).
 */
static uint32_t err_source(const struct ik_stack *s, const struct ik_rx *rx)
{
	const struct ik_iface *in;
	struct ik_route_res rt;

	if (rx->dst_kind == IK_DST_UNICAST && rx->local && rx->local == rx->ip.dst &&
	    !s->set.icmp_errors_use_inbound_ifaddr && !rx->fwd)
		return rx->ip.dst;
	in = ik_iface_get(s, rx->ifindex);
	if (in && in->addr)
		return in->addr;
	if (ik_route_lookup(s, rx->ip.src, &rt) == 0 && rt.src)
		return rt.src;
	return IK_IPV4_DUMMY_ADDR;
}

/**
 * ik_icmp_trace_limited() - the icmp.rate_limited event (a sink is set)
 * @s: stack; @ifindex/@pkt/@len: the offending datagram; @type/@code: the
 * error; @rl: which bucket refused
 */
void ik_icmp_trace_limited(struct ik_stack *s, unsigned ifindex, const uint8_t *pkt, size_t len,
			   uint8_t type, uint8_t code, enum ik_icmp_rl rl)
{
	ik_trace_emit(s, IK_L_ICMP, IK_EV_DECIDE, "icmp.rate_limited", ifindex, pkt, len, -1,
		      "G13: ICMP %u/%u not sent: %s", type, code,
		      rl == IK_ICMP_RL_GLOBAL ? "global bucket empty (icmp_msgs_per_sec)"
					      : "destination's bucket empty (icmp_ratelimit)");
}

/**
 * ik_icmp_trace_sent() - the icmp.error_sent event (a sink is set)
 * @s: stack; @ifindex/@pkt/@len: the offending datagram; @type/@code: the
 * error; @q: octets quoted
 */
void ik_icmp_trace_sent(struct ik_stack *s, unsigned ifindex, const uint8_t *pkt, size_t len,
			uint8_t type, uint8_t code, size_t q)
{
	ik_trace_emit(s, IK_L_ICMP, IK_EV_ERROR, "icmp.error_sent", ifindex, pkt, len, -1,
		      "ICMP %u/%u sent to the source, quoting %zu octets of the datagram", type,
		      code, q);
}

/**
 * ik_icmp_send_error() - the one place ICMP errors are generated
 * @s:    stack
 * @rx:   the offending datagram (IP header first)
 * @type: ICMP type
 * @code: code
 * @info: next-hop MTU (3/4), pointer (12), gateway (5), else 0
 *
 * Return: 0 if sent, 1 if suppressed or rate limited, or ik_ip_output()'s
 * negative error.
 */
int ik_icmp_send_error(struct ik_stack *s, const struct ik_rx *rx, uint8_t type, uint8_t code,
		       uint32_t info)
{
	uint8_t *m = s->txbuf + IK_TX_HEADROOM;
	struct ik_tx tx;
	enum ik_icmp_rl rl;
	size_t q;
	int rc;

	for (size_t i = 0; i < sizeof(supp_rules) / sizeof(supp_rules[0]); i++) {
		const char *why = supp_rules[i].test(s, rx);

		if (why) {
			IK_MIB_INC(s, ICMP, OutSuppressed);
			IK_TRACE(s, IK_L_ICMP, IK_EV_DECIDE, "icmp.suppressed", rx->ifindex, rx->pkt,
				 rx->len, -1, "%s: no ICMP %u/%u about this datagram: %s",
				 supp_rules[i].name, type, code, why);
			return 1;
		}
	}

	rl = ik_icmp_rate_check(s, rx->ip.src, type, code, rx->now);
	if (rl != IK_ICMP_RL_OK) {
		if (s->trace_fn)
			ik_icmp_trace_limited(s, rx->ifindex, rx->pkt, rx->len, type, code, rl);
		return 1;
	}

	/* the message is built where ik_ip_output() sends it from, the quote
	 * copied and summed in one pass */
	q = ik_icmp_quote_len(s, rx->len, rx->hlen);
	/* the header may have had option octets edited in place: summed */
	ik_icmp_err_build(m, type, code, info, rx->pkt, q, 0);
	tx = (struct ik_tx){
		.src = err_source(s, rx),
		.dst = rx->ip.src,
		.proto = IK_IPPROTO_ICMP,
		.tos = ik_icmp_err_tos(s, rx->fwd, rx->ip.tos),
		.ttl = ik_icmp_err_ttl(s),
		.df = false,
		.niov = 1,
	};
	tx.iov[0].p = m;
	tx.iov[0].len = IK_ICMP_HDR_LEN + q;

	rc = ik_ip_output(s, &tx, rx->now);
	if (rc < 0) {
		IK_MIB_INC(s, ICMP, OutErrors);
		IK_TRACE(s, IK_L_ICMP, IK_EV_DROP, "icmp.error_not_sent", rx->ifindex, rx->pkt,
			 rx->len, -1, "ICMP %u/%u could not be sent: IP output failed (%d)", type,
			 code, rc);
		return rc;
	}
	ik_icmp_out_count(s, type);
	if (s->trace_fn)
		ik_icmp_trace_sent(s, rx->ifindex, rx->pkt, rx->len, type, code, q);
	return 0;
}

