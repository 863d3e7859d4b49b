/*
 * A bump allocator: every node and string of one loaded document comes from
 * one arena, and sf_arena_free releases them all at once.
 */
#ifndef SF_ARENA_H
#define SF_ARENA_H

#include <stddef.h>

struct sf_arena;

struct sf_arena *sf_arena_new(void);
void sf_arena_free(struct sf_arena *a);
/* Forget every allocation, keeping one block for the next ones. */
void sf_arena_reset(struct sf_arena *a);
/* Zeroed memory, aligned for any type; never NULL (fatal on OOM). */
void *sf_arena_alloc(struct sf_arena *a, size_t n);
/* A copy of s in a; NULL for NULL, so that an optional field copies as
 * it is. */
char *sf_arena_strdup(struct sf_arena *a, const char *s);
char *sf_arena_strndup(struct sf_arena *a, const char *s, size_t n);
/* Copies of arrays of n elements of size bytes, and of n strings each
 * copied too: NULL stays NULL, and an empty array does not (a copy keeps
 * what was there to the letter). */
void *sf_arena_memdup(struct sf_arena *a, const void *v, size_t n,
    size_t size);
const char **sf_arena_strvdup(struct sf_arena *a, const char *const *v,
    size_t n);
char *sf_arena_printf(struct sf_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for tests and benchmarks). */
size_t sf_arena_used(const struct sf_arena *a);

#endif
