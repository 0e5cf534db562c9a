/* SPDX-License-Identifier: MIT */
/* captrack.h - which records of a capture file reached the disk
 * Layer: dev (internal)
 *
 * The capture writers buffer through stdio. When a write fails (a full
 * file system), what stdio had buffered is partly on disk, the last record
 * perhaps cut short. The writers note where each record ends; at the first
 * failure the file is cut back to the end of the last whole record on disk
 * (so it still opens, complete up to it), stdio's buffer is thrown away,
 * and the records that did not make it are counted: exactly, as long as
 * fewer than IK_CAPTRACK_RING records fit in stdio's buffer.
 */
#ifndef ICMPKIT_DEV_CAPTRACK_H
#define ICMPKIT_DEV_CAPTRACK_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define IK_CAPTRACK_RING 2048

/**
 * struct ik_captrack - where the last records end in the file
 * @bytes: octets handed to stdio so far (headers included)
 * @head:  octets of the headers before the first record
 * @nrec:  records handed to stdio so far
 * @ends:  the end offset of the last IK_CAPTRACK_RING records
 */
struct ik_captrack {
	uint64_t bytes;
	uint64_t head;
	uint64_t nrec;
	uint64_t ends[IK_CAPTRACK_RING];
};

/**
 * ik_captrack_head() - octets of file header (not a record) handed to stdio
 * @t: tracker; @n: octets
 */
static inline void ik_captrack_head(struct ik_captrack *t, size_t n)
{
	t->bytes += n;
	t->head = t->bytes;
}

/**
 * ik_captrack_record() - one record of @n octets handed to stdio
 * @t: tracker; @n: octets
 */
static inline void ik_captrack_record(struct ik_captrack *t, size_t n)
{
	t->bytes += n;
	t->ends[t->nrec++ % IK_CAPTRACK_RING] = t->bytes;
}

/**
 * ik_captrack_fail() - after the first failed write: cut @f's file back to
 * its last whole record, drop stdio's buffer, count the records lost
 * @t: tracker; @f: the stream
 *
 * Return: records handed to stdio that are not in the file.
 */
uint64_t ik_captrack_fail(const struct ik_captrack *t, FILE *f);

#endif
