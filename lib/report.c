#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "cache.h"
#include "buf.h"
#include "error.h"
#include "issue.h"
#include "keyfile.h"
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
	t->coordinated += sf_status_decided(is->status);
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
	XXH3_state_t *key;	/* of the period's ids and blobs, in order */
	size_t ntext;		/* texts added to x so far */
};

static int
each(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct collect *c = ctx;
	struct sf_report *r = c->r;
	struct sf_tally *u;
	const struct sf_issue *is = it->is;
	const char *id = it->id;
	long meet;

	/* the same scan finds the tasks overdue today, whatever the period */
	if (id && is)
		sf_overdue_add(l, is, l->today, NULL, &r->overdue);
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
	if (is->meeting && sf_status_decided(is->status)) {
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
	/* the common problems depend on the wording of these blobs only */
	XXH3_64bits_update(c->key, id, strlen(id) + 1);
	XXH3_64bits_update(c->key, it->blob.id, GIT_OID_RAWSZ);
	c->ids = xgrow(c->ids, &c->aids, c->nids + 1, sizeof(*c->ids));
	c->cities = xrealloc(c->cities, c->aids * sizeof(*c->cities));
	c->ids[c->nids] = xstrdup(id);
	c->cities[c->nids++] = is->city;
	return 0;
}

/* The wording of the issues each() counted, in the same order. */
static int
each_text(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct collect *c = ctx;
	struct sf_buf text = SF_BUF_INIT;

	if (!it->id || !it->is || c->ntext >= c->nids ||
	    strcmp(it->id, c->ids[c->ntext]) != 0)
		return 0;
	if (sf_scan_full(l, it) < 0) {
		sf_simindex_add(c->x, it->id, "");
	} else {
		sf_screen_text(it->is, &text);
		sf_simindex_add(c->x, it->id, text.buf);
		sf_buf_release(&text);
	}
	c->ntext++;
	return 0;
}

/*
 * The common problems of a period are kept in the git directory
 * (.git/sanfen/groups-<period>, lib/keyfile), keyed by a hash of the
 * similarity threshold and of the id and blob of every issue of the
 * period in order: when none of them changed, the groups are the same,
 * and the index that finds them (the costly part of a report) is not
 * built. Anything else there is ignored and written anew.
 *
 *	body	u32 count of groups, then for each u32 count of issues and
 *		u32 the index of each among the period's issues
 *
 * Version 2: the first wrote its numbers in the machine's byte order,
 * with a header of its own.
 */
static const struct sf_keyfile_kind groups_kind = { "SFGROUPS", 2 };

static char *
groups_path(struct sf_ledger *l, const char *period)
{
	struct sf_buf b = SF_BUF_INIT;

	sf_buf_addf(&b, "%ssanfen/groups-%s", git_repository_path(l->repo),
	    period);
	return sf_buf_detach(&b, NULL);
}

/* The file's key: the hash, the rest zero */
static void
groups_key(uint64_t key, unsigned char k[SF_KEY_LEN])
{
	memset(k, 0, SF_KEY_LEN);
	sf_le64_put(k, key);
}

static int
load_groups(struct collect *c, const char *period, uint64_t key)
{
	struct sf_report *r = c->r;
	struct sf_buf b = SF_BUF_INIT;
	unsigned char k[SF_KEY_LEN];
	struct sf_get get;
	uint32_t ng, n, i, idx, g;
	char *path;
	int rc = -1;

	if (git_repository_is_bare(c->l->repo) || !sf_cache_enabled())
		return -1;
	path = groups_path(c->l, period);
	groups_key(key, k);
	if (sf_keyfile_read(&b, path, &groups_kind, k, 16u << 20) < 0)
		goto out;
	get.p = (const unsigned char *)b.buf;
	get.end = get.p + b.len;
	get.bad = 0;
	ng = sf_get32(&get);
	if (get.bad || ng > c->nids)
		goto out;
	r->groups = xcalloc(ng + 1, sizeof(*r->groups));
	for (g = 0; g < ng; g++) {
		n = sf_get32(&get);
		if (get.bad || n > c->nids ||
		    (size_t)(get.end - get.p) / 4 < n)
			goto bad;
		r->groups[g].ids = xcalloc(n + 1, sizeof(char *));
		r->ngroups = g + 1;
		for (i = 0; i < n; i++) {
			if ((idx = sf_get32(&get)) >= c->nids)
				goto bad;
			r->groups[g].ids[r->groups[g].n++] =
			    xstrdup(c->ids[idx]);
			if (c->cities[idx] >= 0)
				r->groups[g].cities |= 1u << c->cities[idx];
		}
	}
	if (get.p != get.end)
		goto bad;
	rc = 0;
	goto out;
bad:
	for (g = 0; g < r->ngroups; g++) {
		for (i = 0; i < r->groups[g].n; i++)
			free(r->groups[g].ids[i]);
		free(r->groups[g].ids);
	}
	free(r->groups);
	r->groups = NULL;
	r->ngroups = 0;
out:
	sf_buf_release(&b);
	free(path);
	return rc;
}

/* The index of id among the period's issues (ids come sorted). */
static uint32_t
index_of(const struct collect *c, const char *id)
{
	size_t lo = 0, hi = c->nids, mid;
	int k;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if ((k = strcmp(c->ids[mid], id)) == 0)
			return (uint32_t)mid;
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (uint32_t)-1;
}

static void
save_groups(const struct collect *c, const char *period, uint64_t key)
{
	const struct sf_report *r = c->r;
	struct sf_buf b = SF_BUF_INIT;
	unsigned char k[SF_KEY_LEN];
	char *path;
	uint32_t v;
	size_t g, i;

	if (git_repository_is_bare(c->l->repo) || !sf_cache_enabled())
		return;
	sf_put32(&b, (uint32_t)r->ngroups);
	for (g = 0; g < r->ngroups; g++) {
		sf_put32(&b, (uint32_t)r->groups[g].n);
		for (i = 0; i < r->groups[g].n; i++) {
			if ((v = index_of(c, r->groups[g].ids[i])) ==
			    (uint32_t)-1)
				goto out;
			sf_put32(&b, v);
		}
	}
	groups_key(key, k);
	path = groups_path(c->l, period);
	/* not kept is not an error: the groups are found again */
	sf_keyfile_write(path, &groups_kind, k, b.buf, b.len);
	free(path);
out:
	sf_buf_release(&b);
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
	struct sf_scan_where period_where = { 0 };
	struct sf_scan_where overdue_where;
	struct collect c;
	size_t reached, i;
	uint64_t key;
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
	c.key = XXH3_createState();
	XXH3_64bits_reset(c.key);
	XXH3_64bits_update(c.key, &l->config->similarity,
	    sizeof(l->config->similarity));
	period_where.from = r->from;
	period_where.to = r->to;
	sf_overdue_where(l->today, &overdue_where);
	period_where.or = &overdue_where;
	if ((rc = sf_issues_scan(l, &period_where, each, &c, NULL)) == 0)
		sf_overdue_sort(&r->overdue);
	key = XXH3_64bits_digest(c.key);
	XXH3_freeState(c.key);
	/* the groups of the same blobs were found before: take them; else
	 * read the wording (a second pass over the period) and find them */
	if (rc == 0 && load_groups(&c, period, key) < 0 &&
	    (rc = sf_issues_scan(l, &period_where, each_text, &c,
	    NULL)) == 0) {
		group(&c);
		save_groups(&c, period, key);
	}
	for (reached = 0, i = 0; i < SF_ST_COUNT; i++)
		reached += sf_status_decided((int)i) ? r->status[i] : 0;
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
