/*
 * Screening (Art. 8): the five exclusions (五个不上会) and the five
 * priorities (五个优先) applied to one submitted issue, with every decision
 * explained. The caller records the result (sf_screen_apply) and commits.
 */
#ifndef SF_SCREEN_H
#define SF_SCREEN_H

#include "buf.h"
#include "config.h"
#include "issue.h"
#include "similar.h"

/* What the screener adds by hand. */
struct sf_screen_opts {
	unsigned exclude;	/* findings: unlawful, market (1u << ex) */
	int not_duplicate;	/* overrule the duplicate finding */
	int typical;		/* 典型性 finding */
	const char *note;
	/* the issues already coordinated that are similar, best first (ties
	 * in path order), when found beforehand: used instead of done */
	const struct sf_simhit *hits;
	size_t nhits;
	int have_hits;
};

enum sf_screen_outcome {
	SF_SCREEN_ACCEPT,	/* -> accepted */
	SF_SCREEN_REJECT,	/* -> rejected */
	SF_SCREEN_RETURN	/* Art. 9 material missing: stays submitted */
};

struct sf_screen_result {
	enum sf_screen_outcome outcome;
	unsigned exclusions;
	unsigned priorities;
	int score;
	unsigned missing;
	struct sf_similar similar[8];	/* best first, at most 8 */
	size_t nsimilar;
	struct sf_buf explain;	/* one line per rule that spoke */
};

/* The text the duplicate rule compares: title and problem. */
void sf_screen_text(const struct sf_issue *is, struct sf_buf *out);

/*
 * Apply the rules to is. done is the index of issues already coordinated
 * (coordinated, escalated or closed), keyed by id, built on
 * sf_screen_text; may be NULL. r->explain must be initialised (sf_buf_init)
 * by the caller and is appended to.
 */
void sf_screen_issue(const struct sf_config *c, const struct sf_simindex *done,
    const struct sf_issue *is, const struct sf_screen_opts *o,
    struct sf_screen_result *r);

/* Record the result in is: screening, status, flags typical. */
void sf_screen_apply(struct sf_issue *is, const struct sf_screen_result *r,
    const char *date, const char *by, const char *note);

#endif
