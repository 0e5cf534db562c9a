// SPDX-License-Identifier: MIT
/*
 * test_show.c - rendering: the bit diagram line by line, the hex listing,
 * the checks, the summary, colours and JSON
 *
 * The expected diagram was drawn by hand from RFC 791's figure: every bit
 * two columns wide, '|' on field boundaries, names and values centred
 * (the extra space of an odd split going right).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "icmpkit/show.h"

/* Port Unreachable from 192.168.1.5 quoting UDP 192.168.1.10:40000 ->
 * 192.168.1.5:8080 "hi!\n" (built with scapy) */
static const char PU[] =
	"45c0003c2a3b00004001cc66c0a80105c0a8010a0303807a00000000"
	"450000201c46400040119b27c0a8010ac0a801059c401f90000c37326869210a";

/* Time Exceeded with an RFC 4884 extension holding an MPLS label stack */
static const char TE[] =
	"450000a800070000ff01cf11c0000201c63364070b005b4a002000004500002804d2000001114eaf"
	"c6336407cb007109829a829b0014944b000000000000000000000000000000000000000000000000"
	"00000000000000000000000000000000000000000000000000000000000000000000000000000000"
	"0000000000000000000000000000000000000000000000000000000000000000000000002000900d"
	"0008010103e84b01";
/* Echo Request with a Record Route option and 8 octets of data */
static const char ECHO[] =
	"4800003000010000400158bf0a0000010a000002070b0400000000000000000008005435123400016162636465666768";

/*
 * IHL 6: the options are End of Option List and three padding octets, with
 * (a) UDP 192.168.1.10:40000 -> 192.168.1.5:8080 "hi!\n", (b) the padding
 * not zero, (c) Echo id 0x1234 seq 7, (d) (a) quoted by Port Unreachable.
 * Checksums computed by hand-written Python (IPv4, UDP with pseudo-header,
 * ICMP).
 */
static const char UDP_EOL[] =
	"460000241c46400040119a23c0a8010ac0a80105000000009c401f90000c37326869210a";
static const char UDP_EOL_PAD[] =
	"460000241c4640004011f3c9c0a8010ac0a80105005aa5ff9c401f90000c37326869210a";
static const char ECHO_EOL[] =
	"460000281c46400040019a2fc0a8010ac0a80105000000000800542f123400076162636465666768";
static const char PU_EOL[] =
	"450000401c46400040019b17c0a80105c0a8010a0303807a00000000"
	"460000241c46400040119a23c0a8010ac0a80105000000009c401f90000c37326869210a";

static const char *const ipv4_diagram[] = {
	"IPv4 Header  (20 octets at offset 0)",
	" 0                   1                   2                   3",
	" 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1",
	"+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+",
	"|Version|  IHL  |   DSCP    |ECN|         Total Length          |",
	"|   4   |5 (20) |    48     | 0 |              60               |",
	"+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+",
	"|        Identification         |Flags|     Fragment Offset     |",
	"|            0x2a3b             |none |            0            |",
	"+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+",
	"| Time to Live  |   Protocol    |        Header Checksum        |",
	"|      64       |   1 (ICMP)    |       0xcc66 (correct)        |",
	"+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+",
	"|                        Source Address                         |",
	"|                          192.168.1.5                          |",
	"+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+",
	"|                      Destination Address                      |",
	"|                         192.168.1.10                          |",
	"+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+",
	"",
};

/**
 * unhex() - hex to octets
 * @s:   hex
 * @len: octets written
 *
 * Return: malloc'd octets.
 */
static uint8_t *unhex(const char *s, size_t *len)
{
	size_t n = strlen(s) / 2;
	uint8_t *b = malloc(n);

	assert_non_null(b);
	for (size_t i = 0; i < n; i++) {
		unsigned v;

		assert_int_equal(sscanf(s + 2 * i, "%2x", &v), 1);
		b[i] = (uint8_t)v;
	}
	*len = n;
	return b;
}

/**
 * struct capture - an in-memory stream
 * @f:   stream to print to
 * @buf: text, after capture_end()
 * @len: its length
 */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

/**
 * capture_begin() - open an in-memory stream
 * @c: capture
 */
static void capture_begin(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
}

/**
 * capture_end() - close the stream; the text is in @c->buf (free it)
 * @c: capture
 */
static void capture_end(struct capture *c)
{
	fclose(c->f);
}

/**
 * has_line() - whether @text has a line equal to @line
 * @text: text
 * @line: line
 *
 * Return: true if so.
 */
static bool has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);

		if (l == n && !strncmp(p, line, n))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

static void test_ipv4_diagram(void **state)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	struct ik_show_opts o;
	struct capture c;
	size_t len;
	uint8_t *p = unhex(PU, &len);
	const char *at;

	(void)state;
	assert_int_equal(ik_dissect(d, p, len), 0);
	ik_show_opts_init(&o);
	capture_begin(&c);
	ik_show_diagram(c.f, d, &o);
	capture_end(&c);
	/* the first group is the outer IPv4 header: compare line by line */
	at = c.buf;
	for (size_t i = 0; i < sizeof(ipv4_diagram) / sizeof(ipv4_diagram[0]); i++) {
		const char *e = strchr(at, '\n');
		size_t l = e ? (size_t)(e - at) : strlen(at);
		char got[200];

		assert_true(l < sizeof(got));
		memcpy(got, at, l);
		got[l] = 0;
		assert_string_equal(got, ipv4_diagram[i]);
		assert_non_null(e);
		at = e + 1;
	}
	/* the ICMP header follows, with the meanings too wide for the boxes */
	assert_true(has_line(at, "ICMP Destination Unreachable  (8 octets at offset 20)"));
	assert_true(has_line(at, "|     Type      |     Code      |           Checksum            |"));
	assert_true(has_line(at, "|       3       |       3       |       0x807a (correct)        |"));
	/* Code 3: octets 6-7 unused, no Next-Hop MTU (RFC 1191: Code 4 only) */
	assert_true(has_line(at, "|    unused     |    Length     |            unused             |"));
	assert_null(strstr(at, "Next-Hop MTU"));
	assert_true(has_line(at, "  Type = 3 (Destination Unreachable)"));
	assert_true(has_line(at, "  Code = 3 (Port Unreachable)"));
	/* the quote, nested four columns in */
	assert_true(has_line(at, "    Quoted datagram (Internet Header + 64 bits of Original Data "
				 "Datagram)  (32 octets at offset 28)"));
	assert_true(has_line(at, "    |        Identification         |Flags|     Fragment Offset     |"));
	assert_true(has_line(at, "    |            0x1c46             | DF  |            0            |"));
	assert_true(has_line(at, "    |          Source Port          |       Destination Port        |"));
	assert_true(has_line(at, "    |             40000             |             8080              |"));
	assert_true(has_line(at, "    |                        Quoted UDP Data                        |"));
	assert_true(has_line(at, "    |                     4 octets: 68 69 21 0a                     |"));
	free(c.buf);
	free(p);
	free(d);
}

static void test_folded_and_partial_rows(void **state)
{
	/* UDP with 13 octets of data: three full rows folded into one, then
	 * one octet alone in a last row */
	static const char udp13[] = "450000290000000040110000c0000201c000020204d2162e00150000"
				    "68656c6c6f2c20776f726c6421";
	struct ik_dissection *d = malloc(sizeof(*d));
	struct ik_show_opts o;
	struct capture c;
	size_t len;
	uint8_t *p = unhex(udp13, &len);

	(void)state;
	ik_dissect(d, p, len);
	ik_show_opts_init(&o);
	capture_begin(&c);
	ik_show_diagram(c.f, d, &o);
	capture_end(&c);
	assert_true(has_line(c.buf, "~                           UDP Data                            ~"));
	assert_true(has_line(c.buf, "~       13 octets: 68 65 6c 6c 6f 2c 20 77 6f 72 6c 64 21       ~"));
	/* the data box stays open where it continues into the last row */
	assert_true(has_line(c.buf, "+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+"));
	assert_true(has_line(c.buf, "|               |"));
	assert_true(has_line(c.buf, "+-+-+-+-+-+-+-+-+"));
	free(c.buf);
	free(p);
	free(d);
}

static void test_hex_listing(void **state)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	struct ik_show_opts o;
	struct capture c;
	size_t len;
	uint8_t *p = unhex(PU, &len);

	(void)state;
	ik_dissect(d, p, len);
	ik_show_opts_init(&o);
	capture_begin(&c);
	ik_show_hex(c.f, d, &o);
	capture_end(&c);
	assert_true(has_line(c.buf, "0000  45                       Version=4  IHL=5 (20 octets)"));
	assert_true(has_line(c.buf, "0001  c0                       DSCP=48 (CS6, network control)  "
				    "ECN=0 (Not-ECT)"));
	assert_true(has_line(c.buf, "0006  00 00                    Flags=0b000 (none set)  "
				    "Fragment Offset=0"));
	assert_true(has_line(c.buf, "000a  cc 66                    Header Checksum=0xcc66 (correct)"));
	assert_true(has_line(c.buf, "000c  c0 a8 01 05              Source Address=192.168.1.5"));
	assert_true(has_line(c.buf, "0014  03                       Type=3 (Destination Unreachable)"));
	assert_true(has_line(c.buf, "0015  03                       Code=3 (Port Unreachable)"));
	/* quoted octets at their own offsets, nested */
	assert_true(has_line(c.buf, "    0022  40 00                    Flags=0b010 (DF)  Fragment Offset=0"));
	assert_true(has_line(c.buf, "    0032  1f 90                    Destination Port=8080"));
	assert_true(has_line(c.buf, "    0038  68 69 21 0a              Quoted UDP Data, 4 octets  \"hi!.\""));
	free(c.buf);
	free(p);
	free(d);
}

static void test_verdicts_and_summary(void **state)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	struct ik_show_opts o;
	struct capture c;
	size_t len;
	uint8_t *p = unhex(PU, &len);
	char s[256];

	(void)state;
	ik_dissect(d, p, len);
	ik_show_summary(d, s, sizeof(s));
	assert_string_equal(s, "192.168.1.5 -> 192.168.1.10 ICMP Destination Unreachable (Port "
			       "Unreachable), about UDP 192.168.1.10:40000 -> 192.168.1.5:8080");
	ik_show_opts_init(&o);
	capture_begin(&c);
	ik_show_verdicts(c.f, d, &o);
	capture_end(&c);
	assert_true(has_line(c.buf, "  ok   IPv4 header checksum 0xcc66: correct"));
	assert_true(has_line(c.buf, "  ok   ICMP checksum 0x807a: correct"));
	assert_true(has_line(c.buf, "  ok   quoted UDP checksum 0x3732: correct"));
	assert_true(has_line(c.buf, "  => valid"));
	free(c.buf);

	/* break the ICMP checksum */
	p[22] = p[23] = 0;
	ik_dissect(d, p, len);
	capture_begin(&c);
	ik_show_verdicts(c.f, d, &o);
	capture_end(&c);
	assert_true(has_line(c.buf, "  BAD  ICMP checksum 0x0000: WRONG (should be 0x807a)"));
	assert_true(has_line(c.buf, "  ERROR offset 22: ICMP checksum 0x0000 is wrong"));
	assert_true(has_line(c.buf, "  => NOT valid (1 bad check and an error)"));
	free(c.buf);

	/* ik_show_packet's answer */
	capture_begin(&c);
	assert_int_equal(ik_show_packet(c.f, p, len, NULL), 1);
	p[22] = 0x80;
	p[23] = 0x7a;
	assert_int_equal(ik_show_packet(c.f, p, len, NULL), 0);
	capture_end(&c);
	free(c.buf);
	free(p);
	free(d);
}

/**
 * summary_of() - dissect hex and write its summary line
 * @hex: datagram
 * @d:   dissection (out)
 * @s:   line (out)
 * @cap: its size
 *
 * Return: ik_dissect()'s answer.
 */
static int summary_of(const char *hex, struct ik_dissection *d, char *s, size_t cap)
{
	size_t len;
	uint8_t *p = unhex(hex, &len);
	int rc = ik_dissect(d, p, len);

	ik_show_summary(d, s, cap);
	free(p);
	return rc;
}

/*
 * The summary finds the transport header where the IHL puts it, past the
 * padding after End of Option List (a data layer at the header's depth), as
 * the IPv4 layer's payload link says.
 */
static void test_summary_after_eol_padding(void **state)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	const struct ik_dlayer *l;
	char s[256];

	(void)state;
	assert_non_null(d);
	assert_int_equal(summary_of(UDP_EOL, d, s, sizeof(s)), 0);
	assert_string_equal(s, "192.168.1.10 -> 192.168.1.5 UDP 40000 -> 8080, 4 octets of data");
	/* the layers: header, EOL, padding, UDP, data; the link skips two */
	assert_int_equal(d->nlayers, 5);
	assert_int_equal(d->layers[2].kind, IK_LK_DATA);
	assert_int_equal(d->layers[0].payload, 3);
	l = &d->layers[d->layers[0].payload];
	assert_int_equal(l->kind, IK_LK_UDP);
	assert_int_equal(l->off, 24);

	assert_int_equal(summary_of(UDP_EOL_PAD, d, s, sizeof(s)), 0);
	assert_string_equal(s, "192.168.1.10 -> 192.168.1.5 UDP 40000 -> 8080, 4 octets of data");

	assert_int_equal(summary_of(ECHO_EOL, d, s, sizeof(s)), 0);
	assert_non_null(strstr(s, "192.168.1.10 -> 192.168.1.5 ICMP Echo"));
	assert_non_null(strstr(s, " id 4660 seq 7"));

	assert_int_equal(summary_of(PU_EOL, d, s, sizeof(s)), 0);
	assert_string_equal(s, "192.168.1.5 -> 192.168.1.10 ICMP Destination Unreachable (Port "
			       "Unreachable), about UDP 192.168.1.10:40000 -> 192.168.1.5:8080");
	for (size_t i = 1; i < d->nlayers; i++) {
		if (d->layers[i].kind == IK_LK_IPV4) {
			l = &d->layers[d->layers[i].payload];
			assert_int_equal(l->kind, IK_LK_UDP);
			assert_int_equal(l->depth, 1);
			assert_int_equal(l->off, d->layers[i].off + 24);
		}
	}

	/* a header cut short has no payload: the protocol by number */
	assert_int_equal(summary_of("4600001c1c46400040119a23c0a8010ac0a8010500", d, s, sizeof(s)),
			 1);
	assert_int_equal(d->layers[0].payload, 0);
	assert_string_equal(s, "192.168.1.10 -> 192.168.1.5 UDP (protocol 17)");
	free(d);
}

static void test_options_indent_title_color(void **state)
{
	struct ik_show_opts o;
	struct capture c;
	size_t len;
	uint8_t *p = unhex(PU, &len);

	(void)state;
	ik_show_opts_init(&o);
	o.indent = "> ";
	o.title = "Phase 3: the ICMP error";
	o.hex = false;
	capture_begin(&c);
	ik_show_packet(c.f, p, len, &o);
	capture_end(&c);
	assert_null(strchr(c.buf, '\033'));
	assert_true(has_line(c.buf, "> Phase 3: the ICMP error"));
	assert_true(has_line(c.buf, "> +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+"));
	assert_null(strstr(c.buf, "Field=value")); /* no hex listing */
	for (const char *q = c.buf; *q; q = strchr(q, '\n') + 1) {
		/* every non-empty line carries the prefix */
		if (*q != '\n')
			assert_memory_equal(q, "> ", 2);
		if (!strchr(q, '\n'))
			break;
	}
	free(c.buf);

	o.color = true;
	o.indent = NULL;
	capture_begin(&c);
	ik_show_packet(c.f, p, len, &o);
	capture_end(&c);
	assert_non_null(strstr(c.buf, "\033[32mok"));
	assert_non_null(strstr(c.buf, "\033[0m"));
	free(c.buf);
	free(p);

	/* colour decisions */
	assert_false(ik_show_color_enabled(stdout, IK_COLOR_NEVER));
	assert_true(ik_show_color_enabled(stdout, IK_COLOR_ALWAYS));
	{
		FILE *f = tmpfile();

		assert_non_null(f);
		assert_false(ik_show_color_enabled(f, IK_COLOR_AUTO)); /* not a terminal */
		fclose(f);
	}
	{
		int m = posix_openpt(O_RDWR | O_NOCTTY);

		if (m >= 0 && grantpt(m) == 0 && unlockpt(m) == 0) {
			int s = open(ptsname(m), O_RDWR | O_NOCTTY);
			FILE *f = s >= 0 ? fdopen(s, "w") : NULL;

			if (f) {
				unsetenv("NO_COLOR");
				assert_true(ik_show_color_enabled(f, IK_COLOR_AUTO));
				setenv("NO_COLOR", "1", 1);
				assert_false(ik_show_color_enabled(f, IK_COLOR_AUTO));
				assert_true(ik_show_color_enabled(f, IK_COLOR_ALWAYS));
				setenv("NO_COLOR", "", 1); /* empty: ignored */
				assert_true(ik_show_color_enabled(f, IK_COLOR_AUTO));
				unsetenv("NO_COLOR");
				fclose(f);
			}
		}
		if (m >= 0)
			close(m);
	}
}

/**
 * field() - the JSON field of a layer with @key
 * @layer: layer object
 * @key:   field key
 *
 * Return: borrowed object (the test fails if absent).
 */
static json_t *field(json_t *layer, const char *key)
{
	json_t *fields = json_object_get(layer, "fields"), *f;
	size_t i;

	json_array_foreach(fields, i, f)
		if (!strcmp(json_string_value(json_object_get(f, "key")), key))
			return f;
	fail_msg("no field %s", key);
	return NULL;
}

static void test_json(void **state)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	size_t len;
	uint8_t *p = unhex(PU, &len);
	json_t *j, *layers, *l, *f, *v;

	(void)state;
	ik_dissect(d, p, len);
	j = ik_show_json(d);
	assert_non_null(j);
	assert_true(json_is_true(json_object_get(j, "valid")));
	assert_true(json_is_null(json_object_get(j, "error")));
	assert_int_equal(json_integer_value(json_object_get(j, "length")), 60);
	layers = json_object_get(j, "layers");
	assert_int_equal(json_array_size(layers), 6);

	l = json_array_get(layers, 0);
	assert_string_equal(json_string_value(json_object_get(l, "kind")), "ipv4");
	f = field(l, "protocol");
	assert_int_equal(json_integer_value(json_object_get(f, "value")), 1);
	assert_string_equal(json_string_value(json_object_get(f, "meaning")), "ICMP");
	assert_int_equal(json_integer_value(json_object_get(f, "offset")), 9);
	assert_int_equal(json_integer_value(json_object_get(f, "bit_offset")), 72);
	assert_int_equal(json_integer_value(json_object_get(f, "bits")), 8);
	f = field(l, "source");
	assert_int_equal(json_integer_value(json_object_get(f, "value")), 0xc0a80105);
	assert_string_equal(json_string_value(json_object_get(f, "text")), "192.168.1.5");
	v = json_array_get(json_object_get(l, "verdicts"), 0);
	assert_string_equal(json_string_value(json_object_get(v, "kind")), "checksum");
	assert_string_equal(json_string_value(json_object_get(v, "status")), "correct");
	assert_string_equal(json_string_value(json_object_get(v, "field")), "header_checksum");
	assert_int_equal(json_integer_value(json_object_get(v, "value")), 0xcc66);

	l = json_array_get(layers, 1);
	assert_string_equal(json_string_value(json_object_get(l, "kind")), "icmp");
	assert_string_equal(json_string_value(json_object_get(field(l, "type"), "meaning")),
			    "Destination Unreachable");
	assert_string_equal(json_string_value(json_object_get(field(l, "code"), "text")),
			    "3 (Port Unreachable)");
	l = json_array_get(layers, 3);
	assert_int_equal(json_integer_value(json_object_get(l, "depth")), 1);
	assert_int_equal(json_integer_value(json_object_get(l, "offset")), 28);
	l = json_array_get(layers, 5);
	assert_string_equal(json_string_value(json_object_get(l, "kind")), "data");
	assert_string_equal(json_string_value(json_object_get(field(l, "data"), "value")),
			    "6869210a");
	json_decref(j);

	/* a broken packet: the error with its offset, a wrong verdict */
	p[22] = p[23] = 0;
	ik_dissect(d, p, len);
	j = ik_show_json(d);
	assert_true(json_is_false(json_object_get(j, "valid")));
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "error"), "offset")),
			 22);
	l = json_array_get(json_object_get(j, "layers"), 1);
	v = json_array_get(json_object_get(l, "verdicts"), 0);
	assert_string_equal(json_string_value(json_object_get(v, "status")), "wrong");
	assert_int_equal(json_integer_value(json_object_get(v, "expected")), 0x807a);
	json_decref(j);
	free(p);
	free(d);
}

/**
 * render_all() - every view of @n octets, to /dev/null; never a crash
 * @null: stream
 * @p:    octets (exactly @n, so ASan sees a read past them)
 * @n:    count
 *
 * Return: ik_show_packet()'s answer.
 */
static int render_all(FILE *null, const uint8_t *p, size_t n)
{
	struct ik_dissection *d = malloc(sizeof(*d));
	struct ik_show_opts o;
	json_t *j;
	int rc;

	ik_show_opts_init(&o);
	o.color = true;
	o.indent = "  ";
	rc = ik_show_packet(null, p, n, &o);
	ik_dissect(d, p, n);
	j = ik_show_json(d);
	assert_non_null(j);
	json_decref(j);
	free(d);
	return rc;
}

static void test_every_prefix_renders(void **state)
{
	const char *const pkts[] = { PU, TE, ECHO };
	FILE *null = fopen("/dev/null", "w");

	(void)state;
	assert_non_null(null);
	for (size_t k = 0; k < 3; k++) {
		size_t len;
		uint8_t *p = unhex(pkts[k], &len);
		uint32_t x = 777;

		for (size_t n = 0; n <= len; n++) {
			uint8_t *c = malloc(n ? n : 1);

			memcpy(c, p, n);
			assert_int_equal(render_all(null, c, n), n == len ? 0 : 1);
			free(c);
		}
		for (int i = 0; i < 300; i++) {
			uint8_t *c = malloc(len);

			memcpy(c, p, len);
			for (int m = 0; m < 1 + i % 5; m++) {
				x = x * 1103515245u + 12345u;
				c[(x >> 8) % len] = (uint8_t)(x >> 20);
			}
			render_all(null, c, len);
			free(c);
		}
		free(p);
	}
	fclose(null);
}

/**
 * widest() - the widest line of @text, in display columns
 * @text: text (UTF-8, may hold colour sequences)
 *
 * Return: columns.
 */
static size_t widest(const char *text)
{
	size_t w = 0;

	for (const char *p = text; *p;) {
		const char *e = strchr(p, '\n');
		size_t l = e ? (size_t)(e - p) : strlen(p);
		size_t c = ik_show_text_width(p, l);

		w = c > w ? c : w;
		p = e ? e + 1 : p + l;
	}
	return w;
}

static void test_text_width_and_wrap(void **state)
{
	/* UTF-8 characters one column each, colour sequences none */
	static const char check[] = "\xe2\x9c\x94 ok";                  /* "✔ ok" */
	static const char bold[] = "\033[1mab\033[0m \xe2\x95\x90"; /* "ab ═" in bold */
	struct capture c;

	(void)state;
	assert_int_equal(ik_show_text_width(check, strlen(check)), 4);
	assert_int_equal(ik_show_text_width(bold, strlen(bold)), 4);
	assert_int_equal(ik_show_text_width(bold, 6), 2); /* stops inside the reset */
	capture_begin(&c);
	ik_show_wrap(c.f, "one two three four", 4, 14, "    ");
	capture_end(&c);
	assert_string_equal(c.buf, "one two\n    three four");
	free(c.buf);
	/* runs of spaces kept inside a line, a word wider than the line whole */
	capture_begin(&c);
	ik_show_wrap(c.f, "a  b  abcdefghijklmnop", 0, 10, "");
	capture_end(&c);
	assert_string_equal(c.buf, "a  b\nabcdefghijklmnop");
	free(c.buf);
	/* width 0: as it is */
	capture_begin(&c);
	ik_show_wrap(c.f, "a  b  abcdefghijklmnop", 0, 0, "");
	capture_end(&c);
	assert_string_equal(c.buf, "a  b  abcdefghijklmnop");
	free(c.buf);
}

/* what the demo prints at 72 and 100 columns fits, diagrams included */
static void test_width(void **state)
{
	static const char *const pkts[] = { PU, TE, ECHO };
	struct ik_dissection *d = malloc(sizeof(*d));
	struct ik_show_opts o;
	struct capture c;

	(void)state;
	for (size_t i = 0; i < sizeof(pkts) / sizeof(pkts[0]); i++) {
		size_t len;
		uint8_t *p = unhex(pkts[i], &len);

		assert_int_equal(ik_dissect(d, p, len), 0);
		ik_show_opts_init(&o);
		o.title = "B → A: a caption long enough that it has to be wrapped at 72 columns, "
			  "surely";
		o.indent = "  ";
		o.width = 72;
		capture_begin(&c);
		ik_show_dissection(c.f, d, &o);
		capture_end(&c);
		assert_true(widest(c.buf) <= 72);
		free(c.buf);
		o.indent = "    ";
		o.width = 100;
		o.color = true;
		capture_begin(&c);
		ik_show_dissection(c.f, d, &o);
		capture_end(&c);
		assert_true(widest(c.buf) <= 100);
		free(c.buf);
		/* no width: lines as long as they are (the quote's title is 95) */
		o.width = 0;
		o.color = false;
		capture_begin(&c);
		ik_show_dissection(c.f, d, &o);
		capture_end(&c);
		if (i == 0)
			assert_true(widest(c.buf) > 100);
		free(c.buf);
		free(p);
	}
	free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_diagram),
		cmocka_unit_test(test_folded_and_partial_rows),
		cmocka_unit_test(test_hex_listing),
		cmocka_unit_test(test_verdicts_and_summary),
		cmocka_unit_test(test_summary_after_eol_padding),
		cmocka_unit_test(test_options_indent_title_color),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_every_prefix_renders),
		cmocka_unit_test(test_text_width_and_wrap),
		cmocka_unit_test(test_width),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
