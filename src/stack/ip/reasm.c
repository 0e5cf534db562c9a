// SPDX-License-Identifier: MIT
/* reasm.c - IPv4 fragment reassembly in preallocated slots */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/checksum.h"
#include "stack/core.h"

/*
 * Policy (RFC 791 §3.2, RFC 815, RFC 1122 §3.3.2, and Linux ip_fragment.c):
 *
 * - A datagram is identified by (source, destination, protocol, ID).
 * - reasm_slots datagrams are reassembled at once, each in its own
 *   preallocated 65535-octet buffer: a fragment's payload is copied once, to
 *   its place; the header of fragment 0 is put in front when the datagram is
 *   whole. Received data is tracked in a bitmap of 8-octet blocks.
 * - Overlap: a fragment lying entirely inside data already received is a
 *   duplicate and is ignored (the datagram goes on); a fragment that
 *   overlaps it only in part drops the whole datagram. This is Linux's rule
 *   since 4.19 (inet_frag_queue_insert(): RFC 5722 applied to IPv4, after
 *   the FragmentSmack and teardrop-style attacks), and it means no octet is
 *   ever overwritten by a later fragment with different data.
 * - A last fragment (MF clear) fixes the length; another last fragment with
 *   a different end, data beyond the end, or a non-last fragment whose
 *   payload is not a positive multiple of 8 drops the datagram (Linux
 *   discard_qp) or the fragment.
 * - Header + reassembled payload above 65535 octets (the ping of death)
 *   drops the whole datagram.
 * - Memory: payload octets held by all reassemblies together stay within
 *   ipfrag_high_thresh; to admit a fragment the oldest other datagrams are
 *   evicted (ReasmFails). With every slot busy a new datagram also evicts
 *   the oldest. The datagram evicted is the oldest of the source address
 *   holding the most datagrams: with one source that is the oldest; under a
 *   flood from one address (or a few) it is always one of the flood's, so
 *   other sources' reassemblies are not starved (Linux has no per-source
 *   rule: a flood there fills ipfrag_high_thresh for everyone). (Linux ≥ 4.17 refuses new fragments instead of evicting;
 *   evicting keeps a flood of incomplete datagrams from starving newer
 *   traffic for ipfrag_time.)
 * - Time-out: ipfrag_time seconds after the first fragment arrived
 *   (ReasmTimeout, ReasmFails); if fragment 0 was among those received, Time
 *   Exceeded code 1 quoting fragment 0 (G15, RFC 1122 §3.2.2.4).
 * - Counters as Linux: ReasmReqds per fragment, ReasmOKs per datagram
 *   rebuilt, ReasmFails per datagram given up (a duplicate is no failure).
 */

#define HDR_ROOM IK_IPV4_HDR_MAX                   /* fragment 0's header goes in front */
#define SLOT_BUF (HDR_ROOM + IK_IPV4_MAX_LEN)      /* header room + any payload end */
#define NBLOCKS ((IK_IPV4_MAX_LEN + 7) / 8)        /* 8192 blocks of 8 octets */
#define NWORDS ((NBLOCKS + 63) / 64)

/**
 * struct reasm_slot - one datagram being reassembled
 * @used:      slot in use
 * @src, @dst, @proto, @id: the key
 * @seq:       creation order, for evicting the oldest
 * @deadline:  time-out
 * @held:      payload octets received
 * @max_end:   highest end of a fragment received
 * @end:       payload length, known once the last fragment came
 * @have_last: the last fragment (MF clear) came
 * @have_first: fragment 0 came: @hdr, @hlen, @first_len, @ip and the
 *             arrival facts below are valid
 * @nblocks:   8-octet blocks received
 * @hdr:       fragment 0's header as received
 * @hlen:      its length
 * @first_len: fragment 0's payload length
 * @ip:        fragment 0's parsed header (opts point into @hdr)
 * @ifindex, @link_flags, @dst_kind, @local: fragment 0's arrival
 * @buf:       SLOT_BUF octets: payload at HDR_ROOM + offset
 * @map:       received blocks
 */
struct reasm_slot {
	bool used;
	uint32_t src, dst;
	uint8_t proto;
	uint16_t id;
	uint64_t seq;
	uint64_t deadline;
	uint32_t held;
	uint32_t max_end;
	uint32_t end;
	bool have_last;
	bool have_first;
	unsigned nblocks;
	uint8_t hdr[IK_IPV4_HDR_MAX];
	size_t hlen;
	size_t first_len;
	struct ik_ipv4_repr ip;
	unsigned ifindex;
	unsigned link_flags;
	enum ik_dst_kind dst_kind;
	uint32_t local;
	uint8_t *buf;
	uint64_t map[NWORDS];
};

/**
 * struct ik_reasm - all reassembly state of a stack
 * @n:       slots
 * @active:  slots in use
 * @held:    payload octets held by all of them
 * @seq:     creation counter
 * @next_deadline: earliest deadline among active slots (UINT64_MAX: none)
 * @bufs:    the slots' buffers, one allocation
 * @slot:    the slots
 */
struct ik_reasm {
	unsigned n;
	unsigned active;
	uint64_t held;
	uint64_t seq;
	uint64_t next_deadline;
	uint8_t *bufs;
	struct reasm_slot slot[];
};

/**
 * ik_reasm_new() - allocate the reassembly slots
 * @s: stack (s->cfg.reasm_slots is the count)
 *
 * Return: 0, or -IK_ENOMEM.
 */
int ik_reasm_new(struct ik_stack *s)
{
	unsigned n = s->cfg.reasm_slots;
	struct ik_reasm *r = calloc(1, sizeof(*r) + (size_t)n * sizeof(r->slot[0]));

	if (!r)
		return -IK_ENOMEM;
	r->bufs = malloc((size_t)n * SLOT_BUF);
	if (!r->bufs) {
		free(r);
		return -IK_ENOMEM;
	}
	r->n = n;
	r->next_deadline = UINT64_MAX;
	for (unsigned i = 0; i < n; i++)
		r->slot[i].buf = r->bufs + (size_t)i * SLOT_BUF;
	s->reasm = r;
	return 0;
}

/**
 * ik_reasm_free() - release the slots
 * @s: stack
 */
void ik_reasm_free(struct ik_stack *s)
{
	if (!s->reasm)
		return;
	free(s->reasm->bufs);
	free(s->reasm);
	s->reasm = NULL;
}

/* ---- the bitmap of received 8-octet blocks ---- */

/**
 * word_mask() - bits [lo, hi) of one 64-bit word (0 <= lo < hi <= 64)
 * @lo: first bit; @hi: past the last
 *
 * Return: the mask.
 */
static uint64_t word_mask(unsigned lo, unsigned hi)
{
	uint64_t m = hi == 64 ? ~0ull : (1ull << hi) - 1;

	return m & ~((1ull << lo) - 1);
}

/**
 * range_count() - blocks [b0, b1) already received
 * @sl: slot; @b0, @b1: block range
 *
 * Return: how many are set.
 */
static unsigned range_count(const struct reasm_slot *sl, unsigned b0, unsigned b1)
{
	unsigned n = 0;

	while (b0 < b1) {
		unsigned w = b0 / 64, lo = b0 % 64, hi = b1 - w * 64 < 64 ? b1 - w * 64 : 64;

		n += (unsigned)__builtin_popcountll(sl->map[w] & word_mask(lo, hi));
		b0 = w * 64 + hi;
	}
	return n;
}

/**
 * range_set() - mark blocks [b0, b1) received
 * @sl: slot; @b0, @b1: block range
 */
static void range_set(struct reasm_slot *sl, unsigned b0, unsigned b1)
{
	while (b0 < b1) {
		unsigned w = b0 / 64, lo = b0 % 64, hi = b1 - w * 64 < 64 ? b1 - w * 64 : 64;

		sl->map[w] |= word_mask(lo, hi);
		b0 = w * 64 + hi;
	}
}

/* ---- slots ---- */

/**
 * slot_release() - forget a datagram
 * @r: reassembly state; @sl: its slot
 */
static void slot_release(struct ik_reasm *r, struct reasm_slot *sl)
{
	if (!sl->used)
		return;
	r->held -= sl->held;
	r->active--;
	sl->used = false;
}

/**
 * slot_fail() - give a datagram up: ReasmFails, a trace event, release
 * @s: stack; @sl: slot; @what: tag; @why: sentence
 */
static void slot_fail(struct ik_stack *s, struct reasm_slot *sl, const char *what, const char *why)
{
	IK_MIB_INC(s, IP, ReasmFails);
	IK_TRACE(s, IK_L_FRAG, IK_EV_DROP, what, sl->ifindex, NULL, 0, -1,
		 "datagram id 0x%04x proto %u (%u octets held) dropped: %s", sl->id, sl->proto,
		 sl->held, why);
	slot_release(s->reasm, sl);
}

/**
 * victim() - the datagram to evict for room: the oldest of the source
 * address holding the most datagrams (other than @keep)
 * @r: reassembly state; @keep: slot to spare (may be NULL)
 *
 * With one source this is the oldest datagram; under a flood from one
 * address (or a few) it is always one of the flood's, so other sources'
 * reassemblies go on. O(slots^2): the slots are few (each owns 64 KiB).
 *
 * Return: the slot, or NULL if there is none.
 */
static struct reasm_slot *victim(struct ik_reasm *r, const struct reasm_slot *keep)
{
	struct reasm_slot *best = NULL;
	unsigned best_n = 0;

	for (unsigned i = 0; i < r->n; i++) {
		struct reasm_slot *sl = &r->slot[i];
		unsigned n = 0;

		if (!sl->used || sl == keep)
			continue;
		for (unsigned j = 0; j < r->n; j++)
			n += r->slot[j].used && r->slot[j].src == sl->src;
		if (!best || n > best_n || (n == best_n && sl->seq < best->seq)) {
			best = sl;
			best_n = n;
		}
	}
	return best;
}

/**
 * slot_find() - the slot of @ip's datagram, created if new and @create
 * @s:      stack
 * @ip:     a fragment's header
 * @now:    time
 * @create: make a slot when there is none
 *
 * Return: the slot (a new one may have evicted the oldest datagram), or NULL
 * when there is none and @create is false.
 */
static struct reasm_slot *slot_find(struct ik_stack *s, const struct ik_ipv4_repr *ip,
				    uint64_t now, bool create)
{
	struct ik_reasm *r = s->reasm;
	struct reasm_slot *free_sl = NULL, *sl;

	for (unsigned i = 0; i < r->n; i++) {
		sl = &r->slot[i];
		if (!sl->used) {
			if (!free_sl)
				free_sl = sl;
			continue;
		}
		if (sl->id == ip->ident && sl->src == ip->src && sl->dst == ip->dst &&
		    sl->proto == ip->proto)
			return sl;
	}
	if (!create)
		return NULL;
	if (!free_sl) {
		free_sl = victim(r, NULL);
		slot_fail(s, free_sl, "frag.evict",
			  "every reassembly slot is busy: the oldest of the source holding the most "
			  "evicted");
	}
	sl = free_sl;
	uint8_t *buf = sl->buf;

	memset(sl, 0, sizeof(*sl));
	sl->buf = buf;
	sl->used = true;
	sl->src = ip->src;
	sl->dst = ip->dst;
	sl->proto = ip->proto;
	sl->id = ip->ident;
	sl->seq = r->seq++;
	sl->deadline = now + (uint64_t)s->set.ipfrag_time * IK_NS_PER_S;
	r->active++;
	if (sl->deadline < r->next_deadline)
		r->next_deadline = sl->deadline;
	return sl;
}

/**
 * first_rx() - fragment 0 of a slot, rebuilt as a received datagram
 * @sl: slot with have_first
 * @now: time
 * @rx: filled; points into the slot's buffer
 */
static void first_rx(const struct reasm_slot *sl, uint64_t now, struct ik_rx *rx)
{
	uint8_t *p = sl->buf + HDR_ROOM - sl->hlen;

	memcpy(p, sl->hdr, sl->hlen);
	memset(rx, 0, sizeof(*rx));
	rx->ifindex = sl->ifindex;
	rx->link_flags = sl->link_flags;
	rx->now = now;
	rx->pkt = p;
	rx->len = sl->hlen + sl->first_len;
	rx->ip = sl->ip;
	rx->ip.opts = sl->ip.opts_len ? p + IK_IPV4_HDR_MIN : NULL;
	rx->hlen = sl->hlen;
	rx->l4 = p + sl->hlen;
	rx->l4_len = sl->first_len;
	rx->dst_kind = sl->dst_kind;
	rx->local = sl->local;
}

/**
 * expire() - time out every datagram whose deadline has passed
 * @s: stack; @now: time
 *
 * Return: the earliest deadline left, or UINT64_MAX.
 */
static uint64_t expire(struct ik_stack *s, uint64_t now)
{
	struct ik_reasm *r = s->reasm;
	uint64_t next = UINT64_MAX;

	for (unsigned i = 0; i < r->n && r->active; i++) {
		struct reasm_slot *sl = &r->slot[i];

		if (!sl->used)
			continue;
		if (sl->deadline > now) {
			if (sl->deadline < next)
				next = sl->deadline;
			continue;
		}
		IK_MIB_INC(s, IP, ReasmTimeout);
		IK_MIB_INC(s, IP, ReasmFails);
		IK_TRACE(s, IK_L_FRAG, IK_EV_DROP, "frag.timeout", sl->ifindex, NULL, 0, -1,
			 "datagram id 0x%04x proto %u incomplete after ipfrag_time %lds (%u octets "
			 "held)%s",
			 sl->id, sl->proto, s->set.ipfrag_time, sl->held,
			 sl->have_first ? ": fragment 0 came -> Time Exceeded code 1 (G15)"
					: ": fragment 0 never came, so no ICMP error");
		if (sl->have_first) {
			struct ik_rx rx;

			first_rx(sl, now, &rx);
			ik_icmp_send_error(s, &rx, IK_ICMP_TIMXCEED, 1, 0);
		}
		slot_release(r, sl);
	}
	r->next_deadline = next;
	return next;
}

/**
 * ik_reasm_poll() - expire reassemblies whose time is up
 * @s:   stack
 * @now: time
 *
 * Return: the earliest deadline still pending, or UINT64_MAX.
 */
uint64_t ik_reasm_poll(struct ik_stack *s, uint64_t now)
{
	struct ik_reasm *r = s->reasm;

	if (!r->active)
		return r->next_deadline = UINT64_MAX;
	return expire(s, now);
}

/**
 * ik_stack_reasm_mem() - what reassembly holds now
 * @s:         stack
 * @datagrams: datagrams being reassembled (may be NULL)
 *
 * Return: payload octets held by all incomplete datagrams.
 */
size_t ik_stack_reasm_mem(const struct ik_stack *s, unsigned *datagrams)
{
	if (datagrams)
		*datagrams = s->reasm->active;
	return (size_t)s->reasm->held;
}

/**
 * ik_reasm_deadline() - the earliest reassembly deadline known
 * @s: stack
 *
 * Return: the time, or UINT64_MAX when none is active.
 */
uint64_t ik_reasm_deadline(const struct ik_stack *s)
{
	const struct ik_reasm *r = s->reasm;

	return r->active ? r->next_deadline : UINT64_MAX;
}

/**
 * complete() - the datagram is whole: rebuild its header and deliver it
 * @s:  stack
 * @sl: slot (released before returning)
 * @now: time
 *
 * The header is fragment 0's with Total Length, the fragment word (DF kept,
 * MF and offset cleared) and the checksum rewritten, as Linux
 * ip_frag_reasm() does, so raw sockets and quotes see a consistent header.
 *
 * Return: ik_ip_deliver()'s result, or -IK_EFRAG when oversized.
 */
static int complete(struct ik_stack *s, struct reasm_slot *sl, uint64_t now)
{
	struct ik_rx rx;
	uint8_t *p;
	size_t total = sl->hlen + sl->end;
	int rc;

	if (total > IK_IPV4_MAX_LEN) {
		slot_fail(s, sl, "frag.oversize",
			  "header + reassembled payload > 65535 octets (ping of death)");
		return -IK_EFRAG;
	}
	first_rx(sl, now, &rx);
	p = (uint8_t *)rx.pkt;
	ik_put16(p + 2, (uint16_t)total);
	ik_put16(p + 6, sl->ip.df ? IK_IPV4_DF : 0);
	ik_put16(p + 10, 0);
	ik_put16(p + 10, ik_csum(p, sl->hlen));
	rx.len = total;
	rx.ip.total_len = (uint16_t)total;
	rx.ip.payload_len = sl->end;
	rx.ip.mf = false;
	rx.ip.frag_off = 0;
	rx.ip.csum = ik_ipv4_csum(&(struct ik_ipv4_view){ p, sl->hlen });
	rx.l4_len = sl->end;
	IK_MIB_INC(s, IP, ReasmOKs);
	IK_TRACE(s, IK_L_FRAG, IK_EV_DELIVER, "frag.done", rx.ifindex, rx.pkt, rx.len, -1,
		 "datagram id 0x%04x reassembled: %zu octets", sl->id, total);
	rc = ik_ip_deliver(s, &rx);
	slot_release(s->reasm, sl);
	return rc;
}

/**
 * frag_drop() - drop one fragment (not its datagram): trace it
 * @s: stack; @rx: fragment; @what: tag; @why: sentence
 *
 * Return: -IK_EFRAG.
 */
static int frag_drop(struct ik_stack *s, const struct ik_rx *rx, const char *what,
		     const char *why)
{
	IK_TRACE(s, IK_L_FRAG, IK_EV_DROP, what, rx->ifindex, rx->pkt, rx->len, -1,
		 "fragment id 0x%04x offset %u len %zu dropped: %s", rx->ip.ident, rx->ip.frag_off,
		 rx->l4_len, why);
	return -IK_EFRAG;
}

/**
 * ik_reasm_input() - one fragment addressed to us
 * @s:  stack
 * @rx: the fragment, validated and classified
 *
 * Return: 0 when the fragment was queued (or completed a datagram that was
 * delivered), or the negative IK_E* code of the drop.
 */
int ik_reasm_input(struct ik_stack *s, const struct ik_rx *rx)
{
	struct ik_reasm *r = s->reasm;
	struct reasm_slot *sl;
	uint32_t off = rx->ip.frag_off, plen = (uint32_t)rx->l4_len, end = off + plen;
	bool last = !rx->ip.mf;
	unsigned b0 = off / 8, b1 = (end + 7) / 8, have;

	IK_MIB_INC(s, IP, ReasmReqds);
	if (r->active && rx->now >= r->next_deadline)
		expire(s, rx->now);
	IK_TRACE(s, IK_L_FRAG, IK_EV_RX, "frag.rx", rx->ifindex, rx->pkt, rx->len, -1,
		 "fragment id 0x%04x offset %u len %u%s", rx->ip.ident, off, plen,
		 last ? " (last)" : "");

	if (!last && (plen == 0 || plen % 8)) {
		IK_MIB_INC(s, IP, ReasmFails);
		return frag_drop(s, rx, "frag.bad_len",
				 "MF set but the payload is not a positive multiple of 8");
	}
	/*
	 * Judged before any slot is made, so that it cannot evict a reassembly
	 * in progress to make room for a datagram that can never complete; the
	 * datagram's own slot, if it has one, is dropped whole (as Linux).
	 */
	if (end + (off ? IK_IPV4_HDR_MIN : rx->hlen) > IK_IPV4_MAX_LEN) {
		sl = slot_find(s, &rx->ip, rx->now, false);
		if (!sl) {
			IK_MIB_INC(s, IP, ReasmFails);
			return frag_drop(s, rx, "frag.oversize",
					 "the fragment ends beyond 65535 octets (ping of death)");
		}
		slot_fail(s, sl, "frag.oversize",
			  "a fragment ends beyond 65535 octets (ping of death)");
		return -IK_EFRAG;
	}
	sl = slot_find(s, &rx->ip, rx->now, true);
	if (sl->have_first && sl->hlen + end > IK_IPV4_MAX_LEN) {
		slot_fail(s, sl, "frag.oversize",
			  "a fragment ends beyond 65535 octets (ping of death)");
		return -IK_EFRAG;
	}
	if (last ? (sl->have_last && end != sl->end) || end < sl->max_end
		 : sl->have_last && end > sl->end) {
		slot_fail(s, sl, "frag.bad_end", "fragments disagree on where the datagram ends");
		return -IK_EFRAG;
	}
	have = range_count(sl, b0, b1);
	if (plen && have == b1 - b0)
		return frag_drop(s, rx, "frag.duplicate", "its data was already received");
	if (have) {
		slot_fail(s, sl, "frag.overlap",
			  "a fragment partly overlaps data already received (RFC 5722 rule, as Linux)");
		return -IK_EFRAG;
	}
	if (r->held + plen > (uint64_t)s->set.ipfrag_high_thresh) {
		struct reasm_slot *old;

		while (r->held + plen > (uint64_t)s->set.ipfrag_high_thresh &&
		       (old = victim(r, sl)))
			slot_fail(s, old, "frag.evict",
				  "ipfrag_high_thresh reached: the oldest reassembly of the source "
				  "holding the most evicted");
		if (r->held + plen > (uint64_t)s->set.ipfrag_high_thresh) {
			slot_fail(s, sl, "frag.no_memory",
				  "this datagram alone exceeds ipfrag_high_thresh");
			return -IK_ENOMEM;
		}
	}

	memcpy(sl->buf + HDR_ROOM + off, rx->l4, plen);
	range_set(sl, b0, b1);
	sl->nblocks += b1 - b0;
	sl->held += plen;
	r->held += plen;
	if (end > sl->max_end)
		sl->max_end = end;
	if (last) {
		sl->have_last = true;
		sl->end = end;
	}
	if (off == 0) {
		sl->have_first = true;
		sl->hlen = rx->hlen;
		memcpy(sl->hdr, rx->pkt, rx->hlen);
		sl->first_len = plen;
		sl->ip = rx->ip;
		sl->ifindex = rx->ifindex;
		sl->link_flags = rx->link_flags;
		sl->dst_kind = rx->dst_kind;
		sl->local = rx->local;
	} else if (!sl->ifindex) {
		sl->ifindex = rx->ifindex;
	}
	if (sl->have_first && sl->have_last && sl->nblocks == (sl->end + 7) / 8)
		return complete(s, sl, rx->now);
	return 0;
}
