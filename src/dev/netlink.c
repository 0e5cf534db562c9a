// SPDX-License-Identifier: MIT
/* netlink.c - rtnetlink requests over libmnl: link up, MTU, IPv4 address */
#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "icmpkit/ipv4.h"
#include "icmpkit/netlink.h"

/* One request and its answer; acknowledgements are capped (no echo of the
 * request), so the buffer only needs room for the request itself. */
#define NL_BUFSZ 8192

struct ik_nl {
	struct mnl_socket *sock;
	unsigned portid;
	unsigned seq;
	char buf[NL_BUFSZ];
};

/** struct nl_ack - what the acknowledgement said */
struct nl_ack {
	int err;              /* 0 or negative errno */
	char ext[200];        /* kernel's extended ACK text, "" when none */
};

/**
 * set_err() - fill @e for a failed @op
 * @e: error (may be NULL); @op: request name; @err: negative errno;
 * @ext: kernel text or ""
 *
 * Return: @err.
 */
static int set_err(struct ik_nl_err *e, const char *op, int err, const char *ext)
{
	if (e) {
		e->err = err;
		snprintf(e->msg, sizeof(e->msg), "%s: %s%s%s", op, strerror(-err),
			 ext && *ext ? ": " : "", ext ? ext : "");
	}
	return err;
}

/**
 * ik_nl_open() - a NETLINK_ROUTE socket with extended and capped ACKs
 * @e: filled on failure
 *
 * Return: socket or NULL.
 */
struct ik_nl *ik_nl_open(struct ik_nl_err *e)
{
	struct ik_nl *nl = calloc(1, sizeof(*nl));
	int one = 1;

	if (!nl) {
		set_err(e, "netlink", -ENOMEM, "");
		return NULL;
	}
	nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->sock || mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		set_err(e, "netlink socket", -errno, "");
		ik_nl_close(nl);
		return NULL;
	}
	/* Both are optional: old kernels simply give no explanation. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (unsigned)time(NULL);
	return nl;
}

/**
 * ik_nl_close() - close
 * @nl: socket or NULL
 */
void ik_nl_close(struct ik_nl *nl)
{
	if (!nl)
		return;
	if (nl->sock)
		mnl_socket_close(nl->sock);
	free(nl);
}

/**
 * ext_attr_cb() - keep NLMSGERR_ATTR_MSG of an acknowledgement
 * @attr: one TLV; @data: struct nl_ack
 *
 * Return: MNL_CB_OK.
 */
static int ext_attr_cb(const struct nlattr *attr, void *data)
{
	struct nl_ack *ack = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
		snprintf(ack->ext, sizeof(ack->ext), "%s", mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

/**
 * error_cb() - NLMSG_ERROR: the acknowledgement (error 0) or the refusal
 * @nlh: message; @data: struct nl_ack
 *
 * Return: MNL_CB_STOP (answer complete) or MNL_CB_ERROR (malformed).
 */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	struct nl_ack *ack = data;
	size_t off = sizeof(*err);

	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		ack->err = -EBADMSG;
		return MNL_CB_ERROR;
	}
	ack->err = err->error > 0 ? -err->error : err->error;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && mnl_nlmsg_size(off) <= nlh->nlmsg_len)
		mnl_attr_parse(nlh, (unsigned)off, ext_attr_cb, ack);
	return MNL_CB_STOP;
}

/**
 * transact() - send the request built in @nl->buf and wait for its ACK
 * @nl: socket; @nlh: the request (in @nl->buf); @op: name for messages;
 * @e: error out
 *
 * Return: 0, or a negative errno.
 */
static int transact(struct ik_nl *nl, struct nlmsghdr *nlh, const char *op, struct ik_nl_err *e)
{
	mnl_cb_t ctl[NLMSG_MIN_TYPE] = { [NLMSG_ERROR] = error_cb };
	struct nl_ack ack = { .err = -ENOMSG };
	unsigned seq = nlh->nlmsg_seq;
	ssize_t n;
	int r;

	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return set_err(e, op, -errno, "");
	for (;;) {
		n = mnl_socket_recvfrom(nl->sock, nl->buf, sizeof(nl->buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return set_err(e, op, -errno, "");
		}
		r = mnl_cb_run2(nl->buf, (size_t)n, seq, nl->portid, NULL, &ack, ctl,
				MNL_ARRAY_SIZE(ctl));
		if (r <= MNL_CB_STOP)
			break;
	}
	if (ack.err)
		return set_err(e, op, ack.err, ack.ext);
	if (e) {
		e->err = 0;
		e->msg[0] = '\0';
	}
	return 0;
}

/**
 * new_req() - start a request of @type with @flags in @nl->buf
 * @nl: socket; @type: RTM_*; @flags: NLM_F_* besides REQUEST and ACK
 *
 * Return: the header.
 */
static struct nlmsghdr *new_req(struct ik_nl *nl, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->buf);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	nlh->nlmsg_seq = ++nl->seq;
	return nlh;
}

/**
 * link_req() - RTM_NEWLINK for @ifindex with @flags/@change
 * @nl: socket; @ifindex: interface; @flags: ifi_flags; @change: ifi_change
 *
 * Return: the header, ready for attributes.
 */
static struct nlmsghdr *link_req(struct ik_nl *nl, unsigned ifindex, unsigned flags,
				 unsigned change)
{
	struct nlmsghdr *nlh = new_req(nl, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = (int)ifindex;
	ifi->ifi_flags = flags;
	ifi->ifi_change = change;
	return nlh;
}

/**
 * ik_nl_link_up() - IFF_UP
 * @nl: socket; @ifindex: interface; @e: error out
 *
 * Return: 0, or a negative errno.
 */
int ik_nl_link_up(struct ik_nl *nl, unsigned ifindex, struct ik_nl_err *e)
{
	return transact(nl, link_req(nl, ifindex, IFF_UP, IFF_UP), "link up", e);
}

/**
 * ik_nl_link_set_mtu() - IFLA_MTU
 * @nl: socket; @ifindex: interface; @mtu: octets; @e: error out
 *
 * Return: 0, or a negative errno.
 */
int ik_nl_link_set_mtu(struct ik_nl *nl, unsigned ifindex, unsigned mtu, struct ik_nl_err *e)
{
	struct nlmsghdr *nlh = link_req(nl, ifindex, 0, 0);

	mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
	return transact(nl, nlh, "set MTU", e);
}

/**
 * ik_nl_link_no_ipv6() - IFLA_AF_SPEC/AF_INET6/IFLA_INET6_ADDR_GEN_MODE none
 * @nl: socket; @ifindex: interface; @e: error out
 *
 * Return: 0, or a negative errno.
 */
int ik_nl_link_no_ipv6(struct ik_nl *nl, unsigned ifindex, struct ik_nl_err *e)
{
	struct nlmsghdr *nlh = link_req(nl, ifindex, 0, 0);
	struct nlattr *spec = mnl_attr_nest_start(nlh, IFLA_AF_SPEC);
	struct nlattr *in6 = mnl_attr_nest_start(nlh, AF_INET6);

	mnl_attr_put_u8(nlh, IFLA_INET6_ADDR_GEN_MODE, IN6_ADDR_GEN_MODE_NONE);
	mnl_attr_nest_end(nlh, in6);
	mnl_attr_nest_end(nlh, spec);
	return transact(nl, nlh, "set addrgenmode none", e);
}

/**
 * ik_nl_addr_add() - RTM_NEWADDR (create or replace)
 * @nl: socket; @ifindex: interface; @addr: host order; @prefix: length;
 * @e: error out
 *
 * Return: 0, or a negative errno.
 */
int ik_nl_addr_add(struct ik_nl *nl, unsigned ifindex, uint32_t addr, unsigned prefix,
		   struct ik_nl_err *e)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;
	uint32_t mask;

	if (prefix > 32)
		return set_err(e, "add address", -EINVAL, "prefix length above 32");
	mask = ik_ipv4_prefix_mask(prefix);
	nlh = new_req(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	mnl_attr_put_u32(nlh, IFA_LOCAL, htonl(addr));
	mnl_attr_put_u32(nlh, IFA_ADDRESS, htonl(addr));
	if (prefix < 31)
		mnl_attr_put_u32(nlh, IFA_BROADCAST, htonl(addr | ~mask));
	return transact(nl, nlh, "add address", e);
}

int ik_nl_addr6_add(struct ik_nl *nl, unsigned ifindex, const uint8_t addr[16], unsigned prefix,
		    struct ik_nl_err *e)
{
	struct nlmsghdr *nlh;
	struct ifaddrmsg *ifa;

	if (prefix < 1 || prefix > 128)
		return set_err(e, "add address", -EINVAL, "prefix length outside 1..128");
	nlh = new_req(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE);
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET6;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_flags = IFA_F_NODAD;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, 16, addr);
	mnl_attr_put(nlh, IFA_ADDRESS, 16, addr);
	return transact(nl, nlh, "add IPv6 address", e);
}
