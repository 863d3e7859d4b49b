#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "cache.h"
#include "error.h"
#include "issue.h"
#include "meeting.h"
#include "query.h"
#include "report.h"
#include "score.h"
#include "xalloc.h"

struct ctx {
	struct sf_ledger *l;
	struct sf_scores *s;
	const char *until;	/* overdue as of: today or the period's end */
	unsigned char (*passed)[5];	/* unit x quarter: something passed */
};

static struct sf_unit_score *
of(struct ctx *c, const char *id)
{
	size_t i;

	for (i = 0; id && i < c->s->n; i++)
		if (strcmp(c->s->v[i].unit->id, id) == 0)
			return &c->s->v[i];
	return NULL;
}

static int
in_period(const struct ctx *c, const char *date)
{
	return date && strcmp(date, c->s->from) >= 0 &&
	    strcmp(date, c->s->to) <= 0;
}

static int
each_issue(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct ctx *c = ctx;
	struct sf_unit_score *u;
	const struct sf_issue *is = it->is;
	size_t t, q;

	if (!it->id || !is)
		return 0;
	if (in_period(c, is->submitted) && (u = of(c, is->submitter))) {
		u->submitted++;
		u->coordinated += sf_status_decided(is->status);
		if (is->status != SF_ST_SUBMITTED &&
		    is->status != SF_ST_REJECTED &&
		    is->status != SF_ST_WITHDRAWN) {
			q = (size_t)(atoi(is->submitted + 5) - 1) / 3;
			c->passed[u - c->s->v][q] = 1;
		}
	}
	/* a city's problem brought by leaders or inspection, not the city */
	if (in_period(c, is->submitted) && sf_status_decided(is->status) &&
	    is->source != SF_SRC_UNIT && is->city >= 0 &&
	    (u = of(c, sf_units_city(c->l->units, is->city) ?
	    sf_units_city(c->l->units, is->city)->id : NULL)))
		u->missed_discovery++;
	for (t = 0; t < is->ntasks; t++) {
		const struct sf_task *k = &is->tasks[t];

		if (!in_period(c, k->due) || !(u = of(c, k->lead)))
			continue;
		u->tasks++;
		if (k->status == SF_TASK_DONE)
			*(k->done && strcmp(k->done, k->due) <= 0 ?
			    &u->on_time : &u->late) += 1;
		else if (strcmp(k->due, c->until) < 0)
			u->overdue++;
	}
	return 0;
}

static int
each_meeting(const char *rel, const char *id, void *ctx)
{
	struct ctx *c = ctx;
	struct sf_meeting *m;
	struct sf_unit_score *u;
	size_t i;

	if (!id || sf_ledger_load_meeting(c->l, id, &m) < 0)
		return 0;
	if (m->held && in_period(c, m->held))
		for (i = 0; i < m->nattendees; i++)
			if ((u = of(c, m->attendees[i].unit)))
				u->attended++;
	sf_meeting_free(m);
	(void)rel;
	return 0;
}

static int
by_score(const void *a, const void *b)
{
	const struct sf_unit_score *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->unit < y->unit ? -1 : x->unit > y->unit;
}

int
sf_scores_collect(struct sf_ledger *l, const char *period,
    struct sf_scores *s)
{
	const struct sf_config *cf = l->config;
	struct ctx c;
	size_t i, q, nq;
	int rc, first, last;

	memset(s, 0, sizeof(*s));
	if (sf_period_range(period, s->from, s->to) < 0)
		return sf_error(SF_EINVALID, "invalid period '%s' (expected "
		    "2024, 2024H1, 2024Q3 or 2024-10)", period);
	s->v = xcalloc(l->units->n + 1, sizeof(*s->v));
	for (i = 0; i < l->units->n; i++)
		if (l->units->v[i].kind == SF_UK_CITY ||
		    l->units->v[i].kind == SF_UK_DEPARTMENT)
			s->v[s->n++].unit = &l->units->v[i];
	memset(&c, 0, sizeof(c));
	c.l = l;
	c.s = s;
	c.until = strcmp(l->today, s->to) < 0 ? l->today : s->to;
	c.passed = xcalloc(s->n + 1, sizeof(*c.passed));
	if ((rc = sf_issues_scan(l, NULL, each_issue, &c, NULL)) < 0 ||
	    (rc = sf_meetings_walk(l, each_meeting, &c)) < 0) {
		free(c.passed);
		return rc;
	}
	/* the quarters of the period that have ended by today */
	first = (atoi(s->from + 5) - 1) / 3;
	last = (atoi(s->to + 5) - 1) / 3;
	for (i = 0; i < s->n; i++) {
		struct sf_unit_score *u = &s->v[i];

		nq = 0;
		if (u->unit->kind == SF_UK_CITY)
			for (q = (size_t)first; q <= (size_t)last; q++) {
				char end[SF_DATE_LEN + 1], qs[8];
				char start[SF_DATE_LEN + 1];

				snprintf(qs, sizeof(qs), "%.4sQ%zu", s->from,
				    q + 1);
				sf_quarter_range(qs, start, end);
				if (strcmp(end, l->today) < 0 &&
				    !c.passed[i][q])
					nq++;
			}
		u->missed_quarters = nq;
		u->deductions = (int)u->missed_discovery *
		    cf->deduct_missed_discovery + (int)nq *
		    cf->deduct_missed_submission + (int)u->overdue *
		    cf->deduct_missed_task;
		u->score = 100 - u->deductions;
	}
	free(c.passed);
	qsort(s->v, s->n, sizeof(*s->v), by_score);
	for (i = 0; i < s->n; i++)
		s->v[i].rank = i && s->v[i].score == s->v[i - 1].score ?
		    s->v[i - 1].rank : (int)i + 1;
	return 0;
}

void
sf_scores_release(struct sf_scores *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}
