// SPDX-License-Identifier: MIT
/*
 * test_checksum.c - Internet checksum (RFC 1071), pseudo-header (RFC 768)
 * and incremental update (RFC 1624), for every implementation the CPU runs,
 * against a byte-by-byte reference written here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/checksum.h"
#include "wire/checksum_impl.h"

#define MAXLEN 4096 /* every length 0..MAXLEN */
#define NALIGN 8    /* every start offset 0..7 from a 64-octet boundary */
#define NPAT   2    /* random data, all 0xff */

static uint8_t pattern[NPAT][MAXLEN];
static uint32_t ref_tab[NPAT][MAXLEN + 1]; /* reference sum of each prefix */
static uint64_t rng = 0x9e3779b97f4a7c15u;

/**
 * rnd() - xorshift64 with a fixed seed, so every run sees the same data
 *
 * Return: the next 64 pseudo-random bits.
 */
static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/**
 * ref_fold() - end-around-carry fold, as RFC 1071 §4.1 does it
 * @s: sum
 *
 * Return: @s folded to 16 bits.
 */
static uint32_t ref_fold(uint64_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint32_t)s;
}

/**
 * ref_sum() - RFC 1071 ones' complement sum, one octet at a time
 * @p:   data
 * @len: octets
 * @acc: starting partial sum
 *
 * Octet i is the high half of a big-endian word when i is even and the low
 * half when odd; a last odd octet is thus padded with a zero low half.
 *
 * Return: the folded, uncomplemented sum.
 */
static uint32_t ref_sum(const uint8_t *p, size_t len, uint32_t acc)
{
	uint64_t s = acc;

	for (size_t i = 0; i < len; i++)
		s += (i % 2 == 0) ? (uint64_t)p[i] << 8 : p[i];
	return ref_fold(s);
}

/**
 * setup() - fill the data patterns and their reference sums
 * @state: unused
 *
 * Return: 0.
 */
static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < MAXLEN; i++)
		pattern[0][i] = (uint8_t)(rnd() >> 56);
	memset(pattern[1], 0xff, MAXLEN);
	for (int k = 0; k < NPAT; k++)
		for (size_t len = 0; len <= MAXLEN; len++)
			ref_tab[k][len] = ref_sum(pattern[k], len, 0);
	return 0;
}

static const enum ik_csum_impl all_impls[] = {
	IK_CSUM_AUTO, IK_CSUM_PORTABLE, IK_CSUM_AVX2, IK_CSUM_AVX512,
};

/**
 * impl_label() - printable name of an implementation for messages
 * @impl: implementation
 *
 * Return: "auto" or the implementation's own name.
 */
static const char *impl_label(enum ik_csum_impl impl)
{
	return impl == IK_CSUM_AUTO ? "auto" : ik_csum_impl_name(impl);
}

/**
 * skip_unless() - skip the current test, visibly, if @impl cannot run
 * @impl: implementation
 */
static void skip_unless(enum ik_csum_impl impl)
{
	if (!ik_csum_available(impl)) {
		print_message("SKIP %s: this CPU cannot run it\n", impl_label(impl));
		skip();
	}
}

/**
 * check_all_lengths() - @impl over every length at every alignment
 * @impl: implementation (available)
 *
 * Each case sits at the end of its own allocation so that ASan reports any
 * read past the buffer, and is summed from 0 and from a random partial sum.
 */
static void check_all_lengths(enum ik_csum_impl impl)
{
	for (int k = 0; k < NPAT; k++) {
		for (size_t align = 0; align < NALIGN; align++) {
			for (size_t len = 0; len <= MAXLEN; len++) {
				void *mem = NULL;
				uint8_t *b;
				uint32_t acc = (uint32_t)(rnd() & 0xffff);
				uint32_t got, got_acc;

				assert_int_equal(posix_memalign(&mem, 64, align + len + (align + len == 0)), 0);
				b = (uint8_t *)mem + align;
				memcpy(b, pattern[k], len);
				got = ik_csum_partial_with(impl, b, len, 0);
				got_acc = ik_csum_partial_with(impl, b, len, acc);
				if (got != ref_tab[k][len] || got_acc != ref_fold((uint64_t)ref_tab[k][len] + acc))
					fail_msg("%s: pattern %d len %zu align %zu: got %#x/%#x want %#x/%#x",
						 impl_label(impl), k, len, align, got, got_acc, ref_tab[k][len],
						 ref_fold((uint64_t)ref_tab[k][len] + acc));
				free(mem);
			}
		}
	}
}

/** portable_all_lengths() - portable C loop, lengths 0..4096, offsets 0..7. @state: unused */
static void portable_all_lengths(void **state)
{
	(void)state;
	check_all_lengths(IK_CSUM_PORTABLE);
}

/** avx2_all_lengths() - AVX2 kernel, lengths 0..4096, offsets 0..7. @state: unused */
static void avx2_all_lengths(void **state)
{
	(void)state;
	skip_unless(IK_CSUM_AVX2);
	check_all_lengths(IK_CSUM_AVX2);
}

/** avx512_all_lengths() - AVX-512 kernel, lengths 0..4096, offsets 0..7. @state: unused */
static void avx512_all_lengths(void **state)
{
	(void)state;
	skip_unless(IK_CSUM_AVX512);
	check_all_lengths(IK_CSUM_AVX512);
}

/** auto_all_lengths() - the chosen kernel and ik_csum(). @state: unused */
static void auto_all_lengths(void **state)
{
	(void)state;
	check_all_lengths(IK_CSUM_AUTO);
	for (size_t len = 0; len <= MAXLEN; len++) {
		assert_int_equal(ik_csum_partial(pattern[0], len, 0), ref_tab[0][len]);
		assert_int_equal(ik_csum(pattern[0], len), (uint16_t)~ref_tab[0][len]);
	}
}

/**
 * available_impls() - the implementations this CPU runs, AUTO excluded
 * @out: at least IK_CSUM_NIMPL entries
 *
 * Return: how many were stored.
 */
static size_t available_impls(enum ik_csum_impl *out)
{
	size_t n = 0;

	for (int i = IK_CSUM_PORTABLE; i < IK_CSUM_NIMPL; i++)
		if (ik_csum_available((enum ik_csum_impl)i))
			out[n++] = (enum ik_csum_impl)i;
	return n;
}

/* Every start offset within a cache line (the AVX-512 kernel aligns its loads). */
static void every_line_offset(void **state)
{
	static const size_t big[] = { 1499, 1500, 4095, 4096 };
	enum ik_csum_impl im[IK_CSUM_NIMPL];
	size_t n = available_impls(im);

	(void)state;
	for (size_t off = 0; off < 64; off++) {
		for (size_t li = 0; li <= 600 + sizeof(big) / sizeof(big[0]); li++) {
			size_t len = li <= 600 ? li : big[li - 601];
			void *mem = NULL;
			uint8_t *b;

			assert_int_equal(posix_memalign(&mem, 64, off + len + (off + len == 0)), 0);
			b = (uint8_t *)mem + off;
			memcpy(b, pattern[off & 1], len);
			for (size_t i = 0; i < n; i++) {
				uint32_t got = ik_csum_partial_with(im[i], b, len, 0);

				if (got != ref_tab[off & 1][len])
					fail_msg("%s: offset %zu len %zu: got %#x want %#x", impl_label(im[i]),
						 off, len, got, ref_tab[off & 1][len]);
			}
			free(mem);
		}
	}
}

/* RFC 1071 §3 example: words 0001 f203 f4f5 f6f7 sum to ddf2. */
static void rfc1071_example(void **state)
{
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	(void)state;
	assert_int_equal(ref_sum(b, sizeof(b), 0), 0xddf2);
	for (size_t i = 0; i < sizeof(all_impls) / sizeof(all_impls[0]); i++)
		if (ik_csum_available(all_impls[i]))
			assert_int_equal(ik_csum_partial_with(all_impls[i], b, sizeof(b), 0), 0xddf2);
	assert_int_equal(ik_csum(b, sizeof(b)), (uint16_t)~0xddf2);
}

/* A well-known IPv4 header whose checksum field holds 0xb861. */
static void ipv4_header_known_answer(void **state)
{
	uint8_t h[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
			  0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };

	(void)state;
	assert_int_equal(ik_csum(h, sizeof(h)), 0xb861);
	ik_put16(h + 10, 0xb861);
	assert_int_equal(ik_csum(h, sizeof(h)), 0);
	h[8] = 0x3f; /* a changed octet no longer verifies */
	assert_int_not_equal(ik_csum(h, sizeof(h)), 0);
}

/* Partial sums chained over every even split point, mixing kernels. */
static void chained_partials(void **state)
{
	static const size_t big[] = { 511, 1500, 2049, 4095, 4096 };
	enum ik_csum_impl im[IK_CSUM_NIMPL];
	size_t n = available_impls(im);
	size_t turn = 0;

	(void)state;
	for (size_t li = 0; li <= 300 + sizeof(big) / sizeof(big[0]); li++) {
		size_t len = li <= 300 ? li : big[li - 301];

		for (size_t k = 0; k <= len; k += 2) {
			enum ik_csum_impl i1 = im[turn++ % n], i2 = im[turn++ % n];
			uint32_t a = ik_csum_partial_with(i1, pattern[0], k, 0);
			uint32_t got = ik_csum_partial_with(i2, pattern[0] + k, len - k, a);

			if (got != ref_tab[0][len])
				fail_msg("len %zu split %zu (%s then %s): got %#x want %#x", len, k,
					 impl_label(i1), impl_label(i2), got, ref_tab[0][len]);
			got = ik_csum_partial(pattern[1] + k, len - k, ik_csum_partial(pattern[1], k, 0));
			assert_int_equal(got, ref_tab[1][len]);
		}
	}
	/* three chunks, random even split points */
	for (int t = 0; t < 20000; t++) {
		size_t len = (size_t)(rnd() % (MAXLEN + 1));
		size_t k1 = (size_t)(rnd() % (len + 1)) & ~(size_t)1;
		size_t k2 = k1 + ((size_t)(rnd() % (len - k1 + 1)) & ~(size_t)1);
		uint32_t a = ik_csum_partial_with(im[rnd() % n], pattern[0], k1, 0);

		a = ik_csum_partial_with(im[rnd() % n], pattern[0] + k1, k2 - k1, a);
		a = ik_csum_partial_with(im[rnd() % n], pattern[0] + k2, len - k2, a);
		if (a != ref_tab[0][len])
			fail_msg("len %zu splits %zu,%zu: got %#x want %#x", len, k1, k2, a,
				 ref_tab[0][len]);
	}
}

/* Buffers larger than the tables, random and all 0xff, odd and even. */
static void large_buffers(void **state)
{
	static const size_t lens[] = { 65535, 65536, (1u << 20) + 1, (1u << 20) + 62 };
	enum ik_csum_impl im[IK_CSUM_NIMPL];
	size_t n = available_impls(im);

	(void)state;
	for (size_t li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
		size_t len = lens[li];
		uint8_t *b = malloc(len);

		assert_non_null(b);
		for (int k = 0; k < 2; k++) {
			uint32_t want;

			if (k == 0)
				for (size_t i = 0; i < len; i++)
					b[i] = (uint8_t)(rnd() >> 56);
			else
				memset(b, 0xff, len);
			want = ref_sum(b, len, 0);
			for (size_t i = 0; i < n; i++)
				if (ik_csum_partial_with(im[i], b, len, 0) != want)
					fail_msg("%s len %zu pattern %d", impl_label(im[i]), len, k);
		}
		free(b);
	}
}

/* Zero data, and sums that land exactly on -0 (0xffff). */
static void zero_and_minus_zero(void **state)
{
	static const uint8_t z[64];
	enum ik_csum_impl im[IK_CSUM_NIMPL];
	size_t n = available_impls(im);
	uint8_t b[8] = { 0x12, 0x34, 0xed, 0xcb }; /* 0x1234 + 0xedcb = 0xffff */

	(void)state;
	for (size_t i = 0; i < n; i++) {
		for (size_t len = 0; len <= sizeof(z); len++)
			assert_int_equal(ik_csum_partial_with(im[i], z, len, 0), 0);
		assert_int_equal(ik_csum_partial_with(im[i], b, 4, 0), 0xffff);
		assert_int_equal(ik_csum_partial_with(im[i], z, sizeof(z), 0xffff), 0xffff);
		assert_int_equal(ik_csum_partial_with(im[i], b, 4, 0x10000), 0x0001);
	}
	assert_int_equal(ik_csum_finish(0), 0xffff);
	assert_int_equal(ik_csum_finish(0xffff), 0);
	assert_int_equal(ik_csum_finish(0x1fffe), 0);
}

/* The kernels' 64-bit fold, at the carries a 1 GiB block can reach. */
static void fold64_edges(void **state)
{
	static const uint64_t v[] = {
		0, 1, 0xffff, 0x10000, 0xffffffffu, 0x100000000u, 0xffffffffffffffffu,
		0xfffffffeffffffffu, 0x00000001ffffffffu, 0x1fffffffffffffffu, 0x20000000fffffffeu,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		assert_int_equal(ik_csum_fold64(v[i]), ref_fold(v[i]));
	for (int t = 0; t < 100000; t++) {
		uint64_t x = rnd() >> (rnd() % 64);

		x |= (t & 1) ? 0xffffffff00000000u : 0; /* carries out of bit 32 */
		assert_int_equal(ik_csum_fold64(x), ref_fold(x));
	}
	assert_int_equal(ik_csum_native_odd(0xab), ik_csum_native_portable((const uint8_t *)"\xab", 1));
}

/* The pseudo-header sum equals the sum of a hand-built 12-octet header. */
static void pseudo_header(void **state)
{
	uint8_t ph[12 + 64];

	(void)state;
	for (int t = 0; t < 20000; t++) {
		uint32_t src = (uint32_t)rnd(), dst = (uint32_t)rnd();
		uint8_t proto = (uint8_t)rnd();
		uint16_t len = (uint16_t)rnd();

		if (t == 0)
			src = dst = proto = len = 0;
		else if (t == 1)
			src = dst = 0xffffffffu, proto = 0xff, len = 0xffff;
		ik_put32(ph, src);
		ik_put32(ph + 4, dst);
		ph[8] = 0;
		ph[9] = proto;
		ik_put16(ph + 10, len);
		assert_int_equal(ik_csum_pseudo(src, dst, proto, len), ref_sum(ph, 12, 0));
	}
	/* a UDP datagram of odd length: pseudo-header then payload */
	for (size_t ulen = 8; ulen < 64; ulen++) {
		uint32_t src = 0xc0000201, dst = 0xc6336402;

		ik_put32(ph, src);
		ik_put32(ph + 4, dst);
		ph[8] = 0;
		ph[9] = 17;
		ik_put16(ph + 10, (uint16_t)ulen);
		for (size_t i = 0; i < ulen; i++)
			ph[12 + i] = (uint8_t)rnd();
		ik_put16(ph + 12 + 6, 0);
		assert_int_equal(ik_csum_finish(ik_csum_partial(ph + 12, ulen,
					ik_csum_pseudo(src, dst, 17, (uint16_t)ulen))),
				 (uint16_t)~ref_sum(ph, 12 + ulen, 0));
	}
}

/**
 * eqn2() - RFC 1141's update, HC' = HC + m + ~m', kept to show the case
 * @hc:  checksum
 * @m:   old word
 * @m2:  new word
 *
 * Return: the checksum RFC 1141 computes.
 */
static uint16_t eqn2(uint16_t hc, uint16_t m, uint16_t m2)
{
	return (uint16_t)ref_fold((uint64_t)hc + m + (uint16_t)~m2);
}

/* RFC 1624 §3: m 0x5555 -> 0x3285 with the other words summing to 0xcd7a. */
static void rfc1624_example(void **state)
{
	uint8_t h[6] = { 0, 0, 0x55, 0x55, 0xcd, 0x7a }; /* checksum, m, rest */
	uint16_t hc, hc2;

	(void)state;
	hc = ik_csum(h, sizeof(h));
	assert_int_equal(hc, 0xdd2f);
	hc2 = ik_csum_update16(hc, 0x5555, 0x3285);
	assert_int_equal(hc2, 0x0000);             /* eqn. 3, as recomputed */
	assert_int_equal(eqn2(hc, 0x5555, 0x3285), 0xffff); /* eqn. 2's -0 */
	ik_put16(h + 2, 0x3285);
	assert_int_equal(ik_csum(h, sizeof(h)), hc2); /* from scratch */
	ik_put16(h, hc2);
	assert_int_equal(ik_csum(h, sizeof(h)), 0);   /* verifies */

	/* an unchanged field leaves a +0 checksum alone (RFC 1624 erratum 4782) */
	assert_int_equal(ik_csum_update16(0x0000, 0x5555, 0x5555), 0x0000);
}

/**
 * check_update() - one incremental update against recomputation
 * @b:     words (field at @f already holds a correct checksum)
 * @len:   octets (even)
 * @f:     offset of the checksum field
 * @got:   checksum from the incremental update, data already changed
 *
 * The two must be the same value or the two zeros of ones' complement
 * (RFC 1624 §3); either way the result must verify.
 */
static void check_update(uint8_t *b, size_t len, size_t f, uint16_t got)
{
	uint16_t want;

	ik_put16(b + f, 0);
	want = (uint16_t)~ref_sum(b, len, 0);
	if (got != want && !((got == 0 || got == 0xffff) && (want == 0 || want == 0xffff)))
		fail_msg("update gave %#x, recomputation %#x", got, want);
	ik_put16(b + f, got);
	if (ref_sum(b, len, 0) != 0xffff)
		fail_msg("updated checksum %#x does not verify", got);
}

/* update16 and update32 against recomputation over random headers. */
static void incremental_updates(void **state)
{
	uint8_t b[64];

	(void)state;
	for (int t = 0; t < 100000; t++) {
		size_t len = 8 + 2 * (size_t)(rnd() % 29); /* 8..64 */
		size_t f = 2 * (size_t)(rnd() % (len / 2));
		size_t w = 2 * (size_t)(rnd() % (len / 2 - 1));
		int kind = (int)(rnd() % 4);
		uint16_t hc;

		for (size_t i = 0; i < len; i++)
			b[i] = (uint8_t)rnd();
		b[(f + 2) % len] |= 1; /* never all zero: RFC 1624's premise */
		if (w >= f)
			w += 2; /* a word other than the field */
		ik_put16(b + f, 0);
		hc = ik_csum(b, len);
		ik_put16(b + f, hc);

		if (kind < 3 || w + 4 > len || (w < f + 2 && w + 4 > f)) {
			uint16_t m = ik_get16(b + w), m2 = (uint16_t)rnd();

			if (kind == 1) { /* make the new sum exactly +0 / -0 */
				ik_put16(b + f, 0);
				ik_put16(b + w, 0);
				m2 = (uint16_t)~ref_sum(b, len, 0);
				ik_put16(b + w, m);
				ik_put16(b + f, hc);
			} else if (kind == 2) {
				m2 = (t & 1) ? 0xffff : 0x0000;
			}
			ik_put16(b + w, m2);
			check_update(b, len, f, ik_csum_update16(hc, m, m2));
		} else {
			uint32_t m = ik_get32(b + w), m2 = (uint32_t)rnd();
			uint16_t via16 = ik_csum_update16(ik_csum_update16(hc, (uint16_t)(m >> 16),
									    (uint16_t)(m2 >> 16)),
							  (uint16_t)m, (uint16_t)m2);
			uint16_t got = ik_csum_update32(hc, m, m2);

			assert_int_equal(got, via16);
			ik_put32(b + w, m2);
			check_update(b, len, f, got);
		}
	}
}

/* A header of zeros but for one word: eqn. 3 gives +0, recomputation -0. */
static void update_to_all_zero(void **state)
{
	uint8_t h[4] = { 0, 0, 0x12, 0x34 };
	uint16_t hc = ik_csum(h, sizeof(h));

	(void)state;
	assert_int_equal(hc, 0xedcb);
	assert_int_equal(ik_csum_update16(hc, 0x1234, 0), 0x0000);
	ik_put16(h + 2, 0);
	assert_int_equal(ik_csum(h, sizeof(h)), 0xffff);
}

/* Availability and names. */
static void impl_names(void **state)
{
	const char *a = ik_csum_impl_name(IK_CSUM_AUTO);

	(void)state;
	assert_true(ik_csum_available(IK_CSUM_AUTO));
	assert_true(ik_csum_available(IK_CSUM_PORTABLE));
	assert_false(ik_csum_available(IK_CSUM_NIMPL));
	assert_string_equal(ik_csum_impl_name(IK_CSUM_PORTABLE), "portable");
	assert_string_equal(ik_csum_impl_name(IK_CSUM_AVX2), "avx2");
	assert_string_equal(ik_csum_impl_name(IK_CSUM_AVX512), "avx512");
	if (ik_csum_available(IK_CSUM_AVX512))
		assert_string_equal(a, "avx512");
	else if (ik_csum_available(IK_CSUM_AVX2))
		assert_string_equal(a, "avx2");
	else
		assert_string_equal(a, "portable");
	print_message("checksum: auto uses %s (avx2 %s, avx512 %s)\n", a,
		      ik_csum_available(IK_CSUM_AVX2) ? "yes" : "no",
		      ik_csum_available(IK_CSUM_AVX512) ? "yes" : "no");
	/* an implementation that cannot run falls back to the portable one */
	assert_int_equal(ik_csum_partial_with(IK_CSUM_NIMPL, pattern[0], 100, 0), ref_tab[0][100]);
}

/**
 * cpu_set() - the implementations ik_csum_available() reports, as bits
 *
 * Return: bit (1u << impl) for each, as ik_csum_choose() takes them.
 */
static unsigned cpu_set(void)
{
	unsigned have = 0;

	for (int i = IK_CSUM_PORTABLE; i < IK_CSUM_NIMPL; i++)
		if (ik_csum_available((enum ik_csum_impl)i))
			have |= 1u << i;
	return have;
}

/*
 * The dispatcher's choice on every CPU, this one or not: the C loop below
 * IK_CSUM_AUTO_AVX2_FROM, AVX2 from there where present, AVX-512 from
 * IK_CSUM_AUTO_AVX512_FROM where present, else the next narrower one.
 */
static void dispatch_choice(void **state)
{
	const unsigned P = 1u << IK_CSUM_PORTABLE, A2 = 1u << IK_CSUM_AVX2,
		       A5 = 1u << IK_CSUM_AVX512;
	const unsigned sets[] = { 0, P, P | A2, P | A5, P | A2 | A5 };
	const size_t a2 = IK_CSUM_AUTO_AVX2_FROM, a5 = IK_CSUM_AUTO_AVX512_FROM;
	const size_t lens[] = { 0, 1, a2 - 1, a2, a2 + 1, a5 - 1, a5, a5 + 1, 65535, SIZE_MAX };

	(void)state;
	assert_true(IK_CSUM_AUTO_AVX2_FROM <= IK_CSUM_AUTO_AVX512_FROM);
	assert_true(IK_CSUM_AUTO_AVX2_FROM >= IK_CSUM_AVX2_MIN);
	assert_true(IK_CSUM_AUTO_AVX512_FROM >= IK_CSUM_AVX512_MIN);
	for (size_t si = 0; si < sizeof(sets) / sizeof(sets[0]); si++) {
		for (size_t li = 0; li < sizeof(lens) / sizeof(lens[0]); li++) {
			unsigned have = sets[si];
			size_t len = lens[li];
			enum ik_csum_impl want = IK_CSUM_PORTABLE;

			if (len >= a5 && (have & A5))
				want = IK_CSUM_AVX512;
			else if (len >= a2 && (have & A2))
				want = IK_CSUM_AVX2;
			if (ik_csum_choose(len, have) != want)
				fail_msg("set %#x len %zu: chose %s, want %s", have, len,
					 ik_csum_impl_name(ik_csum_choose(len, have)),
					 ik_csum_impl_name(want));
		}
	}
	/* on this CPU */
	for (size_t len = 0; len <= 2 * IK_CSUM_AUTO_AVX512_FROM; len++) {
		enum ik_csum_impl im = ik_csum_impl_for(len);

		assert_int_equal(im, ik_csum_choose(len, cpu_set()));
		assert_true(im != IK_CSUM_AUTO && ik_csum_available(im));
	}
	assert_int_equal(ik_csum_impl_for(SIZE_MAX), ik_csum_choose(SIZE_MAX, cpu_set()));
	assert_string_equal(ik_csum_impl_name(IK_CSUM_AUTO),
			    ik_csum_impl_name(ik_csum_impl_for(SIZE_MAX)));
	print_message("checksum: dispatcher: portable below %d, avx2 from %d (%s here), avx512 "
		      "from %d (%s here)\n",
		      IK_CSUM_AUTO_AVX2_FROM, IK_CSUM_AUTO_AVX2_FROM,
		      ik_csum_available(IK_CSUM_AVX2) ? "runs" : "absent", IK_CSUM_AUTO_AVX512_FROM,
		      ik_csum_available(IK_CSUM_AVX512) ? "runs" : "absent");
}

/*
 * Around each length where the dispatcher or a kernel changes its mind, at
 * every offset in a cache line, from 0 and from a random partial sum: the
 * dispatcher (ik_csum_partial(), ik_csum(), ik_csum_partial_with() with
 * IK_CSUM_AUTO and with the kernel ik_csum_impl_for() names) gives the
 * portable kernel's sum and the byte-by-byte reference's.
 */
static void dispatch_boundaries(void **state)
{
	const size_t edges[] = { IK_CSUM_SMALL, IK_CSUM_AVX2_MIN, IK_CSUM_AVX512_MIN,
				 IK_CSUM_AUTO_AVX2_FROM, IK_CSUM_AUTO_AVX512_FROM,
				 IK_CSUM_AVX512_ALIGN_MIN };

	(void)state;
	for (size_t ei = 0; ei < sizeof(edges) / sizeof(edges[0]); ei++) {
		for (size_t len = edges[ei] - 3; len <= edges[ei] + 3; len++) {
			enum ik_csum_impl im = ik_csum_impl_for(len);

			for (size_t off = 0; off < 64; off++) {
				void *mem = NULL;
				uint8_t *b;
				uint32_t acc = (uint32_t)(rnd() & 0xffff);
				uint32_t want, want_acc, port;

				/* the buffer ends the allocation: ASan sees over-reads */
				assert_int_equal(posix_memalign(&mem, 64, off + len), 0);
				b = (uint8_t *)mem + off;
				for (size_t i = 0; i < len; i++)
					b[i] = (uint8_t)(rnd() >> 56);
				want = ref_sum(b, len, 0);
				want_acc = ref_sum(b, len, acc);
				port = ik_csum_partial_with(IK_CSUM_PORTABLE, b, len, acc);
				assert_int_equal(port, want_acc);
				if (ik_csum_partial(b, len, 0) != want ||
				    ik_csum_partial(b, len, acc) != port ||
				    ik_csum_partial_with(IK_CSUM_AUTO, b, len, acc) != port ||
				    ik_csum_partial_with(im, b, len, acc) != port ||
				    ik_csum(b, len) != (uint16_t)~want)
					fail_msg("len %zu (dispatcher: %s) offset %zu: differs from the "
						 "portable kernel's %#x", len, ik_csum_impl_name(im), off,
						 port);
				free(mem);
			}
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc1071_example),
		cmocka_unit_test(ipv4_header_known_answer),
		cmocka_unit_test(impl_names),
		cmocka_unit_test(portable_all_lengths),
		cmocka_unit_test(avx2_all_lengths),
		cmocka_unit_test(avx512_all_lengths),
		cmocka_unit_test(auto_all_lengths),
		cmocka_unit_test(dispatch_choice),
		cmocka_unit_test(dispatch_boundaries),
		cmocka_unit_test(every_line_offset),
		cmocka_unit_test(chained_partials),
		cmocka_unit_test(large_buffers),
		cmocka_unit_test(zero_and_minus_zero),
		cmocka_unit_test(fold64_edges),
		cmocka_unit_test(pseudo_header),
		cmocka_unit_test(rfc1624_example),
		cmocka_unit_test(incremental_updates),
		cmocka_unit_test(update_to_all_zero),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
