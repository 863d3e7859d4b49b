/*
 * Statistics of a period for the yearly and half-yearly reviews and the
 * monthly 通报 (Art. 2-4): counts, closure rate, durations, breakdowns,
 * the "721" picture, overdue tasks and the common problems (groups of
 * similar issues across cities).
 */
#ifndef SF_REPORT_H
#define SF_REPORT_H

#include "date.h"
#include "enums.h"
#include "ledger.h"
#include "strset.h"
#include "supervise.h"

struct sf_tally {
	size_t submitted, coordinated, closed;
};

struct sf_group {
	char **ids;
	size_t n;
	unsigned cities;	/* 1u << city */
};

struct sf_report {
	char period[16];
	char from[SF_DATE_LEN + 1], to[SF_DATE_LEN + 1];
	size_t total;
	size_t status[SF_ST_COUNT];
	double closure_rate;	/* closed / reached a meeting, 0 when none */
	double to_meeting_median, to_meeting_p90;	/* days, -1: none */
	double to_close_median, to_close_p90;
	struct sf_tally city[SF_CITY_COUNT];
	struct sf_tally subject[SF_SUBJ_COUNT];
	struct sf_tally program[SF_PROG_COUNT];
	struct sf_tally topic[SF_TOPIC_COUNT];
	/* by jurisdiction: the 721 picture */
	struct sf_tally level[SF_LEVEL_COUNT];
	struct sf_strset units;		/* unit id -> struct sf_tally * */
	char **unit_order;
	size_t nunits;
	struct sf_tally month[12];	/* by month of the period's year */
	struct sf_overdue_list overdue;
	struct sf_group *groups;
	size_t ngroups;
	/* working data */
	double *meet_days, *close_days;
	size_t nmeet, nclose, ameet, aclose;
};

/* "2024", "2024H1", "2024Q3" or "2024-10" into the first and last day. */
int sf_period_range(const char *period, char from[SF_DATE_LEN + 1],
    char to[SF_DATE_LEN + 1]);

/* Everything about the issues submitted in period; overdue as of today. */
int sf_report_collect(struct sf_ledger *l, const char *period,
    struct sf_report *r);
void sf_report_release(struct sf_report *r);

#endif
