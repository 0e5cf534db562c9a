// SPDX-License-Identifier: MIT
/*
 * demo_engine.c - the narrative engine of `icmpkit demo`
 *
 * Each scenario builds a simulated network, and the engine keeps what the
 * network does (trace events of every stack, packets put on links) until the
 * scenario's phase says what to print. Text goes to the terminal; with
 * --json the same phases, events and packets (decoded by the show layer) go
 * into one JSON document.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/ipv4.h"
#include "icmpkit/show.h"
#include "icmpkit/stack.h"

#include "demo.h"

#define C_RESET "\033[0m"
#define C_BOLD "\033[1m"
#define C_DIM "\033[2m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_CYAN "\033[36m"

struct demo_tracer {
	struct demo *d;
	char name[24];
};

static struct demo_tracer tracers[16];
static unsigned ntracers;
static unsigned phase_no;

static const char *c(const struct demo *d, const char *code)
{
	return d->color ? code : "";
}

static void on_event(void *ctx, const struct ik_event *ev)
{
	struct demo_tracer *t = ctx;
	struct demo *d = t->d;
	struct demo_event *e;

	if (d->nev == DEMO_MAX_EVENTS)
		return;
	e = &d->ev[d->nev++];
	e->node = t->name;
	e->layer = ev->layer;
	e->kind = ev->kind;
	snprintf(e->what, sizeof(e->what), "%s", ev->what ? ev->what : "");
	snprintf(e->why, sizeof(e->why), "%s", ev->why ? ev->why : "");
}

static void on_packet(void *ctx, const struct ik_simnet_pkt *p)
{
	struct demo *d = ctx;
	struct demo_pkt *k;

	if (p->ev != IK_SIMNET_SENT || d->npk == DEMO_MAX_PKTS)
		return;
	k = &d->pk[d->npk++];
	k->from = p->from;
	k->now = p->now;
	k->len = p->len < sizeof(k->bytes) ? p->len : sizeof(k->bytes);
	memcpy(k->bytes, p->pkt, k->len);
}

int demo_net(struct demo *d, const char *scenario, const char *title)
{
	d->net = ik_simnet_new(0x1c3b0001u + d->scen_index);
	if (!d->net)
		return -1;
	d->nev = d->npk = 0;
	ntracers = 0;
	phase_no = 0;
	ik_simnet_set_tap(d->net, on_packet, d);
	if (d->pcap)
		ik_simnet_capture(d->net, d->pcap, (uint64_t)d->scen_index * 1000000000ull);
	if (d->json) {
		d->jscen = json_object();
		json_object_set_new(d->jscen, "scenario", json_string(scenario));
		json_object_set_new(d->jscen, "title", json_string(title));
		json_object_set_new(d->jscen, "phases", json_array());
		json_array_append_new(d->jout, d->jscen);
	} else if (!d->quiet) {
		fprintf(d->out, "\n%s══ %s ══%s\n", c(d, C_BOLD), title, c(d, C_RESET));
	}
	return 0;
}

int demo_node(struct demo *d, const char *name, int link, uint32_t addr)
{
	int node = ik_simnet_add_node(d->net, name, NULL);
	struct demo_tracer *t;

	if (node < 0 || ntracers == sizeof(tracers) / sizeof(tracers[0]))
		return -1;
	if (ik_simnet_attach(d->net, node, link, addr, 24, 1500) < 0)
		return -1;
	t = &tracers[ntracers++];
	t->d = d;
	snprintf(t->name, sizeof(t->name), "%s", name);
	ik_stack_set_trace(ik_simnet_stack(d->net, node), on_event, t);
	return node;
}

int demo_lan(struct demo *d, const char *scenario, const char *title, struct ik_stack **sa,
	     struct ik_stack **sb)
{
	int link, a, b;

	if (demo_net(d, scenario, title) < 0)
		return -1;
	link = ik_simnet_add_link(d->net, "lan", 100 * 1000, 0);
	a = demo_node(d, "A", link, DEMO_ADDR_A);
	b = demo_node(d, "B", link, DEMO_ADDR_B);
	if (link < 0 || a < 0 || b < 0)
		return -1;
	*sa = ik_simnet_stack(d->net, a);
	*sb = ik_simnet_stack(d->net, b);
	return 0;
}

void demo_end(struct demo *d)
{
	ik_simnet_free(d->net);
	d->net = NULL;
	d->jscen = d->jphase = NULL;
	d->scen_index++;
}

static void vsay(struct demo *d, const char *key, const char *fmt, va_list ap)
{
	char line[512];

	vsnprintf(line, sizeof(line), fmt, ap);
	if (d->json) {
		if (d->jphase)
			json_array_append_new(json_object_get(d->jphase, key), json_string(line));
	} else if (!d->quiet) {
		fprintf(d->out, "  %s\n", line);
	}
}

void demo_phase(struct demo *d, const char *title, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	phase_no++;
	if (d->json) {
		d->jphase = json_object();
		json_object_set_new(d->jphase, "phase", json_integer(phase_no));
		json_object_set_new(d->jphase, "title", json_string(title));
		json_object_set_new(d->jphase, "text", json_string(text));
		json_object_set_new(d->jphase, "narrative", json_array());
		json_object_set_new(d->jphase, "events", json_array());
		json_object_set_new(d->jphase, "packets", json_array());
		json_object_set_new(d->jphase, "checks", json_array());
		json_array_append_new(json_object_get(d->jscen, "phases"), d->jphase);
	} else if (!d->quiet) {
		fprintf(d->out, "\n%sPhase %u: %s%s\n", c(d, C_CYAN), phase_no, title, c(d, C_RESET));
		fprintf(d->out, "  %s\n", text);
	}
}

void demo_say(struct demo *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(d, "narrative", fmt, ap);
	va_end(ap);
}

void demo_check(struct demo *d, bool ok, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	d->checks++;
	if (!ok)
		d->failures++;
	if (d->json) {
		json_t *j = json_object();

		json_object_set_new(j, "check", json_string(line));
		json_object_set_new(j, "ok", json_boolean(ok));
		if (d->jphase)
			json_array_append_new(json_object_get(d->jphase, "checks"), j);
		else
			json_decref(j);
	} else if (!d->quiet || !ok) {
		fprintf(d->out, "  %s%s%s %s\n", c(d, ok ? C_GREEN : C_RED), ok ? "✔" : "✘ FAILED:",
			c(d, C_RESET), line);
	}
}

void demo_events(struct demo *d, const char *node, unsigned layers)
{
	demo_events_before(d, node, layers, -1);
}

void demo_events_before(struct demo *d, const char *node, unsigned layers, int stop)
{
	unsigned keep = 0;
	bool stopped = false;

	for (unsigned i = 0; i < d->nev; i++) {
		struct demo_event *e = &d->ev[i];

		if (!(node && strcmp(node, e->node)) && (int)e->layer == stop)
			stopped = true;
		if (stopped || (node && strcmp(node, e->node)) || !(layers & (1u << e->layer))) {
			d->ev[keep++] = *e;
			continue;
		}
		if (d->json) {
			json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:s}", "node", e->node, "layer",
					      ik_layer_name(e->layer), "kind",
					      ik_ev_kind_name(e->kind), "what", e->what, "why",
					      e->why);

			if (d->jphase)
				json_array_append_new(json_object_get(d->jphase, "events"), j);
			else
				json_decref(j);
		} else if (!d->quiet) {
			fprintf(d->out, "  %s%-2s %-5s %-7s%s %-22s %s\n", c(d, C_DIM), e->node,
				ik_layer_name(e->layer), ik_ev_kind_name(e->kind), c(d, C_RESET),
				e->what, e->why);
		}
	}
	d->nev = keep;
}

void demo_drop_events(struct demo *d)
{
	d->nev = 0;
}

const struct demo_pkt *demo_take_pkt(struct demo *d, const char *from)
{
	static struct demo_pkt taken;

	for (unsigned i = 0; i < d->npk; i++) {
		if (from && strcmp(from, d->pk[i].from))
			continue;
		taken = d->pk[i];
		memmove(&d->pk[i], &d->pk[i + 1], (d->npk - i - 1) * sizeof(d->pk[0]));
		d->npk--;
		return &taken;
	}
	return NULL;
}

void demo_show_pkt(struct demo *d, const char *caption, const uint8_t *pkt, size_t len)
{
	if (d->json) {
		struct ik_dissection dis;
		json_t *j;

		ik_dissect(&dis, pkt, len);
		j = json_object();
		json_object_set_new(j, "caption", json_string(caption));
		json_object_set_new(j, "decoded", ik_show_json(&dis));
		if (d->jphase)
			json_array_append_new(json_object_get(d->jphase, "packets"), j);
		else
			json_decref(j);
	} else if (!d->quiet) {
		struct ik_show_opts o = {
			.color = d->color,
			.diagram = true,
			.hex = true,
			.verdicts = true,
			.indent = "    ",
			.title = caption,
		};

		fputc('\n', d->out);
		ik_show_packet(d->out, pkt, len, &o);
	}
}

void demo_run(struct demo *d, uint64_t ns)
{
	ik_simnet_run(d->net, ik_simnet_now(d->net) + ns);
}
