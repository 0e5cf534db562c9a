// SPDX-License-Identifier: MIT
/*
 * test_checksum_seams.c - the checksum kernels rebuilt with 256-octet blocks
 *
 * The kernels fold their accumulators every IK_CSUM_BLOCK octets (1 GiB in
 * the library), which no unit test can afford to cross. Here the three
 * kernel sources are compiled into this test with a 256-octet block (and
 * AVX-512 aligning from 128 octets on, so that path crosses seams too), their
 * symbols renamed so they do not clash with the library's, and checked
 * against a byte-by-byte reference across many block seams, at every offset
 * within a cache line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#define IK_CSUM_BLOCK ((size_t)256)
#define IK_CSUM_AVX512_ALIGN_MIN 128

#define ik_csum_partial         seam_csum_partial
#define ik_csum_finish          seam_csum_finish
#define ik_csum                 seam_csum
#define ik_csum_pseudo          seam_csum_pseudo
#define ik_csum_update16        seam_csum_update16
#define ik_csum_update32        seam_csum_update32
#define ik_csum_partial_with    seam_csum_partial_with
#define ik_csum_available       seam_csum_available
#define ik_csum_impl_name       seam_csum_impl_name
#define ik_csum_impl_for        seam_csum_impl_for
#define ik_csum_choose          seam_csum_choose
#define ik_csum_native_portable seam_native_portable
#define ik_csum_native_avx2     seam_native_avx2
#define ik_csum_native_avx512   seam_native_avx512

#include "wire/checksum.c"
#define sum_block sum_block_avx2
#define add_vec   add_vec_avx2
#include "wire/checksum_avx2.c"
#undef sum_block
#undef add_vec
#define sum_block sum_block_avx512
#define add_vec   add_vec_avx512
#include "wire/checksum_avx512.c"
#include "refsum.h"
#undef sum_block
#undef add_vec

#define MAXLEN 1300 /* five blocks and then some */

/**
 * check_seams() - every kernel, lengths 0..MAXLEN, offsets 0..63
 * @fill: octet pattern, or -1 for pseudo-random data
 */
static void check_seams(int fill)
{
	static uint8_t data[MAXLEN];
	static uint32_t want[MAXLEN + 1];
	uint64_t x = 0x0123456789abcdefu;

	for (size_t i = 0; i < MAXLEN; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		data[i] = fill < 0 ? (uint8_t)(x >> 56) : (uint8_t)fill;
	}
	for (size_t len = 0; len <= MAXLEN; len++)
		want[len] = ref_fold16(ref_sum(data, len, 0));
	for (int impl = IK_CSUM_PORTABLE; impl < IK_CSUM_NIMPL; impl++) {
		if (!ik_csum_available((enum ik_csum_impl)impl))
			continue;
		for (size_t off = 0; off < 64; off++) {
			for (size_t len = 0; len <= MAXLEN; len++) {
				void *mem = NULL;
				uint32_t got;

				/* the data ends with the allocation, so ASan sees over-reads */
				assert_int_equal(posix_memalign(&mem, 64, off + len + (off + len == 0)), 0);
				memcpy((uint8_t *)mem + off, data, len);
				got = ik_csum_partial_with((enum ik_csum_impl)impl, (uint8_t *)mem + off, len, 0);
				free(mem);
				if (got != want[len])
					fail_msg("%s offset %zu len %zu: got %#x want %#x",
						 ik_csum_impl_name((enum ik_csum_impl)impl), off, len, got,
						 want[len]);
			}
		}
	}
}

/** random_data() - seams over random octets. @state: unused */
static void random_data(void **state)
{
	(void)state;
	check_seams(-1);
}

/** all_ones() - seams over 0xff octets, every add carries. @state: unused */
static void all_ones(void **state)
{
	(void)state;
	check_seams(0xff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_data),
		cmocka_unit_test(all_ones),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
