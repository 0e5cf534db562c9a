// SPDX-License-Identifier: MIT
/* test_stack_settings.c - settings table, MIB names and printer, trace names, PRNG */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "icmpkit/mib.h"
#include "icmpkit/trace.h"
#include "stack/internal.h"

/* Linux's defaults and the accepted ranges, written out independently */
static const struct {
	const char *name;
	long def, min, max;
} want[] = {
	{ "icmp_ratelimit", 1000, 0, INT_MAX },
	{ "icmp_ratemask", 6168, 0, 0xffffffffL },
	{ "icmp_msgs_per_sec", 1000, 0, INT_MAX },
	{ "icmp_msgs_burst", 50, 0, INT_MAX },
	{ "icmp_echo_ignore_broadcasts", 1, 0, 1 },
	{ "icmp_echo_ignore_all", 0, 0, 1 },
	{ "icmp_errors_use_inbound_ifaddr", 0, 0, 1 },
	{ "ip_default_ttl", 64, 1, 255 },
	{ "ipfrag_time", 30, 1, 86400 },
	{ "ipfrag_high_thresh", 4194304, 0, INT_MAX },
	{ "icmp_error_quote_max", 576, 68, 65535 },
	{ "ip_forward", 0, 0, 1 },
	{ "accept_redirects", 1, 0, 1 },
	{ "ip_no_pmtu_disc", 0, 0, 3 },
	{ "min_pmtu", 552, 68, 65535 },
	{ "bc_forwarding", 0, 0, 1 },
	{ "accept_source_route", 0, 0, 1 },
	{ "send_redirects", 1, 0, 1 },
	{ "redirect_number", 9, 0, INT_MAX },
	{ "redirect_load", 20, 0, INT_MAX },
	{ "redirect_silence", 20480, 0, INT_MAX },
	{ "icmpv6_ratelimit", 1000, 0, INT_MAX },
	{ "icmpv6_echo_ignore_all", 0, 0, 1 },
	{ "icmpv6_echo_ignore_multicast", 0, 0, 1 },
	{ "ipv6_hop_limit", 64, 1, 255 },
	{ "ip6frag_time", 60, 1, 86400 },
	{ "ipv6_forwarding", 0, 0, 1 },
};
#define NWANT (sizeof(want) / sizeof(want[0]))

static void settings_defaults(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	long v;

	for (unsigned i = 0; i < NWANT; i++) {
		assert_int_equal(ik_stack_get(t->s, want[i].name, &v), 0);
		assert_int_equal(v, want[i].def);
	}
	/* and in the struct the modules read */
	assert_int_equal(t->s->set.icmp_ratemask, 0x1818);
	assert_int_equal(t->s->set.ip_default_ttl, 64);
	assert_int_equal(t->s->set.min_pmtu, 552);
	ikt_free(t);
}

/* every name listed once, exactly the expected ones */
static void settings_names(void **state)
{
	(void)state;
	unsigned n = 0;

	while (ik_stack_setting_name(n))
		n++;
	assert_int_equal(n, NWANT);
	for (unsigned i = 0; i < NWANT; i++)
		assert_string_equal(ik_stack_setting_name(i), want[i].name);
	assert_null(ik_stack_setting_name(NWANT));
	assert_null(ik_stack_setting_name(1000));
}

/* every name settable at both ends of its range, and nowhere outside */
static void settings_ranges(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	long v;

	for (unsigned i = 0; i < NWANT; i++) {
		const char *n = want[i].name;

		assert_int_equal(ik_stack_set(t->s, n, want[i].min), 0);
		assert_int_equal(ik_stack_get(t->s, n, &v), 0);
		assert_int_equal(v, want[i].min);
		assert_int_equal(ik_stack_set(t->s, n, want[i].max), 0);
		assert_int_equal(ik_stack_get(t->s, n, &v), 0);
		assert_int_equal(v, want[i].max);
		assert_int_equal(ik_stack_set(t->s, n, want[i].min - 1), -IK_EINVAL);
		assert_int_equal(ik_stack_set(t->s, n, want[i].max + 1), -IK_EINVAL);
		assert_int_equal(ik_stack_get(t->s, n, &v), 0);
		assert_int_equal(v, want[i].max); /* unchanged by the failures */
	}
	/* a setting only changes its own field */
	assert_int_equal(ik_stack_set(t->s, "ip_default_ttl", 7), 0);
	assert_int_equal(t->s->set.ip_default_ttl, 7);
	assert_int_equal(t->s->set.ipfrag_time, 86400);
	ikt_free(t);
}

static void settings_unknown(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	long v = 42;

	assert_int_equal(ik_stack_set(t->s, "no_such_knob", 1), -IK_ENOENT);
	assert_int_equal(ik_stack_set(t->s, "", 1), -IK_ENOENT);
	assert_int_equal(ik_stack_set(t->s, "ip_default_ttl ", 1), -IK_ENOENT);
	assert_int_equal(ik_stack_set(t->s, NULL, 1), -IK_ENOENT);
	assert_int_equal(ik_stack_get(t->s, "no_such_knob", &v), -IK_ENOENT);
	assert_int_equal(v, 42);
	ikt_free(t);
}

/* two stacks do not share settings */
static void settings_per_stack(void **state)
{
	(void)state;
	struct ikt *a = ikt_new(NULL), *b = ikt_new(NULL);
	long v;

	assert_int_equal(ik_stack_set(a->s, "icmp_ratelimit", 0), 0);
	assert_int_equal(ik_stack_get(b->s, "icmp_ratelimit", &v), 0);
	assert_int_equal(v, 1000);
	ikt_free(a);
	ikt_free(b);
}

/* ---- MIB ---- */

static void mib_names(void **state)
{
	(void)state;
	assert_string_equal(ik_mib_name(IK_MIB_IP_InReceives), "InReceives");
	assert_string_equal(ik_mib_group(IK_MIB_IP_InReceives), "Ip");
	assert_string_equal(ik_mib_name(IK_MIB_IP_InCsumErrors), "InCsumErrors");
	assert_string_equal(ik_mib_name(IK_MIB_ICMP_InCsumErrors), "InCsumErrors");
	assert_string_equal(ik_mib_group(IK_MIB_ICMP_InCsumErrors), "Icmp");
	assert_string_equal(ik_mib_name(IK_MIB_ICMP_OutRateLimitGlobal), "OutRateLimitGlobal");
	assert_string_equal(ik_mib_name(IK_MIB_UDP_NoPorts), "NoPorts");
	assert_string_equal(ik_mib_group(IK_MIB_UDP_NoPorts), "Udp");
	assert_string_equal(ik_mib_name(IK_MIB_UDP_MemErrors), "MemErrors");
	assert_null(ik_mib_name(IK_MIB_MAX));
	assert_null(ik_mib_group(IK_MIB_MAX));
	for (unsigned i = 0; i < IK_MIB_MAX; i++) {
		assert_non_null(ik_mib_name(i));
		assert_non_null(ik_mib_group(i));
	}
}

static char *print(const struct ik_mib *m, int nonzero)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	ik_mib_print(m, f, nonzero);
	fclose(f);
	return buf;
}

static void mib_print_nonzero(void **state)
{
	(void)state;
	struct ik_mib *m = calloc(1, sizeof(*m));
	char *out;

	m->c[IK_MIB_IP_InReceives] = 3;
	m->c[IK_MIB_ICMP_OutMsgs] = 1;
	m->c[IK_MIB_UDP_NoPorts] = 2;
	m->in_type[8] = 1;
	m->out_type[0] = 1;
	m->out_type[3] = 2;
	out = print(m, 1);
	assert_string_equal(out, "Ip.InReceives 3\n"
				 "Icmp.OutMsgs 1\n"
				 "IcmpMsg.InType8 1\n"
				 "IcmpMsg.OutType0 1\n"
				 "IcmpMsg.OutType3 2\n"
				 "Udp.NoPorts 2\n");
	free(out);
	free(m);
}

static void mib_print_snmp(void **state)
{
	(void)state;
	struct ik_mib *m = calloc(1, sizeof(*m));
	char *out, *line, *save = NULL;
	unsigned nlines = 0;

	m->c[IK_MIB_IP_InReceives] = 7;
	m->c[IK_MIB_UDP_MemErrors] = 9;
	out = print(m, 0);
	/* no IcmpMsg lines when no per-type counter is set, as Linux */
	assert_null(strstr(out, "IcmpMsg"));
	assert_true(!strncmp(out, "Ip: InReceives InHdrErrors", 26));
	assert_non_null(strstr(out, "\nIp: 7 0 0 "));
	assert_non_null(strstr(out, "\nIcmp: InMsgs InErrors InCsumErrors "));
	/* Tcp between IcmpMsg and Udp, as Linux; its settings columns left out */
	assert_non_null(strstr(out, "\nTcp: ActiveOpens PassiveOpens AttemptFails EstabResets "
				    "CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts "
				    "InCsumErrors\nTcp: 0 0 0 0 0 0 0 0 0 0 0\nUdp: "));
	/* Udp value line ends with MemErrors' value */
	assert_non_null(strstr(out, " MemErrors\nUdp: 0 "));
	assert_int_equal(out[strlen(out) - 1], '\n');
	assert_int_equal(out[strlen(out) - 2], '9');
	for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		nlines++;
	assert_int_equal(nlines, 8);
	free(out);

	m->in_type[3] = 4;
	m->out_type[8] = 5;
	out = print(m, 0);
	assert_non_null(strstr(out, "\nIcmpMsg: InType3 OutType8\nIcmpMsg: 4 5\nTcp:"));
	free(out);
	free(m);
}

/* the stack's counters are what ik_stack_mib() shows */
static void mib_of_stack(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	uint8_t p[4] = { 0x45 };

	assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_IP_InReceives], 0);
	ikt_input(t, p, sizeof(p), 1);
	assert_int_equal(ik_stack_mib(t->s)->c[IK_MIB_IP_InReceives], 1);
	assert_ptr_equal(ik_stack_mib(t->s), &t->s->mib);
	ikt_free(t);
}

/* ---- trace ---- */

static void trace_names(void **state)
{
	(void)state;
	assert_string_equal(ik_layer_name(IK_L_DEV), "dev");
	assert_string_equal(ik_layer_name(IK_L_IP), "ip");
	assert_string_equal(ik_layer_name(IK_L_FRAG), "frag");
	assert_string_equal(ik_layer_name(IK_L_ICMP), "icmp");
	assert_string_equal(ik_layer_name(IK_L_UDP), "udp");
	assert_string_equal(ik_layer_name(IK_L_PING), "ping");
	assert_string_equal(ik_layer_name(IK_L_RAW), "raw");
	assert_string_equal(ik_layer_name(IK_L_SOCK), "sock");
	assert_string_equal(ik_layer_name(IK_L_NLAYERS), "?");
	assert_string_equal(ik_ev_kind_name(IK_EV_RX), "rx");
	assert_string_equal(ik_ev_kind_name(IK_EV_TX), "tx");
	assert_string_equal(ik_ev_kind_name(IK_EV_DELIVER), "deliver");
	assert_string_equal(ik_ev_kind_name(IK_EV_DROP), "drop");
	assert_string_equal(ik_ev_kind_name(IK_EV_DECIDE), "decide");
	assert_string_equal(ik_ev_kind_name(IK_EV_ERROR), "error");
	assert_string_equal(ik_ev_kind_name(99), "?");
}

struct one_ev {
	unsigned n;
	struct ik_event ev;
	char why[300];
};

static void keep_last(void *ctx, const struct ik_event *ev)
{
	struct one_ev *o = ctx;

	o->n++;
	o->ev = *ev;
	snprintf(o->why, sizeof(o->why), "%s", ev->why);
}

static void trace_emit(void **state)
{
	(void)state;
	struct ikt *t = ikt_new(NULL);
	struct one_ev o = { 0 };
	static const uint8_t pkt[3] = { 1, 2, 3 };
	char longer[400];

	/* no sink: nothing happens, no crash */
	IK_TRACE(t->s, IK_L_IP, IK_EV_DROP, "x", 1, NULL, 0, -1, "%d", 1);
	ik_stack_set_trace(t->s, keep_last, &o);
	t->s->now = 77;
	IK_TRACE(t->s, IK_L_UDP, IK_EV_DELIVER, "udp.deliver", 2, pkt, 3, 5, "port %u", 8080u);
	assert_int_equal(o.n, 1);
	assert_int_equal(o.ev.now, 77);
	assert_int_equal(o.ev.layer, IK_L_UDP);
	assert_int_equal(o.ev.kind, IK_EV_DELIVER);
	assert_string_equal(o.ev.what, "udp.deliver");
	assert_string_equal(o.why, "port 8080");
	assert_int_equal(o.ev.ifindex, 2);
	assert_ptr_equal(o.ev.pkt, pkt);
	assert_int_equal(o.ev.len, 3);
	assert_int_equal(o.ev.sock, 5);
	/* long sentences are cut, not overflowed */
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = 0;
	IK_TRACE(t->s, IK_L_IP, IK_EV_DROP, "x", 0, NULL, 0, -1, "%s", longer);
	assert_int_equal(o.n, 2);
	assert_true(strlen(o.why) > 100 && strlen(o.why) < 400);
	ik_stack_set_trace(t->s, NULL, NULL);
	IK_TRACE(t->s, IK_L_IP, IK_EV_DROP, "x", 0, NULL, 0, -1, "%d", 3);
	assert_int_equal(o.n, 2);
	ikt_free(t);
}

/* ---- PRNG ---- */

/* splitmix64 reference, written from the published constants */
static uint64_t ref_splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rng_deterministic(void **state)
{
	(void)state;
	struct ik_stack_config c = { .seed = 0x1234 };
	struct ik_stack *a = ik_stack_new(&c, NULL, NULL), *b = ik_stack_new(&c, NULL, NULL);
	uint64_t x = 0;
	unsigned same = 0;

	assert_non_null(a);
	assert_non_null(b);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(ik_rand(a), ik_rand(b));
	/* known answer: splitmix64 from state 0, high half */
	a->rng = 0;
	for (int i = 0; i < 4; i++)
		assert_int_equal(ik_rand(a), (uint32_t)(ref_splitmix(&x) >> 32));
	/* the first value of seed 0 is 0xe220a839 (splitmix64 0xe220a8397b1dcdaf) */
	a->rng = 0;
	assert_int_equal(ik_rand(a), 0xe220a839u);
	/* a different seed gives a different sequence */
	b->rng = 1;
	a->rng = 2;
	for (int i = 0; i < 64; i++)
		same += ik_rand(a) == ik_rand(b);
	assert_true(same < 2);
	ik_stack_free(a);
	ik_stack_free(b);
}

/* default pool sizes apply when the config says 0 */
static void config_defaults(void **state)
{
	(void)state;
	struct ik_stack_config c = { .max_routes = 5 };
	struct ik_stack *s = ik_stack_new(&c, NULL, NULL);

	assert_non_null(s);
	assert_int_equal(s->cfg.max_routes, 5);
	assert_int_equal(s->cfg.max_ifaces, 8);
	assert_int_equal(s->cfg.max_socks, 1024);
	assert_int_equal(s->cfg.sock_rcvbuf, 212992);
	assert_int_equal(s->cfg.sock_errq, 16);
	assert_int_equal(s->cfg.reasm_slots, 16);
	assert_int_equal(s->cfg.pmtu_entries, 256);
	assert_int_equal(s->cfg.peers, 1024);
	assert_non_null(s->txbuf);
	assert_non_null(s->scratch);
	ik_stack_free(s);
	ik_stack_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(settings_defaults),
		cmocka_unit_test(settings_names),
		cmocka_unit_test(settings_ranges),
		cmocka_unit_test(settings_unknown),
		cmocka_unit_test(settings_per_stack),
		cmocka_unit_test(mib_names),
		cmocka_unit_test(mib_print_nonzero),
		cmocka_unit_test(mib_print_snmp),
		cmocka_unit_test(mib_of_stack),
		cmocka_unit_test(trace_names),
		cmocka_unit_test(trace_emit),
		cmocka_unit_test(rng_deterministic),
		cmocka_unit_test(config_defaults),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
