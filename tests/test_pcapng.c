// SPDX-License-Identifier: MIT
/*
 * test_pcapng.c - the pcapng writer: every block walked by its lengths
 * (types, both length fields equal, 32-bit alignment), the interface names
 * and time resolution, each packet's interface id, timestamp and direction,
 * the packets read back by libpcap to the nanosecond, argument checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "harness.h"
#include "icmpkit/pcapng.h"

/**
 * u32() - a host-order 32-bit value at @p
 * @p: octets
 *
 * Return: the value.
 */
static uint32_t u32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/**
 * u16() - a host-order 16-bit value at @p
 * @p: octets
 *
 * Return: the value.
 */
static uint16_t u16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

/**
 * find_opt() - the value of option @code in an options area
 * @p: first option; @end: past the area; @code: option code; @len: its
 * length out
 *
 * Return: pointer to the value, or NULL (also checks each option's padding
 * keeps the walk inside the area and it ends with opt_endofopt).
 */
static const uint8_t *find_opt(const uint8_t *p, const uint8_t *end, uint16_t code, uint16_t *len)
{
	const uint8_t *found = NULL;

	while (p + 4 <= end) {
		uint16_t c = u16(p), l = u16(p + 2);

		if (c == 0) {
			assert_int_equal(l, 0);
			return found;
		}
		if (c == code && !found) {
			found = p + 4;
			*len = l;
		}
		p += 4 + ((l + 3u) & ~3u);
	}
	fail_msg("options area without opt_endofopt");
	return NULL;
}

/** pkt_a / pkt_b - two small "datagrams" of lengths not multiples of 4 */
static const uint8_t pkt_a[21] = { 0x45, 0, 0, 21, 1, 2, 3, 4, 64, 1, 0, 0, 192, 0, 2, 1,
				   198, 51, 100, 1, 0xaa };
static const uint8_t pkt_b[23] = { 0x45, 0, 0, 23, 5, 6, 7, 8, 63, 17, 0, 0, 198, 51, 100,
				   1, 192, 0, 2, 1, 0xbb, 0xcc, 0xdd };

/**
 * write_sample() - two interfaces, three packets
 * @path: file
 */
static void write_sample(const char *path)
{
	char err[256];
	struct ik_pcapng *w = ik_pcapng_open(path, "test", err);

	assert_non_null(w);
	assert_int_equal(ik_pcapng_add_iface(w, "ra", IK_PCAPNG_LINKTYPE_IPV4), 0);
	assert_int_equal(ik_pcapng_add_iface(w, "rc-long-name", IK_PCAPNG_LINKTYPE_IPV4), 1);
	assert_int_equal(ik_pcapng_put(w, 0, pkt_a, sizeof(pkt_a), 1700000000123456789ull,
				       IK_PCAPNG_IN), 0);
	assert_int_equal(ik_pcapng_put(w, 1, pkt_a, sizeof(pkt_a), 1700000000123456790ull,
				       IK_PCAPNG_OUT), 0);
	assert_int_equal(ik_pcapng_put(w, 1, pkt_b, sizeof(pkt_b), 1700000001000000001ull, 0), 0);
	/* no interface after a packet; no unknown interface, length or direction */
	assert_int_equal(ik_pcapng_add_iface(w, "late", IK_PCAPNG_LINKTYPE_IPV4), -EINVAL);
	assert_int_equal(ik_pcapng_put(w, 2, pkt_a, sizeof(pkt_a), 0, 0), -EINVAL);
	assert_int_equal(ik_pcapng_put(w, 0, pkt_a, IK_PCAPNG_SNAPLEN + 1, 0, 0), -EINVAL);
	assert_int_equal(ik_pcapng_put(w, 0, pkt_a, sizeof(pkt_a), 0, 3), -EINVAL);
	assert_int_equal(ik_pcapng_flush(w), 0);
	assert_int_equal(ik_pcapng_close(w), 0);
}

/**
 * test_blocks() - the file block by block
 * @state: unused
 */
static void test_blocks(void **state)
{
	static const uint32_t types[] = { 0x0A0D0D0A, 1, 1, 6, 6, 6 };
	static const char *const names[] = { "ra", "rc-long-name" };
	static const uint32_t ids[] = { 0, 1, 1 }, flags[] = { 1, 2, 0 };
	static const uint64_t ts[] = { 1700000000123456789ull, 1700000000123456790ull,
				       1700000001000000001ull };
	uint8_t buf[4096];
	char path[64];
	size_t n, off = 0;
	unsigned k = 0;

	(void)state;
	ikt_tmp_path(path, "pcapng");
	write_sample(path);
	n = ikt_read_file(path, buf, sizeof(buf));
	while (off < n) {
		uint32_t type = u32(buf + off), len = u32(buf + off + 4);
		const uint8_t *b = buf + off + 8, *end = buf + off + len - 4;
		uint16_t ol;
		const uint8_t *v;

		assert_true(k < 6);
		assert_int_equal(type, types[k]);
		assert_int_equal(len % 4, 0);
		assert_true(off + len <= n);
		assert_int_equal(u32(buf + off + len - 4), len);
		if (k == 0) {
			assert_int_equal(u32(b), 0x1A2B3C4D);
			assert_int_equal(u16(b + 4), 1);
			assert_int_equal(u16(b + 6), 0);
			v = find_opt(b + 16, end, 4, &ol);
			assert_non_null(v);
			assert_memory_equal(v, "test", 4);
		} else if (k <= 2) {
			assert_int_equal(u16(b), 228);
			assert_int_equal(u32(b + 4), 65535);
			v = find_opt(b + 8, end, 2, &ol);
			assert_non_null(v);
			assert_int_equal(ol, strlen(names[k - 1]));
			assert_memory_equal(v, names[k - 1], ol);
			v = find_opt(b + 8, end, 9, &ol);
			assert_non_null(v);
			assert_int_equal(ol, 1);
			assert_int_equal(v[0], 9);
		} else {
			unsigned p = k - 3;
			size_t cap = u32(b + 12);

			assert_int_equal(u32(b), ids[p]);
			assert_int_equal(((uint64_t)u32(b + 4) << 32) | u32(b + 8), ts[p]);
			assert_int_equal(cap, p == 2 ? sizeof(pkt_b) : sizeof(pkt_a));
			assert_int_equal(u32(b + 16), cap);
			assert_memory_equal(b + 20, p == 2 ? pkt_b : pkt_a, cap);
			v = flags[p] ? find_opt(b + 20 + ((cap + 3) & ~(size_t)3), end, 2, &ol) : NULL;
			if (flags[p]) {
				assert_non_null(v);
				assert_int_equal(ol, 4);
				assert_int_equal(u32(v), flags[p]);
			} else {
				/* no direction: no options area at all */
				assert_int_equal(b + 20 + ((cap + 3) & ~(size_t)3), end);
			}
		}
		off += len;
		k++;
	}
	assert_int_equal(k, 6);
	assert_int_equal(off, n);
	unlink(path);
}

/**
 * test_libpcap_reads() - libpcap reads every packet back, to the ns
 * @state: unused
 */
static void test_libpcap_reads(void **state)
{
	char path[64], err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	int n = 0;

	(void)state;
	ikt_tmp_path(path, "pcapng");
	write_sample(path);
	p = pcap_open_offline_with_tstamp_precision(path, PCAP_TSTAMP_PRECISION_NANO, err);
	assert_non_null(p);
	assert_int_equal(pcap_datalink(p), DLT_IPV4);
	while (pcap_next_ex(p, &h, &data) == 1) {
		size_t want = n == 2 ? sizeof(pkt_b) : sizeof(pkt_a);

		assert_int_equal(h->caplen, want);
		assert_memory_equal(data, n == 2 ? pkt_b : pkt_a, want);
		if (n == 0) {
			assert_int_equal(h->ts.tv_sec, 1700000000);
			assert_int_equal(h->ts.tv_usec, 123456789);
		}
		n++;
	}
	assert_int_equal(n, 3);
	pcap_close(p);
	unlink(path);
}

/**
 * test_open_errors() - a file that cannot be made, NULL arguments
 * @state: unused
 */
static void test_open_errors(void **state)
{
	char err[256] = "";

	(void)state;
	assert_null(ik_pcapng_open("/nonexistent-dir/x.pcapng", NULL, err));
	assert_non_null(strstr(err, "No such file or directory"));
	assert_null(ik_pcapng_open(NULL, NULL, err));
	assert_int_equal(ik_pcapng_add_iface(NULL, "x", 228), -EINVAL);
	assert_int_equal(ik_pcapng_put(NULL, 0, pkt_a, 1, 0, 0), -EINVAL);
	assert_int_equal(ik_pcapng_close(NULL), 0);
}

/**
 * main() - run the tests
 *
 * Return: failures.
 */
/**
 * test_full_disk() - a write that fails (the file size limit, as a full
 * disk): nothing more written, the file cut back to its last whole block
 * so libpcap still reads it to a clean end, every packet not in it counted
 * @state: unused
 */
static void test_full_disk(void **state)
{
	static uint8_t pkt[100];
	char errbuf[256], path[64];
	struct ik_pcapng *w;
	uint64_t dropped = 0;
	int id, err = 0;
	bool clean;
	long n;

	(void)state;
	ikt_tmp_path(path, "pcapng");
	w = ik_pcapng_open(path, "test", errbuf);
	assert_non_null(w);
	id = ik_pcapng_add_iface(w, "t0", IK_PCAPNG_LINKTYPE_IPV4);
	assert_true(id >= 0);
	ikt_fsize_limit(40000);
	/* more than the 64 KiB buffer: the failure comes inside a put */
	for (int i = 0; i < 1000; i++)
		if (ik_pcapng_put(w, (unsigned)id, pkt, sizeof(pkt), (uint64_t)i, IK_PCAPNG_IN) < 0 &&
		    !err)
			err = -1;
	assert_int_equal(err, -1);
	assert_int_equal(ik_pcapng_flush(w), -EFBIG);
	assert_int_equal(ik_pcapng_status(w, &dropped), -EFBIG);
	ik_pcapng_close(w);
	ikt_fsize_limit(0);
	n = ikt_pcap_count(path, &clean);
	assert_true(clean);
	assert_true(n > 100 && n < 1000);
	assert_int_equal((long)dropped, 1000 - n);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks),
		cmocka_unit_test(test_libpcap_reads),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_full_disk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
