#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "issue.h"
#include "issue_view.h"
#include "minutes.h"
#include "reader.h"
#include "strset.h"
#include "xalloc.h"

void
sf_zh_numeral(int n, struct sf_buf *out)
{
	static const char *const d[] = { "零", "一", "二", "三", "四", "五",
		"六", "七", "八", "九" };

	if (n < 10) {
		sf_buf_addstr(out, d[n]);
	} else if (n < 100) {
		if (n / 10 > 1)
			sf_buf_addstr(out, d[n / 10]);
		sf_buf_addstr(out, "十");
		if (n % 10)
			sf_buf_addstr(out, d[n % 10]);
	} else {
		sf_buf_addf(out, "%d", n);
	}
}

char *
sf_minutes_number(const char *format, const char *year, int n)
{
	struct sf_buf b = SF_BUF_INIT;
	const char *p;

	for (p = format; *p; p++) {
		if (strncmp(p, "{year}", 6) == 0) {
			sf_buf_addstr(&b, year);
			p += 5;
		} else if (strncmp(p, "{n}", 3) == 0) {
			sf_buf_addf(&b, "%d", n);
			p += 2;
		} else {
			sf_buf_addch(&b, *p);
		}
	}
	return sf_buf_detach(&b, NULL);
}

/* Recording */

static const char *const record_keys[] = { "held", "chair", "attendees",
	"observers", "absent", "items", NULL };
static const char *const item_keys[] = { "issue", "decision", "tasks",
	"deferred", NULL };

static void
record_item(struct sf_rd *r, const struct sf_node *n, const char *path,
    const struct sf_units *units, struct sf_item *it)
{
	const struct sf_node *t = sf_node_get(n, "tasks"), *v;
	size_t i;

	sf_rd_known(r, n, path, item_keys);
	it->deferred = 0;
	if ((v = sf_node_get(n, "deferred")))
		sf_rd_bool(r, v, sf_rd_path(r, path, "deferred"),
		    &it->deferred);
	it->decision = sf_rd_text(r, sf_node_get(n, "decision"),
	    sf_rd_path(r, path, "decision"), 0);
	if (sf_blank(it->decision))
		it->decision = NULL;	/* the template's empty block */
	it->ntasks = 0;
	it->tasks = NULL;
	if (it->deferred) {
		if (it->decision || t)
			sf_rd_bad(r, n, path, "a deferred item has no "
			    "decision or tasks");
		it->decision = NULL;
		return;
	}
	if (!it->decision)
		sf_rd_bad(r, n, sf_rd_path(r, path, "decision"), "required "
		    "(会议议定意见), or deferred: true");
	if (!t || sf_rd_null(t) || sf_rd_seq(r, t, sf_rd_path(r, path,
	    "tasks")) < 0)
		return;
	it->tasks = sf_arena_alloc(r->a, (t->n ? t->n : 1) *
	    sizeof(*it->tasks));
	for (i = 0; i < t->n; i++) {
		const char *p = sf_rd_index(r, sf_rd_path(r, path, "tasks"), i);
		struct sf_task *k = &it->tasks[it->ntasks];

		sf_task_read(r, t->kids[i], p, units, 0, k);
		k->no = (int)it->ntasks + 1;	/* numbered in order */
		if (!k->action)
			sf_rd_bad(r, t->kids[i], sf_rd_path(r, p, "action"),
			    "required");
		if (!k->lead)
			sf_rd_bad(r, t->kids[i], sf_rd_path(r, p, "lead"),
			    "required (牵头单位)");
		if (!k->due)
			sf_rd_bad(r, t->kids[i], sf_rd_path(r, p, "due"),
			    "required (完成时限)");
		it->ntasks++;
	}
}

int
sf_minutes_record(struct sf_meeting *m, const char *file,
    const struct sf_node *root, const struct sf_units *units,
    struct sf_diags *d)
{
	struct sf_rd r = { .file = file, .d = d, .a = m->arena };
	struct sf_strset answered = SF_STRSET_INIT;
	const struct sf_node *items;
	size_t before = d->n, i, j, k;

	if (sf_rd_map(&r, root, NULL) < 0)
		return sf_diags_result(d);
	sf_rd_known(&r, root, NULL, record_keys);
	m->held = sf_rd_date(&r, sf_node_get(root, "held"), "held");
	if (!m->held && !sf_node_get(root, "held"))
		sf_rd_bad(&r, NULL, "held", "required (the date the meeting "
		    "was held)");
	m->chair = sf_rd_text(&r, sf_node_get(root, "chair"), "chair", 1);
	m->attendees = sf_attendees_read(&r, sf_node_get(root, "attendees"), "attendees",
	    units, &m->nattendees);
	m->observers = sf_attendees_read(&r, sf_node_get(root, "observers"), "observers",
	    units, &m->nobservers);
	m->absent = sf_attendees_read(&r, sf_node_get(root, "absent"), "absent", units,
	    &m->nabsent);
	items = sf_node_get(root, "items");
	sf_strset_init(&answered);
	if (!items)
		sf_rd_bad(&r, NULL, "items", "required: answer every agenda "
		    "item");
	else if (sf_rd_seq(&r, items, "items") == 0)
		for (i = 0; i < items->n; i++) {
			const struct sf_node *n = items->kids[i];
			const char *p = sf_rd_index(&r, "items", i);
			const char *id;

			if (sf_rd_map(&r, n, p) < 0)
				continue;
			id = sf_rd_text(&r, sf_node_get(n, "issue"),
			    sf_rd_path(&r, p, "issue"), 1);
			if (!id) {
				sf_rd_bad(&r, n, sf_rd_path(&r, p, "issue"),
				    "required");
				continue;
			}
			/* the id or a prefix naming one agenda item */
			for (k = m->nitems, j = 0; j < m->nitems; j++)
				if (strncmp(m->items[j].issue, id,
				    strlen(id)) == 0) {
					if (k < m->nitems) {
						k = m->nitems + 1;
						break;
					}
					k = j;
				}
			if (k > m->nitems) {
				sf_rd_bad(&r, sf_node_get(n, "issue"),
				    sf_rd_path(&r, p, "issue"), "'%s' names "
				    "several agenda items", id);
				continue;
			}
			if (k == m->nitems) {
				sf_rd_bad(&r, sf_node_get(n, "issue"),
				    sf_rd_path(&r, p, "issue"), "issue %s is "
				    "not on the agenda of %s", id, m->id);
				continue;
			}
			if (!sf_strset_add(&answered, m->items[k].issue)) {
				sf_rd_bad(&r, n, p, "issue %s is answered "
				    "twice", m->items[k].issue);
				continue;
			}
			record_item(&r, n, p, units, &m->items[k]);
		}
	for (k = 0; items && k < m->nitems; k++)
		if (!sf_strset_has(&answered, m->items[k].issue))
			sf_rd_bad(&r, items, "items", "agenda item %zu (issue "
			    "%s) is not answered: give a decision or "
			    "deferred: true", k + 1, m->items[k].issue);
	sf_strset_clear(&answered);
	return d->n > before ? sf_diags_result(d) : 0;
}

void
sf_minutes_template(struct sf_ledger *l, const struct sf_meeting *m,
    struct sf_buf *out)
{
	struct sf_issue *is;
	size_t i;

	sf_buf_addf(out, "# The minutes of %s; see sanfen-minutes(1).\n"
	    "# Answer every item with a decision and its tasks, or with\n"
	    "# deferred: true. Units by id or name; dates YYYY-MM-DD.\n"
	    "held: %s\nchair: %s\nattendees: []   # 出席\n"
	    "observers: []   # 列席\nabsent: []      # 请假\nitems:\n",
	    m->id, m->date, m->convener ? m->convener : "");
	for (i = 0; i < m->nitems; i++) {
		sf_buf_addf(out, "  - issue: %s\n", m->items[i].issue);
		if (sf_ledger_load_issue(l, m->items[i].issue, &is) == 0) {
			sf_buf_addf(out, "    # %s\n", is->title);
			sf_issue_free(is);
		}
		sf_buf_addstr(out, "    decision: |   # 会议议定意见\n\n"
		    "    tasks:\n      - action:\n        lead:\n"
		    "        support: []\n        due:\n");
	}
}

/* The document */

static void
people_line(struct sf_ledger *l, struct sf_doc *doc, const char *label,
    const struct sf_attendee *v, size_t n)
{
	struct sf_buf b = SF_BUF_INIT;
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n; i++) {
		const struct sf_unit *u = sf_units_find(l->units, v[i].unit);

		sf_buf_addf(&b, "%s%s", i ? "，" : "", u ? u->name :
		    v[i].unit);
		if (v[i].person)
			sf_buf_addf(&b, "%s", v[i].person);
	}
	sf_doc_add(doc, SF_B_LABELED, label, b.buf);
	sf_buf_release(&b);
}

static void
briefing_paras(struct sf_ledger *l, const struct sf_briefing *b,
    const char *date, struct sf_doc *doc)
{
	struct sf_buf t = SF_BUF_INIT;
	size_t i;

	if (!b->nm) {
		sf_doc_add(doc, SF_B_PARA, "此前无已印发纪要的例会。", NULL);
		sf_buf_release(&t);
		return;
	}
	for (i = 0; i < b->nm; i++) {
		sf_buf_reset(&t);
		sf_date_zh(b->m[i].date, &t);
		sf_buf_addf(&t, "例会协调问题%zu个，已销号%zu个；议定事项%zu项，"
		    "已完成%zu项。", b->m[i].coordinated, b->m[i].closed,
		    b->m[i].tasks, b->m[i].tasks_done);
		sf_doc_add(doc, SF_B_PARA, t.buf, NULL);
	}
	sf_buf_reset(&t);
	if (!b->no) {
		sf_buf_addstr(&t, "截至");
		sf_date_zh(date, &t);
		sf_buf_addstr(&t, "，以往例会议定事项均在时限内推进。");
	} else {
		sf_buf_addstr(&t, "截至");
		sf_date_zh(date, &t);
		sf_buf_addf(&t, "，逾期未完成事项%zu项：", b->no);
		for (i = 0; i < b->no; i++) {
			const struct sf_unit *u = sf_units_find(l->units,
			    b->o[i].lead);

			sf_buf_addf(&t, "%s%s牵头的“%s”（%s，逾期%ld天）",
			    i ? "；" : "", u ? u->name : b->o[i].lead,
			    b->o[i].action, b->o[i].issue, b->o[i].days);
		}
		sf_buf_addstr(&t, "。请责任单位抓紧落实。");
	}
	sf_doc_add(doc, SF_B_PARA, t.buf, NULL);
	sf_buf_release(&t);
}

static void
unit_names(struct sf_ledger *l, const char *const *ids, size_t n,
    struct sf_buf *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sf_buf_addf(out, "%s%s", i ? "、" : "",
		    sf_unit_label(l->units, ids[i]));
}

static void
attachment(struct sf_ledger *l, const struct sf_meeting *m,
    struct sf_doc *doc)
{
	static const char *const head[] = { "序号", "会议议定事项", "牵头单位",
		"配合单位", "完成时限", "关联问题编号" };
	struct sf_buf sup = SF_BUF_INIT, due = SF_BUF_INIT;
	char no[16];
	size_t i, t, n = 0;

	sf_doc_add(doc, SF_B_BREAK, NULL, NULL);
	sf_doc_add(doc, SF_B_ATTACH, "附件", NULL);
	sf_doc_add(doc, SF_B_TITLE, "事项落实责任清单", NULL);
	sf_doc_table(doc, 6);
	sf_doc_row(doc, head);
	for (i = 0; i < m->nitems; i++)
		for (t = 0; t < m->items[i].ntasks; t++) {
			const struct sf_task *k = &m->items[i].tasks[t];
			const char *row[6] = { no, k->action, NULL, sup.buf,
				due.buf, m->items[i].issue };

			snprintf(no, sizeof(no), "%zu", ++n);
			row[2] = sf_units_find(l->units, k->lead) ?
			    sf_units_find(l->units, k->lead)->name : k->lead;
			sf_buf_reset(&sup);
			unit_names(l, k->support, k->nsupport, &sup);
			sf_buf_reset(&due);
			sf_date_zh(k->due, &due);
			row[3] = sup.buf;
			row[4] = due.buf;
			sf_doc_row(doc, row);
		}
	sf_buf_release(&sup);
	sf_buf_release(&due);
}

void
sf_minutes_doc(struct sf_ledger *l, const struct sf_meeting *m,
    const struct sf_briefing *b, struct sf_doc *doc)
{
	struct sf_buf t = SF_BUF_INIT, issuers = SF_BUF_INIT;
	struct sf_issue *is;
	size_t i, sec = 0, decided = 0, deferred = 0;
	const char *day = m->held ? m->held : m->date;

	for (i = 0; i < l->config->doc_nissuers; i++)
		sf_buf_addf(&issuers, "%s%s", i ? "　" : "",
		    sf_unit_label(l->units, l->config->doc_issuers[i]));
	sf_doc_add(doc, SF_B_MASTHEAD, l->config->doc_title, NULL);
	sf_doc_add(doc, SF_B_NUMBER, m->number ? m->number : "（代拟稿）",
	    NULL);
	sf_date_zh(m->issued ? m->issued : day, &t);
	sf_doc_add(doc, SF_B_ISSUER, issuers.buf, t.buf);
	for (i = 0; i < m->nitems; i++) {
		decided += !m->items[i].deferred;
		deferred += m->items[i].deferred;
	}
	sf_buf_reset(&t);
	sf_date_zh(day, &t);
	sf_buf_addf(&t, "，%s%s召开%s，协调“三分”机制问题%zu个，通报以往例会"
	    "协调问题销号和事项落实情况。", m->chair ? m->chair : "",
	    m->chair ? "主持" : "", sf_enum_zh(&sf_enum_meeting_kind, m->kind),
	    decided);
	sf_doc_add(doc, SF_B_PARA, t.buf, NULL);
	sf_doc_add(doc, SF_B_PARA, "会议议定事项如下：", NULL);
	for (i = 0; i < m->nitems; i++) {
		if (m->items[i].deferred)
			continue;
		sf_buf_reset(&t);
		sf_zh_numeral((int)++sec, &t);
		sf_buf_addstr(&t, "、关于");
		if (sf_ledger_load_issue(l, m->items[i].issue, &is) == 0) {
			sf_buf_addstr(&t, is->title);
			sf_issue_free(is);
		} else {
			sf_buf_addstr(&t, m->items[i].issue);
		}
		sf_buf_addstr(&t, "问题");
		sf_doc_add(doc, SF_B_HEADING, t.buf, NULL);
		if (m->items[i].decision)
			sf_doc_add(doc, SF_B_PARA, m->items[i].decision, NULL);
	}
	if (deferred) {
		sf_buf_reset(&t);
		sf_buf_addstr(&t, "因时间关系，以下议题顺延至下次例会协调：");
		for (i = 0; i < m->nitems; i++)
			if (m->items[i].deferred && sf_ledger_load_issue(l,
			    m->items[i].issue, &is) == 0) {
				sf_buf_addf(&t, "“%s”", is->title);
				sf_issue_free(is);
			}
		sf_buf_addstr(&t, "。");
		sf_doc_add(doc, SF_B_PARA, t.buf, NULL);
	}
	sf_buf_reset(&t);
	sf_zh_numeral((int)++sec, &t);
	sf_buf_addstr(&t, "、通报以往例会协调问题销号和事项落实情况");
	sf_doc_add(doc, SF_B_HEADING, t.buf, NULL);
	briefing_paras(l, b, day, doc);
	sf_doc_add(doc, SF_B_ATTACH, "附件：事项落实责任清单", NULL);
	people_line(l, doc, "出席：", m->attendees, m->nattendees);
	people_line(l, doc, "列席：", m->observers, m->nobservers);
	people_line(l, doc, "请假：", m->absent, m->nabsent);
	sf_buf_reset(&t);
	sf_buf_addf(&t, "%s　　", issuers.buf);
	sf_date_zh(m->issued ? m->issued : day, &t);
	sf_buf_addstr(&t, "印发");
	sf_buf_reset(&issuers);
	if (l->config->doc_copy_to)
		sf_buf_addf(&issuers, "抄送：%s。", l->config->doc_copy_to);
	sf_doc_add(doc, SF_B_COLOPHON, issuers.len ? issuers.buf : NULL,
	    t.buf);
	attachment(l, m, doc);
	sf_buf_release(&t);
	sf_buf_release(&issuers);
}
