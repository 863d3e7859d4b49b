#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "buf.h"
#include "date.h"
#include "enums.h"
#include "error.h"
#include "issue_view.h"
#include "meeting.h"
#include "output.h"
#include "query.h"
#include "register.h"
#include "xalloc.h"
#include "yamlio.h"

static const char *const sf_register_headers[SF_REG_NCOLS] = { "序号",
	"问题编号", "问题名称", "提出单位", "所属设区市", "类别",
	"事权层级", "上会情况", "会议议定意见", "牵头单位", "配合单位",
	"完成时限", "进展情况", "督办记录", "状态", "销号日期", "销号理由",
	"备注" };
static const char *const sf_register_keys[SF_REG_NCOLS] = { "no", "id",
	"title", "submitter", "city", "category", "jurisdiction", "meeting",
	"decision", "lead", "support", "due", "progress", "supervision",
	"status", "closed", "reason", "note" };

static int
agenda(const char *rel, const char *id, void *ctx)
{
	void **c = ctx;
	struct sf_register *r = c[0];
	struct sf_ledger *l = c[1];
	struct sf_meeting *m;
	struct sf_buf b = SF_BUF_INIT;
	size_t i;

	(void)rel;
	if (!id || sf_ledger_load_meeting(l, id, &m) < 0)
		return 0;
	sf_buf_addch(&b, '\n');
	for (i = 0; i < m->nitems; i++)
		sf_buf_addf(&b, "%s\n", m->items[i].issue);
	sf_strset_put(&r->agendas, id, sf_buf_detach(&b, NULL));
	sf_meeting_free(m);
	return 0;
}

int
sf_register_init(struct sf_register *r, struct sf_ledger *l)
{
	void *ctx[2] = { r, l };

	memset(r, 0, sizeof(*r));
	sf_strset_init(&r->agendas);
	return sf_meetings_walk(l, agenda, ctx);
}

static char *
take(struct sf_buf *b)
{
	char *s = sf_buf_detach(b, NULL);

	sf_buf_init(b);
	return s;
}

static void
meeting_cell(struct sf_register *r, const struct sf_issue *is,
    struct sf_buf *b)
{
	const char *items, *p;
	size_t n = 1;

	if (!is->meeting)
		return;
	sf_buf_addstr(b, is->meeting);
	if (!(items = sf_strset_get(&r->agendas, is->meeting)) ||
	    !(p = strstr(items, is->id)))
		return;
	for (; items < p; items++)
		n += *items == '\n';
	sf_buf_addf(b, " 第%zu项", n - 1);
}

void
sf_register_add(struct sf_register *r, struct sf_ledger *l,
    const struct sf_issue *is)
{
	struct sf_register_row *row;
	struct sf_buf b = SF_BUF_INIT;
	size_t t, k;

	r->v = xgrow(r->v, &r->alloc, r->n + 1, sizeof(*r->v));
	row = &r->v[r->n++];
	memset(row, 0, sizeof(*row));
	row->status = is->status;
	sf_buf_addf(&b, "%zu", ++r->added);
	row->cell[SF_REG_NO] = take(&b);
	row->cell[SF_REG_ID] = xstrdup(is->id);
	row->cell[SF_REG_TITLE] = xstrdup(is->title ? is->title : "");
	row->cell[SF_REG_SUBMITTER] = xstrdup(sf_unit_label(l->units,
	    is->submitter));
	row->cell[SF_REG_CITY] = xstrdup(is->city >= 0 ?
	    sf_enum_zh(&sf_enum_city, is->city) : "");
	sf_buf_addf(&b, "%s / %s / %s", sf_enum_zh(&sf_enum_subject,
	    is->subject), sf_enum_zh(&sf_enum_program, is->program),
	    sf_enum_zh(&sf_enum_topic, is->topic));
	row->cell[SF_REG_CATEGORY] = take(&b);
	row->cell[SF_REG_JURISDICTION] = xstrdup(is->jurisdiction >= 0 ?
	    sf_enum_zh(&sf_enum_level, is->jurisdiction) : "");
	meeting_cell(r, is, &b);
	row->cell[SF_REG_MEETING] = take(&b);
	sf_buf_addstr(&b, is->decision ? is->decision : "");
	sf_buf_rtrim(&b);
	row->cell[SF_REG_DECISION] = take(&b);
	/* tasks, one per line in each task column */
	for (t = 0; t < is->ntasks; t++)
		sf_buf_addf(&b, "%s%d. %s", t ? "\n" : "", is->tasks[t].no,
		    sf_unit_label(l->units, is->tasks[t].lead));
	row->cell[SF_REG_LEAD] = take(&b);
	for (t = 0; t < is->ntasks; t++) {
		sf_buf_addf(&b, "%s%d. ", t ? "\n" : "", is->tasks[t].no);
		for (k = 0; k < is->tasks[t].nsupport; k++)
			sf_buf_addf(&b, "%s%s", k ? "、" : "",
			    sf_unit_label(l->units, is->tasks[t].support[k]));
	}
	row->cell[SF_REG_SUPPORT] = take(&b);
	for (t = 0; t < is->ntasks; t++)
		sf_buf_addf(&b, "%s%s", t ? "\n" : "", is->tasks[t].due ?
		    is->tasks[t].due : "");
	row->cell[SF_REG_DUE] = take(&b);
	for (t = 0; t < is->ntasks; t++) {
		const struct sf_task *k2 = &is->tasks[t];

		sf_buf_addf(&b, "%s%d. %s", t ? "\n" : "", k2->no,
		    k2->status == SF_TASK_DONE ? "已完成" : "落实中");
		if (k2->nprogress)
			sf_buf_addf(&b, "（%s %s）",
			    k2->progress[k2->nprogress - 1].date,
			    k2->progress[k2->nprogress - 1].note);
	}
	row->cell[SF_REG_PROGRESS] = take(&b);
	for (t = 0; t < is->ntasks; t++)
		for (k = 0; k < is->tasks[t].nsupervision; k++)
			sf_buf_addf(&b, "%s%s %s", b.len ? "\n" : "",
			    is->tasks[t].supervision[k].date,
			    is->tasks[t].supervision[k].note);
	row->cell[SF_REG_SUPERVISION] = take(&b);
	row->cell[SF_REG_STATUS] = xstrdup(sf_enum_zh(&sf_enum_status,
	    is->status));
	row->cell[SF_REG_CLOSED] = xstrdup(is->closure && is->closure->date ?
	    is->closure->date : "");
	row->cell[SF_REG_REASON] = xstrdup(is->closure ?
	    sf_enum_zh(&sf_enum_reason, is->closure->reason) : "");
	if (is->closure && is->closure->note)
		sf_buf_addstr(&b, is->closure->note);
	else if (is->withdrawal)
		sf_buf_addf(&b, "撤回：%s", is->withdrawal->note ?
		    is->withdrawal->note : "");
	else if (is->escalation)
		sf_buf_addf(&b, "%s：%s", sf_enum_zh(&sf_enum_escalate_to,
		    is->escalation->to), is->escalation->reason ?
		    is->escalation->reason : "");
	else if (is->screening && is->screening->note)
		sf_buf_addstr(&b, is->screening->note);
	row->cell[SF_REG_NOTE] = take(&b);
	sf_buf_release(&b);
}

void
sf_register_drop(struct sf_register *r)
{
	size_t i, c;

	for (i = 0; i < r->n; i++)
		for (c = 0; c < SF_REG_NCOLS; c++)
			free(r->v[i].cell[c]);
	r->n = 0;
}

void
sf_register_release(struct sf_register *r)
{
	size_t i;

	sf_register_drop(r);
	free(r->v);
	for (i = 0; i < r->agendas.cap; i++)
		free(r->agendas.val[i]);
	sf_strset_clear(&r->agendas);
	memset(r, 0, sizeof(*r));
}

void
sf_register_csv_head(FILE *fp)
{
	fputs("\xef\xbb\xbf", fp);	/* Excel and WPS read UTF-8 by it */
	sf_csv_row(fp, sf_register_headers, SF_REG_NCOLS);
}

void
sf_register_csv_row(const struct sf_register_row *row, FILE *fp)
{
	sf_csv_row(fp, (const char *const *)row->cell, SF_REG_NCOLS);
}

/* As sf_json_emit would write the row within the array, indent 2. */
void
sf_register_json_row(const struct sf_register_row *row, int first, FILE *fp)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_node *o = sf_node_map(a);
	struct sf_buf out = SF_BUF_INIT;
	size_t c;

	sf_node_set(a, o, sf_register_keys[0], sf_node_int(a,
	    strtoll(row->cell[SF_REG_NO], NULL, 10)));
	for (c = 1; c < SF_REG_NCOLS; c++)
		sf_node_set(a, o, sf_register_keys[c], sf_node_str(a,
		    row->cell[c]));
	sf_buf_addstr(&out, first ? "[\n  " : ",\n  ");
	sf_json_emit_at(o, &out, 2, 1);
	fwrite(out.buf, 1, out.len, fp);
	sf_buf_release(&out);
	sf_arena_free(a);
}

void
sf_register_json_end(size_t n, FILE *fp)
{
	fputs(n ? "\n]\n" : "[]\n", fp);
}

/* The widest line of a column, in display columns. */
static double
col_width(const struct sf_register *r, const int *keep, size_t c)
{
	size_t i, w = sf_display_width(sf_register_headers[c]);

	for (i = 0; i < r->n; i++) {
		const char *s = r->v[i].cell[c], *nl;
		char line[1024];

		if (!keep[r->v[i].status])
			continue;
		while (*s) {
			nl = strchr(s, '\n');
			snprintf(line, sizeof(line), "%.*s", nl ?
			    (int)(nl - s) : (int)strlen(s), s);
			if (sf_display_width(line) > w)
				w = sf_display_width(line);
			s = nl ? nl + 1 : s + strlen(s);
		}
	}
	return w + 2 > 60 ? 60 : (double)w + 2;
}

static void
sheet(lxw_workbook *wb, const char *name, const struct sf_register *r,
    const int *keep, lxw_format *head, lxw_format *wrap, lxw_format *date)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	lxw_row_t row = 1;
	size_t i, c;
	int y, m, d;

	for (c = 0; c < SF_REG_NCOLS; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c,
		    sf_register_headers[c], head);
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c,
		    col_width(r, keep, c), NULL);
	}
	worksheet_freeze_panes(ws, 1, 3);
	for (i = 0; i < r->n; i++) {
		if (!keep[r->v[i].status])
			continue;
		worksheet_write_number(ws, row, 0, (double)row, wrap);
		for (c = 1; c < SF_REG_NCOLS; c++) {
			const char *s = r->v[i].cell[c];

			if ((c == SF_REG_CLOSED || c == SF_REG_DUE) &&
			    sf_date_parse(s, &y, &m, &d) == 0) {
				lxw_datetime dt = { y, m, d, 0, 0, 0 };

				worksheet_write_datetime(ws, row,
				    (lxw_col_t)c, &dt, date);
			} else {
				worksheet_write_string(ws, row, (lxw_col_t)c,
				    s, wrap);
			}
		}
		row++;
	}
}

int
sf_register_xlsx(const struct sf_register *r, const char *path)
{
	/* 新增, 推进落实, 已办结销号: by status */
	static const int fresh[SF_ST_COUNT] = { 1, 1, 1, 1, 0, 0, 0, 0 };
	static const int going[SF_ST_COUNT] = { 0, 0, 0, 0, 1, 1, 0, 0 };
	static const int done[SF_ST_COUNT] = { 0, 0, 0, 0, 0, 0, 1, 1 };
	lxw_workbook *wb = workbook_new(path);
	lxw_format *head, *wrap, *date;
	lxw_error e;

	if (!wb)
		return sf_error(SF_EIO, "cannot create %s", path);
	head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_bg_color(head, 0xD9E1F2);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_align(head, LXW_ALIGN_CENTER);
	format_set_font_name(head, "黑体");
	wrap = workbook_add_format(wb);
	format_set_text_wrap(wrap);
	format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(wrap, LXW_BORDER_THIN);
	date = workbook_add_format(wb);
	format_set_num_format(date, "yyyy-mm-dd");
	format_set_align(date, LXW_ALIGN_VERTICAL_TOP);
	format_set_border(date, LXW_BORDER_THIN);
	sheet(wb, "新增", r, fresh, head, wrap, date);
	sheet(wb, "推进落实", r, going, head, wrap, date);
	sheet(wb, "已办结销号", r, done, head, wrap, date);
	if ((e = workbook_close(wb)) != LXW_NO_ERROR)
		return sf_error(SF_EIO, "cannot write %s: %s", path,
		    lxw_strerror(e));
	return 0;
}
