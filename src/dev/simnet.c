// SPDX-License-Identifier: MIT
/*
 * simnet.c - in-memory links between stacks, on a virtual clock
 *
 * Events (packets in flight) sit in a binary heap ordered by (time, seq), so
 * equal-time packets keep their sending order and every run of the same
 * scenario is identical. Memory here is per packet in flight: this is the
 * simulator, not the stack, whose own paths stay allocation-free.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/err.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/pcapio.h"
#include "icmpkit/simnet.h"
#include "icmpkit/stack6.h"

#define SIM_MAX_IFS 8

struct sim_if {
	int link;
	unsigned ifindex;
	uint32_t addr;
	uint32_t mask;
};

struct sim_node {
	struct ik_simnet *net;
	int id;
	char name[32];
	struct ik_stack *s;
	struct sim_if ifs[SIM_MAX_IFS];
	unsigned nifs;
	uint64_t deadline; /* next timer of the stack */
};

struct sim_link {
	char name[32];
	uint64_t delay;
	unsigned loss_ppm;
};

struct sim_ev {
	uint64_t t;
	uint64_t seq;
	int node;     /* receiver */
	unsigned ifindex;
	unsigned flags;
	int from;     /* sender node, -1 injected */
	int link;
	size_t len;
	uint8_t *pkt;
};

struct ik_simnet {
	uint64_t now;
	uint64_t seq;
	uint64_t rng;
	struct sim_node **nodes;
	int nnodes;
	struct sim_link *links;
	int nlinks;
	struct sim_ev *heap;
	size_t nheap, capheap;
	struct ik_pcap_writer *pcap;
	bool own_pcap;
	uint64_t pcap_offset;
	ik_simnet_tap_fn tap;
	void *tap_ctx;
	ik_simnet_filter_fn filter;
	void *filter_ctx;
};

/* splitmix64: the loss decisions */
static uint64_t sim_rand(struct ik_simnet *n)
{
	uint64_t z = (n->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int ev_less(const struct sim_ev *a, const struct sim_ev *b)
{
	return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

static int heap_push(struct ik_simnet *n, const struct sim_ev *e)
{
	size_t i;

	if (n->nheap == n->capheap) {
		size_t cap = n->capheap ? n->capheap * 2 : 64;
		struct sim_ev *h = realloc(n->heap, cap * sizeof(*h));

		if (!h)
			return -IK_ENOMEM;
		n->heap = h;
		n->capheap = cap;
	}
	i = n->nheap++;
	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!ev_less(e, &n->heap[parent]))
			break;
		n->heap[i] = n->heap[parent];
		i = parent;
	}
	n->heap[i] = *e;
	return 0;
}

static struct sim_ev heap_pop(struct ik_simnet *n)
{
	struct sim_ev top = n->heap[0], last = n->heap[--n->nheap];
	size_t i = 0;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n->nheap)
			break;
		if (c + 1 < n->nheap && ev_less(&n->heap[c + 1], &n->heap[c]))
			c++;
		if (!ev_less(&n->heap[c], &last))
			break;
		n->heap[i] = n->heap[c];
		i = c;
	}
	if (n->nheap)
		n->heap[i] = last;
	return top;
}

/**
 * pkt_view() - what the tap and the filter are shown of a packet event
 * @n: network; @ev: enum ik_simnet_ev; @link: link id; @from/@to: node ids
 * (-1: none); @pkt/@len: the datagram
 *
 * Return: the view (its pointers valid while @pkt and the network are).
 */
static struct ik_simnet_pkt pkt_view(const struct ik_simnet *n, unsigned ev, int link, int from,
				     int to, const uint8_t *pkt, size_t len)
{
	return (struct ik_simnet_pkt){
		.ev = ev,
		.now = n->now,
		.link = n->links[link].name,
		.from = from >= 0 ? n->nodes[from]->name : "-",
		.to = to >= 0 ? n->nodes[to]->name : NULL,
		.pkt = pkt,
		.len = len,
	};
}

static void tap(struct ik_simnet *n, unsigned ev, int link, int from, int to, const uint8_t *pkt,
		size_t len)
{
	struct ik_simnet_pkt p = pkt_view(n, ev, link, from, to, pkt, len);

	if (n->tap)
		n->tap(n->tap_ctx, &p);
}

/**
 * filtered() - whether the filter drops a packet just sent on @link
 * @n: network; @link: link id; @from: sender node (-1 injected);
 * @pkt/@len: the datagram
 *
 * Return: true if dropped (the tap told).
 */
static bool filtered(struct ik_simnet *n, int link, int from, const uint8_t *pkt, size_t len)
{
	struct ik_simnet_pkt p = pkt_view(n, IK_SIMNET_SENT, link, from, -1, pkt, len);

	if (!n->filter || !n->filter(n->filter_ctx, &p))
		return false;
	tap(n, IK_SIMNET_FILTERED, link, from, -1, pkt, len);
	return true;
}

static int schedule(struct ik_simnet *n, int link, int from, int to, unsigned ifindex,
		    unsigned flags, const uint8_t *pkt, size_t len)
{
	struct sim_ev e = {
		.t = n->now + n->links[link].delay,
		.seq = n->seq++,
		.node = to,
		.ifindex = ifindex,
		.flags = flags,
		.from = from,
		.link = link,
		.len = len,
	};

	e.pkt = malloc(len ? len : 1);
	if (!e.pkt)
		return -IK_ENOMEM;
	memcpy(e.pkt, pkt, len);
	if (heap_push(n, &e) < 0) {
		free(e.pkt);
		return -IK_ENOMEM;
	}
	return 0;
}

/*
 * Put one datagram on @link: decide its receivers by address, apply loss,
 * capture it once.
 */
/**
 * holds6() - does node @nd's interface @f hold IPv6 address @a?
 * @nd: node; @f: its interface; @a: address
 *
 * Return: true if so.
 */
static bool holds6(const struct sim_node *nd, const struct sim_if *f, const uint8_t a[16])
{
	uint8_t x[16];

	for (unsigned i = 0; ik_stack_iface_addr6(nd->s, f->ifindex, i, x, NULL) == 0; i++)
		if (!memcmp(x, a, 16))
			return true;
	return false;
}

static int link_send(struct ik_simnet *n, int link, int from, uint32_t next_hop,
		     const uint8_t *next_hop6, const uint8_t *pkt, size_t len, unsigned flags)
{
	int sent = 0;

	if (n->pcap)
		ik_pcap_writer_put(n->pcap, pkt, len, n->now + n->pcap_offset);
	tap(n, IK_SIMNET_SENT, link, from, -1, pkt, len);
	if (filtered(n, link, from, pkt, len))
		return 0;
	if (n->links[link].loss_ppm && sim_rand(n) % 1000000u < n->links[link].loss_ppm) {
		tap(n, IK_SIMNET_LOST, link, from, -1, pkt, len);
		return 0;
	}
	for (int i = 0; i < n->nnodes; i++) {
		struct sim_node *nd = n->nodes[i];

		if (i == from)
			continue;
		for (unsigned k = 0; k < nd->nifs; k++) {
			const struct sim_if *f = &nd->ifs[k];
			unsigned fl = flags;

			if (f->link != link)
				continue;
			if (next_hop6) { /* IPv6: the holder of the address, or a group's every node */
				if (next_hop6[0] == 0xff)
					fl |= IK_RX_LINK_MCAST;
				else if (!holds6(nd, f, next_hop6))
					continue;
			} else if (next_hop == 0xffffffffu ||
			    (f->mask != 0xffffffffu && next_hop == (f->addr | ~f->mask)))
				fl |= IK_RX_LINK_BCAST;
			else if ((next_hop >> 28) == 0xe)
				fl |= IK_RX_LINK_MCAST;
			else if (next_hop != f->addr)
				continue;
			if (schedule(n, link, from, i, f->ifindex, fl, pkt, len) == 0)
				sent++;
		}
	}
	if (!sent)
		tap(n, IK_SIMNET_NO_HOST, link, from, -1, pkt, len);
	return 0;
}

static int node_xmit(void *ctx, unsigned ifindex, uint32_t next_hop, const uint8_t *pkt,
		     size_t len, uint64_t now)
{
	struct sim_node *nd = ctx;

	(void)now;
	for (unsigned k = 0; k < nd->nifs; k++)
		if (nd->ifs[k].ifindex == ifindex)
			return link_send(nd->net, nd->ifs[k].link, nd->id, next_hop, NULL, pkt, len,
					 0);
	return -IK_EINVAL;
}

/*
 * The node's IPv6 device: to the node on the link holding @next_hop (a
 * link has no link layer, so no Neighbor Discovery is needed), or to every
 * other node for a multicast group.
 */
static int node_xmit6(void *ctx, unsigned ifindex, const uint8_t next_hop[16],
		      const uint8_t *pkt, size_t len, uint64_t now)
{
	struct sim_node *nd = ctx;

	(void)now;
	for (unsigned k = 0; k < nd->nifs; k++)
		if (nd->ifs[k].ifindex == ifindex)
			return link_send(nd->net, nd->ifs[k].link, nd->id, 0, next_hop, pkt, len, 0);
	return -IK_EINVAL;
}

static const struct ik_dev_ops node_ops = { .xmit = node_xmit, .xmit6 = node_xmit6 };

struct ik_simnet *ik_simnet_new(uint64_t seed)
{
	struct ik_simnet *n = calloc(1, sizeof(*n));

	if (n)
		n->rng = seed;
	return n;
}

void ik_simnet_free(struct ik_simnet *n)
{
	if (!n)
		return;
	while (n->nheap)
		free(heap_pop(n).pkt);
	free(n->heap);
	for (int i = 0; i < n->nnodes; i++) {
		ik_stack_free(n->nodes[i]->s);
		free(n->nodes[i]);
	}
	free(n->nodes);
	free(n->links);
	if (n->own_pcap)
		ik_pcap_writer_close(n->pcap);
	free(n);
}

int ik_simnet_add_link(struct ik_simnet *n, const char *name, uint64_t delay_ns, unsigned loss_ppm)
{
	struct sim_link *l = realloc(n->links, (size_t)(n->nlinks + 1) * sizeof(*l));

	if (!l)
		return -IK_ENOMEM;
	n->links = l;
	l = &n->links[n->nlinks];
	memset(l, 0, sizeof(*l));
	strncpy(l->name, name, sizeof(l->name) - 1);
	l->delay = delay_ns;
	l->loss_ppm = loss_ppm;
	return n->nlinks++;
}

int ik_simnet_add_node(struct ik_simnet *n, const char *name, const struct ik_stack_config *cfg)
{
	struct ik_stack_config c = { 0 };
	struct sim_node **v, *nd;

	if (cfg)
		c = *cfg;
	v = realloc(n->nodes, (size_t)(n->nnodes + 1) * sizeof(*v));
	if (!v)
		return -IK_ENOMEM;
	n->nodes = v;
	nd = calloc(1, sizeof(*nd));
	if (!nd)
		return -IK_ENOMEM;
	nd->net = n;
	nd->id = n->nnodes;
	nd->deadline = UINT64_MAX;
	strncpy(nd->name, name, sizeof(nd->name) - 1);
	c.seed = n->rng + (uint64_t)nd->id + 1;
	nd->s = ik_stack_new(&c, &node_ops, nd);
	if (!nd->s) {
		free(nd);
		return -IK_ENOMEM;
	}
	n->nodes[n->nnodes] = nd;
	return n->nnodes++;
}

struct ik_stack *ik_simnet_stack(struct ik_simnet *n, int node)
{
	if (node < 0 || node >= n->nnodes)
		return NULL;
	return n->nodes[node]->s;
}

int ik_simnet_attach(struct ik_simnet *n, int node, int link, uint32_t addr, unsigned prefix,
		     unsigned mtu)
{
	struct sim_node *nd;
	int ifx;

	if (node < 0 || node >= n->nnodes || link < 0 || link >= n->nlinks || prefix > 32)
		return -IK_EINVAL;
	nd = n->nodes[node];
	if (nd->nifs == SIM_MAX_IFS)
		return -IK_ENOMEM;
	ifx = ik_stack_add_iface(nd->s, n->links[link].name, addr, prefix, mtu);
	if (ifx < 0)
		return ifx;
	nd->ifs[nd->nifs++] = (struct sim_if){
		.link = link,
		.ifindex = (unsigned)ifx,
		.addr = addr,
		.mask = ik_ipv4_prefix_mask(prefix),
	};
	return ifx;
}

int ik_simnet_inject(struct ik_simnet *n, int link, const uint8_t *pkt, size_t len, unsigned flags)
{
	uint32_t dst;

	if (link < 0 || link >= n->nlinks || len < IK_IPV4_HDR_MIN)
		return -IK_EINVAL;
	if (pkt[0] >> 4 == 6) /* IPv6: to its destination */
		return len < 40 ? -IK_EINVAL : link_send(n, link, -1, 0, pkt + 24, pkt, len, flags);
	dst = ik_get32(pkt + 16);
	return link_send(n, link, -1, dst, NULL, pkt, len, flags);
}

uint64_t ik_simnet_now(const struct ik_simnet *n)
{
	return n->now;
}

/* The earliest stack timer, and which node holds it. */
static int next_timer(const struct ik_simnet *n, uint64_t *t)
{
	int who = -1;

	*t = UINT64_MAX;
	for (int i = 0; i < n->nnodes; i++)
		if (n->nodes[i]->deadline < *t) {
			*t = n->nodes[i]->deadline;
			who = i;
		}
	return who;
}

size_t ik_simnet_run(struct ik_simnet *n, uint64_t until)
{
	size_t delivered = 0;

	for (;;) {
		uint64_t tt;
		int who = next_timer(n, &tt);
		uint64_t te = n->nheap ? n->heap[0].t : UINT64_MAX;

		if (te <= tt && te <= until && n->nheap) {
			struct sim_ev e = heap_pop(n);
			struct sim_node *nd = n->nodes[e.node];

			if (e.t > n->now)
				n->now = e.t;
			tap(n, IK_SIMNET_DELIVERED, e.link, e.from, e.node, e.pkt, e.len);
			ik_stack_input(nd->s, e.ifindex, e.pkt, e.len, e.flags, n->now);
			nd->deadline = ik_stack_poll(nd->s, n->now);
			free(e.pkt);
			delivered++;
		} else if (who >= 0 && tt <= until) {
			if (tt > n->now)
				n->now = tt;
			n->nodes[who]->deadline = ik_stack_poll(n->nodes[who]->s, n->now);
			if (n->nodes[who]->deadline <= n->now)
				n->nodes[who]->deadline = n->now + 1;
		} else {
			break;
		}
	}
	if (until > n->now)
		n->now = until;
	return delivered;
}

size_t ik_simnet_settle(struct ik_simnet *n, uint64_t max_ns)
{
	uint64_t end = n->now + max_ns;
	size_t delivered = 0;

	while (n->nheap && n->heap[0].t <= end)
		delivered += ik_simnet_run(n, n->heap[0].t);
	return delivered;
}

int ik_simnet_pcap(struct ik_simnet *n, const char *path, char *errbuf)
{
	if (n->own_pcap)
		ik_pcap_writer_close(n->pcap);
	n->pcap = ik_pcap_writer_open(path, errbuf);
	n->own_pcap = n->pcap != NULL;
	n->pcap_offset = 0;
	return n->pcap ? 0 : -IK_EINVAL;
}

void ik_simnet_capture(struct ik_simnet *n, struct ik_pcap_writer *w, uint64_t ts_offset)
{
	if (n->own_pcap)
		ik_pcap_writer_close(n->pcap);
	n->pcap = w;
	n->own_pcap = false;
	n->pcap_offset = ts_offset;
}

void ik_simnet_set_tap(struct ik_simnet *n, ik_simnet_tap_fn fn, void *ctx)
{
	n->tap = fn;
	n->tap_ctx = ctx;
}

void ik_simnet_set_filter(struct ik_simnet *n, ik_simnet_filter_fn fn, void *ctx)
{
	n->filter = fn;
	n->filter_ctx = ctx;
}
