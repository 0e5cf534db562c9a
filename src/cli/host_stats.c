// SPDX-License-Identifier: MIT
/* host_stats.c - `icmpkit host`: counters, as text lines or one JSON object */
#include <jansson.h>
#include <string.h>

#include "icmpkit/ipv4.h"
#include "icmpkit/mib.h"

#include "host.h"

/* The loop's own counters, named in the MIB's style; the first eight are
 * also counted per device (IFACE_COUNTERS). */
#define IFACE_COUNTERS(X) \
	X(RxPackets, rx_packets) X(RxOctets, rx_octets) X(RxNotIpv4, rx_not_ipv4) \
	X(RxDropped, rx_dropped) X(RxTruncated, rx_truncated) X(TxPackets, tx_packets) \
	X(TxOctets, tx_octets) X(TxErrors, tx_errors)
#define HOST_COUNTERS(X) IFACE_COUNTERS(X) X(Wakeups, wakeups) X(FullBatches, full_batches) \
	X(PcapDropped, pcap_dropped)

/**
 * cli_pcap_warn() - the one warning for a --pcap writer that failed
 * @cmd: "host" or "router"; @path: the file; @err: 0 or a negative errno;
 * @warned: the warning is out (updated)
 */
void cli_pcap_warn(const char *cmd, const char *path, int err, bool *warned)
{
	if (!err || *warned)
		return;
	*warned = true;
	fprintf(stderr, "icmpkit %s: warning: --pcap %s: %s: packets are no longer recorded "
		"(%s.PcapDropped counts them); the %s goes on\n", cmd, path, strerror(-err),
		!strcmp(cmd, "host") ? "Host" : "Router", cmd);
}

static const char *const app_kind[] = {
	[HOST_APP_ECHO] = "udp-echo", [HOST_APP_SINK] = "udp-sink", [HOST_APP_RAW] = "raw",
};
static const char *const app_group[] = {
	[HOST_APP_ECHO] = "UdpEcho", [HOST_APP_SINK] = "UdpSink", [HOST_APP_RAW] = "Raw",
};

/**
 * group_obj() - the object for @name inside @root, created on first use
 * @root: object; @name: key
 *
 * Return: borrowed reference.
 */
static json_t *group_obj(json_t *root, const char *name)
{
	json_t *g = json_object_get(root, name);

	if (!g) {
		g = json_object();
		json_object_set_new(root, name, g);
	}
	return g;
}

/**
 * add_group() - the non-zero counters of one Linux group, in the MIB's order
 * @root: object; @m: counters; @group: "Ip", "Icmp", "Tcp" or "Udp"
 */
static void add_group(json_t *root, const struct ik_mib *m, const char *group)
{
	for (unsigned i = 0; i < IK_MIB_MAX; i++)
		if (m->c[i] && !strcmp(ik_mib_group(i), group))
			json_object_set_new(group_obj(root, group), ik_mib_name(i),
					    json_integer((json_int_t)m->c[i]));
}

/**
 * group_name() - the name of the loop counters' group
 * @r: report
 *
 * Return: r->group, or "Host".
 */
static const char *group_name(const struct host_report *r)
{
	return r->group ? r->group : "Host";
}

/**
 * ifaces_json() - one object per device: name, namespace, address, counts
 * @r: report (r->nifaces > 0)
 *
 * Return: new reference to the array.
 */
static json_t *ifaces_json(const struct host_report *r)
{
	json_t *arr = json_array();
	char a[16], buf[24];

	for (unsigned i = 0; i < r->nifaces; i++) {
		const struct host_iface_report *f = &r->ifaces[i];
		json_t *o = json_object();

		json_object_set_new(o, "name", json_string(f->name));
		json_object_set_new(o, "netns", f->netns ? json_string(f->netns) : json_null());
		if (f->addr) {
			snprintf(buf, sizeof(buf), "%s/%u", ik_ipv4_addr_str(f->addr, a), f->prefix);
			json_object_set_new(o, "addr", json_string(buf));
		} else {
			json_object_set_new(o, "addr", json_null());
		}
#define IFACE_JSON(name, field) \
		json_object_set_new(o, #name, json_integer((json_int_t)f->c->field));
		IFACE_COUNTERS(IFACE_JSON)
#undef IFACE_JSON
		json_array_append_new(arr, o);
	}
	return arr;
}

/**
 * report_json() - the whole report as a JSON object
 * @r: what to print
 *
 * Linux counters appear only when non-zero (as the text form), grouped as
 * /proc/net/snmp: "Ip", "Icmp", "IcmpMsg", "Tcp", "Udp". "Host" (or r->group)
 * has every loop counter; "apps" one object per application socket (when
 * there is a table of them); "ifaces" one object per device (when several).
 *
 * Return: new reference.
 */
static json_t *report_json(const struct host_report *r)
{
	json_t *root = json_object(), *apps, *host;
	char key[32];

	if (r->reason)
		json_object_set_new(root, "stopped", json_string(r->reason));
	json_object_set_new(root, "seconds", json_real(r->seconds));
	add_group(root, r->mib, "Ip");
	add_group(root, r->mib, "Icmp");
	for (unsigned t = 0; t < 256; t++)
		if (r->mib->in_type[t]) {
			snprintf(key, sizeof(key), "InType%u", t);
			json_object_set_new(group_obj(root, "IcmpMsg"), key,
					    json_integer((json_int_t)r->mib->in_type[t]));
		}
	for (unsigned t = 0; t < 256; t++)
		if (r->mib->out_type[t]) {
			snprintf(key, sizeof(key), "OutType%u", t);
			json_object_set_new(group_obj(root, "IcmpMsg"), key,
					    json_integer((json_int_t)r->mib->out_type[t]));
		}
	add_group(root, r->mib, "Tcp");
	add_group(root, r->mib, "Udp");
	host = group_obj(root, group_name(r));
#define HOST_JSON(name, field) \
	json_object_set_new(host, #name, json_integer((json_int_t)r->c->field));
	HOST_COUNTERS(HOST_JSON)
#undef HOST_JSON
	if (r->nifaces)
		json_object_set_new(root, "ifaces", ifaces_json(r));
	if (!r->apps)
		return root;
	apps = json_array();
	for (unsigned i = 0; i < r->apps->n; i++) {
		const struct host_app *a = &r->apps->app[i];

		json_array_append_new(apps, json_pack("{s:s,s:i,s:I,s:I,s:I,s:I}",
			"kind", app_kind[a->kind], a->kind == HOST_APP_RAW ? "proto" : "port",
			(int)a->param, "in", (json_int_t)a->in, "in_octets", (json_int_t)a->in_octets,
			"out", (json_int_t)a->out, "out_errors", (json_int_t)a->out_errors));
	}
	json_object_set_new(root, "apps", apps);
	return root;
}

/**
 * dump_json() - the report as one compact JSON object on one line, after
 * @prefix
 * @f: output; @r: what; @prefix: "" or "stats: "
 */
static void dump_json(FILE *f, const struct host_report *r, const char *prefix)
{
	json_t *doc = report_json(r);

	fputs(prefix, f);
	json_dumpf(doc, f, JSON_COMPACT | JSON_REAL_PRECISION(6));
	fputc('\n', f);
	json_decref(doc);
	fflush(f);
}

/**
 * host_stats_final() - the counters at exit
 * @f: output; @r: what; @json: one JSON object on one line
 */
void host_stats_final(FILE *f, const struct host_report *r, bool json)
{
	if (json) {
		dump_json(f, r, "");
		return;
	}
	fprintf(f, "stopped: %s after %.3f s\n", r->reason ? r->reason : "?", r->seconds);
	ik_mib_print(r->mib, f, 1);
#define HOST_TEXT(name, field) \
	fprintf(f, "%s." #name " %llu\n", group_name(r), (unsigned long long)r->c->field);
	HOST_COUNTERS(HOST_TEXT)
#undef HOST_TEXT
	for (unsigned i = 0; i < r->nifaces; i++) {
		const struct host_iface_report *d = &r->ifaces[i];

#define IFACE_TEXT(cname, field) \
		fprintf(f, "Iface.%s." #cname " %llu\n", d->name, (unsigned long long)d->c->field);
		IFACE_COUNTERS(IFACE_TEXT)
#undef IFACE_TEXT
	}
	for (unsigned i = 0; r->apps && i < r->apps->n; i++) {
		const struct host_app *a = &r->apps->app[i];
		const char *g = app_group[a->kind];

		fprintf(f, "%s%u.InDatagrams %llu\n%s%u.InOctets %llu\n", g, a->param,
			(unsigned long long)a->in, g, a->param, (unsigned long long)a->in_octets);
		if (a->kind == HOST_APP_ECHO)
			fprintf(f, "%s%u.OutDatagrams %llu\n%s%u.OutErrors %llu\n", g, a->param,
				(unsigned long long)a->out, g, a->param,
				(unsigned long long)a->out_errors);
	}
	fflush(f);
}

/**
 * host_stats_line() - one "stats:" line
 * @f: output; @r: what; @json: compact JSON after "stats: "
 *
 * Text: "stats: SECONDS Group.Name=value ..." with the non-zero Linux
 * counters, then the TUN's packet counts (and each device's, when several).
 */
void host_stats_line(FILE *f, const struct host_report *r, bool json)
{
	if (json) {
		dump_json(f, r, "stats: ");
		return;
	}
	fprintf(f, "stats: %.3f", r->seconds);
	for (unsigned i = 0; i < IK_MIB_MAX; i++)
		if (r->mib->c[i])
			fprintf(f, " %s.%s=%llu", ik_mib_group(i), ik_mib_name(i),
				(unsigned long long)r->mib->c[i]);
	fprintf(f, " %s.RxPackets=%llu %s.TxPackets=%llu %s.TxErrors=%llu", group_name(r),
		(unsigned long long)r->c->rx_packets, group_name(r),
		(unsigned long long)r->c->tx_packets, group_name(r),
		(unsigned long long)r->c->tx_errors);
	for (unsigned i = 0; i < r->nifaces; i++)
		fprintf(f, " Iface.%s.RxPackets=%llu Iface.%s.TxPackets=%llu", r->ifaces[i].name,
			(unsigned long long)r->ifaces[i].c->rx_packets, r->ifaces[i].name,
			(unsigned long long)r->ifaces[i].c->tx_packets);
	fputc('\n', f);
	fflush(f);
}
