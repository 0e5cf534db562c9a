// SPDX-License-Identifier: MIT
/*
 * fuzz_capread.c - libFuzzer target: the capture reader behind `icmpkit
 * report` and `decode` (src/dev/capread.c over the lazily loaded libpcap),
 * fed the input as a pcap or pcapng file through ik_cap_open_stream() on
 * fmemopen(), every frame read to the end
 *
 * Contract checked: ik_cap_next() returns 1, 0 or -IK_ETYPE / -IK_ETRUNC
 * with a NUL-terminated reason; a frame's datagram lies inside the frame,
 exactly one of datagram,
 * skip and bad is set; the datagram dissects without reading outside it;
 * the input's frames are finite (no more frames than octets).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "icmpkit/capread.h"
#include "icmpkit/dissect.h"
#include "icmpkit/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what)
{
	fprintf(stderr, "fuzz_capread: contract broken: %s\n", what);
	__builtin_trap();
}

#define CHECK(cond) do { if (!(cond)) broken(#cond); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ik_dissection d;
	char err[IK_CAP_ERRBUF];
	struct ik_cap_reader *r;
	struct ik_cap_pkt p;
	size_t frames = 0;
	void *copy;
	FILE *f;
	int rc;

	if (!size)
		return 0;
	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	f = fmemopen(copy, size, "rb");
	if (!f) {
		free(copy);
		return 0;
	}
	err[0] = 0;
	r = ik_cap_open_stream(f, err);
	if (!r) {
		CHECK(memchr(err, 0, sizeof(err)) != NULL);
		fclose(f);
		free(copy);
		return 0;
	}
	(void)ik_cap_link(r);
	while ((rc = ik_cap_next(r, &p, err)) == 1) {
		CHECK(++frames <= size);
		CHECK(p.has_time);
		CHECK(memchr(p.skip, 0, sizeof(p.skip)) && memchr(p.bad, 0, sizeof(p.bad)));
		CHECK(!!p.data + !!p.skip[0] + !!p.bad[0] == 1);
		if (p.data) {
			CHECK(p.data >= p.frame && p.data + p.len <= p.frame + p.frame_cap);
			CHECK(ik_dissect_ip(&d, p.data, p.len) >= 0);
		}
	}
	CHECK(rc == 0 || rc == -IK_ETYPE || rc == -IK_ETRUNC);
	if (rc)
		CHECK(memchr(err, 0, sizeof(err)) != NULL && err[0]);
	ik_cap_close(r);
	free(copy);
	return 0;
}
