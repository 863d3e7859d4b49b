#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "cache.h"
#include "committed.h"
#include "config.h"
#include "error.h"
#include "issue.h"
#include "meeting.h"
#include "query.h"
#include "report.h"
#include "strset.h"
#include "write.h"
#include "xalloc.h"

/* Each scan takes the indexed fields of the issues from the query cache
 * (lib/cache.h); unreadable files are named by the command
 * (sf_cli_scan_problems) and passed over here. The meetings are read
 * from HEAD's tree (lib/committed.h), as the cache's issues are. */

/* Ids begin with the submission date, YYYYMMDD, and a scan's dates are
 * read so: is the issue of this id submitted on or before date
 * (YYYY-MM-DD), or from from to to? */
static int
id_by(const char *id, const char *date)
{
	char day[9];

	snprintf(day, sizeof(day), "%.4s%.2s%.2s", date, date + 5, date + 8);
	return strncmp(id, day, 8) <= 0;
}

static int
id_in(const char *id, const char *from, const char *to)
{
	char day[9];

	snprintf(day, sizeof(day), "%.4s%.2s%.2s", from, from + 5, from + 8);
	return strncmp(id, day, 8) >= 0 && id_by(id, to);
}

/* Candidates */

int
sf_candidates_offer(struct sf_candidates *c, const struct sf_issue *is)
{
	struct sf_candidate *x;

	if (is->status != SF_ST_ACCEPTED || is->meeting)
		return 0;
	c->v = xgrow(c->v, &c->alloc, c->n + 1, sizeof(*c->v));
	x = &c->v[c->n++];
	x->id = xstrdup(is->id);
	x->submitted = xstrdup(is->submitted ? is->submitted : "");
	x->score = is->screening ? is->screening->score : 0;
	x->subject = is->subject;
	x->city = is->city;
	x->is = NULL;
	return 1;
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

void
sf_candidates_sort(struct sf_candidates *c)
{
	if (c->n > 1)
		qsort(c->v, c->n, sizeof(*c->v), by_rank);
}

/* The scan keeps whole the best keep candidates so far (a heap of their
 * indexes, the worst on top), and lets go of one pushed out. */
struct cand_walk {
	struct sf_candidates *c;
	size_t keep;
	size_t *heap;
	size_t nheap, aheap;
};

static int
worse(const struct sf_candidates *c, size_t a, size_t b)
{
	return by_rank(&c->v[a], &c->v[b]) > 0;
}

static void
swap(size_t *v, size_t a, size_t b)
{
	size_t t = v[a];

	v[a] = v[b];
	v[b] = t;
}

static void
heap_push(struct cand_walk *w, size_t x)
{
	size_t k = w->nheap++;

	w->heap = xgrow(w->heap, &w->aheap, w->nheap, sizeof(*w->heap));
	w->heap[k] = x;
	for (; k > 0 && worse(w->c, w->heap[k], w->heap[(k - 1) / 2]);
	    k = (k - 1) / 2)
		swap(w->heap, k, (k - 1) / 2);
}

static void
heap_replace_top(struct cand_walk *w, size_t x)
{
	size_t k = 0, m, kid;

	w->heap[0] = x;
	for (;;) {
		m = k;
		for (kid = 2 * k + 1; kid <= 2 * k + 2; kid++)
			if (kid < w->nheap && worse(w->c, w->heap[kid],
			    w->heap[m]))
				m = kid;
		if (m == k)
			break;
		swap(w->heap, k, m);
		k = m;
	}
}

static int
candidate(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct cand_walk *w = ctx;
	struct sf_candidate *x;
	size_t k;

	if (!it->id || !it->is || !sf_candidates_offer(w->c, it->is))
		return 0;
	k = w->c->n - 1;
	if (!w->keep || (w->nheap == w->keep &&
	    !worse(w->c, w->heap[0], k)))
		return 0;
	x = &w->c->v[k];
	if (sf_scan_full(l, it) < 0 || sf_issue_dup(it->is, &x->is) < 0) {
		/* named among the scan's problems: no candidate */
		free(x->id);
		free(x->submitted);
		w->c->n--;
		sf_error_clear();
		return 0;
	}
	if (w->nheap < w->keep) {
		heap_push(w, k);
	} else {
		sf_issue_free(w->c->v[w->heap[0]].is);
		w->c->v[w->heap[0]].is = NULL;
		heap_replace_top(w, k);
	}
	return 0;
}

void
sf_candidates_clear(struct sf_candidates *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].id);
		free(c->v[i].submitted);
		sf_issue_free(c->v[i].is);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* The 通报 */

static int
by_id(const void *key, const void *elt)
{
	return strcmp(key, ((const struct sf_brief_meeting *)elt)->id);
}

int
sf_briefing_add_meeting(struct sf_briefing *b, const struct sf_meeting *m,
    const char *date)
{
	struct sf_brief_meeting *x;
	size_t k;

	if (m->status != SF_MS_ISSUED || !m->id || !m->date ||
	    strcmp(m->date, date) >= 0)
		return 0;
	/* meetings are few: keep them in id order by insertion */
	for (k = b->nm; k > 0 && strcmp(b->m[k - 1].id, m->id) > 0; k--)
		;
	if (k > 0 && strcmp(b->m[k - 1].id, m->id) == 0)
		return 0;
	b->m = xgrow(b->m, &b->am, b->nm + 1, sizeof(*b->m));
	memmove(&b->m[k + 1], &b->m[k], (b->nm - k) * sizeof(*b->m));
	b->nm++;
	x = &b->m[k];
	memset(x, 0, sizeof(*x));
	x->id = xstrdup(m->id);
	snprintf(x->date, sizeof(x->date), "%s", m->date);
	return 1;
}

void
sf_briefing_add_issue(struct sf_briefing *b, const struct sf_issue *is,
    const char *date)
{
	struct sf_brief_meeting *x;
	struct sf_brief_overdue *o;
	size_t t;

	if (!is->meeting || !sf_status_decided(is->status) ||
	    !(x = bsearch(is->meeting, b->m, b->nm, sizeof(*b->m), by_id)))
		return;
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
		    strcmp(task->due, date) >= 0)
			continue;
		b->o = xgrow(b->o, &b->ao, b->no + 1, sizeof(*b->o));
		o = &b->o[b->no++];
		o->issue = xstrdup(is->id);
		o->task = task->no;
		o->action = xstrdup(task->action ? task->action : "");
		o->lead = xstrdup(task->lead ? task->lead : "");
		snprintf(o->due, sizeof(o->due), "%s", task->due);
		o->days = sf_date_days(date) - sf_date_days(task->due);
	}
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
	return (x->task > y->task) - (x->task < y->task);
}

void
sf_briefing_sort(struct sf_briefing *b)
{
	if (b->no > 1)
		qsort(b->o, b->no, sizeof(*b->o), by_overdue);
}

struct brief_walk {
	struct sf_ledger *l;
	struct sf_briefing *b;
	const char *date;
};

static int
brief_meeting(const char *rel, const char *id, void *ctx)
{
	struct brief_walk *w = ctx;
	struct sf_meeting *m = NULL;

	/* ids begin with the date: later meetings are not read */
	if (!id || strncmp(id, w->date, SF_DATE_LEN) >= 0)
		return 0;
	if (sf_committed_meeting(w->l, id, &m) == 0)
		sf_briefing_add_meeting(w->b, m, w->date);
	sf_meeting_free(m);
	return 0;
}

/* b zeroed, with the meetings before date */
static int
brief_meetings(struct sf_ledger *l, const char *date, struct sf_briefing *b)
{
	struct brief_walk w = { l, b, date };

	memset(b, 0, sizeof(*b));
	return sf_committed_meetings(l, brief_meeting, &w);
}

/* The 通报's issues: decided at earlier meetings (SF_ST_DECIDED),
 * submitted by date (ids begin with the submission date); view_issue asks
 * the same of an issue. */

static int
brief_issue(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct brief_walk *w = ctx;

	if (it->id && it->is)
		sf_briefing_add_issue(w->b, it->is, w->date);
	return 0;
}

int
sf_briefing_collect(struct sf_ledger *l, const char *date,
    struct sf_briefing *b)
{
	struct brief_walk w = { l, b, date };
	struct sf_scan_where coordinated = { .status = SF_ST_DECIDED,
		.to = date };
	int rc;

	if ((rc = brief_meetings(l, date, b)) == 0 && b->nm)
		rc = sf_issues_scan(l, &coordinated, brief_issue, &w, NULL);
	sf_briefing_sort(b);
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

int
sf_review_period(int kind, const char *date, char from[SF_DATE_LEN + 1],
    char to[SF_DATE_LEN + 1])
{
	char period[8];

	if (!date || !sf_date_valid(date))
		return -1;
	if (kind == SF_MK_SEMIANNUAL)
		snprintf(period, sizeof(period), "%.4sH%c", date,
		    strncmp(date + 5, "07", 2) < 0 ? '1' : '2');
	else if (kind == SF_MK_ANNUAL)
		snprintf(period, sizeof(period), "%.4s", date);
	else
		return -1;
	return sf_period_range(period, from, to);
}

void
sf_review_init(struct sf_review *r, const char *from, const char *to)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->from, sizeof(r->from), "%s", from);
	snprintf(r->to, sizeof(r->to), "%s", to);
}

void
sf_review_add(struct sf_review *r, const struct sf_issue *is)
{
	if (!is->submitted || strcmp(is->submitted, r->from) < 0 ||
	    strcmp(is->submitted, r->to) > 0)
		return;
	r->total++;
	if (is->status >= 0 && is->status <= SF_ST_WITHDRAWN)
		r->status[is->status]++;
	if (is->city >= 0 && is->city < SF_CITY_COUNT)
		r->city[is->city]++;
	if (is->subject >= 0 && is->subject <= SF_SUBJ_OTHER)
		r->subject[is->subject]++;
	if (is->program >= 0 && is->program <= SF_PROG_OTHER)
		r->program[is->program]++;
	if (is->topic >= 0 && is->topic <= SF_TOPIC_OTHER)
		r->topic[is->topic]++;
}

/* What sanfen-agenda show prints */

struct view_walk {
	const struct sf_meeting *m;
	struct sf_agenda_view *v;
	struct sf_strset items;		/* value: the item's index + 1 */
};

/* Each issue as the scans of the 通报 and of the 回头看 would take it, and
 * an item's issue whole. */
static int
view_issue(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct view_walk *w = ctx;
	struct sf_agenda_view *v = w->v;
	const char *date = w->m->date;
	size_t k;

	if (!it->id || !it->is)
		return 0;
	if (v->b.nm && sf_status_decided(it->is->status) &&
	    id_by(it->id, date))
		sf_briefing_add_issue(&v->b, it->is, date);
	if (v->review && id_in(it->id, v->r.from, v->r.to))
		sf_review_add(&v->r, it->is);
	k = (size_t)(uintptr_t)sf_strset_get(&w->items, it->id);
	if (k && !v->items[k - 1] && (sf_scan_full(l, it) < 0 ||
	    sf_issue_dup(it->is, &v->items[k - 1]) < 0))
		sf_error_clear();	/* named among the scan's problems */
	return 0;
}

int
sf_agenda_view_collect(struct sf_ledger *l, const struct sf_meeting *m,
    struct sf_agenda_view *v)
{
	char from[SF_DATE_LEN + 1], to[SF_DATE_LEN + 1];
	struct view_walk w = { m, v, SF_STRSET_INIT };
	struct sf_scan_where coordinated = { .status = SF_ST_DECIDED,
		.to = m->date };
	struct sf_scan_where period = { .from = from, .to = to };
	size_t i;
	int rc;

	memset(v, 0, sizeof(*v));
	v->nitems = m->nitems;
	v->items = xcalloc(m->nitems ? m->nitems : 1, sizeof(*v->items));
	if ((rc = brief_meetings(l, m->date, &v->b)) < 0)
		return rc;
	if ((v->review = sf_review_period(m->kind, m->date, from, to) == 0))
		sf_review_init(&v->r, from, to);
	if (!v->b.nm && !v->review) {
		/* nothing to scan for: the items' issues alone, by id */
		for (i = 0; i < m->nitems; i++)
			if (sf_committed_issue(l, m->items[i].issue,
			    &v->items[i]) < 0)
				sf_error_clear();
		return 0;
	}
	/* one scan for the three, each issue read once */
	if (v->b.nm && v->review)
		coordinated.or = &period;
	sf_strset_init(&w.items);
	for (i = 0; i < m->nitems; i++)
		sf_strset_put(&w.items, m->items[i].issue,
		    (void *)(uintptr_t)(i + 1));
	rc = sf_issues_scan_ids(l, v->b.nm ? &coordinated : &period, &w.items,
	    view_issue, &w, NULL);
	sf_strset_clear(&w.items);
	sf_briefing_sort(&v->b);
	return rc < 0 ? rc : 0;
}

void
sf_agenda_view_clear(struct sf_agenda_view *v)
{
	size_t i;

	for (i = 0; i < v->nitems; i++)
		sf_issue_free(v->items[i]);
	free(v->items);
	sf_briefing_clear(&v->b);
	memset(v, 0, sizeof(*v));
}

/* The Art. 7 quota */

int
sf_quota_init(struct sf_quota *q, const char *quarter)
{
	memset(q, 0, sizeof(*q));
	if (sf_quarter_range(quarter, q->first, q->last) < 0)
		return sf_error(SF_EINVALID, "invalid quarter '%s' (expected "
		    "YYYYQn, such as 2024Q4)", quarter);
	snprintf(q->quarter, sizeof(q->quarter), "%.4sQ%c", quarter,
	    quarter[5]);
	return 0;
}

static void
count(struct sf_quota *q, int subject, int city)
{
	q->soe += subject == SF_SUBJ_SOE;
	q->private_ += subject == SF_SUBJ_PRIVATE;
	if (city >= 0 && city < SF_CITY_COUNT)
		q->city[city]++;
}

void
sf_quota_count(struct sf_quota *q, const struct sf_issue *is)
{
	count(q, is->subject, is->city);
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
		y->is = NULL;
		y->id = xstrdup(x->id);
		y->submitted = xstrdup(x->submitted);
	}
}

void
sf_quota_gaps(struct sf_quota *q, const struct sf_config *cfg,
    const struct sf_candidates *all)
{
	int c;

	if ((long)q->soe < cfg->quota_soe)
		gap(q, "soe", all, SF_SUBJ_SOE, -1);
	if ((long)q->private_ < cfg->quota_private)
		gap(q, "private", all, SF_SUBJ_PRIVATE, -1);
	for (c = 0; c < SF_CITY_COUNT; c++)
		if ((long)q->city[c] < cfg->quota_city)
			gap(q, sf_enum_token(&sf_enum_city, c), all, -1, c);
}

/* What sanfen-agenda new and quota read */

struct read_walk {
	struct sf_ledger *l;
	struct sf_quota *q;
	struct cand_walk cand;
	struct sf_strset on;	/* the quarter's issues, 1 once counted */
};

static int
quota_meeting(const char *rel, const char *id, void *ctx)
{
	struct read_walk *w = ctx;
	struct sf_meeting *m = NULL;
	size_t i;

	/* ids begin with the date: other quarters are not read */
	if (!id || strncmp(id, w->q->first, SF_DATE_LEN) < 0 ||
	    strncmp(id, w->q->last, SF_DATE_LEN) > 0)
		return 0;
	if (sf_committed_meeting(w->l, id, &m) == 0)
		for (i = 0; i < m->nitems; i++)
			if (!m->items[i].deferred)
				sf_strset_add(&w->on, m->items[i].issue);
	sf_meeting_free(m);
	sf_error_clear();
	return 0;
}

static int
read_issue(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct read_walk *w = ctx;

	/* an issue on two meetings counts once */
	if (it->id && it->is && sf_strset_has(&w->on, it->id) &&
	    !sf_strset_get(&w->on, it->id)) {
		sf_quota_count(w->q, it->is);
		sf_strset_put(&w->on, it->id, (void *)1);
	}
	return candidate(l, it, &w->cand);
}

int
sf_agenda_read(struct sf_ledger *l, const char *quarter, size_t take,
    struct sf_candidates *cand, struct sf_quota *q)
{
	struct read_walk w;
	struct sf_candidates waiting;
	struct sf_scan_where accepted = { .status = 1u << SF_ST_ACCEPTED };
	size_t i, n;
	int rc;

	memset(cand, 0, sizeof(*cand));
	if ((rc = sf_quota_init(q, quarter)) < 0)
		return rc;
	memset(&w, 0, sizeof(w));
	w.l = l;
	w.q = q;
	w.cand.c = cand;
	w.cand.keep = take;
	sf_strset_init(&w.on);
	if ((rc = sf_committed_meetings(l, quota_meeting, &w)) == 0)
		rc = sf_issues_scan_ids(l, &accepted, &w.on, read_issue, &w,
		    NULL);
	free(w.cand.heap);
	if (rc < 0) {
		sf_candidates_clear(cand);
		goto out;
	}
	/* the kept ones are the best: the first, in agenda order */
	sf_candidates_sort(cand);
	n = cand->n < take ? cand->n : take;
	for (i = 0; i < n; i++)
		if (!sf_strset_get(&w.on, cand->v[i].id))
			count(q, cand->v[i].subject, cand->v[i].city);
	waiting.v = cand->v + n;
	waiting.n = cand->n - n;
	waiting.alloc = 0;
	sf_quota_gaps(q, l->config, &waiting);
out:
	sf_strset_clear(&w.on);
	return rc;
}

int
sf_quota_collect(struct sf_ledger *l, const char *quarter,
    struct sf_quota *q)
{
	struct sf_candidates all;
	int rc = sf_agenda_read(l, quarter, 0, &all, q);

	sf_candidates_clear(&all);
	return rc;
}

void
sf_quota_clear(struct sf_quota *q)
{
	size_t i;

	for (i = 0; i < q->nmissing; i++)
		sf_candidates_clear(&q->fill[i]);
	q->nmissing = 0;
}
