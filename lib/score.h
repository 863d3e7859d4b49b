/*
 * Art. 14: each unit's part in the meetings and in carrying out what they
 * decided, over a period — issues submitted and coordinated, meetings
 * attended, tasks led and how they were done — with the deductions for
 * 应发现未发现, 应提交未提交 and 应落实未落实 (weights in the config).
 */
#ifndef SF_SCORE_H
#define SF_SCORE_H

#include "ledger.h"

struct sf_unit_score {
	const struct sf_unit *unit;
	size_t submitted, coordinated, attended;
	size_t tasks, on_time, late, overdue;
	size_t missed_discovery;	/* issues it should have found */
	size_t missed_quarters;		/* quarters with nothing accepted */
	int deductions;
	int score;			/* 100 less the deductions */
	int rank;
};

struct sf_scores {
	struct sf_unit_score *v;	/* best first */
	size_t n;
	char from[SF_DATE_LEN + 1], to[SF_DATE_LEN + 1];
};

/* The cities and departments of the registry, scored over period. */
int sf_scores_collect(struct sf_ledger *l, const char *period,
    struct sf_scores *s);
void sf_scores_release(struct sf_scores *s);

#endif
