/* SPDX-License-Identifier: MIT */
/**
 * DOC: the named peer of bench_stack: lwIP, as Debian builds it
 *
 * bench_lwip.c drives lwIP (liblwip-dev) the way an embedded driver does,
 * without its tcpip thread: lwip_init(), one netif whose output callback
 * only counts, and each datagram handed to ip4_input() in a pbuf freshly
 * allocated and filled, as a driver's receive path does. lwIP is global
 * state, so there is one peer per process. Built only when meson finds
 * lwIP; otherwise bench_lwip_none.c implements this interface and
 * bl_setup() fails with the reason.
 */
#ifndef ICMPKIT_BENCH_LWIP_H
#define ICMPKIT_BENCH_LWIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** enum bl_pbuf - how the receive path gets its pbuf */
enum bl_pbuf {
	BL_PBUF_POOL, /* pbuf_alloc(PBUF_LINK, len, PBUF_POOL): what drivers use */
	BL_PBUF_RAM,  /* pbuf_alloc(PBUF_LINK, len, PBUF_RAM): exactly sized */
};

/**
 * bl_setup() - initialise lwIP with one interface
 * @addr:   interface address, host order
 * @prefix: prefix length
 * @why:    set to a one-line reason on failure
 * @cap:    size of @why
 *
 * Return: 0, or -1 with @why set.
 */
int bl_setup(uint32_t addr, unsigned prefix, char *why, size_t cap);

/**
 * bl_setup6() - give bl_setup()'s interface an IPv6 address as well
 * (made PREFERRED at once: no Duplicate Address Detection runs), so that
 * IPv6 datagrams fed by bl_feed() reach ip6_input() and what lwIP answers
 * leaves through the netif's output_ip6 callback, counted (and copied
 * when capturing) as IPv4 output is
 * @addr: the address, 16 octets in network order (lwIP 2.1 takes the
 *        on-link prefix to be its /64)
 * @why:  set to a one-line reason on failure
 * @cap:  size of @why
 *
 * Return: 0, or -1 with @why set (no IPv6 in this lwIP, or not set up).
 */
int bl_setup6(const uint8_t addr[16], char *why, size_t cap);

/**
 * bl_add_iface() - a further interface, after bl_setup()'s first one, whose
 * output callback counts (and copies) as the first one's does; for the
 * forwarding cases (ip4_input() of a datagram for a host on this
 * interface's network, arriving on the first, reaches lwIP's ip4_forward()
 * when lwIP was built with IP_FORWARD)
 * @addr:   address, host order
 * @prefix: prefix length
 *
 * Return: its index as lwIP numbers netifs (netif_get_index(): the first
 * interface is 1, so this one is 2), or -1 (none left, or lwIP not set up).
 */
int bl_add_iface(uint32_t addr, unsigned prefix);

/**
 * bl_udp_open() - a UDP pcb bound to @port on the wildcard address, whose
 * receive callback copies the payload out and frees the pbuf (a recvfrom)
 * @port: port
 *
 * Return: 0, or -1.
 */
int bl_udp_open(uint16_t port);

/**
 * bl_udp_close_all() - remove every pcb bl_udp_open() made
 */
void bl_udp_close_all(void);

/**
 * bl_feed() - hand @iters copies of one datagram to ip4_input(), or to
 * ip6_input() for an IPv6 one
 * @pkt:   the datagram (IPv4 or IPv6 header first: its version decides)
 * @len:   octets
 * @iters: how many times
 * @mode:  enum bl_pbuf
 *
 * Each time: pbuf_alloc, copy the datagram in, ip4_input (which frees it).
 *
 * Return: pbuf allocations that failed (0 expected).
 */
uint64_t bl_feed(const uint8_t *pkt, size_t len, uint64_t iters, enum bl_pbuf mode);

/**
 * bl_feed_many() - hand datagrams of an array to ip4_input() in turn
 * @slots:  datagrams of @len octets, one every @stride octets
 * @len:    their length
 * @stride: distance between two datagrams in @slots
 * @order:  indices into @slots, @n of them, used in a cycle
 * @n:      length of @order
 * @iters:  datagrams to feed
 *
 * Each in a PBUF_POOL pbuf, as bl_feed() does.
 *
 * Return: pbuf allocations that failed (0 expected).
 */
uint64_t bl_feed_many(const uint8_t *slots, size_t len, size_t stride, const uint32_t *order,
		      size_t n, uint64_t iters);

/**
 * bl_pool_fits() - whether a PBUF_POOL pbuf chain for a datagram of @len
 * octets really holds it
 * @len: datagram length
 *
 * Debian's liblwip allocates its pool pbufs for a smaller TCP_MSS than the
 * one its pbuf_alloc() and its headers use, so a PBUF_POOL pbuf is told to
 * hold more than malloc gave it, and filling a large datagram into it
 * overruns the heap. This allocates the chain, compares each pbuf's length
 * with the memory malloc_usable_size() says it has, and frees it, writing
 * no data.
 *
 * Return: true when every pbuf of the chain fits in its allocation.
 */
bool bl_pool_fits(size_t len);

/**
 * bl_out_count() - datagrams lwIP sent through the netif so far
 *
 * Return: count.
 */
uint64_t bl_out_count(void);

/**
 * bl_rx_count() - datagrams the UDP receive callbacks got so far
 *
 * Return: count.
 */
uint64_t bl_rx_count(void);

/**
 * bl_capture() - keep a copy of every datagram sent from now on (off: only
 * count), for checking what lwIP answers outside the timed loops
 * @on: keep copies
 */
void bl_capture(bool on);

/**
 * bl_last_out() - the last datagram sent while capturing
 * @len: its length (0 when none)
 *
 * Return: its octets.
 */
const uint8_t *bl_last_out(size_t *len);

/**
 * bl_last_route() - where the last datagram sent while capturing went
 * @ifindex:  its interface (netif_get_index(), 0 when none was sent)
 * @next_hop: the address lwIP handed the netif's output callback, host
 *            order (the destination itself when on-link)
 */
void bl_last_route(unsigned *ifindex, uint32_t *next_hop);

/**
 * bl_describe() - version and the build options that matter here
 *
 * Return: static string.
 */
const char *bl_describe(void);

#endif
