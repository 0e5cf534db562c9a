// SPDX-License-Identifier: MIT
/*
 * reasm6.c - IPv6 reassembly (RFC 8200 §4.5) in fixed slots: fragments of
 * one datagram share source, destination and Identification; an exact
 * duplicate is ignored, an overlap drops the whole datagram (RFC 5722);
 * a first fragment without the whole header chain is refused with
 * Parameter Problem code 3 (RFC 7112, as Linux); ip6frag_time after the
 * first fragment arrived, Time Exceeded code 1 quoting it
 */
#include <stdlib.h>
#include <string.h>

#include "stack/ip6/ip6.h"

#define MAX_PIECES 64u  /* fragments of one datagram; more is an attack */
#define FIRST_KEEP 1232u /* of the first fragment, what an error can quote */
#define BUF_LEN (IK_IPV6_HDR_LEN + 65535u)

/**
 * struct slot - one datagram being reassembled
 * @used:     in use
 * @src, @dst, @id: its key
 * @ifindex:  arrival interface of its first fragment
 * @deadline: when it is given up
 * @total:    octets of fragmentable part, once the last fragment came (0
 *            until then)
 * @have:     octets of fragmentable part held
 * @np:       pieces held; @lo, @hi: their ranges
 * @unfrag:   length of the unfragmentable part (from the offset-0
 *            fragment; 0 until it came)
 * @nh:       the Next Header its Fragment header names
 * @first:    the first fragment as it arrived (@first_len octets)
 * @buf:      the datagram: unfragmentable part then data at @unfrag
 *            (data at IK_IPV6_HDR_LEN + 40 * 8 is kept apart until
 *            @unfrag is known: see data_at())
 * @data:     the fragmentable part, by offset
 */
struct slot {
	bool used;
	uint8_t src[16], dst[16];
	uint32_t id;
	unsigned ifindex;
	uint64_t deadline;
	uint32_t total, have;
	unsigned np;
	uint32_t lo[MAX_PIECES], hi[MAX_PIECES];
	uint32_t unfrag;
	uint8_t nh;
	uint32_t first_len;
	uint8_t first[FIRST_KEEP];
	uint8_t *data;
};

/**
 * struct ik_reasm6 - the slots and a scratch buffer for the whole datagram
 */
struct ik_reasm6 {
	struct slot *slots;
	unsigned n;
	uint8_t *whole;
};

static struct ik_reasm6 *st6(struct ik_stack *s) { return s->reasm6; }

int ik_reasm6_init(struct ik_stack *s)
{
	struct ik_reasm6 *r = calloc(1, sizeof(*r));

	if (!r)
		return -IK_ENOMEM;
	s->reasm6 = r;
	r->n = s->cfg.reasm6_slots;
	r->slots = calloc(r->n, sizeof(*r->slots));
	r->whole = malloc(BUF_LEN);
	if (!r->slots || !r->whole)
		return -IK_ENOMEM;
	for (unsigned i = 0; i < r->n; i++) {
		r->slots[i].data = malloc(65535); /* pages untouched until used */
		if (!r->slots[i].data)
			return -IK_ENOMEM;
	}
	return 0;
}

void ik_reasm6_free(struct ik_stack *s)
{
	struct ik_reasm6 *r = s->reasm6;

	if (!r)
		return;
	for (unsigned i = 0; r->slots && i < r->n; i++)
		free(r->slots[i].data);
	free(r->slots);
	free(r->whole);
	free(r);
	s->reasm6 = NULL;
}

/**
 * give_up() - drop a reassembly: ReasmFails, traced
 * @s: stack; @sl: the slot; @why: reason
 */
static void give_up(struct ik_stack *s, struct slot *sl, const char *why)
{
	IK_MIB_INC(s, IP6, ReasmFails);
	IK_TRACE(s, IK_L_FRAG, IK_EV_DROP, "frag6.dropped", sl->ifindex, NULL, 0, -1,
		 "datagram id 0x%08x given up: %s", sl->id, why);
	sl->used = false;
}

/**
 * find() - the slot of a fragment's datagram, or a new one (the one
 * nearest its deadline given up when all are taken)
 * @s: stack; @rx: the fragment
 *
 * Return: the slot.
 */
static struct slot *find(struct ik_stack *s, const struct ik_rx6 *rx)
{
	struct ik_reasm6 *r = st6(s);
	struct slot *free_sl = NULL, *old = NULL;

	for (unsigned i = 0; i < r->n; i++) {
		struct slot *sl = &r->slots[i];

		if (!sl->used) {
			if (!free_sl)
				free_sl = sl;
			continue;
		}
		if (sl->id == rx->ip.frag_id && !memcmp(sl->src, rx->ip.src, 16) &&
		    !memcmp(sl->dst, rx->ip.dst, 16))
			return sl;
		if (!old || sl->deadline < old->deadline)
			old = sl;
	}
	if (!free_sl) {
		give_up(s, old, "every reassembly slot is taken: the oldest gives way");
		free_sl = old;
	}
	memset(free_sl, 0, offsetof(struct slot, first));
	free_sl->used = true;
	memcpy(free_sl->src, rx->ip.src, 16);
	memcpy(free_sl->dst, rx->ip.dst, 16);
	free_sl->id = rx->ip.frag_id;
	free_sl->ifindex = rx->ifindex;
	free_sl->deadline = rx->now + (uint64_t)s->set.ip6frag_time * IK_NS_PER_S;
	return free_sl;
}

/**
 * chain_whole() - does a first fragment hold its whole header chain and
 * the upper-layer header (RFC 7112)?
 * @p: the fragment's data after the Fragment header; @n: its octets; @nh:
 * the Fragment header's Next Header
 *
 * Return: true if so.
 */
static bool chain_whole(const uint8_t *p, size_t n, uint8_t nh)
{
	size_t off = 0;

	for (unsigned k = 0; k < IK_IPV6_EXT_MAX; k++) {
		size_t hl;

		if (nh != IK_IPV6_NH_HOPOPTS && nh != IK_IPV6_NH_ROUTING &&
		    nh != IK_IPV6_NH_DSTOPTS)
			break;
		if (off + 2 > n)
			return false;
		hl = ((size_t)p[off + 1] + 1) * 8;
		nh = p[off];
		off += hl;
		if (off > n)
			return false;
	}
	switch (nh) {
	case IK_IPV6_NH_UDP:
		return off + 8 <= n;
	case IK_IPV6_NH_TCP:
		return off + 20 <= n;
	case IK_IPV6_NH_ICMPV6:
		return off + 4 <= n;
	default:
		return true;
	}
}

/**
 * complete() - every piece is here: build the datagram and deliver it
 * @s: stack; @sl: the slot; @rx: the last fragment (its time)
 *
 * Return: what delivery returns.
 */
static int complete(struct ik_stack *s, struct slot *sl, const struct ik_rx6 *rx)
{
	uint8_t *w = st6(s)->whole;
	struct ik_rx6 whole = { .ifindex = rx->ifindex, .link_flags = rx->link_flags,
				.now = rx->now, .pkt = w, .mcast = rx->mcast };
	size_t len = sl->unfrag + sl->total;
	size_t nh_at = 6;
	int rc;

	sl->used = false;
	/* each fragment kept within 65,535 octets, but the headers before
	 * the Fragment header come on top: judged before the copy */
	if (len - IK_IPV6_HDR_LEN > 65535) {
		IK_MIB_INC(s, IP6, ReasmFails);
		IK_TRACE(s, IK_L_FRAG, IK_EV_DROP, "frag6.too_long", rx->ifindex, NULL, 0, -1,
			 "datagram id 0x%08x would be %zu octets of payload: more than 65,535",
			 sl->id, len - IK_IPV6_HDR_LEN);
		return -IK_EFRAG;
	}
	memcpy(w, sl->first, sl->unfrag);
	memcpy(w + sl->unfrag, sl->data, sl->total);
	/* the header before the Fragment header now names what it named */
	for (size_t off = IK_IPV6_HDR_LEN; off < sl->unfrag; off += ((size_t)w[off + 1] + 1) * 8)
		nh_at = off;
	w[nh_at] = sl->nh;
	ik_put16(w + 4, (uint16_t)(len - IK_IPV6_HDR_LEN));
	whole.len = len;
	memcpy(whole.local, rx->local, 16);
	IK_MIB_INC(s, IP6, ReasmOKs);
	IK_TRACE(s, IK_L_FRAG, IK_EV_DECIDE, "frag6.reassembled", rx->ifindex, w, len, -1,
		 "datagram id 0x%08x whole from %u fragments: %zu octets", sl->id, sl->np, len);
	rc = ik_ipv6_parse(w, len, 0, &whole.ip, NULL);
	if (rc < 0) {
		IK_MIB_INC(s, IP6, InHdrErrors);
		return rc;
	}
	ik_ip6_rx_fill(&whole);
	rc = ik_ip6_chain_from(s, &whole, sl->unfrag);
	if (rc <= 0)
		return rc;
	return ik_ip6_deliver(s, &whole);
}

int ik_reasm6_input(struct ik_stack *s, const struct ik_rx6 *rx, unsigned k)
{
	const struct ik_ipv6_ext *fh = &rx->ip.ext[k];
	const uint8_t *data = rx->pkt + fh->off + 8;
	uint32_t n = (uint32_t)(rx->len - fh->off - 8u), lo = rx->ip.frag_off, hi = lo + n;
	struct slot *sl;

	IK_MIB_INC(s, IP6, ReasmReqds);
	if (fh->off > FIRST_KEEP) {
		IK_MIB_INC(s, IP6, ReasmFails);
		IK_TRACE(s, IK_L_FRAG, IK_EV_DROP, "frag6.unfrag_too_long", rx->ifindex, rx->pkt,
			 rx->len, -1, "%u octets of headers before the Fragment header: more than "
			 "we keep (%u)", fh->off, FIRST_KEEP);
		return -IK_EFRAG;
	}
	if (lo == 0 && !chain_whole(data, n, rx->pkt[fh->off])) {
		IK_MIB_INC(s, IP6, ReasmFails);
		IK_TRACE(s, IK_L_FRAG, IK_EV_DROP, "frag6.chain_incomplete", rx->ifindex, rx->pkt,
			 rx->len, -1, "the first fragment does not hold the whole header chain "
			 "(RFC 7112) -> Parameter Problem code 3");
		ik_icmp6_send_error(s, rx, IK_ICMP6_PARAM_PROB, 3, 0);
		return -IK_EFRAG;
	}
	sl = find(s, rx);
	for (unsigned i = 0; i < sl->np; i++) {
		if (sl->lo[i] == lo && sl->hi[i] == hi) {
			IK_TRACE(s, IK_L_FRAG, IK_EV_DROP, "frag6.duplicate", rx->ifindex, rx->pkt,
				 rx->len, -1, "fragment %u-%u of id 0x%08x again: ignored", lo, hi,
				 sl->id);
			return 0;
		}
		if (lo < sl->hi[i] && sl->lo[i] < hi) {
			give_up(s, sl, "overlapping fragments (RFC 5722)");
			return -IK_EFRAG;
		}
	}
	if ((sl->total && (hi > sl->total || (!rx->ip.frag_more && hi != sl->total))) ||
	    (!rx->ip.frag_more && hi < sl->have)) {
		give_up(s, sl, "fragments past the datagram's end");
		return -IK_EFRAG;
	}
	if (sl->np == MAX_PIECES) {
		give_up(s, sl, "more than 64 fragments");
		return -IK_EFRAG;
	}
	sl->lo[sl->np] = lo;
	sl->hi[sl->np++] = hi;
	sl->have += n;
	if (!rx->ip.frag_more)
		sl->total = hi;
	memcpy(sl->data + lo, data, n);
	if (lo == 0) {
		sl->unfrag = fh->off;
		sl->nh = rx->pkt[fh->off];
		sl->first_len = rx->len < FIRST_KEEP ? (uint32_t)rx->len : FIRST_KEEP;
		memcpy(sl->first, rx->pkt, sl->first_len);
		sl->ifindex = rx->ifindex;
	}
	IK_TRACE(s, IK_L_FRAG, IK_EV_DECIDE, "frag6.held", rx->ifindex, rx->pkt, rx->len, -1,
		 "fragment %u-%u%s of id 0x%08x held (%u octets so far)", lo, hi,
		 rx->ip.frag_more ? "" : " (the last)", sl->id, sl->have);
	if (sl->total && sl->have == sl->total && sl->unfrag)
		return complete(s, sl, rx);
	return 0;
}

uint64_t ik_reasm6_poll(struct ik_stack *s, uint64_t now)
{
	struct ik_reasm6 *r = st6(s);
	uint64_t next = UINT64_MAX;

	for (unsigned i = 0; r && i < r->n; i++) {
		struct slot *sl = &r->slots[i];

		if (!sl->used)
			continue;
		if (now < sl->deadline) {
			if (sl->deadline < next)
				next = sl->deadline;
			continue;
		}
		IK_MIB_INC(s, IP6, ReasmTimeout);
		give_up(s, sl, "ip6frag_time passed");
		if (sl->unfrag) {
			/* the first fragment came: tell its source (RFC 8200 4.5) */
			struct ik_rx6 first = { .ifindex = sl->ifindex, .now = now, .pkt = sl->first,
						.len = sl->first_len };

			if (ik_ipv6_parse(sl->first, sl->first_len, IK_IPV6_QUOTED, &first.ip,
					  NULL) >= 0) {
				ik_ip6_rx_fill(&first);
				memcpy(first.local, sl->dst, 16);
				first.mcast = ik_a6_is_mcast(sl->dst);
				ik_icmp6_send_error(s, &first, IK_ICMP6_TIME_EXCEEDED, 1, 0);
			}
		}
	}
	return next;
}

uint64_t ik_reasm6_deadline(const struct ik_stack *s)
{
	const struct ik_reasm6 *r = s->reasm6;
	uint64_t next = UINT64_MAX;

	for (unsigned i = 0; r && i < r->n; i++)
		if (r->slots[i].used && r->slots[i].deadline < next)
			next = r->slots[i].deadline;
	return next;
}
