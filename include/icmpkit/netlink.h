/* SPDX-License-Identifier: MIT */
/**
 * DOC: configuring kernel interfaces over rtnetlink (libmnl)
 * Layer: dev (include/icmpkit/README.md)
 *
 * Just what `icmpkit host` needs to give the kernel side of a TUN device a
 * life: bring a link up, set its MTU, turn off its IPv6 address generation,
 * and add an IPv4 address with a prefix. Each call sends one request and
 * waits for the kernel's acknowledgement; a refusal comes back as a negative
 * errno and a one-line message that carries the kernel's own explanation
 * (the netlink extended ACK) when it gave one.
 */
#ifndef ICMPKIT_NETLINK_H
#define ICMPKIT_NETLINK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ik_nl;

/**
 * struct ik_nl_err - why a request failed
 * @err: negative errno (0 when none)
 * @msg: "RTM_NEWADDR: File exists" plus ": <kernel text>" when the kernel
 *       explained
 */
struct ik_nl_err {
	int err;
	char msg[256];
};

/**
 * ik_nl_open() - open a NETLINK_ROUTE socket with extended ACKs
 * @e: filled on failure (may be NULL)
 *
 * Return: the socket, or NULL.
 */
struct ik_nl *ik_nl_open(struct ik_nl_err *e);

/**
 * ik_nl_close() - close; NULL is ignored
 * @nl: socket
 */
void ik_nl_close(struct ik_nl *nl);

/**
 * ik_nl_link_up() - set IFF_UP on an interface
 * @nl:      socket
 * @ifindex: kernel interface index
 * @e:       filled on failure (may be NULL)
 *
 * Return: 0, or a negative errno.
 */
int ik_nl_link_up(struct ik_nl *nl, unsigned ifindex, struct ik_nl_err *e);

/**
 * ik_nl_link_set_mtu() - set an interface's MTU
 * @nl:      socket
 * @ifindex: kernel interface index
 * @mtu:     octets
 * @e:       filled on failure (may be NULL)
 *
 * Return: 0, or a negative errno (-EINVAL out of the device's range).
 */
int ik_nl_link_set_mtu(struct ik_nl *nl, unsigned ifindex, unsigned mtu, struct ik_nl_err *e);

/**
 * ik_nl_link_no_ipv6() - stop the kernel generating IPv6 addresses on a link
 * @nl:      socket
 * @ifindex: kernel interface index
 * @e:       filled on failure (may be NULL)
 *
 * Sets addrgenmode none, so no link-local address, router solicitations
 * or MLD reports appear on an IPv4-only link. Call it before
 * ik_nl_link_up().
 *
 * Return: 0, or a negative errno (-EAFNOSUPPORT without IPv6).
 */
int ik_nl_link_no_ipv6(struct ik_nl *nl, unsigned ifindex, struct ik_nl_err *e);

/**
 * ik_nl_addr_add() - add (or replace) an IPv4 address on an interface
 * @nl:      socket
 * @ifindex: kernel interface index
 * @addr:    address, host order
 * @prefix:  prefix length 0..32; below 31 the directed broadcast is set too
 * @e:       filled on failure (may be NULL)
 *
 * The kernel adds the connected route of the prefix by itself.
 *
 * Return: 0, or a negative errno.
 */
int ik_nl_addr_add(struct ik_nl *nl, unsigned ifindex, uint32_t addr, unsigned prefix,
		   struct ik_nl_err *e);

/**
 * ik_nl_addr6_add() - add (or replace) an IPv6 address on an interface,
 * without Duplicate Address Detection (IFA_F_NODAD: the other end is a
 * stack the caller runs)
 * @nl: socket; @ifindex: interface; @addr: 16 octets; @prefix: 1..128;
 * @e: filled on failure (may be NULL)
 *
 * Return: 0, or a negative errno.
 */
int ik_nl_addr6_add(struct ik_nl *nl, unsigned ifindex, const uint8_t addr[16], unsigned prefix,
		    struct ik_nl_err *e);

struct ik_tun;

/**
 * ik_tun_addr6() - give a TUN's kernel side an IPv6 address (after
 * ik_tun_bring_up())
 * @t: the TUN; @addr: 16 octets; @prefix: its length; @err / @errlen: one
 * line on failure
 *
 * Return: 0, or a negative errno.
 */
int ik_tun_addr6(struct ik_tun *t, const uint8_t addr[16], unsigned prefix, char *err,
		 size_t errlen);

/**
 * ik_tun_bring_up() - open (or create) TUN @name and give its kernel side a
 * life: IPv6 address generation off, MTU @mtu, address @peer/@prefix, up
 * @t:      the TUN, filled (closed by the caller with ik_tun_close(), also
 *          after a failure)
 * @name:   its name
 * @mtu:    MTU of the link
 * @peer:   the kernel side's address, host order; 0 for none (the link
 *          is brought up without an address)
 * @prefix: its prefix length
 * @err:    one line on failure ("cannot open TUN ikt0: ...", "TUN ikt0:
 *          RTM_NEWADDR: ..."); @errlen: its size
 *
 * Return: 0, or a negative errno.
 */
int ik_tun_bring_up(struct ik_tun *t, const char *name, unsigned mtu, uint32_t peer,
		    unsigned prefix, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
