#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "error.h"
#include "issue.h"
#include "meeting.h"
#include "query.h"
#include "strset.h"
#include "xalloc.h"

/* Each walk loads the issue a callback is given; unreadable files are
 * sanfen-check's to report, and are passed over here. */
static struct sf_issue *
load(struct sf_ledger *l, const char *rel)
{
	struct sf_issue *is = NULL;
	char *path = sf_ledger_path(l, rel);

	if (sf_issue_load(path, rel, l->units, &is) < 0)
		is = NULL;
	free(path);
	return is;
}

static void
push_candidate(struct sf_candidates *c, const struct sf_issue *is)
{
	struct sf_candidate *x;

	c->v = xgrow(c->v, &c->alloc, c->n + 1, sizeof(*c->v));
	x = &c->v[c->n++];
	x->id = xstrdup(is->id);
	x->submitted = xstrdup(is->submitted ? is->submitted : "");
	x->score = is->screening ? is->screening->score : 0;
	x->subject = is->subject;
	x->city = is->city;
}

static int
by_rank(const void *a, const void *b)
{
	const struct sf_candidate *x = a, *y = b;
	int c;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if ((c = strcmp(x->submitted, y->submitted)) != 0)
		return c;
	return strcmp(x->id, y->id);
}

struct walk {
	struct sf_ledger *l;
	void *out;
	const char *a, *b;
	struct sf_strset *set;
};

static int
candidate(const char *rel, const char *id, void *ctx)
{
	struct walk *w = ctx;
	struct sf_issue *is;

	if (!id || !(is = load(w->l, rel)))
		return 0;
	if (is->status == SF_ST_ACCEPTED && !is->meeting)
		push_candidate(w->out, is);
	sf_issue_free(is);
	return 0;
}

int
sf_agenda_candidates(struct sf_ledger *l, struct sf_candidates *out)
{
	struct walk w = { l, out, NULL, NULL, NULL };
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = sf_issues_walk(l, candidate, &w)) < 0)
		return rc;
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_rank);
	return 0;
}

void
sf_candidates_clear(struct sf_candidates *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].id);
		free(c->v[i].submitted);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* The 通报 */

static int
brief_meeting(const char *rel, const char *id, void *ctx)
{
	struct walk *w = ctx;
	struct sf_briefing *b = w->out;
	struct sf_meeting *m = NULL;
	struct sf_brief_meeting *x;
	char *path;

	if (!id || strncmp(id, w->a, SF_DATE_LEN) >= 0)
		return 0;
	path = sf_ledger_path(w->l, rel);
	if (sf_meeting_load(path, rel, w->l->units, &m) == 0 &&
	    m->status == SF_MS_ISSUED) {
		b->m = xgrow(b->m, &b->am, b->nm + 1, sizeof(*b->m));
		x = &b->m[b->nm++];
		memset(x, 0, sizeof(*x));
		x->id = xstrdup(id);
		memcpy(x->date, id, SF_DATE_LEN);
		sf_strset_put(w->set, id, (void *)(b->nm));
	}
	sf_meeting_free(m);
	free(path);
	return 0;
}

static int
brief_issue(const char *rel, const char *id, void *ctx)
{
	struct walk *w = ctx;
	struct sf_briefing *b = w->out;
	struct sf_brief_meeting *x;
	struct sf_brief_overdue *o;
	struct sf_issue *is;
	size_t k, t;

	if (!id || !(is = load(w->l, rel)))
		return 0;
	if (!is->meeting || !(k = (size_t)sf_strset_get(w->set, is->meeting))
	    || (is->status != SF_ST_COORDINATED &&
	    is->status != SF_ST_ESCALATED && is->status != SF_ST_CLOSED)) {
		sf_issue_free(is);
		return 0;
	}
	x = &b->m[k - 1];
	x->coordinated++;
	x->closed += is->status == SF_ST_CLOSED;
	for (t = 0; t < is->ntasks; t++) {
		const struct sf_task *task = &is->tasks[t];

		x->tasks++;
		if (task->status == SF_TASK_DONE) {
			x->tasks_done++;
			continue;
		}
		if (is->status == SF_ST_CLOSED || !task->due ||
		    strcmp(task->due, w->a) >= 0)
			continue;
		b->o = xgrow(b->o, &b->ao, b->no + 1, sizeof(*b->o));
		o = &b->o[b->no++];
		o->issue = xstrdup(is->id);
		o->task = task->no;
		o->action = xstrdup(task->action ? task->action : "");
		o->lead = xstrdup(task->lead ? task->lead : "");
		memcpy(o->due, task->due, SF_DATE_LEN + 1);
		o->days = sf_date_days(w->a) - sf_date_days(task->due);
	}
	sf_issue_free(is);
	return 0;
}

static int
by_overdue(const void *a, const void *b)
{
	const struct sf_brief_overdue *x = a, *y = b;
	int c;

	if (x->days != y->days)
		return x->days > y->days ? -1 : 1;
	if ((c = strcmp(x->issue, y->issue)) != 0)
		return c;
	return x->task - y->task;
}

int
sf_briefing_collect(struct sf_ledger *l, const char *date,
    struct sf_briefing *b)
{
	struct sf_strset set = SF_STRSET_INIT;
	struct walk w = { l, b, date, NULL, &set };
	int rc;

	memset(b, 0, sizeof(*b));
	sf_strset_init(&set);
	if ((rc = sf_meetings_walk(l, brief_meeting, &w)) == 0 && b->nm)
		rc = sf_issues_walk(l, brief_issue, &w);
	if (b->no > 1)
		qsort(b->o, b->no, sizeof(*b->o), by_overdue);
	sf_strset_clear(&set);
	return rc;
}

void
sf_briefing_clear(struct sf_briefing *b)
{
	size_t i;

	for (i = 0; i < b->nm; i++)
		free(b->m[i].id);
	for (i = 0; i < b->no; i++) {
		free(b->o[i].issue);
		free(b->o[i].action);
		free(b->o[i].lead);
	}
	free(b->m);
	free(b->o);
	memset(b, 0, sizeof(*b));
}

/* The period review */

static int
review_issue(const char *rel, const char *id, void *ctx)
{
	struct walk *w = ctx;
	struct sf_review *r = w->out;
	struct sf_issue *is;

	/* ids begin with the submission date: skip the rest unread */
	if (!id || strncmp(id, w->a, 4) < 0 || !(is = load(w->l, rel)))
		return 0;
	if (is->submitted && strcmp(is->submitted, w->a) >= 0 &&
	    strcmp(is->submitted, w->b) <= 0) {
		r->total++;
		if (is->status >= 0)
			r->status[is->status]++;
		if (is->city >= 0)
			r->city[is->city]++;
		if (is->subject >= 0)
			r->subject[is->subject]++;
		if (is->program >= 0)
			r->program[is->program]++;
		if (is->topic >= 0)
			r->topic[is->topic]++;
	}
	sf_issue_free(is);
	return 0;
}

int
sf_review_collect(struct sf_ledger *l, const char *from, const char *to,
    struct sf_review *r)
{
	struct walk w = { l, r, from, to, NULL };

	memset(r, 0, sizeof(*r));
	memcpy(r->from, from, SF_DATE_LEN + 1);
	memcpy(r->to, to, SF_DATE_LEN + 1);
	return sf_issues_walk(l, review_issue, &w);
}

/* The Art. 7 quota */

static int
quota_meeting(const char *rel, const char *id, void *ctx)
{
	struct walk *w = ctx;
	struct sf_quota *q = w->out;
	struct sf_meeting *m = NULL;
	struct sf_issue *is;
	char *path;
	size_t i;

	if (!id || strncmp(id, q->first, SF_DATE_LEN) < 0 ||
	    strncmp(id, q->last, SF_DATE_LEN) > 0)
		return 0;
	path = sf_ledger_path(w->l, rel);
	if (sf_meeting_load(path, rel, w->l->units, &m) == 0)
		for (i = 0; i < m->nitems; i++) {
			if (m->items[i].deferred || !sf_strset_add(w->set,
			    m->items[i].issue) || sf_ledger_load_issue(w->l,
			    m->items[i].issue, &is) < 0)
				continue;
			q->soe += is->subject == SF_SUBJ_SOE;
			q->private_ += is->subject == SF_SUBJ_PRIVATE;
			if (is->city >= 0)
				q->city[is->city]++;
			sf_issue_free(is);
		}
	sf_meeting_free(m);
	free(path);
	return 0;
}

static void
gap(struct sf_quota *q, const char *token, const struct sf_candidates *all,
    int subject, int city)
{
	struct sf_candidates *fill = &q->fill[q->nmissing];
	size_t i;

	q->missing[q->nmissing++] = token;
	for (i = 0; i < all->n; i++) {
		const struct sf_candidate *x = &all->v[i];
		struct sf_candidate *y;

		if ((subject >= 0 && x->subject != subject) ||
		    (city >= 0 && x->city != city))
			continue;
		fill->v = xgrow(fill->v, &fill->alloc, fill->n + 1,
		    sizeof(*fill->v));
		y = &fill->v[fill->n++];
		*y = *x;
		y->id = xstrdup(x->id);
		y->submitted = xstrdup(x->submitted);
	}
}

int
sf_quota_collect(struct sf_ledger *l, const char *quarter,
    struct sf_quota *q)
{
	struct sf_strset seen = SF_STRSET_INIT;
	struct walk w = { l, q, NULL, NULL, &seen };
	struct sf_candidates all;
	int rc, c;

	memset(q, 0, sizeof(*q));
	if (sf_quarter_range(quarter, q->first, q->last) < 0)
		return sf_error(SF_EINVALID, "invalid quarter '%s' (expected "
		    "YYYYQn, such as 2024Q4)", quarter);
	snprintf(q->quarter, sizeof(q->quarter), "%.4sQ%c", quarter,
	    quarter[5]);
	sf_strset_init(&seen);
	rc = sf_meetings_walk(l, quota_meeting, &w);
	sf_strset_clear(&seen);
	if (rc < 0 || (rc = sf_agenda_candidates(l, &all)) < 0)
		return rc;
	if ((int)q->soe < l->config->quota_soe)
		gap(q, "soe", &all, SF_SUBJ_SOE, -1);
	if ((int)q->private_ < l->config->quota_private)
		gap(q, "private", &all, SF_SUBJ_PRIVATE, -1);
	for (c = 0; c < SF_CITY_COUNT; c++)
		if ((int)q->city[c] < l->config->quota_city)
			gap(q, sf_enum_token(&sf_enum_city, c), &all, -1, c);
	sf_candidates_clear(&all);
	return 0;
}

void
sf_quota_clear(struct sf_quota *q)
{
	size_t i;

	for (i = 0; i < q->nmissing; i++)
		sf_candidates_clear(&q->fill[i]);
	q->nmissing = 0;
}
