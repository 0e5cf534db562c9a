// SPDX-License-Identifier: MIT
/*
 * fuzz_decode.c - libFuzzer target over the dissector and the renderers
 *
 * What `icmpkit decode` does with a packet from a file: ik_dissect_ip() splits
 * it into layers, then the summary, bit diagrams, annotated hex, verdicts and
 * JSON are produced (text to /dev/null, JSON serialised to a string). Every
 * field of every layer is also rendered in each text style.
 *
 * Besides ASan/UBSan reports it traps when the dissection breaks its
 * contract: a layer or error offset outside the packet, a return value that
 * disagrees with the valid flag, an unterminated string, more layers or
 * verdicts than the arrays hold, JSON that does not serialise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "icmpkit/dissect.h"
#include "icmpkit/err.h"
#include "icmpkit/fields.h"
#include "icmpkit/show.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

/**
 * broken() - a contract was broken: say which and stop with a crash
 * @what: the contract
 */
static void broken(const char *what)
{
	fprintf(stderr, "fuzz_decode: contract broken: %s\n", what);
	__builtin_trap();
}

#define CHECK(cond) do { if (!(cond)) broken(#cond); } while (0)

/**
 * LLVMFuzzerInitialize() - open the sink once
 * @argc: unused
 * @argv: unused
 *
 * Return: 0.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	if (!devnull)
		abort();
	return 0;
}

/**
 * check_layers() - the dissection's own invariants, and every field text
 * @d: dissection of @size octets
 */
static void check_layers(const struct ik_dissection *d)
{
	char buf[512];
	size_t prev = 0;

	CHECK(d->nlayers <= IK_DISSECT_MAX_LAYERS);
	for (size_t i = 0; i < d->nlayers; i++) {
		const struct ik_dlayer *l = &d->layers[i];

		CHECK(l->off <= d->len && l->len <= d->len - l->off);
		CHECK(l->off >= prev);
		prev = l->off;
		CHECK(l->depth <= 1);
		CHECK(memchr(l->title, 0, sizeof(l->title)) != NULL);
		CHECK(l->nv <= IK_LAYER_MAX_VERDICTS);
		for (size_t k = 0; k < l->nv; k++) {
			CHECK(memchr(l->v[k].note, 0, sizeof(l->v[k].note)) != NULL);
			ik_show_verdict_text(&l->v[k], buf, sizeof(buf));
			CHECK(memchr(buf, 0, sizeof(buf)) != NULL);
		}
		CHECK(l->kind == IK_LK_QUOTE || l->ft != NULL);
		if (!l->ft)
			continue;
		for (size_t f = 0; f < l->ft->nfields; f++) {
			for (unsigned s = IK_TEXT_FULL; s <= IK_TEXT_SHORT; s++) {
				ik_show_field_text(d, l, f, s, buf, sizeof(buf));
				CHECK(memchr(buf, 0, sizeof(buf)) != NULL);
			}
			/* a tiny buffer must be cut, not overrun */
			ik_show_field_text(d, l, f, IK_TEXT_FULL, buf, 3);
			CHECK(memchr(buf, 0, 3) != NULL);
			ik_show_field_meaning(d, l, f, buf, sizeof(buf));
		}
	}
	if (d->has_err) {
		CHECK(d->err.code > 0 && d->err.code < IK_ERRMAX);
		CHECK(d->err.off <= d->len);
		CHECK(memchr(d->err.msg, 0, sizeof(d->err.msg)) != NULL);
	}
}

/**
 * LLVMFuzzerTestOneInput() - one input
 * @data: bytes
 * @size: their count
 *
 * Return: 0 (libFuzzer's convention).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ik_dissection d;
	struct ik_show_opts o;
	uint8_t *copy;
	char line[256];
	json_t *j;
	char *s;
	int rc;

	/* an exact-size heap copy, so ASan sees any read past the end */
	copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);

	rc = ik_dissect_ip(&d, copy, size);
	CHECK(rc == 0 || rc == 1);
	CHECK(d.valid == (rc == 0));
	CHECK(d.pkt == copy && d.len == size);
	check_layers(&d);

	ik_show_summary(&d, line, sizeof(line));
	CHECK(memchr(line, 0, sizeof(line)) != NULL);

	j = ik_show_json(&d);
	if (j) {
		s = json_dumps(j, JSON_COMPACT);
		CHECK(s != NULL);
		free(s);
		json_decref(j);
	}

	ik_show_opts_init(&o);
	o.color = size & 1;
	o.indent = (size & 2) ? "  " : NULL;
	o.title = (size & 4) ? "fuzz" : NULL;
	CHECK(ik_show_dissection(devnull, &d, &o) == rc);
	if (size & 8)
		CHECK(ik_show_packet(devnull, copy, size, NULL) == rc);
	free(copy);
	return 0;
}
