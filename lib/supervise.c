#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "date.h"
#include "doc.h"
#include "enums.h"
#include "error.h"
#include "issue.h"
#include "query.h"
#include "supervise.h"
#include "xalloc.h"

/* A unit's place in units.yaml, looked up once per task. */
static long
unit_rank(const struct sf_units *u, const char *id)
{
	size_t i;

	for (i = 0; u && i < u->n; i++)
		if (strcmp(u->v[i].id, id) == 0)
			return (long)i;
	return 1L << 30;
}

struct collect {
	struct sf_ledger *l;
	const char *as_of;
	const char *unit;
	struct sf_overdue_list *out;
	size_t bad;
};

void
sf_overdue_where(const char *as_of, struct sf_scan_where *w)
{
	memset(w, 0, sizeof(*w));
	w->status = 1u << SF_ST_COORDINATED | 1u << SF_ST_ESCALATED;
	w->open_before = as_of;
}

void
sf_overdue_add(struct sf_ledger *l, const struct sf_issue *is,
    const char *as_of, const char *unit, struct sf_overdue_list *out)
{
	struct sf_overdue *o;
	size_t t;

	if (is->status != SF_ST_COORDINATED && is->status != SF_ST_ESCALATED)
		return;
	for (t = 0; t < is->ntasks; t++) {
		const struct sf_task *k = &is->tasks[t];

		if (k->status == SF_TASK_DONE || !k->due ||
		    strcmp(k->due, as_of) >= 0)
			continue;
		if (unit && (!k->lead || strcmp(k->lead, unit) != 0))
			continue;
		out->v = xgrow(out->v, &out->alloc, out->n + 1,
		    sizeof(*out->v));
		o = &out->v[out->n++];
		o->unit = xstrdup(k->lead ? k->lead : "");
		o->issue = xstrdup(is->id);
		o->title = xstrdup(is->title ? is->title : "");
		o->task = k->no;
		o->action = xstrdup(k->action ? k->action : "");
		o->due = xstrdup(k->due);
		o->days = sf_date_days(as_of) - sf_date_days(k->due);
		o->nsupervised = k->nsupervision;
		o->rank = unit_rank(l->units, o->unit);
	}
}

static int
each(struct sf_ledger *l, struct sf_scan_item *it, void *ctx)
{
	struct collect *c = ctx;

	if (!it->id)
		return 0;
	if (!it->is) {
		c->bad++;
		return 0;
	}
	sf_overdue_add(l, it->is, c->as_of, c->unit, c->out);
	return 0;
}

static int
by_unit_days(const void *a, const void *b)
{
	const struct sf_overdue *x = a, *y = b;
	long rx = x->rank, ry = y->rank;
	int c;

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if ((c = strcmp(x->unit, y->unit)) != 0)
		return c;
	if (x->days != y->days)
		return x->days > y->days ? -1 : 1;
	if ((c = strcmp(x->issue, y->issue)) != 0)
		return c;
	return x->task - y->task;
}

void
sf_overdue_sort(struct sf_overdue_list *out)
{
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_unit_days);
}

int
sf_overdue_collect(struct sf_ledger *l, const char *as_of, const char *unit,
    struct sf_overdue_list *out, size_t *bad)
{
	struct collect c = { l, as_of, unit, out, 0 };
	/* an open task due before as_of, on a coordinated issue */
	struct sf_scan_where open;
	int rc;

	memset(out, 0, sizeof(*out));
	sf_overdue_where(as_of, &open);
	if ((rc = sf_issues_scan(l, &open, each, &c, NULL)) < 0)
		return rc;
	sf_overdue_sort(out);
	if (bad)
		*bad = c.bad;
	return 0;
}

void
sf_overdue_clear(struct sf_overdue_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		free(list->v[i].unit);
		free(list->v[i].issue);
		free(list->v[i].title);
		free(list->v[i].action);
		free(list->v[i].due);
	}
	free(list->v);
	memset(list, 0, sizeof(*list));
}

void
sf_notice_doc(struct sf_ledger *l, const struct sf_overdue_list *list,
    const char *unit, const char *as_of, struct sf_doc *doc)
{
	static const char *const head[] = { "序号", "问题编号", "议定事项",
		"完成时限", "超期天数", "已督办次数" };
	const struct sf_unit *u = sf_units_find(l->units, unit);
	struct sf_buf t = SF_BUF_INIT, due = SF_BUF_INIT;
	char no[16], days[24], times[16];
	size_t i, n = 0;

	sf_doc_add(doc, SF_B_TITLE, "督办通知", NULL);
	sf_buf_addf(&t, "%s：", u ? u->name : unit);
	sf_doc_add(doc, SF_B_ATTACH, t.buf, NULL);
	sf_buf_reset(&t);
	sf_buf_addstr(&t, "根据《分类分层分级协调机制例会议事规则》第十二条，"
	    "截至");
	sf_date_zh(as_of, &t);
	sf_buf_addstr(&t, "，你单位牵头落实的以下例会议定事项已超过完成时限，"
	    "请抓紧推进落实，并及时报送落实情况。");
	sf_doc_add(doc, SF_B_PARA, t.buf, NULL);
	sf_doc_table(doc, 6);
	sf_doc_row(doc, head);
	for (i = 0; i < list->n; i++) {
		const struct sf_overdue *o = &list->v[i];
		const char *row[6] = { no, o->issue, o->action, NULL, days,
			times };

		if (strcmp(o->unit, unit) != 0)
			continue;
		snprintf(no, sizeof(no), "%zu", ++n);
		sf_buf_reset(&due);
		sf_date_zh(o->due, &due);
		row[3] = due.buf;
		snprintf(days, sizeof(days), "%ld", o->days);
		snprintf(times, sizeof(times), "%zu", o->nsupervised);
		sf_doc_row(doc, row);
	}
	sf_buf_reset(&t);
	for (i = 0; i < l->config->doc_nissuers; i++) {
		const struct sf_unit *s = sf_units_find(l->units,
		    l->config->doc_issuers[i]);

		sf_buf_addf(&t, "%s%s", i ? "　" : "",
		    s ? (s->short_name ? s->short_name : s->name) :
		    l->config->doc_issuers[i]);
	}
	sf_buf_reset(&due);
	sf_date_zh(as_of, &due);
	sf_doc_add(doc, SF_B_ISSUER, t.buf, due.buf);
	sf_buf_release(&t);
	sf_buf_release(&due);
}
