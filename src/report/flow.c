// SPDX-License-Identifier: MIT
/* flow.c - link ICMP and ICMPv6 errors to the packets they quote, replies
 * to requests */
#include <stdlib.h>
#include <string.h>

#include "icmpkit/flow.h"
#include "icmpkit/icmp.h"
#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/ipv6.h"
#include "flow_impl.h"

#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8
#define FAMILY6 6    /* struct flow_key.pad[0] of an IPv6 key */
#define ADDR6_KEY 0xa6 /* struct flow_key.pad[0] of an address being interned */

/**
 * struct ik_flow - the matcher
 * @pkts:   what was found, one per packet added
 * @n:      packets added
 * @cap:    room in @pkts
 * @t_ns:   each packet's time (for round trips)
 * @quoted: key of every readable datagram -> latest packet with it
 * @echo:   key of every Echo Request -> latest request with it
 * @addr6:  every IPv6 address seen -> a number of its own (keys hold the
 *          numbers: an IPv6 key is as exact as an IPv4 one, in 24 octets)
 * @naddr6: numbers given
 */
struct ik_flow {
	struct ik_flow_pkt *pkts;
	size_t n, cap;
	int64_t *t_ns;
	struct flow_table quoted, echo, addr6;
	uint32_t naddr6;
};

/**
 * struct ip_hdr - the few facts of an IPv4 header the matcher needs
 * @hlen:  header length (IHL x 4)
 * @plen:  payload octets present after the header
 * @pay:   the payload
 */
struct ip_hdr {
	size_t hlen, plen;
	const uint8_t *pay;
};

/**
 * read_ip() - check that @p starts with a readable IPv4 header
 * @p:   octets
 * @len: their count
 * @h:   filled on success
 * @cut: true for a quote: the payload is what follows, whatever Total
 *       Length says; false: the payload ends at Total Length
 *
 * Return: true when it does.
 */
static bool read_ip(const uint8_t *p, size_t len, bool cut, struct ip_hdr *h)
{
	struct ik_ipv4_view v;
	int hlen = ik_ipv4_view_init(&v, p, len);
	size_t end = len;

	if (hlen < 20 || (p[0] >> 4) != 4)
		return false;
	if (!cut && ik_ipv4_total_len(&v) >= (unsigned)hlen && ik_ipv4_total_len(&v) < len)
		end = ik_ipv4_total_len(&v);
	h->hlen = (size_t)hlen;
	h->plen = end - h->hlen;
	h->pay = p + h->hlen;
	return true;
}

/**
 * quote_key() - the key of a datagram as an error would quote it
 * @ip:  its IPv4 header
 * @h:   what read_ip() found
 * @k:   filled
 */
static void quote_key(const uint8_t *ip, const struct ip_hdr *h, struct flow_key *k)
{
	memset(k, 0, sizeof(*k));
	k->a = ik_get32(ip + 12);
	k->b = ik_get32(ip + 16);
	k->ident = ik_get16(ip + 4);
	k->frag = ik_get16(ip + 6);
	k->proto = ip[9];
	k->n = (uint8_t)(h->plen < 8 ? h->plen : 8);
	memcpy(k->oct, h->pay, k->n);
}

/**
 * echo_key() - the key pairing an echo with its answer
 * @req: requester's address
 * @rsp: responder's address
 * @icmp: the ICMP header (8 octets present)
 * @k:   filled
 */
static void echo_key(uint32_t req, uint32_t rsp, const uint8_t *icmp, struct flow_key *k)
{
	memset(k, 0, sizeof(*k));
	k->a = req;
	k->b = rsp;
	k->ident = ik_get16(icmp + 4);
	k->frag = ik_get16(icmp + 6);
}

struct ik_flow *ik_flow_new(size_t hint)
{
	struct ik_flow *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	if (flow_table_init(&f->quoted, hint) || flow_table_init(&f->echo, hint / 4) ||
	    flow_table_init(&f->addr6, 16)) {
		ik_flow_free(f);
		return NULL;
	}
	return f;
}

/**
 * link_error() - find the packet an ICMP error quotes
 * @f:    matcher
 * @e:    the error's entry
 * @icmp: its ICMP header and data
 * @ilen: octets present
 */
static void link_error(struct ik_flow *f, struct ik_flow_pkt *e, const uint8_t *icmp, size_t ilen)
{
	struct ip_hdr q;
	struct flow_key k;
	uint32_t at;

	if (ilen < 8 || !read_ip(icmp + 8, ilen - 8, true, &q)) {
		e->state = IK_FS_UNREADABLE;
		return;
	}
	quote_key(icmp + 8, &q, &k);
	/* a quote cut shorter than the original's first 8 octets has a key
	 * with fewer octets (n): it matches nothing */
	at = flow_table_get(&f->quoted, &k);
	e->state = at == UINT32_MAX ? IK_FS_NOT_FOUND : IK_FS_LINKED;
	e->link = at;
}

/**
 * link_reply_at() - link Echo Reply @i to the request at @at (IPv4 and IPv6)
 * @f:  matcher
 * @i:  the reply's index
 * @at: the request's index, or UINT32_MAX when none was seen
 */
static void link_reply_at(struct ik_flow *f, uint32_t i, uint32_t at)
{
	struct ik_flow_pkt *r = &f->pkts[i], *q;

	if (at == UINT32_MAX) {
		r->state = IK_FS_NOT_FOUND;
		return;
	}
	q = &f->pkts[at];
	r->state = IK_FS_LINKED;
	r->link = at;
	r->rtt = f->t_ns[i] - f->t_ns[at];
	if (q->nrep++ == 0) {
		q->state = IK_FS_LINKED;
		q->link = i;
		q->rtt = r->rtt;
	}
}

/**
 * link_reply() - find the request an Echo Reply answers
 * @f:   matcher
 * @i:   the reply's index
 * @ip:  its IPv4 header
 * @icmp: its ICMP header (8 octets present)
 */
static void link_reply(struct ik_flow *f, uint32_t i, const uint8_t *ip, const uint8_t *icmp)
{
	struct flow_key k;

	echo_key(ik_get32(ip + 16), ik_get32(ip + 12), icmp, &k);
	link_reply_at(f, i, flow_table_get(&f->echo, &k));
}

/**
 * grow_pkts() - room for one more packet
 * @f: matcher
 *
 * Return: 0, or -1 when out of memory.
 */
static int grow_pkts(struct ik_flow *f)
{
	size_t cap = f->cap ? 2 * f->cap : 1024;
	struct ik_flow_pkt *p;
	int64_t *t;

	if (f->n < f->cap)
		return 0;
	p = realloc(f->pkts, cap * sizeof(*p));
	if (!p)
		return -1;
	f->pkts = p;
	t = realloc(f->t_ns, cap * sizeof(*t));
	if (!t)
		return -1;
	f->t_ns = t;
	f->cap = cap;
	return 0;
}

/**
 * classify() - the kind of a readable datagram and its links
 * @f:   matcher
 * @i:   its index
 * @pkt: the datagram
 * @h:   its header facts
 *
 * Return: 0, or -1 when out of memory.
 */
static int classify(struct ik_flow *f, uint32_t i, const uint8_t *pkt, const struct ip_hdr *h)
{
	struct ik_flow_pkt *e = &f->pkts[i];
	const uint8_t *icmp = h->pay;
	bool first = (ik_get16(pkt + 6) & IK_IPV4_OFFMASK) == 0;
	struct flow_key k;

	if (pkt[9] != IK_IPPROTO_ICMP || !first || h->plen < 8) {
		e->kind = pkt[9] == IK_IPPROTO_ICMP ? IK_FK_ICMP : IK_FK_DATA;
		return 0;
	}
	if (icmp[0] == ICMP_ECHO_REQUEST) {
		e->kind = IK_FK_ECHO_REQ;
		e->state = IK_FS_LOST;
		echo_key(ik_get32(pkt + 12), ik_get32(pkt + 16), icmp, &k);
		return flow_table_put(&f->echo, &k, i);
	}
	if (icmp[0] == ICMP_ECHO_REPLY) {
		e->kind = IK_FK_ECHO_REP;
		link_reply(f, i, pkt, icmp);
		return 0;
	}
	if (ik_icmp_is_error(icmp[0])) {
		e->kind = IK_FK_ERROR;
		link_error(f, e, icmp, h->plen);
		return 0;
	}
	e->kind = IK_FK_ICMP;
	return 0;
}

/* ---- IPv6 ---- */

/**
 * addr6_id() - the number of an IPv6 address, given it on first sight
 * @f:  matcher
 * @a:  the address (16 octets)
 * @id: set to its number
 *
 * Return: 0, or -1 when out of memory.
 */
static int addr6_id(struct ik_flow *f, const uint8_t *a, uint32_t *id)
{
	struct flow_key k;
	uint32_t at;

	memset(&k, 0, sizeof(k));
	memcpy(&k.a, a, 4);
	memcpy(&k.b, a + 4, 4);
	memcpy(k.oct, a + 8, 8);
	k.pad[0] = ADDR6_KEY;
	at = flow_table_get(&f->addr6, &k);
	if (at != UINT32_MAX) {
		*id = at;
		return 0;
	}
	*id = f->naddr6++;
	return flow_table_put(&f->addr6, &k, *id);
}

/**
 * struct ip6_hdr - what the matcher reads of an IPv6 packet
 * @r:    the parser's result (its chain)
 * @up:   the upper layer (after the chain), NULL when the chain does not end
 *        in the octets there
 * @ulen: octets of it present
 */
struct ip6_hdr {
	struct ik_ipv6_repr r;
	const uint8_t *up;
	size_t ulen;
};

/**
 * read_ip6() - check that @p starts with a readable IPv6 header
 * @p:   octets
 * @len: their count
 * @cut: a quote: the packet may end anywhere
 * @h:   filled on success
 *
 * A packet must have its chain whole within its Payload Length, but one
 * whose Payload Length passes the end (cut in the capture) is read as a
 * quote is: what is there is keyed.
 *
 * Return: true when it does.
 */
static bool read_ip6(const uint8_t *p, size_t len, bool cut, struct ip6_hdr *h)
{
	size_t end;

	if (len < IK_IPV6_HDR_LEN || p[0] >> 4 != 6)
		return false;
	if (!cut && IK_IPV6_HDR_LEN + (size_t)ik_get16(p + 4) > len)
		cut = true;
	if (ik_ipv6_parse(p, len, cut ? IK_IPV6_QUOTED : 0, &h->r, NULL) < 0)
		return false;
	end = cut ? len : IK_IPV6_HDR_LEN + (size_t)h->r.payload_len;
	if (end > len)
		end = len;
	h->up = h->r.l4_off <= end ? p + h->r.l4_off : NULL;
	h->ulen = h->up ? end - h->r.l4_off : 0;
	return true;
}

/**
 * quote6_key() - the key of an IPv6 packet as an error would quote it:
 * the addresses, the Flow Label, the Fragment header's offset word, the
 * upper-layer protocol and its first 8 octets
 * @f:  matcher
 * @ip: its IPv6 header
 * @h:  what read_ip6() found
 * @k:  filled
 *
 * Return: 0, or -1 when out of memory.
 */
static int quote6_key(struct ik_flow *f, const uint8_t *ip, const struct ip6_hdr *h,
		      struct flow_key *k)
{
	memset(k, 0, sizeof(*k));
	if (addr6_id(f, ip + 8, &k->a) || addr6_id(f, ip + 24, &k->b))
		return -1;
	k->ident = (uint16_t)h->r.flow;
	k->frag = (uint16_t)(h->r.frag_off | h->r.frag_more);
	k->proto = h->r.proto;
	k->pad[0] = FAMILY6;
	k->pad[1] = (uint8_t)(h->r.flow >> 16);
	k->n = (uint8_t)(h->ulen < 8 ? h->ulen : 8);
	if (h->up)
		memcpy(k->oct, h->up, k->n);
	return 0;
}

/**
 * echo6_key() - the key pairing an ICMPv6 echo with its answer
 * @f:    matcher
 * @req:  the requester's address
 * @rsp:  the responder's address
 * @icmp: the ICMPv6 header (8 octets present)
 * @k:    filled
 *
 * Return: 0, or -1 when out of memory.
 */
static int echo6_key(struct ik_flow *f, const uint8_t *req, const uint8_t *rsp,
		     const uint8_t *icmp, struct flow_key *k)
{
	memset(k, 0, sizeof(*k));
	if (addr6_id(f, req, &k->a) || addr6_id(f, rsp, &k->b))
		return -1;
	k->ident = ik_get16(icmp + 4);
	k->frag = ik_get16(icmp + 6);
	k->pad[0] = FAMILY6;
	return 0;
}

/**
 * classify6() - the kind of a readable IPv6 packet and its links
 * @f:   matcher
 * @i:   its index
 * @pkt: the packet
 * @h:   what read_ip6() found
 *
 * Return: 0, or -1 when out of memory.
 */
static int classify6(struct ik_flow *f, uint32_t i, const uint8_t *pkt, const struct ip6_hdr *h)
{
	struct ik_flow_pkt *e = &f->pkts[i];
	const uint8_t *icmp = h->up;
	struct flow_key k;
	struct ip6_hdr q;
	uint32_t at;

	if (h->r.proto != IK_IPV6_NH_ICMPV6 || h->r.frag_off || h->ulen < 8) {
		e->kind = h->r.proto == IK_IPV6_NH_ICMPV6 ? IK_FK_ICMP : IK_FK_DATA;
		return 0;
	}
	if (icmp[0] == IK_ICMP6_ECHO) {
		e->kind = IK_FK_ECHO_REQ;
		e->state = IK_FS_LOST;
		return echo6_key(f, pkt + 8, pkt + 24, icmp, &k) ? -1 : flow_table_put(&f->echo, &k, i);
	}
	if (icmp[0] == IK_ICMP6_ECHO_REPLY) {
		e->kind = IK_FK_ECHO_REP;
		if (echo6_key(f, pkt + 24, pkt + 8, icmp, &k))
			return -1;
		link_reply_at(f, i, flow_table_get(&f->echo, &k));
		return 0;
	}
	if (!ik_icmpv6_is_error(icmp[0])) {
		e->kind = IK_FK_ICMP;
		return 0;
	}
	e->kind = IK_FK_ERROR;
	if (!read_ip6(icmp + 8, h->ulen - 8, true, &q)) {
		e->state = IK_FS_UNREADABLE;
		return 0;
	}
	if (quote6_key(f, icmp + 8, &q, &k))
		return -1;
	at = flow_table_get(&f->quoted, &k);
	e->state = at == UINT32_MAX ? IK_FS_NOT_FOUND : IK_FS_LINKED;
	e->link = at;
	return 0;
}

/**
 * add6() - an IPv6 packet: keyed as a quote would be, then classified
 * @f:   matcher
 * @i:   its index
 * @pkt: the packet
 * @len: its captured octets
 *
 * Return: 0, or -1 when out of memory.
 */
static int add6(struct ik_flow *f, uint32_t i, const uint8_t *pkt, size_t len)
{
	struct ip6_hdr h;
	struct flow_key k;

	if (!read_ip6(pkt, len, false, &h))
		return 0;
	if (quote6_key(f, pkt, &h, &k) || flow_table_put(&f->quoted, &k, i))
		return -1;
	return classify6(f, i, pkt, &h);
}

long long ik_flow_add(struct ik_flow *f, const uint8_t *pkt, size_t len, int64_t t_ns)
{
	struct ik_flow_pkt *e;
	struct ip_hdr h;
	struct flow_key k;
	uint32_t i;

	if (f->n >= UINT32_MAX - 1 || grow_pkts(f))
		return -1;
	i = (uint32_t)f->n++;
	e = &f->pkts[i];
	f->t_ns[i] = t_ns;
	*e = (struct ik_flow_pkt){ .kind = IK_FK_MALFORMED, .link = IK_FLOW_NONE, .rtt = -1 };
	if (pkt && len && pkt[0] >> 4 == 6)
		return add6(f, i, pkt, len) ? -1 : (long long)i;
	if (!pkt || !read_ip(pkt, len, false, &h))
		return i;
	quote_key(pkt, &h, &k);
	if (flow_table_put(&f->quoted, &k, i))
		return -1;
	if (classify(f, i, pkt, &h))
		return -1;
	return i;
}

void ik_flow_finish(struct ik_flow *f)
{
	(void)f; /* requests start as lost and become linked when answered */
}

size_t ik_flow_count(const struct ik_flow *f)
{
	return f->n;
}

const struct ik_flow_pkt *ik_flow_get(const struct ik_flow *f, size_t i)
{
	return i < f->n ? &f->pkts[i] : NULL;
}

const char *ik_flow_kind_name(unsigned kind)
{
	static const char *const names[IK_FK_COUNT] = {
		"data", "echo-request", "echo-reply", "error", "icmp", "malformed",
	};

	return kind < IK_FK_COUNT ? names[kind] : "unknown";
}

const char *ik_flow_state_name(unsigned state)
{
	static const char *const names[] = {
		"none", "linked", "not-found", "lost", "unreadable",
	};

	return state < sizeof(names) / sizeof(names[0]) ? names[state] : "unknown";
}

void ik_flow_free(struct ik_flow *f)
{
	if (!f)
		return;
	flow_table_free(&f->quoted);
	flow_table_free(&f->echo);
	flow_table_free(&f->addr6);
	free(f->pkts);
	free(f->t_ns);
	free(f);
}
