// SPDX-License-Identifier: MIT
/* mib.c - counter names and the /proc/net/snmp printer */
#include <stdio.h>

#include "icmpkit/mib.h"

enum mib_group { G_IP, G_ICMP, G_TCP, G_UDP, G_IP6, G_ICMP6, G_UDP6, G_N };

static const char *const group_names[G_N] = { [G_IP] = "Ip", [G_ICMP] = "Icmp", [G_TCP] = "Tcp",
					       [G_UDP] = "Udp", [G_IP6] = "Ip6",
					       [G_ICMP6] = "Icmp6", [G_UDP6] = "Udp6" };

/* one row per counter, straight from IK_MIB_LIST so names can never drift */
static const struct {
	unsigned char group;
	const char *name;
} mib_tab[IK_MIB_MAX] = {
#define IK_MIB_ROW(g, n) [IK_MIB_##g##_##n] = { G_##g, #n },
	IK_MIB_LIST(IK_MIB_ROW)
#undef IK_MIB_ROW
};

/**
 * ik_mib_name() - Linux name of a counter
 * @id: enum ik_mib_id
 *
 * Return: "InReceives", …, or NULL when @id is out of range.
 */
const char *ik_mib_name(unsigned id)
{
	return id < IK_MIB_MAX ? mib_tab[id].name : NULL;
}

/**
 * ik_mib_group() - Linux group of a counter
 * @id: enum ik_mib_id
 *
 * Return: "Ip", "Icmp", "Tcp", "Udp", "Ip6", "Icmp6" or "Udp6", or NULL when
 * @id is out of range.
 */
const char *ik_mib_group(unsigned id)
{
	return id < IK_MIB_MAX ? group_names[mib_tab[id].group] : NULL;
}

/**
 * print_group() - one group as the kernel prints it: a name line, a value line
 * @m: counters; @f: output; @g: group
 */
static void print_group(const struct ik_mib *m, FILE *f, unsigned g)
{
	fprintf(f, "%s:", group_names[g]);
	for (unsigned i = 0; i < IK_MIB_MAX; i++)
		if (mib_tab[i].group == g)
			fprintf(f, " %s", mib_tab[i].name);
	fprintf(f, "\n%s:", group_names[g]);
	for (unsigned i = 0; i < IK_MIB_MAX; i++)
		if (mib_tab[i].group == g)
			fprintf(f, " %llu", (unsigned long long)m->c[i]);
	fputc('\n', f);
}

/**
 * print_icmpmsg() - IcmpMsg: the non-zero InTypeN then OutTypeN, as Linux
 * @m: counters; @f: output
 *
 * Like the kernel, nothing at all is printed when every per-type counter is 0.
 */
static void print_icmpmsg(const struct ik_mib *m, FILE *f)
{
	unsigned n = 0;

	for (unsigned t = 0; t < 256; t++)
		n += (m->in_type[t] != 0) + (m->out_type[t] != 0);
	if (!n)
		return;
	fputs("IcmpMsg:", f);
	for (unsigned t = 0; t < 256; t++)
		if (m->in_type[t])
			fprintf(f, " InType%u", t);
	for (unsigned t = 0; t < 256; t++)
		if (m->out_type[t])
			fprintf(f, " OutType%u", t);
	fputs("\nIcmpMsg:", f);
	for (unsigned t = 0; t < 256; t++)
		if (m->in_type[t])
			fprintf(f, " %llu", (unsigned long long)m->in_type[t]);
	for (unsigned t = 0; t < 256; t++)
		if (m->out_type[t])
			fprintf(f, " %llu", (unsigned long long)m->out_type[t]);
	fputc('\n', f);
}

static void print6_types(const struct ik_mib *m, FILE *f);

/**
 * ik_mib_print() - print the counters as /proc/net/snmp does
 * @m:       counters
 * @f:       output
 * @nonzero: print only non-zero counters, one "Group.Name value" per line
 *
 * The kernel's order is kept: Ip, Icmp, IcmpMsg, Tcp, Udp. (Linux's Ip
 * lines also start with Forwarding and DefaultTTL, and its Tcp lines with
 * RtoAlgorithm, RtoMin, RtoMax and MaxConn, which are settings, not
 * counters, and are left out here.)
 */
void ik_mib_print(const struct ik_mib *m, FILE *f, int nonzero)
{
	if (!nonzero) {
		print_group(m, f, G_IP);
		print_group(m, f, G_ICMP);
		print_icmpmsg(m, f);
		print_group(m, f, G_TCP);
		print_group(m, f, G_UDP);
		return;
	}
	/* G_N: IcmpMsg; the IPv6 groups after (Icmp6's per-type counters
	 * printed by print6_types()) */
	static const unsigned order[] = { G_IP, G_ICMP, G_N, G_TCP, G_UDP, G_IP6, G_ICMP6, G_UDP6 };
	for (unsigned k = 0; k < sizeof(order) / sizeof(order[0]); k++) {
		if (order[k] == G_N) {
			for (unsigned t = 0; t < 256; t++)
				if (m->in_type[t])
					fprintf(f, "IcmpMsg.InType%u %llu\n", t,
						(unsigned long long)m->in_type[t]);
			for (unsigned t = 0; t < 256; t++)
				if (m->out_type[t])
					fprintf(f, "IcmpMsg.OutType%u %llu\n", t,
						(unsigned long long)m->out_type[t]);
			continue;
		}
		for (unsigned i = 0; i < IK_MIB_MAX; i++)
			if (mib_tab[i].group == order[k] && m->c[i])
				fprintf(f, "%s.%s %llu\n", group_names[order[k]], mib_tab[i].name,
					(unsigned long long)m->c[i]);
		if (order[k] == G_ICMP6)
			print6_types(m, f);
	}
}

/**
 * print6_types() - the non-zero Icmp6.InTypeN, then Icmp6.OutTypeN lines
 * @m: counters; @f: output
 */
static void print6_types(const struct ik_mib *m, FILE *f)
{
	for (unsigned t = 0; t < 256; t++)
		if (m->in_type6[t])
			fprintf(f, "Icmp6.InType%u %llu\n", t, (unsigned long long)m->in_type6[t]);
	for (unsigned t = 0; t < 256; t++)
		if (m->out_type6[t])
			fprintf(f, "Icmp6.OutType%u %llu\n", t, (unsigned long long)m->out_type6[t]);
}
