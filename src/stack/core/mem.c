// SPDX-License-Identifier: MIT
/**
 * DOC: large tables the packet path reads at random
 *
 * With 100,000 sockets, the socket pool is 3.2 MB: on 4 KiB pages that is
 * 800 pages, and each datagram to a random socket would also miss in the
 * TLB. Tables of 2 MiB or more are therefore aligned on 2 MiB and
 * offered to the kernel as transparent huge pages (a hint: where THP is
 * off, they are ordinary pages, and nothing else changes).
 *
 * Tables that must read as zero before anything is written and may stay
 * mostly unwritten (the FIB's 64 MiB first level and its prefix store,
 * the next hops and Redirect-learned routes of a router sized for a
 * million routes) come from anonymous
 * mappings instead (ik_table_zalloc()): the kernel hands out zeroed pages
 * only when first written, so a page never written costs no memory. Such
 * a table starts on 4 KiB pages (a huge page would make a few scattered
 * writes cost 2 MiB each) and, once it has grown into a router's table
 * written nearly everywhere, moves once to huge pages (ik_table_zhuge()).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "stack/internal.h"

#define HUGE_PAGE (2u << 20)

/**
 * page_up() - @a rounded up to a multiple of IK_PAGE_SIZE
 * @a: address or size
 *
 * Return: the rounded value.
 */
static uintptr_t page_up(uintptr_t a)
{
	return (a + IK_PAGE_SIZE - 1) & ~(uintptr_t)(IK_PAGE_SIZE - 1);
}

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

/**
 * thp_available() - whether the kernel gives transparent huge pages to a
 * mapping that asks for them (/sys/kernel/mm/transparent_hugepage/enabled
 * is "always" or "madvise"); read once per process
 *
 * Return: true if so.
 */
static bool thp_available(void)
{
	static int known = -1;
	char line[128] = "";
	FILE *fp;

	if (known >= 0)
		return known;
	fp = fopen("/sys/kernel/mm/transparent_hugepage/enabled", "r");
	if (fp) {
		if (!fgets(line, sizeof(line), fp))
			line[0] = '\0';
		fclose(fp);
	}
	known = strstr(line, "[always]") || strstr(line, "[madvise]");
	return known;
}

/**
 * ik_table_zalloc() - zeroed memory whose pages cost nothing until written
 * @size: octets
 * @huge: offer it to the kernel as transparent huge pages (aligned on
 *        2 MiB): for a table that will be mostly written anyway, where the
 *        TLB reach matters; otherwise huge pages are refused for it, so a
 *        page written costs 4 KiB even where THP is "always"
 * @huge_out: set to whether huge pages were asked for and the kernel has
 *        them (a page written may then cost 2 MiB); may be NULL
 *
 * Return: the memory (release with ik_table_zfree() and the same @size),
 * or NULL.
 */
void *ik_table_zalloc(size_t size, bool huge, bool *huge_out)
{
	size_t len = size ? size : 1, extra = 0;
	uint8_t *p;
	uintptr_t a, b;

	huge = huge && thp_available();
	if (huge)
		extra = HUGE_PAGE;
	p = mmap(NULL, len + extra, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
		 -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	if (huge) {
		/* keep the 2 MiB-aligned part, unmap the rest */
		a = ((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
		b = (uintptr_t)p + len + extra;
		if (a > (uintptr_t)p)
			(void)munmap(p, a - (uintptr_t)p);
		if (b > page_up(a + len))
			(void)munmap((void *)page_up(a + len), b - page_up(a + len));
		p = (uint8_t *)a;
	}
	(void)madvise(p, len, huge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
	if (huge_out)
		*huge_out = huge;
	return p;
}

/**
 * ik_table_zfree() - release ik_table_zalloc() memory; NULL is ignored
 * @p:    the memory
 * @size: the size it was allocated with
 */
void ik_table_zfree(void *p, size_t size)
{
	if (p)
		(void)munmap(p, size ? size : 1);
}

/**
 * ik_table_zdrop() - give the pages of [@p, @p + @size) back to the kernel;
 * they read as zero again and cost nothing until written (the caller has
 * zeroed them, so nothing changes for readers)
 * @p:    page-aligned start inside ik_table_zalloc() memory
 * @size: octets, a multiple of the page size
 */
void ik_table_zdrop(void *p, size_t size)
{
	(void)madvise(p, size, MADV_DONTNEED);
}

/**
 * ik_table_zhuge() - move ik_table_zalloc() memory that was not on huge
 * pages to a new mapping that is (a table that grew into a router's),
 * copying only the pages @written names: the others are zero and stay
 * unwritten in the new mapping too
 * @old:     the memory
 * @size:    its size
 * @written: whether 4 KiB page @page of @old may hold a non-zero octet
 * @ctx:     passed to @written
 *
 * Return: the new memory (@old is released), or NULL when the kernel has
 * no huge pages or no memory (@old is kept and stays valid).
 */
void *ik_table_zhuge(void *old, size_t size, bool (*written)(const void *ctx, size_t page),
		     const void *ctx)
{
	bool huge = false;
	uint8_t *p = ik_table_zalloc(size, true, &huge);
	const uint8_t *o = old;

	if (!p)
		return NULL;
	if (!huge) {
		ik_table_zfree(p, size);
		return NULL;
	}
	for (size_t pg = 0, off = 0; off < size; pg++, off += IK_PAGE_SIZE)
		if (written(ctx, pg))
			memcpy(p + off, o + off, size - off < IK_PAGE_SIZE ? size - off : IK_PAGE_SIZE);
	ik_table_zfree(old, size);
	return p;
}
