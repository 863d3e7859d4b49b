/*
 * Preparing meetings (Art. 2-7): which accepted issues go on an agenda,
 * the 通报 of earlier meetings (Art. 4), the period review for half-yearly
 * and yearly meetings (回头看, Art. 2-3), and the Art. 7 quota of a
 * quarter. Each walks the ledger once, holding one file at a time.
 */
#ifndef SF_AGENDA_H
#define SF_AGENDA_H

#include <stddef.h>

#include "date.h"
#include "enums.h"
#include "ledger.h"

struct sf_candidate {
	char *id;
	char *submitted;
	int score;
	int subject;
	int city;
};

struct sf_candidates {
	struct sf_candidate *v;
	size_t n, alloc;
};

/*
 * Accepted issues on no meeting, best screening score first, then the
 * older submission, then the id.
 */
int sf_agenda_candidates(struct sf_ledger *l, struct sf_candidates *out);
void sf_candidates_clear(struct sf_candidates *c);

struct sf_brief_meeting {
	char *id;
	char date[SF_DATE_LEN + 1];
	size_t coordinated;	/* issues coordinated there (not deferred) */
	size_t closed;		/* of those, closed since */
	size_t tasks;
	size_t tasks_done;
};

struct sf_brief_overdue {
	char *issue;
	int task;
	char *action;
	char *lead;
	char due[SF_DATE_LEN + 1];
	long days;
};

struct sf_briefing {
	struct sf_brief_meeting *m;	/* by date */
	size_t nm, am;
	struct sf_brief_overdue *o;	/* most overdue first */
	size_t no, ao;
};

/* The 通报 as of date: every meeting held before it whose minutes were
 * issued, and the tasks of their issues overdue on that date. */
int sf_briefing_collect(struct sf_ledger *l, const char *date,
    struct sf_briefing *b);
void sf_briefing_clear(struct sf_briefing *b);

struct sf_review {
	char from[SF_DATE_LEN + 1], to[SF_DATE_LEN + 1];
	size_t total;
	size_t status[8];
	size_t city[SF_CITY_COUNT];
	size_t subject[4];
	size_t program[14];
	size_t topic[5];
};

/* Counts over the issues submitted from..to (inclusive). */
int sf_review_collect(struct sf_ledger *l, const char *from, const char *to,
    struct sf_review *r);

struct sf_quota {
	char quarter[8];
	char first[SF_DATE_LEN + 1], last[SF_DATE_LEN + 1];
	size_t soe, private_;
	size_t city[SF_CITY_COUNT];
	/* the gaps: subject tokens soe/private, then city tokens */
	const char *missing[2 + SF_CITY_COUNT];
	size_t nmissing;
	/* accepted issues on no meeting that would fill each gap */
	struct sf_candidates fill[2 + SF_CITY_COUNT];
};

/*
 * Art. 7 coverage of a quarter ("2024Q4"): the issues on a meeting dated
 * in the quarter (not deferred there). SF_EINVALID for a bad quarter.
 */
int sf_quota_collect(struct sf_ledger *l, const char *quarter,
    struct sf_quota *q);
void sf_quota_clear(struct sf_quota *q);

/* Documents, in Chinese Markdown ready to paste (lib/agenda_doc.c). */
struct sf_meeting;
struct sf_buf;
/* "| a \| b |": a table cell with '|' and line breaks made safe. */
void sf_md_cell(struct sf_buf *out, const char *s);
/* The 议题清单 of m, its 通报 (b) and, when r is not NULL, the 回头看. */
void sf_agenda_md(struct sf_ledger *l, const struct sf_meeting *m,
    const struct sf_briefing *b, const struct sf_review *r,
    struct sf_buf *out);
/* The 通报 section alone (also in the minutes). */
void sf_briefing_md(struct sf_ledger *l, const struct sf_briefing *b,
    struct sf_buf *out);

#endif
