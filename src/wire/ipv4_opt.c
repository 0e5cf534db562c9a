// SPDX-License-Identifier: MIT
/* ipv4_opt.c - walking the IPv4 options area (RFC 791 §3.1, RFC 2113) */
#include <string.h>

#include "icmpkit/ipv4.h"

/**
 * route_name() - short name of a source/record route option
 * @type: IK_IPOPT_RR, IK_IPOPT_LSRR or IK_IPOPT_SSRR
 *
 * Return: "record route", "loose source route" or "strict source route".
 */
static const char *route_name(uint8_t type)
{
	switch (type) {
	case IK_IPOPT_RR:
		return "record route";
	case IK_IPOPT_LSRR:
		return "loose source route";
	default:
		return "strict source route";
	}
}

/**
 * check_route() - RR/LSRR/SSRR: length, pointer and slot count
 * @q:   option bytes (length octet already checked, >= 2 and in the area)
 * @off: offset of @q in the options area
 * @o:   option to complete
 * @err: where and why (may be NULL)
 *
 * Return: 0, or -IK_EOPTION.
 */
static int check_route(const uint8_t *q, size_t off, struct ik_ipv4_opt *o,
		       struct ik_wire_err *err)
{
	const char *name = route_name(q[0]);
	unsigned len = q[1], ptr;

	if (len < 3)
		return ik_wire_err_set(err, IK_EOPTION, off + 1, "%s length %u < 3", name, len);
	ptr = q[2];
	if (ptr < 4)
		return ik_wire_err_set(err, IK_EOPTION, off + 2, "%s pointer %u < 4", name, ptr);
	if (ptr <= len && (ptr - 4) % 4 != 0)
		return ik_wire_err_set(err, IK_EOPTION, off + 2,
				       "%s pointer %u is not at an address slot (4, 8, 12, ...)",
				       name, ptr);
	if (ptr <= len && ptr + 3 > len)
		return ik_wire_err_set(err, IK_EOPTION, off + 2,
				       "%s pointer %u leaves no room for an address in length %u",
				       name, ptr, len);
	o->ptr = (uint8_t)ptr;
	o->naddr = (uint8_t)((len - 3) / 4);
	return 0;
}

/**
 * check_ts() - Timestamp: length, pointer, flag and slot count
 * @q:   option bytes (length octet already checked, >= 2 and in the area)
 * @off: offset of @q in the options area
 * @o:   option to complete
 * @err: where and why (may be NULL)
 *
 * Return: 0, or -IK_EOPTION.
 */
static int check_ts(const uint8_t *q, size_t off, struct ik_ipv4_opt *o, struct ik_wire_err *err)
{
	unsigned len = q[1], ptr, flg, entry;

	if (len < 4)
		return ik_wire_err_set(err, IK_EOPTION, off + 1, "timestamp length %u < 4", len);
	ptr = q[2];
	if (ptr < 5)
		return ik_wire_err_set(err, IK_EOPTION, off + 2, "timestamp pointer %u < 5", ptr);
	flg = q[3] & 0x0fu;
	if (flg != 0 && flg != 1 && flg != 3)
		return ik_wire_err_set(err, IK_EOPTION, off + 3,
				       "timestamp flag %u unknown (expected 0, 1 or 3)", flg);
	entry = flg ? 8 : 4;
	if (ptr <= len && ptr + entry - 1 > len)
		return ik_wire_err_set(err, IK_EOPTION, off + 2,
				       "timestamp pointer %u leaves no room for %s %u-octet entry in length %u",
				       ptr, entry == 8 ? "an" : "a", entry, len);
	o->ptr = (uint8_t)ptr;
	o->ts_oflw = (uint8_t)(q[3] >> 4);
	o->ts_flg = (uint8_t)flg;
	o->naddr = (uint8_t)((len - 4) / entry);
	return 0;
}

/**
 * ik_ipv4_opt_iter_init() - start walking options
 * @it:  iterator
 * @p:   options area
 * @len: its length (0 when @p is NULL)
 */
void ik_ipv4_opt_iter_init(struct ik_ipv4_opt_iter *it, const uint8_t *p, size_t len)
{
	it->p = p;
	it->len = p ? len : 0;
	it->off = 0;
}

/**
 * ik_ipv4_opt_next() - next option, with its own length checks
 * @it:  iterator
 * @o:   option to fill
 * @err: on failure, offset relative to the options area (may be NULL)
 *
 * EOL is returned once and ends the walk. On failure the iterator does not
 * move, so a second call reports the same error.
 *
 * Return: 1 with @o filled, 0 at the end, or -IK_EOPTION.
 */
int ik_ipv4_opt_next(struct ik_ipv4_opt_iter *it, struct ik_ipv4_opt *o, struct ik_wire_err *err)
{
	size_t off = it->off, rem;
	const uint8_t *q;
	unsigned len;
	int rc = 0;

	if (off >= it->len)
		return 0;
	q = it->p + off;
	rem = it->len - off;
	memset(o, 0, sizeof(*o));
	o->type = q[0];
	o->off = off;
	o->raw = q;
	o->len = 1;
	if (q[0] == IK_IPOPT_EOL) {
		it->off = it->len;
		return 1;
	}
	if (q[0] == IK_IPOPT_NOP) {
		it->off = off + 1;
		return 1;
	}
	if (rem < 2)
		return ik_wire_err_set(err, IK_EOPTION, off,
				       "option %u ends the options area without a length octet",
				       q[0]);
	len = q[1];
	if (len < 2)
		return ik_wire_err_set(err, IK_EOPTION, off + 1, "option %u length %u < 2", q[0],
				       len);
	if (len > rem)
		return ik_wire_err_set(err, IK_EOPTION, off + 1,
				       "option %u length %u > %zu octets left in the options area",
				       q[0], len, rem);
	o->len = (uint8_t)len;
	switch (q[0]) {
	case IK_IPOPT_RR:
	case IK_IPOPT_LSRR:
	case IK_IPOPT_SSRR:
		rc = check_route(q, off, o, err);
		break;
	case IK_IPOPT_TS:
		rc = check_ts(q, off, o, err);
		break;
	case IK_IPOPT_RA:
		if (len != 4)
			return ik_wire_err_set(err, IK_EOPTION, off + 1,
					       "router alert length %u, expected 4", len);
		o->ra_value = ik_get16(q + 2);
		break;
	default:
		break;
	}
	if (rc < 0)
		return rc;
	it->off = off + len;
	return 1;
}
