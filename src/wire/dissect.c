// SPDX-License-Identifier: MIT
/*
 * dissect.c - split an IPv4 datagram into layers with verdicts: the layer table,
 * the verdicts, the entry point
 * (the files of the dissector share wire/dissect_impl.h)
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/ipv6.h"
#include "icmpkit/names.h"
#include "icmpkit/udp.h"
#include "wire/dissect_impl.h"

static const struct ik_field data_fields[] = {
	{ "Data", "data", 0, 0, IK_FMT_BYTES, NULL },
};
static const struct ik_field_table data_table = { "Data", "data", data_fields, 1 };

static const uint8_t empty[1];

/**
 * ik_dx_set_err() - keep @e as the packet's error unless one is already kept
 * @d:    dissection
 * @e:    parser error, offset relative to @base
 * @base: offset in the packet of the buffer the parser was given
 */
void ik_dx_set_err(struct ik_dissection *d, const struct ik_wire_err *e, size_t base)
{
	if (d->has_err)
		return;
	d->has_err = true;
	d->err = *e;
	d->err.off += base;
}

/**
 * quick_ok() - whether quick_format() can format @fmt
 * @fmt: printf format
 *
 * Return: true when its only conversions are %s, %u and %zu.
 */
static bool quick_ok(const char *fmt)
{
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p, '%')) {
		if (p[1] == 's' || p[1] == 'u')
			p += 2;
		else if (p[1] == 'z' && p[2] == 'u')
			p += 3;
		else
			return false;
	}
	return true;
}

/**
 * put() - append @n octets to a text cut at @cap - 1, as snprintf cuts
 * @buf: output
 * @cap: its size (> 0)
 * @len: octets written so far (updated)
 * @s:   text
 * @n:   its length
 */
static void put(char *buf, size_t cap, size_t *len, const char *s, size_t n)
{
	size_t room = cap - 1 - *len;

	if (n > room)
		n = room;
	memcpy(buf + *len, s, n);
	*len += n;
}

/**
 * quick_format() - vsnprintf() for the formats quick_ok() accepts, the
 * dissector's titles and notes, without its cost
 * @buf: output
 * @cap: its size (> 0)
 * @fmt: format
 * @ap:  arguments
 */
static void quick_format(char *buf, size_t cap, const char *fmt, va_list ap)
{
	size_t len = 0;

	while (*fmt) {
		const char *pc = strchr(fmt, '%');
		char num[24];
		size_t k = sizeof(num);
		unsigned long long u;

		if (!pc) {
			put(buf, cap, &len, fmt, strlen(fmt));
			break;
		}
		put(buf, cap, &len, fmt, (size_t)(pc - fmt));
		if (pc[1] == 's') {
			const char *a = va_arg(ap, const char *);

			if (!a)
				a = "(null)"; /* as glibc prints it */
			put(buf, cap, &len, a, strlen(a));
			fmt = pc + 2;
			continue;
		}
		if (pc[1] == 'u') {
			u = va_arg(ap, unsigned);
			fmt = pc + 2;
		} else {
			u = va_arg(ap, size_t);
			fmt = pc + 3;
		}
		do {
			num[--k] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		put(buf, cap, &len, num + k, sizeof(num) - k);
	}
	buf[len] = 0;
}

/**
 * format() - vsnprintf(@buf, @cap, @fmt, @ap), quick_format() when it can
 * @buf: output
 * @cap: its size (> 0)
 * @fmt: format
 * @ap:  arguments
 */
static void format(char *buf, size_t cap, const char *fmt, va_list ap)
{
	if (quick_ok(fmt))
		quick_format(buf, cap, fmt, ap);
	else
		vsnprintf(buf, cap, fmt, ap);
}

/**
 * ik_dx_add_layer() - append a layer
 * @d:     dissection
 * @kind:  enum ik_layer_kind
 * @depth: nesting depth
 * @ft:    field table (NULL for a quote frame)
 * @off:   offset in the packet
 * @want:  octets the layer should have
 * @fmt:   printf format of the title
 *
 * The layer gets min(@want, octets left in the packet) octets. When only one
 * slot is left, a data layer holding the rest of the packet takes it
 * instead and every later layer is dropped.
 *
 * Return: the layer, or NULL when the table is full.
 */
struct ik_dlayer *ik_dx_add_layer(struct ik_dissection *d, unsigned kind, unsigned depth,
				  const struct ik_field_table *ft, size_t off, size_t want,
				  const char *fmt, ...)
{
	struct ik_dlayer *l;
	va_list ap;

	if (d->nlayers >= IK_DISSECT_MAX_LAYERS)
		return NULL;
	if (off > d->len)
		off = d->len;
	l = &d->layers[d->nlayers++];
	memset(l, 0, sizeof(*l));
	if (d->nlayers == IK_DISSECT_MAX_LAYERS) {
		l->kind = IK_LK_DATA;
		l->depth = (uint8_t)depth;
		l->ft = &data_table;
		l->off = off;
		l->len = l->want = d->len - off;
		snprintf(l->title, sizeof(l->title), "Rest of the packet (too many layers to show)");
		return NULL;
	}
	l->kind = (uint8_t)kind;
	l->depth = (uint8_t)depth;
	l->ft = ft;
	l->off = off;
	l->want = want;
	l->len = ik_dx_min(want, d->len - off);
	l->attached = kind == IK_LK_IPOPT || kind == IK_LK_TCPOPT || kind == IK_LK_EXT_OBJ ||
		      kind == IK_LK_MPLS || kind == IK_LK_IPV6_OPT || kind == IK_LK_NDP_OPT;
	va_start(ap, fmt);
	format(l->title, sizeof(l->title), fmt, ap);
	va_end(ap);
	return l;
}

/**
 * ik_dx_add_data() - append a data layer of @len octets at @off (if any)
 * @d:     dissection
 * @depth: nesting depth
 * @off:   offset in the packet
 * @len:   octets (nothing is added for 0)
 * @title: heading
 * @att:   the data belongs to the header before it (struct ik_dlayer.attached)
 */
void ik_dx_add_data(struct ik_dissection *d, unsigned depth, size_t off, size_t len,
		     const char *title, bool att)
{
	struct ik_dlayer *l;

	if (len == 0)
		return;
	l = ik_dx_add_layer(d, IK_LK_DATA, depth, &data_table, off, len, "%s", title);
	if (l)
		l->attached = att;
}

/**
 * ik_dx_add_verdict() - append a verdict to @l
 * @l:      layer (NULL is ignored)
 * @kind:   enum ik_verdict_kind
 * @status: enum ik_verdict_status
 * @field:  field index in @l's table, or -1
 * @what:   static description
 * @value:  field as read
 * @expect: correct value or compared length
 * @fmt:    printf format of the note
 */
void ik_dx_add_verdict(struct ik_dlayer *l, unsigned kind, unsigned status, int field,
			const char *what, uint32_t value, uint32_t expect, const char *fmt, ...)
{
	struct ik_verdict *v;
	va_list ap;

	if (!l || l->nv >= IK_LAYER_MAX_VERDICTS)
		return;
	v = &l->v[l->nv++];
	v->kind = (uint8_t)kind;
	v->status = (uint8_t)status;
	v->field = (int8_t)field;
	v->what = what;
	v->value = value;
	v->expect = expect;
	va_start(ap, fmt);
	format(v->note, sizeof(v->note), fmt, ap);
	va_end(ap);
}

/**
 * ik_dx_csum_should() - the value a checksum field at @foff should hold
 * @buf:  data covered by the checksum (field included)
 * @len:  octets
 * @foff: even offset of the field
 *
 * Return: the checksum computed with the field taken as zero.
 */
uint16_t ik_dx_csum_should(const uint8_t *buf, size_t len, size_t foff)
{
	uint32_t acc = ik_csum_partial(buf, foff, 0);

	acc = ik_csum_partial(buf + foff + 2, len - foff - 2, acc);
	return ik_csum_finish(acc);
}

/**
 * ik_dx_csum_verdict() - checksum verdict for a field at @foff over @len octets
 * @l:     layer
 * @field: field index
 * @what:  description
 * @buf:   data covered (field included)
 * @len:   octets
 * @foff:  field offset in @buf
 */
void ik_dx_csum_verdict(struct ik_dlayer *l, int field, const char *what, const uint8_t *buf,
			 size_t len, size_t foff)
{
	uint16_t have = ik_get16(buf + foff);
	uint16_t want = ik_dx_csum_should(buf, len, foff);

	if (ik_csum(buf, len) == 0)
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_OK, field, what, have, have,
			    "over %zu octets", len);
	else
		ik_dx_add_verdict(l, IK_VK_CHECKSUM, IK_VS_BAD, field, what, have, want,
			    "over %zu octets", len);
}

/**
 * ik_dx_l4_csum() - the checksum an upper-layer header should carry, over
 * the IPv4 or the IPv6 pseudo-header as @c says
 * @c:     transport context
 * @p:     the header
 * @len:   octets covered
 * @foff:  offset of the checksum field
 * @proto: upper-layer protocol
 *
 * Return: the right field value (for UDP a computed 0 is sent as 0xffff).
 */
uint16_t ik_dx_l4_csum(const struct l4_ctx *c, const uint8_t *p, size_t len, size_t foff,
		       uint8_t proto)
{
	uint32_t acc;
	uint16_t v;

	if (c->src6)
		return ik_ipv6_l4_checksum(p, len, foff, c->src6, c->dst6, proto);
	acc = ik_csum_pseudo(c->src, c->dst, proto, (uint16_t)len);
	acc = ik_csum_partial(p, foff, acc);
	acc = ik_csum_partial(p + foff + 2, len - foff - 2, acc);
	v = ik_csum_finish(acc);
	return v || proto != IK_IPPROTO_UDP ? v : 0xffff;
}

/**
 * ik_dx_link_payload() - point an IP layer at the first layer of its payload
 * @d:     dissection
 * @ip:    the IPv4 or IPv6 layer (NULL is ignored)
 * @first: d->nlayers before the payload's layers were added
 * @off:   offset of the payload in the packet
 *
 * Leaves &struct ik_dlayer.payload at 0 when nothing was added there.
 */
void ik_dx_link_payload(struct ik_dissection *d, struct ik_dlayer *ip, size_t first, size_t off)
{
	_Static_assert(IK_DISSECT_MAX_LAYERS <= 256, "a layer index fits struct ik_dlayer.payload");

	if (ip && first < d->nlayers && d->layers[first].off == off)
		ip->payload = (uint8_t)first;
}

/**
 * dissect_with() - the entry points' common part
 * @d:   result
 * @pkt: the packet
 * @len: octets at @pkt
 * @top: the dissector of the outer header
 *
 * Return: as ik_dissect().
 */
static int dissect_with(struct ik_dissection *d, const uint8_t *pkt, size_t len,
			void (*top)(struct ik_dissection *))
{
	if (!d || (!pkt && len))
		return -IK_EINVAL;
	/* the layers are cleared one by one as ik_dx_add_layer() takes them:
	 * clearing all 64 for every packet cost more than dissecting it */
	memset(d, 0, offsetof(struct ik_dissection, layers));
	memset(&d->has_err, 0, sizeof(*d) - offsetof(struct ik_dissection, has_err));
	d->pkt = pkt ? pkt : empty;
	d->len = len;
	top(d);
	for (size_t i = 0; i < d->nlayers; i++)
		for (size_t j = 0; j < d->layers[i].nv; j++)
			if (d->layers[i].v[j].status == IK_VS_BAD)
				d->nbad++;
	d->valid = !d->has_err && d->nbad == 0;
	return d->valid ? 0 : 1;
}

/**
 * ik_dissect() - split an IPv4 datagram into layers and check it
 * @d:   result (overwritten but for the layers past @d->nlayers)
 * @pkt: the datagram, starting with the IPv4 header
 * @len: octets at @pkt
 *
 * Return: 0 when the packet is fully valid, 1 when it has an error or a bad
 * verdict, -IK_EINVAL for bad arguments.
 */
int ik_dissect(struct ik_dissection *d, const uint8_t *pkt, size_t len)
{
	return dissect_with(d, pkt, len, ik_dx_ipv4);
}

/**
 * ik_dissect_ipv6() - split an IPv6 packet into layers and check it
 * @d:   result
 * @pkt: the packet, starting with the IPv6 header
 * @len: octets at @pkt
 *
 * Return: as ik_dissect().
 */
int ik_dissect_ipv6(struct ik_dissection *d, const uint8_t *pkt, size_t len)
{
	return dissect_with(d, pkt, len, ik_dx_ipv6);
}

/**
 * ik_dissect_ip() - by the Version nibble: IPv6 for 6, IPv4 otherwise
 * @d:   result
 * @pkt: the packet
 * @len: octets at @pkt
 *
 * Return: as ik_dissect().
 */
int ik_dissect_ip(struct ik_dissection *d, const uint8_t *pkt, size_t len)
{
	if (pkt && len && pkt[0] >> 4 == 6)
		return ik_dissect_ipv6(d, pkt, len);
	return ik_dissect(d, pkt, len);
}

/**
 * ik_layer_kind_name() - short name of a layer kind
 * @kind: enum ik_layer_kind
 *
 * Return: static string, "unknown" when out of range; never NULL.
 */
const char *ik_layer_kind_name(unsigned kind)
{
	static const char *const names[] = {
		[IK_LK_IPV4] = "ipv4",
		[IK_LK_IPOPT] = "ipv4_option",
		[IK_LK_UDP] = "udp",
		[IK_LK_TCP] = "tcp",
		[IK_LK_ICMP] = "icmp",
		[IK_LK_QUOTE] = "quote",
		[IK_LK_EXT] = "icmp_extension",
		[IK_LK_EXT_OBJ] = "icmp_extension_object",
		[IK_LK_MPLS] = "mpls",
		[IK_LK_DATA] = "data",
		[IK_LK_TCPOPT] = "tcp_option",
		[IK_LK_IPV6] = "ipv6",
		[IK_LK_IPV6_EXT] = "ipv6_extension",
		[IK_LK_IPV6_OPT] = "ipv6_option",
		[IK_LK_ICMPV6] = "icmpv6",
		[IK_LK_NDP_OPT] = "ndp_option",
	};

	if (kind >= sizeof(names) / sizeof(names[0]) || !names[kind])
		return "unknown";
	return names[kind];
}
