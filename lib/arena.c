#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

#define SF_ARENA_BLOCK 8192
#define SF_ARENA_ALIGN 16

struct sf_arena_block {
	struct sf_arena_block *next;
	size_t size;
	size_t used;
	/* followed by the memory, aligned */
};

struct sf_arena {
	struct sf_arena_block *head;
	size_t total;
};

/* Header size rounded up so that the data that follows stays aligned. */
#define SF_ARENA_HDR \
	((sizeof(struct sf_arena_block) + SF_ARENA_ALIGN - 1) & \
	    ~(size_t)(SF_ARENA_ALIGN - 1))

struct sf_arena *
sf_arena_new(void)
{
	return xcalloc(1, sizeof(struct sf_arena));
}

void
sf_arena_free(struct sf_arena *a)
{
	struct sf_arena_block *b, *next;

	if (!a)
		return;
	for (b = a->head; b; b = next) {
		next = b->next;
		free(b);
	}
	free(a);
}

void
sf_arena_reset(struct sf_arena *a)
{
	struct sf_arena_block *b, *next;

	if (!a->head)
		return;
	for (b = a->head->next; b; b = next) {
		next = b->next;
		free(b);
	}
	a->head->next = NULL;
	a->head->used = 0;
	a->total = 0;
}

void *
sf_arena_alloc(struct sf_arena *a, size_t n)
{
	struct sf_arena_block *b = a->head;
	char *p;

	n = (n + SF_ARENA_ALIGN - 1) & ~(size_t)(SF_ARENA_ALIGN - 1);
	if (!n)
		n = SF_ARENA_ALIGN;
	if (!b || b->size - b->used < n) {
		size_t size = n > SF_ARENA_BLOCK / 2 ? n : SF_ARENA_BLOCK;

		if (size > (size_t)-1 - SF_ARENA_HDR)
			xmalloc((size_t)-1);
		b = xmalloc(SF_ARENA_HDR + size);
		b->size = size;
		b->used = 0;
		/* a big one-off block goes behind the current one */
		if (size > SF_ARENA_BLOCK && a->head) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	p = (char *)b + SF_ARENA_HDR + b->used;
	b->used += n;
	a->total += n;
	memset(p, 0, n);
	return p;
}

char *
sf_arena_strndup(struct sf_arena *a, const char *s, size_t n)
{
	char *p = sf_arena_alloc(a, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
sf_arena_strdup(struct sf_arena *a, const char *s)
{
	return s ? sf_arena_strndup(a, s, strlen(s)) : NULL;
}

void *
sf_arena_memdup(struct sf_arena *a, const void *v, size_t n, size_t size)
{
	void *p;

	if (!v)
		return NULL;
	p = sf_arena_alloc(a, (n ? n : 1) * size);
	memcpy(p, v, n * size);
	return p;
}

const char **
sf_arena_strvdup(struct sf_arena *a, const char *const *v, size_t n)
{
	const char **w = sf_arena_memdup(a, v, n, sizeof(*v));
	size_t i;

	for (i = 0; i < n; i++)
		w[i] = sf_arena_strdup(a, v[i]);
	return w;
}

char *
sf_arena_printf(struct sf_arena *a, const char *fmt, ...)
{
	va_list ap;
	char small[256], *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return sf_arena_strdup(a, "");
	p = sf_arena_alloc(a, (size_t)n + 1);
	if ((size_t)n < sizeof(small)) {
		memcpy(p, small, (size_t)n + 1);
		return p;
	}
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t
sf_arena_used(const struct sf_arena *a)
{
	return a->total;
}
