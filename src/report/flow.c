// SPDX-License-Identifier: MIT
/* flow.c - link ICMP errors to the packets they quote, replies to requests */
#include <stdlib.h>
#include <string.h>

#include "icmpkit/flow.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "flow_impl.h"

#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO_REQUEST 8

/**
 * struct ik_flow - the matcher
 * @pkts:   what was found, one per packet added
 * @n:      packets added
 * @cap:    room in @pkts
 * @t_ns:   each packet's time (for round trips)
 * @quoted: key of every readable datagram -> latest packet with it
 * @echo:   key of every Echo Request -> latest request with it
 */
struct ik_flow {
	struct ik_flow_pkt *pkts;
	size_t n, cap;
	int64_t *t_ns;
	struct flow_table quoted, echo;
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
	if (flow_table_init(&f->quoted, hint) || flow_table_init(&f->echo, hint / 4)) {
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
 * link_reply() - find the request an Echo Reply answers
 * @f:   matcher
 * @i:   the reply's index
 * @ip:  its IPv4 header
 * @icmp: its ICMP header (8 octets present)
 */
static void link_reply(struct ik_flow *f, uint32_t i, const uint8_t *ip, const uint8_t *icmp)
{
	struct ik_flow_pkt *r = &f->pkts[i], *q;
	struct flow_key k;
	uint32_t at;

	echo_key(ik_get32(ip + 16), ik_get32(ip + 12), icmp, &k);
	at = flow_table_get(&f->echo, &k);
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
	free(f->pkts);
	free(f->t_ns);
	free(f);
}
