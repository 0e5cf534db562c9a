// SPDX-License-Identifier: MIT
/* decode_json.c - `icmpkit decode --json` written as it goes (decode_json.h) */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode_json.h"
#include "icmpkit/show.h"

#define FLUSH_AT (1u << 20) /* octets of text kept before writing them out */

/**
 * decode_json_begin() - start the array
 * @j:   output
 * @out: stream
 *
 * Return: 0, or -1 when out of memory.
 */
int decode_json_begin(struct decode_json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->d = malloc(sizeof(*j->d));
	if (!j->d)
		return -1;
	ik_jw_init(&j->w, 0);
	ik_jw_open(&j->w, '[');
	return j->w.oom ? -1 : 0;
}

/**
 * flush() - write the text out when there is much of it and it may go
 * @j: output
 */
static void flush(struct decode_json *j)
{
	if (!j->can_flush || j->w.len < FLUSH_AT)
		return;
	fwrite(j->w.buf, 1, j->w.len, j->out);
	j->w.len = 0;
}

/**
 * head() - open a packet's object with where it came from
 * @j:      output
 * @num:    packet number
 * @origin: input name
 */
static void head(struct decode_json *j, size_t num, const char *origin)
{
	ik_jw_elem(&j->w);
	ik_jw_open(&j->w, '{');
	IK_JW_KV_INT(&j->w, "packet", (long long)num);
	IK_JW_KV_STR(&j->w, "source", origin);
}

/**
 * decode_json_frame() - a frame with no IPv4 datagram, or unreadable
 * @j:      output
 * @num:    packet number
 * @origin: input name
 * @p:      the frame
 */
void decode_json_frame(struct decode_json *j, size_t num, const char *origin,
		       const struct ik_cap_pkt *p)
{
	head(j, num, origin);
	IK_JW_KV_INT(&j->w, "frame_length", (long long)p->frame_len);
	if (p->skip[0])
		IK_JW_KV_STR(&j->w, "skipped", p->skip);
	else
		IK_JW_KV_STR(&j->w, "unreadable", p->bad);
	ik_jw_close(&j->w, '}');
	flush(j);
}

/**
 * decode_json_packet() - dissect an IPv4 datagram and add it
 * @j:      output
 * @num:    packet number
 * @origin: input name
 * @p:      the packet
 *
 * Return: true when the packet is valid.
 */
bool decode_json_packet(struct decode_json *j, size_t num, const char *origin,
			const struct ik_cap_pkt *p)
{
	ik_dissect_ip(j->d, p->data, p->len);
	/* where the packet came from first, then what it holds */
	head(j, num, origin);
	if (p->link)
		IK_JW_KV_STR(&j->w, "link", p->link);
	if (p->has_time) {
		char t[64];
		size_t n = decode_time_text(j, p, t, sizeof(t));

		ik_jw_kv_str_q(&j->w, IK_JW_Q("time"), t, n);
		IK_JW_KV_INT(&j->w, "time_ns", (long long)(p->sec * 1000000000LL + p->nsec));
	}
	IK_JW_KV_INT(&j->w, "frame_length", (long long)p->frame_len);
	ik_show_json_write(&j->w, j->d);
	ik_jw_close(&j->w, '}');
	flush(j);
	return j->d->valid;
}

/**
 * decode_json_end() - close the array and write out what is left
 * @j:     output
 * @print: write it (false: drop it)
 *
 * Return: 0, or -1.
 */
int decode_json_end(struct decode_json *j, bool print)
{
	int rc = 0;

	ik_jw_close(&j->w, ']');
	ik_jw_raw(&j->w, "\n", 1);
	if (j->w.oom)
		rc = -1;
	else if (print && fwrite(j->w.buf, 1, j->w.len, j->out) != j->w.len)
		rc = -1;
	ik_jw_free(&j->w);
	free(j->d);
	j->d = NULL;
	return rc;
}

/**
 * put_dec() - @v in decimal, at least @width digits (as "%0*u")
 * @p:     output (room for 10 digits or @width)
 * @v:     value
 * @width: least number of digits
 *
 * Return: digits written.
 */
static size_t put_dec(char *p, uint32_t v, unsigned width)
{
	char tmp[16];
	size_t k = sizeof(tmp);

	do {
		tmp[--k] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (sizeof(tmp) - k < width)
		tmp[--k] = '0';
	memcpy(p, tmp + k, sizeof(tmp) - k);
	return sizeof(tmp) - k;
}

/**
 * decode_time_text() - capture time as "2024-05-01 10:00:00.123456 UTC"
 * @j:   run output with the date cache, or NULL
 * @p:   packet
 * @buf: output
 * @cap: its size (at least 64)
 *
 * Return: the length written.
 */
size_t decode_time_text(struct decode_json *j, const struct ik_cap_pkt *p, char *buf, size_t cap)
{
	char own[32], *day = j ? j->day : own;
	size_t n;

	if (!j || !j->day_ok || j->day_sec != (long long)p->sec) {
		time_t t = (time_t)p->sec;
		struct tm tm;

		if (!gmtime_r(&t, &tm) || !strftime(day, sizeof(own), "%Y-%m-%d %H:%M:%S", &tm)) {
			if (j)
						return (size_t)snprintf(buf, cap, "%lld s", (long long)p->sec);
		}
		if (j) {
			j->day_ok = true;
			j->day_sec = (long long)p->sec;
		}
	}
	n = strlen(day);
	if (cap < n + 22)
		return (size_t)snprintf(buf, cap, "%s", "");
	memcpy(buf, day, n);
	buf[n++] = '.';
	if (p->nsec % 1000 == 0)
		n += put_dec(buf + n, p->nsec / 1000, 6);
	else
		n += put_dec(buf + n, p->nsec, 9);
	memcpy(buf + n, " UTC", 5);
	return n + 4;
}
