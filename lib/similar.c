#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "similar.h"
#include "xalloc.h"

/*
 * A document is the sorted set of its bigrams. Before build they are raw
 * 64-bit bigrams; build replaces them by ranks in one global order (rarest
 * first), which prefix filtering needs: two sets with Jaccard >= tj share a
 * token among the first |A| - ceil(tj |A|) + 1 of each in that order.
 * Dice d and Jaccard j are tied by j = d / (2 - d).
 */
struct doc {
	char *id;
	uint64_t *g;		/* bigrams, sorted, distinct; freed by build */
	uint32_t *r;		/* ranks, sorted, after build */
	size_t n;
};

struct gram {			/* open-addressing map bigram -> count/rank */
	uint64_t key;		/* 0: empty (a bigram is never 0) */
	uint32_t count;
	uint32_t rank;
};

struct post {
	uint32_t doc;
	uint32_t pos;		/* the token's place in the doc's order */
};

struct scratch {		/* a query's counters, reset after each */
	int *acc;		/* per doc: tokens shared so far, -1 pruned */
	size_t *touched;
	size_t ntouched;
};

struct sf_simindex {
	double t, tj;
	struct doc *docs;
	size_t ndocs, adocs;
	struct gram *map;
	size_t cap, nmap;
	struct post *post;	/* rank r's postings: post[off[r] .. off[r+1]) */
	size_t *off;
	struct scratch *scratch;
	int built;
};

static int
keep(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_LO || c == UTF8PROC_CATEGORY_LU ||
	    c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
	    c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_ND ||
	    c == UTF8PROC_CATEGORY_NL || c == UTF8PROC_CATEGORY_NO;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The distinct bigrams of text, sorted; *n their count. */
static uint64_t *
bigrams(const char *text, size_t *n)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	utf8proc_ssize_t len = (utf8proc_ssize_t)strlen(text), off = 0, k;
	utf8proc_int32_t cp, prev = -1;
	uint64_t *g = NULL;
	size_t cnt = 0, alloc = 0, i, j;

	while (off < len) {
		k = utf8proc_iterate(s + off, len - off, &cp);
		if (k <= 0) {
			off++;
			prev = -1;
			continue;
		}
		off += k;
		if (!keep(cp)) {
			continue;	/* 项目、审批 reads as 项目审批 */
		}
		if (cp < 128 && cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if (prev >= 0) {
			g = xgrow(g, &alloc, cnt + 1, sizeof(*g));
			g[cnt++] = (uint64_t)prev << 21 | (uint64_t)cp;
		}
		prev = cp;
	}
	if (cnt)
		qsort(g, cnt, sizeof(*g), cmp_u64);
	for (i = j = 0; i < cnt; i++)
		if (!j || g[j - 1] != g[i])
			g[j++] = g[i];
	*n = j;
	/* held until the index is built: no room to spare */
	if (j && j < alloc)
		g = xrealloc(g, j * sizeof(*g));
	return g;
}

size_t
sf_bigram_count(const char *text)
{
	size_t n;

	free(bigrams(text, &n));
	return n;
}

static size_t
shared_u64(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, s = 0;

	while (i < na && j < nb) {
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else {
			s++;
			i++;
			j++;
		}
	}
	return s;
}

double
sf_similarity(const char *a, const char *b)
{
	size_t na, nb, s;
	uint64_t *ga = bigrams(a, &na), *gb = bigrams(b, &nb);

	s = shared_u64(ga, na, gb, nb);
	free(ga);
	free(gb);
	return na + nb ? 2.0 * (double)s / (double)(na + nb) : 0.0;
}

struct sf_simindex *
sf_simindex_new(double t)
{
	struct sf_simindex *x = xcalloc(1, sizeof(*x));

	x->t = t;
	x->tj = t / (2.0 - t);
	return x;
}

void
sf_simindex_free(struct sf_simindex *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < x->ndocs; i++) {
		free(x->docs[i].id);
		free(x->docs[i].g);
		free(x->docs[i].r);
	}
	free(x->docs);
	free(x->map);
	free(x->post);
	free(x->off);
	if (x->scratch) {
		free(x->scratch->acc);
		free(x->scratch->touched);
		free(x->scratch);
	}
	free(x);
}

static size_t
slot(const struct sf_simindex *x, uint64_t key)
{
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 20) &
	    (x->cap - 1);

	while (x->map[i].key && x->map[i].key != key)
		i = (i + 1) & (x->cap - 1);
	return i;
}

/* Room for one more bigram: the map doubles at three quarters full. */
static void
map_reserve(struct sf_simindex *x)
{
	struct gram *old = x->map;
	size_t i, oldcap = x->cap;

	if (x->cap && (x->nmap + 1) * 4 <= x->cap * 3)
		return;
	x->cap = x->cap ? x->cap * 2 : 1024;
	x->map = xcalloc(x->cap, sizeof(*x->map));
	for (i = 0; i < oldcap; i++)
		if (old[i].key)
			x->map[slot(x, old[i].key)] = old[i];
	free(old);
}

void
sf_simindex_add(struct sf_simindex *x, const char *id, const char *text)
{
	struct doc *d;
	size_t j, k;

	x->docs = xgrow(x->docs, &x->adocs, x->ndocs + 1, sizeof(*x->docs));
	d = &x->docs[x->ndocs++];
	memset(d, 0, sizeof(*d));
	d->id = xstrdup(id);
	d->g = bigrams(text, &d->n);
	/* document frequencies as texts come, so the map is sized by the
	 * distinct bigrams, not by all of them */
	for (j = 0; j < d->n; j++) {
		map_reserve(x);
		k = slot(x, d->g[j]);
		if (!x->map[k].key) {
			x->map[k].key = d->g[j];
			x->nmap++;
		}
		x->map[k].count++;
	}
}

size_t
sf_simindex_size(const struct sf_simindex *x)
{
	return x->ndocs;
}


static int
by_df(const void *a, const void *b)
{
	const struct gram *x = *(const struct gram *const *)a;
	const struct gram *y = *(const struct gram *const *)b;

	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return x->key < y->key ? -1 : x->key > y->key;
}

/* How many leading tokens of a set of n must be indexed / probed. */
static size_t
prefix_len(const struct sf_simindex *x, size_t n)
{
	size_t need = (size_t)ceil(x->tj * (double)n - 1e-9);

	if (need > n)
		need = n;
	return n - need + 1 > n ? n : n - need + 1;
}

void
sf_simindex_build(struct sf_simindex *x)
{
	struct gram **order;
	size_t i, j, p, *fill;

	order = xcalloc(x->nmap ? x->nmap : 1, sizeof(*order));
	for (i = j = 0; i < x->cap; i++)
		if (x->map[i].key)
			order[j++] = &x->map[i];
	qsort(order, x->nmap, sizeof(*order), by_df);
	for (i = 0; i < x->nmap; i++)
		order[i]->rank = (uint32_t)i;
	free(order);
	/* each doc's ranks; the postings of the prefixes, counted first and
	 * laid out in one array */
	x->off = xcalloc(x->nmap + 1, sizeof(*x->off));
	for (i = 0; i < x->ndocs; i++) {
		struct doc *d = &x->docs[i];

		d->r = xmalloc((d->n ? d->n : 1) * sizeof(*d->r));
		for (j = 0; j < d->n; j++)
			d->r[j] = x->map[slot(x, d->g[j])].rank;
		free(d->g);
		d->g = NULL;
		qsort(d->r, d->n, sizeof(*d->r), cmp_u32);
		p = prefix_len(x, d->n);
		for (j = 0; j < p && j < d->n; j++)
			x->off[d->r[j] + 1]++;
	}
	for (i = 0; i < x->nmap; i++)
		x->off[i + 1] += x->off[i];
	x->post = xmalloc((x->off[x->nmap] ? x->off[x->nmap] : 1) *
	    sizeof(*x->post));
	fill = xmalloc((x->nmap ? x->nmap : 1) * sizeof(*fill));
	memcpy(fill, x->off, x->nmap * sizeof(*fill));
	for (i = 0; i < x->ndocs; i++) {
		struct doc *d = &x->docs[i];

		p = prefix_len(x, d->n);
		for (j = 0; j < p && j < d->n; j++) {
			struct post *q = &x->post[fill[d->r[j]]++];

			q->doc = (uint32_t)i;
			q->pos = (uint32_t)j;
		}
	}
	free(fill);
	x->scratch = xcalloc(1, sizeof(*x->scratch));
	x->scratch->acc = xcalloc(x->ndocs ? x->ndocs : 1, sizeof(int));
	x->scratch->touched = xmalloc((x->ndocs ? x->ndocs : 1) *
	    sizeof(size_t));
	x->built = 1;
}

static int
by_score(const void *a, const void *b)
{
	const struct sf_simhit *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->doc < y->doc ? -1 : x->doc > y->doc;
}

/* What sorted sets a and b share, or less once it cannot reach need. */
static size_t
shared_u32(const uint32_t *a, size_t na, const uint32_t *b, size_t nb,
    size_t need)
{
	size_t i = 0, j = 0, s = 0;

	while (i < na && j < nb) {
		if (s + (na - i < nb - j ? na - i : nb - j) < need)
			break;
		if (a[i] < b[j])
			i++;
		else if (a[i] > b[j])
			j++;
		else {
			s++;
			i++;
			j++;
		}
	}
	return s;
}

/* ceil(t (n + m) / 2), the overlap a Dice of t needs, without ceil() */
static size_t
overlap_needed(double t, size_t nm)
{
	double v = t * (double)nm / 2.0 - 1e-9;
	size_t k = (size_t)v;

	return (double)k < v ? k + 1 : k;
}

/*
 * Candidates share a token of both prefixes; PPJoin's positional filter
 * drops those that, counting what they share so far and the most they
 * could share after the positions where they met, cannot reach the
 * overlap t (n + m) / 2 that a Dice of t needs. The rest are verified by
 * merging the whole sets.
 */
/* The query proper, on the ranks of a text's known bigrams (sorted) and
 * its count of bigrams n, of which the rest are unknown to the index. */
static size_t
query_ranks(const struct sf_simindex *x, const uint32_t *r, size_t known,
    size_t n, size_t skip, size_t below, struct sf_simhit **hits)
{
	size_t unknown = n - known, i, j, p, nh = 0, ah = 0, nc = 0, ac = 0;
	size_t *cand = NULL, m, rest, need;
	struct scratch *sc = x->scratch;
	int *acc = sc->acc;	/* all 0 between queries; -1: pruned */
	double score;

	p = prefix_len(x, n);
	for (i = 0; i + unknown < p && i < known; i++)
		for (j = x->off[r[i]]; j < x->off[r[i] + 1]; j++) {
			const struct post *q = &x->post[j];
			size_t d = q->doc;

			if (acc[d] < 0 || d == skip || d >= below)
				continue;
			if (acc[d] == 0)
				sc->touched[sc->ntouched++] = d;
			m = x->docs[d].n;
			need = overlap_needed(x->t, n + m);
			rest = n - (i + unknown) - 1;
			if (m - q->pos - 1 < rest)
				rest = m - q->pos - 1;
			if ((size_t)acc[d] + 1 + rest < need) {
				acc[d] = -1;
				continue;
			}
			if (acc[d]++ == 0) {
				cand = xgrow(cand, &ac, nc + 1, sizeof(*cand));
				cand[nc++] = d;
			}
		}
	for (i = 0; i < nc; i++) {
		const struct doc *d = &x->docs[cand[i]];

		if (acc[cand[i]] < 0)
			continue;
		/* the least overlap a Dice of t allows, rounded down */
		need = (size_t)(x->t * (double)(n + d->n) / 2.0 *
		    (1 - 1e-9));
		score = 2.0 * (double)shared_u32(r, known, d->r, d->n, need) /
		    (double)(n + d->n);
		if (score + 1e-12 < x->t)
			continue;
		*hits = xgrow(*hits, &ah, nh + 1, sizeof(**hits));
		(*hits)[nh].doc = cand[i];
		(*hits)[nh].id = d->id;
		(*hits)[nh].score = score;
		nh++;
	}
	if (nh > 1)
		qsort(*hits, nh, sizeof(**hits), by_score);
	for (i = 0; i < sc->ntouched; i++)
		acc[sc->touched[i]] = 0;
	sc->ntouched = 0;
	free(cand);
	return nh;
}

size_t
sf_simindex_query(const struct sf_simindex *x, const char *text, size_t skip,
    struct sf_simhit **hits)
{
	uint64_t *g;
	uint32_t *r;
	size_t n, known = 0, i, nh;

	*hits = NULL;
	if (!x->built || !x->ndocs || !x->nmap)
		return 0;
	g = bigrams(text, &n);
	if (!n) {
		free(g);
		return 0;
	}
	r = xmalloc(n * sizeof(*r));
	for (i = 0; i < n; i++) {
		size_t k = slot(x, g[i]);

		if (x->map[k].key)
			r[known++] = x->map[k].rank;
	}
	qsort(r, known, sizeof(*r), cmp_u32);
	nh = query_ranks(x, r, known, n, skip, (size_t)-1, hits);
	free(r);
	free(g);
	return nh;
}

size_t
sf_simindex_query_earlier(const struct sf_simindex *x, size_t doc,
    struct sf_simhit **hits)
{
	*hits = NULL;
	if (!x->built || doc >= x->ndocs || !x->docs[doc].n)
		return 0;
	return query_ranks(x, x->docs[doc].r, x->docs[doc].n,
	    x->docs[doc].n, doc, doc, hits);
}
