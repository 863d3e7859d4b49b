#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "buf.h"
#include "error.h"
#include "issue.h"
#include "query.h"
#include "report.h"
#include "screen.h"
#include "similar.h"
#include "xalloc.h"

int
sf_period_range(const char *p, char from[SF_DATE_LEN + 1],
    char to[SF_DATE_LEN + 1])
{
	size_t n = strlen(p);
	int y, m;
	char first[SF_DATE_LEN + 1];

	if (n < 4 || sscanf(p, "%4d", &y) != 1 || y < 1900)
		return -1;
	if (n == 4) {
		snprintf(from, SF_DATE_LEN + 1, "%04d-01-01", y);
		snprintf(to, SF_DATE_LEN + 1, "%04d-12-31", y);
		return 0;
	}
	if (n == 6 && p[4] == 'H' && (p[5] == '1' || p[5] == '2')) {
		snprintf(from, SF_DATE_LEN + 1, "%04d-%s", y, p[5] == '1' ?
		    "01-01" : "07-01");
		snprintf(to, SF_DATE_LEN + 1, "%04d-%s", y, p[5] == '1' ?
		    "06-30" : "12-31");
		return 0;
	}
	if (n == 6 && p[4] == 'Q')
		return sf_quarter_range(p, from, to);
	if (n == 7 && p[4] == '-' && sscanf(p + 5, "%2d", &m) == 1 && m >= 1 &&
	    m <= 12) {
		snprintf(first, sizeof(first), "%04d-%02d-01", y, m);
		memcpy(from, first, SF_DATE_LEN + 1);
		/* the day before the first of the next month */
		snprintf(first, sizeof(first), "%04d-%02d-01", m == 12 ? y + 1 :
		    y, m == 12 ? 1 : m + 1);
		sf_date_from_days(sf_date_days(first) - 1, to);
		return 0;
	}
	return -1;
}

static void
tally(struct sf_tally *t, const struct sf_issue *is)
{
	t->submitted++;
	t->coordinated += is->status == SF_ST_COORDINATED ||
	    is->status == SF_ST_ESCALATED || is->status == SF_ST_CLOSED;
	t->closed += is->status == SF_ST_CLOSED;
}

static void
push_days(double **v, size_t *n, size_t *alloc, long d)
{
	*v = xgrow(*v, alloc, *n + 1, sizeof(**v));
	(*v)[(*n)++] = (double)d;
}

struct collect {
	struct sf_ledger *l;
	struct sf_report *r;
	struct sf_simindex *x;
	char **ids;
	int *cities;
	size_t nids, aids;
};

static int
each(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct collect *c = ctx;
	struct sf_report *r = c->r;
	struct sf_buf text = SF_BUF_INIT;
	struct sf_tally *u;
	const struct sf_issue *is = it->is;
	const char *id = it->id;
	long meet;

	if (!id || strncmp(id, r->from, 4) < 0 || strncmp(id, r->to, 4) > 0)
		return 0;
	if (!is || !is->submitted || strcmp(is->submitted, r->from) < 0 ||
	    strcmp(is->submitted, r->to) > 0)
		return 0;
	r->total++;
	r->status[is->status]++;
	if (is->city >= 0)
		tally(&r->city[is->city], is);
	tally(&r->subject[is->subject], is);
	tally(&r->program[is->program], is);
	tally(&r->topic[is->topic], is);
	tally(&r->level[is->jurisdiction], is);
	if (strncmp(r->from, r->to, 4) == 0)
		tally(&r->month[atoi(is->submitted + 5) - 1], is);
	if (!(u = sf_strset_get(&r->units, is->submitter))) {
		u = xcalloc(1, sizeof(*u));
		sf_strset_put(&r->units, is->submitter, u);
		r->unit_order = xrealloc(r->unit_order, (r->nunits + 1) *
		    sizeof(char *));
		r->unit_order[r->nunits++] = xstrdup(is->submitter);
	}
	tally(u, is);
	if (is->meeting && (is->status == SF_ST_COORDINATED ||
	    is->status == SF_ST_ESCALATED || is->status == SF_ST_CLOSED)) {
		char day[SF_DATE_LEN + 1];

		memcpy(day, is->meeting, SF_DATE_LEN);
		day[SF_DATE_LEN] = '\0';
		meet = sf_date_days(day);
		push_days(&r->meet_days, &r->nmeet, &r->ameet, meet -
		    sf_date_days(is->submitted));
		if (is->closure && is->closure->date)
			push_days(&r->close_days, &r->nclose, &r->aclose,
			    sf_date_days(is->closure->date) - meet);
	}
	/* the common problems compare the wording: the whole issue */
	if (sf_scan_full(l, it) < 0)
		return 0;
	is = it->is;
	sf_buf_init(&text);
	sf_screen_text(is, &text);
	sf_simindex_add(c->x, id, text.buf);
	sf_buf_release(&text);
	c->ids = xgrow(c->ids, &c->aids, c->nids + 1, sizeof(*c->ids));
	c->cities = xrealloc(c->cities, c->aids * sizeof(*c->cities));
	c->ids[c->nids] = xstrdup(id);
	c->cities[c->nids++] = is->city;
	return 0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void
quantiles(double *v, size_t n, double *median, double *p90)
{
	size_t k;

	if (!n) {
		*median = *p90 = -1;
		return;
	}
	qsort(v, n, sizeof(*v), cmp_double);
	*median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	k = (size_t)((double)n * 0.9 + 0.999999);
	*p90 = v[(k ? k : 1) - 1];
}

static size_t
find(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* Groups of similar issues in two or more cities (重大共性问题): the
 * connected pieces of the "similar" relation, found with the index. */
static void
group(struct collect *c)
{
	struct sf_report *r = c->r;
	struct sf_simhit *hits;
	size_t *parent = xcalloc(c->nids + 1, sizeof(*parent));
	size_t *slot = xcalloc(c->nids + 1, sizeof(*slot));
	size_t i, k, nh, root, g;

	for (i = 0; i < c->nids; i++)
		parent[i] = i;
	sf_simindex_build(c->x);
	for (i = 0; i < c->nids; i++) {
		nh = sf_simindex_query_earlier(c->x, i, &hits);
		for (k = 0; k < nh; k++)
			parent[find(parent, hits[k].doc)] = find(parent, i);
		free(hits);
	}
	for (i = 0; i < c->nids; i++) {
		root = find(parent, i);
		if (!slot[root]) {
			r->groups = xrealloc(r->groups, (r->ngroups + 1) *
			    sizeof(*r->groups));
			memset(&r->groups[r->ngroups], 0, sizeof(*r->groups));
			slot[root] = ++r->ngroups;
		}
		g = slot[root] - 1;
		r->groups[g].ids = xrealloc(r->groups[g].ids,
		    (r->groups[g].n + 1) * sizeof(char *));
		r->groups[g].ids[r->groups[g].n++] = xstrdup(c->ids[i]);
		if (c->cities[i] >= 0)
			r->groups[g].cities |= 1u << c->cities[i];
	}
	/* keep the groups that reach across cities */
	for (i = k = 0; i < r->ngroups; i++) {
		if (r->groups[i].n >= 2 &&
		    __builtin_popcount(r->groups[i].cities) >= 2) {
			r->groups[k++] = r->groups[i];
			continue;
		}
		for (g = 0; g < r->groups[i].n; g++)
			free(r->groups[i].ids[g]);
		free(r->groups[i].ids);
	}
	r->ngroups = k;
	free(parent);
	free(slot);
}

int
sf_report_collect(struct sf_ledger *l, const char *period,
    struct sf_report *r)
{
	struct sf_scan_where period_where = { 0, NULL, NULL, NULL };
	struct collect c;
	size_t reached, i;
	int rc;

	memset(r, 0, sizeof(*r));
	sf_strset_init(&r->units);
	if (sf_period_range(period, r->from, r->to) < 0)
		return sf_error(SF_EINVALID, "invalid period '%s' (expected "
		    "2024, 2024H1, 2024Q3 or 2024-10)", period);
	snprintf(r->period, sizeof(r->period), "%s", period);
	memset(&c, 0, sizeof(c));
	c.l = l;
	c.r = r;
	c.x = sf_simindex_new(l->config->similarity);
	period_where.from = r->from;
	period_where.to = r->to;
	if ((rc = sf_issues_scan(l, &period_where, each, &c, NULL)) == 0)
		rc = sf_overdue_collect(l, l->today, NULL, &r->overdue, NULL);
	if (rc == 0)
		group(&c);
	reached = r->status[SF_ST_COORDINATED] + r->status[SF_ST_ESCALATED] +
	    r->status[SF_ST_CLOSED];
	r->closure_rate = reached ? (double)r->status[SF_ST_CLOSED] /
	    (double)reached : 0;
	quantiles(r->meet_days, r->nmeet, &r->to_meeting_median,
	    &r->to_meeting_p90);
	quantiles(r->close_days, r->nclose, &r->to_close_median,
	    &r->to_close_p90);
	for (i = 0; i < c.nids; i++)
		free(c.ids[i]);
	free(c.ids);
	free(c.cities);
	sf_simindex_free(c.x);
	return rc;
}

void
sf_report_release(struct sf_report *r)
{
	size_t i, k;

	for (i = 0; i < r->units.cap; i++)
		free(r->units.val[i]);
	sf_strset_clear(&r->units);
	for (i = 0; i < r->nunits; i++)
		free(r->unit_order[i]);
	free(r->unit_order);
	for (i = 0; i < r->ngroups; i++) {
		for (k = 0; k < r->groups[i].n; k++)
			free(r->groups[i].ids[k]);
		free(r->groups[i].ids);
	}
	free(r->groups);
	free(r->meet_days);
	free(r->close_days);
	sf_overdue_clear(&r->overdue);
	memset(r, 0, sizeof(*r));
}
