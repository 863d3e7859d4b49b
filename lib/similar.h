/*
 * Text similarity that works on Chinese: the Dice coefficient of the sets
 * of character bigrams (punctuation and white space dropped, ASCII folded
 * to lower case). An index answers "which indexed texts are at least t
 * similar to this one" without comparing every pair: candidates come from
 * prefix filtering on the rarest bigrams, then each is verified exactly.
 *
 * Used by sanfen-screen (五个不上会: already-coordinated similar issues) and
 * sanfen-report (common problems).
 */
#ifndef SF_SIMILAR_H
#define SF_SIMILAR_H

#include <stddef.h>

struct sf_simindex;

struct sf_simhit {
	size_t doc;		/* index in the order of sf_simindex_add */
	const char *id;		/* the id given to sf_simindex_add */
	double score;		/* Dice, 0..1 */
};

/* An index for threshold t (0 < t <= 1). */
struct sf_simindex *sf_simindex_new(double t);
void sf_simindex_free(struct sf_simindex *x);
/* Add a text under id (both copied). Call before sf_simindex_build. */
void sf_simindex_add(struct sf_simindex *x, const char *id, const char *text);
/* Order the bigrams and build the postings; after this, query only. */
void sf_simindex_build(struct sf_simindex *x);
size_t sf_simindex_size(const struct sf_simindex *x);

/*
 * Every indexed text at least t similar to text, best first (ties by
 * insertion order); *hits is malloc'd (free it), the count returned.
 * skip, when not (size_t)-1, leaves out that document (self-joins).
 */
size_t sf_simindex_query(const struct sf_simindex *x, const char *text,
    size_t skip, struct sf_simhit **hits);

/* The indexed texts added before indexed text doc and at least t similar
 * to it: the self-join that finds groups, each pair once. */
size_t sf_simindex_query_earlier(const struct sf_simindex *x, size_t doc,
    struct sf_simhit **hits);

/* The similarity of two texts, computed directly. */
double sf_similarity(const char *a, const char *b);

/* Bigrams counted for a text (distinct), for tests and explanations. */
size_t sf_bigram_count(const char *text);

#endif
