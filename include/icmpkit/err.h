/* SPDX-License-Identifier: MIT */
/**
 * DOC: icmpkit error codes
 * Layer: wire (include/icmpkit/README.md)
 *
 * Functions return a non-negative length or count on success and a negative
 * IK_E* code on failure. Every code has a message from ik_strerror().
 * Wire parsers also fill a struct ik_wire_err naming the first bad octet.
 */
#ifndef ICMPKIT_ERR_H
#define ICMPKIT_ERR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum ik_err {
	IK_OK = 0,
	IK_ETRUNC,    /* buffer shorter than the header or a length says */
	IK_EVERSION,  /* IP version is not 4 */
	IK_EIHL,      /* IHL < 5 or larger than the buffer */
	IK_ETOTLEN,   /* IP total length inconsistent */
	IK_ECHECKSUM, /* a checksum is wrong */
	IK_EFRAG,     /* fragment fields inconsistent */
	IK_EOPTION,   /* an IP option is malformed */
	IK_ELEN,      /* a length field is inconsistent (UDP length, RFC 4884) */
	IK_EINVAL,    /* invalid argument */
	IK_ENOSPC,    /* output buffer too small */
	IK_ETYPE,     /* unsupported type for this operation */
	IK_EEXT,      /* ICMP extension structure malformed */
	IK_ENOMEM,    /* a pool is exhausted */
	IK_EAGAIN,    /* nothing to read now */
	IK_EADDRINUSE,
	IK_ENOTCONN,
	IK_ENOENT,
	IK_ERRMAX
};

/**
 * ik_strerror() - message for an error code
 * @err: an IK_E* code, negative or positive
 *
 * Return: a static, human-readable message; never NULL.
 */
const char *ik_strerror(int err);

/**
 * struct ik_wire_err - where and why a parser stopped
 * @code: the IK_E* code (positive)
 * @off:  offset of the first bad octet, from the start of the buffer given
 *        to the parser
 * @msg:  one-line explanation, e.g. "IHL 3 < 5"
 */
struct ik_wire_err {
	int code;
	size_t off;
	char msg[112];
};

/**
 * ik_wire_err_set() - fill @e (if non-NULL) and return -@code
 * @e:    error to fill, may be NULL
 * @code: IK_E* code (positive)
 * @off:  offset of the first bad octet
 * @fmt:  printf format of the message
 *
 * Return: -@code, so parsers can write "return ik_wire_err_set(...)".
 */
int ik_wire_err_set(struct ik_wire_err *e, int code, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#ifdef __cplusplus
}
#endif
#endif
