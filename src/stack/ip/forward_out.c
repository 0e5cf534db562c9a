// SPDX-License-Identifier: MIT
/* forward_out.c - the forwarded copy: TTL, options, checksum, fragments */
#include <errno.h>
#include <string.h>

#include "icmpkit/checksum.h"
#include "stack/core.h"
#include "stack/ip/forward.h"

/*
 * The router never looks past the IP header: the copy differs from what
 * arrived only in the TTL, the header checksum and the Record Route /
 * Timestamp entries it adds. Link padding after Total Length is not sent.
 *
 * Fragments of a forwarded datagram (RFC 791 §3.2, as Linux
 * ip_do_fragment()): each carries a multiple of 8 octets but the last, its
 * offset counted from the original datagram's (a fragment is fragmented
 * again), MF on every piece but the last one of a datagram that had no MF
 * itself, the same ID. The first keeps every option; the later ones keep
 * the same header length with every option whose copy flag is clear
 * replaced by NOPs (Linux ip_options_fragment()), so all pieces have one
 * header layout.
 */

/**
 * nop_uncopied() - replace every option without the copy flag by NOPs
 * @o: the options (in a header being built); @len: their length
 */
static void nop_uncopied(uint8_t *o, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t n;

		if (o[i] == IK_IPOPT_EOL)
			return;
		if (o[i] == IK_IPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || o[i + 1] < 2 || o[i + 1] > len - i)
			return;
		n = o[i + 1];
		if (!(o[i] & 0x80u))
			memset(o + i, IK_IPOPT_NOP, n);
		i += n;
	}
}

/**
 * fragment() - send @b (a forwarded datagram, header already updated)
 * in pieces that fit @rt->mtu
 * @s: stack; @rx: the original; @b: the updated copy; @rt: route
 *
 * Return: 0, -EMSGSIZE when the MTU cannot carry the header and 8 octets,
 * or the device's error.
 */
static int fragment(struct ik_stack *s, const struct ik_rx *rx, uint8_t *b,
		    const struct ik_route_res *rt)
{
	size_t hl = rx->hlen, plen = rx->len - hl, room, off = 0;
	size_t base = (size_t)rx->ip.frag_off;
	uint8_t *piece = s->scratch, hdr[IK_IPV4_HDR_MAX];
	unsigned nfrag = 0;

	room = rt->mtu > hl ? (rt->mtu - hl) & ~(size_t)7 : 0;
	if (!room) {
		IK_MIB_INC(s, IP, FragFails);
		IK_TRACE(s, IK_L_FRAG, IK_EV_DROP, "frag.mtu_too_small", rt->ifindex, rx->pkt,
			 rx->len, -1, "MTU %u cannot carry a %zu-octet header and 8 octets", rt->mtu,
			 hl);
		return -EMSGSIZE;
	}
	memcpy(hdr, b, hl);
	while (off < plen) {
		size_t n = plen - off < room ? plen - off : room;
		bool mf = off + n < plen || rx->ip.mf;
		uint16_t word = (uint16_t)(((base + off) >> 3) | (mf ? IK_IPV4_MF : 0));
		int rc;

		memcpy(piece, hdr, hl);
		ik_put16(piece + 2, (uint16_t)(hl + n));
		ik_put16(piece + 6, word);
		ik_put16(piece + 10, 0);
		ik_put16(piece + 10, ik_csum(piece, hl));
		memcpy(piece + hl, b + hl + off, n);
		rc = ik_ip_xmit(s, rt, piece, hl + n, rx->now);
		if (rc < 0) {
			IK_MIB_INC(s, IP, FragFails);
			return rc;
		}
		IK_MIB_INC(s, IP, FragCreates);
		nfrag++;
		if (!off)
			nop_uncopied(hdr + IK_IPV4_HDR_MIN, hl - IK_IPV4_HDR_MIN);
		off += n;
	}
	IK_MIB_INC(s, IP, FragOKs);
	IK_TRACE(s, IK_L_FRAG, IK_EV_DECIDE, "frag.done_fwd", rt->ifindex, rx->pkt, rx->len, -1,
		 "forwarded datagram id 0x%04x of %zu octets sent as %u fragments (MTU %u)",
		 rx->ip.ident, rx->len, nfrag, rt->mtu);
	return 0;
}

/**
 * srr_advance() - a source route we take the next address of: that address
 * becomes the destination, and its slot records our outgoing address (RFC
 * 791 "Loose/Strict Source and Record Route")
 * @b: the copy; @rx: the datagram (ip.dst: the next address); @out:
 * outgoing address
 *
 * Return: true (the header changed).
 */
static bool srr_advance(uint8_t *b, const struct ik_rx *rx, uint32_t out)
{
	uint8_t *o = b + rx->srr_hit;

	ik_put32(b + 16, rx->ip.dst);
	ik_put32(o + o[2] - 1, out);
	o[2] = (uint8_t)(o[2] + 4);
	return true;
}

/**
 * ik_fwd_send() - write the forwarded copy and send it out of @rt
 * @s: stack; @rx: the datagram (all checks passed); @rt: its route
 *
 * Return: 0, or a negative code (device refused, MTU too small).
 */
int ik_fwd_send(struct ik_stack *s, const struct ik_rx *rx, const struct ik_route_res *rt)
{
	uint8_t *b = s->txbuf;
	/* the new words from the original, not read back from the copy just
	 * written (a narrow load of wide stores would stall) */
	uint16_t old = ik_get16(rx->pkt + 8), csum = ik_get16(rx->pkt + 10);
	uint16_t nw = (uint16_t)(old - 0x100u);
	char d[16], nh[16];
	bool redo;

	memcpy(b, rx->pkt, rx->len);
	b[8] = (uint8_t)(rx->ip.ttl - 1);
	redo = rx->srr_hit && srr_advance(b, rx, rt->src);
	if (rx->hlen > IK_IPV4_HDR_MIN)
		redo |= ik_ipopt_forward(s, b + IK_IPV4_HDR_MIN, rx->hlen - IK_IPV4_HDR_MIN, rt->src,
					 rx->now);
	if (redo) {
		ik_put16(b + 10, 0);
		ik_put16(b + 10, ik_csum(b, rx->hlen));
	} else {
		ik_put16(b + 10, ik_csum_update16(csum, old, nw));
	}
	IK_MIB_INC(s, IP, ForwDatagrams);
	IK_TRACE(s, IK_L_FWD, IK_EV_DECIDE, "fwd.forward", rx->ifindex, rx->pkt, rx->len, -1,
		 "to %s via if%u next hop %s, TTL %u -> %u%s", ik_ipv4_addr_str(rx->ip.dst, d),
		 rt->ifindex, ik_ipv4_addr_str(rt->next_hop, nh), rx->ip.ttl, rx->ip.ttl - 1,
		 rx->len > rt->mtu ? ", in fragments" : "");
	if (rx->len > rt->mtu)
		return fragment(s, rx, b, rt);
	return ik_ip_xmit(s, rt, b, rx->len, rx->now);
}
