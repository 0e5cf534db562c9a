// SPDX-License-Identifier: MIT
/**
 * DOC: large tables the packet path reads at random
 *
 * With 100,000 sockets, the socket pool is 3.2 MB: on 4 KiB pages that is
 * 800 pages, and each datagram to a random socket would also miss in the
 * TLB. Tables of 2 MiB or more are therefore aligned on 2 MiB and
 * offered to the kernel as transparent huge pages (a hint: where THP is
 * off, they are ordinary pages, and nothing else changes).
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "stack/internal.h"

#define HUGE_PAGE (2u << 20)

/**
 * ik_table_alloc() - memory for a large table, line-aligned, huge pages
 * hinted when it is large
 * @size: octets (not zeroed)
 *
 * Return: the memory (free it with free()), or NULL.
 */
void *ik_table_alloc(size_t size)
{
	void *p;

	if (size < HUGE_PAGE)
		return aligned_alloc(64, (size + 63) & ~(size_t)63);
	size = (size + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
	p = aligned_alloc(HUGE_PAGE, size);
	if (p)
		(void)madvise(p, size, MADV_HUGEPAGE);
	return p;
}
