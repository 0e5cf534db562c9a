// SPDX-License-Identifier: MIT
/* tcp.c - TCP header (RFC 9293 §3.1), its options (§3.2) and checksum */
#include <stdio.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/tcp.h"

/**
 * ik_tcp_checksum() - the checksum a TCP segment should carry
 * @buf: TCP header + data, with the checksum field as it is
 * @len: octets (at most 65535)
 * @src: IP source, host order
 * @dst: IP destination, host order
 *
 * Return: the correct field value (computed with the field taken as zero).
 */
uint16_t ik_tcp_checksum(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst)
{
	uint32_t acc = ik_csum_pseudo(src, dst, IK_IPPROTO_TCP, (uint16_t)len);

	/* octets 16-17 (the checksum field) count as zero */
	acc = ik_csum_partial(buf, len < 16 ? len : 16, acc);
	if (len > 18)
		acc = ik_csum_partial(buf + 18, len - 18, acc);
	return ik_csum_finish(acc);
}

/**
 * ik_tcp_parse() - validate a TCP segment and fill a repr
 * @buf:   first octet of the TCP header
 * @len:   octets at @buf (the IP payload length)
 * @src:   IP source (host order), for the pseudo-header
 * @dst:   IP destination (host order)
 * @flags: IK_TCP_NO_CSUM
 * @r:     repr to fill
 * @err:   where and why (may be NULL)
 *
 * @r is zeroed, then filled as checks pass: the fixed fields once 20
 * octets are there, the lengths once Data Offset is good, csum last.
 *
 * Return: the header length, or -IK_ETRUNC / -IK_ELEN / -IK_ECHECKSUM.
 */
int ik_tcp_parse(const uint8_t *buf, size_t len, uint32_t src, uint32_t dst, unsigned flags,
		 struct ik_tcp_repr *r, struct ik_wire_err *err)
{
	struct ik_tcp_view v;
	unsigned doff;

	memset(r, 0, sizeof(*r));
	if (ik_tcp_view_init(&v, buf, buf ? len : 0) < 0)
		return ik_wire_err_set(err, IK_ETRUNC, buf ? len : 0,
				       "%zu octets, a TCP header needs 20", buf ? len : 0);
	r->sport = ik_tcp_sport(&v);
	r->dport = ik_tcp_dport(&v);
	r->seq = ik_tcp_seq(&v);
	r->ack = ik_tcp_ack(&v);
	r->flags = ik_tcp_flags(&v);
	r->window = ik_tcp_window(&v);
	r->urgent = ik_tcp_urgent(&v);
	doff = ik_tcp_doff(&v);
	if (doff < IK_TCP_HDR_MIN)
		return ik_wire_err_set(err, IK_ELEN, 12, "TCP data offset %u (%u octets) < 5",
				       doff / 4, doff);
	if (doff > len)
		return ik_wire_err_set(err, IK_ELEN, 12,
				       "TCP data offset %u (%u octets) > %zu octets of IP payload",
				       doff / 4, doff, len);
	r->hdr_len = doff;
	r->opts = doff > IK_TCP_HDR_MIN ? buf + IK_TCP_HDR_MIN : NULL;
	r->opts_len = doff - IK_TCP_HDR_MIN;
	r->payload = buf + doff;
	r->payload_len = len - doff;
	if (!(flags & IK_TCP_NO_CSUM) &&
	    ik_csum_finish(ik_csum_partial(buf, len, ik_csum_pseudo(src, dst, IK_IPPROTO_TCP,
								   (uint16_t)len))) != 0)
		return ik_wire_err_set(err, IK_ECHECKSUM, 16, "TCP checksum 0x%04x, correct 0x%04x",
				       ik_tcp_csum(&v), ik_tcp_checksum(buf, len, src, dst));
	r->csum = ik_tcp_csum(&v);
	return (int)doff;
}

/**
 * struct tcpopt_rule - the length a known option kind must have
 * @kind: option kind; @len: its length octet's value (0: any >= 2 with
 * @step); @step: for SACK, length = 2 + n x step; @bit: IK_TCPO_*
 * @name: for messages
 */
struct tcpopt_rule {
	uint8_t kind, len, step;
	unsigned bit;
	const char *name;
};

static const struct tcpopt_rule tcpopt_rules[] = {
	{ IK_TCPOPT_MSS, 4, 0, IK_TCPO_MSS, "MSS" },
	{ IK_TCPOPT_WSCALE, 3, 0, IK_TCPO_WSCALE, "Window Scale" },
	{ IK_TCPOPT_SACK_PERM, 2, 0, IK_TCPO_SACK_PERM, "SACK Permitted" },
	{ IK_TCPOPT_SACK, 0, 8, IK_TCPO_SACK, "SACK" },
	{ IK_TCPOPT_TIMESTAMP, 10, 0, IK_TCPO_TIMESTAMP, "Timestamps" },
};

/**
 * ik_tcp_opt_want() - the length octet a known option kind must carry
 * @kind: option kind
 *
 * Return: the rule's length (SACK: 2 + one block), 1 for EOL/NOP, 0 for
 * kinds without a rule.
 */
unsigned ik_tcp_opt_want(uint8_t kind)
{
	if (kind == IK_TCPOPT_EOL || kind == IK_TCPOPT_NOP)
		return 1;
	for (size_t k = 0; k < sizeof(tcpopt_rules) / sizeof(tcpopt_rules[0]); k++)
		if (tcpopt_rules[k].kind == kind)
			return tcpopt_rules[k].len ? tcpopt_rules[k].len : 2u + tcpopt_rules[k].step;
	return 0;
}

/**
 * ik_tcp_opts_parse() - walk a segment's options (RFC 9293 §3.2)
 * @opts: option octets (after the 20-octet header)
 * @len:  their length
 * @o:    values found
 * @err:  where and why (may be NULL); offsets from @opts
 *
 * Return: 0, or -IK_EOPTION.
 */
int ik_tcp_opts_parse(const uint8_t *opts, size_t len, struct ik_tcp_opts *o,
		      struct ik_wire_err *err)
{
	size_t i = 0;

	memset(o, 0, sizeof(*o));
	while (i < len) {
		uint8_t kind = opts[i];
		const struct tcpopt_rule *rule = NULL;
		unsigned olen;

		if (kind == IK_TCPOPT_EOL)
			break;
		if (kind == IK_TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len)
			return ik_wire_err_set(err, IK_EOPTION, i,
					       "TCP option kind %u has no length octet", kind);
		olen = opts[i + 1];
		if (olen < 2 || i + olen > len)
			return ik_wire_err_set(err, IK_EOPTION, i + 1,
					       "TCP option kind %u length %u: %s", kind, olen,
					       olen < 2 ? "below 2" : "past the header");
		for (size_t k = 0; k < sizeof(tcpopt_rules) / sizeof(tcpopt_rules[0]); k++)
			if (tcpopt_rules[k].kind == kind)
				rule = &tcpopt_rules[k];
		if (!rule) {
			o->unknown++;
			i += olen;
			continue;
		}
		if (rule->len ? olen != rule->len
			      : (olen < 2u + rule->step || (olen - 2) % rule->step))
			return ik_wire_err_set(err, IK_EOPTION, i + 1,
					       "TCP %s option length %u is wrong", rule->name, olen);
		o->has |= rule->bit;
		switch (kind) {
		case IK_TCPOPT_MSS:
			o->mss = ik_get16(opts + i + 2);
			break;
		case IK_TCPOPT_WSCALE:
			o->wscale = opts[i + 2];
			break;
		case IK_TCPOPT_SACK:
			o->sack_blocks = (uint8_t)((olen - 2) / 8);
			break;
		case IK_TCPOPT_TIMESTAMP:
			o->ts_val = ik_get32(opts + i + 2);
			o->ts_ecr = ik_get32(opts + i + 6);
			break;
		default:
			break;
		}
		i += olen;
	}
	return 0;
}

/**
 * ik_tcp_emit() - write a TCP header (options, then payload) with its
 * checksum
 * @r:   repr
 * @src: IP source, host order
 * @dst: IP destination, host order
 * @buf: output
 * @cap: octets available
 *
 * Return: octets written, or -IK_ENOSPC / -IK_EINVAL.
 */
int ik_tcp_emit(const struct ik_tcp_repr *r, uint32_t src, uint32_t dst, uint8_t *buf, size_t cap)
{
	size_t hlen, n;

	if (r->opts_len > IK_TCP_HDR_MAX - IK_TCP_HDR_MIN || (r->opts_len && !r->opts) ||
	    (r->payload_len && !r->payload))
		return -IK_EINVAL;
	hlen = IK_TCP_HDR_MIN + ((r->opts_len + 3u) & ~3u);
	if (r->payload_len > IK_IPV4_MAX_LEN - IK_IPV4_HDR_MIN - hlen)
		return -IK_EINVAL;
	n = hlen + r->payload_len;
	if (!buf || cap < n)
		return -IK_ENOSPC;
	if (r->payload_len && r->payload != buf + hlen)
		memmove(buf + hlen, r->payload, r->payload_len);
	if (r->opts_len) {
		memmove(buf + IK_TCP_HDR_MIN, r->opts, r->opts_len);
		memset(buf + IK_TCP_HDR_MIN + r->opts_len, IK_TCPOPT_EOL,
		       hlen - IK_TCP_HDR_MIN - r->opts_len);
	}
	ik_put16(buf, r->sport);
	ik_put16(buf + 2, r->dport);
	ik_put32(buf + 4, r->seq);
	ik_put32(buf + 8, r->ack);
	buf[12] = (uint8_t)(hlen / 4 << 4);
	buf[13] = (uint8_t)r->flags;
	ik_put16(buf + 14, r->window);
	ik_put16(buf + 16, 0);
	ik_put16(buf + 18, r->urgent);
	ik_put16(buf + 16, ik_tcp_checksum(buf, n, src, dst));
	return (int)n;
}

/**
 * ik_tcp_flags_str() - control bits as text ("SYN,ACK", "RST", "none")
 * @flags: IK_TCP_* bits
 * @buf:   output
 * @cap:   its size (32 suffices; with less, the names that fit, whole)
 *
 * Return: @buf.
 */
char *ik_tcp_flags_str(unsigned flags, char *buf, size_t cap)
{
	static const struct {
		unsigned bit;
		const char *name;
	} names[] = {
		{ IK_TCP_SYN, "SYN" }, { IK_TCP_FIN, "FIN" }, { IK_TCP_RST, "RST" },
		{ IK_TCP_PSH, "PSH" }, { IK_TCP_ACK, "ACK" }, { IK_TCP_URG, "URG" },
		{ IK_TCP_ECE, "ECE" }, { IK_TCP_CWR, "CWR" },
	};
	size_t n = 0;

	if (!cap)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].bit))
			continue;
		int w = snprintf(buf + n, cap - n, "%s%s", n ? "," : "", names[i].name);

		if (w < 0 || (size_t)w >= cap - n) {
			buf[n] = '\0'; /* a name that does not fit is left out whole */
			break;
		}
		n += (size_t)w;
	}
	if (!n)
		snprintf(buf, cap, "none");
	return buf;
}
