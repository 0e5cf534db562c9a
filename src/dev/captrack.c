// SPDX-License-Identifier: MIT
/* captrack.c - a capture file cut back to its last whole record after a
 * failed write, and the records lost counted */
#include <stdio_ext.h>
#include <unistd.h>

#include "captrack.h"

/**
 * ik_captrack_fail() - cut the file back to its last whole record, drop
 * stdio's buffer, count the records lost
 * @t: tracker; @f: the stream
 *
 * The kernel's file offset is what write() took; every record that ends
 * after it is lost (or cut short: removed). Records older than the ring
 * all end before it while stdio's buffer holds fewer records than the
 * ring.
 *
 * Return: records handed to stdio that are not in the file.
 */
uint64_t ik_captrack_fail(const struct ik_captrack *t, FILE *f)
{
	int fd = fileno(f);
	off_t pos = fd >= 0 ? lseek(fd, 0, SEEK_CUR) : -1;
	uint64_t n = t->nrec < IK_CAPTRACK_RING ? t->nrec : IK_CAPTRACK_RING;
	uint64_t lost = 0, keep = t->head;
	uint64_t i;

	__fpurge(f);
	if (pos < 0)
		return t->nrec; /* not a seekable file: nothing can be said */
	for (i = 0; i < n; i++) {
		uint64_t end = t->ends[(t->nrec - 1 - i) % IK_CAPTRACK_RING];

		if (end <= (uint64_t)pos) {
			keep = end;
			break;
		}
		lost++;
	}
	if (i == n && t->nrec > n)
		keep = (uint64_t)pos; /* older than the ring: taken as whole */
	if (keep < (uint64_t)pos && ftruncate(fd, (off_t)keep) == 0)
		lseek(fd, (off_t)keep, SEEK_SET);
	return lost;
}
