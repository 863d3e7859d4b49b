/*
 * A set of strings (open addressing, FNV-1a): the ids a command has seen,
 * for cross-references and duplicates. Strings are copied.
 */
#ifndef SF_STRSET_H
#define SF_STRSET_H

#include <stddef.h>

struct sf_strset {
	char **slot;
	void **val;
	size_t cap;		/* a power of two, or 0 */
	size_t n;
};

#define SF_STRSET_INIT { NULL, NULL, 0, 0 }

void sf_strset_init(struct sf_strset *s);
void sf_strset_clear(struct sf_strset *s);
/* 1 when s was added, 0 when it was there already. */
int sf_strset_add(struct sf_strset *s, const char *str);
/* Add with a value (replacing an older one); returns the slot's value. */
void sf_strset_put(struct sf_strset *s, const char *str, void *val);
int sf_strset_has(const struct sf_strset *s, const char *str);
/* The value stored with str, or NULL. */
void *sf_strset_get(const struct sf_strset *s, const char *str);

#endif
