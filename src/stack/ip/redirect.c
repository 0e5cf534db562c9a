// SPDX-License-Identifier: MIT
/* redirect.c - Redirect for Host, sent and limited per source */
#include <stdlib.h>

#include "stack/core.h"
#include "stack/ip/forward.h"

/*
 * RFC 1812 §5.2.7.2: a router SHOULD tell a host on the same subnet that a
 * better first hop exists, and MUST limit how often. As Linux's
 * ip_rt_send_redirect(), per source: the first redirect goes at once, the
 * n-th only redirect_load << n ms after the previous; after
 * redirect_number of them the source hears nothing more until
 * redirect_silence ms pass without traffic to redirect. The state lives in
 * a fixed table indexed by a hash of the source: a new source evicts an
 * old one (which then starts afresh), so memory never grows.
 */

#define REDIR_SLOTS 256u

/** struct redir_peer - one source's redirect history */
struct redir_peer {
	uint32_t src;
	uint32_t n;     /* redirects sent since the last silence */
	uint64_t last;  /* time of the last redirect sent, or of traffic while silenced */
	bool used;
};

/** struct ik_redir - the table (s->redir) */
struct ik_redir {
	struct redir_peer slot[REDIR_SLOTS];
};

/**
 * ik_fwd_init() - the redirect limiter's table
 * @s: stack
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_fwd_init(struct ik_stack *s)
{
	s->redir = calloc(1, sizeof(*s->redir));
	return s->redir ? 0 : -IK_ENOMEM;
}

/**
 * ik_fwd_free() - release the table
 * @s: stack
 */
void ik_fwd_free(struct ik_stack *s)
{
	free(s->redir);
	s->redir = NULL;
}

/**
 * peer_of() - the slot of @src, taken over if another source held it
 * @r: table; @src: source
 *
 * Return: the slot.
 */
static struct redir_peer *peer_of(struct ik_redir *r, uint32_t src)
{
	struct redir_peer *p = &r->slot[(src * 2654435761u) >> 24];

	if (!p->used || p->src != src) {
		p->used = true;
		p->src = src;
		p->n = 0;
		p->last = 0;
	}
	return p;
}

/**
 * ik_fwd_redirect() - send a Redirect for Host to @rx's source, limited
 * @s: stack; @rx: the datagram; @rt: its route
 */
void ik_fwd_redirect(struct ik_stack *s, const struct ik_rx *rx, const struct ik_route_res *rt)
{
	struct redir_peer *p = peer_of(s->redir, rx->ip.src);
	uint64_t now = rx->now, load = (uint64_t)s->set.redirect_load * IK_NS_PER_MS;
	uint64_t silence = (uint64_t)s->set.redirect_silence * IK_NS_PER_MS;
	char gw[16];

	if (p->n && now > p->last + silence)
		p->n = 0;
	if (p->n >= (uint64_t)s->set.redirect_number) {
		p->last = now;
		IK_TRACE(s, IK_L_FWD, IK_EV_DECIDE, "fwd.redirect_silenced", rx->ifindex, rx->pkt,
			 rx->len, -1, "%u redirects already sent to this source: silent until "
			 "%ld ms without traffic to redirect", p->n, s->set.redirect_silence);
		return;
	}
	if (p->n && now < p->last + (load << (p->n < 63 ? p->n : 63))) {
		IK_TRACE(s, IK_L_FWD, IK_EV_DECIDE, "fwd.redirect_limited", rx->ifindex, rx->pkt,
			 rx->len, -1, "redirect %u to this source must wait %llu ms after the "
			 "last", p->n + 1, (unsigned long long)((load << p->n) / IK_NS_PER_MS));
		return;
	}
	IK_TRACE(s, IK_L_FWD, IK_EV_DECIDE, "fwd.redirect", rx->ifindex, rx->pkt, rx->len, -1,
		 "leaves by the interface it came in on, and %s is on the sender's subnet -> "
		 "Redirect for Host 5/1 (RFC 1812 5.2.7.2); forwarded all the same",
		 ik_ipv4_addr_str(rt->next_hop, gw));
	if (ik_icmp_send_error(s, rx, IK_ICMP_REDIRECT, 1, rt->next_hop) == 0) {
		p->last = now;
		p->n++;
	}
}
