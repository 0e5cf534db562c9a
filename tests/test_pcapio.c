// SPDX-License-Identifier: MIT
/*
 * test_pcapio.c - the pcap writer: file header bytes, records read back by
 * libpcap, timestamps to the nanosecond, argument checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "harness.h"
#include "icmpkit/err.h"
#include "icmpkit/pcapio.h"

static const uint8_t pkt1[] = {
	0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
	0x08, 0x00, 0xf7, 0xff, 0x00, 0x00, 0x00, 0x00,
};
static const uint8_t pkt2[] = { 0x45, 0x00, 0x00, 0x14, 0xaa };

/**
 * test_header_bytes() - global header: nanosecond magic, version 2.4,
 * snaplen 65535, LINKTYPE_RAW (101)
 * @state: unused
 */
static void test_header_bytes(void **state)
{
	char errbuf[256], path[64];
	struct ik_pcap_writer *w;
	uint8_t buf[256];
	size_t n;
	uint32_t magic, snap, link;

	(void)state;
	ikt_tmp_path(path, "pcapio");
	w = ik_pcap_writer_open(path, errbuf);
	assert_non_null(w);
	ik_pcap_writer_close(w);
	n = ikt_read_file(path, buf, sizeof(buf));
	assert_int_equal(n, 24);
	/* written in host order: read back the same way */
	memcpy(&magic, buf, 4);
	memcpy(&snap, buf + 16, 4);
	memcpy(&link, buf + 20, 4);
	assert_int_equal(magic, 0xa1b23c4du);
	assert_int_equal(buf[4] | buf[5] << 8, 2); /* little-endian host */
	assert_int_equal(snap, 65535);
	assert_int_equal(link, 101);
	unlink(path);
}

/**
 * test_roundtrip() - packets and timestamps come back through libpcap
 * @state: unused
 */
static void test_roundtrip(void **state)
{
	char errbuf[PCAP_ERRBUF_SIZE > 256 ? PCAP_ERRBUF_SIZE : 256], path[64];
	struct ik_pcap_writer *w;
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;

	(void)state;
	ikt_tmp_path(path, "pcapio");
	w = ik_pcap_writer_open(path, errbuf);
	assert_non_null(w);
	assert_int_equal(ik_pcap_writer_put(w, pkt1, sizeof(pkt1), 1700000000123456789ull), 0);
	assert_int_equal(ik_pcap_writer_put(w, pkt2, sizeof(pkt2), 999999999ull), 0);
	assert_int_equal(ik_pcap_writer_put(w, pkt1, 0, 0), 0);
	ik_pcap_writer_close(w);

	p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
	assert_non_null(p);
	assert_int_equal(pcap_datalink(p), DLT_RAW);

	assert_int_equal(pcap_next_ex(p, &h, &data), 1);
	assert_int_equal(h->ts.tv_sec, 1700000000);
	assert_int_equal(h->ts.tv_usec, 123456789);
	assert_int_equal(h->caplen, sizeof(pkt1));
	assert_int_equal(h->len, sizeof(pkt1));
	assert_memory_equal(data, pkt1, sizeof(pkt1));

	assert_int_equal(pcap_next_ex(p, &h, &data), 1);
	assert_int_equal(h->ts.tv_sec, 0);
	assert_int_equal(h->ts.tv_usec, 999999999);
	assert_int_equal(h->caplen, sizeof(pkt2));
	assert_memory_equal(data, pkt2, sizeof(pkt2));

	assert_int_equal(pcap_next_ex(p, &h, &data), 1);
	assert_int_equal(h->caplen, 0);

	assert_int_equal(pcap_next_ex(p, &h, &data), PCAP_ERROR_BREAK);
	pcap_close(p);
	unlink(path);
}

/**
 * test_errors() - bad arguments are refused, a bad path reports why
 * @state: unused
 */
static void test_errors(void **state)
{
	static uint8_t big[65536];
	char errbuf[256], path[64];
	struct ik_pcap_writer *w;

	(void)state;
	errbuf[0] = 0;
	assert_null(ik_pcap_writer_open("/nonexistent-dir/x.pcap", errbuf));
	assert_non_null(strstr(errbuf, "/nonexistent-dir/x.pcap"));

	ikt_tmp_path(path, "pcapio");
	w = ik_pcap_writer_open(path, errbuf);
	assert_non_null(w);
	assert_int_equal(ik_pcap_writer_put(w, big, sizeof(big), 0), -IK_EINVAL);
	assert_int_equal(ik_pcap_writer_put(w, big, 65535, 0), 0);
	assert_int_equal(ik_pcap_writer_put(NULL, pkt1, sizeof(pkt1), 0), -IK_EINVAL);
	assert_int_equal(ik_pcap_writer_put(w, NULL, 4, 0), -IK_EINVAL);
	ik_pcap_writer_close(w);
	ik_pcap_writer_close(NULL);
	unlink(path);
}

/**
 * test_full_disk() - a write that fails (here the file size limit, as a
 * full disk): one error, nothing more written, the file cut back to its
 * last whole record so it still opens, every packet not in it counted
 * @state: unused
 */
static void test_full_disk(void **state)
{
	static uint8_t pkt[100];
	char errbuf[256], path[64];
	struct ik_pcap_writer *w;
	uint64_t dropped = 0;
	bool clean;
	long n;

	(void)state;
	ikt_tmp_path(path, "pcapio");
	w = ik_pcap_writer_open(path, errbuf);
	assert_non_null(w);
	assert_int_equal(ik_pcap_writer_status(w, &dropped), 0);
	ikt_fsize_limit(20000);
	for (int i = 0; i < 500; i++)
		ik_pcap_writer_put(w, pkt, sizeof(pkt), (uint64_t)i);
	assert_int_equal(ik_pcap_writer_flush(w), -EFBIG);
	assert_int_equal(ik_pcap_writer_status(w, &dropped), -EFBIG);
	assert_int_equal(ik_pcap_writer_put(w, pkt, sizeof(pkt), 0), -EFBIG);
	ik_pcap_writer_close(w);
	ikt_fsize_limit(0);
	n = ikt_pcap_count(path, &clean);
	assert_true(clean);
	assert_true(n > 100 && n < 500);
	/* the 500 before and the one after the failure, less those in the file */
	assert_int_equal((long)dropped + 1, 501 - n);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_bytes),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_full_disk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
