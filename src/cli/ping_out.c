// SPDX-License-Identifier: MIT
/* ping_out.c - `icmpkit ping`: iputils' lines, or one JSON object per event */
#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>

#include "icmpkit/icmp.h"
#include "icmpkit/ipv4.h"

#include "ping.h"

/**
 * ping_error_text() - iputils' text for an ICMP error
 * @type / @code / @info: the error; @out / @len: buffer
 *
 * Return: @out.
 */
const char *ping_error_text(uint8_t type, uint8_t code, uint32_t info, char *out, size_t len)
{
	static const char *const unreach[] = {
		"Destination Net Unreachable", "Destination Host Unreachable",
		"Destination Protocol Unreachable", "Destination Port Unreachable", NULL,
		"Source Route Failed", "Destination Net Unknown", "Destination Host Unknown",
		"Source Host Isolated", "Destination Net Prohibited", "Destination Host Prohibited",
		"Destination Net Unreachable for Type of Service",
		"Destination Host Unreachable for Type of Service", "Packet filtered",
		"Precedence Violation", "Precedence Cutoff",
	};
	static const char *const redirect[] = {
		"Redirect Network", "Redirect Host", "Redirect Type of Service and Network",
		"Redirect Type of Service and Host",
	};
	char gw[16];

	switch (type) {
	case 3:
		if (code == 4)
			snprintf(out, len, "Frag needed and DF set (mtu = %u)", info);
		else if (code < sizeof(unreach) / sizeof(unreach[0]))
			snprintf(out, len, "%s", unreach[code]);
		else
			snprintf(out, len, "Dest Unreachable, Bad Code: %u", code);
		break;
	case 4: snprintf(out, len, "Source Quench"); break;
	case 5:
		if (code < 4)
			snprintf(out, len, "%s(New nexthop: %s)", redirect[code],
				 ik_ipv4_addr_str(info, gw));
		else
			snprintf(out, len, "Redirect, Bad Code: %u", code);
		break;
	case 11:
		snprintf(out, len, "%s", code == 0 ? "Time to live exceeded" :
			 code == 1 ? "Frag reassembly time exceeded" : "Time exceeded, Bad Code");
		if (code > 1)
			snprintf(out, len, "Time exceeded, Bad Code: %u", code);
		break;
	case 12: snprintf(out, len, "Parameter problem: pointer = %u", info); break;
	default: snprintf(out, len, "Bad ICMP type: %u", type); break;
	}
	return out;
}

/**
 * ping_mdev_us() - iputils' mdev: integer variance in microseconds (in its
 * order, which keeps small times exact), then the integer square root
 * @s: counters
 *
 * Return: mdev in microseconds.
 */
long long ping_mdev_us(const struct ping_stats *s)
{
	long long total = s->received + s->dups, var, x, prev;

	if (total <= 0)
		return 0;
	if (s->tsum < 0x7fffffff)
		var = (s->tsum2 - (s->tsum * s->tsum) / total) / total;
	else
		var = s->tsum2 / total - (s->tsum / total) * (s->tsum / total);
	if (var <= 0)
		return 0;
	/* Newton's method from above in integers, stopped as iputils stops it:
	 * the first step that does not go down is the answer */
	x = var;
	prev = 0x7fffffffffffffffLL;
	while (x < prev) {
		prev = x;
		x = (x + var / x) / 2;
	}
	return x;
}

/**
 * addr() - @a as text (static buffer per call site order: one at a time)
 * @a: address
 *
 * Return: the text.
 */
static const char *addr(uint32_t a)
{
	static char b[16];

	return ik_ipv4_addr_str(a, b);
}

/**
 * stamp_text() - the time of a line as -D / --timestamp-format ask: seconds
 * and microseconds since the epoch (iputils), ISO 8601, ctime(3), or seconds since
 * the start (fping's reltime)
 * @p: the run; @out / @len: buffer
 *
 * Return: @out.
 */
static const char *stamp_text(const struct ping *p, char *out, size_t len)
{
	struct timeval tv;
	struct tm tm;

	gettimeofday(&tv, NULL);
	switch (p->o.tsfmt) {
	case PING_TS_ISO:
		localtime_r(&tv.tv_sec, &tm);
		strftime(out, len, "%Y-%m-%dT%H:%M:%S%z", &tm);
		break;
	case PING_TS_CTIME:
		localtime_r(&tv.tv_sec, &tm);
		strftime(out, len, "%a %b %e %H:%M:%S %Y", &tm);
		break;
	case PING_TS_REL: {
		uint64_t d = ping_now_ns() - p->start_ns;

		snprintf(out, len, "%llu.%06llu", (unsigned long long)(d / 1000000000ULL),
			 (unsigned long long)(d % 1000000000ULL / 1000));
		break;
	}
	default:
		snprintf(out, len, "%lld.%06ld", (long long)tv.tv_sec, (long)tv.tv_usec);
		break;
	}
	return out;
}

/**
 * ping_out_stamp() - the -D prefix "[time] " of a line, or nothing
 * @p: the run
 */
void ping_out_stamp(const struct ping *p)
{
	char b[64];

	if (p->o.stamp)
		printf("[%s] ", stamp_text(p, b, sizeof(b)));
}

/**
 * ping_out_stamp_json() - the "timestamp" member of a JSON event (-D):
 * seconds as a number for the epoch and reltime forms, text for the others
 * @p: the run; @o: the object
 */
void ping_out_stamp_json(const struct ping *p, void *o)
{
	char b[64];

	if (!p->o.stamp)
		return;
	stamp_text(p, b, sizeof(b));
	json_object_set_new(o, "timestamp", p->o.tsfmt == PING_TS_ISO || p->o.tsfmt == PING_TS_CTIME ?
				       json_string(b) : json_real(strtod(b, NULL)));
}

/**
 * print_time() - " time=%s ms" in iputils' precision (3 decimals below 1 ms,
 * 2 below 10, 1 below 100, none above)
 * @us: microseconds
 */
static void print_time(long long us)
{
	if (us >= 100000 - 50)
		printf(" time=%lld ms", (us + 500) / 1000);
	else if (us >= 10000 - 5)
		printf(" time=%lld.%01lld ms", (us + 50) / 1000, ((us + 50) % 1000) / 100);
	else if (us >= 1000)
		printf(" time=%lld.%02lld ms", (us + 5) / 1000, ((us + 5) % 1000) / 10);
	else
		printf(" time=%lld.%03lld ms", us / 1000, us % 1000);
}

/**
 * print_rr() - the Record Route block after a reply, or "(same route)"
 * @p: the run; @e: the reply
 */
static void print_rr(struct ping *p, const struct ping_event *e)
{
	if (e->rr_len == p->rr_last_len && !memcmp(e->rr, p->rr_last, e->rr_len)) {
		printf("\t(same route)");
		return;
	}
	memcpy(p->rr_last, e->rr, e->rr_len);
	p->rr_last_len = e->rr_len;
	printf("\nRR: ");
	for (size_t i = 0; i < e->rr_len; i += 4)
		printf("%s\t%s", i ? "\n" : "", addr(ik_get32(e->rr + i)));
	printf("\n");
}

/**
 * ping_out_header() - the PING line (none with --json)
 * @p: the run
 */
void ping_out_header(const struct ping *p)
{
	if (p->o.run.json)
		return;
	printf("PING %s (%s) %u(%u) bytes of data.\n", p->o.target, p->dst_str, p->o.datalen,
	       p->o.datalen + 8 + (p->o.rr ? 40 : 0) + 20);
	if (p->o.verbose)
		printf("%s socket, Identifier %u: replies are ours by Identifier\n",
		       p->dgram ? "ICMP datagram" : "raw ICMP", p->ident);
	fflush(stdout);
}

/**
 * json_event() - one event as a JSON object on one line
 * @p: the run; @e: the event
 */
static void json_event(const struct ping *p, const struct ping_event *e)
{
	json_t *o = json_object();
	char text[96];
	char *s;

	ping_out_stamp_json(p, o);
	switch (e->kind) {
	case PING_EV_REPLY:
		json_object_set_new(o, "type", json_string("reply"));
		json_object_set_new(o, "bytes", json_integer((json_int_t)e->bytes));
		json_object_set_new(o, "host", json_string(addr(e->from)));
		json_object_set_new(o, "seq", json_integer(e->seq));
		json_object_set_new(o, "ttl", e->ttl >= 0 ? json_integer(e->ttl) : json_null());
		json_object_set_new(o, "time", e->rtt_us >= 0 ? json_real(e->rtt_us / 1000.0) : json_null());
		json_object_set_new(o, "duplicate", json_boolean(e->dup));
		json_object_set_new(o, "corrupted", json_boolean(e->badsum));
		if (e->rr) {
			json_t *a = json_array();

			for (size_t i = 0; i < e->rr_len; i += 4)
				json_array_append_new(a, json_string(addr(ik_get32(e->rr + i))));
			json_object_set_new(o, "route", a);
		}
		break;
	case PING_EV_ERROR:
		json_object_set_new(o, "type", json_string("error"));
		json_object_set_new(o, "host", json_string(addr(e->from)));
		json_object_set_new(o, "seq", json_integer(e->seq));
		json_object_set_new(o, "icmp_type", json_integer(e->type));
		json_object_set_new(o, "icmp_code", json_integer(e->code));
		if (e->type == 3 && e->code == 4)
			json_object_set_new(o, "mtu", json_integer(e->info));
		json_object_set_new(o, "error", json_string(ping_error_text(e->type, e->code, e->info,
									    text, sizeof(text))));
		break;
	case PING_EV_LOCAL:
		json_object_set_new(o, "type", json_string("error"));
		json_object_set_new(o, "seq", json_integer(e->seq));
		json_object_set_new(o, "error", json_string(e->local_errno == EMSGSIZE ?
							    "local error: message too long" :
							    strerror(e->local_errno)));
		if (e->local_errno == EMSGSIZE)
			json_object_set_new(o, "mtu", json_integer(e->info));
		break;
	default:
		json_object_set_new(o, "type", json_string("timeout"));
		json_object_set_new(o, "host", json_string(p->dst_str));
		json_object_set_new(o, "seq", json_integer(e->seq));
		break;
	}
	s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(o);
}

/**
 * ping_out_event() - one reply, error or timeout line (or JSON object)
 * @p: the run; @e: the event
 */
void ping_out_event(struct ping *p, const struct ping_event *e)
{
	char text[96];

	if (e->kind == PING_EV_LOCAL)
		p->st.errors++;
	if (p->o.run.json) {
		json_event(p, e);
		fflush(stdout);
		return;
	}
	if (e->kind == PING_EV_LOCAL && !p->o.quiet && !p->o.flood) {
		fflush(stdout);
		if (e->local_errno == EMSGSIZE)
			fprintf(stderr, "icmpkit ping: local error: message too long, mtu=%u\n", e->info);
		else
			fprintf(stderr, "icmpkit ping: local error: %s\n", strerror(e->local_errno));
		return;
	}
	if (p->o.quiet)
		return;
	if (p->o.flood) {
		/* '.' per request, a backspace per reply, 'E' per error */
		fputs(e->kind == PING_EV_REPLY ? "\b \b" : e->kind == PING_EV_TIMEOUT ? "" : "\bE", stdout);
		fflush(stdout);
		return;
	}
	if (p->o.audible && e->kind == PING_EV_REPLY && !e->dup && !e->badsum)
		putchar('\a');
	ping_out_stamp(p);
	switch (e->kind) {
	case PING_EV_REPLY:
		printf("%zu bytes from %s: icmp_seq=%u", e->bytes, addr(e->from), e->seq);
		if (p->o.verbose)
			printf(" ident=%u", p->ident);
		if (e->ttl >= 0)
			printf(" ttl=%d", e->ttl);
		if (e->bytes < p->o.datalen + 8u) {
			printf(" (truncated)\n");
			break;
		}
		if (e->rtt_us >= 0)
			print_time(e->rtt_us);
		if (e->dup)
			printf(" (DUP!)");
		if (e->badsum)
			printf(" (BAD CHECKSUM!)");
		if (e->rr)
			print_rr(p, e);
		printf("\n");
		break;
	case PING_EV_ERROR:
		/* iputils prints what its raw socket reads itself (Redirect,
		 * Source Quench: not in the error queue) with a colon */
		printf("From %s%s icmp_seq=%u %s\n", addr(e->from),
		       !p->dgram && (e->type == IK_ICMP_REDIRECT || e->type == IK_ICMP_SOURCEQUENCH) ?
		       ":" : "", e->seq, ping_error_text(e->type, e->code, e->info, text, sizeof(text)));
		break;
	default:
		printf("no answer yet for icmp_seq=%u\n", e->seq);
		break;
	}
	fflush(stdout);
}

/**
 * ping_out_trace() - one --trace line (stderr with --json, so stdout stays
 * JSON)
 * @p: the run; @fmt: printf format
 */
void ping_out_trace(const struct ping *p, const char *fmt, ...)
{
	FILE *f = p->o.run.json ? stderr : stdout;
	va_list ap;

	if (!fmt) /* never: says so to gcc's -Wformat-overflow under the sanitizers */
		return;
	fputs("trace: ", f);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	fflush(f);
}

/**
 * ms3() - microseconds as iputils' "%ld.%03ld"
 * @us: value; @out: buffer of 32
 *
 * Return: @out.
 */
static const char *ms3(long long us, char *out)
{
	snprintf(out, 32, "%lld.%03lld", us / 1000, us % 1000);
	return out;
}

/**
 * ping_out_summary() - the statistics block (or the summary object)
 * @p: the run; @elapsed_ns: since the start
 */
void ping_out_summary(const struct ping *p, uint64_t elapsed_ns)
{
	const struct ping_stats *s = &p->st;
	unsigned long long ms = (elapsed_ns + 500000) / 1000000;
	float loss = s->transmitted ? (float)((s->transmitted - s->received) * 100.0 / s->transmitted) : 0;
	bool rtt = s->received && p->timing;
	long long total = s->received + s->dups, avg = total ? s->tsum / total : 0;
	long long tmin = s->tmin == 0x7fffffffffffffffLL ? 0 : s->tmin;
	char a[32], b[32], c[32], d[32];

	if (p->o.run.json) {
		json_t *o = json_object();
		char *txt;

		json_object_set_new(o, "type", json_string("summary"));
		json_object_set_new(o, "host", json_string(p->dst_str));
		json_object_set_new(o, "transmitted", json_integer(s->transmitted));
		json_object_set_new(o, "received", json_integer(s->received));
		json_object_set_new(o, "duplicates", json_integer(s->dups));
		json_object_set_new(o, "corrupted", json_integer(s->corrupted));
		json_object_set_new(o, "errors", json_integer(s->errors));
		json_object_set_new(o, "loss", json_real(loss));
		json_object_set_new(o, "time", json_integer((json_int_t)ms));
		if (rtt) {
			json_t *r = json_object();

			json_object_set_new(r, "min", json_real(tmin / 1000.0));
			json_object_set_new(r, "avg", json_real(avg / 1000.0));
			json_object_set_new(r, "max", json_real(s->tmax / 1000.0));
			json_object_set_new(r, "mdev", json_real(ping_mdev_us(s) / 1000.0));
			json_object_set_new(o, "rtt", r);
		} else {
			json_object_set_new(o, "rtt", json_null());
		}
		txt = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
		if (txt)
			printf("%s\n", txt);
		free(txt);
		json_decref(o);
		fflush(stdout);
		return;
	}
	printf("\n--- %s ping statistics ---\n", p->o.target);
	printf("%ld packets transmitted, %ld received", s->transmitted, s->received);
	if (s->dups)
		printf(", +%ld duplicates", s->dups);
	if (s->corrupted)
		printf(", +%ld corrupted", s->corrupted);
	if (s->errors)
		printf(", +%ld errors", s->errors);
	if (s->transmitted)
		printf(", %g%% packet loss, time %llums", loss, ms);
	printf("\n");
	if (rtt)
		printf("rtt min/avg/max/mdev = %s/%s/%s/%s ms", ms3(tmin, a), ms3(avg, b),
		       ms3(s->tmax, c), ms3(ping_mdev_us(s), d));
	if (s->received && (!p->o.interval_ns || p->o.flood) && s->transmitted > 1) {
		long long ipg = (long long)(elapsed_ns / 1000) / (s->transmitted - 1);

		printf("%sipg/ewma %lld.%03lld/%lld.%03lld ms", rtt ? ", " : "", ipg / 1000, ipg % 1000,
		       p->ewma / 8000, (p->ewma / 8) % 1000);
	}
	printf("\n");
	fflush(stdout);
}
