// SPDX-License-Identifier: MIT
/* iface.c - interfaces and the addresses that make a datagram ours */
#include <stdio.h>
#include <string.h>

#include "stack/core.h"

/**
 * ik_stack_add_iface() - add an interface with one address
 * @s:      stack
 * @name:   name for traces, copied (truncated to 15 octets); NULL: "ifN"
 * @addr:   address, host order; 0 for an unnumbered interface (prefix 0,
 *          no connected route: routes name it with `dev`)
 * @prefix: prefix length 0..32; a connected route for the prefix is added
 * @mtu:    MTU 68..65535
 *
 * The directed broadcast is addr | ~mask, except on /31 (RFC 3021) and /32
 * links, which have none.
 *
 * Return: ifindex (>= 1), or -IK_EINVAL / -IK_ENOMEM.
 */
int ik_stack_add_iface(struct ik_stack *s, const char *name, uint32_t addr, unsigned prefix,
		       unsigned mtu)
{
	struct ik_iface *ifc;
	unsigned ifindex;
	char ab[16];
	int rc;

	if (!s || prefix > 32 || (!addr && prefix) || mtu < 68 || mtu > IK_IPV4_MAX_LEN)
		return -IK_EINVAL;
	if (s->nifaces >= s->cfg.max_ifaces)
		return -IK_ENOMEM;
	ifindex = s->nifaces + 1;
	ifc = &s->ifaces[s->nifaces];
	memset(ifc, 0, sizeof(*ifc));
	if (name)
		snprintf(ifc->name, sizeof(ifc->name), "%s", name);
	else
		snprintf(ifc->name, sizeof(ifc->name), "if%u", ifindex);
	ifc->addr = addr;
	ifc->prefix = prefix;
	ifc->mask = ik_ipv4_prefix_mask(prefix);
	ifc->bcast = addr && prefix <= 30 ? (addr | ~ifc->mask) : 0;
	ifc->mtu = mtu;
	s->nifaces++;
	rc = addr ? ik_stack_add_route(s, addr & ifc->mask, prefix, 0, ifindex) : 0;
	if (rc < 0) {
		s->nifaces--;
		return rc;
	}
	IK_TRACE(s, IK_L_IP, IK_EV_DECIDE, "ip.iface_add", ifindex, NULL, 0, -1,
		 "%s: %s/%u mtu %u", ifc->name, ik_ipv4_addr_str(addr, ab), prefix, mtu);
	return (int)ifindex;
}

/**
 * ik_iface_get() - interface by index
 * @s:       stack
 * @ifindex: 1-based index
 *
 * Return: the interface, or NULL.
 */
const struct ik_iface *ik_iface_get(const struct ik_stack *s, unsigned ifindex)
{
	if (!ifindex || ifindex > s->nifaces)
		return NULL;
	return &s->ifaces[ifindex - 1];
}

/**
 * ik_stack_iface_addr() - address of an interface
 * @s:       stack
 * @ifindex: interface
 *
 * Return: address, host order, or 0 if there is no such interface.
 */
uint32_t ik_stack_iface_addr(const struct ik_stack *s, unsigned ifindex)
{
	const struct ik_iface *ifc = ik_iface_get(s, ifindex);

	return ifc ? ifc->addr : 0;
}

/**
 * ik_addr_is_local() - whether @a is one of our unicast addresses
 * @s: stack
 * @a: address, host order
 *
 * The weak host model, as Linux: an address of any interface is ours
 * whichever interface the datagram came in on. A host has a handful of
 * interfaces (8 by default), so a scan of the packed array is the fastest
 * lookup there is.
 *
 * Return: its ifindex, or 0.
 */
unsigned ik_addr_is_local(const struct ik_stack *s, uint32_t a)
{
	for (unsigned i = 0; i < s->nifaces; i++)
		if (s->ifaces[i].addr == a && a)
			return i + 1;
	return 0;
}

/**
 * ik_addr_is_bcast() - limited broadcast or a directed broadcast of ours
 * @s: stack
 * @a: address, host order
 *
 * Return: true for 255.255.255.255 or any interface's directed broadcast.
 */
bool ik_addr_is_bcast(const struct ik_stack *s, uint32_t a)
{
	if (a == 0xffffffffu)
		return true;
	for (unsigned i = 0; i < s->nifaces; i++)
		if (s->ifaces[i].bcast && s->ifaces[i].bcast == a)
			return true;
	return false;
}

/**
 * ik_martian_src() - RFC 1122 §3.2.1.3: is @src a source no host may use?
 * @s:       stack
 * @src:     source address
 * @dst:     destination address
 * @ifindex: arrival interface
 *
 * 0/8 (0.0.0.0 allowed towards the limited broadcast, as a host
 * bootstrapping does; Linux's ip_route_input_slow() drops any other
 * zeronet source), loopback from outside, multicast, the limited broadcast, one of
 * our own directed broadcasts, or one of our own addresses. A datagram from
 * such a source is dropped before any handler sees it, as Linux drops its
 * "martian" sources: answering it would send to a group, or to ourselves.
 *
 * Return: why it is invalid, or NULL when @src may be a host.
 */
const char *ik_martian_src(const struct ik_stack *s, uint32_t src, uint32_t dst, unsigned ifindex)
{
	if (src == 0)
		return dst == 0xffffffffu ? NULL : "unspecified (0.0.0.0)";
	if ((src >> 24) == 0)
		return "this network (0/8)";
	if ((src >> 24) == 127 && (s->ifaces[ifindex - 1].addr >> 24) != 127)
		return "loopback, from outside";
	if ((src >> 28) == 0xe)
		return "multicast";
	if (src == 0xffffffffu)
		return "the limited broadcast";
	for (unsigned i = 0; i < s->nifaces; i++) {
		if (src == s->ifaces[i].addr)
			return "one of our own addresses";
		if (s->ifaces[i].bcast && src == s->ifaces[i].bcast)
			return "one of our directed broadcasts";
	}
	return NULL;
}
