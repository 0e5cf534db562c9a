// SPDX-License-Identifier: MIT
/* test_checksum.c - RFC 1071 checksum */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "icmpkit/checksum.h"

/* RFC 1071 §3 example: words 0001 f203 f4f5 f6f7 sum to ddf2. */
static void rfc1071_example(void **state)
{
	static const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	(void)state;
	assert_int_equal(ik_csum_partial(b, sizeof(b), 0), 0xddf2);
	assert_int_equal(ik_csum(b, sizeof(b)), (uint16_t)~0xddf2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc1071_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
