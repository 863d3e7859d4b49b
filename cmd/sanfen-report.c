/*
 * sanfen-report — the statistics of a period for the yearly and
 * half-yearly reviews and the monthly 通报 (Art. 2-4).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "date.h"
#include "doc.h"
#include "enums.h"
#include "error.h"
#include "issue_view.h"
#include "ledger.h"
#include "output.h"
#include "report.h"
#include "yamlio.h"

static const char usage_text[] =
    "usage: sanfen-report [-C dir] [--format table|json|md|html] "
    "--period period\n";

static const char *const formats[] = { "table", "json", "md", "html",
	NULL };
enum { FMT_TABLE, FMT_JSON, FMT_MD, FMT_HTML };

static struct sf_node *
tally_node(struct sf_arena *a, const struct sf_tally *t)
{
	struct sf_node *n = sf_node_map(a);

	sf_node_set(a, n, "submitted", sf_node_int(a, (long long)t->submitted));
	sf_node_set(a, n, "coordinated", sf_node_int(a,
	    (long long)t->coordinated));
	sf_node_set(a, n, "closed", sf_node_int(a, (long long)t->closed));
	return n;
}

static struct sf_node *
tallies_node(struct sf_arena *a, const struct sf_enum *e,
    const struct sf_tally *t)
{
	struct sf_node *n = sf_node_map(a);
	int i;

	for (i = 0; i < e->n; i++)
		sf_node_set(a, n, sf_enum_token(e, i), tally_node(a, &t[i]));
	return n;
}

static struct sf_node *
days_node(struct sf_arena *a, double median, double p90)
{
	struct sf_node *n = sf_node_map(a);
	char s[32];

	if (median < 0) {
		sf_node_set(a, n, "median", sf_node_scalar(a, SF_NULL,
		    "null"));
		sf_node_set(a, n, "p90", sf_node_scalar(a, SF_NULL, "null"));
		return n;
	}
	snprintf(s, sizeof(s), "%g", median);
	sf_node_set(a, n, "median", sf_node_scalar(a, SF_NUM, s));
	snprintf(s, sizeof(s), "%g", p90);
	sf_node_set(a, n, "p90", sf_node_scalar(a, SF_NUM, s));
	return n;
}

static void
print_json(struct sf_ledger *l, const struct sf_report *r)
{
	struct sf_arena *a = sf_arena_new();
	struct sf_node *n = sf_node_map(a), *m, *seq, *o;
	struct sf_buf out = SF_BUF_INIT;
	char s[32];
	size_t i, k;
	int v;

	sf_node_set(a, n, "period", sf_node_str(a, r->period));
	sf_node_set(a, n, "from", sf_node_date(a, r->from));
	sf_node_set(a, n, "to", sf_node_date(a, r->to));
	sf_node_set(a, n, "total", sf_node_int(a, (long long)r->total));
	m = sf_node_set(a, n, "counts", sf_node_map(a));
	for (v = 0; v < sf_enum_status.n; v++)
		sf_node_set(a, m, sf_enum_token(&sf_enum_status, v),
		    sf_node_int(a, (long long)r->status[v]));
	snprintf(s, sizeof(s), "%.4f", r->closure_rate);
	sf_node_set(a, n, "closure_rate", sf_node_scalar(a, SF_NUM, s));
	sf_node_set(a, n, "days_to_meeting", days_node(a, r->to_meeting_median,
	    r->to_meeting_p90));
	sf_node_set(a, n, "days_to_close", days_node(a, r->to_close_median,
	    r->to_close_p90));
	sf_node_set(a, n, "by_city", tallies_node(a, &sf_enum_city, r->city));
	sf_node_set(a, n, "by_subject", tallies_node(a, &sf_enum_subject,
	    r->subject));
	sf_node_set(a, n, "by_program", tallies_node(a, &sf_enum_program,
	    r->program));
	sf_node_set(a, n, "by_topic", tallies_node(a, &sf_enum_topic,
	    r->topic));
	m = sf_node_set(a, n, "by_unit", sf_node_map(a));
	for (i = 0; i < r->nunits; i++)
		sf_node_set(a, m, r->unit_order[i], tally_node(a,
		    sf_strset_get(&r->units, r->unit_order[i])));
	m = sf_node_set(a, n, "levels_721", sf_node_map(a));
	for (v = 0; v < sf_enum_level.n; v++) {
		o = sf_node_set(a, m, sf_enum_token(&sf_enum_level, v),
		    sf_node_map(a));
		sf_node_set(a, o, "issues", sf_node_int(a,
		    (long long)r->level[v].submitted));
		snprintf(s, sizeof(s), "%.4f", r->total ?
		    (double)r->level[v].submitted / (double)r->total : 0);
		sf_node_set(a, o, "share", sf_node_scalar(a, SF_NUM, s));
		sf_node_set(a, o, "expected", sf_node_int(a,
		    l->config->share_721[v]));
	}
	seq = sf_node_set(a, n, "overdue", sf_node_seq(a));
	for (i = 0; i < r->overdue.n; i++) {
		o = sf_node_push(a, seq, sf_node_map(a));
		sf_node_set(a, o, "unit", sf_node_str(a, r->overdue.v[i].unit));
		sf_node_set(a, o, "issue", sf_node_str(a,
		    r->overdue.v[i].issue));
		sf_node_set(a, o, "task", sf_node_int(a, r->overdue.v[i].task));
		sf_node_set(a, o, "due", sf_node_date(a, r->overdue.v[i].due));
		sf_node_set(a, o, "days_overdue", sf_node_int(a,
		    r->overdue.v[i].days));
	}
	seq = sf_node_set(a, n, "common_problems", sf_node_seq(a));
	for (i = 0; i < r->ngroups; i++) {
		struct sf_node *ids, *cities;

		o = sf_node_push(a, seq, sf_node_map(a));
		ids = sf_node_set(a, o, "issues", sf_node_seq(a));
		for (k = 0; k < r->groups[i].n; k++)
			sf_node_push(a, ids, sf_node_str(a,
			    r->groups[i].ids[k]));
		cities = sf_node_set(a, o, "cities", sf_node_seq(a));
		for (v = 0; v < SF_CITY_COUNT; v++)
			if (r->groups[i].cities & (1u << v))
				sf_node_push(a, cities, sf_node_str(a,
				    sf_enum_token(&sf_enum_city, v)));
	}
	sf_json_emit(n, &out, 2);
	puts(out.buf);
	sf_buf_release(&out);
	sf_arena_free(a);
}

static void
pct(struct sf_buf *b, size_t part, size_t whole)
{
	if (whole)
		sf_buf_addf(b, "%.1f%%", 100.0 * (double)part / (double)whole);
	else
		sf_buf_addstr(b, "—");
}

static void
tallies(struct sf_doc *doc, const char *title, const struct sf_enum *e,
    const struct sf_tally *t)
{
	const char *head[5] = { title, "提交", "上会协调", "销号", "销号率" };
	char c[3][16];
	struct sf_buf rate = SF_BUF_INIT;
	int i;

	sf_doc_add(doc, SF_B_HEADING, title, NULL);
	sf_doc_table(doc, 5);
	sf_doc_row(doc, head);
	for (i = 0; i < e->n; i++) {
		const char *row[5] = { sf_enum_zh(e, i), c[0], c[1], c[2],
			NULL };

		if (!t[i].submitted)
			continue;
		snprintf(c[0], 16, "%zu", t[i].submitted);
		snprintf(c[1], 16, "%zu", t[i].coordinated);
		snprintf(c[2], 16, "%zu", t[i].closed);
		sf_buf_reset(&rate);
		pct(&rate, t[i].closed, t[i].coordinated);
		row[4] = rate.buf;
		sf_doc_row(doc, row);
	}
	sf_buf_release(&rate);
}

/* A bar chart as inline SVG: no script, no network. */
static void
svg_bars(struct sf_doc *doc, const char *title, const char *const *labels,
    const double *values, size_t n, const char *unit, double max)
{
	struct sf_buf b = SF_BUF_INIT;
	double bar;
	size_t i;

	sf_buf_addf(&b, "<figure><figcaption>%s</figcaption>\n<svg xmlns=\""
	    "http://www.w3.org/2000/svg\" width=\"560\" height=\"%zu\" "
	    "role=\"img\" aria-label=\"%s\">\n", title, 24 * n + 16, title);
	for (i = 0; i < n; i++) {
		bar = max > 0 ? values[i] / max * 360 : 0;
		sf_buf_addf(&b, "<text x=\"0\" y=\"%zu\" font-size=\"13\">%s"
		    "</text><rect x=\"110\" y=\"%zu\" width=\"%.1f\" "
		    "height=\"16\" fill=\"#c0392b\"/><text x=\"%.1f\" "
		    "y=\"%zu\" font-size=\"12\">%g%s</text>\n", 24 * i + 16,
		    labels[i], 24 * i + 4, bar, 116 + bar, 24 * i + 16,
		    values[i], unit);
	}
	sf_buf_addstr(&b, "</svg></figure>\n");
	sf_doc_add(doc, SF_B_FIGURE, b.buf, NULL);
	sf_buf_release(&b);
}

static void
charts(const struct sf_report *r, struct sf_doc *doc)
{
	static const char *const months[12] = { "1月", "2月", "3月", "4月",
		"5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月" };
	const char *labels[12];
	double values[12], max = 0;
	int i;

	for (i = 0; i < SF_CITY_COUNT; i++) {
		labels[i] = sf_enum_zh(&sf_enum_city, i);
		values[i] = r->city[i].coordinated ? (double)(int)(1000.0 *
		    (double)r->city[i].closed /
		    (double)r->city[i].coordinated) / 10 : 0;
	}
	svg_bars(doc, "各设区市销号率（销号 / 上会协调）", labels, values,
	    SF_CITY_COUNT, "%", 100);
	if (strncmp(r->from, r->to, 4) != 0)
		return;
	for (i = 0; i < 12; i++) {
		labels[i] = months[i];
		values[i] = (double)r->month[i].submitted;
		if (values[i] > max)
			max = values[i];
	}
	svg_bars(doc, "各月提交问题数", labels, values, 12, "件", max);
	for (i = 0; i < 12; i++)
		values[i] = (double)r->month[i].closed;
	svg_bars(doc, "各月提交问题中已销号数", labels, values, 12, "件", max);
}

/* The report as a document: Markdown, or HTML with its charts. */
static void
report_doc(struct sf_ledger *l, const struct sf_report *r, int html,
    struct sf_doc *doc)
{
	static const char *const lv_head[4] = { "事权层级", "件数", "占比",
		"预期" };
	static const char *const od_head[4] = { "牵头单位", "问题编号",
		"事项", "逾期天数" };
	struct sf_buf b = SF_BUF_INIT;
	char c[4][32];
	size_t i, k;
	int v;

	sf_buf_addf(&b, "“三分”机制问题协调情况报告（%s）", r->period);
	sf_doc_add(doc, SF_B_TITLE, b.buf, NULL);
	sf_buf_reset(&b);
	sf_buf_addstr(&b, "统计期间：");
	sf_date_zh(r->from, &b);
	sf_buf_addstr(&b, "至");
	sf_date_zh(r->to, &b);
	sf_buf_addf(&b, "。共提交问题%zu个，上会协调%zu个，已销号%zu个，销号率"
	    "%.1f%%。", r->total, r->status[SF_ST_COORDINATED] +
	    r->status[SF_ST_ESCALATED] + r->status[SF_ST_CLOSED],
	    r->status[SF_ST_CLOSED], 100 * r->closure_rate);
	if (r->to_meeting_median >= 0)
		sf_buf_addf(&b, "从提交到上会：中位数%g天，90%%在%g天内。",
		    r->to_meeting_median, r->to_meeting_p90);
	if (r->to_close_median >= 0)
		sf_buf_addf(&b, "从上会到销号：中位数%g天，90%%在%g天内。",
		    r->to_close_median, r->to_close_p90);
	sf_doc_add(doc, SF_B_PARA, b.buf, NULL);
	sf_buf_reset(&b);
	for (v = 0; v < sf_enum_status.n; v++)
		sf_buf_addf(&b, "%s%s%zu个", v ? "，" : "按状态：",
		    sf_enum_zh(&sf_enum_status, v), r->status[v]);
	sf_buf_addstr(&b, "。");
	sf_doc_add(doc, SF_B_PARA, b.buf, NULL);
	if (html)
		charts(r, doc);
	tallies(doc, "设区市", &sf_enum_city, r->city);
	tallies(doc, "问题类别", &sf_enum_subject, r->subject);
	tallies(doc, "重大工程", &sf_enum_program, r->program);
	tallies(doc, "问题领域", &sf_enum_topic, r->topic);
	sf_doc_add(doc, SF_B_HEADING, "提出单位", NULL);
	{
		const char *head[4] = { "提出单位", "提交", "上会协调", "销号" };

		sf_doc_table(doc, 4);
		sf_doc_row(doc, head);
		for (i = 0; i < r->nunits; i++) {
			const struct sf_tally *t = sf_strset_get(&r->units,
			    r->unit_order[i]);
			const char *row[4] = { sf_unit_label(l->units,
			    r->unit_order[i]), c[0], c[1], c[2] };

			snprintf(c[0], 32, "%zu", t->submitted);
			snprintf(c[1], 32, "%zu", t->coordinated);
			snprintf(c[2], 32, "%zu", t->closed);
			sf_doc_row(doc, row);
		}
	}
	sf_doc_add(doc, SF_B_HEADING, "“721”情况：按事权层级", NULL);
	sf_doc_table(doc, 4);
	sf_doc_row(doc, lv_head);
	for (v = 0; v < sf_enum_level.n; v++) {
		const char *row[4] = { sf_enum_zh(&sf_enum_level, v), c[0],
			c[1], c[2] };

		snprintf(c[0], 32, "%zu", r->level[v].submitted);
		sf_buf_reset(&b);
		pct(&b, r->level[v].submitted, r->total);
		snprintf(c[1], 32, "%s", b.buf);
		snprintf(c[2], 32, "%d%%", l->config->share_721[v]);
		sf_doc_row(doc, row);
	}
	sf_buf_reset(&b);
	sf_buf_addstr(&b, "逾期未完成事项（截至");
	sf_date_zh(l->today, &b);
	sf_buf_addstr(&b, "）");
	sf_doc_add(doc, SF_B_HEADING, b.buf, NULL);
	if (!r->overdue.n)
		sf_doc_add(doc, SF_B_PARA, "无。", NULL);
	else {
		sf_doc_table(doc, 4);
		sf_doc_row(doc, od_head);
		for (i = 0; i < r->overdue.n; i++) {
			const char *row[4] = { sf_unit_label(l->units,
			    r->overdue.v[i].unit), r->overdue.v[i].issue, c[0],
			    c[1] };

			snprintf(c[0], 32, "%d", r->overdue.v[i].task);
			snprintf(c[1], 32, "%ld", r->overdue.v[i].days);
			sf_doc_row(doc, row);
		}
	}
	sf_doc_add(doc, SF_B_HEADING, "重大共性问题（多个设区市的同类问题）",
	    NULL);
	if (!r->ngroups)
		sf_doc_add(doc, SF_B_PARA, "无。", NULL);
	for (i = 0; i < r->ngroups; i++) {
		sf_buf_reset(&b);
		sf_buf_addf(&b, "%zu. ", i + 1);
		for (k = 0; k < r->groups[i].n; k++)
			sf_buf_addf(&b, "%s%s", k ? "、" : "",
			    r->groups[i].ids[k]);
		sf_buf_addstr(&b, "（");
		for (v = 0, k = 0; v < SF_CITY_COUNT; v++)
			if (r->groups[i].cities & (1u << v))
				sf_buf_addf(&b, "%s%s", k++ ? "、" : "",
				    sf_enum_zh(&sf_enum_city, v));
		sf_buf_addstr(&b, "）");
		sf_doc_add(doc, SF_B_PARA, b.buf, NULL);
	}
	sf_buf_release(&b);
}

static void
table(struct sf_ledger *l, const struct sf_report *r)
{
	static const char *const head[] = { "CITY", "SUBMITTED",
		"COORDINATED", "CLOSED" };
	struct sf_table *t = sf_table_new(4, head);
	char a[16], b2[16], c[16];
	int i;

	printf("period %s (%s .. %s): %zu issues, closure rate %.1f%%\n",
	    r->period, r->from, r->to, r->total, 100 * r->closure_rate);
	for (i = 0; i < sf_enum_status.n; i++)
		printf("%s%s %zu", i ? ", " : "", sf_enum_token(&sf_enum_status,
		    i), r->status[i]);
	printf("\ncommon problems: %zu; overdue tasks: %zu\n\n", r->ngroups,
	    r->overdue.n);
	for (i = 0; i < SF_CITY_COUNT; i++) {
		const char *row[4] = { sf_enum_token(&sf_enum_city, i), a, b2,
			c };

		snprintf(a, sizeof(a), "%zu", r->city[i].submitted);
		snprintf(b2, sizeof(b2), "%zu", r->city[i].coordinated);
		snprintf(c, sizeof(c), "%zu", r->city[i].closed);
		sf_table_add(t, row);
	}
	sf_table_print(t, stdout, 0);
	sf_table_free(t);
	(void)l;
}

int
main(int argc, char **argv)
{
	struct sf_cli cli = { "sanfen-report", usage_text, SF_CLI_FORMAT,
		formats, NULL, NULL, NULL };
	static const struct option longopts[] = {
		{ "period", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	struct sf_report r;
	struct sf_ledger *l = NULL;
	struct sf_buf b = SF_BUF_INIT;
	struct sf_doc doc;
	const char *period = NULL;
	int opt, rc, ex;

	while ((opt = sf_cli_getopt(&cli, argc, argv, "", longopts)) != -1) {
		if (opt != 'p')
			sf_cli_usage_error(&cli, "unexpected option");
		period = optarg;
	}
	if (!period || optind < argc)
		sf_cli_usage_error(&cli, "give --period and nothing else");
	memset(&r, 0, sizeof(r));
	if ((rc = sf_cli_open(&cli, SF_CLI_READER, &l, NULL)) < 0 ||
	    (rc = sf_report_collect(l, period, &r)) < 0)
		goto out;
	switch (sf_cli_format(&cli)) {
	case FMT_TABLE:
		table(l, &r);
		break;
	case FMT_JSON:
		print_json(l, &r);
		break;
	default:
		sf_doc_init(&doc);
		report_doc(l, &r, sf_cli_format(&cli) == FMT_HTML, &doc);
		if (sf_cli_format(&cli) == FMT_MD)
			sf_doc_md(&doc, &b);
		else
			sf_doc_html(&doc, doc.v[0].text, &b);
		sf_doc_release(&doc);
	}
	fwrite(b.buf, 1, b.len, stdout);
out:
	ex = rc < 0 ? sf_cli_fail(&cli, rc) : 0;
	if (sf_cli_scan_problems(&cli, l) && ex == 0)
		ex = 1;
	sf_buf_release(&b);
	sf_report_release(&r);
	sf_ledger_free(l);
	return ex;
}
