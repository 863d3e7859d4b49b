/*
 * Allocation that cannot fail: out of memory is reported on stderr and the
 * process exits with status 1. This is the one place lib/ may exit.
 */
#ifndef SF_XALLOC_H
#define SF_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* Grow *p to hold at least want elements of size sz; *alloc is updated. */
void *xgrow(void *p, size_t *alloc, size_t want, size_t sz);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
