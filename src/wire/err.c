// SPDX-License-Identifier: MIT
/* err.c - error messages for IK_E* codes */
#include <stdarg.h>
#include <stdio.h>

#include "icmpkit/err.h"

static const char *const msgs[IK_ERRMAX] = {
	[IK_OK] = "success",
	[IK_ETRUNC] = "truncated",
	[IK_EVERSION] = "IP version is not 4",
	[IK_EIHL] = "bad IP header length",
	[IK_ETOTLEN] = "bad IP total length",
	[IK_ECHECKSUM] = "bad checksum",
	[IK_EFRAG] = "bad fragment fields",
	[IK_EOPTION] = "malformed IP option",
	[IK_ELEN] = "inconsistent length field",
	[IK_EINVAL] = "invalid argument",
	[IK_ENOSPC] = "no space in buffer",
	[IK_ETYPE] = "unsupported type",
	[IK_EEXT] = "malformed ICMP extension",
	[IK_ENOMEM] = "pool exhausted",
	[IK_EAGAIN] = "try again",
	[IK_EADDRINUSE] = "address in use",
	[IK_ENOTCONN] = "not connected",
	[IK_ENOENT] = "no such entry",
};

/**
 * ik_strerror() - message for an error code
 * @err: an IK_E* code, negative or positive
 *
 * Return: a static message; never NULL.
 */
const char *ik_strerror(int err)
{
	if (err < 0)
		err = -err;
	if (err >= IK_ERRMAX || !msgs[err])
		return "unknown error";
	return msgs[err];
}

/**
 * ik_wire_err_set() - fill @e (if non-NULL) and return -@code
 * @e:    error to fill, may be NULL
 * @code: IK_E* code (positive)
 * @off:  offset of the first bad octet
 * @fmt:  printf format of the message
 *
 * Return: -@code.
 */
int ik_wire_err_set(struct ik_wire_err *e, int code, size_t off, const char *fmt, ...)
{
	if (e) {
		va_list ap;

		e->code = code;
		e->off = off;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return -code;
}
