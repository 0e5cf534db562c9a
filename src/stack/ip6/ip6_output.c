// SPDX-License-Identifier: MIT
/*
 * ip6_output.c - the IPv6 header before a payload, and the one way out to
 * the device
 */
#include <errno.h>
#include <string.h>

#include "stack/ip6/ip6.h"

int ik_ip6_send(struct ik_stack *s, const struct ik_route6_res *r, const struct ik_tx6 *tx,
		uint64_t now)
{
	uint8_t *b = s->txbuf, *o = b + IK_IPV6_HDR_LEN;
	size_t plen = 0;
	char db[IK_IPV6_ADDR_STRLEN];
	int rc;

	for (unsigned i = 0; i < tx->niov; i++)
		plen += tx->iov[i].len;
	if (plen > 65535) {
		IK_MIB_INC(s, IP6, OutDiscards);
		return -EINVAL;
	}
	if (IK_IPV6_HDR_LEN + plen > r->mtu) {
		IK_MIB_INC(s, IP6, FragFails);
		IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip6.too_big", r->ifindex, NULL, 0, -1,
			 "%zu octets over the MTU %u of %s: IPv6 does not fragment it",
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
	IK_TRACE(s, IK_L_IP, IK_EV_TX, "ip6.tx", r->ifindex, b, IK_IPV6_HDR_LEN + plen, -1,
		 "%zu octets out of %s to %s", IK_IPV6_HDR_LEN + plen,
		 ik_iface_get(s, r->ifindex)->name, ik_ipv6_addr_str(r->next_hop, db));
	rc = s->ops.xmit6 ? s->ops.xmit6(s->dev_ctx, r->ifindex, r->next_hop, b,
					 IK_IPV6_HDR_LEN + plen, now)
			  : -ENETDOWN;
	if (rc < 0) {
		IK_MIB_INC(s, IP6, OutDiscards);
		IK_TRACE(s, IK_L_IP, IK_EV_DROP, "ip6.xmit_failed", r->ifindex, b,
			 IK_IPV6_HDR_LEN + plen, -1, "the device refused it (%d)", rc);
	}
	return rc;
}
