// SPDX-License-Identifier: MIT
/* ipopt.c - IP options at input, and the options of an echo reply */
#include <string.h>

#include "stack/core.h"

/*
 * Record Route and Timestamp in an Echo Request (RFC 1122 §3.2.2.6) are
 * updated "to include the current host" and returned in the reply. We do
 * exactly what Linux does, so `ping -R` shows the same thing against
 * icmpkit as against a Linux host: the option is updated twice, once as
 * the destination receives the request (ip_options_compile() records the
 * address the datagram arrived for, or a timestamp) and once as the reply
 * leaves (ip_options_echo() reserves the next slot, ip_options_build()
 * fills in the reply's source). Both entries carry this host's address (the
 * request's destination, which is also the reply's source, E2) and the same
 * timestamp. Against a Linux target, iputils `ping -R` prints:
 *
 *     RR:  <sender> <target> <target> <sender>
 *
 * A full Timestamp option (pointer past the end) has its overflow counter
 * incremented once, at receipt (flags 0 and 1; a prespecified list (flag 3)
 * never overflows), as Linux. A reply option whose pointer would be left
 * at a partial slot (possible only with odd option lengths) is omitted:
 * Linux sends no reply at all in that case (ip_options_echo() -EINVAL), we
 * prefer a reply without that option to a malformed one.
 */

/**
 * rr_record() - write @addr at the Record Route pointer if a slot is free
 * @o: the option (type octet first); @addr: address
 *
 * Return: true if written (pointer advanced).
 */
static bool rr_record(uint8_t *o, uint32_t addr)
{
	unsigned len = o[1], ptr = o[2];

	if (ptr < 4 || ptr + 3 > len)
		return false;
	ik_put32(o + ptr - 1, addr);
	o[2] = (uint8_t)(ptr + 4);
	return true;
}

/**
 * ts_record() - one Timestamp option update (RFC 791 "Internet Timestamp")
 * @s:        stack
 * @o:        the option
 * @addr:     this host's address
 * @ts:       ms since midnight UT
 * @overflow: whether a full option counts an overflow (receipt: yes;
 *            reply: no)
 *
 * Flag 0: a timestamp; 1: address and timestamp; 3: a timestamp in the
 * entry whose prespecified address is ours, and nothing otherwise. Other
 * flags (rejected by the parser anyway) are left alone.
 */
static void ts_record(struct ik_stack *s, uint8_t *o, uint32_t addr, uint32_t ts, bool overflow)
{
	unsigned len = o[1], ptr = o[2], flg = o[3] & 0x0fu, oflw = o[3] >> 4;

	if (ptr > len) {
		if (overflow && flg != 3 && oflw < 15)
			o[3] = (uint8_t)((oflw + 1) << 4 | flg);
		return;
	}
	switch (flg) {
	case 0:
		if (ptr + 3 <= len) {
			ik_put32(o + ptr - 1, ts);
			o[2] = (uint8_t)(ptr + 4);
		}
		break;
	case 1:
		if (ptr + 7 <= len) {
			ik_put32(o + ptr - 1, addr);
			ik_put32(o + ptr + 3, ts);
			o[2] = (uint8_t)(ptr + 8);
		}
		break;
	case 3:
		if (ptr + 7 <= len && ik_addr_is_local(s, ik_get32(o + ptr - 1))) {
			ik_put32(o + ptr + 3, ts);
			o[2] = (uint8_t)(ptr + 8);
		}
		break;
	default:
		break;
	}
}

/**
 * partial_slot() - whether the pointer sits on a slot too short for an entry
 * @o: RR or TS option
 *
 * Return: true if so (the reply must not carry the option).
 */
static bool partial_slot(const uint8_t *o)
{
	unsigned len = o[1], ptr = o[2];
	unsigned entry = o[0] == IK_IPOPT_TS && (o[3] & 0x0fu) ? 8 : 4;

	return ptr <= len && ptr + entry - 1 > len;
}

/**
 * ik_ipopt_echo() - the options of a reply to @rx (RFC 1122 §3.2.2.6)
 * @s:   stack
 * @rx:  the request
 * @out: at least 40 octets
 *
 * The first Record Route and the first Timestamp option are copied in
 * their original order and updated as Linux does (see the comment at the
 * top of this file: one update at receipt, one for the reply); every other
 * option is left out. The result is padded with EOL to a multiple of 4.
 *
 * Return: option octets written (a multiple of 4), 0 when none.
 */
size_t ik_ipopt_echo(struct ik_stack *s, const struct ik_rx *rx, uint8_t *out)
{
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;
	bool rr = false, ts = false;
	uint32_t now_ms = 0;
	size_t n = 0;

	if (!rx->ip.opts_len)
		return 0;
	ik_ipv4_opt_iter_init(&it, rx->ip.opts, rx->ip.opts_len);
	while (ik_ipv4_opt_next(&it, &o, NULL) > 0) {
		uint8_t *d = out + n;

		if (o.type == IK_IPOPT_RR && !rr && o.len >= 3 && n + o.len <= 40) {
			rr = true;
			memcpy(d, o.raw, o.len);
			rr_record(d, rx->local); /* as the destination, at receipt */
			if (partial_slot(d))
				continue;
			rr_record(d, rx->local); /* as the reply's source */
			n += o.len;
		} else if (o.type == IK_IPOPT_TS && !ts && o.len >= 4 && n + o.len <= 40) {
			ts = true;
			if (!now_ms)
				now_ms = ik_ms_since_midnight(s, rx->now);
			memcpy(d, o.raw, o.len);
			ts_record(s, d, rx->local, now_ms, true);
			if (partial_slot(d))
				continue;
			ts_record(s, d, rx->local, now_ms, false);
			n += o.len;
		}
	}
	while (n % 4)
		out[n++] = IK_IPOPT_EOL;
	return n;
}

/**
 * ik_ipopt_input() - the option checks IP input makes beyond the parser's
 * @s:       stack
 * @rx:      a datagram whose options the wire parser accepted
 * @bad_off: offset of the bad octet from the start of the IP header, set
 *           when -IK_EOPTION is returned
 *
 * Checks what the parser, looking at one option at a time, cannot: a
 * Record Route, Timestamp or source route option given twice, and a full
 * Timestamp option whose overflow counter is already 15 and cannot count
 * us (Linux ip_options_compile() answers both with Parameter Problem). A
 * source route (LSRR/SSRR) makes the datagram one a host refuses.
 *
 * Return: 0 to go on; -IK_EOPTION (Parameter Problem, G18); 1 for a
 * source-routed datagram.
 */
int ik_ipopt_input(struct ik_stack *s, const struct ik_rx *rx, size_t *bad_off)
{
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;
	bool rr = false, ts = false, srr = false;

	(void)s;
	ik_ipv4_opt_iter_init(&it, rx->ip.opts, rx->ip.opts_len);
	while (ik_ipv4_opt_next(&it, &o, NULL) > 0) {
		bool *seen = NULL;

		if (o.type == IK_IPOPT_RR)
			seen = &rr;
		else if (o.type == IK_IPOPT_TS)
			seen = &ts;
		else if (o.type == IK_IPOPT_LSRR || o.type == IK_IPOPT_SSRR)
			seen = &srr;
		if (!seen)
			continue;
		if (*seen) {
			*bad_off = IK_IPV4_HDR_MIN + o.off;
			return -IK_EOPTION;
		}
		*seen = true;
		if (o.type == IK_IPOPT_TS && o.ptr > o.len && o.ts_flg != 3 && o.ts_oflw == 15) {
			*bad_off = IK_IPV4_HDR_MIN + o.off + 3;
			return -IK_EOPTION;
		}
	}
	return srr ? 1 : 0;
}

/**
 * ik_ipopt_forward() - update a forwarded datagram's options in place
 * @s:    stack
 * @opts: the options in the forwarded copy
 * @len:  their length
 * @out:  the outgoing interface's address
 * @now:  time
 *
 * As a Linux router (ip_options_compile() at receipt, then
 * ip_forward_options()): Record Route gets @out in its next free slot;
 * Timestamp gets a timestamp (flag 0), @out and a timestamp (flag 1), or
 * a timestamp where the prespecified address is ours (flag 3), and a full
 * option its overflow counter incremented. The first option of each kind
 * only (IP input refuses a datagram that repeats one).
 *
 * Return: true if an option changed.
 */
bool ik_ipopt_forward(struct ik_stack *s, uint8_t *opts, size_t len, uint32_t out, uint64_t now)
{
	struct ik_ipv4_opt_iter it;
	struct ik_ipv4_opt o;
	bool changed = false;

	ik_ipv4_opt_iter_init(&it, opts, len);
	while (ik_ipv4_opt_next(&it, &o, NULL) > 0) {
		uint8_t *p = opts + o.off;

		if (o.type == IK_IPOPT_RR && o.len >= 3) {
			changed |= rr_record(p, out);
		} else if (o.type == IK_IPOPT_TS && o.len >= 4) {
			uint8_t before[4];

			memcpy(before, p, 4);
			ts_record(s, p, out, ik_ms_since_midnight(s, now), true);
			changed |= memcmp(before, p, 4) != 0;
		}
	}
	return changed;
}
