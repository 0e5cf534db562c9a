// SPDX-License-Identifier: MIT
/*
 * test_names.c - ICMP type/code, IP protocol and IP option names
 *
 * Expected strings are copied from the IANA registries (icmp-parameters,
 * protocol-numbers, ip-parameters), not from src/wire/names.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "icmpkit/names.h"

static void icmp_type_names(void **state)
{
	(void)state;
	assert_string_equal(ik_icmp_type_name(0), "Echo Reply");
	assert_string_equal(ik_icmp_type_name(1), "Unassigned");
	assert_string_equal(ik_icmp_type_name(2), "Unassigned");
	assert_string_equal(ik_icmp_type_name(3), "Destination Unreachable");
	assert_string_equal(ik_icmp_type_name(4), "Source Quench (Deprecated)");
	assert_string_equal(ik_icmp_type_name(5), "Redirect");
	assert_string_equal(ik_icmp_type_name(6), "Alternate Host Address (Deprecated)");
	assert_string_equal(ik_icmp_type_name(7), "Unassigned");
	assert_string_equal(ik_icmp_type_name(8), "Echo");
	assert_string_equal(ik_icmp_type_name(9), "Router Advertisement");
	assert_string_equal(ik_icmp_type_name(10), "Router Solicitation");
	assert_string_equal(ik_icmp_type_name(11), "Time Exceeded");
	assert_string_equal(ik_icmp_type_name(12), "Parameter Problem");
	assert_string_equal(ik_icmp_type_name(13), "Timestamp");
	assert_string_equal(ik_icmp_type_name(14), "Timestamp Reply");
	assert_string_equal(ik_icmp_type_name(15), "Information Request (Deprecated)");
	assert_string_equal(ik_icmp_type_name(16), "Information Reply (Deprecated)");
	assert_string_equal(ik_icmp_type_name(17), "Address Mask Request (Deprecated)");
	assert_string_equal(ik_icmp_type_name(18), "Address Mask Reply (Deprecated)");
	assert_string_equal(ik_icmp_type_name(19), "Reserved (for Security)");
	assert_string_equal(ik_icmp_type_name(20), "Reserved (for Robustness Experiment)");
	assert_string_equal(ik_icmp_type_name(29), "Reserved (for Robustness Experiment)");
	assert_string_equal(ik_icmp_type_name(30), "Traceroute (Deprecated)");
	assert_string_equal(ik_icmp_type_name(31), "Datagram Conversion Error (Deprecated)");
	assert_string_equal(ik_icmp_type_name(33), "IPv6 Where-Are-You (Deprecated)");
	assert_string_equal(ik_icmp_type_name(37), "Domain Name Request (Deprecated)");
	assert_string_equal(ik_icmp_type_name(38), "Domain Name Reply (Deprecated)");
	assert_string_equal(ik_icmp_type_name(39), "SKIP (Deprecated)");
	assert_string_equal(ik_icmp_type_name(40), "Photuris");
	assert_string_equal(ik_icmp_type_name(41),
			    "ICMP messages utilized by experimental mobility protocols such as Seamoby");
	assert_string_equal(ik_icmp_type_name(42), "Extended Echo Request");
	assert_string_equal(ik_icmp_type_name(43), "Extended Echo Reply");
	assert_string_equal(ik_icmp_type_name(44), "Unassigned");
	assert_string_equal(ik_icmp_type_name(252), "Unassigned");
	assert_string_equal(ik_icmp_type_name(253), "RFC3692-style Experiment 1");
	assert_string_equal(ik_icmp_type_name(254), "RFC3692-style Experiment 2");
	assert_string_equal(ik_icmp_type_name(255), "Reserved");
}

static void icmp_code_names(void **state)
{
	(void)state;
	assert_string_equal(ik_icmp_code_name(0, 0), "No Code");
	assert_string_equal(ik_icmp_code_name(8, 0), "No Code");
	assert_string_equal(ik_icmp_code_name(8, 1), "Unassigned");
	assert_string_equal(ik_icmp_code_name(3, 0), "Net Unreachable");
	assert_string_equal(ik_icmp_code_name(3, 1), "Host Unreachable");
	assert_string_equal(ik_icmp_code_name(3, 2), "Protocol Unreachable");
	assert_string_equal(ik_icmp_code_name(3, 3), "Port Unreachable");
	assert_string_equal(ik_icmp_code_name(3, 4),
			    "Fragmentation Needed and Don't Fragment was Set");
	assert_string_equal(ik_icmp_code_name(3, 5), "Source Route Failed");
	assert_string_equal(ik_icmp_code_name(3, 9),
			    "Communication with Destination Network is Administratively Prohibited");
	assert_string_equal(ik_icmp_code_name(3, 12),
			    "Destination Host Unreachable for Type of Service");
	assert_string_equal(ik_icmp_code_name(3, 13), "Communication Administratively Prohibited");
	assert_string_equal(ik_icmp_code_name(3, 14), "Host Precedence Violation");
	assert_string_equal(ik_icmp_code_name(3, 15), "Precedence cutoff in effect");
	assert_string_equal(ik_icmp_code_name(3, 16), "Unassigned");
	assert_string_equal(ik_icmp_code_name(5, 0),
			    "Redirect Datagram for the Network (or subnet)");
	assert_string_equal(ik_icmp_code_name(5, 3),
			    "Redirect Datagram for the Type of Service and Host");
	assert_string_equal(ik_icmp_code_name(6, 0), "Alternate Address for Host");
	assert_string_equal(ik_icmp_code_name(9, 0), "Normal router advertisement");
	assert_string_equal(ik_icmp_code_name(9, 8), "Unassigned");
	assert_string_equal(ik_icmp_code_name(9, 16), "Does not route common traffic");
	assert_string_equal(ik_icmp_code_name(11, 0), "Time to Live exceeded in Transit");
	assert_string_equal(ik_icmp_code_name(11, 1), "Fragment Reassembly Time Exceeded");
	assert_string_equal(ik_icmp_code_name(11, 2), "Unassigned");
	assert_string_equal(ik_icmp_code_name(12, 0), "Pointer indicates the error");
	assert_string_equal(ik_icmp_code_name(12, 1), "Missing a Required Option");
	assert_string_equal(ik_icmp_code_name(12, 2), "Bad Length");
	assert_string_equal(ik_icmp_code_name(30, 0), "Unassigned");
	assert_string_equal(ik_icmp_code_name(40, 0), "Bad SPI");
	assert_string_equal(ik_icmp_code_name(40, 5), "Need Authorization");
	assert_string_equal(ik_icmp_code_name(42, 0), "No Error");
	assert_string_equal(ik_icmp_code_name(42, 1), "Unassigned");
	assert_string_equal(ik_icmp_code_name(43, 1), "Malformed Query");
	assert_string_equal(ik_icmp_code_name(43, 4), "Multiple Interfaces Satisfy Query");
	assert_string_equal(ik_icmp_code_name(43, 5), "Unassigned");
}

/* (type, number of codes 0..n-1) with every code registered, plus 9/16 */
static const struct {
	uint8_t type, ncodes;
} registered[] = {
	{ 0, 1 }, { 3, 16 }, { 4, 1 }, { 5, 4 }, { 6, 1 }, { 8, 1 }, { 10, 1 }, { 11, 2 },
	{ 12, 3 }, { 13, 1 }, { 14, 1 }, { 15, 1 }, { 16, 1 }, { 17, 1 }, { 18, 1 },
	{ 40, 6 }, { 42, 1 }, { 43, 5 },
};

static int expect_known(unsigned t, unsigned c)
{
	size_t i;

	if (t == 9)
		return c == 0 || c == 16;
	for (i = 0; i < sizeof(registered) / sizeof(registered[0]); i++)
		if (registered[i].type == t)
			return c < registered[i].ncodes;
	return 0;
}

static void never_null_and_known(void **state)
{
	unsigned t, c, known = 0;

	(void)state;
	for (t = 0; t < 256; t++) {
		const char *tn = ik_icmp_type_name((uint8_t)t);

		assert_non_null(tn);
		assert_true(strlen(tn) > 0);
		for (c = 0; c < 256; c++) {
			const char *cn = ik_icmp_code_name((uint8_t)t, (uint8_t)c);
			int k = ik_icmp_code_known((uint8_t)t, (uint8_t)c);

			assert_non_null(cn);
			assert_true(strlen(cn) > 0);
			assert_int_equal(k != 0, expect_known(t, c));
			if (!k)
				assert_string_equal(cn, "Unassigned");
			else
				assert_string_not_equal(cn, "Unassigned");
			known += k != 0;
		}
	}
	assert_int_equal(known, 50);
}

static void proto_names(void **state)
{
	unsigned p;

	(void)state;
	assert_string_equal(ik_ip_proto_name(0), "HOPOPT");
	assert_string_equal(ik_ip_proto_name(1), "ICMP");
	assert_string_equal(ik_ip_proto_name(2), "IGMP");
	assert_string_equal(ik_ip_proto_name(3), "GGP");
	assert_string_equal(ik_ip_proto_name(4), "IPv4");
	assert_string_equal(ik_ip_proto_name(5), "ST");
	assert_string_equal(ik_ip_proto_name(6), "TCP");
	assert_string_equal(ik_ip_proto_name(8), "EGP");
	assert_string_equal(ik_ip_proto_name(17), "UDP");
	assert_string_equal(ik_ip_proto_name(33), "DCCP");
	assert_string_equal(ik_ip_proto_name(41), "IPv6");
	assert_string_equal(ik_ip_proto_name(46), "RSVP");
	assert_string_equal(ik_ip_proto_name(47), "GRE");
	assert_string_equal(ik_ip_proto_name(50), "ESP");
	assert_string_equal(ik_ip_proto_name(51), "AH");
	assert_string_equal(ik_ip_proto_name(58), "IPv6-ICMP");
	assert_string_equal(ik_ip_proto_name(88), "EIGRP");
	assert_string_equal(ik_ip_proto_name(89), "OSPFIGP");
	assert_string_equal(ik_ip_proto_name(94), "IPIP");
	assert_string_equal(ik_ip_proto_name(103), "PIM");
	assert_string_equal(ik_ip_proto_name(112), "VRRP");
	assert_string_equal(ik_ip_proto_name(115), "L2TP");
	assert_string_equal(ik_ip_proto_name(132), "SCTP");
	assert_string_equal(ik_ip_proto_name(136), "UDPLite");
	assert_string_equal(ik_ip_proto_name(137), "MPLS-in-IP");
	assert_string_equal(ik_ip_proto_name(143), "Ethernet");
	assert_string_equal(ik_ip_proto_name(147), "Unassigned");
	assert_string_equal(ik_ip_proto_name(200), "Unassigned");
	assert_string_equal(ik_ip_proto_name(252), "Unassigned");
	assert_string_equal(ik_ip_proto_name(255), "Reserved");
	for (p = 0; p < 256; p++) {
		const char *n = ik_ip_proto_name((uint8_t)p);

		assert_non_null(n);
		assert_true(strlen(n) > 0);
		/* 0-146 are all assigned */
		if (p <= 146)
			assert_string_not_equal(n, "Unassigned");
		else if (p <= 252)
			assert_string_equal(n, "Unassigned");
	}
}

static void option_names(void **state)
{
	unsigned t, named = 0;

	(void)state;
	assert_string_equal(ik_ipopt_name(0), "End of Options List");
	assert_string_equal(ik_ipopt_name(1), "No Operation");
	assert_string_equal(ik_ipopt_name(7), "Record Route");
	assert_string_equal(ik_ipopt_name(68), "Timestamp");
	assert_string_equal(ik_ipopt_name(131), "Loose Source Route");
	assert_string_equal(ik_ipopt_name(137), "Strict Source Route");
	assert_string_equal(ik_ipopt_name(148), "Router Alert");
	assert_string_equal(ik_ipopt_name(130), "Security");
	assert_string_equal(ik_ipopt_name(134), "Commercial Security");
	assert_string_equal(ik_ipopt_name(136), "Stream ID");
	assert_string_equal(ik_ipopt_name(82), "Traceroute");
	assert_string_equal(ik_ipopt_name(25), "Quick-Start");
	assert_string_equal(ik_ipopt_name(30), "RFC3692-style Experiment");
	assert_string_equal(ik_ipopt_name(222), "RFC3692-style Experiment");
	assert_string_equal(ik_ipopt_name(150), "Unknown");
	assert_string_equal(ik_ipopt_name(2), "Unknown");
	assert_string_equal(ik_ipopt_name(255), "Unknown");
	for (t = 0; t < 256; t++) {
		const char *n = ik_ipopt_name((uint8_t)t);

		assert_non_null(n);
		named += strcmp(n, "Unknown") != 0;
	}
	assert_int_equal(named, 29); /* the IANA ip-parameters rows, 150 released */
}

static void tcp_option_names(void **state)
{
	(void)state;
	assert_string_equal(ik_tcpopt_name(0), "End of Option List");
	assert_string_equal(ik_tcpopt_name(1), "No-Operation");
	assert_string_equal(ik_tcpopt_name(2), "Maximum Segment Size");
	assert_string_equal(ik_tcpopt_name(3), "Window Scale");
	assert_string_equal(ik_tcpopt_name(4), "SACK Permitted");
	assert_string_equal(ik_tcpopt_name(5), "SACK");
	assert_string_equal(ik_tcpopt_name(8), "Timestamps");
	assert_string_equal(ik_tcpopt_name(30), "Multipath TCP");
	assert_string_equal(ik_tcpopt_name(253), "RFC3692-style Experiment 1");
	assert_string_equal(ik_tcpopt_name(9), "Unknown");
	assert_string_equal(ik_tcpopt_name(255), "Unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(icmp_type_names),
		cmocka_unit_test(icmp_code_names),
		cmocka_unit_test(never_null_and_known),
		cmocka_unit_test(proto_names),
		cmocka_unit_test(option_names),
		cmocka_unit_test(tcp_option_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
