// SPDX-License-Identifier: MIT
/*
 * bench_lwip.c - lwIP as the peer of bench_stack, driven like a driver does
 *
 * Debian's liblwip is built for the GNU Hurd's TCP/IP translator: NO_SYS=0
 * with core locking, MEM_LIBC_MALLOC and MEMP_MEM_MALLOC (every pbuf and
 * pcb comes from the C library's malloc, not from static pools), IP_FORWARD,
 * IPv6, checksums checked on input. Without tcpip_init() no thread runs and
 * the core-locking assertion is inert, so lwip_init() plus direct calls of
 * ip4_input() is the NO_SYS way of driving it, as the benchmark wants: the
 * stack's own cost, no mailbox.
 */
#include <arpa/inet.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/ipv4.h"
#include "lwip/icmp.h"
#include "lwip/init.h"
#include "lwip/ip4.h"
#include "lwip/ip6.h"
#include "lwip/ip6_addr.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/udp.h"

#include "bench_lwip.h"

#define BL_MAX_PCBS 4096
#define BL_MORE_IFS 2 /* interfaces bl_add_iface() can add */

static struct netif bl_if;
static struct netif bl_more[BL_MORE_IFS];
static unsigned bl_nmore;
static unsigned bl_last_if;
static uint32_t bl_last_hop;
static uint64_t bl_out, bl_rx, bl_drop;
static bool bl_cap;
static uint8_t bl_last[2048];
static size_t bl_last_len;
static uint8_t bl_rxbuf[2048];
static struct udp_pcb *bl_pcbs[BL_MAX_PCBS];
static unsigned bl_npcbs;
static bool bl_ready;

/**
 * bl_output() - the netif's IPv4 output: count (and copy when capturing)
 * @n: netif; @p: the datagram; @dst: next hop
 *
 * Return: ERR_OK.
 */
static err_t bl_output(struct netif *n, struct pbuf *p, const ip4_addr_t *dst)
{
	bl_out++;
	if (bl_cap) {
		bl_last_len = pbuf_copy_partial(p, bl_last, sizeof(bl_last), 0);
		bl_last_if = netif_get_index(n);
		bl_last_hop = ntohl(ip4_addr_get_u32(dst));
	}
	return ERR_OK;
}

#if LWIP_IPV6
/**
 * bl_output6() - the netif's IPv6 output: counted (and copied when
 * capturing) as bl_output() does for IPv4; the next hop is not kept (the
 * IPv6 cases check the datagram, whose destination is on-link)
 * @n: netif; @p: datagram; @dst: next hop
 *
 * Return: ERR_OK.
 */
static err_t bl_output6(struct netif *n, struct pbuf *p, const ip6_addr_t *dst)
{
	(void)dst;
	bl_out++;
	if (bl_cap) {
		bl_last_len = pbuf_copy_partial(p, bl_last, sizeof(bl_last), 0);
		bl_last_if = netif_get_index(n);
		bl_last_hop = 0;
	}
	return ERR_OK;
}
#endif

/**
 * bl_linkoutput() - link output (unused: no ARP, output is the IP callback)
 * @n: netif; @p: frame
 *
 * Return: ERR_OK.
 */
static err_t bl_linkoutput(struct netif *n, struct pbuf *p)
{
	(void)n;
	(void)p;
	return ERR_OK;
}

/**
 * bl_netif_init() - netif init callback: callbacks, MTU, flags
 * @n: netif
 *
 * Return: ERR_OK.
 */
static err_t bl_netif_init(struct netif *n)
{
	n->name[0] = 'b';
	n->name[1] = 'n';
	n->output = bl_output;
#if LWIP_IPV6
	n->output_ip6 = bl_output6;
#endif
	n->linkoutput = bl_linkoutput;
	n->mtu = 1500;
#if LWIP_IPV6 && LWIP_ND6_ALLOW_RA_UPDATES
	n->mtu6 = 1500; /* what a Router Advertisement would set: no fragments */
#endif
	n->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_LINK_UP;
	return ERR_OK;
}

/**
 * bl_recv() - UDP receive callback: copy the payload out, free the pbuf
 * @arg: unused; @pcb: the pcb; @p: the payload; @addr/@port: source
 */
static void bl_recv(void *arg, struct udp_pcb *pcb, struct pbuf *p, const ip_addr_t *addr,
		    u16_t port)
{
	(void)arg;
	(void)pcb;
	(void)addr;
	(void)port;
	bl_rx++;
	pbuf_copy_partial(p, bl_rxbuf, sizeof(bl_rxbuf), 0);
	pbuf_free(p);
}

/**
 * bl_setup() - initialise lwIP with one interface
 * @addr:   interface address, host order
 * @prefix: prefix length
 * @why:    reason on failure
 * @cap:    size of @why
 *
 * Return: 0, or -1.
 */
int bl_setup(uint32_t addr, unsigned prefix, char *why, size_t cap)
{
	ip4_addr_t a, m, g;

	if (bl_ready)
		return 0;
	lwip_init();
	a.addr = htonl(addr);
	m.addr = htonl(ik_ipv4_prefix_mask(prefix));
	g.addr = 0;
	if (!netif_add(&bl_if, &a, &m, &g, NULL, bl_netif_init, ip4_input)) {
		snprintf(why, cap, "netif_add() failed");
		return -1;
	}
	netif_set_default(&bl_if);
	netif_set_up(&bl_if);
	netif_set_link_up(&bl_if);
	bl_ready = true;
	return 0;
}

/**
 * bl_setup6() - an IPv6 address on bl_setup()'s interface, made PREFERRED
 * at once (no Duplicate Address Detection: no timer runs)
 * @addr: the address, 16 octets in network order
 * @why:  reason on failure
 * @cap:  size of @why
 *
 * Return: 0, or -1.
 */
int bl_setup6(const uint8_t addr[16], char *why, size_t cap)
{
#if LWIP_IPV6
	ip6_addr_t a;
	s8_t idx = -1;

	if (!bl_ready) {
		snprintf(why, cap, "lwIP not set up");
		return -1;
	}
	memset(&a, 0, sizeof(a));
	memcpy(a.addr, addr, 16);
	ip6_addr_clear_zone(&a);
	if (netif_add_ip6_address(&bl_if, &a, &idx) != ERR_OK || idx < 0) {
		snprintf(why, cap, "netif_add_ip6_address() failed");
		return -1;
	}
	netif_ip6_addr_set_state(&bl_if, idx, IP6_ADDR_PREFERRED);
	return 0;
#else
	(void)addr;
	snprintf(why, cap, "this lwIP was built without LWIP_IPV6");
	return -1;
#endif
}

/**
 * bl_add_iface() - a further interface, its output counted as the first's
 * @addr:   address, host order
 * @prefix: prefix length
 *
 * Return: its netif_get_index(), or -1.
 */
int bl_add_iface(uint32_t addr, unsigned prefix)
{
	struct netif *n;
	ip4_addr_t a, m, g;

	if (!bl_ready || bl_nmore >= BL_MORE_IFS)
		return -1;
	n = &bl_more[bl_nmore];
	a.addr = htonl(addr);
	m.addr = htonl(ik_ipv4_prefix_mask(prefix));
	g.addr = 0;
	if (!netif_add(n, &a, &m, &g, NULL, bl_netif_init, ip4_input))
		return -1;
	netif_set_up(n);
	netif_set_link_up(n);
	bl_nmore++;
	return netif_get_index(n);
}

/**
 * bl_udp_open() - a UDP pcb bound to @port, any address
 * @port: port
 *
 * Return: 0, or -1.
 */
int bl_udp_open(uint16_t port)
{
	struct udp_pcb *pcb;

	if (bl_npcbs >= BL_MAX_PCBS)
		return -1;
	pcb = udp_new();
	if (!pcb)
		return -1;
	if (udp_bind(pcb, IP4_ADDR_ANY, port) != ERR_OK) {
		udp_remove(pcb);
		return -1;
	}
	udp_recv(pcb, bl_recv, NULL);
	bl_pcbs[bl_npcbs++] = pcb;
	return 0;
}

/**
 * bl_udp_close_all() - remove every pcb bl_udp_open() made
 */
void bl_udp_close_all(void)
{
	while (bl_npcbs)
		udp_remove(bl_pcbs[--bl_npcbs]);
}

/**
 * feed_one() - what a driver's receive path does with one datagram
 * @pkt: datagram; @len: octets; @type: PBUF_POOL or PBUF_RAM
 *
 * PBUF_LINK leaves room for the link header in front, as a driver's frame
 * buffer has after ethernet_input() stripped it; ICMP needs that room to
 * answer in place.
 *
 * Return: 1 if no pbuf could be had, else 0.
 */
static inline uint64_t feed_one(const uint8_t *pkt, size_t len, pbuf_type type)
{
	struct pbuf *p = pbuf_alloc(PBUF_LINK, (u16_t)len, type);

	if (!p)
		return 1;
	pbuf_take(p, pkt, (u16_t)len);
	ip4_input(p, &bl_if);
	return 0;
}

#if LWIP_IPV6
/**
 * feed_one6() - feed_one() for an IPv6 datagram: ip6_input(), as
 * ethernet_input() hands it an EtherType 0x86dd frame's payload
 * @pkt: datagram; @len: octets; @type: PBUF_POOL or PBUF_RAM
 *
 * Return: 1 if no pbuf could be had, else 0.
 */
static inline uint64_t feed_one6(const uint8_t *pkt, size_t len, pbuf_type type)
{
	struct pbuf *p = pbuf_alloc(PBUF_LINK, (u16_t)len, type);

	if (!p)
		return 1;
	pbuf_take(p, pkt, (u16_t)len);
	ip6_input(p, &bl_if);
	return 0;
}
#endif

/**
 * bl_feed() - hand @iters copies of one datagram to ip4_input(), or to
 * ip6_input() when it is IPv6 (its version nibble 6)
 * @pkt:   datagram
 * @len:   octets
 * @iters: times
 * @mode:  enum bl_pbuf
 *
 * Return: failed pbuf allocations.
 */
uint64_t bl_feed(const uint8_t *pkt, size_t len, uint64_t iters, enum bl_pbuf mode)
{
	pbuf_type type = mode == BL_PBUF_POOL ? PBUF_POOL : PBUF_RAM;
	uint64_t fail = 0;

#if LWIP_IPV6
	if (len && pkt[0] >> 4 == 6) {
		for (uint64_t i = 0; i < iters; i++)
			fail += feed_one6(pkt, len, type);
		bl_drop += fail;
		return fail;
	}
#endif
	for (uint64_t i = 0; i < iters; i++)
		fail += feed_one(pkt, len, type);
	bl_drop += fail;
	return fail;
}

/**
 * bl_feed_many() - hand datagrams of an array to ip4_input() in turn
 * @slots:  datagrams, @stride octets apart
 * @len:    their length
 * @stride: distance between datagrams
 * @order:  indices, used in a cycle
 * @n:      length of @order
 * @iters:  datagrams to feed
 *
 * The datagram 8 ahead is prefetched, as bench_stack does for icmpkit.
 *
 * Return: failed pbuf allocations.
 */
uint64_t bl_feed_many(const uint8_t *slots, size_t len, size_t stride, const uint32_t *order,
		      size_t n, uint64_t iters)
{
	uint64_t fail = 0;
	size_t j = 0;

	for (uint64_t i = 0; i < iters; i++) {
		__builtin_prefetch(slots + (size_t)order[(j + 8) % n] * stride);
		fail += feed_one(slots + (size_t)order[j] * stride, len, PBUF_POOL);
		if (++j == n)
			j = 0;
	}
	bl_drop += fail;
	return fail;
}

/**
 * bl_pool_fits() - does a PBUF_POOL chain for @len octets fit its memory
 * @len: datagram length
 *
 * With MEMP_MEM_MALLOC each pool pbuf is one malloc() block, the struct
 * pbuf at its start and the payload after it.
 *
 * Return: true when each pbuf's payload ends inside its block.
 */
bool bl_pool_fits(size_t len)
{
	struct pbuf *p = pbuf_alloc(PBUF_LINK, (u16_t)len, PBUF_POOL);
	bool fits = p != NULL;

	for (struct pbuf *q = p; q; q = q->next) {
		size_t off = (size_t)((const uint8_t *)q->payload - (const uint8_t *)q);

		if (off + q->len > malloc_usable_size(q))
			fits = false;
	}
	if (p)
		pbuf_free(p);
	return fits;
}

/**
 * bl_out_count() - datagrams sent so far
 *
 * Return: count.
 */
uint64_t bl_out_count(void)
{
	return bl_out;
}

/**
 * bl_rx_count() - datagrams the UDP callbacks got so far
 *
 * Return: count.
 */
uint64_t bl_rx_count(void)
{
	return bl_rx;
}

/**
 * bl_capture() - keep a copy of every datagram sent from now on
 * @on: keep copies
 */
void bl_capture(bool on)
{
	bl_cap = on;
	if (on) {
		bl_last_len = 0;
		bl_last_if = 0;
		bl_last_hop = 0;
	}
}

/**
 * bl_last_route() - interface and next hop of the last datagram captured
 * @ifindex: netif_get_index() of its netif (0: none)
 * @next_hop: the address given to the output callback, host order
 */
void bl_last_route(unsigned *ifindex, uint32_t *next_hop)
{
	*ifindex = bl_last_if;
	*next_hop = bl_last_hop;
}

/**
 * bl_last_out() - the last datagram sent while capturing
 * @len: its length
 *
 * Return: its octets.
 */
const uint8_t *bl_last_out(size_t *len)
{
	*len = bl_last_len;
	return bl_last;
}

/**
 * bl_describe() - version and build options
 *
 * Return: static string.
 */
const char *bl_describe(void)
{
	static char buf[256];

	snprintf(buf, sizeof(buf),
		 "lwIP %s (Debian liblwip, NO_SYS=%d, MEM_LIBC_MALLOC=%d, MEMP_MEM_MALLOC=%d, "
		 "IP_FORWARD=%d, LWIP_IPV6=%d); lwip_init(), no tcpip thread",
		 LWIP_VERSION_STRING, NO_SYS, MEM_LIBC_MALLOC, MEMP_MEM_MALLOC, IP_FORWARD,
		 LWIP_IPV6);
	return buf;
}
