// SPDX-License-Identifier: MIT
/* ip_output.c - IPv4 output: route, header, fragmentation, device */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "stack/core.h"

/**
 * payload_len() - octets in the payload pieces
 * @tx: datagram
 *
 * Return: the sum.
 */
static size_t payload_len(const struct ik_tx *tx)
{
	size_t n = 0;

	for (unsigned i = 0; i < tx->niov; i++)
		n += tx->iov[i].len;
	return n;
}

/**
 * gather() - copy payload octets [@off, @off + @len) to @dst
 * @tx:  datagram
 * @off: offset in the concatenated payload
 * @len: octets
 * @dst: output
 *
 * memmove, because a caller may have built its payload in place in the
 * transmit buffer (see ik_ip_output()); a piece already where it belongs is
 * not copied at all.
 */
static void gather(const struct ik_tx *tx, size_t off, size_t len, uint8_t *dst)
{
	for (unsigned i = 0; i < tx->niov && len; i++) {
		const uint8_t *p = tx->iov[i].p;
		size_t n = tx->iov[i].len;

		if (off >= n) {
			off -= n;
			continue;
		}
		n -= off;
		if (n > len)
			n = len;
		if (p + off != dst)
			memmove(dst, p + off, n);
		dst += n;
		len -= n;
		off = 0;
	}
}

/**
 * copied_opts() - the options a later fragment carries (copied flag set)
 * @opts: options of the datagram; @len: their length
 * @out:  at least 40 octets
 *
 * RFC 791 §3.1: options with the copied flag (type bit 0x80: the source
 * routes, Security, Router Alert) go into every fragment; the others (Record
 * Route, Timestamp, NOP) only into the first.
 *
 * Return: octets written to @out.
 */
static size_t copied_opts(const uint8_t *opts, size_t len, uint8_t *out)
{
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;
	size_t n = 0;

	ik_ipv4_opt_iter_init(&it, opts, len);
	while (ik_ipv4_opt_next(&it, &o, NULL) > 0)
		if ((o.type & 0x80u) && n + o.len <= IK_IPV4_HDR_MAX - IK_IPV4_HDR_MIN) {
			memcpy(out + n, o.raw, o.len);
			n += o.len;
		}
	return n;
}

/**
 * ik_ip_trace_tx() - the ip.tx (or frag.tx) event of a datagram about to
 * leave, its header read back from the octets (a sink is set)
 * @s: stack; @rt: route; @pkt/@len: the datagram
 */
void ik_ip_trace_tx(struct ik_stack *s, const struct ik_route_res *rt, const uint8_t *pkt,
		    size_t len)
{
	const struct ik_ipv4_view v = { pkt, len }; /* a header it built */
	uint16_t word = ik_ipv4_frag_word(&v);
	bool frag = word & (IK_IPV4_MF | IK_IPV4_OFFMASK);
	char a[16], b[16], c[16];

	ik_trace_emit(s, frag ? IK_L_FRAG : IK_L_IP, IK_EV_TX, frag ? "frag.tx" : "ip.tx",
		      rt->ifindex, pkt, len, -1,
		      "%zu octets %s -> %s proto %u ttl %u id 0x%04x%s offset %u%s via if%u "
		      "next hop %s",
		      len, ik_ipv4_addr_str(ik_ipv4_src(&v), a), ik_ipv4_addr_str(ik_ipv4_dst(&v), b),
		      ik_ipv4_proto(&v), ik_ipv4_ttl(&v), ik_ipv4_ident(&v),
		      (word & IK_IPV4_DF) ? " DF" : "", ik_ipv4_frag_off(&v),
		      (word & IK_IPV4_MF) ? " MF" : "", rt->ifindex,
		      ik_ipv4_addr_str(rt->next_hop, c));
}

/**
 * ik_ip_xmit_failed() - a datagram the device refused: counted and traced
 * @s: stack; @rt: route; @pkt/@len: the datagram; @rc: the device's error
 */
void ik_ip_xmit_failed(struct ik_stack *s, const struct ik_route_res *rt, const uint8_t *pkt,
		       size_t len, int rc)
{
	IK_MIB_INC(s, IP, OutDiscards);
	IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip.xmit_failed", rt->ifindex, pkt, len, -1,
		 "device refused the datagram: %d", rc);
}

/**
 * send_one() - emit a header in the transmit buffer, gather the payload, send
 * @s:    stack
 * @hdr:  header (payload_len set)
 * @tx:   datagram (for the payload)
 * @off:  payload offset of this piece
 * @rt:   route
 * @now:  time
 *
 * The header goes at the start of the transmit buffer, or, for a datagram
 * sent whole whose first payload piece a sender built in the buffer with
 * room before it (at most IK_TX_HEADROOM), just before that piece, which
 * then is not copied.
 *
 * Return: 0, or the device's negative error (counted in OutDiscards).
 */
static int send_one(struct ik_stack *s, const struct ik_ipv4_repr *hdr, const struct ik_tx *tx,
		    size_t off, const struct ik_route_res *rt, uint64_t now)
{
	uintptr_t room = tx->niov ? (uintptr_t)tx->iov[0].p - (uintptr_t)s->txbuf : 0;
	size_t hl = ik_ipv4_hdr_len(hdr);
	uint8_t *o = s->txbuf;

	if (!off && room >= hl && room <= IK_TX_HEADROOM)
		o += (size_t)room - hl;
	if (ik_ipv4_emit(hdr, o, IK_IPV4_HDR_MAX) < 0) {
		IK_MIB_INC(s, IP, OutDiscards);
		return -EINVAL;
	}
	gather(tx, off, hdr->payload_len, o + hl);
	return ik_ip_xmit(s, rt, o, hl + hdr->payload_len, now);
}

/**
 * fragment() - send a datagram larger than @mtu in fragments
 * @s: stack; @hdr: the whole datagram's header; @tx: payload; @plen: its
 * length; @mtu: path MTU; @rt: route; @now: time
 *
 * Every fragment but the last carries a multiple of 8 payload octets, as
 * many as fit; the first carries all options, the others the copied ones.
 *
 * Return: 0, -EMSGSIZE if the MTU cannot hold a header and 8 octets, or the
 * device's error.
 */
static int fragment(struct ik_stack *s, struct ik_ipv4_repr *hdr, const struct ik_tx *tx,
		    size_t plen, unsigned mtu, const struct ik_route_res *rt, uint64_t now)
{
	uint8_t later_opts[IK_IPV4_HDR_MAX - IK_IPV4_HDR_MIN];
	size_t later_len = copied_opts(tx->opts, tx->opts_len, later_opts);
	const uint8_t *first_opts = hdr->opts;
	size_t first_len = hdr->opts_len, off = 0;
	unsigned nfrag = 0;

	while (off < plen) {
		size_t hl, room, n;
		int rc;

		hdr->opts = off ? (later_len ? later_opts : NULL) : first_opts;
		hdr->opts_len = off ? later_len : first_len;
		hl = ik_ipv4_hdr_len(hdr);
		room = mtu > hl ? (mtu - hl) & ~(size_t)7 : 0;
		if (!room) {
			IK_MIB_INC(s, IP, FragFails);
			IK_TRACE(s, IK_L_FRAG, IK_EV_DROP, "frag.mtu_too_small", rt->ifindex, NULL,
				 0, -1, "MTU %u cannot carry a %zu-octet header and 8 octets", mtu,
				 hl);
			return -EMSGSIZE;
		}
		n = plen - off < room ? plen - off : room;
		hdr->frag_off = (uint32_t)off;
		hdr->mf = off + n < plen;
		hdr->payload_len = n;
		rc = send_one(s, hdr, tx, off, rt, now);
		if (rc < 0) {
			IK_MIB_INC(s, IP, FragFails);
			return rc;
		}
		IK_MIB_INC(s, IP, FragCreates);
		nfrag++;
		off += n;
	}
	IK_MIB_INC(s, IP, FragOKs);
	IK_TRACE(s, IK_L_FRAG, IK_EV_DECIDE, "frag.done_tx", rt->ifindex, NULL, 0, -1,
		 "datagram id 0x%04x of %zu octets sent as %u fragments (MTU %u)", hdr->ident,
		 plen, nfrag, mtu);
	return 0;
}

/**
 * ik_route_err_str() - why a route lookup failed, for traces
 * @rc: the lookup's negative errno
 *
 * Return: a short phrase.
 */
const char *ik_route_err_str(int rc)
{
	switch (rc) {
	case -ENETUNREACH: return "no route";
	case -EHOSTUNREACH: return "an unreachable route";
	case -EACCES: return "a prohibit route";
	case -EINVAL: return "a blackhole route";
	default: return "a failed route lookup";
	}
}

/**
 * no_route() - a datagram the route table refuses: OutNoRoutes when there
 * is no route at all (Linux counts only -ENETUNREACH so, in udp_sendmsg and
 * raw_sendmsg), traced with the reason
 * @s: stack; @dst: destination; @rc: the lookup's negative errno
 *
 * Return: @rc.
 */
static int no_route(struct ik_stack *s, uint32_t dst, int rc)
{
	char a[16];

	if (rc == -ENETUNREACH)
		IK_MIB_INC(s, IP, OutNoRoutes);
	IK_TRACE(s, IK_L_IP, IK_EV_DROP, rc == -ENETUNREACH ? "ip.no_route" : "ip.route_refused",
		 0, NULL, 0, -1, "%s to %s", ik_route_err_str(rc), ik_ipv4_addr_str(dst, a));
	return rc;
}

/**
 * ik_ip_output() - route, build the header, fragment to the path MTU, send
 * @s:   stack
 * @tx:  the datagram
 * @now: time
 *
 * The source is @tx->src or the outgoing interface's address, the TTL
 * @tx->ttl or ip_default_ttl, the ID @tx->ident or the next of the
 * counter a keyed hash of (destination, source, protocol) picks
 * (ik_ip_ident(), ip/ipid.c). The datagram is built in s->txbuf; the
 * first payload piece may already sit there, at least the header's length
 * and at most IK_TX_HEADROOM octets in: it is then used without a copy, the
 * header written just before it.
 * The MTU is the smaller of the interface's and the path MTU learned for
 * the destination (looked up only for datagrams above min_pmtu, the floor
 * of every learned value). Larger datagrams are fragmented unless DF is
 * set.
 *
 * Return: 0, or the route lookup's errno (-ENETUNREACH: no route, counted
 * OutNoRoutes; -EHOSTUNREACH, -EACCES, -EINVAL: an unreachable, prohibit or
 * blackhole route, as Linux's fib_props), -EMSGSIZE (DF and too big,
 * counted FragFails), -EINVAL (too long or bad options), or the device's
 * error.
 */
int ik_ip_output(struct ik_stack *s, const struct ik_tx *tx, uint64_t now)
{
	struct ik_route_res rt;
	struct ik_ipv4_repr hdr;
	size_t plen, total;
	unsigned mtu;
	int rc;

	s->now = now;
	rc = ik_route_lookup(s, tx->dst, &rt);
	if (rc < 0)
		return no_route(s, tx->dst, rc);
	IK_MIB_INC(s, IP, OutRequests);
	plen = payload_len(tx);
	memset(&hdr, 0, sizeof(hdr));
	hdr.tos = tx->tos;
	hdr.src = tx->src ? tx->src : rt.src;
	hdr.ident = tx->ident ? tx->ident : ik_ip_ident(s, tx->dst, hdr.src, tx->proto, now);
	hdr.df = tx->df;
	hdr.ttl = tx->ttl ? tx->ttl : (uint8_t)s->set.ip_default_ttl;
	hdr.proto = tx->proto;
	hdr.dst = tx->dst;
	hdr.opts = tx->opts_len ? tx->opts : NULL;
	hdr.opts_len = tx->opts_len;
	hdr.payload_len = plen;
	if (tx->niov > 3 || tx->opts_len > IK_IPV4_HDR_MAX - IK_IPV4_HDR_MIN ||
	    (total = ik_ipv4_hdr_len(&hdr) + plen) > IK_IPV4_MAX_LEN) {
		IK_MIB_INC(s, IP, OutDiscards);
		IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip.too_long", rt.ifindex, NULL, 0, -1,
			 "%zu payload octets and %zu option octets do not make an IPv4 datagram",
			 plen, tx->opts_len);
		return -EINVAL;
	}
	mtu = ik_path_mtu(s, tx->dst, total, &rt);
	if (total <= mtu)
		return send_one(s, &hdr, tx, 0, &rt, now);
	if (tx->df) {
		IK_MIB_INC(s, IP, FragFails);
		IK_TRACE(s, IK_L_FRAG, IK_EV_DROP, "frag.df", rt.ifindex, NULL, 0, -1,
			 "%zu octets exceed the path MTU %u and DF is set", total, mtu);
		return -EMSGSIZE;
	}
	return fragment(s, &hdr, tx, plen, mtu, &rt, now);
}
