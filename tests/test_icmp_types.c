// SPDX-License-Identifier: MIT
/*
 * test_icmp_types.c - every ICMP type, 0..255: the places that read the
 * type descriptors (ik_icmp_desc()) agree with it and with each other
 *
 * For each type a 16-octet message with Identifier 0x1234 and Sequence
 * 0x5678 in octets 4-7 is built and carried in an IPv4 datagram; then:
 *   - the names, the error/query verdict, the header length and the field
 *     table are the descriptor's;
 *   - the quote decoder (an ICMP error quoting that datagram) reads an
 *     Identifier and Sequence exactly when the descriptor says the type
 *     carries them, the 8-bit Sequence for RFC 8335's types;
 *   - the one-line summary prints "id 4660 seq 22136" (or "seq 86") for the
 *     same types and no others;
 *   - every counter name a descriptor gives is one the stack counts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "icmpkit/bytes.h"
#include "icmpkit/dissect.h"
#include "icmpkit/fields.h"
#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"
#include "icmpkit/mib.h"
#include "icmpkit/names.h"
#include "icmpkit/show.h"
#include "refsum.h"

/* an IPv4 datagram 192.0.2.1 -> 192.0.2.2 carrying a 16-octet ICMP message of @type */
static size_t datagram(uint8_t *b, uint8_t type)
{
	uint8_t *m = b + 20;

	memset(b, 0, 36);
	b[0] = 0x45;
	ik_put16(b + 2, 36);
	b[8] = 64;
	b[9] = 1;
	ik_put32(b + 12, 0xc0000201u);
	ik_put32(b + 16, 0xc0000202u);
	ik_put16(b + 10, ref_csum(b, 20));
	m[0] = type;
	ik_put16(m + 4, 0x1234);
	ik_put16(m + 6, 0x5678);
	ik_put16(m + 2, ref_csum(m, 16));
	return 36;
}

static void test_descriptor_is_what_each_place_reads(void **state)
{
	(void)state;
	for (unsigned t = 0; t < 256; t++) {
		const struct ik_icmp_type_desc *d = ik_icmp_desc((uint8_t)t);

		assert_non_null(d);
		assert_non_null(d->name);
		assert_string_equal(ik_icmp_type_name((uint8_t)t), d->name);
		assert_int_equal(ik_icmp_is_error((uint8_t)t), !(d->flags & IK_ICMPT_INFO));
		assert_int_equal(ik_icmp_hdr_len((uint8_t)t), d->hdr_len);
		assert_ptr_equal(ik_ft_icmp((uint8_t)t), d->ft);
		/* the field table covers exactly the fixed header */
		assert_true(d->ft->nfields > 0);
		{
			const struct ik_field *last = &d->ft->fields[d->ft->nfields - 1];

			assert_int_equal(last->bit_off + last->bit_len, d->hdr_len * 8u);
		}
		/* a type that quotes is an error; an RFC 4884 one quotes */
		if (d->flags & IK_ICMPT_QUOTE)
			assert_false(d->flags & IK_ICMPT_INFO);
		if (d->flags & IK_ICMPT_RFC4884)
			assert_true(d->flags & IK_ICMPT_QUOTE);
		assert_false((d->flags & IK_ICMPT_IDSEQ) && (d->flags & IK_ICMPT_IDSEQ8));
	}
}

static void test_quote_and_summary_agree(void **state)
{
	(void)state;
	for (unsigned t = 0; t < 256; t++) {
		const struct ik_icmp_type_desc *d = ik_icmp_desc((uint8_t)t);
		bool ids = d->flags & (IK_ICMPT_IDSEQ | IK_ICMPT_IDSEQ8);
		unsigned seq = (d->flags & IK_ICMPT_IDSEQ8) ? 0x56 : 0x5678;
		uint8_t b[64];
		size_t n = datagram(b, (uint8_t)t);
		struct ik_dissection dis;
		struct ik_quote q;
		char line[512], want[64];

		assert_true(ik_icmp_quote_parse(b, n, &q, NULL) >= 0);
		assert_true(q.has_icmp);
		assert_int_equal(q.icmp_type, t);
		if (ids) {
			assert_int_equal(q.icmp_ident, 0x1234);
			assert_int_equal(q.icmp_seq, seq);
		} else {
			assert_int_equal(q.icmp_ident, 0);
			assert_int_equal(q.icmp_seq, 0);
		}

		ik_dissect(&dis, b, n);
		ik_show_summary(&dis, line, sizeof(line));
		snprintf(want, sizeof(want), " id %u seq %u", 0x1234u, seq);
		if (ids && !strstr(line, want))
			fail_msg("type %u: summary \"%s\" lacks \"%s\"", t, line, want);
		if (!ids && strstr(line, " id 4660 "))
			fail_msg("type %u: summary \"%s\" shows an identifier", t, line);
	}
}

static void test_counter_names_are_counted(void **state)
{
	(void)state;
	for (unsigned t = 0; t < 256; t++) {
		const struct ik_icmp_type_desc *d = ik_icmp_desc((uint8_t)t);
		const char *names[2] = { d->in_mib, d->out_mib };

		for (int k = 0; k < 2; k++) {
			bool found = false;

			if (!names[k])
				continue;
			for (unsigned id = 0; id < IK_MIB_MAX; id++)
				found |= !strcmp(ik_mib_group(id), "Icmp") &&
					 !strcmp(ik_mib_name(id), names[k]);
			if (!found)
				fail_msg("type %u: counter %s is not an Icmp counter", t, names[k]);
		}
	}
	/* the ones RFC 2011 / Linux count by type */
	assert_string_equal(ik_icmp_desc(8)->in_mib, "InEchos");
	assert_string_equal(ik_icmp_desc(0)->out_mib, "OutEchoReps");
	assert_string_equal(ik_icmp_desc(3)->out_mib, "OutDestUnreachs");
	assert_null(ik_icmp_desc(42)->in_mib);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_descriptor_is_what_each_place_reads),
		cmocka_unit_test(test_quote_and_summary_agree),
		cmocka_unit_test(test_counter_names_are_counted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
