/* SPDX-License-Identifier: MIT */
/**
 * DOC: helpers shared by the ICMP stack tests (test_stack_echo.c,
 * test_stack_icmperr.c, test_stack_ratelimit.c, test_stack_icmprx.c)
 *
 * ikt_rx_from() describes a crafted datagram as IP input would, so that
 * ik_icmp_send_error() can be driven directly (rate-limit and suppression
 * tests that need a datagram the wire cannot deliver, e.g. a reassembly's
 * first fragment); MIB() reads a counter.
 */
#ifndef ICMPKIT_TEST_ICMP_H
#define ICMPKIT_TEST_ICMP_H

#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "refsum.h"
#include "stack/internal.h"

/** MIB() - one counter of the stack under test @t */
#define MIB(t, g, n) (ik_stack_mib((t)->s)->c[IK_MIB_##g##_##n])


/**
 * ikt_rx_from() - fill @rx for the datagram @pkt as IP input would
 * @rx:      result
 * @pkt:     datagram (IPv4 header first)
 * @len:     its length
 * @ifindex: arrival interface
 * @local:   our address it was sent to (rx->local)
 * @now:     time
 *
 * The destination kind is unicast and no link flags are set; change them
 * after the call.
 */
static inline void ikt_rx_from(struct ik_rx *rx, const uint8_t *pkt, size_t len, unsigned ifindex,
			       uint32_t local, uint64_t now)
{
	int h;

	memset(rx, 0, sizeof(*rx));
	h = ik_ipv4_parse(pkt, len, IK_IPV4_NO_CSUM, &rx->ip, NULL);
	if (h < 0)
		abort();
	rx->pkt = pkt;
	rx->len = len;
	rx->hlen = (size_t)h;
	rx->l4 = pkt + h;
	rx->l4_len = len - (size_t)h;
	rx->ifindex = ifindex;
	rx->local = local;
	rx->dst_kind = IK_DST_UNICAST;
	rx->now = now;
}

/**
 * ikt_pkt_at() - captured packet @i (aborts when absent)
 * @t: harness; @i: index
 *
 * Return: the packet.
 */
static inline const struct ikt_pkt *ikt_pkt_at(const struct ikt *t, size_t i)
{
	if (i >= t->cap.n)
		abort();
	return &t->cap.pkts[i];
}

#endif
