// SPDX-License-Identifier: MIT
/*
 * traceroute_report.c - `icmpkit traceroute --report`: per-hop statistics
 * in mtr's report layout (by default loss, sent, last, average, best,
 * worst, standard deviation, mean jitter; -o picks mtr's columns by their
 * letters, the jitter ones among them), every responder of a hop listed,
 * or mtr --json's object
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "icmpkit/ipv4.h"

#include "cli.h"
#include "traceroute.h"

#define TR_MAX_RESP 16
#define TR_MAX_RTTS 256 /* >= TR_MAX_CYCLES and TR_MAX_QUERIES * TR_MAX_FLOWS */

/**
 * struct hop_stats - one hop's figures (ms)
 * @sent / @recv: probes; @last / @avg / @best / @worst / @stdev: RTTs;
 * @j: the jitter figures (mtr's Jttr, Javg, Jmax, Jint);
 * @resp / @nresp: responders, first answer first
 */
struct hop_stats {
	unsigned sent, recv;
	double last, avg, best, worst, stdev;
	struct tr_jitter j;
	uint32_t resp[TR_MAX_RESP];
	unsigned nresp;
};

/**
 * struct field - one report column: mtr's letter, its title (also the
 * --json key) and its width in the text
 */
struct field {
	char key;
	const char *title;
	int width;
};

static const struct field fields[] = {
	{ 'L', "Loss%", 6 }, { 'D', "Drop", 5 }, { 'R', "Rcv", 6 },   { 'S', "Snt", 6 },
	{ 'N', "Last", 7 },  { 'B', "Best", 6 }, { 'A', "Avg", 6 },   { 'W', "Wrst", 6 },
	{ 'V', "StDev", 6 }, { 'J', "Jttr", 6 }, { 'M', "Javg", 6 },  { 'X', "Jmax", 6 },
	{ 'I', "Jint", 6 },  { ' ', "", 1 },
};

/**
 * field_of() - the column of letter @k
 * @k: the letter
 *
 * Return: it, or NULL for a letter that names none.
 */
static const struct field *field_of(char k)
{
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (fields[i].key == k)
			return &fields[i];
	return NULL;
}

/**
 * tr_fields_check() - whether @f is a list of report columns by mtr's letters
 * @f: the letters; @err / @errlen: message
 *
 * Return: 0, or TR_ARGS_ERROR with the message.
 */
int tr_fields_check(const char *f, char *err, size_t errlen)
{
	if (!*f)
		return cli_arg_fail(err, errlen, "-o needs at least one field letter");
	if (strlen(f) > TR_MAX_FIELDS)
		return cli_arg_fail(err, errlen, "-o takes at most %d field letters", TR_MAX_FIELDS);
	for (; *f; f++) {
		if (*f == 'G')
			return cli_arg_fail(err, errlen, "-o: field 'G' (Gmean) is not supported");
		if (!field_of(*f))
			return cli_arg_fail(err, errlen, "-o: unknown field '%c' (mtr's letters: "
					    "LDRSNBAWVJMXI and space)", *f);
	}
	return 0;
}

/**
 * abs_diff() - |@a - @b|
 * @a / @b: values
 *
 * Return: the distance.
 */
static double abs_diff(double a, double b)
{
	return a > b ? a - b : b - a;
}

/**
 * tr_jitter_of() - mtr's jitter figures of @n RTTs in the order they came:
 * each answer's jitter is its distance to the previous RTT (0 for the
 * first); Javg their running mean over every answer, Jmax the largest,
 * Jint RFC 3550's estimate (J += (D - J) / 16)
 * @rtt / @n: the RTTs (ms); @j: result
 */
void tr_jitter_of(const double *rtt, unsigned n, struct tr_jitter *j)
{
	memset(j, 0, sizeof(*j));
	for (unsigned i = 0; i < n; i++) {
		double d = i ? abs_diff(rtt[i], rtt[i - 1]) : 0;

		j->last = d;
		if (d > j->max)
			j->max = d;
		j->avg += (d - j->avg) / (i + 1);
		j->inta += (d - j->inta) / 16;
	}
}

/**
 * root() - square root by Newton's iteration (the command links no libm)
 * @x: value >= 0
 *
 * Return: its square root (0 for @x <= 0).
 */
static double root(double x)
{
	double r = x > 1 ? x : 1;

	if (x <= 0)
		return 0;
	for (int i = 0; i < 64; i++)
		r = 0.5 * (r + x / r);
	return r;
}

/**
 * stats_of() - the figures of hop @ttl
 * @c: context; @ttl: the hop; @s: result
 */
static void stats_of(const struct tr_ctx *c, unsigned ttl, struct hop_stats *s)
{
	const struct tr_probe *p = &c->probes[(ttl - c->a->first_ttl) * c->a->nqueries];
	double sum = 0, ssd = 0, rtt[TR_MAX_RTTS];

	memset(s, 0, sizeof(*s));
	for (unsigned k = 0; k < c->a->nqueries; k++) {
		double ms;
		unsigned r;

		if (!p[k].sent)
			continue;
		s->sent++;
		if (!p[k].answered || s->recv == TR_MAX_RTTS)
			continue;
		ms = (double)(p[k].t_recv - p[k].t_sent) / 1e6;
		if (!s->recv || ms < s->best)
			s->best = ms;
		if (ms > s->worst)
			s->worst = ms;
		s->last = ms;
		rtt[s->recv++] = ms;
		sum += ms;
		for (r = 0; r < s->nresp && s->resp[r] != p[k].from; r++)
			;
		if (r == s->nresp && r < TR_MAX_RESP)
			s->resp[s->nresp++] = p[k].from;
	}
	if (!s->recv)
		return;
	s->avg = sum / s->recv;
	for (unsigned k = 0; k < s->recv; k++)
		ssd += (rtt[k] - s->avg) * (rtt[k] - s->avg);
	s->stdev = s->recv > 1 ? root(ssd / (s->recv - 1)) : 0;
	tr_jitter_of(rtt, s->recv, &s->j);
}

/**
 * loss_pct() - Loss%
 * @s: figures
 *
 * Return: percent of the probes sent that drew no answer.
 */
static double loss_pct(const struct hop_stats *s)
{
	return s->sent ? 100.0 * (s->sent - s->recv) / s->sent : 0;
}

/**
 * value_of() - the figure column @k shows
 * @s: figures; @k: the letter
 *
 * Return: it (counts as whole numbers).
 */
static double value_of(const struct hop_stats *s, char k)
{
	switch (k) {
	case 'L': return loss_pct(s);
	case 'D': return s->sent - s->recv;
	case 'R': return s->recv;
	case 'S': return s->sent;
	case 'N': return s->last;
	case 'B': return s->best;
	case 'A': return s->avg;
	case 'W': return s->worst;
	case 'V': return s->stdev;
	case 'J': return s->j.last;
	case 'M': return s->j.avg;
	case 'X': return s->j.max;
	default:  return s->j.inta;
	}
}

/**
 * is_count() - whether column @k is a count (printed without decimals)
 * @k: the letter
 *
 * Return: true for Drop, Rcv, Snt.
 */
static bool is_count(char k)
{
	return k == 'D' || k == 'R' || k == 'S';
}

/**
 * hop_host() - the name a hop is shown by: its first responder's name
 * (without -n, when it has one), else its address, "???" for none
 * @c: context; @s: figures; @b: a 16-octet buffer
 *
 * Return: the text.
 */
static const char *hop_host(struct tr_ctx *c, const struct hop_stats *s, char *b)
{
	const char *name;

	if (!s->nresp)
		return "???";
	if (!c->a->numeric && (name = tr_name_of(&c->names, s->resp[0])))
		return name;
	return ik_ipv4_addr_str(s->resp[0], b);
}

/**
 * report_json() - mtr --json's object: "report": {"mtr": {...}, "hubs": [...]}
 * @c: context; @last_ttl: the last hop (0: none)
 */
static void report_json(struct tr_ctx *c, unsigned last_ttl)
{
	char b[16], d[16];

	fprintf(c->out, "{\"report\":{\"mtr\":{\"src\":\"%s\",\"dst\":\"%s\",\"tos\":0,"
		"\"tests\":%u,\"psize\":\"%u\",\"bitpattern\":\"0x00\"},\"hubs\":[",
		ik_ipv4_addr_str(c->src, b), ik_ipv4_addr_str(c->a->dst, d), c->a->nqueries,
		c->a->pktlen);
	for (unsigned t = c->a->first_ttl; last_ttl && t <= last_ttl; t++) {
		struct hop_stats s;
		const char *host;

		stats_of(c, t, &s);
		host = hop_host(c, &s, b);
		fprintf(c->out, "%s{\"count\":%u,\"host\":\"", t == c->a->first_ttl ? "" : ",", t);
		for (; *host; host++) { /* a name from the resolver: escaped */
			if (*host == '"' || *host == '\\')
				fputc('\\', c->out);
			fputc((unsigned char)*host < 0x20 ? '?' : *host, c->out);
		}
		fputc('"', c->out);
		for (const char *f = c->a->fields; *f; f++) {
			if (*f == ' ')
				continue;
			if (is_count(*f))
				fprintf(c->out, ",\"%s\":%.0f", field_of(*f)->title, value_of(&s, *f));
			else
				fprintf(c->out, ",\"%s\":%.*f", field_of(*f)->title, *f == 'L' ? 1 : 3,
					value_of(&s, *f));
		}
		fprintf(c->out, ",\"hosts\":[");
		for (unsigned r = 0; r < s.nresp; r++)
			fprintf(c->out, "%s\"%s\"", r ? "," : "", ik_ipv4_addr_str(s.resp[r], b));
		fprintf(c->out, "]}");
	}
	fprintf(c->out, "]}}\n");
	fflush(c->out);
}

/**
 * tr_report_print() - the report of hops -f .. @last_ttl
 * @c: context; @last_ttl: the last hop of the trace (0: none)
 */
void tr_report_print(struct tr_ctx *c, unsigned last_ttl)
{
	char host[64] = "", b[16], when[32];
	time_t now = time(NULL);
	struct tm tm;

	if (c->a->run.json) {
		report_json(c, last_ttl);
		return;
	}
	if (gethostname(host, sizeof(host) - 1) < 0)
		snprintf(host, sizeof(host), "?");
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S+0000", &tm);
	fprintf(c->out, "Start: %s\n", when);
	fprintf(c->out, "HOST: %-27s", host);
	for (const char *f = c->a->fields; *f; f++)
		fprintf(c->out, "%*s", field_of(*f)->width, field_of(*f)->title);
	fputc('\n', c->out);
	for (unsigned t = c->a->first_ttl; last_ttl && t <= last_ttl; t++) {
		struct hop_stats s;

		stats_of(c, t, &s);
		fprintf(c->out, "%3u.|-- %-25s", t, hop_host(c, &s, b));
		for (const char *f = c->a->fields; *f; f++) {
			int w = field_of(*f)->width;

			if (*f == ' ')
				fputc(' ', c->out);
			else if (*f == 'L')
				fprintf(c->out, "%*.1f%%", w - 1, value_of(&s, *f));
			else if (is_count(*f))
				fprintf(c->out, "%*.0f", w, value_of(&s, *f));
			else
				fprintf(c->out, "%*.1f", w, value_of(&s, *f));
		}
		fputc('\n', c->out);
		for (unsigned r = 1; r < s.nresp; r++)
			fprintf(c->out, "    |  `|-- %s\n", ik_ipv4_addr_str(s.resp[r], b));
	}
	fflush(c->out);
}
