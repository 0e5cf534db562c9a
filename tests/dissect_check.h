/* SPDX-License-Identifier: MIT */
/* dissect_check.h - what the dissector's tests check on any dissection
 * (tests/test_dissect.c, tests/test_dissect6.c); include after cmocka.h */
#ifndef ICMPKIT_TESTS_DISSECT_CHECK_H
#define ICMPKIT_TESTS_DISSECT_CHECK_H

#include <string.h>

#include "icmpkit/dissect.h"

/**
 * check_invariants() - what holds for any dissection of any input
 * @d: dissection
 */
static inline void check_invariants(const struct ik_dissection *d)
{
	size_t nbad = 0;

	assert_true(d->nlayers <= IK_DISSECT_MAX_LAYERS);
	for (size_t i = 0; i < d->nlayers; i++) {
		const struct ik_dlayer *l = &d->layers[i];

		assert_true(l->off <= d->len);
		assert_true(l->off + l->len <= d->len);
		assert_true(l->len <= l->want);
		assert_true(l->depth <= 1);
		assert_true(l->kind == IK_LK_QUOTE || l->ft != NULL);
		assert_true(l->nv <= IK_LAYER_MAX_VERDICTS);
		for (size_t j = 0; j < l->nv; j++) {
			nbad += l->v[j].status == IK_VS_BAD;
			assert_true(l->v[j].field < 0 || (size_t)l->v[j].field < l->ft->nfields);
		}
		if (i > 0 && l->depth == d->layers[i - 1].depth &&
		    d->layers[i - 1].kind != IK_LK_QUOTE)
			assert_true(l->off >= d->layers[i - 1].off); /* packet order */
	}
	assert_int_equal(nbad, d->nbad);
	assert_int_equal(d->valid, !d->has_err && nbad == 0);
	if (d->has_err)
		assert_true(d->err.off <= d->len);
}

/**
 * expect_layers() - the kinds, depths, offsets and lengths of the layers
 * @d:    dissection
 * @n:    expected count
 * @spec: n rows of {kind, depth, off, len}
 */
static inline void expect_layers(const struct ik_dissection *d, size_t n, const size_t (*spec)[4])
{
	assert_int_equal(d->nlayers, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(d->layers[i].kind, spec[i][0]);
		assert_int_equal(d->layers[i].depth, spec[i][1]);
		assert_int_equal(d->layers[i].off, spec[i][2]);
		assert_int_equal(d->layers[i].len, spec[i][3]);
	}
}

/**
 * verdict() - the verdict of layer @li whose what is @what
 * @d:    dissection
 * @li:   layer index
 * @what: description
 *
 * Return: the verdict (the test fails if there is none).
 */
static inline const struct ik_verdict *verdict(const struct ik_dissection *d, size_t li, const char *what)
{
	for (size_t j = 0; j < d->layers[li].nv; j++)
		if (!strcmp(d->layers[li].v[j].what, what))
			return &d->layers[li].v[j];
	fail_msg("layer %zu has no verdict '%s'", li, what);
	return NULL;
}

#endif
