// SPDX-License-Identifier: MIT
/* ping_multi_out.c - `icmpkit ping` over many targets: fping's lines, or one
 * JSON object per event */
#include <errno.h>
#include <jansson.h>
#include <string.h>

#include "icmpkit/ipv4.h"

#include "ping_multi.h"

/**
 * ping_target_str() - a target's name as given, else its address
 * @t: the target; @buf: 16 octets
 *
 * Return: the text.
 */
const char *ping_target_str(const struct ping_target *t, char *buf)
{
	return t->name ? t->name : ik_ipv4_addr_str(t->addr, buf);
}

/**
 * width() - fping's first column: the longest target's text
 * @p: the run
 *
 * Return: characters.
 */
static int width(const struct ping *p)
{
	struct ping_multi *m = p->multi;
	char b[16];

	if (!m->width) {
		m->width = 1;
		for (uint32_t i = 0; i < m->n; i++) {
			int w = (int)strlen(ping_target_str(&m->t[i], b));

			if (w > m->width)
				m->width = w;
		}
	}
	return m->width;
}

/**
 * ms() - microseconds as milliseconds in iputils' precision
 * @us: value; @out: 32 octets
 *
 * Return: @out.
 */
static const char *ms(long long us, char *out)
{
	if (us >= 100000 - 50)
		snprintf(out, 32, "%lld", (us + 500) / 1000);
	else if (us >= 10000 - 5)
		snprintf(out, 32, "%lld.%01lld", (us + 50) / 1000, ((us + 50) % 1000) / 100);
	else if (us >= 1000)
		snprintf(out, 32, "%lld.%02lld", (us + 5) / 1000, ((us + 5) % 1000) / 10);
	else
		snprintf(out, 32, "%lld.%03lld", us / 1000, us % 1000);
	return out;
}

/**
 * loss_pct() - fping's integer loss of a target
 * @t: the target
 *
 * Return: percent.
 */
static unsigned loss_pct(const struct ping_target *t)
{
	return t->sent ? (unsigned)((t->sent - (t->recv < t->sent ? t->recv : t->sent)) * 100ULL /
				    t->sent) : 0;
}

/**
 * json_new() - an event object with its type, target and -D timestamp
 * @p: the run; @type: "reply", ...; @t: the target, or NULL
 *
 * Return: the object.
 */
static json_t *json_new(const struct ping *p, const char *type, const struct ping_target *t)
{
	json_t *o = json_object();
	char b[16];

	ping_out_stamp_json(p, o);
	json_object_set_new(o, "type", json_string(type));
	if (t) {
		json_object_set_new(o, "host", json_string(ik_ipv4_addr_str(t->addr, b)));
		if (t->name)
			json_object_set_new(o, "target", json_string(t->name));
	}
	return o;
}

/**
 * json_put() - print @o on one line and free it
 * @o: the object
 */
static void json_put(json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));

	if (s)
		printf("%s\n", s);
	free(s);
	json_decref(o);
}

/**
 * lines() - whether per-request lines are printed (fping -c, not -q, not
 * a list)
 * @p: the run
 *
 * Return: true when they are.
 */
static bool lines(const struct ping *p)
{
	return p->o.count_given && !p->o.quiet && p->o.list == PING_LIST_NONE;
}

/**
 * ping_multi_out_reply() - one reply line (-c), or its JSON object
 * @p: the run; @t: target; @nth: which request; @bytes / @ttl / @rtt_us:
 * the reply; @dup / @badsum: flags
 */
void ping_multi_out_reply(const struct ping *p, const struct ping_target *t, unsigned nth,
			  size_t bytes, int ttl, long long rtt_us, bool dup, bool badsum)
{
	char b[16], x[32], y[32];

	if (p->o.run.json) {
		json_t *o = json_new(p, "reply", t);

		json_object_set_new(o, "seq", json_integer(nth));
		json_object_set_new(o, "bytes", json_integer((json_int_t)bytes));
		json_object_set_new(o, "ttl", ttl >= 0 ? json_integer(ttl) : json_null());
		json_object_set_new(o, "time", json_real(rtt_us / 1000.0));
		json_object_set_new(o, "duplicate", json_boolean(dup));
		json_object_set_new(o, "corrupted", json_boolean(badsum));
		json_put(o);
		return;
	}
	if (p->o.audible && !dup && !badsum)
		putchar('\a');
	if (!lines(p))
		return;
	ping_out_stamp(p);
	if (dup)
		printf("%-*s : duplicate for [%u], %zu bytes, %s ms\n", width(p),
		       ping_target_str(t, b), nth, bytes, ms(rtt_us, x));
	else if (badsum)
		printf("%-*s : [%u], %zu bytes, %s ms (BAD CHECKSUM!)\n", width(p),
		       ping_target_str(t, b), nth, bytes, ms(rtt_us, x));
	else
		printf("%-*s : [%u], %zu bytes, %s ms (%s avg, %u%% loss)\n", width(p),
		       ping_target_str(t, b), nth, bytes, ms(rtt_us, x),
		       ms((long long)(t->tsum / (t->recv ? t->recv : 1)), y), loss_pct(t));
	fflush(stdout);
}

/**
 * ping_multi_out_error() - an ICMP error line, fping's shape with iputils'
 * name for the error
 * @p: the run; @t: target; @nth: which request; @from / @type / @code /
 * @info: the error
 */
void ping_multi_out_error(const struct ping *p, const struct ping_target *t, unsigned nth,
			  uint32_t from, uint8_t type, uint8_t code, uint32_t info)
{
	char text[96], a[16], b[16];

	ping_error_text(type, code, info, text, sizeof(text));
	if (p->o.run.json) {
		json_t *o = json_new(p, "error", t);

		json_object_set_new(o, "seq", json_integer(nth));
		json_object_set_new(o, "from", json_string(ik_ipv4_addr_str(from, a)));
		json_object_set_new(o, "icmp_type", json_integer(type));
		json_object_set_new(o, "icmp_code", json_integer(code));
		if (type == 3 && code == 4)
			json_object_set_new(o, "mtu", json_integer(info));
		json_object_set_new(o, "error", json_string(text));
		json_put(o);
		return;
	}
	if (p->o.quiet || p->o.list != PING_LIST_NONE)
		return;
	ping_out_stamp(p);
	printf("%s from %s for ICMP Echo sent to %s [%u]\n", text, ik_ipv4_addr_str(from, a),
	       ping_target_str(t, b), nth);
	fflush(stdout);
}

/**
 * ping_multi_out_local() - a local error at sending
 * @p: the run; @t: target; @nth: which request; @err: errno
 */
void ping_multi_out_local(const struct ping *p, const struct ping_target *t, unsigned nth, int err)
{
	char b[16];

	if (p->o.run.json) {
		json_t *o = json_new(p, "error", t);

		json_object_set_new(o, "seq", json_integer(nth));
		json_object_set_new(o, "error", json_string(strerror(err)));
		json_put(o);
		return;
	}
	if (p->o.quiet)
		return;
	fflush(stdout);
	fprintf(stderr, "icmpkit ping: %s [%u]: local error: %s\n", ping_target_str(t, b), nth,
		strerror(err));
}

/**
 * ping_multi_out_timeout() - a request not answered in time: a JSON object,
 * or with -c and -O a line
 * @p: the run; @t: target; @nth: which request
 */
void ping_multi_out_timeout(const struct ping *p, const struct ping_target *t, unsigned nth)
{
	char b[16];

	if (p->o.run.json) {
		json_t *o = json_new(p, "timeout", t);

		json_object_set_new(o, "seq", json_integer(nth));
		json_put(o);
		return;
	}
	if (!lines(p) || !p->o.outstanding)
		return;
	ping_out_stamp(p);
	printf("%-*s : [%u], timed out (%u%% loss)\n", width(p), ping_target_str(t, b), nth,
	       loss_pct(t));
	fflush(stdout);
}

/**
 * ping_multi_out_decided() - "ADDR is alive" / "ADDR is unreachable"
 * (default mode), the address alone in an --alive / --unreachable list
 * @p: the run; @t: the target
 */
void ping_multi_out_decided(const struct ping *p, const struct ping_target *t)
{
	bool alive = t->state == PT_ALIVE;
	char b[16];

	if (p->o.run.json)
		return; /* the "target" object of the summary says it */
	if (p->o.list != PING_LIST_NONE) {
		if (alive == (p->o.list == PING_LIST_ALIVE))
			printf("%s\n", ping_target_str(t, b));
		return;
	}
	if (p->o.count_given || p->o.quiet)
		return;
	ping_out_stamp(p);
	printf("%s is %s\n", ping_target_str(t, b), alive ? "alive" : "unreachable");
	fflush(stdout);
}

/**
 * target_json() - one target's statistics object
 * @p: the run; @t: the target
 */
static void target_json(const struct ping *p, const struct ping_target *t)
{
	json_t *o = json_new(p, "target", t);

	json_object_set_new(o, "alive", json_boolean(t->state == PT_ALIVE));
	json_object_set_new(o, "transmitted", json_integer(t->sent));
	json_object_set_new(o, "received", json_integer(t->recv));
	json_object_set_new(o, "duplicates", json_integer(t->dups));
	json_object_set_new(o, "errors", json_integer(t->errors));
	json_object_set_new(o, "loss", json_integer(loss_pct(t)));
	if (t->recv) {
		json_t *r = json_object();

		json_object_set_new(r, "min", json_real(t->tmin / 1000.0));
		json_object_set_new(r, "avg", json_real((double)t->tsum / t->recv / 1000.0));
		json_object_set_new(r, "max", json_real(t->tmax / 1000.0));
		json_object_set_new(o, "rtt", r);
	} else {
		json_object_set_new(o, "rtt", json_null());
	}
	json_put(o);
}

/**
 * target_line() - fping -c's statistics line of a target
 * @p: the run; @f: stream; @t: the target
 */
static void target_line(const struct ping *p, FILE *f, const struct ping_target *t)
{
	char b[16], x[32], y[32], z[32];

	fprintf(f, "%-*s : xmt/rcv/%%loss = %u/%u/%u%%", width(p), ping_target_str(t, b), t->sent,
		t->recv, loss_pct(t));
	if (t->recv)
		fprintf(f, ", min/avg/max = %s/%s/%s", ms(t->tmin, x),
			ms((long long)(t->tsum / t->recv), y), ms(t->tmax, z));
	fputc('\n', f);
}

/**
 * ping_multi_out_summary() - per-target statistics (-c) and the summary
 * @p: the run; @elapsed_ns: since the start
 */
void ping_multi_out_summary(const struct ping *p, uint64_t elapsed_ns)
{
	const struct ping_multi *m = p->multi;
	unsigned long long msec = (elapsed_ns + 500000) / 1000000;
	/* a list on stdout stays a list */
	FILE *f = p->o.list != PING_LIST_NONE ? stderr : stdout;

	if (p->o.run.json) {
		json_t *o;

		for (uint32_t i = 0; i < m->n; i++)
			target_json(p, &m->t[i]);
		o = json_new(p, "summary", NULL);
		json_object_set_new(o, "targets", json_integer(m->n));
		json_object_set_new(o, "alive", json_integer(m->alive));
		json_object_set_new(o, "unreachable", json_integer(m->unreach));
		json_object_set_new(o, "transmitted", json_integer((json_int_t)m->transmitted));
		json_object_set_new(o, "received", json_integer((json_int_t)m->received));
		json_object_set_new(o, "duplicates", json_integer((json_int_t)m->dups));
		json_object_set_new(o, "errors", json_integer((json_int_t)m->errors));
		json_object_set_new(o, "time", json_integer((json_int_t)msec));
		json_put(o);
		fflush(stdout);
		return;
	}
	fflush(stdout);
	if (p->o.count_given) {
		fputc('\n', f);
		for (uint32_t i = 0; i < m->n; i++)
			target_line(p, f, &m->t[i]);
	}
	fprintf(f, "\n--- %u targets: %u alive, %u unreachable ---\n", m->n, m->alive, m->unreach);
	fprintf(f, "%llu requests transmitted, %llu received", (unsigned long long)m->transmitted,
		(unsigned long long)m->received);
	if (m->dups)
		fprintf(f, ", +%llu duplicates", (unsigned long long)m->dups);
	if (m->errors)
		fprintf(f, ", +%llu errors", (unsigned long long)m->errors);
	fprintf(f, ", time %llums\n", msec);
	fflush(f);
}
