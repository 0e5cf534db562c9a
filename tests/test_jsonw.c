// SPDX-License-Identifier: MIT
/*
 * test_jsonw.c - the JSON text writer (jsonw.h) and ik_show_json_write()
 * against jansson: the same octets as json_dumps(JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER) of the tree ik_show_json() builds, for every packet
 * of tests/data/corpus (NAME.bin), of tests/data/corpus6 (IPv6 packets) and
 * of the decode and wire fuzz corpora (each file's octets taken as one
 * datagram, and again with its Version nibble made 6 so the IPv6 dissector
 * reads it), and for strings of every
 * kind (control characters, quotes, UTF-8 valid and not); and the field
 * tables' names and keys plain ASCII, as ik_show_json_write() writes them
 * unchecked.
 */
#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "icmpkit/dissect.h"
#include "icmpkit/fields.h"
#include "icmpkit/jsonw.h"
#include "icmpkit/show.h"

#define CORPUS_DIR IK_TEST_DATA "/corpus"
#define CORPUS6_DIR IK_TEST_DATA "/corpus6"
#define DUMP_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)
#define MAX_PKT 65536

/**
 * same_as_jansson() - ik_show_json_write() of @pkt equals jansson's dump
 * @pkt:  datagram
 * @len:  its length
 * @name: for messages
 */
static void same_as_jansson(const uint8_t *pkt, size_t len, const char *name)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	struct ik_jw w;
	json_t *j;
	char *ref;

	assert_non_null(d);
	ik_dissect_ip(d, pkt, len);
	j = ik_show_json(d);
	assert_non_null(j);
	ref = json_dumps(j, DUMP_FLAGS);
	assert_non_null(ref);
	ik_jw_init(&w, 0);
	ik_jw_open(&w, '{');
	ik_show_json_write(&w, d);
	ik_jw_close(&w, '}');
	assert_false(w.oom);
	if (w.len != strlen(ref) || memcmp(w.buf, ref, w.len)) {
		size_t i = 0;

		while (i < w.len && ref[i] && w.buf[i] == ref[i])
			i++;
		fail_msg("%s: JSON text differs from jansson's at octet %zu:\nours:    %.60s\njansson: %.60s",
			 name, i, w.buf + i, ref + i);
	}
	ik_jw_free(&w);
	free(ref);
	json_decref(j);
	free(d);
}

/**
 * walk() - same_as_jansson() on every file of @dir (only *.bin when @bin_only)
 * @dir:      folder
 * @bin_only: only NAME.bin files
 *
 * Return: files checked.
 */
static unsigned walk(const char *dir, bool bin_only)
{
	static uint8_t buf[MAX_PKT];
	DIR *dp = opendir(dir);
	struct dirent *e;
	unsigned n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp))) {
		size_t nl = strlen(e->d_name), len;
		char path[4096];
		FILE *f;

		if (e->d_name[0] == '.' || (bin_only && (nl < 4 || strcmp(e->d_name + nl - 4, ".bin"))))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		len = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		same_as_jansson(buf, len, path);
		if (!bin_only && len) {
			buf[0] = (uint8_t)(0x60 | (buf[0] & 0x0f));
			same_as_jansson(buf, len, path);
		}
		n++;
	}
	closedir(dp);
	return n;
}

static void test_corpus(void **state)
{
	(void)state;
	/* the fuzz corpora grow and shrink with each `make fuzz` merge (set
	 * cover): these only say each folder was found and read */
	assert_true(walk(CORPUS_DIR, true) >= 100);
	assert_true(walk(CORPUS6_DIR, true) >= 30);
	assert_true(walk(CORPUS_DIR "/fuzz_decode", false) >= 30);
	assert_true(walk(CORPUS_DIR "/fuzz_wire", false) >= 30);
}

/**
 * rnd() - xorshift64
 * @s: state
 *
 * Return: 64 bits.
 */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void test_strings(void **state)
{
	static const char *const pieces[] = { "a", "\"", "\\", "/", "\b", "\f", "\n", "\r", "\t",
					      "\x01", "\x1f", "\x7f", "\xc3\xa9", "\xe2\x86\x92",
					      "\xf0\x9f\x98\x80", "\xc0\xaf", "\xed\xa0\x80",
					      "\xf4\x90\x80\x80", "\xe2\x86", "\x80", "\xff",
					      "\xc2\x80", "\xef\xbf\xbf", " " };
	uint64_t s = 0x1234567;

	(void)state;
	for (int round = 0; round < 20000; round++) {
		char str[128] = "";
		json_t *o = json_object();
		struct ik_jw w;
		char *ref;
		int k = (int)(rnd(&s) % 30);

		for (int i = 0; i < k; i++)
			strcat(str, pieces[rnd(&s) % (sizeof(pieces) / sizeof(pieces[0]))]);
		json_object_set_new(o, "n", json_integer((json_int_t)rnd(&s)));
		json_object_set_new(o, "s", json_string(str));
		json_object_set_new(o, "e", json_array());
		json_object_set_new(o, "m", json_integer(LLONG_MIN));
		ref = json_dumps(o, DUMP_FLAGS);
		ik_jw_init(&w, 0);
		ik_jw_open(&w, '{');
		ik_jw_kv_int(&w, "n", (long long)(json_int_t)json_integer_value(json_object_get(o, "n")));
		assert_int_equal(ik_jw_kv_str(&w, "s", str), json_object_get(o, "s") != NULL);
		ik_jw_key(&w, "e");
		ik_jw_open(&w, '[');
		ik_jw_close(&w, ']');
		ik_jw_kv_int(&w, "m", LLONG_MIN);
		ik_jw_close(&w, '}');
		ik_jw_raw(&w, "", 1);
		assert_string_equal(w.buf, ref);
		ik_jw_free(&w);
		free(ref);
		json_decref(o);
	}
}

static void test_nesting(void **state)
{
	json_t *a = json_array(), *cur = a;
	struct ik_jw w;
	char *ref;

	(void)state;
	for (int i = 0; i < 12; i++) {
		json_t *o = json_object(), *in = json_array();

		json_object_set_new(o, "x", json_true());
		json_object_set_new(o, "y", json_null());
		json_object_set_new(o, "z", in);
		json_array_append_new(cur, o);
		json_array_append_new(cur, json_object());
		cur = in;
	}
	ref = json_dumps(a, DUMP_FLAGS);
	ik_jw_init(&w, 0);
	ik_jw_open(&w, '[');
	for (int i = 0; i < 12; i++) {
		ik_jw_elem(&w);
		ik_jw_open(&w, '{');
		ik_jw_kv_lit(&w, "x", "true");
		ik_jw_kv_lit(&w, "y", "null");
		ik_jw_key(&w, "z");
		ik_jw_open(&w, '[');
	}
	for (int i = 0; i < 12; i++) {
		ik_jw_close(&w, ']');
		ik_jw_close(&w, '}');
		ik_jw_elem(&w);
		ik_jw_open(&w, '{');
		ik_jw_close(&w, '}');
	}
	ik_jw_close(&w, ']');
	ik_jw_raw(&w, "", 1);
	assert_string_equal(w.buf, ref);
	assert_int_equal(w.depth, 0);
	ik_jw_free(&w);
	free(ref);
	json_decref(a);
}

/**
 * plain() - whether @s may be written without a check (ik_jw_kv_plain_q())
 * @s: string
 *
 * Return: true for printable ASCII with no '"' or '\\'.
 */
static bool plain(const char *s)
{
	if (!s)
		return false;
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e || *s == '"' || *s == '\\')
			return false;
	return true;
}

/**
 * check_table() - every name and key of @t is plain
 * @t: field table
 */
static void check_table(const struct ik_field_table *t)
{
	assert_true(plain(t->key));
	for (size_t i = 0; i < t->nfields; i++)
		if (!plain(t->fields[i].name) || !plain(t->fields[i].key))
			fail_msg("table %s field %zu: name or key not plain ASCII", t->key, i);
}

static void test_tables_plain(void **state)
{
	const struct ik_field_table *const tabs[] = {
		&ik_ft_ipv4, &ik_ft_udp, &ik_ft_tcp8, &ik_ft_tcp, &ik_ft_tcpopt_1,
		&ik_ft_tcpopt_mss, &ik_ft_tcpopt_wscale, &ik_ft_tcpopt_sackperm,
		&ik_ft_tcpopt_sack, &ik_ft_tcpopt_ts, &ik_ft_tcpopt_raw, &ik_ft_ipopt_route,
		&ik_ft_ipopt_ts, &ik_ft_ipopt_ra, &ik_ft_ipopt_raw, &ik_ft_ipopt_1,
		&ik_ft_icmp_ext_hdr, &ik_ft_icmp_ext_obj, &ik_ft_mpls_entry,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++)
		check_table(tabs[i]);
	for (unsigned t = 0; t < 256; t++)
		for (unsigned c = 0; c < 256; c++)
			check_table(ik_ft_icmp_code((uint8_t)t, (uint8_t)c));
	for (unsigned k = 0; k < 32; k++)
		assert_true(plain(ik_layer_kind_name(k)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_tables_plain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
