// SPDX-License-Identifier: MIT
/*
 * demo_engine.c - the narrative engine of `icmpkit demo`
 *
 * Each scenario builds a simulated network, and the engine keeps what the
 * network does (trace events of every stack, packets put on links) until the
 * scenario's phase says what to print. Text goes to the terminal; with
 * --json the same phases, events and packets (decoded by the show layer) go
 * into one JSON document.
 *
 * Events print in the order the stacks emitted them, and before any line
 * that follows from them: demo_say(), demo_check() and demo_show_pkt()
 * first print what is kept (see struct demo).
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

/**
 * fingerprint() - FNV-1a of a packet's octets
 * @p: octets; @n: count
 *
 * Return: the hash.
 */
static uint64_t fingerprint(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static void on_packet(void *ctx, const struct ik_simnet_pkt *p)
{
	struct demo *d = ctx;
	struct demo_pkt *k;

	if (p->ev == IK_SIMNET_SENT)
		d->sent[d->nsent++ % DEMO_SENT_RING] = fingerprint(p->pkt, p->len);
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
	d->hold = false;
	if (d->json) {
		d->jscen = json_object();
		json_object_set_new(d->jscen, "scenario", json_string(scenario));
		json_object_set_new(d->jscen, "title", json_string(title));
		json_object_set_new(d->jscen, "phases", json_array());
		json_array_append_new(d->jout, d->jscen);
	} else if (!d->quiet) {
		char line[256];

		snprintf(line, sizeof(line), "%s══ %s ══%s", c(d, C_BOLD), title, c(d, C_RESET));
		fputc('\n', d->out);
		demo_text_line(d, "", line);
	}
	return 0;
}

int demo_add_node(struct demo *d, const char *name)
{
	int node;
	struct demo_tracer *t;

	if (ntracers == sizeof(tracers) / sizeof(tracers[0]))
		return -1;
	node = ik_simnet_add_node(d->net, name, NULL);
	if (node < 0)
		return -1;
	t = &tracers[ntracers++];
	t->d = d;
	snprintf(t->name, sizeof(t->name), "%s", name);
	ik_stack_set_trace(ik_simnet_stack(d->net, node), on_event, t);
	return node;
}

int demo_node(struct demo *d, const char *name, int link, uint32_t addr)
{
	int node = demo_add_node(d, name);

	if (node < 0 || ik_simnet_attach(d->net, node, link, addr, 24, 1500) < 0)
		return -1;
	return node;
}

int demo_lan(struct demo *d, const char *scenario, const char *title, struct ik_stack **sa,
	     struct ik_stack **sb)
{
	int link, a, b;

	if (demo_net(d, scenario, title) < 0)
		return -1;
	link = ik_simnet_add_link(d->net, "lan", DEMO_LAN_DELAY, 0);
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
	if (d->jscen && d->net) {
		json_object_set_new(d->jscen, "end_ns", json_integer((json_int_t)(
			(uint64_t)d->scen_index * 1000000000ull + ik_simnet_now(d->net))));
		json_object_set_new(d->jscen, "end_packet", json_integer((json_int_t)d->nsent + 1));
	}
	ik_simnet_free(d->net);
	d->net = NULL;
	d->jscen = d->jphase = NULL;
	d->scen_index++;
}

/**
 * jput() - add @item to the current phase's array @key and its kind to "order"
 * @d:    demo
 * @key:  "events", "narrative", "checks" or "packets"
 * @kind: what "order" calls it
 * @item: the JSON value (its reference is taken)
 */
static void jput(struct demo *d, const char *key, const char *kind, json_t *item)
{
	if (!d->jphase) {
		json_decref(item);
		return;
	}
	json_array_append_new(json_object_get(d->jphase, key), item);
	json_array_append_new(json_object_get(d->jphase, "order"), json_string(kind));
}

/**
 * print_events() - print (and forget) the first @n kept events, in order
 * @d: demo
 * @n: how many (at most d->nev)
 */
static void print_events(struct demo *d, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const struct demo_event *e = &d->ev[i];

		if (d->json)
			jput(d, "events", "event",
			     json_pack("{s:s,s:s,s:s,s:s,s:s}", "node", e->node, "layer",
				       ik_layer_name(e->layer), "kind", ik_ev_kind_name(e->kind),
				       "what", e->what, "why", e->why));
		else if (!d->quiet)
			demo_text_event(d, e, d->color);
	}
	memmove(d->ev, d->ev + n, (d->nev - n) * sizeof(d->ev[0]));
	d->nev -= n;
}

/**
 * catch_up() - print the kept events before what follows from them (unless
 * they are held for the next phase)
 * @d: demo
 */
static void catch_up(struct demo *d)
{
	if (!d->hold)
		print_events(d, d->nev);
}

static void vsay(struct demo *d, const char *fmt, va_list ap)
{
	char line[512];

	vsnprintf(line, sizeof(line), fmt, ap);
	catch_up(d);
	if (d->json)
		jput(d, "narrative", "narrative", json_string(line));
	else if (!d->quiet)
		demo_text_line(d, "  ", line);
}

void demo_phase(struct demo *d, const char *title, const char *fmt, ...)
{
	char text[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	catch_up(d); /* what the last phase did belongs to it */
	d->hold = false;
	phase_no++;
	if (d->json) {
		d->jphase = json_object();
		json_object_set_new(d->jphase, "phase", json_integer(phase_no));
		json_object_set_new(d->jphase, "title", json_string(title));
		json_object_set_new(d->jphase, "text", json_string(text));
		/* where the phase starts in the capture, for the page (demo --html) */
		json_object_set_new(d->jphase, "t_ns", json_integer((json_int_t)(
			(uint64_t)d->scen_index * 1000000000ull + ik_simnet_now(d->net))));
		json_object_set_new(d->jphase, "first_packet", json_integer((json_int_t)d->nsent + 1));
		json_object_set_new(d->jphase, "narrative", json_array());
		json_object_set_new(d->jphase, "events", json_array());
		json_object_set_new(d->jphase, "packets", json_array());
		json_object_set_new(d->jphase, "checks", json_array());
		json_object_set_new(d->jphase, "order", json_array());
		json_array_append_new(json_object_get(d->jscen, "phases"), d->jphase);
	} else if (!d->quiet) {
		char head[256];

		snprintf(head, sizeof(head), "%sPhase %u: %s%s", c(d, C_CYAN), phase_no, title,
			 c(d, C_RESET));
		fputc('\n', d->out);
		demo_text_line(d, "", head);
		demo_text_line(d, "  ", text);
	}
}

void demo_say(struct demo *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay(d, fmt, ap);
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
	catch_up(d);
	if (d->json) {
		jput(d, "checks", "check", json_pack("{s:s,s:b}", "check", line, "ok", ok));
	} else if (!d->quiet || !ok) {
		char lead[64];

		snprintf(lead, sizeof(lead), "  %s%s%s ", c(d, ok ? C_GREEN : C_RED),
			 ok ? "✔" : "✘ FAILED:", c(d, C_RESET));
		demo_text_line(d, lead, line);
	}
}

void demo_events(struct demo *d)
{
	print_events(d, d->nev);
	d->hold = false;
}

void demo_events_before(struct demo *d, const char *node, unsigned stop)
{
	unsigned n = 0;

	while (n < d->nev && !(!strcmp(d->ev[n].node, node) && d->ev[n].kind == stop))
		n++;
	print_events(d, n);
	d->hold = d->nev > 0;
}

void demo_drop_events(struct demo *d)
{
	d->nev = 0;
	d->hold = false;
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

const struct demo_pkt *demo_take_pkt_to(struct demo *d, const char *from, uint32_t dst)
{
	static struct demo_pkt taken;

	for (unsigned i = 0; i < d->npk; i++) {
		const struct demo_pkt *k = &d->pk[i];

		if ((from && strcmp(from, k->from)) || k->len < IK_IPV4_HDR_MIN ||
		    ik_get32(k->bytes + 16) != dst)
			continue;
		taken = *k;
		memmove(&d->pk[i], &d->pk[i + 1], (d->npk - i - 1) * sizeof(d->pk[0]));
		d->npk--;
		return &taken;
	}
	return NULL;
}

void demo_drop_pkts(struct demo *d)
{
	d->npk = 0;
}

void demo_show_pkt(struct demo *d, const char *caption, const uint8_t *pkt, size_t len)
{
	catch_up(d);
	if (d->json) {
		struct ik_dissection dis;
		json_t *j;

		ik_dissect_ip(&dis, pkt, len);
		j = json_object();
		json_object_set_new(j, "caption", json_string(caption));
		/* its number in the capture: the latest packet sent with these octets */
		for (unsigned long i = d->nsent; i > 0 && i + DEMO_SENT_RING > d->nsent; i--) {
			if (d->sent[(i - 1) % DEMO_SENT_RING] == fingerprint(pkt, len)) {
				json_object_set_new(j, "capture_packet", json_integer((json_int_t)i));
				break;
			}
		}
		json_object_set_new(j, "decoded", ik_show_json(&dis));
		jput(d, "packets", "packet", j);
	} else if (!d->quiet) {
		struct ik_show_opts o = {
			.color = d->color,
			.diagram = true,
			.hex = true,
			.verdicts = true,
			/* narrower below 80 columns, so that a quoted datagram's
			 * diagram (65 + 4 columns) fits 72 */
			.indent = d->width >= 80 ? "    " : "  ",
			.title = caption,
			.width = d->width,
		};

		fputc('\n', d->out);
		ik_show_packet(d->out, pkt, len, &o);
	}
}

void demo_run(struct demo *d, uint64_t ns)
{
	ik_simnet_run(d->net, ik_simnet_now(d->net) + ns);
}
