// SPDX-License-Identifier: MIT
/*
 * traceroute_report.c - `icmpkit traceroute --report`: per-hop statistics
 * in mtr's report layout (loss, sent, last, average, best, worst, standard
 * deviation, mean jitter), every responder of a hop listed, or mtr
 * --json's object
 */
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "icmpkit/ipv4.h"

#include "traceroute.h"

#define TR_MAX_RESP 16

/**
 * struct hop_stats - one hop's figures (ms)
 * @sent / @recv: probes; @last / @avg / @best / @worst / @stdev: RTTs;
 * @javg: mean of the differences between consecutive RTTs (mtr's Javg);
 * @resp / @nresp: responders, first answer first
 */
struct hop_stats {
	unsigned sent, recv;
	double last, avg, best, worst, stdev, javg;
	uint32_t resp[TR_MAX_RESP];
	unsigned nresp;
};

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
	double sum = 0, ssd = 0, jsum = 0, prev = 0;

	memset(s, 0, sizeof(*s));
	for (unsigned k = 0; k < c->a->nqueries; k++) {
		double ms;
		unsigned r;

		if (!p[k].sent)
			continue;
		s->sent++;
		if (!p[k].answered)
			continue;
		ms = (double)(p[k].t_recv - p[k].t_sent) / 1e6;
		if (s->recv)
			jsum += ms > prev ? ms - prev : prev - ms;
		prev = ms;
		if (!s->recv || ms < s->best)
			s->best = ms;
		if (ms > s->worst)
			s->worst = ms;
		s->last = ms;
		s->recv++;
		sum += ms;
		for (r = 0; r < s->nresp && s->resp[r] != p[k].from; r++)
			;
		if (r == s->nresp && r < TR_MAX_RESP)
			s->resp[s->nresp++] = p[k].from;
	}
	if (!s->recv)
		return;
	s->avg = sum / s->recv;
	for (unsigned k = 0; k < c->a->nqueries; k++)
		if (p[k].answered) {
			double d = (double)(p[k].t_recv - p[k].t_sent) / 1e6 - s->avg;

			ssd += d * d;
		}
	s->stdev = s->recv > 1 ? root(ssd / (s->recv - 1)) : 0;
	s->javg = s->recv > 1 ? jsum / (s->recv - 1) : 0;
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
 * tr_report_print() - the report of hops -f .. @last_ttl
 * @c: context; @last_ttl: the last hop of the trace (0: none)
 */
void tr_report_print(const struct tr_ctx *c, unsigned last_ttl)
{
	char host[64] = "", b[16], d[16], when[32];
	time_t now = time(NULL);
	struct tm tm;

	if (gethostname(host, sizeof(host) - 1) < 0)
		snprintf(host, sizeof(host), "?");
	if (c->a->run.json) {
		fprintf(c->out, "{\"report\":{\"mtr\":{\"src\":\"%s\",\"dst\":\"%s\",\"tos\":0,"
			"\"tests\":%u,\"psize\":\"%u\",\"bitpattern\":\"0x00\"},\"hubs\":[",
			ik_ipv4_addr_str(c->src, b), ik_ipv4_addr_str(c->a->dst, d), c->a->nqueries,
			c->a->pktlen);
		for (unsigned t = c->a->first_ttl; last_ttl && t <= last_ttl; t++) {
			struct hop_stats s;

			stats_of(c, t, &s);
			fprintf(c->out, "%s{\"count\":%u,\"host\":\"%s\",\"Loss%%\":%.1f,\"Snt\":%u,"
				"\"Last\":%.3f,\"Avg\":%.3f,\"Best\":%.3f,\"Wrst\":%.3f,\"StDev\":%.3f,"
				"\"Javg\":%.3f,\"hosts\":[", t == c->a->first_ttl ? "" : ",", t,
				s.nresp ? ik_ipv4_addr_str(s.resp[0], b) : "???", loss_pct(&s), s.sent,
				s.last, s.avg, s.best, s.worst, s.stdev, s.javg);
			for (unsigned r = 0; r < s.nresp; r++)
				fprintf(c->out, "%s\"%s\"", r ? "," : "", ik_ipv4_addr_str(s.resp[r], b));
			fprintf(c->out, "]}");
		}
		fprintf(c->out, "]}}\n");
		fflush(c->out);
		return;
	}
	gmtime_r(&now, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S+0000", &tm);
	fprintf(c->out, "Start: %s\n", when);
	fprintf(c->out, "HOST: %-27s %5s %5s %6s %5s %5s %5s %5s %5s\n", host, "Loss%", "Snt",
		"Last", "Avg", "Best", "Wrst", "StDev", "Javg");
	for (unsigned t = c->a->first_ttl; last_ttl && t <= last_ttl; t++) {
		struct hop_stats s;

		stats_of(c, t, &s);
		fprintf(c->out, "%3u.|-- %-25s%5.1f%% %5u %6.1f %5.1f %5.1f %5.1f %5.1f %5.1f\n", t,
			s.nresp ? ik_ipv4_addr_str(s.resp[0], b) : "???", loss_pct(&s), s.sent, s.last,
			s.avg, s.best, s.worst, s.stdev, s.javg);
		for (unsigned r = 1; r < s.nresp; r++)
			fprintf(c->out, "    |  `|-- %s\n", ik_ipv4_addr_str(s.resp[r], b));
	}
	fflush(c->out);
}
