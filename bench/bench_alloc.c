// SPDX-License-Identifier: MIT
/*
 * bench_alloc.c - count every heap allocation of the benchmark process
 *
 * The replacement functions forward to glibc's exported __libc_* entry
 * points, so memory still comes from (and goes back to) glibc's allocator;
 * only a counter is added. glibc calls a replaced malloc for its own
 * internal allocations too, so nothing in the process escapes the count.
 * The benchmark is single-threaded (the peer stack runs without its
 * thread), so a plain counter suffices.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h> /* memalign, pvalloc */
#endif

#include "bench_alloc.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define BENCH_NO_ALLOC_COUNT 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define BENCH_NO_ALLOC_COUNT 1
#endif
#if !defined(__GLIBC__)
#define BENCH_NO_ALLOC_COUNT 1
#endif

#ifndef BENCH_NO_ALLOC_COUNT

static uint64_t n_allocs;

/* glibc's own allocator, under the names it exports for this purpose */
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t size);
extern void __libc_free(void *p);
extern void *__libc_memalign(size_t align, size_t size);
extern void *__libc_valloc(size_t size);
extern void *__libc_pvalloc(size_t size);

/**
 * malloc() - counted malloc
 * @size: octets
 *
 * Return: memory from glibc, or NULL.
 */
void *malloc(size_t size)
{
	n_allocs++;
	return __libc_malloc(size);
}

/**
 * calloc() - counted calloc
 * @n: elements; @size: octets each
 *
 * Return: zeroed memory from glibc, or NULL.
 */
void *calloc(size_t n, size_t size)
{
	n_allocs++;
	return __libc_calloc(n, size);
}

/**
 * realloc() - counted realloc (a resize to 0 frees and does not count)
 * @p: block or NULL; @size: new size
 *
 * Return: the block, or NULL.
 */
void *realloc(void *p, size_t size)
{
	if (size)
		n_allocs++;
	return __libc_realloc(p, size);
}

/**
 * free() - free through glibc (not counted)
 * @p: block or NULL
 */
void free(void *p)
{
	__libc_free(p);
}

/**
 * memalign() - counted memalign
 * @align: alignment; @size: octets
 *
 * Return: memory, or NULL.
 */
void *memalign(size_t align, size_t size)
{
	n_allocs++;
	return __libc_memalign(align, size);
}

/**
 * aligned_alloc() - counted aligned_alloc
 * @align: alignment; @size: octets
 *
 * Return: memory, or NULL.
 */
void *aligned_alloc(size_t align, size_t size)
{
	n_allocs++;
	return __libc_memalign(align, size);
}

/**
 * posix_memalign() - counted posix_memalign
 * @out: result; @align: alignment (a power of two multiple of a pointer);
 * @size: octets
 *
 * Return: 0, EINVAL or ENOMEM.
 */
int posix_memalign(void **out, size_t align, size_t size)
{
	void *p;

	if (!align || (align & (align - 1)) || align % sizeof(void *))
		return EINVAL;
	n_allocs++;
	p = __libc_memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

/**
 * valloc() - counted valloc
 * @size: octets
 *
 * Return: page-aligned memory, or NULL.
 */
void *valloc(size_t size)
{
	n_allocs++;
	return __libc_valloc(size);
}

/**
 * pvalloc() - counted pvalloc
 * @size: octets (rounded up to pages)
 *
 * Return: page-aligned memory, or NULL.
 */
void *pvalloc(size_t size)
{
	n_allocs++;
	return __libc_pvalloc(size);
}

/**
 * bench_alloc_count() - allocations made so far in the process
 *
 * Return: the count.
 */
uint64_t bench_alloc_count(void)
{
	return n_allocs;
}

/**
 * bench_alloc_counted() - whether allocations are being counted
 *
 * Return: true.
 */
bool bench_alloc_counted(void)
{
	return true;
}

#else /* BENCH_NO_ALLOC_COUNT */

/**
 * bench_alloc_count() - allocations made so far (not counted in this build)
 *
 * Return: 0.
 */
uint64_t bench_alloc_count(void)
{
	return 0;
}

/**
 * bench_alloc_counted() - whether allocations are being counted
 *
 * Return: false (sanitizer or non-glibc build).
 */
bool bench_alloc_counted(void)
{
	return false;
}

#endif
