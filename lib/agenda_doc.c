#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "buf.h"
#include "issue.h"
#include "issue_view.h"
#include "meeting.h"

/* "| a \| b |": a table cell with '|' and line breaks made safe. */
static void
md_cell(struct sf_buf *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			sf_buf_addstr(out, "\\|");
		else if (*s == '\n')
			sf_buf_addch(out, ' ');
		else
			sf_buf_addch(out, *s);
	}
	sf_buf_rtrim(out);
}

static const char *
full_name(const struct sf_units *u, const char *id)
{
	const struct sf_unit *x = sf_units_find(u, id);

	return x ? x->name : id;
}

static void
priorities(struct sf_buf *out, unsigned mask)
{
	int i, first = 1;

	for (i = 0; i < SF_PRI_COUNT; i++)
		if (mask & (1u << i)) {
			sf_buf_addf(out, "%s%s", first ? "" : "、",
			    sf_enum_zh(&sf_enum_priority, i));
			first = 0;
		}
	if (first)
		sf_buf_addstr(out, "—");
}

/* is: the item's issue, read by sf_agenda_view_collect; NULL when none */
static void
item_row(struct sf_ledger *l, size_t no, const char *id,
    const struct sf_issue *is, struct sf_buf *out)
{
	int m, whole = 1;

	sf_buf_addf(out, "| %zu | ", no);
	if (!is) {
		sf_buf_addf(out, "%s（无法读取） | | | | | |\n", id);
		return;
	}
	md_cell(out, is->title);
	sf_buf_addstr(out, " | ");
	md_cell(out, full_name(l->units, is->submitter));
	sf_buf_addf(out, " | %s · %s · %s | ",
	    sf_enum_zh(&sf_enum_subject, is->subject),
	    sf_enum_zh(&sf_enum_program, is->program),
	    sf_enum_zh(&sf_enum_topic, is->topic));
	priorities(out, is->screening ? is->screening->priorities : 0);
	sf_buf_addstr(out, " | ");
	md_cell(out, sf_unit_label(l->units, is->submitter));
	for (m = 0; m < SF_MAT_COUNT; m++)
		if (!is->material[m] || !*is->material[m])
			whole = 0;
	sf_buf_addf(out, " | %s |\n", whole ? "齐全" : "不全");
}

void
sf_briefing_md(struct sf_ledger *l, const struct sf_briefing *b,
    struct sf_buf *out)
{
	size_t i;

	if (!b->nm) {
		sf_buf_addstr(out, "此前无已印发纪要的例会。\n");
		return;
	}
	sf_buf_addstr(out, "| 会议 | 协调问题 | 已销号 | 议定事项 | 已完成 |\n"
	    "|---|---|---|---|---|\n");
	for (i = 0; i < b->nm; i++) {
		sf_buf_addstr(out, "| ");
		sf_date_zh(b->m[i].date, out);
		sf_buf_addf(out, "（%s） | %zu | %zu | %zu | %zu |\n", b->m[i].id,
		    b->m[i].coordinated, b->m[i].closed, b->m[i].tasks,
		    b->m[i].tasks_done);
	}
	if (!b->no) {
		sf_buf_addstr(out, "\n议定事项均在时限内推进，无逾期事项。\n");
		return;
	}
	sf_buf_addstr(out, "\n逾期未完成事项：\n\n| 问题编号 | 事项 | 议定事项 | "
	    "牵头单位 | 完成时限 | 逾期天数 |\n|---|---|---|---|---|---|\n");
	for (i = 0; i < b->no; i++) {
		sf_buf_addf(out, "| %s | %d | ", b->o[i].issue, b->o[i].task);
		md_cell(out, b->o[i].action);
		sf_buf_addstr(out, " | ");
		md_cell(out, full_name(l->units, b->o[i].lead));
		sf_buf_addstr(out, " | ");
		sf_date_zh(b->o[i].due, out);
		sf_buf_addf(out, " | %ld |\n", b->o[i].days);
	}
}

static void
count_table(struct sf_buf *out, const char *title, const struct sf_enum *e,
    const size_t *counts)
{
	int i;

	sf_buf_addf(out, "\n| %s | 件数 |\n|---|---|\n", title);
	for (i = 0; i < e->n; i++)
		sf_buf_addf(out, "| %s | %zu |\n", sf_enum_zh(e, i), counts[i]);
}

static void
review_md(const struct sf_review *r, struct sf_buf *out)
{
	sf_buf_addstr(out, "\n## 回头看：");
	sf_date_zh(r->from, out);
	sf_buf_addstr(out, "至");
	sf_date_zh(r->to, out);
	sf_buf_addf(out, "问题协调情况\n\n期间共提交问题%zu件。\n", r->total);
	count_table(out, "状态", &sf_enum_status, r->status);
	count_table(out, "设区市", &sf_enum_city, r->city);
	count_table(out, "问题类别", &sf_enum_subject, r->subject);
	count_table(out, "重大工程", &sf_enum_program, r->program);
	count_table(out, "问题领域", &sf_enum_topic, r->topic);
}

void
sf_agenda_md(struct sf_ledger *l, const struct sf_meeting *m,
    const struct sf_agenda_view *v, struct sf_buf *out)
{
	size_t i;

	sf_buf_addstr(out, "# ");
	sf_date_zh(m->date, out);
	sf_buf_addf(out, "%s议题清单\n\n", sf_enum_zh(&sf_enum_meeting_kind,
	    m->kind));
	sf_buf_addf(out, "- 会议编号：%s\n- 状态：%s\n", m->id,
	    sf_enum_zh(&sf_enum_meeting_status, m->status));
	if (m->convener)
		sf_buf_addf(out, "- 召集人：%s\n", m->convener);
	if (m->norganisers) {
		sf_buf_addstr(out, "- 承办单位：");
		for (i = 0; i < m->norganisers; i++)
			sf_buf_addf(out, "%s%s", i ? "、" : "",
			    sf_unit_label(l->units, m->organisers[i]));
		sf_buf_addch(out, '\n');
	}
	sf_buf_addstr(out, "\n| 序号 | 议题名称 | 提出单位 | 类别 | 优先依据 | "
	    "汇报单位 | 材料 |\n|---|---|---|---|---|---|---|\n");
	for (i = 0; i < m->nitems; i++)
		item_row(l, i + 1, m->items[i].issue, v->items[i], out);
	if (!m->nitems)
		sf_buf_addstr(out, "| — | 暂无议题 | | | | | |\n");
	sf_buf_addstr(out, "\n## 通报：以往例会协调问题销号和事项落实情况\n\n");
	sf_briefing_md(l, &v->b, out);
	if (v->review)
		review_md(&v->r, out);
}
