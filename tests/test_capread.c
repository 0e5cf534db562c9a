// SPDX-License-Identifier: MIT
/*
 * test_capread.c - the capture reader: captures written by the pcap writer
 * and by libpcap in memory for every supported link type, a hand-made
 * pcapng file, skipped and unreadable frames with their reasons, snapped
 * frames, truncated files, unsupported link types, files that are not
 * captures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "icmpkit/capread.h"
#include "icmpkit/err.h"
#include "icmpkit/pcapio.h"

#define DLT_IPV4_ 228  /* not in every libpcap's headers */
#define DLT_SLL2_ 276

/* an ICMP echo request, 28 octets */
static const uint8_t ip4[] = {
	0x45, 0x00, 0x00, 0x1c, 0x12, 0x34, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00,
	0xc0, 0x00, 0x02, 0x01, 0xc6, 0x33, 0x64, 0x02,
	0x08, 0x00, 0xf7, 0xff, 0x00, 0x00, 0x00, 0x00,
};
/* the start of an IPv6 header */
static const uint8_t ip6[] = { 0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x40 };

/**
 * struct frame - one record to write
 * @data:  octets captured
 * @len:   their count
 * @wire:  length on the wire (0: @len)
 * @ts_ns: capture time
 */
struct frame {
	const uint8_t *data;
	size_t len;
	size_t wire;
	uint64_t ts_ns;
};

/**
 * struct cap - a capture held in memory
 * @buf: the file's octets (malloc'd)
 * @len: their count
 */
struct cap {
	char *buf;
	size_t len;
};

/**
 * cap_write() - a classic pcap file of link type @dlt, in memory
 * @dlt:    link type
 * @frames: records
 * @n:      their count
 *
 * Return: the capture; free its buf.
 */
static struct cap cap_write(int dlt, const struct frame *frames, size_t n)
{
	pcap_t *dead = pcap_open_dead_with_tstamp_precision(dlt, 65535,
							     PCAP_TSTAMP_PRECISION_NANO);
	struct cap c = { NULL, 0 };
	pcap_dumper_t *d;
	FILE *f;

	assert_non_null(dead);
	f = open_memstream(&c.buf, &c.len);
	assert_non_null(f);
	d = pcap_dump_fopen(dead, f);
	assert_non_null(d);
	for (size_t i = 0; i < n; i++) {
		struct pcap_pkthdr h;

		memset(&h, 0, sizeof(h));
		h.ts.tv_sec = (time_t)(frames[i].ts_ns / 1000000000u);
		h.ts.tv_usec = (suseconds_t)(frames[i].ts_ns % 1000000000u);
		h.caplen = (bpf_u_int32)frames[i].len;
		h.len = (bpf_u_int32)(frames[i].wire ? frames[i].wire : frames[i].len);
		pcap_dump((u_char *)d, &h, frames[i].data);
	}
	pcap_dump_close(d); /* closes f: c is complete */
	pcap_close(dead);
	return c;
}

/**
 * cap_open() - a reader over the first @len octets of a capture in memory
 * @c:   capture
 * @len: octets to offer (less than @c->len for a truncated file)
 *
 * Return: the reader.
 */
static struct ik_cap_reader *cap_open(const struct cap *c, size_t len)
{
	char err[IK_CAP_ERRBUF];
	FILE *f = fmemopen(c->buf, len, "rb");
	struct ik_cap_reader *r;

	assert_non_null(f);
	r = ik_cap_open_stream(f, err);
	if (!r)
		fail_msg("ik_cap_open_stream: %s", err);
	return r;
}

/**
 * cap_frames() - write @frames as a capture of link type @dlt and open it
 * @dlt:    link type
 * @frames: records
 * @n:      their count
 * @c:      the capture, to keep while the reader reads; cap_done() frees it
 *
 * Return: the reader.
 */
static struct ik_cap_reader *cap_frames(int dlt, const struct frame *frames, size_t n,
					struct cap *c)
{
	*c = cap_write(dlt, frames, n);
	return cap_open(c, c->len);
}

/**
 * frame_of() - @hdr followed by the IPv4 datagram
 * @hdr: link header
 * @n:   its length
 * @out: output, at least @n + sizeof(ip4)
 *
 * Return: the frame's length.
 */
static size_t frame_of(const uint8_t *hdr, size_t n, uint8_t *out)
{
	memcpy(out, hdr, n);
	memcpy(out + n, ip4, sizeof(ip4));
	return n + sizeof(ip4);
}

/**
 * expect_ip4() - the next frame holds the test datagram at offset @off
 * @r:     reader
 * @link:  expected link name
 * @off:   link header length
 * @vlans: VLAN tags expected
 */
static void expect_ip4(struct ik_cap_reader *r, const char *link, size_t off, unsigned vlans)
{
	char err[IK_CAP_ERRBUF];
	struct ik_cap_pkt p;

	assert_int_equal(ik_cap_next(r, &p, err), 1);
	assert_string_equal(p.skip, "");
	assert_string_equal(p.bad, "");
	assert_non_null(p.data);
	assert_ptr_equal(p.data, p.frame + off);
	assert_int_equal(p.len, sizeof(ip4));
	assert_memory_equal(p.data, ip4, sizeof(ip4));
	assert_int_equal(p.frame_len, off + sizeof(ip4));
	assert_int_equal(p.frame_cap, p.frame_len);
	assert_string_equal(p.link, link);
	assert_int_equal(p.vlans, vlans);
	assert_true(p.has_time);
}

/**
 * expect_skip() - the next frame is skipped (or, @bad, unreadable) for @why
 * @r:   reader
 * @bad: expect @p->bad rather than @p->skip
 * @why: the reason
 */
static void expect_skip(struct ik_cap_reader *r, bool bad, const char *why)
{
	char err[IK_CAP_ERRBUF];
	struct ik_cap_pkt p;

	assert_int_equal(ik_cap_next(r, &p, err), 1);
	assert_null(p.data);
	assert_int_equal(p.len, 0);
	assert_string_equal(bad ? p.bad : p.skip, why);
	assert_string_equal(bad ? p.skip : p.bad, "");
}

/**
 * expect_end() - no frame is left
 * @r: reader (closed here)
 */
static void expect_end(struct ik_cap_reader *r)
{
	char err[IK_CAP_ERRBUF];
	struct ik_cap_pkt p;

	assert_int_equal(ik_cap_next(r, &p, err), 0);
	assert_int_equal(ik_cap_next(r, &p, err), 0);
	ik_cap_close(r);
}

/**
 * cap_done() - no frame is left: close the reader, free the capture
 * @r: reader
 * @c: capture from cap_frames()
 */
static void cap_done(struct ik_cap_reader *r, struct cap *c)
{
	expect_end(r);
	free(c->buf);
}

/**
 * test_writer_raw() - a file from ik_pcap_writer (raw IP) read back by
 * name: times to the nanosecond, an IPv6 packet kept (by its Version)
 * @state: unused
 */
static void test_writer_raw(void **state)
{
	char err[IK_CAP_ERRBUF], path[] = "/tmp/ik-test-capread-XXXXXX";
	struct ik_pcap_writer *w;
	struct ik_cap_reader *r;
	struct ik_cap_pkt p;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	w = ik_pcap_writer_open(path, err);
	assert_non_null(w);
	assert_int_equal(ik_pcap_writer_put(w, ip4, sizeof(ip4), 1700000000123456789ull), 0);
	assert_int_equal(ik_pcap_writer_put(w, ip6, sizeof(ip6), 1700000001000000000ull), 0);
	ik_pcap_writer_close(w);

	r = ik_cap_open(path, err);
	assert_non_null(r);
	assert_int_equal(ik_cap_link(r), DLT_RAW);
	assert_int_equal(ik_cap_next(r, &p, err), 1);
	assert_ptr_equal(p.data, p.frame);
	assert_memory_equal(p.data, ip4, sizeof(ip4));
	assert_string_equal(p.link, "raw IP");
	assert_true(p.has_time);
	assert_int_equal(p.sec, 1700000000);
	assert_int_equal(p.nsec, 123456789);
	assert_int_equal(ik_cap_next(r, &p, err), 1);
	assert_ptr_equal(p.data, p.frame);
	assert_int_equal(p.len, sizeof(ip6));
	assert_string_equal(p.skip, "");
	assert_int_equal(p.frame_len, sizeof(ip6));
	assert_int_equal(p.sec, 1700000001);
	assert_int_equal(p.nsec, 0);
	expect_end(r);
	unlink(path);
}

/**
 * test_ethernet() - plain, one and two VLAN tags, ARP skipped, frames too
 * short for the Ethernet or the VLAN header, a snapped frame
 * @state: unused
 */
static void test_ethernet(void **state)
{
	static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00 };
	static const uint8_t eth_vlan2[22] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2,
					       0x88, 0xa8, 0x00, 0x0a, 0x81, 0x00, 0x00, 0x14,
					       0x08, 0x00 };
	static const uint8_t arp[42] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 2,
					 0x08, 0x06, 0x00, 0x01 };
	static const uint8_t vlan_cut[16] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x81, 0x00 };
	uint8_t f1[64], f2[64], f3[64];
	size_t n1 = frame_of(eth, sizeof(eth), f1);
	size_t n2 = frame_of(eth_vlan2, 18, f2); /* one tag; its EtherType set below */
	size_t n3 = frame_of(eth_vlan2, sizeof(eth_vlan2), f3);
	struct frame fr[] = {
		{ f1, n1, 0, 1000 },
		{ f2, n2, 0, 2000 },
		{ f3, n3, 0, 3000 },
		{ arp, sizeof(arp), 0, 4000 },
		{ eth, 10, 0, 5000 },
		{ vlan_cut, sizeof(vlan_cut), 0, 6000 },
		{ f1, 30, n1, 7000 },
	};
	struct ik_cap_reader *r;
	char err[IK_CAP_ERRBUF];
	struct ik_cap_pkt p;
	struct cap c;

	(void)state;
	f2[16] = 0x08; /* one tag: 88a8 000a, then 0800 */
	f2[17] = 0x00;
	r = cap_frames(DLT_EN10MB, fr, sizeof(fr) / sizeof(fr[0]), &c);
	assert_int_equal(ik_cap_link(r), DLT_EN10MB);
	expect_ip4(r, "Ethernet", 14, 0);
	expect_ip4(r, "Ethernet", 18, 1);
	expect_ip4(r, "Ethernet", 22, 2);
	expect_skip(r, false, "Ethernet frame, EtherType 0x0806 (ARP)");
	expect_skip(r, true, "10-octet Ethernet frame is too short for its header");
	expect_skip(r, true, "16-octet Ethernet frame is too short for its header");
	/* snapped: the datagram as far as it was captured */
	assert_int_equal(ik_cap_next(r, &p, err), 1);
	assert_int_equal(p.frame_cap, 30);
	assert_int_equal(p.frame_len, n1);
	assert_int_equal(p.len, 30 - 14);
	assert_string_equal(p.skip, "");
	assert_int_equal(p.nsec, 7000);
	cap_done(r, &c);
}

/**
 * test_cooked() - Linux cooked captures v1 and v2, an IPv6 frame kept
 * @state: unused
 */
static void test_cooked(void **state)
{
	static const uint8_t sll[16] = { 0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x08, 0x00 };
	static const uint8_t sll6[16] = { 0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x86, 0xdd };
	static const uint8_t sll2[20] = { 0x08, 0x00, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6,
					  2, 0, 0, 0, 0, 1, 0, 0 };
	uint8_t f1[64], f2[64], f3[64];
	size_t n1 = frame_of(sll, sizeof(sll), f1), n2 = frame_of(sll6, sizeof(sll6), f2);
	size_t n3 = frame_of(sll2, sizeof(sll2), f3);
	struct frame v1[] = { { f1, n1, 0, 0 }, { f2, n2, 0, 0 }, { f1, 12, 0, 0 } };
	struct frame v2[] = { { f3, n3, 0, 0 }, { f3, 19, 0, 0 } };
	struct ik_cap_reader *r;
	struct cap c;

	(void)state;
	r = cap_frames(DLT_LINUX_SLL, v1, 3, &c);
	expect_ip4(r, "Linux cooked", 16, 0);
	expect_ip4(r, "Linux cooked", 16, 0); /* EtherType 0x86dd: kept as well */
	expect_skip(r, true, "12-octet Linux cooked frame is too short for its header");
	cap_done(r, &c);

	r = cap_frames(DLT_SLL2_, v2, 2, &c);
	assert_int_equal(ik_cap_link(r), DLT_SLL2_);
	expect_ip4(r, "Linux cooked v2", 20, 0);
	expect_skip(r, true, "19-octet Linux cooked v2 frame is too short for its header");
	cap_done(r, &c);
}

/**
 * test_loopback() - BSD loopback: AF_INET in host order (DLT_NULL) and in
 * network order (DLT_LOOP), AF_INET6 of the BSDs kept, another family
 * skipped; DLT_IPV4
 * @state: unused
 */
static void test_loopback(void **state)
{
	static const uint8_t af_le[4] = { 2, 0, 0, 0 }, af_be[4] = { 0, 0, 0, 2 };
	static const uint8_t af6_le[4] = { 24, 0, 0, 0 }, af6_be[4] = { 0, 0, 0, 30 };
	uint8_t f1[64], f2[64], f3[64], f4[64];
	size_t n1 = frame_of(af_le, 4, f1), n2 = frame_of(af_be, 4, f2);
	size_t n3 = frame_of(af6_le, 4, f3), n4 = frame_of(af6_be, 4, f4);
	struct frame null[] = { { f1, n1, 0, 0 }, { f2, n2, 0, 0 }, { f3, n3, 0, 0 },
				{ f1, 3, 0, 0 } };
	struct frame loop[] = { { f2, n2, 0, 0 }, { f1, n1, 0, 0 }, { f4, n4, 0, 0 } };
	struct frame raw4[] = { { ip4, sizeof(ip4), 0, 0 } };
	struct ik_cap_reader *r;
	struct cap c;

	(void)state;
	r = cap_frames(DLT_NULL, null, 4, &c);
	expect_ip4(r, "loopback", 4, 0);
	expect_ip4(r, "loopback", 4, 0); /* either order will do for NULL */
	expect_ip4(r, "loopback", 4, 0); /* 24: AF_INET6 (NetBSD, OpenBSD) */
	expect_skip(r, true, "3-octet loopback frame is too short for its header");
	cap_done(r, &c);

	r = cap_frames(DLT_LOOP, loop, 3, &c);
	expect_ip4(r, "loopback", 4, 0);
	expect_skip(r, false, "loopback frame of address family 33554432");
	expect_ip4(r, "loopback", 4, 0); /* 30: AF_INET6 (macOS) */
	cap_done(r, &c);

	r = cap_frames(DLT_IPV4_, raw4, 1, &c);
	expect_ip4(r, "raw IP", 0, 0);
	cap_done(r, &c);
}

/**
 * test_pcapng() - a hand-made pcapng file: section, Ethernet interface with
 * the default microsecond resolution, one enhanced packet block
 * @state: unused
 */
static void test_pcapng(void **state)
{
	static const uint8_t eth[14] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00 };
	uint8_t ng[256], frame[64];
	size_t flen = frame_of(eth, sizeof(eth), frame), n = 0, epb;
	uint64_t us = 1700000000250000ull;
	struct ik_cap_reader *r;
	struct cap c;
	uint32_t w;

#define PUT32(v) (w = (uint32_t)(v), memcpy(ng + n, &w, 4), n += 4) /* host order */
	(void)state;
	PUT32(0x0a0d0d0a); /* section header block */
	PUT32(28);
	PUT32(0x1a2b3c4d);
	PUT32(1); /* version 1.0 */
	PUT32(0xffffffff); /* section length unknown */
	PUT32(0xffffffff);
	PUT32(28);
	PUT32(1); /* interface description block */
	PUT32(20);
	PUT32(DLT_EN10MB); /* link type, then 2 reserved octets */
	PUT32(65535);
	PUT32(20);
	epb = 32 + ((flen + 3) & ~(size_t)3);
	PUT32(6); /* enhanced packet block */
	PUT32(epb);
	PUT32(0);
	PUT32(us >> 32);
	PUT32(us);
	PUT32(flen);
	PUT32(flen);
	memset(ng + n, 0, (flen + 3) & ~(size_t)3);
	memcpy(ng + n, frame, flen);
	n += (flen + 3) & ~(size_t)3;
	PUT32(epb);
#undef PUT32
	assert_true(ik_cap_is_capture(ng, n));
	c.buf = (char *)ng;
	c.len = n;
	r = cap_open(&c, c.len);
	assert_int_equal(ik_cap_link(r), DLT_EN10MB);
	{
		char err[IK_CAP_ERRBUF];
		struct ik_cap_pkt p;

		assert_int_equal(ik_cap_next(r, &p, err), 1);
		assert_int_equal(p.sec, 1700000000);
		assert_int_equal(p.nsec, 250000000);
		assert_memory_equal(p.data, ip4, sizeof(ip4));
	}
	expect_end(r);
}

/**
 * test_truncated_file() - a capture cut inside its last record: the frames
 * before it, then -IK_ETRUNC with libpcap's reason
 * @state: unused
 */
static void test_truncated_file(void **state)
{
	struct frame fr[] = { { ip4, sizeof(ip4), 0, 0 }, { ip4, sizeof(ip4), 0, 0 } };
	char err[IK_CAP_ERRBUF];
	struct ik_cap_reader *r;
	struct ik_cap_pkt p;
	struct cap c;

	(void)state;
	c = cap_write(DLT_RAW, fr, 2);
	r = cap_open(&c, c.len - 5);
	expect_ip4(r, "raw IP", 0, 0);
	err[0] = 0;
	assert_int_equal(ik_cap_next(r, &p, err), -IK_ETRUNC);
	assert_true(strlen(err) > 0);
	ik_cap_close(r);
	free(c.buf);
}

/**
 * test_unsupported() - 802.11 frames: the reader opens but will not hand
 * out frames; ik_cap_strip() calls such a frame unreadable
 * @state: unused
 */
static void test_unsupported(void **state)
{
	struct frame fr[] = { { ip4, sizeof(ip4), 0, 0 } };
	char err[IK_CAP_ERRBUF];
	struct ik_cap_reader *r;
	struct ik_cap_pkt p;
	struct cap c;

	(void)state;
	assert_false(ik_cap_link_supported(DLT_IEEE802_11));
	assert_true(ik_cap_link_supported(DLT_EN10MB));
	r = cap_frames(DLT_IEEE802_11, fr, 1, &c);
	assert_int_equal(ik_cap_link(r), DLT_IEEE802_11);
	assert_int_equal(ik_cap_next(r, &p, err), -IK_ETYPE);
	assert_string_equal(err, "link type IEEE802_11 (105) is not supported");
	ik_cap_close(r);
	free(c.buf);

	memset(&p, 0, sizeof(p));
	assert_int_equal(ik_cap_strip(DLT_IEEE802_11, ip4, sizeof(ip4), &p), -1);
	assert_string_equal(p.bad, "link type 105 is not supported");
	assert_null(p.data);
}

/**
 * test_strip_resets() - ik_cap_strip() on a reused packet leaves nothing
 * from the frame before
 * @state: unused
 */
static void test_strip_resets(void **state)
{
	static const uint8_t vlan[] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x81, 0x00,
					0x00, 0x0a, 0x08, 0x06 };
	struct ik_cap_pkt p;

	(void)state;
	memset(&p, 0, sizeof(p));
	assert_int_equal(ik_cap_strip(DLT_EN10MB, vlan, sizeof(vlan), &p), 1);
	assert_int_equal(p.vlans, 1);
	assert_string_equal(p.skip, "Ethernet frame, EtherType 0x0806 (ARP)");
	assert_int_equal(ik_cap_strip(DLT_RAW, ip4, sizeof(ip4), &p), 0);
	assert_int_equal(p.vlans, 0);
	assert_string_equal(p.skip, "");
	assert_ptr_equal(p.data, ip4);
	assert_int_equal(p.len, sizeof(ip4));
}

/**
 * test_not_capture() - magic numbers; text, an empty stream and a missing
 * file do not open
 * @state: unused
 */
static void test_not_capture(void **state)
{
	static const uint8_t magics[][4] = {
		{ 0xa1, 0xb2, 0xc3, 0xd4 }, { 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },
		{ 0x4d, 0x3c, 0xb2, 0xa1 }, { 0x0a, 0x0d, 0x0d, 0x0a },
	};
	char text[] = "45 00 00 1c 12 34 00 00 40 01 00 00 c0 00 02 01\n";
	char err[IK_CAP_ERRBUF];
	FILE *f;

	(void)state;
	for (size_t i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		assert_true(ik_cap_is_capture(magics[i], 4));
	assert_false(ik_cap_is_capture(magics[0], 3));
	assert_false(ik_cap_is_capture((const uint8_t *)text, strlen(text)));

	f = fmemopen(text, strlen(text), "rb");
	assert_non_null(f);
	err[0] = 0;
	assert_null(ik_cap_open_stream(f, err));
	assert_true(strlen(err) > 0);
	fclose(f); /* still ours */
	err[0] = 0;
	assert_null(ik_cap_open("/nonexistent/ik-capread.pcap", err));
	assert_true(strlen(err) > 0);
	assert_null(ik_cap_open(NULL, err));
	assert_null(ik_cap_open_stream(NULL, err));
	ik_cap_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer_raw),   cmocka_unit_test(test_ethernet),
		cmocka_unit_test(test_cooked),       cmocka_unit_test(test_loopback),
		cmocka_unit_test(test_pcapng),       cmocka_unit_test(test_truncated_file),
		cmocka_unit_test(test_unsupported),  cmocka_unit_test(test_strip_resets),
		cmocka_unit_test(test_not_capture),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
