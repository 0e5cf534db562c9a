// SPDX-License-Identifier: MIT
/* fieldtext.c - a field's value as text, by its table's print format */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "icmpkit/fields.h"
#include "icmpkit/icmpv6.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/ipv6.h"
#include "icmpkit/names.h"
#include "sbuf.h"
#include "show_impl.h"

/**
 * ik_show_field_name() - what to call a field: the layer title for data layers
 * @l:  layer
 * @fi: field index
 *
 * Return: static or layer-owned string.
 */
const char *ik_show_field_name(const struct ik_dlayer *l, size_t fi)
{
	if (l->kind == IK_LK_DATA)
		return l->title;
	return l->ft->fields[fi].name;
}

bool ik_show_field_listed(const struct ik_dlayer *l, size_t fi)
{
	size_t first, count, whole;

	ik_show_field_span(l, fi, &first, &count, &whole);
	return count != 0 || l->ft->fields[fi].fmt == IK_FMT_BYTES;
}

/**
 * ik_show_field_verdict() - the checksum verdict about a field, if any
 * @l:  layer
 * @fi: field index
 *
 * Return: the verdict, or NULL.
 */
const struct ik_verdict *ik_show_field_verdict(const struct ik_dlayer *l, size_t fi)
{
	for (size_t i = 0; i < l->nv; i++)
		if (l->v[i].kind == IK_VK_CHECKSUM && l->v[i].field == (int)fi)
			return &l->v[i];
	return NULL;
}

/**
 * ik_show_field_span() - the octets of a field present in the packet
 * @l:     layer
 * @fi:    field index
 * @first: first octet, relative to the layer
 * @count: octets present (0: the field is not in the packet)
 * @whole: octets the field should have
 */
void ik_show_field_span(const struct ik_dlayer *l, size_t fi, size_t *first, size_t *count,
		     size_t *whole)
{
	const struct ik_field *f = &l->ft->fields[fi];
	size_t n;

	ik_field_octets(f, l->want > l->len ? l->want : l->len, first, whole);
	ik_field_octets(f, l->len, first, &n);
	if (*first >= l->len)
		n = 0;
	else if (*first + n > l->len)
		n = l->len - *first;
	*count = n;
}

/**
 * dscp_name() - the class name of a DSCP value (RFC 2474, 2597, 3246)
 * @v:   DSCP
 * @buf: output
 * @cap: its size
 *
 * Return: true when the value has a name.
 */
static bool dscp_name(unsigned v, char *buf, size_t cap)
{
	static const char *const cs[8] = { "CS0, default", "CS1", "CS2", "CS3",
					   "CS4", "CS5", "CS6, network control", "CS7" };

	struct sbuf b;

	sb_init(&b, buf, cap);
	if (v % 8 == 0) {
		sb_puts(&b, cs[v / 8 % 8]);
	} else if (v == 46) {
		sb_puts(&b, "EF, expedited forwarding");
	} else if (v / 8 >= 1 && v / 8 <= 4 && v % 2 == 0) {
		sb_puts(&b, "AF");
		sb_dec(&b, v / 8);
		sb_dec(&b, v % 8 / 2);
	} else {
		return false;
	}
	return true;
}

static const char *const ecn_names[4] = { "Not-ECT", "ECT(1)", "ECT(0)", "CE" };

/**
 * tclass_text() - an IPv6 Traffic Class as its two parts: "DSCP 46 (EF,
 * expedited forwarding), ECN Not-ECT" (RFC 8200 7, RFC 2474, RFC 3168)
 * @v:   the Traffic Class
 * @buf: output
 * @cap: its size
 *
 * Return: true.
 */
static bool tclass_text(unsigned v, char *buf, size_t cap)
{
	char name[48];
	struct sbuf b;

	sb_init(&b, buf, cap);
	sb_puts(&b, "DSCP ");
	sb_dec(&b, v >> 2);
	if (dscp_name(v >> 2, name, sizeof(name))) {
		sb_puts(&b, " (");
		sb_puts(&b, name);
		sb_puts(&b, ")");
	}
	sb_puts(&b, ", ECN ");
	sb_puts(&b, ecn_names[v & 3]);
	return true;
}

/**
 * flags_text() - names of the set bits of a FLAGS field
 * @f:   field (its flags string names the bits, most significant first)
 * @v:   value
 * @buf: output
 * @cap: its size
 *
 * Return: true when at least one bit is set.
 */
static bool flags_text(const struct ik_field *f, uint64_t v, char *buf, size_t cap)
{
	const char *s = f->flags ? f->flags : "";
	size_t bit = f->bit_len;
	bool any = false;
	struct sbuf b;

	sb_init(&b, buf, cap);
	while (bit > 0) {
		const char *bar = strchr(s, '|');
		size_t len = bar ? (size_t)(bar - s) : strlen(s);

		bit--;
		if (v >> bit & 1) {
			if (any)
				sb_putn(&b, ",", 1);
			sb_putn(&b, s, len);
			any = true;
		}
		s = bar ? bar + 1 : s + len;
	}
	return any;
}

/**
 * ms_text() - ms since midnight UT as hh:mm:ss.mmm, or why it is not one
 * @v:   value
 * @buf: output
 * @cap: its size
 */
static void ms_text(uint64_t v, char *buf, size_t cap)
{
	if (v & 0x80000000u || v >= 86400000u) {
		snprintf(buf, cap, "not ms since midnight UT");
		return;
	}
	snprintf(buf, cap, "%02u:%02u:%02u.%03u UT", (unsigned)(v / 3600000),
		 (unsigned)(v / 60000 % 60), (unsigned)(v / 1000 % 60), (unsigned)(v % 1000));
}

/**
 * ik_show_field_meaning() - what a field's value stands for, if anything
 * @d:   dissection
 * @l:   one of @d's layers
 * @fi:  field index in @l's table
 * @buf: output
 * @cap: its size
 *
 * Return: true if the field has a meaning (written to @buf).
 */
bool ik_show_field_meaning(const struct ik_dissection *d, const struct ik_dlayer *l, size_t fi,
			   char *buf, size_t cap)
{
	const struct ik_field *f = &l->ft->fields[fi];
	uint64_t val;

	if (cap == 0)
		return false;
	buf[0] = 0;
	if (f->fmt == IK_FMT_BYTES || !ik_field_get(f, d->pkt + l->off, l->len, &val))
		return false;
	return ik_show_meaning_of(d, l, fi, val, buf, cap);
}

/**
 * ik_show_meaning_of() - ik_show_field_meaning() of a value already read
 * @d:   dissection
 * @l:   layer
 * @fi:  field index (not an IK_FMT_BYTES field)
 * @val: the field's value
 * @buf: output (@buf[0] is 0 when there is no meaning)
 * @cap: its size (> 0)
 *
 * Return: true if the field has a meaning.
 */
bool ik_show_meaning_of(const struct ik_dissection *d, const struct ik_dlayer *l, size_t fi,
			uint64_t val, char *buf, size_t cap)
{
	const struct ik_field *f = &l->ft->fields[fi];
	const uint8_t *hdr = d->pkt + l->off;
	const struct ik_verdict *v;
	const char *s = NULL;
	struct sbuf b;

	buf[0] = 0;
	switch (f->fmt) {
	case IK_FMT_ICMP_TYPE:
		s = ik_icmp_type_name((uint8_t)val);
		break;
	case IK_FMT_ICMP_CODE:
		s = ik_icmp_code_name(hdr[0], (uint8_t)val);
		if (!strcmp(s, "No Code"))
			return false; /* the registry's word for "this type has no codes" */
		break;
	case IK_FMT_ICMPV6_TYPE:
		s = ik_icmpv6_type_name((uint8_t)val);
		break;
	case IK_FMT_ICMPV6_CODE:
		s = ik_icmpv6_code_name(hdr[0], (uint8_t)val);
		if (!strcmp(s, "No Code"))
			return false;
		break;
	case IK_FMT_IPV6OPT:
		s = ik_ipv6_opt_name((uint8_t)val);
		break;
	case IK_FMT_NDPOPT:
		s = ik_ndp_opt_name((uint8_t)val);
		break;
	case IK_FMT_EXTLEN:
	case IK_FMT_UNITS8:
		sb_init(&b, buf, cap);
		sb_dec(&b, f->fmt == IK_FMT_EXTLEN ? (val + 1) * 8 : val * 8);
		sb_puts(&b, " octets");
		return true;
	case IK_FMT_PROTO:
		s = ik_ip_proto_name((uint8_t)val);
		break;
	case IK_FMT_OPTTYPE:
		s = ik_ipopt_name((uint8_t)val);
		break;
	case IK_FMT_TCPOPT:
		s = ik_tcpopt_name((uint8_t)val);
		break;
	case IK_FMT_FLAGS:
		if (!flags_text(f, val, buf, cap)) {
			sb_init(&b, buf, cap);
			sb_puts(&b, "none set");
		}
		return true;
	case IK_FMT_MSTIME:
		ms_text(val, buf, cap);
		return true;
	case IK_FMT_FRAGOFF:
		if (!val)
			return false;
		sb_init(&b, buf, cap);
		sb_dec(&b, val * 8);
		sb_puts(&b, " octets");
		return true;
	case IK_FMT_WORDS:
		sb_init(&b, buf, cap);
		sb_dec(&b, val * 4);
		sb_puts(&b, " octets");
		return true;
	case IK_FMT_CSUM:
		v = ik_show_field_verdict(l, fi);
		if (!v)
			return false;
		switch (v->status) {
		case IK_VS_OK:
			s = "correct";
			break;
		case IK_VS_BAD:
			sb_init(&b, buf, cap);
			sb_puts(&b, "WRONG, should be 0x");
			sb_hex(&b, v->expect, 4);
			return true;
		case IK_VS_UNVERIFIABLE:
			s = "not verifiable";
			break;
		default:
			s = "none sent";
			break;
		}
		break;
	case IK_FMT_HEX:
		if (l->ft == &ik_ft_ipv6 && !strcmp(f->key, "traffic_class"))
			return tclass_text((unsigned)val, buf, cap);
		break;
	case IK_FMT_DEC:
		if (l->ft == &ik_ft_ipv4 && !strcmp(f->key, "ecn")) {
			s = ecn_names[val & 3];
		} else if (l->ft == &ik_ft_ipv4 && !strcmp(f->key, "dscp")) {
			return dscp_name((unsigned)val, buf, cap);
		}
		break;
	default:
		break;
	}
	if (!s)
		return false;
	sb_init(&b, buf, cap);
	sb_puts(&b, s);
	return true;
}

/**
 * ik_show_value_text() - the bare value of a field of at most 64 bits
 * @f:   field
 * @val: value
 * @buf: output
 * @cap: its size
 *
 * Return: the length of the text.
 */
size_t ik_show_value_text(const struct ik_field *f, uint64_t val, char *buf, size_t cap)
{
	struct sbuf b;
	char a[16];

	sb_init(&b, buf, cap);
	switch (f->fmt) {
	case IK_FMT_HEX:
		sb_puts(&b, "0x");
		sb_hex(&b, val, (f->bit_len + 3u) / 4u);
		break;
	case IK_FMT_CSUM:
		sb_puts(&b, "0x");
		sb_hex(&b, val, 4);
		break;
	case IK_FMT_IPV4:
		sb_puts(&b, ik_ipv4_addr_str((uint32_t)val, a));
		break;
	case IK_FMT_FLAGS: {
		char bits[65];
		size_t i;

		for (i = 0; i < f->bit_len && i < 64; i++)
			bits[i] = (char)('0' + (val >> (f->bit_len - 1 - i) & 1));
		sb_puts(&b, "0b");
		sb_putn(&b, bits, i);
		break;
	}
	default:
		sb_dec(&b, val);
		break;
	}
	return sb_len(&b);
}

/**
 * ik_show_ipv6_text() - the RFC 5952 text of an IPv6 address field
 * @l:   layer
 * @fi:  field index
 * @hdr: the layer's first octet
 * @buf: output, at least IK_IPV6_ADDR_STRLEN octets
 *
 * Return: true when the field is an IK_FMT_IPV6 one whole in the packet
 * (written to @buf); false otherwise (@buf untouched).
 */
bool ik_show_ipv6_text(const struct ik_dlayer *l, size_t fi, const uint8_t *hdr, char *buf)
{
	const struct ik_field *f = &l->ft->fields[fi];

	if (f->fmt != IK_FMT_IPV6 || f->bit_off % 8 || f->bit_len != 128 ||
	    !ik_field_avail(f, l->len))
		return false;
	ik_ipv6_addr_str(hdr + f->bit_off / 8, buf);
	return true;
}

/**
 * ik_show_bytes_preview() - "N octets: xx xx ..." cut to @width characters
 * @d:     dissection
 * @l:     layer
 * @fi:    field index (an IK_FMT_BYTES field)
 * @width: characters available
 * @buf:   output
 * @cap:   its size
 */
void ik_show_bytes_preview(const struct ik_dissection *d, const struct ik_dlayer *l, size_t fi,
			size_t width, char *buf, size_t cap)
{
	size_t first, count, whole, n;
	const uint8_t *p;
	char head[64];

	if (cap == 0)
		return;
	ik_show_field_span(l, fi, &first, &count, &whole);
	p = d->pkt + l->off + first;
	if (count < whole)
		snprintf(head, sizeof(head), "%zu of %zu octets", count, whole);
	else
		snprintf(head, sizeof(head), "%zu octet%s", count, count == 1 ? "" : "s");
	if (strlen(head) > width) {
		snprintf(head, sizeof(head), "%zu", count);
		if (strlen(head) > width)
			head[0] = 0;
		snprintf(buf, cap, "%s", head);
		return;
	}
	n = (size_t)snprintf(buf, cap, "%s", head);
	for (size_t i = 0; i < count && n < cap; i++) {
		/* room for ": xx" or " xx", plus " ..." unless this is the last */
		size_t need = 3 + (i == 0 ? 1 : 0) + (i + 1 < count ? 4 : 0);

		if (n + need > width || n + need >= cap) {
			if (i > 0 && n + 4 <= width && n + 4 < cap)
				n += (size_t)snprintf(buf + n, cap - n, " ...");
			break;
		}
		n += (size_t)snprintf(buf + n, cap - n, "%s%02x", i == 0 ? ": " : " ", p[i]);
	}
}

/**
 * ik_show_field_text() - a field's value as text
 * @d:     dissection
 * @l:     one of @d's layers
 * @fi:    field index in @l's table
 * @style: enum ik_text_style
 * @buf:   output
 * @cap:   its size
 *
 * Return: the length of the full text (as snprintf).
 */
size_t ik_show_field_text(const struct ik_dissection *d, const struct ik_dlayer *l, size_t fi,
			  unsigned style, char *buf, size_t cap)
{
	const struct ik_field *f = &l->ft->fields[fi];
	const struct ik_verdict *v;
	char val[80], mean[64];
	struct sbuf b;
	uint64_t x;

	sb_init(&b, buf, cap);
	if (f->fmt == IK_FMT_BYTES) {
		size_t first, count, whole;

		ik_show_field_span(l, fi, &first, &count, &whole);
		sb_dec(&b, count);
		if (count < whole) {
			sb_puts(&b, " of ");
			sb_dec(&b, whole);
			sb_puts(&b, " octets (truncated)");
		} else {
			sb_puts(&b, count == 1 ? " octet" : " octets");
		}
		return sb_len(&b);
	}
	if (ik_show_ipv6_text(l, fi, d->pkt + l->off, val)) {
		sb_puts(&b, val);
		return sb_len(&b);
	}
	if (!ik_field_get(f, d->pkt + l->off, l->len, &x)) {
		sb_puts(&b, style == IK_TEXT_FULL ? "(truncated)" : "-");
		return sb_len(&b);
	}
	ik_show_value_text(f, x, val, sizeof(val));
	if (style == IK_TEXT_SHORT) {
		sb_puts(&b, f->fmt == IK_FMT_FLAGS ? val + 2 : val);
		return sb_len(&b);
	}
	if (style == IK_TEXT_MEDIUM) {
		switch (f->fmt) {
		case IK_FMT_FLAGS:
			if (!flags_text(f, x, mean, sizeof(mean)))
				snprintf(mean, sizeof(mean), "none");
			sb_puts(&b, mean);
			return sb_len(&b);
		case IK_FMT_WORDS:
		case IK_FMT_FRAGOFF:
			sb_puts(&b, val);
			if (f->fmt == IK_FMT_WORDS || x) {
				sb_puts(&b, " (");
				sb_dec(&b, x * (f->fmt == IK_FMT_WORDS ? 4 : 8));
				sb_puts(&b, ")");
			}
			return sb_len(&b);
		case IK_FMT_EXTLEN:
		case IK_FMT_UNITS8:
			sb_puts(&b, val);
			sb_puts(&b, " (");
			sb_dec(&b, f->fmt == IK_FMT_EXTLEN ? (x + 1) * 8 : x * 8);
			sb_puts(&b, ")");
			return sb_len(&b);
		case IK_FMT_MSTIME:
			ms_text(x, mean, sizeof(mean));
			sb_puts(&b, x < 86400000u ? mean : val);
			return sb_len(&b);
		case IK_FMT_CSUM:
			v = ik_show_field_verdict(l, fi);
			if (v && v->status != IK_VS_OK && v->status != IK_VS_BAD &&
			    v->status != IK_VS_UNVERIFIABLE) {
				sb_puts(&b, "0 (none sent)");
				return sb_len(&b);
			}
			sb_puts(&b, val);
			if (!v)
				return sb_len(&b);
			if (v->status == IK_VS_OK) {
				sb_puts(&b, " correct");
			} else if (v->status == IK_VS_BAD) {
				sb_puts(&b, " WRONG (should be 0x");
				sb_hex(&b, v->expect, 4);
				sb_puts(&b, ")");
			} else {
				sb_puts(&b, " not verifiable");
			}
			return sb_len(&b);
		default:
			break;
		}
	}
	sb_puts(&b, val);
	if (ik_show_field_meaning(d, l, fi, mean, sizeof(mean))) {
		sb_puts(&b, " (");
		sb_puts(&b, mean);
		sb_puts(&b, ")");
	}
	return sb_len(&b);
}
