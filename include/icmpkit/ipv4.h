/* SPDX-License-Identifier: MIT */
/**
 * DOC: IPv4 header (RFC 791): view, repr, parse, emit, options
 * Layer: wire (include/icmpkit/README.md)
 *
 * A view gives field accessors over the caller's buffer after one length
 * check. A repr is the header as a plain struct: ik_ipv4_parse() validates
 * and fills it, ik_ipv4_emit() writes it back with a fresh checksum.
 * Addresses are host-order uint32_t (192.0.2.1 is 0xc0000201).
 */
#ifndef ICMPKIT_IPV4_H
#define ICMPKIT_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bytes.h"
#include "err.h"

#ifdef __cplusplus
extern "C" {
#endif

#define IK_IPV4_HDR_MIN 20
#define IK_IPV4_HDR_MAX 60
#define IK_IPV4_MAX_LEN 65535

#define IK_IPPROTO_ICMP 1
#define IK_IPPROTO_TCP  6
#define IK_IPPROTO_UDP  17

/* flags in the fragment word */
#define IK_IPV4_RF 0x8000 /* reserved, must be zero */
#define IK_IPV4_DF 0x4000
#define IK_IPV4_MF 0x2000
#define IK_IPV4_OFFMASK 0x1fff

/**
 * struct ik_ipv4_view - checked window over an IPv4 header
 * @buf: first octet of the header
 * @len: octets available at @buf (at least the IHL says)
 */
struct ik_ipv4_view {
	const uint8_t *buf;
	size_t len;
};

/**
 * ik_ipv4_view_init() - the one length check before the accessors
 * @v:   view to fill
 * @buf: bytes
 * @len: octets at @buf
 *
 * Checks that the fixed header and the options the IHL announces are in the
 * buffer, and that version is 4 and IHL >= 5. Nothing else is validated.
 *
 * Return: header length in octets, or -IK_ETRUNC / -IK_EVERSION / -IK_EIHL.
 */
static inline int ik_ipv4_view_init(struct ik_ipv4_view *v, const uint8_t *buf, size_t len)
{
	unsigned hlen;

	if (!buf || len < IK_IPV4_HDR_MIN)
		return -IK_ETRUNC;
	if (buf[0] >> 4 != 4)
		return -IK_EVERSION;
	hlen = (buf[0] & 0x0fu) * 4u;
	if (hlen < IK_IPV4_HDR_MIN || hlen > len)
		return -IK_EIHL;
	v->buf = buf;
	v->len = len;
	return (int)hlen;
}

/** ik_ipv4_ihl() - header length in octets. Return: IHL * 4. */
static inline unsigned ik_ipv4_ihl(const struct ik_ipv4_view *v) { return (v->buf[0] & 0x0fu) * 4u; }
/** ik_ipv4_tos() - the TOS octet (DSCP << 2 | ECN). Return: TOS. */
static inline uint8_t ik_ipv4_tos(const struct ik_ipv4_view *v) { return v->buf[1]; }
/** ik_ipv4_total_len() - the Total Length field. Return: octets. */
static inline uint16_t ik_ipv4_total_len(const struct ik_ipv4_view *v) { return ik_get16(v->buf + 2); }
/** ik_ipv4_ident() - the Identification field. Return: id. */
static inline uint16_t ik_ipv4_ident(const struct ik_ipv4_view *v) { return ik_get16(v->buf + 4); }
/** ik_ipv4_frag_word() - flags and fragment offset as one word. Return: word. */
static inline uint16_t ik_ipv4_frag_word(const struct ik_ipv4_view *v) { return ik_get16(v->buf + 6); }
/** ik_ipv4_frag_off() - fragment offset in octets. Return: offset. */
static inline uint32_t ik_ipv4_frag_off(const struct ik_ipv4_view *v) { return (uint32_t)(ik_ipv4_frag_word(v) & IK_IPV4_OFFMASK) * 8u; }
/** ik_ipv4_ttl() - Time to Live. Return: TTL. */
static inline uint8_t ik_ipv4_ttl(const struct ik_ipv4_view *v) { return v->buf[8]; }
/** ik_ipv4_proto() - Protocol. Return: protocol number. */
static inline uint8_t ik_ipv4_proto(const struct ik_ipv4_view *v) { return v->buf[9]; }
/** ik_ipv4_csum() - Header Checksum field. Return: field value. */
static inline uint16_t ik_ipv4_csum(const struct ik_ipv4_view *v) { return ik_get16(v->buf + 10); }
/** ik_ipv4_src() - Source Address. Return: host order. */
static inline uint32_t ik_ipv4_src(const struct ik_ipv4_view *v) { return ik_get32(v->buf + 12); }
/** ik_ipv4_dst() - Destination Address. Return: host order. */
static inline uint32_t ik_ipv4_dst(const struct ik_ipv4_view *v) { return ik_get32(v->buf + 16); }

/**
 * struct ik_ipv4_repr - an IPv4 header as values
 * @tos:        TOS octet
 * @total_len:  Total Length (parse: from the packet; emit: ignored, computed
 *              as header length + @payload_len)
 * @ident:      Identification
 * @rf:         reserved flag (evil bit)
 * @df:         Don't Fragment
 * @mf:         More Fragments
 * @frag_off:   fragment offset in octets (multiple of 8)
 * @ttl:        Time to Live
 * @proto:      Protocol
 * @csum:       checksum field as read (parse only; emit computes it)
 * @src:        source, host order
 * @dst:        destination, host order
 * @opts:       options bytes (not copied), NULL if none
 * @opts_len:   option octets (multiple of 4 on emit; padded with EOL if not)
 * @payload_len: octets after the header (total_len - header length)
 */
struct ik_ipv4_repr {
	uint8_t tos;
	uint16_t total_len;
	uint16_t ident;
	bool rf, df, mf;
	uint32_t frag_off;
	uint8_t ttl;
	uint8_t proto;
	uint16_t csum;
	uint32_t src, dst;
	const uint8_t *opts;
	size_t opts_len;
	size_t payload_len;
};

/* ik_ipv4_parse() flags */
#define IK_IPV4_NO_CSUM  0x1u /* do not verify the header checksum */
#define IK_IPV4_QUOTED   0x2u /* quoted datagram: total length may exceed the buffer */

/**
 * ik_ipv4_parse() - validate an IPv4 header and fill a repr
 * @buf:   bytes
 * @len:   octets at @buf
 * @flags: IK_IPV4_NO_CSUM, IK_IPV4_QUOTED
 * @r:     repr to fill
 * @err:   where and why, on failure (may be NULL)
 *
 * Checks in order: length >= 20, version 4, IHL >= 5, IHL within buffer,
 * total length >= IHL and <= buffer (unless QUOTED), header checksum (unless
 * NO_CSUM), reserved flag clear and offset + payload <= 65535, options well
 * formed. On failure @r holds every field read before the bad one.
 *
 * Return: header length in octets, or a negative IK_E* code.
 */
static inline int ik_ipv4_parse(const uint8_t *buf, size_t len, unsigned flags,
				struct ik_ipv4_repr *r, struct ik_wire_err *err);

/**
 * ik_ipv4_parse_all() - ik_ipv4_parse() for any header: every check in
 * order, the reason of the first that fails in @err (ipv4.c)
 * @buf/@len/@flags/@r/@err: as ik_ipv4_parse()
 *
 * Return: as ik_ipv4_parse().
 */
int ik_ipv4_parse_all(const uint8_t *buf, size_t len, unsigned flags, struct ik_ipv4_repr *r,
		      struct ik_wire_err *err);

/**
 * ik_ipv4_hdr_sum_ok() - whether an IPv4 header's checksum is right
 * (RFC 1071): native-order 32-bit words into a 64-bit sum, folded, all ones
 * whatever the byte order; inline, as Linux ip_fast_csum
 * @b:    the header
 * @hlen: its length (a multiple of 4)
 *
 * Return: true if the folded sum is all ones.
 */
static inline bool ik_ipv4_hdr_sum_ok(const uint8_t *b, size_t hlen)
{
	uint64_t s = 0;

	for (size_t i = 0; i < hlen; i += 4) {
		uint32_t w;

		__builtin_memcpy(&w, b + i, 4);
		s += w;
	}
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffffu) + (s >> 16);
	s = (s & 0xffffu) + (s >> 16);
	return s == 0xffffu;
}

static inline int ik_ipv4_parse(const uint8_t *buf, size_t len, unsigned flags,
				struct ik_ipv4_repr *r, struct ik_wire_err *err)
{
	/* the commonest header, taken here: no options, the Total Length
	 * within the octets, reserved flag clear, offset + payload within
	 * 65535, checksum right (every check ik_ipv4_parse_all() makes passes,
	 * and it would fill the same fields) */
	if (buf && len >= IK_IPV4_HDR_MIN && buf[0] == 0x45 && !flags) {
		unsigned tot = ik_get16(buf + 2), word = ik_get16(buf + 6);
		unsigned fo = (word & IK_IPV4_OFFMASK) * 8u;

		if (tot >= IK_IPV4_HDR_MIN && tot <= len && !(word & IK_IPV4_RF) &&
		    fo + tot - IK_IPV4_HDR_MIN <= IK_IPV4_MAX_LEN && ik_ipv4_hdr_sum_ok(buf, IK_IPV4_HDR_MIN)) {
			*r = (struct ik_ipv4_repr){
				.tos = buf[1],
				.total_len = (uint16_t)tot,
				.ident = ik_get16(buf + 4),
				.df = (word & IK_IPV4_DF) != 0,
				.mf = (word & IK_IPV4_MF) != 0,
				.frag_off = fo,
				.ttl = buf[8],
				.proto = buf[9],
				.csum = ik_get16(buf + 10),
				.src = ik_get32(buf + 12),
				.dst = ik_get32(buf + 16),
				.payload_len = tot - IK_IPV4_HDR_MIN,
			};
			return IK_IPV4_HDR_MIN;
		}
	}
	return ik_ipv4_parse_all(buf, len, flags, r, err);
}

/**
 * ik_ipv4_hdr_len() - header length @r will emit
 * @r: repr
 *
 * Return: 20 + options rounded up to a multiple of 4.
 */
size_t ik_ipv4_hdr_len(const struct ik_ipv4_repr *r);

/**
 * ik_ipv4_emit() - write the header of @r at @buf with its checksum
 * @r:   repr (total_len and csum are computed)
 * @buf: output
 * @cap: octets available
 *
 * Return: header length written, or -IK_ENOSPC / -IK_EINVAL (options > 40,
 * total length > 65535).
 */
static inline int ik_ipv4_emit(const struct ik_ipv4_repr *r, uint8_t *buf, size_t cap);

/**
 * ik_ipv4_emit_all() - ik_ipv4_emit() for any header: options copied and
 * padded, every check (ipv4.c)
 * @r/@buf/@cap: as ik_ipv4_emit()
 *
 * Return: as ik_ipv4_emit().
 */
int ik_ipv4_emit_all(const struct ik_ipv4_repr *r, uint8_t *buf, size_t cap);

/**
 * ik_ipv4_put_fixed() - the one writer of an IPv4 header's 20 fixed octets
 * @r:    repr
 * @buf:  output (the options, when any, already at @buf + 20)
 * @hlen: header length (20 + the options padded to 4)
 * @osum: ones' complement sum of the option octets, network order (0: none)
 *
 * The checksum is summed from the values written, not read back from
 * @buf (that would wait on the stores).
 */
static inline void ik_ipv4_put_fixed(const struct ik_ipv4_repr *r, uint8_t *buf, size_t hlen,
				     uint32_t osum)
{
	uint16_t word = (uint16_t)(r->frag_off / 8u | (r->rf ? IK_IPV4_RF : 0) |
				   (r->df ? IK_IPV4_DF : 0) | (r->mf ? IK_IPV4_MF : 0));
	uint8_t vihl = (uint8_t)(0x40u | hlen / 4u);
	uint16_t tot = (uint16_t)(hlen + r->payload_len);
	uint64_t sum = (uint64_t)((unsigned)vihl << 8 | r->tos) + tot + r->ident + word +
		       ((unsigned)r->ttl << 8 | r->proto) + (r->src >> 16) + (r->src & 0xffffu) +
		       (r->dst >> 16) + (r->dst & 0xffffu) + osum;

	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	sum = (sum & 0xffffu) + (sum >> 16);
	buf[0] = vihl;
	buf[1] = r->tos;
	ik_put16(buf + 2, tot);
	ik_put16(buf + 4, r->ident);
	ik_put16(buf + 6, word);
	buf[8] = r->ttl;
	buf[9] = r->proto;
	ik_put16(buf + 10, (uint16_t)~sum);
	ik_put32(buf + 12, r->src);
	ik_put32(buf + 16, r->dst);
}

static inline int ik_ipv4_emit(const struct ik_ipv4_repr *r, uint8_t *buf, size_t cap)
{
	/* no options, a sound offset and length: written here */
	if (!r->opts_len && buf && cap >= IK_IPV4_HDR_MIN && !(r->frag_off & 7u) &&
	    r->frag_off / 8u <= IK_IPV4_OFFMASK &&
	    r->payload_len <= IK_IPV4_MAX_LEN - IK_IPV4_HDR_MIN) {
		ik_ipv4_put_fixed(r, buf, IK_IPV4_HDR_MIN, 0);
		return IK_IPV4_HDR_MIN;
	}
	return ik_ipv4_emit_all(r, buf, cap);
}

/* ---- options ---- */

#define IK_IPOPT_EOL  0
#define IK_IPOPT_NOP  1
#define IK_IPOPT_RR   7
#define IK_IPOPT_TS   68
#define IK_IPOPT_LSRR 131
#define IK_IPOPT_SSRR 137
#define IK_IPOPT_RA   148

/**
 * struct ik_ipv4_opt - one option
 * @type:  option type octet
 * @len:   option length (1 for EOL/NOP)
 * @off:   offset of the type octet within the options area
 * @raw:   the option's bytes (type octet first)
 * @ptr:   RR/LSRR/SSRR/TS pointer (1-based, as on the wire)
 * @naddr: RR/LSRR/SSRR: address slots; TS: entry slots
 * @ts_oflw: TS overflow count
 * @ts_flg:  TS flag (0 timestamps, 1 addr+ts, 3 prespecified)
 * @ra_value: Router Alert value
 */
struct ik_ipv4_opt {
	uint8_t type;
	uint8_t len;
	size_t off;
	const uint8_t *raw;
	uint8_t ptr;
	uint8_t naddr;
	uint8_t ts_oflw;
	uint8_t ts_flg;
	uint16_t ra_value;
};

/**
 * struct ik_ipv4_opt_iter - walks an options area
 * @p:   options area
 * @len: its length
 * @off: next option offset
 */
struct ik_ipv4_opt_iter {
	const uint8_t *p;
	size_t len;
	size_t off;
};

/**
 * ik_ipv4_opt_iter_init() - start walking options
 * @it:  iterator
 * @p:   options area
 * @len: its length
 */
void ik_ipv4_opt_iter_init(struct ik_ipv4_opt_iter *it, const uint8_t *p, size_t len);

/**
 * ik_ipv4_opt_next() - next option, with its own length checks
 * @it:  iterator
 * @o:   option to fill
 * @err: on failure, offset relative to the options area (may be NULL)
 *
 * EOL is returned once and ends the walk. Checks: length octet present,
 * length >= 2 and within the area; for RR/LSRR/SSRR length >= 3, pointer >= 4
 * and (pointer - 4) % 4 == 0 or pointer past the end; for TS length >= 4,
 * pointer >= 5; RA length 4. Unknown types are returned raw.
 *
 * Return: 1 with @o filled, 0 at the end, or -IK_EOPTION.
 */
int ik_ipv4_opt_next(struct ik_ipv4_opt_iter *it, struct ik_ipv4_opt *o, struct ik_wire_err *err);

/**
 * ik_ipv4_addr_str() - dotted quad
 * @a:   address, host order
 * @out: at least 16 octets
 *
 * Return: @out.
 */
char *ik_ipv4_addr_str(uint32_t a, char *out);

/**
 * ik_ipv4_addr_parse() - parse a dotted quad
 * @s:   text
 * @out: address, host order
 *
 * Return: 0, or -IK_EINVAL.
 */
int ik_ipv4_addr_parse(const char *s, uint32_t *out);

/**
 * ik_ipv4_prefix_mask() - a prefix length as a mask
 * @prefix: 0..32
 *
 * Return: the mask, host order (0 for /0).
 */
static inline uint32_t ik_ipv4_prefix_mask(unsigned prefix)
{
	return prefix ? ~(uint32_t)0 << (32 - prefix) : 0;
}

/**
 * ik_ipv4_prefix_parse() - parse "A.B.C.D/LEN" or a bare "A.B.C.D"
 * @s:      text
 * @addr:   address out, host order
 * @prefix: LEN out (1..32, decimal without a leading zero), 0 for a bare
 *          address
 *
 * Return: 0, or -IK_EINVAL (nothing written).
 */
int ik_ipv4_prefix_parse(const char *s, uint32_t *addr, unsigned *prefix);

#ifdef __cplusplus
}
#endif
#endif
