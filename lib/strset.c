#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strset.h"
#include "xalloc.h"

static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 16777619u;
	}
	return h;
}

void
sf_strset_init(struct sf_strset *s)
{
	memset(s, 0, sizeof(*s));
}

void
sf_strset_clear(struct sf_strset *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	free(s->val);
	sf_strset_init(s);
}

static size_t
find(const struct sf_strset *s, const char *str)
{
	size_t i = hash(str) & (s->cap - 1);

	while (s->slot[i] && strcmp(s->slot[i], str) != 0)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static void
grow(struct sf_strset *s)
{
	struct sf_strset big;
	size_t i, j;

	big.cap = s->cap ? s->cap * 2 : 64;
	big.n = s->n;
	big.slot = xcalloc(big.cap, sizeof(char *));
	big.val = xcalloc(big.cap, sizeof(void *));
	for (i = 0; i < s->cap; i++) {
		if (!s->slot[i])
			continue;
		j = find(&big, s->slot[i]);
		big.slot[j] = s->slot[i];
		big.val[j] = s->val[i];
	}
	free(s->slot);
	free(s->val);
	*s = big;
}

void
sf_strset_put(struct sf_strset *s, const char *str, void *val)
{
	size_t i;

	if ((s->n + 1) * 4 > s->cap * 3)
		grow(s);
	i = find(s, str);
	if (!s->slot[i]) {
		s->slot[i] = xstrdup(str);
		s->n++;
	}
	s->val[i] = val;
}

int
sf_strset_add(struct sf_strset *s, const char *str)
{
	size_t before = s->n;

	if (sf_strset_has(s, str))
		return 0;
	sf_strset_put(s, str, NULL);
	return s->n > before;
}

int
sf_strset_has(const struct sf_strset *s, const char *str)
{
	return s->cap && s->slot[find(s, str)] != NULL;
}

void *
sf_strset_get(const struct sf_strset *s, const char *str)
{
	size_t i;

	if (!s->cap)
		return NULL;
	i = find(s, str);
	return s->slot[i] ? s->val[i] : NULL;
}
