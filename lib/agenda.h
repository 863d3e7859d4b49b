/*
 * Preparing meetings (Art. 2-7): which accepted issues go on an agenda,
 * the 通报 of earlier meetings (Art. 4), the period review for half-yearly
 * and yearly meetings (回头看, Art. 2-3), and the Art. 7 quota of a
 * quarter.
 *
 * Each of the four comes in two layers: a _collect function that reads
 * the ledger as committed (the issues from one scan of the query cache,
 * lib/cache.h, the meetings from HEAD's tree, lib/committed.h), each file
 * once, and the steps it is made of, which take issues and meetings
 * already in memory (and are what the unit tests drive).
 */
#ifndef SF_AGENDA_H
#define SF_AGENDA_H

#include <stddef.h>

#include "date.h"
#include "enums.h"
#include "ledger.h"

struct sf_issue;
struct sf_meeting;
struct sf_config;
struct sf_buf;

/* Candidates: accepted issues on no meeting. Strings are malloc'd. */
struct sf_candidate {
	char *id;
	char *submitted;
	int score;		/* the screening score, 0 when unscreened */
	int subject;		/* enum sf_subject */
	int city;		/* enum sf_city, -1 when none */
	struct sf_issue *is;	/* the whole issue, when it was kept */
};

struct sf_candidates {
	struct sf_candidate *v;
	size_t n, alloc;
};

/* Adds is to c when it is accepted and on no meeting; 1 when added. */
int sf_candidates_offer(struct sf_candidates *c, const struct sf_issue *is);
/* Agenda order: best score first, then the older submission, then id. */
void sf_candidates_sort(struct sf_candidates *c);
void sf_candidates_clear(struct sf_candidates *c);

/* The 通报 (Art. 4): per earlier meeting, and the tasks overdue. */
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
	char *lead;		/* unit id */
	char due[SF_DATE_LEN + 1];
	long days;		/* days past due on the briefing's date */
};

struct sf_briefing {
	struct sf_brief_meeting *m;	/* by id, so by date */
	size_t nm, am;
	struct sf_brief_overdue *o;	/* most overdue first, once sorted */
	size_t no, ao;
};

/*
 * The 通报 as of date: every meeting dated before it whose minutes were
 * issued, the issues each coordinated (coordinated, escalated or closed
 * since), their tasks, and the open tasks of issues not closed that were
 * due before date. b is initialised here; free it with sf_briefing_clear.
 */
int sf_briefing_collect(struct sf_ledger *l, const char *date,
    struct sf_briefing *b);
/* The steps (b zeroed first): add_meeting counts m when it is issued and
 * dated before date (1 when taken); add_issue counts is under the meeting
 * of b it names, if any; sort puts the overdue tasks in order. */
int sf_briefing_add_meeting(struct sf_briefing *b,
    const struct sf_meeting *m, const char *date);
void sf_briefing_add_issue(struct sf_briefing *b, const struct sf_issue *is,
    const char *date);
void sf_briefing_sort(struct sf_briefing *b);
void sf_briefing_clear(struct sf_briefing *b);

/* The 回头看 (Art. 2-3): counts over the issues submitted in a period. */
struct sf_review {
	char from[SF_DATE_LEN + 1], to[SF_DATE_LEN + 1];
	size_t total;
	size_t status[SF_ST_COUNT];
	size_t city[SF_CITY_COUNT];
	size_t subject[SF_SUBJ_COUNT];
	size_t program[SF_PROG_COUNT];
	size_t topic[SF_TOPIC_COUNT];
};

/*
 * The period a meeting of kind on date reviews: the half-year of date
 * (Jan-Jun or Jul-Dec) for a half-yearly meeting, its year for a yearly
 * one. 0, or -1 for the kinds that review nothing (or a bad date).
 */
int sf_review_period(int kind, const char *date, char from[SF_DATE_LEN + 1],
    char to[SF_DATE_LEN + 1]);
/* The steps: init zeroes r for the period, add counts is if it is in it. */
void sf_review_init(struct sf_review *r, const char *from, const char *to);
void sf_review_add(struct sf_review *r, const struct sf_issue *is);

/* The Art. 7 quota of a quarter. */
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
 * in the quarter (not deferred there), each counted once, against the
 * config's minimums. SF_EINVALID for a bad quarter. Free with
 * sf_quota_clear.
 */
int sf_quota_collect(struct sf_ledger *l, const char *quarter,
    struct sf_quota *q);
/*
 * What sanfen-agenda new reads, each file once: every candidate of the
 * ledger as committed, in agenda order, the first take of them with their
 * whole issue (is; only those are held whole, however many wait), and q,
 * the quota of quarter once those are on a meeting of it. The quarter's
 * meetings are read from HEAD's tree, and their issues come from the one
 * scan that finds the candidates. sf_quota_collect is the same with
 * take 0. Free with sf_candidates_clear and sf_quota_clear.
 */
int sf_agenda_read(struct sf_ledger *l, const char *quarter, size_t take,
    struct sf_candidates *cand, struct sf_quota *q);
/* The steps: init zeroes q for quarter (SF_EINVALID for a bad one);
 * count counts an issue the caller found on a meeting of the quarter;
 * gaps records what is short of cfg's minimums and, for each gap, the
 * issues of all (in its order) that would fill it. */
int sf_quota_init(struct sf_quota *q, const char *quarter);
void sf_quota_count(struct sf_quota *q, const struct sf_issue *is);
void sf_quota_gaps(struct sf_quota *q, const struct sf_config *cfg,
    const struct sf_candidates *all);
void sf_quota_clear(struct sf_quota *q);

/*
 * What sanfen-agenda show prints of meeting m, from one scan of the
 * ledger as committed (so an issue both coordinated earlier and
 * submitted in the period is read once): the whole issue of each item
 * (NULL for one that has no issue file that reads), the 通报 as of m's
 * date and, for the kinds that review a period, the 回头看. Free with
 * sf_agenda_view_clear.
 */
struct sf_agenda_view {
	struct sf_issue **items;	/* one per item of m */
	size_t nitems;
	struct sf_briefing b;
	struct sf_review r;
	int review;			/* r holds the 回头看 */
};

int sf_agenda_view_collect(struct sf_ledger *l, const struct sf_meeting *m,
    struct sf_agenda_view *v);
void sf_agenda_view_clear(struct sf_agenda_view *v);

/* Documents, in Chinese Markdown ready to paste (lib/agenda_doc.c). */
/* The 议题清单 of m, its 通报 and, when it has one, the 回头看. */
void sf_agenda_md(struct sf_ledger *l, const struct sf_meeting *m,
    const struct sf_agenda_view *v, struct sf_buf *out);
/* The 通报 section alone (also in the minutes). */
void sf_briefing_md(struct sf_ledger *l, const struct sf_briefing *b,
    struct sf_buf *out);

#endif
