// SPDX-License-Identifier: MIT
/*
 * icmp_ext.c - RFC 4884 extension structures and RFC 4950 MPLS entries
 *
 * An extension structure is a 4-octet header (version 4 bits, reserved 12,
 * checksum 16 over the whole structure, zero meaning "none sent") and one or
 * more objects, each a 4-octet header (length 16 bits counting the header,
 * Class-Num, C-Type) and a payload; RFC 4884 §8 makes every object one or
 * more 32-bit words.
 */
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/icmp.h"

#define EXT_OBJ_HDR_LEN 4

/**
 * ik_icmp_ext_iter_init() - check the extension header, start the walk
 * @it:  iterator
 * @ext: extension structure
 * @len: its length
 * @err: where and why (may be NULL)
 *
 * Return: 0, or -IK_ETRUNC (fewer than 4 octets) / -IK_EEXT (version not 2)
 * / -IK_ECHECKSUM (a nonzero checksum that is wrong).
 */
int ik_icmp_ext_iter_init(struct ik_icmp_ext_iter *it, const uint8_t *ext, size_t len,
			  struct ik_wire_err *err)
{
	unsigned version;

	it->p = ext;
	it->len = len;
	it->off = len; /* an unusable structure has no objects */
	if (len < IK_ICMP_EXT_HDR_LEN)
		return ik_wire_err_set(err, IK_ETRUNC, len,
				       "extension header needs 4 octets, have %zu", len);
	version = ext[0] >> 4;
	if (version != IK_ICMP_EXT_VERSION)
		return ik_wire_err_set(err, IK_EEXT, 0, "extension version %u, not 2", version);
	if (ik_get16(ext + 2) != 0 && ik_csum(ext, len) != 0)
		return ik_wire_err_set(err, IK_ECHECKSUM, 2, "extension checksum 0x%04x is wrong",
				       ik_get16(ext + 2));
	it->off = IK_ICMP_EXT_HDR_LEN;
	return 0;
}

/**
 * ik_icmp_ext_next() - next object
 * @it:  iterator
 * @o:   object to fill
 * @err: where and why (may be NULL)
 *
 * An error does not advance the iterator: calling again gives it again.
 *
 * Return: 1 with @o filled, 0 at the end, -IK_EEXT for an object header cut
 * short, a length < 4, not a multiple of 4, or past the end.
 */
int ik_icmp_ext_next(struct ik_icmp_ext_iter *it, struct ik_icmp_ext_obj *o,
		     struct ik_wire_err *err)
{
	size_t left;
	uint16_t olen;

	if (it->off >= it->len)
		return 0;
	left = it->len - it->off;
	if (left < EXT_OBJ_HDR_LEN)
		return ik_wire_err_set(err, IK_EEXT, it->off,
				       "object header needs 4 octets, %zu left", left);
	olen = ik_get16(it->p + it->off);
	if (olen < EXT_OBJ_HDR_LEN)
		return ik_wire_err_set(err, IK_EEXT, it->off, "object length %u < 4", olen);
	if (olen % 4)
		return ik_wire_err_set(err, IK_EEXT, it->off,
				       "object length %u is not a multiple of 4", olen);
	if (olen > left)
		return ik_wire_err_set(err, IK_EEXT, it->off,
				       "object length %u > %zu octets left", olen, left);
	o->off = it->off;
	o->len = olen;
	o->class_num = it->p[it->off + 2];
	o->c_type = it->p[it->off + 3];
	o->payload = it->p + it->off + EXT_OBJ_HDR_LEN;
	o->payload_len = olen - EXT_OBJ_HDR_LEN;
	it->off += olen;
	return 1;
}

/**
 * ik_mpls_entry_get() - read one RFC 4950 label stack entry
 * @p: 4 octets
 * @e: result
 *
 * Layout (RFC 3032 §2.1): label 20 bits, traffic class 3 bits (RFC 5462),
 * bottom-of-stack 1 bit, TTL 8 bits.
 */
void ik_mpls_entry_get(const uint8_t *p, struct ik_mpls_entry *e)
{
	uint32_t w = ik_get32(p);

	e->label = w >> 12;
	e->tc = (uint8_t)((w >> 9) & 7u);
	e->s = (w >> 8) & 1u;
	e->ttl = (uint8_t)w;
}

/**
 * ik_icmp_ext_emit() - write an extension structure holding one object
 * @class_num: Class-Num
 * @c_type:    C-Type
 * @payload:   object data (may be NULL when @len is 0)
 * @len:       its length
 * @buf:       output
 * @cap:       octets available
 *
 * The object is written as given: for the iterator to accept it @len must be
 * a multiple of 4 (RFC 4884 §8), which callers pad for.
 *
 * Return: octets written (4 + 4 + @len), checksum filled, or -IK_ENOSPC, or
 * -IK_EINVAL when the object length does not fit its 16-bit field.
 */
int ik_icmp_ext_emit(uint8_t class_num, uint8_t c_type, const uint8_t *payload, size_t len,
		     uint8_t *buf, size_t cap)
{
	size_t olen = EXT_OBJ_HDR_LEN + len;
	size_t total = IK_ICMP_EXT_HDR_LEN + olen;

	if (len > UINT16_MAX - EXT_OBJ_HDR_LEN || (len && !payload))
		return -IK_EINVAL;
	if (total > cap)
		return -IK_ENOSPC;
	if (len)
		memmove(buf + IK_ICMP_EXT_HDR_LEN + EXT_OBJ_HDR_LEN, payload, len);
	buf[0] = IK_ICMP_EXT_VERSION << 4;
	buf[1] = 0;
	buf[2] = 0;
	buf[3] = 0;
	ik_put16(buf + 4, (uint16_t)olen);
	buf[6] = class_num;
	buf[7] = c_type;
	ik_put16(buf + 2, ik_csum(buf, total));
	return (int)total;
}
