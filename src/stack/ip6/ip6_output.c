// SPDX-License-Identifier: MIT
/*
 * ip6_output.c - the IPv6 header before a payload, and the one way out to
 * the device
 */
#include <errno.h>
#include <string.h>

#include "stack/ip6/ip6.h"

/**
 * out() - hand one datagram to the device, traced
 * @s: stack; @r: route; @b/@n: the datagram; @what: trace tag; @now: time
 *
 * Return: 0, or the device's error (counted OutDiscards).
 */
static int out(struct ik_stack *s, const struct ik_route6_res *r, const uint8_t *b, size_t n,
	       const char *what, uint64_t now)
{
	char db[IK_IPV6_ADDR_STRLEN];
	int rc;

	IK_TRACE(s, IK_L_IP, IK_EV_TX, what, r->ifindex, b, n, -1, "%zu octets out of %s to %s", n,
		 ik_iface_get(s, r->ifindex)->name, ik_ipv6_addr_str(r->next_hop, db));
	rc = ik_ip6_dev_out(s, r->ifindex, r->next_hop, b, n, now);
	if (rc < 0) {
		IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip6.xmit_failed", r->ifindex, b, n, -1,
			 "the device refused it (%d)", rc);
	}
	return rc;
}

/**
 * fragment() - a datagram the stack made, above the MTU: sent in
 * fragments (RFC 8200 4.5), each with a Fragment header after the fixed
 * one and as many multiples of 8 octets as fit
 * @s: stack; @r: route; @b: the datagram (header filled); @plen: its
 * payload; @now: time
 *
 * Return: 0, or the first device error.
 */
static int fragment(struct ik_stack *s, const struct ik_route6_res *r, const uint8_t *b,
		    size_t plen, uint64_t now)
{
	size_t per = (r->mtu - IK_IPV6_HDR_LEN - 8) & ~(size_t)7;
	uint32_t id = ik_rand(s);
	uint8_t *f = s->scratch;
	int rc = 0;

	for (size_t off = 0; off < plen; off += per) {
		size_t n = plen - off < per ? plen - off : per;
		bool more = off + n < plen;

		memcpy(f, b, IK_IPV6_HDR_LEN);
		ik_put16(f + 4, (uint16_t)(n + 8));
		f[6] = IK_IPV6_NH_FRAGMENT;
		f[40] = b[6];
		f[41] = 0;
		ik_put16(f + 42, (uint16_t)(off | (more ? 1u : 0u)));
		ik_put32(f + 44, id);
		memcpy(f + 48, b + IK_IPV6_HDR_LEN + off, n);
		IK_MIB_INC(s, IP6, FragCreates);
		if (out(s, r, f, 48 + n, "ip6.frag_tx", now) < 0 && !rc)
			rc = -ENOBUFS;
	}
	IK_MIB_INC(s, IP6, FragOKs);
	return rc;
}

int ik_ip6_send(struct ik_stack *s, const struct ik_route6_res *r, const struct ik_tx6 *tx,
		uint64_t now)
{
	uint8_t *b = s->txbuf, *o = b + IK_IPV6_HDR_LEN;
	size_t plen = 0;

	for (unsigned i = 0; i < tx->niov; i++)
		plen += tx->iov[i].len;
	if (plen > 65535) {
		IK_MIB_INC(s, IP6, OutDiscards);
		return -EINVAL;
	}
	if (IK_IPV6_HDR_LEN + plen > r->mtu && (tx->dontfrag || r->mtu < IK_IPV6_MIN_MTU)) {
		IK_MIB_INC(s, IP6, FragFails);
		IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip6.too_big", r->ifindex, NULL, 0, -1,
			 "%zu octets over the MTU %u of %s, and not to be fragmented",
			 IK_IPV6_HDR_LEN + plen, r->mtu, ik_iface_get(s, r->ifindex)->name);
		return -EMSGSIZE;
	}
	for (unsigned i = 0; i < tx->niov; i++) {
		if (tx->iov[i].p != o && tx->iov[i].len)
			memmove(o, tx->iov[i].p, tx->iov[i].len);
		o += tx->iov[i].len;
	}
	ik_put32(b, 0x60000000u | (uint32_t)tx->tclass << 20);
	ik_put16(b + 4, (uint16_t)plen);
	b[6] = tx->nh;
	b[7] = tx->hlim ? tx->hlim : (uint8_t)s->set.ipv6_hop_limit;
	memcpy(b + 8, tx->src, 16);
	memcpy(b + 24, tx->dst, 16);
	IK_MIB_INC(s, IP6, OutRequests);
	if (ik_a6_is_mcast(tx->dst))
		IK_MIB_INC(s, IP6, OutMcastPkts);
	if (IK_IPV6_HDR_LEN + plen > r->mtu)
		return fragment(s, r, b, plen, now);
	return out(s, r, b, IK_IPV6_HDR_LEN + plen, "ip6.tx", now);
}
