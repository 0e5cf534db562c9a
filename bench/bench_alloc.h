/* SPDX-License-Identifier: MIT */
/**
 * DOC: heap allocation counter for the benchmarks
 *
 * bench_alloc.c replaces malloc, calloc, realloc, free and the aligned
 * allocators for the whole process (glibc's documented "replacing malloc":
 * the C library and every shared object call the replacement too), counts
 * every allocation and hands it to glibc's own allocator. So a benchmark can
 * say how many allocations a timed loop made, counted, not assumed: those of
 * libicmpkit, of the C library on its behalf, and of a peer stack's shared
 * library alike.
 *
 * Under AddressSanitizer (whose runtime must own malloc) the replacement is
 * left out and bench_alloc_counted() says so.
 */
#ifndef ICMPKIT_BENCH_ALLOC_H
#define ICMPKIT_BENCH_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

/**
 * bench_alloc_count() - allocations made so far in the process
 *
 * Every successful or failed call of malloc, calloc, realloc (to a non-zero
 * size), aligned_alloc, memalign, posix_memalign, valloc and pvalloc counts
 * one.
 *
 * Return: the count (0 forever when not counted).
 */
uint64_t bench_alloc_count(void);

/**
 * bench_alloc_counted() - whether allocations are being counted
 *
 * Return: false in a sanitizer build, where the counter is left out.
 */
bool bench_alloc_counted(void);

#endif
